/*
 * test_view.c - view data formatted with the real default theme.
 *
 * The theme is the built-in one (theme_open() on a source set that holds
 * only site.yaml, so every file comes from the embedded default theme);
 * the catalog is loaded by catalog_load() from literal files.  The build
 * date is fixed (AS_OF), never the clock.  Expected strings follow
 * themes/default/i18n/{vi,en}.yaml: "{n} sao"/"{n} stars", "{n} ₫"/
 * "{n} VND", thousands "."/",", dates dmy/dmonthy.
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
#include "model/date.h"
#include "model/site.h"
#include "render/theme.h"
#include "render/val.h"
#include "plan/plan.h"
#include "plan/urls.h"
#include "render/view.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/banned.h"

#define AS_OF "2026-03-05"

enum { VI = 0, EN = 1 };

static const char SITE_YAML[] =
	"title: OCOP Hà Tĩnh\n"
	"base_url: https://ocop.example.gov.vn/\n"
	"languages: [vi, en]\n"
	"subgroups:\n"
	"  mat-ong-rung: Mật ong rừng\n"
	"  hoa: { en: Cut flowers }\n";

/* Products, one per certificate status on AS_OF. */
static const char BUOI[] =
	"---\n"
	"name: Bưởi Phúc Trạch\n"
	"stars: 4\n"
	"potential_5_star: true\n"
	"group: thuc-pham\n"
	"producer: htx-a\n"
	"summary: Bưởi ngọt\n"
	"location:\n"
	"  province: Hà Tĩnh\n"
	"  district: Hương Khê\n"
	"  commune: Phúc Trạch\n"
	"  address: Thôn 3\n"
	"  geo: { lat: 18.085, lon: 105.703 }\n"
	"certificate:\n"
	"  number: 1234/QĐ-UBND\n"
	"  issued: 2024-01-10\n"
	"  issuer: UBND tỉnh Hà Tĩnh\n"
	"price: { from: 45000, to: 120000, unit: hộp }\n"
	"images:\n"
	"  - { src: cover.jpg, alt: Quả bưởi }\n"
	"  - { src: vuon.jpg, alt: Vườn bưởi }\n"
	"standards: [VietGAP]\n"
	"ip: { type: geographical-indication, name: Phúc Trạch }\n"
	"traceability: { gtin: \"8936012345678\" }\n"
	"points_of_sale: [cua-hang]\n"
	"shops:\n"
	"  - { platform: shopee, url: \"https://shopee.vn/buoi\" }\n"
	"export_markets: [JP, ZZ]\n"
	"tags: [đặc sản]\n"
	"---\n"
	"Câu chuyện **bưởi**.\n";

static const char BUOI_EN[] =
	"---\n"
	"name: Phuc Trach pomelo\n"
	"summary: Sweet pomelo\n"
	"---\n"
	"The pomelo's story.\n";

static const char CHE[] =
	"---\n"
	"name: Chè vằng\n"
	"stars: 3\n"
	"group: duoc-lieu\n"
	"subgroup: duoc-lieu-che-bien\n"
	"producer: htx-a\n"
	"location: { province: Hà Tĩnh, commune: Hồng Lộc }\n"
	"certificate:\n"
	"  number: 2/QĐ\n"
	"  issued: 2023-06-12\n"
	"  revoked: { date: 2024-09-01, decision: 567/QĐ-UBND, reason: Vi phạm }\n"
	"---\n";

static const char MAT_ONG[] =
	"---\n"
	"name: Mật ong\n"
	"stars: 5\n"
	"group: thuc-pham\n"
	"subgroup: mat-ong-rung\n"
	"producer: htx-a\n"
	"location: { province: Hà Tĩnh, commune: Kỳ Anh }\n"
	"certificate: { number: 3/QĐ, issued: 2022-06-12 }\n"
	"price: { from: 45000, to: 45000 }\n"
	"---\n";

/* A fourth, whose certificate details are unknown (another producer,
 * so that htx-a's lists stay as they are). */
static const char VAI[] =
	"---\n"
	"name: Vải thiều\n"
	"stars: 4\n"
	"group: thuc-pham\n"
	"producer: tht-vai\n"
	"location: { province: Hà Tĩnh, commune: Kỳ Anh }\n"
	"certificate: { details: unknown, issuer: UBND tỉnh Hà Tĩnh }\n"
	"---\n";

static const char THT_VAI[] =
	"---\n"
	"name: Tổ hợp tác Vải\n"
	"type: to-hop-tac\n"
	"location: { province: Hà Tĩnh, commune: Kỳ Anh }\n"
	"---\n";

/* Recognised by Bưởi's decision too (setup_batch() only): a decision
 * of two products, with a page. */
static const char BUOI_DIEN[] =
	"---\n"
	"name: Bưởi Diễn\n"
	"stars: 3\n"
	"group: thuc-pham\n"
	"producer: htx-a\n"
	"location: { province: Hà Tĩnh, commune: Phúc Trạch }\n"
	"certificate:\n"
	"  number: 1234/QĐ-UBND\n"
	"  issued: 2024-01-10\n"
	"  issuer: UBND tỉnh Hà Tĩnh\n"
	"---\n";

