/*
 * test_fm.c - front matter: splitting, positions, limits and errors.
 * Every error test asserts the exact diag (line, column, code, message).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "fixture.h"
#include "parse/fm.h"
#include "util/sbuf.h"
#include "util/banned.h"

struct fixture {
	struct fixture_core core;
	struct fm_doc doc;
	struct fm_node *yaml;
};

static int
setup(void **state)
{
	return fixture_setup(state, sizeof(struct fixture));
}

/* fm_parse on n bytes of s (which may hold NUL bytes). */
static int
parse_n(struct fixture *f, const char *s, size_t n)
{
	return fm_parse(&f->doc, "p.md", (struct span){ s, n }, &f->core.arena,
			&f->core.diags);
}

static int
parse(struct fixture *f, const char *s)
{
	return parse_n(f, s, strlen(s));
}

static int
parse_yaml(struct fixture *f, const char *s)
{
	return fm_parse_yaml(&f->yaml, "site.yaml", span_from(s),
			     &f->core.arena, &f->core.diags);
}

static void
assert_pos(const struct fm_node *n, unsigned line, unsigned col)
{
	assert_non_null(n);
	assert_int_equal(n->at.line, line);
	assert_int_equal(n->at.col, col);
}

/* The scalar under key in map m, checked for text and position. */
static const struct fm_node *
assert_scalar(const struct fm_node *m, const char *key, const char *text,
	      unsigned line, unsigned col)
{
	const struct fm_node *v = fm_get(m, key);
	assert_non_null(v);
	assert_int_equal(v->kind, FM_SCALAR);
	assert_string_equal(v->str, text);
	assert_int_equal(v->len, strlen(text));
	assert_pos(v, line, col);
	return v;
}

/* The only diag filed is an error with this position, code and text. */
static void
assert_diag(const struct fixture *f, unsigned line, unsigned col,
	    const char *code, const char *msg)
{
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, fixture_any, line,
				 col, code, msg, fixture_any);
}

static void
test_fm_splits_head_and_body(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\nname: X\n---\nCâu chuyện\n\nhai\n"), 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_int_equal(f->doc.body_line, 4);
	assert_int_equal(f->doc.body.len, strlen("Câu chuyện\n\nhai\n"));
	assert_memory_equal(f->doc.body.p, "Câu chuyện\n\nhai\n",
			    f->doc.body.len);
	assert_int_equal(f->doc.root->kind, FM_MAP);
	assert_int_equal(f->doc.root->n, 1);
	assert_scalar(f->doc.root, "name", "X", 2, 7);
}

static void
test_fm_body_empty_at_end_of_file(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\na: 1\n---"), 0);
	assert_int_equal(f->doc.body.len, 0);
	assert_int_equal(f->doc.body_line, 4);
	assert_scalar(f->doc.root, "a", "1", 2, 4);
}

static void
test_fm_no_front_matter(void **state)
{
	struct fixture *f = *state;
	const char *s = "# Tiêu đề\n---\na: 1\n---\n";
	assert_int_equal(parse(f, s), 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_null(f->doc.root);
	assert_ptr_equal(f->doc.body.p, s);
	assert_int_equal(f->doc.body.len, strlen(s));
	assert_int_equal(f->doc.body_line, 1);
}

static void
test_fm_fence_must_be_exact(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "----\na: 1\n---\n"), 0);
	assert_null(f->doc.root);
	assert_int_equal(parse(f, "--- a: 1\n---\n"), 0);
	assert_null(f->doc.root);
}

static void
test_fm_fences_allow_trailing_space_and_dots(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---  \t\na: 1\n...   \nbody"), 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_int_equal(f->doc.body_line, 4);
	assert_int_equal(f->doc.body.len, 4);
	assert_memory_equal(f->doc.body.p, "body", 4);
	assert_scalar(f->doc.root, "a", "1", 2, 4);
}

static void
test_fm_empty_head_is_empty_map(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\n---\nx"), 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_non_null(f->doc.root);
	assert_int_equal(f->doc.root->kind, FM_MAP);
	assert_int_equal(f->doc.root->n, 0);
	assert_int_equal(f->doc.body_line, 3);
	assert_int_equal(parse(f, "---\n# chỉ có chú thích\n\n---\n"), 0);
	assert_int_equal(f->doc.root->kind, FM_MAP);
	assert_int_equal(f->doc.root->n, 0);
}

