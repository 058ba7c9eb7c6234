/*
 * test_search_json.c - the search index's files (render/search_json.h),
 * from a catalog loaded by catalog_load() from literal files, planned
 * without a theme, with the embeds' records (embed_records_build()):
 *  - meta.json, byte for byte: version, languages, the count, the
 *    statuses, every chunk's name and the weights;
 *  - a chunk of documents: exactly the records of the documents
 *    numbered in it, under their numbers, in order;
 *  - a chunk of documents keeps a hostile name ("</script>, quotes) a
 *    JSON string, and one past the last document is empty;
 *  - a chunk of tokens: each token with its spellings (Vietnamese marks
 *    kept) and its postings as steps between numbers, with weight,
 *    spelling, position and rank, and the records of the documents the
 *    token shows first;
 *  - facets.json: the numbers as steps, and each document's code in
 *    each facet (stars, status on the build date with revoked and
 *    expired, group, province, producer type) decoding to its value;
 *  - a province's communes, byte for byte: its documents only, and
 *    each one's commune as "<province>/<commune>";
 *  - an empty catalog: no chunks, no documents, and valid JSON.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "fixture.h"
#include "model/catalog.h"
#include "model/date.h"
#include "model/site.h"
#include "plan/plan.h"
#include "render/embed.h"
#include "render/search_json.h"
#include "util/arena.h"
#include "util/sbuf.h"
#include "util/banned.h"

#define AS_OF "2026-03-05"

static const char SITE_YAML[] =
	"title: OCOP\n"
	"base_url: https://ocop.example.gov.vn/\n"
	"languages: [vi, en]\n";

struct fixture {
	struct fixture_core core;
	struct fixture_files files;
	struct site site;
	struct catalog cat;
	struct plan plan;
	struct embed_records rec;
	struct sbuf out;
};

static int
setup(void **state)
{
	if (fixture_setup(state, sizeof(struct fixture)) < 0)
		return -1;
	struct fixture *f = *state;
	sbuf_init(&f->out);
	struct arena *a = &f->core.arena;
	fixture_add_file(&f->files, a, "site.yaml", SITE_YAML);
	fixture_add_file(&f->files, a, "content/producers/htx-a.md",
			 fixture_producer_md(a, "HTX A", ""));
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	plan_release(&f->plan);
	sbuf_release(&f->out);
	return fixture_teardown(state);
}

static void
add_product(struct fixture *f, const char *slug, const char *name, int stars,
	    const char *group, const char *province, const char *cert)
{
	struct arena *a = &f->core.arena;
	fixture_add_file(&f->files, a, arena_printf(a, "content/products/%s.md", slug),
		arena_printf(a,
			"---\n"
			"name: '%s'\n"
			"stars: %d\n"
			"group: %s\n"
			"producer: htx-a\n"
			"location: { province: %s, commune: Thạch Kim }\n"
			"certificate:\n"
			"%s"
			"---\n", name, stars, group, province, cert));
}

static void
build(struct fixture *f)
{
	assert_int_equal(fixture_load_catalog(&f->cat, &f->site, &f->files.set,
					      AS_OF, &f->core), 0);
	assert_int_equal(plan_build(&f->plan, &f->cat, NULL, 0, NULL, NULL, NULL,
				    NULL, 0, 1, &f->core.arena, &f->core.diags), 0);
	fixture_assert_diag_count(&f->core.diags, 0);
	embed_records_build(&f->rec, &f->cat, 1, &f->core.arena);
	assert_int_equal(f->rec.n, f->cat.n_products);
}

/* Three products: valid, revoked and expired, in two provinces. */
static void
three(struct fixture *f)
{
	add_product(f, "buoi", "Bưởi Phúc Trạch \"</script>", 4, "thuc-pham",
		    "Hà Tĩnh",
		    "  number: 1234/QĐ-UBND\n  issued: 2024-06-12\n");
	add_product(f, "keo", "Kẹo cu đơ", 5, "thuc-pham", "Hà Tĩnh",
		    "  number: 12/QĐ-UBND\n  issued: 2024-01-02\n"
		    "  revoked: { date: 2025-01-02, decision: 9/QĐ-UBND }\n");
	add_product(f, "che", "Chè xanh", 3, "do-uong", "Nghệ An",
		    "  number: 7/QĐ\n  issued: 2020-01-01\n");
	build(f);
}

