/*
 * pages.c - renders the plan (plan/plan.h): one item after another,
 * each a page rendered with the theme, a file copied as it is, an open
 * data file (data.h), a QR code (qr.h), or the sitemap and robots.txt,
 * handed to the sink.
 *
 * Page paths are relative to the language home and end in '/' (a folder
 * with index.html), except 404.html.  The view data of every page is
 * built in a scratch arena released after the page is written, so memory
 * stays flat however many pages a catalog has; product cards, which
 * every list shares, live in the build's arena, one set per language.
 */
#include "pages.h"

#include "chart.h"
#include "data.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "embed.h"
#include "feed.h"
#include "qr.h"
#include "search_json.h"
#include "verify_json.h"
#include "view.h"
#include "jsonout.h"
#include "../model/date.h"
#include "../model/site.h"
#include "../plan/urls.h"
#include "../util/escape.h"
#include "../util/utf8.h"
#include "../util/sbuf.h"
#include "../util/workers.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

/* What every page of one language shares, built before rendering and
 * only read while the workers run. */
struct lang_ctx {
	struct view v;            /* with every product card built */
	const char *prefix;       /* "" or "en/" */
	struct val *build;        /* build date, commit, generator */
	/* the same on every page (menu_of(), site_val()), so made and
	 * hashed once: the menu with no item current, the publisher and
	 * the logo */
	const struct val *menu, *publisher, *logo;
};

/* What the workers share: read-only, but for the queue. */
struct shared {
	const struct plan *plan;
	const struct theme *th;
	const struct page_sink *sink;
	struct lang_ctx langs[MODEL_MAX_LANGS];
	struct tpl_pieces *pieces;      /* the product cards, rendered */
	struct data_info data;          /* what the open data says of the
					   build */
	struct embed_records records;   /* each product in the embeds' data */
	struct cache *qr_codes;         /* or NULL (build_info) */
	bool timings;                   /* (build_info) */
	/* page keys (page_key()): on when the sink keeps files and the
	 * program's digest is known */
	bool keys, check_kept;
	unsigned char epoch[32];        /* the program and the theme's
					   files, hashed */
	struct val_digests *shared;     /* the values many pages share:
					   each language's strings and
					   build, the cards (val.h) */
};

/* What one kind of file cost a worker (OCOP_TIMINGS): its rendering,
 * hashing and writing, wall time; its bytes are those rendered (a file
 * kept is not read). */
struct kind_cost {
	double seconds;
	size_t files, bytes;
	size_t kept;            /* files kept: made from the same data */
	enum plan_kind kind;    /* print_costs()'s sum only */
};

/* One worker: renders the items it takes from the queue, with its own
 * arena, buffer and diag list. */
struct gen {
	struct shared *sh;
	const struct catalog *c;
	const struct plan *plan;
	const struct theme *th;
	struct diag_list dl;      /* problems of the item that failed */
	size_t failed;            /* index of that item; SIZE_MAX: none */
	struct arena scratch;     /* per page */
	struct view v;            /* the language's, allocating in scratch */
	int lang;
	const char *prefix;
	struct val *build;
	struct sbuf html;
	struct sbuf key_data;     /* page_key()'s */
	/* the page about to be emitted: its view's snippet and oEmbed
	 * response (embed.h), or NULL; emit_in() takes them */
	const char *embed_snippet, *oembed_url;
	enum exit_status err;     /* of the item that failed; EXIT_OK: none */
	enum plan_kind kind;      /* of the item being rendered */
	struct kind_cost cost[PLAN_KINDS];      /* when sh->timings */
};

enum { CHUNK = 16 };          /* items a worker takes at a time */

/* Hands a finished file to the sink, with the key it was made from
 * (or NULL).  A file that cannot be written fails the build as the
 * system's fault, not the catalog's. */
static void
emit_keyed(struct gen *g, const char *path, const void *data, size_t len,
	   const unsigned char *key)
{
	if (g->sh->sink->write(g->sh->sink->payload, path, data, len, key) < 0)
		g->err = EXIT_SYSTEM;
	g->cost[g->kind].files++;
	g->cost[g->kind].bytes += len;
}

static void
emit_file(struct gen *g, const char *path, const void *data, size_t len)
{
	emit_keyed(g, path, data, len, NULL);
}

/* Starts a key in g->key_data: the build's epoch (ocop's program, the
 * theme's files), then what the file is, which the caller adds. */
static struct sbuf *
key_begin(struct gen *g, const char *what)
{
	struct sbuf *b = &g->key_data;
	sbuf_reset(b);
	sbuf_put(b, g->sh->epoch, sizeof(g->sh->epoch));
	sbuf_put(b, what, strlen(what) + 1);
	return b;
}

/* The key begun in g->key_data, hashed into key; NULL when libcrypto
 * fails (the file is then made and written without one). */
static const unsigned char *
key_end(struct gen *g, unsigned char key[PAGE_KEY_BYTES])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	if (!EVP_Digest(g->key_data.data, g->key_data.len, md, NULL,
			EVP_sha256(), NULL))
		return NULL;
	memcpy(key, md, PAGE_KEY_BYTES);
	return key;
}

/*
 * The key of a page (write/out.h): the build's epoch, the template's
 * name and the page's whole data (the values many pages share by their
 * digests).  A template renders the same bytes from the same data,
 * whatever else changed in the catalog, so a page whose key the
 * previous build listed need not be rendered.  NULL without keys.
 */
static const unsigned char *
page_key(struct gen *g, const char *tpl, const struct val *ctx,
	 unsigned char key[PAGE_KEY_BYTES])
{
	if (!g->sh->keys)
		return NULL;
	val_encode(ctx, key_begin(g, tpl), g->sh->shared);
	return key_end(g, key);
}

/* Whether the previous build's file at path, made from key, could be
 * kept: then nothing more is done for it.  With OCOP_CHECK_KEPT the
 * page was rendered anyway (data, len), and the writer fails if the
 * bytes differ. */
static bool
kept(struct gen *g, const char *path, const unsigned char *key,
     const void *data, size_t len)
{
	const struct page_sink *sink = g->sh->sink;
	int r = sink->keep(sink->payload, path, key, data, len);
	if (r < 0)
		g->err = EXIT_SYSTEM;
	if (r > 0) {
		g->cost[g->kind].files++;
		g->cost[g->kind].kept++;
	}
	return r != 0;
}

/* Before a file is made: whether the previous build's at path, made
 * from key (NULL: none), is kept instead.  Never with OCOP_CHECK_KEPT:
 * the file is made, then compared (emit_made()). */
static bool
kept_unmade(struct gen *g, const char *path, const unsigned char *key)
{
	return key && !g->sh->check_kept && kept(g, path, key, NULL, 0);
}

/* The file just made in g->html, from key (or NULL), to the sink. */
static void
emit_made(struct gen *g, const char *path, const unsigned char *key)
{
	if (!key || !g->sh->check_kept ||
	    !kept(g, path, key, g->html.data, g->html.len))
		emit_keyed(g, path, g->html.data, g->html.len, key);
}

/* The key of a file made from text alone by a drawer of the program
 * (what: its name and settings), as page_key() of a page. */
static const unsigned char *
text_key(struct gen *g, const char *what, const char *text,
	 unsigned char key[PAGE_KEY_BYTES])
{
	if (!g->sh->keys)
		return NULL;
	sbuf_put(key_begin(g, what), text, strlen(text) + 1);
	return key_end(g, key);
}

/* A file whose bytes lie in another file (a photo's size in the photo
 * cache, model/photo.h), read only now: a build holds no photo. */
static void
emit_file_from(struct gen *g, const struct plan_item *it)
{
	char *buf = it->data.len ? xmalloc(it->data.len) : NULL;
	int fd = open(it->data_file, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 && (buf || !it->data.len)
		? pread(fd, buf, it->data.len, (off_t)it->data_at) : -1;
	int err = n < 0 ? errno : EIO;     /* EIO: shorter than it was */
	if (fd >= 0)
		close(fd);
	if (n >= 0 && (size_t)n == it->data.len) {
		emit_file(g, it->path, buf, it->data.len);
	} else {
		g->err = EXIT_SYSTEM;
		diag_error(&g->dl, (struct pos){ it->source, 0, 0 }, "io",
			   "cannot read \"%s\" from the photo cache %s: %s",
			   it->path, it->data_file, strerror(err));
		diag_hint(&g->dl, "build again: a photo cache file changed during the build");
	}
	free(buf);
}

/* "../" once per folder of full, or "./" at the top. */
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

static const char *
lang_prefix(struct arena *a, const struct site *s, int lang)
{
	return urls_lang_prefix(a, s->languages[lang], lang);
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

/* The publisher's logo for the header: {src, width, height, webp}, a
 * photo's narrowest size (the header shows it about 2rem high) with its
 * WebP beside the JPEG; null when site.yaml names none. */
static const struct val *
logo_val(struct arena *a, const struct image *logo)
{
	if (!logo || !logo->out || !logo->out->path)
		return val_null(a);
	struct val *m = val_map(a);
	const struct photo *ph = logo->out->photo;
	const struct photo_size *sz = ph ? &ph->sizes[0] : NULL;
	val_set_str(a, m, "src", sz ? sz->jpeg_path : logo->out->path);
	val_set_num(a, m, "width", sz ? sz->width : logo->out->width);
	val_set_num(a, m, "height", sz ? sz->height : logo->out->height);
	val_set_str(a, m, "webp", sz ? sz->webp_path : NULL);
	return m;
}

/* The site's map for the page at path; others, when not NULL, is where
 * the language switch leads in the other languages (a page made in the
 * default language only). */
static struct val *
site_val(struct gen *g, struct arena *a, const char *path, const char *others,
	 const char *root)
{
	const struct site *s = g->c->site;
	struct val *m = val_map(a);
	val_set_str(a, m, "title", s->titles[g->lang]);
	/* site.c gives a language without its own title (titles:) the
	 * default title itself: mark it as the default language's text */
	val_set_str(a, m, "title_lang", g->lang && s->titles[g->lang] == s->title
		    ? s->language : NULL);
	val_set_str(a, m, "base_url", s->base_url);
	val_set_str(a, m, "language", s->language);
	val_set_str(a, m, "province", s->province);
	val_set_bool(a, m, "multilingual", s->n_languages > 1);
	val_set_bool(a, m, "search", s->search);
	val_set_bool(a, m, "changes", g->plan->changes != NULL);
	val_set_bool(a, m, "versions", g->plan->changes &&
		     g->plan->changes->n_versions > 0);
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
			    lang_prefix(a, s, (int)k),
			    others && (int)k != g->lang ? others : path));
		val_set_bool(a, l, "current", (int)k == g->lang);
		val_push(a, langs, l);
	}
	val_set(a, m, "languages", langs);
	const struct lang_ctx *lc = &g->sh->langs[g->lang];
	val_set(a, m, "publisher", lc->publisher);
	val_set_str(a, m, "about", s->about[g->lang]);
	val_set(a, m, "logo", lc->logo);
	return m;
}

/* The department that publishes the catalog, in language lang of view
 * v (site.publisher), or null. */
static const struct val *
publisher_val(struct view *v, const struct site *s, int lang)
{
	struct arena *a = v->a;
	const struct publisher *pub = &s->publisher;
	if (!pub->name)
		return val_null(a);
	struct val *p = val_map(a);
	val_set_str(a, p, "name", pub->names[lang]);
	val_set_str(a, p, "name_lang", lang && pub->names[lang] == pub->name
		    ? s->language : NULL);
	val_set_str(a, p, "address", pub->address);
	val_set_str(a, p, "phone", pub->phone);
	val_set_str(a, p, "phone_href", view_phone_href(v, pub->phone));
	val_set_str(a, p, "email", pub->email);
	return p;
}

/*
 * A link to free page p: {title, title_lang, url}.  A page with no
 * translation into the page's language shows its default-language
 * title; title_lang then names that language (for a lang attribute),
 * and is null otherwise.  The link goes to the page in this language,
 * which always exists (it shows the default text under a notice).
 */
static struct val *
page_link_in(const struct site *s, int lang, struct arena *a,
	     const struct page *p)
{
	struct val *m = val_map(a);
	val_set_str(a, m, "title", page_in(p, lang)->e.name);
	val_set_str(a, m, "title_lang", p->e.tr[lang] ? NULL : s->language);
	val_set_str(a, m, "url", urls_page(a, p->e.slug));
	return m;
}

static struct val *
page_link(struct gen *g, struct arena *a, const struct page *p)
{
	return page_link_in(g->c->site, g->lang, a, p);
}

/* The menu of the pages of language lang, the item whose url is path
 * current (none when path is NULL). */
static struct val *
menu_val(const struct theme *th, const struct catalog *c, int lang,
	 struct arena *a, const char *path)
{
	const char *const items[][2] = {
		{ "menu.home", "" }, { "menu.products", urls_products() },
		{ "menu.producers", urls_producers() },
		{ "menu.points_of_sale", urls_points_of_sale() },
		{ "verify.link", urls_verify_page() },
	};
	/* primary: in the header's menu; the home page and the free pages
	 * are reached from the title and the footer */
	struct val *l = val_list(a);
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		struct val *m = val_map(a);
		val_push(a, l, m);
		val_set_str(a, m, "title", theme_string(th, lang, items[i][0]));
		val_set(a, m, "title_lang", val_null(a));
		val_set_str(a, m, "url", items[i][1]);
		val_set_bool(a, m, "current", path && !strcmp(items[i][1], path));
		val_set_bool(a, m, "primary", i > 0);
	}
	for (size_t i = 0; i < c->n_pages; i++) {
		struct val *m = page_link_in(c->site, lang, a, c->pages[i]);
		val_push(a, l, m);
		val_set_bool(a, m, "current", path &&
			     !strcmp(val_get(m, "url")->s, path));
		val_set_bool(a, m, "primary", false);
	}
	return l;
}

