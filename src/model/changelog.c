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
 *
 * A span also holds at the tagged commits it covers: a product in the
 * catalog and not revoked then counts for its stars in those versions.
 * The commits where only a translation changed are merged into the
 * walk of their entry's own file: an edit when the entry was in the
 * catalog then.
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
	uint32_t *tagged;          /* the tagged commits, newest first */
	size_t n_tagged;
	size_t (*stars)[3];        /* by tagged commit: 3, 4, 5 stars */
	long *day;                 /* by tagged commit: the version's day */
};

static long
commit_day(const struct history_commit *c)
{
	return date_from_time((time_t)(c->time + (int64_t)c->offset * 60)).days;
}

static bool
deleted(const struct timeline_event *e)
{
	return e->n_notes && e->notes[0].kind == NOTE_REMOVED;
}

/* The name translation t gave its entry at commit index at (the
 * version in force then), or NULL when it had none then. */
static const char *
name_at(const struct builder *b, const struct timeline *t, uint32_t at)
{
	if (!t)
		return NULL;
	/* newest first: the first event not newer than at */
	for (size_t k = 0; k < t->n; k++)
		if ((uint32_t)(t->v[k].commit - b->h->commits) >= at)
			return deleted(&t->v[k]) ? NULL : t->v[k].state.name;
	return NULL;
}

static bool
removal(enum change_kind kind)
{
	return kind == CHANGE_REMOVED || kind == CHANGE_PRODUCER_REMOVED ||
	       kind == CHANGE_POS_REMOVED;
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
	c->names[0] = c->name;
	/* a removal is named as the entry was just before it */
	uint32_t at = removal(kind) ? commit + 1 : commit;
	for (size_t l = 1; l < MODEL_MAX_LANGS; l++) {
		const char *name = name_at(b, f->tr[l], at);
		if (name)
			c->names[l] = utf8_printable(b->a, name);
	}
	c->path = f->path;
	c->entry = f->entry;
	c->product = f->kind == ENTRY_PRODUCT
		     ? (const struct product *)f->entry : NULL;
	c->to = st->stars;
	return c;
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

/* The span of state st, from commit `from` to the file's next state at
 * commit `to` (UINT32_MAX: none): the product counts, by its stars, in
 * the versions whose commits the span covers, unless its certificate
 * was not valid on the version's day (issued later, expired, or
 * revoked: from the revocation's date, or when it has none from the
 * version that writes it, as the product page says). */
static void
count_span(struct builder *b, const struct timeline_state *st,
	   uint32_t from, uint32_t to)
{
	struct date e, issued, revoked;
	bool revoked_dated = st->revoked && st->revoked_on &&
			     date_parse(&revoked, st->revoked_on);
	if (!st->known || st->draft || (st->revoked && !revoked_dated) ||
	    st->stars < 3 || st->stars > 5)
		return;
	bool expires = expiry(b, st, &e);
	bool dated = st->issued && date_parse(&issued, st->issued);
	/* tagged is ascending: the first tagged commit after to */
	size_t lo = 0, hi = b->n_tagged;
	while (to != UINT32_MAX && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->tagged[mid] <= to)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < b->n_tagged && b->tagged[lo] <= from; lo++) {
		long day = b->day[lo];
		if ((!expires || e.days >= day) && (!dated || issued.days <= day) &&
		    (!revoked_dated || revoked.days > day))
			b->stars[lo][st->stars - 3]++;
	}
}

static int
by_index_down(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? 1 : a > b ? -1 : 0;
}

/* The commits, oldest first and each once, that changed a translation
 * of f but not f itself; *n_out says how many.  Caller frees. */
static uint32_t *
translation_commits(const struct builder *b, const struct changelog_file *f,
		    size_t *n_out)
{
	size_t n = 0;
	for (size_t l = 1; l < MODEL_MAX_LANGS; l++)
		n += f->tr[l] ? f->tr[l]->n : 0;
	*n_out = 0;
	if (!n)
		return NULL;
	uint32_t *v = xcalloc(n, sizeof(*v));
	n = 0;
	for (size_t l = 1; l < MODEL_MAX_LANGS; l++)
		for (size_t k = 0; f->tr[l] && k < f->tr[l]->n; k++)
			v[n++] = (uint32_t)(f->tr[l]->v[k].commit - b->h->commits);
	qsort(v, n, sizeof(*v), by_index_down);
	/* f's own events are newest first: walk them oldest first too */
	size_t m = 0, k = f->t->n;
	for (size_t i = 0; i < n; i++) {
		if (m && v[m - 1] == v[i])
			continue;
		while (k > 0 && (uint32_t)(f->t->v[k - 1].commit - b->h->commits) > v[i])
			k--;
		if (k > 0 && (uint32_t)(f->t->v[k - 1].commit - b->h->commits) == v[i])
			continue;
		v[m++] = v[i];
	}
	*n_out = m;
	return v;
}

