/*
 * read.c - the typed field readers behind site.yaml and every entry
 * kind, so a wrong type, a missing field or a placeholder value ("N/A",
 * "Chưa rõ") gets the same message wherever it is written.  Also the
 * bounded edit distance behind "did you mean" hints and unknown-field
 * warnings.
 */
#include "read.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "../util/fold.h"
#include "../util/sbuf.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

struct pos
read_pos(const struct fm_node *m, const char *key)
{
	const struct fm_node *v = fm_get(m, key);
	return v ? v->at : m->at;
}

/* The value under key, or NULL when absent or null.  Files the
 * missing-field error when required. */
static const struct fm_node *
lookup(struct reader *r, const struct fm_node *m, const char *key,
       bool required)
{
	const struct fm_node *v = m ? fm_get(m, key) : NULL;
	if (v && v->kind == FM_SCALAR && fm_is_null(v))
		v = NULL;
	if (!v && required && m) {
		diag_error(r->dl, m->at, "required",
			   "missing required field \"%s\"", key);
		diag_hint(r->dl, "add a line \"%s: ...\"", key);
	}
	return v;
}

/*
 * Placeholders: what a list compiled from news and spreadsheets holds
 * where its source lacked a value.  A value is compared as words
 * (fold_words: no case, no marks, punctuation and spaces around and
 * between the words ignored), so "N/A", "n.a." and "#N/A" are one, and
 * "Chưa rõ", "chưa rõ." and "chua ro" are one.  A word of the list in
 * English or in Vietnamese without marks ("na", "nil") matches only a
 * value written without marks: the commune Nà is a place, not "na".
 * Also placeholders: a value with no letter or digit at all ("...",
 * "…", "-", "?", "--"), only zeros ("0", "000", "0000-00-00"), or
 * only x's, at least three ("xxx", "xx/xx/xxxx"), and a spreadsheet's
 * error values (#REF!, #VALUE!…).  A value that has any other word or
 * number in it is never one: "Phường 1", "01/QĐ-UBND", "Xã 0 Đồng".
 * Keep this list and the one in docs/content.md the same.
 */
static const struct {
	const char *words;      /* as fold_words gives them */
	bool vi;                /* Vietnamese: matches with marks too */
} placeholder_words[] = {
	{ "placeholder", false }, { "tbd", false }, { "tba", false },
	{ "todo", false }, { "to do", false }, { "n a", false },
	{ "na", false }, { "none", false }, { "null", false },
	{ "nil", false }, { "unknown", false },
	{ "chua ro", true }, { "khong ro", true }, { "chua co", true },
	{ "chua cap nhat", true }, { "dang cap nhat", true },
	{ "khong co", true }, { "khong", true }, { "chua xac dinh", true },
	{ "khong xac dinh", true }, { "chua co thong tin", true },
	{ "khong co thong tin", true },
};

/* What spreadsheets show for a formula that failed, after their "#". */
static const char *const spreadsheet_errors[] = {
	"ref", "value", "name", "div 0", "num", "null", "n a", "spill",
	"calc",
};

/* Longer values are left alone: no placeholder is that long, and the
 * check stays cheap for a summary. */
enum { PLACEHOLDER_MAX_BYTES = 200 };

bool
read_is_placeholder(const char *s)
{
	size_t len = strlen(s);
	if (len > PLACEHOLDER_MAX_BYTES)
		return false;
	struct sbuf w = SBUF_INIT;
	bool marks = fold_words(&w, s);
	bool found = w.len == 0;     /* no letter or digit at all */
	size_t zeros = 0, xs = 0, other = 0;
	for (size_t i = 0; i < w.len; i++) {
		if (w.data[i] == '0')
			zeros++;
		else if (w.data[i] == 'x')
			xs++;
		else if (w.data[i] != ' ')
			other++;
	}
	if (!other && ((zeros && !xs) || (xs >= 3 && !zeros)))
		found = true;
	size_t n_words = sizeof(placeholder_words) / sizeof(placeholder_words[0]);
	for (size_t i = 0; !found && i < n_words; i++)
		found = (!marks || placeholder_words[i].vi) &&
			!strcmp(w.data, placeholder_words[i].words);
	size_t n_errors = sizeof(spreadsheet_errors) /
			  sizeof(spreadsheet_errors[0]);
	bool hash = s[strspn(s, " \t")] == '#';
	for (size_t i = 0; !found && hash && i < n_errors; i++)
		found = !strcmp(w.data, spreadsheet_errors[i]);
	sbuf_release(&w);
	return found;
}

