/*
 * tpl.c - the Mustache engine.
 *
 * A template is parsed once into a tree of nodes and kept in the env's
 * arena; rendering walks the tree and never looks at the source again.
 * Text nodes are spans into the source the loader handed us (it must stay
 * valid for the env's lifetime), so parsing copies no text.
 *
 * Parsing makes four passes over a flat array of tags:
 *
 *   scan   finds every tag under the delimiters in force (set-delimiter
 *          tags are applied here), with its kind, name, byte range,
 *          line/column and whether only blanks surround it on its line;
 *   pair   matches each closing tag with its opening tag and reports
 *          unclosed and mismatched sections;
 *   cuts   decides, per tag, which bytes of the source it removes: the
 *          tag itself, or its whole line when it stands alone there;
 *   build  walks the tags in order and turns the bytes between the cuts
 *          into text nodes, nesting sections, blocks and parents.
 *
 * Indentation of standalone partials.  The spec defines it as "prepend
 * the tag's indentation to every line of the partial, then parse".
 * Parsing per indentation would parse a partial again for each place it
 * is used, so instead the builder puts a LINE node wherever a line of
 * template text begins (the places where that prepending would have
 * inserted text), and the renderer emits the current indentation there.
 * Data is never indented, because LINE nodes exist only in template
 * text.  A standalone partial renders with the current indentation plus
 * its own; an inline one with none, as if its source had been included
 * unchanged.
 *
 * Blocks ({{$name}}) follow the same idea.  A block's content is stored
 * dedented by its own indentation (the blanks starting the line after
 * the opening tag when that tag stands alone, else the blanks starting
 * the tag's line) and rendered with the indentation of the place where
 * it is expanded, which is what the spec's "Block reindentation" tests
 * ask for.  Overrides are looked up through a chain of the parent tags
 * being rendered; the outermost parent that defines a block wins
 * ("top-level substitutions take precedence").
 *
 * Limits keep any template from taking the build down.  Partials and
 * parents may nest TPL_MAX_DEPTH deep (a partial including itself with
 * data that never ends stops there), all levels together, sections and
 * blocks included, TPL_MAX_NESTING deep (the C stack), and one render
 * visits at most TPL_MAX_STEPS nodes (partials that include each other
 * twice per level grow exponentially without ever getting deep) and
 * appends at most about TPL_MAX_OUTPUT bytes (the step limit alone lets
 * sections nested over lists repeat a long line of text tens of
 * millions of times: gigabytes from a 3 KB template).  The first limit
 * hit files a diag and unwinds the whole render.
 */
#include "tpl.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/arena.h"
#include "../util/escape.h"
#include "../util/utf8.h"
#include "../util/xalloc.h"
#include "../util/strmap.h"
#include "../util/banned.h"

enum {
	TPL_MAX_DEPTH = 100,          /* partials and parents nested */
	TPL_MAX_NESTING = 1000,       /* all levels: sections, blocks too */
	TPL_MAX_STEPS = 50000000,     /* nodes visited by one render call */
	TPL_MAX_OUTPUT = 64 << 20     /* bytes one render call appends */
};

#define NONE ((size_t)-1)

/* ------------------------------------------------------------------ */
/* Parsed trees */

enum node_kind {
	NODE_TEXT,        /* text: literal bytes, at most one line */
	NODE_LINE,        /* a line of template text starts: indent here */
	NODE_VAR,         /* {{x}}: escaped */
	NODE_RAW,         /* {{{x}}}, {{&x}} */
	NODE_SECTION,     /* {{#x}}kids{{/x}} */
	NODE_INVERTED,    /* {{^x}}kids{{/x}} */
	NODE_PARTIAL,     /* {{>x}} */
	NODE_PARENT,      /* {{<x}}blocks{{/x}}: kids are NODE_BLOCK overrides */
	NODE_BLOCK        /* {{$x}}default{{/x}} */
};

struct tpl;

struct node {
	enum node_kind kind;
	struct node *next;
	struct node *kids;
	struct span text;         /* NODE_TEXT bytes; the name of other tags */
	struct span *parts;       /* dotted name split at '.'; none for "." */
	size_t nparts;
	struct span indent;       /* PARTIAL, PARENT, BLOCK: see build() */
	bool standalone;          /* PARTIAL, PARENT: alone on its line;
	                           * BLOCK: opening tag ends its line */
	bool dynamic;             /* PARTIAL, PARENT: {{>*name}} */
	struct tpl *target;       /* static PARTIAL, PARENT: resolved once */
	struct pos at;            /* the tag, for render-time diags */
};

enum tpl_state { TPL_OK, TPL_MISSING, TPL_BROKEN };

struct tpl {
	const char *name;         /* env arena */
	size_t name_len;
	size_t hash;
	enum tpl_state state;
	struct node *root;
};

struct tpl_env {
	tpl_load_fn load;
	void *payload;
	struct diag_list *dl;
	struct arena arena;       /* every tpl and node */
	struct tpl **slots;       /* open addressing by name, power of 2 */
	size_t cap, n;
	bool frozen;              /* tpl_freeze(): lookups only, no loading */
	struct tpl missing;       /* what a frozen lookup finds for a name
				     it does not know */
};

/* ------------------------------------------------------------------ */
/* Parsing */

enum tag_kind {
	TAG_VAR, TAG_RAW, TAG_COMMENT, TAG_DELIM, TAG_SECTION, TAG_INVERTED,
	TAG_CLOSE, TAG_PARTIAL, TAG_PARENT, TAG_BLOCK
};

struct tag {
	enum tag_kind kind;
	struct span name;         /* trimmed, without sigil or '*' */
	bool dynamic;
	size_t start, end;        /* the tag's bytes, delimiters included */
	size_t bol;               /* start of the line the tag starts on */
	size_t eol;               /* after the line end that follows the tag
	                           * (valid when ws_after) */
	bool ws_before, ws_after; /* only blanks between bol..start, end..eol */
	size_t cut_start, cut_end;/* source bytes the tag removes */
	bool line_cut;            /* the cut starts at bol: no LINE node */
	bool standalone;          /* PARENT, BLOCK: see cuts() */
	size_t ind_at;            /* BLOCK: line whose blanks indent it */
	size_t match;             /* opening <-> closing tag */
	size_t up;                /* enclosing opening tag, or NONE */
	unsigned line, col;
};

