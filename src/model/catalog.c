/*
 * Loading runs in four passes over the source set, after a first one
 * that parses every Markdown file on every core (parse_all()):
 *   1. classify every Markdown file under content/ by path into kind,
 *      slug and language (path.h), and take its parsed front matter;
 *   2. sort by (kind, slug, language) so duplicates sit side by side and
 *      every translation follows its default entry;
 *   3. read each entry into its typed struct, merging translations onto
 *      their default entry's fields;
 *   4. resolve references and build the sorted, published lists.
 * Every pass goes on after errors so one run reports every problem.
 */
#include "catalog.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "entry.h"
#include "image.h"
#include "path.h"
#include "read.h"
#include "site.h"
#include "../load/cache.h"
#include "../parse/fm.h"
#include "../parse/md.h"
#include "../util/fold.h"
#include "../util/workers.h"
#include "../util/utf8.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

struct file {
	enum entry_kind kind;
	const char *slug;
	const char *dir;             /* bundle folder or NULL */
	int lang;
	const struct source *src;
	struct parsed *parsed;
	struct fm_doc doc;
	void *entry;                 /* the typed struct, once read */
};

/*
 * One Markdown file as a worker parsed it: front matter and story, each
 * with the problems found.  The loader files those problems where it
 * would have parsed the file itself (and drops them for a file it skips
 * or a draft it does not render), so messages and their order are the
 * same whatever the number of threads.
 */
struct parsed {
	bool done;
	bool unread;               /* its bytes were not read (source.h's
				      skip), and the cache could not give
				      it after all: parse_all() reads it */
	int fm_rc;
	struct fm_doc doc;
	struct diag_list fm_dl;
	const char *html;          /* the story as HTML */
	struct diag_list md_dl;
};

struct loader {
	struct catalog *c;
	const struct source_set *src;
	const struct catalog_watch *watch;
	struct arena *a;
	struct diag_list *dl;
	struct entry_env env;
	struct file *files;
	size_t n, cap;
	struct parsed *parsed;     /* by index in src */
	struct cache *cache;       /* CATALOG_PARSE_SHARDS, or NULL */
	struct arena workers[WORKERS_MAX];   /* texts: kept with the catalog */
	struct arena trees[WORKERS_MAX];     /* YAML trees: freed once read */
};

static struct pos
file_pos(const char *path)
{
	return (struct pos){ path, 0, 0 };
}

/* Files the error for a file name whose language code site.yaml does
 * not list, naming the languages it does. */
static void
bad_lang(struct loader *l, const char *path, const char *code)
{
	const char *all = l->c->site->languages[0];
	for (size_t i = 1; i < l->c->site->n_languages; i++)
		all = arena_printf(l->a, "%s, %s", all, l->c->site->languages[i]);
	diag_error(l->dl, file_pos(path), "language",
		   "\"%s\" in the file name is not a language of site.yaml (languages: %s)",
		   code, all);
	diag_hint(l->dl, "add \"%s\" to languages in site.yaml, or rename the file with one of its languages",
		  code);
}

/* Files every diag of from into dl, in order, and empties from. */
static void
move_diags(struct diag_list *dl, struct diag_list *from)
{
	for (size_t i = 0; i < from->n; i++)
		diag_copy(dl, &from->v[i]);
	diag_list_release(from);
}

/* ---- the cache of parsed files (catalog.h) ----------------------------
 * A file's value: its tree (an alias's node written again where it is
 * used), the line its story starts at, the story as written and as
 * HTML.  Only a file that parsed without a problem is kept: one with
 * problems is parsed again, and files them. */

enum { NODE_PLAIN = 0x100, NO_TAG = UINT32_MAX };

/* What a tree holds, so that reading it back makes one array of each. */
struct tree_size {
	uint32_t nodes, items, pairs, text;   /* text: bytes, NULs too */
};

static void
put_text(struct sbuf *out, const char *s, struct tree_size *size)
{
	size_t len = strlen(s);
	record_put_u32(out, (uint32_t)len);
	record_put_raw(out, s, len + 1);
	size->text += (uint32_t)len + 1;
}

static void
put_node(struct sbuf *out, const struct fm_node *n, struct tree_size *size)
{
	size->nodes++;
	record_put_u32(out, (uint32_t)n->kind | (n->plain ? NODE_PLAIN : 0));
	record_put_u32(out, n->at.line);
	record_put_u32(out, n->at.col);
	if (n->tag)
		put_text(out, n->tag, size);
	else
		record_put_u32(out, NO_TAG);
	switch (n->kind) {
	case FM_SCALAR:
		put_text(out, n->str, size);
		break;
	case FM_SEQ:
		record_put_u32(out, (uint32_t)n->n);
		size->items += (uint32_t)n->n;
		for (size_t i = 0; i < n->n; i++)
			put_node(out, n->items[i], size);
		break;
	case FM_MAP:
		record_put_u32(out, (uint32_t)n->n);
		size->pairs += (uint32_t)n->n;
		for (size_t i = 0; i < n->n; i++) {
			put_node(out, n->pairs[i].key, size);
			put_node(out, n->pairs[i].value, size);
		}
		break;
	}
}

