/*
 * view.c - the catalog turned into the view data of templates, one
 * language at a time.  Every value shown is chosen here (the entry's
 * translation or the default-language stand-in, marked with its
 * language) and formatted with the theme's strings, so templates only
 * print.  A product's card is built once per language, in the cards
 * arena, and shared by every list that shows it.
 */
#include "view.h"

#include <string.h>
#include <strings.h>

#include "../model/date.h"
#include "../model/site.h"
#include "../plan/plan.h"
#include "../plan/urls.h"
#include "../util/fold.h"
#include "../util/sbuf.h"
#include "../util/banned.h"

void
view_init(struct view *v, struct arena *a, const struct catalog *c,
	  const struct plan *plan, const struct theme *th, int lang)
{
	v->a = a;
	v->cards_a = a;
	v->c = c;
	v->plan = plan;
	v->th = th;
	v->lang = lang;
	v->product_cards = arena_array(a, c->n_products + 1,
				       sizeof(*v->product_cards));
	v->producer_cards = arena_array(a, c->n_producers + 1,
					sizeof(*v->producer_cards));
	v->pos_cards = arena_array(a, c->n_pos + 1, sizeof(*v->pos_cards));
}

const char *
view_t(struct view *v, const char *key)
{
	return theme_string(v->th, v->lang, key);
}

const char *
view_number(struct view *v, long n)
{
	char digits[32];
	/* magnitude as unsigned: -LONG_MIN does not fit a long */
	unsigned long mag = n < 0 ? 0UL - (unsigned long)n : (unsigned long)n;
	int len = snprintf(digits, sizeof(digits), "%lu", mag);
	const char *sep = view_t(v, "thousands_sep");
	if (!strcmp(sep, "thousands_sep"))
		sep = ".";
	struct sbuf sb = SBUF_INIT;
	if (n < 0)
		sbuf_putc(&sb, '-');
	for (int i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			sbuf_puts(&sb, sep);
		sbuf_putc(&sb, digits[i]);
	}
	const char *r = arena_strndup(v->a, sb.data, sb.len);
	sbuf_release(&sb);
	return r;
}

/* Replaces "{n}" in fmt by text. */
static const char *
fill_in(struct view *v, const char *fmt, const char *text)
{
	const char *at = strstr(fmt, "{n}");
	if (!at)
		return arena_printf(v->a, "%s %s", text, fmt);
	return arena_printf(v->a, "%.*s%s%s", (int)(at - fmt), fmt, text, at + 3);
}

/* Replaces "{n}" in the string under key by text. */
static const char *
fill(struct view *v, const char *key, const char *text)
{
	return fill_in(v, view_t(v, key), text);
}

const char *
view_format_n(struct view *v, const char *key, long n)
{
	return fill_in(v, theme_plural(v->th, v->lang, key, n),
		       view_number(v, n));
}

/* The code of language k where a text in it shows on a page of the
 * view's language (for lang="..."), or NULL when they are the same. */
static const char *
other_lang(struct view *v, int k)
{
	return k == v->lang ? NULL : v->c->site->languages[k];
}

const char *
view_date(struct view *v, const struct date *d)
{
	const struct val *months = val_get(v->th->strings[v->lang], "months");
	if (d->m < 1 || d->m > 12)
		return "";      /* no date was read; never index months by it */
	if (!strcmp(view_t(v, "date_format"), "dmonthy") && months &&
	    months->kind == VAL_LIST && months->n == 12 &&
	    months->items[d->m - 1]->kind == VAL_STR)
		return arena_printf(v->a, "%d %s %d", d->d,
				    months->items[d->m - 1]->s, d->y);
	return arena_printf(v->a, "%02d/%02d/%04d", d->d, d->m, d->y);
}

static const char *
iso(struct view *v, const struct date *d)
{
	char buf[11];
	date_iso(d, buf);
	return arena_strdup(v->a, buf);
}

static struct val *
str_list(struct view *v, const struct strlist *l)
{
	struct val *list = val_list(v->a);
	for (size_t i = 0; i < l->n; i++)
		val_push(v->a, list, val_str(v->a, l->v[i]));
	return list;
}

