/*
 * loose.c - reading loose objects ourselves, so that a damaged one is an
 * error and never an endless loop (loose.h).
 */
#include "loose.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include <git2/sys/odb_backend.h>
#define ZLIB_CONST
#include <zlib.h>

#include "../util/sbuf.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

/* ------------------------------------------------------------------ */
/* Loose objects, inflated here                                       */
/* ------------------------------------------------------------------ */

/*
 * libgit2 1.5.1 (Debian 12) loops forever inflating a truncated loose
 * object (libgit2 issue #7342: git_zstream_get_output() retries on
 * Z_BUF_ERROR).  So every repository source_open() opens gets one more
 * object backend, ahead of libgit2's own.  It reads loose objects itself
 * with zlib, checking that the stream ends (Z_STREAM_END, nothing after
 * it), that the header is "<type> <size>\0" and that exactly size bytes
 * follow, and hands the bytes to libgit2, which then checks their hash.
 * A damaged object is an error, never a loop, and every read through the
 * repository is covered: HEAD, --rev (refs, abbreviated ids, HEAD~2),
 * --staged, trees, blobs, and later stages that use the repository.
 * Objects in packs, and loose objects in git's pre-2006 "packlike"
 * format, are left to libgit2's own backends (packs are not affected).
 * Reading a loose object still costs one inflate: this one instead of
 * libgit2's.
 */
enum {
	GUARD_PRIORITY = 100,    /* ahead of packs (2) and loose objects (1) */
	MAX_ALTERNATES = 5,      /* levels of objects/info/alternates */
	HEADER_MAX = 64,         /* "commit 123\0", as libgit2 allows */
	DEFLATE_RATIO = 1032,    /* no deflate stream expands more */
	SCRATCH = 16384,         /* bytes inflated at a time to check */
};

struct loose_guard {
	git_odb_backend parent;  /* first: libgit2 hands back &parent */
	char **dirs;             /* objects folders, the repository's first */
	size_t n_dirs, cap_dirs;
	git_oid bad;             /* the last object found damaged */
	bool has_bad;
};

enum loose { LOOSE_OK, LOOSE_ABSENT, LOOSE_PASS, LOOSE_BAD, LOOSE_NOMEM };

/* The compressed bytes not yet handed to zlib, which takes at most
 * UINT_MAX at a time. */
struct zin {
	z_stream z;
	const unsigned char *next;
	size_t left;
};

/*
 * Inflates into out[0..cap).  Returns 1 at the end of the stream, 0 when
 * out is full first, -1 when the stream is damaged or stops short.  *got
 * is the number of bytes written.  Every turn of the loop either makes
 * progress or returns: zlib says Z_BUF_ERROR when it cannot, and here
 * that can only mean that the input ran out.
 */
static int
zin_read(struct zin *s, unsigned char *out, size_t cap, size_t *got)
{
	*got = 0;
	while (*got < cap) {
		if (s->z.avail_in == 0 && s->left) {
			uInt n = s->left > UINT_MAX ? UINT_MAX : (uInt)s->left;
			s->z.next_in = s->next;
			s->z.avail_in = n;
			s->next += n;
			s->left -= n;
		}
		size_t room = cap - *got;
		uInt r = room > UINT_MAX ? UINT_MAX : (uInt)room;
		s->z.next_out = out + *got;
		s->z.avail_out = r;
		int zr = inflate(&s->z, Z_NO_FLUSH);
		*got += r - s->z.avail_out;
		if (zr == Z_STREAM_END)
			return 1;
		if (zr != Z_OK)
			return -1;
	}
	return 0;
}

/* Parses "<type> <size>\0" at the start of h[0..n).  Returns the header's
 * length, NUL included, or 0 when it is not one. */
static size_t
loose_header(const unsigned char *h, size_t n, git_object_t *type,
	     size_t *size)
{
	static const struct { char name[8]; git_object_t type; } types[] = {
		{ "commit", GIT_OBJECT_COMMIT }, { "tree", GIT_OBJECT_TREE },
		{ "blob", GIT_OBJECT_BLOB },     { "tag", GIT_OBJECT_TAG },
	};
	const unsigned char *sp = memchr(h, ' ', n);
	if (!sp)
		return 0;
	size_t tlen = (size_t)(sp - h);
	*type = GIT_OBJECT_INVALID;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strlen(types[i].name) == tlen
		    && !memcmp(h, types[i].name, tlen))
			*type = types[i].type;
	if (*type == GIT_OBJECT_INVALID)
		return 0;
	size_t i = tlen + 1, v = 0;
	if (i >= n || h[i] < '0' || h[i] > '9')
		return 0;
	for (; i < n && h[i] >= '0' && h[i] <= '9'; i++) {
		if (v > (SIZE_MAX - 9) / 10)
			return 0;
		v = v * 10 + (size_t)(h[i] - '0');
	}
	if (i >= n || h[i] != '\0')
		return 0;
	*size = v;
	return i + 1;
}

/*
 * Inflates the loose object p[0..n) and checks it.  With be, its bytes
 * go to *data (allocated for libgit2 through be, NUL-terminated); without,
 * they only pass through a small scratch buffer.
 */
