/*
 * Page paths are relative to the language home and end in '/' (a folder
 * with index.html), except 404.html.  The view data of every page is
 * built in a scratch arena released after the page is written, so memory
 * stays flat however many pages a catalog has; product cards, which
 * every list shares, live in the per-language arena.
 */
#include "pages.h"

#include <stdlib.h>
#include <string.h>

#include "view.h"
#include "../model/date.h"
#include "../model/site.h"
#include "../parse/url.h"
#include "../util/fold.h"
#include "../util/sbuf.h"
#include "../util/strmap.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

/* Top-level folders ocop writes; a free page may not take these names. */
static const char *const reserved[] = {
	"products", "producers", "points-of-sale", "stars", "groups",
	"provinces", "producer-types", "platforms", "assets", "page", NULL
};

struct gen {
	const struct catalog *c;
	const struct theme *th;
	const struct source_set *src;
	const struct build_info *info;
	const struct page_sink *sink;
	struct diag_list *dl;
	struct arena *a;          /* per language: cards */
	struct arena scratch;     /* per page */
	struct view v;            /* cards, in *a */
	int lang;
	const char *prefix;       /* "" or "en/" */
	struct val *build;
	struct sbuf html;
	struct sbuf sitemap;
	int err;
	/* planning: paths only, nothing rendered or written */
	bool plan;
	struct strmap claims;     /* output path → source file, or "" for a
				     page the site makes itself */
	const char *source;       /* what the pages emitted now come from */
};

/*
 * Records that source (a file of the catalog or theme; NULL for the
 * site's own pages) writes path.  The same file may be claimed twice
 * from one source (an image two products share); from two sources it is
 * a collision: one would silently replace the other.
 */
static void
claim(struct gen *g, const char *path, const char *source)
{
	const char *key = arena_strdup(g->a, path);
	const char *src = source ? source : "";
	const void *prev;
	if (strmap_add(&g->claims, key, src, &prev) || !strcmp(prev, src))
		return;
	const char *first = prev;
	struct pos at = { src[0] ? src : first[0] ? first : NULL, 0, 0 };
	if (first[0] && src[0])
		diag_error(g->dl, at, "collision",
			   "\"%s\" would be written twice: from %s and from %s",
			   path, first, src);
	else
		diag_error(g->dl, at, "collision",
			   "\"%s\" from %s would replace a page the site makes itself",
			   path, first[0] ? first : src);
	diag_hint(g->dl, "rename one of the two files");
	g->err = -1;
}

/* A file of the plan that sits where another one needs a folder
 * ("a/b" and "a/b/index.html"), said once per such file. */
static void
check_folders(struct gen *g)
{
	struct strmap said = STRMAP_INIT;
	for (size_t i = 0; i < g->claims.cap; i++) {
		const char *path = g->claims.v[i].key;
		if (!path)
			continue;
		for (const char *p = strchr(path, '/'); p; p = strchr(p + 1, '/')) {
			const char *dir = arena_strndup(g->a, path, (size_t)(p - path));
			const char *file_src = strmap_get(&g->claims, dir);
			if (!file_src || !strmap_add(&said, dir, dir, NULL))
				continue;
			const char *src = g->claims.v[i].value;
			if (file_src[0])
				diag_error(g->dl, (struct pos){ file_src, 0, 0 },
					   "collision",
					   "\"%s\" from %s is a file where the site needs the folder of \"%s\"",
					   dir, file_src, path);
			else
				diag_error(g->dl, (struct pos){ src[0] ? src : NULL, 0, 0 },
					   "collision",
					   "\"%s\" from %s needs a folder where the site makes the file \"%s\"",
					   path, src, dir);
			diag_hint(g->dl, "rename one of the two files");
			g->err = -1;
		}
	}
	strmap_release(&said);
}

static int
emit_file(struct gen *g, const char *path, const void *data, size_t len)
{
	if (g->plan) {
		claim(g, path, g->source);
		return g->err;
	}
	return g->sink->write(g->sink->payload, path, data, len);
}

/* A set of products sharing a key: a star count, a province, a commune. */
struct bucket {
	const char *slug, *name, *url;
	const struct product **items;
	size_t n, cap;
	struct bucket *children;   /* communes / districts of a province */
	size_t n_children, cap_children;
};

static void
bucket_add(struct bucket *b, const struct product *p)
{
	void *v = b->items;
	xgrow(&v, &b->cap, b->n + 1, sizeof(*b->items));
	b->items = v;
	b->items[b->n++] = p;
}

