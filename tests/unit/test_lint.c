/*
 * test_lint.c - the catalog-wide warnings of lint_catalog(): text not
 * in NFC, names with spaces around them, one certificate number on two
 * products, one product in two files, a producer written two ways (its
 * keys, and the blocked search against every pair), national product
 * codes, geo positions outside Vietnam, phones and e-mails, certificates
 * about to expire and products with nowhere to buy.
 *
 * As in test_entry.c, seams are data: each test builds a source set by
 * hand, runs catalog_load() (which must succeed) and lint_catalog(), and
 * asserts every diag exactly (position, code, message, hint) after
 * sorting them as main() does.  The build date is fixed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <utf8proc.h>

#include "fixture.h"
#include "model/catalog.h"
#include "model/lint.h"
#include "model/site.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/banned.h"

#define AS_OF "2026-03-05"

static const char SITE_YAML[] =
	"title: Sản phẩm OCOP tỉnh Hà Tĩnh\n"
	"base_url: https://ocop.example.gov.vn\n"
	"languages: [vi, en]\n"
	"platforms:\n"
	"  shopee: { name: Shopee, hosts: [shopee.vn] }\n";

struct fixture {
	struct fixture_core core;
	struct fixture_files files;
	struct site site;
	struct catalog cat;
};

/* Adds a file to this test's source set (fixture_add_file()). */
static void
add_file(struct fixture *f, const char *path, const char *text)
{
	fixture_add_file(&f->files, &f->core.arena, path, text);
}

static int
setup(void **state)
{
	struct fixture *f = fixture_new(sizeof(*f));
	if (!f)
		return -1;
	*state = f;
	add_file(f, "site.yaml", SITE_YAML);
	return 0;
}

/* A producer file (fixture_producer_md()): line 2 is the name, line 5
 * on the extra lines. */
static void
producer(struct fixture *f, const char *slug, const char *name,
	 const char *extra)
{
	add_file(f,
		 arena_printf(&f->core.arena, "content/producers/%s.md", slug),
		 fixture_producer_md(&f->core.arena, name, extra));
}

/*
 * A valid product sold at cua-hang, made by htx-a.  Lines:
 *  1 ---                    6 location: <loc, or a place in Hà Tĩnh>
 *  2 name: <name>           7 certificate:
 *  3 stars: 4               8   number: <number>
 *  4 group: thuc-pham       9   issued: 2025-06-12
 *  5 producer: htx-a       10 <extra, lines 10 on>
 * with points_of_sale after extra.
 */
static void
write_product(struct fixture *f, const char *slug, const char *name,
	   const char *number, const char *loc, const char *extra)
{
	add_file(f,
		 arena_printf(&f->core.arena, "content/products/%s.md", slug),
		 arena_printf(&f->core.arena,
			"---\n"
			"name: %s\n"
			"stars: 4\n"
			"group: thuc-pham\n"
			"producer: htx-a\n"
			"location: %s\n"
			"certificate:\n"
			"  number: %s\n"
			"  issued: 2025-06-12\n"
			"%s"
			"points_of_sale: [cua-hang]\n"
			"---\n"
			"Câu chuyện.\n", name,
			loc ? loc : "{ province: Hà Tĩnh, commune: Phúc Trạch }",
			number, extra));
}

static void
product(struct fixture *f, const char *slug, const char *name,
	const char *number, const char *extra)
{
	write_product(f, slug, name, number, NULL, extra);
}

/* The producer and point of sale every product needs. */
static void
base(struct fixture *f)
{
	producer(f, "htx-a", "HTX A", "");
	add_file(f, "content/points-of-sale/cua-hang.md",
		 "---\nname: Cửa hàng\nkind: ocop-store\n"
		 "location: { province: Hà Tĩnh, commune: Thạch Kim }\n---\n");
}

/* Loads (which must give no diag) and lints; diags sorted. */
static void
run(struct fixture *f)
{
	assert_int_equal(fixture_load_catalog(&f->cat, &f->site, &f->files.set,
					      AS_OF, &f->core), 0);
	lint_catalog(&f->cat, &f->files.set, &f->core.arena, &f->core.diags);
	diag_sort(&f->core.diags);
}

/* Diag i is a warning at path:line:col with this code, message and hint,
 * and both have their Vietnamese text. */
static void
assert_warning(const struct fixture *f, size_t i, const char *path,
	       unsigned line, unsigned col, const char *code, const char *msg,
	       const char *hint)
{
	fixture_assert_diag(&f->core.diags, i, DIAG_WARNING, path, line, col,
			    code, msg, hint);
	/* every lint message and hint has its Vietnamese text */
	const struct diag *d = &f->core.diags.v[i];
	assert_string_not_equal(diag_msg(d, msg_lang_find("vi")), d->msg);
	assert_string_not_equal(diag_hint_text(d, msg_lang_find("vi")), d->hint);
}

/* ---- a clean catalog ------------------------------------------------- */

static void
test_lint_clean_catalog_has_no_warnings(void **state)
{
	struct fixture *f = *state;
	base(f);
	producer(f, "htx-b", "Hợp tác xã Chè Hồng Lộc",
		 "phone: \"0239 3855 123 / 0912.345.678\"\n"
		 "email: htx.che@example.vn\n");
	product(f, "keo", "Kẹo cu đơ", "1/QĐ-UBND",
		"code: 42-436-18541-4-2025\n"
		"shops: [{ platform: shopee, url: \"https://shopee.vn/keo\" }]\n");
	write_product(f, "cam", "Cam Khe Mây", "2/QĐ-UBND",
		   "{ province: Khánh Hòa, commune: Trường Sa, geo: { lat: 8.6447, lon: 111.9203 } }",
		   "");
	/* English text that inherits the name; ASCII only */
	add_file(f, "content/products/keo.en.md",
		 "---\nsummary: Candy\n---\nStory.\n");
	run(f);
	fixture_assert_diag_count(&f->core.diags, 0);
}