static void
test_fm_value_positions(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\nname: X\nstars: 6\n---\n"), 0);
	const struct fm_node *r = f->doc.root;
	assert_int_equal(r->n, 2);
	assert_pos(r, 2, 1);
	assert_pos(r->pairs[1].key, 3, 1);
	assert_string_equal(r->pairs[1].key->str, "stars");
	assert_scalar(r, "stars", "6", 3, 8);
	assert_true(fm_get(r, "stars")->plain);
	assert_null(fm_get(r, "star"));
}

static void
test_fm_nested_maps_and_lists(void **state)
{
	struct fixture *f = *state;
	const char *s =
		"---\n"
		"location:\n"
		"  province: Ha Tinh\n"
		"  geo: { lat: 18.085, lon: 105.703 }\n"
		"images:\n"
		"  - src: a.jpg\n"
		"    alt: A\n"
		"  - { src: b.jpg }\n"
		"standards: [VietGAP, HACCP]\n"
		"---\n";
	assert_int_equal(parse(f, s), 0);
	assert_int_equal(f->core.diags.n, 0);
	const struct fm_node *r = f->doc.root;

	const struct fm_node *loc = fm_get(r, "location");
	assert_int_equal(loc->kind, FM_MAP);
	assert_pos(loc, 3, 3);
	assert_scalar(loc, "province", "Ha Tinh", 3, 13);
	const struct fm_node *geo = fm_get(loc, "geo");
	assert_int_equal(geo->kind, FM_MAP);
	assert_pos(geo, 4, 8);
	assert_int_equal(geo->n, 2);
	assert_pos(geo->pairs[0].key, 4, 10);
	assert_scalar(geo, "lat", "18.085", 4, 15);
	assert_pos(geo->pairs[1].key, 4, 23);
	assert_scalar(geo, "lon", "105.703", 4, 28);

	const struct fm_node *img = fm_get(r, "images");
	assert_int_equal(img->kind, FM_SEQ);
	assert_int_equal(img->n, 2);
	assert_pos(img, 6, 3);
	assert_int_equal(img->items[0]->kind, FM_MAP);
	assert_pos(img->items[0], 6, 5);
	assert_scalar(img->items[0], "src", "a.jpg", 6, 10);
	assert_scalar(img->items[0], "alt", "A", 7, 10);
	assert_pos(img->items[1], 8, 5);
	assert_scalar(img->items[1], "src", "b.jpg", 8, 12);

	const struct fm_node *st = fm_get(r, "standards");
	assert_int_equal(st->kind, FM_SEQ);
	assert_int_equal(st->n, 2);
	assert_pos(st, 9, 12);
	assert_string_equal(st->items[1]->str, "HACCP");
	assert_pos(st->items[1], 9, 22);
}

static void
test_fm_flow_mapping(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\ngeo: { lat: 1, lon: 2 }\n---\n"), 0);
	const struct fm_node *g = fm_get(f->doc.root, "geo");
	assert_int_equal(g->kind, FM_MAP);
	assert_int_equal(g->n, 2);
	assert_pos(g, 2, 6);
	assert_scalar(g, "lat", "1", 2, 13);
	assert_scalar(g, "lon", "2", 2, 21);
}

static void
test_fm_vietnamese_columns_count_code_points(void **state)
{
	struct fixture *f = *state;
	const char *s =
		"---\n"
		"tên: Bưởi Phúc Trạch\n"
		"nơi: { tỉnh: Hà Tĩnh, xã: Phúc Trạch }\n"
		"thẻ: [đặc sản, quà biếu, 😀x]\n"
		"---\n";
	assert_int_equal(parse(f, s), 0);
	assert_int_equal(f->core.diags.n, 0);
	const struct fm_node *r = f->doc.root;
	assert_scalar(r, "tên", "Bưởi Phúc Trạch", 2, 6);
	const struct fm_node *noi = fm_get(r, "nơi");
	assert_pos(noi, 3, 6);
	assert_scalar(noi, "tỉnh", "Hà Tĩnh", 3, 14);
	assert_pos(noi->pairs[1].key, 3, 23);
	assert_scalar(noi, "xã", "Phúc Trạch", 3, 27);
	const struct fm_node *the = fm_get(r, "thẻ");
	assert_int_equal(the->n, 3);
	assert_pos(the->items[1], 4, 16);
	assert_string_equal(the->items[2]->str, "😀x");
	assert_pos(the->items[2], 4, 26);
}

