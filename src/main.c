/*
 * main.c - the command line: argv → options → the pipeline stages in
 * order → exit status.  The only place that reads the clock, calls
 * git_libgit2_init and xmlInitParser, and prints diagnostics.
 *
 *   load (source) → site + theme → model (catalog) → render (pages) → write (out)
 *
 * Exit status: 0 success, 1 content errors, 2 usage or system errors.
 */
#include <errno.h>
#include <git2.h>
#include <libxml/parser.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "load/hook.h"
#include "load/source.h"
#include "model/catalog.h"
#include "model/date.h"
#include "model/lint.h"
#include "model/site.h"
#include "plan/plan.h"
#include "render/pages.h"
#include "render/report.h"
#include "render/theme.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/sbuf.h"
#include "util/workers.h"
#include "write/fmt.h"
#include "write/out.h"
#include "util/banned.h"

#ifndef OCOP_VERSION
#define OCOP_VERSION "0.0.0"
#endif

static const char usage[] =
	"usage: ocop [-C DIR] <command> [options]\n"
	"\n"
	"Builds and checks a static OCOP product catalog kept in a git\n"
	"repository of Markdown entries (content/) and site.yaml.\n"
	"\n"
	"Commands:\n"
	"  build            check the catalog and build the site into the output folder\n"
	"  check            check the catalog and print every problem; write nothing\n"
	"  hook install     install a git pre-commit hook that runs 'ocop check --staged'\n"
	"  fmt [FILE...]    rewrite entries on disk in canonical form (NFC, LF,\n"
	"                   field order); no FILE: every entry under content/\n"
	"  report expiring  list the certificates to re-rate: expired, or expiring\n"
	"                   within --within (print, or --format csv|json)\n"
	"\n"
	"Options:\n"
	"  -C DIR           act on the catalog in DIR (as git and make do)\n"
	"  -o, --out DIR    output folder (build; default: output)\n"
	"  --worktree       use the files on disk, committed or not\n"
	"  --staged         use what is staged for the next commit (check)\n"
	"  --rev REV        use a commit, tag or branch instead of HEAD\n"
	"  --as-of DATE     build date YYYY-MM-DD for certificate status\n"
	"                   (default: SOURCE_DATE_EPOCH, else today)\n"
	"  --lang vi|en     language of messages (default: Vietnamese, or\n"
	"                   English when site.yaml's language is en)\n"
	"  --format FORMAT  how check prints problems (text|json), or report its\n"
	"                   list (text|csv|json); default: text\n"
	"  --within SPAN    report expiring: the window after the build date, as\n"
	"                   90d, 12w, 6m (calendar months), 1y or days (default 90d)\n"
	"  -j, --jobs N     build: render with N threads (default: one per core)\n"
	"  --strict         treat warnings as errors\n"
	"  --force          hook install: replace an existing pre-commit hook\n"
	"  --check          fmt: write nothing, list the files not in canonical\n"
	"                   form, exit 1 if any (also --dry-run)\n"
	"  -q, --quiet      print only errors and warnings\n"
	"  -h, --help       show this help\n"
	"  --version        show the version\n"
	"\n"
	"By default ocop reads what is committed at HEAD, never a half-edited\n"
	"file. Exit status: 0 success, 1 content errors, 2 usage or system\n"
	"errors.\n";

struct options {
	const char *command;
	const char *subcommand;
	const char *dir;
	const char *lang;
	const char *format;
	const char *out;
	const char *rev;
	const char *as_of;
	const char *within;
	const char *jobs;
	bool worktree;
	bool staged;
	bool strict;
	bool force;
	bool quiet;
	bool check;             /* fmt --check */
	char **files;           /* fmt's file arguments */
	size_t n_files;
};

static int
usage_error(const char *fmt, const char *arg)
{
	fputs("ocop: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nTry 'ocop --help'.\n", stderr);
	return 2;
}

