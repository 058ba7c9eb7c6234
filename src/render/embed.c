/*
 * embed.c - the embeds' data, script, snippets and oEmbed responses
 * (embed.h).
 *
 * Every string of a content file reaches JSON through json-c, and the
 * HTML of a snippet or an oEmbed response through escape_html(); the
 * only parameters a view takes are slugs, which are [a-z0-9-] and
 * need no escaping in a URL (the viewer refuses anything else).
 */
#include "embed.h"

#include <assert.h>
#include <stdatomic.h>
#include <string.h>

#include <openssl/evp.h>

#include "jsonout.h"

#include "embedded.h"
#include "../model/date.h"
#include "../model/site.h"
#include "../plan/urls.h"
#include "../util/escape.h"
#include "../util/workers.h"
#include "../util/banned.h"

/* The frame an oEmbed response asks for, in CSS pixels: a phone's
 * width, and a height that shows a card or two (embed.js sets the real
 * height from the viewer's messages). */
enum { OEMBED_WIDTH = 360, OEMBED_HEIGHT = 480 };

/*
 * {"vi": text[0], "en": text[1]...} under key: a text by language
 * code, the default language's always, another only where it differs
 * (the viewer shows the default's text, marked with its language,
 * where a language has none).
 */
static void
put_by_lang(struct json_object *o, const char *key, const struct site *s,
	    const char *const *text)
{
	if (!text[0] || !*text[0])
		return;
	struct json_object *m = json_object_new_object();
	for (size_t k = 0; k < s->n_languages; k++)
		if (!k || (text[k] && *text[k] && strcmp(text[k], text[0])))
			json_object_object_add(m, s->languages[k],
					       json_object_new_string(text[k]));
	json_object_object_add(o, key, m);
}

/* The name of e by language: its translations' where they have one. */
static void
put_names(struct json_object *o, const char *key, const struct site *s,
	  const struct entry *e)
{
	const char *names[MODEL_MAX_LANGS] = { 0 };
	for (size_t k = 0; k < s->n_languages; k++)
		names[k] = entry_in(e, (int)k)->name;
	put_by_lang(o, key, s, names);
}

/* "Phúc Trạch, Hương Khê, Hà Tĩnh": the card's place, as written. */
static const char *
place(struct arena *a, const struct location *l)
{
	const char *parts[] = { l->commune, l->district, l->province };
	const char *r = "";
	for (size_t i = 0; i < 3; i++)
		if (parts[i] && *parts[i])
			r = *r ? arena_printf(a, "%s, %s", r, parts[i]) : parts[i];
	return r;
}

/* What a view shows of product p: its card's fields. */
static struct json_object *
record_json(struct arena *a, const struct catalog *c, const struct product *p)
{
	const struct site *s = c->site;
	struct json_object *o = json_object_new_object();
	jsonout_str(o, "slug", p->e.slug);
	jsonout_str(o, "url", urls_product(a, p->e.slug));
	put_names(o, "name", s, &p->e);
	json_object_object_add(o, "stars", json_object_new_int(p->stars));
	if (p->potential_5_star)
		json_object_object_add(o, "potential_5_star",
				       json_object_new_boolean(1));
	jsonout_str(o, "status",
		model_cert_status_slugs[cert_status(&p->cert, c->as_of_days)]);
	if (!p->cert.details_unknown) {
		jsonout_date(o, "issued", &p->cert.issued);
		jsonout_date(o, "expires", &p->cert.expires);
	}
	jsonout_str(o, "group", model_group_slugs[p->group]);
	jsonout_str(o, "place", place(a, &p->location));
	jsonout_str(o, "commune", p->location.commune);
	jsonout_str(o, "province", p->location.province);
	if (p->producer)
		put_names(o, "producer", s, &p->producer->e);
	/* a translation may show its own photo */
	const char *src[MODEL_MAX_LANGS] = { 0 }, *alt[MODEL_MAX_LANGS] = { 0 };
	for (size_t k = 0; k < s->n_languages; k++) {
		const struct product *t = product_in(p, (int)k);
		if (t->n_images) {
			src[k] = t->images[0].out->path;
			alt[k] = t->images[0].alt;
		}
	}
	if (src[0]) {
		struct json_object *im = json_object_new_object();
		put_by_lang(im, "src", s, src);
		put_by_lang(im, "alt", s, alt);
		json_object_object_add(o, "image", im);
	}
	return o;
}

struct record_job {
	const struct catalog *c;
	struct embed_records *r;
	atomic_bool failed;       /* a digest could not be made */
	struct arena arenas[WORKERS_MAX];
};