/*
 * Files the placeholder diag for the scalar v under key, and says
 * whether there was one: for a required field an error (the value is
 * unusable), for an optional one a warning (the value is left out, as
 * if the line were not there; deleting it is the fix).
 */
static bool
placeholder(struct reader *r, const struct fm_node *v, const char *key,
	    bool required)
{
	if (r->draft || !read_is_placeholder(v->str))
		return false;
	if (!required) {
		diag_warning(r->dl, v->at, "placeholder",
			     "\"%s\" is \"%s\", a placeholder: it is left out",
			     key, v->str);
		diag_hint(r->dl, "delete the line, or write the real value");
		return true;
	}
	diag_error(r->dl, v->at, "placeholder",
		   "\"%s\" is \"%s\", a placeholder, not a real value",
		   key, v->str);
	if (r->site_yaml)
		diag_hint(r->dl, "write the real value");
	else
		diag_hint(r->dl, "write the real value; if it is not known yet, mark the entry \"draft: true\" until it is");
	return true;
}

enum want { WANT_TEXT, WANT_WHOLE, WANT_NUMBER, WANT_BOOL, WANT_DATE };

/* Files the "must be X, found a list" error.  Each combination is its
 * own literal so that msg.c can translate the whole sentence. */
static bool
want_scalar(struct reader *r, const struct fm_node *v, const char *key,
	    enum want expected)
{
	if (v->kind == FM_SCALAR)
		return true;
	bool list = v->kind == FM_SEQ;
	switch (expected) {
	case WANT_TEXT:
		if (list)
			diag_error(r->dl, v->at, "type",
				   "\"%s\" must be text, found a list", key);
		else
			diag_error(r->dl, v->at, "type",
				   "\"%s\" must be text, found a mapping", key);
		break;
	case WANT_WHOLE:
		if (list)
			diag_error(r->dl, v->at, "type",
				   "\"%s\" must be a whole number, found a list", key);
		else
			diag_error(r->dl, v->at, "type",
				   "\"%s\" must be a whole number, found a mapping", key);
		break;
	case WANT_NUMBER:
		if (list)
			diag_error(r->dl, v->at, "type",
				   "\"%s\" must be a number, found a list", key);
		else
			diag_error(r->dl, v->at, "type",
				   "\"%s\" must be a number, found a mapping", key);
		break;
	case WANT_BOOL:
		if (list)
			diag_error(r->dl, v->at, "type",
				   "\"%s\" must be true or false, found a list", key);
		else
			diag_error(r->dl, v->at, "type",
				   "\"%s\" must be true or false, found a mapping", key);
		break;
	case WANT_DATE:
		if (list)
			diag_error(r->dl, v->at, "type",
				   "\"%s\" must be a date, found a list", key);
		else
			diag_error(r->dl, v->at, "type",
				   "\"%s\" must be a date, found a mapping", key);
		break;
	}
	diag_hint(r->dl, "write one value on the same line as \"%s:\", "
		  "without \"- \", [ ] or { }", key);
	return false;
}

/* The scalar under key, or NULL (with its diag when it is not text). */
static const struct fm_node *
text_node(struct reader *r, const struct fm_node *m, const char *key,
	  bool required)
{
	const struct fm_node *v = lookup(r, m, key, required);
	return v && want_scalar(r, v, key, WANT_TEXT) ? v : NULL;
}

bool
read_text(struct reader *r, const struct fm_node *m, const char *key,
	  bool required, const char **out)
{
	const struct fm_node *v = text_node(r, m, key, required);
	if (!v || placeholder(r, v, key, required))
		return false;
	*out = v->str;
	return true;
}

bool
read_long(struct reader *r, const struct fm_node *m, const char *key,
	  bool required, long *out)
{
	const struct fm_node *v = lookup(r, m, key, required);
	if (!v || !want_scalar(r, v, key, WANT_WHOLE))
		return false;
	char *end;
	errno = 0;
	long x = strtol(v->str, &end, 10);
	if (!v->plain || v->len == 0 || *end || errno) {
		diag_error(r->dl, v->at, "type",
			   "\"%s\" must be a whole number, found \"%s\"", key,
			   v->str);
		diag_hint(r->dl, "write digits only, without quotes, dots or "
			  "units");
		return false;
	}
	*out = x;
	return true;
}

