/*
 * cmd.h - the commands of ocop.  Each runs the pipeline's stages in
 * order for one command line (load, parse, model, plan, render, write,
 * as far as it needs), prints what it has to say (diags, a summary) and
 * returns the exit status.  main.c parses the command line into struct
 * cmd_options and picks the command from its table; nothing here reads
 * argv.  Everything a command allocates is released before it returns.
 */
#ifndef OCOP_CMD_H
#define OCOP_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"
#include "../util/exit.h"
#include "../util/msg.h"

/* What GLIBC_TUNABLES holds for malloc's memory in huge pages, which
 * main.c starts ocop again with (restart_with_huge_pages()). */
#define HUGE_PAGES_TUNABLE "glibc.malloc.hugetlb=1"

/* The command line, checked by main.c: only combinations that make
 * sense reach a command.  Strings are borrowed from argv. */
struct cmd_options {
	const char *command;
	const char *subcommand; /* the word after hook or report */
	const char *dir;        /* -C */
	const char *lang;       /* "vi", "en", or NULL: site.yaml's */
	const char *format;     /* NULL: text */
	const char *out;        /* NULL: "output" */
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
	/* worked out by main.c from the text above */
	unsigned threads;       /* --jobs, else one per online core */
	long as_of_days;        /* the build date: --as-of, SOURCE_DATE_EPOCH
				   or today */
	long within_days;       /* report expiring --within, else 90 */
};

/* Checks the catalog, then builds the site into the output folder. */
enum exit_status cmd_build(const struct cmd_options *o);
/* Checks the catalog and prints every problem; writes nothing. */
enum exit_status cmd_check(const struct cmd_options *o);
/* hook install: the git pre-commit hook that runs check --staged. */
enum exit_status cmd_hook(const struct cmd_options *o);
/* report expiring: the certificates to re-rate soon, to stdout. */
enum exit_status cmd_report(const struct cmd_options *o);
/* Rewrites entries on disk in canonical form (or, with check, lists
 * those that are not). */
enum exit_status cmd_fmt(const struct cmd_options *o);

/* Prints "ocop: " and the message, then how to get help, to stderr.
 * Usage errors are in English only: they are for whoever runs ocop
 * from a script.  Returns EXIT_USAGE. */
enum exit_status cmd_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* The language --lang asks for; the default (msg.h) without it. */
const struct msg_lang *cmd_lang(const struct cmd_options *o);

#endif
