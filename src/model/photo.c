/*
 * photo.c - photos into published sizes (photo.h).
 *
 * Three steps.  First the jobs: one per distinct out_path among the
 * products' photos, in the order the catalog names them.  Then, on the
 * workers, each job's blob id is computed and its value looked up in
 * the cache; only when some job missed is libvips started (on this
 * thread, once) and the misses made on the workers, each worker taking
 * whole photos.  Last, on this thread, the values become struct photo
 * (paths in the arena) and the failures become diags, in the catalog's
 * order, so that nothing a worker does depends on another.
 *
 * A value (what the cache keeps) is a record (load/cache.h): the number
 * of sizes, then for each its nominal width (the one in its name), its
 * width and height, and its WebP and JPEG bytes.  A value read from the
 * cache is checked as it is parsed: a bad one is made again.
 *
 * libvips: its own thread pool is limited to one thread per call
 * (vips_concurrency_set(1)), since the workers are the parallelism, and
 * its operation cache is off (vips_cache_set_max(0)): every photo is
 * seen once.  Its warnings (a JPEG with extra bytes after its end...)
 * are not printed: what matters is said as diags.  Its error buffer is
 * shared by every thread, so its text never reaches a message: each
 * failure has a fixed message of its own.
 */
#include "photo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vips/vips.h>

#include "../load/cache.h"
#include "../load/photocache.h"
#include "image.h"
#include "../util/sbuf.h"
#include "../util/workers.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

static const unsigned widths[PHOTO_MAX_SIZES] = { 320, 640, 1280 };

size_t
photo_widths(unsigned width, unsigned out[PHOTO_MAX_SIZES])
{
	size_t n = 0;
	for (size_t i = 0; i < PHOTO_MAX_SIZES && widths[i] < width; i++)
		out[n++] = widths[i];
	unsigned widest = widths[PHOTO_MAX_SIZES - 1];
	if (n < PHOTO_MAX_SIZES)
		out[n++] = width < widest ? width : widest;
	return n;
}

