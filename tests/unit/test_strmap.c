/*
 * test_strmap.c - the string set with a value each (util/strmap.c):
 * FNV-1a hashes of known vectors, length honoured; add refuses a key
 * already there (compared by text, not pointer) and hands back its
 * value; get and has on an empty map, on absent keys and on a key
 * whose value is NULL; keys that collide in the table, wrapping past
 * its end; growth past many entries, the table kept at most half full;
 * release leaving an empty map that can be used again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "util/arena.h"
#include "util/strmap.h"
#include "util/banned.h"

struct fixture {
	struct fixture_core core;
	struct strmap m;
};

static int
setup(void **state)
{
	if (fixture_setup(state, sizeof(struct fixture)) < 0)
		return -1;
	struct fixture *f = *state;
	f->m = (struct strmap)STRMAP_INIT;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	strmap_release(&f->m);
	return fixture_teardown(state);
}

/* FNV-1a, 64 bits: the published vectors, and only len bytes read. */
static void
test_strmap_hash_is_fnv1a(void **state)
{
	(void)state;
	assert_true(strmap_hash("", 0) == 0xcbf29ce484222325ull);
	assert_true(strmap_hash("a", 1) == 0xaf63dc4c8601ec8cull);
	assert_true(strmap_hash("foobar", 6) == 0x85944171f73967e8ull);
	assert_true(strmap_hash("Hà Tĩnh", strlen("Hà Tĩnh"))
		    == 0x3c47ec530507aa59ull);
	assert_true(strmap_hash("ab", 1) == strmap_hash("a", 1));
	assert_true(strmap_hash("a\0b", 3) != strmap_hash("a", 1));
}

static void
test_strmap_add_get_and_duplicates(void **state)
{
	struct fixture *f = *state;
	struct strmap *m = &f->m;
	/* empty: nothing there, nothing allocated */
	assert_null(strmap_get(m, "cam"));
	assert_false(strmap_has(m, "cam"));
	assert_int_equal(m->cap, 0);

	int cam = 1, buoi = 2, other = 3;
	const void *existing = &other;
	const char *cam_key = "cam";
	assert_true(strmap_add(m, cam_key, &cam, &existing));
	assert_ptr_equal(existing, &other);           /* untouched */
	assert_true(strmap_add(m, "buoi", &buoi, NULL));
	assert_int_equal(m->n, 2);
	assert_ptr_equal(strmap_get(m, "cam"), &cam);
	assert_ptr_equal(strmap_get(m, "buoi"), &buoi);
	assert_true(strmap_has(m, "cam"));
	assert_false(strmap_has(m, "ca"));
	assert_false(strmap_has(m, "camm"));
	assert_false(strmap_has(m, ""));
	assert_null(strmap_get(m, "Cam"));

	/* a key already there: refused, its value handed back, kept;
	 * compared by text, whatever the pointer */
	char copy[] = "cam";
	assert_false(strmap_add(m, copy, &other, &existing));
	assert_ptr_equal(existing, &cam);
	assert_false(strmap_add(m, "cam", &other, NULL));
	assert_int_equal(m->n, 2);
	assert_ptr_equal(strmap_get(m, copy), &cam);

	/* keys are borrowed: the slot holds the pointer first given */
	size_t found = 0;
	for (size_t i = 0; i < m->cap; i++)
		if (m->v[i].key && !strcmp(m->v[i].key, "cam")) {
			assert_ptr_equal(m->v[i].key, cam_key);
			found++;
		}
	assert_int_equal(found, 1);

	/* the empty string is a key like any other */
	assert_true(strmap_add(m, "", &other, NULL));
	assert_ptr_equal(strmap_get(m, ""), &other);
}

/* A key stored with NULL is there (has), its value NULL (get), and a
 * second add of it is refused with NULL as the value. */
static void
test_strmap_null_value(void **state)
{
	struct fixture *f = *state;
	int x;
	const void *existing = &x;
	assert_true(strmap_add(&f->m, "k", NULL, NULL));
	assert_true(strmap_has(&f->m, "k"));
	assert_null(strmap_get(&f->m, "k"));
	assert_false(strmap_add(&f->m, "k", &x, &existing));
	assert_null(existing);
	assert_null(strmap_get(&f->m, "k"));
}

/* Keys whose hashes fall on the last slot of the first table (16
 * slots): each takes the next free slot, wrapping to the start, and is
 * found again there. */
