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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "cache.h"
#include "../util/sbuf.h"
#include "../util/utf8.h"
#include "../util/workers.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

/* A path of older commits and the file it names there (NULL: none,
 * once another file took the path). */
struct alias {
	struct history_file *file;
};

/* What files the commits' changes, newest first. */
struct walker {
	struct history *h;
	struct arena *a;
	struct strmap aliases;     /* path → struct alias * */
	size_t cap_commits;
};

/* Trees read by one commit's diff that the next one will want. */
struct kept_trees {
	git_tree **v;
	size_t n, cap;
};

static void
kept_release(struct kept_trees *k)
{
	for (size_t i = 0; i < k->n; i++)
		git_tree_free(k->v[i]);
	k->n = 0;
}

/* One thread's reader of commits (libgit2's objects belong to one
 * thread at a time): its repository, and where it keeps what it reads. */
struct differ {
	git_repository *repo;
	struct arena a;            /* the paths of the changes it reads */
	struct diag_list dl;
	size_t prefix_len;         /* of the catalog's folder and '/' */
	const char *content;       /* that folder and "content" */
	/* the parent's content/ of the commit just read, which is the next
	 * commit of a first-parent walk: read once for both */
	git_oid next_id;
	git_tree *next_tree;
	bool has_next;
	/* and the parent's folders below it that differed: the next
	 * commit's diff reads them again, on its new side */
	struct kept_trees kept, handed;
};

/* s as text a page can show: each invalid byte and control character
 * becomes U+FFFD (util/utf8.h). */
