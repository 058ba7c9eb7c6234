/*
 * Each check is one static function over the frozen catalog (or, for
 * NFC, over the source files), independent of the others, filing
 * warnings with a hint that says what to do.  The catalog's lists hold
 * published default-language entries; translations hang off tr[], and a
 * translation's field is checked only when its own file gives it, so a
 * problem is reported once, in the file that has it.
 *
 * Order of filing does not matter: the command sorts the diags by
 * position.
 */
#include "lint.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "date.h"
#include "read.h"
#include "../util/fold.h"
#include "../util/sbuf.h"
#include "../util/utf8.h"
#include "../util/xalloc.h"
#include "../util/strmap.h"
#include "../util/banned.h"

static struct pos
whole_file(const char *path)
{
	return (struct pos){ path, 0, 0 };
}

/* Calls fn on every published entry of every kind and on each of its
 * translations. */
static void
each_translation(const struct entry *e,
		 void (*fn)(const struct entry *, void *), void *arg)
{
	for (size_t l = 0; l < MODEL_MAX_LANGS; l++)
		if (e->tr[l] && !e->tr[l]->broken)
			fn(e->tr[l], arg);
}

static void
each_entry(const struct catalog *c, void (*fn)(const struct entry *, void *),
	   void *arg)
{
	for (size_t i = 0; i < c->n_products; i++)
		each_translation(&c->products[i]->e, fn, arg);
	for (size_t i = 0; i < c->n_producers; i++)
		each_translation(&c->producers[i]->e, fn, arg);
	for (size_t i = 0; i < c->n_pos; i++)
		each_translation(&c->pos[i]->e, fn, arg);
	for (size_t i = 0; i < c->n_pages; i++)
		each_translation(&c->pages[i]->e, fn, arg);
}

/* True when at points into the entry's own file (not the default
 * entry's file, for a field a translation inherits). */
static bool
own(const struct entry *e, struct pos at)
{
	return at.path && !strcmp(at.path, e->path);
}

/* --- text not in NFC ---------------------------------------------- */

static bool
is_combining(const char *s, size_t len, size_t off)
{
	uint32_t cp;
	if (utf8_next((const unsigned char *)s + off, len - off, &cp) < 0)
		return false;
	return utf8proc_get_property((utf8proc_int32_t)cp)->combining_class != 0;
}

/*
 * Byte offset in line[0..len) where the text first differs from its NFC
 * form, moved back to the letter the marks belong to; or len when the
 * line is in NFC (or is not valid UTF-8, which fm has reported).
 */
static size_t
first_not_nfc(const char *line, size_t len)
{
	if (utf8_plainly_nfc(line, len))
		return len;          /* no need to build its NFC form */
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)line,
					  (utf8proc_ssize_t)len, &nfc,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0)
		return len;
	size_t d = 0;
	while (d < len && d < (size_t)n && line[d] == (char)nfc[d])
		d++;
	free(nfc);
	if (d == len && (size_t)n == len)
		return len;
	if (d == len)
		d--;             /* NFC only added text at the end */
	while (d > 0 && ((unsigned char)line[d] & 0xC0) == 0x80)
		d--;             /* to the start of the code point */
	while (d > 0 && is_combining(line, len, d)) {
		do
			d--;
		while (d > 0 && ((unsigned char)line[d] & 0xC0) == 0x80);
	}
	return d;
}

/* Vietnamese typed on some systems (macOS, some phone keyboards) arrives
 * decomposed: "ế" as e + two combining marks.  It looks the same but
 * does not match a search for the composed word and sorts apart, so the
 * first such place of each file is named (ocop fmt fixes them all). */
static void
not_nfc(const struct source_set *src, struct diag_list *dl)
{
	for (size_t i = 0; i < src->n; i++) {
		const struct source *s = &src->v[i];
		if (!source_is_entry(s))
			continue;     /* the Markdown files catalog.c read */
		const char *p = s->data.p;
		size_t len = s->data.len;
		for (size_t at = 0; at < len;) {
			const char *nl = memchr(p + at, '\n', len - at);
			size_t end = nl ? (size_t)(nl - p) : len;
			size_t off = first_not_nfc(p + at, end - at);
			if (off < end - at) {
				unsigned line, col;
				utf8_line_col(p, len, at + off, &line, &col);
				diag_warning(dl, (struct pos){ s->path, line, col },
					     "not-nfc",
					     "text is not in Unicode NFC (composed) form");
				diag_hint(dl, "run \"ocop fmt %s\" to normalise it",
					  s->path);
				break;
			}
			at = end + 1;
		}
	}
}

/* --- names with spaces around them ---------------------------------- */

static bool
is_space_cp(uint32_t cp)
{
	if (cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x200B ||
	    cp == 0xFEFF)
		return true;
	return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ZS;
}

static bool
space_at_ends(const char *s)
{
	size_t len = strlen(s);
	if (!len)
		return false;
	uint32_t cp;
	if (utf8_next((const unsigned char *)s, len, &cp) > 0 && is_space_cp(cp))
		return true;
	size_t last = len - 1;
	while (last > 0 && ((unsigned char)s[last] & 0xC0) == 0x80)
		last--;
	return utf8_next((const unsigned char *)s + last, len - last, &cp) > 0 &&
	       is_space_cp(cp);
}

static void
name_spaces_one(const struct entry *e, void *arg)
{
	struct diag_list *dl = arg;
	if (!e->name || !own(e, e->name_at) || !space_at_ends(e->name))
		return;
	diag_warning(dl, e->name_at, "name-spaces",
		     "name \"%s\" has spaces at the start or end", e->name);
	diag_hint(dl, "remove the spaces inside the quotes: lists show and sort the name with them");
}

/* A quoted name with a space before or after it ("name: \" Bưởi\"")
 * shows with a gap and sorts first in every list. */
static void
name_spaces(const struct catalog *c, struct diag_list *dl)
{
	each_entry(c, name_spaces_one, dl);
}

/* --- the value most files give ---------------------------------------- */

/*
 * In items first..end-1, sorted so that items with the same value stand
 * together, the first item of the largest group: the value most files
 * give, which the others are checked against.  On a tie, the group
 * whose first item comes first by `before` wins (by sort order when
 * before is NULL).  same() and before() compare items by index.
 */
static size_t
most_given(size_t first, size_t end,
	   bool (*same)(const void *ctx, size_t a, size_t b),
	   bool (*before)(const void *ctx, size_t a, size_t b),
	   const void *ctx)
{
	size_t best = first, best_n = 0;
	for (size_t i = first, run; i < end; i = run) {
		for (run = i + 1; run < end && same(ctx, i, run); run++)
			;
		if (run - i > best_n ||
		    (run - i == best_n && before && before(ctx, i, best))) {
			best = i;
			best_n = run - i;
		}
	}
	return best;
}

/* --- decisions, product codes and GTINs shared ----------------------- */

/* One product under a key it should share only with its batch (a
 * decision) or with nobody (a product code, a GTIN). */
struct shared_key {
	const char *key, *issuer;
	const struct product *p;
};

