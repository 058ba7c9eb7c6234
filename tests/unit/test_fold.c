/*
 * test_fold.c - folding Vietnamese (util/fold.c): slugs of place names
 * (decomposed text folds as composed text does), the words that
 * placeholder checks compare, and sort keys in the order of the
 * Vietnamese alphabet, tones breaking ties and ties total; the ASCII
 * short cut checked against utf8proc for every byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <cmocka.h>
#include <utf8proc.h>

#include "fixture.h"
#include "util/arena.h"
#include "util/fold.h"
#include "util/sbuf.h"
#include "util/banned.h"

struct fixture {
	struct fixture_core core;
};

static int
setup(void **state)
{
	return fixture_setup(state, sizeof(struct fixture));
}

static void
test_fold_slug_vietnamese_place_names(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	assert_string_equal(fold_slug(a, "Hương Khê"), "huong-khe");
	assert_string_equal(fold_slug(a, "Đồng Nai"), "dong-nai");
	assert_string_equal(fold_slug(a, "đắk lắk"), "dak-lak");
	assert_string_equal(fold_slug(a, "  Thạch  Hà ! "), "thach-ha");
	assert_string_equal(fold_slug(a, "Phúc Trạch"), "phuc-trach");
	assert_string_equal(fold_slug(a, "Bà Rịa – Vũng Tàu"), "ba-ria-vung-tau");
	assert_string_equal(fold_slug(a, "HỒ CHÍ MINH"), "ho-chi-minh");
	assert_string_equal(fold_slug(a, "Ư Ơ Ă Â Ê Ô"), "u-o-a-a-e-o");
	assert_string_equal(fold_slug(a, "Phường 12, Quận 3"), "phuong-12-quan-3");
	assert_string_equal(fold_slug(a, "Keo Cu Do"), "keo-cu-do");
	assert_string_equal(fold_slug(a, "--x--y--"), "x-y");
}

static void
test_fold_slug_empty_results(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(fold_slug(&f->core.arena, ""), "");
	assert_string_equal(fold_slug(&f->core.arena, " !?–… "), "");
	/* non-Latin letters have no ASCII base: they separate, then vanish */
	assert_string_equal(fold_slug(&f->core.arena, "Москва"), "");
	assert_string_equal(fold_slug(&f->core.arena, "Hà Nội – 東京"), "ha-noi");
	/* invalid bytes are skipped, never copied */
	assert_string_equal(fold_slug(&f->core.arena, "a\xFF" "b"), "ab");
}

static void
test_fold_slug_nfd_equals_nfc(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	/* "Hương Khê" decomposed: u + U+031B horn, o + horn, e + U+0302 */
	const char *nfd = "Hu\xCC\x9Bo\xCC\x9Bng Khe\xCC\x82";
	assert_string_not_equal(nfd, "Hương Khê");
	assert_string_equal(fold_slug(a, nfd), fold_slug(a, "Hương Khê"));
	assert_string_equal(fold_slug(a, nfd), "huong-khe");
	/* "Đồng" decomposed: Đ has no decomposition, ồ = o + U+0302 + U+0300 */
	const char *dong = "\xC4\x90o\xCC\x82\xCC\x80ng Nai";
	assert_string_equal(fold_slug(a, dong), "dong-nai");
	/* "Thạch" with a combining dot below */
	assert_string_equal(fold_slug(a, "Tha\xCC\xA3" "ch Ha\xCC\x80"),
			    "thach-ha");
}

/* fold_words() of s, checked against want and its flag. */
static void
assert_words(const char *s, const char *want, bool wide)
{
	struct sbuf w = SBUF_INIT;
	sbuf_puts(&w, "kept:");          /* it appends */
	bool got = fold_words(&w, s);
	assert_string_equal(w.data + 5, want);
	assert_int_equal(got, wide);
	sbuf_release(&w);
}

static void
test_fold_words(void **state)
{
	(void)state;
	assert_words("  Chưa-cập nhật… ", "chua cap nhat", true);
	assert_words("N/A", "n a", false);
	assert_words("#N/A", "n a", false);
	assert_words("n.a.", "n a", false);
	assert_words("...", "", false);
	assert_words("…", "", false);
	assert_words("", "", false);
	assert_words("Nà", "na", true);
	assert_words("Na", "na", false);
	assert_words("ĐANG CẬP NHẬT", "dang cap nhat", true);
	assert_words("Phường 1, Quận 3", "phuong 1 quan 3", true);
	assert_words("01/QĐ-UBND", "01 qd ubnd", true);
	assert_words("0000-00-00", "0000 00 00", false);
	/* decomposed: the marks typed apart still count as marks */
	assert_words("Na\xCC\x80", "na", true);
	assert_words("Chu\xCC\x9B" "a ro\xCC\x83", "chua ro", true);
	/* other scripts are letters too; invalid bytes separate */
	assert_words("Hà Nội – 東京", "ha noi 東京", true);
	assert_words("a\xFF" "b", "a b", false);
}

static int
key_cmp(struct arena *a, const char *x, const char *y)
{
	return strcmp(fold_sort_key(a, x), fold_sort_key(a, y));
}

