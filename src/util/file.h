/*
 * file.h - replacing a file whole: a reader sees either the old bytes or
 * the new ones, never a mix, and a failure leaves the old file as it was.
 * The one atomic writer for files outside output/ (ocop fmt's entries,
 * the pre-commit hook, the history cache); output/ is swapped as a
 * folder (write/out.h).
 */
#ifndef OCOP_FILE_H
#define OCOP_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

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

#endif
