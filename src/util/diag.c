/*
 * diag.c - the diag list: filing (each message formatted in English
 * and, through msg.h's catalogues, in every other language), sorting by file, line and column
 * (filing order breaking ties, as qsort is not stable), and printing as
 * GNU-style lines or JSON.  Printing cleans every string first: a file
 * name or a quoted value cannot drive the terminal or forge a line.
 * Also the other lines the commands print (summaries, notices), through
 * the same catalogues.
 */
#include "diag.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "sbuf.h"
#include "utf8.h"
#include "xalloc.h"
#include "banned.h"

static char *
vformat(const char *fmt, va_list ap)
{
	struct sbuf sb = SBUF_INIT;
	sbuf_vputf(&sb, fmt, ap);
	return sbuf_detach(&sb, NULL);
}

/* Formats fmt into d's message (which 0) or hint (which 1): in English,
 * and into d->tr[2 * i + which] in each language i that translates it. */
static void
format_all(struct diag *d, size_t which, const char *fmt, va_list ap)
{
	for (size_t i = 0; i < msg_nlangs; i++) {
		const char *t = msg_find(&msg_langs[i], fmt);
		if (!t)
			continue;
		if (!d->tr)
			d->tr = xcalloc(2 * msg_nlangs, sizeof(*d->tr));
		va_list ap2;
		va_copy(ap2, ap);
		d->tr[2 * i + which] = vformat(t, ap2);
		va_end(ap2);
	}
	*(which ? &d->hint : &d->msg) = vformat(fmt, ap);
}

static struct diag *
add(struct diag_list *dl, struct pos at, enum diag_level level,
    const char *code)
{
	void *v = dl->v;
	xgrow(&v, &dl->cap, dl->n + 1, sizeof(*dl->v));
	dl->v = v;
	struct diag *d = &dl->v[dl->n++];
	memset(d, 0, sizeof(*d));
	d->at = at;
	if (at.path)
		d->at.path = d->path_copy = xstrdup(at.path);
	d->level = level;
	d->code = code;
	d->seq = dl->n - 1;
	if (level == DIAG_ERROR)
		dl->errors++;
	else
		dl->warnings++;
	return d;
}

/* The body of diag_error() and diag_warning(), which differ only in
 * the level they file: a new diag, its message formatted from the
 * variable arguments after fmt. */
#define FILE_DIAG(level)                                               \
	do {                                                           \
		va_list ap;                                            \
		va_start(ap, fmt);                                     \
		format_all(add(dl, at, (level), code), 0, fmt, ap);    \
		va_end(ap);                                            \
	} while (0)

int
diag_error(struct diag_list *dl, struct pos at, const char *code,
	   const char *fmt, ...)
{
	FILE_DIAG(DIAG_ERROR);
	return -1;
}

void
diag_warning(struct diag_list *dl, struct pos at, const char *code,
	     const char *fmt, ...)
{
	FILE_DIAG(DIAG_WARNING);
}

void
diag_hint(struct diag_list *dl, const char *fmt, ...)
{
	if (!dl->n)
		return;
	struct diag *d = &dl->v[dl->n - 1];
	free(d->hint);
	for (size_t i = 0; d->tr && i < msg_nlangs; i++) {
		free(d->tr[2 * i + 1]);
		d->tr[2 * i + 1] = NULL;
	}
	va_list ap;
	va_start(ap, fmt);
	format_all(d, 1, fmt, ap);
	va_end(ap);
}

void
diag_copy(struct diag_list *dl, const struct diag *src)
{
	struct diag *d = add(dl, src->at, src->level, src->code);
	d->msg = xstrdup(src->msg);
	if (src->hint)
		d->hint = xstrdup(src->hint);
	if (src->tr) {
		d->tr = xcalloc(2 * msg_nlangs, sizeof(*d->tr));
		for (size_t i = 0; i < 2 * msg_nlangs; i++)
			if (src->tr[i])
				d->tr[i] = xstrdup(src->tr[i]);
	}
}

