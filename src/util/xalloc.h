/*
 * xalloc.h - allocation that cannot fail.  Running out of memory is not a
 * condition ocop can recover from, so every allocation goes through these
 * functions, which print one message and exit(2) on failure (as cmark,
 * git and blogc do).  Size sums go through xadd/xmul, which also die on
 * overflow instead of wrapping.
 */
#ifndef OCOP_XALLOC_H
#define OCOP_XALLOC_H

#include <stddef.h>

void  *xmalloc(size_t n);
void  *xcalloc(size_t count, size_t size);
void  *xrealloc(void *p, size_t n);
char  *xstrdup(const char *s);
char  *xstrndup(const char *s, size_t n);
size_t xadd(size_t a, size_t b);
size_t xmul(size_t a, size_t b);
/* Grows *v (of *cap elements of size elem) so that it holds need elements. */
void   xgrow(void **v, size_t *cap, size_t need, size_t elem);

#endif