/* ---- NFC ------------------------------------------------------------- */

static void
test_lint_not_nfc_names_first_place_once(void **state)
{
	struct fixture *f = *state;
	base(f);
	/* "Nguyễn" typed as e + circumflex + tilde (U+0302 U+0303) on line
	 * 13 (the story), then again on line 14: warned once, at the e */
	add_file(f, "content/products/keo.md",
		 "---\n"
		 "name: Kẹo cu đơ\n"
		 "stars: 4\n"
		 "group: thuc-pham\n"
		 "producer: htx-a\n"
		 "location: { province: Hà Tĩnh, commune: Phúc Trạch }\n"
		 "certificate:\n"
		 "  number: 1/QĐ\n"
		 "  issued: 2025-06-12\n"
		 "points_of_sale: [cua-hang]\n"
		 "---\n"
		 "Câu chuyện.\n"
		 "Bà Nguye\xCC\x82\xCC\x83n Thị Hường.\n"
		 "Bà Nguye\xCC\x82\xCC\x83n.\n");
	/* a precomposed ê followed by a combining acute: at the ê */
	producer(f, "htx-b", "HTX Bê\xCC\x81n", "");
	run(f);
	fixture_assert_diag_count(&f->core.diags, 2);
	assert_warning(f, 0, "content/producers/htx-b.md", 2, 12, "not-nfc",
		       "text is not in Unicode NFC (composed) form",
		       "run \"ocop fmt content/producers/htx-b.md\" to normalise it");
	assert_warning(f, 1, "content/products/keo.md", 13, 8, "not-nfc",
		       "text is not in Unicode NFC (composed) form",
		       "run \"ocop fmt content/products/keo.md\" to normalise it");
	assert_string_equal(diag_msg(&f->core.diags.v[1], msg_lang_find("vi")),
			    "chữ được gõ theo kiểu Unicode tổ hợp, chưa phải Unicode dựng sẵn (NFC)");
}

/* ---- names ----------------------------------------------------------- */

static void
test_lint_name_spaces(void **state)
{
	struct fixture *f = *state;
	base(f);
	producer(f, "htx-b", "\" HTX B\"", "");
	add_file(f, "content/points-of-sale/sieu-thi.md",
		 "---\nname: \"Siêu thị\\u00A0\"\nkind: supermarket\n"
		 "location: { province: Hà Tĩnh, commune: Thạch Kim }\n---\n");
	add_file(f, "content/pages/gioi-thieu.md",
		 "---\nname: 'Giới thiệu '\n---\n");
	product(f, "keo", "\"Kẹo cu đơ \"", "1/QĐ", "");
	/* a translation that gives its own name is checked in its file; one
	 * that inherits the name is not warned twice */
	add_file(f, "content/products/keo.en.md",
		 "---\nname: \" Cu do candy\"\n---\n");
	add_file(f, "content/pages/gioi-thieu.en.md", "---\nsummary: About\n---\n");
	run(f);
	fixture_assert_diag_count(&f->core.diags, 5);
	const char *hint = "remove the spaces inside the quotes: lists show and sort the name with them";
	assert_warning(f, 0, "content/pages/gioi-thieu.md", 2, 7, "name-spaces",
		       "name \"Giới thiệu \" has spaces at the start or end", hint);
	assert_warning(f, 1, "content/points-of-sale/sieu-thi.md", 2, 7, "name-spaces",
		       "name \"Siêu thị\xC2\xA0\" has spaces at the start or end", hint);
	assert_warning(f, 2, "content/producers/htx-b.md", 2, 7, "name-spaces",
		       "name \" HTX B\" has spaces at the start or end", hint);
	assert_warning(f, 3, "content/products/keo.en.md", 2, 7, "name-spaces",
		       "name \" Cu do candy\" has spaces at the start or end", hint);
	assert_warning(f, 4, "content/products/keo.md", 2, 7, "name-spaces",
		       "name \"Kẹo cu đơ \" has spaces at the start or end", hint);
}

/* ---- certificate numbers --------------------------------------------- */

/* A product of decision number, issued on date by issuer (NULL: none),
 * with extra lines under traceability or at the top. */
static void
decided(struct fixture *f, const char *slug, const char *number,
	const char *issuer, const char *date, const char *extra)
{
	add_file(f,
		 arena_printf(&f->core.arena, "content/products/%s.md", slug),
		 arena_printf(&f->core.arena,
			"---\n"
			"name: %s\n"
			"stars: 4\n"
			"group: thuc-pham\n"
			"producer: htx-a\n"
			"location: { province: Hà Tĩnh, commune: Phúc Trạch }\n"
			"certificate:\n"
			"  number: %s\n"
			"  issued: %s\n"
			"%s%s%s"
			"points_of_sale: [cua-hang]\n"
			"%s"
			"---\n", slug, number, date, issuer ? "  issuer: " : "",
			issuer ? issuer : "", issuer ? "\n" : "", extra));
}

static void
test_lint_decision_batches_are_silent(void **state)
{
	struct fixture *f = *state;
	base(f);
	/* one decision, twelve products; the same number from another
	 * province's committee; the same number without an issuer */
	for (int i = 0; i < 12; i++)
		decided(f, arena_printf(&f->core.arena, "p%02d", i),
			"1887/QĐ-UBND", "UBND tỉnh Hà Tĩnh", "2023-06-12", "");
	decided(f, "other", "1887/QĐ-UBND", "UBND tỉnh Nghệ An", "2024-01-05",
		"");
	run(f);
	fixture_assert_diag_count(&f->core.diags, 0);
}

