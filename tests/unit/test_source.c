/*
 * test_source.c - the loader (load/source.c), against throwaway
 * repositories: HEAD, --rev, --worktree and --staged, a catalog in a
 * subfolder, what is in scope, order, symbolic links, submodules, bare
 * and empty repositories, files read on demand, damaged loose objects
 * reported at the file that needs them, unreadable and special files,
 * many files read on several threads.
 *
 * Each test gets a fresh folder from mkdtemp() under /tmp and builds
 * its repository with the git command line, with fixed identities and
 * dates and without the user's or the system's git configuration, so
 * commit times are known (load_fixture.h, shared with test_packorder.c
 * and test_loose.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <git2.h>

#include "fixture.h"
#include "load_fixture.h"
#include "load/source.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/sbuf.h"
#include "util/banned.h"

static void
assert_paths(const struct source_set *s, const char *const *want, size_t n)
{
	for (size_t i = 0; i < s->n && i < n; i++)
		assert_string_equal(s->v[i].path, want[i]);
	assert_int_equal(s->n, n);
}

/* The one diag filed, which must be an error. */
static void
assert_error(struct fixture *f, const char *code, const char *msg)
{
	assert_int_equal(f->core.diags.n, 1);
	assert_int_equal(f->core.diags.v[0].level, DIAG_ERROR);
	assert_string_equal(f->core.diags.v[0].code, code);
	assert_string_equal(f->core.diags.v[0].msg, msg);
}

static const char *const catalog_paths[] = {
	"content/products/a.md",
	"site.yaml",
	"themes/default/page.html",
};

static void
test_source_head_reads_commit_not_disk(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	commit_all(f, "one");
	put(f, "content/products/a.md", "v2 uncommitted\n");
	put(f, "content/products/new.md", "new\n");

	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_true(f->s.from_git);
	assert_false(f->s.fell_back);
	assert_non_null(f->s.repo);
	assert_string_equal(f->s.root, f->dir);
	assert_string_equal(text(f, "content/products/a.md"), "v1\n");
	assert_null(source_find(&f->s, "content/products/new.md"));
	assert_paths(&f->s, catalog_paths, 3);
	assert_string_equal(f->s.commit, capture(f, GIT " rev-parse HEAD"));
}

static void
test_source_worktree_reads_disk(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	commit_all(f, "one");
	put(f, "content/products/a.md", "v2 uncommitted\n");
	put(f, "content/products/new.md", "new\n");

	assert_int_equal(open_at(f, "", SOURCE_WORKTREE, NULL), 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_false(f->s.from_git);
	assert_false(f->s.fell_back);
	assert_null(f->s.repo);
	assert_string_equal(f->s.commit, "");
	assert_string_equal(text(f, "content/products/a.md"),
			    "v2 uncommitted\n");
	assert_string_equal(text(f, "content/products/new.md"), "new\n");
	assert_string_equal(source_find(&f->s, "site.yaml")->oid, "");
	assert_int_equal(f->s.n, 4);
}

static void
test_source_rev_by_tag(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	commit_all(f, "one");
	sh(f, GIT " tag -a v1 -m 'release 1' && " GIT " tag light");
	const char *first = capture(f, GIT " rev-parse HEAD");
	put(f, "content/products/a.md", "v2\n");
	commit_all(f, "two");

	assert_int_equal(open_at(f, "", SOURCE_REV, "v1"), 0);
	assert_string_equal(text(f, "content/products/a.md"), "v1\n");
	assert_string_equal(f->s.commit, first);   /* peeled to the commit */

	assert_int_equal(open_at(f, "", SOURCE_REV, "light"), 0);
	assert_string_equal(text(f, "content/products/a.md"), "v1\n");

	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), 0);
	assert_string_equal(text(f, "content/products/a.md"), "v2\n");
	assert_int_equal(f->core.diags.n, 0);
}

