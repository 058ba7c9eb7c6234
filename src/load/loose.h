/*
 * loose.h - a guard in front of libgit2's object database.
 *
 * libgit2 1.5.1 (Debian 12) loops forever inflating a truncated loose
 * object (libgit2 issue #7342).  loose_guard_install() adds an object
 * backend of ours ahead of libgit2's: it reads loose objects itself with
 * zlib, checking that the stream ends, that the header is
 * "<type> <size>\0" and that exactly size bytes follow, and hands the
 * bytes to libgit2, which checks their hash.  A damaged object makes
 * the read fail, never loop, and the guard remembers which object it
 * was so that loose_guard_diag() can say so.  Objects in packs are left
 * to libgit2's own backends.
 *
 * The guard is owned by the object database it was added to and freed
 * with it; it holds no global state.
 */
#ifndef OCOP_LOOSE_H
#define OCOP_LOOSE_H

#include <git2.h>

#include "../util/diag.h"

struct loose_guard;

/* Puts a guard in front of repo's object database odb.  Returns it
 * (borrowed: owned by odb), or NULL with libgit2's error set. */
struct loose_guard *loose_guard_install(git_repository *repo, git_odb *odb);
/* Borrowed: the guard of an open repository, or NULL. */
struct loose_guard *loose_guard_of(git_repository *repo);
/*
 * After a libgit2 read failed: when g found a damaged object, files the
 * diag that says so (at path, naming it, when the object is id; else at
 * root) and returns -1.  Else returns 0 and the caller says what failed.
 */
int loose_guard_diag(struct diag_list *dl, struct loose_guard *g,
		     const git_oid *id, const char *path, const char *root);

#endif
