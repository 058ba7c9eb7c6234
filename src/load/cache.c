/*
 * cache.c - values kept between builds (cache.h).
 *
 * The file: a record string naming the ocop that wrote it and the
 * catalog's folder; the number of items; each item's shelf, key and
 * value; then the SHA-256 of all that.  Keys are NUL-terminated in the
 * file, which is mapped, so an item read points into the file's bytes,
 * copied nowhere.
 */
#include "cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include <openssl/evp.h>

#include "../util/file.h"
#include "../util/workers.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

enum {
	DIGEST_LEN = 32,
	CACHE_MAX_BYTES = 1 << 30,   /* a file larger is not read */
	CACHE_REWRITE_AT = 256,      /* cache_save(): a file is rewritten
					when this share of its values
					changed */
};

/* Bump when what a value means changes without the executable changing
 * (it always does with the code, so this is for the format itself). */
#define CACHE_FORMAT "ocop-cache 1"

struct cache_item {
	const char *key;
	const unsigned char *value;
	uint32_t len;
	uint8_t shelf;
	atomic_bool used;          /* looked up or added by this build */
};

void
record_put_u32(struct sbuf *sb, uint32_t n)
{
	unsigned char b[4] = { n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >> 24 };
	sbuf_put(sb, b, sizeof(b));
}

void
record_put_i64(struct sbuf *sb, int64_t n)
{
	uint64_t u = (uint64_t)n;
	record_put_u32(sb, (uint32_t)(u & 0xffffffffu));
	record_put_u32(sb, (uint32_t)(u >> 32));
}

void
record_put_str(struct sbuf *sb, const char *s)
{
	if (!s) {
		record_put_u32(sb, UINT32_MAX);
		return;
	}
	size_t len = strlen(s);
	record_put_u32(sb, (uint32_t)len);
	sbuf_put(sb, s, len + 1);
}

void
record_put_raw(struct sbuf *sb, const void *p, size_t n)
{
	sbuf_put(sb, p, n);
}

const unsigned char *
record_raw(struct record_reader *r, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = true;
		return NULL;
	}
	const unsigned char *p = r->p;
	r->p += n;
	return p;
}

