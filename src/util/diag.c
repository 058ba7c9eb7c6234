#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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

static void
add(struct diag_list *dl, struct pos at, enum diag_level level,
    const char *code, const char *fmt, va_list ap)
{
	void *v = dl->v;
	xgrow(&v, &dl->cap, dl->n + 1, sizeof(*dl->v));
	dl->v = v;
	struct diag *d = &dl->v[dl->n++];
	d->at = at;
	d->level = level;
	d->code = code;
	d->msg = vformat(fmt, ap);
	d->hint = NULL;
	d->seq = dl->n - 1;
	if (level == DIAG_ERROR)
		dl->errors++;
	else
		dl->warnings++;
}

int
diag_error(struct diag_list *dl, struct pos at, const char *code,
	   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(dl, at, DIAG_ERROR, code, fmt, ap);
	va_end(ap);
	return -1;
}

void
diag_warning(struct diag_list *dl, struct pos at, const char *code,
	     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	add(dl, at, DIAG_WARNING, code, fmt, ap);
	va_end(ap);
}

void
diag_hint(struct diag_list *dl, const char *fmt, ...)
{
	if (!dl->n)
		return;
	struct diag *d = &dl->v[dl->n - 1];
	va_list ap;
	va_start(ap, fmt);
	free(d->hint);
	d->hint = vformat(fmt, ap);
	va_end(ap);
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

void
diag_print(const struct diag_list *dl, FILE *f)
{
	for (size_t i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->v[i];
		const char *lvl = d->level == DIAG_ERROR ? "error" : "warning";
		if (d->at.path && d->at.line)
			fprintf(f, "%s:%u:%u: %s: %s [%s]\n", d->at.path,
				d->at.line, d->at.col ? d->at.col : 1, lvl,
				d->msg, d->code);
		else if (d->at.path)
			fprintf(f, "%s: %s: %s [%s]\n", d->at.path, lvl,
				d->msg, d->code);
		else
			fprintf(f, "ocop: %s: %s [%s]\n", lvl, d->msg, d->code);
		if (d->hint)
			fprintf(f, "  hint: %s\n", d->hint);
	}
}

void
diag_list_release(struct diag_list *dl)
{
	for (size_t i = 0; i < dl->n; i++) {
		free(dl->v[i].msg);
		free(dl->v[i].hint);
	}
	free(dl->v);
	*dl = (struct diag_list)DIAG_LIST_INIT;
}