/* The item of kind k (and page, for the chunks). */
static const struct plan_item *
item(const struct fixture *f, enum plan_kind k, size_t page)
{
	for (size_t i = 0; i < f->plan.n; i++)
		if (f->plan.v[i].kind == k && f->plan.v[i].page == page)
			return &f->plan.v[i];
	fail_msg("no item of kind %d, page %zu", (int)k, page);
	return NULL;
}

static struct json_object *
parsed(const struct sbuf *sb)
{
	assert_true(sb->len > 0 && sb->data[sb->len - 1] == '\n');
	struct json_object *o = json_tokener_parse(sb->data);
	assert_non_null(o);
	return o;
}

static void
test_search_json_meta(void **state)
{
	struct fixture *f = *state;
	three(f);
	const struct search_index *ix = &f->plan.search;
	assert_int_equal(ix->n_docs, 3);
	assert_true(ix->n_chunks > 0);
	search_json(&f->out, &f->plan, item(f, PLAN_SEARCH_META, 0), &f->rec);
	const char *chunks = "";
	for (size_t i = 0; i < ix->n_chunks; i++)
		chunks = arena_printf(&f->core.arena, "%s%s\"%s\"", chunks,
				      i ? "," : "", ix->chunks[i].name);
	assert_string_equal(f->out.data, arena_printf(&f->core.arena,
		"{\"version\":2,\"language\":\"vi\",\"languages\":[\"vi\",\"en\"],"
		"\"docs\":3,\"doc_chunk\":256,\"statuses\":[\"valid\",\"expired\","
		"\"revoked\",\"pending\",\"unpublished\"],\"chunks\":[%s],"
		"\"weights\":{\"code\":12,\"name\":10,\"producer\":6,\"place\":5,"
		"\"kind\":4,\"group\":3,\"summary\":2,\"story\":1}}\n", chunks));
}

/* The first chunk of documents holds the three records, by number. */
static void
test_search_json_docs(void **state)
{
	struct fixture *f = *state;
	three(f);
	const struct search_index *ix = &f->plan.search;
	search_json(&f->out, &f->plan, item(f, PLAN_SEARCH_DOCS, 0), &f->rec);
	struct sbuf want = SBUF_INIT;
	sbuf_puts(&want, "{\"version\":2,\"first\":0,\"docs\":{");
	for (size_t k = 0; k < ix->n_docs; k++) {
		size_t i = ix->by_doc[k];
		assert_true(ix->doc_of[i] < SEARCH_DOC_CHUNK);
		if (k)
			assert_true(ix->doc_of[i] > ix->doc_of[ix->by_doc[k - 1]]);
		sbuf_putf(&want, "%s\"%u\":%.*s", k ? "," : "", ix->doc_of[i],
			  (int)f->rec.v[i].len, f->rec.v[i].p);
	}
	sbuf_puts(&want, "}}\n");
	assert_string_equal(f->out.data, want.data);
	sbuf_release(&want);
	/* the records are JSON: the hostile name is a string in them */
	struct json_object *root = parsed(&f->out);
	bool named = false;
	json_object_object_foreach(json_object_object_get(root, "docs"), num, rec) {
		(void)num;
		struct json_object *name = NULL, *vi = NULL;
		if (json_object_object_get_ex(rec, "name", &name) &&
		    json_object_object_get_ex(name, "vi", &vi) &&
		    !strcmp(json_object_get_string(vi),
			    "Bưởi Phúc Trạch \"</script>"))
			named = true;
	}
	assert_true(named);
	json_object_put(root);
	/* a chunk past the last document is empty */
	struct plan_item past = *item(f, PLAN_SEARCH_DOCS, 0);
	past.page = 1;
	sbuf_reset(&f->out);
	search_json(&f->out, &f->plan, &past, &f->rec);
	assert_string_equal(f->out.data, "{\"version\":2,\"first\":256,\"docs\":{}}\n");
}

