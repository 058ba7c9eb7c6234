/*
 * test_cache.c - the cache kept between builds (load/cache.c): records
 * read back as written, and a reader that goes past a value's end turns
 * bad instead of reading beyond it; a value added and saved is found by
 * the next open of the same catalog, in <git dir>/ocop/; only what a
 * build looked up or added is kept; and a file that is damaged, cut
 * short, replaced by garbage or written for another folder of the
 * repository is not trusted (every lookup misses), then replaced whole
 * by the next save.  Outside git there is no cache at all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"
#include "load_fixture.h"
#include "load/cache.h"
#include "util/sbuf.h"
#include "util/banned.h"

static void
test_cache_records_read_back(void **state)
{
	(void)state;
	struct sbuf sb = SBUF_INIT;
	record_put_u32(&sb, 7);
	record_put_i64(&sb, -1234567890123);
	record_put_str(&sb, "Mật ong");
	record_put_str(&sb, NULL);
	record_put_str(&sb, "");
	record_put_raw(&sb, "\0\1\2", 3);
	struct record_reader r = { (const unsigned char *)sb.data,
		(const unsigned char *)sb.data + sb.len, false };
	assert_int_equal(record_u32(&r), 7);
	assert_true(record_i64(&r) == -1234567890123);
	assert_string_equal(record_str(&r), "Mật ong");
	assert_null(record_str(&r));
	assert_string_equal(record_str(&r), "");
	assert_memory_equal(record_raw(&r, 3), "\0\1\2", 3);
	assert_false(r.bad);
	assert_true(r.p == r.end);
	/* past the end: bad, and 0 or NULL from then on */
	assert_int_equal(record_u32(&r), 0);
	assert_true(r.bad);
	assert_null(record_str(&r));
	/* a string longer than what is left, or without its NUL */
	for (size_t cut = 0; cut < sb.len; cut++) {
		struct record_reader c = { (const unsigned char *)sb.data,
			(const unsigned char *)sb.data + cut, false };
		(void)record_u32(&c);
		(void)record_i64(&c);
		(void)record_str(&c);
		(void)record_str(&c);
		(void)record_str(&c);
		(void)record_raw(&c, 3);
		assert_true(c.bad);
	}
	sbuf_release(&sb);
}

/* A catalog in git, opened as a build opens it. */
static void
catalog(struct fixture *f, const char *root)
{
	sh(f, GIT " init -q");
	make_catalog(f, root);
	commit_all(f, "one");
	assert_int_equal(open_at(f, root[0] ? "sub" : "", SOURCE_HEAD, NULL), 0);
}

static const char *
cache_file(struct fixture *f)
{
	struct cache c;
	cache_open(&c, &f->s);
	assert_non_null(c.path);
	const char *path = arena_strdup(&f->core.arena, c.path);
	cache_close(&c);
	return path;
}

static bool
finds(struct fixture *f, enum cache_shelf shelf, const char *key,
      const char *want)
{
	struct cache c;
	cache_open(&c, &f->s);
	struct span v;
	bool found = cache_find(&c, shelf, key, &v);
	if (found && want)
		found = v.len == strlen(want) && !memcmp(v.p, want, v.len);
	cache_close(&c);
	return found;
}

static void
test_cache_kept_between_builds(void **state)
{
	struct fixture *f = *state;
	catalog(f, "");
	const char *path = cache_file(f);
	assert_non_null(strstr(path, "/.git/ocop/history-"));
	struct cache c;
	cache_open(&c, &f->s);
	struct span v;
	assert_false(cache_find(&c, CACHE_COMMITS, "k", &v));
	cache_add(&c, CACHE_COMMITS, "k", span_from("commit value"));
	cache_add(&c, CACHE_VERSIONS, "k", span_from("version value"));
	cache_add(&c, CACHE_VERSIONS, "unused", span_from("x"));
	assert_int_equal(cache_save(&c), 0);
	cache_close(&c);
	/* the shelves keep their own keys */
	struct cache d;
	cache_open(&d, &f->s);
	assert_true(cache_find(&d, CACHE_COMMITS, "k", &v));
	assert_int_equal(v.len, 12);
	assert_memory_equal(v.p, "commit value", 12);
	assert_true(cache_find(&d, CACHE_VERSIONS, "k", &v));
	assert_memory_equal(v.p, "version value", 13);
	/* "unused" was not looked up by this build: the save drops it */
	assert_int_equal(cache_save(&d), 0);
	cache_close(&d);
	assert_false(finds(f, CACHE_VERSIONS, "unused", NULL));
	assert_true(finds(f, CACHE_COMMITS, "k", "commit value"));
	/* no temporary file left beside it */
	assert_string_equal(capture(f, "ls -A .git/ocop | wc -l"), "1");
}

