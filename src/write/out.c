/*
 * out.c - the output folder, replaced atomically and rewritten only
 * where it changed; see out.h.
 *
 * The marker file is both the sign that a folder is ours and the list
 * of its files (the manifest):
 *
 *   This folder is written by ocop: each build replaces all of it.
 *   ocop-output 3 <ocop's version> <number of files>
 *   <SHA-256 of the bytes, 64 hex> <size> <mtime seconds>.<9 digits> <inode> <key> <path>
 *   ...
 *
 * The key is what the renderer said the file was made from (32 hex
 * digits, out_keep()), or "-".
 *
 * Paths are sorted (strcmp) and unique, so that the reader checks the
 * order and finds a path by bisection.  The reader trusts nothing it
 * has not checked: another first line, version or count, a malformed
 * line, a path out of order, or a last line cut short discards the
 * whole list, and the build writes every file, as a first build does.
 * The human line stays first, so a marker of an older ocop (that line
 * alone) still marks the folder as ours, and simply has no list.
 *
 * The list says what ocop wrote, not what is there now.  A file edited
 * by hand since then has another modification time (or another inode,
 * when the editor saved a new file), so it is written afresh.  That is
 * checked on the link just made, so a file swapped in between the check
 * and the link cannot slip through.  (A coarse file-system clock could
 * hide an edit of the same size made within milliseconds of the build
 * writing the file; nobody edits a generated site that fast.)
 *
 * Invariants: a file of the previous output is never opened for
 * writing, and a file of the new tree is always created with O_EXCL
 * (an existing one, maybe a link, is unlinked first), so nothing done
 * here can change a byte of the previous output.  That holds for the
 * spare taken as the new tree (out.h, "Two trees") as well: its files
 * are often links to the output's, and are only ever kept or unlinked.
 * Renderer threads hash, make folders and write files side by side:
 * each holds the tree lock shared while it makes a file, and whoever
 * removes or swaps the folder (the signal watcher, the commit, the
 * abort) holds it alone.  A second lock covers the counts, the diags
 * and the new list.  The previous list is read-only once out_ready()
 * returns, but for its no_links flag (atomic); the spare's list, but
 * for the state of each file, which only the thread writing that path
 * changes.  The plan gives every file one path, so two threads never
 * write the same one.
 */
#include "out.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdint.h>
#include <sys/file.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "../util/arena.h"
#include "../util/sbuf.h"
#include "../util/workers.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

#ifndef OCOP_VERSION
#define OCOP_VERSION "0.0.0"
#endif

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
/* The manifest's own first line starts so, then the version and count. */
static const char manifest_head[] = "ocop-output 3 ";
/*
 * The hash of a file's bytes: SHA-256, from OpenSSL's libcrypto, which
 * uses the processor's SHA instructions (1.7 GB/s here).  Version 1 of
 * the list kept git blob ids, computed by libgit2's collision-detecting
 * SHA-1 at 0.3 GB/s: 2.7 s of CPU for the 843 MB of a 20,000-product
 * site.  A cryptographic hash, because a page that a content file can
 * steer must never pass for the previous page of that path.
 */
enum { HASH_BYTES = 32, HASH_HEX = 2 * HASH_BYTES };
enum { KEY_HEX = 2 * OUT_KEY_BYTES };
/* The shortest line of a manifest: 64 + 1, then "0 0.000000000 0 - a\n". */
enum { MANIFEST_MIN_LINE = HASH_HEX + 21 };
/* A larger marker is not read: that would be millions of files. */
enum { MANIFEST_MAX = 1 << 30 };

/* One file of a manifest. */
struct entry {
	const char *path;
	uint64_t size, ino;
	struct timespec mtime;
	unsigned char id[HASH_BYTES];   /* SHA-256 of the bytes */
	unsigned char key[OUT_KEY_BYTES];  /* what it was made from */
	bool keyed;             /* key holds one (else "-") */
	size_t seq;             /* new list: order of writing */
};

struct out_manifest {
	struct entry *v;
	size_t n, cap;
	char *text;             /* previous list: the marker's bytes, into
				   which the paths point */
	struct arena names;     /* new list: copies of the paths */
	int dir_fd;             /* previous list: its folder, open */
	dev_t dev;              /* the device of both trees */
	mode_t mode;            /* the permissions of a file we create */
	atomic_bool no_links;   /* the file system refused a hard link:
				   stop trying */
	unsigned char *state;   /* spare list: enum spare_state of each
				   file */
};

/* What became of a file of the spare's list (out->spare). */
enum spare_state {
	SPARE_GONE,    /* not in the folder (removed, or never there) */
	SPARE_HERE,    /* in the folder, as listed: not yet written to */
	SPARE_TAKEN,   /* written by this build: kept, or replaced */
};

static struct out_manifest *
manifest_new(void)
{
	struct out_manifest *m = xcalloc(1, sizeof(*m));
	m->dir_fd = -1;
	return m;
}

static void
manifest_free(struct out_manifest *m)
{
	if (!m)
		return;
	if (m->dir_fd >= 0)
		close(m->dir_fd);
	free(m->v);
	free(m->text);
	free(m->state);
	arena_release(&m->names);
	free(m);
}

/*
 * Whether rel is a plain path inside the site: not empty, not absolute,
 * no empty, "." or ".." part, no control character (so no newline: the
 * manifest holds one path a line), and not the marker itself.
 */
static bool
path_ok(const char *rel)
{
	if (!strcmp(rel, marker_name))
		return false;
	const char *part = rel;
	for (const char *p = rel;; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '/' || c == '\0') {
			size_t n = (size_t)(p - part);
			if (n == 0 || (n == 1 && part[0] == '.') ||
			    (n == 2 && part[0] == '.' && part[1] == '.'))
				return false;
			if (!c)
				return true;
			part = p + 1;
		} else if (c < 0x20 || c == 0x7F) {
			return false;
		}
	}
}

/* Reads 1 to 19 digits (so no overflow) at *p, which must be followed
 * by stop; moves *p past stop. */
static bool
read_u64(const char **p, char stop, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	size_t n = 0;
	while (*s >= '0' && *s <= '9' && n < 19) {
		v = v * 10 + (uint64_t)(*s - '0');
		s++;
		n++;
	}
	if (!n || *s != stop)
		return false;
	*out = v;
	*p = s + 1;
	return true;
}

