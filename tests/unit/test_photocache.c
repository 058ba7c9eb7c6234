/*
 * test_photocache.c - the cache of processed photos (load/photocache.c):
 * a value put for a blob id is found again, byte for byte, by the next
 * open with the same settings, in <git dir>/ocop/images/ under the
 * SHA-256 of the program's identity, the settings and the blob id, the
 * file holding the value and then its SHA-256; another blob id or
 * other settings miss; a build of the files on disk shares the
 * repository's cache; a file that is damaged, cut short, empty,
 * garbage or not a file is never trusted (a miss) and the next put
 * replaces it; a cache that cannot be written only misses; outside git
 * there is no cache at all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "fixture.h"
#include "load_fixture.h"
#include "load/cache.h"
#include "load/photocache.h"
#include "util/sbuf.h"
#include "util/banned.h"

static const char BLOB[] = "0123456789abcdef0123456789abcdef01234567";
static const char OTHER[] = "76543210fedcba9876543210fedcba9876543210";
/* bytes of every value: a NUL, high bytes */
static const char VALUE[] = "sizes\0\x80\xff 640 1280";
#define VALUE_LEN (sizeof(VALUE) - 1)

/* The SHA-256 of p in hex, into out. */
static void
hex_sha256(const void *p, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned n = 0;
	assert_true(EVP_Digest(p, len, md, &n, EVP_sha256(), NULL));
	assert_int_equal(n, 32);
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

/* A catalog in git, opened as a build of HEAD opens it. */
static void
catalog(struct fixture *f)
{
	sh(f, GIT " init -q");
	make_catalog(f, "");
	commit_all(f, "one");
	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), 0);
}

/* Whether the cache opened with settings has blob's value, exactly
 * want (NULL: any value). */
static bool
finds(struct fixture *f, const char *settings, const char *blob,
      const char *want, size_t want_len)
{
	struct photocache pc;
	photocache_open(&pc, &f->s, settings);
	size_t len = 12345;
	unsigned char *p = photocache_get(&pc, blob, &len);
	bool found = p != NULL;
	if (p && want)
		found = len == want_len && !memcmp(p, want, len);
	if (!p)
		assert_int_equal(len, 12345);   /* untouched on a miss */
	free(p);
	photocache_close(&pc);
	return found;
}

static void
put_value(struct fixture *f, const char *settings, const char *blob,
	  const char *v, size_t len)
{
	struct photocache pc;
	photocache_open(&pc, &f->s, settings);
	assert_int_equal(photocache_put(&pc, blob, (struct span){ v, len }), 0);
	photocache_close(&pc);
}

static const char *
path_of(struct fixture *f, const char *settings, const char *blob)
{
	struct photocache pc;
	photocache_open(&pc, &f->s, settings);
	char *p = photocache_path(&pc, blob);
	assert_non_null(p);
	const char *out = arena_strdup(&f->core.arena, p);
	free(p);
	photocache_close(&pc);
	return out;
}

static void
test_photocache_kept_between_builds(void **state)
{
	struct fixture *f = *state;
	catalog(f);
	assert_false(finds(f, "w=640", BLOB, NULL, 0));
	put_value(f, "w=640", BLOB, VALUE, VALUE_LEN);
	assert_true(finds(f, "w=640", BLOB, VALUE, VALUE_LEN));
	/* another photo, other settings: other files */
	assert_false(finds(f, "w=640", OTHER, NULL, 0));
	assert_false(finds(f, "w=641", BLOB, NULL, 0));
	assert_false(finds(f, "", BLOB, NULL, 0));
	put_value(f, "w=641", BLOB, "other", 5);
	assert_true(finds(f, "w=641", BLOB, "other", 5));
	assert_true(finds(f, "w=640", BLOB, VALUE, VALUE_LEN));
	/* a put replaces the value */
	put_value(f, "w=640", BLOB, "new", 3);
	assert_true(finds(f, "w=640", BLOB, "new", 3));
	assert_string_equal(capture(f, "ls -A .git/ocop/images | wc -l"), "2");
}

static void
test_photocache_file_name_and_bytes(void **state)
{
	struct fixture *f = *state;
	catalog(f);
	put_value(f, "q=80", BLOB, VALUE, VALUE_LEN);
	/* named by the SHA-256 of the format, version, program, settings
	 * and blob id */
	char *program = cache_program_digest();
	assert_non_null(program);
	char *key = arena_printf(&f->core.arena, "ocop-photo 1 %s %s q=80 %s",
				 OCOP_VERSION, program, BLOB);
	free(program);
	char name[65];
	hex_sha256(key, strlen(key), name);
	const char *path = arena_printf(&f->core.arena,
					"%s/.git/ocop/images/%s", f->dir, name);
	assert_string_equal(path_of(f, "q=80", BLOB), path);
	/* the value, then its SHA-256 */
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, VALUE_LEN + 32);
	assert_int_equal(st.st_mode & 0777, 0644);
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	unsigned char bytes[VALUE_LEN + 32];
	assert_int_equal(fread(bytes, 1, sizeof(bytes), fp), sizeof(bytes));
	fclose(fp);
	assert_memory_equal(bytes, VALUE, VALUE_LEN);
	unsigned char md[32];
	unsigned n = 0;
	assert_true(EVP_Digest(VALUE, VALUE_LEN, md, &n, EVP_sha256(), NULL));
	assert_memory_equal(bytes + VALUE_LEN, md, 32);
	/* nothing else in the folder: no temporary file left */
	assert_string_equal(capture(f, "ls -A .git/ocop/images"), name);
}

