/*
 * search.c - the search index (search.h): each product's fields cut
 * into folded words, one posting per token and document with the best
 * field's weight, then the tokens sorted and grouped into chunks by
 * prefix.
 *
 * A story is HTML (cmark's): its tags are skipped and the five entities
 * cmark writes decoded before it is cut into words, and only its first
 * SEARCH_STORY_WORDS words count.  Tokens that fold to anything but
 * a-z and 0-9 (a word in another script) are left out: a chunk's name
 * is a file name, and Vietnamese folds to those.
 */
#include "search.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../model/date.h"
#include "../model/model.h"
#include "../util/fold.h"
#include "../util/sbuf.h"
#include "../util/strmap.h"
#include "../util/workers.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

enum { MAX_FORMS = 255, MAX_PREFIX = 6 };

/* The index of a range of documents, made on one thread. */
struct builder {
	struct arena arena;            /* its tokens, texts and spellings */
	struct arena *a;               /* &arena */
	struct strmap map;             /* folded → struct search_token * */
	struct fold_memo memo;         /* words folded so far, */
	struct arena memo_arena;       /* in here */
	struct search_token **v;       /* in the order first seen */
	size_t n, cap;
	uint32_t doc;                  /* the document being cut */
	uint8_t rank;                  /* its search_rank() */
	uint8_t weight;                /* the field being cut */
	size_t pos, max_words;         /* its words so far, and the most */
};

static bool
indexable(const char *folded)
{
	for (const char *c = folded; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
			return false;
	return true;
}

static uint8_t
form_of(struct arena *a, struct search_token *t, const char *spelling)
{
	for (size_t i = 0; i < t->n_forms; i++)
		if (!strcmp(t->forms[i], spelling))
			return (uint8_t)i;
	if (t->n_forms == MAX_FORMS)
		return 0;       /* a token spelled 255 ways ranks by the first */
	const char **grown = arena_array(a, t->n_forms + 1, sizeof(*grown));
	if (t->n_forms)
		memcpy(grown, t->forms, t->n_forms * sizeof(*grown));
	grown[t->n_forms] = arena_strdup(a, spelling);
	t->forms = grown;
	return (uint8_t)t->n_forms++;
}

/* One word of the field being cut (fold_each_word's callback): false
 * once the field's words that count are cut. */
static bool
add_word(const char *folded, const char *spelling, void *ctx)
{
	struct builder *b = ctx;
	if (b->pos >= b->max_words)
		return false;
	if (!indexable(folded))
		return true;
	size_t pos = b->pos++;
	const void *found = strmap_get(&b->map, folded);
	struct search_token *t = (struct search_token *)(uintptr_t)found;
	if (!t) {
		t = arena_alloc(b->a, sizeof(*t));
		memset(t, 0, sizeof(*t));
		t->text = arena_strdup(b->a, folded);
		strmap_add(&b->map, t->text, t, NULL);
		void *v = b->v;
		xgrow(&v, &b->cap, b->n + 1, sizeof(*b->v));
		b->v = v;
		b->v[b->n++] = t;
	}
	uint8_t form = form_of(b->a, t, spelling);
	uint8_t at = pos > 255 ? 255 : (uint8_t)pos;
	if (t->n && t->p[t->n - 1].doc == b->doc) {
		/* the document has it already: keep the better field */
		struct search_posting *last = &t->p[t->n - 1];
		if (b->weight > last->weight) {
			last->weight = b->weight;
			last->form = form;
			last->pos = at;
		}
		return b->pos < b->max_words;
	}
	void *v = t->p;
	xgrow(&v, &t->cap, t->n + 1, sizeof(*t->p));
	t->p = v;
	t->p[t->n++] = (struct search_posting){ b->doc, b->weight, form, at,
						b->rank };
	return b->pos < b->max_words;
}

static void
add_field(struct builder *b, const char *text, uint8_t weight,
	  size_t max_words)
{
	if (!text || !*text)
		return;
	b->weight = weight;
	b->pos = 0;
	b->max_words = max_words;
	fold_each_word_memo(text, strlen(text), add_word, b, &b->memo);
}

/* Collects the folded words of a code ("1542/QĐ-UBND"). */
struct code_words {
	struct sbuf joined, spelled;
	struct builder *b;
};

static bool
code_word(const char *folded, const char *spelling, void *ctx)
{
	struct code_words *w = ctx;
	sbuf_puts(&w->joined, folded);
	sbuf_puts(&w->spelled, spelling);
	bool number = true;
	for (const char *c = folded; *c; c++)
		number &= *c >= '0' && *c <= '9';
	if (number)
		add_word(folded, spelling, w->b);
	return true;
}

/*
 * A decision number, product code or GTIN: one token of its words
 * joined ("1542qdubnd"), which search.js makes of such a query word
 * too, and one of each of its numbers ("1542").  Its other words
 * ("qd", "ubnd") stand in every product's decision and would only
 * weigh the index down.
 */
static void
add_code(struct builder *b, const char *code)
{
	if (!code || !*code)
		return;
	struct code_words w = { SBUF_INIT, SBUF_INIT, b };
	b->weight = SEARCH_CODE;
	b->pos = 0;
	b->max_words = SIZE_MAX;
	fold_each_word(code, strlen(code), code_word, &w);
	if (w.joined.len)
		add_word(w.joined.data, w.spelled.data, b);
	sbuf_release(&w.joined);
	sbuf_release(&w.spelled);
}

/* The text of cmark's HTML: tags dropped (each a space) and the
 * entities it writes decoded. */
static void
html_text(struct sbuf *out, const char *html)
{
	static const struct { const char *entity, *text; } entities[] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
		{ "&quot;", "\"" }, { "&#39;", "'" },
	};
	for (const char *p = html; *p; ) {
		if (*p == '<') {
			const char *end = strchr(p, '>');
			if (!end)
				break;
			sbuf_putc(out, ' ');
			p = end + 1;
			continue;
		}
		if (*p == '&') {
			size_t k;
			for (k = 0; k < sizeof(entities) / sizeof(entities[0]); k++) {
				size_t n = strlen(entities[k].entity);
				if (!strncmp(p, entities[k].entity, n)) {
					sbuf_puts(out, entities[k].text);
					p += n;
					break;
				}
			}
			if (k < sizeof(entities) / sizeof(entities[0]))
				continue;
		}
		sbuf_putc(out, *p++);
	}
}

