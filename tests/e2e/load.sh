#!/bin/sh
# End-to-end tests of the load stage (src/load/source.c) on repositories
# that run.sh's fixtures cannot hold: a damaged loose object must end the
# build with exit 2 and a clear message, never a hang (libgit2 1.5.1
# spins forever on one); a submodule is skipped with the same warning in
# every mode; a bare repository is refused.  In each failure the output
# folder is left as it was.
# OCOP=path picks the binary (default ./ocop); run from the repository root.
NAME=load
. tests/e2e/lib.sh

# A copy of the basic catalog as a repository, built once so that its
# output/ exists and can be checked to be left alone.
catalog() { # dir
	cp -R "$E2E/basic/catalog" "$1"
	git_repo "$1"
	"$OCOP" -C "$1" build -q --as-of $AS_OF 2>/dev/null ||
		bad "$1: the intact catalog does not build"
}

# Cuts a loose object to half its size, as a crash or a full disk may
# leave it (git makes object files read-only).
truncate_object() { # repository dir, object id
	f=$1/.git/objects/$(echo "$2" | cut -c1-2)/$(echo "$2" | cut -c3-)
	size=$(wc -c <"$f")
	chmod u+w "$f"
	dd if="$f" of="$f.half" bs=1 count=$((size / 2)) 2>/dev/null
	mv "$f.half" "$f"
}

# Remembers output/ and the folder around it, to compare after a failure.
snapshot() { # catalog dir
	rm -rf "$TMP/before" && cp -R "$1/output" "$TMP/before"
	ls -a "$1" >"$TMP/before.ls"
	: >"$TMP/stamp"
}

untouched() { # description, catalog dir
	if diff -r "$TMP/before" "$2/output" >/dev/null 2>&1 &&
	   [ -z "$(find "$2/output" -newer "$TMP/stamp")" ] &&
	   ls -a "$2" | cmp -s - "$TMP/before.ls"; then ok
	else bad "$1: output/ or the catalog folder changed"; fi
}

# Runs ocop under a timeout: it must end by itself (not 124) with
# status 2 and print exactly the expected stderr.
expect_fail() { # description, expected stderr file, ocop arguments...
	d=$1; want=$2; shift 2
	timeout 20 "$OCOP" "$@" >/dev/null 2>"$TMP/got.err"
	rc=$?
	if [ $rc -eq 124 ]; then bad "$d: still running after 20 s (hangs)"; return; fi
	if [ $rc -eq 2 ]; then ok; else bad "$d: exit status $rc, expected 2"; fi
	if diff -u "$want" "$TMP/got.err" >"$TMP/got.diff"; then ok
	else bad "$d: messages differ"; cat "$TMP/got.diff"; fi
}

corrupt_msg() { # path ("" for none), object id: the two expected files
	short=$(echo "$2" | cut -c1-7)
	if [ -n "$1" ]; then
		printf '%s: lỗi: đối tượng %s của "%s" bị hỏng (tệp đối tượng rời trong kho git bị cắt cụt hoặc hư): chạy "git fsck" để tìm chỗ hỏng [git]\n' "$1" "$short" "$1" >"$TMP/want.err"
		printf '%s: error: object %s of "%s" is corrupt (a truncated or damaged loose object): run "git fsck" to find the damage [git]\n' "$1" "$short" "$1" >"$TMP/want.en.err"
	else
		printf '.: lỗi: đối tượng %s bị hỏng (tệp đối tượng rời trong kho git bị cắt cụt hoặc hư): chạy "git fsck" để tìm chỗ hỏng [git]\n' "$short" >"$TMP/want.err"
		printf '.: error: object %s is corrupt (a truncated or damaged loose object): run "git fsck" to find the damage [git]\n' "$short" >"$TMP/want.en.err"
	fi
}

# --- a truncated loose object: exit 2, never a hang -------------------
# A product's blob; the commit and its trees are intact.  The build
# before kept the file as parsed (docs/history.md, "The cache"), so it
# needs the blob no more, as a photo's size needs no photo: the same
# site.  Without that cache, the blob is read.
c=$TMP/blob; catalog "$c"
id=$(git -C "$c" rev-parse HEAD:content/products/mat-ong.md)
truncate_object "$c" "$id"
"$OCOP" -C "$c" build -q --as-of $AS_OF -o "$TMP/blob-cached" 2>/dev/null
check "corrupt blob, kept as parsed: the build does not read it" test $? -eq 0
if diff -r -x .ocop-output "$c/output" "$TMP/blob-cached" >/dev/null; then ok
else bad "corrupt blob, kept as parsed: not the same site"; fi
rm -rf "$c/.git/ocop"
corrupt_msg content/products/mat-ong.md "$id"
snapshot "$c"
expect_fail "corrupt blob: build" "$TMP/want.err" -C "$c" build --as-of $AS_OF
expect_fail "corrupt blob: check --lang en" "$TMP/want.en.err" -C "$c" check --lang en --as-of $AS_OF
untouched "corrupt blob" "$c"

