/*
 * source.c - the catalog's files, from a commit's tree or from disk.
 *
 * Both readers walk the same scope with the same rules, so a build from
 * HEAD and a build with --worktree of a clean checkout list the same
 * paths: at the catalog root only site.yaml, content/ and themes/ are
 * looked at (a repository's src/ or tests/ folders are never opened, and
 * their blobs never read); below that, everything except names starting
 * with '.'.  Symbolic links are listed, never followed.  Submodules
 * (commit entries in a tree, mode 160000 in the index, a folder holding
 * .git on disk) are skipped with the same warning in every mode: their
 * content is not in this repository.  A bare repository is refused in
 * every mode, before anything is read.
 *
 * Only what every build parses is read while walking (read_now():
 * site.yaml, the entries, the theme, link targets).  Other files are
 * listed with their size (from the blob's header, or lstat) and read by
 * source_load() when a later stage needs them: an unused 800 MB file is
 * never read, and one that is published is read once, on disk straight
 * into the arena.
 *
 * Entries are collected in a heap vector while walking, then sorted by
 * path (strcmp, bytewise) and copied into the caller's arena, so the
 * result does not depend on the order of tree entries or of readdir().
 * The worktree reader also sorts each folder's names before visiting
 * them, so that when several files are unreadable the one reported is
 * always the same.
 *
 * On disk, folders are opened relative to their parent's descriptor with
 * O_NOFOLLOW (openat, fstatat, readlinkat), so a symbolic link swapped in
 * during the walk is never followed and paths never grow beyond what the
 * kernel accepts.
 *
 * Every failure files one diag and returns -1: code "git" for libgit2
 * (its message appended), "io" for the disk (strerror appended).  The
 * walk stops at the first one: a catalog with a missing file must not be
 * published.  Loose objects are inflated by loose.c, not by libgit2, so
 * that a damaged one is an error naming it rather than a hang.
 */
#include "source.h"
#include "loose.h"
#include "packorder.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "../util/file.h"
#include "../util/sbuf.h"
#include "../util/workers.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

enum {
	MAX_DEPTH = 100,     /* folders below the catalog root */
};

enum what { WHAT_FOLDER, WHAT_FILE, WHAT_STAGED };

/* A blob of v[index] that read_now() wants, read after the walk. */
struct pending {
	size_t index;
	git_oid id;
	uint64_t key;          /* its place in the packs */
	enum what what;
};

struct walk {
	struct arena *a;
	struct arena *entries;     /* the bytes of the entries' files */
	struct diag_list *dl;
	git_repository *repo;  /* borrowed; NULL when reading the disk */
	git_odb *odb;          /* repo's, for sizes of blobs not read */
	struct loose_guard *guard;   /* in odb, which owns it */
	const char *root;      /* the catalog folder, for diags */
	struct source *v;      /* heap while collecting, then copied */
	size_t n, cap;
	struct sbuf path;      /* current path relative to the root */
	struct pending *pending;   /* blobs to read once the walk is done */
	size_t n_pending, cap_pending;
};


static const char *
last_git_error(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown libgit2 error";
}

/*
 * Whether a top-level entry belongs to the catalog.  Only content/ and
 * themes/ are entered; a link or file named like them is listed (as what
 * it is) so later stages can say why the folder looks empty.
 */
static bool
in_scope(const char *name, bool is_dir)
{
	if (!strcmp(name, "content") || !strcmp(name, "themes"))
		return true;
	return !is_dir && !strcmp(name, "site.yaml");
}

/* Appends "/name" (or "name" at the root); returns the length to go
 * back to with path_pop(). */
static size_t
path_push(struct sbuf *p, const char *name)
{
	size_t mark = p->len;
	if (mark)
		sbuf_putc(p, '/');
	sbuf_puts(p, name);
	return mark;
}

static void
path_pop(struct sbuf *p, size_t mark)
{
	p->len = mark;
	if (p->cap)
		p->data[mark] = '\0';
}

/* The current path, copied into the arena (diags keep a borrowed path). */
static const char *
path_copy(struct walk *w)
{
	return arena_strndup(w->a, w->path.data, w->path.len);
}

/*
 * Whether source_open() reads the file at once: what every build parses
 * (site.yaml, the entries, the theme).  The rest is read on demand by
 * source_load(), so an unused large file costs nothing.
 */
static bool
read_now(const char *path, size_t len)
{
	if (!strcmp(path, "site.yaml") || !strncmp(path, "themes/", 7))
		return true;
	return !strncmp(path, "content/", 8) && len > 3
	       && !strcmp(path + len - 3, ".md");
}

/* An entry's file (a .md file under content/, not a link), whose bytes
 * source_drop_entries() frees once the catalog is read. */
static bool
is_entry_file(const char *path, size_t len, bool is_link)
{
	return !is_link && !strncmp(path, "content/", 8) && len > 3 &&
	       !strcmp(path + len - 3, ".md");
}

bool
source_is_entry(const struct source *s)
{
	return is_entry_file(s->path, strlen(s->path), s->is_symlink);
}

