/*
 * test_path.c - what a catalog path names (model/path.c): kind, slug,
 * language and bundle folder of an entry's file, and why a path is not
 * one.  Every case that catalog.c (the catalog's paths) and fmt.c (paths
 * on disk) rely on.  Paths are text only: nothing touches the disk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "model/path.h"
#include "util/arena.h"
#include "util/banned.h"

struct fixture {
	struct fixture_core core;
	struct site site;
};

static int
setup(void **state)
{
	if (fixture_setup(state, sizeof(struct fixture)) < 0)
		return -1;
	struct fixture *f = *state;
	f->site.language = "vi";
	f->site.languages[0] = "vi";
	f->site.languages[1] = "en";
	f->site.n_languages = 2;
	return 0;
}

/* What path_classify() should find for path: the class and the fields
 * it sets (NULL and 0 for those it leaves alone). */
struct want {
	const char *path;
	enum path_class class;
	enum entry_kind kind;
	const char *slug, *dir, *lang_code;
	int lang;
};

#define N_OF(v) (sizeof(v) / sizeof((v)[0]))

static bool
same_opt_string(const char *got, const char *want)
{
	return got && want ? !strcmp(got, want) : got == want;
}

/* Classifies every path of w with the fixture's languages (vi, en),
 * naming the path that gives something else. */
static void
assert_classes(struct fixture *f, const struct want *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct entry_path ep;
		enum path_class got = path_classify(&ep, w[i].path, &f->site,
						    &f->core.arena);
		if (got != w[i].class || ep.kind != w[i].kind ||
		    !same_opt_string(ep.slug, w[i].slug) ||
		    !same_opt_string(ep.dir, w[i].dir) ||
		    !same_opt_string(ep.lang_code, w[i].lang_code) ||
		    ep.lang != w[i].lang)
			fail_msg("\"%s\": class %d, kind %d, slug %s, dir %s, "
				 "code %s, lang %d", w[i].path, (int)got,
				 (int)ep.kind, ep.slug ? ep.slug : "NULL",
				 ep.dir ? ep.dir : "NULL",
				 ep.lang_code ? ep.lang_code : "NULL", ep.lang);
	}
}

static void
test_path_default_language_file(void **state)
{
	static const struct want w[] = {
		{ "content/products/keo-cu-do.md", PATH_ENTRY, ENTRY_PRODUCT,
		  "keo-cu-do", NULL, NULL, 0 },
		/* folders between the kind folder and the file mean nothing */
		{ "content/products/ha-tinh/huong-son/keo-cu-do.md", PATH_ENTRY,
		  ENTRY_PRODUCT, "keo-cu-do", NULL, NULL, 0 },
		{ "content/producers/htx-a.md", PATH_ENTRY, ENTRY_PRODUCER,
		  "htx-a", NULL, NULL, 0 },
		{ "content/points-of-sale/cho-ha-tinh.md", PATH_ENTRY, ENTRY_POS,
		  "cho-ha-tinh", NULL, NULL, 0 },
		{ "content/pages/gioi-thieu.md", PATH_ENTRY, ENTRY_PAGE,
		  "gioi-thieu", NULL, NULL, 0 },
	};
	assert_classes(*state, w, N_OF(w));
}

static void
test_path_translation_file(void **state)
{
	static const struct want w[] = {
		{ "content/products/keo-cu-do.en.md", PATH_ENTRY, ENTRY_PRODUCT,
		  "keo-cu-do", NULL, "en", 1 },
		{ "content/pages/gioi-thieu.en.md", PATH_ENTRY, ENTRY_PAGE,
		  "gioi-thieu", NULL, "en", 1 },
		/* the default language, named: the same entry as without it */
		{ "content/producers/htx-a.vi.md", PATH_ENTRY, ENTRY_PRODUCER,
		  "htx-a", NULL, "vi", 0 },
	};
	assert_classes(*state, w, N_OF(w));
}

