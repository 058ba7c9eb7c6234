/*
 * test_source.c - the loader, against throwaway repositories.
 *
 * Each test gets a fresh folder from mkdtemp() under /tmp and builds
 * its repository with the git command line, with fixed identities and
 * dates and without the user's or the system's git configuration, so
 * commit times are known.  setup() calls git_libgit2_init() as main()
 * does; teardown() removes the folder.
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
#include <unistd.h>

#include <git2.h>

#include "fixture.h"
#include "load/source.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/banned.h"

/* 2024-01-02 03:04:05 UTC */
#define COMMIT_TIME 1704164645
#define GIT "GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null " \
	"GIT_AUTHOR_DATE='1704164645 +0000' " \
	"GIT_COMMITTER_DATE='1704164645 +0000' " \
	"git -c user.name=t -c user.email=t@t -c init.defaultBranch=main " \
	"-c protocol.file.allow=always"

struct fixture {
	struct fixture_core core;
	char dir[FIXTURE_DIR_MAX];
	struct source_set s;
};

static int
setup(void **state)
{
	struct fixture *f = fixture_new(sizeof(*f));
	if (!f)
		return -1;
	if (fixture_mkdtemp(f->dir, "source") < 0) {
		fixture_free(f);
		return -1;
	}
	git_libgit2_init();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];
	source_close(&f->s);
	git_libgit2_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	int rc = system(cmd);
	fixture_free(f);
	return rc == 0 ? 0 : -1;
}

/* Runs a shell command inside the fixture folder; it must succeed. */
static void __attribute__((format(printf, 2, 3)))
sh(struct fixture *f, const char *fmt, ...)
{
	char body[2048], cmd[2200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "cd '%s' && { %s; } >/dev/null", f->dir,
		 body);
	assert_int_equal(system(cmd), 0);
}

/* Runs a command in the fixture folder; returns its first output line. */
static const char * __attribute__((format(printf, 2, 3)))
capture(struct fixture *f, const char *fmt, ...)
{
	char body[2048], cmd[2200], line[512] = "";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "cd '%s' && %s", f->dir, body);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	if (!fgets(line, sizeof(line), p))
		line[0] = '\0';
	assert_int_equal(pclose(p), 0);
	line[strcspn(line, "\n")] = '\0';
	return arena_strdup(&f->core.arena, line);
}

