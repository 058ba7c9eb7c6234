/*
 * fold.c - Vietnamese text folded to ASCII for slugs, to words for loose
 * comparison, and to sort keys in dictionary order.  Letters are
 * decomposed with utf8proc and the marks dropped or ranked; runs of
 * ASCII, most of any name, skip utf8proc.
 */
#include "fold.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "sbuf.h"
#include "utf8.h"
#include "banned.h"

/*
 * Decomposes the code point at s[*i] into buf (case-folded, NFD: base
 * letter first, then its combining marks) and advances *i.  Returns how
 * many code points buf holds: 0 for an invalid byte, which is skipped.
 * đ and Đ have no decomposition in Unicode; they come back as d plus
 * U+0335 (combining short stroke), so callers treat them like ă or ơ.
 */
static int
next_letter(const char *s, size_t len, size_t *i, utf8proc_int32_t buf[8])
{
	unsigned char c = (unsigned char)s[*i];
	if (c < 0x80) {
		/* ASCII decomposes to itself and folds to lower case */
		buf[0] = c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
		(*i)++;
		return 1;
	}
	uint32_t cp;
	int n = utf8_next((const unsigned char *)s + *i, len - *i, &cp);
	if (n < 0) {
		(*i)++;
		return 0;
	}
	*i += (size_t)n;
	if (cp == 0x0110 || cp == 0x0111) {
		buf[0] = 'd';
		buf[1] = 0x0335;
		return 2;
	}
	utf8proc_ssize_t m = utf8proc_decompose_char((utf8proc_int32_t)cp, buf, 8,
		UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD, NULL);
	return m < 0 ? 0 : m > 8 ? 8 : (int)m;
}

static bool
is_mark(utf8proc_int32_t c)
{
	return utf8proc_category(c) == UTF8PROC_CATEGORY_MN;
}

/* Appends s lowercased, without marks and without invisible format
 * characters (a zero-width space pasted into a name must not split it
 * in two).  Runs of ASCII, most of any name, go straight through
 * without a trip to utf8proc. */
static void
fold(struct sbuf *out, const char *s)
{
	size_t len = strlen(s), i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			sbuf_putc(out, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a')
							    : (char)c);
			i++;
			continue;
		}
		utf8proc_int32_t buf[8];
		int m = next_letter(s, len, &i, buf);
		for (int k = 0; k < m; k++) {
			if (is_mark(buf[k]) || utf8proc_category(buf[k]) ==
					       UTF8PROC_CATEGORY_CF)
				continue;
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t el = utf8proc_encode_char(buf[k], enc);
			sbuf_put(out, enc, (size_t)el);
		}
	}
}

const char *
fold_slug(struct arena *a, const char *s)
{
	struct sbuf f = SBUF_INIT, out = SBUF_INIT;
	fold(&f, s);
	bool dash = false;
	for (size_t i = 0; i < f.len; i++) {
		char c = f.data[i];
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && out.len)
				sbuf_putc(&out, '-');
			dash = false;
			sbuf_putc(&out, c);
		} else {
			dash = true;
		}
	}
	const char *r = arena_strndup(a, out.data, out.len);
	sbuf_release(&f);
	sbuf_release(&out);
	return r;
}

static bool
is_letter_or_digit(utf8proc_int32_t c)
{
	utf8proc_category_t cat = utf8proc_category(c);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO &&
	       cat != UTF8PROC_CATEGORY_MN && cat != UTF8PROC_CATEGORY_MC &&
	       cat != UTF8PROC_CATEGORY_ME;
}

/* A space is written only in front of the next word, so runs of
 * separators and those at either end leave nothing. */
bool
fold_words(struct sbuf *out, const char *s)
{
	size_t len = strlen(s), i = 0, start = out->len;
	bool gap = false, non_ascii = false;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			i++;
			bool alnum = (c >= 'a' && c <= 'z') ||
				     (c >= 'A' && c <= 'Z') ||
				     (c >= '0' && c <= '9');
			if (!alnum) {
				gap = true;
				continue;
			}
			if (gap && out->len > start)
				sbuf_putc(out, ' ');
			gap = false;
			sbuf_putc(out, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a')
							    : (char)c);
			continue;
		}
		uint32_t cp;
		int n = utf8_next((const unsigned char *)s + i, len - i, &cp);
		bool letter = n > 0 && is_letter_or_digit((utf8proc_int32_t)cp);
		utf8proc_int32_t buf[8];
		int m = next_letter(s, len, &i, buf);
		if (!letter) {
			/* punctuation, a space or a symbol; a combining mark
			 * typed on its own (decomposed text) is dropped, but
			 * its letter had a mark */
			if (n > 0 && is_mark((utf8proc_int32_t)cp))
				non_ascii = true;
			else
				gap = true;
			continue;
		}
		non_ascii = true;
		if (gap && out->len > start)
			sbuf_putc(out, ' ');
		gap = false;
		for (int k = 0; k < m; k++) {
			if (is_mark(buf[k]))
				continue;
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t el = utf8proc_encode_char(buf[k], enc);
			sbuf_put(out, enc, (size_t)el);
		}
	}
	return non_ascii;
}

