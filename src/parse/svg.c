/*
 * svg.c - the SVG sanitiser (svg.h says what is kept and why).
 *
 * Two steps.  First libxml2 builds the tree from a parser context of our
 * own: hooks on that context's SAX handler refuse any entity declaration
 * as soon as it is read (so no entity is ever stored, let alone
 * expanded) and count elements and depth as they come (so a limit stops
 * the parse before the memory is spent), and the context's structured
 * error handler keeps the first error.  The context is the only state;
 * nothing here is global.
 *
 * Then one walk writes the kept nodes.  We do not edit the tree and call
 * xmlSave: xmlSave reports its errors through libxml2's global handler
 * (stderr), would keep the namespace declarations of removed prefixes,
 * and we want output that we choose byte for byte.  Invariants of the
 * walk: it writes only allowlisted names, every element in the SVG
 * namespace without prefix, every attribute value and text escaped;
 * whatever it skips it either counts in res->removed or drops silently
 * as svg.h lists; an entity reference anywhere refuses the document.
 * Because the written values are the parsed values and every check is
 * a function of a value alone, sanitising the output again keeps
 * everything, and writes the same bytes.
 */
#include "svg.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "../util/utf8.h"
#include "../util/banned.h"

#define NS_SVG "http://www.w3.org/2000/svg"
#define NS_XLINK "http://www.w3.org/1999/xlink"

/* No network, no DTD loading, no entity substitution (no NOENT,
 * DTDLOAD, DTDATTR or HUGE), nothing printed.  IGNORE_ENC: the bytes
 * were checked to be UTF-8, so an encoding declaration would only make
 * libxml2 convert them from something else. */
enum {
	PARSE_OPTIONS = XML_PARSE_NONET | XML_PARSE_NOERROR |
			XML_PARSE_NOWARNING | XML_PARSE_IGNORE_ENC,
};

/* ---- the allowlists (sorted for bsearch, LC_ALL=C sort) ------------- */

/* Elements of the SVG namespace. */
static const char *const kept_elements[] = {
	"circle", "clipPath", "defs", "desc", "ellipse", "feBlend",
	"feColorMatrix", "feComponentTransfer", "feComposite",
	"feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap",
	"feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB",
	"feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode",
	"feMorphology", "feOffset", "fePointLight", "feSpecularLighting",
	"feSpotLight", "feTile", "feTurbulence", "filter", "g", "image",
	"line", "linearGradient", "marker", "mask", "metadata", "path",
	"pattern", "polygon", "polyline", "radialGradient", "rect", "stop",
	"style", "svg", "switch", "symbol", "text", "textPath", "title",
	"tspan", "use",
};

/* Attributes without a namespace, besides href (a fragment only) and
 * aria-*. */
