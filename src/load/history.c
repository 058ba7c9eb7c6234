/*
 * history.c - the entries' git history (history.h): a first-parent walk
 * from the commit read, each commit's tree diffed with its parent's over
 * content/, the changes filed by file, newest first.
 *
 * Going from new to old, a file is known by its newest path; when a
 * commit renamed it, the older commits call it by its old path, so the
 * old path is made to lead to the same file from then on ("aliases").
 */
#include "history.h"

#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "../util/sbuf.h"
#include "../util/utf8.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

/* A path of older commits and the file it names there (NULL: none,
 * once another file took the path). */
struct alias {
	struct history_file *file;
};

struct walker {
	struct history *h;
	struct arena *a;
	const char *prefix;        /* the catalog's folder and '/', or "" */
	size_t prefix_len;
	const char *content;       /* prefix and "content" */
	/* the parent's content/ of the commit just read, which is the next
	 * commit of a first-parent walk: read once for both */
	git_oid next_id;
	git_tree *next_tree;
	bool has_next;
	struct strmap aliases;     /* path → struct alias * */
	size_t cap_commits;
};

/* s as valid UTF-8: each invalid byte becomes U+FFFD. */
static const char *
valid_text(struct arena *a, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	if (utf8_validate(s ? s : "", len) == len)
		return arena_strndup(a, s ? s : "", len);
	char *out = arena_alloc(a, 3 * len + 1);
	size_t n = 0;
	for (size_t i = 0; i < len; ) {
		uint32_t cp;
		int k = utf8_next((const unsigned char *)s + i, len - i, &cp);
		if (k > 0 && cp != 0) {
			memcpy(out + n, s + i, (size_t)k);
			n += (size_t)k;
			i += (size_t)k;
		} else {
			memcpy(out + n, "\xEF\xBF\xBD", 3);
			n += 3;
			i++;
		}
	}
	out[n] = '\0';
	return out;
}

static bool
is_entry_path(const char *p)
{
	size_t n = strlen(p);
	return !strncmp(p, "content/", 8) && n > 3 && !strcmp(p + n - 3, ".md");
}

/* The file that path names in the commits being read: the one an
 * alias leads to, else a new one, known by that path. */
static struct history_file *
file_at(struct walker *w, const char *path)
{
	const struct alias *al = strmap_get(&w->aliases, path);
	if (al && al->file)
		return al->file;
	struct history_file *f = arena_alloc(w->a, sizeof(*f));
	memset(f, 0, sizeof(*f));
	f->path = arena_strdup(w->a, path);
	const void *newer;
	if (!strmap_add(&w->h->files, f->path, f, &newer)) {
		/* the path was deleted, then added again: the map keeps
		 * the newest file, and this older one hangs from it */
		struct history_file *n = (struct history_file *)(uintptr_t)newer;
		while (n->older)
			n = n->older;
		n->older = f;
	}
	if (al) {
		((struct alias *)(uintptr_t)al)->file = f;
	} else {
		struct alias *n = arena_alloc(w->a, sizeof(*n));
		n->file = f;
		strmap_add(&w->aliases, f->path, n, NULL);
	}
	return f;
}

/* Makes path lead to file f in older commits. */
static void
alias(struct walker *w, const char *path, struct history_file *f)
{
	const struct alias *al = strmap_get(&w->aliases, path);
	if (al) {
		((struct alias *)(uintptr_t)al)->file = f;
		return;
	}
	struct alias *n = arena_alloc(w->a, sizeof(*n));
	n->file = f;
	strmap_add(&w->aliases, arena_strdup(w->a, path), n, NULL);
}

/* One file that differs between a commit and its parent: its path as
 * the catalog names it, and its blob before and after (NULL: absent). */
struct delta {
	const char *path;
	git_oid old, new;
	bool had, has;
	const char *renamed_from;  /* set when paired with a deletion */
	bool gone;                 /* a deletion paired with an addition */
};

struct deltas {
	struct delta *v;
	size_t n, cap;
};