static bool
has_page(struct view *v, const char *province, char kind, const char *name)
{
	if (!province || (kind && !name))
		return false;
	return !v->plan || plan_place(v->plan, v->a, province, kind, name);
}

static struct val *
location(struct view *v, const struct location *l)
{
	struct arena *a = v->a;
	struct val *m = val_map(a);
	val_set_str(a, m, "province", l->province);
	val_set_str(a, m, "district", l->district);
	val_set_str(a, m, "commune", l->commune);
	val_set_str(a, m, "address", l->address);
	/* absent values are null, never missing keys (docs/themes.md) */
	val_set(a, m, "province_url", val_null(a));
	val_set(a, m, "commune_url", val_null(a));
	val_set(a, m, "district_url", val_null(a));
	/* a place has a page only where products are made: a producer or
	 * point of sale elsewhere links to none */
	if (has_page(v, l->province, 0, NULL)) {
		val_set_str(a, m, "province_url", urls_province(a, l->province));
		if (has_page(v, l->province, 'c', l->commune))
			val_set_str(a, m, "commune_url",
				    urls_commune(a, l->province, l->commune));
		if (has_page(v, l->province, 'd', l->district))
			val_set_str(a, m, "district_url",
				    urls_district(a, l->province, l->district));
	}
	if (l->geo.set) {
		struct val *g = val_map(a);
		val_set(a, g, "lat", val_strf(a, "%.6g", l->geo.lat));
		val_set(a, g, "lon", val_strf(a, "%.6g", l->geo.lon));
		val_set(a, m, "geo", g);
		val_set(a, m, "map_url",
			val_strf(a, "https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=16/%.6f/%.6f",
				 l->geo.lat, l->geo.lon, l->geo.lat, l->geo.lon));
		/* RFC 5870: a phone opens its own map application on it */
		val_set(a, m, "geo_url",
			val_strf(a, "geo:%.6f,%.6f", l->geo.lat, l->geo.lon));
	} else {
		val_set(a, m, "geo", val_null(a));
		val_set(a, m, "map_url", val_null(a));
		val_set(a, m, "geo_url", val_null(a));
	}
	return m;
}

static struct val *
empty_items(struct view *v, int n)
{
	struct val *l = val_list(v->a);
	for (int i = 0; i < n; i++)
		val_push(v->a, l, val_map(v->a));
	return l;
}

const char *
view_phone_href(struct view *v, const char *phone)
{
	if (!phone)
		return NULL;
	struct sbuf sb = SBUF_INIT;
	sbuf_puts(&sb, "tel:");
	for (const char *p = phone; *p; p++)
		if ((*p >= '0' && *p <= '9') || (*p == '+' && sb.len == 4))
			sbuf_putc(&sb, *p);
	const char *r = arena_strndup(v->a, sb.data, sb.len);
	sbuf_release(&sb);
	return r;
}

/* The language of e's text as shown in the view's language: null when
 * e has a translation into it, else the default language, whose text
 * stands in (templates put it in a lang attribute). */
static const char *
text_lang(struct view *v, const struct entry *e)
{
	return e->tr[v->lang] ? NULL : v->c->site->language;
}

static const struct product *
in_lang(struct view *v, const struct product *p)
{
	return product_in(p, v->lang);
}

static void
set_status(struct view *v, struct val *m, const struct certificate *cert)
{
	struct arena *a = v->a;
	enum cert_status st = cert_status(cert, v->c->as_of_days);
	const char *slug = model_cert_status_slugs[st];
	val_set_str(a, m, "status", slug);
	val_set_str(a, m, "status_text",
		    view_t(v, arena_printf(a, "status.%s", slug)));
	val_set_bool(a, m, "is_valid", st == CERT_VALID);
	val_set_bool(a, m, "is_expired", st == CERT_EXPIRED);
	val_set_bool(a, m, "is_revoked", st == CERT_REVOKED);
	val_set_bool(a, m, "is_pending", st == CERT_PENDING);
	val_set_bool(a, m, "is_unpublished", st == CERT_UNPUBLISHED);
}

/* A certificate's date as the view shows it, or NULL when its details
 * are unknown (the date is not known, and must not show as one). */