/* The chunk holding token text, and the token's index. */
static size_t
chunk_of(const struct search_index *ix, const char *text, size_t *token)
{
	for (size_t c = 0; c < ix->n_chunks; c++)
		for (size_t i = ix->chunks[c].first;
		     i < ix->chunks[c].first + ix->chunks[c].n; i++)
			if (!strcmp(ix->tokens[i].text, text)) {
				*token = i;
				return c;
			}
	fail_msg("no token \"%s\"", text);
	return 0;
}

/* f->out, chunk c of tokens, reads back as the index: every token with
 * its spellings, every posting as the step from the one before, with
 * its weight, spelling, position and rank. */
static void
assert_chunk_reads_back(struct fixture *f, size_t c)
{
	const struct search_index *ix = &f->plan.search;
	struct json_object *root = parsed(&f->out);
	assert_int_equal(json_object_get_int(json_object_object_get(root, "version")), 2);
	struct json_object *tokens = json_object_object_get(root, "tokens");
	assert_int_equal(json_object_array_length(tokens), ix->chunks[c].n);
	for (size_t i = 0; i < ix->chunks[c].n; i++) {
		const struct search_token *st = &ix->tokens[ix->chunks[c].first + i];
		struct json_object *e = json_object_array_get_idx(tokens, i);
		assert_string_equal(json_object_get_string(
			json_object_array_get_idx(e, 0)), st->text);
		struct json_object *forms = json_object_array_get_idx(e, 1);
		assert_int_equal(json_object_array_length(forms), st->n_forms);
		for (size_t k = 0; k < st->n_forms; k++)
			assert_string_equal(json_object_get_string(
				json_object_array_get_idx(forms, k)), st->forms[k]);
		struct json_object *post = json_object_array_get_idx(e, 2);
		assert_int_equal(json_object_array_length(post), 5 * st->n);
		long doc = 0;
		for (size_t k = 0; k < st->n; k++) {
			doc += json_object_get_int(json_object_array_get_idx(post, 5 * k));
			assert_int_equal(doc, st->p[k].doc);
			assert_int_equal(json_object_get_int(
				json_object_array_get_idx(post, 5 * k + 1)), st->p[k].weight);
			assert_int_equal(json_object_get_int(
				json_object_array_get_idx(post, 5 * k + 2)), st->p[k].form);
			assert_int_equal(json_object_get_int(
				json_object_array_get_idx(post, 5 * k + 3)), st->p[k].pos);
			assert_int_equal(json_object_get_int(
				json_object_array_get_idx(post, 5 * k + 4)), st->p[k].rank);
		}
	}
	json_object_put(root);
}

/* "buoi" (a word of one name) in its chunk: its spelling with its
 * marks, one posting at name weight, and the record of its document
 * carried. */
static void
test_search_json_tokens(void **state)
{
	struct fixture *f = *state;
	three(f);
	const struct search_index *ix = &f->plan.search;
	size_t t = 0;
	size_t c = chunk_of(ix, "buoi", &t);
	search_json(&f->out, &f->plan, item(f, PLAN_SEARCH_TOKENS, c), &f->rec);
	const struct search_token *tok = &ix->tokens[t];
	assert_int_equal(tok->n, 1);
	const struct search_posting *q = &tok->p[0];
	assert_int_equal(q->weight, SEARCH_NAME);
	size_t buoi = SIZE_MAX;
	for (size_t i = 0; i < f->cat.n_products; i++)
		if (!strcmp(f->cat.products[i]->e.slug, "buoi"))
			buoi = i;
	assert_int_equal(q->doc, ix->doc_of[buoi]);
	/* the token, byte for byte */
	const char *want = arena_printf(&f->core.arena,
		"[\"buoi\",[\"bưởi\"],[%u,10,0,%u,%u]]", q->doc, q->pos, q->rank);
	if (!strstr(f->out.data, want))
		fail_msg("%s not in %s", want, f->out.data);
	/* its document's record is carried */
	const struct span *r = &f->rec.v[buoi];
	want = arena_printf(&f->core.arena, "\"%u\":%.*s", q->doc, (int)r->len, r->p);
	assert_non_null(strstr(f->out.data, want));
	assert_chunk_reads_back(f, c);
	/* "thach" (the commune of all three): postings as steps from one
	 * number to the next */
	c = chunk_of(ix, "thach", &t);
	assert_int_equal(ix->tokens[t].n, 3);
	sbuf_reset(&f->out);
	search_json(&f->out, &f->plan, item(f, PLAN_SEARCH_TOKENS, c), &f->rec);
	assert_chunk_reads_back(f, c);
}

