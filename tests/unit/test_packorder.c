/*
 * test_packorder.c - where objects lie in a repository's packs
 * (load/packorder.c): each object's key is its offset in the pack git
 * lists (git show-index), with the pack's number above it; an object in
 * no pack sorts last; an index that is cut short, damaged, of another
 * version or not a plain file is skipped, never read out of bounds.
 *
 * The first test builds packs with git (load_fixture.h); the others
 * write version 2 indexes by hand (gitformat-pack.txt: magic, fanout,
 * names, CRCs, 32-bit offsets, 64-bit offsets, checksums), so that
 * large offsets, several packs and damage are exactly what the test
 * says.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "load_fixture.h"
#include "load/packorder.h"
#include "load/source.h"
#include "util/arena.h"
#include "util/sbuf.h"
#include "util/banned.h"

/* Keys follow the offsets git itself lists for the pack; an object in
 * no pack, or every object when the index is damaged, sorts last; and
 * the files read after packing are the same bytes. */
static void
test_source_pack_order(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	put(f, "content/products/b.md", "v2\n");
	commit_all(f, "one");
	sh(f, GIT " gc -q");
	put(f, "content/products/c.md", "loose\n");
	commit_all(f, "two");

	const char *objects = arena_printf(&f->core.arena, "%s/.git/objects",
					   f->dir);
	struct pack_order *po = pack_order_open(objects);
	assert_non_null(po);
	/* git show-index: "offset id (crc)", one line per object */
	const char *idx = capture(f, "ls .git/objects/pack/*.idx");
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "cd '%s' && git show-index < %s", f->dir, idx);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	unsigned long long off;
	char hex[41];
	size_t n = 0;
	while (fscanf(p, "%llu %40s %*s", &off, hex) == 2) {
		unsigned char id[20];
		raw_id(id, hex);
		assert_int_equal(pack_order_key(po, id), off);
		n++;
	}
	assert_int_equal(pclose(p), 0);
	assert_true(n >= 8);
	unsigned char id[20];
	raw_id(id, capture(f, GIT " rev-parse HEAD:content/products/c.md"));
	assert_true(pack_order_key(po, id) == UINT64_MAX);
	pack_order_close(po);

	/* a damaged index is skipped: a copy cut short, and one with a
	 * fanout that goes down */
	raw_id(id, capture(f, GIT " rev-parse HEAD:site.yaml"));
	sh(f, "mkdir -p cut/pack bad/pack && head -c 1000 %s > cut/pack/x.idx"
	   " && cp %s bad/pack/x.idx && chmod u+w bad/pack/x.idx"
	   " && printf '\\377' | dd of=bad/pack/x.idx bs=1 seek=8 conv=notrunc"
	   " 2>/dev/null", idx, idx);
	assert_null(pack_order_open(arena_printf(&f->core.arena, "%s/cut", f->dir)));
	assert_null(pack_order_open(arena_printf(&f->core.arena, "%s/bad", f->dir)));
	assert_true(pack_order_key(NULL, id) == UINT64_MAX);
	assert_null(pack_order_open("/nonexistent"));

	sh(f, GIT " gc -q");    /* a sound index again, c.md packed too */
	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), 0);
	assert_string_equal(text(f, "content/products/a.md"), "v1\n");
	assert_string_equal(text(f, "content/products/b.md"), "v2\n");
	assert_string_equal(text(f, "content/products/c.md"), "loose\n");
	assert_string_equal(text(f, "site.yaml"), "title: T\n");
}

/* ---- indexes written by hand ---------------------------------------- */

/* An object of a hand-made index: the id is 20 bytes of `fill` after
 * first, so ids sort by (first, fill). */
struct obj {
	unsigned char first, fill;
	uint64_t offset;
};

static void
obj_id(unsigned char id[20], const struct obj *o)
{
	memset(id, o->fill, 20);
	id[0] = o->first;
}

static void
put_be32(struct sbuf *b, uint32_t v)
{
	unsigned char c[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 8), (unsigned char)v };
	sbuf_put(b, (const char *)c, 4);
}

/*
 * The bytes of a version 2 index of objs (n of them, sorted by id):
 * offsets of 2^31 or more go to the 64-bit table, as git writes them.
 */