struct parser {
	struct span src;
	const char *path;
	struct diag_list *dl;
	struct arena *a;
	struct tag *tags;
	size_t ntags, cap;
};

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static struct span
trim(struct span s)
{
	while (s.len && is_space(s.p[0])) {
		s.p++;
		s.len--;
	}
	while (s.len && is_space(s.p[s.len - 1]))
		s.len--;
	return s;
}

/* Finds needle in s[from..len); sets *at and returns true when found. */
static bool
find(struct span s, size_t from, struct span needle, size_t *at)
{
	if (!needle.len || from > s.len)
		return false;
	size_t i = from;
	while (s.len - i >= needle.len) {
		const char *c = memchr(s.p + i, needle.p[0],
				       s.len - i - needle.len + 1);
		if (!c)
			return false;
		i = (size_t)(c - s.p);
		if (memcmp(c, needle.p, needle.len) == 0) {
			*at = i;
			return true;
		}
		i++;
	}
	return false;
}

/* The end of a triple mustache: a '}' directly followed by the closing
 * delimiter. */
static bool
find_triple_close(struct span s, size_t from, struct span cd, size_t *at)
{
	size_t i = from;
	while (find(s, i, cd, &i)) {
		if (i > from && s.p[i - 1] == '}') {
			*at = i - 1;
			return true;
		}
		i++;
	}
	return false;
}

static struct pos
tag_pos(const struct parser *ps, const struct tag *t)
{
	return (struct pos){ ps->path, t->line, t->col };
}

/* The text of tag t, for messages: "%.*s" with tag_len(t), tag_text(). */
static int
tag_len(const struct tag *t)
{
	return (int)(t->end - t->start);
}

static const char *
tag_text(const struct parser *ps, const struct tag *t)
{
	return ps->src.p + t->start;
}

static const char *
kind_word(enum tag_kind k)
{
	switch (k) {
	case TAG_BLOCK:
		return "block";
	case TAG_PARENT:
		return "parent";
	default:
		return "section";
	}
}

/* Names are non-empty and free of blanks and control characters; dotted
 * parts are split later. */
static int
set_name(struct parser *ps, struct tag *t, struct span body)
{
	struct span name = trim(body);
	if ((t->kind == TAG_PARTIAL || t->kind == TAG_PARENT ||
	     t->kind == TAG_CLOSE) && name.len && name.p[0] == '*') {
		t->dynamic = true;
		name.p++;
		name.len--;
		name = trim(name);
	}
	if (!name.len)
		return diag_error(ps->dl, tag_pos(ps, t), "template",
				  "missing name in tag \"%.*s\"", tag_len(t),
				  tag_text(ps, t));
	for (size_t i = 0; i < name.len; i++) {
		unsigned char c = (unsigned char)name.p[i];
		if (c <= ' ' || c == 0x7f)
			return diag_error(ps->dl, tag_pos(ps, t), "template",
					  "invalid name \"%.*s\" in tag",
					  (int)name.len, name.p);
	}
	t->name = name;
	return 0;
}

/* body is what lies between "=" and "=": two delimiters, blank
 * separated, neither containing blanks or '='. */
static int
set_delims(struct span body, struct span *od, struct span *cd)
{
	body = trim(body);
	size_t i = 0;
	while (i < body.len && !is_space(body.p[i]))
		i++;
	struct span o = { body.p, i };
	struct span c = trim((struct span){ body.p + i, body.len - i });
	if (!o.len || !c.len)
		return -1;
	for (size_t k = 0; k < c.len; k++)
		if (is_space(c.p[k]) || c.p[k] == '=')
			return -1;
	for (size_t k = 0; k < o.len; k++)
		if (o.p[k] == '=')
			return -1;
	*od = o;
	*cd = c;
	return 0;
}

static void
count_lines(struct span s, size_t *counted, size_t to, unsigned *line,
	    size_t *bol)
{
	for (size_t i = *counted; i < to; i++)
		if (s.p[i] == '\n') {
			(*line)++;
			*bol = i + 1;
		}
	*counted = to;
}

static void
blank_context(struct span s, struct tag *t)
{
	size_t i = t->bol;
	while (i < t->start && is_blank(s.p[i]))
		i++;
	t->ws_before = i == t->start;
	i = t->end;
	while (i < s.len && is_blank(s.p[i]))
		i++;
	if (i == s.len) {
		t->ws_after = true;
		t->eol = i;
	} else if (s.p[i] == '\n') {
		t->ws_after = true;
		t->eol = i + 1;
	} else if (s.p[i] == '\r' && i + 1 < s.len && s.p[i + 1] == '\n') {
		t->ws_after = true;
		t->eol = i + 2;
	}
}

static int
scan(struct parser *ps)
{
	struct span s = ps->src;
	struct span od = { "{{", 2 }, cd = { "}}", 2 };
	size_t pos = 0, counted = 0, bol = 0;
	unsigned line = 1;
	size_t start;

	while (find(s, pos, od, &start)) {
		count_lines(s, &counted, start, &line, &bol);
		struct tag t;
		memset(&t, 0, sizeof(t));
		t.start = start;
		t.bol = bol;
		t.line = line;
		t.col = (unsigned)utf8_count(s.p + bol, start - bol) + 1;
		t.match = t.up = NONE;
		t.end = s.len;

		size_t q = start + od.len, close;
		struct span body;
		if (q < s.len && s.p[q] == '{') {
			if (!find_triple_close(s, q + 1, cd, &close))
				return diag_error(ps->dl, tag_pos(ps, &t),
						  "template", "unclosed tag, "
						  "missing \"}%.*s\"",
						  (int)cd.len, cd.p);
			t.kind = TAG_RAW;
			body = (struct span){ s.p + q + 1, close - q - 1 };
			t.end = close + 1 + cd.len;
		} else {
			if (!find(s, q, cd, &close))
				return diag_error(ps->dl, tag_pos(ps, &t),
						  "template", "unclosed tag, "
						  "missing \"%.*s\"",
						  (int)cd.len, cd.p);
			body = (struct span){ s.p + q, close - q };
			t.end = close + cd.len;
			t.kind = TAG_VAR;
			static const char sigils[] = "!=#^/><$&";
			static const enum tag_kind kinds[] = {
				TAG_COMMENT, TAG_DELIM, TAG_SECTION,
				TAG_INVERTED, TAG_CLOSE, TAG_PARTIAL,
				TAG_PARENT, TAG_BLOCK, TAG_RAW
			};
			const char *sg = body.len ?
				memchr(sigils, body.p[0], sizeof(sigils) - 1) :
				NULL;
			if (sg) {
				t.kind = kinds[sg - sigils];
				body.p++;
				body.len--;
			}
		}

		if (t.kind == TAG_DELIM) {
			if (!body.len || body.p[body.len - 1] != '=' ||
			    set_delims((struct span){ body.p, body.len - 1 },
					&od, &cd) < 0)
				return diag_error(ps->dl, tag_pos(ps, &t),
						  "template", "invalid delimiters "
						  "in tag \"%.*s\"", tag_len(&t),
						  tag_text(ps, &t));
		} else if (t.kind != TAG_COMMENT) {
			if (set_name(ps, &t, body) < 0)
				return -1;
		}
		blank_context(s, &t);
		void *v = ps->tags;
		xgrow(&v, &ps->cap, ps->ntags + 1, sizeof(*ps->tags));
		ps->tags = v;
		ps->tags[ps->ntags++] = t;
		pos = t.end;
	}
	return 0;
}