/* The value of each lowercase hex digit, 0xFF for any other byte: a
 * table, not comparisons, because the digits of a hash are random and
 * a branch on them is mispredicted half the time (the lists of a
 * 20,000-product site hold 25 million of them). */
static const unsigned char hex_value[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12,
	['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
};   /* the value plus one: 0 is not a digit */

/* Reads 2 * n lowercase hex digits and a space at *p. */
static bool
read_hex(const char **p, unsigned char *id, size_t n)
{
	const unsigned char *s = (const unsigned char *)*p;
	for (size_t i = 0; i < n; i++) {
		unsigned hi = hex_value[s[2 * i]];   /* a NUL stops it too */
		unsigned lo = hi ? hex_value[s[2 * i + 1]] : 0;
		if (!lo)
			return false;
		id[i] = (unsigned char)((hi - 1) << 4 | (lo - 1));
	}
	if (s[2 * n] != ' ')
		return false;
	*p = (const char *)s + 2 * n + 1;
	return true;
}

/* Reads a key, or "-" for none, and a space at *p. */
static bool
read_key(const char **p, struct entry *e)
{
	if ((*p)[0] == '-' && (*p)[1] == ' ') {
		*p += 2;
		return true;
	}
	return e->keyed = read_hex(p, e->key, OUT_KEY_BYTES);
}

/* The list in text[0..len) (NUL-terminated), or NULL when it is not a
 * complete manifest of this version.  Takes ownership of text when it
 * returns a list: the paths point into it. */
static struct out_manifest *
manifest_parse(char *text, size_t len)
{
	const char *end = text + len;
	const char *q = text;
	size_t hl = sizeof(marker_text) - 1, ml = sizeof(manifest_head) - 1;
	size_t vl = strlen(OCOP_VERSION);
	uint64_t count;
	if (len < hl || memcmp(q, marker_text, hl))
		return NULL;
	q += hl;
	if (strncmp(q, manifest_head, ml))
		return NULL;
	q += ml;
	if (strncmp(q, OCOP_VERSION, vl) || q[vl] != ' ')
		return NULL;
	q += vl + 1;
	/* the count is checked against the size before anything is
	 * allocated for it */
	if (!read_u64(&q, '\n', &count) ||
	    count > (uint64_t)(end - q) / MANIFEST_MIN_LINE)
		return NULL;
	struct out_manifest *m = manifest_new();
	m->n = m->cap = (size_t)count;
	m->v = xcalloc(m->n ? m->n : 1, sizeof(*m->v));
	for (size_t i = 0; i < m->n; i++) {
		struct entry *e = &m->v[i];
		uint64_t sec, nsec;
		if (!read_hex(&q, e->id, HASH_BYTES) ||
		    !read_u64(&q, ' ', &e->size) ||
		    !read_u64(&q, '.', &sec) || sec > INT64_MAX)
			goto bad;
		const char *ns = q;
		if (!read_u64(&q, ' ', &nsec) || q - ns != 10 ||
		    !read_u64(&q, ' ', &e->ino) || !read_key(&q, e))
			goto bad;
		const char *nl = memchr(q, '\n', (size_t)(end - q));
		if (!nl)
			goto bad;
		char *path = text + (q - text);
		size_t n = (size_t)(nl - q);
		path[n] = '\0';
		if (strlen(path) != n || !path_ok(path) ||
		    (i && strcmp(m->v[i - 1].path, path) >= 0))
			goto bad;
		e->path = path;
		e->mtime.tv_sec = (time_t)sec;
		e->mtime.tv_nsec = (long)nsec;
		q = nl + 1;
	}
	if (q != end)
		goto bad;
	m->text = text;
	return m;
bad:
	manifest_free(m);
	return NULL;
}

/* The manifest in the marker of the folder dir_fd, or NULL. */
static struct out_manifest *
manifest_read(int dir_fd)
{
	int fd = openat(dir_fd, marker_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	char *text = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size < MANIFEST_MAX) {
		size_t len = (size_t)st.st_size, got = 0;
		text = xmalloc(len + 1);
		while (got < len) {
			ssize_t r = read(fd, text + got, len - got);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				break;
			got += (size_t)r;
		}
		text[got] = '\0';
		struct out_manifest *m = got == len ? manifest_parse(text, len)
						    : NULL;
		if (m) {
			close(fd);
			return m;
		}
	}
	free(text);
	close(fd);
	return NULL;
}

static int
cmp_key(const void *key, const void *elem)
{
	return strcmp(key, ((const struct entry *)elem)->path);
}

static const struct entry *
manifest_find(const struct out_manifest *m, const char *path)
{
	return m->n ? bsearch(path, m->v, m->n, sizeof(*m->v), cmp_key) : NULL;
}

/* By path, and a path written twice by the order of writing. */
static int
cmp_entry(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int c = strcmp(a->path, b->path);
	return c ? c : (a->seq > b->seq) - (a->seq < b->seq);
}

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
	pthread_rwlock_t lock;     /* shared by writers, exclusive to whoever
				      removes or swaps the folder */
	pthread_mutex_t list;      /* the new list, the counts, the diags */
	sigset_t signals, old_mask;
	struct out *o;
	bool watching;       /* the thread runs (the lock exists anyway) */
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
	pthread_rwlock_wrlock(&g->lock);
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
	pthread_rwlock_init(&g->lock, NULL);
	pthread_mutex_init(&g->list, NULL);
	sigemptyset(&g->signals);
	sigaddset(&g->signals, SIGINT);
	sigaddset(&g->signals, SIGTERM);
	sigaddset(&g->signals, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &g->signals, &g->old_mask);
	/* without a watcher signals end the build as before, but the lock
	 * is still needed by out_write() from several threads */
	g->watching = pthread_create(&g->thread, NULL, guard_main, g) == 0;
	if (!g->watching)
		pthread_sigmask(SIG_SETMASK, &g->old_mask, NULL);
	o->guard = g;
}

/* The temporary folder to oneself: nobody writes in it meanwhile. */
static void
guard_lock(struct out *o)
{
	if (o->guard)
		pthread_rwlock_wrlock(&o->guard->lock);
}

static void
guard_unlock(struct out *o)
{
	if (o->guard)
		pthread_rwlock_unlock(&o->guard->lock);
}