static const char *const kept_attributes[] = {
	"alignment-baseline", "amplitude", "azimuth", "baseFrequency",
	"baseProfile", "baseline-shift", "bias", "class", "clip",
	"clip-path", "clip-rule", "clipPathUnits", "color",
	"color-interpolation", "color-interpolation-filters",
	"color-rendering", "cx", "cy", "d", "diffuseConstant", "direction",
	"display", "divisor", "dominant-baseline", "dx", "dy", "edgeMode",
	"elevation", "enable-background", "exponent", "fill",
	"fill-opacity", "fill-rule", "filter", "filterUnits", "flood-color",
	"flood-opacity", "font", "font-family", "font-size",
	"font-size-adjust", "font-stretch", "font-style", "font-variant",
	"font-weight", "fr", "fx", "fy", "glyph-orientation-horizontal",
	"glyph-orientation-vertical", "gradientTransform", "gradientUnits",
	"height", "id", "image-rendering", "in", "in2", "intercept",
	"isolation", "k1", "k2", "k3", "k4", "kernelMatrix",
	"kernelUnitLength", "kerning", "lang", "lengthAdjust",
	"letter-spacing", "lighting-color", "limitingConeAngle",
	"marker-end", "marker-mid", "marker-start", "markerHeight",
	"markerUnits", "markerWidth", "mask", "mask-type",
	"maskContentUnits", "maskUnits", "media", "method",
	"mix-blend-mode", "mode", "numOctaves", "offset", "opacity",
	"operator", "order", "orient", "overflow", "paint-order", "path",
	"pathLength", "patternContentUnits", "patternTransform",
	"patternUnits", "pointer-events", "points", "pointsAtX",
	"pointsAtY", "pointsAtZ", "preserveAlpha", "preserveAspectRatio",
	"primitiveUnits", "r", "radius", "refX", "refY",
	"requiredExtensions", "requiredFeatures", "result", "role",
	"rotate", "rx", "ry", "scale", "seed", "shape-rendering", "side",
	"slope", "spacing", "specularConstant", "specularExponent",
	"spreadMethod", "startOffset", "stdDeviation", "stitchTiles",
	"stop-color", "stop-opacity", "stroke", "stroke-dasharray",
	"stroke-dashoffset", "stroke-linecap", "stroke-linejoin",
	"stroke-miterlimit", "stroke-opacity", "stroke-width", "style",
	"surfaceScale", "systemLanguage", "tableValues", "targetX",
	"targetY", "text-anchor", "text-decoration", "text-rendering",
	"textLength", "title", "transform", "transform-origin", "type",
	"unicode-bidi", "values", "vector-effect", "version", "viewBox",
	"visibility", "white-space", "width", "word-spacing",
	"writing-mode", "x", "x1", "x2", "xChannelSelector", "y", "y1",
	"y2", "yChannelSelector", "z",
};

/* Drawing programs' own namespaces: no browser draws their elements or
 * attributes, so they are dropped without a warning. */
static const char *const editor_namespaces[] = {
	"http://creativecommons.org/ns#",
	"http://purl.org/dc/elements/1.1/",
	"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
	"http://web.resource.org/cc/",
	"http://www.bohemiancoding.com/sketch/ns",
	"http://www.corel.com/coreldraw/odm/2003",
	"http://www.inkscape.org/namespaces/inkscape",
	"http://www.serif.com/",
	"http://www.w3.org/1999/02/22-rdf-syntax-ns#",
};
/* ...and every namespace under this one (Illustrator has a dozen). */
#define NS_ADOBE "http://ns.adobe.com/"

/* Raster images an <image> may embed, as the start of its data: URL. */
static const char *const raster_data_urls[] = {
	"data:image/gif;base64,", "data:image/jpeg;base64,",
	"data:image/png;base64,", "data:image/webp;base64,",
};

/* What no attribute value or style sheet may contain, in any case:
 * every way CSS has to load something or to run script, besides url()
 * (checked apart, as only url(#id) may stay). */
static const char *const css_banned[] = {
	"@import", "expression", "image(", "image-set(", "src(", "\\", "<",
};

static int
cmp_name(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static bool
listed(const char *const *list, size_t n, const char *name)
{
	return bsearch(name, list, n, sizeof *list, cmp_name) != NULL;
}

#define LISTED(list, name) listed(list, sizeof list / sizeof *list, name)

static bool
ns_is(const xmlNs *ns, const char *href)
{
	return ns && ns->href && strcmp((const char *)ns->href, href) == 0;
}

static bool
editor_namespace(const xmlNs *ns)
{
	if (!ns || !ns->href)
		return false;
	const char *href = (const char *)ns->href;
	if (strncmp(href, NS_ADOBE, strlen(NS_ADOBE)) == 0)
		return true;
	for (size_t i = 0; i < sizeof editor_namespaces /
			       sizeof *editor_namespaces; i++)
		if (strcmp(href, editor_namespaces[i]) == 0)
			return true;
	return false;
}

/* ---- struct svg_result ---------------------------------------------- */

/* Copies s into dst[size]: cut at a code point, control characters and
 * invalid bytes written '?'. */
static void
copy_text(char *dst, size_t size, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), n = 0;
	while (len) {
		uint32_t cp;
		int k = utf8_next(p, len, &cp);
		bool bad = k < 0 || cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
		if (k < 0)
			k = 1;
		size_t w = bad ? 1 : (size_t)k;
		if (n + w >= size)
			break;
		if (bad)
			dst[n] = '?';
		else
			memcpy(dst + n, p, w);
		n += w;
		p += k;
		len -= (size_t)k;
	}
	dst[n] = '\0';
}

