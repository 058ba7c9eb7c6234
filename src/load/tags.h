/*
 * tags.h - the catalog's versions as its editors tagged them
 * (docs/history.md): the git tags, annotated or lightweight, that point
 * at a commit of the first-parent line the history walked
 * (load/history.h).  A tag on a commit of a merged branch, or on
 * anything but a commit, is not a version of the catalog and is left
 * out.  Names are made printable (util/utf8.h): they are shown.
 */
#ifndef OCOP_TAGS_H
#define OCOP_TAGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "history.h"
#include "source.h"
#include "../util/arena.h"
#include "../util/diag.h"

struct tag {
	const char *name;          /* without refs/tags/ */
	uint32_t commit;           /* index into history.commits */
	bool dated;                /* an annotated tag: its own date below;
				      else the commit's date is the tag's */
	int64_t time;              /* the tagger's: seconds since 1970 */
	int offset;                /* and minutes east of UTC */
};

/* Newest commit first; the tags of one commit by name. */
struct tags {
	struct tag *v;
	size_t n;
};

/*
 * Reads the tags of src's repository that point at a commit of h.
 * Everything lives in a.  Returns 0 (out empty when src is not from
 * git), or -1 after filing a diag when the tags could not be listed.
 */
int tags_read(struct tags *out, const struct source_set *src,
	      const struct history *h, struct arena *a, struct diag_list *dl);

#endif
