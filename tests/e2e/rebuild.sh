#!/bin/sh
# End-to-end tests of rebuilds (src/write/out.c): a build rewrites only
# the files whose bytes changed and hard-links the others from the
# previous output, so they keep their inode and modification time; the
# count of files written is in the summary line.  A damaged manifest
# (the list in output/.ocop-output) is ignored: every file is written.
# A rebuild that fails, or is stopped by SIGTERM, leaves output/ as it
# was, inodes and times included.
#
# The expected list of rewritten files is never written down here: it
# is the list of files whose bytes differ between the two outputs, so
# that the test holds whatever the pages look like.
# OCOP=path picks the binary (default ./ocop); run from the repository root.
NAME=rebuild
. tests/e2e/lib.sh

# path <TAB> inode <TAB> modification time of every file of a site, the
# marker aside (it is written afresh by every build)
stamps() { # site dir, out file
	(cd "$1" && find . -type f ! -path ./.ocop-output -printf '%P\t%i\t%T@\n') |
		LC_ALL=C sort >"$2"
}
# the paths whose inode or time differ between two stamp files, or new
restamped() { # old stamps, new stamps
	awk -F'\t' 'NR == FNR { s[$1] = $2 FS $3; next }
		s[$1] != $2 FS $3 { print $1 }' "$1" "$2"
}
# path <TAB> MD5 of every file of a site, the marker aside
sums() { # site dir
	(cd "$1" && find . -type f ! -path ./.ocop-output -print0 | xargs -0 -r md5sum) |
		sed 's|^\([0-9a-f]*\)  \./\(.*\)$|\2\t\1|'
}
# the paths of a site whose bytes differ from a copy of the old one, or new
changed_bytes() { # old copy, site dir
	sums "$1" >"$TMP/old.sum"
	sums "$2" >"$TMP/new.sum"
	awk -F'\t' 'NR == FNR { s[$1] = $2; next } s[$1] != $2 { print $1 }' \
		"$TMP/old.sum" "$TMP/new.sum" | LC_ALL=C sort
}
files_of() { (cd "$1" && find . -type f ! -path ./.ocop-output) | wc -l; }
# "files written" from a build's summary line on stdout: "N M"
counts() { # stdout file
	sed -n 's/.*(\([0-9]*\) tệp, \([0-9]*\) tệp ghi mới).*/\1 \2/p' "$1"
}
# Keeps a byte copy and the stamps of the site, to compare after a build.
remember() { # site dir, name
	rm -rf "$TMP/$2" && cp -R "$1" "$TMP/$2"
	stamps "$1" "$TMP/$2.st"
}
# Builds, then checks that exactly the files whose bytes changed have a
# new inode or time, and that the summary counts them.
rebuild() { # description, catalog dir, remembered name, ocop options...
	d=$1; c=$2; was=$3; shift 3
	"$OCOP" -C "$c" build --as-of $AS_OF "$@" >"$TMP/out" 2>"$TMP/err"
	if [ $? -ne 0 ]; then bad "$d: build failed: $(cat "$TMP/err")"; return; fi
	stamps "$c/output" "$TMP/now.st"
	restamped "$TMP/$was.st" "$TMP/now.st" | LC_ALL=C sort >"$TMP/got"
	changed_bytes "$TMP/$was" "$c/output" >"$TMP/want"
	if diff -u "$TMP/want" "$TMP/got" >"$TMP/diff"; then ok
	else bad "$d: files with a new inode or time (+) vs files whose bytes changed (-)"; cat "$TMP/diff"; fi
	n=$(wc -l <"$TMP/want")
	if [ "$(counts "$TMP/out")" = "$(files_of "$c/output") $n" ]; then ok
	else bad "$d: summary should say $(files_of "$c/output") files, $n written: $(cat "$TMP/out")"; fi
}
# output/ is byte for byte, inode for inode, as remembered (the marker too)
untouched() { # description, site dir, remembered name
	stamps "$2" "$TMP/now.st"
	if diff -r "$TMP/$3" "$2" >/dev/null && cmp -s "$TMP/$3.st" "$TMP/now.st"; then ok
	else bad "$1: output/ changed"; diff -r "$TMP/$3" "$2" | head; diff "$TMP/$3.st" "$TMP/now.st" | head; fi
}

