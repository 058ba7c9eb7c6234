/*
 * test_data.c - the catalog as open data (render/data.c): every file of
 * api/v1/ rendered from a small catalog loaded from literal files and
 * planned, then read back.  catalog.json and a product's file parse as
 * JSON with the format's version, the build date and (the whole
 * catalog's only) the commit, every entry in catalog order, a hostile
 * product name intact, and never a null; the CSV files start with a
 * byte-order mark, end each row with CRLF, and neutralise a name a
 * spreadsheet would run as a formula; GeoJSON lists only what has
 * coordinates, longitude first; the schemas are JSON; and the JSON-LD
 * of products, points of sale and the site holds no '<', '>' or '&',
 * so nothing in it can end or change its <script> element, while
 * reading back to the same text.  Every file is the same bytes when
 * rendered again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include <json-c/json.h>

#include "fixture.h"
#include "model/catalog.h"
#include "model/site.h"
#include "plan/plan.h"
#include "render/data.h"
#include "util/arena.h"
#include "util/sbuf.h"
#include "util/banned.h"

#define AS_OF "2026-03-05"

/* What a product name may hold that a page, a script element or a
 * spreadsheet must not take for code. */
#define HOSTILE "=HYPERLINK(\"https://x.example/\",\"bấm\") </script><!-- & 'q'"

static const char SITE_YAML[] =
	"title: OCOP Hà Tĩnh\n"
	"base_url: https://ocop.example.gov.vn/\n"
	"languages: [vi, en]\n";

static const char KEO[] =
	"---\n"
	"name: '=HYPERLINK(\"https://x.example/\",\"bấm\") </script><!-- & ''q'''\n"
	"stars: 4\n"
	"group: thuc-pham\n"
	"producer: htx-a\n"
	"location:\n"
	"  province: Hà Tĩnh\n"
	"  commune: Thạch Kim\n"
	"  geo: { lat: 18.34, lon: 105.9 }\n"
	"certificate:\n"
	"  number: 12/QĐ-UBND\n"
	"  issued: 2025-01-10\n"
	"price: { from: 45000, to: 60000, unit: hộp }\n"
	"shops:\n"
	"  - { platform: shopee, url: \"https://shopee.vn/keo\" }\n"
	"points_of_sale: [cua-hang]\n"
	"---\n"
	"Kẹo **ngon**.\n";

static const char CAM[] =
	"---\n"
	"name: Cam Vũ Quang\n"
	"stars: 3\n"
	"group: thuc-pham\n"
	"producer: htx-a\n"
	"location: { province: Hà Tĩnh, commune: Vũ Quang }\n"
	"certificate:\n"
	"  number: 13/QĐ-UBND\n"
	"  issued: 2025-01-10\n"
	"---\n";

static const char CUA_HANG[] =
	"---\n"
	"name: Cửa hàng OCOP\n"
	"kind: ocop-store\n"
	"phone: \"0239 3855 555\"\n"
	"location:\n"
	"  province: Hà Tĩnh\n"
	"  commune: Thạch Hà\n"
	"  address: 1 Trần Phú\n"
	"  geo: { lat: 18.35, lon: 105.88 }\n"
	"---\n";

struct fixture {
	struct fixture_core core;
	struct fixture_files files;
	struct site site;
	struct catalog cat;
	struct plan plan;
	struct data_info info;
	struct sbuf out;
};

static int
setup(void **state)
{
	struct fixture *f = fixture_new(sizeof(*f));
	if (!f)
		return -1;
	*state = f;
	struct arena *a = &f->core.arena;
	fixture_add_file(&f->files, a, "site.yaml", SITE_YAML);
	fixture_add_file(&f->files, a, "content/producers/htx-a.md",
			 fixture_producer_md(a, "HTX A", ""));
	fixture_add_file(&f->files, a, "content/products/keo.md", KEO);
	fixture_add_file(&f->files, a, "content/products/cam.md", CAM);
	fixture_add_file(&f->files, a, "content/points-of-sale/cua-hang.md",
			 CUA_HANG);
	if (fixture_load_catalog(&f->cat, &f->site, &f->files.set, AS_OF,
				 &f->core) < 0 ||
	    plan_build(&f->plan, &f->cat, NULL, 0, NULL, NULL, NULL, NULL, 0, 1, a, &f->core.diags) < 0 ||
	    f->core.diags.n) {
		fixture_print_diags(&f->core.diags);
		return -1;
	}
	f->info = (struct data_info){ "0123456789abcdef", "ocop 9.9.9" };
	sbuf_init(&f->out);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	sbuf_release(&f->out);
	plan_release(&f->plan);
	fixture_free(f);
	return 0;
}

