/*
 * data.c - the open-data files of the plan (data.h): JSON through
 * json-c's objects, CSV and GeoJSON from the same frozen catalog.
 *
 * A field the entry does not give is left out of JSON (never null), and
 * is an empty cell in CSV, so "not given" has one spelling per format.
 * Numbers that are coordinates are printed as written to at most nine
 * significant digits, never as json-c's 17.
 */
#include "data.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "jsonout.h"
#include "../model/date.h"
#include "../model/site.h"
#include "../plan/urls.h"
#include "embedded.h"
#include "../util/escape.h"
#include "../util/banned.h"

/* ---- JSON ------------------------------------------------------------ */

static struct json_object *
coordinate(double d)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%.9g", d);
	return json_object_new_double_s(d, buf);
}

static void
put_list(struct json_object *o, const char *key, const struct strlist *l)
{
	if (!l->n)
		return;
	struct json_object *arr = json_object_new_array_ext((int)l->n);
	for (size_t i = 0; i < l->n; i++)
		json_object_array_add(arr, json_object_new_string(l->v[i]));
	json_object_object_add(o, key, arr);
}

/* base_url + the language's prefix + url: where a page is published
 * ("/" + ... when site.yaml gives no base_url). */
static const char *
page_url(struct arena *a, const struct site *s, int lang, const char *url)
{
	return arena_printf(a, "%s%s%s", s->base_url,
			    urls_lang_prefix(a, s->languages[lang], lang), url);
}

static struct json_object *
location_json(const struct location *l)
{
	struct json_object *o = json_object_new_object();
	jsonout_str(o, "province", l->province);
	jsonout_str(o, "district", l->district);
	jsonout_str(o, "commune", l->commune);
	jsonout_str(o, "address", l->address);
	if (l->geo.set) {
		struct json_object *g = json_object_new_object();
		json_object_object_add(g, "lat", coordinate(l->geo.lat));
		json_object_object_add(g, "lon", coordinate(l->geo.lon));
		json_object_object_add(o, "geo", g);
	}
	return o;
}

static struct json_object *
certificate_json(const struct certificate *c, long as_of_days)
{
	struct json_object *o = json_object_new_object();
	if (c->details_unknown)
		jsonout_str(o, "details", "unknown");
	jsonout_str(o, "number", c->number);
	jsonout_str(o, "issuer", c->issuer);
	jsonout_date(o, "issued", &c->issued);
	jsonout_date(o, "expires", &c->expires);
	if (c->revoked.set) {
		struct json_object *r = json_object_new_object();
		jsonout_date(r, "date", &c->revoked.date);
		jsonout_str(r, "decision", c->revoked.decision);
		jsonout_str(r, "reason", c->revoked.reason);
		json_object_object_add(o, "revoked", r);
	}
	jsonout_str(o, "status", model_cert_status_slugs[cert_status(c, as_of_days)]);
	return o;
}

/* The texts a translation gives (catalog.c's list), and its page. */
static struct json_object *
translations_json(struct arena *a, const struct site *s,
		  const struct product *p, bool story)
{
	struct json_object *o = NULL;
	for (size_t k = 1; k < s->n_languages; k++) {
		const struct product *t = (const struct product *)p->e.tr[k];
		if (!t || t == p)
			continue;
		struct json_object *m = json_object_new_object();
		jsonout_str(m, "url", page_url(a, s, (int)k, urls_product(a, p->e.slug)));
		jsonout_str(m, "name", t->e.name);
		jsonout_str(m, "summary", t->e.summary);
		if (t->price.set && t->price.unit_lang == (int)k)
			jsonout_str(m, "price_unit", t->price.unit);
		put_list(m, "tags", &t->tags);
		if (story && t->e.html != p->e.html)
			jsonout_str(m, "story_html", t->e.html);
		if (!o)
			o = json_object_new_object();
		json_object_object_add(o, s->languages[k], m);
	}
	return o;
}

