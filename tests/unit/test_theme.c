/*
 * test_theme.c - the layered theme (render/theme.h): the built-in
 * default theme, a catalog's files overriding it one by one, a theme
 * that is not there, the UI strings filled from the built-in file and
 * the default language, plural forms, template syntax checked up
 * front, and the names of product subgroups.
 *
 * Catalogs are literal files (struct fixture_files): site.yaml and
 * whatever themes/<name>/ holds, so nothing touches git or the disk.
 * The built-in theme is the one compiled into every binary
 * (themes/default/), so expected built-in strings are read from its
 * files' text here, never written out a second time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "model/catalog.h"
#include "model/site.h"
#include "render/embedded.h"
#include "render/theme.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/banned.h"

#define AS_OF "2026-03-05"

/* The start of every site.yaml here: lines 1 and 2. */
#define SITE "title: T\nbase_url: https://ocop.test/\n"

struct fixture {
	struct fixture_core core;
	struct fixture_files files;
	struct site site;
	struct theme theme;
	bool opened;
};

static int
setup(void **state)
{
	return fixture_setup(state, sizeof(struct fixture));
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	if (f->opened)
		theme_close(&f->theme);
	fixture_free(f);
	return 0;
}

static void
add(struct fixture *f, const char *path, const char *text)
{
	fixture_add_file(&f->files, &f->core.arena, path, text);
}

/* Reads site_yaml (which must be clean) and opens the theme with the
 * files added so far; returns what theme_open() returned. */
static int
open_theme(struct fixture *f, const char *site_yaml)
{
	add(f, "site.yaml", site_yaml);
	assert_int_equal(site_read(&f->site, &f->files.set, &f->core.arena,
				   &f->core.diags), 0);
	fixture_assert_diag_count(&f->core.diags, 0);
	int rc = theme_open(&f->theme, &f->site, &f->files.set,
			    &f->core.arena, &f->core.diags);
	f->opened = true;
	return rc;
}

/* The built-in file at path (relative to themes/default/). */
static const struct embedded_file *
builtin(const char *path)
{
	for (size_t i = 0; i < theme_default_count; i++)
		if (!strcmp(theme_default_files[i].path, path))
			return &theme_default_files[i];
	fail_msg("no built-in file \"%s\"", path);
	return NULL;
}

static void
test_theme_builtin_alone(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(open_theme(f, SITE), 0);
	fixture_assert_diag_count(&f->core.diags, 0);

	assert_string_equal(f->theme.name, "default");
	assert_int_equal(f->theme.n, theme_default_count);
	for (size_t i = 0; i < f->theme.n; i++) {
		const struct theme_file *t = &f->theme.files[i];
		if (i)  /* sorted, for theme_find()'s bisection */
			assert_true(strcmp(f->theme.files[i - 1].path,
					   t->path) < 0);
		const struct embedded_file *e = builtin(t->path);
		assert_ptr_equal(t->data.p, e->data);
		assert_int_equal(t->data.len, e->len);
		assert_string_equal(t->origin, arena_printf(&f->core.arena,
				    "(built-in theme)/%s", t->path));
	}
	const struct theme_file *card = theme_find(&f->theme,
						   "templates/card.mustache");
	assert_non_null(card);
	assert_ptr_equal(card->data.p, builtin("templates/card.mustache")->data);
	assert_null(theme_find(&f->theme, "templates/card"));
	assert_null(theme_find(&f->theme, "templates/nope.mustache"));
	assert_null(theme_find(&f->theme, ""));
	assert_int_equal(theme_check(&f->theme), 0);
	fixture_assert_diag_count(&f->core.diags, 0);
}

/* One file of the catalog replaces the built-in file at its path; a
 * new one is added; the rest stay built in; a symlink counts for
 * nothing; files of another theme's folder are not looked at. */
