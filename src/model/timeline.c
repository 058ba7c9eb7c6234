/*
 * timeline.c - an entry's changes, field by field (timeline.h).
 *
 * Each version an entry had is read once, parsed, and boiled down to
 * its facts: the texts a note shows (name, stars, certificate, points
 * of sale, revocation) and a hash of each other part (shops, price,
 * story, every other field).  Notes come from comparing the facts of
 * consecutive versions, so a version is parsed once however many times
 * it is compared, the versions of all entries are read together in the
 * order they lie in the packs (the bases of their deltas still cached),
 * on every core, and the facts are what the cache keeps.
 */
#include "timeline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../load/cache.h"
#include "../parse/fm.h"
#include "../util/sbuf.h"
#include "../util/workers.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

enum { MAX_NOTES = 16 };

/* What a version says, as far as a timeline compares it. */
struct facts {
	bool ok;                   /* it parsed */
	bool has_map;              /* its front matter is a map */
	bool draft;                /* draft: true */
	const char *name, *stars;
	const char *certificate;   /* "1234/QĐ-UBND (2020)", or NULL */
	const char *number, *issued, *expires;  /* the certificate's, as
						   written */
	bool revoked;
	const char *revoked_by;    /* the revoking decision, or NULL */
	const char *revoked_on;    /* its date, as written, or NULL */
	const char **pos;          /* its points of sale */
	uint32_t n_pos;
	uint64_t shops, price, story, other;  /* hashes (node_hash) */
};

