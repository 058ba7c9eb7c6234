/*
 * test_model.c - the typed catalog: dates and certificate status, slugs,
 * site.yaml, reading products, producers and points of sale field by
 * field, and catalog_load() (translations, references, drafts, order).
 *
 * Seams are data: every test builds a struct source_set by hand from
 * literal files (sorted by path, as source_open() leaves it), so nothing
 * here touches git or the disk.  The build date is fixed (as_of), never
 * the clock.  Error paths assert the exact diag: line, column, code and
 * message (and the hint where there is one).
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
#include "model/entry.h"
#include "model/read.h"
#include "model/site.h"
#include "parse/fm.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/banned.h"

/* The build date of every test unless one says otherwise. */
#define AS_OF "2026-03-05"

static const char SITE_YAML[] =
	"title: Sản phẩm OCOP tỉnh Hà Tĩnh\n"
	"base_url: https://ocop.example.gov.vn\n"
	"languages: [vi, en]\n"
	"province: Hà Tĩnh\n"
	"certificate_months: 36\n"
	"per_page: 12\n"
	"platforms:\n"
	"  shopee: { name: Shopee, hosts: [shopee.vn] }\n"
	"  lazada: { name: Lazada, hosts: [lazada.vn] }\n"
	"  tiktok: { name: TikTok Shop, hosts: [tiktok.com, vt.tiktok.com] }\n"
	"  website: { name: Website, hosts: [\"*\"] }\n";

struct fixture {
	struct fixture_core core;
	struct fixture_files files;
	struct site site;
	long as_of;
	struct entry_env env;
	struct fm_doc doc;
};

/* Adds a file to this test's source set (fixture_add_file()). */
static struct source *
add_file(struct fixture *f, const char *path, const char *text)
{
	return fixture_add_file(&f->files, &f->core.arena, path, text);
}

static int
setup(void **state)
{
	struct fixture *f = fixture_new(sizeof(*f));
	if (!f)
		return -1;
	*state = f;
	add_file(f, "site.yaml", SITE_YAML);
	add_file(f, "content/products/buoi/cover.jpg", "\xFF\xD8\xFF\xE0 JPEG");
	add_file(f, "content/products/buoi/vuon.jpg", "\xFF\xD8\xFF\xE0 JPEG");
	add_file(f, "content/products/anh.jpg", "\xFF\xD8\xFF\xE0 JPEG");
	add_file(f, "content/products/link.jpg", "../../etc/passwd")->is_symlink = true;
	if (site_read(&f->site, &f->files.set, &f->core.arena,
		      &f->core.diags) != 0 || f->core.diags.n != 0)
		return -1;
	f->as_of = fixture_days(AS_OF);
	f->env = (struct entry_env){ &f->core.arena, &f->core.diags, &f->site,
				     &f->files.set, f->as_of };
	return 0;
}

/* Parses text as the file at path; the front matter must be well formed. */
static const struct fm_node *
parse_at(struct fixture *f, const char *path, const char *text)
{
	assert_int_equal(fm_parse(&f->doc, path, span_from(text),
				  &f->core.arena, &f->core.diags), 0);
	assert_non_null(f->doc.root);
	return f->doc.root;
}

static struct product *
read_product_at(struct fixture *f, const char *path, const char *text)
{
	const struct fm_node *m = parse_at(f, path, text);
	struct product *p = arena_new(&f->core.arena, struct product);
	p->e.path = path;
	p->e.slug = "p";
	product_read(p, m, &f->env);
	return p;
}

static struct product *
read_product(struct fixture *f, const char *text)
{
	return read_product_at(f, "content/products/p.md", text);
}

/*
 * A minimal valid product, with the stars and the group filled in and
 * extra lines appended after certificate.issued (line 12 on).  Lines:
 *  1 ---                     7   province: Hà Tĩnh
 *  2 name: Kẹo cu đơ         8   commune: Phúc Trạch
 *  3 stars: <s>              9 certificate:
 *  4 group: <g>             10   number: 1/QĐ
 *  5 producer: htx-a        11   issued: 2023-06-12
 *  6 location:              12 <extra>
 */
