/*
 * xalloc.c - the one place running out of memory is handled: print one
 * line and exit(2).  A zero-size request still gets a unique pointer,
 * and the size helpers die on overflow instead of wrapping to a short
 * buffer.
 */
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static void
die_oom(void)
{
	fputs("ocop: out of memory\n", stderr);
	exit(2);
}

size_t
xadd(size_t a, size_t b)
{
	if (a > (size_t)-1 - b)
		die_oom();
	return a + b;
}

size_t
xmul(size_t a, size_t b)
{
	if (b && a > (size_t)-1 / b)
		die_oom();
	return a * b;
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

void *
xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		die_oom();
	return q;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(xadd(n, 1));
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void
xgrow(void **v, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return;
	size_t n = *cap ? *cap : 8;
	while (n < need)
		n = xmul(n, 2);
	*v = xrealloc(*v, xmul(n, elem));
	*cap = n;
}