static const char HTX_A[] =
	"---\n"
	"name: Hợp tác xã Bưởi\n"
	"type: htx\n"
	"location: { province: Hà Tĩnh, commune: Phúc Trạch }\n"
	"phone: \"+84 239 3123 456\"\n"
	"---\n";

static const char CUA_HANG[] =
	"---\n"
	"name: Cửa hàng OCOP\n"
	"kind: ocop-store\n"
	"location: { province: Hà Tĩnh, commune: Thạch Hà }\n"
	"---\n";

struct fixture {
	struct fixture_core core;
	struct fixture_files files; /* site.yaml and content/ */
	struct source_set site_only;
	struct site site;
	struct theme theme;
	struct catalog cat;
	struct view v[2];           /* vi, en */
	struct plan plan;           /* setup_batch() only: v[].plan */
	const struct product *buoi, *che, *mat_ong, *vai, *buoi_dien;
};

/* Adds a file to this test's source set (fixture_add_file()). */
static void
add_file(struct fixture *f, const char *path, const char *text)
{
	fixture_add_file(&f->files, &f->core.arena, path, text);
}

/* The product with this slug; NULL when there is none. */
static const struct product *
find(const struct catalog *c, const char *slug)
{
	for (size_t i = 0; i < c->n_products; i++)
		if (!strcmp(c->products[i]->e.slug, slug))
			return c->products[i];
	return NULL;
}

/* The fixture's catalog and views; with batch, Bưởi Diễn too, and the
 * plan whose decision pages the views link. */
static int
open_fixture(void **state, bool batch)
{
	struct fixture *f = fixture_new(sizeof(*f));
	if (!f)
		return -1;
	*state = f;
	add_file(f, "site.yaml", SITE_YAML);
	add_file(f, "content/producers/htx-a.md", HTX_A);
	add_file(f, "content/points-of-sale/cua-hang.md", CUA_HANG);
	add_file(f, "content/products/buoi/index.md", BUOI);
	add_file(f, "content/products/buoi/index.en.md", BUOI_EN);
	add_file(f, "content/products/buoi/cover.jpg", "\xFF\xD8\xFF\xE0 JPEG");
	add_file(f, "content/products/buoi/vuon.jpg", "\xFF\xD8\xFF\xE0 JPEG");
	add_file(f, "content/products/che.md", CHE);
	add_file(f, "content/products/mat-ong.md", MAT_ONG);
	add_file(f, "content/products/vai.md", VAI);
	add_file(f, "content/producers/tht-vai.md", THT_VAI);
	if (batch)
		add_file(f, "content/products/buoi-dien.md", BUOI_DIEN);
	/* the theme sees site.yaml alone, so every file is the default's */
	for (size_t i = 0; i < f->files.set.n; i++)
		if (!strcmp(f->files.v[i].path, "site.yaml"))
			f->site_only.v = &f->files.v[i];
	f->site_only.n = 1;
	if (fixture_load_catalog(&f->cat, &f->site, &f->files.set, AS_OF,
				 &f->core) < 0 ||
	    theme_open(&f->theme, &f->site, &f->site_only, &f->core.arena,
		       &f->core.diags) < 0 ||
	    f->core.diags.n != 0 || f->cat.n_products != 4u + batch) {
		fixture_print_diags(&f->core.diags);
		return -1;
	}
	f->buoi = find(&f->cat, "buoi");
	f->che = find(&f->cat, "che");
	f->mat_ong = find(&f->cat, "mat-ong");
	f->vai = find(&f->cat, "vai");
	f->buoi_dien = find(&f->cat, "buoi-dien");
	view_init(&f->v[VI], &f->core.arena, &f->cat, NULL, &f->theme, VI);
	view_init(&f->v[EN], &f->core.arena, &f->cat, NULL, &f->theme, EN);
	if (batch) {
		if (plan_build(&f->plan, &f->cat, NULL, 0, NULL, NULL, NULL, NULL, 0, 1, &f->core.arena,
			       &f->core.diags) < 0 || f->core.diags.n) {
			fixture_print_diags(&f->core.diags);
			return -1;
		}
		f->v[VI].plan = f->v[EN].plan = &f->plan;
	}
	return 0;
}

static int
setup(void **state)
{
	return open_fixture(state, false);
}

static int
setup_batch(void **state)
{
	return open_fixture(state, true);
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	plan_release(&f->plan);
	theme_close(&f->theme);
	fixture_free(f);
	return 0;
}

/* The value at a dotted path ("location.geo.lat"), or NULL. */
static const struct val *
get(const struct val *v, const char *path)
{
	const char *k = path;
	while (v && *k) {
		size_t n = strcspn(k, ".");
		v = val_getn(v, k, n);
		k += n;
		if (*k == '.')
			k++;
	}
	return v;
}

static const struct val *
must_get(const struct val *v, const char *path)
{
	const struct val *r = get(v, path);
	if (!r)
		fail_msg("no key \"%s\"", path);
	return r;
}

static void
assert_vstr(const struct val *v, const char *path, const char *want)
{
	const struct val *r = must_get(v, path);
	if (r->kind != VAL_STR)
		fail_msg("\"%s\" is not a string (kind %d)", path, (int)r->kind);
	assert_string_equal(r->s, want);
	assert_int_equal(r->len, strlen(want));
}