static void
test_source_rev_by_commit_id(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	commit_all(f, "one");
	const char *first = capture(f, GIT " rev-parse HEAD");
	put(f, "content/products/a.md", "v2\n");
	commit_all(f, "two");

	assert_int_equal(open_at(f, "", SOURCE_REV, first), 0);
	assert_string_equal(text(f, "content/products/a.md"), "v1\n");
	assert_string_equal(f->s.commit, first);

	const char *abbrev = arena_strndup(&f->core.arena, first, 7);
	assert_int_equal(open_at(f, "", SOURCE_REV, abbrev), 0);
	assert_string_equal(text(f, "content/products/a.md"), "v1\n");

	assert_int_equal(open_at(f, "", SOURCE_REV, "HEAD~1"), 0);
	assert_string_equal(f->s.commit, first);
	assert_int_equal(f->core.diags.n, 0);
}

static void
test_source_rev_unknown(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	commit_all(f, "one");

	assert_int_equal(open_at(f, "", SOURCE_REV, "v9"), -1);
	assert_error(f, "git", "unknown revision \"v9\"");
	assert_string_equal(f->core.diags.v[0].at.path, f->dir);
	assert_null(f->s.repo);   /* nothing left open after a failure */
	assert_int_equal(f->s.n, 0);
}

static void
test_source_rev_outside_repo(void **state)
{
	struct fixture *f = *state;
	make_catalog(f, "");

	assert_int_equal(open_at(f, "", SOURCE_REV, "v1"), -1);
	assert_int_equal(f->core.diags.n, 1);
	assert_string_equal(f->core.diags.v[0].code, "git");
	assert_non_null(strstr(f->core.diags.v[0].msg, "cannot open the repository"));
	assert_false(f->s.fell_back);
}

static void
test_source_subfolder_catalog(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "sub/");
	put(f, "content/outside.md", "not the catalog\n");
	put(f, "site.yaml", "title: repository root\n");
	commit_all(f, "one");
	put(f, "sub/site.yaml", "title: edited\n");

	assert_int_equal(open_at(f, "sub", SOURCE_HEAD, NULL), 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_paths(&f->s, catalog_paths, 3);
	assert_string_equal(text(f, "site.yaml"), "title: T\n");

	/* a relative path and a trailing slash name the same folder */
	char cwd[4096];
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(f->dir), 0);
	source_close(&f->s);
	int rc = source_open(&f->s, "sub/", SOURCE_HEAD, NULL, 2, NULL, &f->core.arena, &f->core.diags);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(rc, 0);
	assert_paths(&f->s, catalog_paths, 3);

	assert_int_equal(open_at(f, "sub", SOURCE_WORKTREE, NULL), 0);
	assert_string_equal(text(f, "site.yaml"), "title: edited\n");
}

static void
test_source_subfolder_not_committed(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	put(f, "README.md", "x\n");
	commit_all(f, "one");
	make_catalog(f, "new/");

	assert_int_equal(open_at(f, "new", SOURCE_HEAD, NULL), -1);
	const char *msg = arena_printf(&f->core.arena,
		"the catalog folder \"new\" is not in commit %.7s: commit it "
		"first, or build the files on disk with --worktree",
		capture(f, GIT " rev-parse HEAD"));
	assert_error(f, "git", msg);
}

static void
test_source_scope_skips_other_files(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	put(f, "themes/.git-keep", "x\n");
	put(f, "other.yaml", "x\n");
	commit_all(f, "one");

	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), 0);
	assert_paths(&f->s, catalog_paths, 3);
	assert_int_equal(open_at(f, "", SOURCE_WORKTREE, NULL), 0);
	assert_paths(&f->s, catalog_paths, 3);
	assert_int_equal(f->core.diags.n, 0);
}

static void
test_source_sorted_bytewise(void **state)
{
	static const char *const want[] = {
		"content/B.md",
		"content/a-b.md",
		"content/a.md",
		"content/a/b.md",
		"content/a0.md",
		"content/\xc3\xa1.md",   /* á: bytes >= 0x80 sort last */
		"site.yaml",
		"themes/t.css",
	};
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	/* written in reverse so creation order cannot help */
	for (size_t i = sizeof(want) / sizeof(want[0]); i-- > 0;)
		put(f, want[i], "x\n");
	commit_all(f, "one");

	enum source_mode modes[] = { SOURCE_HEAD, SOURCE_WORKTREE };
	for (size_t m = 0; m < 2; m++) {
		assert_int_equal(open_at(f, "", modes[m], NULL), 0);
		assert_paths(&f->s, want, sizeof(want) / sizeof(want[0]));
		for (size_t i = 1; i < f->s.n; i++)
			assert_true(strcmp(f->s.v[i - 1].path,
					   f->s.v[i].path) < 0);
	}
}