/* Reading a tree back into the arrays its size asks for: each use
 * takes the next elements, and running out means the bytes lie. */
struct tree_reader {
	struct record_reader *r;
	const char *path;
	struct fm_node *nodes;
	struct fm_node **items;
	struct fm_pair *pairs;
	char *text;
	struct tree_size left;
};

static const char *
get_text(struct tree_reader *t, uint32_t len)
{
	const unsigned char *p = record_raw(t->r, (size_t)len + 1);
	if (!p || p[len] || len >= t->left.text) {
		t->r->bad = true;
		return NULL;
	}
	char *s = t->text;
	memcpy(s, p, (size_t)len + 1);
	t->text += len + 1;
	t->left.text -= len + 1;
	return s;
}

static struct fm_node *
get_node(struct tree_reader *t, unsigned depth)
{
	struct record_reader *r = t->r;
	if (!t->left.nodes || depth > FM_MAX_DEPTH) {
		r->bad = true;
		return NULL;
	}
	struct fm_node *n = t->nodes++;
	t->left.nodes--;
	uint32_t kind = record_u32(r);
	n->kind = (enum fm_kind)(kind & ~(uint32_t)NODE_PLAIN);
	n->plain = kind & NODE_PLAIN;
	n->at.path = t->path;
	n->at.line = record_u32(r);
	n->at.col = record_u32(r);
	uint32_t len = record_u32(r);
	n->tag = len == NO_TAG ? NULL : get_text(t, len);
	if (r->bad || n->kind > FM_MAP)
		return NULL;
	if (n->kind == FM_SCALAR) {
		len = record_u32(r);
		n->str = r->bad ? NULL : get_text(t, len);
		n->len = len;
		return n->str ? n : NULL;
	}
	uint32_t count = record_u32(r);
	if (r->bad)
		return NULL;
	n->n = count;
	if (n->kind == FM_SEQ) {
		if (count > t->left.items)
			return NULL;
		n->items = t->items;
		t->items += count;
		t->left.items -= count;
		for (size_t i = 0; i < count; i++)
			if (!(n->items[i] = get_node(t, depth + 1)))
				return NULL;
		return n;
	}
	if (count > t->left.pairs)
		return NULL;
	n->pairs = t->pairs;
	t->pairs += count;
	t->left.pairs -= count;
	for (size_t i = 0; i < count; i++) {
		struct fm_node *key = get_node(t, depth + 1);
		if (!key || key->kind != FM_SCALAR ||
		    !(n->pairs[i].value = get_node(t, depth + 1)))
			return NULL;
		n->pairs[i].key = key;
	}
	return n;
}

/* The tree written after its size, nodes in nodes and texts in
 * strings; NULL when the bytes are not such a tree. */
static struct fm_node *
get_tree(struct record_reader *r, const char *path, struct arena *nodes,
	 struct arena *strings)
{
	struct tree_size size;
	size.nodes = record_u32(r);
	size.items = record_u32(r);
	size.pairs = record_u32(r);
	size.text = record_u32(r);
	if (r->bad || !size.nodes || size.nodes > FM_MAX_NODES ||
	    size.items > FM_MAX_NODES || size.pairs > FM_MAX_NODES ||
	    size.text > (size_t)(r->end - r->p))
		return NULL;
	struct tree_reader t = {
		.r = r, .path = path,
		.nodes = arena_array(nodes, size.nodes, sizeof(*t.nodes)),
		.items = arena_array(nodes, size.items + 1, sizeof(*t.items)),
		.pairs = arena_array(nodes, size.pairs + 1, sizeof(*t.pairs)),
		.text = arena_alloc(strings, size.text ? size.text : 1),
		.left = size,
	};
	struct fm_node *root = get_node(&t, 0);
	return root && !r->bad ? root : NULL;
}

static struct cache *
shard_of(struct cache *v, const struct source *s)
{
	unsigned c = (unsigned char)s->oid[0];
	unsigned digit = c >= 'a' ? c - 'a' + 10 : c - '0';
	return &v[digit % CATALOG_PARSE_SHARDS];
}

/* Whether the cache gave file s parsed (into p, texts in strings); a
 * value that does not read whole is not taken. */
static bool
parsed_from_cache(struct loader *l, unsigned worker, const struct source *s,
		  struct parsed *p, struct arena *strings)
{
	struct span v;
	if (!cache_find(shard_of(l->cache, s), CACHE_PARSED, s->oid, &v))
		return false;
	struct record_reader r = { (const unsigned char *)v.p,
				   (const unsigned char *)v.p + v.len, false };
	struct fm_doc doc = { 0 };
	bool has_root = record_u32(&r) != 0;
	if (has_root && !(doc.root = get_tree(&r, s->path, &l->trees[worker],
					      strings)))
		return false;
	doc.body_line = record_u32(&r);
	const char *body = record_str(&r), *html = record_str(&r);
	if (r.bad || r.p != r.end || !body)
		return false;
	doc.body.len = strlen(body);
	doc.body.p = arena_strndup(&l->trees[worker], body, doc.body.len);
	p->doc = doc;
	p->html = html ? arena_strdup(strings, html) : NULL;
	p->fm_rc = 0;
	return true;
}