bool
read_double(struct reader *r, const struct fm_node *m, const char *key,
	    bool required, double *out)
{
	const struct fm_node *v = lookup(r, m, key, required);
	if (!v || !want_scalar(r, v, key, WANT_NUMBER))
		return false;
	char *end;
	errno = 0;
	double x = strtod(v->str, &end);
	if (!v->plain || v->len == 0 || *end || errno || !isfinite(x)) {
		diag_error(r->dl, v->at, "type",
			   "\"%s\" must be a number, found \"%s\"", key, v->str);
		diag_hint(r->dl, "write a number with a dot before the decimals, "
			  "as in 18.085");
		return false;
	}
	*out = x;
	return true;
}

bool
read_bool(struct reader *r, const struct fm_node *m, const char *key,
	  bool *out)
{
	const struct fm_node *v = lookup(r, m, key, false);
	if (!v || !want_scalar(r, v, key, WANT_BOOL))
		return false;
	if (v->plain && (!strcmp(v->str, "true") || !strcmp(v->str, "True") ||
			 !strcmp(v->str, "TRUE"))) {
		*out = true;
		return true;
	}
	if (v->plain && (!strcmp(v->str, "false") || !strcmp(v->str, "False") ||
			 !strcmp(v->str, "FALSE"))) {
		*out = false;
		return true;
	}
	diag_error(r->dl, v->at, "type",
		   "\"%s\" must be true or false, found \"%s\"", key, v->str);
	diag_hint(r->dl, "write true or false");
	return false;
}

bool
read_date(struct reader *r, const struct fm_node *m, const char *key,
	  bool required, struct date *out)
{
	const struct fm_node *v = lookup(r, m, key, required);
	if (!v || !want_scalar(r, v, key, WANT_DATE) ||
	    placeholder(r, v, key, required))
		return false;
	if (!date_parse(out, v->str)) {
		diag_error(r->dl, v->at, "date",
			   "\"%s\" must be a real date from 1900-01-01 to 2999-12-31, written YYYY-MM-DD, found \"%s\"",
			   key, v->str);
		diag_hint(r->dl, "write the date as YYYY-MM-DD, e.g. 2024-06-12");
		return false;
	}
	return true;
}

/* read_strlist and read_codelist: codes are not checked for
 * placeholders ("NA" is Namibia). */
static bool
strlist(struct reader *r, const struct fm_node *m, const char *key,
	struct strlist *out, struct pos **pos_out, bool codes)
{
	const struct fm_node *v = lookup(r, m, key, false);
	if (!v)
		return false;
	if (v->kind == FM_MAP) {
		diag_error(r->dl, v->at, "type",
			   "\"%s\" must be a list, found a mapping", key);
		diag_hint(r->dl, "write the items as [a, b], or one per line "
			  "starting with \"- \"");
		return false;
	}
	size_t n = v->kind == FM_SEQ ? v->n : 1;
	out->v = arena_array(r->a, n, sizeof(*out->v));
	out->n = 0;
	struct pos *at = pos_out ? arena_array(r->a, n, sizeof(*at)) : NULL;
	for (size_t i = 0; i < n; i++) {
		const struct fm_node *item = v->kind == FM_SEQ ? v->items[i] : v;
		if (item->kind != FM_SCALAR) {
			if (item->kind == FM_SEQ)
				diag_error(r->dl, item->at, "type",
					   "items of \"%s\" must be text, found a list",
					   key);
			else
				diag_error(r->dl, item->at, "type",
					   "items of \"%s\" must be text, found a mapping",
					   key);
			diag_hint(r->dl, "write each item as plain text, as in "
				  "[VietGAP, HACCP]");
			continue;
		}
		if (fm_is_null(item))
			continue;
		if (!codes && read_is_placeholder(item->str)) {
			diag_warning(r->dl, item->at, "placeholder",
				     "\"%s\" in \"%s\" is a placeholder: it is left out",
				     item->str, key);
			diag_hint(r->dl, "delete the item, or write the real value");
			continue;
		}
		if (at)
			at[out->n] = item->at;
		out->v[out->n++] = item->str;
	}
	if (pos_out)
		*pos_out = at;
	return true;
}

bool
read_strlist(struct reader *r, const struct fm_node *m, const char *key,
	     struct strlist *out, struct pos **pos_out)
{
	return strlist(r, m, key, out, pos_out, false);
}

bool
read_codelist(struct reader *r, const struct fm_node *m, const char *key,
	      struct strlist *out, struct pos **pos_out)
{
	return strlist(r, m, key, out, pos_out, true);
}

