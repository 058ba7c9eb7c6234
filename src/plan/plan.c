/*
 * plan.c - every output file of the site, as data (plan.h).
 *
 * Products are grouped once into lists (plan_list); each list gives
 * plan_pages() pages in each language.  Paths are claimed in a map as
 * they are planned, so a second claim of a path is a collision found at
 * once; files sitting where another path needs a folder are found after,
 * by looking up each path's parent folders.  Both are linear in the
 * number of files.
 *
 * Decisions are found by sorting the products by (number, issuer,
 * date): a run of two or more is a decision page.  Its slug is folded
 * from those three (urls_decision_slug()), which two decisions may
 * share ("1887/QĐ" and "1887-QĐ"); every natural slug is claimed
 * before any twin gets a counter, so a counter never lands on another
 * decision's own slug, and the result depends on the keys alone, never
 * on the order of the files.
 */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "urls.h"
#include "../model/date.h"
#include "../model/site.h"
#include "../util/fold.h"
#include "../util/sbuf.h"
#include "../util/strmap.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

struct planner {
	struct plan *p;
	struct arena *a;
	struct diag_list *dl;
	struct strmap *claims;     /* the plan's paths: path → source (""
				      for the site's own) */
	int err;
};

size_t
plan_pages(const struct catalog *c, size_t n)
{
	size_t per = (size_t)c->site->per_page;
	return n ? (n + per - 1) / per : 1;
}

/* ---- lists ------------------------------------------------------- */

static void
list_add(struct plan_list *l, const struct product *p)
{
	void *v = l->items;
	xgrow(&v, &l->cap, l->n + 1, sizeof(*l->items));
	l->items = v;
	l->items[l->n++] = p;
}

static void
list_add_producer(struct plan_list *l, const struct producer *p)
{
	void *v = l->producers;
	xgrow(&v, &l->cap, l->n + 1, sizeof(*l->producers));
	l->producers = v;
	l->producers[l->n++] = p;
}

/* The list with this slug in *v, appended when new. */
static struct plan_list *
list_find(struct plan_list **v, size_t *n, size_t *cap, const char *slug,
	  const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i].slug, slug))
			return &(*v)[i];
	void *p = *v;
	xgrow(&p, cap, *n + 1, sizeof(**v));
	*v = p;
	struct plan_list *l = &(*v)[(*n)++];
	memset(l, 0, sizeof(*l));
	l->slug = slug;
	l->name = name;
	return l;
}

const char *const plan_status_slugs[STATUS_LISTS] = {
	"expiring", "expired", "revoked"
};

/* The status list product pr belongs in on day today, or -1. */
static int
status_list_of(const struct product *pr, long today)
{
	const struct certificate *c = &pr->cert;
	switch (cert_status(c, today)) {
	case CERT_VALID:
		return !c->details_unknown &&
		       c->expires.days - today <= CERT_SOON_DAYS
		       ? STATUS_EXPIRING : -1;
	case CERT_EXPIRED:
		return STATUS_EXPIRED;
	case CERT_REVOKED:
		return STATUS_REVOKED;
	default:
		return -1;
	}
}

/* A product of a status list with the day the list sorts it by. */
struct status_key {
	long day;
	const struct product *p;
};

static int
cmp_status(const void *x, const void *y)
{
	const struct status_key *a = x, *b = y;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return a->p->e.index < b->p->e.index ? -1 : a->p->e.index > b->p->e.index;
}

/* Sorts status list k by expiry (expiring: the soonest first; expired:
 * the latest first) or revocation (the latest first), then catalog
 * order. */
static void
sort_status_list(struct plan_list *l, int k)
{
	if (!l->n)
		return;
	struct status_key *v = xmalloc(xmul(l->n, sizeof(*v)));
	for (size_t i = 0; i < l->n; i++) {
		const struct certificate *c = &l->items[i]->cert;
		v[i].p = l->items[i];
		v[i].day = k == STATUS_EXPIRING ? c->expires.days
			 : k == STATUS_EXPIRED ? -c->expires.days
			 : -c->revoked.date.days;
	}
	qsort(v, l->n, sizeof(*v), cmp_status);
	for (size_t i = 0; i < l->n; i++)
		l->items[i] = v[i].p;
	free(v);
}

static int
cmp_list(const void *x, const void *y)
{
	const struct plan_list *a = x, *b = y;
	return strcmp(a->slug, b->slug);
}

static void
group_products(struct plan *p, struct arena *a)
{
	const struct catalog *c = p->c;
	p->platforms = xcalloc(c->site->n_platforms + 1, sizeof(*p->platforms));
	for (size_t i = 0; i < c->n_products; i++) {
		const struct product *pr = c->products[i];
		list_add(&p->all, pr);
		list_add(&p->stars[pr->stars - 3], pr);
		list_add(&p->groups[pr->group], pr);
		int st = status_list_of(pr, c->as_of_days);
		if (st >= 0)
			list_add(&p->status[st], pr);
		for (size_t k = 0; k < c->site->n_platforms; k++)
			for (size_t s = 0; s < pr->n_shops; s++)
				if (!strcmp(pr->shops[s].platform,
					    c->site->platforms[k].key)) {
					list_add(&p->platforms[k], pr);
					break;
				}
		const struct location *l = &pr->location;
		struct plan_list *pv = list_find(&p->provinces, &p->n_provinces,
						 &p->cap_provinces,
						 fold_slug(a, l->province),
						 l->province);
		list_add(pv, pr);
		/* communes and districts share the children, told apart by
		 * the slug's first letter */
		struct plan_list *cm = list_find(&pv->children, &pv->n_children,
						 &pv->cap_children,
						 arena_printf(a, "c-%s", fold_slug(a, l->commune)),
						 l->commune);
		cm->kind = LIST_COMMUNE;
		list_add(cm, pr);
		if (l->district) {
			struct plan_list *d = list_find(&pv->children,
				&pv->n_children, &pv->cap_children,
				arena_printf(a, "d-%s", fold_slug(a, l->district)),
				l->district);
			d->kind = LIST_DISTRICT;
			list_add(d, pr);
		}
	}
	for (size_t i = 0; i < c->n_producers; i++)
		list_add_producer(&p->types[c->producers[i]->type],
				  c->producers[i]);
	for (int k = 0; k < STATUS_LISTS; k++)
		sort_status_list(&p->status[k], k);
	if (p->n_provinces)     /* qsort(NULL, 0, ...) is undefined */
		qsort(p->provinces, p->n_provinces, sizeof(*p->provinces),
		      cmp_list);
	for (size_t i = 0; i < p->n_provinces; i++) {
		struct plan_list *pv = &p->provinces[i];
		qsort(pv->children, pv->n_children, sizeof(*pv->children),
		      cmp_list);
	}
}

