/*
 * search.h - the search index of the catalog (docs/search.md), built
 * from the model at plan time so that its files are entries of the
 * plan like any page.
 *
 * Every published product is a document.  Its number comes from its
 * slug alone, so that adding or removing a product renumbers almost no
 * other (and the chunks of their words stay as they were): the slug's
 * hash picks a home among SEARCH_SPREAD times as many slots as the
 * catalog has products (rounded up to a power of two), and documents
 * sorted by (home, slug) take their home or the next slot after the
 * document before.  When the catalog crosses a power of two, every
 * number changes once.  Its fields are cut into words folded as fold_words() folds them
 * (lowercase, no tone or letter marks, đ as d), which the browser's
 * search.js folds the same way (tests/data/fold-vectors.json checks
 * both).  Each distinct folded word (a token) keeps the spellings it
 * was folded from, lowercase with their marks ("mật", "mát"), so that
 * a query typed with marks ranks the products spelled that way first;
 * and its postings: for each document, the weight of the best field it
 * stands in (name 10 ... story 1), which spelling, and its position in
 * that field.
 *
 * Tokens are grouped into chunks named by a prefix ("m", "ma", "mat"):
 * a prefix's tokens stay together until their postings pass
 * SEARCH_CHUNK_POSTINGS, and then split by one more letter.  A token
 * belongs to the chunk with the longest name that begins it; a token
 * that does not begin with a-z or 0-9 belongs to the chunk "_".  So a
 * query word finds its chunk from the list of names alone, and an edit
 * of one product changes only the chunks of its words.
 */
#ifndef OCOP_SEARCH_H
#define OCOP_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "../model/catalog.h"
#include "../util/arena.h"

/* The fields of a product, by weight. */
enum search_weight {
	SEARCH_STORY = 1, SEARCH_SUMMARY = 2,
	SEARCH_GROUP = 3,      /* the group: broader than the rest of kind */
	SEARCH_KIND = 4,       /* subgroup, tags */
	SEARCH_PLACE = 5, SEARCH_PRODUCER = 6, SEARCH_NAME = 10,
	SEARCH_CODE = 12,      /* decision number, product code, GTIN */
};

/* Postings per chunk before it is split; and the words of a story that
 * are indexed (its opening says what the product is). */
enum { SEARCH_CHUNK_POSTINGS = 6000, SEARCH_STORY_WORDS = 120 };

/* Slots of document numbers per file of documents (search/d/<n>.json),
 * and how many slots a product has: a file holds 16 to 32 products. */
enum { SEARCH_DOC_CHUNK = 256, SEARCH_SPREAD = 8 };

struct search_posting {
	uint32_t doc;
	uint8_t weight;
	uint8_t form;              /* index into the token's forms */
	uint8_t pos;               /* word position in that field, at most 255 */
	uint8_t rank;              /* the document's search_rank() */
};

struct search_token {
	const char *text;          /* folded */
	const char **forms;        /* lowercase spellings, at most 255 */
	size_t n_forms;
	struct search_posting *p;  /* by document */
	size_t n, cap;
};

struct search_chunk {
	const char *name;          /* a prefix of its tokens, or "_" */
	size_t first, n;           /* its tokens: index->tokens[first..] */
};

struct search_index {
	struct search_token *tokens;   /* sorted by text (strcmp) */
	size_t n_tokens;
	struct search_chunk *chunks;   /* sorted by name */
	size_t n_chunks;
	size_t n_docs;                 /* the catalog's products */
	uint32_t *doc_of;              /* by product index: its number */
	size_t *by_doc;                /* product indexes by number */
	size_t space;                  /* slots: numbers are below
					  space + n_docs */
};

/* A document's stars and certificate status in one small number,
 * (stars - 3) * CERT_STATUSES + status, which every posting carries so
 * that a query filters and counts by them without another file. */
uint8_t search_rank(const struct product *p, long as_of_days);

/* Where the index finds the names a theme gives a product's group and
 * subgroup in each language ("Honey", "Mật ong"), so that a reader
 * finds a product by its kind in any language; NULL: by their slugs
 * alone.  name() returns NULL for a name the theme does not give. */
struct search_names {
	const char *(*name)(const void *ctx, int lang, int group,
			    const char *subgroup);   /* NULL: the group's */
	const void *ctx;
};

/* Builds the index of c's products in a, on up to jobs threads (the
 * same index for any number), with chunk_postings postings at most to
 * a chunk before it splits (0: SEARCH_CHUNK_POSTINGS); the vectors are
 * freed by search_release(). */
void search_build(struct search_index *ix, const struct catalog *c,
		  const struct search_names *names, size_t chunk_postings,
		  unsigned jobs, struct arena *a);
void search_release(struct search_index *ix);

#endif