/* The bucket with this slug in *v, appended when new. */
static struct bucket *
bucket_find(struct bucket **v, size_t *n, size_t *cap, const char *slug,
	    const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i].slug, slug))
			return &(*v)[i];
	void *p = *v;
	xgrow(&p, cap, *n + 1, sizeof(**v));
	*v = p;
	struct bucket *b = &(*v)[(*n)++];
	memset(b, 0, sizeof(*b));
	b->slug = slug;
	b->name = name;
	return b;
}

static void
buckets_free(struct bucket *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].items);
		buckets_free(v[i].children, v[i].n_children);
	}
	free(v);
}

static int
cmp_bucket(const void *x, const void *y)
{
	const struct bucket *a = x, *b = y;
	return strcmp(a->slug, b->slug);
}

static const char *
rel_root(struct arena *a, const char *full)
{
	size_t depth = 0;
	for (const char *p = full; *p; p++)
		depth += *p == '/';
	if (!depth)
		return "./";
	char *r = arena_alloc(a, depth * 3 + 1);
	for (size_t i = 0; i < depth; i++)
		memcpy(r + i * 3, "../", 3);
	return r;
}

/* The path part of base_url, parsed: "https://x.gov.vn/ocop/" →
 * "/ocop/"; "/" when base_url is the default "/". */
static const char *
url_path(struct arena *a, const char *url)
{
	struct url u;
	if (url_parse(&u, url, URL_HTTP | URL_HTTPS, a) != URL_OK)
		return "/";
	return u.path;
}

static const char *
lang_prefix(struct arena *a, const struct site *s, int lang)
{
	return lang ? arena_printf(a, "%s/", s->languages[lang]) : "";
}

static struct val *
site_val(struct gen *g, struct arena *a, const char *path, const char *root)
{
	const struct site *s = g->c->site;
	struct val *m = val_map(a);
	val_set_str(a, m, "title", s->titles[g->lang]);
	val_set_str(a, m, "base_url", s->base_url);
	val_set_str(a, m, "language", s->language);
	val_set_str(a, m, "province", s->province);
	val_set_bool(a, m, "multilingual", s->n_languages > 1);
	struct val *langs = val_list(a);
	for (size_t k = 0; k < s->n_languages; k++) {
		struct val *l = val_map(a);
		const char *code = s->languages[k];
		val_set_str(a, l, "code", code);
		const char *key = arena_printf(a, "languages.%s", code);
		const char *name = theme_string(g->th, g->lang, key);
		/* a language the theme has no name for shows its code */
		val_set_str(a, l, "name", name == key ? code : name);
		val_set_str(a, l, "href", arena_printf(a, "%s%s%s", root,
			    lang_prefix(a, s, (int)k), path));
		val_set_bool(a, l, "current", (int)k == g->lang);
		val_push(a, langs, l);
	}
	val_set(a, m, "languages", langs);
	return m;
}

static struct val *
menu_val(struct gen *g, struct arena *a, const char *path)
{
	static const char *const items[][2] = {
		{ "menu.home", "" }, { "menu.products", "products/" },
		{ "menu.producers", "producers/" },
		{ "menu.points_of_sale", "points-of-sale/" },
	};
	struct val *l = val_list(a);
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		struct val *m = val_push(a, l, val_map(a));
		val_set_str(a, m, "title", theme_string(g->th, g->lang, items[i][0]));
		val_set_str(a, m, "url", items[i][1]);
		val_set_bool(a, m, "current", !strcmp(items[i][1], path));
	}
	for (size_t i = 0; i < g->c->n_pages; i++) {
		const struct page *p = g->c->pages[i];
		const struct page *pt = p->tr[g->lang] ? p->tr[g->lang] : p;
		const char *url = arena_printf(a, "%s/", p->e.slug);
		struct val *m = val_push(a, l, val_map(a));
		val_set_str(a, m, "title", pt->e.name);
		val_set_str(a, m, "url", url);
		val_set_bool(a, m, "current", !strcmp(url, path));
	}
	return l;
}

/*
 * Renders template `kind` for the page at path (relative to the language
 * home) with `key` → data, and writes it.  Each page gets a fresh root
 * context; data may live in the scratch arena.
 */
