#!/bin/sh
# End-to-end tests of the page plan (src/plan/): lists stay small (a
# pagination window, paginated indexes), and the sitemap splits into an
# index of parts past its limit (OCOP_SITEMAP_LIMIT, the protocol's
# 50,000 by default, set small here), and a decision that recognised two
# products or more has its pages, which its products link.  Collisions
# of output paths are fixtures in tests/e2e/errors/collision-*.
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
k=1; : > "$TMP/split.locs"   # in the parts' order: sitemap-2 before sitemap-10
while [ $k -le "$parts" ]; do
	grep -o '<url><loc>[^<]*</loc>' "$TMP/split/sitemap-$k.xml" >> "$TMP/split.locs"
	k=$((k + 1))
done
check "sitemap: the parts hold the same URLs, in the same order" cmp "$TMP/whole.locs" "$TMP/split.locs"
if command -v xmllint >/dev/null 2>&1; then
	check "sitemap: every file is well-formed XML" xmllint --noout "$TMP"/split/sitemap*.xml "$TMP/whole/sitemap.xml"
else
	skipped "sitemap: xmllint missing (Debian libxml2-utils)"
fi
check "robots.txt names the sitemap index" grep -q 'Sitemap: https://ocop.test/sitemap.xml' "$TMP/split/robots.txt"

# --- decision pages -----------------------------------------------------------
# The fixture: 101/QĐ-UBND of UBND tỉnh Hà Tĩnh on 2025-01-10 recognised
# che-xanh, nuoc-mam-ky-ninh and sua-mai-dung (per_page 2: two pages);
# the same number from UBND tỉnh Hà Giang recognised tuong-ot-dong-van
# alone, and mat-ong's 55/QĐ-UBND is its own: no page for either.
w=$TMP/whole
ds=101-qd-ubnd-2025-01-10-ubnd-tinh-ha-tinh
d1=$w/decisions/$ds/index.html
d2=$w/decisions/$ds/page/2/index.html
cards() { grep -o 'href="[^"]*/products/[a-z0-9-]*/">' "$1" | sed 's|.*/products/||; s|/">||' | tr '\n' ' '; }
check "decision: its page" test -f "$d1"
check "decision: in English too" test -f "$w/en/decisions/$ds/index.html"
check "decision: titled by its number" grep -q '<h1>Quyết định 101/QĐ-UBND</h1>' "$d1"
check "decision: issuer, date and count in the header" grep -qF '<p class="lead">UBND tỉnh Hà Tĩnh, <time datetime="2025-01-10">ngày 10/01/2025</time> — công nhận 3 sản phẩm OCOP</p>' "$d1"
check "decision: said in English" grep -qF '<span lang="vi">UBND tỉnh Hà Tĩnh</span>, <time datetime="2025-01-10">10 January 2025</time> — recognised 3 OCOP products</p>' "$w/en/decisions/$ds/index.html"
check "decision: and in its description" grep -qF '<meta name="description" content="UBND tỉnh Hà Tĩnh, ngày 10/01/2025 — công nhận 3 sản phẩm OCOP">' "$d1"
check "decision: page 1 holds the first two cards" test "$(cards "$d1")" = "che-xanh nuoc-mam-ky-ninh "
check "decision: page 2 the third" test "$(cards "$d2")" = "sua-mai-dung "
check "decision: no page 3" test ! -e "$w/decisions/$ds/page/3"
check "decision: page 2 links back to page 1" grep -q "href=\"../../../../decisions/$ds/\" aria-label=\"Trang 1\"" "$d2"
for p in che-xanh nuoc-mam-ky-ninh sua-mai-dung; do
	check "decision: product $p links it" grep -qF "<dd><a href=\"../../decisions/$ds/\">Quyết định 101/QĐ-UBND công nhận 3 sản phẩm</a></dd>" "$w/products/$p/index.html"
