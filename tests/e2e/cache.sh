#!/bin/sh
# End-to-end tests of the history cache (load/cache.h, docs/history.md
# "The cache") and of the QR codes' (docs/labels.md): a build keeps what it read of the git history in
# .git/ocop/, the next build takes it from there (a cache whose record
# was altered, and digested again, shows the altered text: it is read),
# and whatever happened in between (a new commit, a rewritten history, a
# shallow clone made whole, a damaged file, a file from another ocop)
# the site is the one a build without any cache makes.
# OCOP=path picks the binary (default ./ocop); run from the repository root.
NAME=cache
. tests/e2e/lib.sh

c=$TMP/cat
cp -r "$E2E/basic/catalog" "$c"
printf 'history: true\n' >>"$c/site.yaml"
commit() { # DATE MESSAGE: everything, at that date
	(cd "$c" && git add -A &&
		GIT_AUTHOR_DATE="$1T08:00:00+07:00" GIT_COMMITTER_DATE="$1T08:00:00+07:00" \
		git commit -q ${3:-} -m "$2")
}
(cd "$c" && git init -q -b main)
commit 2024-01-10 "Thêm danh mục"
p=$c/content/products/mat-ong.md
sed -i 's/^stars: 3$/stars: 4/' "$p"
commit 2024-05-02 "Đánh giá lại: 4 sao"
mkdir -p "$c/content/products/ha-tinh"
git -C "$c" mv content/products/mat-ong.md content/products/ha-tinh/mat-ong.md
commit 2024-08-01 "Xếp sản phẩm theo tỉnh"
p=$c/content/products/ha-tinh/mat-ong.md
cp "$p" "$TMP/good"
sed -i 's/^stars: 4$/stars: [4/' "$p"
commit 2025-04-01 "Lỗi gõ"
cp "$TMP/good" "$p"
printf '\nMật ong hoa rừng.\n' >>"$p"
commit 2025-05-01 "Sửa câu chuyện"

build() { # OUT [more options]: a build of the catalog into $TMP/OUT
	out=$1; shift
	"$OCOP" -C "$c" build -q --as-of "$AS_OF" -o "$TMP/$out" "$@" >"$TMP/$out.out" 2>&1
}
# a build with no cache at all, which the cache leaves as it found it
fresh() { # OUT
	rm -rf "$c/.git/ocop"
	build "$@"
	rm -rf "$c/.git/ocop"
}
same_site() { # description, OUT1, OUT2
	if diff -r -x .ocop-output "$TMP/$2" "$TMP/$3" >"$TMP/diff" 2>&1; then ok
	else bad "$1:"; head -20 "$TMP/diff"; fi
}
hist=products/mat-ong/history/index.html

fresh none
check "a build without a cache" test -s "$TMP/none/$hist"
check "makes none when told to leave it" test ! -e "$c/.git/ocop"
build first
check "the first build writes the cache under .git/ocop/" \
	sh -c "ls '$c/.git/ocop/'history-* >/dev/null"
check "and the QR codes' cache beside it (docs/labels.md)" \
	sh -c "ls '$c/.git/ocop/'qr-* >/dev/null"
check "and the entry files as parsed, by the first digit of their blob ids" \
	sh -c "ls '$c/.git/ocop/'parsed-[0-9a-f]-* >/dev/null"
check "and no temporary file beside them" \
	sh -c "[ \$(ls -A '$c/.git/ocop' | grep -cv '^history-\\|^qr-\\|^parsed-[0-9a-f]-') -eq 0 ]"
check "nothing in the working tree changed" \
	sh -c "[ -z \"\$(git -C '$c' status --porcelain)\" ]"
