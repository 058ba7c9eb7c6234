/*
 * test_loose.c - the guard in front of libgit2's object database
 * (load/loose.c), on repositories made with git and on loose object
 * files written by hand.  Sound loose objects read through it as
 * before, and packed ones are left to libgit2.  A damaged loose object
 * (cut short, bytes after the end of its stream, a header of an unknown
 * type, without its NUL, or announcing more or fewer bytes than follow,
 * or more than any stream of its size can hold) makes the read fail,
 * never loop, by full id, by abbreviated id and through
 * objects/info/alternates; the guard remembers it, and
 * loose_guard_diag() says so once, at the file that needed it or at
 * the root.  Bytes that are sound but of the wrong object pass the
 * guard and are refused by libgit2's hash check, which is not damage
 * the guard reports.
 *
 * libgit2 1.5.1 alone spins forever on a truncated loose object, so the
 * tests that read damage run under alarm(): a hang is a failure.
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
#include <unistd.h>

#include <git2.h>
#include <zlib.h>

#include "fixture.h"
#include "load_fixture.h"
#include "load/loose.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/sbuf.h"
#include "util/banned.h"

/* Seconds a test that reads damage may take before it counts as hung. */
enum { HANG = 60 };

/* A repository opened as source.c opens it, guard installed. */
struct repo {
	git_repository *repo;
	git_odb *odb;
	struct loose_guard *guard;
};

/* Opens the repository at the fixture folder + "/" + sub ("" for
 * itself), with the guard installed when guard is true. */
static void
repo_open(struct fixture *f, struct repo *r, const char *sub, bool guard)
{
	const char *dir = sub[0]
		? arena_printf(&f->core.arena, "%s/%s", f->dir, sub) : f->dir;
	*r = (struct repo){ 0 };
	assert_int_equal(git_repository_open(&r->repo, dir), 0);
	assert_int_equal(git_repository_odb(&r->odb, r->repo), 0);
	if (guard) {
		r->guard = loose_guard_install(r->repo, r->odb);
		assert_non_null(r->guard);
	}
}

static void
repo_close(struct repo *r)
{
	git_odb_free(r->odb);
	git_repository_free(r->repo);
}

static git_oid
oid(const char *hex)
{
	git_oid id;
	assert_int_equal(git_oid_fromstr(&id, hex), 0);
	return id;
}

/* The exact message of loose_guard_diag() for the object hex, at a
 * file (path) or not (NULL). */
static const char *
corrupt(struct fixture *f, const char *hex, const char *path)
{
	if (path)
		return arena_printf(&f->core.arena, "object %.7s of \"%s\" is "
				    "corrupt (a truncated or damaged loose "
				    "object): run \"git fsck\" to find the "
				    "damage", hex, path);
	return arena_printf(&f->core.arena, "object %.7s is corrupt (a "
			    "truncated or damaged loose object): run \"git "
			    "fsck\" to find the damage", hex);
}

/* Writes a loose object file for hex in the objects folder at objdir
 * (relative to the fixture folder): the deflated raw[0..n), then the
 * extra bytes after the stream. */
static void
write_loose(struct fixture *f, const char *objdir, const char *hex,
	    const void *raw, size_t n, const char *extra)
{
	uLongf zlen = compressBound(n);
	unsigned char *z = malloc(zlen);
	assert_non_null(z);
	assert_int_equal(compress2(z, &zlen, raw, n, 6), Z_OK);
	sh(f, "mkdir -p %s/%.2s", objdir, hex);
	const char *path = arena_printf(&f->core.arena, "%s/%s/%.2s/%s",
					f->dir, objdir, hex, hex + 2);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(z, 1, zlen, fp), zlen);
	fputs(extra, fp);
	assert_int_equal(fclose(fp), 0);
	free(z);
}

/* A repository with a committed catalog: loose objects only. */
static void
make_repo(struct fixture *f)
{
	sh(f, GIT " init -q");
	make_catalog(f, "");
	commit_all(f, "one");
}

/* ---- sound objects -------------------------------------------------- */

/* Through the guard, loose objects read as they are, and packed ones
 * too; nothing is damaged, so there is nothing to say. */
