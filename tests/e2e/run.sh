#!/bin/sh
# End-to-end tests: build fixture catalogs with the real binary and check
# the whole output.  REGEN=1 rewrites the golden files (review the diff).
# OCOP=path picks the binary (default ./ocop); run from the repository root.
NAME=e2e
. tests/e2e/lib.sh

# --- golden output of a small catalog ---------------------------------
cp -R "$E2E/basic/catalog" "$TMP/basic"
git_repo "$TMP/basic"
if "$OCOP" -C "$TMP/basic" build -q --as-of $AS_OF 2>"$TMP/basic.err"; then ok
else bad "basic: build failed: $(cat "$TMP/basic.err")"; fi
# the commit id differs by git version's object format only if dates
# differ; it is fixed above, so the output is byte-identical
if [ "${REGEN:-}" = 1 ]; then
	rm -rf "$E2E/basic/expect"
	cp -R "$TMP/basic/output" "$E2E/basic/expect"
	rm -f "$E2E/basic/expect/.ocop-output"  # ocop's own record, not the site
	echo "regenerated tests/e2e/basic/expect"
fi
if diff -r -x .ocop-output "$E2E/basic/expect" "$TMP/basic/output" >"$TMP/golden.diff"; then ok
else bad "basic: output differs from tests/e2e/basic/expect (make regen-golden to accept)"; head -40 "$TMP/golden.diff"; fi

# the build is reproducible: same commit and date, same bytes
"$OCOP" -C "$TMP/basic" build -q --as-of $AS_OF -o "$TMP/basic-again" 2>/dev/null
check "basic: second build is byte-identical" diff -r -x .ocop-output "$TMP/basic/output" "$TMP/basic-again"

out=$TMP/basic/output
mkdir -p "$ROOT/build" && rm -rf "$ROOT/build/e2e-basic-site" &&
	cp -R "$out" "$ROOT/build/e2e-basic-site"    # for the HTML checker
check "basic: draft is not published" test ! -e "$out/products/ban-nhap"
check "basic: raw HTML from a story never reaches the page" sh -c "! grep -q '<script>alert' '$out/products/che-xanh/index.html'"
check "basic: javascript: link is dropped" sh -c "! grep -q 'javascript:' '$out/products/che-xanh/index.html'"
check "basic: revoked product shows revoked" grep -q 'Đã thu hồi' "$out/products/tra-thao-moc/index.html"
check "basic: revocation reason shown" grep -q 'Vi phạm quy định ghi nhãn' "$out/products/tra-thao-moc/index.html"
check "basic: expired product shows expired" grep -q 'Hết hiệu lực' "$out/products/mat-ong/index.html"
check "basic: English page uses the translation" grep -q 'Son Thuy green tea' "$out/en/products/che-xanh/index.html"
check "basic: English page without translation falls back" grep -q 'Mật ong Vũ Quang' "$out/en/products/mat-ong/index.html"
check "basic: bundle image copied" test -f "$out/products/che-xanh/cover.svg"
check "basic: pagination page 2 exists (per_page 2)" test -f "$out/products/page/2/index.html"
check "basic: sitemap lists the English home" grep -q '<loc>https://ocop.test/en/</loc>' "$out/sitemap.xml"
check "basic: robots.txt points at the sitemap" grep -q 'Sitemap: https://ocop.test/sitemap.xml' "$out/robots.txt"
check "basic: 404 page" test -f "$out/404.html"
check "basic: subgroup named by the theme" grep -q '<dd>Tea</dd>' "$out/en/products/che-xanh/index.html"
check "basic: subgroup renamed by site.yaml" grep -q '<dd>Chè búp</dd>' "$out/products/che-xanh/index.html"
check "basic: subgroup named by site.yaml only" grep -q '<dd>Herbal tea</dd>' "$out/en/products/tra-thao-moc/index.html"
check "basic: translated price unit" grep -q 'VND / 500 g pack</dd>' "$out/en/products/che-xanh/index.html"
check "basic: untranslated price unit marked lang=vi" grep -q 'VND / <span lang="vi">hộp 20 túi lọc</span></dd>' "$out/en/products/tra-thao-moc/index.html"
check "basic: English singular count" grep -q '>1 product<' "$out/en/groups/duoc-lieu/index.html"
check "basic: English singular point of sale" grep -q '>1 point of sale<' "$out/en/points-of-sale/index.html"
check "basic: English plural count" grep -q '>2 producers<' "$out/en/producers/index.html"
check "basic: no page loads from another site" sh -c "! grep -rlE '(src|href)=\"(https?:)?//[^\"]*\\.(css|js)\"' '$out'"