static void
emit(struct gen *g, const char *kind, const char *path, const char *title,
     const char *description, const char *key, struct val *data,
     bool fallback)
{
	if (g->err)
		return;
	struct arena *a = &g->scratch;
	const struct site *s = g->c->site;
	bool is_file = !strcmp(kind, "404");
	const char *full = arena_printf(a, "%s%s", g->prefix, path);
	if (g->plan) {
		claim(g, is_file ? full : arena_printf(a, "%sindex.html", full),
		      g->source);
		arena_release(&g->scratch);
		return;
	}
	/* The 404 page is served at any depth: it links from the site's
	 * absolute path instead of relatively. */
	const char *root = is_file ? url_path(a, s->base_url) : rel_root(a, full);

	struct val *ctx = val_map(a);
	val_set_str(a, ctx, "lang", s->languages[g->lang]);
	val_set_str(a, ctx, "root", root);
	val_set_str(a, ctx, "base", arena_printf(a, "%s%s", root, g->prefix));
	val_set(a, ctx, "site", site_val(g, a, path, root));
	val_set(a, ctx, "menu", menu_val(g, a, path));
	val_set(a, ctx, "t", g->th->strings[g->lang]);
	val_set(a, ctx, "build", g->build);

	struct val *page = val_map(a);
	val_set_str(a, page, "kind", kind);
	val_set_str(a, page, "title", title);
	val_set_str(a, page, "description",
		    description ? description : s->titles[g->lang]);
	val_set_str(a, page, "canonical",
		    arena_printf(a, "%s%s", s->base_url, full));
	struct val *alts = val_list(a);
	for (size_t k = 0; k < s->n_languages; k++) {
		struct val *alt = val_push(a, alts, val_map(a));
		val_set_str(a, alt, "lang", s->languages[k]);
		val_set_str(a, alt, "href", arena_printf(a, "%s%s%s", s->base_url,
			    lang_prefix(a, s, (int)k), path));
	}
	val_set(a, page, "alternates", alts);
	val_set_bool(a, page, "fallback", fallback);
	val_set(a, ctx, "page", page);
	if (key && !strcmp(key, "page")) {
		/* a free page's own fields extend the page map */
		for (size_t i = 0; i < data->n; i++)
			val_set(a, page, data->pairs[i].key, data->pairs[i].v);
	} else if (key) {
		val_set(a, ctx, key, data);
	}

	sbuf_reset(&g->html);
	if (tpl_render(g->th->tpl, kind, ctx, &g->html) < 0) {
		g->err = -1;
		return;
	}
	const char *file = is_file ? full : arena_printf(a, "%sindex.html", full);
	if (emit_file(g, file, g->html.data, g->html.len) < 0)
		g->err = -1;
	if (!is_file) {
		sbuf_puts(&g->sitemap, "<url><loc>");
		tpl_escape_html(&g->sitemap, s->base_url, strlen(s->base_url));
		tpl_escape_html(&g->sitemap, full, strlen(full));
		sbuf_puts(&g->sitemap, "</loc></url>\n");
	}
	arena_release(&g->scratch);
}

static const char *
t(struct gen *g, const char *key)
{
	return theme_string(g->th, g->lang, key);
}

/* "{n}" in the string under key replaced by text. */
static const char *
tfill(struct gen *g, struct arena *a, const char *key, const char *text)
{
	const char *fmt = t(g, key);
	const char *at = strstr(fmt, "{n}");
	if (!at)
		return arena_printf(a, "%s: %s", fmt, text);
	return arena_printf(a, "%.*s%s%s", (int)(at - fmt), fmt, text, at + 3);
}

static struct val *
children_val(struct gen *g, struct arena *a, const struct bucket *v, size_t n)
{
	struct val *l = val_list(a);
	for (size_t i = 0; i < n; i++) {
		struct val *m = val_push(a, l, val_map(a));
		val_set_str(a, m, "name", v[i].name);
		val_set_str(a, m, "url", v[i].url);
		val_set_num(a, m, "count", (double)v[i].n);
		val_set_str(a, m, "count_text",
			    view_format_n(&g->v, "count_format", (long)v[i].n));
	}
	return l;
}

