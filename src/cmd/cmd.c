/*
 * cmd.c - what the commands share besides a session (session.h): the
 * usage error, and the language asked for.
 */
#include "cmd.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../util/banned.h"

enum exit_status
cmd_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("ocop: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs("\nTry 'ocop --help'.\n", stderr);
	va_end(ap);
	return EXIT_USAGE;
}

const struct msg_lang *
cmd_lang(const struct cmd_options *o)
{
	return msg_lang_pick(o->lang, NULL);
}