bool
read_map(struct reader *r, const struct fm_node *m, const char *key,
	 bool required, const struct fm_node **out)
{
	const struct fm_node *v = lookup(r, m, key, required);
	if (!v)
		return false;
	if (v->kind != FM_MAP) {
		if (v->kind == FM_SEQ)
			diag_error(r->dl, v->at, "type",
				   "\"%s\" must be a mapping of fields, found a list",
				   key);
		else
			diag_error(r->dl, v->at, "type",
				   "\"%s\" must be a mapping of fields, found text",
				   key);
		diag_hint(r->dl, "write the fields of \"%s\" on the lines below "
			  "it, indented, or as { field: value, ... }", key);
		return false;
	}
	*out = v;
	return true;
}

bool
read_enum(struct reader *r, const struct fm_node *m, const char *key,
	  bool required, const char *const *names, size_t n, int *out)
{
	/* not read_text: a value outside names is an error whatever it
	 * is, and one of them is never a placeholder ("details: unknown") */
	const struct fm_node *v = text_node(r, m, key, required);
	if (!v)
		return false;
	const char *s = v->str;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, names[i])) {
			*out = (int)i;
			return true;
		}
	struct sbuf list = SBUF_INIT;
	for (size_t i = 0; i < n; i++)
		sbuf_putf(&list, "%s%s", i ? ", " : "", names[i]);
	diag_error(r->dl, read_pos(m, key), "enum",
		   "unknown %s \"%s\": use one of %s", key, s, list.data);
	sbuf_release(&list);
	const char *best = read_closest(s, names, n, 3);
	if (best)
		diag_hint(r->dl, "did you mean \"%s\"?", best);
	else
		diag_hint(r->dl, "copy one of these values exactly as written");
	return false;
}

bool
read_location(struct reader *r, const struct fm_node *m, const char *key,
	      struct location *out)
{
	const struct fm_node *loc;
	memset(out, 0, sizeof(*out));
	if (!read_map(r, m, key, true, &loc))
		return false;
	out->at = loc->at;
	bool ok = read_text(r, loc, "province", true, &out->province);
	ok &= read_text(r, loc, "commune", true, &out->commune);
	read_text(r, loc, "district", false, &out->district);
	read_text(r, loc, "address", false, &out->address);
	const struct fm_node *geo;
	if (read_map(r, loc, "geo", false, &geo)) {
		out->geo.at = geo->at;
		out->geo.set = read_double(r, geo, "lat", true, &out->geo.lat) &
			       read_double(r, geo, "lon", true, &out->geo.lon);
		if (out->geo.set && (fabs(out->geo.lat) > 90 ||
				     fabs(out->geo.lon) > 180)) {
			diag_error(r->dl, geo->at, "geo",
				   "geo must have lat between -90 and 90 and lon between -180 and 180");
			diag_hint(r->dl, "in Vietnam lat is about 8 to 24 and lon "
				  "about 102 to 110: check that they are not swapped");
			out->geo.set = false;
		}
	}
	static const char *const known[] = { "province", "district", "commune",
					     "address", "geo", NULL };
	read_warn_unknown(r, loc, known);
	return ok;
}

/*
 * Levenshtein distance with one row of the table, cheap when the limit
 * is small, as for near names (2) and "did you mean" (3):
 *  - a common start and end are cut first: they never change the
 *    distance, and near keys share most of their letters ("hop-tac-xa-");
 *  - a length difference over limit answers at once;
 *  - only the band of cells at most limit off the diagonal is filled: a
 *    path through a cell further out costs more than limit already, so
 *    the cells outside count as limit + 1;
 *  - a row whose smallest cell is over limit stops the work (a row's
 *    smallest cell never falls in the next row).
 * Rows of up to 81 cells live on the stack.
 */
