/*
 * test_embed.c - the views other sites embed (render/embed.c), from a
 * small catalog loaded from literal files, planned, with the built-in
 * theme's strings.  Each product's record is its card's fields, the
 * same bytes on one worker or several; the data of a list's view and
 * of a point of sale's holds the version, title by language, url,
 * count and the records of its products in order; embed.js ends with
 * the call that gives it the viewer of each language; a snippet is the
 * exact <div> and <script> a webmaster pastes, its text escaped, for
 * lists, places, products and points of sale alike, and none for what
 * has no view or a site without base_url; and an oEmbed response is
 * JSON whose html is an iframe of the viewer, a hostile name escaped
 * in it and intact in the title.
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
#include "render/embed.h"
#include "render/embedded.h"
#include "render/theme.h"
#include "render/view.h"
#include "util/arena.h"
#include "util/sbuf.h"
#include "util/banned.h"

#define AS_OF "2026-03-05"
#define BASE "https://ocop.example.gov.vn/"
#define HOSTILE "Kẹo \"cu\" </script><img src=x onerror=alert(1)> & đơ"
#define HOSTILE_HTML "Kẹo &quot;cu&quot; &lt;/script&gt;&lt;img src=x " \
	"onerror=alert(1)&gt; &amp; đơ"

static const char SITE_YAML[] =
	"title: OCOP Hà Tĩnh\n"
	"base_url: " BASE "\n"
	"languages: [vi, en]\n";

static const char KEO[] =
	"---\n"
	"name: 'Kẹo \"cu\" </script><img src=x onerror=alert(1)> & đơ'\n"
	"stars: 4\n"
	"group: thuc-pham\n"
	"producer: htx-a\n"
	"location: { province: Hà Tĩnh, commune: Thạch Kim }\n"
	"certificate:\n"
	"  number: 12/QĐ-UBND\n"
	"  issued: 2025-01-10\n"
	"points_of_sale: [cua-hang]\n"
	"---\n";

static const char CAM[] =
	"---\n"
	"name: Cam Vũ Quang\n"
	"stars: 3\n"
	"group: thuc-pham\n"
	"producer: htx-a\n"
	"location: { province: Hà Tĩnh, district: Vũ Quang, commune: Hương Minh }\n"
	"certificate:\n"
	"  number: 13/QĐ-UBND\n"
	"  issued: 2025-01-10\n"
	"---\n";

static const char CAM_EN[] =
	"---\n"
	"name: Vu Quang orange\n"
	"---\n";

static const char CUA_HANG[] =
	"---\n"
	"name: Cửa hàng OCOP\n"
	"kind: ocop-store\n"
	"phone: \"0239 3855 555\"\n"
	"location: { province: Hà Tĩnh, commune: Thạch Hà, address: 1 Trần Phú }\n"
	"---\n";

struct fixture {
	struct fixture_core core;
	struct fixture_files files;
	struct source_set site_only;
	struct site site;
	struct catalog cat;
	struct theme theme;
	struct plan plan;
	struct view views[2];
	struct embed_records records;
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
	fixture_add_file(&f->files, a, "content/products/cam.en.md", CAM_EN);
	fixture_add_file(&f->files, a, "content/points-of-sale/cua-hang.md",
			 CUA_HANG);
	/* the theme sees site.yaml alone: every file is the default's */
	for (size_t i = 0; i < f->files.set.n; i++)
		if (!strcmp(f->files.v[i].path, "site.yaml"))
			f->site_only.v = &f->files.v[i];
	f->site_only.n = 1;
	if (fixture_load_catalog(&f->cat, &f->site, &f->files.set, AS_OF,
				 &f->core) < 0 ||
	    theme_open(&f->theme, &f->site, &f->site_only, a,
		       &f->core.diags) < 0 ||
	    plan_build(&f->plan, &f->cat, NULL, 0, NULL, NULL, NULL, NULL, 0, 1, a, &f->core.diags) < 0 ||
	    f->core.diags.n) {
		fixture_print_diags(&f->core.diags);
		return -1;
	}
	for (int k = 0; k < 2; k++)
		view_init(&f->views[k], a, &f->cat, &f->plan, &f->theme, k);
	embed_records_build(&f->records, &f->cat, 1, a);
	sbuf_init(&f->out);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	sbuf_release(&f->out);
	plan_release(&f->plan);
	theme_close(&f->theme);
	fixture_free(f);
	return 0;
}

static const struct entry *
entry(struct fixture *f, const char *slug)
{
	for (size_t i = 0; i < f->cat.n_products; i++)
		if (!strcmp(f->cat.products[i]->e.slug, slug))
			return &f->cat.products[i]->e;
	fail_msg("no product \"%s\"", slug);
	return NULL;
}

