/*
 * search_json.c - the search index's files (search_json.h).  The
 * postings of a chunk can be hundreds of thousands of numbers, so they
 * are written as digits, not as json-c objects; the spellings go
 * through json-c, one string at a time.
 */
#include "search_json.h"

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "jsonout.h"
#include "../model/date.h"
#include "../util/fold.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

static void
put_string(struct sbuf *out, const char *s)
{
	jsonout_put(out, json_object_new_string(s));
}

/* meta.json; without "docs" (the count, which every new product
 * changes) when what_chunks. */
static void
meta(struct sbuf *out, const struct plan *p, bool what_chunks)
{
	static const struct { const char *field; int weight; } weights[] = {
		{ "code", SEARCH_CODE }, { "name", SEARCH_NAME },
		{ "producer", SEARCH_PRODUCER }, { "place", SEARCH_PLACE },
		{ "kind", SEARCH_KIND }, { "group", SEARCH_GROUP },
		{ "summary", SEARCH_SUMMARY },
		{ "story", SEARCH_STORY },
	};
	const struct site *s = p->c->site;
	const struct search_index *ix = &p->search;
	sbuf_putf(out, "{\"version\":%d,\"language\":", SEARCH_VERSION);
	put_string(out, s->language);
	sbuf_puts(out, ",\"languages\":[");
	for (size_t k = 0; k < s->n_languages; k++) {
		if (k)
			sbuf_putc(out, ',');
		put_string(out, s->languages[k]);
	}
	sbuf_putc(out, ']');
	if (!what_chunks)
		sbuf_putf(out, ",\"docs\":%zu", ix->n_docs);
	sbuf_putf(out, ",\"doc_chunk\":%d,\"statuses\":[", SEARCH_DOC_CHUNK);
	for (int k = 0; k < CERT_STATUSES; k++)
		sbuf_putf(out, "%s\"%s\"", k ? "," : "", model_cert_status_slugs[k]);
	sbuf_puts(out, "],\"chunks\":[");
	for (size_t i = 0; i < ix->n_chunks; i++)
		sbuf_putf(out, "%s\"%s\"", i ? "," : "", ix->chunks[i].name);
	sbuf_puts(out, "],\"weights\":{");
	for (size_t i = 0; i < sizeof(weights) / sizeof(weights[0]); i++)
		sbuf_putf(out, "%s\"%s\":%d", i ? "," : "", weights[i].field,
			  weights[i].weight);
	sbuf_puts(out, what_chunks ? "}}" : "}}\n");
}

/* The search box's strings in language lang (search-box.js's t()). */
static struct json_object *
box_strings(const struct theme *th, int lang)
{
	static const struct { const char *key, *i18n; long n; } plain[] = {
		{ "list", "search.box.list", 0 },
		{ "count-one", "search.box.count", 1 },
		{ "count-other", "search.box.count", 2 },
		{ "see-all-one", "search.box.see_all", 1 },
		{ "see-all-other", "search.box.see_all", 2 },
		{ "hidden-one", "search.hidden", 1 },
		{ "hidden-other", "search.hidden", 2 },
		{ "none", "search.box.none", 0 },
		{ "error", "search.box.error", 0 },
		{ "stars", "stars_format", 2 },
	};
	struct json_object *o = json_object_new_object();
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		jsonout_str(o, plain[i].key, plain[i].n
			    ? theme_plural(th, lang, plain[i].i18n, plain[i].n)
			    : theme_string(th, lang, plain[i].i18n));
	for (int k = 0; k < CERT_STATUSES; k++) {
		char key[40], i18n[40];
		snprintf(key, sizeof(key), "status-%s", model_cert_status_slugs[k]);
		snprintf(i18n, sizeof(i18n), "status.%s", model_cert_status_slugs[k]);
		jsonout_str(o, key, theme_string(th, lang, i18n));
	}
	return o;
}

void
search_script(struct sbuf *out, const struct plan *p, const struct plan_item *it,
	      const struct theme *th)
{
	const struct site *s = p->c->site;
	sbuf_puts(out, "window.ocop = window.ocop || {};\nwindow.ocop.index = ");
	meta(out, p, true);
	struct json_object *strings = json_object_new_object();
	for (size_t k = 0; k < s->n_languages; k++)
		json_object_object_add(strings, s->languages[k],
				       box_strings(th, (int)k));
	sbuf_puts(out, ";\nwindow.ocop.strings = ");
	jsonout_put(out, strings);
	sbuf_puts(out, ";\n");
	sbuf_put(out, it->data.p, it->data.len);
}

