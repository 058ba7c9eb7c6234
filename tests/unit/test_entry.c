/*
 * test_entry.c - reading products, producers and points of sale field by field
 * (model/entry.c).
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



static void
assert_date(const struct date *d, int y, int m, int day)
{
	assert_int_equal(d->y, y);
	assert_int_equal(d->m, m);
	assert_int_equal(d->d, day);
	char iso[16];
	snprintf(iso, sizeof(iso), "%04d-%02d-%02d", y, m, day);
	assert_int_equal(d->days, fixture_days(iso));
}


/* ---- products: every field ------------------------------------------ */

static const char FULL_PRODUCT[] =
	"---\n"
	"name: Bưởi Phúc Trạch\n"
	"stars: 4\n"
	"potential_5_star: true\n"
	"group: thuc-pham\n"
	"subgroup: rau-cu-qua-tuoi\n"
	"code: 42-436-18541-4-2023\n"
	"producer: htx-buoi-phuc-trach\n"
	"summary: Bưởi đặc sản vùng Hương Khê\n"
	"location:\n"
	"  province: Hà Tĩnh\n"
	"  district: Hương Khê\n"
	"  commune: Phúc Trạch\n"
	"  address: Thôn 3\n"
	"  geo: { lat: 18.085, lon: 105.703 }\n"
	"certificate:\n"
	"  number: 1234/QĐ-UBND\n"
	"  issued: 2023-06-12\n"
	"  issuer: UBND tỉnh Hà Tĩnh\n"
	"  expires: 2026-06-10\n"
	"  revoked:\n"
	"    date: 2024-09-01\n"
	"    decision: 567/QĐ-UBND\n"
	"    reason: Vi phạm quy chế sử dụng nhãn hiệu OCOP\n"
	"price: { from: 45000, to: 120000, unit: quả }\n"
	"images:\n"
	"  - { src: cover.jpg, alt: Quả bưởi Phúc Trạch }\n"
	"  - { src: vuon.jpg, alt: Vườn bưởi }\n"
	"standards: [VietGAP, HACCP]\n"
	"ip:\n"
	"  type: geographical-indication\n"
	"  name: Phúc Trạch\n"
	"traceability: { gtin: \"8936012345678\", url: \"https://truyxuat.example.vn/b\" }\n"
	"points_of_sale: [cua-hang-ocop-ha-tinh, sieu-thi-vinh]\n"
	"shops:\n"
	"  - { platform: shopee, url: \"https://shopee.vn/buoi\" }\n"
	"  - { platform: tiktok, url: \"https://vt.tiktok.com/x\" }\n"
	"export_markets: [JP, KR]\n"
	"tags: [đặc sản, quà biếu]\n"
	"draft: false\n"
	"---\n"
	"Câu chuyện **bưởi**.\n";

static void
test_product_read_every_field(void **state)
{
	struct fixture *f = *state;
	struct product *p = read_product_at(f, "content/products/buoi/index.md",
					    FULL_PRODUCT);
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_string_equal(p->e.name, "Bưởi Phúc Trạch");
	assert_string_equal(p->e.summary, "Bưởi đặc sản vùng Hương Khê");
	assert_false(p->e.draft);
	assert_int_equal(p->stars, 4);
	assert_true(p->potential_5_star);
	assert_int_equal(p->group, GROUP_THUC_PHAM);
	assert_string_equal(p->subgroup, "rau-cu-qua-tuoi");
	assert_int_equal(p->subgroup_at.line, 6);   /* the value's, for diags */
	assert_int_equal(p->subgroup_at.col, 11);
	assert_string_equal(p->code, "42-436-18541-4-2023");
	assert_string_equal(p->producer_slug, "htx-buoi-phuc-trach");
	assert_int_equal(p->producer_at.line, 8);
	assert_int_equal(p->producer_at.col, 11);

	const struct location *l = &p->location;
	assert_string_equal(l->province, "Hà Tĩnh");
	assert_string_equal(l->district, "Hương Khê");
	assert_string_equal(l->commune, "Phúc Trạch");
	assert_string_equal(l->address, "Thôn 3");
	assert_true(l->geo.set);
	assert_float_equal(l->geo.lat, 18.085, 1e-9);
	assert_float_equal(l->geo.lon, 105.703, 1e-9);
	assert_int_equal(l->at.line, 11);

	const struct certificate *c = &p->cert;
	assert_string_equal(c->number, "1234/QĐ-UBND");
	assert_string_equal(c->issuer, "UBND tỉnh Hà Tĩnh");
	assert_date(&c->issued, 2023, 6, 12);
	assert_true(c->expires_given);
	assert_date(&c->expires, 2026, 6, 10);
	assert_true(c->revoked.set);
	assert_date(&c->revoked.date, 2024, 9, 1);
	assert_string_equal(c->revoked.decision, "567/QĐ-UBND");
	assert_string_equal(c->revoked.reason,
			    "Vi phạm quy chế sử dụng nhãn hiệu OCOP");

	assert_true(p->price.set);
	assert_int_equal(p->price.from, 45000);
	assert_int_equal(p->price.to, 120000);
	assert_string_equal(p->price.unit, "quả");
	assert_int_equal(p->price.unit_lang, 0);

	assert_int_equal(p->n_images, 2);
	assert_string_equal(p->images[0].src, "cover.jpg");
	assert_string_equal(p->images[0].alt, "Quả bưởi Phúc Trạch");
	assert_string_equal(p->images[0].out_path, "products/buoi/cover.jpg");
	assert_string_equal(p->images[1].src, "vuon.jpg");
	assert_string_equal(p->images[1].alt, "Vườn bưởi");
	assert_string_equal(p->images[1].out_path, "products/buoi/vuon.jpg");

	assert_int_equal(p->standards.n, 2);
	assert_string_equal(p->standards.v[0], "VietGAP");
	assert_string_equal(p->standards.v[1], "HACCP");
	assert_int_equal(p->ip_type, IP_GEOGRAPHICAL_INDICATION);
	assert_string_equal(p->ip_name, "Phúc Trạch");
	assert_string_equal(p->gtin, "8936012345678");
	assert_string_equal(p->trace_url, "https://truyxuat.example.vn/b");
	assert_int_equal(p->pos_slugs.n, 2);
	assert_string_equal(p->pos_slugs.v[0], "cua-hang-ocop-ha-tinh");
	assert_string_equal(p->pos_slugs.v[1], "sieu-thi-vinh");
	assert_int_equal(p->pos_at[1].line, 34);
	assert_int_equal(p->pos_at[1].col, 41);
	assert_int_equal(p->n_shops, 2);
	assert_string_equal(p->shops[0].platform, "shopee");
	assert_string_equal(p->shops[0].url, "https://shopee.vn/buoi");
	assert_string_equal(p->shops[1].platform, "tiktok");
	assert_int_equal(p->export_markets.n, 2);
	assert_string_equal(p->export_markets.v[1], "KR");
	assert_int_equal(p->tags.n, 2);
	assert_string_equal(p->tags.v[0], "đặc sản");
	assert_string_equal(p->tags.v[1], "quà biếu");
}

