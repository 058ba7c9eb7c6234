/*
 * Field by field reading of entries.  The order of checks follows the
 * contract's order of fields, so diags of one file come out in line
 * order even before sorting.
 */
#include "entry.h"

#include <string.h>

#include "date.h"
#include "read.h"
#include "site.h"
#include "../util/banned.h"

const char *const model_group_slugs[GROUP_COUNT] = {
	"thuc-pham", "do-uong", "duoc-lieu", "thu-cong-my-nghe",
	"sinh-vat-canh", "dich-vu-du-lich",
};
const char *const model_producer_type_slugs[PRODUCER_TYPE_COUNT] = {
	"htx", "doanh-nghiep", "to-hop-tac", "ho-kinh-doanh",
};
const char *const model_pos_kind_slugs[POS_KIND_COUNT] = {
	"ocop-store", "ocop-centre", "supermarket", "tourist-site", "market",
	"other",
};
const char *const model_ip_type_slugs[IP_TYPE_COUNT] = {
	"", "geographical-indication", "collective-mark", "certification-mark",
};
const char *const model_cert_status_slugs[3] = { "valid", "expired", "revoked" };

static void
read_common(struct entry *e, struct reader *r, const struct fm_node *m)
{
	read_text(r, m, "name", true, &e->name);
	read_text(r, m, "summary", false, &e->summary);
	read_bool(r, m, "draft", &e->draft);
}

/* Host part of an https URL, or false when url is not https://host/... */
static bool
https_host(const char *url, const char **host, size_t *len)
{
	if (strncmp(url, "https://", 8) != 0)
		return false;
	const char *h = url + 8;
	/* browsers end the host at '\\' too, as at '/' */
	size_t n = strcspn(h, "/?#:\\");
	if (!n)
		return false;
	*host = h;
	*len = n;
	return true;
}

static void
read_stars(struct product *p, struct reader *r, const struct fm_node *m)
{
	long stars;
	if (!read_long(r, m, "stars", true, &stars))
		return;
	if (stars == 0) {
		diag_error(r->dl, read_pos(m, "stars"), "stars",
			   "stars must be 3, 4 or 5, found 0");
		diag_hint(r->dl, "a product that is not rated yet is not published: mark it \"draft: true\"");
		return;
	}
	if (stars < 3 || stars > 5) {
		diag_error(r->dl, read_pos(m, "stars"), "stars",
			   "stars must be 3, 4 or 5, found %ld", stars);
		return;
	}
	p->stars = (int)stars;
	read_bool(r, m, "potential_5_star", &p->potential_5_star);
	if (p->potential_5_star && p->stars != 4)
		diag_error(r->dl, read_pos(m, "potential_5_star"), "potential",
			   "potential_5_star is only for 4-star products, this one has %d",
			   p->stars);
}

static void
read_certificate(struct product *p, struct reader *r, const struct fm_node *m,
		 struct entry_env *env)
{
	const struct fm_node *c;
	struct certificate *cert = &p->cert;
	if (!read_map(r, m, "certificate", true, &c))
		return;
	cert->at = c->at;
	read_text(r, c, "number", true, &cert->number);
	read_text(r, c, "issuer", false, &cert->issuer);
	bool issued = read_date(r, c, "issued", true, &cert->issued);
	if (issued && cert->issued.days > env->as_of_days) {
		char iso[11];
		struct date today = date_from_days(env->as_of_days);
		date_iso(&today, iso);
		diag_error(r->dl, read_pos(c, "issued"), "date",
			   "certificate issued date is in the future (the build date is %s)",
			   iso);
	}
	cert->expires_given = read_date(r, c, "expires", false, &cert->expires);
	if (!cert->expires_given && issued)
		cert->expires = date_add_months(cert->issued,
						env->site->certificate_months);
	if (cert->expires_given && issued &&
	    cert->expires.days <= cert->issued.days)
		diag_error(r->dl, read_pos(c, "expires"), "date",
			   "certificate expires on or before the day it was issued");

