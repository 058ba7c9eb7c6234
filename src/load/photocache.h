/*
 * photocache.h - the sizes made from each photo by earlier builds
 * (model/photo.h), kept for the next one, so that a rebuild encodes only
 * the photos that are new or changed (docs/photos.md, "The cache").
 *
 * One file per photo, in <git common dir>/ocop/images/ (beside the
 * history cache, never committed, shared by worktrees), named by the
 * SHA-256 of: the ocop program that wrote it (a hash of its
 * executable), the settings the caller gives (sizes, qualities) and the
 * photo's git blob id.  A --worktree build names the bytes on disk the
 * same way (source_blob_id), so a committed photo and the same bytes on
 * disk share one file.  A file is the caller's value followed by its
 * SHA-256: one that is cut short or damaged is ignored (a miss), and the
 * next put replaces it.  Files are written whole with file_replace().
 *
 * The cache is only an accelerator: outside a git repository, or when
 * its folder cannot be written, every lookup misses and nothing is
 * said.  Safe on several threads at once (nothing here changes after
 * photocache_open()).
 */
#ifndef OCOP_PHOTOCACHE_H
#define OCOP_PHOTOCACHE_H

#include <stddef.h>

#include "source.h"
#include "../util/span.h"

struct photocache {
	char *dir;        /* ".../ocop/images", or NULL: no cache */
	char *identity;   /* program digest and settings, hashed into names */
};

/*
 * Opens the cache of src's repository (for files read from disk, the
 * repository around src->root, if any).  settings: what else changes
 * the values (sizes, qualities), hashed into every name.  Never fails.
 */
void photocache_open(struct photocache *pc, const struct source_set *src,
		     const char *settings);

/*
 * The value stored for the photo whose blob id is blob, checked whole:
 * NULL when there is none, or it is damaged.  Caller frees with free().
 */
unsigned char *photocache_get(const struct photocache *pc, const char *blob,
			      size_t *len);

/* The file that holds blob's value (read by photocache_get(), the
 * value at its start), malloc'd; NULL without a cache. */
char *photocache_path(const struct photocache *pc, const char *blob);

/* Stores value for blob, replacing any.  Returns 0 or an errno value;
 * the build goes on without it. */
int photocache_put(const struct photocache *pc, const char *blob,
		   struct span value);

void photocache_close(struct photocache *pc);

#endif
