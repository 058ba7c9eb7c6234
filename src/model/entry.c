/*
 * Field by field reading of entries.  The order of checks follows the
 * contract's order of fields, so diags of one file come out in line
 * order even before sorting.
 */
#include "entry.h"

#include <string.h>

#include "date.h"
#include "image.h"
#include "read.h"
#include "site.h"
#include "../util/sbuf.h"
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
const char *const model_cert_status_slugs[CERT_STATUSES] = {
	"valid", "expired", "revoked", "pending", "unpublished"
};

const char *const entry_product_fields[] = {
	"name", "stars", "potential_5_star", "group", "subgroup", "code",
	"producer", "summary", "location", "certificate", "price", "images",
	"standards", "ip", "traceability", "points_of_sale", "shops",
	"export_markets", "tags", "draft", NULL
};
const char *const entry_producer_fields[] = {
	"name", "type", "location", "representative", "phone", "email",
	"website", "summary", "draft", NULL
};
const char *const entry_pos_fields[] = {
	"name", "kind", "location", "hours", "phone", "summary", "draft", NULL
};
const char *const entry_page_fields[] = { "name", "summary", "draft", NULL };

/* draft first: a draft is not checked, so a name it holds while the
 * real one is not known yet ("Chưa rõ") is no placeholder error */
static void
read_common(struct entry *e, struct reader *r, const struct fm_node *m)
{
	read_bool(r, m, "draft", &e->draft);
	r->draft = e->draft;
	if (read_text(r, m, "name", true, &e->name))
		e->name_at = read_pos(m, "name");
	read_text(r, m, "summary", false, &e->summary);
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
		diag_hint(r->dl, "write 3, 4 or 5: the number of stars on the certificate");
		return;
	}
	p->stars = (int)stars;
	read_bool(r, m, "potential_5_star", &p->potential_5_star);
	if (p->potential_5_star && p->stars != 4) {
		diag_error(r->dl, read_pos(m, "potential_5_star"), "potential",
			   "potential_5_star is only for 4-star products, this one has %d",
			   p->stars);
		diag_hint(r->dl, "delete the line potential_5_star, or write potential_5_star: false");
	}
}

/* Whether key of the certificate c is absent, null or a placeholder:
 * the source did not give it (read_text or read_date said so). */
static bool
not_given(const struct fm_node *c, const char *key)
{
	const struct fm_node *v = fm_get(c, key);
	return !v || (v->kind == FM_SCALAR &&
		      (fm_is_null(v) || read_is_placeholder(v->str)));
}

/* A decision's number has digits, and not only zeros: "1234/QĐ-UBND",
 * "01/QĐ-UBND", never "…/QĐ-UBND" or "000/QĐ-UBND". */
static bool
has_decision_number(const char *s)
{
	s += strcspn(s, "0123456789");
	for (; *s >= '0' && *s <= '9'; s++)
		if (*s != '0')
			return true;
	return false;
}

/*
 * certificate: { details: unknown, issuer: ... } publishes a product
 * whose certificate's number and date its source did not give.  The
 * entry says so in as many words, so that a forgotten line is never
 * taken for it, and still names who rated the product, which a reader
 * can ask.  A number, issue or expiry date beside it contradicts it.
 */
static void
read_details_unknown(struct certificate *cert, struct reader *r,
		     const struct fm_node *c)
{
	static const char *const dated[] = { "number", "issued", "expires" };
	for (size_t i = 0; i < sizeof(dated) / sizeof(dated[0]); i++) {
		const struct fm_node *v = fm_get(c, dated[i]);
		if (!v || (v->kind == FM_SCALAR && fm_is_null(v)))
			continue;
		diag_error(r->dl, v->at, "certificate",
			   "\"%s\" is given, but \"details: unknown\" says the certificate's number and date are not known",
			   dated[i]);
		diag_hint(r->dl, "if the decision is known, delete the line \"details: unknown\"; otherwise delete \"%s\"",
			  dated[i]);
	}
	size_t before = r->dl->n;
	if (!read_text(r, c, "issuer", true, &cert->issuer) &&
	    r->dl->n > before && !fm_get(c, "issuer"))
		diag_hint(r->dl, "name who rated the product, as in issuer: UBND tỉnh Hà Tĩnh; a certificate whose details are unknown still says who issued it");
}

/*
 * The decision that recognised the product: its number and dates.
 * Dates the programme rules out are errors: an issue before it was
 * approved (start), an expiry on or before the issue.  Returns whether
 * the issue date was read.
 */