/* ---- decisions --------------------------------------------------- */

static const char *
issuer_of(const struct product *p)
{
	return p->cert.issuer ? p->cert.issuer : "";
}

/* Decision order, then catalog order within one decision. */
static int
cmp_decision(const void *x, const void *y)
{
	const struct product *a = *(const struct product *const *)x;
	const struct product *b = *(const struct product *const *)y;
	int c = strcmp(a->cert.number, b->cert.number);
	if (!c)
		c = strcmp(issuer_of(a), issuer_of(b));
	if (!c) {
		long da = a->cert.issued.days, db = b->cert.issued.days;
		c = (da > db) - (da < db);
	}
	if (!c)
		c = (a->e.index > b->e.index) - (a->e.index < b->e.index);
	return c;
}

static bool
same_decision(const struct product *a, const struct product *b)
{
	return !strcmp(a->cert.number, b->cert.number) &&
	       !strcmp(issuer_of(a), issuer_of(b)) &&
	       a->cert.issued.days == b->cert.issued.days;
}

/* Slugs for the decisions, in decision order: each keeps its folded
 * slug unless an earlier one has it; those get the first free "-k". */
static void
name_decisions(struct plan *p, struct arena *a)
{
	struct strmap taken = STRMAP_INIT;
	bool *twin = xcalloc(p->n_decisions + 1, sizeof(*twin));
	for (size_t i = 0; i < p->n_decisions; i++) {
		struct plan_list *d = &p->decisions[i];
		char iso[11];
		date_iso(&d->cert->issued, iso);
		d->slug = urls_decision_slug(a, d->cert->number, d->cert->issuer,
					     iso);
		twin[i] = !strmap_add(&taken, d->slug, d, NULL);
	}
	for (size_t i = 0; i < p->n_decisions; i++) {
		struct plan_list *d = &p->decisions[i];
		if (!twin[i])
			continue;
		const char *slug;
		size_t k = 2;
		do
			slug = arena_printf(a, "%s-%zu", d->slug, k++);
		while (!strmap_add(&taken, slug, d, NULL));
		d->slug = slug;
	}
	free(twin);
	strmap_release(&taken);
}

static void
group_decisions(struct plan *p, struct arena *a)
{
	const struct catalog *c = p->c;
	const struct product **v = xmalloc(xmul(c->n_products + 1, sizeof(*v)));
	size_t n = 0;
	for (size_t i = 0; i < c->n_products; i++)
		if (c->products[i]->cert.number)
			v[n++] = c->products[i];
	qsort(v, n, sizeof(*v), cmp_decision);
	for (size_t first = 0, end; first < n; first = end) {
		for (end = first + 1; end < n && same_decision(v[first], v[end]);
		     end++)
			;
		if (end - first < 2)
			continue;       /* one product: its own page says it all */
		void *grown = p->decisions;
		xgrow(&grown, &p->cap_decisions, p->n_decisions + 1,
		      sizeof(*p->decisions));
		p->decisions = grown;
		struct plan_list *d = &p->decisions[p->n_decisions++];
		memset(d, 0, sizeof(*d));
		d->kind = LIST_DECISION;
		d->name = v[first]->cert.number;
		d->cert = &v[first]->cert;
		for (size_t i = first; i < end; i++)
			list_add(d, v[i]);
	}
	free(v);
	name_decisions(p, a);
	if (p->n_decisions)     /* qsort(NULL, 0, ...) is undefined */
		qsort(p->decisions, p->n_decisions, sizeof(*p->decisions),
		      cmp_list);
	p->decision_of = xcalloc(c->n_products + 1, sizeof(*p->decision_of));
	for (size_t i = 0; i < p->n_decisions; i++) {
		struct plan_list *d = &p->decisions[i];
		d->url = urls_decision(a, d->slug);
		d->pages = plan_pages(c, d->n);
		for (size_t k = 0; k < d->n; k++)
			p->decision_of[d->items[k]->e.index] = d;
	}
}

const struct plan_list *
plan_decision(const struct plan *p, const struct product *pr)
{
	if (!p || !p->decision_of || pr->e.index >= p->c->n_products ||
	    p->c->products[pr->e.index] != pr)
		return NULL;
	return p->decision_of[pr->e.index];
}

/* Names the lists and sets their URLs and page counts. */
static void
name_lists(struct plan *p, struct arena *a)
{
	const struct catalog *c = p->c;
	p->all.kind = LIST_ALL;
	p->all.url = urls_products();
	for (int s = 0; s < 3; s++) {
		struct plan_list *l = &p->stars[s];
		l->kind = LIST_STARS;
		l->slug = l->name = arena_printf(a, "%d", s + 3);
		l->url = urls_stars(a, s + 3);
	}
	for (int k = 0; k < GROUP_COUNT; k++) {
		struct plan_list *l = &p->groups[k];
		l->kind = LIST_GROUP;
		l->slug = l->name = model_group_slugs[k];
		l->url = urls_group(a, l->slug);
	}
	for (int k = 0; k < STATUS_LISTS; k++) {
		struct plan_list *l = &p->status[k];
		l->kind = LIST_STATUS;
		l->slug = l->name = plan_status_slugs[k];
		l->url = urls_status(a, l->slug);
		l->pages = plan_pages(c, l->n);
	}
	for (int k = 0; k < PRODUCER_TYPE_COUNT; k++) {
		struct plan_list *l = &p->types[k];
		l->kind = LIST_PRODUCER_TYPE;
		l->slug = l->name = model_producer_type_slugs[k];
		l->url = urls_producer_type(a, l->slug);
	}
	for (size_t k = 0; k < c->site->n_platforms; k++) {
		struct plan_list *l = &p->platforms[k];
		l->kind = LIST_PLATFORM;
		l->slug = l->name = c->site->platforms[k].key;
		l->url = urls_platform(a, l->slug);
	}
	for (size_t i = 0; i < p->n_provinces; i++) {
		struct plan_list *pv = &p->provinces[i];
		pv->kind = LIST_PROVINCE;
		pv->url = urls_province(a, pv->name);
		pv->pages = plan_pages(c, pv->n);
		for (size_t k = 0; k < pv->n_children; k++) {
			struct plan_list *ch = &pv->children[k];
			ch->parent = pv;
			ch->url = ch->kind == LIST_COMMUNE
				? urls_commune(a, pv->name, ch->name)
				: urls_district(a, pv->name, ch->name);
			ch->pages = plan_pages(c, ch->n);
		}
	}
	p->all.pages = plan_pages(c, p->all.n);
	for (int s = 0; s < 3; s++)
		p->stars[s].pages = plan_pages(c, p->stars[s].n);
	for (int k = 0; k < GROUP_COUNT; k++)
		p->groups[k].pages = plan_pages(c, p->groups[k].n);
	for (int k = 0; k < PRODUCER_TYPE_COUNT; k++)
		p->types[k].pages = plan_pages(c, p->types[k].n);
	for (size_t k = 0; k < c->site->n_platforms; k++)
		p->platforms[k].pages = plan_pages(c, p->platforms[k].n);
}

