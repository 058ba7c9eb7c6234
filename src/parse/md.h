/*
 * md.h - the Markdown story of an entry, rendered to HTML by cmark in
 * safe mode: raw HTML is dropped and links or images with javascript:,
 * vbscript:, file: or data: URLs lose their target, so nothing an entry
 * says can run script on the published site.  A picture that would load
 * from another site (a URL with a scheme, or //host) is an error, as it
 * is under images: the catalog loads nothing from other sites.
 */
#ifndef OCOP_MD_H
#define OCOP_MD_H

#include <stdbool.h>

#include "../util/arena.h"
#include "../util/diag.h"
#include "../util/span.h"

/* HTML for the Markdown in md, in the arena.  body_at is where md
 * starts in its file (line of the body, column 1): a picture from
 * another site is an error there, and is still rendered (the build
 * stops on the error). */
const char *md_render(struct arena *a, struct span md, struct pos body_at,
		      struct diag_list *dl);

/* cmark's version, for what a cache of parsed files depends on. */
const char *md_library_version(void);

#endif
