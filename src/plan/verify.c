/*
 * verify.c - the certificate lookup's list and keys (verify.h).
 *
 * The list is sorted once with precomputed sort keys (fold_sort_key()
 * of issuer and name), so the comparison never folds text.  The keys
 * are collected per product, duplicates within a product dropped (a
 * GTIN written as the product code too), then sorted by shard, key and
 * list position: a shard is a run of that vector, written in order.
 */
#include "verify.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../util/fold.h"
#include "../util/sbuf.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

const char *const verify_role_names[VERIFY_ROLES] = {
	"decision", "revocation", "code", "gtin"
};

static bool
join_word(const char *folded, const char *spelling, void *ctx)
{
	(void)spelling;
	sbuf_puts(ctx, folded);
	return true;
}

const char *
verify_key(struct arena *a, const char *text)
{
	if (!text)
		return "";
	struct sbuf sb = SBUF_INIT;
	fold_each_word(text, strlen(text), join_word, &sb);
	const char *k = arena_strndup(a, sb.data, sb.len);
	sbuf_release(&sb);
	return k;
}

uint32_t
verify_hash(const char *key)
{
	size_t n = 0;
	while (key[n] >= '0' && key[n] <= '9')
		n++;
	if (!n)
		n = strlen(key);
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)key[i];
		h *= 16777619u;
	}
	return h;
}

size_t
verify_rows_per_page(const struct catalog *c)
{
	return (size_t)c->site->per_page * VERIFY_ROWS_PER_CARD;
}

size_t
verify_pages(const struct verify_index *vx, const struct catalog *c)
{
	size_t per = verify_rows_per_page(c);
	return vx->n ? (vx->n + per - 1) / per : 1;
}

/* ---- the list ---------------------------------------------------- */

struct sorted {
	const struct product *p;
	const char *issuer;        /* sort key; NULL: none */
	const char *name;          /* sort key */
};

/* The leading number of s by value: digits without leading zeros
 * compared by length, then as text.  0 when equal or neither has one. */
static int
cmp_leading_number(const char *a, const char *b)
{
	while (*a == '0' && a[1] >= '0' && a[1] <= '9')
		a++;
	while (*b == '0' && b[1] >= '0' && b[1] <= '9')
		b++;
	size_t na = 0, nb = 0;
	while (a[na] >= '0' && a[na] <= '9')
		na++;
	while (b[nb] >= '0' && b[nb] <= '9')
		nb++;
	if (na != nb)
		return na < nb ? -1 : 1;
	return strncmp(a, b, na);
}

static int
cmp_sorted(const void *x, const void *y)
{
	const struct sorted *a = x, *b = y;
	const struct certificate *ca = &a->p->cert, *cb = &b->p->cert;
	bool ua = !ca->number, ub = !cb->number;
	if (ua != ub)
		return ua ? 1 : -1;
	if (!a->issuer != !b->issuer)
		return a->issuer ? -1 : 1;
	int c = a->issuer ? strcmp(a->issuer, b->issuer) : 0;
	if (!c && ca->number && cb->number) {
		c = cmp_leading_number(ca->number, cb->number);
		if (!c)
			c = strcmp(ca->number, cb->number);
	}
	if (!c)
		c = (ca->issued.days > cb->issued.days) -
		    (ca->issued.days < cb->issued.days);
	if (!c)
		c = strcmp(a->name, b->name);
	if (!c)
		c = strcmp(a->p->e.slug, b->p->e.slug);
	return c;
}

/* ---- the keys ---------------------------------------------------- */

static int
cmp_key(const void *x, const void *y)
{
	const struct verify_key *a = x, *b = y;
	if (a->shard != b->shard)
		return a->shard < b->shard ? -1 : 1;
	int c = strcmp(a->key, b->key);
	if (!c)
		c = (a->item > b->item) - (a->item < b->item);
	return c;
}

static void
add_key(struct verify_index *vx, size_t *cap, struct arena *a, uint32_t item,
	enum verify_role role, const char *text)
{
	const char *key = verify_key(a, text);
	if (!*key)
		return;
	/* this product's keys so far are the last ones */
	for (size_t k = vx->n_keys; k > 0 && vx->keys[k - 1].item == item; k--)
		if (!strcmp(vx->keys[k - 1].key, key))
			return;
	void *v = vx->keys;
	xgrow(&v, cap, vx->n_keys + 1, sizeof(*vx->keys));
	vx->keys = v;
	vx->keys[vx->n_keys++] = (struct verify_key){ key, 0, item, role };
}

static bool
same_issuer(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

void
verify_build(struct verify_index *vx, const struct catalog *c, struct arena *a)
{
	memset(vx, 0, sizeof(*vx));
	size_t n = c->n_products;
	struct sorted *s = xcalloc(n + 1, sizeof(*s));
	for (size_t i = 0; i < n; i++) {
		const struct product *p = c->products[i];
		s[i].p = p;
		s[i].issuer = p->cert.issuer ? fold_sort_key(a, p->cert.issuer)
					     : NULL;
		s[i].name = fold_sort_key(a, p->e.name);
	}
	if (n)
		qsort(s, n, sizeof(*s), cmp_sorted);
	vx->items = xcalloc(n + 1, sizeof(*vx->items));
	vx->n = n;
	vx->groups = xcalloc(n + 1, sizeof(*vx->groups));
	size_t cap = 0;
	for (size_t i = 0; i < n; i++) {
		const struct product *p = s[i].p;
		uint32_t item = (uint32_t)i;
		vx->items[i] = p;
		/* the issuers are sorted by their folded names: a run of one
		 * folded name is a group */
		struct verify_group *g = vx->n_groups
			? &vx->groups[vx->n_groups - 1] : NULL;
		bool unpublished = !p->cert.number;
		const char *issuer = unpublished ? NULL : s[i].issuer;
		if (!g || g->unpublished != unpublished ||
		    (!unpublished && !same_issuer(s[g->first].issuer, issuer))) {
			g = &vx->groups[vx->n_groups++];
			*g = (struct verify_group){
				unpublished ? NULL : p->cert.issuer,
				unpublished, i, 0 };
		}
		g->n++;
		add_key(vx, &cap, a, item, VERIFY_DECISION, p->cert.number);
		if (p->cert.revoked.set)
			add_key(vx, &cap, a, item, VERIFY_REVOCATION,
				p->cert.revoked.decision);
		add_key(vx, &cap, a, item, VERIFY_CODE, p->code);
		add_key(vx, &cap, a, item, VERIFY_GTIN, p->gtin);
	}
	free(s);
	size_t shards = 1;
	while (shards * VERIFY_SHARD_PRODUCTS < n)
		shards *= 2;
	vx->n_shards = shards;
	for (size_t k = 0; k < vx->n_keys; k++)
		vx->keys[k].shard = verify_hash(vx->keys[k].key) &
				    (uint32_t)(shards - 1);
	if (vx->n_keys)
		qsort(vx->keys, vx->n_keys, sizeof(*vx->keys), cmp_key);
	vx->shard_first = xcalloc(shards + 1, sizeof(*vx->shard_first));
	for (size_t k = 0, sh = 0; sh <= shards; sh++) {
		while (k < vx->n_keys && vx->keys[k].shard < sh)
			k++;
		vx->shard_first[sh] = k;
	}
}

void
verify_release(struct verify_index *vx)
{
	free(vx->items);
	free(vx->keys);
	free(vx->shard_first);
	free(vx->groups);
	memset(vx, 0, sizeof(*vx));
}
