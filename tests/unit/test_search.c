/*
 * test_search.c - the search index (plan/search.h) and the cutting of
 * words it rests on (fold_each_word, util/fold.h): the shared vectors
 * of tests/data/fold-vectors.json, which the browser's search.js must
 * give too (tests/data/fold.mjs); each field's weight; the spellings a
 * token keeps; the story's first words only; and chunks that split by
 * prefix, each token in the chunk with the longest name that begins it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "fixture.h"
#include "model/catalog.h"
#include "model/site.h"
#include "plan/search.h"
#include "util/arena.h"
#include "util/fold.h"
#include "util/banned.h"

static const char SITE_YAML[] =
	"title: OCOP\n"
	"base_url: https://ocop.example.gov.vn/\n"
	"languages: [vi, en]\n";

struct fixture {
	struct fixture_core core;
	struct fixture_files files;
	struct site site;
	struct catalog cat;
	struct search_index ix;
};

static int
setup(void **state)
{
	return fixture_setup(state, sizeof(struct fixture));
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	search_release(&f->ix);
	fixture_free(f);
	return 0;
}

/* ---- the shared vectors ------------------------------------------------ */

static bool
collect(const char *folded, const char *spelling, void *ctx)
{
	struct json_object *arr = ctx;
	struct json_object *pair = json_object_new_array();
	json_object_array_add(pair, json_object_new_string(folded));
	json_object_array_add(pair, json_object_new_string(spelling));
	json_object_array_add(arr, pair);
	return true;
}

static void
test_search_words_match_the_shared_vectors(void **state)
{
	(void)state;
	struct json_object *root =
		json_object_from_file("tests/data/fold-vectors.json");
	assert_non_null(root);
	struct json_object *v = json_object_object_get(root, "vectors");
	size_t n = json_object_array_length(v);
	assert_true(n >= 30);
	/* without a memo, then with one: twice, the second time every
	 * word from the memo (and a memo shared by all the vectors) */
	struct arena a = ARENA_INIT;
	struct fold_memo memo;
	fold_memo_init(&memo, &a);
	for (int round = 0; round < 3; round++) {
		for (size_t i = 0; i < n; i++) {
			struct json_object *e = json_object_array_get_idx(v, i);
			const char *in = json_object_get_string(json_object_object_get(e, "input"));
			struct json_object *got = json_object_new_array();
			if (round)
				fold_each_word_memo(in, strlen(in), collect, got,
						    &memo);
			else
				fold_each_word(in, strlen(in), collect, got);
			const char *want = json_object_to_json_string_ext(
				json_object_object_get(e, "words"), JSON_C_TO_STRING_PLAIN);
			const char *have = json_object_to_json_string_ext(got,
				JSON_C_TO_STRING_PLAIN);
			if (strcmp(want, have))
				fail_msg("round %d, \"%s\": got %s, want %s",
					 round, in, have, want);
			json_object_put(got);
		}
	}
	fold_memo_release(&memo);
	arena_release(&a);
	json_object_put(root);
}

/* Takes words until it has two. */
static bool
two_words(const char *folded, const char *spelling, void *ctx)
{
	(void)spelling;
	struct sbuf *got = ctx;
	sbuf_putf(got, "%s%s", got->len ? " " : "", folded);
	return strchr(got->data, ' ') == NULL;
}

static void
test_search_words_stop_when_told(void **state)
{
	(void)state;
	/* after an ASCII word and after one with marks (each_spelling's
	 * two ways out) */
	const char *texts[][2] = {
		{ "mat ong vu quang", "mat ong" },
		{ "Mật Ong Vũ Quang", "mat ong" },
		{ "Ma\u0302\u0323t Ong Vu Quang", "mat ong" },
	};
	struct arena a = ARENA_INIT;
	struct fold_memo memo;
	fold_memo_init(&memo, &a);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		for (int round = 0; round < 3; round++) {
			struct sbuf got = SBUF_INIT;
			if (round)
				fold_each_word_memo(texts[i][0], strlen(texts[i][0]),
						    two_words, &got, &memo);
			else
				fold_each_word(texts[i][0], strlen(texts[i][0]),
					       two_words, &got);
			assert_string_equal(got.data, texts[i][1]);
			sbuf_release(&got);
		}
	}
	fold_memo_release(&memo);
	arena_release(&a);
}

/* ---- the index ------------------------------------------------------------ */

