/*
 * chart.c - stars over time as SVG (chart.h).  A fixed 320 × 96 box,
 * scaled by the page: time runs left to right, 5 stars at the top.
 */
#include "chart.h"

#include <string.h>

#include "../util/escape.h"
#include "../util/banned.h"

enum {
	WIDTH = 320, HEIGHT = 96,
	LEFT = 44, RIGHT = 8, TOP = 10, BOTTOM = 22,
};

static double
x_of(long day, long first, long end)
{
	double span = end > first ? (double)(end - first) : 1.0;
	return LEFT + (double)(day - first) / span * (WIDTH - LEFT - RIGHT);
}

static double
y_of(int stars)
{
	return TOP + (double)(5 - stars) * (HEIGHT - TOP - BOTTOM) / 2.0;
}

static void
put_text(struct sbuf *out, const char *s)
{
	escape_html(out, s, strlen(s));
}

void
chart_stars(struct sbuf *out, const struct chart_step *v, size_t n, long end,
	    const char *label, const char *from, const char *to,
	    const char *const levels[3])
{
	long first = v[0].day;
	if (end < v[n - 1].day)
		end = v[n - 1].day;
	sbuf_putf(out, "<svg class=\"stars-chart\" viewBox=\"0 0 %d %d\" "
		  "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"",
		  WIDTH, HEIGHT, WIDTH, HEIGHT);
	put_text(out, label);
	sbuf_puts(out, "\">");
	/* a line and a label for each level */
	for (int s = 5; s >= 3; s--) {
		sbuf_putf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" "
			  "stroke=\"currentColor\" stroke-opacity=\"0.15\"/>",
			  LEFT, WIDTH - RIGHT, y_of(s), y_of(s));
		sbuf_putf(out, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" "
			  "text-anchor=\"end\" dominant-baseline=\"middle\" "
			  "fill=\"currentColor\">", LEFT - 6, y_of(s));
		put_text(out, levels[s - 3]);
		sbuf_puts(out, "</text>");
	}
	/* each step: flat until the next one, then up or down to it */
	for (size_t i = 0; i < n; i++) {
		double x0 = x_of(v[i].day, first, end);
		double x1 = x_of(i + 1 < n ? v[i + 1].day : end, first, end);
		double y = y_of(v[i].stars);
		sbuf_putf(out, "<path d=\"M%.1f %.1fH%.1f", x0, y, x1);
		if (i + 1 < n)
			sbuf_putf(out, "V%.1f", y_of(v[i + 1].stars));
		sbuf_putf(out, "\" fill=\"none\" stroke=\"currentColor\" "
			  "stroke-width=\"3\"%s/>",
			  v[i].revoked ? " stroke-dasharray=\"4 3\" stroke-opacity=\"0.5\"" : "");
		sbuf_putf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" "
			  "fill=\"currentColor\"/>", x0, y);
	}
	sbuf_putf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\" "
		  "fill=\"currentColor\">", LEFT, HEIGHT - 4);
	put_text(out, from);
	sbuf_putf(out, "</text><text x=\"%d\" y=\"%d\" font-size=\"11\" "
		  "text-anchor=\"end\" fill=\"currentColor\">", WIDTH - RIGHT,
		  HEIGHT - 4);
	put_text(out, to);
	sbuf_puts(out, "</text></svg>");
}