/* A paginated list page of products at path. */
static void
emit_list(struct gen *g, const char *path, const char *title,
	  const char *description, const struct product *const *items, size_t n,
	  const struct bucket *children, size_t n_children)
{
	size_t per = (size_t)g->c->site->per_page;
	size_t pages = n ? (n + per - 1) / per : 1;
	for (size_t pg = 0; pg < pages && !g->err; pg++) {
		struct arena *a = &g->scratch;
		if (g->plan) {
			emit(g, "list", pg ? arena_printf(a, "%spage/%zu/", path, pg + 1)
					   : path, NULL, NULL, NULL, NULL, false);
			continue;
		}
		struct val *list = val_map(a);
		val_set_str(a, list, "title", title);
		val_set_str(a, list, "description", description);
		val_set_num(a, list, "count", (double)n);
		val_set_str(a, list, "count_text",
			    view_format_n(&g->v, "count_format", (long)n));
		struct val *cards = val_list(a);
		for (size_t i = pg * per; i < n && i < (pg + 1) * per; i++)
			val_push(a, cards, view_product_card(&g->v, items[i]));
		val_set(a, list, "items", cards);
		val_set(a, list, "children",
			children_val(g, a, children, n_children));
		val_set_bool(a, list, "has_children", n_children > 0);
		if (pages > 1) {
			struct val *p = val_map(a);
			val_set_num(a, p, "current", (double)(pg + 1));
			val_set_num(a, p, "total", (double)pages);
			struct val *all = val_list(a);
			for (size_t k = 0; k < pages; k++) {
				struct val *e = val_push(a, all, val_map(a));
				const char *u = k ? arena_printf(a, "%spage/%zu/", path, k + 1)
						  : path;
				val_set_num(a, e, "number", (double)(k + 1));
				val_set_str(a, e, "url", u);
				val_set_bool(a, e, "current", k == pg);
				if (k + 1 == pg)
					val_set_str(a, p, "prev_url", u);
				if (k == pg + 1)
					val_set_str(a, p, "next_url", u);
			}
			val_set(a, p, "pages", all);
			val_set(a, list, "pagination", p);
		} else {
			val_set(a, list, "pagination", val_null(a));
		}
		const char *here = pg ? arena_printf(a, "%spage/%zu/", path, pg + 1)
				      : path;
		const char *ptitle = pg ? arena_printf(a, "%s (%zu/%zu)", title,
						       pg + 1, pages)
					: title;
		emit(g, "list", here, ptitle, description, "list", list, false);
	}
}

/* The producers or points-of-sale index: cards without product lists. */
static void
emit_index(struct gen *g, const char *kind, const char *path, const char *title,
	   bool producers)
{
	if (g->plan) {
		emit(g, kind, path, NULL, NULL, NULL, NULL, false);
		return;
	}
	struct arena *a = &g->scratch;
	struct val *list = val_map(a);
	size_t n = producers ? g->c->n_producers : g->c->n_pos;
	val_set_str(a, list, "title", title);
	val_set_num(a, list, "count", (double)n);
	val_set_str(a, list, "count_text",
		    view_format_n(&g->v, producers ? "producer_count_format"
						   : "pos_count_format", (long)n));
	struct val *cards = val_list(a);
	for (size_t i = 0; i < n; i++) {
		struct view sv = g->v;
		sv.a = a;
		val_push(a, cards, producers
			 ? view_producer(&sv, g->c->producers[i], false)
			 : view_pos(&sv, g->c->pos[i], false));
	}
	val_set(a, list, "items", cards);
	val_set(a, list, "pagination", val_null(a));
	emit(g, kind, path, title, NULL, "list", list, false);
}

struct groupings {
	struct bucket stars[3], groups[GROUP_COUNT], types[PRODUCER_TYPE_COUNT];
	struct bucket *platforms;
	struct bucket *provinces;
	size_t n_provinces, cap_provinces;
};

static void
group_products(struct gen *g, struct groupings *gr)
{
	const struct catalog *c = g->c;
	struct arena *a = g->a;
	memset(gr, 0, sizeof(*gr));
	gr->platforms = xcalloc(c->site->n_platforms + 1, sizeof(*gr->platforms));
	for (size_t i = 0; i < c->n_products; i++) {
		const struct product *p = c->products[i];
		bucket_add(&gr->stars[p->stars - 3], p);
		bucket_add(&gr->groups[p->group], p);
		if (p->producer)
			bucket_add(&gr->types[p->producer->type], p);
		for (size_t k = 0; k < c->site->n_platforms; k++)
			for (size_t s = 0; s < p->n_shops; s++)
				if (!strcmp(p->shops[s].platform,
					    c->site->platforms[k].key)) {
					bucket_add(&gr->platforms[k], p);
					break;
				}
		const struct location *l = &p->location;
		struct bucket *pv = bucket_find(&gr->provinces, &gr->n_provinces,
						&gr->cap_provinces,
						fold_slug(a, l->province), l->province);
		bucket_add(pv, p);
		struct bucket *cm = bucket_find(&pv->children, &pv->n_children,
						&pv->cap_children,
						arena_printf(a, "c-%s", fold_slug(a, l->commune)),
						l->commune);
		bucket_add(cm, p);
		if (l->district)
			bucket_add(bucket_find(&pv->children, &pv->n_children,
					       &pv->cap_children,
					       arena_printf(a, "d-%s", fold_slug(a, l->district)),
					       l->district), p);
	}
	qsort(gr->provinces, gr->n_provinces, sizeof(*gr->provinces), cmp_bucket);
	for (size_t i = 0; i < gr->n_provinces; i++) {
		struct bucket *pv = &gr->provinces[i];
		qsort(pv->children, pv->n_children, sizeof(*pv->children), cmp_bucket);
	}
}