static bool
same_name(const struct tag *a, const struct tag *b)
{
	return a->dynamic == b->dynamic && a->name.len == b->name.len &&
	       memcmp(a->name.p, b->name.p, a->name.len) == 0;
}

static int
pair(struct parser *ps)
{
	size_t *stack = NULL, n = 0, cap = 0;
	int err = 0;

	for (size_t i = 0; i < ps->ntags; i++) {
		struct tag *t = &ps->tags[i];
		t->up = n ? stack[n - 1] : NONE;
		switch (t->kind) {
		case TAG_SECTION:
		case TAG_INVERTED:
		case TAG_PARENT:
		case TAG_BLOCK: {
			void *v = stack;
			xgrow(&v, &cap, n + 1, sizeof(*stack));
			stack = v;
			stack[n++] = i;
			break;
		}
		case TAG_CLOSE: {
			if (!n) {
				err = diag_error(ps->dl, tag_pos(ps, t),
						 "template", "closing tag "
						 "\"%s%.*s\" has no open section",
						 t->dynamic ? "*" : "",
						 (int)t->name.len, t->name.p);
				goto out;
			}
			struct tag *o = &ps->tags[stack[--n]];
			if (!same_name(o, t)) {
				err = diag_error(ps->dl, tag_pos(ps, t),
						 "template", "closing tag "
						 "\"%s%.*s\" does not match open "
						 "%s \"%s%.*s\"",
						 t->dynamic ? "*" : "",
						 (int)t->name.len, t->name.p,
						 kind_word(o->kind),
						 o->dynamic ? "*" : "",
						 (int)o->name.len, o->name.p);
				goto out;
			}
			o->match = i;
			t->match = stack[n];
			t->up = o->up;
			break;
		}
		default:
			break;
		}
	}
	if (n) {
		const struct tag *o = &ps->tags[stack[n - 1]];
		err = diag_error(ps->dl, tag_pos(ps, o), "template",
				 "unclosed %s \"%s%.*s\"", kind_word(o->kind),
				 o->dynamic ? "*" : "", (int)o->name.len,
				 o->name.p);
	}
out:
	free(stack);
	return err;
}

static bool
in_parent(const struct parser *ps, const struct tag *t)
{
	return t->up != NONE && ps->tags[t->up].kind == TAG_PARENT;
}

static void
cut_line(struct tag *t)
{
	t->cut_start = t->bol;
	t->cut_end = t->eol;
	t->line_cut = true;
}

/*
 * The standalone rules.  A tag that is alone on its line (only blanks
 * around it) removes the whole line.  Parents and blocks add three
 * cases from ~inheritance:
 *
 *  - a parent is standalone when its opening tag starts its line and its
 *    closing tag ends its line, whatever lies between ("{{<p}}{{/p}}");
 *  - inside a parent, text outside blocks is ignored, so an overriding
 *    block's opening tag counts as standalone when it ends its line, and
 *    its closing tag when it starts its line;
 *  - a block that is not standalone is indented by the blanks starting
 *    its line, so "  {{$b}}{{/b}}" indents the lines after the first.
 */
static void
cuts(struct parser *ps)
{
	for (size_t i = 0; i < ps->ntags; i++) {
		struct tag *t = &ps->tags[i];
		bool alone = t->ws_before && t->ws_after;

		t->cut_start = t->start;
		t->cut_end = t->end;
		switch (t->kind) {
		case TAG_VAR:
		case TAG_RAW:
			break;
		case TAG_PARENT:
			t->standalone = t->ws_before &&
					ps->tags[t->match].ws_after;
			if (alone) {
				cut_line(t);
			} else if (t->standalone) {
				t->cut_start = t->bol;
				t->line_cut = true;
			}
			break;
		case TAG_BLOCK:
			if (in_parent(ps, t)) {
				t->standalone = t->ws_after;
				if (t->ws_after)
					t->cut_end = t->eol;
			} else {
				t->standalone = alone;
				if (alone)
					cut_line(t);
			}
			t->ind_at = t->standalone ? t->eol : t->bol;
			break;
		case TAG_CLOSE: {
			const struct tag *o = &ps->tags[t->match];
			if (o->kind == TAG_BLOCK && in_parent(ps, o)) {
				if (t->ws_before) {
					t->cut_start = t->bol;
					t->line_cut = true;
				}
				if (t->ws_after)
					t->cut_end = t->eol;
			} else if (alone) {
				cut_line(t);
			} else if (o->kind == TAG_PARENT && o->standalone) {
				t->cut_end = t->eol;
			}
			break;
		}
		default:
			if (alone)
				cut_line(t);
			break;
		}
	}
}

enum frame_mode { FRAME_NORMAL, FRAME_PARENT, FRAME_SKIP };

struct frame {
	enum frame_mode mode;
	struct node **tail;       /* where the next node goes */
	struct span dedent;       /* blanks removed from each line start */
};

