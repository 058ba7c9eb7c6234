/*
 * test_util.c - the util/ layer: arena, sbuf, utf8, fold and diag.
 *
 * Each test gets a fresh arena and diag list (fixture.h) from setup();
 * fixture_teardown() releases both, so ASan and valgrind see every
 * leak.  Byte sequences are written as hex escapes so that what is
 * decoded is never in doubt.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdalign.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <utf8proc.h>

#include "fixture.h"
#include "util/arena.h"
#include "util/escape.h"
#include "util/diag.h"
#include "util/fold.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/workers.h"
#include "util/banned.h"

struct fixture {
	struct fixture_core core;
};

static int
setup(void **state)
{
	return fixture_setup(state, sizeof(struct fixture));
}

static int
all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return 0;
	return 1;
}

/* ---- arena ---------------------------------------------------------- */

static void
test_arena_aligns_every_allocation(void **state)
{
	struct fixture *f = *state;
	static const size_t sizes[] = { 1, 2, 3, 5, 7, 9, 15, 17, 31, 33, 100 };
	for (int round = 0; round < 200; round++)
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			void *p = arena_alloc(&f->core.arena, sizes[i]);
			assert_non_null(p);
			assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
		}
	/* strings too: a struct placed after a 3-byte string is aligned */
	arena_strdup(&f->core.arena, "ab");
	long double *ld = arena_new(&f->core.arena, long double);
	assert_int_equal((uintptr_t)ld % alignof(long double), 0);
	*ld = 1.5L;
	assert_true(*ld == 1.5L);
}

static void
test_arena_zero_fills_reused_memory(void **state)
{
	struct fixture *f = *state;
	/* dirty memory, give it back to malloc, and take it again: the
	 * arena must hand it out cleared even when malloc reuses it */
	struct arena dirty = ARENA_INIT;
	for (int i = 0; i < 64; i++)
		memset(arena_alloc(&dirty, 1000), 0xAB, 1000);
	memset(arena_alloc(&dirty, 200000), 0xAB, 200000);
	arena_release(&dirty);
	assert_null(dirty.head);
	assert_int_equal(dirty.total, 0);

	for (int i = 0; i < 64; i++)
		assert_true(all_zero(arena_alloc(&f->core.arena, 1000), 1000));
	assert_true(all_zero(arena_alloc(&f->core.arena, 200000), 200000));
	int *v = arena_array(&f->core.arena, 1000, sizeof(int));
	assert_true(all_zero(v, 1000 * sizeof(int)));
	assert_true(all_zero(arena_alloc(&f->core.arena, 0), 1));
}

static void
test_arena_big_allocations_get_their_own_block(void **state)
{
	struct fixture *f = *state;
	/* a big first allocation, then small ones */
	unsigned char *big1 = arena_alloc(&f->core.arena, 300000);
	char *s1 = arena_alloc(&f->core.arena, 16);
	unsigned char *big2 = arena_alloc(&f->core.arena, 70000);
	char *s2 = arena_alloc(&f->core.arena, 16);
	memset(big1, 1, 300000);
	memset(s1, 2, 16);
	memset(big2, 3, 70000);
	memset(s2, 4, 16);
	for (size_t i = 0; i < 300000; i++)
		if (big1[i] != 1)
			fail_msg("big1 overwritten at %zu", i);
	for (size_t i = 0; i < 70000; i++)
		if (big2[i] != 3)
			fail_msg("big2 overwritten at %zu", i);
	for (size_t i = 0; i < 16; i++) {
		assert_int_equal(s1[i], 2);
		assert_int_equal(s2[i], 4);
	}
#ifndef ARENA_DEBUG
	/* the big block went beside the current one: small allocations
	 * keep filling the block they were filling */
	assert_ptr_equal(s2, s1 + 16);
#endif
	assert_true(f->core.arena.total >= 300000 + 70000 + 32);
}

