/*
 * test_hook.c - `ocop hook install` (load/hook.h): the pre-commit hook
 * written into a throwaway repository, its exact text, where it goes
 * (hooks/, core.hooksPath), a hook someone else wrote kept unless
 * --force, and the refusals, with their exact messages.
 *
 * hook_install() works on the current folder and prints, so each test
 * moves into a fresh mkdtemp() folder (and back in teardown) and
 * catches stdout and stderr in files around the call.  The folder, the
 * repositories made with the git command line (GIT) and sh() are
 * load_fixture.h's, shared with the other tests of src/load/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "load_fixture.h"
#include "load/hook.h"
#include "util/arena.h"
#include "util/banned.h"

/* What the last install() printed. */
struct caught {
	const char *out, *err;
};

/* load_fixture.h's set-up, run from inside the fixture folder:
 * hook_install() works on the current one. */
static int
hook_setup(void **state)
{
	if (setup(state) < 0)
		return -1;
	struct fixture *f = *state;
	return chdir(f->dir) < 0 ? -1 : 0;
}

/* Out of the folder before teardown() removes it. */
static int
hook_teardown(void **state)
{
	int rc = chdir("/");
	return teardown(state) < 0 || rc < 0 ? -1 : 0;
}

/* Points descriptor fd at a fresh file of the fixture folder; returns
 * a copy of the old descriptor for restore(). */
static int
catch_fd(struct fixture *f, int fd, const char *name)
{
	fflush(NULL);
	int saved = dup(fd);
	assert_true(saved >= 0);
	const char *path = arena_printf(&f->core.arena, "%s/%s", f->dir, name);
	int to = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	assert_true(to >= 0);
	assert_true(dup2(to, fd) == fd);
	close(to);
	return saved;
}

static void
restore(int fd, int saved)
{
	fflush(NULL);
	assert_true(dup2(saved, fd) == fd);
	close(saved);
}

/* hook_install() with stdout and stderr caught in c. */
static enum exit_status
install(struct fixture *f, bool force, const struct msg_lang *lang,
	struct caught *c)
{
	int out = catch_fd(f, STDOUT_FILENO, "stdout");
	int err = catch_fd(f, STDERR_FILENO, "stderr");
	enum exit_status status = hook_install(force, lang);
	restore(STDERR_FILENO, err);
	restore(STDOUT_FILENO, out);
	c->out = fixture_read_file(&f->core.arena,
		arena_printf(&f->core.arena, "%s/stdout", f->dir));
	c->err = fixture_read_file(&f->core.arena,
		arena_printf(&f->core.arena, "%s/stderr", f->dir));
	return status;
}

/* The text hook_install() writes for a catalog at rel, run by the
 * binary running now (this test). */
static const char *
hook_text(struct fixture *f, const char *rel_quoted)
{
	char *exe = realpath("/proc/self/exe", NULL);
	assert_non_null(exe);
	const char *t = arena_printf(&f->core.arena,
		"#!/bin/sh\n"
		"# installed by 'ocop hook install'\n"
		"# Checks what is about to be committed; a commit with an error is stopped.\n"
		"# Skip once with: git commit --no-verify\n"
		"OCOP='%s'\n"
		"command -v \"$OCOP\" >/dev/null 2>&1 || OCOP=ocop\n"
		"exec \"$OCOP\" -C %s check --staged\n", exe, rel_quoted);
	free(exe);
	return t;
}

/* The absolute path of rel in the fixture folder, as realpath() gives
 * it (hook_install() prints the path libgit2 found). */
static const char *
real(struct fixture *f, const char *rel)
{
	char *r = realpath(f->dir, NULL);
	assert_non_null(r);
	const char *p = arena_printf(&f->core.arena, "%s/%s", r, rel);
	free(r);
	return p;
}

static void
assert_executable(const char *path)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
}

static void
test_hook_installs_in_a_fresh_repository(void **state)
{
	struct fixture *f = *state;
	struct caught c;
	sh(f, GIT " init -q");

	assert_int_equal(install(f, false, msg_lang_find("en"), &c), EXIT_OK);
	const char *hook = real(f, ".git/hooks/pre-commit");
	assert_string_equal(c.out, arena_printf(&f->core.arena,
		"ocop: installed %s: every commit now runs 'ocop check --staged'\n",
		hook));
	assert_string_equal(c.err, "");
	assert_string_equal(fixture_read_file(&f->core.arena,
					      ".git/hooks/pre-commit"),
			    hook_text(f, "'.'"));
	assert_executable(".git/hooks/pre-commit");
	/* no temporary file (util/file.h: ".pre-commit.ocop-XXXXXX") left */
	assert_int_equal(system("! ls -A .git/hooks | grep -q 'ocop-'"), 0);
}

/* The hook runs check from the top of the work tree, on the catalog's
 * folder, quoted for sh whatever its name. */
