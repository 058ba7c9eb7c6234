/*
 * qr.h - QR codes of the pages, as small standalone SVG drawings
 * (products/<slug>/qr.svg, printed on labels: docs/labels.md).
 *
 * The code is made by libqrencode: 8-bit mode (the text's bytes as they
 * are, upper and lower case kept), error correction level M (15% of
 * the code may be smudged or covered), the smallest version that holds
 * the text.  The drawing is one <path> of the dark modules on a white
 * square, with the 4-module quiet zone a reader needs around it; its
 * user unit is one module.  The text appears in the drawing once,
 * escaped, as its <title>.  Nothing here keeps state between calls.
 */
#ifndef OCOP_QR_H
#define OCOP_QR_H

#include "../util/sbuf.h"

struct cache;

/* The modules of white left around the code on every side. */
enum { QR_QUIET = 4 };

/*
 * Appends to out the SVG drawing of the QR code of text (a NUL-ended
 * string, usually an absolute URL).  Returns 0; or -1, with out left as
 * it was, when libqrencode cannot make the code: text is empty, or
 * longer than the largest code holds (2,331 bytes at level M), or
 * memory ran out.  size_out, when not NULL, receives the width of the
 * drawing in modules, quiet zone included.  cache, when not NULL, is a
 * cache opened with qr_settings() (load/cache.h): the modules are taken
 * from it when it has them, and kept in it when made.  Safe on several
 * threads at once, with one cache.
 */
int qr_svg(struct sbuf *out, const char *text, struct cache *cache,
	   int *size_out);

/* What besides the text decides a code (libqrencode's version): the
 * settings of the cache that keeps them. */
const char *qr_settings(void);

#endif