static void
parsed_to_cache(struct cache *v, const struct source *s,
		const struct parsed *p)
{
	struct sbuf b = SBUF_INIT;
	record_put_u32(&b, p->doc.root != NULL);
	if (p->doc.root) {
		/* the tree's size first, written once it is known */
		size_t at = b.len;
		struct tree_size size = { 0 };
		record_put_raw(&b, &size, sizeof(size));
		put_node(&b, p->doc.root, &size);
		struct sbuf head = SBUF_INIT;
		record_put_u32(&head, size.nodes);
		record_put_u32(&head, size.items);
		record_put_u32(&head, size.pairs);
		record_put_u32(&head, size.text);
		memcpy(b.data + at, head.data, head.len);
		sbuf_release(&head);
	}
	record_put_u32(&b, p->doc.body_line);
	/* a story holds no NUL (fm.c refuses the file) */
	char *body = xstrndup(p->doc.body.p, p->doc.body.len);
	record_put_str(&b, body);
	free(body);
	record_put_str(&b, p->html);
	cache_add(shard_of(v, s), CACHE_PARSED, s->oid, sbuf_span(&b));
	sbuf_release(&b);
}

void
catalog_parse_cache_open(struct cache *v,
			 const struct source_set *src)
{
	/* the libraries that parse decide the values too */
	char settings[256];
	snprintf(settings, sizeof(settings), "yaml-%s cmark-%s utf8proc-%s",
		 fm_library_version(), md_library_version(),
		 utf8_library_version());
	struct source_set none = { 0 };
	cache_open_shards(v, CATALOG_PARSE_SHARDS, src->from_git ? src : &none,
			  "parsed", settings);
}

bool
catalog_parse_cached(struct cache *v, const struct source *s)
{
	struct span value;
	return s->oid[0] && cache_find(shard_of(v, s), CACHE_PARSED, s->oid,
				       &value);
}

/* Whether bytes d (valid UTF-8) are in NFC: lint_catalog() reads the
 * bytes of the files to find those that are not, so such a file is not
 * kept as parsed, and is read and parsed on every build. */
static bool
is_nfc(struct arena *scratch, struct span d)
{
	size_t len;
	const char *n = utf8_nfc(scratch, d.p, d.len, &len);
	return n == d.p || (len == d.len && !memcmp(n, d.p, len));
}

/* Parses file i from its bytes (read, or read now by the caller). */
static void
parse_bytes(struct loader *l, unsigned worker, size_t i)
{
	const struct source *s = &l->src->v[i];
	struct parsed *p = &l->parsed[i];
	struct arena *a = &l->workers[worker];
	p->html = NULL;
	p->fm_rc = fm_parse_in(&p->doc, s->path, s->data, &l->trees[worker],
			       a, &p->fm_dl);
	if (l->watch)
		l->watch->parsed(l->watch->ctx, worker, i,
				 p->fm_rc == 0 ? &p->doc : NULL);
	if (p->fm_rc == 0 && p->doc.root) {
		/* the story in NFC too, as the front matter's texts (fm.c) */
		struct span body = p->doc.body;
		body.p = utf8_nfc(a, body.p, body.len, &body.len);
		p->html = md_render(a, body,
				    (struct pos){ s->path, p->doc.body_line, 1 },
				    &p->md_dl);
	}
	if (l->cache && s->oid[0] && p->fm_rc == 0 && !p->fm_dl.n &&
	    !p->md_dl.n && is_nfc(&l->trees[worker], s->data))
		parsed_to_cache(l->cache, s, p);
}

static bool
parse_one(void *ctx, unsigned worker, size_t i)
{
	struct loader *l = ctx;
	const struct source *s = &l->src->v[i];
	struct parsed *p = &l->parsed[i];
	if (!source_is_entry(s))     /* the files classify() parses */
		return true;
	p->done = true;
	p->fm_dl = (struct diag_list)DIAG_LIST_INIT;
	p->md_dl = (struct diag_list)DIAG_LIST_INIT;
	/* a blob's id names its bytes: parsed by an earlier build, they
	 * parse the same */
	if (l->cache && s->oid[0] &&
	    parsed_from_cache(l, worker, s, p, &l->workers[worker])) {
		if (l->watch)
			l->watch->parsed(l->watch->ctx, worker, i, &p->doc);
		return true;
	}
	if (!s->data.p && s->oid[0])
		p->unread = true;     /* libgit2's objects: one thread */
	else
		parse_bytes(l, worker, i);
	return true;
}

