/*
 * timeline.h - what each commit changed in an entry, field by field, in
 * words a reader understands (docs/history.md): "3 sao → 4 sao", a
 * renewed certificate, a revocation, a point of sale added.
 *
 * The versions an entry had are read from git (load/history.h) and
 * their front matter compared, key by key, with the version before; an
 * entry that did not parse in one version says so instead of failing
 * the build.  Notes carry the values, not the words: the theme words
 * them in each language.
 */
#ifndef OCOP_TIMELINE_H
#define OCOP_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>

#include "../load/history.h"
#include "../load/source.h"
#include "../parse/fm.h"
#include "../util/arena.h"
#include "../util/strmap.h"

enum timeline_note_kind {
	NOTE_ADDED,            /* the entry appeared */
	NOTE_REMOVED,          /* it was deleted */
	NOTE_MOVED,            /* its file was renamed or moved: from, to */
	NOTE_NAME,             /* from, to */
	NOTE_STARS,            /* from, to: "3", "4" */
	NOTE_CERTIFICATE,      /* a new decision: from, to ("1234/QĐ-UBND
				  (2020)") */
	NOTE_REVOKED,          /* to: the decision that revoked it; from:
				  the revocation's date, as written */
	NOTE_UNREVOKED,        /* the revocation was taken back */
	NOTE_POS_ADDED,        /* to: the point of sale's slug */
	NOTE_POS_REMOVED,      /* from: its slug */
	NOTE_SHOPS,            /* the e-commerce links changed */
	NOTE_PRICE,            /* the price changed */
	NOTE_STORY,            /* the text after the front matter changed */
	NOTE_OTHER,            /* other fields changed */
	NOTE_INVALID,          /* the entry did not parse in this version */
	NOTE_KINDS
};

struct timeline_note {
	enum timeline_note_kind kind;
	const char *from, *to;
};

/*
 * What one version of a product said of itself, as written, for the
 * catalog's changelog (model/changelog.h): the entry after the commit,
 * or, when the commit deleted it or it did not parse, known is false
 * and the rest is the last version that parsed (a removed product is
 * named by its last name).
 */
struct timeline_state {
	bool known;                /* this version parsed */
	bool draft;                /* draft: true */
	const char *name;          /* NULL when none */
	int stars;                 /* 3, 4 or 5; 0 for anything else */
	const char *number, *issued, *expires;  /* the certificate's */
	bool revoked;              /* certificate.revoked is set */
	const char *revoked_on;    /* its date, as written, or NULL */
};

struct timeline_event {
	const struct history_commit *commit;
	struct timeline_note *notes;
	size_t n_notes;
	struct timeline_state state;
};

/* An entry's changes, newest first. */
struct timeline {
	struct timeline_event *v;
	size_t n;
};

struct cache;

/* What every version of every file of a history says, as far as a
 * timeline compares it (private to timeline.c), by blob id. */
struct timeline_versions {
	struct strmap facts;
};

/*
 * The facts of versions parsed before the history is read: the catalog
 * parses every entry as its commit holds it, which is the newest
 * version of most files of the history (60% of the versions at 20,000
 * products), and tells the seed (model/catalog.h's catalog_watch), so
 * those blobs are not read and parsed again.  timeline_seed_parsed() is
 * called from any thread, for each source at most once.
 */
struct timeline_seed;
/* A seed for the sources of src (their indexes). */
struct timeline_seed *timeline_seed_new(const struct source_set *src);
/* Source i of the seed's set, parsed by worker into doc (NULL: it did
 * not parse).  A catalog_watch's parsed(). */
void timeline_seed_parsed(void *seed, unsigned worker, size_t i,
			  const struct fm_doc *doc);
void timeline_seed_free(struct timeline_seed *seed);

/*
 * Reads the versions of every file of h that a timeline compares from
 * src's repository, in the order they lie in its packs, on up to jobs
 * threads (the same for any number), each parsed once; what cache
 * (load/cache.h; may be NULL) knows of a version from an earlier build
 * is taken from it, and what is read now is added; so are the versions
 * seed (may be NULL) parsed, and seed is freed.  An entry added once
 * and unchanged since, as src holds it now, is not read at all: it
 * parsed.  Everything lives in a; timeline_versions_release() frees the
 * map.
 */
void timeline_versions_read(struct timeline_versions *tv,
			    const struct history *h,
			    const struct source_set *src, struct cache *cache,
			    struct timeline_seed *seed, unsigned jobs,
			    struct arena *a);
void timeline_versions_release(struct timeline_versions *tv);

/*
 * The timeline of the file at path (its name in src's commit) from h
 * and the versions tv read of it; t->n is 0 when no commit changed it.
 * Reads nothing from git.  Everything lives in a.
 */
void timeline_build(struct timeline *t, const struct history *h,
		    const struct timeline_versions *tv,
		    const struct source_set *src, const char *path,
		    struct arena *a);
/* The same for file f of h (NULL: none), which may be one that no
 * longer exists (a removed entry's, model/links.h) or one older than
 * its path's newest file (history_file.older). */
void timeline_of_file(struct timeline *t, const struct history *h,
		      const struct timeline_versions *tv,
		      const struct source_set *src,
		      const struct history_file *f, struct arena *a);

/*
 * Adds to t, as its newest event, what the file at path on disk (its
 * bytes) changes from its last commit, whose version head_blob is in
 * head's repository (NULL: the file is new since): the notes of that
 * comparison, at commit when (an "uncommitted" commit: id "").  For
 * --worktree builds, whose history is the one up to HEAD.  Everything
 * lives in a.
 */
void timeline_add_uncommitted(struct timeline *t,
			      const struct timeline_versions *tv,
			      const struct source_set *head, const char *path,
			      const char *head_blob, struct span bytes,
			      const struct history_commit *when,
			      struct arena *a);

#endif