static int
cmp_shared_key(const void *x, const void *y)
{
	const struct shared_key *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	if (!c)
		c = strcmp(a->issuer, b->issuer);
	if (!c) {
		long da = a->p->cert.issued.days, db = b->p->cert.issued.days;
		c = (da > db) - (da < db);
	}
	return c ? c : strcmp(a->p->e.path, b->p->e.path);
}

static bool
same_date(const void *ctx, size_t a, size_t b)
{
	const struct shared_key *v = ctx;
	return v[a].p->cert.issued.days == v[b].p->cert.issued.days;
}

/*
 * A decision recognises a batch of products, often dozens, and two
 * provinces may issue the same number: the same number from the same
 * issuer on the same day is one decision, and silent.  The same number
 * and issuer with another date is a copy and paste gone wrong in one
 * of the files, named at its date.
 */
static void
decision_dates(const struct catalog *c, struct diag_list *dl)
{
	struct shared_key *v = xmalloc(xmul(c->n_products + 1, sizeof(*v)));
	size_t n = 0;
	for (size_t i = 0; i < c->n_products; i++) {
		const struct product *p = c->products[i];
		if (p->cert.number && p->cert.issued.y)
			v[n++] = (struct shared_key){ p->cert.number,
				p->cert.issuer ? p->cert.issuer : "", p };
	}
	qsort(v, n, sizeof(*v), cmp_shared_key);
	for (size_t first = 0, end; first < n; first = end) {
		for (end = first + 1; end < n &&
		     !strcmp(v[end].key, v[first].key) &&
		     !strcmp(v[end].issuer, v[first].issuer); end++)
			;
		/* the date most of the batch has is the decision's (ties:
		 * the earliest); the others are the odd ones out */
		size_t ref = most_given(first, end, same_date, NULL, v);
		const struct certificate *a = &v[ref].p->cert;
		for (size_t i = first; i < end; i++) {
			const struct certificate *b = &v[i].p->cert;
			if (a->issued.days == b->issued.days)
				continue;
			char da[11], db[11];
			date_iso(&a->issued, da);
			date_iso(&b->issued, db);
			diag_warning(dl, b->issued_at, "same-certificate",
				     "decision \"%s\" is dated %s here but %s in %s",
				     b->number, db, da, v[ref].p->e.path);
			diag_hint(dl, "one decision has one date: check the date and the number against the decision itself");
		}
	}
	free(v);
}

/* A national product code or a GTIN names one product: on two, one of
 * them is another product's. */
static void
unique_codes(const struct catalog *c, bool gtin, struct diag_list *dl)
{
	struct shared_key *v = xmalloc(xmul(c->n_products + 1, sizeof(*v)));
	size_t n = 0;
	for (size_t i = 0; i < c->n_products; i++) {
		const struct product *p = c->products[i];
		const char *k = gtin ? p->gtin : p->code;
		if (k && *k)
			v[n++] = (struct shared_key){ k, "", p };
	}
	qsort(v, n, sizeof(*v), cmp_shared_key);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(v[i].key, v[i - 1].key))
			continue;
		const struct product *p = v[i].p;
		if (gtin)
			diag_warning(dl, p->gtin_at, "same-code",
				     "GTIN \"%s\" is also on %s", v[i].key,
				     v[i - 1].p->e.path);
		else
			diag_warning(dl, p->code_at, "same-code",
				     "national product code \"%s\" is also on %s",
				     v[i].key, v[i - 1].p->e.path);
		diag_hint(dl, "each product has its own code: check which file has another product's");
	}
	free(v);
}

/* --- a producer written two ways ------------------------------------ */

/*
 * Before two producers' names are compared, what does not tell one
 * producer from another is set aside: the kind of producer (its legal
 * form) in any spelling, and the OCOP and star claims some lists add to
 * a name.  So "HTX Na Chi Lăng", "Hợp tác xã na Chi Lăng" and "Cơ sở Na
 * Chi Lăng (OCOP 4 sao)" all come to the key "na-chi-lang", while "HTX
 * Na Hữu Lũng" stays "na-huu-lung".
 *
 * The name is cut into words (runs of letters, marks and digits), each
 * folded by fold_slug() into pieces ("Lăng" → "lang"); the table below
 * matches whole pieces, the longest match first.  Words that are also
 * ordinary words or names are set aside only where a legal form stands:
 *
 *   FORM        anywhere: "Hợp tác xã", "HTX", "Công ty TNHH", "CTCP",
 *               "một thành viên", "DNTN", "Hộ kinh doanh", "THT"...
 *   FORM_FIRST  only as the first words of the name: "Cơ sở (sản
 *               xuất)", "CS", and "Hộ" with its tone ("Hồ" is a family
 *               name, and "hồ tiêu" is pepper)
 *   CLAIM       anywhere: "OCOP", "sản phẩm OCOP", "đạt chuẩn OCOP"
 *
 * and 3, 4 or 5 is a star claim when "sao" or "*" follows it ("4 sao",
 * "4*") or when it follows OCOP ("OCOP 4").  Other digits stay: "HTX số
 * 1" and "HTX số 2" are two cooperatives (differ_in_digits_only()).
 * Words for a trade ("sản xuất", "thương mại", "dịch vụ") stay in the
 * key, as they are often what tells two businesses apart, but count for
 * nothing in distinctive_len().  A name that would lose every word keeps
 * them all ("Hợp tác xã").
 *
 * The legal forms set aside, each in one spelling ("htx" and "hợp tác
 * xã" are "hop-tac-xa"), make the name's form.  Equal keys meet whatever
 * the forms: a cooperative and a company of one telling name are most
 * often one business registered again, and the warning shows the words
 * it compared.  Keys a few letters apart (near_names()) meet only under
 * the same form: a second difference on top of the form ("Tổ hợp tác
 * Yến sào Sơn Bình", "HTX Yến sào An Bình") is two producers.
 */
enum aside { FORM, FORM_FIRST, CLAIM, STARS };

static const struct {
	const char *words;             /* folded pieces joined by '-' */
	enum aside where;
	const char *form;              /* FORM*: the one spelling, or NULL
					  when it is words */
} set_aside[] = {
	{ "hop-tac-xa", FORM, NULL }, { "htx", FORM, "hop-tac-xa" },
	{ "to-hop-tac", FORM, NULL }, { "tht", FORM, "to-hop-tac" },
	{ "cong-ty", FORM, NULL }, { "cty", FORM, "cong-ty" },
	{ "ctcp", FORM, "cong-ty-co-phan" },
	{ "cong-ty-cp", FORM, "cong-ty-co-phan" },
	{ "cty-cp", FORM, "cong-ty-co-phan" },
	{ "co-phan", FORM, NULL },
	{ "tnhh", FORM, NULL }, { "trach-nhiem-huu-han", FORM, "tnhh" },
	{ "mot-thanh-vien", FORM, "mtv" }, { "1-thanh-vien", FORM, "mtv" },
	{ "mtv", FORM, NULL },
	{ "doanh-nghiep-tu-nhan", FORM, "dntn" }, { "dntn", FORM, NULL },
	{ "doanh-nghiep", FORM, NULL },
	{ "ho-kinh-doanh", FORM, "hkd" }, { "hkd", FORM, NULL },
	{ "ho-gia-dinh", FORM, NULL },
	{ "co-so", FORM_FIRST, NULL }, { "cs", FORM_FIRST, "co-so" },
	{ "co-so-san-xuat", FORM_FIRST, NULL },
	{ "co-so-sx", FORM_FIRST, "co-so-san-xuat" },
	{ "ho", FORM_FIRST, "hkd" }, { "ho-san-xuat", FORM_FIRST, "hkd" },
	{ "ocop", CLAIM, NULL }, { "san-pham-ocop", CLAIM, NULL },
	{ "sp-ocop", CLAIM, NULL }, { "dat-chuan-ocop", CLAIM, NULL },
	{ "chuan-ocop", CLAIM, NULL }, { "dat-ocop", CLAIM, NULL },
};

