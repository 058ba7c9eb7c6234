/*
 * test_tpl.c - unit tests for the Mustache engine (render/tpl.c).
 *
 * Each test gets a fresh arena, diag list, output buffer and env whose
 * loader serves the templates the test installs with use().  The whole
 * spec is run by test_mustache_spec.c; these tests cover what ocop relies
 * on: escaping, sections, partials, layouts, pieces, diags and limits.
 * escape_html() itself is tested in test_escape.c, and the view data
 * values in test_val.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "render/tpl.h"
#include "render/val.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/sbuf.h"
#include "util/banned.h"

struct tmpl {
	const char *name, *path, *src;
};

struct fixture {
	struct arena a;
	struct diag_list dl;
	struct sbuf out;
	struct tpl_env *env;
	const struct tmpl *tmpls;
	size_t ntmpls;
	unsigned loads;          /* calls to the loader, found or not,
				    render()'s texts left out */
	const char *text;        /* render()'s latest text */
	unsigned texts;          /* render()'s calls */
};

static int
load(void *payload, const char *name, struct span *src, const char **path)
{
	struct fixture *f = payload;
	if (!strncmp(name, "(text ", 6)) {
		*src = span_from(f->text);
		*path = "test.mustache";
		return 0;
	}
	f->loads++;
	for (size_t i = 0; i < f->ntmpls; i++)
		if (strcmp(f->tmpls[i].name, name) == 0) {
			*src = span_from(f->tmpls[i].src);
			*path = f->tmpls[i].path;
			return 0;
		}
	return -1;
}

static int
setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));
	f->a = (struct arena)ARENA_INIT;
	f->dl = (struct diag_list)DIAG_LIST_INIT;
	sbuf_init(&f->out);
	f->env = tpl_env_new(load, f, &f->dl);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	tpl_env_free(f->env);
	sbuf_release(&f->out);
	diag_list_release(&f->dl);
	arena_release(&f->a);
	test_free(f);
	return 0;
}

#define use(f, list) ((f)->tmpls = (list), \
		      (f)->ntmpls = sizeof(list) / sizeof((list)[0]))

/* Renders text (named "test.mustache" in diags) into f->out.  The
 * loader serves it under a new name each time: the env keeps every
 * template it has parsed by name. */
static int
render(struct fixture *f, const char *text, const struct val *ctx)
{
	char name[32];
	snprintf(name, sizeof(name), "(text %u)", f->texts++);
	f->text = text;
	sbuf_reset(&f->out);
	return tpl_render(f->env, name, ctx, &f->out);
}

static int
render_named(struct fixture *f, const char *name, const struct val *ctx)
{
	sbuf_reset(&f->out);
	return tpl_render(f->env, name, ctx, &f->out);
}

static void
assert_diag(const struct fixture *f, size_t i, const char *path,
	    unsigned line, unsigned col, const char *msg)
{
	assert_true(i < f->dl.n);
	const struct diag *d = &f->dl.v[i];
	assert_int_equal(d->level, DIAG_ERROR);
	assert_string_equal(d->code, "template");
	if (path)
		assert_string_equal(d->at.path, path);
	else
		assert_null(d->at.path);
	assert_int_equal(d->at.line, line);
	assert_int_equal(d->at.col, col);
	assert_string_equal(d->msg, msg);
}

/* A product as the view data has it. */
static struct val *
product(struct arena *a)
{
	struct val *p = val_map(a);
	val_set_str(a, p, "name", "Bưởi Phúc Trạch");
	val_set_num(a, p, "stars", 4);
	val_set_str(a, p, "url", "products/buoi-phuc-trach/");
	return p;
}

static void
test_tpl_escapes_html(void **state)
{
	struct fixture *f = *state;
	struct val *m = val_map(&f->a);
	val_set_str(&f->a, m, "x", "<a href=\"/\">Tom & Jerry's</a>");

	assert_int_equal(render(f, "{{x}}|{{{x}}}|{{&x}}", m), 0);
	assert_string_equal(f->out.data,
		"&lt;a href=&quot;/&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;|"
		"<a href=\"/\">Tom & Jerry's</a>|"
		"<a href=\"/\">Tom & Jerry's</a>");
	assert_int_equal(f->dl.n, 0);
}