/* The code of document k in facet fc (width digits of "0-9A-Za-z-_"). */
static unsigned long
code_at(struct json_object *fc, size_t k)
{
	static const char digits[] =
		"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
	int width = json_object_get_int(json_object_object_get(fc, "width"));
	const char *of = json_object_get_string(json_object_object_get(fc, "of"));
	unsigned long v = 0;
	for (int d = 0; d < width; d++)
		v = v * 64 + (unsigned long)(strchr(digits, of[k * (size_t)width + (size_t)d]) - digits);
	return v;
}

/* The key of value v (1-based) of facet fc. */
static const char *
key_of(struct json_object *fc, unsigned long v)
{
	assert_true(v > 0);
	struct json_object *values = json_object_object_get(fc, "values");
	assert_true(v <= json_object_array_length(values));
	return json_object_get_string(json_object_object_get(
		json_object_array_get_idx(values, v - 1), "key"));
}

static void
test_search_json_facets(void **state)
{
	struct fixture *f = *state;
	three(f);
	const struct search_index *ix = &f->plan.search;
	search_json(&f->out, &f->plan, item(f, PLAN_SEARCH_FACETS, 0), &f->rec);
	struct json_object *root = parsed(&f->out);
	/* the numbers, as steps */
	struct json_object *docs = json_object_object_get(root, "docs");
	assert_int_equal(json_object_array_length(docs), 3);
	long n = 0;
	for (size_t k = 0; k < 3; k++) {
		n += json_object_get_int(json_object_array_get_idx(docs, k));
		assert_int_equal(n, ix->doc_of[ix->by_doc[k]]);
	}
	struct json_object *facets = json_object_object_get(root, "facets");
	assert_int_equal(json_object_array_length(facets), 6);
	static const char *const names[] = { "stars", "status", "group",
		"province", "producer_type", "platform" };
	for (size_t k = 0; k < 6; k++) {
		struct json_object *fc = json_object_array_get_idx(facets, k);
		assert_string_equal(json_object_get_string(
			json_object_object_get(fc, "name")), names[k]);
		assert_int_equal(json_object_get_boolean(
			json_object_object_get(fc, "multi")), k == 5);
		assert_int_equal(strlen(json_object_get_string(
			json_object_object_get(fc, "of"))), 3 * (size_t)json_object_get_int(
			json_object_object_get(fc, "width")));
	}
	/* each document's value in each facet */
	for (size_t k = 0; k < 3; k++) {
		const struct product *p = f->cat.products[ix->by_doc[k]];
		const char *slug = p->e.slug;
		const char *stars = !strcmp(slug, "buoi") ? "4" : !strcmp(slug, "keo") ? "5" : "3";
		const char *status = !strcmp(slug, "buoi") ? "valid"
				   : !strcmp(slug, "keo") ? "revoked" : "expired";
		const char *group = !strcmp(slug, "che") ? "do-uong" : "thuc-pham";
		const char *province = !strcmp(slug, "che") ? "nghe-an" : "ha-tinh";
		assert_string_equal(key_of(json_object_array_get_idx(facets, 0),
			code_at(json_object_array_get_idx(facets, 0), k)), stars);
		assert_string_equal(key_of(json_object_array_get_idx(facets, 1),
			code_at(json_object_array_get_idx(facets, 1), k)), status);
		assert_string_equal(key_of(json_object_array_get_idx(facets, 2),
			code_at(json_object_array_get_idx(facets, 2), k)), group);
		assert_string_equal(key_of(json_object_array_get_idx(facets, 3),
			code_at(json_object_array_get_idx(facets, 3), k)), province);
		assert_string_equal(key_of(json_object_array_get_idx(facets, 4),
			code_at(json_object_array_get_idx(facets, 4), k)), "htx");
		/* no platforms: every code 0 */
		assert_int_equal(code_at(json_object_array_get_idx(facets, 5), k), 0);
	}
	/* the province's values carry their names as written */
	assert_non_null(strstr(f->out.data,
		"{\"key\":\"ha-tinh\",\"name\":\"Hà Tĩnh\"},"
		"{\"key\":\"nghe-an\",\"name\":\"Nghệ An\"}"));
	json_object_put(root);
}

