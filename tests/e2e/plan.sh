#!/bin/sh
# End-to-end tests of the page plan (src/plan/): lists stay small (a
# pagination window, paginated indexes), and the sitemap splits into an
# index of parts past its limit (OCOP_SITEMAP_LIMIT, the protocol's
# 50,000 by default, set small here).  Collisions of output paths are
# fixtures in tests/e2e/errors/collision-*.
NAME=plan
. tests/e2e/lib.sh

# --- a sitemap index of parts ------------------------------------------------
c=$TMP/basic
cp -R "$E2E/basic/catalog" "$c"
git_repo "$c"
"$OCOP" -C "$c" build -q --as-of $AS_OF -o "$TMP/whole" 2>/dev/null
OCOP_SITEMAP_LIMIT=10 "$OCOP" -C "$c" build -q --as-of $AS_OF -o "$TMP/split" 2>/dev/null
check "sitemap: builds with a limit of 10" test -f "$TMP/split/index.html"
total=$(grep -c '<url>' "$TMP/whole/sitemap.xml")
parts=$(( (total + 9) / 10 ))
check "sitemap: the whole site has more than 10 URLs" test "$total" -gt 10
check "sitemap: sitemap.xml is an index" grep -q '<sitemapindex' "$TMP/split/sitemap.xml"
check "sitemap: the index lists every part" test "$(grep -c '<sitemap>' "$TMP/split/sitemap.xml")" -eq $parts
check "sitemap: the index links parts by the site's address" grep -q '<loc>https://ocop.test/sitemap-1.xml</loc>' "$TMP/split/sitemap.xml"
ok_parts=1
k=1
while [ $k -le $parts ]; do
	f=$TMP/split/sitemap-$k.xml
	if [ ! -f "$f" ] || [ "$(grep -c '<url>' "$f")" -gt 10 ]; then ok_parts=0; fi
	k=$((k + 1))
done
check "sitemap: $parts parts of at most 10 URLs" test $ok_parts -eq 1
check "sitemap: no part beyond" test ! -e "$TMP/split/sitemap-$((parts + 1)).xml"
grep -ho '<url><loc>[^<]*</loc>' "$TMP/whole/sitemap.xml" > "$TMP/whole.locs"
cat "$TMP"/split/sitemap-*.xml | grep -o '<url><loc>[^<]*</loc>' > "$TMP/split.locs"
check "sitemap: the parts hold the same URLs, in the same order" cmp "$TMP/whole.locs" "$TMP/split.locs"
if command -v xmllint >/dev/null 2>&1; then
	check "sitemap: every file is well-formed XML" xmllint --noout "$TMP"/split/sitemap*.xml "$TMP/whole/sitemap.xml"
else
	skipped "sitemap: xmllint missing (Debian libxml2-utils)"
fi
check "robots.txt names the sitemap index" grep -q 'Sitemap: https://ocop.test/sitemap.xml' "$TMP/split/robots.txt"

# --- a pagination window ------------------------------------------------------
# 12 products, one to a page: page 5 links to 1, 3, 4, 6, 7 and 12, with
# a gap on each side, never to all twelve.
c=$TMP/paged
cp -R "$E2E/errors/base" "$c"
sed -i 's/^languages: .*/languages: [vi]\nper_page: 1/' "$c/site.yaml"
i=1
while [ $i -le 11 ]; do
	sed "s/^name: .*/name: Sản phẩm $i/" "$c/content/products/ok.md" > "$c/content/products/sp-$i.md"
	i=$((i + 1))
done
cp "$c/content/producers/htx-a.md" "$c/content/producers/htx-b.md"
git_repo "$c"
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>"$TMP/paged.err"
check "pagination: builds" test -f "$c/output/products/page/12/index.html"
p5=$c/output/products/page/5/index.html
for n in 3 4 6 7 12; do
	check "pagination: page 5 links to page $n" grep -q "href=\"../../../products/page/$n/\" aria-label=\"Trang $n\"" "$p5"
done
check "pagination: page 5 links to page 1" grep -q 'href="../../../products/" aria-label="Trang 1"' "$p5"
for n in 2 8 9 10 11; do
	check "pagination: page 5 does not link to page $n" sh -c "! grep -q 'aria-label=\"Trang $n\"' '$p5'"