void
diag_strict(struct diag_list *dl)
{
	for (size_t i = 0; i < dl->n; i++)
		if (dl->v[i].level == DIAG_WARNING) {
			dl->v[i].level = DIAG_ERROR;
			dl->warnings--;
			dl->errors++;
		}
}

static void
diag_free(struct diag *d)
{
	free(d->msg);
	free(d->hint);
	for (size_t i = 0; d->tr && i < 2 * msg_nlangs; i++)
		free(d->tr[i]);
	free(d->tr);
	free(d->path_copy);
}

size_t
diag_error_files(const struct diag_list *dl)
{
	size_t n = 0;
	const char *last = NULL;
	for (size_t i = 0; i < dl->n; i++) {
		const char *p = dl->v[i].at.path;
		if (dl->v[i].level != DIAG_ERROR || !p)
			continue;
		n += !last || strcmp(last, p);
		last = p;
	}
	return n;
}

void
diag_keep_errors(struct diag_list *dl)
{
	size_t k = 0;
	for (size_t i = 0; i < dl->n; i++) {
		if (dl->v[i].level == DIAG_ERROR)
			dl->v[k++] = dl->v[i];
		else
			diag_free(&dl->v[i]);
	}
	dl->n = k;
	dl->warnings = 0;
}

static int
cmp_diag(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	int c = strcmp(x->at.path ? x->at.path : "", y->at.path ? y->at.path : "");
	if (c)
		return c;
	if (x->at.line != y->at.line)
		return x->at.line < y->at.line ? -1 : 1;
	if (x->at.col != y->at.col)
		return x->at.col < y->at.col ? -1 : 1;
	/* qsort is not stable: equal positions keep filing order by seq */
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
diag_sort(struct diag_list *dl)
{
	if (dl->n > 1)
		qsort(dl->v, dl->n, sizeof(*dl->v), cmp_diag);
}

/* d's text [which]: 0 the message, 1 the hint, in lang. */
static const char *
text_in(const struct diag *d, size_t which, const struct msg_lang *lang)
{
	const char *en = which ? d->hint : d->msg;
	if (!lang || !d->tr || !en)
		return en;
	const char *t = d->tr[2 * (size_t)(lang - msg_langs) + which];
	return t ? t : en;
}

const char *
diag_msg(const struct diag *d, const struct msg_lang *lang)
{
	return text_in(d, 0, lang);
}

const char *
diag_hint_text(const struct diag *d, const struct msg_lang *lang)
{
	return text_in(d, 1, lang);
}

void
diag_say(FILE *f, const struct msg_lang *lang, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *line = vformat(msg_get(lang, fmt), ap);
	va_end(ap);
	/* one call, so that an unbuffered stderr gets the line in one write */
	fprintf(f, "%s\n", line);
	free(line);
}

/* Whether code point c must not reach a terminal raw: C0 and C1
 * controls, DEL, and the marks that reorder or hide text (bidi
 * embeddings, overrides and isolates, line and paragraph separators),
 * with which a file name could forge or disguise a diagnostic line. */
static bool
is_hidden_control(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x200E ||
	       c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
	       (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029;
}

/*
 * Appends s to out, made safe to show: for a terminal (json false)
 * hidden controls become \n, \t, \r, \xNN or \u{NNNN} and invalid
 * bytes \xNN; for JSON (json true) invalid bytes become U+FFFD and
 * controls are left to the JSON writer, which escapes them.
 */
static void
put_clean(struct sbuf *out, const char *s, bool json)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);
	while (len) {
		uint32_t c;
		int n = utf8_next(p, len, &c);
		if (n < 0) {
			if (json)
				sbuf_puts(out, "\xEF\xBF\xBD");
			else
				sbuf_putf(out, "\\x%02x", *p);
			p++;
			len--;
			continue;
		}
		if (!json && is_hidden_control(c)) {
			if (c == '\n')
				sbuf_puts(out, "\\n");
			else if (c == '\t')
				sbuf_puts(out, "\\t");
			else if (c == '\r')
				sbuf_puts(out, "\\r");
			else if (c < 0x80)
				sbuf_putf(out, "\\x%02x", (unsigned)c);
			else
				sbuf_putf(out, "\\u{%04x}", (unsigned)c);
		} else {
			sbuf_put(out, p, (size_t)n);
		}
		p += n;
		len -= (size_t)n;
	}
}