/* Files the error (the first one only) and returns -1. */
static int
vset_error(struct svg_result *res, unsigned line, unsigned col,
	   const char *fmt, va_list ap)
{
	if (res->error[0])
		return -1;
	char buf[512];
	vsnprintf(buf, sizeof buf, fmt, ap);
	copy_text(res->error, sizeof res->error, buf);
	if (!res->error[0])
		copy_text(res->error, sizeof res->error, "not an SVG image");
	res->line = line;
	res->col = col;
	return -1;
}

static int
set_error(struct svg_result *res, unsigned line, unsigned col,
	  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int
set_error(struct svg_result *res, unsigned line, unsigned col,
	  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vset_error(res, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

/* Counts one removed thing, keeping the name of the first: prefix and
 * name, each "" when absent, between open and close. */
static void
count_removed(struct svg_result *res, const char *open, const xmlNs *ns,
	      const xmlChar *name, const char *close)
{
	if (res->removed++)
		return;
	char buf[256];
	const char *prefix = ns && ns->prefix ? (const char *)ns->prefix : "";
	snprintf(buf, sizeof buf, "%s%s%s%s%s", open, prefix,
		 *prefix ? ":" : "", name ? (const char *)name : "", close);
	copy_text(res->first_removed, sizeof res->first_removed, buf);
}

/* ---- parsing -------------------------------------------------------- */

struct parse {
	struct svg_result *res;
	size_t elements;
	unsigned depth;
	bool failed;              /* res->error says why: stop */
};

static struct parse *
parse_of(void *ctx)
{
	xmlParserCtxtPtr ctxt = ctx;
	return ctxt->_private;
}

/* Refuses the document from inside a SAX callback: files the error at
 * the parser's position and stops the parser. */
static void
refuse(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
refuse(void *ctx, const char *fmt, ...)
{
	struct parse *ps = parse_of(ctx);
	va_list ap;
	va_start(ap, fmt);
	vset_error(ps->res, (unsigned)xmlSAX2GetLineNumber(ctx),
		   (unsigned)xmlSAX2GetColumnNumber(ctx), fmt, ap);
	va_end(ap);
	ps->failed = true;
	xmlStopParser(ctx);
}

/* The context's structured error handler: keeps the first error (not
 * warning) libxml2 reports, namespace errors included. */
static void
on_error(void *ctx, xmlErrorPtr e)
{
	struct parse *ps = parse_of(ctx);
	if (!e || e->level < XML_ERR_ERROR || ps->failed)
		return;
	ps->failed = true;
	/* one line, no trailing space, lowercase as our messages are;
	 * set_error() cuts it to size at a code point */
	char msg[512];
	const char *m = e->message ? e->message : "";
	size_t n = strcspn(m, "\n");
	while (n && (m[n - 1] == ' ' || m[n - 1] == '\t'))
		n--;
	if (n >= sizeof msg)
		n = sizeof msg - 1;
	memcpy(msg, m, n);
	msg[n] = '\0';
	if (msg[0] >= 'A' && msg[0] <= 'Z' && msg[1] >= 'a' && msg[1] <= 'z')
		msg[0] = (char)(msg[0] - 'A' + 'a');
	set_error(ps->res, e->line > 0 ? (unsigned)e->line : 0,
		  e->int2 > 0 ? (unsigned)e->int2 : 0, "%s",
		  msg[0] ? msg : "not well-formed XML");
}

static void
on_entity_decl(void *ctx, const xmlChar *name, int type,
	       const xmlChar *public_id, const xmlChar *system_id,
	       xmlChar *content)
{
	(void)type;
	(void)public_id;
	(void)system_id;
	(void)content;
	refuse(ctx, "the DTD declares the entity \"%s\": an SVG image may "
		    "declare no entity", (const char *)name);
}

static void
on_unparsed_entity_decl(void *ctx, const xmlChar *name,
			const xmlChar *public_id, const xmlChar *system_id,
			const xmlChar *notation)
{
	(void)public_id;
	(void)system_id;
	(void)notation;
	on_entity_decl(ctx, name, 0, NULL, NULL, NULL);
}

static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
	 const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
	 int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	struct parse *ps = parse_of(ctx);
	if (++ps->elements > SVG_MAX_ELEMENTS) {
		refuse(ctx, "more than %d elements", SVG_MAX_ELEMENTS);
		return;
	}
	if (++ps->depth > SVG_MAX_DEPTH) {
		refuse(ctx, "elements nested more than %d deep", SVG_MAX_DEPTH);
		return;
	}
	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces,
			      namespaces, nb_attributes, nb_defaulted,
			      attributes);
}

static void
on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
       const xmlChar *uri)
{
	parse_of(ctx)->depth--;
	xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

/* ---- checking values ------------------------------------------------ */

/* The offset of the first needle in s[from..len), in any ASCII case,
 * or len. */
static size_t
find_ci(const char *s, size_t len, size_t from, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = from; i + n <= len; i++)
		if (strncasecmp(s + i, needle, n) == 0)
			return i;
	return len;
}

static bool
css_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Every url( in s is url(#id), the id maybe quoted. */
static bool
urls_local(const char *s, size_t len)
{
	size_t i = 0;
	while ((i = find_ci(s, len, i, "url(")) < len) {
		i += 4;
		while (i < len && css_space(s[i]))
			i++;
		char quote = 0;
		if (i < len && (s[i] == '"' || s[i] == '\''))
			quote = s[i++];
		if (i >= len || s[i++] != '#')
			return false;
		size_t id = i;
		while (i < len && !css_space(s[i]) && !strchr("\"'()", s[i]) &&
		       (unsigned char)s[i] >= 0x20)
			i++;
		if (i == id)
			return false;
		if (quote && (i >= len || s[i++] != quote))
			return false;
		while (i < len && css_space(s[i]))
			i++;
		if (i >= len || s[i] != ')')
			return false;
	}
	return true;
}

/* A scheme that runs script, with white space and control characters
 * anywhere (browsers drop some of them from URLs).  One pass: the first
 * letter of each scheme occurs nowhere else in it, so after a mismatch
 * a match can only restart at the current byte. */
static bool
has_script_scheme(const char *s, size_t len)
{
	static const char *const schemes[] = { "javascript:", "vbscript:" };
	enum { N = sizeof schemes / sizeof *schemes };
	size_t m[N] = { 0 };
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c == 0x7f)
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		for (size_t k = 0; k < N; k++) {
			if (c == (unsigned char)schemes[k][m[k]])
				m[k]++;
			else
				m[k] = c == (unsigned char)schemes[k][0];
			if (!schemes[k][m[k]])
				return true;
		}
	}
	return false;
}

/* An attribute value or a style sheet that loads or runs nothing. */
static bool
value_safe(const char *s, size_t len)
{
	if (has_script_scheme(s, len) || !urls_local(s, len))
		return false;
	for (size_t i = 0; i < sizeof css_banned / sizeof *css_banned; i++)
		if (find_ci(s, len, 0, css_banned[i]) < len)
			return false;
	return true;
}

/* "#id": a fragment of the same document. */
static bool
fragment(const char *s, size_t len)
{
	if (len < 2 || s[0] != '#')
		return false;
	for (size_t i = 1; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= 0x20 || c == 0x7f || strchr("\"'<>\\()", c))
			return false;
	}
	return true;
}

