#!/bin/sh
# End-to-end tests of the catalog's changelog (model/changelog.h,
# docs/history.md): a catalog repository made here, commit by commit at
# fixed dates (products added, upgraded, downgraded, re-rated, revoked
# on a merged branch, removed, restored, one certificate expiring
# between two commits, a draft edited, a commit that only edits other
# details, two tags and a tag off the first-parent line, a hostile
# commit message and product name, the producers and the point of sale
# added, an English name from a translation; tests/e2e/versions.sh tests
# the versions); /changes/ and /en/changes/ read as
# lines, page by page; the Atom feeds parsed by feedparser (Debian's
# python3-feedparser), checked against the rules of RFC 4287 and by
# xmllint; entry ids stable when a commit is added; nothing without
# history: true, and no feed without base_url.
# OCOP=path picks the binary (default ./ocop); run from the repository root.
NAME=changes
. tests/e2e/lib.sh

# feedparser is Debian's package, for Debian's python3 (make deps)
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
(cd "$c" && git init -q -b main)
commit 2024-01-10 "Thêm danh mục"
sed -i 's/^stars: 3$/stars: 4/' "$P/nuoc-mam-ky-ninh.md"
commit 2024-03-01 "Nâng hạng nước mắm"
sed -i 's/^stars: 4$/stars: 3/; /^potential_5_star:/d' "$P/che-xanh/index.md"
sed -i 's/green tea/Green Tea/' "$P/che-xanh/index.en.md"
commit 2024-06-01 "Hạ hạng chè xanh"
# a certificate that lapses the day after a commit: the first day
# expired (2025-02-02) is in that commit's period, not the one before
sed -i 's|^  number: .*|  number: 777/QĐ-UBND\n  expires: 2025-02-01|' "$P/sua-mai-dung.md"
sed -i 's/^group: \(.*\)$/group: \1\nprice: { from: 20000, unit: lọ }/' "$P/tuong-ot-dong-van.md"
commit 2024-09-01 "Đánh giá lại sứa"
(cd "$c" && GIT_COMMITTER_DATE="2024-09-01T09:00:00+07:00" git tag -a v1 -m "Phiên bản 1")
# a revocation made on a branch and merged: the merge brings it
(cd "$c" && git checkout -q -b thu-hoi)
sed -i 's|^  issued: \(.*\)$|  issued: \1\n  revoked: { date: 2025-06-01, decision: 99/QĐ-UBND, reason: Vi phạm }|' "$P/tuong-ot-dong-van.md"
commit 2024-10-15 "Thu hồi tương ớt"
(cd "$c" && git tag nhanh && git checkout -q main &&
	GIT_AUTHOR_DATE="2024-11-01T08:00:00+07:00" GIT_COMMITTER_DATE="2024-11-01T08:00:00+07:00" \
	git merge -q --no-ff -m "Gộp nhánh thu-hoi" thu-hoi)
cp "$P/nuoc-mam-ky-ninh.md" "$TMP/nuoc-mam"
git -C "$c" rm -q content/products/nuoc-mam-ky-ninh.md
commit 2025-02-01 "Gỡ nước mắm"
# mật ong's certificate (2022-05-01, 36 months) lapses on 2025-05-02:
# in the period of the commit before
sed 's/^name: .*/name: Mật ong bạc hà/; s/^stars: 3$/stars: 5/' "$P/mat-ong.md" >"$P/mat-ong-bac-ha.md"
commit 2025-08-01 "Thêm mật ong bạc hà"
git -C "$c" tag v2
sed -i 's/^name: .*/name: Bản nháp mới/' "$P/ban-nhap.md"
commit 2025-08-15 "Sửa bản nháp"
cp "$TMP/nuoc-mam" "$P/nuoc-mam-ky-ninh.md"
commit 2025-09-01 "Đưa nước mắm trở lại"
sed -i 's/^price: .*/price: { from: 25000, unit: lọ }/' "$P/tuong-ot-dong-van.md"
commit 2025-09-15 "Sửa giá tương ớt"
# hostile texts: markup, a CDATA end, an ampersand, a control character
sed 's/^name: .*/name: '"'"'<b>Mắm<\/b> \& ]]> "tôm"'"'"'/' "$P/sua-mai-dung.md" >"$P/mam-tom.md"
printf 'Thêm <script>alert(1)</script> ]]> & "x"\001 mắm\n' >"$TMP/msg"
(cd "$c" && git add -A &&
	GIT_AUTHOR_DATE="2025-10-01T08:00:00+07:00" GIT_COMMITTER_DATE="2025-10-01T08:00:00+07:00" \
	git commit -q -F "$TMP/msg")