static void
test_fold_sort_key_orders_base_letters_first(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	/* base letters decide: b < c even though "ư" is not ASCII */
	assert_true(key_cmp(a, "Bưởi", "Cam") < 0);
	assert_true(key_cmp(a, "Cam", "Bưởi") > 0);
	assert_true(key_cmp(a, "Ổi", "Quýt") < 0);
	assert_true(key_cmp(a, "Nhãn", "Ổi") < 0);
	assert_true(key_cmp(a, "Ếch", "Gà") < 0);
	/* Vietnamese alphabet: đ is a letter after d, ă and â after a,
	 * ê after e, ô and ơ after o, ư after u */
	assert_true(key_cmp(a, "Cam", "Đào") < 0);
	assert_true(key_cmp(a, "Dừa", "Đào") < 0);
	assert_true(key_cmp(a, "Dưa", "Da") > 0);
	assert_true(key_cmp(a, "Đào", "Ếch") < 0);
	assert_true(key_cmp(a, "Em", "Ếch") < 0);
	assert_true(key_cmp(a, "Ăn", "Ấm") < 0);
	assert_true(key_cmp(a, "Anh", "Ăn") < 0);
	assert_true(key_cmp(a, "Ốc", "Ơi") < 0);
	assert_true(key_cmp(a, "Ơi", "Phở") < 0);
	assert_true(key_cmp(a, "Uống", "Ưa") < 0);
	/* tones only break ties: "Cá nục" before "Ca nương" would be wrong
	 * by tone; base letters decide first */
	assert_true(key_cmp(a, "Cà b", "Ca c") < 0);
	/* tone order: none, huyền, sắc, hỏi, ngã, nặng */
	assert_true(key_cmp(a, "Ma", "Mà") < 0);
	assert_true(key_cmp(a, "Mà", "Má") < 0);
	assert_true(key_cmp(a, "Má", "Mả") < 0);
	assert_true(key_cmp(a, "Mả", "Mã") < 0);
	assert_true(key_cmp(a, "Mã", "Mạ") < 0);
	/* decomposed (NFD) text sorts like precomposed text */
	assert_true(key_cmp(a, "D\u01b0\u0300a", "Đào") < 0);
	assert_true(key_cmp(a, "O\u031B\u0301t", "Ốc") > 0);
	/* case does not decide before the base letters */
	assert_true(key_cmp(a, "an", "Bơ") < 0);
	assert_true(key_cmp(a, "AN", "bơ") < 0);
	/* a name sorts before its extensions */
	assert_true(key_cmp(a, "Chè", "Chè xanh") < 0);
	assert_true(key_cmp(a, "Chè", "Chè Đất") < 0);
	/* leading punctuation and spaces do not sort a name first or last */
	assert_true(key_cmp(a, "_Mật ong", "Mận") > 0);
	assert_true(key_cmp(a, "_Mật ong", "Na") < 0);
	assert_true(key_cmp(a, "– Bưởi", "Bơ") > 0);
	assert_true(key_cmp(a, "– Bưởi", "Cam") < 0);
	assert_true(key_cmp(a, "\"Chè\" Thái", "Cam") > 0);
	assert_true(key_cmp(a, "  Ổi", "Quýt") < 0);
	/* a name that is only punctuation still sorts, by its bytes */
	assert_true(key_cmp(a, "--", "-") != 0);
}

static void
test_fold_sort_key_ties_are_total(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	/* same base letters: different spellings never compare equal */
	assert_true(key_cmp(a, "Ca", "Cà") != 0);
	assert_true(key_cmp(a, "Cà", "Cá") != 0);
	assert_true(key_cmp(a, "Cam", "cam") != 0);
	assert_true(key_cmp(a, "Dao", "Đào") != 0);
	/* and the order between them is consistent both ways */
	assert_true((key_cmp(a, "Cà", "Cá") < 0) == (key_cmp(a, "Cá", "Cà") > 0));
	/* unmarked before marked (the original bytes break the tie) */
	assert_true(key_cmp(a, "Ca", "Cà") < 0);
	assert_true(key_cmp(a, "Dao", "Đào") < 0);
	/* same spelling: equal keys */
	assert_int_equal(key_cmp(a, "Bưởi", "Bưởi"), 0);
	/* the key ends with the original text */
	const char *k = fold_sort_key(a, "Bưởi Phúc Trạch");
	assert_int_equal(strncmp(k, "b\001u\004o\004i\001", 8), 0);
	assert_non_null(strstr(k, "Bưởi Phúc Trạch"));
}

/* ASCII takes a short way round utf8proc: it must come out as utf8proc
 * would have made it, for every byte (case-folded, no marks). */
static void
test_fold_ascii_as_utf8proc_folds_it(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	for (int c = 1; c < 0x80; c++) {
		utf8proc_int32_t buf[4];
		assert_int_equal(utf8proc_decompose_char(c, buf, 4,
			UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD, NULL), 1);
		char folded = (char)buf[0];
		bool alnum = (folded >= 'a' && folded <= 'z') ||
			     (folded >= '0' && folded <= '9');
		char in[4] = { 'x', (char)c, 'y', '\0' };
		assert_string_equal(fold_slug(a, in),
				    alnum ? arena_printf(a, "x%cy", folded) : "x-y");
		/* the sort key of c alone: letter, rank 1; no tone; c */
		char one[2] = { (char)c, '\0' };
		char want[7] = { folded, 1, 1, '0', 1, (char)c, '\0' };
		assert_string_equal(fold_sort_key(a, one), want);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_fold_slug_vietnamese_place_names),
		T(test_fold_slug_empty_results),
		T(test_fold_slug_nfd_equals_nfc),
		T(test_fold_words),
		T(test_fold_sort_key_orders_base_letters_first),
		T(test_fold_sort_key_ties_are_total),
		T(test_fold_ascii_as_utf8proc_folds_it),
#undef T
	};
	return cmocka_run_group_tests_name("fold", tests, NULL, NULL);
}