static void
test_product_read_minimal_defaults(void **state)
{
	struct fixture *f = *state;
	struct product *p = product(f, "3", "do-uong", "");
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_int_equal(p->stars, 3);
	assert_false(p->potential_5_star);
	assert_int_equal(p->group, GROUP_DO_UONG);
	assert_null(p->e.summary);
	assert_null(p->subgroup);
	assert_null(p->code);
	assert_null(p->location.district);
	assert_null(p->location.address);
	assert_false(p->location.geo.set);
	assert_null(p->cert.issuer);
	/* expires defaults to issued + certificate_months (36) */
	assert_false(p->cert.expires_given);
	assert_date(&p->cert.expires, 2026, 6, 12);
	assert_false(p->cert.revoked.set);
	assert_false(p->price.set);
	assert_int_equal(p->n_images, 0);
	assert_int_equal(p->ip_type, IP_NONE);
	assert_null(p->gtin);
	assert_null(p->trace_url);
	assert_int_equal(p->pos_slugs.n, 0);
	assert_int_equal(p->n_shops, 0);
	assert_int_equal(p->tags.n, 0);
}

static void
test_product_expiry_follows_certificate_months(void **state)
{
	struct fixture *f = *state;
	f->site.certificate_months = 12;
	struct product *p = product(f, "4", "thuc-pham", "");
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_date(&p->cert.expires, 2024, 6, 12);
	/* issued on 31 Jan: the end of the month is kept */
	diag_list_release(&f->core.diags);
	f->site.certificate_months = 1;
	p = read_product(f,
		"---\nname: X\nstars: 5\ngroup: duoc-lieu\nproducer: htx-a\n"
		"location: { province: Hà Tĩnh, commune: Kỳ Anh }\n"
		"certificate: { number: \"2\", issued: 2024-01-31 }\n---\n");
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_date(&p->cert.expires, 2024, 2, 29);
}

/* ---- products: errors ----------------------------------------------- */

static void
test_product_stars_six(void **state)
{
	struct fixture *f = *state;
	struct product *p = product(f, "6", "thuc-pham", "");
	assert_error(f, 3, 8, "stars", "stars must be 3, 4 or 5, found 6");
	assert_int_equal(p->stars, 0);
	assert_int_equal(f->core.diags.errors, 1);
}

static void
test_product_stars_zero_hints_draft(void **state)
{
	struct fixture *f = *state;
	product(f, "0", "thuc-pham", "");
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
				 "content/products/p.md", 3, 8, "stars",
				 "stars must be 3, 4 or 5, found 0",
				 "a product that is not rated yet is not published: mark it \"draft: true\"");
}

static void
test_product_stars_zero_as_draft_is_fine(void **state)
{
	struct fixture *f = *state;
	/* a draft is checked no further than its YAML */
	struct product *p = product(f, "0", "nong-san", "draft: true\n");
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_true(p->e.draft);
}

static void
test_product_stars_not_a_number(void **state)
{
	struct fixture *f = *state;
	product(f, "bốn", "thuc-pham", "");
	assert_error(f, 3, 8, "type", "\"stars\" must be a whole number, found \"bốn\"");
	diag_list_release(&f->core.diags);
	/* quoted: text, not a number */
	product(f, "\"4\"", "thuc-pham", "");
	assert_error(f, 3, 8, "type", "\"stars\" must be a whole number, found \"4\"");
	diag_list_release(&f->core.diags);
	product(f, "[4]", "thuc-pham", "");
	assert_error(f, 3, 8, "type", "\"stars\" must be a whole number, found a list");
}

static void
test_product_potential_needs_four_stars(void **state)
{
	struct fixture *f = *state;
	product(f, "3", "thuc-pham", "potential_5_star: true\n");
	assert_error(f, 12, 19, "potential",
		     "potential_5_star is only for 4-star products, this one has 3");
	diag_list_release(&f->core.diags);
	product(f, "5", "thuc-pham", "potential_5_star: true\n");
	assert_error(f, 12, 19, "potential",
		     "potential_5_star is only for 4-star products, this one has 5");
	diag_list_release(&f->core.diags);
	struct product *p = product(f, "4", "thuc-pham", "potential_5_star: true\n");
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_true(p->potential_5_star);
	product(f, "4", "thuc-pham", "potential_5_star: có\n");
	assert_error(f, 12, 19, "type",
		     "\"potential_5_star\" must be true or false, found \"có\"");
}

static void
test_product_unknown_group_lists_six(void **state)
{
	struct fixture *f = *state;
	product(f, "4", "nong-san", "");
	assert_error(f, 4, 8, "enum",
		     "unknown group \"nong-san\": use one of thuc-pham, do-uong, "
		     "duoc-lieu, thu-cong-my-nghe, sinh-vat-canh, dich-vu-du-lich");
	/* every listed group is accepted */
	for (int g = 0; g < GROUP_COUNT; g++) {
		diag_list_release(&f->core.diags);
		struct product *p = product(f, "4", model_group_slugs[g], "");
		fixture_assert_diag_count(&f->core.diags, 0);
		assert_int_equal(p->group, g);
	}
}

static void
test_product_missing_required_field(void **state)
{
	struct fixture *f = *state;
	read_product(f,
		"---\n"
		"name: Kẹo cu đơ\n"
		"stars: 4\n"
		"group: thuc-pham\n"
		"location: { province: Hà Tĩnh, commune: Phúc Trạch }\n"
		"certificate: { number: \"1\", issued: 2023-06-12 }\n"
		"---\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
				 "content/products/p.md", 2, 1, "required",
				 "missing required field \"producer\"",
				 "add a line \"producer: ...\"");
}