static void
add_change(struct walker *w, const struct delta *d, uint32_t commit)
{
	struct history_change c = { .commit = commit };
	c.what = d->renamed_from ? HISTORY_RENAMED : !d->had ? HISTORY_ADDED
		 : !d->has ? HISTORY_DELETED : HISTORY_CHANGED;
	struct history_file *f = file_at(w, d->path);
	c.path = f->path;
	if (d->has)
		git_oid_tostr(c.blob, sizeof(c.blob), &d->new);
	if (d->had)
		git_oid_tostr(c.old_blob, sizeof(c.old_blob), &d->old);
	if (c.what == HISTORY_RENAMED) {
		c.old_path = d->renamed_from;
		alias(w, c.old_path, f);
	} else if (c.what == HISTORY_ADDED) {
		/* older commits' file of this path, if any, is another */
		alias(w, d->path, NULL);
	}
	void *v = f->v;
	xgrow(&v, &f->cap, f->n + 1, sizeof(*f->v));
	f->v = v;
	f->v[f->n++] = c;
}

static void
add_commit(struct walker *w, const git_commit *c)
{
	struct history *h = w->h;
	void *v = h->commits;
	xgrow(&v, &w->cap_commits, h->n_commits + 1, sizeof(*h->commits));
	h->commits = v;
	struct history_commit *hc = &h->commits[h->n_commits++];
	memset(hc, 0, sizeof(*hc));
	git_oid_tostr(hc->id, sizeof(hc->id), git_commit_id(c));
	const git_signature *sig = git_commit_author(c);
	hc->time = sig ? (int64_t)sig->when.time : (int64_t)git_commit_time(c);
	hc->offset = sig ? sig->when.offset : git_commit_time_offset(c);
	hc->author = valid_text(w->a, sig ? sig->name : "");
	/* the summary of a commit whose message does not parse is "" */
	hc->summary = valid_text(w->a, git_commit_summary((git_commit *)(uintptr_t)c));
}

static int
git_fail(struct diag_list *dl, const char *what)
{
	const git_error *e = git_error_last();
	return diag_error(dl, (struct pos){ NULL, 0, 0 }, "git",
			  "cannot read the history (%s): %s", what,
			  e && e->message ? e->message : "unknown libgit2 error");
}

/* A path of the commit's tree as the catalog names it: without the
 * catalog's folder. */
static const char *
in_catalog(const struct walker *w, const char *path)
{
	return path + w->prefix_len;
}

/* Cuts path back to its first len bytes. */
static void
cut(struct sbuf *path, size_t len)
{
	path->len = len;
	path->data[len] = '\0';
}

static void
push_delta(struct walker *w, struct deltas *out, const char *path,
	   const git_tree_entry *old, const git_tree_entry *new)
{
	if (!is_entry_path(path))
		return;
	void *v = out->v;
	xgrow(&v, &out->cap, out->n + 1, sizeof(*out->v));
	out->v = v;
	struct delta *d = &out->v[out->n++];
	memset(d, 0, sizeof(*d));
	d->path = arena_strdup(w->a, path);
	if ((d->had = old != NULL))
		git_oid_cpy(&d->old, git_tree_entry_id(old));
	if ((d->has = new != NULL))
		git_oid_cpy(&d->new, git_tree_entry_id(new));
}

static bool
is_tree(const git_tree_entry *e)
{
	return e && git_tree_entry_type(e) == GIT_OBJECT_TREE;
}

static bool
is_blob(const git_tree_entry *e)
{
	return e && git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
	       git_tree_entry_filemode(e) != GIT_FILEMODE_LINK;
}

static int diff_trees(struct walker *w, git_repository *repo,
		      const git_tree *old, const git_tree *new,
		      struct sbuf *path, struct deltas *out);

