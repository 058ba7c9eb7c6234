/*
 * test_changelog.c - the catalog's changes, commit by commit
 * (model/changelog.c), from timelines made by hand: each change of
 * state is its kind (added, restored, upgraded, downgraded, re-rated,
 * revoked, unrevoked, removed); other edits are counted; a draft is
 * out of the catalog; a certificate expires in the period of the
 * commit whose day comes before its first expired day, up to the next
 * commit's day or the build date, and never when renewed, revoked or
 * expired already; commits are grouped under the oldest tag that has
 * them; a commit with nothing to say is left out; each tag is a
 * version with its products by stars and the changes since the tag
 * before; producers' and points of sale's files are changes too, and
 * translations' edits are their entries' edits, with their names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "model/changelog.h"
#include "model/date.h"
#include "util/sbuf.h"
#include "util/banned.h"

enum { COMMITS = 12, FILES = 6, EVENTS = 8 };

struct fixture {
	struct fixture_core core;
	struct history h;
	struct history_commit commits[COMMITS];
	struct timeline t[FILES];
	struct timeline_event ev[FILES][EVENTS];
	struct timeline_note removed;
	struct changelog_file files[FILES];
	size_t n_files;
	struct site site;
	struct tags tags;
	struct tag tagv[4];
	struct changelog out;
};

static int
setup(void **state)
{
	if (fixture_setup(state, sizeof(struct fixture)) < 0)
		return -1;
	struct fixture *f = *state;
	f->h.commits = f->commits;
	f->site.certificate_months = 36;
	f->removed.kind = NOTE_REMOVED;
	f->tags.v = f->tagv;
	return 0;
}

/* Commit i (0 the newest) on day iso, at 08:00 in UTC+7. */
static void
commit(struct fixture *f, size_t i, const char *iso)
{
	struct date d;
	assert_true(date_parse(&d, iso));
	f->commits[i].time = (int64_t)d.days * 86400 + 3600;
	f->commits[i].offset = 7 * 60;
	f->commits[i].author = "t";
	f->commits[i].summary = iso;
	snprintf(f->commits[i].id, sizeof(f->commits[i].id), "%040zu", i);
	if (f->h.n_commits < i + 1)
		f->h.n_commits = i + 1;
}

/* A product file; its events are added newest first. */
static size_t
file(struct fixture *f, const char *path)
{
	size_t k = f->n_files++;
	f->t[k].v = f->ev[k];
	f->files[k] = (struct changelog_file){ .path = path, .t = &f->t[k],
					       .kind = ENTRY_PRODUCT };
	return k;
}

static struct timeline_state
st(const char *name, int stars, const char *number, const char *issued)
{
	return (struct timeline_state){ .known = true, .name = name,
		.stars = stars, .number = number, .issued = issued };
}

static struct timeline_event *
event(struct fixture *f, size_t k, size_t commit_i, struct timeline_state s)
{
	struct timeline_event *e = &f->ev[k][f->t[k].n++];
	e->commit = &f->commits[commit_i];
	e->state = s;
	return e;
}

static void
deleted(struct fixture *f, size_t k, size_t commit_i)
{
	struct timeline_event *e = event(f, k, commit_i,
					 (struct timeline_state){ 0 });
	e->notes = &f->removed;
	e->n_notes = 1;
}

static void
build(struct fixture *f, const char *as_of)
{
	struct date d;
	assert_true(date_parse(&d, as_of));
	changelog_build(&f->out, &f->h, &f->tags, f->files, f->n_files,
			&f->site, d.days, &f->core.arena);
}