static const char *
cert_date(struct view *v, const struct certificate *c, const struct date *d)
{
	return c->details_unknown ? NULL : view_date(v, d);
}

static const char *
cert_iso(struct view *v, const struct certificate *c, const struct date *d)
{
	return c->details_unknown ? NULL : iso(v, d);
}

static struct val *
group_val(struct view *v, enum group g)
{
	struct val *m = val_map(v->a);
	const char *slug = model_group_slugs[g];
	val_set_str(v->a, m, "slug", slug);
	val_set_str(v->a, m, "name", view_t(v, arena_printf(v->a, "groups.%s", slug)));
	val_set_str(v->a, m, "url", urls_group(v->a, slug));
	return m;
}

/* How a picture is shown: a card's thumbnail, the first picture of a
 * page (loaded at once, first), or one further down (loaded lazily). */
enum picture_kind { PICTURE_THUMB, PICTURE_FIRST, PICTURE_LAZY };

/* The widths the browser picks among, for a picture that fills the
 * page's column: the whole screen of a phone, else the column's 40rem.
 * A 360-pixel phone so takes the 640 one at most (docs/photos.md). */
static const char picture_sizes[] = "(max-width: 40rem) 100vw, 40rem";

/* One size in a srcset: its path, its width, and whether one follows. */
static struct val *
srcset_item(struct arena *a, const char *path, unsigned w, bool more)
{
	struct val *it = val_map(a);
	val_set_str(a, it, "path", path);
	val_set_num(a, it, "w", w);
	val_set_bool(a, it, "more", more);
	return it;
}

/*
 * The data of templates/picture.mustache for image im: src (the
 * drawing, or the photo's widest JPEG; a thumbnail's narrowest), alt,
 * width and height (of that file), is_photo with the webp and jpeg
 * srcset lists and sizes, thumb, lazy and priority.  Every key is set,
 * false or null when not used, so none is looked up in an outer
 * context.
 */
static struct val *
picture(struct arena *a, const struct image *im, enum picture_kind kind)
{
	struct val *m = val_map(a);
	const struct image_out *out = im->out;
	const struct photo *ph = out ? out->photo : NULL;
	struct val *webp = val_list(a), *jpeg = val_list(a);
	const char *src = out && out->path ? out->path : im->out_path;
	unsigned width = out ? out->width : 0, height = out ? out->height : 0;
	if (ph && kind == PICTURE_THUMB) {
		const struct photo_size *s = &ph->sizes[0];
		src = s->jpeg_path;
		width = s->width;
		height = s->height;
		val_push(a, webp, srcset_item(a, s->webp_path, s->width, false));
		val_push(a, jpeg, srcset_item(a, s->jpeg_path, s->width, false));
	} else if (ph) {
		for (size_t k = 0; k < ph->n_sizes; k++) {
			const struct photo_size *s = &ph->sizes[k];
			bool more = k + 1 < ph->n_sizes;
			val_push(a, webp, srcset_item(a, s->webp_path, s->width, more));
			val_push(a, jpeg, srcset_item(a, s->jpeg_path, s->width, more));
		}
	}
	val_set_str(a, m, "src", src ? src : im->src);
	val_set_str(a, m, "alt", im->alt);
	val_set_num(a, m, "width", width);
	val_set_num(a, m, "height", height);
	val_set_bool(a, m, "is_photo", ph != NULL);
	val_set(a, m, "webp", webp);
	val_set(a, m, "jpeg", jpeg);
	if (ph && kind != PICTURE_THUMB)
		val_set_str(a, m, "sizes", picture_sizes);
	else
		val_set(a, m, "sizes", val_null(a));
	val_set_bool(a, m, "thumb", kind == PICTURE_THUMB);
	val_set_bool(a, m, "lazy", kind != PICTURE_FIRST);
	val_set_bool(a, m, "priority", kind == PICTURE_FIRST);
	return m;
}

