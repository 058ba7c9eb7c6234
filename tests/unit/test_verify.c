/*
 * test_verify.c - the certificate lookup's list and keys (plan/verify.h),
 * on catalogs built by hand in C (only the fields verify.c reads):
 *  - keys are the folded words joined (Vietnamese marks, đ, punctuation,
 *    markup and control bytes gone), "" for none or NULL;
 *  - verify_hash() is FNV-1a 32 (the published vectors) of the leading
 *    digits, or of the whole key when it starts with a letter;
 *  - the list is by issuer in Vietnamese dictionary order (none after),
 *    then decision number by value, then as written, then issue date,
 *    name and slug; unpublished details come after everything;
 *  - a product's keys are its decision, its revocation's (only when
 *    revoked), its code and its GTIN, each once, empty ones dropped;
 *    keys are sorted by shard, key and list position;
 *  - shards double past 32 products each, every key sits in the shard
 *    its hash masks to, and shard_first bounds each run exactly;
 *  - an empty catalog has one empty shard and one page; pages round up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "model/catalog.h"
#include "model/site.h"
#include "plan/verify.h"
#include "util/arena.h"
#include "util/sbuf.h"
#include "util/banned.h"

enum { MAX_PRODUCTS = 200 };

struct fixture {
	struct fixture_core core;
	struct site site;
	struct catalog cat;
	const struct product *v[MAX_PRODUCTS];
	struct verify_index vx;
};

static int
setup(void **state)
{
	if (fixture_setup(state, sizeof(struct fixture)) < 0)
		return -1;
	struct fixture *f = *state;
	f->site.per_page = 24;
	f->cat.site = &f->site;
	f->cat.as_of_days = fixture_days("2026-03-05");
	f->cat.products = f->v;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	verify_release(&f->vx);
	return fixture_teardown(state);
}

/* Adds a product with this slug, name and decision (number may be
 * NULL: details unknown; issuer may be NULL; issued "YYYY-MM-DD"). */
static struct product *
add(struct fixture *f, const char *slug, const char *name,
    const char *number, const char *issuer, const char *issued)
{
	assert_true(f->cat.n_products < MAX_PRODUCTS);
	struct product *p = arena_new(&f->core.arena, struct product);
	p->e.kind = ENTRY_PRODUCT;
	p->e.slug = slug;
	p->e.name = name;
	p->e.index = f->cat.n_products;
	p->stars = 4;
	p->cert.number = number;
	p->cert.issuer = issuer;
	p->cert.details_unknown = !number;
	if (number)
		p->cert.issued.days = fixture_days(issued);
	f->v[f->cat.n_products++] = p;
	return p;
}

static void
build(struct fixture *f)
{
	verify_build(&f->vx, &f->cat, &f->core.arena);
}

/* The slugs of the list, in order, joined by spaces. */
static const char *
order(struct fixture *f)
{
	const char *s = "";
	for (size_t i = 0; i < f->vx.n; i++)
		s = arena_printf(&f->core.arena, "%s%s%s", s, i ? " " : "",
				 f->vx.items[i]->e.slug);
	return s;
}

/* Each key as "key:slug:role@shard", joined by spaces. */
static const char *
keys(struct fixture *f)
{
	const char *s = "";
	for (size_t k = 0; k < f->vx.n_keys; k++) {
		const struct verify_key *vk = &f->vx.keys[k];
		assert_true(vk->item < f->vx.n);
		s = arena_printf(&f->core.arena, "%s%s%s:%s:%s@%u", s,
				 k ? " " : "", vk->key,
				 f->vx.items[vk->item]->e.slug,
				 verify_role_names[vk->role], vk->shard);
	}
	return s;
}

/* ---- keys and hashes --------------------------------------------- */