static struct json_object *
product_json(struct arena *a, const struct catalog *c,
	     const struct product *p, bool story)
{
	const struct site *s = c->site;
	struct json_object *o = json_object_new_object();
	jsonout_str(o, "slug", p->e.slug);
	jsonout_str(o, "url", page_url(a, s, 0, urls_product(a, p->e.slug)));
	jsonout_str(o, "data_url", arena_printf(a, "%s%s", s->base_url,
					    urls_product_data(a, p->e.slug)));
	jsonout_str(o, "name", p->e.name);
	json_object_object_add(o, "stars", json_object_new_int(p->stars));
	if (p->potential_5_star)
		json_object_object_add(o, "potential_5_star",
				       json_object_new_boolean(1));
	jsonout_str(o, "group", model_group_slugs[p->group]);
	jsonout_str(o, "subgroup", p->subgroup);
	jsonout_str(o, "code", p->code);
	jsonout_str(o, "producer", p->producer ? p->producer->e.slug : NULL);
	jsonout_str(o, "summary", p->e.summary);
	json_object_object_add(o, "location", location_json(&p->location));
	json_object_object_add(o, "certificate",
			       certificate_json(&p->cert, c->as_of_days));
	if (p->price.set) {
		struct json_object *pr = json_object_new_object();
		json_object_object_add(pr, "from", json_object_new_int64(p->price.from));
		if (p->price.to)
			json_object_object_add(pr, "to", json_object_new_int64(p->price.to));
		jsonout_str(pr, "unit", p->price.unit);
		jsonout_str(pr, "currency", "VND");
		json_object_object_add(o, "price", pr);
	}
	if (p->n_images) {
		struct json_object *arr = json_object_new_array_ext((int)p->n_images);
		for (size_t i = 0; i < p->n_images; i++) {
			struct json_object *im = json_object_new_object();
			jsonout_str(im, "url", arena_printf(a, "%s%s", s->base_url,
							p->images[i].out->path));
			jsonout_str(im, "alt", p->images[i].alt);
			json_object_array_add(arr, im);
		}
		json_object_object_add(o, "images", arr);
	}
	put_list(o, "standards", &p->standards);
	if (p->ip_type != IP_NONE) {
		struct json_object *ip = json_object_new_object();
		jsonout_str(ip, "type", model_ip_type_slugs[p->ip_type]);
		jsonout_str(ip, "name", p->ip_name);
		json_object_object_add(o, "ip", ip);
	}
	if (p->gtin || p->trace_url) {
		struct json_object *tr = json_object_new_object();
		jsonout_str(tr, "gtin", p->gtin);
		jsonout_str(tr, "url", p->trace_url);
		json_object_object_add(o, "traceability", tr);
	}
	if (p->pos_slugs.n) {
		struct json_object *arr = json_object_new_array();
		for (size_t i = 0; i < p->pos_slugs.n; i++)
			if (p->pos[i])
				json_object_array_add(arr,
					json_object_new_string(p->pos[i]->e.slug));
		json_object_object_add(o, "points_of_sale", arr);
	}
	if (p->n_shops) {
		struct json_object *arr = json_object_new_array_ext((int)p->n_shops);
		for (size_t i = 0; i < p->n_shops; i++) {
			struct json_object *sh = json_object_new_object();
			jsonout_str(sh, "platform", p->shops[i].platform);
			const struct platform *pl = site_platform(s, p->shops[i].platform);
			jsonout_str(sh, "platform_name", pl ? pl->name : NULL);
			jsonout_str(sh, "url", p->shops[i].url);
			json_object_array_add(arr, sh);
		}
		json_object_object_add(o, "shops", arr);
	}
	put_list(o, "export_markets", &p->export_markets);
	put_list(o, "tags", &p->tags);
	if (story)
		jsonout_str(o, "story_html", p->e.html);
	struct json_object *tr = translations_json(a, s, p, story);
	if (tr)
		json_object_object_add(o, "translations", tr);
	return o;
}

static struct json_object *
producer_json(struct arena *a, const struct site *s, const struct producer *p)
{
	struct json_object *o = json_object_new_object();
	jsonout_str(o, "slug", p->e.slug);
	jsonout_str(o, "url", page_url(a, s, 0, urls_producer(a, p->e.slug)));
	jsonout_str(o, "name", p->e.name);
	jsonout_str(o, "type", model_producer_type_slugs[p->type]);
	jsonout_str(o, "summary", p->e.summary);
	json_object_object_add(o, "location", location_json(&p->location));
	jsonout_str(o, "representative", p->representative);
	jsonout_str(o, "phone", p->phone);
	jsonout_str(o, "email", p->email);
	jsonout_str(o, "website", p->website);
	json_object_object_add(o, "product_count",
			       json_object_new_int64((int64_t)p->n_products));
	return o;
}

/* A point of sale, with the slugs of its products unless it is seen
 * from one of them. */
