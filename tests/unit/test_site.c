/*
 * test_site.c - site.yaml (model/site.c): every setting, defaults, errors.
 *
 * Seams are data: every test builds a struct source_set by hand from
 * literal files (sorted by path, as source_open() leaves it), so nothing
 * here touches git or the disk.  The build date is fixed (as_of), never
 * the clock.  Error paths assert the exact diag: line, column, code and
 * message (and the hint where there is one).
 *
 * The fixture and its helpers are model_fixture.h's, shared by the tests
 * of src/model/ that read entries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "model_fixture.h"
#include "model/catalog.h"
#include "model/date.h"
#include "model/entry.h"
#include "model/read.h"
#include "model/site.h"
#include "parse/fm.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/banned.h"



/* ---- site.yaml ------------------------------------------------------ */

static void
test_site_read_every_setting(void **state)
{
	struct fixture *f = *state;
	const struct site *s = &f->site;
	assert_string_equal(s->title, "Sản phẩm OCOP tỉnh Hà Tĩnh");
	assert_string_equal(s->base_url, "https://ocop.example.gov.vn/");
	assert_string_equal(s->language, "vi");
	assert_int_equal(s->n_languages, 2);
	assert_string_equal(s->languages[0], "vi");
	assert_string_equal(s->languages[1], "en");
	assert_string_equal(s->province, "Hà Tĩnh");
	assert_string_equal(s->theme, "default");
	assert_int_equal(s->certificate_months, 36);
	assert_int_equal(s->per_page, 12);
	assert_string_equal(s->path, "site.yaml");
	assert_int_equal(s->n_platforms, 4);
	const struct platform *tt = site_platform(s, "tiktok");
	assert_non_null(tt);
	assert_string_equal(tt->name, "TikTok Shop");
	assert_int_equal(tt->n_hosts, 2);
	assert_string_equal(tt->hosts[1], "vt.tiktok.com");
	assert_null(site_platform(s, "tiki"));    /* not in this site.yaml */
	assert_int_equal(site_lang_index(s, "vi"), 0);
	assert_int_equal(site_lang_index(s, "en"), 1);
	assert_int_equal(site_lang_index(s, "fr"), -1);
}

static const char BASE_URL_UNSET[] =
	"base_url is not set: the 404 page will link from the root of the web server (/), and its links break if the site is published in a sub-folder";
static const char BASE_URL_UNSET_HINT[] =
	"write the address the site is published at, as in base_url: https://ocop.hatinh.gov.vn/ or, in a sub-folder, https://snn.hatinh.gov.vn/ocop/ (the sitemap and canonical links need it too)";

static void
test_site_read_defaults(void **state)
{
	struct fixture *f = *state;
	struct source_set one = { 0 };
	struct source file = { .path = "site.yaml",
			       .data = span_from("title: OCOP\n") };
	one.v = &file;
	one.n = 1;
	struct site s;
	assert_int_equal(site_read(&s, &one, &f->core.arena, &f->core.diags),
			 0);
	/* without base_url, the 404 page cannot know the site's folder */
	fixture_assert_only_diag(&f->core.diags, DIAG_WARNING, "site.yaml", 1, 1,
				 "base-url", BASE_URL_UNSET, BASE_URL_UNSET_HINT);
	assert_string_equal(s.base_url, "/");
	assert_string_equal(s.base_path, "/");
	assert_string_equal(s.language, "vi");
	assert_int_equal(s.n_languages, 1);
	assert_string_equal(s.languages[0], "vi");
	assert_null(s.province);
	assert_string_equal(s.theme, "default");
	assert_int_equal(s.certificate_months, 36);
	assert_int_equal(s.per_page, 24);
	/* the contract's eight platforms */
	assert_int_equal(s.n_platforms, 8);
	static const char *const keys[] = { "shopee", "lazada", "tiki", "sendo",
		"tiktok", "postmart", "voso", "website" };
	for (size_t i = 0; i < 8; i++)
		assert_non_null(site_platform(&s, keys[i]));
	const struct platform *w = site_platform(&s, "website");
	assert_true(site_platform_has_host(w, "anything.example"));
}