/* The menu of the page at path: the language's own (lang_ctx), made
 * once, unless path is one of its items, which the menu marks
 * current. */
static const struct val *
menu_of(struct gen *g, struct arena *a, const char *path)
{
	const struct val *menu = g->sh->langs[g->lang].menu;
	for (size_t i = 0; i < menu->n; i++)
		if (!strcmp(val_get(menu->items[i], "url")->s, path))
			return menu_val(g->th, g->c, g->lang, a, path);
	return menu;
}

/*
 * Renders template `tpl` for the page at path (relative to the language
 * home; "404.html" for the not-found page) with `key` → data, and writes
 * it to file.  Each page gets a fresh root context; data may live in the
 * scratch arena, which is released after.  others is NULL for a page
 * made in every language; for one made in the default language only
 * (the labels), the page whose other languages the language switch
 * leads to, and the page then has no alternates.
 */
static void
emit_in(struct gen *g, const char *tpl, const char *file, const char *path,
	const char *others, const char *title, const char *description,
	const char *key, struct val *data, bool fallback)
{
	struct arena *a = &g->scratch;
	const struct site *s = g->c->site;
	bool is_404 = !strcmp(tpl, "404");
	const char *full = arena_printf(a, "%s%s", g->prefix, path);
	/* The 404 page is served at any depth: it links from the site's
	 * absolute path (base_url's) instead of relatively. */
	const char *root = is_404 ? s->base_path : rel_root(a, full);

	struct val *ctx = val_map(a);
	val_set_str(a, ctx, "lang", s->languages[g->lang]);
	val_set_str(a, ctx, "root", root);
	/* links within the language climb to its home, not to the root
	 * and down again: "../../" rather than "../../../en/" */
	val_set_str(a, ctx, "base", is_404
		    ? arena_printf(a, "%s%s", root, g->prefix)
		    : rel_root(a, path));
	val_set(a, ctx, "site", site_val(g, a, path, others, root));
	val_set(a, ctx, "menu", menu_of(g, a, path));
	val_set(a, ctx, "t", g->th->strings[g->lang]);
	val_set(a, ctx, "build", g->build);

	struct val *page = val_map(a);
	val_set_str(a, page, "kind", tpl);
	val_set_str(a, page, "title", title);
	val_set_str(a, page, "description",
		    description ? description : s->titles[g->lang]);
	val_set_str(a, page, "canonical",
		    arena_printf(a, "%s%s", s->base_url, full));
	struct val *alts = val_list(a);
	for (size_t k = 0; !others && k < s->n_languages; k++) {
		struct val *alt = val_map(a);
		val_push(a, alts, alt);
		val_set_str(a, alt, "lang", s->languages[k]);
		val_set_str(a, alt, "href", arena_printf(a, "%s%s%s", s->base_url,
			    lang_prefix(a, s, (int)k), path));
	}
	val_set(a, page, "alternates", alts);
	val_set_bool(a, page, "fallback", fallback);
	/* neither the 404 page nor a page to print (the labels, made in
	 * one language) is a page to preview when a link is shared */
	val_set_bool(a, page, "shareable", !is_404 && !others);
	val_set_str(a, page, "embed_snippet", g->embed_snippet);
	val_set_str(a, page, "oembed", g->oembed_url);
	g->embed_snippet = g->oembed_url = NULL;
	val_set(a, ctx, "page", page);
	if (key && !strcmp(key, "page")) {
		/* a free page's own fields extend the page map */
		for (size_t i = 0; data->kind == VAL_MAP && i < data->n; i++)
			val_set(a, page, data->pairs[i].key, data->pairs[i].v);
	} else if (key) {
		val_set(a, ctx, key, data);
	}

	unsigned char made_of[PAGE_KEY_BYTES];
	const unsigned char *page_id = page_key(g, tpl, ctx, made_of);
	if (!kept_unmade(g, file, page_id)) {
		sbuf_reset(&g->html);
		if (tpl_render_pieces(g->th->tpl, tpl, ctx, g->sh->pieces, NULL,
				      &g->html, &g->dl) < 0)
			g->err = EXIT_ERRORS;
		else
			emit_made(g, file, page_id);
	}
	arena_reset(&g->scratch);
}

/* emit_in() of a page made in every language. */
static void
emit(struct gen *g, const char *tpl, const char *file, const char *path,
     const char *title, const char *description, const char *key,
     struct val *data, bool fallback)
{
	emit_in(g, tpl, file, path, NULL, title, description, key, data,
		fallback);
}

/*
 * The pagination of page pg (0-based) of pages, the first at url: the
 * first and last pages, and two on each side of the current one, with a
 * gap item where numbers are skipped, so a page links to at most seven
 * others however long its list is.  null for a single page.
 */
static const struct val *
pagination_val(struct arena *a, const char *url, size_t pg, size_t pages)
{
	if (pages <= 1)
		return val_null(a);
	struct val *p = val_map(a);
	val_set_num(a, p, "current", (double)(pg + 1));
	val_set_num(a, p, "total", (double)pages);
	if (pg > 0)
		val_set_str(a, p, "prev_url", urls_list_page(a, url, pg - 1));
	if (pg + 1 < pages)
		val_set_str(a, p, "next_url", urls_list_page(a, url, pg + 1));
	struct val *all = val_list(a);
	size_t last_shown = 0;
	for (size_t k = 0; k < pages; k++) {
		bool near = k + 2 >= pg && k <= pg + 2;
		if (k != 0 && k + 1 != pages && !near)
			continue;
		if (k > last_shown + 1) {
			struct val *gap = val_map(a);
			val_push(a, all, gap);
			val_set_bool(a, gap, "gap", true);
		}
		struct val *e = val_map(a);
		val_push(a, all, e);
		val_set_num(a, e, "number", (double)(k + 1));
		val_set_str(a, e, "url", urls_list_page(a, url, k));
		val_set_bool(a, e, "current", k == pg);
		last_shown = k;
	}
	val_set(a, p, "pages", all);
	return p;
}

/* The children of l of one kind (LIST_COMMUNE or LIST_DISTRICT), or of
 * every kind when kind is LIST_ALL: {name, url, count, count_text}. */
static struct val *
children_val(struct gen *g, struct arena *a, const struct plan_list *l,
	     enum plan_list_kind kind)
{
	struct val *v = val_list(a);
	for (size_t i = 0; i < l->n_children; i++) {
		const struct plan_list *ch = &l->children[i];
		if (kind != LIST_ALL && ch->kind != kind)
			continue;
		struct val *m = val_map(a);
		val_push(a, v, m);
		val_set_str(a, m, "name", ch->name);
		val_set_str(a, m, "url", ch->url);
		val_set_num(a, m, "count", (double)ch->n);
		val_set_str(a, m, "count_text",
			    view_format_n(&g->v, "count_format", (long)ch->n));
	}
	return v;
}

/* The embed panel and oEmbed link of the page about to be emitted:
 * the view of list l, or of entry e. */
static void
offer_embed(struct gen *g, const struct plan_list *l, const struct entry *e,
	    const char *title)
{
	const struct site *s = g->c->site;
	g->embed_snippet = embed_snippet(&g->scratch, s, g->lang, l, e, title);
	g->oembed_url = embed_oembed_url(&g->scratch, s, g->lang, l, e);
}

/* "title (2/3)" on every page of a list but the first. */
static const char *
page_title(struct arena *a, const char *title, const struct plan_item *it)
{
	return it->page ? arena_printf(a, "%s (%zu/%zu)", title, it->page + 1,
				       it->pages)
			: title;
}

/* The rows of page pg of status list l: each product with its
 * certificate's dates and decision. */
static struct val *
status_rows(struct gen *g, struct arena *a, const struct plan_list *l,
	    size_t pg)
{
	size_t per = (size_t)g->c->site->per_page;
	struct val *rows = val_list(a);
	for (size_t i = pg * per; i < l->n && i < (pg + 1) * per; i++) {
		const struct product *p = l->items[i];
		const struct certificate *c = &p->cert;
		struct val *m = val_map(a);
		val_set(a, m, "card", view_product_card(&g->v, p));
		val_set_str(a, m, "number", c->number);
		val_set_str(a, m, "issuer", c->issuer);
		val_set_str(a, m, "revoked_date", c->revoked.set
			    ? view_date(&g->v, &c->revoked.date) : NULL);
		val_set_str(a, m, "revoked_decision", c->revoked.decision);
		const struct plan_list *d = plan_decision(g->plan, p);
		val_set_str(a, m, "decision_url", d ? d->url : NULL);
		if (l->kind == LIST_STATUS && !strcmp(l->slug, "expiring"))
			val_set_str(a, m, "days_left", view_format_n(&g->v,
				    "status_lists.days_left",
				    c->expires.days - g->c->as_of_days));
		val_push(a, rows, m);
	}
	return rows;
}