/* Writes rel (under the fixture folder), creating its folders. */
static void
put(struct fixture *f, const char *rel, const char *text)
{
	char *path = arena_printf(&f->core.arena, "%s/%s", f->dir, rel);
	for (char *p = path + strlen(f->dir) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
		*p = '/';
	}
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* Opens the catalog at the fixture folder + "/" + sub ("" for itself). */
static int
open_at(struct fixture *f, const char *sub, enum source_mode mode,
	const char *rev)
{
	source_close(&f->s);
	const char *dir = sub[0]
		? arena_printf(&f->core.arena, "%s/%s", f->dir, sub)
		: f->dir;
	return source_open(&f->s, dir, mode, rev, &f->core.arena,
			   &f->core.diags);
}

/* The data of path, which must be listed. */
static const char *
text(struct fixture *f, const char *path)
{
	const struct source *s = source_find(&f->s, path);
	if (!s)
		fail_msg("\"%s\" is not listed", path);
	assert_int_equal(s->data.p[s->data.len], '\0');
	return s->data.p;
}

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

/* A catalog with site.yaml, a product, a theme file and things around
 * it that are not part of the catalog. */
static void
make_catalog(struct fixture *f, const char *root)
{
	static const char *const files[][2] = {
		{ "site.yaml", "title: T\n" },
		{ "content/products/a.md", "v1\n" },
		{ "themes/default/page.html", "<p>{{name}}</p>\n" },
		{ "src/main.c", "int main(void) { return 0; }\n" },
		{ "tests/t.sh", "exit 0\n" },
		{ "README.md", "readme\n" },
		{ ".github/ci.yml", "on: push\n" },
		{ "content/.hidden.md", "x\n" },
		{ "content/products/.DS_Store", "x\n" },
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		put(f, arena_printf(&f->core.arena, "%s%s", root, files[i][0]),
		    files[i][1]);
}

static void
commit_all(struct fixture *f, const char *msg)
{
	sh(f, GIT " add -A && " GIT " commit -q -m '%s'", msg);
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
	assert_int_equal(f->s.commit_time, COMMIT_TIME);
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
	int rc = source_open(&f->s, "sub/", SOURCE_HEAD, NULL, &f->core.arena, &f->core.diags);
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
		assert_false(s->executable);
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
	put(f, "themes/default/build.sh", "#!/bin/sh\n");
	put(f, "content/empty.md", "");
	sh(f, "chmod +x themes/default/build.sh");
	commit_all(f, "one");

	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), 0);
	const struct source *s = source_find(&f->s, "content/products/a.md");
	assert_string_equal(s->oid,
		capture(f, GIT " hash-object content/products/a.md"));
	assert_false(s->executable);
	s = source_find(&f->s, "content/empty.md");
	assert_string_equal(s->oid, capture(f, GIT " hash-object "
					    "content/empty.md"));
	assert_int_equal(s->data.len, 0);
	assert_string_equal(s->data.p, "");
	assert_true(source_find(&f->s, "themes/default/build.sh")->executable);

	assert_int_equal(open_at(f, "", SOURCE_WORKTREE, NULL), 0);
	assert_true(source_find(&f->s, "themes/default/build.sh")->executable);
	assert_false(source_find(&f->s, "site.yaml")->executable);
}

static void
test_source_submodule_skipped(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	sh(f, GIT " update-index --add --cacheinfo "
	      "160000,1234567890123456789012345678901234567890,content/mod");
	commit_all(f, "one");

	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_paths(&f->s, catalog_paths, 3);
}

static void
test_source_bare_repo(void **state)
{
	struct fixture *f = *state;
	sh(f, "mkdir work && cd work && " GIT " init -q");
	make_catalog(f, "work/");
	sh(f, "cd work && " GIT " add -A && " GIT " commit -q -m one && "
	      "cd .. && " GIT " clone -q --bare work bare.git");

	assert_int_equal(open_at(f, "bare.git", SOURCE_HEAD, NULL), 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_true(f->s.from_git);
	assert_paths(&f->s, catalog_paths, 3);
	assert_string_equal(text(f, "content/products/a.md"), "v1\n");
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
test_source_is_under(void **state)
{
	(void)state;
	struct source s = { .path = "content/products/a.md" };
	assert_true(source_is_under(&s, "content"));
	assert_true(source_is_under(&s, "content/"));
	assert_true(source_is_under(&s, "content/products"));
	assert_true(source_is_under(&s, ""));
	assert_false(source_is_under(&s, "content/product"));
	assert_false(source_is_under(&s, "content/products/a.md"));
	assert_false(source_is_under(&s, "themes"));
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

static void
test_source_worktree_unreadable_file(void **state)
{
	struct fixture *f = *state;
	if (geteuid() == 0)
		skip();   /* root reads mode-000 files */
	make_catalog(f, "");
	sh(f, "chmod 000 content/products/a.md");

	assert_int_equal(open_at(f, "", SOURCE_WORKTREE, NULL), -1);
	assert_error(f, "io", arena_printf(&f->core.arena, "cannot read "
		     "\"content/products/a.md\": %s", strerror(EACCES)));
	assert_string_equal(f->core.diags.v[0].at.path,
			    "content/products/a.md");
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
		T(test_source_bare_repo),
		T(test_source_find),
		T(test_source_is_under),
		T(test_source_worktree_missing_folder),
		T(test_source_worktree_unreadable_file),
		T(test_source_worktree_skips_special_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