static size_t
distance_within(const char *a, size_t la, const char *b, size_t lb,
		size_t limit)
{
	while (la && lb && *a == *b)
		a++, b++, la--, lb--;
	while (la && lb && a[la - 1] == b[lb - 1])
		la--, lb--;
	if ((la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	/* the distance is at most the longer length: a limit past it only
	 * widens the band */
	size_t w = la > lb ? la : lb;
	if (limit < w)
		w = limit;
	size_t over = w + 1;        /* "more than w" in the cells */
	size_t small[81];
	size_t *row = lb < 81 ? small : xmalloc(xmul(lb + 1, sizeof(*row)));
	size_t d;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j <= w ? j : over;
	for (size_t i = 1; i <= la; i++) {
		size_t lo = i > w ? i - w : 1;
		size_t hi = i + w < lb ? i + w : lb;
		size_t diag = row[lo - 1];              /* cell (i-1, lo-1) */
		size_t left = lo == 1 && i <= w ? i : over;   /* (i, lo-1) */
		row[lo - 1] = left;
		size_t best_in_row = left;
		for (size_t j = lo; j <= hi; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (left + 1 < best)
				best = left + 1;
			if (best > over)
				best = over;
			diag = up;
			row[j] = left = best;
			if (best < best_in_row)
				best_in_row = best;
		}
		if (best_in_row > w) {
			d = limit + 1;
			goto out;
		}
	}
	d = row[lb] > w ? limit + 1 : row[lb];
out:
	if (row != small)
		free(row);
	return d;
}

size_t
read_distance_within(const char *a, const char *b, size_t limit)
{
	return distance_within(a, strlen(a), b, strlen(b), limit);
}

/* Keys and slugs are short: with both at most 80 bytes the distance is
 * at most 80, so the limit never cuts in and the answer is exact. */
size_t
read_distance(const char *a, const char *b)
{
	if (strlen(a) > 80 || strlen(b) > 80)
		return 99;
	return read_distance_within(a, b, 80);
}

const char *
read_closest(const char *s, const char *const *names, size_t n, size_t max)
{
	const char *best = NULL;
	size_t best_d = max + 1;
	for (size_t i = 0; i < n; i++) {
		size_t d = read_distance(s, names[i]);
		if (d < best_d) {
			best_d = d;
			best = names[i];
		}
	}
	return best;
}

static size_t
shared_suffix(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), n = 0;
	while (n < la && n < lb && a[la - 1 - n] == b[lb - 1 - n])
		n++;
	return n;
}

void
read_warn_unknown(struct reader *r, const struct fm_node *m,
		  const char *const *known)
{
	if (!m || m->kind != FM_MAP)
		return;
	for (size_t i = 0; i < m->n; i++) {
		const char *k = m->pairs[i].key->str;
		bool found = false;
		for (const char *const *kk = known; *kk && !found; kk++)
			found = !strcmp(k, *kk);
		if (found)
			continue;
		/* only an unknown key pays for the distances */
		const char *best = NULL;
		size_t best_d = 3;
		for (const char *const *kk = known; *kk; kk++) {
			size_t d = read_distance_within(k, *kk, best_d);
			/* ties go to the key sharing the longer ending:
			 * "fone" → "phone", not "name" */
			if (d < best_d || (d == best_d && best &&
					   shared_suffix(k, *kk) > shared_suffix(k, best))) {
				best_d = d;
				best = *kk;
			}
		}
		diag_warning(r->dl, m->pairs[i].key->at, "unknown-field",
			     "unknown field \"%s\"", k);
		if (best)
			diag_hint(r->dl, "did you mean \"%s\"?", best);
	}
}

enum url_error
read_url(struct reader *r, struct pos at, const char *text, unsigned schemes,
	 struct url *out)
{
	enum url_error err = url_parse(out, text, schemes, r->a);
	switch (err) {
	case URL_OK:
	case URL_SCHEME:
	case URL_RELATIVE:
		break;
	case URL_TOO_LONG:
		diag_error(r->dl, at, "url", "link is longer than %d bytes",
			   URL_MAX_BYTES);
		diag_hint(r->dl, "use the shorter link that the site's Share button gives");
		break;
	case URL_SYNTAX:
		diag_error(r->dl, at, "url", "\"%s\" is not a valid link", text);
		diag_hint(r->dl, "a link has no spaces, tabs, line breaks or backslashes (\\): copy it again from the browser's address bar");
		break;
	case URL_NO_HOST:
		diag_error(r->dl, at, "url", "link \"%s\" has no host name",
			   text);
		diag_hint(r->dl, "write the whole link, with the name of the site right after //, as in https://shopee.vn/...");
		break;
	case URL_USERINFO:
		diag_error(r->dl, at, "url",
			   "link \"%s\" has a user name before \"@\": browsers would open the site written after the \"@\"",
			   text);
		diag_hint(r->dl, "copy the link again from the browser's address bar: a link to a shop or a page has no \"@\" before the name of the site");
		break;
	case URL_HOST:
		diag_error(r->dl, at, "url",
			   "link \"%s\" has an invalid host name", text);
		diag_hint(r->dl, "the host name, right after //, has only letters, digits, hyphens and dots, as in shopee.vn");
		break;
	case URL_PORT:
		diag_error(r->dl, at, "url", "link \"%s\" has an invalid port",
			   text);
		diag_hint(r->dl, "delete the \":\" and the number after the host name, or write a port from 1 to 65535");
		break;
	}
	return err;
}

bool
read_is_slug(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 80 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '-') {
			if (s[i + 1] == '-')
				return false;
		} else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
			return false;
		}
	}
	return true;
}