# --- what is published is what was committed ----------------------------
sed -i 's/Chè xanh Sơn Thủy/Chè xanh SỬA DỞ/' "$TMP/basic/content/products/che-xanh/index.md"
"$OCOP" -C "$TMP/basic" build -q --as-of $AS_OF -o "$TMP/head" 2>/dev/null
check "git: HEAD build ignores uncommitted edits" sh -c "! grep -q 'SỬA DỞ' '$TMP/head/products/che-xanh/index.html'"
"$OCOP" -C "$TMP/basic" build -q --worktree --as-of $AS_OF -o "$TMP/wt" 2>/dev/null
check "git: --worktree builds the edit" grep -q 'SỬA DỞ' "$TMP/wt/products/che-xanh/index.html"
(cd "$TMP/basic" && git commit -qam edit && git tag v2)
"$OCOP" -C "$TMP/basic" build -q --rev HEAD~1 --as-of $AS_OF -o "$TMP/rev" 2>/dev/null
check "git: --rev HEAD~1 builds the older commit" sh -c "! grep -q 'SỬA DỞ' '$TMP/rev/products/che-xanh/index.html'"
"$OCOP" -C "$TMP/basic" build -q --rev v2 --as-of $AS_OF -o "$TMP/tag" 2>/dev/null
check "git: --rev v2 builds the tag" grep -q 'SỬA DỞ' "$TMP/tag/products/che-xanh/index.html"
"$OCOP" -C "$TMP/basic" build --rev nope --as-of $AS_OF -o "$TMP/nope" 2>"$TMP/nope.err"
check "git: unknown revision exits 2" test $? -eq 2
check "git: unknown revision is named" grep -q 'không tìm thấy phiên bản "nope"' "$TMP/nope.err"
cp -R "$E2E/basic/catalog" "$TMP/plain"
"$OCOP" -C "$TMP/plain" build --as-of $AS_OF 2>"$TMP/plain.err" >/dev/null
check "git: outside a repository builds the files on disk" test -f "$TMP/plain/output/index.html"
check "git: and says so" grep -q 'không phải kho git: dùng các tệp trên đĩa' "$TMP/plain.err"

# --- a catalog overrides single files of the built-in theme --------------
cp -R "$E2E/basic/catalog" "$TMP/override"
cp -R "$E2E/override/themes" "$TMP/override/"
git_repo "$TMP/override"
"$OCOP" -C "$TMP/override" build -q --as-of $AS_OF 2>/dev/null
o=$TMP/override/output
check "theme: overridden card template used in lists" grep -q 'THẺ-RIÊNG Chè xanh Sơn Thủy' "$o/products/index.html"
check "theme: other templates still built in" grep -q 'Đã thu hồi' "$o/products/tra-thao-moc/index.html"
check "theme: extra asset published" test -f "$o/assets/extra.css"
check "theme: built-in assets still published" test -f "$o/assets/style.css"
check "theme: a string file with one string overrides that string" grep -q '>Tất cả sản phẩm OCOP<' "$o/index.html"
check "theme: the other strings still come from the built-in file" grep -q 'Đã thu hồi' "$o/products/tra-thao-moc/index.html"

# --- one broken entry among 50 hides nothing -------------------------------
# 50 products: number 7 is broken (stars: 9); the 10 whose number ends in
# 3 or 8 have no point of sale (a warning each); the 25 odd ones expired
# in 2024 (report expiring lists them), the others expire in 2027.
c=$TMP/fifty
cp -R "$E2E/errors/base" "$c"
rm "$c/content/products/ok.md"
i=1
while [ $i -le 50 ]; do
	n=$(printf '%02d' $i)
	stars=3; [ $i -eq 7 ] && stars=9
	issued=2024-06-12; [ $((i % 2)) -eq 1 ] && issued=2021-03-01
	pos='points_of_sale: [cua-hang]'
	case $n in *3 | *8) pos= ;; esac
	printf -- '---\nname: Sản phẩm %s\nstars: %s\ngroup: thuc-pham\nproducer: htx-a\nlocation: { province: Hà Tĩnh, commune: Thạch Kim }\ncertificate: { number: %s/QĐ-UBND, issued: %s }\n%s\n---\n' \
		"$n" "$stars" "$i" "$issued" "$pos" >"$c/content/products/sp-$n.md"
	i=$((i + 1))