/* The changelog as a line per commit: "day: kind name ...; +others". */
static const char *
lines(struct fixture *f)
{
	static const char *const kinds[CHANGE_KINDS] = {
		"added", "restored", "upgraded", "downgraded", "rerated",
		"revoked", "unrevoked", "removed", "expired",
		"producer-added", "producer-edited", "producer-removed",
		"pos-added", "pos-edited", "pos-removed",
	};
	struct sbuf sb = SBUF_INIT;
	for (size_t i = 0; i < f->out.n; i++) {
		const struct changelog_commit *c = &f->out.v[i];
		const struct changelog_group *g = &f->out.groups[c->group];
		sbuf_putf(&sb, "[%s] %s:", g->name ? g->name : "-", c->message);
		for (size_t k = 0; k < c->n; k++) {
			const struct change *x = &c->v[k];
			sbuf_putf(&sb, " %s %s", kinds[x->kind], x->name);
			if (x->kind == CHANGE_UPGRADED || x->kind == CHANGE_DOWNGRADED)
				sbuf_putf(&sb, " %d>%d", x->from, x->to);
			else if (x->kind == CHANGE_ADDED || x->kind == CHANGE_RESTORED)
				sbuf_putf(&sb, " %d", x->to);
			else if (x->kind == CHANGE_RERATED)
				sbuf_putf(&sb, " %s", x->decision);
			else if (x->kind == CHANGE_EXPIRED)
				sbuf_putf(&sb, " %04d-%02d-%02d", x->expires.y,
					  x->expires.m, x->expires.d);
			sbuf_putc(&sb, ';');
		}
		if (c->others)
			sbuf_putf(&sb, " +%zu", c->others);
		sbuf_putc(&sb, '\n');
	}
	const char *r = arena_strndup(&f->core.arena, sb.data, sb.len);
	sbuf_release(&sb);
	return r;
}

static void
test_changelog_kinds(void **state)
{
	struct fixture *f = *state;
	const char *days[] = { "2025-09-01", "2025-06-01", "2025-03-01",
			       "2024-12-01", "2024-09-01", "2024-06-01",
			       "2024-03-01", "2024-01-01" };
	for (size_t i = 0; i < 8; i++)
		commit(f, i, days[i]);
	size_t a = file(f, "content/products/a.md");
	event(f, a, 0, st("A", 4, "2", "2025-01-01"));       /* restored */
	deleted(f, a, 1);                                    /* removed */
	struct timeline_state rv = st("A", 4, "2", "2025-01-01");
	rv.revoked = true;
	event(f, a, 2, rv);                                  /* revoked */
	event(f, a, 3, st("A", 4, "2", "2025-01-01"));       /* re-rated */
	event(f, a, 5, st("A", 4, "1", "2024-01-01"));       /* upgraded */
	event(f, a, 7, st("A", 3, "1", "2024-01-01"));       /* added */
	size_t b = file(f, "content/products/b.md");
	event(f, b, 3, st("B2", 3, "5", "2024-01-01"));      /* renamed: other */
	event(f, b, 4, st("B", 3, "5", "2024-01-01"));       /* downgraded */
	event(f, b, 7, st("B", 5, "5", "2024-01-01"));
	/* a draft edited: a commit with nothing to say */
	size_t d = file(f, "content/products/d.md");
	struct timeline_state dr = st("D", 0, NULL, NULL);
	dr.draft = true;
	event(f, d, 6, dr);
	build(f, "2025-10-01");
	assert_string_equal(lines(f),
		"[-] 2025-09-01: restored A 4;\n"
		"[-] 2025-06-01: removed A;\n"
		"[-] 2025-03-01: revoked A;\n"
		"[-] 2024-12-01: rerated A 2; +1\n"
		"[-] 2024-09-01: downgraded B 5>3;\n"
		"[-] 2024-06-01: upgraded A 3>4;\n"
		"[-] 2024-01-01: added A 3; added B 5;\n");
	assert_false(f->out.has_tags);
}

static void
test_changelog_draft_in_and_out(void **state)
{
	struct fixture *f = *state;
	commit(f, 0, "2025-03-01");
	commit(f, 1, "2025-02-01");
	commit(f, 2, "2025-01-01");
	size_t a = file(f, "content/products/a.md");
	struct timeline_state dr = st("A", 4, "1", "2025-01-01");
	dr.draft = true;
	event(f, a, 0, st("A", 4, "1", "2025-01-01"));
	event(f, a, 1, dr);
	event(f, a, 2, st("A", 4, "1", "2025-01-01"));
	/* a version that does not parse: the state before stands */
	size_t b = file(f, "content/products/b.md");
	event(f, b, 1, (struct timeline_state){ .known = false, .name = "B",
						 .stars = 3 });
	event(f, b, 2, st("B", 3, "1", "2025-01-01"));
	build(f, "2025-04-01");
	assert_string_equal(lines(f),
		"[-] 2025-03-01: restored A 4;\n"
		"[-] 2025-02-01: removed A; +1\n"
		"[-] 2025-01-01: added A 4; added B 3;\n");
}

