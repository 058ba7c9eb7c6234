/*
 * file.c - replacing a file whole, a folder's sorted names, and the walk
 * of a tree on them (file.h).
 */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sbuf.h"
#include "xalloc.h"
#include "banned.h"

static int
write_all(int fd, struct span data)
{
	for (size_t off = 0; off < data.len; ) {
		ssize_t w = write(fd, data.p + off, data.len - off);
		if (w < 0 && errno != EINTR)
			return errno;
		if (w > 0)
			off += (size_t)w;
	}
	return 0;
}

/* Whether x and y are the same file, unchanged. */
static bool
same_file(const struct stat *x, const struct stat *y)
{
	return x->st_dev == y->st_dev && x->st_ino == y->st_ino &&
	       x->st_size == y->st_size &&
	       x->st_mtim.tv_sec == y->st_mtim.tv_sec &&
	       x->st_mtim.tv_nsec == y->st_mtim.tv_nsec;
}

/* The temporary file's bytes and attributes; 0 or an errno value. */
static int
fill(int fd, struct span data, const struct file_how *how)
{
	int e = write_all(fd, data);
	/* only root may give a file away; otherwise it stays the writer's */
	if (!e && how->was && fchown(fd, how->was->st_uid, how->was->st_gid) < 0 &&
	    errno != EPERM)
		e = errno;
	mode_t mode = how->was ? how->was->st_mode & 07777 : how->mode;
	if (!e && fchmod(fd, mode) < 0)
		e = errno;
	if (!e && how->durable && fsync(fd) < 0)
		e = errno;
	return e;
}

int
file_replace(const char *path, struct span data, const struct file_how *how,
	     enum file_step *step)
{
	const char *slash = strrchr(path, '/');
	size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
	struct sbuf tmp = SBUF_INIT;
	sbuf_putf(&tmp, "%.*s.%s.ocop-XXXXXX", (int)dir_len, path,
		  path + dir_len);
	enum file_step at = FILE_TEMP;
	int e = 0;
	int fd = mkostemp(tmp.data, O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		goto out;
	}
	e = fill(fd, data, how);
	if (close(fd) < 0 && !e)
		e = errno;
	struct stat now;
	if (!e && how->was && (lstat(path, &now) < 0 || !same_file(how->was, &now))) {
		at = FILE_CHANGED;
		e = ESTALE;
	}
	if (!e) {
		at = FILE_RENAME;
		if (rename(tmp.data, path) < 0)
			e = errno;
	}
	if (e) {
		unlink(tmp.data);
		goto out;
	}
	if (how->durable) {
		/* the rename is durable once the folder is synced; a file
		 * system that cannot sync folders has nothing better */
		struct sbuf dir = SBUF_INIT;
		sbuf_put(&dir, dir_len ? path : ".", dir_len ? dir_len : 1);
		int dfd = open(dir.data, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			if (fsync(dfd) < 0) {
				/* see above */
			}
			close(dfd);
		}
		sbuf_release(&dir);
	}
out:
	if (step)
		*step = at;
	sbuf_release(&tmp);
	return e;
}

static int
cmp_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

int
file_names_read(struct file_names *out, DIR *d)
{
	size_t cap = 0;
	int err = 0;
	*out = (struct file_names){ NULL, 0 };
	for (;;) {
		errno = 0;
		struct dirent *de = readdir(d);
		if (!de) {
			err = errno;
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		void *v = out->v;
		xgrow(&v, &cap, out->n + 1, sizeof(*out->v));
		out->v = v;
		out->v[out->n++] = xstrdup(de->d_name);
	}
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), cmp_name);
	return err;
}

void
file_names_release(struct file_names *names)
{
	for (size_t i = 0; i < names->n; i++)
		free(names->v[i]);
	free(names->v);
	*names = (struct file_names){ NULL, 0 };
}

/* Appends "/name" to path (no '/' after an empty path or one ending in
 * '/'); returns the length to cut it back to. */
static size_t
path_push(struct sbuf *path, const char *name)
{
	size_t mark = path->len;
	if (mark && path->data[mark - 1] != '/')
		sbuf_putc(path, '/');
	sbuf_puts(path, name);
	return mark;
}

static void
path_pop(struct sbuf *path, size_t mark)
{
	path->len = mark;
	if (path->cap)
		path->data[mark] = '\0';
}

static int walk_folder(const struct file_walker *w, int fd, int depth);

static int
enter(const struct file_walker *w, int dfd, const char *name, int depth)
{
	if (depth > w->max_depth)
		return w->fail(w->ctx, FILE_WALK_TOO_DEEP, 0);
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			O_CLOEXEC);
	if (fd < 0)
		return w->fail(w->ctx, FILE_WALK_OPEN, errno);
	return walk_folder(w, fd, depth);
}

static int
walk_folder(const struct file_walker *w, int fd, int depth)
{
	DIR *d = fdopendir(fd);
	if (!d) {
		int e = errno;
		close(fd);
		return w->fail(w->ctx, FILE_WALK_OPEN, e);
	}
	struct file_names names;
	int err = file_names_read(&names, d);
	if (err)
		err = w->fail(w->ctx, FILE_WALK_LIST, err);
	for (size_t i = 0; i < names.n && err == 0; i++) {
		size_t mark = path_push(w->path, names.v[i]);
		err = w->visit(w->ctx, dirfd(d), names.v[i], depth);
		if (err == FILE_WALK_ENTER)
			err = enter(w, dirfd(d), names.v[i], depth + 1);
		path_pop(w->path, mark);
	}
	file_names_release(&names);
	closedir(d);
	return err;
}

int
file_walk(const struct file_walker *w, int fd)
{
	return walk_folder(w, fd, 0);
}
