/*
 * test_val.c - view data values (render/val.c), as val.h documents
 * them: null, false and true shared; strings borrowed with their
 * length; lists in push order; maps in the order keys were first set,
 * a key set again keeping its place, lookups by whole key only (with
 * and without the index large maps get); val_get() of anything but a
 * map is NULL; and the truthiness Mustache sections use.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "render/val.h"
#include "util/arena.h"
#include "util/banned.h"

struct fixture {
	struct fixture_core core;
};

static int
setup(void **state)
{
	return fixture_setup(state, sizeof(struct fixture));
}

/* A map keeps the order keys were first set in, whatever its size; a
 * key set again keeps its place and takes the new value; lookups by
 * length see only whole keys.  Checked below and above the size at
 * which maps get their index, and after it has grown several times. */
static void
test_val_map_many_keys(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	struct val *m = val_map(a);
	enum { N = 3000 };
	for (size_t i = 0; i < N; i++) {
		val_set_num(a, m, arena_printf(a, "k%zu", i), (double)i);
		/* every key so far, at every size on the way */
		if (i < 40 || i % 500 == 0)
			for (size_t j = 0; j <= i; j++) {
				const struct val *v = val_get(m, arena_printf(a, "k%zu", j));
				assert_non_null(v);
				assert_true(v->num == (double)j);
			}
	}
	assert_int_equal(m->n, N);
	/* set again: same place, new value, no new pair */
	for (size_t i = 0; i < N; i += 7)
		val_set_str(a, m, arena_printf(a, "k%zu", i), "again");
	assert_int_equal(m->n, N);
	for (size_t i = 0; i < N; i++) {
		assert_string_equal(m->pairs[i].key, arena_printf(a, "k%zu", i));
		const struct val *v = val_get(m, m->pairs[i].key);
		assert_ptr_equal(v, m->pairs[i].v);
		if (i % 7 == 0)
			assert_string_equal(v->s, "again");
		else
			assert_true(v->num == (double)i);
	}
	/* absent keys, prefixes and keys with a NUL inside */
	assert_null(val_get(m, "k3000"));
	assert_null(val_get(m, "k"));
	assert_null(val_get(m, ""));
	assert_non_null(val_getn(m, "k12x", 3));          /* "k12" */
	assert_null(val_getn(m, "k1\0" "2", 4));
	assert_null(val_getn(m, "k", 1));
	assert_null(val_get(val_list(a), "k1"));
	assert_null(val_get(NULL, "k1"));
}

/* Scalars: null, false and true are shared by every arena; numbers and
 * strings are made, strings borrowed with their length. */
static void
test_val_scalars(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena, other = ARENA_INIT;
	assert_int_equal(val_null(a)->kind, VAL_NULL);
	assert_ptr_equal(val_null(a), val_null(&other));
	assert_int_equal(val_bool(a, true)->kind, VAL_BOOL);
	assert_true(val_bool(a, true)->b);
	assert_false(val_bool(a, false)->b);
	assert_ptr_equal(val_bool(a, true), val_bool(&other, true));
	assert_ptr_equal(val_bool(a, false), val_bool(&other, false));
	assert_ptr_not_equal(val_bool(a, true), val_bool(a, false));

	const struct val *n = val_num(a, -45000.5);
	assert_int_equal(n->kind, VAL_NUM);
	assert_true(n->num == -45000.5);

	const char *s = "Bưởi Phúc Trạch";
	const struct val *v = val_str(a, s);
	assert_int_equal(v->kind, VAL_STR);
	assert_ptr_equal(v->s, s);               /* borrowed, not copied */
	assert_int_equal(v->len, strlen(s));
	v = val_strn(a, s, 4);                   /* 4 bytes, not 4 letters */
	assert_ptr_equal(v->s, s);
	assert_int_equal(v->len, 4);
	assert_int_equal(val_str(a, NULL)->kind, VAL_NULL);
	assert_int_equal(val_strn(a, NULL, 3)->kind, VAL_NULL);
	v = val_strf(a, "%d sao, %s", 4, "Hà Tĩnh");
	assert_int_equal(v->kind, VAL_STR);
	assert_string_equal(v->s, "4 sao, Hà Tĩnh");
	assert_int_equal(v->len, strlen("4 sao, Hà Tĩnh"));
	arena_release(&other);
}

/* null, false, the empty string and the empty list are falsey;
 * everything else is truthy, numbers (0 too) and maps (empty too). */
