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

#include "../util/arena.h"

const char *urls_product(struct arena *a, const char *slug);
const char *urls_producer(struct arena *a, const char *slug);
const char *urls_pos(struct arena *a, const char *slug);
const char *urls_page(struct arena *a, const char *slug);
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
/* Page n (0-based) of a list whose first page is at url: url itself
 * for page 0, else url + "page/<n+1>/". */
const char *urls_list_page(struct arena *a, const char *url, size_t n);
/* The prefix of a language's pages: "" for the default language
 * (index 0), "<code>/" for the others. */
const char *urls_lang_prefix(struct arena *a, const char *code, int lang);

/* Whether name is a top-level folder of the site's own (products,
 * stars, assets...), which a free page may not take. */
bool urls_is_reserved(const char *name);

#endif
