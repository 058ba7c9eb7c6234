/*
 * test_arena.c - the build's arena (util/arena.c): every allocation
 * aligned and zero-filled (reused memory too), big allocations in a
 * block of their own, many small ones across blocks, strings copied and
 * formatted, reset keeping a cleared block, a worker's blocks adopted,
 * and an array whose size overflows ending the program (exit 2, as
 * util/xalloc.h says).
 *
 * Each test gets a fresh arena and diag list (fixture.h) from setup();
 * fixture_teardown() releases both, so ASan and valgrind see every
 * leak.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "fixture.h"
#include "util/arena.h"
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
	/* around the 256 bytes formatted on the stack first */
	for (int w = 253; w <= 258; w++) {
		char *s = arena_printf(&f->core.arena, "%*d", w, 7);
		assert_int_equal(strlen(s), (size_t)w);
		assert_int_equal(s[w - 1], '7');
		assert_int_equal(s[0], ' ');
	}

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_arena_aligns_every_allocation),
		T(test_arena_zero_fills_reused_memory),
		T(test_arena_adopt_keeps_blocks),
		T(test_arena_reset_reuses_a_cleared_block),
		T(test_arena_big_allocations_get_their_own_block),
		T(test_arena_many_small_allocations_cross_blocks),
		T(test_arena_strdup_and_printf),
		T(test_arena_array_overflow_dies),
#undef T
	};
	return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