"$OCOP" -C "$c" build -q --as-of "$AS_OF" -o "$TMP/site" >"$TMP/out" 2>"$TMP/err"
check "builds the catalog with its changelog" test $? -eq 0
grep -v "cảnh báo\|gợi ý\|warning\|hint" "$TMP/err" | head -5
s=$TMP/site
check "the changelog, in both languages" \
	test -s "$s/changes/index.html" -a -s "$s/en/changes/index.html"
check "paginated: 10 commits, 2 to a page" \
	test -s "$s/changes/page/5/index.html" -a ! -e "$s/changes/page/6"
check "the feeds, in both languages" test -s "$s/changes.atom" -a -s "$s/en/changes.atom"

# the changelog as lines, page by page: each version's heading, each
# commit's date, author and message, then its changes
lines() { # the folder of the changelog's pages
	$PY - "$1" <<'PY'
import html, os, re, sys
d = sys.argv[1]
n = 1
while True:
    f = os.path.join(d, 'index.html') if n == 1 else os.path.join(d, 'page', str(n), 'index.html')
    if not os.path.exists(f):
        break
    t = open(f, encoding='utf-8').read()
    t = t[t.index('<main'):t.index('</main>')]
    print('[%d]' % n)
    for part in re.split(r'(<h2>.*?</h2>|<li id="c-[0-9a-f]{7}">)', t)[1:]:
        if part.startswith('<h2>'):
            print('#', html.unescape(part[4:-5]))
        elif part.startswith('<li id='):
            continue
        else:
            m = re.search(r'<p class="timeline-when">(.*?)</p>', part)
            if not m:
                continue
            msg = re.search(r'<p class="timeline-message">(.*?)</p>', part).group(1)
            print(html.unescape(re.sub(r'<[^>]+>', '', m.group(1))), '|', html.unescape(msg))
            for li in re.findall(r'<li class="change-[a-z_]+">(.*?)</li>', part):
                link = re.search(r'href="([^"]*)"', li)
                print('  -', html.unescape(re.sub(r'<[^>]+>', '', li)),
                      '->', link.group(1) if link else '-')
            for o in re.findall(r'<p class="timeline-others">(.*?)</p>', part):
                print('  +', html.unescape(o))
    n += 1
PY
}
lines "$s/changes" | sed 's/ · [0-9a-f]\{7\} | / · ? | /' >"$TMP/vi"
cat >"$TMP/want" <<'TXT'
[1]
# Chưa thuộc phiên bản nào
01/10/2025 · t · ? | Thêm <script>alert(1)</script> ]]> & "x"� mắm
  - Sản phẩm mới: <b>Mắm</b> & ]]> "tôm" (3 sao) -> ../products/mam-tom/
15/09/2025 · t · ? | Sửa giá tương ớt
  + 1 sản phẩm khác được sửa thông tin
[2]
# Chưa thuộc phiên bản nào
01/09/2025 · t · ? | Đưa nước mắm trở lại
  - Đưa trở lại danh mục: Nước mắm Kỳ Ninh (4 sao) -> ../../../products/nuoc-mam-ky-ninh/
# Phiên bản v2
01/08/2025 · t · ? | Thêm mật ong bạc hà
  - Sản phẩm mới: Mật ong bạc hà (5 sao) -> ../../../products/mat-ong-bac-ha/
[3]
# Phiên bản v2
01/02/2025 · t · ? | Gỡ nước mắm
  - Gỡ khỏi danh mục: Nước mắm Kỳ Ninh -> ../../../products/nuoc-mam-ky-ninh/
  - Chứng nhận hết hạn: Mật ong Vũ Quang (hiệu lực đến 01/05/2025) -> ../../../products/mat-ong/
  - Chứng nhận hết hạn: Sứa Mai Dung (hiệu lực đến 01/02/2025) -> ../../../products/sua-mai-dung/
