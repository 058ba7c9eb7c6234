/*
 * fuzz_tpl.c - libFuzzer target for the Mustache engine.
 *
 * The input is a page template followed by up to three partials, split
 * at lines that are exactly "%%":
 *
 *   page template\n%%\npartial "a"\n%%\npartial "b"\n%%\npartial "layout"
 *
 * Each piece keeps the '\n' before the separator line; separator lines in
 * a row give empty partials.  The env's loader serves the pieces by name
 * ("page", "a", "b", "layout"; any other name is unknown) straight from
 * the input, which outlives the env.
 *
 * The view data is fixed but covers every kind of val: strings with HTML
 * specials and Vietnamese text, integers, fractions, NaN and infinities,
 * booleans, null, empty string/list/map, nested maps for dotted names,
 * lists of maps and nested lists, strings naming templates for dynamic
 * partials and parents ({{>*partial}}), and one list that contains the
 * root itself, so recursion through data is bounded only by the engine.
 *
 * "page" is rendered twice through the same env (the second time every
 * template and partial target comes from the cache, and the output is
 * appended after some text already in the buffer), then once more as
 * text given directly, and partial "a" once without any context.  The
 * promises checked with abort(): all three renderings of the page give
 * the same result and output, what the buffer held before is left
 * alone, a failure has filed an error diag, the output stays
 * NUL-terminated, and every diag has a code and a message.  Everything
 * is released before returning, so a leak is a finding.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "render/tpl.h"
#include "render/val.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/sbuf.h"
#include "util/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_PIECES = 4 };

static const char *const piece_names[MAX_PIECES] = {
	"page", "a", "b", "layout"
};

struct pieces {
	struct span v[MAX_PIECES];
	size_t n;
};

static int
load(void *payload, const char *name, struct span *src, const char **path)
{
	const struct pieces *ps = payload;
	for (size_t i = 0; i < ps->n; i++)
		if (!strcmp(name, piece_names[i])) {
			*src = ps->v[i];
			*path = piece_names[i];
			return 0;
		}
	return -1;
}

static void
split(struct pieces *ps, const char *p, size_t len)
{
	size_t from = 0;

	ps->n = 0;
	for (size_t i = 0; ps->n + 1 < MAX_PIECES && i + 3 <= len; i++)
		if ((i == 0 || p[i - 1] == '\n') && !memcmp(p + i, "%%\n", 3)) {
			ps->v[ps->n++] = (struct span){ p + from, i - from };
			from = i + 3;
			i += 2;
		}
	ps->v[ps->n++] = (struct span){ p + from, len - from };
}

static struct val *
item(struct arena *a, const char *name, double price, bool stock)
{
	struct val *m = val_map(a);
	val_set_str(a, m, "name", name);
	val_set_num(a, m, "price", price);
	val_set_bool(a, m, "stock", stock);
	return m;
}

/* The view data; every val lives in a. */
static struct val *
view(struct arena *a)
{
	struct val *root = val_map(a);

	val_set_str(a, root, "name", "Bưởi <Phúc> & \"Trạch\" 'Hà Tĩnh'");
	val_set_str(a, root, "html", "<b>đặc sản</b> &amp; <script>x</script>");
	val_set_str(a, root, "s", "x");
	val_set_str(a, root, "empty", "");
	val_set(a, root, "nul", val_strn(a, "a\0b", 3));
	val_set_num(a, root, "n", 42);
	val_set_num(a, root, "zero", 0);
	val_set_num(a, root, "pi", 3.14159);
	val_set_num(a, root, "neg", -0.1);
	val_set_num(a, root, "big", 1e300);
	val_set_num(a, root, "nan", NAN);
	val_set_num(a, root, "inf", INFINITY);
	val_set_bool(a, root, "t", true);
	val_set_bool(a, root, "f", false);
	val_set(a, root, "null", val_null(a));
	val_set(a, root, "none", val_list(a));
	val_set(a, root, "nomap", val_map(a));

	/* a.b.c and friends, for dotted names */
	struct val *m = val_map(a);
	val_set(a, root, "m", m);
	struct val *mm = val_map(a);
	val_set(a, m, "m", mm);
	val_set_str(a, mm, "s", "deep <s>");
	val_set_num(a, mm, "n", 7);
	val_set_bool(a, m, "t", true);
	val_set_bool(a, m, "f", false);
	val_set_str(a, m, "a", "b");

	/* lists: of numbers, of maps, of lists */
	struct val *l = val_list(a);
	val_set(a, root, "l", l);
	for (int i = 1; i <= 3; i++)
		val_push(a, l, val_num(a, i));
	struct val *items = val_list(a);
	val_set(a, root, "items", items);
	val_push(a, items, item(a, "Chè <vằng>", 45000, true));
	val_push(a, items, item(a, "Kẹo cu đơ & gừng", 2.5, false));
	struct val *it = item(a, "", -1, true);
	val_push(a, items, it);
	val_set(a, it, "l", val_list(a));
	val_set(a, it, "m", val_strf(a, "%s", "shadow"));
	struct val *ll = val_list(a);
	val_set(a, root, "ll", ll);
	struct val *l1 = val_list(a);
	val_push(a, ll, l1);
	val_push(a, l1, val_str(a, "x"));
	val_push(a, l1, val_bool(a, false));
	struct val *l2 = val_list(a);
	val_push(a, ll, l2);
	struct val *l3 = val_list(a);
	val_push(a, l2, l3);
	val_push(a, l3, val_null(a));
	val_push(a, l3, val_num(a, 1.5));
	val_push(a, ll, val_list(a));

	/* names of templates, for {{>*x}} and {{<*x}} */
	val_set_str(a, root, "pa", "a");
	val_set_str(a, root, "pb", "b");
	val_set_str(a, root, "lay", "layout");
	val_set_str(a, root, "pp", "page");
	val_set_str(a, root, "nope", "missing");

	/* recursion through data: {{#r}}...{{/r}} nests without end */
	struct val *r = val_list(a);
	val_set(a, root, "r", r);
	val_push(a, r, root);
	return root;
}

