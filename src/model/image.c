/*
 * image.c - resolving and checking the pictures of entries (image.h).
 *
 * The type of a picture is decided twice, from its name and from its
 * first bytes, and the two must agree.  Browsers and web servers trust
 * the name (the server sends Content-Type from the extension), so the
 * name alone decides how a copy is served: a PNG signature in front of
 * "<script>" in a file named x.html is a web page, and must never be
 * published.  The bytes alone decide what a visitor's browser decodes,
 * so a JPEG named x.png is refused too: it says the clerk saved the
 * wrong file.
 */
#include "image.h"

#include <string.h>
#include <strings.h>

#include "../parse/svg.h"
#include "../util/sbuf.h"
#include "../util/banned.h"

static const char *const type_names[] = {
	[IMAGE_NONE] = "", [IMAGE_JPEG] = "JPEG", [IMAGE_PNG] = "PNG",
	[IMAGE_GIF] = "GIF", [IMAGE_WEBP] = "WebP", [IMAGE_AVIF] = "AVIF",
	[IMAGE_SVG] = "SVG",
};

/* The extension each type is published under, and the others it may
 * have (compared without case: phones write .JPG). */
static const struct {
	const char *ext;
	enum image_type type;
} extensions[] = {
	{ "jpg", IMAGE_JPEG }, { "jpeg", IMAGE_JPEG }, { "png", IMAGE_PNG },
	{ "gif", IMAGE_GIF }, { "webp", IMAGE_WEBP }, { "avif", IMAGE_AVIF },
	{ "svg", IMAGE_SVG },
};

static enum image_type
type_of_name(const char *name, const char **ext)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash + 1 : name, '.');
	*ext = dot ? dot : "";
	if (!dot)
		return IMAGE_NONE;
	for (size_t i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++)
		if (!strcasecmp(dot + 1, extensions[i].ext))
			return extensions[i].type;
	return IMAGE_NONE;
}

static const char *
main_extension(enum image_type t)
{
	for (size_t i = 0; i < sizeof(extensions) / sizeof(extensions[0]); i++)
		if (extensions[i].type == t)
			return extensions[i].ext;
	return "";
}

static bool
starts(const char *p, const char *end, const char *prefix)
{
	size_t n = strlen(prefix);
	return (size_t)(end - p) >= n && !memcmp(p, prefix, n);
}

/* Past the first occurrence of close in [p, end), or end. */
static const char *
skip_past(const char *p, const char *end, const char *close)
{
	size_t n = strlen(close);
	for (; (size_t)(end - p) >= n; p++)
		if (!memcmp(p, close, n))
			return p + n;
	return end;
}

/*
 * An SVG file is XML whose root element is <svg>: before it may come a
 * byte order mark, white space, the XML declaration, comments and a
 * DOCTYPE (with or without an internal subset in [...]).  This only
 * recognises the type; parse/svg.c decides what may be published.
 */
static bool
looks_svg(const char *p, const char *end)
{
	if (starts(p, end, "\xEF\xBB\xBF"))
		p += 3;
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
				   *p == '\n'))
			p++;
		if (starts(p, end, "<?"))
			p = skip_past(p, end, "?>");
		else if (starts(p, end, "<!--"))
			p = skip_past(p, end, "-->");
		else if (starts(p, end, "<!DOCTYPE")) {
			const char *gt = skip_past(p, end, ">");
			const char *br = skip_past(p, gt, "[");
			p = br < gt ? skip_past(skip_past(br, end, "]"), end, ">")
				    : gt;
		} else
			break;
	}
	return starts(p, end, "<svg") && end - p > 4 && p[4] &&
	       strchr(" \t\r\n>/", p[4]);
}

/* The picture type of the bytes, by their first bytes. */
static enum image_type
type_of_bytes(struct span d)
{
	const char *p = d.p, *end = d.p + d.len;
	if (starts(p, end, "\xFF\xD8\xFF"))
		return IMAGE_JPEG;
	if (starts(p, end, "\x89PNG\r\n\x1a\n"))
		return IMAGE_PNG;
	if (starts(p, end, "GIF87a") || starts(p, end, "GIF89a"))
		return IMAGE_GIF;
	if (d.len >= 12 && starts(p, end, "RIFF") && !memcmp(p + 8, "WEBP", 4))
		return IMAGE_WEBP;
	/* an ISO media file whose brand is an AVIF still image or sequence */
	if (d.len >= 12 && !memcmp(p + 4, "ftyp", 4) &&
	    (!memcmp(p + 8, "avif", 4) || !memcmp(p + 8, "avis", 4)))
		return IMAGE_AVIF;
	return looks_svg(p, end) ? IMAGE_SVG : IMAGE_NONE;
}

/* Whether the bytes are a HEIF photo with HEVC pictures (iPhones'
 * .heic): an ISO media file with one of HEIC's brands.  Browsers do not
 * show it, and ocop does not decode it. */
