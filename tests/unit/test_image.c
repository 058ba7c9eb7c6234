/*
 * test_image.c - the images of an entry (model/image.c): resolved
 * next to the file, checked to be images of the type their name says,
 * symlinks refused; through product_read(), which resolves them.
 *
 * Seams are data: every test builds a struct source_set by hand from
 * literal files (sorted by path, as source_open() leaves it), so nothing
 * here touches git or the disk.  The build date is fixed (as_of), never
 * the clock.  Error paths assert the exact diag: line, column, code and
 * message (and the hint where there is one).
 *
 * The fixture and its helpers are model_fixture.h's, shared by the tests
 * of src/model/ that read entries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "model_fixture.h"
#include "model/catalog.h"
#include "model/date.h"
#include "model/entry.h"
#include "model/image.h"
#include "model/read.h"
#include "model/site.h"
#include "parse/fm.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/banned.h"




static void
test_product_image_with_dotdot(void **state)
{
	struct fixture *f = *state;
	struct product *p = product(f, "4", "thuc-pham",
				    "images:\n  - src: ../../site.yaml\n    alt: x\n");
	assert_error(f, 13, 10, "image",
		     "image \"../../site.yaml\" must be a path inside the content folder, without \"..\"");
	assert_int_equal(p->n_images, 0);
	static const char *const bad[] = {
		"/etc/passwd", "a/../anh.jpg", "./anh.jpg", "a//b.jpg",
		"http://x.vn/a.jpg", "a\\\\b.jpg",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		diag_list_release(&f->core.diags);
		product(f, "4", "thuc-pham", arena_printf(&f->core.arena,
			"images:\n  - src: \"%s\"\n    alt: x\n", bad[i]));
		assert_int_equal(f->core.diags.n, 1);
		assert_string_equal(f->core.diags.v[0].code, "image");
		assert_int_equal(f->core.diags.v[0].at.line, 13);
	}
}

static void
test_product_image_not_found(void **state)
{
	struct fixture *f = *state;
	product(f, "4", "thuc-pham", "images:\n  - src: nope.jpg\n    alt: x\n");
	assert_error(f, 13, 10, "image",
		     "image \"nope.jpg\" not found (looked for content/products/nope.jpg)");
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham", "images:\n  - src: link.jpg\n    alt: x\n");
	assert_error(f, 13, 10, "image",
		     "image \"link.jpg\" is a symbolic link pointing outside the content folder");
	diag_list_release(&f->core.diags);
	/* found beside a single-file entry; a scalar item is accepted, with
	 * a warning about its missing alt text */
	struct product *p = product(f, "4", "thuc-pham", "images: [anh.jpg]\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_WARNING, "content/products/p.md", 12, 10, "alt",
			 "image \"anh.jpg\" has no alt text: the product name is used",
			 NULL);
	assert_int_equal(p->n_images, 1);
	assert_string_equal(p->images[0].alt, "Kẹo cu đơ");
	assert_string_equal(p->images[0].out_path, "products/anh.jpg");
}

/* Images are recognised by their first bytes, whatever the extension. */
/* One product naming one image file; returns the product.  A photo's
 * bytes are then checked as model/photo.c does when it reads them. */
static struct product *
product_with_image(struct fixture *f, const char *name, const char *bytes,
		   size_t len)
{
	struct source *s = add_file(f, arena_printf(&f->core.arena,
				    "content/products/%s", name), "");
	s->data.p = arena_strndup(&f->core.arena, bytes, len);
	s->data.len = s->size = len;
	struct product *p = product(f, "4", "thuc-pham", arena_printf(&f->core.arena,
				    "images: [{ src: \"%s\", alt: x }]\n", name));
	if (p->n_images && !p->images[0].is_svg) {
		assert_ptr_equal(p->images[0].file, s);
		assert_null(p->images[0].data.p);     /* not read yet */
		(void)image_check_type(&p->images[0], image_sniff(s->data),
				       &f->core.diags);
	}
	return p;
}

#define IMAGE(f, name, lit) product_with_image(f, name, lit, sizeof(lit) - 1)

static void
test_product_image_must_be_an_image(void **state)
{
	struct fixture *f = *state;
	static const struct { const char *name, *bytes; size_t len; } good[] = {
#define G(n, b) { n, b, sizeof(b) - 1 }
		G("tot.png", "\x89PNG\r\n\x1a\n...."), G("tot.gif", "GIF89a...."),
		G("tot.webp", "RIFF\x01\x01\x01\x01WEBPVP8 "),
		G("tot.avif", "\x01\x01\x01\x01" "ftypavif...."),
		G("tot.JPG", "\xFF\xD8\xFF\xE0 JPEG"),
		G("tot.jpeg", "\xFF\xD8\xFF\xE0 JPEG"),
		G("tot.svg", "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- logo -->\n"
		  "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
#undef G
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct product *p = product_with_image(f, good[i].name,
						       good[i].bytes, good[i].len);
		fixture_assert_diag_count(&f->core.diags, 0);
		assert_int_equal(p->n_images, 1);
		assert_non_null(p->images[0].is_svg ? p->images[0].data.p
						    : p->images[0].file->data.p);
	}
	/* the sanitised drawing is what is published */
	struct product *p = IMAGE(f, "ve.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" "
				  "onload=\"alert(1)\"><rect width=\"1\" height=\"1\"/></svg>");
	fixture_assert_only_diag(&f->core.diags, DIAG_WARNING, "content/products/p.md",
				 12, 17, "svg",
				 "removed onload from SVG image \"ve.svg\": scripts, event handlers and links to other sites are never published",
				 "export the drawing again as plain SVG, or as PNG");
	assert_int_equal(p->n_images, 1);
	assert_null(strstr(p->images[0].data.p, "onload"));
	assert_non_null(strstr(p->images[0].data.p, "<rect"));
	diag_list_release(&f->core.diags);

	static const struct { const char *name, *bytes; } bad[] = {
		{ "xau-0.png", "hello" },
		{ "xau-1.svg", "<html><svg></svg></html>" },
		{ "xau-2.svg", "<svgx>" },
		{ "xau-3.avif", "\x01\x01\x01\x01" "ftypisom...." },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		product_with_image(f, bad[i].name, bad[i].bytes, strlen(bad[i].bytes));
		fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
					 "content/products/p.md", 12, 17,
					 "image", arena_printf(&f->core.arena,
					 "\"%s\" is not an image (PNG, JPEG, GIF, WebP, AVIF or SVG)",
					 bad[i].name),
					 "save the picture as JPEG or PNG and commit that file");
		diag_list_release(&f->core.diags);
	}
}

