/*
 * test_report.c - `ocop report expiring`: the window parser and the
 * exact text, CSV and JSON of a small catalog.
 *
 * The catalog is loaded by catalog_load() from literal files (as in
 * test_view.c), so nothing touches git or the disk; the report is
 * written into memory with open_memstream().  The build date is fixed
 * (AS_OF), never the clock.  With the default 90-day window the last
 * day listed is 2026-06-03.  What each product is there for:
 *
 *   keo       expires 2026-06-03, the window's last day: listed; its
 *             name holds a comma and quotes (CSV quoting)
 *   cam       expires 2026-06-04, one day too late: left out
 *   che       revoked 2025-09-01: left out
 *   tra       revocation decided, taking effect 2026-05-01 (still
 *             valid today): left out, it will not be re-rated
 *   mat-ong   expired 2025-12-01 (issued + 36 months): the expired part
 *   nuoc-mam  expires today: valid, 0 days left
 *   am, bot   same day, same commune: Vietnamese name order puts "Ấm"
 *             before "Bột" (byte order would not)
 *   nho, man  commune Tân Lập without and with a district: two places;
 *             nho's issuer is a spreadsheet formula (CSV injection)
 *   nhap      a draft: never listed
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "model/catalog.h"
#include "model/site.h"
#include "render/report.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/banned.h"

#define AS_OF "2026-03-05"

static const char SITE_YAML[] =
	"title: OCOP Hà Tĩnh\n"
	"titles: { en: OCOP of Ha Tinh }\n"
	"base_url: https://ocop.example.gov.vn/\n"
	"languages: [vi, en]\n";

static const char HTX_A[] =
	"---\n"
	"name: HTX A\n"
	"type: htx\n"
	"location: { province: Hà Tĩnh, commune: Thạch Trung }\n"
	"phone: \"+84 239 3123 456\"\n"
	"---\n";

static const char HTX_SON_LA[] =
	"---\n"
	"name: HTX Sơn La\n"
	"type: htx\n"
	"location: { province: Sơn La, commune: Tân Lập }\n"
	"---\n";

struct fixture {
	struct fixture_core core;
	struct fixture_files files;
	struct site site;
	struct catalog cat;
	char *out;                 /* the last report, freed by teardown */
};

/* Adds a file to this test's source set (fixture_add_file()). */
static void
add_file(struct fixture *f, const char *path, const char *text)
{
	fixture_add_file(&f->files, &f->core.arena, path, text);
}

/* A product file; cert is the inside of `certificate: { … }`. */
static void
add_product(struct fixture *f, const char *slug, const char *name,
	    int stars, const char *producer, const char *where,
	    const char *cert)
{
	const char *path = arena_printf(&f->core.arena,
					"content/products/%s.md", slug);
	add_file(f, path, arena_printf(&f->core.arena,
		"---\n"
		"name: %s\n"
		"stars: %d\n"
		"group: thuc-pham\n"
		"producer: %s\n"
		"location: { %s }\n"
		"certificate: { %s }\n"
		"---\n", name, stars, producer, where, cert));
}

