/*
 * changelog.c - the catalog's changes, commit by commit (changelog.h).
 *
 * Each file's timeline is walked oldest first, one state after
 * another; a change of state is a change of the catalog, filed under
 * its commit.  A state holds from its commit until the file's next
 * state ("a span"): the certificate of a span that is in the catalog
 * and not revoked may expire within it, in the period of one of the
 * commits the span covers, found by bisecting the periods' bounds,
 * which never increase from the newest commit to the oldest.
 */
#include "changelog.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "../util/utf8.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

/* A change and the commit (index) that made it. */
struct keyed {
	uint32_t commit;
	struct change c;
};

struct builder {
	const struct history *h;
	const struct site *site;
	struct arena *a;
	struct keyed *v;           /* every change, with its commit */
	size_t n, cap;
	size_t *others;            /* by commit index */
	bool *touched;             /* by commit index */
	/* the commits that changed a product, newest first, and the
	 * bounds of their periods: period j is (bound[j + 1], bound[j]] */
	uint32_t *listed;
	size_t n_listed;
	long *bound;               /* n_listed + 1 */
	uint32_t *listed_at;       /* commit index → position in listed */
};

static long
commit_day(const struct history_commit *c)
{
	return date_from_time((time_t)(c->time + (int64_t)c->offset * 60)).days;
}

/* Files a change of commit; the pointer is good until the next one. */
static struct change *
add(struct builder *b, uint32_t commit, enum change_kind kind,
    const struct changelog_file *f, const struct timeline_state *st)
{
	void *v = b->v;
	xgrow(&v, &b->cap, b->n + 1, sizeof(*b->v));
	b->v = v;
	struct keyed *kc = &b->v[b->n++];
	memset(kc, 0, sizeof(*kc));
	kc->commit = commit;
	struct change *c = &kc->c;
	c->kind = kind;
	c->name = utf8_printable(b->a, st->name ? st->name : "");
	c->path = f->path;
	c->product = f->product;
	c->to = st->stars;
	return c;
}

static bool
deleted(const struct timeline_event *e)
{
	return e->n_notes && e->notes[0].kind == NOTE_REMOVED;
}

static bool
same_text(const char *x, const char *y)
{
	return x == y || (x && y && !strcmp(x, y));
}

/* The last valid day of a state's certificate; false when unknown. */
static bool
expiry(const struct builder *b, const struct timeline_state *st,
       struct date *out)
{
	if (st->expires)
		return date_parse(out, st->expires);
	struct date issued;
	if (!st->issued || !date_parse(&issued, st->issued))
		return false;
	*out = date_add_months(issued, b->site->certificate_months);
	return true;
}

/* The span of state st, from commit `from` to the file's next state at
 * commit `to` (UINT32_MAX: none): its certificate's expiry, when it
 * falls in the period of a commit the span covers. */
static void
close_span(struct builder *b, const struct changelog_file *f,
	   const struct timeline_state *st, uint32_t from, uint32_t to)
{
	struct date e;
	if (!st->known || st->draft || st->revoked || !expiry(b, st, &e))
		return;
	long first = e.days + 1;             /* the first day expired */
	/* the periods the span covers: positions lo..hi in listed */
	size_t hi = b->listed_at[from];
	size_t lo = to == UINT32_MAX ? 0 : b->listed_at[to] + 1;
	if (lo > hi || first > b->bound[lo] || first <= b->bound[hi + 1])
		return;
	/* the newest period whose start lies before the first day */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->bound[mid + 1] < first)
			hi = mid;
		else
			lo = mid + 1;
	}
	struct change *c = add(b, b->listed[lo], CHANGE_EXPIRED, f, st);
	c->expires = e;
}

static void
walk_file(struct builder *b, const struct changelog_file *f)
{
	const struct timeline *t = f->t;
	const struct history_commit *base = b->h->commits;
	struct timeline_state was = { 0 };
	bool present = false, ever = false, open = false;
	uint32_t span_from = 0;
	for (size_t k = t->n; k-- > 0; ) {
		const struct timeline_event *e = &t->v[k];
		uint32_t ci = (uint32_t)(e->commit - base);
		const struct timeline_state *st = &e->state;
		bool gone = deleted(e);
		if (!gone && !st->known) {
			b->others[ci] += present;   /* did not parse: an edit */
			continue;
		}
		if (open)
			close_span(b, f, &was, span_from, ci);
		bool now = !gone && !st->draft;
		size_t before = b->n;
		if (!present && now) {
			add(b, ci, ever ? CHANGE_RESTORED : CHANGE_ADDED, f, st);
		} else if (present && !now) {
			add(b, ci, CHANGE_REMOVED, f, &was);
		} else if (present && now) {
			if (was.stars && st->stars && was.stars != st->stars)
				add(b, ci, st->stars > was.stars ? CHANGE_UPGRADED
				    : CHANGE_DOWNGRADED, f, st)->from = was.stars;
			else if (!same_text(was.number, st->number) ||
				 !same_text(was.issued, st->issued))
				add(b, ci, CHANGE_RERATED, f, st)->decision =
					st->number ? utf8_printable(b->a, st->number) : NULL;
			if (!was.revoked && st->revoked)
				add(b, ci, CHANGE_REVOKED, f, st);
			else if (was.revoked && !st->revoked)
				add(b, ci, CHANGE_UNREVOKED, f, st);
			if (b->n == before)
				b->others[ci]++;
		}
		ever |= now;
		present = now;
		was = *st;
		if (gone)
			was.known = false;
		span_from = ci;
		open = true;
	}
	if (open)
		close_span(b, f, &was, span_from, UINT32_MAX);
}

