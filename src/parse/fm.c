/*
 * fm.c - front matter: splitting a file at its '---' lines, the file
 * checks (size, UTF-8, NUL), and a loop over libyaml's events that builds
 * the fm_node tree in the caller's arena.
 *
 * The tree is built with an explicit stack of open collections (one frame
 * per SEQUENCE_START or MAPPING_START not yet ended), never by recursion,
 * so hostile nesting cannot exhaust the C stack; FM_MAX_DEPTH caps the
 * stack, which is therefore a fixed array.  A frame gathers its children
 * in a heap array that is copied into the arena when the collection ends
 * and freed at once; every exit path frees what is still open.
 *
 * Limits hold for the tree as consumers will see it, that is with every
 * alias expanded, without ever expanding one.  Each frame counts the
 * nodes and the height (collection levels) of its subtree; an anchor
 * keeps those two numbers once its node is complete.  An alias then costs
 * its anchor's node count, and is too deep when the open levels plus the
 * anchor's height exceed FM_MAX_DEPTH.  A billion-laughs bomb fails after
 * a few dozen events.  An alias to a node that is still open (a recursive
 * structure) is an error: sharing it would make the tree a cycle.
 *
 * Positions.  libyaml marks count characters from the start of the text
 * it was given (index, line, column, all 0-based).  Its lines also break
 * at a lone '\r' and at U+0085, U+2028 and U+2029, where ours (and
 * utf8_line_col's) break at '\n' only, so we use mark.index alone: a
 * cursor walks the file from the start of the YAML text, one code point
 * per character, counting '\n' for lines.  Node marks arrive in file
 * order, so the walk is linear; a mark behind the cursor (only error
 * contexts) restarts it.
 */
#include "fm.h"

#include <stdint.h>
#include <string.h>
#include <yaml.h>

#include "../util/utf8.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

enum { NO_ANCHOR = -1 };

/* A position cursor over the YAML text (see the top of this file). */
struct cursor {
	size_t ci;              /* characters walked from the YAML start */
	size_t bi;              /* byte offset in the file text */
	unsigned line, col;     /* file position of text[bi] */
};

struct frame {
	struct fm_node *node;   /* the collection being filled */
	struct fm_node **kids;  /* heap: items, or key, value, key, ... */
	size_t n, cap;
	size_t count;           /* nodes in the expanded subtree, self included */
	unsigned height;        /* collection levels in the subtree, self included */
	long anchor;            /* index in loader.anchors, or NO_ANCHOR */
};

struct anchor {
	char *name;             /* heap */
	struct fm_node *node;
	size_t count;           /* as frame.count, valid once done */
	unsigned height;
	bool done;              /* false while the node is still open */
};

struct loader {
	struct arena *a;        /* nodes and their lists */
	struct arena *strings;  /* the text of scalars, and tags */
	struct diag_list *dl;
	const char *path;
	bool front_matter;      /* else a whole YAML file (messages differ) */
	const char *text;       /* the whole file (after any BOM) */
	size_t start, end;      /* the YAML text is text[start..end) */
	unsigned line;          /* file line of text[start] */
	struct cursor cur;
	struct frame stack[FM_MAX_DEPTH];
	size_t depth;
	struct anchor *anchors;
	size_t n_anchors, cap_anchors;
	size_t total;           /* nodes so far, aliases expanded */
	unsigned docs;
	struct fm_node *root;
};

static struct pos
at_line(const struct loader *ld, unsigned line, unsigned col)
{
	return (struct pos){ ld->path, line, col };
}

static void
cursor_reset(struct loader *ld)
{
	ld->cur = (struct cursor){ 0, ld->start, ld->line, 1 };
	/* libyaml's reader drops a BOM at the start without counting it;
	 * for us it stays a code point, as utf8_line_col counts it */
	if (ld->end - ld->start >= 3 &&
	    memcmp(ld->text + ld->start, "\xEF\xBB\xBF", 3) == 0) {
		ld->cur.bi += 3;
		ld->cur.col = 2;
	}
}

/* The file position of character index ci of the YAML text; past the
 * end it is the end of the text. */
