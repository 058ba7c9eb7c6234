#!/bin/sh
# End-to-end tests of the open data (src/render/data.c, docs/open-data.md):
# api/v1/ holds catalog.json, a JSON file per product, their JSON
# Schemas, CSV exports and GeoJSON.  The JSON validates against the
# schemas with ajv (npm), Python reads the CSV and GeoJSON back and
# finds catalog.json's values (tests/data/), hostile text comes out
# intact and inert in every format, and a one-product commit rewrites
# only the data files that hold that product.
# OCOP=path picks the binary (default ./ocop); run from the repository root.
NAME=data
. tests/e2e/lib.sh

c=$TMP/cat
cp -R "$E2E/basic/catalog" "$c"
# hostile text: quotes, markup, an ampersand, emoji, a right-to-left
# mark, and cells a spreadsheet would run as formulas
hostile='=HYPERLINK("https://evil.example/","x") <script>alert(1)</script> & "quoted" 🍯 ‏RTL'
cat >"$c/content/products/doc-hai.md" <<EOT
---
name: '$(printf '%s' "$hostile" | sed "s/'/''/g")'
stars: 4
group: thuc-pham
producer: htx-che
summary: "@SUM(1+1) </script><script>alert(2)</script>"
tags: ["-2+3", "+cmd", "a,b", "line \\"one\\""]
location: { province: Hà Tĩnh, commune: Kỳ Ninh, address: "=1+1", geo: { lat: 18.1, lon: 106.25 } }
certificate:
  number: 77/QĐ-UBND
  issued: 2025-02-03
points_of_sale: [cua-hang]
---
Câu chuyện <script>alert(3)</script> & "ngoặc kép".
EOT
git_repo "$c"
"$OCOP" -C "$c" build --as-of $AS_OF -o "$TMP/site" >"$TMP/out" 2>"$TMP/err"
check "builds a catalog with hostile text" test $? -eq 0
api=$TMP/site/api/v1
for f in catalog.json catalog.schema.json product.schema.json products.csv \
	producers.csv points-of-sale.csv products.geojson points-of-sale.geojson \
	products/doc-hai.json products/mat-ong.json; do
	check "api/v1/$f is published" test -s "$api/$f"
done
check "a file per published product, no more" test "$(ls "$api/products" | wc -l)" -eq \
	"$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["products"]))' "$api/catalog.json")"
check "no file for a draft" test ! -e "$api/products/ban-nhap.json"
check "the data is the same in every language: no English copy" test ! -e "$TMP/site/en/api"

# --- the schemas, with a real validator ------------------------------------
npm_deps
if command -v node >/dev/null 2>&1 && [ -d node_modules/ajv ]; then
	node tests/data/validate.js "$TMP/site" >"$TMP/ajv" 2>&1
	if [ $? -eq 0 ]; then ok; else bad "the JSON validates against its schemas:"; cat "$TMP/ajv"; fi
	# the validator does refuse what the schema forbids
	cp -R "$TMP/site" "$TMP/broken"
	python3 - "$TMP/broken/api/v1" <<'EOP'
import json, sys, os
d = sys.argv[1]
c = json.load(open(os.path.join(d, 'catalog.json')))
c['products'][0]['stars'] = 6
json.dump(c, open(os.path.join(d, 'catalog.json'), 'w'))
p = json.load(open(os.path.join(d, 'products', 'mat-ong.json')))
p['product']['colour'] = 'gold'
json.dump(p, open(os.path.join(d, 'products', 'mat-ong.json'), 'w'))
EOP
	node tests/data/validate.js "$TMP/broken" >"$TMP/ajv-bad" 2>&1
	check "the validator refuses 6 stars" grep -q 'catalog.json: .*stars must be <= 5' "$TMP/ajv-bad"
	check "and a field the schema does not know" grep -q 'mat-ong.json: .*must NOT have additional properties' "$TMP/ajv-bad"
else
	skipped "schemas: node or npm ajv missing"
fi

# --- CSV and GeoJSON read back by Python, value for value --------------------
python3 tests/data/check.py "$TMP/site" >"$TMP/py" 2>&1
if [ $? -eq 0 ]; then ok; else bad "CSV and GeoJSON agree with catalog.json:"; cat "$TMP/py"; fi

# --- hostile text: intact in the data, inert everywhere --------------------
python3 - "$api" "$hostile" >"$TMP/hostile" 2>&1 <<'EOP'
import csv, io, json, sys, os
api, hostile = sys.argv[1], sys.argv[2]
bad = 0
def want(what, cond):
    global bad
    if not cond:
        bad += 1
        print('FAIL:', what)