static void
test_source_symlink_listed(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	sh(f, "ln -s ../../site.yaml content/products/link.md && "
	      "ln -s /nonexistent/target themes/dangling");
	commit_all(f, "one");

	enum source_mode modes[] = { SOURCE_HEAD, SOURCE_WORKTREE };
	for (size_t m = 0; m < 2; m++) {
		assert_int_equal(open_at(f, "", modes[m], NULL), 0);
		const struct source *s =
			source_find(&f->s, "content/products/link.md");
		assert_non_null(s);
		assert_true(s->is_symlink);
		assert_string_equal(s->data.p, "../../site.yaml");
		assert_int_equal(s->data.len, strlen("../../site.yaml"));
		s = source_find(&f->s, "themes/dangling");
		assert_non_null(s);
		assert_true(s->is_symlink);
		assert_string_equal(s->data.p, "/nonexistent/target");
		assert_false(source_find(&f->s, "site.yaml")->is_symlink);
	}
	assert_int_equal(f->core.diags.n, 0);
}

static void
test_source_symlinked_folder_not_followed(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	put(f, "elsewhere/secret.md", "secret\n");
	sh(f, "ln -s ../elsewhere content/linked");
	commit_all(f, "one");

	enum source_mode modes[] = { SOURCE_HEAD, SOURCE_WORKTREE };
	for (size_t m = 0; m < 2; m++) {
		assert_int_equal(open_at(f, "", modes[m], NULL), 0);
		assert_true(source_find(&f->s, "content/linked")->is_symlink);
		assert_null(source_find(&f->s, "content/linked/secret.md"));
	}
}

static void
test_source_not_a_repo_falls_back(void **state)
{
	struct fixture *f = *state;
	make_catalog(f, "");

	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_true(f->s.fell_back);
	assert_false(f->s.from_git);
	assert_null(f->s.repo);
	assert_paths(&f->s, catalog_paths, 3);
	assert_string_equal(text(f, "site.yaml"), "title: T\n");
}

static void
test_source_empty_repo(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");

	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), -1);
	assert_error(f, "git", "the repository has no commit yet: commit the "
		     "catalog first, or build the files on disk with "
		     "--worktree");
	assert_false(f->s.fell_back);
	assert_null(f->s.repo);
}

static void
test_source_oid_matches_hash_object(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	put(f, "content/empty.md", "");
	commit_all(f, "one");

	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), 0);
	const struct source *s = source_find(&f->s, "content/products/a.md");
	assert_string_equal(s->oid,
		capture(f, GIT " hash-object content/products/a.md"));
	s = source_find(&f->s, "content/empty.md");
	assert_string_equal(s->oid, capture(f, GIT " hash-object "
					    "content/empty.md"));
	assert_int_equal(s->data.len, 0);
	assert_string_equal(s->data.p, "");
}

/* The one diag filed, which must be the submodule warning for path. */
static void
assert_submodule(struct fixture *f, const char *path)
{
	assert_int_equal(f->core.diags.n, 1);
	assert_int_equal(f->core.diags.v[0].level, DIAG_WARNING);
	assert_string_equal(f->core.diags.v[0].code, "submodule");
	assert_string_equal(f->core.diags.v[0].at.path, path);
	assert_string_equal(f->core.diags.v[0].msg, arena_printf(
		&f->core.arena, "\"%s\" is a git submodule: skipped, its "
		"files are not part of this catalog", path));
	diag_list_release(&f->core.diags);
}

