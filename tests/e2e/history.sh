#!/bin/sh
# End-to-end tests of history (load/history.h, model/timeline.h,
# docs/history.md): a catalog repository made here, commit by commit at
# fixed dates, whose product pages say when they last changed and link
# to a history page that lists every change, newest first, field by
# field, in both languages (by default: site.yaml does not ask for it);
# a renamed file keeps its history; a version
# that does not parse says so; an author's name that is not UTF-8 is
# shown with U+FFFD.
# OCOP=path picks the binary (default ./ocop); run from the repository root.
NAME=history
. tests/e2e/lib.sh

c=$TMP/cat
cp -r "$E2E/basic/catalog" "$c"
# no history: key in site.yaml: history is on by default
# commit DATE MESSAGE: everything, at that date (UTC)
commit() {
	(cd "$c" && git add -A &&
		GIT_AUTHOR_DATE="$1T08:00:00+07:00" GIT_COMMITTER_DATE="$1T08:00:00+07:00" \
		git commit -qm "$2")
}
(cd "$c" && git init -q -b main)
commit 2024-01-10 "Thêm danh mục"
p=$c/content/products/mat-ong.md
sed -i 's/^stars: 3$/stars: 4/; s|55/QĐ-UBND|200/QĐ-UBND|; s/issued: 2022-05-01/issued: 2024-05-02/' "$p"
printf 'points_of_sale: [cua-hang]\n' >"$TMP/pos"
sed -i "/^location:/r $TMP/pos" "$p"
commit 2024-05-02 "Đánh giá lại mật ong: 4 sao"
mkdir -p "$c/content/products/ha-tinh"
git -C "$c" mv content/products/mat-ong.md content/products/ha-tinh/mat-ong.md
commit 2024-08-01 "Xếp sản phẩm theo tỉnh"
p=$c/content/products/ha-tinh/mat-ong.md
printf '\nMật ong hoa rừng Vũ Quang.\n' >>"$p"
sed -i 's/^group: thuc-pham$/group: thuc-pham\nprice: { from: 150000, unit: lọ }/' "$p"
# an author's name and a message that are not UTF-8 (git itself would
# re-encode them): the commit object written by hand
(cd "$c" && git add -A && tree=$(git write-tree) && parent=$(git rev-parse HEAD) &&
	id=$(printf 'tree %s\nparent %s\nauthor Nguy\341n <n@example.test> 1740963600 +0700\ncommitter t <t@example.test> 1740963600 +0700\n\nS\341a c\303\242u chuy\341\273\207n v\303\240 gi\303\241\377\n' \
		"$tree" "$parent" | git hash-object -t commit -w --stdin) &&
	git update-ref HEAD "$id")
cp "$p" "$TMP/good"
sed -i 's/^stars: 4$/stars: [4/' "$p"
commit 2025-04-01 "Lỗi gõ"
cp "$TMP/good" "$p"
sed -i 's|^  issued: 2024-05-02$|  issued: 2024-05-02\n  revoked: { date: 2025-06-01, decision: 999/QĐ-UBND, reason: Vi phạm }|' "$p"
commit 2025-06-02 "Thu hồi chứng nhận mật ong"
# renamed and edited in one commit: still the same product's history
git -C "$c" mv content/products/sua-mai-dung.md content/products/ha-tinh/sua-mai-dung-ha-tinh.md
sed -i 's/^stars: 3$/stars: 4/' "$c/content/products/ha-tinh/sua-mai-dung-ha-tinh.md"
commit 2025-07-01 "Đổi tên và nâng hạng sứa"
# one product removed and another added in one commit, from the same
# template (about 70% alike): two products, never one renamed
git -C "$c" rm -q content/products/tuong-ot-dong-van.md
git -C "$c" show HEAD:content/products/tuong-ot-dong-van.md |
	sed 's/^name: .*/name: Tương ớt Mèo Vạc/; s/^location: .*/location: { province: Hà Giang, commune: Mèo Vạc, village: Pả Vi }/' \
	>"$c/content/products/tuong-ot-meo-vac.md"