/* A page of a list of products. */
static void
emit_list(struct gen *g, const struct plan_item *it)
{
	struct arena *a = &g->scratch;
	const struct plan_list *l = it->list;
	size_t per = (size_t)g->c->site->per_page;
	const char *title = view_list_title(&g->v, l);
	struct val *list = val_map(a);
	val_set_str(a, list, "title", title);
	val_set_str(a, list, "description", NULL);
	val_set_num(a, list, "count", (double)l->n);
	val_set_str(a, list, "count_text",
		    view_format_n(&g->v, "count_format", (long)l->n));
	struct val *cards = val_list(a);
	for (size_t i = it->page * per; i < l->n && i < (it->page + 1) * per; i++)
		val_push(a, cards, view_product_card(&g->v, l->items[i]));
	val_set(a, list, "items", cards);
	/* A province's communes and its former districts (a level
	 * abolished on 1 July 2025, which older certificates name) are
	 * two lists, so that a reader never takes one for the other;
	 * children keeps both, for a theme that shows them together. */
	struct val *communes = children_val(g, a, l, LIST_COMMUNE);
	struct val *districts = children_val(g, a, l, LIST_DISTRICT);
	val_set(a, list, "communes", communes);
	val_set_bool(a, list, "has_communes", communes->n > 0);
	val_set(a, list, "districts", districts);
	val_set_bool(a, list, "has_districts", districts->n > 0);
	val_set(a, list, "children", children_val(g, a, l, LIST_ALL));
	val_set_bool(a, list, "has_children", l->n_children > 0);
	val_set(a, list, "pagination", pagination_val(a, l->url, it->page, it->pages));
	/* a decision's page says who issued it, when, and how many
	 * products it recognised: in its header and its description */
	const char *tpl = "list", *description = NULL;
	const struct val *decision = val_null(a);
	if (l->kind == LIST_DECISION) {
		decision = view_decision(&g->v, l);
		tpl = "decision";
		description = val_get(decision, "summary_text")->s;
	} else if (l->kind == LIST_STATUS) {
		/* a table of certificates, each with its dates and decision */
		tpl = "status";
		description = t(g, arena_printf(a, "status_lists.%s.intro",
						l->slug));
		val_set(a, list, "rows", status_rows(g, a, l, it->page));
		val_set_bool(a, list, "has_rows", l->n > 0);
	}
	val_set(a, list, "decision", decision);
	offer_embed(g, l, NULL, title);
	emit(g, tpl, it->path, it->url, page_title(a, title, it), description,
	     "list", list, false);
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

/* The producer types with producers, {slug, name, count, url}: the
 * facets of the producers' index, and the home page's. */
static struct val *
producer_types_val(struct gen *g, struct arena *a)
{
	const struct plan *p = g->plan;
	struct val *types = val_list(a);
	for (int k = 0; k < PRODUCER_TYPE_COUNT; k++)
		if (p->types[k].n)
			val_push(a, types, count_item(a, p->types[k].slug,
				 t(g, arena_printf(a, "producer_types.%s",
						   p->types[k].slug)),
				 p->types[k].n, p->types[k].url));
	return types;
}

/*
 * A page of the producers' or the points of sale's index, or of the
 * producers of one type (`type`): cards without product lists.  The
 * producers' index leads to its types, a type's page back to the index.
 */
static void
emit_index(struct gen *g, const struct plan_item *it,
	   const struct plan_list *type)
{
	struct arena *a = &g->scratch;
	bool producers = it->kind != PLAN_POINTS_OF_SALE;
	const char *tpl = producers ? "producers" : "points-of-sale";
	const char *url = type ? type->url : producers ? urls_producers()
						       : urls_points_of_sale();
	const char *title = type
		? t(g, arena_printf(a, "producer_types.%s", type->slug))
		: t(g, producers ? "titles.producers" : "titles.points_of_sale");
	size_t n = type ? type->n : producers ? g->c->n_producers : g->c->n_pos;
	const struct producer *const *pv = type ? type->producers
						: g->c->producers;
	size_t per = (size_t)g->c->site->per_page;
	struct val *list = val_map(a);
	val_set_str(a, list, "title", title);
	val_set_num(a, list, "count", (double)n);
	val_set_str(a, list, "count_text",
		    view_format_n(&g->v, producers ? "producer_count_format"
						   : "pos_count_format", (long)n));
	struct val *cards = val_list(a);
	struct view sv = g->v;
	sv.a = a;
	for (size_t i = it->page * per; i < n && i < (it->page + 1) * per; i++)
		val_push(a, cards, producers ? view_producer_card(&sv, pv[i])
				   : view_pos_card(&sv, g->c->pos[i]));
	val_set(a, list, "items", cards);
	if (producers && !type) {
		struct val *types = producer_types_val(g, a);
		val_set(a, list, "types", types);
		val_set_bool(a, list, "has_types", types->n > 0);
	}
	val_set_str(a, list, "index_url", type ? urls_producers() : NULL);
	val_set(a, list, "pagination", pagination_val(a, url, it->page, it->pages));
	emit(g, tpl, it->path, it->url, page_title(a, title, it), NULL,
	     "list", list, false);
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

/* The home page: counts and links to the lists, never every product or
 * every commune, so it stays small however large the catalog. */
static void
emit_home(struct gen *g, const struct plan_item *it)
{
	struct arena *a = &g->scratch;
	const struct catalog *c = g->c;
	const struct plan *p = g->plan;
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
		const struct plan_list *l = &p->stars[s];
		struct val *m = count_item(a, NULL, NULL, l->n, l->url);
		val_push(a, stars, m);
		const char *st = view_format_n(v, "stars_format", s + 3);
		val_set_num(a, m, "stars", s + 3);
		val_set_str(a, m, "stars_text", st);
		if (l->n) {
			sbuf_puts(&line, first ? ": " : ", ");
			sbuf_puts(&line, view_format_n(v, "count_format", (long)l->n));
			sbuf_putf(&line, " %s", st);
			first = false;
		}
	}
	val_set(a, h, "by_stars", stars);
	val_set_str(a, h, "summary_text", arena_strndup(a, line.data, line.len));
	sbuf_release(&line);

	struct val *groups = val_list(a);
	for (int k = 0; k < GROUP_COUNT; k++)
		if (p->groups[k].n)
			val_push(a, groups, count_item(a, p->groups[k].slug,
				 t(g, arena_printf(a, "groups.%s", p->groups[k].slug)),
				 p->groups[k].n, p->groups[k].url));
	val_set(a, h, "by_group", groups);

	val_set(a, h, "by_producer_type", producer_types_val(g, a));

	struct val *plats = val_list(a);
	for (size_t k = 0; k < c->site->n_platforms; k++)
		if (p->platforms[k].n)
			val_push(a, plats, count_item(a, c->site->platforms[k].key,
				 c->site->platforms[k].name, p->platforms[k].n,
				 p->platforms[k].url));
	val_set(a, h, "by_platform", plats);

	struct val *provs = val_list(a);
	for (size_t i = 0; i < p->n_provinces; i++) {
		const struct plan_list *pv = &p->provinces[i];
		val_push(a, provs, count_item(a, pv->slug, pv->name, pv->n, pv->url));
	}
	val_set(a, h, "by_province", provs);

	size_t by_status[CERT_STATUSES] = { 0 };
	for (size_t i = 0; i < c->n_products; i++)
		by_status[cert_status(&c->products[i]->cert, c->as_of_days)]++;
	struct val *status = val_list(a);
	for (int s = 0; s < CERT_STATUSES; s++) {
		if ((s == CERT_PENDING || s == CERT_UNPUBLISHED) &&
		    !by_status[s])
			continue;    /* rare: shown only when there are some */
		struct val *m = val_map(a);
		val_push(a, status, m);
		val_set_str(a, m, "status", model_cert_status_slugs[s]);
		val_set_str(a, m, "status_text", t(g, arena_printf(a, "status.%s",
						   model_cert_status_slugs[s])));
		val_set_num(a, m, "count", (double)by_status[s]);
		const struct plan_list *l = s == CERT_EXPIRED
			? &p->status[STATUS_EXPIRED] : s == CERT_REVOKED
			? &p->status[STATUS_REVOKED] : NULL;
		val_set_str(a, m, "url", l ? l->url : NULL);
		if (s == CERT_VALID) {
			/* of the valid ones, those about to expire */
			const struct plan_list *x = &p->status[STATUS_EXPIRING];
			struct val *e = val_map(a);
			val_set_str(a, e, "url", x->url);
			val_set_str(a, e, "text", t(g, "status_lists.expiring.link"));
			val_set_num(a, e, "count", (double)x->n);
			val_set(a, m, "expiring", e);
		} else {
			val_set(a, m, "expiring", val_null(a));
		}
	}
	val_set(a, h, "by_status", status);

	/* a certificate whose details are unknown has no issue date, and
	 * one issued after the build date is not in force yet: neither is
	 * "newly recognised", however the dates sort */
	const struct product **newest = xmalloc(xmul(c->n_products + 1,
						     sizeof(*newest)));
	size_t n_dated = 0;
	for (size_t i = 0; i < c->n_products; i++)
		if (!c->products[i]->cert.details_unknown &&
		    cert_status(&c->products[i]->cert, c->as_of_days) !=
		    CERT_PENDING)
			newest[n_dated++] = c->products[i];
	qsort(newest, n_dated, sizeof(*newest), cmp_newest);
	struct val *nl = val_list(a);
	for (size_t i = 0; i < n_dated && i < 8; i++)
		val_push(a, nl, view_product_card(v, newest[i]));
	free(newest);
	val_set(a, h, "newest", nl);

	struct val *pages = val_list(a);
	for (size_t i = 0; i < c->n_pages; i++)
		val_push(a, pages, page_link(g, a, c->pages[i]));
	val_set(a, h, "pages", pages);
	sbuf_reset(&g->html);
	data_site_jsonld(&g->html, c, g->lang, &g->scratch);
	val_set_str(a, h, "jsonld", arena_strndup(a, g->html.data, g->html.len));
	emit(g, "home", it->path, it->url, c->site->titles[g->lang], NULL,
	     "home", h, false);
}


/*
 * The open-data page: each file of api/v1/ with its format and what it
 * holds (sizes change with every commit, so none are given), the
 * fields of a product, and the licence of site.yaml.
 */
static void
emit_data_page(struct gen *g, const struct plan_item *it)
{
	static const struct { const char *name, *format, *key; } files[] = {
		{ "catalog.json", "JSON", "catalog" },
		{ "products.csv", "CSV", "products_csv" },
		{ "producers.csv", "CSV", "producers_csv" },
		{ "points-of-sale.csv", "CSV", "pos_csv" },
		{ "products.geojson", "GeoJSON", "products_geojson" },
		{ "points-of-sale.geojson", "GeoJSON", "pos_geojson" },
		{ "catalog.schema.json", "JSON Schema", "catalog_schema" },
		{ "product.schema.json", "JSON Schema", "product_schema" },
	};
	static const char *const fields[] = {
		"slug", "url", "data_url", "name", "stars", "potential_5_star",
		"group", "subgroup", "code", "producer", "summary", "location",
		"certificate", "certificate.status", "price", "images",
		"standards", "ip", "traceability", "points_of_sale", "shops",
		"export_markets", "tags", "story_html", "translations",
	};
	struct arena *a = &g->scratch;
	const struct site *s = g->c->site;
	struct val *d = val_map(a);
	struct val *fl = val_list(a);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct val *m = val_map(a);
		val_set_str(a, m, "name", files[i].name);
		val_set_str(a, m, "path", urls_data(a, files[i].name));
		val_set_str(a, m, "format", files[i].format);
		val_set_str(a, m, "about", t(g, arena_printf(a, "data_files.%s",
							      files[i].key)));
		val_push(a, fl, m);
	}
	val_set(a, d, "files", fl);
	val_set_str(a, d, "product_example",
		    g->c->n_products
		    ? urls_product_data(a, g->c->products[0]->e.slug) : NULL);
	struct val *fv = val_list(a);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		struct val *m = val_map(a);
		val_set_str(a, m, "name", fields[i]);
		/* a dot would be a key path: data_fields.certificate_status */
		char key[64];
		snprintf(key, sizeof(key), "data_fields.%s", fields[i]);
		for (char *k = key + strlen("data_fields."); *k; k++)
			if (*k == '.')
				*k = '_';
		val_set_str(a, m, "about", t(g, arena_strdup(a, key)));
		val_push(a, fv, m);
	}
	val_set(a, d, "fields", fv);
	val_set_num(a, d, "version", DATA_VERSION);
	val_set_str(a, d, "license_name", s->license_name);
	val_set_str(a, d, "license_url", s->license_url);
	emit(g, "data", it->path, it->url, t(g, "titles.data"),
	     t(g, "data_description"), "data", d, false);
}

/* Sets the cards of this page's slice of a producer's or point of
 * sale's products on m, and the pagination of them. */
static void
with_products(struct gen *g, struct val *m, const struct plan_item *it,
	      const struct product *const *items, size_t n, const char *url)
{
	struct arena *a = &g->scratch;
	size_t per = (size_t)g->c->site->per_page;
	struct val *cards = val_list(a);
	for (size_t i = it->page * per; i < n && i < (it->page + 1) * per; i++)
		val_push(a, cards, view_product_card(&g->v, items[i]));
	val_set(a, m, "products", cards);
	val_set(a, m, "pagination", pagination_val(a, url, it->page, it->pages));
}

/* The page of one entry, in the item's language (the default
 * language's text where a translation is missing). */
/* ---- history (docs/history.md) ---------------------------------------- */

/* The day of commit c, in its own time zone (so the same anywhere). */
static struct date
commit_day(const struct history_commit *c)
{
	return date_from_time((time_t)(c->time + (int64_t)c->offset * 60));
}

/* {date, iso, url}: when entry e's file last changed, and its history
 * page. */
static const struct val *
updated_val(struct gen *g, struct arena *a, const struct entry *e)
{
	const struct timeline *t = plan_timeline(g->plan, e);
	if (!t)
		return val_null(a);
	struct date d = commit_day(t->v[0].commit);
	char iso[11];
	date_iso(&d, iso);
	struct val *m = val_map(a);
	val_set_str(a, m, "date", view_date(&g->v, &d));
	val_set_str(a, m, "iso", arena_strdup(a, iso));
	val_set_str(a, m, "url", urls_entry_history(a, e->kind, e->slug));
	return m;
}

/* A note in the page's language: history.notes.<kind>, with {from}
 * and {to} filled in. */
static const char *
note_text(struct gen *g, struct arena *a, const struct timeline_note *n)
{
	static const char *const keys[NOTE_KINDS] = {
		"added", "removed", "moved", "name", "stars", "certificate",
		"revoked", "unrevoked", "pos_added", "pos_removed", "shops",
		"price", "story", "other", "invalid",
	};
	const char *key = keys[n->kind], *from = n->from;
	/* a revocation's date (when it reads as one, in the page's way)
	 * and decision are each optional: a sentence for each case */
	struct date d;
	if (n->kind == NOTE_REVOKED) {
		from = from && date_parse(&d, from) ? view_date(&g->v, &d) : NULL;
		key = from && n->to ? "revoked_on_by" : from ? "revoked_on"
		      : n->to ? "revoked_by" : "revoked";
	}
	const char *fmt = t(g, arena_printf(a, "history.notes.%s", key));
	struct sbuf out = SBUF_INIT;
	for (const char *s = fmt; *s; ) {
		if (!strncmp(s, "{from}", 6)) {
			sbuf_puts(&out, from ? from : "");
			s += 6;
		} else if (!strncmp(s, "{to}", 4)) {
			sbuf_puts(&out, n->to ? n->to : "");
			s += 4;
		} else {
			sbuf_putc(&out, *s++);
		}
	}
	const char *r = arena_strndup(a, out.data, out.len);
	sbuf_release(&out);
	return r;
}

/* s with the first "{what}" replaced by text. */
static const char *
fill(struct arena *a, const char *s, const char *what, const char *text)
{
	const char *at = strstr(s, what);
	if (!at)
		return s;
	return arena_printf(a, "%.*s%s%s", (int)(at - s), s, text, at + strlen(what));
}

static int
stars_of(const char *s)
{
	return s && s[0] >= '3' && s[0] <= '5' && !s[1] ? s[0] - '0' : 0;
}

/* The stars chart of timeline tl (render/chart.h) of a product with
 * stars now (0: removed), or NULL when it never had a number of stars
 * the chart can draw. */
