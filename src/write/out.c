/*
 * out.c - the output folder, replaced atomically; see out.h.
 */
#include "out.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <sys/file.h>
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

/* Whether the open folder fd has no entries. */
static bool
is_empty(int fd)
{
	DIR *d = fdopendir(dup(fd));
	if (!d)
		return false;
	bool empty = true;
	struct dirent *e;
	while (empty && (e = readdir(d)))
		empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
	closedir(d);
	return empty;
}

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
	int fd = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;          /* the swap will say why */
	bool empty = is_empty(fd);
	close(fd);
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

/*
 * The signal watcher.  Signals are blocked and taken with sigwait() by
 * a thread of our own instead of a handler, so no global state is
 * needed and the clean-up may use any function.  The lock is held by
 * whoever touches the temporary folder's existence (the watcher, the
 * commit, the abort), so the watcher never removes a folder that is
 * being swapped in, and a write racing with it only fails.
 */
struct out_guard {
	pthread_t thread;
	pthread_mutex_t lock;
	sigset_t signals, old_mask;
	struct out *o;
	bool done;           /* commit or abort finished: nothing to remove */
};

/* Removes the parent folders out_begin() made, deepest first, where
 * they are still empty. */
static void
remove_made(struct out *o)
{
	while (o->n_made) {
		char *d = o->made[--o->n_made];
		rmdir(d);        /* only when still empty */
		free(d);
	}
	free(o->made);
	o->made = NULL;
}

static void *
guard_main(void *arg)
{
	struct out_guard *g = arg;
	int sig;
	if (sigwait(&g->signals, &sig) != 0)
		return NULL;
	pthread_mutex_lock(&g->lock);
	if (!g->done && g->o->tmp) {
		out_remove_tree(g->o->tmp);
		remove_made(g->o);
	}
	/* end as the signal would have: the default action, re-raised */
	signal(sig, SIG_DFL);
	sigset_t one;
	sigemptyset(&one);
	sigaddset(&one, sig);
	pthread_sigmask(SIG_UNBLOCK, &one, NULL);
	raise(sig);
	_exit(128 + sig);
}

static void
guard_start(struct out *o)
{
	struct out_guard *g = xmalloc(sizeof(*g));
	memset(g, 0, sizeof(*g));
	g->o = o;
	pthread_mutex_init(&g->lock, NULL);
	sigemptyset(&g->signals);
	sigaddset(&g->signals, SIGINT);
	sigaddset(&g->signals, SIGTERM);
	sigaddset(&g->signals, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &g->signals, &g->old_mask);
	if (pthread_create(&g->thread, NULL, guard_main, g) != 0) {
		/* no watcher: signals end the build as before */
		pthread_sigmask(SIG_SETMASK, &g->old_mask, NULL);
		pthread_mutex_destroy(&g->lock);
		free(g);
		return;
	}
	o->guard = g;
}

static void
guard_lock(struct out *o)
{
	if (o->guard)
		pthread_mutex_lock(&o->guard->lock);
}

static void
guard_unlock(struct out *o)
{
	if (o->guard)
		pthread_mutex_unlock(&o->guard->lock);
}

/* Marks the work done, stops the watcher and restores the signal mask:
 * a signal that came meanwhile is delivered then, with nothing left to
 * clean. */
static void
guard_stop(struct out *o)
{
	struct out_guard *g = o->guard;
	if (!g)
		return;
	g->done = true;
	pthread_mutex_unlock(&g->lock);
	pthread_cancel(g->thread);
	pthread_join(g->thread, NULL);
	pthread_mutex_destroy(&g->lock);
	pthread_sigmask(SIG_SETMASK, &g->old_mask, NULL);
	free(g);
	o->guard = NULL;
}

/* mkdir -p for the output's parent folders, remembering the ones made
 * so that a failed build leaves none behind. */
static int
make_out_parents(struct out *o)
{
	char *path = xstrdup(o->dir);
	int err = 0;
	for (char *p = path + 1; *p && !err; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) == 0) {
			void *v = o->made;
			size_t cap = o->n_made;
			xgrow(&v, &cap, o->n_made + 1, sizeof(*o->made));
			o->made = v;
			o->made[o->n_made++] = xstrdup(path);
		} else if (errno != EEXIST) {
			int e = errno;
			err = diag_error(o->dl, at(o->name), "io",
					 "cannot create folder \"%s\": %s",
					 path, strerror(e));
		}
		*p = '/';
	}
	free(path);
	return err;
}


/* The name every temporary folder beside output "base" has:
 * ".base.tmp-" and mkdtemp's six characters. */