static void
groupings_free(struct groupings *gr, size_t n_platforms)
{
	for (int i = 0; i < 3; i++)
		free(gr->stars[i].items);
	for (int i = 0; i < GROUP_COUNT; i++)
		free(gr->groups[i].items);
	for (int i = 0; i < PRODUCER_TYPE_COUNT; i++)
		free(gr->types[i].items);
	buckets_free(gr->platforms, n_platforms);
	buckets_free(gr->provinces, gr->n_provinces);
}

/* Sets url on every province bucket and its children for this language. */
static void
place_urls(struct gen *g, struct groupings *gr)
{
	for (size_t i = 0; i < gr->n_provinces; i++) {
		struct bucket *pv = &gr->provinces[i];
		pv->url = view_province_url(&g->v, pv->name);
		for (size_t k = 0; k < pv->n_children; k++) {
			struct bucket *ch = &pv->children[k];
			ch->url = ch->slug[0] == 'c'
				? view_commune_url(&g->v, pv->name, ch->name)
				: view_district_url(&g->v, pv->name, ch->name);
		}
	}
}

static void
emit_lists(struct gen *g, struct groupings *gr)
{
	struct arena *a = g->a;
	const struct catalog *c = g->c;
	emit_list(g, "products/", t(g, "titles.products"), NULL, c->products,
		  c->n_products, NULL, 0);
	for (int s = 0; s < 3; s++) {
		const struct bucket *b = &gr->stars[s];
		const char *title = tfill(g, a, "titles.stars",
					  arena_printf(a, "%d", s + 3));
		emit_list(g, arena_printf(a, "stars/%d/", s + 3), title, NULL,
			  b->items, b->n, NULL, 0);
	}
	for (int k = 0; k < GROUP_COUNT; k++) {
		const struct bucket *b = &gr->groups[k];
		if (!b->n)
			continue;
		const char *slug = model_group_slugs[k];
		emit_list(g, arena_printf(a, "groups/%s/", slug),
			  t(g, arena_printf(a, "groups.%s", slug)), NULL, b->items,
			  b->n, NULL, 0);
	}
	for (int k = 0; k < PRODUCER_TYPE_COUNT; k++) {
		const struct bucket *b = &gr->types[k];
		if (!b->n)
			continue;
		const char *slug = model_producer_type_slugs[k];
		emit_list(g, arena_printf(a, "producer-types/%s/", slug),
			  t(g, arena_printf(a, "producer_types.%s", slug)), NULL,
			  b->items, b->n, NULL, 0);
	}
	for (size_t k = 0; k < c->site->n_platforms; k++) {
		const struct bucket *b = &gr->platforms[k];
		if (!b->n)
			continue;
		const struct platform *pl = &c->site->platforms[k];
		emit_list(g, arena_printf(a, "platforms/%s/", pl->key),
			  tfill(g, a, "titles.platform", pl->name), NULL, b->items,
			  b->n, NULL, 0);
	}
	for (size_t i = 0; i < gr->n_provinces; i++) {
		const struct bucket *pv = &gr->provinces[i];
		emit_list(g, pv->url, tfill(g, a, "titles.province", pv->name), NULL,
			  pv->items, pv->n, pv->children, pv->n_children);
		for (size_t k = 0; k < pv->n_children; k++) {
			const struct bucket *ch = &pv->children[k];
			const char *title = tfill(g, a, ch->slug[0] == 'c'
						  ? "titles.commune" : "titles.district",
						  ch->name);
			emit_list(g, ch->url, arena_printf(a, "%s, %s", title, pv->name),
				  NULL, ch->items, ch->n, NULL, 0);
		}
	}
}

static int
cmp_newest(const void *x, const void *y)
{
	const struct product *a = *(const struct product *const *)x;
	const struct product *b = *(const struct product *const *)y;
	if (a->cert.issued.days != b->cert.issued.days)
		return a->cert.issued.days > b->cert.issued.days ? -1 : 1;
	return strcmp(a->e.slug, b->e.slug);
}

static struct val *
count_item(struct arena *a, const char *slug, const char *name, size_t n,
	   const char *url)
{
	struct val *m = val_map(a);
	val_set_str(a, m, "slug", slug);
	val_set_str(a, m, "key", slug);
	val_set_str(a, m, "name", name);
	val_set_num(a, m, "count", (double)n);
	val_set_str(a, m, "url", url);
	return m;
}