# --- the basic catalog, as a repository -----------------------------------
c=$TMP/basic
cp -R "$E2E/basic/catalog" "$c"
# the writer alone: with history (on by default) every commit would add
# to the changelog, and "what the fix rewrites" would be the history's
printf 'history: false\n' >>"$c/site.yaml"
git_repo "$c"
"$OCOP" -C "$c" build --as-of $AS_OF >"$TMP/out" 2>"$TMP/err"
check "first build" test -f "$c/output/index.html"
all=$(files_of "$c/output")
if [ "$(counts "$TMP/out")" = "$all $all" ]; then ok
else bad "first build: every file is written: $(cat "$TMP/out")"; fi
check "the marker lists every file" test \
	"$(sed -n '2s/^ocop-output 3 [^ ]* \([0-9]*\)$/\1/p' "$c/output/.ocop-output")" = "$all"

# nothing changed: nothing written, every file kept
remember "$c/output" v1
rebuild "same commit" "$c" v1
check "same commit: nothing written" test ! -s "$TMP/want"
check "same commit: the same marker" cmp "$TMP/v1/.ocop-output" "$c/output/.ocop-output"

# a commit that changes one product: every page shows the commit, so
# what changes is whatever the bytes say
sed -i 's/^name: Mật ong Vũ Quang$/name: Mật ong rừng Vũ Quang/' "$c/content/products/mat-ong.md"
(cd "$c" && git commit -qam "đổi tên mật ong")
remember "$c/output" v2
rebuild "one product committed" "$c" v2
check "one product committed: its page is rewritten" grep -qx 'products/mat-ong/index.html' "$TMP/got"
check "one product committed: and its English page" grep -qx 'en/products/mat-ong/index.html' "$TMP/got"

# the same on disk (--worktree: no commit in the footer), where only
# the pages that show the product change
sed -i 's/^name: Mật ong rừng Vũ Quang$/name: Mật ong Vũ Quang rừng/' "$c/content/products/mat-ong.md"
remember "$c/output" v3
rebuild "one product on disk" "$c" v3 --worktree
sed -i 's/^name: Mật ong Vũ Quang rừng$/name: Mật ong rừng Vũ Quang/' "$c/content/products/mat-ong.md"
remember "$c/output" v4
rebuild "one product on disk, again" "$c" v4 --worktree
check "one product on disk: its page is rewritten" grep -qx 'products/mat-ong/index.html' "$TMP/got"
check "one product on disk: and its English page" grep -qx 'en/products/mat-ong/index.html' "$TMP/got"
check "one product on disk: another product's page is kept" sh -c "! grep -qx 'products/tra-thao-moc/index.html' '$TMP/got'"
check "one product on disk: the stylesheet is kept" sh -c "! grep -q '^assets/' '$TMP/got'"
n=$(wc -l <"$TMP/got")
check "one product on disk: fewer than half the files rewritten ($n of $all)" test $((n * 2)) -lt "$all"

# --- pages made from the same data are kept, not rendered -----------------
# (src/write/out.h, "Files made from the same data"; render/pages.c,
# page_key()).  Here the kept pages are not rendered to compare
# (OCOP_CHECK_KEPT=0, which every other build of the tests sets): a key
# that missed something a page shows would leave it stale, and a fresh
# build into another folder tells.
fresh_same() { # description, catalog dir
	rm -rf "$TMP/fresh" "$TMP/.fresh.spare"
	"$OCOP" -C "$2" build -q --as-of $AS_OF -o "$TMP/fresh" 2>/dev/null
	if diff -r -x .ocop-output "$TMP/fresh" "$2/output" >"$TMP/diff"; then ok
	else bad "$1: the rebuild differs from a fresh build"; head -20 "$TMP/diff"; fi
}
# the pages of one kind a build kept, and all it made, from
# OCOP_TIMINGS=1's breakdown
kept() { # kind
	sed -n "s/^ocop: timing:   $1  *[0-9]* files  *\([0-9]*\) kept .*/\1/p" "$TMP/err"
}
made() { # kind
	sed -n "s/^ocop: timing:   $1  *\([0-9]*\) files .*/\1/p" "$TMP/err"
}
OCOP_CHECK_KEPT=0
export OCOP_TIMINGS=1
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>/dev/null
remember "$c/output" k1
rebuild "kept: same commit" "$c" k1
check "kept: every product page kept ($(kept product) of $(made product))" \
	test "$(kept product)" = "$(made product)" -a "$(made product)" -gt 0
