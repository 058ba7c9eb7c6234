/*
 * strmap.h - a set of strings with a value each: open addressing with
 * linear probing, grown at half full.
 *
 * Keys and values are borrowed: the map stores the pointers it is
 * given, so both must outlive it (the build's arena, or literals).  The
 * table itself is the map's, freed by strmap_release().
 */
#ifndef OCOP_STRMAP_H
#define OCOP_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
	const char *key;         /* NULL: empty */
	const void *value;
};

struct strmap {
	struct strmap_slot *v;
	size_t n, cap;           /* cap is 0 or a power of two */
};

#define STRMAP_INIT { NULL, 0, 0 }

/* FNV-1a of s[0..len): the string hash of the other tables that index
 * names (view data, templates, lint) and of hashes that are kept or
 * shown (the timelines' facts, the cache files' names, search shards). */
uint64_t strmap_hash(const char *s, size_t len);

/* The hash that places a key in the map's table: eight bytes a step,
 * not FNV-1a's one (keys are often 40-hex ids and paths, and a build
 * from the history cache looks up hundreds of thousands), mixed at the
 * end so that the low bits the table uses depend on every byte.  Never
 * stored or shown: nothing depends on its values but the tests. */
uint64_t strmap_slot_hash(const char *s, size_t len);

/* Adds key → value unless key is there already.  Returns true when
 * added; false when present, with its value in *existing (may be NULL
 * when not wanted). */
bool strmap_add(struct strmap *m, const char *key, const void *value,
		const void **existing);
/* Makes room for n keys in all, so that adding them grows nothing. */
void strmap_reserve(struct strmap *m, size_t n);
/* The value of key; NULL when absent (or when NULL was stored). */
const void *strmap_get(const struct strmap *m, const char *key);
/* Whether key is in the map. */
bool strmap_has(const struct strmap *m, const char *key);
void strmap_release(struct strmap *m);

#endif
