/*
 * main.c - the command line: argv → struct cmd_options → the command
 * that the table below names (src/cmd/, one file each), whose exit
 * status (util/exit.h) is the program's.  Also the only place that
 * reads the date (--as-of, SOURCE_DATE_EPOCH or the clock) and that
 * calls git_libgit2_init and xmlInitParser.
 *
 * Exit status: 0 success, 1 content errors, 2 usage or system errors.
 */
#include <errno.h>
#include <git2.h>
#include <libxml/parser.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "model/date.h"
#include "render/report.h"
#include "util/msg.h"
#include "util/sbuf.h"
#include "util/workers.h"
#include "util/xalloc.h"
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
	"  --lang LANGS     language of messages (default: Vietnamese, or\n"
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

/* The commands, by the name given on the command line. */
static const struct command {
	const char *name;
	enum exit_status (*run)(const struct cmd_options *o);
	const char *word;       /* the word that must follow the name */
	const char *usage;      /* the usage error when it does not */
	bool files;             /* takes FILE... after the name */
} commands[] = {
	{ .name = "build", .run = cmd_build },
	{ .name = "check", .run = cmd_check },
	{ .name = "hook", .run = cmd_hook, .word = "install",
	  .usage = "usage: ocop hook install [--force]" },
	{ .name = "report", .run = cmd_report, .word = "expiring",
	  .usage = "usage: ocop report expiring [--within 90d] "
		   "[--format text|csv|json]" },
	{ .name = "fmt", .run = cmd_fmt, .files = true },
};

/* Options that take a value, as "--out DIR" or "--out=DIR". */
static const struct {
	const char *name, *alias;
	size_t field;               /* offset of the const char * in cmd_options */
} value_options[] = {
	{ "-C", NULL, offsetof(struct cmd_options, dir) },
	{ "--out", "-o", offsetof(struct cmd_options, out) },
	{ "--rev", NULL, offsetof(struct cmd_options, rev) },
	{ "--as-of", NULL, offsetof(struct cmd_options, as_of) },
	{ "--within", NULL, offsetof(struct cmd_options, within) },
	{ "--lang", NULL, offsetof(struct cmd_options, lang) },
	{ "--format", NULL, offsetof(struct cmd_options, format) },
	{ "--jobs", "-j", offsetof(struct cmd_options, jobs) },
};

/* Options that are a switch. */
static const struct {
	const char *name, *alias;
	size_t field;               /* offset of the bool in cmd_options */
} flag_options[] = {
	{ "--worktree", NULL, offsetof(struct cmd_options, worktree) },
	{ "--staged", NULL, offsetof(struct cmd_options, staged) },
	{ "--strict", NULL, offsetof(struct cmd_options, strict) },
	{ "--force", NULL, offsetof(struct cmd_options, force) },
	{ "--quiet", "-q", offsetof(struct cmd_options, quiet) },
	{ "--check", "--dry-run", offsetof(struct cmd_options, check) },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct command *
find_command(const char *name)
{
	for (size_t k = 0; k < COUNT(commands); k++)
		if (!strcmp(name, commands[k].name))
			return &commands[k];
	return NULL;
}

/* Sets an option from argv[*i] (taking argv[*i + 1] as its value when
 * it needs one); *taken says whether argv[*i] was an option.  Returns
 * EXIT_USAGE for an option whose value is missing. */
static enum exit_status
take_option(struct cmd_options *o, int argc, char **argv, int *i,
	    bool *taken)
{
	const char *a = argv[*i];
	*taken = true;
	for (size_t k = 0; k < COUNT(flag_options); k++)
		if (!strcmp(a, flag_options[k].name) ||
		    (flag_options[k].alias && !strcmp(a, flag_options[k].alias))) {
			*(bool *)((char *)o + flag_options[k].field) = true;
			return EXIT_OK;
		}
	for (size_t k = 0; k < COUNT(value_options); k++) {
		const char *name = value_options[k].name;
		const char **field = (const char **)((char *)o + value_options[k].field);
		size_t n = strlen(name);
		if (!strncmp(a, name, n) && a[n] == '=' && n > 2) {
			*field = a + n + 1;
			return EXIT_OK;
		}
		if (strcmp(a, name) && (!value_options[k].alias ||
					strcmp(a, value_options[k].alias)))
			continue;
		if (*i + 1 >= argc)
			return cmd_usage_error("option \"%s\" needs a value", a);
		*field = argv[++*i];
		return EXIT_OK;
	}
	*taken = false;
	return EXIT_OK;
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

/* Prints the usage, with the codes of the languages that have a
 * catalogue (messages/) in place of LANGS, the text after it kept in
 * its column when they fit. */
static void
put_usage(FILE *f)
{
	const char *at = strstr(usage, "LANGS");
	struct sbuf sb = SBUF_INIT;
	sbuf_put(&sb, usage, (size_t)(at - usage));
	size_t start = sb.len;
	msg_lang_list(&sb, "|", "|");
	const char *rest = at + strlen("LANGS");
	for (size_t w = sb.len - start; w > strlen("LANGS") && rest[0] == ' ' &&
	     rest[1] == ' '; w--)
		rest++;
	sbuf_puts(&sb, rest);
	fputs(sb.data, f);
	sbuf_release(&sb);
}

/* Reads argv into o: options anywhere, the command's name, then its
 * word (hook install, report expiring) or its files (fmt).  --help and
 * --version print and leave *cmd NULL: nothing more to do. */
static enum exit_status
read_args(struct cmd_options *o, const struct command **cmd, int argc,
	  char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			put_usage(stdout);
			*cmd = NULL;
			return EXIT_OK;
		} else if (!strcmp(a, "--version")) {
			printf("ocop %s\n", OCOP_VERSION);
			*cmd = NULL;
			return EXIT_OK;
		}
		bool taken;
		if (take_option(o, argc, argv, &i, &taken) != EXIT_OK)
			return EXIT_USAGE;
		if (taken)
			continue;
		if (a[0] == '-') {
			return cmd_usage_error("unknown option \"%s\"", a);
		} else if (!o->command) {
			o->command = a;
			*cmd = find_command(a);
		} else if (*cmd && (*cmd)->word && !o->subcommand) {
			o->subcommand = a;
		} else if (*cmd && (*cmd)->files) {
			/* argv[1..i) is consumed, so the file arguments are
			 * gathered there, in order, without allocating */
			o->files = argv + 1;
			argv[1 + o->n_files++] = argv[i];
		} else {
			return cmd_usage_error("unexpected argument \"%s\"", a);
		}
	}
	if (!o->command) {
		put_usage(stderr);
		return EXIT_USAGE;
	}
	if (!*cmd)
		return cmd_usage_error("unknown command \"%s\"", o->command);
	return EXIT_OK;
}

