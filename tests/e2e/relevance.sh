#!/bin/sh
# The relevance set of issue #15 (docs/search.md, "Relevance";
# tests/data/search-queries.json): the browser's search, run in Node by
# tests/data/relevance.mjs, must put the expected product first for at
# least 95% of each set's queries, and find nothing for its junk; on the
# sample catalog, and on the generated 2,000-product one that
# tests/html-generated.sh builds (../shared/bench/gen/gen_catalog.py,
# seed 7; a skip, said and counted, when ../shared is absent).  The
# checks counted are relevance.mjs's "ok:" and "FAIL:" lines: each
# product found first, each junk query, and each set's 95% threshold; a
# product query that misses is a "miss:" line, not a failure (the
# threshold is the check), shown here with each set's figures.
# OCOP=path picks the binary (default ./ocop); run from the repository root.
NAME=relevance
. tests/e2e/lib.sh

# relevance_set what, set, site: node_checks, then the set's figures and
# its misses, which node_checks does not show
relevance_set() {
	node_checks "$1" tests/data/relevance.mjs "$2" "$3" ${4:-}
	grep -E '^miss: |^[a-z]+: top-1 ' "$TMP/node.out"
}

s=$TMP/sample
"$OCOP" build -q --worktree --as-of "$AS_OF" -o "$s" >"$TMP/out" 2>"$TMP/err"
check "builds the sample catalog" test $? -eq 0
relevance_set "relevance on the sample" sample "$s"
# the same answers without the list of chunks in search.js and the
# records in the chunks: from meta.json and search/d/
relevance_set "relevance on the sample, bare" sample "$s" --bare

gen=../shared/bench/gen/gen_catalog.py
if [ ! -f "$gen" ]; then
	skipped "the generated catalog: $gen is absent"
else
	# as tests/html-generated.sh makes and builds it
	if python3 "$gen" --products 2000 --commits 50 --seed 7 --languages vi,en \
		--out "$TMP/cat" >"$TMP/gen.log" 2>&1 &&
		SOURCE_DATE_EPOCH=1795305600 "$OCOP" -C "$TMP/cat" build -q -o "$TMP/gen" \
			>"$TMP/out" 2>"$TMP/err"; then
		ok
		relevance_set "relevance on the generated catalog" generated "$TMP/gen"
	else
		bad "generates and builds the 2,000-product catalog:"
		tail -5 "$TMP/gen.log" "$TMP/err"
	fi
fi
summary
