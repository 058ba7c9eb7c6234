/*
 * search_json.h - the files of the search index (plan/search.h,
 * docs/search.md), read by the theme's search.js:
 *
 *   search/meta.json   {version, language, languages, docs, doc_chunk,
 *                       chunks: [names], weights: {name: 10, ...}}
 *   search/t/<name>.json  {version, tokens: [[token, [spellings],
 *                       [doc, weight, spelling, position, ...]], ...]}
 *   search/d/<n>.json  {version, first, docs: [record, ...]}: documents
 *                       n * doc_chunk onwards, as the embeds' records
 *                       (embed.h)
 *
 * Spellings are content text and written by json-c; everything else is
 * numbers and the folded tokens, which are a-z and 0-9.
 */
#ifndef OCOP_SEARCH_JSON_H
#define OCOP_SEARCH_JSON_H

#include "embed.h"
#include "../plan/plan.h"
#include "../util/sbuf.h"

/* The version of the index's files (their "version"). */
enum { SEARCH_VERSION = 1 };

/* The bytes of plan item it (PLAN_SEARCH_META, _TOKENS or _DOCS). */
void search_json(struct sbuf *out, const struct plan *p,
		 const struct plan_item *it, const struct embed_records *r);

#endif
