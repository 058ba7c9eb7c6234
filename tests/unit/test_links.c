/*
 * test_links.c - the old URLs of entries (model/links.c), from a
 * throwaway git repository and the catalog read at its HEAD: a file
 * renamed under another slug leaves a redirect to the entry's page now
 * at every slug it had, a chain of renames leading straight to the
 * last; a move that keeps the slug leaves nothing; a file deleted
 * leaves a tombstone at each slug it had, with its last name (from the
 * last version that parsed and had one), the commit that removed it
 * and, for a product, its timeline; a slug a file has now (published
 * or a draft) is never an old URL; the file that left a slug last
 * decides what it publishes; translations count for nothing; the
 * result is sorted by kind, then slug; without history there is none.
 *
 * The set-up is load_fixture.h's (a folder and git with fixed
 * identities and dates).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "load_fixture.h"
#include "load/history.h"
#include "model/catalog.h"
#include "model/links.h"
#include "model/site.h"
#include "model/timeline.h"
#include "util/sbuf.h"
#include "util/banned.h"

static const char SITE_YAML[] =
	"title: Sản phẩm OCOP tỉnh Hà Tĩnh\n"
	"base_url: https://ocop.example.gov.vn\n"
	"languages: [vi, en]\n"
	"province: Hà Tĩnh\n"
	"certificate_months: 36\n"
	"history: true\n";

static const char *
product_md(struct fixture *f, const char *name, const char *stars)
{
	return arena_printf(&f->core.arena,
		"---\n"
		"name: %s\n"
		"stars: %s\n"
		"group: thuc-pham\n"
		"producer: htx-a\n"
		"location: { province: Hà Tĩnh, commune: Phúc Trạch }\n"
		"certificate: { number: \"1/QĐ\", issued: 2023-06-12 }\n"
		"---\n"
		"Câu chuyện của %s.\n", name, stars, name);
}

/* A fresh repository with site.yaml and the producer htx-a. */
static void
repo(struct fixture *f)
{
	sh(f, GIT " init -q .");
	put(f, "site.yaml", SITE_YAML);
	put(f, "content/producers/htx-a.md",
	    fixture_producer_md(&f->core.arena, "HTX A", ""));
}

static void
mv(struct fixture *f, const char *from, const char *to)
{
	sh(f, "mkdir -p \"$(dirname %s)\" && " GIT " mv %s %s", to, from, to);
}

static void
rm(struct fixture *f, const char *path)
{
	sh(f, GIT " rm -q %s", path);
}

struct loaded {
	struct site site;
	struct catalog cat;
	struct history h;
	struct timeline_versions tv;
	struct links links;
};

/* The catalog at HEAD, its history and its old URLs. */
static void
load(struct fixture *f, struct loaded *l)
{
	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), 0);
	assert_int_equal(fixture_load_catalog(&l->cat, &l->site, &f->s,
					      "2026-03-05", &f->core), 0);
	assert_int_equal(history_read(&l->h, &f->s, NULL, 1, &f->core.arena,
				      &f->core.diags), 0);
	timeline_versions_read(&l->tv, &l->h, &f->s, NULL, NULL, 1, &f->core.arena);
	links_build(&l->links, &l->h, &l->tv, &f->s, &l->cat, &f->core.arena);
	fixture_assert_diag_count(&f->core.diags, 0);
}

static void
release(struct loaded *l)
{
	timeline_versions_release(&l->tv);
	history_release(&l->h);
}

/* The links as a line each: "kind/slug -> path now" or "kind/slug
 * removed: name (summary) [events]". */