static void
test_lint_decision_with_two_dates(void **state)
{
	struct fixture *f = *state;
	base(f);
	decided(f, "a", "1887/QĐ-UBND", "UBND tỉnh Hà Tĩnh", "2023-06-12", "");
	decided(f, "b", "1887/QĐ-UBND", "UBND tỉnh Hà Tĩnh", "2023-06-12", "");
	decided(f, "c", "1887/QĐ-UBND", "UBND tỉnh Hà Tĩnh", "2023-07-12", "");
	decided(f, "d", "1888/QĐ-UBND", NULL, "2023-06-12", "");
	decided(f, "e", "1888/QĐ-UBND", NULL, "2024-06-12", "");
	/* the odd one out is first by name and by date: the batch's date
	 * is still the one most files have */
	decided(f, "f", "1889/QĐ-UBND", NULL, "2023-06-01", "");
	decided(f, "g", "1889/QĐ-UBND", NULL, "2023-06-12", "");
	decided(f, "h", "1889/QĐ-UBND", NULL, "2023-06-12", "");
	run(f);
	fixture_assert_diag_count(&f->core.diags, 3);
	const char *hint = "one decision has one date: check the date and the number against the decision itself";
	assert_warning(f, 0, "content/products/c.md", 9, 11, "same-certificate",
		       "decision \"1887/QĐ-UBND\" is dated 2023-07-12 here but 2023-06-12 in content/products/a.md",
		       hint);
	assert_warning(f, 1, "content/products/e.md", 9, 11, "same-certificate",
		       "decision \"1888/QĐ-UBND\" is dated 2024-06-12 here but 2023-06-12 in content/products/d.md",
		       hint);
	assert_warning(f, 2, "content/products/f.md", 9, 11, "same-certificate",
		       "decision \"1889/QĐ-UBND\" is dated 2023-06-01 here but 2023-06-12 in content/products/g.md",
		       hint);
}

static void
test_lint_codes_and_gtins_name_one_product(void **state)
{
	struct fixture *f = *state;
	base(f);
	decided(f, "a", "1/QĐ", NULL, "2023-06-12",
		"code: 42-436-18541-4-2023\ntraceability: { gtin: \"8931234567895\" }\n");
	decided(f, "b", "2/QĐ", NULL, "2023-06-12",
		"code: 42-436-18541-4-2023\ntraceability: { gtin: \"8931234567895\" }\n");
	decided(f, "c", "3/QĐ", NULL, "2023-06-12",
		"code: 42-436-18542-4-2023\n");
	run(f);
	fixture_assert_diag_count(&f->core.diags, 2);
	const char *hint = "each product has its own code: check which file has another product's";
	assert_warning(f, 0, "content/products/b.md", 11, 7, "same-code",
		       "national product code \"42-436-18541-4-2023\" is also on content/products/a.md",
		       hint);
	assert_warning(f, 1, "content/products/b.md", 12, 23, "same-code",
		       "GTIN \"8931234567895\" is also on content/products/a.md",
		       hint);
}

/* ---- producers written two ways -------------------------------------- */

static void
test_lint_producer_two_ways(void **state)
{
	struct fixture *f = *state;
	base(f);
	/* the abbreviation HTX and a tone mark: the same folded name */
	producer(f, "buoi-1", "HTX Bưởi Phúc Trạch", "");
	producer(f, "buoi-2", "Hợp tác xã bưởi Phúc Trach", "");
	/* one letter apart */
	producer(f, "che-1", "Hợp tác xã chè Hồng Lộc", "");
	producer(f, "che-2", "Hợp tác xã chè Hồng Lạc", "");
	/* numbered units and short names are different producers */
	producer(f, "so-1", "HTX số 1 Thạch Kim", "");
	producer(f, "so-2", "HTX số 2 Thạch Kim", "");
	producer(f, "x-b", "HTX B", "");
	run(f);
	fixture_assert_diag_count(&f->core.diags, 2);
	const char *hint = "if they are one producer, keep one file and point the products' \"producer\" at it";
	/* "HTX" and "Hợp tác xã" were set aside: the message says what
	 * was compared */
	assert_warning(f, 0, "content/producers/buoi-2.md", 2, 7, "producer-two-ways",
		       "producer \"Hợp tác xã bưởi Phúc Trach\" looks like \"HTX Bưởi Phúc Trạch\" in content/producers/buoi-1.md (compared as \"bưởi Phúc Trach\" and \"Bưởi Phúc Trạch\", without the kind of producer and any OCOP or star claim)",
		       hint);
	assert_warning(f, 1, "content/producers/che-2.md", 2, 7, "producer-two-ways",
		       "producer \"Hợp tác xã chè Hồng Lạc\" looks like \"Hợp tác xã chè Hồng Lộc\" in content/producers/che-1.md",
		       hint);
}

/* The same producer written three ways, with its legal form spelt two
 * ways, as a household and with a star claim; a company of the same
 * telling name; and producers that must stay apart. */