/* A data: URL of a raster image in base64. */
static bool
raster_data_url(const char *s, size_t len)
{
	for (size_t k = 0; k < sizeof raster_data_urls /
			       sizeof *raster_data_urls; k++) {
		size_t n = strlen(raster_data_urls[k]);
		if (len < n || strncasecmp(s, raster_data_urls[k], n) != 0)
			continue;
		for (size_t i = n; i < len; i++) {
			char c = s[i];
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			      (c >= '0' && c <= '9') || c == '+' || c == '/' ||
			      c == '=' || css_space(c)))
				return false;
		}
		return true;
	}
	return false;
}

/* An href that stays: a fragment, or on <image> a raster data: URL.
 * Both are spelt out whole, so value_safe() has nothing to add but
 * false alarms ("expression" is good base64), bar "#javascript:". */
static bool
href_safe(const xmlNode *el, const char *s, size_t len)
{
	if (strcmp((const char *)el->name, "image") == 0)
		return raster_data_url(s, len);
	return fragment(s, len) && !has_script_scheme(s, len);
}

/* ---- writing -------------------------------------------------------- */

struct writer {
	struct sbuf *out;
	struct svg_result *res;
	struct sbuf val;          /* scratch: an attribute's value */
	bool xlink;               /* an xlink:href was written */
	bool failed;              /* res->error says why */
};