01/11/2024 · t · ? | Gộp nhánh thu-hoi
  - Thu hồi chứng nhận: Tương ớt Đồng Văn -> ../../../products/tuong-ot-dong-van/
[4]
# Phiên bản v1
01/09/2024 · t · ? | Đánh giá lại sứa
  - Đánh giá lại: Sứa Mai Dung (3 sao, quyết định 777/QĐ-UBND) -> ../../../products/sua-mai-dung/
  + 1 sản phẩm khác được sửa thông tin
01/06/2024 · t · ? | Hạ hạng chè xanh
  - Hạ hạng: Chè xanh Sơn Thủy (4 sao → 3 sao) -> ../../../products/che-xanh/
[5]
# Phiên bản v1
01/03/2024 · t · ? | Nâng hạng nước mắm
  - Nâng hạng: Nước mắm Kỳ Ninh (3 sao → 4 sao) -> ../../../products/nuoc-mam-ky-ninh/
10/01/2024 · t · ? | Thêm danh mục
  - Sản phẩm mới: Chè xanh Sơn Thủy (4 sao) -> ../../../products/che-xanh/
  - Sản phẩm mới: Mật ong Vũ Quang (3 sao) -> ../../../products/mat-ong/
  - Sản phẩm mới: Nước mắm Kỳ Ninh (3 sao) -> ../../../products/nuoc-mam-ky-ninh/
  - Sản phẩm mới: Sứa Mai Dung (3 sao) -> ../../../products/sua-mai-dung/
  - Sản phẩm mới: Trà thảo mộc (3 sao) -> ../../../products/tra-thao-moc/
  - Sản phẩm mới: Tương ớt Đồng Văn (3 sao) -> ../../../products/tuong-ot-dong-van/
  - Chủ thể mới: Hộ kinh doanh Mật ong Vũ Quang -> ../../../producers/ho-mat-ong/
  - Chủ thể mới: HTX Chè Sơn Thủy -> ../../../producers/htx-che/
  - Điểm bán mới: Cửa hàng OCOP thử -> ../../../points-of-sale/cua-hang/
TXT
if cmp -s "$TMP/vi" "$TMP/want"; then ok; else bad "/changes/, page by page:"; diff "$TMP/want" "$TMP/vi"; fi
lines "$s/en/changes" | sed 's/ · [0-9a-f]\{7\} | / · ? | /' >"$TMP/en"
cat >"$TMP/want" <<'TXT'
[1]
# Not in a version yet
1 October 2025 · t · ? | Thêm <script>alert(1)</script> ]]> & "x"� mắm
  - New product: <b>Mắm</b> & ]]> "tôm" (3 stars) -> ../products/mam-tom/
15 September 2025 · t · ? | Sửa giá tương ớt
  + 1 other product edited
[2]
# Not in a version yet
1 September 2025 · t · ? | Đưa nước mắm trở lại
  - Back in the catalog: Nước mắm Kỳ Ninh (4 stars) -> ../../../products/nuoc-mam-ky-ninh/
# Version v2
1 August 2025 · t · ? | Thêm mật ong bạc hà
  - New product: Mật ong bạc hà (5 stars) -> ../../../products/mat-ong-bac-ha/
[3]
# Version v2
1 February 2025 · t · ? | Gỡ nước mắm
  - Removed from the catalog: Nước mắm Kỳ Ninh -> ../../../products/nuoc-mam-ky-ninh/
  - Certificate expired: Mật ong Vũ Quang (valid until 1 May 2025) -> ../../../products/mat-ong/
  - Certificate expired: Sứa Mai Dung (valid until 1 February 2025) -> ../../../products/sua-mai-dung/
1 November 2024 · t · ? | Gộp nhánh thu-hoi
  - Certificate revoked: Tương ớt Đồng Văn -> ../../../products/tuong-ot-dong-van/
[4]
# Version v1
1 September 2024 · t · ? | Đánh giá lại sứa
  - Re-rated: Sứa Mai Dung (3 stars, decision 777/QĐ-UBND) -> ../../../products/sua-mai-dung/
  + 1 other product edited
1 June 2024 · t · ? | Hạ hạng chè xanh
  - Downgraded: Son Thuy Green Tea (4 stars → 3 stars) -> ../../../products/che-xanh/