static void
test_theme_catalog_file_overrides_one(void **state)
{
	struct fixture *f = *state;
	add(f, "themes/default/templates/card.mustache", "CARD {{name}}\n");
	add(f, "themes/default/static/extra.css", "p{}\n");
	add(f, "themes/default/templates/product.mustache", "/etc/passwd");
	f->files.v[f->files.set.n - 1].is_symlink = true;
	add(f, "themes/other/templates/home.mustache", "OTHER\n");
	assert_int_equal(open_theme(f, SITE), 0);
	fixture_assert_diag_count(&f->core.diags, 0);

	assert_int_equal(f->theme.n, theme_default_count + 1);
	const struct theme_file *card = theme_find(&f->theme,
						   "templates/card.mustache");
	assert_non_null(card);
	assert_string_equal(card->data.p, "CARD {{name}}\n");
	assert_string_equal(card->origin,
			    "themes/default/templates/card.mustache");
	const struct theme_file *extra = theme_find(&f->theme,
						    "static/extra.css");
	assert_non_null(extra);
	assert_string_equal(extra->origin, "themes/default/static/extra.css");
	const struct theme_file *product =
		theme_find(&f->theme, "templates/product.mustache");
	assert_ptr_equal(product->data.p,
			 builtin("templates/product.mustache")->data);
	assert_string_equal(product->origin,
			    "(built-in theme)/templates/product.mustache");
	assert_ptr_equal(theme_find(&f->theme, "templates/home.mustache")->data.p,
			 builtin("templates/home.mustache")->data);
}

/* theme: names a folder of the catalog, whose files win over the
 * built-in ones, which still fill in the rest. */
static void
test_theme_named_theme(void **state)
{
	struct fixture *f = *state;
	add(f, "themes/tinh/templates/home.mustache", "HOME\n");
	add(f, "themes/default/templates/home.mustache", "NOT MINE\n");
	assert_int_equal(open_theme(f, SITE "theme: tinh\n"), 0);
	fixture_assert_diag_count(&f->core.diags, 0);

	assert_string_equal(f->theme.name, "tinh");
	assert_int_equal(f->theme.n, theme_default_count);
	const struct theme_file *home = theme_find(&f->theme,
						   "templates/home.mustache");
	assert_string_equal(home->data.p, "HOME\n");
	assert_string_equal(home->origin, "themes/tinh/templates/home.mustache");
	assert_string_equal(theme_find(&f->theme, "templates/card.mustache")->origin,
			    "(built-in theme)/templates/card.mustache");
}

static void
test_theme_not_found(void **state)
{
	struct fixture *f = *state;
	add(f, "themes/tinh/templates/home.mustache", "HOME\n");
	assert_int_equal(open_theme(f, SITE "theme: tihn\n"), -1);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, "site.yaml", 3, 8,
		"theme", "theme \"tihn\" not found: there is no themes/tihn/ folder",
		"delete the line theme to use the built-in theme, or commit the folder themes/tihn/");
}

/* A catalog's string file may hold one string: the others come from the
 * built-in file of that language. */
static void
test_theme_strings_one_overridden(void **state)
{
	struct fixture *f = *state;
	add(f, "themes/default/i18n/vi.yaml", "status:\n  valid: \"Hiệu lực\"\n");
	assert_int_equal(open_theme(f, SITE "languages: [vi, en]\n"), 0);
	fixture_assert_diag_count(&f->core.diags, 0);

	assert_string_equal(theme_string(&f->theme, 0, "status.valid"),
			    "Hiệu lực");
	const char *vi = (const char *)builtin("i18n/vi.yaml")->data;
	assert_non_null(strstr(vi, "  revoked: \"Đã thu hồi\"\n"));
	assert_string_equal(theme_string(&f->theme, 0, "status.revoked"),
			    "Đã thu hồi");
	const char *en = (const char *)builtin("i18n/en.yaml")->data;
	assert_non_null(strstr(en, "  valid: \"Valid\"\n"));
	assert_string_equal(theme_string(&f->theme, 1, "status.valid"),
			    "Valid");
}

/* A key a language lacks, in its file and the built-in one, comes
 * from the default language; a key no language has is shown as the
 * key itself; a key naming a mapping is no string either. */