static void
test_fm_quoted_and_plain_scalars(void **state)
{
	struct fixture *f = *state;
	const char *s =
		"---\n"
		"a: 42\n"
		"b: \"42\"\n"
		"c: 'it''s'\n"
		"d: |\n"
		"  dòng một\n"
		"  dòng hai\n"
		"e: !!str 7\n"
		"f: \"\\u1EA1\\t\"\n"
		"g:\n"
		"h: ~\n"
		"---\n";
	assert_int_equal(parse(f, s), 0);
	assert_int_equal(f->core.diags.n, 0);
	const struct fm_node *r = f->doc.root;
	assert_true(assert_scalar(r, "a", "42", 2, 4)->plain);
	assert_false(assert_scalar(r, "b", "42", 3, 4)->plain);
	assert_false(assert_scalar(r, "c", "it's", 4, 4)->plain);
	const struct fm_node *d = assert_scalar(r, "d", "dòng một\ndòng hai\n",
						5, 4);
	assert_false(d->plain);
	assert_null(d->tag);
	const struct fm_node *e = assert_scalar(r, "e", "7", 8, 4);
	assert_true(e->plain);
	assert_string_equal(e->tag, "!!str");
	assert_false(fm_is_null(e));
	assert_scalar(r, "f", "ạ\t", 9, 4);
	assert_true(fm_is_null(fm_get(r, "g")));
	assert_true(fm_is_null(fm_get(r, "h")));
	assert_false(fm_is_null(fm_get(r, "b")));
	assert_false(fm_is_null(r));
	assert_false(fm_is_null(NULL));
}

static void
test_fm_anchors_and_aliases_share_nodes(void **state)
{
	struct fixture *f = *state;
	const char *s =
		"---\n"
		"base: &loc { province: Ha Tinh, commune: Phuc Trach }\n"
		"shop: *loc\n"
		"name: &n Buoi\n"
		"alt: *n\n"
		"*n : key from alias\n"
		"---\n";
	assert_int_equal(parse(f, s), 0);
	assert_int_equal(f->core.diags.n, 0);
	const struct fm_node *r = f->doc.root;
	const struct fm_node *base = fm_get(r, "base");
	assert_ptr_equal(fm_get(r, "shop"), base);
	assert_pos(base, 2, 7);
	assert_scalar(base, "commune", "Phuc Trach", 2, 42);
	assert_ptr_equal(fm_get(r, "alt"), fm_get(r, "name"));
	assert_scalar(r, "Buoi", "key from alias", 6, 6);
}

static void
test_fm_unknown_alias(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\na: 1\nb: *nope\n---\n"), -1);
	assert_diag(f, 3, 4, "yaml", "unknown alias \"*nope\"");
	assert_null(f->doc.root);
}

static void
test_fm_recursive_alias_rejected(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\na: &x [1, *x]\n---\n"), -1);
	assert_diag(f, 2, 11, "yaml",
		    "alias \"*x\" is inside the value it repeats");
}

static void
test_fm_alias_bomb_rejected_fast(void **state)
{
	struct fixture *f = *state;
	const char *s =
		"---\n"
		"a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
		"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
		"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
		"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
		"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
		"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
		"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
		"h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
		"i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
		"---\n";
	clock_t t0 = clock();
	assert_int_equal(parse(f, s), -1);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_true(secs < 0.5);
	/* the root and line a make 12 nodes, *a costs 10: 104 after line b;
	 * *b costs 91: 925 after c; *c costs 820: 8307 after d; *d costs
	 * 7381, so the first *d of line e goes over */
	assert_diag(f, 6, 8, "yaml-limit",
		    "too many YAML nodes after expanding aliases "
		    "(limit 10000)");
}