/* The temporary folder kept in place while one writer makes a file in
 * it; writers share it. */
static void
guard_share(struct out *o)
{
	if (o->guard)
		pthread_rwlock_rdlock(&o->guard->lock);
}

static void
list_lock(struct out *o)
{
	if (o->guard)
		pthread_mutex_lock(&o->guard->list);
}

static void
list_unlock(struct out *o)
{
	if (o->guard)
		pthread_mutex_unlock(&o->guard->list);
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
	pthread_rwlock_unlock(&g->lock);
	if (g->watching) {
		pthread_cancel(g->thread);
		pthread_join(g->thread, NULL);
		pthread_sigmask(SIG_SETMASK, &g->old_mask, NULL);
	}
	pthread_rwlock_destroy(&g->lock);
	pthread_mutex_destroy(&g->list);
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

/*
 * Creates rel in the temporary folder as a new file holding data.  An
 * existing rel (a rewrite, or a link to a previous file) is unlinked
 * first, never written into.  Fills *st from the new file.  Returns 0,
 * or -1 with errno set.  The caller holds the tree lock
 * (shared, or alone).
 */
static int
create_file(struct out *o, const char *rel, const void *data, size_t len,
	    struct stat *st)
{
	int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
	int fd = openat(o->tmp_fd, rel, flags, 0644);
	if (fd < 0 && errno == EEXIST && unlinkat(o->tmp_fd, rel, 0) == 0)
		fd = openat(o->tmp_fd, rel, flags, 0644);
	if (fd < 0)
		return -1;
	const char *p = data;
	size_t left = len;
	int e = 0;
	while (left && !e) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			e = errno;
		else if (w == 0)
			e = ENOSPC;
		else {
			p += w;
			left -= (size_t)w;
		}
	}
	if (!e && fstat(fd, st) < 0)
		e = errno;
	if (close(fd) < 0 && !e)
		e = errno;
	if (e) {
		errno = e;
		return -1;
	}
	return 0;
}

/*
 * The previous output's manifest, when there is one to trust, with its
 * folder open; NULL otherwise.  fresh is the stat of the marker just
 * created in the temporary folder: its device and permissions are what
 * a linked file must have (the same file system, and the mode a file
 * written now would get, so that a file chmod-ed since is rewritten).
 */