static void
test_site_read_errors(void **state)
{
	struct fixture *f = *state;
	struct source_set one = { 0 };
	struct source file = { .path = "site.yaml",
			       .data = span_from("title: OCOP\n"
						 "language: en\n"
						 "languages: [vi, en]\n"
						 "certificate_months: 0\n"
						 "base_url: https://ocop.test/\n") };
	one.v = &file;
	one.n = 1;
	struct site s;
	assert_int_equal(site_read(&s, &one, &f->core.arena, &f->core.diags),
			 -1);
	assert_int_equal(f->core.diags.n, 2);
	const struct diag *d = &f->core.diags.v[0];
	assert_int_equal(d->at.line, 2);
	assert_int_equal(d->at.col, 11);
	assert_string_equal(d->code, "languages");
	assert_string_equal(d->msg, "language \"en\" must be the first of languages (vi)");
	d = &f->core.diags.v[1];
	assert_int_equal(d->at.line, 4);
	assert_int_equal(d->at.col, 21);
	assert_string_equal(d->code, "range");
	assert_string_equal(d->msg, "certificate_months must be between 1 and 240, found 0");

	/* no site.yaml at all */
	diag_list_release(&f->core.diags);
	struct source_set none = { 0 };
	assert_int_equal(site_read(&s, &none, &f->core.arena, &f->core.diags),
			 -1);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, "site.yaml", 0, 0,
				 "site",
				 "site.yaml not found: a catalog needs one at its top level",
				 "create site.yaml beside the content folder, with at least a line \"title: ...\"");
}

/* site_read() of a site.yaml holding text. */
static int
read_site_yaml(struct fixture *f, struct site *s, const char *text)
{
	struct source file = { .path = "site.yaml", .data = span_from(text) };
	struct source_set one = { .v = &file, .n = 1 };
	return site_read(s, &one, &f->core.arena, &f->core.diags);
}

static void
test_site_base_url(void **state)
{
	struct fixture *f = *state;
	struct site s;
	/* stored normalised, always ending with '/' */
	assert_int_equal(read_site_yaml(f, &s, "title: X\n"
					"base_url: HTTPS://OCOP.HaTinh.gov.vn\n"),
			 0);
	assert_string_equal(s.base_url, "https://ocop.hatinh.gov.vn/");
	assert_int_equal(read_site_yaml(f, &s, "title: X\n"
					"base_url: http://ocop.test:8080/sản-phẩm\n"),
			 0);
	assert_string_equal(s.base_url,
			    "http://ocop.test:8080/s%E1%BA%A3n-ph%E1%BA%A9m/");
	fixture_assert_diag_count(&f->core.diags, 0);

	static const struct {
		const char *value, *msg;
	} v[] = {
		{ "javascript:alert(document.domain)//",
		  "base_url must be a whole web address starting with https:// (or http://), found \"javascript:alert(document.domain)//\"" },
		{ "//evil.example/",
		  "base_url must be a whole web address starting with https:// (or http://), found \"//evil.example/\"" },
		{ "ocop.test/",
		  "base_url must be a whole web address starting with https:// (or http://), found \"ocop.test/\"" },
		{ "https://ocop.test/?x=1",
		  "base_url \"https://ocop.test/?x=1\" must not have a query (?) or a fragment (#)" },
		{ "https://ocop.test/#top",
		  "base_url \"https://ocop.test/#top\" must not have a query (?) or a fragment (#)" },
		{ "https://admin@ocop.test/",
		  "link \"https://admin@ocop.test/\" has a user name before \"@\": browsers would open the site written after the \"@\"" },
		{ "https:///x",
		  "link \"https:///x\" has no host name" },
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		diag_list_release(&f->core.diags);
		const char *yaml = arena_printf(&f->core.arena,
						"title: X\nbase_url: \"%s\"\n",
						v[i].value);
		assert_int_equal(read_site_yaml(f, &s, yaml), -1);
		fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, "site.yaml",
					 2, 11, "url", v[i].msg, fixture_any);
		/* the default stays: nothing hostile reaches a page */
		assert_string_equal(s.base_url, "/");
		assert_string_equal(s.base_path, "/");
	}
}