static const char *
stars_chart(struct gen *g, struct arena *a, int now, const struct timeline *tl)
{
	/* oldest first: it starts with the stars the first change to them
	 * came from, or with today's when they never changed */
	int stars = now;
	for (size_t i = tl->n; i-- > 0; ) {
		const struct timeline_event *e = &tl->v[i];
		for (size_t k = 0; k < e->n_notes; k++)
			if (e->notes[k].kind == NOTE_STARS && stars_of(e->notes[k].from)) {
				stars = stars_of(e->notes[k].from);
				i = 0;
				break;
			}
	}
	if (stars < 3 || stars > 5)
		return NULL;
	struct chart_step *v = arena_array(a, tl->n + 1, sizeof(*v));
	size_t n = 0;
	bool revoked = false;
	for (size_t i = tl->n; i-- > 0; ) {
		const struct timeline_event *e = &tl->v[i];
		bool step = n == 0;
		for (size_t k = 0; k < e->n_notes; k++) {
			const struct timeline_note *no = &e->notes[k];
			if (no->kind == NOTE_STARS && stars_of(no->to)) {
				stars = stars_of(no->to);
				step = true;
			} else if (no->kind == NOTE_REVOKED || no->kind == NOTE_UNREVOKED) {
				revoked = no->kind == NOTE_REVOKED;
				step = true;
			}
		}
		if (!step)
			continue;
		long day = commit_day(e->commit).days;
		if (n && v[n - 1].day == day)
			n--;           /* two changes in a day: the last counts */
		v[n++] = (struct chart_step){ day, stars, revoked };
	}
	/* its name for screen readers: each step in words */
	const char *label = t(g, "history.chart");
	for (size_t i = 0; i < n; i++) {
		struct date d = date_from_days(v[i].day);
		char digit[2] = { (char)('0' + v[i].stars), '\0' };
		const char *step = fill(a, tfill(g, a, "history.chart_step", digit),
					"{date}", view_date(&g->v, &d));
		if (v[i].revoked)
			step = arena_printf(a, "%s (%s)", step, t(g, "history.chart_revoked"));
		label = arena_printf(a, "%s%s %s", label, i ? ";" : ":", step);
	}
	const char *levels[3];
	for (int k = 0; k < 3; k++) {
		char digit[2] = { (char)('3' + k), '\0' };
		levels[k] = tfill(g, a, "history.chart_level", digit);
	}
	struct date first = date_from_days(v[0].day);
	struct date end = date_from_days(g->c->as_of_days);
	struct sbuf sb = SBUF_INIT;
	chart_stars(&sb, v, n, g->c->as_of_days, label, view_date(&g->v, &first),
		    view_date(&g->v, &end), levels);
	const char *svg = arena_strndup(a, sb.data, sb.len);
	sbuf_release(&sb);
	return svg;
}

/* The history page of a product named name whose page is at url, with
 * stars now (0: removed): every change of timeline t (NULL: none),
 * newest first, and the chart of its stars. */
static struct val *
history_val(struct gen *g, struct arena *a, const char *name, const char *url,
	    int stars, const struct timeline *t)
{
	struct val *m = val_map(a);
	const char *chart = t ? stars_chart(g, a, stars, t) : NULL;
	if (chart)
		val_set_str(a, m, "chart", chart);
	val_set_str(a, m, "name", name);
	val_set_str(a, m, "url", url);
	val_set_bool(a, m, "removed", false);
	struct val *events = val_list(a);
	for (size_t i = 0; t && i < t->n; i++) {
		const struct timeline_event *e = &t->v[i];
		struct date d = commit_day(e->commit);
		char iso[11];
		date_iso(&d, iso);
		struct val *ev = val_map(a);
		val_set_str(a, ev, "date", view_date(&g->v, &d));
		val_set_str(a, ev, "iso", arena_strdup(a, iso));
		/* a control character is no text an HTML page may carry */
		val_set_str(a, ev, "author", utf8_printable(a, e->commit->author));
		val_set_str(a, ev, "message", utf8_printable(a, e->commit->summary));
		val_set_str(a, ev, "commit", arena_strndup(a, e->commit->id, 7));
		/* --worktree: what the disk changes since the last commit */
		val_set_bool(a, ev, "uncommitted", !e->commit->id[0]);
		struct val *notes = val_list(a);
		for (size_t k = 0; k < e->n_notes; k++)
			val_push(a, notes, val_str(a, note_text(g, a, &e->notes[k])));
		val_set(a, ev, "notes", notes);
		val_set_bool(a, ev, "has_notes", e->n_notes > 0);
		val_push(a, events, ev);
	}
	val_set(a, m, "events", events);
	return m;
}

/* ---- the catalog's changelog (docs/history.md) ------------------------- */

static const char *const change_keys[CHANGE_KINDS] = {
	"added", "restored", "upgraded", "downgraded", "rerated", "revoked",
	"unrevoked", "removed", "expired", "producer_added", "producer_edited",
	"producer_removed", "pos_added", "pos_edited", "pos_removed",
};

/* The name a change shows in the page's language: the translation's
 * then, else the default one (*lang then names the default language,
 * for a lang attribute; NULL otherwise). */
static const char *
change_name(const struct gen *g, const struct change *c, const char **lang)
{
	const char *name = g->lang > 0 && g->lang < MODEL_MAX_LANGS
			   ? c->names[g->lang] : NULL;
	*lang = g->lang && !name ? g->c->site->language : NULL;
	return name ? name : c->name;
}

/* The page of a change's entry, now; NULL when it is not published. */
static const char *
change_url(struct arena *a, const struct change *c)
{
	return c->entry ? urls_entry(a, c->entry->kind, c->entry->slug) : NULL;
}

static struct val *
change_val(struct gen *g, struct arena *a, const struct change *ch);

/* What a change says after the product's name, in the page's language
 * (its stars, a decision, an expiry), or NULL. */
static const char *
change_detail(struct gen *g, struct arena *a, const struct change *c)
{
	switch (c->kind) {
	case CHANGE_ADDED:
	case CHANGE_RESTORED:
		return c->to ? view_format_n(&g->v, "stars_format", c->to) : NULL;
	case CHANGE_UPGRADED:
	case CHANGE_DOWNGRADED:
		return arena_printf(a, "%s → %s",
				    view_format_n(&g->v, "stars_format", c->from),
				    view_format_n(&g->v, "stars_format", c->to));
	case CHANGE_RERATED:
		if (!c->decision)
			return c->to ? view_format_n(&g->v, "stars_format", c->to) : NULL;
		return arena_printf(a, "%s%s%s %s",
				    c->to ? view_format_n(&g->v, "stars_format", c->to) : "",
				    c->to ? ", " : "", t(g, "changes.decision"),
				    c->decision);
	case CHANGE_EXPIRED:
		return arena_printf(a, "%s %s", t(g, "changes.valid_until"),
				    view_date(&g->v, &c->expires));
	default:
		return NULL;
	}
}

static const char *
change_label(struct gen *g, struct arena *a, const struct change *c)
{
	return t(g, arena_printf(a, "changes.kinds.%s", change_keys[c->kind]));
}

/* The anchor of commit c on its page of the changelog. */
static const char *
change_anchor(struct arena *a, const struct changelog_commit *c)
{
	return arena_printf(a, "c-%.7s", c->commit->id);
}

static const char *
others_text(struct gen *g, const struct changelog_commit *c)
{
	return c->others ? view_format_n(&g->v, "changes.others", (long)c->others)
			 : NULL;
}

/* One change: {kind, label, name, name_lang, url, detail}. */
static struct val *
change_val(struct gen *g, struct arena *a, const struct change *ch)
{
	struct val *e = val_map(a);
	const char *lang;
	val_set_str(a, e, "kind", change_keys[ch->kind]);
	val_set_str(a, e, "label", change_label(g, a, ch));
	val_set_str(a, e, "name", change_name(g, ch, &lang));
	val_set_str(a, e, "name_lang", lang);
	val_set_str(a, e, "url", change_url(a, ch));
	val_set_str(a, e, "detail", change_detail(g, a, ch));
	return e;
}

/* The changes listed under one commit or one version; the rest are
 * counted by kind.  A commit that adds a whole catalog, or a version
 * that holds it, would otherwise make a page of the changelog grow
 * with the catalog (#12: no page over 100 kB): per_page of them, each
 * listing at most this many, stay small. */
enum { CHANGES_LISTED = 12 };

/* Sets changes (the first CHANGES_LISTED of v, n of them), has_changes
 * and more ("and 1,970 other changes: New product 1,950; …", or null)
 * in m. */
static void
set_changes(struct gen *g, struct arena *a, struct val *m,
	    const struct change *v, size_t n)
{
	size_t listed = n < CHANGES_LISTED ? n : CHANGES_LISTED;
	struct val *changes = val_list(a);
	for (size_t i = 0; i < listed; i++)
		val_push(a, changes, change_val(g, a, &v[i]));
	val_set(a, m, "changes", changes);
	val_set_bool(a, m, "has_changes", n > 0);
	if (listed == n)
		return;
	size_t by_kind[CHANGE_KINDS] = { 0 };
	for (size_t i = listed; i < n; i++)
		by_kind[v[i].kind]++;
	const char *more = view_format_n(&g->v, "changes.more", (long)(n - listed));
	const char *sep = ": ";
	for (int k = 0; k < CHANGE_KINDS; k++) {
		if (!by_kind[k])
			continue;
		more = arena_printf(a, "%s%s%s %s", more, sep,
				    t(g, arena_printf(a, "changes.kinds.%s", change_keys[k])),
				    view_number(&g->v, (long)by_kind[k]));
		sep = "; ";
	}
	val_set_str(a, m, "more", more);
}

static struct val *
change_commit_val(struct gen *g, struct arena *a, const struct changelog_commit *c)
{
	struct date d = commit_day(c->commit);
	char iso[11];
	date_iso(&d, iso);
	struct val *m = val_map(a);
	val_set_str(a, m, "anchor", change_anchor(a, c));
	val_set_str(a, m, "commit", arena_strndup(a, c->commit->id, 7));
	val_set_str(a, m, "date", view_date(&g->v, &d));
	val_set_str(a, m, "iso", arena_strdup(a, iso));
	val_set_str(a, m, "author", c->author);
	val_set_str(a, m, "message", c->message);
	set_changes(g, a, m, c->v, c->n);
	val_set_str(a, m, "others", others_text(g, c));
	return m;
}

/* A page of the changelog: its commits, under their versions' tags. */
static void
emit_changes(struct gen *g, const struct plan_item *it)
{
	struct arena *a = &g->scratch;
	const struct changelog *ch = g->plan->changes;
	const struct site *s = g->c->site;
	size_t per = (size_t)s->per_page;
	struct val *m = val_map(a);
	val_set_bool(a, m, "has_tags", ch->has_tags);
	val_set_bool(a, m, "empty", ch->n == 0);
	val_set_str(a, m, "feed", s->base_url[0] != '/' ? urls_changes_feed()
							 : NULL);
	val_set_str(a, m, "versions", ch->n_versions ? urls_versions() : NULL);
	struct val *groups = val_list(a), *group = NULL, *commits = NULL;
	size_t last = SIZE_MAX;
	for (size_t i = it->page * per; i < ch->n && i < (it->page + 1) * per; i++) {
		const struct changelog_commit *c = &ch->v[i];
		if (c->group != last) {
			const struct changelog_group *gr = &ch->groups[c->group];
			group = val_map(a);
			val_push(a, groups, group);
			val_set_str(a, group, "name", gr->name);
			val_set_str(a, group, "heading", gr->name
				    ? tfill(g, a, "changes.version", gr->name)
				    : t(g, "changes.unreleased"));
			commits = val_list(a);
			val_set(a, group, "commits", commits);
			last = c->group;
		}
		val_push(a, commits, change_commit_val(g, a, c));
	}
	val_set(a, m, "groups", groups);
	val_set(a, m, "pagination", pagination_val(a, urls_changes(), it->page,
						   it->pages));
	emit(g, "changes", it->path, it->url,
	     page_title(a, t(g, "changes.title"), it), t(g, "changes.lead"),
	     "changes", m, false);
}

/* A version: {anchor, name, heading, date, iso, commit, total, stars:
 * [{label, n}], since (what its changes are since), changes, has_changes,
 * others, commits}. */
static struct val *
version_val(struct gen *g, struct arena *a, const struct changelog_version *v)
{
	struct date d = v->day;
	char iso[11];
	date_iso(&d, iso);
	struct val *m = val_map(a);
	val_set_str(a, m, "anchor", arena_printf(a, "v-%.7s", v->commit->id));
	val_set_str(a, m, "name", v->name);
	val_set_str(a, m, "heading", tfill(g, a, "changes.version", v->name));
	val_set_str(a, m, "commit", arena_strndup(a, v->commit->id, 7));
	val_set_str(a, m, "date", view_date(&g->v, &d));
	val_set_str(a, m, "iso", arena_strdup(a, iso));
	size_t total = v->stars[0] + v->stars[1] + v->stars[2];
	val_set_str(a, m, "total", view_format_n(&g->v, "versions.products",
						 (long)total));
	struct val *stars = val_list(a);
	for (int k = 0; k < 3; k++) {
		struct val *e = val_map(a);
		val_set_str(a, e, "label", view_format_n(&g->v, "stars_format", k + 3));
		val_set_num(a, e, "n", (double)v->stars[k]);
		val_push(a, stars, e);
	}
	val_set(a, m, "stars", stars);
	val_set_str(a, m, "since", v->previous
		    ? tfill(g, a, "versions.since", v->previous)
		    : t(g, "versions.since_start"));
	set_changes(g, a, m, v->v, v->n);
	val_set_str(a, m, "others", v->others
		    ? view_format_n(&g->v, "versions.others", (long)v->others)
		    : NULL);
	val_set_bool(a, m, "none", !v->n && !v->others);
	val_set_str(a, m, "commits", view_format_n(&g->v, "versions.commits",
						   (long)v->commits));
	return m;
}

