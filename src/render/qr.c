/*
 * qr.c - see qr.h.  libqrencode gives the code as a square of bytes,
 * one per module, dark when bit 0 is set.  The drawing strokes each
 * horizontal run of dark modules as a line one module thick, along the
 * middle of its row: "M4 4.5h7" draws the modules 4 to 10 of row 4,
 * and the pen then moves relatively to the start of the next run
 * ("m2 0h1", "m-10 1h3"), which keeps a code of a hundred-byte URL
 * near 2 KB.  Stroked lines with butt ends cover exactly the modules'
 * squares, and shape-rendering="crispEdges" keeps a renderer from
 * blurring their edges.
 */
#include "qr.h"

#include <qrencode.h>
#include <stdbool.h>
#include <string.h>

#include "../util/escape.h"
#include "../util/banned.h"

/* Appends the path data of the dark modules of code, row by row. */
static void
put_runs(struct sbuf *out, const QRcode *code)
{
	int w = code->width;
	int px = 0, py = 0;         /* the pen, in modules of the code */
	bool first = true;
	for (int y = 0; y < w; y++) {
		const unsigned char *row = code->data + (size_t)y * (size_t)w;
		int x = 0;
		while (x < w) {
			if (!(row[x] & 1)) {
				x++;
				continue;
			}
			int end = x;
			while (end < w && (row[end] & 1))
				end++;
			/* "M4 4.5" first, then "m2 0"; "h7" */
			sbuf_putc(out, first ? 'M' : 'm');
			sbuf_putlong(out, first ? x + QR_QUIET : x - px);
			sbuf_putc(out, ' ');
			sbuf_putlong(out, first ? y + QR_QUIET : y - py);
			if (first)
				sbuf_puts(out, ".5");
			sbuf_putc(out, 'h');
			sbuf_putlong(out, end - x);
			first = false;
			px = end;
			py = y;
			x = end;
		}
	}
}

int
qr_svg(struct sbuf *out, const char *text, int *size_out)
{
	QRcode *code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (!code)
		return -1;
	int size = code->width + 2 * QR_QUIET;
	sbuf_putf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		  "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
		  "<title>", size, size);
	escape_html(out, text, strlen(text));
	sbuf_putf(out, "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		  "<path stroke=\"#000\" d=\"", size, size);
	put_runs(out, code);
	sbuf_puts(out, "\"/></svg>\n");
	QRcode_free(code);
	if (size_out)
		*size_out = size;
	return 0;
}