/* Entries old and new (either NULL) of the same name, under path. */
static int
diff_entries(struct walker *w, git_repository *repo, const git_tree_entry *old,
	     const git_tree_entry *new, struct sbuf *path, struct deltas *out)
{
	if (old && new && !git_oid_cmp(git_tree_entry_id(old), git_tree_entry_id(new)) &&
	    git_tree_entry_filemode(old) == git_tree_entry_filemode(new))
		return 0;          /* the same: nothing below differs */
	size_t len = path->len;
	sbuf_puts(path, git_tree_entry_name(new ? new : old));
	int rc = 0;
	if (is_tree(old) || is_tree(new)) {
		git_tree *a = NULL, *b = NULL;
		sbuf_putc(path, '/');
		if ((is_tree(old) && git_tree_lookup(&a, repo, git_tree_entry_id(old)) < 0) ||
		    (is_tree(new) && git_tree_lookup(&b, repo, git_tree_entry_id(new)) < 0))
			rc = -1;
		else
			rc = diff_trees(w, repo, a, b, path, out);
		git_tree_free(a);
		git_tree_free(b);
		cut(path, len + strlen(git_tree_entry_name(new ? new : old)));
	}
	/* a file on either side that is not a tree */
	const git_tree_entry *fo = is_blob(old) ? old : NULL, *fn = is_blob(new) ? new : NULL;
	if (rc == 0 && (fo || fn) &&
	    !(fo && fn && !git_oid_cmp(git_tree_entry_id(fo), git_tree_entry_id(fn))))
		push_delta(w, out, in_catalog(w, path->data), fo, fn);
	cut(path, len);
	return rc;
}

/* The files that differ between trees old and new (either NULL: empty)
 * at path ("a/b/"): only subtrees whose ids differ are read. */
static int
diff_trees(struct walker *w, git_repository *repo, const git_tree *old,
	   const git_tree *new, struct sbuf *path, struct deltas *out)
{
	/* both lists are in git's order (git_tree_entry_cmp): walked
	 * side by side, each name compared once (a folder and a file of
	 * the same name are two entries: one deleted, one added) */
	size_t n = new ? git_tree_entrycount(new) : 0;
	size_t m = old ? git_tree_entrycount(old) : 0;
	for (size_t i = 0, k = 0; i < n || k < m; ) {
		const git_tree_entry *e = i < n ? git_tree_entry_byindex(new, i) : NULL;
		const git_tree_entry *o = k < m ? git_tree_entry_byindex(old, k) : NULL;
		int c = !e ? 1 : !o ? -1 : git_tree_entry_cmp(e, o);
		if (diff_entries(w, repo, c >= 0 ? o : NULL, c <= 0 ? e : NULL,
				 path, out) < 0)
			return -1;
		i += c <= 0;
		k += c >= 0;
	}
	return 0;
}

/* The catalog's content/ folder in commit c's tree, or NULL. */
static int
content_of(git_tree **out, const struct walker *w, git_repository *repo,
	   const git_commit *c)
{
	*out = NULL;
	git_tree *root;
	if (git_commit_tree(&root, c) < 0)
		return -1;
	git_tree_entry *e = NULL;
	int rc = git_tree_entry_bypath(&e, root, w->content);
	if (rc == 0 && git_tree_entry_type(e) == GIT_OBJECT_TREE)
		rc = git_tree_lookup(out, repo, git_tree_entry_id(e));
	else if (rc == 0 || rc == GIT_ENOTFOUND)
		rc = 0;        /* no content/ in this commit */
	git_error_clear();
	git_tree_entry_free(e);
	git_tree_free(root);
	return rc;
}

static int
by_path(const void *x, const void *y)
{
	return strcmp(((const struct delta *)x)->path, ((const struct delta *)y)->path);
}

/* Pairs each file deleted by a commit with one it added with the same
 * bytes: the file was renamed or moved. */
static void
pair_renames(struct deltas *ds)
{
	if (ds->n < 2)
		return;    /* qsort(NULL, 0, ...) is undefined: a commit
			      that changed nothing under content/ */
	qsort(ds->v, ds->n, sizeof(*ds->v), by_path);
	for (size_t i = 0; i < ds->n; i++) {
		struct delta *gone = &ds->v[i];
		if (gone->has || !gone->had)
			continue;
		for (size_t k = 0; k < ds->n; k++) {
			struct delta *add = &ds->v[k];
			if (!add->had && add->has && !add->renamed_from &&
			    !git_oid_cmp(&add->new, &gone->old)) {
				add->renamed_from = gone->path;
				add->had = true;
				add->old = gone->old;
				gone->gone = true;
				break;
			}
		}
	}
}