static void
test_tpl_interpolates_scalars(void **state)
{
	struct fixture *f = *state;
	struct val *m = val_map(&f->a);
	val_set_num(&f->a, m, "int", 85);
	val_set_num(&f->a, m, "dec", 1.210);
	val_set_num(&f->a, m, "neg", -3);
	val_set_num(&f->a, m, "tenth", 0.1);
	val_set_num(&f->a, m, "big", 45000);
	val_set_bool(&f->a, m, "yes", true);
	val_set(&f->a, m, "nil", val_null(&f->a));

	assert_int_equal(render(f, "{{int}} {{dec}} {{neg}} {{tenth}} {{big}} "
				"[{{yes}}] [{{nil}}] [{{missing}}]", m), 0);
	assert_string_equal(f->out.data,
			    "85 1.21 -3 0.1 45000 [true] [] []");
}

static void
test_tpl_section_iterates_list(void **state)
{
	struct fixture *f = *state;
	struct val *m = val_map(&f->a);
	struct val *items = val_list(&f->a);
	val_set(&f->a, m, "items", items);
	val_push(&f->a, items, product(&f->a));
	struct val *p2 = val_map(&f->a);
	val_push(&f->a, items, p2);
	val_set_str(&f->a, p2, "name", "Kẹo cu đơ");
	val_set_num(&f->a, p2, "stars", 3);
	struct val *tags = val_list(&f->a);
	val_set(&f->a, m, "tags", tags);
	val_push(&f->a, tags, val_str(&f->a, "bưởi"));
	val_push(&f->a, tags, val_str(&f->a, "<đặc sản>"));

	assert_int_equal(render(f,
		"<ul>\n"
		"{{#items}}\n"
		"  <li>{{name}} ({{stars}} sao)</li>\n"
		"{{/items}}\n"
		"</ul>\n"
		"{{#tags}}[{{.}}]{{/tags}}\n", m), 0);
	assert_string_equal(f->out.data,
		"<ul>\n"
		"  <li>Bưởi Phúc Trạch (4 sao)</li>\n"
		"  <li>Kẹo cu đơ (3 sao)</li>\n"
		"</ul>\n"
		"[bưởi][&lt;đặc sản&gt;]\n");
}

static void
test_tpl_section_pushes_map(void **state)
{
	struct fixture *f = *state;
	struct val *m = val_map(&f->a);
	val_set_str(&f->a, m, "base", "../");
	struct val *p = product(&f->a);
	val_set(&f->a, m, "product", p);
	struct val *g = val_map(&f->a);
	val_set(&f->a, p, "group", g);
	val_set_str(&f->a, g, "name", "Thực phẩm");

	/* names inside resolve in the map first, then outwards; dotted
	 * names work at any level */
	assert_int_equal(render(f, "{{#product}}<a href=\"{{base}}{{url}}\">"
				"{{name}}</a> – {{group.name}}{{/product}} "
				"{{product.group.name}}", m), 0);
	assert_string_equal(f->out.data,
		"<a href=\"../products/buoi-phuc-trach/\">Bưởi Phúc Trạch</a>"
		" – Thực phẩm Thực phẩm");
}

static void
test_tpl_dotted_name_broken_chain(void **state)
{
	struct fixture *f = *state;
	struct val *m = val_map(&f->a);
	val_set_str(&f->a, m, "name", "outer");
	val_set(&f->a, m, "cover", val_map(&f->a));

	/* cover has no name: cover.name must not fall back to outer name */
	assert_int_equal(render(f, "[{{cover.name}}]", m), 0);
	assert_string_equal(f->out.data, "[]");
}

static void
test_tpl_inverted_renders_falsey(void **state)
{
	struct fixture *f = *state;
	struct val *m = val_map(&f->a);
	val_set(&f->a, m, "empty", val_list(&f->a));
	val_set_bool(&f->a, m, "no", false);
	val_set_str(&f->a, m, "blank", "");
	val_set(&f->a, m, "nil", val_null(&f->a));
	val_set_num(&f->a, m, "zero", 0);
	val_set_bool(&f->a, m, "yes", true);

	assert_int_equal(render(f, "{{^empty}}a{{/empty}}{{^no}}b{{/no}}"
				"{{^blank}}c{{/blank}}{{^nil}}d{{/nil}}"
				"{{^missing}}e{{/missing}}{{^zero}}X{{/zero}}"
				"{{^yes}}X{{/yes}}{{#zero}}f{{/zero}}"
				"{{#empty}}X{{/empty}}", m), 0);
	assert_string_equal(f->out.data, "abcdef");
}