static struct node *
add_node(struct parser *ps, struct frame *f, enum node_kind kind,
	 const struct tag *t)
{
	struct node *n = arena_new(ps->a, struct node);
	n->kind = kind;
	n->at.path = ps->path;      /* text: the file, without a position */
	if (t) {
		n->text = t->name;
		n->dynamic = t->dynamic;
		n->at = tag_pos(ps, t);
	}
	*f->tail = n;
	f->tail = &n->next;
	return n;
}

static void
split_name(struct parser *ps, struct node *n)
{
	struct span name = n->text;
	if (name.len == 1 && name.p[0] == '.')
		return;                 /* the implicit iterator: no parts */
	size_t k = 1;
	for (size_t i = 0; i < name.len; i++)
		if (name.p[i] == '.')
			k++;
	n->parts = arena_array(ps->a, k, sizeof(*n->parts));
	size_t from = 0, j = 0;
	for (size_t i = 0; i <= name.len; i++)
		if (i == name.len || name.p[i] == '.') {
			n->parts[j++] = (struct span){ name.p + from, i - from };
			from = i + 1;
		}
	n->nparts = k;
}

static struct span
lead_blanks(struct span s, size_t at)
{
	size_t i = at;
	while (i < s.len && is_blank(s.p[i]))
		i++;
	return (struct span){ s.p + at, i - at };
}

/* ws without the part the enclosing block's dedent already removes. */
static struct span
relative(struct span ws, struct span dedent)
{
	size_t k = 0;
	while (k < ws.len && k < dedent.len && ws.p[k] == dedent.p[k])
		k++;
	return (struct span){ ws.p + k, ws.len - k };
}

/*
 * Adds the text src[a..b) to frame f as one node per line, with a LINE
 * node at each line start (and at b itself when b starts a line and
 * line_at_b is set, because a tag starts the line there).
 */
static void
emit_text(struct parser *ps, struct frame *f, size_t a, size_t b,
	  bool line_at_b)
{
	const char *s = ps->src.p;
	size_t p = a;

	if (f->mode != FRAME_NORMAL)
		return;
	for (;;) {
		if ((p == 0 || s[p - 1] == '\n') && p < ps->src.len &&
		    (p < b || (p == b && line_at_b))) {
			add_node(ps, f, NODE_LINE, NULL);
			size_t k = 0;
			while (k < f->dedent.len && p + k < b &&
			       s[p + k] == f->dedent.p[k])
				k++;
			p += k;
		}
		if (p >= b)
			break;
		const char *nl = memchr(s + p, '\n', b - p);
		size_t e = nl ? (size_t)(nl - s) + 1 : b;
		struct node *n = add_node(ps, f, NODE_TEXT, NULL);
		n->text = (struct span){ s + p, e - p };
		p = e;
	}
}

static void
build(struct parser *ps, struct node **root)
{
	struct frame *st = xmalloc(xmul(ps->ntags + 1, sizeof(*st)));
	size_t n = 0, tp = 0;

	st[n++] = (struct frame){ FRAME_NORMAL, root, { "", 0 } };
	for (size_t i = 0; i < ps->ntags; i++) {
		const struct tag *t = &ps->tags[i];
		struct frame *f = &st[n - 1];
		size_t cs = t->cut_start > tp ? t->cut_start : tp;
		struct node *nd;

		emit_text(ps, f, tp, cs, !t->line_cut);
		if (t->cut_end > tp)
			tp = t->cut_end;
		if (t->kind == TAG_CLOSE) {
			n--;
			continue;
		}
		if (f->mode == FRAME_SKIP ||
		    (f->mode == FRAME_PARENT && t->kind != TAG_BLOCK)) {
			if (t->match != NONE)  /* ignore it with its content */
				st[n++] = (struct frame){ FRAME_SKIP, NULL,
							  f->dedent };
			continue;
		}
		switch (t->kind) {
		case TAG_VAR:
		case TAG_RAW:
			nd = add_node(ps, f, t->kind == TAG_VAR ? NODE_VAR :
				      NODE_RAW, t);
			split_name(ps, nd);
			break;
		case TAG_SECTION:
		case TAG_INVERTED:
			nd = add_node(ps, f, t->kind == TAG_SECTION ?
				      NODE_SECTION : NODE_INVERTED, t);
			split_name(ps, nd);
			st[n++] = (struct frame){ FRAME_NORMAL, &nd->kids,
						  f->dedent };
			break;
		case TAG_PARTIAL:
			nd = add_node(ps, f, NODE_PARTIAL, t);
			if (nd->dynamic)
				split_name(ps, nd);
			nd->standalone = t->ws_before && t->ws_after;
			if (nd->standalone)
				nd->indent = relative(lead_blanks(ps->src, t->bol),
						      f->dedent);
			break;
		case TAG_PARENT:
			nd = add_node(ps, f, NODE_PARENT, t);
			if (nd->dynamic)
				split_name(ps, nd);
			nd->standalone = t->standalone;
			if (nd->standalone)
				nd->indent = relative(lead_blanks(ps->src, t->bol),
						      f->dedent);
			st[n++] = (struct frame){ FRAME_PARENT, &nd->kids,
						  f->dedent };
			break;
		case TAG_BLOCK: {
			struct span ws = lead_blanks(ps->src, t->ind_at);
			nd = add_node(ps, f, NODE_BLOCK, t);
			nd->standalone = t->standalone;
			nd->indent = relative(ws, f->dedent);
			st[n++] = (struct frame){ FRAME_NORMAL, &nd->kids, ws };
			break;
		}
		default:                /* comments, set delimiters */
			break;
		}
	}
	emit_text(ps, &st[0], tp, ps->src.len, false);
	free(st);
}

/* Parses src into *root, nodes in arena a.  Returns 0, or -1 after
 * filing a diag. */
static int
parse(struct arena *a, struct diag_list *dl, struct span src,
      const char *path, struct node **root)
{
	struct parser ps = { src, path, dl, a, NULL, 0, 0 };
	int err;

	*root = NULL;
	if (!ps.src.p)
		ps.src = (struct span){ "", 0 };
	if ((err = scan(&ps)) < 0 || (err = pair(&ps)) < 0)
		goto out;
	cuts(&ps);
	build(&ps, root);
out:
	free(ps.tags);
	return err;
}

/* ------------------------------------------------------------------ */
/* The env: templates by name */