/* Parses every entry file on `jobs` threads (workers.h): front matter
 * and story are most of the loading time, and each file's own. */
static void
parse_all(struct loader *l, unsigned jobs)
{
	l->parsed = xcalloc(l->src->n + 1, sizeof(*l->parsed));
	for (size_t k = 0; k < WORKERS_MAX; k++) {
		l->workers[k] = (struct arena)ARENA_INIT;
		l->trees[k] = (struct arena)ARENA_INIT;
	}
	workers_run(l->src->n, jobs, 32, parse_one, l);
	for (size_t i = 0; i < l->src->n; i++) {
		struct source *s = &l->src->v[i];
		if (!l->parsed[i].unread)
			continue;
		/* read here, on this thread: the file's bytes from now on,
		 * as if source_open() had read them (lint_catalog() reads
		 * them too) */
		if (source_load(&s->data, l->src, s, FM_MAX_BYTES,
				&l->workers[0], &l->parsed[i].fm_dl) < 0)
			l->parsed[i].fm_rc = -1;
		else
			parse_bytes(l, 0, i);
	}
	for (size_t k = 0; k < WORKERS_MAX; k++)
		arena_adopt(l->a, &l->workers[k]);
}

/* The entries keep the texts of their YAML trees, never the trees. */
static void
release_parsed(struct loader *l)
{
	for (size_t k = 0; k < WORKERS_MAX; k++)
		arena_release(&l->trees[k]);
	for (size_t i = 0; i < l->src->n; i++)
		if (l->parsed[i].done) {
			diag_list_release(&l->parsed[i].fm_dl);
			diag_list_release(&l->parsed[i].md_dl);
		}
	free(l->parsed);
}

/* Files the error for a file name that gives no valid slug, with the
 * slug that would do when there is one. */
static void
bad_slug(struct loader *l, const char *path, const char *slug)
{
	diag_error(l->dl, file_pos(path), "slug",
		   "\"%s\" is not a valid slug: use 1-80 lowercase letters, digits and single hyphens",
		   slug);
	const char *fix = fold_slug(l->a, slug);
	if (*fix)
		diag_hint(l->dl, "rename the file to use \"%s\"", fix);
	else
		diag_hint(l->dl, "rename the file with lowercase letters a-z, digits and hyphens, as in keo-cu-do.md");
}

/* Takes the file s into the catalog when its path names an entry (path.h)
 * and it parsed, or says why not. */
static void
classify(struct loader *l, const struct source *s)
{
	struct entry_path ep;
	enum path_class pc = path_classify(&ep, s->path, l->c->site, l->a);
	if (pc == PATH_OTHER)
		return;           /* images and other files: used when referenced */
	if (pc == PATH_NO_KIND) {
		diag_warning(l->dl, file_pos(s->path), "layout",
			     "this file is not in products/, producers/, points-of-sale/ or pages/ and is not published");
		return;
	}
	if (s->is_symlink) {
		diag_error(l->dl, file_pos(s->path), "symlink",
			   "entries must be files, not symbolic links");
		diag_hint(l->dl, "replace the link with a copy of the file it points to");
		return;
	}
	switch (pc) {
	case PATH_BARE_INDEX:
		diag_error(l->dl, file_pos(s->path), "slug",
			   "index.md must be inside a folder named after the entry");
		diag_hint(l->dl, "move it to %s<slug>/index.md, or rename it <slug>.md",
			  path_kind_dir(ep.kind));
		return;
	case PATH_BAD_LANG:
		bad_lang(l, s->path, ep.lang_code);
		return;
	case PATH_BAD_SLUG:
		bad_slug(l, s->path, ep.slug);
		return;
	case PATH_ENTRY:
		break;
	case PATH_OTHER:
	case PATH_NO_KIND:
		return;           /* said above */
	}
	struct file f = { .kind = ep.kind, .slug = ep.slug, .dir = ep.dir,
			  .lang = ep.lang, .src = s };
	struct parsed *p = &l->parsed[s - l->src->v];
	f.parsed = p;
	move_diags(l->dl, &p->fm_dl);
	if (p->fm_rc < 0)
		return;
	f.doc = p->doc;
	if (!f.doc.root) {
		diag_error(l->dl, (struct pos){ s->path, 1, 1 }, "front-matter",
			   "the file has no front matter: it must start with a line \"---\"");
		diag_hint(l->dl, "start the file with a line ---, then the fields, then another line ---, then the text");
		return;
	}
	void *v = l->files;
	xgrow(&v, &l->cap, l->n + 1, sizeof(*l->files));
	l->files = v;
	l->files[l->n++] = f;
}

static int
cmp_file(const void *x, const void *y)
{
	const struct file *a = x, *b = y;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	int c = strcmp(a->slug, b->slug);
	if (c)
		return c;
	if (a->lang != b->lang)
		return a->lang < b->lang ? -1 : 1;
	return strcmp(a->src->path, b->src->path);
}