done
git_repo "$c"
"$OCOP" -C "$c" check --lang en --as-of $AS_OF >/dev/null 2>"$TMP/fifty.err"
check "one broken among 50: check exits 1" test $? -eq 1
check "one broken among 50: its error" grep -q '^content/products/sp-07.md:3:8: error: stars must be 3, 4 or 5' "$TMP/fifty.err"
check "one broken among 50: and all 10 warnings of the others" \
	test "$(grep -c ': warning: product has no points_of_sale and no shops \[nowhere-to-buy\]$' "$TMP/fifty.err")" -eq 10
check "one broken among 50: the count says so" grep -q '^ocop: 1 error, 10 warnings$' "$TMP/fifty.err"
"$OCOP" -C "$c" report expiring --lang en --as-of $AS_OF >"$TMP/fifty.report" 2>"$TMP/fifty.rerr"
check "one broken among 50: report exits 1" test $? -eq 1
check "one broken among 50: the report lists the 24 expired others" grep -q '^Already expired (24)$' "$TMP/fifty.report"
check "one broken among 50: and the broken one apart" \
	sh -c "grep -A2 '^Not in this report, their files have errors' '$TMP/fifty.report' | grep -q 'content/products/sp-07.md'"
check "one broken among 50: its error on stderr" grep -q 'sp-07.md:3:8: error: ' "$TMP/fifty.rerr"

# --- text typed decomposed (NFD) is read as NFC -----------------------------
c=$TMP/nfd
cp -R "$E2E/basic/catalog" "$c"
# "Mật ong Vũ Quang" and "Hà Tĩnh" with their marks typed apart
printf -- '---\nname: "M\141\314\202\314\243t ong V\165\314\203 Quang"\n' > "$c/m.tmp"
sed -e '1,2d' -e 's/province: Hà Tĩnh/province: "Ha\xcc\x80 Ti\xcc\x83nh"/' \
	"$c/content/products/mat-ong.md" >> "$c/m.tmp"
mv "$c/m.tmp" "$c/content/products/mat-ong.md"
git_repo "$c"
"$OCOP" -C "$c" build -q --as-of $AS_OF -o "$TMP/nfd-out" 2>"$TMP/nfd.err"
check "NFD: the build still warns" grep -q 'mat-ong.md:2:.*\[not-nfc\]' "$TMP/nfd.err"
check "NFD: the heading is in NFC" grep -q '<h1>Mật ong Vũ Quang</h1>' "$TMP/nfd-out/products/mat-ong/index.html"
check "NFD: the home page lists the province once, in NFC" test "$(grep -c '>Hà Tĩnh</a>' "$TMP/nfd-out/index.html")" -eq 1
check "NFD: no decomposed text on any page" sh -c "! grep -rq \"\$(printf 'a\\314\\200')\" '$TMP/nfd-out'"
check "NFD: the province page lists it" grep -q 'Mật ong Vũ Quang' "$TMP/nfd-out/provinces/ha-tinh/index.html"
check "NFD: no place-spelling warning for one spelling typed two ways" sh -c "! grep -q place-spelling '$TMP/nfd.err'"
"$OCOP" -C "$c" report expiring --within 2y --as-of $AS_OF >"$TMP/nfd.report" 2>/dev/null
check "NFD: the report names the province in NFC only" sh -c "grep -q '^Hà Tĩnh\$' '$TMP/nfd.report' && ! grep -q \"\$(printf 'a\\314\\200')\" '$TMP/nfd.report'"