static void
test_loose_sound_objects_read_through_the_guard(void **state)
{
	struct fixture *f = *state;
	make_repo(f);
	const char *blob = capture(f, GIT " rev-parse HEAD:content/products/a.md");
	struct repo r;
	repo_open(f, &r, "", true);
	assert_ptr_equal(loose_guard_of(r.repo), r.guard);

	git_oid id = oid(blob);
	git_odb_object *o;
	assert_int_equal(git_odb_read(&o, r.odb, &id), 0);
	assert_int_equal(git_odb_object_type(o), GIT_OBJECT_BLOB);
	assert_int_equal(git_odb_object_size(o), 3);
	assert_memory_equal(git_odb_object_data(o), "v1\n", 3);
	git_odb_object_free(o);
	git_object *tree;
	assert_int_equal(git_revparse_single(&tree, r.repo, "HEAD~0^{tree}"), 0);
	git_object_free(tree);
	/* an abbreviated id */
	assert_int_equal(git_odb_read_prefix(&o, r.odb, &id, 7), 0);
	assert_memory_equal(git_odb_object_data(o), "v1\n", 3);
	git_odb_object_free(o);
	/* an object that is not there is not damage */
	git_oid none = oid("0123456789abcdef0123456789abcdef01234567");
	assert_true(git_odb_read(&o, r.odb, &none) == GIT_ENOTFOUND);
	assert_int_equal(loose_guard_diag(&f->core.diags, r.guard, &none,
					  "x", f->dir), 0);
	fixture_assert_diag_count(&f->core.diags, 0);
	repo_close(&r);

	/* packed: no loose file left, libgit2's packs serve them */
	sh(f, GIT " gc -q && test ! -e .git/objects/%.2s/%s", blob, blob + 2);
	repo_open(f, &r, "", true);
	assert_int_equal(git_odb_read(&o, r.odb, &id), 0);
	assert_memory_equal(git_odb_object_data(o), "v1\n", 3);
	git_odb_object_free(o);
	assert_int_equal(loose_guard_diag(&f->core.diags, r.guard, &id,
					  "x", f->dir), 0);
	repo_close(&r);

	/* a repository without the guard has none to give */
	repo_open(f, &r, "", false);
	assert_null(loose_guard_of(r.repo));
	repo_close(&r);
	assert_null(loose_guard_of(NULL));
	assert_int_equal(loose_guard_diag(&f->core.diags, NULL, &id, "x",
					  f->dir), 0);
	fixture_assert_diag_count(&f->core.diags, 0);
}

/* ---- damage --------------------------------------------------------- */

/* A truncated blob: the read fails (and returns), libgit2's error names
 * it, and the diag is filed once: at the file when the id is the one
 * that failed, at the root otherwise. */
static void
test_loose_truncated_object_fails_and_is_reported(void **state)
{
	struct fixture *f = *state;
	make_repo(f);
	const char *blob = capture(f, GIT " rev-parse HEAD:content/products/a.md");
	const char *tree = capture(f, GIT " rev-parse HEAD:content/products");
	truncate_object(f, ".", blob);
	alarm(HANG);
	struct repo r;
	repo_open(f, &r, "", true);
	git_oid id = oid(blob), tid = oid(tree);
	git_odb_object *o;
	struct diag_list *dl = &f->core.diags;

	assert_true(git_odb_read(&o, r.odb, &id) < 0);
	assert_non_null(strstr(git_error_last()->message, arena_printf(
		&f->core.arena, "object %s is corrupt", blob)));
	assert_int_equal(loose_guard_diag(dl, r.guard, &id,
					  "content/products/a.md", f->dir), -1);
	fixture_assert_only_diag(dl, DIAG_ERROR, "content/products/a.md", 0, 0,
				 "git", corrupt(f, blob, "content/products/a.md"),
				 NULL);
	/* said once: the guard forgets it */
	assert_int_equal(loose_guard_diag(dl, r.guard, &id, "x", f->dir), 0);
	fixture_assert_diag_count(dl, 1);
	diag_list_release(dl);

	/* read again, asked about another object: at the root; with no
	 * path or an empty one: at the root */
	assert_true(git_odb_read(&o, r.odb, &id) < 0);
	assert_int_equal(loose_guard_diag(dl, r.guard, &tid,
					  "content/products", f->dir), -1);
	fixture_assert_only_diag(dl, DIAG_ERROR, f->dir, 0, 0, "git",
				 corrupt(f, blob, NULL), NULL);
	diag_list_release(dl);
	for (int k = 0; k < 2; k++) {
		assert_true(git_odb_read(&o, r.odb, &id) < 0);
		assert_int_equal(loose_guard_diag(dl, r.guard, &id,
						  k ? "" : NULL, f->dir), -1);
		fixture_assert_only_diag(dl, DIAG_ERROR, f->dir, 0, 0, "git",
					 corrupt(f, blob, NULL), NULL);
		diag_list_release(dl);
	}

	/* by abbreviated id, and through the blob API */
	assert_true(git_odb_read_prefix(&o, r.odb, &id, 7) < 0);
	assert_int_equal(loose_guard_diag(dl, r.guard, &id, "a", f->dir), -1);
	diag_list_release(dl);
	git_blob *b;
	assert_true(git_blob_lookup(&b, r.repo, &id) < 0);
	assert_int_equal(loose_guard_diag(dl, loose_guard_of(r.repo), &id,
					  "a", f->dir), -1);
	diag_list_release(dl);
	/* the tree next to it is sound */
	git_tree *t;
	assert_int_equal(git_tree_lookup(&t, r.repo, &tid), 0);
	git_tree_free(t);
	assert_int_equal(loose_guard_diag(dl, r.guard, &tid, "x", f->dir), 0);
	repo_close(&r);
	alarm(0);
}