static void
test_arena_many_small_allocations_cross_blocks(void **state)
{
	struct fixture *f = *state;
	/* 1 MiB in 100-byte pieces: many blocks; every piece keeps its
	 * own contents */
	enum { N = 10000, SZ = 100 };
	unsigned char **v = calloc(N, sizeof(*v));
	assert_non_null(v);
	for (size_t i = 0; i < N; i++) {
		v[i] = arena_alloc(&f->core.arena, SZ);
		memset(v[i], (int)(i & 0xFF), SZ);
	}
	for (size_t i = 0; i < N; i++)
		for (size_t k = 0; k < SZ; k++)
			if (v[i][k] != (unsigned char)(i & 0xFF))
				fail_msg("piece %zu overwritten", i);
	free(v);
}

static void
test_arena_strdup_and_printf(void **state)
{
	struct fixture *f = *state;
	const char *src = "Bưởi Phúc Trạch";
	char *d = arena_strdup(&f->core.arena, src);
	assert_ptr_not_equal(d, src);
	assert_string_equal(d, src);

	char *n = arena_strndup(&f->core.arena, "Hà Tĩnh, Việt Nam", 9);
	assert_string_equal(n, "Hà Tĩnh");       /* 9 bytes: à and ĩ take 2 */
	assert_string_equal(arena_strndup(&f->core.arena, "xyz", 0), "");
	assert_string_equal(arena_strndup(&f->core.arena, NULL, 0), "");

	assert_string_equal(arena_printf(&f->core.arena, "%s-%d/%05.1f", "sao", 4, 2.5),
			    "sao-4/002.5");
	assert_string_equal(arena_printf(&f->core.arena, "%s", ""), "");

	/* longer than a block */
	char *big = arena_printf(&f->core.arena, "[%*s]", 100000, "x");
	assert_int_equal(strlen(big), 100002);
	assert_int_equal(big[0], '[');
	assert_int_equal(big[99999], ' ');
	assert_int_equal(big[100000], 'x');
	assert_int_equal(big[100001], ']');
}

static void
test_arena_array_overflow_dies(void **state)
{
	struct fixture *f = *state;
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* no stderr noise in the test output */
		if (!freopen("/dev/null", "w", stderr))
			_exit(99);
		arena_array(&f->core.arena, SIZE_MAX / 2, 4);
		_exit(0);      /* not reached: xmul exits with 2 */
	}
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 2);
}

/* ---- sbuf ----------------------------------------------------------- */

static void
assert_sbuf(const struct sbuf *sb, const char *text)
{
	assert_non_null(sb->data);
	assert_int_equal(sb->len, strlen(text));
	assert_memory_equal(sb->data, text, sb->len);
	assert_int_equal(sb->data[sb->len], '\0');
	if (sb->cap)
		assert_true(sb->len < sb->cap);
}

static void
test_sbuf_empty_is_never_null(void **state)
{
	(void)state;
	struct sbuf sb = SBUF_INIT;
	assert_sbuf(&sb, "");
	assert_int_equal(sb.cap, 0);
	sbuf_reset(&sb);                  /* must not write to shared empty */
	sbuf_put(&sb, "x", 0);
	sbuf_puts(&sb, "");
	sbuf_putf(&sb, "%s", "");
	assert_sbuf(&sb, "");
	assert_int_equal(sb.cap, 0);
	sbuf_release(&sb);
	assert_sbuf(&sb, "");
	assert_int_equal(sbuf_empty[0], '\0');

	struct sbuf other;
	sbuf_init(&other);
	assert_sbuf(&other, "");
	struct span s = sbuf_span(&other);
	assert_non_null(s.p);
	assert_int_equal(s.len, 0);
}

