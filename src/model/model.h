/*
 * model.h - the typed catalog: site settings, products, producers, points
 * of sale and free pages, as the content contract defines them
 * (shared/content-model.md, docs/content.md).
 *
 * Everything here lives in the build's arena and is frozen once
 * catalog_load() returns: later stages take const pointers.  Strings are
 * NUL-terminated; optional text is NULL when absent.  Positions (struct
 * pos) point back into the source file for diagnostics.
 */
#ifndef OCOP_MODEL_H
#define OCOP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "../util/diag.h"
#include "../util/span.h"

enum { MODEL_MAX_LANGS = 8 };

/* A calendar day; days counts from 1970-01-01 (may be negative). */
struct date {
	int y, m, d;
	long days;
};

struct geo {
	bool set;
	double lat, lon;
	struct pos at;                 /* the geo mapping */
};

struct location {
	const char *province, *district, *commune, *address;
	struct geo geo;
	struct pos at;
};

/* The six product groups of Decision 919/QĐ-TTg, in the contract's order. */
enum group {
	GROUP_THUC_PHAM, GROUP_DO_UONG, GROUP_DUOC_LIEU,
	GROUP_THU_CONG_MY_NGHE, GROUP_SINH_VAT_CANH, GROUP_DICH_VU_DU_LICH,
	GROUP_COUNT
};
extern const char *const model_group_slugs[GROUP_COUNT];

enum producer_type {
	PRODUCER_HTX, PRODUCER_DOANH_NGHIEP, PRODUCER_TO_HOP_TAC,
	PRODUCER_HO_KINH_DOANH, PRODUCER_TYPE_COUNT
};
extern const char *const model_producer_type_slugs[PRODUCER_TYPE_COUNT];

enum pos_kind {
	POS_OCOP_STORE, POS_OCOP_CENTRE, POS_SUPERMARKET, POS_TOURIST_SITE,
	POS_MARKET, POS_OTHER, POS_KIND_COUNT
};
extern const char *const model_pos_kind_slugs[POS_KIND_COUNT];

enum ip_type {
	IP_NONE, IP_GEOGRAPHICAL_INDICATION, IP_COLLECTIVE_MARK,
	IP_CERTIFICATION_MARK, IP_TYPE_COUNT
};
extern const char *const model_ip_type_slugs[IP_TYPE_COUNT];

/* CERT_PENDING: issued after the build date (a decision dated ahead,
 * or a build of the past with --as-of): not in force yet.
 * CERT_UNPUBLISHED: the entry says the certificate's number and date
 * are not known (certificate.details: unknown): never shown as valid,
 * since nobody can tell when it lapses. */
enum cert_status { CERT_VALID, CERT_EXPIRED, CERT_REVOKED, CERT_PENDING,
		   CERT_UNPUBLISHED, CERT_STATUSES };
extern const char *const model_cert_status_slugs[CERT_STATUSES];

struct revocation {
	bool set;
	struct date date;
	const char *decision, *reason;
};

/* The day the OCOP programme was approved (Decision 490/QĐ-TTg,
 * 7 May 2018): no certificate is older. */
#define MODEL_OCOP_START "2018-05-07"

struct certificate {
	const char *number, *issuer;
	struct date issued, expires;   /* expires: given, or issued + months */
	bool expires_given;
	bool details_unknown;          /* details: unknown: number, issued
					  and expires are not known and
					  are zero (NULL); issuer is given */
	struct revocation revoked;
	struct pos at;
	struct pos number_at;
	struct pos issued_at;
	struct pos expires_at;         /* expires, or issued when computed */
};

struct price {
	bool set;
	long from, to;                 /* to == 0: no upper bound given */
	const char *unit;
	int unit_lang;                 /* language index the unit is written
					  in: a translation's own unit is
					  in its language, an inherited one
					  in the default language (0) */
};

struct photo;
struct source;

/* What is published for an image: set by image_resolve() for an SVG
 * drawing, by photos_build() (model/photo.h) for a photo, the same for
 * every entry that names the file. */
struct image_out {
	const char *path;              /* site-relative: the drawing, or the
					  photo's widest JPEG; NULL while a
					  photo is not made */
	unsigned width, height;        /* its size in pixels (a drawing's
					  from its attributes) */
	const struct photo *photo;     /* a photo's sizes, or NULL */
};

struct image {
	const char *src;               /* as written in the entry */
	const char *alt;
	const char *out_path;          /* site-relative path of the copy */
	struct span data;              /* an SVG drawing's bytes to publish,
					  sanitised; empty for a photo */
	const struct source *file;     /* the file (links followed): a
					  photo's bytes are read, checked
					  and made into sizes by
					  model/photo.h, only when its
					  cache does not have them */
	struct pos at;                 /* of src in the entry */
	bool is_svg;                   /* else a photo (model/photo.h) */
	struct image_out *out;         /* what is published: not const,
					  the one part of the model a later
					  stage fills (photos_build()) */
};

struct shop {
	const char *platform;          /* key in site.yaml platforms */
	const char *url;
	struct pos at;
};

struct platform {
	const char *key, *name;
	const char **hosts;
	size_t n_hosts;
};

struct strlist {
	const char **v;
	size_t n;
};

