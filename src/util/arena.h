/*
 * arena.h - one region for everything that lives as long as a build:
 * entries, strings copied out of libyaml, slugs, view data.  Nothing
 * allocated here is freed one by one; arena_release() frees it all.
 * Allocations are zero-filled and aligned for any type.
 *
 * With ARENA_DEBUG defined (make ARENA_DEBUG=1) every allocation is its
 * own malloc, so AddressSanitizer sees overruns between objects.
 */
#ifndef OCOP_ARENA_H
#define OCOP_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used;          /* bytes used in head */
	size_t total;         /* bytes handed out, for reports */
};

#define ARENA_INIT { NULL, 0, 0 }

/* Zero-filled memory for n bytes, valid until arena_release(). */
void *arena_alloc(struct arena *a, size_t n);
/* Zero-filled array of count elements of size bytes (overflow-checked). */
void *arena_array(struct arena *a, size_t count, size_t size);
/* A NUL-terminated copy of s[0..n). */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
/* printf into the arena. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);
/* Moves every block of from into a, to be freed with it; from is left
 * empty.  What a worker thread allocated in its own arena outlives it. */
void  arena_adopt(struct arena *a, struct arena *from);
void  arena_release(struct arena *a);
/* Frees everything but keeps one block for reuse: for an arena emptied
 * after each of many small jobs (a page), which would otherwise get and
 * clear fresh memory every time. */
void  arena_reset(struct arena *a);

#define arena_new(a, type) ((type *)arena_alloc((a), sizeof(type)))

#endif
