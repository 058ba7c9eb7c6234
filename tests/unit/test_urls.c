/*
 * test_urls.c - where every kind of page lives (plan/urls.c): one
 * function per kind of URL, each relative to the language home and
 * ending in '/' (files: their name); place names folded to slugs, "-"
 * for one that folds to nothing; a decision's slug read as cited,
 * inert and short whatever its number and issuer say; list pages,
 * language prefixes, the open data, embeds and labels; and every
 * top-level folder these functions spell reserved, and nothing else.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "plan/urls.h"
#include "util/arena.h"
#include "util/banned.h"

struct fixture {
	struct fixture_core core;
};

static int
setup(void **state)
{
	return fixture_setup(state, sizeof(struct fixture));
}

/* Whether s is 1 or more runs of [a-z0-9] joined by single hyphens. */
static bool
is_slug(const char *s)
{
	if (!*s || *s == '-')
		return false;
	for (const char *p = s; *p; p++) {
		bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
		if (!alnum && (*p != '-' || p[1] == '-' || !p[1]))
			return false;
	}
	return true;
}

/* ---- decisions ---------------------------------------------------- */

static void
test_plan_decision_slug_reads_as_cited(void **state)
{
	struct arena *a = &((struct fixture *)*state)->core.arena;
	assert_string_equal(urls_decision_slug(a, "1887/QĐ-UBND",
			    "UBND tỉnh Hà Tĩnh", "2023-06-12"),
			    "1887-qd-ubnd-2023-06-12-ubnd-tinh-ha-tinh");
	assert_string_equal(urls_decision_slug(a, "1887/QĐ-UBND", NULL,
			    "2023-06-12"), "1887-qd-ubnd-2023-06-12");
	assert_string_equal(urls_decision(a, "x-2023-06-12"),
			    "decisions/x-2023-06-12/");
	/* the folder is the site's own: a free page may not take it */
	assert_true(urls_is_reserved("decisions"));
}

static void
test_plan_decision_slug_of_hostile_text(void **state)
{
	struct arena *a = &((struct fixture *)*state)->core.arena;
	const char *d = "2023-06-12";
	/* punctuation only: the date is left, never an empty slug */
	assert_string_equal(urls_decision_slug(a, "///", "", d), "2023-06-12");
	assert_string_equal(urls_decision_slug(a, "-", " . ", d), "2023-06-12");
	/* no way out of the folder, no markup */
	assert_string_equal(urls_decision_slug(a, "../../index", NULL, d),
			    "index-2023-06-12");
	assert_string_equal(urls_decision_slug(a, "<script>alert(1)</script>",
			    "\"><img src=x onerror=alert(2)>", d),
			    "script-alert-1-script-2023-06-12-img-src-x-onerror-alert-2");
	assert_string_equal(urls_decision_slug(a, "{n}/%s%n", NULL, d),
			    "n-s-n-2023-06-12");
	/* long texts are cut: a folder name stays short */
	char number[301], issuer[501];
	memset(number, 'x', 300);
	number[300] = '\0';
	for (int i = 0; i < 100; i++)
		memcpy(issuer + i * 5, "UBND ", 5);
	issuer[500] = '\0';
	const char *s = urls_decision_slug(a, number, issuer, d);
	assert_true(strlen(s) <= 40 + 1 + 10 + 1 + 60);
	assert_true(is_slug(s));
	assert_int_equal(strncmp(s, "xxxxxxxxxx", 10), 0);
	assert_non_null(strstr(s, "-2023-06-12-ubnd-ubnd"));
	const char *odd[] = { "", "/", "Đ", "QĐ/", "..", "1\t2", "\xE2\x80\x94" };
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		assert_true(is_slug(urls_decision_slug(a, odd[i], odd[i], d)));
		assert_true(is_slug(urls_decision_slug(a, odd[i], NULL, d)));
	}
}

/* ---- every other kind ----------------------------------------------- */

static void
test_urls_entries_and_lists(void **state)
{
	struct arena *a = &((struct fixture *)*state)->core.arena;
	assert_string_equal(urls_product(a, "buoi-phuc-trach"),
			    "products/buoi-phuc-trach/");
	assert_string_equal(urls_producer(a, "htx-a"), "producers/htx-a/");
	assert_string_equal(urls_pos(a, "cho-ha-tinh"),
			    "points-of-sale/cho-ha-tinh/");
	assert_string_equal(urls_page(a, "gioi-thieu"), "gioi-thieu/");
	assert_string_equal(urls_products(), "products/");
	assert_string_equal(urls_producers(), "producers/");
	assert_string_equal(urls_points_of_sale(), "points-of-sale/");
	assert_string_equal(urls_stars(a, 5), "stars/5/");
	assert_string_equal(urls_group(a, "thuc-pham"), "groups/thuc-pham/");
	assert_string_equal(urls_producer_type(a, "htx"),
			    "producer-types/htx/");
	assert_string_equal(urls_platform(a, "shopee"), "platforms/shopee/");
}

/* Place names fold to slugs without diacritics; a name that folds to
 * nothing is "-", never an empty folder name. */