static void
test_product_missing_nested_field(void **state)
{
	struct fixture *f = *state;
	/* at the position of the nested mapping, not the file's */
	read_product(f,
		"---\n"
		"name: Kẹo cu đơ\n"
		"stars: 4\n"
		"group: thuc-pham\n"
		"producer: htx-a\n"
		"location:\n"
		"  province: Hà Tĩnh\n"
		"certificate:\n"
		"  issued: 2023-06-12\n"
		"---\n");
	assert_int_equal(f->core.diags.n, 2);
	const struct diag *d = &f->core.diags.v[0];
	assert_int_equal(d->at.line, 7);
	assert_int_equal(d->at.col, 3);
	assert_string_equal(d->code, "required");
	assert_string_equal(d->msg, "missing required field \"commune\"");
	d = &f->core.diags.v[1];
	assert_int_equal(d->at.line, 9);
	assert_int_equal(d->at.col, 3);
	assert_string_equal(d->msg, "missing required field \"number\"");
}

static void
test_product_null_counts_as_missing(void **state)
{
	struct fixture *f = *state;
	read_product(f,
		"---\n"
		"name: ~\n"
		"stars: 4\n"
		"group: thuc-pham\n"
		"producer: htx-a\n"
		"location: { province: Hà Tĩnh, commune: Phúc Trạch }\n"
		"certificate: { number: \"1\", issued: 2023-06-12 }\n"
		"---\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
				 "content/products/p.md", 2, 1, "required",
				 "missing required field \"name\"",
				 "add a line \"name: ...\"");
}

static void
test_product_wrong_types(void **state)
{
	struct fixture *f = *state;
	read_product(f,
		"---\n"
		"name: Kẹo cu đơ\n"
		"stars: 4\n"
		"group: thuc-pham\n"
		"producer: htx-a\n"
		"location: Hà Tĩnh\n"
		"certificate: { number: \"1\", issued: 2023-06-12 }\n"
		"---\n");
	assert_error(f, 6, 11, "type",
		     "\"location\" must be a mapping of fields, found text");
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham", "tags: { a: b }\n");
	assert_error(f, 12, 7, "type", "\"tags\" must be a list, found a mapping");
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham", "standards: [VietGAP, [x]]\n");
	assert_error(f, 12, 22, "type", "items of \"standards\" must be text, found a list");
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham", "price: { from: rẻ }\n");
	assert_error(f, 12, 16, "type", "\"from\" must be a whole number, found \"rẻ\"");
	diag_list_release(&f->core.diags);
	/* a single tag is a one-item list */
	struct product *p = product(f, "4", "thuc-pham", "tags: đặc sản\n");
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_int_equal(p->tags.n, 1);
	assert_string_equal(p->tags.v[0], "đặc sản");
}

static void
test_product_bad_dates(void **state)
{
	struct fixture *f = *state;
	product(f, "4", "thuc-pham", "  expires: 2023-02-30\n");
	assert_error(f, 12, 12, "date",
		     "\"expires\" must be a real date from 1900-01-01 to 2999-12-31, written YYYY-MM-DD, found \"2023-02-30\"");
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham", "  expires: 2026-6-12\n");
	assert_error(f, 12, 12, "date",
		     "\"expires\" must be a real date from 1900-01-01 to 2999-12-31, written YYYY-MM-DD, found \"2026-6-12\"");
	diag_list_release(&f->core.diags);
	read_product(f,
		"---\nname: X\nstars: 4\ngroup: thuc-pham\nproducer: htx-a\n"
		"location: { province: Hà Tĩnh, commune: Kỳ Anh }\n"
		"certificate:\n"
		"  number: \"1\"\n"
		"  issued: 2023-13-01\n"
		"---\n");
	assert_error(f, 9, 11, "date",
		     "\"issued\" must be a real date from 1900-01-01 to 2999-12-31, written YYYY-MM-DD, found \"2023-13-01\"");
}

static void
test_product_expires_before_issued(void **state)
{
	struct fixture *f = *state;
	product(f, "4", "thuc-pham", "  expires: 2023-01-01\n");
	assert_error(f, 12, 12, "date",
		     "certificate expires on or before the day it was issued");
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham", "  expires: 2023-06-12\n");
	assert_error(f, 12, 12, "date",
		     "certificate expires on or before the day it was issued");
	diag_list_release(&f->core.diags);
	struct product *p = product(f, "4", "thuc-pham", "  expires: 2023-06-13\n");
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_true(p->cert.expires_given);
	assert_date(&p->cert.expires, 2023, 6, 13);
}

static void
test_product_revoked_before_issued(void **state)
{
	struct fixture *f = *state;
	product(f, "4", "thuc-pham",
		"  revoked:\n    date: 2023-06-11\n    decision: 9/QĐ\n");
	assert_error(f, 13, 11, "date", "certificate revoked before it was issued");
	diag_list_release(&f->core.diags);
	/* on the day of issue is allowed */
	struct product *p = product(f, "4", "thuc-pham",
				    "  revoked:\n    date: 2023-06-12\n");
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_true(p->cert.revoked.set);
	assert_null(p->cert.revoked.decision);
	/* a revocation needs its date */
	product(f, "4", "thuc-pham", "  revoked:\n    reason: x\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
				 "content/products/p.md", 13, 5, "required",
				 "missing required field \"date\"",
				 "add a line \"date: ...\"");
}

static void
test_product_issued_in_the_future(void **state)
{
	struct fixture *f = *state;
	f->env.as_of_days = fixture_days("2023-06-11");
	const struct product *p = product(f, "4", "thuc-pham", "");
	/* a warning: a decision dated ahead, or a build of an earlier
	 * day; the product is shown as not in force yet */
	fixture_assert_only_diag(&f->core.diags, DIAG_WARNING,
				 "content/products/p.md", 11, 11, "future-date",
				 "certificate issued on 2023-06-12, after the build date 2023-06-11: the product shows as not in force until then",
				 "if the decision is dated so, nothing to do; otherwise check the year (the build date is today, or the date given by --as-of or SOURCE_DATE_EPOCH)");
	assert_int_equal(cert_status(&p->cert, f->env.as_of_days),
			 CERT_PENDING);
	assert_int_equal(cert_status(&p->cert, fixture_days("2023-06-12")),
			 CERT_VALID);
	diag_list_release(&f->core.diags);
	/* issued on the build date itself is fine */
	f->env.as_of_days = fixture_days("2023-06-12");
	product(f, "4", "thuc-pham", "");
	fixture_assert_diag_count(&f->core.diags, 0);
}

/* A placeholder in a required text field is an error at the value,
 * naming the field and the value; the field then has no value. */
