/*
 * test_read.c - what the field readers share (model/read.c): placeholders, slugs
 * and the edit distance behind "did you mean".
 *
 * Seams are data: every test builds a struct source_set by hand from
 * literal files (sorted by path, as source_open() leaves it), so nothing
 * here touches git or the disk.  The build date is fixed (as_of), never
 * the clock.  Error paths assert the exact diag: line, column, code and
 * message (and the hint where there is one).
 *
 * The fixture and its helpers are model_fixture.h's, shared by the tests
 * of src/model/ that read entries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "model_fixture.h"
#include "model/catalog.h"
#include "model/date.h"
#include "model/entry.h"
#include "model/read.h"
#include "model/site.h"
#include "parse/fm.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/banned.h"



/* ---- placeholders --------------------------------------------------- */

/* Every form of the list in docs/content.md, as lists compiled from
 * news and spreadsheets write them: any case, with or without marks,
 * with punctuation and spaces around. */
static void
test_read_is_placeholder_flags_each_listed_form(void **state)
{
	(void)state;
	static const char *const flagged[] = {
		"placeholder", "PLACEHOLDER", "Placeholder", "<placeholder>",
		"TBD", "tbd", "TBA", "TODO", "todo", "To do", "to-do",
		"N/A", "n/a", "N/a", "n.a.", "NA", "na", "N.A", "#N/A",
		"none", "None", "NONE", "null", "NULL", "nil", "Nil",
		"unknown", "Unknown", "UNKNOWN",
		"chưa rõ", "Chưa rõ", "CHƯA RÕ", "chua ro", "Chưa ro", "(chưa rõ)",
		"không rõ", "Không rõ", "khong ro",
		"chưa có", "Chưa có", "chua co",
		"chưa cập nhật", "Chưa cập nhật", "chua cap nhat", "chưa cập nhật…",
		"đang cập nhật", "Đang cập nhật", "dang cap nhat", "Đang cập nhật...",
		"không có", "Không có", "khong co", "Không có.",
		"không", "Không", "KHÔNG", "khong",
		"chưa xác định", "Không xác định", "chưa có thông tin",
		/* decomposed: e, U+0302 and the tone typed apart */
		"Chu\xcc\x9b" "a ro\xcc\x83",
		"xxx", "XXX", "xxxx", "xxxxxxxxxx", "XxX", "xx/xx/xxxx",
		"...", "…", "-", "--", "---", "—", "–", "?", "??", "???", "*",
		"0", "00", "000", "0000", "00000000", "0000-00-00", "00/00/0000",
		" N/A ", "\"N/A\"", "'-'", "  ?  ", "\t0\t",
		"#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!",
	};
	for (size_t i = 0; i < sizeof(flagged) / sizeof(flagged[0]); i++)
		if (!read_is_placeholder(flagged[i]))
			fail_msg("\"%s\" is not taken for a placeholder",
				 flagged[i]);
}

/* Real values that look a little like placeholders: any other word or
 * number makes a value real, and a word of the list in English (or
 * Vietnamese without marks) is not a Vietnamese word with marks. */
