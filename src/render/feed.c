/*
 * feed.c - Atom documents (feed.h).
 */
#include "feed.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "../util/escape.h"
#include "../util/banned.h"

/* ocop's namespace of name-based UUIDs (feed_uuid()): drawn once at
 * random, and never to change, or every feed's ids would. */
static const unsigned char ocop_namespace[16] = {
	0x8f, 0x1c, 0x2b, 0x6e, 0x4d, 0x0a, 0x4c, 0x55,
	0x9b, 0x1e, 0x3a, 0x7d, 0x2f, 0x60, 0xc9, 0xe4,
};

void
feed_uuid(char *buf, const char *name)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int md_len = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha1(), NULL) != 1 ||
	    EVP_DigestUpdate(ctx, ocop_namespace, sizeof(ocop_namespace)) != 1 ||
	    EVP_DigestUpdate(ctx, name, strlen(name)) != 1 ||
	    EVP_DigestFinal_ex(ctx, md, &md_len) != 1 || md_len < 16)
		memset(md, 0, sizeof(md));   /* libcrypto out of memory */
	EVP_MD_CTX_free(ctx);
	md[6] = (unsigned char)((md[6] & 0x0f) | 0x50);   /* version 5 */
	md[8] = (unsigned char)((md[8] & 0x3f) | 0x80);   /* RFC 4122 variant */
	static const char hex[] = "0123456789abcdef";
	char *p = buf;
	memcpy(p, "urn:uuid:", 9);
	p += 9;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = hex[md[i] >> 4];
		*p++ = hex[md[i] & 15];
	}
	*p = '\0';
}

void
feed_time(char *buf, int64_t time, int offset)
{
	time_t t = (time_t)(time + (int64_t)offset * 60);
	struct tm tm;
	gmtime_r(&t, &tm);
	unsigned off = (unsigned)(offset < 0 ? -offset : offset);
	size_t n = strftime(buf, 24, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, 8, "%c%02u:%02u", offset < 0 ? '-' : '+',
		 off / 60 % 100, off % 60);
}

/* <name attrs>text</name>, text escaped; nothing when text is NULL. */
static void
element(struct sbuf *out, const char *name, const char *attrs,
	const char *text)
{
	if (!text)
		return;
	sbuf_putf(out, "<%s%s>", name, attrs);
	escape_xml(out, text, strlen(text));
	sbuf_putf(out, "</%s>\n", name);
}

/* <link rel="rel" type="type" href="href"/>; nothing when href is NULL. */
static void
link(struct sbuf *out, const char *rel, const char *type, const char *href)
{
	if (!href)
		return;
	sbuf_putf(out, "<link rel=\"%s\" type=\"%s\" href=\"", rel, type);
	escape_xml(out, href, strlen(href));
	sbuf_puts(out, "\"/>\n");
}

static void
author(struct sbuf *out, const char *name)
{
	sbuf_puts(out, "<author>\n");
	element(out, "name", "", name && name[0] ? name : "?");
	sbuf_puts(out, "</author>\n");
}

/* What a feed and each of its entries both have: id, title, date,
 * author and the page they stand for; a feed also its subtitle and
 * its own address (NULL for an entry).  In the order Atom's examples
 * give them. */
static void
metadata(struct sbuf *out, const char *id, const char *title,
	 const char *subtitle, const char *updated, const char *author_name,
	 const char *self, const char *page)
{
	element(out, "id", "", id);
	element(out, "title", " type=\"text\"", title);
	element(out, "subtitle", " type=\"text\"", subtitle);
	element(out, "updated", "", updated);
	author(out, author_name);
	link(out, "self", "application/atom+xml", self);
	link(out, "alternate", "text/html", page);
}

void
feed_atom(struct sbuf *out, const struct feed *f)
{
	sbuf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		  "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	escape_xml(out, f->lang, strlen(f->lang));
	sbuf_puts(out, "\">\n");
	metadata(out, f->id, f->title, f->subtitle, f->updated, f->author,
		 f->self, f->alternate);
	element(out, "generator", "", f->generator);
	for (size_t i = 0; i < f->n; i++) {
		const struct feed_entry *e = &f->v[i];
		sbuf_puts(out, "<entry>\n");
		metadata(out, e->id, e->title, NULL, e->updated, e->author,
			 NULL, e->link);
		element(out, "content", " type=\"html\"", e->html);
		sbuf_puts(out, "</entry>\n");
	}
	sbuf_puts(out, "</feed>\n");
}