static void
test_source_submodule_skipped(void **state)
{
	struct fixture *f = *state;
	sh(f, "mkdir lib && cd lib && " GIT " init -q && echo x > x.md && "
	      GIT " add x.md && " GIT " commit -q -m lib");
	sh(f, "mkdir cat && cd cat && " GIT " init -q");
	make_catalog(f, "cat/");
	sh(f, "cd cat && " GIT " submodule add -q ../lib content/vendor && "
	      GIT " add -A && " GIT " commit -q -m one");

	enum source_mode modes[] = { SOURCE_HEAD, SOURCE_STAGED,
				     SOURCE_WORKTREE };
	for (size_t m = 0; m < 3; m++) {
		assert_int_equal(open_at(f, "cat", modes[m], NULL), 0);
		assert_submodule(f, "content/vendor");
		assert_paths(&f->s, catalog_paths, 3);
	}
	/* a repository of its own inside the catalog, never committed */
	sh(f, "cd cat/content && " GIT " init -q nested && "
	      "echo y > nested/y.md");
	assert_int_equal(open_at(f, "cat", SOURCE_WORKTREE, NULL), 0);
	assert_int_equal(f->core.diags.n, 2);
	assert_string_equal(f->core.diags.v[0].at.path, "content/nested");
	assert_string_equal(f->core.diags.v[0].code, "submodule");
	assert_null(source_find(&f->s, "content/nested/y.md"));
}

static void
test_source_submodule_at_the_top(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	sh(f, GIT " add -A && " GIT " rm -q -r --cached themes && "
	      GIT " update-index --add --cacheinfo "
	      "160000,1234567890123456789012345678901234567890,themes && "
	      GIT " commit -q -m one");

	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), 0);
	assert_submodule(f, "themes");
	assert_int_equal(open_at(f, "", SOURCE_STAGED, NULL), 0);
	assert_submodule(f, "themes");
	assert_null(source_find(&f->s, "themes/default/page.html"));
}

static void
test_source_bare_repo_refused(void **state)
{
	struct fixture *f = *state;
	sh(f, "mkdir work && cd work && " GIT " init -q");
	make_catalog(f, "work/");
	sh(f, "cd work && " GIT " add -A && " GIT " commit -q -m one && "
	      "cd .. && " GIT " clone -q --bare work bare.git");
	char *real = realpath(f->dir, NULL);
	assert_non_null(real);
	const char *bare = arena_printf(&f->core.arena, "%s/bare.git", real);
	free(real);

	enum source_mode modes[] = { SOURCE_HEAD, SOURCE_REV, SOURCE_STAGED,
				     SOURCE_WORKTREE };
	for (size_t m = 0; m < 4; m++) {
		assert_int_equal(open_at(f, "bare.git", modes[m], "HEAD"), -1);
		assert_error(f, "git", arena_printf(&f->core.arena,
			     "\"%s\" is a bare git repository, which has no "
			     "files to build: clone it (git clone %s catalog) "
			     "and build in the clone", bare, bare));
		assert_string_equal(f->core.diags.v[0].at.path, bare);
		assert_null(f->s.repo);
		assert_int_equal(f->s.n, 0);
		diag_list_release(&f->core.diags);
	}
}

/* source_load() of path into the fixture's arena: its bytes, or NULL
 * when it failed. */
static const char *
load(struct fixture *f, const char *path, size_t max, size_t *len)
{
	const struct source *s = source_find(&f->s, path);
	if (!s)
		fail_msg("\"%s\" is not listed", path);
	struct span out = { "x", 1 };
	if (source_load(&out, &f->s, s, max, &f->core.arena,
			&f->core.diags) < 0) {
		assert_null(out.p);
		return NULL;
	}
	assert_non_null(out.p);
	assert_int_equal(out.p[out.len], '\0');
	if (len)
		*len = out.len;
	return out.p;
}

/* Only entries, site.yaml, themes and links are read by source_open();
 * the rest waits for source_load(), from the commit, the index or disk. */