/* A word of a name, and one folded piece of a word. */
struct name_word {
	const char *p;                 /* borrowed from the name */
	size_t len;
};

struct name_piece {
	const char *p;                 /* [a-z0-9]+, not NUL-terminated */
	size_t len;
	size_t word;                   /* index of the word it comes from */
};

struct split_name {
	struct name_word *w;
	struct name_piece *t;
	size_t nw, nt;
};

static bool
piece_is(const struct name_piece *t, const char *s)
{
	return t->len == strlen(s) && !memcmp(t->p, s, t->len);
}

static bool
star_digit(const struct name_piece *t)
{
	return t->len == 1 && t->p[0] >= '3' && t->p[0] <= '5';
}

/* Letters, marks and digits make words; anything else parts them. */
static bool
word_cp(uint32_t cp)
{
	utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
}

static bool
ascii_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/*
 * Cuts name into words and folded pieces, in a.  A '*' after 3, 4 or 5
 * adds the piece "sao", so "4*" reads as "4 sao".  A word folds to as
 * many pieces as it has code points at most, and each '*' adds one, so
 * strlen(name) + 1 of each is room enough.
 */
static void
split_name(struct split_name *out, struct arena *a, const char *name)
{
	const unsigned char *u = (const unsigned char *)name;
	size_t len = strlen(name);
	out->w = arena_array(a, len + 1, sizeof(*out->w));
	out->t = arena_array(a, len + 1, sizeof(*out->t));
	out->nw = out->nt = 0;
	for (size_t i = 0; i < len;) {
		size_t start = i;
		while (i < len) {
			if (u[i] < 0x80) {
				if (!ascii_alnum(u[i]))
					break;
				i++;
				continue;
			}
			uint32_t cp;
			int n = utf8_next(u + i, len - i, &cp);
			if (n < 0 || !word_cp(cp))
				break;
			i += (size_t)n;
		}
		if (i == start) {
			if (u[i] == '*' && out->nt &&
			    star_digit(&out->t[out->nt - 1])) {
				struct name_piece star = { "sao", 3,
					out->t[out->nt - 1].word };
				out->t[out->nt++] = star;
			}
			uint32_t cp;
			int n = utf8_next(u + i, len - i, &cp);
			i += n > 0 ? (size_t)n : 1;
			continue;
		}
		const char *f = fold_slug(a, arena_strndup(a, name + start,
							    i - start));
		if (!*f)
			continue;      /* nothing in it folds to a letter */
		for (const char *q = f; *q && out->nt <= len;) {
			size_t n = strcspn(q, "-");
			out->t[out->nt++] = (struct name_piece){ q, n, out->nw };
			q += n;
			if (*q == '-')
				q++;
		}
		out->w[out->nw++] = (struct name_word){ name + start, i - start };
	}
}

/* How many pieces from s->t[i] on spell words ("cong-ty-tnhh"); 0 when
 * they do not. */
static size_t
match_words(const struct split_name *s, size_t i, const char *words)
{
	size_t k = i;
	while (*words) {
		size_t n = strcspn(words, "-");
		if (k == s->nt || s->t[k].len != n ||
		    memcmp(s->t[k].p, words, n))
			return 0;
		k++;
		words += n;
		if (*words == '-')
			words++;
	}
	return k - i;
}

/* True when word w is "Hộ" in any case: the household, not the family
 * name Hồ.  Decomposed text is composed first. */
static bool
household_word(const struct name_word *w)
{
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)w->p,
					  (utf8proc_ssize_t)w->len, &folded,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE |
					  UTF8PROC_CASEFOLD);
	bool yes = n == 4 && !memcmp(folded, "h\xE1\xBB\x99", 4);
	free(folded);
	return yes;
}

/*
 * How many pieces from s->t[i] on are set aside (0: none); *what says
 * as what, and *entry which line of set_aside (for STARS, none).
 * after_ocop: the pieces just before were an OCOP claim.
 */
static size_t
aside_at(const struct split_name *s, size_t i, bool after_ocop,
	 enum aside *what, size_t *entry)
{
	size_t m = 0;
	for (size_t k = 0; k < sizeof(set_aside) / sizeof(set_aside[0]); k++) {
		const char *words = set_aside[k].words;
		if (set_aside[k].where == FORM_FIRST && i)
			continue;
		size_t got = match_words(s, i, words);
		if (got <= m)
			continue;
		if (set_aside[k].where == FORM_FIRST &&
		    !strncmp(words, "ho", 2) && (!words[2] || words[2] == '-') &&
		    !household_word(&s->w[s->t[i].word]))
			continue;
		m = got;
		*what = set_aside[k].where;
		*entry = k;
	}
	if (!m && star_digit(&s->t[i])) {
		if (i + 1 < s->nt && piece_is(&s->t[i + 1], "sao"))
			m = 2;
		else if (after_ocop)
			m = 1;
		*what = STARS;
	}
	return m;
}

/* A producer's name as the check compares it.  All strings in the
 * arena. */
struct producer_name {
	const char *key;       /* the pieces kept, joined by '-' */
	const char *form;      /* the legal forms set aside, each in its one
				  spelling, joined by '-'; "" for none */
	const char *aside;     /* every piece set aside, as folded */
	const char *shown;     /* the words kept, as written, joined by
				  single spaces */
};

/* sb's text copied into a; sb is released. */
static const char *
arena_from_sbuf(struct arena *a, struct sbuf *sb)
{
	const char *s = arena_strndup(a, sb->data, sb->len);
	sbuf_release(sb);
	return s;
}

/* Appends p[0..len) to sb, after sep unless sb is empty. */
static void
join_to(struct sbuf *sb, const char *p, size_t len, char sep)
{
	if (sb->len)
		sbuf_putc(sb, sep);
	sbuf_put(sb, p, len);
}

