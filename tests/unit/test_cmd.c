/*
 * test_cmd.c - what the commands share (src/cmd/cmd.c, session.c) and
 * the exit statuses of build and check (build.c, check.c), run in a
 * fresh folder outside git (the files on disk) on a small catalog: the
 * usage error's exact words and status; the language of messages
 * (--lang, else site.yaml's, else Vietnamese); a session that reads
 * and checks the catalog, and one without site.yaml; build publishing
 * a site into the output folder, and on a content error publishing
 * nothing and leaving the old folder as it was, with the last line in
 * English and in Vietnamese; an output folder that would replace the
 * catalog refused as a usage error; check writing nothing, with its
 * count of errors.
 *
 * The commands print to stderr: each call here sends it to a file and
 * reads it back.
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

#include "fixture.h"
#include "cmd/cmd.h"
#include "cmd/session.h"
#include "util/banned.h"

struct fixture {
	struct fixture_core core;
	char dir[FIXTURE_DIR_MAX];
	int cwd;                   /* the folder the test started in */
	struct cmd_options o;
};

static int
setup(void **state)
{
	if (fixture_setup(state, sizeof(struct fixture)) < 0)
		return -1;
	struct fixture *f = *state;
	f->cwd = open(".", O_RDONLY | O_DIRECTORY);
	if (f->cwd < 0 || fixture_mkdtemp(f->dir, "cmd") < 0 || chdir(f->dir) < 0)
		return -1;
	git_libgit2_init();     /* as main() does */
	f->o = (struct cmd_options){ .command = "build", .threads = 1,
				     .as_of_days = fixture_days("2026-03-05"),
				     .within_days = 90, .quiet = true };
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];
	int rc = fchdir(f->cwd);
	close(f->cwd);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		rc = -1;
	git_libgit2_shutdown();
	fixture_teardown(state);
	return rc == 0 ? 0 : -1;
}