static enum loose
loose_inflate(const unsigned char *p, size_t n, git_odb_backend *be,
	      void **data, size_t *len, git_object_t *type)
{
	/* the zlib header of the current format; anything else is the
	 * old packlike format, which libgit2 reads without the loop */
	if (n < 2 || (p[0] & 0x8F) != 0x08 || ((p[0] << 8) + p[1]) % 31)
		return n < 2 ? LOOSE_BAD : LOOSE_PASS;
	struct zin s = { .next = p, .left = n };
	if (inflateInit(&s.z) != Z_OK)
		return LOOSE_NOMEM;
	enum loose res = LOOSE_BAD;
	unsigned char head[HEADER_MAX], *buf = NULL;
	size_t got, size, have;
	int end = zin_read(&s, head, sizeof(head), &got);
	size_t hlen = end < 0 ? 0 : loose_header(head, got, type, &size);
	/* a size that no deflate stream of n bytes can reach is damage,
	 * found before anything that large is allocated */
	if (hlen == 0 || got - hlen > size
	    || (n < SIZE_MAX / DEFLATE_RATIO && size > n * DEFLATE_RATIO))
		goto out;
	have = got - hlen;
	if (be) {
		if (size == SIZE_MAX
		    || !(buf = git_odb_backend_data_alloc(be, size + 1))) {
			res = LOOSE_NOMEM;
			goto out;
		}
		memcpy(buf, head + hlen, have);
		if (end == 0) {
			end = zin_read(&s, buf + have, size - have, &got);
			have += got;
		}
		if (end == 0) {   /* full: the stream must end right here */
			unsigned char extra;
			end = zin_read(&s, &extra, 1, &got);
			have += got;
		}
	} else {
		unsigned char scratch[SCRATCH];
		while (end == 0 && have <= size) {
			end = zin_read(&s, scratch, sizeof(scratch), &got);
			have += got;
		}
	}
	if (end == 1 && have == size && s.z.avail_in == 0 && s.left == 0) {
		res = LOOSE_OK;
		if (be) {
			buf[size] = '\0';
			*data = buf;
			*len = size;
			buf = NULL;
		}
	}
out:
	if (buf)
		git_odb_backend_data_free(be, buf);
	inflateEnd(&s.z);
	return res;
}

/* Reads and checks the loose object file at path (see loose_inflate). */
static enum loose
loose_read(const char *path, git_odb_backend *be, void **data, size_t *len,
	   git_object_t *type)
{
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? LOOSE_ABSENT
							   : LOOSE_PASS;
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return LOOSE_PASS;     /* libgit2 will say what is wrong */
	}
	if (st.st_size < 2) {
		close(fd);
		return LOOSE_BAD;
	}
	size_t n = (size_t)st.st_size;
	void *map = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return LOOSE_PASS;
	enum loose res = loose_inflate(map, n, be, data, len, type);
	munmap(map, n);
	return res;
}

/* "<dir>/xx/yyyy...", the file of a loose object. */
static void
loose_path(struct sbuf *p, const char *dir, const char *hex)
{
	sbuf_reset(p);
	sbuf_putf(p, "%s/%.2s/%s", dir, hex, hex + 2);
}

static int
guard_result(struct loose_guard *g, enum loose res, const git_oid *id)
{
	switch (res) {
	case LOOSE_OK:
		return 0;
	case LOOSE_ABSENT:
		return GIT_ENOTFOUND;
	case LOOSE_PASS:
		return GIT_PASSTHROUGH;
	case LOOSE_NOMEM:
		git_error_set_oom();
		return GIT_ERROR;
	case LOOSE_BAD:
		break;
	}
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof(hex), id);
	g->bad = *id;
	g->has_bad = true;
	git_error_set(GIT_ERROR_ODB, "object %s is corrupt (a truncated or "
		      "damaged loose object)", hex);
	return GIT_ERROR;
}

static int
guard_read(void **data, size_t *len, git_object_t *type, git_odb_backend *be,
	   const git_oid *id)
{
	struct loose_guard *g = (struct loose_guard *)be;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof(hex), id);
	struct sbuf path = SBUF_INIT;
	enum loose res = LOOSE_ABSENT;
	for (size_t i = 0; i < g->n_dirs && res == LOOSE_ABSENT; i++) {
		loose_path(&path, g->dirs[i], hex);
		res = loose_read(path.data, be, data, len, type);
	}
	sbuf_release(&path);
	return guard_result(g, res, id);
}

/*
 * An abbreviated id (--rev 1a2b3c4): libgit2 asks every backend, its
 * loose one included, so a damaged match must be caught here first.
 * Only loose objects are looked for; libgit2 compares what each backend
 * found and says when the prefix is ambiguous.
 */
