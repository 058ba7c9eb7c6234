#!/bin/sh
# End-to-end tests of the catalog's versions and of what the changelog
# says of producers, points of sale and translations (model/changelog.h,
# docs/history.md): a catalog repository made here, commit by commit at
# fixed dates, tagged three times (one commit with two tags, one tag
# annotated); /versions/ and /en/versions/ read as lines, page by page:
# each version's date, its products by stars (certificates valid on its
# day), what changed since the tag before; producers and points of sale
# added, edited and removed; an edit of a translation alone counted as
# an edit; English names on the English pages where a translation gave
# one then; no versions page, and no link to one, without tags or
# with history: false.
# OCOP=path picks the binary (default ./ocop); run from the repository root.
NAME=versions
. tests/e2e/lib.sh

PY=/usr/bin/python3
c=$TMP/cat
cp -r "$E2E/basic/catalog" "$c"
printf 'history: true\n' >>"$c/site.yaml"
P=$c/content/products
# commit DATE MESSAGE: everything, at that date (+07:00)
commit() {
	(cd "$c" && git add -A &&
		GIT_AUTHOR_DATE="$1T08:00:00+07:00" GIT_COMMITTER_DATE="$1T08:00:00+07:00" \
		git commit -qm "$2")
}
# a producer no product names, to be removed later
cat >"$c/content/producers/htx-lua.md" <<'MD'
---
name: HTX Lúa Đức Thọ
type: htx
location: { province: Hà Tĩnh, commune: Đức Thọ }
---
MD
printf -- '---\nname: Vu Quang honey\n---\n' >"$P/mat-ong.en.md"
(cd "$c" && git init -q -b main)
commit 2025-03-10 "Thêm danh mục"
git -C "$c" tag v1
# an upgrade, and a producer renamed
sed -i 's/^stars: 3$/stars: 4/' "$P/nuoc-mam-ky-ninh.md"
sed -i 's/^name: HTX Chè Sơn Thủy$/name: HTX Chè Sơn Thủy Hương Sơn/' "$c/content/producers/htx-che.md"
commit 2025-04-01 "Nâng hạng nước mắm, đổi tên HTX chè"
# a translation alone: an edit of its product
sed -i 's/^name: .*/name: Son Thuy Premium Green Tea/' "$P/che-xanh/index.en.md"
commit 2025-04-15 "Dịch lại tên chè xanh"
# a new point of sale, with its translation
cat >"$c/content/points-of-sale/cho-ha-tinh.md" <<'MD'
---
name: Chợ Hà Tĩnh
kind: market
location: { province: Hà Tĩnh, commune: Thạch Trung }
---
MD
cat >"$c/content/points-of-sale/cho-ha-tinh.en.md" <<'MD'
---
name: Ha Tinh Market
---
MD
commit 2025-05-01 "Thêm chợ Hà Tĩnh"
# annotated, the day after its commit: the version's day is the tag's;
# mật ong's certificate (2022-05-01, 36 months), valid to the commit's
# day included, has expired on it
(cd "$c" && GIT_COMMITTER_DATE="2025-05-02T09:00:00+07:00" git tag -a v2 -m "Phiên bản 2")
# removals: a product with its translation's name, and a producer
git -C "$c" rm -q content/products/mat-ong.md content/products/mat-ong.en.md \
	content/producers/htx-lua.md
commit 2025-06-01 "Gỡ mật ong và HTX lúa"
sed -i 's/^stars: 3$/stars: 5/' "$P/sua-mai-dung.md"
sed -i 's/^hours: .*/hours: "07:00–22:00"/' "$c/content/points-of-sale/cua-hang.md"
commit 2025-07-01 "Nâng hạng sứa, sửa giờ mở cửa"
git -C "$c" tag v3
git -C "$c" tag 2025-07
sed -i 's/^name: .*/name: Son Thuy Green Tea/' "$P/che-xanh/index.en.md"
sed -i 's/^price: .*/price: { from: 130000, to: 250000, unit: gói 500 g }/' "$P/che-xanh/index.md"
commit 2025-08-01 "Sửa giá chè xanh"

"$OCOP" -C "$c" build -q --as-of "$AS_OF" -o "$TMP/site" >"$TMP/out" 2>"$TMP/err"
check "builds the catalog with its versions" test $? -eq 0
grep -v "cảnh báo\|gợi ý\|warning\|hint" "$TMP/err" | head -5
s=$TMP/site
check "the versions, in both languages" \
	test -s "$s/versions/index.html" -a -s "$s/en/versions/index.html"