static bool
is_heic(struct span d)
{
	static const char *const brands[] = {
		"heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs",
		"mif1", "msf1",
	};
	if (d.len < 12 || memcmp(d.p + 4, "ftyp", 4))
		return false;
	for (size_t i = 0; i < sizeof(brands) / sizeof(brands[0]); i++)
		if (!memcmp(d.p + 8, brands[i], 4))
			return true;
	return false;
}

static bool
heic_error(const struct image *img, struct pos at, struct diag_list *dl)
{
	diag_error(dl, at, "image",
		   "image \"%s\" is a HEIC photo: HEIC is not supported; save the photo as JPEG",
		   img->src);
	diag_hint(dl, "on an iPhone, choose Settings > Camera > Formats > Most Compatible, or export the photo as JPEG");
	return false;
}

static bool
is_lfs_pointer(struct span d)
{
	return starts(d.p, d.p + d.len, "version https://git-lfs.github.com/spec/");
}

/* Whether s is a plain relative path: no leading '/', no "." or ".."
 * part, no empty part, no URL, no backslash. */
static bool
safe_relative(const char *s)
{
	if (!*s || s[0] == '/' || strstr(s, "://") || strchr(s, '\\'))
		return false;
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "/");
		if ((n == 2 && !strncmp(p, "..", 2)) || (n == 1 && *p == '.') ||
		    n == 0)
			return false;
		p += n;
		if (*p == '/')
			p++;
	}
	return true;
}

/* The path a symbolic link at link_path points to, resolved against the
 * link's folder, or NULL when it is absolute or leaves content/. */
static const char *
link_target(struct arena *a, const char *link_path, const char *target)
{
	if (target[0] == '/')
		return NULL;
	size_t cap = strlen(link_path) + strlen(target) + 2, len = 0;
	char *out = arena_alloc(a, cap);
	const char *slash = strrchr(link_path, '/');
	if (slash) {
		len = (size_t)(slash - link_path);
		memcpy(out, link_path, len);
	}
	for (const char *t = target; *t;) {
		size_t n = strcspn(t, "/");
		if (n == 2 && !strncmp(t, "..", 2)) {
			if (!len)
				return NULL;
			while (len && out[len - 1] != '/')
				len--;
			if (len)
				len--;        /* the '/' before the last part */
		} else if (n && !(n == 1 && *t == '.')) {
			if (len)
				out[len++] = '/';
			memcpy(out + len, t, n);
			len += n;
		}
		t += n;
		if (*t == '/')
			t++;
	}
	out[len] = '\0';
	return strncmp(out, "content/", 8) ? NULL : out;
}

enum { MAX_LINK_HOPS = 8 };

/* The file whose bytes the picture at path is, following links inside
 * content/; NULL after a diag. */
static const struct source *
find_file(const char *src, const char *path, struct pos at,
	  struct entry_env *env)
{
	struct diag_list *dl = env->dl;
	const struct source *f = source_find(env->src, path);
	if (!f) {
		diag_error(dl, at, "image", "image \"%s\" not found (looked for %s)",
			   src, path);
		diag_hint(dl, "check the spelling of the file name (capital letters count) and that the image is committed");
		return NULL;
	}
	for (int hops = 0; f->is_symlink; hops++) {
		if (hops == MAX_LINK_HOPS) {   /* links in a circle */
			diag_error(dl, at, "image",
				   "image \"%s\" not found (looked for %s)",
				   src, path);
			diag_hint(dl, "the symbolic links point at each other: put the image itself in the content folder");
			return NULL;
		}
		const char *to = link_target(env->a, path, f->data.p);
		if (!to) {
			diag_error(dl, at, "image",
				   "image \"%s\" is a symbolic link pointing outside the content folder",
				   src);
			diag_hint(dl, "put the image itself in the content folder and commit it");
			return NULL;
		}
		path = to;
		if (!(f = source_find(env->src, path))) {
			diag_error(dl, at, "image",
				   "image \"%s\" not found (looked for %s)",
				   src, path);
			diag_hint(dl, "the symbolic link points at a file that is not there: put the image itself in the content folder");
			return NULL;
		}
	}
	return f;
}