/* The bytes of the data file at path, rendered twice: the same both
 * times.  In the arena. */
static const char *
render(struct fixture *f, const char *path)
{
	const struct plan_item *it = NULL;
	for (size_t i = 0; i < f->plan.n; i++)
		if (!strcmp(f->plan.v[i].path, path))
			it = &f->plan.v[i];
	if (!it)
		fail_msg("no \"%s\" in the plan", path);
	assert_int_equal(it->kind, PLAN_DATA);
	sbuf_reset(&f->out);
	data_render(&f->plan, it, &f->info, &f->out, &f->core.arena);
	const char *first = arena_strndup(&f->core.arena, f->out.data,
					  f->out.len);
	assert_int_equal(strlen(first), f->out.len);
	sbuf_reset(&f->out);
	data_render(&f->plan, it, &f->info, &f->out, &f->core.arena);
	assert_string_equal(f->out.data, first);
	return first;
}

/* Parses text as JSON (the caller puts it). */
static struct json_object *
parse(const char *text)
{
	struct json_object *o = json_tokener_parse(text);
	if (!o)
		fail_msg("not JSON: %.200s", text);
	return o;
}

/* o[k1][k2]... as a string; the path must exist. */
static const char *
str_at(struct json_object *o, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct json_object *next;
		if (!json_object_object_get_ex(o, keys[i], &next))
			fail_msg("no \"%s\"", keys[i]);
		o = next;
	}
	assert_true(json_object_is_type(o, json_type_string));
	return json_object_get_string(o);
}
#define STR(o, ...) str_at((o), (const char *const[]){ __VA_ARGS__ }, \
	sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

static struct json_object *
get(struct json_object *o, const char *key)
{
	struct json_object *v;
	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("no \"%s\"", key);
	return v;
}

/* Whether o holds a JSON null at any depth. */
static bool
has_null(struct json_object *o)
{
	if (!o)
		return true;
	if (json_object_is_type(o, json_type_object)) {
		json_object_object_foreach(o, k, v) {
			(void)k;
			if (has_null(v))
				return true;
		}
	} else if (json_object_is_type(o, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(o); i++)
			if (has_null(json_object_array_get_idx(o, i)))
				return true;
	}
	return false;
}

/* ---- JSON ----------------------------------------------------------- */

static void
test_data_catalog_json(void **state)
{
	struct fixture *f = *state;
	const char *text = render(f, "api/v1/catalog.json");
	size_t len = strlen(text);
	assert_true(len > 2 && !strcmp(text + len - 2, "}\n"));
	struct json_object *o = parse(text);
	assert_false(has_null(o));
	assert_int_equal(json_object_get_int(get(o, "version")), DATA_VERSION);
	assert_string_equal(STR(o, "as_of"), AS_OF);
	assert_string_equal(STR(o, "commit"), "0123456789abcdef");
	assert_string_equal(STR(o, "generator"), "ocop 9.9.9");
	assert_string_equal(STR(o, "$schema"),
		"https://ocop.example.gov.vn/api/v1/catalog.schema.json");
	assert_string_equal(STR(o, "site", "url"), "https://ocop.example.gov.vn/");
	assert_string_equal(STR(o, "site", "title"), "OCOP Hà Tĩnh");

	struct json_object *products = get(o, "products");
	assert_int_equal(json_object_array_length(products), f->cat.n_products);
	assert_int_equal(json_object_array_length(products), 2);
	for (size_t i = 0; i < 2; i++) {
		struct json_object *p = json_object_array_get_idx(products, i);
		assert_string_equal(STR(p, "slug"), f->cat.products[i]->e.slug);
		if (!strcmp(STR(p, "slug"), "keo"))
			assert_string_equal(STR(p, "name"), HOSTILE);
		else
			assert_string_equal(STR(p, "name"), "Cam Vũ Quang");
	}
	assert_int_equal(json_object_array_length(get(o, "producers")), 1);
	assert_int_equal(json_object_array_length(get(o, "points_of_sale")), 1);
	assert_string_equal(STR(json_object_array_get_idx(get(o, "points_of_sale"), 0),
				"name"), "Cửa hàng OCOP");
	json_object_put(o);
}

