/*
 * test_catalog.c - catalog_load() (model/catalog.c): translations, references,
 * drafts, order.
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



/* ---- catalog_load ---------------------------------------------------- */

static const char *
product_md(struct fixture *f, const char *name, const char *producer,
	   const char *extra)
{
	return arena_printf(&f->core.arena,
		"---\n"
		"name: %s\n"
		"stars: 4\n"
		"group: thuc-pham\n"
		"producer: %s\n"
		"location: { province: Hà Tĩnh, commune: Phúc Trạch }\n"
		"certificate: { number: \"1/QĐ\", issued: 2023-06-12 }\n"
		"%s"
		"---\n"
		"Câu chuyện của %s.\n", name, producer, extra, name);
}

static const char *
producer_md(struct fixture *f, const char *name)
{
	return fixture_producer_md(&f->core.arena, name, "");
}

static int
load(struct fixture *f, struct catalog *c)
{
	return catalog_load(c, &f->files.set, &f->site, f->as_of, 2, NULL, NULL,
			    &f->core.arena, &f->core.diags);
}

static void
add_small_catalog(struct fixture *f)
{
	add_file(f, "content/producers/htx-a.md", producer_md(f, "HTX A"));
	add_file(f, "content/producers/htx-b.md", producer_md(f, "HTX B"));
	add_file(f, "content/points-of-sale/cua-hang.md",
		 "---\nname: Cửa hàng\nkind: ocop-store\n"
		 "location: { province: Hà Tĩnh, commune: Thạch Hà }\n---\n");
	add_file(f, "content/products/keo.md",
		 product_md(f, "Kẹo cu đơ", "htx-a",
			    "summary: Kẹo của Hà Tĩnh\ntags: [kẹo]\n"));
	add_file(f, "content/products/keo.en.md",
		 "---\nname: Cu do candy\nsummary: Ha Tinh candy\n---\nStory.\n");
	add_file(f, "content/products/buoi/index.md",
		 product_md(f, "Bưởi Phúc Trạch", "htx-a",
			    "points_of_sale: [cua-hang]\n"
			    "images: [{ src: cover.jpg, alt: Bưởi }]\n"));
	add_file(f, "content/products/nhom/cam.md",
		 product_md(f, "Cam bù", "htx-b", ""));
	add_file(f, "content/products/nhap.md",
		 "---\nname: Chưa xếp hạng\nstars: 0\ndraft: true\n---\n");
	add_file(f, "content/pages/gioi-thieu.md",
		 "---\nname: Giới thiệu\n---\n# Về chúng tôi\n");
}

static void
test_catalog_loads_and_links(void **state)
{
	struct fixture *f = *state;
	add_small_catalog(f);
	struct catalog c;
	assert_int_equal(load(f, &c), 0);
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_ptr_equal(c.site, &f->site);
	assert_int_equal(c.as_of_days, f->as_of);

	/* drafts are never listed */
	assert_int_equal(c.n_products, 3);
	assert_string_equal(c.products[0]->e.name, "Bưởi Phúc Trạch");
	assert_string_equal(c.products[1]->e.name, "Cam bù");
	assert_string_equal(c.products[2]->e.name, "Kẹo cu đơ");
	for (size_t i = 0; i < c.n_products; i++) {
		assert_int_equal(c.products[i]->e.index, i);
		assert_false(c.products[i]->e.draft);
		assert_ptr_equal(c.products[i]->e.tr[0], &c.products[i]->e);
	}
	const struct product *buoi = c.products[0], *cam = c.products[1],
			     *keo = c.products[2];
	assert_string_equal(buoi->e.slug, "buoi");
	assert_string_equal(buoi->e.dir, "content/products/buoi/");
	assert_string_equal(buoi->e.path, "content/products/buoi/index.md");
	assert_string_equal(buoi->images[0].out_path, "products/buoi/cover.jpg");
	assert_string_equal(cam->e.slug, "cam");
	assert_null(cam->e.dir);
	assert_string_equal(keo->e.slug, "keo");
	assert_int_equal(keo->e.body_line, 11);
	assert_string_equal(keo->e.html, "<p>Câu chuyện của Kẹo cu đơ.</p>\n");

	/* references resolved */
	assert_int_equal(c.n_producers, 2);
	const struct producer *a = c.producers[0], *b = c.producers[1];
	assert_string_equal(a->e.slug, "htx-a");
	assert_string_equal(b->e.slug, "htx-b");
	assert_ptr_equal(buoi->producer, a);
	assert_ptr_equal(keo->producer, a);
	assert_ptr_equal(cam->producer, b);
	/* producer->products: published, sorted by name */
	assert_int_equal(a->n_products, 2);
	assert_ptr_equal(a->products[0], buoi);
	assert_ptr_equal(a->products[1], keo);
	assert_int_equal(b->n_products, 1);
	assert_ptr_equal(b->products[0], cam);

	assert_int_equal(c.n_pos, 1);
	assert_ptr_equal(buoi->pos[0], c.pos[0]);
	assert_int_equal(c.pos[0]->n_products, 1);
	assert_ptr_equal(c.pos[0]->products[0], buoi);

	assert_int_equal(c.n_pages, 1);
	assert_string_equal(c.pages[0]->e.name, "Giới thiệu");
	assert_string_equal(c.pages[0]->e.html, "<h1>Về chúng tôi</h1>\n");
}