/*
 * The fields a translation gives, in its language, by kind.  "a.b" is
 * the field b inside the mapping a: a translation gives price: { unit }
 * and inherits the numbers, which are the same in every language.
 */
static const char *const translated[ENTRY_KINDS][7] = {
	[ENTRY_PRODUCT] = { "name", "summary", "tags", "images", "price.unit",
			    "draft", NULL },
	[ENTRY_PRODUCER] = { "name", "summary", "draft", NULL },
	[ENTRY_POS] = { "name", "summary", "hours", "draft", NULL },
	[ENTRY_PAGE] = { "name", "summary", "draft", NULL },
};

/* Whether list names key itself, or (inside) a field of the mapping
 * key ("price.unit" for "price"). */
static bool
names_field(const char *const *list, const char *key, bool inside)
{
	size_t n = strlen(key);
	for (; *list; list++)
		if (inside ? !strncmp(*list, key, n) && (*list)[n] == '.'
			   : !strcmp(*list, key))
			return true;
	return false;
}

/*
 * The default entry's mapping with the translation's fields on top.  A
 * mapping of which a translation gives some fields (texts names one
 * inside it) is merged one level down, so that it keeps the default's
 * other fields; texts is NULL for that inner merge.
 */
static struct fm_node *
merge(struct arena *a, const struct fm_node *base, const struct fm_node *over,
      const char *const *texts)
{
	struct fm_node *m = arena_new(a, struct fm_node);
	*m = *over;
	m->pairs = arena_array(a, base->n + over->n, sizeof(*m->pairs));
	m->n = 0;
	for (size_t i = 0; i < base->n; i++)
		if (!fm_get(over, base->pairs[i].key->str))
			m->pairs[m->n++] = base->pairs[i];
	for (size_t i = 0; i < over->n; i++) {
		struct fm_pair p = over->pairs[i];
		const struct fm_node *was = fm_get(base, p.key->str);
		if (texts && was && was->kind == FM_MAP &&
		    p.value->kind == FM_MAP &&
		    names_field(texts, p.key->str, true))
			p.value = merge(a, was, p.value, NULL);
		m->pairs[m->n++] = p;
	}
	return m;
}

static struct entry *
new_entry(struct loader *l, const struct file *f)
{
	static const size_t sizes[ENTRY_KINDS] = {
		sizeof(struct product), sizeof(struct producer),
		sizeof(struct point_of_sale), sizeof(struct page),
	};
	struct entry *e = arena_alloc(l->a, sizes[f->kind]);
	e->kind = f->kind;
	e->slug = f->slug;
	e->path = f->src->path;
	e->dir = f->dir;
	e->lang = f->lang;
	e->oid = f->src->oid;
	e->body_line = f->doc.body_line;
	e->is_translation = f->lang != 0;
	return e;
}

static void
read_entry(struct loader *l, struct file *f, const struct fm_node *m)
{
	struct entry *e = new_entry(l, f);
	f->entry = e;
	size_t errors = l->env.dl->errors;
	switch (f->kind) {
	case ENTRY_PRODUCT:
		product_read((struct product *)e, m, &l->env);
		break;
	case ENTRY_PRODUCER:
		producer_read((struct producer *)e, m, &l->env);
		break;
	case ENTRY_POS:
		pos_read((struct point_of_sale *)e, m, &l->env);
		break;
	case ENTRY_PAGE:
		page_read((struct page *)e, m, &l->env);
		break;
	case ENTRY_KINDS:
		break;
	}
	e->broken = l->env.dl->errors > errors;
	if (!e->draft) {
		e->html = f->parsed->html;
		move_diags(l->dl, &f->parsed->md_dl);
	}
}

/* Points the default entry's tr[lang] at the translation. */
static void
link_translation(struct file *def, struct file *f)
{
	((struct entry *)def->entry)->tr[f->lang] = f->entry;
}

/*
 * A translation is read through the merged mapping, so the fields it
 * inherits are checked (and resolved) again; their problems point into
 * the default entry's file, which has reported them already.  Diags
 * filed for a translation are kept only when they point into the
 * translation's own file, so that each problem is reported once.
 */
static void
keep_own_diags(struct diag_list *dl, struct diag_list *own, const char *path)
{
	for (size_t i = 0; i < own->n; i++) {
		const struct diag *d = &own->v[i];
		if (!d->at.path || strcmp(d->at.path, path))
			continue;
		diag_copy(dl, d);
	}
	diag_list_release(own);
}

/* Whether two YAML values say the same (key order of mappings aside). */
static bool
same_value(const struct fm_node *a, const struct fm_node *b)
{
	if (a->kind != b->kind || a->n != b->n)
		return false;
	switch (a->kind) {
	case FM_SCALAR:
		return a->len == b->len && !memcmp(a->str, b->str, a->len);
	case FM_SEQ:
		for (size_t i = 0; i < a->n; i++)
			if (!same_value(a->items[i], b->items[i]))
				return false;
		return true;
	case FM_MAP:
		for (size_t i = 0; i < a->n; i++) {
			const struct fm_node *v = fm_get(b, a->pairs[i].key->str);
			if (!v || !same_value(a->pairs[i].value, v))
				return false;
		}
		return true;
	}
	return false;
}