static struct pos
char_pos(struct loader *ld, size_t ci)
{
	if (ci < ld->cur.ci)
		cursor_reset(ld);
	struct cursor *c = &ld->cur;
	const unsigned char *p = (const unsigned char *)ld->text;
	while (c->ci < ci && c->bi < ld->end) {
		uint32_t cp;
		int n = utf8_next(p + c->bi, ld->end - c->bi, &cp);
		if (p[c->bi] == '\n') {
			c->line++;
			c->col = 1;
		} else {
			c->col++;
		}
		c->bi += n > 0 ? (size_t)n : 1;
		c->ci++;
	}
	return at_line(ld, c->line, c->col);
}

static struct pos
mark_pos(struct loader *ld, yaml_mark_t m)
{
	return char_pos(ld, m.index);
}

/* The file position of byte offset off of the YAML text. */
static struct pos
byte_pos(struct loader *ld, size_t off)
{
	unsigned line, col;
	size_t at = off > ld->end - ld->start ? ld->end : ld->start + off;
	utf8_line_col(ld->text, ld->end, at, &line, &col);
	return at_line(ld, line, col);
}

/*
 * Copies s[0..len) into buf (of size cap >= 8) for a message: at most
 * about 60 bytes, cut at a code point, control characters as spaces,
 * "..." when cut.
 */
static const char *
shown(char *buf, size_t cap, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t max = cap - 4 < 60 ? cap - 4 : 60, i = 0, o = 0;
	while (i < len) {
		uint32_t cp;
		int n = utf8_next(p + i, len - i, &cp);
		size_t w = n > 0 ? (size_t)n : 1;
		if (o + w > max) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		for (size_t k = 0; k < w; k++)
			buf[o + k] = p[i + k] < 0x20 || p[i + k] == 0x7f ?
				' ' : (char)p[i + k];
		o += w;
		i += w;
	}
	buf[o] = '\0';
	return buf;
}

/* True when libyaml's problem and context are these (context NULL: none). */
static bool
is_problem(const yaml_parser_t *p, const char *problem, const char *context)
{
	if (!p->problem || strcmp(p->problem, problem))
		return false;
	return context ? p->context && !strcmp(p->context, context)
		       : !p->context;
}

/*
 * The problems an editor meets most (a colon or a tab in a value, a
 * wrong indentation, a quote or bracket left open), as libyaml words
 * them, each with its own message, so that msg.c can say it in plain
 * Vietnamese, and a hint on what to do.  The English message is
 * libyaml's own text; with a context, it ends with the context's line
 * and column.  The first row that matches wins, so the tab row comes
 * before the row of the same problem at any other character.
 */