static const char *
valid_text(struct arena *a, const char *s)
{
	return utf8_printable(a, s ? s : "");
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
		/* a newer file has the path (this one was deleted, and the
		 * path added again): this older one hangs from it, and is
		 * kept in the map under a key that no path can be (git's
		 * paths never start with '/'), so that it is still released
		 * and seen by whoever walks every file */
		struct history_file *n = (struct history_file *)(uintptr_t)newer;
		while (n->older)
			n = n->older;
		n->older = f;
		strmap_add(&w->h->files, arena_printf(w->a, "//%zu/%s",
			   w->h->files.n, path), f, NULL);
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

/* Files a commit: its id, its author's date and name, its summary. */
static struct history_commit *
add_commit(struct walker *w, const char *id, int64_t time, int offset,
	   const char *author, const char *summary)
{
	struct history *h = w->h;
	void *v = h->commits;
	xgrow(&v, &w->cap_commits, h->n_commits + 1, sizeof(*h->commits));
	h->commits = v;
	struct history_commit *hc = &h->commits[h->n_commits++];
	memset(hc, 0, sizeof(*hc));
	memcpy(hc->id, id, sizeof(hc->id));
	hc->time = time;
	hc->offset = offset;
	hc->author = author;
	hc->summary = summary;
	return hc;
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
in_catalog(const struct differ *w, const char *path)
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
push_delta(struct differ *w, struct deltas *out, const char *path,
	   const git_tree_entry *old, const git_tree_entry *new)
{
	if (!is_entry_path(path))
		return;
	void *v = out->v;
	xgrow(&v, &out->cap, out->n + 1, sizeof(*out->v));
	out->v = v;
	struct delta *d = &out->v[out->n++];
	memset(d, 0, sizeof(*d));
	d->path = arena_strdup(&w->a, path);
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

/* Tree id: the one the last commit's diff read, when it kept it. */
static int
handed_tree(git_tree **out, struct differ *w, git_repository *repo,
	    const git_oid *id)
{
	struct kept_trees *h = &w->handed;
	for (size_t i = 0; i < h->n; i++)
		if (git_oid_equal(git_tree_id(h->v[i]), id)) {
			*out = h->v[i];
			h->v[i] = h->v[--h->n];
			return 0;
		}
	return git_tree_lookup(out, repo, id);
}

static void
keep_tree(struct kept_trees *k, git_tree *t)
{
	if (!t)
		return;
	void *v = k->v;
	xgrow(&v, &k->cap, k->n + 1, sizeof(*k->v));
	k->v = v;
	k->v[k->n++] = t;
}

static int diff_trees(struct differ *w, git_repository *repo,
		      const git_tree *old, const git_tree *new,
		      struct sbuf *path, struct deltas *out);

/* Entries old and new (either NULL) of the same name, under path. */
static int
diff_entries(struct differ *w, git_repository *repo, const git_tree_entry *old,
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
		    (is_tree(new) && handed_tree(&b, w, repo, git_tree_entry_id(new)) < 0))
			rc = -1;
		else
			rc = diff_trees(w, repo, a, b, path, out);
		keep_tree(&w->kept, a);
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
diff_trees(struct differ *w, git_repository *repo, const git_tree *old,
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
content_of(git_tree **out, const struct differ *w, git_repository *repo,
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

/* Renames found by likeness, not identity, are looked for among at most
 * this many (deleted, added) pairs of one commit, in files of at most
 * this many bytes (git has the same kind of limit, diff.renameLimit):
 * a commit that moves a whole folder and rewrites every file in it
 * does not cost minutes. */
enum { LIKENESS_PAIRS = 10000, LIKENESS_BYTES = 256 * 1024 };

/* A file's lines as hashes (with their lengths), sorted. */
struct lines {
	struct line { uint64_t hash; size_t len; } *v;
	size_t n;
	size_t bytes;
};

static int
by_hash(const void *x, const void *y)
{
	const struct line *a = x, *b = y;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->len < b->len ? -1 : a->len > b->len;
}

/* The lines of the blob id, or false when it cannot be read or is too
 * large to compare. */
static bool
lines_of(struct lines *out, git_repository *repo, const git_oid *id)
{
	memset(out, 0, sizeof(*out));
	git_blob *blob;
	if (git_blob_lookup(&blob, repo, id) < 0) {
		git_error_clear();
		return false;
	}
	const char *p = git_blob_rawcontent(blob);
	size_t len = (size_t)git_blob_rawsize(blob);
	if (len > LIKENESS_BYTES) {
		git_blob_free(blob);
		return false;
	}
	size_t cap = 0;
	for (size_t at = 0; at < len; ) {
		const char *nl = memchr(p + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - p) + 1 : len;
		void *grown = out->v;
		xgrow(&grown, &cap, out->n + 1, sizeof(*out->v));
		out->v = grown;
		out->v[out->n++] = (struct line){ strmap_hash(p + at, end - at), end - at };
		at = end;
	}
	out->bytes = len;
	git_blob_free(blob);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), by_hash);
	return true;
}

/* How alike two files are, 0 to 100: the bytes of the lines both have
 * (a line as often as both have it), against the larger's bytes. */
static int
likeness(const struct lines *a, const struct lines *b)
{
	size_t common = 0, big = a->bytes > b->bytes ? a->bytes : b->bytes;
	for (size_t i = 0, k = 0; i < a->n && k < b->n; ) {
		int c = by_hash(&a->v[i], &b->v[k]);
		if (c == 0)
			common += a->v[i].len;
		i += c <= 0;
		k += c >= 0;
	}
	return big ? (int)(common * 100 / big) : 100;
}

struct match {
	size_t gone, add;
	int score;
};

static int
by_score(const void *x, const void *y)
{
	const struct match *a = x, *b = y;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->gone != b->gone)
		return a->gone < b->gone ? -1 : 1;
	return a->add < b->add ? -1 : a->add > b->add;
}

static void
pair(struct delta *gone, struct delta *add)
{
	add->renamed_from = gone->path;
	add->had = true;
	add->old = gone->old;
	gone->gone = true;
}

/* The name a file gives its entry: its file name without ".md", or its
 * folder's for a bundle's index file ("a/b/index.md": "b"); a moved
 * file keeps it.  Into out (at most size bytes). */
static void
stem(const char *path, char *out, size_t size)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t len = strlen(base);
	if (!strncmp(base, "index.", 6) && base > path + 1) {
		const char *end = base - 1, *start = end;
		while (start > path && start[-1] != '/')
			start--;
		/* "index.md" → "b", "index.en.md" → "b.en" */
		const char *suffix = base + 5;
		snprintf(out, size, "%.*s%.*s", (int)(end - start), start,
			 (int)(strlen(suffix) - 3), suffix);
		return;
	}
	snprintf(out, size, "%.*s", (int)(len > 3 ? len - 3 : len), base);
}

/* How alike a deleted and an added file must be to be one file renamed
 * and edited: half their bytes when they keep their name (moved to
 * another folder), four fifths when the name changed too, since two
 * entries of one catalog share many lines (a province, a decision) and
 * a removed product's links must never lead to another one. */
enum { ALIKE_SAME_NAME = 50, ALIKE_RENAMED = 80 };

/* Pairs the files a commit deleted with those it added that are alike
 * enough (likeness(), ALIKE_*), the most alike first: a file renamed
 * or moved and edited in the same commit. */
static void
pair_alike(struct deltas *ds, git_repository *repo)
{
	size_t n_gone = 0, n_add = 0;
	for (size_t i = 0; i < ds->n; i++) {
		const struct delta *d = &ds->v[i];
		n_gone += d->had && !d->has && !d->gone;
		n_add += !d->had && d->has;
	}
	if (!n_gone || !n_add || n_gone * n_add > LIKENESS_PAIRS)
		return;
	struct lines *lines = xcalloc(ds->n, sizeof(*lines));
	bool *read = xcalloc(ds->n, sizeof(*read));
	for (size_t i = 0; i < ds->n; i++) {
		const struct delta *d = &ds->v[i];
		if (d->had && !d->has && !d->gone)
			read[i] = lines_of(&lines[i], repo, &d->old);
		else if (!d->had && d->has)
			read[i] = lines_of(&lines[i], repo, &d->new);
	}
	struct match *m = xmalloc(n_gone * n_add * sizeof(*m));
	size_t n = 0;
	for (size_t i = 0; i < ds->n; i++) {
		if (!read[i] || ds->v[i].has)
			continue;
		for (size_t k = 0; k < ds->n; k++) {
			if (!read[k] || ds->v[k].had)
				continue;
			int score = likeness(&lines[i], &lines[k]);
			char a[256], b[256];
			stem(ds->v[i].path, a, sizeof(a));
			stem(ds->v[k].path, b, sizeof(b));
			if (score >= (strcmp(a, b) ? ALIKE_RENAMED : ALIKE_SAME_NAME))
				m[n++] = (struct match){ i, k, score };
		}
	}
	if (n > 1)
		qsort(m, n, sizeof(*m), by_score);
	for (size_t j = 0; j < n; j++) {
		struct delta *gone = &ds->v[m[j].gone], *add = &ds->v[m[j].add];
		if (!gone->gone && !add->renamed_from)
			pair(gone, add);
	}
	for (size_t i = 0; i < ds->n; i++)
		free(lines[i].v);
	free(lines);
	free(read);
	free(m);
}

/* Pairs each file deleted by a commit with one it added with the same
 * bytes, then with one alike enough: the file was renamed or moved (and
 * perhaps edited). */
static void
pair_renames(struct deltas *ds, git_repository *repo)
{
	if (ds->n > 1)
		qsort(ds->v, ds->n, sizeof(*ds->v), by_path);
	for (size_t i = 0; i < ds->n; i++) {
		struct delta *gone = &ds->v[i];
		if (gone->has || !gone->had)
			continue;
		for (size_t k = 0; k < ds->n; k++) {
			struct delta *add = &ds->v[k];
			if (!add->had && add->has && !add->renamed_from &&
			    !git_oid_cmp(&add->new, &gone->old)) {
				pair(gone, add);
				break;
			}
		}
	}
	pair_alike(ds, repo);
}

/* What one commit changed under content/, and where the walk goes
 * next: its first parent, when the repository has it. */
struct reading {
	struct deltas ds;
	bool has_parent;
	git_oid parent;
	bool cacheable;            /* false at a shallow clone's end, where
				      the parent is missing, not absent */
};

/* Diffs commit c with its first parent over content/. */
static int
read_commit(struct differ *w, git_repository *repo, git_commit *c,
	    struct reading *out, struct diag_list *dl)
{
	git_tree *tree = NULL, *old = NULL;
	git_commit *parent = NULL;
	struct sbuf path = SBUF_INIT;
	int rc = -1;
	out->cacheable = true;
	if (w->has_next && git_oid_equal(&w->next_id, git_commit_id(c))) {
		tree = w->next_tree;
		w->next_tree = NULL;
	} else {
		kept_release(&w->handed);
		if (content_of(&tree, w, repo, c) < 0)
			goto done;
	}
	w->has_next = false;
	git_tree_free(w->next_tree);
	w->next_tree = NULL;
	if (git_commit_parentcount(c) > 0) {
		if (git_commit_parent(&parent, c, 0) < 0) {
			/* a shallow clone's first commit: its parent is
			 * not here, and its files are all "added" */
			out->cacheable = false;
			git_error_clear();
		} else if (content_of(&old, w, repo, parent) < 0) {
			goto done;
		}
	}
	sbuf_puts(&path, w->content);
	sbuf_putc(&path, '/');
	if ((tree || old) && diff_trees(w, repo, old, tree, &path, &out->ds) < 0)
		goto done;
	pair_renames(&out->ds, repo);
	if (parent) {
		out->has_parent = true;
		git_oid_cpy(&out->parent, git_commit_id(parent));
		git_oid_cpy(&w->next_id, git_commit_id(parent));
		w->next_tree = old;
		w->has_next = true;
		old = NULL;
	}
	rc = 0;
done:
	/* what this diff kept is handed to the next commit's */
	kept_release(&w->handed);
	struct kept_trees swap = w->handed;
	w->handed = w->kept;
	w->kept = swap;
	if (!w->has_next)
		kept_release(&w->handed);
	if (rc < 0)
		git_fail(dl, git_oid_tostr_s(git_commit_id(c)));
	sbuf_release(&path);
	git_tree_free(old);
	git_tree_free(tree);
	git_commit_free(parent);
	return rc;
}

/* Flags of a commit's record in the cache, and of each of its changes. */
enum { REC_PARENT = 1, REC_HAD = 2, REC_HAS = 4, REC_RENAMED = 8 };

/* The cache's record of commit hc and what it read (load/cache.h):
 * the commit's date, author and summary, its first parent, and the
 * files it changed, renames paired; object ids in their 20 bytes. */
static void
save_reading(struct cache *cache, const struct history_commit *hc,
	     const struct reading *rd)
{
	struct sbuf sb = SBUF_INIT;
	record_put_i64(&sb, hc->time);
	record_put_u32(&sb, (uint32_t)hc->offset);
	record_put_str(&sb, hc->author);
	record_put_str(&sb, hc->summary);
	record_put_u32(&sb, rd->has_parent ? REC_PARENT : 0);
	if (rd->has_parent)
		record_put_raw(&sb, rd->parent.id, GIT_OID_RAWSZ);
	uint32_t n = 0;
	for (size_t k = 0; k < rd->ds.n; k++)
		n += !rd->ds.v[k].gone;
	record_put_u32(&sb, n);
	for (size_t k = 0; k < rd->ds.n; k++) {
		const struct delta *d = &rd->ds.v[k];
		if (d->gone)
			continue;
		record_put_u32(&sb, (d->had ? REC_HAD : 0) | (d->has ? REC_HAS : 0) |
			       (d->renamed_from ? REC_RENAMED : 0));
		record_put_str(&sb, d->path);
		if (d->renamed_from)
			record_put_str(&sb, d->renamed_from);
		if (d->had)
			record_put_raw(&sb, d->old.id, GIT_OID_RAWSZ);
		if (d->has)
			record_put_raw(&sb, d->new.id, GIT_OID_RAWSZ);
	}
	cache_add(cache, CACHE_COMMITS, hc->id, sbuf_span(&sb));
	sbuf_release(&sb);
}

/* An object id of a record into *out. */
static void
record_oid(struct record_reader *r, git_oid *out)
{
	const unsigned char *raw = record_raw(r, GIT_OID_RAWSZ);
	if (raw)
		git_oid_fromraw(out, raw);
}

/* A commit of the first-parent line, and what it changed. */
struct link {
	char id[41];
	int64_t time;
	int offset;
	const char *author, *summary;
	bool cached;               /* its reading came from the cache */
	bool failed;               /* reading it from git failed */
	unsigned worker;           /* which differ read it */
	struct reading rd;
};

/*
 * Commit l->id as the cache read it before, into l; false (l left as it
 * was) when the cache has no sound record of it, or when its parent was
 * met already (a record cannot be trusted then) or, with check_parent,
 * is not in the repository (a clone made shallow since).
 */
static bool
cached_reading(struct cache *cache, git_odb *odb, const struct strmap *seen,
	       bool check_parent, struct arena *a, struct link *l)
{
	struct span v;
	if (!cache || !cache_find(cache, CACHE_COMMITS, l->id, &v))
		return false;
	struct record_reader r = { (const unsigned char *)v.p,
		(const unsigned char *)v.p + v.len, false };
	struct reading rd;
	memset(&rd, 0, sizeof(rd));
	int64_t time = record_i64(&r);
	int offset = (int)record_u32(&r);
	const char *author = record_str(&r), *summary = record_str(&r);
	uint32_t flags = record_u32(&r);
	if (flags & REC_PARENT) {
		record_oid(&r, &rd.parent);
		rd.has_parent = true;
	}
	uint32_t n = record_u32(&r);
	if (r.bad || !author || !summary || flags > REC_PARENT || n > v.len)
		return false;
	for (uint32_t k = 0; k < n && !r.bad; k++) {
		void *grown = rd.ds.v;
		xgrow(&grown, &rd.ds.cap, rd.ds.n + 1, sizeof(*rd.ds.v));
		rd.ds.v = grown;
		struct delta *d = &rd.ds.v[rd.ds.n++];
		memset(d, 0, sizeof(*d));
		uint32_t what = record_u32(&r);
		const char *path = record_str(&r);
		const char *from = what & REC_RENAMED ? record_str(&r) : NULL;
		if ((d->had = what & REC_HAD))
			record_oid(&r, &d->old);
		if ((d->has = what & REC_HAS))
			record_oid(&r, &d->new);
		if (!path || !is_entry_path(path) || (!d->had && !d->has) ||
		    what > (REC_HAD | REC_HAS | REC_RENAMED) ||
		    ((what & REC_RENAMED) && (!from || !d->had || !is_entry_path(from))))
			r.bad = true;
		d->path = path ? arena_strdup(a, path) : NULL;
		d->renamed_from = from ? arena_strdup(a, from) : NULL;
	}
	char parent[41];
	if (!r.bad && r.p == r.end && rd.has_parent &&
	    (strmap_has(seen, git_oid_tostr(parent, sizeof(parent), &rd.parent)) ||
	     (check_parent && !git_odb_exists(odb, &rd.parent))))
		r.bad = true;
	if (r.bad || r.p != r.end) {
		free(rd.ds.v);
		return false;
	}
	l->time = time;
	l->offset = offset;
	l->author = arena_strdup(a, author);
	l->summary = arena_strdup(a, summary);
	l->cached = true;
	l->rd = rd;
	return true;
}

/* The commits of the first-parent line from start, newest first, with
 * the readings the cache has of them; the others' dates, authors and
 * messages from git. */
struct chain {
	struct link *v;
	size_t n, cap;
};

static int
read_chain(struct chain *ch, git_repository *repo, git_odb *odb,
	   struct cache *cache, const char *start, struct arena *a,
	   struct diag_list *dl)
{
	/* in a clone that is not shallow every commit's parent is there */
	bool check_parent = git_repository_is_shallow(repo) == 1;
	struct strmap seen = STRMAP_INIT;
	git_oid id;
	int rc = -1;
	if (git_oid_fromstr(&id, start) < 0) {
		git_fail(dl, start);
		goto done;
	}
	for (;;) {
		void *grown = ch->v;
		xgrow(&grown, &ch->cap, ch->n + 1, sizeof(*ch->v));
		ch->v = grown;
		struct link *l = &ch->v[ch->n++];
		memset(l, 0, sizeof(*l));
		git_oid_tostr(l->id, sizeof(l->id), &id);
		if (!cached_reading(cache, odb, &seen, check_parent, a, l)) {
			l->rd.cacheable = true;
			git_commit *c;
			if (git_commit_lookup(&c, repo, &id) < 0) {
				git_fail(dl, l->id);
				goto done;
			}
			const git_signature *sig = git_commit_author(c);
			l->time = sig ? (int64_t)sig->when.time : (int64_t)git_commit_time(c);
			l->offset = sig ? sig->when.offset : git_commit_time_offset(c);
			l->author = valid_text(a, sig ? sig->name : "");
			/* the summary of a commit whose message does not
			 * parse is "" */
			l->summary = valid_text(a, git_commit_summary(c));
			/* a shallow clone's first commit has a parent that
			 * is not here: its files are all "added" */
			const git_oid *parent = git_commit_parentcount(c) > 0
				? git_commit_parent_id(c, 0) : NULL;
			if (parent && git_odb_exists(odb, parent)) {
				l->rd.has_parent = true;
				git_oid_cpy(&l->rd.parent, parent);
			}
			git_commit_free(c);
		}
		strmap_add(&seen, arena_strdup(a, l->id), NULL, NULL);
		if (!l->rd.has_parent)
			break;
		id = l->rd.parent;
	}
	rc = 0;
done:
	strmap_release(&seen);
	return rc;
}

/* Commits a thread reads in one run: consecutive commits share a
 * folder (one's parent is the next), and a run is worth a thread. */
enum { HISTORY_RUN = 64 };

/* The differs and the links they read: ctx of read_one(). */
struct readers {
	struct differ *d;
	struct link *chain;
	size_t *todo;              /* the links the cache did not have */
};

static bool
read_one(void *ctx, unsigned worker, size_t i)
{
	struct readers *r = ctx;
	struct differ *d = &r->d[worker];
	struct link *l = &r->chain[r->todo[i]];
	git_oid id;
	git_commit *c = NULL;
	l->worker = worker;
	if (git_oid_fromstr(&id, l->id) < 0 || git_commit_lookup(&c, d->repo, &id) < 0) {
		git_fail(&d->dl, l->id);
		l->failed = true;
		return false;
	}
	struct reading rd;
	memset(&rd, 0, sizeof(rd));
	l->failed = read_commit(d, d->repo, c, &rd, &d->dl) < 0;
	/* where the walk goes was decided by read_chain(); a commit whose
	 * parent is not here is a shallow clone's end, never kept */
	rd.cacheable = rd.cacheable &&
		       (l->rd.has_parent || git_commit_parentcount(c) == 0);
	rd.has_parent = l->rd.has_parent;
	rd.parent = l->rd.parent;
	git_commit_free(c);
	l->rd = rd;
	return !l->failed;
}

/* Reads the links of ch the cache did not have from git, on up to jobs
 * threads, each with its own repository (the first src's).  Returns 0,
 * or -1 after filing the diag of the first link that failed. */
static int
read_links(struct chain *ch, const struct source_set *src, unsigned jobs,
	   struct arena *a, struct diag_list *dl)
{
	size_t *todo = xmalloc((ch->n ? ch->n : 1) * sizeof(*todo));
	size_t n = 0;
	for (size_t i = 0; i < ch->n; i++)
		if (!ch->v[i].cached)
			todo[n++] = i;
	if (jobs > n / HISTORY_RUN)
		jobs = (unsigned)(n / HISTORY_RUN);
	if (jobs < 1)
		jobs = 1;
	if (jobs > WORKERS_MAX)
		jobs = WORKERS_MAX;
	const char *prefix = src->prefix && src->prefix[0]
		? arena_printf(a, "%s/", src->prefix) : "";
	struct differ *d = xcalloc(jobs, sizeof(*d));
	struct source_set *more = xcalloc(jobs, sizeof(*more));
	unsigned ready = 0;
	for (; ready < jobs; ready++) {
		if (ready && source_reopen(&more[ready], src) < 0)
			break;
		d[ready] = (struct differ){
			.repo = ready ? more[ready].repo : src->repo,
			.a = ARENA_INIT, .dl = DIAG_LIST_INIT,
			.prefix_len = strlen(prefix),
			.content = arena_printf(a, "%scontent", prefix) };
	}
	struct readers r = { d, ch->v, todo };
	if (n)
		workers_run(n, ready, HISTORY_RUN, read_one, &r);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const struct link *l = &ch->v[todo[i]];
		if (l->failed) {
			const struct diag_list *from = &d[l->worker].dl;
			for (size_t k = 0; k < from->n; k++)
				diag_copy(dl, &from->v[k]);
			rc = -1;
		}
	}
	for (unsigned k = 0; k < ready; k++) {
		git_tree_free(d[k].next_tree);
		kept_release(&d[k].kept);
		kept_release(&d[k].handed);
		free(d[k].kept.v);
		free(d[k].handed.v);
		arena_adopt(a, &d[k].a);
		diag_list_release(&d[k].dl);
		if (k)
			source_close(&more[k]);
	}
	free(more);
	free(d);
	free(todo);
	return rc;
}