/* Refuses options that do not go with the command or with each other,
 * and values out of range.  The first problem in this order is the one
 * reported. */
static enum exit_status
check_args(const struct cmd_options *o, const struct command *cmd)
{
	bool report = cmd->run == cmd_report;
	if (o->check && cmd->run != cmd_fmt)
		return cmd_usage_error("--check is for 'ocop fmt'");
	if (cmd->run == cmd_fmt && (o->staged || o->rev))
		return cmd_usage_error("ocop fmt works on the files on disk: --staged and --rev do not apply");
	if (o->within && !report)
		return cmd_usage_error("--within is for 'ocop report expiring'");
	if (cmd->word && (!o->subcommand || strcmp(o->subcommand, cmd->word)))
		return cmd_usage_error("%s", cmd->usage);
	if (o->worktree + o->staged + !!o->rev > 1)
		return cmd_usage_error("use only one of --worktree, --staged and --rev");
	if (o->staged && cmd->run != cmd_check)
		return cmd_usage_error("--staged is for 'ocop check'");
	if (o->jobs && cmd->run != cmd_build)
		return cmd_usage_error("--jobs is for 'ocop build'");
	if (o->jobs && jobs_count(o->jobs) < 0)
		return cmd_usage_error("--jobs must be a number from 1 to 64, found \"%s\"",
				       o->jobs);
	if (o->lang && !msg_lang_find(o->lang)) {
		/* one catalogue per language (messages/): the list is data */
		struct sbuf langs = SBUF_INIT;
		msg_lang_list(&langs, ", ", " or ");
		enum exit_status st = cmd_usage_error(
			"--lang must be %s, found \"%s\"", langs.data, o->lang);
		sbuf_release(&langs);
		return st;
	}
	if (report && o->format && strcmp(o->format, "text") &&
	    strcmp(o->format, "csv") && strcmp(o->format, "json"))
		return cmd_usage_error("--format must be text, csv or json, found \"%s\"",
				       o->format);
	if (!report && o->format && strcmp(o->format, "text") &&
	    strcmp(o->format, "json"))
		return cmd_usage_error("--format must be text or json, found \"%s\"",
				       o->format);
	return EXIT_OK;
}

/* The build date as a day number: --as-of, else SOURCE_DATE_EPOCH, else
 * the clock (read here and nowhere else). */
static enum exit_status
build_date(const struct cmd_options *o, long *days)
{
	if (o->as_of) {
		struct date d;
		if (!date_parse(&d, o->as_of))
			return cmd_usage_error("--as-of must be a date from 1900-01-01 to 2999-12-31, written YYYY-MM-DD, found \"%s\"",
					       o->as_of);
		*days = d.days;
		return EXIT_OK;
	}
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		errno = 0;
		long long t = strtoll(sde, &end, 10);
		/* the dates ocop reads and prints stop at 2999-12-31 */
		if (*end || errno || t < 0 || t > 32503679999LL)
			return cmd_usage_error("SOURCE_DATE_EPOCH must be a number of seconds "
					       "from 0 (1970-01-01) to 32503679999 (2999-12-31), found \"%s\"",
					       sde);
		*days = date_from_time((time_t)t).days;
		return EXIT_OK;
	}
	*days = date_from_time(time(NULL)).days;
	return EXIT_OK;
}