/* An edit that says nothing more, at commit ci, of f when it was in
 * the catalog: a product's counts among the others, a producer's or a
 * point of sale's is a change. */
static void
edited(struct builder *b, const struct changelog_file *f, uint32_t ci,
       const struct timeline_state *st)
{
	if (f->kind == ENTRY_PRODUCT)
		b->others[ci]++;
	else
		add(b, ci, f->kind == ENTRY_PRODUCER ? CHANGE_PRODUCER_EDITED
		    : CHANGE_POS_EDITED, f, st);
}

/* What a product's new state st says against the one before, was, at
 * commit ci; false when nothing. */
static bool
product_changes(struct builder *b, const struct changelog_file *f,
		uint32_t ci, const struct timeline_state *was,
		const struct timeline_state *st)
{
	size_t before = b->n;
	if (was->stars && st->stars && was->stars != st->stars)
		add(b, ci, st->stars > was->stars ? CHANGE_UPGRADED
		    : CHANGE_DOWNGRADED, f, st)->from = was->stars;
	else if (!same_text(was->number, st->number) ||
		 !same_text(was->issued, st->issued))
		add(b, ci, CHANGE_RERATED, f, st)->decision =
			st->number ? utf8_printable(b->a, st->number) : NULL;
	if (!was->revoked && st->revoked)
		add(b, ci, CHANGE_REVOKED, f, st);
	else if (was->revoked && !st->revoked)
		add(b, ci, CHANGE_UNREVOKED, f, st);
	return b->n != before;
}

static void
walk_file(struct builder *b, const struct changelog_file *f)
{
	const struct timeline *t = f->t;
	const struct history_commit *base = b->h->commits;
	bool product = f->kind == ENTRY_PRODUCT;
	struct timeline_state was = { 0 };
	bool present = false, ever = false, open = false;
	uint32_t span_from = 0;
	size_t n_tr, at_tr = 0;
	uint32_t *tr = translation_commits(b, f, &n_tr);
	for (size_t k = t->n; k-- > 0; ) {
		const struct timeline_event *e = &t->v[k];
		uint32_t ci = (uint32_t)(e->commit - base);
		for (; at_tr < n_tr && tr[at_tr] > ci; at_tr++)
			if (present)
				edited(b, f, tr[at_tr], &was);
		const struct timeline_state *st = &e->state;
		bool gone = deleted(e);
		if (!gone && !st->known) {
			if (present)            /* did not parse: an edit */
				edited(b, f, ci, &was);
			continue;
		}
		if (open && product) {
			close_span(b, f, &was, span_from, ci);
			count_span(b, &was, span_from, ci);
		}
		bool now = !gone && !st->draft;
		if (!present && now) {
			add(b, ci, !product ? (f->kind == ENTRY_PRODUCER
			    ? CHANGE_PRODUCER_ADDED : CHANGE_POS_ADDED)
			    : ever ? CHANGE_RESTORED : CHANGE_ADDED, f, st);
		} else if (present && !now) {
			add(b, ci, !product ? (f->kind == ENTRY_PRODUCER
			    ? CHANGE_PRODUCER_REMOVED : CHANGE_POS_REMOVED)
			    : CHANGE_REMOVED, f, &was);
		} else if (present && now) {
			if (!product || !product_changes(b, f, ci, &was, st))
				edited(b, f, ci, st);
		}
		ever |= now;
		present = now;
		was = *st;
		if (gone)
			was.known = false;
		span_from = ci;
		open = true;
	}
	for (; at_tr < n_tr; at_tr++)
		if (present)
			edited(b, f, tr[at_tr], &was);
	free(tr);
	if (open && product) {
		close_span(b, f, &was, span_from, UINT32_MAX);
		count_span(b, &was, span_from, UINT32_MAX);
	}
}

/* The commits that changed a product file, newest first, and the
 * bounds of their periods. */
