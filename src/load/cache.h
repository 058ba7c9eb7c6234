/*
 * cache.h - what earlier builds worked out, kept for the next one: the
 * history step's reading of each commit and the timelines' reading of
 * each version of an entry (docs/history.md, "The cache"), in the file
 * named "history"; the modules of each QR code (docs/labels.md), in the
 * file named "qr"; each entry file as parsed, in the files named
 * "parsed-0" to "parsed-f" (by the first digit of its blob id).
 *
 * Every key names what alone decides its value (a commit id; two blob
 * ids; the text of a QR code), and git objects never change, so a value
 * stays true for as long as ocop works it out the same way: a file is
 * tied to the ocop program that wrote it (a hash of its executable), to
 * the settings its caller names, and to the catalog's folder in the
 * repository.  It lives in the repository's git folder (<git dir>/ocop/,
 * never committed, shared by its worktrees), and is checked whole
 * (SHA-256) before anything in it is used: a file that is damaged, cut
 * short, written by another ocop, with other settings or for another
 * folder is ignored, and the next save replaces it.
 *
 * A save keeps what this build looked up or added, so the file follows
 * the history being built and does not grow with abandoned branches.
 * The cache is only an accelerator: a build without it, or whose save
 * fails, gives the same site.
 */
#ifndef OCOP_CACHE_H
#define OCOP_CACHE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "source.h"
#include "../util/arena.h"
#include "../util/sbuf.h"
#include "../util/strmap.h"

/* The kinds of values, each with its own keys. */
enum cache_shelf {
	CACHE_COMMITS,    /* a commit's changes under content/ (history.c) */
	CACHE_VERSIONS,   /* a version of an entry, compared with the one
			     before (timeline.c) */
	CACHE_QR_CODES,   /* the modules of a QR code (render/qr.c) */
	CACHE_PARSED,     /* an entry's file as parsed: its front matter's
			     tree, its story and the story's HTML
			     (model/catalog.c) */
	CACHE_SHELVES
};

struct cache_item;

struct cache {
	char *path;                /* the file; NULL: no cache */
	char *identity;            /* the header a file must carry */
	unsigned char *bytes;      /* the file as mapped, or NULL */
	size_t n_bytes;
	struct cache_item *items;  /* read from it */
	size_t n_items;
	struct strmap shelves[CACHE_SHELVES];  /* key → struct cache_item * */
	pthread_mutex_t lock;      /* over what follows */
	struct cache_item **added; /* new this build */
	size_t n_added, cap_added;
	struct arena arena;        /* their keys and values */
	bool lock_ready;
};

/*
 * Opens the cache file called name ("history", "qr") of src's catalog:
 * nothing when src is not in a git repository (every lookup then misses
 * and nothing is saved).  settings: what else decides the values (a
 * library's version), part of the file's identity.  A file that is
 * missing or cannot be trusted leaves the cache empty.  Never fails.
 */
void cache_open(struct cache *c, const struct source_set *src,
		const char *name, const char *settings);

/* cache_open() of n files named name-0, name-1... (hex), each with its
 * own part of the keys, chosen by the caller: a build that adds a few
 * keys rewrites the files that hold them, not every value. */
void cache_open_shards(struct cache *v, size_t n,
		       const struct source_set *src, const char *name,
		       const char *settings);

/*
 * The value stored under key on shelf, borrowed until cache_close();
 * false when there is none.  Safe on several threads at once, with
 * cache_add().
 */
bool cache_find(struct cache *c, enum cache_shelf shelf, const char *key,
		struct span *value);

/* Stores a copy of value under key, for the next build.  Safe on several
 * threads at once. */
void cache_add(struct cache *c, enum cache_shelf shelf, const char *key,
	       struct span value);

/*
 * Writes the values looked up or added since cache_open() to the file,
 * replacing it whole (util/file.h).  A sound file whose values changed
 * by less than one in 256 (added, or not looked up) is left as it is:
 * the next build works those few out again, cheaper than rewriting
 * megabytes after each commit.  Returns 0, or an errno value: the
 * build goes on without it (the next one reads git again).
 */
int cache_save(struct cache *c);

void cache_close(struct cache *c);

/* The SHA-256 of the running program, in hex, or NULL: what ties a
 * cached value to the code that wrote it (here and in photocache.h).
 * Caller frees with free(). */
char *cache_program_digest(void);

/* The git folder shared by the worktrees of src's repository (for files
 * read from disk, the repository around src->root), or NULL when there
 * is none.  Caller frees with free(). */
char *cache_git_dir(const struct source_set *src);

/* Values are records of numbers and strings, written and read in the
 * same order.  Reading past the end, or a string without its end, makes
 * the reader bad: everything it returns is then 0 or NULL. */
void record_put_u32(struct sbuf *sb, uint32_t n);
void record_put_i64(struct sbuf *sb, int64_t n);
void record_put_str(struct sbuf *sb, const char *s);  /* NULL allowed */
void record_put_raw(struct sbuf *sb, const void *p, size_t n);

struct record_reader {
	const unsigned char *p, *end;
	bool bad;
};

uint32_t record_u32(struct record_reader *r);
int64_t record_i64(struct record_reader *r);
/* Borrowed from the value; NULL when NULL was written. */
const char *record_str(struct record_reader *r);
/* The next n bytes, borrowed; NULL past the end. */
const unsigned char *record_raw(struct record_reader *r, size_t n);

#endif