int
history_read(struct history *h, const struct source_set *src,
	     struct cache *cache, unsigned jobs, struct arena *a,
	     struct diag_list *dl)
{
	memset(h, 0, sizeof(*h));
	if (!src->from_git || !src->repo)
		return 0;
	git_repository *repo = src->repo;
	struct walker w = { .h = h, .a = a, .aliases = STRMAP_INIT };
	struct chain ch = { NULL, 0, 0 };
	git_odb *odb = NULL;
	int rc = -1;
	if (git_repository_odb(&odb, repo) < 0) {
		git_fail(dl, src->commit);
		goto done;
	}
	h->shallow = git_repository_is_shallow(repo) == 1;
	/* the first-parent line, from the commit read to the first commit
	 * (a merge counts as one commit that brings its branch's changes);
	 * then what the cache did not know, on every core; then each
	 * commit's changes filed, newest first */
	if (read_chain(&ch, repo, odb, cache, src->commit, a, dl) < 0 ||
	    read_links(&ch, src, jobs, a, dl) < 0)
		goto done;
	for (size_t i = 0; i < ch.n; i++) {
		const struct link *l = &ch.v[i];
		const struct history_commit *hc = add_commit(&w, l->id, l->time,
			l->offset, l->author, l->summary);
		if (!l->cached && !l->rd.cacheable)
			h->shallow = true;
		else if (!l->cached && cache)
			save_reading(cache, hc, &l->rd);
		for (size_t k = 0; k < l->rd.ds.n; k++)
			if (!l->rd.ds.v[k].gone)
				add_change(&w, &l->rd.ds.v[k], (uint32_t)i);
	}
	rc = 0;
done:
	for (size_t i = 0; i < ch.n; i++)
		free(ch.v[i].rd.ds.v);
	free(ch.v);
	git_odb_free(odb);
	strmap_release(&w.aliases);
	return rc;
}

void
history_release(struct history *h)
{
	/* every file is in the map once (an older one of a path under
	 * its own key): freed once each */
	for (size_t i = 0; i < h->files.cap; i++)
		if (h->files.v[i].key)
			free(((struct history_file *)(uintptr_t)h->files.v[i].value)->v);
	strmap_release(&h->files);
	free(h->commits);
	memset(h, 0, sizeof(*h));
}

const struct history_file *
history_of(const struct history *h, const char *path)
{
	return strmap_get(&h->files, path);
}