static void
test_sbuf_appends_keep_invariants(void **state)
{
	(void)state;
	struct sbuf sb = SBUF_INIT;
	sbuf_puts(&sb, "Hà");
	assert_sbuf(&sb, "Hà");
	sbuf_putc(&sb, ' ');
	sbuf_put(&sb, "Tĩnh!!", strlen("Tĩnh"));
	assert_sbuf(&sb, "Hà Tĩnh");
	sbuf_putspan(&sb, (struct span){ ", Việt Nam", 4 });
	assert_sbuf(&sb, "Hà Tĩnh, Vi");
	sbuf_putf(&sb, " %d sao, %s", 4, "còn hiệu lực");
	assert_sbuf(&sb, "Hà Tĩnh, Vi 4 sao, còn hiệu lực");
	struct span s = sbuf_span(&sb);
	assert_ptr_equal(s.p, sb.data);
	assert_int_equal(s.len, sb.len);
	/* embedded NUL bytes count in len */
	sbuf_put(&sb, "a\0b", 3);
	assert_int_equal(sb.len, strlen("Hà Tĩnh, Vi 4 sao, còn hiệu lực") + 3);
	assert_int_equal(sb.data[sb.len - 2], '\0');
	assert_int_equal(sb.data[sb.len], '\0');
	sbuf_release(&sb);
	assert_sbuf(&sb, "");
	assert_int_equal(sb.cap, 0);
}

static void
test_sbuf_grows_across_many_appends(void **state)
{
	(void)state;
	struct sbuf sb = SBUF_INIT;
	for (int i = 0; i < 10000; i++)
		sbuf_putf(&sb, "%04d,", i % 10000);
	assert_int_equal(sb.len, 50000);
	assert_memory_equal(sb.data, "0000,0001,", 10);
	assert_memory_equal(sb.data + 49995, "9999,", 5);
	assert_int_equal(sb.data[sb.len], '\0');
	assert_true(sb.cap > sb.len);
	/* one putf longer than the current capacity */
	struct sbuf big = SBUF_INIT;
	sbuf_putf(&big, "%0*d", 5000, 7);
	assert_int_equal(big.len, 5000);
	assert_int_equal(big.data[0], '0');
	assert_int_equal(big.data[4999], '7');
	assert_int_equal(big.data[5000], '\0');
	sbuf_grow(&big, 100000);
	assert_int_equal(big.len, 5000);           /* grow does not append */
	assert_true(big.cap >= 105001);
	assert_int_equal(big.data[5000], '\0');
	sbuf_release(&sb);
	sbuf_release(&big);
}

static void
test_sbuf_reset_keeps_capacity(void **state)
{
	(void)state;
	struct sbuf sb = SBUF_INIT;
	sbuf_puts(&sb, "trang đầu tiên");
	char *data = sb.data;
	size_t cap = sb.cap;
	sbuf_reset(&sb);
	assert_sbuf(&sb, "");
	assert_ptr_equal(sb.data, data);
	assert_int_equal(sb.cap, cap);
	sbuf_puts(&sb, "trang hai");
	assert_sbuf(&sb, "trang hai");
	assert_ptr_equal(sb.data, data);
	sbuf_release(&sb);
}

static void
test_sbuf_detach_hands_over_ownership(void **state)
{
	(void)state;
	struct sbuf sb = SBUF_INIT;
	sbuf_puts(&sb, "Chè Hồng Lộc");
	char *data = sb.data;
	size_t len = 0;
	char *s = sbuf_detach(&sb, &len);
	assert_ptr_equal(s, data);
	assert_int_equal(len, strlen("Chè Hồng Lộc"));
	assert_string_equal(s, "Chè Hồng Lộc");
	/* sb is empty and reusable */
	assert_sbuf(&sb, "");
	assert_int_equal(sb.cap, 0);
	sbuf_puts(&sb, "again");
	assert_sbuf(&sb, "again");
	assert_string_equal(s, "Chè Hồng Lộc");
	free(s);
	sbuf_release(&sb);

	/* an empty buffer detaches into a string the caller can free */
	char *e = sbuf_detach(&sb, NULL);
	assert_non_null(e);
	assert_ptr_not_equal(e, sbuf_empty);
	assert_string_equal(e, "");
	free(e);
	e = sbuf_detach(&sb, &len);
	assert_int_equal(len, 0);
	free(e);
}

/* ---- utf8 ----------------------------------------------------------- */

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

/* ---- fold ----------------------------------------------------------- */

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

/* ---- diag ----------------------------------------------------------- */

/* What diag_print writes, in the arena. */
static const char *
printed(struct fixture *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	diag_print(&f->core.diags, m, DIAG_EN);
	assert_int_equal(fclose(m), 0);
	const char *r = arena_strndup(&f->core.arena, buf, len);
	free(buf);
	return r;
}

