/*
 * source.h - the catalog's files, read from a git commit or from disk.
 *
 * source_open() collects every file under site.yaml, content/ and themes/
 * of a catalog, either from the tree of a commit (HEAD by default, or any
 * revision git understands: tag, branch, abbreviated id) through libgit2,
 * or from the working directory.  What is published is what was
 * committed: the default reads HEAD's tree, never the files on disk.
 *
 * The set owns every path and byte in its arena (given by the caller);
 * the git repository, when one was opened, stays open until
 * source_close() so later stages (history) can use it.  Files are sorted
 * by path (bytewise), so every later stage is deterministic.  Symbolic
 * links are never followed: they are listed with is_symlink set and
 * their target as data.  Directories and files whose name starts with
 * '.' are skipped.
 *
 * Only what every build needs is read by source_open(): site.yaml, each
 * "*.md" under content/, everything under themes/ and the targets of
 * symbolic links.  Any other file (images, PDFs, whatever lies in
 * content/) is listed with its path, size and blob id but data.p NULL:
 * source_load() reads it when a later stage publishes or inspects it, so
 * a large file that no entry uses is never read.
 *
 * Submodules, and on disk any folder holding .git, are skipped with a
 * warning (code "submodule") in every mode.  Every object read through
 * the repository (by source_open(), source_load() or a later stage) is
 * checked when it is stored loose: a truncated or damaged one is an
 * error ("object 1a2b3c4 of \"content/x.md\" is corrupt ..."), never
 * the endless loop of libgit2 1.5.1.
 */
#ifndef OCOP_SOURCE_H
#define OCOP_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/diag.h"
#include "../util/span.h"

enum source_mode {
	SOURCE_HEAD,      /* HEAD's tree; falls back to the worktree outside git */
	SOURCE_REV,       /* the tree of a given revision */
	SOURCE_WORKTREE,  /* files on disk */
	SOURCE_STAGED,    /* the index: what the next commit will hold */
};

struct source {
	const char *path;      /* relative to the catalog root, '/'-separated */
	struct span data;      /* file bytes (NUL-terminated for convenience),
	                        * or { NULL, 0 } until source_load() */
	size_t size;           /* length of the bytes, read or not */
	char oid[41];          /* git blob id in hex, or "" from the worktree */
	bool is_symlink;       /* data is the link target */
};

struct source_set {
	struct source *v;
	size_t n;
	bool from_git;         /* false: read from disk */
	bool fell_back;        /* HEAD was asked for but dir is not in git */
	char commit[41];       /* commit id in hex when from_git */
	const char *prefix;    /* from_git: the catalog's folder in the
				  commit's tree ("" at its top, else
				  "a/b"), which paths leave out */
	const char *root;      /* the catalog directory as given */
	void *repo;            /* git_repository *, or NULL */
	struct arena entries;  /* the bytes of the .md files under content/ */
};

/*
 * Entries' files whose bytes source_open() need not read, from git:
 * has(ctx, set, s) is asked of each (source_is_entry()) once the files
 * are listed, set's repository and folder known; the data of one it says
 * yes to stays { NULL, 0 }, as after source_drop_entries(), for
 * source_load() to read if it is needed after all.  The catalog's cache
 * of parsed files says yes to the files it holds (model/catalog.h).
 */
struct source_skip {
	bool (*has)(void *ctx, const struct source_set *set,
		    const struct source *s);
	void *ctx;
};

/*
 * Reads the catalog at dir.  rev is used with SOURCE_REV only.  The
 * catalog root is dir itself; when dir is a subfolder of a repository,
 * paths stay relative to dir.  Returns 0, or -1 after filing a diag
 * (unknown revision, unreadable repository or file: system errors).
 * Caller frees with source_close().
 *
 * With SOURCE_HEAD outside any repository the files on disk are read
 * and fell_back is set (no diag: the command says so).  Only SOURCE_HEAD,
 * SOURCE_REV and SOURCE_STAGED keep the repository open; with
 * SOURCE_WORKTREE repo is NULL.  A bare repository is refused in every
 * mode (it has no files, and output/ would land inside it).  After a
 * failure nothing is left open (source_close() is harmless).
 *
 * From git, the files are read on up to `jobs` threads (each opening
 * the repository again), in the order they lie in the packs; the result
 * and the diags are the same for any number.  skip (may be NULL) names
 * the entries' files whose bytes need not be read.
 */
int source_open(struct source_set *out, const char *dir, enum source_mode mode,
		const char *rev, unsigned jobs, const struct source_skip *skip,
		struct arena *a, struct diag_list *dl);
void source_close(struct source_set *s);

/*
 * The files of s for another thread (libgit2's objects belong to one
 * thread at a time): the same list and bytes, borrowed, and its own
 * repository, opened again with its own guard.  Returns 0, or -1 when
 * the repository cannot be opened (out is then unusable).  Close with
 * source_close(), before s.
 */
int source_reopen(struct source_set *out, const struct source_set *s);

/*
 * Frees the bytes of the entries' files (the .md files under content/,
 * not links): once the catalog is read and checked nothing needs them,
 * and at 20,000 products they are 72 MB.  Their data is { NULL, 0 } after;
 * source_load() would read one again.
 */
void source_drop_entries(struct source_set *s);

/* Whether s is an entry's file: a .md file under content/, not a link
 * (the files the catalog parses, and source_drop_entries() frees). */
bool source_is_entry(const struct source *s);

/*
 * The bytes of s, a file of set:
 *   out   receives the bytes, NUL-terminated (borrowed from s or from a)
 *   set   the set s belongs to (its repository or catalog root)
 *   s     the file; a symbolic link gives its target, as data does
 *   max   the largest size accepted, in bytes
 *   a     where bytes read now are kept (the set's arena or a scratch one)
 * Bytes source_open() already read are returned as they are.  Others are
 * read now from the blob (commit or index) or from the disk, where the
 * file is reopened from the catalog root without following a symbolic
 * link in any component and must still be a regular file.  Each call
 * reads again: keep out if it is needed twice.  Returns 0, or -1 after
 * filing a diag at s->path ("io" or "git"; "size" when the file has
 * more than max bytes, nothing read then).
 */
int source_load(struct span *out, const struct source_set *set,
		const struct source *s, size_t max, struct arena *a,
		struct diag_list *dl);

/*
 * Where the blobs of hex ids ids[0..n) lie in s's packs (packorder.h),
 * as keys to sort them by: reading blobs in that order keeps the bases
 * of their deltas in libgit2's cache.  A blob in no pack (or s not from
 * git) gets UINT64_MAX.
 */
void source_pack_keys(const struct source_set *s, const char *const *ids,
		      size_t n, uint64_t *keys);

/* The git blob id, in hex, that bytes data would have: how a file on
 * disk is compared with its committed versions. */
void source_blob_id(struct span data, char out[41]);

/* Borrowed: the file at exactly path, or NULL (binary search). */
const struct source *source_find(const struct source_set *s, const char *path);

#endif
