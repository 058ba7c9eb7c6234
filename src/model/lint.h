/*
 * lint.h - checks across the whole catalog that no single field can
 * make: the same certificate number on two products, one product in two
 * files, a producer written two ways, national product codes that disagree with the entry, text
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
 * The key the "producer written two ways" check compares: the name
 * folded (no tone marks, no case, punctuation collapsed to '-') without
 * its legal form ("HTX", "Công ty TNHH"...) and OCOP or star claims
 * ("(OCOP 4 sao)", "4*"): "Cơ sở Na Chi Lăng (OCOP 4 sao)" gives
 * "na-chi-lang".  A name that is nothing but a legal form keeps it.
 * *form, unless form is NULL: the legal forms set aside, each in one
 * spelling ("HTX" and "Hợp tác xã" give "hop-tac-xa"), "" for none.
 * Strings in a.  For tests.
 */
const char *lint_producer_key(struct arena *a, const char *name,
			      const char **form);

/*
 * The "producer written two ways" check on names, for tests.
 * lint_near_names() is the test for one pair: equal keys
 * (lint_producer_key()), whatever the forms; or, under one form, keys
 * at most 2 edits apart whose parts beyond trade words ("san-xuat"...)
 * both have 6 letters or more and differ in more than digits.
 * lint_first_near() sets out[j] to the smallest i < j whose name is near
 * names[j] (or to n when there is none, or the key of names[j] is ""),
 * comparing only candidate pairs: the same answer as trying every i, in
 * n log n for names as they are.  out has room for n; keys go in a.
 */
bool lint_near_names(struct arena *a, const char *x, const char *y);
void lint_first_near(size_t *out, struct arena *a, const char *const *names,
		     size_t n);

#endif
