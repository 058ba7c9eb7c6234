/*
 * fold.h - Vietnamese text folded to ASCII, for URL slugs of place names
 * ("Hương Khê" → "huong-khe") and sort keys that order names as a
 * Vietnamese dictionary does, and words folded to compare loosely
 * (placeholders such as "Chưa rõ").  Uses utf8proc for decomposition.
 * Results live in the arena, or the caller's sbuf.
 */
#ifndef OCOP_FOLD_H
#define OCOP_FOLD_H

#include <stdbool.h>

#include "arena.h"
#include "sbuf.h"
#include "strmap.h"

/* Lowercase ASCII slug: letters and digits, runs of anything else become
 * one '-', no leading or trailing '-'.  "" when nothing is left. */
const char *fold_slug(struct arena *a, const char *s);

/* A key for strcmp() giving Vietnamese dictionary order: ă â đ ê ô ơ ư
 * are letters of their own (after a, a, d, e, o, o, u), case is ignored,
 * tones (none, huyền, sắc, hỏi, ngã, nặng) only break ties, and the
 * original bytes break the rest, so the order is total.  Decomposed and
 * precomposed spellings sort alike. */
const char *fold_sort_key(struct arena *a, const char *s);

/* Appends s as words to compare loosely: lowercase, without tone or
 * letter marks (đ as d), each run of anything but letters and digits
 * (spaces, punctuation, symbols) as one space, and no space at either
 * end, so "  Chưa-cập nhật… " gives "chua cap nhat" and "..." gives
 * "".  Returns true when s has a letter outside ASCII (a Vietnamese
 * letter with its marks, đ…), so a caller can tell "Nà" from "na". */
bool fold_words(struct sbuf *out, const char *s);

/*
 * Calls fn for each word of s[0..len) as fold_words() cuts them: a run
 * of letters and digits, with the combining marks inside it.  folded
 * is the word as fold_words() writes it; spelling is the word as
 * written, lowercase and composed (NFC), so "Ma\u0302\u0323T" gives
 * "mat" and "mật".  Both are NUL-terminated and live until fn returns;
 * fn returns false to stop there (a story's first words are all the
 * index keeps).  The browser's search.js cuts and folds words the same
 * way.
 */
void fold_each_word(const char *s, size_t len,
		    bool (*fn)(const char *folded, const char *spelling,
			       void *ctx),
		    void *ctx);

/*
 * fold_each_word() for text that repeats its words, as a catalog's
 * does (Vietnamese is a few thousand syllables; an index of 20,000
 * products cuts millions of words): a word with letters beyond ASCII is
 * folded and spelt through utf8proc once, then found in memo, which
 * keeps the pairs in its arena.  One memo per thread.
 */
struct fold_memo {
	struct strmap map;      /* the word as written → struct folded */
	struct arena *a;
};
void fold_memo_init(struct fold_memo *m, struct arena *a);
void fold_memo_release(struct fold_memo *m);
void fold_each_word_memo(const char *s, size_t len,
			 bool (*fn)(const char *folded, const char *spelling,
				    void *ctx),
			 void *ctx, struct fold_memo *memo);

#endif