static bool
is_temp_name(const char *name, const char *base)
{
	size_t n = strlen(base);
	return name[0] == '.' && !strncmp(name + 1, base, n) &&
	       !strncmp(name + 1 + n, ".tmp-", 5) && strlen(name + n + 6) == 6;
}

/*
 * Removes the temporary folders that builds killed before they could
 * clean up left in the folder pfd (open, and locked by the caller).  A
 * folder is removed only when no build holds its lock and it is one of
 * ours: empty, or holding the marker.
 */
static void
sweep_stale(int pfd, const char *parent, const char *base)
{
	DIR *d = fdopendir(dup(pfd));
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!is_temp_name(e->d_name, base))
			continue;
		int fd = openat(pfd, e->d_name, O_RDONLY | O_DIRECTORY |
				O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		struct stat st;
		bool ours = flock(fd, LOCK_EX | LOCK_NB) == 0 &&
			    (fstatat(fd, marker_name, &st, AT_SYMLINK_NOFOLLOW) == 0
			     || is_empty(fd));
		if (ours) {
			struct sbuf p = SBUF_INIT;
			sbuf_putf(&p, "%s/%s", parent, e->d_name);
			out_remove_tree(p.data);
			sbuf_release(&p);
		}
		close(fd);
	}
	closedir(d);
}

int
out_begin(struct out *o, const char *dir, struct diag_list *dl)
{
	memset(o, 0, sizeof(*o));
	o->dl = dl;
	o->name = dir;
	o->tmp_fd = -1;
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	o->dir = xstrndup(dir, n);
	if (may_replace(o) < 0 || make_out_parents(o) < 0)
		goto fail;
	char *copy = xstrdup(o->dir);
	char *base = xstrdup(basename(copy));
	free(copy);
	copy = xstrdup(o->dir);
	char *parent = xstrdup(dirname(copy));
	free(copy);

	/* the parent's lock covers the sweep and the new folder's birth,
	 * up to the moment this build holds the new folder's own lock */
	int pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd >= 0 && flock(pfd, LOCK_EX) == 0)
		sweep_stale(pfd, parent, base);
	guard_start(o);
	struct sbuf t = SBUF_INIT;
	sbuf_putf(&t, "%s/.%s.tmp-XXXXXX", parent, base);
	free(parent);
	free(base);
	o->tmp = sbuf_detach(&t, NULL);
	guard_lock(o);
	bool made = mkdtemp(o->tmp) != NULL;
	int e = errno;
	if (made) {
		o->tmp_fd = open(o->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (o->tmp_fd >= 0)
			flock(o->tmp_fd, LOCK_EX);
	}
	guard_unlock(o);
	if (pfd >= 0)
		close(pfd);         /* and with it the parent's lock */
	if (!made) {
		diag_error(dl, at(o->name), "io",
			   "cannot create a folder beside the output folder: %s",
			   strerror(e));
		free(o->tmp);
		o->tmp = NULL;
		goto fail;
	}
	chmod(o->tmp, 0755);    /* mkdtemp makes it 0700; the site is public */
	int err = out_write(o, marker_name, marker_text, sizeof(marker_text) - 1);
	o->files = o->bytes = 0;        /* the marker is not part of the site */
	if (err < 0) {
		out_abort(o);
		return -1;
	}
	return 0;
fail:
	out_abort(o);
	return -1;
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
	/* held while the file is made, so that the watcher never removes
	 * the folder under a half-written file that would then remain */
	guard_lock(o);
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
	guard_unlock(o);
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

/*
 * Ends the build's hold on the output: removes the temporary folder and
 * the parent folders made for it when remove is set, frees what o holds
 * and stops the watcher.  The caller holds the watcher's lock.
 */
static void
finish(struct out *o, bool remove)
{
	if (remove && o->tmp)
		out_remove_tree(o->tmp);
	if (remove)
		remove_made(o);
	for (size_t i = 0; i < o->n_made; i++)
		free(o->made[i]);       /* they hold the site now: kept */
	free(o->made);
	o->made = NULL;
	o->n_made = 0;
	if (o->tmp_fd >= 0)
		close(o->tmp_fd);
	o->tmp_fd = -1;
	free(o->tmp);
	free(o->dir);
	free(o->last_dir);
	o->tmp = o->dir = o->last_dir = NULL;
	guard_stop(o);
}

int
out_commit(struct out *o)
{
	struct stat st;
	int err = 0;
	guard_lock(o);
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
	if (!err) {
		out_remove_tree(o->tmp);   /* the old site, or nothing */
		for (size_t i = 0; i < o->n_made; i++)
			free(o->made[i]);
		o->n_made = 0;
	}
	finish(o, err != 0);
	return err;
}

void
out_abort(struct out *o)
{
	guard_lock(o);
	finish(o, true);
}
