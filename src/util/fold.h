/*
 * fold.h - Vietnamese text folded to ASCII, for URL slugs of place names
 * ("Hương Khê" → "huong-khe") and for sort keys that order names as a
 * Vietnamese reader expects (base letters first, diacritics only break
 * ties).  Uses utf8proc for decomposition.  Results live in the arena.
 */
#ifndef OCOP_FOLD_H
#define OCOP_FOLD_H

#include "arena.h"

/* Lowercase ASCII slug: letters and digits, runs of anything else become
 * one '-', no leading or trailing '-'.  "" when nothing is left. */
const char *fold_slug(struct arena *a, const char *s);

/* A key for strcmp(): the text without diacritics, lowercased, then a
 * separator and the original bytes, so that different spellings never
 * compare equal and the order is total. */
const char *fold_sort_key(struct arena *a, const char *s);

#endif
