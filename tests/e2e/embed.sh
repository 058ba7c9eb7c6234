#!/bin/sh
# End-to-end tests of the embeds (render/embed.h, docs/embedding.md):
# the viewer in each language, embed.js, one data file per embeddable
# view (every list of products, producer and point of sale), the oEmbed
# response of every page that has a view and its discovery link, the
# "Embed" panel's snippet; hostile text intact and inert in all of
# them; nothing that needs base_url without it; and, in Chromium
# (tests/browser/embed.mjs), the example host page of docs/embedding.md
# with the sample catalog.
# OCOP=path picks the binary (default ./ocop); run from the repository root.
NAME=embed
. tests/e2e/lib.sh

# --- the sample catalog -------------------------------------------------
s=$TMP/sample
"$OCOP" build -q --worktree --as-of $AS_OF -o "$s" >"$TMP/out" 2>"$TMP/err"
check "builds the sample catalog" test $? -eq 0
check "embed.js at the site's root" test -s "$s/embed.js"
check "the viewer in Vietnamese" test -s "$s/embed/index.html"
check "the viewer in English" test -s "$s/en/embed/index.html"
check "the viewer says noindex" grep -qF '<meta name="robots" content="noindex">' "$s/embed/index.html"
check "the viewer allows nothing from another site" \
	grep -qF "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'" "$s/en/embed/index.html"
check "the viewer is not in the sitemap" sh -c "! grep -q '/embed/' '$s/sitemap.xml'"

# one data file per view: every list of products (not a page 2), every
# producer and point of sale; and no other
(cd "$s" && find products stars groups platforms provinces decisions producers points-of-sale \
	-name index.html ! -path '*/page/*' ! -path '*/label/*' ! -path '*/labels/*' ! -path '*/history/*' |
	sed -n 's|^products/index.html$|products|p; /^products\//d; /^producers\/index.html$/d; /^points-of-sale\/index.html$/d; s|/index.html$||p' |
	LC_ALL=C sort -u) >"$TMP/views"
(cd "$s/embed/data" && find . -name '*.json' | sed 's|^\./||; s|\.json$||' | LC_ALL=C sort) >"$TMP/data"
check "the sample has views to embed" test "$(wc -l <"$TMP/views")" -ge 40
if cmp -s "$TMP/views" "$TMP/data"; then ok; else
	bad "one data file per view, and no other:"; diff "$TMP/views" "$TMP/data" | head; fi

# every page with a view points to its oEmbed response, which exists;
# no other page does
python3 - "$s" >"$TMP/oembed" 2>&1 <<'EOP'
import json, os, re, sys
site = sys.argv[1]
bad = 0
def want(what, cond):
    global bad
    if not cond:
        bad += 1
        print('FAIL:', what)
base = 'https://ocop.example.gov.vn/'
viewed = re.compile(r'^(en/)?(products|stars|groups|platforms|provinces|decisions|producers|points-of-sale)(/|$)')
n = 0
for root, dirs, files in os.walk(site):
    for f in files:
        path = os.path.relpath(os.path.join(root, f), site)
        if f == 'oembed.json':
            o = json.load(open(os.path.join(site, path)))
            want(f'{path}: oEmbed 1.0 rich', o['version'] == '1.0' and o['type'] == 'rich')
            want(f'{path}: width and height', isinstance(o['width'], int) and isinstance(o['height'], int))
            want(f'{path}: an iframe of the viewer', re.fullmatch(r'<iframe src="' + re.escape(base) + r'(en/)?embed/[^"]*" title="[^"]*" [^<>]*></iframe>', o['html']) is not None)
            want(f'{path}: its page exists', os.path.exists(os.path.join(site, os.path.dirname(path), 'index.html')))
            continue
        if f != 'index.html':
            continue
        page = path[:-len('index.html')]
        html = open(os.path.join(site, path), encoding='utf-8').read()
        links = re.findall(r'<link rel="alternate" type="application/json\+oembed" href="([^"]+)"', html)
        index = re.match(r'^(en/)?(producers|points-of-sale)/(page/\d+/)?$', page)
        has_view = bool(viewed.match(page)) and not index and '/label/' not in page and '/labels/' not in page and '/history/' not in page
        if not has_view:
            want(f'{page}: no oEmbed link', not links)
            continue
        n += 1
        want(f'{page}: one oEmbed link', len(links) == 1)
        if links:
            first = re.sub(r'page/\d+/$', '', page)
            want(f'{page}: the link is to its list\'s response', links[0] == base + first + 'oembed.json')
            want(f'{page}: the response exists', os.path.exists(os.path.join(site, first, 'oembed.json')))
        want(f'{page}: an Embed panel', '<details class="embed-panel">' in html)
