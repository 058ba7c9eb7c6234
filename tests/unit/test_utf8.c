/*
 * test_utf8.c - UTF-8 (util/utf8.c): utf8_next() on valid, overlong,
 * surrogate, out-of-range, truncated and stray sequences (never reading
 * past len), utf8_validate()'s first bad offset, code points counted
 * for counts and columns, NFC on read, and the ranges of code points
 * that need no NFC check, against utf8proc over all of Unicode.
 *
 * Byte sequences are written as hex escapes so that what is decoded is
 * never in doubt.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <utf8proc.h>

#include "fixture.h"
#include "util/arena.h"
#include "util/utf8.h"
#include "util/banned.h"

struct fixture {
	struct fixture_core core;
};

static int
setup(void **state)
{
	return fixture_setup(state, sizeof(struct fixture));
}

/* utf8_next on an exactly-sized heap copy, so that ASan catches any read
 * of p[len]. */
static int
next(const char *bytes, size_t len, uint32_t *cp)
{
	unsigned char *p = malloc(len ? len : 1);
	assert_non_null(p);
	memcpy(p, bytes, len);
	int n = utf8_next(p, len, cp);
	free(p);
	return n;
}

static void
assert_decodes(const char *bytes, int len, uint32_t want)
{
	uint32_t cp = 0xFFFFFFFF;
	assert_int_equal(next(bytes, (size_t)len, &cp), len);
	assert_int_equal(cp, want);
	/* trailing bytes are not consumed */
	char buf[8];
	memcpy(buf, bytes, (size_t)len);
	buf[len] = 'z';
	cp = 0;
	assert_int_equal(next(buf, (size_t)len + 1, &cp), len);
	assert_int_equal(cp, want);
}

static void
test_utf8_next_decodes_valid_sequences(void **state)
{
	(void)state;
	assert_decodes("A", 1, 0x41);
	assert_decodes("\x7F", 1, 0x7F);
	assert_decodes("\xC2\x80", 2, 0x80);
	assert_decodes("\xC4\x83", 2, 0x103);            /* ă */
	assert_decodes("\xC4\x91", 2, 0x111);            /* đ */
	assert_decodes("\xDF\xBF", 2, 0x7FF);
	assert_decodes("\xE0\xA0\x80", 3, 0x800);
	assert_decodes("\xE1\xBB\x87", 3, 0x1EC7);       /* ệ */
	assert_decodes("\xED\x9F\xBF", 3, 0xD7FF);       /* last before surrogates */
	assert_decodes("\xEE\x80\x80", 3, 0xE000);       /* first after */
	assert_decodes("\xEF\xBB\xBF", 3, 0xFEFF);
	assert_decodes("\xEF\xBF\xBF", 3, 0xFFFF);
	assert_decodes("\xF0\x90\x80\x80", 4, 0x10000);
	assert_decodes("\xF0\x9F\x98\x80", 4, 0x1F600);
	assert_decodes("\xF4\x8F\xBF\xBF", 4, 0x10FFFF);
}

static void
assert_rejects(const char *bytes, size_t len)
{
	uint32_t cp;
	if (next(bytes, len, &cp) != -1)
		fail_msg("accepted %zu bytes starting 0x%02X", len,
			 (unsigned)(unsigned char)bytes[0]);
}

static void
test_utf8_next_rejects_overlong_forms(void **state)
{
	(void)state;
	assert_rejects("\xC0\x80", 2);          /* U+0000 */
	assert_rejects("\xC0\xAF", 2);          /* '/' */
	assert_rejects("\xC1\xBF", 2);          /* U+007F */
	assert_rejects("\xE0\x80\x80", 3);
	assert_rejects("\xE0\x9F\xBF", 3);      /* U+07FF in three bytes */
	assert_rejects("\xF0\x80\x80\x80", 4);
	assert_rejects("\xF0\x8F\xBF\xBF", 4);  /* U+FFFF in four bytes */
}

static void
test_utf8_next_rejects_surrogates_and_beyond_unicode(void **state)
{
	(void)state;
	assert_rejects("\xED\xA0\x80", 3);      /* U+D800 */
	assert_rejects("\xED\xB0\x80", 3);      /* U+DC00 */
	assert_rejects("\xED\xBF\xBF", 3);      /* U+DFFF */
	assert_rejects("\xF4\x90\x80\x80", 4);  /* U+110000 */
	assert_rejects("\xF5\x80\x80\x80", 4);
	assert_rejects("\xF7\xBF\xBF\xBF", 4);
	assert_rejects("\xF8\x88\x80\x80\x80", 5);
	assert_rejects("\xFC\x84\x80\x80\x80\x80", 6);
	assert_rejects("\xFE", 1);
	assert_rejects("\xFF", 1);
}

