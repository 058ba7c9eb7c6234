#!/bin/sh
# End-to-end tests of the certificate lookup (plan/verify.h,
# render/verify_json.h, docs/verify.md) on a catalog written here: a
# decision that recognised three products (one with a hostile name),
# the same number from another province, an expired, a revoked and an
# about-to-expire certificate, one without published details, and
# fillers for a second page.  Checks the shards' exact contents (the
# key's shard computed here, from the documented hash), the page in
# both languages and its list (order, statuses, "as of" line,
# pagination, sitemap), the reserved name, and then, in Chromium, the
# lookup as a consumer types it (tests/browser/verify.mjs).
# OCOP=path picks the binary (default ./ocop); run from the repository root.
NAME=verify
. tests/e2e/lib.sh

c=$TMP/cat
mkdir -p "$c/content/products" "$c/content/producers"
cat >"$c/site.yaml" <<'EOT'
title: OCOP tra cứu
base_url: https://ocop.test/
languages: [vi, en]
theme: default
per_page: 4
EOT
cat >"$c/content/producers/htx-buoi.md" <<'EOT'
---
name: HTX Bưởi Phúc Trạch
type: htx
location: { province: Hà Tĩnh, commune: Phúc Trạch }
---
EOT
product() { # slug, name, stars, certificate lines, extra lines
	cat >"$c/content/products/$1.md" <<EOT
---
name: '$(printf '%s' "$2" | sed "s/'/''/g")'
stars: $3
group: thuc-pham
producer: htx-buoi
location: { province: Hà Tĩnh, commune: Phúc Trạch }
shops: [{ platform: website, url: "https://shop.test/$1" }]
$5
certificate:
$4
---
EOT
}
hostile='Mắm "độc" </script><script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> & 🍯'
batch='  number: 1234/QĐ-UBND
  issuer: UBND tỉnh Hà Tĩnh
  issued: 2025-03-10'
product buoi-a 'Bưởi Phúc Trạch' 4 "$batch" 'code: 42-436-18541-4-2025
traceability: { gtin: "8936012345678" }'
product cam-b 'Cam bù Hương Sơn' 3 "$batch" ''
product doc-hai "$hostile" 3 "$batch" ''
product nghe-an 'Nhút Thanh Chương' 3 '  number: 1234/QĐ-UBND
  issuer: UBND tỉnh Nghệ An
  issued: 2024-05-02' ''
product het-han 'Kẹo cu đơ' 3 '  number: 88/QĐ-UBND
  issuer: UBND tỉnh Hà Tĩnh
  issued: 2023-01-05
  expires: 2026-01-05' ''
product thu-hoi 'Chè Hồng Lộc' 4 '  number: 500/QĐ-UBND
  issuer: UBND tỉnh Hà Tĩnh
  issued: 2024-02-01
  revoked:
    date: 2025-09-01
    decision: 612/QĐ-UBND
    reason: Vi phạm' ''
product sap-het 'Mật ong Vũ Quang' 5 '  number: 900/QĐ-UBND
  issuer: UBND tỉnh Hà Tĩnh
  issued: 2023-12-01' ''
cat >"$c/content/products/buoi-a.en.md" <<'EOT'
---
name: Phuc Trach pomelo
---
EOT
i=10
while [ $i -lt 80 ]; do     # 77 products: four shards of keys
	product "fill-$i" "Sản phẩm $i" 3 "  number: 30$i/QĐ-UBND
  issuer: UBND tỉnh Hà Tĩnh
  issued: 2025-01-10" ''
	i=$((i + 1))
done
git_repo "$c"
s=$TMP/site
"$OCOP" -C "$c" build --as-of $AS_OF -o "$s" >"$TMP/out" 2>"$TMP/err"
check "builds the catalog" test $? -eq 0
check "no diagnostic about the lookup" sh -c "! grep -qi verify '$TMP/err'"
check "the page in Vietnamese" test -s "$s/verify/index.html"
check "the page in English" test -s "$s/en/verify/index.html"
check "77 certificates at 24 a page (6 × per_page): a fourth page" test -s "$s/verify/page/4/index.html"
check "and no fifth" test ! -e "$s/verify/page/5/index.html"
check "the first page is in the sitemap" grep -qF '<loc>https://ocop.test/verify/</loc>' "$s/sitemap.xml"
check "in English too" grep -qF '<loc>https://ocop.test/en/verify/</loc>' "$s/sitemap.xml"
check "the second page is not" sh -c "! grep -q 'verify/page/' '$s/sitemap.xml'"
check "the footer of every page links to it" sh -c "
	grep -qF '<a href=\"../../verify/\">Tra cứu chứng nhận</a>' '$s/products/buoi-a/index.html' &&
	grep -qF '<a href=\"./verify/\">Tra cứu chứng nhận</a>' '$s/index.html' &&
	grep -qF '<a href=\"../verify/\">Check a certificate</a>' '$s/en/products/index.html'"