const struct val *
view_product_card(struct view *pv, const struct product *def)
{
	const struct val **slot = &pv->product_cards[def->e.index];
	if (pv->c->products[def->e.index] == def && *slot)
		return *slot;
	/* cards are cached across pages: build them in the cards arena */
	struct view cv = *pv;
	struct view *v = &cv;
	cv.a = pv->cards_a;
	struct arena *a = v->a;
	const struct product *p = in_lang(v, def);
	struct val *m = val_map(a);
	val_set_str(a, m, "slug", def->e.slug);
	val_set_str(a, m, "url", urls_product(a, def->e.slug));
	val_set_str(a, m, "name", p->e.name);
	val_set_str(a, m, "summary", p->e.summary);
	val_set_str(a, m, "text_lang", text_lang(v, &def->e));
	val_set_num(a, m, "stars", p->stars);
	val_set_str(a, m, "stars_text", view_format_n(v, "stars_format", p->stars));
	val_set(a, m, "stars_icons", empty_items(v, p->stars));
	val_set(a, m, "stars_blank", empty_items(v, 5 - p->stars));
	val_set_bool(a, m, "potential_5_star", p->potential_5_star);
	val_set(a, m, "group", group_val(v, p->group));
	val_set_str(a, m, "province", p->location.province);
	val_set_str(a, m, "commune", p->location.commune);
	val_set_str(a, m, "district", p->location.district);
	const struct producer *pr = p->producer;
	val_set_str(a, m, "producer_name",
		    pr ? producer_in(pr, v->lang)->e.name : NULL);
	val_set_str(a, m, "producer_lang", pr ? text_lang(v, &pr->e) : NULL);
	if (p->n_images) {
		val_set(a, m, "cover", picture(a, &p->images[0], PICTURE_THUMB));
	} else {
		val_set(a, m, "cover", val_null(a));
	}
	set_status(v, m, &p->cert);
	val_set_str(a, m, "expires", cert_date(v, &p->cert, &p->cert.expires));
	val_set_str(a, m, "issued", cert_date(v, &p->cert, &p->cert.issued));
	if (v->c->products[def->e.index] == def)
		*slot = m;
	return m;
}

static struct val *
copy_map(struct arena *a, const struct val *src)
{
	struct val *m = val_map(a);
	for (size_t i = 0; src->kind == VAL_MAP && i < src->n; i++)
		val_set(a, m, src->pairs[i].key, src->pairs[i].v);
	return m;
}

/* s with its first "{number}" replaced by text. */
static const char *
fill_number(struct view *v, const char *s, const char *text)
{
	const char *at = strstr(s, "{number}");
	if (!at)
		return s;
	return arena_printf(v->a, "%.*s%s%s", (int)(at - s), s, text, at + 8);
}

const char *
view_list_title(struct view *v, const struct plan_list *l)
{
	struct arena *a = v->a;
	switch (l->kind) {
	case LIST_ALL:
		return view_t(v, "titles.products");
	case LIST_STARS:
		return fill(v, "titles.stars", l->name);
	case LIST_GROUP:
		return view_t(v, arena_printf(a, "groups.%s", l->slug));
	case LIST_PRODUCER_TYPE:
		return view_t(v, arena_printf(a, "producer_types.%s", l->slug));
	case LIST_PLATFORM:
		return fill(v, "titles.platform",
			    site_platform(v->c->site, l->slug)->name);
	case LIST_PROVINCE:
		return fill(v, "titles.province", l->name);
	case LIST_DECISION:
		return fill(v, "titles.decision", l->name);
	case LIST_STATUS:
		return view_t(v, arena_printf(a, "titles.status.%s", l->slug));
	case LIST_COMMUNE:
	case LIST_DISTRICT:
		break;
	}
	const char *title = fill(v, l->kind == LIST_COMMUNE
				 ? "titles.commune" : "titles.district", l->name);
	return arena_printf(a, "%s, %s", title, l->parent->name);
}