static int
setup(void **state)
{
	struct fixture *f = fixture_new(sizeof(*f));
	if (!f)
		return -1;
	*state = f;
	add_file(f, "site.yaml", SITE_YAML);
	add_file(f, "content/producers/htx-a.md", HTX_A);
	add_file(f, "content/producers/htx-son-la.md", HTX_SON_LA);
	add_product(f, "keo", "'Kẹo \"Bà Hường\", gừng'", 4, "htx-a",
		    "province: Hà Tĩnh, district: Thành phố Hà Tĩnh, commune: Thạch Trung",
		    "number: 12/QĐ-UBND, issued: 2023-06-03, expires: 2026-06-03, "
		    "issuer: UBND tỉnh Hà Tĩnh");
	add_product(f, "cam", "Cam bù", 3, "htx-a",
		    "province: Hà Tĩnh, district: Hương Sơn, commune: Sơn Trường",
		    "number: 13/QĐ-UBND, issued: 2023-06-04");
	add_product(f, "che", "Chè vằng", 3, "htx-a",
		    "province: Hà Tĩnh, commune: Hồng Lộc",
		    "number: 14/QĐ-UBND, issued: 2023-04-01, "
		    "revoked: { date: 2025-09-01, decision: 5/QĐ-UBND }");
	add_product(f, "tra", "Trà thảo mộc", 3, "htx-a",
		    "province: Hà Tĩnh, commune: Hồng Lộc",
		    "number: 15/QĐ-UBND, issued: 2023-05-10, "
		    "revoked: { date: 2026-05-01, decision: 6/QĐ-UBND }");
	add_product(f, "mat-ong", "Mật ong Vũ Quang", 3, "htx-a",
		    "province: Hà Tĩnh, commune: Vũ Quang",
		    "number: 16/QĐ-UBND, issued: 2022-12-01");
	add_product(f, "nuoc-mam", "Nước mắm Kỳ Ninh", 4, "htx-a",
		    "province: Hà Tĩnh, district: Kỳ Anh, commune: Kỳ Ninh",
		    "number: 17/QĐ-UBND, issued: 2023-03-05");
	add_product(f, "bot", "Bột cà phê", 5, "htx-son-la",
		    "province: Sơn La, district: Mai Sơn, commune: Chiềng Ban",
		    "number: 18/QĐ-UBND, issued: 2023-04-20, issuer: UBND tỉnh Sơn La");
	add_product(f, "am", "Ấm chén gốm", 3, "htx-son-la",
		    "province: Sơn La, district: Mai Sơn, commune: Chiềng Ban",
		    "number: 19/QĐ-UBND, issued: 2023-04-20");
	add_product(f, "man", "Mận hậu", 4, "htx-son-la",
		    "province: Sơn La, district: Mộc Châu, commune: Tân Lập",
		    "number: 20/QĐ-UBND, issued: 2023-05-01");
	add_product(f, "nho", "Nho", 3, "htx-son-la",
		    "province: Sơn La, commune: Tân Lập",
		    "number: 21/QĐ-UBND, issued: 2023-04-01, "
		    "issuer: '=HYPERLINK(\"https://evil.example\",\"Nho\")'");
	add_file(f, "content/products/nhap.md",
		 "---\nname: Nháp\nstars: 0\ndraft: true\n---\n");
	if (fixture_load_catalog(&f->cat, &f->site, &f->files.set, AS_OF,
				 &f->core) < 0 || f->cat.n_products != 10)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	free(f->out);
	fixture_free(f);
	return 0;
}

/* The report of c as a string, kept in f->out. */
static const char *
report(struct fixture *f, const struct catalog *c, long within,
       enum report_format fmt, const struct msg_lang *lang)
{
	size_t len;
	free(f->out);
	f->out = NULL;
	FILE *m = open_memstream(&f->out, &len);
	assert_non_null(m);
	assert_int_equal(report_expiring(c, within, fmt, lang, m), 0);
	fclose(m);
	assert_int_equal(strlen(f->out), len);
	return f->out;
}

/* ---- report_parse_within ---------------------------------------------- */

static long
within(const char *s, const char *as_of)
{
	long n = -12345;
	assert_int_equal(report_parse_within(&n, s, fixture_days(as_of)), 0);
	return n;
}

