/*
 * links.c - the old URLs of entries (links.h).
 *
 * Each file of the history is followed from its newest path back
 * through its renames: every path it had, and the commit at which it
 * left that path (a rename, or the deletion; none for the path it has
 * now).  Each (kind, slug) those paths give is a claim, and the claim
 * made last wins the slug: "now" beats any commit, and a newer commit
 * (a smaller index: the history is newest first) an older one, ties
 * going to the first file in path order, so the result never depends
 * on the order of a hash map.
 */
#include "links.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "path.h"
#include "../parse/fm.h"
#include "../util/strmap.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

enum { NOW = -1 };            /* a path a file has in the commit read */

/* One file's claim on a slug. */
struct claim {
	enum entry_kind kind;
	const char *slug;
	long left;                 /* commit index it left the slug at, or NOW */
	size_t order;              /* the file's place in path order */
};

struct builder {
	const struct history *h;
	const struct timeline_versions *tv;
	const struct source_set *src;
	const struct catalog *c;
	struct arena *a;
	struct strmap claims;      /* "kind/slug" → struct claim * */
	struct strmap entries;     /* "kind/slug" → the published entry */
	const struct timeline **timelines;  /* by file in path order, once
					       made */
	const struct history_file **files;  /* in path order */
	size_t n_files;
};

static const char *
key_of(struct arena *a, enum entry_kind k, const char *slug)
{
	return arena_printf(a, "%d/%s", (int)k, slug);
}

/* Files a claim on the slug of path, if path is a default-language
 * product, producer or point of sale with a valid slug. */
static void
claim_path(struct builder *b, size_t order, const char *path, long left)
{
	struct entry_path ep;
	if (path_classify(&ep, path, b->c->site, b->a) != PATH_ENTRY ||
	    ep.lang != 0 || ep.kind == ENTRY_PAGE)
		return;
	const char *key = key_of(b->a, ep.kind, ep.slug);
	struct claim *cl = (struct claim *)(uintptr_t)strmap_get(&b->claims, key);
	if (cl) {
		/* NOW is -1: the smallest, so the newest */
		if (left < cl->left || (left == cl->left && order < cl->order)) {
			cl->left = left;
			cl->order = order;
		}
		return;
	}
	cl = arena_alloc(b->a, sizeof(*cl));
	*cl = (struct claim){ ep.kind, ep.slug, left, order };
	strmap_add(&b->claims, key, cl, NULL);
}

/* Every path file f had, each with the commit at which it left it. */
static void
claim_file(struct builder *b, const struct history_file *f, size_t order)
{
	if (!f->n)
		return;
	long left = f->v[0].what == HISTORY_DELETED ? (long)f->v[0].commit : NOW;
	claim_path(b, order, f->path, left);
	for (size_t k = 0; k < f->n; k++)
		if (f->v[k].what == HISTORY_RENAMED && f->v[k].old_path)
			claim_path(b, order, f->v[k].old_path,
				   (long)f->v[k].commit);
}

/* A version of an entry's file: its front matter and story. */
struct version {
	const struct fm_node *m;   /* NULL when it does not parse */
	struct span body;
};

static struct version
version_of(struct builder *b, const char *path, const char *blob,
	   struct arena *scratch)
{
	struct version v = { NULL, { NULL, 0 } };
	struct source s = { .path = path };
	memcpy(s.oid, blob, sizeof(s.oid));
	struct diag_list dl = DIAG_LIST_INIT;
	struct span bytes;
	struct fm_doc doc;
	if (blob[0] &&
	    source_load(&bytes, b->src, &s, FM_MAX_BYTES, scratch, &dl) == 0 &&
	    fm_parse(&doc, path, bytes, scratch, &dl) == 0) {
		v.m = doc.root;
		v.body = doc.body;
	}
	diag_list_release(&dl);
	return v;
}

static const char *
text_of(const struct fm_node *m, const char *key)
{
	const struct fm_node *n = fm_get(m, key);
	return n && n->kind == FM_SCALAR && n->str[0] ? n->str : NULL;
}

/* The name in the newest version of f that parses and has one. */
static const char *
last_name(struct builder *b, const struct history_file *f)
{
	struct arena scratch = ARENA_INIT;
	const char *name = NULL;
	for (size_t k = 0; k < f->n && !name; k++) {
		const char *blob = f->v[k].blob[0] ? f->v[k].blob : f->v[k].old_blob;
		struct version v = version_of(b, f->path, blob, &scratch);
		if (text_of(v.m, "name"))
			name = arena_strdup(b->a, text_of(v.m, "name"));
		arena_reset(&scratch);
	}
	arena_release(&scratch);
	return name;
}

