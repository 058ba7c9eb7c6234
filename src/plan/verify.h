/*
 * verify.h - the certificate lookup (docs/verify.md): every published
 * product's certificate in the order the lookup page lists them, and
 * the keys a consumer may type to find one, grouped into shards so
 * that a lookup loads one small file.
 *
 * A key is the folded words of a decision number, a revocation
 * decision, a national product code or a GTIN, joined without spaces
 * ("1234/QĐ-UBND" and "1234 qd ubnd" both give "1234qdubnd"):
 * fold_each_word() cuts and folds them, as window.ocop.words() of the
 * theme's search.js does in the browser (tests/data/fold-vectors.json
 * holds the two together), so a query and the index meet on the same
 * key.  A key's shard is verify_hash() of its leading digits (of the
 * whole key when it starts with a letter), masked by the number of
 * shards: a decision's number alone ("1234") lands in the shard of
 * every decision numbered 1234, whatever its letters.
 *
 * Everything lives in the arena given to verify_build() but the
 * vectors, freed by verify_release().  The catalog is borrowed.
 */
#ifndef OCOP_VERIFY_H
#define OCOP_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/catalog.h"
#include "../util/arena.h"

/* Products per shard, about: a lookup loads one shard. */
enum { VERIFY_SHARD_PRODUCTS = 32 };

/* Rows of the page's list per page, as a multiple of site.yaml's
 * per_page (144 rows at 24): a row weighs about half a kilobyte in
 * English, and a page must stay under 100 kB (tests/html-generated.sh). */
enum { VERIFY_ROWS_PER_CARD = 6 };

/* What a key was read from, in the order they are tried. */
enum verify_role {
	VERIFY_DECISION, VERIFY_REVOCATION, VERIFY_CODE, VERIFY_GTIN,
	VERIFY_ROLES
};
extern const char *const verify_role_names[VERIFY_ROLES];

struct verify_key {
	const char *key;           /* folded words joined: a-z, 0-9 and
				      whatever else a word folds to */
	uint32_t shard;
	uint32_t item;             /* index into verify_index.items */
	enum verify_role role;
};

/* A run of the list's certificates with one issuer: the guide to the
 * list's pages, as a phone book's (docs/verify.md). */
struct verify_group {
	const char *issuer;        /* as its first certificate writes it;
				      NULL: none given, or unpublished */
	bool unpublished;          /* no decision number published */
	size_t first, n;           /* items[first .. first + n) */
};

struct verify_index {
	const struct product **items;  /* every published product, by
					  issuer, decision number, date
					  and name (verify_build()) */
	size_t n;
	struct verify_key *keys;       /* by shard, then key, then item */
	size_t n_keys;
	size_t *shard_first;           /* shard s: keys[shard_first[s] ..
					  shard_first[s + 1]) */
	size_t n_shards;               /* a power of two */
	struct verify_group *groups;   /* items by issuer, in their order */
	size_t n_groups;
};

/*
 * Indexes c's published products.  Items are sorted by issuer
 * (Vietnamese dictionary order, products without one last), then
 * decision number (its leading number by value, then the rest as
 * written), then issue date, then name and slug; products whose
 * certificate details are not published come after all the others.
 */
void verify_build(struct verify_index *vx, const struct catalog *c,
		  struct arena *a);
void verify_release(struct verify_index *vx);

/* The key of text: its folded words joined, in a; "" when it has none. */
const char *verify_key(struct arena *a, const char *text);

/* FNV-1a (32 bits) of the leading digits of key, or of the whole key
 * when it does not start with a digit: what verify.js computes. */
uint32_t verify_hash(const char *key);

/* The number of pages of the list (at least 1), and the rows a page
 * holds. */
size_t verify_rows_per_page(const struct catalog *c);
size_t verify_pages(const struct verify_index *vx, const struct catalog *c);

#endif