static bool
build_record(void *ctx, unsigned worker, size_t i)
{
	struct record_job *j = ctx;
	struct arena *a = &j->arenas[worker];
	struct json_object *o = record_json(a, j->c, j->c->products[i]);
	size_t len;
	const char *text = jsonout_text(o, &len);
	j->r->v[i] = (struct span){ arena_strndup(a, text, len), len };
	unsigned char md[EVP_MAX_MD_SIZE];
	if (EVP_Digest(text, len, md, NULL, EVP_sha256(), NULL))
		memcpy(j->r->digest[i], md, EMBED_RECORD_DIGEST);
	else
		atomic_store(&j->failed, true);
	json_object_put(o);
	return true;
}

void
embed_records_build(struct embed_records *r, const struct catalog *c,
		    unsigned jobs, struct arena *a)
{
	struct record_job j = { .c = c, .r = r };
	r->n = c->n_products;
	r->v = arena_array(a, r->n + 1, sizeof(*r->v));
	r->digest = arena_array(a, r->n + 1, sizeof(*r->digest));
	for (size_t k = 0; k < WORKERS_MAX; k++)
		j.arenas[k] = (struct arena)ARENA_INIT;
	workers_run(r->n, jobs, 64, build_record, &j);
	r->digested = !atomic_load(&j.failed);
	for (size_t k = 0; k < WORKERS_MAX; k++)
		arena_adopt(a, &j.arenas[k]);
}

/* ---- the data of a view ------------------------------------------------ */

static void
put_location(struct arena *a, struct json_object *o, const struct location *l)
{
	jsonout_str(o, "address", l->address);
	jsonout_str(o, "place", place(a, l));
}

/* The products of the view of item it. */
static const struct product *const *
view_items(const struct plan_item *it, size_t *n)
{
	if (it->list) {
		*n = it->list->n;
		return it->list->items;
	}
	if (it->entry->kind == ENTRY_POS) {
		const struct point_of_sale *p =
			(const struct point_of_sale *)it->entry;
		*n = p->n_products;
		return p->products;
	}
	const struct producer *p = (const struct producer *)it->entry;
	*n = p->n_products;
	return p->products;
}

void
embed_data_head(struct sbuf *out, const struct plan_item *it,
		const struct embed_records *r, struct view *views)
{
	const struct catalog *c = views[0].c;
	const struct site *s = c->site;
	struct arena *a = views[0].a;
	size_t n;
	const struct product *const *items = view_items(it, &n);
	const char *titles[MODEL_MAX_LANGS] = { 0 };
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "version",
			       json_object_new_int(EMBED_DATA_VERSION));
	if (it->list) {
		for (size_t k = 0; k < s->n_languages; k++)
			titles[k] = view_list_title(&views[k], it->list);
		put_by_lang(o, "title", s, titles);
		jsonout_str(o, "url", it->list->url);
	} else {
		struct json_object *m = json_object_new_object();
		put_names(m, "name", s, it->entry);
		if (it->entry->kind == ENTRY_POS) {
			const struct point_of_sale *p =
				(const struct point_of_sale *)it->entry;
			jsonout_str(m, "kind", model_pos_kind_slugs[p->kind]);
			put_location(a, m, &p->location);
			jsonout_str(m, "hours", p->hours);
			jsonout_str(m, "phone", p->phone);
		} else {
			const struct producer *p =
				(const struct producer *)it->entry;
			jsonout_str(m, "type", model_producer_type_slugs[p->type]);
			put_location(a, m, &p->location);
		}
		put_names(o, "title", s, it->entry);
		jsonout_str(o, "url", it->entry->kind == ENTRY_POS
			? urls_pos(a, it->entry->slug)
			: urls_producer(a, it->entry->slug));
		json_object_object_add(o, it->entry->kind == ENTRY_POS
				       ? "pos" : "producer", m);
	}
	json_object_object_add(o, "count", json_object_new_int64((int64_t)n));
	size_t bytes = 4096;
	for (size_t i = 0; i < n; i++)
		bytes += r->v[items[i]->e.index].len + 1;
	sbuf_grow(out, bytes);
	jsonout_open(out, o);
}

void
embed_data_key(struct sbuf *key, const struct plan_item *it,
	       const struct embed_records *r)
{
	size_t n;
	const struct product *const *items = view_items(it, &n);
	for (size_t i = 0; i < n; i++)
		sbuf_put(key, r->digest[items[i]->e.index], EMBED_RECORD_DIGEST);
}