/* Options that take a value, as "--out DIR" or "--out=DIR". */
static const struct {
	const char *name, *alias;
	size_t field;               /* offset of the const char * in options */
} value_options[] = {
	{ "-C", NULL, offsetof(struct options, dir) },
	{ "--out", "-o", offsetof(struct options, out) },
	{ "--rev", NULL, offsetof(struct options, rev) },
	{ "--as-of", NULL, offsetof(struct options, as_of) },
	{ "--within", NULL, offsetof(struct options, within) },
	{ "--lang", NULL, offsetof(struct options, lang) },
	{ "--format", NULL, offsetof(struct options, format) },
	{ "--jobs", "-j", offsetof(struct options, jobs) },
};

/* Options that are a switch. */
static const struct {
	const char *name, *alias;
	size_t field;               /* offset of the bool in options */
} flag_options[] = {
	{ "--worktree", NULL, offsetof(struct options, worktree) },
	{ "--staged", NULL, offsetof(struct options, staged) },
	{ "--strict", NULL, offsetof(struct options, strict) },
	{ "--force", NULL, offsetof(struct options, force) },
	{ "--quiet", "-q", offsetof(struct options, quiet) },
	{ "--check", "--dry-run", offsetof(struct options, check) },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Sets an option from argv[*i] (taking argv[*i + 1] as its value when
 * it needs one).  Returns 1 when a was an option, 0 when it was not, or
 * -2 - status for a usage error. */
static int
take_option(struct options *o, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	for (size_t k = 0; k < COUNT(flag_options); k++)
		if (!strcmp(a, flag_options[k].name) ||
		    (flag_options[k].alias && !strcmp(a, flag_options[k].alias))) {
			*(bool *)((char *)o + flag_options[k].field) = true;
			return 1;
		}
	for (size_t k = 0; k < COUNT(value_options); k++) {
		const char *name = value_options[k].name;
		const char **field = (const char **)((char *)o + value_options[k].field);
		size_t n = strlen(name);
		if (!strncmp(a, name, n) && a[n] == '=' && n > 2) {
			*field = a + n + 1;
			return 1;
		}
		if (strcmp(a, name) && (!value_options[k].alias ||
					strcmp(a, value_options[k].alias)))
			continue;
		if (*i + 1 >= argc)
			return -2 - usage_error("option \"%s\" needs a value", a);
		*field = argv[++*i];
		return 1;
	}
	return 0;
}

/* The number of render threads --jobs gives: 1 to WORKERS_MAX, or -1
 * for anything else; without the option, one per online core. */
static int
jobs_count(const char *arg)
{
	if (!arg)
		return (int)workers_cores();
	char *end;
	errno = 0;
	long n = strtol(arg, &end, 10);
	return *end || errno || n < 1 || n > WORKERS_MAX ? -1 : (int)n;
}

/* Returns -1 to go on, or the exit status to stop with. */
static int
parse_args(struct options *o, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(a, "--version")) {
			printf("ocop %s\n", OCOP_VERSION);
			return 0;
		}
		int taken = take_option(o, argc, argv, &i);
		if (taken < 0)
			return -2 - taken;
		if (taken)
			continue;
		if (a[0] == '-') {
			return usage_error("unknown option \"%s\"", a);
		} else if (!o->command) {
			o->command = a;
		} else if (!o->subcommand && (!strcmp(o->command, "hook") ||
					       !strcmp(o->command, "report"))) {
			o->subcommand = a;
		} else if (!strcmp(o->command, "fmt")) {
			/* argv[1..i) is consumed, so the file arguments are
			 * gathered there, in order, without allocating */
			o->files = argv + 1;
			argv[1 + o->n_files++] = argv[i];
		} else {
			return usage_error("unexpected argument \"%s\"", a);
		}
	}
	if (!o->command) {
		fputs(usage, stderr);
		return 2;
	}
	if (strcmp(o->command, "build") && strcmp(o->command, "check") &&
	    strcmp(o->command, "hook") && strcmp(o->command, "report") &&
	    strcmp(o->command, "fmt"))
		return usage_error("unknown command \"%s\"", o->command);
	if (o->check && strcmp(o->command, "fmt"))
		return usage_error("%s", "--check is for 'ocop fmt'");
	if (!strcmp(o->command, "fmt") && (o->staged || o->rev))
		return usage_error("%s", "ocop fmt works on the files on disk: --staged and --rev do not apply");
	bool report = !strcmp(o->command, "report");
	if (report && (!o->subcommand || strcmp(o->subcommand, "expiring")))
		return usage_error("%s", "usage: ocop report expiring [--within 90d] "
				   "[--format text|csv|json]");
	if (o->within && !report)
		return usage_error("%s", "--within is for 'ocop report expiring'");
	if (!strcmp(o->command, "hook") &&
	    (!o->subcommand || strcmp(o->subcommand, "install")))
		return usage_error("%s", "usage: ocop hook install [--force]");
	if (o->worktree + o->staged + !!o->rev > 1)
		return usage_error("%s", "use only one of --worktree, --staged and --rev");
	if (o->staged && strcmp(o->command, "check"))
		return usage_error("%s", "--staged is for 'ocop check'");
	if (o->jobs && strcmp(o->command, "build"))
		return usage_error("%s", "--jobs is for 'ocop build'");
	if (o->jobs && jobs_count(o->jobs) < 0)
		return usage_error("--jobs must be a number from 1 to 64, found \"%s\"",
				   o->jobs);
	if (o->lang && strcmp(o->lang, "vi") && strcmp(o->lang, "en"))
		return usage_error("--lang must be vi or en, found \"%s\"", o->lang);
	if (report && o->format && strcmp(o->format, "text") &&
	    strcmp(o->format, "csv") && strcmp(o->format, "json"))
		return usage_error("--format must be text, csv or json, found \"%s\"",
				   o->format);
	if (!report && o->format && strcmp(o->format, "text") &&
	    strcmp(o->format, "json"))
		return usage_error("--format must be text or json, found \"%s\"",
				   o->format);
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
			return usage_error("--as-of must be a date from 1900-01-01 to 2999-12-31, written YYYY-MM-DD, found \"%s\"",
					   o->as_of);
		*days = d.days;
		return -1;
	}
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		errno = 0;
		long long t = strtoll(sde, &end, 10);
		/* the dates ocop reads and prints stop at 2999-12-31 */
		if (*end || errno || t < 0 || t > 32503679999LL)
			return usage_error("SOURCE_DATE_EPOCH must be a number of seconds "
					   "from 0 (1970-01-01) to 32503679999 (2999-12-31), found \"%s\"",
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

/* The absolute, symlink-free path out names: its deepest existing
 * folder resolved, then the names below it, which must be plain (no "."
 * or "..": there is no folder to resolve them against).  Caller frees;
 * NULL for such a path. */
static char *
resolve_out(const char *cwd, const char *out)
{
	struct sbuf abs = SBUF_INIT;
	if (out[0] != '/')
		sbuf_putf(&abs, "%s/", cwd);
	sbuf_puts(&abs, out);
	char *rest = abs.data + abs.len;       /* names not yet resolved */
	char *real = NULL;
	while (!(real = realpath(abs.data, NULL))) {
		char *slash = strrchr(abs.data, '/');
		if (!slash || slash == abs.data)
			break;
		*slash = '\0';
		rest = slash + 1;
	}
	char *r = NULL;
	if (real) {
		struct sbuf full = SBUF_INIT;
		sbuf_puts(&full, strcmp(real, "/") ? real : "");
		bool plain = true;
		/* rebuild the unresolved part, restoring the cut slashes */
		for (char *p = rest; p < abs.data + abs.len; p += strlen(p) + 1) {
			if (!*p)
				continue;
			plain &= strcmp(p, ".") && strcmp(p, "..");
			sbuf_putf(&full, "/%s", p);
		}
		r = plain ? sbuf_detach(&full, NULL) : NULL;
		sbuf_release(&full);
		free(real);
	}
	sbuf_release(&abs);
	return r;
}

static int
check_out_dir(const char *out)
{
	char *cwd = getcwd(NULL, 0);
	if (!cwd)
		return usage_error("%s", "cannot read the current folder");
	char *p = resolve_out(cwd, out);
	bool bad = !p || !strcmp(p, "/") || is_within(cwd, p);
	static const char *const keep[] = { "content", "themes", ".git", "src",
					    "tests", NULL };
	for (const char *const *k = keep; *k && !bad; k++) {
		struct sbuf dir = SBUF_INIT;
		sbuf_putf(&dir, "%s/%s", cwd, *k);
		bad = is_within(p, dir.data);
		sbuf_release(&dir);
	}
	free(p);
	free(cwd);
	if (bad)
		return usage_error("refusing to write the site to \"%s\": it would replace the catalog itself, or the path is unclear",
				   out);
	return -1;
}

/* URLs per sitemap file: OCOP_SITEMAP_LIMIT when set to a number from 1
 * to the protocol's 50,000 (so that tests can split a small site), else
 * the protocol's limit. */
static size_t
sitemap_limit(void)
{
	const char *e = getenv("OCOP_SITEMAP_LIMIT");
	if (!e || !*e)
		return PLAN_SITEMAP_LIMIT;
	char *end;
	errno = 0;
	long n = strtol(e, &end, 10);
	return *end || errno || n < 1 || n > PLAN_SITEMAP_LIMIT
		? PLAN_SITEMAP_LIMIT : (size_t)n;
}

/*
 * OCOP_TIMINGS=1 prints the wall time of each stage to stderr, for
 * profiling a large catalog (docs/benchmarks.md); off, it costs nothing.
 */
static void
stage_done(const char *stage)
{
	static int on = -1;
	static struct timespec last;
	if (on < 0) {
		const char *e = getenv("OCOP_TIMINGS");
		on = e && *e && strcmp(e, "0");
		clock_gettime(CLOCK_MONOTONIC, &last);
	}
	if (!on || !stage)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	/* resident memory now and at its peak, from the kernel's view */
	long rss = 0, peak = 0;
	FILE *f = fopen("/proc/self/status", "r");
	char line[128];
	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "VmRSS:", 6))
			rss = strtol(line + 6, NULL, 10);
		else if (!strncmp(line, "VmHWM:", 6))
			peak = strtol(line + 6, NULL, 10);
	}
	if (f)
		fclose(f);
	fprintf(stderr, "ocop: timing: %-8s %8.3f s %6ld MB resident, %6ld MB peak\n",
		stage, (double)(now.tv_sec - last.tv_sec) +
		(double)(now.tv_nsec - last.tv_nsec) / 1e9, rss / 1024, peak / 1024);
	last = now;
}

