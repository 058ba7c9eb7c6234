/*
 * urls.h - where every kind of page lives: one function per kind of
 * URL, used by the plan (which pages exist), the view data and the
 * templates' links alike, so a URL is decided in one place.
 *
 * Every URL is relative to the language home ("products/cam/"; the
 * home itself is "") and ends in '/', a folder whose index.html is the
 * page.  Each function returns a string in the arena given.  Place
 * names become slugs without diacritics ("Hương Khê" → "huong-khe"; a
 * name that folds to nothing gives "-").
 */
#ifndef OCOP_URLS_H
#define OCOP_URLS_H

#include <stdbool.h>
#include <stddef.h>

#include "../model/model.h"
#include "../util/arena.h"

const char *urls_product(struct arena *a, const char *slug);
/* A product's history page ("products/x/history/", docs/history.md). */
const char *urls_product_history(struct arena *a, const char *slug);
const char *urls_producer(struct arena *a, const char *slug);
const char *urls_pos(struct arena *a, const char *slug);
const char *urls_page(struct arena *a, const char *slug);
/* The page of an entry of kind k (one of the four above) with slug. */
const char *urls_entry(struct arena *a, enum entry_kind k, const char *slug);
/* The history page of an entry of kind k ("producers/<slug>/history/"). */
const char *urls_entry_history(struct arena *a, enum entry_kind k,
			       const char *slug);
const char *urls_products(void);
const char *urls_producers(void);
const char *urls_points_of_sale(void);
const char *urls_stars(struct arena *a, int stars);
const char *urls_group(struct arena *a, const char *group_slug);
const char *urls_producer_type(struct arena *a, const char *type_slug);
const char *urls_platform(struct arena *a, const char *key);
const char *urls_place_slug(struct arena *a, const char *name);
const char *urls_province(struct arena *a, const char *province);
const char *urls_commune(struct arena *a, const char *province,
			 const char *commune);
const char *urls_district(struct arena *a, const char *province,
			  const char *district);
/*
 * The slug of a decision from its number, issuer (NULL when none) and
 * date ("YYYY-MM-DD"), in the order a decision is cited: "1887/QĐ-UBND",
 * "UBND tỉnh Hà Tĩnh", "2023-06-12" give
 * "1887-qd-ubnd-2023-06-12-ubnd-tinh-ha-tinh".  Number and issuer are
 * folded like place names and cut to a few dozen bytes each; one that
 * folds to nothing is left out, and the date never is, so the slug is
 * never empty and holds only a-z, 0-9 and single hyphens.  Two decisions
 * may fold to one slug: the plan tells them apart (plan.h).
 */
const char *urls_decision_slug(struct arena *a, const char *number,
			       const char *issuer, const char *issued_iso);
/* A decision's page, from its slug (as the plan gives it). */
const char *urls_decision(struct arena *a, const char *slug);
/* Page n (0-based) of a list whose first page is at url: url itself
 * for page 0, else url + "page/<n+1>/". */
const char *urls_list_page(struct arena *a, const char *url, size_t n);
/* The prefix of a language's pages: "" for the default language
 * (index 0), "<code>/" for the others. */
const char *urls_lang_prefix(struct arena *a, const char *code, int lang);

/* The open data (render/data.h), from the site's root and the same in
 * every language: a whole-catalog file ("catalog.json" gives
 * "api/v1/catalog.json"), and one product's JSON file. */
const char *urls_data(struct arena *a, const char *name);
const char *urls_product_data(struct arena *a, const char *slug);
/* The page that lists the open data, in each language. */
const char *urls_data_page(void);

/* Embeds (docs/embedding.md): the viewer page, in each language
 * ("embed/"); the script a host page loads, from the site's root
 * ("embed.js"); the data of the view of the list or entry whose page is
 * at url, from the site's root and the same in every language
 * ("provinces/ha-tinh/" gives "embed/data/provinces/ha-tinh.json");
 * and the oEmbed response of the page at url, beside it in each
 * language ("products/x/oembed.json"). */
const char *urls_embed_page(void);
const char *urls_embed_script(void);
const char *urls_embed_data(struct arena *a, const char *url);
const char *urls_oembed(struct arena *a, const char *url);

/* Search (docs/search.md): the page, in each language ("search/"); a
 * file of the index, from the site's root and the same in every
 * language ("meta.json" gives "search/meta.json"); and the theme's
 * script that searches ("assets/search.js"), to which the build adds
 * the index's list of chunks. */
const char *urls_search_page(void);
const char *urls_search_file(struct arena *a, const char *name);
const char *urls_search_script(void);

/* The catalog's changelog (docs/history.md): its first page, in each
 * language ("changes/"), and its Atom feed beside it in each language
 * ("changes.atom", a file). */
const char *urls_changes(void);
const char *urls_changes_feed(void);
/* The catalog's versions (its git tags, docs/history.md): the first
 * page of their list, in each language ("versions/"). */
const char *urls_versions(void);
/* The certificate lookup (docs/verify.md): its page, in each language
 * ("verify/"), and a shard of its keys, from the site's root and the
 * same in every language ("verify/keys/3.json"). */
/* A status list: "status/expired/" (plan.h's plan_status_slugs). */
const char *urls_status(struct arena *a, const char *slug);
const char *urls_verify_page(void);
const char *urls_verify_keys(struct arena *a, size_t shard);
/* The lookup's page asking for text ("verify/?q=1234%2FQ%C4%90-UBND"):
 * every byte but letters, digits and "-._~" percent-encoded. */
const char *urls_verify_query(struct arena *a, const char *text);

/* Labels (docs/labels.md), in the default language only, so these are
 * from the site's root as well as from that language's home: a
 * product's QR code ("products/<slug>/qr.svg", a file), its label page,
 * and the page of the shelf tags of every product a point of sale
 * sells. */
const char *urls_product_qr(struct arena *a, const char *slug);
const char *urls_product_label(struct arena *a, const char *slug);
const char *urls_pos_labels(struct arena *a, const char *slug);

/* Whether name is a top-level folder of the site's own (products,
 * stars, assets...), which a free page may not take. */
bool urls_is_reserved(const char *name);

#endif
