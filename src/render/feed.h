/*
 * feed.h - an Atom 1.0 feed (RFC 4287), written from plain data: the
 * changelog's (docs/history.md).  Every text and address goes through
 * escape_xml() (util/escape.h), so no content can break the document;
 * an entry's content is HTML, escaped once more as Atom's
 * type="html" asks.
 */
#ifndef OCOP_FEED_H
#define OCOP_FEED_H

#include <stddef.h>
#include <stdint.h>

#include "../util/sbuf.h"

struct feed_entry {
	const char *id;            /* an IRI, stable across builds */
	const char *title;
	const char *updated;       /* RFC 3339 */
	const char *author;
	const char *link;          /* the page that shows it, absolute */
	const char *html;          /* its content, as HTML */
};

struct feed {
	const char *lang;          /* xml:lang */
	const char *id, *title, *subtitle, *updated, *author;
	const char *self, *alternate;   /* absolute */
	const char *generator;
	const struct feed_entry *v;
	size_t n;
};

/* Appends feed f as an Atom document to out. */
void feed_atom(struct sbuf *out, const struct feed *f);

/* "2025-06-02T08:00:00+07:00": a time (seconds since 1970) in the time
 * zone offset minutes east of UTC.  buf holds at least 32 bytes. */
void feed_time(char *buf, int64_t time, int offset);

/*
 * "urn:uuid:...": a name-based UUID (RFC 4122, version 5: SHA-1) of
 * name in ocop's own namespace, so the same name gives the same id on
 * every build.  buf holds at least 46 bytes.
 */
void feed_uuid(char *buf, const char *name);

#endif