static size_t
hash_name(const char *s, size_t len)
{
	return (size_t)strmap_hash(s, len);
}

static void
env_insert(struct tpl_env *env, struct tpl *t)
{
	if (xmul(env->n + 1, 2) > env->cap) {
		size_t cap = env->cap ? xmul(env->cap, 2) : 64;
		struct tpl **slots = xcalloc(cap, sizeof(*slots));
		for (size_t i = 0; i < env->cap; i++) {
			struct tpl *o = env->slots[i];
			if (!o)
				continue;
			size_t j = o->hash & (cap - 1);
			while (slots[j])
				j = (j + 1) & (cap - 1);
			slots[j] = o;
		}
		free(env->slots);
		env->slots = slots;
		env->cap = cap;
	}
	size_t j = t->hash & (env->cap - 1);
	while (env->slots[j])
		j = (j + 1) & (env->cap - 1);
	env->slots[j] = t;
	env->n++;
}

/* The template called name[0..len), loaded and parsed on first use.
 * Never NULL: a name the loader does not know gives TPL_MISSING. */
static struct tpl *
env_get(struct tpl_env *env, const char *name, size_t len)
{
	size_t h = hash_name(name, len);

	if (env->cap) {
		size_t mask = env->cap - 1;
		for (size_t j = h & mask; env->slots[j]; j = (j + 1) & mask) {
			struct tpl *t = env->slots[j];
			if (t->hash == h && t->name_len == len &&
			    memcmp(t->name, name, len) == 0)
				return t;
		}
	}
	if (env->frozen)
		return &env->missing;   /* shared by threads: never insert */

	struct tpl *t = arena_new(&env->arena, struct tpl);
	t->name = arena_strndup(&env->arena, name, len);
	t->name_len = len;
	t->hash = h;
	t->state = TPL_MISSING;
	struct span src = { "", 0 };
	const char *path = NULL;
	if (env->load && !memchr(name, '\0', len) &&
	    env->load(env->payload, t->name, &src, &path) == 0)
		t->state = parse(&env->arena, env->dl, src,
				 path ? path : t->name, &t->root) < 0 ?
			   TPL_BROKEN : TPL_OK;
	env_insert(env, t);
	return t;
}

struct tpl_env *
tpl_env_new(tpl_load_fn load, void *payload, struct diag_list *dl)
{
	struct tpl_env *env = xcalloc(1, sizeof(*env));
	env->load = load;
	env->payload = payload;
	env->dl = dl;
	env->arena = (struct arena)ARENA_INIT;
	env->missing.state = TPL_MISSING;
	return env;
}

void
tpl_env_free(struct tpl_env *env)
{
	if (!env)
		return;
	arena_release(&env->arena);
	free(env->slots);
	free(env);
}

/* ------------------------------------------------------------------ */
/* Rendering */

/* The context stack, innermost first; lives on the C stack. */
struct ctx {
	const struct val *v;
	const struct ctx *up;
};

/* The parent tags being rendered, innermost first. */
struct ovr {
	const struct node *parent;
	const struct ovr *up;
};

struct render {
	struct tpl_env *env;
	struct diag_list *dl;     /* where render-time problems go */
	struct sbuf *out;
	struct sbuf ind;          /* indentation: ind.data[ind_off..ind.len) */
	size_t ind_off;
	unsigned depth;           /* levels of any kind */
	unsigned partials;        /* partials and parents among them */
	size_t steps;
	size_t out_limit;         /* out->len past which the render stops */
	int err;                  /* -1 once anything failed */
	bool stop;                /* a limit was hit: unwind without output */
	struct piece_rec *rec;    /* recording a piece, or NULL */
	const struct tpl_pieces *pieces;  /* to paste, or NULL */
	size_t pasted;            /* pieces pasted */
};

/* A value a piece printed from outside its item: the page's own value
 * is printed there at each paste. */
struct piece_hole {
	size_t at;                /* offset in the piece's bytes */
	const struct node *n;     /* the VAR or RAW tag */
};

/* A value a piece tested from outside its item (or found missing): the
 * page must give the same for the piece to be pasted. */
struct piece_need {
	const struct node *n;     /* the tag whose name was looked up */
	const struct val *v;      /* what was found, or NULL */
};

struct tpl_piece {
	const struct tpl *t;      /* the partial */
	const struct val *item;   /* the innermost value it was rendered with */
	const char *text;         /* its bytes, holes left out */
	size_t len;
	const struct piece_hole *holes;
	size_t n_holes;
	const struct piece_need *needs;
	size_t n_needs;
	size_t steps;             /* nodes the render visited */
	unsigned levels;          /* deepest level entered, 1-based */
	unsigned partial_levels;  /* the same, partials and parents only */
	bool blocks;              /* a block: an override could change it */
};

/* What tpl_piece_render() records while it renders. */
struct piece_rec {
	const struct ctx *outer;  /* the only frame outside the item */
	struct piece_hole *holes;
	size_t n_holes, cap_holes;
	struct piece_need *needs;
	size_t n_needs, cap_needs;
	unsigned levels, partial_levels;
	bool blocks;
};

/*
 * Numbers as people write them: integers without a decimal point, others
 * with the fewest digits that read back as the same double (1.21, not
 * 1.2099999999999999).
 */
static void
put_num(struct sbuf *out, double d)
{
	char buf[40];
	if (d >= -1e15 && d <= 1e15 && (double)(long long)d == d) {
		snprintf(buf, sizeof(buf), "%lld", (long long)d);
	} else {
		for (int prec = 15; prec <= 17; prec++) {
			snprintf(buf, sizeof(buf), "%.*g", prec, d);
			if (strtod(buf, NULL) == d)
				break;
		}
	}
	sbuf_puts(out, buf);
}

static void
put_val(struct sbuf *out, const struct val *v, bool escape)
{
	if (!v)
		return;
	switch (v->kind) {
	case VAL_STR:
		if (escape)
			escape_html(out, v->s, v->len);
		else
			sbuf_put(out, v->s, v->len);
		break;
	case VAL_NUM:
		put_num(out, v->num);
		break;
	case VAL_BOOL:
		sbuf_puts(out, v->b ? "true" : "false");
		break;
	default:
		break;
	}
}