static const struct plan_item *
item(struct fixture *f, const char *path)
{
	for (size_t i = 0; i < f->plan.n; i++)
		if (!strcmp(f->plan.v[i].path, path))
			return &f->plan.v[i];
	fail_msg("no \"%s\" in the plan", path);
	return NULL;
}

static struct json_object *
parse(const char *text)
{
	struct json_object *o = json_tokener_parse(text);
	if (!o)
		fail_msg("not JSON: %.300s", text);
	return o;
}

static struct json_object *
get(struct json_object *o, const char *key)
{
	struct json_object *v;
	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("no \"%s\" in %s", key, json_object_to_json_string(o));
	return v;
}

static const char *
str(struct json_object *o, const char *key)
{
	struct json_object *v = get(o, key);
	assert_true(json_object_is_type(v, json_type_string));
	return json_object_get_string(v);
}

/* Asserts that s starts with prefix. */
static void
assert_starts(const char *s, const char *prefix)
{
	assert_non_null(s);
	if (strncmp(s, prefix, strlen(prefix)))
		fail_msg("\"%s\" does not start with \"%s\"", s, prefix);
}

/* ---- records -------------------------------------------------------- */

/* A record is a card's fields; a name by language only where the
 * translation has its own; the same bytes on several workers. */
static void
test_embed_records(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(f->records.n, 2);
	struct json_object *keo = parse(f->records.v[entry(f, "keo")->index].p);
	assert_string_equal(str(keo, "slug"), "keo");
	assert_string_equal(str(keo, "url"), "products/keo/");
	assert_string_equal(str(get(keo, "name"), "vi"), HOSTILE);
	assert_false(json_object_object_get_ex(get(keo, "name"), "en", NULL));
	assert_int_equal(json_object_get_int(get(keo, "stars")), 4);
	assert_string_equal(str(keo, "status"), "valid");
	assert_string_equal(str(keo, "issued"), "2025-01-10");
	assert_string_equal(str(keo, "group"), "thuc-pham");
	assert_string_equal(str(keo, "place"), "Thạch Kim, Hà Tĩnh");
	assert_string_equal(str(get(keo, "producer"), "vi"), "HTX A");
	assert_false(json_object_object_get_ex(keo, "image", NULL));
	json_object_put(keo);

	struct json_object *cam = parse(f->records.v[entry(f, "cam")->index].p);
	assert_string_equal(str(get(cam, "name"), "vi"), "Cam Vũ Quang");
	assert_string_equal(str(get(cam, "name"), "en"), "Vu Quang orange");
	assert_string_equal(str(cam, "place"), "Hương Minh, Vũ Quang, Hà Tĩnh");
	json_object_put(cam);

	struct embed_records many;
	embed_records_build(&many, &f->cat, 4, &f->core.arena);
	assert_int_equal(many.n, f->records.n);
	for (size_t i = 0; i < many.n; i++) {
		assert_int_equal(many.v[i].len, f->records.v[i].len);
		assert_memory_equal(many.v[i].p, f->records.v[i].p, many.v[i].len);
	}
}

/* ---- the data of views ---------------------------------------------- */

static const char *
data_of(struct fixture *f, const struct plan_item *it)
{
	assert_int_equal(it->kind, PLAN_EMBED_DATA);
	sbuf_reset(&f->out);
	embed_data_head(&f->out, it, &f->records, f->views);
	embed_data_products(&f->out, it, &f->records);
	assert_true(f->out.len > 2 &&
		    !strcmp(f->out.data + f->out.len - 2, "}\n"));
	return f->out.data;
}

static void
test_embed_data_of_a_list(void **state)
{
	struct fixture *f = *state;
	struct json_object *o = parse(data_of(f, item(f, "embed/data/products.json")));
	assert_int_equal(json_object_get_int(get(o, "version")), EMBED_DATA_VERSION);
	assert_string_equal(str(o, "url"), "products/");
	assert_true(json_object_is_type(get(get(o, "title"), "vi"), json_type_string));
	assert_int_equal(json_object_get_int(get(o, "count")), 2);
	struct json_object *products = get(o, "products");
	assert_int_equal(json_object_array_length(products), 2);
	/* the records, pasted in the list's order */
	for (size_t i = 0; i < 2; i++) {
		const struct product *p = f->plan.all.items[i];
		assert_string_equal(str(json_object_array_get_idx(products, i),
					"slug"), p->e.slug);
		assert_non_null(strstr(f->out.data, f->records.v[p->e.index].p));
	}
	json_object_put(o);

	o = parse(data_of(f, item(f,
		"embed/data/provinces/ha-tinh/communes/thach-kim.json")));
	assert_int_equal(json_object_get_int(get(o, "count")), 1);
	assert_string_equal(str(json_object_array_get_idx(get(o, "products"), 0),
				"slug"), "keo");
	json_object_put(o);
}