static void
test_utf8_next_rejects_truncated_and_stray_bytes(void **state)
{
	(void)state;
	uint32_t cp;
	assert_int_equal(utf8_next((const unsigned char *)"", 0, &cp), -1);
	assert_rejects("\xC3", 1);
	assert_rejects("\xE1\xBB", 2);
	assert_rejects("\xF0\x9F\x98", 3);
	/* the full sequence is in memory but len stops short of it */
	assert_rejects("\xC3\xA0", 1);
	assert_rejects("\xE1\xBB\x87", 2);
	assert_rejects("\xF0\x9F\x98\x80", 3);
	/* continuation bytes where a lead byte belongs, and vice versa */
	assert_rejects("\x80", 1);
	assert_rejects("\xBF", 1);
	assert_rejects("\xC3\x41", 2);
	assert_rejects("\xE1\x41\x87", 3);
	assert_rejects("\xE1\xBB\xC3", 3);
	assert_rejects("\xF0\x9F\x41\x80", 4);
}

static void
test_utf8_validate_returns_first_bad_offset(void **state)
{
	(void)state;
	assert_int_equal(utf8_validate("", 0), 0);
	assert_int_equal(utf8_validate("abc", 3), 3);
	const char *vi = "Hương Khê, Hà Tĩnh";
	assert_int_equal(utf8_validate(vi, strlen(vi)), strlen(vi));
	/* NUL is rejected at its offset, in ASCII or after multibyte text */
	assert_int_equal(utf8_validate("ab\0cd", 5), 2);
	assert_int_equal(utf8_validate("\0", 1), 0);
	assert_int_equal(utf8_validate("Hà\0", 4), 3);
	/* "Hà" is three bytes: the bad byte is at 3 */
	assert_int_equal(utf8_validate("Hà\xC3(", 5), 3);
	assert_int_equal(utf8_validate("ab\xE1\xBB", 4), 2);      /* truncated */
	assert_int_equal(utf8_validate("a\xED\xA0\x80z", 5), 1);  /* surrogate */
	assert_int_equal(utf8_validate("\xC0\xAF", 2), 0);         /* overlong */
	assert_int_equal(utf8_validate("ok\xF4\x90\x80\x80", 6), 2);
	assert_int_equal(utf8_validate("ệ\x80", 4), 3);            /* stray */
	/* len is respected: the bad byte past len does not count */
	assert_int_equal(utf8_validate("ab\xFF", 2), 2);
}

static void
test_utf8_count_counts_code_points(void **state)
{
	(void)state;
	assert_int_equal(utf8_count("", 0), 0);
	assert_int_equal(utf8_count("Hương", strlen("Hương")), 5);
	assert_int_equal(strlen("Hương"), 7);
	assert_int_equal(utf8_count("Đồng Nai", strlen("Đồng Nai")), 8);
	assert_int_equal(utf8_count("\xF0\x9F\x98\x80!", 5), 2);
	/* invalid bytes count one each */
	assert_int_equal(utf8_count("a\xFF\xFE" "b", 4), 4);
	assert_int_equal(utf8_count("\xE1\xBB", 2), 2);
}

static void
test_utf8_line_col_counts_code_points(void **state)
{
	(void)state;
	const char *s = "tên: Hương Khê\nsao: 6\nnhóm: thực phẩm";
	size_t len = strlen(s);
	unsigned line = 0, col = 0;

	utf8_line_col(s, len, 0, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);

	/* "tên: Hương " is 11 code points (14 bytes) */
	size_t off = (size_t)(strstr(s, "Khê") - s);
	assert_int_equal(off, 14);
	utf8_line_col(s, len, off, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 12);

	/* the newline itself is on line 1, after "Khê" */
	off = (size_t)(strchr(s, '\n') - s);
	utf8_line_col(s, len, off, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 15);

	utf8_line_col(s, len, off + 1, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 1);

	off = (size_t)(strchr(s, '6') - s);
	utf8_line_col(s, len, off, &line, &col);
	assert_int_equal(line, 2);
	assert_int_equal(col, 6);

	/* "nhóm: thực " is 11 code points */
	off = (size_t)(strstr(s, "phẩm") - s);
	utf8_line_col(s, len, off, &line, &col);
	assert_int_equal(line, 3);
	assert_int_equal(col, 12);

	/* the end of the text, and offsets past it, clamp to len */
	utf8_line_col(s, len, len, &line, &col);
	assert_int_equal(line, 3);
	assert_int_equal(col, 16);
	utf8_line_col(s, len, len + 100, &line, &col);
	assert_int_equal(line, 3);
	assert_int_equal(col, 16);

	utf8_line_col("a\n\n\nb", 5, 4, &line, &col);
	assert_int_equal(line, 4);
	assert_int_equal(col, 1);
}