/* Files the error of a translation's field that is not a text and
 * says something else than the default entry. */
static void
differs(struct loader *l, const struct file *def, const struct file *f,
	struct pos at, const char *field)
{
	const char *const *texts = translated[f->kind];
	const char *list = texts[0];
	for (size_t t = 1; texts[t]; t++)
		list = arena_printf(l->a, "%s, %s", list, texts[t]);
	diag_error(l->dl, at, "translation",
		   "\"%s\" differs from %s: it is the same in every language",
		   field, def->src->path);
	diag_hint(l->dl, "write it as there, or remove it here: a translation gives only %s and the story",
		  list);
}

/*
 * A translation gives the texts of an entry.  Stars, the certificate,
 * the producer or the place are the same in every language: a
 * translation may repeat them (a copied file does), but one that says
 * something else is an error, so the languages can never disagree.
 * Inside a mapping that holds a text (price: { unit }), each other
 * field is held to the same rule.  Fields the contract does not know
 * are left to the unknown-field warning.
 */
static void
only_texts(struct loader *l, const struct file *def, const struct file *f)
{
	static const char *const *const fields[ENTRY_KINDS] = {
		[ENTRY_PRODUCT] = entry_product_fields,
		[ENTRY_PRODUCER] = entry_producer_fields,
		[ENTRY_POS] = entry_pos_fields,
		[ENTRY_PAGE] = entry_page_fields,
	};
	const char *const *texts = translated[f->kind];
	const struct fm_node *m = f->doc.root;
	for (size_t i = 0; i < m->n; i++) {
		const char *key = m->pairs[i].key->str;
		const struct fm_node *v = m->pairs[i].value;
		bool known = false;
		for (const char *const *k = fields[f->kind]; *k && !known; k++)
			known = !strcmp(*k, key);
		const struct fm_node *was = fm_get(def->doc.root, key);
		if (names_field(texts, key, false) || !known ||
		    (was && same_value(was, v)))
			continue;
		if (!was || was->kind != FM_MAP || v->kind != FM_MAP ||
		    !names_field(texts, key, true)) {
			differs(l, def, f, m->pairs[i].key->at, key);
			continue;
		}
		for (size_t k = 0; k < v->n; k++) {
			const char *sub = v->pairs[k].key->str;
			const char *field = arena_printf(l->a, "%s.%s", key,
							 sub);
			const struct fm_node *w = fm_get(was, sub);
			if (names_field(texts, field, false) ||
			    (w && same_value(w, v->pairs[k].value)))
				continue;
			differs(l, def, f, v->pairs[k].key->at, field);
		}
	}
}

static void
read_all(struct loader *l)
{
	struct file *def = NULL;
	for (size_t i = 0; i < l->n; i++) {
		struct file *f = &l->files[i];
		struct file *prev = i ? &l->files[i - 1] : NULL;
		if (prev && prev->kind == f->kind && !strcmp(prev->slug, f->slug) &&
		    prev->lang == f->lang) {
			diag_error(l->dl, file_pos(f->src->path), "duplicate",
				   "duplicate slug \"%s\": %s has it too",
				   f->slug, prev->src->path);
			diag_hint(l->dl, "rename one of the two files: each entry of a kind needs its own name");
			continue;
		}
		if (f->lang == 0) {
			def = f;
			read_entry(l, f, f->doc.root);
			link_translation(f, f);   /* tr[0] is the entry itself */
			continue;
		}
		if (!def || def->kind != f->kind || strcmp(def->slug, f->slug) ||
		    !def->entry) {
			diag_error(l->dl, file_pos(f->src->path), "translation",
				   "translation of \"%s\" has no entry in the default language",
				   f->slug);
			diag_hint(l->dl, "add %s%s.md, the %s version, first",
				  path_kind_dir(f->kind), f->slug, l->c->site->language);
			continue;
		}
		struct entry *de = def->entry;
		if (de->draft)
			continue;
		only_texts(l, def, f);
		struct diag_list own = DIAG_LIST_INIT;
		l->env.dl = &own;
		read_entry(l, f, merge(l->a, def->doc.root, f->doc.root,
				      translated[f->kind]));
		l->env.dl = l->dl;
		keep_own_diags(l->dl, &own, f->src->path);
		struct entry *te = f->entry;
		if (te->draft)
			continue;   /* not published: the default's text shows */
		if (!f->doc.body.len)
			te->html = de->html;   /* no story of its own yet */
		link_translation(def, f);
	}
}