/* Each text of product p a search finds it by, in every language. */
static void
add_product(struct builder *b, const struct catalog *c,
	    const struct search_names *names, const struct product *p)
{
	const struct site *s = c->site;
	struct sbuf story = SBUF_INIT;
	for (size_t k = 0; k < s->n_languages; k++) {
		const struct product *t = product_in(p, (int)k);
		if (k && t == p)
			continue;       /* no translation: the default's texts */
		add_field(b, t->e.name, SEARCH_NAME, SIZE_MAX);
		if (p->producer)
			add_field(b, producer_in(p->producer, (int)k)->e.name,
				  SEARCH_PRODUCER, SIZE_MAX);
		for (size_t i = 0; i < t->tags.n; i++)
			add_field(b, t->tags.v[i], SEARCH_KIND, SIZE_MAX);
		add_field(b, t->e.summary, SEARCH_SUMMARY, SIZE_MAX);
		if (t->e.html) {
			sbuf_reset(&story);
			html_text(&story, t->e.html);
			add_field(b, story.data, SEARCH_STORY, SEARCH_STORY_WORDS);
		}
	}
	add_code(b, p->cert.number);
	if (p->cert.revoked.set)
		add_code(b, p->cert.revoked.decision);
	add_code(b, p->code);
	add_code(b, p->gtin);
	add_field(b, p->location.commune, SEARCH_PLACE, SIZE_MAX);
	add_field(b, p->location.district, SEARCH_PLACE, SIZE_MAX);
	add_field(b, p->location.province, SEARCH_PLACE, SIZE_MAX);
	add_field(b, p->subgroup, SEARCH_KIND, SIZE_MAX);
	add_field(b, model_group_slugs[p->group], SEARCH_GROUP, SIZE_MAX);
	for (size_t k = 0; names && k < s->n_languages; k++) {
		add_field(b, names->name(names->ctx, (int)k, p->group, NULL),
			  SEARCH_GROUP, SIZE_MAX);
		if (p->subgroup)
			add_field(b, names->name(names->ctx, (int)k, p->group,
						 p->subgroup), SEARCH_KIND, SIZE_MAX);
	}
	sbuf_release(&story);
}