static void
test_report_within_units(void **state)
{
	(void)state;
	assert_int_equal(within("90d", AS_OF), 90);
	assert_int_equal(within("90", AS_OF), 90);
	assert_int_equal(within("0", AS_OF), 0);
	assert_int_equal(within("007d", AS_OF), 7);
	assert_int_equal(within("12w", AS_OF), 84);
	/* months are calendar months from the build date, clamped */
	assert_int_equal(within("1m", "2026-01-31"),
			 fixture_days("2026-02-28") -
			 fixture_days("2026-01-31"));
	assert_int_equal(within("6m", "2026-08-31"),
			 fixture_days("2027-02-28") -
			 fixture_days("2026-08-31"));
	assert_int_equal(within("12m", "2026-11-22"), 365);
	assert_int_equal(within("1y", "2026-11-22"), 365);
	assert_int_equal(within("2y", "2026-11-22"), 731);   /* 29 Feb 2028 */
	assert_int_equal(within("1y", "2028-02-29"), 365);   /* to 28 Feb */
	assert_int_equal(within("100y", "2026-01-01"),
			 fixture_days("2126-01-01") -
			 fixture_days("2026-01-01"));
	assert_int_equal(within("36525d", AS_OF), 36525);
}

static void
test_report_within_rejects(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", "d", "m", "-1d", "+3d", "1.5m", "6M", "6D", "6 m", " 6m",
		"6m ", "6mo", "6d6", "1dw", "36526d", "5218w", "1201m", "101y",
		"99999999999999999999d", "ninety",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long n = -12345;
		if (report_parse_within(&n, bad[i], fixture_days(AS_OF)) != -1)
			fail_msg("\"%s\" was accepted", bad[i]);
		assert_int_equal(n, -12345);
	}
	long n;
	assert_int_equal(report_parse_within(&n, NULL, fixture_days(AS_OF)),
			 -1);
}

/* ---- the report ---------------------------------------------------------- */

static void
test_report_text_vi(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(report(f, &f->cat, 90, REPORT_TEXT, msg_lang_find("vi")),
		"OCOP Hà Tĩnh\n"
		"Chứng nhận OCOP cần đánh giá lại: đã hết hạn, hoặc hết hạn trong 90 ngày tới (đến hết 03/06/2026)\n"
		"Tính đến ngày 05/03/2026\n"
		"\n"
		"Đã hết hạn (1)\n"
		"==============\n"
		"Hà Tĩnh\n"
		"  Vũ Quang\n"
		"    01/12/2025  quá hạn 94 ngày  Mật ong Vũ Quang      3 sao  16/QĐ-UBND  HTX A       content/products/mat-ong.md\n"
		"\n"
		"Hết hạn trong 90 ngày tới (6)\n"
		"=============================\n"
		"Hà Tĩnh\n"
		"  Kỳ Ninh (Kỳ Anh)\n"
		"    05/03/2026  hết hạn hôm nay  Nước mắm Kỳ Ninh      4 sao  17/QĐ-UBND  HTX A       content/products/nuoc-mam.md\n"
		"  Thạch Trung (Thành phố Hà Tĩnh)\n"
		"    03/06/2026  còn 90 ngày      Kẹo \"Bà Hường\", gừng  4 sao  12/QĐ-UBND  HTX A       content/products/keo.md\n"
		"\n"
		"Sơn La\n"
		"  Chiềng Ban (Mai Sơn)\n"
		"    20/04/2026  còn 46 ngày      Ấm chén gốm           3 sao  19/QĐ-UBND  HTX Sơn La  content/products/am.md\n"
		"    20/04/2026  còn 46 ngày      Bột cà phê            5 sao  18/QĐ-UBND  HTX Sơn La  content/products/bot.md\n"
		"  Tân Lập\n"
		"    01/04/2026  còn 27 ngày      Nho                   3 sao  21/QĐ-UBND  HTX Sơn La  content/products/nho.md\n"
		"  Tân Lập (Mộc Châu)\n"
		"    01/05/2026  còn 57 ngày      Mận hậu               4 sao  20/QĐ-UBND  HTX Sơn La  content/products/man.md\n"
		"\n"
		"Tổng cộng 7 chứng nhận: 1 đã hết hạn, 6 sắp hết hạn.\n");
}