# A tree: the folder of the products.
c=$TMP/tree; catalog "$c"
id=$(git -C "$c" rev-parse HEAD:content/products)
truncate_object "$c" "$id"
corrupt_msg content/products "$id"
snapshot "$c"
expect_fail "corrupt tree: build" "$TMP/want.err" -C "$c" build --as-of $AS_OF
expect_fail "corrupt tree: check --lang en" "$TMP/want.en.err" -C "$c" check --lang en --as-of $AS_OF
untouched "corrupt tree" "$c"

# A staged blob: what the pre-commit hook runs.
c=$TMP/staged; catalog "$c"
echo "Thêm một dòng." >>"$c/content/products/mat-ong.md"
git -C "$c" add content/products/mat-ong.md
id=$(git -C "$c" rev-parse :content/products/mat-ong.md)
truncate_object "$c" "$id"
corrupt_msg content/products/mat-ong.md "$id"
snapshot "$c"
expect_fail "corrupt staged blob: check --staged" "$TMP/want.err" -C "$c" check --staged --as-of $AS_OF
expect_fail "corrupt staged blob: check --staged --lang en" "$TMP/want.en.err" -C "$c" check --staged --lang en --as-of $AS_OF
untouched "corrupt staged blob" "$c"

# HEAD's commit itself, by HEAD, by branch and by abbreviated id.
c=$TMP/commit; catalog "$c"
id=$(git -C "$c" rev-parse HEAD)
truncate_object "$c" "$id"
corrupt_msg "" "$id"
snapshot "$c"
expect_fail "corrupt commit: build" "$TMP/want.err" -C "$c" build --as-of $AS_OF
expect_fail "corrupt commit: --rev main" "$TMP/want.err" -C "$c" build --rev main --as-of $AS_OF
expect_fail "corrupt commit: --rev abbreviated id" "$TMP/want.en.err" -C "$c" check --lang en --rev "$(echo "$id" | cut -c1-7)" --as-of $AS_OF
untouched "corrupt commit" "$c"

# A packed repository and one loose object after it, damaged: packs are
# asked first (src/main.c), and the guard still reads every object they
# do not hold.
c=$TMP/packed; catalog "$c"
git -C "$c" repack -qad
echo "Thêm một dòng." >>"$c/content/products/mat-ong.md"
git -C "$c" commit -qam "them mot dong"
id=$(git -C "$c" rev-parse HEAD:content/products/mat-ong.md)
if [ -f "$c/.git/objects/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-)" ] &&
   [ -n "$(ls "$c"/.git/objects/pack/*.pack 2>/dev/null)" ]; then ok
else bad "packed: the new blob is not loose beside a pack"; fi
truncate_object "$c" "$id"
corrupt_msg content/products/mat-ong.md "$id"
snapshot "$c"
expect_fail "corrupt loose blob beside a pack: build" "$TMP/want.err" -C "$c" build --as-of $AS_OF
untouched "corrupt loose blob beside a pack" "$c"

# --- submodules: skipped with a warning, the same in every mode --------
mkdir "$TMP/lib"
mkdir -p "$TMP/lib/products"
printf -- '---\nname: Không thuộc catalog\n---\n' >"$TMP/lib/products/x.md"
git_repo "$TMP/lib"
c=$TMP/sub
cp -R "$E2E/basic/catalog" "$c"
git_repo "$c"
(cd "$c" && git -c protocol.file.allow=always submodule add -q ../lib content/vendor &&
	git commit -qm "add a submodule")