static void
test_fm_alias_count_limit_is_exact(void **state)
{
	struct fixture *f = *state;
	/* root map 1 + keys and values: a (1) + list (1 + 99) = 102;
	 * then k_i: *a adds 1 key + 100 each */
	struct sbuf sb = SBUF_INIT;
	sbuf_puts(&sb, "---\na: &a [");
	for (int i = 0; i < 99; i++)
		sbuf_puts(&sb, i ? ", x" : "x");
	sbuf_puts(&sb, "]\n");
	/* 102 + 98 * 101 = 10000 exactly: accepted */
	for (int i = 0; i < 98; i++)
		sbuf_putf(&sb, "k%d: *a\n", i);
	sbuf_puts(&sb, "---\n");
	assert_int_equal(parse(f, sb.data), 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_int_equal(f->doc.root->n, 99);

	sbuf_reset(&sb);
	sbuf_puts(&sb, "---\na: &a [");
	for (int i = 0; i < 99; i++)
		sbuf_puts(&sb, i ? ", x" : "x");
	sbuf_puts(&sb, "]\n");
	for (int i = 0; i < 99; i++)
		sbuf_putf(&sb, "k%d: *a\n", i);
	sbuf_puts(&sb, "---\n");
	assert_int_equal(parse(f, sb.data), -1);
	/* the key of the 99th alias line is node 10001 */
	assert_diag(f, 101, 1, "yaml-limit",
		    "too many YAML nodes after expanding aliases "
		    "(limit 10000)");
	sbuf_release(&sb);
}

/* "---\na: " then levels '[' and as many ']' */
static void
nested(struct sbuf *sb, int levels)
{
	sbuf_reset(sb);
	sbuf_puts(sb, "---\na: ");
	for (int i = 0; i < levels; i++)
		sbuf_putc(sb, '[');
	for (int i = 0; i < levels; i++)
		sbuf_putc(sb, ']');
	sbuf_puts(sb, "\n---\n");
}

static void
test_fm_depth_limit(void **state)
{
	struct fixture *f = *state;
	struct sbuf sb = SBUF_INIT;

	/* the root mapping is level 1, so 31 lists fit */
	nested(&sb, FM_MAX_DEPTH - 1);
	assert_int_equal(parse(f, sb.data), 0);
	assert_int_equal(f->core.diags.n, 0);

	nested(&sb, 1000);
	assert_int_equal(parse(f, sb.data), -1);
	/* the 32nd '[' opens level 33; it sits at column 4 + 31 */
	assert_diag(f, 2, 35, "yaml-limit", "nesting deeper than 32 levels");
	sbuf_release(&sb);
}

static void
test_fm_alias_depth_limit(void **state)
{
	struct fixture *f = *state;
	struct sbuf sb = SBUF_INIT;
	/* a: 20 levels below the root (levels 2..21); b nests it at 13
	 * more levels (2..14) so *a would reach 14 + 20 = 34 */
	sbuf_puts(&sb, "---\na: &a ");
	for (int i = 0; i < 20; i++)
		sbuf_putc(&sb, '[');
	for (int i = 0; i < 20; i++)
		sbuf_putc(&sb, ']');
	sbuf_puts(&sb, "\nb: ");
	for (int i = 0; i < 13; i++)
		sbuf_putc(&sb, '[');
	sbuf_puts(&sb, "*a");
	for (int i = 0; i < 13; i++)
		sbuf_putc(&sb, ']');
	sbuf_puts(&sb, "\n---\n");
	assert_int_equal(parse(f, sb.data), -1);
	assert_diag(f, 3, 17, "yaml-limit",
		    "alias \"*a\" nests deeper than 32 levels when expanded");
	sbuf_release(&sb);
}

static void
test_fm_duplicate_key(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\nname: A\nstars: 4\nname: B\n---\n"),
			 -1);
	assert_diag(f, 4, 1, "yaml-dup", "duplicate key \"name\" (first at line 2)");
}

static void
test_fm_duplicate_key_quoted_and_in_flow(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\ngeo: { lat: 1, \"lat\": 2 }\n---\n"),
			 -1);
	assert_diag(f, 2, 16, "yaml-dup", "duplicate key \"lat\" (first at line 2)");
}

static void
test_fm_same_key_in_different_maps_is_fine(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\na: { name: 1 }\nb: { name: 2 }\n---\n"),
			 0);
	assert_int_equal(f->core.diags.n, 0);
}

static void
test_fm_collection_key_rejected(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\n? [a, b]\n: 1\n---\n"), -1);
	assert_diag(f, 2, 3, "yaml", "a key must be a single value, not a list");
	assert_non_null(f->core.diags.v[0].hint);
}

