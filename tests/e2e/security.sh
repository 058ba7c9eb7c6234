#!/bin/sh
# Security end-to-end tests: what a hostile committed file tries, and
# what an interrupted or failing build must not leave behind.  The plain
# error cases (exact messages in both languages, output untouched) are
# fixtures in tests/e2e/errors/ (image-*, svg-*, collision-*, base-url-*,
# shop-*); this script covers what needs more than one build, a signal,
# a small disk or a look at the published bytes.
# OCOP=path picks the binary (default ./ocop); run from the repository
# root.  Ends with "security: N passed, N failed" (skips are counted and
# said, never passed).
NAME=security
. tests/e2e/lib.sh
# the theme's own scripts, on the embeds' viewer (embed/), the search
# page (search/) and the certificate lookup (verify/): files of the
# theme, which no content can replace; the expression must cut those exact elements and nothing else, or every
# grep below would pass for nothing (checked first)
viewer_script='s#^<script src="(\./|(\.\./)*|/([A-Za-z0-9._~-]+/)*)assets/(embed-view|search|search-box|status|verify)\.js" defer></script>$##'
cleanup() {
	[ -n "${MOUNTED:-}" ] && umount "$MOUNTED" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

# A copy of the error fixtures' base catalog, with the product ok.md
# given extra lines ($2) before its closing ---.
base_with() { # dir, extra front matter
	cp -R "$E2E/errors/base" "$1"
	sed '$d' "$E2E/errors/base/content/products/ok.md" > "$1/content/products/ok.md"
	printf '%s\n---\n' "$2" >> "$1/content/products/ok.md"
}

# --- a symbolic link never decides where a copy is published -------------
# content/index.html looks like a PNG; an image link to it used to be
# published at the link target's place: over the home page.
c=$TMP/link-home
base_with "$c" 'images:
  - { src: anh.png, alt: a }'
# a real PNG, so that the photo is made (its sizes are what is published)
vips black "$TMP/real.png" 8 6 --bands 3
{ cat "$TMP/real.png"; printf '<script>alert(document.domain)</script>'; } > "$c/content/index.html"
ln -s ../index.html "$c/content/products/anh.png"
git_repo "$c"
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>"$TMP/link-home.err"
check "link to content/index.html: builds" test $? -eq 0
check "link to content/index.html: home page is the site's" grep -q '<!DOCTYPE html>' "$c/output/index.html"
check "link to content/index.html: no script on the home page" sh -c "! grep -q 'alert(document.domain)' '$c/output/index.html'"
check "link to content/index.html: sizes published at the link's place" test -f "$c/output/products/anh-8.jpg"
check "link to content/index.html: never the bytes themselves" test ! -e "$c/output/products/anh.png"

# content/assets/style.css, reached through a link, must not replace the
# theme's stylesheet
c=$TMP/link-css
base_with "$c" 'images:
  - { src: anh.png, alt: a }'
mkdir -p "$c/content/assets"
{ cat "$TMP/real.png"; printf 'body{background:url(https://evil.example/x)}'; } > "$c/content/assets/style.css"
ln -s ../assets/style.css "$c/content/products/anh.png"
git_repo "$c"
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>/dev/null
check "content/assets/style.css: theme stylesheet kept" cmp "$ROOT/themes/default/static/assets/style.css" "$c/output/assets/style.css"

# --- SVG: what is published is sanitised ------------------------------------
c=$TMP/svg
base_with "$c" 'images:
  - { src: anh.svg, alt: a }'
cat > "$c/content/products/anh.svg" <<'EOF'
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)" viewBox="0 0 10 10">
<script>alert(document.domain)</script>
<a xlink:href="javascript:alert(3)"><rect width="10" height="10" onclick="alert(2)"/></a>
<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><script>alert(4)</script></div></foreignObject>
<circle cx="5" cy="5" r="4" fill="#080"/>
</svg>
EOF
git_repo "$c"
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>"$TMP/svg.err"
check "svg: builds with warnings" test $? -eq 0
check "svg: published" test -f "$c/output/products/anh.svg"
check "svg: no script left" sh -c "! grep -qi '<script' '$c/output/products/anh.svg'"
check "svg: no handler left" sh -c "! grep -qiE ' on[a-z]+=' '$c/output/products/anh.svg'"
check "svg: no javascript: left" sh -c "! grep -qi 'javascript:' '$c/output/products/anh.svg'"
check "svg: the drawing kept" grep -q '<circle' "$c/output/products/anh.svg"