commit 2025-08-01 "Gỡ tương ớt Đồng Văn, thêm tương ớt Mèo Vạc"
# a producer and a point of sale edited: they have a history too
sed -i 's/^name: HTX Chè Sơn Thủy$/name: HTX Chè Sơn Thủy Hương Sơn/' "$c/content/producers/htx-che.md"
sed -i 's/^hours: .*/hours: "07:00–22:00"/' "$c/content/points-of-sale/cua-hang.md"
commit 2025-09-01 "Sửa tên HTX và giờ mở cửa"

"$OCOP" -C "$c" build -q --as-of "$AS_OF" -o "$TMP/site" >"$TMP/out" 2>"$TMP/err"
check "builds the catalog with its history" test $? -eq 0
cat "$TMP/err" | grep -v "cảnh báo\|gợi ý" | head -5
s=$TMP/site
check "the product's history page, in both languages" \
	test -s "$s/products/mat-ong/history/index.html" -a -s "$s/en/products/mat-ong/history/index.html"
check "a product changed once has its page too" test -s "$s/products/nuoc-mam-ky-ninh/history/index.html"
check "no history page for a draft" test ! -e "$s/products/ban-nhap/history/index.html"
has_line "the product page says when it last changed" "$s/products/mat-ong/index.html" \
	'<p class="updated">Cập nhật lần cuối: <time datetime="2025-06-02">02/06/2025</time> · <a href="../../products/mat-ong/history/">Lịch sử thay đổi</a></p>'
has_line "in English too" "$s/en/products/mat-ong/index.html" \
	'<p class="updated">Last updated: <time datetime="2025-06-02">2 June 2025</time> · <a href="../../products/mat-ong/history/">History of changes</a></p>'

# the history as lines: each change's date, author, message, then its notes
python3 - "$s/products/mat-ong/history/index.html" >"$TMP/vi" <<'PY'
import re, sys, html
t = open(sys.argv[1], encoding='utf-8').read()
t = t[t.index('<ol class="timeline">'):t.index('</ol>')]
for ev in t.split('<p class="timeline-when">')[1:]:
    when, rest = ev.split('</p>', 1)
    msg = re.search(r'<p class="timeline-message">(.*?)</p>', rest).group(1)
    print(html.unescape(re.sub(r'<[^>]+>', '', when)), '|', html.unescape(msg))
    for n in re.findall(r'<li>([^<]*)</li>', rest):
        print('  -', html.unescape(n))
PY
cat >"$TMP/want" <<'TXT'
02/06/2025 · t · 2d6a2f4 | Thu hồi chứng nhận mật ong
  - Thu hồi chứng nhận ngày 01/06/2025 (999/QĐ-UBND)
01/04/2025 · t · 0000000 | Lỗi gõ
  - Mục này không hợp lệ ở phiên bản này
03/03/2025 · Nguy�n · 0000000 | S�a câu chuyện và giá�
  - Giá thay đổi
  - Sửa câu chuyện sản phẩm
01/08/2024 · t · 0000000 | Xếp sản phẩm theo tỉnh
  - Chuyển tệp: content/products/mat-ong.md → content/products/ha-tinh/mat-ong.md
02/05/2024 · t · 0000000 | Đánh giá lại mật ong: 4 sao
  - 3 sao → 4 sao
  - Gia hạn chứng nhận: 55/QĐ-UBND (2022) → 200/QĐ-UBND (2024)
  - Thêm điểm bán: cua-hang
10/01/2024 · t · 0000000 | Thêm danh mục
  - Được đưa vào danh mục
TXT
# commit ids depend on the run: compare without them
sed 's/ · [0-9a-f]\{7\} | / · ? | /' "$TMP/vi" >"$TMP/vi.cmp"
sed 's/ · [0-9a-f]\{7\} | / · ? | /' "$TMP/want" >"$TMP/want.cmp"
if cmp -s "$TMP/vi.cmp" "$TMP/want.cmp"; then ok; else bad "the history, newest first, field by field:"; diff "$TMP/want.cmp" "$TMP/vi.cmp"; fi
s2=$s/products/sua-mai-dung-ha-tinh/history/index.html
check "a file renamed and edited in one commit keeps its history" grep -q 'Thêm danh mục' "$s2"
check "said as a move" grep -qF 'Chuyển tệp: content/products/sua-mai-dung.md → content/products/ha-tinh/sua-mai-dung-ha-tinh.md' "$s2"
check "with what the edit changed" grep -qF '3 sao → 4 sao' "$s2"

