/*
 * photocache.c - one file per processed photo (photocache.h).
 *
 * A file's name is the hex SHA-256 of "<identity> <blob id>", its bytes
 * the value and then the SHA-256 of the value.  Nothing else in the
 * file says what it is for: the name does, and the digest says it is
 * whole.
 */
#include "photocache.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <openssl/evp.h>

#include "cache.h"
#include "../util/file.h"
#include "../util/sbuf.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

enum {
	DIGEST_LEN = 32,
	PHOTOCACHE_MAX_BYTES = 256 << 20,   /* a file larger is not read */
};

/* Bump when the layout of a file changes. */
#define PHOTOCACHE_FORMAT "ocop-photo 1"

static bool
sha256(const void *p, size_t len, unsigned char out[DIGEST_LEN])
{
	unsigned n = 0;
	return EVP_Digest(p, len, out, &n, EVP_sha256(), NULL) && n == DIGEST_LEN;
}

void
photocache_open(struct photocache *pc, const struct source_set *src,
		const char *settings)
{
	memset(pc, 0, sizeof(*pc));
	char *git_dir = cache_git_dir(src);
	char *program = git_dir ? cache_program_digest() : NULL;
	if (!git_dir || !program) {
		free(git_dir);
		free(program);
		return;
	}
	struct sbuf sb = SBUF_INIT;
	sbuf_putf(&sb, "%s %s %s %s", PHOTOCACHE_FORMAT, OCOP_VERSION, program,
		  settings);
	pc->identity = sbuf_detach(&sb, NULL);
	size_t n = strlen(git_dir);
	sbuf_putf(&sb, "%s%socop/images", git_dir,
		  n && git_dir[n - 1] != '/' ? "/" : "");
	pc->dir = sbuf_detach(&sb, NULL);
	free(program);
	free(git_dir);
}

/* The path of blob's file. */
static char *
path_of(const struct photocache *pc, const char *blob)
{
	struct sbuf key = SBUF_INIT;
	sbuf_putf(&key, "%s %s", pc->identity, blob);
	unsigned char md[DIGEST_LEN];
	struct sbuf path = SBUF_INIT;
	if (sha256(key.data, key.len, md)) {
		sbuf_putf(&path, "%s/", pc->dir);
		for (size_t i = 0; i < DIGEST_LEN; i++)
			sbuf_putf(&path, "%02x", md[i]);
	}
	sbuf_release(&key);
	if (!path.len) {
		sbuf_release(&path);
		return NULL;
	}
	return sbuf_detach(&path, NULL);
}

char *
photocache_path(const struct photocache *pc, const char *blob)
{
	return pc->dir ? path_of(pc, blob) : NULL;
}

unsigned char *
photocache_get(const struct photocache *pc, const char *blob, size_t *len)
{
	if (!pc->dir)
		return NULL;
	char *path = path_of(pc, blob);
	FILE *f = path ? fopen(path, "rb") : NULL;
	free(path);
	if (!f)
		return NULL;
	struct stat st;
	unsigned char *p = NULL;
	size_t n = 0;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > DIGEST_LEN && st.st_size <= PHOTOCACHE_MAX_BYTES) {
		n = (size_t)st.st_size;
		p = xmalloc(n);
		if (fread(p, 1, n, f) != n) {
			free(p);
			p = NULL;
		}
	}
	fclose(f);
	unsigned char md[DIGEST_LEN];
	if (p && (!sha256(p, n - DIGEST_LEN, md) ||
		  memcmp(md, p + n - DIGEST_LEN, DIGEST_LEN))) {
		free(p);
		p = NULL;
	}
	if (p)
		*len = n - DIGEST_LEN;
	return p;
}

/* mkdir -p of the cache's two folders under the git folder. */
static int
make_dirs(const char *dir)
{
	char *parent = xstrndup(dir, (size_t)(strrchr(dir, '/') - dir));
	int err = mkdir(parent, 0755) < 0 && errno != EEXIST ? errno : 0;
	free(parent);
	if (!err)
		err = mkdir(dir, 0755) < 0 && errno != EEXIST ? errno : 0;
	return err;
}

int
photocache_put(const struct photocache *pc, const char *blob,
	       struct span value)
{
	if (!pc->dir)
		return 0;
	unsigned char md[DIGEST_LEN];
	if (!sha256(value.p, value.len, md))
		return EIO;
	int err = make_dirs(pc->dir);
	char *path = err ? NULL : path_of(pc, blob);
	if (!err && !path)
		err = EIO;
	if (!err) {
		struct sbuf sb = SBUF_INIT;
		sbuf_put(&sb, value.p, value.len);
		sbuf_put(&sb, md, DIGEST_LEN);
		/* not synced: a file cut short by a power cut fails its
		 * digest and is made again */
		err = file_replace(path, sbuf_span(&sb),
				   &(struct file_how){ .mode = 0644 }, NULL);
		sbuf_release(&sb);
	}
	free(path);
	return err;
}

void
photocache_close(struct photocache *pc)
{
	free(pc->dir);
	free(pc->identity);
	memset(pc, 0, sizeof(*pc));
}