/* Diffs commit c (index i) with its first parent over content/. */
static int
read_commit(struct walker *w, git_repository *repo, git_commit *c, uint32_t i,
	    struct diag_list *dl)
{
	git_tree *tree = NULL, *old = NULL;
	git_commit *parent = NULL;
	struct deltas ds = { NULL, 0, 0 };
	struct sbuf path = SBUF_INIT;
	int rc = -1;
	if (w->has_next && git_oid_equal(&w->next_id, git_commit_id(c))) {
		tree = w->next_tree;
		w->next_tree = NULL;
	} else if (content_of(&tree, w, repo, c) < 0) {
		goto done;
	}
	w->has_next = false;
	git_tree_free(w->next_tree);
	w->next_tree = NULL;
	if (git_commit_parentcount(c) > 0) {
		if (git_commit_parent(&parent, c, 0) < 0) {
			/* a shallow clone's first commit: its parent is
			 * not here, and its files are all "added" */
			w->h->shallow = true;
			git_error_clear();
		} else if (content_of(&old, w, repo, parent) < 0) {
			goto done;
		}
	}
	sbuf_puts(&path, w->content);
	sbuf_putc(&path, '/');
	if ((tree || old) && diff_trees(w, repo, old, tree, &path, &ds) < 0)
		goto done;
	pair_renames(&ds);
	for (size_t k = 0; k < ds.n; k++)
		if (!ds.v[k].gone)
			add_change(w, &ds.v[k], i);
	if (parent) {
		git_oid_cpy(&w->next_id, git_commit_id(parent));
		w->next_tree = old;
		w->has_next = true;
		old = NULL;
	}
	rc = 0;
done:
	if (rc < 0)
		git_fail(dl, git_oid_tostr_s(git_commit_id(c)));
	free(ds.v);
	sbuf_release(&path);
	git_tree_free(old);
	git_tree_free(tree);
	git_commit_free(parent);
	return rc;
}

int
history_read(struct history *h, const struct source_set *src, struct arena *a,
	     struct diag_list *dl)
{
	memset(h, 0, sizeof(*h));
	if (!src->from_git || !src->repo)
		return 0;
	git_repository *repo = src->repo;
	struct walker w = { .h = h, .a = a, .aliases = STRMAP_INIT,
		.prefix = src->prefix && src->prefix[0]
			  ? arena_printf(a, "%s/", src->prefix) : "" };
	w.prefix_len = strlen(w.prefix);
	w.content = arena_printf(a, "%scontent", w.prefix);
	git_revwalk *walk = NULL;
	git_oid id;
	int rc = -1;
	if (git_oid_fromstr(&id, src->commit) < 0 ||
	    git_revwalk_new(&walk, repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) < 0 ||
	    git_revwalk_push(walk, &id) < 0) {
		git_fail(dl, src->commit);
		goto done;
	}
	git_revwalk_simplify_first_parent(walk);
	h->shallow = git_repository_is_shallow(repo) == 1;
	int next;
	while ((next = git_revwalk_next(&id, walk)) == 0) {
		git_commit *c;
		if (git_commit_lookup(&c, repo, &id) < 0) {
			git_fail(dl, git_oid_tostr_s(&id));
			goto done;
		}
		add_commit(&w, c);
		int r = read_commit(&w, repo, c, (uint32_t)(h->n_commits - 1), dl);
		git_commit_free(c);
		if (r < 0)
			goto done;
	}
	if (next != GIT_ITEROVER) {
		/* a shallow clone ends where its objects do */
		if (!h->shallow) {
			git_fail(dl, src->commit);
			goto done;
		}
		git_error_clear();
	}
	rc = 0;
done:
	git_revwalk_free(walk);
	git_tree_free(w.next_tree);
	strmap_release(&w.aliases);
	return rc;
}

void
history_release(struct history *h)
{
	for (size_t i = 0; i < h->files.cap; i++)
		for (const struct history_file *f = h->files.v[i].key
		     ? h->files.v[i].value : NULL; f; f = f->older)
			free(f->v);
	strmap_release(&h->files);
	free(h->commits);
	memset(h, 0, sizeof(*h));
}

const struct history_file *
history_of(const struct history *h, const char *path)
{
	return strmap_get(&h->files, path);
}
