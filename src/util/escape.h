/*
 * escape.h - text put into the formats ocop writes, made inert.
 *
 * One place for the escaping of every output but two: JSON goes through
 * json-c (diagnostics, reports), and SVG drawings through their own
 * sanitiser (parse/svg.c), which also breaks up "javascript:" and
 * "on...=" in text.  URLs are checked and percent-encoded by parse/url.c
 * before they reach any of these.
 */
#ifndef OCOP_ESCAPE_H
#define OCOP_ESCAPE_H

#include <stddef.h>

#include "sbuf.h"

/*
 * Appends s[0..len) with & < > " ' as entities: safe as HTML text, as a
 * quoted HTML attribute value, and as XML text or attribute (sitemaps,
 * robots.txt's links).  Bytes are copied otherwise, so the caller
 * passes valid UTF-8 (every text of the catalog is checked on reading).
 */
void escape_html(struct sbuf *out, const char *s, size_t len);

/*
 * Appends s[0..len) as XML 1.0 text or attribute value (the Atom feed):
 * escape_html(), and each character XML 1.0 forbids even as a
 * reference (C0 controls but tab, line feed and carriage return;
 * U+FFFE, U+FFFF) and each invalid UTF-8 byte becomes U+FFFD, so that
 * a hostile text can never make the document ill-formed.
 */
void escape_xml(struct sbuf *out, const char *s, size_t len);

/*
 * Appends s as one CSV field (RFC 4180): quoted when it holds a comma,
 * a quote or a line break, with quotes doubled.  A text starting with
 * = + - @ or a tab or carriage return gets a leading apostrophe:
 * spreadsheets run such a cell as a formula (=HYPERLINK(...) in a
 * product name would be a live link in the council's copy), and show
 * the apostrophe-led text as it is.  A plain number ("-12", "-105.5")
 * is a number.
 */
void escape_csv(struct sbuf *out, const char *s);

#endif