static void
test_path_bundle(void **state)
{
	static const struct want w[] = {
		{ "content/products/keo-cu-do/index.md", PATH_ENTRY,
		  ENTRY_PRODUCT, "keo-cu-do", "content/products/keo-cu-do/",
		  NULL, 0 },
		{ "content/products/keo-cu-do/index.en.md", PATH_ENTRY,
		  ENTRY_PRODUCT, "keo-cu-do", "content/products/keo-cu-do/",
		  "en", 1 },
		{ "content/products/ha-tinh/keo-cu-do/index.md", PATH_ENTRY,
		  ENTRY_PRODUCT, "keo-cu-do",
		  "content/products/ha-tinh/keo-cu-do/", NULL, 0 },
		{ "content/points-of-sale/cho/index.md", PATH_ENTRY, ENTRY_POS,
		  "cho", "content/points-of-sale/cho/", NULL, 0 },
		/* only "index" itself makes a bundle */
		{ "content/products/keo/indexes.md", PATH_ENTRY, ENTRY_PRODUCT,
		  "indexes", NULL, NULL, 0 },
		{ "content/products/index-2.md", PATH_ENTRY, ENTRY_PRODUCT,
		  "index-2", NULL, NULL, 0 },
	};
	assert_classes(*state, w, N_OF(w));
}

static void
test_path_unknown_language(void **state)
{
	static const struct want w[] = {
		{ "content/products/keo.fr.md", PATH_BAD_LANG, ENTRY_PRODUCT,
		  "keo", NULL, "fr", -1 },
		{ "content/pages/keo/index.fr.md", PATH_BAD_LANG, ENTRY_PAGE,
		  "keo", "content/pages/keo/", "fr", -1 },
		/* split at the first dot: "b.en" is no language */
		{ "content/products/a.b.en.md", PATH_BAD_LANG, ENTRY_PRODUCT,
		  "a", NULL, "b.en", -1 },
		/* an empty code */
		{ "content/products/a/index..md", PATH_BAD_LANG, ENTRY_PRODUCT,
		  "a", "content/products/a/", "", -1 },
		{ "content/products/a..md", PATH_BAD_LANG, ENTRY_PRODUCT,
		  "a", NULL, "", -1 },
		/* the language is checked before the slug */
		{ "content/products/Keo.fr.md", PATH_BAD_LANG, ENTRY_PRODUCT,
		  "Keo", NULL, "fr", -1 },
	};
	assert_classes(*state, w, N_OF(w));
}

static void
test_path_bad_slug(void **state)
{
	static const struct want w[] = {
		{ "content/products/Keo Cu Do.md", PATH_BAD_SLUG, ENTRY_PRODUCT,
		  "Keo Cu Do", NULL, NULL, 0 },
		{ "content/products/Keo/index.en.md", PATH_BAD_SLUG,
		  ENTRY_PRODUCT, "Keo", "content/products/Keo/", "en", 1 },
		{ "content/products/.md", PATH_BAD_SLUG, ENTRY_PRODUCT, "",
		  NULL, NULL, 0 },
		{ "content/products/.en.md", PATH_BAD_SLUG, ENTRY_PRODUCT, "",
		  NULL, "en", 1 },
		{ "content/products/a--b.md", PATH_BAD_SLUG, ENTRY_PRODUCT,
		  "a--b", NULL, NULL, 0 },
	};
	assert_classes(*state, w, N_OF(w));
}

/* index.md right in a kind folder: no folder names the entry (and its
 * language is not looked at). */
static void
test_path_bare_index(void **state)
{
	static const struct want w[] = {
		{ "content/products/index.md", PATH_BARE_INDEX, ENTRY_PRODUCT,
		  NULL, NULL, NULL, 0 },
		{ "content/producers/index.en.md", PATH_BARE_INDEX,
		  ENTRY_PRODUCER, NULL, NULL, NULL, 0 },
		{ "content/pages/index.fr.md", PATH_BARE_INDEX, ENTRY_PAGE,
		  NULL, NULL, NULL, 0 },
	};
	assert_classes(*state, w, N_OF(w));
}

/* Markdown in content/ outside the kind folders, and everything that is
 * not Markdown in content/. */