static struct out_manifest *
previous_manifest(struct out *o, const struct stat *fresh)
{
	int fd = open(o->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	struct out_manifest *m = NULL;
	if (fstat(fd, &st) == 0 && st.st_dev == fresh->st_dev)
		m = manifest_read(fd);
	if (!m) {
		close(fd);
		return NULL;
	}
	m->dir_fd = fd;
	m->dev = st.st_dev;
	m->mode = fresh->st_mode & 07777;
	return m;
}

static bool adopt_spare(int pfd, const char *name, const char *tmp);
static int reuse_spare(struct out *o, struct out_manifest *m,
		       const struct stat *fresh);

/* What out_begin() leaves to a thread of its own, which out_ready()
 * waits for: the previous output's list read, the marker written, the
 * spare's list read and the spare pruned (the seconds of a large site's
 * rebuild spent on system calls, while the caller plans its pages).
 * Its failures are told by out_ready(), on the caller's thread. */
struct out_prep {
	struct workers_job job;
	bool adopted;           /* the temporary folder is the spare */
	int marker_err;         /* errno: the marker could not be written */
	int read_err;           /* errno: the spare could not be read */
};

static void
prepare(struct out *o, struct out_prep *p)
{
	/* the spare's list is read before its marker is replaced */
	struct out_manifest *spare_list = p->adopted ? manifest_read(o->tmp_fd)
						     : NULL;
	/* the marker alone (no list) marks the folder as a build's while
	 * it runs, so that a sweep may remove it after a crash */
	struct stat st;
	guard_lock(o);
	int err = create_file(o, marker_name, marker_text,
			      sizeof(marker_text) - 1, &st);
	int e = errno;
	guard_unlock(o);
	if (err < 0) {
		p->marker_err = e;
		manifest_free(spare_list);
		return;
	}
	o->prev = previous_manifest(o, &st);
	if (p->adopted)
		p->read_err = reuse_spare(o, spare_list, &st);
}

static void
prepare_job(void *arg)
{
	struct out *o = arg;
	prepare(o, o->prep);
}

/* Waits for out_begin()'s thread; returns what it left, or NULL when
 * there is none (any more).  The caller frees it. */
static struct out_prep *
join_prep(struct out *o)
{
	struct out_prep *p = o->prep;
	if (p)
		workers_end(&p->job);
	o->prep = NULL;
	return p;
}

int
out_ready(struct out *o)
{
	struct out_prep *p = join_prep(o);
	if (!p)
		return 0;
	int err = 0;
	if (p->marker_err)
		err = diag_error(o->dl, at(marker_name), "io",
				 "cannot write the output file: %s",
				 strerror(p->marker_err));
	else if (p->read_err)
		err = diag_error(o->dl, at(o->tmp), "io", "cannot read \"%s\": %s",
				 o->tmp, strerror(p->read_err));
	free(p);
	return err;
}

void
out_expect(struct out *o, size_t files)
{
	struct out_manifest *m = o->next;
	list_lock(o);
	if (files > m->cap) {      /* to measure: xgrow() would double */
		m->v = xrealloc(m->v, xmul(files, sizeof(*m->v)));
		m->cap = files;
	}
	list_unlock(o);
}

static bool spare_holds(struct out_manifest *m, const char *rel,
			const struct entry *old, struct entry *e);
static bool in_the_way(int err);
static void clear_way(struct out *o, const char *rel);

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
	struct sbuf sn = SBUF_INIT;
	sbuf_putf(&sn, ".%s.spare", base);
	char *spare_name = sbuf_detach(&sn, NULL);
	sbuf_putf(&sn, "%s/%s", parent, spare_name);
	o->spare_dir = sbuf_detach(&sn, NULL);

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
	bool adopted = false;
	if (made) {
		/* under the parent's lock, as the sweep: the spare becomes
		 * this build's folder before any other build sees it */
		adopted = pfd >= 0 && adopt_spare(pfd, spare_name, o->tmp);
		o->tmp_fd = open(o->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		e = errno;
		if (o->tmp_fd >= 0)
			flock(o->tmp_fd, LOCK_EX);
	}
	guard_unlock(o);
	if (pfd >= 0)
		close(pfd);         /* and with it the parent's lock */
	free(spare_name);
	if (!made || o->tmp_fd < 0) {
		diag_error(dl, at(o->name), "io",
			   "cannot create a folder beside the output folder: %s",
			   strerror(e));
		if (!made) {
			free(o->tmp);
			o->tmp = NULL;
		}
		goto fail;
	}
	chmod(o->tmp, 0755);    /* mkdtemp makes it 0700; the site is public */
	o->next = manifest_new();
	/* the rest, on a thread of its own while the caller goes on */
	struct out_prep *p = xcalloc(1, sizeof(*p));
	p->adopted = adopted;
	o->prep = p;
	workers_begin(&p->job, prepare_job, o);
	return 0;
fail:
	out_abort(o);
	return -1;
}

/*
 * mkdir -p, inside the temporary folder, for the folder of rel: the
 * folder itself first, its parents only when it has none (most pages
 * are the first file of a folder whose parent exists).  Returns 0, or
 * -1 with errno set and *failed pointing past the folder that could not
 * be made (its name is rel up to there).
 */
static int
make_parents(struct out *o, const char *rel, const char **failed)
{
	const char *slash = strrchr(rel, '/');
	if (!slash)
		return 0;        /* a file at the top of the site */
	char *d = xstrndup(rel, (size_t)(slash - rel));
	int err = 0;
	if (mkdirat(o->tmp_fd, d, 0755) < 0 && errno != EEXIST) {
		/* a parent is missing: every folder from the top */
		for (char *p = d; !err; p++) {
			if (*p != '/' && *p != '\0')
				continue;
			char c = *p;
			*p = '\0';
			if (mkdirat(o->tmp_fd, d, 0755) < 0 && errno != EEXIST) {
				err = -1;
				*failed = rel + (p - d);
			}
			*p = c;
			if (!c)
				break;
		}
	}
	int e = errno;
	free(d);
	errno = e;
	return err;
}

/* Whether st, just taken, is the file e of the list m: a regular file
 * with the inode, size and time listed, on m's device, with the
 * permissions a file written now gets (so that a file chmod-ed since is
 * not kept). */
static bool
is_listed_file(const struct stat *st, const struct out_manifest *m,
	       const struct entry *e)
{
	return S_ISREG(st->st_mode) && (st->st_mode & 07777) == m->mode &&
	       st->st_dev == m->dev && (uint64_t)st->st_ino == e->ino &&
	       (uint64_t)st->st_size == e->size &&
	       st->st_mtim.tv_sec == e->mtime.tv_sec &&
	       st->st_mtim.tv_nsec == e->mtime.tv_nsec;
}

/*
 * Links the previous output's file rel, which the manifest lists as old,
 * into the temporary folder, and checks that what was linked is still
 * that file: a regular file with the inode, size, time and permissions
 * listed.  Returns whether it did; fills e's inode and time then.  The
 * caller holds the tree lock, shared.
 */
static bool
link_previous(struct out *o, const char *rel, const struct entry *old,
	      struct entry *e)
{
	struct out_manifest *m = o->prev;
	if (m->no_links)
		return false;
	if (linkat(m->dir_fd, rel, o->tmp_fd, rel, 0) < 0 &&
	    (errno != EEXIST || unlinkat(o->tmp_fd, rel, 0) < 0 ||
	     linkat(m->dir_fd, rel, o->tmp_fd, rel, 0) < 0)) {
		/* EMLINK, ENOENT...: write this one.  A file system without
		 * hard links (FAT), or that forbids linking a regular file
		 * (not a folder put there by hand): write them all. */
		int err = errno;
		struct stat st;
		m->no_links = err == EXDEV || err == EOPNOTSUPP ||
			      (err == EPERM &&
			       fstatat(m->dir_fd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
			       S_ISREG(st.st_mode));
		return false;
	}
	struct stat st;
	if (fstatat(o->tmp_fd, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    is_listed_file(&st, m, old)) {
		e->ino = old->ino;
		e->mtime = old->mtime;
		return true;
	}
	unlinkat(o->tmp_fd, rel, 0);    /* not the file we wrote: write it */
	return false;
}

/* Adds e, with a copy of rel, to the new list.  The caller holds the
 * list lock. */
static void
manifest_add(struct out_manifest *m, struct entry e, const char *rel)
{
	void *v = m->v;
	xgrow(&v, &m->cap, m->n + 1, sizeof(*m->v));
	m->v = v;
	e.path = arena_strdup(&m->names, rel);
	e.seq = m->n;
	m->v[m->n++] = e;
}

/* Refuses a path out_write() must not write; 0, or -1 after filing a
 * diag. */
static int
check_path(struct out *o, const char *rel)
{
	if (path_ok(rel))
		return 0;
	list_lock(o);
	int err = diag_error(o->dl, at(rel), "io",
			     "refusing to write a file whose path is empty, absolute, has an empty, \".\" or \"..\" part, or holds a control character");
	list_unlock(o);
	return err;
}

/* Fills e's id with the hash of data; 0, or -1 after filing a diag. */
static int
hash_bytes(struct out *o, const char *rel, const void *data, size_t len,
	   struct entry *e)
{
	e->size = len;
	if (EVP_Digest(data, len, e->id, NULL, EVP_sha256(), NULL))
		return 0;
	list_lock(o);
	int err = diag_error(o->dl, at(rel), "io",
			     "cannot compute the hash of the output file: %s",
			     "libcrypto failed");
	list_unlock(o);
	return err;
}

/*
 * Puts rel into the new tree with the bytes e names (id and size): the
 * spare's file or the previous output's (old: its entry when it lists
 * those bytes, else NULL) when it holds them, else, given data, a new
 * file of them.  Without data nothing more is done when neither holds
 * them.  Returns 1 when rel is in the new tree, 0 when it is not (no
 * data), or -1 after filing a diag.
 */
static int
place(struct out *o, const char *rel, struct entry e, const struct entry *old,
      const void *data)
{
	int err = 0;
	bool reused = o->spare && spare_holds(o->spare, rel, old, &e);
	bool linked = reused;
	const char *failed = NULL;
	int mkdir_err = 0, write_err = 0;
	/* writers make their files side by side; the watcher waits for
	 * them before it removes the folder, so that no half-written file
	 * remains */
	guard_share(o);
	for (int tries = o->spare ? 2 : 1; !linked && tries--;) {
		mkdir_err = make_parents(o, rel, &failed) < 0 ? errno : 0;
		linked = !mkdir_err && old && link_previous(o, rel, old, &e);
		struct stat st;
		if (!mkdir_err && !linked && data) {
			if (create_file(o, rel, data, e.size, &st) < 0) {
				write_err = errno;
			} else {
				e.ino = (uint64_t)st.st_ino;
				e.mtime = st.st_mtim;
			}
		}
		int why = mkdir_err ? mkdir_err : write_err;
		if (!why || !tries || !in_the_way(why))
			break;
		clear_way(o, rel);       /* the previous site's, in the spare */
		mkdir_err = write_err = 0;
	}
	guard_unlock(o);
	if (!data && !linked)
		return 0;       /* the caller writes it: that says why not */

	list_lock(o);
	if (mkdir_err) {
		char *folder = xstrndup(rel, (size_t)(failed - rel));
		err = diag_error(o->dl, at(rel), "io",
				 "cannot create folder \"%s\": %s", folder,
				 strerror(mkdir_err));
		free(folder);
	} else if (write_err)
		err = diag_error(o->dl, at(rel), "io",
				 "cannot write the output file: %s",
				 strerror(write_err));
	if (!err) {
		manifest_add(o->next, e, rel);
		o->files++;
		o->bytes += e.size;
		/* a file of the spare is "written" when its bytes are not
		 * the output's: what changed on the site is counted */
		if (linked && (!reused || old))
			o->linked++;
		else
			o->written++;
		o->reused += reused;
	}
	list_unlock(o);
	return err < 0 ? err : 1;
}

int
out_write(struct out *o, const char *rel, const void *data, size_t len)
{
	return out_write_keyed(o, rel, data, len, NULL);
}

int
out_write_keyed(struct out *o, const char *rel, const void *data, size_t len,
		const unsigned char *key)
{
	assert(!o->prep);       /* out_ready() first */
	struct entry e = { 0 };
	if (check_path(o, rel) < 0 || hash_bytes(o, rel, data, len, &e) < 0)
		return -1;
	if (key) {
		memcpy(e.key, key, OUT_KEY_BYTES);
		e.keyed = true;
	}
	const struct entry *old = o->prev ? manifest_find(o->prev, rel) : NULL;
	if (old && (old->size != e.size || memcmp(old->id, e.id, HASH_BYTES)))
		old = NULL;
	return place(o, rel, e, old, data) < 0 ? -1 : 0;
}

int
out_keep(struct out *o, const char *rel, const unsigned char *key,
	 const void *check, size_t check_len)
{
	assert(!o->prep);
	const struct entry *old = o->prev ? manifest_find(o->prev, rel) : NULL;
	if (!old || !old->keyed || memcmp(old->key, key, OUT_KEY_BYTES) ||
	    !path_ok(rel))
		return 0;
	struct entry e = { .size = old->size, .keyed = true };
	memcpy(e.id, old->id, HASH_BYTES);
	memcpy(e.key, key, OUT_KEY_BYTES);
	if (check) {
		struct entry made = { 0 };
		if (hash_bytes(o, rel, check, check_len, &made) < 0)
			return -1;
		if (made.size != e.size || memcmp(made.id, e.id, HASH_BYTES)) {
			list_lock(o);
			diag_error(o->dl, at(rel), "internal",
				   "the file's bytes differ from the previous build's, though made from the same data: please report this as a bug of ocop");
			list_unlock(o);
			return -1;
		}
	}
	return place(o, rel, e, old, NULL);
}

/* The 2 * n lowercase hex digits of id[0..n), NUL-terminated. */
static void
to_hex(char *hex, const unsigned char *id, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		hex[2 * k] = "0123456789abcdef"[id[k] >> 4];
		hex[2 * k + 1] = "0123456789abcdef"[id[k] & 15];
	}
	hex[2 * n] = '\0';
}

/*
 * Writes the marker with the list of the new tree's files, sorted, a
 * path written twice listed once, as last written.  The caller holds
 * the lock.  Returns 0, or -1 after filing a diag.
 */
static int
write_manifest(struct out *o)
{
	struct out_manifest *m = o->next;
	if (m->n)
		qsort(m->v, m->n, sizeof(*m->v), cmp_entry);
	size_t n = 0;
	for (size_t i = 0; i < m->n; i++)
		n += i + 1 == m->n || strcmp(m->v[i].path, m->v[i + 1].path);
	/* sized once: at 130,000 files, growing by doubling would hold
	 * twice the text at the build's peak of memory */
	size_t bytes = 256;
	for (size_t i = 0; i < m->n; i++)
		bytes += strlen(m->v[i].path) + HASH_HEX + KEY_HEX + 3 * 21 + 16;
	struct sbuf sb = SBUF_INIT;
	sbuf_grow(&sb, bytes);
	sbuf_put(&sb, marker_text, sizeof(marker_text) - 1);
	sbuf_putf(&sb, "%s%s %zu\n", manifest_head, OCOP_VERSION, n);
	for (size_t i = 0; i < m->n; i++) {
		const struct entry *e = &m->v[i];
		if (i + 1 < m->n && !strcmp(e->path, m->v[i + 1].path))
			continue;       /* rewritten later */
		char hex[HASH_HEX + 1], key[KEY_HEX + 1] = "-";
		to_hex(hex, e->id, HASH_BYTES);
		if (e->keyed)
			to_hex(key, e->key, OUT_KEY_BYTES);
		/* "%s %" PRIu64 " %lld.%09ld %" PRIu64 " %s %s\n", without
		 * printf: at 265,000 files it took most of the commit */
		sbuf_put(&sb, hex, HASH_HEX);
		sbuf_putc(&sb, ' ');
		sbuf_putu64(&sb, e->size, 1);
		sbuf_putc(&sb, ' ');
		sbuf_putlong(&sb, (long)e->mtime.tv_sec);
		sbuf_putc(&sb, '.');
		sbuf_putu64(&sb, (uint64_t)e->mtime.tv_nsec, 9);
		sbuf_putc(&sb, ' ');
		sbuf_putu64(&sb, e->ino, 1);
		sbuf_putc(&sb, ' ');
		sbuf_puts(&sb, key);
		sbuf_putc(&sb, ' ');
		sbuf_puts(&sb, e->path);
		sbuf_putc(&sb, '\n');
	}
	struct stat st;
	int err = 0;
	if (create_file(o, marker_name, sb.data, sb.len, &st) < 0) {
		int x = errno;
		err = diag_error(o->dl, at(marker_name), "io",
				 "cannot write the output file: %s", strerror(x));
	}
	sbuf_release(&sb);
	return err;
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)f;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

enum { REMOVE_DEPTH = 64 };     /* deeper: nftw(), which needs no fds */

static bool
is_dot_name(const char *n)
{
	return n[0] == '.' && (!n[1] || (n[1] == '.' && !n[2]));
}

static int empty_folder(int fd, const char *path, int depth);

/*
 * Removes name, in the folder at parent open at dfd, whatever it is: a
 * folder goes with everything in it.  Names are relative to their
 * folder (unlinkat), so the kernel never walks a whole path again for
 * each of the 70,000 files of a large site, as nftw() makes it do; only
 * past REMOVE_DEPTH folders does nftw() take over.  Returns 0 or -1.
 */
static int
remove_at(int dfd, const char *parent, const char *name, int depth)
{
	if (unlinkat(dfd, name, 0) == 0)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -1;
	struct sbuf path = SBUF_INIT;
	sbuf_putf(&path, "%s/%s", parent, name);
	int fd = depth < REMOVE_DEPTH
		 ? openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			  O_CLOEXEC)
		 : -1;
	int err;
	if (fd < 0) {
		err = nftw(path.data, remove_entry, 32, FTW_DEPTH | FTW_PHYS);
	} else {
		err = empty_folder(fd, path.data, depth + 1);
		if (unlinkat(dfd, name, AT_REMOVEDIR) < 0)
			err = -1;
	}
	sbuf_release(&path);
	return err;
}

/* Removes everything in the folder at path, open at fd (closed here),
 * going on past failures as nftw() callers expect.  Returns 0 or -1. */
static int
empty_folder(int fd, const char *path, int depth)
{
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	int err = 0;
	for (struct dirent *e; (e = readdir(d));)
		if (!is_dot_name(e->d_name))
			err |= remove_at(dirfd(d), path, e->d_name, depth);
	closedir(d);
	return err;
}

/* The entries of a folder, read whole before workers (workers.h) take
 * them one at a time. */
struct top_names {
	char **name;
	unsigned char *type;    /* as readdir() gives it */
	size_t n;
};

/* Reads the entries of the folder open at fd (left open) into t.
 * Returns 0, or -1 with errno set. */
static int
top_names_read(int fd, struct top_names *t)
{
	memset(t, 0, sizeof(*t));
	int dup_fd = dup(fd);
	DIR *d = dup_fd < 0 ? NULL : fdopendir(dup_fd);
	if (!d) {
		int e = errno;
		if (dup_fd >= 0)
			close(dup_fd);
		errno = e;
		return -1;
	}
	size_t cap = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (is_dot_name(e->d_name))
			continue;
		void *v = t->name;
		size_t c = cap;
		xgrow(&v, &c, t->n + 1, sizeof(*t->name));
		t->name = v;
		v = t->type;
		xgrow(&v, &cap, t->n + 1, sizeof(*t->type));
		t->type = v;
		t->name[t->n] = xstrdup(e->d_name);
		t->type[t->n++] = e->d_type;
	}
	closedir(d);
	return 0;
}