static void
test_report_text_en(void **state)
{
	struct fixture *f = *state;
	/* one day shorter: keo (the last day of 90) drops out */
	assert_string_equal(report(f, &f->cat, 89, REPORT_TEXT, msg_lang_find("en")),
		"OCOP of Ha Tinh\n"
		"OCOP certificates to re-rate: expired, or expiring within 89 days (by 2026-06-02)\n"
		"As of 2026-03-05\n"
		"\n"
		"Already expired (1)\n"
		"===================\n"
		"Hà Tĩnh\n"
		"  Vũ Quang\n"
		"    2025-12-01  94 days overdue  Mật ong Vũ Quang  3 stars  16/QĐ-UBND  HTX A       content/products/mat-ong.md\n"
		"\n"
		"Expiring within 89 days (5)\n"
		"===========================\n"
		"Hà Tĩnh\n"
		"  Kỳ Ninh (Kỳ Anh)\n"
		"    2026-03-05  expires today    Nước mắm Kỳ Ninh  4 stars  17/QĐ-UBND  HTX A       content/products/nuoc-mam.md\n"
		"\n"
		"Sơn La\n"
		"  Chiềng Ban (Mai Sơn)\n"
		"    2026-04-20  46 days left     Ấm chén gốm       3 stars  19/QĐ-UBND  HTX Sơn La  content/products/am.md\n"
		"    2026-04-20  46 days left     Bột cà phê        5 stars  18/QĐ-UBND  HTX Sơn La  content/products/bot.md\n"
		"  Tân Lập\n"
		"    2026-04-01  27 days left     Nho               3 stars  21/QĐ-UBND  HTX Sơn La  content/products/nho.md\n"
		"  Tân Lập (Mộc Châu)\n"
		"    2026-05-01  57 days left     Mận hậu           4 stars  20/QĐ-UBND  HTX Sơn La  content/products/man.md\n"
		"\n"
		"6 certificates in all: 1 expired, 5 expiring.\n");
}

static void
test_report_csv(void **state)
{
	struct fixture *f = *state;
	/* date order across places; the name with a comma and quotes is
	 * quoted with its quotes doubled; absent fields are empty; CRLF;
	 * a text a spreadsheet would run as a formula (=, +, -, @) starts
	 * with an apostrophe, a negative number does not */
	assert_string_equal(report(f, &f->cat, 90, REPORT_CSV, msg_lang_find("vi")),
		"province,commune,district,expires,days_left,status,slug,name,stars,certificate,issuer,producer,phone,file\r\n"
		"Hà Tĩnh,Vũ Quang,,2025-12-01,-94,expired,mat-ong,Mật ong Vũ Quang,3,16/QĐ-UBND,,HTX A,'+84 239 3123 456,content/products/mat-ong.md\r\n"
		"Hà Tĩnh,Kỳ Ninh,Kỳ Anh,2026-03-05,0,valid,nuoc-mam,Nước mắm Kỳ Ninh,4,17/QĐ-UBND,,HTX A,'+84 239 3123 456,content/products/nuoc-mam.md\r\n"
		"Sơn La,Tân Lập,,2026-04-01,27,valid,nho,Nho,3,21/QĐ-UBND,\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Nho\"\")\",HTX Sơn La,,content/products/nho.md\r\n"
		"Sơn La,Chiềng Ban,Mai Sơn,2026-04-20,46,valid,am,Ấm chén gốm,3,19/QĐ-UBND,,HTX Sơn La,,content/products/am.md\r\n"
		"Sơn La,Chiềng Ban,Mai Sơn,2026-04-20,46,valid,bot,Bột cà phê,5,18/QĐ-UBND,UBND tỉnh Sơn La,HTX Sơn La,,content/products/bot.md\r\n"
		"Sơn La,Tân Lập,Mộc Châu,2026-05-01,57,valid,man,Mận hậu,4,20/QĐ-UBND,,HTX Sơn La,,content/products/man.md\r\n"
		"Hà Tĩnh,Thạch Trung,Thành phố Hà Tĩnh,2026-06-03,90,valid,keo,\"Kẹo \"\"Bà Hường\"\", gừng\",4,12/QĐ-UBND,UBND tỉnh Hà Tĩnh,HTX A,'+84 239 3123 456,content/products/keo.md\r\n");
	/* the CSV is the same in English: it is for programs */
	char *vi = strdup(f->out);
	assert_string_equal(report(f, &f->cat, 90, REPORT_CSV, msg_lang_find("en")), vi);
	free(vi);
}