static void
index_bytes(struct sbuf *b, const struct obj *objs, size_t n)
{
	sbuf_put(b, "\377tOc\0\0\0\2", 8);
	for (int i = 0; i < 256; i++) {
		uint32_t count = 0;
		for (size_t k = 0; k < n; k++)
			count += objs[k].first <= i;
		put_be32(b, count);
	}
	for (size_t k = 0; k < n; k++) {
		unsigned char id[20];
		obj_id(id, &objs[k]);
		sbuf_put(b, (const char *)id, 20);
	}
	for (size_t k = 0; k < n; k++)
		put_be32(b, 0);                       /* CRCs: not read */
	uint32_t large = 0;
	for (size_t k = 0; k < n; k++)
		put_be32(b, objs[k].offset >> 31 ? 0x80000000u | large++
				 : (uint32_t)objs[k].offset);
	for (size_t k = 0; k < n; k++)
		if (objs[k].offset >> 31) {
			put_be32(b, (uint32_t)(objs[k].offset >> 32));
			put_be32(b, (uint32_t)objs[k].offset);
		}
	for (int i = 0; i < 40; i++)
		sbuf_putc(b, 0);                      /* checksums: not read */
}

/* Writes bytes to <dir>/<rel>. */
static void
write_bytes(struct fixture *f, const char *rel, const struct sbuf *b)
{
	const char *path = arena_printf(&f->core.arena, "%s/%s", f->dir, rel);
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(b->data, 1, b->len, fp), b->len);
	assert_int_equal(fclose(fp), 0);
}

/* Writes the index of objs as objects/pack/<name>. */
static void
write_index(struct fixture *f, const char *name, const struct obj *objs,
	    size_t n)
{
	struct sbuf b = SBUF_INIT;
	index_bytes(&b, objs, n);
	sh(f, "mkdir -p objects/pack");
	write_bytes(f, arena_printf(&f->core.arena, "objects/pack/%s", name), &b);
	sbuf_release(&b);
}

static uint64_t
key_of(const struct pack_order *po, const struct obj *o)
{
	unsigned char id[20];
	obj_id(id, o);
	return pack_order_key(po, id);
}

static const char *
objects(struct fixture *f)
{
	return arena_printf(&f->core.arena, "%s/objects", f->dir);
}

/* The pack's number sits above bit 47; offsets below it are exact,
 * 32-bit or 64-bit, and bigger ones are clamped to 2^47. */
#define PACK(i) ((uint64_t)(i) << 48)

/* Offsets as written, the large ones from the 64-bit table; ids that
 * are not there, before, between and after the ones that are, and in
 * fanout buckets that are empty. */
static void
test_packorder_offsets_of_one_pack(void **state)
{
	struct fixture *f = *state;
	static const struct obj objs[] = {
		{ 0x00, 0x01, 12 },
		{ 0x00, 0x07, 0x7fffffff },
		{ 0x3c, 0x10, 4096 },
		{ 0x3c, 0x11, (uint64_t)1 << 31 },       /* first 64-bit one */
		{ 0x3c, 0x12, 12345678901ull },
		{ 0xff, 0xfe, (uint64_t)1 << 47 },
		{ 0xff, 0xff, ((uint64_t)1 << 50) + 5 },  /* clamped */
	};
	write_index(f, "pack-1.idx", objs, 7);
	struct pack_order *po = pack_order_open(objects(f));
	assert_non_null(po);
	for (size_t k = 0; k < 6; k++)
		assert_true(key_of(po, &objs[k]) == objs[k].offset);
	assert_true(key_of(po, &objs[6]) == (uint64_t)1 << 47);
	static const struct obj absent[] = {
		{ 0x00, 0x00, 0 }, { 0x00, 0x05, 0 }, { 0x00, 0x08, 0 },
		{ 0x01, 0x01, 0 }, { 0x3c, 0x13, 0 }, { 0x80, 0x00, 0 },
		{ 0xff, 0x00, 0 },
	};
	for (size_t k = 0; k < sizeof(absent) / sizeof(absent[0]); k++)
		assert_true(key_of(po, &absent[k]) == UINT64_MAX);
	pack_order_close(po);
}

/* Packs are numbered in the order of their index's name, whatever the
 * folder lists first; an object in two packs takes the first's key. */
