/*
 * fmt.c - ocop fmt: canonical form of content entries, on disk.
 *
 * One file (fmt_text) goes through these texts and parses:
 *
 *   P0 = parse(src)        any error: refuse, the file is left alone
 *   t1 = NFC(src), with LF line ends, front-matter lines trimmed on the
 *        right (except inside block scalars, and after a backslash)
 *        and one final newline
 *   P1 = parse(t1)         positions for the edits below
 *   t2 = t1 with the top-level name value trimmed
 *   t3 = t2 with the top-level blocks in canonical order
 *   P3 = parse(t3)         must mean what P0 means, else t2 is tried
 *                          (with a note) and must, else refuse
 *
 * No step adds or removes a line break in the front matter (NFC never
 * composes with '\n', CRLF → LF keeps the '\n', and only newlines at the
 * very end of the body are dropped), so a line number means the same
 * line in src, t1, t2 and t3: line numbers of P0 and P1 serve every
 * text.  Columns count code points and NFC changes them, which is why
 * the name edit uses P1, the parse of the text it edits.
 *
 * A top-level block is the key's line through the line before the next
 * block; the run of blank lines and comment lines ('#' in column 1)
 * directly above a key belongs to that key.  Lines above the first key
 * are a header that stays on top, except that when they hold a blank
 * line, the comments after the last blank line belong to the first key.
 * Blocks are moved only when every top-level key starts a line in
 * column 1, the header holds nothing but comments and blank lines (so
 * the head is a block mapping, not a flow mapping) and there is no
 * anchor or alias anywhere: moving a block then moves whole lines of a
 * single field and nothing else.  "Means the same" is checked anyway.
 *
 * Meaning: same top-level keys (in any order) and, below them, the same
 * tree in the same order: same kinds, tags, plain-or-not styles and
 * scalar texts, compared after NFC; the top-level name may also lose
 * leading and trailing spaces and tabs.  Comments and blank lines are
 * not meaning, but no step drops a front-matter line, so they all
 * survive; only blank lines at the very end of the story go.
 */
#include "fmt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>
#include <yaml.h>

#include "../parse/fm.h"
#include "../model/entry.h"
#include "../model/path.h"
#include "../util/file.h"
#include "../util/msg.h"
#include "../util/utf8.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

enum {
	MAX_FOLDER_DEPTH = 100,  /* below the folder being walked */
	UNKNOWN_RANK = 64,       /* above any index in the key lists */
};

/* The order of the fields, by the kind of entry. */
static const char *const *const kind_keys[ENTRY_KINDS] = {
	[ENTRY_PRODUCT] = entry_product_fields,
	[ENTRY_PRODUCER] = entry_producer_fields,
	[ENTRY_POS] = entry_pos_fields,
	[ENTRY_PAGE] = entry_page_fields,
};

/* Why the fields were left in their order. */
enum order {
	ORDER_MOVED,            /* t3 holds the canonical order */
	ORDER_SAME,             /* already canonical (or fewer than 2 keys) */
	ORDER_UNKNOWN_KIND,     /* not under content/<kind>/ */
	ORDER_ANCHORS,          /* & or * somewhere in the front matter */
	ORDER_LAYOUT,           /* a key not in column 1, or a flow mapping */
	ORDER_MEANING,          /* moving changed the meaning: t2 was kept */
};

/* One line of a text: p[0..len) without its '\n'. */
struct line {
	const char *p;
	size_t len;
	bool nl;                /* followed by '\n' */
};

struct text {
	struct line *v;         /* arena; v[0] is line 1 */
	size_t n;
};

/* ------------------------------------------------------------------ */
/* Lines                                                              */
/* ------------------------------------------------------------------ */

static struct text
split_lines(struct arena *a, struct span t)
{
	size_t n = 1;
	for (size_t i = 0; i < t.len; i++)
		n += t.p[i] == '\n';
	struct text tx = { arena_array(a, n, sizeof(struct line)), 0 };
	size_t start = 0;
	for (size_t i = 0; i < t.len; i++)
		if (t.p[i] == '\n') {
			tx.v[tx.n++] = (struct line){ t.p + start, i - start, true };
			start = i + 1;
		}
	if (start < t.len)
		tx.v[tx.n++] = (struct line){ t.p + start, t.len - start, false };
	return tx;
}

/* Line ln (1-based); an empty line past the end. */
static struct line
line_at(const struct text *tx, unsigned ln)
{
	if (ln == 0 || ln > tx->n)
		return (struct line){ "", 0, false };
	return tx->v[ln - 1];
}