static void
test_source_load_reads_on_demand(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	put(f, "content/products/a/photo.jpg", "JPEG bytes");
	put(f, "themes/default/static/logo.png", "PNG");
	put(f, "content/notes.txt", "");
	sh(f, "ln -s a/photo.jpg content/products/alias.jpg");
	commit_all(f, "one");
	put(f, "content/products/a/photo.jpg", "on disk, longer");
	sh(f, GIT " add content/products/a/photo.jpg");

	enum source_mode modes[] = { SOURCE_HEAD, SOURCE_STAGED,
				     SOURCE_WORKTREE };
	const char *want[] = { "JPEG bytes", "on disk, longer",
			       "on disk, longer" };
	for (size_t m = 0; m < 3; m++) {
		assert_int_equal(open_at(f, "", modes[m], NULL), 0);
		const struct source *s =
			source_find(&f->s, "content/products/a/photo.jpg");
		assert_null(s->data.p);
		assert_int_equal(s->data.len, 0);
		assert_int_equal(s->size, strlen(want[m]));
		assert_int_equal(s->oid[0] != '\0', modes[m] != SOURCE_WORKTREE);
		size_t len = 0;
		assert_string_equal(load(f, s->path, 100, &len), want[m]);
		assert_int_equal(len, strlen(want[m]));
		assert_null(source_find(&f->s, "content/notes.txt")->data.p);
		assert_string_equal(load(f, "content/notes.txt", 0, NULL), "");

		/* read at once, and source_load() hands them back */
		s = source_find(&f->s, "content/products/a.md");
		assert_string_equal(s->data.p, "v1\n");
		assert_int_equal(s->size, 3);
		assert_ptr_equal(load(f, s->path, 3, NULL), s->data.p);
		assert_non_null(source_find(&f->s,
			"themes/default/static/logo.png")->data.p);
		s = source_find(&f->s, "content/products/alias.jpg");
		assert_true(s->is_symlink);
		assert_string_equal(s->data.p, "a/photo.jpg");
		assert_string_equal(load(f, s->path, 100, NULL), "a/photo.jpg");
		assert_int_equal(f->core.diags.n, 0);
	}
}

static void
test_source_load_max(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	put(f, "content/big.bin", "0123456789");
	sh(f, "head -c 1048577 /dev/zero > content/mib.bin");
	commit_all(f, "one");

	enum source_mode modes[] = { SOURCE_HEAD, SOURCE_WORKTREE };
	for (size_t m = 0; m < 2; m++) {
		assert_int_equal(open_at(f, "", modes[m], NULL), 0);
		assert_string_equal(load(f, "content/big.bin", 10, NULL),
				    "0123456789");
		assert_null(load(f, "content/big.bin", 9, NULL));
		assert_error(f, "size", "file is larger than 9 bytes "
			     "(10 bytes)");
		assert_string_equal(f->core.diags.v[0].at.path,
				    "content/big.bin");
		diag_list_release(&f->core.diags);

		assert_null(load(f, "content/mib.bin", 1 << 20, NULL));
		assert_error(f, "size", "file is larger than 1 MiB "
			     "(1048577 bytes)");
		diag_list_release(&f->core.diags);
		/* read at once, still held to max */
		assert_null(load(f, "content/products/a.md", 2, NULL));
		assert_error(f, "size", "file is larger than 2 bytes "
			     "(3 bytes)");
		diag_list_release(&f->core.diags);
	}
}

/* On disk the file is opened again, one component at a time: a folder
 * or the file itself swapped for a symbolic link since source_open()
 * is refused, and so is anything but a regular file. */
static void
test_source_load_refuses_links_on_disk(void **state)
{
	struct fixture *f = *state;
	make_catalog(f, "");
	put(f, "content/products/a/photo.jpg", "mine");
	put(f, "content/products/b/photo.jpg", "mine too");
	put(f, "elsewhere/photo.jpg", "secret");
	put(f, "elsewhere/b.jpg", "secret");

	assert_int_equal(open_at(f, "", SOURCE_WORKTREE, NULL), 0);
	assert_string_equal(load(f, "content/products/a/photo.jpg", 100,
				 NULL), "mine");
	sh(f, "mv content/products/a content/products/a.old && "
	      "ln -s ../../elsewhere content/products/a");
	assert_null(load(f, "content/products/a/photo.jpg", 100, NULL));
	assert_error(f, "io", arena_printf(&f->core.arena, "cannot read "
		     "\"content/products/a/photo.jpg\": %s", strerror(ENOTDIR)));
	diag_list_release(&f->core.diags);

	sh(f, "rm content/products/b/photo.jpg && "
	      "ln -s ../../../elsewhere/b.jpg content/products/b/photo.jpg");
	assert_null(load(f, "content/products/b/photo.jpg", 100, NULL));
	assert_error(f, "io", arena_printf(&f->core.arena, "cannot read "
		     "\"content/products/b/photo.jpg\": %s", strerror(ELOOP)));
	diag_list_release(&f->core.diags);

	sh(f, "rm content/products/b/photo.jpg && "
	      "mkfifo content/products/b/photo.jpg");
	assert_null(load(f, "content/products/b/photo.jpg", 100, NULL));
	assert_error(f, "io", arena_printf(&f->core.arena, "cannot read "
		     "\"content/products/b/photo.jpg\": %s", strerror(EINVAL)));
	diag_list_release(&f->core.diags);

	sh(f, "rm content/products/b/photo.jpg");
	assert_null(load(f, "content/products/b/photo.jpg", 100, NULL));
	assert_error(f, "io", arena_printf(&f->core.arena, "cannot read "
		     "\"content/products/b/photo.jpg\": %s", strerror(ENOENT)));
}

