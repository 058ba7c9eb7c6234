#!/bin/sh
# End-to-end tests of what search engines and link previews read
# (render/data.h, the layout's Open Graph tags): schema.org JSON-LD on
# product, point-of-sale and home pages parses as JSON and carries the
# certification; Open Graph and Twitter tags name the page, its address
# and a photo (never an SVG drawing); hostile text in any field stays
# inside its <script> element.
# OCOP=path picks the binary (default ./ocop); run from the repository root.
NAME=share
. tests/e2e/lib.sh

c=$TMP/cat
cp -R "$E2E/basic/catalog" "$c"
mkdir -p "$c/content/products/anh-that"
# a real PNG (8x6), as a phone would give a photo: published as its
# sizes (docs/photos.md), the widest JPEG being the one to share
vips black "$c/content/products/anh-that/anh.png" 8 6 --bands 3
cat >"$c/content/products/anh-that/index.md" <<'EOT'
---
name: 'Mắm </script><script>alert(1)</script> <!-- "x" & y </script x'
stars: 5
group: thuc-pham
producer: htx-che
summary: "</SCRIPT><img src=x onerror=alert(2)> & ‏"
code: 42-999-1-5-2025
location: { province: Hà Tĩnh, commune: Kỳ Ninh }
certificate:
  number: 88/QĐ-UBND
  issued: 2025-03-01
  issuer: UBND tỉnh Hà Tĩnh
price: { from: 50000, to: 90000, unit: hũ }
shops:
  - { platform: shopee, url: "https://shopee.vn/mam" }
images:
  - { src: anh.png, alt: "Hũ mắm" }
---
EOT
git_repo "$c"
"$OCOP" -C "$c" build --as-of $AS_OF -o "$TMP/site" >"$TMP/out" 2>"$TMP/err"
check "builds" test $? -eq 0
p=$TMP/site/products/anh-that/index.html

# every JSON-LD block of these pages, parsed as a browser's JSON.parse would
python3 - "$TMP/site" >"$TMP/ld" 2>&1 <<'EOP'
import html.parser, json, os, re, sys
site = sys.argv[1]
bad = 0
def want(what, cond):
    global bad
    if not cond:
        bad += 1
        print('FAIL:', what)
THEME = re.compile(r'^(\./)?(\.\./)*assets/(search(-box)?|status)\.js$')
class Scripts(html.parser.HTMLParser):
    """The text of each <script type="application/ld+json">, as an HTML
    parser splits it: a "</script>" inside would end it early.  The
    theme's scripts (assets/search.js, search-box.js, status.js) aside."""
    def __init__(self):
        super().__init__()
        self.blocks, self.inside = [], False
    def handle_starttag(self, tag, attrs):
        if tag == 'script':
            a = dict(attrs)
            if THEME.match(a.get('src') or '') and 'defer' in a and 'type' not in a:
                return
            want('only JSON-LD scripts', a.get('type') == 'application/ld+json')
            self.inside = True
            self.blocks.append('')
    def handle_endtag(self, tag):
        if tag == 'script':
            self.inside = False
    def handle_data(self, data):
        if self.inside:
            self.blocks[-1] += data
def ld(path):
    s = Scripts()
    s.feed(open(os.path.join(site, path), encoding='utf-8').read())
    want(f'{path}: one JSON-LD block', len(s.blocks) == 1)
    return json.loads(s.blocks[0])