s3=$s/products/tuong-ot-meo-vac/history/index.html
check "another product from the same template is not a rename" grep -q 'Được đưa vào danh mục' "$s3"
check "and has no history of the one removed" sh -c "! grep -q 'Thêm danh mục\|Chuyển tệp' '$s3'"

# producers and points of sale: the same line and history page
has_line "a producer's page says when it last changed" "$s/producers/htx-che/index.html" \
	'<p class="updated">Cập nhật lần cuối: <time datetime="2025-09-01">01/09/2025</time> · <a href="../../producers/htx-che/history/">Lịch sử thay đổi</a></p>'
has_line "so does a point of sale's, in English" "$s/en/points-of-sale/cua-hang/index.html" \
	'<p class="updated">Last updated: <time datetime="2025-09-01">1 September 2025</time> · <a href="../../points-of-sale/cua-hang/history/">History of changes</a></p>'
hp=$s/producers/htx-che/history/index.html
check "the producer's history page, in both languages" test -s "$hp" -a -s "$s/en/producers/htx-che/history/index.html"
check "with its renaming" grep -qF 'Tên: HTX Chè Sơn Thủy → HTX Chè Sơn Thủy Hương Sơn' "$hp"
check "and when it was added" grep -qF 'Được đưa vào danh mục' "$hp"
check "without a stars chart" sh -c "! grep -q 'stars-chart' '$hp'"
check "the point of sale's history says what changed" grep -qF 'Sửa thông tin khác' "$s/points-of-sale/cua-hang/history/index.html"
check "both in the sitemap" sh -c "grep -q 'producers/htx-che/history/' '$s/sitemap.xml' && grep -q 'points-of-sale/cua-hang/history/' '$s/sitemap.xml'"

# the stars chart: a step for each change of stars or revocation, named
# in words for screen readers, dashed once revoked, to the build's date
h=$s/products/mat-ong/history/index.html
check "the history page has a stars chart" grep -q '<svg class="stars-chart" viewBox="0 0 320 96"' "$h"
check "named step by step" grep -qF 'aria-label="Số sao theo thời gian: 3 sao từ 10/01/2024; 4 sao từ 02/05/2024; 4 sao từ 02/06/2025 (đã thu hồi chứng nhận)"' "$h"
check "in English too" grep -qF 'aria-label="Stars over time: 3 stars from 10 January 2024; 4 stars from 2 May 2024; 4 stars from 2 June 2025 (certificate revoked)"' "$s/en/products/mat-ong/history/index.html"
check "three steps, the last one dashed" sh -c "[ \$(grep -o '<path ' '$h' | wc -l) -eq 3 ] && [ \$(grep -o 'stroke-dasharray' '$h' | wc -l) -eq 1 ]"
check "from the day it was added to the build's date" sh -c "grep -qF '>10/01/2024</text>' '$h' && grep -qF '>22/11/2026</text></svg>' '$h'"
check "a product whose stars never changed: a flat line" grep -qF 'aria-label="Số sao theo thời gian: 3 sao từ 10/01/2024"' "$s/products/nuoc-mam-ky-ninh/history/index.html"

# the timelines are made on every core: one thread makes the same site
"$OCOP" -C "$c" build -q -j 1 --as-of "$AS_OF" -o "$TMP/one" >/dev/null 2>&1
"$OCOP" -C "$c" build -q -j 2 --as-of "$AS_OF" -o "$TMP/two" >/dev/null 2>&1
check "one thread or two: the same pages" diff -r -x .ocop-output "$TMP/one" "$TMP/two"
check "with the history pages" test -s "$TMP/one/products/mat-ong/history/index.html"