const char *
photo_size_path(struct arena *a, const char *out_path, unsigned width,
		const char *ext)
{
	const char *slash = strrchr(out_path, '/');
	const char *dot = strrchr(slash ? slash + 1 : out_path, '.');
	int stem = (int)(dot ? (size_t)(dot - out_path) : strlen(out_path));
	return arena_printf(a, "%.*s-%u.%s", stem, out_path, width, ext);
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

bool
photo_webp_strip(struct sbuf *out, const void *bytes, size_t len)
{
	/* the VP8X flags of the chunks dropped: ICC, EXIF, XMP */
	enum { FLAG_ICC = 0x20, FLAG_EXIF = 0x08, FLAG_XMP = 0x04 };
	const unsigned char *p = bytes;
	if (len < 12 || len > UINT32_MAX || memcmp(p, "RIFF", 4) ||
	    memcmp(p + 8, "WEBP", 4) || le32(p + 4) != len - 8)
		return false;
	sbuf_put(out, p, 12);
	size_t i = 12;
	while (len - i >= 8) {
		const unsigned char *id = p + i;
		size_t n = le32(id + 4), whole = 8 + n + (n & 1);
		if (whole > len - i)
			break;
		i += whole;
		if (!memcmp(id, "EXIF", 4) || !memcmp(id, "XMP ", 4) ||
		    !memcmp(id, "ICCP", 4))
			continue;
		size_t at = out->len;
		sbuf_put(out, id, whole);
		if (!memcmp(id, "VP8X", 4) && n >= 1)
			out->data[at + 8] = (char)((unsigned char)out->data[at + 8] &
						   ~(FLAG_ICC | FLAG_EXIF | FLAG_XMP));
	}
	if (i != len) {
		sbuf_reset(out);
		return false;
	}
	uint32_t riff = (uint32_t)(out->len - 8);
	for (int k = 0; k < 4; k++)
		out->data[4 + k] = (char)(riff >> (8 * k) & 0xff);
	return true;
}

/* ---- the jobs ------------------------------------------------------- */

enum photo_error {
	PHOTO_OK,
	PHOTO_UNREADABLE,        /* not decodable whole */
	PHOTO_TOO_LARGE,         /* over PHOTO_MAX_PIXELS, from its header */
	PHOTO_FAILED,            /* decoded, but not encoded */
	PHOTO_NOT_LOADED,        /* its file could not be read (said then) */
	PHOTO_BAD_TYPE,          /* its bytes are not the photo its name
				    says (image_check_type() says why) */
};

/* Photos read at once to be made: a first build never holds the bytes
 * of every photo, only of a batch (about 2 MB each from a phone). */
enum { PHOTO_BATCH = 16 };

struct photo_job {
	const struct image *img;   /* the first to name it */
	char blob[41];
	struct span data;          /* the committed bytes while they are
				      needed: to name a file on disk, or
				      to make a photo the cache lacks */
	enum image_type sniffed;   /* what the bytes are (image.h): from
				      them, or from the cache's value */
	enum photo_error err;
	unsigned width, height;    /* from the header, for PHOTO_TOO_LARGE */
	unsigned char *value;      /* malloc'd; NULL until made or found */
	size_t len;
	bool cached;               /* value came from the cache */
	bool stored;               /* value was put in the cache */
	bool ready;                /* photo holds its sizes */
	char *file;                /* malloc'd: the cache file its sizes
				      are read from, or NULL: in value */
	struct photo photo;        /* parsed from value */
};

struct run {
	struct photo_job *jobs;
	const struct photocache *cache;
};

/* Parses a value into job->photo (sizes only, paths later); false when
 * it is not a sound value. */
static bool
parse_value(struct photo_job *job)
{
	struct record_reader r = { job->value, job->value + job->len, false };
	uint32_t sniffed = record_u32(&r);
	uint32_t n = record_u32(&r);
	if (r.bad || sniffed == IMAGE_NONE || sniffed >= IMAGE_SVG ||
	    n < 1 || n > PHOTO_MAX_SIZES)
		return false;
	job->sniffed = (enum image_type)sniffed;
	struct photo *ph = &job->photo;
	ph->n_sizes = n;
	for (uint32_t i = 0; i < n; i++) {
		struct photo_size *s = &ph->sizes[i];
		uint32_t nominal = record_u32(&r);
		s->width = record_u32(&r);
		s->height = record_u32(&r);
		size_t wl = record_u32(&r);
		s->webp.p = (const char *)record_raw(&r, wl);
		s->webp.len = wl;
		size_t jl = record_u32(&r);
		s->jpeg.p = (const char *)record_raw(&r, jl);
		s->jpeg.len = jl;
		if (r.bad || !s->webp.p || !s->jpeg.p || !wl || !jl ||
		    !s->width || !s->height || nominal != s->width ||
		    (i && s->width <= ph->sizes[i - 1].width))
			return false;
	}
	if (r.p != r.end)
		return false;
	ph->width = ph->sizes[n - 1].width;
	ph->height = ph->sizes[n - 1].height;
	return true;
}

/*
 * A photo whose value is in the cache file: its sizes then point into
 * that file (job->file), and the value is freed at once, on the worker
 * that read or made it, so that a build with thousands of photos holds
 * none of their bytes (the writer reads each file when it writes it,
 * render/pages.c).
 */
static void
to_file(struct photo_job *job, const struct photocache *pc)
{
	if (!(job->file = photocache_path(pc, job->blob)))
		return;
	const char *base = (const char *)job->value;
	struct photo *ph = &job->photo;
	for (size_t k = 0; k < ph->n_sizes; k++) {
		struct photo_size *s = &ph->sizes[k];
		s->webp_at = (uint64_t)(s->webp.p - base);
		s->jpeg_at = (uint64_t)(s->jpeg.p - base);
		s->webp.p = s->jpeg.p = NULL;
	}
	free(job->value);
	job->value = NULL;
}

/* Worker: the blob id and the cache's value, when it has a sound one. */
static bool
look_up(void *ctx, unsigned worker, size_t i)
{
	(void)worker;
	struct run *run = ctx;
	struct photo_job *job = &run->jobs[i];
	if (!job->blob[0])     /* a file on disk was named by its bytes */
		memcpy(job->blob, job->img->file->oid, sizeof(job->blob));
	job->value = photocache_get(run->cache, job->blob, &job->len);
	if (job->value && !parse_value(job)) {
		free(job->value);
		job->value = NULL;
		memset(&job->photo, 0, sizeof(job->photo));
	}
	job->cached = job->ready = job->value != NULL;
	if (job->value && job->sniffed != image_type_of_name(job->img->src))
		job->err = PHOTO_BAD_TYPE;
	if (job->ready)
		to_file(job, run->cache);
	return true;
}

/* Reads the photo's bytes into a and what they are; false when they
 * cannot be read (a diag filed) or are not the photo its name says. */
static bool
load(struct photo_job *job, const struct source_set *src, struct arena *a,
     struct diag_list *dl)
{
	if (source_load(&job->data, src, job->img->file, IMAGE_MAX_BYTES, a,
			dl) < 0) {
		job->data = (struct span){ 0 };
		job->err = PHOTO_NOT_LOADED;
		return false;
	}
	job->sniffed = image_sniff(job->data);
	if (job->sniffed != image_type_of_name(job->img->src)) {
		job->err = PHOTO_BAD_TYPE;
		return false;
	}
	return true;
}

/* The photo's size upright: its header's, with width and height
 * swapped when its EXIF orientation turns it a quarter. */
static void
upright_size(VipsImage *in, unsigned *w, unsigned *h)
{
	*w = (unsigned)vips_image_get_width(in);
	*h = (unsigned)vips_image_get_height(in);
	int orientation = 1;
	if (vips_image_get_typeof(in, VIPS_META_ORIENTATION) &&
	    vips_image_get_int(in, VIPS_META_ORIENTATION, &orientation) == 0 &&
	    orientation >= 5 && orientation <= 8) {
		unsigned t = *w;
		*w = *h;
		*h = t;
	}
}

/* JPEG has no transparency: a photo with an alpha band is laid on
 * white.  Returns a new reference, or NULL. */
static VipsImage *
opaque(VipsImage *in)
{
	VipsImage *out = NULL;
	if (!vips_image_hasalpha(in)) {
		g_object_ref(in);
		return in;
	}
	VipsArrayDouble *white = vips_array_double_newv(1, 255.0);
	if (vips_flatten(in, &out, "background", white, NULL))
		out = NULL;
	vips_area_unref(VIPS_AREA(white));
	return out;
}

/*
 * A copy of in without any metadata: the savers' "strip" is not enough
 * (libvips 8.14's WebP saver writes EXIF and XMP whatever it says), so
 * every item of in's metadata table (EXIF with GPS, XMP, IPTC, the ICC
 * profile, orientation, comments...) is removed.  The header fields
 * (width, bands...) are not in the table.  Returns a new reference, or
 * NULL.
 */
static VipsImage *
bare(VipsImage *in)
{
	VipsImage *out = NULL;
	if (vips_copy(in, &out, NULL))
		return NULL;
	gchar **fields = vips_image_get_fields(out);
	for (gchar **f = fields; f && *f; f++)
		(void)vips_image_remove(out, *f);
	g_strfreev(fields);
	return out;
}

/*
 * The photo width pixels wide, or NULL: vips_thumbnail_image() turns
 * it upright (EXIF orientation), imports its colour profile (a CMYK
 * JPEG's too) into sRGB and never enlarges; bare() then drops every
 * metadata block, so a size made from this one again is neither turned
 * nor converted twice.
 */
static VipsImage *
resized(VipsImage *from, unsigned width)
{
	VipsImage *sized = NULL;
	if (vips_thumbnail_image(from, &sized, (int)width, "height", VIPS_MAX_COORD,
				 "size", VIPS_SIZE_DOWN, NULL))
		return NULL;
	VipsImage *t = bare(sized);
	g_object_unref(sized);
	return t;
}

/* One size t, in WebP and in JPEG, appended to value. */
static enum photo_error
encode_size(struct sbuf *value, VipsImage *t)
{
	VipsImage *flat = NULL;
	void *webp = NULL, *jpeg = NULL;
	size_t webp_len = 0, jpeg_len = 0;
	struct sbuf clean = SBUF_INIT;
	enum photo_error err = PHOTO_FAILED;
	if (!(flat = opaque(t)))
		goto out;
	if (vips_webpsave_buffer(t, &webp, &webp_len,
				 "Q", PHOTO_WEBP_QUALITY, "strip", TRUE, NULL) ||
	    vips_jpegsave_buffer(flat, &jpeg, &jpeg_len,
				 "Q", PHOTO_JPEG_QUALITY, "strip", TRUE,
				 "optimize_coding", TRUE, NULL) ||
	    !photo_webp_strip(&clean, webp, webp_len) ||
	    clean.len >= UINT32_MAX || jpeg_len >= UINT32_MAX)
		goto out;
	record_put_u32(value, (uint32_t)vips_image_get_width(t));
	record_put_u32(value, (uint32_t)vips_image_get_width(t));
	record_put_u32(value, (uint32_t)vips_image_get_height(t));
	record_put_u32(value, (uint32_t)clean.len);
	record_put_raw(value, clean.data, clean.len);
	record_put_u32(value, (uint32_t)jpeg_len);
	record_put_raw(value, jpeg, jpeg_len);
	err = PHOTO_OK;
out:
	sbuf_release(&clean);
	g_free(webp);
	g_free(jpeg);
	if (flat)
		g_object_unref(flat);
	return err;
}

/*
 * Every size of the decoded photo, narrowest first, appended to value.
 * The widest is made from the photo, each narrower one from the size
 * above it, which has far fewer pixels to resample than the photo: the
 * sizes of a 3000-pixel photo take half the time, as sharp.
 */
static enum photo_error
make_sizes(struct sbuf *value, VipsImage *photo, const unsigned *widths_of,
	   size_t n)
{
	VipsImage *sized[PHOTO_MAX_SIZES] = { NULL };
	enum photo_error err = PHOTO_FAILED;
	for (size_t k = n; k-- > 0;)
		if (!(sized[k] = resized(k + 1 < n ? sized[k + 1] : photo,
					 widths_of[k])))
			goto out;
	record_put_u32(value, (uint32_t)n);
	err = PHOTO_OK;
	for (size_t k = 0; k < n && !err; k++)
		err = encode_size(value, sized[k]);
out:
	for (size_t k = 0; k < n; k++)
		if (sized[k])
			g_object_unref(sized[k]);
	return err;
}

/*
 * Decodes the photo whole, once: a file cut short or damaged fails
 * here (fail_on truncated: libvips would otherwise fill in grey), and
 * a photo over PHOTO_MAX_PIXELS is refused from its header, before
 * any pixel is decoded.  Sets job->err, or returns the decoded image.
 */
static VipsImage *
decode(struct photo_job *job)
{
	struct span data = job->data;
	VipsImage *in = vips_image_new_from_buffer(data.p, data.len, "",
						   "fail_on", VIPS_FAIL_ON_TRUNCATED,
						   NULL);
	if (!in) {
		job->err = PHOTO_UNREADABLE;
		return NULL;
	}
	unsigned w, h;
	upright_size(in, &w, &h);
	if ((uint64_t)w * h > PHOTO_MAX_PIXELS) {
		job->err = PHOTO_TOO_LARGE;
		job->width = w;
		job->height = h;
		g_object_unref(in);
		return NULL;
	}
	VipsImage *mem = vips_image_copy_memory(in);
	g_object_unref(in);
	if (!mem)
		job->err = PHOTO_UNREADABLE;
	return mem;
}

/* Worker: makes a photo the cache did not have, and keeps it there. */
static bool
make(void *ctx, unsigned worker, size_t i)
{
	(void)worker;
	struct run *run = ctx;
	struct photo_job *job = &run->jobs[i];
	if (job->ready || job->err || !job->data.p)
		return true;
	VipsImage *photo = decode(job);
	if (photo) {
		unsigned w, h;
		upright_size(photo, &w, &h);
		unsigned sizes[PHOTO_MAX_SIZES];
		size_t n = photo_widths(w, sizes);
		struct sbuf value = SBUF_INIT;
		record_put_u32(&value, (uint32_t)job->sniffed);
		job->err = make_sizes(&value, photo, sizes, n);
		g_object_unref(photo);
		if (!job->err) {
			job->value = (unsigned char *)sbuf_detach(&value, &job->len);
			if (!parse_value(job)) {
				job->err = PHOTO_FAILED;
			} else {
				/* a cache that cannot be written only makes
				 * the next build encode again, and this one
				 * keep the photo in memory: nothing to say */
				job->ready = true;
				job->stored = photocache_put(run->cache, job->blob,
							     (struct span){ (const char *)job->value,
									    job->len }) == 0;
				if (job->stored)
					to_file(job, run->cache);
			}
		}
		sbuf_release(&value);
	}
	vips_error_clear();
	/* the per-thread buffers libvips keeps (a worker thread ends
	 * without telling it) */
	vips_thread_shutdown();
	return true;
}

/* ---- libvips -------------------------------------------------------- */

static void
quiet(const gchar *domain, GLogLevelFlags level, const gchar *message,
      gpointer data)
{
	(void)domain;
	(void)level;
	(void)message;
	(void)data;
}

static bool
engine_start(void)
{
	if (VIPS_INIT("ocop"))
		return false;
	vips_concurrency_set(1);
	vips_cache_set_max(0);
	/* the loaders libvips itself calls unfit for untrusted files
	 * (ImageMagick's, Matlab's, FITS...) are never tried: model/
	 * image.c let through PNG, JPEG, GIF, WebP and AVIF bytes only */
	vips_block_untrusted_set(TRUE);
	g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE |
			  G_LOG_LEVEL_INFO | G_LOG_LEVEL_DEBUG, quiet, NULL);
	return true;
}