/* What the command reads as numbers: the threads, the build date and
 * the report's window. */
static enum exit_status
take_numbers(struct cmd_options *o)
{
	o->threads = (unsigned)jobs_count(o->jobs);
	enum exit_status st = build_date(o, &o->as_of_days);
	if (st != EXIT_OK)
		return st;
	o->within_days = 90;
	if (o->within && report_parse_within(&o->within_days, o->within,
					     o->as_of_days) < 0)
		return cmd_usage_error("--within must be a number of days, or a number "
				       "followed by d, w, m or y (such as 90d, 12w, 6m, "
				       "1y), at most 100 years; found \"%s\"", o->within);
	return EXIT_OK;
}

/* The command to run from argv, in *cmd, and its options in o, checked.
 * *cmd is NULL with EXIT_OK when there is nothing to run (--help,
 * --version); only with EXIT_OK is it to be run. */
static enum exit_status
parse_args(struct cmd_options *o, const struct command **cmd, int argc,
	   char **argv)
{
	enum exit_status st = read_args(o, cmd, argc, argv);
	if (st != EXIT_OK || !*cmd)
		return st;
	if ((st = check_args(o, *cmd)) != EXIT_OK)
		return st;
	return take_numbers(o);
}

/*
 * malloc's memory in huge pages.  A build at 20,000 products touches
 * 800 MB of fresh memory, and the kernel faults it in 4 kB at a time:
 * a tenth of a rebuild's CPU time on the machines we measure on
 * (docs/benchmarks.md).  glibc asks the kernel for 2 MB pages where the
 * system gives them on request (transparent_hugepage "madvise", the
 * default of many systems) when GLIBC_TUNABLES holds
 * glibc.malloc.hugetlb=1, which it reads only as a program starts: so
 * ocop starts itself again with it, once, before anything else.  A
 * GLIBC_TUNABLES that names the setting already (ours, or the user's:
 * =0 turns it off) is left alone, and so is a program run by valgrind
 * (its tools would lose the program at the exec); when ocop cannot be
 * started again it goes on as it is.
 */
static void
restart_with_huge_pages(char **argv)
{
	const char *t = getenv("GLIBC_TUNABLES");
	const char *preload = getenv("LD_PRELOAD");
	if ((t && strstr(t, "glibc.malloc.hugetlb")) ||
	    (preload && strstr(preload, "vgpreload")))
		return;
	char *old = t ? xstrdup(t) : NULL;
	struct sbuf v = SBUF_INIT;
	if (t && *t)
		sbuf_putf(&v, "%s:", t);
	sbuf_puts(&v, HUGE_PAGES_TUNABLE);
	if (setenv("GLIBC_TUNABLES", v.data, 1) == 0)
		execv("/proc/self/exe", argv);
	/* not started again: the environment as it was */
	if (old)
		setenv("GLIBC_TUNABLES", old, 1);
	else
		unsetenv("GLIBC_TUNABLES");
	free(old);
	sbuf_release(&v);
}

int
main(int argc, char **argv)
{
	/* first: argv as given (parse_args() reorders it), and before -C
	 * (the program started again enters the folder itself) */
	restart_with_huge_pages(argv);
	struct cmd_options o = { 0 };
	const struct command *cmd = NULL;
	enum exit_status st = parse_args(&o, &cmd, argc, argv);
	if (st != EXIT_OK || !cmd)      /* a usage error, --help, --version */
		return st;
	if (o.dir && chdir(o.dir) < 0) {
		fprintf(stderr, "ocop: cannot enter \"%s\": %s\n", o.dir,
			strerror(errno));
		return EXIT_USAGE;
	}
	git_libgit2_init();
	/* libgit2 maps packs in windows of 1 GB and keeps up to 8 GB
	 * mapped: the 100 MB pack of a 20,000-product catalog would stay
	 * resident for the whole build.  Entries are read in pack order
	 * (packorder.h), so small windows cost nothing. */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)4 << 20);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)32 << 20);
	/* libgit2 hashes every object it reads to check its id (git
	 * itself does not: only fsck does); at 20,000 commits that was a
	 * quarter of reading the history.  A damaged loose object is still
	 * caught by the guard (load/loose.h), a damaged pack by its CRCs. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* packs are asked first, ahead of the loose-object guard
	 * (load/loose.h, priority 100), which comes ahead of libgit2's
	 * own loose objects (1): in a packed repository every read used
	 * to try to open a loose file first, 8 failed opens per commit
	 * of the history */
	git_libgit2_opts(GIT_OPT_SET_ODB_PACKED_PRIORITY, 200);
	xmlInitParser();         /* once, before any thread parses SVG */
	st = cmd->run(&o);
	xmlCleanupParser();
	git_libgit2_shutdown();
	return st;
}
