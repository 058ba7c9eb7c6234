/*
 * msg.c - looking messages up in the catalogues.  The tables themselves
 * are data (messages/<code>.po), turned into C by tools/msgcat.c at build
 * time, each sorted by its English format, so a lookup is a binary
 * search: a large catalog files tens of thousands of warnings, and each
 * is formatted in every language when filed (diag.c).
 */
#include "msg.h"

#include <string.h>

#include "arena.h"
#include "sbuf.h"
#include "banned.h"

const struct msg_lang *
msg_lang_find(const char *code)
{
	for (size_t i = 0; code && i < msg_nlangs; i++)
		if (!strcmp(msg_langs[i].code, code))
			return &msg_langs[i];
	return NULL;
}

const struct msg_lang *
msg_lang_pick(const char *asked, const char *site)
{
	const struct msg_lang *l = msg_lang_find(asked);
	if (!l)
		l = msg_lang_find(site);
	return l ? l : msg_lang_find(MSG_DEFAULT_LANG);
}

void
msg_lang_list(struct sbuf *sb, const char *sep, const char *last)
{
	const struct msg_lang *def = msg_lang_find(MSG_DEFAULT_LANG);
	size_t k = 0;
	if (def) {
		sbuf_puts(sb, def->code);
		k++;
	}
	for (size_t i = 0; i < msg_nlangs; i++) {
		if (&msg_langs[i] == def)
			continue;
		if (k++)
			sbuf_puts(sb, k == msg_nlangs ? last : sep);
		sbuf_puts(sb, msg_langs[i].code);
	}
}

const char *
msg_find(const struct msg_lang *l, const char *id)
{
	size_t lo = 0, hi = l ? l->n : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, l->v[mid].id);
		if (!c)
			return l->v[mid].str;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *
msg_get(const struct msg_lang *l, const char *id)
{
	const char *s = msg_find(l, id);
	return s ? s : id;
}

void
msg_vputf(struct sbuf *sb, const struct msg_lang *l, const char *fmt,
	  va_list ap)
{
	sbuf_vputf(sb, msg_get(l, fmt), ap);
}

void
msg_putf(struct sbuf *sb, const struct msg_lang *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	msg_vputf(sb, l, fmt, ap);
	va_end(ap);
}

const char *
msg_printf(struct arena *a, const struct msg_lang *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *s = arena_vprintf(a, msg_get(l, fmt), ap);
	va_end(ap);
	return s;
}

const char *
msg_plural(const struct msg_lang *l, size_t n)
{
	return n == 1 ? "" : l ? l->plural : "s";
}
