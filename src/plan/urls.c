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
	"provinces", "producer-types", "platforms", "assets", "page", NULL
};

const char *
urls_product(struct arena *a, const char *slug)
{
	return arena_printf(a, "products/%s/", slug);
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