static void
test_diag_error_files_and_counts(void **state)
{
	struct fixture *f = *state;
	struct pos at = { "content/products/a.md", 3, 8 };
	assert_int_equal(diag_error(&f->core.diags, at, "stars",
				    "stars must be 3, 4 or 5, found %d", 6), -1);
	diag_warning(&f->core.diags, at, "unknown-field", "unknown field \"%s\"", "stras");
	diag_warning(&f->core.diags, at, "alt", "no alt");
	assert_int_equal(f->core.diags.n, 3);
	assert_int_equal(f->core.diags.errors, 1);
	assert_int_equal(f->core.diags.warnings, 2);
	const struct diag *d = &f->core.diags.v[0];
	assert_int_equal(d->level, DIAG_ERROR);
	assert_string_equal(d->at.path, "content/products/a.md");
	assert_int_equal(d->at.line, 3);
	assert_int_equal(d->at.col, 8);
	assert_string_equal(d->code, "stars");
	assert_string_equal(d->msg, "stars must be 3, 4 or 5, found 6");
	assert_null(d->hint);
	assert_int_equal(f->core.diags.v[1].level, DIAG_WARNING);
	assert_string_equal(f->core.diags.v[1].msg, "unknown field \"stras\"");

	diag_list_release(&f->core.diags);
	assert_int_equal(f->core.diags.n, 0);
	assert_int_equal(f->core.diags.errors, 0);
	assert_int_equal(f->core.diags.warnings, 0);
	assert_null(f->core.diags.v);
}

static void
test_diag_hint_goes_to_the_last_diag(void **state)
{
	struct fixture *f = *state;
	diag_hint(&f->core.diags, "nothing to attach to");   /* ignored */
	assert_int_equal(f->core.diags.n, 0);
	struct pos at = { "a.md", 1, 1 };
	diag_error(&f->core.diags, at, "x", "first");
	diag_error(&f->core.diags, at, "x", "second");
	diag_hint(&f->core.diags, "did you mean \"%s\"?", "stars");
	assert_null(f->core.diags.v[0].hint);
	assert_string_equal(f->core.diags.v[1].hint, "did you mean \"stars\"?");
	diag_hint(&f->core.diags, "replaced");
	assert_string_equal(f->core.diags.v[1].hint, "replaced");
}

static void
test_diag_sort_by_path_line_col(void **state)
{
	struct fixture *f = *state;
	struct diag_list *dl = &f->core.diags;
	diag_error(dl, (struct pos){ "b.md", 1, 1 }, "c", "b1");
	diag_error(dl, (struct pos){ "a.md", 10, 2 }, "c", "a10-2");
	diag_warning(dl, (struct pos){ "a.md", 2, 30 }, "c", "a2-30");
	diag_error(dl, (struct pos){ "a.md", 10, 1 }, "c", "a10-1");
	diag_error(dl, (struct pos){ "a.md", 9, 99 }, "c", "a9");
	diag_error(dl, (struct pos){ "a.md", 0, 0 }, "c", "a-file");
	diag_error(dl, (struct pos){ NULL, 0, 0 }, "c", "global");
	diag_error(dl, (struct pos){ "a.md", 2, 5 }, "c", "a2-5");
	diag_hint(dl, "hint of a2-5");
	diag_sort(dl);
	static const char *const want[] = {
		"global", "a-file", "a2-5", "a2-30", "a9", "a10-1", "a10-2", "b1",
	};
	assert_int_equal(dl->n, 8);
	for (size_t i = 0; i < 8; i++)
		assert_string_equal(dl->v[i].msg, want[i]);
	/* a hint travels with its diag */
	assert_string_equal(dl->v[2].hint, "hint of a2-5");
	for (size_t i = 0; i < 8; i++)
		if (i != 2)
			assert_null(dl->v[i].hint);
	assert_int_equal(dl->v[3].level, DIAG_WARNING);
	assert_int_equal(dl->errors, 7);
	assert_int_equal(dl->warnings, 1);
}