	const struct fm_node *rv;
	if (read_map(r, c, "revoked", false, &rv)) {
		struct revocation *x = &cert->revoked;
		x->set = read_date(r, rv, "date", true, &x->date);
		read_text(r, rv, "decision", false, &x->decision);
		read_text(r, rv, "reason", false, &x->reason);
		if (x->set && issued && x->date.days < cert->issued.days)
			diag_error(r->dl, read_pos(rv, "date"), "date",
				   "certificate revoked before it was issued");
		static const char *const known[] = { "date", "decision", "reason", NULL };
		read_warn_unknown(r, rv, known);
	}
	static const char *const known[] = { "number", "issued", "issuer",
					     "expires", "revoked", NULL };
	read_warn_unknown(r, c, known);
}

static void
read_price(struct product *p, struct reader *r, const struct fm_node *m)
{
	const struct fm_node *pr;
	if (!read_map(r, m, "price", false, &pr))
		return;
	bool ok = read_long(r, pr, "from", true, &p->price.from);
	read_long(r, pr, "to", false, &p->price.to);
	read_text(r, pr, "unit", false, &p->price.unit);
	if (ok && p->price.from < 0)
		diag_error(r->dl, read_pos(pr, "from"), "price",
			   "price must not be negative");
	if (ok && p->price.to && p->price.to < p->price.from)
		diag_error(r->dl, read_pos(pr, "to"), "price",
			   "price \"to\" (%ld) is lower than \"from\" (%ld)",
			   p->price.to, p->price.from);
	p->price.set = ok;
	static const char *const known[] = { "from", "to", "unit", NULL };
	read_warn_unknown(r, pr, known);
}

/* Where an image written in an entry lives in the source tree: beside
 * the entry's file (bundles) or relative to the entry's folder. */
static const char *
image_source_path(struct arena *a, const struct entry *e, const char *src)
{
	const char *slash = strrchr(e->path, '/');
	size_t dirlen = slash ? (size_t)(slash - e->path) + 1 : 0;
	return arena_printf(a, "%.*s%s", (int)dirlen, e->path, src);
}

static bool
safe_relative(const char *s)
{
	if (!*s || s[0] == '/' || strstr(s, "://") || strchr(s, '\\'))
		return false;
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "/");
		if ((n == 2 && !strncmp(p, "..", 2)) || (n == 1 && *p == '.') ||
		    n == 0)
			return false;
		p += n;
		if (*p == '/')
			p++;
	}
	return true;
}

static void
read_images(struct product *p, struct reader *r, const struct fm_node *m,
	    struct entry_env *env)
{
	const struct fm_node *v = fm_get(m, "images");
	if (!v || fm_is_null(v))
		return;
	if (v->kind != FM_SEQ) {
		diag_error(r->dl, v->at, "type",
			   "\"images\" must be a list of {src, alt}");
		return;
	}
	p->images = arena_array(r->a, v->n, sizeof(*p->images));
	for (size_t i = 0; i < v->n; i++) {
		const struct fm_node *im = v->items[i];
		struct image *img = &p->images[p->n_images];
		if (im->kind == FM_SCALAR) {
			img->src = im->str;
		} else if (im->kind == FM_MAP) {
			if (!read_text(r, im, "src", true, &img->src))
				continue;
			read_text(r, im, "alt", false, &img->alt);
			static const char *const known[] = { "src", "alt", NULL };
			read_warn_unknown(r, im, known);
		} else {
			diag_error(r->dl, im->at, "type",
				   "each image must be {src, alt}");
			continue;
		}
		struct pos at = im->kind == FM_MAP ? read_pos(im, "src") : im->at;
		if (!img->alt) {
			diag_warning(r->dl, im->at, "alt",
				     "image \"%s\" has no alt text: the product name is used",
				     img->src);
			img->alt = p->e.name;
		}
		if (!strncmp(img->src, "https://", 8)) {
			p->n_images++;     /* an image hosted elsewhere: linked as is */
			continue;
		}
		if (!safe_relative(img->src)) {
			diag_error(r->dl, at, "image",
				   "image \"%s\" must be a path inside the content folder, without \"..\"",
				   img->src);
			continue;
		}
		const char *path = image_source_path(r->a, &p->e, img->src);
		const struct source *f = source_find(env->src, path);
		if (!f) {
			diag_error(r->dl, at, "image", "image \"%s\" not found (looked for %s)",
				   img->src, path);
			continue;
		}
		if (f->is_symlink) {
			diag_error(r->dl, at, "image",
				   "image \"%s\" is a symbolic link: commit the image itself",
				   img->src);
			continue;
		}
		/* The copy keeps its place under content/, minus "content/". */
		img->out_path = path + strlen("content/");
		p->n_images++;
	}
}

