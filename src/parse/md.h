/*
 * md.h - the Markdown story of an entry, rendered to HTML by cmark in
 * safe mode: raw HTML is dropped and links or images with javascript:,
 * vbscript:, file: or data: URLs lose their target, so nothing an entry
 * says can run script on the published site.
 */
#ifndef OCOP_MD_H
#define OCOP_MD_H

#include "../util/arena.h"
#include "../util/span.h"

/* HTML for the Markdown in md, in the arena. */
const char *md_render(struct arena *a, struct span md);

#endif