same_site "with the cache it writes, the same site" none first
f=$(ls "$c"/.git/ocop/history-*)
cp "$f" "$TMP/cache.bin"
q=$(ls "$c"/.git/ocop/qr-*)
cp "$q" "$TMP/qr.bin"
# the shard of the parsed files that holds mat-ong.md's blob
blob=$(git -C "$c" rev-parse HEAD:content/products/ha-tinh/mat-ong.md)
pf=$(ls "$c"/.git/ocop/parsed-$(printf %.1s "$blob")-*)
cp "$pf" "$TMP/parsed.bin"
build second
same_site "read from the cache, the same site" none second
check "a build that read nothing new leaves the file as it was" cmp "$f" "$TMP/cache.bin"
check "and the QR codes' as they were" cmp "$q" "$TMP/qr.bin"
check "and the parsed files' as they were" cmp "$pf" "$TMP/parsed.bin"

# the parsed files (model/catalog.c): read, and never trusted blindly
# a name of as many bytes: the tree's size, written before it, holds
python3 "$E2E/cache-edit.py" "$TMP/parsed.bin" "$pf" "Mật ong Vũ Quang" "Mật ong (đệm)!" parsed
build parsed-poisoned
check "a parsed file altered and digested again is read: it names the product" \
	grep -q 'Mật ong (đệm)!' "$TMP/parsed-poisoned/products/mat-ong/index.html"
# a longer one: more text than the tree's size says
python3 "$E2E/cache-edit.py" "$TMP/parsed.bin" "$pf" "Mật ong Vũ Quang" "Mật ong đọc từ bộ nhớ đệm" parsed
build parsed-longer
same_site "a tree whose texts outgrow its size: parsed again" none parsed-longer
python3 "$E2E/cache-edit.py" "$TMP/parsed.bin" "$pf" - - cut
build parsed-cut
same_site "parsed files cut short, in a sound file: parsed again" none parsed-cut
python3 "$E2E/cache-edit.py" "$TMP/parsed.bin" "$pf" - - noise
build parsed-noise
same_site "parsed files of random bytes, in a sound file: parsed again" none parsed-noise
printf 'garbage' >"$pf"
build parsed-garbage
same_site "parsed files that are garbage: parsed again" none parsed-garbage
check "and replaced by sound ones" cmp "$pf" "$TMP/parsed.bin"
printf 'garbage' >"$q"
build qr-garbage
same_site "QR codes' cache that is garbage: not read" none qr-garbage
check "and replaced by a sound one" cmp "$q" "$TMP/qr.bin"

# A copy of the cache with one commit's message changed (message OLD →
# NEW) and, with "identity", the name of the ocop that wrote it changed
# too; digested again unless "nodigest" (tests/e2e/cache-edit.py).
edit() { # OLD NEW [identity|nodigest]
	python3 "$E2E/cache-edit.py" "$TMP/cache.bin" "$f" "$1" "$2" "${3:-}"
}
edit "Sửa câu chuyện" "Đã đọc từ bộ nhớ đệm"
build poisoned
check "a cache altered and digested again is read: it is what says the message" \
	grep -q 'Đã đọc từ bộ nhớ đệm' "$TMP/poisoned/$hist"
edit "Sửa câu chuyện" "Đã đọc từ bộ nhớ đệm" nodigest
build damaged
same_site "a damaged cache is not read" none damaged
check "and is replaced by a sound one" sh -c "! cmp -s '$f' '$TMP/cache.bin.edited'"
build again
same_site "which the next build reads" none again
edit "Sửa câu chuyện" "Đã đọc từ bộ nhớ đệm" identity
build foreign
same_site "a cache written by another ocop is not read" none foreign
edit - - cut
build cut
same_site "records cut short, in a sound file: read from git instead" none cut
edit - - noise
build noise
same_site "records of random bytes, in a sound file: read from git instead" none noise
printf 'garbage' >"$f"
build garbage
same_site "nor one that is garbage" none garbage
: >"$f"
build empty
same_site "nor an empty one" none empty

# a cache that cannot be written: the build goes on, says nothing
rm -rf "$c/.git/ocop"
printf 'not a folder\n' >"$c/.git/ocop"
build unwritable
check "a cache that cannot be written: the build succeeds" test $? -eq 0
check "and says nothing more than a build without a cache" cmp "$TMP/none.out" "$TMP/unwritable.out"
same_site "the same site" none unwritable
rm -f "$c/.git/ocop"