/* The timeline of removed file f (the order-th), made once for all
 * its slugs. */
static const struct timeline *
timeline_for(struct builder *b, const struct history_file *f, size_t order)
{
	if (!b->timelines[order]) {
		struct timeline *t = arena_alloc(b->a, sizeof(*t));
		timeline_of_file(t, b->h, b->tv, b->src, f, b->a);
		b->timelines[order] = t;
	}
	return b->timelines[order];
}

/* The published entry whose file is path now, or NULL (a draft). */
static const struct entry *
entry_at(struct builder *b, const char *path)
{
	struct entry_path ep;
	if (path_classify(&ep, path, b->c->site, b->a) != PATH_ENTRY)
		return NULL;
	const struct entry *e = strmap_get(&b->entries,
					   key_of(b->a, ep.kind, ep.slug));
	return e && !strcmp(e->path, path) ? e : NULL;
}

static int
by_path(const void *x, const void *y)
{
	const struct history_file *a = *(const struct history_file *const *)x;
	const struct history_file *b = *(const struct history_file *const *)y;
	return strcmp(a->path, b->path);
}

static int
by_url(const void *x, const void *y)
{
	const struct link *a = x, *b = y;
	if (a->entry != b->entry)
		return a->entry < b->entry ? -1 : 1;
	return strcmp(a->slug, b->slug);
}

void
links_build(struct links *out, const struct history *h,
	    const struct timeline_versions *tv, const struct source_set *src,
	    const struct catalog *c, struct arena *a)
{
	memset(out, 0, sizeof(*out));
	if (!h->files.n)
		return;
	struct builder b = { .h = h, .tv = tv, .src = src, .c = c, .a = a,
			     .claims = STRMAP_INIT, .entries = STRMAP_INIT };
	for (size_t i = 0; i < c->n_products; i++)
		strmap_add(&b.entries, key_of(a, ENTRY_PRODUCT, c->products[i]->e.slug),
			   &c->products[i]->e, NULL);
	for (size_t i = 0; i < c->n_producers; i++)
		strmap_add(&b.entries, key_of(a, ENTRY_PRODUCER, c->producers[i]->e.slug),
			   &c->producers[i]->e, NULL);
	for (size_t i = 0; i < c->n_pos; i++)
		strmap_add(&b.entries, key_of(a, ENTRY_POS, c->pos[i]->e.slug),
			   &c->pos[i]->e, NULL);

	const struct history_file **files = xcalloc(h->files.n + 1, sizeof(*files));
	size_t n = 0;
	for (size_t i = 0; i < h->files.cap; i++)
		if (h->files.v[i].key &&
		    ((const struct history_file *)h->files.v[i].value)->n)
			files[n++] = h->files.v[i].value;
	qsort(files, n, sizeof(*files), by_path);
	b.files = files;
	b.n_files = n;
	b.timelines = xcalloc(n + 1, sizeof(*b.timelines));
	for (size_t i = 0; i < n; i++)
		claim_file(&b, files[i], i);

	struct link *v = arena_array(a, b.claims.n + 1, sizeof(*v));
	size_t k = 0;
	for (size_t i = 0; i < b.claims.cap; i++) {
		const struct claim *cl = b.claims.v[i].value;
		if (!b.claims.v[i].key || cl->left == NOW ||
		    strmap_has(&b.entries, b.claims.v[i].key))
			continue;          /* a file has the slug now */
		size_t last = cl->order;
		const struct history_file *f = files[last];
		struct link l = { .entry = cl->kind, .slug = cl->slug };
		if (f->v[0].what == HISTORY_DELETED) {
			l.kind = LINK_TOMBSTONE;
			l.name = last_name(&b, f);
			l.removed = &h->commits[f->v[0].commit];
			if (cl->kind == ENTRY_PRODUCT)
				l.timeline = timeline_for(&b, f, last);
		} else {
			l.kind = LINK_REDIRECT;
			l.to = entry_at(&b, f->path);
			if (!l.to)
				continue;  /* a draft now: no page to lead to */
		}
		v[k++] = l;
	}
	if (k)
		qsort(v, k, sizeof(*v), by_url);
	out->v = v;
	out->n = k;
	free(files);
	strmap_release(&b.claims);
	strmap_release(&b.entries);
	free(b.timelines);
}