done
check "pagination: two gaps on page 5" test "$(grep -c 'class="page-gap"' "$p5")" -eq 2
check "pagination: no gap on page 1's side of page 2" test "$(grep -c 'class="page-gap"' "$c/output/products/page/2/index.html")" -eq 1
check "producers: the index is paginated" test -f "$c/output/producers/page/2/index.html"
check "points of sale: one page when they fit" test ! -e "$c/output/points-of-sale/page/2"
check "producer: its 12 products over 12 pages" test -f "$c/output/producers/htx-a/page/12/index.html"
check "producer: page 2 is titled so" grep -q '<title>.* (2/12) – ' "$c/output/producers/htx-a/page/2/index.html"
check "producer: page 2 links back to page 1" grep -q 'href="../../../../producers/htx-a/" aria-label="Trang 1"' "$c/output/producers/htx-a/page/2/index.html"
check "point of sale: its products paginated too" test -f "$c/output/points-of-sale/cua-hang/page/12/index.html"
check "point of sale: no page 13" test ! -e "$c/output/points-of-sale/cua-hang/page/13"

# --- one thread or two: the same site, the same messages -------------------
c=$TMP/jobs
cp -R "$E2E/basic/catalog" "$c"
git_repo "$c"
"$OCOP" -C "$c" build -q -j 1 --as-of $AS_OF -o "$TMP/j1" 2>/dev/null
"$OCOP" -C "$c" build -q -j 2 --as-of $AS_OF -o "$TMP/j2" 2>/dev/null
check "jobs: -j 1 and -j 2 give the same files" diff -r -x .ocop-output "$TMP/j1" "$TMP/j2"
check "jobs: and the same as the golden files" diff -r -x .ocop-output "$E2E/basic/expect" "$TMP/j2"
# --- product cards rendered once (pieces, tpl.h): not a byte changes ---------
OCOP_NO_PIECES=1 "$OCOP" -C "$c" build -q -j 2 --as-of $AS_OF -o "$TMP/np" 2>/dev/null
check "pieces: the same files with the cards rendered on every page" diff -r -x .ocop-output "$TMP/np" "$TMP/j2"
# a card that takes the page's own values: a title (printed: a hole), a
# list's facets (tested: a condition a page may not meet) and a value
# the card lacks but some pages have (summary: the producer's, on a
# producer's page)
mkdir -p "$c/themes/default/templates"
sed 's|</article>|{{page.title}}{{#has_children}} +{{/has_children}}{{^summary}} [no summary]{{/summary}}{{#location}} @{{commune}}{{/location}}</article>|' \
	themes/default/templates/card.mustache > "$c/themes/default/templates/card.mustache"
(cd "$c" && git add -A && git commit -qm card)
"$OCOP" -C "$c" build -q -j 2 --as-of $AS_OF -o "$TMP/pc" 2>/dev/null
OCOP_NO_PIECES=1 "$OCOP" -C "$c" build -q -j 2 --as-of $AS_OF -o "$TMP/npc" 2>/dev/null
check "pieces: a card that reads the page's values: the same files" diff -r -x .ocop-output "$TMP/npc" "$TMP/pc"
check "pieces: and it did read them" grep -q 'Sản phẩm OCOP tại Hà Tĩnh +</article>' "$TMP/pc/provinces/ha-tinh/index.html"
check "pieces: a value the card lacks comes from the producer's page" grep -q ' @[^<]*</article>' "$TMP/pc/producers/htx-che/index.html"
git -C "$c" rm -rq themes
(cd "$c" && git commit -qm "no card")

# a template that fails on one page only (a partial that includes
# itself, on the revoked product's page): the same message either way
mkdir -p "$c/themes/default/templates"
printf '{{#product.certificate.revoked}}{{>product}}{{/product.certificate.revoked}}{{product.name}}\n' \
	> "$c/themes/default/templates/product.mustache"
(cd "$c" && git add -A && git commit -qm broken)
"$OCOP" -C "$c" build -q -j 1 --as-of $AS_OF -o "$TMP/bx" 2>"$TMP/b1.err"
s1=$?
"$OCOP" -C "$c" build -q -j 2 --as-of $AS_OF -o "$TMP/bx" 2>"$TMP/b2.err"
s2=$?
check "jobs: a failing page fails the build" test $s1 -eq 1 -a $s2 -eq 1
check "jobs: it is named" grep -q 'template' "$TMP/b1.err"
check "jobs: the same messages with -j 1 and -j 2" cmp "$TMP/b1.err" "$TMP/b2.err"
check "jobs: nothing published" test ! -e "$TMP/bx"
"$OCOP" -C "$c" build -q -j 0 2>/dev/null
check "jobs: -j 0 is a usage error" test $? -eq 2

summary