static void
assert_vnull(const struct val *v, const char *path)
{
	const struct val *r = must_get(v, path);
	if (r->kind != VAL_NULL)
		fail_msg("\"%s\" is not null (kind %d)", path, (int)r->kind);
}

static void
assert_vbool(const struct val *v, const char *path, bool want)
{
	const struct val *r = must_get(v, path);
	if (r->kind != VAL_BOOL)
		fail_msg("\"%s\" is not a boolean (kind %d)", path, (int)r->kind);
	assert_int_equal(r->b, want);
}

static void
assert_vnum(const struct val *v, const char *path, double want)
{
	const struct val *r = must_get(v, path);
	if (r->kind != VAL_NUM)
		fail_msg("\"%s\" is not a number (kind %d)", path, (int)r->kind);
	assert_float_equal(r->num, want, 1e-9);
}

static size_t
list_len(const struct val *v, const char *path)
{
	const struct val *r = must_get(v, path);
	if (r->kind != VAL_LIST)
		fail_msg("\"%s\" is not a list (kind %d)", path, (int)r->kind);
	return r->n;
}

/* ---- formatting ----------------------------------------------------- */

static void
test_view_number_thousands_per_language(void **state)
{
	struct fixture *f = *state;
	struct view *vi = &f->v[VI], *en = &f->v[EN];
	assert_string_equal(view_number(vi, 1234567), "1.234.567");
	assert_string_equal(view_number(en, 1234567), "1,234,567");
	assert_string_equal(view_number(vi, 0), "0");
	assert_string_equal(view_number(vi, 7), "7");
	assert_string_equal(view_number(vi, 999), "999");
	assert_string_equal(view_number(vi, 1000), "1.000");
	assert_string_equal(view_number(en, 45000), "45,000");
	assert_string_equal(view_number(vi, 100000), "100.000");
	assert_string_equal(view_number(vi, 120000), "120.000");
	assert_string_equal(view_number(en, 1000000), "1,000,000");
	assert_string_equal(view_number(vi, -1234), "-1.234");
	assert_string_equal(view_number(en, -999), "-999");
}

static void
test_view_date_per_language(void **state)
{
	struct fixture *f = *state;
	struct date d;
	assert_true(date_parse(&d, "2026-03-05"));
	assert_string_equal(view_date(&f->v[VI], &d), "05/03/2026");
	assert_string_equal(view_date(&f->v[EN], &d), "5 March 2026");
	assert_true(date_parse(&d, "2023-12-31"));
	assert_string_equal(view_date(&f->v[VI], &d), "31/12/2023");
	assert_string_equal(view_date(&f->v[EN], &d), "31 December 2023");
	assert_true(date_parse(&d, "2024-01-09"));
	assert_string_equal(view_date(&f->v[EN], &d), "9 January 2024");
}

static void
test_view_format_n_with_theme_strings(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(view_format_n(&f->v[VI], "stars_format", 4),
			    "4 sao");
	assert_string_equal(view_format_n(&f->v[EN], "stars_format", 4),
			    "4 stars");
	assert_string_equal(view_format_n(&f->v[VI], "count_format", 1234),
			    "1.234 sản phẩm");
	assert_string_equal(view_format_n(&f->v[EN], "count_format", 1234),
			    "1,234 products");
	assert_string_equal(view_format_n(&f->v[VI], "currency_format", 45000),
			    "45.000 ₫");
	assert_string_equal(view_format_n(&f->v[EN], "currency_format", 45000),
			    "45,000 VND");
	assert_string_equal(view_t(&f->v[VI], "status.revoked"), "Đã thu hồi");
	assert_string_equal(view_t(&f->v[EN], "status.revoked"), "Revoked");
	/* a missing string shows its key */
	assert_string_equal(view_t(&f->v[VI], "no.such.key"), "no.such.key");
}

static void
test_view_format_n_plural_forms(void **state)
{
	struct fixture *f = *state;
	/* English has { one, other }; Vietnamese one plain string */
	assert_string_equal(view_format_n(&f->v[EN], "count_format", 1),
			    "1 product");
	assert_string_equal(view_format_n(&f->v[EN], "count_format", 0),
			    "0 products");
	assert_string_equal(view_format_n(&f->v[EN], "count_format", 2),
			    "2 products");
	assert_string_equal(view_format_n(&f->v[EN], "count_format", 1001),
			    "1,001 products");
	assert_string_equal(view_format_n(&f->v[EN], "producer_count_format", 1),
			    "1 producer");
	assert_string_equal(view_format_n(&f->v[EN], "pos_count_format", 1),
			    "1 point of sale");
	assert_string_equal(view_format_n(&f->v[EN], "pos_count_format", 3),
			    "3 points of sale");
	assert_string_equal(view_format_n(&f->v[EN], "stars_format", 1),
			    "1 star");
	assert_string_equal(view_format_n(&f->v[VI], "count_format", 1),
			    "1 sản phẩm");
	assert_string_equal(view_format_n(&f->v[VI], "count_format", 2),
			    "2 sản phẩm");
	/* plural forms are a mapping, not text: view_t() gives the key */
	assert_string_equal(view_t(&f->v[EN], "count_format"), "count_format");
	assert_string_equal(theme_plural(&f->theme, EN, "no.such.key", 1),
			    "no.such.key");
}

