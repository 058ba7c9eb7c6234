#include "diag.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "sbuf.h"
#include "xalloc.h"
#include "banned.h"

static char *
vformat(const char *fmt, va_list ap)
{
	struct sbuf sb = SBUF_INIT;
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n > 0) {
		sbuf_grow(&sb, (size_t)n);
		vsnprintf(sb.data, (size_t)n + 1, fmt, ap);
		sb.len = (size_t)n;
	}
	return sbuf_detach(&sb, NULL);
}

/* Formats fmt in English and in Vietnamese (when translated). */
static void
format_both(const char *fmt, va_list ap, char **en, char **vi)
{
	va_list ap2;
	va_copy(ap2, ap);
	*en = vformat(fmt, ap);
	const char *vfmt = msg_vi(fmt);
	*vi = vfmt ? vformat(vfmt, ap2) : xstrdup(*en);
	va_end(ap2);
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
	d->level = level;
	d->code = code;
	d->seq = dl->n - 1;
	if (level == DIAG_ERROR)
		dl->errors++;
	else
		dl->warnings++;
	return d;
}

int
diag_error(struct diag_list *dl, struct pos at, const char *code,
	   const char *fmt, ...)
{
	struct diag *d = add(dl, at, DIAG_ERROR, code);
	va_list ap;
	va_start(ap, fmt);
	format_both(fmt, ap, &d->msg, &d->msg_vi);
	va_end(ap);
	return -1;
}

void
diag_warning(struct diag_list *dl, struct pos at, const char *code,
	     const char *fmt, ...)
{
	struct diag *d = add(dl, at, DIAG_WARNING, code);
	va_list ap;
	va_start(ap, fmt);
	format_both(fmt, ap, &d->msg, &d->msg_vi);
	va_end(ap);
}

void
diag_hint(struct diag_list *dl, const char *fmt, ...)
{
	if (!dl->n)
		return;
	struct diag *d = &dl->v[dl->n - 1];
	free(d->hint);
	free(d->hint_vi);
	va_list ap;
	va_start(ap, fmt);
	format_both(fmt, ap, &d->hint, &d->hint_vi);
	va_end(ap);
}

void
diag_copy(struct diag_list *dl, const struct diag *src)
{
	struct diag *d = add(dl, src->at, src->level, src->code);
	d->msg = xstrdup(src->msg);
	d->msg_vi = xstrdup(src->msg_vi);
	if (src->hint) {
		d->hint = xstrdup(src->hint);
		d->hint_vi = xstrdup(src->hint_vi);
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

const char *
diag_msg(const struct diag *d, enum diag_lang lang)
{
	return lang == DIAG_VI && d->msg_vi ? d->msg_vi : d->msg;
}

const char *
diag_hint_text(const struct diag *d, enum diag_lang lang)
{
	return lang == DIAG_VI && d->hint_vi ? d->hint_vi : d->hint;
}

void
diag_print(const struct diag_list *dl, FILE *f, enum diag_lang lang)
{
	/* "error"/"warning" stay English: editors and CI look for them */
	for (size_t i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->v[i];
		const char *lvl = d->level == DIAG_ERROR ? "error" : "warning";
		const char *msg = diag_msg(d, lang);
		if (d->at.path && d->at.line)
			fprintf(f, "%s:%u:%u: %s: %s [%s]\n", d->at.path,
				d->at.line, d->at.col ? d->at.col : 1, lvl,
				msg, d->code);
		else if (d->at.path)
			fprintf(f, "%s: %s: %s [%s]\n", d->at.path, lvl, msg,
				d->code);
		else
			fprintf(f, "ocop: %s: %s [%s]\n", lvl, msg, d->code);
		if (d->hint)
			fprintf(f, "  %s: %s\n", lang == DIAG_VI ? "gợi ý" : "hint",
				diag_hint_text(d, lang));
	}
}

void
diag_print_json(const struct diag_list *dl, FILE *f, enum diag_lang lang)
{
	json_object *arr = json_object_new_array();
	for (size_t i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->v[i];
		json_object *o = json_object_new_object();
		json_object_object_add(o, "file", d->at.path
				       ? json_object_new_string(d->at.path) : NULL);
		json_object_object_add(o, "line", json_object_new_int((int)d->at.line));
		json_object_object_add(o, "column", json_object_new_int(
			(int)(d->at.line && !d->at.col ? 1 : d->at.col)));
		json_object_object_add(o, "severity", json_object_new_string(
			d->level == DIAG_ERROR ? "error" : "warning"));
		json_object_object_add(o, "code", json_object_new_string(d->code));
		json_object_object_add(o, "message",
				       json_object_new_string(diag_msg(d, lang)));
		json_object_object_add(o, "hint", d->hint
				       ? json_object_new_string(diag_hint_text(d, lang))
				       : NULL);
		json_object_array_add(arr, o);
	}
	fputs(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY |
					     JSON_C_TO_STRING_SPACED |
					     JSON_C_TO_STRING_NOSLASHESCAPE), f);
	fputc('\n', f);
	json_object_put(arr);
}

void
diag_list_release(struct diag_list *dl)
{
	for (size_t i = 0; i < dl->n; i++) {
		free(dl->v[i].msg);
		free(dl->v[i].hint);
		free(dl->v[i].msg_vi);
		free(dl->v[i].hint_vi);
	}
	free(dl->v);
	*dl = (struct diag_list)DIAG_LIST_INIT;
}