static void
test_packorder_several_packs(void **state)
{
	struct fixture *f = *state;
	static const struct obj b[] = { { 0x10, 0x01, 100 }, { 0x20, 0x02, 200 } };
	static const struct obj a[] = { { 0x20, 0x02, 7 }, { 0x30, 0x03, 300 } };
	static const struct obj c[] = { { 0x40, 0x04, 400 } };
	write_index(f, "pack-b.idx", b, 2);
	write_index(f, "pack-a.idx", a, 2);
	write_index(f, "pack-c.idx", c, 1);
	struct pack_order *po = pack_order_open(objects(f));
	assert_non_null(po);
	assert_true(key_of(po, &a[0]) == (PACK(0) | 7));
	assert_true(key_of(po, &a[1]) == (PACK(0) | 300));
	assert_true(key_of(po, &b[0]) == (PACK(1) | 100));
	assert_true(key_of(po, &b[1]) == (PACK(0) | 7));
	assert_true(key_of(po, &c[0]) == (PACK(2) | 400));
	/* keys sort pack by pack, offset by offset */
	assert_true(key_of(po, &a[1]) < key_of(po, &b[0]));
	assert_true(key_of(po, &b[0]) < key_of(po, &c[0]));
	pack_order_close(po);
}

/* What is skipped: other versions, a fanout that goes down, an index
 * shorter than it announces, a 64-bit offset past its table, files not
 * named *.idx, folders and symbolic links; the packs beside them still
 * count, numbered among the indexes read. */
static void
test_packorder_skips_what_it_cannot_trust(void **state)
{
	struct fixture *f = *state;
	static const struct obj good[] = { { 0x50, 0x05, 555 } };
	static const struct obj other[] = { { 0x60, 0x06, 666 } };
	struct sbuf b = SBUF_INIT;

	/* nothing to read: no folder, an empty one, only bad indexes */
	assert_null(pack_order_open(objects(f)));
	sh(f, "mkdir -p objects/pack");
	assert_null(pack_order_open(objects(f)));

	index_bytes(&b, other, 1);
	b.data[7] = 1;                                /* version 1 */
	write_bytes(f, "objects/pack/1-version.idx", &b);
	sbuf_reset(&b);
	index_bytes(&b, other, 1);
	b.data[8 + 4 * 0x70 + 3] = 0;                 /* fanout goes down */
	write_bytes(f, "objects/pack/2-fanout.idx", &b);
	sbuf_reset(&b);
	index_bytes(&b, other, 1);
	b.len -= 41;                                  /* cut short */
	write_bytes(f, "objects/pack/3-cut.idx", &b);
	sbuf_reset(&b);
	write_bytes(f, "objects/pack/4-empty.idx", &b);
	assert_null(pack_order_open(objects(f)));

	/* a sound index among them is pack 0 */
	write_index(f, "9-good.idx", good, 1);
	write_index(f, "5-good.idx-not", other, 1);
	write_index(f, "6.pack", other, 1);
	sh(f, "mkdir objects/pack/7-folder.idx"
	      " && ln -s 5-good.idx-not objects/pack/8-link.idx");
	struct pack_order *po = pack_order_open(objects(f));
	assert_non_null(po);
	assert_true(key_of(po, &good[0]) == (PACK(0) | 555));
	assert_true(key_of(po, &other[0]) == UINT64_MAX);
	pack_order_close(po);

	/* a 64-bit offset whose slot the table does not have */
	static const struct obj big[] = { { 0x70, 0x07, (uint64_t)1 << 40 } };
	sh(f, "rm -rf objects/pack/*");
	sbuf_reset(&b);
	index_bytes(&b, big, 1);
	b.len -= 40;                     /* drop the checksums ... */
	b.len -= 8;                      /* ... and the only 64-bit offset */
	for (int i = 0; i < 40; i++)
		sbuf_putc(&b, 0);
	write_bytes(f, "objects/pack/x.idx", &b);
	po = pack_order_open(objects(f));
	assert_non_null(po);
	assert_true(key_of(po, &big[0]) == UINT64_MAX);
	pack_order_close(po);
	sbuf_release(&b);

	/* no pack order at all is a valid argument */
	unsigned char id[20] = { 0 };
	assert_true(pack_order_key(NULL, id) == UINT64_MAX);
	pack_order_close(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_source_pack_order),
		T(test_packorder_offsets_of_one_pack),
		T(test_packorder_several_packs),
		T(test_packorder_skips_what_it_cannot_trust),
#undef T
	};
	return cmocka_run_group_tests_name("packorder", tests, NULL, NULL);
}