# --worktree: the history up to HEAD, then what the disk changes since
# (docs/history.md), as the newest entry of each changed product
p=$c/content/products/ha-tinh/mat-ong.md
cp "$p" "$TMP/committed"
sed -i 's/^stars: 4$/stars: 5/' "$p"
sed 's/^name: .*/name: Mật ong mới/' "$c/content/products/nuoc-mam-ky-ninh.md" >"$c/content/products/mat-ong-moi.md"
"$OCOP" -C "$c" build -q --worktree --as-of "$AS_OF" -o "$TMP/wt" >/dev/null 2>"$TMP/wt.err"
check "--worktree builds with the history" test -s "$TMP/wt/products/mat-ong/history/index.html"
cat "$TMP/wt.err" | grep -v "cảnh báo\|gợi ý" | head -5
python3 - "$TMP/wt/products/mat-ong/history/index.html" >"$TMP/wt.lines" <<'PY'
import re, sys, html
t = open(sys.argv[1], encoding='utf-8').read()
t = t[t.index('<ol class="timeline">'):t.index('</ol>')]
for ev in t.split('<p class="timeline-when">')[1:3]:
    when, rest = ev.split('</p>', 1)
    print(html.unescape(re.sub(r'<[^>]+>', '', when)))
    for n in re.findall(r'<li>([^<]*)</li>', rest):
        print('  -', html.unescape(n))
PY
cat >"$TMP/wt.want" <<'TXT'
Thay đổi chưa commit (bản xem trước từ các tệp trên máy)
  - 4 sao → 5 sao
02/06/2025 · t · 2d6a2f4
  - Thu hồi chứng nhận ngày 01/06/2025 (999/QĐ-UBND)
TXT
sed -i 's/ · [0-9a-f]\{7\}$/ · ?/' "$TMP/wt.lines" "$TMP/wt.want"
if cmp -s "$TMP/wt.lines" "$TMP/wt.want"; then ok; else bad "--worktree: the changes on disk first:"; diff "$TMP/wt.want" "$TMP/wt.lines"; fi
check "a product new on disk: added, not yet committed" sh -c "grep -A3 'Thay đổi chưa commit' '$TMP/wt/products/mat-ong-moi/history/index.html' | grep -q 'Được đưa vào danh mục'"
check "a product unchanged on disk: no uncommitted entry" sh -c "! grep -q 'chưa commit' '$TMP/wt/products/nuoc-mam-ky-ninh/history/index.html'"
check "and the history as HEAD has it" grep -q 'Thêm danh mục' "$TMP/wt/products/nuoc-mam-ky-ninh/history/index.html"
check "in English too" grep -q 'Uncommitted changes' "$TMP/wt/en/products/mat-ong/history/index.html"
check "the files on disk were not changed" sh -c "grep -q '^stars: 5$' '$p' && [ -z \"\$(git -C '$c' status --porcelain --untracked-files=no | grep -v ha-tinh/mat-ong.md)\" ]"
cp "$TMP/committed" "$p"
rm "$c/content/products/mat-ong-moi.md"
"$OCOP" -C "$c" build -q --worktree --as-of "$AS_OF" -o "$TMP/wt2" >/dev/null 2>&1
# (the open data name the commit they come from; the pages do not)
if diff -r "$TMP/wt2/products" "$TMP/one/products" >"$TMP/wt2.diff" &&
	diff -r "$TMP/wt2/en/products" "$TMP/one/en/products" >>"$TMP/wt2.diff"; then ok
else bad "a tree with nothing uncommitted: the product pages of HEAD"; head -20 "$TMP/wt2.diff"; fi

# a revocation without its decision (the content model asks only for
# its date): the note says the date alone, no empty brackets
p=$c/content/products/nuoc-mam-ky-ninh.md
sed -i 's|^  issued: 2025-01-10$|  issued: 2025-01-10\n  revoked: { date: 2025-07-01 }|' "$p"
commit 2025-07-02 "Thu hồi nước mắm"
"$OCOP" -C "$c" build -q --as-of "$AS_OF" -o "$TMP/rv" >/dev/null 2>&1
has_line "a revocation without its decision: its date alone" \
	"$TMP/rv/products/nuoc-mam-ky-ninh/history/index.html" \
	'<li>Thu hồi chứng nhận ngày 01/07/2025</li>'