/*
 * Resolves a dotted name: the first part is looked up from the innermost
 * context outwards, the rest only inside what the first part found
 * (so a broken chain resolves to nothing, never to an outer value).
 */
static const struct val *
lookup(const struct ctx *cx, const struct span *parts, size_t nparts)
{
	if (!nparts)
		return cx ? cx->v : NULL;
	const struct val *v = NULL;
	for (; cx && !v; cx = cx->up)
		v = val_getn(cx->v, parts[0].p, parts[0].len);
	for (size_t i = 1; v && i < nparts; i++)
		v = val_getn(v, parts[i].p, parts[i].len);
	return v;
}

/* The outermost override of block `name` among the parents rendered. */
static const struct node *
find_override(const struct ovr *ov, struct span name)
{
	const struct node *found = NULL;
	for (; ov; ov = ov->up)
		for (const struct node *b = ov->parent->kids; b; b = b->next)
			if (b->text.len == name.len &&
			    memcmp(b->text.p, name.p, name.len) == 0) {
				found = b;
				break;
			}
	return found;
}

static const char *
node_word(enum node_kind k)
{
	switch (k) {
	case NODE_PARTIAL:
		return "partial";
	case NODE_PARENT:
		return "parent";
	case NODE_BLOCK:
		return "block";
	default:
		return "section";
	}
}

static bool
is_include(const struct node *n)
{
	return n->kind == NODE_PARTIAL || n->kind == NODE_PARENT;
}

/* Counts one more level for n; false (after a diag) past a limit. */
static bool
enter(struct render *r, const struct node *n)
{
	int limit = 0;
	if (is_include(n) && r->partials >= TPL_MAX_DEPTH)
		limit = TPL_MAX_DEPTH;
	else if (r->depth >= TPL_MAX_NESTING)
		limit = TPL_MAX_NESTING;
	if (limit) {
		r->err = diag_error(r->dl, n->at, "template",
				    "%s \"%s%.*s\" nested deeper than %d levels",
				    node_word(n->kind), n->dynamic ? "*" : "",
				    (int)n->text.len, n->text.p, limit);
		if (is_include(n))
			diag_hint(r->dl, "a partial that includes itself "
				  "needs data that ends the recursion");
		r->stop = true;
		return false;
	}
	r->depth++;
	if (is_include(n))
		r->partials++;
	if (r->rec) {
		if (r->depth > r->rec->levels)
			r->rec->levels = r->depth;
		if (is_include(n) && r->partials > r->rec->partial_levels)
			r->rec->partial_levels = r->partials;
	}
	return true;
}

/* While recording a piece: whether the first part of n's name is found
 * in none of the frames the piece itself has (its item and the
 * sections inside it), so that a page may give it another value. */
static bool
from_outside(const struct render *r, const struct ctx *cx,
	     const struct node *n)
{
	if (!r->rec || !n->nparts)
		return false;
	for (; cx && cx != r->rec->outer; cx = cx->up)
		if (val_getn(cx->v, n->parts[0].p, n->parts[0].len))
			return false;
	return true;
}

/* Records that the piece tested n's value v, found outside it. */
static void
need(struct render *r, const struct node *n, const struct val *v)
{
	struct piece_rec *rec = r->rec;
	for (size_t i = 0; i < rec->n_needs; i++)
		if (rec->needs[i].n == n)
			return;      /* the same value every time: see above */
	void *p = rec->needs;
	xgrow(&p, &rec->cap_needs, rec->n_needs + 1, sizeof(*rec->needs));
	rec->needs = p;
	rec->needs[rec->n_needs++] = (struct piece_need){ n, v };
}

/* Records a hole where n's value, found outside the piece, is printed. */
static void
hole(struct render *r, const struct node *n)
{
	struct piece_rec *rec = r->rec;
	void *p = rec->holes;
	xgrow(&p, &rec->cap_holes, rec->n_holes + 1, sizeof(*rec->holes));
	rec->holes = p;
	rec->holes[rec->n_holes++] = (struct piece_hole){ r->out->len, n };
}

static void
leave(struct render *r, const struct node *n)
{
	r->depth--;
	if (is_include(n))
		r->partials--;
}

static size_t
push_indent(struct render *r, struct span add, bool reset, size_t *off)
{
	size_t len = r->ind.len;
	*off = r->ind_off;
	if (reset)
		r->ind_off = len;
	sbuf_putspan(&r->ind, add);
	return len;
}

static void
pop_indent(struct render *r, size_t len, size_t off)
{
	r->ind.len = len;
	if (r->ind.cap)
		r->ind.data[len] = '\0';
	r->ind_off = off;
}

static void
put_indent(struct render *r)
{
	if (r->ind.len > r->ind_off)
		sbuf_put(r->out, r->ind.data + r->ind_off,
			 r->ind.len - r->ind_off);
}

static void render_nodes(struct render *r, struct node *n,
			 const struct ctx *cx, const struct ovr *ov,
			 bool skip_line);
static const struct tpl_piece *pieces_find(const struct tpl_pieces *ps,
					   const struct tpl *t,
					   const struct val *item);
static bool paste(struct render *r, const struct node *n,
		  const struct tpl_piece *p, const struct ctx *cx,
		  const struct ovr *ov);

static void
render_section(struct render *r, struct node *n, const struct ctx *cx,
	       const struct ovr *ov)
{
	const struct val *v = lookup(cx, n->parts, n->nparts);
	bool truthy = val_truthy(v);
	if (from_outside(r, cx, n))
		need(r, n, v);

	if (n->kind == NODE_INVERTED) {
		if (!truthy && enter(r, n)) {
			render_nodes(r, n->kids, cx, ov, false);
			leave(r, n);
		}
		return;
	}
	if (!truthy || !enter(r, n))
		return;
	if (v->kind == VAL_LIST) {
		for (size_t i = 0; i < v->n && !r->stop; i++) {
			struct ctx item = { v->items[i], cx };
			r->steps++;
			render_nodes(r, n->kids, &item, ov, false);
		}
	} else {
		struct ctx top = { v, cx };
		render_nodes(r, n->kids, &top, ov, false);
	}
	leave(r, n);
}

