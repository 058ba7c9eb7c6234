/*
 * test_plan.c - the page plan (plan/plan.h): decision pages, the
 * labels, the embeds, search and old URLs.  The URLs themselves (plan/urls.h), decision
 * slugs included, are test_urls.c's.
 *
 * Catalogs are loaded by catalog_load() from literal files; the plan is
 * built without theme files.  A decision is a number from one issuer on
 * one day; one that recognised two products or more gets a page, in
 * every language, per_page (2 here) products to a page.
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
#include "plan/plan.h"
#include "plan/urls.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/banned.h"

#define AS_OF "2026-03-05"

static const char SITE_YAML[] =
	"title: OCOP\n"
	"base_url: https://ocop.example.gov.vn/\n"
	"languages: [vi, en]\n"
	"per_page: 2\n";

struct fixture {
	struct fixture_core core;
	struct fixture_files files[2];
	struct site site[2];
	struct catalog cat[2];
	struct plan plan[2];
};

/* One product of a catalog: its slug, name and decision. */
struct item {
	const char *slug, *name, *number, *issuer, *issued;
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
	for (int k = 0; k < 2; k++)
		plan_release(&f->plan[k]);
	fixture_free(f);
	return 0;
}

static const char *
product_md(struct arena *a, const struct item *it)
{
	return arena_printf(a,
		"---\n"
		"name: %s\n"
		"stars: 3\n"
		"group: thuc-pham\n"
		"producer: htx-a\n"
		"location: { province: Hà Tĩnh, commune: Thạch Kim }\n"
		"certificate:\n"
		"  number: '%s'\n"
		"  issued: %s\n"
		"%s%s%s"
		"---\n", it->name, it->number, it->issued,
		it->issuer ? "  issuer: '" : "", it->issuer ? it->issuer : "",
		it->issuer ? "'\n" : "");
}

/* Loads catalog k of f from items and plans it, with no diag. */
static void
build(struct fixture *f, int k, const struct item *items, size_t n)
{
	struct arena *a = &f->core.arena;
	struct fixture_files *fs = &f->files[k];
	fixture_add_file(fs, a, "site.yaml", SITE_YAML);
	fixture_add_file(fs, a, "content/producers/htx-a.md",
			 fixture_producer_md(a, "HTX A", ""));
	for (size_t i = 0; i < n; i++)
		fixture_add_file(fs, a, arena_printf(a, "content/products/%s.md",
				 items[i].slug), product_md(a, &items[i]));
	assert_int_equal(fixture_load_catalog(&f->cat[k], &f->site[k], &fs->set,
					      AS_OF, &f->core), 0);
	assert_int_equal(f->cat[k].n_products, n);
	assert_int_equal(plan_build(&f->plan[k], &f->cat[k], NULL, 0, NULL, NULL, NULL, NULL, 0, 1, a,
				    &f->core.diags), 0);
	fixture_assert_diag_count(&f->core.diags, 0);
}

static const struct product *
product(const struct fixture *f, int k, const char *slug)
{
	for (size_t i = 0; i < f->cat[k].n_products; i++)
		if (!strcmp(f->cat[k].products[i]->e.slug, slug))
			return f->cat[k].products[i];
	fail_msg("no product \"%s\"", slug);
	return NULL;
}

/* The slug of the decision page that lists product slug. */
static const char *
decision_slug(const struct fixture *f, int k, const char *slug)
{
	const struct plan_list *d = plan_decision(&f->plan[k], product(f, k, slug));
	if (!d)
		fail_msg("product \"%s\" has no decision page", slug);
	return d->slug;
}

/* How many pages of the plan are at a path starting with prefix (files
 * beside them, such as an oEmbed response, are not pages). */
static size_t
pages_under(const struct plan *p, const char *prefix)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n; i++)
		n += p->v[i].url &&
		     !strncmp(p->v[i].path, prefix, strlen(prefix));
	return n;
}

/* ---- decisions in the plan --------------------------------------- */