/* The name decides how a web server serves a copy, so a name that is
 * not a picture's is refused whatever the bytes, and the bytes must be
 * of the type the name says. */
/* A HEIC photo (an iPhone's) has its own message, by its name or by
 * its bytes under another name. */
static void
test_product_image_heic_is_refused(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = { "anh.heic", "anh.HEIF", "anh.jpg",
					     "anh.avif" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		IMAGE(f, names[i], "\x01\x01\x01\x01" "ftypheic....");
		fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
			"content/products/p.md", 12, 17, "image",
			arena_printf(&f->core.arena, "image \"%s\" is a HEIC photo: HEIC is not supported; save the photo as JPEG",
				     names[i]),
			"on an iPhone, choose Settings > Camera > Formats > Most Compatible, or export the photo as JPEG");
		diag_list_release(&f->core.diags);
	}
}

static void
test_product_image_name_and_type_agree(void **state)
{
	struct fixture *f = *state;
	static const char *const names[] = { "x.html", "x.htm", "x.xhtml",
		"index.html", "style.css", "anh", "sitemap.xml" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		IMAGE(f, names[i], "\x89PNG\r\n\x1a\n<script>alert(1)</script>");
		fixture_assert_only_diag(&f->core.diags, DIAG_ERROR,
			"content/products/p.md", 12, 17, "image",
			arena_printf(&f->core.arena, "image \"%s\" must be named with a picture's extension: .jpg, .jpeg, .png, .webp, .gif, .avif or .svg",
				     names[i]),
			"save the picture as JPEG or PNG and write its file name, as in anh.jpg");
		diag_list_release(&f->core.diags);
	}
	IMAGE(f, "anh.png", "\xFF\xD8\xFF\xE0 JPEG");
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, "content/products/p.md",
				 12, 17, "image",
				 "image \"anh.png\" is a JPEG file, but its name ends in \".png\"",
				 "rename the file to end in .jpg, and write that name here");
	diag_list_release(&f->core.diags);
	IMAGE(f, "lfs.jpg", "version https://git-lfs.github.com/spec/v1\n"
	      "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
	      "size 12345\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, "content/products/p.md",
				 12, 17, "image",
				 "image \"lfs.jpg\" is a Git LFS pointer, not the picture itself",
				 "ocop reads pictures from git itself: run \"git lfs untrack\" for it, then add and commit the picture again");
}

/* A symbolic link is followed while it stays inside content/ for its
 * bytes; the copy is published at the link's own place, never at the
 * target's (which could be any page of the site). */
static void
test_product_image_symlinks(void **state)
{
	struct fixture *f = *state;
	add_file(f, "content/products/z-anh.jpg", "../products/buoi/cover.jpg")
		->is_symlink = true;
	add_file(f, "content/products/z-hai.jpg", "z-anh.jpg")->is_symlink = true;
	add_file(f, "content/products/z-mat.jpg", "khong-co.jpg")->is_symlink = true;
	add_file(f, "content/products/z-tuyet.jpg", "/etc/passwd")->is_symlink = true;
	add_file(f, "content/products/z-vong.jpg", "z-vong.jpg")->is_symlink = true;
	struct product *p = product(f, "4", "thuc-pham",
		"images: [{ src: z-anh.jpg, alt: x }, { src: z-hai.jpg, alt: y }]\n");
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_int_equal(p->n_images, 2);
	assert_string_equal(p->images[0].out_path, "products/z-anh.jpg");
	assert_string_equal(p->images[1].out_path, "products/z-hai.jpg");
	assert_string_equal(p->images[1].file->data.p, "\xFF\xD8\xFF\xE0 JPEG");

	product(f, "4", "thuc-pham", "images: [{ src: z-tuyet.jpg, alt: x }]\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, "content/products/p.md", 12, 17, "image",
			 "image \"z-tuyet.jpg\" is a symbolic link pointing outside the content folder",
			 "put the image itself in the content folder and commit it");
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham", "images: [{ src: z-mat.jpg, alt: x }]\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, "content/products/p.md", 12, 17, "image",
			 "image \"z-mat.jpg\" not found (looked for content/products/khong-co.jpg)",
			 "the symbolic link points at a file that is not there: put the image itself in the content folder");
	diag_list_release(&f->core.diags);
	product(f, "4", "thuc-pham", "images: [{ src: z-vong.jpg, alt: x }]\n");
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, "content/products/p.md", 12, 17, "image",
			 "image \"z-vong.jpg\" not found (looked for content/products/z-vong.jpg)",
			 "the symbolic links point at each other: put the image itself in the content folder");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_product_image_with_dotdot),
		T(test_product_image_not_found),
		T(test_product_image_must_be_an_image),
		T(test_product_image_name_and_type_agree),
		T(test_product_image_heic_is_refused),
		T(test_product_image_symlinks),
#undef T
	};
	return cmocka_run_group_tests_name("image", tests, NULL, NULL);
}