static void
emit_home(struct gen *g, struct groupings *gr)
{
	if (g->plan) {
		emit(g, "home", "", NULL, NULL, NULL, NULL, false);
		return;
	}
	struct arena *a = &g->scratch;
	const struct catalog *c = g->c;
	struct view *v = &g->v;
	struct val *h = val_map(a);
	val_set_num(a, h, "total", (double)c->n_products);
	val_set_str(a, h, "total_text",
		    view_format_n(v, "count_format", (long)c->n_products));

	struct sbuf line = SBUF_INIT;
	sbuf_puts(&line, view_format_n(v, "count_format", (long)c->n_products));
	struct val *stars = val_list(a);
	bool first = true;
	for (int s = 0; s < 3; s++) {
		struct val *m = val_push(a, stars, count_item(a, NULL, NULL,
					 gr->stars[s].n,
					 arena_printf(a, "stars/%d/", s + 3)));
		const char *st = view_format_n(v, "stars_format", s + 3);
		val_set_num(a, m, "stars", s + 3);
		val_set_str(a, m, "stars_text", st);
		if (gr->stars[s].n) {
			sbuf_puts(&line, first ? ": " : ", ");
			sbuf_puts(&line, view_format_n(v, "count_format",
						       (long)gr->stars[s].n));
			sbuf_putf(&line, " %s", st);
			first = false;
		}
	}
	val_set(a, h, "by_stars", stars);
	val_set_str(a, h, "summary_text", arena_strndup(a, line.data, line.len));
	sbuf_release(&line);

	struct val *groups = val_list(a);
	for (int k = 0; k < GROUP_COUNT; k++)
		if (gr->groups[k].n)
			val_push(a, groups, count_item(a, model_group_slugs[k],
				 t(g, arena_printf(a, "groups.%s", model_group_slugs[k])),
				 gr->groups[k].n,
				 arena_printf(a, "groups/%s/", model_group_slugs[k])));
	val_set(a, h, "by_group", groups);

	struct val *types = val_list(a);
	for (int k = 0; k < PRODUCER_TYPE_COUNT; k++)
		if (gr->types[k].n)
			val_push(a, types, count_item(a, model_producer_type_slugs[k],
				 t(g, arena_printf(a, "producer_types.%s",
						   model_producer_type_slugs[k])),
				 gr->types[k].n,
				 arena_printf(a, "producer-types/%s/",
					      model_producer_type_slugs[k])));
	val_set(a, h, "by_producer_type", types);

	struct val *plats = val_list(a);
	for (size_t k = 0; k < c->site->n_platforms; k++)
		if (gr->platforms[k].n)
			val_push(a, plats, count_item(a, c->site->platforms[k].key,
				 c->site->platforms[k].name, gr->platforms[k].n,
				 arena_printf(a, "platforms/%s/",
					      c->site->platforms[k].key)));
	val_set(a, h, "by_platform", plats);

	struct val *provs = val_list(a);
	for (size_t i = 0; i < gr->n_provinces; i++) {
		const struct bucket *pv = &gr->provinces[i];
		struct val *m = val_push(a, provs, count_item(a, pv->slug, pv->name,
					 pv->n, pv->url));
		struct val *communes = val_list(a);
		for (size_t k = 0; k < pv->n_children; k++)
			if (pv->children[k].slug[0] == 'c')
				val_push(a, communes, count_item(a, NULL,
					 pv->children[k].name, pv->children[k].n,
					 pv->children[k].url));
		val_set(a, m, "communes", communes);
	}
	val_set(a, h, "by_province", provs);

	size_t by_status[3] = { 0, 0, 0 };
	for (size_t i = 0; i < c->n_products; i++)
		by_status[cert_status(&c->products[i]->cert, c->as_of_days)]++;
	struct val *status = val_list(a);
	for (int s = 0; s < 3; s++) {
		struct val *m = val_push(a, status, val_map(a));
		val_set_str(a, m, "status", model_cert_status_slugs[s]);
		val_set_str(a, m, "status_text", t(g, arena_printf(a, "status.%s",
						   model_cert_status_slugs[s])));
		val_set_num(a, m, "count", (double)by_status[s]);
	}
	val_set(a, h, "by_status", status);

	const struct product **newest = xmalloc(xmul(c->n_products + 1,
						     sizeof(*newest)));
	memcpy(newest, c->products, c->n_products * sizeof(*newest));
	qsort(newest, c->n_products, sizeof(*newest), cmp_newest);
	struct val *nl = val_list(a);
	for (size_t i = 0; i < c->n_products && i < 8; i++)
		val_push(a, nl, view_product_card(v, newest[i]));
	free(newest);
	val_set(a, h, "newest", nl);

	struct val *pages = val_list(a);
	for (size_t i = 0; i < c->n_pages; i++) {
		const struct page *p = c->pages[i];
		const struct page *pt = p->tr[g->lang] ? p->tr[g->lang] : p;
		struct val *m = val_push(a, pages, val_map(a));
		val_set_str(a, m, "title", pt->e.name);
		val_set_str(a, m, "url", arena_printf(a, "%s/", p->e.slug));
	}
	val_set(a, h, "pages", pages);
	emit(g, "home", "", c->site->titles[g->lang], NULL, "home", h, false);
}

