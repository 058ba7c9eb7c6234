/*
 * fuzz_url.c - libFuzzer target for the URL checker (parse/url.h).
 *
 * The input up to its first newline is a URL, the rest (if any) a host
 * pattern.  The URL goes through url_parse() with each set of schemes,
 * the pattern through url_host_normalise(), each with a fresh arena
 * released before returning, so a leak is a finding.  The module's
 * promises are checked with abort():
 *  - an accepted URL has an allowed scheme, a host, and an href that is
 *    printable ASCII without spaces, backslashes or '@' before the path,
 *    and starts with scheme "://" host;
 *  - the href parses again to the same href and host (what is published
 *    is what was checked);
 *  - a refused URL leaves *out zero-filled;
 *  - url_host_matches() holds for a host and itself, and for "*", and
 *    a match is the pattern itself or a subdomain of it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/url.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
printable_ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == '\\')
			return false;
	return true;
}

/* The promises about one accepted URL. */
static void
check_url(const struct url *u, unsigned allowed, struct arena *a)
{
	if (!u->scheme || !u->host || !u->path || !u->href || !u->host[0])
		abort();
	if (!strcmp(u->scheme, "https") ? !(allowed & URL_HTTPS)
	    : !strcmp(u->scheme, "http") ? !(allowed & URL_HTTP) : true)
		abort();
	if (!printable_ascii(u->href) || !printable_ascii(u->host) ||
	    u->path[0] != '/' || u->port > 65535)
		abort();
	size_t sl = strlen(u->scheme), hl = strlen(u->host);
	if (strncmp(u->href, u->scheme, sl) || strncmp(u->href + sl, "://", 3) ||
	    strncmp(u->href + sl + 3, u->host, hl))
		abort();
	const char *after = u->href + sl + 3 + hl;
	if (*after != '/' && *after != ':')
		abort();
	/* nothing in the host can end it early */
	if (strpbrk(u->host, "@/?#%:\\") && u->host[0] != '[')
		abort();
	if (!url_host_matches(u->host, u->host) ||
	    !url_host_matches(u->host, "*"))
		abort();

	struct url again;
	if (url_parse(&again, u->href, allowed, a) != URL_OK ||
	    strcmp(again.href, u->href) || strcmp(again.host, u->host) ||
	    strcmp(again.scheme, u->scheme) || again.port != u->port)
		abort();
}

static void
check_refused(const struct url *u)
{
	if (u->scheme || u->host || u->path || u->query || u->fragment ||
	    u->href || u->port)
		abort();
}

/* A match is the pattern itself or ends with "." pattern. */
static void
check_match(const char *host, const char *pattern)
{
	if (!url_host_matches(host, pattern) || !strcmp(pattern, "*"))
		return;
	size_t hl = strlen(host), pl = strlen(pattern);
	if (hl < pl || strcmp(host + hl - pl, pattern) ||
	    (hl > pl && host[hl - pl - 1] != '.'))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* NUL-terminated copies; a NUL byte in the input ends the text */
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	if (size)
		memcpy(text, data, size);
	text[size] = '\0';
	char *pattern_text = strchr(text, '\n');
	if (pattern_text)
		*pattern_text++ = '\0';

	static const unsigned sets[] = {
		0, URL_HTTP, URL_HTTPS, URL_HTTP | URL_HTTPS,
	};
	struct arena a = ARENA_INIT;
	const char *pattern = NULL;
	if (pattern_text) {
		enum url_error err = url_host_normalise(&pattern, pattern_text,
							&a);
		if ((err == URL_OK) != (pattern != NULL))
			abort();
		if (err != URL_OK && err != URL_HOST)
			abort();
		if (pattern && strcmp(pattern, "*") &&
		    (!printable_ascii(pattern) || strpbrk(pattern, "@/?#%:")))
			abort();
		if (pattern && !url_host_matches(pattern, pattern))
			abort();
	}
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		struct url u;
		enum url_error err = url_parse(&u, text, sets[i], &a);
		if (err > URL_PORT)
			abort();
		if (err == URL_OK) {
			check_url(&u, sets[i], &a);
			if (pattern)
				check_match(u.host, pattern);
		} else {
			check_refused(&u);
		}
	}
	arena_release(&a);
	free(text);
	return 0;
}