/* Everything a command reads: the files, site.yaml, the theme and the
 * catalog, with every problem found on the way. */
struct session {
	struct arena arena;
	struct diag_list dl;
	struct source_set src;
	struct site site;
	struct theme theme;
	struct catalog cat;
	struct plan plan;       /* every output file; empty when errors */
	bool site_ok;
	enum diag_lang lang;
};

/*
 * Reads and checks the catalog.  Returns -1 when everything was read
 * (content errors may be in s->dl), or the exit status 2 when the files
 * themselves could not be read.
 */
static int
session_load(struct session *s, const struct options *o, long as_of_days,
	     bool with_theme)
{
	enum source_mode mode = o->worktree ? SOURCE_WORKTREE
				: o->staged ? SOURCE_STAGED
				: o->rev ? SOURCE_REV : SOURCE_HEAD;
	s->lang = o->lang && !strcmp(o->lang, "en") ? DIAG_EN : DIAG_VI;
	stage_done(NULL);
	if (source_open(&s->src, ".", mode, o->rev,
			(unsigned)jobs_count(o->jobs), &s->arena, &s->dl) < 0)
		return 2;
	if (s->src.fell_back && !o->quiet)
		fputs(s->lang == DIAG_VI
		      ? "ocop: không phải kho git: dùng các tệp trên đĩa\n"
		      : "ocop: not a git repository: building the files on disk\n",
		      stderr);
	stage_done("open");
	if (site_read(&s->site, &s->src, &s->arena, &s->dl) < 0)
		return -1;
	s->site_ok = true;
	if (!o->lang && !strcmp(s->site.language, "en"))
		s->lang = DIAG_EN;
	bool theme_ok = with_theme && theme_open(&s->theme, &s->site, &s->src,
						 &s->arena, &s->dl) == 0;
	if (theme_ok)
		theme_check(&s->theme);
	stage_done("theme");
	/* the checks run even when entries have errors (on the others):
	 * one broken file must not hide every other problem */
	catalog_load(&s->cat, &s->src, &s->site, as_of_days,
		     (unsigned)jobs_count(o->jobs), &s->arena, &s->dl);
	stage_done("catalog");
	lint_catalog(&s->cat, &s->src, &s->arena, &s->dl);
	/* names come from site.yaml and the theme together */
	if (theme_ok)
		theme_check_subgroups(&s->theme, &s->cat, &s->arena, &s->dl);
	stage_done("lint");
	/* the entries are read and checked: their files' bytes are not
	 * needed any more (entries keep copies of what they show) */
	source_drop_entries(&s->src);
	/* check reports all that build would, collisions of output paths
	 * included; a catalog with errors has no sound plan */
	if (with_theme && s->dl.errors) {
		plan_check_pages(&s->cat, &s->dl);
	} else if (with_theme) {
		struct plan_file *files;
		size_t n = pages_theme_files(&files, &s->theme, &s->arena);
		plan_build(&s->plan, &s->cat, files, n, sitemap_limit(),
			   &s->arena, &s->dl);
		stage_done("plan");
	}
	if (o->strict)
		diag_strict(&s->dl);
	return -1;
}