static void
put_line(struct sbuf *sb, struct line l)
{
	sbuf_put(sb, l.p, l.len);
	if (l.nl)
		sbuf_putc(sb, '\n');
}

/* Lines from..to-1 (1-based). */
static void
put_lines(struct sbuf *sb, const struct text *tx, unsigned from, unsigned to)
{
	for (unsigned ln = from; ln < to && ln <= tx->n; ln++)
		put_line(sb, tx->v[ln - 1]);
}

/* The byte offset of column col (1-based, in code points) in l. */
static size_t
col_off(struct line l, unsigned col)
{
	size_t off = 0;
	for (unsigned c = 1; c < col && off < l.len; c++) {
		uint32_t cp;
		int k = utf8_next((const unsigned char *)l.p + off, l.len - off,
				  &cp);
		off += k > 0 ? (size_t)k : 1;
	}
	return off;
}

static bool
is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool
is_blank(struct line l)
{
	for (size_t i = 0; i < l.len; i++)
		if (l.p[i] != ' ' && l.p[i] != '\t' && l.p[i] != '\r')
			return false;
	return true;
}

/* A line that travels with the key below it: blank, or a comment
 * starting in column 1. */
static bool
is_movable(struct line l)
{
	return is_blank(l) || l.p[0] == '#';
}

/* ------------------------------------------------------------------ */
/* Step 2: line ends and trailing spaces                              */
/* ------------------------------------------------------------------ */

/* Every node of the tree, keys included (an alias target once per
 * reference).  Recursion is bounded by FM_MAX_DEPTH. */
struct nodes {
	const struct fm_node **v;
	size_t n, cap;
};

static void
collect(struct nodes *ns, const struct fm_node *node)
{
	void *v = ns->v;
	xgrow(&v, &ns->cap, ns->n + 1, sizeof(*ns->v));
	ns->v = v;
	ns->v[ns->n++] = node;
	if (node->kind == FM_MAP)
		for (size_t i = 0; i < node->n; i++) {
			collect(ns, node->pairs[i].key);
			collect(ns, node->pairs[i].value);
		}
	else if (node->kind == FM_SEQ)
		for (size_t i = 0; i < node->n; i++)
			collect(ns, node->items[i]);
}

static int
cmp_unsigned(const void *x, const void *y)
{
	unsigned a = *(const unsigned *)x, b = *(const unsigned *)y;
	return a < b ? -1 : a > b;
}

/*
 * The lines whose trailing spaces are text: those that may belong to a
 * block scalar (| or >, or any non-plain scalar not written with
 * quotes, such as one with a tag before it).  Such a scalar's lines are
 * the ones after its indicator, up to the next node or the first line
 * that starts in column 1 (block scalar text is always indented here,
 * since the front matter is a mapping).  Returns an arena array
 * indexed by line number, of fence + 1 entries.
 */
static bool *
block_scalar_lines(struct arena *a, const struct fm_node *root,
		   const struct text *tx, unsigned fence)
{
	bool *keep = arena_array(a, (size_t)fence + 1, sizeof(bool));
	struct nodes ns = { NULL, 0, 0 };
	collect(&ns, root);
	unsigned *starts = xcalloc(ns.n, sizeof(unsigned));
	for (size_t i = 0; i < ns.n; i++)
		starts[i] = ns.v[i]->at.line;
	qsort(starts, ns.n, sizeof(*starts), cmp_unsigned);

	for (size_t i = 0; i < ns.n; i++) {
		const struct fm_node *s = ns.v[i];
		unsigned ln = s->at.line;
		if (s->kind != FM_SCALAR || s->plain || ln < 2 || ln >= fence)
			continue;
		struct line l = line_at(tx, ln);
		size_t off = col_off(l, s->at.col);
		if (off < l.len && (l.p[off] == '"' || l.p[off] == '\''))
			continue;
		/* the first node start after line ln, by binary search */
		size_t lo = 0, hi = ns.n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (starts[mid] <= ln)
				lo = mid + 1;
			else
				hi = mid;
		}
		unsigned next = lo < ns.n && starts[lo] < fence ? starts[lo] : fence;
		for (unsigned k = ln + 1; k < next; k++) {
			struct line lk = line_at(tx, k);
			if (lk.len && lk.p[0] != ' ' && lk.p[0] != '\t' &&
			    lk.p[0] != '\r')
				break;
			keep[k] = true;
		}
	}
	free(starts);
	free(ns.v);
	return keep;
}

/*
 * t1: CRLF → LF everywhere; trailing spaces and tabs off the front-matter
 * lines (fences included) except those in keep; exactly one newline at
 * the end.  Body lines are otherwise copied as they are.
 */
