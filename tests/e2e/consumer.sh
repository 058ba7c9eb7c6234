#!/bin/sh
# What a consumer reads first (#17; docs/themes.md): the product page's
# verification box in every state, where to buy, breadcrumbs, the
# status lists and the home page's links to them, and the department's
# identity from site.yaml; the header's height and the first screen in
# Chromium (tests/browser/consumer.mjs).
# OCOP=path picks the binary (default ./ocop); run from the repository root.
NAME=consumer
. tests/e2e/lib.sh

c=$TMP/cat
cp -r "$E2E/basic/catalog" "$c"
cat >>"$c/site.yaml" <<'YAML'
publisher:
  name: Sở Nông nghiệp và Môi trường tỉnh Hà Tĩnh
  names: { en: Ha Tinh Department of Agriculture and Environment }
  address: 28 Trần Phú, phường Thành Sen, Hà Tĩnh
  phone: 0239 3855 555
  email: ocop@snnmt.hatinh.gov.vn
  logo: logo.svg
about:
  vi: Chương trình OCOP của tỉnh Hà Tĩnh.
YAML
cat >"$c/content/logo.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48"><circle cx="24" cy="24" r="22" fill="#c00"/><script>alert(1)</script></svg>
SVG
# three more points of sale for one product: a long list is announced
for n in 2 3 4; do
	cat >"$c/content/points-of-sale/quay-$n.md" <<POS
---
name: Quầy số $n
kind: market
location: { province: Hà Tĩnh, commune: Thạch Trung }
phone: "0912 000 00$n"
---
POS
done
sed -i 's/^points_of_sale: \[cua-hang\]$/points_of_sale: [cua-hang, quay-2, quay-3, quay-4]/' \
	"$c/content/products/nuoc-mam-ky-ninh.md"
# a certificate that ends before the others, to sort the expiring list
cat >"$c/content/products/keo-me.md" <<'MD'
---
name: Kẹo mè xửng
stars: 3
group: thuc-pham
producer: htx-che
location: { province: Hà Tĩnh, commune: Kỳ Ninh }
certificate:
  number: 77/QĐ-UBND
  issued: 2024-12-15
  issuer: UBND tỉnh Hà Tĩnh
shops:
  - { platform: shopee, url: "https://shopee.vn/keo-me" }
---
MD
git_repo "$c"

build() { # out, as-of
	"$OCOP" -C "$c" build -q --as-of "$2" -o "$1" >/dev/null 2>"$TMP/err" ||
		{ bad "build as of $2:"; cat "$TMP/err"; }
}
build "$TMP/s" "$AS_OF"
s=$TMP/s

# --- the verification box, in each state
p=$s/products/nuoc-mam-ky-ninh/index.html
has_line "valid: until its last day, with the words status.js needs" "$p" \
	'<p class="status-line verdict-status" data-ocop-expires="2028-01-10" data-ocop-expired-text="Chứng nhận OCOP: Hết hiệu lực"><span class="badge status-valid"><span aria-hidden="true">✓</span> Còn hiệu lực đến 10/01/2028</span></p>'
has_line "the box is the valid kind" "$p" \
	'<section class="verdict verdict-valid" aria-labelledby="h-verdict">'
has_line "the decision, linked, and its issuer" "$p" \
	'<p class="verdict-decision">Quyết định <a href="../../decisions/101-qd-ubnd-2025-01-10-ubnd-tinh-ha-tinh/">101/QĐ-UBND</a> · UBND tỉnh Hà Tĩnh</p>'
has_line "the day the status is for" "$p" \
	'<p class="verdict-as-of"><time datetime="2026-11-22">tình trạng tính đến 22/11/2026</time> · <a href="../../verify/?q=101%2FQ%C4%90-UBND">Tra cứu quyết định này</a></p>'
has_line "stars not muted" "$p" '<p class="verdict-stars"><span class="stars"><span class="stars-icons" aria-hidden="true">★★★<span class="stars-blank">☆☆</span></span> <span class="stars-text">3 sao</span></span></p>'
p=$s/products/mat-ong/index.html
has_line "expired: since the day after its last" "$p" \
	'<p class="status-line verdict-status"><span class="badge status-expired"><span aria-hidden="true">!</span> Hết hiệu lực từ 02/05/2025</span></p>'
check "expired: stars muted" grep -qF '<p class="verdict-stars is-muted">' "$p"
has_line "and why" "$p" '<p>Sản phẩm cần được đánh giá lại để tiếp tục được công nhận là sản phẩm OCOP.</p>'
p=$s/products/tra-thao-moc/index.html
has_line "revoked: when and by which decision" "$p" \
	'<p class="status-line verdict-status"><span class="badge status-revoked"><span aria-hidden="true">✕</span> Đã thu hồi ngày 01/02/2026 theo Quyết định 9/QĐ-UBND</span></p>'
