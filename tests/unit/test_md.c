/*
 * test_md.c - the story of an entry, Markdown to HTML in safe mode.
 *
 * Whatever an entry's story says, the HTML must never carry raw HTML,
 * a <script> element or a javascript:/vbscript:/file:/data: link target.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cmocka.h>

#include "fixture.h"
#include "parse/md.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/banned.h"

struct fixture {
	struct fixture_core core;
};

static int
setup(void **state)
{
	return fixture_setup(state, sizeof(struct fixture));
}

/* Where the test stories start in their pretend file. */
static const struct pos at_body = { "content/pages/p.md", 5, 1 };

static const char *
render(struct fixture *f, const char *md)
{
	const char *html = md_render(&f->core.arena, span_from(md), at_body,
				     &f->core.diags);
	assert_non_null(html);
	fixture_assert_diag_count(&f->core.diags, 0);
	return html;
}

/* Case-insensitive search: "<SCRIPT" is as bad as "<script". */
static int
contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (const char *p = hay; *p; p++)
		if (!strncasecmp(p, needle, n))
			return 1;
	return 0;
}

static void
assert_safe(const char *html)
{
	if (contains_ci(html, "<script") ||
	    contains_ci(html, "href=\"javascript:") ||
	    contains_ci(html, "src=\"javascript:") ||
	    contains_ci(html, "href=\"vbscript:") || contains_ci(html, "onerror=") ||
	    contains_ci(html, "onclick=") || contains_ci(html, "<iframe") ||
	    contains_ci(html, "<img src=\"x\""))
		fail_msg("unsafe HTML: %s", html);
}

static void
test_md_empty_gives_empty_string(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(render(f, ""), "");
	assert_string_equal(md_render(&f->core.arena, (struct span){ NULL, 0 },
					      at_body, &f->core.diags),
			    "");
	/* blank lines only: no paragraph */
	assert_string_equal(render(f, "\n\n  \n"), "");
}

static void
test_md_paragraphs_and_inlines(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(render(f, "Bưởi **Phúc Trạch** ngọt *thanh*.\n"),
			    "<p>Bưởi <strong>Phúc Trạch</strong> ngọt <em>thanh</em>.</p>\n");
	assert_string_equal(render(f, "Một\n\nHai"),
			    "<p>Một</p>\n<p>Hai</p>\n");
	assert_string_equal(render(f, "`mã`"), "<p><code>mã</code></p>\n");
}

static void
test_md_headings_lists_links(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(render(f, "# Câu chuyện\n\n## Vùng trồng\n"),
			    "<h1>Câu chuyện</h1>\n<h2>Vùng trồng</h2>\n");
	assert_string_equal(render(f, "- VietGAP\n- HACCP\n"),
			    "<ul>\n<li>VietGAP</li>\n<li>HACCP</li>\n</ul>\n");
	assert_string_equal(render(f, "1. Hái\n2. Đóng hộp\n"),
			    "<ol>\n<li>Hái</li>\n<li>Đóng hộp</li>\n</ol>\n");
	assert_string_equal(render(f, "[HTX](https://htx.example.vn/a?b=1&c=2)"),
			    "<p><a href=\"https://htx.example.vn/a?b=1&amp;c=2\">HTX</a></p>\n");
	assert_string_equal(render(f, "![Quả bưởi](buoi.jpg \"Bưởi\")"),
			    "<p><img src=\"buoi.jpg\" alt=\"Quả bưởi\" title=\"Bưởi\" /></p>\n");
}

static void
test_md_text_is_escaped(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(render(f, "5 < 6 & \"ngon\""),
			    "<p>5 &lt; 6 &amp; “ngon”</p>\n");
	assert_string_equal(render(f, "    <b>code</b>\n"),
			    "<pre><code>&lt;b&gt;code&lt;/b&gt;\n</code></pre>\n");
}

static void
test_md_raw_html_dropped(void **state)
{
	struct fixture *f = *state;
	const char *html = render(f, "<div class=\"x\">khối</div>\n");
	assert_null(strstr(html, "<div"));
	assert_non_null(strstr(html, "raw HTML omitted"));
	html = render(f, "Chữ <b onclick=\"alert(1)\">đậm</b> đây\n");
	assert_null(strstr(html, "<b"));
	assert_non_null(strstr(html, "đậm"));
	assert_safe(html);
	html = render(f, "<img src=\"x\" onerror=\"alert(1)\">\n");
	assert_safe(html);
	html = render(f, "<iframe src=\"https://evil.example\"></iframe>\n");
	assert_safe(html);
	html = render(f, "a <!-- chú thích --> b\n");
	assert_null(strstr(html, "chú thích"));
}

