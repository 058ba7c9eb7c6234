/*
 * urls.c - see urls.h.  The top-level folders are listed once, here,
 * and the functions below are the only code that spells them.
 */
#include "urls.h"

#include <string.h>

#include "../util/fold.h"
#include "../util/banned.h"

/* The site's own top-level folders; "page" is kept for the home's
 * pagination should it ever have one. */
static const char *const reserved[] = {
	"products", "producers", "points-of-sale", "stars", "groups",
	"provinces", "producer-types", "platforms", "decisions", "assets",
	"page", "api", "data", "embed", "search", "changes", "verify", "status",
	"versions", NULL
};

/* The most bytes of a decision's number, and of its issuer, that its
 * slug keeps: a folder name must stay well within the 255 bytes a file
 * system allows, whatever a content file writes. */
enum { NUMBER_MAX = 40, ISSUER_MAX = 60 };

const char *
urls_product(struct arena *a, const char *slug)
{
	return arena_printf(a, "products/%s/", slug);
}

const char *
urls_status(struct arena *a, const char *slug)
{
	return arena_printf(a, "status/%s/", slug);
}

const char *
urls_data(struct arena *a, const char *name)
{
	return arena_printf(a, "api/v1/%s", name);
}

const char *
urls_data_page(void)
{
	return "data/";
}

const char *
urls_product_data(struct arena *a, const char *slug)
{
	return arena_printf(a, "api/v1/products/%s.json", slug);
}

const char *
urls_embed_page(void)
{
	return "embed/";
}

const char *
urls_embed_script(void)
{
	return "embed.js";
}

const char *
urls_embed_data(struct arena *a, const char *url)
{
	size_t n = strlen(url);
	if (n && url[n - 1] == '/')
		n--;
	return arena_printf(a, "embed/data/%.*s.json", (int)n, url);
}

const char *
urls_search_page(void)
{
	return "search/";
}

const char *
urls_search_file(struct arena *a, const char *name)
{
	return arena_printf(a, "search/%s", name);
}

const char *
urls_verify_page(void)
{
	return "verify/";
}

const char *
urls_verify_keys(struct arena *a, size_t shard)
{
	return arena_printf(a, "verify/keys/%zu.json", shard);
}

const char *
urls_verify_query(struct arena *a, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(text);
	char *q = arena_alloc(a, n * 3 + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
		    c == '~') {
			q[k++] = (char)c;
		} else {
			q[k++] = '%';
			q[k++] = hex[c >> 4];
			q[k++] = hex[c & 15];
		}
	}
	return arena_printf(a, "%s?q=%s", urls_verify_page(), q);
}

const char *
urls_product_history(struct arena *a, const char *slug)
{
	return urls_entry_history(a, ENTRY_PRODUCT, slug);
}

const char *
urls_entry_history(struct arena *a, enum entry_kind k, const char *slug)
{
	return arena_printf(a, "%shistory/", urls_entry(a, k, slug));
}

const char *
urls_changes(void)
{
	return "changes/";
}

const char *
urls_versions(void)
{
	return "versions/";
}

const char *
urls_changes_feed(void)
{
	return "changes.atom";
}

const char *
urls_search_script(void)
{
	return "assets/search.js";
}

const char *
urls_oembed(struct arena *a, const char *url)
{
	return arena_printf(a, "%soembed.json", url);
}

const char *
urls_product_qr(struct arena *a, const char *slug)
{
	return arena_printf(a, "products/%s/qr.svg", slug);
}

const char *
urls_product_label(struct arena *a, const char *slug)
{
	return arena_printf(a, "products/%s/label/", slug);
}

const char *
urls_pos_labels(struct arena *a, const char *slug)
{
	return arena_printf(a, "points-of-sale/%s/labels/", slug);
}

const char *
urls_producer(struct arena *a, const char *slug)
{
	return arena_printf(a, "producers/%s/", slug);
}

