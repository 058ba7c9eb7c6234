/*
 * Maps keep their pairs in the order keys were first set, which is the
 * order templates and theme strings iterate them in.  Lookups are what
 * rendering does most (every {{name}} tries each context from the
 * innermost out), so a map with more than VAL_INDEX_MIN keys also gets
 * an index: an open-addressing table of pair numbers, probed linearly,
 * hashed with FNV-1a and kept under half full.  Small maps (most
 * product cards) stay a plain scan, which is faster at that size.  The
 * index lives in the arena like the map; growing it allocates a new one
 * twice as large, so the waste stays under half of what is in use.
 */
#include "val.h"

#include <assert.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "../util/xalloc.h"
#include "../util/strmap.h"
#include "../util/banned.h"

static struct val *
val_new(struct arena *a, enum val_kind kind)
{
	struct val *v = arena_new(a, struct val);
	v->kind = kind;
	return v;
}

/* null, false and true are shared, not made: a view holds millions of
 * them, and nothing writes a value once it is made (val.h). */
static const struct val shared_null = { .kind = VAL_NULL };
static const struct val shared_false = { .kind = VAL_BOOL, .b = false };
static const struct val shared_true = { .kind = VAL_BOOL, .b = true };

const struct val *
val_null(struct arena *a)
{
	(void)a;
	return &shared_null;
}

const struct val *
val_bool(struct arena *a, bool b)
{
	(void)a;
	return b ? &shared_true : &shared_false;
}

const struct val *
val_num(struct arena *a, double d)
{
	struct val *v = val_new(a, VAL_NUM);
	v->num = d;
	return v;
}

const struct val *
val_strn(struct arena *a, const char *s, size_t len)
{
	if (!s)
		return val_null(a);
	struct val *v = val_new(a, VAL_STR);
	v->s = s;
	v->len = len;
	return v;
}

const struct val *
val_str(struct arena *a, const char *s)
{
	return val_strn(a, s, s ? strlen(s) : 0);
}

const struct val *
val_strf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return val_str(a, p);
}

struct val *
val_list(struct arena *a)
{
	return val_new(a, VAL_LIST);
}

struct val *
val_map(struct arena *a)
{
	return val_new(a, VAL_MAP);
}

/* Arena arrays cannot grow in place: double and copy, so the waste stays
 * under half of what is in use. */
static void *
grow(struct arena *a, void *old, size_t n, size_t *cap, size_t elem)
{
	if (n < *cap)
		return old;
	size_t ncap = *cap ? xmul(*cap, 2) : 8;
	void *p = arena_array(a, ncap, elem);
	if (n)
		memcpy(p, old, xmul(n, elem));
	*cap = ncap;
	return p;
}

void
val_push(struct arena *a, struct val *list, const struct val *v)
{
	assert(list->kind == VAL_LIST);   /* the fields are a list's only then */
	list->items = grow(a, list->items, list->n, &list->cap,
			   sizeof(*list->items));
	list->items[list->n++] = v;
}

enum { VAL_INDEX_MIN = 8 };

struct val_index {
	size_t cap;                /* a power of two, over twice the keys */
	uint32_t slot[];           /* pair number + 1; 0: empty */
};

/* Whether the stored key k is key[0..len).  Not strncmp: a key[] holding
 * a NUL would compare equal to a shorter stored key, and reading its
 * [len] would overrun it. */
static bool
key_is(const char *k, const char *key, size_t len)
{
	size_t j = 0;
	while (j < len && k[j] && k[j] == key[j])
		j++;
	return j == len && k[len] == '\0';
}

/* The number of the pair holding key[0..len) in m, or m->n. */
static size_t
find_pair(const struct val *m, const char *key, size_t len)
{
	const struct val_index *ix = m->ix;
	if (!ix) {
		for (size_t i = 0; i < m->n; i++)
			if (key_is(m->pairs[i].key, key, len))
				return i;
		return m->n;
	}
	size_t mask = ix->cap - 1;
	for (size_t s = (size_t)strmap_hash(key, len) & mask; ix->slot[s];
	     s = (s + 1) & mask) {
		size_t i = ix->slot[s] - 1;
		if (key_is(m->pairs[i].key, key, len))
			return i;
	}
	return m->n;
}