/* ---- items ------------------------------------------------------- */

/* A new item of p at path, all else zero. */
static struct plan_item *
push_item(struct plan *p, const char *path)
{
	void *v = p->v;
	xgrow(&v, &p->cap, p->n + 1, sizeof(*p->v));
	p->v = v;
	struct plan_item *it = &p->v[p->n++];
	memset(it, 0, sizeof(*it));
	it->path = path;
	return it;
}

/*
 * Records that source writes path; a second source for one path is a
 * collision.  The same file from one source twice (an image two
 * products share) is planned once.  Returns the new item, or NULL when
 * the path was planned already.
 */
static struct plan_item *
claim(struct planner *pl, const char *path, const char *source)
{
	const char *src = source ? source : "";
	const void *prev;
	if (!strmap_add(pl->claims, path, src, &prev)) {
		if (strcmp(prev, src)) {
			const char *first = prev;
			struct pos at = { src[0] ? src : first[0] ? first : NULL, 0, 0 };
			if (first[0] && src[0])
				diag_error(pl->dl, at, "collision",
					   "\"%s\" would be written twice: from %s and from %s",
					   path, first, src);
			else
				diag_error(pl->dl, at, "collision",
					   "\"%s\" from %s would replace a page the site makes itself",
					   path, first[0] ? first : src);
			diag_hint(pl->dl, "rename one of the two files");
			pl->err = -1;
		}
		return NULL;
	}
	struct plan_item *it = push_item(pl->p, path);
	it->source = source;
	return it;
}

/* A page at url in language lang (prefix: its folder). */
static struct plan_item *
add_page(struct planner *pl, enum plan_kind kind, int lang, const char *prefix,
	 const char *url, const char *source)
{
	const char *path = arena_printf(pl->a, "%s%sindex.html", prefix, url);
	struct plan_item *it = claim(pl, path, source);
	if (it) {
		it->kind = kind;
		it->lang = lang;
		it->url = url;
	}
	return it;
}

static void
add_list(struct planner *pl, int lang, const char *prefix,
	 const struct plan_list *l)
{
	for (size_t pg = 0; pg < l->pages; pg++) {
		struct plan_item *it = add_page(pl, PLAN_LIST, lang, prefix,
			urls_list_page(pl->a, l->url, pg), NULL);
		if (it) {
			it->list = l;
			it->page = pg;
			it->pages = l->pages;
		}
	}
}

static void
add_index(struct planner *pl, enum plan_kind kind, int lang,
	  const char *prefix, const char *url, size_t n)
{
	size_t pages = plan_pages(pl->p->c, n);
	for (size_t pg = 0; pg < pages; pg++) {
		struct plan_item *it = add_page(pl, kind, lang, prefix,
			urls_list_page(pl->a, url, pg), NULL);
		if (it) {
			it->page = pg;
			it->pages = pages;
		}
	}
}

/* The page of entry e, and, for a producer or a point of sale with
 * more products than fit one page, the pages that list the rest. */
static void
add_entry(struct planner *pl, enum plan_kind kind, int lang,
	  const char *prefix, const char *url, const struct entry *e,
	  size_t n_products)
{
	size_t pages = plan_pages(pl->p->c, n_products);
	for (size_t pg = 0; pg < pages; pg++) {
		struct plan_item *it = add_page(pl, kind, lang, prefix,
			urls_list_page(pl->a, url, pg), e->path);
		if (it) {
			it->entry = e;
			it->page = pg;
			it->pages = pages;
		}
	}
}

static void
add_language(struct planner *pl, int lang)
{
	struct plan *p = pl->p;
	const struct catalog *c = p->c;
	struct arena *a = pl->a;
	const char *prefix = urls_lang_prefix(a, c->site->languages[lang], lang);

	add_page(pl, PLAN_HOME, lang, prefix, "", NULL);
	add_list(pl, lang, prefix, &p->all);
	for (int s = 0; s < 3; s++)
		add_list(pl, lang, prefix, &p->stars[s]);
	for (int k = 0; k < GROUP_COUNT; k++)
		if (p->groups[k].n)
			add_list(pl, lang, prefix, &p->groups[k]);
	/* even when empty: the home page's counts link to each */
	for (int k = 0; k < STATUS_LISTS; k++)
		add_list(pl, lang, prefix, &p->status[k]);
	for (int k = 0; k < PRODUCER_TYPE_COUNT; k++)
		if (p->types[k].n)
			add_list(pl, lang, prefix, &p->types[k]);
	for (size_t k = 0; k < c->site->n_platforms; k++)
		if (p->platforms[k].n)
			add_list(pl, lang, prefix, &p->platforms[k]);
	for (size_t i = 0; i < p->n_provinces; i++) {
		const struct plan_list *pv = &p->provinces[i];
		add_list(pl, lang, prefix, pv);
		for (size_t k = 0; k < pv->n_children; k++)
			add_list(pl, lang, prefix, &pv->children[k]);
	}
	for (size_t i = 0; i < p->n_decisions; i++)
		add_list(pl, lang, prefix, &p->decisions[i]);
	add_index(pl, PLAN_PRODUCERS, lang, prefix, urls_producers(),
		  c->n_producers);
	add_index(pl, PLAN_POINTS_OF_SALE, lang, prefix, urls_points_of_sale(),
		  c->n_pos);
	add_page(pl, PLAN_DATA_PAGE, lang, prefix, urls_data_page(), NULL);
	for (size_t i = 0; i < c->n_products; i++)
		add_entry(pl, PLAN_PRODUCT, lang, prefix,
			  urls_product(a, c->products[i]->e.slug),
			  &c->products[i]->e, 0);
	for (size_t i = 0; i < c->n_producers; i++)
		add_entry(pl, PLAN_PRODUCER, lang, prefix,
			  urls_producer(a, c->producers[i]->e.slug),
			  &c->producers[i]->e, c->producers[i]->n_products);
	for (size_t i = 0; i < c->n_pos; i++)
		add_entry(pl, PLAN_POS, lang, prefix,
			  urls_pos(a, c->pos[i]->e.slug), &c->pos[i]->e,
			  c->pos[i]->n_products);
	for (size_t i = 0; i < c->n_pages; i++) {
		const char *slug = c->pages[i]->e.slug;
		if (urls_is_reserved(slug) || site_lang_index(c->site, slug) >= 0)
			continue;       /* said once, by plan_check_pages() */
		add_entry(pl, PLAN_PAGE, lang, prefix, urls_page(a, slug),
			  &c->pages[i]->e, 0);
	}
	struct plan_item *nf = claim(pl, arena_printf(a, "%s404.html", prefix),
				     NULL);
	if (nf) {
		nf->kind = PLAN_NOT_FOUND;
		nf->lang = lang;
	}
}

