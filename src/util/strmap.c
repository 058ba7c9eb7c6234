/*
 * strmap.c - see strmap.h.  Slots hold only pointers, so growing moves
 * no key bytes; an empty slot has key NULL, and nothing is ever removed,
 * so probing stops at the first empty slot.
 */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

uint64_t
strmap_hash(const char *s, size_t len)
{
	uint64_t h = 14695981039346656037ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

uint64_t
strmap_slot_hash(const char *s, size_t len)
{
	const uint64_t k = 0x517cc1b727220a95ULL;
	uint64_t h = (uint64_t)len * k;
	for (; len >= 8; s += 8, len -= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		h = ((h << 5 | h >> 59) ^ w) * k;
	}
	if (len) {
		uint64_t w = 0;
		memcpy(&w, s, len);
		h = ((h << 5 | h >> 59) ^ w) * k;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ h >> 33;
}

/* The slot of key, or the empty slot where it would go (cap > 0). */
static struct strmap_slot *
find(const struct strmap *m, const char *key)
{
	size_t mask = m->cap - 1;
	for (size_t i = (size_t)strmap_slot_hash(key, strlen(key)) & mask;; i = (i + 1) & mask) {
		struct strmap_slot *s = &m->v[i];
		if (!s->key || !strcmp(s->key, key))
			return s;
	}
}

/* Moves the keys to a table of cap slots (a power of two). */
static void
resize(struct strmap *m, size_t cap)
{
	struct strmap old = *m;
	m->cap = cap;
	m->v = xcalloc(m->cap, sizeof(*m->v));
	for (size_t i = 0; i < old.cap; i++)
		if (old.v[i].key)
			*find(m, old.v[i].key) = old.v[i];
	free(old.v);
}

static void
grow(struct strmap *m)
{
	resize(m, m->cap ? xmul(m->cap, 2) : 16);
}

void
strmap_reserve(struct strmap *m, size_t n)
{
	size_t cap = m->cap ? m->cap : 16;
	while ((n + 1) * 2 > cap)
		cap = xmul(cap, 2);
	if (cap > m->cap)
		resize(m, cap);
}

bool
strmap_add(struct strmap *m, const char *key, const void *value,
	   const void **existing)
{
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	struct strmap_slot *s = find(m, key);
	if (s->key) {
		if (existing)
			*existing = s->value;
		return false;
	}
	s->key = key;
	s->value = value;
	m->n++;
	return true;
}

const void *
strmap_get(const struct strmap *m, const char *key)
{
	if (!m->cap)
		return NULL;
	const struct strmap_slot *s = find(m, key);
	return s->key ? s->value : NULL;
}

bool
strmap_has(const struct strmap *m, const char *key)
{
	return m->cap && find(m, key)->key != NULL;
}

void
strmap_release(struct strmap *m)
{
	free(m->v);
	*m = (struct strmap)STRMAP_INIT;
}
