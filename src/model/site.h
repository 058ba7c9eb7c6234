/*
 * site.h - site.yaml: title, base URL, languages, theme, certificate
 * length, page size, the e-commerce platforms shops may use and the
 * names of product subgroups.
 * Missing optional settings get the contract's defaults (vi, theme
 * "default", 36 months, 24 per page, the eight platforms of the
 * contract).  The struct lives in the arena.
 */
#ifndef OCOP_SITE_H
#define OCOP_SITE_H

#include "../load/source.h"
#include "../util/arena.h"
#include "../util/diag.h"
#include "model.h"

/* Reads site.yaml from the source set (missing: error).  Returns 0, or
 * -1 after filing diags. */
int site_read(struct site *out, const struct source_set *src, struct arena *a,
	      struct diag_list *dl);

/* Index of language code in site->languages, or -1. */
int site_lang_index(const struct site *s, const char *code);

/* Borrowed: the platform with this key, or NULL. */
const struct platform *site_platform(const struct site *s, const char *key);

/* Borrowed: the names site.yaml gives the subgroup slug, or NULL.  The
 * theme's names and the order of fallbacks are theme_subgroup_name()'s. */
const struct subgroup_names *site_subgroup(const struct site *s,
					   const char *slug);

/* True when host (of a shop URL, as url_parse() gives it) belongs to
 * the platform: equal to one of its hosts, a subdomain of one, or the
 * platform accepts "*" (url_host_matches()).  The platform's hosts are
 * normalised when site.yaml is read. */
bool site_platform_has_host(const struct platform *p, const char *host);

#endif