# a new commit: the cache gives what it knew, git the rest
sed -i 's/^stars: 4$/stars: 5/' "$p"
commit 2025-06-01 "Lên 5 sao"
build cached-new
fresh fresh-new
same_site "after a new commit, the same site as without a cache" fresh-new cached-new
check "which shows the new commit" grep -q '4 sao → 5 sao' "$TMP/cached-new/$hist"

# history rewritten: the last commit amended
build warm
sed -i 's/^stars: 5$/stars: 3/' "$p"
commit 2025-06-01 "Hạ xuống 3 sao" --amend
build cached-amend
fresh fresh-amend
same_site "after an amended commit, the same site as without a cache" fresh-amend cached-amend
check "which shows the amended commit" grep -q '4 sao → 3 sao' "$TMP/cached-amend/$hist"
check "and not the one it replaced" sh -c "! grep -q '4 sao → 5 sao' '$TMP/cached-amend/$hist'"

# a shallow clone, built, then made whole: its oldest commit was read
# with no parent (all "added"), which must not be kept for later
sh_clone=$TMP/shallow
git clone -q --depth 2 "file://$c" "$sh_clone"
(cd "$sh_clone" && "$OCOP" build -q --as-of "$AS_OF" -o "$TMP/sh1" >/dev/null 2>&1)
check "a shallow clone builds" test -s "$TMP/sh1/$hist"
git -C "$sh_clone" fetch -q --unshallow
(cd "$sh_clone" && "$OCOP" build -q --as-of "$AS_OF" -o "$TMP/sh2" >/dev/null 2>&1)
rm -rf "$sh_clone/.git/ocop"
(cd "$sh_clone" && "$OCOP" build -q --as-of "$AS_OF" -o "$TMP/sh3" >/dev/null 2>&1)
same_site "made whole, the same site as without a cache" sh3 sh2
check "with the whole history" grep -q 'Thêm danh mục' "$TMP/sh2/$hist"

# a long history, read on two threads (runs of 64 commits, versions
# read in runs of 256): 640 commits, each changing one of four products
# (fast-import: a second, not the minutes of 640 git commits)
l=$TMP/long
cp -r "$E2E/basic/catalog" "$l"
printf 'history: true\n' >>"$l/site.yaml"
(cd "$l" && git init -q -b main && git add -A &&
	GIT_AUTHOR_DATE="2024-01-01T08:00:00+07:00" GIT_COMMITTER_DATE="2024-01-01T08:00:00+07:00" \
	git commit -qm "Thêm danh mục")