struct val *
view_decision(struct view *v, const struct plan_list *d)
{
	struct arena *a = v->a;
	const struct certificate *c = d->cert;
	long n = (long)d->n;
	struct val *m = val_map(a);
	val_set_str(a, m, "number", c->number);
	val_set_str(a, m, "issuer", c->issuer);
	/* a certificate is written once, in the default language */
	val_set_str(a, m, "issuer_lang", c->issuer ? other_lang(v, 0) : NULL);
	const char *date = view_date(v, &c->issued);
	val_set_str(a, m, "issued", date);
	val_set_str(a, m, "issued_iso", iso(v, &c->issued));
	const char *dated = fill(v, "decision_date_format", date);
	val_set_str(a, m, "issued_text", dated);
	val_set_str(a, m, "title", fill(v, "titles.decision", c->number));
	val_set_str(a, m, "url", d->url);
	val_set_num(a, m, "count", (double)n);
	const char *count = view_format_n(v, "decision_count_format", n);
	val_set_str(a, m, "count_text", count);
	/* {n} first: the number is content, and may hold "{n}" itself */
	val_set_str(a, m, "link_text", fill_number(v, view_format_n(v,
		    "decision_link_format", n), c->number));
	val_set_str(a, m, "summary_text", c->issuer
		    ? arena_printf(a, "%s, %s — %s", c->issuer, dated, count)
		    : arena_printf(a, "%s — %s", dated, count));
	return m;
}

/* Certificate c, and the page of decision d that recognised it with
 * other products (NULL: none). */
static struct val *
certificate(struct view *v, const struct certificate *c,
	    const struct plan_list *d)
{
	struct arena *a = v->a;
	struct val *m = val_map(a);
	val_set(a, m, "decision_page", d ? view_decision(v, d) : val_null(a));
	val_set_str(a, m, "number", c->number);
	val_set_str(a, m, "verify_url", c->number
		    ? urls_verify_query(a, c->number) : NULL);
	val_set_str(a, m, "issuer", c->issuer);
	val_set_str(a, m, "issued", cert_date(v, c, &c->issued));
	val_set_str(a, m, "issued_iso", cert_iso(v, c, &c->issued));
	val_set_str(a, m, "expires", cert_date(v, c, &c->expires));
	val_set_str(a, m, "expires_iso", cert_iso(v, c, &c->expires));
	set_status(v, m, c);
	if (c->revoked.set) {
		struct val *r = val_map(a);
		val_set_str(a, r, "date", view_date(v, &c->revoked.date));
		val_set_str(a, r, "date_iso", iso(v, &c->revoked.date));
		val_set_str(a, r, "decision", c->revoked.decision);
		val_set_str(a, r, "reason", c->revoked.reason);
		val_set(a, m, "revoked", r);
	} else {
		val_set(a, m, "revoked", val_null(a));
	}
	return m;
}

/*
 * What the verification box at the top of a product page says, in
 * words a consumer reads at a glance: {class, symbol, text, decision,
 * as_of, muted}.  class is the status, or "expiring" for a valid
 * certificate within CERT_SOON_DAYS of its end; muted is set when the
 * stars no longer stand (revoked or expired).
 */
static struct val *
verdict(struct view *v, const struct certificate *c)
{
	struct arena *a = v->a;
	struct val *m = val_map(a);
	long today = v->c->as_of_days;
	enum cert_status st = cert_status(c, today);
	const char *cls = model_cert_status_slugs[st];
	const char *symbol = "i", *text = NULL;
	switch (st) {
	case CERT_VALID:
		symbol = "✓";
		if (c->details_unknown) {
			text = view_t(v, "status.valid");
		} else if (c->expires.days - today <= CERT_SOON_DAYS) {
			long left = c->expires.days - today;
			cls = "expiring";
			symbol = "!";
			text = left ? view_format_n(v, "verdict.expiring", left)
				    : view_t(v, "verdict.expires_today");
		} else {
			text = fill(v, "verdict.valid_until",
				    view_date(v, &c->expires));
		}
		break;
	case CERT_EXPIRED: {
		/* valid through its expiry day (date.h) */
		struct date from = date_from_days(c->expires.days + 1);
		symbol = "!";
		text = fill(v, "verdict.expired_since", view_date(v, &from));
		break;
	}
	case CERT_REVOKED:
		symbol = "✕";
		text = fill(v, "verdict.revoked_on",
			    view_date(v, &c->revoked.date));
		if (c->revoked.decision)
			text = arena_printf(a, "%s %s", text,
					    fill(v, "verdict.revoked_by",
						 c->revoked.decision));
		break;
	case CERT_PENDING:
		symbol = "…";
		text = fill(v, "verdict.pending", view_date(v, &c->issued));
		break;
	default:
		text = view_t(v, "status.unpublished");
		break;
	}
	val_set_str(a, m, "class", cls);
	val_set_str(a, m, "symbol", symbol);
	val_set_str(a, m, "text", text);
	val_set_bool(a, m, "muted", st == CERT_REVOKED || st == CERT_EXPIRED);
	struct date d = date_from_days(today);
	val_set_str(a, m, "as_of", fill(v, "verdict.as_of", view_date(v, &d)));
	val_set_str(a, m, "as_of_iso", iso(v, &d));
	return m;
}