static void
normalize(struct sbuf *out, const struct text *tx, unsigned fence,
	  const bool *keep)
{
	for (unsigned ln = 1; ln <= tx->n; ln++) {
		struct line l = tx->v[ln - 1];
		if (l.nl && l.len && l.p[l.len - 1] == '\r')
			l.len--;
		size_t len = l.len;
		if (ln <= fence && !keep[ln])
			while (len && is_space(l.p[len - 1]))
				len--;
		/* "\ " at the end of a line in double quotes is a space
		 * that is text, and "\" alone would escape the line break */
		if (len < l.len && !(len && l.p[len - 1] == '\\'))
			l.len = len;
		put_line(out, l);
	}
	size_t len = out->len;
	while (len && out->data[len - 1] == '\n')
		len--;
	out->len = len;
	if (out->cap)
		out->data[len] = '\0';
	sbuf_putc(out, '\n');
}

/* ------------------------------------------------------------------ */
/* Step 4: the name                                                   */
/* ------------------------------------------------------------------ */

/* The offset of the quote closing the one at l.p[open], or 0 when it is
 * not on this line. */
static size_t
closing_quote(struct line l, size_t open)
{
	char q = l.p[open];
	for (size_t i = open + 1; i < l.len; i++) {
		if (q == '"' && l.p[i] == '\\') {
			i++;
		} else if (l.p[i] == q) {
			if (q == '\'' && i + 1 < l.len && l.p[i + 1] == '\'')
				i++;            /* '' is a quote inside '...' */
			else
				return i;
		}
	}
	return 0;
}

/* True when the plain scalar v, starting at l.p[off], ends on this line
 * (possibly before a comment). */
static bool
plain_on_one_line(struct line l, size_t off, const struct fm_node *v)
{
	size_t end = off;
	while (end < l.len && !(l.p[end] == '#' && end > off &&
				is_space(l.p[end - 1])))
		end++;
	while (end > off && is_space(l.p[end - 1]))
		end--;
	return end - off == v->len && !memcmp(l.p + off, v->str, v->len);
}

/*
 * The name line rewritten: one space after the colon, and for a quoted
 * value no spaces or tabs just inside the quotes.  Returns false (and
 * leaves sb alone) when there is nothing to do or nothing safe to do:
 * the value is not on the key's line, spans lines, is empty, or starts
 * with a tag, an anchor, an alias or a block indicator.
 */
static bool
trimmed_name_line(struct sbuf *sb, struct line l, const struct fm_node *key,
		  const struct fm_node *v)
{
	if (v->kind != FM_SCALAR || v->at.line != key->at.line)
		return false;
	size_t koff = col_off(l, key->at.col), voff = col_off(l, v->at.col);
	size_t colon = voff;
	while (colon > koff && l.p[colon - 1] != ':')
		colon--;
	if (colon == koff || voff >= l.len)
		return false;
	for (size_t i = colon; i < voff; i++)
		if (!is_space(l.p[i]))
			return false;
	char q = l.p[voff];
	size_t from = voff, to = l.len, close = 0;
	if (q == '"' || q == '\'') {
		if (!(close = closing_quote(l, voff)))
			return false;
		from = voff + 1;
		to = close;
		while (from < to && is_space(l.p[from]))
			from++;
		while (to > from && is_space(l.p[to - 1]))
			to--;
		if (q == '"' && to > from && l.p[to - 1] == '\\')
			to = close;         /* that space was escaped: "\ " */
		if (voff - colon == 1 && l.p[colon] == ' ' &&
		    from == voff + 1 && to == close)
			return false;
	} else {
		if (strchr("|>!&*", q) || !v->plain || !v->len ||
		    !plain_on_one_line(l, voff, v))
			return false;
		if (voff - colon == 1 && l.p[colon] == ' ')
			return false;
	}
	sbuf_put(sb, l.p, colon);
	sbuf_putc(sb, ' ');
	if (close) {
		sbuf_putc(sb, q);
		sbuf_put(sb, l.p + from, to - from);
		sbuf_put(sb, l.p + close, l.len - close);
	} else {
		sbuf_put(sb, l.p + voff, l.len - voff);
	}
	if (l.nl)
		sbuf_putc(sb, '\n');
	return true;
}

/* t2: t1 with its top-level name line trimmed (P1 gives positions). */
static void
trim_name(struct sbuf *out, const struct text *tx, const struct fm_node *root)
{
	const struct fm_pair *name = NULL;
	for (size_t i = 0; i < root->n && !name; i++)
		if (!strcmp(root->pairs[i].key->str, "name"))
			name = &root->pairs[i];
	for (unsigned ln = 1; ln <= tx->n; ln++)
		if (!name || ln != name->key->at.line ||
		    !trimmed_name_line(out, tx->v[ln - 1], name->key, name->value))
			put_line(out, tx->v[ln - 1]);
}