/* A catalog's string file that gives a count as plain text, or only its
 * "other" form, gets no "one" from the built-in file. */
static void
test_view_plural_forms_are_one_string(void **state)
{
	struct fixture *f = *state;
	struct fixture_files files = { 0 };
	struct arena *a = &f->core.arena;
	fixture_add_file(&files, a, "site.yaml", SITE_YAML);
	fixture_add_file(&files, a, "themes/default/i18n/en.yaml",
			 "count_format:\n  other: \"{n} items\"\n"
			 "stars_format: \"{n}*\"\n");
	struct theme th;
	assert_int_equal(theme_open(&th, &f->site, &files.set, a,
				    &f->core.diags), 0);
	fixture_assert_diag_count(&f->core.diags, 0);
	struct view v;
	view_init(&v, a, &f->cat, NULL, &th, EN);
	assert_string_equal(view_format_n(&v, "count_format", 1), "1 items");
	assert_string_equal(view_format_n(&v, "stars_format", 1), "1*");
	/* the built-in file still gives the rest */
	assert_string_equal(view_format_n(&v, "producer_count_format", 1),
			    "1 producer");
	theme_close(&th);
}

static void
test_view_subgroup_names(void **state)
{
	struct fixture *f = *state;
	int in = -1;
	/* the theme's names, in each language */
	assert_string_equal(theme_subgroup_name(&f->theme, &f->site, VI,
						"rau-cu-qua-tuoi", &in),
			    "Rau, củ, quả tươi");
	assert_int_equal(in, VI);
	assert_string_equal(theme_subgroup_name(&f->theme, &f->site, EN,
						"rau-cu-qua-tuoi", &in),
			    "Fresh vegetables and fruit");
	assert_int_equal(in, EN);
	/* site.yaml wins in the language it gives, the theme elsewhere */
	assert_string_equal(theme_subgroup_name(&f->theme, &f->site, EN, "hoa",
						&in), "Cut flowers");
	assert_int_equal(in, EN);
	assert_string_equal(theme_subgroup_name(&f->theme, &f->site, VI, "hoa",
						&in), "Hoa");
	assert_int_equal(in, VI);
	/* a name in the default language only serves every language */
	assert_string_equal(theme_subgroup_name(&f->theme, &f->site, EN,
						"mat-ong-rung", &in),
			    "Mật ong rừng");
	assert_int_equal(in, VI);
	assert_null(theme_subgroup_name(&f->theme, &f->site, VI, "khong-co",
					&in));

	struct val *p = view_product(&f->v[VI], f->che);
	assert_vstr(p, "subgroup.slug", "duoc-lieu-che-bien");
	assert_vstr(p, "subgroup.name", "Dược liệu chế biến");
	assert_vnull(p, "subgroup.lang");
	p = view_product(&f->v[EN], f->che);
	assert_vstr(p, "subgroup.name", "Processed medicinal herbs");
	assert_vnull(p, "subgroup.lang");
	/* shown in the default language, and marked as such */
	p = view_product(&f->v[EN], f->mat_ong);
	assert_vstr(p, "subgroup.name", "Mật ong rừng");
	assert_vstr(p, "subgroup.lang", "vi");
}

static void
test_view_unnamed_subgroup_warns(void **state)
{
	struct fixture *f = *state;
	theme_check_subgroups(&f->theme, &f->cat, &f->core.arena,
			      &f->core.diags);
	fixture_assert_diag_count(&f->core.diags, 0);

	struct product p = {
		.subgroup = "rau-cu-qua-tuoii",
		.subgroup_at = { "content/products/x.md", 5, 11 },
	};
	struct product q = {
		.subgroup = "do-choi",
		.subgroup_at = { "content/products/y.md", 4, 11 },
	};
	const struct product *list[] = { &p, &q };
	struct catalog c = { .site = &f->site, .products = list,
			     .n_products = 2 };
	theme_check_subgroups(&f->theme, &c, &f->core.arena, &f->core.diags);
	fixture_assert_diag_count(&f->core.diags, 2);
	fixture_assert_diag(&f->core.diags, 0, DIAG_WARNING,
			    "content/products/x.md", 5, 11, "unnamed-subgroup",
			    "subgroup \"rau-cu-qua-tuoii\" has no name in site.yaml or the theme: pages show it as written",
			    "did you mean \"rau-cu-qua-tuoi\"?");
	fixture_assert_diag(&f->core.diags, 1, DIAG_WARNING,
			    "content/products/y.md", 4, 11, "unnamed-subgroup",
			    "subgroup \"do-choi\" has no name in site.yaml or the theme: pages show it as written",
			    "add its name to site.yaml, as in subgroups: { do-choi: { vi: \"...\", en: \"...\" } }");
	/* the page shows the slug as written */
	struct view v;
	view_init(&v, &f->core.arena, &c, NULL, &f->theme, EN);
	assert_vstr(view_product(&v, &q), "subgroup.name", "do-choi");
	assert_vnull(view_product(&v, &q), "subgroup.lang");
}

