#include "theme.h"

#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "../parse/fm.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

static int
cmp_file(const void *x, const void *y)
{
	const struct theme_file *a = x, *b = y;
	return strcmp(a->path, b->path);
}

const struct theme_file *
theme_find(const struct theme *t, const char *path)
{
	struct theme_file key = { .path = path };
	return bsearch(&key, t->files, t->n, sizeof(*t->files), cmp_file);
}

static int
load_template(void *payload, const char *name, struct span *src,
	      const char **path)
{
	const struct theme *t = payload;
	char buf[256];
	int n = snprintf(buf, sizeof(buf), "templates/%s.mustache", name);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return -1;
	const struct theme_file *f = theme_find(t, buf);
	if (!f)
		return -1;
	*src = f->data;
	*path = f->origin;
	return 0;
}

struct val *
theme_yaml_to_val(struct arena *a, const struct fm_node *n)
{
	if (!n)
		return val_null(a);
	switch (n->kind) {
	case FM_SCALAR:
		return val_strn(a, n->str, n->len);
	case FM_SEQ: {
		struct val *l = val_list(a);
		for (size_t i = 0; i < n->n; i++)
			val_push(a, l, theme_yaml_to_val(a, n->items[i]));
		return l;
	}
	case FM_MAP: {
		struct val *m = val_map(a);
		for (size_t i = 0; i < n->n; i++)
			val_set(a, m, n->pairs[i].key->str,
				theme_yaml_to_val(a, n->pairs[i].value));
		return m;
	}
	}
	return val_null(a);
}

/* Fills keys of dst missing from it with src's, recursively. */
static void
fill_missing(struct arena *a, struct val *dst, const struct val *src)
{
	if (src->kind != VAL_MAP || dst->kind != VAL_MAP)
		return;
	for (size_t i = 0; i < src->n; i++) {
		const struct val_pair *p = &src->pairs[i];
		struct val *have = (struct val *)val_get(dst, p->key);
		if (!have)
			val_set(a, dst, p->key, p->v);
		else if (have->kind == VAL_MAP && p->v->kind == VAL_MAP)
			fill_missing(a, have, p->v);
	}
}

static const struct embedded_file *
embedded_find(const char *path)
{
	for (size_t i = 0; i < theme_default_count; i++)
		if (!strcmp(theme_default_files[i].path, path))
			return &theme_default_files[i];
	return NULL;
}

/* The strings of one i18n file as view data; an empty map when the file
 * is missing or broken (its diags are filed). */
static struct val *
strings_of(const struct theme_file *f, struct arena *a, struct diag_list *dl)
{
	struct fm_node *root = NULL;
	if (!f || fm_parse_yaml(&root, f->origin, f->data, a, dl) < 0 || !root ||
	    root->kind != FM_MAP)
		return val_map(a);
	return theme_yaml_to_val(a, root);
}

int
theme_open(struct theme *t, const struct site *site,
	   const struct source_set *src, struct arena *a, struct diag_list *dl)
{
	memset(t, 0, sizeof(*t));
	t->name = site->theme;
	const char *prefix = arena_printf(a, "themes/%s/", site->theme);
	size_t plen = strlen(prefix);
	size_t cap = theme_default_count;
	for (size_t i = 0; i < src->n; i++)
		if (!strncmp(src->v[i].path, prefix, plen))
			cap++;
	struct theme_file *files = arena_array(a, cap + 1, sizeof(*files));
	size_t n = 0, own = 0;
	/* catalog files first: after a stable merge they win on equal paths */
	for (size_t i = 0; i < src->n; i++) {
		const struct source *s = &src->v[i];
		if (strncmp(s->path, prefix, plen) || s->is_symlink)
			continue;
		files[n++] = (struct theme_file){ s->path + plen, s->data, s->path };
		own++;
	}
	if (!own && strcmp(site->theme, "default")) {
		diag_error(dl, site->theme_at, "theme",
			   "theme \"%s\" not found: there is no themes/%s/ folder",
			   site->theme, site->theme);
		diag_hint(dl, "delete the line theme to use the built-in theme, or commit the folder themes/%s/",
			  site->theme);
		return -1;
	}
	for (size_t i = 0; i < theme_default_count; i++) {
		const struct embedded_file *e = &theme_default_files[i];
		struct theme_file f = {
			e->path,
			{ (const char *)e->data, e->len },
			arena_printf(a, "(built-in theme)/%s", e->path),
		};
		bool overridden = false;
		for (size_t k = 0; k < own && !overridden; k++)
			overridden = !strcmp(files[k].path, e->path);
		if (!overridden)
			files[n++] = f;
	}
	qsort(files, n, sizeof(*files), cmp_file);
	t->files = files;
	t->n = n;

	size_t errors = dl->errors;
	for (size_t k = 0; k < site->n_languages; k++) {
		const char *p = arena_printf(a, "i18n/%s.yaml", site->languages[k]);
		const struct theme_file *f = theme_find(t, p);
		const struct embedded_file *builtin = embedded_find(p);
		if (!f) {
			diag_warning(dl, site->theme_at, "theme",
				     "theme \"%s\" has no strings for language \"%s\" (i18n/%s.yaml): using %s",
				     t->name, site->languages[k], site->languages[k],
				     site->languages[0]);
		}
		t->strings[k] = strings_of(f, a, dl);
		/* A catalog's string file may hold only the strings it
		 * changes: the rest come from the built-in file, then from
		 * the default language. */
		if (builtin && f && f->data.p != (const char *)builtin->data) {
			struct theme_file b = {
				p, { (const char *)builtin->data, builtin->len },
				arena_printf(a, "(built-in theme)/%s", p),
			};
			fill_missing(a, t->strings[k], strings_of(&b, a, dl));
		}
		if (k)
			fill_missing(a, t->strings[k], t->strings[0]);
	}
	if (dl->errors > errors)
		return -1;
	t->tpl = tpl_env_new(load_template, t, dl);
	return 0;
}

int
theme_check(struct theme *t)
{
	int err = 0;
	if (!t->tpl)
		return -1;
	for (size_t i = 0; i < t->n; i++) {
		const char *p = t->files[i].path;
		size_t n = strlen(p), ext = strlen(".mustache");
		if (strncmp(p, "templates/", 10) || n <= 10 + ext ||
		    strcmp(p + n - ext, ".mustache"))
			continue;
		char name[256];
		if (n - 10 - ext >= sizeof(name))
			continue;
		memcpy(name, p + 10, n - 10 - ext);
		name[n - 10 - ext] = '\0';
		if (tpl_compile(t->tpl, name) < 0)
			err = -1;
	}
	return err;
}

void
theme_close(struct theme *t)
{
	if (t->tpl)
		tpl_env_free(t->tpl);
	t->tpl = NULL;
}

const char *
theme_string(const struct theme *t, int lang, const char *key)
{
	const struct val *v = t->strings[lang];
	const char *k = key;
	while (v && *k) {
		size_t n = strcspn(k, ".");
		v = val_getn(v, k, n);
		k += n;
		if (*k == '.')
			k++;
	}
	return v && v->kind == VAL_STR ? v->s : key;
}