static void
test_val_truthiness(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	assert_false(val_truthy(NULL));
	assert_false(val_truthy(val_null(a)));
	assert_false(val_truthy(val_bool(a, false)));
	assert_false(val_truthy(val_str(a, "")));
	assert_false(val_truthy(val_strn(a, "abc", 0)));
	assert_false(val_truthy(val_str(a, NULL)));
	struct val *list = val_list(a);
	assert_false(val_truthy(list));

	assert_true(val_truthy(val_bool(a, true)));
	assert_true(val_truthy(val_str(a, "0")));
	assert_true(val_truthy(val_str(a, " ")));
	assert_true(val_truthy(val_strn(a, "abc", 1)));
	assert_true(val_truthy(val_num(a, 0)));
	assert_true(val_truthy(val_num(a, -1)));
	assert_true(val_truthy(val_map(a)));
	val_push(a, list, val_bool(a, false));   /* a list of one falsey item */
	assert_true(val_truthy(list));
}

/* A list keeps its items in push order, the same pointers, however
 * long it grows; a list may hold lists and maps. */
static void
test_val_list_keeps_push_order(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	struct val *list = val_list(a);
	assert_int_equal(list->kind, VAL_LIST);
	assert_int_equal(list->n, 0);
	enum { N = 1000 };
	const struct val *made[N];
	for (size_t i = 0; i < N; i++) {
		made[i] = i % 3 == 0 ? val_num(a, (double)i)
			: i % 3 == 1 ? val_strf(a, "s%zu", i)
			: (const struct val *)val_map(a);
		val_push(a, list, made[i]);
		assert_int_equal(list->n, i + 1);
		assert_true(list->cap >= list->n);
	}
	for (size_t i = 0; i < N; i++)
		assert_ptr_equal(list->items[i], made[i]);
	assert_true(list->items[999]->num == 999);
	assert_string_equal(list->items[301]->s, "s301");
	struct val *outer = val_list(a);
	val_push(a, outer, list);
	assert_ptr_equal(outer->items[0], list);
	assert_int_equal(outer->n, 1);
}

/* A small map (no index yet): keys in the order first set, a key set
 * again keeps its place; keys are borrowed; the shorthands make the
 * value of their kind; a string set to NULL is there, as null. */
static void
test_val_small_map(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	struct val *m = val_map(a);
	assert_int_equal(m->kind, VAL_MAP);
	assert_null(val_get(m, "name"));
	const char *key = "name";
	val_set_str(a, m, key, "Kẹo cu đơ");
	val_set_num(a, m, "stars", 4);
	val_set_bool(a, m, "new", true);
	val_set_str(a, m, "story", NULL);
	assert_int_equal(m->n, 4);
	assert_ptr_equal(m->pairs[0].key, key);
	assert_string_equal(m->pairs[1].key, "stars");
	assert_string_equal(m->pairs[2].key, "new");
	assert_string_equal(m->pairs[3].key, "story");
	assert_string_equal(val_get(m, "name")->s, "Kẹo cu đơ");
	assert_true(val_get(m, "stars")->num == 4);
	assert_ptr_equal(val_get(m, "new"), val_bool(a, true));
	assert_non_null(val_get(m, "story"));
	assert_int_equal(val_get(m, "story")->kind, VAL_NULL);

	const struct val *five = val_num(a, 5);
	val_set(a, m, "stars", five);
	assert_int_equal(m->n, 4);
	assert_string_equal(m->pairs[1].key, "stars");
	assert_ptr_equal(m->pairs[1].v, five);
	assert_ptr_equal(val_get(m, "stars"), five);
	/* the key is compared by its text, not its pointer */
	char copy[] = "name";
	val_set_str(a, m, copy, "Bưởi");
	assert_int_equal(m->n, 4);
	assert_ptr_equal(m->pairs[0].key, key);
	assert_string_equal(val_get(m, "name")->s, "Bưởi");

	/* whole keys only: prefixes, extensions, a NUL inside */
	val_set_num(a, m, "ab", 1);
	assert_null(val_get(m, "a"));
	assert_null(val_get(m, "abc"));
	assert_null(val_get(m, ""));
	assert_true(val_getn(m, "abc", 2)->num == 1);
	assert_null(val_getn(m, "ab\0", 3));
	assert_null(val_getn(m, "a", 1));
}

/* val_get() of a value that is not a map is NULL, never a read of
 * fields it does not have. */
