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

#include "../load/source.h"
#include "catalog.h"

/* Files warnings into dl; never fails. */
void lint_catalog(const struct catalog *c, const struct source_set *src,
		  struct arena *a, struct diag_list *dl);

#endif