printf '%s\n' 'content/vendor: warning: "content/vendor" is a git submodule: skipped, its files are not part of this catalog [submodule]' >"$TMP/want.sub"
for mode in head worktree staged; do
	case $mode in
	head) flag= ;;
	*) flag=--$mode ;;
	esac
	if [ $mode != staged ]; then
		"$OCOP" -C "$c" build -q $flag --lang en --as-of $AS_OF -o "$TMP/sub-$mode" 2>"$TMP/sub-$mode.err"
		check "submodule ($mode): builds" test $? -eq 0
	else
		"$OCOP" -C "$c" check $flag --lang en --as-of $AS_OF 2>"$TMP/sub-$mode.err" >/dev/null
		check "submodule ($mode): checks" test $? -eq 0
	fi
	check "submodule ($mode): the warning" grep -qxF -f "$TMP/want.sub" "$TMP/sub-$mode.err"
	check "submodule ($mode): warned once" test "$(grep -c submodule "$TMP/sub-$mode.err")" -eq 1
done
check "submodule: same messages in HEAD and --worktree builds" cmp "$TMP/sub-head.err" "$TMP/sub-worktree.err"
# the pages differ only in the footer, whose data version (the commit)
# a --worktree build has not, and catalog.json only in its "commit"
check "submodule: same output in HEAD and --worktree builds" \
	diff -r -x .ocop-output -x catalog.json -I 'Generated by ocop' \
	-I 'Tạo bởi ocop' "$TMP/sub-head" "$TMP/sub-worktree"
check "submodule: the same catalog.json but its commit" sh -c "
	sed 's/\"commit\":\"[0-9a-f]*\",//' '$TMP/sub-head/api/v1/catalog.json' |
	cmp - '$TMP/sub-worktree/api/v1/catalog.json'"
check "submodule: nothing of it published" sh -c "! grep -rq 'Không thuộc catalog' '$TMP/sub-head' '$TMP/sub-worktree'"

# --- a bare repository: refused, nothing written -----------------------
cp -R "$E2E/basic/catalog" "$TMP/work"
git_repo "$TMP/work"
git clone -q --bare "$TMP/work" "$TMP/x.git"
bare=$(cd "$TMP/x.git" && pwd -P)
printf '%s: error: "%s" is a bare git repository, which has no files to build: clone it (git clone %s catalog) and build in the clone [git]\n' "$bare" "$bare" "$bare" >"$TMP/want.en.err"
printf '%s: lỗi: "%s" là kho git trần (bare), không có tệp nào để tạo trang: hãy sao chép nó (git clone %s catalog) rồi tạo trang trong bản sao đó [git]\n' "$bare" "$bare" "$bare" >"$TMP/want.err"
ls -aR "$TMP/x.git" >"$TMP/bare.ls"
expect_fail "bare: build" "$TMP/want.err" -C "$TMP/x.git" build --as-of $AS_OF
expect_fail "bare: build --lang en" "$TMP/want.en.err" -C "$TMP/x.git" build --lang en --as-of $AS_OF
expect_fail "bare: build --worktree" "$TMP/want.en.err" -C "$TMP/x.git" build --worktree --lang en --as-of $AS_OF
expect_fail "bare: build --rev main" "$TMP/want.en.err" -C "$TMP/x.git" build --rev main --lang en --as-of $AS_OF
expect_fail "bare: check --staged" "$TMP/want.en.err" -C "$TMP/x.git" check --staged --lang en --as-of $AS_OF
check "bare: nothing written in the repository" sh -c "ls -aR '$TMP/x.git' | cmp -s - '$TMP/bare.ls'"

# --- folders nested too deeply: the walk of the disk stops there -------
c=$TMP/deep
cp -R "$E2E/basic/catalog" "$c"
git_repo "$c"
deep=content
i=0
while [ $i -lt 101 ]; do deep=$deep/a; i=$((i + 1)); done
mkdir -p "$c/$deep"
printf -- '---\nname: Sâu\n---\n' >"$c/$deep/x.md"
at=${deep%/a}   # 100 folders below the catalog: the first one too deep
printf '%s: error: "%s" is nested too deeply (more than 100 folders) [io]\n' "$at" "$at" >"$TMP/want.en.err"
expect_fail "too deep: build --worktree" "$TMP/want.en.err" -C "$c" build --worktree --lang en --as-of $AS_OF
# ocop fmt counts below the folder it walks (content/): 101 levels
printf '%s: error: the folder is nested too deeply (more than 100 folders) [io]\n' "$deep" >"$TMP/want.fmt"
(cd "$c" && "$OCOP" fmt --lang en >/dev/null 2>"$TMP/fmt-deep.err")
check "too deep: fmt exits 2" test $? -eq 2
check "too deep: fmt says where" grep -qxF -f "$TMP/want.fmt" "$TMP/fmt-deep.err"

summary