/* Plans or renders the page of one entry at path. */
static bool
planned(struct gen *g, const struct entry *e, const char *kind, const char *path)
{
	g->source = e->path;
	if (g->plan)
		emit(g, kind, path, NULL, NULL, NULL, NULL, false);
	return g->plan;
}

static void
emit_entries(struct gen *g)
{
	const struct catalog *c = g->c;
	for (size_t i = 0; i < c->n_products && !g->err; i++) {
		const struct product *p = c->products[i];
		const struct product *pt = p->tr[g->lang] ? p->tr[g->lang] : p;
		const char *path = arena_printf(&g->scratch, "products/%s/", p->e.slug);
		if (planned(g, &p->e, "product", path))
			continue;
		struct view sv = g->v;
		sv.a = &g->scratch;
		struct val *pv = view_product(&sv, p);
		emit(g, "product", path, pt->e.name, pt->e.summary, "product", pv,
		     !p->tr[g->lang]);
	}
	for (size_t i = 0; i < c->n_producers && !g->err; i++) {
		const struct producer *p = c->producers[i];
		const struct producer *pt = p->tr[g->lang] ? p->tr[g->lang] : p;
		const char *path = arena_printf(&g->scratch, "producers/%s/", p->e.slug);
		if (planned(g, &p->e, "producer", path))
			continue;
		struct view sv = g->v;
		sv.a = &g->scratch;
		emit(g, "producer", path, pt->e.name, pt->e.summary, "producer",
		     view_producer(&sv, p, true), !p->tr[g->lang]);
	}
	for (size_t i = 0; i < c->n_pos && !g->err; i++) {
		const struct point_of_sale *p = c->pos[i];
		const struct point_of_sale *pt = p->tr[g->lang] ? p->tr[g->lang] : p;
		const char *path = arena_printf(&g->scratch, "points-of-sale/%s/",
						p->e.slug);
		if (planned(g, &p->e, "point-of-sale", path))
			continue;
		struct view sv = g->v;
		sv.a = &g->scratch;
		emit(g, "point-of-sale", path, pt->e.name, pt->e.summary, "pos",
		     view_pos(&sv, p, true), !p->tr[g->lang]);
	}
	for (size_t i = 0; i < c->n_pages && !g->err; i++) {
		const struct page *p = c->pages[i];
		const struct page *pt = p->tr[g->lang] ? p->tr[g->lang] : p;
		struct arena *a = &g->scratch;
		const char *path = arena_printf(a, "%s/", p->e.slug);
		if (planned(g, &p->e, "page", path))
			continue;
		struct val *m = val_map(a);
		val_set_str(a, m, "title", pt->e.name);
		val_set_str(a, m, "summary", pt->e.summary);
		val_set_str(a, m, "content", pt->e.html);
		emit(g, "page", path, pt->e.name, pt->e.summary, "page", m,
		     !p->tr[g->lang]);
	}
	g->source = NULL;
}

static bool
has_image(const struct product *p, const char *out_path)
{
	for (size_t m = 0; m < p->n_images; m++)
		if (out_path && p->images[m].out_path &&
		    !strcmp(p->images[m].out_path, out_path))
			return true;
	return false;
}

static void
write_image(struct gen *g, const struct image *im)
{
	g->source = arena_printf(g->a, "content/%s", im->out_path);
	if (emit_file(g, im->out_path, im->data.p, im->data.len) < 0)
		g->err = -1;
}

static void
write_files(struct gen *g)
{
	/* theme assets */
	for (size_t i = 0; i < g->th->n && !g->err; i++) {
		const struct theme_file *f = &g->th->files[i];
		g->source = f->origin;
		if (!strncmp(f->path, "static/", 7) &&
		    emit_file(g, f->path + 7, f->data.p, f->data.len) < 0)
			g->err = -1;
	}
	/* images of published products and of their translations (which
	 * may name their own pictures), each path once per product */
	for (size_t i = 0; i < g->c->n_products && !g->err; i++) {
		const struct product *p = g->c->products[i];
		for (size_t k = 0; k < g->c->site->n_languages; k++) {
			const struct product *t = p->tr[k];
			if (!t || (k && t == p))
				continue;
			for (size_t m = 0; m < t->n_images && !g->err; m++)
				if (!k || !has_image(p, t->images[m].out_path))
					write_image(g, &t->images[m]);
		}
		arena_release(&g->scratch);
	}
	g->source = NULL;
}

