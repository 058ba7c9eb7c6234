/*
 * chart.h - a product's stars over time, as a small SVG drawn at build
 * time for its history page (docs/history.md): one step line from the
 * day it was added to the build's date, 3 to 5 stars high, dashed while
 * its certificate was revoked.  Made of numbers and of texts escaped
 * here only, so it goes into the page as it is.
 */
#ifndef OCOP_CHART_H
#define OCOP_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/sbuf.h"

/* From day on (days since 1970), the product had stars stars. */
struct chart_step {
	long day;
	int stars;                 /* 3 to 5 */
	bool revoked;
};

/*
 * Appends the chart of steps v[0..n) (oldest first, n > 0) up to day
 * end to out: an <svg role="img"> whose accessible name is label, with
 * the first and last days written under it as from and to, and
 * levels[0..2] beside the lines of 3, 4 and 5 stars ("3 sao").
 */
void chart_stars(struct sbuf *out, const struct chart_step *v, size_t n,
		 long end, const char *label, const char *from, const char *to,
		 const char *const levels[3]);

#endif