check "revoked: stars muted" grep -qF '<p class="verdict-stars is-muted">' "$p"
has_line "in English" "$s/en/products/tra-thao-moc/index.html" \
	'<p class="status-line verdict-status"><span class="badge status-revoked"><span aria-hidden="true">✕</span> Revoked on 1 February 2026 by Decision 9/QĐ-UBND</span></p>'

build "$TMP/soon" 2027-12-01
p=$TMP/soon/products/nuoc-mam-ky-ninh/index.html
has_line "within 90 days: expiring soon, with the days left" "$p" \
	'<p class="status-line verdict-status" data-ocop-expires="2028-01-10" data-ocop-expired-text="Chứng nhận OCOP: Hết hiệu lực"><span class="badge status-valid"><span aria-hidden="true">!</span> Sắp hết hạn: còn 40 ngày</span></p>'
check "the box is the expiring kind" grep -qF '<section class="verdict verdict-expiring"' "$p"
build "$TMP/last" 2028-01-09
has_line "one day left, in English" "$TMP/last/en/products/nuoc-mam-ky-ninh/index.html" \
	'<p class="status-line verdict-status" data-ocop-expires="2028-01-10" data-ocop-expired-text="OCOP certificate: Expired"><span class="badge status-valid"><span aria-hidden="true">!</span> Expiring soon: 1 day left</span></p>'
build "$TMP/today" 2028-01-10
check "its last day" grep -qF 'Sắp hết hạn: hiệu lực đến hết hôm nay</span>' "$TMP/today/products/nuoc-mam-ky-ninh/index.html"
build "$TMP/after" 2028-01-11
check "the day after: expired" grep -qF 'Hết hiệu lực từ 11/01/2028</span>' "$TMP/after/products/nuoc-mam-ky-ninh/index.html"

# --- where to buy
p=$s/products/nuoc-mam-ky-ninh/index.html
has_line "breadcrumbs: home, group, product" "$p" \
	'<li><a href="../../groups/thuc-pham/">Thực phẩm</a></li>'
has_line "the product last, as the current page" "$p" \
	'<li aria-current="page">Nước mắm Kỳ Ninh</li>'
has_line "a long list of points of sale is announced" "$p" \
	'<p class="jump"><a href="#h-pos">Xem cả 4 điểm bán</a></p>'
has_line "a point of sale opens in the phone's map" "$p" \
	'<p><a href="geo:18.340000,105.900000">Mở bằng ứng dụng bản đồ</a> · <a href="https://www.openstreetmap.org/?mlat=18.340000&amp;mlon=105.900000#map=16/18.340000/105.900000" rel="nofollow noopener">Xem trên bản đồ</a></p>'
has_line "and is called with a tap" "$p" \
	'<p><a class="button button-call" href="tel:0912000002">Gọi 0912 000 002</a></p>'
check "a short list is not announced" sh -c "! grep -q 'class=\"jump\"' '$s/products/keo-me/index.html'"
has_line "shops are buttons that open a new tab" "$s/products/keo-me/index.html" \
	'<li><a class="button shop-shopee" href="https://shopee.vn/keo-me" target="_blank" rel="nofollow noopener">Shopee <span class="ext" aria-hidden="true">↗</span><span class="visually-hidden"> (mở trang của cửa hàng trong thẻ mới)</span></a></li>'
check "the verification box comes before where to buy, and both before the details" \
	sh -c "grep -n 'h-verdict\"\\|id=\"h-where\"\\|id=\"h-details\"' '$p' | grep -o 'h-[a-z]*' | tr '\n' ' ' | grep -qx 'h-verdict h-verdict h-where h-details '"

# --- status lists
e=$s/status/expired/index.html
check "the expired list" grep -qF '<td><a href="../../products/mat-ong/">Mật ong Vũ Quang</a>' "$e"
check "with its dates" grep -qF 'Ngày hết hạn: 01/05/2025' "$e"
check "the revoked list, with its decision" grep -qF 'Quyết định thu hồi: 9/QĐ-UBND' "$s/status/revoked/index.html"
has_line "nothing expiring on the build day" "$s/status/expiring/index.html" '<p>Hiện không có sản phẩm nào.</p>'
x=$TMP/soon/status/expiring/index.html
check "expiring soonest first: Kẹo mè (15/12/2027), then the four of 10/01/2028 (2 a page)" \
	sh -c "grep -o 'products/[a-z-]*/\">' '$x' | tr -d '\n' | grep -qx 'products/keo-me/\">products/che-xanh/\">'"