static void
producer_name(struct producer_name *out, struct arena *a, const char *name)
{
	struct split_name s;
	split_name(&s, a, name);
	bool *keep = arena_array(a, s.nt + 1, sizeof(*keep));
	struct sbuf form = SBUF_INIT, aside = SBUF_INIT;
	size_t kept = 0;
	bool after_ocop = false;
	for (size_t i = 0; i < s.nt;) {
		enum aside what = FORM;
		size_t entry = 0;
		size_t m = aside_at(&s, i, after_ocop, &what, &entry);
		if (!m) {
			keep[i++] = true;
			kept++;
			after_ocop = false;
			continue;
		}
		if (what == FORM || what == FORM_FIRST) {
			const char *f = set_aside[entry].form ?
					set_aside[entry].form :
					set_aside[entry].words;
			join_to(&form, f, strlen(f), '-');
		}
		for (size_t k = i; k < i + m; k++)
			join_to(&aside, s.t[k].p, s.t[k].len, '-');
		after_ocop = what == CLAIM;
		i += m;
	}
	if (!kept) {                   /* all of it is a form: keep it all */
		for (size_t i = 0; i < s.nt; i++)
			keep[i] = true;
		sbuf_reset(&form);
		sbuf_reset(&aside);
	}
	struct sbuf key = SBUF_INIT, words = SBUF_INIT;
	size_t last_word = SIZE_MAX;
	for (size_t i = 0; i < s.nt; i++) {
		if (!keep[i])
			continue;
		join_to(&key, s.t[i].p, s.t[i].len, '-');
		if (s.t[i].word != last_word) {
			last_word = s.t[i].word;
			join_to(&words, s.w[last_word].p, s.w[last_word].len,
				  ' ');
		}
	}
	out->key = arena_from_sbuf(a, &key);
	out->form = arena_from_sbuf(a, &form);
	out->aside = arena_from_sbuf(a, &aside);
	out->shown = arena_from_sbuf(a, &words);
}

const char *
lint_producer_key(struct arena *a, const char *name, const char **form)
{
	struct producer_name pn;
	producer_name(&pn, a, name);
	if (form)
		*form = pn.form;
	return pn.key;
}

/* a and b without their digits are the same text: "HTX số 1" and "HTX
 * số 2" are two cooperatives, not one spelt two ways. */
static bool
differ_in_digits_only(const char *a, const char *b)
{
	for (;;) {
		while (*a >= '0' && *a <= '9')
			a++;
		while (*b >= '0' && *b <= '9')
			b++;
		if (*a != *b)
			return false;
		if (!*a)
			return true;
		a++;
		b++;
	}
}

/* Letters of key outside the words that say what kind of producer it
 * is ("hop-tac-xa", "cong-ty-tnhh"…, which producer_name() has mostly
 * set aside already) or what trade ("san-xuat"…): what tells two
 * producers apart. */
static size_t
distinctive_len(const char *key)
{
	static const char *const forms[] = {
		"hop-tac-xa", "to-hop-tac", "cong-ty", "tnhh", "co-phan",
		"doanh-nghiep", "tu-nhan", "co-so", "san-xuat", "ho-kinh-doanh",
		"mot-thanh-vien", "mtv", "thuong-mai", "dich-vu",
	};
	size_t n = 0;
	for (const char *w = key; *w;) {
		size_t skip = 0;
		for (size_t k = 0; k < sizeof(forms) / sizeof(forms[0]); k++) {
			size_t fl = strlen(forms[k]);
			if (!strncmp(w, forms[k], fl) && (!w[fl] || w[fl] == '-'))
				skip = fl;
		}
		size_t wl = skip ? skip : strcspn(w, "-");
		if (!skip)
			n += wl;
		w += wl;
		if (*w == '-')
			w++;
	}
	return n;
}

/* What near_names() looks at. */
struct near_key {
	const char *key, *form;        /* of struct producer_name */
	size_t telling;                /* distinctive_len() of the key */
};

/* A producer's name folded for comparing; p is NULL in tests. */
struct keyed {
	struct producer_name n;
	struct near_key k;
	const struct producer *p;
};

/* Names whose telling part is short ("HTX A", "HTX B") are close by
 * nature: only an exact match counts for them. */
enum { NEAR_NAME_MIN = 6, NEAR_NAME_EDITS = 2 };

static bool
near_names(const struct near_key *x, const struct near_key *y)
{
	if (!strcmp(x->key, y->key))
		return true;
	if (strcmp(x->form, y->form) || x->telling < NEAR_NAME_MIN ||
	    y->telling < NEAR_NAME_MIN || differ_in_digits_only(x->key, y->key))
		return false;
	/* keys of long names pass 80 bytes, where read_distance() gives
	 * up: no cap here */
	return read_distance_within(x->key, y->key, NEAR_NAME_EDITS) <=
	       NEAR_NAME_EDITS;
}

static void
keyed_init(struct keyed *out, struct arena *a, const char *name,
	   const struct producer *p)
{
	producer_name(&out->n, a, name);
	out->k = (struct near_key){ out->n.key, out->n.form,
				    distinctive_len(out->n.key) };
	out->p = p;
}

bool
lint_near_names(struct arena *a, const char *x, const char *y)
{
	struct keyed kx, ky;
	keyed_init(&kx, a, x, NULL);
	keyed_init(&ky, a, y, NULL);
	return near_names(&kx.k, &ky.k);
}

/*
 * Which pairs to compare.  near_names() holds for equal keys, whatever
 * the forms, or for keys under one form at most NEAR_NAME_EDITS = k
 * edits apart whose telling parts both have NEAR_NAME_MIN letters or
 * more (so both keys are at least that long).  It depends only on the
 * two (key, form) pairs, so the work is done once per distinct pair, a
 * "unit": sorting groups equal keys, and within them equal forms.  Each
 * unit knows the first file (by path) of its key, under any form; and
 * near_first() gives it the first file of any other unit near it by
 * edits.  A file's answer is then the earlier of the two, when either is
 * before it.
 *
 * Keys near by edits are found as in Pass-Join (Li, Deng, Wang and Feng,
 * "Pass-Join: a partition-based method for similarity joins", VLDB 2011),
 * with one piece more.  Cut a key x of length L into k + 2 pieces whose
 * places depend on L only.  k edits touch at most k pieces, so y, within
 * k edits of x, holds two of them as they are, each moved by at most k
 * places, and y's length is within k of L.  The index lists every piece
 * of every key, by (form, L, piece number, bytes).  A key y looks up its
 * substrings of each piece's length at each piece's place, give or take
 * k, for each length L from |y| - k to |y| + k, under its own form, and
 * is compared only with the keys of which it holds two pieces.  A key so
 * meets the keys of its form that share half its letters at the same
 * places (names of the same length, say), not all of them.
 *
 * Exact: every pair that near_names() accepts is found, and found pairs
 * are checked with near_names() itself, so the warnings are those of
 * comparing every pair (tests/unit/test_lint.c compares the two on
 * random names).
 */
enum { PIECES = NEAR_NAME_EDITS + 2, PIECES_KEPT = PIECES - NEAR_NAME_EDITS };

struct distinct {
	struct near_key k;
	uint64_t form_hash;    /* FNV-1a of k.form */
	size_t len;            /* of k.key */
	size_t first;          /* the first file with this key and form */
	size_t key_first;      /* the first file with this key */
};

struct piece {
	uint64_t form_hash;
	uint64_t hash;         /* FNV-1a of the piece's bytes */
	size_t len;            /* of the whole key */
	unsigned no;           /* 0 .. PIECES - 1 */
	size_t key;            /* index in the distinct units */
};

/* Where piece no of a key of length len starts, and its length: the
 * first pieces are len / PIECES long, the last len % PIECES one longer. */