static void
test_fm_invalid_utf8_exact_position(void **state)
{
	struct fixture *f = *state;
	/* "tên: Bưởi " is 10 code points, 14 bytes; the file offset adds
	 * "---\n" and "a: 1\n" */
	assert_int_equal(parse(f, "---\na: 1\ntên: Bưởi \xC3\x28\n---\n"), -1);
	assert_diag(f, 3, 11, "utf8", "invalid UTF-8 at byte 23");
	assert_string_equal(f->core.diags.v[0].hint,
			    "save the file with UTF-8 encoding");
}

static void
test_fm_invalid_utf8_in_body(void **state)
{
	struct fixture *f = *state;
	/* overlong '/' in the body: the whole file is checked */
	assert_int_equal(parse(f, "---\na: 1\n---\nok\nxy\xC0\xAF\n"), -1);
	assert_diag(f, 5, 3, "utf8", "invalid UTF-8 at byte 18");
}

static void
test_fm_surrogate_rejected(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "a\xED\xA0\x80"), -1);
	assert_diag(f, 1, 2, "utf8", "invalid UTF-8 at byte 1");
}

static void
test_fm_nul_byte(void **state)
{
	struct fixture *f = *state;
	static const char s[] = "---\na: b\0c\n---\n";
	assert_int_equal(parse_n(f, s, sizeof(s) - 1), -1);
	assert_diag(f, 2, 5, "utf8", "NUL byte at byte 8");
}

static void
test_fm_nul_escape_rejected(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\na: \"x\\0y\"\n---\n"), -1);
	assert_diag(f, 2, 4, "yaml",
		    "text contains a NUL character (an escape such as \\0)");
}

static void
test_fm_bom_skipped(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "\xEF\xBB\xBF---\na: 1\n---\nbody"), 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_scalar(f->doc.root, "a", "1", 2, 4);
	assert_int_equal(f->doc.body_line, 4);
	/* offsets in messages still count the BOM */
	assert_int_equal(parse(f, "\xEF\xBB\xBF---\na: \xFF\n---\n"), -1);
	assert_diag(f, 2, 4, "utf8", "invalid UTF-8 at byte 10");
}

static void
test_fm_unclosed_front_matter(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\nname: X\nstars: 4\n"), -1);
	assert_diag(f, 1, 1, "front-matter", "front matter is not closed: add "
		    "a line with --- after it");
	assert_null(f->doc.root);
}

static void
test_fm_only_opening_fence(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---"), -1);
	assert_diag(f, 1, 1, "front-matter", "front matter is not closed: add "
		    "a line with --- after it");
}

static void
test_fm_syntax_error_position_and_message(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\nname: X\nsummary: Bưởi: ngon\n---\n"),
			 -1);
	assert_diag(f, 3, 14, "yaml",
		    "yaml: mapping values are not allowed in this context");
	assert_non_null(f->core.diags.v[0].hint);
}

static void
test_fm_unterminated_quote(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\na: 1\nb: \"abc\nc: 2\n---\nbody\n"),
			 -1);
	/* libyaml stops at the end of the head: the closing line */
	assert_diag(f, 5, 1, "yaml",
		    "yaml: found unexpected end of stream (while scanning a "
		    "quoted scalar at line 3, column 4)");
}

static void
test_fm_bad_indentation(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\nlocation:\n  province: A\n commune: B\n---\n"),
			 -1);
	assert_diag(f, 4, 2, "yaml",
		    "yaml: did not find expected key (while parsing a block "
		    "mapping at line 2, column 1)");
}

/*
 * Every row of yaml_error()'s table, libyaml's last resort with and
 * without a context, and the reader's control character: the message,
 * the hint and the position, and a Vietnamese text for both (msg.c is
 * keyed by the English format, so a changed format loses it).
 */