/* The 404 page links from base_url's path: kept apart, ending with
 * '/', percent-encoded as in base_url. */
static void
test_site_base_path(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *value, *url, *path;
	} v[] = {
		{ "https://example.gov.vn/ocop/", "https://example.gov.vn/ocop/", "/ocop/" },
		{ "https://example.gov.vn/ocop", "https://example.gov.vn/ocop/", "/ocop/" },
		{ "https://example.gov.vn", "https://example.gov.vn/", "/" },
		{ "http://[::1]:8080/a/b/", "http://[::1]:8080/a/b/", "/a/b/" },
		{ "https://example.gov.vn/sản-phẩm",
		  "https://example.gov.vn/s%E1%BA%A3n-ph%E1%BA%A9m/",
		  "/s%E1%BA%A3n-ph%E1%BA%A9m/" },
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct site s;
		const char *yaml = arena_printf(&f->core.arena,
						"title: X\nbase_url: \"%s\"\n",
						v[i].value);
		assert_int_equal(read_site_yaml(f, &s, yaml), 0);
		assert_string_equal(s.base_url, v[i].url);
		assert_string_equal(s.base_path, v[i].path);
	}
	fixture_assert_diag_count(&f->core.diags, 0);
}

/* base_url written without a value is not set: the warning names its
 * line. */
static void
test_site_base_url_empty_warns(void **state)
{
	struct fixture *f = *state;
	struct site s;
	assert_int_equal(read_site_yaml(f, &s, "title: X\nbase_url:\n"), 0);
	fixture_assert_only_diag(&f->core.diags, DIAG_WARNING, "site.yaml", 2, 10,
				 "base-url", BASE_URL_UNSET, BASE_URL_UNSET_HINT);
	assert_string_equal(s.base_path, "/");
}

static void
test_site_platform_hosts_checked(void **state)
{
	struct fixture *f = *state;
	struct site s;
	assert_int_equal(read_site_yaml(f, &s, "title: X\n"
		"platforms:\n"
		"  shopee: { name: Shopee, hosts: [Shopee.VN., nôngsản.vn] }\n"
		"base_url: https://ocop.test/\n"),
		0);
	const struct platform *p = site_platform(&s, "shopee");
	assert_non_null(p);
	assert_string_equal(p->hosts[0], "shopee.vn");
	assert_string_equal(p->hosts[1], "xn--nngsn-6ta0134c.vn");
	assert_true(site_platform_has_host(p, "mall.shopee.vn"));
	assert_true(site_platform_has_host(p, "xn--nngsn-6ta0134c.vn"));

	assert_int_equal(read_site_yaml(f, &s, "title: X\n"
		"platforms:\n"
		"  shopee: { name: Shopee, hosts: [shopee.vn, \"https://shopee.vn/\"] }\n"
		"base_url: https://ocop.test/\n"),
		-1);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, "site.yaml", 3, 46,
				 "platform",
				 "host \"https://shopee.vn/\" of platform \"shopee\" is not a host name",
				 "write only the host name of its shop links, as in shopee.vn: no https://, no / and no port");
	assert_null(site_platform(&s, "shopee"));
}

