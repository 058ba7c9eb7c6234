/*
 * catalog.h - the whole catalog: every entry of the source set read,
 * translations merged onto their default-language entries, references
 * between products, producers and points of sale resolved and checked.
 *
 * Which file is which entry, of which kind and language, comes from its
 * path (path.h: content/products/.../<slug>.md, <slug>.<lang>.md,
 * <slug>/index.md and so on).
 *
 * A translation inherits every field of its default-language entry and
 * overrides the top-level fields it gives (name, summary, story, tags…),
 * so data that must not differ between languages (stars, certificate)
 * is written once.  price is merged one level down: a translation gives
 * price: { unit } and keeps the default's numbers.
 *
 * Lists hold published entries only (no drafts), sorted by name as a
 * Vietnamese reader expects (fold_sort_key), slug breaking ties.  All of
 * it lives in the arena and is read-only after catalog_load().
 */
#ifndef OCOP_CATALOG_H
#define OCOP_CATALOG_H

#include "../load/source.h"
#include "model.h"

struct fm_doc;

struct catalog {
	const struct site *site;
	long as_of_days;
	const struct product **products;
	size_t n_products;
	const struct producer **producers;
	size_t n_producers;
	const struct point_of_sale **pos;
	size_t n_pos;
	const struct page **pages;
	size_t n_pages;
	const struct image *logo;      /* site.yaml's publisher.logo, checked
					  as an entry's picture is, or NULL */
};

/* Told of each entry file as it is parsed, on the thread that parsed it
 * (worker < WORKERS_MAX), with its index in the source set: doc is NULL
 * when it did not parse.  Its trees are freed once the catalog has read
 * them; a watcher keeps what it needs (model/timeline.h's seed). */
struct catalog_watch {
	void (*parsed)(void *ctx, unsigned worker, size_t i,
		       const struct fm_doc *doc);
	void *ctx;
};

/* The files of the cache of parsed entry files (load/cache.h's
 * CACHE_PARSED shelf), by the first digit of a file's blob id: a file
 * whose blob an earlier build parsed without a problem is not parsed
 * again (at 20,000 products, parsing is about 2 s of CPU time). */
enum { CATALOG_PARSE_SHARDS = 16 };

struct cache;

/* Opens the CATALOG_PARSE_SHARDS files v of the cache for src: none for
 * files read from disk, which have no blob id.  cache_save() and
 * cache_close() each after catalog_load(). */
void catalog_parse_cache_open(struct cache *v, const struct source_set *src);

/* Reads every entry, parsing the files on `jobs` threads (the result
 * and the diags are the same for any number); watch (may be NULL) is
 * told of each file parsed, cache (catalog_parse_cache_open()'s, or
 * NULL) gives and takes the files parsed.  Returns 0, or -1 when any
 * error was filed (the catalog is then incomplete and must not be
 * published). */
/* Whether the cache v holds file s as parsed: then source_open() need
 * not read its bytes (load/source.h's skip). */
bool catalog_parse_cached(struct cache *v, const struct source *s);

int catalog_load(struct catalog *c, const struct source_set *src,
		 const struct site *site, long as_of_days, unsigned jobs,
		 const struct catalog_watch *watch, struct cache *cache,
		 struct arena *a, struct diag_list *dl);

/* Calls fn for the publisher's logo, then for each image of the
 * published products and of their translations (which may name their
 * own pictures), in catalog order: what the photos stage makes and the
 * plan publishes. */
void catalog_each_image(const struct catalog *c,
			void (*fn)(void *ctx, const struct image *img),
			void *ctx);

#endif