static struct plan_item *
add_file(struct planner *pl, const char *path, const char *source,
	 struct span data)
{
	struct plan_item *it = claim(pl, path, source);
	if (it) {
		it->kind = PLAN_FILE;
		it->data = data;
	}
	return it;
}

/* One picture: a drawing as it is, a photo as its sizes, each claimed
 * by the photo's file so that two photos whose sizes would share a name
 * (cover.jpg and cover.png) are a collision. */
static void
add_image(void *ctx, const struct image *im)
{
	struct planner *pl = ctx;
	const char *src = arena_printf(pl->a, "content/%s", im->out_path);
	if (im->is_svg) {
		add_file(pl, im->out_path, src, im->data);
		return;
	}
	const struct photo *ph = pl->p->photos
		? photos_find(pl->p->photos, im->out_path) : NULL;
	for (size_t z = 0; ph && z < ph->n_sizes; z++) {
		const struct photo_size *sz = &ph->sizes[z];
		struct plan_item *webp = add_file(pl, sz->webp_path, src, sz->webp);
		struct plan_item *jpeg = add_file(pl, sz->jpeg_path, src, sz->jpeg);
		if (sz->file && webp) {
			webp->data_file = sz->file;
			webp->data_at = sz->webp_at;
		}
		if (sz->file && jpeg) {
			jpeg->data_file = sz->file;
			jpeg->data_at = sz->jpeg_at;
		}
	}
}

static void
add_data(struct planner *pl, enum plan_data kind, const char *path,
	 const struct entry *e)
{
	struct plan_item *it = claim(pl, path, e ? e->path : NULL);
	if (it) {
		it->kind = PLAN_DATA;
		it->data_kind = kind;
		it->entry = e;
	}
}

/* The open data (render/data.h): the same files in every language. */
static void
add_open_data(struct planner *pl)
{
	static const struct { enum plan_data kind; const char *name; } whole[] = {
		{ DATA_CATALOG_JSON, "catalog.json" },
		{ DATA_CATALOG_SCHEMA, "catalog.schema.json" },
		{ DATA_PRODUCT_SCHEMA, "product.schema.json" },
		{ DATA_PRODUCTS_CSV, "products.csv" },
		{ DATA_PRODUCERS_CSV, "producers.csv" },
		{ DATA_POS_CSV, "points-of-sale.csv" },
		{ DATA_PRODUCTS_GEOJSON, "products.geojson" },
		{ DATA_POS_GEOJSON, "points-of-sale.geojson" },
	};
	const struct catalog *c = pl->p->c;
	for (size_t i = 0; i < sizeof(whole) / sizeof(whole[0]); i++)
		add_data(pl, whole[i].kind, urls_data(pl->a, whole[i].name), NULL);
	for (size_t i = 0; i < c->n_products; i++)
		add_data(pl, DATA_PRODUCT_JSON,
			 urls_product_data(pl->a, c->products[i]->e.slug),
			 &c->products[i]->e);
}

/*
 * The label pages, in the default language only: they are printed for
 * shelves in Vietnam, and the QR code they carry opens the product's
 * page, which has the language switch.  A point of sale that sells no
 * product has no sheet of shelf tags.
 */
static void
add_labels(struct planner *pl)
{
	const struct catalog *c = pl->p->c;
	for (size_t i = 0; i < c->n_products; i++) {
		const struct entry *e = &c->products[i]->e;
		struct plan_item *it = add_page(pl, PLAN_LABEL, 0, "",
			urls_product_label(pl->a, e->slug), e->path);
		if (it) {
			it->entry = e;
			it->pages = 1;
		}
	}
	for (size_t i = 0; i < c->n_pos; i++) {
		const struct entry *e = &c->pos[i]->e;
		if (!c->pos[i]->n_products)
			continue;
		struct plan_item *it = add_page(pl, PLAN_POS_LABELS, 0, "",
			urls_pos_labels(pl->a, e->slug), e->path);
		if (it) {
			it->entry = e;
			it->pages = 1;
		}
	}
}

/* The QR code of each product's page (render/qr.h). */
static void
add_qr_codes(struct planner *pl)
{
	const struct catalog *c = pl->p->c;
	for (size_t i = 0; i < c->n_products; i++) {
		const struct entry *e = &c->products[i]->e;
		struct plan_item *it = claim(pl, urls_product_qr(pl->a, e->slug),
					     e->path);
		if (it) {
			it->kind = PLAN_QR;
			it->entry = e;
		}
	}
}

bool
plan_list_embeddable(const struct plan_list *l)
{
	return l->kind != LIST_PRODUCER_TYPE;
}

