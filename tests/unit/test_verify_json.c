/*
 * test_verify_json.c - a shard of the certificate lookup's keys
 * (render/verify_json.h), from a catalog loaded by catalog_load() from
 * literal files and planned without a theme.  The exact bytes of a
 * small shard: "keys" by key, each naming its certificate by its place
 * in "certificates" and its role; "certificates" holding each product
 * once, in the list's order, with its status on the build date (valid,
 * expired, revoked with its decision, details not published without
 * dates), the names of its translations that differ, its decision
 * page when it shares one, its code and GTIN; hostile and Vietnamese
 * text as JSON strings.  Then every shard of a catalog too big for one:
 * each key of the index in the shard it hashes to, each certificate
 * written once, and the "[index, role]" pairs pointing at the right
 * products.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "fixture.h"
#include "model/catalog.h"
#include "model/site.h"
#include "plan/plan.h"
#include "plan/verify.h"
#include "render/verify_json.h"
#include "util/arena.h"
#include "util/sbuf.h"
#include "util/banned.h"

#define AS_OF "2026-03-05"

static const char SITE_YAML[] =
	"title: OCOP\n"
	"base_url: https://ocop.example.gov.vn/\n"
	"languages: [vi, en]\n"
	"per_page: 2\n";

struct fixture {
	struct fixture_core core;
	struct fixture_files files;
	struct site site;
	struct catalog cat;
	struct plan plan;
	struct sbuf out;
};

static int
setup(void **state)
{
	if (fixture_setup(state, sizeof(struct fixture)) < 0)
		return -1;
	struct fixture *f = *state;
	sbuf_init(&f->out);
	fixture_add_file(&f->files, &f->core.arena, "site.yaml", SITE_YAML);
	fixture_add_file(&f->files, &f->core.arena, "content/producers/htx-a.md",
			 fixture_producer_md(&f->core.arena, "HTX A", ""));
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	plan_release(&f->plan);
	sbuf_release(&f->out);
	return fixture_teardown(state);
}

/* Adds content/products/<slug>.md: a product of the given stars with
 * this name, and cert the lines of its certificate (and any after). */
static void
add_product(struct fixture *f, const char *slug, const char *name, int stars,
	    const char *cert)
{
	struct arena *a = &f->core.arena;
	fixture_add_file(&f->files, a, arena_printf(a, "content/products/%s.md", slug),
		arena_printf(a,
			"---\n"
			"name: %s\n"
			"stars: %d\n"
			"group: thuc-pham\n"
			"producer: htx-a\n"
			"location: { province: Hà Tĩnh, commune: Thạch Kim }\n"
			"certificate:\n"
			"%s"
			"---\n", name, stars, cert));
}

static void
build(struct fixture *f)
{
	assert_int_equal(fixture_load_catalog(&f->cat, &f->site, &f->files.set,
					      AS_OF, &f->core), 0);
	assert_int_equal(plan_build(&f->plan, &f->cat, NULL, 0, NULL, NULL, NULL,
				    NULL, 0, 1, &f->core.arena, &f->core.diags), 0);
	fixture_assert_diag_count(&f->core.diags, 0);
}

/* The plan's item of shard n. */
static const struct plan_item *
shard(const struct fixture *f, size_t n)
{
	for (size_t i = 0; i < f->plan.n; i++)
		if (f->plan.v[i].kind == PLAN_VERIFY_KEYS && f->plan.v[i].page == n)
			return &f->plan.v[i];
	fail_msg("no shard %zu", n);
	return NULL;
}