static const struct known_problem {
	const char *problem;
	const char *context;    /* NULL: libyaml gives none */
	bool at_tab;            /* only when libyaml stopped at a tab */
	const char *msg;        /* formats, given the context's line and */
	const char *hint;       /*   column (which most messages show) */
} known_problems[] = {
	/* libyaml's words say nothing of the tab it stopped at */
	{ "found character that cannot start any token",
	  "while scanning for the next token", true,
	  DIAG_FORMAT("yaml: a tab is used to indent this line"),
	  DIAG_FORMAT("indent with spaces, not tabs") },
	{ "mapping values are not allowed in this context", NULL, false,
	  DIAG_FORMAT("yaml: mapping values are not allowed in this context"),
	  DIAG_FORMAT("put a value that contains \": \" in quotes, as in "
		      "name: \"Trà: loại đặc biệt\"; a field starts in the "
		      "same column as the fields above it") },
	{ "found character that cannot start any token",
	  "while scanning for the next token", false,
	  DIAG_FORMAT("yaml: found character that cannot start any token "
		      "(while scanning for the next token at line %u, "
		      "column %u)"),
	  DIAG_FORMAT("indent with spaces, not tabs, and quote values that "
		      "start with @, ` or %%") },
	{ "found a tab character that violates indentation",
	  "while scanning a plain scalar", false,
	  DIAG_FORMAT("yaml: found a tab character that violates "
		      "indentation (while scanning a plain scalar at line "
		      "%u, column %u)"),
	  DIAG_FORMAT("indent with spaces, not tabs") },
	{ "did not find expected key", "while parsing a block mapping", false,
	  DIAG_FORMAT("yaml: did not find expected key (while parsing a "
		      "block mapping at line %u, column %u)"),
	  DIAG_FORMAT("check the indentation: fields of one mapping start "
		      "in the same column") },
	{ "did not find expected '-' indicator",
	  "while parsing a block collection", false,
	  DIAG_FORMAT("yaml: did not find expected '-' indicator (while "
		      "parsing a block collection at line %u, column %u)"),
	  DIAG_FORMAT("start every item of the list with \"- \" in the same "
		      "column, or end the list before this line") },
	{ "did not find expected ',' or ']'", "while parsing a flow sequence",
	  false,
	  DIAG_FORMAT("yaml: did not find expected ',' or ']' (while parsing "
		      "a flow sequence at line %u, column %u)"),
	  DIAG_FORMAT("close the list with ] on the same line, and put an "
		      "item that contains a comma or a colon in quotes") },
	{ "did not find expected ',' or '}'", "while parsing a flow mapping",
	  false,
	  DIAG_FORMAT("yaml: did not find expected ',' or '}' (while parsing "
		      "a flow mapping at line %u, column %u)"),
	  DIAG_FORMAT("close the { with } on the same line, and put a value "
		      "that contains a comma in quotes") },
	{ "found unexpected end of stream", "while scanning a quoted scalar",
	  false,
	  DIAG_FORMAT("yaml: found unexpected end of stream (while scanning "
		      "a quoted scalar at line %u, column %u)"),
	  DIAG_FORMAT("the quote that opens there is never closed: add the "
		      "closing quote at the end of the value") },
	{ "could not find expected ':'", "while scanning a simple key", false,
	  DIAG_FORMAT("yaml: could not find expected ':' (while scanning a "
		      "simple key at line %u, column %u)"),
	  DIAG_FORMAT("write each field as \"name: value\"; a value that "
		      "goes on over several lines must be in quotes") },
	{ "did not find expected node content", "while parsing a block node",
	  false,
	  DIAG_FORMAT("yaml: did not find expected node content (while "
		      "parsing a block node at line %u, column %u)"),
	  DIAG_FORMAT("a value cannot start with ], } or a comma: put it in "
		      "quotes") },
	{ "block sequence entries are not allowed in this context", NULL,
	  false,
	  DIAG_FORMAT("yaml: block sequence entries are not allowed in this "
		      "context"),
	  DIAG_FORMAT("put the items of a list on the lines below its field, "
		      "each starting with \"- \", or write [a, b]") },
	{ "did not find expected alphabetic or numeric character",
	  "while scanning an anchor", false,
	  DIAG_FORMAT("yaml: did not find expected alphabetic or numeric "
		      "character (while scanning an anchor at line %u, column "
		      "%u)"),
	  DIAG_FORMAT("put a value that starts with & in quotes") },
	{ "did not find expected alphabetic or numeric character",
	  "while scanning an alias", false,
	  DIAG_FORMAT("yaml: did not find expected alphabetic or numeric "
		      "character (while scanning an alias at line %u, column "
		      "%u)"),
	  DIAG_FORMAT("put a value that starts with * in quotes") },
	{ "found unknown escape character", "while parsing a quoted scalar",
	  false,
	  DIAG_FORMAT("yaml: found unknown escape character (while parsing a "
		      "quoted scalar at line %u, column %u)"),
	  DIAG_FORMAT("inside double quotes a backslash starts an escape: "
		      "write \\\\ for \\, or use single quotes") },
	{ "did not find expected hexdecimal number",
	  "while parsing a quoted scalar", false,
	  DIAG_FORMAT("yaml: did not find expected hexdecimal number (while "
		      "parsing a quoted scalar at line %u, column %u)"),
	  DIAG_FORMAT("inside double quotes a backslash starts an escape: "
		      "write \\\\ for \\, or use single quotes") },
};