/* A product's own file: the product, its producer and its points of
 * sale; no commit, so a commit that leaves it alone leaves its bytes. */
static void
test_data_product_json(void **state)
{
	struct fixture *f = *state;
	struct json_object *o = parse(render(f, "api/v1/products/keo.json"));
	assert_false(has_null(o));
	assert_false(json_object_object_get_ex(o, "commit", NULL));
	assert_string_equal(STR(o, "generator"), "ocop 9.9.9");
	assert_string_equal(STR(o, "product", "slug"), "keo");
	assert_string_equal(STR(o, "product", "name"), HOSTILE);
	assert_string_equal(STR(o, "producer", "slug"), "htx-a");
	struct json_object *pos = get(o, "points_of_sale");
	assert_int_equal(json_object_array_length(pos), 1);
	assert_string_equal(STR(json_object_array_get_idx(pos, 0), "slug"),
			    "cua-hang");
	json_object_put(o);

	/* one without a point of sale: an empty list, not null */
	o = parse(render(f, "api/v1/products/cam.json"));
	assert_false(has_null(o));
	assert_int_equal(json_object_array_length(get(o, "points_of_sale")), 0);
	json_object_put(o);
}

static void
test_data_schemas_are_json(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = {
		"api/v1/catalog.schema.json", "api/v1/product.schema.json",
	};
	for (size_t i = 0; i < 2; i++) {
		struct json_object *o = parse(render(f, names[i]));
		assert_true(json_object_object_get_ex(o, "$schema", NULL));
		json_object_put(o);
	}
}

/* ---- CSV ------------------------------------------------------------ */

/* The number of CRLF-ended rows of text, which must end with one and
 * hold no other line break outside quotes. */
static size_t
rows(const char *text)
{
	size_t n = 0;
	bool quoted = false;
	for (const char *p = text; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && *p == '\n')
			fail_msg("a bare line feed");
		else if (!quoted && *p == '\r') {
			assert_int_equal(p[1], '\n');
			n++;
			p++;
		}
	}
	assert_false(quoted);
	size_t len = strlen(text);
	assert_true(len >= 2 && !strcmp(text + len - 2, "\r\n"));
	return n;
}

static void
test_data_csv_neutralises_formulas(void **state)
{
	struct fixture *f = *state;
	const char *csv = render(f, "api/v1/products.csv");
	assert_int_equal(strncmp(csv, "\xEF\xBB\xBF" "slug,url,name,stars,", 23), 0);
	assert_int_equal(rows(csv), 1 + 2);
	/* the name: quoted (it holds commas and quotes), quotes doubled,
	 * and an apostrophe before the '=' */
	assert_non_null(strstr(csv, ",\"'=HYPERLINK(\"\"https://x.example/\"\","
				"\"\"bấm\"\") </script><!-- & 'q'\","));
	assert_null(strstr(csv, ",=HYPERLINK"));
	assert_null(strstr(csv, ",\"=HYPERLINK"));
	assert_non_null(strstr(csv, "\r\nkeo,https://ocop.example.gov.vn/products/keo/,"));
	assert_non_null(strstr(csv, ",18.34,105.9,"));

	csv = render(f, "api/v1/producers.csv");
	assert_int_equal(strncmp(csv, "\xEF\xBB\xBF" "slug,url,name,type,", 22), 0);
	assert_int_equal(rows(csv), 1 + 1);
	csv = render(f, "api/v1/points-of-sale.csv");
	assert_int_equal(strncmp(csv, "\xEF\xBB\xBF" "slug,url,name,kind,", 22), 0);
	assert_int_equal(rows(csv), 1 + 1);
	assert_non_null(strstr(csv, "cua-hang,"));
}

/* ---- GeoJSON -------------------------------------------------------- */