# --- SOURCE_DATE_EPOCH sets the build date --------------------------------
# (a build that crashed, or read the clock instead, fails each check below)
SOURCE_DATE_EPOCH=1640995200 "$OCOP" -C "$TMP/plain" build -q -o "$TMP/sde" 2>"$TMP/sde.err"
check "SOURCE_DATE_EPOCH 2022-01-01: a catalog of later certificates still builds (exit 0)" test $? -eq 0
check "SOURCE_DATE_EPOCH 2022-01-01: the site is written" test -f "$TMP/sde/index.html"
has_line "SOURCE_DATE_EPOCH 2022-01-01: certificate issued 2022-05-01 is after the build date: a warning" "$TMP/sde.err" \
	'content/products/mat-ong.md:10:11: cảnh báo: giấy chứng nhận cấp ngày 2022-05-01, sau ngày tạo trang 2022-01-01: đến ngày đó sản phẩm hiện là chưa có hiệu lực [future-date]'
check "SOURCE_DATE_EPOCH 2022-01-01: the product is not in force yet" \
	grep -q 'status-pending"><span aria-hidden="true">…</span> Chưa có hiệu lực: có hiệu lực từ 01/05/2022</span>' "$TMP/sde/products/mat-ong/index.html"
check "SOURCE_DATE_EPOCH 2022-01-01: and its card says from when" \
	grep -q 'status-pending">Chưa có hiệu lực</span> có hiệu lực từ 01/05/2022' "$TMP/sde/products/index.html"
check "SOURCE_DATE_EPOCH 2022-01-01: nor is it among the newly recognised" \
	sh -c "test -f '$TMP/sde/index.html' && ! sed -n '/h-newest/,/<\/section>/p' '$TMP/sde/index.html' | grep -q 'products/mat-ong/'"
check "SOURCE_DATE_EPOCH 2022-01-01: the home page counts it apart" \
	grep -q 'status-pending">Chưa có hiệu lực</span> <span class="count">' "$TMP/sde/index.html"
SOURCE_DATE_EPOCH=1640995200 "$OCOP" -C "$TMP/plain" build -q --as-of $AS_OF -o "$TMP/sde-as-of" 2>"$TMP/sde-as-of.err"
check "SOURCE_DATE_EPOCH: --as-of wins (exit 0, no future-date warning)" \
	sh -c "test $? -eq 0 && ! grep -q future-date '$TMP/sde-as-of.err'"
SOURCE_DATE_EPOCH=2022-01-01 "$OCOP" -C "$TMP/plain" build -q -o "$TMP/sde-bad" 2>"$TMP/sde-bad.err"
check "SOURCE_DATE_EPOCH not a number: exit 2" test $? -eq 2
has_line "SOURCE_DATE_EPOCH not a number: says so" "$TMP/sde-bad.err" \
	'ocop: SOURCE_DATE_EPOCH must be a number of seconds from 0 (1970-01-01) to 32503679999 (2999-12-31), found "2022-01-01"'
check "SOURCE_DATE_EPOCH not a number: nothing written" test ! -e "$TMP/sde-bad"

# --- command line ------------------------------------------------------------
"$OCOP" --help >/dev/null; check "cli: --help exits 0" test $? -eq 0
"$OCOP" --version | grep -q '^ocop '; check "cli: --version" test $? -eq 0
"$OCOP" build --bogus 2>/dev/null; check "cli: unknown option exits 2" test $? -eq 2
"$OCOP" frobnicate 2>/dev/null; check "cli: unknown command exits 2" test $? -eq 2
"$OCOP" -C "$TMP/plain" build -o . 2>"$TMP/dot.err"; st=$?
check "cli: refuses to replace the catalog folder" test $st -eq 2
check "cli: catalog still there after -o ." test -f "$TMP/plain/site.yaml"
# every name under content/ and every file's bytes
sum_content() { (cd "$TMP/plain" && { find content -print; find content -type f -exec md5sum {} +; } | LC_ALL=C sort | md5sum); }
content_before=$(sum_content)
"$OCOP" -C "$TMP/plain" build -o content 2>"$TMP/o-content.err"
check "cli: refuses -o content (exit 2)" test $? -eq 2
has_line "cli: refuses -o content, saying why" "$TMP/o-content.err" \
	'ocop: refusing to write the site to "content": it would replace the catalog itself, or the path is unclear'
check "cli: content/ untouched after -o content" test "$(sum_content)" = "$content_before"
"$OCOP" -C "$TMP/plain" build -o ./content/site 2>"$TMP/o-content-site.err"
check "cli: refuses -o ./content/site" test $? -eq 2
has_line "cli: refuses -o ./content/site, saying why" "$TMP/o-content-site.err" \
	'ocop: refusing to write the site to "./content/site": it would replace the catalog itself, or the path is unclear'