static void
test_diag_sort_keeps_filing_order_on_ties(void **state)
{
	struct fixture *f = *state;
	struct diag_list *dl = &f->core.diags;
	/* "stable otherwise": equal positions stay in the order filed,
	 * whatever their text, however many there are */
	for (int i = 0; i < 40; i++) {
		diag_error(dl, (struct pos){ "a.md", 2, 1 }, "c", "%c%02d",
			   'z' - i % 26, i);
		diag_error(dl, (struct pos){ "a.md", 1, 1 }, "c", "first-line");
	}
	diag_sort(dl);
	for (int i = 0; i < 40; i++)
		assert_string_equal(dl->v[i].msg, "first-line");
	for (int i = 0; i < 40; i++) {
		char want[16];
		snprintf(want, sizeof(want), "%c%02d", 'z' - i % 26, i);
		assert_string_equal(dl->v[40 + i].msg, want);
	}
}

static void
test_diag_print_gnu_format(void **state)
{
	struct fixture *f = *state;
	struct diag_list *dl = &f->core.diags;
	diag_error(dl, (struct pos){ "content/products/keo-cu-do.md", 4, 8 },
		   "stars", "stars must be 3, 4 or 5, found %d", 6);
	diag_warning(dl, (struct pos){ "content/products/keo-cu-do.md", 9, 1 },
		     "unknown-field", "unknown field \"stras\" in product");
	diag_hint(dl, "did you mean \"stars\"?");
	diag_error(dl, (struct pos){ "site.yaml", 0, 0 }, "site",
		   "site.yaml not found");
	diag_error(dl, (struct pos){ "x.md", 2, 0 }, "yaml", "line only");
	diag_error(dl, (struct pos){ NULL, 0, 0 }, "io", "cannot read");
	assert_string_equal(printed(f),
		"content/products/keo-cu-do.md:4:8: error: stars must be 3, 4 or 5, found 6 [stars]\n"
		"content/products/keo-cu-do.md:9:1: warning: unknown field \"stras\" in product [unknown-field]\n"
		"  hint: did you mean \"stars\"?\n"
		"site.yaml: error: site.yaml not found [site]\n"
		"x.md:2:1: error: line only [yaml]\n"
		"ocop: error: cannot read [io]\n");
}

static void
test_diag_print_empty_list(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(printed(f), "");
	diag_sort(&f->core.diags);
	assert_int_equal(f->core.diags.n, 0);
}

static void
test_diag_long_message(void **state)
{
	struct fixture *f = *state;
	diag_error(&f->core.diags, (struct pos){ "a", 1, 1 }, "x", "%0*d",
		   3000, 1);
	assert_int_equal(strlen(f->core.diags.v[0].msg), 3000);
	assert_int_equal(f->core.diags.v[0].msg[2999], '1');
	diag_error(&f->core.diags, (struct pos){ "a", 1, 1 }, "x", "%s", "");
	assert_string_equal(f->core.diags.v[1].msg, "");
	/* many diags: the list grows */
	for (int i = 0; i < 1000; i++)
		diag_warning(&f->core.diags, (struct pos){ "a", (unsigned)i + 1, 1 }, "w",
			     "w%d", i);
	assert_int_equal(f->core.diags.n, 1002);
	assert_string_equal(f->core.diags.v[1001].msg, "w999");
	assert_int_equal(f->core.diags.warnings, 1000);
}

/* What diag_say prints, in the arena. */
static const char *
said(struct fixture *f, enum diag_lang lang, size_t errors, size_t warnings)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	diag_say(m, lang, "ocop: %zu error%s, %zu warning%s", errors,
		 diag_plural(lang, errors), warnings, diag_plural(lang, warnings));
	assert_int_equal(fclose(m), 0);
	const char *r = arena_strndup(&f->core.arena, buf, len);
	free(buf);
	return r;
}

/* A line in either language from the one English format; English
 * nouns take their plural, Vietnamese ones have none. */
static void
test_diag_say_in_both_languages(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(said(f, DIAG_EN, 1, 0), "ocop: 1 error, 0 warnings\n");
	assert_string_equal(said(f, DIAG_EN, 2, 1), "ocop: 2 errors, 1 warning\n");
	assert_string_equal(said(f, DIAG_VI, 1, 2), "ocop: 1 lỗi, 2 cảnh báo\n");
	assert_string_equal(diag_plural(DIAG_VI, 5), "");
}