static void
test_read_is_placeholder_leaves_real_values(void **state)
{
	(void)state;
	static const char *const real[] = {
		"Phường 1", "Phường 10", "Xã 0 Đồng", "Thôn 0", "01/QĐ-UBND",
		"1234/QĐ-UBND", "0/QĐ-UBND", "1", "10", "100", "2023",
		"0239 3xxx xxx", "x", "xx", "X", "XL", "Xã Xuân Lộc",
		"Nà", "Ná", "Nả", "Nạ", "Nà Hang", "Na Hang", "Na Rì",
		"Nil Farm", "None Such", "Không Gian Xanh", "Công ty Không Gian",
		"Chưa", "Có", "Rõ", "Nông", "Nam", "Năm", "Nho", "Nhãn",
		"TBD Coffee", "Unknown Pleasures", "N/A Mart", "Todo Foods",
		"HTX xx Phúc Trạch", "Bưởi Phúc Trạch", "Hà Tĩnh", "UBND tỉnh",
		"VietGAP", "REF", "Value", "Name", "#1", "đã có",
		"Phở 24", "0x1F", "x0", "Hộp 0,5 kg", "½", "№ 1",
	};
	for (size_t i = 0; i < sizeof(real) / sizeof(real[0]); i++)
		if (read_is_placeholder(real[i]))
			fail_msg("\"%s\" is taken for a placeholder", real[i]);
	/* long text is never one */
	char s[260];
	memset(s, 'x', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	assert_false(read_is_placeholder(s));
	s[200] = '\0';
	assert_true(read_is_placeholder(s));
}

/* ---- slugs ---------------------------------------------------------- */

static void
test_read_is_slug(void **state)
{
	(void)state;
	static const char *const good[] = {
		"a", "0", "buoi-phuc-trach", "a1-2b", "htx-che-123", "2023",
	};
	static const char *const bad[] = {
		"", "-a", "a-", "a--b", "A", "Buoi", "bưởi", "a_b", "a b", "a.b",
		"a/b", "..", "-", "a\n",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!read_is_slug(good[i]))
			fail_msg("rejected \"%s\"", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (read_is_slug(bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	char s[82];
	memset(s, 'a', 81);
	s[81] = '\0';
	assert_false(read_is_slug(s));      /* 81 */
	s[80] = '\0';
	assert_true(read_is_slug(s));       /* 80 */
}

/* ---- edit distance --------------------------------------------------- */

/* The whole Levenshtein table, as the textbook has it: the reference. */
static size_t
full_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *t = calloc((la + 1) * (lb + 1), sizeof(*t));
	assert_non_null(t);
	for (size_t i = 0; i <= la; i++)
		for (size_t j = 0; j <= lb; j++) {
			size_t *c = &t[i * (lb + 1) + j];
			if (!i || !j) {
				*c = i + j;
				continue;
			}
			size_t best = t[(i - 1) * (lb + 1) + j - 1] + (a[i - 1] != b[j - 1]);
			if (t[(i - 1) * (lb + 1) + j] + 1 < best)
				best = t[(i - 1) * (lb + 1) + j] + 1;
			if (c[-1] + 1 < best)
				best = c[-1] + 1;
			*c = best;
		}
	size_t d = t[la * (lb + 1) + lb];
	free(t);
	return d;
}

/* read_distance_within() gives the distance when it is at most the
 * limit and limit + 1 otherwise, for strings short and long (over 80
 * bytes the row leaves the stack), alike or not. */
static void
test_read_distance_within_matches_the_full_table(void **state)
{
	(void)state;
	uint64_t st = 88172645463325252u;
	static const size_t limits[] = { 0, 1, 2, 3, 5, 80, 1000 };
	for (int round = 0; round < 3000; round++) {
		char a[200], b[200];
		st ^= st << 13, st ^= st >> 7, st ^= st << 17;
		size_t la = st % (round % 10 ? 24 : 150);
		for (size_t i = 0; i < la; i++) {
			st ^= st << 13, st ^= st >> 7, st ^= st << 17;
			a[i] = "abc-"[st % 4];
		}
		a[la] = '\0';
		/* b: a few edits of a, or unrelated */
		memcpy(b, a, la + 1);
		size_t lb = la;
		st ^= st << 13, st ^= st >> 7, st ^= st << 17;
		for (uint64_t e = st % 6; e > 0 && lb < sizeof(b) - 2; e--) {
			st ^= st << 13, st ^= st >> 7, st ^= st << 17;
			size_t at = st % (lb + 1);
			if (st & 0x100 && at < lb) {
				memmove(b + at, b + at + 1, lb - at);
				lb--;
			} else if (st & 0x200) {
				memmove(b + at + 1, b + at, lb - at + 1);
				b[at] = "abcd"[st % 4];
				lb++;
			} else if (at < lb) {
				b[at] = "abcd"[st % 4];
			}
		}
		size_t want = full_distance(a, b);
		for (size_t k = 0; k < sizeof(limits) / sizeof(limits[0]); k++) {
			size_t got = read_distance_within(a, b, limits[k]);
			size_t exp = want <= limits[k] ? want : limits[k] + 1;
			if (got != exp)
				fail_msg("\"%s\" \"%s\" limit %zu: got %zu, want %zu",
					 a, b, limits[k], got, exp);
		}
	}
	assert_int_equal(read_distance("", ""), 0);
	assert_int_equal(read_distance("phone", "fone"), 2);
	assert_int_equal(read_distance_within("hop-tac-xa-che-hong-loc",
					      "hop-tac-xa-che-hong-lac", 2), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_read_is_placeholder_flags_each_listed_form),
		T(test_read_is_placeholder_leaves_real_values),
		T(test_read_is_slug),
		T(test_read_distance_within_matches_the_full_table),
#undef T
	};
	return cmocka_run_group_tests_name("read", tests, NULL, NULL);
}