static void
test_theme_strings_fall_back(void **state)
{
	struct fixture *f = *state;
	add(f, "themes/default/i18n/vi.yaml",
	    "only_vi: \"Chỉ tiếng Việt\"\nnested:\n  a: \"A vi\"\n  b: \"B vi\"\n");
	add(f, "themes/default/i18n/en.yaml", "nested:\n  a: \"A en\"\n");
	assert_int_equal(open_theme(f, SITE "languages: [vi, en]\n"), 0);
	fixture_assert_diag_count(&f->core.diags, 0);

	assert_string_equal(theme_string(&f->theme, 1, "only_vi"),
			    "Chỉ tiếng Việt");
	assert_string_equal(theme_string(&f->theme, 1, "nested.a"), "A en");
	assert_string_equal(theme_string(&f->theme, 1, "nested.b"), "B vi");
	assert_string_equal(theme_string(&f->theme, 0, "nested.a"), "A vi");
	assert_string_equal(theme_string(&f->theme, 1, "no.such.key"),
			    "no.such.key");
	assert_string_equal(theme_string(&f->theme, 0, "nested"), "nested");
	assert_string_equal(theme_string(&f->theme, 0, "nested.a.deeper"),
			    "nested.a.deeper");
}

/* A language with no string file at all: a warning, and the default
 * language's strings. */
static void
test_theme_language_without_strings(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(open_theme(f, SITE "languages: [vi, fr]\n"), 0);
	fixture_assert_only_diag(&f->core.diags, DIAG_WARNING, "site.yaml", 0, 0,
		"theme", "theme \"default\" has no strings for language \"fr\" (i18n/fr.yaml): using vi",
		NULL);
	assert_string_equal(theme_string(&f->theme, 1, "status.revoked"),
			    "Đã thu hồi");
}

static void
test_theme_strings_bad_yaml(void **state)
{
	struct fixture *f = *state;
	add(f, "themes/default/i18n/vi.yaml", "status: [unclosed\n");
	assert_int_equal(open_theme(f, SITE), -1);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
		"themes/default/i18n/vi.yaml", 2, 1, "yaml",
		"yaml: did not find expected ',' or ']' (while parsing a flow sequence at line 1, column 9)",
		fixture_any);
	assert_null(f->theme.tpl);     /* nothing to render with */
}

/* Plural forms: "one" for 1 only, "other" for every other number; a
 * plain string for every number; a language's own {other} without a
 * "one" never borrows another file's "one". */
static void
test_theme_plural(void **state)
{
	struct fixture *f = *state;
	add(f, "themes/default/i18n/en.yaml",
	    "apples: { one: \"{n} apple\", other: \"{n} apples\" }\n"
	    "sheep: \"{n} sheep\"\n"
	    "count_format: { other: \"{n} items\" }\n");
	assert_int_equal(open_theme(f, SITE "languages: [vi, en]\n"), 0);
	fixture_assert_diag_count(&f->core.diags, 0);

	assert_string_equal(theme_plural(&f->theme, 1, "apples", 1), "{n} apple");
	assert_string_equal(theme_plural(&f->theme, 1, "apples", 0), "{n} apples");
	assert_string_equal(theme_plural(&f->theme, 1, "apples", 2), "{n} apples");
	assert_string_equal(theme_plural(&f->theme, 1, "apples", -1), "{n} apples");
	assert_string_equal(theme_plural(&f->theme, 1, "sheep", 1), "{n} sheep");
	assert_string_equal(theme_plural(&f->theme, 1, "sheep", 7), "{n} sheep");
	assert_string_equal(theme_plural(&f->theme, 1, "count_format", 1),
			    "{n} items");
	assert_string_equal(theme_plural(&f->theme, 1, "nope", 1), "nope");
	/* a plural mapping is no plain string */
	assert_string_equal(theme_string(&f->theme, 1, "apples"), "apples");
}

/* theme_check() compiles every template before any page is rendered,
 * and names the broken one. */