static void
test_product_placeholder_in_required_field(void **state)
{
	struct fixture *f = *state;
	struct product *p = read_product(f,
		"---\n"
		"name: Kẹo cu đơ\n"
		"stars: 4\n"
		"group: thuc-pham\n"
		"producer: htx-a\n"
		"location:\n"
		"  province: PLACEHOLDER\n"
		"  commune: Phường 1\n"
		"certificate:\n"
		"  number: 01/QĐ-UBND\n"
		"  issued: 2023-06-12\n"
		"---\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
				 "content/products/p.md", 7, 13, "placeholder",
				 "\"province\" is \"PLACEHOLDER\", a placeholder, not a real value",
				 "write the real value; if it is not known yet, mark the entry \"draft: true\" until it is");
	assert_null(p->location.province);
	assert_string_equal(p->location.commune, "Phường 1");
	assert_string_equal(p->cert.number, "01/QĐ-UBND");
	diag_list_release(&f->core.diags);
	read_product(f,
		"---\n"
		"name: \" n/a \"\n"
		"stars: 4\n"
		"group: thuc-pham\n"
		"producer: htx-a\n"
		"location: { province: Hà Tĩnh, commune: Chưa cập nhật }\n"
		"certificate: { number: 1/QĐ, issued: 2023-06-12 }\n"
		"---\n");
	fixture_assert_diag_count(&f->core.diags, 2);
	fixture_assert_diag(&f->core.diags, 0, DIAG_ERROR,
			    "content/products/p.md", 2, 7, "placeholder",
			    "\"name\" is \" n/a \", a placeholder, not a real value",
			    fixture_any);
	fixture_assert_diag(&f->core.diags, 1, DIAG_ERROR,
			    "content/products/p.md", 6, 41, "placeholder",
			    "\"commune\" is \"Chưa cập nhật\", a placeholder, not a real value",
			    fixture_any);
	/* a producer's required fields too */
	diag_list_release(&f->core.diags);
	struct producer *pr = arena_new(&f->core.arena, struct producer);
	pr->e.path = "content/producers/htx-a.md";
	producer_read(pr, parse_at(f, pr->e.path,
		"---\nname: \"xxx\"\ntype: htx\n"
		"location: { province: Hà Tĩnh, commune: Thạch Kim }\n---\n"),
		&f->env);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
				 "content/producers/htx-a.md", 2, 7,
				 "placeholder",
				 "\"name\" is \"xxx\", a placeholder, not a real value",
				 fixture_any);
}

/* A draft is not checked: it may hold placeholders until it is ready. */
static void
test_product_placeholder_in_draft(void **state)
{
	struct fixture *f = *state;
	struct product *p = read_product(f,
		"---\nname: Chưa rõ\nsummary: TBD\nstars: 0\ndraft: true\n---\n");
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_true(p->e.draft);
	assert_string_equal(p->e.name, "Chưa rõ");
	/* without draft, the same file has its errors */
	read_product(f, "---\nname: Chưa rõ\nsummary: TBD\nstars: 0\n---\n");
	fixture_assert_diag(&f->core.diags, 0, DIAG_ERROR,
			    "content/products/p.md", 2, 7, "placeholder",
			    "\"name\" is \"Chưa rõ\", a placeholder, not a real value",
			    fixture_any);
	fixture_assert_diag(&f->core.diags, 1, DIAG_WARNING,
			    "content/products/p.md", 3, 10, "placeholder",
			    "\"summary\" is \"TBD\", a placeholder: it is left out",
			    fixture_any);
}

/* In an optional field a placeholder is a warning, and the value is
 * left out as if the line were not there: it is never published. */
static void
test_product_placeholder_in_optional_field(void **state)
{
	struct fixture *f = *state;
	struct product *p = product(f, "4", "thuc-pham",
				    "  issuer: chưa rõ\n"
				    "code: \"0\"\n"
				    "standards: [VietGAP, Không, HACCP]\n"
				    "export_markets: [NA, JP]\n");
	fixture_assert_diag_count(&f->core.diags, 3);
	/* in the order fields are read: code before certificate */
	fixture_assert_diag(&f->core.diags, 0, DIAG_WARNING,
			    "content/products/p.md", 13, 7, "placeholder",
			    "\"code\" is \"0\", a placeholder: it is left out",
			    "delete the line, or write the real value");
	fixture_assert_diag(&f->core.diags, 1, DIAG_WARNING,
			    "content/products/p.md", 12, 11, "placeholder",
			    "\"issuer\" is \"chưa rõ\", a placeholder: it is left out",
			    "delete the line, or write the real value");
	fixture_assert_diag(&f->core.diags, 2, DIAG_WARNING,
			    "content/products/p.md", 14, 22, "placeholder",
			    "\"Không\" in \"standards\" is a placeholder: it is left out",
			    "delete the item, or write the real value");
	assert_null(p->cert.issuer);
	assert_null(p->code);
	assert_int_equal(p->standards.n, 2);
	assert_string_equal(p->standards.v[1], "HACCP");
	/* codes are codes: NA is Namibia */
	assert_int_equal(p->export_markets.n, 2);
	assert_string_equal(p->export_markets.v[0], "NA");
	/* an optional date: left out, and the expiry is computed */
	diag_list_release(&f->core.diags);
	p = product(f, "4", "thuc-pham", "  expires: \"--\"\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_WARNING,
				 "content/products/p.md", 12, 12, "placeholder",
				 "\"expires\" is \"--\", a placeholder: it is left out",
				 fixture_any);
	assert_false(p->cert.expires_given);
	assert_date(&p->cert.expires, 2026, 6, 12);
}

/* The certificate's number and date: a placeholder or a missing line
 * points at details: unknown; a number without a decision's number is
 * an error; an issue before the programme began is impossible. */