/* Certificates of 36 months from their issue day, expiring around the
 * commits' days. */
static void
test_changelog_expiry_periods(void **state)
{
	struct fixture *f = *state;
	commit(f, 0, "2025-06-01");
	commit(f, 1, "2025-02-01");
	commit(f, 2, "2024-01-01");
	size_t x = file(f, "content/products/x.md");
	size_t a = file(f, "content/products/a.md");
	size_t b = file(f, "content/products/b.md");
	size_t c = file(f, "content/products/c.md");
	size_t d = file(f, "content/products/d.md");
	event(f, x, 0, st("X", 3, "9", "2025-05-01"));
	event(f, x, 1, st("X", 3, "9", "2025-01-01"));
	/* valid through 2025-02-01: expired from 2025-02-02, the period
	 * of the commit of 2025-02-01 */
	event(f, a, 2, st("A", 3, "1", "2022-02-01"));
	/* valid through 2025-01-31: expired on the commit's own day, so
	 * in the period of the commit before */
	event(f, b, 2, st("B", 3, "1", "2022-01-31"));
	/* renewed before it lapsed: never expired */
	event(f, c, 1, st("C", 3, "2", "2025-01-15"));
	event(f, c, 2, st("C", 3, "1", "2022-03-01"));
	/* an explicit expiry, after the build date: not yet */
	struct timeline_state later = st("D", 3, "1", "2022-01-01");
	later.expires = "2025-07-01";
	event(f, d, 2, later);
	build(f, "2025-06-30");
	assert_string_equal(lines(f),
		"[-] 2025-06-01: rerated X 9;\n"
		"[-] 2025-02-01: added X 3; rerated C 2; expired A 2025-02-01;\n"
		"[-] 2024-01-01: added A 3; added B 3; added C 3; added D 3; expired B 2025-01-31;\n");
	/* the build date a day later: D's lapses with it */
	build(f, "2025-07-02");
	assert_string_equal(lines(f),
		"[-] 2025-06-01: rerated X 9; expired D 2025-07-01;\n"
		"[-] 2025-02-01: added X 3; rerated C 2; expired A 2025-02-01;\n"
		"[-] 2024-01-01: added A 3; added B 3; added C 3; added D 3; expired B 2025-01-31;\n");
}

static void
test_changelog_no_expiry_when_revoked_or_already_expired(void **state)
{
	struct fixture *f = *state;
	commit(f, 0, "2025-06-01");
	commit(f, 1, "2020-01-01");
	size_t a = file(f, "content/products/a.md");
	size_t b = file(f, "content/products/b.md");
	struct timeline_state rv = st("A", 3, "1", "2020-01-01");
	rv.revoked = true;
	event(f, a, 1, rv);
	/* committed in 2025 with a certificate of 2020: lapsed already */
	event(f, b, 0, st("B", 3, "1", "2020-01-01"));
	build(f, "2025-07-01");
	assert_string_equal(lines(f),
		"[-] 2025-06-01: added B 3;\n"
		"[-] 2020-01-01: added A 3;\n");
}

