/*
 * fuzz_fm.c - libFuzzer target for the front-matter parser.
 *
 * Each input goes through fm_parse() and, as a whole-file YAML, through
 * fm_parse_yaml(), each with a fresh arena and diag list that are
 * released before returning, so a leak is a finding.  The trees are then
 * walked with their aliases expanded, and the module's promises are
 * checked with abort(): the expanded tree has at most FM_MAX_NODES nodes
 * and FM_MAX_DEPTH levels (so no cycles), keys are scalars, strings are
 * NUL-terminated at len, every position is inside the file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/fm.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct walk {
	size_t nodes;
	unsigned max_line;
};

static void
check(struct walk *w, const struct fm_node *n, unsigned depth)
{
	if (!n || ++w->nodes > FM_MAX_NODES)
		abort();
	if (!n->at.path || n->at.line < 1 || n->at.line > w->max_line ||
	    n->at.col < 1)
		abort();
	switch (n->kind) {
	case FM_SCALAR:
		if (!n->str || n->str[n->len] != '\0' ||
		    strlen(n->str) != n->len)
			abort();
		return;
	case FM_SEQ:
		if (depth + 1 > FM_MAX_DEPTH || (n->n && !n->items))
			abort();
		for (size_t i = 0; i < n->n; i++)
			check(w, n->items[i], depth + 1);
		return;
	case FM_MAP:
		if (depth + 1 > FM_MAX_DEPTH || (n->n && !n->pairs))
			abort();
		for (size_t i = 0; i < n->n; i++) {
			const struct fm_node *k = n->pairs[i].key;
			if (!k || k->kind != FM_SCALAR)
				abort();
			/* keys are unique and hold no NUL byte */
			if (fm_get(n, k->str) != n->pairs[i].value)
				abort();
			check(w, n->pairs[i].key, depth + 1);
			check(w, n->pairs[i].value, depth + 1);
		}
		return;
	}
	abort();
}

static void
check_diags(const struct diag_list *dl, int rc, unsigned max_line)
{
	if ((rc < 0) != (dl->errors > 0))
		abort();
	for (size_t i = 0; i < dl->n; i++)
		if (!dl->v[i].msg || !dl->v[i].code ||
		    dl->v[i].at.line > max_line)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct span src = { (const char *)data, size };
	unsigned lines = 1;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';

	struct arena a = ARENA_INIT;
	struct diag_list dl = DIAG_LIST_INIT;
	struct fm_doc doc;
	int rc = fm_parse(&doc, "fuzz.md", src, &a, &dl);
	check_diags(&dl, rc, lines);
	if (rc == 0) {
		/* the body is a tail of the input */
		if (size && (doc.body.p < src.p ||
			     doc.body.p + doc.body.len != src.p + size))
			abort();
		/* one past the last line when the closing fence ends the
		 * file without a '\n' */
		if (doc.body_line < 1 || doc.body_line > lines + 1)
			abort();
		if (doc.root) {
			struct walk w = { 0, lines };
			if (doc.root->kind != FM_MAP)
				abort();
			check(&w, doc.root, 0);
		}
	}
	arena_release(&a);
	diag_list_release(&dl);

	struct fm_node *root;
	rc = fm_parse_yaml(&root, "fuzz.yaml", src, &a, &dl);
	check_diags(&dl, rc, lines);
	if (rc == 0 && root) {
		struct walk w = { 0, lines };
		check(&w, root, 0);
	}
	arena_release(&a);
	diag_list_release(&dl);
	return 0;
}