static void
test_urls_places(void **state)
{
	struct arena *a = &((struct fixture *)*state)->core.arena;
	assert_string_equal(urls_place_slug(a, "Hương Khê"), "huong-khe");
	assert_string_equal(urls_place_slug(a, ""), "-");
	assert_string_equal(urls_place_slug(a, "東京"), "-");
	assert_string_equal(urls_province(a, "Hà Tĩnh"), "provinces/ha-tinh/");
	assert_string_equal(urls_commune(a, "Hà Tĩnh", "Phúc Trạch"),
			    "provinces/ha-tinh/communes/phuc-trach/");
	assert_string_equal(urls_district(a, "Hà Tĩnh", "Hương Khê"),
			    "provinces/ha-tinh/districts/huong-khe/");
	assert_string_equal(urls_commune(a, "…", "../.."),
			    "provinces/-/communes/-/");
	/* decomposed text folds as composed text does */
	assert_string_equal(urls_province(a, "Ha\xCC\x80 Ti\xCC\x83nh"),
			    "provinces/ha-tinh/");
}

/* Page 0 of a list is the list's own URL; page n is "page/<n+1>/"
 * under it.  The default language has no prefix. */
static void
test_urls_list_pages_and_languages(void **state)
{
	struct arena *a = &((struct fixture *)*state)->core.arena;
	const char *url = urls_stars(a, 4);
	assert_ptr_equal(urls_list_page(a, url, 0), url);
	assert_string_equal(urls_list_page(a, url, 1), "stars/4/page/2/");
	assert_string_equal(urls_list_page(a, "products/", 9),
			    "products/page/10/");
	assert_string_equal(urls_list_page(a, "", 1), "page/2/");
	assert_string_equal(urls_lang_prefix(a, "vi", 0), "");
	assert_string_equal(urls_lang_prefix(a, "en", 1), "en/");
	assert_string_equal(urls_lang_prefix(a, "fr", 2), "fr/");
}

/* Open data, embeds and labels: files by name, folders by '/'. */
static void
test_urls_data_embeds_and_labels(void **state)
{
	struct arena *a = &((struct fixture *)*state)->core.arena;
	assert_string_equal(urls_data(a, "catalog.json"), "api/v1/catalog.json");
	assert_string_equal(urls_product_data(a, "keo"),
			    "api/v1/products/keo.json");
	assert_string_equal(urls_data_page(), "data/");
	assert_string_equal(urls_embed_page(), "embed/");
	assert_string_equal(urls_embed_script(), "embed.js");
	assert_string_equal(urls_embed_data(a, "provinces/ha-tinh/"),
			    "embed/data/provinces/ha-tinh.json");
	assert_string_equal(urls_embed_data(a, "products/keo/"),
			    "embed/data/products/keo.json");
	assert_string_equal(urls_embed_data(a, "stars/4"),
			    "embed/data/stars/4.json");
	assert_string_equal(urls_oembed(a, "products/keo/"),
			    "products/keo/oembed.json");
	assert_string_equal(urls_product_qr(a, "keo"), "products/keo/qr.svg");
	assert_string_equal(urls_product_label(a, "keo"),
			    "products/keo/label/");
	assert_string_equal(urls_pos_labels(a, "cho"),
			    "points-of-sale/cho/labels/");
	assert_string_equal(urls_verify_page(), "verify/");
	assert_string_equal(urls_verify_keys(a, 17), "verify/keys/17.json");
	assert_string_equal(urls_verify_query(a, "1234/QĐ-UBND"),
			    "verify/?q=1234%2FQ%C4%90-UBND");
	assert_string_equal(urls_verify_query(a, "a b&c#d.e_f~g"),
			    "verify/?q=a%20b%26c%23d.e_f~g");
}

/* The first folder of what a URL function spells. */
static const char *
top(struct arena *a, const char *url)
{
	return arena_strndup(a, url, strcspn(url, "/"));
}

/* Every top-level folder the functions spell is reserved, so no free
 * page can take it; a page's own name, or a near miss, is not. */
static void
test_urls_reserved_folders(void **state)
{
	struct arena *a = &((struct fixture *)*state)->core.arena;
	const char *spelt[] = {
		urls_product(a, "x"), urls_producer(a, "x"), urls_pos(a, "x"),
		urls_products(), urls_producers(), urls_points_of_sale(),
		urls_stars(a, 3), urls_group(a, "x"),
		urls_producer_type(a, "x"), urls_platform(a, "x"),
		urls_province(a, "x"), urls_decision(a, "x"),
		urls_list_page(a, "", 1), urls_data(a, "x"),
		urls_data_page(), urls_embed_page(), urls_embed_data(a, "x/"),
		urls_product_qr(a, "x"), urls_pos_labels(a, "x"),
		urls_verify_page(), urls_verify_keys(a, 0),
		urls_verify_query(a, "x"),
	};
	for (size_t i = 0; i < sizeof(spelt) / sizeof(spelt[0]); i++)
		if (!urls_is_reserved(top(a, spelt[i])))
			fail_msg("\"%s\" of \"%s\" is not reserved",
				 top(a, spelt[i]), spelt[i]);
	assert_true(urls_is_reserved("assets"));
	static const char *const free_names[] = {
		"gioi-thieu", "", "product", "Products", "products/", "embeds",
		"api-v1", "x",
	};
	for (size_t i = 0; i < sizeof(free_names) / sizeof(free_names[0]); i++)
		assert_false(urls_is_reserved(free_names[i]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_plan_decision_slug_reads_as_cited),
		T(test_plan_decision_slug_of_hostile_text),
		T(test_urls_entries_and_lists),
		T(test_urls_places),
		T(test_urls_list_pages_and_languages),
		T(test_urls_data_embeds_and_labels),
		T(test_urls_reserved_folders),
#undef T
	};
	return cmocka_run_group_tests_name("urls", tests, NULL, NULL);
}