/* A page of the catalog's versions, newest first. */
static void
emit_versions(struct gen *g, const struct plan_item *it)
{
	struct arena *a = &g->scratch;
	const struct changelog *ch = g->plan->changes;
	size_t per = (size_t)g->c->site->per_page;
	struct val *m = val_map(a);
	struct val *list = val_list(a);
	for (size_t i = it->page * per; i < ch->n_versions &&
	     i < (it->page + 1) * per; i++)
		val_push(a, list, version_val(g, a, &ch->versions[i]));
	val_set(a, m, "list", list);
	val_set_str(a, m, "changes", urls_changes());
	val_set(a, m, "pagination", pagination_val(a, urls_versions(), it->page,
						   it->pages));
	emit(g, "versions", it->path, it->url,
	     page_title(a, t(g, "versions.title"), it), t(g, "versions.lead"),
	     "versions", m, false);
}

/* The changelog's Atom feed in the item's language: the newest
 * PLAN_FEED_ENTRIES commits that changed what the catalog certifies
 * (those that only edited other details are left out). */
static void
emit_changes_feed(struct gen *g, const struct plan_item *it)
{
	struct arena *a = &g->scratch;
	const struct changelog *ch = g->plan->changes;
	const struct site *s = g->c->site;
	size_t per = (size_t)s->per_page;
	const char *home = arena_printf(a, "%s%s", s->base_url, g->prefix);
	struct feed f = {
		.lang = s->languages[g->lang],
		.title = arena_printf(a, "%s – %s", s->titles[g->lang],
				      t(g, "changes.title")),
		.subtitle = t(g, "changes.lead"),
		.author = s->titles[g->lang],
		.self = arena_printf(a, "%s%s", home, urls_changes_feed()),
		.alternate = arena_printf(a, "%s%s", home, urls_changes()),
		.generator = "ocop",
	};
	f.id = f.self;
	struct feed_entry *v = arena_array(a, PLAN_FEED_ENTRIES, sizeof(*v));
	struct sbuf html = SBUF_INIT;
	for (size_t i = 0; i < ch->n && f.n < PLAN_FEED_ENTRIES; i++) {
		const struct changelog_commit *c = &ch->v[i];
		if (!c->n_certified)
			continue;         /* producers, points of sale only */
		struct feed_entry *e = &v[f.n++];
		char *id = arena_alloc(a, 46), *updated = arena_alloc(a, 32);
		feed_uuid(id, arena_printf(a, "changes/%s/%s",
					   s->languages[g->lang], c->commit->id));
		feed_time(updated, c->commit->time, c->commit->offset);
		e->id = id;
		e->updated = updated;
		e->author = c->author;
		struct date d = commit_day(c->commit);
		e->title = c->message[0] ? c->message : view_date(&g->v, &d);
		e->link = arena_printf(a, "%s%s#%s", home,
				       urls_list_page(a, urls_changes(), i / per),
				       change_anchor(a, c));
		sbuf_reset(&html);
		sbuf_puts(&html, "<ul>");
		for (size_t k = 0; k < c->n_certified; k++) {
			const struct change *x = &c->v[k];
			const char *label = change_label(g, a, x);
			const char *detail = change_detail(g, a, x);
			const char *lang, *name = change_name(g, x, &lang);
			sbuf_puts(&html, "<li>");
			escape_html(&html, label, strlen(label));
			sbuf_puts(&html, ": ");
			/* a link to the product, or a span for a lang */
			bool wrap = x->product || lang;
			if (wrap)
				sbuf_puts(&html, x->product ? "<a" : "<span");
			if (lang) {
				sbuf_puts(&html, " lang=\"");
				escape_html(&html, lang, strlen(lang));
				sbuf_puts(&html, "\"");
			}
			if (x->product) {
				const char *url = arena_printf(a, "%s%s", home,
					change_url(a, x));
				sbuf_puts(&html, " href=\"");
				escape_html(&html, url, strlen(url));
				sbuf_puts(&html, "\"");
			}
			if (wrap)
				sbuf_puts(&html, ">");
			escape_html(&html, name, strlen(name));
			if (wrap)
				sbuf_puts(&html, x->product ? "</a>" : "</span>");
			if (detail) {
				sbuf_puts(&html, " (");
				escape_html(&html, detail, strlen(detail));
				sbuf_puts(&html, ")");
			}
			sbuf_puts(&html, "</li>");
		}
		sbuf_puts(&html, "</ul>");
		const char *others = others_text(g, c);
		if (others) {
			sbuf_puts(&html, "<p>");
			escape_html(&html, others, strlen(others));
			sbuf_puts(&html, "</p>");
		}
		e->html = arena_strndup(a, html.data, html.len);
	}
	sbuf_release(&html);
	f.v = v;
	if (f.n) {
		f.updated = v[0].updated;
	} else {
		/* no entry: the build date, at its start */
		char iso[11];
		struct date today = date_from_days(g->c->as_of_days);
		date_iso(&today, iso);
		f.updated = arena_printf(a, "%sT00:00:00Z", iso);
	}
	sbuf_reset(&g->html);
	feed_atom(&g->html, &f);
	emit_file(g, it->path, g->html.data, g->html.len);
}

static void
emit_entry(struct gen *g, const struct plan_item *it)
{
	struct arena *a = &g->scratch;
	struct view sv = g->v;
	sv.a = a;
	switch (it->kind) {
	case PLAN_PRODUCT: {
		const struct product *p = (const struct product *)it->entry;
		const struct product *pt = product_in(p, g->lang);
		struct val *m = view_product(&sv, p);
		val_set(a, m, "updated", updated_val(g, a, &p->e));
		sbuf_reset(&g->html);
		data_product_jsonld(&g->html, g->c, p, g->lang, &g->scratch);
		val_set_str(a, m, "jsonld", arena_strndup(a, g->html.data,
							  g->html.len));
		offer_embed(g, NULL, &p->e, pt->e.name);
		emit(g, "product", it->path, it->url, pt->e.name, pt->e.summary,
		     "product", m, !p->e.tr[g->lang]);
		break;
	}
	case PLAN_PRODUCER: {
		const struct producer *p = (const struct producer *)it->entry;
		const struct producer *pt = producer_in(p, g->lang);
		struct val *m = view_producer(&sv, p, false);
		val_set(a, m, "updated", updated_val(g, a, &p->e));
		with_products(g, m, it, p->products, p->n_products,
			      urls_producer(a, p->e.slug));
		offer_embed(g, NULL, &p->e, pt->e.name);
		emit(g, "producer", it->path, it->url,
		     page_title(a, pt->e.name, it), pt->e.summary, "producer", m,
		     !p->e.tr[g->lang]);
		break;
	}
	case PLAN_POS: {
		const struct point_of_sale *p =
			(const struct point_of_sale *)it->entry;
		const struct point_of_sale *pt = pos_in(p, g->lang);
		struct val *m = view_pos(&sv, p, false);
		val_set(a, m, "updated", updated_val(g, a, &p->e));
		with_products(g, m, it, p->products, p->n_products,
			      urls_pos(a, p->e.slug));
		sbuf_reset(&g->html);
		data_pos_jsonld(&g->html, g->c, p, g->lang, &g->scratch);
		val_set_str(a, m, "jsonld", arena_strndup(a, g->html.data,
							  g->html.len));
		offer_embed(g, NULL, &p->e, pt->e.name);
		emit(g, "point-of-sale", it->path, it->url,
		     page_title(a, pt->e.name, it), pt->e.summary, "pos", m,
		     !p->e.tr[g->lang]);
		break;
	}
	default: {
		const struct page *p = (const struct page *)it->entry;
		const struct page *pt = page_in(p, g->lang);
		struct val *m = val_map(a);
		val_set_str(a, m, "title", pt->e.name);
		val_set_str(a, m, "summary", pt->e.summary);
		val_set_str(a, m, "content", pt->e.html);
		emit(g, "page", it->path, it->url, pt->e.name, pt->e.summary,
		     "page", m, !p->e.tr[g->lang]);
		break;
	}
	}
}

/*
 * A product's label page (docs/labels.md): the A6 label and its
 * 50 x 30 mm shelf tag.  In the default language only, whose switch
 * leads to the product's page in the other languages.
 */
static void
emit_label(struct gen *g, const struct plan_item *it)
{
	struct arena *a = &g->scratch;
	struct view sv = g->v;
	sv.a = a;
	const struct product *p = (const struct product *)it->entry;
	const struct product *pt = product_in(p, g->lang);
	emit_in(g, "label", it->path, it->url, urls_product(a, p->e.slug),
		tfill(g, a, "titles.label", pt->e.name), pt->e.summary,
		"label", view_label(&sv, p), false);
}

/* ---- old URLs (model/links.h, docs/history.md) ------------------------ */

static const char *const link_kinds[] = {
	[ENTRY_PRODUCT] = "product", [ENTRY_PRODUCER] = "producer",
	[ENTRY_POS] = "pos", [ENTRY_PAGE] = "page",
};

/*
 * An old URL of a renamed entry: a page that sends the browser on at
 * once (meta refresh: a static host cannot answer 301) to the entry's
 * page now, or to its history page, with a link for a browser that does
 * not follow it.  Its canonical link is the new page; it has no
 * alternates and is not a page to share.
 */
static void
emit_redirect(struct gen *g, const struct plan_item *it)
{
	struct arena *a = &g->scratch;
	const struct site *s = g->c->site;
	const struct entry *to = it->link->to;
	const struct entry *tt = to->tr[g->lang] ? to->tr[g->lang] : to;
	const char *url = urls_entry(a, to->kind, to->slug);
	if (it->page == 1)
		url = urls_product_history(a, to->slug);
	struct val *m = val_map(a);
	val_set_str(a, m, "canonical", arena_printf(a, "%s%s%s", s->base_url,
		    g->prefix, url));
	val_set(a, m, "alternates", val_list(a));
	val_set_bool(a, m, "shareable", false);
	val_set_str(a, m, "target", url);
	val_set_str(a, m, "target_name", tt->name);
	val_set_str(a, m, "target_name_lang",
		    to->tr[g->lang] ? NULL : s->language);
	val_set_bool(a, m, "history", it->page == 1);
	emit(g, "redirect", it->path, it->url,
	     tfill(g, a, "links.moved_title", tt->name), NULL, "page", m, false);
}

/*
 * A removed entry at its old URL: its last name, since when it is not
 * listed, and the message of the commit that removed it (text from the
 * repository, escaped by the templates as every other).  A static host
 * cannot answer 410: the page is a 200 that says noindex.
 */
static void
emit_tombstone(struct gen *g, const struct plan_item *it)
{
	struct arena *a = &g->scratch;
	const struct link *l = it->link;
	const char *kind = link_kinds[l->entry];
	const char *name = l->name ? l->name : l->slug;
	struct date d = commit_day(l->removed);
	char iso[11];
	date_iso(&d, iso);
	struct val *m = val_map(a);
	val_set_str(a, m, "name", name);
	val_set_str(a, m, "lead", t(g, arena_printf(a, "links.removed.%s", kind)));
	val_set_str(a, m, "date", view_date(&g->v, &d));
	val_set_str(a, m, "iso", arena_strdup(a, iso));
	val_set_str(a, m, "message", l->removed->summary);
	val_set_str(a, m, "commit", arena_strndup(a, l->removed->id, 7));
	val_set_str(a, m, "list_url", l->entry == ENTRY_PRODUCT ? urls_products()
		    : l->entry == ENTRY_PRODUCER ? urls_producers()
		    : urls_points_of_sale());
	val_set_str(a, m, "list", t(g, arena_printf(a, "links.list.%s", kind)));
	if (l->timeline && l->timeline->n)
		val_set_str(a, m, "history_url", urls_product_history(a, l->slug));
	emit(g, "tombstone", it->path, it->url,
	     tfill(g, a, "links.removed_title", name), NULL, "tombstone", m,
	     false);
}

/* The shelf tags of every product a point of sale sells, on one page
 * that prints on A4 sheets. */
static void
emit_pos_labels(struct gen *g, const struct plan_item *it)
{
	struct arena *a = &g->scratch;
	struct view sv = g->v;
	sv.a = a;
	const struct point_of_sale *p = (const struct point_of_sale *)it->entry;
	const struct point_of_sale *pt = pos_in(p, g->lang);
	struct val *m = view_pos(&sv, p, false);
	struct val *labels = val_list(a);
	for (size_t i = 0; i < p->n_products; i++)
		val_push(a, labels, view_label(&sv, p->products[i]));
	val_set(a, m, "labels", labels);
	emit_in(g, "pos-labels", it->path, it->url, urls_pos(a, p->e.slug),
		tfill(g, a, "titles.pos_labels", pt->e.name), pt->e.summary,
		"pos", m, false);
}

/* A product's QR code (render/qr.h): a file, the same whatever the
 * language of the pages around it. */
static void
emit_qr(struct gen *g, const struct plan_item *it)
{
	const struct product *p = (const struct product *)it->entry;
	const char *text = view_qr_text(&g->scratch, g->c->site, p);
	/* the drawing depends on the text, libqrencode and ocop alone */
	unsigned char made_of[PAGE_KEY_BYTES];
	const unsigned char *key = text_key(g, qr_settings(), text, made_of);
	if (kept_unmade(g, it->path, key))
		return;
	sbuf_reset(&g->html);
	if (qr_svg(&g->html, text, g->sh->qr_codes, NULL) < 0) {
		g->err = EXIT_ERRORS;
		diag_error(&g->dl, (struct pos){ p->e.path, 0, 0 }, "qr",
			   "the QR code of \"%s\" cannot be made: its address is %zu bytes long, more than a QR code holds",
			   text, strlen(text));
		diag_hint(&g->dl, "write a shorter base_url in site.yaml, or a shorter file name for the product");
		return;
	}
	emit_made(g, it->path, key);
}