/* Saves one value, then damages the file with the shell command cmd
 * (%s: its path): the next open must not trust it, and its save must
 * write a sound file again. */
static void
damaged(struct fixture *f, const char *cmd)
{
	struct cache c;
	cache_open(&c, &f->s);
	cache_add(&c, CACHE_COMMITS, "k", span_from("a value"));
	assert_int_equal(cache_save(&c), 0);
	cache_close(&c);
	assert_true(finds(f, CACHE_COMMITS, "k", "a value"));
	const char *path = cache_file(f);
	char *line = NULL;
	size_t n = 0;
	FILE *p = popen(arena_printf(&f->core.arena, cmd, path, path), "r");
	assert_non_null(p);
	while (getline(&line, &n, p) > 0) {
	}
	free(line);
	assert_int_equal(pclose(p), 0);
	assert_false(finds(f, CACHE_COMMITS, "k", NULL));
	struct cache d;
	cache_open(&d, &f->s);
	cache_add(&d, CACHE_COMMITS, "k", span_from("again"));
	assert_int_equal(cache_save(&d), 0);
	cache_close(&d);
	assert_true(finds(f, CACHE_COMMITS, "k", "again"));
}

static void
test_cache_damaged_file_not_trusted(void **state)
{
	struct fixture *f = *state;
	catalog(f, "");
	/* a byte of the value changed: the digest no longer matches */
	damaged(f, "sed -i 's/a value/a VALUE/' '%s'");
	/* cut short, by one byte and to half */
	damaged(f, "truncate -s -1 '%s'");
	damaged(f, "truncate -s $(($(stat -c %%s '%s') / 2)) '%s'");
	/* garbage, and nothing */
	damaged(f, "head -c 5000 /dev/urandom >'%s'");
	damaged(f, ": >'%s'");
	/* a folder where the file should be: nothing read, the save fails */
	const char *path = cache_file(f);
	assert_int_equal(remove(path), 0);
	assert_int_equal(mkdir(path, 0755), 0);
	struct cache c;
	cache_open(&c, &f->s);
	cache_add(&c, CACHE_COMMITS, "k", span_from("v"));
	assert_int_not_equal(cache_save(&c), 0);
	cache_close(&c);
}

static void
test_cache_is_per_catalog_folder(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	make_catalog(f, "sub/");
	commit_all(f, "two catalogs");
	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), 0);
	const char *top = cache_file(f);
	struct cache c;
	cache_open(&c, &f->s);
	cache_add(&c, CACHE_COMMITS, "k", span_from("top"));
	assert_int_equal(cache_save(&c), 0);
	cache_close(&c);
	source_close(&f->s);
	assert_int_equal(open_at(f, "sub", SOURCE_HEAD, NULL), 0);
	assert_string_not_equal(cache_file(f), top);
	assert_false(finds(f, CACHE_COMMITS, "k", NULL));
	/* the top's file written for sub's folder: another identity */
	assert_int_equal(system(arena_printf(&f->core.arena, "cp '%s' '%s'",
					     top, cache_file(f))), 0);
	assert_false(finds(f, CACHE_COMMITS, "k", NULL));
}

static void
test_cache_none_outside_git(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	assert_int_equal(open_at(f, "", SOURCE_WORKTREE, NULL), 0);
	struct cache c;
	cache_open(&c, &f->s);
	assert_null(c.path);
	cache_add(&c, CACHE_COMMITS, "k", span_from("v"));
	struct span v;
	assert_false(cache_find(&c, CACHE_COMMITS, "k", &v));
	assert_int_equal(cache_save(&c), 0);
	cache_close(&c);
	assert_string_equal(capture(f, "ls -A .git | grep -c ocop || true"), "0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		cmocka_unit_test(test_cache_records_read_back),
		T(test_cache_kept_between_builds),
		T(test_cache_damaged_file_not_trusted),
		T(test_cache_is_per_catalog_folder),
		T(test_cache_none_outside_git),
#undef T
	};
	return cmocka_run_group_tests_name("cache", tests, NULL, NULL);
}