static void
test_verify_json_small_shard(void **state)
{
	struct fixture *f = *state;
	/* valid, sharing its decision with "nhan": a decision page */
	add_product(f, "buoi", "Bưởi \"Phúc Trạch\" </script>&", 4,
		"  number: 1234/QĐ-UBND\n"
		"  issued: 2023-06-12\n"
		"  issuer: UBND tỉnh Hà Tĩnh\n"
		"  expires: 2026-06-10\n"
		"code: 42-436-18541-4-2023\n"
		"traceability: { gtin: \"8936012345678\" }\n");
	fixture_add_file(&f->files, &f->core.arena, "content/products/buoi.en.md",
			 "---\nname: Phuc Trach pomelo\n---\n");
	add_product(f, "nhan", "Nhãn", 3,
		"  number: 1234/QĐ-UBND\n"
		"  issued: 2023-06-12\n"
		"  issuer: UBND tỉnh Hà Tĩnh\n");
	/* a translation under the same name adds no "names" */
	fixture_add_file(&f->files, &f->core.arena, "content/products/nhan.en.md",
			 "---\nname: Nhãn\n---\n");
	/* revoked, with its revocation's decision a key of its own */
	add_product(f, "keo", "Kẹo cu đơ", 5,
		"  number: 12/QĐ-UBND\n"
		"  issued: 2022-01-02\n"
		"  issuer: UBND tỉnh Hà Tĩnh\n"
		"  revoked: { date: 2025-01-02, decision: 9/QĐ-UBND }\n");
	/* expired; no issuer: after the others */
	add_product(f, "che", "Chè", 3,
		"  number: 7/QĐ-SNN\n"
		"  issued: 2020-01-01\n"
		"  expires: 2023-01-01\n");
	/* details not published: no dates, no decision key; last */
	add_product(f, "mat", "Mật ong", 3,
		"  details: unknown\n"
		"  issuer: UBND tỉnh Hà Tĩnh\n"
		"code: MO-1\n");
	build(f);
	assert_int_equal(f->plan.verify.n_shards, 1);
	verify_json(&f->out, &f->plan, shard(f, 0));
	/* the list: keo (12 before 1234 by value), buoi and nhan (one
	 * number and day, by name), che (no issuer), mat (no details) */
#define DECISION "\"decision\":\"decisions/1234-qd-ubnd-2023-06-12-ubnd-tinh-ha-tinh/\""
	assert_string_equal(f->out.data,
		"{\"version\":1,\"keys\":{"
		"\"1234qdubnd\":[[1,\"decision\"],[2,\"decision\"]],"
		"\"12qdubnd\":[[0,\"decision\"]],"
		"\"424361854142023\":[[1,\"code\"]],"
		"\"7qdsnn\":[[3,\"decision\"]],"
		"\"8936012345678\":[[1,\"gtin\"]],"
		"\"9qdubnd\":[[0,\"revocation\"]],"
		"\"mo1\":[[4,\"code\"]]},"
		"\"certificates\":["
		/* 36 months by default: expires 2025-01-02, revoked that day */
		"{\"url\":\"products/keo/\",\"name\":\"Kẹo cu đơ\",\"stars\":5,"
		"\"producer\":\"HTX A\",\"number\":\"12/QĐ-UBND\","
		"\"issuer\":\"UBND tỉnh Hà Tĩnh\",\"issued\":\"2022-01-02\","
		"\"expires\":\"2025-01-02\",\"status\":\"revoked\","
		"\"revoked\":{\"date\":\"2025-01-02\",\"decision\":\"9/QĐ-UBND\"}},"
		"{\"url\":\"products/buoi/\","
		"\"name\":\"Bưởi \\\"Phúc Trạch\\\" </script>&\","
		"\"names\":{\"en\":\"Phuc Trach pomelo\"},\"stars\":4,"
		"\"producer\":\"HTX A\",\"number\":\"1234/QĐ-UBND\","
		"\"issuer\":\"UBND tỉnh Hà Tĩnh\",\"issued\":\"2023-06-12\","
		"\"expires\":\"2026-06-10\",\"status\":\"valid\"," DECISION ","
		"\"code\":\"42-436-18541-4-2023\",\"gtin\":\"8936012345678\"},"
		"{\"url\":\"products/nhan/\",\"name\":\"Nhãn\",\"stars\":3,"
		"\"producer\":\"HTX A\",\"number\":\"1234/QĐ-UBND\","
		"\"issuer\":\"UBND tỉnh Hà Tĩnh\",\"issued\":\"2023-06-12\","
		"\"expires\":\"2026-06-12\",\"status\":\"valid\"," DECISION "},"
		"{\"url\":\"products/che/\",\"name\":\"Chè\",\"stars\":3,"
		"\"producer\":\"HTX A\",\"number\":\"7/QĐ-SNN\","
		"\"issued\":\"2020-01-01\",\"expires\":\"2023-01-01\","
		"\"status\":\"expired\"},"
		"{\"url\":\"products/mat/\",\"name\":\"Mật ong\",\"stars\":3,"
		"\"producer\":\"HTX A\",\"issuer\":\"UBND tỉnh Hà Tĩnh\","
		"\"status\":\"unpublished\",\"code\":\"MO-1\"}"
		"]}\n");
#undef DECISION
	/* and it is JSON */
	struct json_object *o = json_tokener_parse(f->out.data);
	assert_non_null(o);
	json_object_put(o);
}

