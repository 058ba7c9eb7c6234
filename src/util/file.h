/*
 * file.h - files on disk.  Replacing a file whole: a reader sees either
 * the old bytes or the new ones, never a mix, and a failure leaves the
 * old file as it was.  The one atomic writer for files outside output/
 * (ocop fmt's entries, the pre-commit hook, the history cache); output/
 * is swapped as a folder (write/out.h).  And the one sorted listing of
 * a folder (also used for the pack indexes, load/packorder.c) and the
 * one walk of a tree on disk built on it (the catalog read with
 * --worktree in load/source.c, ocop fmt's folders in write/fmt.c), so
 * that each visits the files in the same order on every run.
 */
#ifndef OCOP_FILE_H
#define OCOP_FILE_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "sbuf.h"
#include "span.h"

/* How file_replace() writes. */
struct file_how {
	mode_t mode;               /* permission bits of the new file */
	bool durable;              /* synced before and after the rename:
				      there, whole, after a power cut */
	const struct stat *was;    /* when not NULL: the file as it was read,
				      whose owner (when allowed) and mode
				      the new one keeps, and which path
				      must still be when the rename comes */
};

/* Which step of file_replace() failed. */
enum file_step {
	FILE_TEMP,                 /* writing the temporary file */
	FILE_CHANGED,              /* path is no longer how->was */
	FILE_RENAME,               /* renaming it over path */
};

/*
 * Replaces path by data, as how says: a temporary file beside it
 * (".<name>.ocop-XXXXXX", which starts with a dot so no reader of a
 * folder takes it for content) gets the bytes and is renamed over path.
 * Returns 0, or an errno value (ESTALE for FILE_CHANGED) with *step
 * saying where it failed (step may be NULL); path is then untouched
 * and the temporary file is gone.
 */
int file_replace(const char *path, struct span data, const struct file_how *how,
		 enum file_step *step);

/* The names of a folder. */
struct file_names {
	char **v;
	size_t n;
};

/*
 * Reads the names in the open folder d, but those starting with '.'
 * (hidden files, and "." and ".."), into out, sorted by strcmp() so
 * that a walk does not depend on the order of readdir().  Returns 0, or
 * the errno value of a failed readdir() with out holding the names read
 * before it.  Caller frees with file_names_release(), either way.
 */
int file_names_read(struct file_names *out, DIR *d);
void file_names_release(struct file_names *names);

/* What a visit asks of file_walk(): to walk the entry as a folder. */
enum { FILE_WALK_ENTER = 1 };

/* Why file_walk() could not walk a folder. */
enum file_walk_fail {
	FILE_WALK_TOO_DEEP,        /* more than max_depth below the start */
	FILE_WALK_OPEN,            /* openat() failed */
	FILE_WALK_LIST,            /* readdir() failed; the names read
				      before it are walked if fail() goes on */
};

/*
 * A walk of a tree on disk, in the order of file_names_read(), never
 * through a symbolic link (O_NOFOLLOW) and by file descriptors, so paths
 * never grow beyond what the kernel accepts.
 */
struct file_walker {
	struct sbuf *path;         /* the caller's: the start folder's path
				      as it set it (may be empty), then
				      "/name" for each level below */
	int max_depth;             /* folders below the start */
	void *ctx;
	/*
	 * The entry name in the open folder dfd, depth folders below the
	 * start (0: in it), path holding its path.  Returns FILE_WALK_ENTER
	 * to walk it as a folder, 0 to go on, or a negative number that
	 * stops the walk and that file_walk() returns.
	 */
	int (*visit)(void *ctx, int dfd, const char *name, int depth);
	/* A folder not walked (err: an errno value, 0 for TOO_DEEP), path
	 * holding its path: 0 goes on, a negative number stops. */
	int (*fail)(void *ctx, enum file_walk_fail why, int err);
};

/* Walks the open folder fd (taken: closed on return) as w says.
 * Returns 0 or the negative number of the visit or fail that stopped. */
int file_walk(const struct file_walker *w, int fd);

#endif