check "kept: lists kept too" test "$(kept list)" -gt 0
n_data=$(ls "$c/output/api/v1/products" | wc -l)
check "kept: every product's open data file kept ($(kept data) of $n_data)" \
	test "$(kept data)" = "$n_data" -a "$n_data" -gt 0
check "kept: every label page and sheet of tags kept ($(kept label), $(kept pos-labels))" \
	test "$(kept label)" = "$(made label)" -a "$(kept pos-labels)" = "$(made pos-labels)" \
	-a "$(made label)" -gt 0 -a "$(made pos-labels)" -gt 0
check "kept: every oEmbed response kept ($(kept oembed) of $(made oembed))" \
	test "$(kept oembed)" = "$(made oembed)" -a "$(made oembed)" -gt 0
check "kept: every embedded view's data kept ($(kept embed-data) of $(made embed-data))" \
	test "$(kept embed-data)" = "$(made embed-data)" -a "$(made embed-data)" -gt 0
# a commit that changes no page: the commit built is no page's data
# (the default theme does not show it), so every page is kept
printf 'ghi chú\n' >"$c/NOTES.txt"
(cd "$c" && git add NOTES.txt && git commit -qm "ghi chú")
remember "$c/output" k1b
rebuild "kept: a commit that changes no page" "$c" k1b
check "kept: a commit that changes no page: every product page kept" \
	test "$(kept product)" = "$(made product)"
# a producer renamed: the pages of its products show its name (through
# the producer's card, shared by those pages)
sed -i 's/^name: Hộ kinh doanh Mật ong Vũ Quang$/name: Hộ Mật ong Vũ Quang mới/' \
	"$c/content/producers/ho-mat-ong.md"
(cd "$c" && git commit -qam "đổi tên chủ thể")
remember "$c/output" k2
rebuild "kept: a producer renamed" "$c" k2
check "kept: a producer renamed: its product's page shows it" \
	grep -q 'Hộ Mật ong Vũ Quang mới' "$c/output/products/mat-ong/index.html"
check "kept: a producer renamed: another product's page kept" \
	sh -c "! grep -qx 'products/tra-thao-moc/index.html' '$TMP/got'"
check "kept: a producer renamed: its product's open data shows it" \
	grep -q '"name":"Hộ Mật ong Vũ Quang mới"' "$c/output/api/v1/products/mat-ong.json"