/* libgit2 1.5.1 would spin forever on these (libgit2 #7342). */
static void
test_source_corrupt_loose_object(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	put(f, "content/products/b/photo.jpg", "JPEG bytes");
	commit_all(f, "one");
	const char *blob = capture(f, GIT " rev-parse HEAD:content/products/a.md");
	const char *jpg = capture(f, GIT " rev-parse "
				  "HEAD:content/products/b/photo.jpg");
	const char *tree = capture(f, GIT " rev-parse HEAD:content/products");
	const char *commit = capture(f, GIT " rev-parse HEAD");
	sh(f, "cp -R .git ../%s.git-copy", strrchr(f->dir, '/') + 1);

	/* an unused image is listed, never inflated: the damage shows
	 * when it is read */
	truncate_object(f, ".", jpg);
	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), 0);
	assert_null(load(f, "content/products/b/photo.jpg", 100, NULL));
	assert_error(f, "git", arena_printf(&f->core.arena, "object %.7s of "
		     "\"content/products/b/photo.jpg\" is corrupt (a truncated "
		     "or damaged loose object): run \"git fsck\" to find the "
		     "damage", jpg));
	diag_list_release(&f->core.diags);

	truncate_object(f, ".", blob);
	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), -1);
	assert_error(f, "git", arena_printf(&f->core.arena, "object %.7s of "
		     "\"content/products/a.md\" is corrupt (a truncated or "
		     "damaged loose object): run \"git fsck\" to find the "
		     "damage", blob));
	assert_string_equal(f->core.diags.v[0].at.path, "content/products/a.md");
	diag_list_release(&f->core.diags);
	/* the same blob, staged */
	assert_int_equal(open_at(f, "", SOURCE_STAGED, NULL), -1);
	assert_string_equal(f->core.diags.v[0].at.path, "content/products/a.md");
	diag_list_release(&f->core.diags);

	truncate_object(f, ".", tree);
	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), -1);
	assert_error(f, "git", arena_printf(&f->core.arena, "object %.7s of "
		     "\"content/products\" is corrupt (a truncated or damaged "
		     "loose object): run \"git fsck\" to find the damage",
		     tree));
	diag_list_release(&f->core.diags);

	truncate_object(f, ".", commit);
	const char *rev[] = { NULL, "main", commit,
			      arena_strndup(&f->core.arena, commit, 7) };
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(open_at(f, "", rev[i] ? SOURCE_REV
					 : SOURCE_HEAD, rev[i]), -1);
		assert_error(f, "git", arena_printf(&f->core.arena, "object "
			     "%.7s is corrupt (a truncated or damaged loose "
			     "object): run \"git fsck\" to find the damage",
			     commit));
		assert_string_equal(f->core.diags.v[0].at.path, f->dir);
		diag_list_release(&f->core.diags);
	}
	sh(f, "rm -rf .git && mv ../%s.git-copy .git",
	   strrchr(f->dir, '/') + 1);
	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), 0);
	assert_string_equal(load(f, "content/products/b/photo.jpg", 100, NULL),
			    "JPEG bytes");
	assert_int_equal(f->core.diags.n, 0);
}

