/*
 * utf8.h - UTF-8 checks at the load boundary and code-point stepping.
 * <ctype.h> is never used on bytes >= 0x80; these functions are.
 */
#ifndef OCOP_UTF8_H
#define OCOP_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* Decodes one code point from p[0..len).  Returns its length in bytes
 * (1-4), or -1 for a truncated, overlong, surrogate or >U+10FFFF
 * sequence.  Never reads p[len]. */
int utf8_next(const unsigned char *p, size_t len, uint32_t *cp);

/* Returns the byte offset of the first invalid sequence or NUL byte in
 * s[0..len), or len when the whole text is valid. */
size_t utf8_validate(const char *s, size_t len);

/* Counts code points in s[0..len) (invalid bytes count one each). */
size_t utf8_count(const char *s, size_t len);

/* Line and column (1-based, column in code points) of byte offset off. */
void utf8_line_col(const char *s, size_t len, size_t off,
		   unsigned *line, unsigned *col);

/* Ranges of code points lo..hi that are in NFC whatever stands around
 * them, ended by { 0, 0 } (see utf8.c; exposed for the test that checks
 * them against utf8proc). */
struct utf8_range {
	uint32_t lo, hi;
};
extern const struct utf8_range utf8_nfc_inert[];

/* True when s[0..len) is ASCII and utf8_nfc_inert code points only: in
 * NFC for certain, without building its NFC form. */
bool utf8_plainly_nfc(const char *s, size_t len);

/* s[0..len) (valid UTF-8) in Unicode NFC: s itself when it is plainly
 * so, else a NUL-terminated copy in a; *out_len is its length. */
const char *utf8_nfc(struct arena *a, const char *s, size_t len,
		     size_t *out_len);

/* s (NUL-terminated, any bytes) as one line of text that every output
 * format can carry: each invalid byte, and each control character (C0,
 * DEL, C1: XML 1.0 forbids most of them even as references), becomes
 * U+FFFD.  A copy in a. */
const char *utf8_printable(struct arena *a, const char *s);

/* utf8proc's version (its Unicode data decides NFC), for what a cache
 * of parsed files depends on. */
const char *utf8_library_version(void);

#endif
