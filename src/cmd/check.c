/*
 * check.c - `ocop check`: reads and checks the catalog as build would,
 * prints every problem and a count of them; writes nothing.
 */
#include "cmd.h"

#include <string.h>

#include "session.h"
#include "../util/banned.h"

enum exit_status
cmd_check(const struct cmd_options *o)
{
	struct session s = SESSION_INIT;
	enum exit_status status = session_load(&s, o, true);
	if (status == EXIT_OK && s.dl.errors)
		status = EXIT_ERRORS;
	session_print_diags(&s, o);
	/* JSON is for programs: the count would not be JSON */
	bool json = o->format && !strcmp(o->format, "json");
	if (!json && !o->quiet && status != EXIT_SYSTEM)
		diag_say(stderr, s.lang, "ocop: %zu error%s, %zu warning%s",
			 s.dl.errors, msg_plural(s.lang, s.dl.errors),
			 s.dl.warnings, msg_plural(s.lang, s.dl.warnings));
	session_end(&s);
	return status;
}