done
check "decision: the English product page links the English page" grep -qF "<dd><a href=\"../../decisions/$ds/\">Decision 101/QĐ-UBND recognised 3 products</a></dd>" "$w/en/products/che-xanh/index.html"
check "decision: one product from another issuer: its number, no link" grep -qF '<dd>101/QĐ-UBND</dd>' "$w/products/tuong-ot-dong-van/index.html"
check "decision: a decision of one product: no link" grep -qF '<dd>55/QĐ-UBND</dd>' "$w/products/mat-ong/index.html"
check "decision: and no page for either" test "$(ls "$w/decisions")" = "$ds"
for loc in "decisions/$ds/" "decisions/$ds/page/2/" "en/decisions/$ds/" "en/decisions/$ds/page/2/"; do
	check "decision: the sitemap lists $loc" grep -qF "<loc>https://ocop.test/$loc</loc>" "$w/sitemap.xml"
done

# two issuers, one number, one day: two decisions, two pages; per_page 1
# gives each one page per product
c=$TMP/decisions
cp -R "$E2E/errors/base" "$c"
sed -i 's/^languages: .*/languages: [vi, en]\nper_page: 1/' "$c/site.yaml"
for k in 1 2 3; do
	sed "s/^name: .*/name: Hà Tĩnh $k/; s|^certificate: .*|certificate: { number: 5/QĐ-UBND, issuer: UBND tỉnh Hà Tĩnh, issued: 2025-04-01 }|" \
		"$c/content/products/ok.md" > "$c/content/products/ht-$k.md"
done
for k in 1 2; do
	sed "s/^name: .*/name: Nghệ An $k/; s|^certificate: .*|certificate: { number: 5/QĐ-UBND, issuer: UBND tỉnh Nghệ An, issued: 2025-04-01 }|" \
		"$c/content/products/ok.md" > "$c/content/products/na-$k.md"
done
git_repo "$c"
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>"$TMP/decisions.err"
check "decisions: builds" test -f "$c/output/index.html"
o=$c/output/decisions
check "decisions: two issuers, two pages" test "$(ls "$o" | tr '\n' ' ')" = "5-qd-ubnd-2025-04-01-ubnd-tinh-ha-tinh 5-qd-ubnd-2025-04-01-ubnd-tinh-nghe-an "
check "decisions: per_page 1: three pages of one card" test -f "$o/5-qd-ubnd-2025-04-01-ubnd-tinh-ha-tinh/page/3/index.html"
check "decisions: no fourth" test ! -e "$o/5-qd-ubnd-2025-04-01-ubnd-tinh-ha-tinh/page/4"
check "decisions: page 3 is the third product" test "$(cards "$o/5-qd-ubnd-2025-04-01-ubnd-tinh-ha-tinh/page/3/index.html")" = "ht-3 "
check "decisions: page 2 titled so" grep -q '<title>Quyết định 5/QĐ-UBND (2/3) – ' "$o/5-qd-ubnd-2025-04-01-ubnd-tinh-ha-tinh/page/2/index.html"
check "decisions: the other issuer's: two pages" test -f "$o/5-qd-ubnd-2025-04-01-ubnd-tinh-nghe-an/page/2/index.html"
check "decisions: its products only" test "$(cards "$o/5-qd-ubnd-2025-04-01-ubnd-tinh-nghe-an/index.html")" = "na-1 "
check "decisions: each product links its own" grep -qF '<dd><a href="../../decisions/5-qd-ubnd-2025-04-01-ubnd-tinh-nghe-an/">Quyết định 5/QĐ-UBND công nhận 2 sản phẩm</a></dd>' "$c/output/products/na-2/index.html"
check "decisions: the Hà Tĩnh count" grep -qF 'Quyết định 5/QĐ-UBND công nhận 3 sản phẩm</a>' "$c/output/products/ht-1/index.html"
check "decisions: ok.md's decision of one: no link" grep -qF '<dd>1/QĐ-UBND</dd>' "$c/output/products/ok/index.html"
check "decisions: 5 pages a language in the sitemap" test "$(grep -c '<url><loc>https://ocop.test/decisions/' "$c/output/sitemap.xml")" -eq 5
# a free page may not take the folder
mkdir -p "$c/content/pages"
printf -- '---\nname: Quyết định\n---\n' > "$c/content/pages/decisions.md"
"$OCOP" -C "$c" check --worktree --lang en --as-of $AS_OF 2>"$TMP/decisions-page.err"
check "decisions: a page named decisions.md is an error" test $? -eq 1
check "decisions: and says why" grep -qF 'content/pages/decisions.md: error: page slug "decisions" is taken by the site'"'"'s own pages: rename the file [slug]' "$TMP/decisions-page.err"

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
# --- a producer type lists producers, not their products --------------------
ty=$TMP/whole/producer-types/htx/index.html
check "producer type: its page lists its producers" grep -q '<li class="card card-producer">' "$ty"
check "producer type: the cooperative, and only it" test "$(grep -c '<li class="card card-producer">' "$ty")" -eq 1
check "producer type: no product card" sh -c "! grep -q '<li class=\"card\">' '$ty'"
check "producer type: counts producers" grep -q '<p class="list-count">1 chủ thể</p>' "$ty"
check "producer type: links back to every producer" grep -q '<p><a href="../../producers/">Tất cả chủ thể</a></p>' "$ty"
check "producers' index: a facet per type, with its count" grep -q '<li><a href="../producer-types/ho-kinh-doanh/">Hộ kinh doanh</a> <span class="count">1</span></li>' "$TMP/whole/producers/index.html"
check "producers' index: no type without producers" sh -c "! grep -q 'producer-types/doanh-nghiep/' '$TMP/whole/producers/index.html'"
check "producer type: the English page in English" grep -q '<h1>Cooperative</h1>' "$TMP/whole/en/producer-types/htx/index.html"