/* Where in ix->by_doc the documents numbered d onwards start. */
static size_t
numbered_from(const struct search_index *ix, size_t d)
{
	size_t lo = 0, hi = ix->n_docs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->doc_of[ix->by_doc[mid]] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool
current(uint8_t rank)
{
	enum cert_status s = (enum cert_status)(rank % CERT_STATUSES);
	return s == CERT_VALID || s == CERT_PENDING || s == CERT_UNPUBLISHED;
}

/* Whether posting a comes before b in a one-word answer: as search.js
 * ranks, by weight, then stars, then current certificates, then
 * number. */
static bool
ahead(const struct search_posting *a, const struct search_posting *b)
{
	if (a->weight != b->weight)
		return a->weight > b->weight;
	if (a->rank / CERT_STATUSES != b->rank / CERT_STATUSES)
		return a->rank / CERT_STATUSES > b->rank / CERT_STATUSES;
	if (current(a->rank) != current(b->rank))
		return current(a->rank);
	return a->doc < b->doc;
}

static int
by_number(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/*
 * "docs": the records of the documents each token of chunk ch would
 * show first alone (its first SEARCH_CARRIED postings in a field of
 * SEARCH_PLACE or more, ahead()), so that most first answers need no
 * file of records after the chunks.
 */
static void
carried(struct sbuf *out, const struct search_index *ix,
	const struct search_chunk *ch, const struct embed_records *r)
{
	size_t n = 0, cap = 0;
	uint32_t *docs = NULL;
	const struct search_posting *top[SEARCH_CARRIED];
	for (size_t i = ch->first; i < ch->first + ch->n; i++) {
		const struct search_token *t = &ix->tokens[i];
		size_t k = 0;
		for (size_t j = 0; j < t->n; j++) {
			const struct search_posting *q = &t->p[j];
			if (q->weight < SEARCH_PLACE ||
			    (k == SEARCH_CARRIED && !ahead(q, top[k - 1])))
				continue;
			size_t at = k < SEARCH_CARRIED ? k++ : k - 1;
			while (at > 0 && ahead(q, top[at - 1])) {
				top[at] = top[at - 1];
				at--;
			}
			top[at] = q;
		}
		if (n + k > cap) {
			cap = 2 * (n + k);
			docs = xrealloc(docs, cap * sizeof(*docs));
		}
		for (size_t j = 0; j < k; j++)
			docs[n++] = top[j]->doc;
	}
	if (n)
		qsort(docs, n, sizeof(*docs), by_number);
	sbuf_puts(out, ",\"docs\":{");
	for (size_t j = 0; j < n; j++) {
		if (j && docs[j] == docs[j - 1])
			continue;
		const struct span *rec = &r->v[ix->by_doc[numbered_from(ix, docs[j])]];
		sbuf_putf(out, "%s\"%u\":", j ? "," : "", docs[j]);
		sbuf_put(out, rec->p, rec->len);
	}
	sbuf_putc(out, '}');
	free(docs);
}

static void
tokens(struct sbuf *out, const struct search_index *ix,
       const struct search_chunk *ch, const struct embed_records *r)
{
	sbuf_putf(out, "{\"version\":%d,\"tokens\":[", SEARCH_VERSION);
	for (size_t i = ch->first; i < ch->first + ch->n; i++) {
		const struct search_token *t = &ix->tokens[i];
		sbuf_putf(out, "%s[\"%s\",[", i > ch->first ? "," : "", t->text);
		for (size_t f = 0; f < t->n_forms; f++) {
			if (f)
				sbuf_putc(out, ',');
			put_string(out, t->forms[f]);
		}
		sbuf_puts(out, "],[");
		for (size_t k = 0; k < t->n; k++) {
			const struct search_posting *q = &t->p[k];
			if (k)
				sbuf_putc(out, ',');
			/* by number: each after the first as the step from
			 * the one before */
			sbuf_putlong(out, (long)q->doc - (k ? (long)t->p[k - 1].doc : 0));
			sbuf_putc(out, ',');
			sbuf_putlong(out, q->weight);
			sbuf_putc(out, ',');
			sbuf_putlong(out, q->form);
			sbuf_putc(out, ',');
			sbuf_putlong(out, q->pos);
			sbuf_putc(out, ',');
			sbuf_putlong(out, q->rank);
		}
		sbuf_puts(out, "]]");
	}
	sbuf_putc(out, ']');
	carried(out, ix, ch, r);
	sbuf_puts(out, "}\n");
}

/* The documents numbered chunk * SEARCH_DOC_CHUNK onwards, as their
 * records. */
static void
docs(struct sbuf *out, const struct plan *p, size_t chunk,
     const struct embed_records *r)
{
	const struct search_index *ix = &p->search;
	size_t first = chunk * SEARCH_DOC_CHUNK, lo = numbered_from(ix, first);
	sbuf_putf(out, "{\"version\":%d,\"first\":%zu,\"docs\":{", SEARCH_VERSION,
		  first);
	for (size_t k = lo; k < ix->n_docs; k++) {
		size_t i = ix->by_doc[k];
		if (ix->doc_of[i] >= first + SEARCH_DOC_CHUNK)
			break;
		sbuf_putf(out, "%s\"%u\":", k > lo ? "," : "", ix->doc_of[i]);
		sbuf_put(out, r->v[i].p, r->v[i].len);
	}
	sbuf_puts(out, "}}\n");
}

/* ---- facets ----------------------------------------------------------- */

/* Digits of the facets' codes: 64 that need no escape in JSON. */
static const char code_digits[] =
	"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/* One facet: its values, and each product's value (index + 1; 0 for
 * none) or, for a facet of several values, its set of them. */
struct facet {
	const char *name;
	bool multi;
	size_t n;                      /* values */
	uint64_t *of;                  /* by product index */
	struct sbuf values;            /* the JSON of its values */
};

static void
facet_value(struct facet *f, const char *key, const char *name)
{
	struct sbuf *v = &f->values;
	sbuf_puts(v, f->n++ ? ",{\"key\":" : "{\"key\":");
	put_string(v, key);
	if (name) {
		sbuf_puts(v, ",\"name\":");
		put_string(v, name);
	}
	sbuf_putc(v, '}');
}

/* Gives value f->n - 1 to the products of list l. */
static void
facet_list(struct facet *f, const struct plan_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		size_t p = l->items[i]->e.index;
		if (f->multi)
			f->of[p] |= (uint64_t)1 << (f->n - 1);
		else
			f->of[p] = f->n;
	}
}