static int
guard_read_prefix(git_oid *full, void **data, size_t *len, git_object_t *type,
		  git_odb_backend *be, const git_oid *short_id, size_t hexlen)
{
	struct loose_guard *g = (struct loose_guard *)be;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof(hex), short_id);
	if (hexlen < 2 || hexlen > GIT_OID_HEXSZ)
		return GIT_ENOTFOUND;
	hex[hexlen] = '\0';
	int found = 0;
	for (size_t i = 0; i < g->n_dirs; i++) {
		struct sbuf sub = SBUF_INIT;
		sbuf_putf(&sub, "%s/%.2s", g->dirs[i], hex);
		DIR *d = opendir(sub.data);
		sbuf_release(&sub);
		if (!d)
			continue;
		for (struct dirent *de; (de = readdir(d));) {
			if (strlen(de->d_name) != GIT_OID_HEXSZ - 2
			    || strncmp(de->d_name, hex + 2, hexlen - 2))
				continue;
			char name[GIT_OID_HEXSZ];   /* the length checked */
			memcpy(name, hex, 2);
			memcpy(name + 2, de->d_name, GIT_OID_HEXSZ - 2);
			git_oid id;
			if (git_oid_fromstrn(&id, name, sizeof(name)) < 0)
				continue;
			if (found && !git_oid_equal(&id, full)) {
				closedir(d);
				git_error_set(GIT_ERROR_ODB, "ambiguous short id "
					      "%s", hex);
				return GIT_EAMBIGUOUS;
			}
			*full = id;
			found = 1;
		}
		closedir(d);
	}
	if (!found)
		return GIT_ENOTFOUND;
	return guard_read(data, len, type, be, full);
}

static void
guard_free(git_odb_backend *be)
{
	struct loose_guard *g = (struct loose_guard *)be;
	for (size_t i = 0; i < g->n_dirs; i++)
		free(g->dirs[i]);
	free(g->dirs);
	free(g);
}

/* Adds the objects folder dir, then the folders its info/alternates
 * names (relative ones from dir), as libgit2 does. */
static void
guard_add_dir(struct loose_guard *g, const char *dir, int depth)
{
	void *v = g->dirs;
	xgrow(&v, &g->cap_dirs, g->n_dirs + 1, sizeof(*g->dirs));
	g->dirs = v;
	g->dirs[g->n_dirs++] = xstrdup(dir);
	if (depth >= MAX_ALTERNATES)
		return;
	struct sbuf p = SBUF_INIT;
	sbuf_putf(&p, "%s/info/alternates", dir);
	FILE *f = fopen(p.data, "re");
	sbuf_release(&p);
	if (!f)
		return;
	char line[4096];
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		sbuf_reset(&p);
		if (line[0] == '/')
			sbuf_puts(&p, line);
		else
			sbuf_putf(&p, "%s/%s", dir, line);
		guard_add_dir(g, p.data, depth + 1);
	}
	sbuf_release(&p);
	fclose(f);
}

/* Puts the guard in front of repo's object database.  Returns it
 * (owned by the database), or NULL with libgit2's error set. */
struct loose_guard *
loose_guard_install(git_repository *repo, git_odb *odb)
{
	struct loose_guard *g = xcalloc(1, sizeof(*g));
	if (git_odb_init_backend(&g->parent, GIT_ODB_BACKEND_VERSION) < 0) {
		free(g);
		return NULL;
	}
	g->parent.read = guard_read;
	g->parent.read_prefix = guard_read_prefix;
	g->parent.free = guard_free;
	struct sbuf dir = SBUF_INIT;
	sbuf_putf(&dir, "%sobjects", git_repository_commondir(repo));
	guard_add_dir(g, dir.data, 0);
	sbuf_release(&dir);
	if (git_odb_add_backend(odb, &g->parent, GUARD_PRIORITY) < 0) {
		guard_free(&g->parent);
		return NULL;
	}
	return g;
}

/* The guard of an open repository, or NULL. */
struct loose_guard *
loose_guard_of(git_repository *repo)
{
	git_odb *odb;
	if (!repo || git_repository_odb(&odb, repo) < 0)
		return NULL;
	struct loose_guard *g = NULL;
	size_t n = git_odb_num_backends(odb);
	for (size_t i = 0; i < n && !g; i++) {
		git_odb_backend *be;
		if (git_odb_get_backend(&be, odb, i) == 0
		    && be->read == guard_read)
			g = (struct loose_guard *)be;
	}
	git_odb_free(odb);
	return g;
}

/*
 * After a libgit2 read failed: when the guard found a damaged object,
 * files the diag that says so, at path when the object is id (the
 * folder or file being read there), and returns -1.  Else returns 0 and
 * the caller says what failed.
 */
int
loose_guard_diag(struct diag_list *dl, struct loose_guard *g, const git_oid *id,
	     const char *path, const char *root)
{
	if (!g || !g->has_bad)
		return 0;
	g->has_bad = false;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof(hex), &g->bad);
	if (path && path[0] && id && git_oid_equal(id, &g->bad))
		return diag_error(dl, (struct pos){ path, 0, 0 }, "git",
				  "object %.7s of \"%s\" is corrupt (a "
				  "truncated or damaged loose object): run "
				  "\"git fsck\" to find the damage", hex, path);
	return diag_error(dl, (struct pos){ root, 0, 0 }, "git",
			  "object %.7s is corrupt (a truncated or damaged "
			  "loose object): run \"git fsck\" to find the damage",
			  hex);
}

