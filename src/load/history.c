/*
 * history.c - the entries' git history (history.h): a first-parent walk
 * from the commit read, each commit's tree diffed with its parent's over
 * content/ (all commits a level of folders at a time: read_links()),
 * the changes filed by file, newest first.
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

/* A folder that differs between a commit (a link of the chain) and its
 * parent: its path in the commit's tree ("content/products/"), its
 * tree on each side (had, has: there). */
struct folder {
	const char *path;
	git_oid old, new;
	bool had, has;
	uint32_t link;
};

struct folders {
	struct folder *v;
	size_t n, cap;
};

/* A file that differs, and the link whose commit changed it. */
struct found {
	uint32_t link;
	struct delta d;
};

/* One thread's reader (libgit2's objects belong to one thread at a
 * time): its repository, and what it finds, kept apart from the other
 * threads' until the level is read. */
struct differ {
	git_repository *repo;
	struct arena a;            /* the paths of what it finds */
	struct diag_list dl;
	size_t prefix_len;         /* of the catalog's folder and '/' */
	struct folders below;      /* the next level's folders */
	struct found *found;
	size_t n_found, cap_found;
	size_t failed_at;          /* the first item that failed, or SIZE_MAX */
	size_t failed_diag;        /* and its diag in dl */
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

static void
push_found(struct differ *w, uint32_t link, const char *path,
	   const git_tree_entry *old, const git_tree_entry *new)
{
	if (!is_entry_path(path))
		return;
	void *v = w->found;
	xgrow(&v, &w->cap_found, w->n_found + 1, sizeof(*w->found));
	w->found = v;
	struct found *f = &w->found[w->n_found++];
	memset(f, 0, sizeof(*f));
	f->link = link;
	struct delta *d = &f->d;
	d->path = path;
	if ((d->had = old != NULL))
		git_oid_cpy(&d->old, git_tree_entry_id(old));
	if ((d->has = new != NULL))
		git_oid_cpy(&d->new, git_tree_entry_id(new));
}

static void
push_folder(struct folders *out, const char *path, uint32_t link,
	    const git_oid *old, const git_oid *new)
{
	void *v = out->v;
	xgrow(&v, &out->cap, out->n + 1, sizeof(*out->v));
	out->v = v;
	struct folder *f = &out->v[out->n++];
	memset(f, 0, sizeof(*f));
	f->path = path;
	f->link = link;
	if ((f->had = old != NULL))
		git_oid_cpy(&f->old, old);
	if ((f->has = new != NULL))
		git_oid_cpy(&f->new, new);
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

/* Entries old and new (either NULL) of the same name in folder f: a
 * file that differs is found, a folder that differs is one of the next
 * level's. */
static void
compare_entries(struct differ *w, const struct folder *f,
		const git_tree_entry *old, const git_tree_entry *new)
{
	if (old && new && !git_oid_cmp(git_tree_entry_id(old), git_tree_entry_id(new)) &&
	    git_tree_entry_filemode(old) == git_tree_entry_filemode(new))
		return;            /* the same: nothing below differs */
	const char *name = git_tree_entry_name(new ? new : old);
	if (is_tree(old) || is_tree(new))
		push_folder(&w->below, arena_printf(&w->a, "%s%s/", f->path, name),
			    f->link, is_tree(old) ? git_tree_entry_id(old) : NULL,
			    is_tree(new) ? git_tree_entry_id(new) : NULL);
	/* a file on either side that is not a tree */
	const git_tree_entry *fo = is_blob(old) ? old : NULL, *fn = is_blob(new) ? new : NULL;
	if ((fo || fn) && !(fo && fn && !git_oid_cmp(git_tree_entry_id(fo), git_tree_entry_id(fn)))) {
		const char *path = arena_printf(&w->a, "%s%s", f->path, name);
		push_found(w, f->link, in_catalog(w, path), fo, fn);
	}
}

/* The entries that differ between folder f's trees old and new (either
 * NULL: empty). */
static void
compare_trees(struct differ *w, const struct folder *f, const git_tree *old,
	      const git_tree *new)
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
		compare_entries(w, f, c >= 0 ? o : NULL, c <= 0 ? e : NULL);
		i += c <= 0;
		k += c >= 0;
	}
}

/* The id of the catalog's content/ folder (path) in commit c's tree:
 * 1 and *out, 0 when it has none, -1 when the tree cannot be read. */