/* What a render gave: its result and a digest of what it appended. */
struct result {
	int rc;
	size_t len;
	uint64_t hash;
};

/* FNV-1a of the bytes out holds after from, which must stay intact; the
 * output stays NUL-terminated.  Comparing digests instead of copies keeps
 * one buffer alive however much a render writes. */
static struct result
result_of(int rc, const struct sbuf *out, const char *prefix)
{
	size_t from = strlen(prefix);
	if (!out->data || out->data[out->len] != '\0' || out->len < from ||
	    memcmp(out->data, prefix, from))
		abort();
	struct result res = { rc, out->len - from, 1469598103934665603u };
	for (size_t i = from; i < out->len; i++) {
		res.hash ^= (unsigned char)out->data[i];
		res.hash *= 1099511628211u;
	}
	return res;
}

static bool
same(struct result x, struct result y)
{
	return x.rc == y.rc && x.len == y.len && x.hash == y.hash;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char prefix[] = "<!doctype html>\n";
	struct pieces ps;
	struct arena a = ARENA_INIT;
	struct diag_list dl = DIAG_LIST_INIT;
	struct sbuf out = SBUF_INIT;

	split(&ps, (const char *)data, size);
	const struct val *root = view(&a);
	struct tpl_env *env = tpl_env_new(load, &ps, &dl);

	/* first use: parses "page" and every partial it reaches */
	struct result r1 = result_of(tpl_render(env, "page", root, &out),
				     &out, "");
	if (r1.rc < 0 && !dl.errors)
		abort();
	/* from the cache, appending to what out already holds */
	sbuf_reset(&out);
	sbuf_puts(&out, prefix);
	struct result r2 = result_of(tpl_render(env, "page", root, &out),
				     &out, prefix);
	if (!same(r1, r2))
		abort();
	/* a partial as a page, without any data */
	sbuf_reset(&out);
	struct result r4 = result_of(tpl_render(env, ps.n > 1 ? "a" : "page",
						NULL, &out), &out, "");
	if (r4.rc < 0 && !dl.errors)
		abort();
	for (size_t i = 0; i < dl.n; i++)
		if (!dl.v[i].msg || !dl.v[i].code)
			abort();

	tpl_env_free(env);
	sbuf_release(&out);
	arena_release(&a);
	diag_list_release(&dl);
	return 0;
}