static const char *
lines(struct fixture *f, const struct links *ls)
{
	static const char *const kinds[] = { "products", "producers", "pos",
					     "pages" };
	struct sbuf sb = SBUF_INIT;
	for (size_t i = 0; i < ls->n; i++) {
		const struct link *l = &ls->v[i];
		sbuf_putf(&sb, "%s/%s", kinds[l->entry], l->slug);
		if (l->kind == LINK_REDIRECT) {
			assert_non_null(l->to);
			assert_null(l->removed);
			sbuf_putf(&sb, " -> %s", l->to->path);
		} else {
			assert_int_equal(l->kind, LINK_TOMBSTONE);
			assert_null(l->to);
			assert_non_null(l->removed);
			sbuf_putf(&sb, " removed: %s (%s)",
				  l->name ? l->name : "-", l->removed->summary);
			if (l->timeline)
				sbuf_putf(&sb, " [%zu]", l->timeline->n);
		}
		sbuf_putc(&sb, '\n');
	}
	const char *r = arena_strndup(&f->core.arena, sb.data, sb.len);
	sbuf_release(&sb);
	return r;
}

static void
test_links_renamed(void **state)
{
	struct fixture *f = *state;
	repo(f);
	put(f, "content/products/a.md", product_md(f, "Bánh A", "3"));
	put(f, "content/products/keo.md", product_md(f, "Kẹo", "4"));
	put(f, "content/producers/htx-cu.md",
	    fixture_producer_md(&f->core.arena, "HTX Cũ", ""));
	commit_all(f, "them");
	mv(f, "content/products/a.md", "content/products/b.md");
	mv(f, "content/products/keo.md", "content/products/keo/index.md");
	commit_all(f, "doi ten a");
	mv(f, "content/products/b.md", "content/products/nhom/c.md");
	mv(f, "content/producers/htx-cu.md", "content/producers/htx-moi.md");
	commit_all(f, "doi ten b");
	struct loaded l;
	load(f, &l);
	/* a and b both lead straight to c; keo kept its slug */
	assert_string_equal(lines(f, &l.links),
		"products/a -> content/products/nhom/c.md\n"
		"products/b -> content/products/nhom/c.md\n"
		"producers/htx-cu -> content/producers/htx-moi.md\n");
	assert_int_equal(l.cat.n_products, 2);
	assert_string_equal(l.cat.products[0]->e.slug, "c");
	assert_ptr_equal(l.links.v[0].to, &l.cat.products[0]->e);
	assert_ptr_equal(l.links.v[1].to, &l.cat.products[0]->e);
	assert_int_equal(l.links.v[0].entry, ENTRY_PRODUCT);
	assert_int_equal(l.links.v[2].entry, ENTRY_PRODUCER);
	assert_ptr_equal(l.links.v[2].to, &l.cat.producers[1]->e);
	assert_null(l.links.v[0].timeline);
	release(&l);
}

static void
test_links_removed(void **state)
{
	struct fixture *f = *state;
	repo(f);
	put(f, "content/products/song.md", product_md(f, "Còn", "3"));
	put(f, "content/products/cu.md", product_md(f, "Sản phẩm cũ", "3"));
	put(f, "content/products/cu.en.md", "---\nname: Old one\n---\n");
	put(f, "content/products/hong.md", product_md(f, "Tên cuối", "4"));
	put(f, "content/products/x.md", product_md(f, "Xoài", "5"));
	put(f, "content/producers/htx-b.md",
	    fixture_producer_md(&f->core.arena, "HTX B", ""));
	commit_all(f, "them");
	put(f, "content/products/cu.md", product_md(f, "Sản phẩm cũ", "4"));
	/* its last version does not parse: the name is the one before */
	put(f, "content/products/hong.md", "---\nname: [hỏng\n---\n");
	mv(f, "content/products/x.md", "content/products/y.md");
	commit_all(f, "sua");
	rm(f, "content/products/cu.md");
	rm(f, "content/products/cu.en.md");
	rm(f, "content/products/hong.md");
	commit_all(f, "go san pham");
	rm(f, "content/producers/htx-b.md");
	rm(f, "content/products/y.md");
	commit_all(f, "go htx b");
	struct loaded l;
	load(f, &l);
	/* one tombstone per slug, the translation none of its own; x and
	 * y both say y was removed */
	assert_string_equal(lines(f, &l.links),
		"products/cu removed: Sản phẩm cũ (go san pham) [3]\n"
		"products/hong removed: Tên cuối (go san pham) [3]\n"
		"products/x removed: Xoài (go htx b) [3]\n"
		"products/y removed: Xoài (go htx b) [3]\n"
		"producers/htx-b removed: HTX B (go htx b)\n");
	assert_ptr_equal(l.links.v[0].removed, &l.h.commits[1]);
	/* x and y share one timeline: the removed file's */
	assert_ptr_equal(l.links.v[2].timeline, l.links.v[3].timeline);
	const struct timeline *t = l.links.v[0].timeline;
	assert_int_equal(t->v[0].notes[0].kind, NOTE_REMOVED);
	assert_int_equal(t->v[1].notes[0].kind, NOTE_STARS);
	assert_int_equal(t->v[2].notes[0].kind, NOTE_ADDED);
	assert_int_equal(l.links.v[3].timeline->v[1].notes[0].kind, NOTE_MOVED);
	assert_null(l.links.v[4].timeline);
	release(&l);
}