/* A product of i: its number ("<i>/QĐ-UBND", the last ones sharing
 * one), and a code. */
static void
many(struct fixture *f, size_t n)
{
	struct arena *a = &f->core.arena;
	for (size_t i = 0; i < n; i++)
		add_product(f, arena_printf(a, "p%03zu", i),
			arena_printf(a, "Sản phẩm %zu", i), 3,
			arena_printf(a,
				"  number: %zu/QĐ-UBND\n"
				"  issued: 2024-01-01\n"
				"  issuer: UBND tỉnh Hà Tĩnh\n"
				"code: C-%zu\n", i < n - 3 ? i + 1 : n, i));
}

/*
 * Every shard of a catalog of 40 products (two shards): each key of
 * the index is in its shard's file, with one pair for each product it
 * finds, whose index names that product's certificate; a shard holds
 * each certificate once; every product is in some shard.
 */
static void
test_verify_json_every_shard(void **state)
{
	struct fixture *f = *state;
	enum { N = 40 };
	many(f, N);
	build(f);
	const struct verify_index *vx = &f->plan.verify;
	assert_int_equal(vx->n_shards, 2);
	/* a number three products share is three keys, one each */
	assert_int_equal(vx->n_keys, 2 * N);
	size_t pairs = 0, seen[N] = { 0 };
	for (size_t s = 0; s < vx->n_shards; s++) {
		sbuf_reset(&f->out);
		verify_json(&f->out, &f->plan, shard(f, s));
		struct json_object *root = json_tokener_parse(f->out.data);
		assert_non_null(root);
		struct json_object *keys = json_object_object_get(root, "keys");
		struct json_object *certs = json_object_object_get(root, "certificates");
		size_t n_certs = json_object_array_length(certs);
		/* each certificate once */
		for (size_t i = 0; i < n_certs; i++)
			for (size_t j = 0; j < i; j++)
				assert_string_not_equal(
					json_object_get_string(json_object_object_get(
						json_object_array_get_idx(certs, i), "url")),
					json_object_get_string(json_object_object_get(
						json_object_array_get_idx(certs, j), "url")));
		for (size_t k = vx->shard_first[s]; k < vx->shard_first[s + 1]; k++) {
			const struct verify_key *vk = &vx->keys[k];
			struct json_object *list = json_object_object_get(keys, vk->key);
			assert_non_null(list);
			const struct product *p = vx->items[vk->item];
			bool found = false;
			for (size_t i = 0; i < json_object_array_length(list); i++) {
				struct json_object *pair = json_object_array_get_idx(list, i);
				int at = json_object_get_int(json_object_array_get_idx(pair, 0));
				assert_true(at >= 0 && (size_t)at < n_certs);
				const char *url = json_object_get_string(json_object_object_get(
					json_object_array_get_idx(certs, (size_t)at), "url"));
				if (!strcmp(url, arena_printf(&f->core.arena,
							      "products/%s/", p->e.slug)) &&
				    !strcmp(json_object_get_string(
						json_object_array_get_idx(pair, 1)),
					    verify_role_names[vk->role]))
					found = true;
			}
			assert_true(found);
			pairs++;
			seen[p->e.index]++;
		}
		/* no pair but the index's */
		size_t in_file = 0;
		json_object_object_foreach(keys, key, list) {
			(void)key;
			in_file += json_object_array_length(list);
		}
		assert_int_equal(in_file, vx->shard_first[s + 1] - vx->shard_first[s]);
		json_object_put(root);
	}
	assert_int_equal(pairs, vx->n_keys);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(seen[i], 2);   /* its number and its code */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_verify_json_small_shard),
		T(test_verify_json_every_shard),
#undef T
	};
	return cmocka_run_group_tests_name("verify_json", tests, NULL, NULL);
}