static void
session_end(struct session *s)
{
	plan_release(&s->plan);
	theme_close(&s->theme);
	source_close(&s->src);
	diag_list_release(&s->dl);
	arena_release(&s->arena);
}

static void
print_diags(struct session *s, const struct options *o)
{
	diag_sort(&s->dl);
	if (o->format && !strcmp(o->format, "json"))
		diag_print_json(&s->dl, stdout, s->lang);
	else
		diag_print(&s->dl, stderr, s->lang);
}

/* fmt: the files on disk, in the language of --lang or site.yaml. */
static int
run_fmt(const struct options *o)
{
	struct arena arena = ARENA_INIT;
	struct diag_list dl = DIAG_LIST_INIT;
	struct fmt_options fo = { .check = o->check, .quiet = o->quiet,
				  .lang = fmt_lang(o->lang), .out = stdout };
	struct fmt_result res;
	int status = fmt_run(&res, (const char *const *)o->files, o->n_files,
			     &fo, &arena, &dl);
	fflush(stdout);
	diag_sort(&dl);
	diag_print(&dl, stderr, fo.lang);
	fmt_summary(&res, &fo, stderr);
	diag_list_release(&dl);
	arena_release(&arena);
	return status;
}

static int
run_check(const struct options *o, long as_of_days)
{
	struct session s = { .arena = ARENA_INIT, .dl = DIAG_LIST_INIT };
	int status = session_load(&s, o, as_of_days, true);
	if (status < 0)
		status = s.dl.errors ? 1 : 0;
	print_diags(&s, o);
	bool json = o->format && !strcmp(o->format, "json");
	if (!json && !o->quiet && status != 2) {
		if (s.lang == DIAG_VI)
			fprintf(stderr, "ocop: %zu lỗi, %zu cảnh báo\n",
				s.dl.errors, s.dl.warnings);
		else
			fprintf(stderr, "ocop: %zu error%s, %zu warning%s\n",
				s.dl.errors, s.dl.errors == 1 ? "" : "s",
				s.dl.warnings, s.dl.warnings == 1 ? "" : "s");
	}
	session_end(&s);
	return status;
}