static struct product *
product(struct fixture *f, const char *stars, const char *group,
	const char *extra)
{
	return read_product(f, arena_printf(&f->core.arena,
		"---\n"
		"name: Kẹo cu đơ\n"
		"stars: %s\n"
		"group: %s\n"
		"producer: htx-a\n"
		"location:\n"
		"  province: Hà Tĩnh\n"
		"  commune: Phúc Trạch\n"
		"certificate:\n"
		"  number: 1/QĐ\n"
		"  issued: 2023-06-12\n"
		"%s"
		"---\n", stars, group, extra));
}

static void
assert_error(const struct fixture *f, unsigned line, unsigned col,
	     const char *code, const char *msg)
{
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
				 "content/products/p.md", line, col, code, msg,
				 fixture_any);
}

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

/* ---- dates ---------------------------------------------------------- */

static void
test_date_parse_accepts_real_days(void **state)
{
	(void)state;
	struct date d;
	assert_true(date_parse(&d, "2024-02-29"));
	assert_int_equal(d.y, 2024);
	assert_int_equal(d.m, 2);
	assert_int_equal(d.d, 29);
	assert_true(date_parse(&d, "1970-01-01"));
	assert_int_equal(d.days, 0);
	assert_true(date_parse(&d, "2000-03-01"));
	assert_int_equal(d.days, 11017);
	assert_true(date_parse(&d, "2000-02-29"));          /* 400-year leap */
	assert_true(date_parse(&d, "1969-12-31"));
	assert_int_equal(d.days, -1);
	assert_true(date_parse(&d, "1900-01-01"));
	assert_int_equal(d.days, -25567);
	assert_true(date_parse(&d, "2999-12-31"));
	assert_true(date_parse(&d, "2023-12-31"));
	assert_true(date_parse(&d, "2023-04-30"));
}