has_line "in English" "$TMP/rv/en/products/nuoc-mam-ky-ninh/history/index.html" \
	'<li>Certificate revoked on 1 July 2025</li>'

# a long history (more than two runs of commits), read a level of
# folders at a time on two threads: the same site and the same cache as
# on one; a folder's old tree missing fails both the same way, naming
# the commit that changed the folder next
h=$TMP/long
cp -r "$E2E/basic/catalog" "$h"
git_repo "$h"
mkdir -p "$h/content/products/ha-tinh"
git -C "$h" mv content/products/mat-ong.md content/products/ha-tinh/mat-ong.md
git -C "$h" commit -qm "Xếp mật ong theo tỉnh"
set -- ha-tinh/mat-ong nuoc-mam-ky-ninh sua-mai-dung tra-thao-moc
i=0
while [ $i -lt 200 ]; do
	eval "f=\${$((i % 4 + 1))}"
	i=$((i + 1))
	printf '\nLần sửa %d.\n' $i >>"$h/content/products/$f.md"
	git -C "$h" commit -qam "Sửa lần $i"
done
rm -rf "$h/.git/ocop"
"$OCOP" -C "$h" build -q --jobs 1 --as-of "$AS_OF" -o "$TMP/l1" >/dev/null 2>&1
mv "$h/.git/ocop" "$TMP/l1.cache"
"$OCOP" -C "$h" build -q --jobs 2 --as-of "$AS_OF" -o "$TMP/l2" >/dev/null 2>&1
check "a long history: --jobs 1 and --jobs 2 make the same site" diff -r -x .ocop-output "$TMP/l1" "$TMP/l2"
check "and keep the same readings" cmp "$TMP/l1.cache/$(ls "$TMP/l1.cache" | grep '^history-')" "$h/.git/ocop/$(ls "$h/.git/ocop" | grep '^history-')"
check "every change on its page" sh -c "grep -o 'Sửa lần [0-9]*' '$TMP/l2/products/mat-ong/history/index.html' | sort -u | wc -l | grep -qx 50"
old=$(git -C "$h" rev-parse HEAD~180:content/products/ha-tinh)
next=$(git -C "$h" log --format=%H --reverse HEAD~180..HEAD -- content/products/ha-tinh | head -1)
rm -rf "$h/.git/ocop" "$h/.git/objects/$(echo "$old" | cut -c1-2)/$(echo "$old" | cut -c3-)"
"$OCOP" -C "$h" build -q --jobs 1 --as-of "$AS_OF" -o "$TMP/l3" >/dev/null 2>"$TMP/l3.err"
s1=$?
"$OCOP" -C "$h" build -q --jobs 2 --as-of "$AS_OF" -o "$TMP/l3" >/dev/null 2>"$TMP/l4.err"
s2=$?
check "a folder's tree missing: the build fails" test $s1 -eq 1 -a $s2 -eq 1
has_line "naming the commit and the object" "$TMP/l4.err" \
	"ocop: lỗi: không đọc được lịch sử ($next): object not found - no match for id ($old) [git]"
check "the same with one thread" cmp "$TMP/l3.err" "$TMP/l4.err"

# with history: false, no history at all
printf 'history: false\n' >>"$c/site.yaml"
(cd "$c" && git commit -qam "Tắt lịch sử")
"$OCOP" -C "$c" build -q --as-of "$AS_OF" -o "$TMP/plain" >/dev/null 2>&1
check "history: false, no history page" test ! -e "$TMP/plain/products/mat-ong/history"
check "and no line saying when a product changed" sh -c "! grep -q 'class=\"updated\"' '$TMP/plain/products/mat-ong/index.html'"
check "but the product page" test -s "$TMP/plain/products/mat-ong/index.html"
summary