static void
index_put(struct val_index *ix, const char *key, size_t i)
{
	size_t mask = ix->cap - 1;
	size_t s = (size_t)strmap_hash(key, strlen(key)) & mask;
	while (ix->slot[s])
		s = (s + 1) & mask;
	ix->slot[s] = (uint32_t)(i + 1);
}

/* Indexes pair m->n - 1, just appended, building or growing the index
 * when the map has outgrown it. */
static void
index_added(struct arena *a, struct val *m)
{
	if (m->n <= VAL_INDEX_MIN)
		return;
	if (m->ix && m->n * 2 < m->ix->cap) {
		index_put(m->ix, m->pairs[m->n - 1].key, m->n - 1);
		return;
	}
	size_t cap = 32;
	while (cap <= m->n * 2)
		cap = xmul(cap, 2);
	struct val_index *ix = arena_alloc(a, xadd(sizeof(*ix),
						    xmul(cap, sizeof(ix->slot[0]))));
	ix->cap = cap;
	for (size_t i = 0; i < m->n; i++)
		index_put(ix, m->pairs[i].key, i);
	m->ix = ix;
}

void
val_set(struct arena *a, struct val *m, const char *key, const struct val *v)
{
	assert(m->kind == VAL_MAP);       /* the fields are a map's only then */
	size_t i = find_pair(m, key, strlen(key));
	if (i < m->n) {
		m->pairs[i].v = v;
		return;
	}
	assert(m->n < UINT32_MAX);      /* slots hold pair numbers + 1 */
	m->pairs = grow(a, m->pairs, m->n, &m->cap, sizeof(*m->pairs));
	m->pairs[m->n].key = key;
	m->pairs[m->n].v = v;
	m->n++;
	index_added(a, m);
}

void
val_set_str(struct arena *a, struct val *m, const char *key, const char *s)
{
	val_set(a, m, key, val_str(a, s));
}

void
val_set_bool(struct arena *a, struct val *m, const char *key, bool b)
{
	val_set(a, m, key, val_bool(a, b));
}

void
val_set_num(struct arena *a, struct val *m, const char *key, double d)
{
	val_set(a, m, key, val_num(a, d));
}

const struct val *
val_getn(const struct val *m, const char *key, size_t len)
{
	if (!m || m->kind != VAL_MAP)
		return NULL;
	size_t i = find_pair(m, key, len);
	return i < m->n ? m->pairs[i].v : NULL;
}

const struct val *
val_get(const struct val *m, const char *key)
{
	return val_getn(m, key, strlen(key));
}

bool
val_truthy(const struct val *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case VAL_NULL:
		return false;
	case VAL_BOOL:
		return v->b;
	case VAL_STR:
		return v->len > 0;
	case VAL_LIST:
		return v->n > 0;
	case VAL_NUM:
	case VAL_MAP:
		return true;
	}
	return false;
}

/* A tag and a count (or length) as 8 bytes, in one copy: the lengths
 * keep one string from running into the next. */
static void
put_head(struct sbuf *out, char tag, uint64_t n)
{
	unsigned char h[1 + sizeof(n)];
	h[0] = (unsigned char)tag;
	memcpy(h + 1, &n, sizeof(n));
	sbuf_put(out, h, sizeof(h));
}

struct digest_slot {
	const struct val *v;
	unsigned char d[VAL_DIGEST_BYTES];
};

/* A bit per address hash, set for each value in the table: a page's
 * own values (nearly all those val_encode() meets) are told apart in
 * one load from a 128 kB map instead of probing a 5 MB table. */
enum { FILTER_BITS = 1 << 20 };

struct val_digests {
	struct digest_slot *slot;
	size_t cap, n;             /* cap: a power of two, or 0 */
	uint64_t filter[FILTER_BITS / 64];
};

/* A mix of an address (values are 8-aligned: the low bits say little;
 * murmur3's finaliser). */