/*
 * Files the diag for a failed yaml_parser_parse(): a row of
 * known_problems when one matches, else libyaml's own words with a
 * general hint.
 */
static int
yaml_error(struct loader *ld, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "syntax error";
	struct pos at, ctx = { NULL, 0, 0 };
	struct diag_list *dl = ld->dl;

	switch (p->error) {
	case YAML_MEMORY_ERROR:
		return diag_error(dl, at_line(ld, ld->line, 1), "yaml",
				  "yaml: out of memory");
	case YAML_READER_ERROR:
		at = byte_pos(ld, p->problem_offset);
		if (is_problem(p, "control characters are not allowed", NULL) &&
		    p->problem_value >= 0) {
			diag_error(dl, at, "yaml", "yaml: control characters "
				   "are not allowed (found U+%04X)",
				   (unsigned)p->problem_value);
			diag_hint(dl, "delete the invisible character here: "
				  "retype the text around it");
		} else if (p->problem_value >= 0) {
			diag_error(dl, at, "yaml", "yaml: %s (found U+%04X)",
				   problem, (unsigned)p->problem_value);
			diag_hint(dl, "save the file again as UTF-8 text");
		} else {
			diag_error(dl, at, "yaml", "yaml: %s", problem);
			diag_hint(dl, "save the file again as UTF-8 text");
		}
		return -1;
	default:
		break;
	}
	at = mark_pos(ld, p->problem_mark);
	/* the cursor now stands on the character libyaml stopped at */
	bool tab = ld->cur.bi < ld->end && ld->text[ld->cur.bi] == '\t';
	if (p->context)
		ctx = mark_pos(ld, p->context_mark);
	size_t n = sizeof(known_problems) / sizeof(known_problems[0]);
	for (size_t i = 0; i < n; i++) {
		const struct known_problem *r = &known_problems[i];
		if ((tab || !r->at_tab) &&
		    is_problem(p, r->problem, r->context)) {
			diag_error(dl, at, "yaml", DIAG_FORMAT(r->msg),
				   ctx.line, ctx.col);
			diag_hint(dl, DIAG_FORMAT(r->hint), ctx.line, ctx.col);
			return -1;
		}
	}
	if (p->context)
		diag_error(dl, at, "yaml", "yaml: %s (%s at line %u, column %u)",
			   problem, p->context, ctx.line, ctx.col);
	else
		diag_error(dl, at, "yaml", "yaml: %s", problem);
	diag_hint(dl, "compare this line and the one above it with a correct "
		  "entry: look for a missing colon, a wrong indentation or a "
		  "value to put in quotes");
	return -1;
}

/* Adds k nodes to the running total, or fails past FM_MAX_NODES. */
static int
count_nodes(struct loader *ld, size_t k, struct pos at)
{
	if (k > (size_t)FM_MAX_NODES - ld->total) {
		diag_error(ld->dl, at, "yaml-limit",
			   "too many YAML nodes after expanding aliases "
			   "(limit %d)", FM_MAX_NODES);
		diag_hint(ld->dl, "write the values out instead of repeating "
			  "them with aliases such as *name");
		return -1;
	}
	ld->total += k;
	return 0;
}

/* True when the next node completes a key of the innermost mapping. */
static bool
key_slot(const struct loader *ld)
{
	if (!ld->depth)
		return false;
	const struct frame *f = &ld->stack[ld->depth - 1];
	return f->node->kind == FM_MAP && f->n % 2 == 0;
}

static int
bad_key(struct loader *ld, enum fm_kind kind, struct pos at)
{
	/* one literal per kind, so that msg.c translates the whole text */
	if (kind == FM_SEQ)
		diag_error(ld->dl, at, "yaml", "a key must be a single value, "
			   "not a list");
	else
		diag_error(ld->dl, at, "yaml", "a key must be a single value, "
			   "not a mapping");
	diag_hint(ld->dl, "write keys as plain words such as \"name:\"");
	return -1;
}