static void
test_report_json(void **state)
{
	struct fixture *f = *state;
	/* a window of 0 days: only what expired and what expires today;
	 * numbers are numbers, absent fields null */
	assert_string_equal(report(f, &f->cat, 0, REPORT_JSON, msg_lang_find("vi")),
		"[\n"
		"  {\n"
		"    \"province\": \"Hà Tĩnh\",\n"
		"    \"commune\": \"Vũ Quang\",\n"
		"    \"district\": null,\n"
		"    \"expires\": \"2025-12-01\",\n"
		"    \"days_left\": -94,\n"
		"    \"status\": \"expired\",\n"
		"    \"slug\": \"mat-ong\",\n"
		"    \"name\": \"Mật ong Vũ Quang\",\n"
		"    \"stars\": 3,\n"
		"    \"certificate\": \"16/QĐ-UBND\",\n"
		"    \"issuer\": null,\n"
		"    \"producer\": \"HTX A\",\n"
		"    \"phone\": \"+84 239 3123 456\",\n"
		"    \"file\": \"content/products/mat-ong.md\"\n"
		"  },\n"
		"  {\n"
		"    \"province\": \"Hà Tĩnh\",\n"
		"    \"commune\": \"Kỳ Ninh\",\n"
		"    \"district\": \"Kỳ Anh\",\n"
		"    \"expires\": \"2026-03-05\",\n"
		"    \"days_left\": 0,\n"
		"    \"status\": \"valid\",\n"
		"    \"slug\": \"nuoc-mam\",\n"
		"    \"name\": \"Nước mắm Kỳ Ninh\",\n"
		"    \"stars\": 4,\n"
		"    \"certificate\": \"17/QĐ-UBND\",\n"
		"    \"issuer\": null,\n"
		"    \"producer\": \"HTX A\",\n"
		"    \"phone\": \"+84 239 3123 456\",\n"
		"    \"file\": \"content/products/nuoc-mam.md\"\n"
		"  }\n"
		"]\n");
}

static void
test_report_json_escapes(void **state)
{
	struct fixture *f = *state;
	const char *out = report(f, &f->cat, 90, REPORT_JSON, msg_lang_find("vi"));
	assert_non_null(strstr(out,
		"\"name\": \"Kẹo \\\"Bà Hường\\\", gừng\",\n"));
	assert_non_null(strstr(out,
		"\"file\": \"content/products/keo.md\"\n"));
}

static void
test_report_empty(void **state)
{
	struct fixture *f = *state;
	struct catalog none = f->cat;
	none.n_products = 0;
	assert_string_equal(report(f, &none, 90, REPORT_TEXT, msg_lang_find("vi")),
		"OCOP Hà Tĩnh\n"
		"Chứng nhận OCOP cần đánh giá lại: đã hết hạn, hoặc hết hạn trong 90 ngày tới (đến hết 03/06/2026)\n"
		"Tính đến ngày 05/03/2026\n"
		"\n"
		"Không có chứng nhận nào cần đánh giá lại.\n");
	assert_string_equal(report(f, &none, 90, REPORT_TEXT, msg_lang_find("en")),
		"OCOP of Ha Tinh\n"
		"OCOP certificates to re-rate: expired, or expiring within 90 days (by 2026-06-03)\n"
		"As of 2026-03-05\n"
		"\n"
		"No certificate needs re-rating.\n");
	assert_string_equal(report(f, &none, 90, REPORT_CSV, msg_lang_find("vi")),
		"province,commune,district,expires,days_left,status,slug,name,stars,certificate,issuer,producer,phone,file\r\n");
	assert_string_equal(report(f, &none, 90, REPORT_JSON, msg_lang_find("vi")), "[\n]\n");
}