static bool
read_decision(struct certificate *cert, struct reader *r,
	      const struct fm_node *c, struct entry_env *env,
	      const struct date *start)
{
	size_t before = r->dl->n;
	if (read_text(r, c, "number", true, &cert->number)) {
		cert->number_at = read_pos(c, "number");
		if (!has_decision_number(cert->number)) {
			diag_error(r->dl, cert->number_at, "certificate",
				   "certificate number \"%s\" does not give the decision's number",
				   cert->number);
			diag_hint(r->dl, "write the number of the decision that recognised the product, as in 1234/QĐ-UBND; if its number and date are not known, write \"details: unknown\" instead of number and issued");
		}
	} else if (r->dl->n > before && not_given(c, "number")) {
		diag_hint(r->dl, "write the number of the decision that recognised the product, as in 1234/QĐ-UBND; if its number and date are not known, write \"details: unknown\" instead of number and issued");
	}
	read_text(r, c, "issuer", false, &cert->issuer);
	before = r->dl->n;
	bool issued = read_date(r, c, "issued", true, &cert->issued);
	if (issued)
		cert->issued_at = read_pos(c, "issued");
	else if (r->dl->n > before && not_given(c, "issued"))
		diag_hint(r->dl, "write the date of the decision that recognised the product, as YYYY-MM-DD; if its number and date are not known, write \"details: unknown\" instead of number and issued");
	if (issued && cert->issued.days < start->days) {
		char day[11];
		date_iso(&cert->issued, day);
		diag_error(r->dl, cert->issued_at, "date",
			   "certificate issued on %s, before the OCOP programme began (7 May 2018, Decision 490/QĐ-TTg)",
			   day);
		diag_hint(r->dl, "copy the date of the decision that recognised the product; if it is not known, write \"details: unknown\" instead of number and issued");
	}
	cert->expires_at = read_pos(c, fm_get(c, "expires") ? "expires" : "issued");
	if (issued && cert->issued.days > env->as_of_days) {
		/* a decision dated ahead, or a build of an earlier day
		 * (--as-of, SOURCE_DATE_EPOCH): shown as not in force yet */
		char iso[11], day[11];
		struct date today = date_from_days(env->as_of_days);
		date_iso(&today, iso);
		date_iso(&cert->issued, day);
		diag_warning(r->dl, read_pos(c, "issued"), "future-date",
			     "certificate issued on %s, after the build date %s: the product shows as not in force until then",
			     day, iso);
		diag_hint(r->dl, "if the decision is dated so, nothing to do; otherwise check the year (the build date is today, or the date given by --as-of or SOURCE_DATE_EPOCH)");
	}
	cert->expires_given = read_date(r, c, "expires", false, &cert->expires);
	if (!cert->expires_given && issued)
		cert->expires = date_add_months(cert->issued,
						env->site->certificate_months);
	if (cert->expires_given && issued &&
	    cert->expires.days <= cert->issued.days) {
		diag_error(r->dl, read_pos(c, "expires"), "date",
			   "certificate expires on or before the day it was issued");
		diag_hint(r->dl, "check both dates, or delete the line expires: it is then issued plus %d months",
			  env->site->certificate_months);
	}
	return issued;
}

/*
 * The certificate: the decision (read_decision), or details: unknown,
 * and a revocation, which is never before the issue, nor before the
 * programme when the issue is unknown.
 */
static void
read_certificate(struct product *p, struct reader *r, const struct fm_node *m,
		 struct entry_env *env)
{
	const struct fm_node *c;
	struct certificate *cert = &p->cert;
	if (!read_map(r, m, "certificate", true, &c))
		return;
	cert->at = c->at;
	struct date start;
	date_parse(&start, MODEL_OCOP_START);
	static const char *const details[] = { "unknown" };
	int d = 0;
	cert->details_unknown = read_enum(r, c, "details", false, details, 1,
					  &d);
	bool issued = false;
	if (cert->details_unknown)
		read_details_unknown(cert, r, c);
	else
		issued = read_decision(cert, r, c, env, &start);

