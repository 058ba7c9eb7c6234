/*
 * test_sbuf.c - the text builder (util/sbuf.c) and its invariants: data
 * never NULL, always NUL-terminated, len exact.  Appends of every kind
 * (bytes, strings, spans, formats, longs), growth across many appends
 * and past the capacity at once, reset keeping the capacity, and detach
 * handing the bytes over and leaving the buffer empty and reusable.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "util/sbuf.h"
#include "util/span.h"
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

static void
test_sbuf_putu64_pads_to_width(void **state)
{
	(void)state;
	static const struct { uint64_t n; size_t width; } cases[] = {
		{ 0, 1 }, { 0, 9 }, { 7, 9 }, { 123456789, 9 },
		{ 1234567890, 9 }, { UINT64_MAX, 1 }, { 42, 0 }, { 5, 25 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sbuf sb = SBUF_INIT;
		char want[48];
		size_t w = cases[i].width > 20 ? 20 : cases[i].width;
		snprintf(want, sizeof(want), "x%0*" PRIu64, (int)w, cases[i].n);
		sbuf_putc(&sb, 'x');
		sbuf_putu64(&sb, cases[i].n, cases[i].width);
		assert_string_equal(sb.data, want);
		assert_int_equal(sb.len, strlen(want));
		sbuf_release(&sb);
	}
}

/* putf into a buffer with some room, but not enough: written whole */
static void
test_sbuf_putf_past_its_room(void **state)
{
	(void)state;
	struct sbuf sb = SBUF_INIT;
	sbuf_puts(&sb, "ab");
	size_t room = sb.cap - sb.len;
	sbuf_putf(&sb, "%0*d|", (int)room + 3, 9);
	assert_int_equal(sb.len, 2 + room + 4);
	assert_memory_equal(sb.data, "ab000", 5);
	assert_memory_equal(sb.data + sb.len - 2, "9|", 2);
	assert_int_equal(sb.data[sb.len], '\0');
	/* and one that fits exactly its room, NUL aside */
	struct sbuf fit = SBUF_INIT;
	sbuf_putc(&fit, 'a');
	room = fit.cap - fit.len;
	sbuf_putf(&fit, "%0*d", (int)room - 1, 5);
	assert_int_equal(fit.len, room);
	assert_int_equal(fit.data[fit.len - 1], '5');
	assert_int_equal(fit.data[fit.len], '\0');
	sbuf_release(&sb);
	sbuf_release(&fit);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_sbuf_putlong_writes_decimal),
		T(test_sbuf_putu64_pads_to_width),
		T(test_sbuf_putf_past_its_room),
		T(test_sbuf_empty_is_never_null),
		T(test_sbuf_appends_keep_invariants),
		T(test_sbuf_grows_across_many_appends),
		T(test_sbuf_reset_keeps_capacity),
		T(test_sbuf_detach_hands_over_ownership),
#undef T
	};
	return cmocka_run_group_tests_name("sbuf", tests, NULL, NULL);
}
