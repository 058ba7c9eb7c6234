/*
 * fm.h - front matter.  Splits a source file into its YAML head and
 * Markdown body and turns the YAML into a tree of fm_node, each carrying
 * its position in the source file.  Every node and string lives in the
 * caller's arena; nothing here calls free() on them.  Syntax errors and
 * limit violations go to the diag list with positions in the source file
 * (path:line:col, 1-based, columns in code points); this module never
 * prints.
 *
 * Safety limits (a hostile or broken file must not take the build down):
 * FM_MAX_BYTES per file, FM_MAX_DEPTH nesting, FM_MAX_NODES nodes after
 * alias expansion (alias bombs).  Aliases are resolved: an alias node is
 * the anchored node itself (shared, not copied), and counts its whole
 * subtree against FM_MAX_NODES.  Duplicate keys in a mapping are errors.
 */
#ifndef OCOP_FM_H
#define OCOP_FM_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"
#include "../util/diag.h"
#include "../util/span.h"

enum { FM_MAX_BYTES = 1 << 20, FM_MAX_DEPTH = 32, FM_MAX_NODES = 10000 };

enum fm_kind { FM_SCALAR, FM_SEQ, FM_MAP };

struct fm_node;

struct fm_pair {
	struct fm_node *key;     /* always a scalar (non-scalar keys are errors) */
	struct fm_node *value;
};

struct fm_node {
	enum fm_kind kind;
	struct pos at;           /* where the node starts in the source file */
	/* FM_SCALAR */
	const char *str;         /* NUL-terminated, arena */
	size_t len;
	bool plain;              /* plain (unquoted, not block) scalar: may be
				    a number, bool, null or date */
	const char *tag;         /* explicit tag such as "!!str", or NULL */
	/* FM_SEQ */
	struct fm_node **items;
	/* FM_MAP */
	struct fm_pair *pairs;
	size_t n;                /* items or pairs */
};

struct fm_doc {
	struct fm_node *root;    /* NULL when the file has no front matter */
	struct span body;        /* Markdown after the closing '---' line */
	unsigned body_line;      /* 1-based line of body.p[0] in the file */
};

/*
 * Splits src (a whole file) at its '---' lines and parses the YAML head.
 * The file must be valid UTF-8 without NUL bytes (checked here, with the
 * position of the first bad byte) and at most FM_MAX_BYTES.  A file that
 * does not start with '---' has no front matter: root is NULL and body
 * is the whole file.  A head that is not a mapping is an error.
 * Returns 0, or -1 after filing at least one diag.
 *
 * Details: a leading UTF-8 BOM is skipped (byte offsets in messages still
 * count it, 0-based).  The fences are lines of exactly "---" (the closing
 * one may be "...") with optional trailing spaces, tabs and '\r'.  An
 * empty head, or one that is only "~", gives an empty mapping.  On error
 * root is NULL and the other fields are not to be relied on.
 */
int fm_parse(struct fm_doc *out, const char *path, struct span src,
	     struct arena *a, struct diag_list *dl);
/* The same, with the tree (nodes and their lists) in `nodes` and the
 * text of its scalars and tags in `strings`: a caller that keeps only
 * texts frees the tree once it has read it (at 20,000 products the
 * trees are the largest part of the catalog's memory). */
int fm_parse_in(struct fm_doc *out, const char *path, struct span src,
		struct arena *nodes, struct arena *strings,
		struct diag_list *dl);

/*
 * Parses a whole file as YAML (site.yaml, theme string files), with the
 * same checks and limits.  The root may be of any kind.  An empty file
 * (no document, or a document that is only a null such as "~") gives
 * *out = NULL.  More than one document is an error.
 */
int fm_parse_yaml(struct fm_node **out, const char *path, struct span src,
		  struct arena *a, struct diag_list *dl);

/* libyaml's version, for what a cache of parsed files depends on. */
const char *fm_library_version(void);

/* Borrowed: the value under key in map m, or NULL (also when m is NULL or
 * not a map). */
const struct fm_node *fm_get(const struct fm_node *m, const char *key);

/* True for plain scalars YAML 1.1/1.2 reads as null: "", "~", "null",
 * "Null", "NULL". */
bool fm_is_null(const struct fm_node *n);

#endif