static bool
ends_with_ci(const struct sbuf *sb, const char *s)
{
	size_t n = strlen(s);
	return sb->len >= n && strncasecmp(sb->data + sb->len - n, s, n) == 0;
}

static bool
letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether sb ends in "on", a letter or more and maybe white space: what
 * a '=' would turn into something that reads like an event handler. */
static bool
ends_like_handler(const struct sbuf *sb)
{
	size_t i = sb->len;
	while (i && css_space(sb->data[i - 1]))
		i--;
	size_t end = i;
	while (i && letter(sb->data[i - 1]))
		i--;
	for (size_t j = i; j + 2 < end; j++)
		if (strncasecmp(sb->data + j, "on", 2) == 0)
			return true;
	return false;
}

/* Appends s escaped for text (attr false) or a "-quoted attribute
 * value.  In attributes, tab and line ends are written as references,
 * so that parsing gives them back instead of spaces.  Text and values
 * are inert, but a grep of the published site for "javascript:" or for
 * " onclick=" must find nothing: a ':' or '=' that would complete one
 * is written as a character reference, which means the same. */
static void
put_escaped(struct sbuf *out, const char *s, size_t len, bool attr)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		switch (c) {
		case '&': sbuf_puts(out, "&amp;"); break;
		case '<': sbuf_puts(out, "&lt;"); break;
		case '>': sbuf_puts(out, "&gt;"); break;
		case '\r': sbuf_puts(out, "&#13;"); break;
		case '"':
			sbuf_puts(out, attr ? "&quot;" : "\"");
			break;
		case '\t':
			sbuf_puts(out, attr ? "&#9;" : "\t");
			break;
		case '\n':
			sbuf_puts(out, attr ? "&#10;" : "\n");
			break;
		case ':':
			if (ends_with_ci(out, "javascript"))
				sbuf_puts(out, "&#58;");
			else
				sbuf_putc(out, c);
			break;
		case '=':
			if (ends_like_handler(out))
				sbuf_puts(out, "&#61;");
			else
				sbuf_putc(out, c);
			break;
		default:
			sbuf_putc(out, c);
		}
	}
}

/* Puts the value of a into w->val.  False, after refusing the
 * document, when it holds an entity reference. */