struct producer;
struct point_of_sale;

/* Fields every entry kind shares. */
enum entry_kind { ENTRY_PRODUCT, ENTRY_PRODUCER, ENTRY_POS, ENTRY_PAGE,
		  ENTRY_KINDS };

/*
 * What every kind of entry has.  It is the first member of each kind's
 * struct, so a pointer to it is a pointer to the whole entry of its
 * kind (the _in() functions below convert back).
 */
struct entry {
	enum entry_kind kind;
	const char *slug;
	const char *path;              /* source file, for diags */
	const char *dir;               /* bundle folder ("content/products/x/")
					  or NULL for a single file */
	int lang;                      /* index into site.languages */
	const char *name;
	struct pos name_at;            /* the name's value, which may be in
					  the default entry's file for a
					  translation that inherits it */
	const char *summary;
	unsigned body_line;            /* where the Markdown story starts */
	const char *html;              /* story rendered by md_render */
	const char *oid;               /* blob id, "" from the worktree */
	bool draft;
	bool broken;                   /* reading or resolving it filed an
					  error: the catalog-wide checks and
					  reports leave it out */
	bool is_translation;           /* this entry came from <slug>.<lang>.md */
	size_t index;                  /* place in the catalog's sorted list */
	/* a default entry's translations by language index, NULL where
	 * there is none; [the site's default] is the entry itself */
	const struct entry *tr[MODEL_MAX_LANGS];
};

struct product {
	struct entry e;
	int stars;
	bool potential_5_star;
	enum group group;
	const char *subgroup, *code;
	struct pos subgroup_at, code_at;
	const char *producer_slug;
	struct pos producer_at;
	const struct producer *producer;
	struct location location;
	struct certificate cert;
	struct price price;
	struct image *images;
	size_t n_images;
	struct strlist standards;
	enum ip_type ip_type;
	const char *ip_name;
	const char *gtin, *trace_url;
	struct pos gtin_at;
	struct strlist pos_slugs;
	struct pos *pos_at;            /* position of each pos slug */
	const struct point_of_sale **pos;  /* resolved, same order */
	struct shop *shops;
	size_t n_shops;
	struct strlist export_markets;
	struct strlist tags;
};

struct producer {
	struct entry e;
	enum producer_type type;
	struct location location;
	const char *representative, *phone, *email, *website;
	struct pos phone_at, email_at;
	const struct product **products;  /* published, sorted by name */
	size_t n_products;
};

struct point_of_sale {
	struct entry e;
	enum pos_kind kind;
	struct location location;
	const char *hours, *phone;
	struct pos phone_at;
	const struct product **products;
	size_t n_products;
};

struct page {
	struct entry e;
};

/* The entry as shown in language lang: its translation, or itself. */
static inline const struct entry *
entry_in(const struct entry *e, int lang)
{
	return e->tr[lang] ? e->tr[lang] : e;
}

static inline const struct product *
product_in(const struct product *p, int lang)
{
	return (const struct product *)entry_in(&p->e, lang);
}

static inline const struct producer *
producer_in(const struct producer *p, int lang)
{
	return (const struct producer *)entry_in(&p->e, lang);
}

static inline const struct point_of_sale *
pos_in(const struct point_of_sale *p, int lang)
{
	return (const struct point_of_sale *)entry_in(&p->e, lang);
}

static inline const struct page *
page_in(const struct page *p, int lang)
{
	return (const struct page *)entry_in(&p->e, lang);
}

/* The names site.yaml gives a product subgroup (its slug), by language
 * index; NULL where it gives none. */
struct subgroup_names {
	const char *slug;
	const char *name[MODEL_MAX_LANGS];
};

/* site.yaml's publisher: the department that publishes the catalog */
struct publisher {
	const char *name;              /* NULL: none given */
	const char *names[MODEL_MAX_LANGS];   /* per language; [0] == name */
	const char *address, *phone, *email;
	const char *logo;              /* a picture in content/, as written,
					  or NULL; the catalog resolves it
					  (catalog.h, logo) */
	struct pos logo_at;
};

struct site {
	const char *title;
	const char *titles[MODEL_MAX_LANGS];   /* per language; [0] == title */
	const char *base_url;          /* always ends with '/' */
	const char *base_path;         /* base_url's path, "/ocop/", which
					  the 404 page links from; "/"
					  without base_url */
	const char *language;          /* default language code */
	const char *languages[MODEL_MAX_LANGS];
	size_t n_languages;
	const char *province;
	const char *theme;
	struct pos theme_at;           /* where site.yaml names the theme */
	int certificate_months;
	int per_page;
	bool search;                   /* search: false leaves search out */
	bool history;                  /* history: true adds the entries'
					  history from git (docs/history.md) */
	struct platform *platforms;
	size_t n_platforms;
	const char *license_name;      /* license: of the open data, NULL */
	const char *license_url;       /*   when not given */
	struct publisher publisher;
	const char *about[MODEL_MAX_LANGS];   /* what OCOP is, per language,
						 or NULL */
	struct subgroup_names *subgroups;   /* site.yaml's, in its order */
	size_t n_subgroups;
	const char *path;              /* "site.yaml" */
};

#endif