static void
test_catalog_translation_merges(void **state)
{
	struct fixture *f = *state;
	add_small_catalog(f);
	struct catalog c;
	assert_int_equal(load(f, &c), 0);
	const struct product *keo = c.products[2];
	assert_false(keo->e.is_translation);
	const struct product *en = (const struct product *)keo->e.tr[1];
	assert_non_null(en);
	assert_true(en->e.is_translation);
	assert_int_equal(en->e.lang, 1);
	assert_string_equal(en->e.path, "content/products/keo.en.md");
	assert_string_equal(en->e.slug, "keo");
	/* overridden */
	assert_string_equal(en->e.name, "Cu do candy");
	assert_string_equal(en->e.summary, "Ha Tinh candy");
	assert_string_equal(en->e.html, "<p>Story.</p>\n");
	/* inherited */
	assert_int_equal(en->stars, 4);
	assert_int_equal(en->group, GROUP_THUC_PHAM);
	assert_string_equal(en->cert.number, "1/QĐ");
	assert_int_equal(en->cert.expires.days, keo->cert.expires.days);
	assert_string_equal(en->location.commune, "Phúc Trạch");
	assert_int_equal(en->tags.n, 1);
	assert_string_equal(en->tags.v[0], "kẹo");
	assert_ptr_equal(en->producer, keo->producer);
	/* untranslated entries have no translation */
	assert_null(c.products[0]->e.tr[1]);
	/* translations are not listed on their own */
	assert_int_equal(c.n_products, 3);
}

static void
test_catalog_translation_reports_once(void **state)
{
	struct fixture *f = *state;
	/* a problem in the default entry is not reported again through
	 * the translation that inherits it */
	add_file(f, "content/producers/htx-a.md", producer_md(f, "HTX A"));
	add_file(f, "content/products/keo.md",
		 product_md(f, "Kẹo", "htx-a", "stras: 4\n"));
	add_file(f, "content/products/keo.en.md", "---\nname: Candy\n---\n");
	struct catalog c;
	assert_int_equal(load(f, &c), 0);
	fixture_assert_only_diag(&f->core.diags, DIAG_WARNING,
				 "content/products/keo.md", 8, 1,
				 "unknown-field", "unknown field \"stras\"",
				 "did you mean \"stars\"?");
}

