/*
 * test_timeline.c - an entry's changes, field by field
 * (model/timeline.c), from a throwaway git repository made commit by
 * commit: each commit of a product's file is one event, newest first;
 * the first says it was added and nothing else; every later one carries
 * a note per field changed (name, stars, certificate, revocation and
 * its withdrawal, points of sale added and removed, shops, price,
 * story, other fields), with the values from and to as written (the
 * theme words them, docs/history.md); a version that does not parse is
 * said, and the next is compared with the last that parsed; a rename
 * says from and to; a deletion says so, and the file added again at
 * the path starts a timeline of its own (the older file keeps its
 * own); each event carries the state of its version, the last parsed
 * one's when it did not parse or was deleted.  timeline_add_uncommitted
 * puts the disk's changes on top, reading an unread head version from
 * git.
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
#include "model/timeline.h"
#include "parse/fm.h"
#include "util/sbuf.h"
#include "util/banned.h"

static const char *const kinds[NOTE_KINDS] = {
	"added", "removed", "moved", "name", "stars", "certificate",
	"revoked", "unrevoked", "pos+", "pos-", "shops", "price", "story",
	"other", "invalid",
};

/* A product's file: the fields that vary, then extra lines, then the
 * story. */
static const char *
product(struct fixture *f, const char *name, const char *stars,
	const char *cert, const char *extra, const char *story)
{
	return arena_printf(&f->core.arena,
		"---\n"
		"name: %s\n"
		"stars: %s\n"
		"group: thuc-pham\n"
		"producer: htx-a\n"
		"certificate: %s\n"
		"%s"
		"---\n"
		"%s", name, stars, cert, extra, story);
}

/* A fresh repository in the fixture folder, with site.yaml. */
static void
repo(struct fixture *f)
{
	sh(f, GIT " init -q .");
	put(f, "site.yaml", "title: T\n");
}

struct loaded {
	struct history h;
	struct timeline_versions tv;
};

/* The history of the fixture's repository and its versions. */
static void
load(struct fixture *f, struct loaded *l)
{
	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), 0);
	assert_int_equal(history_read(&l->h, &f->s, NULL, 1, &f->core.arena,
				      &f->core.diags), 0);
	timeline_versions_read(&l->tv, &l->h, &f->s, NULL, NULL, 2, &f->core.arena);
	fixture_assert_diag_count(&f->core.diags, 0);
}

/*
 * The same with a seed (timeline.h): each entry of the commit read
 * parsed, as the catalog does, from the bytes of plant when it names
 * the file (a path, then its text), else from its own.
 */
static void
load_seeded(struct fixture *f, struct loaded *l, const char *const *plant)
{
	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), 0);
	struct timeline_seed *seed = timeline_seed_new(&f->s);
	for (size_t i = 0; i < f->s.n; i++) {
		const struct source *src = &f->s.v[i];
		if (!source_is_entry(src))
			continue;
		struct span bytes = src->data;
		if (plant && !strcmp(plant[0], src->path))
			bytes = (struct span){ plant[1], strlen(plant[1]) };
		struct fm_doc doc;
		struct diag_list dl = DIAG_LIST_INIT;
		int rc = fm_parse(&doc, src->path, bytes, &f->core.arena, &dl);
		diag_list_release(&dl);
		timeline_seed_parsed(seed, (unsigned)(i % 2), i, rc == 0 ? &doc : NULL);
	}
	assert_int_equal(history_read(&l->h, &f->s, NULL, 1, &f->core.arena,
				      &f->core.diags), 0);
	timeline_versions_read(&l->tv, &l->h, &f->s, NULL, seed, 2, &f->core.arena);
	fixture_assert_diag_count(&f->core.diags, 0);
}

static void
release(struct loaded *l)
{
	timeline_versions_release(&l->tv);
	history_release(&l->h);
}

/* A timeline as a line per event, newest first: "summary: kind
 * from>to, ...". */
static const char *
lines(struct fixture *f, const struct timeline *t)
{
	struct sbuf sb = SBUF_INIT;
	for (size_t i = 0; i < t->n; i++) {
		const struct timeline_event *e = &t->v[i];
		sbuf_putf(&sb, "%s:", e->commit->summary);
		for (size_t k = 0; k < e->n_notes; k++) {
			const struct timeline_note *n = &e->notes[k];
			sbuf_putf(&sb, "%s %s", k ? "," : "", kinds[n->kind]);
			if (n->from || n->to)
				sbuf_putf(&sb, " %s>%s", n->from ? n->from : "",
					  n->to ? n->to : "");
		}
		sbuf_putc(&sb, '\n');
	}
	const char *r = arena_strndup(&f->core.arena, sb.data, sb.len);
	sbuf_release(&sb);
	return r;
}

