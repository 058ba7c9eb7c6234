/*
 * main.c - the command line: argv → options → the pipeline stages in
 * order → exit status.  The only place that reads the clock, calls
 * git_libgit2_init and prints diagnostics.
 *
 *   load (source) → site + theme → model (catalog) → render (pages) → write (out)
 *
 * Exit status: 0 success, 1 content errors, 2 usage or system errors.
 */
#include <errno.h>
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "load/source.h"
#include "model/catalog.h"
#include "model/date.h"
#include "model/site.h"
#include "render/pages.h"
#include "render/theme.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/sbuf.h"
#include "write/out.h"
#include "util/banned.h"

#ifndef OCOP_VERSION
#define OCOP_VERSION "0.0.0"
#endif

static const char usage[] =
	"usage: ocop [-C DIR] <command> [options]\n"
	"\n"
	"Builds a static OCOP product catalog from a git repository of\n"
	"Markdown entries (content/) and site.yaml.\n"
	"\n"
	"Commands:\n"
	"  build            build the site into the output folder\n"
	"\n"
	"Options:\n"
	"  -C DIR           act on the catalog in DIR (as git and make do)\n"
	"  -o, --out DIR    output folder (default: output)\n"
	"  --worktree       build the files on disk, committed or not\n"
	"  --rev REV        build a commit, tag or branch instead of HEAD\n"
	"  --as-of DATE     build date YYYY-MM-DD for certificate status\n"
	"                   (default: SOURCE_DATE_EPOCH, else today)\n"
	"  -q, --quiet      print only errors and warnings\n"
	"  -h, --help       show this help\n"
	"  --version        show the version\n"
	"\n"
	"By default ocop publishes what is committed at HEAD, never a\n"
	"half-edited file. Exit status: 0 success, 1 content errors,\n"
	"2 usage or system errors.\n";

struct options {
	const char *command;
	const char *dir;
	const char *out;
	const char *rev;
	const char *as_of;
	bool worktree;
	bool quiet;
};

static int
usage_error(const char *fmt, const char *arg)
{
	fputs("ocop: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'ocop --help'.\n", stderr);
	return 2;
}

/* Returns -1 to go on, or the exit status to stop with. */
static int
parse_args(struct options *o, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **value = NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(a, "--version")) {
			printf("ocop %s\n", OCOP_VERSION);
			return 0;
		} else if (!strcmp(a, "-C")) {
			value = &o->dir;
		} else if (!strcmp(a, "-o") || !strcmp(a, "--out")) {
			value = &o->out;
		} else if (!strncmp(a, "--out=", 6)) {
			o->out = a + 6;
		} else if (!strcmp(a, "--rev")) {
			value = &o->rev;
		} else if (!strncmp(a, "--rev=", 6)) {
			o->rev = a + 6;
		} else if (!strcmp(a, "--as-of")) {
			value = &o->as_of;
		} else if (!strncmp(a, "--as-of=", 8)) {
			o->as_of = a + 8;
		} else if (!strcmp(a, "--worktree")) {
			o->worktree = true;
		} else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			o->quiet = true;
		} else if (a[0] == '-') {
			return usage_error("unknown option \"%s\"", a);
		} else if (!o->command) {
			o->command = a;
		} else {
			return usage_error("unexpected argument \"%s\"", a);
		}
		if (value) {
			if (++i >= argc)
				return usage_error("option \"%s\" needs a value", a);
			*value = argv[i];
		}
	}
	if (!o->command) {
		fputs(usage, stderr);
		return 2;
	}
	if (strcmp(o->command, "build"))
		return usage_error("unknown command \"%s\"", o->command);
	if (o->worktree && o->rev)
		return usage_error("%s", "--worktree and --rev cannot be used together");
	return -1;
}

/* The build date as a day number: --as-of, else SOURCE_DATE_EPOCH, else
 * the clock (read here and nowhere else). */
static int
build_date(const struct options *o, long *days)
{
	if (o->as_of) {
		struct date d;
		if (!date_parse(&d, o->as_of))
			return usage_error("--as-of must be a date YYYY-MM-DD, found \"%s\"",
					   o->as_of);
		*days = d.days;
		return -1;
	}
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		errno = 0;
		long long t = strtoll(sde, &end, 10);
		if (*end || errno || t < 0)
			return usage_error("SOURCE_DATE_EPOCH must be a number of seconds, found \"%s\"",
					   sde);
		*days = date_from_time((time_t)t).days;
		return -1;
	}
	*days = date_from_time(time(NULL)).days;
	return -1;
}

