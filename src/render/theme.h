/*
 * theme.h - the files of the site's theme, layered: a file the catalog
 * has under themes/<name>/ wins over the built-in default theme's file
 * at the same path, so a DARD overrides one template, one string file or
 * one asset without copying the rest.
 *
 * Also turns the theme's UI strings (i18n/<lang>.yaml) into view data,
 * with keys missing in a language filled from the default language, and
 * names product subgroups from those strings and site.yaml together.
 * Everything lives in the arena given to theme_open().
 */
#ifndef OCOP_THEME_H
#define OCOP_THEME_H

#include "../load/source.h"
#include "../model/catalog.h"
#include "../model/model.h"
#include "../parse/fm.h"
#include "../util/arena.h"
#include "../util/diag.h"
#include "../util/span.h"
#include "tpl.h"
#include "val.h"

struct theme_file {
	const char *path;        /* relative to the theme folder */
	struct span data;
	const char *origin;      /* "themes/<name>/..." or "(built-in)/..." */
};

struct theme {
	const char *name;
	struct theme_file *files; /* merged, sorted by path */
	size_t n;
	struct val *strings[MODEL_MAX_LANGS];   /* t, per language index */
	struct tpl_env *tpl;
};

/* Builds the layered file list and reads every language's strings.
 * Returns 0, or -1 after filing diags (theme not found, bad YAML). */
int theme_open(struct theme *t, const struct site *site,
	       const struct source_set *src, struct arena *a,
	       struct diag_list *dl);
void theme_close(struct theme *t);

/* Parses every template of the theme (templates/<name>.mustache) so that
 * syntax errors are found before any page is rendered.  Returns 0, or -1
 * after filing diags. */
int theme_check(struct theme *t);

/* Borrowed: the file at path (relative to the theme), or NULL. */
const struct theme_file *theme_find(const struct theme *t, const char *path);

/* A string of the language (dotted key "status.valid"), or the key
 * itself when the theme lacks it, so a missing string shows, not
 * crashes. */
const char *theme_string(const struct theme *t, int lang, const char *key);

/*
 * The form of the string under key for the number n.  A string may be
 * plain, for every number, or its plural forms { one: "1 product",
 * other: "{n} products" }: "one" for 1 (when given), "other" for any
 * other number.  The key itself when the theme lacks it, as
 * theme_string().
 */
const char *theme_plural(const struct theme *t, int lang, const char *key,
			 long n);

/*
 * Borrowed: the name of a product subgroup (its slug) in language lang,
 * and in *name_lang the language the name is in.  site.yaml's name in
 * lang wins over the theme's (i18n subgroups.<slug>); without either,
 * the name in the default language, then in any other language, is
 * used.  NULL when neither site.yaml nor the theme names it: pages then
 * show the slug.
 */
const char *theme_subgroup_name(const struct theme *t, const struct site *site,
				int lang, const char *slug, int *name_lang);

/* Warns at the subgroup of each published product whose subgroup has
 * no name at all (theme_subgroup_name()).  Hints live in a. */
void theme_check_subgroups(const struct theme *t, const struct catalog *c,
			   struct arena *a, struct diag_list *dl);

/* Converts a YAML tree into view data (scalars become strings). */
const struct val *theme_yaml_to_val(struct arena *a, const struct fm_node *n);

#endif