/* A reset arena hands out zeroed memory again, in the block it kept,
 * whatever was written there before; big blocks are freed. */
static void
test_arena_reset_reuses_a_cleared_block(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 200; i++) {
			unsigned char *p = arena_alloc(&a, 1000);
			assert_true(all_zero(p, 1000));
			memset(p, 0xAB, 1000);
		}
		memset(arena_alloc(&a, 100000), 0xAB, 100000);
		arena_reset(&a);
		assert_int_equal(a.total, 0);
	}
	unsigned char *p = arena_alloc(&a, 5000);
	assert_true(all_zero(p, 5000));
	memset(p, 0xCD, 5000);
	arena_reset(&a);
	assert_true(all_zero(arena_alloc(&a, 5000), 5000));
	arena_release(&a);
	assert_null(a.head);
	arena_reset(&a);                 /* an empty arena stays empty */
	assert_null(a.head);
}

/* Blocks moved from a worker's arena live on in the other: written
 * before the move, read after; the source is left empty. */
static void
test_arena_adopt_keeps_blocks(void **state)
{
	struct fixture *f = *state;
	struct arena worker = ARENA_INIT, empty = ARENA_INIT;
	char *small = arena_strdup(&worker, "small");
	char *big = arena_alloc(&worker, 100000);
	memset(big, 'b', 99999);
	char *before = arena_strdup(&f->core.arena, "before");
	size_t total = f->core.arena.total + worker.total;
	arena_adopt(&f->core.arena, &worker);
	arena_adopt(&f->core.arena, &empty);
	assert_null(worker.head);
	assert_int_equal(worker.total, 0);
	assert_int_equal(f->core.arena.total, total);
	char *after = arena_strdup(&f->core.arena, "after");
	assert_string_equal(small, "small");
	assert_int_equal(strlen(big), 99999);
	assert_string_equal(before, "before");
	assert_string_equal(after, "after");

	struct arena into = ARENA_INIT;     /* an empty arena takes all */
	arena_strdup(&worker, "x");
	arena_adopt(&into, &worker);
	assert_non_null(into.head);
	assert_string_equal(arena_strdup(&into, "y"), "y");
	arena_release(&into);
}

struct count_ctx {
	unsigned char seen[5000];
	size_t fail_at;                  /* SIZE_MAX: never */
	unsigned max_worker;
};

static bool
count_item(void *ctx, unsigned worker, size_t i)
{
	struct count_ctx *c = ctx;
	c->seen[i]++;                    /* each item is one worker's */
	if (worker > c->max_worker)
		__atomic_store_n(&c->max_worker, worker, __ATOMIC_RELAXED);
	return i != c->fail_at;
}

/* Every item runs exactly once whatever the number of jobs; a failing
 * item stops the others, and every item before it has run. */
