#!/bin/sh
# End-to-end tests of the labels (docs/labels.md): every published
# product gets a QR code of its page (products/<slug>/qr.svg) and a
# label page (products/<slug>/label/), in the default language only,
# and every point of sale that sells a product a page of shelf tags
# (points-of-sale/<slug>/labels/).  The QR codes are rasterised
# (rsvg-convert) and read back (zbarimg): each must hold exactly the
# product's canonical URL.  Hostile text comes out escaped and intact;
# label pages are kept out of the sitemap and say noindex; product and
# point-of-sale pages link them; Chromium prints them at A6, 50 x 30 mm
# and A4 (tests/browser/print.mjs); a code no QR holds, and a product's
# own file where its code goes, stop the build.
# OCOP=path picks the binary (default ./ocop); run from the repository root.
NAME=labels
. tests/e2e/lib.sh

BASE=https://ocop.test/
c=$TMP/cat
cp -R "$E2E/basic/catalog" "$c"
# hostile text: quotes, markup, an ampersand, an entity, emoji
hostile='"Mật" <script>alert(1)</script> & <b>ong</b> &amp; 🍯 '"'"'x'"'"''
cat >"$c/content/products/doc-hai.md" <<EOT
---
name: '$(printf '%s' "$hostile" | sed "s/'/''/g")'
stars: 5
group: thuc-pham
producer: htx-che
location: { province: Hà Tĩnh, commune: Kỳ Ninh }
certificate:
  number: '77/QĐ-UBND <i>"x"</i> & y'
  issued: 2025-02-03
points_of_sale: [cua-hang]
---
EOT
# a point of sale that no product lists
cat >"$c/content/points-of-sale/quay-trong.md" <<'EOT'
---
name: Quầy trống
kind: market
location: { province: Hà Tĩnh, commune: Thạch Trung }
---
EOT
git_repo "$c"
"$OCOP" -C "$c" build --as-of $AS_OF -o "$TMP/site" >"$TMP/out" 2>"$TMP/err"
check "builds the fixture with a hostile product" test $? -eq 0
s=$TMP/site
python3 -c 'import json, sys
for p in json.load(open(sys.argv[1]))["products"]: print(p["slug"])' \
	"$s/api/v1/catalog.json" >"$TMP/slugs"
check "the catalog has its products" test "$(wc -l <"$TMP/slugs")" -ge 7

# --- one QR code and one label page per published product ------------------
n=0
while read -r slug; do
	n=$((n + 1))
	check "$slug: qr.svg" test -s "$s/products/$slug/qr.svg"
	check "$slug: label page" test -s "$s/products/$slug/label/index.html"
done <"$TMP/slugs"
check "no more QR codes than products" test "$(ls "$s"/products/*/qr.svg | wc -l)" -eq "$n"
check "no more label pages than products" test "$(ls "$s"/products/*/label/index.html | wc -l)" -eq "$n"
check "a draft has no QR code" test ! -e "$s/products/ban-nhap/qr.svg"
check "a draft has no label page" test ! -e "$s/products/ban-nhap/label"
check "labels are in the default language only" sh -c "
	! find '$s/en' -name qr.svg -o -path '*/label/*' -o -path '*/labels/*' | grep -q ."

