/*
 * pages.h - the site's pages: renders each item of the plan
 * (plan/plan.h decides which pages exist and where), fills each page's
 * view data, renders it with the theme and hands the bytes to the
 * writer.  Every page exists in every language of site.yaml (the
 * default at /, others under /<lang>/), with the default language's text
 * where a translation is missing.  Also writes the theme's static files,
 * entry images, sitemap.xml and robots.txt.
 */
#ifndef OCOP_PAGES_H
#define OCOP_PAGES_H

#include "../load/source.h"
#include "../model/catalog.h"
#include "../plan/plan.h"
#include "../util/exit.h"
#include "theme.h"

struct cache;

/*
 * Where finished files go.  Rendering does not know how files are
 * written (a temporary folder swapped in, later only the files whose
 * bytes changed): `ocop build` (src/cmd/build.c) hands it the writer's
 * functions.  write returns 0, or -1 after filing a diag; key (16
 * bytes, or NULL) is what a page was made from: its data and template,
 * hashed.  keep, when not NULL, is out_keep() (write/out.h): it puts
 * the previous build's file made from the same key in place and
 * returns 1, or returns 0 (the page is rendered and written) or -1.
 */
enum { PAGE_KEY_BYTES = 16 };

struct page_sink {
	int (*write)(void *payload, const char *path, const void *data,
		     size_t len, const unsigned char *key);
	int (*keep)(void *payload, const char *path, const unsigned char *key,
		    const void *check, size_t check_len);
	void *payload;
};

struct build_info {
	const char *commit;        /* full id, or NULL when not from git */
	const char *version;
	struct cache *qr_codes;    /* QR codes of earlier builds (qr.h), or
				      NULL */
	bool timings;              /* OCOP_TIMINGS: print the time and
				      bytes of each kind of file */
	const char *program;       /* a digest of ocop's own program, part
				      of every page's key; NULL: no keys */
	bool check_kept;           /* OCOP_CHECK_KEPT: render the pages
				      that could be kept, and fail if one
				      differs */
};

/* The theme's static files, as files of the plan (static/x → x).
 * Returns how many; *out is in a. */
size_t pages_theme_files(struct plan_file **out, const struct theme *th,
			 struct arena *a);

/*
 * Renders and writes every item of the plan with jobs workers (the
 * calling thread and jobs - 1 threads; at most WORKERS_MAX), each
 * with its own arena and buffers; sink->write must be safe to call from
 * several threads at once.  What every page shares (product cards,
 * per-language data) is built in a first, before any worker starts, and
 * the theme's templates are frozen.  The output and the diags are the
 * same whatever jobs is: on failure, the diags are those of the first
 * failing item in plan order.  Returns EXIT_OK, or after filing a diag
 * EXIT_ERRORS (the catalog's or the theme's fault: a template error, a
 * QR code too long) or EXIT_SYSTEM (a file could not be written).
 */
enum exit_status pages_build(const struct plan *plan, const struct theme *th,
			     const struct build_info *info,
			     const struct page_sink *sink, int jobs,
			     struct arena *a, struct diag_list *dl);

#endif
