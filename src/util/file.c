/*
 * file.c - replacing a file whole, and a folder's sorted names (file.h).
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