static int
cmp_token(const void *x, const void *y)
{
	const struct search_token *a = *(const struct search_token *const *)x;
	const struct search_token *b = *(const struct search_token *const *)y;
	return strcmp(a->text, b->text);
}

static void
add_chunk(struct search_index *ix, struct arena *a, const char *name,
	  size_t len, size_t first, size_t n, size_t *cap)
{
	if (!n)
		return;
	void *v = ix->chunks;
	xgrow(&v, cap, ix->n_chunks + 1, sizeof(*ix->chunks));
	ix->chunks = v;
	ix->chunks[ix->n_chunks++] = (struct search_chunk){
		arena_strndup(a, name, len), first, n };
}

/*
 * The tokens [lo, hi), which all begin with their first len bytes: one
 * chunk when their postings are few, else the tokens of exactly len
 * bytes stay (they sort first) and the others split by their next
 * letter.  Chunks come out in name order.
 */
static void
chunk_range(struct search_index *ix, struct arena *a, size_t lo, size_t hi,
	    size_t len, size_t limit, size_t *cap)
{
	const char *name = ix->tokens[lo].text;
	size_t postings = 0;
	for (size_t i = lo; i < hi; i++)
		postings += ix->tokens[i].n;
	if (postings <= limit || len >= MAX_PREFIX) {
		add_chunk(ix, a, name, len, lo, hi - lo, cap);
		return;
	}
	size_t i = lo;
	while (i < hi && strlen(ix->tokens[i].text) == len)
		i++;
	add_chunk(ix, a, name, len, lo, i - lo, cap);
	while (i < hi) {
		size_t j = i;
		char next = ix->tokens[i].text[len];
		while (j < hi && ix->tokens[j].text[len] == next)
			j++;
		chunk_range(ix, a, i, j, len + 1, limit, cap);
		i = j;
	}
}

uint8_t
search_rank(const struct product *p, long as_of_days)
{
	return (uint8_t)((p->stars - 3) * CERT_STATUSES +
			 (int)cert_status(&p->cert, as_of_days));
}

/* A document's home slot among space (a power of two): its slug's hash,
 * mixed so that its low bits depend on every byte. */
static size_t
home_of(const struct product *p, size_t space)
{
	uint64_t h = strmap_hash(p->e.slug, strlen(p->e.slug));
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)(h & (space - 1));
}

struct homed {
	size_t home, product;
	const char *slug;
};

static int
cmp_homed(const void *x, const void *y)
{
	const struct homed *a = x, *b = y;
	if (a->home != b->home)
		return a->home < b->home ? -1 : 1;
	return strcmp(a->slug, b->slug);
}

/* Numbers the documents (search.h): each takes its home slot, or the
 * slot after the document before it when that one is past its home. */