/* Hà Tĩnh's communes: its two documents (buoi and keo, not che) and
 * their one commune, exactly. */
static void
test_search_json_communes(void **state)
{
	struct fixture *f = *state;
	three(f);
	const struct search_index *ix = &f->plan.search;
	const struct plan_item *it = NULL;
	for (size_t i = 0; i < f->plan.n; i++)
		if (f->plan.v[i].kind == PLAN_SEARCH_COMMUNES &&
		    !strcmp(f->plan.v[i].list->slug, "ha-tinh"))
			it = &f->plan.v[i];
	assert_non_null(it);
	search_json(&f->out, &f->plan, it, &f->rec);
	uint32_t d[2];
	size_t n = 0;
	for (size_t k = 0; k < ix->n_docs; k++)
		if (strcmp(f->cat.products[ix->by_doc[k]]->e.slug, "che")) {
			assert_true(n < 2);
			d[n++] = ix->doc_of[ix->by_doc[k]];
		}
	assert_int_equal(n, 2);
	assert_string_equal(f->out.data, arena_printf(&f->core.arena,
		"{\"version\":2,\"docs\":[%u,%u],\"facet\":{\"name\":\"commune\","
		"\"multi\":false,\"width\":1,\"values\":[{\"key\":"
		"\"ha-tinh/thach-kim\",\"name\":\"Thạch Kim\"}],\"of\":\"11\"}}\n",
		d[0], d[1] - d[0]));
}

/* Also plan_build() of an empty catalog, which under UBSan once
 * stopped at qsort(NULL, 0, ...) of the provinces (plan.c). */
static void
test_search_json_empty_catalog(void **state)
{
	struct fixture *f = *state;
	build(f);
	search_json(&f->out, &f->plan, item(f, PLAN_SEARCH_META, 0), &f->rec);
	assert_non_null(strstr(f->out.data, ",\"docs\":0,\"doc_chunk\":256,"));
	assert_non_null(strstr(f->out.data, ",\"chunks\":[],"));
	json_object_put(parsed(&f->out));
	sbuf_reset(&f->out);
	search_json(&f->out, &f->plan, item(f, PLAN_SEARCH_FACETS, 0), &f->rec);
	assert_non_null(strstr(f->out.data, "{\"version\":2,\"docs\":[],\"facets\":["
		"{\"name\":\"stars\",\"multi\":false,\"width\":1,\"values\":["
		"{\"key\":\"3\"},{\"key\":\"4\"},{\"key\":\"5\"}],\"of\":\"\"},"));
	json_object_put(parsed(&f->out));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_search_json_meta),
		T(test_search_json_docs),
		T(test_search_json_tokens),
		T(test_search_json_facets),
		T(test_search_json_communes),
		T(test_search_json_empty_catalog),
#undef T
	};
	return cmocka_run_group_tests_name("search_json", tests, NULL, NULL);
}
