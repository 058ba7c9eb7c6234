/*
 * changelog.h - what changed across the catalog, commit by commit
 * (docs/history.md, "The catalog's changelog"): products added,
 * upgraded, downgraded, re-rated, revoked, removed and restored, and
 * the certificates that expired between one commit and the next,
 * grouped under the tags that name the catalog's versions.
 *
 * It is made from the timelines (model/timeline.h) of every product
 * file the history knows, current or removed: each version's state
 * (name, stars, certificate) compared with the one before.  A draft is
 * not in the catalog: a product that becomes one is removed, and one
 * that stops being one is added.  A version that did not parse changes
 * nothing (the state before stands); it counts as an edit.
 *
 * "Expired in the period" of a commit: the first day a certificate is
 * no longer valid (the day after its expiry date) falls after the
 * commit's day and on or before the day of the next (newer) commit
 * that changed a product, or the build date for the newest; days are
 * the authors' own (history.h).  A commit dated after a newer one
 * counts as dated on the newer one's day, so that the periods never
 * overlap and every expiry is said once.  A certificate that was
 * already expired when its version was committed, or revoked, is not
 * said to expire.
 *
 * Producers and points of sale are in it too: one added, edited or
 * removed (or made a draft) is a change of the catalog, though not of
 * what it certifies.  A translation (a file of another language) edited
 * is an edit of its entry.  Each change carries its entry's name in
 * every language, as the translation in force at that commit gave it
 * (NULL where there was none: the page shows the default name).
 *
 * The catalog's versions are its tags (tags.h): for each, the products
 * the catalog listed at its commit with a certificate valid on its day
 * (the tagged commit's, as the history dates it), by stars, and the
 * changes of the
 * commits since the tag before, the same changes as the commits'.
 *
 * Everything lives in the arena given to changelog_build().
 */
#ifndef OCOP_CHANGELOG_H
#define OCOP_CHANGELOG_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "timeline.h"
#include "../load/history.h"
#include "../load/tags.h"

enum change_kind {
	CHANGE_ADDED,          /* a new product: to (its stars) */
	CHANGE_RESTORED,       /* a removed product back: to */
	CHANGE_UPGRADED,       /* stars: from → to */
	CHANGE_DOWNGRADED,     /* stars: from → to */
	CHANGE_RERATED,        /* a new decision, the same stars: to,
				  decision */
	CHANGE_REVOKED,        /* the certificate revoked */
	CHANGE_UNREVOKED,      /* a revocation withdrawn */
	CHANGE_REMOVED,        /* the product left the catalog */
	CHANGE_EXPIRED,        /* its certificate expired: expires */
	/* the kinds after these are not certifications (the feed leaves
	 * them out): */
	CHANGE_PRODUCER_ADDED,
	CHANGE_PRODUCER_EDITED,
	CHANGE_PRODUCER_REMOVED,
	CHANGE_POS_ADDED,
	CHANGE_POS_EDITED,
	CHANGE_POS_REMOVED,
	CHANGE_KINDS
};

/* The first kind that is not a product's certification. */
enum { CHANGE_CERTIFIED_KINDS = CHANGE_PRODUCER_ADDED };

struct change {
	enum change_kind kind;
	const char *name;          /* the entry's name in that version
				      (its last one when removed) */
	const char *names[MODEL_MAX_LANGS];  /* by language: [0] is name,
						the others the translation's
						then, or NULL */
	const char *path;          /* its file, as the history names it */
	const struct entry *entry; /* the entry now, or NULL when it is not
				      published now */
	const struct product *product;  /* the same when a product */
	int from, to;              /* stars */
	const char *decision;      /* RERATED: the new certificate's number */
	struct date expires;       /* EXPIRED: its last valid day */
};

/* One commit that changed the catalog's products, with what it
 * changed. */
struct changelog_commit {
	const struct history_commit *commit;
	const char *author, *message;   /* printable (util/utf8.h) */
	const struct change *v;    /* by kind, then file */
	size_t n;
	size_t n_certified;        /* the first n_certified of v are the
				      products' (kind < CHANGE_CERTIFIED_
				      KINDS) */
	size_t others;             /* products edited otherwise */
	size_t group;              /* index into changelog.groups */
};

/* The commits of one version: those its tag names, back to the tag
 * before; the first group may be the commits newer than every tag. */
struct changelog_group {
	const char *name;          /* the tags, ", " between; NULL: newer
				      than any tag (or no tags at all) */
	const struct history_commit *tagged;  /* the commit they name */
};

/* A version of the catalog: a tagged commit. */
struct changelog_version {
	const char *name;          /* its tags, ", " between */
	const struct history_commit *commit;
	struct date day;           /* its tags' (load/tags.h), the earliest */
	size_t stars[3];           /* the products the catalog listed at
				      it with a certificate valid on its
				      day (not drafts, not revoked, issued
				      by then and not expired), with 3, 4
				      and 5 stars */
	const struct change *v;    /* the changes of the commits since the
				      version before (or since the first
				      commit): by kind, then file, then
				      the newest first */
	size_t n;
	size_t others;             /* products edited otherwise, summed
				      over those commits */
	size_t commits;            /* those commits of the changelog */
	const char *previous;      /* the version before's name, or NULL */
};

struct changelog {
	const struct changelog_commit *v;   /* newest first */
	size_t n;
	const struct changelog_group *groups;
	size_t n_groups;
	bool has_tags;             /* the repository tags any commit read */
	const struct changelog_version *versions;  /* newest first */
	size_t n_versions;
};

/* An entry file of the history (a product's, a producer's or a point of
 * sale's, in the default language) and its timeline, with the
 * timelines of its translations. */
struct changelog_file {
	const char *path;
	const struct timeline *t;
	enum entry_kind kind;
	const struct entry *entry;  /* published now, or NULL */
	const struct timeline *tr[MODEL_MAX_LANGS];  /* by language index:
							its translation's,
							or NULL ([0] too) */
};

/*
 * The changelog of history h from the timelines of files (every
 * default-language product, producer and point-of-sale file h knows,
 * with their translations'), with the tags of h's
 * commits, expiry dates defaulting to issued + site's
 * certificate_months, up to the build date as_of_days.  A commit that
 * changed product files but nothing a reader would see (a draft
 * edited) is left out.  Everything lives in a.
 */
void changelog_build(struct changelog *out, const struct history *h,
		     const struct tags *tags, const struct changelog_file *files,
		     size_t n_files, const struct site *site, long as_of_days,
		     struct arena *a);

#endif