static void
test_val_get_of_non_maps(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	struct val *list = val_list(a);
	val_push(a, list, val_str(a, "x"));
	const struct val *not_maps[] = {
		NULL, val_null(a), val_bool(a, true), val_num(a, 1),
		val_str(a, "name"), list,
	};
	for (size_t i = 0; i < sizeof(not_maps) / sizeof(not_maps[0]); i++) {
		assert_null(val_get(not_maps[i], "name"));
		assert_null(val_getn(not_maps[i], "x", 1));
	}
}

/* The bytes val_encode() gives v, as a string of hex digits. */
static const char *
encoded(struct arena *a, const struct val *v, const struct val_digests *t)
{
	struct sbuf b = SBUF_INIT;
	val_encode(v, &b, t);
	char *hex = arena_alloc(a, 2 * b.len + 1);
	for (size_t i = 0; i < b.len; i++)
		snprintf(hex + 2 * i, 3, "%02x", (unsigned char)b.data[i]);
	hex[2 * b.len] = '\0';
	sbuf_release(&b);
	return hex;
}

/* Values that a template could render differently encode differently:
 * kinds, keys, order, the bounds of strings; equal values encode the
 * same wherever they live.  A value in a table of digests encodes as
 * its digest, and so does any value holding it. */
static void
test_val_encode(void **state)
{
	struct arena *a = &((struct fixture *)*state)->core.arena;
	const struct val *v[12];
	struct val *m;
	size_t n = 0;
	v[n++] = val_null(a);
	v[n++] = val_bool(a, false);
	v[n++] = val_str(a, "");
	v[n++] = val_num(a, 0);
	v[n++] = val_str(a, "0");
	m = val_map(a); val_set_str(a, m, "ab", "c"); v[n++] = m;
	m = val_map(a); val_set_str(a, m, "a", "bc"); v[n++] = m;
	m = val_map(a); val_set_str(a, m, "a", "b"); val_set_str(a, m, "c", "d"); v[n++] = m;
	m = val_map(a); val_set_str(a, m, "c", "d"); val_set_str(a, m, "a", "b"); v[n++] = m;
	struct val *l = val_list(a); val_push(a, l, val_str(a, "ab")); v[n++] = l;
	l = val_list(a); val_push(a, l, val_str(a, "a")); val_push(a, l, val_str(a, "b")); v[n++] = l;
	l = val_list(a); v[n++] = l;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(encoded(a, v[i], NULL), encoded(a, v[k], NULL));
	/* the same map made twice */
	m = val_map(a); val_set_str(a, m, "a", "b"); val_set_str(a, m, "c", "d");
	assert_string_equal(encoded(a, m, NULL), encoded(a, v[7], NULL));

	/* shared: v[7] is hashed once; a list holding it encodes its
	 * digest, 'H' and 32 bytes, not its keys */
	struct val_digests *t = val_digests_new();
	assert_true(val_digests_add(t, v[7]));
	const char *alone = encoded(a, v[7], NULL);
	const char *as_digest = encoded(a, v[7], t);
	assert_int_equal(strlen(as_digest), 2 * 33);
	assert_int_equal(strncmp(as_digest, "48", 2), 0);
	assert_string_not_equal(as_digest, alone);
	l = val_list(a); val_push(a, l, v[7]);
	struct val *l2 = val_list(a); val_push(a, l2, m);
	/* m equals v[7] but is not in the table: encoded whole */
	assert_string_equal(encoded(a, l2, t), encoded(a, l2, NULL));
	assert_int_equal(strlen(encoded(a, l, t)), 2 * (1 + 8 + 33));
	/* a scalar is never looked up; many values in the table, each
	 * found by its address */
	for (int i = 0; i < 5000; i++) {
		struct val *x = val_map(a);
		val_set_num(a, x, "i", i);
		assert_true(val_digests_add(t, x));
		if (i == 4999)
			assert_int_equal(strlen(encoded(a, x, t)), 2 * 33);
	}
	assert_string_equal(encoded(a, v[7], t), as_digest);
	assert_string_equal(encoded(a, v[3], t), encoded(a, v[3], NULL));
	val_digests_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_val_map_many_keys),
		T(test_val_scalars),
		T(test_val_truthiness),
		T(test_val_list_keeps_push_order),
		T(test_val_small_map),
		T(test_val_get_of_non_maps),
		T(test_val_encode),
#undef T
	};
	return cmocka_run_group_tests_name("val", tests, NULL, NULL);
}