/* The whole life of one product's file, a field at a time. */
static void
test_timeline_notes_field_by_field(void **state)
{
	struct fixture *f = *state;
	const char *cert1 = "{ number: 1/QĐ-UBND, issued: 2020-01-10 }";
	const char *cert2 = "{ number: 567/QĐ-UBND, issued: 2023-05-01 }";
	const char *revoked = "\n  number: 567/QĐ-UBND\n  issued: 2023-05-01\n"
			      "  revoked: { decision: 999/QĐ-UBND }";
	const char *p = "content/products/keo.md";
	repo(f);
	put(f, p, product(f, "Kẹo", "3", cert1,
			  "points_of_sale: [cho-ha-tinh]\n", "Câu chuyện.\n"));
	commit_all(f, "them keo");
	put(f, p, product(f, "Kẹo cu đơ", "4", cert1,
			  "points_of_sale: [cho-ha-tinh]\n", "Câu chuyện.\n"));
	commit_all(f, "ten va sao");
	put(f, p, product(f, "Kẹo cu đơ", "4", cert2,
			  "points_of_sale: [cho-ha-tinh]\n", "Câu chuyện.\n"));
	commit_all(f, "gia han");
	put(f, p, product(f, "Kẹo cu đơ", "4", revoked,
			  "points_of_sale: [cho-ha-tinh]\n", "Câu chuyện.\n"));
	commit_all(f, "thu hoi");
	put(f, p, product(f, "Kẹo cu đơ", "4", cert2,
			  "points_of_sale: [sieu-thi, cho-ha-tinh, cua-hang]\n",
			  "Câu chuyện.\n"));
	commit_all(f, "huy thu hoi, diem ban");
	put(f, p, product(f, "Kẹo cu đơ", "4", cert2,
			  "points_of_sale: [cua-hang]\n", "Câu chuyện.\n"));
	commit_all(f, "bo diem ban");
	put(f, p, product(f, "Kẹo cu đơ", "4", cert2,
			  "points_of_sale: [cua-hang]\n"
			  "shops: { shopee: https://shopee.vn/keo }\n"
			  "price: 50000\nsummary: Ngọt\n", "Câu chuyện mới.\n"));
	commit_all(f, "cac truong khac");
	/* the same fields in another order: nothing a note names, but the
	 * file changed: "other details" */
	put(f, p, product(f, "Kẹo cu đơ", "4", cert2,
			  "summary: Ngọt\nprice: 50000\n"
			  "points_of_sale: [cua-hang]\n"
			  "shops: { shopee: https://shopee.vn/keo }\n",
			  "Câu chuyện mới.\n"));
	commit_all(f, "doi thu tu");
	put(f, p, "---\nname: [Kẹo\n---\n");
	commit_all(f, "hong");
	/* compared with the last version that parsed, not the broken one */
	put(f, p, product(f, "Kẹo cu đơ", "5", cert2,
			  "summary: Ngọt\nprice: 50000\n"
			  "points_of_sale: [cua-hang]\n"
			  "shops: { shopee: https://shopee.vn/keo }\n",
			  "Câu chuyện mới.\n"));
	commit_all(f, "sua lai");

	struct loaded l;
	load(f, &l);
	struct timeline t;
	timeline_build(&t, &l.h, &l.tv, &f->s, p, &f->core.arena);
	const char *expected =
		"sua lai: stars 4>5\n"
		"hong: invalid\n"
		"doi thu tu: other\n"
		"cac truong khac: shops, price, story, other\n"
		"bo diem ban: pos- sieu-thi>, pos- cho-ha-tinh>\n"
		"huy thu hoi, diem ban: unrevoked, pos+ >sieu-thi, pos+ >cua-hang\n"
		"thu hoi: revoked >999/QĐ-UBND\n"
		"gia han: certificate 1/QĐ-UBND (2020)>567/QĐ-UBND (2023)\n"
		"ten va sao: name Kẹo>Kẹo cu đơ, stars 3>4\n"
		"them keo: added\n";
	assert_string_equal(lines(f, &t), expected);
	assert_int_equal(t.n, 10);
	/* the commits are the history's, newest first */
	assert_ptr_equal(t.v[0].commit, &l.h.commits[0]);
	assert_ptr_equal(t.v[9].commit, &l.h.commits[9]);

	/* each version's state; the broken one keeps the last parsed */
	const struct timeline_state *s = &t.v[0].state;
	assert_true(s->known);
	assert_false(s->draft);
	assert_string_equal(s->name, "Kẹo cu đơ");
	assert_int_equal(s->stars, 5);
	assert_string_equal(s->number, "567/QĐ-UBND");
	assert_string_equal(s->issued, "2023-05-01");
	assert_null(s->expires);
	assert_false(s->revoked);
	s = &t.v[1].state;
	assert_false(s->known);
	assert_string_equal(s->name, "Kẹo cu đơ");
	assert_int_equal(s->stars, 4);
	assert_true(t.v[6].state.revoked);
	assert_false(t.v[5].state.revoked);
	assert_int_equal(t.v[9].state.stars, 3);
	assert_string_equal(t.v[9].state.name, "Kẹo");
	assert_string_equal(t.v[9].state.number, "1/QĐ-UBND");
	/* a file no commit changed has no timeline */
	timeline_build(&t, &l.h, &l.tv, &f->s, "content/products/khong.md",
		       &f->core.arena);
	assert_int_equal(t.n, 0);
	timeline_of_file(&t, &l.h, &l.tv, &f->s, NULL, &f->core.arena);
	assert_int_equal(t.n, 0);
	release(&l);

	/* the newest version's facts from the catalog's parse (a seed):
	 * the same timeline */
	load_seeded(f, &l, NULL);
	timeline_build(&t, &l.h, &l.tv, &f->s, p, &f->core.arena);
	assert_string_equal(lines(f, &t), expected);
	release(&l);
}

