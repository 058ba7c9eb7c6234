/*
 * out.h - writing the site.  Nothing is written into the output folder
 * itself while a build runs: files go to a fresh folder beside it
 * (".output.tmp-XXXXXX" in the same parent, so the final rename stays on
 * one file system), and out_commit() swaps that folder in with one
 * atomic rename (renameat2 RENAME_EXCHANGE when the output exists), then
 * deletes the old tree.  A build that fails calls out_abort(): the
 * output folder is left exactly as it was.
 */
#ifndef OCOP_OUT_H
#define OCOP_OUT_H

#include <stddef.h>

#include "../util/diag.h"

struct out {
	char *dir;         /* the output folder as given */
	const char *name;  /* borrowed: dir as passed to out_begin(), which
			      names the output in diags */
	char *tmp;         /* the folder being written */
	char *last_dir;    /* last folder created, to skip repeated mkdirs */
	struct diag_list *dl;
	size_t files, bytes;
};

/* Creates the temporary folder.  Returns 0, or -1 after filing a diag.
 * dir is borrowed: diags about the output name it, so it must outlive
 * the diag list (argv, a literal or the build's arena). */
int out_begin(struct out *o, const char *dir, struct diag_list *dl);
/* Writes data to rel (a '/'-separated path inside the site), creating
 * folders as needed.  Returns 0, or -1 after filing a diag. */
int out_write(struct out *o, const char *rel, const void *data, size_t len);
/* Swaps the finished site in.  Returns 0, or -1 after filing a diag (the
 * old output is then still in place). */
int out_commit(struct out *o);
/* Deletes the temporary folder; the output is untouched. */
void out_abort(struct out *o);
/* Deletes a folder tree without following symbolic links. */
int out_remove_tree(const char *path);

#endif