/* The data of the view of list l, or of entry e when l is NULL. */
static void
add_embed_data(struct planner *pl, const struct plan_list *l,
	       const struct entry *e, const char *url)
{
	struct plan_item *it = claim(pl, urls_embed_data(pl->a, url),
				     e ? e->path : NULL);
	if (it) {
		it->kind = PLAN_EMBED_DATA;
		it->list = l;
		it->entry = e;
	}
}

/* The oEmbed response of the page of l or e, at url in language lang. */
static void
add_oembed(struct planner *pl, int lang, const char *prefix,
	   const struct plan_list *l, const struct entry *e, const char *url)
{
	struct plan_item *it = claim(pl, arena_printf(pl->a, "%s%s", prefix,
				     urls_oembed(pl->a, url)), e ? e->path : NULL);
	if (it) {
		it->kind = PLAN_OEMBED;
		it->lang = lang;
		it->list = l;
		it->entry = e;
	}
}

/* Calls fn for every list of products that has a view to embed. */
static void
each_embeddable_list(struct planner *pl, int lang, const char *prefix,
		     void (*fn)(struct planner *, int, const char *,
				const struct plan_list *))
{
	struct plan *p = pl->p;
	fn(pl, lang, prefix, &p->all);
	for (int s = 0; s < 3; s++)
		fn(pl, lang, prefix, &p->stars[s]);
	for (int k = 0; k < GROUP_COUNT; k++)
		if (p->groups[k].n)
			fn(pl, lang, prefix, &p->groups[k]);
	for (size_t k = 0; k < p->c->site->n_platforms; k++)
		if (p->platforms[k].n)
			fn(pl, lang, prefix, &p->platforms[k]);
	for (size_t i = 0; i < p->n_provinces; i++) {
		const struct plan_list *pv = &p->provinces[i];
		fn(pl, lang, prefix, pv);
		for (size_t k = 0; k < pv->n_children; k++)
			fn(pl, lang, prefix, &pv->children[k]);
	}
	for (size_t i = 0; i < p->n_decisions; i++)
		fn(pl, lang, prefix, &p->decisions[i]);
}

static void
list_data(struct planner *pl, int lang, const char *prefix,
	  const struct plan_list *l)
{
	(void)lang;
	(void)prefix;
	add_embed_data(pl, l, NULL, l->url);
}

static void
list_oembed(struct planner *pl, int lang, const char *prefix,
	    const struct plan_list *l)
{
	add_oembed(pl, lang, prefix, l, NULL, l->url);
}

/*
 * The embeds (render/embed.h): the viewer in every language, the
 * script host pages load, and the data of every view, which is the
 * same in every language.  An oEmbed response holds absolute URLs,
 * which only base_url gives: without it there are none.
 */
static void
add_embeds(struct planner *pl)
{
	struct plan *p = pl->p;
	const struct catalog *c = p->c;
	struct arena *a = pl->a;
	bool absolute = c->site->base_url[0] != '/';
	for (size_t lang = 0; lang < c->site->n_languages; lang++) {
		const char *prefix = urls_lang_prefix(a, c->site->languages[lang],
						      (int)lang);
		struct plan_item *it = add_page(pl, PLAN_EMBED_PAGE, (int)lang,
						prefix, urls_embed_page(), NULL);
		if (it)
			it->pages = 1;
		if (!absolute)
			continue;
		each_embeddable_list(pl, (int)lang, prefix, list_oembed);
		for (size_t i = 0; i < c->n_products; i++)
			add_oembed(pl, (int)lang, prefix, NULL,
				   &c->products[i]->e,
				   urls_product(a, c->products[i]->e.slug));
		for (size_t i = 0; i < c->n_producers; i++)
			add_oembed(pl, (int)lang, prefix, NULL,
				   &c->producers[i]->e,
				   urls_producer(a, c->producers[i]->e.slug));
		for (size_t i = 0; i < c->n_pos; i++)
			add_oembed(pl, (int)lang, prefix, NULL, &c->pos[i]->e,
				   urls_pos(a, c->pos[i]->e.slug));
	}
	struct plan_item *js = claim(pl, urls_embed_script(), NULL);
	if (js)
		js->kind = PLAN_EMBED_SCRIPT;
	each_embeddable_list(pl, 0, "", list_data);
	for (size_t i = 0; i < c->n_producers; i++)
		add_embed_data(pl, NULL, &c->producers[i]->e,
			       urls_producer(a, c->producers[i]->e.slug));
	for (size_t i = 0; i < c->n_pos; i++)
		add_embed_data(pl, NULL, &c->pos[i]->e,
			       urls_pos(a, c->pos[i]->e.slug));
}

/* Search (search.h): the page in every language; the index, the same
 * in every language. */
static void
add_search(struct planner *pl)
{
	const struct catalog *c = pl->p->c;
	const struct search_index *ix = &pl->p->search;
	struct arena *a = pl->a;
	for (size_t lang = 0; lang < c->site->n_languages; lang++) {
		struct plan_item *it = add_page(pl, PLAN_SEARCH_PAGE, (int)lang,
			urls_lang_prefix(a, c->site->languages[lang], (int)lang),
			urls_search_page(), NULL);
		if (it)
			it->pages = 1;
	}
	struct plan_item *meta = claim(pl, urls_search_file(a, "meta.json"), NULL);
	if (meta)
		meta->kind = PLAN_SEARCH_META;
	for (size_t i = 0; i < ix->n_chunks; i++) {
		struct plan_item *it = claim(pl, urls_search_file(a,
			arena_printf(a, "t/%s.json", ix->chunks[i].name)), NULL);
		if (it) {
			it->kind = PLAN_SEARCH_TOKENS;
			it->page = i;
		}
	}
	/* a file of documents for each SEARCH_DOC_CHUNK numbers that any
	 * document has */
	for (size_t k = 0; k < ix->n_docs; k++) {
		size_t file = ix->doc_of[ix->by_doc[k]] / SEARCH_DOC_CHUNK;
		if (k && ix->doc_of[ix->by_doc[k - 1]] / SEARCH_DOC_CHUNK == file)
			continue;
		struct plan_item *it = claim(pl, urls_search_file(a,
			arena_printf(a, "d/%zu.json", file)), NULL);
		if (it) {
			it->kind = PLAN_SEARCH_DOCS;
			it->page = file;
		}
	}
	struct plan_item *facets = claim(pl, urls_search_file(a, "facets.json"),
					 NULL);
	if (facets)
		facets->kind = PLAN_SEARCH_FACETS;
	for (size_t i = 0; i < pl->p->n_provinces; i++) {
		const struct plan_list *pv = &pl->p->provinces[i];
		struct plan_item *it = claim(pl, urls_search_file(a,
			arena_printf(a, "communes/%s.json", pv->slug)), NULL);
		if (it) {
			it->kind = PLAN_SEARCH_COMMUNES;
			it->list = pv;
		}
	}
}