cat = json.load(open(os.path.join(api, 'catalog.json'), encoding='utf-8'))
p = [x for x in cat['products'] if x['slug'] == 'doc-hai'][0]
want('catalog.json: the name intact', p['name'] == hostile)
want('catalog.json: the summary intact', p['summary'] == '@SUM(1+1) </script><script>alert(2)</script>')
want('catalog.json: tags intact', p['tags'] == ['-2+3', '+cmd', 'a,b', 'line "one"'])
one = json.load(open(os.path.join(api, 'products', 'doc-hai.json'), encoding='utf-8'))
story = one['product']['story_html']
want('doc-hai.json: the story, its markup dropped', story.startswith('<p>Câu chuyện ') and '<script' not in story and '&amp; “ngoặc kép”' in story)
text = open(os.path.join(api, 'products.csv'), encoding='utf-8-sig', newline='').read()
rows = {r['slug']: r for r in csv.DictReader(io.StringIO(text, newline=''))}
r = rows['doc-hai']
want('products.csv: a name like a formula gets an apostrophe', r['name'] == "'" + hostile)
want('products.csv: a summary starting with @ too', r['summary'] == "'@SUM(1+1) </script><script>alert(2)</script>")
want('products.csv: an address starting with = too', r['address'] == "'=1+1")
want('products.csv: joined tags starting with - too', r['tags'] == "'-2+3; +cmd; a,b; line \"one\"")
raw = open(os.path.join(api, 'products.csv'), 'rb').read().decode('utf-8')
want('products.csv: no cell starts with a bare =', '\r\n=' not in raw and ',=' not in raw)
print('hostile:', 'ok' if not bad else f'{bad} failed')
sys.exit(1 if bad else 0)
EOP
if [ $? -eq 0 ]; then ok; else bad "hostile text in the data:"; cat "$TMP/hostile"; fi
check "hostile text: the product page shows the name as text" grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$TMP/site/products/doc-hai/index.html"
check "hostile text: no script element on the product page but its JSON-LD and the theme's scripts (search, status)" sh -c "
	sed 's|<script type=\"application/ld+json\">[^<]*</script>||; s#<script src=\"\\(\\.\\./\\)*assets/\\(search\\(-box\\)\\{0,1\\}\\|status\\)\\.js\" defer></script>##g' '$TMP/site/products/doc-hai/index.html' | grep -qi '<script' && exit 1
	test \$(grep -ci '<script' '$TMP/site/products/doc-hai/index.html') -eq 4"
check "hostile text: the raw JSON holds no unescaped control" python3 -c "
import sys; b = open(sys.argv[1], 'rb').read(); sys.exit(any(c < 0x20 and c != 0x0a for c in b))" "$api/catalog.json"

# --- the data page: every file, in both languages, and the licence ---------
dp=$TMP/site/data/index.html
check "data page: published in Vietnamese" test -f "$dp"
check "data page: and in English" grep -q '<h1>Open data</h1>' "$TMP/site/en/data/index.html"
for f in catalog.json products.csv producers.csv points-of-sale.csv products.geojson \
	points-of-sale.geojson catalog.schema.json product.schema.json; do
	check "data page: links $f" grep -qF "<a href=\"../api/v1/$f\"><code>$f</code></a>" "$dp"
	check "English data page: links $f at the site's root" grep -qF "<a href=\"../../api/v1/$f\">" "$TMP/site/en/data/index.html"
done
check "data page: links a product's file that exists" sh -c "
	f=\$(grep -o 'href=\"../api/v1/products/[^\"]*\"' '$dp' | sed 's/href=\"..\\/\\(.*\\)\"/\\1/'); test -n \"\$f\" && test -f '$TMP/site/'\"\$f\""
check "data page: no licence stated, said so" grep -qF 'Cơ quan công bố chưa ghi giấy phép sử dụng dữ liệu này' "$dp"
check "every page links the data page" grep -qF '<a href="../../data/">Dữ liệu mở</a>' "$TMP/site/products/mat-ong/index.html"
check "catalog.json: no licence, no field" sh -c "! grep -q '\"license\"' '$api/catalog.json'"

cat >>"$c/site.yaml" <<'EOT'
license: { name: CC BY 4.0, url: "https://creativecommons.org/licenses/by/4.0/" }
EOT
(cd "$c" && git commit -qam licence)
"$OCOP" -C "$c" build -q --as-of $AS_OF -o "$TMP/lic" 2>/dev/null
check "licence: on the data page, as a link" grep -qF 'Dữ liệu được công bố theo giấy phép <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>.' "$TMP/lic/data/index.html"
check "licence: in catalog.json" grep -qF '"license":{"name":"CC BY 4.0","url":"https://creativecommons.org/licenses/by/4.0/"}' "$TMP/lic/api/v1/catalog.json"
sed -i 's|^license: .*|license: { name: CC BY 4.0, url: "javascript:alert(1)" }|' "$c/site.yaml"
(cd "$c" && git commit -qam "bad licence")
"$OCOP" -C "$c" build -q --lang en --as-of $AS_OF -o "$TMP/badlic" >/dev/null 2>"$TMP/badlic.err"
check "licence: a javascript: address fails the build" test $? -ne 0
has_line "licence: the error names the line" "$TMP/badlic.err" \
	'site.yaml:9:34: error: license url must start with https:// (or http://) [url]'
check "licence: nothing published" test ! -e "$TMP/badlic"
git -C "$c" reset -q --hard HEAD~2

# --- a one-product commit rewrites only the data files that hold it --------
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>/dev/null
rm -rf "$TMP/before" && cp -R "$c/output" "$TMP/before"
sed -i 's/^stars: 3$/stars: 4/' "$c/content/products/mat-ong.md"
(cd "$c" && git commit -qam "mat-ong: 4 sao")
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>/dev/null
(cd "$TMP/before" && find api -type f | LC_ALL=C sort | while read -r f; do
	cmp -s "$f" "$c/output/$f" || echo "$f"
done) >"$TMP/changed"
printf '%s\n' api/v1/catalog.json api/v1/products.csv api/v1/products/mat-ong.json >"$TMP/want"
if diff -u "$TMP/want" "$TMP/changed" >"$TMP/diff"; then ok
else bad "a one-product commit: the data files that changed (+) vs those that should (-)"; cat "$TMP/diff"; fi

summary