/* NFC on read: text already in NFC comes back as is (the same pointer),
 * decomposed text composed. */
static void
test_utf8_nfc(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	size_t n;
	const char *s = "Bưởi Phúc Trạch – 45.000 ₫";
	assert_ptr_equal(utf8_nfc(a, s, strlen(s), &n), s);
	assert_int_equal(n, strlen(s));
	/* "Hà Tĩnh" typed decomposed: a + U+0300, i + U+0303 */
	const char *nfd = "Ha\u0300 Ti\u0303nh";
	const char *nfc = utf8_nfc(a, nfd, strlen(nfd), &n);
	assert_string_equal(nfc, "Hà Tĩnh");
	assert_int_equal(n, strlen("Hà Tĩnh"));
	/* a mark after a letter outside the plain ranges: still composed */
	const char *e = "e\u0302\u0301";
	assert_string_equal(utf8_nfc(a, e, strlen(e), &n), "ế");
	assert_true(utf8_plainly_nfc("ế", strlen("ế")));
	assert_false(utf8_plainly_nfc(e, strlen(e)));
}

/*
 * Every code point of utf8_nfc_inert is in NFC whatever stands around
 * it: combining class 0, unchanged by NFC on its own, and never a later
 * part of any canonical decomposition (so never the second half of a
 * composition).  Checked against utf8proc over all of Unicode.
 */
static void
test_utf8_nfc_inert_ranges_hold(void **state)
{
	(void)state;
	unsigned char *later = calloc(0x110000, 1);
	assert_non_null(later);
	for (utf8proc_int32_t cp = 0; cp < 0x110000; cp++) {
		utf8proc_int32_t buf[32];
		utf8proc_ssize_t m = utf8proc_decompose_char(cp, buf, 32,
							     UTF8PROC_DECOMPOSE, NULL);
		for (utf8proc_ssize_t k = 1; k < m && k < 32; k++)
			later[buf[k]] = 1;
	}
	size_t checked = 0;
	for (const struct utf8_range *r = utf8_nfc_inert; r->hi; r++) {
		assert_true(r->lo <= r->hi);
		for (uint32_t cp = r->lo; cp <= r->hi; cp++, checked++) {
			utf8proc_int32_t c = (utf8proc_int32_t)cp;
			if (utf8proc_get_property(c)->combining_class != 0 ||
			    later[cp])
				fail_msg("U+%04X may combine", (unsigned)cp);
			utf8proc_uint8_t in[4], *nfc = NULL;
			utf8proc_ssize_t n = utf8proc_encode_char(c, in);
			utf8proc_ssize_t m = utf8proc_map(in, n, &nfc,
				UTF8PROC_STABLE | UTF8PROC_COMPOSE);
			if (m != n || memcmp(nfc, in, (size_t)n))
				fail_msg("U+%04X changes under NFC", (unsigned)cp);
			free(nfc);
		}
	}
	assert_true(checked == 792);      /* the five ranges */
	free(later);
}

/* utf8_printable(): invalid bytes and control characters (C0, DEL,
 * C1) become U+FFFD, one each; the rest is kept, tab included (a
 * control character too). */
static void
test_utf8_printable_replaces_controls(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	assert_string_equal(utf8_printable(a, "Hà Tĩnh <x> & ]]>"), "Hà Tĩnh <x> & ]]>");
	assert_string_equal(utf8_printable(a, "a\001b\tc\x7f"),
			    "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD");
	assert_string_equal(utf8_printable(a, "\xC2\x85\xC2\xA0\xFF\xE1\xBA"),
			    "\xEF\xBF\xBD\xC2\xA0\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
	assert_string_equal(utf8_printable(a, ""), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_utf8_next_decodes_valid_sequences),
		T(test_utf8_printable_replaces_controls),
		T(test_utf8_next_rejects_overlong_forms),
		T(test_utf8_next_rejects_surrogates_and_beyond_unicode),
		T(test_utf8_next_rejects_truncated_and_stray_bytes),
		T(test_utf8_validate_returns_first_bad_offset),
		T(test_utf8_count_counts_code_points),
		T(test_utf8_line_col_counts_code_points),
		T(test_utf8_nfc_inert_ranges_hold),
		T(test_utf8_nfc),
#undef T
	};
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