/* A certificate whose details are unknown has no expiry: the text
 * report lists it apart, after the count, whatever the window; CSV and
 * JSON leave it out, as does a revoked one. */
static void
test_report_details_unknown_listed_apart(void **state)
{
	struct fixture *f = *state;
	add_product(f, "vai", "Vải thiều", 4, "htx-a",
		    "province: Hà Tĩnh, commune: Thạch Trung",
		    "details: unknown, issuer: UBND tỉnh Hà Tĩnh");
	add_product(f, "xoai", "Xoài", 3, "htx-a",
		    "province: Hà Tĩnh, commune: Thạch Trung",
		    "details: unknown, issuer: UBND tỉnh Hà Tĩnh, "
		    "revoked: { date: 2025-01-01 }");
	struct catalog cat;
	struct site site;
	assert_int_equal(fixture_load_catalog(&cat, &site, &f->files.set,
					      AS_OF, &f->core), 0);
	struct catalog none = cat;
	const struct product *only[2];
	none.n_products = 0;
	for (size_t i = 0; i < cat.n_products; i++)
		if (!strcmp(cat.products[i]->e.slug, "vai") ||
		    !strcmp(cat.products[i]->e.slug, "xoai"))
			only[none.n_products++] = cat.products[i];
	assert_int_equal(none.n_products, 2);
	none.products = (const struct product **)only;
	assert_string_equal(report(f, &none, 90, REPORT_TEXT, msg_lang_find("vi")),
		"OCOP Hà Tĩnh\n"
		"Chứng nhận OCOP cần đánh giá lại: đã hết hạn, hoặc hết hạn trong 90 ngày tới (đến hết 03/06/2026)\n"
		"Tính đến ngày 05/03/2026\n"
		"\n"
		"Không có chứng nhận nào cần đánh giá lại.\n"
		"\n"
		"Chưa công bố thông tin chứng nhận, không biết ngày hết hạn: cần tìm quyết định công nhận (1)\n"
		"============================================================================================\n"
		"    Vải thiều  content/products/vai.md\n");
	assert_string_equal(report(f, &none, 90, REPORT_TEXT, msg_lang_find("en")),
		"OCOP of Ha Tinh\n"
		"OCOP certificates to re-rate: expired, or expiring within 90 days (by 2026-06-03)\n"
		"As of 2026-03-05\n"
		"\n"
		"No certificate needs re-rating.\n"
		"\n"
		"Certificate details not published, so the expiry is not known: find the recognition decision (1)\n"
		"================================================================================================\n"
		"    Vải thiều  content/products/vai.md\n");
	assert_string_equal(report(f, &none, 36500, REPORT_CSV, msg_lang_find("vi")),
		"province,commune,district,expires,days_left,status,slug,name,stars,certificate,issuer,producer,phone,file\r\n");
	assert_string_equal(report(f, &none, 36500, REPORT_JSON, msg_lang_find("vi")), "[\n]\n");
	/* in the whole catalog, after the count */
	const char *all = report(f, &cat, 90, REPORT_TEXT, msg_lang_find("en"));
	assert_non_null(strstr(all,
		"7 certificates in all: 1 expired, 6 expiring.\n"
		"\n"
		"Certificate details not published"));
}

/* A write error is reported, not ignored. */
static void
test_report_write_error(void **state)
{
	struct fixture *f = *state;
	FILE *full = fopen("/dev/full", "w");
	if (!full)
		skip();
	assert_int_equal(report_expiring(&f->cat, 90, REPORT_TEXT, msg_lang_find("vi"),
					 full), -1);
	fclose(full);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_within_units),
		cmocka_unit_test(test_report_within_rejects),
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_report_text_vi),
		T(test_report_text_en),
		T(test_report_csv),
		T(test_report_json),
		T(test_report_json_escapes),
		T(test_report_empty),
		T(test_report_details_unknown_listed_apart),
		T(test_report_write_error),
#undef T
	};
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
