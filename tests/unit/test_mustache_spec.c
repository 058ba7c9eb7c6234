/*
 * test_mustache_spec.c - runs the official Mustache specification
 * (github.com/mustache/spec) against tpl.c.
 *
 * The spec's JSON files are read at run time from $MUSTACHE_SPEC_DIR, or
 * ../shared/mustache-spec relative to the current directory (the tests
 * run from the repository root).  Each file is one cmocka test; inside
 * it every spec test is rendered and compared byte for byte, and each
 * failure is printed with its file, name, expected and actual output.
 * Lambdas are not implemented, so ~lambdas files are not run.  When the
 * folder is absent (a clone without ../shared) every test is skipped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "render/tpl.h"
#include "render/val.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/msg.h"
#include "util/sbuf.h"
#include "util/xalloc.h"
#include "util/banned.h"

#define DEFAULT_SPEC_DIR "../shared/mustache-spec"

static const char *
spec_dir(void)
{
	const char *d = getenv("MUSTACHE_SPEC_DIR");
	return d && *d ? d : DEFAULT_SPEC_DIR;
}

static bool
spec_dir_exists(void)
{
	struct stat st;
	return stat(spec_dir(), &st) == 0 && S_ISDIR(st.st_mode);
}

/* JSON data to view data, every string copied into the arena. */
static const struct val *
from_json(struct arena *a, struct json_object *o)
{
	switch (json_object_get_type(o)) {
	case json_type_null:
		return val_null(a);
	case json_type_boolean:
		return val_bool(a, json_object_get_boolean(o));
	case json_type_double:
		return val_num(a, json_object_get_double(o));
	case json_type_int:
		return val_num(a, (double)json_object_get_int64(o));
	case json_type_string:
		return val_strn(a, arena_strndup(a, json_object_get_string(o),
				(size_t)json_object_get_string_len(o)),
				(size_t)json_object_get_string_len(o));
	case json_type_array: {
		struct val *l = val_list(a);
		size_t n = json_object_array_length(o);
		for (size_t i = 0; i < n; i++)
			val_push(a, l, from_json(a,
				 json_object_array_get_idx(o, i)));
		return l;
	}
	case json_type_object: {
		struct val *m = val_map(a);
		struct json_object_iterator it = json_object_iter_begin(o);
		struct json_object_iterator end = json_object_iter_end(o);
		for (; !json_object_iter_equal(&it, &end);
		     json_object_iter_next(&it))
			val_set(a, m, arena_strdup(a,
				json_object_iter_peek_name(&it)),
				from_json(a, json_object_iter_peek_value(&it)));
		return m;
	}
	}
	return val_null(a);
}

/* The name under which the loader serves the spec test's template
 * itself; no spec partial is called so. */
static const char main_name[] = "\x01template";
static const char *main_src;
static size_t main_len;

/* The loader: partials come from the spec test's "partials" object. */
static int
load_partial(void *payload, const char *name, struct span *src,
	     const char **path)
{
	struct json_object *partials = payload, *p;

	if (main_src && !strcmp(name, main_name)) {
		*src = (struct span){ main_src, main_len };
		*path = "template";
		return 0;
	}

	if (!partials || !json_object_object_get_ex(partials, name, &p) ||
	    !json_object_is_type(p, json_type_string))
		return -1;
	src->p = json_object_get_string(p);
	src->len = (size_t)json_object_get_string_len(p);
	*path = name;           /* the env's copy, as long-lived as the env */
	return 0;
}

