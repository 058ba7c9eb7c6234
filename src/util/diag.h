/*
 * diag.h - content errors and warnings as values.
 *
 * A diag carries the file, 1-based line and column (columns count code
 * points), a level, a short stable code ("stars", "yaml", "ref"...) and a
 * message.  Stages file diags and go on; the command (src/cmd/) sorts and
 * prints them all at the end in the GNU form editors can jump to:
 *
 *   content/products/keo-cu-do.md:4:8: error: stars must be 3, 4 or 5, found 6 [stars]
 *
 * Messages are lowercase, without a full stop, quoting the subject.
 * Every message is written in English in the code and formatted when
 * filed in English and in each language whose catalogue translates it
 * (msg.h, messages/<code>.po), so the language to print in can be chosen
 * after the catalog's site.yaml has been read.  A language is a
 * catalogue, const struct msg_lang *; NULL stands for English.
 * The list owns its messages and a copy of each path; diag_list_release()
 * frees them.
 *
 * Printing never lets untrusted text (file names, values quoted from
 * content) drive the terminal: control characters, bidirectional
 * overrides and invalid UTF-8 are written as visible escapes (\n,
 * \x1b, \u{202e}, \xff); the JSON form replaces each invalid byte with
 * U+FFFD, so it is always valid UTF-8.
 */
#ifndef OCOP_DIAG_H
#define OCOP_DIAG_H

#include <stdio.h>

struct msg_lang;

struct pos {
	const char *path;   /* borrowed by the filer; a diag keeps its own copy */
	unsigned line, col; /* 1-based; 0 means "whole file" */
};

enum diag_level { DIAG_WARNING, DIAG_ERROR };

struct diag {
	struct pos at;
	enum diag_level level;
	const char *code;   /* static string */
	char *msg;          /* English */
	char *hint;         /* English, may be NULL */
	char **tr;          /* NULL, or msg_nlangs pairs: [2 * i] the
			       message, [2 * i + 1] the hint in
			       msg_langs[i]; NULL where it is the English */
	size_t seq;         /* filing order, so equal positions keep it */
	char *path_copy;    /* owned copy that at.path points to (or NULL):
			       the filer's path may live in a scratch
			       arena released long before printing */
};

struct diag_list {
	struct diag *v;
	size_t n, cap;
	size_t errors, warnings;
};

#define DIAG_LIST_INIT { NULL, 0, 0, 0, 0 }

/*
 * Marks a format that a table keeps for a later diag_error(),
 * diag_warning() or diag_hint() call: tests/check-messages.sh checks
 * that the catalogues translate DIAG_FORMAT("literal") wherever it stands, as it
 * checks a literal written at a call, and accepts a call whose format is
 * DIAG_FORMAT(row->field) in a file that marks its literals so.
 * Expands to its argument.
 */
#define DIAG_FORMAT(fmt) (fmt)

/* Files an error; always returns -1 so callers can `return diag_error(...)`. */
int diag_error(struct diag_list *dl, struct pos at, const char *code,
	       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void diag_warning(struct diag_list *dl, struct pos at, const char *code,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Adds a hint line to the most recent diag. */
void diag_hint(struct diag_list *dl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Files a copy of d (every language) into dl. */
void diag_copy(struct diag_list *dl, const struct diag *d);
/* Turns every warning into an error (--strict). */
void diag_strict(struct diag_list *dl);
/* The number of files errors point into, once the list is sorted. */
size_t diag_error_files(const struct diag_list *dl);
/* Drops the warnings, keeping the errors in their order. */
void diag_keep_errors(struct diag_list *dl);
/* Sorts by file, line, column (filing order otherwise). */
void diag_sort(struct diag_list *dl);
/* Prints every diag in lang, then a hint line under it when it has one. */
void diag_print(const struct diag_list *dl, FILE *f,
		const struct msg_lang *lang);
/* Prints the list as a JSON array of {file, line, column, severity,
 * code, message, hint}. */
void diag_print_json(const struct diag_list *dl, FILE *f,
		     const struct msg_lang *lang);
/* The message or hint of d in lang. */
const char *diag_msg(const struct diag *d, const struct msg_lang *lang);
const char *diag_hint_text(const struct diag *d, const struct msg_lang *lang);

/*
 * Prints a line that is not a diag (a command's summary, a notice) to
 * f: fmt in lang (msg_get()), formatted with the arguments, then a
 * newline.  Unlike a diag's, the text is printed as it is.
 * tests/check-messages.sh checks that every catalogue translates every
 * fmt.  A count's plural ending is msg_plural()'s.
 */
void diag_say(FILE *f, const struct msg_lang *lang, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_list_release(struct diag_list *dl);

#endif