static void
test_source_find(void **state)
{
	struct fixture *f = *state;
	make_catalog(f, "");
	put(f, "content/products/b.md", "b\n");
	put(f, "content/products/c.md", "c\n");

	assert_int_equal(open_at(f, "", SOURCE_WORKTREE, NULL), 0);
	for (size_t i = 0; i < f->s.n; i++)
		assert_ptr_equal(source_find(&f->s, f->s.v[i].path),
				 &f->s.v[i]);
	assert_null(source_find(&f->s, "content/products"));
	assert_null(source_find(&f->s, "content/products/a"));
	assert_null(source_find(&f->s, "zzz"));
	assert_null(source_find(&f->s, ""));

	struct source_set empty = { 0 };
	assert_null(source_find(&empty, "site.yaml"));
}

static void
test_source_worktree_missing_folder(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(open_at(f, "nope", SOURCE_WORKTREE, NULL), -1);
	const char *dir = arena_printf(&f->core.arena, "%s/nope", f->dir);
	assert_error(f, "io", arena_printf(&f->core.arena,
		     "cannot read the catalog folder \"%s\": %s", dir,
		     strerror(ENOENT)));
	assert_string_equal(f->core.diags.v[0].at.path, dir);
}

/* The user and group an unreadable file is read as when the tests run
 * as root: Debian's "nobody" and "nogroup". */
enum { NOBODY = 65534 };

/* From <grp.h>, which cannot be included here: its struct group clashes
 * with enum group of model/model.h (through fixture.h). */
int setgroups(size_t n, const gid_t *groups);

/*
 * Runs source_open() on the fixture's folder from the disk in a child
 * process, as the user NOBODY when this process is root (root reads a
 * mode-000 file, and CI runs the tests as root), as this user
 * otherwise.  The child prints its return value on a line, then its
 * diags in English, into a pipe; *printed gets that text, in the
 * arena.  Returns 0, or -1 when the child could not become NOBODY (no
 * CAP_SETUID, say), in which case nothing was tested.
 */
static int
open_worktree_unprivileged(struct fixture *f, const char **printed)
{
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* no cmocka here: a failed assertion would jump back into
		 * the parent's copy of the runner */
		close(fds[0]);
		if (geteuid() == 0 && (setgroups(0, NULL) < 0 ||
				       setgid(NOBODY) < 0 ||
				       setuid(NOBODY) < 0))
			_exit(3);
		if (geteuid() == 0)
			_exit(3);
		struct arena a = ARENA_INIT;
		struct diag_list dl = DIAG_LIST_INIT;
		struct source_set s = { 0 };
		int rc = source_open(&s, f->dir, SOURCE_WORKTREE, NULL, 2, NULL, &a,
				     &dl);
		FILE *out = fdopen(fds[1], "w");
		if (!out)
			_exit(4);
		fprintf(out, "%d\n", rc);
		diag_print(&dl, out, msg_lang_find("en"));
		_exit(fclose(out) == 0 ? 0 : 4);   /* _exit: no leak report */
	}
	close(fds[1]);
	struct sbuf got = SBUF_INIT;
	char buf[512];
	ssize_t n;
	while ((n = read(fds[0], buf, sizeof(buf))) > 0)
		sbuf_put(&got, buf, (size_t)n);
	close(fds[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	*printed = arena_strdup(&f->core.arena, got.data);
	sbuf_release(&got);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 3)
		return -1;
	assert_int_equal(WEXITSTATUS(status), 0);
	return 0;
}

/* A file the process may not read fails the whole read with an io
 * error naming it, for root too: the read runs as NOBODY then. */
static void
test_source_worktree_unreadable_file(void **state)
{
	struct fixture *f = *state;
	make_catalog(f, "");
	/* NOBODY may read all but a.md, whatever the umask was */
	sh(f, "chmod -R a+rX . && chmod 000 content/products/a.md");

	const char *printed;
	if (open_worktree_unprivileged(f, &printed) < 0) {
		print_message("cannot become uid %d to test an unreadable "
			      "file as root\n", NOBODY);
		skip();
	}
	assert_string_equal(printed, arena_printf(&f->core.arena,
		"-1\n"
		"content/products/a.md: error: cannot read "
		"\"content/products/a.md\": %s [io]\n", strerror(EACCES)));
}

static void
test_source_worktree_skips_special_files(void **state)
{
	struct fixture *f = *state;
	make_catalog(f, "");
	sh(f, "mkfifo content/pipe");

	assert_int_equal(open_at(f, "", SOURCE_WORKTREE, NULL), 0);
	assert_paths(&f->s, catalog_paths, 3);
	assert_int_equal(f->core.diags.n, 1);
	assert_int_equal(f->core.diags.v[0].level, DIAG_WARNING);
	assert_string_equal(f->core.diags.v[0].code, "io");
	assert_string_equal(f->core.diags.v[0].at.path, "content/pipe");
}

