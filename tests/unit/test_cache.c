/*
 * test_cache.c - the cache kept between builds (load/cache.c): records
 * read back as written, and a reader that goes past a value's end turns
 * bad instead of reading beyond it; a value added and saved is found by
 * the next open of the same catalog, in <git dir>/ocop/; only what a
 * build looked up or added is kept; and a file that is damaged, cut
 * short, replaced by garbage or written for another folder of the
 * repository is not trusted (every lookup misses), then replaced whole
 * by the next save.  Files read from disk in a repository have their
 * own; outside git there is no cache at all.  QR codes (render/qr.h)
 * are drawn from the modules kept under their text.
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
#include "render/qr.h"
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
	cache_open(&c, &f->s, "history", "");
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
	cache_open(&c, &f->s, "history", "");
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
	cache_open(&c, &f->s, "history", "");
	struct span v;
	assert_false(cache_find(&c, CACHE_COMMITS, "k", &v));
	cache_add(&c, CACHE_COMMITS, "k", span_from("commit value"));
	cache_add(&c, CACHE_VERSIONS, "k", span_from("version value"));
	cache_add(&c, CACHE_VERSIONS, "unused", span_from("x"));
	assert_int_equal(cache_save(&c), 0);
	cache_close(&c);
	/* the shelves keep their own keys */
	struct cache d;
	cache_open(&d, &f->s, "history", "");
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
	cache_open(&c, &f->s, "history", "");
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
	cache_open(&d, &f->s, "history", "");
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
	cache_open(&c, &f->s, "history", "");
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
	cache_open(&c, &f->s, "history", "");
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
	make_catalog(f, "");
	assert_int_equal(open_at(f, "", SOURCE_WORKTREE, NULL), 0);
	struct cache c;
	cache_open(&c, &f->s, "qr", "");
	assert_null(c.path);
	cache_add(&c, CACHE_QR_CODES, "k", span_from("v"));
	struct span v;
	assert_false(cache_find(&c, CACHE_QR_CODES, "k", &v));
	assert_int_equal(cache_save(&c), 0);
	cache_close(&c);
	assert_string_equal(capture(f, "ls -A | grep -c ocop || true"), "0");
}

/* Files read from disk in a repository have a cache too, by the name
 * asked for, apart from the committed catalog's. */
static void
test_cache_of_files_on_disk(void **state)
{
	struct fixture *f = *state;
	catalog(f, "");
	const char *committed = cache_file(f);
	assert_int_equal(open_at(f, "", SOURCE_WORKTREE, NULL), 0);
	struct cache c;
	cache_open(&c, &f->s, "qr", "libqrencode 4");
	assert_non_null(c.path);
	assert_non_null(strstr(c.path, "/.git/ocop/qr-"));
	assert_string_not_equal(c.path, committed);
	cache_add(&c, CACHE_QR_CODES, "k", span_from("v"));
	assert_int_equal(cache_save(&c), 0);
	cache_close(&c);
	struct cache d;
	cache_open(&d, &f->s, "qr", "libqrencode 4");
	struct span v;
	assert_true(cache_find(&d, CACHE_QR_CODES, "k", &v));
	cache_close(&d);
	/* other settings: another identity, the file is not trusted */
	cache_open(&d, &f->s, "qr", "libqrencode 5");
	assert_false(cache_find(&d, CACHE_QR_CODES, "k", &v));
	cache_close(&d);
}

/* A build that looked nothing up and added nothing writes no file. */
static void
test_cache_nothing_to_keep(void **state)
{
	struct fixture *f = *state;
	catalog(f, "");
	struct cache c;
	cache_open(&c, &f->s, "qr", "");
	assert_int_equal(cache_save(&c), 0);
	cache_close(&c);
	assert_string_equal(capture(f, "ls -A .git | grep -c ocop || true"), "0");
}

/* The path data of a QR drawing (render/qr.h). */
static const char *
path_data(struct fixture *f, const char *svg)
{
	const char *d = strstr(svg, " d=\"");
	assert_non_null(d);
	return arena_strndup(&f->core.arena, d + 4, strcspn(d + 4, "\""));
}

/* QR codes are kept by their text and drawn from the cache: a planted
 * code (another text's modules) is what the next drawing shows, and a
 * value not the shape of a code is encoded again. */
static void
test_cache_keeps_qr_codes(void **state)
{
	struct fixture *f = *state;
	catalog(f, "");
	const char *a = "https://example.test/a/", *b = "https://example.test/b/";
	struct sbuf plain_a = SBUF_INIT, plain_b = SBUF_INIT, out = SBUF_INIT;
	assert_int_equal(qr_svg(&plain_a, a, NULL, NULL), 0);
	assert_int_equal(qr_svg(&plain_b, b, NULL, NULL), 0);
	assert_string_not_equal(path_data(f, plain_a.data), path_data(f, plain_b.data));

	struct cache c;
	cache_open(&c, &f->s, "qr", qr_settings());
	assert_int_equal(qr_svg(&out, b, &c, NULL), 0);
	assert_string_equal(out.data, plain_b.data);
	assert_int_equal(cache_save(&c), 0);
	cache_close(&c);

	/* b's modules planted under a's text */
	cache_open(&c, &f->s, "qr", qr_settings());
	struct span v;
	assert_true(cache_find(&c, CACHE_QR_CODES, b, &v));
	cache_add(&c, CACHE_QR_CODES, a, v);
	cache_add(&c, CACHE_QR_CODES, "https://example.test/c/", span_from("short"));
	assert_int_equal(cache_save(&c), 0);
	cache_close(&c);

	cache_open(&c, &f->s, "qr", qr_settings());
	sbuf_reset(&out);
	assert_int_equal(qr_svg(&out, a, &c, NULL), 0);
	assert_string_equal(path_data(f, out.data), path_data(f, plain_b.data));
	assert_non_null(strstr(out.data, "<title>https://example.test/a/</title>"));
	sbuf_reset(&out);
	struct sbuf plain_c = SBUF_INIT;
	assert_int_equal(qr_svg(&plain_c, "https://example.test/c/", NULL, NULL), 0);
	assert_int_equal(qr_svg(&out, "https://example.test/c/", &c, NULL), 0);
	assert_string_equal(out.data, plain_c.data);
	cache_close(&c);
	sbuf_release(&plain_a);
	sbuf_release(&plain_b);
	sbuf_release(&plain_c);
	sbuf_release(&out);
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
		T(test_cache_of_files_on_disk),
		T(test_cache_nothing_to_keep),
		T(test_cache_keeps_qr_codes),
#undef T
	};
	return cmocka_run_group_tests_name("cache", tests, NULL, NULL);
}
