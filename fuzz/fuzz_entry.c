/*
 * fuzz_entry.c - libFuzzer target for reading entries: the input is one
 * content file (front matter and Markdown), as a DARD would commit it.
 *
 * The file goes through fm_parse() and, when it has front matter, its
 * mapping is read as a product (twice: once as the bundle
 * content/products/buoi-phuc-trach/index.md, once as the single file
 * content/products/thuc-pham/buoi.md, so relative images resolve in both
 * layouts), as a producer, as a point of sale and as a page.  The site
 * comes from site_read() on a fixed site.yaml (languages vi and en,
 * 36-month certificates, the default platforms) held in a source set
 * built in memory, which also holds a few fake images and one symbolic
 * link.  The build date is fixed at 2025-06-01.
 *
 * Everything lives in one arena and one diag list, released before
 * returning, so a leak is a finding.  The readers' promises are checked
 * with abort(): values are in range, every kept image is a file of the
 * source set (a link's bytes are its target's), a drawing with its
 * bytes read and a photo with its file (read later, model/photo.h), every kept shop names a
 * platform of the site, and every diag has a code, a message and a
 * position inside the file.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "load/source.h"
#include "model/date.h"
#include "model/entry.h"
#include "model/site.h"
#include "parse/fm.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char site_yaml[] =
	"title: Sản phẩm OCOP tỉnh Hà Tĩnh\n"
	"base_url: https://ocop.example.gov.vn\n"
	"language: vi\n"
	"languages: [vi, en]\n"
	"province: Hà Tĩnh\n"
	"theme: default\n"
	"certificate_months: 36\n"
	"per_page: 24\n";

static const char bundle_path[] = "content/products/buoi-phuc-trach/index.md";
static const char single_path[] = "content/products/thuc-pham/buoi.md";

/* Sorted bytewise by path, as source_open() leaves them. */
static const struct {
	const char *path, *data;
	bool is_symlink;
} files[] = {
	{ "content/points-of-sale/cua-hang-ocop-ha-tinh.md", "---\n", false },
	{ "content/producers/htx-buoi-phuc-trach.md", "---\n", false },
	{ "content/products/buoi-phuc-trach/anh-2.png", "\x89PNG", false },
	{ "content/products/buoi-phuc-trach/buoi.jpg", "\xff\xd8\xff", false },
	{ "content/products/buoi-phuc-trach/img/goi.webp", "RIFF", false },
	{ "content/products/buoi-phuc-trach/index.md", NULL, false },
	{ "content/products/buoi-phuc-trach/link.jpg", "buoi.jpg", true },
	{ "content/products/thuc-pham/buoi.jpg", "\xff\xd8\xff", false },
	{ "content/products/thuc-pham/buoi.md", NULL, false },
	{ "site.yaml", site_yaml, false },
};
enum { N_FILES = sizeof(files) / sizeof(files[0]) };

struct check {
	unsigned lines;           /* lines in the input */
	const struct source_set *src;
	const struct site *site;
};

static void
check_pos(const struct check *c, struct pos at)
{
	if (!at.path || at.line > c->lines + 1)
		abort();
}

static void
check_strlist(const struct strlist *l)
{
	if (l->n && !l->v)
		abort();
	for (size_t i = 0; i < l->n; i++)
		if (!l->v[i])
			abort();
}

static void
check_location(const struct check *c, const struct location *l)
{
	if (l->geo.set && (!isfinite(l->geo.lat) || !isfinite(l->geo.lon) ||
			   fabs(l->geo.lat) > 90 || fabs(l->geo.lon) > 180))
		abort();
	if (l->at.path)
		check_pos(c, l->at);
}

static void
check_date(const struct date *d)
{
	/* a date read from the file, or one derived from it */
	if (d->m < 1 || d->m > 12 || d->d < 1 || d->d > 31)
		abort();
}

