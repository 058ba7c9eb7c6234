/*
 * plan.h - the site as data: every file the build writes, decided from
 * the frozen catalog before anything is rendered.
 *
 * The plan lists each output file once, with its kind, language and
 * subject (an entry, one page of a list, a theme file, an image, a part
 * of the sitemap).  Nothing else decides which pages exist: the
 * renderer renders the plan's items in order, the sitemap lists its
 * pages, and collisions are found by looking at it.  Lists of products
 * (all, by stars, group, producer type, platform, province, commune,
 * district) are grouped here, once for every language.
 *
 * Everything lives in the arena given to plan_build() except the
 * vectors, freed by plan_release().  The catalog, the files and their
 * bytes are borrowed and must outlive the plan.
 */
#ifndef OCOP_PLAN_H
#define OCOP_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "search.h"
#include "../model/links.h"
#include "../model/changelog.h"
#include "verify.h"
#include "../model/timeline.h"
#include "../model/catalog.h"
#include "../model/photo.h"
#include "../util/arena.h"
#include "../util/diag.h"
#include "../util/span.h"
#include "../util/strmap.h"

enum plan_kind {
	PLAN_HOME,
	PLAN_LIST,             /* a page of a list of products (of
				  producers for LIST_PRODUCER_TYPE) */
	PLAN_PRODUCERS,        /* a page of the producers' index */
	PLAN_POINTS_OF_SALE,   /* a page of the points of sale's index */
	PLAN_PRODUCT, PLAN_PRODUCER, PLAN_POS, PLAN_PAGE,
	PLAN_NOT_FOUND,        /* 404.html */
	PLAN_FILE,             /* a theme file or an image, as it is */
	PLAN_SITEMAP,          /* sitemap.xml, or one part of it */
	PLAN_SITEMAP_INDEX,    /* sitemap.xml when there are parts */
	PLAN_ROBOTS,
	PLAN_DATA,             /* an open-data file (render/data.h) */
	PLAN_DATA_PAGE,        /* the page that lists them */
	PLAN_QR,               /* a product's QR code (render/qr.h) */
	PLAN_LABEL,            /* a product's label page, to print */
	PLAN_HISTORY,          /* a product's history page, in each
				  language (docs/history.md); a removed
				  product's has link, not entry */
	PLAN_POS_LABELS,       /* the shelf tags of a point of sale's
				  products, to print */
	PLAN_EMBED_PAGE,       /* the viewer that embeds show, in each
				  language (render/embed.h) */
	PLAN_EMBED_SCRIPT,     /* embed.js, which host pages load */
	PLAN_EMBED_DATA,       /* the data of one view: a list's, a
				  producer's or a point of sale's */
	PLAN_OEMBED,           /* the oEmbed response of a page */
	PLAN_SEARCH_PAGE,      /* the search page, in each language */
	PLAN_SEARCH_META,      /* the search index's list of chunks */
	PLAN_SEARCH_SCRIPT,    /* the theme's search.js, the list of
				  chunks added (data: the theme's file) */
	PLAN_SEARCH_TOKENS,    /* a chunk of its tokens (page: which) */
	PLAN_SEARCH_DOCS,      /* a chunk of its documents (page: which) */
	PLAN_SEARCH_FACETS,    /* every document's stars, status, group,
				  province, producer type and platforms */
	PLAN_SEARCH_COMMUNES,  /* the communes of a province's documents
				  (list: the province) */
	PLAN_REDIRECT,         /* an old URL of a renamed entry, in each
				  language (link; page 1: of its history
				  page, 0: of its page) */
	PLAN_TOMBSTONE,        /* the page of a removed entry at its old
				  URL, in each language (link) */
	PLAN_CHANGES,          /* a page of the catalog's changelog, in
				  each language (docs/history.md) */
	PLAN_CHANGES_FEED,     /* its Atom feed, in each language */
	PLAN_VERSIONS,         /* a page of the catalog's versions (its
				  git tags), in each language, when it has
				  any (docs/history.md) */
	PLAN_VERIFY_PAGE,      /* a page of the certificate lookup, in
				  each language (docs/verify.md) */
	PLAN_VERIFY_KEYS,      /* a shard of its keys (page: which) */
};
enum { PLAN_KINDS = PLAN_VERIFY_KEYS + 1 };

/* A short name of each kind, for OCOP_TIMINGS=1's breakdown of the
 * render stage. */
const char *plan_kind_name(enum plan_kind k);

/* The open-data files, each from the whole catalog but PRODUCT's. */
enum plan_data {
	DATA_CATALOG_JSON, DATA_PRODUCT_JSON, DATA_CATALOG_SCHEMA,
	DATA_PRODUCT_SCHEMA, DATA_PRODUCTS_CSV, DATA_PRODUCERS_CSV,
	DATA_POS_CSV, DATA_PRODUCTS_GEOJSON, DATA_POS_GEOJSON,
};