static void
test_catalog_translation_own_problems(void **state)
{
	struct fixture *f = *state;
	/* what a translation itself says is checked, at its own position */
	add_file(f, "content/producers/htx-a.md", producer_md(f, "HTX A"));
	add_file(f, "content/products/keo.md", product_md(f, "Kẹo", "htx-a", ""));
	add_file(f, "content/products/keo.en.md",
		 "---\nname: Candy\nproducer: htx-x\nstras: 5\n---\n");
	struct catalog c;
	assert_int_equal(load(f, &c), -1);
	diag_sort(&f->core.diags);
	assert_int_equal(f->core.diags.n, 3);
	/* the producer is the same in every language: not a translation's */
	const struct diag *d = &f->core.diags.v[0];
	assert_string_equal(d->at.path, "content/products/keo.en.md");
	assert_int_equal(d->at.line, 3);
	assert_int_equal(d->at.col, 1);
	assert_string_equal(d->code, "translation");
	assert_string_equal(d->msg, "\"producer\" differs from content/products/keo.md: it is the same in every language");
	assert_string_equal(d->hint, "write it as there, or remove it here: a translation gives only name, summary, tags, images, price.unit, draft and the story");
	d = &f->core.diags.v[1];
	assert_string_equal(d->at.path, "content/products/keo.en.md");
	assert_int_equal(d->at.line, 3);
	assert_int_equal(d->at.col, 11);
	assert_string_equal(d->code, "ref");
	assert_string_equal(d->msg, "unknown producer \"htx-x\": there is no content/producers/htx-x.md");
	d = &f->core.diags.v[2];
	assert_int_equal(d->level, DIAG_WARNING);
	assert_int_equal(d->at.line, 4);
	assert_int_equal(d->at.col, 1);
	assert_string_equal(d->msg, "unknown field \"stras\"");
	assert_string_equal(d->hint, "did you mean \"stars\"?");
	assert_int_equal(f->core.diags.errors, 2);
	assert_int_equal(f->core.diags.warnings, 1);
}

static void
test_catalog_translation_may_repeat_data(void **state)
{
	struct fixture *f = *state;
	/* a whole file copied and translated repeats stars and the rest:
	 * fine while they say the same */
	add_file(f, "content/producers/htx-a.md", producer_md(f, "HTX A"));
	add_file(f, "content/products/keo.md", product_md(f, "Kẹo", "htx-a", ""));
	add_file(f, "content/products/keo.en.md",
		 "---\nname: Candy\nstars: 4\nlocation: { commune: Phúc Trạch, province: Hà Tĩnh }\n---\n");
	struct catalog c;
	assert_int_equal(load(f, &c), 0);
	assert_int_equal(product_in(c.products[0], 1)->stars, 4);
	assert_int_equal(c.products[0]->e.tr[1]->kind, ENTRY_PRODUCT);
}

static void
test_catalog_translation_gives_the_price_unit(void **state)
{
	struct fixture *f = *state;
	add_file(f, "content/producers/htx-a.md", producer_md(f, "HTX A"));
	add_file(f, "content/products/keo.md",
		 product_md(f, "Kẹo", "htx-a",
			    "price: { from: 45000, to: 90000, unit: hộp 100 g }\n"));
	add_file(f, "content/products/keo.en.md",
		 "---\nname: Candy\nprice: { unit: box of 100 g }\n---\n");
	add_file(f, "content/products/mat.md",
		 product_md(f, "Mật", "htx-a", "price: { from: 1, unit: hũ }\n"));
	add_file(f, "content/products/mat.en.md", "---\nname: Honey\n---\n");
	struct catalog c;
	assert_int_equal(load(f, &c), 0);
	fixture_assert_diag_count(&f->core.diags, 0);
	const struct product *keo = c.products[0], *en = product_in(keo, 1);
	assert_string_equal(keo->e.slug, "keo");
	assert_string_equal(keo->price.unit, "hộp 100 g");
	assert_int_equal(keo->price.unit_lang, 0);
	/* the unit is the translation's, the numbers the default's */
	assert_true(en->price.set);
	assert_string_equal(en->price.unit, "box of 100 g");
	assert_int_equal(en->price.unit_lang, 1);
	assert_int_equal(en->price.from, 45000);
	assert_int_equal(en->price.to, 90000);
	/* inherited whole: the unit stays in the default language */
	const struct product *mat = product_in(c.products[1], 1);
	assert_string_equal(mat->price.unit, "hũ");
	assert_int_equal(mat->price.unit_lang, 0);
}

