/*
 * report.c - the expiring-certificates report.
 *
 * One pass picks the rows (see report.h for which), each with its sort
 * keys folded once (fold_sort_key, in a scratch arena freed on return).
 * CSV and JSON list the rows in date order, for a spreadsheet or a
 * program.  The text report is for a clerk who plans council sessions
 * place by place: two parts (already expired, then expiring), each
 * grouped under province and commune headings in Vietnamese dictionary
 * order, the rows inside a commune in date order.  Its columns are
 * padded to a common width counted in terminal cells (utf8proc), so the
 * dates, days and names line up in a terminal and on paper.
 *
 * Its words go through the message catalogues (msg.h), as a
 * diagnostic's do, but the report is a document: its headings and
 * sentences have capitals and full stops, and a date is written the way
 * each language writes it (the catalogue's text of "%04d-%02d-%02d").
 * Product names are the default-language entries' names, as certified,
 * whatever the language of the labels.
 */
#include "report.h"

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "../model/date.h"
#include "../util/arena.h"
#include "../util/escape.h"
#include "../util/fold.h"
#include "../util/msg.h"
#include "../util/sbuf.h"
#include "../util/utf8.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

/* The longest window: 100 years, so day arithmetic cannot overflow. */
enum { MAX_WITHIN_DAYS = 36525, MAX_WITHIN_MONTHS = 1200 };

int
report_parse_within(long *out, const char *s, long as_of_days)
{
	long n = 0;
	size_t i = 0;
	if (!s)
		return -1;
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		if (n > MAX_WITHIN_DAYS)
			return -1;
		n = n * 10 + (s[i] - '0');
	}
	if (i == 0)
		return -1;
	const char *unit = s + i;
	long days;
	if (!*unit || !strcmp(unit, "d") || !strcmp(unit, "w")) {
		days = *unit == 'w' ? n * 7 : n;
		if (days > MAX_WITHIN_DAYS)
			return -1;
	} else if (!strcmp(unit, "m") || !strcmp(unit, "y")) {
		long months = *unit == 'y' ? n * 12 : n;
		if (months > MAX_WITHIN_MONTHS)
			return -1;
		struct date from = date_from_days(as_of_days);
		days = date_add_months(from, (int)months).days - as_of_days;
	} else {
		return -1;
	}
	*out = days;
	return 0;
}

struct row {
	const struct product *p;
	bool expired;
	long left;                     /* expiry day - build day; < 0 expired */
	const char *k_province, *k_commune, *k_district, *k_name;
	/* the text report's cells */
	const char *date, *days, *stars;
};

static const char *
or_empty(const char *s)
{
	return s ? s : "";
}

static int
cmp_keys(const char *a, const char *b)
{
	return strcmp(or_empty(a), or_empty(b));
}

/* Expiry date, then name, then slug: a total order. */
static int
cmp_date(const void *x, const void *y)
{
	const struct row *a = x, *b = y;
	long da = a->p->cert.expires.days, db = b->p->cert.expires.days;
	if (da != db)
		return da < db ? -1 : 1;
	int c = strcmp(a->k_name, b->k_name);
	return c ? c : strcmp(a->p->e.slug, b->p->e.slug);
}

/* The text report's order: part, place, then date order. */
static int
cmp_place(const void *x, const void *y)
{
	const struct row *a = x, *b = y;
	int c;
	if (a->expired != b->expired)
		return a->expired ? -1 : 1;
	if ((c = cmp_keys(a->k_province, b->k_province)) ||
	    (c = cmp_keys(a->k_commune, b->k_commune)) ||
	    (c = cmp_keys(a->k_district, b->k_district)))
		return c;
	return cmp_date(x, y);
}

/* Terminal cells taken by s: combining marks take none, wide
 * characters two. */
static size_t
text_width(const char *s)
{
	size_t w = 0, len = strlen(s), i = 0;
	while (i < len) {
		uint32_t cp;
		int n = utf8_next((const unsigned char *)s + i, len - i, &cp);
		if (n < 0) {
			w++;
			i++;
			continue;
		}
		int cw = utf8proc_charwidth((utf8proc_int32_t)cp);
		w += cw > 0 ? (size_t)cw : 0;
		i += (size_t)n;
	}
	return w;
}