static void
test_plan_decisions_of_two_products_or_more(void **state)
{
	struct fixture *f = *state;
#define N101 "101/QĐ-UBND"
#define D "2025-01-10"
	const struct item items[] = {
		{ "a", "Sản phẩm A", N101, "UBND tỉnh Hà Tĩnh", D },
		{ "b", "Sản phẩm B", N101, "UBND tỉnh Hà Tĩnh", D },
		{ "c", "Sản phẩm C", N101, "UBND tỉnh Hà Tĩnh", D },
		/* the same number from two other provinces: another page,
		 * and no page for a decision of one product */
		{ "d", "Sản phẩm D", N101, "UBND tỉnh Nghệ An", D },
		{ "e", "Sản phẩm E", N101, "UBND tỉnh Nghệ An", D },
		{ "g", "Sản phẩm G", N101, "UBND tỉnh Hà Giang", D },
		/* another day, another number, no issuer */
		{ "h", "Sản phẩm H", N101, "UBND tỉnh Hà Tĩnh", "2025-02-10" },
		{ "i", "Sản phẩm I", "102/QĐ-UBND", "UBND tỉnh Hà Tĩnh", D },
		{ "j", "Sản phẩm J", N101, NULL, D },
	};
#undef N101
#undef D
	build(f, 0, items, sizeof(items) / sizeof(items[0]));
	const struct plan *p = &f->plan[0];
	assert_int_equal(p->n_decisions, 2);
	const struct plan_list *ht = &p->decisions[0], *na = &p->decisions[1];
	assert_string_equal(ht->slug, "101-qd-ubnd-2025-01-10-ubnd-tinh-ha-tinh");
	assert_string_equal(ht->url,
			    "decisions/101-qd-ubnd-2025-01-10-ubnd-tinh-ha-tinh/");
	assert_string_equal(ht->name, "101/QĐ-UBND");
	assert_string_equal(ht->cert->issuer, "UBND tỉnh Hà Tĩnh");
	assert_int_equal(ht->kind, LIST_DECISION);
	assert_int_equal(ht->n, 3);
	assert_int_equal(ht->pages, 2);
	/* in catalog order */
	assert_string_equal(ht->items[0]->e.slug, "a");
	assert_string_equal(ht->items[1]->e.slug, "b");
	assert_string_equal(ht->items[2]->e.slug, "c");
	assert_string_equal(na->slug, "101-qd-ubnd-2025-01-10-ubnd-tinh-nghe-an");
	assert_int_equal(na->n, 2);
	assert_int_equal(na->pages, 1);

	assert_ptr_equal(plan_decision(p, product(f, 0, "a")), ht);
	assert_ptr_equal(plan_decision(p, product(f, 0, "c")), ht);
	assert_ptr_equal(plan_decision(p, product(f, 0, "e")), na);
	for (const char *const *s = (const char *const[]){ "g", "h", "i", "j", NULL };
	     *s; s++)
		assert_null(plan_decision(p, product(f, 0, *s)));
	assert_null(plan_decision(NULL, product(f, 0, "a")));

	/* pages in both languages, paginated */
	assert_int_equal(pages_under(p, "decisions/"), 3);
	assert_int_equal(pages_under(p, "en/decisions/"), 3);
	assert_int_equal(pages_under(p,
		"decisions/101-qd-ubnd-2025-01-10-ubnd-tinh-ha-tinh/page/2/index.html"), 1);
	assert_int_equal(pages_under(p,
		"en/decisions/101-qd-ubnd-2025-01-10-ubnd-tinh-nghe-an/index.html"), 1);
	assert_int_equal(pages_under(p,
		"decisions/101-qd-ubnd-2025-01-10-ubnd-tinh-nghe-an/page/"), 0);
	for (size_t i = 0; i < p->n; i++)
		if (!strncmp(p->v[i].path, "decisions/", 10) &&
		    p->v[i].kind != PLAN_OEMBED) {
			assert_int_equal(p->v[i].kind, PLAN_LIST);
			assert_non_null(p->v[i].url);   /* in the sitemap */
		}
}

static void
test_plan_no_decision_page_for_single_products(void **state)
{
	struct fixture *f = *state;
	const struct item items[] = {
		{ "a", "Sản phẩm A", "1/QĐ-UBND", NULL, "2025-01-10" },
		{ "b", "Sản phẩm B", "2/QĐ-UBND", NULL, "2025-01-10" },
		{ "c", "Sản phẩm C", "1/QĐ-UBND", "UBND tỉnh Hà Tĩnh", "2025-01-10" },
	};
	build(f, 0, items, 3);
	assert_int_equal(f->plan[0].n_decisions, 0);
	assert_int_equal(pages_under(&f->plan[0], "decisions/"), 0);
	assert_int_equal(pages_under(&f->plan[0], "en/decisions/"), 0);
	assert_null(plan_decision(&f->plan[0], product(f, 0, "a")));
}

