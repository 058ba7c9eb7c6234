/*
 * escape.c - HTML and CSV escaping.  HTML escaping runs over every text
 * of every page, so it scans 8 bytes at a time for the five special
 * characters and copies the runs between them whole.  CSV fields that
 * start like a formula get a leading quote, so a spreadsheet opening a
 * report never runs one.
 */
#include "escape.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "utf8.h"
#include "banned.h"

/* The bytes HTML text and attribute values need escaped, numbered into
 * html_rep[]; 0 for every other byte.  One load a byte finds them. */
static const unsigned char html_special[256] = {
	['&'] = 1, ['<'] = 2, ['>'] = 3, ['"'] = 4, ['\''] = 5,
};
static const char *const html_rep[] = {
	"", "&amp;", "&lt;", "&gt;", "&quot;", "&#39;",
};

/*
 * Whether any of the 8 bytes of w is one of " & ' < >.  A byte of
 * x ^ k is zero where x holds k, and (x - 0x01…) & ~x & 0x80… is nonzero
 * exactly when x has a zero byte.  & and ' differ only in bit 0, < and >
 * only in bit 1, so setting that bit first tests two at once.
 */
static bool
word_has_special(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t q = w ^ (ones * '"');
	uint64_t amp = (w | ones) ^ (ones * '\'');
	uint64_t angle = (w | ones * 2) ^ (ones * '>');
	return (((q - ones) & ~q) | ((amp - ones) & ~amp) |
		((angle - ones) & ~angle)) & highs;
}

/* Runs of safe bytes, most of any text, are found 8 bytes at a time and
 * copied with one sbuf_put. */
void
escape_html(struct sbuf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0;
	for (size_t i = 0;; i++) {
		for (uint64_t w; i + 8 <= len; i += 8) {
			memcpy(&w, p + i, 8);
			if (word_has_special(w))
				break;
		}
		while (i < len && !html_special[p[i]])
			i++;
		if (i == len)
			break;
		sbuf_put(out, s + run, i - run);
		sbuf_puts(out, html_rep[html_special[p[i]]]);
		run = i + 1;
	}
	sbuf_put(out, s + run, len - run);
}

void
escape_xml(struct sbuf *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0;
	for (size_t i = 0; i < len; ) {
		uint32_t cp;
		int k = utf8_next(p + i, len - i, &cp);
		bool bad = k < 0 || (cp < 0x20 && cp != '\t' && cp != '\n' &&
				     cp != '\r') || cp == 0xfffe || cp == 0xffff;
		if (!bad) {
			i += (size_t)k;
			continue;
		}
		escape_html(out, s + run, i - run);
		sbuf_puts(out, "\xEF\xBF\xBD");
		i += k > 0 ? (size_t)k : 1;
		run = i;
	}
	escape_html(out, s + run, len - run);
}

/* Whether s is a plain number, as days_left ("-12") or a longitude
 * ("-105.5") is: digits, with a sign and one decimal point at most. */
static bool
is_number(const char *s)
{
	s += *s == '-';
	size_t n = strspn(s, "0123456789");
	if (s[n] == '.' && n) {
		s += n + 1;
		n = strspn(s, "0123456789");
	}
	return n && s[n] == '\0';
}

void
escape_csv(struct sbuf *out, const char *s)
{
	bool formula = *s && strchr("=+-@\t\r", *s) && !is_number(s);
	if (strpbrk(s, ",\"\r\n")) {
		sbuf_putc(out, '"');
		if (formula)
			sbuf_putc(out, '\'');
		for (; *s; s++) {
			if (*s == '"')
				sbuf_putc(out, '"');
			sbuf_putc(out, *s);
		}
		sbuf_putc(out, '"');
	} else {
		if (formula)
			sbuf_putc(out, '\'');
		sbuf_puts(out, s);
	}
}
