/*
 * report.c - `ocop report expiring`: the certificates to re-rate soon
 * (render/report.h writes the list).
 *
 * The report reads what build reads, minus the theme.  An entry with
 * errors is left out of it and listed apart, and the errors go to
 * stderr (exit 1): the council gets its list while a clerk fixes a
 * file.  Only the report goes to stdout.  Warnings are not printed:
 * they are for check and build, and would bury the list the clerk
 * asked for.
 */
#include "cmd.h"

#include <stdio.h>
#include <string.h>

#include "session.h"
#include "../render/report.h"
#include "../util/banned.h"

static enum report_format
list_format(const char *format)
{
	return !format ? REPORT_TEXT
		: !strcmp(format, "csv") ? REPORT_CSV
		: !strcmp(format, "json") ? REPORT_JSON : REPORT_TEXT;
}

enum exit_status
cmd_report(const struct cmd_options *o)
{
	struct session s = SESSION_INIT;
	enum exit_status status = session_load(&s, o, false);
	diag_sort(&s.dl);
	if (status != EXIT_OK || !s.site_ok) {
		/* no catalog to report on: a system error or site.yaml */
		diag_print(&s.dl, stderr, s.lang);
		session_end(&s);
		return status != EXIT_OK ? status : EXIT_ERRORS;
	}
	status = s.dl.errors ? EXIT_ERRORS : EXIT_OK;
	if (s.dl.errors) {
		diag_keep_errors(&s.dl);
		diag_print(&s.dl, stderr, s.lang);
	}
	if (report_expiring(&s.cat, o->within_days, list_format(o->format),
			    s.lang, stdout) < 0) {
		diag_say(stderr, s.lang,
			 "ocop: cannot write the report to standard output");
		status = EXIT_SYSTEM;
	} else if (s.dl.errors) {
		diag_say(stderr, s.lang,
			 "ocop: %zu error%s: the entries that have them are not in the report",
			 s.dl.errors, msg_plural(s.lang, s.dl.errors));
	}
	session_end(&s);
	return status;
}