has_line "a product page's certificate box asks the lookup for its decision" "$s/products/cam-b/index.html" \
	'<p><a href="../../verify/?q=1234%2FQ%C4%90-UBND">Tra cứu quyết định này</a></p>'
v=$s/verify/index.html
has_line "the page says when its statuses are from" "$v" \
	'<p class="verify-as-of"><time datetime="2026-11-22">Tình trạng tính đến 22/11/2026</time> · 77 sản phẩm · Xếp theo cơ quan cấp, số quyết định, ngày cấp.</p>'
has_line "in English" "$s/en/verify/index.html" \
	'<p class="verify-as-of"><time datetime="2026-11-22">Status as of 22 November 2026</time> · 77 products · By issuer, decision number, date issued.</p>'
check "the script's data is there" grep -qF '<div id="verify" class="verify" data-lang="vi" data-default-lang="vi" data-as-of="2026-11-22" data-shards="4" data-soon="90" data-strings="{&quot;valid&quot;:&quot;Còn hiệu lực đến {date}&quot;' "$v"
check "the page loads search.js (its words), then verify.js" sh -c "
	grep -A2 '<script src=\"../assets/search.js\" defer></script>' '$v' | grep -qxF '<script src=\"../assets/verify.js\" defer></script>'"
# the list: Hà Tĩnh before Nghệ An, numbers by value (88 < 500 < 900 <
# 1234 < 3010), each with its status and day
rows=$TMP/rows
grep '^<tr><td>' "$v" >"$rows"
has_line "an expired row" "$rows" \
	'<tr><td><span>UBND tỉnh Hà Tĩnh</span></td><td>88/QĐ-UBND</td><td><time datetime="2023-01-05">05/01/2023</time></td><td><a href="../products/het-han/">Kẹo cu đơ</a></td><td>3 sao</td><td><span class="badge status-expired">Hết hiệu lực</span> <time datetime="2026-01-05">hết hạn 05/01/2026</time></td></tr>'
has_line "a revoked row" "$rows" \
	'<tr><td><span>UBND tỉnh Hà Tĩnh</span></td><td>500/QĐ-UBND</td><td><time datetime="2024-02-01">01/02/2024</time></td><td><a href="../products/thu-hoi/">Chè Hồng Lộc</a></td><td>4 sao</td><td><span class="badge status-revoked">Đã thu hồi</span> <time datetime="2025-09-01">ngày 01/09/2025</time></td></tr>'
has_line "a row about to expire says so" "$rows" \
	'<tr><td><span>UBND tỉnh Hà Tĩnh</span></td><td>900/QĐ-UBND</td><td><time datetime="2023-12-01">01/12/2023</time></td><td><a href="../products/sap-het/">Mật ong Vũ Quang</a></td><td>5 sao</td><td><span class="badge status-valid">Còn hiệu lực</span> <time datetime="2026-12-01">đến 01/12/2026</time> <strong>sắp hết hạn</strong></td></tr>'
has_line "a batch's row links to its decision's page" "$rows" \
	'<tr><td><span>UBND tỉnh Hà Tĩnh</span></td><td><a href="../decisions/1234-qd-ubnd-2025-03-10-ubnd-tinh-ha-tinh/">1234/QĐ-UBND</a></td><td><time datetime="2025-03-10">10/03/2025</time></td><td><a href="../products/buoi-a/">Bưởi Phúc Trạch</a></td><td>4 sao</td><td><span class="badge status-valid">Còn hiệu lực</span> <time datetime="2028-03-10">đến 10/03/2028</time></td></tr>'
has_line "a hostile name is text" "$rows" \
	'<tr><td><span>UBND tỉnh Hà Tĩnh</span></td><td><a href="../decisions/1234-qd-ubnd-2025-03-10-ubnd-tinh-ha-tinh/">1234/QĐ-UBND</a></td><td><time datetime="2025-03-10">10/03/2025</time></td><td><a href="../products/doc-hai/">Mắm &quot;độc&quot; &lt;/script&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt; &lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt; &amp; 🍯</a></td><td>3 sao</td><td><span class="badge status-valid">Còn hiệu lực</span> <time datetime="2028-03-10">đến 10/03/2028</time></td></tr>'