static const char *
copy_tag(struct loader *ld, const yaml_char_t *tag)
{
	static const char core[] = "tag:yaml.org,2002:";
	const char *t = (const char *)tag;

	if (!t)
		return NULL;
	if (strncmp(t, core, sizeof(core) - 1) == 0)
		return arena_printf(ld->strings, "!!%s", t + sizeof(core) - 1);
	return arena_strdup(ld->strings, t);
}

static struct fm_node *
new_node(struct loader *ld, enum fm_kind kind, struct pos at,
	 const yaml_char_t *tag)
{
	struct fm_node *n = arena_new(ld->a, struct fm_node);
	n->kind = kind;
	n->at = at;
	n->tag = copy_tag(ld, tag);
	return n;
}

static long
add_anchor(struct loader *ld, const yaml_char_t *name, struct fm_node *node,
	   size_t count, unsigned height, bool done)
{
	void *v = ld->anchors;
	xgrow(&v, &ld->cap_anchors, ld->n_anchors + 1, sizeof(*ld->anchors));
	ld->anchors = v;
	struct anchor *an = &ld->anchors[ld->n_anchors];
	an->name = xstrdup((const char *)name);
	an->node = node;
	an->count = count;
	an->height = height;
	an->done = done;
	return (long)ld->n_anchors++;
}

/* The latest anchor of that name (YAML lets an anchor be redefined). */
static const struct anchor *
find_anchor(const struct loader *ld, const char *name)
{
	for (size_t i = ld->n_anchors; i-- > 0;)
		if (strcmp(ld->anchors[i].name, name) == 0)
			return &ld->anchors[i];
	return NULL;
}

/*
 * Hands a complete node (scalar, alias target or ended collection) to the
 * innermost open collection, or makes it the root.  at is where the node
 * was written (for an alias, the alias itself).
 */
static int
attach(struct loader *ld, struct fm_node *node, struct pos at, size_t count,
       unsigned height)
{
	if (!ld->depth) {
		ld->root = node;
		return 0;
	}
	struct frame *f = &ld->stack[ld->depth - 1];
	if (f->node->kind == FM_MAP && f->n % 2 == 0) {
		for (size_t i = 0; i < f->n; i += 2) {
			const struct fm_node *k = f->kids[i];
			if (k->len == node->len &&
			    memcmp(k->str, node->str, k->len) == 0) {
				char buf[80];
				diag_error(ld->dl, at, "yaml-dup",
					   "duplicate key \"%s\" (first at "
					   "line %u)",
					   shown(buf, sizeof(buf),
						 node->str, node->len),
					   k->at.line);
				diag_hint(ld->dl, "a field is written once: "
					  "keep one of the two lines and "
					  "delete the other");
				return -1;
			}
		}
	}
	void *v = f->kids;
	xgrow(&v, &f->cap, f->n + 1, sizeof(*f->kids));
	f->kids = v;
	f->kids[f->n++] = node;
	f->count += count;          /* cannot wrap: total is capped */
	if (height + 1 > f->height)
		f->height = height + 1;
	return 0;
}

static int
on_scalar(struct loader *ld, const yaml_event_t *ev)
{
	struct pos at = mark_pos(ld, ev->start_mark);
	const char *value = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;

	if (count_nodes(ld, 1, at) < 0)
		return -1;
	/* "\0" escapes would cut the text short for every later stage,
	 * which treats values as C strings */
	if (len && memchr(value, '\0', len)) {
		diag_error(ld->dl, at, "yaml", "text contains a NUL "
			   "character (an escape such as \\0)");
		diag_hint(ld->dl, "delete the \\0 from the quoted value");
		return -1;
	}
	struct fm_node *n = new_node(ld, FM_SCALAR, at, ev->data.scalar.tag);
	/* NFC on read: a name typed decomposed is the same name for
	 * pages, lists, sort keys and reports (the check still warns and
	 * fmt still rewrites the file) */
	const char *text = utf8_nfc(ld->strings, len ? value : "", len, &len);
	n->str = text == value ? arena_strndup(ld->strings, value, len) : text;
	n->len = len;
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (ev->data.scalar.anchor)
		add_anchor(ld, ev->data.scalar.anchor, n, 1, 0, true);
	return attach(ld, n, at, 1, 0);
}