static void
test_product_certificate_number_and_date(void **state)
{
	struct fixture *f = *state;
	static const char number_hint[] =
		"write the number of the decision that recognised the product, as in 1234/QĐ-UBND; if its number and date are not known, write \"details: unknown\" instead of number and issued";
	read_product(f,
		"---\nname: X\nstars: 4\ngroup: thuc-pham\nproducer: htx-a\n"
		"location: { province: Hà Tĩnh, commune: Kỳ Anh }\n"
		"certificate:\n"
		"  number: N/A\n"
		"  issued: chưa rõ\n"
		"---\n");
	fixture_assert_diag_count(&f->core.diags, 2);
	fixture_assert_diag(&f->core.diags, 0, DIAG_ERROR,
			    "content/products/p.md", 8, 11, "placeholder",
			    "\"number\" is \"N/A\", a placeholder, not a real value",
			    number_hint);
	fixture_assert_diag(&f->core.diags, 1, DIAG_ERROR,
			    "content/products/p.md", 9, 11, "placeholder",
			    "\"issued\" is \"chưa rõ\", a placeholder, not a real value",
			    "write the date of the decision that recognised the product, as YYYY-MM-DD; if its number and date are not known, write \"details: unknown\" instead of number and issued");
	diag_list_release(&f->core.diags);
	read_product(f,
		"---\nname: X\nstars: 4\ngroup: thuc-pham\nproducer: htx-a\n"
		"location: { province: Hà Tĩnh, commune: Kỳ Anh }\n"
		"certificate:\n"
		"  issued: 2023-06-12\n"
		"---\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
				 "content/products/p.md", 8, 3, "required",
				 "missing required field \"number\"",
				 number_hint);
	static const char *const no_number[] = {
		"…/QĐ-UBND", "000/QĐ-UBND", "/QĐ-UBND", "QĐ-UBND", "Số /QĐ-UBND",
	};
	for (size_t i = 0; i < sizeof(no_number) / sizeof(no_number[0]); i++) {
		diag_list_release(&f->core.diags);
		read_product(f, arena_printf(&f->core.arena,
			"---\nname: X\nstars: 4\ngroup: thuc-pham\nproducer: htx-a\n"
			"location: { province: Hà Tĩnh, commune: Kỳ Anh }\n"
			"certificate:\n"
			"  number: \"%s\"\n"
			"  issued: 2023-06-12\n"
			"---\n", no_number[i]));
		fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
			"content/products/p.md", 8, 11, "certificate",
			arena_printf(&f->core.arena,
				     "certificate number \"%s\" does not give the decision's number",
				     no_number[i]),
			number_hint);
	}
	static const char *const real_number[] = {
		"01/QĐ-UBND", "1234/QĐ-UBND", "Số 56/QĐ-UBND", "QĐ 1887",
		"100/QĐ-UBND",
	};
	for (size_t i = 0; i < sizeof(real_number) / sizeof(real_number[0]); i++) {
		diag_list_release(&f->core.diags);
		read_product(f, arena_printf(&f->core.arena,
			"---\nname: X\nstars: 4\ngroup: thuc-pham\nproducer: htx-a\n"
			"location: { province: Hà Tĩnh, commune: Kỳ Anh }\n"
			"certificate: { number: \"%s\", issued: 2023-06-12 }\n"
			"---\n", real_number[i]));
		fixture_assert_diag_count(&f->core.diags, 0);
	}
}

static void
test_product_issued_before_the_programme(void **state)
{
	struct fixture *f = *state;
	static const char *const before[] = {
		"1900-01-01", "1903-01-01", "2017-12-31", "2018-05-06",
	};
	for (size_t i = 0; i < sizeof(before) / sizeof(before[0]); i++) {
		diag_list_release(&f->core.diags);
		read_product(f, arena_printf(&f->core.arena,
			"---\nname: X\nstars: 4\ngroup: thuc-pham\nproducer: htx-a\n"
			"location: { province: Hà Tĩnh, commune: Kỳ Anh }\n"
			"certificate:\n"
			"  number: 1/QĐ-UBND\n"
			"  issued: %s\n"
			"---\n", before[i]));
		fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
			"content/products/p.md", 9, 11, "date",
			arena_printf(&f->core.arena,
				     "certificate issued on %s, before the OCOP programme began (7 May 2018, Decision 490/QĐ-TTg)",
				     before[i]),
			"copy the date of the decision that recognised the product; if it is not known, write \"details: unknown\" instead of number and issued");
	}
	/* the day of Decision 490/QĐ-TTg itself is possible */
	diag_list_release(&f->core.diags);
	read_product(f,
		"---\nname: X\nstars: 4\ngroup: thuc-pham\nproducer: htx-a\n"
		"location: { province: Hà Tĩnh, commune: Kỳ Anh }\n"
		"certificate: { number: 1/QĐ-UBND, issued: 2018-05-07 }\n"
		"---\n");
	fixture_assert_diag_count(&f->core.diags, 0);
}

/* certificate: { details: unknown, issuer } publishes a product whose
 * certificate's number and date are not known, never as valid. */
static void
test_product_certificate_details_unknown(void **state)
{
	struct fixture *f = *state;
	static const char head[] =
		"---\nname: X\nstars: 3\ngroup: thuc-pham\nproducer: htx-a\n"
		"location: { province: Hà Tĩnh, commune: Kỳ Anh }\n"
		"certificate:\n"
		"  details: unknown\n";
	struct product *p = read_product(f, arena_printf(&f->core.arena,
		"%s  issuer: UBND tỉnh Hà Tĩnh\n---\n", head));
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_true(p->cert.details_unknown);
	assert_null(p->cert.number);
	assert_int_equal(p->cert.issued.y, 0);
	assert_string_equal(p->cert.issuer, "UBND tỉnh Hà Tĩnh");
	assert_int_equal(cert_status(&p->cert, f->as_of), CERT_UNPUBLISHED);
	assert_int_equal(cert_status(&p->cert, fixture_days("2040-01-01")),
			 CERT_UNPUBLISHED);
	assert_string_equal(model_cert_status_slugs[CERT_UNPUBLISHED],
			    "unpublished");

	/* it still says who rated the product */
	diag_list_release(&f->core.diags);
	read_product(f, arena_printf(&f->core.arena, "%s---\n", head));
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
		"content/products/p.md", 8, 3, "required",
		"missing required field \"issuer\"",
		"name who rated the product, as in issuer: UBND tỉnh Hà Tĩnh; a certificate whose details are unknown still says who issued it");
	diag_list_release(&f->core.diags);
	read_product(f, arena_printf(&f->core.arena,
		"%s  issuer: \"?\"\n---\n", head));
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
		"content/products/p.md", 9, 11, "placeholder",
		"\"issuer\" is \"?\", a placeholder, not a real value",
		fixture_any);

	/* a number or a date beside it contradicts it */
	diag_list_release(&f->core.diags);
	read_product(f, arena_printf(&f->core.arena,
		"%s  issuer: UBND tỉnh Hà Tĩnh\n  number: 1/QĐ-UBND\n"
		"  expires: 2026-01-01\n---\n", head));
	fixture_assert_diag_count(&f->core.diags, 2);
	fixture_assert_diag(&f->core.diags, 0, DIAG_ERROR,
		"content/products/p.md", 10, 11, "certificate",
		"\"number\" is given, but \"details: unknown\" says the certificate's number and date are not known",
		"if the decision is known, delete the line \"details: unknown\"; otherwise delete \"number\"");
	fixture_assert_diag(&f->core.diags, 1, DIAG_ERROR,
		"content/products/p.md", 11, 12, "certificate",
		"\"expires\" is given, but \"details: unknown\" says the certificate's number and date are not known",
		"if the decision is known, delete the line \"details: unknown\"; otherwise delete \"expires\"");

	/* a revocation beats it, and is never before the programme */
	diag_list_release(&f->core.diags);
	p = read_product(f, arena_printf(&f->core.arena,
		"%s  issuer: UBND tỉnh Hà Tĩnh\n"
		"  revoked: { date: 2025-01-02, decision: 9/QĐ-UBND }\n---\n",
		head));
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_int_equal(cert_status(&p->cert, fixture_days("2025-01-01")),
			 CERT_UNPUBLISHED);
	assert_int_equal(cert_status(&p->cert, fixture_days("2025-01-02")),
			 CERT_REVOKED);
	diag_list_release(&f->core.diags);
	read_product(f, arena_printf(&f->core.arena,
		"%s  issuer: UBND tỉnh Hà Tĩnh\n"
		"  revoked: { date: 2017-01-02 }\n---\n", head));
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
		"content/products/p.md", 10, 20, "date",
		"certificate revoked on 2017-01-02, before the OCOP programme began (7 May 2018, Decision 490/QĐ-TTg)",
		"write the date of the revocation decision, as YYYY-MM-DD");

	/* the only value is unknown; without it, number and issued are
	 * required again */
	diag_list_release(&f->core.diags);
	read_product(f,
		"---\nname: X\nstars: 3\ngroup: thuc-pham\nproducer: htx-a\n"
		"location: { province: Hà Tĩnh, commune: Kỳ Anh }\n"
		"certificate: { details: unknwon, issuer: UBND tỉnh Hà Tĩnh }\n"
		"---\n");
	assert_int_equal(f->core.diags.n, 3);
	fixture_assert_diag(&f->core.diags, 0, DIAG_ERROR,
		"content/products/p.md", 7, 25, "enum",
		"unknown details \"unknwon\": use one of unknown",
		"did you mean \"unknown\"?");
}