static void
test_changelog_groups_by_tag(void **state)
{
	struct fixture *f = *state;
	const char *days[] = { "2025-06-01", "2025-05-01", "2025-04-01",
			       "2025-03-01", "2025-02-01", "2025-01-01" };
	for (size_t i = 0; i < 6; i++)
		commit(f, i, days[i]);
	size_t a = file(f, "content/products/a.md");
	for (size_t i = 0; i < 6; i++)
		event(f, a, i, st("A", i == 5 ? 3 : 4 + (i % 2), "1", "2025-01-01"));
	/* tags by commit index: v2 and v2-final on commit 2, v1 on commit
	 * 4 (commit 3 changed nothing the changelog shows: still v2's) */
	f->tagv[0] = (struct tag){ .name = "v2", .commit = 2 };
	f->tagv[1] = (struct tag){ .name = "v2-final", .commit = 2 };
	f->tagv[2] = (struct tag){ .name = "v1", .commit = 4 };
	f->tags.n = 3;
	build(f, "2025-07-01");
	assert_string_equal(lines(f),
		"[-] 2025-06-01: downgraded A 5>4;\n"
		"[-] 2025-05-01: upgraded A 4>5;\n"
		"[v2, v2-final] 2025-04-01: downgraded A 5>4;\n"
		"[v2, v2-final] 2025-03-01: upgraded A 4>5;\n"
		"[v1] 2025-02-01: upgraded A 3>4;\n"
		"[v1] 2025-01-01: added A 3;\n");
	assert_true(f->out.has_tags);
	assert_int_equal(f->out.n_groups, 3);
	assert_ptr_equal(f->out.groups[1].tagged, &f->commits[2]);
}

/* The versions as a line each: "name: 3/4/5 stars | changes | +others
 * (commits) < previous". */
static const char *
versions(struct fixture *f)
{
	struct sbuf sb = SBUF_INIT;
	for (size_t i = 0; i < f->out.n_versions; i++) {
		const struct changelog_version *v = &f->out.versions[i];
		sbuf_putf(&sb, "%s: %zu/%zu/%zu |", v->name, v->stars[0],
			  v->stars[1], v->stars[2]);
		for (size_t k = 0; k < v->n; k++)
			sbuf_putf(&sb, " %d:%s", (int)v->v[k].kind, v->v[k].name);
		sbuf_putf(&sb, " | +%zu (%zu) < %s\n", v->others, v->commits,
			  v->previous ? v->previous : "-");
	}
	const char *r = arena_strndup(&f->core.arena, sb.data, sb.len);
	sbuf_release(&sb);
	return r;
}

static void
test_changelog_versions(void **state)
{
	struct fixture *f = *state;
	const char *days[] = { "2025-07-01", "2025-06-01", "2025-05-01",
			       "2025-04-01", "2025-03-01", "2025-02-01" };
	for (size_t i = 0; i < 6; i++)
		commit(f, i, days[i]);
	/* A: 3 stars, valid to 2025-05-01 (issued 2022-05-01 + 36 months) */
	size_t a = file(f, "content/products/a.md");
	event(f, a, 5, st("A", 3, "1", "2022-05-01"));
	/* B: 4 stars, then 5; C: 3 stars, revoked at commit 2; D: issued
	 * after the first version's day; E: a draft */
	size_t b = file(f, "content/products/b.md");
	event(f, b, 1, st("B", 5, "2", "2025-01-01"));
	event(f, b, 3, st("B", 4, "2", "2025-01-01"));
	event(f, b, 5, st("B", 3, "2", "2025-01-01"));
	size_t c = file(f, "content/products/c.md");
	struct timeline_state rv = st("C", 3, "3", "2025-01-01");
	rv.revoked = true;
	event(f, c, 2, rv);
	event(f, c, 5, st("C", 3, "3", "2025-01-01"));
	size_t d = file(f, "content/products/d.md");
	event(f, d, 4, st("D", 5, "4", "2025-03-15"));
	size_t e = file(f, "content/products/e.md");
	struct timeline_state dr = st("E", 4, "5", "2025-01-01");
	dr.draft = true;
	event(f, e, 5, dr);
	/* tags: v3 on commit 1, v2 on commit 2, v1 on commit 4 */
	f->tagv[0] = (struct tag){ .name = "v3", .commit = 1 };
	f->tagv[1] = (struct tag){ .name = "v2", .commit = 2 };
	f->tagv[2] = (struct tag){ .name = "v1", .commit = 4 };
	f->tags.n = 3;
	build(f, "2025-08-01");
	/* v1 (2025-03-01): A, B, C at 3 stars; D issued later.  v2
	 * (2025-05-01): A valid to that day, B at 4, D at 5, C revoked.
	 * v3: B at 5, D; A expired (2025-05-02, in the period of commit
	 * 2, v2's, but after v2's day: v3's change) */
	assert_string_equal(versions(f),
		"v3: 0/0/2 | 2:B 8:A | +0 (1) < v2\n"
		"v2: 1/1/1 | 2:B 5:C | +0 (2) < v1\n"
		"v1: 3/0/0 | 0:A 0:B 0:C 0:D | +0 (2) < -\n");
}

