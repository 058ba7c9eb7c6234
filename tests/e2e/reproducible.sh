#!/bin/sh
# Reproducible builds (#14: "two builds of the same commit with the same
# SOURCE_DATE_EPOCH produce byte-identical output trees, whatever the
# machine, path, time zone, locale or number of jobs"): the sample
# catalog, with its history, cloned to two folders of different names
# and depths, built with different TZ, LC_ALL, umask and --jobs, one
# with the history cache of an earlier build and one without: every
# file of the site the same, byte for byte.  The one file that differs
# is the writer's own list, .ocop-output, which records each file's
# time and inode so that the next build can leave it alone (README:
# "it differs from one build to the next; the site's own files do
# not"), and is not part of the site.
# OCOP=path picks the binary (default ./ocop); run from the repository root.
NAME=reproducible
. tests/e2e/lib.sh

# the sample catalog as a repository of its own, history on
src=$TMP/src
mkdir -p "$src"
cp -r "$ROOT/content" "$ROOT/site.yaml" "$src/"
grep -q '^history: true' "$src/site.yaml" || printf 'history: true\n' >>"$src/site.yaml"
(cd "$src" && git init -q -b main && git add -A &&
	GIT_AUTHOR_DATE="2025-01-10T08:00:00+07:00" GIT_COMMITTER_DATE="2025-01-10T08:00:00+07:00" \
	git commit -qm "Danh mục" &&
	sed -i 's/^stars: 3$/stars: 4/' "$(grep -rl '^stars: 3$' content/products | head -1)" &&
	GIT_AUTHOR_DATE="2025-03-02T09:30:00-05:00" GIT_COMMITTER_DATE="2025-03-02T09:30:00-05:00" \
	git commit -qam "Đánh giá lại")
a=$TMP/a
b=$TMP/một/thư-mục/khác
mkdir -p "$(dirname "$b")"
git clone -q "$src" "$a"
git clone -q "$src" "$b"
export SOURCE_DATE_EPOCH=1764547200    # 2025-12-01
# a warm cache in the second clone: an earlier build read its history
(cd "$b" && "$OCOP" build -q -o "$TMP/warm" >/dev/null 2>&1)
check "the second clone has a cache" sh -c "ls '$b/.git/ocop/'history-* >/dev/null"
(cd "$a" && export TZ=KIR-14 LC_ALL=C && umask 022 && "$OCOP" build -q -j 1 -o "$TMP/one" >"$TMP/one.out" 2>&1)
check "builds in one clone (TZ=+14, LC_ALL=C, one job)" test $? -eq 0
(cd "$b" && export TZ=HST10 LC_ALL=C.UTF-8 && umask 077 && "$OCOP" build -q -j 2 -o "$TMP/two" >"$TMP/two.out" 2>&1)
check "and in the other (TZ=-10, LC_ALL=C.UTF-8, two jobs, umask 077)" test $? -eq 0
check "with the history pages" test -n "$(find "$TMP/one" -path '*/history/index.html' | head -1)"
if diff -r -x .ocop-output "$TMP/one" "$TMP/two" >"$TMP/diff" 2>&1; then ok
else bad "the two sites differ:"; head -20 "$TMP/diff"; fi
# the same bytes in every file, read by another tool than diff
(cd "$TMP/one" && find . -type f ! -name .ocop-output | LC_ALL=C sort | xargs sha256sum) >"$TMP/one.sums"
(cd "$TMP/two" && find . -type f ! -name .ocop-output | LC_ALL=C sort | xargs sha256sum) >"$TMP/two.sums"
check "every file's SHA-256 the same" cmp "$TMP/one.sums" "$TMP/two.sums"
check "the same files: all but the writer's list" sh -c "[ \$(wc -l <'$TMP/one.sums') -eq \$(find '$TMP/one' -type f | wc -l | awk '{ print \$1 - 1 }') ]"
check "no path of either clone in any file" sh -c "! grep -rlF -e '$a' -e '$b' '$TMP/one' '$TMP/two'"
summary
