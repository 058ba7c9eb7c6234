#!/bin/sh
# End-to-end tests of search (plan/search.h, render/search_json.h,
# docs/search.md): the index's files are those its list names, hold
# every published product once and parse as JSON; the search page
# exists in every language, says noindex and stays out of the sitemap;
# every page's header has the search form, and every page but the
# search page and the labels the box's scripts; a hostile spelling is
# intact in the index; the browser's script cuts and folds the shared
# vectors (tests/data/fold.mjs) as src/util/fold.c does; then, in
# Chromium, queries typed into the page on the sample catalog
# (tests/browser/search.mjs) and into the header's box
# (tests/browser/search-box.mjs), and a hostile name shown as text in
# both.
# OCOP=path picks the binary (default ./ocop); run from the repository root.
NAME=search
. tests/e2e/lib.sh

s=$TMP/sample
"$OCOP" build -q --worktree --as-of $AS_OF -o "$s" >"$TMP/out" 2>"$TMP/err"
check "builds the sample catalog" test $? -eq 0
check "the search page in Vietnamese" test -s "$s/search/index.html"
check "the search page in English" test -s "$s/en/search/index.html"
check "the search page says noindex" grep -qF '<meta name="robots" content="noindex">' "$s/en/search/index.html"
check "the search page is not in the sitemap" sh -c "! grep -q '/search/' '$s/sitemap.xml'"
check "every page's header has the search form" sh -c "
	for f in '$s/index.html' '$s/products/mat-ong-vu-quang/index.html' '$s/en/provinces/ha-tinh/index.html'; do
		grep -qF '<form class=\"site-search\" role=\"search\" action=\"' \"\$f\" || exit 1
	done"
check "the English form leads to the English page" \
	grep -qF '<form class="site-search" role="search" action="../search/" method="get" ' "$s/en/products/index.html"
check "every page but the search page and the labels loads the box's scripts, deferred, search.js first" sh -c "
	for f in '$s/index.html' '$s/products/mat-ong-vu-quang/index.html' '$s/en/provinces/ha-tinh/index.html' '$s/404.html'; do
		grep -A1 '<script src=\"[^\"]*assets/search.js\" defer></script>' \"\$f\" | grep -q '<script src=\"[^\"]*assets/search-box.js\" defer></script>' || exit 1
	done
	grep -q 'search-box.js' '$s/search/index.html' && exit 1
	test \$(grep -c 'assets/search.js' '$s/search/index.html') -eq 1 || exit 1
	! grep -q '<script' '$s/products/mat-ong-vu-quang/label/index.html'"

python3 - "$s" >"$TMP/index" 2>&1 <<'EOP'
import json, os, sys
site = sys.argv[1]
bad = 0
def want(what, cond):
    global bad
    if not cond:
        bad += 1
        print('FAIL:', what)
meta = json.load(open(f'{site}/search/meta.json'))
cat = json.load(open(f'{site}/api/v1/catalog.json'))
want('meta: one document per published product', meta['docs'] == len(cat['products']))
want('meta: the chunks sorted', meta['chunks'] == sorted(meta['chunks']))
files = sorted(f[:-5] for f in os.listdir(f'{site}/search/t'))
want('one file per chunk, and no other', files == sorted(meta['chunks']))
seen = {}
for name in meta['chunks']:
    d = json.load(open(f'{site}/search/t/{name}.json'))
    for token, forms, p in d['tokens']:
        want(f'{token}: in chunk {name}, the longest name that begins it',
             token.startswith(name) and not any(len(n) > len(name) and token.startswith(n) for n in meta['chunks']))
        want(f'{token}: postings by four', len(p) % 4 == 0 and p)
        want(f'{token}: documents in order, each once', p[0::4] == sorted(set(p[0::4])))
        want(f'{token}: spellings it has', all(0 <= f < len(forms) for f in p[2::4]))
        seen[token] = p
n = meta['docs']
chunks = (n + meta['doc_chunk'] - 1) // meta['doc_chunk']
want('one file per chunk of documents', sorted(os.listdir(f'{site}/search/d')) == sorted(f'{i}.json' for i in range(chunks)))
docs = []
for i in range(chunks):
    d = json.load(open(f'{site}/search/d/{i}.json'))
    want(f'd/{i}: its first document', d['first'] == i * meta['doc_chunk'])
    docs += d['docs']
want('the documents in catalog order', [d['slug'] for d in docs] == [p['slug'] for p in cat['products']])
vu = seen.get('vu', [])
want('"vu" finds Mật ong Vũ Quang', any(docs[vu[k]]['slug'] == 'mat-ong-vu-quang' for k in range(0, len(vu), 4)))
print('index:', 'ok' if not bad else f'{bad} failed')
sys.exit(1 if bad else 0)
EOP
if [ $? -eq 0 ]; then ok; else bad "the index:"; grep FAIL "$TMP/index" | head; fi

# --- hostile text ----------------------------------------------------------
c=$TMP/cat
cp -R "$E2E/basic/catalog" "$c"
hostile='Mắm "đặc" </script><script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2"> & 🍯'
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
---
EOT
git_repo "$c"
"$OCOP" -C "$c" build --as-of $AS_OF -o "$TMP/site" >"$TMP/out" 2>"$TMP/err"
check "builds a catalog with a hostile product name" test $? -eq 0
python3 - "$TMP/site" >"$TMP/hostile" 2>&1 <<'EOP'
import json, sys
site = sys.argv[1]
meta = json.load(open(f'{site}/search/meta.json'))
forms = {}
for name in meta['chunks']:
    for token, fs, p in json.load(open(f'{site}/search/t/{name}.json'))['tokens']:
        forms[token] = fs
ok = 'đặc' in forms.get('dac', []) and 'script' in forms and 'onerror' in forms
print(forms.get('dac'), 'script' in forms)
sys.exit(0 if ok else 1)
EOP
if [ $? -eq 0 ]; then ok; else bad "hostile text in the index:"; cat "$TMP/hostile"; fi

node_checks "the browser's words" tests/data/fold.mjs
browser_checks "search on the sample" tests/browser/search.mjs sample "$s"
browser_checks "search, hostile text" tests/browser/search.mjs hostile "$TMP/site" "mam dac" "$hostile"
browser_checks "the search box on the sample" tests/browser/search-box.mjs sample "$s"
browser_checks "the search box, hostile text" tests/browser/search-box.mjs hostile "$TMP/site" "mam dac" "$hostile"
summary