static bool
attr_value(struct writer *w, const xmlAttr *a)
{
	sbuf_reset(&w->val);
	for (const xmlNode *c = a->children; c; c = c->next) {
		if (c->type != XML_TEXT_NODE) {
			w->failed = true;
			set_error(w->res, (unsigned)xmlGetLineNo(a->parent), 0,
				  "the attribute \"%s\" uses an entity: an SVG "
				  "image may use no entity but &lt; &gt; &amp; "
				  "&quot; &apos;", (const char *)a->name);
			return false;
		}
		if (c->content)
			sbuf_puts(&w->val, (const char *)c->content);
	}
	return true;
}

/* Whether the element has an href or xlink:href to a raster data:
 * URL (what an <image> needs to be kept). */
static bool
has_raster_href(struct writer *w, const xmlNode *n)
{
	for (const xmlAttr *a = n->properties; a; a = a->next)
		if (strcmp((const char *)a->name, "href") == 0 &&
		    (!a->ns || ns_is(a->ns, NS_XLINK)) && attr_value(w, a) &&
		    href_safe(n, w->val.data, w->val.len))
			return true;
	return false;
}

/* The text of a <style>: only text and CDATA (comments are no part of
 * it), and safe.  False otherwise. */
static bool
style_safe(struct writer *w, const xmlNode *n)
{
	sbuf_reset(&w->val);
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_COMMENT_NODE)
			continue;
		if (c->type != XML_TEXT_NODE &&
		    c->type != XML_CDATA_SECTION_NODE)
			return false;
		if (c->content)
			sbuf_puts(&w->val, (const char *)c->content);
	}
	return value_safe(w->val.data, w->val.len);
}

static void
write_attr(struct writer *w, const xmlNode *el, const xmlAttr *a)
{
	const char *name = (const char *)a->name;
	const char *prefix = "";
	bool href = false;

	if (!attr_value(w, a))
		return;
	if (!a->ns) {
		if (strncmp(name, "data-", 5) == 0)
			return;
		href = strcmp(name, "href") == 0;
		if (!href && !LISTED(kept_attributes, name) &&
		    strncmp(name, "aria-", 5) != 0)
			goto removed;
	} else if (ns_is(a->ns, (const char *)XML_XML_NAMESPACE)) {
		if (strcmp(name, "space") != 0 && strcmp(name, "lang") != 0)
			goto removed;
		prefix = "xml:";
	} else if (ns_is(a->ns, NS_XLINK)) {
		if (strcmp(name, "href") != 0)
			goto removed;
		href = true;
		prefix = "xlink:";
	} else if (editor_namespace(a->ns)) {
		return;
	} else {
		goto removed;
	}

	const char *v = w->val.data;
	size_t len = w->val.len;
	if (href ? !href_safe(el, v, len) : !value_safe(v, len))
		goto removed;

	if (a->ns && ns_is(a->ns, NS_XLINK))
		w->xlink = true;
	sbuf_putc(w->out, ' ');
	sbuf_puts(w->out, prefix);
	sbuf_puts(w->out, name);
	sbuf_puts(w->out, "=\"");
	put_escaped(w->out, v, len, true);
	sbuf_putc(w->out, '"');
	return;
removed:
	count_removed(w->res, "", a->ns, a->name, "");
}

static void write_node(struct writer *w, const xmlNode *n);

static void
write_element(struct writer *w, const xmlNode *n)
{
	const char *name = (const char *)n->name;

	if (!ns_is(n->ns, NS_SVG)) {
		if (!editor_namespace(n->ns))
			count_removed(w->res, "<", n->ns, n->name, ">");
		return;
	}
	if (!LISTED(kept_elements, name) ||
	    (strcmp(name, "style") == 0 && !style_safe(w, n)) ||
	    (strcmp(name, "image") == 0 && !has_raster_href(w, n))) {
		if (!w->failed)
			count_removed(w->res, "<", n->ns, n->name, ">");
		return;
	}

	sbuf_putc(w->out, '<');
	sbuf_puts(w->out, name);
	for (const xmlAttr *a = n->properties; a && !w->failed; a = a->next)
		write_attr(w, n, a);
	size_t open = w->out->len;
	sbuf_putc(w->out, '>');
	for (const xmlNode *c = n->children; c && !w->failed; c = c->next)
		write_node(w, c);
	if (w->out->len == open + 1) {
		/* nothing inside: "<g/>", as a second pass would write it;
		 * cutting keeps the sbuf invariants (data[len] is '\0') */
		w->out->len = open;
		w->out->data[open] = '\0';
		sbuf_puts(w->out, "/>");
	} else {
		sbuf_puts(w->out, "</");
		sbuf_puts(w->out, name);
		sbuf_putc(w->out, '>');
	}
}