/* Refuses an output folder whose replacement would delete the catalog:
 * the catalog folder itself, one of its parents, or a folder inside
 * content/, themes/ or .git/. */
static bool
is_within(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == '\0');
}

static int
check_out_dir(const char *out)
{
	char *cwd = getcwd(NULL, 0);
	if (!cwd)
		return usage_error("%s", "cannot read the current folder");
	struct sbuf abs = SBUF_INIT;
	if (out[0] != '/')
		sbuf_putf(&abs, "%s/", cwd);
	sbuf_puts(&abs, out);
	char *real = realpath(abs.data, NULL);
	const char *p = real ? real : abs.data;
	bool bad = is_within(cwd, p);
	static const char *const keep[] = { "content", "themes", ".git", "src",
					    "tests", NULL };
	for (const char *const *k = keep; *k && !bad; k++) {
		struct sbuf dir = SBUF_INIT;
		sbuf_putf(&dir, "%s/%s", cwd, *k);
		bad = is_within(p, dir.data);
		sbuf_release(&dir);
	}
	free(real);
	free(cwd);
	sbuf_release(&abs);
	if (bad)
		return usage_error("refusing to replace \"%s\": it holds the catalog itself",
				   out);
	return -1;
}

static int
run_build(const struct options *o, long as_of_days)
{
	struct arena arena = ARENA_INIT;
	struct diag_list dl = DIAG_LIST_INIT;
	struct source_set src = { 0 };
	struct site site;
	struct theme theme = { 0 };
	struct catalog cat;
	struct out out;
	int status = 2;
	const char *out_dir = o->out ? o->out : "output";
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	int st = check_out_dir(out_dir);
	if (st >= 0)
		return st;
	enum source_mode mode = o->worktree ? SOURCE_WORKTREE
				: o->rev ? SOURCE_REV : SOURCE_HEAD;
	if (source_open(&src, ".", mode, o->rev, &arena, &dl) < 0)
		goto out;
	if (src.fell_back)
		fprintf(stderr, "ocop: not a git repository: building the files on disk\n");
	status = 1;
	if (site_read(&site, &src, &arena, &dl) < 0)
		goto out;
	int theme_err = theme_open(&theme, &site, &src, &arena, &dl);
	int cat_err = catalog_load(&cat, &src, &site, as_of_days, &arena, &dl);
	if (theme_err < 0 || cat_err < 0)
		goto out;
	status = 2;
	if (out_begin(&out, out_dir, &dl) < 0)
		goto out;
	struct build_info info = {
		src.from_git ? src.commit : NULL, OCOP_VERSION,
	};
	if (pages_build(&cat, &theme, &src, &info, &out, &arena, &dl) < 0) {
		/* a template error is the catalog's; a write error the system's */
		status = dl.n && dl.v[dl.n - 1].code &&
			 !strcmp(dl.v[dl.n - 1].code, "io") ? 2 : 1;
		out_abort(&out);
		goto out;
	}
	size_t files = out.files;
	if (out_commit(&out) < 0)
		goto out;
	status = 0;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!o->quiet) {
		double secs = (double)(t1.tv_sec - t0.tv_sec) +
			      (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		char commit[16] = "";
		if (src.from_git)
			snprintf(commit, sizeof(commit), " at %.7s", src.commit);
		printf("ocop: built %zu products, %zu producers, %zu points of sale "
		       "(%zu files) from %s%s into %s/ in %.3f s\n",
		       cat.n_products, cat.n_producers, cat.n_pos, files,
		       src.from_git ? "git" : "the files on disk", commit,
		       out_dir, secs);
	}
out:
	diag_sort(&dl);
	diag_print(&dl, stderr);
	if (status == 1)
		fprintf(stderr, "ocop: %zu error%s: nothing was published, %s/ is unchanged\n",
			dl.errors, dl.errors == 1 ? "" : "s", out_dir);
	theme_close(&theme);
	source_close(&src);
	diag_list_release(&dl);
	arena_release(&arena);
	return status;
}

int
main(int argc, char **argv)
{
	struct options o = { 0 };
	int st = parse_args(&o, argc, argv);
	if (st >= 0)
		return st;
	long as_of_days = 0;
	if ((st = build_date(&o, &as_of_days)) >= 0)
		return st;
	if (o.dir && chdir(o.dir) < 0) {
		fprintf(stderr, "ocop: cannot enter \"%s\": %s\n", o.dir,
			strerror(errno));
		return 2;
	}
	git_libgit2_init();
	st = run_build(&o, as_of_days);
	git_libgit2_shutdown();
	return st;
}
