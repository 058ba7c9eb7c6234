/*
 * Strict URL checking on top of liburiparser and libidn2.
 *
 * url_parse() works in four passes, each on the output of the one
 * before:
 *  1. encode: the text is checked byte by byte (no control character,
 *     space or backslash; valid UTF-8) and copied with every byte >= 0x80
 *     and every " < > ^ ` { | } percent-encoded, so that liburiparser
 *     sees pure RFC 3986 ASCII.  The characters encoded here are
 *     delimiters nowhere in RFC 3986, so encoding them cannot move a
 *     boundary between scheme, authority, path, query and fragment.
 *  2. parse: liburiparser splits the ASCII text; a text it refuses is
 *     URL_SYNTAX.
 *  3. check: scheme, authority (no userinfo), host and port, in the
 *     order of enum url_error.
 *  4. serialise: href is rebuilt from the parts (scheme and host
 *     normalised, path, query and fragment as parsed), never copied
 *     from the input.
 *
 * A host name goes through host_name(): percent-decoded (URL hosts
 * only), every ASCII byte a letter, digit, hyphen or dot, the rest valid
 * UTF-8; lowercased; one trailing dot dropped; IDNA to ASCII; then
 * checked again as LDH labels of 1-63 bytes, 253 in all, whose last
 * label is not a number (a browser would take the name for an IPv4
 * address and go elsewhere).
 */
#include "url.h"

#include <arpa/inet.h>
#include <idn2.h>
#include <stdlib.h>
#include <string.h>
#include <uriparser/Uri.h>

#include "../util/sbuf.h"
#include "../util/utf8.h"
#include "../util/banned.h"

enum { HOST_MAX = 253, LABEL_MAX = 63 };

static const char hex_digits[] = "0123456789ABCDEF";

static bool
is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static int
hex_value(unsigned char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static char
to_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static void
put_pct(struct sbuf *sb, unsigned char c)
{
	char e[3] = { '%', hex_digits[c >> 4], hex_digits[c & 15] };
	sbuf_put(sb, e, 3);
}

/* Pass 1: text into out as RFC 3986 ASCII, or URL_SYNTAX. */
static enum url_error
encode(struct sbuf *out, const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		if (c <= ' ' || c == 0x7f || c == '\\')
			return URL_SYNTAX;
		if (c >= 0x80) {
			uint32_t cp;
			int n = utf8_next(p + i, len - i, &cp);
			if (n < 0)
				return URL_SYNTAX;
			for (int k = 0; k < n; k++)
				put_pct(out, p[i + (size_t)k]);
			i += (size_t)n;
			continue;
		}
		if (strchr("\"<>^`{|}", c))
			put_pct(out, c);
		else
			sbuf_putc(out, (char)c);
		i++;
	}
	return URL_OK;
}

/* True when label[0..n) is a number to a browser's IPv4 parser:
 * decimal digits, or "0x" and hex digits (the WHATWG URL standard's
 * "ends in a number"). */
static bool
is_numeric_label(const char *label, size_t n)
{
	if (n >= 2 && label[0] == '0' && (label[1] == 'x' || label[1] == 'X')) {
		for (size_t i = 2; i < n; i++)
			if (hex_value((unsigned char)label[i]) < 0)
				return false;
		return true;
	}
	for (size_t i = 0; i < n; i++)
		if (!is_digit((unsigned char)label[i]))
			return false;
	return n > 0;
}

/* True when s is an ASCII DNS name as we publish it: lowercase LDH
 * labels, no empty label, no label starting or ending with '-', sizes
 * within DNS limits, the last label not a number. */
static bool
is_ldh_name(const char *s)
{
	size_t len = strlen(s);
	if (len == 0 || len > HOST_MAX)
		return false;
	const char *label = s;
	for (const char *q = s;; q++) {
		if (*q == '.' || *q == '\0') {
			size_t n = (size_t)(q - label);
			if (n == 0 || n > LABEL_MAX || label[0] == '-' ||
			    label[n - 1] == '-')
				return false;
			if (*q == '\0')
				return !is_numeric_label(label, n);
			label = q + 1;
			continue;
		}
		unsigned char c = (unsigned char)*q;
		if (!(c >= 'a' && c <= 'z') && !is_digit(c) && c != '-')
			return false;
	}
}

