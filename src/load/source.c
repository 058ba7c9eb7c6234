/*
 * source.c - the catalog's files, from a commit's tree or from disk.
 *
 * Both readers walk the same scope with the same rules, so a build from
 * HEAD and a build with --worktree of a clean checkout list the same
 * paths: at the catalog root only site.yaml, content/ and themes/ are
 * looked at (a repository's src/ or tests/ folders are never opened, and
 * their blobs never read); below that, everything except names starting
 * with '.'.  Symbolic links are listed, never followed.  Submodules
 * (commit entries in a tree) are skipped: their content is not in this
 * repository.
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
 * published.
 */
#include "source.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "../util/sbuf.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

enum {
	MAX_DEPTH = 100,     /* folders below the catalog root */
	READ_CHUNK = 65536,  /* bytes asked of read() at a time */
};

struct walk {
	struct arena *a;
	struct diag_list *dl;
	git_repository *repo;  /* borrowed; NULL when reading the disk */
	struct source *v;      /* heap while collecting, then copied */
	size_t n, cap;
	struct sbuf path;      /* current path relative to the root */
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

static int
cmp_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* ------------------------------------------------------------------ */
/* From a commit                                                      */
/* ------------------------------------------------------------------ */

enum what { WHAT_FOLDER, WHAT_FILE, WHAT_STAGED };

/* One literal per case, so that msg.c translates the whole message. */
static int
git_fail(struct walk *w, enum what what)
{
	const char *p = path_copy(w);
	struct pos at = { p, 0, 0 };
	switch (what) {
	case WHAT_FOLDER:
		return diag_error(w->dl, at, "git", "cannot read the folder "
				  "\"%s\" from the repository: %s", p,
				  last_git_error());
	case WHAT_FILE:
		return diag_error(w->dl, at, "git", "cannot read the file "
				  "\"%s\" from the repository: %s", p,
				  last_git_error());
	case WHAT_STAGED:
		break;
	}
	return diag_error(w->dl, at, "git", "cannot read the staged file "
			  "\"%s\" from the repository: %s", p, last_git_error());
}

static int walk_tree(struct walk *w, const git_tree *tree, int depth);

static int
tree_entry_folder(struct walk *w, const git_tree_entry *e, int depth)
{
	if (depth > MAX_DEPTH)
		return too_deep(w);
	git_tree *sub;
	if (git_tree_lookup(&sub, w->repo, git_tree_entry_id(e)) < 0)
		return git_fail(w, WHAT_FOLDER);
	int err = walk_tree(w, sub, depth);
	git_tree_free(sub);
	return err;
}

static int
tree_entry_file(struct walk *w, const git_tree_entry *e)
{
	git_blob *blob;
	if (git_blob_lookup(&blob, w->repo, git_tree_entry_id(e)) < 0)
		return git_fail(w, WHAT_FILE);
	git_object_size_t size = git_blob_rawsize(blob);
	if (size >= SIZE_MAX) {
		git_blob_free(blob);
		const char *p = path_copy(w);
		return diag_error(w->dl, (struct pos){ p, 0, 0 }, "git",
				  "\"%s\" is too large to read", p);
	}
	struct source *s = push(w);
	s->data.p = arena_strndup(w->a, git_blob_rawcontent(blob),
				  (size_t)size);
	s->data.len = (size_t)size;
	git_oid_tostr(s->oid, sizeof(s->oid), git_tree_entry_id(e));
	git_filemode_t mode = git_tree_entry_filemode(e);
	s->is_symlink = mode == GIT_FILEMODE_LINK;
	s->executable = mode == GIT_FILEMODE_BLOB_EXECUTABLE;
	git_blob_free(blob);
	return 0;
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
		/* GIT_OBJECT_COMMIT is a submodule: not ours to read */
		if (type != GIT_OBJECT_TREE && type != GIT_OBJECT_BLOB)
			continue;
		if (depth == 0 && !in_scope(name, type == GIT_OBJECT_TREE))
			continue;
		size_t mark = path_push(&w->path, name);
		int err = type == GIT_OBJECT_TREE
			? tree_entry_folder(w, e, depth + 1)
			: tree_entry_file(w, e);
		path_pop(&w->path, mark);
		if (err < 0)
			return err;
	}
	return 0;
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
	git_object *obj, *peeled;
	int err = git_revparse_single(&obj, w->repo, spec);
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
	out->commit_time = (time_t)git_commit_time(commit);
	if (git_commit_tree(&tree, commit) < 0) {
		err = diag_error(w->dl, at, "git",
				 "cannot read the tree of commit %s: %s",
				 out->commit, last_git_error());
		goto out;
	}
	if ((err = catalog_prefix(&prefix, w, out->root, at)) < 0)
		goto out;
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
		err = diag_error(w->dl, at, "git",
				 "cannot read \"%s\" in commit %s: %s", prefix,
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
staged_in_scope(const char *rel)
{
	size_t top = strcspn(rel, "/");
	char name[16];
	if (top >= sizeof(name))
		return false;
	memcpy(name, rel, top);
	name[top] = '\0';
	if (!in_scope(name, rel[top] == '/'))
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
		if (!staged_in_scope(rel) || (e->mode & 0170000) == 0160000)
			continue;           /* outside the catalog, or a submodule */
		sbuf_reset(&w->path);
		sbuf_puts(&w->path, rel);
		if (git_index_entry_stage(e) != 0) {
			const char *p = path_copy(w);
			err = diag_error(w->dl, (struct pos){ p, 0, 0 }, "git",
					 "\"%s\" has a merge conflict: resolve it and stage the result", p);
			break;
		}
		git_blob *blob;
		if (git_blob_lookup(&blob, w->repo, &e->id) < 0) {
			err = git_fail(w, WHAT_STAGED);
			break;
		}
		struct source *s = push(w);
		s->data.len = (size_t)git_blob_rawsize(blob);
		s->data.p = arena_strndup(w->a, git_blob_rawcontent(blob),
					  s->data.len);
		git_oid_tostr(s->oid, sizeof(s->oid), &e->id);
		s->is_symlink = (e->mode & 0170000) == 0120000;
		s->executable = (e->mode & 0111) != 0;
		git_blob_free(blob);
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

static int walk_dir(struct walk *w, int fd, int depth);

static int
disk_folder(struct walk *w, int dfd, const char *name, int depth)
{
	if (depth > MAX_DEPTH)
		return too_deep(w);
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			O_CLOEXEC);
	if (fd < 0)
		return io_fail(w, errno);
	return walk_dir(w, fd, depth);
}

static int
disk_file(struct walk *w, int dfd, const char *name)
{
	/* O_NONBLOCK: if a FIFO was swapped in since fstatat, do not hang */
	int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
			O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return io_fail(w, errno);
	struct stat st;
	int e = fstat(fd, &st) < 0 ? errno : S_ISREG(st.st_mode) ? 0 : EINVAL;
	if (e) {
		close(fd);
		return io_fail(w, e);
	}
	struct sbuf buf = SBUF_INIT;
	sbuf_grow(&buf, st.st_size > 0 ? (size_t)st.st_size : 0);
	for (;;) {
		if (buf.cap - buf.len - 1 == 0)
			sbuf_grow(&buf, READ_CHUNK);
		ssize_t r = read(fd, buf.data + buf.len, buf.cap - buf.len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			e = errno;
			close(fd);
			sbuf_release(&buf);
			return io_fail(w, e);
		}
		if (r == 0)
			break;
		buf.len += (size_t)r;
	}
	close(fd);
	struct source *s = push(w);
	s->data.p = arena_strndup(w->a, buf.data, buf.len);
	s->data.len = buf.len;
	s->executable = (st.st_mode & S_IXUSR) != 0;
	sbuf_release(&buf);
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
			s->is_symlink = true;
			free(buf);
			return 0;
		}
		free(buf);
		cap = xmul(cap, 2);
	}
}