static void
top_names_free(struct top_names *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->name[i]);
	free(t->name);
	free(t->type);
}

/* The top of a tree being removed, shared by the workers (workers.h):
 * its entries are taken one at a time, each removed whole. */
struct removal {
	const char *path;
	int fd;
	struct top_names top;
	atomic_bool failed;
};

static bool
remove_top_entry(void *ctx, unsigned worker, size_t i)
{
	(void)worker;
	struct removal *r = ctx;
	if (remove_at(r->fd, r->path, r->top.name[i], 0) < 0)
		atomic_store(&r->failed, true);
	return true;
}

/* Removes the tree at path, its top entries on every core: removing a
 * site of 70,000 files is mostly the kernel freeing them, 1.7 s here
 * on one core. */
int
out_remove_tree(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOTDIR || errno == ELOOP ? unlink(path) : -1;
	struct removal r = { .path = path, .fd = fd };
	if (top_names_read(fd, &r.top) < 0) {
		int err = empty_folder(fd, path, 0);
		return rmdir(path) < 0 ? -1 : err;
	}
	atomic_init(&r.failed, false);
	workers_run(r.top.n, workers_cores(), 1, remove_top_entry, &r);
	top_names_free(&r.top);
	close(fd);
	return rmdir(path) < 0 || atomic_load(&r.failed) ? -1 : 0;
}