order=$(sed -E 's|.*<a href="\.\./products/([^/]*)/".*|\1|' "$rows" | tr '\n' ' ')
check "rows by issuer, number by value, date, name: $order" test "$order" = \
	"het-han thu-hoi sap-het buoi-a cam-b doc-hai $(i=10; while [ $i -lt 28 ]; do printf 'fill-%s ' $i; i=$((i + 1)); done)"
check "the last page: the rest, Nghệ An last" sh -c "grep '^<tr><td>' '$s/verify/page/4/index.html' | sed -E 's|.*products/([^/]*)/.*|\1|' | tr '\n' ' ' | grep -qx '$(i=76; while [ $i -lt 80 ]; do printf 'fill-%s ' $i; i=$((i + 1)); done)nghe-an '"
has_line "the English row: the issuer marked Vietnamese, the name translated" "$s/en/verify/index.html" \
	'<tr><td><span lang="vi">UBND tỉnh Hà Tĩnh</span></td><td><a href="../decisions/1234-qd-ubnd-2025-03-10-ubnd-tinh-ha-tinh/">1234/QĐ-UBND</a></td><td><time datetime="2025-03-10">10 March 2025</time></td><td><a href="../products/buoi-a/">Phuc Trach pomelo</a></td><td>4 stars</td><td><span class="badge status-valid">Valid</span> <time datetime="2028-03-10">until 10 March 2028</time></td></tr>'

# the guide to the pages (a phone book's): each issuer with the pages
# that hold it, the first linked, those of this page marked; this
# page's first and last certificate
p4=$s/verify/page/4/index.html
has_line "the guide: an issuer over four pages" "$p4" \
	'<li><a href="../../../verify/" class="here">UBND tỉnh Hà Tĩnh</a> <span>trang 1–4</span></li>'
has_line "the guide: another issuer on the last page" "$p4" \
	'<li><a href="../../../verify/page/4/" class="here">UBND tỉnh Nghệ An</a> <span>trang 4</span></li>'
has_line "the guide on the first page: Nghệ An not on it" "$s/verify/index.html" \
	'<li><a href="../verify/page/4/">UBND tỉnh Nghệ An</a> <span>trang 4</span></li>'
has_line "the guide words of a page across two issuers" "$p4" \
	'<p class="verify-guide-words">Trang này: từ UBND tỉnh Hà Tĩnh 3076/QĐ-UBND đến UBND tỉnh Nghệ An 1234/QĐ-UBND</p>'
has_line "within one issuer, named once" "$s/verify/index.html" \
	'<p class="verify-guide-words">Trang này: từ UBND tỉnh Hà Tĩnh 88/QĐ-UBND đến 3027/QĐ-UBND</p>'
has_line "in English, the issuer marked Vietnamese" "$s/en/verify/page/3/index.html" \
	'<li><a href="../../../verify/page/4/" lang="vi">UBND tỉnh Nghệ An</a> <span>page 4</span></li>'
has_line "English guide words" "$s/en/verify/page/3/index.html" \
	'<p class="verify-guide-words">On this page: UBND tỉnh Hà Tĩnh 3052/QĐ-UBND to 3075/QĐ-UBND</p>'

# the shard: exact contents of the batch's key, found by the hash
python3 - "$s" >"$TMP/index" 2>&1 <<'EOP'
import json, os, re, sys
site = sys.argv[1]
bad = 0
def want(what, cond, detail=''):
    global bad
    print(('ok: ' if cond else 'FAIL: ') + what + ('' if cond else f': {detail}'))
    bad += not cond
def fnv(key):
    m = re.match(r'[0-9]+', key)
    h = 0x811c9dc5
    for b in (m.group(0) if m else key).encode():
        h = ((h ^ b) * 0x01000193) & 0xffffffff
    return h
html = open(f'{site}/verify/index.html', encoding='utf-8').read()
shards = int(re.search(r'data-shards="(\d+)"', html).group(1))
files = sorted(os.listdir(f'{site}/verify/keys'))
want('one file per shard', files == sorted(f'{i}.json' for i in range(shards)), files)
def shard(key):
    return json.load(open(f'{site}/verify/keys/{fnv(key) & (shards - 1)}.json', encoding='utf-8'))
def find(key):
    d = shard(key)
    return [(d['certificates'][i], role) for i, role in d['keys'].get(key, [])]