python3 - "$l" <<'PY' | git -C "$l" fast-import --quiet
import sys, os
root = sys.argv[1]
names = ['mat-ong', 'nuoc-mam-ky-ninh', 'sua-mai-dung', 'tra-thao-moc']
texts = {n: open(os.path.join(root, 'content/products', n + '.md'), encoding='utf-8').read() for n in names}
out = sys.stdout.buffer
for i in range(640):
    n = names[i % 4]
    t = texts[n]
    stars = 3 + (i // 4) % 3
    import re
    t = re.sub(r'^stars: .*$', 'stars: %d' % stars, t, count=1, flags=re.M)
    if i % 7 == 0:
        t = t + '\nLần sửa %d.\n' % i
    if i % 50 == 49:
        t = t.replace('stars:', 'stars: [', 1)   # a version that does not parse
    data = t.encode()
    msg = ('Sửa %s lần %d' % (n, i)).encode()
    when = 1704070800 + 3600 * (i + 1)
    out.write(b'commit refs/heads/main\n')
    out.write(b'author t <t@example.test> %d +0700\n' % when)
    out.write(b'committer t <t@example.test> %d +0700\n' % when)
    out.write(b'data %d\n%s\n' % (len(msg), msg))
    if i == 0:
        out.write(b'from refs/heads/main^0\n')
    out.write(b'M 100644 inline content/products/%s.md\n' % n.encode())
    out.write(b'data %d\n%s\n' % (len(data), data))
PY
git -C "$l" reset -q --hard
check "a long history: 641 commits" test "$(git -C "$l" rev-list --count HEAD)" -eq 641
long() { # OUT JOBS
	"$OCOP" -C "$l" build -q -j "$2" --as-of "$AS_OF" -o "$TMP/$1" >"$TMP/$1.out" 2>&1 || cat "$TMP/$1.out"
}
rm -rf "$l/.git/ocop"; long long1 1
rm -rf "$l/.git/ocop"; long long2 2
same_site "a long history on one thread or two: the same site" long1 long2
long long2c 2
same_site "and from the cache" long1 long2c
check "with every change" grep -q 'Sửa mat-ong lần 316' "$TMP/long2c/$hist"
check "and the versions that did not parse" grep -q "không hợp lệ" "$TMP/long2c/products/nuoc-mam-ky-ninh/history/index.html"
# one commit more, in a file of 641 commits and their versions: not
# worth rewriting it (src/load/cache.c: less than one value in 256
# changed); the commit is read from git, on this build and the next
lf=$(ls "$l"/.git/ocop/history-*)
cp "$lf" "$TMP/long.bin"
sed -i 's/^stars: .*$/stars: 5/' "$l/content/products/sua-mai-dung.md"
(cd "$l" && git commit -qam "Lần sửa cuối")
long long3 2
check "one new commit in a long history: the file is left as it was" cmp "$lf" "$TMP/long.bin"
check "and the site shows the commit" grep -q 'Lần sửa cuối' "$TMP/long3/products/sua-mai-dung/history/index.html"
rm -rf "$l/.git/ocop"; long long3n 2
same_site "the same site as without a cache" long3n long3

# two catalogs of one repository keep a cache each
m=$TMP/mono
mkdir -p "$m"
cp -r "$c" "$m/a"
rm -rf "$m/a/.git"
cp -r "$m/a" "$m/b"
(cd "$m" && git init -q -b main && git add -A && git commit -qm "Hai danh mục")
"$OCOP" -C "$m/a" build -q --as-of "$AS_OF" -o "$TMP/ma" >/dev/null 2>&1
"$OCOP" -C "$m/b" build -q --as-of "$AS_OF" -o "$TMP/mb" >/dev/null 2>&1
check "two catalogs of one repository, a cache each" \
	sh -c "[ \$(ls '$m/.git/ocop' | grep -c '^history-') -eq 2 ]"

# a file that does not parse is not kept as parsed: every build says why
printf -- '---\nname: [Hồng\n---\n' >"$c/content/products/hong.md"
commit 2025-06-01 "Hồng hỏng"
build broken1
r1=$?
build broken2
r2=$?
check "a file that does not parse fails the build" test $r1 -eq 1
check "and the next one too" test $r2 -eq 1
sed -i "s|$TMP/broken[12]/|OUT|" "$TMP/broken1.out" "$TMP/broken2.out"
check "with the same messages" cmp "$TMP/broken1.out" "$TMP/broken2.out"
check "which name it" grep -q '^content/products/hong.md:3:1: .*\[yaml\]' "$TMP/broken2.out"

# text not in NFC: such a file is not kept as parsed, since the check
# that finds it reads its bytes: every build warns
rm "$c/content/products/hong.md"
printf -- '---\nname: Chè Ke\314\202\314\201\nstars: 3\ngroup: thuc-pham\nproducer: ho-mat-ong\nlocation: { province: Hà Tĩnh, commune: Vũ Quang }\ncertificate:\n  number: 56/QĐ-UBND\n  issued: 2022-05-01\n---\n' >"$c/content/products/che.md"
commit 2025-07-01 "Chè"
build nfc1
build nfc2
check "text not in NFC: the first build warns" grep -q 'che.md:2:.*\[not-nfc\]' "$TMP/nfc1.out"
check "and the next one too" grep -q 'che.md:2:.*\[not-nfc\]' "$TMP/nfc2.out"
summary