/* Binary search over the sorted files for a published default entry. */
static void *
find(struct loader *l, enum entry_kind k, const char *slug)
{
	size_t lo = 0, hi = l->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct file *f = &l->files[mid];
		int c = f->kind != k ? (f->kind < k ? -1 : 1) : strcmp(f->slug, slug);
		if (!c && f->lang > 0)
			c = 1;
		if (c < 0)
			lo = mid + 1;
		else if (c > 0)
			hi = mid;
		else {
			/* duplicates sit side by side and only the first
			 * was read (the others have no entry) */
			while (mid > 0 && l->files[mid - 1].kind == k &&
			       l->files[mid - 1].lang == 0 &&
			       !strcmp(l->files[mid - 1].slug, slug))
				mid--;
			return l->files[mid].entry;
		}
	}
	return NULL;
}

/* The slug of a published default-language entry of kind k at most 3
 * edits away from slug (the closest), for "did you mean"; or NULL.
 * Slugs over 80 bytes are never close (read_distance()).  The limit of
 * 3 keeps each comparison to a band of the table: a catalog with
 * hundreds of broken references to thousands of producers stays quick. */
static const char *
closest_slug(const struct loader *l, enum entry_kind k, const char *slug)
{
	const char *best = NULL;
	size_t best_d = 4;
	if (strlen(slug) > 80)
		return NULL;
	for (size_t i = 0; i < l->n; i++) {
		const struct file *f = &l->files[i];
		const struct entry *e = f->entry;
		if (f->kind != k || f->lang || !e || e->draft ||
		    strlen(f->slug) > 80)
			continue;
		size_t d = read_distance_within(slug, f->slug, 3);
		if (d < best_d) {
			best_d = d;
			best = f->slug;
		}
	}
	return best;
}

static void
resolve_product(struct loader *l, struct product *p)
{
	if (p->producer_slug) {
		const struct producer *pr = find(l, ENTRY_PRODUCER, p->producer_slug);
		if (!pr) {
			diag_error(l->dl, p->producer_at, "ref",
				   "unknown producer \"%s\": there is no %s%s.md",
				   p->producer_slug, path_kind_dir(ENTRY_PRODUCER),
				   p->producer_slug);
			const char *best = closest_slug(l, ENTRY_PRODUCER,
							p->producer_slug);
			if (best)
				diag_hint(l->dl, "did you mean \"%s\"?", best);
			else
				diag_hint(l->dl, "add %s%s.md or fix the name",
					  path_kind_dir(ENTRY_PRODUCER), p->producer_slug);
		} else if (pr->e.draft) {
			diag_error(l->dl, p->producer_at, "ref",
				   "producer \"%s\" is a draft and is not published",
				   p->producer_slug);
			diag_hint(l->dl, "publish it by deleting \"draft: true\" from %s, or name another producer",
				  pr->e.path);
		}
		p->producer = pr;
	}
	p->pos = arena_array(l->a, p->pos_slugs.n, sizeof(*p->pos));
	for (size_t i = 0; i < p->pos_slugs.n; i++) {
		const struct point_of_sale *s = find(l, ENTRY_POS, p->pos_slugs.v[i]);
		const char *slug = p->pos_slugs.v[i];
		if (!s) {
			diag_error(l->dl, p->pos_at[i], "ref",
				   "unknown point of sale \"%s\": there is no content/points-of-sale/%s.md",
				   slug, slug);
			const char *best = closest_slug(l, ENTRY_POS, slug);
			if (best)
				diag_hint(l->dl, "did you mean \"%s\"?", best);
			else
				diag_hint(l->dl, "add %s%s.md or fix the name",
					  path_kind_dir(ENTRY_POS), slug);
		} else if (s->e.draft) {
			diag_error(l->dl, p->pos_at[i], "ref",
				   "point of sale \"%s\" is a draft and is not published",
				   slug);
			diag_hint(l->dl, "publish it by deleting \"draft: true\" from %s, or remove it from points_of_sale",
				  s->e.path);
		}
		p->pos[i] = s;
	}
}

struct sortable {
	const char *key;
	struct entry *entry;
};

static int
cmp_sortable(const void *x, const void *y)
{
	const struct sortable *a = x, *b = y;
	return strcmp(a->key, b->key);
}

/* The published default-language entries of kind k, sorted by name. */
static const void **
published(struct loader *l, enum entry_kind k, size_t *n_out)
{
	struct sortable *v = xmalloc(xmul(l->n + 1, sizeof(*v)));
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++) {
		const struct file *f = &l->files[i];
		struct entry *e = f->entry;
		if (f->kind != k || f->lang || !e || e->draft)
			continue;
		v[n].key = arena_printf(l->a, "%s\x02%s",
					fold_sort_key(l->a, e->name ? e->name : ""),
					e->slug);
		v[n].entry = e;
		n++;
	}
	qsort(v, n, sizeof(*v), cmp_sortable);
	const void **out = arena_array(l->a, n + 1, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		out[i] = v[i].entry;
		v[i].entry->index = i;
	}
	free(v);
	*n_out = n;
	return out;
}

/* The loader's writable pointer to default-language entry e, which the
 * catalog and the products hold as const: the model is read-only for
 * every later stage, but link_products() still fills its lists in. */
