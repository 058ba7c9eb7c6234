/*
 * image.h - the pictures an entry names, checked before anything is
 * published.
 *
 * A picture is a file of the catalog, never a link to another site.  It
 * is published only when it is safe to serve from the catalog's own
 * address:
 *   - its name ends in a picture's extension (.jpg, .jpeg, .png, .webp,
 *     .gif, .avif, .svg, in any case), and its bytes are of that type:
 *     a file named x.html, index.html or style.css is never published,
 *     whatever its first bytes say;
 *   - it lies in the entry's own folder (its src is a plain relative
 *     path without ".."), and it is published at that place: a symbolic
 *     link is followed for its bytes only while it stays in content/,
 *     and never decides where the copy goes;
 *   - an SVG drawing is sanitised (parse/svg.h) and the sanitised bytes
 *     are what is published;
 *   - it is at most IMAGE_MAX_BYTES long;
 *   - a HEIC photo (.heic, or HEIC bytes under another name) is refused
 *     with its own message: browsers do not show it.
 * A photo (any type but SVG) is not published as committed: model/
 * photo.h makes its sizes from its bytes, and checks them (their type
 * with image_check_type(), then whole): its bytes are read there, and
 * only when the photo cache does not already hold its sizes, so a
 * rebuild reads no photo that did not change.  A drawing's bytes are
 * read here and kept, sanitised, in the arena.
 * Every problem is a diag at the image's src in the entry.
 */
#ifndef OCOP_IMAGE_H
#define OCOP_IMAGE_H

#include <stdbool.h>

#include "entry.h"
#include "model.h"

enum { IMAGE_MAX_BYTES = 20 * 1024 * 1024 };

/* What a picture's first bytes say it is: a type ocop publishes, or one
 * it refuses with its own message (IMAGE_NONE: not a picture). */
enum image_type {
	IMAGE_NONE, IMAGE_JPEG, IMAGE_PNG, IMAGE_GIF, IMAGE_WEBP, IMAGE_AVIF,
	IMAGE_SVG,
	IMAGE_HEIC,                    /* HEIF with HEVC pictures (iPhones) */
	IMAGE_LFS_POINTER,             /* a Git LFS pointer, not the file */
};

enum image_type image_sniff(struct span bytes);

/* The type a picture's file name says, from its extension. */
enum image_type image_type_of_name(const char *name);

/*
 * Whether bytes of type sniffed (image_sniff()) may be published under
 * img->src's name; false after filing the diag at img->at that says
 * why (not a picture, HEIC, an LFS pointer, a type its name does not
 * say).
 */
bool image_check_type(const struct image *img, enum image_type sniffed,
		      struct diag_list *dl);

/*
 * Checks img->src (at: the src's position), a picture in the folder of
 * the file at path beside (an entry's path; "content/" for site.yaml's
 * logo) and, when the picture may be published, sets img->out_path and
 * img->data.  Returns false after filing a diag otherwise.
 */
bool image_resolve(struct image *img, struct pos at, const char *beside,
		   struct entry_env *env);

#endif