static void
test_tpl_partial_from_loader(void **state)
{
	struct fixture *f = *state;
	static const struct tmpl list[] = {
		{ "card", "themes/default/templates/card.mustache",
		  "<article>{{name}}: {{>stars}}</article>" },
		{ "stars", "themes/default/templates/stars.mustache",
		  "{{stars}}★" },
	};
	use(f, list);
	struct val *m = val_map(&f->a);
	struct val *items = val_list(&f->a);
	val_set(&f->a, m, "items", items);
	val_push(&f->a, items, product(&f->a));

	assert_int_equal(render(f, "{{#items}}{{>card}}{{/items}}", m), 0);
	assert_string_equal(f->out.data,
			    "<article>Bưởi Phúc Trạch: 4★</article>");
}

static void
test_tpl_partial_indents_lines(void **state)
{
	struct fixture *f = *state;
	static const struct tmpl list[] = {
		{ "box", "box.mustache", "<div>\n  {{{html}}}\n</div>\n" },
	};
	use(f, list);
	struct val *m = val_map(&f->a);
	val_set_str(&f->a, m, "html", "<p>a</p>\n<p>b</p>");

	/* every line of the partial is indented; lines of data are not */
	assert_int_equal(render(f, "<main>\n    {{>box}}\n</main>\n", m), 0);
	assert_string_equal(f->out.data,
		"<main>\n"
		"    <div>\n"
		"      <p>a</p>\n"
		"<p>b</p>\n"
		"    </div>\n"
		"</main>\n");
	/* inline, the partial is inserted as it is */
	assert_int_equal(render(f, "x {{>box}}.", m), 0);
	assert_string_equal(f->out.data,
		"x <div>\n  <p>a</p>\n<p>b</p>\n</div>\n.");
}

static void
test_tpl_standalone_lines_removed(void **state)
{
	struct fixture *f = *state;
	struct val *m = val_map(&f->a);
	val_set_bool(&f->a, m, "yes", true);

	assert_int_equal(render(f,
		"<p>\n"
		"  {{! a comment }}\n"
		"  {{#yes}}\n"
		"  ok\n"
		"  {{/yes}}\r\n"
		"  {{^yes}}\n"
		"  no\n"
		"  {{/yes}}\n"
		"</p>", m), 0);
	assert_string_equal(f->out.data, "<p>\n  ok\n</p>");
}

static void
test_tpl_set_delimiters(void **state)
{
	struct fixture *f = *state;
	struct val *m = val_map(&f->a);
	val_set_str(&f->a, m, "name", "X");

	assert_int_equal(render(f, "{{=<% %>=}}<% name %> {{name}} "
				"<%={{ }}=%>{{name}}", m), 0);
	assert_string_equal(f->out.data, "X {{name}} X");
}

static void
test_tpl_missing_partial_renders_nothing(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(render(f, "[{{>nope}}]", NULL), 0);
	assert_string_equal(f->out.data, "[]");
	assert_int_equal(f->dl.n, 0);
}

static void
test_tpl_unknown_template_fails(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(render_named(f, "nope", NULL), -1);
	assert_int_equal(f->dl.n, 1);
	assert_diag(f, 0, NULL, 0, 0, "unknown template \"nope\"");
}

static void
test_tpl_dynamic_partial(void **state)
{
	struct fixture *f = *state;
	static const struct tmpl list[] = {
		{ "text", "text.mustache", "<p>{{content}}</p>" },
		{ "image", "image.mustache", "<img src=\"{{url}}\">" },
	};
	use(f, list);
	struct val *m = val_map(&f->a);
	struct val *items = val_list(&f->a);
	val_set(&f->a, m, "items", items);
	struct val *i1 = val_map(&f->a);
	val_push(&f->a, items, i1);
	val_set_str(&f->a, i1, "kind", "text");
	val_set_str(&f->a, i1, "content", "Xin chào");
	struct val *i2 = val_map(&f->a);
	val_push(&f->a, items, i2);
	val_set_str(&f->a, i2, "kind", "image");
	val_set_str(&f->a, i2, "url", "a.jpg");
	struct val *i3 = val_map(&f->a);
	val_push(&f->a, items, i3);
	val_set_str(&f->a, i3, "kind", "video");

	assert_int_equal(render(f, "{{#items}}{{>*kind}}{{/items}}", m), 0);
	assert_string_equal(f->out.data, "<p>Xin chào</p><img src=\"a.jpg\">");
}