static void
test_theme_check_finds_a_broken_template(void **state)
{
	struct fixture *f = *state;
	add(f, "themes/default/templates/card.mustache", "<p>{{#name}}</p>\n");
	assert_int_equal(open_theme(f, SITE), 0);
	fixture_assert_diag_count(&f->core.diags, 0);

	assert_int_equal(theme_check(&f->theme), -1);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
		"themes/default/templates/card.mustache", 1, 4, "template",
		"unclosed section \"name\"", fixture_any);
}

/* site.yaml's name of a subgroup wins over the theme's; a language
 * without a name takes the default language's, and says so; a subgroup
 * nobody names has none. */
static void
test_theme_subgroup_names(void **state)
{
	struct fixture *f = *state;
	add(f, "themes/default/i18n/vi.yaml",
	    "subgroups:\n  keo: \"Kẹo\"\n  mut: \"Mứt\"\n");
	add(f, "themes/default/i18n/en.yaml", "subgroups:\n  keo: \"Candy\"\n");
	assert_int_equal(open_theme(f, SITE "languages: [vi, en]\n"
				    "subgroups:\n  keo: { vi: Kẹo cu đơ }\n"), 0);
	fixture_assert_diag_count(&f->core.diags, 0);

	int in = -1;
	assert_string_equal(theme_subgroup_name(&f->theme, &f->site, 0, "keo",
						&in), "Kẹo cu đơ");
	assert_int_equal(in, 0);
	assert_string_equal(theme_subgroup_name(&f->theme, &f->site, 1, "keo",
						&in), "Candy");
	assert_int_equal(in, 1);
	assert_string_equal(theme_subgroup_name(&f->theme, &f->site, 1, "mut",
						&in), "Mứt");
	assert_int_equal(in, 0);
	in = -1;
	assert_null(theme_subgroup_name(&f->theme, &f->site, 1, "khong-ai",
					&in));
	assert_int_equal(in, -1);
}

/* A published product in a subgroup nobody names: a warning at its
 * subgroup line, with the closest named subgroup as the hint. */
static void
test_theme_check_subgroups_warns(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	add(f, "themes/default/i18n/vi.yaml", "subgroups:\n  keo-lac: \"Kẹo lạc\"\n");
	add(f, "content/producers/htx-a.md", fixture_producer_md(a, "HTX A", ""));
	add(f, "content/products/keo.md",
	    "---\nname: Kẹo\nstars: 3\ngroup: thuc-pham\nsubgroup: keo-lak\n"
	    "producer: htx-a\nlocation: { province: Hà Tĩnh, commune: Thạch Kim }\n"
	    "certificate: { number: 1/QĐ-UBND, issued: 2024-06-12 }\n"
	    "points_of_sale: []\n---\n");
	add(f, "site.yaml", SITE);
	struct catalog cat;
	assert_int_equal(fixture_load_catalog(&cat, &f->site, &f->files.set,
					      AS_OF, &f->core), 0);
	assert_int_equal(theme_open(&f->theme, &f->site, &f->files.set, a,
				    &f->core.diags), 0);
	f->opened = true;
	fixture_assert_diag_count(&f->core.diags, 0);

	theme_check_subgroups(&f->theme, &cat, a, &f->core.diags);
	fixture_assert_only_diag(&f->core.diags, DIAG_WARNING,
		"content/products/keo.md", 5, 11, "unnamed-subgroup",
		"subgroup \"keo-lak\" has no name in site.yaml or the theme: pages show it as written",
		"did you mean \"keo-lac\"?");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_theme_builtin_alone),
		T(test_theme_catalog_file_overrides_one),
		T(test_theme_named_theme),
		T(test_theme_not_found),
		T(test_theme_strings_one_overridden),
		T(test_theme_strings_fall_back),
		T(test_theme_language_without_strings),
		T(test_theme_strings_bad_yaml),
		T(test_theme_plural),
		T(test_theme_check_finds_a_broken_template),
		T(test_theme_subgroup_names),
		T(test_theme_check_subgroups_warns),
#undef T
	};
	return cmocka_run_group_tests_name("theme", tests, NULL, NULL);
}