/*
 * Four decisions whose numbers and issuer fold to one slug.  In
 * (number, issuer) order "1 qđ" < "1-QĐ" < "1/QĐ" < "1/QĐ" of "2"; the
 * last one's own slug is "...-2", so the twins' counters skip it.  The
 * slugs depend on the decisions only: the same with the files' names
 * and the products' order reversed.
 */
static void
test_plan_decision_slugs_never_shared(void **state)
{
	struct fixture *f = *state;
	const char *d = "2025-03-01";
	const struct item items[] = {
		{ "a1", "A1", "1 qđ", NULL, d }, { "a2", "A2", "1 qđ", NULL, d },
		{ "b1", "B1", "1-QĐ", NULL, d }, { "b2", "B2", "1-QĐ", NULL, d },
		{ "c1", "C1", "1/QĐ", NULL, d }, { "c2", "C2", "1/QĐ", NULL, d },
		{ "d1", "D1", "1/QĐ", "2", d },  { "d2", "D2", "1/QĐ", "2", d },
	};
	enum { N = sizeof(items) / sizeof(items[0]) };
	struct item reversed[N];
	for (size_t i = 0; i < N; i++) {
		reversed[i] = items[N - 1 - i];
		reversed[i].slug = items[i].slug;
		reversed[i].name = items[i].name;
	}
	build(f, 0, items, N);
	build(f, 1, reversed, N);
	assert_int_equal(f->plan[0].n_decisions, 4);
	assert_string_equal(decision_slug(f, 0, "a1"), "1-qd-2025-03-01");
	assert_string_equal(decision_slug(f, 0, "d1"), "1-qd-2025-03-01-2");
	assert_string_equal(decision_slug(f, 0, "b2"), "1-qd-2025-03-01-3");
	assert_string_equal(decision_slug(f, 0, "c1"), "1-qd-2025-03-01-4");
	/* reversed: a1 now holds d1's decision, and so on */
	assert_string_equal(decision_slug(f, 1, "a1"), "1-qd-2025-03-01-2");
	assert_string_equal(decision_slug(f, 1, "b1"), "1-qd-2025-03-01-4");
	assert_string_equal(decision_slug(f, 1, "c1"), "1-qd-2025-03-01-3");
	assert_string_equal(decision_slug(f, 1, "d1"), "1-qd-2025-03-01");
	/* four pages, and no path planned twice (plan_build said nothing) */
	assert_int_equal(pages_under(&f->plan[0], "decisions/"), 4);
}

/* The index of the plan's item at path; fails the test when none. */
static size_t
item_at(const struct plan *p, const char *path)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].path, path))
			return i;
	fail_msg("nothing planned at \"%s\"", path);
	return 0;
}

/*
 * Labels (docs/labels.md): each product's QR code and label page, in
 * the default language only, after every language's pages and before
 * the open data; the sitemap lists the product pages, never a label
 * page nor a QR code.  No point of sale here: no sheet of tags.
 */
