/*
 * photo.h - the photos of the catalog made into the sizes the site
 * publishes (docs/photos.md).
 *
 * A photo (a JPEG, PNG, WebP, GIF or AVIF image an entry names: any
 * image but an SVG drawing) is never published as committed: it may
 * carry the place it was taken (EXIF GPS) and is often far larger than
 * a phone needs.  Each one becomes, with libvips:
 *   - up to PHOTO_MAX_SIZES widths from photo_widths() (320, 640 and
 *     1280 pixels, never wider than the photo itself),
 *   - each in WebP (quality PHOTO_WEBP_QUALITY) and in JPEG (quality
 *     PHOTO_JPEG_QUALITY, transparency flattened on white),
 *   - turned upright by its EXIF orientation, converted to sRGB, and
 *     with every metadata block (EXIF, GPS, XMP, IPTC, ICC profile,
 *     comments) removed,
 *   - named beside the committed photo: products/x/cover.jpg gives
 *     products/x/cover-640.webp and cover-640.jpg (photo_size_path()).
 * A photo of more than PHOTO_MAX_PIXELS pixels is refused from its
 * header, before any decoding; a file that cannot be decoded whole (cut
 * short, damaged) is refused.  Both are errors at the image's src in
 * the entry that names it.
 *
 * The results are cached between builds (load/photocache.h), keyed by
 * the photo's blob id, so a rebuild encodes only new or changed photos.
 * The work runs on up to `jobs` threads (util/workers.h), one photo per
 * worker at a time, each libvips call on one thread: the output is the
 * same bytes whatever the number of threads.
 */
#ifndef OCOP_PHOTO_H
#define OCOP_PHOTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "catalog.h"
#include "../load/source.h"
#include "../util/arena.h"
#include "../util/diag.h"
#include "../util/sbuf.h"
#include "../util/strmap.h"

enum {
	PHOTO_MAX_SIZES = 3,
	PHOTO_MAX_PIXELS = 40 * 1000 * 1000,  /* 40 megapixels */
	PHOTO_WEBP_QUALITY = 75,
	PHOTO_JPEG_QUALITY = 80,
};

/* One width of a photo, in both formats. */
struct photo_size {
	unsigned width, height;          /* in pixels */
	const char *webp_path, *jpeg_path;  /* site-relative */
	struct span webp, jpeg;          /* the bytes: borrowed from struct
					    photos, valid until
					    photos_release(); or, when
					    file is set, p is NULL and
					    the len bytes lie in file */
	const char *file;                /* the cache file holding both, or
					    NULL */
	uint64_t webp_at, jpeg_at;       /* their offsets in file */
};

struct photo {
	const char *out_path;            /* the committed photo's place,
					    never published */
	struct photo_size sizes[PHOTO_MAX_SIZES];  /* narrowest first */
	size_t n_sizes;
	unsigned width, height;          /* of the widest size */
};

struct photo_job;

/* Every photo of a build, by the out_path of its images. */
struct photos {
	struct strmap by_path;           /* out_path → const struct photo * */
	struct photo_job *jobs;
	size_t n_jobs;
	bool engine;                     /* libvips was started */
	size_t encoded, cached;          /* photos made now, and taken from
					    the cache */
};

#define PHOTOS_INIT { .by_path = STRMAP_INIT }

/*
 * The widths published for a photo width pixels wide, narrowest first,
 * into out; returns how many (1 to PHOTO_MAX_SIZES).  Each of 320, 640
 * and 1280 narrower than width, then width itself up to 1280: a photo
 * is never made wider than it is.
 */
size_t photo_widths(unsigned width, unsigned out[PHOTO_MAX_SIZES]);

/*
 * The path of the size width in format ext ("webp", "jpg") of the photo
 * at out_path: its extension replaced by "-<width>.<ext>".  Lives in a.
 */
const char *photo_size_path(struct arena *a, const char *out_path,
			    unsigned width, const char *ext);

/*
 * Appends to out (empty) the WebP file p[0..len) without its EXIF, XMP
 * and ICCP chunks, their flags cleared in its VP8X chunk and the RIFF
 * size set again: libvips 8.14's WebP saver writes an EXIF block even
 * when told to strip.  Returns false, out left empty, when the bytes
 * are not a whole RIFF WebP file.
 */
bool photo_webp_strip(struct sbuf *out, const void *p, size_t len);

/*
 * Makes the sizes of every photo of c's products (and of their
 * translations), each once however many entries name it, from the
 * cache of src's repository or with libvips (started here when some
 * photo needs it, and stopped by photos_release()) on up to jobs
 * threads.  A photo that cannot be published is an error at the src of
 * each image that names it.  Paths live in a; the bytes in ps.
 */
void photos_build(struct photos *ps, const struct catalog *c,
		  const struct source_set *src, unsigned jobs,
		  struct arena *a, struct diag_list *dl);

/* The photo published for an image at out_path, or NULL (an SVG
 * drawing, or a photo that could not be made).  Borrowed from ps. */
const struct photo *photos_find(const struct photos *ps, const char *out_path);

void photos_release(struct photos *ps);

#endif
