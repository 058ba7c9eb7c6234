/*
 * fmt.c - `ocop fmt`: entries on disk into canonical form (write/fmt.h
 * does the work), in the language of --lang or site.yaml.  The lines
 * about each file go to stdout, the problems and the summary to stderr.
 */
#include "cmd.h"

#include <stdio.h>

#include "../util/arena.h"
#include "../write/fmt.h"
#include "../util/banned.h"

enum exit_status
cmd_fmt(const struct cmd_options *o)
{
	struct arena arena = ARENA_INIT;
	struct diag_list dl = DIAG_LIST_INIT;
	struct fmt_options fo = { .check = o->check, .quiet = o->quiet,
				  .lang = fmt_lang(o->lang), .out = stdout };
	struct fmt_result res;
	enum exit_status status = fmt_run(&res, (const char *const *)o->files,
					  o->n_files, &fo, &arena, &dl);
	fflush(stdout);
	diag_sort(&dl);
	diag_print(&dl, stderr, fo.lang);
	fmt_summary(&res, &fo, stderr);
	diag_list_release(&dl);
	arena_release(&arena);
	return status;
}
