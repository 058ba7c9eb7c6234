/*
 * path.c - the layout of content/ (path.h).  A path is taken apart from
 * the right: its last component is the file name; "index" or
 * "index.<lang>" before ".md" makes the file a bundle, whose slug is the
 * folder above it; any other name is "<slug>" or "<slug>.<lang>", split
 * at its first dot (so "a.b.en.md" carries the language "b.en", which no
 * site lists).
 */
#include "path.h"

#include <string.h>

#include "read.h"
#include "site.h"
#include "../util/banned.h"

static const char *const kind_dirs[ENTRY_KINDS] = {
	[ENTRY_PRODUCT] = "content/products/",
	[ENTRY_PRODUCER] = "content/producers/",
	[ENTRY_POS] = "content/points-of-sale/",
	[ENTRY_PAGE] = "content/pages/",
};

const char *
path_kind_dir(enum entry_kind k)
{
	return kind_dirs[k];
}

enum entry_kind
path_kind(const char *path)
{
	for (enum entry_kind k = 0; k < ENTRY_KINDS; k++) {
		size_t n = strlen(kind_dirs[k]);
		if (!strncmp(path, kind_dirs[k], n) && path[n])
			return k;
	}
	return ENTRY_KINDS;
}

enum entry_kind
path_kind_on_disk(const char *path)
{
	enum entry_kind kind = ENTRY_KINDS;
	for (const char *p = path; (p = strstr(p, "content/")) != NULL; p++) {
		if (p != path && p[-1] != '/')
			continue;        /* "mycontent/" */
		enum entry_kind k = path_kind(p);
		if (k != ENTRY_KINDS)
			kind = k;
	}
	return kind;
}

static bool
is_markdown(const char *path)
{
	size_t n = strlen(path);
	return n >= 3 && !strcmp(path + n - 3, ".md");
}

enum path_class
path_classify(struct entry_path *out, const char *path,
	      const struct site *site, struct arena *a)
{
	*out = (struct entry_path){ .kind = ENTRY_KINDS };
	if (strncmp(path, "content/", 8) || !is_markdown(path))
		return PATH_OTHER;
	enum entry_kind k = path_kind(path);
	if (k == ENTRY_KINDS)
		return PATH_NO_KIND;
	out->kind = k;

	const char *rel = path + strlen(kind_dirs[k]);
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	size_t blen = strlen(base) - 3;   /* without ".md" */
	if ((blen == 5 || (blen > 5 && base[5] == '.')) &&
	    !strncmp(base, "index", 5)) {
		if (base == rel)
			return PATH_BARE_INDEX;
		const char *end = base - 1, *start = end;
		while (start > rel && start[-1] != '/')
			start--;
		out->slug = arena_strndup(a, start, (size_t)(end - start));
		out->dir = arena_strndup(a, path, (size_t)(base - path));
		if (blen > 5)
			out->lang_code = arena_strndup(a, base + 6, blen - 6);
	} else {
		const char *dot = memchr(base, '.', blen);
		size_t slen = dot ? (size_t)(dot - base) : blen;
		out->slug = arena_strndup(a, base, slen);
		if (dot)
			out->lang_code = arena_strndup(a, dot + 1,
						       blen - slen - 1);
	}
	if (out->lang_code) {
		out->lang = site_lang_index(site, out->lang_code);
		if (out->lang < 0)
			return PATH_BAD_LANG;
	}
	return read_is_slug(out->slug) ? PATH_ENTRY : PATH_BAD_SLUG;
}