void
embed_data_products(struct sbuf *out, const struct plan_item *it,
		    const struct embed_records *r)
{
	size_t n;
	const struct product *const *items = view_items(it, &n);
	sbuf_puts(out, ",\"products\":[");
	for (size_t i = 0; i < n; i++) {
		const struct span *rec = &r->v[items[i]->e.index];
		if (i)
			sbuf_putc(out, ',');
		sbuf_put(out, rec->p, rec->len);
	}
	sbuf_puts(out, "]}\n");
}

/* ---- embed.js ------------------------------------------------------------ */

void
embed_script(struct sbuf *out, const struct site *s)
{
	struct arena a = ARENA_INIT;
	struct json_object *viewers = json_object_new_object();
	for (size_t k = 0; k < s->n_languages; k++)
		json_object_object_add(viewers, s->languages[k],
			json_object_new_string(arena_printf(&a, "%s%s",
				urls_lang_prefix(&a, s->languages[k], (int)k),
				urls_embed_page())));
	struct json_object *config = json_object_new_object();
	jsonout_str(config, "language", s->language);
	json_object_object_add(config, "viewers", viewers);
	/* the file is a function expression: called with the config */
	assert(embed_script_count == 1);
	sbuf_put(out, embed_script_files[0].data, embed_script_files[0].len);
	sbuf_putc(out, '(');
	jsonout_put(out, config);
	sbuf_puts(out, ");\n");
	arena_release(&a);
}

/* ---- snippets and oEmbed --------------------------------------------- */

/* The parameters of a view: its kind ("list", "product" or "pos") and
 * up to three (name, slug) pairs. */
struct view_params {
	const char *kind;
	const char *name[3], *value[3];
	size_t n;
	const char *url;           /* the page, from the language home */
};

static void
param(struct view_params *v, const char *name, const char *value)
{
	v->name[v->n] = name;
	v->value[v->n++] = value;
}

static bool
view_params(struct arena *a, const struct plan_list *l, const struct entry *e,
	    struct view_params *v)
{
	memset(v, 0, sizeof(*v));
	v->kind = "list";
	if (!l) {
		switch (e->kind) {
		case ENTRY_PRODUCT:
			v->kind = "product";
			param(v, "product", e->slug);
			v->url = urls_product(a, e->slug);
			return true;
		case ENTRY_POS:
			v->kind = "pos";
			param(v, "pos", e->slug);
			v->url = urls_pos(a, e->slug);
			return true;
		case ENTRY_PRODUCER:
			param(v, "producer", e->slug);
			v->url = urls_producer(a, e->slug);
			return true;
		default:
			return false;
		}
	}
	v->url = l->url;
	switch (l->kind) {
	case LIST_ALL:
		break;
	case LIST_STARS:
		param(v, "stars", l->slug);
		break;
	case LIST_GROUP:
		param(v, "group", l->slug);
		break;
	case LIST_PLATFORM:
		param(v, "platform", l->slug);
		break;
	case LIST_PROVINCE:
		param(v, "province", urls_place_slug(a, l->name));
		break;
	case LIST_COMMUNE:
	case LIST_DISTRICT:
		param(v, "province", urls_place_slug(a, l->parent->name));
		param(v, l->kind == LIST_COMMUNE ? "commune" : "district",
		      urls_place_slug(a, l->name));
		break;
	case LIST_DECISION:
		param(v, "decision", l->slug);
		break;
	case LIST_PRODUCER_TYPE:
	case LIST_STATUS:
		return false;
	}
	return true;
}

const char *
embed_snippet(struct arena *a, const struct site *s, int lang,
	      const struct plan_list *l, const struct entry *e,
	      const char *title)
{
	struct view_params v;
	if (s->base_url[0] == '/' || !view_params(a, l, e, &v))
		return NULL;
	const char *prefix = urls_lang_prefix(a, s->languages[lang], lang);
	struct sbuf sb = SBUF_INIT;
	sbuf_puts(&sb, "<div data-ocop-");
	sbuf_puts(&sb, v.kind);
	for (size_t i = 0; i < v.n; i++) {
		if (!strcmp(v.name[i], v.kind)) {
			sbuf_putf(&sb, "=\"%s\"", v.value[i]);
			continue;
		}
		sbuf_putf(&sb, " data-%s=\"", v.name[i]);
		escape_html(&sb, v.value[i], strlen(v.value[i]));
		sbuf_putc(&sb, '"');
	}
	sbuf_putf(&sb, " data-lang=\"%s\"><a href=\"", s->languages[lang]);
	escape_html(&sb, s->base_url, strlen(s->base_url));
	sbuf_puts(&sb, prefix);
	sbuf_puts(&sb, v.url);
	sbuf_puts(&sb, "\">");
	escape_html(&sb, title, strlen(title));
	sbuf_puts(&sb, "</a></div>\n<script async src=\"");
	escape_html(&sb, s->base_url, strlen(s->base_url));
	sbuf_puts(&sb, urls_embed_script());
	sbuf_puts(&sb, "\"></script>");
	const char *r = arena_strndup(a, sb.data, sb.len);
	sbuf_release(&sb);
	return r;
}