static void
put_padded(struct sbuf *sb, const char *s, size_t width)
{
	sbuf_puts(sb, s);
	for (size_t w = text_width(s); w < width; w++)
		sbuf_putc(sb, ' ');
}

static const char *
day_text(struct arena *a, const struct date *d, const struct msg_lang *lang)
{
	return msg_printf(a, lang, "%04d-%02d-%02d", d->y, d->m, d->d);
}

static const char *
left_text(struct arena *a, long left, const struct msg_lang *lang)
{
	if (left < 0)
		return msg_printf(a, lang, "%ld day%s overdue", -left,
				  msg_plural(lang, (size_t)-left));
	if (left == 0)
		return msg_printf(a, lang, "expires today");
	return msg_printf(a, lang, "%ld day%s left", left,
			  msg_plural(lang, (size_t)left));
}

/* The site title in the labels' language, when site.yaml gives one. */
static const char *
site_title(const struct site *s, const struct msg_lang *lang)
{
	const char *want = lang ? lang->code : "en";
	for (size_t i = 0; i < s->n_languages && i < MODEL_MAX_LANGS; i++)
		if (s->languages[i] && !strcmp(s->languages[i], want) &&
		    s->titles[i])
			return s->titles[i];
	return s->title;
}

/* A heading and a line of '=' as wide as it. */
static void
put_heading(struct sbuf *sb, const char *text)
{
	sbuf_puts(sb, text);
	sbuf_putc(sb, '\n');
	for (size_t w = text_width(text); w > 0; w--)
		sbuf_putc(sb, '=');
	sbuf_putc(sb, '\n');
}

static void
put_place(struct sbuf *sb, const struct product *p)
{
	sbuf_putf(sb, "  %s", p->location.commune);
	if (p->location.district)
		sbuf_putf(sb, " (%s)", p->location.district);
	sbuf_putc(sb, '\n');
}

static void
render_text(struct sbuf *sb, const struct catalog *c, struct row *rows,
	    size_t n, long within_days, const struct msg_lang *lang,
	    struct arena *a)
{
	struct date as_of = date_from_days(c->as_of_days);
	struct date until = date_from_days(c->as_of_days + within_days);
	size_t n_expired = 0;

