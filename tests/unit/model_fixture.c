/*
 * model_fixture.c - see model_fixture.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model_fixture.h"
#include "util/arena.h"
#include "util/banned.h"

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


/* Adds a file to this test's source set (fixture_add_file()). */
struct source *
add_file(struct fixture *f, const char *path, const char *text)
{
	return fixture_add_file(&f->files, &f->core.arena, path, text);
}

int
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
const struct fm_node *
parse_at(struct fixture *f, const char *path, const char *text)
{
	assert_int_equal(fm_parse(&f->doc, path, span_from(text),
				  &f->core.arena, &f->core.diags), 0);
	assert_non_null(f->doc.root);
	return f->doc.root;
}

struct product *
read_product_at(struct fixture *f, const char *path, const char *text)
{
	const struct fm_node *m = parse_at(f, path, text);
	struct product *p = arena_new(&f->core.arena, struct product);
	p->e.path = path;
	p->e.slug = "p";
	product_read(p, m, &f->env);
	return p;
}

struct product *
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
struct product *
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

void
assert_error(const struct fixture *f, unsigned line, unsigned col,
	     const char *code, const char *msg)
{
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
				 "content/products/p.md", line, col, code, msg,
				 fixture_any);
}