/* A seed's facts are taken as they are: the blob it names is not read
 * again (here the seed was planted with other bytes, which a build
 * never does: the catalog parses the blob itself). */
static void
test_timeline_seed_is_taken(void **state)
{
	struct fixture *f = *state;
	const char *cert = "{ number: 1/QĐ-UBND, issued: 2020-01-10 }";
	const char *p = "content/products/keo.md";
	repo(f);
	put(f, p, product(f, "Kẹo", "3", cert, "", "Câu chuyện.\n"));
	commit_all(f, "them keo");
	put(f, p, product(f, "Kẹo", "4", cert, "", "Câu chuyện.\n"));
	commit_all(f, "len sao");
	struct loaded l;
	const char *plant[] = { p, product(f, "Kẹo", "5", cert, "", "Câu chuyện.\n") };
	load_seeded(f, &l, plant);
	struct timeline t;
	timeline_build(&t, &l.h, &l.tv, &f->s, p, &f->core.arena);
	assert_string_equal(lines(f, &t), "len sao: stars 3>5\nthem keo: added\n");
	release(&l);
	/* a version that did not parse, seeded as such */
	const char *broken[] = { p, "---\nname: [Kẹo\n---\n" };
	load_seeded(f, &l, broken);
	timeline_build(&t, &l.h, &l.tv, &f->s, p, &f->core.arena);
	assert_string_equal(lines(f, &t), "len sao: invalid\nthem keo: added\n");
	release(&l);
}

/* Stars out of range and a certificate without a usable date; draft
 * and expiry in the state; a revocation without a decision. */
static void
test_timeline_state_edges(void **state)
{
	struct fixture *f = *state;
	const char *p = "content/products/mat-ong.md";
	repo(f);
	put(f, p, product(f, "Mật ong", "7", "{ number: 12/QĐ }",
			  "draft: true\n", ""));
	commit_all(f, "nhap");
	put(f, p, product(f, "Mật ong", "3",
			  "{ number: 12/QĐ, issued: 2024-02-03, expires: 2027-02-02 }",
			  "", ""));
	commit_all(f, "cong bo");
	put(f, p, product(f, "Mật ong", "3",
			  "{ number: 12/QĐ, issued: 2024-02-03, expires: 2027-02-02, revoked: true }",
			  "", ""));
	commit_all(f, "thu hoi");
	struct loaded l;
	load(f, &l);
	struct timeline t;
	timeline_build(&t, &l.h, &l.tv, &f->s, p, &f->core.arena);
	/* the certificate without a date is its number alone; a change of
	 * draft is "other details"; a revocation without a decision has no
	 * "to" */
	assert_string_equal(lines(f, &t),
		"thu hoi: revoked\n"
		"cong bo: stars 7>3, certificate 12/QĐ>12/QĐ (2024), other\n"
		"nhap: added\n");
	assert_true(t.v[2].state.draft);
	assert_int_equal(t.v[2].state.stars, 0);
	assert_null(t.v[2].state.issued);
	assert_false(t.v[1].state.draft);
	assert_string_equal(t.v[1].state.expires, "2027-02-02");
	assert_true(t.v[0].state.revoked);
	release(&l);
}

