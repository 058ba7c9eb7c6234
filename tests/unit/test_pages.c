/*
 * test_pages.c - rendering the plan (render/pages.h): a small catalog
 * of two products is loaded from literal files, planned with the
 * theme's static files, and rendered through a sink that keeps every
 * file in memory.  Every item of the plan is written once, at its
 * path; pages carry their entry in every language (the default
 * language's text, marked, where a translation is missing); a
 * catalog's template is the one used; theme files go out byte for
 * byte; robots.txt and the sitemap point at base_url; the bytes are
 * the same whatever the number of workers; and a failing write or
 * template stops the build with -1.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "model/catalog.h"
#include "model/site.h"
#include "plan/plan.h"
#include "render/pages.h"
#include "render/theme.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/banned.h"

#define AS_OF "2026-03-05"

static const char SITE_YAML[] =
	"title: OCOP Hà Tĩnh\n"
	"base_url: https://ocop.test/\n"
	"languages: [vi, en]\n";

enum { MAX_OUT = 256 };

/* A file handed to the sink: both strings are malloc()ed (workers
 * write at once, and arenas are not shared between threads). */
struct out_file {
	char *path;
	char *data;         /* NUL-terminated copy */
	size_t len;
};

struct sink {
	pthread_mutex_t lock;
	struct out_file v[MAX_OUT];
	size_t n;
	const char *fail_at;      /* a path whose write fails, or NULL */
	struct diag_list *dl;
};

struct fixture {
	struct fixture_core core;
	struct fixture_files files;
	struct site site;
	struct catalog cat;
	struct theme theme;
	struct plan plan;
	struct sink out[2];
};

static int
setup(void **state)
{
	struct fixture *f = fixture_new(sizeof(*f));
	if (!f)
		return -1;
	for (int k = 0; k < 2; k++) {
		pthread_mutex_init(&f->out[k].lock, NULL);
		f->out[k].dl = &f->core.diags;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; i < f->out[k].n; i++) {
			free(f->out[k].v[i].path);
			free(f->out[k].v[i].data);
		}
		pthread_mutex_destroy(&f->out[k].lock);
	}
	plan_release(&f->plan);
	theme_close(&f->theme);
	fixture_free(f);
	return 0;
}

static int
sink_write(void *payload, const char *path, const void *data, size_t len,
	   const unsigned char *key)
{
	(void)key;
	struct sink *s = payload;
	if (s->fail_at && !strcmp(path, s->fail_at)) {
		pthread_mutex_lock(&s->lock);
		diag_error(s->dl, (struct pos){ path, 0, 0 }, "io",
			   "cannot write \"%s\": disk full", path);
		pthread_mutex_unlock(&s->lock);
		return -1;
	}
	char *copy = malloc(len + 1);
	char *p = strdup(path);
	if (!copy || !p)
		abort();
	memcpy(copy, data, len);
	copy[len] = '\0';
	pthread_mutex_lock(&s->lock);
	if (s->n == MAX_OUT)
		abort();
	s->v[s->n++] = (struct out_file){ p, copy, len };
	pthread_mutex_unlock(&s->lock);
	return 0;
}

static void
add(struct fixture *f, const char *path, const char *text)
{
	fixture_add_file(&f->files, &f->core.arena, path, text);
}

/* Adds the catalog: two products of one producer, one revoked. */
static void
add_catalog(struct fixture *f)
{
	struct arena *a = &f->core.arena;
	add(f, "site.yaml", SITE_YAML);
	add(f, "content/producers/htx-a.md", fixture_producer_md(a, "HTX A", ""));
	add(f, "content/products/keo.md",
	    "---\nname: Kẹo cu đơ\nstars: 4\ngroup: thuc-pham\n"
	    "producer: htx-a\nlocation: { province: Hà Tĩnh, commune: Thạch Kim }\n"
	    "certificate: { number: 12/QĐ-UBND, issued: 2024-06-12 }\n"
	    "points_of_sale: []\n---\nKẹo **lạc** và gừng.\n");
	add(f, "content/products/mat-ong.md",
	    "---\nname: Mật ong\nstars: 3\ngroup: thuc-pham\n"
	    "producer: htx-a\nlocation: { province: Hà Tĩnh, commune: Thạch Kim }\n"
	    "certificate: { number: 13/QĐ-UBND, issued: 2024-06-12,"
	    " revoked: { date: 2025-01-02, decision: 9/QĐ-UBND,"
	    " reason: Vi phạm } }\n"
	    "points_of_sale: []\n---\n");
	add(f, "content/products/mat-ong.en.md",
	    "---\nname: Honey\n---\n");
}

