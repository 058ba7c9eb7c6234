#include "val.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../util/xalloc.h"
#include "../util/banned.h"

static struct val *
val_new(struct arena *a, enum val_kind kind)
{
	struct val *v = arena_new(a, struct val);
	v->kind = kind;
	return v;
}

struct val *
val_null(struct arena *a)
{
	return val_new(a, VAL_NULL);
}

struct val *
val_bool(struct arena *a, bool b)
{
	struct val *v = val_new(a, VAL_BOOL);
	v->b = b;
	return v;
}

struct val *
val_num(struct arena *a, double d)
{
	struct val *v = val_new(a, VAL_NUM);
	v->num = d;
	return v;
}

struct val *
val_strn(struct arena *a, const char *s, size_t len)
{
	if (!s)
		return val_null(a);
	struct val *v = val_new(a, VAL_STR);
	v->s = s;
	v->len = len;
	return v;
}

struct val *
val_str(struct arena *a, const char *s)
{
	return val_strn(a, s, s ? strlen(s) : 0);
}

struct val *
val_strf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return val_str(a, p);
}

struct val *
val_list(struct arena *a)
{
	return val_new(a, VAL_LIST);
}

struct val *
val_map(struct arena *a)
{
	return val_new(a, VAL_MAP);
}

/* Arena arrays cannot grow in place: double and copy, so the waste stays
 * under half of what is in use. */
static void *
grow(struct arena *a, void *old, size_t n, size_t *cap, size_t elem)
{
	if (n < *cap)
		return old;
	size_t ncap = *cap ? xmul(*cap, 2) : 8;
	void *p = arena_array(a, ncap, elem);
	if (n)
		memcpy(p, old, xmul(n, elem));
	*cap = ncap;
	return p;
}

struct val *
val_push(struct arena *a, struct val *list, struct val *v)
{
	list->items = grow(a, list->items, list->n, &list->cap,
			   sizeof(*list->items));
	list->items[list->n++] = v;
	return v;
}

struct val *
val_set(struct arena *a, struct val *m, const char *key, struct val *v)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->pairs[i].key, key) == 0) {
			m->pairs[i].v = v;
			return v;
		}
	m->pairs = grow(a, m->pairs, m->n, &m->cap, sizeof(*m->pairs));
	m->pairs[m->n].key = key;
	m->pairs[m->n].v = v;
	m->n++;
	return v;
}

void
val_set_str(struct arena *a, struct val *m, const char *key, const char *s)
{
	val_set(a, m, key, val_str(a, s));
}

void
val_set_bool(struct arena *a, struct val *m, const char *key, bool b)
{
	val_set(a, m, key, val_bool(a, b));
}

void
val_set_num(struct arena *a, struct val *m, const char *key, double d)
{
	val_set(a, m, key, val_num(a, d));
}

const struct val *
val_getn(const struct val *m, const char *key, size_t len)
{
	if (!m || m->kind != VAL_MAP)
		return NULL;
	/* Not strncmp: a key[] holding a NUL would compare equal to a
	 * shorter stored key, and reading its [len] would overrun it. */
	for (size_t i = 0; i < m->n; i++) {
		const char *k = m->pairs[i].key;
		size_t j = 0;
		while (j < len && k[j] && k[j] == key[j])
			j++;
		if (j == len && k[len] == '\0')
			return m->pairs[i].v;
	}
	return NULL;
}

const struct val *
val_get(const struct val *m, const char *key)
{
	return val_getn(m, key, strlen(key));
}

bool
val_truthy(const struct val *v)
{
	if (!v)
		return false;
	switch (v->kind) {
	case VAL_NULL:
		return false;
	case VAL_BOOL:
		return v->b;
	case VAL_STR:
		return v->len > 0;
	case VAL_LIST:
		return v->n > 0;
	case VAL_NUM:
	case VAL_MAP:
		return true;
	}
	return false;
}