# --- product cards rendered once (pieces, tpl.h): not a byte changes ---------
OCOP_NO_PIECES=1 "$OCOP" -C "$c" build -q -j 2 --as-of $AS_OF -o "$TMP/np" 2>/dev/null
check "pieces: the same files with the cards rendered on every page" diff -r -x .ocop-output "$TMP/np" "$TMP/j2"
# a card that takes the page's own values: a title (printed: a hole), a
# list's facets (tested: a condition a page may not meet) and a value
# the card lacks but some pages have (summary: the producer's, on a
# producer's page)
mkdir -p "$c/themes/default/templates"
sed 's|</li>|{{page.title}}{{#has_children}} +{{/has_children}}{{^summary}} [no summary]{{/summary}}{{#location}} @{{commune}}{{/location}}</li>|' \
	themes/default/templates/card.mustache > "$c/themes/default/templates/card.mustache"
(cd "$c" && git add -A && git commit -qm card)
"$OCOP" -C "$c" build -q -j 2 --as-of $AS_OF -o "$TMP/pc" 2>/dev/null
OCOP_NO_PIECES=1 "$OCOP" -C "$c" build -q -j 2 --as-of $AS_OF -o "$TMP/npc" 2>/dev/null
check "pieces: a card that reads the page's values: the same files" diff -r -x .ocop-output "$TMP/npc" "$TMP/pc"
check "pieces: and it did read them" grep -q 'Sản phẩm OCOP tại Hà Tĩnh +</li>' "$TMP/pc/provinces/ha-tinh/index.html"
check "pieces: a value the card lacks comes from the producer's page" grep -q ' @[^<]*</li>' "$TMP/pc/producers/htx-che/index.html"
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

# --- parts a benchmark leaves out (bench/rebuild-ab.sh, ENV_B) ----------------
c=$TMP/basic
OCOP_BENCH_LEAVE_OUT=embeds,data,labels "$OCOP" -C "$c" build -q --as-of $AS_OF -o "$TMP/bare" 2>/dev/null
check "leave out: the build succeeds" test -f "$TMP/bare/index.html"
check "leave out: no embeds" test ! -e "$TMP/bare/embed.js" -a ! -e "$TMP/bare/embed" \
	-a -z "$(find "$TMP/bare" -name oembed.json)"
check "leave out: no open data" test ! -e "$TMP/bare/api"
check "leave out: no labels or QR codes" test -z "$(find "$TMP/bare" -name 'label*' -o -name 'qr.svg')"
check "leave out: the pages are there" test -f "$TMP/bare/products/mat-ong/index.html"
check "leave out: without it, they are made" test -e "$TMP/whole/embed.js" -a -e "$TMP/whole/api" \
	-a -n "$(find "$TMP/whole" -name 'qr.svg')" -a -n "$(find "$TMP/whole" -name oembed.json)"
OCOP_BENCH_LEAVE_OUT=data "$OCOP" -C "$c" build -q --as-of $AS_OF -o "$TMP/nodata" 2>/dev/null
check "leave out: one part only" test ! -e "$TMP/nodata/api" -a -e "$TMP/nodata/embed.js"

summary