print('pages with a view:', n)
print('oembed:', 'ok' if not bad else f'{bad} failed')
sys.exit(1 if bad else 0)
EOP
if [ $? -eq 0 ]; then ok; else bad "oEmbed links and responses:"; grep FAIL "$TMP/oembed" | head; fi

# the snippet of a commune's page, exactly
python3 - "$s/en/provinces/ha-tinh/communes/phuc-trach/index.html" >"$TMP/snippet" 2>&1 <<'EOP'
import html, re, sys
page = open(sys.argv[1], encoding='utf-8').read()
code = html.unescape(re.search(r'<textarea class="embed-code"[^>]*>([^<]*)</textarea>', page).group(1))
want = ('<div data-ocop-list data-province="ha-tinh" data-commune="phuc-trach" data-lang="en">'
        '<a href="https://ocop.example.gov.vn/en/provinces/ha-tinh/communes/phuc-trach/">'
        'OCOP products from Phúc Trạch, Hà Tĩnh</a></div>\n'
        '<script async src="https://ocop.example.gov.vn/embed.js"></script>')
print(code)
sys.exit(0 if code == want else 1)
EOP
if [ $? -eq 0 ]; then ok; else bad "the commune's snippet:"; cat "$TMP/snippet"; fi
check "a product's snippet" grep -qF '&lt;div data-ocop-product=&quot;buoi-phuc-trach&quot; data-lang=&quot;vi&quot;&gt;' \
	"$s/products/buoi-phuc-trach/index.html"
check "a point of sale's snippet" grep -qF '&lt;div data-ocop-pos=&quot;cua-hang-ocop-ha-tinh&quot; data-lang=&quot;en&quot;&gt;' \
	"$s/en/points-of-sale/cua-hang-ocop-ha-tinh/index.html"
check "embed.js knows the viewer of each language" \
	grep -qF '({"language":"vi","viewers":{"vi":"embed/","en":"en/embed/"}});' "$s/embed.js"

# --- hostile text ---------------------------------------------------------
c=$TMP/cat
cp -R "$E2E/basic/catalog" "$c"
hostile='"Mật" </script><script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> & &amp; 🍯 ‏RTL =1+1'
cat >"$c/content/products/doc-hai.md" <<EOT
---
name: '$(printf '%s' "$hostile" | sed "s/'/''/g")'
stars: 5
group: thuc-pham
producer: htx-che
location: { province: Hà Tĩnh, commune: Kỳ Ninh }
certificate:
  number: 77/QĐ-UBND
  issued: 2025-02-03
points_of_sale: [cua-hang]
---
EOT
git_repo "$c"
"$OCOP" -C "$c" build --as-of $AS_OF -o "$TMP/site" >"$TMP/out" 2>"$TMP/err"
check "builds a catalog with a hostile product name" test $? -eq 0
python3 - "$TMP/site" "$hostile" >"$TMP/hostile" 2>&1 <<'EOP'
import html, html.parser, json, re, sys
site, hostile = sys.argv[1], sys.argv[2]
bad = 0
def want(what, cond):
    global bad
    if not cond:
        bad += 1
        print('FAIL:', what)
d = json.load(open(f'{site}/embed/data/products.json'))
names = [p['name']['vi'] for p in d['products']]
want('data: the name intact', hostile in names)
d = json.load(open(f'{site}/embed/data/points-of-sale/cua-hang.json'))
want('a point of sale\'s data: the name intact', hostile in [p['name']['vi'] for p in d['products']])
o = json.load(open(f'{site}/products/doc-hai/oembed.json'))
want('oEmbed: the title intact', o['title'] == hostile)
class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.text = [], ''
    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
    def handle_data(self, data):
        self.text += data