/* Writes rel under the current folder, making its folders. */
static void
put(struct fixture *f, const char *rel, const char *text)
{
	char *path = arena_strdup(&f->core.arena, rel);
	for (char *p = path; (p = strchr(p, '/')); p++) {
		*p = '\0';
		(void)mkdir(path, 0755);
		*p = '/';
	}
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static bool
exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* A catalog of one producer, one point of sale and one product, valid
 * and without warnings with stars "4". */
static void
catalog(struct fixture *f, const char *stars)
{
	put(f, "site.yaml",
	    "title: Sản phẩm OCOP tỉnh Hà Tĩnh\n"
	    "base_url: https://ocop.example.gov.vn\n"
	    "languages: [vi, en]\n"
	    "province: Hà Tĩnh\n"
	    "certificate_months: 36\n");
	put(f, "content/producers/htx-a.md",
	    fixture_producer_md(&f->core.arena, "HTX A", ""));
	put(f, "content/points-of-sale/cho.md",
	    "---\nname: Chợ Hà Tĩnh\nkind: ocop-store\n"
	    "location: { province: Hà Tĩnh, commune: Thạch Hà }\n---\n");
	put(f, "content/products/keo.md", arena_printf(&f->core.arena,
		"---\n"
		"name: Kẹo cu đơ\n"
		"stars: %s\n"
		"group: thuc-pham\n"
		"producer: htx-a\n"
		"location: { province: Hà Tĩnh, commune: Phúc Trạch }\n"
		"certificate: { number: \"1/QĐ\", issued: 2025-06-12 }\n"
		"points_of_sale: [cho]\n"
		"---\n"
		"Câu chuyện.\n", stars));
}

/* stderr into a file while a command runs, then its text. */
struct capture {
	int saved;
	char path[FIXTURE_DIR_MAX + 16];
};

static void
capture_begin(struct fixture *f, struct capture *c)
{
	snprintf(c->path, sizeof(c->path), "%s/.stderr", f->dir);
	fflush(stderr);
	c->saved = dup(2);
	int fd = open(c->path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(c->saved >= 0 && fd >= 0);
	assert_int_equal(dup2(fd, 2), 2);
	close(fd);
}

static const char *
capture_end(struct fixture *f, struct capture *c)
{
	fflush(stderr);
	assert_int_equal(dup2(c->saved, 2), 2);
	close(c->saved);
	const char *text = fixture_read_file(&f->core.arena, c->path);
	unlink(c->path);
	return text;
}

static enum exit_status
run(struct fixture *f, enum exit_status (*cmd)(const struct cmd_options *),
    const char **err)
{
	struct capture c;
	capture_begin(f, &c);
	enum exit_status st = cmd(&f->o);
	*err = capture_end(f, &c);
	return st;
}

static void
test_cmd_usage_error(void **state)
{
	struct fixture *f = *state;
	struct capture c;
	capture_begin(f, &c);
	enum exit_status st = cmd_usage_error("unknown option \"%s\" (%d)", "-x", 3);
	const char *err = capture_end(f, &c);
	assert_int_equal(st, EXIT_USAGE);
	assert_int_equal(st, 2);
	assert_string_equal(err, "ocop: unknown option \"-x\" (3)\n"
			    "Try 'ocop --help'.\n");
}

static void
test_cmd_lang(void **state)
{
	struct fixture *f = *state;
	f->o.lang = "en";
	assert_string_equal(cmd_lang(&f->o)->code, "en");
	f->o.lang = "vi";
	assert_string_equal(cmd_lang(&f->o)->code, "vi");
	/* none asked, or one without a catalogue: Vietnamese */
	f->o.lang = NULL;
	assert_string_equal(cmd_lang(&f->o)->code, "vi");
	f->o.lang = "fr";
	assert_string_equal(cmd_lang(&f->o)->code, "vi");
}

static void
test_cmd_session_reads_the_catalog(void **state)
{
	struct fixture *f = *state;
	catalog(f, "4");
	put(f, "site.yaml",
	    "title: T\nbase_url: https://ocop.example.gov.vn\n"
	    "languages: [en, vi]\nprovince: Hà Tĩnh\n");
	struct session s = SESSION_INIT;
	struct capture c;
	capture_begin(f, &c);
	enum exit_status st = session_load(&s, &f->o, true);
	const char *err = capture_end(f, &c);
	assert_int_equal(st, EXIT_OK);
	assert_string_equal(err, "");
	assert_true(s.site_ok);
	assert_false(s.src.from_git);
	assert_int_equal(s.dl.errors, 0);
	assert_int_equal(s.cat.n_products, 1);
	assert_string_equal(s.cat.products[0]->e.name, "Kẹo cu đơ");
	assert_int_equal(s.cat.n_producers, 1);
	/* the plan was made: the product's page is in it */
	assert_true(s.plan.n > 0);
	/* no --lang: site.yaml's language */
	assert_string_equal(s.lang->code, "en");
	assert_int_equal(s.links.n, 0);
	session_end(&s);
	/* --lang wins */
	f->o.lang = "vi";
	struct session s2 = SESSION_INIT;
	assert_int_equal(session_load(&s2, &f->o, false), EXIT_OK);
	assert_string_equal(s2.lang->code, "vi");
	assert_int_equal(s2.plan.n, 0);    /* no theme, no plan */
	session_end(&s2);
}

static void
test_cmd_session_without_site_yaml(void **state)
{
	struct fixture *f = *state;
	put(f, "content/products/keo.md", "---\nname: K\n---\n");
	struct session s = SESSION_INIT;
	struct capture c;
	capture_begin(f, &c);
	enum exit_status st = session_load(&s, &f->o, true);
	(void)capture_end(f, &c);
	/* a content error, not a system one */
	assert_int_equal(st, EXIT_OK);
	assert_false(s.site_ok);
	assert_true(s.dl.errors > 0);
	assert_int_equal(s.cat.n_products, 0);
	session_end(&s);
}

static void
test_cmd_build_publishes(void **state)
{
	struct fixture *f = *state;
	catalog(f, "4");
	f->o.out = "site";
	const char *err;
	assert_int_equal(run(f, cmd_build, &err), EXIT_OK);
	assert_string_equal(err, "");
	assert_true(exists("site/index.html"));
	assert_true(exists("site/products/keo/index.html"));
	assert_true(exists("site/en/products/keo/index.html"));
	assert_false(exists("output"));
	/* the default folder */
	f->o.out = NULL;
	assert_int_equal(run(f, cmd_build, &err), EXIT_OK);
	assert_true(exists("output/products/keo/index.html"));
}

static void
test_cmd_build_errors_publish_nothing(void **state)
{
	struct fixture *f = *state;
	catalog(f, "7");
	f->o.lang = "en";
	const char *err;
	assert_int_equal(run(f, cmd_build, &err), EXIT_ERRORS);
	assert_false(exists("output"));
	assert_non_null(strstr(err, "content/products/keo.md:3:"));
	assert_non_null(strstr(err,
		"ocop: 1 error in 1 file: nothing was published, output/ is unchanged\n"));
	/* an old site stays as it was; in Vietnamese */
	catalog(f, "4");
	assert_int_equal(run(f, cmd_build, &err), EXIT_OK);
	const char *page = "output/products/keo/index.html";
	const char *before = fixture_read_file(&f->core.arena, page);
	struct stat st0, st1;
	assert_int_equal(stat(page, &st0), 0);
	catalog(f, "7");
	f->o.lang = "vi";
	assert_int_equal(run(f, cmd_build, &err), EXIT_ERRORS);
	assert_non_null(strstr(err,
		"ocop: 1 lỗi trong 1 tệp: chưa xuất bản gì, output/ giữ nguyên\n"));
	assert_int_equal(stat(page, &st1), 0);
	assert_int_equal(st0.st_ino, st1.st_ino);
	assert_string_equal(fixture_read_file(&f->core.arena, page), before);
	/* a folder ocop did not make is never replaced */
	catalog(f, "4");
	f->o.out = "mine";
	put(f, "mine/notes.txt", "mine\n");
	f->o.lang = "en";
	assert_int_equal(run(f, cmd_build, &err), EXIT_SYSTEM);
	assert_true(!strncmp(err, "mine: error: ", 13));
	assert_non_null(strstr(err, "refusing to replace the output folder: "
		"it holds files ocop did not write (no .ocop-output in it) [io]\n"));
	assert_false(exists("mine/index.html"));
	assert_string_equal(fixture_read_file(&f->core.arena, "mine/notes.txt"),
			    "mine\n");
}

static void
test_cmd_build_refuses_the_catalog_folder(void **state)
{
	struct fixture *f = *state;
	catalog(f, "4");
	const char *const outs[] = { ".", "", "..", "content/.." };
	for (size_t i = 0; i < sizeof(outs) / sizeof(outs[0]); i++) {
		f->o.out = outs[i];
		const char *err;
		assert_int_equal(run(f, cmd_build, &err), EXIT_USAGE);
		assert_non_null(strstr(err, "ocop: refusing to write the site to"));
		assert_true(exists("site.yaml"));
		assert_true(exists("content/products/keo.md"));
	}
}

static void
test_cmd_check(void **state)
{
	struct fixture *f = *state;
	catalog(f, "4");
	f->o.command = "check";
	f->o.quiet = false;
	f->o.lang = "en";
	const char *err;
	assert_int_equal(run(f, cmd_check, &err), EXIT_OK);
	/* outside git: said, then the count */
	assert_string_equal(err,
		"ocop: not a git repository: building the files on disk\n"
		"ocop: 0 errors, 0 warnings\n");
	catalog(f, "7");
	f->o.lang = "vi";
	assert_int_equal(run(f, cmd_check, &err), EXIT_ERRORS);
	assert_non_null(strstr(err, "ocop: 1 lỗi, 0 cảnh báo\n"));
	/* JSON is for programs: no count */
	f->o.format = "json";
	f->o.quiet = true;
	fflush(stdout);
	int saved = dup(1), null = open("/dev/null", O_WRONLY);
	assert_true(saved >= 0 && null >= 0);
	dup2(null, 1);
	enum exit_status st = run(f, cmd_check, &err);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	close(null);
	assert_int_equal(st, EXIT_ERRORS);
	assert_null(strstr(err, "cảnh báo"));
	assert_false(exists("output"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_cmd_usage_error),
		T(test_cmd_lang),
		T(test_cmd_session_reads_the_catalog),
		T(test_cmd_session_without_site_yaml),
		T(test_cmd_build_publishes),
		T(test_cmd_build_errors_publish_nothing),
		T(test_cmd_build_refuses_the_catalog_folder),
		T(test_cmd_check),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