static const struct tmpl layout_tmpls[] = {
	{ "layout", "themes/default/templates/layout.mustache",
	  "<!DOCTYPE html>\n"
	  "<title>{{$title}}OCOP Hà Tĩnh{{/title}}</title>\n"
	  "<main>\n"
	  "  {{$content}}\n"
	  "  <p>Chưa có nội dung.</p>\n"
	  "  {{/content}}\n"
	  "</main>\n" },
	{ "product", "themes/default/templates/product.mustache",
	  "{{<layout}}\n"
	  "{{$title}}{{name}} – OCOP{{/title}}\n"
	  "{{$content}}\n"
	  "<h1>{{name}}</h1>\n"
	  "<p>{{stars}} sao</p>\n"
	  "{{/content}}\n"
	  "{{/layout}}\n" },
	{ "empty", "themes/default/templates/empty.mustache",
	  "{{<layout}}{{/layout}}\n" },
};

static void
test_tpl_layout_blocks(void **state)
{
	struct fixture *f = *state;
	use(f, layout_tmpls);
	struct val *p = product(&f->a);

	/* the page's blocks replace the layout's, re-indented to where the
	 * layout puts them */
	assert_int_equal(render_named(f, "product", p), 0);
	assert_string_equal(f->out.data,
		"<!DOCTYPE html>\n"
		"<title>Bưởi Phúc Trạch – OCOP</title>\n"
		"<main>\n"
		"  <h1>Bưởi Phúc Trạch</h1>\n"
		"  <p>4 sao</p>\n"
		"</main>\n");
	/* blocks not overridden keep the layout's default */
	assert_int_equal(render_named(f, "empty", p), 0);
	assert_string_equal(f->out.data,
		"<!DOCTYPE html>\n"
		"<title>OCOP Hà Tĩnh</title>\n"
		"<main>\n"
		"  <p>Chưa có nội dung.</p>\n"
		"</main>\n");
	assert_int_equal(f->dl.n, 0);
}

static void
test_tpl_parses_each_template_once(void **state)
{
	struct fixture *f = *state;
	use(f, layout_tmpls);
	struct val *p = product(&f->a);

	for (int i = 0; i < 3; i++) {
		assert_int_equal(render_named(f, "product", p), 0);
		assert_int_equal(render(f, "{{>nope}}{{>nope}}", p), 0);
	}
	/* product, layout and the missing "nope", each asked for once */
	assert_int_equal(f->loads, 3);
}

static void
test_tpl_error_unclosed_section(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(render(f, "<ul>\n  {{#items}}\n  <li>{{name}}</li>\n",
				NULL), -1);
	assert_int_equal(f->dl.n, 1);
	assert_diag(f, 0, "test.mustache", 2, 3, "unclosed section \"items\"");
	assert_string_equal(f->out.data, "");
}

static void
test_tpl_error_mismatched_close(void **state)
{
	struct fixture *f = *state;

	/* columns count code points: "<p>Sản phẩm " is 12 of them */
	assert_int_equal(render(f, "\n<p>Sản phẩm {{#a}}{{#b}}x{{/a}}{{/b}}"
				"</p>", NULL), -1);
	assert_int_equal(f->dl.n, 1);
	assert_diag(f, 0, "test.mustache", 2, 26,
		    "closing tag \"a\" does not match open section \"b\"");
}

static void
test_tpl_error_stray_close(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(render(f, "x\n\tx{{/items}}", NULL), -1);
	assert_diag(f, 0, "test.mustache", 2, 3,
		    "closing tag \"items\" has no open section");
}

