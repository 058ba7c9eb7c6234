#!/bin/sh
# End-to-end tests of search (plan/search.h, render/search_json.h,
# docs/search.md): the index's files are those its list names, hold
# every published product once and parse as JSON; the search page
# exists in every language, may be indexed and stays out of the sitemap;
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
check "the search page may be indexed (search.js says noindex on a page of results)" sh -c "! grep -q 'name=\"robots\"' '$s/en/search/index.html'"
check "the search page is not in the sitemap" sh -c "! grep -q '/search/' '$s/sitemap.xml'"
check "every page's header has the search form" sh -c "
	for f in '$s/index.html' '$s/products/mat-ong-vu-quang/index.html' '$s/en/provinces/ha-tinh/index.html'; do
		grep -qF '<form class=\"site-search\" role=\"search\" aria-label=\"' \"\$f\" || exit 1
	done"
check "the English form leads to the English page" \
	grep -qF '<form class="site-search" role="search" aria-label="Search the catalog" action="../search/" method="get">' "$s/en/products/index.html"
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
statuses = meta['statuses']
for name in meta['chunks']:
    d = json.load(open(f'{site}/search/t/{name}.json'))
    for token, forms, p in d['tokens']:
        want(f'{token}: in chunk {name}, the longest name that begins it',
             token.startswith(name) and not any(len(n) > len(name) and token.startswith(n) for n in meta['chunks']))
        want(f'{token}: postings by five', len(p) % 5 == 0 and p)
        # numbers as steps: the first as it is, the others from the one before
        nums = []
        for k in range(0, len(p), 5):
            nums.append(p[k] + (nums[-1] if nums else 0))
        want(f'{token}: documents in order, each once', nums == sorted(set(nums)) and p[0] >= 0)
        want(f'{token}: spellings it has', all(0 <= f < len(forms) for f in p[2::5]))
        seen[token] = [(n, p[k * 5 + 4]) for k, n in enumerate(nums)]
n = meta['docs']
docs = {}
for f in os.listdir(f'{site}/search/d'):
    i = int(f[:-5])
    d = json.load(open(f'{site}/search/d/{f}'))
    want(f'd/{i}: its first number', d['first'] == i * meta['doc_chunk'])
    want(f'd/{i}: only numbers of its own, and some', d['docs'] and
         all(i * meta['doc_chunk'] <= int(k) < (i + 1) * meta['doc_chunk'] for k in d['docs']))
    docs.update({int(k): v for k, v in d['docs'].items()})
want('every product has a number, once', sorted(d['slug'] for d in docs.values()) ==
     sorted(p['slug'] for p in cat['products']))
# every posting's rank is its document's stars and status
for token, ps in seen.items():
    for num, rank in ps:
        dd = docs.get(num)
        want(f'{token}: document {num} exists', dd is not None)
        if dd:
            want(f'{token}: {dd["slug"]}\'s stars and status',
                 rank == (dd['stars'] - 3) * len(statuses) + statuses.index(dd['status']))
