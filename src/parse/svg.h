/*
 * svg.h - the SVG sanitiser.  An SVG image from content/ is a document
 * that a browser runs when it is opened on its own, so it is never
 * published as it was committed: it is parsed with libxml2 and written
 * again from an allowlist of the static drawing subset of SVG.
 *
 * Parsing: no network, no DTD loading, no entity expansion.  A document
 * whose DTD declares an entity (internal, external, parameter or
 * unparsed: billion laughs, SYSTEM "file:///etc/passwd") is refused, and
 * so is one that uses an entity other than the five predefined ones.
 * Other declarations are ignored (no default attribute is added), and
 * the DOCTYPE is never published.  The input must be UTF-8 (an
 * encoding declaration is ignored).  libxml2 prints nothing: its errors
 * are kept in struct svg_result, through the parser context's own
 * handler (no global handler, so this may run in any thread).
 *
 * What is kept (docs/content.md, "SVG images", says the same):
 *   - elements of the SVG namespace only: svg, g, defs, symbol, use,
 *     switch, title, desc, metadata, path, rect, circle, ellipse, line,
 *     polyline, polygon, text, tspan, textPath, linearGradient,
 *     radialGradient, stop, pattern, clipPath, mask, marker, filter,
 *     the fe* filter primitives except feImage, style (below) and
 *     image (below).  Any other element (script, foreignObject, a,
 *     animate, animateMotion, animateTransform, set, feImage, an XHTML
 *     element...) is removed with everything inside it;
 *   - attributes without a namespace from a fixed list (geometry,
 *     presentation attributes, id, class, style, viewBox, transform,
 *     gradient, pattern, clip, mask, marker and filter attributes, role
 *     and aria-*), xml:space and xml:lang.  Every other attribute is
 *     removed, every on* event handler among them;
 *   - href and xlink:href only when the value is a fragment "#id" of
 *     the same document; on <image>, only a data:image/png, jpeg, gif
 *     or webp ;base64 URL, and an <image> without one is removed;
 *   - an attribute value, the style attribute and the text of <style>
 *     only when they contain, in any case: no "javascript:" or
 *     "vbscript:" (white space and control characters ignored), no
 *     "url(" other than url(#id), no "image(", "image-set(", "src(",
 *     "@import" or "expression", no backslash and no "<".  An unsafe
 *     attribute is removed, an unsafe <style> with its text.
 * Comments, processing instructions, the DOCTYPE and the XML
 * declaration are dropped; CDATA sections become text.  Elements and
 * attributes of drawing programs' own namespaces (Inkscape, Sodipodi,
 * Adobe, Sketch, Serif, CorelDRAW, and the RDF, Dublin Core and
 * Creative Commons of <metadata>) and data-* attributes are dropped
 * too: no browser draws them.
 *
 * Output: UTF-8 XML without declaration, the root <svg> declaring the
 * SVG namespace (and the XLink one when an xlink:href is kept), then
 * the kept nodes in order, each text escaped, ending in "\n".  A ':'
 * right after "javascript" in text is written "&#58;", so the bytes
 * never hold "javascript:" nor "<script".  Sanitising the output again
 * gives the same output and removes nothing.
 *
 * Limits: SVG_MAX_BYTES of input, SVG_MAX_ELEMENTS elements and
 * SVG_MAX_DEPTH levels of nesting; the output is at most about six
 * times the input (escapes).
 *
 * xmlInitParser() must have been called once before the first call,
 * from the main thread: main() does it; the unit tests and the fuzz
 * target call it themselves.
 */
#ifndef OCOP_SVG_H
#define OCOP_SVG_H

#include <stddef.h>

#include "../util/sbuf.h"
#include "../util/span.h"

enum {
	SVG_MAX_BYTES = 2 << 20,        /* 2 MiB of input */
	SVG_MAX_ELEMENTS = 50000,       /* elements in the input */
	SVG_MAX_DEPTH = 64,             /* nesting, the root being 1 */
};

/* What svg_sanitize() did.  Every string is NUL-terminated UTF-8
 * without control characters, cut at a code point when too long. */
struct svg_result {
	size_t removed;           /* elements (each with its subtree),
				     attributes and processing instructions
				     removed, not counting what is dropped
				     silently (see above) */
	char first_removed[64];   /* the first of them, as "<script>",
				     "onload", "xlink:href" or
				     "<?xml-stylesheet?>"; "" when none */
	char error[160];          /* why svg_sanitize() returned -1, in
				     English, lowercase, no full stop;
				     "" on success */
	unsigned line, col;       /* where in the input the error is,
				     1-based, col in code points; 0 when
				     unknown or about the whole file */
	unsigned width, height;   /* the drawing's size in CSS pixels,
				     rounded: the root's width and height
				     when both are plain numbers (or px),
				     else its viewBox's, scaled to a
				     width or height that is given; a
				     browser's 300 x 150 when neither
				     says (svg_size) */
};

/*
 * Sanitises the SVG image in (a whole file) and appends the result to
 * out.  Returns 0, with res saying what was removed, or -1 when the
 * input is empty, too large, not UTF-8, not well-formed XML (namespaces
 * included), declares or uses an entity, goes over a limit, or its
 * root is not <svg> in the namespace http://www.w3.org/2000/svg:
 * res->error, res->line and res->col say why, and out is left as it
 * was.  res is always filled in.  Never prints.
 */
int svg_sanitize(struct sbuf *out, struct span in, struct svg_result *res);

/*
 * The size of a drawing from its root's attributes as written (each
 * NULL when absent): width and height in pixels ("120", "120px",
 * "12.5"), else the viewBox ("min-x min-y width height") scaled to the
 * one of width or height given, else 300 x 150.  Units other than px
 * and percentages count as absent.  Never 0.
 */
void svg_size(const char *width, const char *height, const char *viewbox,
	      unsigned *w, unsigned *h);

#endif