static void
test_lint_producer_legal_forms_and_claims(void **state)
{
	struct fixture *f = *state;
	base(f);
	producer(f, "na-1", "HTX Na Chi Lăng", "");
	producer(f, "na-2", "Hợp tác xã na Chi Lăng", "");
	producer(f, "na-3", "Cơ sở Na Chi Lăng (OCOP 4 sao)", "");
	producer(f, "na-4", "Công ty TNHH MTV Na Chi Lăng", "");
	/* another telling part; numbered units */
	producer(f, "na-5", "HTX Na Hữu Lũng", "");
	producer(f, "so-1", "HTX số 1", "");
	producer(f, "so-2", "Hợp tác xã số 2", "");
	/* two letters apart under two legal forms: two producers */
	producer(f, "yen-1", "Hợp tác xã Yến sào An Bình", "");
	producer(f, "yen-2", "Tổ hợp tác Yến sào Sơn Bình", "");
	/* "Hồ" is a family name, not "Hộ" (a household) */
	producer(f, "ho-1", "Hồ Văn Nam", "");
	producer(f, "ho-2", "Hộ Văn Nam", "");
	run(f);
	fixture_assert_diag_count(&f->core.diags, 3);
	const char *hint = "if they are one producer, keep one file and point the products' \"producer\" at it";
	assert_warning(f, 0, "content/producers/na-2.md", 2, 7, "producer-two-ways",
		       "producer \"Hợp tác xã na Chi Lăng\" looks like \"HTX Na Chi Lăng\" in content/producers/na-1.md (compared as \"na Chi Lăng\" and \"Na Chi Lăng\", without the kind of producer and any OCOP or star claim)",
		       hint);
	assert_warning(f, 1, "content/producers/na-3.md", 2, 7, "producer-two-ways",
		       "producer \"Cơ sở Na Chi Lăng (OCOP 4 sao)\" looks like \"HTX Na Chi Lăng\" in content/producers/na-1.md (both are \"Na Chi Lăng\" without the kind of producer and any OCOP or star claim)",
		       hint);
	assert_warning(f, 2, "content/producers/na-4.md", 2, 7, "producer-two-ways",
		       "producer \"Công ty TNHH MTV Na Chi Lăng\" looks like \"HTX Na Chi Lăng\" in content/producers/na-1.md (both are \"Na Chi Lăng\" without the kind of producer and any OCOP or star claim)",
		       hint);
	assert_string_equal(diag_msg(&f->core.diags.v[1], msg_lang_find("vi")),
			    "chủ thể \"Cơ sở Na Chi Lăng (OCOP 4 sao)\" gần giống chủ thể \"HTX Na Chi Lăng\" trong content/producers/na-1.md (bỏ loại hình chủ thể và các ghi chú OCOP, số sao thì cả hai đều là \"Na Chi Lăng\")");
}

/* ---- one product in two files ----------------------------------------- */

/* A product like product()'s, made by producer, with the lines of
 * extra before points_of_sale. */
static void
made_by(struct fixture *f, const char *slug, const char *name,
	const char *producer_slug, const char *extra)
{
	add_file(f,
		 arena_printf(&f->core.arena, "content/products/%s.md", slug),
		 arena_printf(&f->core.arena,
			"---\n"
			"name: %s\n"
			"stars: 4\n"
			"group: thuc-pham\n"
			"producer: %s\n"
			"location: { province: Hà Tĩnh, commune: Phúc Trạch }\n"
			"certificate: { number: 1/QĐ, issued: 2025-06-12 }\n"
			"%s"
			"points_of_sale: [cua-hang]\n"
			"---\n", name, producer_slug, extra));
}

static void
test_lint_duplicate_products(void **state)
{
	struct fixture *f = *state;
	base(f);
	producer(f, "htx-b", "HTX Ong Vũ Quang", "");
	made_by(f, "a", "Mật ong Vũ Quang", "htx-a", "");
	/* the same name folded (case, a full stop), then exactly */
	made_by(f, "b", "Mật Ong Vũ Quang.", "htx-a", "");
	made_by(f, "c", "Mật ong Vũ Quang", "htx-a", "");
	/* told apart in the name; another producer's */
	made_by(f, "d", "Mật ong Vũ Quang 500 g", "htx-a", "");
	made_by(f, "e", "Mật ong Vũ Quang", "htx-b", "");
	/* a draft is not published; a translation is the same product */
	add_file(f, "content/products/f.md",
		 "---\nname: Mật ong Vũ Quang\nproducer: htx-a\ndraft: true\n---\n");
	add_file(f, "content/products/a.en.md",
		 "---\nname: Mật ong Vũ Quang\n---\n");
	run(f);
	fixture_assert_diag_count(&f->core.diags, 2);
	const char *hint = "if it is one product, keep one file; if two, tell them apart in the name (weight, flavour)";
	assert_warning(f, 0, "content/products/b.md", 2, 7, "duplicate-product",
		       "product \"Mật Ong Vũ Quang.\" by \"HTX A\" is also in content/products/a.md, written \"Mật ong Vũ Quang\"",
		       hint);
	assert_warning(f, 1, "content/products/c.md", 2, 7, "duplicate-product",
		       "product \"Mật ong Vũ Quang\" by \"HTX A\" is also in content/products/a.md",
		       hint);
	assert_string_equal(diag_msg(&f->core.diags.v[1], msg_lang_find("vi")),
			    "sản phẩm \"Mật ong Vũ Quang\" của \"HTX A\" đã có trong content/products/a.md");
}

/* ---- national product codes ------------------------------------------ */

static void
test_lint_product_codes(void **state)
{
	struct fixture *f = *state;
	base(f);
	product(f, "a", "A", "1/QĐ", "code: 42-436-18541-4-2025\n");
	product(f, "b", "B", "2/QĐ", "code: 42-436-18541-3-2025\n");
	product(f, "c", "C", "3/QĐ", "code: 42-436-18541-4-2023\n");
	product(f, "d", "D", "4/QĐ", "code: \"42.436.18541.4.2025\"\n");
	product(f, "e", "E", "5/QĐ", "code: 42-436-18541-5-2024\n");
	run(f);
	fixture_assert_diag_count(&f->core.diags, 5);
	const char *stars_hint = "check the stars and the code against the certificate";
	const char *year_hint = "check the year of the code and the certificate's \"issued\" date";
	assert_warning(f, 0, "content/products/b.md", 10, 7, "product-code",
		       "national product code \"42-436-18541-3-2025\" says 3 stars, the entry has 4",
		       stars_hint);
	assert_warning(f, 1, "content/products/c.md", 10, 7, "product-code",
		       "national product code \"42-436-18541-4-2023\" has the year 2023, the certificate was issued in 2025",
		       year_hint);
	assert_warning(f, 2, "content/products/d.md", 10, 7, "product-code",
		       "national product code \"42.436.18541.4.2025\" does not have the form NN-NNN-NNNNN-S-YYYY",
		       "copy the code as printed on the certificate, such as 42-436-18541-4-2023");
	/* both wrong: two warnings, stars first */
	assert_warning(f, 3, "content/products/e.md", 10, 7, "product-code",
		       "national product code \"42-436-18541-5-2024\" says 5 stars, the entry has 4",
		       stars_hint);
	assert_warning(f, 4, "content/products/e.md", 10, 7, "product-code",
		       "national product code \"42-436-18541-5-2024\" has the year 2024, the certificate was issued in 2025",
		       year_hint);
}

