/*
 * pages.h - the site's pages: decides which pages exist and where, fills
 * each page's view data, renders it with the theme and hands the bytes
 * to the writer.  Every page exists in every language of site.yaml (the
 * default at /, others under /<lang>/), with the default language's text
 * where a translation is missing.  Also writes the theme's static files,
 * entry images, sitemap.xml and robots.txt.
 */
#ifndef OCOP_PAGES_H
#define OCOP_PAGES_H

#include "../load/source.h"
#include "../model/catalog.h"
#include "theme.h"

/*
 * Where finished files go.  Rendering does not know how files are
 * written (a temporary folder swapped in, later only the files whose
 * bytes changed): main() hands it the writer's function.  write returns
 * 0, or -1 after filing a diag.
 */
struct page_sink {
	int (*write)(void *payload, const char *path, const void *data,
		     size_t len);
	void *payload;
};

struct build_info {
	const char *commit;        /* full id, or NULL when not from git */
	const char *version;
};

/*
 * Checks what only the site's layout decides, without rendering: a free
 * page may not take the name of one of the site's own folders, and no
 * two files of the site (pages, theme files, images, sitemap.xml...)
 * may have the same path, nor a file the path of another's folder; each
 * collision is a diag naming both sources.  Skipped (returns 0) when dl
 * already holds errors.  Paths are kept in a.  Returns 0, or -1 after
 * filing diags.  pages_build() checks it too; `ocop check` calls it so
 * that it reports everything a build would.
 */
int pages_check(const struct catalog *c, const struct theme *th,
		struct arena *a, struct diag_list *dl);

/* Renders and writes the whole site.  Returns 0, or -1 after filing a
 * diag (template error, write error). */
int pages_build(const struct catalog *c, const struct theme *th,
		const struct source_set *src, const struct build_info *info,
		const struct page_sink *sink, struct arena *a,
		struct diag_list *dl);

#endif