static void
test_hook_catalog_in_a_subfolder(void **state)
{
	struct fixture *f = *state;
	struct caught c;
	sh(f, GIT " init -q && mkdir -p \"it's here/catalog\"");
	assert_int_equal(chdir("it's here/catalog"), 0);

	assert_int_equal(install(f, false, msg_lang_find("vi"), &c), EXIT_OK);
	assert_string_equal(c.out, arena_printf(&f->core.arena,
		"ocop: đã cài %s: mỗi lần commit sẽ chạy 'ocop check --staged'\n",
		real(f, ".git/hooks/pre-commit")));
	assert_string_equal(fixture_read_file(&f->core.arena,
					      real(f, ".git/hooks/pre-commit")),
			    hook_text(f, "'it'\\''s here/catalog'"));
}

/* A hook someone else wrote is kept, and said so; --force replaces it;
 * a hook ocop wrote is replaced without --force. */
static void
test_hook_keeps_a_foreign_hook(void **state)
{
	struct fixture *f = *state;
	struct caught c;
	sh(f, GIT " init -q && printf '#!/bin/sh\\nexit 0\\n' > .git/hooks/pre-commit");
	const char *hook = real(f, ".git/hooks/pre-commit");

	assert_int_equal(install(f, false, msg_lang_find("en"), &c), EXIT_SYSTEM);
	assert_string_equal(c.out, "");
	assert_string_equal(c.err, arena_printf(&f->core.arena,
		"ocop: a pre-commit hook that ocop did not write is there; "
		"kept it (use --force to replace it): %s\n", hook));
	assert_string_equal(fixture_read_file(&f->core.arena, hook),
			    "#!/bin/sh\nexit 0\n");

	assert_int_equal(install(f, false, msg_lang_find("vi"), &c), EXIT_SYSTEM);
	assert_string_equal(c.err, arena_printf(&f->core.arena,
		"ocop: đã có hook pre-commit khác, giữ nguyên; dùng --force để thay: %s\n",
		hook));

	assert_int_equal(install(f, true, msg_lang_find("en"), &c), EXIT_OK);
	assert_string_equal(c.err, "");
	assert_string_equal(fixture_read_file(&f->core.arena, hook),
			    hook_text(f, "'.'"));
	assert_executable(hook);

	/* ours now: reinstalling needs no --force */
	sh(f, "echo '# an edit' >> .git/hooks/pre-commit");
	assert_int_equal(install(f, false, msg_lang_find("en"), &c), EXIT_OK);
	assert_string_equal(fixture_read_file(&f->core.arena, hook),
			    hook_text(f, "'.'"));
}

/* core.hooksPath, relative to the work tree, is where git looks; the
 * hooks folder is made, and the folders above it that are missing. */
static void
test_hook_follows_core_hooks_path(void **state)
{
	struct fixture *f = *state;
	struct caught c;
	sh(f, GIT " init -q && " GIT " config core.hooksPath tools/git/hooks && "
	   "mkdir sub");
	assert_int_equal(chdir("sub"), 0);

	assert_int_equal(install(f, false, msg_lang_find("en"), &c), EXIT_OK);
	assert_string_equal(fixture_read_file(&f->core.arena,
					      real(f, "tools/git/hooks/pre-commit")),
			    hook_text(f, "'sub'"));
	assert_executable(real(f, "tools/git/hooks/pre-commit"));
	assert_int_equal(access(real(f, ".git/hooks/pre-commit"), F_OK), -1);
}

static void
test_hook_refuses_outside_a_repository(void **state)
{
	struct fixture *f = *state;
	struct caught c;
	assert_int_equal(install(f, false, msg_lang_find("en"), &c), EXIT_SYSTEM);
	assert_string_equal(c.out, "");
	assert_string_equal(c.err,
		"ocop: not a git repository: no hook to install\n");
	assert_int_equal(install(f, false, msg_lang_find("vi"), &c), EXIT_SYSTEM);
	assert_string_equal(c.err,
		"ocop: không phải kho git: không cài được hook\n");
	assert_int_equal(access(".git", F_OK), -1);
}

static void
test_hook_refuses_a_bare_repository(void **state)
{
	struct fixture *f = *state;
	struct caught c;
	sh(f, GIT " init -q --bare");
	assert_int_equal(install(f, false, msg_lang_find("en"), &c), EXIT_SYSTEM);
	assert_string_equal(c.err,
		"ocop: the repository has no working folder\n");
	assert_int_equal(access("hooks/pre-commit", F_OK), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, hook_setup, hook_teardown)
		T(test_hook_installs_in_a_fresh_repository),
		T(test_hook_catalog_in_a_subfolder),
		T(test_hook_keeps_a_foreign_hook),
		T(test_hook_follows_core_hooks_path),
		T(test_hook_refuses_outside_a_repository),
		T(test_hook_refuses_a_bare_repository),
#undef T
	};
	return cmocka_run_group_tests_name("hook", tests, NULL, NULL);
}