static void
test_verify_key_folds_words(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	assert_string_equal(verify_key(a, "1234/QĐ-UBND"), "1234qdubnd");
	assert_string_equal(verify_key(a, " 1234 qđ  ubnd "), "1234qdubnd");
	assert_string_equal(verify_key(a, "Số 45/QĐ-UBND ngày 3"),
			    "so45qdubndngay3");
	assert_string_equal(verify_key(a, "ĐẮK LẮK 7"), "daklak7");
	assert_string_equal(verify_key(a, "42-436-18541-4-2023"),
			    "424361854142023");
	/* markup and control bytes are no words */
	assert_string_equal(verify_key(a, "<script>&amp;\"'</script>"),
			    "scriptampscript");
	assert_string_equal(verify_key(a, "a\x01" "b"), "ab");
	assert_string_equal(verify_key(a, "--"), "");
	assert_string_equal(verify_key(a, ""), "");
	assert_string_equal(verify_key(a, NULL), "");
}

static void
test_verify_hash_is_fnv1a_of_leading_digits(void **state)
{
	(void)state;
	/* FNV-1a 32 test vectors (Fowler, Noll, Vo) */
	assert_int_equal(verify_hash(""), 0x811c9dc5u);
	assert_int_equal(verify_hash("a"), 0xe40c292cu);
	assert_int_equal(verify_hash("foobar"), 0xbf9cf968u);
	/* a key starting with digits hashes them alone */
	assert_int_equal(verify_hash("1234"), 0xfdc422fdu);
	assert_int_equal(verify_hash("1234qdubnd"), 0xfdc422fdu);
	assert_int_equal(verify_hash("1234qdubndngay3"), 0xfdc422fdu);
	assert_int_not_equal(verify_hash("1235qdubnd"), 0xfdc422fdu);
	/* one starting with a letter hashes whole, its digits too */
	assert_int_not_equal(verify_hash("qd1234"), verify_hash("qd1235"));
	assert_int_not_equal(verify_hash("abc"), verify_hash("abd"));
}

/* ---- the list ---------------------------------------------------- */

static void
test_verify_list_order(void **state)
{
	struct fixture *f = *state;
	const char *d = "2025-01-10";
	/* no issuer: after every issuer, by number by value */
	add(f, "n10", "Sản phẩm", "10/QĐ", NULL, d);
	add(f, "n9", "Sản phẩm", "9/QĐ", NULL, d);
	/* details not published: last of all, even with an issuer; then
	 * by issuer (none last), name and slug */
	add(f, "u2", "Bưởi", NULL, "UBND tỉnh Đắk Lắk", d);
	add(f, "u1", "Bưởi", NULL, NULL, d);
	add(f, "u0", "Bưởi", NULL, "UBND tỉnh Bắc Ninh", d);
	/* Đ comes after D and before E: Dak, Đắk, Ea */
	add(f, "e", "Mật ong", "1/QĐ", "Ea Kar", d);
	add(f, "dd", "Mật ong", "1/QĐ", "Đắk Lắk", d);
	add(f, "d", "Mật ong", "1/QĐ", "Dak Lak", d);
	/* one issuer: number by value (9 < 10 < 100), 010 and 10 equal by
	 * value, then as written ("010" first); then date; then name (ă
	 * is a letter after a and before b; case only breaks ties, "A"
	 * before "a"); then slug */
	add(f, "h100", "A", "100/QĐ", "Hà Tĩnh", d);
	add(f, "h10", "A", "10/QĐ", "Hà Tĩnh", d);
	add(f, "h010", "A", "010/QĐ", "Hà Tĩnh", d);
	add(f, "h9-late", "A", "9/QĐ", "Hà Tĩnh", "2025-02-01");
	add(f, "h9-ăn", "Ăn", "9/QĐ", "Hà Tĩnh", "2024-01-01");
	add(f, "h9-b", "b", "9/QĐ", "Hà Tĩnh", "2024-01-01");
	add(f, "h9-lower", "a", "9/QĐ", "Hà Tĩnh", "2024-01-01");
	add(f, "h9-a2", "A", "9/QĐ", "Hà Tĩnh", "2024-01-01");
	add(f, "h9-a1", "A", "9/QĐ", "Hà Tĩnh", "2024-01-01");
	/* a number without digits comes before any with some */
	add(f, "hx", "A", "QĐ", "Hà Tĩnh", d);
	build(f);
	assert_int_equal(f->vx.n, 18);
	assert_string_equal(order(f),
		"d dd e hx h9-a1 h9-a2 h9-lower h9-ăn h9-b h9-late h010 h10 "
		"h100 "
		"n9 n10 u0 u2 u1");
	/* the guide's groups: a run of one issuer each, then those with
	 * none, then the unpublished whatever their issuer */
	struct sbuf sb = SBUF_INIT;
	for (size_t i = 0; i < f->vx.n_groups; i++) {
		const struct verify_group *g = &f->vx.groups[i];
		sbuf_putf(&sb, "%s%s %zu+%zu; ", g->unpublished ? "unpublished" : "",
			  g->issuer ? g->issuer : g->unpublished ? "" : "none",
			  g->first, g->n);
	}
	assert_string_equal(sb.data, "Dak Lak 0+1; Đắk Lắk 1+1; Ea Kar 2+1; "
			    "Hà Tĩnh 3+10; none 13+2; unpublished 15+3; ");
	sbuf_release(&sb);
}

