/*
 * test_photo.c - the pure parts of the photos (model/photo.c): which
 * widths a photo is published at (never wider than it is), the names
 * of its sizes beside the committed file, and the size of an SVG
 * drawing from its attributes (parse/svg.c, svg_size()), and the
 * removal of a WebP file's metadata chunks (photo_webp_strip()).  The encoding
 * itself is tested end to end (tests/e2e/photos.sh).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "model/photo.h"
#include "parse/svg.h"
#include "util/banned.h"

struct fixture {
	struct fixture_core core;
};

static int
setup(void **state)
{
	return fixture_setup(state, sizeof(struct fixture));
}

/* The widths of a photo w wide, as "320,640". */
static const char *
widths_of(struct fixture *f, unsigned w)
{
	unsigned v[PHOTO_MAX_SIZES];
	size_t n = photo_widths(w, v);
	assert_true(n >= 1 && n <= PHOTO_MAX_SIZES);
	const char *s = "";
	for (size_t i = 0; i < n; i++)
		s = arena_printf(&f->core.arena, "%s%s%u", s, i ? "," : "", v[i]);
	return s;
}

static void
test_photo_widths_never_upscale(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(widths_of(f, 4000), "320,640,1280");
	assert_string_equal(widths_of(f, 1281), "320,640,1280");
	assert_string_equal(widths_of(f, 1280), "320,640,1280");
	assert_string_equal(widths_of(f, 1000), "320,640,1000");
	assert_string_equal(widths_of(f, 641), "320,640,641");
	assert_string_equal(widths_of(f, 640), "320,640");
	assert_string_equal(widths_of(f, 400), "320,400");
	assert_string_equal(widths_of(f, 321), "320,321");
	assert_string_equal(widths_of(f, 320), "320");
	assert_string_equal(widths_of(f, 200), "200");
	assert_string_equal(widths_of(f, 1), "1");
}

static void
test_photo_size_names_beside_the_photo(void **state)
{
	struct arena *a = &((struct fixture *)*state)->core.arena;
	assert_string_equal(photo_size_path(a, "products/x/cover.jpg", 640, "webp"),
			    "products/x/cover-640.webp");
	assert_string_equal(photo_size_path(a, "products/x/cover.JPEG", 320, "jpg"),
			    "products/x/cover-320.jpg");
	assert_string_equal(photo_size_path(a, "products/x.y/anh.chup.png", 1280, "jpg"),
			    "products/x.y/anh.chup-1280.jpg");
	/* a dot in a folder's name is not an extension */
	assert_string_equal(photo_size_path(a, "products/x.y/anh", 200, "webp"),
			    "products/x.y/anh-200.webp");
}

static void
test_photo_svg_size_from_attributes(void **state)
{
	(void)state;
	unsigned w, h;
	svg_size("120", "80px", NULL, &w, &h);
	assert_int_equal(w, 120); assert_int_equal(h, 80);
	svg_size(NULL, NULL, "0 0 400 200", &w, &h);
	assert_int_equal(w, 400); assert_int_equal(h, 200);
	svg_size("100", NULL, "0,0,400,200", &w, &h);
	assert_int_equal(w, 100); assert_int_equal(h, 50);
	svg_size(NULL, "50", "0 0 400 200", &w, &h);
	assert_int_equal(w, 100); assert_int_equal(h, 50);
	/* units other than px, and percentages, are not sizes */
	svg_size("10cm", "100%", "0 0 30 10", &w, &h);
	assert_int_equal(w, 30); assert_int_equal(h, 10);
	svg_size("100%", "100%", NULL, &w, &h);
	assert_int_equal(w, 300); assert_int_equal(h, 150);
	svg_size(NULL, NULL, "0 0 -1 5", &w, &h);
	assert_int_equal(w, 300); assert_int_equal(h, 150);
	svg_size("0.2", "0.4", NULL, &w, &h);
	assert_int_equal(w, 1); assert_int_equal(h, 1);
}

/* RIFF WebP bytes of the chunks given, as a literal's bytes. */
#define CHUNK(id, n) id n "\0\0\0"
static void
test_photo_webp_strip_drops_metadata_chunks(void **state)
{
	(void)state;
	static const char in[] =
		"RIFF" "\x46\0\0\0" "WEBP"
		CHUNK("VP8X", "\x0a") "\x2c\0\0\0" "\x01\0\0" "\x01\0\0"
		CHUNK("ICCP", "\x03") "abc" "\0"
		CHUNK("VP8 ", "\x04") "pixe"
		CHUNK("EXIF", "\x05") "GPS!!" "\0"
		CHUNK("XMP ", "\x02") "<x";
	static const char want[] =
		"RIFF" "\x22\0\0\0" "WEBP"
		CHUNK("VP8X", "\x0a") "\0\0\0\0" "\x01\0\0" "\x01\0\0"
		CHUNK("VP8 ", "\x04") "pixe";
	struct sbuf out = SBUF_INIT;
	assert_true(photo_webp_strip(&out, in, sizeof(in) - 1));
	assert_int_equal(out.len, sizeof(want) - 1);
	assert_memory_equal(out.data, want, sizeof(want) - 1);
	sbuf_release(&out);
	/* cut short, or not a WebP: refused, out left empty */
	assert_false(photo_webp_strip(&out, in, sizeof(in) - 3));
	assert_int_equal(out.len, 0);
	assert_false(photo_webp_strip(&out, "RIFF\4\0\0\0WAVE", 12));
	assert_int_equal(out.len, 0);
	sbuf_release(&out);
}
#undef CHUNK

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_photo_widths_never_upscale),
		T(test_photo_size_names_beside_the_photo),
		T(test_photo_svg_size_from_attributes),
		T(test_photo_webp_strip_drops_metadata_chunks),
#undef T
	};
	return cmocka_run_group_tests_name("photo", tests, NULL, NULL);
}