/* A free page may not take the name of a folder of the site's own. */
static int
check_page_slugs(const struct catalog *c, struct diag_list *dl)
{
	int err = 0;
	for (size_t i = 0; i < c->n_pages; i++) {
		const char *slug = c->pages[i]->e.slug;
		bool bad = site_lang_index(c->site, slug) >= 0;
		for (const char *const *r = reserved; *r && !bad; r++)
			bad = !strcmp(*r, slug);
		if (bad) {
			err = diag_error(dl, (struct pos){ c->pages[i]->e.path, 0, 0 },
					 "slug",
					 "page slug \"%s\" is taken by the site's own pages: rename the file",
					 slug);
			diag_hint(dl, "choose another name, such as trang-%s.md",
				  slug);
		}
	}
	return err;
}

/*
 * Every file of the site, in every language: planned (g->plan: each
 * path claimed, nothing rendered) or rendered and written.
 */
static void
generate(struct gen *g)
{
	const struct catalog *c = g->c;
	struct arena *a = g->a;
	sbuf_init(&g->html);
	sbuf_init(&g->sitemap);
	sbuf_puts(&g->sitemap, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");

	struct groupings gr;
	g->lang = 0;
	view_init(&g->v, a, c, g->th, 0);
	group_products(g, &gr);
	for (size_t lang = 0; lang < c->site->n_languages && !g->err; lang++) {
		g->lang = (int)lang;
		g->prefix = lang_prefix(a, c->site, g->lang);
		view_init(&g->v, a, c, g->th, g->lang);
		if (!g->plan) {
			char iso[11];
			struct date today = date_from_days(c->as_of_days);
			date_iso(&today, iso);
			g->build = val_map(a);
			val_set_str(a, g->build, "date", view_date(&g->v, &today));
			val_set_str(a, g->build, "date_iso", arena_strdup(a, iso));
			val_set_str(a, g->build, "commit", g->info->commit);
			val_set_str(a, g->build, "commit_short", g->info->commit
				    ? arena_strndup(a, g->info->commit, 7) : NULL);
			val_set_str(a, g->build, "generator",
				    arena_printf(a, "ocop %s", g->info->version));
		}
		place_urls(g, &gr);
		emit_home(g, &gr);
		emit_lists(g, &gr);
		emit_index(g, "producers", "producers/", t(g, "titles.producers"), true);
		emit_index(g, "points-of-sale", "points-of-sale/",
			   t(g, "titles.points_of_sale"), false);
		emit_entries(g);
		emit(g, "404", "404.html", t(g, "titles.not_found"), NULL, NULL,
		     NULL, false);
	}
	groupings_free(&gr, c->site->n_platforms);
	write_files(g);
	if (!g->err) {
		sbuf_puts(&g->sitemap, "</urlset>\n");
		if (emit_file(g, "sitemap.xml", g->sitemap.data, g->sitemap.len) < 0)
			g->err = -1;
		struct sbuf robots = SBUF_INIT;
		sbuf_putf(&robots, "User-agent: *\nAllow: /\n\nSitemap: %ssitemap.xml\n",
			  c->site->base_url);
		if (!g->err && emit_file(g, "robots.txt", robots.data, robots.len) < 0)
			g->err = -1;
		sbuf_release(&robots);
	}
	sbuf_release(&g->html);
	sbuf_release(&g->sitemap);
	arena_release(&g->scratch);
}

int
pages_check(const struct catalog *c, const struct theme *th, struct arena *a,
	    struct diag_list *dl)
{
	if (check_page_slugs(c, dl) < 0)
		return -1;
	if (dl->errors)
		return 0;           /* a broken catalog has no sound plan */
	struct gen g = {
		.c = c, .th = th, .dl = dl, .a = a, .scratch = ARENA_INIT,
		.plan = true, .claims = STRMAP_INIT,
	};
	generate(&g);
	if (!g.err)
		check_folders(&g);
	strmap_release(&g.claims);
	return g.err;
}

int
pages_build(const struct catalog *c, const struct theme *th,
	    const struct source_set *src, const struct build_info *info,
	    const struct page_sink *sink, struct arena *a, struct diag_list *dl)
{
	if (pages_check(c, th, a, dl) < 0)
		return -1;
	struct gen g = {
		.c = c, .th = th, .src = src, .info = info, .sink = sink, .dl = dl,
		.a = a, .scratch = ARENA_INIT,
	};
	generate(&g);
	return g.err;
}
