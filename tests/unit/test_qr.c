/*
 * test_qr.c - QR codes as SVG (render/qr.h): the drawing is a valid
 * standalone SVG of the expected shape (read back by libxml2), its path
 * draws exactly libqrencode's modules inside a 4-module quiet zone, the
 * code is 8-bit at level M (the version a text's length needs says
 * so), the text shows once, escaped, as the title, and a text no code
 * can hold is refused with nothing written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <qrencode.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "render/qr.h"
#include "util/sbuf.h"
#include "util/banned.h"

#define URL "https://ocop.hatinh.gov.vn/products/buoi-phuc-trach/"

struct fixture {
	struct fixture_core core;
	struct sbuf out;
};

static int
setup(void **state)
{
	if (fixture_setup(state, sizeof(struct fixture)) < 0)
		return -1;
	struct fixture *f = *state;
	sbuf_init(&f->out);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	sbuf_release(&f->out);
	return fixture_teardown(state);
}

/* The value of attribute name of node, compared with want. */
static void
assert_attr(xmlNode *node, const char *name, const char *want)
{
	xmlChar *v = xmlGetProp(node, (const xmlChar *)name);
	assert_non_null(v);
	assert_string_equal((const char *)v, want);
	xmlFree(v);
}

/* The element children of root, which must be exactly title, rect and
 * path in that order; returns them through the out-params. */
static void
children(xmlNode *root, xmlNode **title, xmlNode **rect, xmlNode **path)
{
	xmlNode *v[4] = { 0 };
	size_t n = 0;
	for (xmlNode *c = root->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			assert_true(n < 3);
			v[n++] = c;
		}
	assert_int_equal(n, 3);
	assert_string_equal((const char *)v[0]->name, "title");
	assert_string_equal((const char *)v[1]->name, "rect");
	assert_string_equal((const char *)v[2]->name, "path");
	*title = v[0];
	*rect = v[1];
	*path = v[2];
}

static xmlDoc *
parse(const struct sbuf *sb)
{
	xmlDoc *doc = xmlReadMemory(sb->data, (int)sb->len, "qr.svg", NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR |
				    XML_PARSE_NOWARNING);
	assert_non_null(doc);
	return doc;
}

/*
 * Draws path data d ("M4 4.5h7m2 0h1m-10 1h3...", as qr.c writes it)
 * into grid, size x size modules, 1 for dark.  Fails the test on
 * anything else, and on a run that leaves the grid or covers a module
 * twice.
 */
static void
draw(const char *d, unsigned char *grid, int size)
{
	int x = 0, y = 0;
	bool started = false;
	const char *p = d;
	while (*p) {
		char op = *p++;
		char *end;
		if (op == 'M' || op == 'm') {
			long dx = strtol(p, &end, 10);
			assert_ptr_not_equal(end, p);
			assert_int_equal(*end, ' ');
			p = end + 1;
			long dy = strtol(p, &end, 10);
			assert_ptr_not_equal(end, p);
			p = end;
			if (op == 'M') {
				assert_false(started);
				/* the first move goes to the middle of a row */
				assert_memory_equal(p, ".5", 2);
				p += 2;
				x = (int)dx;
				y = (int)dy;
			} else {
				assert_true(started);
				x += (int)dx;
				y += (int)dy;
			}
			started = true;
		} else if (op == 'h') {
			long len = strtol(p, &end, 10);
			assert_ptr_not_equal(end, p);
			assert_true(len > 0);
			p = end;
			assert_true(y >= 0 && y < size);
			assert_true(x >= 0 && x + len <= size);
			for (long k = 0; k < len; k++) {
				assert_int_equal(grid[y * size + x + k], 0);
				grid[y * size + x + k] = 1;
			}
			x += (int)len;
		} else {
			fail_msg("unexpected path command '%c' in \"%s\"", op, d);
		}
	}
}