static void
read_shops(struct product *p, struct reader *r, const struct fm_node *m,
	   struct entry_env *env)
{
	const struct fm_node *v = fm_get(m, "shops");
	if (!v || fm_is_null(v))
		return;
	if (v->kind != FM_SEQ) {
		diag_error(r->dl, v->at, "type",
			   "\"shops\" must be a list of {platform, url}");
		return;
	}
	p->shops = arena_array(r->a, v->n, sizeof(*p->shops));
	for (size_t i = 0; i < v->n; i++) {
		const struct fm_node *s = v->items[i];
		struct shop *shop = &p->shops[p->n_shops];
		if (s->kind != FM_MAP) {
			diag_error(r->dl, s->at, "type",
				   "each shop must be {platform, url}");
			continue;
		}
		bool ok = read_text(r, s, "platform", true, &shop->platform);
		ok &= read_text(r, s, "url", true, &shop->url);
		static const char *const known[] = { "platform", "url", NULL };
		read_warn_unknown(r, s, known);
		if (!ok)
			continue;
		shop->at = s->at;
		const struct platform *pl = site_platform(env->site, shop->platform);
		if (!pl) {
			diag_error(r->dl, read_pos(s, "platform"), "platform",
				   "unknown platform \"%s\": add it to platforms in site.yaml or use one listed there",
				   shop->platform);
			continue;
		}
		const char *host;
		size_t hl;
		if (!https_host(shop->url, &host, &hl)) {
			diag_error(r->dl, read_pos(s, "url"), "url",
				   "shop link must start with https://, found \"%s\"",
				   shop->url);
			continue;
		}
		if (!site_platform_has_host(pl, host, hl)) {
			diag_error(r->dl, read_pos(s, "url"), "url",
				   "shop link host \"%.*s\" is not a %s address",
				   (int)hl, host, pl->name);
			continue;
		}
		p->n_shops++;
	}
}

