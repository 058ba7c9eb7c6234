#include "out.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/sbuf.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

static struct pos
at(const char *path)
{
	return (struct pos){ path, 0, 0 };
}

/* The file every site ocop writes carries, so that a later build knows
 * the folder is its own to replace. */
static const char marker_name[] = ".ocop-output";
static const char marker_text[] =
	"This folder is written by ocop: each build replaces all of it.\n";

/*
 * Whether the existing output folder may be replaced: it is absent,
 * empty, or a site ocop wrote (it has the marker).  Anything else could
 * be someone's files, which replacing the folder would delete.
 */
static int
may_replace(struct out *o)
{
	struct stat st;
	if (lstat(o->dir, &st) < 0)
		return 0;
	if (S_ISLNK(st.st_mode))
		return diag_error(o->dl, at(o->name), "io",
				  "the output folder is a symbolic link: give the folder it points to");
	if (!S_ISDIR(st.st_mode))
		return diag_error(o->dl, at(o->name), "io",
				  "the output path exists and is not a folder");
	DIR *d = opendir(o->dir);
	if (!d)
		return 0;          /* the swap will say why */
	bool empty = true;
	struct dirent *e;
	while (empty && (e = readdir(d)))
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	closedir(d);
	struct sbuf m = SBUF_INIT;
	sbuf_putf(&m, "%s/%s", o->dir, marker_name);
	bool ours = access(m.data, F_OK) == 0;
	sbuf_release(&m);
	if (empty || ours)
		return 0;
	diag_error(o->dl, at(o->name), "io",
		   "refusing to replace the output folder: it holds files ocop did not write (no %s in it)",
		   marker_name);
	diag_hint(o->dl, "give a new or empty folder with -o, or move those files away first");
	return -1;
}

int
out_begin(struct out *o, const char *dir, struct diag_list *dl)
{
	memset(o, 0, sizeof(*o));
	o->dl = dl;
	o->name = dir;
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	o->dir = xstrndup(dir, n);
	if (may_replace(o) < 0) {
		free(o->dir);
		o->dir = NULL;
		return -1;
	}
	char *copy = xstrdup(o->dir);
	char *base = xstrdup(basename(copy));
	free(copy);
	copy = xstrdup(o->dir);
	struct sbuf t = SBUF_INIT;
	sbuf_putf(&t, "%s/.%s.tmp-XXXXXX", dirname(copy), base);
	free(copy);
	free(base);
	o->tmp = sbuf_detach(&t, NULL);
	if (!mkdtemp(o->tmp)) {
		int e = errno;
		diag_error(dl, at(o->name), "io",
			   "cannot create a folder beside the output folder: %s",
			   strerror(e));
		free(o->tmp);
		free(o->dir);
		o->tmp = o->dir = NULL;
		return -1;
	}
	chmod(o->tmp, 0755);    /* mkdtemp makes it 0700; the site is public */
	int err = out_write(o, marker_name, marker_text, sizeof(marker_text) - 1);
	o->files = o->bytes = 0;        /* the marker is not part of the site */
	return err;
}

/* mkdir -p for the folders of rel inside the temporary folder (full is
 * the temporary folder + "/" + rel). */
static int
make_parents(struct out *o, const char *full, const char *rel)
{
	const char *slash = strrchr(full, '/');
	size_t dlen = (size_t)(slash - full);
	if (dlen <= strlen(o->tmp))
		return 0;        /* a file at the top of the site */
	if (o->last_dir && strlen(o->last_dir) == dlen &&
	    !strncmp(o->last_dir, full, dlen))
		return 0;
	char *d = xstrndup(full, dlen);
	size_t base = strlen(o->tmp);
	for (char *p = d + base + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(d, 0755) < 0 && errno != EEXIST) {
				int e = errno;
				/* d is freed below: the diag names rel */
				diag_error(o->dl, at(rel), "io",
					   "cannot create folder \"%s\": %s",
					   d + base + 1, strerror(e));
				free(d);
				return -1;
			}
			*p = c;
			if (!c)
				break;
		}
	}
	free(o->last_dir);
	o->last_dir = d;
	return 0;
}

int
out_write(struct out *o, const char *rel, const void *data, size_t len)
{
	struct sbuf full = SBUF_INIT;
	sbuf_putf(&full, "%s/%s", o->tmp, rel);
	int err = make_parents(o, full.data, rel);
	if (!err) {
		int fd = open(full.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
			      0644);
		const char *p = data;
		size_t left = len;
		while (fd >= 0 && left) {
			ssize_t w = write(fd, p, left);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			p += w;
			left -= (size_t)w;
		}
		if (fd < 0 || left || close(fd) < 0) {
			int e = errno;
			err = diag_error(o->dl, at(rel), "io",
					 "cannot write the output file: %s",
					 strerror(e));
		}
	}
	o->files++;
	o->bytes += len;
	sbuf_release(&full);
	return err;
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)f;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

int
out_remove_tree(const char *path)
{
	return nftw(path, remove_entry, 32, FTW_DEPTH | FTW_PHYS);
}

int
out_commit(struct out *o)
{
	struct stat st;
	int err = 0;
	if (lstat(o->dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			err = diag_error(o->dl, at(o->name), "io",
					 "the output path exists and is not a folder");
		} else if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->dir,
				     RENAME_EXCHANGE) < 0) {
			int e = errno;
			err = diag_error(o->dl, at(o->name), "io",
					 "cannot swap in the new site: %s",
					 strerror(e));
		}
		/* after the exchange, tmp holds the previous site */
	} else if (rename(o->tmp, o->dir) < 0) {
		int e = errno;
		err = diag_error(o->dl, at(o->name), "io",
				 "cannot move the new site into place: %s",
				 strerror(e));
	}
	if (err)
		out_abort(o);
	else
		out_remove_tree(o->tmp);   /* the old site, or nothing */
	free(o->tmp);
	free(o->dir);
	free(o->last_dir);
	o->tmp = o->dir = o->last_dir = NULL;
	return err;
}

void
out_abort(struct out *o)
{
	if (o->tmp) {
		out_remove_tree(o->tmp);
		free(o->tmp);
	}
	free(o->dir);
	free(o->last_dir);
	o->tmp = o->dir = o->last_dir = NULL;
}