static void
test_md_script_never_appears(void **state)
{
	struct fixture *f = *state;
	static const char *const inputs[] = {
		"<script>alert(1)</script>\n",
		"<SCRIPT SRC=//evil.example/x.js></SCRIPT>\n",
		"Chữ <script>alert(1)</script> giữa dòng\n",
		"- mục <script>x</script>\n",
		"> <script>alert(1)</script>\n",
		"<scr<script>ipt>alert(1)</script>\n",
		"[x](<javascript:alert(1)>)\n",
	};
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
		assert_safe(render(f, inputs[i]));
	/* as text in code, it is escaped, not dropped */
	const char *html = render(f, "`<script>`\n");
	assert_string_equal(html, "<p><code>&lt;script&gt;</code></p>\n");
}

static void
test_md_dangerous_link_targets_dropped(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(render(f, "[bấm](javascript:alert(1))"),
			    "<p><a href=\"\">bấm</a></p>\n");
	assert_string_equal(render(f, "[bấm](JavaScript:alert(1))"),
			    "<p><a href=\"\">bấm</a></p>\n");
	assert_string_equal(render(f, "[x](vbscript:msgbox)"),
			    "<p><a href=\"\">x</a></p>\n");
	assert_string_equal(render(f, "[x](file:///etc/passwd)"),
			    "<p><a href=\"\">x</a></p>\n");
	assert_string_equal(render(f, "![x](data:text/html;base64,PHNjcmlwdD4=)"),
			    "<p><img src=\"\" alt=\"x\" /></p>\n");
	/* autolinks and reference links too (the text may say it, the
	 * target may not) */
	assert_string_equal(render(f, "<javascript:alert(1)>"),
			    "<p><a href=\"\">javascript:alert(1)</a></p>\n");
	assert_string_equal(render(f, "[x][r]\n\n[r]: javascript:alert(1)\n"),
			    "<p><a href=\"\">x</a></p>\n");
	/* data: images of the image types are harmless and kept */
	assert_non_null(strstr(render(f, "![x](data:image/png;base64,AAAA)"),
			       "data:image/png"));
}

static void
test_md_result_lives_in_arena(void **state)
{
	struct fixture *f = *state;
	size_t before = f->core.arena.total;
	const char *html = render(f, "Câu chuyện dài.\n");
	assert_true(f->core.arena.total > before);
	assert_string_equal(html, "<p>Câu chuyện dài.</p>\n");
	/* only len bytes are read: the span need not end in NUL */
	const char text[] = "**đậm**XXXX";
	html = md_render(&f->core.arena,
			 (struct span){ text, strlen("**đậm**") }, at_body,
			 &f->core.diags);
	assert_string_equal(html, "<p><strong>đậm</strong></p>\n");
}

/* A story picture from another site would load it on every visit
 * (and tell that site who reads the catalog): an error at its place. */
static void
test_md_remote_picture_is_an_error(void **state)
{
	struct fixture *f = *state;
	md_render(&f->core.arena, span_from("Câu đầu.\n\nẢnh: ![bưởi](https://evil.example/t.png)\n"),
		  at_body, &f->core.diags);
	fixture_assert_only_diag(&f->core.diags, DIAG_ERROR, "content/pages/p.md",
				 7, 6, "image",
				 "story picture \"https://evil.example/t.png\" must be a file of the catalog: the catalog loads nothing from other sites",
				 "download the picture, commit it beside the entry and name it under images");
	diag_list_release(&f->core.diags);
	md_render(&f->core.arena, span_from("![x](//evil.example/t.png) ![y](HTTP://e.x/a)\n"),
		  at_body, &f->core.diags);
	fixture_assert_diag_count(&f->core.diags, 2);
	diag_list_release(&f->core.diags);
	/* a picture of the catalog and a link to another site are fine */
	render(f, "![x](anh.jpg) [shop](https://shopee.vn/x) ![y](../a:b.png)\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_md_empty_gives_empty_string),
		T(test_md_remote_picture_is_an_error),
		T(test_md_paragraphs_and_inlines),
		T(test_md_headings_lists_links),
		T(test_md_text_is_escaped),
		T(test_md_raw_html_dropped),
		T(test_md_script_never_appears),
		T(test_md_dangerous_link_targets_dropped),
		T(test_md_result_lives_in_arena),
#undef T
	};
	return cmocka_run_group_tests_name("md", tests, NULL, NULL);
}
