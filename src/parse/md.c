#include "md.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "../util/banned.h"

const char *
md_render(struct arena *a, struct span md)
{
	if (!md.len)
		return "";
	/* CMARK_OPT_SAFE is the default in cmark 0.30 but stated anyway:
	 * the guarantee must not depend on the library's default. */
	char *html = cmark_markdown_to_html(md.p, md.len,
					    CMARK_OPT_SAFE | CMARK_OPT_SMART);
	const char *out = arena_strdup(a, html);
	free(html);
	return out;
}