/*
 * True when s (lowercase) is an LDH name none of whose labels has "--"
 * in its third and fourth letters (as "xn--" labels do): IDNA has
 * nothing to map or check in it, so libidn2 would give it back as is
 * (test_url compares the two), and most shop links skip its cost.
 */
static bool
is_plain_ldh_name(const char *s)
{
	if (!is_ldh_name(s))
		return false;
	for (const char *label = s; label; ) {
		if (label[0] && label[1] && label[2] == '-' && label[3] == '-')
			return false;
		label = strchr(label, '.');
		if (label)
			label++;
	}
	return true;
}

/*
 * A host name p[0..n) (percent-decoded first when decode is set) into
 * *out, normalised as the file comment says.  Returns URL_OK or
 * URL_HOST.
 */
static enum url_error
host_name(const char **out, const char *p, size_t n, bool decode,
	  struct arena *a)
{
	enum url_error err = URL_HOST;
	struct sbuf name = SBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '%' && decode) {
			int hi = i + 2 < n ? hex_value((unsigned char)p[i + 1]) : -1;
			int lo = hi >= 0 ? hex_value((unsigned char)p[i + 2]) : -1;
			if (lo < 0)
				goto out;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		}
		if (c < 0x80 && !is_alpha(c) && !is_digit(c) && c != '-' &&
		    c != '.')
			goto out;      /* NUL, '@', '/', '%', ':'… */
		sbuf_putc(&name, to_lower((char)c));
	}
	if (utf8_validate(name.data, name.len) != name.len)
		goto out;
	if (name.len && name.data[name.len - 1] == '.')
		name.data[--name.len] = '\0';
	if (!name.len)
		goto out;

	if (is_plain_ldh_name(name.data)) {
		*out = arena_strndup(a, name.data, name.len);
		err = URL_OK;
		goto out;
	}
	char *ascii = NULL;
	if (idn2_to_ascii_8z(name.data, &ascii,
			     IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL) != IDN2_OK)
		goto out;
	for (char *q = ascii; *q; q++)
		*q = to_lower(*q);
	if (is_ldh_name(ascii)) {
		*out = arena_strdup(a, ascii);
		err = URL_OK;
	}
	idn2_free(ascii);
out:
	sbuf_release(&name);
	return err;
}

static size_t
range_len(const UriTextRangeA *r)
{
	return (size_t)(r->afterLast - r->first);
}

static const char *
range_dup(const UriTextRangeA *r, struct arena *a)
{
	return r->first ? arena_strndup(a, r->first, range_len(r)) : NULL;
}

/* The host of u into *out, or URL_HOST. */
static enum url_error
url_host(const char **out, const UriUriA *u, struct arena *a)
{
	if (u->hostData.ip4)
		/* dotted decimal, each part 0-255 without leading zeros:
		 * liburiparser's own check, and a browser's reading too */
		*out = range_dup(&u->hostText, a);
	else if (u->hostData.ip6) {
		char text[INET6_ADDRSTRLEN];
		if (!inet_ntop(AF_INET6, u->hostData.ip6->data, text,
			       sizeof(text)))
			return URL_HOST;
		*out = arena_printf(a, "[%s]", text);
	} else if (u->hostData.ipFuture.first)
		return URL_HOST;
	else
		return host_name(out, u->hostText.first, range_len(&u->hostText),
				 true, a);
	return URL_OK;
}

/* The port of u into *port (0 for none), or URL_PORT. */
static enum url_error
url_port(unsigned *port, const UriUriA *u)
{
	*port = 0;
	if (!u->portText.first)
		return URL_OK;
	size_t n = range_len(&u->portText);
	unsigned long v = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)u->portText.first[i];
		if (!is_digit(c))
			return URL_PORT;
		v = v * 10 + (unsigned long)(c - '0');
		if (v > 65535)
			return URL_PORT;
	}
	if (n == 0 || v == 0)
		return URL_PORT;
	*port = (unsigned)v;
	return URL_OK;
}