static struct source *
push(struct walk *w)
{
	void *v = w->v;
	xgrow(&v, &w->cap, w->n + 1, sizeof(*w->v));
	w->v = v;
	struct source *s = &w->v[w->n++];
	memset(s, 0, sizeof(*s));
	s->path = path_copy(w);
	return s;
}

static int
too_deep(struct walk *w)
{
	const char *p = path_copy(w);
	return diag_error(w->dl, (struct pos){ p, 0, 0 }, "io",
			  "\"%s\" is nested too deeply (more than %d folders)",
			  p, MAX_DEPTH);
}

static int
cmp_path(const void *x, const void *y)
{
	const struct source *a = x, *b = y;
	return strcmp(a->path, b->path);
}

/* ------------------------------------------------------------------ */
/* From a commit                                                      */
/* ------------------------------------------------------------------ */

/* One literal per case, so that msg.c translates the whole message. */
static int
read_fail(struct diag_list *dl, struct loose_guard *guard, const char *root,
	  const char *p, enum what what, const git_oid *id)
{
	if (loose_guard_diag(dl, guard, id, p, root) < 0)
		return -1;
	struct pos at = { p, 0, 0 };
	switch (what) {
	case WHAT_FOLDER:
		return diag_error(dl, at, "git", "cannot read the folder "
				  "\"%s\" from the repository: %s", p,
				  last_git_error());
	case WHAT_FILE:
		return diag_error(dl, at, "git", "cannot read the file "
				  "\"%s\" from the repository: %s", p,
				  last_git_error());
	case WHAT_STAGED:
		break;
	}
	return diag_error(dl, at, "git", "cannot read the staged file "
			  "\"%s\" from the repository: %s", p, last_git_error());
}

static int
git_fail(struct walk *w, enum what what, const git_oid *id)
{
	return read_fail(w->dl, w->guard, w->root, path_copy(w), what, id);
}

/*
 * A submodule (a commit in a tree, mode 160000 in the index) or, on
 * disk, a folder holding .git: another repository, whose files are not
 * in this catalog's commits.  Said the same way in every mode, so HEAD
 * and --worktree builds of a clean checkout agree.  Always returns 0.
 */
static int
submodule(struct walk *w)
{
	const char *p = path_copy(w);
	diag_warning(w->dl, (struct pos){ p, 0, 0 }, "submodule",
		     "\"%s\" is a git submodule: skipped, its files are not "
		     "part of this catalog", p);
	return 0;
}

static int walk_tree(struct walk *w, const git_tree *tree, int depth);

static int
tree_entry_folder(struct walk *w, const git_tree_entry *e, int depth)
{
	if (depth > MAX_DEPTH)
		return too_deep(w);
	git_tree *sub;
	if (git_tree_lookup(&sub, w->repo, git_tree_entry_id(e)) < 0)
		return git_fail(w, WHAT_FOLDER, git_tree_entry_id(e));
	int err = walk_tree(w, sub, depth);
	git_tree_free(sub);
	return err;
}

/*
 * Lists the blob id at the current path.  When read_now() says so, or it
 * is a link, the blob is read after the walk (read_pending()); else only
 * its size is taken, from the object's header (git_odb_read_header()
 * inflates no more than that).
 */
static int
git_file(struct walk *w, const git_oid *id, bool is_link, enum what what)
{
	struct source s = { .is_symlink = is_link };
	git_oid_tostr(s.oid, sizeof(s.oid), id);
	if (is_link || read_now(w->path.data, w->path.len)) {
		void *v = w->pending;
		xgrow(&v, &w->cap_pending, w->n_pending + 1, sizeof(*w->pending));
		w->pending = v;
		w->pending[w->n_pending++] = (struct pending){
			.index = w->n, .id = *id, .what = what,
		};
	} else {
		git_object_t type;
		if (git_odb_read_header(&s.size, &type, w->odb, id) < 0)
			return git_fail(w, what, id);
	}
	struct source *to = push(w);
	s.path = to->path;
	*to = s;
	return 0;
}

/* Packed blobs in the order they lie in their packs (packorder.h), then
 * the loose ones in the order of the walk. */
