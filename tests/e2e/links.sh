#!/bin/sh
# End-to-end tests of old URLs (model/links.h, docs/history.md, issue
# #14 "links never die"): a catalog repository made here, commit by
# commit at fixed dates, in which products, a producer and a point of
# sale are renamed (once, twice), removed (one renamed first, one with a
# hostile name and commit message), removed and added back, and an old
# slug is taken by a new product.  Each old URL gets a redirect page or a
# "no longer listed" page in both languages, never in place of a page
# of the site, never in the sitemap, and none with history: false.
# OCOP=path picks the binary (default ./ocop); run from the repository root.
NAME=links
. tests/e2e/lib.sh

c=$TMP/cat
cp -r "$E2E/basic/catalog" "$c"
printf 'history: true\n' >>"$c/site.yaml"
cat >"$c/content/producers/co-so-cu.md" <<'MD'
---
name: Cơ sở Chè Cũ
type: ho-kinh-doanh
location: { province: Hà Tĩnh, commune: Sơn Thủy }
---
MD
cat >"$c/content/points-of-sale/quay-cu.md" <<'MD'
---
name: Quầy OCOP cũ
kind: market
location: { province: Hà Tĩnh, commune: Thạch Trung }
---
MD
# commit DATE MESSAGE: everything, at that date
commit() {
	(cd "$c" && git add -A &&
		GIT_AUTHOR_DATE="$1T08:00:00+07:00" GIT_COMMITTER_DATE="$1T08:00:00+07:00" \
		git commit -qm "$2")
}
P=content/products
sed -i 's/^stars: 4$/stars: 4\ncode: 42-436-00001-4-2025/' "$c/$P/che-xanh/index.md"
(cd "$c" && git init -q -b main)
commit 2024-01-10 "Thêm danh mục"
# renamed twice: mat-ong → mat-ong-vu-quang → (moved) mat-ong-rung
git -C "$c" mv $P/mat-ong.md $P/mat-ong-vu-quang.md
commit 2024-03-01 "Đổi tên mật ong"
mkdir -p "$c/$P/ha-tinh"
git -C "$c" mv $P/mat-ong-vu-quang.md $P/ha-tinh/mat-ong-rung.md
commit 2024-06-01 "Đổi tên mật ong lần hai"
# a hostile name, then removed with a hostile message
sed -i 's/^name: .*/name: Trà <script>alert("ten")<\/script> \& "x"/' "$c/$P/tra-thao-moc.md"
commit 2024-06-15 "Sửa tên"
git -C "$c" rm -q $P/tra-thao-moc.md
commit 2024-07-01 'Gỡ trà <script>alert("msg")</script> & "x"'
# removed, then added back at the same path
cp "$c/$P/sua-mai-dung.md" "$TMP/sua"
git -C "$c" rm -q $P/sua-mai-dung.md
commit 2024-08-01 "Tạm gỡ sứa"
cp "$TMP/sua" "$c/$P/sua-mai-dung.md"
commit 2024-09-01 "Đưa sứa trở lại"
# renamed, and its old slug taken by a new product
git -C "$c" mv $P/tuong-ot-dong-van.md $P/tuong-ot.md
commit 2024-10-01 "Đổi tên tương ớt"
sed 's/^name: .*/name: Tương ớt mới Đồng Văn/; s|101/QĐ-UBND|102/QĐ-UBND|' "$c/$P/tuong-ot.md" >"$c/$P/tuong-ot-dong-van.md"
commit 2024-11-01 "Thêm tương ớt mới"
# a producer and a point of sale renamed (their products follow)
git -C "$c" mv content/producers/htx-che.md content/producers/htx-che-son-thuy.md
find "$c/$P" -name "*.md" -exec sed -i 's/^producer: htx-che$/producer: htx-che-son-thuy/' {} +
git -C "$c" mv content/points-of-sale/cua-hang.md content/points-of-sale/cua-hang-ocop.md
sed -i 's/^hours: .*/hours: "07:00–22:00"/' "$c/content/points-of-sale/cua-hang-ocop.md"
find "$c/$P" -name "*.md" -exec sed -i 's/^points_of_sale: \[cua-hang\]$/points_of_sale: [cua-hang-ocop]/' {} +
commit 2025-01-05 "Đổi mã HTX chè và cửa hàng"
# a producer and a point of sale removed
git -C "$c" rm -q content/producers/co-so-cu.md content/points-of-sale/quay-cu.md
commit 2025-02-01 "Gỡ cơ sở và quầy đã giải thể"
# renamed, then removed: both its slugs say so
git -C "$c" mv $P/nuoc-mam-ky-ninh.md $P/nuoc-mam.md
commit 2025-03-01 "Đổi tên nước mắm"
git -C "$c" rm -q $P/nuoc-mam.md
# another product added in the same commit is not the removed one
sed 's/^name: .*/name: Bánh đa Kỳ Ninh/; /^summary:/d' "$c/$P/tuong-ot.md" >"$c/$P/banh-da.md"
commit 2025-04-01 "Gỡ nước mắm: thu hồi"
# renamed and edited in one commit (same product code, new name)
git -C "$c" mv $P/che-xanh $P/che-son-thuy
sed -i 's/^name: .*/name: Chè xanh Sơn Thủy loại 1/' "$c/$P/che-son-thuy/index.md"
commit 2025-05-01 "Đổi tên chè"

