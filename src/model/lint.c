#include "lint.h"

#include <stdlib.h>
#include <string.h>

#include "../util/xalloc.h"
#include "../util/banned.h"

struct numbered {
	const char *number;
	const struct product *p;
};

static int
cmp_number(const void *x, const void *y)
{
	const struct numbered *a = x, *b = y;
	int c = strcmp(a->number, b->number);
	return c ? c : strcmp(a->p->e.path, b->p->e.path);
}

/* The same decision number on two products is almost always a copy and
 * paste: one of them shows another product's certificate. */
static void
duplicate_certificates(const struct catalog *c, struct diag_list *dl)
{
	struct numbered *v = xmalloc(xmul(c->n_products + 1, sizeof(*v)));
	size_t n = 0;
	for (size_t i = 0; i < c->n_products; i++)
		if (c->products[i]->cert.number)
			v[n++] = (struct numbered){ c->products[i]->cert.number,
						    c->products[i] };
	qsort(v, n, sizeof(*v), cmp_number);
	for (size_t i = 1; i < n; i++)
		if (!strcmp(v[i].number, v[i - 1].number)) {
			diag_warning(dl, v[i].p->cert.at, "same-certificate",
				     "certificate number \"%s\" is also on %s",
				     v[i].number, v[i - 1].p->e.path);
			diag_hint(dl, "each product has its own decision number: check which file has the wrong one");
		}
	free(v);
}

void
lint_catalog(const struct catalog *c, const struct source_set *src,
	     struct arena *a, struct diag_list *dl)
{
	(void)src;
	(void)a;
	duplicate_certificates(c, dl);
}