# --- each QR code reads back as the product's canonical URL ----------------
while read -r slug; do
	f=$s/products/$slug/qr.svg
	want=$BASE"products/$slug/"
	# a standalone, well-formed SVG whose title is the URL
	t=$(python3 -c 'import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
assert r.tag == "{http://www.w3.org/2000/svg}svg", r.tag
print(r.find("{http://www.w3.org/2000/svg}title").text)' "$f" 2>&1)
	if [ "$t" = "$want" ]; then ok; else bad "$slug: qr.svg is not an SVG titled $want: $t"; fi
	# 8 px a module or more: the code is 41 modules wide at most here
	rsvg-convert -w 400 -h 400 -b white "$f" -o "$TMP/qr.png" 2>"$TMP/rsvg.err" ||
		{ bad "$slug: rsvg-convert failed:"; cat "$TMP/rsvg.err"; continue; }
	got=$(zbarimg --raw -q "$TMP/qr.png" 2>/dev/null)
	if [ "$got" = "$want" ]; then ok; else bad "$slug: the QR code reads '$got', not '$want'"; fi
done <"$TMP/slugs"

# --- hostile text: escaped, and intact as text ------------------------------
lp=$s/products/doc-hai/label/index.html
pl=$s/points-of-sale/cua-hang/labels/index.html
check "hostile: the label page shows the name escaped" \
	grep -qF '&quot;Mật&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;ong&lt;/b&gt; &amp;amp; 🍯 &#39;x&#39;' "$lp"
for f in "$lp" "$pl"; do
	check "hostile: no script element in ${f#$s/}" sh -c "! grep -qi '<script' '$f'"
	check "hostile: no b or i element in ${f#$s/}" sh -c "! grep -q '<b>\|<i>' '$f'"
done
python3 - "$lp" "$pl" "$hostile" >"$TMP/hostile" 2>&1 <<'EOP'
import sys
from html.parser import HTMLParser
label, sheet, hostile = sys.argv[1], sys.argv[2], sys.argv[3]
number = '77/QĐ-UBND <i>"x"</i> & y'

class Texts(HTMLParser):
    """The text of each element of a class, and the elements met."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open, self.texts, self.tags = [], {}, set()
    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag in ('img', 'meta', 'link', 'br', 'input'):
            return
        cls = dict(attrs).get('class') or ''
        self.open.append((tag, cls.split()))
        for c in cls.split():
            self.texts.setdefault(c, []).append('')
    def handle_endtag(self, tag):
        while self.open:
            t, _ = self.open.pop()
            if t == tag:
                break
    def handle_data(self, data):
        for _, classes in self.open:
            for c in classes:
                self.texts[c][-1] += data

bad = 0
def want(what, cond):
    global bad
    if not cond:
        bad += 1
        print('FAIL:', what)
p = Texts(); p.feed(open(label, encoding='utf-8').read())
want('label: the name, intact', p.texts.get('label-name') == [hostile])
want('label: the tag\'s name, intact', p.texts.get('tag-name') == [hostile])
want('label: the decision number, intact', any(number in t for t in p.texts.get('label-fields', [])))
want('label: the tag\'s decision number, intact', p.texts.get('tag-cert') == ['QĐ ' + number])
want('label: no element from the text', not ({'script', 'b', 'i'} & p.tags))
q = Texts(); q.feed(open(sheet, encoding='utf-8').read())
want('sheet: the name, intact', hostile in q.texts.get('tag-name', []))
want('sheet: no element from the text', not ({'script', 'b', 'i'} & q.tags))
print('hostile:', 'ok' if not bad else f'{bad} failed')
sys.exit(1 if bad else 0)
EOP
if [ $? -eq 0 ]; then ok; else bad "hostile text on the label pages:"; cat "$TMP/hostile"; fi

# --- a point of sale's sheet: a tag for each of its products ----------------
python3 - "$s" >"$TMP/pos" 2>&1 <<'EOP'
import json, os, re, sys
site = sys.argv[1]
cat = json.load(open(os.path.join(site, 'api/v1/catalog.json')))
bad = 0
sheets = 0
for pos in cat['points_of_sale']:
    want = sorted(p['slug'] for p in cat['products'] if pos['slug'] in p.get('points_of_sale', []))
    page = os.path.join(site, 'points-of-sale', pos['slug'], 'labels', 'index.html')
    if not want:
        if os.path.exists(page):
            bad += 1; print('FAIL:', pos['slug'], 'sells nothing, yet has a sheet of tags')
        continue
    sheets += 1
    html = open(page, encoding='utf-8').read()
    got = sorted(re.findall(r'<img class="tag-qr" src="(?:\.\./)+products/([^/"]+)/qr\.svg"', html))
    n = len(re.findall(r'<div class="tag(?: [^"]*)?">', html))
    if got != want or n != len(want):
        bad += 1; print('FAIL:', pos['slug'], 'tags', got, f'({n} tags), products', want)
if not sheets:
    bad += 1; print('FAIL: no point of sale has a sheet of tags')
print('pos:', 'ok' if not bad else f'{bad} failed')
sys.exit(1 if bad else 0)
EOP
if [ $? -eq 0 ]; then ok; else bad "the points of sale's sheets:"; cat "$TMP/pos"; fi
check "a point of sale that sells nothing has a page" test -f "$s/points-of-sale/quay-trong/index.html"
check "but no sheet of tags" test ! -e "$s/points-of-sale/quay-trong/labels"
check "nor a link to one" sh -c "! grep -q 'labels/' '$s/points-of-sale/quay-trong/index.html'"

# --- kept out of the sitemap, noindex -------------------------------------
check "the sitemap lists the product pages" grep -qF "<loc>${BASE}products/mat-ong/</loc>" "$s/sitemap.xml"
check "the sitemap lists no label page" sh -c "! grep -q '/labels\\?/<' '$s/sitemap.xml'"
check "the sitemap lists no QR code" sh -c "! grep -q 'qr\\.svg' '$s/sitemap.xml'"
for f in "$s"/products/*/label/index.html "$s"/points-of-sale/*/labels/index.html; do
	check "noindex: ${f#$s/}" grep -qxF '<meta name="robots" content="noindex">' "$f"
done
check "a product page is not noindex" sh -c "! grep -q noindex '$s/products/mat-ong/index.html'"
check "a label page has no hreflang alternates" sh -c "! grep -q 'rel=\"alternate\"' '$lp'"
check "a label page's language switch leads to the product's English page" \
	grep -qF '<a href="../../../en/products/doc-hai/" hreflang="en" lang="en">English</a>' "$lp"

# --- the product and point-of-sale pages link their labels -----------------
python3 - "$s" >"$TMP/links" 2>&1 <<'EOP'
import os, re, sys
site = sys.argv[1]
bad = checked = 0
def link(page, pattern, target):
    """The page links, with a relative href matching pattern, to target."""
    global bad, checked
    checked += 1
    html = open(os.path.join(site, page), encoding='utf-8').read()
    hrefs = re.findall(pattern, html)
    dest = [os.path.normpath(os.path.join(os.path.dirname(page), h)) for h in hrefs]
    if dest != [target] or not os.path.isfile(os.path.join(site, target, 'index.html')):
        bad += 1
        print('FAIL:', page, 'links', hrefs, 'want', target)
for slug in sorted(os.listdir(os.path.join(site, 'products'))):
    if not os.path.isfile(os.path.join(site, 'products', slug, 'label', 'index.html')):
        continue
    for lang in ('', 'en/'):
        link(f'{lang}products/{slug}/index.html',
             r'<p class="label-link"><a href="([^"]+)" hreflang="vi">', f'products/{slug}/label')
for slug in sorted(os.listdir(os.path.join(site, 'points-of-sale'))):
    if os.path.isfile(os.path.join(site, 'points-of-sale', slug, 'labels', 'index.html')):
        for lang in ('', 'en/'):
            link(f'{lang}points-of-sale/{slug}/index.html',
                 r'<p class="label-link"><a href="([^"]+)" hreflang="vi">', f'points-of-sale/{slug}/labels')
if checked < 10:
    bad += 1; print('FAIL: only', checked, 'pages checked')
print('links:', 'ok' if not bad else f'{bad} failed')
sys.exit(1 if bad else 0)
EOP
if [ $? -eq 0 ]; then ok; else bad "links to the label pages:"; cat "$TMP/links"; fi
check "the label links back to the product page" \
	grep -qF '<a href="../../../products/doc-hai/">Về trang sản phẩm</a>' "$lp"

# --- printed by Chromium ---------------------------------------------------
browser_checks printing tests/browser/print.mjs "$s" products/doc-hai/label/ \
	points-of-sale/cua-hang/labels/

# --- what stops the build ----------------------------------------------------
# a base_url so long that no QR code holds a product's address
c2=$TMP/long
cp -R "$c" "$c2"
long=$(python3 -c 'print("https://ocop.test/" + "a" * 2400 + "/")')
sed -i "s|^base_url: .*|base_url: $long|" "$c2/site.yaml"
(cd "$c2" && git commit -qam "long base_url")
"$OCOP" -C "$c2" build -q --lang en --as-of $AS_OF -o "$TMP/long-site" >/dev/null 2>"$TMP/long.err"
check "a base_url too long for a QR code fails the build" test $? -ne 0
check "and says why, naming the product" grep -qE \
	'^content/products/[a-z0-9/.-]+\.md: error: the QR code of "https://ocop\.test/a+/products/[a-z-]+/" cannot be made: its address is [0-9]+ bytes long, more than a QR code holds \[qr\]$' "$TMP/long.err"
check "and nothing is published" test ! -e "$TMP/long-site"
# a product's own file where its QR code goes
c3=$TMP/twice
cp -R "$c" "$c3"
cp "$c3/content/products/che-xanh/cover.svg" "$c3/content/products/che-xanh/qr.svg"
sed -i 's|^  - { src: cover.svg, alt: Búp chè xanh }|&\n  - { src: qr.svg, alt: Mã }|' "$c3/content/products/che-xanh/index.md"
(cd "$c3" && git add -A && git commit -qm "an image named qr.svg")
"$OCOP" -C "$c3" build -q --lang en --as-of $AS_OF -o "$TMP/twice-site" >/dev/null 2>"$TMP/twice.err"
check "an image at a product's qr.svg fails the build" test $? -ne 0
check "as a collision of the two files" grep -qF \
	'"products/che-xanh/qr.svg" would be written twice: from content/products/che-xanh/qr.svg and from content/products/che-xanh/index.md [collision]' "$TMP/twice.err"

summary