check "cli: and writes nothing into content/" test ! -e "$TMP/plain/content/site"
mkdir -p "$TMP/www/sub" && echo keep > "$TMP/www/important.txt"
"$OCOP" -C "$TMP/plain" build -q --as-of $AS_OF -o "$TMP/www" 2>"$TMP/www.err"
check "output: a folder of other files is not replaced (exit 2)" test $? -eq 2
check "output: its files are kept" test -f "$TMP/www/important.txt"
check "output: and it says why" grep -q '.ocop-output' "$TMP/www.err"
"$OCOP" -C "$TMP/plain" build -q --as-of $AS_OF -o "$TMP/new/deep/site" 2>/dev/null
check "output: missing parent folders are made" test -f "$TMP/new/deep/site/index.html"
# malloc's memory in huge pages (main.c, restart_with_huge_pages()):
# ocop starts itself again with the setting, a relative -C and all; a
# setting given is left alone
ocop_abs=$(cd "$(dirname "$OCOP")" && pwd)/$(basename "$OCOP")
(cd "$TMP" && env -u GLIBC_TUNABLES OCOP_TIMINGS=1 "$ocop_abs" -C plain build -q \
	--as-of $AS_OF -o hp 2>"$TMP/hp.err")
check "huge pages: a build started again enters -C once" test $? -eq 0 -a -f "$TMP/plain/hp/index.html"
has_line "huge pages: on by default" "$TMP/hp.err" 'ocop: timing: malloc in huge pages: yes'
# started again with its arguments as given, not as parsed (reordered)
(cd "$TMP" && env -u GLIBC_TUNABLES "$ocop_abs" -C plain --lang en fmt --check \
	content/products/mat-ong.md >"$TMP/hp-fmt.out" 2>&1)
check "huge pages: the arguments as given" test $? -ne 2
GLIBC_TUNABLES=glibc.malloc.check=0 OCOP_TIMINGS=1 "$OCOP" -C "$TMP/plain" build -q --as-of $AS_OF \
	-o "$TMP/hp1" 2>"$TMP/hp1.err"
has_line "huge pages: beside another setting" "$TMP/hp1.err" 'ocop: timing: malloc in huge pages: yes'
GLIBC_TUNABLES=glibc.malloc.hugetlb=0 OCOP_TIMINGS=1 "$OCOP" -C "$TMP/plain" build -q --as-of $AS_OF \
	-o "$TMP/hp0" 2>"$TMP/hp0.err"
has_line "huge pages: glibc.malloc.hugetlb=0 turns them off" "$TMP/hp0.err" 'ocop: timing: malloc in huge pages: no'
check "huge pages: the same site either way" diff -r -x .ocop-output "$TMP/hp1" "$TMP/hp0"
rm -rf "$TMP/plain/hp" "$TMP/plain/.hp.spare"

# --- ocop report expiring: golden CSV, JSON and text of the fixture ----------
# On 2026-11-22 with a 2-year window: mat-ong expired (2025-05-01),
# che-xanh expires 2028-01-10 (and so do nuoc-mam-ky-ninh, sua-mai-dung
# and tuong-ot-dong-van, recognised the same day), tra-thao-moc is
# revoked (never listed).
cp -R "$E2E/basic/catalog" "$TMP/report"
git_repo "$TMP/report"
for fmt in csv json text; do
	ext=$fmt; [ $fmt = text ] && ext=txt
	"$OCOP" -C "$TMP/report" report expiring --within 2y --as-of $AS_OF \
		--format $fmt >"$TMP/expiring.$ext" 2>"$TMP/expiring.err"
	check "report: --format $fmt exits 0, nothing on stderr" \
		sh -c "test $? -eq 0 && test ! -s '$TMP/expiring.err'"
	[ "${REGEN:-}" = 1 ] && cp "$TMP/expiring.$ext" "$E2E/report/expiring.$ext"
	if diff -u "$E2E/report/expiring.$ext" "$TMP/expiring.$ext" >"$TMP/report.diff"; then ok
	else bad "report: --format $fmt differs from tests/e2e/report/expiring.$ext"; cat "$TMP/report.diff"; fi