/* ---- the keys ---------------------------------------------------- */

static void
test_verify_keys_of_a_product(void **state)
{
	struct fixture *f = *state;
	struct product *a = add(f, "a", "A", "7/QĐ-UBND", "Hà Tĩnh", "2024-01-01");
	a->cert.revoked.set = true;
	a->cert.revoked.decision = "99/QĐ-UBND";
	a->code = "42-436";
	a->gtin = "8936012345678";
	/* the same GTIN as code: one key, the code's; a revocation
	 * decision that is not set is not read; an empty key is none */
	struct product *b = add(f, "b", "B", "7/QĐ-UBND", "Hà Tĩnh", "2024-01-02");
	b->cert.revoked.decision = "55/QĐ";
	b->code = "8936012345678";
	b->gtin = "8936-0123-45678";
	struct product *c = add(f, "c", "C", "8/QĐ", "Hà Tĩnh", "2024-01-01");
	c->code = "--";
	c->cert.revoked.set = true;     /* revoked without a decision */
	/* unpublished details: no decision key, its code still */
	struct product *u = add(f, "u", "U", NULL, NULL, NULL);
	u->code = "Mã <b>&</b>";
	build(f);
	assert_int_equal(f->vx.n_shards, 1);
	assert_string_equal(order(f), "a b c u");
	/* by key, then by list position */
	assert_string_equal(keys(f),
		"42436:a:code@0 "
		"7qdubnd:a:decision@0 7qdubnd:b:decision@0 "
		"8936012345678:a:gtin@0 8936012345678:b:code@0 "
		"8qd:c:decision@0 "
		"99qdubnd:a:revocation@0 "
		"mabb:u:code@0");
	assert_int_equal(f->vx.n_keys, 8);
	assert_int_equal(f->vx.shard_first[0], 0);
	assert_int_equal(f->vx.shard_first[1], 8);
}

/* ---- shards and pages -------------------------------------------- */

static void
test_verify_empty_catalog(void **state)
{
	struct fixture *f = *state;
	build(f);
	assert_int_equal(f->vx.n, 0);
	assert_non_null(f->vx.items);
	assert_int_equal(f->vx.n_keys, 0);
	assert_int_equal(f->vx.n_shards, 1);
	assert_int_equal(f->vx.shard_first[0], 0);
	assert_int_equal(f->vx.shard_first[1], 0);
	assert_int_equal(verify_pages(&f->vx, &f->cat), 1);
	assert_int_equal(verify_rows_per_page(&f->cat), 144);
}