static void
write_node(struct writer *w, const xmlNode *n)
{
	switch (n->type) {
	case XML_ELEMENT_NODE:
		write_element(w, n);
		break;
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (n->content)
			put_escaped(w->out, (const char *)n->content,
				    strlen((const char *)n->content), false);
		break;
	case XML_PI_NODE:
		count_removed(w->res, "<?", NULL, n->name, "?>");
		break;
	case XML_ENTITY_REF_NODE:
		w->failed = true;
		set_error(w->res, (unsigned)xmlGetLineNo(n), 0,
			  "the entity \"&%s;\" is used: an SVG image may use "
			  "no entity but &lt; &gt; &amp; &quot; &apos;",
			  (const char *)n->name);
		break;
	default:
		/* comments, and nothing else a parse without XInclude or
		 * entity substitution puts in an element */
		break;
	}
}

/* ---- the drawing's size -------------------------------------------- */

/* A length in pixels: a number, optionally followed by "px", with
 * white space around; false for anything else (other units, %). */
static bool
pixels(const char *s, double *out)
{
	if (!s)
		return false;
	char *end;
	double v = strtod(s, &end);
	if (end == s || !(v > 0) || v > 1e6)
		return false;
	if (!strncmp(end, "px", 2))
		end += 2;
	while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
		end++;
	if (*end)
		return false;
	*out = v;
	return true;
}

/* The width and height of a viewBox, its four numbers separated by
 * white space and/or a comma. */
static bool
viewbox_size(const char *s, double *w, double *h)
{
	if (!s)
		return false;
	double v[4];
	for (int i = 0; i < 4; i++) {
		while (*s == ' ' || *s == ',' || *s == '\t' || *s == '\n' ||
		       *s == '\r')
			s++;
		char *end;
		v[i] = strtod(s, &end);
		if (end == s)
			return false;
		s = end;
	}
	if (!(v[2] > 0) || !(v[3] > 0) || v[2] > 1e6 || v[3] > 1e6)
		return false;
	*w = v[2];
	*h = v[3];
	return true;
}

static unsigned
rounded(double v)
{
	return v < 1 ? 1 : (unsigned)(v + 0.5);
}

void
svg_size(const char *width, const char *height, const char *viewbox,
	 unsigned *w, unsigned *h)
{
	double pw = 0, ph = 0, vw = 0, vh = 0;
	bool has_w = pixels(width, &pw), has_h = pixels(height, &ph);
	bool has_vb = viewbox_size(viewbox, &vw, &vh);
	if (has_w && has_h) {
		*w = rounded(pw);
		*h = rounded(ph);
	} else if (has_vb && has_w) {
		*w = rounded(pw);
		*h = rounded(pw * vh / vw);
	} else if (has_vb && has_h) {
		*w = rounded(ph * vw / vh);
		*h = rounded(ph);
	} else if (has_vb) {
		*w = rounded(vw);
		*h = rounded(vh);
	} else {
		*w = 300;
		*h = 150;
	}
}

/* The first text of el's attribute name (without namespace), borrowed
 * from the tree; NULL when absent. */