/* Whether the code point at s[i] (one of n bytes, n <= 0 when invalid)
 * belongs to a word, and whether it is a mark that only continues one. */
static void
classify(const char *s, size_t len, size_t i, bool *letter, bool *mark,
	 size_t *size)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80) {
		*letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9');
		*mark = false;
		*size = 1;
		return;
	}
	uint32_t cp;
	int n = utf8_next((const unsigned char *)s + i, len - i, &cp);
	*size = n > 0 ? (size_t)n : 1;
	*letter = n > 0 && is_letter_or_digit((utf8proc_int32_t)cp);
	*mark = n > 0 && is_mark((utf8proc_int32_t)cp);
}

/*
 * word's spelling, lowercase and composed, in out; false when utf8proc
 * cannot normalise it (the word is then left out).  A word of ASCII
 * letters, or of precomposed letters with no combining mark (what an
 * editor types), is lowercased letter by letter; only a word with a
 * combining mark goes through utf8proc's normalisation, which allocates
 * (millions of words at 20,000 products).
 */
static bool
spell(const struct sbuf *word, struct sbuf *out)
{
	sbuf_reset(out);
	for (size_t i = 0; i < word->len; ) {
		unsigned char c = (unsigned char)word->data[i];
		if (c < 0x80) {
			sbuf_putc(out, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a')
							    : (char)c);
			i++;
			continue;
		}
		uint32_t cp;
		int n = utf8_next((const unsigned char *)word->data + i,
				  word->len - i, &cp);
		utf8proc_int32_t folded_cp[4];
		utf8proc_ssize_t m = n > 0 ? utf8proc_decompose_char(
			(utf8proc_int32_t)cp, folded_cp, 4,
			UTF8PROC_CASEFOLD, NULL) : -1;
		if (n <= 0 || is_mark((utf8proc_int32_t)cp) || m != 1) {
			/* a combining mark, or a letter that folds to more
			 * than one (ß): the whole word, normalised */
			utf8proc_uint8_t *norm = NULL;
			sbuf_reset(out);
			bool ok = utf8proc_map((const utf8proc_uint8_t *)word->data,
					       (utf8proc_ssize_t)word->len, &norm,
					       UTF8PROC_STABLE | UTF8PROC_COMPOSE |
					       UTF8PROC_CASEFOLD) >= 0;
			if (ok)
				sbuf_puts(out, (const char *)norm);
			free(norm);
			return ok;
		}
		utf8proc_uint8_t enc[4];
		sbuf_put(out, enc, (size_t)utf8proc_encode_char(folded_cp[0], enc));
		i += (size_t)n;
	}
	return true;
}

/* A word with letters beyond ASCII, folded and spelt (fold_memo). */
struct folded {
	const char *folded;     /* NULL: it folds to nothing */
	const char *spelling;
};

void
fold_memo_init(struct fold_memo *m, struct arena *a)
{
	m->map = (struct strmap)STRMAP_INIT;
	m->a = a;
}

void
fold_memo_release(struct fold_memo *m)
{
	strmap_release(&m->map);
}

/* The word just folded into folded (empty: to nothing) and spelt into
 * spelling, kept in memo; without one, in *here, pointing into the
 * buffers themselves. */
static const struct folded *
remember(struct fold_memo *memo, const struct sbuf *word,
	 const struct sbuf *folded, const struct sbuf *spelling,
	 struct folded *here)
{
	if (!memo) {
		here->folded = folded->len ? folded->data : NULL;
		here->spelling = spelling->data;
		return here;
	}
	struct folded *f = arena_alloc(memo->a, sizeof(*f));
	f->folded = folded->len ? arena_strndup(memo->a, folded->data,
						 folded->len) : NULL;
	f->spelling = folded->len ? arena_strndup(memo->a, spelling->data,
						   spelling->len) : NULL;
	strmap_add(&memo->map, arena_strndup(memo->a, word->data, word->len),
		   f, NULL);
	return f;
}

void
fold_each_word(const char *s, size_t len,
	       bool (*fn)(const char *folded, const char *spelling, void *ctx),
	       void *ctx)
{
	fold_each_word_memo(s, len, fn, ctx, NULL);
}

