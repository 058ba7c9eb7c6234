/*
 * timeline.c - an entry's changes, field by field (timeline.h).  Each
 * version's front matter is parsed into a scratch arena and compared
 * with the version before; only the texts a note shows are kept.
 */
#include "timeline.h"

#include <string.h>

#include "../parse/fm.h"
#include "../util/banned.h"

enum { MAX_NOTES = 16 };

struct version {
	bool ok;                   /* it parsed */
	const struct fm_node *m;   /* its front matter (a map, or NULL) */
	struct span body;
};

/* Version blob of the file at path, parsed in a (diags dropped). */
static struct version
version_of(const struct source_set *src, const char *path, const char *blob,
	   struct arena *a)
{
	struct version v = { false, NULL, { NULL, 0 } };
	struct source s = { .path = path };
	memcpy(s.oid, blob, sizeof(s.oid));
	struct diag_list dl = DIAG_LIST_INIT;
	struct span bytes;
	struct fm_doc doc;
	if (source_load(&bytes, src, &s, FM_MAX_BYTES, a, &dl) == 0 &&
	    fm_parse(&doc, path, bytes, a, &dl) == 0) {
		v.ok = true;
		v.m = doc.root;
		v.body = doc.body;
	}
	diag_list_release(&dl);
	return v;
}

static bool
same(const struct fm_node *x, const struct fm_node *y)
{
	if (!x || !y)
		return x == y;
	if (x->kind != y->kind || x->n != y->n)
		return false;
	switch (x->kind) {
	case FM_SCALAR:
		return x->len == y->len && !memcmp(x->str, y->str, x->len);
	case FM_SEQ:
		for (size_t i = 0; i < x->n; i++)
			if (!same(x->items[i], y->items[i]))
				return false;
		return true;
	case FM_MAP:
		for (size_t i = 0; i < x->n; i++)
			if (!same(x->pairs[i].value,
				  fm_get(y, x->pairs[i].key->str)))
				return false;
		return true;
	}
	return false;
}

static const char *
text(const struct fm_node *n)
{
	return n && n->kind == FM_SCALAR ? n->str : NULL;
}

struct notes {
	struct timeline_note v[MAX_NOTES];
	size_t n;
	struct arena *a;           /* where their texts are kept */
};

static void
note(struct notes *ns, enum timeline_note_kind kind, const char *from,
     const char *to)
{
	if (ns->n == MAX_NOTES)
		return;
	ns->v[ns->n++] = (struct timeline_note){ kind,
		from ? arena_strdup(ns->a, from) : NULL,
		to ? arena_strdup(ns->a, to) : NULL };
}

/* "1234/QĐ-UBND (2020)": a certificate's number and year. */
static const char *
certificate(struct arena *a, const struct fm_node *c)
{
	const char *number = text(fm_get(c, "number"));
	const char *issued = text(fm_get(c, "issued"));
	if (!number)
		return NULL;
	if (!issued || strlen(issued) < 4)
		return arena_strdup(a, number);
	return arena_printf(a, "%s (%.4s)", number, issued);
}

static bool
in_list(const struct fm_node *list, const char *s)
{
	for (size_t i = 0; list && list->kind == FM_SEQ && i < list->n; i++) {
		const char *t = text(list->items[i]);
		if (t && !strcmp(t, s))
			return true;
	}
	return false;
}

/* The keys a note of their own words: the rest is "other fields". */
static const char *const noted[] = {
	"name", "stars", "certificate", "points_of_sale", "shops", "price",
	NULL,
};

static void
compare(struct notes *ns, const struct version *old, const struct version *new,
	struct arena *scratch)
{
	const struct fm_node *o = old->m, *n = new->m;
	const char *was = text(fm_get(o, "name")), *is = text(fm_get(n, "name"));
	if (was && is && strcmp(was, is))
		note(ns, NOTE_NAME, was, is);
	was = text(fm_get(o, "stars"));
	is = text(fm_get(n, "stars"));
	if (was && is && strcmp(was, is))
		note(ns, NOTE_STARS, was, is);
	const struct fm_node *oc = fm_get(o, "certificate"), *nc = fm_get(n, "certificate");
	was = certificate(scratch, oc);
	is = certificate(scratch, nc);
	if (was && is && strcmp(was, is))
		note(ns, NOTE_CERTIFICATE, was, is);
	const struct fm_node *orv = fm_get(oc, "revoked"), *nrv = fm_get(nc, "revoked");
	bool revoked_before = orv && !fm_is_null(orv), revoked_now = nrv && !fm_is_null(nrv);
	if (!revoked_before && revoked_now)
		note(ns, NOTE_REVOKED, NULL, text(fm_get(nrv, "decision")));
	else if (revoked_before && !revoked_now)
		note(ns, NOTE_UNREVOKED, NULL, NULL);
	const struct fm_node *op = fm_get(o, "points_of_sale"), *np = fm_get(n, "points_of_sale");
	for (size_t i = 0; np && np->kind == FM_SEQ && i < np->n; i++)
		if (text(np->items[i]) && !in_list(op, text(np->items[i])))
			note(ns, NOTE_POS_ADDED, NULL, text(np->items[i]));
	for (size_t i = 0; op && op->kind == FM_SEQ && i < op->n; i++)
		if (text(op->items[i]) && !in_list(np, text(op->items[i])))
			note(ns, NOTE_POS_REMOVED, text(op->items[i]), NULL);
	if (!same(fm_get(o, "shops"), fm_get(n, "shops")))
		note(ns, NOTE_SHOPS, NULL, NULL);
	if (!same(fm_get(o, "price"), fm_get(n, "price")))
		note(ns, NOTE_PRICE, NULL, NULL);
	if (old->body.len != new->body.len ||
	    memcmp(old->body.p, new->body.p, new->body.len))
		note(ns, NOTE_STORY, NULL, NULL);
	/* any other key added, removed or changed */
	bool other = false;
	for (int pass = 0; pass < 2 && !other; pass++) {
		const struct fm_node *x = pass ? n : o, *y = pass ? o : n;
		for (size_t i = 0; x && x->kind == FM_MAP && i < x->n && !other; i++) {
			const char *key = x->pairs[i].key->str;
			bool known = false;
			for (size_t k = 0; noted[k]; k++)
				known |= !strcmp(noted[k], key);
			if (!strcmp(key, "certificate"))
				/* its fields but number, issued, revoked */
				for (size_t j = 0; !other && x->pairs[i].value->kind == FM_MAP &&
				     j < x->pairs[i].value->n; j++) {
					const char *ck = x->pairs[i].value->pairs[j].key->str;
					if (strcmp(ck, "number") && strcmp(ck, "issued") &&
					    strcmp(ck, "revoked"))
						other = !same(x->pairs[i].value->pairs[j].value,
							      fm_get(fm_get(y, "certificate"), ck));
				}
			else if (!known)
				other = !same(x->pairs[i].value, fm_get(y, key));
		}
	}
	if (other || (!ns->n && o && n))
		note(ns, NOTE_OTHER, NULL, NULL);
}

