/*
 * date.c - days counted from 1970-01-01, with Howard Hinnant's civil
 * calendar formulas, which hold for any year with no table and no libc
 * time zone: a certificate's expiry is a calendar day, the same on any
 * machine.  Dates compare and subtract as plain numbers of days.
 */
#include "date.h"

#include <stdio.h>

#include "../util/banned.h"

/* Days from civil date, proleptic Gregorian (Howard Hinnant's method). */
static long
days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct date
date_from_days(long z)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	struct date out = { (int)(y + (m <= 2)), (int)m, (int)d, 0 };
	out.days = days_from_civil(out.y, out.m, out.d);
	return out;
}

struct date
date_from_time(time_t t)
{
	long days = (long)(t / 86400);
	if (t < 0 && t % 86400)
		days--;
	return date_from_days(days);
}

static int
days_in_month(int y, int m)
{
	static const int len[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return len[m - 1];
}

static bool
digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool
date_parse(struct date *out, const char *s)
{
	int y, m, d;
	if (!s || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) ||
	    s[7] != '-' || !digits(s + 8, 2, &d) || s[10] != '\0')
		return false;
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 ||
	    d > days_in_month(y, m))
		return false;
	out->y = y;
	out->m = m;
	out->d = d;
	out->days = days_from_civil(y, m, d);
	return true;
}

struct date
date_add_months(struct date d, int months)
{
	int total = d.y * 12 + (d.m - 1) + months;
	struct date out = { total / 12, total % 12 + 1, d.d, 0 };
	int last = days_in_month(out.y, out.m);
	if (out.d > last)
		out.d = last;
	out.days = days_from_civil(out.y, out.m, out.d);
	return out;
}

void
date_iso(const struct date *d, char *buf)
{
	snprintf(buf, 11, "%04d-%02d-%02d", (d->y % 10000 + 10000) % 10000,
		 (d->m % 13 + 13) % 13, (d->d % 32 + 32) % 32);
}

enum cert_status
cert_status(const struct certificate *c, long as_of_days)
{
	if (c->revoked.set && c->revoked.date.days <= as_of_days)
		return CERT_REVOKED;
	if (c->details_unknown)
		return CERT_UNPUBLISHED;
	if (c->issued.y && c->issued.days > as_of_days)
		return CERT_PENDING;
	if (c->expires.days < as_of_days)
		return CERT_EXPIRED;
	return CERT_VALID;
}