static void
test_plan_labels_in_the_default_language_only(void **state)
{
	struct fixture *f = *state;
	const struct item items[] = {
		{ "a", "Sản phẩm A", "1/QĐ-UBND", NULL, "2025-01-10" },
		{ "b", "Sản phẩm B", "2/QĐ-UBND", NULL, "2025-01-10" },
	};
	build(f, 0, items, 2);
	const struct plan *p = &f->plan[0];
	size_t last_page = 0, first_data = p->n, labels = 0, codes = 0;
	for (size_t i = 0; i < p->n; i++) {
		const struct plan_item *it = &p->v[i];
		if (it->kind == PLAN_LABEL) {
			labels++;
			assert_int_equal(it->lang, 0);
			assert_false(plan_in_sitemap(it));
		} else if (it->kind == PLAN_QR) {
			codes++;
			assert_null(it->url);
			assert_false(plan_in_sitemap(it));
		} else if (it->kind == PLAN_DATA && first_data == p->n) {
			first_data = i;
		} else if (it->kind == PLAN_EMBED_PAGE ||
			   it->kind == PLAN_SEARCH_PAGE) {
			assert_false(plan_in_sitemap(it));
		} else if (it->kind == PLAN_VERIFY_PAGE) {
			/* after the files, like search: its first page only */
			assert_int_equal(plan_in_sitemap(it), it->page == 0);
		} else if (it->url) {
			last_page = i;
			assert_true(plan_in_sitemap(it));
		}
		assert_int_not_equal(it->kind, PLAN_POS_LABELS);
		assert_null(strstr(it->path, "en/products/a/label"));
	}
	assert_int_equal(labels, 2);
	assert_int_equal(codes, 2);
	for (size_t k = 0; k < 2; k++) {
		const char *slug = items[k].slug;
		size_t label = item_at(p, arena_printf(&f->core.arena,
					"products/%s/label/index.html", slug));
		size_t code = item_at(p, arena_printf(&f->core.arena,
					"products/%s/qr.svg", slug));
		assert_string_equal(p->v[label].url,
				    urls_product_label(&f->core.arena, slug));
		assert_ptr_equal(p->v[label].entry, &product(f, 0, slug)->e);
		assert_ptr_equal(p->v[code].entry, &product(f, 0, slug)->e);
		assert_true(last_page < label && label < code &&
			    code < first_data);
	}
	assert_true(plan_in_sitemap(&p->v[item_at(p, "en/products/a/index.html")]));
}

/* The embeds: a viewer per language, kept out of the sitemap; one
 * embed.js; one data file per list of products, producer and point of
 * sale, pointing at what it shows; an oEmbed response beside each page
 * that has a view, in each language, and beside no other page. */
static void
test_plan_embeds(void **state)
{
	struct fixture *f = *state;
	const struct item items[] = {
		{ "a", "Sản phẩm A", "1/QĐ-UBND", NULL, "2025-01-10" },
		{ "b", "Sản phẩm B", "1/QĐ-UBND", NULL, "2025-01-10" },
	};
	build(f, 0, items, 2);
	const struct plan *p = &f->plan[0];
	for (int lang = 0; lang < 2; lang++) {
		const struct plan_item *v = &p->v[item_at(p, lang
			? "en/embed/index.html" : "embed/index.html")];
		assert_int_equal(v->kind, PLAN_EMBED_PAGE);
		assert_int_equal(v->lang, lang);
		assert_false(plan_in_sitemap(v));
	}
	size_t scripts = 0, data = 0, oembeds = 0;
	for (size_t i = 0; i < p->n; i++) {
		const struct plan_item *it = &p->v[i];
		scripts += it->kind == PLAN_EMBED_SCRIPT;
		data += it->kind == PLAN_EMBED_DATA;
		if (it->kind != PLAN_OEMBED)
			continue;
		oembeds++;
		assert_null(it->url);
		/* beside a page of its language */
		const char *slash = strrchr(it->path, '/');
		assert_non_null(slash);
		const char *page = arena_printf(&f->core.arena, "%.*sindex.html",
			(int)(slash + 1 - it->path), it->path);
		assert_int_equal(p->v[item_at(p, page)].lang, it->lang);
	}
	assert_int_equal(scripts, 1);
	assert_string_equal(p->v[item_at(p, "embed.js")].path, "embed.js");
	/* all, 3 stars lists, a group, a province, a commune, a decision,
	 * the producer: 9 */
	assert_int_equal(data, 9);
	assert_ptr_equal(p->v[item_at(p, "embed/data/products.json")].list, &p->all);
	assert_ptr_equal(p->v[item_at(p, "embed/data/stars/3.json")].list, &p->stars[0]);
	assert_ptr_equal(p->v[item_at(p, "embed/data/groups/thuc-pham.json")].list,
			 &p->groups[GROUP_THUC_PHAM]);
	assert_ptr_equal(p->v[item_at(p, "embed/data/provinces/ha-tinh.json")].list,
			 &p->provinces[0]);
	assert_ptr_equal(p->v[item_at(p,
		"embed/data/provinces/ha-tinh/communes/thach-kim.json")].list,
		&p->provinces[0].children[0]);
	assert_ptr_equal(p->v[item_at(p, "embed/data/decisions/1-qd-ubnd-2025-01-10.json")].list,
			 &p->decisions[0]);
	const struct plan_item *pr = &p->v[item_at(p, "embed/data/producers/htx-a.json")];
	assert_null(pr->list);
	assert_ptr_equal(pr->entry, &f->cat[0].producers[0]->e);
	/* per language: 9 views, 2 products */
	assert_int_equal(oembeds, 2 * (9 + 2));
	assert_ptr_equal(p->v[item_at(p, "en/products/a/oembed.json")].entry,
			 &product(f, 0, "a")->e);
	assert_ptr_equal(p->v[item_at(p, "en/provinces/ha-tinh/oembed.json")].list,
			 &p->provinces[0]);
	for (size_t i = 0; i < p->n; i++)
		assert_null(strstr(p->v[i].path, "producer-types/htx/oembed"));
}