static const char *
root_attr(const xmlNode *el, const char *name)
{
	for (const xmlAttr *a = el->properties; a; a = a->next)
		if (!a->ns && !strcmp((const char *)a->name, name) &&
		    a->children && a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
	return NULL;
}

/* ---- the whole ------------------------------------------------------ */

/* Checks what libxml2 built and writes it to out.  Returns 0 or -1. */
static int
write_doc(struct sbuf *out, const xmlDoc *doc, struct svg_result *res)
{
	const xmlNode *root = NULL;
	for (const xmlNode *n = doc->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			root = n;
	if (!root)
		return set_error(res, 0, 0, "no root element");
	unsigned line = (unsigned)xmlGetLineNo(root);
	if (strcmp((const char *)root->name, "svg") != 0)
		return set_error(res, line, 0,
				 "the root element is <%s%s%s>, not <svg>",
				 root->ns && root->ns->prefix
					 ? (const char *)root->ns->prefix : "",
				 root->ns && root->ns->prefix ? ":" : "",
				 (const char *)root->name);
	if (!ns_is(root->ns, NS_SVG))
		return set_error(res, line, 0,
				 "the root element <svg> is not in the SVG "
				 "namespace: write <svg xmlns=\"%s\">", NS_SVG);

	svg_size(root_attr(root, "width"), root_attr(root, "height"),
		 root_attr(root, "viewBox"), &res->width, &res->height);

	struct sbuf body = SBUF_INIT;
	struct writer w = { &body, res, SBUF_INIT, false, false };
	for (const xmlNode *n = doc->children; n; n = n->next)
		if (n->type == XML_PI_NODE)
			count_removed(res, "<?", NULL, n->name, "?>");
	write_element(&w, root);
	if (!w.failed) {
		/* body is "<svg" then the rest: put the declarations in */
		sbuf_puts(out, "<svg xmlns=\"" NS_SVG "\"");
		if (w.xlink)
			sbuf_puts(out, " xmlns:xlink=\"" NS_XLINK "\"");
		sbuf_put(out, body.data + 4, body.len - 4);
		sbuf_putc(out, '\n');
	}
	sbuf_release(&body);
	sbuf_release(&w.val);
	return w.failed ? -1 : 0;
}

int
svg_sanitize(struct sbuf *out, struct span in, struct svg_result *res)
{
	memset(res, 0, sizeof *res);
	if (in.len == 0)
		return set_error(res, 0, 0, "the file is empty");
	if (in.len > SVG_MAX_BYTES)
		return set_error(res, 0, 0,
				 "the file is larger than %d MiB (%zu bytes)",
				 SVG_MAX_BYTES >> 20, in.len);
	size_t bad = utf8_validate(in.p, in.len);
	if (bad < in.len) {
		unsigned line, col;
		utf8_line_col(in.p, in.len, bad, &line, &col);
		return set_error(res, line, col, "%s",
				 in.p[bad] ? "the file is not UTF-8 text: save "
					     "it as UTF-8"
					   : "the file holds a NUL byte");
	}

	/* libxml2 allocates with its own allocator and reports running
	 * out as an error, which refuses the image like any other */
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt || !ctxt->sax)
		return set_error(res, 0, 0, "out of memory");
	struct parse ps = { .res = res };
	ctxt->_private = &ps;
	ctxt->sax->serror = on_error;
	ctxt->sax->entityDecl = on_entity_decl;
	ctxt->sax->unparsedEntityDecl = on_unparsed_entity_decl;
	ctxt->sax->startElementNs = on_start;
	ctxt->sax->endElementNs = on_end;

	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, in.p, (int)in.len, NULL, NULL,
					  PARSE_OPTIONS);
	int err = -1;
	if (ps.failed)
		goto out;
	if (!doc || !ctxt->wellFormed) {
		set_error(res, 0, 0, "not well-formed XML");
		goto out;
	}
	err = write_doc(out, doc, res);
out:
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	if (err < 0) {
		res->removed = 0;
		res->first_removed[0] = '\0';
	}
	return err;
}