static void
test_workers_run_every_item_once(void **state)
{
	(void)state;
	static const unsigned jobs[] = { 1, 2, 3, 8 };
	for (size_t k = 0; k < sizeof(jobs) / sizeof(jobs[0]); k++) {
		struct count_ctx c = { .fail_at = SIZE_MAX };
		unsigned ran = workers_run(5000, jobs[k], 7, count_item, &c);
		assert_true(ran >= 1 && ran <= jobs[k]);
		assert_true(c.max_worker < ran);
		for (size_t i = 0; i < 5000; i++)
			assert_int_equal(c.seen[i], 1);

		memset(&c, 0, sizeof(c));
		c.fail_at = 1234;
		workers_run(5000, jobs[k], 7, count_item, &c);
		for (size_t i = 0; i <= 1234; i++)
			assert_int_equal(c.seen[i], 1);
	}
	struct count_ctx none = { .fail_at = SIZE_MAX };
	assert_int_equal(workers_run(0, 8, 16, count_item, &none), 1);
	assert_true(workers_cores() >= 1 && workers_cores() <= WORKERS_MAX);
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

/* ---- code points that need no NFC check ------------------------------ */

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

/* escape_csv: RFC 4180 quoting, and no cell a spreadsheet would run. */
static void
test_escape_csv_quotes_and_neutralises(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "plain", "plain" },
		{ "", "" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "two\r\nlines", "\"two\r\nlines\"" },
		{ "=1+1", "'=1+1" },
		{ "+cmd", "'+cmd" },
		{ "-2+3", "'-2+3" },
		{ "@SUM(A1)", "'@SUM(A1)" },
		{ "\tx", "'\tx" },
		{ "=HYPERLINK(\"u\",\"x\")", "\"'=HYPERLINK(\"\"u\"\",\"\"x\"\")\"" },
		{ "-12", "-12" },
		{ "-105.75", "-105.75" },
		{ "12.5", "12.5" },
		{ "-", "'-" },
		{ "-.5", "'-.5" },
		{ "-1.", "'-1." },
		{ "-1.2.3", "'-1.2.3" },
		{ "Bưởi, Hà Tĩnh", "\"Bưởi, Hà Tĩnh\"" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sbuf sb = SBUF_INIT;
		escape_csv(&sb, cases[i][0]);
		if (strcmp(sb.data, cases[i][1]))
			fail_msg("\"%s\" gave %s, want %s", cases[i][0], sb.data,
				 cases[i][1]);
		sbuf_release(&sb);
	}
}

static void
test_sbuf_putlong_writes_decimal(void **state)
{
	(void)state;
	static const long cases[] = { 0, 7, -1, 10, 4294967296L, LONG_MAX,
				      LONG_MIN };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sbuf sb = SBUF_INIT;
		char want[32];
		snprintf(want, sizeof(want), "x%ld", cases[i]);
		sbuf_putc(&sb, 'x');
		sbuf_putlong(&sb, cases[i]);
		assert_string_equal(sb.data, want);
		assert_int_equal(sb.len, strlen(want));
		sbuf_release(&sb);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_arena_aligns_every_allocation),
		T(test_escape_csv_quotes_and_neutralises),
		T(test_sbuf_putlong_writes_decimal),
		T(test_arena_zero_fills_reused_memory),
		T(test_arena_adopt_keeps_blocks),
		T(test_arena_reset_reuses_a_cleared_block),
		T(test_workers_run_every_item_once),
		T(test_arena_big_allocations_get_their_own_block),
		T(test_arena_many_small_allocations_cross_blocks),
		T(test_arena_strdup_and_printf),
		T(test_arena_array_overflow_dies),
		T(test_sbuf_empty_is_never_null),
		T(test_sbuf_appends_keep_invariants),
		T(test_sbuf_grows_across_many_appends),
		T(test_sbuf_reset_keeps_capacity),
		T(test_sbuf_detach_hands_over_ownership),
		T(test_utf8_next_decodes_valid_sequences),
		T(test_utf8_next_rejects_overlong_forms),
		T(test_utf8_next_rejects_surrogates_and_beyond_unicode),
		T(test_utf8_next_rejects_truncated_and_stray_bytes),
		T(test_utf8_validate_returns_first_bad_offset),
		T(test_utf8_count_counts_code_points),
		T(test_utf8_line_col_counts_code_points),
		T(test_fold_slug_vietnamese_place_names),
		T(test_fold_slug_empty_results),
		T(test_fold_slug_nfd_equals_nfc),
		T(test_fold_words),
		T(test_fold_sort_key_orders_base_letters_first),
		T(test_fold_sort_key_ties_are_total),
		T(test_fold_ascii_as_utf8proc_folds_it),
		T(test_diag_error_files_and_counts),
		T(test_diag_hint_goes_to_the_last_diag),
		T(test_diag_sort_by_path_line_col),
		T(test_diag_sort_keeps_filing_order_on_ties),
		T(test_diag_print_gnu_format),
		T(test_diag_print_empty_list),
		T(test_diag_say_in_both_languages),
		T(test_diag_long_message),
		T(test_utf8_nfc_inert_ranges_hold),
		T(test_utf8_nfc),
#undef T
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