/* ---- geo ------------------------------------------------------------- */

static void
test_lint_geo_outside_vietnam(void **state)
{
	struct fixture *f = *state;
	base(f);
	/* Paris; a stray minus; Hoàng Sa and Hà Tĩnh are fine */
	write_product(f, "a", "A", "1/QĐ",
		   "{ province: Hà Tĩnh, commune: X, geo: { lat: 48.85, lon: 2.35 } }", "");
	add_file(f, "content/producers/htx-b.md",
		 "---\nname: HTX B\ntype: htx\n"
		 "location:\n  province: Hà Tĩnh\n  commune: X\n"
		 "  geo: { lat: 18.085, lon: -105.703 }\n---\n");
	write_product(f, "b", "B", "2/QĐ",
		   "{ province: Đà Nẵng, commune: Hoàng Sa, geo: { lat: 16.53, lon: 111.61 } }", "");
	add_file(f, "content/points-of-sale/cho.md",
		 "---\nname: Chợ\nkind: market\n"
		 "location: { province: Hà Tĩnh, commune: X, geo: { lat: 18.34, lon: 105.9 } }\n---\n");
	run(f);
	fixture_assert_diag_count(&f->core.diags, 2);
	const char *hint = "copy lat and lon again from a map: in Vietnam lat is between 8 and 23.5 and lon between 102 and 110 (up to 117.5 for the islands)";
	assert_warning(f, 0, "content/producers/htx-b.md", 7, 8, "geo-outside",
		       "geo position lat 18.085, lon -105.703 is outside Vietnam", hint);
	assert_warning(f, 1, "content/products/a.md", 6, 49, "geo-outside",
		       "geo position lat 48.85, lon 2.35 is outside Vietnam", hint);
}

/* ---- phones and e-mail ----------------------------------------------- */