static void
render_partial(struct render *r, struct node *n, const struct ctx *cx,
	       const struct ovr *ov)
{
	struct tpl *t;

	if (!n->dynamic) {
		/* cached on the node while one thread renders; once frozen
		 * the tree is shared and only read */
		t = n->target ? n->target
			      : env_get(r->env, n->text.p, n->text.len);
		if (!r->env->frozen)
			n->target = t;
	} else {
		/* the name's value is the template's name; a miss or a
		 * value that is not a string renders nothing */
		const struct val *v = lookup(cx, n->parts, n->nparts);
		if (from_outside(r, cx, n))
			need(r, n, v);
		if (!v || v->kind != VAL_STR || !v->len)
			return;
		t = env_get(r->env, v->s, v->len);
	}
	if (t->state == TPL_MISSING)
		return;
	if (t->state == TPL_BROKEN) {   /* its diag was filed when parsed */
		r->err = -1;
		return;
	}
	if (r->pieces && n->kind == NODE_PARTIAL && cx &&
	    paste(r, n, pieces_find(r->pieces, t, cx->v), cx, ov))
		return;
	if (!enter(r, n))
		return;
	size_t off, len = push_indent(r, n->indent, !n->standalone, &off);
	struct ovr frame = { n, ov };
	render_nodes(r, t->root, cx, n->kind == NODE_PARENT ? &frame : ov,
		     false);
	pop_indent(r, len, off);
	leave(r, n);
}

static void
render_block(struct render *r, struct node *n, const struct ctx *cx,
	     const struct ovr *ov)
{
	const struct node *o = find_override(ov, n->text);
	struct node *content = o ? o->kids : n->kids;
	if (r->rec)
		r->rec->blocks = true;
	if (!enter(r, n))
		return;
	size_t off, len = push_indent(r, n->indent, false, &off);
	/* A standalone block starts a line, which gets the indentation even
	 * when the content came from an inline {{$x}}...{{/x}}.  An inline
	 * block's first line continues the line it is on: its content's
	 * leading LINE node, if any, must not indent again. */
	if (n->standalone && content && content->kind != NODE_LINE)
		put_indent(r);
	render_nodes(r, content, cx, ov, !n->standalone);
	pop_indent(r, len, off);
	leave(r, n);
}

static void
render_nodes(struct render *r, struct node *n, const struct ctx *cx,
	     const struct ovr *ov, bool skip_line)
{
	if (skip_line && n && n->kind == NODE_LINE)
		n = n->next;
	for (; n && !r->stop; n = n->next) {
		if (++r->steps > TPL_MAX_STEPS) {
			r->err = diag_error(r->dl, n->at, "template",
					    "rendering took more than %d steps",
					    TPL_MAX_STEPS);
			diag_hint(r->dl, "look for partials that "
				  "include each other more than once");
			r->stop = true;
			return;
		}
		/* each node appends little (a line of text, a value, the
		 * indentation), so checking between nodes is enough */
		if (r->out->len > r->out_limit) {
			r->err = diag_error(r->dl, n->at, "template",
					    "rendering produced more than %d bytes",
					    TPL_MAX_OUTPUT);
			diag_hint(r->dl, "look for sections nested over "
				  "lists that repeat large text");
			r->stop = true;
			return;
		}
		switch (n->kind) {
		case NODE_TEXT:
			sbuf_putspan(r->out, n->text);
			break;
		case NODE_LINE:
			put_indent(r);
			break;
		case NODE_VAR:
		case NODE_RAW:
			if (from_outside(r, cx, n))
				hole(r, n);
			else
				put_val(r->out, lookup(cx, n->parts, n->nparts),
					n->kind == NODE_VAR);
			break;
		case NODE_SECTION:
		case NODE_INVERTED:
			render_section(r, n, cx, ov);
			break;
		case NODE_PARTIAL:
		case NODE_PARENT:
			render_partial(r, n, cx, ov);
			break;
		case NODE_BLOCK:
			render_block(r, n, cx, ov);
			break;
		}
	}
}

static int
render_root(struct tpl_env *env, struct node *root, const struct val *ctx,
	    const struct tpl_pieces *ps, size_t *pasted, struct sbuf *out,
	    struct diag_list *dl)
{
	struct render r = { .env = env, .dl = dl, .out = out, .ind = SBUF_INIT,
			    .out_limit = out->len + TPL_MAX_OUTPUT,
			    .pieces = ps };
	struct ctx top = { ctx, NULL };

	render_nodes(&r, root, ctx ? &top : NULL, NULL, false);
	sbuf_release(&r.ind);
	if (pasted)
		*pasted += r.pasted;
	return r.err;
}

int
tpl_render_pieces(struct tpl_env *env, const char *name,
		  const struct val *ctx, const struct tpl_pieces *ps,
		  size_t *pasted, struct sbuf *out, struct diag_list *dl)
{
	struct tpl *t = env_get(env, name, strlen(name));

	if (t->state == TPL_MISSING)
		return diag_error(dl, (struct pos){ NULL, 0, 0 },
				  "template", "unknown template \"%s\"", name);
	if (t->state == TPL_BROKEN)
		return -1;
	return render_root(env, t->root, ctx, ps, pasted, out, dl);
}

int
tpl_render_into(struct tpl_env *env, const char *name, const struct val *ctx,
		struct sbuf *out, struct diag_list *dl)
{
	return tpl_render_pieces(env, name, ctx, NULL, NULL, out, dl);
}

int
tpl_render(struct tpl_env *env, const char *name, const struct val *ctx,
	   struct sbuf *out)
{
	return tpl_render_into(env, name, ctx, out, env->dl);
}

void
tpl_freeze(struct tpl_env *env)
{
	env->frozen = true;
}

