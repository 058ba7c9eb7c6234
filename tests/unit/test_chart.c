/*
 * test_chart.c - the stars chart of a history page (render/chart.h):
 * the exact SVG of one step and of two (the grid of 3, 4 and 5 stars,
 * a step line flat to the next day then up or down to it, a dot where
 * each step starts, dashes while revoked); time scaled from the first
 * day to the end, a single day drawn as a point at the left edge, an
 * end before the last step moved up to it; and every text (the
 * accessible name, the levels, the two dates) escaped as HTML, so that
 * no quote, tag or "</script>" of a translation can leave the drawing,
 * while Vietnamese text is copied byte for byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "render/chart.h"
#include "util/sbuf.h"
#include "util/banned.h"

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

static const char *const LEVELS[3] = { "3 sao", "4 sao", "5 sao" };

/* The opening tag with accessible name L (already escaped). */
#define OPEN(L) \
	"<svg class=\"stars-chart\" viewBox=\"0 0 320 96\" width=\"320\" " \
	"height=\"96\" role=\"img\" aria-label=\"" L "\">"

/* The grid line and label of a level at height Y (a "%.1f" text). */
#define LEVEL(Y, T) \
	"<line x1=\"44\" x2=\"312\" y1=\"" Y "\" y2=\"" Y "\" " \
	"stroke=\"currentColor\" stroke-opacity=\"0.15\"/>" \
	"<text x=\"38\" y=\"" Y "\" font-size=\"11\" text-anchor=\"end\" " \
	"dominant-baseline=\"middle\" fill=\"currentColor\">" T "</text>"

/* 5 stars at y 10, 4 at 42, 3 at 74: the plot is 64 high, from 10. */
#define GRID(T3, T4, T5) \
	LEVEL("10.0", T5) LEVEL("42.0", T4) LEVEL("74.0", T3)

#define STROKE "fill=\"none\" stroke=\"currentColor\" stroke-width=\"3\""
#define DASHED " stroke-dasharray=\"4 3\" stroke-opacity=\"0.5\""
#define DOT(X, Y) \
	"<circle cx=\"" X "\" cy=\"" Y "\" r=\"3.5\" fill=\"currentColor\"/>"

#define DATES(FROM, TO) \
	"<text x=\"44\" y=\"92\" font-size=\"11\" fill=\"currentColor\">" \
	FROM "</text><text x=\"312\" y=\"92\" font-size=\"11\" " \
	"text-anchor=\"end\" fill=\"currentColor\">" TO "</text></svg>"

/* One step of 4 stars, from day 100 to day 200: a flat line across the
 * whole width (x 44 to 312) at 4 stars, and its dot at the start. */
static void
test_chart_one_step(void **state)
{
	struct fixture *f = *state;
	const struct chart_step v[] = { { 100, 4, false } };
	chart_stars(&f->out, v, 1, 200, "Số sao", "11/04/1970", "19/07/1970",
		    LEVELS);
	assert_string_equal(f->out.data,
		OPEN("Số sao") GRID("3 sao", "4 sao", "5 sao")
		"<path d=\"M44.0 42.0H312.0\" " STROKE "/>" DOT("44.0", "42.0")
		DATES("11/04/1970", "19/07/1970"));
	assert_int_equal(f->out.len, strlen(f->out.data));
}

/* Three steps over 40 days: 3 stars, up to 5 on day 10 (a quarter of
 * the way), revoked from day 30 at 5 stars, to day 40.  The plot is
 * 268 wide, so a day is 6.7: days 10 and 30 fall at 111.0 and 245.0.
 * Each step goes flat to the next day, then up or down to its stars;
 * the last one ends flat at the end, dashed since it is revoked. */
static void
test_chart_steps_up_down_and_revoked(void **state)
{
	struct fixture *f = *state;
	const struct chart_step v[] = {
		{ 1000, 3, false }, { 1010, 5, false }, { 1030, 4, true },
	};
	chart_stars(&f->out, v, 3, 1040, "x", "a", "b", LEVELS);
	assert_string_equal(f->out.data,
		OPEN("x") GRID("3 sao", "4 sao", "5 sao")
		"<path d=\"M44.0 74.0H111.0V10.0\" " STROKE "/>" DOT("44.0", "74.0")
		"<path d=\"M111.0 10.0H245.0V42.0\" " STROKE "/>" DOT("111.0", "10.0")
		"<path d=\"M245.0 42.0H312.0\" " STROKE DASHED "/>" DOT("245.0", "42.0")
		DATES("a", "b"));
}

/* A revoked step in the middle is dashed, the ones around it are not;
 * a step to the same stars has no vertical part but "V" of its own
 * height (the line stays flat). */