static void
test_photocache_shared_with_worktree_builds(void **state)
{
	struct fixture *f = *state;
	catalog(f);
	const char *committed = path_of(f, "s", BLOB);
	put_value(f, "s", BLOB, VALUE, VALUE_LEN);
	/* the files on disk, from a folder inside the repository */
	sh(f, "mkdir -p deeper/x");
	make_catalog(f, "deeper/x/");
	assert_int_equal(open_at(f, "deeper/x", SOURCE_WORKTREE, NULL), 0);
	assert_false(f->s.from_git);
	assert_string_equal(path_of(f, "s", BLOB), committed);
	assert_true(finds(f, "s", BLOB, VALUE, VALUE_LEN));
}

/* Puts VALUE, damages its file with the shell command cmd (%s: its
 * path): the value must no longer be found, and a put must make it
 * whole again. */
static void
damaged(struct fixture *f, const char *cmd)
{
	put_value(f, "s", BLOB, VALUE, VALUE_LEN);
	assert_true(finds(f, "s", BLOB, VALUE, VALUE_LEN));
	const char *path = path_of(f, "s", BLOB);
	sh(f, cmd, path, path);
	assert_false(finds(f, "s", BLOB, NULL, 0));
	put_value(f, "s", BLOB, "again", 5);
	assert_true(finds(f, "s", BLOB, "again", 5));
}

static void
test_photocache_damaged_file_not_trusted(void **state)
{
	struct fixture *f = *state;
	catalog(f);
	/* a byte of the value changed, a byte of the digest changed */
	damaged(f, "printf X | dd of='%s' bs=1 seek=2 conv=notrunc status=none");
	damaged(f, "printf X | dd of='%s' bs=1 seek=$(($(stat -c %%s '%s') - 1)) "
		   "conv=notrunc status=none");
	/* cut short: by a byte, to the digest's length, to nothing */
	damaged(f, "truncate -s -1 '%s'");
	damaged(f, "truncate -s 32 '%s'");
	damaged(f, ": >'%s'");
	/* a byte more */
	damaged(f, "printf X >>'%s'");
	/* garbage, and another photo's file under this name, written for
	 * another value: the digest is of other bytes */
	damaged(f, "head -c 5000 /dev/urandom >'%s'");
	damaged(f, "{ printf 'sizes'; head -c 32 /dev/zero; } >'%s'");
	/* a folder where the file should be: a miss, and the put fails */
	const char *path = path_of(f, "s", BLOB);
	assert_int_equal(remove(path), 0);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_false(finds(f, "s", BLOB, NULL, 0));
	struct photocache pc;
	photocache_open(&pc, &f->s, "s");
	assert_int_not_equal(photocache_put(&pc, BLOB, span_from("v")), 0);
	photocache_close(&pc);
	assert_false(finds(f, "s", BLOB, NULL, 0));
}

static void
test_photocache_cannot_write(void **state)
{
	struct fixture *f = *state;
	catalog(f);
	/* a file where the cache's folder should be */
	put(f, ".git/ocop", "not a folder\n");
	struct photocache pc;
	photocache_open(&pc, &f->s, "s");
	assert_non_null(pc.dir);
	assert_int_equal(photocache_put(&pc, BLOB, span_from("v")), ENOTDIR);
	size_t len = 0;
	assert_null(photocache_get(&pc, BLOB, &len));
	photocache_close(&pc);
	assert_null(pc.dir);
	assert_string_equal(capture(f, "cat .git/ocop"), "not a folder");
}

static void
test_photocache_none_outside_git(void **state)
{
	struct fixture *f = *state;
	make_catalog(f, "");
	assert_int_equal(open_at(f, "", SOURCE_WORKTREE, NULL), 0);
	struct photocache pc;
	photocache_open(&pc, &f->s, "s");
	assert_null(pc.dir);
	assert_null(pc.identity);
	assert_null(photocache_path(&pc, BLOB));
	assert_int_equal(photocache_put(&pc, BLOB, span_from("v")), 0);
	size_t len = 7;
	assert_null(photocache_get(&pc, BLOB, &len));
	assert_int_equal(len, 7);
	photocache_close(&pc);
	assert_string_equal(capture(f, "find . -path '*ocop*' | wc -l"), "0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_photocache_kept_between_builds),
		T(test_photocache_file_name_and_bytes),
		T(test_photocache_shared_with_worktree_builds),
		T(test_photocache_damaged_file_not_trusted),
		T(test_photocache_cannot_write),
		T(test_photocache_none_outside_git),
#undef T
	};
	return cmocka_run_group_tests_name("photocache", tests, NULL, NULL);
}