static int
on_start(struct loader *ld, const yaml_event_t *ev, enum fm_kind kind,
	 const yaml_char_t *anchor, const yaml_char_t *tag)
{
	struct pos at = mark_pos(ld, ev->start_mark);

	if (key_slot(ld))
		return bad_key(ld, kind, at);
	if (ld->depth == FM_MAX_DEPTH) {
		diag_error(ld->dl, at, "yaml-limit", "nesting deeper "
			   "than %d levels", FM_MAX_DEPTH);
		diag_hint(ld->dl, "no field of an entry is nested this deep: "
			  "look for [ or { that are never closed");
		return -1;
	}
	if (count_nodes(ld, 1, at) < 0)
		return -1;
	struct frame *f = &ld->stack[ld->depth++];
	*f = (struct frame){ .node = new_node(ld, kind, at, tag), .count = 1,
			     .height = 1, .anchor = NO_ANCHOR };
	if (anchor)
		f->anchor = add_anchor(ld, anchor, f->node, 0, 0, false);
	return 0;
}

static int
on_end(struct loader *ld)
{
	if (!ld->depth)             /* libyaml pairs them; be safe anyway */
		return 0;
	struct frame f = ld->stack[--ld->depth];
	struct fm_node *n = f.node;

	if (n->kind == FM_MAP) {
		n->n = f.n / 2;
		n->pairs = arena_array(ld->a, n->n, sizeof(*n->pairs));
		for (size_t i = 0; i < n->n; i++) {
			n->pairs[i].key = f.kids[2 * i];
			n->pairs[i].value = f.kids[2 * i + 1];
		}
	} else {
		n->n = f.n;
		n->items = arena_array(ld->a, n->n, sizeof(*n->items));
		if (f.n)
			memcpy(n->items, f.kids, f.n * sizeof(*f.kids));
	}
	free(f.kids);
	if (f.anchor != NO_ANCHOR) {
		struct anchor *an = &ld->anchors[f.anchor];
		an->count = f.count;
		an->height = f.height;
		an->done = true;
	}
	return attach(ld, n, n->at, f.count, f.height);
}

static int
on_alias(struct loader *ld, const yaml_event_t *ev)
{
	struct pos at = mark_pos(ld, ev->start_mark);
	const char *name = (const char *)ev->data.alias.anchor;
	const struct anchor *an = find_anchor(ld, name);
	char buf[80];

	shown(buf, sizeof(buf), name, strlen(name));
	if (!an) {
		diag_error(ld->dl, at, "yaml", "unknown alias \"*%s\"", buf);
		diag_hint(ld->dl, "an alias repeats a value marked earlier "
			  "with \"&%s\"; quote values that start with *", buf);
		return -1;
	}
	if (!an->done) {
		diag_error(ld->dl, at, "yaml", "alias \"*%s\" is inside "
			   "the value it repeats", buf);
		diag_hint(ld->dl, "write the value out instead of the alias, "
			  "or quote values that start with *");
		return -1;
	}
	if (key_slot(ld) && an->node->kind != FM_SCALAR)
		return bad_key(ld, an->node->kind, at);
	if (ld->depth + an->height > FM_MAX_DEPTH) {
		diag_error(ld->dl, at, "yaml-limit", "alias \"*%s\" "
			   "nests deeper than %d levels when expanded",
			   buf, FM_MAX_DEPTH);
		diag_hint(ld->dl, "write the values out instead of repeating "
			  "them with aliases such as *name");
		return -1;
	}
	if (count_nodes(ld, an->count, at) < 0)
		return -1;
	return attach(ld, an->node, at, an->count, an->height);
}