static void
test_qr_svg_is_a_standalone_drawing(void **state)
{
	struct fixture *f = *state;
	int size = 0;
	assert_int_equal(qr_svg(&f->out, URL, NULL, &size), 0);
	assert_memory_equal(f->out.data, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39);
	assert_int_equal(f->out.data[f->out.len - 1], '\n');
	xmlDoc *doc = parse(&f->out);
	xmlNode *root = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)root->name, "svg");
	assert_non_null(root->ns);
	assert_string_equal((const char *)root->ns->href,
			    "http://www.w3.org/2000/svg");
	char box[64];
	snprintf(box, sizeof(box), "0 0 %d %d", size, size);
	assert_attr(root, "viewBox", box);
	assert_attr(root, "shape-rendering", "crispEdges");
	/* scaled by whoever shows it: no size of its own */
	assert_null(xmlHasProp(root, (const xmlChar *)"width"));
	xmlNode *title, *rect, *path;
	children(root, &title, &rect, &path);
	xmlChar *text = xmlNodeGetContent(title);
	assert_string_equal((const char *)text, URL);
	xmlFree(text);
	char side[16];
	snprintf(side, sizeof(side), "%d", size);
	assert_attr(rect, "width", side);
	assert_attr(rect, "height", side);
	assert_attr(rect, "fill", "#fff");
	assert_attr(path, "stroke", "#000");
	xmlFreeDoc(doc);
}

/* Every module the path draws is a dark module of libqrencode's code
 * at level M in 8-bit mode, offset by the quiet zone, and every dark
 * module is drawn. */
static void
test_qr_svg_draws_the_modules_of_the_code(void **state)
{
	struct fixture *f = *state;
	static const char *const texts[] = {
		URL, "HTTPS://EXAMPLE.TEST/A", "https://example.test/a",
		"https://ocop.test/products/x/?q=1&r=<2>",
	};
	for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
		sbuf_reset(&f->out);
		int size = 0;
		assert_int_equal(qr_svg(&f->out, texts[t], NULL, &size), 0);
		QRcode *code = QRcode_encodeString8bit(texts[t], 0, QR_ECLEVEL_M);
		assert_non_null(code);
		assert_int_equal(size, code->width + 2 * QR_QUIET);

		xmlDoc *doc = parse(&f->out);
		xmlNode *title, *rect, *path;
		children(xmlDocGetRootElement(doc), &title, &rect, &path);
		xmlChar *d = xmlGetProp(path, (const xmlChar *)"d");
		assert_non_null(d);
		unsigned char *grid = calloc((size_t)size * (size_t)size, 1);
		assert_non_null(grid);
		draw((const char *)d, grid, size);
		for (int y = 0; y < size; y++)
			for (int x = 0; x < size; x++) {
				int cx = x - QR_QUIET, cy = y - QR_QUIET;
				bool in = cx >= 0 && cy >= 0 && cx < code->width &&
					  cy < code->width;
				int dark = in && (code->data[cy * code->width + cx] & 1);
				if (grid[y * size + x] != dark)
					fail_msg("\"%s\": module (%d, %d) is %s, libqrencode has it %s",
						 texts[t], x, y,
						 grid[y * size + x] ? "dark" : "light",
						 dark ? "dark" : "light");
			}
		free(grid);
		xmlFree(d);
		xmlFreeDoc(doc);
		QRcode_free(code);
	}
	/* upper and lower case are different codes: nothing was folded */
	sbuf_reset(&f->out);
	assert_int_equal(qr_svg(&f->out, "HTTPS://EXAMPLE.TEST/A", NULL, NULL), 0);
	struct sbuf lower = SBUF_INIT;
	assert_int_equal(qr_svg(&lower, "https://example.test/a", NULL, NULL), 0);
	const char *d1 = strstr(f->out.data, " d=\""), *d2 = strstr(lower.data, " d=\"");
	assert_non_null(d1);
	assert_non_null(d2);
	assert_string_not_equal(d1, d2);
	sbuf_release(&lower);
}