static void
number_documents(struct search_index *ix, const struct catalog *c)
{
	size_t n = c->n_products, space = 1;
	while (space < n * SEARCH_SPREAD)
		space *= 2;
	struct homed *v = xcalloc(n + 1, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = (struct homed){ home_of(c->products[i], space), i,
				       c->products[i]->e.slug };
	if (n)
		qsort(v, n, sizeof(*v), cmp_homed);
	ix->space = space;
	ix->doc_of = xcalloc(n + 1, sizeof(*ix->doc_of));
	ix->by_doc = xcalloc(n + 1, sizeof(*ix->by_doc));
	size_t next = 0;
	for (size_t i = 0; i < n; i++) {
		size_t id = v[i].home > next ? v[i].home : next;
		ix->doc_of[v[i].product] = (uint32_t)id;
		ix->by_doc[i] = v[i].product;
		next = id + 1;
	}
	free(v);
}

/* The documents of range r of n: they are made in ranges on every
 * core, and the ranges joined in order, so the index is the same for
 * any number of them. */
struct build_job {
	const struct catalog *c;
	const struct search_index *ix;
	const struct search_names *names;
	struct builder *b;
	size_t n;
};

static bool
build_range(void *ctx, unsigned worker, size_t r)
{
	(void)worker;
	struct build_job *j = ctx;
	struct builder *b = &j->b[r];
	size_t docs = j->c->n_products;
	for (size_t d = r * docs / j->n; d < (r + 1) * docs / j->n; d++) {
		size_t i = j->ix->by_doc[d];
		const struct product *p = j->c->products[i];
		b->doc = j->ix->doc_of[i];
		b->rank = search_rank(p, j->c->as_of_days);
		add_product(b, j->c, j->names, p);
	}
	return true;
}

/* Adds range from's tokens to into's, their postings after into's
 * (later documents), their spellings renumbered. */
static void
join(struct builder *into, struct builder *from, struct arena *a)
{
	for (size_t i = 0; i < from->n; i++) {
		struct search_token *t = from->v[i];
		const void *found = strmap_get(&into->map, t->text);
		struct search_token *g = (struct search_token *)(uintptr_t)found;
		if (!g) {
			strmap_add(&into->map, t->text, t, NULL);
			void *v = into->v;
			xgrow(&v, &into->cap, into->n + 1, sizeof(*into->v));
			into->v = v;
			into->v[into->n++] = t;
			continue;
		}
		uint8_t renumber[MAX_FORMS];
		for (size_t f = 0; f < t->n_forms; f++)
			renumber[f] = form_of(a, g, t->forms[f]);
		void *v = g->p;
		xgrow(&v, &g->cap, g->n + t->n, sizeof(*g->p));
		g->p = v;
		for (size_t k = 0; k < t->n; k++) {
			g->p[g->n] = t->p[k];
			g->p[g->n++].form = renumber[t->p[k].form];
		}
		free(t->p);
		t->p = NULL;
	}
}

void
search_build(struct search_index *ix, const struct catalog *c,
	     const struct search_names *names, size_t chunk_postings,
	     unsigned jobs, struct arena *a)
{
	memset(ix, 0, sizeof(*ix));
	size_t ranges = jobs > 1 && c->n_products >= 2 * jobs ? jobs : 1;
	struct builder *bs = xcalloc(ranges, sizeof(*bs));
	for (size_t r = 0; r < ranges; r++) {
		bs[r].arena = (struct arena)ARENA_INIT;
		bs[r].a = &bs[r].arena;
		bs[r].map = (struct strmap)STRMAP_INIT;
		bs[r].memo_arena = (struct arena)ARENA_INIT;
		fold_memo_init(&bs[r].memo, &bs[r].memo_arena);
	}
	number_documents(ix, c);
	struct build_job j = { c, ix, names, bs, ranges };
	workers_run(ranges, (unsigned)ranges, 1, build_range, &j);
	for (size_t r = 1; r < ranges; r++)
		join(&bs[0], &bs[r], a);
	struct builder *b = &bs[0];
	ix->n_docs = c->n_products;
	if (b->n)
		qsort(b->v, b->n, sizeof(*b->v), cmp_token);
	ix->tokens = xcalloc(b->n + 1, sizeof(*ix->tokens));
	for (size_t i = 0; i < b->n; i++)
		ix->tokens[i] = *b->v[i];
	ix->n_tokens = b->n;
	for (size_t r = 0; r < ranges; r++) {
		free(bs[r].v);
		strmap_release(&bs[r].map);
		fold_memo_release(&bs[r].memo);
		arena_release(&bs[r].memo_arena);
		arena_adopt(a, &bs[r].arena);   /* texts and spellings */
	}
	free(bs);
	size_t cap = 0;
	for (size_t i = 0; i < ix->n_tokens; ) {
		size_t k = i;
		while (k < ix->n_tokens && ix->tokens[k].text[0] == ix->tokens[i].text[0])
			k++;
		chunk_range(ix, a, i, k, 1, chunk_postings ? chunk_postings
			    : SEARCH_CHUNK_POSTINGS, &cap);
		i = k;
	}
}

void
search_release(struct search_index *ix)
{
	for (size_t i = 0; i < ix->n_tokens; i++)
		free(ix->tokens[i].p);
	free(ix->tokens);
	free(ix->chunks);
	free(ix->doc_of);
	free(ix->by_doc);
	memset(ix, 0, sizeof(*ix));
}