/* Handles one event; sets *done at the end of the stream. */
static int
on_event(struct loader *ld, const yaml_event_t *ev, bool *done)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++ld->docs > 1) {
			struct pos at = mark_pos(ld, ev->start_mark);
			if (ld->front_matter)
				diag_error(ld->dl, at, "yaml", "front matter "
					   "holds more than one YAML document");
			else
				diag_error(ld->dl, at, "yaml", "file holds "
					   "more than one YAML document");
			diag_hint(ld->dl, "a line with --- or ... starts a new "
				  "document");
			return -1;
		}
		return 0;
	case YAML_SCALAR_EVENT:
		return on_scalar(ld, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(ld, ev, FM_SEQ, ev->data.sequence_start.anchor,
				ev->data.sequence_start.tag);
	case YAML_MAPPING_START_EVENT:
		return on_start(ld, ev, FM_MAP, ev->data.mapping_start.anchor,
				ev->data.mapping_start.tag);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(ld);
	case YAML_ALIAS_EVENT:
		return on_alias(ld, ev);
	case YAML_STREAM_END_EVENT:
	case YAML_NO_EVENT:         /* only after an error; never loop */
		*done = true;
		return 0;
	case YAML_STREAM_START_EVENT:
	case YAML_DOCUMENT_END_EVENT:
		break;
	}
	return 0;
}

/*
 * Parses text[start..end) as YAML whose first line is file line `line`.
 * *out is the root, or NULL for a stream without a document.
 */
static int
load(struct fm_node **out, struct loader *ld)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	int err = 0;
	bool done = false;

	*out = NULL;
	cursor_reset(ld);
	if (!yaml_parser_initialize(&parser))
		return diag_error(ld->dl, at_line(ld, ld->line, 1), "yaml",
				  "yaml: out of memory");
	yaml_parser_set_input_string(&parser,
				     (const unsigned char *)ld->text + ld->start,
				     ld->end - ld->start);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			err = yaml_error(ld, &parser);
			break;
		}
		err = on_event(ld, &ev, &done);
		yaml_event_delete(&ev);
		if (err < 0)
			break;
	}
	yaml_parser_delete(&parser);
	for (size_t i = 0; i < ld->depth; i++)
		free(ld->stack[i].kids);
	ld->depth = 0;
	for (size_t i = 0; i < ld->n_anchors; i++)
		free(ld->anchors[i].name);
	free(ld->anchors);
	ld->anchors = NULL;
	ld->n_anchors = ld->cap_anchors = 0;
	if (err < 0)
		return -1;
	*out = ld->root;
	return 0;
}

/* The size, BOM and UTF-8 checks shared by both entry points.  *text is
 * src without a leading BOM. */
static int
check_file(struct span *text, const char *path, struct span src,
	   struct diag_list *dl)
{
	size_t bom = 0;

	if (!src.p)
		src = (struct span){ "", 0 };
	if (src.len > FM_MAX_BYTES) {
		diag_error(dl, (struct pos){ path, 0, 0 }, "size",
			   "file is larger than %d MiB (%zu bytes)",
			   FM_MAX_BYTES >> 20, src.len);
		diag_hint(dl, "an entry is text only: save pictures as their "
			  "own files beside it and name them under images");
		return -1;
	}
	if (src.len >= 3 && memcmp(src.p, "\xEF\xBB\xBF", 3) == 0)
		bom = 3;
	*text = (struct span){ src.p + bom, src.len - bom };
	size_t bad = utf8_validate(text->p, text->len);
	if (bad < text->len) {
		struct pos at = { path, 0, 0 };
		utf8_line_col(text->p, text->len, bad, &at.line, &at.col);
		if (text->p[bad] == '\0') {
			diag_error(dl, at, "utf8", "NUL byte at byte %zu",
				   bad + bom);
			diag_hint(dl, "this is not a plain text file: save it "
				  "again as UTF-8 text, not from a word "
				  "processor");
			return -1;
		}
		diag_error(dl, at, "utf8", "invalid UTF-8 at byte %zu",
			   bad + bom);
		diag_hint(dl, "save the file with UTF-8 encoding");
		return -1;
	}
	return 0;
}

/* The end of the line starting at off: just past its '\n', or len. */
static size_t
line_end(struct span t, size_t off)
{
	const char *nl = memchr(t.p + off, '\n', t.len - off);
	return nl ? (size_t)(nl - t.p) + 1 : t.len;
}