static void *
writable(struct loader *l, const struct entry *e)
{
	struct entry *w = find(l, e->kind, e->slug);
	assert(w == e);
	return w;
}

/* Lists each published product under its producer and points of sale:
 * count, allocate, fill (products are already sorted by name). */
static void
link_products(struct loader *l)
{
	const struct catalog *c = l->c;
	for (size_t i = 0; i < c->n_products; i++) {
		const struct product *p = c->products[i];
		if (p->producer) {
			struct producer *pr = writable(l, &p->producer->e);
			pr->n_products++;
		}
		for (size_t k = 0; k < p->pos_slugs.n; k++)
			if (p->pos[k]) {
				struct point_of_sale *s = writable(l, &p->pos[k]->e);
				s->n_products++;
			}
	}
	for (size_t j = 0; j < c->n_producers; j++) {
		struct producer *pr = writable(l, &c->producers[j]->e);
		pr->products = arena_array(l->a, pr->n_products + 1,
					   sizeof(*pr->products));
		pr->n_products = 0;
	}
	for (size_t j = 0; j < c->n_pos; j++) {
		struct point_of_sale *s = writable(l, &c->pos[j]->e);
		s->products = arena_array(l->a, s->n_products + 1,
					  sizeof(*s->products));
		s->n_products = 0;
	}
	for (size_t i = 0; i < c->n_products; i++) {
		const struct product *p = c->products[i];
		if (p->producer && !p->producer->e.draft) {
			struct producer *pr = writable(l, &p->producer->e);
			pr->products[pr->n_products++] = p;
		}
		for (size_t k = 0; k < p->pos_slugs.n; k++)
			if (p->pos[k] && !p->pos[k]->e.draft) {
				struct point_of_sale *s = writable(l, &p->pos[k]->e);
				s->products[s->n_products++] = p;
			}
	}
}

/* site.yaml's logo: a picture in content/, checked and published as an
 * entry's picture is (model/image.h; a photo is made into its sizes). */
static void
resolve_logo(struct loader *l)
{
	const struct publisher *pub = &l->c->site->publisher;
	if (!pub->logo)
		return;
	struct image *img = arena_alloc(l->a, sizeof(*img));
	memset(img, 0, sizeof(*img));
	img->src = pub->logo;
	img->alt = "";
	if (image_resolve(img, pub->logo_at, "content/", &l->env))
		l->c->logo = img;
}

int
catalog_load(struct catalog *c, const struct source_set *src,
	     const struct site *site, long as_of_days, unsigned jobs,
	     const struct catalog_watch *watch, struct cache *cache,
	     struct arena *a, struct diag_list *dl)
{
	memset(c, 0, sizeof(*c));
	c->site = site;
	c->as_of_days = as_of_days;
	size_t errors = dl->errors;
	struct loader l = {
		.c = c, .src = src, .watch = watch, .cache = cache, .a = a,
		.dl = dl,
		.env = { a, dl, site, src, as_of_days },
	};
	parse_all(&l, jobs);
	for (size_t i = 0; i < src->n; i++)
		classify(&l, &src->v[i]);
	if (l.n)
		qsort(l.files, l.n, sizeof(*l.files), cmp_file);
	read_all(&l);
	resolve_logo(&l);
	for (size_t i = 0; i < l.n; i++) {
		struct entry *e = l.files[i].entry;
		if (!e || l.files[i].kind != ENTRY_PRODUCT || e->draft)
			continue;
		if (!e->is_translation) {
			size_t before = dl->errors;
			resolve_product(&l, (struct product *)e);
			e->broken |= dl->errors > before;
			continue;
		}
		struct diag_list own = DIAG_LIST_INIT;
		l.dl = &own;
		resolve_product(&l, (struct product *)e);
		l.dl = dl;
		e->broken |= own.errors > 0;
		keep_own_diags(dl, &own, e->path);
	}
	c->products = (const struct product **)published(&l, ENTRY_PRODUCT, &c->n_products);
	c->producers = (const struct producer **)published(&l, ENTRY_PRODUCER, &c->n_producers);
	c->pos = (const struct point_of_sale **)published(&l, ENTRY_POS, &c->n_pos);
	c->pages = (const struct page **)published(&l, ENTRY_PAGE, &c->n_pages);
	link_products(&l);
	release_parsed(&l);
	free(l.files);
	return dl->errors > errors ? -1 : 0;
}

void
catalog_each_image(const struct catalog *c,
		   void (*fn)(void *ctx, const struct image *img), void *ctx)
{
	if (c->logo)
		fn(ctx, c->logo);
	for (size_t i = 0; i < c->n_products; i++) {
		const struct product *p = c->products[i];
		for (size_t k = 0; k < c->site->n_languages; k++) {
			const struct product *t = (const struct product *)p->e.tr[k];
			if (!t || (k && t == p))
				continue;
			for (size_t m = 0; m < t->n_images; m++)
				fn(ctx, &t->images[m]);
		}
	}
}