enum plan_list_kind {
	LIST_ALL, LIST_STARS, LIST_GROUP, LIST_PRODUCER_TYPE, LIST_PLATFORM,
	LIST_PROVINCE, LIST_COMMUNE, LIST_DISTRICT, LIST_DECISION,
	LIST_STATUS,
};

/* The status lists (/status/<slug>/): certificates about to expire
 * (within CERT_SOON_DAYS, the soonest first), expired (the latest
 * first) and revoked (the latest revocation first). */
enum plan_status_list { STATUS_EXPIRING, STATUS_EXPIRED, STATUS_REVOKED,
			STATUS_LISTS };
extern const char *const plan_status_slugs[STATUS_LISTS];

/* Products sharing a key, shown over pages of per_page products. */
struct plan_list {
	enum plan_list_kind kind;
	const char *slug;              /* "4", "thuc-pham", "ha-tinh"... */
	const char *name;              /* a place as written; a decision's
					  number; the star count, group slug,
					  type slug or platform key for the
					  others */
	const char *url;               /* first page, from urls.h */
	const struct product **items;  /* in catalog order */
	const struct producer **producers;  /* PRODUCER_TYPE lists these
					       instead: a type is a
					       producer's, not a product's */
	size_t n, cap;                 /* of items or of producers */
	size_t pages;
	struct plan_list *children;    /* a province's communes and districts */
	size_t n_children, cap_children;
	const struct plan_list *parent;
	const struct certificate *cert;  /* DECISION: the number, issuer
					    and date of its first product */
};

struct plan_item {
	const char *path;          /* the output file, "en/products/x/index.html" */
	const char *url;           /* a page's URL from its language home;
				      NULL for files */
	enum plan_kind kind;
	int lang;                  /* index into site.languages */
	const char *source;        /* the catalog or theme file it comes
				      from; NULL for the site's own */
	const struct entry *entry;     /* PRODUCT, PRODUCER, POS, PAGE;
					  DATA_PRODUCT_JSON's product;
					  QR's and LABEL's product;
					  POS_LABELS' point of sale;
					  EMBED_DATA's and OEMBED's
					  producer, point of sale or
					  product when not a list's */
	enum plan_data data_kind;      /* DATA */
	const struct plan_list *list;  /* LIST; EMBED_DATA's and OEMBED's
					  list */
	size_t page, pages;            /* this page (0-based) of how many:
					  of a list or index, of a producer's
					  or point of sale's products (1 for
					  other entries); SITEMAP: this part
					  of how many */
	struct span data;              /* FILE, SEARCH_SCRIPT; a FILE with
					  data_file has only data.len */
	const char *data_file;         /* FILE: the file holding its bytes,
					  at data_at (a photo's size in the
					  photo cache), or NULL */
	uint64_t data_at;
	const struct link *link;       /* REDIRECT, TOMBSTONE; HISTORY of a
					  removed product */
};

/* A file published as it is: a theme's static file. */
struct plan_file {
	const char *path;          /* in the site */
	const char *source;        /* where it comes from, for diags */
	struct span data;
};

struct plan {
	const struct catalog *c;
	struct plan_item *v;
	size_t n, cap;
	struct strmap paths;           /* every path planned, until
					  plan_add_links() */
	struct plan_list all, stars[3], groups[GROUP_COUNT],
			 types[PRODUCER_TYPE_COUNT], status[STATUS_LISTS];
	struct plan_list *platforms;   /* one per site.yaml platform */
	struct plan_list *provinces;   /* sorted by slug */
	size_t n_provinces, cap_provinces;
	struct plan_list *decisions;   /* of 2 products or more, by slug */
	size_t n_decisions, cap_decisions;
	const struct plan_list **decision_of;  /* by product index: its
						  decision, or NULL */
	size_t sitemap_limit;
	struct search_index search;    /* search.h */
	struct verify_index verify;    /* verify.h */
	const struct timeline *timelines;  /* the products' by index, then
					      the producers', then the
					      points of sale's (plan_
					      timeline()), or NULL without
					      history */
	const struct changelog *changes;   /* or NULL without history */
	const struct photos *photos;   /* the photos' sizes, or NULL */
};

/* Entries of the changelog's Atom feed: the newest commits that
 * changed what the catalog certifies. */
enum { PLAN_FEED_ENTRIES = 50 };

/* URLs per sitemap file: the protocol's limit. */
enum { PLAN_SITEMAP_LIMIT = 50000 };

