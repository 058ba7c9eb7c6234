/*
 * search_json.h - the files of the search index (plan/search.h,
 * docs/search.md), read by the theme's search.js:
 *
 *   search/meta.json   {version, language, languages, docs, doc_chunk,
 *                       statuses, chunks: [names], weights: {name: 10, ...}}
 *   search/t/<name>.json  {version, tokens: [[token, [spellings],
 *                       [doc step, weight, spelling, position, rank,
 *                       ...]], ...], docs: {number: record, ...}}:
 *                       rank is search_rank(); docs, the records of
 *                       the documents each token shows first alone
 *   search/d/<n>.json  {version, first, docs: {number: record, ...}}:
 *                       documents numbered n * doc_chunk onwards, as the
 *                       embeds' records (embed.h)
 *   search/facets.json {version, docs: [number steps], facets: [{name,
 *                       multi, width, values: [{key, name?, in?}], of}]}
 *
 * Spellings are content text and written by json-c; everything else is
 * numbers and the folded tokens, which are a-z and 0-9.
 */
#ifndef OCOP_SEARCH_JSON_H
#define OCOP_SEARCH_JSON_H

#include "embed.h"
#include "theme.h"
#include "../plan/plan.h"
#include "../util/sbuf.h"

/* The version of the index's files (their "version"). */
enum { SEARCH_VERSION = 2 };

/* Records a chunk carries for each of its tokens (search/t/ "docs"). */
enum { SEARCH_CARRIED = 20 };

/* The bytes of plan item it (PLAN_SEARCH_META, _TOKENS, _DOCS,
 * _FACETS or _COMMUNES). */
void search_json(struct sbuf *out, const struct plan *p,
		 const struct plan_item *it, const struct embed_records *r);

/*
 * assets/search.js (PLAN_SEARCH_SCRIPT): window.ocop.index, what
 * meta.json says but the count (which every new product changes), and
 * window.ocop.strings, the search box's strings in every language of
 * th; then the theme's file (it->data), whose search page may search at
 * once.  So a first query asks for no list of chunks, and a page does
 * not carry the box's strings.
 */
void search_script(struct sbuf *out, const struct plan *p,
		   const struct plan_item *it, const struct theme *th);

#endif