void
fold_each_word_memo(const char *s, size_t len,
		    bool (*fn)(const char *folded, const char *spelling,
			       void *ctx),
		    void *ctx, struct fold_memo *memo)
{
	struct sbuf word = SBUF_INIT, folded = SBUF_INIT, spelling = SBUF_INIT;
	size_t i = 0, start = 0;
	bool in_word = false, ascii = true, go = true;
	while (go && i <= len) {
		bool letter = false, mark = false;
		size_t size = 1;
		if (i < len)
			classify(s, len, i, &letter, &mark, &size);
		if (letter || (mark && in_word)) {
			if (!in_word) {
				start = i;
				ascii = true;
			}
			in_word = true;
			ascii &= size == 1;
			i += size;
			continue;
		}
		if (in_word) {
			sbuf_reset(&folded);
			if (ascii) {
				/* most words: folded and spelt alike, lowercase */
				for (size_t k = start; k < i; k++) {
					char c = s[k];
					sbuf_putc(&folded, c >= 'A' && c <= 'Z'
						  ? (char)(c - 'A' + 'a') : c);
				}
				go = fn(folded.data, folded.data, ctx);
			} else {
				sbuf_reset(&word);
				sbuf_put(&word, s + start, i - start);
				struct folded here;
				const struct folded *f = memo
					? strmap_get(&memo->map, word.data) : NULL;
				if (!f) {
					fold_words(&folded, word.data);
					if (folded.len && !spell(&word, &spelling))
						sbuf_reset(&folded);   /* left out */
					f = remember(memo, &word, &folded,
						     &spelling, &here);
				}
				if (f->folded)
					go = fn(f->folded, f->spelling, ctx);
			}
			in_word = false;
		}
		i += size;
	}
	sbuf_release(&word);
	sbuf_release(&folded);
	sbuf_release(&spelling);
}

/*
 * Vietnamese dictionary order: the letters are a ă â b c d đ e ê g h i k l
 * m n o ô ơ p q r s t u ư v x y, so ă, â, đ, ê, ô, ơ and ư are letters of
 * their own, and tones (huyền, sắc, hỏi, ngã, nặng) only break ties.  The
 * key is: per letter, its base and a letter rank (1 plain, 2 breve or
 * đ, 3 circumflex, 4 horn); then 0x01; then the tones in order; then
 * 0x01 and the original bytes, so the order is total.  Leading
 * punctuation and spaces are left out of the letters.
 */
static int
tone_rank(uint32_t mark)
{
	switch (mark) {
	case 0x0300: return 1;     /* huyền */
	case 0x0301: return 2;     /* sắc */
	case 0x0309: return 3;     /* hỏi */
	case 0x0303: return 4;     /* ngã */
	case 0x0323: return 5;     /* nặng */
	}
	return 0;
}

static int
letter_rank(uint32_t mark)
{
	switch (mark) {
	case 0x0306: return 2;     /* ă */
	case 0x0302: return 3;     /* â ê ô */
	case 0x031B: return 4;     /* ơ ư */
	case 0x0335: return 2;     /* đ, from next_letter() */
	}
	return 0;
}

/* Bytes of s's leading punctuation, symbols and spaces ("_", "– ",
 * "\"", "* "), which a name does not sort by. */
static size_t
lead_to_skip(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(len - i), &c);
		if (n <= 0)
			break;
		utf8proc_category_t cat = utf8proc_category(c);
		bool letter_or_digit = cat >= UTF8PROC_CATEGORY_LU &&
				       cat <= UTF8PROC_CATEGORY_NO;
		if (letter_or_digit)
			break;
		i += (size_t)n;
	}
	return i == len ? 0 : i;     /* all punctuation: sort by it */
}

const char *
fold_sort_key(struct arena *a, const char *s)
{
	struct sbuf key = SBUF_INIT, tones = SBUF_INIT;
	size_t len = strlen(s), i = lead_to_skip(s, len);
	while (i < len) {
		utf8proc_int32_t buf[8];
		int m = next_letter(s, len, &i, buf);
		if (!m)
			continue;
		int rank = 1, tone = 0;
		bool letter = false;
		for (int k = 0; k < m; k++) {
			uint32_t c = (uint32_t)buf[k];
			if (letter_rank(c))
				rank = letter_rank(c);
			else if (tone_rank(c))
				tone = tone_rank(c);
			else if (!is_mark(buf[k])) {
				utf8proc_uint8_t enc[4];
				utf8proc_ssize_t el = utf8proc_encode_char(buf[k], enc);
				sbuf_put(&key, enc, (size_t)el);
				letter = true;
			}
		}
		if (letter) {
			sbuf_putc(&key, (char)rank);
			sbuf_putc(&tones, (char)('0' + tone));
		} else if (rank > 1 && key.len) {
			/* a mark typed on its own (decomposed text) ranks the
			 * letter before it */
			key.data[key.len - 1] = (char)rank;
		} else if (tone && tones.len) {
			tones.data[tones.len - 1] = (char)('0' + tone);
		}
	}
	sbuf_putc(&key, 1);
	sbuf_putspan(&key, sbuf_span(&tones));
	sbuf_putc(&key, 1);
	sbuf_puts(&key, s);
	const char *r = arena_strndup(a, key.data, key.len);
	sbuf_release(&key);
	sbuf_release(&tones);
	return r;
}