	const struct fm_node *rv;
	if (read_map(r, c, "revoked", false, &rv)) {
		struct revocation *x = &cert->revoked;
		x->set = read_date(r, rv, "date", true, &x->date);
		read_text(r, rv, "decision", false, &x->decision);
		read_text(r, rv, "reason", false, &x->reason);
		if (x->set && issued && x->date.days < cert->issued.days) {
			diag_error(r->dl, read_pos(rv, "date"), "date",
				   "certificate revoked before it was issued");
			diag_hint(r->dl, "write the date of the revocation decision: it comes after issued");
		} else if (x->set && x->date.days < start.days) {
			char day[11];
			date_iso(&x->date, day);
			diag_error(r->dl, read_pos(rv, "date"), "date",
				   "certificate revoked on %s, before the OCOP programme began (7 May 2018, Decision 490/QĐ-TTg)",
				   day);
			diag_hint(r->dl, "write the date of the revocation decision, as YYYY-MM-DD");
		}
		static const char *const known[] = { "date", "decision", "reason", NULL };
		read_warn_unknown(r, rv, known);
	}
	static const char *const known[] = { "number", "issued", "issuer",
					     "expires", "revoked", "details",
					     NULL };
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
	/* a translation may give its own unit (catalog.c merges price):
	 * the unit is in the language of the file it is written in */
	const char *unit_path = read_pos(pr, "unit").path;
	if (read_text(r, pr, "unit", false, &p->price.unit) && p->e.path &&
	    unit_path && !strcmp(unit_path, p->e.path))
		p->price.unit_lang = p->e.lang;
	if (ok && p->price.from < 0) {
		diag_error(r->dl, read_pos(pr, "from"), "price",
			   "price must not be negative");
		diag_hint(r->dl, "write the price in VND as a whole number, such as 45000");
	}
	if (ok && p->price.to && p->price.to < p->price.from) {
		diag_error(r->dl, read_pos(pr, "to"), "price",
			   "price \"to\" (%ld) is lower than \"from\" (%ld)",
			   p->price.to, p->price.from);
		diag_hint(r->dl, "\"from\" is the lowest price and \"to\" the highest: swap the two numbers");
	}
	p->price.set = ok;
	static const char *const known[] = { "from", "to", "unit", NULL };
	read_warn_unknown(r, pr, known);
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
		diag_hint(r->dl, "write one image per line, as in - { src: anh.jpg, alt: ... }");
		return;
	}
	p->images = arena_array(r->a, v->n, sizeof(*p->images));
	for (size_t i = 0; i < v->n; i++) {
		const struct fm_node *im = v->items[i];
		struct image *img = &p->images[p->n_images];
		memset(img, 0, sizeof(*img));   /* a refused one's slot is reused */
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
			diag_hint(r->dl, "write one image per line, as in - { src: anh.jpg, alt: ... }");
			continue;
		}
		struct pos at = im->kind == FM_MAP ? read_pos(im, "src") : im->at;
		if (!img->alt) {
			diag_warning(r->dl, im->at, "alt",
				     "image \"%s\" has no alt text: the product name is used",
				     img->src);
			img->alt = p->e.name;
		}
		if (image_resolve(img, at, p->e.path, env))
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
		diag_hint(r->dl, "write one shop per line, as in - { platform: shopee, url: \"https://shopee.vn/...\" }");
		return;
	}
	p->shops = arena_array(r->a, v->n, sizeof(*p->shops));
	for (size_t i = 0; i < v->n; i++) {
		const struct fm_node *s = v->items[i];
		struct shop *shop = &p->shops[p->n_shops];
		if (s->kind != FM_MAP) {
			diag_error(r->dl, s->at, "type",
				   "each shop must be {platform, url}");
			diag_hint(r->dl, "write one shop per line, as in - { platform: shopee, url: \"https://shopee.vn/...\" }");
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
			struct sbuf list = SBUF_INIT;
			for (size_t k = 0; k < env->site->n_platforms; k++)
				sbuf_putf(&list, "%s%s", k ? ", " : "",
					  env->site->platforms[k].key);
			diag_hint(r->dl, "the platforms of site.yaml are %s",
				  list.len ? list.data : "none");
			sbuf_release(&list);
			continue;
		}
		/* parsed, not sliced: the host compared is the host a
		 * browser goes to (parse/url.h) */
		struct url u;
		enum url_error err = read_url(r, read_pos(s, "url"), shop->url,
					      URL_HTTPS, &u);
		if (err == URL_SCHEME || err == URL_RELATIVE) {
			diag_error(r->dl, read_pos(s, "url"), "url",
				   "shop link must start with https://, found \"%s\"",
				   shop->url);
			diag_hint(r->dl, "copy the link from the browser's address bar: it starts with https://");
		}
		if (err)
			continue;
		if (!site_platform_has_host(pl, u.host)) {
			diag_error(r->dl, read_pos(s, "url"), "url",
				   "shop link host \"%.*s\" is not a %s address",
				   (int)strlen(u.host), u.host, pl->name);
			diag_hint(r->dl, "check the platform: a %s link is on %s",
				  pl->name, pl->hosts[0]);
			continue;
		}
		shop->url = u.href;     /* what was checked is what is published */
		p->n_shops++;
	}
}

