/*
 * test_date.c - dates and certificate status (model/date.c).
 *
 * Seams are data: every test builds a struct source_set by hand from
 * literal files (sorted by path, as source_open() leaves it), so nothing
 * here touches git or the disk.  The build date is fixed (as_of), never
 * the clock.  Error paths assert the exact diag: line, column, code and
 * message (and the hint where there is one).
 *
 * The fixture and its helpers are model_fixture.h's, shared by the tests
 * of src/model/ that read entries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "model_fixture.h"
#include "model/catalog.h"
#include "model/date.h"
#include "model/entry.h"
#include "model/read.h"
#include "model/site.h"
#include "parse/fm.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/banned.h"


static void
assert_date(const struct date *d, int y, int m, int day)
{
	assert_int_equal(d->y, y);
	assert_int_equal(d->m, m);
	assert_int_equal(d->d, day);
	char iso[16];
	snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, m, day);
	assert_int_equal(d->days, fixture_days(iso));
}


/* ---- dates ---------------------------------------------------------- */

static void
test_date_parse_accepts_real_days(void **state)
{
	(void)state;
	struct date d;
	assert_true(date_parse(&d, "2024-02-29"));
	assert_int_equal(d.y, 2024);
	assert_int_equal(d.m, 2);
	assert_int_equal(d.d, 29);
	assert_true(date_parse(&d, "1970-01-01"));
	assert_int_equal(d.days, 0);
	assert_true(date_parse(&d, "2000-03-01"));
	assert_int_equal(d.days, 11017);
	assert_true(date_parse(&d, "2000-02-29"));          /* 400-year leap */
	assert_true(date_parse(&d, "1969-12-31"));
	assert_int_equal(d.days, -1);
	assert_true(date_parse(&d, "1900-01-01"));
	assert_int_equal(d.days, -25567);
	assert_true(date_parse(&d, "2999-12-31"));
	assert_true(date_parse(&d, "2023-12-31"));
	assert_true(date_parse(&d, "2023-04-30"));
}