static void
test_catalog_translation_price_numbers_must_agree(void **state)
{
	struct fixture *f = *state;
	add_file(f, "content/producers/htx-a.md", producer_md(f, "HTX A"));
	add_file(f, "content/products/keo.md",
		 product_md(f, "Kẹo", "htx-a",
			    "price: { from: 45000, to: 90000, unit: hộp }\n"));
	/* the same numbers may be repeated; others may not */
	add_file(f, "content/products/keo.en.md",
		 "---\nname: Candy\n"
		 "price: { from: 45000, to: 95000, unit: box }\n---\n");
	struct catalog c;
	assert_int_equal(load(f, &c), -1);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
				 "content/products/keo.en.md", 3, 23,
				 "translation",
				 "\"price.to\" differs from content/products/keo.md: it is the same in every language",
				 "write it as there, or remove it here: a translation gives only name, summary, tags, images, price.unit, draft and the story");

	/* a price the default entry does not have at all */
	diag_list_release(&f->core.diags);
	struct fixture_files none = { 0 };
	f->files = none;
	add_file(f, "content/producers/htx-a.md", producer_md(f, "HTX A"));
	add_file(f, "content/products/keo.md",
		 product_md(f, "Kẹo", "htx-a", ""));
	add_file(f, "content/products/keo.en.md",
		 "---\nname: Candy\nprice: { from: 1, unit: box }\n---\n");
	assert_int_equal(load(f, &c), -1);
	fixture_assert_diag(&f->core.diags, 0, DIAG_ERROR,
			    "content/products/keo.en.md", 3, 1, "translation",
			    "\"price\" differs from content/products/keo.md: it is the same in every language",
			    fixture_any);
}

static void
test_catalog_draft_translation_is_not_used(void **state)
{
	struct fixture *f = *state;
	/* a translation still being written must not replace the default
	 * entry's page in that language */
	add_file(f, "content/producers/htx-a.md", producer_md(f, "HTX A"));
	add_file(f, "content/products/keo.md", product_md(f, "Kẹo", "htx-a", ""));
	add_file(f, "content/products/keo.en.md", "---\nname: Candy\ndraft: true\n---\n");
	struct catalog c;
	assert_int_equal(load(f, &c), 0);
	assert_null(c.products[0]->e.tr[1]);
}

static void
test_catalog_translation_without_story_keeps_the_story(void **state)
{
	struct fixture *f = *state;
	add_file(f, "content/producers/htx-a.md", producer_md(f, "HTX A"));
	add_file(f, "content/products/keo.md", product_md(f, "Kẹo", "htx-a", ""));
	add_file(f, "content/products/keo.en.md", "---\nname: Candy\n---\n");
	struct catalog c;
	assert_int_equal(load(f, &c), 0);
	assert_string_equal(c.products[0]->e.tr[1]->name, "Candy");
	/* product_md gives every entry a story: the default's shows */
	assert_string_equal(c.products[0]->e.tr[1]->html, c.products[0]->e.html);
	assert_true(strlen(c.products[0]->e.html) > 0);
}

static void
test_catalog_orphan_translation(void **state)
{
	struct fixture *f = *state;
	add_file(f, "content/producers/htx-a.md", producer_md(f, "HTX A"));
	add_file(f, "content/products/keo.en.md", "---\nname: Candy\n---\n");
	struct catalog c;
	assert_int_equal(load(f, &c), -1);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
				 "content/products/keo.en.md", 0, 0,
				 "translation",
				 "translation of \"keo\" has no entry in the default language",
				 "add content/products/keo.md, the vi version, first");
	assert_int_equal(c.n_products, 0);
}

static void
test_catalog_duplicate_slug(void **state)
{
	struct fixture *f = *state;
	add_file(f, "content/producers/htx-a.md", producer_md(f, "HTX A"));
	add_file(f, "content/products/a/ok.md", product_md(f, "Một", "htx-a", ""));
	add_file(f, "content/products/nhom/ok.md", product_md(f, "Hai", "htx-a", ""));
	struct catalog c;
	assert_int_equal(load(f, &c), -1);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
				 "content/products/nhom/ok.md", 0, 0,
				 "duplicate",
				 "duplicate slug \"ok\": content/products/a/ok.md has it too",
				 "rename one of the two files: each entry of a kind needs its own name");
	assert_int_equal(c.n_products, 1);
	assert_string_equal(c.products[0]->e.name, "Một");
}