/* The certificate lookup (verify.h): its pages in every language, the
 * list's rows over as many pages as they need; its shards of keys, the
 * same in every language, every one of them, so that a lookup never
 * meets a missing file. */
static void
add_verify(struct planner *pl)
{
	const struct catalog *c = pl->p->c;
	const struct verify_index *vx = &pl->p->verify;
	struct arena *a = pl->a;
	size_t pages = verify_pages(vx, c);
	for (size_t lang = 0; lang < c->site->n_languages; lang++) {
		const char *prefix = urls_lang_prefix(a, c->site->languages[lang],
						      (int)lang);
		for (size_t pg = 0; pg < pages; pg++) {
			struct plan_item *it = add_page(pl, PLAN_VERIFY_PAGE,
				(int)lang, prefix,
				urls_list_page(a, urls_verify_page(), pg), NULL);
			if (it) {
				it->page = pg;
				it->pages = pages;
			}
		}
	}
	for (size_t i = 0; i < vx->n_shards; i++) {
		struct plan_item *it = claim(pl, urls_verify_keys(a, i), NULL);
		if (it) {
			it->kind = PLAN_VERIFY_KEYS;
			it->page = i;
		}
	}
}

/* The lookup's first page is a service people look for; the rest of
 * its list repeats the product pages, which the sitemap has. */
const char *
plan_kind_name(enum plan_kind k)
{
	static const char *const names[PLAN_KINDS] = {
		[PLAN_HOME] = "home", [PLAN_LIST] = "list",
		[PLAN_PRODUCERS] = "producers", [PLAN_POINTS_OF_SALE] = "points-of-sale",
		[PLAN_PRODUCT] = "product", [PLAN_PRODUCER] = "producer",
		[PLAN_POS] = "point-of-sale", [PLAN_PAGE] = "page",
		[PLAN_NOT_FOUND] = "404", [PLAN_FILE] = "file",
		[PLAN_SITEMAP] = "sitemap", [PLAN_SITEMAP_INDEX] = "sitemap-index",
		[PLAN_ROBOTS] = "robots", [PLAN_DATA] = "data",
		[PLAN_DATA_PAGE] = "data-page", [PLAN_QR] = "qr",
		[PLAN_LABEL] = "label", [PLAN_HISTORY] = "history",
		[PLAN_POS_LABELS] = "pos-labels", [PLAN_EMBED_PAGE] = "embed-page",
		[PLAN_EMBED_SCRIPT] = "embed-script", [PLAN_EMBED_DATA] = "embed-data",
		[PLAN_OEMBED] = "oembed", [PLAN_SEARCH_PAGE] = "search-page",
		[PLAN_SEARCH_META] = "search-meta", [PLAN_SEARCH_SCRIPT] = "search-script",
		[PLAN_SEARCH_TOKENS] = "search-tokens", [PLAN_SEARCH_DOCS] = "search-docs",
		[PLAN_SEARCH_FACETS] = "search-facets",
		[PLAN_SEARCH_COMMUNES] = "search-communes",
		[PLAN_REDIRECT] = "redirect", [PLAN_TOMBSTONE] = "tombstone",
		[PLAN_CHANGES] = "changes", [PLAN_CHANGES_FEED] = "changes-feed",
		[PLAN_VERSIONS] = "versions", [PLAN_VERIFY_PAGE] = "verify-page",
		[PLAN_VERIFY_KEYS] = "verify-keys",
	};
	return (unsigned)k < PLAN_KINDS && names[k] ? names[k] : "?";
}

bool
plan_in_sitemap(const struct plan_item *it)
{
	return it->url && it->kind != PLAN_LABEL &&
	       it->kind != PLAN_POS_LABELS && it->kind != PLAN_EMBED_PAGE &&
	       it->kind != PLAN_SEARCH_PAGE && it->kind != PLAN_REDIRECT &&
	       it->kind != PLAN_TOMBSTONE &&
	       !(it->kind == PLAN_HISTORY && it->link) &&
	       (it->kind != PLAN_VERIFY_PAGE || it->page == 0);
}

static void
add_sitemaps(struct planner *pl)
{
	struct plan *p = pl->p;
	size_t urls = 0;
	for (size_t i = 0; i < p->n; i++)
		urls += plan_in_sitemap(&p->v[i]);
	size_t parts = urls ? (urls + p->sitemap_limit - 1) / p->sitemap_limit : 1;
	if (parts > 1) {
		struct plan_item *ix = claim(pl, "sitemap.xml", NULL);
		if (ix) {
			ix->kind = PLAN_SITEMAP_INDEX;
			ix->pages = parts;
		}
	}
	for (size_t k = 0; k < parts; k++) {
		const char *path = parts > 1
			? arena_printf(pl->a, "sitemap-%zu.xml", k + 1)
			: "sitemap.xml";
		struct plan_item *it = claim(pl, path, NULL);
		if (it) {
			it->kind = PLAN_SITEMAP;
			it->page = k;
			it->pages = parts;
		}
	}
	struct plan_item *r = claim(pl, "robots.txt", NULL);
	if (r)
		r->kind = PLAN_ROBOTS;
}

/* A file of the plan that sits where another one needs a folder
 * ("a/b" and "a/b/index.html"), said once per such file. */