const char *
urls_pos(struct arena *a, const char *slug)
{
	return arena_printf(a, "points-of-sale/%s/", slug);
}

const char *
urls_page(struct arena *a, const char *slug)
{
	return arena_printf(a, "%s/", slug);
}

const char *
urls_products(void)
{
	return "products/";
}

const char *
urls_producers(void)
{
	return "producers/";
}

const char *
urls_points_of_sale(void)
{
	return "points-of-sale/";
}

const char *
urls_stars(struct arena *a, int stars)
{
	return arena_printf(a, "stars/%d/", stars);
}

const char *
urls_group(struct arena *a, const char *group_slug)
{
	return arena_printf(a, "groups/%s/", group_slug);
}

const char *
urls_producer_type(struct arena *a, const char *type_slug)
{
	return arena_printf(a, "producer-types/%s/", type_slug);
}

const char *
urls_platform(struct arena *a, const char *key)
{
	return arena_printf(a, "platforms/%s/", key);
}

const char *
urls_place_slug(struct arena *a, const char *name)
{
	const char *s = fold_slug(a, name);
	return *s ? s : "-";
}

const char *
urls_province(struct arena *a, const char *province)
{
	return arena_printf(a, "provinces/%s/", urls_place_slug(a, province));
}

const char *
urls_commune(struct arena *a, const char *province, const char *commune)
{
	return arena_printf(a, "provinces/%s/communes/%s/",
			    urls_place_slug(a, province),
			    urls_place_slug(a, commune));
}

const char *
urls_district(struct arena *a, const char *province, const char *district)
{
	return arena_printf(a, "provinces/%s/districts/%s/",
			    urls_place_slug(a, province),
			    urls_place_slug(a, district));
}

/* s (a folded slug) cut to at most max bytes, at a hyphen when one is
 * near, never ending in one. */
static const char *
cut_slug(struct arena *a, const char *s, size_t max)
{
	size_t len = strlen(s);
	if (len <= max)
		return s;
	len = max;
	for (size_t k = max; k > max / 2; k--)
		if (s[k] == '-') {
			len = k;
			break;
		}
	while (len && s[len - 1] == '-')
		len--;
	return arena_strndup(a, s, len);
}

const char *
urls_decision_slug(struct arena *a, const char *number, const char *issuer,
		   const char *issued_iso)
{
	const char *n = cut_slug(a, fold_slug(a, number ? number : ""),
				 NUMBER_MAX);
	const char *i = cut_slug(a, fold_slug(a, issuer ? issuer : ""),
				 ISSUER_MAX);
	const char *d = fold_slug(a, issued_iso);
	/* the date is digits and hyphens, never empty: the slug is not */
	return arena_printf(a, "%s%s%s%s%s", n, *n ? "-" : "", d,
			    *i ? "-" : "", i);
}

const char *
urls_decision(struct arena *a, const char *slug)
{
	return arena_printf(a, "decisions/%s/", slug);
}

const char *
urls_list_page(struct arena *a, const char *url, size_t n)
{
	return n ? arena_printf(a, "%spage/%zu/", url, n + 1) : url;
}

const char *
urls_lang_prefix(struct arena *a, const char *code, int lang)
{
	return lang ? arena_printf(a, "%s/", code) : "";
}

bool
urls_is_reserved(const char *name)
{
	for (const char *const *r = reserved; *r; r++)
		if (!strcmp(*r, name))
			return true;
	return false;
}

const char *
urls_entry(struct arena *a, enum entry_kind k, const char *slug)
{
	switch (k) {
	case ENTRY_PRODUCT:
		return urls_product(a, slug);
	case ENTRY_PRODUCER:
		return urls_producer(a, slug);
	case ENTRY_POS:
		return urls_pos(a, slug);
	case ENTRY_PAGE:
	case ENTRY_KINDS:
		break;
	}
	return urls_page(a, slug);
}