/* t's texts kept in a, each one shared with was when the same (most
 * versions keep their name and certificate). */
static const char *
keep(struct arena *a, const char *t, const char *was)
{
	if (!t)
		return NULL;
	return was && !strcmp(t, was) ? was : arena_strdup(a, t);
}

/* What version v says of itself, against the state before (was). */
static struct timeline_state
state_of(const struct version *v, const struct timeline_state *was,
	 struct arena *a)
{
	struct timeline_state st = *was;
	st.known = v->ok;
	if (!v->ok)
		return st;
	const struct fm_node *m = v->m, *c = fm_get(m, "certificate");
	const char *draft = text(fm_get(m, "draft"));
	st.draft = draft && !strcmp(draft, "true");
	st.name = keep(a, text(fm_get(m, "name")), was->name);
	const char *stars = text(fm_get(m, "stars"));
	st.stars = stars && stars[0] >= '3' && stars[0] <= '5' && !stars[1]
		   ? stars[0] - '0' : 0;
	st.number = keep(a, text(fm_get(c, "number")), was->number);
	st.issued = keep(a, text(fm_get(c, "issued")), was->issued);
	st.expires = keep(a, text(fm_get(c, "expires")), was->expires);
	const struct fm_node *rv = fm_get(c, "revoked");
	st.revoked = rv && !fm_is_null(rv);
	return st;
}

void
timeline_build(struct timeline *t, const struct history *h,
	       const struct source_set *src, const char *path, struct arena *a)
{
	timeline_build_file(t, h, src, history_of(h, path), a);
}

void
timeline_build_file(struct timeline *t, const struct history *h,
		    const struct source_set *src, const struct history_file *f,
		    struct arena *a)
{
	memset(t, 0, sizeof(*t));
	if (!f || !f->n)
		return;
	t->n = f->n;
	t->v = arena_array(a, f->n, sizeof(*t->v));
	/* oldest first, each version compared with the last one that
	 * parsed (an invalid version in between is said, not compared);
	 * that one's tree lives in the arena that is not cur */
	struct arena arenas[2] = { ARENA_INIT, ARENA_INIT };
	int cur = 0;
	struct version last = { false, NULL, { NULL, 0 } };
	const char *last_blob = "";
	struct timeline_state was = { false, false, NULL, 0, NULL, NULL, NULL, false };
	for (size_t k = f->n; k-- > 0; ) {
		const struct history_change *c = &f->v[k];
		struct notes ns = { .n = 0, .a = a };
		struct version new = { false, NULL, { NULL, 0 } };
		if (c->blob[0])
			new = version_of(src, c->path, c->blob, &arenas[cur]);
		switch (c->what) {
		case HISTORY_ADDED:
			note(&ns, NOTE_ADDED, NULL, NULL);
			break;
		case HISTORY_DELETED:
			note(&ns, NOTE_REMOVED, NULL, NULL);
			break;
		case HISTORY_RENAMED:
			note(&ns, NOTE_MOVED, c->old_path, c->path);
			break;
		case HISTORY_CHANGED:
			break;
		}
		if (c->blob[0] && !new.ok)
			note(&ns, NOTE_INVALID, NULL, NULL);
		else if (c->blob[0] && c->what != HISTORY_ADDED && last.ok &&
			 strcmp(c->blob, last_blob))
			compare(&ns, &last, &new, &arenas[cur]);
		struct timeline_event *e = &t->v[k];
		e->commit = &h->commits[c->commit];
		e->n_notes = ns.n;
		e->notes = arena_array(a, ns.n ? ns.n : 1, sizeof(*e->notes));
		memcpy(e->notes, ns.v, ns.n * sizeof(*e->notes));
		e->state = state_of(&new, &was, a);
		was = e->state;
		if (new.ok) {
			last = new;
			last_blob = c->blob;
			cur = !cur;
		} else if (!c->blob[0]) {
			last.ok = false;   /* deleted: a later add starts anew */
		}
		arena_reset(&arenas[cur]);
	}
	arena_release(&arenas[0]);
	arena_release(&arenas[1]);
}