check "on three pages" sh -c "grep -q 'products/nuoc-mam-ky-ninh/' '$TMP/soon/status/expiring/page/2/index.html' && test -s '$TMP/soon/status/expiring/page/3/index.html'"
check "with the days left" grep -qF '<strong>(còn 14 ngày)</strong>' "$x"
check "in English" grep -qF '<h1>OCOP certificates expiring within 90 days</h1>' "$TMP/soon/en/status/expiring/index.html"
h=$s/index.html
check "the home page's counts link to the lists" grep -qF '<li><a href="./status/expired/"><span class="badge status-expired">Hết hiệu lực</span></a> <span class="count">1</span></li>' "$h"
check "and to the expiring ones" grep -qF '<br><a href="./status/expiring/">sắp hết hạn trong 90 ngày</a> <span class="count">0</span></li>' "$h"
check "the lists are in the sitemap" grep -qF '<loc>https://ocop.test/status/revoked/</loc>' "$s/sitemap.xml"

# --- the department
has_line "the publisher in the footer" "$h" \
	'<p class="publisher-name">Đơn vị công bố: <strong>Sở Nông nghiệp và Môi trường tỉnh Hà Tĩnh</strong></p>'
has_line "its name in English" "$s/en/index.html" \
	'<p class="publisher-name">Published by <strong>Ha Tinh Department of Agriculture and Environment</strong></p>'
has_line "its phone and email" "$h" \
	'<p>Điện thoại: <a href="tel:02393855555">0239 3855 555</a> · Thư điện tử: <a href="mailto:ocop@snnmt.hatinh.gov.vn">ocop@snnmt.hatinh.gov.vn</a></p>'
has_line "its logo in the header" "$s/en/products/index.html" \
	'<p class="site-title"><a href="../" rel="home"><img class="logo" src="../../logo.svg" alt="" width="48" height="48"> <span lang="vi">OCOP thử nghiệm</span></a></p>'
check "the logo published, its script removed" sh -c "grep -q '<circle' '$s/logo.svg' && ! grep -q script '$s/logo.svg'"
"$OCOP" -C "$c" check --lang en >"$TMP/out" 2>&1
check "with a warning at the logo in site.yaml" grep -qF 'site.yaml:15:9: warning: removed <script> from SVG image "logo.svg"' "$TMP/out"
has_line "the department's own words on OCOP" "$h" '<p>Chương trình OCOP của tỉnh Hà Tĩnh.</p>'
check "the theme's, in a language without them" grep -qF '<p>OCOP (One Commune One Product) is Vietnam' "$s/en/index.html"
check "the data version in small print" grep -qF '<p class="small-print">' "$h"

# --- site.yaml mistakes
bad_site() { # description, site.yaml lines, the message
	cp -r "$E2E/basic/catalog" "$TMP/b"
	printf '%s\n' "$2" >>"$TMP/b/site.yaml"
	git_repo "$TMP/b"
	"$OCOP" -C "$TMP/b" check --lang en >"$TMP/out" 2>&1
	st=$?
	if [ $st -eq 1 ] && grep -qF -- "$3" "$TMP/out"; then ok; else bad "$1 (status $st):"; cat "$TMP/out"; fi
	rm -rf "$TMP/b"
}
bad_site "a publisher without a name" 'publisher: { phone: "0239 3855 555" }' \
	'site.yaml:9:12: error: missing required field "name"'
bad_site "a publisher email that is not one" 'publisher: { name: Sở, email: "ocop at ha tinh" }' \
	'site.yaml:9:31: error: publisher email "ocop at ha tinh" is not an email address'
bad_site "a logo that is not committed" 'publisher: { name: Sở, logo: logo.png }' \
	'site.yaml:9:30: error: image "logo.png" not found (looked for content/logo.png)'
bad_site "a logo on another site" 'publisher: { name: Sở, logo: "https://x.test/l.png" }' \
	'site.yaml:9:30: error: image "https://x.test/l.png" must be a file in the repository'
bad_site "a logo that is a page" 'publisher: { name: Sở, logo: index.html }' \
	'site.yaml:9:30: error: image "index.html" must be named with a picture'"'"'s extension'
bad_site "about in a language the site has not" 'about: { fr: "OCOP" }' \
	'site.yaml:9:10: error: "fr" in about is not one of languages'

browser_checks "in Chromium" tests/browser/consumer.mjs "$s" "" \
	products/nuoc-mam-ky-ninh/ products/keo-me/ products/mat-ong/ products/tra-thao-moc/ \
	en/products/nuoc-mam-ky-ninh/ products/ status/expired/ en/
if [ -d "$ROOT/build/sample-site" ]; then
	browser_checks "the sample in Chromium" tests/browser/consumer.mjs "$ROOT/build/sample-site" "" \
		products/buoi-phuc-trach/ products/cao-che-vang-hong-loc/ products/keo-cu-do-ba-huong/ \
		en/products/buoi-phuc-trach/ products/ search/ verify/
else
	bad "the sample site is not built (make builds it)"
fi
summary