static void
test_view_place_urls(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	assert_string_equal(urls_place_slug(a, "Hương Khê"), "huong-khe");
	assert_string_equal(urls_place_slug(a, "!!!"), "-");
	assert_string_equal(urls_province(a, "Hà Tĩnh"), "provinces/ha-tinh/");
	assert_string_equal(urls_commune(a, "Hà Tĩnh", "Phúc Trạch"),
			    "provinces/ha-tinh/communes/phuc-trach/");
	assert_string_equal(urls_district(a, "Hà Tĩnh", "Hương Khê"),
			    "provinces/ha-tinh/districts/huong-khe/");
	assert_string_equal(urls_list_page(a, "stars/4/", 0), "stars/4/");
	assert_string_equal(urls_list_page(a, "stars/4/", 2), "stars/4/page/3/");
	assert_true(urls_is_reserved("products"));
	assert_false(urls_is_reserved("gioi-thieu"));
}

/* ---- product cards -------------------------------------------------- */

static void
test_view_card_valid(void **state)
{
	struct fixture *f = *state;
	const struct val *c = view_product_card(&f->v[VI], f->buoi);
	assert_vstr(c, "slug", "buoi");
	assert_vstr(c, "url", "products/buoi/");
	assert_vstr(c, "name", "Bưởi Phúc Trạch");
	assert_vstr(c, "summary", "Bưởi ngọt");
	assert_vnum(c, "stars", 4);
	assert_vstr(c, "stars_text", "4 sao");
	assert_int_equal(list_len(c, "stars_icons"), 4);
	assert_int_equal(list_len(c, "stars_blank"), 1);
	assert_vbool(c, "potential_5_star", true);
	assert_vstr(c, "group.slug", "thuc-pham");
	assert_vstr(c, "group.name", "Thực phẩm");
	assert_vstr(c, "group.url", "groups/thuc-pham/");
	assert_vstr(c, "province", "Hà Tĩnh");
	assert_vstr(c, "commune", "Phúc Trạch");
	assert_vstr(c, "district", "Hương Khê");
	assert_vstr(c, "producer_name", "Hợp tác xã Bưởi");
	assert_vstr(c, "cover.src", "products/buoi/cover.jpg");
	assert_vstr(c, "cover.alt", "Quả bưởi");
	assert_vstr(c, "status", "valid");
	assert_vstr(c, "status_text", "Còn hiệu lực");
	assert_vbool(c, "is_valid", true);
	assert_vbool(c, "is_expired", false);
	assert_vbool(c, "is_revoked", false);
	/* issued 2024-01-10 + 36 months */
	assert_vstr(c, "expires", "10/01/2027");
	/* cards are built once per language */
	assert_ptr_equal(view_product_card(&f->v[VI], f->buoi), c);
}

static void
test_view_card_revoked(void **state)
{
	struct fixture *f = *state;
	const struct val *c = view_product_card(&f->v[VI], f->che);
	assert_vstr(c, "status", "revoked");
	assert_vstr(c, "status_text", "Đã thu hồi");
	assert_vbool(c, "is_valid", false);
	assert_vbool(c, "is_expired", false);
	assert_vbool(c, "is_revoked", true);
	assert_vnum(c, "stars", 3);
	assert_vstr(c, "stars_text", "3 sao");
	assert_int_equal(list_len(c, "stars_icons"), 3);
	assert_int_equal(list_len(c, "stars_blank"), 2);
	assert_vbool(c, "potential_5_star", false);
	assert_vnull(c, "summary");
	assert_vnull(c, "district");
	assert_vnull(c, "cover");
	assert_vstr(c, "group.name", "Dược liệu và sản phẩm từ dược liệu");
	const struct val *e = view_product_card(&f->v[EN], f->che);
	assert_vstr(e, "status_text", "Revoked");
	assert_vstr(e, "stars_text", "3 stars");
	assert_vstr(e, "expires", "12 June 2026");
}

static void
test_view_card_expired(void **state)
{
	struct fixture *f = *state;
	const struct val *c = view_product_card(&f->v[VI], f->mat_ong);
	assert_vstr(c, "status", "expired");
	assert_vstr(c, "status_text", "Hết hiệu lực");
	assert_vbool(c, "is_valid", false);
	assert_vbool(c, "is_expired", true);
	assert_vbool(c, "is_revoked", false);
	assert_vstr(c, "expires", "12/06/2025");
	assert_int_equal(list_len(c, "stars_icons"), 5);
	assert_int_equal(list_len(c, "stars_blank"), 0);
	assert_vstr(view_product_card(&f->v[EN], f->mat_ong), "status_text",
		    "Expired");
}