static size_t
piece_at(size_t len, unsigned no, size_t *plen)
{
	size_t base = len / PIECES, longer = len % PIECES;
	size_t shorter = PIECES - longer;
	*plen = base + (no >= shorter);
	return no * base + (no > shorter ? no - shorter : 0);
}

static int
cmp_u64(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

static int
cmp_piece(const void *x, const void *y)
{
	const struct piece *a = x, *b = y;
	int c = cmp_u64(a->form_hash, b->form_hash);
	if (!c)
		c = cmp_u64(a->len, b->len);
	if (!c)
		c = cmp_u64(a->no, b->no);
	if (!c)
		c = cmp_u64(a->hash, b->hash);
	return c ? c : cmp_u64(a->key, b->key);
}

/* True when piece e is the one want looks for (any key). */
static bool
same_piece(const struct piece *e, const struct piece *want)
{
	return e->form_hash == want->form_hash && e->hash == want->hash &&
	       e->len == want->len && e->no == want->no;
}

struct by_key {
	const char *key, *form;
	size_t item;
};

static int
cmp_by_key(const void *x, const void *y)
{
	const struct by_key *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	if (!c)
		c = strcmp(a->form, b->form);
	return c ? c : cmp_u64(a->item, b->item);
}

/* True when unit a may be near another by edits, not only when equal. */
static bool
may_edit(const struct distinct *a)
{
	return a->k.telling >= NEAR_NAME_MIN;
}

/* The first entry of ix[0..ni) not before want. */
static size_t
piece_lower_bound(const struct piece *ix, size_t ni, const struct piece *want)
{
	size_t lo = 0, hi = ni;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_piece(&ix[mid], want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static unsigned
count_bits(unsigned x)
{
	unsigned n = 0;
	for (; x; x &= x - 1)
		n++;
	return n;
}

/*
 * For each unit of d[0..nd), the smallest first file of another unit
 * near it, or n when none is.  Caller frees.
 */
static size_t *
near_first(const struct distinct *d, size_t nd, size_t n)
{
	struct piece *ix = xmalloc(xmul(xmul(nd, PIECES) + 1, sizeof(*ix)));
	size_t ni = 0;
	for (size_t u = 0; u < nd; u++) {
		if (!may_edit(&d[u]))
			continue;
		for (unsigned no = 0; no < PIECES; no++) {
			size_t plen, at = piece_at(d[u].len, no, &plen);
			ix[ni++] = (struct piece){ d[u].form_hash,
				strmap_hash(d[u].k.key + at, plen), d[u].len, no, u };
		}
	}
	qsort(ix, ni, sizeof(*ix), cmp_piece);

	size_t *best = xmalloc(xmul(nd + 1, sizeof(*best)));
	size_t *seen = xcalloc(nd + 1, sizeof(*seen));   /* u + 1 when met */
	unsigned *hits = xcalloc(nd + 1, sizeof(*hits)); /* pieces found */
	size_t *cand = xmalloc(xmul(nd + 1, sizeof(*cand)));
	for (size_t u = 0; u < nd; u++) {
		best[u] = n;
		if (!may_edit(&d[u]))
			continue;
		size_t ylen = d[u].len, nc = 0;
		seen[u] = u + 1;
		for (size_t len = ylen > NEAR_NAME_EDITS ? ylen - NEAR_NAME_EDITS : 0;
		     len <= ylen + NEAR_NAME_EDITS; len++)
			for (unsigned no = 0; no < PIECES; no++) {
				size_t plen, at = piece_at(len, no, &plen);
				size_t from = at > NEAR_NAME_EDITS ? at - NEAR_NAME_EDITS : 0;
				for (size_t p = from; p <= at + NEAR_NAME_EDITS &&
				     p + plen <= ylen; p++) {
					struct piece want = { d[u].form_hash,
						strmap_hash(d[u].k.key + p, plen), len, no, 0
					};
					for (size_t e = piece_lower_bound(ix, ni, &want);
					     e < ni && same_piece(&ix[e], &want); e++) {
						size_t w = ix[e].key;
						if (seen[w] != u + 1) {
							seen[w] = u + 1;
							hits[w] = 0;
							cand[nc++] = w;
						}
						hits[w] |= 1u << no;
					}
				}
			}
		/* the units of which y holds enough pieces, and only those
		 * that could give an earlier file */
		const struct distinct *y = &d[u];
		for (size_t c = 0; c < nc; c++) {
			const struct distinct *x = &d[cand[c]];
			if (count_bits(hits[cand[c]]) < PIECES_KEPT ||
			    x->first >= best[u])
				continue;
			if (near_names(&x->k, &y->k))
				best[u] = x->first;
		}
	}
	free(cand);
	free(hits);
	free(seen);
	free(ix);
	return best;
}

/*
 * out[j]: the first of v[0..j) whose name is near v[j]'s (n when none
 * is, or v[j]'s key is empty).
 */
static void
first_near(size_t *out, const struct keyed *v, size_t n)
{
	struct by_key *bk = xmalloc(xmul(n + 1, sizeof(*bk)));
	for (size_t i = 0; i < n; i++)
		bk[i] = (struct by_key){ v[i].n.key, v[i].n.form, i };
	qsort(bk, n, sizeof(*bk), cmp_by_key);
	struct distinct *d = xmalloc(xmul(n + 1, sizeof(*d)));
	size_t *of = xmalloc(xmul(n + 1, sizeof(*of)));  /* item → unit */
	size_t nd = 0;
	for (size_t i = 0; i < n; i++) {
		if (!i || strcmp(bk[i].key, bk[i - 1].key) ||
		    strcmp(bk[i].form, bk[i - 1].form)) {
			const struct near_key *k = &v[bk[i].item].k;
			d[nd++] = (struct distinct){ *k,
				strmap_hash(k->form, strlen(k->form)),
				strlen(k->key), bk[i].item, n };
		}
		of[bk[i].item] = nd - 1;
	}
	free(bk);
	/* the units of a key are a run: its first file is the smallest
	 * of their first files */
	for (size_t u = 0, end; u < nd; u = end) {
		size_t kf = d[u].first;
		for (end = u + 1; end < nd && !strcmp(d[end].k.key, d[u].k.key);
		     end++)
			if (d[end].first < kf)
				kf = d[end].first;
		for (size_t w = u; w < end; w++)
			d[w].key_first = kf;
	}
	size_t *best = near_first(d, nd, n);
	for (size_t j = 0; j < n; j++) {
		const struct distinct *u = &d[of[j]];
		size_t i = u->key_first < j ? u->key_first : n;
		if (best[of[j]] < i && best[of[j]] < j)
			i = best[of[j]];
		out[j] = u->len ? i : n;
	}
	free(best);
	free(of);
	free(d);
}

void
lint_first_near(size_t *out, struct arena *a, const char *const *names,
		size_t n)
{
	struct keyed *v = xmalloc(xmul(n + 1, sizeof(*v)));
	for (size_t i = 0; i < n; i++)
		keyed_init(&v[i], a, names[i], NULL);
	first_near(out, v, n);
	free(v);
}

static int
cmp_keyed_path(const void *x, const void *y)
{
	const struct keyed *a = x, *b = y;
	return strcmp(a->p->e.path, b->p->e.path);
}

/* One producer in two files ("HTX Bưởi Phúc Trạch" and "Hợp tác xã bưởi
 * Phúc Trach", or "Cơ sở Na Chi Lăng (OCOP 4 sao)" and "Công ty TNHH Na
 * Chi Lăng") splits its products over two pages.  The later file (by
 * path) gets the warning and names the earliest one it is near.  Only
 * the pairs first_near() lists are compared, so a national catalog of
 * 6,000 producers costs no more per producer than a provincial one. */
static void
producer_two_ways(const struct catalog *c, struct arena *a,
		  struct diag_list *dl)
{
	struct keyed *v = xmalloc(xmul(c->n_producers + 1, sizeof(*v)));
	size_t n = 0;
	for (size_t i = 0; i < c->n_producers; i++)
		if (c->producers[i]->e.name)
			keyed_init(&v[n++], a, c->producers[i]->e.name,
				   c->producers[i]);
	qsort(v, n, sizeof(*v), cmp_keyed_path);
	size_t *first = xmalloc(xmul(n + 1, sizeof(*first)));
	first_near(first, v, n);
	for (size_t j = 0; j < n; j++) {
		if (first[j] == n)
			continue;
		const struct keyed *x = &v[j], *y = &v[first[j]];
		const char *xn = x->p->e.name, *yn = y->p->e.name;
		/* when the two set aside different words ("HTX" and "Công ty
		 * TNHH", or a claim), they are not alike as written: say
		 * what was compared */
		if (!strcmp(x->n.aside, y->n.aside))
			diag_warning(dl, x->p->e.name_at, "producer-two-ways",
				     "producer \"%s\" looks like \"%s\" in %s",
				     xn, yn, y->p->e.path);
		else if (!strcmp(x->n.shown, y->n.shown))
			diag_warning(dl, x->p->e.name_at, "producer-two-ways",
				     "producer \"%s\" looks like \"%s\" in %s (both are \"%s\" without the kind of producer and any OCOP or star claim)",
				     xn, yn, y->p->e.path, x->n.shown);
		else
			diag_warning(dl, x->p->e.name_at, "producer-two-ways",
				     "producer \"%s\" looks like \"%s\" in %s (compared as \"%s\" and \"%s\", without the kind of producer and any OCOP or star claim)",
				     xn, yn, y->p->e.path, x->n.shown,
				     y->n.shown);
		diag_hint(dl, "if they are one producer, keep one file and point the products' \"producer\" at it");
	}
	free(first);
	free(v);
}

/* --- one product in two files --------------------------------------- */

struct product_key {
	const char *name;              /* fold_slug() of the name */
	const struct product *p;
};

static int
cmp_product_key(const void *x, const void *y)
{
	const struct product_key *a = x, *b = y;
	int c = strcmp(a->name, b->name);
	if (!c)
		c = strcmp(a->p->producer_slug, b->p->producer_slug);
	return c ? c : strcmp(a->p->e.path, b->p->e.path);
}

/*
 * Two published products of one producer whose names fold alike ("Mật
 * ong Vũ Quang", "Mật Ong Vũ Quang.") are one product entered twice, or
 * two products a buyer cannot tell apart.  Sorted by (folded name,
 * producer, path), each group is a run: every file after the first (by
 * path) gets a warning at its name, naming the first.  The catalog's
 * list holds default-language entries only, so a translation, which
 * shares its product's name, is never a product of its own here.
 */
static void
duplicate_products(const struct catalog *c, struct arena *a,
		   struct diag_list *dl)
{
	struct product_key *v = xmalloc(xmul(c->n_products + 1, sizeof(*v)));
	size_t n = 0;
	for (size_t i = 0; i < c->n_products; i++) {
		const struct product *p = c->products[i];
		if (!p->e.name || !p->producer_slug)
			continue;
		const char *folded = fold_slug(a, p->e.name);
		if (*folded)           /* nothing to compare in "…" */
			v[n++] = (struct product_key){ folded, p };
	}
	qsort(v, n, sizeof(*v), cmp_product_key);
	for (size_t i = 1, first = 0; i < n; i++) {
		const struct product *p = v[i].p, *o = v[first].p;
		if (strcmp(v[i].name, v[first].name) ||
		    strcmp(p->producer_slug, o->producer_slug)) {
			first = i;
			continue;
		}
		const char *by = p->producer && p->producer->e.name ?
				 p->producer->e.name : p->producer_slug;
		if (!strcmp(p->e.name, o->e.name))
			diag_warning(dl, p->e.name_at, "duplicate-product",
				     "product \"%s\" by \"%s\" is also in %s",
				     p->e.name, by, o->e.path);
		else
			diag_warning(dl, p->e.name_at, "duplicate-product",
				     "product \"%s\" by \"%s\" is also in %s, written \"%s\"",
				     p->e.name, by, o->e.path, o->e.name);
		diag_hint(dl, "if it is one product, keep one file; if two, tell them apart in the name (weight, flavour)");
	}
	free(v);
}

/* --- the national product code -------------------------------------- */

/* True when s is exactly NN-NNN-NNNNN-S-YYYY (digits). */
static bool
code_shape(const char *s)
{
	static const int parts[] = { 2, 3, 5, 1, 4 };
	for (size_t k = 0; k < 5; k++) {
		for (int i = 0; i < parts[k]; i++, s++)
			if (*s < '0' || *s > '9')
				return false;
		if (*s != (k < 4 ? '-' : '\0'))
			return false;
		s++;
	}
	return true;
}

/* The code (42-436-18541-4-2023: province, district, commune, stars,
 * year) is printed on the OCOP stamp; a code whose stars or year
 * disagree with the entry means one of them was copied wrong. */
static void
product_codes(const struct catalog *c, struct diag_list *dl)
{
	for (size_t i = 0; i < c->n_products; i++) {
		const struct product *p = c->products[i];
		if (!p->code)
			continue;
		if (!code_shape(p->code)) {
			diag_warning(dl, p->code_at, "product-code",
				     "national product code \"%s\" does not have the form NN-NNN-NNNNN-S-YYYY",
				     p->code);
			diag_hint(dl, "copy the code as printed on the certificate, such as 42-436-18541-4-2023");
			continue;
		}
		int stars = p->code[13] - '0';
		int year = 0;
		for (int k = 15; k < 19; k++)
			year = year * 10 + (p->code[k] - '0');
		if (p->stars && stars != p->stars) {
			diag_warning(dl, p->code_at, "product-code",
				     "national product code \"%s\" says %d stars, the entry has %d",
				     p->code, stars, p->stars);
			diag_hint(dl, "check the stars and the code against the certificate");
		}
		if (p->cert.issued.y && year != p->cert.issued.y) {
			diag_warning(dl, p->code_at, "product-code",
				     "national product code \"%s\" has the year %d, the certificate was issued in %d",
				     p->code, year, p->cert.issued.y);
			diag_hint(dl, "check the year of the code and the certificate's \"issued\" date");
		}
	}
}

/* --- coordinates outside Vietnam ------------------------------------ */

/* The mainland with its coastal islands, and the sea to the east out to
 * Hoàng Sa and Trường Sa.  Boxes, not borders: they catch a mistyped
 * digit, a stray minus sign or a pin copied from another country, not a
 * point a few kilometres across a land border. */
static bool
in_vietnam(const struct geo *g)
{
	if (g->lat >= 8.0 && g->lat <= 23.5 && g->lon >= 102.0 && g->lon <= 110.0)
		return true;
	return g->lat >= 7.5 && g->lat <= 17.5 && g->lon >= 110.0 &&
	       g->lon <= 117.5;
}

static void
geo_one(const struct location *loc, struct diag_list *dl)
{
	if (!loc->geo.set || in_vietnam(&loc->geo))
		return;
	diag_warning(dl, loc->geo.at, "geo-outside",
		     "geo position lat %g, lon %g is outside Vietnam",
		     loc->geo.lat, loc->geo.lon);
	diag_hint(dl, "copy lat and lon again from a map: in Vietnam lat is between 8 and 23.5 and lon between 102 and 110 (up to 117.5 for the islands)");
}

/* A map pin in the wrong country sends a visitor there. */
static void
geo_outside(const struct catalog *c, struct diag_list *dl)
{
	for (size_t i = 0; i < c->n_products; i++)
		geo_one(&c->products[i]->location, dl);
	for (size_t i = 0; i < c->n_producers; i++)
		geo_one(&c->producers[i]->location, dl);
	for (size_t i = 0; i < c->n_pos; i++)
		geo_one(&c->pos[i]->location, dl);
}

/* --- phones and e-mail addresses ------------------------------------ */

static bool
all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* One number, written with any spaces, dots, dashes or parentheses:
 * 10 or 11 digits starting with 0 (mobile 10, landline 11), +84 and the
 * same number without its 0 (so 9 or 10 digits), or a 1800/1900
 * hotline of 8 or 10 digits. */
static bool
phone_number_ok(const char *s, size_t len)
{
	char d[64];
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		if (strchr(" .-()", s[i]))
			continue;
		if (n == sizeof(d))
			return false;
		d[n++] = s[i];
	}
	if (n >= 3 && !memcmp(d, "+84", 3))
		return all_digits(d + 3, n - 3) && d[3] != '0' && n - 3 >= 9 &&
		       n - 3 <= 10;
	if (!all_digits(d, n))
		return false;
	if (d[0] == '0')
		return n >= 10 && n <= 11;
	if (n >= 4 && (!memcmp(d, "1800", 4) || !memcmp(d, "1900", 4)))
		return n == 8 || n == 10;
	return false;
}

/* Several numbers may share the field: "0239 3855 123 / 0912 345 678". */
static bool
phone_ok(const char *s)
{
	for (;;) {
		size_t n = strcspn(s, "/,;");
		if (!phone_number_ok(s, n))
			return false;
		if (!s[n])
			return true;
		s += n + 1;
	}
}

static void
phone_one(const char *phone, struct pos at, struct diag_list *dl)
{
	if (!phone || phone_ok(phone))
		return;
	diag_warning(dl, at, "phone",
		     "phone number \"%s\" does not look right", phone);
	diag_hint(dl, "write 10 or 11 digits starting with 0, such as 0239 3855 123, or +84 and the number without its first 0");
}

/* A phone number that cannot be dialled is a producer nobody can
 * reach; the contract's own example "0239 3xxx xxx" is one. */
static void
phones(const struct catalog *c, struct diag_list *dl)
{
	for (size_t i = 0; i < c->n_producers; i++)
		phone_one(c->producers[i]->phone, c->producers[i]->phone_at, dl);
	for (size_t i = 0; i < c->n_pos; i++)
		phone_one(c->pos[i]->phone, c->pos[i]->phone_at, dl);
}

/* One '@' with something before it, a domain with a dot inside it (not
 * at either end), no spaces. */
static bool
email_ok(const char *s)
{
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@'))
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ')
			return false;
	const char *dom = at + 1;
	size_t n = strlen(dom);
	const char *dot = strchr(dom, '.');
	return dot && dom[0] != '.' && dom[n - 1] != '.' && !strstr(dom, "..");
}

/* An address that cannot receive mail is shown on the producer's page
 * as a link that fails. */
static void
emails(const struct catalog *c, struct diag_list *dl)
{
	for (size_t i = 0; i < c->n_producers; i++) {
		const struct producer *p = c->producers[i];
		if (!p->email || email_ok(p->email))
			continue;
		diag_warning(dl, p->email_at, "email",
			     "e-mail address \"%s\" is not valid", p->email);
		diag_hint(dl, "write one address such as htx@example.vn, without spaces");
	}
}

/* --- certificates about to expire ----------------------------------- */

enum { EXPIRING_DAYS = CERT_EXPIRING_DAYS };

/* A certificate lasts 36 months and re-rating takes time: a month's
 * notice lets the DARD start it before the page shows "expired". */
static void
expiring_soon(const struct catalog *c, struct diag_list *dl)
{
	for (size_t i = 0; i < c->n_products; i++) {
		const struct product *p = c->products[i];
		if (!p->cert.issued.y ||
		    cert_status(&p->cert, c->as_of_days) != CERT_VALID ||
		    p->cert.expires.days - c->as_of_days > EXPIRING_DAYS)
			continue;
		char iso[11];
		date_iso(&p->cert.expires, iso);
		diag_warning(dl, p->cert.expires_at, "expiring-soon",
			     "certificate expires on %s, within %d days",
			     iso, EXPIRING_DAYS);
		diag_hint(dl, "start the re-rating now: from the day after, the product is shown as expired");
	}
}

/* --- products nobody can buy ---------------------------------------- */

/* Where to buy is what a consumer looks for after "is it real OCOP";
 * a revoked product is not to be bought, so it is left alone. */
static void
nowhere_to_buy(const struct catalog *c, struct diag_list *dl)
{
	for (size_t i = 0; i < c->n_products; i++) {
		const struct product *p = c->products[i];
		if (p->pos_slugs.n || p->n_shops ||
		    cert_status(&p->cert, c->as_of_days) == CERT_REVOKED)
			continue;
		/* at the name: the product as a whole, with a line */
		diag_warning(dl, p->e.name_at.line ? p->e.name_at
						   : whole_file(p->e.path),
			     "nowhere-to-buy",
			     "product has no points_of_sale and no shops");
		diag_hint(dl, "add points_of_sale or shops so buyers know where to find it");
	}
}

struct place {
	const char *pv, *cm;         /* folded province and commune */
	const char *name;            /* the spelling being compared */
	size_t idx;                  /* the product's place in the catalog */
};

/* One code point as it looks: compatibility forms (a no-break space, a
 * full-width letter) as their plain letter, and the letters other
 * alphabets share with Vietnamese's đ and Đ. */
static utf8proc_int32_t
looks_as(utf8proc_int32_t c)
{
	switch (c) {
	case 0x00D0: case 0x0189: return 0x0110;   /* Ð Ɖ: Đ */
	case 0x00F0: case 0x0256: return 0x0111;   /* ð ɖ: đ */
	}
	utf8proc_int32_t buf[4];
	utf8proc_ssize_t n = utf8proc_decompose_char(c, buf, 4,
		UTF8PROC_COMPOSE | UTF8PROC_COMPAT, NULL);
	return n == 1 ? buf[0] : c;
}

/*
 * Whether spellings a and b (NFC) differ only by characters that look
 * the same or not at all (a zero-width space, Ð for Đ): then *ca and *cb
 * are the first two that differ, for a hint that says which, since the
 * reader cannot see it.
 */
static bool
look_alike(const char *a, const char *b, uint32_t *ca, uint32_t *cb)
{
	const unsigned char *p = (const unsigned char *)a,
			    *q = (const unsigned char *)b;
	size_t la = strlen(a), lb = strlen(b), i = 0, k = 0;
	bool differ = false;
	for (;;) {
		uint32_t x = 0, y = 0;
		int nx = 0, ny = 0;
		/* invisible characters (format: zero-width, BOM) skipped */
		while (i < la && (nx = utf8_next(p + i, la - i, &x)) > 0 &&
		       utf8proc_category((utf8proc_int32_t)x) == UTF8PROC_CATEGORY_CF) {
			if (!differ) {
				*ca = x;
				*cb = 0;
				differ = true;
			}
			i += (size_t)nx;
		}
		while (k < lb && (ny = utf8_next(q + k, lb - k, &y)) > 0 &&
		       utf8proc_category((utf8proc_int32_t)y) == UTF8PROC_CATEGORY_CF) {
			if (!differ) {
				*ca = 0;
				*cb = y;
				differ = true;
			}
			k += (size_t)ny;
		}
		if (i >= la || k >= lb)
			return i >= la && k >= lb && differ;
		if (nx <= 0 || ny <= 0)
			return false;
		if (x != y) {
			if (looks_as((utf8proc_int32_t)x) !=
			    looks_as((utf8proc_int32_t)y))
				return false;
			if (!differ) {
				*ca = x;
				*cb = y;
				differ = true;
			}
		}
		i += (size_t)nx;
		k += (size_t)ny;
	}
}

static int
cmp_place(const void *x, const void *y)
{
	const struct place *a = x, *b = y;
	int c = strcmp(a->pv, b->pv);
	if (!c)
		c = strcmp(a->cm, b->cm);
	if (!c)
		c = strcmp(a->name, b->name);
	return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

static bool
same_spelling(const void *ctx, size_t a, size_t b)
{
	const struct place *v = ctx;
	return !strcmp(v[a].name, v[b].name);
}

static bool
earlier_product(const void *ctx, size_t a, size_t b)
{
	const struct place *v = ctx;
	return v[a].idx < v[b].idx;
}

/*
 * The places whose folded keys (pv, and cm unless communes is false)
 * are equal but whose spellings differ: warn on each product that does
 * not use the spelling most products use (ties: the one of the product
 * first in the catalog), naming a file that does.
 */
static void
spellings(const struct catalog *c, struct place *v, bool communes,
	  struct diag_list *dl)
{
	size_t n = c->n_products;
	qsort(v, n, sizeof(*v), cmp_place);
	for (size_t first = 0, end; first < n; first = end) {
		for (end = first + 1; end < n && !strcmp(v[end].pv, v[first].pv) &&
		     !strcmp(v[end].cm, v[first].cm); end++)
			;
		size_t ref = most_given(first, end, same_spelling,
					earlier_product, v);
		const struct product *o = c->products[v[ref].idx];
		for (size_t i = first; i < end; i++) {
			if (!strcmp(v[i].name, v[ref].name))
				continue;
			const struct product *p = c->products[v[i].idx];
			diag_warning(dl, p->location.at, "place-spelling",
				     communes ? "commune \"%s\" is written \"%s\" in %s"
					      : "province \"%s\" is written \"%s\" in %s",
				     v[i].name, v[ref].name, o->e.path);
			uint32_t here = 0, there = 0;
			bool alike = look_alike(v[i].name, v[ref].name, &here,
						&there);
			if (alike && !there)
				diag_hint(dl, "the name here holds an invisible character, U+%04X: retype it",
					  (unsigned)here);
			else if (alike && !here)
				diag_hint(dl, "the other file's name holds an invisible character, U+%04X: retype the name there",
					  (unsigned)there);
			else if (alike)
				diag_hint(dl, "the two look the same but are different characters: U+%04X here, U+%04X there; retype the name",
					  (unsigned)here, (unsigned)there);
			else
				diag_hint(dl, "write the name of a place the same way in every file");
		}
	}
}

/*
 * Place pages are keyed by the name without tone marks ("Tân Hạ" and
 * "Tân Hà" share provinces/.../communes/tan-ha/), so two spellings that
 * fold alike end up on one page under one spelling.  When they are one
 * place written two ways, the catalog should say it one way; when they
 * are two places, the reader must be told.  Either way: warn on each
 * product whose spelling is not the one most products use.  Sorting
 * keeps this n log n for a national catalog.
 */
static void
place_spellings(const struct catalog *c, struct arena *a, struct diag_list *dl)
{
	struct place *v = xmalloc(xmul(c->n_products + 1, sizeof(*v)));
	for (size_t i = 0; i < c->n_products; i++) {
		const struct location *l = &c->products[i]->location;
		v[i] = (struct place){ fold_slug(a, l->province), "",
				       l->province, i };
	}
	spellings(c, v, false, dl);
	for (size_t i = 0; i < c->n_products; i++) {
		const struct location *l = &c->products[i]->location;
		v[i] = (struct place){ fold_slug(a, l->province),
				       fold_slug(a, l->commune), l->commune, i };
	}
	spellings(c, v, true, dl);
	free(v);
}

/* The entries of list[0..n) (products, producers...: each starts with
 * its struct entry) that read without errors, into an array of a. */
static const void **
sound(const void *const *list, size_t n, size_t *n_out, struct arena *a)
{
	const void **out = arena_array(a, n + 1, sizeof(*out));
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!((const struct entry *)list[i])->broken)
			out[k++] = list[i];
	*n_out = k;
	return out;
}

void
lint_catalog(const struct catalog *all, const struct source_set *src,
	     struct arena *a, struct diag_list *dl)
{
	/* The checks look at the entries that read without errors, so
	 * that an error in one entry hides no warning elsewhere, and no
	 * check meets a half-read entry. */
	struct catalog sound_part = *all, *c = &sound_part;
	c->products = (const struct product **)sound(
		(const void *const *)all->products, all->n_products,
		&c->n_products, a);
	c->producers = (const struct producer **)sound(
		(const void *const *)all->producers, all->n_producers,
		&c->n_producers, a);
	c->pos = (const struct point_of_sale **)sound(
		(const void *const *)all->pos, all->n_pos, &c->n_pos, a);
	c->pages = (const struct page **)sound(
		(const void *const *)all->pages, all->n_pages, &c->n_pages, a);
	not_nfc(src, dl);
	name_spaces(c, dl);
	decision_dates(c, dl);
	unique_codes(c, false, dl);
	unique_codes(c, true, dl);
	producer_two_ways(c, a, dl);
	duplicate_products(c, a, dl);
	product_codes(c, dl);
	geo_outside(c, dl);
	phones(c, dl);
	emails(c, dl);
	expiring_soon(c, dl);
	nowhere_to_buy(c, dl);
	place_spellings(c, a, dl);
}