[5]
# Version v1
1 March 2024 · t · ? | Nâng hạng nước mắm
  - Upgraded: Nước mắm Kỳ Ninh (3 stars → 4 stars) -> ../../../products/nuoc-mam-ky-ninh/
10 January 2024 · t · ? | Thêm danh mục
  - New product: Son Thuy green tea (4 stars) -> ../../../products/che-xanh/
  - New product: Mật ong Vũ Quang (3 stars) -> ../../../products/mat-ong/
  - New product: Nước mắm Kỳ Ninh (3 stars) -> ../../../products/nuoc-mam-ky-ninh/
  - New product: Sứa Mai Dung (3 stars) -> ../../../products/sua-mai-dung/
  - New product: Trà thảo mộc (3 stars) -> ../../../products/tra-thao-moc/
  - New product: Tương ớt Đồng Văn (3 stars) -> ../../../products/tuong-ot-dong-van/
  - New producer: Hộ kinh doanh Mật ong Vũ Quang -> ../../../producers/ho-mat-ong/
  - New producer: HTX Chè Sơn Thủy -> ../../../producers/htx-che/
  - New point of sale: Cửa hàng OCOP thử -> ../../../points-of-sale/cua-hang/
TXT
if cmp -s "$TMP/en" "$TMP/want"; then ok; else bad "/en/changes/, page by page:"; diff "$TMP/want" "$TMP/en"; fi
# English names where the translation gave one (as it was then), else
# the Vietnamese one marked as such
has_line "an English name, as the translation had it then" "$s/en/changes/page/4/index.html" \
	'<li class="change-downgraded">Downgraded: <a href="../../../products/che-xanh/">Son Thuy Green Tea</a> (4 stars → 3 stars)</li>'
has_line "a name with no translation is marked Vietnamese" "$s/en/changes/page/4/index.html" \
	'<li class="change-rerated">Re-rated: <a href="../../../products/sua-mai-dung/" lang="vi">Sứa Mai Dung</a> (3 stars, decision 777/QĐ-UBND)</li>'
has_line "but not on the Vietnamese pages" "$s/changes/page/4/index.html" \
	'<li class="change-rerated">Đánh giá lại: <a href="../../../products/sua-mai-dung/">Sứa Mai Dung</a> (3 sao, quyết định 777/QĐ-UBND)</li>'
has_line "the footer links to the changelog" "$s/products/mat-ong/index.html" \
	'<li><a href="../../changes/">Nhật ký thay đổi</a></li>'
has_line "the changelog's pages name the feed" "$s/en/changes/page/2/index.html" \
	'<link rel="alternate" type="application/atom+xml" title="Catalog changelog" href="../../../changes.atom">'
check "in the sitemap: every page of the changelog, in both languages" \
	test "$(grep -o '<loc>https://ocop.test/\(en/\)\{0,1\}changes/[^<]*</loc>' "$s/sitemap.xml" | wc -l)" -eq 10
check "but not the feeds" sh -c "! grep -q 'changes.atom' '$s/sitemap.xml'"
# hostile texts are text everywhere: no tag, no control character
check "no markup from a commit message or a name" \
	sh -c "! grep -rq --include='*.html' --include='*.atom' --include='*.xml' '<script>alert\|<b>Mắm' '$s'"
check "no control character in any page or feed" \
	sh -c "! grep -rlP '[\x01-\x08\x0b\x0c\x0e-\x1f]' '$s' --include='*.html' --include='*.atom' --include='*.xml'"

# the feeds: well-formed, Atom 1.0 by RFC 4287's rules, read by feedparser
check "the feeds are well-formed XML" xmllint --noout "$s/changes.atom" "$s/en/changes.atom"
cat >"$TMP/feed.py" <<'PY'
# feed.py FILE HOME WANT: checks an Atom feed; WANT holds a line
# "title|updated|page" per entry.  Prints ok:/FAIL: lines, and the
# entries' ids to FILE.ids.
import re, sys, xml.etree.ElementTree as ET
import feedparser
path, home = sys.argv[1], sys.argv[2]
want = open(sys.argv[3], encoding='utf-8').read().splitlines()
A = '{http://www.w3.org/2005/Atom}'
def check(what, cond):
    print(('ok: ' if cond else 'FAIL: ') + what)