static void
test_fm_yaml_error_messages(void **state)
{
	static const char HINT_TABS[] = "indent with spaces, not tabs";
	static const char HINT_ESCAPE[] = "inside double quotes a backslash starts an escape: write \\\\ for \\, or use single quotes";
	static const char HINT_ANY[] = "compare this line and the one above it with a correct entry: look for a missing colon, a wrong indentation or a value to put in quotes";
	static const struct {
		const char *in;
		unsigned line, col;
		const char *msg, *hint;
	} cases[] = {
		{ "---\na:\n\tb: 1\n---\n", 3, 1,
		  "yaml: a tab is used to indent this line", HINT_TABS },
		{ "---\nname: X\nsummary: Bưởi: ngon\n---\n", 3, 14,
		  "yaml: mapping values are not allowed in this context",
		  "put a value that contains \": \" in quotes, as in name: \"Trà: loại đặc biệt\"; a field starts in the same column as the fields above it" },
		{ "---\na: @x\n---\n", 2, 4,
		  "yaml: found character that cannot start any token (while scanning for the next token at line 2, column 4)",
		  "indent with spaces, not tabs, and quote values that start with @, ` or %" },
		{ "---\na: b\n\tc\n---\n", 3, 1,
		  "yaml: found a tab character that violates indentation (while scanning a plain scalar at line 2, column 4)",
		  HINT_TABS },
		{ "---\nlocation:\n  province: A\n commune: B\n---\n", 4, 2,
		  "yaml: did not find expected key (while parsing a block mapping at line 2, column 1)",
		  "check the indentation: fields of one mapping start in the same column" },
		{ "---\na:\n  - x\n  y: 1\n---\n", 4, 3,
		  "yaml: did not find expected '-' indicator (while parsing a block collection at line 3, column 3)",
		  "start every item of the list with \"- \" in the same column, or end the list before this line" },
		{ "---\na: [x, y\n---\n", 3, 1,
		  "yaml: did not find expected ',' or ']' (while parsing a flow sequence at line 2, column 4)",
		  "close the list with ] on the same line, and put an item that contains a comma or a colon in quotes" },
		{ "---\na: {x: 1\n---\n", 3, 1,
		  "yaml: did not find expected ',' or '}' (while parsing a flow mapping at line 2, column 4)",
		  "close the { with } on the same line, and put a value that contains a comma in quotes" },
		{ "---\na: 'x\n---\n", 3, 1,
		  "yaml: found unexpected end of stream (while scanning a quoted scalar at line 2, column 4)",
		  "the quote that opens there is never closed: add the closing quote at the end of the value" },
		{ "---\na: 1\nb\nc: 2\n---\n", 4, 1,
		  "yaml: could not find expected ':' (while scanning a simple key at line 3, column 1)",
		  "write each field as \"name: value\"; a value that goes on over several lines must be in quotes" },
		{ "---\na: ]\n---\n", 2, 4,
		  "yaml: did not find expected node content (while parsing a block node at line 2, column 4)",
		  "a value cannot start with ], } or a comma: put it in quotes" },
		{ "---\na: - x\n---\n", 2, 4,
		  "yaml: block sequence entries are not allowed in this context",
		  "put the items of a list on the lines below its field, each starting with \"- \", or write [a, b]" },
		{ "---\na: & x\n---\n", 2, 5,
		  "yaml: did not find expected alphabetic or numeric character (while scanning an anchor at line 2, column 4)",
		  "put a value that starts with & in quotes" },
		{ "---\na: *\n---\n", 2, 5,
		  "yaml: did not find expected alphabetic or numeric character (while scanning an alias at line 2, column 4)",
		  "put a value that starts with * in quotes" },
		{ "---\na: \"\\q\"\n---\n", 2, 5,
		  "yaml: found unknown escape character (while parsing a quoted scalar at line 2, column 4)",
		  HINT_ESCAPE },
		{ "---\na: \"\\xZZ\"\n---\n", 2, 7,
		  "yaml: did not find expected hexdecimal number (while parsing a quoted scalar at line 2, column 4)",
		  HINT_ESCAPE },
		/* no row: libyaml's words, with and without a context */
		{ "---\na: !<x\n---\n", 2, 7,
		  "yaml: did not find the expected '>' (while scanning a tag at line 2, column 4)",
		  HINT_ANY },
		{ "---\n%YAML 1.1\n---\n", 3, 1,
		  "yaml: did not find expected <document start>", HINT_ANY },
		/* the reader, before the table */
		{ "---\na: ab\x07\n---\n", 2, 6,
		  "yaml: control characters are not allowed (found U+0007)",
		  "delete the invisible character here: retype the text around it" },
	};
	struct fixture *f = *state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct diag_list *dl = &f->core.diags;
		assert_int_equal(parse(f, cases[i].in), -1);
		fixture_assert_only_diag(dl, DIAG_ERROR, "p.md", cases[i].line,
					 cases[i].col, "yaml", cases[i].msg,
					 cases[i].hint);
		const struct diag *d = &dl->v[0];
		assert_string_not_equal(diag_msg(d, msg_lang_find("vi")), d->msg);
		assert_string_not_equal(diag_hint_text(d, msg_lang_find("vi")), d->hint);
		diag_list_release(dl);
		*dl = (struct diag_list)DIAG_LIST_INIT;
	}
}