static const char *
shop(struct fixture *f, const char *platform, const char *url)
{
	return arena_printf(&f->core.arena,
			    "shops:\n  - platform: %s\n    url: %s\n", platform,
			    url);
}

static void
test_product_shop_needs_https(void **state)
{
	struct fixture *f = *state;
	struct product *p = product(f, "4", "thuc-pham",
				    shop(f, "shopee", "http://shopee.vn/x"));
	assert_error(f, 14, 10, "url",
		     "shop link must start with https://, found \"http://shopee.vn/x\"");
	assert_int_equal(p->n_shops, 0);
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham", shop(f, "shopee", "https:///x"));
	assert_error(f, 14, 10, "url", "link \"https:///x\" has no host name");
	diag_list_release(&f->core.diags);
	/* protocol-relative: no scheme is not https */
	product(f, "4", "thuc-pham", shop(f, "shopee", "//shopee.vn/x"));
	assert_error(f, 14, 10, "url",
		     "shop link must start with https://, found \"//shopee.vn/x\"");
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham", shop(f, "shopee", "javascript:alert(1)"));
	assert_error(f, 14, 10, "url",
		     "shop link must start with https://, found \"javascript:alert(1)\"");
}

static void
test_product_shop_foreign_host(void **state)
{
	struct fixture *f = *state;
	product(f, "4", "thuc-pham", shop(f, "lazada", "https://evil.example/x"));
	assert_error(f, 14, 10, "url",
		     "shop link host \"evil.example\" is not a Lazada address");
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham", shop(f, "shopee", "https://notshopee.vn/x"));
	assert_error(f, 14, 10, "url",
		     "shop link host \"notshopee.vn\" is not a Shopee address");
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham",
		shop(f, "shopee", "https://shopee.vn.evil.com/x"));
	assert_error(f, 14, 10, "url",
		     "shop link host \"shopee.vn.evil.com\" is not a Shopee address");
	diag_list_release(&f->core.diags);
	/* userinfo is refused: browsers go to the host after the '@' */
	product(f, "4", "thuc-pham",
		shop(f, "shopee", "https://shopee.vn@evil.com/x"));
	assert_error(f, 14, 10, "url",
		     "link \"https://shopee.vn@evil.com/x\" has a user name before \"@\": browsers would open the site written after the \"@\"");
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham",
		shop(f, "shopee", "https://shopee.vn:443@evil.com/x"));
	assert_error(f, 14, 10, "url",
		     "link \"https://shopee.vn:443@evil.com/x\" has a user name before \"@\": browsers would open the site written after the \"@\"");
	diag_list_release(&f->core.diags);
	/* the host compared is the decoded one */
	product(f, "4", "thuc-pham",
		shop(f, "shopee", "https://shopee.vn%40evil.com/x"));
	assert_error(f, 14, 10, "url",
		     "link \"https://shopee.vn%40evil.com/x\" has an invalid host name");
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham", shop(f, "shopee", "https://evilshopee.vn/x"));
	assert_error(f, 14, 10, "url",
		     "shop link host \"evilshopee.vn\" is not a Shopee address");
}

static void
test_product_shop_backslash_refused(void **state)
{
	struct fixture *f = *state;
	/* browsers read "\" as "/" in https URLs: this link goes to
	 * evil.com, so a backslash is refused wherever it is */
	product(f, "4", "thuc-pham",
		shop(f, "shopee", "\"https://evil.com\\\\.shopee.vn/x\""));
	assert_error(f, 14, 10, "url",
		     "\"https://evil.com\\.shopee.vn/x\" is not a valid link");
	diag_list_release(&f->core.diags);
	/* and so are tabs, which browsers drop */
	product(f, "4", "thuc-pham",
		shop(f, "shopee", "\"https://shopee.vn\\t.evil.com/x\""));
	assert_error(f, 14, 10, "url",
		     "\"https://shopee.vn\t.evil.com/x\" is not a valid link");
}

static void
test_product_shop_unknown_platform(void **state)
{
	struct fixture *f = *state;
	product(f, "4", "thuc-pham", shop(f, "amazon", "https://amazon.com/x"));
	assert_error(f, 13, 15, "platform",
		     "unknown platform \"amazon\": add it to platforms in site.yaml or use one listed there");
	diag_list_release(&f->core.diags);
	/* tiki is a default platform, but this site.yaml lists its own */
	product(f, "4", "thuc-pham", shop(f, "tiki", "https://tiki.vn/x"));
	assert_error(f, 13, 15, "platform",
		     "unknown platform \"tiki\": add it to platforms in site.yaml or use one listed there");
}