static void
test_chart_only_revoked_steps_are_dashed(void **state)
{
	struct fixture *f = *state;
	const struct chart_step v[] = {
		{ 0, 5, false }, { 1, 5, true }, { 2, 5, false },
	};
	chart_stars(&f->out, v, 3, 4, "x", "a", "b", LEVELS);
	const char *x = f->out.data;
	/* days 0, 1, 2 of 4: x 44, 111, 178 */
	assert_non_null(strstr(x, "<path d=\"M44.0 10.0H111.0V10.0\" " STROKE "/>"));
	assert_non_null(strstr(x, "<path d=\"M111.0 10.0H178.0V10.0\" " STROKE DASHED "/>"));
	assert_non_null(strstr(x, "<path d=\"M178.0 10.0H312.0\" " STROKE "/>"));
	/* one dashed path only */
	const char *d = strstr(x, "stroke-dasharray");
	assert_non_null(d);
	assert_null(strstr(d + 1, "stroke-dasharray"));
}

/* A product added on the build's own day: no span of time, so the step
 * is a point at the left edge (no division by zero, no NaN). */
static void
test_chart_single_day(void **state)
{
	struct fixture *f = *state;
	const struct chart_step v[] = { { 20500, 5, false } };
	chart_stars(&f->out, v, 1, 20500, "x", "d", "d", LEVELS);
	assert_string_equal(f->out.data,
		OPEN("x") GRID("3 sao", "4 sao", "5 sao")
		"<path d=\"M44.0 10.0H44.0\" " STROKE "/>" DOT("44.0", "10.0")
		DATES("d", "d"));
}

/* An end before the last step (a build of the past) is moved up to the
 * last step: it ends at the right edge, never beyond it. */
static void
test_chart_end_before_last_step(void **state)
{
	struct fixture *f = *state;
	const struct chart_step v[] = { { 0, 3, false }, { 10, 4, false } };
	chart_stars(&f->out, v, 2, 5, "x", "a", "b", LEVELS);
	const char *x = f->out.data;
	assert_non_null(strstr(x, "<path d=\"M44.0 74.0H312.0V42.0\" " STROKE "/>"));
	assert_non_null(strstr(x, "<path d=\"M312.0 42.0H312.0\" " STROKE "/>"));
}

/* Every text is escaped as HTML: & < > " ' in the accessible name (an
 * attribute), the levels and the dates (text); a "</script>" stays
 * inert; Vietnamese and a control byte are copied as they are (the
 * catalog's texts are checked as UTF-8 on reading, and the chart is
 * HTML, not XML). */
static void
test_chart_escapes_every_text(void **state)
{
	struct fixture *f = *state;
	const struct chart_step v[] = { { 0, 3, false } };
	const char *const levels[3] = { "<b>3</b>", "4 & \"", "'5'" };
	chart_stars(&f->out, v, 1, 1,
		    "\" onload=\"alert(1)\"></svg><script>x</script>",
		    "Ngày 1 & 2", "</text>\x01", levels);
	const char *x = f->out.data;
	assert_string_equal(x,
		OPEN("&quot; onload=&quot;alert(1)&quot;&gt;&lt;/svg&gt;"
		     "&lt;script&gt;x&lt;/script&gt;")
		GRID("&lt;b&gt;3&lt;/b&gt;", "4 &amp; &quot;", "&#39;5&#39;")
		"<path d=\"M44.0 74.0H312.0\" " STROKE "/>" DOT("44.0", "74.0")
		DATES("Ngày 1 &amp; 2", "&lt;/text&gt;\x01"));
	assert_null(strstr(x, "</script"));
	assert_null(strstr(x, "onload=\""));
}

/* The chart is appended: what the buffer held stays in front. */
static void
test_chart_appends(void **state)
{
	struct fixture *f = *state;
	const struct chart_step v[] = { { 0, 4, false } };
	sbuf_puts(&f->out, "<figure>");
	chart_stars(&f->out, v, 1, 10, "x", "a", "b", LEVELS);
	assert_int_equal(strncmp(f->out.data, "<figure>" OPEN("x"),
				 strlen("<figure>" OPEN("x"))), 0);
	assert_int_equal(strcmp(f->out.data + f->out.len - strlen("</svg>"),
				"</svg>"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_chart_one_step),
		T(test_chart_steps_up_down_and_revoked),
		T(test_chart_only_revoked_steps_are_dashed),
		T(test_chart_single_day),
		T(test_chart_end_before_last_step),
		T(test_chart_escapes_every_text),
		T(test_chart_appends),
#undef T
	};
	return cmocka_run_group_tests_name("chart", tests, NULL, NULL);
}
