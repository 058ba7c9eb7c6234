/*
 * out.h - writing the site.  Nothing is written into the output folder
 * itself while a build runs: files go to a fresh folder beside it
 * (".output.tmp-XXXXXX" in the same parent, so the final rename stays on
 * one file system), and out_commit() swaps that folder in with one
 * atomic rename (renameat2 RENAME_EXCHANGE when the output exists), then
 * deletes the old tree.  A build that fails calls out_abort(): the
 * output folder is left exactly as it was, and parent folders that
 * out_begin() had to create are removed again.
 *
 * No litter: from out_begin() until out_commit() or out_abort() return,
 * SIGINT, SIGTERM and SIGHUP are blocked in the calling thread (and in
 * every thread it starts) and waited for by a watcher thread, which
 * removes the temporary folder and then ends the process with the same
 * signal.  A build killed outright (SIGKILL, power loss) leaves its
 * folder behind; the next build beside the same output removes it.  Each
 * build holds an flock(2) on its temporary folder while it runs, and
 * takes one on the parent folder while it creates its own and sweeps,
 * so two builds running at once never remove each other's folder.
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
	char **made;       /* parent folders out_begin() created, outermost
			      first, removed again by out_abort() */
	size_t n_made;
	int tmp_fd;        /* the temporary folder, locked while we run */
	struct out_guard *guard;  /* the signal watcher */
};

/* Creates the output's missing parent folders, removes temporary
 * folders that killed builds left beside the output, and creates this
 * build's.  Returns 0, or -1 after filing a diag (nothing is left
 * created then).  dir is borrowed for as long as o is in use. */
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