static void
list_commits(struct builder *b, const struct changelog_file *files,
	     size_t n_files, long as_of_days)
{
	const struct history *h = b->h;
	for (size_t i = 0; i < n_files; i++) {
		for (size_t k = 0; k < files[i].t->n; k++)
			b->touched[files[i].t->v[k].commit - h->commits] = true;
		for (size_t l = 1; l < MODEL_MAX_LANGS; l++)
			for (size_t k = 0; files[i].tr[l] && k < files[i].tr[l]->n; k++)
				b->touched[files[i].tr[l]->v[k].commit - h->commits] = true;
	}
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

/* The tagged commits, newest first, each once, with the day of its
 * version: the earliest of its tags' (an annotated tag's own date, a
 * lightweight tag's commit's). */
static void
list_tagged(struct builder *b, const struct tags *tags)
{
	size_t n = tags ? tags->n : 0;
	b->tagged = arena_array(b->a, n + 1, sizeof(*b->tagged));
	b->stars = arena_array(b->a, n + 1, sizeof(*b->stars));
	b->day = arena_array(b->a, n + 1, sizeof(*b->day));
	for (size_t i = 0; i < n; i++) {
		const struct tag *t = &tags->v[i];
		long day = t->dated
			? date_from_time((time_t)(t->time + (int64_t)t->offset * 60)).days
			: commit_day(&b->h->commits[t->commit]);
		if (!b->n_tagged || b->tagged[b->n_tagged - 1] != t->commit) {
			b->tagged[b->n_tagged] = t->commit;
			b->day[b->n_tagged++] = day;
		} else if (day < b->day[b->n_tagged - 1]) {
			b->day[b->n_tagged - 1] = day;
		}
	}
}

static int
by_kind_file(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	if (a->c.kind != b->c.kind)
		return a->c.kind < b->c.kind ? -1 : 1;
	int d = strcmp(a->c.path, b->c.path);
	if (d)
		return d;
	return a->commit < b->commit ? -1 : a->commit > b->commit;
}

/* The version (index into tagged) whose commits hold commit ci, or -1
 * when ci is newer than every tag. */
static long
version_of(const struct builder *b, uint32_t ci)
{
	size_t lo = 0, hi = b->n_tagged;
	while (lo < hi) {              /* the first tagged commit after ci */
		size_t mid = lo + (hi - lo) / 2;
		if (b->tagged[mid] <= ci)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}

/*
 * The versions: each tagged commit with its counts, and the changes k
 * (n of them) of the commits from it back to the tagged commit before;
 * shown (n_shown of them) are the changelog's commits.  A certificate
 * that expired after a version's day is in the next version's changes
 * (the version counted it as valid), or in none yet.
 */
static void
build_versions(struct changelog *out, struct builder *b, const struct tags *tags,
	       const struct keyed *k, size_t n,
	       const struct changelog_commit *shown, size_t n_shown)
{
	struct changelog_version *v = arena_array(b->a, b->n_tagged + 1, sizeof(*v));
	long *ver = xcalloc(n + 1, sizeof(*ver));
	size_t *count = xcalloc(b->n_tagged + 1, sizeof(*count));
	for (size_t j = 0; j < n; j++) {
		long i = version_of(b, k[j].commit);
		if (k[j].c.kind == CHANGE_EXPIRED)
			while (i >= 0 && k[j].c.expires.days + 1 > b->day[i])
				i--;
		ver[j] = i;
		if (i >= 0)
			count[i]++;
	}
	size_t at_tag = 0;
	for (size_t i = 0; i < b->n_tagged; i++) {
		uint32_t from = b->tagged[i];
		uint32_t to = i + 1 < b->n_tagged ? b->tagged[i + 1]
			      : (uint32_t)b->h->n_commits;
		struct changelog_version *vi = &v[i];
		vi->commit = &b->h->commits[from];
		vi->day = date_from_days(b->day[i]);
		while (at_tag < tags->n && tags->v[at_tag].commit < from)
			at_tag++;
		vi->name = tags->v[at_tag].name;
		for (size_t j = at_tag + 1; j < tags->n && tags->v[j].commit == from; j++)
			vi->name = arena_printf(b->a, "%s, %s", vi->name, tags->v[j].name);
		memcpy(vi->stars, b->stars[i], sizeof(vi->stars));
		struct keyed *mine = xcalloc(count[i] + 1, sizeof(*mine));
		size_t m = 0;
		for (size_t j = 0; j < n; j++)
			if (ver[j] == (long)i)
				mine[m++] = k[j];
		if (m > 1)
			qsort(mine, m, sizeof(*mine), by_kind_file);
		struct change *c = arena_array(b->a, m + 1, sizeof(*c));
		for (size_t j = 0; j < m; j++)
			c[j] = mine[j].c;
		free(mine);
		vi->v = c;
		vi->n = m;
		for (uint32_t ci = from; ci < to; ci++)
			vi->others += b->others[ci];
		for (size_t j = 0; j < n_shown; j++) {
			uint32_t ci = (uint32_t)(shown[j].commit - b->h->commits);
			vi->commits += ci >= from && ci < to;
		}
		if (i > 0)
			v[i - 1].previous = vi->name;
	}
	free(ver);
	free(count);
	out->versions = v;
	out->n_versions = b->n_tagged;
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
	list_tagged(&b, tags);
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
		while (c->n_certified < c->n &&
		       c->v[c->n_certified].kind < (enum change_kind)CHANGE_CERTIFIED_KINDS)
			c->n_certified++;
		c->others = b.others[ci];
		c->group = group_of(groups, &n_groups, tags, h, ci, a);
	}
	build_versions(out, &b, tags, k, b.n, v, n);
	free(b.v);
	free(b.others);
	free(b.touched);
	out->v = v;
	out->n = n;
	out->groups = groups;
	out->n_groups = n_groups;
}