static void
print_quoted(const char *label, const char *s, size_t len)
{
	printf("    %s \"", label);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\r')
			fputs("\\r", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	puts("\"");
}

static const char *
str_field(struct json_object *t, const char *key, size_t *len)
{
	struct json_object *o;
	if (!json_object_object_get_ex(t, key, &o) ||
	    !json_object_is_type(o, json_type_string)) {
		*len = 0;
		return NULL;
	}
	*len = (size_t)json_object_get_string_len(o);
	return json_object_get_string(o);
}

/* Every value of the data tree, the root first. */
static void
all_vals(const struct val *v, const struct val ***out, size_t *n,
	 size_t *cap)
{
	void *p = *out;
	xgrow(&p, cap, *n + 1, sizeof(**out));
	*out = p;
	(*out)[(*n)++] = v;
	if (v->kind == VAL_LIST)
		for (size_t i = 0; i < v->n; i++)
			all_vals(v->items[i], out, n, cap);
	else if (v->kind == VAL_MAP)
		for (size_t i = 0; i < v->n; i++)
			all_vals(v->pairs[i].v, out, n, cap);
}

/* Pieces pasted over the whole run, so that the test below is shown to
 * exercise pasting and not only the fallback. */
static size_t spec_pasted;

/*
 * Renders the test again with a piece of every partial for every value
 * of its data (with the whole data around it, and with nothing): pieces
 * must never change a byte, whether they are pasted or not.
 */
static bool
same_with_pieces(const char *file, const char *name, struct json_object *t,
		 const char *tmpl, size_t tlen, const char *expected,
		 size_t elen)
{
	struct json_object *partials = NULL, *data = NULL;
	json_object_object_get_ex(t, "partials", &partials);
	json_object_object_get_ex(t, "data", &data);
	if (!partials || !json_object_is_type(partials, json_type_object))
		return true;
	struct arena a = ARENA_INIT;
	struct diag_list dl = DIAG_LIST_INIT;
	struct sbuf out = SBUF_INIT;
	struct tpl_env *env = tpl_env_new(load_partial, partials, &dl);
	main_src = tmpl;
	main_len = tlen;
	const struct val *root = from_json(&a, data);
	const struct val **vals = NULL;
	size_t n = 0, cap = 0;
	all_vals(root, &vals, &n, &cap);
	bool ok = tpl_compile(env, main_name) == 0;
	json_object_object_foreach(partials, key, unused) {
		(void)unused;
		tpl_compile(env, key);
	}
	tpl_freeze(env);
	for (int outer = 0; ok && outer < 2; outer++) {
		struct tpl_pieces *ps = tpl_pieces_new();
		json_object_object_foreach(partials, pname, pv) {
			(void)pv;
			for (size_t i = 0; i < n; i++)
				tpl_pieces_add(ps, tpl_piece_render(env, pname,
					outer ? root : NULL, vals[i], &a));
		}
		sbuf_reset(&out);
		int rc = tpl_render_pieces(env, main_name, root, ps,
					   &spec_pasted, &out, &dl);
		ok = rc == 0 && out.len == elen &&
		     memcmp(out.data, expected, elen) == 0;
		if (!ok) {
			printf("FAIL %s: %s, with pieces (%s outer data)\n",
			       file, name, outer ? "with" : "without");
			print_quoted("expected:", expected, elen);
			print_quoted("actual:  ", out.data, out.len);
		}
		tpl_pieces_free(ps);
	}
	main_src = NULL;
	free(vals);
	tpl_env_free(env);
	sbuf_release(&out);
	diag_list_release(&dl);
	arena_release(&a);
	return ok;
}

/* Runs one spec test; returns true when it passes. */
static bool
run_case(const char *file, struct json_object *t)
{
	struct arena a = ARENA_INIT;
	struct diag_list dl = DIAG_LIST_INIT;
	struct sbuf out = SBUF_INIT;
	struct json_object *data = NULL, *partials = NULL;
	size_t tlen, elen;
	const char *name = str_field(t, "name", &tlen);
	const char *tmpl = str_field(t, "template", &tlen);
	const char *expected = str_field(t, "expected", &elen);

	json_object_object_get_ex(t, "data", &data);
	json_object_object_get_ex(t, "partials", &partials);
	if (!name)
		name = "(unnamed)";

	struct tpl_env *env = tpl_env_new(load_partial, partials, &dl);
	main_src = tmpl;
	main_len = tlen;
	int rc = tmpl && expected ?
		tpl_render(env, main_name, from_json(&a, data), &out) : -1;
	main_src = NULL;
	bool ok = rc == 0 && dl.n == 0 && out.len == elen &&
		  memcmp(out.data, expected, elen) == 0;
	if (!ok) {
		printf("FAIL %s: %s\n", file, name);
		if (tmpl)
			print_quoted("template:", tmpl, tlen);
		if (expected)
			print_quoted("expected:", expected, elen);
		print_quoted("actual:  ", out.data, out.len);
		if (rc)
			printf("    tpl_render returned %d\n", rc);
		diag_print(&dl, stdout, msg_lang_find("en"));
	}
	tpl_env_free(env);
	sbuf_release(&out);
	diag_list_release(&dl);
	arena_release(&a);
	return ok && same_with_pieces(file, name, t, tmpl, tlen, expected,
				      elen);
}

static void
run_spec_file(const char *file)
{
	if (!spec_dir_exists())
		skip();

	struct sbuf path = SBUF_INIT;
	sbuf_putf(&path, "%s/%s", spec_dir(), file);
	struct json_object *root = json_object_from_file(path.data);
	if (!root) {
		printf("mustache spec: cannot read %s: %s\n", path.data,
		       json_util_get_last_err());
		sbuf_release(&path);
		fail();
	}
	sbuf_release(&path);

	struct json_object *tests;
	size_t pass = 0, failed = 0;
	if (json_object_object_get_ex(root, "tests", &tests) &&
	    json_object_is_type(tests, json_type_array)) {
		size_t n = json_object_array_length(tests);
		for (size_t i = 0; i < n; i++) {
			if (run_case(file, json_object_array_get_idx(tests, i)))
				pass++;
			else
				failed++;
		}
	}
	json_object_put(root);
	printf("mustache spec: %s: %zu passed, %zu failed\n", file, pass,
	       failed);
	fflush(stdout);         /* cmocka reports on stderr */
	if (failed || !pass)
		fail_msg("%zu of %zu tests of %s failed", failed,
			 pass + failed, file);
}

/* One test per spec file, named after it.  Not one function with the
 * file name as its state: cmocka's state is a void *, and the names are
 * string constants. */
#define SPEC_TEST(fn, file) \
	static void fn(void **state) { (void)state; run_spec_file(file); }
SPEC_TEST(test_spec_comments, "comments.json")
SPEC_TEST(test_spec_delimiters, "delimiters.json")
SPEC_TEST(test_spec_interpolation, "interpolation.json")
SPEC_TEST(test_spec_inverted, "inverted.json")
SPEC_TEST(test_spec_partials, "partials.json")
SPEC_TEST(test_spec_sections, "sections.json")
SPEC_TEST(test_spec_inheritance, "~inheritance.json")
SPEC_TEST(test_spec_dynamic_names, "~dynamic-names.json")

/* Runs after the files: the pieces test above pasted something, so it
 * checked pasting and not only the fallback. */
static void
test_pieces_were_pasted(void **state)
{
	(void)state;
	if (!spec_dir_exists())
		skip();
	printf("mustache spec: %zu pieces pasted\n", spec_pasted);
	assert_true(spec_pasted > 0);
}

#define SPEC_FILE(fn, file) { file, fn, NULL, NULL, NULL }

int
main(void)
{
	/* Every file except ~lambdas, which needs lambdas. */
	static const struct CMUnitTest tests[] = {
		SPEC_FILE(test_spec_comments, "comments.json"),
		SPEC_FILE(test_spec_delimiters, "delimiters.json"),
		SPEC_FILE(test_spec_interpolation, "interpolation.json"),
		SPEC_FILE(test_spec_inverted, "inverted.json"),
		SPEC_FILE(test_spec_partials, "partials.json"),
		SPEC_FILE(test_spec_sections, "sections.json"),
		SPEC_FILE(test_spec_inheritance, "~inheritance.json"),
		SPEC_FILE(test_spec_dynamic_names, "~dynamic-names.json"),
		cmocka_unit_test(test_pieces_were_pasted),
	};

	if (!spec_dir_exists())
		printf("mustache spec: skipped: %s not found (the spec tests "
		       "live in ../shared/mustache-spec)\n", spec_dir());
	return cmocka_run_group_tests_name("mustache_spec", tests, NULL, NULL);
}