check "paginated: 2 tagged commits, then 1" \
	test -s "$s/versions/page/2/index.html" -a ! -e "$s/versions/page/3"

# the versions as lines, page by page: heading, date, counts, changes
lines() { # the folder of the versions' pages
	$PY - "$1" <<'PY'
import html, os, re, sys
d = sys.argv[1]
n = 1
def text(x):
    return html.unescape(re.sub(r'<[^>]+>', '', x))
while True:
    f = os.path.join(d, 'index.html') if n == 1 else os.path.join(d, 'page', str(n), 'index.html')
    if not os.path.exists(f):
        break
    t = open(f, encoding='utf-8').read()
    t = t[t.index('<main'):t.index('</main>')]
    print('[%d]' % n)
    for sec in re.findall(r'<section class="version" id="v-[0-9a-f]{7}">(.*?)</section>', t, re.S):
        print('#', text(re.search(r'<h2>(.*?)</h2>', sec).group(1)))
        print(re.sub(r' · [0-9a-f]{7}$', ' · ?', text(re.search(r'<p class="timeline-when">(.*?)</p>', sec).group(1))))
        print(text(re.search(r'<p class="version-total">(.*?)</p>', sec).group(1)),
              '|', '; '.join(text(x) for x in re.findall(r'<ul class="version-stars">\n(.*?)</ul>', sec, re.S)[0].strip().split('\n')))
        print('##', text(re.search(r'<h3>(.*?)</h3>', sec).group(1)), '|',
              text(re.search(r'<p class="version-commits">(.*?)</p>', sec).group(1)))
        for li in re.findall(r'<li class="change-[a-z_]+">(.*?)</li>', sec):
            link = re.search(r'href="([^"]*)"', li)
            lang = re.search(r'lang="([^"]*)"', li)
            print('  -', text(li), '->', link.group(1) if link else '-',
                  '[%s]' % lang.group(1) if lang else '')
        for o in re.findall(r'<p class="timeline-others">(.*?)</p>', sec):
            print('  +', text(o))
    n += 1
PY
}
# Trà thảo mộc counts in every version: its revocation is dated
# 2026-02-01, after every tag's day
lines "$s/versions" >"$TMP/vi"
cat >"$TMP/want" <<'TXT'
[1]
# Phiên bản 2025-07, v3
01/07/2025 · ?
5 sản phẩm OCOP có chứng nhận còn hiệu lực | 3 sao: 2; 4 sao: 2; 5 sao: 1
## Thay đổi so với phiên bản v2 | 2 lần cập nhật
  - Nâng hạng: Sứa Mai Dung (3 sao → 5 sao) -> ../products/sua-mai-dung/ 
  - Gỡ khỏi danh mục: Mật ong Vũ Quang -> - 
  - Gỡ chủ thể khỏi danh mục: HTX Lúa Đức Thọ -> - 
  - Cập nhật điểm bán: Cửa hàng OCOP thử -> ../points-of-sale/cua-hang/ 
# Phiên bản v2
02/05/2025 · ?
5 sản phẩm OCOP có chứng nhận còn hiệu lực | 3 sao: 3; 4 sao: 2; 5 sao: 0
## Thay đổi so với phiên bản v1 | 3 lần cập nhật
  - Nâng hạng: Nước mắm Kỳ Ninh (3 sao → 4 sao) -> ../products/nuoc-mam-ky-ninh/ 
  - Chứng nhận hết hạn: Mật ong Vũ Quang (hiệu lực đến 01/05/2025) -> - 
  - Cập nhật chủ thể: HTX Chè Sơn Thủy Hương Sơn -> ../producers/htx-che/ 
  - Điểm bán mới: Chợ Hà Tĩnh -> ../points-of-sale/cho-ha-tinh/ 
  + 1 lần sửa thông tin sản phẩm khác
[2]
# Phiên bản v1
10/03/2025 · ?
6 sản phẩm OCOP có chứng nhận còn hiệu lực | 3 sao: 5; 4 sao: 1; 5 sao: 0
## Thay đổi từ khi lập danh mục | 1 lần cập nhật
  - Sản phẩm mới: Chè xanh Sơn Thủy (4 sao) -> ../../../products/che-xanh/ 
  - Sản phẩm mới: Mật ong Vũ Quang (3 sao) -> - 
  - Sản phẩm mới: Nước mắm Kỳ Ninh (3 sao) -> ../../../products/nuoc-mam-ky-ninh/ 
  - Sản phẩm mới: Sứa Mai Dung (3 sao) -> ../../../products/sua-mai-dung/ 
  - Sản phẩm mới: Trà thảo mộc (3 sao) -> ../../../products/tra-thao-moc/ 
  - Sản phẩm mới: Tương ớt Đồng Văn (3 sao) -> ../../../products/tuong-ot-dong-van/ 
  - Chủ thể mới: Hộ kinh doanh Mật ong Vũ Quang -> ../../../producers/ho-mat-ong/ 
  - Chủ thể mới: HTX Chè Sơn Thủy -> ../../../producers/htx-che/ 
  - Chủ thể mới: HTX Lúa Đức Thọ -> - 
  - Điểm bán mới: Cửa hàng OCOP thử -> ../../../points-of-sale/cua-hang/ 