"$OCOP" -C "$c" build -q --as-of "$AS_OF" -o "$TMP/site" >"$TMP/out" 2>"$TMP/err"
check "builds the catalog with its old URLs" test $? -eq 0
grep -v "cảnh báo\|gợi ý\|warning\|hint" "$TMP/err" | head -5
s=$TMP/site

# --- redirects --------------------------------------------------------
r=$s/products/mat-ong/index.html
has_line "an old slug redirects to the new one" "$r" \
	'<meta http-equiv="refresh" content="0; url=../../products/mat-ong-rung/">'
has_line "with the new page as canonical" "$r" \
	'<link rel="canonical" href="https://ocop.test/products/mat-ong-rung/">'
has_line "not indexed" "$r" '<meta name="robots" content="noindex">'
has_line "and a link to follow" "$r" \
	'<p class="lead">Địa chỉ mới: <a href="../../products/mat-ong-rung/">Mật ong Vũ Quang</a></p>'
check "no alternates on a redirect" sh -c "! grep -q 'hreflang=\"en\" href' '$r'"
r=$s/en/products/mat-ong/index.html
has_line "in English: to the English page" "$r" \
	'<meta http-equiv="refresh" content="0; url=../../products/mat-ong-rung/">'
has_line "its canonical" "$r" \
	'<link rel="canonical" href="https://ocop.test/en/products/mat-ong-rung/">'
has_line "its link" "$r" \
	'<p class="lead">Its new address: <a href="../../products/mat-ong-rung/" lang="vi">Mật ong Vũ Quang</a></p>'
has_line "the slug between: straight to the last one, not through a chain" \
	"$s/products/mat-ong-vu-quang/index.html" \
	'<meta http-equiv="refresh" content="0; url=../../products/mat-ong-rung/">'
has_line "the old history page: to the new one" "$s/products/mat-ong/history/index.html" \
	'<meta http-equiv="refresh" content="0; url=../../../products/mat-ong-rung/history/">'
has_line "in English too" "$s/en/products/mat-ong-vu-quang/history/index.html" \
	'<link rel="canonical" href="https://ocop.test/en/products/mat-ong-rung/history/">'
check "the new page is the product's" grep -q '<h1[^>]*>Mật ong Vũ Quang' "$s/products/mat-ong-rung/index.html"
has_line "a producer's old slug" "$s/producers/htx-che/index.html" \
	'<meta http-equiv="refresh" content="0; url=../../producers/htx-che-son-thuy/">'