static void
test_fm_control_character(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\na: ạb\x07\n---\n"), -1);
	assert_diag(f, 2, 6, "yaml",
		    "yaml: control characters are not allowed (found U+0007)");
}

static void
test_fm_crlf_line_ends(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\r\nname: X\r\nstars: 6\r\n---\r\nBody\r\n"),
			 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_scalar(f->doc.root, "name", "X", 2, 7);
	assert_scalar(f->doc.root, "stars", "6", 3, 8);
	assert_int_equal(f->doc.body_line, 5);
	assert_int_equal(f->doc.body.len, 6);
	assert_memory_equal(f->doc.body.p, "Body\r\n", 6);
}

static void
test_fm_crlf_error_position(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\r\na: 1\r\na: 2\r\n---\r\n"), -1);
	assert_diag(f, 3, 1, "yaml-dup", "duplicate key \"a\" (first at line 2)");
}

static void
test_fm_lone_cr_counts_no_line(void **state)
{
	struct fixture *f = *state;
	/* libyaml breaks lines at a lone '\r'; positions count '\n' only,
	 * as every other diag does */
	assert_int_equal(parse(f, "---\na: 1\rb: 2\n---\n"), 0);
	assert_scalar(f->doc.root, "b", "2", 2, 9);
}

static void
test_fm_unicode_line_breaks_count_no_line(void **state)
{
	struct fixture *f = *state;
	/* U+0085 and U+2028 break lines for libyaml, not for us */
	assert_int_equal(parse(f, "---\na: 1\xC2\x85" "b: 2\xE2\x80\xA8" "c: 3\n---\n"),
			 0);
	assert_scalar(f->doc.root, "b", "2", 2, 9);
	assert_scalar(f->doc.root, "c", "3", 2, 14);
}

static void
test_fm_bom_inside_head_is_a_character(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\n\xEF\xBB\xBF" "a: 1\nb: 2\n---\n"), 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_pos(f->doc.root->pairs[0].key, 2, 2);
	assert_scalar(f->doc.root, "a", "1", 2, 5);
	assert_scalar(f->doc.root, "b", "2", 3, 4);
}

static void
test_fm_get_on_non_maps(void **state)
{
	struct fixture *f = *state;
	assert_null(fm_get(NULL, "a"));
	assert_int_equal(parse(f, "---\nlist: [a]\n---\n"), 0);
	assert_null(fm_get(fm_get(f->doc.root, "list"), "a"));
	assert_null(fm_get(f->doc.root, ""));
}

static void
test_fm_head_must_be_mapping(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\n- a\n- b\n---\n"), -1);
	assert_diag(f, 2, 1, "front-matter",
		    "front matter must be a mapping of fields, found a list");
	diag_list_release(&f->core.diags);
	assert_int_equal(parse(f, "---\njust text\n---\n"), -1);
	assert_diag(f, 2, 1, "front-matter", "front matter must be a mapping "
		    "of fields, found a single value");
}

static void
test_fm_multiple_documents(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse(f, "---\na: 1\n--- x\n---\n"), -1);
	assert_diag(f, 3, 1, "yaml",
		    "front matter holds more than one YAML document");
}

static void
test_fm_too_large(void **state)
{
	struct fixture *f = *state;
	size_t n = (size_t)FM_MAX_BYTES + 1;
	char *big = malloc(n);
	assert_non_null(big);
	memset(big, 'a', n);
	assert_int_equal(parse_n(f, big, n), -1);
	assert_diag(f, 0, 0, "size", "file is larger than 1 MiB (1048577 bytes)");
	free(big);
}