hostile = 'Mắm "độc" </script><script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> & 🍯'
batch = {'number': '1234/QĐ-UBND', 'issuer': 'UBND tỉnh Hà Tĩnh', 'issued': '2025-03-10',
         'expires': '2028-03-10', 'status': 'valid',
         'decision': 'decisions/1234-qd-ubnd-2025-03-10-ubnd-tinh-ha-tinh/'}
a = {'url': 'products/buoi-a/', 'name': 'Bưởi Phúc Trạch', 'names': {'en': 'Phuc Trach pomelo'},
     'stars': 4, 'producer': 'HTX Bưởi Phúc Trạch', **batch,
     'code': '42-436-18541-4-2025', 'gtin': '8936012345678'}
b = {'url': 'products/cam-b/', 'name': 'Cam bù Hương Sơn', 'stars': 3,
     'producer': 'HTX Bưởi Phúc Trạch', **batch}
h = {'url': 'products/doc-hai/', 'name': hostile, 'stars': 3, 'producer': 'HTX Bưởi Phúc Trạch', **batch}
na = {'url': 'products/nghe-an/', 'name': 'Nhút Thanh Chương', 'stars': 3,
      'producer': 'HTX Bưởi Phúc Trạch', 'number': '1234/QĐ-UBND', 'issuer': 'UBND tỉnh Nghệ An',
      'issued': '2024-05-02', 'expires': '2027-05-02', 'status': 'valid'}
got = find('1234qdubnd')
want('1234qdubnd: the three of the batch, then Nghệ An\'s decision of the same number',
     got == [(a, 'decision'), (b, 'decision'), (h, 'decision'), (na, 'decision')], got)
want('the product code\'s key', find('424361854142025') == [(a, 'code')], find('424361854142025'))
want('the GTIN\'s key', find('8936012345678') == [(a, 'gtin')], find('8936012345678'))
t = find('500qdubnd')
want('a revoked certificate, with its revocation', t == [({'url': 'products/thu-hoi/', 'name': 'Chè Hồng Lộc',
     'stars': 4, 'producer': 'HTX Bưởi Phúc Trạch', 'number': '500/QĐ-UBND', 'issuer': 'UBND tỉnh Hà Tĩnh',
     'issued': '2024-02-01', 'expires': '2027-02-01', 'status': 'revoked',
     'revoked': {'date': '2025-09-01', 'decision': '612/QĐ-UBND'}}, 'decision')], t)
want('the revocation decision is a key too', [r for _, r in find('612qdubnd')] == ['revocation'])
e = find('88qdubnd')
want('an expired certificate', len(e) == 1 and e[0][0]['status'] == 'expired' and e[0][0]['expires'] == '2026-01-05', e)
k = find('900qdubnd')
want('one about to expire: valid on the build date, with its expiry', len(k) == 1 and
     k[0][0]['status'] == 'valid' and k[0][0]['expires'] == '2026-12-01', k)
# every published product once in the list of keys, every key folded
allkeys = {}
for f in files:
    d = json.load(open(f'{site}/verify/keys/{f}', encoding='utf-8'))
    want(f'{f}: version 1', d['version'] == 1)
    for key, hits in d['keys'].items():
        want(f'{key}: in the shard of its hash', f == f'{fnv(key) & (shards - 1)}.json')
        want(f'{key}: folded', re.fullmatch(r'[a-z0-9]+', key) is not None)
        for i, role in hits:
            allkeys.setdefault(d['certificates'][i]['url'], set()).add(role)
want('every product has its decision\'s key', len(allkeys) == 77 and all('decision' in r for r in allkeys.values()))
sys.exit(1 if bad else 0)
EOP
st=$?
pass=$((pass + $(grep -c '^ok: ' "$TMP/index")))
grep '^FAIL: ' "$TMP/index"
fail=$((fail + $(grep -c '^FAIL: ' "$TMP/index")))
[ $st -eq 0 ] || [ "$(grep -c '^FAIL: ' "$TMP/index")" -gt 0 ] || { bad "the index check crashed:"; cat "$TMP/index"; }

# a free page may not take the name
mkdir -p "$TMP/r/content/pages"
cp -R "$c/." "$TMP/r/"
printf -- '---\nname: Xác minh\n---\n' >"$TMP/r/content/pages/verify.md"
"$OCOP" -C "$TMP/r" build --worktree --as-of $AS_OF -o "$TMP/r-site" >"$TMP/out" 2>"$TMP/err"
check "a free page named verify is refused" grep -qF 'verify.md' "$TMP/err"

browser_checks "the lookup in Chromium" tests/browser/verify.mjs "$s" "$hostile"
summary