/*
 * The spare: the previous site, kept beside the output after the swap
 * and taken as the next build's temporary folder (out.h, "Two trees").
 */

/* Takes the spare, name in the folder pfd, as the temporary folder tmp
 * (just made, empty: the rename replaces it) when it is one of ours: it
 * holds the marker.  Returns whether it did. */
static bool
adopt_spare(int pfd, const char *name, const char *tmp)
{
	int fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			O_CLOEXEC);
	if (fd < 0)
		return false;
	struct stat st;
	bool ours = fstatat(fd, marker_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISREG(st.st_mode);
	close(fd);
	return ours && renameat(pfd, name, AT_FDCWD, tmp) == 0;
}

/* The part of the spare's list a folder's walk looks in: the files
 * below that folder, a range of the sorted list. */
struct span_of_list {
	size_t lo, hi;
};

/* The first entry of r whose path is not before key, as strcmp orders
 * them; len is strlen(key), or one more to count the NUL in (then an
 * equal path is not before it either). */
static size_t
lower_bound(const struct out_manifest *m, struct span_of_list r,
	    const char *key, size_t len)
{
	while (r.lo < r.hi) {
		size_t mid = r.lo + (r.hi - r.lo) / 2;
		if (strncmp(m->v[mid].path, key, len) < 0)
			r.lo = mid + 1;
		else
			r.hi = mid;
	}
	return r.lo;
}

