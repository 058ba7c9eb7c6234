/*
 * utf8.c - UTF-8 decoded by hand, strictly and within bounds (no
 * overlong form, surrogate or code point past U+10FFFF, never a read
 * past len), for the checks made when a file is loaded and for
 * positions counted in code points.  NFC: text of ASCII and precomposed
 * letters, most of any catalog, is known to be in NFC without asking
 * utf8proc, which normalises the rest.
 */
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "banned.h"

int
utf8_next(const unsigned char *p, size_t len, uint32_t *cp)
{
	if (!len)
		return -1;
	unsigned char c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	int n;
	uint32_t v, min;
	if ((c & 0xE0) == 0xC0) {
		n = 2; v = c & 0x1F; min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		n = 3; v = c & 0x0F; min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		n = 4; v = c & 0x07; min = 0x10000;
	} else {
		return -1;
	}
	if (len < (size_t)n)
		return -1;
	for (int i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return -1;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return -1;
	*cp = v;
	return n;
}

size_t
utf8_validate(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		if (p[i] == 0)
			return i;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		int n = utf8_next(p + i, len - i, &cp);
		if (n < 0)
			return i;
		i += (size_t)n;
	}
	return len;
}

size_t
utf8_count(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, count = 0;
	while (i < len) {
		uint32_t cp;
		int n = utf8_next(p + i, len - i, &cp);
		i += n > 0 ? (size_t)n : 1;
		count++;
	}
	return count;
}

void
utf8_line_col(const char *s, size_t len, size_t off, unsigned *line,
	      unsigned *col)
{
	unsigned l = 1;
	size_t start = 0;
	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++)
		if (s[i] == '\n') {
			l++;
			start = i + 1;
		}
	*line = l;
	*col = (unsigned)utf8_count(s + start, off - start) + 1;
}

/*
 * Code points that are in NFC whatever stands around them: no combining
 * mark, unchanged by NFC on their own, and never the second half of a
 * composition (Unicode's NFC_Quick_Check=Yes, with combining class 0).
 * Text of these and ASCII is in NFC, with no need to build its NFC
 * form.  They cover Vietnamese as typed on most keyboards: the letters
 * of Latin-1 and Latin Extended-A and -B, the precomposed Vietnamese
 * letters of Latin Extended Additional (ạ ả ấ … ỹ), general punctuation
 * (– — “ ” …) and the currency signs (₫).  test_utf8.c checks each one
 * against utf8proc.
 */
const struct utf8_range utf8_nfc_inert[] = {
	{ 0x00A0, 0x024F }, { 0x1E00, 0x1EFF }, { 0x2010, 0x2027 },
	{ 0x2030, 0x205E }, { 0x20A0, 0x20C0 }, { 0, 0 },
};

static bool
nfc_inert(uint32_t cp)
{
	for (const struct utf8_range *r = utf8_nfc_inert; r->hi; r++)
		if (cp >= r->lo && cp <= r->hi)
			return true;
	return false;
}

bool
utf8_plainly_nfc(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t cp;
		int n = utf8_next(p + i, len - i, &cp);
		if (n < 0 || !nfc_inert(cp))
			return false;
		i += (size_t)n;
	}
	return true;
}

const char *
utf8_nfc(struct arena *a, const char *s, size_t len, size_t *out_len)
{
	*out_len = len;
	if (utf8_plainly_nfc(s, len))
		return s;
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s,
					  (utf8proc_ssize_t)len, &nfc,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0)
		return s;        /* not UTF-8: the loader has said so */
	char *copy = arena_strndup(a, (const char *)nfc, (size_t)n);
	free(nfc);
	*out_len = (size_t)n;
	return copy;
}

const char *
utf8_printable(struct arena *a, const char *s)
{
	size_t len = strlen(s);
	char *out = arena_alloc(a, 3 * len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; ) {
		uint32_t cp;
		int k = utf8_next((const unsigned char *)s + i, len - i, &cp);
		if (k > 0 && cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0)) {
			memcpy(out + n, s + i, (size_t)k);
			n += (size_t)k;
			i += (size_t)k;
		} else {
			memcpy(out + n, "\xEF\xBF\xBD", 3);
			n += 3;
			i += k > 0 ? (size_t)k : 1;
		}
	}
	out[n] = '\0';
	return out;
}

const char *
utf8_library_version(void)
{
	return utf8proc_version();
}