static int
cmp_pending(const void *x, const void *y)
{
	const struct pending *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/*
 * One thread of read_pending(): libgit2's objects belong to one thread
 * at a time, so each reader but the first opens the repository again,
 * with its own loose-object guard, and copies into its own arena.
 */
struct reader {
	struct walk *w;
	git_repository *repo;
	git_odb *odb;              /* NULL for the walk's own */
	struct loose_guard *guard;
	struct arena a, entries;   /* as the walk's a and entries */
	struct diag_list dl;
	size_t failed;             /* pending number; SIZE_MAX: none */
};

static bool
read_one(void *ctx, unsigned worker, size_t i)
{
	struct reader *r = (struct reader *)ctx + worker;
	const struct pending *p = &r->w->pending[i];
	struct source *s = &r->w->v[p->index];
	git_blob *blob;
	if (git_blob_lookup(&blob, r->repo, &p->id) < 0) {
		read_fail(&r->dl, r->guard, r->w->root, s->path, p->what, &p->id);
		r->failed = i;
		return false;
	}
	git_object_size_t size = git_blob_rawsize(blob);
	if (size >= SIZE_MAX) {
		git_blob_free(blob);
		diag_error(&r->dl, (struct pos){ s->path, 0, 0 }, "git",
			   "\"%s\" is too large to read", s->path);
		r->failed = i;
		return false;
	}
	s->size = (size_t)size;
	struct arena *to = source_is_entry(s) ? &r->entries : &r->a;
	s->data.p = arena_strndup(to, git_blob_rawcontent(blob), s->size);
	s->data.len = s->size;
	git_blob_free(blob);
	return true;
}

/* A reader of its own repository, or -1 when it cannot be opened (one
 * reader fewer, never an error: the others read everything). */
static int
reader_open(struct reader *r, struct walk *w)
{
	*r = (struct reader){ .w = w, .failed = SIZE_MAX, .a = ARENA_INIT,
			      .entries = ARENA_INIT, .dl = DIAG_LIST_INIT };
	if (git_repository_open(&r->repo, git_repository_path(w->repo)) < 0)
		return -1;
	if (git_repository_odb(&r->odb, r->repo) == 0 &&
	    (r->guard = loose_guard_install(r->repo, r->odb)))
		return 0;
	git_odb_free(r->odb);
	git_repository_free(r->repo);
	return -1;
}

/*
 * Reads every pending blob into the arena, in the order of the packs,
 * on up to `jobs` threads, each taking one run of that order (so the
 * delta bases it needs are the ones it has just read).  The problem
 * reported is the first in that order, whatever the number of threads:
 * a reader finishes its run unless it fails (workers.h).
 */
/* Leaves out of w's pending blobs the entries' files skip says need
 * not be read (source.h).  out is the set being opened, its repository
 * and folder known. */
static void
skip_known(struct walk *w, const struct source_set *out,
	   const struct source_skip *skip)
{
	size_t kept = 0;
	for (size_t i = 0; i < w->n_pending; i++) {
		const struct source *s = &w->v[w->pending[i].index];
		if (!(source_is_entry(s) && skip->has(skip->ctx, out, s)))
			w->pending[kept++] = w->pending[i];
	}
	w->n_pending = kept;
}

static int
read_pending(struct walk *w, unsigned jobs)
{
	struct pack_order *po = pack_order_open(
		arena_printf(w->a, "%sobjects", git_repository_commondir(w->repo)));
	for (size_t i = 0; i < w->n_pending; i++)
		w->pending[i].key = pack_order_key(po, w->pending[i].id.id);
	pack_order_close(po);
	if (w->n_pending > 1)
		qsort(w->pending, w->n_pending, sizeof(*w->pending), cmp_pending);

	/* a thread is worth its start for a few hundred files only */
	if (jobs > w->n_pending / 256)
		jobs = (unsigned)(w->n_pending / 256);
	if (jobs < 1)
		jobs = 1;
	if (jobs > WORKERS_MAX)
		jobs = WORKERS_MAX;
	struct reader r[WORKERS_MAX];
	r[0] = (struct reader){ .w = w, .repo = w->repo, .guard = w->guard,
				.failed = SIZE_MAX, .a = ARENA_INIT,
				.entries = ARENA_INIT, .dl = DIAG_LIST_INIT };
	unsigned n = 1;
	while (n < jobs && reader_open(&r[n], w) == 0)
		n++;
	size_t run = (w->n_pending + n - 1) / n;
	workers_run(w->n_pending, n, run ? run : 1, read_one, r);

	int worst = -1;
	for (unsigned k = 0; k < n; k++)
		if (r[k].failed != SIZE_MAX &&
		    (worst < 0 || r[k].failed < r[worst].failed))
			worst = (int)k;
	if (worst >= 0)
		for (size_t i = 0; i < r[worst].dl.n; i++)
			diag_copy(w->dl, &r[worst].dl.v[i]);
	for (unsigned k = 0; k < n; k++) {
		arena_adopt(w->a, &r[k].a);
		arena_adopt(w->entries, &r[k].entries);
		diag_list_release(&r[k].dl);
		if (k) {
			git_odb_free(r[k].odb);
			git_repository_free(r[k].repo);
		}
	}
	return worst >= 0 ? -1 : 0;
}

static int
tree_entry_file(struct walk *w, const git_tree_entry *e)
{
	git_filemode_t mode = git_tree_entry_filemode(e);
	return git_file(w, git_tree_entry_id(e), mode == GIT_FILEMODE_LINK,
			WHAT_FILE);
}

/* depth 0 is the catalog root, where the scope applies. */
static int
walk_tree(struct walk *w, const git_tree *tree, int depth)
{
	size_t count = git_tree_entrycount(tree);
	for (size_t i = 0; i < count; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(e);
		git_object_t type = git_tree_entry_type(e);
		if (name[0] == '.')
			continue;
		bool folder = type == GIT_OBJECT_TREE
			      || type == GIT_OBJECT_COMMIT;
		if (!folder && type != GIT_OBJECT_BLOB)
			continue;
		if (depth == 0 && !in_scope(name, folder))
			continue;
		size_t mark = path_push(&w->path, name);
		int err = type == GIT_OBJECT_COMMIT ? submodule(w)
			: type == GIT_OBJECT_TREE
			? tree_entry_folder(w, e, depth + 1)
			: tree_entry_file(w, e);
		path_pop(&w->path, mark);
		if (err < 0)
			return err;
	}
	return 0;
}

static bool
is_full_id(const char *s)
{
	return strlen(s) == GIT_OID_HEXSZ
	       && strspn(s, "0123456789abcdefABCDEF") == GIT_OID_HEXSZ;
}

/* Resolves rev (or HEAD when rev is NULL) to a commit. */
static int
resolve_commit(git_commit **out, struct walk *w, const char *rev,
	       struct pos at)
{
	*out = NULL;
	if (!rev) {
		int unborn = git_repository_head_unborn(w->repo);
		if (unborn == 1)
			return diag_error(w->dl, at, "git", "the repository "
					  "has no commit yet: commit the "
					  "catalog first, or build the files "
					  "on disk with --worktree");
		if (unborn < 0)
			return diag_error(w->dl, at, "git",
					  "cannot read HEAD: %s",
					  last_git_error());
	}
	const char *spec = rev ? rev : "HEAD";
	git_object *obj = NULL, *peeled;
	git_reference *ref;
	int err;
	/* A ref (HEAD, a branch, a tag) is resolved to an id here, so that
	 * a damaged object fails in git_object_lookup(): libgit2's revparse
	 * leaks the reference when that fails.  A full id is left to it, as
	 * it prefers ids to refs, and so is anything else (HEAD~1, 1a2b3c4). */
	if (!is_full_id(spec) && git_reference_dwim(&ref, w->repo, spec) == 0) {
		git_oid id;
		err = git_reference_name_to_id(&id, w->repo,
					       git_reference_name(ref));
		git_reference_free(ref);
		if (err == 0)
			err = git_object_lookup(&obj, w->repo, &id,
						GIT_OBJECT_ANY);
	} else {
		err = git_revparse_single(&obj, w->repo, spec);
	}
	if (err < 0 && loose_guard_diag(w->dl, w->guard, NULL, NULL, w->root) < 0)
		return -1;
	if (err == GIT_ENOTFOUND || err == GIT_EINVALIDSPEC)
		return diag_error(w->dl, at, "git", "unknown revision \"%s\"",
				  spec);
	if (err == GIT_EAMBIGUOUS)
		return diag_error(w->dl, at, "git",
				  "ambiguous revision \"%s\": %s", spec,
				  last_git_error());
	if (err < 0)
		return diag_error(w->dl, at, "git",
				  "cannot read revision \"%s\": %s", spec,
				  last_git_error());
	err = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (err < 0 && loose_guard_diag(w->dl, w->guard, NULL, NULL, w->root) < 0)
		return -1;
	if (err < 0)
		return diag_error(w->dl, at, "git",
				  "revision \"%s\" is not a commit: %s", spec,
				  last_git_error());
	*out = (git_commit *)peeled;
	return 0;
}

/*
 * The catalog's path inside the repository's tree, "" for the root.
 * Both sides go through realpath() so that a symlinked /tmp or a
 * relative dir compare equal.  Caller frees *out with free().
 */
static int
catalog_prefix(char **out, struct walk *w, const char *dir, struct pos at)
{
	*out = NULL;
	const char *workdir = git_repository_workdir(w->repo);
	if (!workdir || git_repository_is_bare(w->repo)) {
		*out = xstrdup("");
		return 0;
	}
	char *real_dir = realpath(dir, NULL);
	if (!real_dir)
		return diag_error(w->dl, at, "io", "cannot read \"%s\": %s",
				  dir, strerror(errno));
	char *real_work = realpath(workdir, NULL);
	if (!real_work) {
		int e = errno;
		free(real_dir);
		return diag_error(w->dl, at, "io", "cannot read \"%s\": %s",
				  workdir, strerror(e));
	}
	size_t n = strlen(real_work);
	if (n && real_work[n - 1] == '/')
		n--;    /* the workdir is "/" itself */
	int err = 0;
	if (!strncmp(real_dir, real_work, n)
	    && (real_dir[n] == '\0' || real_dir[n] == '/'))
		*out = xstrdup(real_dir + n + (real_dir[n] == '/'));
	else
		err = diag_error(w->dl, at, "git",
				 "the catalog \"%s\" is outside the working "
				 "folder of its repository \"%s\"", dir,
				 workdir);
	free(real_dir);
	free(real_work);
	return err;
}

static int
read_commit(struct source_set *out, struct walk *w, const char *rev)
{
	struct pos at = { out->root, 0, 0 };
	git_commit *commit = NULL;
	git_tree *tree = NULL, *sub = NULL;
	git_tree_entry *entry = NULL;
	char *prefix = NULL;
	int err;

	if ((err = resolve_commit(&commit, w, rev, at)) < 0)
		goto out;
	git_oid_tostr(out->commit, sizeof(out->commit), git_commit_id(commit));
	if (git_commit_tree(&tree, commit) < 0) {
		err = loose_guard_diag(w->dl, w->guard, NULL, NULL, w->root);
		if (err == 0)
			err = diag_error(w->dl, at, "git", "cannot read the "
					 "tree of commit %s: %s", out->commit,
					 last_git_error());
		goto out;
	}
	if ((err = catalog_prefix(&prefix, w, out->root, at)) < 0)
		goto out;
	out->prefix = arena_strdup(w->a, prefix);
	if (!prefix[0]) {
		err = walk_tree(w, tree, 0);
		goto out;
	}
	err = git_tree_entry_bypath(&entry, tree, prefix);
	if (err == GIT_ENOTFOUND
	    || (err == 0 && git_tree_entry_type(entry) != GIT_OBJECT_TREE)) {
		err = diag_error(w->dl, at, "git",
				 "the catalog folder \"%s\" is not in commit "
				 "%.7s: commit it first, or build the files "
				 "on disk with --worktree", prefix,
				 out->commit);
		goto out;
	}
	if (err < 0 || git_tree_lookup(&sub, w->repo,
				       git_tree_entry_id(entry)) < 0) {
		err = loose_guard_diag(w->dl, w->guard,
				   entry ? git_tree_entry_id(entry) : NULL,
				   prefix, w->root);
		if (err == 0)
			err = diag_error(w->dl, at, "git", "cannot read \"%s\" "
					 "in commit %s: %s", prefix,
					 out->commit, last_git_error());
		goto out;
	}
	err = walk_tree(w, sub, 0);
out:
	free(prefix);
	git_tree_entry_free(entry);
	git_tree_free(sub);
	git_tree_free(tree);
	git_commit_free(commit);
	return err;
}

/*
 * What is staged for the next commit: the index's entries under the
 * catalog, read as blobs, so a pre-commit hook checks exactly what the
 * commit will hold, whatever the files on disk say.
 */
static bool
staged_in_scope(const char *rel, bool gitlink)
{
	size_t top = strcspn(rel, "/");
	char name[16];
	if (top >= sizeof(name))
		return false;
	memcpy(name, rel, top);
	name[top] = '\0';
	if (!in_scope(name, rel[top] == '/' || gitlink))
		return false;
	for (const char *p = rel; *p; p += strcspn(p, "/"), p += *p == '/')
		if (*p == '.')
			return false;       /* a dot-file or dot-folder */
	return true;
}

static int
read_index(struct source_set *out, struct walk *w)
{
	struct pos at = { out->root, 0, 0 };
	git_index *index = NULL;
	char *prefix = NULL;
	int err = 0;
	if (git_repository_index(&index, w->repo) < 0) {
		err = diag_error(w->dl, at, "git", "cannot read the staging area: %s",
				 last_git_error());
		goto out;
	}
	if ((err = catalog_prefix(&prefix, w, out->root, at)) < 0)
		goto out;
	size_t plen = strlen(prefix);
	size_t count = git_index_entrycount(index);
	for (size_t i = 0; i < count && !err; i++) {
		const git_index_entry *e = git_index_get_byindex(index, i);
		const char *rel = e->path;
		if (plen) {
			if (strncmp(rel, prefix, plen) || rel[plen] != '/')
				continue;
			rel += plen + 1;
		}
		if (!staged_in_scope(rel, (e->mode & 0170000) == 0160000))
			continue;
		sbuf_reset(&w->path);
		sbuf_puts(&w->path, rel);
		if ((e->mode & 0170000) == 0160000) {
			submodule(w);
			continue;
		}
		if (git_index_entry_stage(e) != 0) {
			const char *p = path_copy(w);
			err = diag_error(w->dl, (struct pos){ p, 0, 0 }, "git",
					 "\"%s\" has a merge conflict: resolve it and stage the result", p);
			break;
		}
		err = git_file(w, &e->id, (e->mode & 0170000) == 0120000,
			       WHAT_STAGED);
	}
out:
	free(prefix);
	git_index_free(index);
	return err;
}

/* ------------------------------------------------------------------ */
/* From disk                                                          */
/* ------------------------------------------------------------------ */

static int
io_fail(struct walk *w, int e)
{
	const char *p = path_copy(w);
	return diag_error(w->dl, (struct pos){ p, 0, 0 }, "io",
			  "cannot read \"%s\": %s", p, strerror(e));
}

/*
 * Reads the regular file open at fd, whose size fstat() gave, straight
 * into the arena: no growing buffer, no second copy.  A file that shrank
 * since is read as it now is; one that grew is cut at that size, so what
 * was listed and checked against a limit is what is read.  Returns 0 or
 * an errno value (fd is left open).
 */
static int
read_fd(struct span *out, int fd, size_t size, struct arena *a)
{
	char *buf = arena_alloc(a, xadd(size, 1));
	size_t len = 0;
	while (len < size) {
		ssize_t r = read(fd, buf + len, size - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return errno;
		if (r == 0)
			break;
		len += (size_t)r;
	}
	buf[len] = '\0';
	*out = (struct span){ buf, len };
	return 0;
}

/* A regular file (lstat said so): read now, or only listed with the
 * size st gave, for source_load() to read. */
static int
disk_file(struct walk *w, int dfd, const char *name, const struct stat *st)
{
	struct source s = { .size = (size_t)st->st_size };
	if (read_now(w->path.data, w->path.len)) {
		/* O_NONBLOCK: if a FIFO was swapped in since fstatat, do
		 * not hang */
		int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
				O_NOCTTY | O_CLOEXEC);
		if (fd < 0)
			return io_fail(w, errno);
		struct stat now;
		int e = fstat(fd, &now) < 0 ? errno
			: S_ISREG(now.st_mode)
			? read_fd(&s.data, fd, (size_t)now.st_size,
				  is_entry_file(w->path.data, w->path.len, false)
				  ? w->entries : w->a)
			: EINVAL;
		close(fd);
		if (e)
			return io_fail(w, e);
		s.size = s.data.len;
	}
	struct source *to = push(w);
	s.path = to->path;
	*to = s;
	return 0;
}

static int
disk_link(struct walk *w, int dfd, const char *name, const struct stat *st)
{
	/* st_size is the target's length, except on filesystems that
	 * report 0: grow until readlink leaves room to spare */
	size_t cap = st->st_size > 0 ? (size_t)st->st_size + 1 : 256;
	for (;;) {
		char *buf = xmalloc(cap);
		ssize_t r = readlinkat(dfd, name, buf, cap);
		if (r < 0) {
			int e = errno;
			free(buf);
			return io_fail(w, e);
		}
		if ((size_t)r < cap) {
			struct source *s = push(w);
			s->data.p = arena_strndup(w->a, buf, (size_t)r);
			s->data.len = (size_t)r;
			s->size = (size_t)r;
			s->is_symlink = true;
			free(buf);
			return 0;
		}
		free(buf);
		cap = xmul(cap, 2);
	}
}

/* Whether the folder name in dfd is a repository of its own: it holds
 * .git, a file (a submodule) or a folder. */
static bool
is_repository(int dfd, const char *name)
{
	char git[NAME_MAX + sizeof("/.git")];
	struct stat st;
	snprintf(git, sizeof(git), "%s/.git", name);
	return fstatat(dfd, git, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

static int
disk_entry(void *ctx, int dfd, const char *name, int depth)
{
	struct walk *w = ctx;
	/* at the root, skip src/, tests/... before even a stat */
	if (depth == 0 && !in_scope(name, true) && !in_scope(name, false))
		return 0;
	struct stat st;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return io_fail(w, errno);
	if (depth == 0 && !in_scope(name, S_ISDIR(st.st_mode)))
		return 0;
	if (S_ISDIR(st.st_mode))
		return is_repository(dfd, name) ? submodule(w) : FILE_WALK_ENTER;
	if (S_ISLNK(st.st_mode))
		return disk_link(w, dfd, name, &st);
	if (S_ISREG(st.st_mode))
		return disk_file(w, dfd, name, &st);
	const char *p = path_copy(w);
	diag_warning(w->dl, (struct pos){ p, 0, 0 }, "io",
		     "\"%s\" is not a file, a folder or a symbolic link: "
		     "skipped", p);
	return 0;
}

static int
disk_fail(void *ctx, enum file_walk_fail why, int err)
{
	struct walk *w = ctx;
	return why == FILE_WALK_TOO_DEEP ? too_deep(w) : io_fail(w, err);
}

static int
read_worktree(struct walk *w, const char *root)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return diag_error(w->dl, (struct pos){ root, 0, 0 }, "io",
				  "cannot read the catalog folder \"%s\": %s",
				  root, strerror(errno));
	struct file_walker fw = { &w->path, MAX_DEPTH, w, disk_entry,
				  disk_fail };
	return file_walk(&fw, fd);
}

/* ------------------------------------------------------------------ */
/* Public                                                             */
/* ------------------------------------------------------------------ */

/*
 * A bare repository has objects but no files: building there would
 * write output/ into the repository itself.  Refused in every mode, at
 * the repository's folder (absolute, so the hint can be pasted as is).
 */
static int
bare(struct diag_list *dl, struct arena *a, git_repository *repo)
{
	const char *gitdir = git_repository_path(repo);
	size_t n = strlen(gitdir);
	while (n > 1 && gitdir[n - 1] == '/')
		n--;
	const char *p = arena_strndup(a, gitdir, n);
	return diag_error(dl, (struct pos){ p, 0, 0 }, "git",
			  "\"%s\" is a bare git repository, which has no "
			  "files to build: clone it (git clone %s catalog) and "
			  "build in the clone", p, p);
}

int
source_open(struct source_set *out, const char *dir, enum source_mode mode,
	    const char *rev, unsigned jobs, const struct source_skip *skip,
	    struct arena *a, struct diag_list *dl)
{
	assert(out && dir && a && dl);
	assert(mode != SOURCE_REV || rev);

	*out = (struct source_set){ .entries = ARENA_INIT };
	out->root = arena_strdup(a, dir);
	struct walk w = { .a = a, .entries = &out->entries, .dl = dl,
			  .root = out->root, .path = SBUF_INIT };
	int err;

	git_repository *repo = NULL;
	err = git_repository_open_ext(&repo, dir, 0, NULL);
	if (err == 0 && git_repository_is_bare(repo)) {
		err = bare(dl, a, repo);
		git_repository_free(repo);
	} else if (mode == SOURCE_WORKTREE) {
		/* opened only to refuse a bare repository: its failures
		 * (no repository here) do not matter to the disk */
		git_repository_free(repo);
		err = read_worktree(&w, out->root);
	} else {
		if (err == GIT_ENOTFOUND && mode == SOURCE_STAGED) {
			err = diag_error(dl, (struct pos){ out->root, 0, 0 },
					 "git", "--staged needs a git repository, and \"%s\" is not in one",
					 dir);
		} else if (err == GIT_ENOTFOUND && mode == SOURCE_HEAD) {
			out->fell_back = true;
			err = read_worktree(&w, out->root);
		} else if (err < 0) {
			err = diag_error(dl, (struct pos){ out->root, 0, 0 },
					 "git", "cannot open the repository at "
					 "\"%s\": %s", dir, last_git_error());
		} else if (git_repository_odb(&w.odb, repo) < 0
			   || !(w.guard = loose_guard_install(repo, w.odb))) {
			err = diag_error(dl, (struct pos){ out->root, 0, 0 },
					 "git", "cannot open the repository at "
					 "\"%s\": %s", dir, last_git_error());
			git_repository_free(repo);
		} else {
			out->repo = repo;
			out->from_git = true;
			w.repo = repo;
			err = mode == SOURCE_STAGED
				? read_index(out, &w)
				: read_commit(out, &w,
					      mode == SOURCE_REV ? rev : NULL);
			if (err == 0 && skip)
				skip_known(&w, out, skip);
			if (err == 0)
				err = read_pending(&w, jobs);
		}
	}

	if (err == 0) {
		if (w.n > 1)
			qsort(w.v, w.n, sizeof(*w.v), cmp_path);
		out->v = arena_array(a, w.n, sizeof(*out->v));
		if (w.n)
			memcpy(out->v, w.v, w.n * sizeof(*w.v));
		out->n = w.n;
	} else {
		/* nothing for the caller to close after a failure */
		source_close(out);
		out->from_git = false;
		out->commit[0] = '\0';
	}
	free(w.v);
	free(w.pending);
	git_odb_free(w.odb);
	sbuf_release(&w.path);
	return err < 0 ? -1 : 0;
}

void
source_close(struct source_set *s)
{
	if (!s)
		return;
	git_repository_free(s->repo);
	s->repo = NULL;
	arena_release(&s->entries);
}

int
source_reopen(struct source_set *out, const struct source_set *s)
{
	*out = *s;
	out->entries = (struct arena)ARENA_INIT;
	out->repo = NULL;
	if (!s->repo)
		return 0;
	git_repository *repo;
	git_odb *odb;
	if (git_repository_open(&repo, git_repository_path(s->repo)) < 0)
		return -1;
	if (git_repository_odb(&odb, repo) < 0) {
		git_repository_free(repo);
		return -1;
	}
	struct loose_guard *guard = loose_guard_install(repo, odb);
	git_odb_free(odb);         /* the repository keeps its own */
	if (!guard) {
		git_repository_free(repo);
		return -1;
	}
	out->repo = repo;
	return 0;
}

void
source_drop_entries(struct source_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct source *f = &s->v[i];
		if (f->data.p && source_is_entry(f))
			f->data = (struct span){ NULL, 0 };
	}
	arena_release(&s->entries);
}

/* A too-large file: in MiB when max is a whole number of them, as
 * fm.c says it for entries. */
static int
too_large(const struct source *s, size_t size, size_t max,
	  struct diag_list *dl)
{
	struct pos at = { s->path, 0, 0 };
	if (max >= (1u << 20) && max % (1u << 20) == 0 && max >> 20 <= INT_MAX)
		return diag_error(dl, at, "size",
				  "file is larger than %d MiB (%zu bytes)",
				  (int)(max >> 20), size);
	return diag_error(dl, at, "size",
			  "file is larger than %zu bytes (%zu bytes)", max,
			  size);
}

static int
load_blob(struct span *out, const struct source_set *set,
	  const struct source *s, size_t max, struct arena *a,
	  struct diag_list *dl)
{
	struct pos at = { s->path, 0, 0 };
	if (s->size > max)     /* from the header: nothing inflated */
		return too_large(s, s->size, max, dl);
	git_oid id;
	if (git_oid_fromstr(&id, s->oid) < 0)
		return diag_error(dl, at, "git", "cannot read the file \"%s\" "
				  "from the repository: %s", s->path,
				  last_git_error());
	git_blob *blob;
	if (git_blob_lookup(&blob, set->repo, &id) < 0) {
		if (loose_guard_diag(dl, loose_guard_of(set->repo), &id, s->path,
				 set->root) < 0)
			return -1;
		return diag_error(dl, at, "git", "cannot read the file \"%s\" "
				  "from the repository: %s", s->path,
				  last_git_error());
	}
	git_object_size_t size = git_blob_rawsize(blob);
	int err = 0;
	if (size > max)
		err = too_large(s, (size_t)size, max, dl);
	else
		*out = (struct span){ arena_strndup(a, git_blob_rawcontent(blob),
						    (size_t)size),
				      (size_t)size };
	git_blob_free(blob);
	return err;
}

/*
 * Opens path below the folder root, one component at a time with
 * O_NOFOLLOW, so that no symbolic link is followed anywhere, not even
 * one swapped in since source_open() listed the file.  Returns the
 * descriptor, or -1 with errno set.
 */
static int
open_beneath(const char *root, const char *path)
{
	int dfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -1;
	char name[NAME_MAX + 1];
	for (;;) {
		size_t n = strcspn(path, "/");
		if (n == 0 || n > NAME_MAX || (n == 1 && path[0] == '.')
		    || (n == 2 && path[0] == '.' && path[1] == '.')) {
			close(dfd);
			errno = EINVAL;
			return -1;
		}
		memcpy(name, path, n);
		name[n] = '\0';
		bool last = path[n] == '\0';
		/* O_NONBLOCK: a FIFO swapped in must not hang the build */
		int fd = openat(dfd, name, last
				? O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
				  O_NOCTTY | O_CLOEXEC
				: O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
				  O_CLOEXEC);
		int e = errno;
		close(dfd);
		if (fd < 0) {
			errno = e;
			return -1;
		}
		if (last)
			return fd;
		dfd = fd;
		path += n + 1;
	}
}

static int
load_disk(struct span *out, const struct source_set *set,
	  const struct source *s, size_t max, struct arena *a,
	  struct diag_list *dl)
{
	struct pos at = { s->path, 0, 0 };
	int fd = open_beneath(set->root, s->path);
	if (fd < 0)
		return diag_error(dl, at, "io", "cannot read \"%s\": %s",
				  s->path, strerror(errno));
	struct stat st;
	int e = fstat(fd, &st) < 0 ? errno : S_ISREG(st.st_mode) ? 0 : EINVAL;
	if (e) {
		close(fd);
		return diag_error(dl, at, "io", "cannot read \"%s\": %s",
				  s->path, strerror(e));
	}
	if ((uintmax_t)st.st_size > max) {
		close(fd);
		return too_large(s, (size_t)st.st_size, max, dl);
	}
	e = read_fd(out, fd, (size_t)st.st_size, a);
	close(fd);
	if (e)
		return diag_error(dl, at, "io", "cannot read \"%s\": %s",
				  s->path, strerror(e));
	return 0;
}

int
source_load(struct span *out, const struct source_set *set,
	    const struct source *s, size_t max, struct arena *a,
	    struct diag_list *dl)
{
	assert(out && set && s && a && dl);
	*out = (struct span){ NULL, 0 };
	if (s->data.p) {
		if (s->data.len > max)
			return too_large(s, s->data.len, max, dl);
		*out = s->data;
		return 0;
	}
	if (set->repo && s->oid[0])
		return load_blob(out, set, s, max, a, dl);
	return load_disk(out, set, s, max, a, dl);
}

void
source_pack_keys(const struct source_set *s, const char *const *ids, size_t n,
		 uint64_t *keys)
{
	struct pack_order *po = NULL;
	if (s->repo) {
		struct sbuf dir = SBUF_INIT;
		sbuf_putf(&dir, "%sobjects", git_repository_commondir(s->repo));
		po = pack_order_open(dir.data);
		sbuf_release(&dir);
	}
	for (size_t i = 0; i < n; i++) {
		git_oid id;
		keys[i] = po && git_oid_fromstr(&id, ids[i]) == 0
			  ? pack_order_key(po, id.id) : UINT64_MAX;
	}
	git_error_clear();
	pack_order_close(po);
}

void
source_blob_id(struct span data, char out[41])
{
	git_oid id;
	if (git_odb_hash(&id, data.p ? data.p : "", data.len, GIT_OBJECT_BLOB) < 0) {
		git_error_clear();
		out[0] = '\0';
		return;
	}
	git_oid_tostr(out, 41, &id);
}

const struct source *
source_find(const struct source_set *s, const char *path)
{
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(path, s->v[mid].path);
		if (c == 0)
			return &s->v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