static void
load(struct fixture *f, size_t chunk_postings)
{
	struct arena *a = &f->core.arena;
	fixture_add_file(&f->files, a, "site.yaml", SITE_YAML);
	fixture_add_file(&f->files, a, "content/producers/htx-a.md",
			 fixture_producer_md(a, "HTX Hương Sơn", ""));
	fixture_add_file(&f->files, a, "content/products/mat-ong.md",
		"---\n"
		"name: Mật ong Vũ Quang\n"
		"stars: 4\n"
		"group: thuc-pham\n"
		"subgroup: mat-ong\n"
		"code: 42-001-2-5-2024\n"
		"producer: htx-a\n"
		"summary: Mật ong rừng nguyên chất\n"
		"tags: [quà biếu]\n"
		"location: { province: Hà Tĩnh, commune: Hương Minh }\n"
		"certificate:\n"
		"  number: 1542/QĐ-UBND\n"
		"  issued: 2024-06-12\n"
		"---\n"
		"Ong **mát** lành. Một hai ba bốn năm sáu bảy tám chín mười.\n");
	fixture_add_file(&f->files, a, "content/products/mat-ong.en.md",
		"---\n"
		"name: Vu Quang honey\n"
		"---\n");
	fixture_add_file(&f->files, a, "content/products/tra-mat.md",
		"---\n"
		"name: Trà mát Hương Sơn\n"
		"stars: 3\n"
		"group: do-uong\n"
		"producer: htx-a\n"
		"location: { province: Hà Tĩnh, commune: Sơn Tiến }\n"
		"certificate:\n"
		"  number: 7/QĐ-UBND\n"
		"  issued: 2024-06-12\n"
		"---\n");
	assert_int_equal(fixture_load_catalog(&f->cat, &f->site, &f->files.set,
					      "2026-03-05", &f->core), 0);
	search_build(&f->ix, &f->cat, NULL, chunk_postings, 1, a);
}

static const struct search_token *
token(const struct search_index *ix, const char *text)
{
	for (size_t i = 0; i < ix->n_tokens; i++)
		if (!strcmp(ix->tokens[i].text, text))
			return &ix->tokens[i];
	return NULL;
}

/* The posting of the product of catalog index product under text, or
 * fails. */
static const struct search_posting *
posting(const struct search_index *ix, const char *text, size_t product)
{
	const struct search_token *t = token(ix, text);
	uint32_t doc = ix->doc_of[product];
	if (!t)
		fail_msg("no token \"%s\"", text);
	for (size_t i = 0; i < t->n; i++)
		if (t->p[i].doc == doc)
			return &t->p[i];
	fail_msg("token \"%s\" has no posting for document %u", text, doc);
	return NULL;
}

static void
test_search_fields_and_weights(void **state)
{
	struct fixture *f = *state;
	load(f, 0);
	const struct search_index *ix = &f->ix;
	assert_int_equal(ix->n_docs, 2);
	/* catalog order: mat-ong (0), tra-mat (1) */
	assert_string_equal(f->cat.products[0]->e.slug, "mat-ong");
	assert_int_equal(posting(ix, "vu", 0)->weight, SEARCH_NAME);
	/* every posting carries its document's stars and status */
	assert_int_equal(posting(ix, "vu", 0)->rank, 1 * CERT_STATUSES + CERT_VALID);
	assert_int_equal(posting(ix, "tinh", 1)->rank, 0 * CERT_STATUSES + CERT_VALID);
	assert_int_equal(posting(ix, "honey", 0)->weight, SEARCH_NAME);
	/* "huong" names the producer of both, and the commune of mat-ong:
	 * the producer's weight is the better */
	assert_int_equal(posting(ix, "huong", 0)->weight, SEARCH_PRODUCER);
	assert_int_equal(posting(ix, "minh", 0)->weight, SEARCH_PLACE);
	assert_int_equal(posting(ix, "tinh", 1)->weight, SEARCH_PLACE);
	assert_int_equal(posting(ix, "1542", 0)->weight, SEARCH_CODE);
	/* a code is one token of its words joined, and one of each number;
	 * its other words are not tokens ("qd" would be in every product) */
	assert_int_equal(posting(ix, "1542qdubnd", 0)->weight, SEARCH_CODE);
	assert_int_equal(posting(ix, "7qdubnd", 1)->weight, SEARCH_CODE);
	assert_int_equal(posting(ix, "42001252024", 0)->weight, SEARCH_CODE);
	assert_int_equal(posting(ix, "001", 0)->weight, SEARCH_CODE);
	assert_null(token(ix, "qd"));
	assert_null(token(ix, "ubnd"));
	assert_string_equal(token(ix, "1542qdubnd")->forms[0], "1542qđubnd");
	assert_int_equal(posting(ix, "bieu", 0)->weight, SEARCH_KIND);
	assert_int_equal(posting(ix, "pham", 0)->weight, SEARCH_GROUP);  /* thuc-pham */
	assert_int_equal(posting(ix, "nguyen", 0)->weight, SEARCH_SUMMARY);
	assert_int_equal(posting(ix, "lanh", 0)->weight, SEARCH_STORY);
	/* the name's words, in order */
	assert_int_equal(posting(ix, "mat", 0)->pos, 0);
	assert_int_equal(posting(ix, "ong", 0)->pos, 1);
	assert_int_equal(posting(ix, "quang", 0)->pos, 3);
	/* one posting per document, the best field's */
	const struct search_token *ong = token(ix, "ong");
	assert_int_equal(ong->n, 1);
	/* "mật" (mat-ong's name), "mát" (tra-mat's name, mat-ong's story)
	 * and "mat" (the subgroup mat-ong) are one token spelled three
	 * ways */
	const struct search_token *mat = token(ix, "mat");
	assert_int_equal(mat->n, 2);
	assert_int_equal(mat->n_forms, 3);
	assert_string_equal(mat->forms[posting(ix, "mat", 0)->form], "mật");
	assert_string_equal(mat->forms[posting(ix, "mat", 1)->form], "mát");
	/* tokens sorted */
	for (size_t i = 1; i < ix->n_tokens; i++)
		assert_true(strcmp(ix->tokens[i - 1].text, ix->tokens[i].text) < 0);
	/* no markup from the story's HTML */
	assert_null(token(ix, "strong"));
	assert_null(token(ix, "p"));
}