TXT
if cmp -s "$TMP/vi" "$TMP/want"; then ok; else bad "/versions/, page by page:"; diff "$TMP/want" "$TMP/vi"; fi
# English: the translations' names as they were then (a removed
# product's from before its removal), the others marked Vietnamese
lines "$s/en/versions" >"$TMP/en"
cat >"$TMP/want" <<'TXT'
[1]
# Version 2025-07, v3
1 July 2025 · ?
5 OCOP products with a valid certificate | 3 stars: 2; 4 stars: 2; 5 stars: 1
## Changes since version v2 | 2 updates
  - Upgraded: Sứa Mai Dung (3 stars → 5 stars) -> ../products/sua-mai-dung/ [vi]
  - Removed from the catalog: Vu Quang honey -> - 
  - Producer removed from the catalog: HTX Lúa Đức Thọ -> - [vi]
  - Point of sale updated: Cửa hàng OCOP thử -> ../points-of-sale/cua-hang/ [vi]
# Version v2
2 May 2025 · ?
5 OCOP products with a valid certificate | 3 stars: 3; 4 stars: 2; 5 stars: 0
## Changes since version v1 | 3 updates
  - Upgraded: Nước mắm Kỳ Ninh (3 stars → 4 stars) -> ../products/nuoc-mam-ky-ninh/ [vi]
  - Certificate expired: Vu Quang honey (valid until 1 May 2025) -> - 
  - Producer updated: HTX Chè Sơn Thủy Hương Sơn -> ../producers/htx-che/ [vi]
  - New point of sale: Ha Tinh Market -> ../points-of-sale/cho-ha-tinh/ 
  + 1 other product edit
[2]
# Version v1
10 March 2025 · ?
6 OCOP products with a valid certificate | 3 stars: 5; 4 stars: 1; 5 stars: 0
## Changes since the catalog began | 1 update
  - New product: Son Thuy green tea (4 stars) -> ../../../products/che-xanh/ 
  - New product: Vu Quang honey (3 stars) -> - 
  - New product: Nước mắm Kỳ Ninh (3 stars) -> ../../../products/nuoc-mam-ky-ninh/ [vi]
  - New product: Sứa Mai Dung (3 stars) -> ../../../products/sua-mai-dung/ [vi]
  - New product: Trà thảo mộc (3 stars) -> ../../../products/tra-thao-moc/ [vi]
  - New product: Tương ớt Đồng Văn (3 stars) -> ../../../products/tuong-ot-dong-van/ [vi]
  - New producer: Hộ kinh doanh Mật ong Vũ Quang -> ../../../producers/ho-mat-ong/ [vi]
  - New producer: HTX Chè Sơn Thủy -> ../../../producers/htx-che/ [vi]
  - New producer: HTX Lúa Đức Thọ -> - [vi]
  - New point of sale: Cửa hàng OCOP thử -> ../../../points-of-sale/cua-hang/ [vi]
TXT
if cmp -s "$TMP/en" "$TMP/want"; then ok; else bad "/en/versions/, page by page:"; diff "$TMP/want" "$TMP/en"; fi
has_line "a version's anchor is its commit" "$s/versions/index.html" \
	"<section class=\"version\" id=\"v-$(git -C "$c" rev-parse --short=7 "v2^{commit}")\">"
has_line "the page links to the changelog" "$s/en/versions/page/2/index.html" \
	'<p class="changes-link"><a href="../../../changes/">See the changelog, edit by edit</a></p>'
has_line "the changelog links to the versions" "$s/changes/index.html" \
	'<p class="versions-link"><a href="../versions/">Các phiên bản</a></p>'
has_line "the footer links to the versions" "$s/en/products/che-xanh/index.html" \
	'<li><a href="../../versions/">Versions</a></li>'
check "the small print names the latest version" grep -qF \
	'· Latest data version <a href="../../versions/">2025-07, v3</a> ·' "$s/en/products/che-xanh/index.html"
