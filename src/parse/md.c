/*
 * md.c - Markdown stories through cmark (md.h).  The document is parsed
 * once, walked for pictures that would load from another site, and
 * rendered from the same tree.
 */
#include "md.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/utf8.h"
#include "../util/banned.h"

/* Whether url names another site: a network path ("//host/...") or a
 * scheme, but those that load nothing: data: is inline, and cmark's
 * safe mode empties javascript:, vbscript: and file: URLs. */
static bool
is_remote(const char *url)
{
	static const char *const local[] = { "data", "javascript", "vbscript",
					     "file" };
	if (url[0] == '/' && url[1] == '/')
		return true;
	size_t n = strspn(url, "abcdefghijklmnopqrstuvwxyz"
			       "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
	if (!n || url[n] != ':')
		return false;
	for (size_t i = 0; i < sizeof(local) / sizeof(local[0]); i++)
		if (strlen(local[i]) == n && !strncasecmp(url, local[i], n))
			return false;
	return true;
}

/* cmark's 1-based byte column on a 1-based line of md, in code
 * points as every diag counts them. */
static unsigned
column(struct span md, int line, int byte_col)
{
	size_t off = 0;
	for (int l = 1; l < line && off < md.len; off++)
		if (md.p[off] == '\n')
			l++;
	size_t n = (size_t)(byte_col > 0 ? byte_col - 1 : 0);
	if (n > md.len - off)
		n = md.len - off;
	return (unsigned)utf8_count(md.p + off, n) + 1;
}

const char *
md_render(struct arena *a, struct span md, struct pos body_at,
	  struct diag_list *dl)
{
	if (!md.len)
		return "";
	/* CMARK_OPT_SAFE is the default in cmark 0.30 but stated anyway:
	 * the guarantee must not depend on the library's default. */
	int opts = CMARK_OPT_SAFE | CMARK_OPT_SMART;
	cmark_node *doc = cmark_parse_document(md.p, md.len, opts);
	cmark_iter *it = cmark_iter_new(doc);
	for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_IMAGE)
			continue;
		const char *url = cmark_node_get_url(n);
		if (!url || !is_remote(url))
			continue;
		struct pos at = body_at;
		int line = cmark_node_get_start_line(n);
		at.line += (unsigned)line - 1;
		at.col = column(md, line, cmark_node_get_start_column(n));
		diag_error(dl, at, "image",
			   "story picture \"%s\" must be a file of the catalog: the catalog loads nothing from other sites",
			   url);
		diag_hint(dl, "download the picture, commit it beside the entry and name it under images");
	}
	cmark_iter_free(it);
	char *html = cmark_render_html(doc, opts);
	cmark_node_free(doc);
	const char *out = arena_strdup(a, html);
	free(html);
	return out;
}

const char *
md_library_version(void)
{
	return cmark_version_string();
}