static struct json_object *
pos_json(struct arena *a, const struct site *s, const struct point_of_sale *p,
	 bool products)
{
	struct json_object *o = json_object_new_object();
	jsonout_str(o, "slug", p->e.slug);
	jsonout_str(o, "url", page_url(a, s, 0, urls_pos(a, p->e.slug)));
	jsonout_str(o, "name", p->e.name);
	jsonout_str(o, "kind", model_pos_kind_slugs[p->kind]);
	jsonout_str(o, "summary", p->e.summary);
	json_object_object_add(o, "location", location_json(&p->location));
	jsonout_str(o, "hours", p->hours);
	jsonout_str(o, "phone", p->phone);
	json_object_object_add(o, "product_count",
			       json_object_new_int64((int64_t)p->n_products));
	if (!products)
		return o;
	struct json_object *arr = json_object_new_array_ext((int)p->n_products);
	for (size_t i = 0; i < p->n_products; i++)
		json_object_array_add(arr, json_object_new_string(p->products[i]->e.slug));
	json_object_object_add(o, "products", arr);
	return o;
}

/* What every file says of itself: its format's version and the build
 * date its statuses are computed for; the whole catalog's file, the
 * commit it was built from too (a product's file leaves it out, or each
 * commit would rewrite every product's file). */
static struct json_object *
head_json(const struct plan *p, const struct data_info *info,
	  const char *schema, bool commit)
{
	const struct site *s = p->c->site;
	struct json_object *o = json_object_new_object();
	jsonout_str(o, "$schema", schema);
	json_object_object_add(o, "version", json_object_new_int(DATA_VERSION));
	struct date d = date_from_days(p->c->as_of_days);
	jsonout_date(o, "as_of", &d);
	if (commit)
		jsonout_str(o, "commit", info->commit);
	jsonout_str(o, "generator", info->generator);
	struct json_object *site = json_object_new_object();
	jsonout_str(site, "title", s->title);
	jsonout_str(site, "url", s->base_url);
	jsonout_str(site, "language", s->language);
	struct json_object *langs = json_object_new_array();
	for (size_t k = 0; k < s->n_languages; k++)
		json_object_array_add(langs, json_object_new_string(s->languages[k]));
	json_object_object_add(site, "languages", langs);
	jsonout_str(site, "province", s->province);
	if (s->license_name) {
		struct json_object *lic = json_object_new_object();
		jsonout_str(lic, "name", s->license_name);
		jsonout_str(lic, "url", s->license_url);
		json_object_object_add(site, "license", lic);
	}
	json_object_object_add(o, "site", site);
	return o;
}

static void
put_json(struct sbuf *out, struct json_object *o)
{
	jsonout_put(out, o);
	sbuf_putc(out, '\n');
}

/*
 * A whole-catalog file is written one entry at a time: json-c writes
 * each entry's object, which is freed before the next is made, and the
 * file's own punctuation joins them.  Holding 20,000 products' objects
 * at once would cost hundreds of megabytes.
 */

/* ,"key":[ ... ] with the n objects item(i) makes, each freed once
 * written; key is one of our own names, which need no escaping. */
static void
put_array(struct sbuf *out, const char *key, size_t n,
	  struct json_object *(*item)(const void *ctx, size_t i, struct arena *a),
	  const void *ctx, struct arena *a)
{
	sbuf_putf(out, ",\"%s\":[", key);
	for (size_t i = 0; i < n; i++) {
		struct json_object *o = item(ctx, i, a);
		if (!o)
			continue;
		if (out->data[out->len - 1] != '[')
			sbuf_putc(out, ',');
		size_t len;
		const char *text = jsonout_text(o, &len);
		sbuf_put(out, text, len);
		json_object_put(o);
	}
	sbuf_putc(out, ']');
}

static struct json_object *
nth_product(const void *ctx, size_t i, struct arena *a)
{
	const struct catalog *c = ctx;
	return product_json(a, c, c->products[i], false);
}

static struct json_object *
nth_producer(const void *ctx, size_t i, struct arena *a)
{
	const struct catalog *c = ctx;
	return producer_json(a, c->site, c->producers[i]);
}

static struct json_object *
nth_pos(const void *ctx, size_t i, struct arena *a)
{
	const struct catalog *c = ctx;
	return pos_json(a, c->site, c->pos[i], true);
}

