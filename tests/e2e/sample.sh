#!/bin/sh
# Builds this repository's sample catalog (content/, site.yaml) at HEAD
# and checks the pages against the content itself: every published
# product has a page carrying its certificate number, revoked and expired
# products say so, drafts are absent, and list counts match the files.
set -u
ROOT=$(pwd)
OCOP=${OCOP:-$ROOT/ocop}
out=$ROOT/build/sample-site
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

if "$OCOP" build -q --worktree --as-of 2026-11-22 -o "$out"; then ok; else bad "sample build failed"; fi

# Front matter value of key in file (top level, first occurrence).
field() { sed -n '2,/^---$/p' "$2" | sed -n "s/^$1: *//p" | head -1; }

n_products=0; n3=0; n4=0; n5=0
for f in $(find content/products -name '*.md' ! -name '*.*.md' | LC_ALL=C sort); do
	case $f in */index.md) slug=$(basename "$(dirname "$f")") ;; *) slug=$(basename "$f" .md) ;; esac
	page=$out/products/$slug/index.html
	if [ "$(field draft "$f")" = true ]; then
		if [ -e "$page" ]; then bad "draft $slug is published"; else ok; fi
		continue
	fi
	n_products=$((n_products + 1))
	stars=$(field stars "$f")
	eval "n$stars=\$((n$stars + 1))"
	number=$(sed -n 's/^  number: *//p' "$f" | head -1)
	if grep -qF "$number" "$page" 2>/dev/null; then ok
	else bad "product $slug: page missing or without certificate number $number"; fi
	if grep -qF "$(field name "$f" | sed 's/^"//; s/"$//')" "$page" 2>/dev/null; then ok
	else bad "product $slug: page does not show its name"; fi
	if grep -q '^  revoked:' "$f"; then
		if grep -q 'Đã thu hồi' "$page"; then ok; else bad "product $slug is revoked but its page does not say so"; fi
	fi
done
[ "$n_products" -ge 30 ] && ok || bad "sample has only $n_products products"

home=$out/index.html
for s in 3 4 5; do
	eval "n=\$n$s"
	count=$(grep -o "[0-9][0-9.]* sản phẩm" "$out/stars/$s/index.html" | head -1 | tr -d .)
	if [ "$count" = "$n sản phẩm" ]; then ok; else bad "stars/$s: page says '$count', content has $n"; fi
done
if grep -q "$n_products sản phẩm" "$home"; then ok; else bad "home does not say $n_products sản phẩm"; fi
expired=$(grep -l 'Hết hiệu lực' "$out"/products/*/index.html | wc -l)
[ "$expired" -ge 1 ] && ok || bad "no expired product shown"
test -f "$out/en/products/buoi-phuc-trach/index.html" && ok || bad "English product page missing"
grep -q 'lang="en"' "$out/en/index.html" && ok || bad "English home is not lang=en"

echo "sample: $pass passed, $fail failed"
[ $fail -eq 0 ]