static void
check_folders(struct planner *pl)
{
	struct strmap said = STRMAP_INIT;
	/* each folder is looked up in a scratch copy: keeping a copy of
	 * every folder of 200,000 paths cost tens of megabytes */
	struct sbuf dir = SBUF_INIT;
	for (size_t i = 0; i < pl->p->n; i++) {
		const struct plan_item *it = &pl->p->v[i];
		const char *path = it->path;
		for (const char *s = strchr(path, '/'); s; s = strchr(s + 1, '/')) {
			sbuf_reset(&dir);
			sbuf_put(&dir, path, (size_t)(s - path));
			const char *file_src = strmap_get(pl->claims, dir.data);
			if (!file_src || strmap_get(&said, dir.data))
				continue;
			const char *kept = arena_strdup(pl->a, dir.data);
			strmap_add(&said, kept, kept, NULL);
			const char *src = it->source ? it->source : "";
			if (file_src[0])
				diag_error(pl->dl, (struct pos){ file_src, 0, 0 },
					   "collision",
					   "\"%s\" from %s is a file where the site needs the folder of \"%s\"",
					   kept, file_src, path);
			else
				diag_error(pl->dl, (struct pos){ src[0] ? src : NULL, 0, 0 },
					   "collision",
					   "\"%s\" from %s needs a folder where the site makes the file \"%s\"",
					   path, src, kept);
			diag_hint(pl->dl, "rename one of the two files");
			pl->err = -1;
		}
	}
	strmap_release(&said);
	sbuf_release(&dir);
}

int
plan_check_pages(const struct catalog *c, struct diag_list *dl)
{
	int err = 0;
	for (size_t i = 0; i < c->n_pages; i++) {
		const char *slug = c->pages[i]->e.slug;
		if (site_lang_index(c->site, slug) < 0 && !urls_is_reserved(slug))
			continue;
		err = diag_error(dl, (struct pos){ c->pages[i]->e.path, 0, 0 },
				 "slug",
				 "page slug \"%s\" is taken by the site's own pages: rename the file",
				 slug);
		diag_hint(dl, "choose another name, such as trang-%s.md", slug);
	}
	return err;
}

const struct timeline *
plan_timeline(const struct plan *p, const struct entry *e)
{
	const struct catalog *c = p->c;
	if (!p->timelines)
		return NULL;
	size_t i = e->index;
	switch (e->kind) {
	case ENTRY_PRODUCT:
		break;
	case ENTRY_PRODUCER:
		i += c->n_products;
		break;
	case ENTRY_POS:
		i += c->n_products + c->n_producers;
		break;
	default:
		return NULL;
	}
	return p->timelines[i].n ? &p->timelines[i] : NULL;
}

/* The history page of entry e in language lang (prefix), when it has
 * one. */
static void
add_entry_history(struct planner *pl, const struct entry *e, size_t lang,
		  const char *prefix)
{
	if (!plan_timeline(pl->p, e))
		return;
	struct plan_item *it = add_page(pl, PLAN_HISTORY, (int)lang, prefix,
		urls_entry_history(pl->a, e->kind, e->slug), e->path);
	if (it) {
		it->entry = e;
		it->pages = 1;
	}
}

/* Each product's, producer's and point of sale's history page, in
 * every language, when it has one. */
static void
add_history(struct planner *pl)
{
	const struct catalog *c = pl->p->c;
	for (size_t lang = 0; pl->p->timelines && lang < c->site->n_languages; lang++) {
		const char *prefix = urls_lang_prefix(pl->a, c->site->languages[lang],
						      (int)lang);
		for (size_t i = 0; i < c->n_products; i++)
			add_entry_history(pl, &c->products[i]->e, lang, prefix);
		for (size_t i = 0; i < c->n_producers; i++)
			add_entry_history(pl, &c->producers[i]->e, lang, prefix);
		for (size_t i = 0; i < c->n_pos; i++)
			add_entry_history(pl, &c->pos[i]->e, lang, prefix);
	}
}

/* The changelog's pages and feed, in every language (docs/history.md). */
static void
add_changes(struct planner *pl)
{
	const struct catalog *c = pl->p->c;
	const struct changelog *ch = pl->p->changes;
	if (!ch)
		return;
	bool absolute = c->site->base_url[0] != '/';
	size_t pages = plan_pages(c, ch->n);
	for (size_t lang = 0; lang < c->site->n_languages; lang++) {
		const char *prefix = urls_lang_prefix(pl->a, c->site->languages[lang],
						      (int)lang);
		for (size_t pg = 0; pg < pages; pg++) {
			struct plan_item *it = add_page(pl, PLAN_CHANGES, (int)lang,
				prefix, urls_list_page(pl->a, urls_changes(), pg), NULL);
			if (it) {
				it->page = pg;
				it->pages = pages;
			}
		}
		if (!absolute)
			continue;
		struct plan_item *it = claim(pl, arena_printf(pl->a, "%s%s", prefix,
					     urls_changes_feed()), NULL);
		if (it) {
			it->kind = PLAN_CHANGES_FEED;
			it->lang = (int)lang;
			it->pages = pages;
		}
	}
	if (!absolute) {
		diag_warning(pl->dl, (struct pos){ "site.yaml", 0, 0 }, "base-url",
			     "base_url is not set: the changelog has no Atom feed (changes.atom), whose links must be whole addresses");
		diag_hint(pl->dl, "write the address the site is published at, as in https://ocop.hatinh.gov.vn/");
	}
}

/* The versions' pages, in every language, when there are tags
 * (docs/history.md). */
static void
add_versions(struct planner *pl)
{
	const struct catalog *c = pl->p->c;
	const struct changelog *ch = pl->p->changes;
	if (!ch || !ch->n_versions)
		return;
	size_t pages = plan_pages(c, ch->n_versions);
	for (size_t lang = 0; lang < c->site->n_languages; lang++) {
		const char *prefix = urls_lang_prefix(pl->a, c->site->languages[lang],
						      (int)lang);
		for (size_t pg = 0; pg < pages; pg++) {
			struct plan_item *it = add_page(pl, PLAN_VERSIONS, (int)lang,
				prefix, urls_list_page(pl->a, urls_versions(), pg), NULL);
			if (it) {
				it->page = pg;
				it->pages = pages;
			}
		}
	}
}

