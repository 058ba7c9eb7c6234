/*
 * view.h - view data for templates, built from the frozen catalog for
 * one language (docs/themes.md is the contract).  Text comes from the
 * entry's translation into that language when there is one, else from
 * the default-language entry.  Dates, prices, star counts and statuses
 * are formatted here with the theme's strings, so templates stay
 * logic-less.
 *
 * Product cards are built once per language and shared by every list
 * that shows them; all vals live in the view's arena.  URLs are relative
 * to the language home (see docs/themes.md).
 */
#ifndef OCOP_VIEW_H
#define OCOP_VIEW_H

#include "../model/catalog.h"
#include "../plan/plan.h"
#include "theme.h"
#include "val.h"

struct view {
	struct arena *a;               /* for everything but cards */
	struct arena *cards_a;         /* cards: must outlive every page */
	const struct catalog *c;
	const struct plan *plan;       /* which place and decision pages
					  exist; NULL: every place page,
					  no decision page */
	const struct theme *th;
	int lang;
	const struct val **product_cards;  /* by entry index, built on
					      demand, shared: never written */
	const struct val **producer_cards; /* the same, view_producer() */
	const struct val **pos_cards;      /* the same, view_pos() */
};

void view_init(struct view *v, struct arena *a, const struct catalog *c,
	       const struct plan *plan, const struct theme *th, int lang);

/* Caller does not own: cached in the view. */
const struct val *view_product_card(struct view *v, const struct product *p);
struct val *view_product(struct view *v, const struct product *p);
struct val *view_producer(struct view *v, const struct producer *p,
			  bool with_products);
struct val *view_pos(struct view *v, const struct point_of_sale *p,
		     bool with_products);
/* view_producer() and view_pos() without products, cached in the view
 * as the product cards are (the caller does not own them): the box a
 * product page and the indexes show, which many pages share. */
const struct val *view_producer_card(struct view *v, const struct producer *p);
const struct val *view_pos_card(struct view *v, const struct point_of_sale *p);
/*
 * The label of product p (docs/labels.md): its card, with its
 * certificate (as on its page), the absolute URL its QR code holds
 * (page_url, from view_qr_text()), that URL without its scheme to print
 * under the code (short_url), and the code itself (qr_src, from the
 * site's root).  Labels are made in the default language only.
 */
struct val *view_label(struct view *v, const struct product *p);
/*
 * The text of product p's QR code, in a: the absolute URL of its page
 * in the default language (base_url + urls_product()).  The same for
 * every language, so it depends on the site alone.
 */
const char *view_qr_text(struct arena *a, const struct site *s,
			 const struct product *p);

/* A decision page d (plan.h, LIST_DECISION): {number, issuer,
 * issuer_lang, issued, issued_iso, issued_text, title, url, count,
 * count_text, link_text, summary_text}; docs/themes.md. */
struct val *view_decision(struct view *v, const struct plan_list *d);

/* The title of list l, in the view's language ("OCOP products from
 * Phúc Trạch, Hà Tĩnh"). */
const char *view_list_title(struct view *v, const struct plan_list *l);

/* Formatting with the language's strings. */
const char *view_format_n(struct view *v, const char *key, long n);
/* "tel:+84..." for a phone number as written, keeping its digits and
 * a leading +; NULL for NULL. */
const char *view_phone_href(struct view *v, const char *phone);
const char *view_date(struct view *v, const struct date *d);
const char *view_number(struct view *v, long n);
const char *view_t(struct view *v, const char *key);

#endif