/* ------------------------------------------------------------------ */
/* Step 3: key order                                                  */
/* ------------------------------------------------------------------ */

static size_t
key_rank(const char *const *keys, const struct fm_node *key, size_t i)
{
	for (size_t k = 0; keys[k]; k++)
		if (!strcmp(keys[k], key->str))
			return k;
	return UNKNOWN_RANK + i;
}

/* True when the YAML text p[0..len) has an anchor or an alias (or
 * cannot be read, which here means the same: do not move anything). */
static bool
has_anchors(const char *p, size_t len)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	bool found = false, done = false;

	if (!yaml_parser_initialize(&parser))
		return true;
	yaml_parser_set_input_string(&parser, (const unsigned char *)p, len);
	while (!found && !done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			found = true;
			break;
		}
		switch (ev.type) {
		case YAML_ALIAS_EVENT:
			found = true;
			break;
		case YAML_SCALAR_EVENT:
			found = ev.data.scalar.anchor != NULL;
			break;
		case YAML_SEQUENCE_START_EVENT:
			found = ev.data.sequence_start.anchor != NULL;
			break;
		case YAML_MAPPING_START_EVENT:
			found = ev.data.mapping_start.anchor != NULL;
			break;
		case YAML_STREAM_END_EVENT:
		case YAML_NO_EVENT:
			done = true;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	return found;
}

/*
 * t3: t2 (lines tx, top-level keys from P1's root) with its blocks in
 * canonical order.  Returns ORDER_MOVED when out holds t3; otherwise
 * out is untouched and the result says why, with *line the line to
 * point at (0: the whole file).
 */