static void
test_tpl_error_unclosed_tag(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(render(f, "Giá: {{price\n", NULL), -1);
	assert_diag(f, 0, "test.mustache", 1, 6, "unclosed tag, missing \"}}\"");
	assert_int_equal(render(f, "{{{html}}", NULL), -1);
	assert_diag(f, 1, "test.mustache", 1, 1,
		    "unclosed tag, missing \"}}}\"");
}

static void
test_tpl_error_bad_delimiters(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(render(f, "a\n {{=<% =}}", NULL), -1);
	assert_diag(f, 0, "test.mustache", 2, 2,
		    "invalid delimiters in tag \"{{=<% =}}\"");
}

static void
test_tpl_error_bad_names(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(render(f, "{{#}}", NULL), -1);
	assert_diag(f, 0, "test.mustache", 1, 1,
		    "missing name in tag \"{{#}}\"");
	assert_int_equal(render(f, "ok\n{{# if x }}", NULL), -1);
	assert_diag(f, 1, "test.mustache", 2, 1, "invalid name \"if x\" in tag");
}

static void
test_tpl_error_in_partial_fails_render(void **state)
{
	struct fixture *f = *state;
	static const struct tmpl list[] = {
		{ "card", "themes/x/templates/card.mustache",
		  "<p>{{#name}}{{name}}</p>" },
	};
	use(f, list);
	struct val *p = product(&f->a);

	assert_int_equal(render(f, "a{{>card}}b", p), -1);
	assert_string_equal(f->out.data, "ab");
	assert_int_equal(f->dl.n, 1);
	assert_diag(f, 0, "themes/x/templates/card.mustache", 1, 4,
		    "unclosed section \"name\"");
	/* parsed once: the next render fails without a second diag */
	assert_int_equal(render(f, "{{>card}}", p), -1);
	assert_int_equal(f->dl.n, 1);
}

static void
test_tpl_recursion_capped(void **state)
{
	struct fixture *f = *state;
	static const struct tmpl list[] = {
		{ "node", "node.mustache", "[{{#next}}{{>node}}{{/next}}]" },
	};
	use(f, list);
	/* data that never ends: a map that is its own "next" */
	struct val *m = val_map(&f->a);
	val_set(&f->a, m, "next", m);

	assert_int_equal(render_named(f, "node", m), -1);
	assert_int_equal(f->dl.n, 1);
	assert_diag(f, 0, "node.mustache", 1, 11,
		    "partial \"node\" nested deeper than 100 levels");
	assert_non_null(f->dl.v[0].hint);
	/* the render unwound at once: the page and 100 levels of the
	 * partial opened, none closed */
	assert_int_equal(f->out.len, 101);
}

static void
test_tpl_recursion_capped_when_branching(void **state)
{
	struct fixture *f = *state;
	static const struct tmpl list[] = {
		{ "b", "b.mustache", "{{>b}}{{>b}}" },
	};
	use(f, list);

	/* 2^100 calls if the first hit of the limit did not stop it all */
	assert_int_equal(render_named(f, "b", NULL), -1);
	assert_int_equal(f->dl.n, 1);
	assert_diag(f, 0, "b.mustache", 1, 1,
		    "partial \"b\" nested deeper than 100 levels");
}

static void
test_tpl_block_recursion_capped(void **state)
{
	struct fixture *f = *state;
	static const struct tmpl list[] = {
		{ "layout", "layout.mustache", "{{$a}}{{/a}}" },
		{ "page", "page.mustache", "{{<layout}}{{$a}}<{{$a}}{{/a}}{{/a}}"
		  "{{/layout}}" },
	};
	use(f, list);

	/* the override of "a" contains "a": it expands into itself */
	assert_int_equal(render_named(f, "page", NULL), -1);
	assert_int_equal(f->dl.n, 1);
	assert_diag(f, 0, "page.mustache", 1, 19,
		    "block \"a\" nested deeper than 1000 levels");
}