/* Details unknown: a status of its own, never valid, and no date. */
static void
test_view_card_unpublished(void **state)
{
	struct fixture *f = *state;
	const struct val *c = view_product_card(&f->v[VI], f->vai);
	assert_vstr(c, "status", "unpublished");
	assert_vstr(c, "status_text", "Chưa công bố thông tin chứng nhận");
	assert_vbool(c, "is_valid", false);
	assert_vbool(c, "is_expired", false);
	assert_vbool(c, "is_revoked", false);
	assert_vbool(c, "is_pending", false);
	assert_vbool(c, "is_unpublished", true);
	assert_vnull(c, "expires");
	assert_vnull(c, "issued");
	assert_vstr(view_product_card(&f->v[EN], f->vai), "status_text",
		    "Certificate details not published");
	struct val *p = view_product(&f->v[VI], f->vai);
	assert_vstr(p, "certificate.status", "unpublished");
	assert_vbool(p, "certificate.is_unpublished", true);
	assert_vstr(p, "certificate.issuer", "UBND tỉnh Hà Tĩnh");
	assert_vnull(p, "certificate.number");
	assert_vnull(p, "certificate.issued");
	assert_vnull(p, "certificate.issued_iso");
	assert_vnull(p, "certificate.expires");
	assert_vnull(p, "certificate.expires_iso");
	assert_vnull(p, "certificate.revoked");
	/* the others have their dates */
	assert_vbool(view_product_card(&f->v[VI], f->buoi), "is_unpublished",
		     false);
	assert_vstr(view_product_card(&f->v[VI], f->buoi), "issued",
		    "10/01/2024");
}

static void
test_view_card_uses_translation(void **state)
{
	struct fixture *f = *state;
	const struct val *en = view_product_card(&f->v[EN], f->buoi);
	const struct val *vi = view_product_card(&f->v[VI], f->buoi);
	assert_ptr_not_equal(en, vi);
	assert_vstr(en, "name", "Phuc Trach pomelo");
	assert_vstr(en, "summary", "Sweet pomelo");
	assert_vstr(en, "url", "products/buoi/");
	assert_vnum(en, "stars", 4);
	assert_vstr(en, "stars_text", "4 stars");
	assert_vstr(en, "group.name", "Food");
	assert_vstr(en, "status_text", "Valid");
	assert_vstr(en, "expires", "10 January 2027");
	assert_vstr(vi, "name", "Bưởi Phúc Trạch");
	/* no translation: the default language's text */
	assert_vstr(view_product_card(&f->v[EN], f->che), "name", "Chè vằng");
}

/* Default-language text standing in for a missing translation names its
 * language, for a lang attribute; translated text and the default
 * language's own pages name none. */
static void
test_view_text_lang_of_untranslated(void **state)
{
	struct fixture *f = *state;
	const struct val *buoi_en = view_product_card(&f->v[EN], f->buoi);
	assert_vnull(buoi_en, "text_lang");
	/* the producer has no English version */
	assert_vstr(buoi_en, "producer_lang", "vi");
	assert_vstr(view_product_card(&f->v[EN], f->che), "text_lang", "vi");
	const struct val *che_vi = view_product_card(&f->v[VI], f->che);
	assert_vnull(che_vi, "text_lang");
	assert_vnull(che_vi, "producer_lang");
	/* kept through the product page, beside its producer's own */
	struct val *p = view_product(&f->v[EN], f->che);
	assert_vstr(p, "text_lang", "vi");
	assert_vstr(p, "producer.text_lang", "vi");
	assert_vnull(view_product(&f->v[EN], f->buoi), "text_lang");
	assert_vstr(view_producer(&f->v[EN], f->cat.producers[0], false),
		    "text_lang", "vi");
	assert_vnull(view_producer(&f->v[VI], f->cat.producers[0], false),
		     "text_lang");
	assert_vstr(view_pos(&f->v[EN], f->cat.pos[0], false), "text_lang", "vi");
	assert_vnull(view_pos(&f->v[VI], f->cat.pos[0], false), "text_lang");
}

/* ---- product pages -------------------------------------------------- */