/* Loads, opens the theme and plans what add_catalog() and the test
 * added; no diag may come of it. */
static void
plan_site(struct fixture *f)
{
	struct arena *a = &f->core.arena;
	assert_int_equal(fixture_load_catalog(&f->cat, &f->site, &f->files.set,
					      AS_OF, &f->core), 0);
	assert_int_equal(theme_open(&f->theme, &f->site, &f->files.set, a,
				    &f->core.diags), 0);
	/* as main() does: every template compiled before any page */
	assert_int_equal(theme_check(&f->theme), 0);
	struct plan_file *files;
	size_t n = pages_theme_files(&files, &f->theme, a);
	assert_int_equal(plan_build(&f->plan, &f->cat, files, n, NULL, NULL, NULL, NULL, 0, 1, a,
				    &f->core.diags), 0);
	fixture_assert_diag_count(&f->core.diags, 0);
}

static enum exit_status
build(struct fixture *f, int k, int jobs)
{
	struct build_info info = { "0123456789abcdef0123456789abcdef01234567",
				   "9.9.9", NULL, false, NULL, false };
	struct page_sink sink = { sink_write, NULL, &f->out[k] };
	return pages_build(&f->plan, &f->theme, &info, &sink, jobs,
			   &f->core.arena, &f->core.diags);
}

/* Borrowed: the file written at path by build k. */
static const struct out_file *
written(const struct fixture *f, int k, const char *path)
{
	for (size_t i = 0; i < f->out[k].n; i++)
		if (!strcmp(f->out[k].v[i].path, path))
			return &f->out[k].v[i];
	fail_msg("\"%s\" was not written", path);
	return NULL;
}

static void
assert_contains(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("no \"%s\" in:\n%s", want, text);
}

static void
assert_lacks(const char *text, const char *unwanted)
{
	if (strstr(text, unwanted))
		fail_msg("\"%s\" should not be in:\n%s", unwanted, text);
}

static int
cmp_out(const void *x, const void *y)
{
	const struct out_file *a = x, *b = y;
	return strcmp(a->path, b->path);
}

static void
test_pages_every_item_of_the_plan_once(void **state)
{
	struct fixture *f = *state;
	add_catalog(f);
	plan_site(f);
	assert_int_equal(build(f, 0, 1), EXIT_OK);
	fixture_assert_diag_count(&f->core.diags, 0);

	assert_int_equal(f->out[0].n, f->plan.n);
	for (size_t i = 0; i < f->plan.n; i++)
		written(f, 0, f->plan.v[i].path);
	qsort(f->out[0].v, f->out[0].n, sizeof(f->out[0].v[0]), cmp_out);
	for (size_t i = 1; i < f->out[0].n; i++)
		assert_string_not_equal(f->out[0].v[i - 1].path,
					f->out[0].v[i].path);
	/* both languages, the lists and the entries */
	written(f, 0, "index.html");
	written(f, 0, "en/index.html");
	written(f, 0, "products/keo/index.html");
	written(f, 0, "en/products/keo/index.html");
	written(f, 0, "producers/htx-a/index.html");
	written(f, 0, "404.html");
}

/* A product's page in each language: the translation where there is
 * one, else the default language's text marked as such. */
static void
test_pages_product_page_in_each_language(void **state)
{
	struct fixture *f = *state;
	add_catalog(f);
	plan_site(f);
	assert_int_equal(build(f, 0, 1), EXIT_OK);

	const char *vi = written(f, 0, "products/keo/index.html")->data;
	assert_contains(vi, "<html lang=\"vi\">");
	assert_contains(vi, "<h1>Kẹo cu đơ</h1>");
	assert_contains(vi, "<p>Kẹo <strong>lạc</strong> và gừng.</p>");
	assert_contains(vi, "<meta name=\"generator\" content=\"ocop 9.9.9\">");
	assert_lacks(vi, "is-revoked");

	const char *en = written(f, 0, "en/products/keo/index.html")->data;
	assert_contains(en, "<html lang=\"en\">");
	assert_contains(en, "<h1 lang=\"vi\">Kẹo cu đơ</h1>");
	assert_contains(en, "<p class=\"notice\">");

	const char *honey = written(f, 0, "en/products/mat-ong/index.html")->data;
	assert_contains(honey, "<h1>Honey</h1>");
	assert_contains(honey, "<article class=\"product is-revoked\">");
	assert_lacks(honey, "<p class=\"notice\">");
	assert_contains(written(f, 0, "products/mat-ong/index.html")->data,
			"<h1>Mật ong</h1>");
}