static void
test_product_shop_subdomain_accepted(void **state)
{
	struct fixture *f = *state;
	struct product *p = product(f, "4", "thuc-pham",
				    shop(f, "shopee", "https://www.shopee.vn/buoi"));
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_int_equal(p->n_shops, 1);
	assert_string_equal(p->shops[0].url, "https://www.shopee.vn/buoi");
	assert_int_equal(p->shops[0].at.line, 13);
	/* what is published is the normalised link */
	p = product(f, "4", "thuc-pham", shop(f, "shopee", "https://shopee.vn:443/a"));
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_int_equal(p->n_shops, 1);
	assert_string_equal(p->shops[0].url, "https://shopee.vn/a");
	p = product(f, "4", "thuc-pham", shop(f, "shopee", "https://shopee.vn"));
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_int_equal(p->n_shops, 1);
	assert_string_equal(p->shops[0].url, "https://shopee.vn/");
	p = product(f, "4", "thuc-pham",
		    shop(f, "shopee", "HTTPS://Mall.SHOPEE.vn./Bưởi"));
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_int_equal(p->n_shops, 1);
	assert_string_equal(p->shops[0].url,
			    "https://mall.shopee.vn/B%C6%B0%E1%BB%9Fi");
	p = product(f, "4", "thuc-pham",
		    shop(f, "website", "https://htx.example.vn/shop"));
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_int_equal(p->n_shops, 1);
}

static void
test_product_unknown_field_warns_with_hint(void **state)
{
	struct fixture *f = *state;
	struct product *p = product(f, "4", "thuc-pham", "stras: 4\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_WARNING,
				 "content/products/p.md", 12, 1,
				 "unknown-field", "unknown field \"stras\"",
				 "did you mean \"stars\"?");
	assert_int_equal(f->core.diags.errors, 0);
	assert_int_equal(p->stars, 4);
	diag_list_release(&f->core.diags);
	/* nested maps are checked too */
	product(f, "4", "thuc-pham", "  isued: 2023-06-12\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_WARNING,
				 "content/products/p.md", 12, 3,
				 "unknown-field", "unknown field \"isued\"",
				 "did you mean \"issued\"?");
	diag_list_release(&f->core.diags);
	/* nothing close: no hint */
	product(f, "4", "thuc-pham", "xyzzy: 1\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_WARNING,
				 "content/products/p.md", 12, 1,
				 "unknown-field", "unknown field \"xyzzy\"",
				 NULL);
}

static void
test_product_traceability_and_price_checks(void **state)
{
	struct fixture *f = *state;
	struct product *p = product(f, "4", "thuc-pham",
		"traceability: { url: \"javascript:alert(1)\" }\n");
	assert_error(f, 12, 22, "url", "traceability url must start with https:// (or http://)");
	assert_null(p->trace_url);
	diag_list_release(&f->core.diags);
	p = product(f, "4", "thuc-pham",
		"traceability: { url: \"http://u:p@truyxuat.example.vn/b\" }\n");
	assert_error(f, 12, 22, "url",
		     "link \"http://u:p@truyxuat.example.vn/b\" has a user name before \"@\": browsers would open the site written after the \"@\"");
	assert_null(p->trace_url);
	diag_list_release(&f->core.diags);
	/* http is fine here; the link is kept normalised */
	p = product(f, "4", "thuc-pham",
		"traceability: { url: \"HTTP://TruyXuat.example.vn/Mã số\" }\n");
	assert_error(f, 12, 22, "url",
		     "\"HTTP://TruyXuat.example.vn/Mã số\" is not a valid link");
	diag_list_release(&f->core.diags);
	p = product(f, "4", "thuc-pham",
		"traceability: { url: \"HTTP://TruyXuat.example.vn/Mã\" }\n");
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_string_equal(p->trace_url, "http://truyxuat.example.vn/M%C3%A3");
	product(f, "4", "thuc-pham", "price: { from: 50000, to: 1000 }\n");
	assert_error(f, 12, 27, "price",
		     "price \"to\" (1000) is lower than \"from\" (50000)");
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham", "price: { from: -1 }\n");
	assert_error(f, 12, 16, "price", "price must not be negative");
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham", "ip: { type: nhan-hieu, name: X }\n");
	assert_error(f, 12, 13, "enum",
		     "unknown type \"nhan-hieu\": use one of geographical-indication, "
		     "collective-mark, certification-mark");
}

/* ---- producers and points of sale ----------------------------------- */

static void
test_producer_read_every_field(void **state)
{
	struct fixture *f = *state;
	const struct fm_node *m = parse_at(f, "content/producers/htx-a.md",
		"---\n"
		"name: Hợp tác xã Bưởi Phúc Trạch\n"
		"type: htx\n"
		"location: { province: Hà Tĩnh, district: Hương Khê, commune: Phúc Trạch, address: Thôn 3 }\n"
		"representative: Nguyễn Văn A\n"
		"phone: \"0239 3123 456\"\n"
		"email: htx@example.vn\n"
		"website: https://htx.example.vn/\n"
		"summary: Hợp tác xã trồng bưởi\n"
		"---\nCâu chuyện\n");
	struct producer *p = arena_new(&f->core.arena, struct producer);
	producer_read(p, m, &f->env);
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_string_equal(p->e.name, "Hợp tác xã Bưởi Phúc Trạch");
	assert_int_equal(p->type, PRODUCER_HTX);
	assert_string_equal(p->location.province, "Hà Tĩnh");
	assert_string_equal(p->location.district, "Hương Khê");
	assert_string_equal(p->location.commune, "Phúc Trạch");
	assert_string_equal(p->location.address, "Thôn 3");
	assert_string_equal(p->representative, "Nguyễn Văn A");
	assert_string_equal(p->phone, "0239 3123 456");
	assert_string_equal(p->email, "htx@example.vn");
	assert_string_equal(p->website, "https://htx.example.vn/");
	assert_string_equal(p->e.summary, "Hợp tác xã trồng bưởi");
}