static void
test_view_product_full(void **state)
{
	struct fixture *f = *state;
	struct val *p = view_product(&f->v[VI], f->buoi);
	/* every card key too */
	assert_vstr(p, "status", "valid");
	assert_int_equal(list_len(p, "stars_icons"), 4);
	assert_vnull(p, "subgroup");
	assert_vnull(p, "code");
	assert_vstr(p, "story", "<p>Câu chuyện <strong>bưởi</strong>.</p>\n");

	assert_vstr(p, "price.text", "45.000 – 120.000 ₫ / hộp");
	assert_vnum(p, "price.from", 45000);
	assert_vnum(p, "price.to", 120000);
	assert_vstr(p, "price.unit", "hộp");

	assert_vstr(p, "location.province", "Hà Tĩnh");
	assert_vstr(p, "location.district", "Hương Khê");
	assert_vstr(p, "location.address", "Thôn 3");
	assert_vstr(p, "location.province_url", "provinces/ha-tinh/");
	assert_vstr(p, "location.commune_url",
		    "provinces/ha-tinh/communes/phuc-trach/");
	assert_vstr(p, "location.district_url",
		    "provinces/ha-tinh/districts/huong-khe/");
	assert_vstr(p, "location.geo.lat", "18.085");
	assert_vstr(p, "location.geo.lon", "105.703");
	assert_vstr(p, "location.map_url",
		    "https://www.openstreetmap.org/?mlat=18.085000&mlon=105.703000"
		    "#map=16/18.085000/105.703000");

	assert_vstr(p, "certificate.number", "1234/QĐ-UBND");
	assert_vstr(p, "certificate.issuer", "UBND tỉnh Hà Tĩnh");
	assert_vstr(p, "certificate.issued", "10/01/2024");
	assert_vstr(p, "certificate.issued_iso", "2024-01-10");
	assert_vstr(p, "certificate.expires", "10/01/2027");
	assert_vstr(p, "certificate.expires_iso", "2027-01-10");
	assert_vstr(p, "certificate.status", "valid");
	assert_vbool(p, "certificate.is_valid", true);
	assert_vnull(p, "certificate.revoked");

	assert_int_equal(list_len(p, "images"), 2);
	const struct val *im = must_get(p, "images");
	assert_vstr(im->items[0], "src", "products/buoi/cover.jpg");
	assert_vbool(im->items[0], "is_cover", true);
	assert_vstr(im->items[1], "src", "products/buoi/vuon.jpg");
	assert_vstr(im->items[1], "alt", "Vườn bưởi");
	assert_vbool(im->items[1], "is_cover", false);
	assert_vbool(p, "has_images", true);
	assert_vbool(p, "has_standards", true);
	assert_vbool(p, "has_tags", true);
	assert_string_equal(must_get(p, "tags")->items[0]->s, "đặc sản");

	assert_vstr(p, "ip.type", "geographical-indication");
	assert_vstr(p, "ip.type_name", "Chỉ dẫn địa lý");
	assert_vstr(p, "ip.name", "Phúc Trạch");
	assert_vstr(p, "traceability.gtin", "8936012345678");
	assert_vnull(p, "traceability.url");

	assert_int_equal(list_len(p, "points_of_sale"), 1);
	assert_vstr(must_get(p, "points_of_sale")->items[0], "name", "Cửa hàng OCOP");
	assert_vstr(must_get(p, "points_of_sale")->items[0], "kind_name", "Cửa hàng OCOP");
	assert_vbool(p, "has_points_of_sale", true);
	assert_int_equal(list_len(p, "shops"), 1);
	const struct val *s = must_get(p, "shops")->items[0];
	assert_vstr(s, "platform", "shopee");
	assert_vstr(s, "platform_name", "Shopee");
	assert_vstr(s, "url", "https://shopee.vn/buoi");
	assert_vbool(p, "has_shops", true);
	assert_vbool(p, "has_where_to_buy", true);

	assert_int_equal(list_len(p, "export_markets"), 2);
	const struct val *mk = must_get(p, "export_markets");
	assert_vstr(mk->items[0], "code", "JP");
	assert_vstr(mk->items[0], "name", "Nhật Bản");
	assert_vstr(mk->items[1], "name", "ZZ");     /* unknown code: as is */
	assert_vbool(p, "has_export_markets", true);

	assert_vstr(p, "producer.name", "Hợp tác xã Bưởi");
	assert_vstr(p, "producer.url", "producers/htx-a/");
	assert_vstr(p, "producer.type_name", "Hợp tác xã");
	assert_vstr(p, "producer.phone_href", "tel:+842393123456");
	assert_vnum(p, "producer.product_count", 3);
}

static void
test_view_product_english_price(void **state)
{
	struct fixture *f = *state;
	struct val *p = view_product(&f->v[EN], f->buoi);
	assert_vstr(p, "price.text", "45,000 – 120,000 VND / hộp");
	/* the translation gives no unit: the default's, marked as such */
	assert_vstr(p, "price.amount", "45,000 – 120,000 VND");
	assert_vstr(p, "price.unit", "hộp");
	assert_vstr(p, "price.unit_lang", "vi");
	assert_vnull(view_product(&f->v[VI], f->buoi), "price.unit_lang");
	assert_vstr(p, "story", "<p>The pomelo’s story.</p>\n");
	assert_vstr(p, "certificate.issued", "10 January 2024");
	assert_vstr(must_get(p, "export_markets")->items[0], "name", "Japan");
	assert_vstr(p, "ip.type_name", "Geographical indication");
}

static void
test_view_product_absent_values_are_null(void **state)
{
	struct fixture *f = *state;
	struct val *p = view_product(&f->v[VI], f->che);
	assert_vnull(p, "price");
	assert_vnull(p, "location.geo");
	assert_vnull(p, "location.map_url");
	assert_vnull(p, "location.district");
	assert_vnull(p, "location.district_url");
	assert_vnull(p, "location.address");
	assert_vnull(p, "ip");
	assert_vnull(p, "traceability");
	assert_vnull(p, "certificate.issuer");
	assert_vnull(p, "certificate.decision_page");
	assert_vstr(p, "story", "");        /* no story: empty, so falsey */
	assert_int_equal(list_len(p, "images"), 0);
	assert_vbool(p, "has_images", false);
	assert_vbool(p, "has_standards", false);
	assert_vbool(p, "has_tags", false);
	assert_vbool(p, "has_points_of_sale", false);
	assert_vbool(p, "has_shops", false);
	assert_vbool(p, "has_where_to_buy", false);
	assert_vbool(p, "has_export_markets", false);
	/* the revocation, formatted */
	assert_vstr(p, "certificate.status", "revoked");
	assert_vbool(p, "certificate.is_revoked", true);
	assert_vstr(p, "certificate.revoked.date", "01/09/2024");
	assert_vstr(p, "certificate.revoked.date_iso", "2024-09-01");
	assert_vstr(p, "certificate.revoked.decision", "567/QĐ-UBND");
	assert_vstr(p, "certificate.revoked.reason", "Vi phạm");
}