p = ld('products/anh-that/index.html')
want('product: a schema.org Product', p['@context'] == 'https://schema.org' and p['@type'] == 'Product')
want('product: its name intact through the escapes', p['name'] == 'Mắm </script><script>alert(1)</script> <!-- "x" & y </script x')
want('product: its summary intact', p['description'] == '</SCRIPT><img src=x onerror=alert(2)> & \u200f')
want('product: its page', p['url'] == 'https://ocop.test/products/anh-that/')
want('product: the photo', p['image'] == ['https://ocop.test/products/anh-that/anh-8.jpg'])
want('product: the producer as manufacturer', p['manufacturer']['@type'] == 'Organization' and p['manufacturer']['name'] == 'HTX Chè Sơn Thủy')
o = p['offers'][0]
want('product: an offer from its shop with the price', o['@type'] == 'Offer' and o['url'] == 'https://shopee.vn/mam' and o['price'] == 50000 and o['priceCurrency'] == 'VND' and o['priceSpecification']['maxPrice'] == 90000 and o['seller']['name'] == 'Shopee')
c = p['hasCertification']
want('product: the certificate', c['@type'] == 'Certification' and c['certificationIdentification'] == '88/QĐ-UBND' and c['issuedBy']['name'] == 'UBND tỉnh Hà Tĩnh' and c['validFrom'] == '2025-03-01' and c['expires'] == '2028-03-01')
want('product: in force', c['certificationStatus'] == 'https://schema.org/CertificationActive')
want('product: the stars as a rating out of 5', c['certificationRating'] == {'@type': 'Rating', 'ratingValue': 5, 'bestRating': 5, 'worstRating': 3})
e = ld('en/products/che-xanh/index.html')
want('English page: the English name and page', e['name'] == 'Son Thuy green tea' and e['url'] == 'https://ocop.test/en/products/che-xanh/' and e['inLanguage'] == 'en')
want('no price: no offers', 'offers' not in ld('products/mat-ong/index.html'))
s = ld('points-of-sale/cua-hang/index.html')
want('point of sale: a Store with its address and place', s['@type'] == 'Store' and s['address']['addressLocality'] == 'Thạch Trung' and s['address']['addressCountry'] == 'VN' and s['geo']['latitude'] == 18.34)
h = ld('index.html')
want('home: the WebSite', h['@type'] == 'WebSite' and h['url'] == 'https://ocop.test/')
print('json-ld:', 'ok' if not bad else f'{bad} failed')
sys.exit(1 if bad else 0)
EOP
if [ $? -eq 0 ]; then ok; else bad "JSON-LD:"; cat "$TMP/ld"; fi
check "JSON-LD: no raw < in the script" sh -c "sed -n 's|.*<script type=\"application/ld+json\">\\(.*\\)</script>.*|\\1|p' '$p' | grep -q '\\\\u003c/script\\\\u003e' && ! sed -n 's|.*<script type=\"application/ld+json\">\\(.*\\)</script>.*|\\1|p' '$p' | grep -q '<'"
check "JSON-LD: hostile text never becomes an element" sh -c "! grep -qi '<img src=x' '$p' &&
	test \$(sed 's#<script src=\"\\(\\.\\./\\)*assets/\\(search\\(-box\\)\\{0,1\\}\\|status\\)\\.js\" defer></script>##' '$p' | grep -ci '<script') -eq 1"

# the same, parsed by Chromium: where a script element ends is the HTML
# tokenizer's to say ("</script x" ends one), so a real browser decides
if [ -x /usr/bin/chromium ] && [ -d node_modules/playwright-core ]; then
	node tests/data/jsonld.mjs "$TMP/site" products/anh-that/index.html \
		points-of-sale/cua-hang/index.html >"$TMP/chromium" 2>&1
	python3 - "$TMP/chromium" >"$TMP/chromium.check" 2>&1 <<'EOP'
import json, sys
rows = {}
for line in open(sys.argv[1], encoding='utf-8'):
    path, scripts, blocks = line.rstrip('\n').split('\t')
    rows[path] = (int(scripts), json.loads(blocks))
n, blocks = rows['products/anh-that/index.html']
ok = n == 1 and len(blocks) == 1 and blocks[0].get('name') == 'Mắm </script><script>alert(1)</script> <!-- "x" & y </script x' \
    and blocks[0].get('description') == '</SCRIPT><img src=x onerror=alert(2)> & \u200f'
n2, b2 = rows['points-of-sale/cua-hang/index.html']
ok = ok and n2 == 1 and b2[0].get('@type') == 'Store'
print(rows if not ok else 'ok')
sys.exit(0 if ok else 1)
EOP
	if [ $? -eq 0 ]; then ok; else bad "JSON-LD in Chromium: one script, parsed, text intact:"; cat "$TMP/chromium" "$TMP/chromium.check"; fi
else
	skipped "JSON-LD in Chromium: chromium or npm playwright-core missing"
fi

# Open Graph and Twitter cards
has_line "Open Graph: the title" "$p" '<meta property="og:title" content="Mắm &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &lt;!-- &quot;x&quot; &amp; y &lt;/script x">'
has_line "Open Graph: the page's address" "$p" '<meta property="og:url" content="https://ocop.test/products/anh-that/">'
has_line "Open Graph: a product" "$p" '<meta property="og:type" content="product">'
has_line "Open Graph: the photo" "$p" '<meta property="og:image" content="https://ocop.test/products/anh-that/anh-8.jpg">'
has_line "Twitter: a large card with a photo" "$p" '<meta name="twitter:card" content="summary_large_image">'
x=$TMP/site/products/che-xanh/index.html
check "an SVG drawing is never the preview image" sh -c "! grep -q 'og:image' '$x'"
has_line "no photo: a small card" "$x" '<meta name="twitter:card" content="summary">'
has_line "English page: English locale" "$TMP/site/en/products/che-xanh/index.html" '<meta property="og:locale" content="en_US">'
has_line "a list is a website" "$TMP/site/products/index.html" '<meta property="og:type" content="website">'
check "the 404 page has no preview tags" sh -c "! grep -q 'og:' '$TMP/site/404.html'"
check "nor has a label page, made to be printed" sh -c "! grep -q 'og:' '$TMP/site/products/anh-that/label/index.html'"
check "(which exists)" test -f "$TMP/site/products/anh-that/label/index.html"

summary