static void
check_product(const struct check *c, const struct product *p)
{
	if (p->e.draft)
		return;
	if (p->stars && (p->stars < 3 || p->stars > 5))
		abort();
	if ((unsigned)p->group >= GROUP_COUNT ||
	    (unsigned)p->ip_type >= IP_TYPE_COUNT)
		abort();
	check_location(c, &p->location);
	if (p->cert.number || p->cert.issued.y) {
		if (p->cert.issued.y)
			check_date(&p->cert.issued);
		if (p->cert.issued.y && !p->cert.expires_given) {
			check_date(&p->cert.expires);
			if (p->cert.expires.days <= p->cert.issued.days)
				abort();
		}
		if (p->cert.revoked.set)
			check_date(&p->cert.revoked.date);
	}
	if (p->n_images && !p->images)
		abort();
	for (size_t i = 0; i < p->n_images; i++) {
		const struct image *im = &p->images[i];
		if (!im->src)
			abort();
		if (!strncmp(im->src, "https://", 8)) {
			if (im->out_path)
				abort();
			continue;
		}
		/* a copy inside the content folder, at the place of a file
		 * of the set (a link publishes its target's bytes at its own
		 * place): a drawing with the bytes to publish read, a photo
		 * with the file (in content/, links followed) its sizes are
		 * made from */
		if (!im->out_path || strstr(im->out_path, "..") ||
		    (im->is_svg ? !im->data.p
				: !im->file || im->data.p || im->file->is_symlink ||
				  strncmp(im->file->path, "content/", 8)))
			abort();
		char path[512];
		size_t n = strlen(im->out_path);
		if (n + 9 > sizeof(path))
			abort();
		memcpy(path, "content/", 8);
		memcpy(path + 8, im->out_path, n + 1);
		const struct source *f = source_find(c->src, path);
		if (!f)
			abort();
	}
	if (p->n_shops && !p->shops)
		abort();
	for (size_t i = 0; i < p->n_shops; i++) {
		const struct shop *s = &p->shops[i];
		if (!s->platform || !s->url ||
		    !site_platform(c->site, s->platform) ||
		    strncmp(s->url, "https://", 8))
			abort();
		check_pos(c, s->at);
	}
	check_strlist(&p->standards);
	check_strlist(&p->pos_slugs);
	for (size_t i = 0; i < p->pos_slugs.n; i++)
		check_pos(c, p->pos_at[i]);
	check_strlist(&p->export_markets);
	check_strlist(&p->tags);
	if (p->trace_url && strncmp(p->trace_url, "https://", 8) &&
	    strncmp(p->trace_url, "http://", 7))
		abort();
}

static void
check_diags(const struct check *c, const struct diag_list *dl)
{
	if (dl->errors + dl->warnings != dl->n)
		abort();
	for (size_t i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->v[i];
		if (!d->msg || !d->code)
			abort();
		check_pos(c, d->at);
	}
}

/* A zeroed entry with the fields catalog.c fills before reading. */
static void
entry_init(struct entry *e, const char *path, const char *slug,
	   const char *dir, const struct fm_doc *doc)
{
	e->slug = slug;
	e->path = path;
	e->dir = dir;
	e->oid = "";
	e->body_line = doc->body_line;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct span input = { (const char *)data, size };
	struct arena a = ARENA_INIT;
	struct diag_list dl = DIAG_LIST_INIT;
	struct source v[N_FILES];
	struct source_set src;

	memset(v, 0, sizeof(v));
	for (size_t i = 0; i < N_FILES; i++) {
		v[i].path = files[i].path;
		v[i].is_symlink = files[i].is_symlink;
		v[i].data = files[i].data ?
			(struct span){ files[i].data, strlen(files[i].data) } :
			input;
		v[i].size = v[i].data.len;
	}
	memset(&src, 0, sizeof(src));
	src.v = v;
	src.n = N_FILES;
	src.root = ".";

	struct site site;
	struct date today;
	if (site_read(&site, &src, &a, &dl) < 0 || dl.n ||
	    !date_parse(&today, "2025-06-01"))
		abort();   /* the fixed site must read cleanly */

	struct check c = { 1, &src, &site };
	for (size_t i = 0; i < size; i++)
		c.lines += data[i] == '\n';
	struct entry_env env = { &a, &dl, &site, &src, today.days };

	struct fm_doc doc;
	if (fm_parse(&doc, bundle_path, input, &a, &dl) == 0 && doc.root) {
		struct product *p = arena_new(&a, struct product);
		entry_init(&p->e, bundle_path, "buoi-phuc-trach",
			   "content/products/buoi-phuc-trach/", &doc);
		product_read(p, doc.root, &env);
		check_product(&c, p);

		p = arena_new(&a, struct product);
		entry_init(&p->e, single_path, "buoi", NULL, &doc);
		product_read(p, doc.root, &env);
		check_product(&c, p);

		struct producer *pr = arena_new(&a, struct producer);
		entry_init(&pr->e, "content/producers/htx-buoi-phuc-trach.md",
			   "htx-buoi-phuc-trach", NULL, &doc);
		producer_read(pr, doc.root, &env);
		if ((unsigned)pr->type >= PRODUCER_TYPE_COUNT)
			abort();
		check_location(&c, &pr->location);
		if (pr->website && strncmp(pr->website, "https://", 8) &&
		    strncmp(pr->website, "http://", 7))
			abort();

		struct point_of_sale *s = arena_new(&a, struct point_of_sale);
		entry_init(&s->e,
			   "content/points-of-sale/cua-hang-ocop-ha-tinh.md",
			   "cua-hang-ocop-ha-tinh", NULL, &doc);
		pos_read(s, doc.root, &env);
		if ((unsigned)s->kind >= POS_KIND_COUNT)
			abort();
		check_location(&c, &s->location);

		struct page *pg = arena_new(&a, struct page);
		entry_init(&pg->e, "content/pages/gioi-thieu.md", "gioi-thieu",
			   NULL, &doc);
		page_read(pg, doc.root, &env);
	}
	check_diags(&c, &dl);
	arena_release(&a);
	diag_list_release(&dl);
	return 0;
}