has_line "in English" "$s/en/producers/htx-che/index.html" \
	'<link rel="canonical" href="https://ocop.test/en/producers/htx-che-son-thuy/">'
has_line "a point of sale's old slug" "$s/points-of-sale/cua-hang/index.html" \
	'<meta http-equiv="refresh" content="0; url=../../points-of-sale/cua-hang-ocop/">'
has_line "in English" "$s/en/points-of-sale/cua-hang/index.html" \
	'<p class="lead">Its new address: <a href="../../points-of-sale/cua-hang-ocop/" lang="vi">Cửa hàng OCOP thử</a></p>'

r=$s/products/che-xanh/index.html
has_line "renamed and edited in one commit: still a redirect" "$r" \
	'<meta http-equiv="refresh" content="0; url=../../products/che-son-thuy/">'
has_line "to its name now" "$r" \
	'<p class="lead">Địa chỉ mới: <a href="../../products/che-son-thuy/">Chè xanh Sơn Thủy loại 1</a></p>'
has_line "in English, its English name" "$s/en/products/che-xanh/index.html" \
	'<p class="lead">Its new address: <a href="../../products/che-son-thuy/">Son Thuy green tea</a></p>'
has_line "a point of sale renamed and edited (same name)" "$s/en/points-of-sale/cua-hang/index.html" \
	'<link rel="canonical" href="https://ocop.test/en/points-of-sale/cua-hang-ocop/">'

# --- an old slug that is somebody's now, an entry added back -----------
t=$s/products/tuong-ot-dong-van/index.html
check "an old slug taken by a new product: the new product's page" grep -q 'Tương ớt mới Đồng Văn' "$t"
check "not a redirect" sh -c "! grep -q 'http-equiv=\"refresh\"' '$t'"
check "the renamed product at its new slug" grep -q '<h1[^>]*>Tương ớt Đồng Văn' "$s/products/tuong-ot/index.html"
t=$s/products/sua-mai-dung/index.html
check "removed and added back: its page" grep -q '<h1[^>]*>Sứa Mai Dung' "$t"
check "not a tombstone" sh -c "! grep -q 'Không còn trong danh mục' '$t'"
check "no page for a draft's slug" test ! -e "$s/products/ban-nhap/index.html"

# --- tombstones -------------------------------------------------------
t=$s/products/tra-thao-moc/index.html
has_line "a removed product: its last name, escaped" "$t" \
	'<h1>Trà &lt;script&gt;alert(&quot;ten&quot;)&lt;/script&gt; &amp; &quot;x&quot;</h1>'
has_line "since when" "$t" \
	'<p class="lead">Sản phẩm này không còn trong danh mục OCOP từ ngày <time datetime="2024-07-01">01/07/2024</time>.</p>'
check "the message of the commit that removed it, escaped" grep -qF \
	'<p class="removed-message">Ghi chú của lần gỡ: <q>Gỡ trà &lt;script&gt;alert(&quot;msg&quot;)&lt;/script&gt; &amp; &quot;x&quot;</q> (<code>' "$t"
has_line "not indexed" "$t" '<meta name="robots" content="noindex">'
has_line "a link to the products listed now" "$t" \
	'<p><a href="../../products/">Xem các sản phẩm OCOP hiện có</a></p>'
t=$s/en/products/tra-thao-moc/index.html
has_line "in English" "$t" \
	'<p class="lead">This product has not been listed in the OCOP catalog since <time datetime="2024-07-01">1 July 2024</time>.</p>'
has_line "its canonical is itself" "$t" \
	'<link rel="canonical" href="https://ocop.test/en/products/tra-thao-moc/">'