t = Tags(); t.feed(o['html'])
want('oEmbed: one iframe, the name its title', [x[0] for x in t.tags] == ['iframe'] and t.tags[0][1]['title'] == hostile)
page = open(f'{site}/products/doc-hai/index.html', encoding='utf-8').read()
code = html.unescape(re.search(r'<textarea class="embed-code"[^>]*>([^<]*)</textarea>', page).group(1))
t = Tags(); t.feed(code)
want('snippet: a div, a link and the one script', [x[0] for x in t.tags] == ['div', 'a', 'script'])
want('snippet: the name is the link\'s text', t.text.strip() == hostile)
want('the page: the oEmbed link is the only one of its kind',
     page.count('application/json+oembed') == 1)
print('hostile:', 'ok' if not bad else f'{bad} failed')
sys.exit(1 if bad else 0)
EOP
if [ $? -eq 0 ]; then ok; else bad "hostile text in the embeds:"; cat "$TMP/hostile"; fi

# --- a one-product commit rewrites only the views that show it ------------
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>/dev/null
rm -rf "$TMP/before" && cp -R "$c/output" "$TMP/before"
sed -i 's/^stars: 3$/stars: 4/' "$c/content/products/mat-ong.md"
(cd "$c" && git commit -qam "mat-ong: 4 sao")
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>/dev/null
python3 - "$TMP/before" "$c/output" >"$TMP/changed" 2>&1 <<'EOP'
import filecmp, json, os, sys
before, after = sys.argv[1:]
def shows(site, rel):
    d = json.load(open(os.path.join(site, rel)))
    return any(p['slug'] == 'mat-ong' for p in d['products'])
changed, want = set(), set()
for root, dirs, files in os.walk(before):
    for f in files:
        rel = os.path.relpath(os.path.join(root, f), before)
        if not (rel.startswith('embed/') or f == 'oembed.json'):
            continue
        if not filecmp.cmp(os.path.join(before, rel), os.path.join(after, rel), shallow=False):
            changed.add(rel)
        if rel.startswith('embed/data/') and (shows(before, rel) or shows(after, rel)):
            want.add(rel)
want.add('embed/data/stars/4.json')   # where it goes
print('changed:', sorted(changed))
print('want:   ', sorted(want))
sys.exit(0 if changed == want and len(want) >= 5 else 1)
EOP
if [ $? -eq 0 ]; then ok; else bad "a one-product commit: the embeds' files that changed vs those that show it:"; cat "$TMP/changed"; fi

# --- without base_url ---------------------------------------------------------
c3=$TMP/nobase
cp -R "$E2E/basic/catalog" "$c3"
sed -i '/^base_url:/d' "$c3/site.yaml"
git_repo "$c3"
"$OCOP" -C "$c3" build --as-of $AS_OF -o "$TMP/nobase-site" >"$TMP/out" 2>"$TMP/err"
check "builds without base_url" test $? -eq 0
check "without base_url: the viewer and the views' data" test -s "$TMP/nobase-site/embed/data/products.json" -a -s "$TMP/nobase-site/embed/index.html"
check "without base_url: no oEmbed response" sh -c "[ -z \"\$(find '$TMP/nobase-site' -name oembed.json)\" ]"
check "without base_url: no Embed panel, no oEmbed link" sh -c \
	"! grep -rlq -e 'embed-panel' -e 'json+oembed' '$TMP/nobase-site' --include=index.html"

# --- the site's own names -------------------------------------------------------
c4=$TMP/taken
cp -R "$E2E/basic/catalog" "$c4"
mkdir -p "$c4/content/pages"
printf -- '---\nname: Nhúng\n---\n' >"$c4/content/pages/embed.md"
git_repo "$c4"
"$OCOP" -C "$c4" build --as-of $AS_OF -o "$TMP/taken-site" >"$TMP/out" 2>"$TMP/err"
check "a page named embed stops the build" test $? -ne 0
check "and says that the name is the site's" grep -qF 'tên trang "embed" trùng với một trang có sẵn' "$TMP/err"

# --- in Chromium -----------------------------------------------------------------
browser_checks "the host page" tests/browser/embed.mjs host "$s" docs/examples/embed.html \
	https://ocop.example.gov.vn/
browser_checks "hostile text" tests/browser/embed.mjs hostile "$TMP/site" doc-hai "$hostile"
summary
