/*
 * Blocks are chained newest first.  A request larger than a quarter of
 * the block size gets a block of its own, so a big string never wastes
 * the rest of a nearly empty block.
 *
 * Blocks come from calloc() and an arena never hands out a byte twice,
 * so every allocation is zero already: calloc() skips the clearing for
 * memory fresh from the kernel, where a memset() per allocation touched
 * every byte once more (3-12% of a large build's profile).
 */
#include "arena.h"

#include <stdarg.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

enum { ARENA_BLOCK = 64 * 1024 };

struct arena_block {
	struct arena_block *next;
	size_t size;
	alignas(max_align_t) unsigned char data[];
};

static size_t
align_up(size_t n)
{
	size_t al = alignof(max_align_t);
	return xadd(n, al - 1) & ~(al - 1);
}

static struct arena_block *
new_block(size_t size)
{
	struct arena_block *b = xcalloc(1, xadd(sizeof(*b), size));
	b->size = size;
	b->next = NULL;
	return b;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	n = align_up(n ? n : 1);
	a->total += n;
#ifdef ARENA_DEBUG
	struct arena_block *b = new_block(n);
	b->next = a->head;
	a->head = b;
	return b->data;
#else
	if (n > ARENA_BLOCK / 4) {
		struct arena_block *b = new_block(n);
		if (a->head) {        /* keep filling the current block */
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = NULL;
			a->head = b;
			a->used = n;
		}
		return b->data;
	}
	if (!a->head || a->head->size - a->used < n) {
		struct arena_block *b = new_block(ARENA_BLOCK);
		b->next = a->head;
		a->head = b;
		a->used = 0;
	}
	void *p = a->head->data + a->used;
	a->used += n;
	return p;
#endif
}

void *
arena_array(struct arena *a, size_t count, size_t size)
{
	return arena_alloc(a, xmul(count, size));
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, xadd(n, 1));
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	/* most texts (a URL, a date) fit here: formatted once, not
	 * measured by one printf and written by another */
	char buf[256];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return arena_strdup(a, "");
	if ((size_t)n < sizeof(buf))
		return arena_strndup(a, buf, (size_t)n);
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void
arena_adopt(struct arena *a, struct arena *from)
{
	if (!from->head)
		return;
	if (!a->head) {
		*a = *from;
	} else {
		/* behind a's current block, which keeps filling */
		struct arena_block *tail = from->head;
		while (tail->next)
			tail = tail->next;
		tail->next = a->head->next;
		a->head->next = from->head;
		a->total += from->total;
	}
	from->head = NULL;
	from->used = 0;
	from->total = 0;
}

void
arena_reset(struct arena *a)
{
#ifdef ARENA_DEBUG
	arena_release(a);
#else
	/* the newest standard block stays, cleared where it was used (the
	 * rest of it was never handed out, so is zero still) */
	struct arena_block *keep = a->head && a->head->size == ARENA_BLOCK
				   ? a->head : NULL;
	struct arena_block *b = keep ? keep->next : a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	if (keep) {
		memset(keep->data, 0, a->used);
		keep->next = NULL;
	}
	a->head = keep;
	a->used = 0;
	a->total = 0;
#endif
}

void
arena_release(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used = 0;
	a->total = 0;
}