/* The width of the code of a text of n bytes: "https://" and digits,
 * which a mixed-mode code would pack as numbers, 3.3 bits a digit. */
static int
width_for(struct fixture *f, size_t n)
{
	char *text = malloc(n + 1);
	assert_non_null(text);
	memcpy(text, "https://", 8);
	memset(text + 8, '7', n - 8);
	text[n] = '\0';
	sbuf_reset(&f->out);
	int size = 0;
	assert_int_equal(qr_svg(&f->out, text, NULL, &size), 0);
	free(text);
	return size - 2 * QR_QUIET;
}

/* 8-bit mode at level M: version 4 holds 62 bytes, version 5 84.  At
 * level L version 4 holds 78, so 63 bytes would still be version 4;
 * and a numeric segment for the digits would make every one of these
 * codes smaller. */
static void
test_qr_svg_is_8bit_level_m(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(width_for(f, 62), 17 + 4 * 4);
	assert_int_equal(width_for(f, 63), 17 + 4 * 5);
	assert_int_equal(width_for(f, 84), 17 + 4 * 5);
	assert_int_equal(width_for(f, 85), 17 + 4 * 6);
}

/* Hostile text in the URL is escaped in the title and appears nowhere
 * else. */
static void
test_qr_svg_escapes_the_title(void **state)
{
	struct fixture *f = *state;
	const char *text = "https://x.test/\"><script>alert(1)</script>&amp;'🍯";
	assert_int_equal(qr_svg(&f->out, text, NULL, NULL), 0);
	assert_null(strstr(f->out.data, "<script"));
	assert_null(strstr(f->out.data, "x.test/\""));
	assert_non_null(strstr(f->out.data,
		"<title>https://x.test/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;&#39;🍯</title>"));
	/* the text once: nowhere but the title */
	const char *first = strstr(f->out.data, "x.test");
	assert_non_null(first);
	assert_null(strstr(first + 1, "x.test"));
	xmlDoc *doc = parse(&f->out);
	xmlNode *title, *rect, *path;
	children(xmlDocGetRootElement(doc), &title, &rect, &path);
	xmlChar *got = xmlNodeGetContent(title);
	assert_string_equal((const char *)got, text);
	xmlFree(got);
	xmlFreeDoc(doc);
}

/* A text no code holds (empty, or more than 2,331 bytes at level M) is
 * refused, and nothing is appended to what out held. */
static void
test_qr_svg_refuses_what_no_code_holds(void **state)
{
	struct fixture *f = *state;
	sbuf_puts(&f->out, "kept");
	int size = -7;
	assert_int_equal(qr_svg(&f->out, "", NULL, &size), -1);
	assert_string_equal(f->out.data, "kept");
	assert_int_equal(size, -7);

	char *big = malloc(2400);
	assert_non_null(big);
	memset(big, 'a', 2399);
	big[2399] = '\0';
	assert_int_equal(qr_svg(&f->out, big, NULL, &size), -1);
	assert_string_equal(f->out.data, "kept");
	assert_int_equal(f->out.len, 4);
	/* the largest that fits still does */
	big[2331] = '\0';
	assert_int_equal(qr_svg(&f->out, big, NULL, &size), 0);
	assert_int_equal(size, 17 + 4 * 40 + 2 * QR_QUIET);
	big[2331] = 'a';
	big[2332] = '\0';
	sbuf_reset(&f->out);
	assert_int_equal(qr_svg(&f->out, big, NULL, NULL), -1);
	assert_int_equal(f->out.len, 0);
	free(big);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_qr_svg_is_a_standalone_drawing),
		T(test_qr_svg_draws_the_modules_of_the_code),
		T(test_qr_svg_is_8bit_level_m),
		T(test_qr_svg_escapes_the_title),
		T(test_qr_svg_refuses_what_no_code_holds),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return r;
}