/* The key of a view's data (its head and its records' digests). */
static void
data_key(struct fixture *f, const struct plan_item *it, struct sbuf *key)
{
	sbuf_reset(key);
	embed_data_head(key, it, &f->records, f->views);
	embed_data_key(key, it, &f->records);
}

static void
test_embed_data_key(void **state)
{
	struct fixture *f = *state;
	const struct plan_item *all = item(f, "embed/data/products.json");
	const struct plan_item *kim = item(f,
		"embed/data/provinces/ha-tinh/communes/thach-kim.json");
	struct sbuf k0 = SBUF_INIT, k1 = SBUF_INIT, k2 = SBUF_INIT;
	data_key(f, all, &k0);
	data_key(f, kim, &k1);
	/* a product's record changes: the keys of the views that show it
	 * change, the others' do not */
	const struct product *keo = (const struct product *)entry(f, "keo");
	const struct product *other = f->plan.all.items[0] == keo
		? f->plan.all.items[1] : f->plan.all.items[0];
	f->records.digest[other->e.index][3] ^= 1;
	data_key(f, all, &k2);
	assert_false(k2.len == k0.len && !memcmp(k2.data, k0.data, k0.len));
	data_key(f, kim, &k2);
	assert_true(k2.len == k1.len && !memcmp(k2.data, k1.data, k1.len));
	f->records.digest[other->e.index][3] ^= 1;
	f->records.digest[keo->e.index][0] ^= 1;
	data_key(f, kim, &k2);
	assert_false(k2.len == k1.len && !memcmp(k2.data, k1.data, k1.len));
	f->records.digest[keo->e.index][0] ^= 1;
	data_key(f, kim, &k2);
	assert_true(k2.len == k1.len && !memcmp(k2.data, k1.data, k1.len));
	sbuf_release(&k0);
	sbuf_release(&k1);
	sbuf_release(&k2);
}

static void
test_embed_data_of_a_point_of_sale(void **state)
{
	struct fixture *f = *state;
	const struct plan_item *it = NULL;
	for (size_t i = 0; i < f->plan.n; i++)
		if (f->plan.v[i].kind == PLAN_EMBED_DATA && f->plan.v[i].entry &&
		    f->plan.v[i].entry->kind == ENTRY_POS)
			it = &f->plan.v[i];
	assert_non_null(it);
	struct json_object *o = parse(data_of(f, it));
	assert_string_equal(str(o, "url"), "points-of-sale/cua-hang/");
	assert_string_equal(str(get(o, "title"), "vi"), "Cửa hàng OCOP");
	struct json_object *pos = get(o, "pos");
	assert_string_equal(str(pos, "kind"), "ocop-store");
	assert_string_equal(str(pos, "address"), "1 Trần Phú");
	assert_string_equal(str(pos, "place"), "Thạch Hà, Hà Tĩnh");
	assert_string_equal(str(pos, "phone"), "0239 3855 555");
	assert_int_equal(json_object_get_int(get(o, "count")), 1);
	assert_string_equal(str(get(json_object_array_get_idx(get(o, "products"), 0),
				    "name"), "vi"), HOSTILE);
	json_object_put(o);
}

/* ---- embed.js ------------------------------------------------------- */

static void
test_embed_script_is_called_with_the_viewers(void **state)
{
	struct fixture *f = *state;
	embed_script(&f->out, &f->site);
	assert_int_equal(embed_script_count, 1);
	size_t n = embed_script_files[0].len;
	assert_true(f->out.len > n);
	assert_memory_equal(f->out.data, embed_script_files[0].data, n);
	assert_string_equal(f->out.data + n, "({\"language\":\"vi\",\"viewers\":"
			    "{\"vi\":\"embed/\",\"en\":\"en/embed/\"}});\n");
}

/* ---- snippets and oEmbed -------------------------------------------- */