/* Renamed (the same bytes), then deleted, then a new file at the path. */
static void
test_timeline_moved_removed_and_added_again(void **state)
{
	struct fixture *f = *state;
	const char *cert = "{ number: 1/QĐ, issued: 2022-01-01 }";
	const char *a = "content/products/a.md", *b = "content/products/b.md";
	repo(f);
	put(f, a, product(f, "Bánh", "3", cert, "", "Chuyện.\n"));
	commit_all(f, "them");
	sh(f, GIT " mv %s %s && " GIT " commit -q -m 'doi ten'", a, b);
	put(f, b, product(f, "Bánh", "4", cert, "", "Chuyện.\n"));
	commit_all(f, "len sao");
	sh(f, GIT " rm -q %s && " GIT " commit -q -m 'go'", b);
	put(f, b, product(f, "Bánh mới", "5", cert, "", "Khác hẳn.\n"));
	commit_all(f, "them lai");
	struct loaded l;
	load(f, &l);
	const struct history_file *hf = history_of(&l.h, b);
	assert_non_null(hf);
	assert_non_null(hf->older);
	struct timeline t;
	/* the path's newest file: added, and not compared with the one
	 * deleted before it */
	timeline_build(&t, &l.h, &l.tv, &f->s, b, &f->core.arena);
	assert_string_equal(lines(f, &t), "them lai: added\n");
	assert_int_equal(t.v[0].state.stars, 5);
	/* the older file, from its deletion back through its rename */
	timeline_of_file(&t, &l.h, &l.tv, &f->s, hf->older, &f->core.arena);
	assert_string_equal(lines(f, &t),
		"go: removed\n"
		"len sao: stars 3>4\n"
		"doi ten: moved content/products/a.md>content/products/b.md\n"
		"them: added\n");
	/* deleted: not known, named by the last version */
	assert_false(t.v[0].state.known);
	assert_string_equal(t.v[0].state.name, "Bánh");
	assert_int_equal(t.v[0].state.stars, 4);
	assert_true(t.v[1].state.known);
	release(&l);
}

/* The disk's changes since the last commit, on top of the timeline. */
static void
test_timeline_uncommitted(void **state)
{
	struct fixture *f = *state;
	const char *cert = "{ number: 1/QĐ, issued: 2022-01-01 }";
	const char *p = "content/products/che.md";
	repo(f);
	put(f, p, product(f, "Chè", "3", cert, "", ""));
	commit_all(f, "them");
	put(f, p, product(f, "Chè xanh", "3", cert, "", ""));
	commit_all(f, "doi ten");
	struct loaded l;
	load(f, &l);
	struct timeline t;
	timeline_build(&t, &l.h, &l.tv, &f->s, p, &f->core.arena);
	const struct source *head = source_find(&f->s, p);
	assert_non_null(head);
	struct history_commit when = { .id = "", .author = "",
				       .summary = "uncommitted" };
	timeline_add_uncommitted(&t, &l.tv, &f->s, p, head->oid,
				 span_from(product(f, "Chè xanh", "4", cert, "", "")),
				 &when, &f->core.arena);
	assert_string_equal(lines(f, &t),
		"uncommitted: stars 3>4\n"
		"doi ten: name Chè>Chè xanh\n"
		"them: added\n");
	assert_ptr_equal(t.v[0].commit, &when);
	assert_int_equal(t.v[0].state.stars, 4);
	assert_true(t.v[0].state.known);
	/* broken on disk: said, the state before kept */
	timeline_add_uncommitted(&t, &l.tv, &f->s, p, head->oid,
				 span_from("---\nname: [\n---\n"), &when,
				 &f->core.arena);
	assert_int_equal(t.n, 4);
	assert_string_equal(lines(f, &t),
		"uncommitted: invalid\n"
		"uncommitted: stars 3>4\n"
		"doi ten: name Chè>Chè xanh\n"
		"them: added\n");
	assert_false(t.v[0].state.known);
	assert_int_equal(t.v[0].state.stars, 4);
	/* a file new since the last commit */
	struct timeline n = { 0 };
	timeline_add_uncommitted(&n, &l.tv, &f->s, "content/products/moi.md",
				 NULL, span_from(product(f, "Mới", "5", cert, "", "")),
				 &when, &f->core.arena);
	assert_string_equal(lines(f, &n), "uncommitted: added\n");
	assert_int_equal(n.v[0].state.stars, 5);
	/* a head version the versions never read is read from git */
	struct timeline_versions none = { STRMAP_INIT };
	struct timeline e = { 0 };
	timeline_add_uncommitted(&e, &none, &f->s, p, head->oid,
				 span_from(product(f, "Chè đen", "3", cert, "", "")),
				 &when, &f->core.arena);
	assert_string_equal(lines(f, &e), "uncommitted: name Chè xanh>Chè đen\n");
	release(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_timeline_notes_field_by_field),
		T(test_timeline_seed_is_taken),
		T(test_timeline_state_edges),
		T(test_timeline_moved_removed_and_added_again),
		T(test_timeline_uncommitted),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