check "in Vietnamese" grep -qF \
	'· Phiên bản dữ liệu gần nhất <a href="./versions/">2025-07, v3</a> ·' "$s/index.html"
check "in the sitemap: every page of the versions, in both languages" \
	test "$(grep -o '<loc>https://ocop.test/\(en/\)\{0,1\}versions/[^<]*</loc>' "$s/sitemap.xml" | wc -l)" -eq 4

# the changelog, commit by commit: the same changes, a translation
# edited alone is an edit (and with its product's file, one edit), a
# producer's or a point of sale's is named
changes() { # the changelog's page: "message | change; change | others"
	$PY - "$1" <<'PY'
import html, re, sys
t = open(sys.argv[1], encoding='utf-8').read()
t = t[t.index('<main'):t.index('</main>')]
def text(x):
    return html.unescape(re.sub(r'<[^>]+>', '', x))
for part in re.split(r'<li id="c-[0-9a-f]{7}">', t)[1:]:
    msg = re.search(r'<p class="timeline-message">(.*?)</p>', part).group(1)
    items = [text(li) for li in re.findall(r'<li class="change-[a-z_]+">(.*?)</li>', part)]
    others = [text(o) for o in re.findall(r'<p class="timeline-others">(.*?)</p>', part)]
    print(html.unescape(msg), '|', '; '.join(items), '|', '; '.join(others))
PY
}
for f in "$s/en/changes/index.html" "$s/en/changes/page/2/index.html" "$s/en/changes/page/3/index.html"; do
	changes "$f"
done >"$TMP/changes"
cat >"$TMP/want" <<'TXT'
Sửa giá chè xanh |  | 1 other product edited
Nâng hạng sứa, sửa giờ mở cửa | Upgraded: Sứa Mai Dung (3 stars → 5 stars); Point of sale updated: Cửa hàng OCOP thử | 
Gỡ mật ong và HTX lúa | Removed from the catalog: Vu Quang honey; Producer removed from the catalog: HTX Lúa Đức Thọ | 
Thêm chợ Hà Tĩnh | Certificate expired: Vu Quang honey (valid until 1 May 2025); New point of sale: Ha Tinh Market | 
Dịch lại tên chè xanh |  | 1 other product edited
Nâng hạng nước mắm, đổi tên HTX chè | Upgraded: Nước mắm Kỳ Ninh (3 stars → 4 stars); Producer updated: HTX Chè Sơn Thủy Hương Sơn | 
TXT
if cmp -s "$TMP/changes" "$TMP/want"; then ok; else bad "/en/changes/:"; diff "$TMP/want" "$TMP/changes"; fi
# the feed follows certifications: a point of sale or a translation
# alone is no entry
check "the feed leaves out what certifies nothing" \
	sh -c "! grep -q 'Dịch lại tên chè xanh\|Sửa giá chè xanh' '$s/en/changes.atom'"
check "the feed's entries list certifications only" \
	sh -c "! grep -q 'point of sale\|Producer' '$s/en/changes.atom'"
check "the feed is well-formed XML" xmllint --noout "$s/en/changes.atom"
check "its content names products in English where it can" \
	grep -q 'Removed from the catalog: &lt;span&gt;Vu Quang honey\|Removed from the catalog: Vu Quang honey' "$s/en/changes.atom"

# without tags: no versions page, and no link to one
(cd "$c" && git tag -d v1 v2 v3 2025-07 >/dev/null)
"$OCOP" -C "$c" build -q --as-of "$AS_OF" -o "$TMP/notags" >/dev/null 2>&1
check "without tags: the changelog" test -s "$TMP/notags/changes/index.html"
check "but no versions page" test ! -e "$TMP/notags/versions" -a ! -e "$TMP/notags/en/versions"
check "and no link to one" sh -c "! grep -rq 'versions/' '$TMP/notags' --include='*.html' --include='*.xml'"
check "reserved: no page may take its folder" sh -c "grep -q '\"versions\"' '$ROOT/src/plan/urls.c'"

# with history: false, no versions either
git -C "$c" tag v1 HEAD
sed -i 's/^history: true$/history: false/' "$c/site.yaml"
(cd "$c" && git commit -qam "Tắt lịch sử")
"$OCOP" -C "$c" build -q --as-of "$AS_OF" -o "$TMP/plain" >/dev/null 2>&1
check "history: false, no versions page" test ! -e "$TMP/plain/versions"
check "and no link to it" sh -c "! grep -rq 'versions/' '$TMP/plain/index.html' '$TMP/plain/sitemap.xml'"
summary
