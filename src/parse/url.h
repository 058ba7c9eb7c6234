/*
 * url.h - the one place where a web address from content or site.yaml
 * is read.  A URL is parsed as RFC 3986 (liburiparser), never sliced,
 * so that the host we check is the host a browser goes to, and what is
 * published is built from the parsed parts, so that what was checked is
 * exactly what is published.
 *
 * Refused, never "cleaned" (browsers would read them otherwise):
 * control characters (tab and newline included), spaces and
 * backslashes anywhere; a user name or password before the host
 * (https://shopee.vn:443@evil.example/ goes to evil.example); a host
 * that is not a DNS name, an IPv4 or an IPv6 address; a name whose last
 * label is a number (browsers read it as an IPv4 address).
 *
 * Accepted and normalised: non-ASCII text (Vietnamese paths, IDN hosts
 * such as nôngsản.vn) and the ASCII characters " < > ^ ` { | }, which
 * RFC 3986 does not allow but browsers encode, are percent-encoded
 * before parsing; none of them can end a part of a URL, so this cannot
 * move the host.  The host is percent-decoded, lowercased, converted to
 * ASCII with IDNA (libidn2, UTS #46 non-transitional, as browsers do)
 * and loses one trailing dot.  The scheme is lowercased and a default
 * port (443 for https, 80 for http) is dropped.
 */
#ifndef OCOP_URL_H
#define OCOP_URL_H

#include <stdbool.h>

#include "../util/arena.h"

/* Longest text url_parse() takes, in bytes, and longest href it gives
 * (percent-encoding can make the href longer than the text). */
enum { URL_MAX_BYTES = 4096 };

/* The schemes a field accepts (a set of flags). */
enum url_scheme_flags {
	URL_HTTP = 1 << 0,
	URL_HTTPS = 1 << 1,
};

enum url_error {
	URL_OK = 0,
	URL_TOO_LONG,   /* more than URL_MAX_BYTES, as written or as
			   published */
	URL_SYNTAX,     /* not an RFC 3986 URI, or a control character, a
			   space, a backslash or invalid UTF-8 in it */
	URL_RELATIVE,   /* no scheme: "shopee.vn/x", "//evil.example/" */
	URL_SCHEME,     /* a scheme not allowed: javascript:, data:, ftp:… */
	URL_NO_HOST,    /* "https:shopee.vn", "https:///shopee.vn" */
	URL_USERINFO,   /* anything@ before the host, even empty */
	URL_HOST,       /* a host that is not a valid name or address */
	URL_PORT,       /* empty, not a number, 0 or over 65535 */
};

/*
 * A checked URL.  Every string is NUL-terminated, ASCII only and lives
 * in the arena given to url_parse().
 */
struct url {
	const char *scheme;    /* lowercase: "http" or "https" */
	const char *host;      /* normalised (see above); an IPv6 address
				  in brackets, as "[::1]" */
	unsigned port;         /* 0 for the scheme's default port */
	const char *path;      /* starts with '/' (added when absent) */
	const char *query;     /* without its '?'; NULL when none */
	const char *fragment;  /* without its '#'; NULL when none */
	const char *href;      /* the whole URL, normalised: what to
				  publish */
};

/*
 * Parses text (NUL-terminated, UTF-8) as an absolute URL with a host
 * and one of the schemes in allowed (enum url_scheme_flags).  Returns
 * URL_OK and fills *out, or the first problem found, in the order of
 * the enum, leaving *out zero-filled.  Never prints and never files a
 * diag: the caller knows the field and says what is wrong with it.
 */
enum url_error url_parse(struct url *out, const char *text, unsigned allowed,
			 struct arena *a);

/*
 * True when host (as url_parse() gives it) is pattern or one of its
 * subdomains: "shop.shopee.vn" and "shopee.vn" match "shopee.vn",
 * "evilshopee.vn" and "shopee.vn.evil.example" do not.  The pattern
 * "*" matches any host.  Both are compared as they are, so pattern must
 * have gone through url_host_normalise().
 */
bool url_host_matches(const char *host, const char *pattern);

/*
 * Checks a host name written alone (the hosts of a platform in
 * site.yaml): letters, digits, hyphens and dots, or non-ASCII letters
 * (converted with IDNA), at most one trailing dot; or "*", kept as it
 * is.  No scheme, port, path, percent sign or IP address.  Returns
 * URL_OK with the normalised name in *out (arena), or URL_HOST.
 */
enum url_error url_host_normalise(const char **out, const char *text,
				  struct arena *a);

#endif
