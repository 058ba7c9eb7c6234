/*
 * entry.h - turning a front-matter mapping into a typed product,
 * producer, point of sale or page, with every field of the contract
 * checked.  The caller (catalog.c) has already filled the shared entry
 * fields (slug, path, language, body); these functions read name,
 * summary, draft and the kind's own fields.  Problems go to env->dl with
 * the field's position; reading always completes so that every problem
 * of a file is reported at once.
 */
#ifndef OCOP_ENTRY_H
#define OCOP_ENTRY_H

#include "../parse/fm.h"
#include "../load/source.h"
#include "model.h"

struct entry_env {
	struct arena *a;
	struct diag_list *dl;
	const struct site *site;
	const struct source_set *src;   /* to check that images exist */
	long as_of_days;                /* the build date */
};

/* The top-level fields of each kind in the contract's order,
 * NULL-terminated: what read_warn_unknown accepts, and the order ocop fmt
 * puts them in. */
extern const char *const entry_product_fields[];
extern const char *const entry_producer_fields[];
extern const char *const entry_pos_fields[];
extern const char *const entry_page_fields[];

void product_read(struct product *p, const struct fm_node *m,
		  struct entry_env *env);
void producer_read(struct producer *p, const struct fm_node *m,
		   struct entry_env *env);
void pos_read(struct point_of_sale *p, const struct fm_node *m,
	      struct entry_env *env);
void page_read(struct page *p, const struct fm_node *m, struct entry_env *env);

#endif