static void
test_site_subgroups(void **state)
{
	struct fixture *f = *state;
	struct site s;
	/* text: the default language's name; a mapping: by language */
	assert_int_equal(read_site_yaml(f, &s, "title: X\nbase_url: https://x.test/\n"
		"languages: [vi, en]\n"
		"subgroups:\n"
		"  rau-cu-qua-tuoi: Rau, củ, quả tươi\n"
		"  tinh-dau: { vi: Tinh dầu, en: Essential oils }\n"
		"  hoa: { en: Flowers }\n"), 0);
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_int_equal(s.n_subgroups, 3);
	const struct subgroup_names *g = site_subgroup(&s, "rau-cu-qua-tuoi");
	assert_non_null(g);
	assert_string_equal(g->name[0], "Rau, củ, quả tươi");
	assert_null(g->name[1]);
	g = site_subgroup(&s, "tinh-dau");
	assert_string_equal(g->name[0], "Tinh dầu");
	assert_string_equal(g->name[1], "Essential oils");
	g = site_subgroup(&s, "hoa");
	assert_null(g->name[0]);
	assert_string_equal(g->name[1], "Flowers");
	assert_null(site_subgroup(&s, "khac"));

	/* a language the site does not have, a list for a name */
	assert_int_equal(read_site_yaml(f, &s, "title: X\nbase_url: https://x.test/\n"
		"languages: [vi, en]\n"
		"subgroups:\n"
		"  hat: { vi: Hạt, fr: Noix }\n"
		"  che: [Chè, Trà]\n"), -1);
	diag_sort(&f->core.diags);
	fixture_assert_diag_count(&f->core.diags, 2);
	fixture_assert_diag(&f->core.diags, 0, DIAG_ERROR, "site.yaml", 5, 19,
			    "languages",
			    "\"fr\" in subgroup \"hat\" is not one of languages",
			    "add \"fr\" to languages, or delete that name");
	fixture_assert_diag(&f->core.diags, 1, DIAG_ERROR, "site.yaml", 6, 8,
			    "type", "\"che\" must be text, found a list",
			    fixture_any);
	/* what could be read is kept */
	assert_string_equal(site_subgroup(&s, "hat")->name[0], "Hạt");
	assert_null(site_subgroup(&s, "che"));
}

static void
test_site_platform_hosts(void **state)
{
	struct fixture *f = *state;
	const struct platform *sh = site_platform(&f->site, "shopee");
	assert_non_null(sh);
#define HOST(p, h) site_platform_has_host((p), (h))
	assert_true(HOST(sh, "shopee.vn"));
	assert_true(HOST(sh, "www.shopee.vn"));
	assert_true(HOST(sh, "a.b.shopee.vn"));
	assert_false(HOST(sh, "notshopee.vn"));
	assert_false(HOST(sh, "shopee.vn.evil.com"));
	assert_false(HOST(sh, "shopee.v"));
	assert_false(HOST(sh, "hopee.vn"));
	assert_false(HOST(sh, "lazada.vn"));
	/* a host is compared whole, never as a prefix of a longer text */
	assert_false(HOST(sh, "shopee.vn/path"));
	const struct platform *tt = site_platform(&f->site, "tiktok");
	assert_true(HOST(tt, "vt.tiktok.com"));
	assert_true(HOST(tt, "shop.tiktok.com"));
	assert_false(HOST(tt, "tiktok.co"));
#undef HOST
}

/* site.yaml has no drafts: its hint says only to write the value. */
static void
test_site_placeholder(void **state)
{
	struct fixture *f = *state;
	struct site s;
	struct source file = { .path = "site.yaml",
			       .data = span_from("title: TBD\n"
						 "base_url: https://ocop.test/\n"
						 "province: N/A\n") };
	struct source_set one = { .v = &file, .n = 1 };
	assert_int_equal(site_read(&s, &one, &f->core.arena, &f->core.diags),
			 -1);
	fixture_assert_diag_count(&f->core.diags, 2);
	fixture_assert_diag(&f->core.diags, 0, DIAG_ERROR, "site.yaml", 1, 8,
			    "placeholder",
			    "\"title\" is \"TBD\", a placeholder, not a real value",
			    "write the real value");
	fixture_assert_diag(&f->core.diags, 1, DIAG_WARNING, "site.yaml", 3,
			    11, "placeholder",
			    "\"province\" is \"N/A\", a placeholder: it is left out",
			    "delete the line, or write the real value");
	assert_null(s.province);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_site_read_every_setting),
		T(test_site_read_defaults),
		T(test_site_read_errors),
		T(test_site_base_url),
		T(test_site_base_path),
		T(test_site_base_url_empty_warns),
		T(test_site_platform_hosts_checked),
		T(test_site_platform_hosts),
		T(test_site_subgroups),
		T(test_site_placeholder),
#undef T
	};
	return cmocka_run_group_tests_name("site", tests, NULL, NULL);
}