/* The commits that changed a product file, newest first, and the
 * bounds of their periods. */
static void
list_commits(struct builder *b, const struct changelog_file *files,
	     size_t n_files, long as_of_days)
{
	const struct history *h = b->h;
	for (size_t i = 0; i < n_files; i++)
		for (size_t k = 0; k < files[i].t->n; k++)
			b->touched[files[i].t->v[k].commit - h->commits] = true;
	b->listed = arena_array(b->a, h->n_commits + 1, sizeof(*b->listed));
	b->listed_at = arena_array(b->a, h->n_commits + 1, sizeof(*b->listed_at));
	for (size_t i = 0; i < h->n_commits; i++)
		if (b->touched[i]) {
			b->listed_at[i] = (uint32_t)b->n_listed;
			b->listed[b->n_listed++] = (uint32_t)i;
		}
	b->bound = arena_array(b->a, b->n_listed + 1, sizeof(*b->bound));
	b->bound[0] = as_of_days;
	for (size_t j = 0; j < b->n_listed; j++) {
		long d = commit_day(&h->commits[b->listed[j]]);
		b->bound[j + 1] = d < b->bound[j] ? d : b->bound[j];
	}
}

static int
by_commit_kind(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	if (a->commit != b->commit)
		return a->commit < b->commit ? -1 : 1;
	if (a->c.kind != b->c.kind)
		return a->c.kind < b->c.kind ? -1 : 1;
	/* one file has one change of a kind in a commit */
	return strcmp(a->c.path, b->c.path);
}

/* The group of commit ci: the tags of the oldest tagged commit that
 * has it, at it or newer (newest first: the largest tagged index that
 * is at most ci); none when every tag is older. */
static size_t
group_of(struct changelog_group *groups, size_t *n_groups,
	 const struct tags *tags, const struct history *h, uint32_t ci,
	 struct arena *a)
{
	/* tags are sorted by commit index: the first after ci, then the
	 * first tag of the commit before it */
	size_t lo = 0, hi = tags ? tags->n : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (tags->v[mid].commit <= ci)
			lo = mid + 1;
		else
			hi = mid;
	}
	const struct history_commit *tagged = NULL;
	if (lo > 0) {
		lo--;
		while (lo > 0 && tags->v[lo - 1].commit == tags->v[lo].commit)
			lo--;
		tagged = &h->commits[tags->v[lo].commit];
	}
	if (*n_groups && groups[*n_groups - 1].tagged == tagged)
		return *n_groups - 1;
	struct changelog_group *g = &groups[(*n_groups)++];
	g->tagged = tagged;
	g->name = NULL;
	if (tagged) {
		const char *name = tags->v[lo].name;
		for (size_t k = lo + 1; k < tags->n &&
		     tags->v[k].commit == tags->v[lo].commit; k++)
			name = arena_printf(a, "%s, %s", name, tags->v[k].name);
		g->name = name;
	}
	return *n_groups - 1;
}

void
changelog_build(struct changelog *out, const struct history *h,
		const struct tags *tags, const struct changelog_file *files,
		size_t n_files, const struct site *site, long as_of_days,
		struct arena *a)
{
	memset(out, 0, sizeof(*out));
	out->has_tags = tags && tags->n;
	if (!h->n_commits)
		return;
	struct builder b = { .h = h, .site = site, .a = a };
	b.others = xcalloc(h->n_commits, sizeof(*b.others));
	b.touched = xcalloc(h->n_commits, sizeof(*b.touched));
	list_commits(&b, files, n_files, as_of_days);
	for (size_t i = 0; i < n_files; i++)
		walk_file(&b, &files[i]);

	struct keyed *k = b.v;
	if (b.n)
		qsort(k, b.n, sizeof(*k), by_commit_kind);
	struct change *changes = arena_array(a, b.n + 1, sizeof(*changes));
	for (size_t i = 0; i < b.n; i++)
		changes[i] = k[i].c;

	struct changelog_commit *v = arena_array(a, b.n_listed + 1, sizeof(*v));
	struct changelog_group *groups = arena_array(a, b.n_listed + 1,
						     sizeof(*groups));
	size_t n = 0, n_groups = 0, at = 0;
	for (size_t j = 0; j < b.n_listed; j++) {
		uint32_t ci = b.listed[j];
		size_t first = at;
		while (at < b.n && k[at].commit == ci)
			at++;
		if (at == first && !b.others[ci])
			continue;          /* a draft edited: nothing to say */
		const struct history_commit *hc = &h->commits[ci];
		struct changelog_commit *c = &v[n++];
		c->commit = hc;
		c->author = utf8_printable(a, hc->author);
		c->message = utf8_printable(a, hc->summary);
		c->v = &changes[first];
		c->n = at - first;
		c->others = b.others[ci];
		c->group = group_of(groups, &n_groups, tags, h, ci, a);
	}
	free(b.v);
	free(b.others);
	free(b.touched);
	out->v = v;
	out->n = n;
	out->groups = groups;
	out->n_groups = n_groups;
}