# --- a decision's number and issuer are text: never a path, never markup ----
# Products sharing a decision get a page at decisions/<slug>/, the slug
# folded from the number, date and issuer; a hostile number must stay in
# that folder, show escaped on every page, and keep the sitemap valid XML.
c=$TMP/decision
cp -R "$E2E/errors/base" "$c"
decision() { # slug, number, issuer (YAML single-quoted in the file)
	for k in 1 2; do
		sed "s/^name: .*/name: Sản phẩm $1 $k/; /^certificate:/d; /^---\$/d" \
			"$E2E/errors/base/content/products/ok.md" > "$c/content/products/$1-$k.md"
		printf -- "---\n" | cat - "$c/content/products/$1-$k.md" > "$c/content/products/$1-$k.tmp"
		printf "certificate:\n  number: '%s'\n  issued: 2025-02-03\n  issuer: '%s'\n---\n" "$2" "$3" \
			>> "$c/content/products/$1-$k.tmp"
		mv "$c/content/products/$1-$k.tmp" "$c/content/products/$1-$k.md"
	done
}
decision up '12/../../index' '../../../assets'
decision xss '<script>alert(1)</script>' '"><img src=x onerror=alert(2)>'
decision dots '9///' 'UBND ///'
decision amp '1&2]]></loc><x>' "&amp; {n} '' %s"
git_repo "$c"
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>"$TMP/decision.err"
check "decision: hostile numbers build" test $? -eq 0
o=$c/output
check "decision: the home page is the site's" grep -q '<h1>Lỗi thử</h1>' "$o/index.html"
check "decision: the stylesheet is the theme's" cmp "$ROOT/themes/default/static/assets/style.css" "$o/assets/style.css"
slug='[a-z0-9]+(-[a-z0-9]+)*'
stray=$(cd "$o" && find . -path '*decisions*' -type f |
	grep -vE "^\./(en/)?decisions/$slug/(index\.html|oembed\.json)\$|^\./embed/data/decisions/$slug\.json\$" || true)
check "decision: every page inside decisions/<slug>/ (stray: $stray)" test -z "$stray"
check "decision: four decisions, four folders" test "$(ls "$o/decisions" | wc -l)" -eq 4
check "decision: ../../index folds to a name" test -f "$o/decisions/12-index-2025-02-03-assets/index.html"
check "decision: slashes fold away" test -f "$o/decisions/9-2025-02-03-ubnd/index.html"
check "decision: no file escaped to the site root" test ! -e "$o/12-index-2025-02-03-assets"
x=$o/decisions/script-alert-1-script-2025-02-03-img-src-x-onerror-alert-2/index.html
check "decision: the script's page" test -f "$x"
check "decision: the number is shown escaped" grep -qF '<h1>Quyết định &lt;script&gt;alert(1)&lt;/script&gt;</h1>' "$x"
check "decision: the issuer too" grep -qF '&quot;&gt;&lt;img src=x onerror=alert(2)&gt;, <time' "$x"
check "decision: and in the product's link" grep -qF 'Quyết định &lt;script&gt;alert(1)&lt;/script&gt; công nhận 2 sản phẩm</a>' "$o/products/xss-1/index.html"
check "decision: in English too" grep -qF '<span lang="vi">&quot;&gt;&lt;img src=x onerror=alert(2)&gt;</span>' "$o/en/decisions/script-alert-1-script-2025-02-03-img-src-x-onerror-alert-2/index.html"
check "decision: braces and ampersands as written" grep -qF 'Quyết định 1&amp;2]]&gt;&lt;/loc&gt;&lt;x&gt; công nhận 2 sản phẩm</a>' "$o/products/amp-1/index.html"
# (not in the grep below: its " onerror=" inside the escaped, quoted
# description attribute is text, which that grep cannot tell apart)
check "decision: nothing unescaped" sh -c "! find '$o' -name '*.html' -o -name '*.xml' | while read -r f; do
	sed -E 's|<script type=\"application/ld\+json\">[^<]*</script>||g; $viewer_script' \"\$f\"; done |
	grep -qE '<script|<img src=x|onerror=alert\(2\)>|</loc><x>'"
if command -v xmllint >/dev/null 2>&1; then
	check "decision: the sitemap is well-formed XML" xmllint --noout "$o/sitemap.xml"
else
	skipped "decision: xmllint missing (Debian libxml2-utils)"
fi
check "decision: the sitemap lists the pages" test "$(grep -c '<loc>https://ocop.test/decisions/' "$o/sitemap.xml")" -eq 4