static void
test_tpl_exponential_partials_stopped(void **state)
{
	struct fixture *f = *state;
	/* p0 includes p1 twice, p1 includes p2 twice...: 2^40 visits */
	static const struct tmpl list[] = {
#define P(i, j) { "p" #i, "p" #i ".mustache", "{{>p" #j "}}{{>p" #j "}}" }
		P(0, 1), P(1, 2), P(2, 3), P(3, 4), P(4, 5), P(5, 6), P(6, 7),
		P(7, 8), P(8, 9), P(9, 10), P(10, 11), P(11, 12), P(12, 13),
		P(13, 14), P(14, 15), P(15, 16), P(16, 17), P(17, 18),
		P(18, 19), P(19, 20), P(20, 21), P(21, 22), P(22, 23),
		P(23, 24), P(24, 25), P(25, 26), P(26, 27), P(27, 28),
		P(28, 29), P(29, 30), P(30, 31), P(31, 32), P(32, 33),
		P(33, 34), P(34, 35), P(35, 36), P(36, 37), P(37, 38),
		P(38, 39), P(39, 40),
#undef P
		{ "p40", "p40.mustache", "x" },
	};
	use(f, list);

	assert_int_equal(render_named(f, "p0", NULL), -1);
	assert_int_equal(f->dl.n, 1);
	assert_string_equal(f->dl.v[0].msg,
			    "rendering took more than 50000000 steps");
}

/* A template reads a key of a large map like any other. */
static void
test_tpl_renders_from_a_large_map(void **state)
{
	struct fixture *f = *state;
	struct val *m = val_map(&f->a);
	for (int i = 0; i < 200; i++)
		val_set_str(&f->a, m, arena_printf(&f->a, "s%d", i),
			    arena_printf(&f->a, "<%d>", i));
	assert_int_equal(render(f, "{{s0}} {{s199}} {{s77}}{{s200}}", m), 0);
	assert_string_equal(f->out.data, "&lt;0&gt; &lt;199&gt; &lt;77&gt;");
}


/* ---- pieces ------------------------------------------------------ */

static const struct tmpl piece_tmpls[] = {
	{ "list", "list.mustache",
	  "<ul>{{#items}}<li>{{>card}}</li>{{/items}}</ul>" },
	{ "card", "card.mustache",
	  "<a href=\"{{root}}{{url}}\">{{name}}</a>{{#new}} {{t.new}}{{/new}}"
	  "{{#flag}}!{{/flag}}" },
	{ "layout", "layout.mustache", "<main>{{$content}}{{/content}}</main>" },
	{ "page", "page.mustache",
	  "{{<layout}}{{$content}}{{#items}}{{>block-card}}{{/items}}"
	  "{{/content}}{{$name}}X{{/name}}{{/layout}}" },
	{ "block-card", "block-card.mustache", "[{{$name}}{{name}}{{/name}}]" },
};

/* Renders template name with pieces of "card" (or piece) for every item
 * of data's list "items", rendered with outer around them; returns the
 * number pasted. */
static size_t
render_with_pieces(struct fixture *f, const char *name, const char *piece,
		   const struct val *data, const struct val *outer)
{
	for (size_t i = 0; i < f->ntmpls; i++)
		assert_int_equal(tpl_compile(f->env, f->tmpls[i].name), 0);
	tpl_freeze(f->env);
	struct tpl_pieces *ps = tpl_pieces_new();
	const struct val *items = val_get(data, "items");
	for (size_t i = 0; i < items->n; i++)
		tpl_pieces_add(ps, tpl_piece_render(f->env, piece, outer,
						    items->items[i], &f->a));
	assert_int_equal(tpl_pieces_count(ps), items->n);
	size_t pasted = 0;
	sbuf_reset(&f->out);
	assert_int_equal(tpl_render_pieces(f->env, name, data, ps, &pasted,
					   &f->out, &f->dl), 0);
	tpl_pieces_free(ps);
	return pasted;
}

/* flag: whether each card has flag: false. */
static struct val *
piece_data(struct arena *a, const char *root, bool flag)
{
	struct val *d = val_map(a);
	val_set_str(a, d, "root", root);
	struct val *t = val_map(a);
	val_set(a, d, "t", t);
	val_set_str(a, t, "new", "mới");
	struct val *items = val_list(a);
	val_set(a, d, "items", items);
	const char *names[] = { "Bưởi <Phúc Trạch>", "Mật ong" };
	for (int i = 0; i < 2; i++) {
		struct val *c = val_map(a);
		val_push(a, items, c);
		val_set_str(a, c, "name", names[i]);
		val_set_str(a, c, "url", i ? "products/mat-ong/"
					   : "products/buoi/");
		val_set_bool(a, c, "new", i == 1);
		if (flag)
			val_set_bool(a, c, "flag", false);
	}
	return d;
}

