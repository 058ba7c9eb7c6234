/*
 * out.h - writing the site.  Nothing is written into the output folder
 * itself while a build runs: files go to a folder beside it
 * (".output.tmp-XXXXXX" in the same parent, so the final rename stays on
 * one file system), and out_commit() swaps that folder in with one
 * atomic rename (renameat2 RENAME_EXCHANGE when the output exists), then
 * keeps the old tree for the next build (see "Two trees" below).  A build that fails calls out_abort(): the
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
 *
 * Only what changed: the marker file ".ocop-output" that every site
 * carries also lists each file of the site with the SHA-256 of its
 * bytes, its size, modification time and inode (and the key it was
 * made from: see out_keep()).  A build
 * reads the previous output's list in out_begin(); out_write() then
 * hashes the new bytes and, when the previous output holds the same
 * path with the same hash and size, and that file's inode, size and
 * time are still those listed (nobody edited it since), hard-links the
 * file into the new tree instead of writing it: it keeps its inode and
 * modification time.  The previous files are only ever linked, never
 * opened for writing, so a failed or interrupted build still leaves the
 * output exactly as it was.  A list that is missing, damaged, from
 * another version of ocop or on another file system is not used: every
 * file is written.
 *
 * Two trees, not one: the previous site is not deleted after the swap
 * but kept beside the output as ".output.spare", with its own list, and
 * the next build takes it as its temporary folder.  Most of its files
 * are links to the output's files already, so a rebuild need not link,
 * make folders for, then delete every file of the site (half a million
 * system calls at 20,000 products) but only replace what changed.  The
 * spare is trusted as little as the output: out_begin() walks it and
 * removes every file its list does not hold with the same inode, size,
 * time and permissions (a file added or edited by hand since), and
 * out_commit() removes the listed files this build did not write, so
 * the tree swapped in holds exactly the files written, as a fresh
 * folder would.  A spare without a trusted list is emptied; one
 * without the marker is someone else's and left alone.
 *
 * out_write() may be called from several threads at once.
 */
#ifndef OCOP_OUT_H
#define OCOP_OUT_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/diag.h"

struct out_manifest;

struct out {
	char *dir;         /* the output folder as given */
	const char *name;  /* borrowed: dir as passed to out_begin(), which
			      names the output in diags */
	char *tmp;         /* the folder being written */
	struct diag_list *dl;
	size_t files, bytes;  /* files (and their bytes) given to out_write() */
	size_t written;    /* of those: new to the output (created
			      afresh, or the spare's copy of those bytes) */
	size_t linked;     /* and the others: the output's file kept,
			      hard-linked, or left in the spare */
	size_t reused;     /* of all: left in the spare */
	struct out_manifest *prev;  /* the previous output's file list, or
				       NULL (none, or not trusted) */
	struct out_manifest *spare; /* the list of what the spare taken as
				       the temporary folder still holds, or
				       NULL (a fresh folder) */
	char *spare_dir;   /* where the previous site is kept after the
			      swap: ".<output's name>.spare" beside it */
	struct out_manifest *next;  /* the files of this build so far */
	char **made;       /* parent folders out_begin() created, outermost
			      first, removed again by out_abort() */
	size_t n_made;
	int tmp_fd;        /* the temporary folder, locked while we run */
	struct out_guard *guard;  /* the signal watcher */
	struct out_prep *prep;    /* out_begin()'s thread, until
				     out_ready() */
};

/*
 * Whether dir may be used as the output of the catalog in catalog_dir
 * (an absolute path without symbolic links, as getcwd() gives; a
 * relative dir is taken from there): replacing it must not delete the
 * catalog.  Refused: "/", catalog_dir itself or a folder above it, a
 * folder inside its content/, themes/, .git/, src/ or tests/, and a
 * path with "." or ".." below its deepest existing folder (unclear).
 * Symbolic links are followed as far as dir exists.
 */
bool out_dir_is_safe(const char *dir, const char *catalog_dir);
/* Creates the output's missing parent folders, removes temporary
 * folders that killed builds left beside the output, and creates this
 * build's (or takes the spare), then goes on on a thread of its own
 * until out_ready().  Returns 0, or -1 after filing a diag (nothing is
 * left created then).  dir is borrowed for as long as o is in use. */
int out_begin(struct out *o, const char *dir, struct diag_list *dl);
/* Waits for what out_begin() goes on doing on a thread of its own
 * (reading the lists, taking the spare in hand), so that the caller may
 * plan its pages meanwhile.  Call it once before the first out_write().
 * Returns 0, or -1 after filing a diag (then out_abort()). */
int out_ready(struct out *o);
/* Makes room in the list of the files written for files of them, when
 * the caller knows: a list grown by doubling holds up to twice the
 * room at the build's peak of memory (20 MB at 265,000 files). */
void out_expect(struct out *o, size_t files);
/* Writes data to rel (a '/'-separated path inside the site), creating
 * folders as needed, or links the previous output's identical file (see
 * above).  A path that is empty, absolute, has an empty, "." or ".."
 * part or holds a control character is refused.  Writing a path twice
 * replaces it.  Thread-safe.  Returns 0, or -1 after filing a diag. */
int out_write(struct out *o, const char *rel, const void *data, size_t len);
/*
 * Files made from the same data need not be made again.  A key (16
 * bytes) is what a file was made from, as its maker says: the renderer
 * hashes a page's data and template.  out_write_keyed() lists the key
 * with the file; out_keep() puts the previous output's file at rel into
 * the new tree, as out_write() would with the same bytes, when the
 * previous list gives rel that very key, and returns 1; else it returns
 * 0 and does nothing (the caller makes the file and writes it).  With
 * check, the bytes the caller made anyway, a kept file whose bytes
 * differ is an error (a key that missed something the file depends on:
 * OCOP_CHECK_KEPT, which the tests set).  Thread-safe.  -1 after filing
 * a diag.
 */
enum { OUT_KEY_BYTES = 16 };
int out_write_keyed(struct out *o, const char *rel, const void *data,
		    size_t len, const unsigned char *key);
int out_keep(struct out *o, const char *rel, const unsigned char *key,
	     const void *check, size_t check_len);
/* Writes the marker with the list of the files, then swaps the finished
 * site in.  Returns 0, or -1 after filing a diag (the old output is then
 * still in place). */
int out_commit(struct out *o);
/* Deletes the temporary folder; the output is untouched. */
void out_abort(struct out *o);
/* Deletes a folder tree without following symbolic links. */
int out_remove_tree(const char *path);

#endif
