/*
 * packorder.c - sort keys from version 2 pack indexes.
 *
 * An index is mapped read-only and checked for its size before any
 * lookup: magic, version 2, a fanout that never decreases, and room for
 * the names, CRCs, offsets and 64-bit offsets it announces.  A lookup
 * only compares names and reads offsets inside those bounds, so a
 * damaged index gives a wrong order at worst, never a bad read.
 */
#include "packorder.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/file.h"
#include "../util/sbuf.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

enum {
	HEADER = 8,                 /* magic and version */
	FANOUT = 256 * 4,
	NAME = 20,
	MAX_PACKS = 1 << 16,
	OFFSET_BITS = 47,           /* 128 TB: bigger offsets are clamped */
};

struct pack_index {
	void *mapping;              /* as mmap() gave it, for munmap() */
	const unsigned char *map;   /* the same bytes, read-only */
	size_t size;
	uint32_t n;                 /* objects */
	size_t large;               /* 64-bit offsets present */
};

struct pack_order {
	struct pack_index *v;
	size_t n;
};

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t
be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* 0 when x is a version 2 index with room for what it announces. */
static int
index_check(struct pack_index *x)
{
	static const unsigned char magic[] = { 0xff, 't', 'O', 'c', 0, 0, 0, 2 };
	if (x->size < HEADER + FANOUT || memcmp(x->map, magic, HEADER))
		return -1;
	uint32_t prev = 0;
	for (int i = 0; i < 256; i++) {
		uint32_t v = be32(x->map + HEADER + 4 * i);
		if (v < prev)
			return -1;
		prev = v;
	}
	x->n = prev;
	/* names, CRCs and 32-bit offsets, then the two 20-byte checksums */
	size_t need = HEADER + FANOUT + (size_t)x->n * (NAME + 4 + 4) + 40;
	if (x->size < need)
		return -1;
	x->large = (x->size - need) / 8;
	return 0;
}

static void
index_open(struct pack_order *po, int dfd, const char *name)
{
	int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return;
	struct stat st;
	struct pack_index x = { 0 };
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		x.size = (size_t)st.st_size;
		void *m = mmap(NULL, x.size, PROT_READ, MAP_PRIVATE, fd, 0);
		x.mapping = m == MAP_FAILED ? NULL : m;
		x.map = x.mapping;
	}
	close(fd);
	if (!x.map)
		return;
	if (index_check(&x) < 0 || po->n >= MAX_PACKS) {
		munmap(x.mapping, x.size);
		return;
	}
	po->v = xrealloc(po->v, (po->n + 1) * sizeof(*po->v));
	po->v[po->n++] = x;
}

struct pack_order *
pack_order_open(const char *objects_dir)
{
	struct sbuf dir = SBUF_INIT;
	sbuf_putf(&dir, "%s/pack", objects_dir);
	int dfd = open(dir.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	sbuf_release(&dir);
	if (dfd < 0)
		return NULL;
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return NULL;
	}
	/* names sorted, so the pack numbers (and the order) are the same
	 * whatever readdir() returns */
	struct file_names names;
	file_names_read(&names, d);
	struct pack_order *po = xcalloc(1, sizeof(*po));
	for (size_t i = 0; i < names.n; i++) {
		size_t len = strlen(names.v[i]);
		if (len >= 5 && !strcmp(names.v[i] + len - 4, ".idx"))
			index_open(po, dirfd(d), names.v[i]);
	}
	file_names_release(&names);
	closedir(d);
	if (!po->n) {
		free(po);
		return NULL;
	}
	return po;
}

/* The offset of id in x, or -1. */
static int64_t
index_find(const struct pack_index *x, const unsigned char id[20])
{
	const unsigned char *fan = x->map + HEADER;
	uint32_t lo = id[0] ? be32(fan + 4 * (id[0] - 1)) : 0;
	uint32_t hi = be32(fan + 4 * id[0]);
	const unsigned char *names = fan + FANOUT;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = memcmp(names + (size_t)mid * NAME, id, NAME);
		if (c < 0) {
			lo = mid + 1;
		} else if (c > 0) {
			hi = mid;
		} else {
			const unsigned char *offsets = names + (size_t)x->n * (NAME + 4);
			uint32_t off = be32(offsets + (size_t)mid * 4);
			if (!(off & 0x80000000u))
				return off;
			size_t k = off & 0x7fffffffu;
			if (k >= x->large)
				return -1;
			uint64_t big = be64(offsets + (size_t)x->n * 4 + k * 8);
			return big >> OFFSET_BITS ? (int64_t)1 << OFFSET_BITS
						  : (int64_t)big;
		}
	}
	return -1;
}

uint64_t
pack_order_key(const struct pack_order *po, const unsigned char id[20])
{
	for (size_t i = 0; po && i < po->n; i++) {
		int64_t off = index_find(&po->v[i], id);
		if (off >= 0)
			return (uint64_t)i << (OFFSET_BITS + 1) | (uint64_t)off;
	}
	return UINT64_MAX;
}

void
pack_order_close(struct pack_order *po)
{
	if (!po)
		return;
	for (size_t i = 0; i < po->n; i++)
		munmap(po->v[i].mapping, po->v[i].size);
	free(po->v);
	free(po);
}