void
product_read(struct product *p, const struct fm_node *m, struct entry_env *env)
{
	struct reader r = { .a = env->a, .dl = env->dl };
	read_common(&p->e, &r, m);
	if (p->e.draft)
		return;   /* drafts are never published, nor checked further */
	read_stars(p, &r, m);
	int g = 0;
	if (read_enum(&r, m, "group", true, model_group_slugs, GROUP_COUNT, &g))
		p->group = (enum group)g;
	if (read_text(&r, m, "subgroup", false, &p->subgroup))
		p->subgroup_at = read_pos(m, "subgroup");
	if (read_text(&r, m, "code", false, &p->code))
		p->code_at = read_pos(m, "code");
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
		if (read_text(&r, tr, "gtin", false, &p->gtin))
			p->gtin_at = read_pos(tr, "gtin");
		struct url u = { 0 };
		enum url_error err = URL_OK;
		if (read_text(&r, tr, "url", false, &p->trace_url))
			err = read_url(&r, read_pos(tr, "url"), p->trace_url,
				       URL_HTTP | URL_HTTPS, &u);
		if (err == URL_SCHEME || err == URL_RELATIVE) {
			diag_error(r.dl, read_pos(tr, "url"), "url",
				   "traceability url must start with https:// (or http://)");
			diag_hint(r.dl, "copy the whole link of the traceability page, starting with https://");
		}
		if (p->trace_url)
			p->trace_url = err ? NULL : u.href;
		static const char *const known[] = { "gtin", "url", NULL };
		read_warn_unknown(&r, tr, known);
	}
	read_strlist(&r, m, "points_of_sale", &p->pos_slugs, &p->pos_at);
	for (size_t i = 1; i < p->pos_slugs.n; i++)
		for (size_t k = 0; k < i; k++)
			if (!strcmp(p->pos_slugs.v[i], p->pos_slugs.v[k])) {
				diag_error(r.dl, p->pos_at[i], "duplicate",
					   "point of sale \"%s\" is listed twice",
					   p->pos_slugs.v[i]);
				diag_hint(r.dl, "remove the second one");
				break;
			}
	read_shops(p, &r, m, env);
	read_codelist(&r, m, "export_markets", &p->export_markets, NULL);
	read_strlist(&r, m, "tags", &p->tags, NULL);

	read_warn_unknown(&r, m, entry_product_fields);
}

void
producer_read(struct producer *p, const struct fm_node *m, struct entry_env *env)
{
	struct reader r = { .a = env->a, .dl = env->dl };
	read_common(&p->e, &r, m);
	if (p->e.draft)
		return;   /* drafts are never published, nor checked further */
	int t = 0;
	if (read_enum(&r, m, "type", true, model_producer_type_slugs,
		      PRODUCER_TYPE_COUNT, &t))
		p->type = (enum producer_type)t;
	read_location(&r, m, "location", &p->location);
	read_text(&r, m, "representative", false, &p->representative);
	if (read_text(&r, m, "phone", false, &p->phone))
		p->phone_at = read_pos(m, "phone");
	if (read_text(&r, m, "email", false, &p->email))
		p->email_at = read_pos(m, "email");
	struct url u = { 0 };
	enum url_error err = URL_OK;
	if (read_text(&r, m, "website", false, &p->website))
		err = read_url(&r, read_pos(m, "website"), p->website,
			       URL_HTTP | URL_HTTPS, &u);
	if (err == URL_SCHEME || err == URL_RELATIVE) {
		diag_error(r.dl, read_pos(m, "website"), "url",
			   "website must start with https:// (or http://)");
		diag_hint(r.dl, "write the whole address, as in https://htx-a.vn");
	}
	if (p->website)
		p->website = err ? NULL : u.href;
	read_warn_unknown(&r, m, entry_producer_fields);
}

void
pos_read(struct point_of_sale *p, const struct fm_node *m, struct entry_env *env)
{
	struct reader r = { .a = env->a, .dl = env->dl };
	read_common(&p->e, &r, m);
	if (p->e.draft)
		return;   /* drafts are never published, nor checked further */
	int k = 0;
	if (read_enum(&r, m, "kind", true, model_pos_kind_slugs, POS_KIND_COUNT,
		      &k))
		p->kind = (enum pos_kind)k;
	read_location(&r, m, "location", &p->location);
	read_text(&r, m, "hours", false, &p->hours);
	if (read_text(&r, m, "phone", false, &p->phone))
		p->phone_at = read_pos(m, "phone");
	read_warn_unknown(&r, m, entry_pos_fields);
}

void
page_read(struct page *p, const struct fm_node *m, struct entry_env *env)
{
	struct reader r = { .a = env->a, .dl = env->dl };
	read_common(&p->e, &r, m);
	read_warn_unknown(&r, m, entry_page_fields);
}