static void
catalog_json(const struct plan *p, const struct data_info *info,
	     struct arena *a, struct sbuf *out)
{
	const struct catalog *c = p->c;
	/* room for the whole file at once, from what an entry takes on
	 * average: growing by doubling would hold the file twice over at
	 * the moment of the build's peak memory */
	sbuf_grow(out, c->n_products * 1280 + c->n_producers * 384 +
		  c->n_pos * 640 + 4096);
	jsonout_open(out, head_json(p, info, arena_printf(a, "%s%s",
		 c->site->base_url, urls_data(a, "catalog.schema.json")), true));
	put_array(out, "products", c->n_products, nth_product, c, a);
	put_array(out, "producers", c->n_producers, nth_producer, c, a);
	put_array(out, "points_of_sale", c->n_pos, nth_pos, c, a);
	sbuf_puts(out, "}\n");
}

/* One product with its story, its producer and where it is sold. */
static void
one_product_json(const struct plan *p, const struct data_info *info,
		 const struct product *pr, struct arena *a, struct sbuf *out)
{
	const struct catalog *c = p->c;
	struct json_object *o = head_json(p, info, arena_printf(a,
		"%s%s", c->site->base_url, urls_data(a, "product.schema.json")), false);
	json_object_object_add(o, "product", product_json(a, c, pr, true));
	if (pr->producer)
		json_object_object_add(o, "producer",
				       producer_json(a, c->site, pr->producer));
	struct json_object *arr = json_object_new_array();
	for (size_t i = 0; i < pr->pos_slugs.n; i++)
		if (pr->pos[i])
			json_object_array_add(arr, pos_json(a, c->site, pr->pos[i], false));
	json_object_object_add(o, "points_of_sale", arr);
	put_json(out, o);
}

/* s and its NUL into key ("" for NULL: no field is NULL and "" both). */
static void
key_str(struct sbuf *key, const char *s)
{
	sbuf_put(key, s ? s : "", strlen(s ? s : "") + 1);
}

/* An entry by its file's blob id, with its count of products; false
 * when it has none (read from the worktree). */
static bool
key_entry(struct sbuf *key, const struct entry *e, size_t n_products)
{
	if (!e) {
		key_str(key, "-");
		return true;
	}
	if (!e->oid || !e->oid[0])
		return false;
	key_str(key, e->oid);
	sbuf_putf(key, "%zu", n_products);
	sbuf_putc(key, '\0');
	return true;
}

bool
data_inputs(const struct plan *p, const struct plan_item *it,
	    const struct data_info *info, struct sbuf *key)
{
	if (it->kind != PLAN_DATA || it->data_kind != DATA_PRODUCT_JSON)
		return false;
	const struct product *pr = (const struct product *)it->entry;
	const struct site *s = p->c->site;
	/* what head_json() says */
	sbuf_putf(key, "%d %ld", DATA_VERSION, p->c->as_of_days);
	sbuf_putc(key, '\0');
	key_str(key, info->generator);
	key_str(key, s->title);
	key_str(key, s->base_url);
	key_str(key, s->language);
	for (size_t k = 0; k < s->n_languages; k++)
		key_str(key, s->languages[k]);
	key_str(key, s->province);
	key_str(key, s->license_name);
	key_str(key, s->license_url);
	/* the product and its translations (their files: a translation
	 * takes what it does not say from the product's) */
	for (size_t k = 0; k < s->n_languages; k++)
		if (!key_entry(key, pr->e.tr[k], 0))
			return false;
	if (!key_entry(key, pr->producer ? &pr->producer->e : NULL,
		       pr->producer ? pr->producer->n_products : 0))
		return false;
	for (size_t i = 0; i < pr->pos_slugs.n; i++)
		if (!key_entry(key, pr->pos[i] ? &pr->pos[i]->e : NULL,
			       pr->pos[i] ? pr->pos[i]->n_products : 0))
			return false;
	for (size_t i = 0; i < pr->n_images; i++)
		key_str(key, pr->images[i].out->path);
	for (size_t i = 0; i < pr->n_shops; i++) {
		const struct platform *pl = site_platform(s, pr->shops[i].platform);
		key_str(key, pl ? pl->name : NULL);
	}
	return true;
}

/* ---- GeoJSON ----------------------------------------------------------- */

static struct json_object *
feature(const struct geo *g, struct json_object *props)
{
	struct json_object *f = json_object_new_object();
	json_object_object_add(f, "type", json_object_new_string("Feature"));
	struct json_object *geom = json_object_new_object();
	json_object_object_add(geom, "type", json_object_new_string("Point"));
	struct json_object *xy = json_object_new_array_ext(2);
	json_object_array_add(xy, coordinate(g->lon));   /* GeoJSON: lon first */
	json_object_array_add(xy, coordinate(g->lat));
	json_object_object_add(geom, "coordinates", xy);
	json_object_object_add(f, "geometry", geom);
	json_object_object_add(f, "properties", props);
	return f;
}