/* True when p[0..len) (a line, with its line end) is a fence: "---", or
 * "..." too when closing, then only spaces, tabs and the line end. */
static bool
is_fence(const char *p, size_t len, bool closing)
{
	if (len && p[len - 1] == '\n')
		len--;
	if (len && p[len - 1] == '\r')
		len--;
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	return len == 3 && (memcmp(p, "---", 3) == 0 ||
			    (closing && memcmp(p, "...", 3) == 0));
}

int
fm_parse(struct fm_doc *out, const char *path, struct span src,
	 struct arena *a, struct diag_list *dl)
{
	return fm_parse_in(out, path, src, a, a, dl);
}

int
fm_parse_in(struct fm_doc *out, const char *path, struct span src,
	    struct arena *nodes, struct arena *strings, struct diag_list *dl)
{
	struct span text;

	memset(out, 0, sizeof(*out));
	if (check_file(&text, path, src, dl) < 0)
		return -1;
	out->body = text;
	out->body_line = 1;
	size_t head = line_end(text, 0);
	if (!is_fence(text.p, head, false))
		return 0;

	size_t off = head, next = 0;
	unsigned line = 2;
	for (; off < text.len; off = next, line++) {
		next = line_end(text, off);
		if (is_fence(text.p + off, next - off, true))
			break;
	}
	if (off >= text.len) {
		diag_error(dl, (struct pos){ path, 1, 1 }, "front-matter",
			   "front matter is not closed: add a line with --- "
			   "after it");
		diag_hint(dl, "the fields between the two --- lines are the "
			  "front matter; the text after them is the body");
		return -1;
	}
	out->body = (struct span){ text.p + next, text.len - next };
	out->body_line = line + 1;

	struct loader ld = { .a = nodes, .strings = strings, .dl = dl,
			     .path = path, .front_matter = true, .text = text.p,
			     .start = head, .end = off, .line = 2 };
	struct fm_node *root;
	if (load(&root, &ld) < 0)
		return -1;
	if (!root || fm_is_null(root)) {     /* "~" alone: no fields */
		root = new_node(&ld, FM_MAP, (struct pos){ path, 2, 1 }, NULL);
	} else if (root->kind != FM_MAP) {
		if (root->kind == FM_SEQ)
			diag_error(dl, root->at, "front-matter", "front matter "
				   "must be a mapping of fields, found a list");
		else
			diag_error(dl, root->at, "front-matter", "front matter "
				   "must be a mapping of fields, found a single "
				   "value");
		diag_hint(dl, "write one field per line, as in \"name: ...\"");
		return -1;
	}
	out->root = root;
	return 0;
}

int
fm_parse_yaml(struct fm_node **out, const char *path, struct span src,
	      struct arena *a, struct diag_list *dl)
{
	struct span text;

	*out = NULL;
	if (check_file(&text, path, src, dl) < 0)
		return -1;
	struct loader ld = { .a = a, .strings = a, .dl = dl, .path = path,
			     .text = text.p, .start = 0, .end = text.len,
			     .line = 1 };
	struct fm_node *root;
	if (load(&root, &ld) < 0)
		return -1;
	if (fm_is_null(root))
		root = NULL;
	*out = root;
	return 0;
}

const struct fm_node *
fm_get(const struct fm_node *m, const char *key)
{
	if (!m || m->kind != FM_MAP || !key)
		return NULL;
	size_t len = strlen(key);
	for (size_t i = 0; i < m->n; i++) {
		const struct fm_node *k = m->pairs[i].key;
		if (k->len == len && memcmp(k->str, key, len) == 0)
			return m->pairs[i].value;
	}
	return NULL;
}

bool
fm_is_null(const struct fm_node *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };

	if (!n || n->kind != FM_SCALAR)
		return false;
	if (n->tag)
		return strcmp(n->tag, "!!null") == 0;
	if (!n->plain)
		return false;
	for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
		if (strcmp(n->str, nulls[i]) == 0)
			return true;
	return false;
}

const char *
fm_library_version(void)
{
	return yaml_get_version_string();
}
