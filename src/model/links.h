/*
 * links.h - links never die (docs/history.md, issue #14): the old URLs
 * of products, producers and points of sale, read from the history of
 * their files, and what each should publish now.
 *
 * A slug comes from a file's path only (path.h), so every path an
 * entry's file had in the history is a URL the site once published.  A
 * file renamed or moved under another slug (as the history follows it:
 * the same bytes, or alike enough: load/history.h) leaves its
 * old slugs behind: each becomes a redirect to the entry's page now
 * (never through the slugs in between).  A file deleted, and not back under a live path,
 * leaves a tombstone at each slug it had: its last name, the day it was
 * removed and the message of the commit that removed it; a product's
 * timeline comes with it, for a history page beside the tombstone.
 *
 * A slug that a file has now (a published entry, or a draft, which
 * keeps its slug unpublished) is never an old URL.  When two files
 * left one slug, the one that left it last decides what it publishes.
 * Only default-language files count (a translation is the same entry),
 * and only paths that path_classify() finds valid, so a slug from the
 * history is as safe in a path as a slug of the catalog.
 *
 * Everything lives in the arena given; the history and the catalog are
 * borrowed and must outlive the result.
 */
#ifndef OCOP_LINKS_H
#define OCOP_LINKS_H

#include <stddef.h>

#include "catalog.h"
#include "timeline.h"
#include "../load/history.h"
#include "../load/source.h"
#include "../util/arena.h"

enum link_kind {
	LINK_REDIRECT,       /* to an entry published now */
	LINK_TOMBSTONE,      /* of an entry removed from the catalog */
};

struct link {
	enum link_kind kind;
	enum entry_kind entry;     /* of the old URL: product, producer or
				      point of sale */
	const char *slug;          /* the old URL's slug */
	const struct entry *to;    /* REDIRECT: the entry now (its kind may
				      differ, when the file moved folders) */
	const char *name;          /* TOMBSTONE: its name in the last
				      version that had one, or NULL */
	const struct history_commit *removed;  /* TOMBSTONE: the commit
						  that deleted the file */
	const struct timeline *timeline;  /* TOMBSTONE of a product: its
					     changes (shared by its slugs),
					     for its history page */
};

struct links {
	struct link *v;            /* by (entry kind, slug) */
	size_t n;
};

/*
 * The old URLs of c's entries from history h and the versions tv read
 * of its files (timeline.h), reading old versions' front matter from
 * src's repository (for the names of removed entries).  out->n is 0
 * without history.
 */
void links_build(struct links *out, const struct history *h,
		 const struct timeline_versions *tv,
		 const struct source_set *src, const struct catalog *c,
		 struct arena *a);

#endif
