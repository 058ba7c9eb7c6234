/*
 * val.h - view data: the dynamically typed values templates render.
 *
 * A val is null, a boolean, a number, a string, a list or a map (ordered
 * keys).  Every val and its arrays live in the arena given to the
 * constructors; nothing is freed one by one.  Strings are borrowed: the
 * pointer passed to val_str() must outlive the val (arena or static).
 *
 * Truthiness (Mustache sections): null, false, the empty string and the
 * empty list are falsey; everything else, numbers included, is truthy.
 */
#ifndef OCOP_VAL_H
#define OCOP_VAL_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"
#include "../util/sbuf.h"

enum val_kind { VAL_NULL, VAL_BOOL, VAL_NUM, VAL_STR, VAL_LIST, VAL_MAP };

struct val;

struct val_pair {
	const char *key;
	const struct val *v;
};

struct val_index;              /* val.c: a hash of a large map's keys */

/* Each kind uses its own fields, which share their place (40 bytes a
 * value instead of 72: a 20,000-product site holds millions). */
struct val {
	enum val_kind kind;
	bool b;                        /* VAL_BOOL */
	union {
		double num;                /* VAL_NUM */
		struct {                   /* VAL_STR */
			const char *s;     /* NUL-terminated, borrowed */
			size_t len;        /* bytes */
		};
		struct {                   /* VAL_LIST, VAL_MAP */
			union {
				const struct val **items; /* VAL_LIST */
				struct val_pair *pairs; /* VAL_MAP, in the
							   order keys were set */
			};
			size_t n, cap;     /* items or pairs in use / allocated */
			struct val_index *ix;   /* VAL_MAP of many keys:
						 * finds a key's pair; kept
						 * by val_set(), so pairs are
						 * written only through it */
		};
	};
};

/* A value is never written once it is made: the scalars come back
 * const (null, false and true are shared by every view), and a list
 * or map is written only through val_push() and val_set() by the code
 * that made it, which keeps the only writable pointer to it. */
const struct val *val_null(struct arena *a);
const struct val *val_bool(struct arena *a, bool b);
const struct val *val_num(struct arena *a, double d);
/* s may be NULL: gives a null val. */
const struct val *val_str(struct arena *a, const char *s);
const struct val *val_strn(struct arena *a, const char *s, size_t len);
const struct val *val_strf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
struct val *val_list(struct arena *a);
struct val *val_map(struct arena *a);

/* Appends v to list. */
void val_push(struct arena *a, struct val *list, const struct val *v);
/* Sets key (borrowed) in map, replacing an earlier value. */
void val_set(struct arena *a, struct val *map, const char *key,
	     const struct val *v);
/* Shorthands for val_set(a, m, key, val_xxx(a, ...)). */
void val_set_str(struct arena *a, struct val *m, const char *key, const char *s);
void val_set_bool(struct arena *a, struct val *m, const char *key, bool b);
void val_set_num(struct arena *a, struct val *m, const char *key, double d);

/* Borrowed: the value under key in map m, or NULL when absent or when m
 * is not a map.  Constant time on average, whatever the map's size. */
const struct val *val_get(const struct val *m, const char *key);
const struct val *val_getn(const struct val *m, const char *key, size_t len);
bool val_truthy(const struct val *v);

/*
 * Digests of values that many pages share (product cards, the views of
 * producers and points of sale, a language's strings): each is hashed
 * once (SHA-256), and val_encode() writes its digest wherever it
 * appears.  Found by address.  Add before the pages are made (not
 * thread-safe); then only read.
 */
enum { VAL_DIGEST_BYTES = 32 };
struct val_digests;
struct val_digests *val_digests_new(void);
/* Hashes v (its shared parts by their digests) and records it; false
 * when libcrypto fails (then v is encoded whole, as if not added). */
bool val_digests_add(struct val_digests *t, const struct val *v);
void val_digests_free(struct val_digests *t);

/*
 * Appends to out bytes that stand for v, for a hash of what a page is
 * made from: two values that could render differently in some template
 * give different bytes (kinds, keys, order, strings and numbers are all
 * there, each with its length).  A value of shared (may be NULL) stands
 * as its digest.
 */
void val_encode(const struct val *v, struct sbuf *out,
		const struct val_digests *shared);

#endif