/* The feature of entry i, or NULL when it has no coordinates. */
static struct json_object *
nth_feature(const struct catalog *c, bool products, size_t i, struct arena *a)
{
	const struct site *s = c->site;
	struct json_object *props = json_object_new_object();
	const struct geo *g;
	if (products) {
		const struct product *pr = c->products[i];
		g = &pr->location.geo;
		if (!g->set) {
			json_object_put(props);
			return NULL;
		}
		jsonout_str(props, "slug", pr->e.slug);
		jsonout_str(props, "name", pr->e.name);
		jsonout_str(props, "url", page_url(a, s, 0, urls_product(a, pr->e.slug)));
		json_object_object_add(props, "stars", json_object_new_int(pr->stars));
		jsonout_str(props, "group", model_group_slugs[pr->group]);
		jsonout_str(props, "status", model_cert_status_slugs[
			cert_status(&pr->cert, c->as_of_days)]);
		jsonout_str(props, "commune", pr->location.commune);
		jsonout_str(props, "province", pr->location.province);
	} else {
		const struct point_of_sale *ps = c->pos[i];
		g = &ps->location.geo;
		if (!g->set) {
			json_object_put(props);
			return NULL;
		}
		jsonout_str(props, "slug", ps->e.slug);
		jsonout_str(props, "name", ps->e.name);
		jsonout_str(props, "url", page_url(a, s, 0, urls_pos(a, ps->e.slug)));
		jsonout_str(props, "kind", model_pos_kind_slugs[ps->kind]);
		jsonout_str(props, "address", ps->location.address);
		jsonout_str(props, "commune", ps->location.commune);
		jsonout_str(props, "province", ps->location.province);
		jsonout_str(props, "hours", ps->hours);
		jsonout_str(props, "phone", ps->phone);
		json_object_object_add(props, "product_count",
			json_object_new_int64((int64_t)ps->n_products));
	}
	return feature(g, props);
}

static struct json_object *
nth_product_feature(const void *ctx, size_t i, struct arena *a)
{
	return nth_feature(ctx, true, i, a);
}

static struct json_object *
nth_pos_feature(const void *ctx, size_t i, struct arena *a)
{
	return nth_feature(ctx, false, i, a);
}

static void
geojson(const struct plan *p, bool products, struct arena *a,
	struct sbuf *out)
{
	const struct catalog *c = p->c;
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "type", json_object_new_string("FeatureCollection"));
	jsonout_open(out, o);
	/* put_array starts with a comma: the first member is the type */
	put_array(out, "features", products ? c->n_products : c->n_pos,
		  products ? nth_product_feature : nth_pos_feature, c, a);
	sbuf_puts(out, "}\n");
}

/* ---- CSV --------------------------------------------------------------- */

/* A row of cells; NULL cells are empty.  CRLF ends it (RFC 4180). */
static void
csv_row(struct sbuf *out, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_putc(out, ',');
		escape_csv(out, cells[i] ? cells[i] : "");
	}
	sbuf_puts(out, "\r\n");
}

static const char *
join(struct arena *a, const struct strlist *l, const char *sep)
{
	if (!l->n)
		return NULL;
	struct sbuf sb = SBUF_INIT;
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			sbuf_puts(&sb, sep);
		sbuf_puts(&sb, l->v[i]);
	}
	const char *s = arena_strndup(a, sb.data, sb.len);
	sbuf_release(&sb);
	return s;
}

static const char *
iso_or_null(struct arena *a, const struct date *d)
{
	if (!d->y)
		return NULL;
	char iso[11];
	date_iso(d, iso);
	return arena_strdup(a, iso);
}

static const char *
num(struct arena *a, long n)
{
	return arena_printf(a, "%ld", n);
}

static const char *
geo_part(struct arena *a, const struct geo *g, bool lat)
{
	return g->set ? arena_printf(a, "%.9g", lat ? g->lat : g->lon) : NULL;
}

/* The byte-order mark that makes Excel read the file as UTF-8. */
static const char bom[] = "\xEF\xBB\xBF";

