/*
 * data.h - the catalog as open data: what a journalist, a ministry or
 * an app maker reuses without scraping pages.
 *
 * Under api/v1/ (docs/open-data.md): catalog.json (every published
 * product, producer and point of sale with every field of the content
 * contract, the certificate's status as of the build date, and URLs),
 * one JSON file per product (products/<slug>.json, its story too), the
 * JSON Schemas of both, CSV exports for spreadsheets, and GeoJSON of
 * what has coordinates.  JSON is written by json-c, never by hand; CSV
 * cells are quoted by RFC 4180 and a cell that a spreadsheet would take
 * for a formula is neutralised.  Every file depends only on the catalog
 * and the build date, so it is the same in every language and build.
 */
#ifndef OCOP_DATA_H
#define OCOP_DATA_H

#include "../plan/plan.h"
#include "../util/sbuf.h"

/* The version of the files' format: the "v1" of their folder, and
 * their "version" field. */
enum { DATA_VERSION = 1 };

struct data_info {
	const char *commit;        /* the build's commit, or NULL */
	const char *generator;     /* "ocop 0.1.0" */
};

/* Writes the bytes of plan item it (a PLAN_DATA item) to out; scratch
 * holds what it makes on the way, which the caller releases (a page's
 * arena: a fresh one for each of 20,000 files cost a 64 kB block
 * cleared each time). */
void data_render(const struct plan *p, const struct plan_item *it,
		 const struct data_info *info, struct sbuf *out,
		 struct arena *scratch);

/* What item it's bytes are made from, added to key (which the renderer
 * hashes, write/out.h "Files made from the same data"), when it is one
 * product's file: its entry files and those of its producer and points
 * of sale by blob id, their counts of products, its photos' published
 * paths, the platforms its shops name, the build's date and the site's
 * settings the file repeats.  False for any other file, and for a
 * product read from the worktree (no blob ids): made every time. */
bool data_inputs(const struct plan *p, const struct plan_item *it,
		 const struct data_info *info, struct sbuf *key);

/*
 * schema.org JSON-LD for a page in language lang, for search engines
 * and the previews of shared links: a product as a Product (its
 * producer as manufacturer, by name and page; offers from its shops
 * when it has a price,
 * its OCOP certificate as hasCertification with the stars as a Rating),
 * a point of sale as a Store or LocalBusiness with its address and
 * coordinates, the home page as the WebSite.  The text is safe inside
 * <script type="application/ld+json">: '<', '>' and '&' are written as
 * \u escapes, so no "</script>" or "<!--" a content file holds can end
 * or change the element.
 */
void data_product_jsonld(struct sbuf *out, const struct catalog *c,
			 const struct product *p, int lang,
			 struct arena *scratch);
void data_pos_jsonld(struct sbuf *out, const struct catalog *c,
		     const struct point_of_sale *p, int lang,
		     struct arena *scratch);
void data_site_jsonld(struct sbuf *out, const struct catalog *c, int lang,
		      struct arena *scratch);

#endif
