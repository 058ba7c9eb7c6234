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
 *
 * Choosing the code's mask is most of libqrencode's work (eight masks
 * drawn and scored), and a code depends only on its text: the modules
 * are kept in the cache (load/cache.h) under the text, so a rebuild
 * encodes only the codes of new addresses.  Every drawing is made from
 * the packed modules, whether just encoded or kept.
 */
#include "qr.h"

#include <qrencode.h>
#include <stdbool.h>
#include <string.h>

#include "../load/cache.h"
#include "../util/escape.h"
#include "../util/banned.h"

/* Whether the module at (x, y) of a code w modules wide is dark: the
 * modules are packed one bit each, row after row, the first in the top
 * bit of the first byte. */
static bool
dark(const unsigned char *bits, int w, int x, int y)
{
	size_t i = (size_t)y * (size_t)w + (size_t)x;
	return bits[i >> 3] & (0x80 >> (i & 7));
}

/* Appends the path data of the dark modules, row by row. */
static void
put_runs(struct sbuf *out, const unsigned char *bits, int w)
{
	int px = 0, py = 0;         /* the pen, in modules of the code */
	bool first = true;
	for (int y = 0; y < w; y++) {
		int x = 0;
		while (x < w) {
			if (!dark(bits, w, x, y)) {
				x++;
				continue;
			}
			int end = x;
			while (end < w && dark(bits, w, end, y))
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

static size_t
packed_len(int w)
{
	return ((size_t)w * (size_t)w + 7) / 8;
}

/* The value kept in the cache: the width, then the packed modules.
 * Returns 0, or -1 when libqrencode cannot make the code. */
static int
encode(struct sbuf *value, const char *text)
{
	QRcode *code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (!code)
		return -1;
	int w = code->width;
	record_put_u32(value, (uint32_t)w);
	size_t at = value->len, n = packed_len(w);
	sbuf_grow(value, n);
	memset(value->data + at, 0, n);
	unsigned char *bits = (unsigned char *)value->data + at;
	for (size_t i = 0; i < (size_t)w * (size_t)w; i++)
		if (code->data[i] & 1)
			bits[i >> 3] |= (unsigned char)(0x80 >> (i & 7));
	value->len += n;
	QRcode_free(code);
	return 0;
}

/* The width and modules of a value from the cache, or NULL when it is
 * not the shape of one (a version 1 to 40 code is 21 to 177 modules
 * wide, in steps of 4). */
static const unsigned char *
decode(struct span value, int *w)
{
	struct record_reader r = { (const unsigned char *)value.p,
				   (const unsigned char *)value.p + value.len,
				   false };
	uint32_t width = record_u32(&r);
	if (r.bad || width < 21 || width > 177 || (width - 21) % 4 ||
	    (size_t)(r.end - r.p) != packed_len((int)width))
		return NULL;
	*w = (int)width;
	return r.p;
}

const char *
qr_settings(void)
{
	/* the library decides which of the valid codes is drawn (the mask) */
	return QRcode_APIVersionString();
}

int
qr_svg(struct sbuf *out, const char *text, struct cache *cache,
       int *size_out)
{
	struct span kept;
	int w = 0;
	const unsigned char *bits = NULL;
	struct sbuf made = SBUF_INIT;
	if (cache && cache_find(cache, CACHE_QR_CODES, text, &kept))
		bits = decode(kept, &w);
	if (!bits) {
		if (encode(&made, text) < 0) {
			sbuf_release(&made);
			return -1;
		}
		bits = decode(sbuf_span(&made), &w);
		if (!bits) {             /* not a code libqrencode makes */
			sbuf_release(&made);
			return -1;
		}
		if (cache)
			cache_add(cache, CACHE_QR_CODES, text, sbuf_span(&made));
	}
	int size = w + 2 * QR_QUIET;
	sbuf_putf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		  "<svg xmlns=\"http://www.w3.org/2000/svg\" "
		  "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">"
		  "<title>", size, size);
	escape_html(out, text, strlen(text));
	sbuf_putf(out, "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		  "<path stroke=\"#000\" d=\"", size, size);
	put_runs(out, bits, w);
	sbuf_puts(out, "\"/></svg>\n");
	sbuf_release(&made);
	if (size_out)
		*size_out = size;
	return 0;
}