const char *
embed_oembed_url(struct arena *a, const struct site *s, int lang,
		 const struct plan_list *l, const struct entry *e)
{
	struct view_params v;
	if (s->base_url[0] == '/' || !view_params(a, l, e, &v))
		return NULL;
	return arena_printf(a, "%s%s%s", s->base_url,
			    urls_lang_prefix(a, s->languages[lang], lang),
			    urls_oembed(a, v.url));
}

bool
embed_oembed_fields(struct oembed *o, const struct plan_item *it,
		    struct view *v)
{
	struct arena *a = v->a;
	const struct site *s = v->c->site;
	struct view_params p;
	memset(o, 0, sizeof(*o));
	if (!view_params(a, it->list, it->entry, &p))
		return false;
	o->title = it->list ? view_list_title(v, it->list)
			    : entry_in(it->entry, v->lang)->name;
	o->provider_name = s->titles[v->lang];
	const char *home = o->provider_url = arena_printf(a, "%s%s",
		s->base_url, urls_lang_prefix(a, s->languages[v->lang], v->lang));
	if (it->entry && it->entry->kind == ENTRY_PRODUCT) {
		const struct producer *pr =
			((const struct product *)it->entry)->producer;
		if (pr) {
			o->author_name = producer_in(pr, v->lang)->e.name;
			o->author_url = arena_printf(a, "%s%s", home,
				urls_producer(a, pr->e.slug));
		}
	}
	struct sbuf html = SBUF_INIT;
	sbuf_puts(&html, "<iframe src=\"");
	escape_html(&html, home, strlen(home));
	sbuf_puts(&html, urls_embed_page());
	for (size_t i = 0; i < p.n; i++)
		sbuf_putf(&html, "%s%s=%s", i ? "&amp;" : "?", p.name[i],
			  p.value[i]);
	sbuf_puts(&html, "\" title=\"");
	escape_html(&html, o->title, strlen(o->title));
	sbuf_putf(&html, "\" width=\"%d\" height=\"%d\" "
		  "style=\"border:0;max-width:100%%\" loading=\"lazy\" "
		  "sandbox=\"allow-scripts allow-same-origin allow-popups "
		  "allow-popups-to-escape-sandbox\"></iframe>",
		  OEMBED_WIDTH, OEMBED_HEIGHT);
	o->html = arena_strndup(a, html.data, html.len);
	sbuf_release(&html);
	return true;
}

/* s and its NUL into key, NULL as a lone 0x01 (no field is both) */
static void
key_field(struct sbuf *key, const char *s)
{
	if (s)
		sbuf_put(key, s, strlen(s) + 1);
	else
		sbuf_put(key, "\1", 2);
}

void
embed_oembed_key(struct sbuf *key, const struct oembed *o)
{
	const char *fields[] = { o->title, o->provider_name, o->provider_url,
				 o->author_name, o->author_url, o->html };
	sbuf_putf(key, "%d %d", OEMBED_WIDTH, OEMBED_HEIGHT);
	sbuf_putc(key, '\0');
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		key_field(key, fields[i]);
}

void
embed_oembed(struct sbuf *out, const struct oembed *f)
{
	struct json_object *o = json_object_new_object();
	jsonout_str(o, "version", "1.0");
	jsonout_str(o, "type", "rich");
	jsonout_str(o, "title", f->title);
	jsonout_str(o, "provider_name", f->provider_name);
	jsonout_str(o, "provider_url", f->provider_url);
	jsonout_str(o, "author_name", f->author_name);
	jsonout_str(o, "author_url", f->author_url);
	jsonout_str(o, "html", f->html);
	json_object_object_add(o, "width", json_object_new_int(OEMBED_WIDTH));
	json_object_object_add(o, "height", json_object_new_int(OEMBED_HEIGHT));
	json_object_object_add(o, "cache_age", json_object_new_int(86400));
	jsonout_put(out, o);
	sbuf_putc(out, '\n');
}