/* {key, text} of each string the viewer's script shows
 * (docs/embedding.md), from the theme's strings. */
static struct val *
embed_strings(struct gen *g, struct arena *a)
{
	struct val *l = val_list(a);
#define STR(k, v) do { struct val *m_ = val_map(a); \
		val_set_str(a, m_, "key", (k)); val_set_str(a, m_, "text", (v)); \
		val_push(a, l, m_); } while (0)
	for (int n = 3; n <= 5; n++)
		STR(arena_printf(a, "stars-%d", n),
		    view_format_n(&g->v, "stars_format", n));
	for (int k = 0; k < CERT_STATUSES; k++)
		STR(arena_printf(a, "status-%s", model_cert_status_slugs[k]),
		    t(g, arena_printf(a, "status.%s", model_cert_status_slugs[k])));
	for (int k = 0; k < GROUP_COUNT; k++)
		STR(arena_printf(a, "group-%s", model_group_slugs[k]),
		    t(g, arena_printf(a, "groups.%s", model_group_slugs[k])));
	for (int k = 0; k < POS_KIND_COUNT; k++)
		STR(arena_printf(a, "pos-kind-%s", model_pos_kind_slugs[k]),
		    t(g, arena_printf(a, "pos_kinds.%s", model_pos_kind_slugs[k])));
	for (int k = 0; k < PRODUCER_TYPE_COUNT; k++)
		STR(arena_printf(a, "producer-type-%s", model_producer_type_slugs[k]),
		    t(g, arena_printf(a, "producer_types.%s",
				      model_producer_type_slugs[k])));
	static const char *const plain[][2] = {
		{ "valid-until", "valid_until" }, { "expired-on", "expired_on" },
		{ "in-force-from", "in_force_from" },
		{ "potential", "potential_5_star" },
		{ "where-to-buy", "where_to_buy" }, { "hours", "hours" },
		{ "phone", "phone" }, { "empty", "no_products" },
		{ "thousands-sep", "thousands_sep" },
		{ "see-all", "embed.see_all" }, { "open", "embed.open" },
		{ "error", "embed.error" }, { "source", "embed.source" },
	};
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		STR(plain[i][0], t(g, plain[i][1]));
	/* a count's two forms, with {n} where the number goes */
	STR("count-one", theme_plural(g->th, g->lang, "count_format", 1));
	STR("count-other", theme_plural(g->th, g->lang, "count_format", 2));
	/* dates as the pages write them: "12 June 2023" or 12/06/2023 */
	const struct val *months = val_get(g->th->strings[g->lang], "months");
	if (!strcmp(t(g, "date_format"), "dmonthy") && months &&
	    months->kind == VAL_LIST && months->n == 12) {
		struct sbuf sb = SBUF_INIT;
		for (size_t i = 0; i < 12; i++)
			if (months->items[i]->kind == VAL_STR)
				sbuf_putf(&sb, "%s%s", i ? "|" : "", months->items[i]->s);
		STR("months", arena_strndup(a, sb.data, sb.len));
		sbuf_release(&sb);
	}
#undef STR
	return l;
}

/* The search page: what its script shows (the embed viewer's strings),
 * and, for a reader without JavaScript, the lists to browse instead. */
static struct val *
search_page_val(struct gen *g)
{
	struct arena *a = &g->scratch;
	const struct plan *p = g->plan;
	struct val *m = val_map(a);
	struct val *strings = embed_strings(g, a);
	const char *const extra[][2] = {
		{ "found-one", theme_plural(g->th, g->lang, "search.found", 1) },
		{ "found-other", theme_plural(g->th, g->lang, "search.found", 2) },
		{ "none", t(g, "search.none") },
		{ "hidden-one", theme_plural(g->th, g->lang, "search.hidden", 1) },
		{ "hidden-other", theme_plural(g->th, g->lang, "search.hidden", 2) },
		{ "any", t(g, "search.any") },
		{ "facet-stars", t(g, "search.facets.stars") },
		{ "facet-status", t(g, "search.facets.status") },
		{ "facet-group", t(g, "search.facets.group") },
		{ "facet-province", t(g, "search.facets.province") },
		{ "facet-commune", t(g, "search.facets.commune") },
		{ "facet-producer_type", t(g, "search.facets.producer_type") },
		{ "facet-platform", t(g, "search.facets.platform") },
	};
	for (size_t i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
		struct val *s = val_map(a);
		val_set_str(a, s, "key", extra[i][0]);
		val_set_str(a, s, "text", extra[i][1]);
		val_push(a, strings, s);
	}
	val_set(a, m, "strings", strings);
	val_set_str(a, m, "all_url", urls_products());
	struct val *stars = val_list(a);
	for (int s = 0; s < 3; s++)
		val_push(a, stars, count_item(a, p->stars[s].slug,
			 view_list_title(&g->v, &p->stars[s]), p->stars[s].n,
			 p->stars[s].url));
	val_set(a, m, "stars", stars);
	struct val *groups = val_list(a);
	for (int k = 0; k < GROUP_COUNT; k++)
		if (p->groups[k].n)
			val_push(a, groups, count_item(a, p->groups[k].slug,
				 view_list_title(&g->v, &p->groups[k]),
				 p->groups[k].n, p->groups[k].url));
	val_set(a, m, "groups", groups);
	struct val *provinces = val_list(a);
	for (size_t i = 0; i < p->n_provinces; i++)
		val_push(a, provinces, count_item(a, NULL, p->provinces[i].name,
			 p->provinces[i].n, p->provinces[i].url));
	val_set(a, m, "provinces", provinces);
	return m;
}

/* ---- the certificate lookup (docs/verify.md) ------------------------ */

/* The strings verify.js shows, in the page's language, as one JSON
 * object (json-c): the theme's verify.js.*, the statuses, the stars and
 * what it needs to write a date as the pages do. */
static const char *
verify_strings(struct gen *g, struct arena *a)
{
	static const char *const keys[] = {
		"valid", "expiring", "expired", "revoked", "revoked_by",
		"pending", "unpublished", "not_found", "not_found_hint", "empty",
		"decision", "issued_by", "no_number", "numbered",
		"matched_revocation", "matched_code", "matched_gtin",
		"decision_page", "producer", "as_of", "error",
	};
	struct json_object *o = json_object_new_object();
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		jsonout_str(o, keys[i], t(g, arena_printf(a, "verify.js.%s",
							  keys[i])));
	for (int k = 0; k < CERT_STATUSES; k++)
		jsonout_str(o, arena_printf(a, "status-%s",
					    model_cert_status_slugs[k]),
			    t(g, arena_printf(a, "status.%s",
					      model_cert_status_slugs[k])));
	jsonout_str(o, "count-one", theme_plural(g->th, g->lang,
						 "verify.js.count", 1));
	jsonout_str(o, "count-other", theme_plural(g->th, g->lang,
						   "verify.js.count", 2));
	jsonout_str(o, "stars", theme_plural(g->th, g->lang, "stars_format", 2));
	jsonout_str(o, "date_format", t(g, "date_format"));
	struct json_object *months = json_object_new_array();
	const struct val *mv = val_get(g->th->strings[g->lang], "months");
	for (size_t k = 0; mv && mv->kind == VAL_LIST && k < mv->n; k++)
		if (mv->items[k]->kind == VAL_STR)
			json_object_array_add(months,
				json_object_new_string(mv->items[k]->s));
	json_object_object_add(o, "months", months);
	size_t len;
	const char *text = jsonout_text(o, &len);
	const char *r = arena_strndup(a, text, len);
	json_object_put(o);
	return r;
}

/* One row of the lookup's list: a product's certificate. */
static struct val *
verify_row(struct gen *g, struct arena *a, const struct product *p)
{
	const struct certificate *c = &p->cert;
	const char *other = g->lang ? g->c->site->language : NULL;
	enum cert_status st = cert_status(c, g->c->as_of_days);
	struct val *m = val_map(a);
	val_set_str(a, m, "number", c->number);
	val_set_str(a, m, "issuer", c->issuer);
	/* a certificate is written once, in the default language */
	val_set_str(a, m, "issuer_lang", c->issuer ? other : NULL);
	char iso[11];
	if (!c->details_unknown) {
		date_iso(&c->issued, iso);
		val_set_str(a, m, "issued", view_date(&g->v, &c->issued));
		val_set_str(a, m, "issued_iso", arena_strdup(a, iso));
	}
	val_set_str(a, m, "name", product_in(p, g->lang)->e.name);
	val_set_str(a, m, "name_lang", p->e.tr[g->lang] ? NULL : other);
	val_set_str(a, m, "url", urls_product(a, p->e.slug));
	val_set_str(a, m, "stars_text", view_format_n(&g->v, "stars_format",
						      p->stars));
	val_set_str(a, m, "status", model_cert_status_slugs[st]);
	val_set_str(a, m, "status_text", t(g, arena_printf(a, "status.%s",
					   model_cert_status_slugs[st])));
	/* the day that matters for the status: until, since, from */
	const struct date *when = NULL;
	const char *key = NULL;
	switch (st) {
	case CERT_VALID:
		when = &c->expires;
		key = "verify.row.valid";
		break;
	case CERT_EXPIRED:
		when = &c->expires;
		key = "verify.row.expired";
		break;
	case CERT_REVOKED:
		when = &c->revoked.date;
		key = "verify.row.revoked";
		break;
	case CERT_PENDING:
		when = &c->issued;
		key = "verify.row.pending";
		break;
	default:
		break;
	}
	if (when) {
		date_iso(when, iso);
		val_set_str(a, m, "when", tfill(g, a, key, view_date(&g->v, when)));
		val_set_str(a, m, "when_iso", arena_strdup(a, iso));
	}
	val_set_bool(a, m, "expiring", st == CERT_VALID &&
		     c->expires.days - g->c->as_of_days <= CERT_SOON_DAYS);
	const struct plan_list *d = plan_decision(g->plan, p);
	val_set_str(a, m, "decision_url", d ? d->url : NULL);
	return m;
}

/* How the guide names a certificate: its issuer (unless skip_issuer)
 * and decision number, or what stands for them. */
static const char *
verify_guide_name(struct gen *g, struct arena *a, const struct product *p,
		  bool skip_issuer)
{
	const struct certificate *c = &p->cert;
	if (!c->number)
		return t(g, "verify.guide_unpublished");
	if (skip_issuer)
		return c->number;
	return arena_printf(a, "%s %s", c->issuer ? c->issuer
			    : t(g, "verify.no_issuer"), c->number);
}

/*
 * The guide to the list's pages, as a phone book's: this page's first
 * and last certificate, and each issuer with the pages that hold its
 * certificates (the first linked).  Its size is the number of issuers,
 * not of pages, so the list's bytes stay linear in its length.  Only
 * when the list has more than one page.
 */
static void
verify_guide(struct gen *g, struct arena *a, struct val *m,
	     const struct plan_item *it, size_t per)
{
	const struct verify_index *vx = &g->plan->verify;
	if (it->pages <= 1 || !vx->n)
		return;
	size_t first = it->page * per;
	size_t last = first + per < vx->n ? first + per - 1 : vx->n - 1;
	const struct product *p0 = vx->items[first], *p1 = vx->items[last];
	bool same = p0->cert.issuer && p1->cert.issuer && p0->cert.number &&
		    p1->cert.number && !strcmp(p0->cert.issuer, p1->cert.issuer);
	const char *words = fill(a, t(g, "verify.guide_words"), "{from}",
				 verify_guide_name(g, a, p0, false));
	words = fill(a, words, "{to}", verify_guide_name(g, a, p1, same));
	val_set_str(a, m, "guide_words", words);
	struct val *groups = val_list(a);
	for (size_t i = 0; i < vx->n_groups; i++) {
		const struct verify_group *gr = &vx->groups[i];
		struct val *e = val_map(a);
		val_set_str(a, e, "name", gr->unpublished
			    ? t(g, "verify.guide_unpublished") : gr->issuer
			    ? gr->issuer : t(g, "verify.no_issuer"));
		/* an issuer is written once, in the default language */
		val_set_str(a, e, "name_lang", gr->issuer && g->lang
			    ? g->c->site->language : NULL);
		/* its pages: the first linked, the range said */
		size_t from = gr->first / per, to = (gr->first + gr->n - 1) / per;
		val_set_str(a, e, "url", urls_list_page(a, urls_verify_page(), from));
		char n[24];
		snprintf(n, sizeof(n), "%zu", from + 1);
		const char *pages = fill(a, t(g, from == to ? "verify.guide_page"
					       : "verify.guide_pages"), "{from}", n);
		snprintf(n, sizeof(n), "%zu", to + 1);
		val_set_str(a, e, "pages", fill(a, pages, "{to}", n));
		val_set_bool(a, e, "here", it->page >= from && it->page <= to);
		val_push(a, groups, e);
	}
	val_set(a, m, "guide", groups);
	val_set_bool(a, m, "has_guide", true);
}

/* A page of the certificate lookup: the form and the script's data on
 * every page, and a slice of the list of every certificate. */