uint32_t
record_u32(struct record_reader *r)
{
	if (r->bad || r->end - r->p < 4) {
		r->bad = true;
		return 0;
	}
	const unsigned char *b = r->p;
	r->p += 4;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

int64_t
record_i64(struct record_reader *r)
{
	uint64_t lo = record_u32(r), hi = record_u32(r);
	return (int64_t)(lo | hi << 32);
}

const char *
record_str(struct record_reader *r)
{
	uint32_t len = record_u32(r);
	if (r->bad || len == UINT32_MAX)
		return NULL;
	if ((size_t)(r->end - r->p) <= len || r->p[len] != '\0' ||
	    memchr(r->p, '\0', len)) {
		r->bad = true;
		return NULL;
	}
	const char *s = (const char *)r->p;
	r->p += len + 1;
	return s;
}

char *
cache_program_digest(void)
{
	FILE *f = fopen("/proc/self/exe", "rb");
	if (!f)
		return NULL;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	unsigned char buf[65536];
	size_t n;
	while (ok && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		ok = EVP_DigestUpdate(ctx, buf, n);
	ok = ok && !ferror(f);
	unsigned char md[DIGEST_LEN];
	unsigned len = 0;
	ok = ok && EVP_DigestFinal_ex(ctx, md, &len) && len == DIGEST_LEN;
	EVP_MD_CTX_free(ctx);
	fclose(f);
	if (!ok)
		return NULL;
	char *hex = xmalloc(2 * DIGEST_LEN + 1);
	for (size_t i = 0; i < DIGEST_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	return hex;
}

char *
cache_git_dir(const struct source_set *src)
{
	if (src->from_git && src->repo) {
		const char *d = git_repository_commondir(src->repo);
		return d ? xstrdup(d) : NULL;
	}
	git_repository *repo = NULL;
	if (!src->root || git_repository_open_ext(&repo, src->root, 0, NULL) < 0)
		return NULL;
	const char *d = git_repository_commondir(repo);
	char *out = d ? xstrdup(d) : NULL;
	git_repository_free(repo);
	return out;
}

static bool
digest_of(const unsigned char *p, size_t len, unsigned char out[DIGEST_LEN])
{
	unsigned n = 0;
	return EVP_Digest(p, len, out, &n, EVP_sha256(), NULL) && n == DIGEST_LEN;
}

/* Maps the whole file at path, read-only, or NULL.  The file is only
 * ever replaced by a rename (cache_save()), never rewritten in place,
 * so the mapping keeps the bytes it had; mapping them, not reading them
 * into fresh memory, saves copying 20 MB at 20,000 commits. */
static unsigned char *
map_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	void *p = MAP_FAILED;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size > DIGEST_LEN && st.st_size <= CACHE_MAX_BYTES) {
		*len = (size_t)st.st_size;
		p = mmap(NULL, *len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	}
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

static void
unmap(struct cache *c)
{
	if (c->bytes)
		munmap(c->bytes, c->n_bytes);
	c->bytes = NULL;
	c->n_bytes = 0;
}

/* The n items of the file's records from r on into c's shelves: false
 * when anything in them is not as written (the shelves are then left
 * for load() to clear). */
static bool
take_items(struct cache *c, struct record_reader r, uint32_t n)
{
	c->items = xcalloc(n ? n : 1, sizeof(*c->items));
	size_t on_shelf[CACHE_SHELVES] = { 0 };
	for (uint32_t i = 0; i < n; i++) {
		struct cache_item *it = &c->items[i];
		uint32_t shelf = record_u32(&r);
		it->key = record_str(&r);
		it->len = record_u32(&r);
		if (r.bad || shelf >= CACHE_SHELVES || !it->key ||
		    (size_t)(r.end - r.p) < it->len)
			return false;
		it->shelf = (uint8_t)shelf;
		it->value = r.p;
		r.p += it->len;
		atomic_init(&it->used, false);
		on_shelf[shelf]++;
	}
	if (r.p != r.end)
		return false;
	/* each shelf's table made once at its size, not grown 16 times */
	for (int s = 0; s < CACHE_SHELVES; s++)
		strmap_reserve(&c->shelves[s], on_shelf[s]);
	for (uint32_t i = 0; i < n; i++)
		strmap_add(&c->shelves[c->items[i].shelf], c->items[i].key,
			   &c->items[i], NULL);
	c->n_items = n;
	return true;
}

/* A file whose digest is worked out on one core while its items are
 * taken on the other (load()): each half a third of the history
 * cache's opening at 20,000 commits (25 and 30 ms). */
struct check {
	struct cache *c;
	struct record_reader r;
	uint32_t n;
	bool sound, taken;
};

static bool
check_half(void *ctx, unsigned worker, size_t i)
{
	(void)worker;
	struct check *k = ctx;
	size_t len = k->c->n_bytes - DIGEST_LEN;
	unsigned char md[DIGEST_LEN];
	if (i == 0)
		k->sound = digest_of(k->c->bytes, len, md) &&
			   !memcmp(md, k->c->bytes + len, DIGEST_LEN);
	else
		k->taken = take_items(k->c, k->r, k->n);
	return true;
}

/* Takes the items of the file just mapped, or leaves the cache empty
 * when anything in it is not as written; checked on two cores when
 * apart (the shards of cache_open_shards() are on every core already). */
static void
load(struct cache *c, bool apart)
{
	c->bytes = map_file(c->path, &c->n_bytes);
	if (!c->bytes)
		return;
	size_t len = c->n_bytes;
	struct record_reader r = { c->bytes, c->bytes + len - DIGEST_LEN, false };
	const char *identity = record_str(&r);
	uint32_t n = record_u32(&r);
	if (r.bad || !identity || strcmp(identity, c->identity) ||
	    n > (size_t)(r.end - r.p) / 10)
		goto untrusted;
	/* the items are taken from bytes not yet known to be sound: the
	 * reader is bounded, and they are dropped unless the digest holds */
	struct check k = { c, r, n, false, false };
	workers_run(2, apart ? 2 : 1, 1, check_half, &k);
	if (k.sound && k.taken)
		return;
untrusted:
	for (int s = 0; s < CACHE_SHELVES; s++) {
		strmap_release(&c->shelves[s]);
		c->shelves[s] = (struct strmap)STRMAP_INIT;
	}
	free(c->items);
	c->items = NULL;
	c->n_items = 0;
	unmap(c);
}

static void
init_empty(struct cache *c)
{
	memset(c, 0, sizeof(*c));
	c->arena = (struct arena)ARENA_INIT;
	for (int s = 0; s < CACHE_SHELVES; s++)
		c->shelves[s] = (struct strmap)STRMAP_INIT;
	pthread_mutex_init(&c->lock, NULL);
	c->lock_ready = true;
}

static bool
load_one(void *ctx, unsigned worker, size_t i)
{
	(void)worker;
	load(&((struct cache *)ctx)[i], false);
	return true;
}

void
cache_open(struct cache *c, const struct source_set *src, const char *name,
	   const char *settings)
{
	cache_open_shards(c, 1, src, name, settings);
}

void
cache_open_shards(struct cache *v, size_t n, const struct source_set *src,
		  const char *name, const char *settings)
{
	for (size_t i = 0; i < n; i++)
		init_empty(&v[i]);
	char *git_dir = cache_git_dir(src);
	char *program = git_dir ? cache_program_digest() : NULL;
	if (!git_dir || !program) {
		free(git_dir);
		free(program);
		return;
	}
	/* the catalog's folder: in the commit, or on disk as given */
	const char *prefix = src->from_git ? (src->prefix ? src->prefix : "")
		: src->root ? src->root : "";
	for (size_t i = 0; i < n; i++) {
		struct sbuf sb = SBUF_INIT;
		if (n > 1)
			sbuf_putf(&sb, "%s-%zx", name, i);
		else
			sbuf_puts(&sb, name);
		char *own = sbuf_detach(&sb, NULL);
		sbuf_putf(&sb, "%s %s %s %s %s %s", CACHE_FORMAT, OCOP_VERSION,
			  program, own, settings, prefix);
		v[i].identity = sbuf_detach(&sb, NULL);
		/* one file per catalog folder, so two catalogs of one
		 * repository do not replace each other's */
		sbuf_putf(&sb, "%s%socop/%s-%016llx", git_dir,
			  git_dir[0] && git_dir[strlen(git_dir) - 1] != '/' ? "/" : "",
			  own, (unsigned long long)strmap_hash(prefix, strlen(prefix)));
		v[i].path = sbuf_detach(&sb, NULL);
		free(own);
	}
	/* each file checked whole (SHA-256) on every core: 160 MB at
	 * 20,000 products for the parsed files */
	if (n > 1)
		workers_run(n, workers_cores(), 1, load_one, v);
	else
		load(v, true);
	free(program);
	free(git_dir);
}

bool
cache_find(struct cache *c, enum cache_shelf shelf, const char *key,
	   struct span *value)
{
	struct cache_item *it = (struct cache_item *)(uintptr_t)
		strmap_get(&c->shelves[shelf], key);
	if (!it)
		return false;
	atomic_store_explicit(&it->used, true, memory_order_relaxed);
	*value = (struct span){ (const char *)it->value, it->len };
	return true;
}

void
cache_add(struct cache *c, enum cache_shelf shelf, const char *key,
	  struct span value)
{
	if (!c->path || value.len >= UINT32_MAX)
		return;
	pthread_mutex_lock(&c->lock);
	struct cache_item *it = arena_alloc(&c->arena, sizeof(*it));
	it->key = arena_strdup(&c->arena, key);
	unsigned char *v = arena_alloc(&c->arena, value.len ? value.len : 1);
	memcpy(v, value.p, value.len);
	it->value = v;
	it->len = (uint32_t)value.len;
	it->shelf = (uint8_t)shelf;
	atomic_init(&it->used, true);
	void *grown = c->added;
	xgrow(&grown, &c->cap_added, c->n_added + 1, sizeof(*c->added));
	c->added = grown;
	c->added[c->n_added++] = it;
	pthread_mutex_unlock(&c->lock);
}

static void
put_item(struct sbuf *sb, const struct cache_item *it, uint32_t *n)
{
	record_put_u32(sb, it->shelf);
	record_put_str(sb, it->key);
	record_put_u32(sb, it->len);
	sbuf_put(sb, it->value, it->len);
	(*n)++;
}

int
cache_save(struct cache *c)
{
	if (!c->path)
		return 0;
	/* nothing new, nothing dropped: the file is right as it is */
	size_t used = 0;
	for (size_t i = 0; i < c->n_items; i++)
		used += atomic_load_explicit(&c->items[i].used, memory_order_relaxed);
	if (!c->n_added && used == c->n_items && (c->bytes || !used))
		return 0;
	/* a few values new or dropped in a large file: the next build
	 * works those few out again (a commit or a file in milliseconds)
	 * rather than this one rewriting megabytes (0.24 s for the 20 MB
	 * of 20,000 commits); once they are one in CACHE_REWRITE_AT of
	 * the file, it is written */
	size_t changed = c->n_added + (c->n_items - used);
	if (c->bytes && changed * CACHE_REWRITE_AT < c->n_items)
		return 0;
	struct sbuf sb = SBUF_INIT;
	record_put_str(&sb, c->identity);
	size_t count_at = sb.len;
	record_put_u32(&sb, 0);
	uint32_t n = 0;
	for (size_t i = 0; i < c->n_items; i++)
		if (atomic_load_explicit(&c->items[i].used, memory_order_relaxed))
			put_item(&sb, &c->items[i], &n);
	/* two threads may have added one key: the first is kept */
	struct strmap seen[CACHE_SHELVES];
	for (int s = 0; s < CACHE_SHELVES; s++)
		seen[s] = (struct strmap)STRMAP_INIT;
	for (size_t i = 0; i < c->n_added; i++) {
		const struct cache_item *it = c->added[i];
		if (strmap_add(&seen[it->shelf], it->key, it, NULL))
			put_item(&sb, it, &n);
	}
	for (int s = 0; s < CACHE_SHELVES; s++)
		strmap_release(&seen[s]);
	struct sbuf count = SBUF_INIT;
	record_put_u32(&count, n);
	memcpy(sb.data + count_at, count.data, 4);
	sbuf_release(&count);
	unsigned char md[DIGEST_LEN];
	int err = EIO;
	if (digest_of((const unsigned char *)sb.data, sb.len, md)) {
		sbuf_put(&sb, md, DIGEST_LEN);
		char *dir = xstrndup(c->path, (size_t)(strrchr(c->path, '/') - c->path));
		err = mkdir(dir, 0755) < 0 && errno != EEXIST ? errno : 0;
		free(dir);
		if (!err)
			/* not synced: a file cut short by a power cut fails
			 * its digest and is read from git again */
			err = file_replace(c->path, sbuf_span(&sb),
					   &(struct file_how){ .mode = 0644 }, NULL);
	}
	sbuf_release(&sb);
	return err;
}

void
cache_close(struct cache *c)
{
	for (int s = 0; s < CACHE_SHELVES; s++)
		strmap_release(&c->shelves[s]);
	free(c->items);
	unmap(c);
	free(c->added);
	free(c->path);
	free(c->identity);
	arena_release(&c->arena);
	if (c->lock_ready)
		pthread_mutex_destroy(&c->lock);
	memset(c, 0, sizeof(*c));
}
