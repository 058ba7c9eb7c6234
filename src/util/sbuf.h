/*
 * sbuf.h - growable byte buffer for all text output.
 *
 * Invariants (as git's strbuf): data is never NULL, data[len] is always
 * '\0', len is exact.  Appends cannot fail (xalloc dies on OOM).  An sbuf
 * owns its data; sbuf_release() frees it, sbuf_detach() hands it over.
 */
#ifndef OCOP_SBUF_H
#define OCOP_SBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "span.h"

struct sbuf {
	char *data;
	size_t len;
	size_t cap;   /* 0 while data points at the shared empty string */
};

extern char sbuf_empty[];
#define SBUF_INIT { sbuf_empty, 0, 0 }

void sbuf_init(struct sbuf *sb);
void sbuf_release(struct sbuf *sb);
/* Empties sb but keeps its capacity for the next use. */
void sbuf_reset(struct sbuf *sb);
void sbuf_grow(struct sbuf *sb, size_t extra);
void sbuf_put(struct sbuf *sb, const void *p, size_t n);
void sbuf_puts(struct sbuf *sb, const char *s);

/* One byte: inline, as it is called for most bytes of the output (a
 * call per byte was 3% of a build); the room is made out of line. */
void sbuf_putc_grow(struct sbuf *sb, char c);
static inline void
sbuf_putc(struct sbuf *sb, char c)
{
	if (sb->len + 1 < sb->cap) {
		sb->data[sb->len++] = c;
		sb->data[sb->len] = '\0';
		return;
	}
	sbuf_putc_grow(sb, c);
}

void sbuf_putspan(struct sbuf *sb, struct span s);
/* Appends n in decimal: sbuf_putf's "%ld" without printf's cost, for
 * writers of many numbers (a QR code's drawing holds thousands). */
void sbuf_putlong(struct sbuf *sb, long n);
/* Appends n in decimal, with zeros before it to width digits (at most
 * 20): "%0*" PRIu64 without printf's cost. */
void sbuf_putu64(struct sbuf *sb, uint64_t n, size_t width);
void sbuf_putf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* sbuf_putf with the arguments in ap (which it uses up). */
void sbuf_vputf(struct sbuf *sb, const char *fmt, va_list ap);
/* Takes ownership of the buffer; sb is left empty and reusable.
 * Caller frees with free(). */
char *sbuf_detach(struct sbuf *sb, size_t *len_out);
struct span sbuf_span(const struct sbuf *sb);

#endif