static void
test_tpl_piece_prints_the_pages_values(void **state)
{
	struct fixture *f = *state;
	use(f, piece_tmpls);
	struct val *data = piece_data(&f->a, "../../", true);
	/* rendered where root was something else: root is a hole, printed
	 * from the page; t is the same map, so "new" is baked in */
	struct val *outer = val_map(&f->a);
	val_set_str(&f->a, outer, "root", "ROOT/");
	val_set(&f->a, outer, "t", val_get(data, "t"));
	assert_int_equal(render_with_pieces(f, "list", "card", data, outer), 2);
	assert_string_equal(f->out.data,
		"<ul><li><a href=\"../../products/buoi/\">Bưởi &lt;Phúc Trạch&gt;</a></li>"
		"<li><a href=\"../../products/mat-ong/\">Mật ong</a> mới</li></ul>");
	assert_int_equal(f->dl.n, 0);
}

static void
test_tpl_piece_not_pasted_where_a_page_value_differs(void **state)
{
	struct fixture *f = *state;
	use(f, piece_tmpls);
	struct val *data = piece_data(&f->a, "./", false);
	/* the cards lack "flag"; the page has flag: true, which a normal
	 * render finds from inside the card */
	val_set_bool(&f->a, data, "flag", true);
	assert_int_equal(render_with_pieces(f, "list", "card", data, NULL), 0);
	assert_string_equal(f->out.data,
		"<ul><li><a href=\"./products/buoi/\">Bưởi &lt;Phúc Trạch&gt;</a>!</li>"
		"<li><a href=\"./products/mat-ong/\">Mật ong</a> mới!</li></ul>");
	/* where the page lacks it too, the pieces are pasted */
	data->n--;
	sbuf_reset(&f->out);
	assert_int_equal(render_with_pieces(f, "list", "card", data, NULL), 2);
	assert_string_equal(f->out.data,
		"<ul><li><a href=\"./products/buoi/\">Bưởi &lt;Phúc Trạch&gt;</a></li>"
		"<li><a href=\"./products/mat-ong/\">Mật ong</a> mới</li></ul>");
}

static void
test_tpl_piece_not_pasted_where_a_parent_overrides(void **state)
{
	struct fixture *f = *state;
	use(f, piece_tmpls);
	struct val *data = piece_data(&f->a, "./", true);
	/* inside the layout the page's "content" block overrides the
	 * partial's own block, which the piece was rendered without */
	assert_int_equal(render_with_pieces(f, "page", "block-card", data,
					    NULL), 0);
	assert_string_equal(f->out.data,
		"<main>[X][X]</main>");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_tpl_escapes_html),
		T(test_tpl_renders_from_a_large_map),
		T(test_tpl_interpolates_scalars),
		T(test_tpl_section_iterates_list),
		T(test_tpl_section_pushes_map),
		T(test_tpl_dotted_name_broken_chain),
		T(test_tpl_inverted_renders_falsey),
		T(test_tpl_partial_from_loader),
		T(test_tpl_partial_indents_lines),
		T(test_tpl_standalone_lines_removed),
		T(test_tpl_set_delimiters),
		T(test_tpl_missing_partial_renders_nothing),
		T(test_tpl_unknown_template_fails),
		T(test_tpl_dynamic_partial),
		T(test_tpl_layout_blocks),
		T(test_tpl_parses_each_template_once),
		T(test_tpl_error_unclosed_section),
		T(test_tpl_error_mismatched_close),
		T(test_tpl_error_stray_close),
		T(test_tpl_error_unclosed_tag),
		T(test_tpl_error_bad_delimiters),
		T(test_tpl_error_bad_names),
		T(test_tpl_error_in_partial_fails_render),
		T(test_tpl_recursion_capped),
		T(test_tpl_recursion_capped_when_branching),
		T(test_tpl_block_recursion_capped),
		T(test_tpl_exponential_partials_stopped),
		T(test_tpl_piece_prints_the_pages_values),
		T(test_tpl_piece_not_pasted_where_a_parent_overrides),
		T(test_tpl_piece_not_pasted_where_a_page_value_differs),
#undef T
	};
	return cmocka_run_group_tests_name("tpl", tests, NULL, NULL);
}
