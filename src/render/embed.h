/*
 * embed.h - the catalog's views that other sites embed
 * (docs/embedding.md): a list of products (all, by stars, group,
 * platform, province, commune, former district, decision or producer),
 * one product, or a point of sale with its products, shown in an
 * iframe on a tourism portal or a shop's site.
 *
 * A host page writes a <div data-ocop-list ...> (or data-ocop-product,
 * data-ocop-pos) holding a plain link, and loads embed.js; the script
 * puts an iframe of the viewer (embed/ in each language) in its place
 * and sets the frame's height from the viewer's messages.  The viewer
 * is a page of the theme whose script draws the view, with textContent
 * and attributes only, from the JSON this module writes with json-c:
 * one file per view, the same in every language (a text a translation
 * changes is an object by language code), and the product's own open
 * data file for a product.  Each product's part of those files is made
 * once (embed_records_build) and pasted into every view that shows it.
 *
 * Pages offer the snippet of their view in an "Embed" panel and point
 * to their oEmbed response; both need the absolute URLs base_url gives.
 */
#ifndef OCOP_EMBED_H
#define OCOP_EMBED_H

#include "../plan/plan.h"
#include "../util/sbuf.h"
#include "../util/span.h"
#include "view.h"

/* The version of the views' data (its "version" field): the viewer of
 * a theme reads this format. */
enum { EMBED_DATA_VERSION = 1 };

/* What a view shows of each product, as JSON text, and a digest of
 * that text (what a view's data is made from: embed_data_key()): by
 * product index. */
enum { EMBED_RECORD_DIGEST = 16 };
struct embed_records {
	struct span *v;
	unsigned char (*digest)[EMBED_RECORD_DIGEST];
	size_t n;
	bool digested;       /* every digest made: else no key from them */
};

/* Makes every product's record on jobs cores, in a. */
void embed_records_build(struct embed_records *r, const struct catalog *c,
			 unsigned jobs, struct arena *a);

/*
 * The data of plan item it (PLAN_EMBED_DATA) is {version, title (by
 * language), url (the page from the language home), count, pos or
 * producer when the view is one's, products: [records]}, made in two
 * steps: embed_data_head() appends everything before the records to
 * out (views holds one view per language, allocating in a scratch
 * arena), embed_data_products() the records and the end.  What the
 * whole is made from is the head and the records' digests, which
 * embed_data_key() appends to key: a view whose products did not
 * change need not be pasted together again.
 */
void embed_data_head(struct sbuf *out, const struct plan_item *it,
		     const struct embed_records *r, struct view *views);
void embed_data_key(struct sbuf *key, const struct plan_item *it,
		    const struct embed_records *r);
void embed_data_products(struct sbuf *out, const struct plan_item *it,
			 const struct embed_records *r);

/* embed.js: the script of docs/embedding.md, with the viewer's address
 * in each language. */
void embed_script(struct sbuf *out, const struct site *s);

/*
 * The HTML a webmaster pastes to show the view of list l, or of entry e
 * (a product, producer or point of sale) when l is NULL, in language
 * lang: the <div> with its link to the page (titled title), and the
 * <script> of embed.js.  NULL when the site has no base_url or the
 * entry has no view.
 */
const char *embed_snippet(struct arena *a, const struct site *s, int lang,
			  const struct plan_list *l, const struct entry *e,
			  const char *title);

/* The absolute URL of the oEmbed response of the page of l or e in
 * language lang, or NULL as for embed_snippet(). */
const char *embed_oembed_url(struct arena *a, const struct site *s, int lang,
			     const struct plan_list *l, const struct entry *e);

/* The oEmbed response (oembed.com, type "rich") of plan item it
 * (PLAN_OEMBED), with v the view of its language: first its fields
 * (false when the item has no view), which are all it is made from
 * (embed_oembed_key() appends them to a key), then its JSON. */
struct oembed {
	const char *title, *provider_name, *provider_url;
	const char *author_name, *author_url;   /* a product's producer */
	const char *html;                       /* the iframe */
};
bool embed_oembed_fields(struct oembed *o, const struct plan_item *it,
			 struct view *v);
void embed_oembed_key(struct sbuf *key, const struct oembed *o);
void embed_oembed(struct sbuf *out, const struct oembed *o);

#endif