static void
test_lint_phones(void **state)
{
	struct fixture *f = *state;
	base(f);
	static const char *const good[] = {
		"0239 3855 123", "0912.345.678", "+84 912 345 678",
		"(0239) 3855-123", "1900 1234", "0912 345 678; 0239 3855 123",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		producer(f, arena_printf(&f->core.arena, "good-%zu", i),
			 arena_printf(&f->core.arena, "Hợp tác xã số %zu", i),
			 arena_printf(&f->core.arena, "phone: \"%s\"\n",
				      good[i]));
	producer(f, "x-mau", "HTX A mẫu", "phone: \"0239 3xxx xxx\"\n");
	producer(f, "x-ngan", "HTX A ngắn", "phone: 12345\n");
	add_file(f, "content/points-of-sale/x-pos.md",
		 "---\nname: Chợ\nkind: market\n"
		 "location: { province: Hà Tĩnh, commune: X }\n"
		 "phone: \"+84 0912 345 678\"\n---\n");
	run(f);
	const char *hint = "write 10 or 11 digits starting with 0, such as 0239 3855 123, or +84 and the number without its first 0";
	fixture_assert_diag_count(&f->core.diags, 3);
	assert_warning(f, 0, "content/points-of-sale/x-pos.md", 5, 8, "phone",
		       "phone number \"+84 0912 345 678\" does not look right", hint);
	assert_warning(f, 1, "content/producers/x-mau.md", 5, 8, "phone",
		       "phone number \"0239 3xxx xxx\" does not look right", hint);
	assert_warning(f, 2, "content/producers/x-ngan.md", 5, 8, "phone",
		       "phone number \"12345\" does not look right", hint);
}

static void
test_lint_emails(void **state)
{
	struct fixture *f = *state;
	base(f);
	producer(f, "a-ok", "HTX một", "email: htx.che@mail.example.vn\n");
	producer(f, "b-no-dot", "HTX hai", "email: htx@example\n");
	producer(f, "c-space", "HTX ba", "email: \"htx @example.vn\"\n");
	producer(f, "d-two", "HTX bốn", "email: \"a@x.vn, b@x.vn\"\n");
	producer(f, "e-none", "HTX năm", "email: htx.example.vn\n");
	run(f);
	const char *hint = "write one address such as htx@example.vn, without spaces";
	fixture_assert_diag_count(&f->core.diags, 4);
	assert_warning(f, 0, "content/producers/b-no-dot.md", 5, 8, "email",
		       "e-mail address \"htx@example\" is not valid", hint);
	assert_warning(f, 1, "content/producers/c-space.md", 5, 8, "email",
		       "e-mail address \"htx @example.vn\" is not valid", hint);
	assert_warning(f, 2, "content/producers/d-two.md", 5, 8, "email",
		       "e-mail address \"a@x.vn, b@x.vn\" is not valid", hint);
	assert_warning(f, 3, "content/producers/e-none.md", 5, 8, "email",
		       "e-mail address \"htx.example.vn\" is not valid", hint);
}

/* ---- certificates expiring ------------------------------------------- */

static void
test_lint_expiring_soon(void **state)
{
	struct fixture *f = *state;
	base(f);
	/* the build date is 2026-03-05: 30 days on is 2026-04-04 */
	product(f, "a", "A", "1/QĐ", "  expires: 2026-04-04\n");
	product(f, "b", "B", "2/QĐ", "  expires: 2026-04-05\n");   /* 31 days */
	product(f, "c", "C", "3/QĐ", "  expires: 2026-03-05\n");   /* today */
	product(f, "d", "D", "4/QĐ", "  expires: 2026-03-04\n");   /* expired */
	product(f, "e", "E", "5/QĐ",                                /* revoked */
		"  expires: 2026-03-10\n  revoked: { date: 2026-01-01 }\n");
	/* computed from issued + 36 months: at the issued date */
	add_file(f, "content/products/f.md",
		 "---\nname: F\nstars: 3\ngroup: thuc-pham\nproducer: htx-a\n"
		 "location: { province: Hà Tĩnh, commune: X }\n"
		 "certificate: { number: 6/QĐ, issued: 2023-03-20 }\n"
		 "points_of_sale: [cua-hang]\n---\n");
	run(f);
	const char *hint = "start the re-rating now: from the day after, the product is shown as expired";
	fixture_assert_diag_count(&f->core.diags, 3);
	assert_warning(f, 0, "content/products/a.md", 10, 12, "expiring-soon",
		       "certificate expires on 2026-04-04, within 30 days", hint);
	assert_warning(f, 1, "content/products/c.md", 10, 12, "expiring-soon",
		       "certificate expires on 2026-03-05, within 30 days", hint);
	assert_warning(f, 2, "content/products/f.md", 7, 38, "expiring-soon",
		       "certificate expires on 2026-03-20, within 30 days", hint);
	assert_string_equal(diag_msg(&f->core.diags.v[0], msg_lang_find("vi")),
			    "giấy chứng nhận hết hạn ngày 2026-04-04, trong vòng 30 ngày tới");
}

/* ---- nowhere to buy -------------------------------------------------- */

static void
test_lint_nowhere_to_buy(void **state)
{
	struct fixture *f = *state;
	base(f);
	const char *head =
		"---\nname: %s\nstars: 3\ngroup: thuc-pham\nproducer: htx-a\n"
		"location: { province: Hà Tĩnh, commune: X }\n"
		"certificate: { number: %s, issued: 2025-01-01 }\n%s---\n";
	add_file(f, "content/products/a.md",
		 arena_printf(&f->core.arena, head, "A", "1/QĐ", ""));
	add_file(f, "content/products/b.md",
		 arena_printf(&f->core.arena, head, "B", "2/QĐ",
			      "shops: [{ platform: shopee, url: \"https://shopee.vn/b\" }]\n"));
	/* a revoked product is not to be bought */
	add_file(f, "content/products/c.md",
		 "---\nname: C\nstars: 3\ngroup: thuc-pham\nproducer: htx-a\n"
		 "location: { province: Hà Tĩnh, commune: X }\n"
		 "certificate: { number: 3/QĐ, issued: 2025-01-01, revoked: { date: 2025-06-01 } }\n"
		 "---\n");
	/* drafts are not published, so not checked */
	add_file(f, "content/products/d.md",
		 "---\nname: D\nstars: 0\ndraft: true\n---\n");
	run(f);
	fixture_assert_diag_count(&f->core.diags, 1);
	assert_warning(f, 0, "content/products/a.md", 2, 7, "nowhere-to-buy",
		       "product has no points_of_sale and no shops",
		       "add points_of_sale or shops so buyers know where to find it");
}


/* ---- candidates for "a producer written two ways" -------------------- */

/* A small deterministic generator (xorshift64), its state on the stack. */
static uint64_t
next_rand(uint64_t *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 7;
	*st ^= *st << 17;
	return *st;
}

/*
 * A random producer's name: words, some of them legal forms in their
 * various spellings, star claims or digits; or a near copy of an earlier
 * name, changed by 0 to 3 edits of its ASCII bytes.  Few letters in the
 * telling words, so that near pairs, equal keys and keys sharing pieces
 * are common, under one legal form and under several.
 */
static char *
random_name(struct arena *a, uint64_t *st, char *const *earlier, size_t n)
{
	static const char *const words[] = {
		"HTX", "Hợp tác xã", "Công ty TNHH", "Công ty cổ phần", "CTCP",
		"Cty", "DNTN", "Doanh nghiệp tư nhân", "Cơ sở", "CS",
		"Hộ kinh doanh", "HKD", "Tổ hợp tác", "THT", "Hộ", "Hồ", "MTV",
		"một thành viên", "sản xuất", "(OCOP 4 sao)", "4*", "OCOP 5",
		"sản phẩm OCOP", "số", "ba", "na", "ban", "nab", "bana", "anna",
		"abba", "nan", "a", "b", "1", "2", "12", "bn1", "nnbb", "bà",
		"Nà", "bán",
	};
	char buf[160];
	size_t len = 0;
	if (n && next_rand(st) % 2) {
		const char *from = earlier[next_rand(st) % n];
		len = strlen(from);
		memcpy(buf, from, len);
		for (uint64_t e = next_rand(st) % 4; e > 0; e--) {
			size_t at = len ? next_rand(st) % (len + 1) : 0;
			char c = "ab n1*"[next_rand(st) % 6];
			/* edit only where UTF-8 stays valid: on ASCII bytes,
			 * or inserting before a code point */
			bool ascii = at < len && !((unsigned char)buf[at] & 0x80);
			bool starts = at == len ||
				      ((unsigned char)buf[at] & 0xC0) != 0x80;
			switch (next_rand(st) % 3) {
			case 0:          /* substitute */
				if (ascii)
					buf[at] = c;
				break;
			case 1:          /* insert */
				if (starts && len + 1 < sizeof(buf)) {
					memmove(buf + at + 1, buf + at, len - at);
					buf[at] = c;
					len++;
				}
				break;
			default:         /* delete */
				if (ascii) {
					memmove(buf + at, buf + at + 1, len - at - 1);
					len--;
				}
			}
		}
	} else {
		for (uint64_t w = next_rand(st) % 6; w > 0; w--) {
			const char *word = words[next_rand(st) % (sizeof(words) / sizeof(words[0]))];
			size_t wl = strlen(word);
			if (len + wl + 1 >= sizeof(buf))
				break;
			if (len)
				buf[len++] = ' ';
			memcpy(buf + len, word, wl);
			len += wl;
		}
	}
	return arena_strndup(a, buf, len);
}

/* lint_first_near() finds, for every name, the same earlier name as
 * trying every pair with lint_near_names() does. */
static void
test_lint_first_near_equals_all_pairs(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	uint64_t st = 0x9E3779B97F4A7C15u;
	size_t found = 0, by_edits = 0, across_forms = 0, set_aside = 0;
	for (int round = 0; round < 8; round++) {
		size_t n = 50 + (size_t)round * 100;
		char **names = arena_array(a, n, sizeof(*names));
		const char **keys = arena_array(a, n, sizeof(*keys));
		const char **forms = arena_array(a, n, sizeof(*forms));
		for (size_t i = 0; i < n; i++) {
			names[i] = random_name(a, &st, names, i);
			keys[i] = lint_producer_key(a, names[i], &forms[i]);
			set_aside += *forms[i] != '\0';
		}
		size_t *got = arena_array(a, n, sizeof(*got));
		lint_first_near(got, a, (const char *const *)names, n);
		for (size_t j = 0; j < n; j++) {
			size_t want = n;
			for (size_t i = 0; i < j && *keys[j]; i++)
				if (lint_near_names(a, names[i], names[j])) {
					want = i;
					break;
				}
			if (got[j] != want)
				fail_msg("name %zu \"%s\": got %zu, want %zu (\"%s\")",
					 j, names[j], got[j], want,
					 want < n ? names[want] : "");
			if (want < n) {
				found++;
				by_edits += strcmp(keys[want], keys[j]) != 0;
				across_forms += strcmp(forms[want], forms[j]) != 0;
			}
		}
	}
	/* the names exercised every way of being near */
	assert_true(found > 500);
	assert_true(by_edits > 100);
	assert_true(across_forms > 100);
	assert_true(set_aside > 1000);
}

/* The key of each name, and its legal form in one spelling. */
static void
test_lint_producer_keys(void **state)
{
	struct fixture *f = *state;
	static const char *const cases[][3] = {
		/* name, key, form */
		{ "HTX Na Chi Lăng", "na-chi-lang", "hop-tac-xa" },
		{ "Hợp tác xã na Chi Lăng", "na-chi-lang", "hop-tac-xa" },
		{ "Cơ sở Na Chi Lăng (OCOP 4 sao)", "na-chi-lang", "co-so" },
		{ "Na Chi Lăng 4*", "na-chi-lang", "" },
		{ "Na Chi Lăng – sản phẩm OCOP 3 sao", "na-chi-lang", "" },
		{ "Na Chi Lăng OCOP 5", "na-chi-lang", "" },
		{ "Công ty TNHH Na Chi Lăng", "na-chi-lang", "cong-ty-tnhh" },
		{ "Cty TNHH MTV Na Chi Lăng", "na-chi-lang", "cong-ty-tnhh-mtv" },
		{ "Công ty TNHH một thành viên Na Chi Lăng", "na-chi-lang",
		  "cong-ty-tnhh-mtv" },
		{ "Công ty cổ phần Na Chi Lăng", "na-chi-lang", "cong-ty-co-phan" },
		{ "CTCP Na Chi Lăng", "na-chi-lang", "cong-ty-co-phan" },
		{ "Công ty CP Na Chi Lăng", "na-chi-lang", "cong-ty-co-phan" },
		{ "DNTN Na Chi Lăng", "na-chi-lang", "dntn" },
		{ "Doanh nghiệp tư nhân Na Chi Lăng", "na-chi-lang", "dntn" },
		{ "CS Na Chi Lăng", "na-chi-lang", "co-so" },
		{ "Cơ sở sản xuất Na Chi Lăng", "na-chi-lang", "co-so-san-xuat" },
		{ "Hộ kinh doanh Na Chi Lăng", "na-chi-lang", "hkd" },
		{ "HKD Na Chi Lăng", "na-chi-lang", "hkd" },
		{ "Hộ Na Chi Lăng", "na-chi-lang", "hkd" },
		{ "Tổ hợp tác Na Chi Lăng", "na-chi-lang", "to-hop-tac" },
		{ "THT Na Chi Lăng", "na-chi-lang", "to-hop-tac" },
		/* "Hồ" is a family name; "Hộ" a household only first */
		{ "Hồ Văn Nam", "ho-van-nam", "" },
		{ "Hộ kinh doanh Hồ Văn Nam", "ho-van-nam", "hkd" },
		{ "Hộ Hồ Văn Nam", "ho-van-nam", "hkd" },
		{ "HTX Hồ tiêu Chư Sê", "ho-tieu-chu-se", "hop-tac-xa" },
		/* "Cơ sở", "CS" only first; "sao" alone is a word */
		{ "HTX Chè CS", "che-cs", "hop-tac-xa" },
		{ "HTX Sao Vàng", "sao-vang", "hop-tac-xa" },
		/* digits that are not stars stay */
		{ "HTX số 1", "so-1", "hop-tac-xa" },
		{ "HTX số 4", "so-4", "hop-tac-xa" },
		{ "HTX Thương mại Dịch vụ Chi Lăng", "thuong-mai-dich-vu-chi-lang",
		  "hop-tac-xa" },
		/* nothing but a legal form: kept */
		{ "Hợp tác xã", "hop-tac-xa", "" },
		{ "(OCOP)", "ocop", "" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *form;
		const char *key = lint_producer_key(&f->core.arena, cases[i][0],
						    &form);
		if (strcmp(key, cases[i][1]) || strcmp(form, cases[i][2]))
			fail_msg("\"%s\": key \"%s\" form \"%s\", want \"%s\" \"%s\"",
				 cases[i][0], key, form, cases[i][1], cases[i][2]);
	}
}

static void
test_lint_near_names_rules(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	/* equal keys, however short, and whatever the legal forms */
	assert_true(lint_near_names(a, "HTX B", "Hợp tác xã b"));
	assert_true(lint_near_names(a, "HTX Na Chi Lăng", "Công ty TNHH Na Chi Lăng"));
	assert_true(lint_near_names(a, "Na Chi Lăng", "Cơ sở Na Chi Lăng (OCOP 4 sao)"));
	/* one edit in a long telling part, under one form */
	assert_true(lint_near_names(a, "Hợp tác xã chè Hồng Lộc",
				    "HTX chè Hồng Lạc"));
	/* ...but not under two */
	assert_false(lint_near_names(a, "Hợp tác xã chè Hồng Lộc",
				     "Công ty chè Hồng Lạc"));
	/* a short telling part needs equality */
	assert_false(lint_near_names(a, "HTX B", "HTX C"));
	/* another telling part */
	assert_false(lint_near_names(a, "HTX Na Chi Lăng", "HTX Na Hữu Lũng"));
	/* digits only: numbered units */
	assert_false(lint_near_names(a, "HTX số 1 Thạch Kim", "HTX số 2 Thạch Kim"));
	assert_false(lint_near_names(a, "HTX số 1", "Hợp tác xã số 2"));
	/* three edits */
	assert_false(lint_near_names(a, "Hợp tác xã chè Hồng Lộc",
				     "Hợp tác xã chà Hàng Lạc"));
	size_t out[3];
	const char *const names[] = { "", "…", "Công ty bana" };
	lint_first_near(out, a, names, 3);
	assert_int_equal(out[0], 3);
	assert_int_equal(out[1], 3);      /* empty keys are never near */
	assert_int_equal(out[2], 3);
}


/* ---- places written two ways ---------------------------------------- */

static void
test_lint_place_spelling_most_used_wins(void **state)
{
	struct fixture *f = *state;
	base(f);
	/* "_" sorts this product first, and "Ha Tinh" is one file's
	 * spelling against three: the three are right */
	write_product(f, "a", "_Bưởi", "1/QĐ",
		      "{ province: Ha Tinh, commune: Phúc Trạch }", "");
	write_product(f, "b", "Cam", "2/QĐ",
		      "{ province: Hà Tĩnh, commune: Phúc Trạch }", "");
	write_product(f, "c", "Chè", "3/QĐ",
		      "{ province: Hà Tĩnh, commune: Phúc Trạch }", "");
	write_product(f, "d", "Dầu", "4/QĐ",
		      "{ province: Hà Tĩnh, commune: phúc trạch }", "");
	run(f);
	fixture_assert_diag_count(&f->core.diags, 2);
	const char *hint = "write the name of a place the same way in every file";
	assert_warning(f, 0, "content/products/a.md", 6, 11, "place-spelling",
		       "province \"Ha Tinh\" is written \"Hà Tĩnh\" in content/products/b.md",
		       hint);
	assert_warning(f, 1, "content/products/d.md", 6, 11, "place-spelling",
		       "commune \"phúc trạch\" is written \"Phúc Trạch\" in content/products/a.md",
		       hint);
}

static void
test_lint_place_spelling_names_look_alikes(void **state)
{
	struct fixture *f = *state;
	base(f);
	/* a no-break space and a zero-width space look like nothing wrong */
	write_product(f, "a", "Bưởi", "1/QĐ",
		      "{ province: Hà Tĩnh, commune: Phúc Trạch }", "");
	write_product(f, "b", "Cam", "2/QĐ",
		      "{ province: Hà Tĩnh, commune: Phúc Trạch }", "");
	write_product(f, "c", "Chè", "3/QĐ",
		      "{ province: Hà Tĩnh, commune: \"Phúc\u00A0Trạch\" }", "");
	write_product(f, "d", "Dầu", "4/QĐ",
		      "{ province: Hà Tĩnh, commune: \"Phúc Tr\u200Bạch\" }", "");
	run(f);
	fixture_assert_diag_count(&f->core.diags, 2);
	assert_warning(f, 0, "content/products/c.md", 6, 11, "place-spelling",
		       "commune \"Phúc\u00A0Trạch\" is written \"Phúc Trạch\" in content/products/a.md",
		       "the two look the same but are different characters: U+00A0 here, U+0020 there; retype the name");
	assert_warning(f, 1, "content/products/d.md", 6, 11, "place-spelling",
		       "commune \"Phúc Tr\u200Bạch\" is written \"Phúc Trạch\" in content/products/a.md",
		       "the name here holds an invisible character, U+200B: retype it");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_lint_clean_catalog_has_no_warnings),
		T(test_lint_not_nfc_names_first_place_once),
		T(test_lint_name_spaces),
		T(test_lint_decision_batches_are_silent),
		T(test_lint_decision_with_two_dates),
		T(test_lint_codes_and_gtins_name_one_product),
		T(test_lint_producer_two_ways),
		T(test_lint_producer_legal_forms_and_claims),
		T(test_lint_duplicate_products),
		T(test_lint_product_codes),
		T(test_lint_geo_outside_vietnam),
		T(test_lint_phones),
		T(test_lint_emails),
		T(test_lint_expiring_soon),
		T(test_lint_nowhere_to_buy),
		T(test_lint_first_near_equals_all_pairs),
		T(test_lint_producer_keys),
		T(test_lint_near_names_rules),
		T(test_lint_place_spelling_most_used_wins),
		T(test_lint_place_spelling_names_look_alikes),
#undef T
	};
	return cmocka_run_group_tests_name("lint", tests, NULL, NULL);
}