/* An SVG drawing, sanitised into img->data; false after a diag. */
static bool
sanitise_svg(struct image *img, struct span in, struct pos at,
	     struct entry_env *env)
{
	struct sbuf out = SBUF_INIT;
	struct svg_result res;
	if (svg_sanitize(&out, in, &res) < 0) {
		if (res.line)
			diag_error(env->dl, at, "image",
				   "image \"%s\" is not an SVG drawing ocop can publish (line %u: %s)",
				   img->src, res.line, res.error);
		else
			diag_error(env->dl, at, "image",
				   "image \"%s\" is not an SVG drawing ocop can publish (%s)",
				   img->src, res.error);
		diag_hint(env->dl, "open the drawing in a drawing program and save it again as plain SVG, or export it as PNG");
		sbuf_release(&out);
		return false;
	}
	if (res.removed) {
		if (res.removed == 1)
			diag_warning(env->dl, at, "svg",
				     "removed %s from SVG image \"%s\": scripts, event handlers and links to other sites are never published",
				     res.first_removed, img->src);
		else
			diag_warning(env->dl, at, "svg",
				     "removed %zu unsafe parts from SVG image \"%s\" (the first: %s): scripts, event handlers and links to other sites are never published",
				     res.removed, img->src, res.first_removed);
		diag_hint(env->dl, "export the drawing again as plain SVG, or as PNG");
	}
	img->out->path = img->out_path;
	img->out->width = res.width;
	img->out->height = res.height;
	img->data.p = arena_strndup(env->a, out.data, out.len);
	img->data.len = out.len;
	sbuf_release(&out);
	return true;
}

bool
image_resolve(struct image *img, struct pos at, const char *beside,
	      struct entry_env *env)
{
	struct diag_list *dl = env->dl;
	if (strstr(img->src, "://")) {
		diag_error(dl, at, "image",
			   "image \"%s\" must be a file in the repository: the catalog loads nothing from other sites",
			   img->src);
		diag_hint(dl, "download the picture, commit it beside the entry and write its file name under images");
		return false;
	}
	if (!safe_relative(img->src)) {
		diag_error(dl, at, "image",
			   "image \"%s\" must be a path inside the content folder, without \"..\"",
			   img->src);
		diag_hint(dl, "put the image in the folder of the entry's file and write its name, as in anh.jpg");
		return false;
	}
	const char *ext;
	enum image_type by_name = type_of_name(img->src, &ext);
	img->at = at;
	if (by_name == IMAGE_NONE &&
	    (!strcasecmp(ext, ".heic") || !strcasecmp(ext, ".heif")))
		return heic_error(img, at, dl);
	if (by_name == IMAGE_NONE) {
		diag_error(dl, at, "image",
			   "image \"%s\" must be named with a picture's extension: .jpg, .jpeg, .png, .webp, .gif, .avif or .svg",
			   img->src);
		diag_hint(dl, "save the picture as JPEG or PNG and write its file name, as in anh.jpg");
		return false;
	}
	/* beside the entry's file: its bundle folder, or its kind's folder */
	const char *slash = strrchr(beside, '/');
	int dirlen = slash ? (int)(slash - beside) + 1 : 0;
	const char *path = arena_printf(env->a, "%.*s%s", dirlen, beside,
					img->src);
	const struct source *f = find_file(img->src, path, at, env);
	if (!f)
		return false;
	img->out_path = path + strlen("content/");
	img->is_svg = by_name == IMAGE_SVG;
	img->file = f;
	img->out = arena_alloc(env->a, sizeof(*img->out));
	memset(img->out, 0, sizeof(*img->out));
	if (!img->is_svg)
		return true;       /* model/photo.h reads it, if it must */
	struct span bytes;
	if (source_load(&bytes, env->src, f, IMAGE_MAX_BYTES, env->a, dl) < 0 ||
	    !image_check_type(img, image_sniff(bytes), dl))
		return false;
	return sanitise_svg(img, bytes, at, env);
}

enum image_type
image_type_of_name(const char *name)
{
	const char *ext;
	return type_of_name(name, &ext);
}

enum image_type
image_sniff(struct span bytes)
{
	enum image_type t = type_of_bytes(bytes);
	if (t == IMAGE_NONE && is_lfs_pointer(bytes))
		return IMAGE_LFS_POINTER;
	if (t == IMAGE_NONE && is_heic(bytes))
		return IMAGE_HEIC;
	return t;
}

bool
image_check_type(const struct image *img, enum image_type sniffed,
		 struct diag_list *dl)
{
	const char *ext;
	enum image_type by_name = type_of_name(img->src, &ext);
	struct pos at = img->at;
	switch (sniffed) {
	case IMAGE_LFS_POINTER:
		diag_error(dl, at, "image",
			   "image \"%s\" is a Git LFS pointer, not the picture itself",
			   img->src);
		diag_hint(dl, "ocop reads pictures from git itself: run \"git lfs untrack\" for it, then add and commit the picture again");
		return false;
	case IMAGE_HEIC:
		return heic_error(img, at, dl);
	case IMAGE_NONE:
		diag_error(dl, at, "image",
			   "\"%s\" is not an image (PNG, JPEG, GIF, WebP, AVIF or SVG)",
			   img->src);
		diag_hint(dl, "save the picture as JPEG or PNG and commit that file");
		return false;
	default:
		break;
	}
	if (sniffed != by_name) {
		diag_error(dl, at, "image",
			   "image \"%s\" is a %s file, but its name ends in \"%s\"",
			   img->src, type_names[sniffed], ext);
		diag_hint(dl, "rename the file to end in .%s, and write that name here",
			  main_extension(sniffed));
		return false;
	}
	return true;
}