void
product_read(struct product *p, const struct fm_node *m, struct entry_env *env)
{
	struct reader r = { env->a, env->dl, "product" };
	read_common(&p->e, &r, m);
	if (p->e.draft)
		return;   /* drafts are never published, nor checked further */
	read_stars(p, &r, m);
	int g = 0;
	if (read_enum(&r, m, "group", true, model_group_slugs, GROUP_COUNT, &g))
		p->group = (enum group)g;
	read_text(&r, m, "subgroup", false, &p->subgroup);
	read_text(&r, m, "code", false, &p->code);
	if (read_text(&r, m, "producer", true, &p->producer_slug))
		p->producer_at = read_pos(m, "producer");
	read_location(&r, m, "location", &p->location);
	read_certificate(p, &r, m, env);
	read_price(p, &r, m);
	read_images(p, &r, m, env);
	read_strlist(&r, m, "standards", &p->standards, NULL);

	const struct fm_node *ip;
	if (read_map(&r, m, "ip", false, &ip)) {
		int t = 0;
		if (read_enum(&r, ip, "type", true, model_ip_type_slugs + 1,
			      IP_TYPE_COUNT - 1, &t))
			p->ip_type = (enum ip_type)(t + 1);
		read_text(&r, ip, "name", true, &p->ip_name);
		static const char *const known[] = { "type", "name", NULL };
		read_warn_unknown(&r, ip, known);
	}
	const struct fm_node *tr;
	if (read_map(&r, m, "traceability", false, &tr)) {
		read_text(&r, tr, "gtin", false, &p->gtin);
		read_text(&r, tr, "url", false, &p->trace_url);
		if (p->trace_url && strncmp(p->trace_url, "https://", 8) &&
		    strncmp(p->trace_url, "http://", 7)) {
			diag_error(r.dl, read_pos(tr, "url"), "url",
				   "traceability url must start with https://");
			p->trace_url = NULL;
		}
		static const char *const known[] = { "gtin", "url", NULL };
		read_warn_unknown(&r, tr, known);
	}
	read_strlist(&r, m, "points_of_sale", &p->pos_slugs, &p->pos_at);
	read_shops(p, &r, m, env);
	read_strlist(&r, m, "export_markets", &p->export_markets, NULL);
	read_strlist(&r, m, "tags", &p->tags, NULL);

	static const char *const known[] = {
		"name", "stars", "potential_5_star", "group", "subgroup", "code",
		"producer", "summary", "location", "certificate", "price",
		"images", "standards", "ip", "traceability", "points_of_sale",
		"shops", "export_markets", "tags", "draft", NULL
	};
	read_warn_unknown(&r, m, known);
}

void
producer_read(struct producer *p, const struct fm_node *m, struct entry_env *env)
{
	struct reader r = { env->a, env->dl, "producer" };
	read_common(&p->e, &r, m);
	if (p->e.draft)
		return;   /* drafts are never published, nor checked further */
	int t = 0;
	if (read_enum(&r, m, "type", true, model_producer_type_slugs,
		      PRODUCER_TYPE_COUNT, &t))
		p->type = (enum producer_type)t;
	read_location(&r, m, "location", &p->location);
	read_text(&r, m, "representative", false, &p->representative);
	read_text(&r, m, "phone", false, &p->phone);
	read_text(&r, m, "email", false, &p->email);
	read_text(&r, m, "website", false, &p->website);
	if (p->website && strncmp(p->website, "https://", 8) &&
	    strncmp(p->website, "http://", 7)) {
		diag_error(r.dl, read_pos(m, "website"), "url",
			   "website must start with https:// (or http://)");
		p->website = NULL;
	}
	static const char *const known[] = {
		"name", "type", "location", "representative", "phone", "email",
		"website", "summary", "draft", NULL
	};
	read_warn_unknown(&r, m, known);
}

void
pos_read(struct point_of_sale *p, const struct fm_node *m, struct entry_env *env)
{
	struct reader r = { env->a, env->dl, "point of sale" };
	read_common(&p->e, &r, m);
	if (p->e.draft)
		return;   /* drafts are never published, nor checked further */
	int k = 0;
	if (read_enum(&r, m, "kind", true, model_pos_kind_slugs, POS_KIND_COUNT,
		      &k))
		p->kind = (enum pos_kind)k;
	read_location(&r, m, "location", &p->location);
	read_text(&r, m, "hours", false, &p->hours);
	read_text(&r, m, "phone", false, &p->phone);
	static const char *const known[] = {
		"name", "kind", "location", "hours", "phone", "summary", "draft",
		NULL
	};
	read_warn_unknown(&r, m, known);
}

void
page_read(struct page *p, const struct fm_node *m, struct entry_env *env)
{
	struct reader r = { env->a, env->dl, "page" };
	read_common(&p->e, &r, m);
	static const char *const known[] = { "name", "summary", "draft", NULL };
	read_warn_unknown(&r, m, known);
}