static int
disk_entry(struct walk *w, int dfd, const char *name, int depth)
{
	struct stat st;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return io_fail(w, errno);
	if (depth == 0 && !in_scope(name, S_ISDIR(st.st_mode)))
		return 0;
	if (S_ISDIR(st.st_mode))
		return disk_folder(w, dfd, name, depth + 1);
	if (S_ISLNK(st.st_mode))
		return disk_link(w, dfd, name, &st);
	if (S_ISREG(st.st_mode))
		return disk_file(w, dfd, name);
	const char *p = path_copy(w);
	diag_warning(w->dl, (struct pos){ p, 0, 0 }, "io",
		     "\"%s\" is not a file, a folder or a symbolic link: "
		     "skipped", p);
	return 0;
}

/* Takes ownership of fd, an open folder; depth 0 is the catalog root. */
static int
walk_dir(struct walk *w, int fd, int depth)
{
	DIR *d = fdopendir(fd);
	if (!d) {
		int e = errno;
		close(fd);
		return io_fail(w, e);
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	int err = 0;
	for (;;) {
		errno = 0;
		struct dirent *de = readdir(d);
		if (!de) {
			if (errno)
				err = io_fail(w, errno);
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		/* at the root, skip src/, tests/... before even a stat */
		if (depth == 0 && !in_scope(de->d_name, true)
		    && !in_scope(de->d_name, false))
			continue;
		void *v = names;
		xgrow(&v, &cap, n + 1, sizeof(*names));
		names = v;
		names[n++] = xstrdup(de->d_name);
	}
	if (err == 0 && n > 1)
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n && err == 0; i++) {
		size_t mark = path_push(&w->path, names[i]);
		err = disk_entry(w, dirfd(d), names[i], depth);
		path_pop(&w->path, mark);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return err;
}

static int
read_worktree(struct walk *w, const char *root)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return diag_error(w->dl, (struct pos){ root, 0, 0 }, "io",
				  "cannot read the catalog folder \"%s\": %s",
				  root, strerror(errno));
	return walk_dir(w, fd, 0);
}

/* ------------------------------------------------------------------ */
/* Public                                                             */
/* ------------------------------------------------------------------ */

int
source_open(struct source_set *out, const char *dir, enum source_mode mode,
	    const char *rev, struct arena *a, struct diag_list *dl)
{
	assert(out && dir && a && dl);
	assert(mode != SOURCE_REV || rev);

	*out = (struct source_set){ 0 };
	out->root = arena_strdup(a, dir);
	struct walk w = { .a = a, .dl = dl, .path = SBUF_INIT };
	int err;

	if (mode == SOURCE_WORKTREE) {
		err = read_worktree(&w, out->root);
	} else {
		git_repository *repo = NULL;
		err = git_repository_open_ext(&repo, dir, 0, NULL);
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
		} else {
			out->repo = repo;
			out->from_git = true;
			w.repo = repo;
			err = mode == SOURCE_STAGED
				? read_index(out, &w)
				: read_commit(out, &w,
					      mode == SOURCE_REV ? rev : NULL);
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
		out->commit_time = 0;
	}
	free(w.v);
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

int
source_is_under(const struct source *s, const char *folder)
{
	size_t n = strlen(folder);
	while (n && folder[n - 1] == '/')
		n--;
	if (n == 0)
		return 1;
	return !strncmp(s->path, folder, n) && s->path[n] == '/';
}
