/*
 * search_json.c - the search index's files (search_json.h).  The
 * postings of a chunk can be hundreds of thousands of numbers, so they
 * are written as digits, not as json-c objects; the spellings go
 * through json-c, one string at a time.
 */
#include "search_json.h"

#include <string.h>

#include <json-c/json.h>

#include "jsonout.h"
#include "../util/banned.h"

static void
put_string(struct sbuf *out, const char *s)
{
	struct json_object *o = json_object_new_string(s);
	size_t len;
	const char *text = jsonout_text(o, &len);
	sbuf_put(out, text, len);
	json_object_put(o);
}

static void
meta(struct sbuf *out, const struct plan *p)
{
	static const struct { const char *field; int weight; } weights[] = {
		{ "code", SEARCH_CODE }, { "name", SEARCH_NAME },
		{ "producer", SEARCH_PRODUCER }, { "place", SEARCH_PLACE },
		{ "kind", SEARCH_KIND }, { "summary", SEARCH_SUMMARY },
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
	sbuf_putf(out, "],\"docs\":%zu,\"doc_chunk\":%d,\"chunks\":[",
		  ix->n_docs, SEARCH_DOC_CHUNK);
	for (size_t i = 0; i < ix->n_chunks; i++)
		sbuf_putf(out, "%s\"%s\"", i ? "," : "", ix->chunks[i].name);
	sbuf_puts(out, "],\"weights\":{");
	for (size_t i = 0; i < sizeof(weights) / sizeof(weights[0]); i++)
		sbuf_putf(out, "%s\"%s\":%d", i ? "," : "", weights[i].field,
			  weights[i].weight);
	sbuf_puts(out, "}}\n");
}

static void
tokens(struct sbuf *out, const struct search_index *ix,
       const struct search_chunk *ch)
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
			sbuf_putlong(out, (long)q->doc);
			sbuf_putc(out, ',');
			sbuf_putlong(out, q->weight);
			sbuf_putc(out, ',');
			sbuf_putlong(out, q->form);
			sbuf_putc(out, ',');
			sbuf_putlong(out, q->pos);
		}
		sbuf_puts(out, "]]");
	}
	sbuf_puts(out, "]}\n");
}

static void
docs(struct sbuf *out, const struct plan *p, size_t chunk,
     const struct embed_records *r)
{
	size_t first = chunk * SEARCH_DOC_CHUNK;
	sbuf_putf(out, "{\"version\":%d,\"first\":%zu,\"docs\":[", SEARCH_VERSION,
		  first);
	for (size_t d = first; d < p->c->n_products && d < first + SEARCH_DOC_CHUNK;
	     d++) {
		if (d > first)
			sbuf_putc(out, ',');
		sbuf_put(out, r->v[d].p, r->v[d].len);
	}
	sbuf_puts(out, "]}\n");
}

void
search_json(struct sbuf *out, const struct plan *p, const struct plan_item *it,
	    const struct embed_records *r)
{
	switch (it->kind) {
	case PLAN_SEARCH_META:
		meta(out, p);
		break;
	case PLAN_SEARCH_TOKENS:
		tokens(out, &p->search, &p->search.chunks[it->page]);
		break;
	case PLAN_SEARCH_DOCS:
		docs(out, p, it->page, r);
		break;
	default:
		break;
	}
}