/* The entries of r below the folder dir/ (dir[0..len) ends with '/'):
 * from dir/ up to dir0, '0' being the byte after '/'. */
static struct span_of_list
folder_range(const struct out_manifest *m, struct span_of_list r,
	     char *dir, size_t len)
{
	struct span_of_list in;
	in.lo = lower_bound(m, r, dir, len);
	dir[len - 1] = '0';
	in.hi = lower_bound(m, (struct span_of_list){ in.lo, r.hi }, dir, len);
	dir[len - 1] = '/';
	return in;
}

/* The entry of r whose path is exactly path, or NULL. */
static const struct entry *
find_in(const struct out_manifest *m, struct span_of_list r, const char *path)
{
	size_t len = strlen(path);
	size_t i = lower_bound(m, r, path, len + 1);   /* the NUL too */
	return i < r.hi && !strcmp(m->v[i].path, path) ? &m->v[i] : NULL;
}

static bool prune_entry(struct out_manifest *m, int dfd, struct sbuf *path,
			size_t root_len, struct span_of_list r,
			const char *name, unsigned char type, int depth);

/* Prunes the folder open at fd (closed here), whose path path holds and
 * whose files are in r.  Its entries are read with getdents64(), not
 * readdir(): a folder of one page needs no buffer of its own and no
 * fcntl().  Returns whether anything is left in it. */
static bool
prune_folder(struct out_manifest *m, int fd, struct sbuf *path,
	     size_t root_len, struct span_of_list r, int depth)
{
	char buf[4096];
	bool kept = false, read_all = false;
	for (;;) {
		ssize_t n = getdents64(fd, buf, sizeof(buf));
		if (n <= 0) {
			read_all = n == 0;
			break;
		}
		for (ssize_t at = 0; at < n;) {
			struct dirent64 *e = (struct dirent64 *)(void *)(buf + at);
			at += e->d_reclen;
			if (!is_dot_name(e->d_name))
				kept |= prune_entry(m, fd, path, root_len, r,
						    e->d_name, e->d_type, depth);
		}
	}
	close(fd);
	if (!read_all) {
		/* what could not be read may hold anything: the caller
		 * removes the folder whole, kept files with it */
		for (size_t i = r.lo; i < r.hi; i++)
			m->state[i] = SPARE_GONE;
		return false;
	}
	return kept;
}

/*
 * Keeps name, in the folder open at dfd whose path path holds (the
 * spare's own path, then root_len bytes on, its path in the site), when
 * it is a file the list m holds as listed (within r, the folder's part
 * of the list), or a folder where something is kept; removes it
 * otherwise.  A kept file is marked SPARE_HERE.  Returns whether it
 * kept something.
 */
static bool
prune_entry(struct out_manifest *m, int dfd, struct sbuf *path,
	    size_t root_len, struct span_of_list r, const char *name,
	    unsigned char type, int depth)
{
	size_t mark = path->len;
	sbuf_putc(path, '/');
	sbuf_puts(path, name);
	struct stat st;
	if (type == DT_UNKNOWN && fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0)
		type = S_ISDIR(st.st_mode) ? DT_DIR
		       : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
	bool kept = false;
	if (type == DT_REG) {
		const struct entry *e = find_in(m, r, path->data + root_len + 1);
		kept = e && fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		       is_listed_file(&st, m, e);
		if (kept)
			m->state[e - m->v] = SPARE_HERE;
	} else if (type == DT_DIR && depth < REMOVE_DEPTH) {
		sbuf_putc(path, '/');
		struct span_of_list in = folder_range(m, r,
			path->data + root_len + 1, path->len - root_len - 1);
		path->data[--path->len] = '\0';
		int fd = in.lo == in.hi ? -1
			 : openat(dfd, name, O_RDONLY | O_DIRECTORY |
				  O_NOFOLLOW | O_CLOEXEC);
		kept = fd >= 0 && prune_folder(m, fd, path, root_len, in,
					       depth + 1);
	}
	path->len = mark;
	path->data[mark] = '\0';
	if (!kept)
		remove_at(dfd, path->data, name, depth);
	return kept;
}

/* The spare's top entries, pruned on every core. */
struct pruning {
	struct out *o;
	struct out_manifest *m;
	struct top_names top;
	struct sbuf path[WORKERS_MAX];
};

static bool
prune_top_entry(void *ctx, unsigned worker, size_t i)
{
	struct pruning *p = ctx;
	if (!strcmp(p->top.name[i], marker_name))
		return true;        /* this build's, just written */
	struct sbuf *path = &p->path[worker];
	sbuf_reset(path);
	sbuf_puts(path, p->o->tmp);
	prune_entry(p->m, p->o->tmp_fd, path, path->len,
		    (struct span_of_list){ 0, p->m->n }, p->top.name[i],
		    p->top.type[i], 0);
	return true;
}

/*
 * Makes the spare just taken as the temporary folder hold only files
 * its list m holds as listed (NULL: no list, so nothing), and o->spare
 * that list, each file marked SPARE_HERE or SPARE_GONE.  fresh is the
 * stat of the marker just written, as for previous_manifest().  Returns
 * 0, or the errno of a folder that cannot be read (what it holds would
 * be published unchecked: the build must fail).
 */
static int
reuse_spare(struct out *o, struct out_manifest *m, const struct stat *fresh)
{
	if (!m)
		m = manifest_new();
	m->state = xcalloc(m->n ? m->n : 1, sizeof(*m->state));
	m->dev = fresh->st_dev;
	m->mode = fresh->st_mode & 07777;
	o->spare = m;
	struct pruning p = { .o = o, .m = m };
	if (top_names_read(o->tmp_fd, &p.top) < 0)
		return errno ? errno : EIO;
	for (size_t i = 0; i < WORKERS_MAX; i++)
		sbuf_init(&p.path[i]);
	guard_share(o);
	workers_run(p.top.n, workers_cores(), 1, prune_top_entry, &p);
	guard_unlock(o);
	for (size_t i = 0; i < WORKERS_MAX; i++)
		sbuf_release(&p.path[i]);
	top_names_free(&p.top);
	return 0;
}