static void
test_date_parse_rejects_everything_else(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"2023-02-29", "2023-02-30", "2024-02-30", "1900-02-29",
		"2023-13-01", "2023-00-10", "2023-04-31", "2023-01-00",
		"2023-01-32", "2023-1-01", "2023-01-1", "23-01-01",
		"2023-01-01x", "2023-01-01 ", " 2023-01-01", "2023-01-01T00:00",
		"2023/01/01", "20230101", "", "2023-01", "abcd-ef-gh",
		"1899-12-31", "3000-01-01", "+023-01-01", "2023-+1-01",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct date d = { 7, 7, 7, 7 };
		if (date_parse(&d, bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	}
	struct date d;
	assert_false(date_parse(&d, NULL));
}

static void
test_date_add_months_clamps_to_month_end(void **state)
{
	(void)state;
	struct date d;
	assert_true(date_parse(&d, "2024-01-31"));
	struct date r = date_add_months(d, 1);
	assert_date(&r, 2024, 2, 29);
	assert_true(date_parse(&d, "2023-01-31"));
	r = date_add_months(d, 1);
	assert_date(&r, 2023, 2, 28);
	assert_true(date_parse(&d, "2023-03-31"));
	r = date_add_months(d, 1);
	assert_date(&r, 2023, 4, 30);
	assert_true(date_parse(&d, "2023-06-12"));
	r = date_add_months(d, 36);
	assert_date(&r, 2026, 6, 12);
	assert_true(date_parse(&d, "2024-02-29"));
	r = date_add_months(d, 36);
	assert_date(&r, 2027, 2, 28);
	r = date_add_months(d, 48);
	assert_date(&r, 2028, 2, 29);
	assert_true(date_parse(&d, "2023-12-15"));
	r = date_add_months(d, 1);
	assert_date(&r, 2024, 1, 15);
	r = date_add_months(d, 0);
	assert_date(&r, 2023, 12, 15);
	r = date_add_months(d, -12);
	assert_date(&r, 2022, 12, 15);
}

static void
test_date_from_days_roundtrip(void **state)
{
	(void)state;
	struct date d = date_from_days(0);
	assert_date(&d, 1970, 1, 1);
	d = date_from_days(-1);
	assert_date(&d, 1969, 12, 31);
	d = date_from_days(19782);
	assert_date(&d, 2024, 2, 29);

	/* every day from 1900-01-01 to 2999-12-31: days round-trip, the
	 * calendar advances by one day, and date_iso/date_parse agree */
	struct date first, last;
	assert_true(date_parse(&first, "1900-01-01"));
	assert_true(date_parse(&last, "2999-12-31"));
	struct date prev = date_from_days(first.days - 1);
	assert_int_equal(prev.y, 1899);     /* date_parse stops at 1900 */
	assert_int_equal(prev.m, 12);
	assert_int_equal(prev.d, 31);
	for (long n = first.days; n <= last.days; n++) {
		struct date x = date_from_days(n);
		if (x.days != n)
			fail_msg("day %ld came back as %ld", n, x.days);
		bool next_day = x.y == prev.y && x.m == prev.m && x.d == prev.d + 1;
		bool next_month = x.y == prev.y && x.m == prev.m + 1 && x.d == 1;
		bool next_year = x.y == prev.y + 1 && x.m == 1 && x.d == 1 &&
				 prev.m == 12 && prev.d == 31;
		if (!next_day && !next_month && !next_year)
			fail_msg("%d-%d-%d follows %d-%d-%d", x.y, x.m, x.d,
				 prev.y, prev.m, prev.d);
		char iso[11];
		date_iso(&x, iso);
		struct date back;
		if (!date_parse(&back, iso) || back.days != n)
			fail_msg("\"%s\" does not parse back to day %ld", iso, n);
		prev = x;
	}
	assert_date(&prev, 2999, 12, 31);
}

static void
test_date_from_time_and_iso(void **state)
{
	(void)state;
	struct date d = date_from_time(0);
	assert_date(&d, 1970, 1, 1);
	d = date_from_time(-1);
	assert_date(&d, 1969, 12, 31);
	d = date_from_time(-86400);
	assert_date(&d, 1969, 12, 31);
	d = date_from_time(1704164645);     /* 2024-01-02 03:04:05 UTC */
	assert_date(&d, 2024, 1, 2);
	d = date_from_time(1709251199);     /* 2024-02-29 23:59:59 UTC */
	assert_date(&d, 2024, 2, 29);
	char iso[11];
	date_iso(&d, iso);
	assert_string_equal(iso, "2024-02-29");
	d = date_from_days(-25567);
	date_iso(&d, iso);
	assert_string_equal(iso, "1900-01-01");
}

/* ---- certificate status --------------------------------------------- */

static struct certificate
cert(const char *issued, const char *expires, const char *revoked)
{
	struct certificate c = { 0 };
	assert_true(date_parse(&c.issued, issued));
	assert_true(date_parse(&c.expires, expires));
	if (revoked) {
		c.revoked.set = true;
		assert_true(date_parse(&c.revoked.date, revoked));
	}
	return c;
}

static void
test_cert_status_valid_through_expiry_day(void **state)
{
	(void)state;
	struct certificate c = cert("2023-06-12", "2026-06-12", NULL);
	assert_int_equal(cert_status(&c, fixture_days("2023-06-12")),
			 CERT_VALID);
	assert_int_equal(cert_status(&c, fixture_days("2026-06-11")),
			 CERT_VALID);
	assert_int_equal(cert_status(&c, fixture_days("2026-06-12")),
			 CERT_VALID);
	assert_int_equal(cert_status(&c, fixture_days("2026-06-13")),
			 CERT_EXPIRED);
	assert_int_equal(cert_status(&c, fixture_days("2030-01-01")),
			 CERT_EXPIRED);
	assert_string_equal(model_cert_status_slugs[CERT_VALID], "valid");
	assert_string_equal(model_cert_status_slugs[CERT_EXPIRED], "expired");
	assert_string_equal(model_cert_status_slugs[CERT_REVOKED], "revoked");
}

static void
test_cert_status_revoked_from_revocation_day(void **state)
{
	(void)state;
	struct certificate c = cert("2023-06-12", "2026-06-12", "2024-09-01");
	assert_int_equal(cert_status(&c, fixture_days("2024-08-31")),
			 CERT_VALID);
	assert_int_equal(cert_status(&c, fixture_days("2024-09-01")),
			 CERT_REVOKED);
	assert_int_equal(cert_status(&c, fixture_days("2025-01-01")),
			 CERT_REVOKED);
	/* revoked beats expired */
	assert_int_equal(cert_status(&c, fixture_days("2026-06-13")),
			 CERT_REVOKED);
	assert_int_equal(cert_status(&c, fixture_days("2040-01-01")),
			 CERT_REVOKED);
}

static void
test_cert_status_future_revocation_is_still_valid(void **state)
{
	(void)state;
	struct certificate c = cert("2023-06-12", "2026-06-12", "2030-01-01");
	assert_int_equal(cert_status(&c, fixture_days(AS_OF)), CERT_VALID);
	/* expired first, then revoked once the date comes */
	assert_int_equal(cert_status(&c, fixture_days("2027-01-01")),
			 CERT_EXPIRED);
	assert_int_equal(cert_status(&c, fixture_days("2030-01-01")),
			 CERT_REVOKED);
	/* revoked set but the flag off: ignored */
	c.revoked.set = false;
	assert_int_equal(cert_status(&c, fixture_days("2030-01-01")),
			 CERT_EXPIRED);
}

/* ---- placeholders --------------------------------------------------- */

/* Every form of the list in docs/content.md, as lists compiled from
 * news and spreadsheets write them: any case, with or without marks,
 * with punctuation and spaces around. */
static void
test_read_is_placeholder_flags_each_listed_form(void **state)
{
	(void)state;
	static const char *const flagged[] = {
		"placeholder", "PLACEHOLDER", "Placeholder", "<placeholder>",
		"TBD", "tbd", "TBA", "TODO", "todo", "To do", "to-do",
		"N/A", "n/a", "N/a", "n.a.", "NA", "na", "N.A", "#N/A",
		"none", "None", "NONE", "null", "NULL", "nil", "Nil",
		"unknown", "Unknown", "UNKNOWN",
		"chưa rõ", "Chưa rõ", "CHƯA RÕ", "chua ro", "Chưa ro", "(chưa rõ)",
		"không rõ", "Không rõ", "khong ro",
		"chưa có", "Chưa có", "chua co",
		"chưa cập nhật", "Chưa cập nhật", "chua cap nhat", "chưa cập nhật…",
		"đang cập nhật", "Đang cập nhật", "dang cap nhat", "Đang cập nhật...",
		"không có", "Không có", "khong co", "Không có.",
		"không", "Không", "KHÔNG", "khong",
		"chưa xác định", "Không xác định", "chưa có thông tin",
		/* decomposed: e, U+0302 and the tone typed apart */
		"Chu\xcc\x9b" "a ro\xcc\x83",
		"xxx", "XXX", "xxxx", "xxxxxxxxxx", "XxX", "xx/xx/xxxx",
		"...", "…", "-", "--", "---", "—", "–", "?", "??", "???", "*",
		"0", "00", "000", "0000", "00000000", "0000-00-00", "00/00/0000",
		" N/A ", "\"N/A\"", "'-'", "  ?  ", "\t0\t",
		"#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!",
	};
	for (size_t i = 0; i < sizeof(flagged) / sizeof(flagged[0]); i++)
		if (!read_is_placeholder(flagged[i]))
			fail_msg("\"%s\" is not taken for a placeholder",
				 flagged[i]);
}

/* Real values that look a little like placeholders: any other word or
 * number makes a value real, and a word of the list in English (or
 * Vietnamese without marks) is not a Vietnamese word with marks. */
static void
test_read_is_placeholder_leaves_real_values(void **state)
{
	(void)state;
	static const char *const real[] = {
		"Phường 1", "Phường 10", "Xã 0 Đồng", "Thôn 0", "01/QĐ-UBND",
		"1234/QĐ-UBND", "0/QĐ-UBND", "1", "10", "100", "2023",
		"0239 3xxx xxx", "x", "xx", "X", "XL", "Xã Xuân Lộc",
		"Nà", "Ná", "Nả", "Nạ", "Nà Hang", "Na Hang", "Na Rì",
		"Nil Farm", "None Such", "Không Gian Xanh", "Công ty Không Gian",
		"Chưa", "Có", "Rõ", "Nông", "Nam", "Năm", "Nho", "Nhãn",
		"TBD Coffee", "Unknown Pleasures", "N/A Mart", "Todo Foods",
		"HTX xx Phúc Trạch", "Bưởi Phúc Trạch", "Hà Tĩnh", "UBND tỉnh",
		"VietGAP", "REF", "Value", "Name", "#1", "đã có",
		"Phở 24", "0x1F", "x0", "Hộp 0,5 kg", "½", "№ 1",
	};
	for (size_t i = 0; i < sizeof(real) / sizeof(real[0]); i++)
		if (read_is_placeholder(real[i]))
			fail_msg("\"%s\" is taken for a placeholder", real[i]);
	/* long text is never one */
	char s[260];
	memset(s, 'x', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	assert_false(read_is_placeholder(s));
	s[200] = '\0';
	assert_true(read_is_placeholder(s));
}

/* ---- slugs ---------------------------------------------------------- */

static void
test_read_is_slug(void **state)
{
	(void)state;
	static const char *const good[] = {
		"a", "0", "buoi-phuc-trach", "a1-2b", "htx-che-123", "2023",
	};
	static const char *const bad[] = {
		"", "-a", "a-", "a--b", "A", "Buoi", "bưởi", "a_b", "a b", "a.b",
		"a/b", "..", "-", "a\n",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!read_is_slug(good[i]))
			fail_msg("rejected \"%s\"", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (read_is_slug(bad[i]))
			fail_msg("accepted \"%s\"", bad[i]);
	char s[82];
	memset(s, 'a', 81);
	s[81] = '\0';
	assert_false(read_is_slug(s));      /* 81 */
	s[80] = '\0';
	assert_true(read_is_slug(s));       /* 80 */
}

/* ---- edit distance --------------------------------------------------- */

/* The whole Levenshtein table, as the textbook has it: the reference. */
static size_t
full_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *t = calloc((la + 1) * (lb + 1), sizeof(*t));
	assert_non_null(t);
	for (size_t i = 0; i <= la; i++)
		for (size_t j = 0; j <= lb; j++) {
			size_t *c = &t[i * (lb + 1) + j];
			if (!i || !j) {
				*c = i + j;
				continue;
			}
			size_t best = t[(i - 1) * (lb + 1) + j - 1] + (a[i - 1] != b[j - 1]);
			if (t[(i - 1) * (lb + 1) + j] + 1 < best)
				best = t[(i - 1) * (lb + 1) + j] + 1;
			if (c[-1] + 1 < best)
				best = c[-1] + 1;
			*c = best;
		}
	size_t d = t[la * (lb + 1) + lb];
	free(t);
	return d;
}

/* read_distance_within() gives the distance when it is at most the
 * limit and limit + 1 otherwise, for strings short and long (over 80
 * bytes the row leaves the stack), alike or not. */
static void
test_read_distance_within_matches_the_full_table(void **state)
{
	(void)state;
	uint64_t st = 88172645463325252u;
	static const size_t limits[] = { 0, 1, 2, 3, 5, 80, 1000 };
	for (int round = 0; round < 3000; round++) {
		char a[200], b[200];
		st ^= st << 13, st ^= st >> 7, st ^= st << 17;
		size_t la = st % (round % 10 ? 24 : 150);
		for (size_t i = 0; i < la; i++) {
			st ^= st << 13, st ^= st >> 7, st ^= st << 17;
			a[i] = "abc-"[st % 4];
		}
		a[la] = '\0';
		/* b: a few edits of a, or unrelated */
		memcpy(b, a, la + 1);
		size_t lb = la;
		st ^= st << 13, st ^= st >> 7, st ^= st << 17;
		for (uint64_t e = st % 6; e > 0 && lb < sizeof(b) - 2; e--) {
			st ^= st << 13, st ^= st >> 7, st ^= st << 17;
			size_t at = st % (lb + 1);
			if (st & 0x100 && at < lb) {
				memmove(b + at, b + at + 1, lb - at);
				lb--;
			} else if (st & 0x200) {
				memmove(b + at + 1, b + at, lb - at + 1);
				b[at] = "abcd"[st % 4];
				lb++;
			} else if (at < lb) {
				b[at] = "abcd"[st % 4];
			}
		}
		size_t want = full_distance(a, b);
		for (size_t k = 0; k < sizeof(limits) / sizeof(limits[0]); k++) {
			size_t got = read_distance_within(a, b, limits[k]);
			size_t exp = want <= limits[k] ? want : limits[k] + 1;
			if (got != exp)
				fail_msg("\"%s\" \"%s\" limit %zu: got %zu, want %zu",
					 a, b, limits[k], got, exp);
		}
	}
	assert_int_equal(read_distance("", ""), 0);
	assert_int_equal(read_distance("phone", "fone"), 2);
	assert_int_equal(read_distance_within("hop-tac-xa-che-hong-loc",
					      "hop-tac-xa-che-hong-lac", 2), 1);
}

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
test_product_image_with_dotdot(void **state)
{
	struct fixture *f = *state;
	struct product *p = product(f, "4", "thuc-pham",
				    "images:\n  - src: ../../site.yaml\n    alt: x\n");
	assert_error(f, 13, 10, "image",
		     "image \"../../site.yaml\" must be a path inside the content folder, without \"..\"");
	assert_int_equal(p->n_images, 0);
	static const char *const bad[] = {
		"/etc/passwd", "a/../anh.jpg", "./anh.jpg", "a//b.jpg",
		"http://x.vn/a.jpg", "a\\\\b.jpg",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		diag_list_release(&f->core.diags);
		product(f, "4", "thuc-pham", arena_printf(&f->core.arena,
			"images:\n  - src: \"%s\"\n    alt: x\n", bad[i]));
		assert_int_equal(f->core.diags.n, 1);
		assert_string_equal(f->core.diags.v[0].code, "image");
		assert_int_equal(f->core.diags.v[0].at.line, 13);
	}
}

static void
test_product_image_not_found(void **state)
{
	struct fixture *f = *state;
	product(f, "4", "thuc-pham", "images:\n  - src: nope.jpg\n    alt: x\n");
	assert_error(f, 13, 10, "image",
		     "image \"nope.jpg\" not found (looked for content/products/nope.jpg)");
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham", "images:\n  - src: link.jpg\n    alt: x\n");
	assert_error(f, 13, 10, "image",
		     "image \"link.jpg\" is a symbolic link pointing outside the content folder");
	diag_list_release(&f->core.diags);
	/* found beside a single-file entry; a scalar item is accepted, with
	 * a warning about its missing alt text */
	struct product *p = product(f, "4", "thuc-pham", "images: [anh.jpg]\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_WARNING, "content/products/p.md", 12, 10, "alt",
			 "image \"anh.jpg\" has no alt text: the product name is used",
			 NULL);
	assert_int_equal(p->n_images, 1);
	assert_string_equal(p->images[0].alt, "Kẹo cu đơ");
	assert_string_equal(p->images[0].out_path, "products/anh.jpg");
}

/* Images are recognised by their first bytes, whatever the extension. */
/* One product naming one image file; returns the product. */
static struct product *
product_with_image(struct fixture *f, const char *name, const char *bytes,
		   size_t len)
{
	struct source *s = add_file(f, arena_printf(&f->core.arena,
				    "content/products/%s", name), "");
	s->data.p = arena_strndup(&f->core.arena, bytes, len);
	s->data.len = s->size = len;
	return product(f, "4", "thuc-pham", arena_printf(&f->core.arena,
		       "images: [{ src: \"%s\", alt: x }]\n", name));
}

#define IMAGE(f, name, lit) product_with_image(f, name, lit, sizeof(lit) - 1)

static void
test_product_image_must_be_an_image(void **state)
{
	struct fixture *f = *state;
	static const struct { const char *name, *bytes; size_t len; } good[] = {
#define G(n, b) { n, b, sizeof(b) - 1 }
		G("tot.png", "\x89PNG\r\n\x1a\n...."), G("tot.gif", "GIF89a...."),
		G("tot.webp", "RIFF\x01\x01\x01\x01WEBPVP8 "),
		G("tot.avif", "\x01\x01\x01\x01" "ftypavif...."),
		G("tot.JPG", "\xFF\xD8\xFF\xE0 JPEG"),
		G("tot.jpeg", "\xFF\xD8\xFF\xE0 JPEG"),
		G("tot.svg", "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- logo -->\n"
		  "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
#undef G
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct product *p = product_with_image(f, good[i].name,
						       good[i].bytes, good[i].len);
		fixture_assert_diag_count(&f->core.diags, 0);
		assert_int_equal(p->n_images, 1);
		assert_non_null(p->images[0].data.p);
	}
	/* the sanitised drawing is what is published */
	struct product *p = IMAGE(f, "ve.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" "
				  "onload=\"alert(1)\"><rect width=\"1\" height=\"1\"/></svg>");
	fixture_assert_only_diag(&f->core.diags, DIAG_WARNING, "content/products/p.md",
				 12, 17, "svg",
				 "removed onload from SVG image \"ve.svg\": scripts, event handlers and links to other sites are never published",
				 "export the drawing again as plain SVG, or as PNG");
	assert_int_equal(p->n_images, 1);
	assert_null(strstr(p->images[0].data.p, "onload"));
	assert_non_null(strstr(p->images[0].data.p, "<rect"));
	diag_list_release(&f->core.diags);

	static const struct { const char *name, *bytes; } bad[] = {
		{ "xau-0.png", "hello" },
		{ "xau-1.svg", "<html><svg></svg></html>" },
		{ "xau-2.svg", "<svgx>" },
		{ "xau-3.avif", "\x01\x01\x01\x01" "ftypisom...." },
		{ "xau-4.avif", "\x01\x01\x01\x01" "ftypheic...." },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		product_with_image(f, bad[i].name, bad[i].bytes, strlen(bad[i].bytes));
		fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
					 "content/products/p.md", 12, 17,
					 "image", arena_printf(&f->core.arena,
					 "\"%s\" is not an image (PNG, JPEG, GIF, WebP, AVIF or SVG)",
					 bad[i].name),
					 "save the picture as JPEG or PNG and commit that file");
		diag_list_release(&f->core.diags);
	}
}

/* The name decides how a web server serves a copy, so a name that is
 * not a picture's is refused whatever the bytes, and the bytes must be
 * of the type the name says. */
static void
test_product_image_name_and_type_agree(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = { "x.html", "x.htm", "x.xhtml",
		"index.html", "style.css", "anh", "anh.heic", "sitemap.xml" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		IMAGE(f, names[i], "\x89PNG\r\n\x1a\n<script>alert(1)</script>");
		fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
			"content/products/p.md", 12, 17, "image",
			arena_printf(&f->core.arena, "image \"%s\" must be named with a picture's extension: .jpg, .jpeg, .png, .webp, .gif, .avif or .svg",
				     names[i]),
			"save the picture as JPEG or PNG and write its file name, as in anh.jpg");
		diag_list_release(&f->core.diags);
	}
	IMAGE(f, "anh.png", "\xFF\xD8\xFF\xE0 JPEG");
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, "content/products/p.md",
				 12, 17, "image",
				 "image \"anh.png\" is a JPEG file, but its name ends in \".png\"",
				 "rename the file to end in .jpg, and write that name here");
	diag_list_release(&f->core.diags);
	IMAGE(f, "lfs.jpg", "version https://git-lfs.github.com/spec/v1\n"
	      "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
	      "size 12345\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, "content/products/p.md",
				 12, 17, "image",
				 "image \"lfs.jpg\" is a Git LFS pointer, not the picture itself",
				 "ocop reads pictures from git itself: run \"git lfs untrack\" for it, then add and commit the picture again");
}