/* Loose object files written by hand: each kind of damage fails the
 * read and is reported; the same bytes sound are read. */
static void
test_loose_each_kind_of_damage(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	alarm(HANG);
	struct repo r;
	repo_open(f, &r, "", true);
	git_odb_object *o;

	/* the right bytes at the right id: read, so the files written
	 * here are what git writes */
	const char body[] = "hello\n";
	git_oid id;
	assert_int_equal(git_odb_hash(&id, body, 6, GIT_OBJECT_BLOB), 0);
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof(hex), &id);
	write_loose(f, ".git/objects", hex, "blob 6\0hello\n", 13, "");
	assert_int_equal(git_odb_read(&o, r.odb, &id), 0);
	assert_memory_equal(git_odb_object_data(o), "hello\n", 6);
	git_odb_object_free(o);
	assert_int_equal(loose_guard_diag(&f->core.diags, r.guard, &id, "x",
					  f->dir), 0);

	static const struct {
		const char *what, *raw;
		size_t n;
		const char *extra;
	} bad[] = {
		{ "bytes after the stream", "blob 6\0hello\n", 13, "x" },
		{ "fewer bytes than announced", "blob 7\0hello\n", 13, "" },
		{ "more bytes than announced", "blob 5\0hello\n", 13, "" },
		{ "an unknown type", "blub 6\0hello\n", 13, "" },
		{ "no NUL after the size", "blob 6 hello\n", 13, "" },
		{ "no size", "blob \0hello\n", 12, "" },
		{ "no space", "blob6\0hello\n", 12, "" },
		{ "a size no stream this short holds",
		  "blob 99999999999\0hello\n", 23, "" },
		{ "a size past SIZE_MAX",
		  "blob 99999999999999999999999\0hello\n", 35, "" },
	};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		/* a fresh id for each, in one folder */
		snprintf(hex, sizeof(hex), "ab%038zu", k);
		write_loose(f, ".git/objects", hex, bad[k].raw, bad[k].n,
			    bad[k].extra);
		git_oid bid = oid(hex);
		if (git_odb_read(&o, r.odb, &bid) == 0) {
			git_odb_object_free(o);
			fail_msg("%s: read", bad[k].what);
		}
		if (loose_guard_diag(&f->core.diags, r.guard, &bid, "p",
				     f->dir) != -1)
			fail_msg("%s: not reported", bad[k].what);
		fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, "p", 0, 0,
					 "git", corrupt(f, hex, "p"), NULL);
		diag_list_release(&f->core.diags);
	}

	/* files of one or no byte, and an empty stream */
	sh(f, "mkdir -p .git/objects/cd && printf x > .git/objects/cd/%038d"
	      " && : > .git/objects/cd/%038d", 1, 2);
	snprintf(hex, sizeof(hex), "cd%038d", 3);
	write_loose(f, ".git/objects", hex, "", 0, "");
	for (int k = 1; k <= 3; k++) {
		snprintf(hex, sizeof(hex), "cd%038d", k);
		git_oid bid = oid(hex);
		assert_true(git_odb_read(&o, r.odb, &bid) < 0);
		assert_int_equal(loose_guard_diag(&f->core.diags, r.guard,
						  &bid, "p", f->dir), -1);
		diag_list_release(&f->core.diags);
	}

	/* sound bytes of another object: past the guard, refused by
	 * libgit2's hash check, which is not the guard's to report */
	snprintf(hex, sizeof(hex), "ef%038d", 0);
	write_loose(f, ".git/objects", hex, "blob 6\0hello\n", 13, "");
	git_oid other = oid(hex);
	assert_true(git_odb_read(&o, r.odb, &other) < 0);
	assert_int_equal(loose_guard_diag(&f->core.diags, r.guard, &other, "p",
					  f->dir), 0);
	fixture_assert_diag_count(&f->core.diags, 0);
	repo_close(&r);
	alarm(0);
}