/* Search: the page in every language, out of the sitemap; the index's
 * list, one file per chunk of tokens and per 32 documents. */
static void
test_plan_search(void **state)
{
	struct fixture *f = *state;
	const struct item items[] = {
		{ "a", "Mật ong A", "1/QĐ-UBND", NULL, "2025-01-10" },
		{ "b", "Chè B", "2/QĐ-UBND", NULL, "2025-01-10" },
	};
	build(f, 0, items, 2);
	const struct plan *p = &f->plan[0];
	for (int lang = 0; lang < 2; lang++) {
		const struct plan_item *it = &p->v[item_at(p, lang
			? "en/search/index.html" : "search/index.html")];
		assert_int_equal(it->kind, PLAN_SEARCH_PAGE);
		assert_false(plan_in_sitemap(it));
	}
	assert_int_equal(p->v[item_at(p, "search/meta.json")].kind, PLAN_SEARCH_META);
	assert_int_equal(p->search.n_docs, 2);
	assert_true(p->search.n_chunks > 0);
	for (size_t i = 0; i < p->search.n_chunks; i++) {
		const struct plan_item *it = &p->v[item_at(p, arena_printf(
			&f->core.arena, "search/t/%s.json", p->search.chunks[i].name))];
		assert_int_equal(it->kind, PLAN_SEARCH_TOKENS);
		assert_int_equal(it->page, i);
	}
	assert_int_equal(p->v[item_at(p, "search/d/0.json")].kind, PLAN_SEARCH_DOCS);
	for (size_t i = 0; i < p->n; i++)
		assert_null(strstr(p->v[i].path, "search/d/1.json"));
}

/* How many items of the plan are at path. */
static size_t
items_at(const struct plan *p, const char *path)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n; i++)
		n += !strcmp(p->v[i].path, path);
	return n;
}

/*
 * Old URLs (model/links.h): a redirect or a tombstone in every
 * language, out of the sitemap, at a path that nothing else has; an
 * old slug that an entry has now is that entry's, with no collision.
 */