/* Writes facet f: its values, and the codes of the products docs[0..n)
 * (product indexes, by document number). */
static void
facet_write(struct sbuf *out, const struct facet *f, const size_t *docs,
	    size_t n)
{
	uint64_t top = f->multi ? (f->n ? ((uint64_t)1 << f->n) - 1 : 0) : f->n;
	int width = 1;
	while (width < 11 && top >> (6 * width))
		width++;
	sbuf_puts(out, "{\"name\":");
	put_string(out, f->name);
	sbuf_putf(out, ",\"multi\":%s,\"width\":%d,\"values\":[%.*s],\"of\":\"",
		  f->multi ? "true" : "false", width, (int)f->values.len,
		  f->values.data ? f->values.data : "");
	for (size_t k = 0; k < n; k++) {
		uint64_t v = f->of[docs[k]];
		for (int d = width - 1; d >= 0; d--)
			sbuf_putc(out, code_digits[(v >> (6 * d)) & 63]);
	}
	sbuf_puts(out, "\"}");
}

/* "docs": the numbers of the products docs[0..n) (by number), each after
 * the first as the step from the one before. */
static void
numbers_write(struct sbuf *out, const struct search_index *ix,
	      const size_t *docs, size_t n)
{
	sbuf_putf(out, "{\"version\":%d,\"docs\":[", SEARCH_VERSION);
	for (size_t k = 0; k < n; k++) {
		uint32_t d = ix->doc_of[docs[k]];
		sbuf_putf(out, "%s%u", k ? "," : "",
			  k ? d - ix->doc_of[docs[k - 1]] : d);
	}
	sbuf_putc(out, ']');
}

/*
 * search/facets.json: every document's number (numbers_write()) and for
 * each facet its values and "of", each document's code in that order:
 * width digits of code_digits, the value's index + 1 (0: none) or, for a
 * facet of several values (platforms), the set of them as bits.
 * Communes are many: each province's are in a file of their own.
 */