# each chunk carries the records its tokens show first alone: for each
# token its first 20 postings in a field of weight 5 or more, by
# weight, stars, current certificate, number
current = {statuses.index(k) for k in ('valid', 'pending', 'unpublished')}
for name in meta['chunks']:
    d = json.load(open(f'{site}/search/t/{name}.json'))
    expect = set()
    for token, forms, p in d['tokens']:
        nums, ps = [], []
        for k in range(0, len(p), 5):
            nums.append(p[k] + (nums[-1] if nums else 0))
            if p[k + 1] >= 5:
                r = p[k + 4]
                ps.append((-p[k + 1], -(r // len(statuses)), r % len(statuses) not in current, nums[-1]))
        expect.update(x[3] for x in sorted(ps)[:20])
    got = {int(k): v for k, v in d.get('docs', {}).items()}
    want(f't/{name}: the records of its tokens\' first documents', set(got) == expect)
    want(f't/{name}: records as search/d/ has them', all(docs.get(k) == v for k, v in got.items()))
# search.js carries the list of chunks: meta.json but the count
js = open(f'{site}/assets/search.js', encoding='utf-8').read().split('\n')
head = 'window.ocop.index = '
inline = json.loads(js[1][len(head):].rstrip(';')) if js[1].startswith(head) else None
want('search.js: the list of chunks, as meta.json has it but the count',
     inline == {k: v for k, v in meta.items() if k != 'docs'})
# and the box's strings in every language, which no page carries
head = 'window.ocop.strings = '
strings = json.loads(js[2][len(head):].rstrip(';')) if js[2].startswith(head) else {}
want('search.js: the box\'s strings in both languages', sorted(strings) == ['en', 'vi'] and
     strings['vi']['list'] == 'Sản phẩm gợi ý' and strings['en']['list'] == 'Suggested products' and
     strings['en']['count-other'] == '{n} results' and strings['vi']['status-revoked'] == 'Đã thu hồi')
page = open(f'{site}/products/mat-ong-vu-quang/index.html', encoding='utf-8').read()
want('a page does not carry the box\'s strings', 'data-t-list' not in page and 'site-search' in page)
vu = seen.get('vu', [])
want('"vu" finds Mật ong Vũ Quang', any(docs[num]['slug'] == 'mat-ong-vu-quang' for num, _ in vu))
# the facets: every document in number order, and each one's values
fx = json.load(open(f'{site}/search/facets.json'))
nums = []
for step in fx['docs']:
    nums.append(step + (nums[-1] if nums else 0))
want('facets: the documents, in number order', nums == sorted(docs))
digits = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_'
by = {f['name']: f for f in fx['facets']}
def values(f, i):
    code = 0
    for ch in f['of'][i * f['width']:(i + 1) * f['width']]:
        code = code * 64 + digits.index(ch)
    if f['multi']:
        return [v['key'] for b, v in enumerate(f['values']) if code >> b & 1]
    return [f['values'][code - 1]['key']] if code else []
want('facets: one code per document in each', all(len(f['of']) == f['width'] * len(nums) for f in fx['facets']))
products = {p['slug']: p for p in cat['products']}
for i, num in enumerate(nums):
    d = docs[num]
    p = products[d['slug']]
    want(f'facets: {d["slug"]}\'s stars', values(by['stars'], i) == [str(p['stars'])])
    want(f'facets: {d["slug"]}\'s status', values(by['status'], i) == [d['status']])
    want(f'facets: {d["slug"]}\'s group', values(by['group'], i) == [p['group']])
    want(f'facets: {d["slug"]}\'s platforms',
         sorted(values(by['platform'], i)) == sorted(set(s['platform'] for s in p.get('shops', []))))
    pv = values(by['province'], i)
    want(f'facets: {d["slug"]}\'s province', len(pv) == 1 and
         [v for v in by['province']['values'] if v['key'] == pv[0]][0]['name'] == p['location']['province'])
# each province's communes: its documents, in number order, and their commune
provinces = {v['key'] for v in by['province']['values']}
want('a file of communes per province, and no other',
     sorted(f[:-5] for f in os.listdir(f'{site}/search/communes')) == sorted(provinces))
for key in provinces:
    cm = json.load(open(f'{site}/search/communes/{key}.json'))
    mine = []
    for step in cm['docs']:
        mine.append(step + (mine[-1] if mine else 0))
    want(f'communes/{key}: its documents', mine == [n for i, n in enumerate(nums) if values(by['province'], i) == [key]])
    for i, num in enumerate(mine):
        p = products[docs[num]['slug']]
        c = values(cm['facet'], i)
        want(f'communes/{key}: {p["slug"]}\'s commune', len(c) == 1 and c[0].startswith(key + '/') and
             [v for v in cm['facet']['values'] if v['key'] == c[0]][0]['name'] == p['location']['commune'])
print('index:', 'ok' if not bad else f'{bad} failed')
sys.exit(1 if bad else 0)
EOP
if [ $? -eq 0 ]; then ok; else bad "the index:"; grep FAIL "$TMP/index" | head; fi

# --- search: false ----------------------------------------------------------
o=$TMP/off
cp -R "$E2E/basic/catalog" "$o"
printf 'search: false\n' >>"$o/site.yaml"
"$OCOP" -C "$o" build --worktree --as-of $AS_OF -o "$TMP/off-site" >"$TMP/out" 2>"$TMP/err"
check "search: false builds, with no warning about the key" sh -c "test $? -eq 0 && ! grep -q search '$TMP/err'"
check "search: false: no index and no search page" sh -c "test ! -e '$TMP/off-site/search' && test ! -e '$TMP/off-site/en/search'"
check "search: false: no search form or script in any page but the certificate lookup's" sh -c "
	! grep -rlE 'class=\"site-search\"|search(-box)?\.js' '$TMP/off-site' --include=*.html | grep -v '/verify/'"
check "search: false: the lookup loads search.js for its words, and no box" sh -c "
	grep -qF '<script src=\"../assets/search.js\" defer></script>' '$TMP/off-site/verify/index.html' &&
	! grep -qE 'class=\"site-search\"|search-box' '$TMP/off-site/verify/index.html'"
check "search: false: the theme's scripts are still files (for a theme that wants them)" test -s "$TMP/off-site/assets/search.js"

# --- hostile text ----------------------------------------------------------
c=$TMP/cat
cp -R "$E2E/basic/catalog" "$c"
"$OCOP" -C "$c" build --worktree --as-of $AS_OF -o "$TMP/before" >"$TMP/out" 2>"$TMP/err"
check "builds the small catalog" test $? -eq 0
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

# One product added: the index files that change are the chunks of its
# words, its own file of records, the facets, its province's communes
# and meta.json (the count); no other product's number moves.
python3 - "$TMP/before" "$TMP/site" >"$TMP/added" 2>&1 <<'EOP'
import json, os, sys
a, b = sys.argv[1], sys.argv[2]
bad = 0
def want(what, cond):
    global bad
    print(('ok: ' if cond else 'FAIL: ') + what)
    bad += not cond
def files(site):
    out = {}
    for root, _, names in os.walk(f'{site}/search'):
        for n in names:
            if n.endswith('.json'):
                p = os.path.join(root, n)
                out[os.path.relpath(p, site)] = open(p, 'rb').read()
    return out
fa, fb = files(a), files(b)
def numbers(site):
    out = {}
    for n in os.listdir(f'{site}/search/d'):
        for k, v in json.load(open(f'{site}/search/d/{n}'))['docs'].items():
            out[v['slug']] = int(k)
    return out
na, nb = numbers(a), numbers(b)
want('no product\'s number moved', all(nb[s] == n for s, n in na.items()))
new = nb['doc-hai']
changed = sorted(p for p in fb if fa.get(p) != fb[p])
tokens = [p for p in changed if p.startswith('search/t/')]
def has_new(p):
    d = json.load(open(f'{b}/{p}'))
    for _, _, ps in d['tokens']:
        n = 0
        for k in range(0, len(ps), 5):
            n = ps[k] + (n if k else 0)
            if n == new:
                return True
    return False
want(f'each of the {len(tokens)} chunks that changed holds a word of the new product',
     tokens and all(has_new(p) for p in tokens))
want('only its own file of records changed', [p for p in changed if p.startswith('search/d/')] ==
     [f'search/d/{new // 256}.json'])
rest = [p for p in changed if not p.startswith(('search/t/', 'search/d/'))]
want('and meta.json, facets.json, its province\'s communes', rest ==
     ['search/communes/ha-tinh.json', 'search/facets.json', 'search/meta.json'])
sys.exit(1 if bad else 0)
EOP
if [ $? -eq 0 ]; then ok; else bad "one product added:"; grep FAIL "$TMP/added"; fi
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