/* Enough files for several readers: what they read is what is on disk
 * (packed and loose), and of two damaged files the one reported is the
 * first, as with one reader. */
static void
test_source_many_files_read_on_threads(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	sh(f, "for i in $(seq 100 699); do echo \"product $i\" > content/products/p$i.md; done");
	commit_all(f, "many");
	sh(f, GIT " gc -q");
	sh(f, "for i in $(seq 700 1099); do echo \"product $i\" > content/products/p$i.md; done");
	commit_all(f, "more, loose");
	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), 0);
	assert_int_equal(f->s.n, 3 + 1000);
	for (int i = 100; i < 1100; i++) {
		const char *p = arena_printf(&f->core.arena, "content/products/p%d.md", i);
		assert_string_equal(text(f, p), arena_printf(&f->core.arena,
							     "product %d\n", i));
	}

	/* all loose now: two readers take the two halves of the files in
	 * tree order; damage one just before the middle and one just
	 * after, which the second reader meets first */
	sh(f, "rm -rf .git && " GIT " init -q");
	commit_all(f, "all loose");
	const char *early = capture(f, GIT " ls-tree --name-only HEAD "
				    "content/products/ | sed -n 480p");
	const char *late = capture(f, GIT " ls-tree --name-only HEAD "
				   "content/products/ | sed -n 520p");
	truncate_object(f, ".", capture(f, GIT " rev-parse HEAD:%s", late));
	truncate_object(f, ".", capture(f, GIT " rev-parse HEAD:%s", early));
	for (int k = 0; k < 5; k++) {
		assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), -1);
		assert_int_equal(f->core.diags.n, 1);
		assert_string_equal(f->core.diags.v[0].at.path, early);
		diag_list_release(&f->core.diags);
	}
}

/* Dropping the entries' bytes keeps everything else, in both modes,
 * and an entry can still be read again on demand. */
static void
test_source_drop_entries(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	commit_all(f, "one");
	for (int mode = 0; mode < 2; mode++) {
		assert_int_equal(open_at(f, "", mode ? SOURCE_WORKTREE
					 : SOURCE_HEAD, NULL), 0);
		source_drop_entries(&f->s);
		const struct source *a = source_find(&f->s, "content/products/a.md");
		assert_null(a->data.p);
		assert_int_equal(a->data.len, 0);
		assert_int_equal(a->size, 3);
		assert_string_equal(text(f, "site.yaml"), "title: T\n");
		assert_string_equal(text(f, "themes/default/page.html"),
				    "<p>{{name}}</p>\n");
		assert_string_equal(load(f, "content/products/a.md", 100, NULL),
				    "v1\n");
		source_drop_entries(&f->s);     /* twice is harmless */
	}
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_source_head_reads_commit_not_disk),
		T(test_source_worktree_reads_disk),
		T(test_source_rev_by_tag),
		T(test_source_rev_by_commit_id),
		T(test_source_rev_unknown),
		T(test_source_rev_outside_repo),
		T(test_source_subfolder_catalog),
		T(test_source_subfolder_not_committed),
		T(test_source_scope_skips_other_files),
		T(test_source_sorted_bytewise),
		T(test_source_symlink_listed),
		T(test_source_symlinked_folder_not_followed),
		T(test_source_not_a_repo_falls_back),
		T(test_source_empty_repo),
		T(test_source_oid_matches_hash_object),
		T(test_source_submodule_skipped),
		T(test_source_submodule_at_the_top),
		T(test_source_bare_repo_refused),
		T(test_source_load_reads_on_demand),
		T(test_source_load_max),
		T(test_source_load_refuses_links_on_disk),
		T(test_source_corrupt_loose_object),
		T(test_source_find),
		T(test_source_worktree_missing_folder),
		T(test_source_worktree_unreadable_file),
		T(test_source_worktree_skips_special_files),
		T(test_source_many_files_read_on_threads),
		T(test_source_drop_entries),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