static const struct val *
price(struct view *v, const struct price *p)
{
	struct arena *a = v->a;
	if (!p->set)
		return val_null(a);
	struct val *m = val_map(a);
	const char *amount = view_number(v, p->from);
	if (p->to && p->to != p->from)
		amount = arena_printf(a, "%s – %s", amount, view_number(v, p->to));
	const char *text = fill(v, "currency_format", amount);
	val_set_str(a, m, "amount", text);
	if (p->unit)
		text = arena_printf(a, "%s / %s", text, p->unit);
	val_set_str(a, m, "text", text);
	/* an untranslated unit is marked as the default language's */
	val_set_str(a, m, "unit_lang",
		    p->unit ? other_lang(v, p->unit_lang) : NULL);
	val_set_num(a, m, "from", (double)p->from);
	if (p->to)
		val_set_num(a, m, "to", (double)p->to);
	else
		val_set(a, m, "to", val_null(a));
	val_set_str(a, m, "unit", p->unit);
	return m;
}

/* {slug, name, lang}: the name in the page's language, or in another
 * (lang, for lang="..."); the slug itself when nothing names it. */
static const struct val *
subgroup(struct view *v, const char *slug)
{
	struct arena *a = v->a;
	if (!slug)
		return val_null(a);
	struct val *m = val_map(a);
	int in = v->lang;
	const char *name = theme_subgroup_name(v->th, v->c->site, v->lang,
					       slug, &in);
	val_set_str(a, m, "slug", slug);
	val_set_str(a, m, "name", name ? name : slug);
	val_set_str(a, m, "lang", name ? other_lang(v, in) : NULL);
	return m;
}

/* Whether an image is one that link previews show (Open Graph): the
 * sites that read og:image take photos, never SVG drawings. */
static bool
is_photo(const char *path)
{
	static const char *const ext[] = { ".jpg", ".jpeg", ".png", ".webp",
					   ".gif", NULL };
	size_t n = strlen(path);
	for (const char *const *e = ext; *e; e++) {
		size_t k = strlen(*e);
		if (n > k && !strcasecmp(path + n - k, *e))
			return true;
	}
	return false;
}

const char *
view_qr_text(struct arena *a, const struct site *s, const struct product *p)
{
	return arena_printf(a, "%s%s", s->base_url, urls_product(a, p->e.slug));
}

struct val *
view_label(struct view *v, const struct product *def)
{
	struct arena *a = v->a;
	const struct product *p = in_lang(v, def);
	struct val *m = copy_map(a, view_product_card(v, def));
	val_set(a, m, "certificate", certificate(v, &p->cert,
						 plan_decision(v->plan, def)));
	const char *url = view_qr_text(a, v->c->site, def);
	val_set_str(a, m, "page_url", url);
	/* base_url is http(s) (site.c): what a reader types is the rest */
	const char *sep = strstr(url, "://");
	val_set_str(a, m, "short_url", sep ? sep + 3 : url);
	val_set_str(a, m, "qr_src", urls_product_qr(a, def->e.slug));
	return m;
}

