/*
 * span.h - a borrowed, non-owning view of bytes.  Never freed.
 */
#ifndef OCOP_SPAN_H
#define OCOP_SPAN_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct span {
	const char *p;
	size_t len;
};

static inline struct span
span_from(const char *s)
{
	return (struct span){ s, s ? strlen(s) : 0 };
}

static inline bool
span_eq(struct span a, const char *s)
{
	size_t n = strlen(s);
	return a.len == n && (n == 0 || memcmp(a.p, s, n) == 0);
}

#endif
