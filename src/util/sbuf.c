/*
 * sbuf.c - the growable buffer.  An empty sbuf points at sbuf_empty and
 * allocates only on its first append; capacity doubles, so appends cost
 * amortised constant time.  Allocation failure ends the program in
 * xalloc.c, which is why no append can fail.
 */
#include "sbuf.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "banned.h"

/* Shared by every empty sbuf so that data is never NULL; never written
 * except its NUL, which sbuf_reset rewrites only when cap > 0. */
char sbuf_empty[1];

void
sbuf_init(struct sbuf *sb)
{
	sb->data = sbuf_empty;
	sb->len = 0;
	sb->cap = 0;
}

void
sbuf_release(struct sbuf *sb)
{
	if (sb->cap)
		free(sb->data);
	sbuf_init(sb);
}

void
sbuf_reset(struct sbuf *sb)
{
	sb->len = 0;
	if (sb->cap)
		sb->data[0] = '\0';
}

void
sbuf_grow(struct sbuf *sb, size_t extra)
{
	size_t need = xadd(xadd(sb->len, extra), 1);
	if (need <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < need)
		cap = xmul(cap, 2);
	if (sb->cap) {
		sb->data = xrealloc(sb->data, cap);
	} else {
		sb->data = xmalloc(cap);
		sb->data[0] = '\0';
	}
	sb->cap = cap;
}

void
sbuf_put(struct sbuf *sb, const void *p, size_t n)
{
	if (!n)
		return;
	if (n >= sb->cap - sb->len)     /* cap 0: the shared empty string */
		sbuf_grow(sb, n);
	memcpy(sb->data + sb->len, p, n);
	sb->len += n;
	sb->data[sb->len] = '\0';
}

void
sbuf_puts(struct sbuf *sb, const char *s)
{
	sbuf_put(sb, s, strlen(s));
}

void
sbuf_putc_grow(struct sbuf *sb, char c)
{
	sbuf_put(sb, &c, 1);
}

/* n in decimal, at least width digits (zeros before), after sign. */
static void
put_decimal(struct sbuf *sb, uint64_t u, bool minus, size_t width)
{
	char buf[24];
	size_t i = sizeof(buf);
	do {
		buf[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u || sizeof(buf) - i < width);
	if (minus)
		buf[--i] = '-';
	sbuf_put(sb, buf + i, sizeof(buf) - i);
}

void
sbuf_putlong(struct sbuf *sb, long n)
{
	/* the magnitude as unsigned: -LONG_MIN does not fit a long */
	put_decimal(sb, n < 0 ? 0UL - (unsigned long)n : (unsigned long)n,
		    n < 0, 1);
}

void
sbuf_putu64(struct sbuf *sb, uint64_t n, size_t width)
{
	put_decimal(sb, n, false, width < 20 ? width : 20);
}

void
sbuf_putspan(struct sbuf *sb, struct span s)
{
	sbuf_put(sb, s.p, s.len);
}

void
sbuf_vputf(struct sbuf *sb, const char *fmt, va_list ap)
{
	/* written straight where there is room, as there most often is:
	 * one pass of printf, not one to measure and one to write (cap 0,
	 * the shared empty string, is only measured) */
	size_t room = sb->cap - sb->len;
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(room ? sb->data + sb->len : NULL, room, fmt, ap2);
	va_end(ap2);
	if (n <= 0) {
		if (room)
			sb->data[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		sbuf_grow(sb, (size_t)n);
		vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	}
	sb->len += (size_t)n;
}

void
sbuf_putf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sbuf_vputf(sb, fmt, ap);
	va_end(ap);
}

char *
sbuf_detach(struct sbuf *sb, size_t *len_out)
{
	char *p;
	if (len_out)
		*len_out = sb->len;
	if (sb->cap)
		p = sb->data;
	else
		p = xstrdup("");
	sbuf_init(sb);
	return p;
}

struct span
sbuf_span(const struct sbuf *sb)
{
	return (struct span){ sb->data, sb->len };
}