/* Passes 3 and 4 on the parsed u. */
static enum url_error
check(struct url *out, const UriUriA *u, unsigned allowed, struct arena *a)
{
	if (!u->scheme.first)
		return URL_RELATIVE;
	char scheme[8] = "";
	size_t sn = range_len(&u->scheme);
	for (size_t i = 0; i < sn && i < sizeof(scheme) - 1; i++)
		scheme[i] = to_lower(u->scheme.first[i]);
	unsigned flag = sn >= sizeof(scheme) ? 0
			: !strcmp(scheme, "https") ? URL_HTTPS
			: !strcmp(scheme, "http") ? URL_HTTP : 0;
	if (!(flag & allowed))
		return URL_SCHEME;
	if (!u->hostText.first ||
	    (range_len(&u->hostText) == 0 && !u->hostData.ip6))
		return URL_NO_HOST;
	if (u->userInfo.first)
		return URL_USERINFO;

	struct url v = { 0 };
	enum url_error err = url_host(&v.host, u, a);
	if (err)
		return err;
	if ((err = url_port(&v.port, u)))
		return err;
	if (v.port == (flag == URL_HTTPS ? 443u : 80u))
		v.port = 0;
	v.scheme = flag == URL_HTTPS ? "https" : "http";

	struct sbuf path = SBUF_INIT;
	for (const UriPathSegmentA *s = u->pathHead; s; s = s->next) {
		sbuf_putc(&path, '/');
		sbuf_put(&path, s->text.first, range_len(&s->text));
	}
	v.path = arena_strdup(a, path.len ? path.data : "/");
	sbuf_release(&path);
	v.query = range_dup(&u->query, a);
	v.fragment = range_dup(&u->fragment, a);

	struct sbuf href = SBUF_INIT;
	sbuf_putf(&href, "%s://%s", v.scheme, v.host);
	if (v.port)
		sbuf_putf(&href, ":%u", v.port);
	sbuf_puts(&href, v.path);
	if (v.query)
		sbuf_putf(&href, "?%s", v.query);
	if (v.fragment)
		sbuf_putf(&href, "#%s", v.fragment);
	/* what is published must parse again, within the same limit */
	if (href.len > URL_MAX_BYTES) {
		sbuf_release(&href);
		return URL_TOO_LONG;
	}
	v.href = arena_strndup(a, href.data, href.len);
	sbuf_release(&href);
	*out = v;
	return URL_OK;
}

enum url_error
url_parse(struct url *out, const char *text, unsigned allowed,
	  struct arena *a)
{
	memset(out, 0, sizeof(*out));
	size_t len = strlen(text);
	if (len > URL_MAX_BYTES)
		return URL_TOO_LONG;

	struct sbuf ascii = SBUF_INIT;
	enum url_error err = encode(&ascii, text, len);
	if (err) {
		sbuf_release(&ascii);
		return err;
	}
	UriUriA u;
	const char *stop;
	if (uriParseSingleUriExA(&u, ascii.data, ascii.data + ascii.len,
				 &stop) != URI_SUCCESS) {
		sbuf_release(&ascii);
		return URL_SYNTAX;
	}
	err = check(out, &u, allowed, a);
	uriFreeUriMembersA(&u);
	sbuf_release(&ascii);
	return err;
}

bool
url_host_matches(const char *host, const char *pattern)
{
	if (!strcmp(pattern, "*"))
		return true;
	size_t hl = strlen(host), pl = strlen(pattern);
	if (hl == pl)
		return pl > 0 && !strcmp(host, pattern);
	return pl > 0 && hl > pl && host[hl - pl - 1] == '.' &&
	       !strcmp(host + hl - pl, pattern);
}

enum url_error
url_host_normalise(const char **out, const char *text, struct arena *a)
{
	*out = NULL;
	if (!strcmp(text, "*")) {
		*out = arena_strdup(a, "*");
		return URL_OK;
	}
	size_t len = strlen(text);
	if (len > URL_MAX_BYTES)
		return URL_HOST;
	return host_name(out, text, len, false, a);
}