/* Whether the spare holds rel with the bytes whose hash and size e
 * has, and, when the previous output has them too (old), as that very
 * file: then the spare's file stays, and e takes its inode and time (an
 * unchanged file keeps the output's inode and time, whichever tree it
 * comes from).  The spare's file is marked taken either way: this
 * build writes rel. */
static bool
spare_holds(struct out_manifest *m, const char *rel, const struct entry *old,
	    struct entry *e)
{
	const struct entry *f = manifest_find(m, rel);
	if (!f || m->state[f - m->v] != SPARE_HERE)
		return false;
	m->state[f - m->v] = SPARE_TAKEN;
	if (f->size != e->size || memcmp(f->id, e->id, HASH_BYTES))
		return false;
	if (old && (old->ino != f->ino || old->mtime.tv_sec != f->mtime.tv_sec ||
		    old->mtime.tv_nsec != f->mtime.tv_nsec))
		return false;   /* linked from the output instead */
	e->ino = f->ino;
	e->mtime = f->mtime;
	return true;
}

/* Whether err, from making rel in the spare, may come from a file of
 * the previous site where rel's folder goes, or a folder where rel goes
 * (a plan's path that was a file in one build and a folder in the
 * next). */
static bool
in_the_way(int err)
{
	return err == ENOTDIR || err == EISDIR || err == EEXIST;
}

/* Makes room for rel in the spare: removes what is not a folder where
 * one of rel's folders goes, and a folder where rel goes. */
static void
clear_way(struct out *o, const char *rel)
{
	char *p = xstrdup(rel);
	struct stat st;
	for (char *s = strchr(p, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (fstatat(o->tmp_fd, p, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    !S_ISDIR(st.st_mode))
			unlinkat(o->tmp_fd, p, 0);
		*s = '/';
	}
	if (fstatat(o->tmp_fd, p, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISDIR(st.st_mode))
		remove_at(o->tmp_fd, o->tmp, p, 0);
	free(p);
}

/* Removes the files of the spare this build did not write, and the
 * folders that leaves empty: the site then holds what was written and
 * nothing else, as a fresh folder would.  The caller holds the lock. */
static void
drop_unwritten(struct out *o)
{
	struct out_manifest *m = o->spare;
	for (size_t i = 0; i < m->n; i++) {
		if (m->state[i] != SPARE_HERE)
			continue;
		m->state[i] = SPARE_GONE;
		char *p = xstrdup(m->v[i].path);
		if (unlinkat(o->tmp_fd, p, 0) == 0)
			for (char *s; (s = strrchr(p, '/'));) {
				*s = '\0';
				if (unlinkat(o->tmp_fd, p, AT_REMOVEDIR) < 0)
					break;
			}
		free(p);
	}
}

/* Keeps the previous site, at o->tmp since the swap, as the spare of
 * the next build, when its list was trusted (an older ocop's site, or a
 * damaged one, would only be emptied).  Returns whether it did. */
static bool
keep_previous_site(struct out *o)
{
	return o->prev && o->spare_dir &&
	       renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->spare_dir,
			 RENAME_NOREPLACE) == 0;
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
	o->tmp = o->dir = NULL;
	manifest_free(o->prev);
	manifest_free(o->next);
	manifest_free(o->spare);
	o->prev = o->next = o->spare = NULL;
	free(o->spare_dir);
	o->spare_dir = NULL;
	guard_stop(o);
}

/* Puts the temporary folder in the output's place.  The caller holds
 * the lock.  Returns 0, or -1 after filing a diag. */
static int
swap_in(struct out *o)
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
	return err;
}

int
out_commit(struct out *o)
{
	free(join_prep(o));     /* out_ready() said how it went */
	guard_lock(o);
	if (o->spare)
		drop_unwritten(o);
	int err = write_manifest(o);
	if (!err)
		err = swap_in(o);
	if (!err) {
		if (!keep_previous_site(o))
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
	free(join_prep(o));
	guard_lock(o);
	finish(o, true);
}

/*
 * The folders an output may not be: replacing it (out_commit() swaps a
 * whole tree in, and removes what was there) must never delete the
 * catalog.  The rule is checked on the absolute, symlink-free path, so
 * "../catalog" or a link to it is caught as surely as ".".
 */
static bool
is_within(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == '\0');
}

/* The absolute, symlink-free path dir names from base: its deepest
 * existing folder resolved, then the names below it, which must be
 * plain (no "." or "..": there is no folder to resolve them against).
 * Caller frees; NULL for such a path. */
static char *
resolve_dir(const char *base, const char *dir)
{
	struct sbuf abs = SBUF_INIT;
	if (dir[0] != '/')
		sbuf_putf(&abs, "%s/", base);
	sbuf_puts(&abs, dir);
	char *rest = abs.data + abs.len;       /* names not yet resolved */
	char *real = NULL;
	while (!(real = realpath(abs.data, NULL))) {
		char *slash = strrchr(abs.data, '/');
		if (!slash || slash == abs.data)
			break;
		*slash = '\0';
		rest = slash + 1;
	}
	char *r = NULL;
	if (real) {
		struct sbuf full = SBUF_INIT;
		sbuf_puts(&full, strcmp(real, "/") ? real : "");
		bool plain = true;
		/* rebuild the unresolved part, restoring the cut slashes */
		for (char *p = rest; p < abs.data + abs.len; p += strlen(p) + 1) {
			if (!*p)
				continue;
			plain &= strcmp(p, ".") && strcmp(p, "..");
			sbuf_putf(&full, "/%s", p);
		}
		r = plain ? sbuf_detach(&full, NULL) : NULL;
		sbuf_release(&full);
		free(real);
	}
	sbuf_release(&abs);
	return r;
}

bool
out_dir_is_safe(const char *dir, const char *catalog_dir)
{
	static const char *const keep[] = { "content", "themes", ".git", "src",
					    "tests", NULL };
	char *p = resolve_dir(catalog_dir, dir);
	bool safe = p && strcmp(p, "/") && !is_within(catalog_dir, p);
	for (const char *const *k = keep; *k && safe; k++) {
		struct sbuf kept = SBUF_INIT;
		sbuf_putf(&kept, "%s/%s", catalog_dir, *k);
		safe = !is_within(p, kept.data);
		sbuf_release(&kept);
	}
	free(p);
	return safe;
}