int
tpl_compile(struct tpl_env *env, const char *name)
{
	struct tpl *t = env_get(env, name, strlen(name));
	if (t->state == TPL_MISSING)
		return diag_error(env->dl, (struct pos){ NULL, 0, 0 },
				  "template", "unknown template \"%s\"", name);
	return t->state == TPL_BROKEN ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Pieces */

/* Whether a section, an inverted section or a dynamic name renders the
 * same with b as with a: the same value, or equal scalars. */
static bool
same_val(const struct val *a, const struct val *b)
{
	if (a == b)
		return true;
	if (!a || !b || a->kind != b->kind)
		return false;
	switch (a->kind) {
	case VAL_NULL:
		return true;
	case VAL_BOOL:
		return a->b == b->b;
	case VAL_NUM:
		return a->num == b->num;
	case VAL_STR:
		return a->len == b->len && !memcmp(a->s, b->s, a->len);
	default:
		return false;     /* lists and maps: only the same one */
	}
}

/*
 * Pastes piece p where partial tag n renders with cx, or returns false
 * (nothing appended) where the partial must be rendered instead: no
 * piece, an indentation or override the piece was not rendered with, a
 * condition the page does not meet, or a limit the render could reach
 * inside it (rendering then reports it at the exact tag).
 */
static bool
paste(struct render *r, const struct node *n, const struct tpl_piece *p,
      const struct ctx *cx, const struct ovr *ov)
{
	if (!p || n->indent.len || (n->standalone && r->ind.len > r->ind_off))
		return false;
	if (p->blocks && ov)
		return false;
	if (r->depth + 1 + p->levels > TPL_MAX_NESTING ||
	    r->partials + 1 + p->partial_levels > TPL_MAX_DEPTH ||
	    p->steps > TPL_MAX_STEPS - r->steps)
		return false;
	for (size_t i = 0; i < p->n_needs; i++) {
		const struct node *k = p->needs[i].n;
		if (!same_val(lookup(cx, k->parts, k->nparts), p->needs[i].v))
			return false;
	}
	size_t start = r->out->len, from = 0;
	for (size_t i = 0; i < p->n_holes; i++) {
		const struct piece_hole *h = &p->holes[i];
		sbuf_put(r->out, p->text + from, h->at - from);
		put_val(r->out, lookup(cx, h->n->parts, h->n->nparts),
			h->n->kind == NODE_VAR);
		from = h->at;
	}
	sbuf_put(r->out, p->text + from, p->len - from);
	if (r->out->len > r->out_limit) {
		r->out->len = start;
		r->out->data[start] = '\0';
		return false;
	}
	r->steps += p->steps;
	r->pasted++;
	return true;
}

struct tpl_piece *
tpl_piece_render(struct tpl_env *env, const char *name,
		 const struct val *outer, const struct val *item,
		 struct arena *a)
{
	struct tpl *t = env_get(env, name, strlen(name));
	if (t->state != TPL_OK)
		return NULL;
	struct sbuf out = SBUF_INIT;
	struct diag_list dl = DIAG_LIST_INIT;
	struct piece_rec rec = { 0 };
	struct ctx top = { outer, NULL };
	struct ctx in = { item, outer ? &top : NULL };
	rec.outer = outer ? &top : NULL;
	struct render r = { .env = env, .dl = &dl, .out = &out,
			    .ind = SBUF_INIT, .out_limit = TPL_MAX_OUTPUT,
			    .rec = &rec };
	render_nodes(&r, t->root, &in, NULL, false);

	struct tpl_piece *p = NULL;
	if (!r.err && !r.stop) {
		p = arena_alloc(a, sizeof(*p));
		*p = (struct tpl_piece){
			.t = t, .item = item, .len = out.len,
			.text = arena_strndup(a, out.data ? out.data : "",
					      out.len),
			.n_holes = rec.n_holes, .n_needs = rec.n_needs,
			.steps = r.steps, .levels = rec.levels,
			.partial_levels = rec.partial_levels,
			.blocks = rec.blocks,
		};
		struct piece_hole *h = arena_array(a, rec.n_holes, sizeof(*h));
		if (rec.n_holes)
			memcpy(h, rec.holes, rec.n_holes * sizeof(*h));
		struct piece_need *nd = arena_array(a, rec.n_needs,
						    sizeof(*nd));
		if (rec.n_needs)
			memcpy(nd, rec.needs, rec.n_needs * sizeof(*nd));
		p->holes = h;
		p->needs = nd;
	}
	free(rec.holes);
	free(rec.needs);
	sbuf_release(&r.ind);
	sbuf_release(&out);
	diag_list_release(&dl);
	return p;
}

/* Open addressing by partial and item, a power of 2 slots. */
struct tpl_pieces {
	const struct tpl_piece **slot;
	size_t cap, n;
};

static size_t
piece_hash(const struct tpl *t, const struct val *item)
{
	uint64_t h = (uint64_t)(uintptr_t)item * 0x9e3779b97f4a7c15u;
	h ^= (uint64_t)(uintptr_t)t * 0xc2b2ae3d27d4eb4fu;
	return (size_t)(h ^ (h >> 29));
}

struct tpl_pieces *
tpl_pieces_new(void)
{
	return xcalloc(1, sizeof(struct tpl_pieces));
}

static void
pieces_put(struct tpl_pieces *ps, const struct tpl_piece *p)
{
	size_t mask = ps->cap - 1;
	size_t s = piece_hash(p->t, p->item) & mask;
	while (ps->slot[s] && (ps->slot[s]->t != p->t ||
			       ps->slot[s]->item != p->item))
		s = (s + 1) & mask;
	if (!ps->slot[s])
		ps->n++;
	ps->slot[s] = p;
}

void
tpl_pieces_add(struct tpl_pieces *ps, const struct tpl_piece *p)
{
	if (!p)
		return;
	if ((ps->n + 1) * 2 > ps->cap) {
		struct tpl_pieces bigger = { 0 };
		bigger.cap = ps->cap ? ps->cap * 2 : 64;
		bigger.slot = xcalloc(bigger.cap, sizeof(*bigger.slot));
		for (size_t i = 0; i < ps->cap; i++)
			if (ps->slot[i])
				pieces_put(&bigger, ps->slot[i]);
		free(ps->slot);
		*ps = bigger;
	}
	pieces_put(ps, p);
}

static const struct tpl_piece *
pieces_find(const struct tpl_pieces *ps, const struct tpl *t,
	    const struct val *item)
{
	if (!ps->cap)
		return NULL;
	size_t mask = ps->cap - 1;
	for (size_t s = piece_hash(t, item) & mask; ps->slot[s];
	     s = (s + 1) & mask)
		if (ps->slot[s]->t == t && ps->slot[s]->item == item)
			return ps->slot[s];
	return NULL;
}

size_t
tpl_pieces_count(const struct tpl_pieces *ps)
{
	return ps ? ps->n : 0;
}

void
tpl_pieces_free(struct tpl_pieces *ps)
{
	if (!ps)
		return;
	free(ps->slot);
	free(ps);
}