static void
test_embed_snippets(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	const struct site *s = &f->site;
	assert_string_equal(embed_snippet(a, s, 0, &f->plan.all, NULL, HOSTILE),
		"<div data-ocop-list data-lang=\"vi\"><a href=\"" BASE
		"products/\">" HOSTILE_HTML "</a></div>\n"
		"<script async src=\"" BASE "embed.js\"></script>");
	assert_string_equal(embed_snippet(a, s, 1, NULL, entry(f, "keo"), "K"),
		"<div data-ocop-product=\"keo\" data-lang=\"en\"><a href=\"" BASE
		"en/products/keo/\">K</a></div>\n"
		"<script async src=\"" BASE "embed.js\"></script>");
	const struct plan_list *commune = item(f,
		"embed/data/provinces/ha-tinh/communes/thach-kim.json")->list;
	const char *sn = embed_snippet(a, s, 0, commune, NULL, "C");
	assert_starts(sn, "<div data-ocop-list data-province=\"ha-tinh\" "
		      "data-commune=\"thach-kim\" data-lang=\"vi\"><a href=\""
		      BASE "provinces/ha-tinh/communes/thach-kim/\">C</a>");
	const struct plan_list *district = item(f,
		"embed/data/provinces/ha-tinh/districts/vu-quang.json")->list;
	sn = embed_snippet(a, s, 1, district, NULL, "D");
	assert_starts(sn, "<div data-ocop-list data-province=\"ha-tinh\" "
		      "data-district=\"vu-quang\" data-lang=\"en\"><a href=\""
		      BASE "en/provinces/ha-tinh/districts/vu-quang/\">D</a>");
	sn = embed_snippet(a, s, 0, NULL, &f->cat.pos[0]->e, "P");
	assert_starts(sn, "<div data-ocop-pos=\"cua-hang\" data-lang=\"vi\">"
		      "<a href=\"" BASE "points-of-sale/cua-hang/\">P</a>");
	sn = embed_snippet(a, s, 0, NULL, &f->cat.producers[0]->e, "H");
	assert_starts(sn, "<div data-ocop-list data-producer=\"htx-a\" "
		      "data-lang=\"vi\"><a href=\"" BASE "producers/htx-a/\">");
	sn = embed_snippet(a, s, 0, &f->plan.stars[1], NULL, "S");
	assert_non_null(strstr(sn, " data-stars=\"4\" "));

	/* no view: a producer type's list; no base_url: nothing */
	assert_null(embed_snippet(a, s, 0, &f->plan.types[0], NULL, "T"));
	assert_null(embed_oembed_url(a, s, 0, &f->plan.types[0], NULL));
	struct site rootless = *s;
	rootless.base_url = "/";
	assert_null(embed_snippet(a, &rootless, 0, &f->plan.all, NULL, "A"));
	assert_null(embed_oembed_url(a, &rootless, 0, NULL, entry(f, "keo")));

	assert_string_equal(embed_oembed_url(a, s, 1, NULL, entry(f, "keo")),
			    BASE "en/products/keo/oembed.json");
	assert_string_equal(embed_oembed_url(a, s, 0, &f->plan.all, NULL),
			    BASE "products/oembed.json");
}

/* The oEmbed response of it in view v, to f->out. */
static void
oembed_of(struct fixture *f, const struct plan_item *it, struct view *v)
{
	struct oembed o;
	assert_true(embed_oembed_fields(&o, it, v));
	embed_oembed(&f->out, &o);
}

static void
test_embed_oembed_response(void **state)
{
	struct fixture *f = *state;
	const struct plan_item *it = item(f, "products/keo/oembed.json");
	assert_int_equal(it->kind, PLAN_OEMBED);
	oembed_of(f, it, &f->views[0]);
	assert_int_equal(f->out.data[f->out.len - 1], '\n');
	struct json_object *o = parse(f->out.data);
	assert_string_equal(str(o, "version"), "1.0");
	assert_string_equal(str(o, "type"), "rich");
	assert_string_equal(str(o, "title"), HOSTILE);
	assert_string_equal(str(o, "provider_name"), "OCOP Hà Tĩnh");
	assert_string_equal(str(o, "provider_url"), BASE);
	assert_string_equal(str(o, "author_name"), "HTX A");
	assert_string_equal(str(o, "author_url"), BASE "producers/htx-a/");
	assert_int_equal(json_object_get_int(get(o, "width")), 360);
	assert_int_equal(json_object_get_int(get(o, "height")), 480);
	const char *html = str(o, "html");
	assert_starts(html, "<iframe src=\"" BASE "embed/?product=keo\" "
		      "title=\"" HOSTILE_HTML "\" width=\"360\" height=\"480\" ");
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "</script"));
	assert_non_null(strstr(html, " sandbox=\""));
	json_object_put(o);

	/* a list's, in English: its parameters joined with &amp; */
	sbuf_reset(&f->out);
	it = item(f, "en/provinces/ha-tinh/communes/thach-kim/oembed.json");
	oembed_of(f, it, &f->views[1]);
	o = parse(f->out.data);
	assert_string_equal(str(o, "provider_url"), BASE "en/");
	assert_false(json_object_object_get_ex(o, "author_name", NULL));
	assert_non_null(strstr(str(o, "html"), "<iframe src=\"" BASE
		"en/embed/?province=ha-tinh&amp;commune=thach-kim\""));
	json_object_put(o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_embed_records),
		T(test_embed_data_of_a_list),
		T(test_embed_data_key),
		T(test_embed_data_of_a_point_of_sale),
		T(test_embed_script_is_called_with_the_viewers),
		T(test_embed_snippets),
		T(test_embed_oembed_response),
#undef T
	};
	return cmocka_run_group_tests_name("embed", tests, NULL, NULL);
}