/* Mixes b into a (splitmix64's finaliser over both). */
static uint64_t
mix(uint64_t a, uint64_t b)
{
	uint64_t z = a ^ (b + 0x9e3779b97f4a7c15u + (a << 6) + (a >> 2));
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* A hash of what n holds: equal for nodes that hold the same scalars in
 * the same shape, a map's keys in any order (as the YAML means). */
static uint64_t
node_hash(const struct fm_node *n)
{
	if (!n)
		return 0x6f636f70;
	switch (n->kind) {
	case FM_SCALAR:
		return mix(1, strmap_hash(n->str, n->len));
	case FM_SEQ: {
		uint64_t h = mix(2, n->n);
		for (size_t i = 0; i < n->n; i++)
			h = mix(h, node_hash(n->items[i]));
		return h;
	}
	case FM_MAP: {
		uint64_t sum = 0;
		for (size_t i = 0; i < n->n; i++)
			sum += mix(strmap_hash(n->pairs[i].key->str, n->pairs[i].key->len),
				   node_hash(n->pairs[i].value));
		return mix(mix(3, n->n), sum);
	}
	}
	return 0;
}

static const char *
text(const struct fm_node *n)
{
	return n && n->kind == FM_SCALAR ? n->str : NULL;
}

static const char *
copy(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

/* The keys with notes of their own: the rest is "other details". */
static const char *const noted[] = {
	"name", "stars", "certificate", "points_of_sale", "shops", "price",
	NULL,
};

static bool
is_noted(const char *key)
{
	for (size_t k = 0; noted[k]; k++)
		if (!strcmp(noted[k], key))
			return true;
	return false;
}

/* The facts of a parsed front matter m and body, their texts in a. */
static void
facts_of(struct facts *f, const struct fm_node *m, struct span body,
	 struct arena *a)
{
	memset(f, 0, sizeof(*f));
	f->ok = true;
	f->has_map = m && m->kind == FM_MAP;
	const char *draft = text(fm_get(m, "draft"));
	f->draft = draft && !strcmp(draft, "true");
	f->name = copy(a, text(fm_get(m, "name")));
	f->stars = copy(a, text(fm_get(m, "stars")));
	const struct fm_node *c = fm_get(m, "certificate");
	const char *number = text(fm_get(c, "number"));
	const char *issued = text(fm_get(c, "issued"));
	f->number = copy(a, number);
	f->issued = copy(a, issued);
	f->expires = copy(a, text(fm_get(c, "expires")));
	if (number)
		f->certificate = !issued || strlen(issued) < 4
			? arena_strdup(a, number)
			: arena_printf(a, "%s (%.4s)", number, issued);
	const struct fm_node *rv = fm_get(c, "revoked");
	f->revoked = rv && !fm_is_null(rv);
	f->revoked_by = f->revoked ? copy(a, text(fm_get(rv, "decision"))) : NULL;
	f->revoked_on = f->revoked ? copy(a, text(fm_get(rv, "date"))) : NULL;
	const struct fm_node *pos = fm_get(m, "points_of_sale");
	if (pos && pos->kind == FM_SEQ && pos->n) {
		f->pos = arena_array(a, pos->n, sizeof(*f->pos));
		for (size_t i = 0; i < pos->n; i++)
			if (text(pos->items[i]))
				f->pos[f->n_pos++] = arena_strdup(a, text(pos->items[i]));
	}
	f->shops = node_hash(fm_get(m, "shops"));
	f->price = node_hash(fm_get(m, "price"));
	f->story = mix(strmap_hash(body.p ? body.p : "", body.len), body.len);
	/* every other field, and the certificate's but its number, date
	 * and revocation: a sum, so their order does not count */
	uint64_t other = 0;
	for (size_t i = 0; f->has_map && i < m->n; i++) {
		const struct fm_node *key = m->pairs[i].key, *v = m->pairs[i].value;
		if (!strcmp(key->str, "certificate") && v->kind == FM_MAP) {
			for (size_t j = 0; j < v->n; j++) {
				const char *k = v->pairs[j].key->str;
				if (strcmp(k, "number") && strcmp(k, "issued") &&
				    strcmp(k, "revoked"))
					other += mix(mix(4, strmap_hash(k, strlen(k))),
						     node_hash(v->pairs[j].value));
			}
		} else if (!is_noted(key->str)) {
			other += mix(strmap_hash(key->str, key->len), node_hash(v));
		}
	}
	f->other = other;
}

struct notes {
	struct timeline_note v[MAX_NOTES];
	size_t n;
	struct arena *a;           /* where their texts are kept */
};

static void
note(struct notes *ns, enum timeline_note_kind kind, const char *from,
     const char *to)
{
	if (ns->n == MAX_NOTES)
		return;
	ns->v[ns->n++] = (struct timeline_note){ kind, copy(ns->a, from),
						 copy(ns->a, to) };
}

static bool
has_pos(const struct facts *f, const char *slug)
{
	for (uint32_t i = 0; i < f->n_pos; i++)
		if (!strcmp(f->pos[i], slug))
			return true;
	return false;
}

static bool
differ(const char *was, const char *is)
{
	return was && is && strcmp(was, is);
}

/* The notes of version n after version o, both parsed. */
static void
compare(struct notes *ns, const struct facts *o, const struct facts *n)
{
	if (differ(o->name, n->name))
		note(ns, NOTE_NAME, o->name, n->name);
	if (differ(o->stars, n->stars))
		note(ns, NOTE_STARS, o->stars, n->stars);
	if (differ(o->certificate, n->certificate))
		note(ns, NOTE_CERTIFICATE, o->certificate, n->certificate);
	if (!o->revoked && n->revoked)
		note(ns, NOTE_REVOKED, n->revoked_on, n->revoked_by);
	else if (o->revoked && !n->revoked)
		note(ns, NOTE_UNREVOKED, NULL, NULL);
	for (uint32_t i = 0; i < n->n_pos; i++)
		if (!has_pos(o, n->pos[i]))
			note(ns, NOTE_POS_ADDED, NULL, n->pos[i]);
	for (uint32_t i = 0; i < o->n_pos; i++)
		if (!has_pos(n, o->pos[i]))
			note(ns, NOTE_POS_REMOVED, o->pos[i], NULL);
	if (o->shops != n->shops)
		note(ns, NOTE_SHOPS, NULL, NULL);
	if (o->price != n->price)
		note(ns, NOTE_PRICE, NULL, NULL);
	if (o->story != n->story)
		note(ns, NOTE_STORY, NULL, NULL);
	if (o->other != n->other || (!ns->n && o->has_map && n->has_map))
		note(ns, NOTE_OTHER, NULL, NULL);
}

/* --- the cache's record of a version's facts (load/cache.h) --------- */

enum { FACT_OK = 1, FACT_MAP = 2, FACT_REVOKED = 4, FACT_DRAFT = 8 };

static void
save_facts(struct cache *cache, const char *blob, const struct facts *f)
{
	struct sbuf sb = SBUF_INIT;
	record_put_u32(&sb, (f->ok ? FACT_OK : 0) | (f->has_map ? FACT_MAP : 0) |
		       (f->revoked ? FACT_REVOKED : 0) | (f->draft ? FACT_DRAFT : 0));
	record_put_str(&sb, f->name);
	record_put_str(&sb, f->stars);
	record_put_str(&sb, f->certificate);
	record_put_str(&sb, f->number);
	record_put_str(&sb, f->issued);
	record_put_str(&sb, f->expires);
	record_put_str(&sb, f->revoked_by);
	record_put_str(&sb, f->revoked_on);
	record_put_u32(&sb, f->n_pos);
	for (uint32_t i = 0; i < f->n_pos; i++)
		record_put_str(&sb, f->pos[i]);
	record_put_i64(&sb, (int64_t)f->shops);
	record_put_i64(&sb, (int64_t)f->price);
	record_put_i64(&sb, (int64_t)f->story);
	record_put_i64(&sb, (int64_t)f->other);
	cache_add(cache, CACHE_VERSIONS, blob, sbuf_span(&sb));
	sbuf_release(&sb);
}

/* The facts the cache kept of blob, their texts copied into a; false
 * when it has none, or none that reads back whole. */
static bool
cached_facts(struct cache *cache, const char *blob, struct facts *f,
	     struct arena *a)
{
	struct span v;
	if (!cache || !cache_find(cache, CACHE_VERSIONS, blob, &v))
		return false;
	struct record_reader r = { (const unsigned char *)v.p,
		(const unsigned char *)v.p + v.len, false };
	memset(f, 0, sizeof(*f));
	uint32_t flags = record_u32(&r);
	f->ok = flags & FACT_OK;
	f->has_map = flags & FACT_MAP;
	f->revoked = flags & FACT_REVOKED;
	f->draft = flags & FACT_DRAFT;
	f->name = copy(a, record_str(&r));
	f->stars = copy(a, record_str(&r));
	f->certificate = copy(a, record_str(&r));
	f->number = copy(a, record_str(&r));
	f->issued = copy(a, record_str(&r));
	f->expires = copy(a, record_str(&r));
	f->revoked_by = copy(a, record_str(&r));
	f->revoked_on = copy(a, record_str(&r));
	uint32_t n = record_u32(&r);
	if (r.bad || flags > (FACT_OK | FACT_MAP | FACT_REVOKED | FACT_DRAFT) ||
	    n > v.len)
		return false;
	f->pos = n ? arena_array(a, n, sizeof(*f->pos)) : NULL;
	for (uint32_t i = 0; i < n && !r.bad; i++) {
		const char *s = record_str(&r);
		if (!s)
			r.bad = true;
		else
			f->pos[f->n_pos++] = arena_strdup(a, s);
	}
	f->shops = (uint64_t)record_i64(&r);
	f->price = (uint64_t)record_i64(&r);
	f->story = (uint64_t)record_i64(&r);
	f->other = (uint64_t)record_i64(&r);
	return !r.bad && r.p == r.end;
}

/* --- reading every version ------------------------------------------ */

/* A version to read: its blob, a path it had (for diags, dropped), its
 * place in the packs, and where its facts go. */
struct pending {
	const char *blob, *path;
	uint64_t key;
	struct facts *facts;
};

static int
by_pack(const void *x, const void *y)
{
	const struct pending *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return strcmp(a->blob, b->blob);
}

/* One thread of the reading: its own repository (libgit2's objects
 * belong to one thread at a time) and arenas. */
struct reader {
	struct pending *v;
	struct source_set src;
	bool open;
	struct cache *cache;
	struct arena facts, scratch;
};

/* The facts of a file's bytes, their texts in a (parsed in scratch). */
static void
facts_of_bytes(struct facts *f, const char *path, struct span bytes,
	       struct arena *a, struct arena *scratch)
{
	struct diag_list dl = DIAG_LIST_INIT;
	struct fm_doc doc;
	memset(f, 0, sizeof(*f));
	if (fm_parse(&doc, path, bytes, scratch, &dl) == 0)
		facts_of(f, doc.root, doc.body, a);
	diag_list_release(&dl);
}

static bool
read_one(void *ctx, unsigned worker, size_t i)
{
	struct reader *r = (struct reader *)ctx + worker;
	struct pending *p = &r->v[i];
	struct source s = { .path = p->path };
	memcpy(s.oid, p->blob, sizeof(s.oid));
	struct diag_list dl = DIAG_LIST_INIT;
	struct span bytes;
	struct fm_doc doc;
	memset(p->facts, 0, sizeof(*p->facts));
	/* a blob that cannot be read now (a damaged object) is said to be
	 * invalid, as one that does not parse, but only what the bytes
	 * themselves decide is kept for the next build */
	bool read = source_load(&bytes, &r->src, &s, FM_MAX_BYTES, &r->scratch, &dl) == 0;
	if (read && fm_parse(&doc, p->path, bytes, &r->scratch, &dl) == 0)
		facts_of(p->facts, doc.root, doc.body, &r->facts);
	diag_list_release(&dl);
	arena_reset(&r->scratch);
	if (read && r->cache)
		save_facts(r->cache, p->blob, p->facts);
	return true;
}

/* --- the versions the catalog parsed ------------------------------- */

struct timeline_seed {
	const struct source_set *src;
	struct facts **by_source;  /* NULL: not parsed */
	struct arena a[WORKERS_MAX];
};

struct timeline_seed *
timeline_seed_new(const struct source_set *src)
{
	struct timeline_seed *seed = xcalloc(1, sizeof(*seed));
	seed->src = src;
	seed->by_source = xcalloc(src->n + 1, sizeof(*seed->by_source));
	for (size_t k = 0; k < WORKERS_MAX; k++)
		seed->a[k] = (struct arena)ARENA_INIT;
	return seed;
}

void
timeline_seed_parsed(void *ctx, unsigned worker, size_t i,
		     const struct fm_doc *doc)
{
	struct timeline_seed *seed = ctx;
	const struct source *s = &seed->src->v[i];
	/* the same as read_one() would find: a blob of the repository
	 * (not a file on disk), read whole */
	if (!s->oid[0] || s->data.len > FM_MAX_BYTES || worker >= WORKERS_MAX)
		return;
	struct arena *a = &seed->a[worker];
	struct facts *f = arena_alloc(a, sizeof(*f));
	memset(f, 0, sizeof(*f));
	if (doc)
		facts_of(f, doc->root, doc->body, a);
	seed->by_source[i] = f;
}

void
timeline_seed_free(struct timeline_seed *seed)
{
	if (!seed)
		return;
	for (size_t k = 0; k < WORKERS_MAX; k++)
		arena_release(&seed->a[k]);
	free(seed->by_source);
	free(seed);
}

/* Files the seed's facts in tv (with the cache) and keeps their texts
 * in a; frees the seed. */
static void
take_seed(struct timeline_versions *tv, struct timeline_seed *seed,
	  struct cache *cache, struct arena *a)
{
	if (!seed)
		return;
	for (size_t i = 0; i < seed->src->n; i++) {
		const struct source *s = &seed->src->v[i];
		struct facts *f = seed->by_source[i];
		/* the id is the source set's, which outlives tv */
		if (!f || !strmap_add(&tv->facts, s->oid, f, NULL))
			continue;
		/* kept for the next build (looking it up keeps it too) */
		struct span known;
		if (cache && !cache_find(cache, CACHE_VERSIONS, s->oid, &known))
			save_facts(cache, s->oid, f);
	}
	for (size_t k = 0; k < WORKERS_MAX; k++)
		arena_adopt(a, &seed->a[k]);
	timeline_seed_free(seed);
}

void
timeline_versions_read(struct timeline_versions *tv, const struct history *h,
		       const struct source_set *src, struct cache *cache,
		       struct timeline_seed *seed, unsigned jobs,
		       struct arena *a)
{
	tv->facts = (struct strmap)STRMAP_INIT;
	size_t versions = 0;
	for (size_t i = 0; i < h->files.cap; i++)
		if (h->files.v[i].key)
			versions += ((const struct history_file *)h->files.v[i].value)->n;
	strmap_reserve(&tv->facts, versions);
	take_seed(tv, seed, cache, a);
	struct pending *v = NULL;
	size_t n = 0, cap = 0;
	struct facts *spare = NULL;   /* made for a blob already there */
	for (size_t i = 0; i < h->files.cap; i++) {
		const struct history_file *f = h->files.v[i].value;
		if (!h->files.v[i].key)
			continue;
		for (size_t k = 0; k < f->n; k++) {
			const char *blob = f->v[k].blob;
			if (!blob[0])
				continue;
			struct facts *facts = spare ? spare
				: arena_alloc(a, sizeof(*facts));
			spare = strmap_add(&tv->facts, blob, facts, NULL) ? NULL : facts;
			if (spare || cached_facts(cache, blob, facts, a))
				continue;
			void *grown = v;
			xgrow(&grown, &cap, n + 1, sizeof(*v));
			v = grown;
			v[n++] = (struct pending){ blob, f->v[k].path, 0, facts };
		}
	}
	if (!n)
		return;
	const char **ids = xmalloc(n * sizeof(*ids));
	uint64_t *keys = xmalloc(n * sizeof(*keys));
	for (size_t i = 0; i < n; i++)
		ids[i] = v[i].blob;
	source_pack_keys(src, ids, n, keys);
	for (size_t i = 0; i < n; i++)
		v[i].key = keys[i];
	free(ids);
	free(keys);
	qsort(v, n, sizeof(*v), by_pack);
	/* each thread takes one run of the pack order, so the bases of the
	 * deltas it reads are the ones it has just read; a thread is worth
	 * its start for a few hundred versions only */
	if (jobs > n / 256)
		jobs = (unsigned)(n / 256);
	if (jobs < 1)
		jobs = 1;
	if (jobs > WORKERS_MAX)
		jobs = WORKERS_MAX;
	struct reader *r = xcalloc(jobs, sizeof(*r));
	unsigned ready = 0;
	for (; ready < jobs; ready++) {
		r[ready] = (struct reader){ .v = v, .cache = cache,
			.facts = ARENA_INIT, .scratch = ARENA_INIT };
		if (source_reopen(&r[ready].src, src) < 0)
			break;
		r[ready].open = true;
	}
	if (!ready) {              /* this thread's own repository */
		r[0] = (struct reader){ .v = v, .cache = cache, .src = *src,
			.facts = ARENA_INIT, .scratch = ARENA_INIT };
		ready = 1;
	}
	workers_run(n, ready, (n + ready - 1) / ready, read_one, r);
	for (unsigned k = 0; k < jobs; k++) {
		if (r[k].open)
			source_close(&r[k].src);
		arena_adopt(a, &r[k].facts);
		arena_release(&r[k].scratch);
	}
	free(r);
	free(v);
}

void
timeline_versions_release(struct timeline_versions *tv)
{
	strmap_release(&tv->facts);
}

/* What version is says of itself (timeline.h), the state before it
 * (NULL: none) kept when it did not parse or was deleted. */
static struct timeline_state
state_of(const struct facts *is, const struct timeline_state *was)
{
	struct timeline_state st = { false, false, NULL, 0, NULL, NULL, NULL,
				     false, NULL };
	if (was)
		st = *was;
	st.known = is && is->ok;
	if (!st.known)
		return st;
	st.draft = is->draft;
	st.name = is->name;
	st.stars = is->stars && is->stars[0] >= '3' && is->stars[0] <= '5' &&
		   !is->stars[1] ? is->stars[0] - '0' : 0;
	st.number = is->number;
	st.issued = is->issued;
	st.expires = is->expires;
	st.revoked = is->revoked;
	st.revoked_on = is->revoked_on;
	return st;
}

void
timeline_build(struct timeline *t, const struct history *h,
	       const struct timeline_versions *tv,
	       const struct source_set *src, const char *path, struct arena *a)
{
	timeline_of_file(t, h, tv, src, history_of(h, path), a);
}

void
timeline_of_file(struct timeline *t, const struct history *h,
		 const struct timeline_versions *tv,
		 const struct source_set *src, const struct history_file *f,
		 struct arena *a)
{
	memset(t, 0, sizeof(*t));
	if (!f || !f->n)
		return;
	(void)src;
	t->n = f->n;
	t->v = arena_array(a, f->n, sizeof(*t->v));
	/* oldest first, each version compared with the last one that
	 * parsed (an invalid version in between is said, not compared) */
	const struct facts *last = NULL;
	for (size_t k = f->n; k-- > 0; ) {
		const struct history_change *c = &f->v[k];
		struct notes ns = { .n = 0, .a = a };
		switch (c->what) {
		case HISTORY_ADDED:
			note(&ns, NOTE_ADDED, NULL, NULL);
			break;
		case HISTORY_DELETED:
			note(&ns, NOTE_REMOVED, NULL, NULL);
			break;
		case HISTORY_RENAMED:
			note(&ns, NOTE_MOVED, c->old_path, c->path);
			break;
		case HISTORY_CHANGED:
			break;
		}
		const struct facts *is = NULL;
		if (c->blob[0])
			is = strmap_get(&tv->facts, c->blob);
		if (is && !is->ok)
			note(&ns, NOTE_INVALID, NULL, NULL);
		else if (is && last && c->what != HISTORY_ADDED && last != is)
			compare(&ns, last, is);
		struct timeline_event *e = &t->v[k];
		e->commit = &h->commits[c->commit];
		e->n_notes = ns.n;
		e->notes = arena_array(a, ns.n ? ns.n : 1, sizeof(*e->notes));
		memcpy(e->notes, ns.v, ns.n * sizeof(*e->notes));
		e->state = state_of(is, k + 1 < f->n ? &t->v[k + 1].state : NULL);
		if (is && is->ok)
			last = is;
		else if (!c->blob[0])
			last = NULL;       /* deleted: a later add starts anew */
	}
}

void
timeline_add_uncommitted(struct timeline *t, const struct timeline_versions *tv,
			 const struct source_set *head, const char *path,
			 const char *head_blob, struct span bytes,
			 const struct history_commit *when, struct arena *a)
{
	struct arena scratch = ARENA_INIT;
	struct facts now, then;
	facts_of_bytes(&now, path, bytes, a, &scratch);
	const struct facts *before = NULL;
	if (head_blob) {
		before = strmap_get(&tv->facts, head_blob);
		if (!before) {     /* unchanged since added: not read yet */
			struct source s = { .path = path };
			snprintf(s.oid, sizeof(s.oid), "%s", head_blob);
			struct diag_list dl = DIAG_LIST_INIT;
			struct span old;
			memset(&then, 0, sizeof(then));
			if (source_load(&old, head, &s, FM_MAX_BYTES, &scratch, &dl) == 0)
				facts_of_bytes(&then, path, old, a, &scratch);
			diag_list_release(&dl);
			before = &then;
		}
	}
	struct notes ns = { .n = 0, .a = a };
	if (!head_blob)
		note(&ns, NOTE_ADDED, NULL, NULL);
	if (!now.ok)
		note(&ns, NOTE_INVALID, NULL, NULL);
	else if (before && before->ok)
		compare(&ns, before, &now);
	arena_release(&scratch);
	struct timeline_event *v = arena_array(a, t->n + 1, sizeof(*v));
	if (t->n)
		memcpy(v + 1, t->v, t->n * sizeof(*v));
	v[0].commit = when;
	v[0].state = state_of(&now, t->n ? &t->v[0].state : NULL);
	v[0].n_notes = ns.n;
	v[0].notes = arena_array(a, ns.n ? ns.n : 1, sizeof(*v[0].notes));
	memcpy(v[0].notes, ns.v, ns.n * sizeof(*v[0].notes));
	t->v = v;
	t->n++;
}