static void
products_csv(const struct catalog *c, struct arena *a, struct sbuf *out)
{
	static const char *const head[] = {
		"slug", "url", "name", "stars", "potential_5_star", "group",
		"subgroup", "code", "producer", "producer_name", "province",
		"district", "commune", "address", "lat", "lon",
		"certificate_number", "certificate_issuer", "issued", "expires",
		"status", "revoked_date", "revoked_decision", "price_from",
		"price_to", "price_unit", "standards", "ip_type", "ip_name",
		"gtin", "trace_url", "points_of_sale", "shops",
		"export_markets", "tags", "summary",
	};
	enum { N = sizeof(head) / sizeof(head[0]) };
	sbuf_grow(out, c->n_products * 640 + 1024);   /* as catalog_json */
	sbuf_puts(out, bom);
	csv_row(out, head, N);
	for (size_t i = 0; i < c->n_products; i++) {
		const struct product *p = c->products[i];
		const struct location *l = &p->location;
		struct sbuf shops = SBUF_INIT;
		for (size_t k = 0; k < p->n_shops; k++)
			sbuf_putf(&shops, "%s%s", k ? " " : "", p->shops[k].url);
		const char *row[N] = {
			p->e.slug, page_url(a, c->site, 0, urls_product(a, p->e.slug)),
			p->e.name, num(a, p->stars),
			p->potential_5_star ? "true" : "false",
			model_group_slugs[p->group], p->subgroup, p->code,
			p->producer ? p->producer->e.slug : NULL,
			p->producer ? p->producer->e.name : NULL,
			l->province, l->district, l->commune, l->address,
			geo_part(a, &l->geo, true), geo_part(a, &l->geo, false),
			p->cert.number, p->cert.issuer,
			iso_or_null(a, &p->cert.issued),
			iso_or_null(a, &p->cert.expires),
			model_cert_status_slugs[cert_status(&p->cert, c->as_of_days)],
			p->cert.revoked.set ? iso_or_null(a, &p->cert.revoked.date) : NULL,
			p->cert.revoked.set ? p->cert.revoked.decision : NULL,
			p->price.set ? num(a, p->price.from) : NULL,
			p->price.set && p->price.to ? num(a, p->price.to) : NULL,
			p->price.set ? p->price.unit : NULL,
			join(a, &p->standards, "; "),
			p->ip_type != IP_NONE ? model_ip_type_slugs[p->ip_type] : NULL,
			p->ip_name, p->gtin, p->trace_url,
			join(a, &p->pos_slugs, "; "),
			shops.len ? arena_strndup(a, shops.data, shops.len) : NULL,
			join(a, &p->export_markets, "; "), join(a, &p->tags, "; "),
			p->e.summary,
		};
		sbuf_release(&shops);
		csv_row(out, row, N);
	}
}

static void
producers_csv(const struct catalog *c, struct arena *a, struct sbuf *out)
{
	static const char *const head[] = {
		"slug", "url", "name", "type", "province", "district", "commune",
		"address", "representative", "phone", "email", "website",
		"product_count", "summary",
	};
	enum { N = sizeof(head) / sizeof(head[0]) };
	sbuf_puts(out, bom);
	csv_row(out, head, N);
	for (size_t i = 0; i < c->n_producers; i++) {
		const struct producer *p = c->producers[i];
		const struct location *l = &p->location;
		const char *row[N] = {
			p->e.slug, page_url(a, c->site, 0, urls_producer(a, p->e.slug)),
			p->e.name, model_producer_type_slugs[p->type],
			l->province, l->district, l->commune, l->address,
			p->representative, p->phone, p->email, p->website,
			num(a, (long)p->n_products), p->e.summary,
		};
		csv_row(out, row, N);
	}
}

static void
pos_csv(const struct catalog *c, struct arena *a, struct sbuf *out)
{
	static const char *const head[] = {
		"slug", "url", "name", "kind", "province", "district", "commune",
		"address", "lat", "lon", "hours", "phone", "product_count",
		"summary",
	};
	enum { N = sizeof(head) / sizeof(head[0]) };
	sbuf_puts(out, bom);
	csv_row(out, head, N);
	for (size_t i = 0; i < c->n_pos; i++) {
		const struct point_of_sale *p = c->pos[i];
		const struct location *l = &p->location;
		const char *row[N] = {
			p->e.slug, page_url(a, c->site, 0, urls_pos(a, p->e.slug)),
			p->e.name, model_pos_kind_slugs[p->kind],
			l->province, l->district, l->commune, l->address,
			geo_part(a, &l->geo, true), geo_part(a, &l->geo, false),
			p->hours, p->phone, num(a, (long)p->n_products),
			p->e.summary,
		};
		csv_row(out, row, N);
	}
}