static enum order
reorder(struct sbuf *out, const struct text *tx, unsigned fence,
	const struct fm_node *root, const char *const *keys, struct arena *a,
	unsigned *line)
{
	size_t n = root->n;
	*line = 0;
	bool canonical = true;
	for (size_t i = 1; i < n; i++)
		if (key_rank(keys, root->pairs[i].key, i) <
		    key_rank(keys, root->pairs[i - 1].key, i - 1))
			canonical = false;
	if (canonical)
		return ORDER_SAME;

	/* the head is lines 2..fence-1, contiguous in t2 */
	const char *head = line_at(tx, 2).p, *end = line_at(tx, fence).p;
	if (has_anchors(head, (size_t)(end - head)))
		return ORDER_ANCHORS;
	for (size_t i = 0; i < n; i++) {
		const struct fm_node *k = root->pairs[i].key;
		if (k->at.col != 1 ||
		    (i && k->at.line <= root->pairs[i - 1].key->at.line)) {
			*line = k->at.line;
			return ORDER_LAYOUT;
		}
	}
	unsigned k0 = root->pairs[0].key->at.line, header_end = k0;
	bool blank_seen = false;
	for (unsigned ln = 2; ln < k0; ln++) {
		struct line l = line_at(tx, ln);
		if (!is_movable(l)) {
			*line = ln;         /* "{" of a flow mapping, say */
			return ORDER_LAYOUT;
		}
		if (is_blank(l)) {
			blank_seen = true;
			header_end = ln + 1;
		}
	}
	if (!blank_seen)
		header_end = k0;

	/* block i is lines start[i]..start[i+1]-1 */
	unsigned *start = arena_array(a, n + 1, sizeof(unsigned));
	start[0] = header_end;
	for (size_t i = 1; i < n; i++) {
		unsigned prev = root->pairs[i - 1].key->at.line;
		unsigned s = root->pairs[i].key->at.line;
		while (s - 1 > prev && is_movable(line_at(tx, s - 1)))
			s--;
		start[i] = s;
	}
	start[n] = fence;

	/* a stable insertion sort of the block indices by rank */
	size_t *order = arena_array(a, n, sizeof(size_t));
	for (size_t i = 0; i < n; i++) {
		size_t r = key_rank(keys, root->pairs[i].key, i), j = i;
		for (; j > 0 && key_rank(keys, root->pairs[order[j - 1]].key,
					 order[j - 1]) > r; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	put_lines(out, tx, 1, header_end);
	for (size_t i = 0; i < n; i++)
		put_lines(out, tx, start[order[i]], start[order[i] + 1]);
	put_lines(out, tx, fence, (unsigned)tx->n + 1);
	return ORDER_MOVED;
}

/* ------------------------------------------------------------------ */
/* Same meaning                                                       */
/* ------------------------------------------------------------------ */

static char *
nfc(const char *s)
{
	return (char *)utf8proc_NFC((const utf8proc_uint8_t *)s);
}

/* s[0..*len) without spaces and tabs at either end. */
static const char *
trim(const char *s, size_t *len)
{
	while (*len && is_space(*s))
		s++, (*len)--;
	while (*len && is_space(s[*len - 1]))
		(*len)--;
	return s;
}

/* a and b are the same text after NFC, or with trimmed, the same once
 * both have lost their spaces and tabs at either end. */
static bool
same_text(const char *a, const char *b, bool trimmed)
{
	if (!strcmp(a, b))
		return true;
	char *na = nfc(a), *nb = nfc(b);
	bool eq = false;
	if (na && nb) {
		size_t la = strlen(na), lb = strlen(nb);
		const char *pa = na, *pb = nb;
		if (trimmed) {
			pa = trim(na, &la);
			pb = trim(nb, &lb);
		}
		eq = la == lb && !memcmp(pa, pb, la);
	}
	free(na);
	free(nb);
	return eq;
}

static bool
same_node(const struct fm_node *a, const struct fm_node *b)
{
	if (a->kind != b->kind || a->n != b->n)
		return false;
	switch (a->kind) {
	case FM_SCALAR:
		return a->plain == b->plain &&
		       (a->tag ? b->tag && !strcmp(a->tag, b->tag) : !b->tag) &&
		       same_text(a->str, b->str, false);
	case FM_SEQ:
		for (size_t i = 0; i < a->n; i++)
			if (!same_node(a->items[i], b->items[i]))
				return false;
		return true;
	case FM_MAP:
		for (size_t i = 0; i < a->n; i++)
			if (!same_text(a->pairs[i].key->str, b->pairs[i].key->str,
				       false) ||
			    !same_node(a->pairs[i].value, b->pairs[i].value))
				return false;
		return true;
	}
	return false;
}

/*
 * True when root t (formatted) means what root o (original) means: the
 * same top-level keys in any order, each with the same value; a scalar
 * name may have lost spaces at its ends.  Otherwise *bad is o's key whose
 * value differs, or NULL when the keys themselves differ.
 */
static bool
same_root(const struct fm_node *o, const struct fm_node *t,
	  const struct fm_node **bad)
{
	*bad = NULL;
	if (o->n != t->n)
		return false;
	for (size_t i = 0; i < o->n; i++) {
		const struct fm_pair *op = &o->pairs[i], *tp = NULL;
		for (size_t j = 0; j < t->n && !tp; j++)
			if (same_text(op->key->str, t->pairs[j].key->str, false))
				tp = &t->pairs[j];
		if (!tp)
			return false;
		const struct fm_node *a = op->value, *b = tp->value;
		bool same = same_node(a, b);
		if (!same && !strcmp(op->key->str, "name") &&
		    a->kind == FM_SCALAR && b->kind == FM_SCALAR &&
		    a->plain == b->plain &&
		    (a->tag ? b->tag && !strcmp(a->tag, b->tag) : !b->tag))
			same = same_text(a->str, b->str, true);
		if (!same) {
			*bad = op->key;
			return false;
		}
	}
	return true;
}

/*
 * Parses the candidate text t and checks that it means what d0 means and
 * that its body is body, byte for byte.  Returns true when it does;
 * otherwise *bad is as for same_root().
 */
static bool
same_meaning(const struct fm_doc *d0, struct span body, struct span t,
	     const char *path, struct arena *a, const struct fm_node **bad)
{
	struct diag_list scratch = DIAG_LIST_INIT;
	struct fm_doc d;
	*bad = NULL;
	bool ok = fm_parse(&d, path, t, a, &scratch) == 0 && d.root &&
		  d.body_line == d0->body_line && d.body.len == body.len &&
		  !memcmp(d.body.p, body.p, body.len) &&
		  same_root(d0->root, d.root, bad);
	diag_list_release(&scratch);
	return ok;
}

/* ------------------------------------------------------------------ */
/* One text                                                           */
/* ------------------------------------------------------------------ */

static void
note_order(struct diag_list *dl, const char *path, enum order why,
	   unsigned line)
{
	struct pos at = { path, line, line ? 1 : 0 };
	switch (why) {
	case ORDER_UNKNOWN_KIND:
		diag_warning(dl, at, "fmt", "fields left in their order: the file is not in content/products/, producers/, points-of-sale/ or pages/");
		break;
	case ORDER_ANCHORS:
		diag_warning(dl, at, "fmt", "fields left in their order: the front matter uses anchors or aliases (& or *)");
		break;
	case ORDER_LAYOUT:
		diag_warning(dl, at, "fmt", "fields left in their order: each top-level field must start its own line, in the first column");
		break;
	case ORDER_MEANING:
		diag_warning(dl, at, "fmt", "fields left in their order: moving them would change a value (such as a |+ text that keeps its last blank lines)");
		break;
	case ORDER_MOVED:
	case ORDER_SAME:
		break;
	}
}

int
fmt_text(struct sbuf *out, const char *path, struct span src,
	 enum entry_kind kind, struct arena *a, struct diag_list *dl)
{
	struct fm_doc d0, d1;
	struct pos whole = { path, 0, 0 };

	if (fm_parse(&d0, path, src, a, dl) < 0)
		return -1;
	if (!d0.root)
		return diag_error(dl, (struct pos){ path, 1, 1 }, "fmt",
				  "the file has no front matter to format: it must start with a line \"---\"");
	unsigned fence = d0.body_line - 1;   /* the closing '---' */

	/* 1. NFC; fm_parse has checked the UTF-8 and that there is no NUL */
	char *z = nfc(arena_strndup(a, src.p, src.len));
	if (!z)
		return diag_error(dl, whole, "fmt",
				  "not formatted: the text cannot be put in Unicode NFC");
	/* 2. line ends and trailing spaces; P0's columns are src's */
	struct text ts = split_lines(a, src);
	struct text t0 = split_lines(a, (struct span){ z, strlen(z) });
	struct sbuf t1 = SBUF_INIT, t2 = SBUF_INIT, t3 = SBUF_INIT;
	normalize(&t1, &t0, fence, block_scalar_lines(a, d0.root, &ts, fence));
	free(z);

	int err = -1;
	struct diag_list scratch = DIAG_LIST_INIT;
	if (fm_parse(&d1, path, sbuf_span(&t1), a, &scratch) < 0 || !d1.root ||
	    d1.body_line != d0.body_line) {
		diag_error(dl, whole, "fmt", "not formatted: the canonical form would not read back the same");
		diag_hint(dl, "this is a bug in ocop fmt: please report it with this file");
		goto out;
	}
	/* 4. the name, then 3. the order (neither changes a line break) */
	struct text tx1 = split_lines(a, sbuf_span(&t1));
	trim_name(&t2, &tx1, d1.root);
	struct text tx2 = split_lines(a, sbuf_span(&t2));
	const char *const *keys = kind < ENTRY_KINDS ? kind_keys[kind] : NULL;
	unsigned line = 0;
	enum order why = ORDER_UNKNOWN_KIND;
	if (keys)
		why = reorder(&t3, &tx2, fence, d1.root, keys, a, &line);
	else if (d1.root->n < 2)
		why = ORDER_SAME;

	const struct fm_node *bad = NULL;
	const struct sbuf *result = why == ORDER_MOVED ? &t3 : &t2;
	bool same = same_meaning(&d0, d1.body, sbuf_span(result), path, a, &bad);
	if (!same && why == ORDER_MOVED) {
		why = ORDER_MEANING;
		result = &t2;
		same = same_meaning(&d0, d1.body, sbuf_span(result), path, a,
				    &bad);
	}
	if (!same) {
		if (bad)
			diag_error(dl, bad->at, "fmt", "not formatted: the canonical form would change the value of \"%s\"",
				   bad->str);
		else
			diag_error(dl, whole, "fmt", "not formatted: the canonical form would not read back the same");
		diag_hint(dl, "this is a bug in ocop fmt: please report it with this file");
		goto out;
	}
	note_order(dl, path, why, line);
	sbuf_put(out, result->data, result->len);
	err = 0;
out:
	diag_list_release(&scratch);
	sbuf_release(&t1);
	sbuf_release(&t2);
	sbuf_release(&t3);
	return err;
}

/* ------------------------------------------------------------------ */
/* Files                                                              */
/* ------------------------------------------------------------------ */

struct run {
	const struct fmt_options *o;
	struct fmt_result *res;
	struct arena *a;
	struct diag_list *dl;
	bool sys_error;         /* an "io" diag was filed: EXIT_SYSTEM */
};

/* What could not be done to a file: one literal message each, so that
 * msg.c translates them. */
enum io_what { IO_READ_FILE, IO_READ_FOLDER, IO_WRITE_TEMP, IO_REPLACE };

static int
io_error(struct run *r, const char *path, enum io_what what, int e)
{
	struct pos at = { path, 0, 0 };
	r->sys_error = true;
	switch (what) {
	case IO_READ_FILE:
		return diag_error(r->dl, at, "io", "cannot read the file: %s",
				  strerror(e));
	case IO_READ_FOLDER:
		return diag_error(r->dl, at, "io", "cannot read the folder: %s",
				  strerror(e));
	case IO_WRITE_TEMP:
		return diag_error(r->dl, at, "io",
				  "cannot write a temporary file beside it: %s",
				  strerror(e));
	case IO_REPLACE:
		break;
	}
	return diag_error(r->dl, at, "io", "cannot replace the file: %s",
			  strerror(e));
}

/* Where the lines about each file go. */
static FILE *
progress(const struct run *r)
{
	return r->o->out ? r->o->out : stdout;
}

/* Reads the regular file at path (never through a symbolic link). */
static int
read_file(struct run *r, const char *path, struct sbuf *data, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
		      O_CLOEXEC);
	if (fd < 0)
		return io_error(r, path, IO_READ_FILE, errno);
	int e = fstat(fd, st) < 0 ? errno : S_ISREG(st->st_mode) ? 0 : EINVAL;
	while (!e) {
		sbuf_grow(data, 65536);
		ssize_t got = read(fd, data->data + data->len,
				   data->cap - data->len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			e = got < 0 ? errno : 0;
			break;
		}
		data->len += (size_t)got;
		data->data[data->len] = '\0';
	}
	close(fd);
	if (e)
		return io_error(r, path, IO_READ_FILE, e);
	return 0;
}

/*
 * Replaces path by data (util/file.h), durably, keeping the original's
 * owner and permission bits, unless path changed since it was read
 * (st).  On failure path is untouched and a diag says why.
 */
static int
write_atomic(struct run *r, const char *path, struct span data,
	     const struct stat *st)
{
	struct file_how how = { .durable = true, .was = st };
	enum file_step step;
	int e = file_replace(path, data, &how, &step);
	if (!e)
		return 0;
	if (step == FILE_CHANGED) {
		r->sys_error = true;
		return diag_error(r->dl, (struct pos){ path, 0, 0 }, "io",
				  "the file changed while it was being formatted: it was not written");
	}
	return io_error(r, path, step == FILE_TEMP ? IO_WRITE_TEMP : IO_REPLACE, e);
}

/* The kind of path, from its text or else from its real path (for
 * "x.md" named from inside content/products/). */
static enum entry_kind
kind_on_disk(const char *path)
{
	enum entry_kind kind = path_kind_on_disk(path);
	if (kind == ENTRY_KINDS) {
		char *real = realpath(path, NULL);
		if (real)
			kind = path_kind_on_disk(real);
		free(real);
	}
	return kind;
}

/* Formats one file; path must outlive r->dl. */
static void
fmt_file(struct run *r, const char *path, enum entry_kind kind)
{
	struct sbuf data = SBUF_INIT, out = SBUF_INIT;
	struct arena scratch = ARENA_INIT;
	struct stat st;

	if (read_file(r, path, &data, &st) < 0)
		goto out;
	r->res->files++;
	if (fmt_text(&out, path, sbuf_span(&data), kind, &scratch, r->dl) < 0 ||
	    (out.len == data.len && !memcmp(out.data, data.data, out.len)))
		goto out;
	if (r->o->check) {
		r->res->changed++;
		diag_say(progress(r), r->o->lang, "would reformat %s", path);
	} else if (write_atomic(r, path, sbuf_span(&out), &st) == 0) {
		r->res->changed++;
		if (!r->o->quiet)
			diag_say(progress(r), r->o->lang, "formatted %s", path);
	}
out:
	arena_release(&scratch);
	sbuf_release(&out);
	sbuf_release(&data);
}

static bool
is_md(const char *name)
{
	size_t n = strlen(name);
	return n > 3 && !strcmp(name + n - 3, ".md");
}

/*
 * Formats the entries below a folder: *.md files whose path puts them
 * under content/<kind>/.  Names starting with '.' and symbolic links are
 * skipped; names are sorted so that the output is the same on every run.
 */
struct fmt_walk {
	struct run *r;
	struct sbuf path;
};

static int
fmt_visit(void *ctx, int dfd, const char *name, int depth)
{
	(void)depth;
	struct fmt_walk *w = ctx;
	struct stat st;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		io_error(w->r, arena_strdup(w->r->a, w->path.data),
			 IO_READ_FILE, errno);
	} else if (S_ISDIR(st.st_mode)) {
		return FILE_WALK_ENTER;
	} else if (S_ISREG(st.st_mode) && is_md(name)) {
		enum entry_kind kind = kind_on_disk(w->path.data);
		if (kind != ENTRY_KINDS)
			fmt_file(w->r, arena_strdup(w->r->a, w->path.data), kind);
	}
	return 0;
}

