/*
 * history.h - the git history of a catalog's entries (docs/history.md):
 * which commits changed each entry's file, newest first, following the
 * file when it was renamed or moved.
 *
 * The history is read with libgit2 from the commit the build reads,
 * along first parents (a merge counts as one commit that brings its
 * branch's changes), each commit's tree compared with its parent's:
 * only subtrees whose ids differ are descended into, and only the
 * Markdown files under content/ are looked at.  A file deleted in one
 * commit and added under another name in the same commit, with the same
 * bytes or alike enough (half of them when it kept its file name, four
 * fifths otherwise), was renamed: its older changes are the new name's.
 * Commits the cache (cache.h) read before are taken from it; the others
 * are read on every core.  Texts from
 * commits (author names, messages) are made valid UTF-8 (invalid bytes
 * become U+FFFD), so a page never carries bytes it cannot show.
 */
#ifndef OCOP_HISTORY_H
#define OCOP_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "source.h"
#include "../util/arena.h"
#include "../util/diag.h"
#include "../util/strmap.h"

struct history_commit {
	char id[41];
	int64_t time;              /* the author's date, seconds since 1970 */
	int offset;                /* its time zone, minutes east of UTC */
	const char *author;        /* the author's name */
	const char *summary;       /* the message's first line */
};

enum history_what {
	HISTORY_ADDED, HISTORY_CHANGED, HISTORY_RENAMED, HISTORY_DELETED,
};

/* One commit's change to one file. */
struct history_change {
	uint32_t commit;           /* index into history.commits */
	enum history_what what;
	const char *path;          /* its file's path (history_file.path:
				      the newest one, not the one it had
				      at this commit; see old_path) */
	const char *old_path;      /* RENAMED: its path before */
	char blob[41];             /* its bytes after ("" when deleted) */
	char old_blob[41];         /* and before ("" when added) */
};

/* The changes of one file, newest first. */
struct history_file {
	const char *path;          /* its path in the commit read, or its
				      last path when deleted since */
	struct history_change *v;
	size_t n, cap;
	struct history_file *older;  /* the file the path named before it
					was deleted and added again, or
					NULL (history_of() gives the
					newest) */
};

struct history {
	struct history_commit *commits;  /* newest first */
	size_t n_commits;
	struct strmap files;             /* path → struct history_file *;
					    a file deleted before its path
					    was added again is under
					    "//<n>/<path>" too (and its
					    newer file's older) */
	bool shallow;                    /* the clone has no older commits */
};

struct cache;

/*
 * Reads the history of src's commit (src->from_git; else h is left
 * empty), on up to jobs threads (the same for any number).  What cache
 * (load/cache.h; may be NULL) read of a commit in an earlier build is
 * taken from it; each commit read from git now is added to it.  Returns
 * 0, or -1 after filing a diag when the repository could not be read.
 * h lives in a; history_release() frees its map.
 */
int history_read(struct history *h, const struct source_set *src,
		 struct cache *cache, unsigned jobs, struct arena *a,
		 struct diag_list *dl);
void history_release(struct history *h);

/* Borrowed: the changes of the file at path (as src names it), or
 * NULL when no commit read changed it. */
const struct history_file *history_of(const struct history *h,
				      const char *path);

#endif