/* ---- JSON-LD ------------------------------------------------------------ */

/* o as JSON that no HTML parser reads as markup (data.h), then freed. */
static void
put_script_json(struct sbuf *out, struct json_object *o)
{
	const char *text = json_object_to_json_string_ext(o,
		JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	for (const char *q = text; *q; q++) {
		switch (*q) {
		case '<':
			sbuf_puts(out, "\\u003c");
			break;
		case '>':
			sbuf_puts(out, "\\u003e");
			break;
		case '&':
			sbuf_puts(out, "\\u0026");
			break;
		default:
			sbuf_putc(out, *q);
		}
	}
	json_object_put(o);
}

static struct json_object *
typed(const char *type)
{
	struct json_object *o = json_object_new_object();
	jsonout_str(o, "@type", type);
	return o;
}

static struct json_object *
address_json(const struct location *l)
{
	struct json_object *o = typed("PostalAddress");
	jsonout_str(o, "streetAddress", l->address);
	jsonout_str(o, "addressLocality", l->commune);
	jsonout_str(o, "addressRegion", l->province);
	jsonout_str(o, "addressCountry", "VN");
	return o;
}

static void
put_geo(struct json_object *o, const struct geo *g)
{
	if (!g->set)
		return;
	struct json_object *geo = typed("GeoCoordinates");
	json_object_object_add(geo, "latitude", coordinate(g->lat));
	json_object_object_add(geo, "longitude", coordinate(g->lon));
	json_object_object_add(o, "geo", geo);
}

static struct json_object *
certification_json(const struct certificate *cert, int stars, long as_of)
{
	struct json_object *o = typed("Certification");
	jsonout_str(o, "name", "OCOP");
	jsonout_str(o, "certificationIdentification", cert->number);
	if (cert->issuer) {
		struct json_object *by = typed("Organization");
		jsonout_str(by, "name", cert->issuer);
		json_object_object_add(o, "issuedBy", by);
	}
	jsonout_date(o, "validFrom", &cert->issued);
	jsonout_date(o, "expires", &cert->expires);
	jsonout_str(o, "certificationStatus",
		cert_status(cert, as_of) == CERT_VALID
		? "https://schema.org/CertificationActive"
		: "https://schema.org/CertificationInactive");
	struct json_object *r = typed("Rating");
	json_object_object_add(r, "ratingValue", json_object_new_int(stars));
	json_object_object_add(r, "bestRating", json_object_new_int(5));
	json_object_object_add(r, "worstRating", json_object_new_int(3));
	json_object_object_add(o, "certificationRating", r);
	return o;
}

void
data_product_jsonld(struct sbuf *out, const struct catalog *c,
		    const struct product *def, int lang, struct arena *a)
{
		const struct site *s = c->site;
	const struct product *p = product_in(def, lang);
	struct json_object *o = json_object_new_object();
	jsonout_str(o, "@context", "https://schema.org");
	jsonout_str(o, "@type", "Product");
	jsonout_str(o, "name", p->e.name);
	jsonout_str(o, "description", p->e.summary);
	jsonout_str(o, "url", page_url(a, s, lang, urls_product(a, def->e.slug)));
	jsonout_str(o, "inLanguage", s->languages[lang]);
	if (p->n_images) {
		struct json_object *im = json_object_new_array();
		for (size_t i = 0; i < p->n_images; i++)
			json_object_array_add(im, json_object_new_string(
				arena_printf(a, "%s%s", s->base_url,
					     p->images[i].out->path)));
		json_object_object_add(o, "image", im);
	}
	jsonout_str(o, "productID", def->code);
	if (def->gtin)
		jsonout_str(o, "gtin", def->gtin);
	const struct producer *pr = def->producer;
	if (pr) {
		const struct producer *pt = producer_in(pr, lang);
		/* its name and page: the rest is on that page, and every
		 * byte here is repeated on each of its products' pages */
		struct json_object *m = typed("Organization");
		jsonout_str(m, "name", pt->e.name);
		jsonout_str(m, "url", page_url(a, s, lang, urls_producer(a, pr->e.slug)));
		json_object_object_add(o, "manufacturer", m);
	}
	if (def->price.set && def->n_shops) {
		struct json_object *offers = json_object_new_array();
		for (size_t i = 0; i < def->n_shops; i++) {
			struct json_object *of = typed("Offer");
			jsonout_str(of, "url", def->shops[i].url);
			jsonout_str(of, "priceCurrency", "VND");
			json_object_object_add(of, "price",
					       json_object_new_int64(def->price.from));
			if (def->price.to) {
				struct json_object *ps = typed("PriceSpecification");
				jsonout_str(ps, "priceCurrency", "VND");
				json_object_object_add(ps, "minPrice",
					json_object_new_int64(def->price.from));
				json_object_object_add(ps, "maxPrice",
					json_object_new_int64(def->price.to));
				json_object_object_add(of, "priceSpecification", ps);
			}
			const struct platform *pl = site_platform(s, def->shops[i].platform);
			struct json_object *seller = typed("Organization");
			jsonout_str(seller, "name", pl ? pl->name : def->shops[i].platform);
			json_object_object_add(of, "seller", seller);
			json_object_array_add(offers, of);
		}
		json_object_object_add(o, "offers", offers);
	}
	if (!def->cert.details_unknown)
		json_object_object_add(o, "hasCertification",
			certification_json(&def->cert, def->stars, c->as_of_days));
	put_script_json(out, o);
}

void
data_pos_jsonld(struct sbuf *out, const struct catalog *c,
		const struct point_of_sale *def, int lang, struct arena *a)
{
	static const char *const types[POS_KIND_COUNT] = {
		[POS_OCOP_STORE] = "Store", [POS_OCOP_CENTRE] = "Store",
		[POS_SUPERMARKET] = "GroceryStore",
		[POS_TOURIST_SITE] = "TouristAttraction",
		[POS_MARKET] = "LocalBusiness", [POS_OTHER] = "LocalBusiness",
	};
	const struct site *s = c->site;
	const struct point_of_sale *p = pos_in(def, lang);
	struct json_object *o = json_object_new_object();
	jsonout_str(o, "@context", "https://schema.org");
	jsonout_str(o, "@type", types[def->kind]);
	jsonout_str(o, "name", p->e.name);
	jsonout_str(o, "description", p->e.summary);
	jsonout_str(o, "url", page_url(a, s, lang, urls_pos(a, def->e.slug)));
	jsonout_str(o, "telephone", def->phone);
	json_object_object_add(o, "address", address_json(&def->location));
	put_geo(o, &def->location.geo);
	put_script_json(out, o);
}

void
data_site_jsonld(struct sbuf *out, const struct catalog *c, int lang,
		 struct arena *a)
{
	const struct site *s = c->site;
	struct json_object *o = json_object_new_object();
	jsonout_str(o, "@context", "https://schema.org");
	jsonout_str(o, "@type", "WebSite");
	jsonout_str(o, "name", s->titles[lang]);
	jsonout_str(o, "url", page_url(a, s, lang, ""));
	jsonout_str(o, "inLanguage", s->languages[lang]);
	put_script_json(out, o);
}

/* ---- the files ------------------------------------------------------- */

static void
schema(const char *name, struct sbuf *out)
{
	for (size_t i = 0; i < data_schema_count; i++)
		if (!strcmp(data_schema_files[i].path, name)) {
			sbuf_put(out, data_schema_files[i].data,
				 data_schema_files[i].len);
			return;
		}
}

void
data_render(const struct plan *p, const struct plan_item *it,
	    const struct data_info *info, struct sbuf *out, struct arena *a)
{
	const struct catalog *c = p->c;
	switch (it->data_kind) {
	case DATA_CATALOG_JSON:
		catalog_json(p, info, a, out);
		break;
	case DATA_PRODUCT_JSON:
		one_product_json(p, info, (const struct product *)it->entry,
				 a, out);
		break;
	case DATA_CATALOG_SCHEMA:
		schema("catalog.schema.json", out);
		break;
	case DATA_PRODUCT_SCHEMA:
		schema("product.schema.json", out);
		break;
	case DATA_PRODUCTS_CSV:
		products_csv(c, a, out);
		break;
	case DATA_PRODUCERS_CSV:
		producers_csv(c, a, out);
		break;
	case DATA_POS_CSV:
		pos_csv(c, a, out);
		break;
	case DATA_PRODUCTS_GEOJSON:
		geojson(p, true, a, out);
		break;
	case DATA_POS_GEOJSON:
		geojson(p, false, a, out);
		break;
	}
}
