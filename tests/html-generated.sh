#!/bin/sh
# The Nu Html Checker over every page of a generated 2,000-product
# catalog (../shared/bench/gen/gen_catalog.py, deterministic), so that
# what only shows at scale (long pagination, many places, every kind of
# entry the generator makes) is valid HTML too.  Reports a skip, never a
# pass, when ../shared is absent.  $1: the ocop binary (default ./ocop).
set -u
OCOP=${1:-./ocop}
gen=../shared/bench/gen/gen_catalog.py
if [ ! -f "$gen" ]; then
	echo "html-generated: skipped: $gen is absent"
	echo "html-generated: 0 passed, 0 failed, 1 skipped"
	exit 0
fi
tmp=$(mktemp -d /tmp/ocop-htmlgen.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
if ! python3 "$gen" --products 2000 --commits 50 --seed 7 --languages vi,en \
	--out "$tmp/cat" >"$tmp/gen.log" 2>&1; then
	tail -5 "$tmp/gen.log"
	echo "html-generated: 0 passed, 1 failed"
	exit 1
fi
if ! SOURCE_DATE_EPOCH=1795305600 "$OCOP" -C "$tmp/cat" build -q -o "$tmp/site" 2>"$tmp/build.err"; then
	tail -5 "$tmp/build.err"
	echo "html-generated: 0 passed, 1 failed"
	exit 1
fi
big=$(find "$tmp/site" -name '*.html' -size +100k | head -3)
if [ -n "$big" ]; then
	echo "FAIL: pages over 100 kB: $big"
	echo "html-generated: 0 passed, 1 failed"
	exit 1
fi
sh tests/html-check.sh "$tmp/site" | sed 's/^html:/html-generated:/'