static void
test_view_product_single_price(void **state)
{
	struct fixture *f = *state;
	/* from == to: one amount; no unit: no " / unit" */
	struct val *p = view_product(&f->v[VI], f->mat_ong);
	assert_vstr(p, "price.text", "45.000 ₫");
	assert_vstr(p, "price.amount", "45.000 ₫");
	assert_vnull(p, "price.unit");
	assert_vnull(view_product(&f->v[EN], f->mat_ong), "price.unit_lang");
	assert_vstr(view_product(&f->v[EN], f->mat_ong), "price.text", "45,000 VND");
}

static void
test_view_producer_lists_products(void **state)
{
	struct fixture *f = *state;
	const struct producer *pr = f->cat.producers[0];
	struct val *m = view_producer(&f->v[VI], pr, true);
	assert_vstr(m, "slug", "htx-a");
	assert_vstr(m, "type", "htx");
	assert_vstr(m, "type_url", "producer-types/htx/");
	assert_vnum(m, "product_count", 3);
	assert_int_equal(list_len(m, "products"), 3);
	const struct val *l = must_get(m, "products");
	assert_vstr(l->items[0], "name", "Bưởi Phúc Trạch");
	assert_vstr(l->items[1], "name", "Chè vằng");
	assert_vstr(l->items[2], "name", "Mật ong");
	/* the shared card */
	assert_ptr_equal(l->items[0], view_product_card(&f->v[VI], f->buoi));
	assert_null(get(view_producer(&f->v[VI], pr, false), "products"));
	struct val *pos = view_pos(&f->v[EN], f->cat.pos[0], true);
	assert_vstr(pos, "kind_name", "OCOP store");
	assert_int_equal(list_len(pos, "products"), 1);
	assert_vstr(must_get(pos, "products")->items[0], "name", "Phuc Trach pomelo");
}

/* ---- decision pages ------------------------------------------------- */

static void
test_view_decision_page_linked(void **state)
{
	struct fixture *f = *state;
	const char *url = "decisions/1234-qd-ubnd-2024-01-10-ubnd-tinh-ha-tinh/";
	struct val *p = view_product(&f->v[VI], f->buoi);
	assert_vstr(p, "certificate.number", "1234/QĐ-UBND");
	assert_vstr(p, "certificate.decision_page.url", url);
	assert_vstr(p, "certificate.decision_page.link_text",
		    "Quyết định 1234/QĐ-UBND công nhận 2 sản phẩm");
	assert_vnum(p, "certificate.decision_page.count", 2);
	assert_vstr(view_product(&f->v[EN], f->buoi_dien),
		    "certificate.decision_page.link_text",
		    "Decision 1234/QĐ-UBND recognised 2 products");
	/* a decision of one product: no page, no link */
	assert_vnull(view_product(&f->v[VI], f->che), "certificate.decision_page");
	assert_vnull(view_product(&f->v[EN], f->mat_ong),
		      "certificate.decision_page");

	const struct plan_list *d = plan_decision(&f->plan, f->buoi);
	assert_non_null(d);
	struct val *m = view_decision(&f->v[VI], d);
	assert_vstr(m, "number", "1234/QĐ-UBND");
	assert_vstr(m, "issuer", "UBND tỉnh Hà Tĩnh");
	assert_vnull(m, "issuer_lang");
	assert_vstr(m, "issued", "10/01/2024");
	assert_vstr(m, "issued_iso", "2024-01-10");
	assert_vstr(m, "issued_text", "ngày 10/01/2024");
	assert_vstr(m, "title", "Quyết định 1234/QĐ-UBND");
	assert_vstr(m, "url", url);
	assert_vnum(m, "count", 2);
	assert_vstr(m, "count_text", "công nhận 2 sản phẩm OCOP");
	assert_vstr(m, "summary_text",
		    "UBND tỉnh Hà Tĩnh, ngày 10/01/2024 — công nhận 2 sản phẩm OCOP");
	m = view_decision(&f->v[EN], d);
	assert_vstr(m, "title", "Decision 1234/QĐ-UBND");
	assert_vstr(m, "issuer_lang", "vi");
	assert_vstr(m, "issued_text", "10 January 2024");
	assert_vstr(m, "summary_text",
		    "UBND tỉnh Hà Tĩnh, 10 January 2024 — recognised 2 OCOP products");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_view_number_thousands_per_language),
		T(test_view_date_per_language),
		T(test_view_format_n_with_theme_strings),
		T(test_view_format_n_plural_forms),
		T(test_view_plural_forms_are_one_string),
		T(test_view_subgroup_names),
		T(test_view_unnamed_subgroup_warns),
		T(test_view_place_urls),
		T(test_view_card_valid),
		T(test_view_card_revoked),
		T(test_view_card_expired),
		T(test_view_card_unpublished),
		T(test_view_card_uses_translation),
		T(test_view_text_lang_of_untranslated),
		T(test_view_product_full),
		T(test_view_product_english_price),
		T(test_view_product_absent_values_are_null),
		T(test_view_product_single_price),
		T(test_view_producer_lists_products),
		cmocka_unit_test_setup_teardown(test_view_decision_page_linked,
						setup_batch, teardown),
#undef T
	};
	return cmocka_run_group_tests_name("view", tests, NULL, NULL);
}
