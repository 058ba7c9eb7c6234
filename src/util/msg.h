/*
 * msg.h - the message catalogues: the text of every diagnostic and of
 * the other lines ocop prints, in each language it speaks.
 *
 * Messages are written in English at the call site (checked by the
 * compiler as printf formats); a catalogue gives, for the English
 * format, the same message in its language, reading the same arguments
 * with the same conversions, as gettext would.  The catalogues are data,
 * one file per language (messages/<code>.po), compiled into the binary
 * by tools/msgcat.c; adding a language is adding a file.  English has a
 * file without entries: its texts are the formats themselves.
 * Everything here is static and read-only.
 */
#ifndef OCOP_MSG_H
#define OCOP_MSG_H

#include <stdarg.h>
#include <stddef.h>

struct arena;
struct sbuf;

struct msg_entry {
	const char *id, *str;        /* English format, and the translation */
};

struct msg_lang {
	const char *code;            /* "vi": the catalogue's file name */
	const char *plural;          /* ending of a count other than one */
	const struct msg_entry *v;   /* sorted by id (strcmp) */
	size_t n;
};

/* Generated from messages/ (build/gen/messages.c), in file-name order. */
extern const struct msg_lang msg_langs[];
extern const size_t msg_nlangs;

/* The language of messages when neither --lang nor site.yaml names one
 * that has a catalogue: ocop's users are Vietnamese. */
#define MSG_DEFAULT_LANG "vi"

/* The catalogue of the language code, or NULL when there is none.
 * Borrowed (static). */
const struct msg_lang *msg_lang_find(const char *code);

/* The language to speak: asked's catalogue, else site's (the catalog's
 * language), else MSG_DEFAULT_LANG's; either code may be NULL.  NULL
 * (English) only when not even the default has a catalogue. */
const struct msg_lang *msg_lang_pick(const char *asked, const char *site);

/* Appends the codes of every catalogue, the default first, between
 * sep, with last before the last one: "vi or en", "vi|en". */
void msg_lang_list(struct sbuf *sb, const char *sep, const char *last);

/* Borrowed (static): the text of English format id in l, or NULL when
 * l has none (English, or a message not translated yet). */
const char *msg_find(const struct msg_lang *l, const char *id);

/* The text of id in l, or id itself when l has none; l may be NULL
 * (English).  Borrowed: as long as id. */
const char *msg_get(const struct msg_lang *l, const char *id);

/* Appends fmt in l, formatted with the arguments. */
void msg_putf(struct sbuf *sb, const struct msg_lang *l, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void msg_vputf(struct sbuf *sb, const struct msg_lang *l, const char *fmt,
	       va_list ap);

/* fmt in l, formatted, as a string in arena a. */
const char *msg_printf(struct arena *a, const struct msg_lang *l,
		       const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The plural ending after a count of n things in l's text of a
 * message: l's X-Plural-Ending ("s" in English, "" in Vietnamese) when
 * n is not one, "" for one thing. */
const char *msg_plural(const struct msg_lang *l, size_t n);

#endif
