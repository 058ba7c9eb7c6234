#!/bin/sh
# End-to-end tests of what pages show (issue #13): a province's communes
# and its former districts in two headed lists; text shown in the
# default language on another language's page marked with its lang; and
# the 404 page, whose links work from any depth when the site is served
# from the folder base_url names, while a missing base_url is warned of.
NAME=display
. tests/e2e/lib.sh

# broken_links OUT PREFIX PAGE URL: prints every link (href, src) of
# OUT/PAGE that does not reach a file of OUT when OUT is served at the
# URL path PREFIX ("/ocop/") and the page is shown at the URL path URL,
# as a server shows the 404 page for a missing address at any depth.
# base_url (BASE) links count as links into OUT; links to other sites,
# mailto:, tel: and #fragments are left out.  A folder means its
# index.html.
broken_links() {
	(cd "$1" && find . -type f | sed 's|^\./||') >"$TMP/files"
	grep -o '\(href\|src\)="[^"]*"' "$1/$3" |
		sed 's/^[a-z]*="//; s/"$//; s/&amp;/\&/g' |
		awk -v prefix="$2" -v url="$4" -v base="$BASE" '
		NR == FNR { have[$0] = 1; next }
		/^#/ { next }
		{
			h = $0
			if (index(h, base) == 1)
				h = prefix substr(h, length(base) + 1)
			else if (h ~ /^[a-z]+:/)
				next
			sub(/[?#].*/, "", h)
			if (h !~ /^\//) {
				dir = url
				sub(/[^\/]*$/, "", dir)
				h = dir h
			}
			# remove . and .. segments, as a browser does
			n = split(h, seg, "/"); k = 0
			for (i = 2; i <= n; i++) {
				if (seg[i] == ".")
					continue
				if (seg[i] == "..") { if (k) k--; continue }
				out[++k] = seg[i]
			}
			if (seg[n] == "." || seg[n] == "..")
				out[++k] = ""
			p = ""
			for (i = 1; i <= k; i++)
				p = p "/" out[i]
			if (index(p, prefix) != 1) {
				print $0 " -> " p " (outside " prefix ")"
				next
			}
			rel = substr(p, length(prefix) + 1)
			if (rel == "" || rel ~ /\/$/)
				rel = rel "index.html"
			if (!(rel in have))
				print $0 " -> " rel " (no such file)"
		}' "$TMP/files" -
}

# no_broken_links DESCRIPTION OUT PREFIX PAGE URL
no_broken_links() {
	broken_links "$2" "$3" "$4" "$5" >"$TMP/broken"
	if [ -s "$TMP/broken" ]; then bad "$1:"; head -20 "$TMP/broken"; else ok; fi
}

# The text of the <nav> labelled by heading id $2 in page $1.
nav_of() {
	awk -v id="$2" '/<nav / && index($0, "aria-labelledby=\"" id "\"") { on = 1 }
		on { print } on && /<\/nav>/ { exit }' "$1"
}

c=$TMP/cat
cp -R "$E2E/basic/catalog" "$c"
# a province with a commune but no district: no list of former districts
sed 's/^name: .*/name: Mật ong Mộc Châu/; s|55/QĐ-UBND|56/QĐ-UBND|; s/province: Hà Tĩnh, commune: Vũ Quang/province: Sơn La, commune: Mộc Châu/' \
	"$c/content/products/mat-ong.md" >"$c/content/products/mat-ong-moc-chau.md"
# a free page with an English version, beside gioi-thieu, which has none
printf -- '---\nname: Liên hệ\n---\nĐiện thoại.\n' >"$c/content/pages/lien-he.md"
printf -- '---\nname: Contact\n---\nPhone.\n' >"$c/content/pages/lien-he.en.md"
git_repo "$c"
"$OCOP" -C "$c" build -q --as-of $AS_OF -o "$TMP/site" 2>"$TMP/site.err"
check "build" test -f "$TMP/site/index.html"
s=$TMP/site

# --- a province: communes and former districts, two headed lists ----------
p=$s/provinces/ha-tinh/index.html
has_line "province: communes heading" "$p" '<h2 id="h-communes">Xã, phường</h2>'
has_line "province: districts heading" "$p" '<h2 id="h-districts">Huyện (địa giới cũ)</h2>'
has_line "province: the communes' list is labelled by its heading" "$p" '<nav class="children" aria-labelledby="h-communes">'
check "province: the districts' list is labelled by its heading" grep -q '<nav class="children" aria-labelledby="h-districts"' "$p"
check "province: the era of districts is explained" grep -q 'Cấp huyện đã bỏ từ ngày 1/7/2025 (chính quyền địa phương hai cấp)' "$p"
nav_of "$p" h-communes >"$TMP/communes"
nav_of "$p" h-districts >"$TMP/districts"
check "province: a commune is in the communes' list" grep -q 'communes/son-thuy/">Sơn Thủy</a>' "$TMP/communes"
check "province: and not in the districts' list" sh -c "! grep -q 'communes/' '$TMP/districts'"
check "province: a district is in the districts' list" grep -q 'districts/huong-son/">Hương Sơn</a>' "$TMP/districts"
check "province: and not in the communes' list" sh -c "! grep -q 'districts/' '$TMP/communes'"
check "province: no mixed list" sh -c "! grep -q 'h-children' '$p'"
check "province: every page of it has both" grep -q 'id="h-districts"' "$s/provinces/ha-tinh/page/2/index.html"
e=$s/en/provinces/ha-tinh/index.html
has_line "province, English: communes heading" "$e" '<h2 id="h-communes">Communes and wards</h2>'
has_line "province, English: districts heading" "$e" '<h2 id="h-districts">Former districts</h2>'
check "province, English: the era explained in English" grep -q 'Vietnam abolished the district level on 1 July 2025 (two-level local government); certificates issued before then name the district.' "$e"
check "province, English: no Vietnamese heading" sh -c "! grep -qE 'Xã, phường|Huyện \\(địa giới cũ\\)|Cấp huyện' '$e'"
sl=$s/provinces/son-la/index.html
check "province without districts: communes listed" grep -q 'id="h-communes"' "$sl"
check "province without districts: no districts' list" sh -c "! grep -q 'h-districts' '$sl'"

# --- default-language text on English pages is marked lang="vi" -----------
# gioi-thieu has no English version; lien-he and che-xanh have one.
en=$s/en/index.html
check "menu: an untranslated page's title is marked" grep -q '<li><a href="\./gioi-thieu/" lang="vi">Giới thiệu</a></li>' "$en"
check "menu: and links to the page that exists" test -f "$s/en/gioi-thieu/index.html"
check "menu: a translated page's title is not marked" grep -q '<li><a href="\./lien-he/">Contact</a></li>' "$en"
check "menu: the theme's own items are not marked" grep -q '<li><a href="\./products/">Products</a></li>' "$en"
check "menu: the Vietnamese pages mark nothing" sh -c "! grep -q '<li><a [^>]*lang=\"vi\"' '$s/index.html'"
check "404: its menu marks the title too" grep -q '<li><a href="/en/gioi-thieu/" lang="vi">Giới thiệu</a></li>' "$s/en/404.html"
check "site title without titles.en: marked" grep -q '<span lang="vi">OCOP thử nghiệm</span>' "$en"
check "site title: home heading marked" grep -q '<h1 lang="vi">OCOP thử nghiệm</h1>' "$en"
check "untranslated page: heading marked" grep -q '<h1 lang="vi">Giới thiệu</h1>' "$s/en/gioi-thieu/index.html"
check "untranslated product: heading marked" grep -q '<h1 lang="vi">Mật ong Vũ Quang</h1>' "$s/en/products/mat-ong/index.html"
check "translated product: heading not marked" grep -q '<h1>Son Thuy green tea</h1>' "$s/en/products/che-xanh/index.html"
l=$s/en/products/index.html
check "card: untranslated name marked" grep -q '<h3 lang="vi"><a href="../products/mat-ong-moc-chau/">Mật ong Mộc Châu</a></h3>' "$l"
check "card: translated name not marked" grep -q '<h3><a href="../products/che-xanh/">Son Thuy green tea</a></h3>' "$l"
check "card: untranslated producer marked" grep -q '<br><span lang="vi">HTX Chè Sơn Thủy</span></p>' "$l"
check "producer card: untranslated name marked" grep -q '<h3 lang="vi"><a href="../producers/htx-che/">' "$s/en/producers/index.html"
check "point-of-sale card: untranslated name marked" grep -q '<h3 lang="vi"><a href="../points-of-sale/cua-hang/">' "$s/en/points-of-sale/index.html"
check "Vietnamese pages: no card marked" sh -c "! grep -rq '<h3[^>]* lang=\"vi\"' '$s/products' '$s/index.html'"

# --- 404 pages served from the folder base_url names ---------------------
BASE=https://ocop.test/ocop/
sed -i "s|^base_url: .*|base_url: $BASE|" "$c/site.yaml"
(cd "$c" && git commit -qam "in a sub-folder")
"$OCOP" -C "$c" build -q --as-of $AS_OF -o "$TMP/sub" 2>"$TMP/sub.err"
check "sub-folder: no warning" sh -c "! grep -q base-url '$TMP/sub.err'"
for page in 404.html en/404.html; do
	n=$(grep -o '\(href\|src\)="[^"#]' "$TMP/sub/$page" | wc -l)
	check "sub-folder: $page has links to check ($n)" test "$n" -ge 10
	no_broken_links "sub-folder: every link of $page, shown as itself" \
		"$TMP/sub" /ocop/ "$page" "/ocop/$page"
	lang_dir=${page%404.html}
	no_broken_links "sub-folder: every link of $page, shown for a missing address deep down" \
		"$TMP/sub" /ocop/ "$page" "/ocop/${lang_dir}no/such/page/"
done
check "sub-folder: the stylesheet from the folder" grep -q 'href="/ocop/assets/style.css"' "$TMP/sub/en/404.html"
check "sub-folder: the language switch to the other 404 page" grep -q 'href="/ocop/en/404.html" hreflang="en"' "$TMP/sub/404.html"
check "sub-folder: and back" grep -q 'href="/ocop/404.html" hreflang="vi"' "$TMP/sub/en/404.html"
# every other page links relatively: it works in the folder too
(cd "$TMP/sub" && find . -name '*.html' ! -name 404.html | sed 's|^\./||') >"$TMP/pages"
: >"$TMP/all-broken"
while read -r page; do
	broken_links "$TMP/sub" /ocop/ "$page" "/ocop/$page" >"$TMP/broken"
	cat "$TMP/broken" >>"$TMP/all-broken"
done <"$TMP/pages"
check "sub-folder: $(wc -l <"$TMP/pages") pages checked" test "$(wc -l <"$TMP/pages")" -ge 50
if [ -s "$TMP/all-broken" ]; then bad "sub-folder: pages with broken links:"; head "$TMP/all-broken"; else ok; fi
# a producer or point of sale in a commune where no product is made
# names the commune without a link: only products make a place's page
check "a point of sale's commune without products is not linked" \
	sh -c "grep -q '<dd>Thạch Trung</dd>' '$TMP/sub/points-of-sale/cua-hang/index.html' && ! grep -q 'communes/thach-trung/' '$TMP/sub/points-of-sale/cua-hang/index.html'"

# --- without base_url, ocop cannot know the folder: it says so --------------
sed -i '/^base_url: /d' "$c/site.yaml"
(cd "$c" && git commit -qam "no base_url")
"$OCOP" -C "$c" build -q --as-of $AS_OF -o "$TMP/nobase" 2>"$TMP/nobase.err"
check "no base_url: still builds" test $? -eq 0
check "no base_url: warned, naming site.yaml" grep -q '^site.yaml:1:1: cảnh báo: chưa ghi base_url: trang 404 .* \[base-url\]$' "$TMP/nobase.err"
check "no base_url: with a hint" grep -q '^  gợi ý: ghi địa chỉ nơi trang web được xuất bản' "$TMP/nobase.err"
"$OCOP" -C "$c" check --lang en --as-of $AS_OF 2>"$TMP/nobase.en.err"
check "no base_url: check warns in English" grep -q '^site.yaml:1:1: warning: base_url is not set: the 404 page will link from the root of the web server (/), and its links break if the site is published in a sub-folder \[base-url\]$' "$TMP/nobase.en.err"
"$OCOP" -C "$c" check --strict --as-of $AS_OF 2>/dev/null
check "no base_url: --strict makes it an error" test $? -eq 1
BASE=no-base-url:     # no link is an absolute address of the site
no_broken_links "no base_url: 404 links work at the server's root" \
	"$TMP/nobase" / 404.html /no/such/page/
broken_links "$TMP/nobase" /ocop/ 404.html /ocop/no/such/page/ >"$TMP/broken"
check "no base_url: and break in a sub-folder (what the warning is about)" test -s "$TMP/broken"

summary