static void
test_date_parse_rejects_everything_else(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"2023-02-29", "2023-02-30", "2024-02-30", "1900-02-29",
		"2023-13-01", "2023-00-10", "2023-04-31", "2023-01-00",
		"2023-01-32", "2023-1-01", "2023-01-1", "23-01-01",
		"2023-01-01x", "2023-01-01 ", " 2023-01-01", "2023-01-01T00:00",
		"2023/01/01", "20230101", "", "2023-01", "abcd-ef-gh",
		"1899-12-31", "3000-01-01", "+023-01-01", "2023-+1-01",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct date d = { 7, 7, 7, 7 };
		if (date_parse(&d, bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	}
	struct date d;
	assert_false(date_parse(&d, NULL));
}

static void
test_date_add_months_clamps_to_month_end(void **state)
{
	(void)state;
	struct date d;
	assert_true(date_parse(&d, "2024-01-31"));
	struct date r = date_add_months(d, 1);
	assert_date(&r, 2024, 2, 29);
	assert_true(date_parse(&d, "2023-01-31"));
	r = date_add_months(d, 1);
	assert_date(&r, 2023, 2, 28);
	assert_true(date_parse(&d, "2023-03-31"));
	r = date_add_months(d, 1);
	assert_date(&r, 2023, 4, 30);
	assert_true(date_parse(&d, "2023-06-12"));
	r = date_add_months(d, 36);
	assert_date(&r, 2026, 6, 12);
	assert_true(date_parse(&d, "2024-02-29"));
	r = date_add_months(d, 36);
	assert_date(&r, 2027, 2, 28);
	r = date_add_months(d, 48);
	assert_date(&r, 2028, 2, 29);
	assert_true(date_parse(&d, "2023-12-15"));
	r = date_add_months(d, 1);
	assert_date(&r, 2024, 1, 15);
	r = date_add_months(d, 0);
	assert_date(&r, 2023, 12, 15);
	r = date_add_months(d, -12);
	assert_date(&r, 2022, 12, 15);
}

static void
test_date_from_days_roundtrip(void **state)
{
	(void)state;
	struct date d = date_from_days(0);
	assert_date(&d, 1970, 1, 1);
	d = date_from_days(-1);
	assert_date(&d, 1969, 12, 31);
	d = date_from_days(19782);
	assert_date(&d, 2024, 2, 29);

	/* every day from 1900-01-01 to 2999-12-31: days round-trip, the
	 * calendar advances by one day, and date_iso/date_parse agree */
	struct date first, last;
	assert_true(date_parse(&first, "1900-01-01"));
	assert_true(date_parse(&last, "2999-12-31"));
	struct date prev = date_from_days(first.days - 1);
	assert_int_equal(prev.y, 1899);     /* date_parse stops at 1900 */
	assert_int_equal(prev.m, 12);
	assert_int_equal(prev.d, 31);
	for (long n = first.days; n <= last.days; n++) {
		struct date x = date_from_days(n);
		if (x.days != n)
			fail_msg("day %ld came back as %ld", n, x.days);
		bool next_day = x.y == prev.y && x.m == prev.m && x.d == prev.d + 1;
		bool next_month = x.y == prev.y && x.m == prev.m + 1 && x.d == 1;
		bool next_year = x.y == prev.y + 1 && x.m == 1 && x.d == 1 &&
				 prev.m == 12 && prev.d == 31;
		if (!next_day && !next_month && !next_year)
			fail_msg("%d-%d-%d follows %d-%d-%d", x.y, x.m, x.d,
				 prev.y, prev.m, prev.d);
		char iso[11];
		date_iso(&x, iso);
		struct date back;
		if (!date_parse(&back, iso) || back.days != n)
			fail_msg("\"%s\" does not parse back to day %ld", iso, n);
		prev = x;
	}
	assert_date(&prev, 2999, 12, 31);
}

static void
test_date_from_time_and_iso(void **state)
{
	(void)state;
	struct date d = date_from_time(0);
	assert_date(&d, 1970, 1, 1);
	d = date_from_time(-1);
	assert_date(&d, 1969, 12, 31);
	d = date_from_time(-86400);
	assert_date(&d, 1969, 12, 31);
	d = date_from_time(1704164645);     /* 2024-01-02 03:04:05 UTC */
	assert_date(&d, 2024, 1, 2);
	d = date_from_time(1709251199);     /* 2024-02-29 23:59:59 UTC */
	assert_date(&d, 2024, 2, 29);
	char iso[11];
	date_iso(&d, iso);
	assert_string_equal(iso, "2024-02-29");
	d = date_from_days(-25567);
	date_iso(&d, iso);
	assert_string_equal(iso, "1900-01-01");
}

/* ---- certificate status --------------------------------------------- */

static struct certificate
cert(const char *issued, const char *expires, const char *revoked)
{
	struct certificate c = { 0 };
	assert_true(date_parse(&c.issued, issued));
	assert_true(date_parse(&c.expires, expires));
	if (revoked) {
		c.revoked.set = true;
		assert_true(date_parse(&c.revoked.date, revoked));
	}
	return c;
}

static void
test_cert_status_valid_through_expiry_day(void **state)
{
	(void)state;
	struct certificate c = cert("2023-06-12", "2026-06-12", NULL);
	assert_int_equal(cert_status(&c, fixture_days("2023-06-12")),
			 CERT_VALID);
	assert_int_equal(cert_status(&c, fixture_days("2026-06-11")),
			 CERT_VALID);
	assert_int_equal(cert_status(&c, fixture_days("2026-06-12")),
			 CERT_VALID);
	assert_int_equal(cert_status(&c, fixture_days("2026-06-13")),
			 CERT_EXPIRED);
	assert_int_equal(cert_status(&c, fixture_days("2030-01-01")),
			 CERT_EXPIRED);
	assert_string_equal(model_cert_status_slugs[CERT_VALID], "valid");
	assert_string_equal(model_cert_status_slugs[CERT_EXPIRED], "expired");
	assert_string_equal(model_cert_status_slugs[CERT_REVOKED], "revoked");
}

static void
test_cert_status_revoked_from_revocation_day(void **state)
{
	(void)state;
	struct certificate c = cert("2023-06-12", "2026-06-12", "2024-09-01");
	assert_int_equal(cert_status(&c, fixture_days("2024-08-31")),
			 CERT_VALID);
	assert_int_equal(cert_status(&c, fixture_days("2024-09-01")),
			 CERT_REVOKED);
	assert_int_equal(cert_status(&c, fixture_days("2025-01-01")),
			 CERT_REVOKED);
	/* revoked beats expired */
	assert_int_equal(cert_status(&c, fixture_days("2026-06-13")),
			 CERT_REVOKED);
	assert_int_equal(cert_status(&c, fixture_days("2040-01-01")),
			 CERT_REVOKED);
}

static void
test_cert_status_future_revocation_is_still_valid(void **state)
{
	(void)state;
	struct certificate c = cert("2023-06-12", "2026-06-12", "2030-01-01");
	assert_int_equal(cert_status(&c, fixture_days(AS_OF)), CERT_VALID);
	/* expired first, then revoked once the date comes */
	assert_int_equal(cert_status(&c, fixture_days("2027-01-01")),
			 CERT_EXPIRED);
	assert_int_equal(cert_status(&c, fixture_days("2030-01-01")),
			 CERT_REVOKED);
	/* revoked set but the flag off: ignored */
	c.revoked.set = false;
	assert_int_equal(cert_status(&c, fixture_days("2030-01-01")),
			 CERT_EXPIRED);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_date_parse_accepts_real_days),
		T(test_date_parse_rejects_everything_else),
		T(test_date_add_months_clamps_to_month_end),
		T(test_date_from_days_roundtrip),
		T(test_date_from_time_and_iso),
		T(test_cert_status_valid_through_expiry_day),
		T(test_cert_status_revoked_from_revocation_day),
		T(test_cert_status_future_revocation_is_still_valid),
#undef T
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
