/*
 * tags.c - the tags that name commits of the history (tags.h).  Each
 * tag is peeled to the commit it names, whose index is found in a map
 * of the history's commit ids; an annotated tag's tagger gives its
 * date.
 */
#include "tags.h"

#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "../util/strmap.h"
#include "../util/utf8.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

struct reader {
	git_repository *repo;
	const struct history *h;
	struct strmap commits;     /* commit id → its index + 1 */
	struct tag *v;
	size_t n, cap;
	struct arena *a;
};

static int
one_tag(const char *ref, git_oid *oid, void *payload)
{
	struct reader *r = payload;
	git_object *obj = NULL, *commit = NULL;
	if (git_object_lookup(&obj, r->repo, oid, GIT_OBJECT_ANY) < 0 ||
	    git_object_peel(&commit, obj, GIT_OBJECT_COMMIT) < 0) {
		git_error_clear();         /* a tag of a blob or a tree */
		goto done;
	}
	char id[41];
	git_oid_tostr(id, sizeof(id), git_object_id(commit));
	const void *at = strmap_get(&r->commits, id);
	if (!at)
		goto done;                 /* not on the first-parent line */
	if (!strncmp(ref, "refs/tags/", 10))
		ref += 10;
	void *v = r->v;
	xgrow(&v, &r->cap, r->n + 1, sizeof(*r->v));
	r->v = v;
	struct tag *t = &r->v[r->n++];
	*t = (struct tag){ utf8_printable(r->a, ref),
			   (uint32_t)((uintptr_t)at - 1), false, 0, 0 };
	/* an annotated tag carries the day the version was published */
	const git_signature *who = git_object_type(obj) == GIT_OBJECT_TAG
		? git_tag_tagger((const git_tag *)obj) : NULL;
	if (who) {
		t->dated = true;
		t->time = (int64_t)who->when.time;
		t->offset = who->when.offset;
	}
done:
	git_object_free(commit);
	git_object_free(obj);
	return 0;
}

static int
by_commit(const void *x, const void *y)
{
	const struct tag *a = x, *b = y;
	if (a->commit != b->commit)
		return a->commit < b->commit ? -1 : 1;
	return strcmp(a->name, b->name);
}

int
tags_read(struct tags *out, const struct source_set *src,
	  const struct history *h, struct arena *a, struct diag_list *dl)
{
	memset(out, 0, sizeof(*out));
	if (!src->from_git || !src->repo || !h->n_commits)
		return 0;
	struct reader r = { .repo = src->repo, .h = h, .commits = STRMAP_INIT,
			    .a = a };
	for (size_t i = 0; i < h->n_commits; i++)
		strmap_add(&r.commits, h->commits[i].id,
			   (const void *)(uintptr_t)(i + 1), NULL);
	int rc = git_tag_foreach(r.repo, one_tag, &r);
	strmap_release(&r.commits);
	if (rc < 0) {
		const git_error *e = git_error_last();
		free(r.v);
		return diag_error(dl, (struct pos){ NULL, 0, 0 }, "git",
				  "cannot read the tags: %s",
				  e && e->message ? e->message : "unknown libgit2 error");
	}
	if (r.n) {
		qsort(r.v, r.n, sizeof(*r.v), by_commit);
		out->v = arena_array(a, r.n, sizeof(*out->v));
		memcpy(out->v, r.v, r.n * sizeof(*r.v));
		out->n = r.n;
	}
	free(r.v);
	return 0;
}