static void
test_fm_parse_yaml_any_root(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse_yaml(f, "title: Sản phẩm OCOP\nlanguages: [vi, en]\n"),
			 0);
	assert_int_equal(f->yaml->kind, FM_MAP);
	assert_scalar(f->yaml, "title", "Sản phẩm OCOP", 1, 8);
	assert_pos(fm_get(f->yaml, "languages")->items[1], 2, 17);
	assert_int_equal(parse_yaml(f, "- a\n- b\n"), 0);
	assert_int_equal(f->yaml->kind, FM_SEQ);
	assert_int_equal(f->yaml->n, 2);
	assert_int_equal(parse_yaml(f, "'just text'"), 0);
	assert_int_equal(f->yaml->kind, FM_SCALAR);
	assert_int_equal(f->core.diags.n, 0);
}

static void
test_fm_parse_yaml_empty(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse_yaml(f, ""), 0);
	assert_null(f->yaml);
	assert_int_equal(parse_yaml(f, "# only a comment\n"), 0);
	assert_null(f->yaml);
	assert_int_equal(parse_yaml(f, "---\n"), 0);
	assert_null(f->yaml);
	assert_int_equal(fm_parse_yaml(&f->yaml, "x", (struct span){ NULL, 0 },
				       &f->core.arena, &f->core.diags), 0);
	assert_null(f->yaml);
	assert_int_equal(f->core.diags.n, 0);
}

static void
test_fm_parse_yaml_errors(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(parse_yaml(f, "a: 1\n---\nb: 2\n"), -1);
	assert_diag(f, 2, 1, "yaml", "file holds more than one YAML document");
	assert_null(f->yaml);
	diag_list_release(&f->core.diags);
	assert_int_equal(parse_yaml(f, "a: [1, 2\n"), -1);
	assert_diag(f, 2, 1, "yaml",
		    "yaml: did not find expected ',' or ']' (while parsing a "
		    "flow sequence at line 1, column 4)");
	assert_string_equal(f->core.diags.v[0].at.path, "site.yaml");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_fm_splits_head_and_body),
		T(test_fm_body_empty_at_end_of_file),
		T(test_fm_no_front_matter),
		T(test_fm_fence_must_be_exact),
		T(test_fm_fences_allow_trailing_space_and_dots),
		T(test_fm_empty_head_is_empty_map),
		T(test_fm_value_positions),
		T(test_fm_nested_maps_and_lists),
		T(test_fm_flow_mapping),
		T(test_fm_vietnamese_columns_count_code_points),
		T(test_fm_quoted_and_plain_scalars),
		T(test_fm_anchors_and_aliases_share_nodes),
		T(test_fm_unknown_alias),
		T(test_fm_recursive_alias_rejected),
		T(test_fm_alias_bomb_rejected_fast),
		T(test_fm_alias_count_limit_is_exact),
		T(test_fm_depth_limit),
		T(test_fm_alias_depth_limit),
		T(test_fm_duplicate_key),
		T(test_fm_duplicate_key_quoted_and_in_flow),
		T(test_fm_same_key_in_different_maps_is_fine),
		T(test_fm_collection_key_rejected),
		T(test_fm_invalid_utf8_exact_position),
		T(test_fm_invalid_utf8_in_body),
		T(test_fm_surrogate_rejected),
		T(test_fm_nul_byte),
		T(test_fm_nul_escape_rejected),
		T(test_fm_bom_skipped),
		T(test_fm_unclosed_front_matter),
		T(test_fm_only_opening_fence),
		T(test_fm_syntax_error_position_and_message),
		T(test_fm_unterminated_quote),
		T(test_fm_bad_indentation),
		T(test_fm_control_character),
		T(test_fm_yaml_error_messages),
		T(test_fm_crlf_line_ends),
		T(test_fm_crlf_error_position),
		T(test_fm_lone_cr_counts_no_line),
		T(test_fm_unicode_line_breaks_count_no_line),
		T(test_fm_bom_inside_head_is_a_character),
		T(test_fm_get_on_non_maps),
		T(test_fm_head_must_be_mapping),
		T(test_fm_multiple_documents),
		T(test_fm_too_large),
		T(test_fm_parse_yaml_any_root),
		T(test_fm_parse_yaml_empty),
		T(test_fm_parse_yaml_errors),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
