/*
 * test_xalloc.c - allocation that cannot fail (util/xalloc.c): a size
 * sum or product that overflows ends the program with exit status 2
 * and the one line "ocop: out of memory" (in a child process, as does
 * xgrow() asked for more elements than memory can count); sizes that
 * fit are computed exactly; a zero-size request still gets a pointer
 * of its own; xcalloc() zero-fills; the string copies are exact and
 * NUL-terminated; xgrow() starts at 8 and doubles, keeping the contents
 * and leaving a large enough array alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "util/xalloc.h"
#include "util/banned.h"

struct fixture {
	struct fixture_core core;
};

static int
setup(void **state)
{
	return fixture_setup(state, sizeof(struct fixture));
}

enum { ADD_OVERFLOW, MUL_OVERFLOW, GROW_OVERFLOW, STRNDUP_OVERFLOW,
       NO_OVERFLOW };

/* Runs the call `what` in a child whose stderr goes to a pipe; *status
 * gets its exit status (-1 when killed) and the text it printed is
 * returned, in the arena. */
static const char *
die(struct fixture *f, int what, int *status)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* no cmocka here: a failure would jump into the parent's
		 * copy of the runner */
		close(fds[0]);
		if (dup2(fds[1], 2) < 0)
			_exit(99);
		void *v = NULL;
		size_t cap = 0;
		switch (what) {
		case ADD_OVERFLOW:
			xadd(SIZE_MAX, 1);
			break;
		case MUL_OVERFLOW:
			xmul(SIZE_MAX / 2 + 1, 2);
			break;
		case GROW_OVERFLOW:
			xgrow(&v, &cap, SIZE_MAX / 4 + 1, 8);
			break;
		case STRNDUP_OVERFLOW:
			xstrndup("", SIZE_MAX);
			break;
		case NO_OVERFLOW:
			if (xadd(SIZE_MAX - 1, 1) != SIZE_MAX ||
			    xmul(SIZE_MAX / 3, 3) != SIZE_MAX / 3 * 3)
				_exit(98);
			break;
		}
		_exit(0);
	}
	close(fds[1]);
	char buf[256];
	size_t len = 0;
	ssize_t n;
	while ((n = read(fds[0], buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)n;
	close(fds[0]);
	buf[len] = '\0';
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	*status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	return arena_strdup(&f->core.arena, buf);
}

static void
test_xalloc_overflow_dies_with_one_line(void **state)
{
	struct fixture *f = *state;
	static const int cases[] = { ADD_OVERFLOW, MUL_OVERFLOW, GROW_OVERFLOW,
				     STRNDUP_OVERFLOW };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int status;
		const char *said = die(f, cases[i], &status);
		if (status != 2 || strcmp(said, "ocop: out of memory\n"))
			fail_msg("case %zu: status %d, said \"%s\"", i, status,
				 said);
	}
	int status;
	assert_string_equal(die(f, NO_OVERFLOW, &status), "");
	assert_int_equal(status, 0);
}

static void
test_xalloc_sizes_that_fit(void **state)
{
	(void)state;
	assert_int_equal(xadd(0, 0), 0);
	assert_int_equal(xadd(40, 2), 42);
	assert_true(xadd(SIZE_MAX, 0) == SIZE_MAX);
	assert_true(xadd(0, SIZE_MAX) == SIZE_MAX);
	assert_int_equal(xmul(6, 7), 42);
	assert_int_equal(xmul(0, SIZE_MAX), 0);
	assert_int_equal(xmul(SIZE_MAX, 0), 0);
	assert_true(xmul(SIZE_MAX, 1) == SIZE_MAX);
	assert_true(xmul((size_t)1 << 31, (size_t)1 << 31) == (size_t)1 << 62);
}

/* Zero-size requests get distinct pointers that free() takes;
 * xcalloc() zero-fills; xrealloc() keeps what was there. */
static void
test_xalloc_zero_sizes_and_contents(void **state)
{
	(void)state;
	void *a = xmalloc(0), *b = xmalloc(0), *c = xcalloc(0, 0);
	void *d = xcalloc(0, 16), *e = xrealloc(NULL, 0);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_non_null(d);
	assert_non_null(e);
	assert_ptr_not_equal(a, b);
	free(a);
	free(b);
	free(c);
	free(d);
	free(e);

	unsigned char *z = xcalloc(1000, 3);
	for (size_t i = 0; i < 3000; i++)
		assert_int_equal(z[i], 0);
	memset(z, 0x5A, 3000);
	z = xrealloc(z, 100000);
	for (size_t i = 0; i < 3000; i++)
		assert_int_equal(z[i], 0x5A);
	z = xrealloc(z, 0);                      /* still a pointer */
	assert_non_null(z);
	free(z);
}

static void
test_xalloc_string_copies(void **state)
{
	(void)state;
	const char *s = "Chè Hồng Lộc";
	char *d = xstrdup(s);
	assert_ptr_not_equal(d, s);
	assert_string_equal(d, s);
	free(d);
	d = xstrndup(s, 4);                      /* "Chè": 4 bytes */
	assert_string_equal(d, "Chè");
	free(d);
	d = xstrndup(s, 0);
	assert_string_equal(d, "");
	free(d);
	d = xstrndup("a\0b", 3);                 /* n bytes, NUL or not */
	assert_memory_equal(d, "a\0b", 4);
	free(d);
	d = xstrdup("");
	assert_string_equal(d, "");
	free(d);
}

/* xgrow(): 8 elements first, then doubling until need fits; the
 * contents move with the array; enough room already changes nothing. */
static void
test_xalloc_grow(void **state)
{
	(void)state;
	int *v = NULL;
	size_t cap = 0;
	void *p = v;
	xgrow(&p, &cap, 1, sizeof(int));
	v = p;
	assert_non_null(v);
	assert_int_equal(cap, 8);
	for (int i = 0; i < 8; i++)
		v[i] = i;
	xgrow(&p, &cap, 8, sizeof(int));         /* fits: unchanged */
	assert_ptr_equal(p, v);
	assert_int_equal(cap, 8);
	xgrow(&p, &cap, 9, sizeof(int));
	assert_int_equal(cap, 16);
	xgrow(&p, &cap, 100, sizeof(int));
	assert_int_equal(cap, 128);
	v = p;
	for (int i = 0; i < 8; i++)
		assert_int_equal(v[i], i);
	v[127] = 127;
	xgrow(&p, &cap, 0, sizeof(int));
	assert_int_equal(cap, 128);
	assert_int_equal(((int *)p)[127], 127);
	free(p);

	p = NULL;
	cap = 0;
	xgrow(&p, &cap, 1000, 1);
	assert_int_equal(cap, 1024);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_xalloc_overflow_dies_with_one_line),
		T(test_xalloc_sizes_that_fit),
		T(test_xalloc_zero_sizes_and_contents),
		T(test_xalloc_string_copies),
		T(test_xalloc_grow),
#undef T
	};
	return cmocka_run_group_tests_name("xalloc", tests, NULL, NULL);
}