/*
 * Plans the site of c: pages in every language, then the label pages
 * (in the default language only: a product's label, then the shelf
 * tags of each point of sale that sells a product), then files (theme
 * files, then images, then the products' QR codes), then the open
 * data, then the embeds (the viewer in each language, embed.js, the
 * data of each view, and, when site.yaml gives base_url, the oEmbed
 * responses of the pages that can be embedded), then search (the page
 * in every language, then the index: its list of chunks, the chunks of
 * tokens, the chunks of documents, the facets, each province's
 * communes), then the certificate lookup (its pages in every
 * language, then its shards of keys), then each product's history page
 * in every language when timelines (the products' by index, then the
 * producers', then the points of sale's) gives it changes, then each
 * producer's and point of sale's,
 * then, with changes, the changelog's pages in every language and, when
 * site.yaml gives base_url, its Atom feed in every language (without
 * base_url a warning says there is none: its links must be whole
 * addresses), and when the changelog has versions (tags), the pages
 * of the versions in every language, then the sitemap and robots.txt.
 * The search index is made on up to jobs threads, with the theme's
 * names of groups and subgroups from names (search.h; NULL: none).  knobs
 * are settings for tests and benchmarks (NULL: none).  Every
 * collision (two items at one path, or a file where another needs a
 * folder) is a diag naming both sources.  Returns 0, or -1 after filing
 * diags; the plan is complete either way and is released with
 * plan_release().
 */
/* The parts of the site a benchmark may leave out, to measure what they
 * cost (bench/rebuild-ab.sh, ENV_B); the pages still link to them. */
enum plan_part {
	PLAN_PART_EMBEDS = 1,   /* the viewer, embed.js, the views' data,
				   the oEmbed responses */
	PLAN_PART_DATA = 2,     /* the open data files */
	PLAN_PART_LABELS = 4,   /* the label pages and the QR codes */
};
struct plan_knobs {
	size_t sitemap_limit;   /* the most URLs per sitemap file (0:
				   PLAN_SITEMAP_LIMIT) */
	unsigned leave_out;     /* enum plan_part bits */
};
int plan_build(struct plan *p, const struct catalog *c,
	       const struct plan_file *files, size_t n_files,
	       const struct search_names *names,
	       const struct timeline *timelines,
	       const struct changelog *changes,
	       const struct photos *photos, const struct plan_knobs *knobs,
	       unsigned jobs, struct arena *a, struct diag_list *dl);
void plan_release(struct plan *p);

/* The timeline of entry e (a product, producer or point of sale) when
 * it has changes, else NULL (or without history). */
const struct timeline *plan_timeline(const struct plan *p,
				     const struct entry *e);

/*
 * Adds the old URLs of links (model/links.h) to plan p, in every
 * language: a redirect page at each old slug of a renamed entry (and
 * at its old history page, for a product whose history page exists),
 * a tombstone page at each slug of a removed one, and beside it the
 * removed product's history page.  They come last and
 * take only what is free: a path the plan has already, or one below a
 * file of the plan, is left to what has it (a current entry always
 * keeps its URL), never a collision.  None is in the sitemap.  The
 * links (NULL: none) are borrowed and must outlive the plan.  Call it
 * once, last: it ends the planning (the table of paths is freed, the
 * items' vector made to measure).
 */
void plan_add_links(struct plan *p, const struct links *links,
		    struct arena *a);

/* Whether the sitemap lists item it: every page but the label pages,
 * which are for printing, the embeds' viewer, which is for frames, the
 * search page, whose results are other pages, and the redirects and
 * tombstones of old URLs (all say noindex), a removed product's history
 * page, an old URL too, and the certificate lookup's pages after its
 * first (docs/verify.md). */
bool plan_in_sitemap(const struct plan_item *it);

/* Checks what only the layout decides about free pages: a page may not
 * take the name of one of the site's own folders nor a language code.
 * Returns 0, or -1 after filing diags. */
int plan_check_pages(const struct catalog *c, struct diag_list *dl);

/*
 * The decision page that lists product pr with the rest of its batch,
 * or NULL when its decision recognised no other published product (or
 * p is NULL).  A decision is a number from one issuer (or none) on one
 * day, the strings compared exactly, as the lint's "same-certificate"
 * check compares them.  Its slug comes from urls_decision_slug(); when
 * two decisions fold to one slug, the first in (number, issuer, date)
 * order keeps it and the others get "-2", "-3"..., the first of those
 * that no decision has, so no page ever takes another's.
 */
const struct plan_list *plan_decision(const struct plan *p,
				      const struct product *pr);

/* Whether list l has an embeddable view (every list of products: a
 * producer type's lists producers). */
bool plan_list_embeddable(const struct plan_list *l);

/* The pages of a list of n items, at least 1. */
size_t plan_pages(const struct catalog *c, size_t n);

/* The list page of a place, or NULL when the plan has none (no product
 * is made there): the province when kind is 0, else its commune ('c')
 * or former district ('d') named name.  Names are folded as the plan
 * folds them (a scratch copy in a). */
const struct plan_list *plan_place(const struct plan *p, struct arena *a,
				   const char *province, char kind,
				   const char *name);

#endif