/* A revocation counts from its date: written before a version's day
 * for a later day, the product still counts in that version; dated
 * before it, or not dated, it does not. */
static void
test_changelog_versions_revoked_from_its_date(void **state)
{
	struct fixture *f = *state;
	const char *days[] = { "2025-07-01", "2025-06-01", "2025-05-01",
			       "2025-03-01" };
	for (size_t i = 0; i < 4; i++)
		commit(f, i, days[i]);
	/* F revoked from 2025-05-20, G from 2025-04-15, H with no date:
	 * all three written at commit 2 (2025-05-01) */
	const char *names[] = { "F", "G", "H" };
	const char *from[] = { "2025-05-20", "2025-04-15", NULL };
	for (size_t i = 0; i < 3; i++) {
		size_t k = file(f, names[i]);
		struct timeline_state rv = st(names[i], 4, "7", "2025-01-01");
		rv.revoked = true;
		rv.revoked_on = from[i];
		event(f, k, 2, rv);
		event(f, k, 3, st(names[i], 4, "7", "2025-01-01"));
	}
	f->tagv[0] = (struct tag){ .name = "v3", .commit = 1 };
	f->tagv[1] = (struct tag){ .name = "v2", .commit = 2 };
	f->tagv[2] = (struct tag){ .name = "v1", .commit = 3 };
	f->tags.n = 3;
	build(f, "2025-08-01");
	/* v2 (2025-05-01): F still valid that day; v3 (2025-06-01): none */
	assert_string_equal(versions(f),
		"v3: 0/0/0 | | +0 (0) < v2\n"
		"v2: 0/1/0 | 5:F 5:G 5:H | +0 (1) < v1\n"
		"v1: 0/3/0 | 0:F 0:G 0:H | +0 (1) < -\n");
}

/* An annotated tag's own date is its version's day: a tag made weeks
 * after its commit counts the certificates valid on the tag's day; of
 * two tags on one commit, the earlier day. */
static void
test_changelog_versions_on_the_tags_day(void **state)
{
	struct fixture *f = *state;
	commit(f, 0, "2025-06-01");
	commit(f, 1, "2025-03-01");
	/* A valid to 2025-05-01 (issued 2022-05-01 + 36 months) */
	size_t a = file(f, "content/products/a.md");
	event(f, a, 1, st("A", 3, "1", "2022-05-01"));
	struct date d;
	assert_true(date_parse(&d, "2025-05-10"));
	/* v1 on commit 1, tagged (annotated) on 2025-05-10 at 23:30 in
	 * UTC+7, 16:30 UTC; a lightweight v1b on it too */
	f->tagv[0] = (struct tag){ .name = "v1", .commit = 1, .dated = true,
				   .time = (int64_t)d.days * 86400 + 16 * 3600 + 1800,
				   .offset = 7 * 60 };
	f->tagv[1] = (struct tag){ .name = "v1b", .commit = 1 };
	f->tags.n = 2;
	build(f, "2025-08-01");
	assert_int_equal(f->out.n_versions, 1);
	/* the lightweight tag's day is its commit's: the earlier */
	assert_int_equal(f->out.versions[0].day.days, f->commits[1].time / 86400);
	assert_string_equal(versions(f), "v1, v1b: 1/0/0 | 0:A | +0 (1) < -\n");
	/* the annotated tag alone: its own day, in its own offset; A
	 * expired before it (2025-05-02), a change of this version */
	f->tags.n = 1;
	build(f, "2025-08-01");
	assert_int_equal(f->out.versions[0].day.days, d.days);
	assert_string_equal(versions(f), "v1: 0/0/0 | 0:A 8:A | +0 (1) < -\n");
}