static void
test_data_geojson_longitude_first(void **state)
{
	struct fixture *f = *state;
	struct json_object *o = parse(render(f, "api/v1/products.geojson"));
	assert_string_equal(STR(o, "type"), "FeatureCollection");
	struct json_object *features = get(o, "features");
	assert_int_equal(json_object_array_length(features), 1);  /* cam: none */
	struct json_object *ft = json_object_array_get_idx(features, 0);
	assert_string_equal(STR(ft, "type"), "Feature");
	assert_string_equal(STR(ft, "geometry", "type"), "Point");
	struct json_object *xy = get(get(ft, "geometry"), "coordinates");
	assert_int_equal(json_object_array_length(xy), 2);
	assert_true(json_object_get_double(json_object_array_get_idx(xy, 0)) == 105.9);
	assert_true(json_object_get_double(json_object_array_get_idx(xy, 1)) == 18.34);
	assert_string_equal(STR(ft, "properties", "slug"), "keo");
	assert_string_equal(STR(ft, "properties", "name"), HOSTILE);
	json_object_put(o);

	o = parse(render(f, "api/v1/points-of-sale.geojson"));
	features = get(o, "features");
	assert_int_equal(json_object_array_length(features), 1);
	assert_string_equal(STR(json_object_array_get_idx(features, 0),
				"properties", "phone"), "0239 3855 555");
	json_object_put(o);
}

/* ---- JSON-LD -------------------------------------------------------- */

/* text holds no byte an HTML parser would read as markup; parsed. */
static struct json_object *
inert(const char *text)
{
	if (strpbrk(text, "<>&"))
		fail_msg("markup in JSON-LD: %s", text);
	return parse(text);
}

static void
test_data_jsonld_is_inert_in_a_script(void **state)
{
	struct fixture *f = *state;
	const struct product *keo = NULL;
	for (size_t i = 0; i < f->cat.n_products; i++)
		if (!strcmp(f->cat.products[i]->e.slug, "keo"))
			keo = f->cat.products[i];
	assert_non_null(keo);
	for (int lang = 0; lang < 2; lang++) {
		sbuf_reset(&f->out);
		data_product_jsonld(&f->out, &f->cat, keo, lang, &f->core.arena);
		assert_non_null(strstr(f->out.data, "\\u003c/script\\u003e"));
		struct json_object *o = inert(f->out.data);
		assert_string_equal(STR(o, "@type"), "Product");
		assert_string_equal(STR(o, "name"), HOSTILE);
		assert_string_equal(STR(o, "url"), lang
			? "https://ocop.example.gov.vn/en/products/keo/"
			: "https://ocop.example.gov.vn/products/keo/");
		assert_string_equal(STR(o, "manufacturer", "name"), "HTX A");
		assert_string_equal(STR(o, "hasCertification",
					"certificationIdentification"), "12/QĐ-UBND");
		assert_int_equal(json_object_get_int(get(get(get(o,
			"hasCertification"), "certificationRating"),
			"ratingValue")), 4);
		struct json_object *offers = get(o, "offers");
		assert_int_equal(json_object_array_length(offers), 1);
		assert_string_equal(STR(json_object_array_get_idx(offers, 0), "url"),
				    "https://shopee.vn/keo");
		json_object_put(o);
	}

	sbuf_reset(&f->out);
	data_pos_jsonld(&f->out, &f->cat, f->cat.pos[0], 0, &f->core.arena);
	struct json_object *o = inert(f->out.data);
	assert_string_equal(STR(o, "@type"), "Store");
	assert_string_equal(STR(o, "telephone"), "0239 3855 555");
	assert_string_equal(STR(o, "address", "addressCountry"), "VN");
	assert_string_equal(STR(o, "address", "streetAddress"), "1 Trần Phú");
	assert_true(json_object_get_double(get(get(o, "geo"), "latitude")) == 18.35);
	json_object_put(o);

	for (int lang = 0; lang < 2; lang++) {
		sbuf_reset(&f->out);
		data_site_jsonld(&f->out, &f->cat, lang, &f->core.arena);
		o = inert(f->out.data);
		assert_string_equal(STR(o, "@type"), "WebSite");
		assert_string_equal(STR(o, "inLanguage"), lang ? "en" : "vi");
		assert_string_equal(STR(o, "url"), lang
			? "https://ocop.example.gov.vn/en/"
			: "https://ocop.example.gov.vn/");
		json_object_put(o);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_data_catalog_json),
		T(test_data_product_json),
		T(test_data_schemas_are_json),
		T(test_data_csv_neutralises_formulas),
		T(test_data_geojson_longitude_first),
		T(test_data_jsonld_is_inert_in_a_script),
#undef T
	};
	return cmocka_run_group_tests_name("data", tests, NULL, NULL);
}