static void
test_search_story_words_are_capped(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	struct sbuf story = SBUF_INIT;
	for (int i = 0; i < SEARCH_STORY_WORDS + 10; i++)
		sbuf_putf(&story, "w%d ", i);
	fixture_add_file(&f->files, a, "site.yaml", SITE_YAML);
	fixture_add_file(&f->files, a, "content/producers/htx-a.md",
			 fixture_producer_md(a, "HTX A", ""));
	fixture_add_file(&f->files, a, "content/products/dai.md",
		arena_printf(a, "---\nname: Dài\nstars: 3\ngroup: thuc-pham\n"
			     "producer: htx-a\nlocation: { province: Hà Tĩnh, commune: Kỳ Ninh }\n"
			     "certificate:\n  number: 1/QĐ\n  issued: 2024-06-12\n"
			     "---\n%s\n", story.data));
	sbuf_release(&story);
	assert_int_equal(fixture_load_catalog(&f->cat, &f->site, &f->files.set,
					      "2026-03-05", &f->core), 0);
	search_build(&f->ix, &f->cat, NULL, 0, 1, a);
	char last[16], over[16];
	snprintf(last, sizeof(last), "w%d", SEARCH_STORY_WORDS - 1);
	snprintf(over, sizeof(over), "w%d", SEARCH_STORY_WORDS);
	assert_non_null(token(&f->ix, last));
	assert_null(token(&f->ix, over));
}

/* With two postings to a chunk, chunks split down to longer prefixes;
 * every token is in exactly one chunk, the one with the longest name
 * that begins it, and the names are sorted and made of a-z, 0-9. */
