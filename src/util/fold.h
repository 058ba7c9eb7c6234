/*
 * fold.h - Vietnamese text folded to ASCII, for URL slugs of place names
 * ("Hương Khê" → "huong-khe") and sort keys that order names as a
 * Vietnamese dictionary does.  Uses utf8proc for decomposition.  Results live in the arena.
 */
#ifndef OCOP_FOLD_H
#define OCOP_FOLD_H

#include "arena.h"

/* Lowercase ASCII slug: letters and digits, runs of anything else become
 * one '-', no leading or trailing '-'.  "" when nothing is left. */
const char *fold_slug(struct arena *a, const char *s);

/* A key for strcmp() giving Vietnamese dictionary order: ă â đ ê ô ơ ư
 * are letters of their own (after a, a, d, e, o, o, u), case is ignored,
 * tones (none, huyền, sắc, hỏi, ngã, nặng) only break ties, and the
 * original bytes break the rest, so the order is total.  Decomposed and
 * precomposed spellings sort alike. */
const char *fold_sort_key(struct arena *a, const char *s);

#endif