for slug in nuoc-mam-ky-ninh nuoc-mam; do
	has_line "renamed, then removed: $slug says so" "$s/products/$slug/index.html" \
		'<h1>Nước mắm Kỳ Ninh</h1>'
	has_line "since the removal" "$s/en/products/$slug/index.html" \
		'<p class="lead">This product has not been listed in the OCOP catalog since <time datetime="2025-04-01">1 April 2025</time>.</p>'
done
h=$s/products/nuoc-mam/history/index.html
has_line "a removed product links to its history" "$s/products/nuoc-mam/index.html" \
	'<p><a href="../../products/nuoc-mam/history/">Lịch sử thay đổi</a></p>'
has_line "which is still published, removal first" "$h" \
	'<p class="timeline-message">Gỡ nước mắm: thu hồi</p>'
has_line "in English too" "$s/en/products/nuoc-mam-ky-ninh/history/index.html" \
	'<li>File moved: content/products/nuoc-mam-ky-ninh.md → content/products/nuoc-mam.md</li>'
has_line "leading back to the tombstone" "$h" \
	'<p class="kicker"><a href="../../../products/nuoc-mam/">Nước mắm Kỳ Ninh</a></p>'
has_line "not indexed" "$h" '<meta name="robots" content="noindex">'
check "a live product's history page is indexed" sh -c "! grep -q noindex '$s/products/mat-ong-rung/history/index.html'"
has_line "a removed producer" "$s/producers/co-so-cu/index.html" \
	'<p class="lead">Chủ thể này không còn trong danh mục OCOP từ ngày <time datetime="2025-02-01">01/02/2025</time>.</p>'
has_line "its name" "$s/en/producers/co-so-cu/index.html" '<h1>Cơ sở Chè Cũ</h1>'
has_line "a removed point of sale" "$s/en/points-of-sale/quay-cu/index.html" \
	'<p class="lead">This point of sale has not been listed in the OCOP catalog since <time datetime="2025-02-01">1 February 2025</time>.</p>'
has_line "with its list" "$s/points-of-sale/quay-cu/index.html" \
	'<p><a href="../../points-of-sale/">Xem các điểm bán hiện có</a></p>'

# --- the sitemap, scripts, the same on one thread or two ----------------
check "the sitemap lists the new pages" grep -q '<loc>https://ocop.test/products/mat-ong-rung/</loc>' "$s/sitemap.xml"
check "not the old URLs" sh -c "! grep -qE 'products/(mat-ong|mat-ong-vu-quang|tra-thao-moc|nuoc-mam)/(history/)?<|producers/(htx-che|co-so-cu)/<|points-of-sale/(cua-hang|quay-cu)/<' '$s/sitemap.xml'"
check "no script from a name or a message" sh -c "! grep -rqE '<script>alert|alert\\(\"(ten|msg)\"\\)</script>' '$s'"
"$OCOP" -C "$c" build -q -j 1 --as-of "$AS_OF" -o "$TMP/one" >/dev/null 2>&1
"$OCOP" -C "$c" build -q -j 2 --as-of "$AS_OF" -o "$TMP/two" >/dev/null 2>&1
check "one thread or two: the same pages" diff -r -x .ocop-output "$TMP/one" "$TMP/two"
check "with the old URLs" test -s "$TMP/one/products/mat-ong/index.html"

# with history: false, no old URL
sed -i 's/^history: true$/history: false/' "$c/site.yaml"
(cd "$c" && git commit -qam "Tắt lịch sử")
"$OCOP" -C "$c" build -q --as-of "$AS_OF" -o "$TMP/plain" >/dev/null 2>&1
check "history: false, builds" test -s "$TMP/plain/products/mat-ong-rung/index.html"
check "no redirect" test ! -e "$TMP/plain/products/mat-ong"
check "no tombstone" test ! -e "$TMP/plain/products/tra-thao-moc"
check "nor for producers and points of sale" sh -c "test ! -e '$TMP/plain/producers/co-so-cu' && test ! -e '$TMP/plain/points-of-sale/cua-hang'"
summary