static void
emit_verify(struct gen *g, const struct plan_item *it)
{
	struct arena *a = &g->scratch;
	const struct catalog *c = g->c;
	const struct verify_index *vx = &g->plan->verify;
	struct val *m = val_map(a);
	struct date today = date_from_days(c->as_of_days);
	char iso[11];
	date_iso(&today, iso);
	val_set_str(a, m, "as_of_iso", arena_strdup(a, iso));
	val_set_str(a, m, "as_of_text", tfill(g, a, "verify.as_of",
					      view_date(&g->v, &today)));
	val_set_str(a, m, "default_lang", c->site->language);
	val_set_num(a, m, "shards", (double)vx->n_shards);
	val_set_num(a, m, "soon", CERT_SOON_DAYS);
	val_set_str(a, m, "strings_json", verify_strings(g, a));
	val_set_str(a, m, "count_text", view_format_n(&g->v, "count_format",
						      (long)vx->n));
	size_t per = verify_rows_per_page(c);
	struct val *rows = val_list(a);
	for (size_t i = it->page * per; i < vx->n && i < (it->page + 1) * per; i++)
		val_push(a, rows, verify_row(g, a, vx->items[i]));
	val_set(a, m, "rows", rows);
	val_set_bool(a, m, "has_rows", vx->n > 0);
	verify_guide(g, a, m, it, per);
	val_set(a, m, "pagination", pagination_val(a, urls_verify_page(),
						   it->page, it->pages));
	emit(g, "verify", it->path, it->url,
	     page_title(a, t(g, "verify.title"), it), t(g, "verify.description"),
	     "verify", m, false);
}

/* The viewer that the embeds show in their frames (embed.h). */
static void
emit_embed_page(struct gen *g, const struct plan_item *it)
{
	struct arena *a = &g->scratch;
	struct val *m = val_map(a);
	val_set(a, m, "strings", embed_strings(g, a));
	/* a commune or district names its province in a host's snippet
	 * unless the catalog has only one */
	val_set_str(a, m, "province", g->plan->n_provinces == 1
		    ? urls_place_slug(a, g->plan->provinces[0].name) : NULL);
	emit(g, "embed", it->path, it->url, t(g, "embed.title"), NULL,
	     "embed", m, false);
}

/* Appends one <url> of the sitemap: the page in it's language, with its
 * other languages as alternates. */
static void
sitemap_url(struct gen *g, struct sbuf *sb, const struct plan_item *it)
{
	const struct site *s = g->c->site;
	const char *prefix = lang_prefix(&g->scratch, s, it->lang);
	sbuf_puts(sb, "<url><loc>");
	escape_html(sb, s->base_url, strlen(s->base_url));
	escape_html(sb, prefix, strlen(prefix));
	escape_html(sb, it->url, strlen(it->url));
	sbuf_puts(sb, "</loc>");
	for (size_t k = 0; s->n_languages > 1 && k < s->n_languages; k++) {
		const char *pk = lang_prefix(&g->scratch, s, (int)k);
		sbuf_putf(sb, "<xhtml:link rel=\"alternate\" hreflang=\"%s\" href=\"",
			  s->languages[k]);
		escape_html(sb, s->base_url, strlen(s->base_url));
		escape_html(sb, pk, strlen(pk));
		escape_html(sb, it->url, strlen(it->url));
		sbuf_puts(sb, "\"/>");
	}
	sbuf_puts(sb, "</url>\n");
}

/* sitemap.xml, or part it->page of it->pages: the plan's pages in plan
 * order, sitemap_limit to a part. */
static void
emit_sitemap(struct gen *g, const struct plan_item *it)
{
	const struct plan *p = g->plan;
	struct sbuf sb = SBUF_INIT;
	sbuf_puts(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
		  "xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
	size_t first = it->page * p->sitemap_limit, k = 0;
	for (size_t i = 0; i < p->n && k < first + p->sitemap_limit; i++) {
		if (!plan_in_sitemap(&p->v[i]))
			continue;
		if (k++ >= first)
			sitemap_url(g, &sb, &p->v[i]);
		arena_reset(&g->scratch);
	}
	sbuf_puts(&sb, "</urlset>\n");
	emit_file(g, it->path, sb.data, sb.len);
	sbuf_release(&sb);
}

static void
emit_sitemap_index(struct gen *g, const struct plan_item *it)
{
	const char *base = g->c->site->base_url;
	struct sbuf sb = SBUF_INIT;
	sbuf_puts(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	for (size_t k = 0; k < it->pages; k++) {
		sbuf_puts(&sb, "<sitemap><loc>");
		escape_html(&sb, base, strlen(base));
		sbuf_putf(&sb, "sitemap-%zu.xml</loc></sitemap>\n", k + 1);
	}
	sbuf_puts(&sb, "</sitemapindex>\n");
	emit_file(g, it->path, sb.data, sb.len);
	sbuf_release(&sb);
}

static void
emit_robots(struct gen *g, const struct plan_item *it)
{
	struct sbuf robots = SBUF_INIT;
	sbuf_putf(&robots, "User-agent: *\nAllow: /\n\nSitemap: %ssitemap.xml\n",
		  g->c->site->base_url);
	emit_file(g, it->path, robots.data, robots.len);
	sbuf_release(&robots);
}

/* i past the white space at s[i..len). */
static size_t
past_space(const char *s, size_t i, size_t len)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
			   s[i] == '\r'))
		i++;
	return i;
}

/* Whether s[i..] opens a tag that may put the commit in scope or hide
 * that it does: "{{", then '#' or '^' and the name build (a section
 * on build), or '=' (new delimiters), white space allowed between. */
static bool
opens_build(const char *s, size_t i, size_t len)
{
	if (len - i < 2 || s[i] != '{' || s[i + 1] != '{')
		return false;
	i = past_space(s, i + 2, len);
	if (i < len && s[i] == '=')
		return true;
	if (i >= len || (s[i] != '#' && s[i] != '^'))
		return false;
	i = past_space(s, i + 1, len);
	if (len - i < 5 || memcmp(s + i, "build", 5))
		return false;
	i = past_space(s, i + 5, len);
	return len - i >= 2 && s[i] == '}' && s[i + 1] == '}';
}

/* Whether a template of the theme may show the commit built: one that
 * names build.commit (or build.commit_short), opens a section on
 * build, or changes its delimiters (which could hide either). */
static bool
templates_show_commit(const struct theme *th)
{
	for (size_t f = 0; f < th->n; f++) {
		const struct theme_file *tf = &th->files[f];
		if (strncmp(tf->path, "templates/", 10))
			continue;
		const char *s = tf->data.p;
		size_t len = tf->data.len;
		for (size_t i = 0; i < len; i++) {
			if (s[i] == 'b' && len - i >= 12 &&
			    !memcmp(s + i, "build.commit", 12))
				return true;
			if (s[i] == '{' && opens_build(s, i, len))
				return true;
		}
	}
	return false;
}

/* Builds what every page of language lang shares, every product card
 * included, so that rendering only reads it. */
static void
lang_ctx_init(struct lang_ctx *lc, const struct plan *plan,
	      const struct theme *th, const struct build_info *info, int lang,
	      struct arena *a)
{
	const struct catalog *c = plan->c;
	lc->prefix = lang_prefix(a, c->site, lang);
	view_init(&lc->v, a, c, plan, th, lang);
	char iso[11];
	struct date today = date_from_days(c->as_of_days);
	date_iso(&today, iso);
	lc->build = val_map(a);
	val_set_str(a, lc->build, "date", view_date(&lc->v, &today));
	val_set_str(a, lc->build, "date_iso", arena_strdup(a, iso));
	/* only for a theme that may show it: every page's data would
	 * change with every commit, and no page could be kept */
	const char *commit = templates_show_commit(th) ? info->commit : NULL;
	val_set_str(a, lc->build, "commit", commit);
	val_set_str(a, lc->build, "commit_short", commit
		    ? arena_strndup(a, commit, 7) : NULL);
	val_set_str(a, lc->build, "generator",
		    arena_printf(a, "ocop %s", info->version));
	/* the data version: the newest tag, which changes only when the
	 * department tags a version (a commit's id would change every
	 * page on every commit) */
	const struct changelog *ch = plan->changes;
	val_set_str(a, lc->build, "version",
		    ch && ch->n_versions ? ch->versions[0].name : NULL);
	lc->menu = menu_val(th, c, lang, a, NULL);
	lc->publisher = publisher_val(&lc->v, c->site, lang);
	lc->logo = logo_val(a, c->logo);
}

/* The cards of every language (products', producers' and points of
 * sale's), built on every core before any page is rendered: each is
 * read by many pages (a product's by about 8 lists), and hashed once
 * (set_epoch()). */
struct card_job {
	struct lang_ctx *langs;
	size_t n_products;
	struct arena arenas[WORKERS_MAX];
};

static bool
build_card(void *ctx, unsigned worker, size_t i)
{
	struct card_job *j = ctx;
	const struct catalog *c = j->langs[0].v.c;
	size_t per_lang = c->n_products + c->n_producers + c->n_pos;
	struct view v = j->langs[i / per_lang].v;
	v.cards_a = &j->arenas[worker];   /* each worker its own */
	size_t k = i % per_lang;
	if (k < c->n_products)
		view_product_card(&v, c->products[k]);
	else if ((k -= c->n_products) < c->n_producers)
		view_producer_card(&v, c->producers[k]);
	else
		view_pos_card(&v, c->pos[k - c->n_producers]);
	return true;
}

static void
build_cards(struct lang_ctx *langs, size_t n_langs, size_t n_products,
	    unsigned jobs, struct arena *a)
{
	struct card_job j = { .langs = langs, .n_products = n_products };
	for (size_t k = 0; k < WORKERS_MAX; k++)
		j.arenas[k] = (struct arena)ARENA_INIT;
	const struct catalog *c = langs[0].v.c;
	workers_run(n_langs * (c->n_products + c->n_producers + c->n_pos),
		    jobs, 64, build_card, &j);
	for (size_t k = 0; k < WORKERS_MAX; k++)
		arena_adopt(a, &j.arenas[k]);
}

/* Every product card of every language rendered once as a piece of the
 * theme's "card" partial (tpl.h), which each list showing it pastes. */
struct piece_job {
	struct lang_ctx *langs;
	size_t n_products;
	struct tpl_env *env;
	const struct val *outer[MODEL_MAX_LANGS];
	const struct tpl_piece **pieces;
	struct arena arenas[WORKERS_MAX];
};

static bool
build_piece(void *ctx, unsigned worker, size_t i)
{
	struct piece_job *j = ctx;
	size_t lang = i / j->n_products;
	struct view v = j->langs[lang].v;
	const struct val *card = view_product_card(&v,
			v.c->products[i % j->n_products]);
	j->pieces[i] = tpl_piece_render(j->env, "card", j->outer[lang], card,
					&j->arenas[worker]);
	return true;
}

static struct tpl_pieces *
build_pieces(struct lang_ctx *langs, size_t n_langs, size_t n_products,
	     const struct theme *th, unsigned jobs, struct arena *a)
{
	struct piece_job j = { .langs = langs, .n_products = n_products,
			       .env = th->tpl };
	/* what a piece may take from every page of its language as it is;
	 * anything else it takes from outside the card is a hole or a
	 * condition checked at each paste */
	for (size_t k = 0; k < n_langs; k++) {
		struct val *m = val_map(a);
		val_set_str(a, m, "lang", langs[0].v.c->site->languages[k]);
		val_set(a, m, "t", th->strings[k]);
		val_set(a, m, "build", langs[k].build);
		j.outer[k] = m;
	}
	size_t n = n_langs * n_products;
	j.pieces = xcalloc(n ? n : 1, sizeof(*j.pieces));
	for (size_t k = 0; k < WORKERS_MAX; k++)
		j.arenas[k] = (struct arena)ARENA_INIT;
	workers_run(n, jobs, 64, build_piece, &j);
	for (size_t k = 0; k < WORKERS_MAX; k++)
		arena_adopt(a, &j.arenas[k]);
	struct tpl_pieces *ps = tpl_pieces_new();
	for (size_t i = 0; i < n; i++)
		tpl_pieces_add(ps, j.pieces[i]);
	free(j.pieces);
	return ps;
}

/* Switches the worker to the language of the item. */
static void
enter_language(struct gen *g, int lang)
{
	const struct lang_ctx *lc = &g->sh->langs[lang];
	g->lang = lang;
	g->prefix = lc->prefix;
	g->build = lc->build;
	g->v = lc->v;
	g->v.a = &g->scratch;     /* the cards stay in the build's arena */
}