/* A catalog's card template is the one every list uses. */
static void
test_pages_catalog_template_used(void **state)
{
	struct fixture *f = *state;
	add_catalog(f);
	add(f, "themes/default/templates/card.mustache",
	    "<article class=\"card\">RIÊNG {{name}}</article>\n");
	plan_site(f);
	assert_int_equal(build(f, 0, 1), EXIT_OK);

	const char *list = written(f, 0, "products/index.html")->data;
	assert_contains(list, "<article class=\"card\">RIÊNG Kẹo cu đơ</article>");
	assert_contains(list, "<article class=\"card\">RIÊNG Mật ong</article>");
	assert_contains(written(f, 0, "en/products/index.html")->data,
			"<article class=\"card\">RIÊNG Honey</article>");
}

/* Theme files go out as they are; robots.txt and the sitemap name the
 * site's base_url. */
static void
test_pages_files_robots_and_sitemap(void **state)
{
	struct fixture *f = *state;
	add_catalog(f);
	add(f, "themes/default/static/extra.css", "p { color: red }\n");
	plan_site(f);
	assert_int_equal(build(f, 0, 1), EXIT_OK);

	const struct out_file *css = written(f, 0, "extra.css");
	assert_int_equal(css->len, strlen("p { color: red }\n"));
	assert_string_equal(css->data, "p { color: red }\n");
	const struct theme_file *style = theme_find(&f->theme,
						    "static/assets/style.css");
	assert_non_null(style);
	const struct out_file *out = written(f, 0, "assets/style.css");
	assert_int_equal(out->len, style->data.len);
	assert_memory_equal(out->data, style->data.p, style->data.len);

	assert_string_equal(written(f, 0, "robots.txt")->data,
		"User-agent: *\nAllow: /\n\nSitemap: https://ocop.test/sitemap.xml\n");
	const char *map = written(f, 0, "sitemap.xml")->data;
	assert_contains(map, "<loc>https://ocop.test/products/keo/</loc>");
	assert_contains(map, "<loc>https://ocop.test/en/products/keo/</loc>");
	assert_lacks(map, "extra.css");
	assert_lacks(map, "404");
}

/* Two workers write the same files with the same bytes as one. */
static void
test_pages_same_bytes_whatever_the_jobs(void **state)
{
	struct fixture *f = *state;
	add_catalog(f);
	plan_site(f);
	assert_int_equal(build(f, 0, 1), EXIT_OK);
	assert_int_equal(build(f, 1, 2), EXIT_OK);
	fixture_assert_diag_count(&f->core.diags, 0);

	assert_int_equal(f->out[1].n, f->out[0].n);
	for (size_t i = 0; i < f->out[0].n; i++) {
		const struct out_file *a = &f->out[0].v[i];
		const struct out_file *b = written(f, 1, a->path);
		assert_int_equal(b->len, a->len);
		assert_memory_equal(b->data, a->data, a->len);
	}
}

/* A write that fails stops the build as the system's failure, with the
 * sink's diag. */
static void
test_pages_write_error_fails(void **state)
{
	struct fixture *f = *state;
	add_catalog(f);
	plan_site(f);
	f->out[0].fail_at = "products/keo/index.html";
	assert_int_equal(build(f, 0, 1), EXIT_SYSTEM);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
		"products/keo/index.html", 0, 0, "io",
		"cannot write \"products/keo/index.html\": disk full", NULL);
	for (size_t i = 0; i < f->out[0].n; i++)
		assert_string_not_equal(f->out[0].v[i].path,
					"products/keo/index.html");
}

/* A template that cannot render (a partial that includes itself
 * compiles, but never ends) fails the build as the catalog's failure,
 * with one diag at the template, however many cards use it. */
static void
test_pages_template_error_fails(void **state)
{
	struct fixture *f = *state;
	add_catalog(f);
	add(f, "themes/default/templates/card.mustache", "x{{>card}}\n");
	plan_site(f);
	assert_int_equal(build(f, 0, 1), EXIT_ERRORS);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
		"themes/default/templates/card.mustache", 1, 2, "template",
		"partial \"card\" nested deeper than 100 levels", fixture_any);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_pages_every_item_of_the_plan_once),
		T(test_pages_product_page_in_each_language),
		T(test_pages_catalog_template_used),
		T(test_pages_files_robots_and_sitemap),
		T(test_pages_same_bytes_whatever_the_jobs),
		T(test_pages_write_error_fails),
		T(test_pages_template_error_fails),
#undef T
	};
	return cmocka_run_group_tests_name("pages", tests, NULL, NULL);
}