static int
write_to_out(void *payload, const char *path, const void *data, size_t len)
{
	return out_write(payload, path, data, len);
}

static int
run_build(const struct options *o, long as_of_days)
{
	struct session s = { .arena = ARENA_INIT, .dl = DIAG_LIST_INIT };
	struct out out;
	const char *out_dir = o->out ? o->out : "output";
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	int status = check_out_dir(out_dir);
	if (status >= 0)
		return status;
	status = session_load(&s, o, as_of_days, true);
	if (status >= 0)
		goto out;
	status = 1;
	if (s.dl.errors)
		goto out;
	status = 2;
	if (out_begin(&out, out_dir, &s.dl) < 0)
		goto out;
	int jobs = jobs_count(o->jobs);
	struct build_info info = {
		s.src.from_git ? s.src.commit : NULL, OCOP_VERSION,
	};
	struct page_sink sink = { write_to_out, &out };
	if (pages_build(&s.plan, &s.theme, &info, &sink, jobs, &s.arena,
			&s.dl) < 0) {
		/* a template error is the catalog's; a write error the system's */
		status = s.dl.n && !strcmp(s.dl.v[s.dl.n - 1].code, "io") ? 2 : 1;
		out_abort(&out);
		goto out;
	}
	stage_done("render");
	/* the plan's 130,000 items are not needed to commit: free them
	 * before the manifests, at the build's peak of memory */
	plan_release(&s.plan);
	size_t files = out.files, written = out.written;
	if (out_commit(&out) < 0)
		goto out;
	stage_done("commit");
	status = 0;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (!o->quiet) {
		double secs = (double)(t1.tv_sec - t0.tv_sec) +
			      (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		char commit[16] = "";
		if (s.src.from_git)
			snprintf(commit, sizeof(commit), " %.7s", s.src.commit);
		if (s.lang == DIAG_VI)
			printf("ocop: đã dựng %zu sản phẩm, %zu chủ thể, %zu điểm bán "
			       "(%zu tệp, %zu tệp ghi mới) từ %s%s vào %s/ trong %.3f giây\n",
			       s.cat.n_products, s.cat.n_producers, s.cat.n_pos,
			       files, written, s.src.from_git ? "commit" : "các tệp trên đĩa",
			       commit, out_dir, secs);
		else
			printf("ocop: built %zu product%s, %zu producer%s, %zu point%s of sale "
			       "(%zu file%s, %zu written) from %s%s into %s/ in %.3f s\n",
			       s.cat.n_products, s.cat.n_products == 1 ? "" : "s",
			       s.cat.n_producers, s.cat.n_producers == 1 ? "" : "s",
			       s.cat.n_pos, s.cat.n_pos == 1 ? "" : "s",
			       files, files == 1 ? "" : "s", written,
			       s.src.from_git ? "commit" : "the files on disk",
			       commit, out_dir, secs);
	}
out:
	print_diags(&s, o);
	stage_done("report");
	if (status == 1) {
		size_t bad = diag_error_files(&s.dl);
		if (!bad && s.lang == DIAG_VI)
			fprintf(stderr, "ocop: %zu lỗi: chưa xuất bản gì, %s/ giữ nguyên\n",
				s.dl.errors, out_dir);
		else if (!bad)
			fprintf(stderr, "ocop: %zu error%s: nothing was published, %s/ is unchanged\n",
				s.dl.errors, s.dl.errors == 1 ? "" : "s", out_dir);
		else if (s.lang == DIAG_VI)
			fprintf(stderr, "ocop: %zu lỗi trong %zu tệp: chưa xuất bản gì, %s/ giữ nguyên\n",
				s.dl.errors, bad, out_dir);
		else
			fprintf(stderr, "ocop: %zu error%s in %zu file%s: nothing was published, %s/ is unchanged\n",
				s.dl.errors, s.dl.errors == 1 ? "" : "s",
				bad, bad == 1 ? "" : "s", out_dir);
	}
	session_end(&s);
	stage_done("free");
	return status;
}

/* The report reads what build reads, minus the theme.  An entry with
 * errors is left out of it and listed apart, and the errors go to
 * stderr (exit 1): the council gets its list while a clerk fixes a
 * file.  Only the report goes to stdout.  Warnings are not printed:
 * they are for check and build, and would bury the list the clerk
 * asked for. */
static int
run_report(const struct options *o, long as_of_days, long within_days)
{
	struct session s = { .arena = ARENA_INIT, .dl = DIAG_LIST_INIT };
	int status = session_load(&s, o, as_of_days, false);
	diag_sort(&s.dl);
	if (status >= 0 || !s.site_ok) {
		/* no catalog to report on: a system error or site.yaml */
		diag_print(&s.dl, stderr, s.lang);
		session_end(&s);
		return status >= 0 ? status : 1;
	}
	enum report_format fmt = !o->format ? REPORT_TEXT
		: !strcmp(o->format, "csv") ? REPORT_CSV
		: !strcmp(o->format, "json") ? REPORT_JSON : REPORT_TEXT;
	status = s.dl.errors ? 1 : 0;
	if (s.dl.errors) {
		diag_keep_errors(&s.dl);
		diag_print(&s.dl, stderr, s.lang);
	}
	if (report_expiring(&s.cat, within_days, fmt, s.lang, stdout) < 0) {
		fprintf(stderr, "ocop: %s\n", s.lang == DIAG_VI
			? "không ghi được báo cáo ra đầu ra chuẩn"
			: "cannot write the report to standard output");
		status = 2;
	} else if (s.dl.errors) {
		if (s.lang == DIAG_VI)
			fprintf(stderr, "ocop: %zu lỗi: báo cáo không gồm các mục có lỗi\n",
				s.dl.errors);
		else
			fprintf(stderr, "ocop: %zu error%s: the entries that have them are not in the report\n",
				s.dl.errors, s.dl.errors == 1 ? "" : "s");
	}
	session_end(&s);
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
	long within_days = 90;
	if (o.within && report_parse_within(&within_days, o.within,
					    as_of_days) < 0)
		return usage_error("--within must be a number of days, or a number "
				   "followed by d, w, m or y (such as 90d, 12w, 6m, "
				   "1y), at most 100 years; found \"%s\"", o.within);
	if (o.dir && chdir(o.dir) < 0) {
		fprintf(stderr, "ocop: cannot enter \"%s\": %s\n", o.dir,
			strerror(errno));
		return 2;
	}
	git_libgit2_init();
	/* libgit2 maps packs in windows of 1 GB and keeps up to 8 GB
	 * mapped: the 100 MB pack of a 20,000-product catalog would stay
	 * resident for the whole build.  Entries are read in pack order
	 * (packorder.h), so small windows cost nothing. */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)4 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)32 << 20);
	xmlInitParser();         /* once, before any thread parses SVG */
	if (!strcmp(o.command, "check"))
		st = run_check(&o, as_of_days);
	else if (!strcmp(o.command, "report"))
		st = run_report(&o, as_of_days, within_days);
	else if (!strcmp(o.command, "fmt"))
		st = run_fmt(&o);
	else if (!strcmp(o.command, "hook"))
		st = hook_install(o.force, o.lang && !strcmp(o.lang, "en") ? DIAG_EN : DIAG_VI);
	else
		st = run_build(&o, as_of_days);
	xmlCleanupParser();
	git_libgit2_shutdown();
	return st;
}