static void
test_search_chunks_by_prefix(void **state)
{
	struct fixture *f = *state;
	load(f, 2);
	const struct search_index *ix = &f->ix;
	assert_true(ix->n_chunks > 10);
	size_t covered = 0;
	for (size_t c = 0; c < ix->n_chunks; c++) {
		const struct search_chunk *ch = &ix->chunks[c];
		if (c)
			assert_true(strcmp(ix->chunks[c - 1].name, ch->name) < 0);
		assert_true(ch->n > 0);
		for (const char *p = ch->name; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'));
		assert_int_equal(ch->first, covered);
		covered += ch->n;
		for (size_t i = ch->first; i < ch->first + ch->n; i++) {
			const char *t = ix->tokens[i].text;
			assert_int_equal(strncmp(t, ch->name, strlen(ch->name)), 0);
			/* no other chunk has a longer name that begins t */
			for (size_t o = 0; o < ix->n_chunks; o++) {
				const char *n = ix->chunks[o].name;
				if (strlen(n) > strlen(ch->name) && !strncmp(t, n, strlen(n)))
					fail_msg("\"%s\" is in chunk \"%s\", but \"%s\" begins it",
						 t, ch->name, n);
			}
		}
	}
	assert_int_equal(covered, ix->n_tokens);
	/* "m" split: "mat" has a chunk of its own prefix */
	bool split = false;
	for (size_t c = 0; c < ix->n_chunks; c++)
		split |= !strncmp(ix->chunks[c].name, "ma", 2);
	assert_true(split);
}

/* Made on three threads, the index is the one made on one: the same
 * tokens, postings in document order, spellings numbered alike. */
/* The products of names, each a product file of its own with that
 * slug, in f's catalog, indexed. */
static void
load_slugs(struct fixture *f, const char *const *slugs, size_t n)
{
	struct arena *a = &f->core.arena;
	fixture_add_file(&f->files, a, "site.yaml", SITE_YAML);
	fixture_add_file(&f->files, a, "content/producers/htx-a.md",
			 fixture_producer_md(a, "HTX A", ""));
	for (size_t i = 0; i < n; i++)
		fixture_add_file(&f->files, a,
			arena_printf(a, "content/products/%s.md", slugs[i]),
			arena_printf(a, "---\nname: Sản phẩm %s\nstars: 3\n"
				     "group: thuc-pham\nproducer: htx-a\n"
				     "location: { province: Hà Tĩnh, commune: Kỳ Ninh }\n"
				     "certificate:\n  number: %zu/QĐ\n  issued: 2024-06-12\n"
				     "---\n", slugs[i], i + 1));
	assert_int_equal(fixture_load_catalog(&f->cat, &f->site, &f->files.set,
					      "2026-03-05", &f->core), 0);
	search_build(&f->ix, &f->cat, NULL, 0, 1, a);
}

/* A document's number comes from its slug: numbers are distinct, below
 * space + n, in by_doc's order; and adding a product (the space staying
 * the same) leaves the others' numbers as they were, so the chunks of
 * their words do not change. */
static void
test_search_numbers_follow_slugs(void **state)
{
	struct fixture *f = *state;
	static const char *const slugs[] = {
		"mat-ong-vu-quang", "buoi-phuc-trach", "nuoc-mam-ky-ninh",
		"keo-cu-do", "che-xanh", "nhung-huou", "cam-bu", "tra-mat",
		"moc-thai-yen", "banh-ram", "ca-phe", "com-xanh",
	};
	size_t n = sizeof(slugs) / sizeof(slugs[0]);
	load_slugs(f, slugs, n - 1);        /* space 128 for 11 and 12 */
	const struct search_index *ix = &f->ix;
	assert_int_equal(ix->space, 128);
	uint32_t before[16];
	for (size_t i = 0; i < n - 1; i++) {
		const struct product *p = f->cat.products[i];
		size_t k = 0;
		while (k < n - 1 && strcmp(slugs[k], p->e.slug))
			k++;
		before[k] = ix->doc_of[i];
	}
	for (size_t k = 1; k < ix->n_docs; k++)
		assert_true(ix->doc_of[ix->by_doc[k - 1]] < ix->doc_of[ix->by_doc[k]]);
	assert_true(ix->doc_of[ix->by_doc[ix->n_docs - 1]] < ix->space + ix->n_docs);
	search_release(&f->ix);
	fixture_free(f);
	assert_int_equal(setup(state), 0);
	f = *state;
	load_slugs(f, slugs, n);
	assert_int_equal(f->ix.space, 128);
	size_t same = 0;
	for (size_t i = 0; i < n; i++) {
		const struct product *p = f->cat.products[i];
		for (size_t k = 0; k < n - 1; k++)
			if (!strcmp(slugs[k], p->e.slug))
				same += before[k] == f->ix.doc_of[i];
	}
	assert_int_equal(same, n - 1);
}

static void
test_search_same_on_every_core(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	static const char *const names[] = {
		"Mật ong Vũ Quang", "Mát mẻ", "Mat ong rừng", "Chè xanh",
		"Chè mật", "Mắm tôm", "Mật ong Hương Sơn", "Nước mắm Kỳ Ninh",
		"Mật mía", "Trà mát",
	};
	size_t n = sizeof(names) / sizeof(names[0]);
	fixture_add_file(&f->files, a, "site.yaml", SITE_YAML);
	fixture_add_file(&f->files, a, "content/producers/htx-a.md",
			 fixture_producer_md(a, "HTX A", ""));
	for (size_t i = 0; i < n; i++)
		fixture_add_file(&f->files, a,
			arena_printf(a, "content/products/p%02zu.md", i),
			arena_printf(a, "---\nname: %s\nstars: 3\ngroup: thuc-pham\n"
				     "producer: htx-a\nlocation: { province: Hà Tĩnh, commune: Kỳ Ninh }\n"
				     "certificate:\n  number: %zu/QĐ\n  issued: 2024-06-12\n"
				     "---\nCâu chuyện %s.\n", names[i], i + 1, names[i]));
	assert_int_equal(fixture_load_catalog(&f->cat, &f->site, &f->files.set,
					      "2026-03-05", &f->core), 0);
	struct search_index one, three;
	search_build(&one, &f->cat, NULL, 2, 1, a);
	search_build(&three, &f->cat, NULL, 2, 3, a);
	assert_int_equal(one.n_tokens, three.n_tokens);
	for (size_t i = 0; i < one.n_tokens; i++) {
		const struct search_token *x = &one.tokens[i], *y = &three.tokens[i];
		assert_string_equal(x->text, y->text);
		assert_int_equal(x->n_forms, y->n_forms);
		for (size_t k = 0; k < x->n_forms; k++)
			assert_string_equal(x->forms[k], y->forms[k]);
		assert_int_equal(x->n, y->n);
		for (size_t k = 0; k < x->n; k++) {
			assert_int_equal(x->p[k].doc, y->p[k].doc);
			assert_int_equal(x->p[k].weight, y->p[k].weight);
			assert_int_equal(x->p[k].form, y->p[k].form);
			assert_int_equal(x->p[k].pos, y->p[k].pos);
			assert_int_equal(x->p[k].rank, y->p[k].rank);
		}
	}
	assert_int_equal(one.n_chunks, three.n_chunks);
	for (size_t i = 0; i < one.n_chunks; i++)
		assert_string_equal(one.chunks[i].name, three.chunks[i].name);
	/* "mat" is in seven of them, spelled three ways */
	const struct search_token *mat = token(&three, "mat");
	assert_int_equal(mat->n, 7);
	assert_int_equal(mat->n_forms, 3);
	search_release(&one);
	search_release(&three);
}

/* A theme's names of a product's group and subgroup, in each language,
 * are words of its kind. */
static const char *
names_of(const void *ctx, int lang, int group, const char *subgroup)
{
	(void)ctx;
	if (group != GROUP_THUC_PHAM)
		return NULL;
	if (subgroup)
		return lang ? "Honey" : NULL;       /* none in Vietnamese */
	return lang ? "Food" : "Thực phẩm";
}

static void
test_search_kind_names(void **state)
{
	struct fixture *f = *state;
	struct arena *a = &f->core.arena;
	fixture_add_file(&f->files, a, "site.yaml", SITE_YAML);
	fixture_add_file(&f->files, a, "content/producers/htx-a.md",
			 fixture_producer_md(a, "HTX A", ""));
	fixture_add_file(&f->files, a, "content/products/mat.md",
		"---\nname: Mật ong\nstars: 3\ngroup: thuc-pham\nsubgroup: mat-ong\n"
		"producer: htx-a\nlocation: { province: Hà Tĩnh, commune: Kỳ Ninh }\n"
		"certificate:\n  number: 1/QĐ\n  issued: 2024-06-12\n---\n");
	assert_int_equal(fixture_load_catalog(&f->cat, &f->site, &f->files.set,
					      "2026-03-05", &f->core), 0);
	struct search_names names = { names_of, NULL };
	search_build(&f->ix, &f->cat, &names, 0, 1, a);
	assert_int_equal(posting(&f->ix, "honey", 0)->weight, SEARCH_KIND);
	/* the group's names weigh less than the subgroup's */
	assert_int_equal(posting(&f->ix, "food", 0)->weight, SEARCH_GROUP);
	assert_int_equal(posting(&f->ix, "thuc", 0)->weight, SEARCH_GROUP);
	/* without names: the slugs only */
	search_release(&f->ix);
	search_build(&f->ix, &f->cat, NULL, 0, 1, a);
	assert_null(token(&f->ix, "honey"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_search_words_match_the_shared_vectors),
		T(test_search_words_stop_when_told),
		T(test_search_fields_and_weights),
		T(test_search_story_words_are_capped),
		T(test_search_chunks_by_prefix),
		T(test_search_numbers_follow_slugs),
		T(test_search_same_on_every_core),
		T(test_search_kind_names),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