	for (size_t i = 0; i < n; i++) {
		struct row *r = &rows[i];
		n_expired += r->expired;
		/* the name as certified, whatever the labels' language */
		r->date = day_text(a, &r->p->cert.expires, lang);
		r->days = left_text(a, r->left, lang);
		/* stars are 3, 4 or 5: always plural in English */
		r->stars = msg_printf(a, lang, "%d stars", r->p->stars);
	}
	/* one width per column over every row, so both parts line up */
	size_t w_days = 0, w_name = 0, w_stars = 0, w_cert = 0, w_prod = 0;
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		size_t w;
		if ((w = text_width(r->days)) > w_days)
			w_days = w;
		if ((w = text_width(r->p->e.name)) > w_name)
			w_name = w;
		if ((w = text_width(r->stars)) > w_stars)
			w_stars = w;
		if ((w = text_width(r->p->cert.number)) > w_cert)
			w_cert = w;
		if (r->p->producer &&
		    (w = text_width(or_empty(r->p->producer->e.name))) > w_prod)
			w_prod = w;
	}

	sbuf_putf(sb, "%s\n", site_title(c->site, lang));
	msg_putf(sb, lang, "OCOP certificates to re-rate: expired, or expiring "
		 "within %ld days (by %s)", within_days,
		 day_text(a, &until, lang));
	sbuf_putc(sb, '\n');
	msg_putf(sb, lang, "As of %s", day_text(a, &as_of, lang));
	sbuf_putc(sb, '\n');

	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i], *prev = i ? &rows[i - 1] : NULL;
		const struct product *p = r->p;
		bool new_part = !prev || prev->expired != r->expired;
		bool new_province = new_part ||
			cmp_keys(prev->k_province, r->k_province);
		bool new_place = new_province ||
			cmp_keys(prev->k_commune, r->k_commune) ||
			cmp_keys(prev->k_district, r->k_district);
		if (new_part) {
			size_t count = r->expired ? n_expired : n - n_expired;
			const char *h = r->expired
				? msg_printf(a, lang, "Already expired (%zu)",
					     count)
				: msg_printf(a, lang,
					     "Expiring within %ld days (%zu)",
					     within_days, count);
			sbuf_putc(sb, '\n');
			put_heading(sb, h);
		}
		if (new_province)
			sbuf_putf(sb, "%s%s\n", new_part ? "" : "\n",
				  p->location.province);
		if (new_place)
			put_place(sb, p);
		sbuf_puts(sb, "    ");
		sbuf_puts(sb, r->date);
		sbuf_puts(sb, "  ");
		put_padded(sb, r->days, w_days);
		sbuf_puts(sb, "  ");
		put_padded(sb, p->e.name, w_name);
		sbuf_puts(sb, "  ");
		put_padded(sb, r->stars, w_stars);
		sbuf_puts(sb, "  ");
		put_padded(sb, p->cert.number, w_cert);
		sbuf_puts(sb, "  ");
		put_padded(sb, p->producer ? or_empty(p->producer->e.name) : "",
			   w_prod);
		sbuf_puts(sb, "  ");
		sbuf_puts(sb, p->e.path);
		sbuf_putc(sb, '\n');
	}

	sbuf_putc(sb, '\n');
	if (n == 0)
		msg_putf(sb, lang, "No certificate needs re-rating.");
	else
		msg_putf(sb, lang, "%zu certificate%s in all: %zu expired, "
			 "%zu expiring.", n, msg_plural(lang, n), n_expired,
			 n - n_expired);
	sbuf_putc(sb, '\n');

	/* the products whose certificate details are unknown: their
	 * expiry cannot be known, so the council must look them up */
	size_t n_unknown = 0;
	for (size_t i = 0; i < c->n_products; i++)
		n_unknown += !c->products[i]->e.broken &&
			     !c->products[i]->cert.revoked.set &&
			     c->products[i]->cert.details_unknown;
	if (n_unknown) {
		sbuf_putc(sb, '\n');
		put_heading(sb, msg_printf(a, lang,
			"Certificate details not published, so the expiry is "
			"not known: find the recognition decision (%zu)",
			n_unknown));
		for (size_t i = 0; i < c->n_products; i++) {
			const struct product *p = c->products[i];
			if (!p->e.broken && !p->cert.revoked.set &&
			    p->cert.details_unknown)
				sbuf_putf(sb, "    %s  %s\n", p->e.name,
					  p->e.path);
		}
	}

	/* the products whose files have errors: not left out silently */
	size_t n_broken = 0;
	for (size_t i = 0; i < c->n_products; i++)
		n_broken += c->products[i]->e.broken;
	if (!n_broken)
		return;
	sbuf_putc(sb, '\n');
	put_heading(sb, msg_printf(a, lang,
		"Not in this report, their files have errors: fix them "
		"and run it again (%zu)", n_broken));
	for (size_t i = 0; i < c->n_products; i++)
		if (c->products[i]->e.broken)
			sbuf_putf(sb, "    %s\n", c->products[i]->e.path);
}

/* One field of a CSV row, then the comma or the line end. */
static void
put_csv(struct sbuf *sb, const char *s, bool last)
{
	escape_csv(sb, or_empty(s));
	sbuf_puts(sb, last ? "\r\n" : ",");
}

static const char *const fields[] = {
	"province", "commune", "district", "expires", "days_left", "status",
	"slug", "name", "stars", "certificate", "issuer", "producer", "phone",
	"file",
};
enum { N_FIELDS = sizeof(fields) / sizeof(fields[0]) };