static void
test_catalog_duplicate_producer_still_resolves(void **state)
{
	struct fixture *f = *state;
	/* a product naming a duplicated producer slug gets the first one,
	 * and the only error is the duplicate itself */
	add_file(f, "content/producers/a/htx-a.md", producer_md(f, "HTX A"));
	add_file(f, "content/producers/b/htx-a.md", producer_md(f, "HTX A bis"));
	for (int i = 0; i < 5; i++)
		add_file(f, arena_printf(&f->core.arena, "content/producers/htx-%c.md",
					 'b' + i), producer_md(f, "HTX"));
	add_file(f, "content/products/keo.md", product_md(f, "Kẹo", "htx-a", ""));
	struct catalog c;
	assert_int_equal(load(f, &c), -1);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
				 "content/producers/b/htx-a.md", 0, 0,
				 "duplicate",
				 "duplicate slug \"htx-a\": content/producers/a/htx-a.md has it too",
				 fixture_any);
	assert_non_null(c.products[0]->producer);
	assert_string_equal(c.products[0]->producer->e.name, "HTX A");
}

static void
test_catalog_unknown_producer(void **state)
{
	struct fixture *f = *state;
	add_file(f, "content/products/keo.md", product_md(f, "Kẹo", "htx-x", ""));
	struct catalog c;
	assert_int_equal(load(f, &c), -1);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
				 "content/products/keo.md", 5, 11, "ref",
				 "unknown producer \"htx-x\": there is no content/producers/htx-x.md",
				 "add content/producers/htx-x.md or fix the name");
}

static void
test_catalog_unknown_producer_names_the_closest(void **state)
{
	struct fixture *f = *state;
	add_file(f, "content/producers/htx-buoi-phuc-trach.md", producer_md(f, "HTX"));
	add_file(f, "content/producers/htx-a.md", producer_md(f, "HTX A"));
	add_file(f, "content/products/keo.md",
		 product_md(f, "Kẹo", "htx-buoi-phuc-trac", ""));
	/* more than 3 edits away from every producer: no guess */
	add_file(f, "content/products/mat.md", product_md(f, "Mật", "htx-xyzw", ""));
	struct catalog c;
	assert_int_equal(load(f, &c), -1);
	assert_int_equal(f->core.diags.n, 2);
	assert_string_equal(f->core.diags.v[0].at.path,
			    "content/products/keo.md");
	assert_string_equal(f->core.diags.v[0].msg,
			    "unknown producer \"htx-buoi-phuc-trac\": there is no content/producers/htx-buoi-phuc-trac.md");
	assert_string_equal(f->core.diags.v[0].hint, "did you mean \"htx-buoi-phuc-trach\"?");
	assert_string_equal(diag_hint_text(&f->core.diags.v[0], msg_lang_find("vi")), "có phải là \"htx-buoi-phuc-trach\" không?");
	assert_string_equal(f->core.diags.v[1].at.path,
			    "content/products/mat.md");
	assert_string_equal(f->core.diags.v[1].hint,
			    "add content/producers/htx-xyzw.md or fix the name");
}

static void
test_catalog_unknown_point_of_sale(void **state)
{
	struct fixture *f = *state;
	add_file(f, "content/producers/htx-a.md", producer_md(f, "HTX A"));
	add_file(f, "content/products/keo.md",
		 product_md(f, "Kẹo", "htx-a", "points_of_sale: [cho-x]\n"));
	struct catalog c;
	assert_int_equal(load(f, &c), -1);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
				 "content/products/keo.md", 8, 18, "ref",
				 "unknown point of sale \"cho-x\": there is no content/points-of-sale/cho-x.md",
				 "add content/points-of-sale/cho-x.md or fix the name");
}

static void
test_catalog_draft_producer_is_not_a_reference(void **state)
{
	struct fixture *f = *state;
	add_file(f, "content/producers/htx-a.md",
		 "---\nname: HTX A\ndraft: true\n---\n");
	add_file(f, "content/products/keo.md", product_md(f, "Kẹo", "htx-a", ""));
	struct catalog c;
	assert_int_equal(load(f, &c), -1);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
				 "content/products/keo.md", 5, 11, "ref",
				 "producer \"htx-a\" is a draft and is not published",
				 "publish it by deleting \"draft: true\" from content/producers/htx-a.md, or name another producer");
	assert_int_equal(c.n_producers, 0);
}

