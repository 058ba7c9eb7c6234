/*
 * exit.h - the statuses ocop exits with.  The commands return them, and
 * so do the stages that end a command (hook_install, fmt_run,
 * pages_build), since only they know whether a failure was the
 * catalog's or the system's.  Scripts and git hooks test these numbers:
 * they never change.  Usage and system errors share 2, as `ocop --help`
 * says; the two names say which one a caller means.
 */
#ifndef OCOP_EXIT_H
#define OCOP_EXIT_H

enum exit_status {
	EXIT_OK = 0,            /* done, or nothing wrong found */
	EXIT_ERRORS = 1,        /* content errors (fmt --check: files to format) */
	EXIT_USAGE = 2,         /* a command line ocop cannot run */
	EXIT_SYSTEM = 2,        /* files that could not be read or written */
};

#endif