/* The row's fields in the order of fields[]; numbers as text. */
static void
row_fields(const struct row *r, const char *v[N_FIELDS], char iso[11],
	   char left[24], char stars[8])
{
	const struct product *p = r->p;
	const char *status =
		model_cert_status_slugs[r->expired ? CERT_EXPIRED : CERT_VALID];
	date_iso(&p->cert.expires, iso);
	snprintf(left, 24, "%ld", r->left);
	snprintf(stars, 8, "%d", p->stars);
	const char *vals[N_FIELDS] = {
		p->location.province, p->location.commune, p->location.district,
		iso, left, status, p->e.slug, p->e.name, stars, p->cert.number,
		p->cert.issuer,
		p->producer ? p->producer->e.name : NULL,
		p->producer ? p->producer->phone : NULL, p->e.path,
	};
	memcpy(v, vals, sizeof(vals));
}

static void
render_csv(struct sbuf *sb, const struct row *rows, size_t n)
{
	for (size_t f = 0; f < N_FIELDS; f++)
		put_csv(sb, fields[f], f + 1 == N_FIELDS);
	for (size_t i = 0; i < n; i++) {
		const char *v[N_FIELDS];
		char iso[11], left[24], stars[8];
		row_fields(&rows[i], v, iso, left, stars);
		for (size_t f = 0; f < N_FIELDS; f++)
			put_csv(sb, v[f], f + 1 == N_FIELDS);
	}
}

static void
render_json(struct sbuf *sb, const struct row *rows, size_t n)
{
	json_object *arr = json_object_new_array();
	for (size_t i = 0; i < n; i++) {
		const char *v[N_FIELDS];
		char iso[11], left[24], stars[8];
		row_fields(&rows[i], v, iso, left, stars);
		json_object *o = json_object_new_object();
		for (size_t f = 0; f < N_FIELDS; f++) {
			json_object *jv;
			if (!strcmp(fields[f], "days_left"))
				jv = json_object_new_int64(rows[i].left);
			else if (!strcmp(fields[f], "stars"))
				jv = json_object_new_int(rows[i].p->stars);
			else
				jv = v[f] ? json_object_new_string(v[f]) : NULL;
			json_object_object_add(o, fields[f], jv);
		}
		json_object_array_add(arr, o);
	}
	sbuf_puts(sb, json_object_to_json_string_ext(arr,
		JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
		JSON_C_TO_STRING_NOSLASHESCAPE));
	sbuf_putc(sb, '\n');
	json_object_put(arr);
}

int
report_expiring(const struct catalog *c, long within_days,
		enum report_format fmt, const struct msg_lang *lang, FILE *out)
{
	struct arena a = ARENA_INIT;
	struct row *rows = arena_array(&a, c->n_products ? c->n_products : 1,
				       sizeof(*rows));
	size_t n = 0;
	for (size_t i = 0; i < c->n_products; i++) {
		const struct product *p = c->products[i];
		/* broken, or details unknown: listed apart (render_text) */
		if (p->cert.revoked.set || p->e.broken ||
		    p->cert.details_unknown)
			continue;
		enum cert_status st = cert_status(&p->cert, c->as_of_days);
		long left = p->cert.expires.days - c->as_of_days;
		if (st == CERT_REVOKED ||
		    ((st == CERT_VALID || st == CERT_PENDING) &&
		     left > within_days))
			continue;
		rows[n++] = (struct row){
			.p = p,
			.expired = st == CERT_EXPIRED,
			.left = left,
			.k_province = fold_sort_key(&a, p->location.province),
			.k_commune = fold_sort_key(&a, p->location.commune),
			.k_district = p->location.district ?
				fold_sort_key(&a, p->location.district) : NULL,
			.k_name = fold_sort_key(&a, p->e.name),
		};
	}

	struct sbuf sb = SBUF_INIT;
	if (fmt == REPORT_TEXT) {
		qsort(rows, n, sizeof(*rows), cmp_place);
		render_text(&sb, c, rows, n, within_days, lang, &a);
	} else {
		qsort(rows, n, sizeof(*rows), cmp_date);
		if (fmt == REPORT_CSV)
			render_csv(&sb, rows, n);
		else
			render_json(&sb, rows, n);
	}
	int err = fwrite(sb.data, 1, sb.len, out) == sb.len &&
		  fflush(out) == 0 && !ferror(out) ? 0 : -1;
	sbuf_release(&sb);
	arena_release(&a);
	return err;
}