static void
test_catalog_sorts_by_vietnamese_name(void **state)
{
	struct fixture *f = *state;
	add_file(f, "content/producers/htx-a.md", producer_md(f, "HTX A"));
	static const struct { const char *slug, *name; } in[] = {
		{ "p1", "Ổi" }, { "p2", "Ếch" }, { "p3", "Dừa" }, { "p4", "Đào" },
		{ "p5", "Cam" }, { "p6", "Bưởi" }, { "p7", "an" }, { "p8", "Ăn" },
	};
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		add_file(f, arena_printf(&f->core.arena, "content/products/%s.md", in[i].slug),
			 product_md(f, in[i].name, "htx-a", ""));
	struct catalog c;
	assert_int_equal(load(f, &c), 0);
	fixture_assert_diag_count(&f->core.diags, 0);
	/* Vietnamese dictionary order: ă after a, đ after d, ê after e */
	static const char *const want[] = {
		"an", "Ăn", "Bưởi", "Cam", "Dừa", "Đào", "Ếch", "Ổi",
	};
	assert_int_equal(c.n_products, 8);
	for (size_t i = 0; i < 8; i++)
		assert_string_equal(c.products[i]->e.name, want[i]);
	/* the producer's list follows the same order */
	assert_int_equal(c.producers[0]->n_products, 8);
	for (size_t i = 0; i < 8; i++)
		assert_string_equal(c.producers[0]->products[i]->e.name, want[i]);
}

static void
test_catalog_same_name_sorted_by_slug(void **state)
{
	struct fixture *f = *state;
	add_file(f, "content/producers/htx-a.md", producer_md(f, "HTX A"));
	add_file(f, "content/products/mat-ong-b.md", product_md(f, "Mật ong", "htx-a", ""));
	add_file(f, "content/products/mat-ong-a.md", product_md(f, "Mật ong", "htx-a", ""));
	struct catalog c;
	assert_int_equal(load(f, &c), 0);
	assert_string_equal(c.products[0]->e.slug, "mat-ong-a");
	assert_string_equal(c.products[1]->e.slug, "mat-ong-b");
}

static void
test_catalog_bad_file_names(void **state)
{
	struct fixture *f = *state;
	add_file(f, "content/products/Keo Cu Do.md", "---\nname: X\n---\n");
	add_file(f, "content/products/keo.fr.md", "---\nname: X\n---\n");
	add_file(f, "content/products/khong-co.md", "Không có front matter\n");
	struct catalog c;
	assert_int_equal(load(f, &c), -1);
	diag_sort(&f->core.diags);
	assert_int_equal(f->core.diags.n, 3);
	const struct diag *d = &f->core.diags.v[0];
	assert_string_equal(d->at.path, "content/products/Keo Cu Do.md");
	assert_string_equal(d->code, "slug");
	assert_string_equal(d->msg, "\"Keo Cu Do\" is not a valid slug: use 1-80 lowercase letters, digits and single hyphens");
	assert_string_equal(d->hint, "rename the file to use \"keo-cu-do\"");
	d = &f->core.diags.v[1];
	assert_string_equal(d->at.path, "content/products/keo.fr.md");
	assert_string_equal(d->code, "language");
	assert_string_equal(d->msg, "\"fr\" in the file name is not a language of site.yaml (languages: vi, en)");
	d = &f->core.diags.v[2];
	assert_string_equal(d->at.path, "content/products/khong-co.md");
	assert_int_equal(d->at.line, 1);
	assert_int_equal(d->at.col, 1);
	assert_string_equal(d->code, "front-matter");
	assert_string_equal(d->msg, "the file has no front matter: it must start with a line \"---\"");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_catalog_loads_and_links),
		T(test_catalog_translation_merges),
		T(test_catalog_translation_reports_once),
		T(test_catalog_translation_own_problems),
		T(test_catalog_translation_may_repeat_data),
		T(test_catalog_translation_gives_the_price_unit),
		T(test_catalog_translation_price_numbers_must_agree),
		T(test_catalog_draft_translation_is_not_used),
		T(test_catalog_translation_without_story_keeps_the_story),
		T(test_catalog_orphan_translation),
		T(test_catalog_duplicate_slug),
		T(test_catalog_duplicate_producer_still_resolves),
		T(test_catalog_unknown_producer),
		T(test_catalog_unknown_producer_names_the_closest),
		T(test_catalog_unknown_point_of_sale),
		T(test_catalog_draft_producer_is_not_a_reference),
		T(test_catalog_sorts_by_vietnamese_name),
		T(test_catalog_same_name_sorted_by_slug),
		T(test_catalog_bad_file_names),
#undef T
	};
	return cmocka_run_group_tests_name("catalog", tests, NULL, NULL);
}