static void
test_path_not_an_entry(void **state)
{
	static const struct want w[] = {
		{ "content/a.md", PATH_NO_KIND, ENTRY_KINDS, NULL, NULL, NULL, 0 },
		{ "content/product/a.md", PATH_NO_KIND, ENTRY_KINDS, NULL, NULL,
		  NULL, 0 },
		{ "content/news/2026/a.md", PATH_NO_KIND, ENTRY_KINDS, NULL,
		  NULL, NULL, 0 },
		{ "content/products.md", PATH_NO_KIND, ENTRY_KINDS, NULL, NULL,
		  NULL, 0 },
		{ "content/.md", PATH_NO_KIND, ENTRY_KINDS, NULL, NULL, NULL, 0 },
		{ "site.yaml", PATH_OTHER, ENTRY_KINDS, NULL, NULL, NULL, 0 },
		{ "README.md", PATH_OTHER, ENTRY_KINDS, NULL, NULL, NULL, 0 },
		{ "themes/x/content/products/a.md", PATH_OTHER, ENTRY_KINDS,
		  NULL, NULL, NULL, 0 },
		{ "mycontent/products/a.md", PATH_OTHER, ENTRY_KINDS, NULL,
		  NULL, NULL, 0 },
		{ "content/products/keo/anh.jpg", PATH_OTHER, ENTRY_KINDS, NULL,
		  NULL, NULL, 0 },
		{ "content/products/keo.md.txt", PATH_OTHER, ENTRY_KINDS, NULL,
		  NULL, NULL, 0 },
		{ "content/products/keo.MD", PATH_OTHER, ENTRY_KINDS, NULL, NULL,
		  NULL, 0 },
		{ "content/notes.txt", PATH_OTHER, ENTRY_KINDS, NULL, NULL, NULL,
		  0 },
	};
	assert_classes(*state, w, N_OF(w));
}

static void
test_path_kind(void **state)
{
	(void)state;
	assert_int_equal(path_kind("content/products/a.md"), ENTRY_PRODUCT);
	assert_int_equal(path_kind("content/products/a/anh.jpg"),
			 ENTRY_PRODUCT);
	assert_int_equal(path_kind("content/points-of-sale/x"), ENTRY_POS);
	assert_int_equal(path_kind("content/products/"), ENTRY_KINDS);
	assert_int_equal(path_kind("content/products"), ENTRY_KINDS);
	assert_int_equal(path_kind("./content/products/a.md"), ENTRY_KINDS);
	assert_int_equal(path_kind("content/a.md"), ENTRY_KINDS);
	for (enum entry_kind k = 0; k < ENTRY_KINDS; k++) {
		const char *dir = path_kind_dir(k);
		assert_int_equal(strncmp(dir, "content/", 8), 0);
		assert_int_equal(dir[strlen(dir) - 1], '/');
	}
	assert_string_equal(path_kind_dir(ENTRY_PRODUCER),
			    "content/producers/");
}

/* The kind of a file named on ocop fmt's command line. */
static void
test_path_kind_on_disk(void **state)
{
	(void)state;
	assert_int_equal(path_kind_on_disk("content/products/a.md"),
			 ENTRY_PRODUCT);
	assert_int_equal(path_kind_on_disk("content/products/ha-tinh/b/index.en.md"),
			 ENTRY_PRODUCT);
	assert_int_equal(path_kind_on_disk("/x/content/producers/a.md"),
			 ENTRY_PRODUCER);
	assert_int_equal(path_kind_on_disk("./content/points-of-sale/a.md"),
			 ENTRY_POS);
	assert_int_equal(path_kind_on_disk("content/pages/a.md"), ENTRY_PAGE);
	assert_int_equal(path_kind_on_disk("content/pages/a.txt"), ENTRY_PAGE);
	/* the last content/<kind>/ wins; a content/ that is no kind's does
	 * not undo an earlier one */
	assert_int_equal(path_kind_on_disk("/a/content/pages/content/products/x.md"),
			 ENTRY_PRODUCT);
	assert_int_equal(path_kind_on_disk("/a/content/pages/content/x.md"),
			 ENTRY_PAGE);
	assert_int_equal(path_kind_on_disk("mycontent/products/a.md"),
			 ENTRY_KINDS);
	assert_int_equal(path_kind_on_disk("/x/mycontent/products/a.md"),
			 ENTRY_KINDS);
	assert_int_equal(path_kind_on_disk("content/a.md"), ENTRY_KINDS);
	assert_int_equal(path_kind_on_disk("content/products/"), ENTRY_KINDS);
	assert_int_equal(path_kind_on_disk("README.md"), ENTRY_KINDS);
	assert_int_equal(path_kind_on_disk(""), ENTRY_KINDS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_path_default_language_file),
		T(test_path_translation_file),
		T(test_path_bundle),
		T(test_path_unknown_language),
		T(test_path_bad_slug),
		T(test_path_bare_index),
		T(test_path_not_an_entry),
		T(test_path_kind),
		T(test_path_kind_on_disk),
#undef T
	};
	return cmocka_run_group_tests_name("path", tests, NULL, NULL);
}