static uint64_t
ptr_hash(const struct val *v)
{
	uint64_t x = (uint64_t)(uintptr_t)v;
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return x;
}

static size_t
ptr_slot(const struct val_digests *t, const struct val *v)
{
	return (size_t)ptr_hash(v) & (t->cap - 1);
}

static size_t
filter_bit(const struct val *v)
{
	return (size_t)(ptr_hash(v) >> 40) & (FILTER_BITS - 1);
}

static const struct digest_slot *
digest_of(const struct val_digests *t, const struct val *v)
{
	if (!t || !t->n)
		return NULL;
	size_t bit = filter_bit(v);
	if (!(t->filter[bit / 64] >> (bit % 64) & 1))
		return NULL;
	for (size_t s = ptr_slot(t, v); t->slot[s].v; s = (s + 1) & (t->cap - 1))
		if (t->slot[s].v == v)
			return &t->slot[s];
	return NULL;
}

static void
digest_put(struct val_digests *t, const struct val *v,
	   const unsigned char d[VAL_DIGEST_BYTES])
{
	if (2 * (t->n + 1) > t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 1024;
		struct digest_slot *old = t->slot;
		size_t old_cap = t->cap;
		t->slot = xcalloc(cap, sizeof(*t->slot));
		t->cap = cap;
		t->n = 0;
		for (size_t i = 0; i < old_cap; i++)
			if (old[i].v)
				digest_put(t, old[i].v, old[i].d);
		free(old);
	}
	size_t bit = filter_bit(v);
	t->filter[bit / 64] |= (uint64_t)1 << (bit % 64);
	size_t s = ptr_slot(t, v);
	while (t->slot[s].v)
		s = (s + 1) & (t->cap - 1);
	t->slot[s].v = v;
	memcpy(t->slot[s].d, d, VAL_DIGEST_BYTES);
	t->n++;
}

struct val_digests *
val_digests_new(void)
{
	return xcalloc(1, sizeof(struct val_digests));
}

bool
val_digests_add(struct val_digests *t, const struct val *v)
{
	if (!v || v->kind < VAL_LIST || digest_of(t, v))
		return true;
	struct sbuf b = SBUF_INIT;
	val_encode(v, &b, t);
	unsigned char d[EVP_MAX_MD_SIZE];
	bool ok = EVP_Digest(b.data, b.len, d, NULL, EVP_sha256(), NULL);
	sbuf_release(&b);
	if (ok)
		digest_put(t, v, d);
	return ok;
}

void
val_digests_free(struct val_digests *t)
{
	if (t)
		free(t->slot);
	free(t);
}

void
val_encode(const struct val *v, struct sbuf *out,
	   const struct val_digests *shared)
{
	if (!v) {
		sbuf_putc(out, 'N');
		return;
	}
	const struct digest_slot *ds = v->kind >= VAL_LIST
				       ? digest_of(shared, v) : NULL;
	if (ds) {
		sbuf_putc(out, 'H');
		sbuf_put(out, ds->d, VAL_DIGEST_BYTES);
		return;
	}
	switch (v->kind) {
	case VAL_NULL:
		sbuf_putc(out, 'N');
		break;
	case VAL_BOOL:
		sbuf_putc(out, v->b ? 'T' : 'F');
		break;
	case VAL_NUM: {
		uint64_t bits;
		memcpy(&bits, &v->num, sizeof(bits));
		put_head(out, 'D', bits);
		break;
	}
	case VAL_STR:
		put_head(out, 'S', v->len);
		sbuf_put(out, v->s, v->len);
		break;
	case VAL_LIST:
		put_head(out, 'L', v->n);
		for (size_t i = 0; i < v->n; i++)
			val_encode(v->items[i], out, shared);
		break;
	case VAL_MAP:
		put_head(out, 'M', v->n);
		for (size_t i = 0; i < v->n; i++) {
			size_t len = strlen(v->pairs[i].key);
			put_head(out, 'K', len);
			sbuf_put(out, v->pairs[i].key, len);
			val_encode(v->pairs[i].v, out, shared);
		}
		break;
	}
}
