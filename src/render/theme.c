/*
 * theme.c - opens the site's theme: the catalog's files under
 * themes/<name>/ merged over the built-in default theme (embedded.h),
 * sorted by path for binary search, and each language's UI strings
 * read as view data.  A catalog's string file may hold only what it
 * changes: the missing keys come from the built-in file, then from the
 * default language, so a translation may be partial.
 */
#include "theme.h"

#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "../model/read.h"
#include "../model/site.h"
#include "../parse/fm.h"
#include "../util/strmap.h"
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

static struct val *
map_to_val(struct arena *a, const struct fm_node *n)
{
	struct val *m = val_map(a);
	for (size_t i = 0; i < n->n; i++)
		val_set(a, m, n->pairs[i].key->str,
			theme_yaml_to_val(a, n->pairs[i].value));
	return m;
}

const struct val *
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
	case FM_MAP:
		return map_to_val(a, n);
	}
	return val_null(a);
}

/* Whether v is a string's plural forms: a mapping of "one" and
 * "other" (see theme_plural()). */
static bool
is_plural(const struct val *v)
{
	if (v->kind != VAL_MAP || !val_get(v, "other"))
		return false;
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->pairs[i].key, "one") &&
		    strcmp(v->pairs[i].key, "other"))
			return false;
	return true;
}

/* Fills keys of dst missing from it with src's, recursively.  Plural
 * forms are one string: a language's {other} never gets the "one" of
 * another language or file.  A map inside dst is filled in a copy that
 * replaces it: values are never written once made (val.h), and src's
 * maps are shared into dst, not copied. */
static void
fill_missing(struct arena *a, struct val *dst, const struct val *src)
{
	if (src->kind != VAL_MAP || dst->kind != VAL_MAP || is_plural(dst))
		return;
	for (size_t i = 0; i < src->n; i++) {
		const struct val_pair *p = &src->pairs[i];
		const struct val *have = val_get(dst, p->key);
		if (!have) {
			val_set(a, dst, p->key, p->v);
		} else if (have->kind == VAL_MAP && p->v->kind == VAL_MAP &&
			   !is_plural(p->v)) {
			struct val *copy = val_map(a);
			for (size_t k = 0; k < have->n; k++)
				val_set(a, copy, have->pairs[k].key,
					have->pairs[k].v);
			fill_missing(a, copy, p->v);
			val_set(a, dst, p->key, copy);
		}
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
	return map_to_val(a, root);
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

/* Borrowed: the value under a dotted key in the language's strings, or
 * NULL. */
static const struct val *
lookup(const struct theme *t, int lang, const char *key)
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
	return v;
}

const char *
theme_string(const struct theme *t, int lang, const char *key)
{
	const struct val *v = lookup(t, lang, key);
	return v && v->kind == VAL_STR ? v->s : key;
}

const char *
theme_plural(const struct theme *t, int lang, const char *key, long n)
{
	const struct val *v = lookup(t, lang, key);
	if (v && v->kind == VAL_MAP && is_plural(v)) {
		const struct val *one = val_get(v, "one");
		v = n == 1 && one ? one : val_get(v, "other");
	}
	return v && v->kind == VAL_STR ? v->s : key;
}

/* Borrowed: the name the theme's strings of language k give the
 * subgroup, or NULL; a name filled in from the default language's
 * strings (theme_open()) is that language's, not k's. */
static const char *
theme_own_subgroup(const struct theme *t, int k, const char *slug)
{
	const struct val *own = val_get(t->strings[k], "subgroups");
	const struct val *v = val_get(own, slug);
	if (!v || v->kind != VAL_STR)
		return NULL;
	if (k && v == val_get(val_get(t->strings[0], "subgroups"), slug))
		return NULL;
	return v->s;
}

const char *
theme_subgroup_name(const struct theme *t, const struct site *site, int lang,
		    const char *slug, int *name_lang)
{
	const struct subgroup_names *own = site_subgroup(site, slug);
	/* lang first, then the default language, then the others */
	for (int i = -1; i < (int)site->n_languages; i++) {
		int k = i < 0 ? lang : i;
		if (i == lang)
			continue;
		const char *name = own ? own->name[k] : NULL;
		if (!name)
			name = theme_own_subgroup(t, k, slug);
		if (name) {
			*name_lang = k;
			return name;
		}
	}
	return NULL;
}

/* The subgroup slugs the site or the theme names, for "did you mean". */
static const char **
named_subgroups(const struct theme *t, const struct site *site,
		struct arena *a, size_t *n_out)
{
	size_t n = site->n_subgroups;
	for (size_t k = 0; k < site->n_languages; k++) {
		const struct val *m = val_get(t->strings[k], "subgroups");
		n += m && m->kind == VAL_MAP ? m->n : 0;
	}
	const char **v = arena_array(a, n + 1, sizeof(*v));
	n = 0;
	for (size_t i = 0; i < site->n_subgroups; i++)
		v[n++] = site->subgroups[i].slug;
	for (size_t k = 0; k < site->n_languages; k++) {
		const struct val *m = val_get(t->strings[k], "subgroups");
		for (size_t i = 0; m && m->kind == VAL_MAP && i < m->n; i++)
			v[n++] = m->pairs[i].key;
	}
	*n_out = n;
	return v;
}

/* The named subgroup at most 2 edits from slug (the closest), or "". */
static const char *
closest_subgroup(const char *slug, const char *const *known, size_t n)
{
	const char *best = "";
	size_t best_d = 3;
	for (size_t i = 0; i < n; i++) {
		size_t d = read_distance_within(slug, known[i], 2);
		if (d < best_d) {
			best_d = d;
			best = known[i];
		}
	}
	return best;
}

void
theme_check_subgroups(const struct theme *t, const struct catalog *c,
		      struct arena *a, struct diag_list *dl)
{
	const struct site *site = c->site;
	const char **known = NULL;
	size_t n_known = 0;
	const char *names = "";    /* vi: "...", en: "..." for the hint */
	/* slug -> its hint: many products share one unnamed subgroup */
	struct strmap closest = STRMAP_INIT;
	for (size_t i = 0; i < c->n_products; i++) {
		const struct product *p = c->products[i];
		int in;
		if (p->e.broken || !p->subgroup ||
		    theme_subgroup_name(t, site, 0, p->subgroup, &in))
			continue;
		diag_warning(dl, p->subgroup_at, "unnamed-subgroup",
			     "subgroup \"%s\" has no name in site.yaml or the theme: pages show it as written",
			     p->subgroup);
		if (!known) {
			known = named_subgroups(t, site, a, &n_known);
			for (size_t k = 0; k < site->n_languages; k++)
				names = arena_printf(a, "%s%s%s: \"...\"",
						     names, k ? ", " : "",
						     site->languages[k]);
		}
		const char *best = strmap_get(&closest, p->subgroup);
		if (!best) {
			best = closest_subgroup(p->subgroup, known, n_known);
			strmap_add(&closest, p->subgroup, best, NULL);
		}
		if (*best) {
			diag_hint(dl, "did you mean \"%s\"?", best);
			continue;
		}
		diag_hint(dl, "add its name to site.yaml, as in subgroups: { %s: { %s } }",
			  p->subgroup, names);
	}
	strmap_release(&closest);
}
