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
	CHANGE_KINDS
};

struct change {
	enum change_kind kind;
	const char *name;          /* the product's name in that version
				      (its last one when removed) */
	const char *path;          /* its file, as the history names it */
	const struct product *product;  /* the product now, or NULL when
					   it is not published now */
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

struct changelog {
	const struct changelog_commit *v;   /* newest first */
	size_t n;
	const struct changelog_group *groups;
	size_t n_groups;
	bool has_tags;             /* the repository tags any commit read */
};

/* A product file of the history and its timeline. */
struct changelog_file {
	const char *path;
	const struct timeline *t;
	const struct product *product;  /* published now, or NULL */
};

/*
 * The changelog of history h from the timelines of files (every
 * default-language product file h knows), with the tags of h's
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