/* ---- the whole ------------------------------------------------------ */

/* A photo the stage makes: a drawing is published as it is, and an
 * image with no place (an error already said why) is not published. */
static bool
is_photo(const struct image *img)
{
	return !img->is_svg && img->out_path;
}

struct collect {
	struct strmap seen;        /* out_path → job index + 1 */
	struct photo_job *jobs;
	size_t n, cap;
};

static void
collect_one(void *ctx, const struct image *img)
{
	struct collect *col = ctx;
	if (!is_photo(img) || strmap_get(&col->seen, img->out_path))
		return;
	void *v = col->jobs;
	xgrow(&v, &col->cap, col->n + 1, sizeof(*col->jobs));
	col->jobs = v;
	memset(&col->jobs[col->n], 0, sizeof(*col->jobs));
	col->jobs[col->n].img = img;
	col->n++;
	strmap_add(&col->seen, img->out_path, (const void *)(uintptr_t)col->n, NULL);
}

struct report {
	const struct collect *col;
	struct diag_list *dl;
};

static void
report_one(void *ctx, const struct image *img)
{
	struct report *r = ctx;
	if (!is_photo(img))
		return;
	size_t i = (uintptr_t)strmap_get(&r->col->seen, img->out_path);
	const struct photo_job *job = &r->col->jobs[i - 1];
	switch (job->err) {
	case PHOTO_OK:
		if (job->ready) {
			const struct photo *ph = &job->photo;
			img->out->photo = ph;
			img->out->path = ph->sizes[ph->n_sizes - 1].jpeg_path;
			img->out->width = ph->width;
			img->out->height = ph->height;
		}
		return;
	case PHOTO_TOO_LARGE:
		diag_error(r->dl, img->at, "image",
			   "image \"%s\" is %u x %u pixels: more than the %d megapixels ocop reads",
			   img->src, job->width, job->height,
			   PHOTO_MAX_PIXELS / 1000000);
		diag_hint(r->dl, "make the photo smaller (3000 pixels wide is plenty for the site) and commit it again");
		return;
	case PHOTO_UNREADABLE:
		diag_error(r->dl, img->at, "image",
			   "image \"%s\" cannot be read: the file is damaged or cut short",
			   img->src);
		diag_hint(r->dl, "open the photo in a photo program and save it again as JPEG, or copy it from the camera again");
		return;
	case PHOTO_FAILED:
		diag_error(r->dl, img->at, "image",
			   "image \"%s\" could not be made into the sizes the site publishes",
			   img->src);
		diag_hint(r->dl, "save the photo again as an ordinary JPEG (sRGB colours) and commit it again");
		return;
	case PHOTO_BAD_TYPE:
		(void)image_check_type(img, job->sniffed, r->dl);
		return;
	case PHOTO_NOT_LOADED:   /* said by source_load() */
		return;
	}
}