int
plan_build(struct plan *p, const struct catalog *c,
	   const struct plan_file *files, size_t n_files,
	   const struct search_names *names,
	   const struct timeline *timelines,
	   const struct changelog *changes,
	   const struct photos *photos, const struct plan_knobs *knobs,
	   unsigned jobs, struct arena *a, struct diag_list *dl)
{
	static const struct plan_knobs none;
	if (!knobs)
		knobs = &none;
	memset(p, 0, sizeof(*p));
	p->c = c;
	p->photos = photos;
	p->timelines = timelines;
	p->changes = changes;
	p->sitemap_limit = knobs->sitemap_limit ? knobs->sitemap_limit
						 : PLAN_SITEMAP_LIMIT;
	p->paths = (struct strmap)STRMAP_INIT;
	/* about thirteen files an entry in two languages (its page, the
	 * history, the embeds', the open data's...): a map made at its
	 * size is not hashed again 18 times while it grows */
	strmap_reserve(&p->paths, 8 * (c->n_products + c->n_producers +
				       c->n_pos) * c->site->n_languages);
	struct planner pl = { .p = p, .a = a, .dl = dl, .claims = &p->paths };
	if (plan_check_pages(c, dl) < 0)
		pl.err = -1;
	group_products(p, a);
	name_lists(p, a);
	group_decisions(p, a);
	if (c->site->search)
		search_build(&p->search, c, names, 0, jobs, a);
	verify_build(&p->verify, c, a);
	for (size_t lang = 0; lang < c->site->n_languages; lang++)
		add_language(&pl, (int)lang);
	if (!(knobs->leave_out & PLAN_PART_LABELS))
		add_labels(&pl);
	for (size_t i = 0; i < n_files; i++) {
		struct plan_item *it = add_file(&pl, files[i].path,
						files[i].source, files[i].data);
		if (it && c->site->search &&
		    !strcmp(files[i].path, urls_search_script()))
			it->kind = PLAN_SEARCH_SCRIPT;
	}
	catalog_each_image(c, add_image, &pl);
	if (!(knobs->leave_out & PLAN_PART_LABELS))
		add_qr_codes(&pl);
	if (!(knobs->leave_out & PLAN_PART_DATA))
		add_open_data(&pl);
	if (!(knobs->leave_out & PLAN_PART_EMBEDS))
		add_embeds(&pl);
	if (c->site->search)
		add_search(&pl);
	add_verify(&pl);
	add_history(&pl);
	add_changes(&pl);
	add_versions(&pl);
	add_sitemaps(&pl);
	check_folders(&pl);
	return pl.err;
}

static void
lists_free(struct plan_list *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].items);
		lists_free(v[i].children, v[i].n_children);
	}
	free(v);
}

void
plan_release(struct plan *p)
{
	if (!p->c)
		return;
	free(p->all.items);
	for (int i = 0; i < 3; i++)
		free(p->stars[i].items);
	for (int i = 0; i < STATUS_LISTS; i++)
		free(p->status[i].items);
	for (int i = 0; i < GROUP_COUNT; i++)
		free(p->groups[i].items);
	for (int i = 0; i < PRODUCER_TYPE_COUNT; i++)
		free(p->types[i].producers);
	lists_free(p->platforms, p->c->site->n_platforms);
	lists_free(p->provinces, p->n_provinces);
	lists_free(p->decisions, p->n_decisions);
	free(p->decision_of);
	search_release(&p->search);
	verify_release(&p->verify);
	strmap_release(&p->paths);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

static const struct plan_list *
find_list(const struct plan_list *v, size_t n, const char *slug)
{
	struct plan_list key = { .slug = slug };
	return bsearch(&key, v, n, sizeof(*v), cmp_list);
}

const struct plan_list *
plan_place(const struct plan *p, struct arena *a, const char *province,
	   char kind, const char *name)
{
	if (!province)
		return NULL;
	const struct plan_list *pv = find_list(p->provinces, p->n_provinces,
					       fold_slug(a, province));
	if (!pv || !kind)
		return pv;
	if (!name)
		return NULL;
	return find_list(pv->children, pv->n_children,
			 arena_printf(a, "%c-%s", kind, fold_slug(a, name)));
}

/* ---- old URLs (model/links.h) ------------------------------------ */

/* Whether path is free in the plan: neither planned nor below a file
 * the plan has (paths holds every path planned). */
static bool
path_free(const struct strmap *paths, const char *path, struct sbuf *dir)
{
	if (strmap_has(paths, path))
		return false;
	for (const char *s = strchr(path, '/'); s; s = strchr(s + 1, '/')) {
		sbuf_reset(dir);
		sbuf_put(dir, path, (size_t)(s - path));
		if (strmap_has(paths, dir->data))
			return false;
	}
	return true;
}

static void
add_link(struct plan *p, struct strmap *paths, struct sbuf *dir,
	 enum plan_kind kind, int lang, const char *url, size_t page,
	 const struct link *l, struct arena *a)
{
	const char *prefix = urls_lang_prefix(a, p->c->site->languages[lang], lang);
	const char *path = arena_printf(a, "%s%sindex.html", prefix, url);
	if (!path_free(paths, path, dir))
		return;
	struct plan_item *it = push_item(p, path);
	it->url = url;
	it->kind = kind;
	it->lang = lang;
	it->link = l;
	it->page = page;
	it->pages = 1;
	strmap_add(paths, path, "", NULL);
}

void
plan_add_links(struct plan *p, const struct links *links, struct arena *a)
{
	struct sbuf dir = SBUF_INIT;
	for (size_t lang = 0; links && lang < p->c->site->n_languages; lang++) {
		for (size_t i = 0; i < links->n; i++) {
			const struct link *l = &links->v[i];
			enum plan_kind kind = l->kind == LINK_REDIRECT
					      ? PLAN_REDIRECT : PLAN_TOMBSTONE;
			add_link(p, &p->paths, &dir, kind, (int)lang,
				 urls_entry(a, l->entry, l->slug), 0, l, a);
			/* a product's history page, which a product that
			 * is still published has under its new slug */
			if (l->kind == LINK_REDIRECT && l->entry == ENTRY_PRODUCT &&
			    l->to->kind == ENTRY_PRODUCT && plan_timeline(p, l->to))
				add_link(p, &p->paths, &dir, PLAN_REDIRECT, (int)lang,
					 urls_product_history(a, l->slug), 1, l, a);
			/* and a removed product keeps its history page */
			if (l->kind == LINK_TOMBSTONE && l->timeline && l->timeline->n)
				add_link(p, &p->paths, &dir, PLAN_HISTORY, (int)lang,
					 urls_product_history(a, l->slug), 0, l, a);
		}
	}
	sbuf_release(&dir);
	/* the plan is whole: its paths are not needed any more, and its
	 * items take no more room than they fill (twice as many were
	 * allocated as it grew: 30 MB at 20,000 products) */
	strmap_release(&p->paths);
	if (p->n) {
		void *v = xrealloc(p->v, p->n * sizeof(*p->v));
		p->v = v;
		p->cap = p->n;
	}
}