/* A folder not read is reported, and the walk goes on. */
static int
fmt_fail(void *ctx, enum file_walk_fail why, int err)
{
	struct fmt_walk *w = ctx;
	const char *path = arena_strdup(w->r->a, w->path.data);
	if (why == FILE_WALK_TOO_DEEP) {
		w->r->sys_error = true;
		diag_error(w->r->dl, (struct pos){ path, 0, 0 }, "io",
			   "the folder is nested too deeply (more than %d folders)",
			   MAX_FOLDER_DEPTH);
	} else {
		io_error(w->r, path, IO_READ_FOLDER, err);
	}
	return 0;
}

static void
fmt_folder(struct run *r, const char *folder)
{
	struct fmt_walk w = { r, SBUF_INIT };
	sbuf_puts(&w.path, folder);
	int fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		fmt_fail(&w, FILE_WALK_OPEN, errno);
	} else {
		struct file_walker fw = { &w.path, MAX_FOLDER_DEPTH, &w,
					  fmt_visit, fmt_fail };
		file_walk(&fw, fd);
	}
	sbuf_release(&w.path);
}

/* One command-line argument: a file or a folder. */
static void
fmt_arg(struct run *r, const char *arg)
{
	struct stat st;
	if (lstat(arg, &st) < 0) {
		io_error(r, arg, IO_READ_FILE, errno);
	} else if (S_ISDIR(st.st_mode)) {
		fmt_folder(r, arg);
	} else if (S_ISLNK(st.st_mode)) {
		diag_error(r->dl, (struct pos){ arg, 0, 0 }, "fmt",
			   "not formatted: this is a symbolic link (name the file it points to)");
	} else if (!S_ISREG(st.st_mode)) {
		diag_error(r->dl, (struct pos){ arg, 0, 0 }, "fmt",
			   "not formatted: this is not a regular file");
	} else {
		fmt_file(r, arg, kind_on_disk(arg));
	}
}