static void
facets(struct sbuf *out, const struct plan *p)
{
	const struct catalog *c = p->c;
	const struct search_index *ix = &p->search;
	enum { STARS, STATUS, GROUP, PROVINCE, TYPE, PLATFORM, FACETS };
	static const char *const names[FACETS] = { "stars", "status", "group",
		"province", "producer_type", "platform" };
	struct facet f[FACETS];
	for (int k = 0; k < FACETS; k++)
		f[k] = (struct facet){ names[k], k == PLATFORM, 0,
			xcalloc(c->n_products + 1, sizeof(uint64_t)), SBUF_INIT };
	for (int s = 0; s < 3; s++) {
		facet_value(&f[STARS], p->stars[s].slug, NULL);
		facet_list(&f[STARS], &p->stars[s]);
	}
	for (int k = 0; k < CERT_STATUSES; k++)
		facet_value(&f[STATUS], model_cert_status_slugs[k], NULL);
	for (size_t i = 0; i < c->n_products; i++)
		f[STATUS].of[i] = (uint64_t)cert_status(&c->products[i]->cert,
							c->as_of_days) + 1;
	for (int k = 0; k < GROUP_COUNT; k++) {
		facet_value(&f[GROUP], model_group_slugs[k], NULL);
		facet_list(&f[GROUP], &p->groups[k]);
	}
	for (size_t i = 0; i < p->n_provinces; i++) {
		facet_value(&f[PROVINCE], p->provinces[i].slug,
			    p->provinces[i].name);
		facet_list(&f[PROVINCE], &p->provinces[i]);
	}
	for (int k = 0; k < PRODUCER_TYPE_COUNT; k++)
		facet_value(&f[TYPE], model_producer_type_slugs[k], NULL);
	for (size_t i = 0; i < c->n_products; i++)
		if (c->products[i]->producer)
			f[TYPE].of[i] = (uint64_t)c->products[i]->producer->type + 1;
	/* at most 60 platforms are told apart (the bits of a code) */
	for (size_t k = 0; k < c->site->n_platforms && k < 60; k++) {
		facet_value(&f[PLATFORM], c->site->platforms[k].key,
			    c->site->platforms[k].name);
		facet_list(&f[PLATFORM], &p->platforms[k]);
	}
	numbers_write(out, ix, ix->by_doc, ix->n_docs);
	sbuf_puts(out, ",\"facets\":[");
	for (int k = 0; k < FACETS; k++) {
		if (k)
			sbuf_putc(out, ',');
		facet_write(out, &f[k], ix->by_doc, ix->n_docs);
		free(f[k].of);
		sbuf_release(&f[k].values);
	}
	sbuf_puts(out, "]}\n");
}

/*
 * search/communes/<province>.json: the numbers of province pv's
 * documents and their commune, as facets.json has the other facets;
 * a commune's key is "<province>/<commune>".
 */
static void
communes(struct sbuf *out, const struct plan *p, const struct plan_list *pv)
{
	const struct search_index *ix = &p->search;
	struct arena arena = ARENA_INIT, *a = &arena;
	struct facet f = { "commune", false, 0,
		xcalloc(p->c->n_products + 1, sizeof(uint64_t)), SBUF_INIT };
	for (size_t k = 0; k < pv->n_children; k++) {
		const struct plan_list *cm = &pv->children[k];
		if (cm->kind != LIST_COMMUNE)
			continue;
		facet_value(&f, arena_printf(a, "%s/%s", pv->slug,
			    fold_slug(a, cm->name)), cm->name);
		facet_list(&f, cm);
	}
	/* the province's products by number */
	size_t *docs = xcalloc(pv->n + 1, sizeof(*docs)), n = 0;
	uint8_t *in = xcalloc(p->c->n_products + 1, 1);
	for (size_t i = 0; i < pv->n; i++)
		in[pv->items[i]->e.index] = 1;
	for (size_t k = 0; k < ix->n_docs; k++)
		if (in[ix->by_doc[k]])
			docs[n++] = ix->by_doc[k];
	numbers_write(out, ix, docs, n);
	sbuf_puts(out, ",\"facet\":");
	facet_write(out, &f, docs, n);
	sbuf_puts(out, "}\n");
	free(in);
	free(docs);
	free(f.of);
	sbuf_release(&f.values);
	arena_release(a);
}

void
search_json(struct sbuf *out, const struct plan *p, const struct plan_item *it,
	    const struct embed_records *r)
{
	switch (it->kind) {
	case PLAN_SEARCH_META:
		meta(out, p, false);
		break;
	case PLAN_SEARCH_TOKENS:
		tokens(out, &p->search, &p->search.chunks[it->page], r);
		break;
	case PLAN_SEARCH_DOCS:
		docs(out, p, it->page, r);
		break;
	case PLAN_SEARCH_FACETS:
		facets(out, p);
		break;
	case PLAN_SEARCH_COMMUNES:
		communes(out, p, it->list);
		break;
	default:
		break;
	}
}
