/*
 * path.h - what a path in a catalog names.  This module owns the layout
 * of content/ (shared/content-model.md): which folder holds which kind
 * of entry, and how a file's name gives the entry's slug and language:
 *
 *   content/<kind>/.../<slug>.md                 default language
 *   content/<kind>/.../<slug>.<lang>.md          a translation
 *   content/<kind>/.../<slug>/index.md           a bundle: the folder
 *   content/<kind>/.../<slug>/index.<lang>.md    names the entry
 *
 * where <kind> is products, producers, points-of-sale or pages.  Folders
 * between the kind folder and the file (a province, a district) are for
 * editors and mean nothing.
 *
 * Only the text of a path is looked at: whether the file is a link, or
 * can be read, is for the caller.  Nothing here files a diag: the result
 * says why a path is not an entry, and the caller words the message
 * (model/catalog.c) or passes over the file (write/fmt.c).
 */
#ifndef OCOP_PATH_H
#define OCOP_PATH_H

#include "model.h"
#include "../util/arena.h"

/* What path_classify() found. */
enum path_class {
	PATH_ENTRY,       /* an entry's file: every field is set */
	PATH_OTHER,       /* not a Markdown file under content/ (an image,
			     site.yaml, a theme file): kind is ENTRY_KINDS,
			     the strings NULL */
	PATH_NO_KIND,     /* Markdown under content/ but outside the four
			     kind folders: as PATH_OTHER */
	PATH_BARE_INDEX,  /* index.md (or index.<lang>.md) right inside a
			     kind folder, with no folder to name the entry:
			     kind is set */
	PATH_BAD_LANG,    /* the name carries a language that site.yaml
			     does not list: every field is set, lang to -1 */
	PATH_BAD_SLUG,    /* the slug the name gives is not a valid slug
			     (read_is_slug()): every field is set */
};

/* An entry's file, as its path names it. */
struct entry_path {
	enum entry_kind kind;
	const char *slug;       /* as the name gives it */
	const char *dir;        /* a bundle's folder, with its '/'
				   ("content/products/keo/"), or NULL */
	const char *lang_code;  /* the language the name carries ("en"), or
				   NULL when it carries none */
	int lang;               /* index of lang_code in site->languages;
				   0 (the default language) when none */
};

/* The folder that holds the entries of kind k, "content/products/" and
 * so on.  Static. */
const char *path_kind_dir(enum entry_kind k);

/*
 * The kind of entry whose folder path lies in: path, relative to the
 * catalog's top folder, starts with path_kind_dir() and names something
 * inside it.  ENTRY_KINDS when it does not.
 */
enum entry_kind path_kind(const char *path);

/*
 * The same for a path on disk, relative or absolute
 * ("./content/products/a.md", "/srv/dard/content/pages/x.md"): the kind
 * from the last "content/" component from which path_kind() finds one,
 * or ENTRY_KINDS.  Any file name counts, not only *.md.
 */
enum entry_kind path_kind_on_disk(const char *path);

/*
 * Classifies path, relative to the catalog's top folder, against the
 * languages of site.  Fills *out as enum path_class says and returns
 * the class.  Language codes and the slug are checked in that order,
 * so a file wrong in both is PATH_BAD_LANG.  The strings of *out are
 * copied into a.
 */
enum path_class path_classify(struct entry_path *out, const char *path,
			      const struct site *site, struct arena *a);

#endif