/* A symbolic link is followed while it stays inside content/ for its
 * bytes; the copy is published at the link's own place, never at the
 * target's (which could be any page of the site). */
static void
test_product_image_symlinks(void **state)
{
	struct fixture *f = *state;
	add_file(f, "content/products/z-anh.jpg", "../products/buoi/cover.jpg")
		->is_symlink = true;
	add_file(f, "content/products/z-hai.jpg", "z-anh.jpg")->is_symlink = true;
	add_file(f, "content/products/z-mat.jpg", "khong-co.jpg")->is_symlink = true;
	add_file(f, "content/products/z-tuyet.jpg", "/etc/passwd")->is_symlink = true;
	add_file(f, "content/products/z-vong.jpg", "z-vong.jpg")->is_symlink = true;
	struct product *p = product(f, "4", "thuc-pham",
		"images: [{ src: z-anh.jpg, alt: x }, { src: z-hai.jpg, alt: y }]\n");
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_int_equal(p->n_images, 2);
	assert_string_equal(p->images[0].out_path, "products/z-anh.jpg");
	assert_string_equal(p->images[1].out_path, "products/z-hai.jpg");
	assert_string_equal(p->images[1].data.p, "\xFF\xD8\xFF\xE0 JPEG");

	product(f, "4", "thuc-pham", "images: [{ src: z-tuyet.jpg, alt: x }]\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, "content/products/p.md", 12, 17, "image",
			 "image \"z-tuyet.jpg\" is a symbolic link pointing outside the content folder",
			 "put the image itself in the content folder and commit it");
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham", "images: [{ src: z-mat.jpg, alt: x }]\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, "content/products/p.md", 12, 17, "image",
			 "image \"z-mat.jpg\" not found (looked for content/products/khong-co.jpg)",
			 "the symbolic link points at a file that is not there: put the image itself in the content folder");
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham", "images: [{ src: z-vong.jpg, alt: x }]\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, "content/products/p.md", 12, 17, "image",
			 "image \"z-vong.jpg\" not found (looked for content/products/z-vong.jpg)",
			 "the symbolic links point at each other: put the image itself in the content folder");
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
	return catalog_load(c, &f->files.set, &f->site, f->as_of, 2,
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
	assert_string_equal(f->core.diags.v[0].hint_vi, "có phải là \"htx-buoi-phuc-trach\" không?");
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
		T(test_date_parse_accepts_real_days),
		T(test_date_parse_rejects_everything_else),
		T(test_date_add_months_clamps_to_month_end),
		T(test_date_from_days_roundtrip),
		T(test_date_from_time_and_iso),
		T(test_cert_status_valid_through_expiry_day),
		T(test_cert_status_revoked_from_revocation_day),
		T(test_cert_status_future_revocation_is_still_valid),
		T(test_read_is_placeholder_flags_each_listed_form),
		T(test_read_is_placeholder_leaves_real_values),
		T(test_read_is_slug),
		T(test_read_distance_within_matches_the_full_table),
		T(test_site_read_every_setting),
		T(test_site_read_defaults),
		T(test_site_read_errors),
		T(test_site_base_url),
		T(test_site_base_path),
		T(test_site_base_url_empty_warns),
		T(test_site_platform_hosts_checked),
		T(test_site_platform_hosts),
		T(test_site_subgroups),
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
		T(test_site_placeholder),
		T(test_product_certificate_number_and_date),
		T(test_product_issued_before_the_programme),
		T(test_product_certificate_details_unknown),
		T(test_product_shop_needs_https),
		T(test_product_shop_foreign_host),
		T(test_product_shop_backslash_refused),
		T(test_product_shop_unknown_platform),
		T(test_product_shop_subdomain_accepted),
		T(test_product_image_with_dotdot),
		T(test_product_image_not_found),
		T(test_product_image_must_be_an_image),
		T(test_product_image_name_and_type_agree),
		T(test_product_image_symlinks),
		T(test_product_unknown_field_warns_with_hint),
		T(test_product_traceability_and_price_checks),
		T(test_producer_read_every_field),
		T(test_producer_website_normalised),
		T(test_producer_errors),
		T(test_pos_read_every_field),
		T(test_pos_errors),
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
	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