static void
render_item(struct gen *g, const struct plan_item *it)
{
	if ((it->url || it->kind == PLAN_NOT_FOUND || it->kind == PLAN_OEMBED ||
	     it->kind == PLAN_CHANGES_FEED) &&
	    (!g->build || it->lang != g->lang))
		enter_language(g, it->lang);
	switch (it->kind) {
	case PLAN_HOME:
		emit_home(g, it);
		break;
	case PLAN_LIST:
		if (it->list->kind == LIST_PRODUCER_TYPE)
			emit_index(g, it, it->list);
		else
			emit_list(g, it);
		break;
	case PLAN_PRODUCERS:
	case PLAN_POINTS_OF_SALE:
		emit_index(g, it, NULL);
		break;
	case PLAN_PRODUCT:
	case PLAN_PRODUCER:
	case PLAN_POS:
	case PLAN_PAGE:
		emit_entry(g, it);
		break;
	case PLAN_NOT_FOUND:
		emit(g, "404", it->path, "404.html", t(g, "titles.not_found"),
		     NULL, NULL, NULL, false);
		break;
	case PLAN_FILE:
		if (it->data_file)
			emit_file_from(g, it);
		else
			emit_file(g, it->path, it->data.p, it->data.len);
		break;
	case PLAN_SITEMAP:
		emit_sitemap(g, it);
		break;
	case PLAN_SITEMAP_INDEX:
		emit_sitemap_index(g, it);
		break;
	case PLAN_ROBOTS:
		emit_robots(g, it);
		break;
	case PLAN_DATA_PAGE:
		emit_data_page(g, it);
		break;
	case PLAN_LABEL:
		emit_label(g, it);
		break;
	case PLAN_HISTORY: {
		struct arena *a = &g->scratch;
		if (it->link) {        /* a removed product's (links.h) */
			const struct link *l = it->link;
			const char *name = l->name ? l->name : l->slug;
			struct val *m = history_val(g, a, name,
						    urls_product(a, l->slug), 0,
						    l->timeline);
			val_set_bool(a, m, "removed", true);
			emit(g, "history", it->path, it->url,
			     tfill(g, a, "history.title", name), NULL, "history",
			     m, false);
			break;
		}
		const struct entry *e = it->entry;
		const struct entry *et = entry_in(e, g->lang);
		int stars = e->kind == ENTRY_PRODUCT
			    ? ((const struct product *)e)->stars : 0;
		emit(g, "history", it->path, it->url,
		     tfill(g, a, "history.title", et->name), NULL, "history",
		     history_val(g, a, et->name, urls_entry(a, e->kind, e->slug),
				 stars, plan_timeline(g->plan, e)), !e->tr[g->lang]);
		break;
	}
	case PLAN_POS_LABELS:
		emit_pos_labels(g, it);
		break;
	case PLAN_REDIRECT:
		emit_redirect(g, it);
		break;
	case PLAN_TOMBSTONE:
		emit_tombstone(g, it);
		break;
	case PLAN_CHANGES:
		emit_changes(g, it);
		break;
	case PLAN_CHANGES_FEED:
		emit_changes_feed(g, it);
		break;
	case PLAN_VERSIONS:
		emit_versions(g, it);
		break;
	case PLAN_QR:
		emit_qr(g, it);
		break;
	case PLAN_EMBED_PAGE:
		emit_embed_page(g, it);
		break;
	case PLAN_EMBED_SCRIPT:
		sbuf_reset(&g->html);
		embed_script(&g->html, g->c->site);
		emit_file(g, it->path, g->html.data, g->html.len);
		break;
	case PLAN_EMBED_DATA: {
		struct view views[MODEL_MAX_LANGS];
		for (size_t k = 0; k < g->c->site->n_languages; k++) {
			views[k] = g->sh->langs[k].v;
			views[k].a = &g->scratch;
		}
		/* kept when its head and its products' records are the
		 * same: most views show none of a commit's products */
		const struct embed_records *r = &g->sh->records;
		sbuf_reset(&g->html);
		embed_data_head(&g->html, it, r, views);
		unsigned char buf[PAGE_KEY_BYTES];
		const unsigned char *key = NULL;
		if (g->sh->keys && r->digested) {
			struct sbuf *k = key_begin(g, "embed-data");
			sbuf_put(k, g->html.data, g->html.len);
			embed_data_key(k, it, r);
			key = key_end(g, buf);
		}
		if (kept_unmade(g, it->path, key))
			break;
		embed_data_products(&g->html, it, r);
		emit_made(g, it->path, key);
		break;
	}
	case PLAN_OEMBED: {
		struct oembed o;
		if (!embed_oembed_fields(&o, it, &g->v))
			break;
		unsigned char buf[PAGE_KEY_BYTES];
		const unsigned char *key = NULL;
		if (g->sh->keys) {
			embed_oembed_key(key_begin(g, "oembed"), &o);
			key = key_end(g, buf);
		}
		if (kept_unmade(g, it->path, key))
			break;
		sbuf_reset(&g->html);
		embed_oembed(&g->html, &o);
		emit_made(g, it->path, key);
		break;
	}
	case PLAN_SEARCH_PAGE:
		emit(g, "search", it->path, it->url, t(g, "search.title"), NULL,
		     "search", search_page_val(g), false);
		break;
	case PLAN_SEARCH_SCRIPT:
		sbuf_reset(&g->html);
		search_script(&g->html, g->plan, it, g->th);
		emit_file(g, it->path, g->html.data, g->html.len);
		break;
	case PLAN_SEARCH_META:
	case PLAN_SEARCH_TOKENS:
	case PLAN_SEARCH_DOCS:
	case PLAN_SEARCH_FACETS:
	case PLAN_SEARCH_COMMUNES:
		sbuf_reset(&g->html);
		search_json(&g->html, g->plan, it, &g->sh->records);
		emit_file(g, it->path, g->html.data, g->html.len);
		break;
	case PLAN_VERIFY_PAGE:
		emit_verify(g, it);
		break;
	case PLAN_VERIFY_KEYS:
		sbuf_reset(&g->html);
		verify_json(&g->html, g->plan, it);
		emit_file(g, it->path, g->html.data, g->html.len);
		break;
	case PLAN_DATA: {
		/* a product's file is made from a few entries' files: kept
		 * when none changed (data_inputs()) */
		unsigned char buf[PAGE_KEY_BYTES];
		const unsigned char *key = g->sh->keys &&
			data_inputs(g->plan, it, &g->sh->data, key_begin(g, "data"))
			? key_end(g, buf) : NULL;
		if (kept_unmade(g, it->path, key))
			break;
		sbuf_reset(&g->html);
		data_render(g->plan, it, &g->sh->data, &g->html, &g->scratch);
		emit_made(g, it->path, key);
		/* a whole-catalog file is tens of megabytes at 20,000
		 * products: give them back rather than keep them for pages */
		if (g->html.cap > (1u << 22))
			sbuf_release(&g->html);
		break;
	}
	}
}

size_t
pages_theme_files(struct plan_file **out, const struct theme *th,
		  struct arena *a)
{
	struct plan_file *v = arena_array(a, th->n + 1, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < th->n; i++) {
		const struct theme_file *f = &th->files[i];
		if (strncmp(f->path, "static/", 7))
			continue;
		v[n++] = (struct plan_file){ f->path + 7, f->origin, f->data };
	}
	*out = v;
	return n;
}

/* One item, by worker (workers.h): false stops every worker, and the
 * item is remembered so that its problems are the ones reported. */
static bool
render_one(void *ctx, unsigned worker, size_t i)
{
	struct gen *g = (struct gen *)ctx + worker;
	const struct plan_item *it = &g->plan->v[i];
	struct timespec t0, t1;
	if (g->sh->timings)
		clock_gettime(CLOCK_MONOTONIC, &t0);
	g->kind = it->kind;
	render_item(g, it);
	arena_reset(&g->scratch);
	if (g->sh->timings) {
		clock_gettime(CLOCK_MONOTONIC, &t1);
		g->cost[it->kind].seconds += (double)(t1.tv_sec - t0.tv_sec) +
					     (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	}
	if (g->err) {
		g->failed = i;
		return false;
	}
	return true;
}

static int
cmp_cost(const void *x, const void *y)
{
	const struct kind_cost *a = x, *b = y;
	return (a->seconds < b->seconds) - (a->seconds > b->seconds);
}

/* OCOP_TIMINGS: what each kind of file cost the workers, the costliest
 * first. */
static void
print_costs(const struct gen *g, int workers)
{
	struct kind_cost sum[PLAN_KINDS];
	memset(sum, 0, sizeof(sum));
	for (int i = 0; i < PLAN_KINDS; i++) {
		sum[i].kind = (enum plan_kind)i;
		for (int k = 0; k < workers; k++) {
			sum[i].seconds += g[k].cost[i].seconds;
			sum[i].files += g[k].cost[i].files;
			sum[i].bytes += g[k].cost[i].bytes;
			sum[i].kept += g[k].cost[i].kept;
		}
	}
	qsort(sum, PLAN_KINDS, sizeof(sum[0]), cmp_cost);
	for (int i = 0; i < PLAN_KINDS; i++)
		if (sum[i].files)
			fprintf(stderr, "ocop: timing:   %-16s %8zu files %8zu kept %9.1f MB %8.3f s\n",
				plan_kind_name(sum[i].kind), sum[i].files,
				sum[i].kept, (double)sum[i].bytes / 1e6,
				sum[i].seconds);
}

/* The part of every page's key that the whole build shares: ocop's
 * program and the theme's files (templates, strings); and the digests
 * of the values many pages share, each made once.  No keys without the
 * program's digest: a new ocop may render the same data otherwise. */
static void
set_epoch(struct shared *sh, const struct build_info *info, size_t n_langs)
{
	sh->keys = info->program && sh->sink->keep;
	sh->check_kept = info->check_kept;
	if (!sh->keys)
		return;
	const struct catalog *c = sh->plan->c;
	sh->shared = val_digests_new();
	for (size_t k = 0; k < n_langs; k++) {
		struct view *v = &sh->langs[k].v;
		val_digests_add(sh->shared, sh->th->strings[k]);
		val_digests_add(sh->shared, sh->langs[k].build);
		val_digests_add(sh->shared, sh->langs[k].menu);
		val_digests_add(sh->shared, sh->langs[k].publisher);
		val_digests_add(sh->shared, sh->langs[k].logo);
		for (size_t i = 0; i < c->n_products; i++)
			val_digests_add(sh->shared, v->product_cards[i]);
		for (size_t i = 0; i < c->n_producers; i++)
			val_digests_add(sh->shared, v->producer_cards[i]);
		for (size_t i = 0; i < c->n_pos; i++)
			val_digests_add(sh->shared, v->pos_cards[i]);
	}
	struct sbuf b = SBUF_INIT;
	sbuf_put(&b, info->program, strlen(info->program) + 1);
	for (size_t i = 0; i < sh->th->n; i++) {
		const struct theme_file *f = &sh->th->files[i];
		uint64_t len = f->data.len;
		sbuf_put(&b, f->path, strlen(f->path) + 1);
		sbuf_put(&b, &len, sizeof(len));
		sbuf_put(&b, f->data.p, f->data.len);
	}
	sh->keys = EVP_Digest(b.data, b.len, sh->epoch, NULL, EVP_sha256(),
			      NULL);
	sbuf_release(&b);
}

static void
gen_init(struct gen *g, struct shared *sh)
{
	memset(g, 0, sizeof(*g));
	g->sh = sh;
	g->plan = sh->plan;
	g->c = sh->plan->c;
	g->th = sh->th;
	g->dl = (struct diag_list)DIAG_LIST_INIT;
	g->failed = SIZE_MAX;
	g->scratch = (struct arena)ARENA_INIT;
	sbuf_init(&g->html);
	sbuf_init(&g->key_data);
}

static void
gen_release(struct gen *g)
{
	diag_list_release(&g->dl);
	sbuf_release(&g->html);
	sbuf_release(&g->key_data);
	arena_release(&g->scratch);
}

enum exit_status
pages_build(const struct plan *plan, const struct theme *th,
	    const struct build_info *info, const struct page_sink *sink,
	    int jobs, struct arena *a, struct diag_list *dl)
{
	struct shared sh = {
		.plan = plan, .th = th, .sink = sink, .qr_codes = info->qr_codes,
		.timings = info->timings,
		.data = { info->commit,
			  arena_printf(a, "ocop %s", info->version) },
	};
	if (jobs < 1)
		jobs = 1;
	if (jobs > WORKERS_MAX)
		jobs = WORKERS_MAX;
	size_t n_langs = plan->c->site->n_languages;
	for (size_t k = 0; k < n_langs; k++)
		lang_ctx_init(&sh.langs[k], plan, th, info, (int)k, a);
	build_cards(sh.langs, n_langs, plan->c->n_products, (unsigned)jobs, a);
	embed_records_build(&sh.records, plan->c, (unsigned)jobs, a);
	tpl_freeze(th->tpl);
	set_epoch(&sh, info, n_langs);
	if (!getenv("OCOP_NO_PIECES"))
		sh.pieces = build_pieces(sh.langs, n_langs, plan->c->n_products,
					 th, (unsigned)jobs, a);

	struct gen g[WORKERS_MAX];
	for (int k = 0; k < jobs; k++)
		gen_init(&g[k], &sh);
	int started = (int)workers_run(plan->n, (unsigned)jobs, CHUNK,
				       render_one, g);

	/* the problems of the lowest failing item, as one worker would
	 * have reported them: the same whatever the number of jobs */
	int worst = -1;
	for (int k = 0; k < started; k++)
		if (g[k].failed != SIZE_MAX &&
		    (worst < 0 || g[k].failed < g[worst].failed))
			worst = k;
	enum exit_status status = EXIT_OK;
	if (worst >= 0) {
		status = g[worst].err;
		for (size_t i = 0; i < g[worst].dl.n; i++)
			diag_copy(dl, &g[worst].dl.v[i]);
	}
	if (sh.timings)
		print_costs(g, started);
	for (int k = 0; k < jobs; k++)
		gen_release(&g[k]);
	tpl_pieces_free(sh.pieces);
	val_digests_free(sh.shared);
	return status;
}