void
photos_build(struct photos *ps, const struct catalog *c,
	     const struct source_set *src, unsigned jobs,
	     struct arena *a, struct diag_list *dl)
{
	struct collect col = { .seen = STRMAP_INIT };
	catalog_each_image(c, collect_one, &col);
	ps->jobs = col.jobs;
	ps->n_jobs = col.n;
	if (!col.n) {
		strmap_release(&col.seen);
		return;
	}
	struct photocache cache;
	char settings[96];
	snprintf(settings, sizeof(settings), "%u,%u,%u chained typed webp%d jpeg%d max%d",
		 widths[0], widths[1], widths[2], PHOTO_WEBP_QUALITY,
		 PHOTO_JPEG_QUALITY, PHOTO_MAX_PIXELS);
	photocache_open(&cache, src, settings);
	unsigned n_jobs = jobs ? jobs : 1;
	struct arena bytes = ARENA_INIT;
	/* a file on disk has no blob id: its bytes name it */
	for (size_t i = 0; i < col.n; i++) {
		struct photo_job *job = &col.jobs[i];
		if (job->img->file->oid[0] || !load(job, src, &bytes, dl))
			continue;
		source_blob_id(job->data, job->blob);
		job->data = (struct span){ 0 };
		arena_reset(&bytes);
	}
	struct run run = { col.jobs, &cache };
	workers_run(col.n, n_jobs, 1, look_up, &run);
	/* the cache's misses, read and made a batch at a time */
	for (size_t at = 0; at < col.n;) {
		size_t end = at, loaded = 0;
		for (; end < col.n && loaded < PHOTO_BATCH; end++) {
			struct photo_job *job = &col.jobs[end];
			if (!job->ready && !job->err && load(job, src, &bytes, dl))
				loaded++;
		}
		if (loaded && !ps->engine)
			ps->engine = engine_start();
		run.jobs = col.jobs + at;
		if (loaded && ps->engine)
			workers_run(end - at, n_jobs, 1, make, &run);
		for (size_t i = at; i < end; i++) {
			struct photo_job *job = &col.jobs[i];
			if (job->data.p && !job->ready && !job->err)
				job->err = PHOTO_FAILED;   /* libvips did not start */
			job->data = (struct span){ 0 };
		}
		arena_reset(&bytes);
		at = end;
	}
	arena_release(&bytes);
	photocache_close(&cache);