# --- no script, javascript: or event handler in what content makes -------
# Every HTML, XML and SVG file of the built sample and fixture sites.  The
# one script element a page may hold is a schema.org data block, JSON-LD
# (render/data.h), which never holds a '<': it is cut out, whole, before
# the search, so a data block that let a '<' through is searched too.  The
# embeds' viewer (embed/), the search page (search/), the certificate
# lookup (verify/) and the header's search box (every page but the
# labels) load the theme's own scripts, files no content can replace
# (a collision stops the build): those exact elements are cut out too.
check "the theme's scripts are cut out, and only them" sh -c "
	printf '<script src=\"../assets/search.js\" defer></script>\n<script src=\"assets/embed-view.js\" defer></script>\n<script src=\"./assets/search-box.js\" defer></script>\n<script src=\"/sub/assets/search.js\" defer></script>\n<script src=\"x.js\"></script>\n<script src=\"//evil.example/assets/search.js\" defer></script>\n<script src=\"../assets/search-box.js\"></script>\n<script src=\"../../assets/verify.js\" defer></script>\n<script src=\"../assets/verify.js\" async></script>\n' |
	sed -E '$viewer_script' | grep -c script | grep -qx 4"
for site in "$ROOT/build/sample-site" "$ROOT/build/e2e-basic-site" "$TMP/link-home/output" \
	    "$TMP/link-css/output" "$TMP/svg/output"; do
	if [ ! -d "$site" ]; then skipped "grep: $site not built (run make test)"; continue; fi
	name=${site#"$ROOT/"}
	found=$(find "$site" -type f \( -name '*.html' -o -name '*.xml' -o -name '*.svg' \) |
		while read -r f; do
			sed -E 's|<script type="application/ld\+json">[^<]*</script>||g; '"$viewer_script" "$f" |
				grep -qiE '<script|javascript:|<[a-z][^>]*[[:space:]]on[a-z]+[[:space:]]*=' &&
				echo "$f"
		done)
	if [ -z "$found" ]; then ok; else bad "grep $name: script-like markup in: $found"; fi
done

# --- names with control characters never reach the terminal raw ----------
c=$TMP/names
cp -R "$E2E/errors/base" "$c"
cp "$c/content/products/ok.md" "$(printf '%s/content/products/a\nb.md' "$c")"
cp "$c/content/products/ok.md" "$(printf '%s/content/products/c\033[2Jd.md' "$c")"
cp "$c/content/products/ok.md" "$(printf '%s/content/products/e\377f.md' "$c")"
git_repo "$c"
"$OCOP" -C "$c" check --lang en --as-of $AS_OF 2>"$TMP/names.err"
check "names: check fails" test $? -eq 1
has_line "names: newline escaped" "$TMP/names.err" \
	'content/products/a\nb.md: error: "a\nb" is not a valid slug: use 1-80 lowercase letters, digits and single hyphens [slug]'
has_line "names: escape character escaped" "$TMP/names.err" \
	'content/products/c\x1b[2Jd.md: error: "c\x1b[2Jd" is not a valid slug: use 1-80 lowercase letters, digits and single hyphens [slug]'
has_line "names: invalid UTF-8 escaped" "$TMP/names.err" \
	'content/products/e\xfff.md: error: "e\xfff" is not a valid slug: use 1-80 lowercase letters, digits and single hyphens [slug]'
check "names: no raw control character on stderr" sh -c "! LC_ALL=C grep -q \"\$(printf '[\\001-\\011\\013-\\037]')\" '$TMP/names.err'"
"$OCOP" -C "$c" check --lang en --format json --as-of $AS_OF >"$TMP/names.json" 2>/dev/null
check "names: JSON is valid UTF-8 and parses" python3 -c "
import json, sys
d = json.loads(open(sys.argv[1], 'rb').read().decode('utf-8', 'strict'))
files = sorted(x['file'] for x in d)
assert 'content/products/e\ufffdf.md' in files, files
assert 'content/products/a\nb.md' in files, files
" "$TMP/names.json"

# --- SOURCE_DATE_EPOCH out of range ----------------------------------------
SOURCE_DATE_EPOCH=6906312000000 "$OCOP" -C "$c" check >/dev/null 2>"$TMP/sde.err"
check "SOURCE_DATE_EPOCH out of range: exit 2" test $? -eq 2
has_line "SOURCE_DATE_EPOCH out of range: message" "$TMP/sde.err" \
	'ocop: SOURCE_DATE_EPOCH must be a number of seconds from 0 (1970-01-01) to 32503679999 (2999-12-31), found "6906312000000"'

# --- a failed build makes no folders ------------------------------------------
c=$TMP/failing
base_with "$c" 'stars_typo: 1
stars: 9'
git_repo "$c"
"$OCOP" -C "$c" build -q --as-of $AS_OF -o "$TMP/made/deep/site" 2>/dev/null
check "failed build: exit 1" test $? -eq 1
check "failed build: no parent folder made" test ! -e "$TMP/made"

# --- signals: no temporary folder left, the previous site kept ---------------
# A catalog large enough that a build takes a while (about a second;
# BIG_N products, fewer under the slower ThreadSanitizer build).
big=$TMP/big
cp -R "$E2E/errors/base" "$big"
i=0
while [ $i -lt "${BIG_N:-1500}" ]; do
	sed "s/^name: .*/name: Sản phẩm $i/" "$big/content/products/ok.md" > "$big/content/products/sp-$i.md"
	i=$((i + 1))
done
git_repo "$big"
"$OCOP" -C "$big" build -q --as-of $AS_OF 2>/dev/null
check "big: first build" test -f "$big/output/index.html"
cp -R "$big/output" "$TMP/big-before"
temps() { ls -A "$big" | grep -c '^\.output\.tmp-' ; }
# waits until the build has made its temporary folder (at most 10 s)
wait_temp() {
	n=0
	while [ "$(temps)" -eq 0 ] && [ $n -lt 1000 ]; do sleep 0.01; n=$((n + 1)); done
}
for sig in TERM INT HUP; do
	# a shell starts background jobs with SIGINT ignored: undo that
	env --default-signal=INT "$OCOP" -C "$big" build -q --as-of $AS_OF 2>/dev/null &
	pid=$!
	wait_temp
	sleep 0.1
	kill -$sig $pid
	wait $pid
	st=$?
	check "SIG$sig mid-build: the build ends by the signal" test $st -gt 128
	check "SIG$sig mid-build: no temporary folder left" test "$(temps)" -eq 0
	check "SIG$sig mid-build: the previous site is untouched" diff -r "$TMP/big-before" "$big/output"
done
# SIGKILL cannot be caught: the next build sweeps what it left
"$OCOP" -C "$big" build -q --as-of $AS_OF 2>/dev/null &
pid=$!
wait_temp
sleep 0.1
kill -KILL $pid
wait $pid
check "SIGKILL mid-build: a temporary folder is left" test "$(temps)" -eq 1
"$OCOP" -C "$big" build -q --as-of $AS_OF 2>/dev/null
check "SIGKILL: the next build removes it" test "$(temps)" -eq 0
# two builds at once never remove each other's folder
"$OCOP" -C "$big" build -q --as-of $AS_OF 2>/dev/null & p1=$!
"$OCOP" -C "$big" build -q --as-of $AS_OF 2>/dev/null & p2=$!
wait $p1; s1=$?
wait $p2; s2=$?
check "two builds at once: both succeed" test $s1 -eq 0 -a $s2 -eq 0
check "two builds at once: no temporary folder left" test "$(temps)" -eq 0
check "two builds at once: the site is whole" diff -r -x .ocop-output "$TMP/big-before" "$big/output"

# --- a full disk: a clear error, nothing published, nothing left -----------
if [ "$(id -u)" = 0 ] && mkdir -p "$TMP/small" &&
   mount -t tmpfs -o size=256k tmpfs "$TMP/small" 2>/dev/null; then
	MOUNTED=$TMP/small
	mkdir "$TMP/small/site" && echo "previous site" > "$TMP/small/site/index.html" &&
		: > "$TMP/small/site/.ocop-output"
	"$OCOP" -C "$big" build -q --as-of $AS_OF -o "$TMP/small/site" 2>"$TMP/full.err"
	check "full disk: exit 2" test $? -eq 2
	check "full disk: says so" grep -q 'không ghi được tệp đầu ra: No space left on device \[io\]' "$TMP/full.err"
	check "full disk: previous site kept" test "$(cat "$TMP/small/site/index.html")" = "previous site"
	check "full disk: no temporary folder left" test -z "$(ls -A "$TMP/small" | grep '^\.site\.tmp-' || true)"
	umount "$TMP/small" && MOUNTED=
else
	skipped "full disk: needs root and a tmpfs mount"
fi

summary