struct val *
view_product(struct view *v, const struct product *def)
{
	struct arena *a = v->a;
	const struct product *p = in_lang(v, def);
	struct val *m = copy_map(a, view_product_card(v, def));
	/* in the default language only, so from the site's root */
	val_set_str(a, m, "label_url", urls_product_label(a, def->e.slug));
	val_set(a, m, "subgroup", subgroup(v, p->subgroup));
	val_set_str(a, m, "code", p->code);
	val_set_str(a, m, "story", p->e.html);
	val_set(a, m, "producer", p->producer ? view_producer_card(v, p->producer)
					      : val_null(a));
	val_set(a, m, "location", location(v, &p->location));
	val_set(a, m, "certificate", certificate(v, &p->cert,
						 plan_decision(v->plan, def)));
	val_set(a, m, "verdict", verdict(v, &p->cert));
	val_set(a, m, "price", price(v, &p->price));

	struct val *images = val_list(a);
	const struct val *share = val_null(a);
	for (size_t i = 0; i < p->n_images; i++) {
		const struct image *x = &p->images[i];
		struct val *im = picture(a, x, i ? PICTURE_LAZY : PICTURE_FIRST);
		const char *src = x->out && x->out->path ? x->out->path : x->out_path;
		val_set_bool(a, im, "is_cover", i == 0);
		val_push(a, images, im);
		if (share->kind == VAL_NULL && is_photo(src))
			share = im;
	}
	val_set(a, m, "images", images);
	val_set(a, m, "share_image", share);
	val_set_bool(a, m, "has_images", p->n_images > 0);
	val_set(a, m, "standards", str_list(v, &p->standards));
	val_set_bool(a, m, "has_standards", p->standards.n > 0);
	val_set(a, m, "tags", str_list(v, &p->tags));
	val_set_bool(a, m, "has_tags", p->tags.n > 0);

	if (p->ip_type != IP_NONE) {
		struct val *ip = val_map(a);
		const char *slug = model_ip_type_slugs[p->ip_type];
		val_set_str(a, ip, "type", slug);
		val_set_str(a, ip, "type_name",
			    view_t(v, arena_printf(a, "ip_types.%s", slug)));
		val_set_str(a, ip, "name", p->ip_name);
		val_set(a, m, "ip", ip);
	} else {
		val_set(a, m, "ip", val_null(a));
	}
	if (p->gtin || p->trace_url) {
		struct val *t = val_map(a);
		val_set_str(a, t, "gtin", p->gtin);
		val_set_str(a, t, "url", p->trace_url);
		val_set(a, m, "traceability", t);
	} else {
		val_set(a, m, "traceability", val_null(a));
	}

	struct val *pos = val_list(a);
	for (size_t i = 0; i < p->pos_slugs.n; i++)
		if (p->pos[i])
			val_push(a, pos, view_pos_card(v, p->pos[i]));
	val_set(a, m, "points_of_sale", pos);
	val_set_bool(a, m, "has_points_of_sale", pos->n > 0);

	struct val *shops = val_list(a);
	for (size_t i = 0; i < p->n_shops; i++) {
		const struct shop *s = &p->shops[i];
		const struct platform *pl = NULL;
		for (size_t k = 0; k < v->c->site->n_platforms; k++)
			if (!strcmp(v->c->site->platforms[k].key, s->platform))
				pl = &v->c->site->platforms[k];
		struct val *sv = val_map(a);
		val_set_str(a, sv, "platform", s->platform);
		val_set_str(a, sv, "platform_name", pl ? pl->name : s->platform);
		val_set_str(a, sv, "url", s->url);
		val_push(a, shops, sv);
	}
	val_set(a, m, "shops", shops);
	val_set_bool(a, m, "has_shops", shops->n > 0);
	val_set_bool(a, m, "has_where_to_buy", shops->n > 0 || pos->n > 0);
	/* a long list of points of sale is announced before it, with its
	 * count, where the shop buttons end */
	val_set_str(a, m, "pos_jump", pos->n > 3
		    ? view_format_n(v, "buy.jump", (long)pos->n) : NULL);

	struct val *markets = val_list(a);
	for (size_t i = 0; i < p->export_markets.n; i++) {
		const char *code = p->export_markets.v[i];
		struct val *mk = val_map(a);
		val_set_str(a, mk, "code", code);
		const char *key = arena_printf(a, "countries.%s", code);
		const char *name = view_t(v, key);
		val_set_str(a, mk, "name", strcmp(name, key) ? name : code);
		val_push(a, markets, mk);
	}
	val_set(a, m, "export_markets", markets);
	val_set_bool(a, m, "has_export_markets", markets->n > 0);
	return m;
}