	for (size_t i = 0; i < col.n; i++) {
		struct photo_job *job = &col.jobs[i];
		if (job->err || !job->ready)
			continue;
		struct photo *ph = &job->photo;
		ph->out_path = job->img->out_path;
		const char *file = job->file ? arena_strdup(a, job->file) : NULL;
		for (size_t k = 0; k < ph->n_sizes; k++) {
			struct photo_size *s = &ph->sizes[k];
			s->file = file;
			s->webp_path = photo_size_path(a, ph->out_path, s->width, "webp");
			s->jpeg_path = photo_size_path(a, ph->out_path, s->width, "jpg");
		}
		strmap_add(&ps->by_path, ph->out_path, ph, NULL);
		if (job->cached)
			ps->cached++;
		else
			ps->encoded++;
	}
	struct report r = { &col, dl };
	catalog_each_image(c, report_one, &r);
	strmap_release(&col.seen);
}

const struct photo *
photos_find(const struct photos *ps, const char *out_path)
{
	return out_path ? strmap_get(&ps->by_path, out_path) : NULL;
}

void
photos_release(struct photos *ps)
{
	for (size_t i = 0; i < ps->n_jobs; i++) {
		free(ps->jobs[i].value);
		free(ps->jobs[i].file);
	}
	free(ps->jobs);
	strmap_release(&ps->by_path);
	if (ps->engine)
		vips_shutdown();
	*ps = (struct photos)PHOTOS_INIT;
}
