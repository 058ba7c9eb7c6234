/*
 * report.h - `ocop report expiring`: the certificates the DARD must
 * re-rate soon.  An OCOP certificate lasts 36 months, then the product is
 * re-rated (đánh giá lại) or its rating lapses; this report lists, from a
 * loaded catalog, every certificate that has already expired and every
 * valid one that expires within a window after the build date, so the
 * standing office can schedule the councils.
 *
 * It reads the frozen catalog only (default-language entries: the name
 * as certified) and writes to a stdio stream; scratch memory is its own
 * and is freed before it returns.  It files no diags: the caller loads
 * the catalog and refuses to report on one with errors.
 */
#ifndef OCOP_REPORT_H
#define OCOP_REPORT_H

#include <stdio.h>

#include "../model/catalog.h"
#include "../util/diag.h"

enum report_format { REPORT_TEXT, REPORT_CSV, REPORT_JSON };

/*
 * Reads a window length as given to --within: a number followed by d
 * (days), w (weeks), m (calendar months from the build date, so 6m from
 * 31 August ends on 28 February) or y (calendar years), or a bare number
 * of days.  At most 100 years.  Stores the window in days into *out and
 * returns 0, or returns -1 for anything else.
 */
int report_parse_within(long *out, const char *s, long as_of_days);

/*
 * Writes the expiring-certificates report of c to out.  Rows: every
 * published product whose certificate, on c->as_of_days, is
 *   - expired (status "expired"), whatever its date, or
 *   - valid and expires no later than as_of + within_days ("valid").
 * A certificate with a revocation recorded is never listed, even when
 * the revocation takes effect later: it will not be re-rated.  Nor is
 * one whose details are unknown (certificate.details: unknown), which
 * has no expiry: the text report lists those apart, after the count,
 * for the council to find their decisions; CSV and JSON leave them
 * out.
 * Rows are sorted by expiry date, then name (Vietnamese order), then slug.
 *
 * REPORT_TEXT, in lang: a header with the window and the build date,
 * the expired rows, then the expiring ones, each part grouped under
 * province and commune headings (in Vietnamese order), and a count line.
 * REPORT_CSV: RFC 4180 (CRLF, quoted when needed), UTF-8, a header row.
 * REPORT_JSON: an array of objects with the same fields as the CSV.
 * The CSV and JSON field names and status values are English in both
 * languages: they are for programs.
 *
 * Returns 0, or -1 when writing to out failed.
 */
int report_expiring(const struct catalog *c, long within_days,
		    enum report_format fmt, const struct msg_lang *lang, FILE *out);

#endif