static struct val *
product_cards(struct view *v, const struct product *const *list, size_t n)
{
	struct val *l = val_list(v->a);
	for (size_t i = 0; i < n; i++)
		val_push(v->a, l, view_product_card(v, list[i]));
	return l;
}

/* Fields producers and points of sale share: e is the entry in the
 * view's language (or its stand-in), def the default-language one. */
static struct val *
place_entry(struct view *v, const struct entry *def, const struct entry *e,
	    const struct location *loc, const char *url, const char *phone,
	    size_t n_products)
{
	struct arena *a = v->a;
	struct val *m = val_map(a);
	val_set_str(a, m, "slug", e->slug);
	val_set_str(a, m, "url", url);
	val_set_str(a, m, "name", e->name);
	val_set_str(a, m, "summary", e->summary);
	val_set_str(a, m, "text_lang", text_lang(v, def));
	val_set_str(a, m, "story", e->html);
	val_set_str(a, m, "phone", phone);
	val_set_str(a, m, "phone_href", view_phone_href(v, phone));
	val_set(a, m, "location", location(v, loc));
	val_set_num(a, m, "product_count", (double)n_products);
	val_set_str(a, m, "product_count_text",
		    view_format_n(v, "count_format", (long)n_products));
	return m;
}

struct val *
view_producer(struct view *v, const struct producer *def, bool with_products)
{
	struct arena *a = v->a;
	const struct producer *p = producer_in(def, v->lang);
	struct val *m = place_entry(v, &def->e, &p->e, &p->location,
				    urls_producer(a, def->e.slug),
				    p->phone, def->n_products);
	const char *type = model_producer_type_slugs[p->type];
	val_set_str(a, m, "type", type);
	val_set_str(a, m, "type_name",
		    view_t(v, arena_printf(a, "producer_types.%s", type)));
	val_set_str(a, m, "type_url", urls_producer_type(a, type));
	val_set_str(a, m, "representative", p->representative);
	val_set_str(a, m, "email", p->email);
	val_set_str(a, m, "website", p->website);
	if (with_products)
		val_set(a, m, "products",
			product_cards(v, def->products, def->n_products));
	return m;
}

struct val *
view_pos(struct view *v, const struct point_of_sale *def, bool with_products)
{
	struct arena *a = v->a;
	const struct point_of_sale *p = pos_in(def, v->lang);
	struct val *m = place_entry(v, &def->e, &p->e, &p->location,
				    urls_pos(a, def->e.slug),
				    p->phone, def->n_products);
	const char *kind = model_pos_kind_slugs[p->kind];
	val_set_str(a, m, "kind", kind);
	val_set_str(a, m, "kind_name",
		    view_t(v, arena_printf(a, "pos_kinds.%s", kind)));
	val_set_str(a, m, "hours", p->hours);
	/* the sheet of shelf tags, in the default language only, so from
	 * the site's root; none without products (plan.c) */
	val_set_str(a, m, "labels_url", def->n_products
		    ? urls_pos_labels(a, def->e.slug) : NULL);
	if (with_products)
		val_set(a, m, "products",
			product_cards(v, def->products, def->n_products));
	return m;
}

const struct val *
view_producer_card(struct view *v, const struct producer *def)
{
	const struct val **slot = &v->producer_cards[def->e.index];
	bool listed = v->c->producers[def->e.index] == def;
	if (listed && *slot)
		return *slot;
	struct view cv = *v;
	cv.a = listed ? v->cards_a : v->a;    /* kept, or the page's */
	const struct val *m = view_producer(&cv, def, false);
	if (listed)
		*slot = m;
	return m;
}

const struct val *
view_pos_card(struct view *v, const struct point_of_sale *def)
{
	const struct val **slot = &v->pos_cards[def->e.index];
	bool listed = v->c->pos[def->e.index] == def;
	if (listed && *slot)
		return *slot;
	struct view cv = *v;
	cv.a = listed ? v->cards_a : v->a;    /* kept, or the page's */
	const struct val *m = view_pos(&cv, def, false);
	if (listed)
		*slot = m;
	return m;
}