enum exit_status
fmt_run(struct fmt_result *res, const char *const *paths, size_t n,
	const struct fmt_options *o, struct arena *a, struct diag_list *dl)
{
	struct run r = { o, res, a, dl, false };
	*res = (struct fmt_result){ 0, 0 };
	size_t errors = dl->errors;

	for (size_t i = 0; i < n; i++)
		fmt_arg(&r, arena_strdup(a, paths[i]));
	if (n == 0) {
		struct stat st;
		if (lstat("content", &st) < 0 || !S_ISDIR(st.st_mode)) {
			r.sys_error = true;
			diag_error(dl, (struct pos){ "content", 0, 0 }, "io",
				   "there is no content folder here: run ocop fmt at the top of a catalog, or name the files to format");
		} else {
			fmt_folder(&r, "content");
		}
	}
	if (r.sys_error)
		return EXIT_SYSTEM;
	if (dl->errors > errors || (o->check && res->changed))
		return EXIT_ERRORS;
	return EXIT_OK;
}

void
fmt_summary(const struct fmt_result *res, const struct fmt_options *o,
	    FILE *f)
{
	if (o->quiet)
		return;
	if (!o->check)
		diag_say(f, o->lang, "ocop: formatted %zu of %zu files",
			 res->changed, res->files);
	else if (res->changed)
		diag_say(f, o->lang, "ocop: %zu of %zu files need formatting: run 'ocop fmt'",
			 res->changed, res->files);
	else
		diag_say(f, o->lang, "ocop: %zu files already formatted",
			 res->files);
}

const struct msg_lang *
fmt_lang(const char *opt)
{
	if (opt)
		return msg_lang_pick(opt, NULL);
	struct arena a = ARENA_INIT;
	struct diag_list dl = DIAG_LIST_INIT;
	struct sbuf data = SBUF_INIT;
	struct fmt_options quiet = { .quiet = true };
	struct fmt_result res;
	struct run r = { &quiet, &res, &a, &dl, false };
	struct stat st;
	struct fm_node *root;
	const struct msg_lang *lang = msg_lang_pick(NULL, NULL);
	if (read_file(&r, "site.yaml", &data, &st) == 0 &&
	    fm_parse_yaml(&root, "site.yaml", sbuf_span(&data), &a, &dl) == 0) {
		const struct fm_node *l = fm_get(root, "language");
		if (l && l->kind == FM_SCALAR)
			lang = msg_lang_pick(NULL, l->str);
	}
	sbuf_release(&data);
	diag_list_release(&dl);
	arena_release(&a);
	return lang;
}
