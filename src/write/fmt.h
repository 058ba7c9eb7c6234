/*
 * fmt.h - `ocop fmt`: rewrites content entries (Markdown with YAML front
 * matter) on disk into one canonical form without changing what they
 * mean:
 *
 *   1. Unicode NFC of the whole file;
 *   2. LF line ends, no trailing spaces or tabs on front-matter lines
 *      (body lines keep theirs: two trailing spaces are a Markdown line
 *      break), exactly one newline at the end of the file;
 *   3. top-level fields in the contract's order for the entry's kind,
 *      unknown fields after them in their original order;
 *   4. no spaces around a one-line top-level `name:` value.
 *
 * Every step edits the text, guided by the positions of the parsed
 * tree; YAML is never re-serialized, so comments, quoting, flow or block
 * style and unknown fields all survive.  The result is parsed again and
 * compared with the original tree (after NFC and name trimming); a file
 * whose meaning would change, or that does not parse in the first place,
 * is never written.
 *
 * Files are read and written on disk (the working tree, never git).  A
 * changed file is written to a temporary file in its own folder, synced
 * and renamed over the original, keeping its permission bits; a file
 * that is already canonical is not touched.  Problems go to the caller's
 * diag list ("io" for system errors, "fmt" for the rest); progress lines
 * go to fmt_options.out in the chosen language.
 */
#ifndef OCOP_FMT_H
#define OCOP_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../model/model.h"
#include "../util/arena.h"
#include "../util/diag.h"
#include "../util/exit.h"
#include "../util/sbuf.h"
#include "../util/span.h"

struct fmt_options {
	bool check;             /* write nothing, list what would change */
	bool quiet;             /* no "formatted ..." lines, no summary */
	const struct msg_lang *lang;    /* of progress lines and the summary */
	FILE *out;              /* progress lines (stdout) */
};

struct fmt_result {
	size_t files;           /* entries looked at */
	size_t changed;         /* written, or that would be (check) */
};

/*
 * Appends the canonical form of src (a whole file named path, of the
 * given kind, which says the order of the fields: path_kind_on_disk()
 * of model/path.h, ENTRY_KINDS for none) to out.  Returns 0 (out may
 * equal src byte for byte), or -1 after filing at least one error: the
 * file does not parse, has no front matter, or its canonical form would
 * not mean the same.  Notes
 * (fields left in their order, and why) are warnings.  Parse trees live
 * in a, which the caller may release as soon as this returns; path is
 * borrowed by the diags and must outlive dl.
 */
int fmt_text(struct sbuf *out, const char *path, struct span src,
	     enum entry_kind kind, struct arena *a, struct diag_list *dl);

/*
 * The command.  Formats the n files or folders in paths (a folder: the
 * entries below it, that is *.md files under a content/<kind>/ folder),
 * or with n == 0 every entry under content/ of the current folder.
 * Symbolic links are never followed, nor are names starting with '.'.
 * Paths in diags are copied into a, which must outlive dl.  Fills *res
 * and returns the exit status: EXIT_SYSTEM after a system error, else
 * EXIT_ERRORS when a file could not be formatted (or, with check, when
 * some file is not canonical), else EXIT_OK.
 */
enum exit_status fmt_run(struct fmt_result *res, const char *const *paths,
			 size_t n, const struct fmt_options *o,
			 struct arena *a, struct diag_list *dl);

/* Prints the one-line summary of a run to f (nothing when quiet). */
void fmt_summary(const struct fmt_result *res, const struct fmt_options *o,
		 FILE *f);

/*
 * The language of messages: opt ("vi" or "en") when given, else English
 * when ./site.yaml says `language: en`, else Vietnamese.  A missing or
 * broken site.yaml is not an error here.
 */
const struct msg_lang *fmt_lang(const char *opt);

#endif