static int
content_id(git_oid *out, const char *path, const git_commit *c)
{
	git_tree *root;
	if (git_commit_tree(&root, c) < 0)
		return -1;
	git_tree_entry *e = NULL;
	int rc = git_tree_entry_bypath(&e, root, path);
	if (rc == 0 && git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		git_oid_cpy(out, git_tree_entry_id(e));
		rc = 1;
	} else if (rc == 0 || rc == GIT_ENOTFOUND) {
		rc = 0;        /* no content/ in this commit */
	}
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

/* Commits whose content/ a thread reads in one run. */
enum { HISTORY_RUN = 64 };

/*
 * The links the cache did not have are read from git a level of folders
 * at a time: first the content/ folder of each commit and of its parent,
 * then the folders of those that differ, then theirs.  A level's folders
 * are read by path, and for each path newest first: a folder's older
 * version is most often the newer one's delta base in the pack, which
 * libgit2 has just rebuilt and keeps in its small cache of bases.  Read
 * commit by commit, as the walk goes, each version was rebuilt from the
 * start of its chain, up to 50 deltas (git's default depth): 3 s of the
 * 4 s the walk took at 20,000 commits.
 */

/* The folders of one path a thread reads in one go: a path's versions
 * are read newest first, each reusing the tree the last one read. */
enum { HISTORY_SLICE = 512 };

/* What the threads of read_links() share, read-only while they run. */
struct level {
	struct differ *d;
	const struct link *chain;
	/* phase one: the links whose content/ is wanted, and what it is */
	const size_t *wanted;
	git_oid *content;          /* by link */
	signed char *has_content;  /* by link: 1, 0 (none) */
	bool *cacheable;           /* by link */
	const char *content_path;
	/* then a level of folders, sorted by path and link, in slices */
	const struct folder *folders;
	const size_t *slice;       /* slice k is [slice[k], slice[k + 1]) */
};

/* Files the failure of item of worker w (the first it met). */
static bool
failed(struct differ *w, size_t item, const char *commit)
{
	git_fail(&w->dl, commit);
	if (item < w->failed_at) {
		w->failed_at = item;
		w->failed_diag = w->dl.n - 1;
	}
	return false;
}

/* The content/ folder of wanted link i, and whether its reading can be
 * kept: not at a shallow clone's end, where the parent is missing, not
 * absent. */
static bool
read_content(void *ctx, unsigned worker, size_t i)
{
	struct level *lv = ctx;
	struct differ *d = &lv->d[worker];
	size_t k = lv->wanted[i];
	const struct link *l = &lv->chain[k];
	git_oid id;
	git_commit *c = NULL;
	int rc;
	if (git_oid_fromstr(&id, l->id) < 0 || git_commit_lookup(&c, d->repo, &id) < 0 ||
	    (rc = content_id(&lv->content[k], lv->content_path, c)) < 0) {
		git_commit_free(c);
		return failed(d, i, l->id);
	}
	lv->has_content[k] = (signed char)rc;
	lv->cacheable[k] = l->rd.has_parent || git_commit_parentcount(c) == 0;
	git_commit_free(c);
	return true;
}

/* Slice i of a level: each folder's two trees compared, the newer one
 * most often the tree the folder before read as its older. */
static bool
read_slice(void *ctx, unsigned worker, size_t i)
{
	struct level *lv = ctx;
	struct differ *d = &lv->d[worker];
	git_tree *last = NULL;     /* the last folder's older tree */
	bool ok = true;
	for (size_t k = lv->slice[i]; k < lv->slice[i + 1] && ok; k++) {
		const struct folder *f = &lv->folders[k];
		git_tree *old = NULL, *new = NULL;
		if (f->has && last && git_oid_equal(git_tree_id(last), &f->new)) {
			new = last;
			last = NULL;
		}
		git_tree_free(last);
		last = NULL;
		if ((f->has && !new && git_tree_lookup(&new, d->repo, &f->new) < 0) ||
		    (f->had && git_tree_lookup(&old, d->repo, &f->old) < 0))
			ok = failed(d, i, lv->chain[f->link].id);
		else
			compare_trees(d, f, old, new);
		git_tree_free(new);
		last = old;
	}
	git_tree_free(last);
	return ok;
}

static int
by_folder(const void *x, const void *y)
{
	const struct folder *a = x, *b = y;
	int c = strcmp(a->path, b->path);
	if (c)
		return c;
	return a->link < b->link ? -1 : a->link > b->link;
}

/* Runs fn over n items on the differs d[0 .. ready); -1 after filing the
 * diag of the first item that failed. */
static int
run_level(struct level *lv, unsigned ready, size_t n, size_t chunk,
	  workers_fn fn, struct diag_list *dl)
{
	for (unsigned k = 0; k < ready; k++)
		lv->d[k].failed_at = SIZE_MAX;
	workers_run(n, ready, chunk, fn, lv);
	const struct differ *first = NULL;
	for (unsigned k = 0; k < ready; k++)
		if (lv->d[k].failed_at != SIZE_MAX &&
		    (!first || lv->d[k].failed_at < first->failed_at))
			first = &lv->d[k];
	if (!first)
		return 0;
	diag_copy(dl, &first->dl.v[first->failed_diag]);
	return -1;
}

/* The folders of the links to read that differ from their parent's
 * (the parent's folder absent: all added), from phase one. */
static void
first_level(struct folders *out, const struct level *lv, size_t n_chain,
	    const char *path)
{
	for (size_t i = 0; i < n_chain; i++) {
		const struct link *l = &lv->chain[i];
		if (l->cached)
			continue;
		const git_oid *new = lv->has_content[i] ? &lv->content[i] : NULL;
		const git_oid *old = l->rd.has_parent && i + 1 < n_chain &&
				     lv->has_content[i + 1] ? &lv->content[i + 1] : NULL;
		if ((old || new) && !(old && new && git_oid_equal(old, new)))
			push_folder(out, path, (uint32_t)i, old, new);
	}
}

/* Reads the links of ch the cache did not have from git, on up to jobs
 * threads, each with its own repository (the first src's).  Returns 0,
 * or -1 after filing the diag of the first that failed. */
static int
read_links(struct chain *ch, const struct source_set *src, unsigned jobs,
	   struct arena *a, struct diag_list *dl)
{
	/* the links to read, and their parents (the next link) */
	size_t *wanted = xmalloc((ch->n ? ch->n : 1) * sizeof(*wanted));
	size_t n_todo = 0, n_wanted = 0;
	for (size_t i = 0; i < ch->n; i++) {
		n_todo += !ch->v[i].cached;
		if (!ch->v[i].cached || (i && !ch->v[i - 1].cached && ch->v[i - 1].rd.has_parent))
			wanted[n_wanted++] = i;
	}
	if (!n_todo) {
		free(wanted);
		return 0;
	}
	if (jobs > n_todo / HISTORY_RUN)
		jobs = (unsigned)(n_todo / HISTORY_RUN);
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
			.prefix_len = strlen(prefix) };
	}
	struct level lv = { .d = d, .chain = ch->v, .wanted = wanted,
		.content = xcalloc(ch->n, sizeof(*lv.content)),
		.has_content = xcalloc(ch->n, sizeof(*lv.has_content)),
		.cacheable = xcalloc(ch->n, sizeof(*lv.cacheable)),
		.content_path = arena_printf(a, "%scontent", prefix) };
	struct folders level = { NULL, 0, 0 };
	size_t *slice = NULL, cap_slice = 0;
	int rc = run_level(&lv, ready, n_wanted, HISTORY_RUN, read_content, dl);
	if (rc == 0)
		first_level(&level, &lv, ch->n, arena_printf(a, "%s/", lv.content_path));
	while (rc == 0 && level.n) {
		qsort(level.v, level.n, sizeof(*level.v), by_folder);
		size_t n_slices = 0;
		for (size_t i = 0; i < level.n; i++) {
			if (i && !strcmp(level.v[i].path, level.v[i - 1].path) &&
			    i - slice[n_slices - 1] < HISTORY_SLICE)
				continue;
			void *grown = slice;
			xgrow(&grown, &cap_slice, n_slices + 2, sizeof(*slice));
			slice = grown;
			slice[n_slices++] = i;
		}
		slice[n_slices] = level.n;
		lv.folders = level.v;
		lv.slice = slice;
		rc = run_level(&lv, ready, n_slices, 1, read_slice, dl);
		/* the folders that differ below these are the next level */
		level.n = 0;
		for (unsigned k = 0; k < ready; k++) {
			for (size_t i = 0; i < d[k].below.n; i++)
				push_folder(&level, d[k].below.v[i].path, d[k].below.v[i].link,
					    d[k].below.v[i].had ? &d[k].below.v[i].old : NULL,
					    d[k].below.v[i].has ? &d[k].below.v[i].new : NULL);
			d[k].below.n = 0;
		}
	}
	if (rc == 0) {
		/* each link's files, by path (pair_renames() sorts them) */
		for (unsigned k = 0; k < ready; k++)
			for (size_t i = 0; i < d[k].n_found; i++) {
				struct deltas *ds = &ch->v[d[k].found[i].link].rd.ds;
				void *grown = ds->v;
				xgrow(&grown, &ds->cap, ds->n + 1, sizeof(*ds->v));
				ds->v = grown;
				ds->v[ds->n++] = d[k].found[i].d;
			}
		for (size_t i = 0; i < ch->n; i++) {
			struct link *l = &ch->v[i];
			if (l->cached)
				continue;
			pair_renames(&l->rd.ds, src->repo);
			l->rd.cacheable = lv.cacheable[i];
		}
	}
	for (unsigned k = 0; k < ready; k++) {
		free(d[k].below.v);
		free(d[k].found);
		arena_adopt(a, &d[k].a);
		diag_list_release(&d[k].dl);
		if (k)
			source_close(&more[k]);
	}
	free(level.v);
	free(slice);
	free(lv.content);
	free(lv.has_content);
	free(lv.cacheable);
	free(more);
	free(d);
	free(wanted);
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