/* s made safe to show, in buf (reset first). */
static const char *
clean(struct sbuf *buf, const char *s, bool json)
{
	sbuf_reset(buf);
	put_clean(buf, s, json);
	return buf->data;
}

/* The severities and the hint's label, in the catalogues. */
static const char *const level_word[] = {
	[DIAG_WARNING] = DIAG_FORMAT("warning"),
	[DIAG_ERROR] = DIAG_FORMAT("error"),
};

void
diag_print(const struct diag_list *dl, FILE *f, const struct msg_lang *lang)
{
	/* The severity in the reader's language ("lỗi", "cảnh báo"); the
	 * JSON output keeps the English codes for programs.  Lines are
	 * gathered and written 64 kB at a time: stderr is
	 * unbuffered, and a large catalog's warnings were one write(2)
	 * per piece of each line. */
	struct sbuf path = SBUF_INIT, text = SBUF_INIT, out = SBUF_INIT;
	for (size_t i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->v[i];
		const char *lvl = msg_get(lang, level_word[d->level]);
		const char *msg = clean(&text, diag_msg(d, lang), false);
		if (d->at.path && d->at.line)
			sbuf_putf(&out, "%s:%u:%u: %s: %s [%s]\n",
				  clean(&path, d->at.path, false), d->at.line,
				  d->at.col ? d->at.col : 1, lvl, msg, d->code);
		else if (d->at.path)
			sbuf_putf(&out, "%s: %s: %s [%s]\n",
				  clean(&path, d->at.path, false), lvl, msg,
				  d->code);
		else
			sbuf_putf(&out, "ocop: %s: %s [%s]\n", lvl, msg, d->code);
		if (d->hint)
			sbuf_putf(&out, "  %s: %s\n",
				  msg_get(lang, DIAG_FORMAT("hint")),
				  clean(&text, diag_hint_text(d, lang), false));
		if (out.len >= 64 * 1024 || i + 1 == dl->n) {
			fwrite(out.data, 1, out.len, f);
			sbuf_reset(&out);
		}
	}
	fflush(f);
	sbuf_release(&out);
	sbuf_release(&path);
	sbuf_release(&text);
}

/* A JSON string of s with invalid UTF-8 replaced, or NULL for NULL. */
static json_object *
json_text(struct sbuf *buf, const char *s)
{
	return s ? json_object_new_string(clean(buf, s, true)) : NULL;
}

void
diag_print_json(const struct diag_list *dl, FILE *f,
		const struct msg_lang *lang)
{
	struct sbuf buf = SBUF_INIT;
	json_object *arr = json_object_new_array();
	for (size_t i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->v[i];
		json_object *o = json_object_new_object();
		json_object_object_add(o, "file", json_text(&buf, d->at.path));
		json_object_object_add(o, "line", json_object_new_int((int)d->at.line));
		json_object_object_add(o, "column", json_object_new_int(
			(int)(d->at.line && !d->at.col ? 1 : d->at.col)));
		json_object_object_add(o, "severity", json_object_new_string(
			d->level == DIAG_ERROR ? "error" : "warning"));
		json_object_object_add(o, "code", json_object_new_string(d->code));
		json_object_object_add(o, "message",
				       json_text(&buf, diag_msg(d, lang)));
		json_object_object_add(o, "hint", json_text(&buf,
				       diag_hint_text(d, lang)));
		json_object_array_add(arr, o);
	}
	fputs(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY |
					     JSON_C_TO_STRING_SPACED |
					     JSON_C_TO_STRING_NOSLASHESCAPE), f);
	fputc('\n', f);
	json_object_put(arr);
	sbuf_release(&buf);
}

void
diag_list_release(struct diag_list *dl)
{
	for (size_t i = 0; i < dl->n; i++)
		diag_free(&dl->v[i]);
	free(dl->v);
	*dl = (struct diag_list)DIAG_LIST_INIT;
}