/* Slugs that files have now, drafts, and the last to leave a slug. */
static void
test_links_current_slugs_and_last_to_leave(void **state)
{
	struct fixture *f = *state;
	repo(f);
	put(f, "content/products/p.md", product_md(f, "P", "3"));
	put(f, "content/products/r.md", product_md(f, "R", "3"));
	put(f, "content/products/d.md", product_md(f, "D", "3"));
	put(f, "content/products/g.md", product_md(f, "G", "3"));
	put(f, "content/products/h.md", product_md(f, "H", "3"));
	commit_all(f, "them");
	/* p and r renamed away, d renamed to a draft, g deleted, h made a
	 * draft where it is */
	mv(f, "content/products/p.md", "content/products/q.md");
	mv(f, "content/products/r.md", "content/products/s.md");
	mv(f, "content/products/d.md", "content/products/e.md");
	put(f, "content/products/h.md",
	    "---\nname: H\nstars: 3\ndraft: true\n---\n");
	rm(f, "content/products/g.md");
	commit_all(f, "doi ten");
	/* new files at p and r, g back in a folder under its slug, and
	 * e made a draft (not in the commit that renamed it: a file
	 * renamed and edited beside other removals is a removal,
	 * docs/history.md) */
	put(f, "content/products/e.md",
	    "---\nname: D\nstars: 3\ndraft: true\n---\nCâu chuyện của D.\n");
	put(f, "content/products/p.md", product_md(f, "P mới", "4"));
	put(f, "content/products/r.md", product_md(f, "R mới", "4"));
	put(f, "content/products/g/index.md", product_md(f, "G", "3"));
	commit_all(f, "them lai");
	rm(f, "content/products/r.md");
	commit_all(f, "go r");
	struct loaded l;
	load(f, &l);
	/* p: listed now; r: the new file left it last, and was removed; d:
	 * a draft now has no page to lead to; g is listed again; h is a
	 * draft at its own slug */
	assert_string_equal(lines(f, &l.links),
		"products/r removed: R mới (go r) [2]\n");
	release(&l);
}

static void
test_links_no_history(void **state)
{
	struct fixture *f = *state;
	struct history h = { .files = STRMAP_INIT };
	struct timeline_versions tv = { STRMAP_INIT };
	struct catalog c = { 0 };
	struct links ls = { (struct link *)&h, 99 };
	links_build(&ls, &h, &tv, &f->s, &c, &f->core.arena);
	assert_int_equal(ls.n, 0);
	assert_null(ls.v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_links_renamed),
		T(test_links_removed),
		T(test_links_current_slugs_and_last_to_leave),
		T(test_links_no_history),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