n_its=$(grep -l '"producer":"ho-mat-ong"' "$c"/output/api/v1/products/*.json | wc -l)
check "kept: a producer renamed: the open data of its $n_its products made, the others' kept ($(kept data))" \
	test "$(kept data)" = $((n_data - n_its)) -a "$n_its" -gt 0
# its name is in the oEmbed responses of its page and of its products'
# (their author) and in the data of every view that shows them: those
# are made again, and only those
shows_new() { # files
	grep -l 'Hộ Mật ong Vũ Quang mới' "$@" | wc -l
}
n_oe=$(shows_new $(find "$c/output" -name oembed.json))
check "kept: a producer renamed: the $n_oe oEmbed responses that name it made, the others kept ($(kept oembed) of $(made oembed))" \
	test "$(kept oembed)" = $(($(made oembed) - n_oe)) -a "$n_oe" -gt 2
n_lb=$(shows_new $(find "$c/output/products" -path '*/label/index.html'))
check "kept: a producer renamed: the $n_lb labels that name it made, the others kept ($(kept label) of $(made label))" \
	test "$(kept label)" = $(($(made label) - n_lb)) -a "$n_lb" -gt 0
n_ev=$(shows_new $(find "$c/output/embed/data" -name '*.json'))
check "kept: a producer renamed: the $n_ev views' data that show it made, the others kept ($(kept embed-data) of $(made embed-data))" \
	test "$(kept embed-data)" = $(($(made embed-data) - n_ev)) -a "$n_ev" -gt 1 -a "$(kept embed-data)" -gt 0
fresh_same "kept: a producer renamed" "$c"
# a point of sale renamed: the pages of the products it sells
sed -i 's/^name: Cửa hàng OCOP thử$/name: Cửa hàng OCOP mới/' "$c/content/points-of-sale/cua-hang.md"
(cd "$c" && git commit -qam "đổi tên điểm bán")
remember "$c/output" k3
rebuild "kept: a point of sale renamed" "$c" k3
check "kept: a point of sale renamed: a product it sells shows it" \
	grep -q 'Cửa hàng OCOP mới' "$c/output/products/nuoc-mam-ky-ninh/index.html"
check "kept: a point of sale renamed: in its open data too" \
	grep -q '"name":"Cửa hàng OCOP mới"' "$c/output/api/v1/products/nuoc-mam-ky-ninh.json"
fresh_same "kept: a point of sale renamed" "$c"
# the site's title: on every page
sed -i 's/^title: OCOP thử nghiệm$/title: OCOP thử nghiệm mới/' "$c/site.yaml"
(cd "$c" && git commit -qam "đổi tên trang")
remember "$c/output" k4
rebuild "kept: the site renamed" "$c" k4
check "kept: the site renamed: no product page kept" test "$(kept product)" = 0
check "kept: the site renamed: no product's open data kept" test "$(kept data)" = 0
check "kept: the site renamed: no oEmbed response kept (they name it)" test "$(kept oembed)" = 0
fresh_same "kept: the site renamed" "$c"
# a template of the theme overridden by the catalog
mkdir -p "$c/themes/default/templates"
sed 's|^<div class="product-main">$|<p>thêm</p>&|' themes/default/templates/product.mustache \
	>"$c/themes/default/templates/product.mustache"
(cd "$c" && git add -A && git commit -qm "giao diện")
remember "$c/output" k5
rebuild "kept: a template changed" "$c" k5
check "kept: a template changed: the product pages show it" \
	grep -q '<p>thêm</p>' "$c/output/products/mat-ong/index.html"
fresh_same "kept: a template changed" "$c"
# a theme that shows the commit built: then its pages change with every
# commit, and are made again
sed 's|^<div class="product-main">$|<p>{{build.commit_short}}</p>&|' \
	themes/default/templates/product.mustache >"$c/themes/default/templates/product.mustache"
# and one that reaches it through a section on build
sed 's|^<article class="entry producer">$|&{{# build }}<p>{{commit_short}}</p>{{/build}}|' \
	themes/default/templates/producer.mustache >"$c/themes/default/templates/producer.mustache"
(cd "$c" && git add -A && git commit -qm "giao diện có commit")
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>/dev/null
printf 'ghi chú 2\n' >"$c/NOTES.txt"
(cd "$c" && git commit -qam "ghi chú 2")
remember "$c/output" k5b
rebuild "kept: the theme shows the commit" "$c" k5b
check "kept: the theme shows the commit: the page shows this one" \
	grep -q "<p>$(git -C "$c" rev-parse --short=7 HEAD)</p>" "$c/output/products/mat-ong/index.html"
check "kept: the theme shows the commit: no product page kept" test "$(kept product)" = 0
check "kept: the theme shows the commit: in a section on build too" \
	grep -q "<p>$(git -C "$c" rev-parse --short=7 HEAD)</p>" "$c/output/producers/ho-mat-ong/index.html"
fresh_same "kept: the theme shows the commit" "$c"
# and a key that missed something is caught by OCOP_CHECK_KEPT: as if a
# page's bytes had changed with its key the same (the list says it had
# another page's bytes, under its own key)
OCOP_CHECK_KEPT=1
unset OCOP_TIMINGS
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>/dev/null
h=$(grep ' products/mat-ong/index.html$' "$c/output/.ocop-output" | cut -d' ' -f1)
cp "$c/output/.ocop-output" "$TMP/good-marker"
sed -i "s/^[^ ]*\( .* products\/tra-thao-moc\/index.html\)$/$h\1/" "$c/output/.ocop-output"
remember "$c/output" k6
"$OCOP" -C "$c" build --as-of $AS_OF >"$TMP/out" 2>"$TMP/err"
check "a key that missed something: the build fails (exit 2)" test $? -eq 2
check "a key that missed something: says so" grep -q "products/tra-thao-moc/index.html: .*khác với tệp của lần dựng trước dù được làm từ cùng dữ liệu" "$TMP/err"
untouched "a key that missed something" "$c/output" k6
cp "$TMP/good-marker" "$c/output/.ocop-output"
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>/dev/null
check "the list mended: the next build is whole" diff -r -x .ocop-output "$TMP/k6" "$c/output"

# --- a damaged or foreign manifest: ignored, every file written ------------
# Both lists: the output's, and the spare's (the site before, kept
# beside output/ for the next build to reuse, out.h "Two trees").
spare=$c/.output.spare
damaged() { # description, command that damages the marker "$1"
	d=$1; shift
	"$OCOP" -C "$c" build -q --as-of $AS_OF 2>"$TMP/base.err"
	# the files of this commit: a renamed product's new words may have
	# added a chunk to the search index since the first build
	all=$(files_of "$c/output")
	check "$d: the previous site is kept beside" test -f "$spare/.ocop-output"
	sh -c "$*" _ "$c/output/.ocop-output"
	sh -c "$*" _ "$spare/.ocop-output"
	remember "$c/output" v5
	"$OCOP" -C "$c" build --as-of $AS_OF >"$TMP/out" 2>"$TMP/err"
	check "$d: the build succeeds" test $? -eq 0
	check "$d: nothing said about it" cmp "$TMP/base.err" "$TMP/err"
	if [ "$(counts "$TMP/out")" = "$all $all" ]; then ok
	else bad "$d: every file is written: $(cat "$TMP/out")"; fi
	stamps "$c/output" "$TMP/now.st"
	restamped "$TMP/v5.st" "$TMP/now.st" >"$TMP/got"
	check "$d: every file has a new inode" test "$(wc -l <"$TMP/got")" -eq "$all"
	check "$d: with the same bytes" diff -r -x .ocop-output "$TMP/v5" "$c/output"
	"$OCOP" -C "$c" build --as-of $AS_OF >"$TMP/out" 2>/dev/null
	check "$d: the next build trusts the new list" test "$(counts "$TMP/out")" = "$all 0"
}
damaged "truncated manifest" 'head -c 300 "$1" >"$1.x" && mv "$1.x" "$1"'
damaged "manifest cut at a line's end" 'sed -i "\$d" "$1"'
damaged "manifest of another version" 'sed -i "2s/^ocop-output 3 [^ ]* /ocop-output 3 0.0.0-other /" "$1"'
damaged "an older ocop's marker" 'printf "This folder is written by ocop: each build replaces all of it.\\n" >"$1"'
damaged "empty marker" ': >"$1"'
damaged "a hash changed" 'sed -i "3s/^./x/" "$1"'

# a file of output/ edited by hand since: written again, the rest kept
"$OCOP" -C "$c" build -q --as-of $AS_OF 2>/dev/null
remember "$c/output" v6
printf 'x' >>"$c/output/gioi-thieu/index.html"
"$OCOP" -C "$c" build --as-of $AS_OF >"$TMP/out" 2>/dev/null
check "hand-edited file: written again" test "$(counts "$TMP/out")" = "$all 1"
check "hand-edited file: its bytes restored" cmp "$TMP/v6/gioi-thieu/index.html" "$c/output/gioi-thieu/index.html"

# the spare is trusted no more than output/: a file added to it, or one
# of its files edited, is not published by the next build
printf '<script>alert(1)</script>' >"$spare/evil.html"
cp "$spare/gioi-thieu/index.html" "$TMP/edited" && printf 'x' >>"$TMP/edited"
mv "$TMP/edited" "$spare/gioi-thieu/index.html"   # the spare's alone
"$OCOP" -C "$c" build --as-of $AS_OF >"$TMP/out" 2>/dev/null
check "a file added to the spare: not published" test ! -e "$c/output/evil.html"
check "a file of the spare edited: not published" cmp "$TMP/v6/gioi-thieu/index.html" "$c/output/gioi-thieu/index.html"
check "the spare, edited: the site is whole" diff -r -x .ocop-output "$TMP/v6" "$c/output"

# --- a failed rebuild leaves output/ as it was -----------------------------
remember "$c/output" v7
sed -i 's/^stars: 3$/stars: 6/' "$c/content/products/mat-ong.md"
(cd "$c" && git commit -qam "sai số sao")
"$OCOP" -C "$c" build -q --as-of $AS_OF >/dev/null 2>"$TMP/err"
check "failed rebuild: exit 1" test $? -eq 1
check "failed rebuild: says why" grep -q '\[stars\]' "$TMP/err"
untouched "failed rebuild" "$c/output" v7
check "failed rebuild: no temporary folder left" test -z "$(ls -A "$c" | grep '^\.output\.tmp-' || true)"
(cd "$c" && git revert --no-edit HEAD >/dev/null)
"$OCOP" -C "$c" build --as-of $AS_OF >"$TMP/out" 2>/dev/null
check "after the fix: the next build links everything but the footers" \
	test "$(counts "$TMP/out" | cut -d' ' -f1)" = "$all"

# --- a rebuild stopped by SIGTERM leaves output/ as it was -----------------
# A catalog large enough that a build takes a while (as security.sh's).
big=$TMP/big
cp -R "$E2E/errors/base" "$big"
awk -v dir="$big/content/products" -v n="${BIG_N:-1500}" '{ l[NR] = $0 }
	END { for (i = 0; i < n; i++) {
		f = dir "/sp-" i ".md"
		for (j = 1; j <= NR; j++)
			print (l[j] ~ /^name: / ? "name: Sản phẩm " i : l[j]) >f
		close(f)
	} }' "$big/content/products/ok.md"
git_repo "$big"
"$OCOP" -C "$big" build -q --worktree --as-of $AS_OF 2>/dev/null
check "big: first build" test -f "$big/output/index.html"
# a second build, so that the next one takes the spare it leaves
"$OCOP" -C "$big" build -q --worktree --as-of $AS_OF 2>/dev/null
check "big: a spare beside output/" test -f "$big/.output.spare/.ocop-output"
sed -i 's/^name: .*/name: Sản phẩm đổi tên/' "$big/content/products/sp-7.md"
remember "$big/output" big-v
# the temporary folder's file count, once it exists (0 before)
in_temp() { find "$big"/.output.tmp-* -type f 2>/dev/null | wc -l; }
env --default-signal=INT "$OCOP" -C "$big" build -q --worktree --as-of $AS_OF 2>/dev/null &
pid=$!
# stop it once it has linked and written some files
n=0
while [ "$(in_temp)" -lt 20 ] && [ $n -lt 1000 ] && kill -0 $pid 2>/dev/null; do
	sleep 0.01; n=$((n + 1))
done
kill -TERM $pid 2>/dev/null
wait $pid
st=$?
if [ $st -gt 128 ]; then
	ok
	untouched "SIGTERM mid-rebuild" "$big/output" big-v
	check "SIGTERM mid-rebuild: no temporary folder left" \
		test -z "$(ls -A "$big" | grep '^\.output\.tmp-' || true)"
	check "SIGTERM mid-rebuild: the spare it took is gone too" \
		test ! -e "$big/.output.spare"
	check "SIGTERM mid-rebuild: no file of output/ still linked elsewhere" \
		test -z "$(find "$big/output" -type f -links +1)"
else
	skipped "SIGTERM mid-rebuild: the build ended (status $st) before the signal; raise BIG_N"
fi
# and the next rebuild writes only what changed
rebuild "after SIGTERM" "$big" big-v --worktree

summary
