/*
 * date.h - calendar days for certificates: parsing YYYY-MM-DD strictly
 * (2023-02-30 is rejected), adding months, and certificate status on the
 * build date.
 */
#ifndef OCOP_DATE_H
#define OCOP_DATE_H

#include <stdbool.h>
#include <time.h>

#include "model.h"

/* Parses exactly "YYYY-MM-DD" (a real day, years 1900-2999).  Returns
 * false for anything else. */
bool date_parse(struct date *out, const char *s);
/* The day with this day number (days since 1970-01-01). */
struct date date_from_days(long days);
struct date date_from_time(time_t t);
/* Adds months, clamping the day to the month's end (31 Jan + 1 = 28 Feb). */
struct date date_add_months(struct date d, int months);
/* Writes "YYYY-MM-DD" into buf (at least 11 bytes). */
void date_iso(const struct date *d, char *buf);

/*
 * Status of a certificate on the build date.  Revocation beats expiry:
 * a revoked product must never show as merely expired.  A certificate is
 * valid through its expiry day and expired from the day after.  One
 * whose details are unknown is CERT_UNPUBLISHED unless revoked.
 */
enum cert_status cert_status(const struct certificate *c, long as_of_days);

/* A valid certificate that expires within this many days is about to
 * expire: the lint warns of it, the certificate lookup says so. */
enum { CERT_EXPIRING_DAYS = 30 };
/* ... and for a consumer, the certificate is about to expire within
 * this many days: the product page says so, and /status/expiring/
 * lists it. */
enum { CERT_SOON_DAYS = 90 };

#endif