d = feedparser.parse(path)
check(path + ': feedparser reads it without error (bozo 0)', d.bozo == 0)
check(path + ': as Atom 1.0', d.version == 'atom10')
root = ET.parse(path).getroot()
check('the root is an Atom feed', root.tag == A + 'feed')
rfc3339 = re.compile(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$')
def one(el, name):
    return len(el.findall(A + name)) == 1
check('the feed has one id, title, updated', all(one(root, k) for k in ('id', 'title', 'updated')))
check('the feed is updated in RFC 3339', rfc3339.match(root.find(A + 'updated').text) is not None)
check('the feed has an author with a name', root.find(A + 'author/' + A + 'name') is not None)
links = {l.get('rel'): l.get('href') for l in root.findall(A + 'link')}
check('its self link', links.get('self') == home + 'changes.atom')
check('its alternate link', links.get('alternate') == home + 'changes/')
check('its id is its address', root.find(A + 'id').text == home + 'changes.atom')
entries = root.findall(A + 'entry')
ids = [e.find(A + 'id').text for e in entries]
check('%d entries (want %d)' % (len(entries), len(want)), len(entries) == len(want) == len(d.entries))
check('each entry has one id, title, updated, an alternate link',
      all(one(e, 'id') and one(e, 'title') and one(e, 'updated') and
          e.find(A + 'link[@rel="alternate"]') is not None for e in entries))
check('entry ids are unique UUID URNs (version 5)', len(set(ids)) == len(ids) and
      all(re.match(r'^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$', i) for i in ids))
check('entries are updated in RFC 3339', all(rfc3339.match(e.find(A + 'updated').text) for e in entries))
check('the feed is updated when its newest entry is', root.find(A + 'updated').text == entries[0].find(A + 'updated').text)
for e, w in zip(d.entries, want):
    title, updated, page = w.split('|')
    check('entry %r: title' % title, e.title == title)
    check('entry %r: updated %s' % (title, updated), e.updated == updated)
    check('entry %r: link to %s' % (title, page), re.match(re.escape(home + page) + r'#c-[0-9a-f]{7}$', e.link) is not None)
    check('entry %r: has content' % title, len(e.content[0].value) > 0)
with open(path + '.ids', 'w') as f:
    f.write('\n'.join(ids) + '\n')
PY
py_checks() { # what, then the arguments of a python script printing ok:/FAIL: lines
	what=$1; shift
	$PY "$@" >"$TMP/py.out" 2>&1
	st=$?
	pass=$((pass + $(grep -c '^ok: ' "$TMP/py.out")))
	nf=$(grep -c '^FAIL: ' "$TMP/py.out")
	fail=$((fail + nf))
	grep '^FAIL: ' "$TMP/py.out"
	if [ $st -ne 0 ] && [ "$nf" -eq 0 ]; then bad "$what crashed:"; cat "$TMP/py.out"; fi
}
# entries are the commits that changed what the catalog certifies: the
# price edited alone is not one
cat >"$TMP/entries" <<'TXT'
Thêm <script>alert(1)</script> ]]> & "x"� mắm|2025-10-01T08:00:00+07:00|changes/
Đưa nước mắm trở lại|2025-09-01T08:00:00+07:00|changes/page/2/
Thêm mật ong bạc hà|2025-08-01T08:00:00+07:00|changes/page/2/
Gỡ nước mắm|2025-02-01T08:00:00+07:00|changes/page/3/
Gộp nhánh thu-hoi|2024-11-01T08:00:00+07:00|changes/page/3/
Đánh giá lại sứa|2024-09-01T08:00:00+07:00|changes/page/4/
Hạ hạng chè xanh|2024-06-01T08:00:00+07:00|changes/page/4/
Nâng hạng nước mắm|2024-03-01T08:00:00+07:00|changes/page/5/
Thêm danh mục|2024-01-10T08:00:00+07:00|changes/page/5/
TXT
py_checks "the Vietnamese feed" "$TMP/feed.py" "$s/changes.atom" https://ocop.test/ "$TMP/entries"
py_checks "the English feed" "$TMP/feed.py" "$s/en/changes.atom" https://ocop.test/en/ "$TMP/entries"
check "the two languages' entries have their own ids" sh -c "! cmp -s '$s/changes.atom.ids' '$s/en/changes.atom.ids'"
$PY - "$s/changes.atom" >"$TMP/content" <<'PY'
import sys, feedparser
print(feedparser.parse(sys.argv[1]).entries[0].content[0].value)
PY
has_line "a hostile name is text in the feed's content" "$TMP/content" \
	'<ul><li>Sản phẩm mới: <a href="https://ocop.test/products/mam-tom/">&lt;b&gt;Mắm&lt;/b&gt; &amp; ]]&gt; &quot;tôm&quot;</a> (3 sao)</li></ul>'