static void
test_producer_website_normalised(void **state)
{
	struct fixture *f = *state;
	const struct fm_node *m = parse_at(f, "content/producers/htx-a.md",
		"---\n"
		"name: HTX A\n"
		"type: htx\n"
		"location: { province: Hà Tĩnh, commune: Kỳ Anh }\n"
		"website: https://NôngSản.vn\n"
		"---\n");
	struct producer *p = arena_new(&f->core.arena, struct producer);
	producer_read(p, m, &f->env);
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_string_equal(p->website, "https://xn--nngsn-6ta0134c.vn/");

	m = parse_at(f, "content/producers/htx-b.md",
		"---\n"
		"name: HTX B\n"
		"type: htx\n"
		"location: { province: Hà Tĩnh, commune: Kỳ Anh }\n"
		"website: \"//evil.example/\"\n"
		"---\n");
	p = arena_new(&f->core.arena, struct producer);
	producer_read(p, m, &f->env);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
				 "content/producers/htx-b.md", 5, 10, "url",
				 "website must start with https:// (or http://)",
				 "write the whole address, as in https://htx-a.vn");
	assert_null(p->website);
	diag_list_release(&f->core.diags);

	m = parse_at(f, "content/producers/htx-c.md",
		"---\n"
		"name: HTX C\n"
		"type: htx\n"
		"location: { province: Hà Tĩnh, commune: Kỳ Anh }\n"
		"website: https://htx-c.vn:0/\n"
		"---\n");
	p = arena_new(&f->core.arena, struct producer);
	producer_read(p, m, &f->env);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
				 "content/producers/htx-c.md", 5, 10, "url",
				 "link \"https://htx-c.vn:0/\" has an invalid port",
				 "delete the \":\" and the number after the host name, or write a port from 1 to 65535");
	assert_null(p->website);
}

static void
test_producer_errors(void **state)
{
	struct fixture *f = *state;
	const struct fm_node *m = parse_at(f, "content/producers/x.md",
		"---\n"
		"name: X\n"
		"type: hop-tac-xa\n"
		"location: { province: Hà Tĩnh, commune: Kỳ Anh }\n"
		"website: ftp://x.vn\n"
		"phome: \"1\"\n"
		"---\n");
	struct producer *p = arena_new(&f->core.arena, struct producer);
	producer_read(p, m, &f->env);
	assert_int_equal(f->core.diags.n, 3);
	const struct diag *d = &f->core.diags.v[0];
	assert_int_equal(d->at.line, 3);
	assert_int_equal(d->at.col, 7);
	assert_string_equal(d->code, "enum");
	assert_string_equal(d->msg, "unknown type \"hop-tac-xa\": use one of htx, "
			    "doanh-nghiep, to-hop-tac, ho-kinh-doanh");
	d = &f->core.diags.v[1];
	assert_int_equal(d->at.line, 5);
	assert_int_equal(d->at.col, 10);
	assert_string_equal(d->code, "url");
	assert_string_equal(d->msg, "website must start with https:// (or http://)");
	assert_null(p->website);
	d = &f->core.diags.v[2];
	assert_int_equal(d->level, DIAG_WARNING);
	assert_int_equal(d->at.line, 6);
	assert_string_equal(d->msg, "unknown field \"phome\"");
	assert_string_equal(d->hint, "did you mean \"phone\"?");
}

static void
test_pos_read_every_field(void **state)
{
	struct fixture *f = *state;
	const struct fm_node *m = parse_at(f, "content/points-of-sale/ch.md",
		"---\n"
		"name: Cửa hàng OCOP Hà Tĩnh\n"
		"kind: ocop-store\n"
		"location:\n"
		"  province: Hà Tĩnh\n"
		"  commune: Thạch Hà\n"
		"  address: 1 Trần Phú\n"
		"  geo: { lat: 18.34, lon: -105.9 }\n"
		"hours: \"07:30–21:00\"\n"
		"phone: \"0239 111\"\n"
		"---\n");
	struct point_of_sale *p = arena_new(&f->core.arena,
					    struct point_of_sale);
	pos_read(p, m, &f->env);
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_string_equal(p->e.name, "Cửa hàng OCOP Hà Tĩnh");
	assert_int_equal(p->kind, POS_OCOP_STORE);
	assert_string_equal(p->location.commune, "Thạch Hà");
	assert_string_equal(p->location.address, "1 Trần Phú");
	assert_true(p->location.geo.set);
	assert_float_equal(p->location.geo.lat, 18.34, 1e-9);
	assert_float_equal(p->location.geo.lon, -105.9, 1e-9);
	assert_string_equal(p->hours, "07:30–21:00");
	assert_string_equal(p->phone, "0239 111");
}

static void
test_pos_errors(void **state)
{
	struct fixture *f = *state;
	const struct fm_node *m = parse_at(f, "content/points-of-sale/ch.md",
		"---\n"
		"name: Chợ\n"
		"kind: cho\n"
		"location:\n"
		"  province: Hà Tĩnh\n"
		"  commune: Thạch Hà\n"
		"  geo: { lat: 100, lon: 105 }\n"
		"---\n");
	struct point_of_sale *p = arena_new(&f->core.arena,
					    struct point_of_sale);
	pos_read(p, m, &f->env);
	assert_int_equal(f->core.diags.n, 2);
	const struct diag *d = &f->core.diags.v[0];
	assert_int_equal(d->at.line, 3);
	assert_int_equal(d->at.col, 7);
	assert_string_equal(d->msg, "unknown kind \"cho\": use one of ocop-store, "
			    "ocop-centre, supermarket, tourist-site, market, other");
	d = &f->core.diags.v[1];
	assert_int_equal(d->at.line, 7);
	assert_int_equal(d->at.col, 8);
	assert_string_equal(d->code, "geo");
	assert_string_equal(d->msg, "geo must have lat between -90 and 90 and lon between -180 and 180");
	assert_false(p->location.geo.set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_product_read_every_field),
		T(test_product_read_minimal_defaults),
		T(test_product_expiry_follows_certificate_months),
		T(test_product_stars_six),
		T(test_product_stars_zero_hints_draft),
		T(test_product_stars_zero_as_draft_is_fine),
		T(test_product_stars_not_a_number),
		T(test_product_potential_needs_four_stars),
		T(test_product_unknown_group_lists_six),
		T(test_product_missing_required_field),
		T(test_product_missing_nested_field),
		T(test_product_null_counts_as_missing),
		T(test_product_wrong_types),
		T(test_product_bad_dates),
		T(test_product_expires_before_issued),
		T(test_product_revoked_before_issued),
		T(test_product_issued_in_the_future),
		T(test_product_placeholder_in_required_field),
		T(test_product_placeholder_in_draft),
		T(test_product_placeholder_in_optional_field),
		T(test_product_certificate_number_and_date),
		T(test_product_issued_before_the_programme),
		T(test_product_certificate_details_unknown),
		T(test_product_shop_needs_https),
		T(test_product_shop_foreign_host),
		T(test_product_shop_backslash_refused),
		T(test_product_shop_unknown_platform),
		T(test_product_shop_subdomain_accepted),
		T(test_product_unknown_field_warns_with_hint),
		T(test_product_traceability_and_price_checks),
		T(test_producer_read_every_field),
		T(test_producer_website_normalised),
		T(test_producer_errors),
		T(test_pos_read_every_field),
		T(test_pos_errors),
#undef T
	};
	return cmocka_run_group_tests_name("entry", tests, NULL, NULL);
}