done
"$OCOP" -C "$TMP/report" report expiring --within 3x --as-of $AS_OF >/dev/null 2>"$TMP/within.err"
check "report: invalid --within exits 2" test $? -eq 2
check "report: invalid --within is named" grep -q 'found "3x"' "$TMP/within.err"
"$OCOP" -C "$TMP/report" report expiring --format=csv --within=1y --as-of $AS_OF >"$TMP/1y.csv" 2>/dev/null
check "report: 1y leaves out che-xanh (2028-01-10)" sh -c "! grep -q che-xanh '$TMP/1y.csv' && grep -q mat-ong '$TMP/1y.csv'"
"$OCOP" -C "$TMP/report" report expiring --lang en --as-of $AS_OF 2>/dev/null | grep -q '^Already expired (1)'
check "report: --lang en labels" test $? -eq 0
"$OCOP" -C "$TMP/report" report frobnicate 2>/dev/null; check "report: unknown report exits 2" test $? -eq 2
"$OCOP" -C "$TMP/report" build --within 90d 2>/dev/null; check "report: --within elsewhere exits 2" test $? -eq 2
sed -i 's/^stars: 4$/stars: 9/' "$TMP/report/content/products/che-xanh/index.md"
"$OCOP" -C "$TMP/report" report expiring --worktree --as-of $AS_OF >"$TMP/broken.out" 2>"$TMP/broken.err"
check "report: content error exits 1" test $? -eq 1
check "report: and names the error" grep -q 'che-xanh/index.md:3:8: lỗi: stars phải là 3, 4 hoặc 5' "$TMP/broken.err"
check "report: and says the report leaves such entries out" grep -q '^ocop: 1 lỗi: báo cáo không gồm các mục có lỗi$' "$TMP/broken.err"
check "report: but prints no warning" sh -c "! grep -q 'cảnh báo' '$TMP/broken.err'"
check "report: the other entries are still reported" grep -q 'mat-ong' "$TMP/broken.out"
check "report: the broken one is listed apart" sh -c "grep -A2 '^Có lỗi, chưa đưa vào báo cáo: sửa rồi chạy lại (1)$' '$TMP/broken.out' | grep -q 'content/products/che-xanh/index.md'"