/* Two loose objects that share an abbreviated id: ambiguous, not read;
 * one damaged object found by its abbreviated id is reported by its
 * full id. */
static void
test_loose_abbreviated_ids(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	alarm(HANG);
	const char *a = "12345670000000000000000000000000000000aa";
	const char *b = "12345670000000000000000000000000000000bb";
	write_loose(f, ".git/objects", a, "blob 6\0hello\n", 13, "");
	write_loose(f, ".git/objects", b, "blob 6\0hello\n", 13, "");
	struct repo r;
	repo_open(f, &r, "", true);
	git_oid short_id = oid(a);
	git_odb_object *o;
	assert_true(git_odb_read_prefix(&o, r.odb, &short_id, 7) == GIT_EAMBIGUOUS);
	fixture_assert_diag_count(&f->core.diags, 0);
	repo_close(&r);

	sh(f, "rm .git/objects/12/%s", b + 2);
	write_loose(f, ".git/objects", b, "blob 7\0hello\n", 13, "");
	sh(f, "rm .git/objects/12/%s", a + 2);
	repo_open(f, &r, "", true);
	assert_true(git_odb_read_prefix(&o, r.odb, &short_id, 8) < 0);
	git_oid full = oid(b);
	assert_int_equal(loose_guard_diag(&f->core.diags, r.guard, &full, "p",
					  f->dir), -1);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, "p", 0, 0, "git",
				 corrupt(f, b, "p"), NULL);
	repo_close(&r);
	alarm(0);
}

/* A repository that borrows objects through objects/info/alternates,
 * by a relative and by an absolute path: a damaged object over there is
 * caught too, and a sound one read. */
static void
test_loose_alternates(void **state)
{
	struct fixture *f = *state;
	sh(f, "mkdir lender && cd lender && " GIT " init -q");
	put(f, "lender/a.md", "lent\n");
	sh(f, "cd lender && " GIT " add -A && " GIT " commit -q -m one");
	const char *sound = capture(f, "cd lender && " GIT " rev-parse HEAD:a.md");
	const char *tree = capture(f, "cd lender && " GIT " rev-parse HEAD^{tree}");
	truncate_object(f, "lender", tree);
	alarm(HANG);
	for (int abs = 0; abs < 2; abs++) {
		sh(f, "rm -rf borrower && mkdir borrower && cd borrower && "
		      GIT " init -q && echo '%s' > .git/objects/info/alternates",
		   abs ? arena_printf(&f->core.arena, "%s/lender/.git/objects",
				      f->dir) : "../../../lender/.git/objects");
		struct repo r;
		repo_open(f, &r, "borrower", true);
		git_odb_object *o;
		git_oid id = oid(sound);
		assert_int_equal(git_odb_read(&o, r.odb, &id), 0);
		assert_memory_equal(git_odb_object_data(o), "lent\n", 5);
		git_odb_object_free(o);
		id = oid(tree);
		assert_true(git_odb_read(&o, r.odb, &id) < 0);
		assert_int_equal(loose_guard_diag(&f->core.diags, r.guard, &id,
						  "t", f->dir), -1);
		fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, "t", 0, 0,
					 "git", corrupt(f, tree, "t"), NULL);
		diag_list_release(&f->core.diags);
		repo_close(&r);
	}
	alarm(0);
}

/* teardown(), with any alarm left by a test that failed early off. */
static int
loose_teardown(void **state)
{
	alarm(0);
	return teardown(state);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, loose_teardown)
		T(test_loose_sound_objects_read_through_the_guard),
		T(test_loose_truncated_object_fails_and_is_reported),
		T(test_loose_each_kind_of_damage),
		T(test_loose_abbreviated_ids),
		T(test_loose_alternates),
#undef T
	};
	return cmocka_run_group_tests_name("loose", tests, NULL, NULL);
}