static void
test_plan_old_urls(void **state)
{
	struct fixture *f = *state;
	const struct item items[] = {
		{ "a", "Mật ong A", "1/QĐ-UBND", NULL, "2025-01-10" },
		{ "b", "Chè B", "2/QĐ-UBND", NULL, "2025-01-10" },
	};
	build(f, 0, items, 2);
	struct plan *p = &f->plan[0];
	const struct entry *b = &product(f, 0, "b")->e;
	struct link v[] = {
		{ .kind = LINK_REDIRECT, .entry = ENTRY_PRODUCT, .slug = "a", .to = b },
		{ .kind = LINK_REDIRECT, .entry = ENTRY_PRODUCT, .slug = "old", .to = b },
		{ .kind = LINK_TOMBSTONE, .entry = ENTRY_PRODUCER, .slug = "htx-a" },
		{ .kind = LINK_TOMBSTONE, .entry = ENTRY_POS, .slug = "gone" },
	};
	struct links links = { v, sizeof(v) / sizeof(v[0]) };
	size_t before = p->n;
	plan_add_links(p, &links, &f->core.arena);
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_int_equal(p->n, before + 4);
	for (int lang = 0; lang < 2; lang++) {
		const char *pre = lang ? "en/" : "";
		struct arena *a = &f->core.arena;
		const struct plan_item *it = &p->v[item_at(p,
			arena_printf(a, "%sproducts/old/index.html", pre))];
		assert_int_equal(it->kind, PLAN_REDIRECT);
		assert_int_equal(it->lang, lang);
		assert_ptr_equal(it->link, &v[1]);
		assert_string_equal(it->url, "products/old/");
		assert_false(plan_in_sitemap(it));
		it = &p->v[item_at(p, arena_printf(a, "%spoints-of-sale/gone/index.html", pre))];
		assert_int_equal(it->kind, PLAN_TOMBSTONE);
		assert_false(plan_in_sitemap(it));
		/* a current entry keeps its URL */
		const char *path = arena_printf(a, "%sproducts/a/index.html", pre);
		assert_int_equal(items_at(p, path), 1);
		assert_int_equal(p->v[item_at(p, path)].kind, PLAN_PRODUCT);
		path = arena_printf(a, "%sproducers/htx-a/index.html", pre);
		assert_int_equal(items_at(p, path), 1);
		assert_int_equal(p->v[item_at(p, path)].kind, PLAN_PRODUCER);
	}
	/* no history without timelines */
	for (size_t i = 0; i < p->n; i++)
		assert_null(strstr(p->v[i].path, "products/old/history/"));
}

/* The certificate lookup: the list by issuer (none last), then number
 * by value, date and name; keys as the browser's words make them; the
 * page in every language, its first in the sitemap; one shard for a
 * small catalog. */
static void
test_plan_verify(void **state)
{
	struct fixture *f = *state;
	const struct item items[] = {
		{ "c", "Sản phẩm C", "12/QĐ-UBND", NULL, "2025-01-10" },
		{ "d", "Sản phẩm D", "10/QĐ-UBND", "UBND tỉnh Hà Tĩnh", "2025-01-10" },
		{ "b", "Sản phẩm B", "9/QĐ-UBND", "UBND tỉnh Hà Tĩnh", "2025-01-10" },
		{ "a", "Sản phẩm A", "9/QĐ-UBND", "UBND tỉnh Hà Tĩnh", "2024-01-10" },
		{ "e", "Sản phẩm E", "1/QĐ-UBND", "Bộ Nông nghiệp", "2025-01-10" },
	};
	build(f, 0, items, 5);
	const struct plan *p = &f->plan[0];
	const char *order[] = { "e", "a", "b", "d", "c" };
	assert_int_equal(p->verify.n, 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(p->verify.items[i]->e.slug, order[i]);
	assert_int_equal(p->verify.n_shards, 1);
	assert_int_equal(p->verify.n_keys, 5);
	struct arena *a = &f->core.arena;
	assert_string_equal(verify_key(a, "1234/QĐ-UBND"), "1234qdubnd");
	assert_string_equal(verify_key(a, " 1234 qđ ubnd "), "1234qdubnd");
	assert_string_equal(verify_key(a, "--"), "");
	assert_int_equal(verify_hash("1234qdubnd"), verify_hash("1234"));
	assert_int_equal(verify_hash("1234"), 0xfdc422fdu);   /* FNV-1a */
	assert_int_not_equal(verify_hash("abc"), verify_hash("abd"));
	for (int lang = 0; lang < 2; lang++) {
		const struct plan_item *it = &p->v[item_at(p, lang
			? "en/verify/index.html" : "verify/index.html")];
		assert_int_equal(it->kind, PLAN_VERIFY_PAGE);
		assert_true(plan_in_sitemap(it));
	}
	const struct plan_item *k = &p->v[item_at(p, "verify/keys/0.json")];
	assert_int_equal(k->kind, PLAN_VERIFY_KEYS);
	assert_null(k->url);
	assert_false(plan_in_sitemap(k));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_plan_decisions_of_two_products_or_more),
		T(test_plan_no_decision_page_for_single_products),
		T(test_plan_decision_slugs_never_shared),
		T(test_plan_labels_in_the_default_language_only),
		T(test_plan_embeds),
		T(test_plan_search),
		T(test_plan_old_urls),
		T(test_plan_verify),
#undef T
	};
	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