# ids stay when a commit is added: the new one comes first
cp "$s/changes.atom.ids" "$TMP/ids1"
sed -i 's/^stars: 3$/stars: 4/' "$P/sua-mai-dung.md"
commit 2025-11-01 "Nâng hạng sứa"
"$OCOP" -C "$c" build -q --as-of "$AS_OF" -o "$TMP/site2" >/dev/null 2>&1
$PY - "$TMP/site2/changes.atom" >"$TMP/ids2" <<'PY'
import sys, feedparser
for e in feedparser.parse(sys.argv[1]).entries:
    print(e.id)
PY
check "one entry more" test "$(wc -l <"$TMP/ids2")" -eq 10
check "the older entries keep their ids" sh -c "tail -n +2 '$TMP/ids2' | cmp -s - '$TMP/ids1'"
check "the new one's is new" sh -c "! grep -qxF \"\$(head -1 '$TMP/ids2')\" '$TMP/ids1'"
check "and it is the newest" grep -q '<title type="text">Nâng hạng sứa</title>' "$TMP/site2/changes.atom"

# a commit of many products lists 12 of them and counts the rest by kind
# (a page of the changelog stays small: #12)
i=0
while [ $i -lt 15 ]; do
	sed "s/^name: .*/name: Sứa loạt $i/" "$P/sua-mai-dung.md" >"$P/sua-loat-$i.md"
	i=$((i + 1))
done
sed -i 's/^stars: 4$/stars: 5/' "$P/nuoc-mam-ky-ninh.md"
commit 2025-11-02 "Thêm một loạt sứa"
"$OCOP" -C "$c" build -q --as-of "$AS_OF" -o "$TMP/bulk" >/dev/null 2>&1
sed -n '/Thêm một loạt sứa/,/changes-more/p' "$TMP/bulk/changes/index.html" >"$TMP/bulk.li"
check "a bulk commit: 12 changes listed" test "$(grep -c '^<li class="change-' "$TMP/bulk.li")" -eq 12
has_line "the rest counted by kind" "$TMP/bulk/changes/index.html" \
	'<p class="changes-more">và 4 thay đổi khác: Sản phẩm mới 3; Nâng hạng 1</p>'
has_line "in English" "$TMP/bulk/en/changes/index.html" \
	'<p class="changes-more">and 4 other changes: New product 3; Upgraded 1</p>'

# without base_url: the pages, no feed, and a warning that says so
sed -i '/^base_url:/d' "$c/site.yaml"
(cd "$c" && git commit -qam "Bỏ base_url")
"$OCOP" -C "$c" build -q --as-of "$AS_OF" -o "$TMP/nobase" >/dev/null 2>"$TMP/nobase.err"
check "without base_url: the changelog" test -s "$TMP/nobase/changes/index.html"
check "but no feed" test ! -e "$TMP/nobase/changes.atom" -a ! -e "$TMP/nobase/en/changes.atom"
check "and no link to one" sh -c "! grep -q 'changes.atom' '$TMP/nobase/changes/index.html'"
check "a warning says why" grep -q "changes.atom" "$TMP/nobase.err"

# with history: false, no changelog at all
sed -i 's/^history: true$/history: false/' "$c/site.yaml"
(cd "$c" && git commit -qam "Tắt lịch sử")
"$OCOP" -C "$c" build -q --as-of "$AS_OF" -o "$TMP/plain" >/dev/null 2>&1
check "history: false, no changelog" test ! -e "$TMP/plain/changes" -a ! -e "$TMP/plain/en/changes"
check "no feed" test ! -e "$TMP/plain/changes.atom"
check "and no link to it" sh -c "! grep -rq 'changes/' '$TMP/plain/index.html' '$TMP/plain/sitemap.xml'"
check "but the site" test -s "$TMP/plain/products/mat-ong/index.html"
summary