# --- bad input: exact messages in both languages, exit status, output --
# Each tests/e2e/errors/<case>/ holds the files that differ from base/,
# expect.err (build, Vietnamese) and expect.en.err (check --lang en).
# expect.status, when present, is the exit status (default 1); with 0 (a
# case of warnings only) the build must publish, else output/ must stay
# exactly as it was.
for dir in "$E2E"/errors/*/; do
	name=$(basename "$dir")
	[ "$name" = base ] && continue
	want=1
	[ -f "$dir/expect.status" ] && want=$(cat "$dir/expect.status")
	cat_dir=$TMP/err-$name
	cp -R "$E2E/errors/base" "$cat_dir"
	(cd "$dir" && tar cf - --exclude='expect*' .) | (cd "$cat_dir" && tar xf -)
	git_repo "$cat_dir"
	mkdir -p "$cat_dir/output"
	echo "previous site" > "$cat_dir/output/index.html"
	: > "$cat_dir/output/.ocop-output"     # a site ocop wrote before
	"$OCOP" -C "$cat_dir" build -q --as-of $AS_OF 2>"$TMP/$name.err" >/dev/null
	st=$?
	"$OCOP" -C "$cat_dir" check --lang en --as-of $AS_OF 2>"$TMP/$name.en.err" >/dev/null
	st_en=$?
	if [ "${REGEN:-}" = 1 ]; then
		cp "$TMP/$name.err" "$dir/expect.err"
		cp "$TMP/$name.en.err" "$dir/expect.en.err"
	fi
	if [ $st -eq "$want" ]; then ok; else bad "errors/$name: build exit status $st, expected $want"; fi
	if [ $st_en -eq "$want" ]; then ok; else bad "errors/$name: check exit status $st_en, expected $want"; fi
	if diff -u "$dir/expect.err" "$TMP/$name.err" >"$TMP/$name.diff"; then ok
	else bad "errors/$name: build messages (Vietnamese) differ"; cat "$TMP/$name.diff"; fi
	if diff -u "$dir/expect.en.err" "$TMP/$name.en.err" >"$TMP/$name.diff"; then ok
	else bad "errors/$name: check messages (English) differ"; cat "$TMP/$name.diff"; fi
	if [ "$want" = 0 ]; then
		if [ -f "$cat_dir/output/products/ok/index.html" ]; then ok
		else bad "errors/$name: warnings only, yet nothing was published"; fi
		continue
	fi
	if [ "$(ls -A "$cat_dir/output" | tr '\n' ' ')" = ".ocop-output index.html " ] &&
	   [ "$(cat "$cat_dir/output/index.html")" = "previous site" ]; then ok
	else bad "errors/$name: output/ was changed by a failed build"; fi
	if [ -z "$(ls -A "$cat_dir" | grep '^\.output\.tmp' || true)" ]; then ok
	else bad "errors/$name: temporary folder left behind"; fi
done

# --- what the fixtures of warnings publish -------------------------------
# A placeholder in an optional field is left out of the pages; a product
# whose certificate details are unknown says so, never shows as valid,
# is counted apart and is not "newly recognised".
o=$TMP/err-placeholder-optional/output
check "placeholder: the product is published" test -f "$o/products/ok/index.html"
check "placeholder: no placeholder on the product page" \
	sh -c "! grep -qE 'chưa rõ|đang cập nhật|N/A|<dd>\\?</dd>|<li>Không</li>' '$o/products/ok/index.html'"
check "placeholder: the real items of a list are kept" grep -q '<li>VietGAP</li>' "$o/products/ok/index.html"
# (the header's search form carries the box's strings, and the inline
# stylesheet its rules: not the page's text)
check "placeholder: no placeholder on the producer page" \
	sh -c "! sed 's/<form class=\"site-search\"[^>]*>//; /^<style>$/,/^<\/style>$/d' '$o/producers/htx-a/index.html' | grep -qE 'Không có|0000000000|none'"
o=$TMP/err-certificate-details-unknown/output
p=$o/products/vai-thieu/index.html
check "details unknown: the page says the details are not published" \
	grep -q 'status-unpublished"><span aria-hidden="true">i</span> Chưa công bố thông tin chứng nhận</span></p>' "$p"
check "details unknown: and why" grep -q '<p>Số và ngày của quyết định công nhận sản phẩm này chưa được công bố' "$p"
check "details unknown: the issuer is shown" grep -q '<dd>UBND tỉnh Hà Tĩnh</dd>' "$p"
check "details unknown: never valid, no date on the page" \
	sh -c "! sed 's/<form class=\"site-search\"[^>]*>//' '$p' | grep -qE 'Còn hiệu lực|Hết hiệu lực|hiệu lực từ|Ngày cấp|Ngày hết hạn|Quyết định công nhận'"
check "details unknown: the English page says so" \
	grep -q 'status-unpublished"><span aria-hidden="true">i</span> Certificate details not published</span>' "$o/en/products/vai-thieu/index.html"
check "details unknown: its card says so, without a date" \
	grep -q '<span class="badge status-unpublished">Chưa công bố thông tin chứng nhận</span></p>' "$o/products/index.html"
check "details unknown: the home page counts it apart" \
	grep -q '<span class="badge status-unpublished">Chưa công bố thông tin chứng nhận</span> <span class="count">1</span>' "$o/index.html"
check "details unknown: the valid count leaves it out" \
	grep -q '<span class="badge status-valid">Còn hiệu lực</span> <span class="count">1</span>' "$o/index.html"
check "details unknown: not among the newly recognised" \
	sh -c "! grep -q 'vai-thieu' '$o/index.html' && grep -q 'products/ok/' '$o/index.html'"
"$OCOP" -C "$TMP/err-certificate-details-unknown" report expiring --as-of $AS_OF >"$TMP/unknown.txt" 2>/dev/null
check "details unknown: report expiring lists it apart" \
	sh -c "grep -A2 '^Chưa công bố thông tin chứng nhận, không biết ngày hết hạn: cần tìm quyết định công nhận (1)$' '$TMP/unknown.txt' | grep -qx '    Vải thiều Thanh Hà  content/products/vai-thieu.md'"
"$OCOP" -C "$TMP/err-certificate-details-unknown" report expiring --format csv --as-of $AS_OF >"$TMP/unknown.csv" 2>/dev/null
check "details unknown: the CSV leaves it out" sh -c "! grep -q vai-thieu '$TMP/unknown.csv'"

# --- ocop fmt: canonical form on disk ------------------------------------
# mat-ong.md messed up: decomposed Vietnamese (a + U+0323 + U+0302 for
# "ậ", u/i + U+0303 for "ũ"/"ĩ"), CRLF, trailing spaces, keys out of
# order, comments, spaces around the name, extra newlines at the end.
F=$TMP/fmt
cp -R "$E2E/basic/catalog" "$F"
m=$F/content/products/mat-ong.md
printf -- '---\r\n# Ma\314\243\314\202t ong: ca\314\243\314\202p nha\314\243\314\202t 2026\r\n\r\nstars: 3   \r\ngroup: thuc-pham\r\n# tên theo giấy chứng nhận\r\nname:  Ma\314\243\314\202t ong Vu\314\203 Quang  \r\nproducer: ho-mat-ong\r\ncertificate:\r\n  number: 55/QĐ-UBND\r\n  issued: 2022-05-01\r\nlocation: { province: Hà Ti\314\203nh, commune: Vu\314\203 Quang }\r\n---\r\nMa\314\243\314\202t ong rừng  \r\nVu\314\203 Quang.\r\n\r\n\r\n' >"$m"
cp "$m" "$TMP/fmt-messy.md"
"$OCOP" -C "$F" fmt --check >"$TMP/fmt.out" 2>/dev/null
check "fmt: --check exits 1 on a file to format" test $? -eq 1
check "fmt: --check names the file" grep -qx 'cần định dạng lại content/products/mat-ong.md' "$TMP/fmt.out"
check "fmt: --check writes nothing" cmp -s "$m" "$TMP/fmt-messy.md"
"$OCOP" -C "$F" fmt >"$TMP/fmt.out" 2>"$TMP/fmt.err"
check "fmt: exits 0" test $? -eq 0
check "fmt: says which file it formatted, and only that one" test "$(cat "$TMP/fmt.out")" = 'đã định dạng content/products/mat-ong.md'
[ "${REGEN:-}" = 1 ] && cp "$m" "$E2E/fmt/expected.md"
if diff -u "$E2E/fmt/expected.md" "$m" >"$TMP/fmt.diff"; then ok
else bad "fmt: result differs from tests/e2e/fmt/expected.md"; cat "$TMP/fmt.diff"; fi
"$OCOP" -C "$F" fmt --check >/dev/null 2>&1
check "fmt: --check exits 0 once formatted" test $? -eq 0
"$OCOP" -C "$F" --lang en fmt content/products/mat-ong.md >"$TMP/fmt.out" 2>&1
st=$?
check "fmt: formatting again changes nothing" sh -c "test $st -eq 0 && cmp -s '$E2E/fmt/expected.md' '$m'"
check "fmt: English summary with --lang en" grep -qx 'ocop: formatted 0 of 1 files' "$TMP/fmt.out"
"$OCOP" -C "$F" build -q --as-of $AS_OF -o "$TMP/fmt-site" 2>/dev/null
check "fmt: the formatted catalog still builds" grep -q 'Mật ong Vũ Quang' "$TMP/fmt-site/products/mat-ong/index.html"
# a file that does not parse is left byte for byte as it was
printf -- '---\r\nname: [Hỏng  \r\nstars: 3\r\n---\r\n' >"$F/content/products/hong.md"
cp "$F/content/products/hong.md" "$TMP/fmt-broken.md"
"$OCOP" -C "$F" fmt >/dev/null 2>"$TMP/fmt.err"
check "fmt: exits 1 when a file does not parse" test $? -eq 1
check "fmt: names the broken file" grep -q '^content/products/hong.md:[0-9]*:[0-9]*: lỗi: ' "$TMP/fmt.err"
check "fmt: leaves the broken file untouched" cmp -s "$F/content/products/hong.md" "$TMP/fmt-broken.md"
"$OCOP" -C "$F" fmt --check >/dev/null 2>&1
check "fmt: --check exits 1 when a file does not parse" test $? -eq 1
check "fmt: no temporary file left behind" test -z "$(find "$F" -name '.*.ocop-*')"
"$OCOP" -C "$TMP" fmt >/dev/null 2>&1
check "fmt: exits 2 without a content folder" test $? -eq 2
"$OCOP" -C "$F" check --check >/dev/null 2>&1
check "cli: --check is only for fmt" test $? -eq 2

summary