static void
test_strmap_colliding_keys_wrap(void **state)
{
	struct fixture *f = *state;
	const char *keys[7];
	size_t n = 0;
	for (unsigned i = 0; n < 7; i++) {
		const char *k = arena_printf(&f->core.arena, "k%u", i);
		if ((strmap_slot_hash(k, strlen(k)) & 15) == 15)
			keys[n++] = k;
	}
	for (size_t i = 0; i < n; i++)
		assert_true(strmap_add(&f->m, keys[i], keys[i], NULL));
	assert_int_equal(f->m.cap, 16);               /* 7 of 16: no growth */
	assert_string_equal(f->m.v[15].key, keys[0]);
	for (size_t i = 1; i < n; i++)
		assert_ptr_equal(f->m.v[i - 1].key, keys[i]);
	for (size_t i = 0; i < n; i++) {
		assert_ptr_equal(strmap_get(&f->m, keys[i]), keys[i]);
		assert_false(strmap_add(&f->m, keys[i], NULL, NULL));
	}
	/* an absent key of the same slot probes past all of them */
	for (unsigned i = 1000;; i++) {
		const char *k = arena_printf(&f->core.arena, "k%u", i);
		if ((strmap_slot_hash(k, strlen(k)) & 15) == 15) {
			assert_false(strmap_has(&f->m, k));
			break;
		}
	}
}

/* Many keys: every one found with its own value, the table a power of
 * two and never over half full, absent keys absent. */
static void
test_strmap_grows_past_many_entries(void **state)
{
	struct fixture *f = *state;
	enum { N = 20000 };
	const char **keys = arena_array(&f->core.arena, N, sizeof(*keys));
	for (size_t i = 0; i < N; i++) {
		keys[i] = arena_printf(&f->core.arena, "san-pham-%zu", i);
		assert_true(strmap_add(&f->m, keys[i], &keys[i], NULL));
		assert_int_equal(f->m.n, i + 1);
		assert_true(f->m.n * 2 <= f->m.cap);
		assert_int_equal(f->m.cap & (f->m.cap - 1), 0);
	}
	for (size_t i = 0; i < N; i++)
		assert_ptr_equal(strmap_get(&f->m, keys[i]), &keys[i]);
	size_t used = 0;
	for (size_t i = 0; i < f->m.cap; i++)
		used += f->m.v[i].key != NULL;
	assert_int_equal(used, N);
	assert_null(strmap_get(&f->m, "san-pham-20000"));
	assert_null(strmap_get(&f->m, "san-pham-"));
	assert_false(strmap_add(&f->m, "san-pham-19999", NULL, NULL));
}

/* Room made for n keys: adding them does not move the table; keys
 * already there move with it; a smaller reserve changes nothing. */
static void
test_strmap_reserve(void **state)
{
	struct fixture *f = *state;
	assert_true(strmap_add(&f->m, "first", "1", NULL));
	strmap_reserve(&f->m, 1000);
	size_t cap = f->m.cap;
	assert_int_equal(cap, 2048);
	assert_string_equal(strmap_get(&f->m, "first"), "1");
	const struct strmap_slot *table = f->m.v;
	for (int i = 1; i < 1000; i++)
		assert_true(strmap_add(&f->m, arena_printf(&f->core.arena, "k%d", i),
				       NULL, NULL));
	assert_ptr_equal(f->m.v, table);
	assert_int_equal(f->m.cap, cap);
	strmap_reserve(&f->m, 10);
	assert_int_equal(f->m.cap, cap);
	assert_true(strmap_has(&f->m, "k999"));
	/* past half full, it grows as before */
	for (int i = 1000; f->m.cap == cap; i++)
		assert_true(strmap_add(&f->m, arena_printf(&f->core.arena, "k%d", i),
				       NULL, NULL));
	assert_int_equal(f->m.n, 1025);
	assert_int_equal(f->m.cap, 2 * cap);
	assert_string_equal(strmap_get(&f->m, "first"), "1");
}

/* Release leaves an empty map, which can be filled again. */
static void
test_strmap_release_and_reuse(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < 100; i++)
		strmap_add(&f->m, arena_printf(&f->core.arena, "%d", i), NULL,
			   NULL);
	strmap_release(&f->m);
	assert_null(f->m.v);
	assert_int_equal(f->m.n, 0);
	assert_int_equal(f->m.cap, 0);
	assert_false(strmap_has(&f->m, "1"));
	assert_true(strmap_add(&f->m, "1", "one", NULL));
	assert_string_equal(strmap_get(&f->m, "1"), "one");
	strmap_release(&f->m);
	strmap_release(&f->m);                        /* twice is harmless */
	assert_null(f->m.v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_strmap_hash_is_fnv1a),
		T(test_strmap_add_get_and_duplicates),
		T(test_strmap_null_value),
		T(test_strmap_colliding_keys_wrap),
		T(test_strmap_grows_past_many_entries),
		T(test_strmap_reserve),
		T(test_strmap_release_and_reuse),
#undef T
	};
	return cmocka_run_group_tests_name("strmap", tests, NULL, NULL);
}