/* Checks every key against its shard and each shard's run of keys. */
static void
assert_shards(const struct verify_index *vx)
{
	assert_int_equal(vx->n_shards & (vx->n_shards - 1), 0);
	assert_int_equal(vx->shard_first[0], 0);
	assert_int_equal(vx->shard_first[vx->n_shards], vx->n_keys);
	for (size_t s = 0; s < vx->n_shards; s++)
		for (size_t k = vx->shard_first[s]; k < vx->shard_first[s + 1]; k++) {
			assert_int_equal(vx->keys[k].shard, s);
			assert_int_equal(vx->keys[k].shard, verify_hash(vx->keys[k].key)
					 & (uint32_t)(vx->n_shards - 1));
		}
}

/* n products, each with decision "<i + 1>/QĐ-UBND" and code "m<i>". */
static void
many(struct fixture *f, size_t n)
{
	struct arena *a = &f->core.arena;
	for (size_t i = 0; i < n; i++) {
		struct product *p = add(f, arena_printf(a, "p%03zu", i),
			arena_printf(a, "Sản phẩm %zu", i),
			arena_printf(a, "%zu/QĐ-UBND", i + 1), "Hà Tĩnh",
			"2024-01-01");
		p->code = arena_printf(a, "m%zu", i);
	}
}

static void
test_verify_shards_double_past_32_products(void **state)
{
	struct fixture *f = *state;
	static const struct { size_t n, shards; } v[] = {
		{ 1, 1 }, { 32, 1 }, { 33, 2 }, { 64, 2 }, { 65, 4 },
		{ 128, 4 }, { 129, 8 },
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		f->cat.n_products = 0;
		many(f, v[i].n);
		build(f);
		assert_int_equal(f->vx.n, v[i].n);
		assert_int_equal(f->vx.n_shards, v[i].shards);
		assert_int_equal(f->vx.n_keys, 2 * v[i].n);
		assert_shards(&f->vx);
		verify_release(&f->vx);
	}
}

/* A decision's number alone finds its shard: "1234" and "1234/QĐ-..."
 * of any letters land in one shard, whatever their count. */
static void
test_verify_number_alone_finds_the_shard(void **state)
{
	struct fixture *f = *state;
	many(f, 100);
	/* eight decisions numbered 1234: by chance all in one shard of
	 * four once in 4^7 */
	static const char *const letters[] = { "UBND", "SNN", "A", "B",
		"UBND-HT", "BNN", "CT", "XYZ" };
	for (size_t i = 0; i < 8; i++)
		add(f, arena_printf(&f->core.arena, "x%zu", i), "X",
		    arena_printf(&f->core.arena, "1234/QĐ-%s", letters[i]),
		    "Hà Tĩnh", "2024-01-01");
	build(f);
	assert_int_equal(f->vx.n_shards, 4);
	assert_shards(&f->vx);
	uint32_t want = verify_hash("1234") & 3;
	size_t found = 0;
	for (size_t k = 0; k < f->vx.n_keys; k++)
		if (!strncmp(f->vx.keys[k].key, "1234qd", 6)) {
			assert_int_equal(f->vx.keys[k].shard, want);
			found++;
		}
	assert_int_equal(found, 8);
}

static void
test_verify_pages_round_up(void **state)
{
	struct fixture *f = *state;
	f->site.per_page = 2;
	assert_int_equal(verify_rows_per_page(&f->cat), 12);
	many(f, 12);
	build(f);
	assert_int_equal(verify_pages(&f->vx, &f->cat), 1);
	verify_release(&f->vx);
	many(f, 1);
	build(f);
	assert_int_equal(f->vx.n, 13);
	assert_int_equal(verify_pages(&f->vx, &f->cat), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_verify_key_folds_words),
		T(test_verify_hash_is_fnv1a_of_leading_digits),
		T(test_verify_list_order),
		T(test_verify_keys_of_a_product),
		T(test_verify_empty_catalog),
		T(test_verify_shards_double_past_32_products),
		T(test_verify_number_alone_finds_the_shard),
		T(test_verify_pages_round_up),
#undef T
	};
	return cmocka_run_group_tests_name("verify", tests, NULL, NULL);
}