static void
test_changelog_producers_and_translations(void **state)
{
	struct fixture *f = *state;
	const char *days[] = { "2025-06-01", "2025-05-01", "2025-04-01",
			       "2025-03-01", "2025-02-01", "2025-01-01" };
	for (size_t i = 0; i < 6; i++)
		commit(f, i, days[i]);
	size_t a = file(f, "content/products/a.md");
	deleted(f, a, 0);
	event(f, a, 3, st("A", 4, "1", "2025-01-01"));
	event(f, a, 5, st("A", 3, "1", "2025-01-01"));
	/* its English translation: renamed at commit 4 (alone: an edit),
	 * at commit 3 with the file (one edit), deleted with it */
	struct timeline tr = { 0 };
	struct timeline_event tev[4];
	memset(tev, 0, sizeof(tev));
	tr.v = tev;
	struct timeline_event *x = &tev[tr.n++];
	x->commit = &f->commits[0];
	x->notes = &f->removed;
	x->n_notes = 1;
	tev[tr.n++] = (struct timeline_event){ &f->commits[3], NULL, 0,
		st("Honey 3", 0, NULL, NULL) };
	tev[tr.n++] = (struct timeline_event){ &f->commits[4], NULL, 0,
		st("Honey 2", 0, NULL, NULL) };
	tev[tr.n++] = (struct timeline_event){ &f->commits[5], NULL, 0,
		st("Honey", 0, NULL, NULL) };
	f->files[a].tr[1] = &tr;
	size_t p = file(f, "content/producers/p.md");
	f->files[p].kind = ENTRY_PRODUCER;
	deleted(f, p, 1);
	event(f, p, 2, st("P2", 0, NULL, NULL));
	event(f, p, 5, st("P", 0, NULL, NULL));
	size_t s = file(f, "content/points-of-sale/s.md");
	f->files[s].kind = ENTRY_POS;
	event(f, s, 2, st("S", 0, NULL, NULL));
	build(f, "2025-07-01");
	assert_string_equal(lines(f),
		"[-] 2025-06-01: removed A;\n"
		"[-] 2025-05-01: producer-removed P2;\n"
		"[-] 2025-04-01: producer-edited P2; pos-added S;\n"
		"[-] 2025-03-01: upgraded A 3>4;\n"
		"[-] 2025-02-01: +1\n"
		"[-] 2025-01-01: added A 3; producer-added P;\n");
	/* names in English: the translation's then, a removal's from
	 * before it; none for the producer */
	assert_string_equal(f->out.v[0].v[0].names[1], "Honey 3");
	assert_string_equal(f->out.v[3].v[0].names[1], "Honey 3");
	assert_string_equal(f->out.v[5].v[0].names[1], "Honey");
	assert_null(f->out.v[5].v[1].names[1]);
	/* the feed's part: products' changes come first */
	assert_int_equal(f->out.v[2].n_certified, 0);
	assert_int_equal(f->out.v[5].n_certified, 1);
	assert_int_equal(f->out.n_versions, 0);
}

static void
test_changelog_texts_printable(void **state)
{
	struct fixture *f = *state;
	commit(f, 0, "2025-01-01");
	f->commits[0].summary = "a\001b <x>";
	size_t a = file(f, "content/products/a.md");
	event(f, a, 0, st("N\037ame", 3, "1", "2025-01-01"));
	build(f, "2025-02-01");
	assert_int_equal(f->out.n, 1);
	assert_string_equal(f->out.v[0].message, "a\xEF\xBF\xBD" "b <x>");
	assert_string_equal(f->out.v[0].v[0].name, "N\xEF\xBF\xBD" "ame");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_changelog_kinds),
		T(test_changelog_draft_in_and_out),
		T(test_changelog_expiry_periods),
		T(test_changelog_no_expiry_when_revoked_or_already_expired),
		T(test_changelog_groups_by_tag),
		T(test_changelog_versions),
		T(test_changelog_versions_revoked_from_its_date),
		T(test_changelog_versions_on_the_tags_day),
		T(test_changelog_producers_and_translations),
		T(test_changelog_texts_printable),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
