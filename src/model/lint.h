/*
 * lint.h - checks across the whole catalog that no single field can
 * make: the same certificate number on two products, a producer written
 * two ways, national product codes that disagree with the entry, text
 * not in Unicode NFC, coordinates outside Vietnam, phones and e-mails
 * that cannot be right, certificates about to expire, products nobody can
 * buy.  All of them are warnings: they never stop a build unless
 * --strict asks for it.  Runs on the frozen catalog after catalog_load().
 */
#ifndef OCOP_LINT_H
#define OCOP_LINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../load/source.h"
#include "catalog.h"

/* Files warnings into dl; never fails. */
void lint_catalog(const struct catalog *c, const struct source_set *src,
		  struct arena *a, struct diag_list *dl);

/*
 * The "producer written two ways" check on its keys (the folded names
 * with abbreviations spelt out), for tests.  lint_near_keys() is the
 * test for one pair: equal keys, or keys at most 2 edits apart whose
 * parts beyond the words for a kind of producer ("hop-tac-xa"...) both
 * have 6 letters or more and differ in more than digits.
 * lint_first_near() sets out[j] to the smallest i < j whose key is near
 * keys[j] (or to n when there is none, or keys[j] is ""), comparing only
 * candidate pairs: the same answer as trying every i, in n log n for
 * names as they are.  out has room for n.
 */
bool lint_near_keys(const char *a, const char *b);

void lint_first_near(size_t *out, const char *const *keys, size_t n);

#endif
