#!/bin/sh
# End-to-end tests of `ocop check` and `ocop hook install`, as a DARD
# editor meets them: a commit with mistakes is stopped by the hook with
# messages in Vietnamese, --staged checks what the commit will hold,
# JSON output for tools, --strict, exit statuses, and nothing written.
NAME=check
. tests/e2e/lib.sh
export SOURCE_DATE_EPOCH=1795305600     # 2026-11-22

cat=$TMP/dard
cp -R "$E2E/basic/catalog" "$cat"
(cd "$cat" && git init -q -b main && git add -A && git commit -qm init)

# `ocop check` writes nothing.  The catalog's files outside .git (every
# name, type, size, modification time and md5) are measured just before
# and just after each run of check, the pre-commit hook's included, so
# a run that writes is caught even when the test itself changes the
# files between runs; the last check of this file says which runs did.
runs=0; changed=
snapshot() {
	(cd "$cat" && find . -path ./.git -prune -o -printf '%p %y %s %T@\n' &&
	 find . -path ./.git -prune -o -type f -exec md5sum {} +) | LC_ALL=C sort
}
unchanged_by() { # description, command...: runs it, returns its status
	what=$1; shift
	before=$(snapshot)
	"$@"; st=$?
	runs=$((runs + 1))
	[ "$(snapshot)" = "$before" ] || changed="$changed [$what]"
	return $st
}
ocheck() { unchanged_by "check $*" "$OCOP" -C "$cat" check "$@"; }
commit() { unchanged_by "the hook of git commit" git -C "$cat" commit -qm "$1"; }

# --- a clean catalog --------------------------------------------------
ocheck 2>"$TMP/clean.err"
check "clean catalog: exit 0" test $? -eq 0
check "clean catalog: says 0 errors" grep -q '^ocop: 0 lỗi, ' "$TMP/clean.err"
check "check writes no output folder" test ! -e "$cat/output"

# --- the hook stops a bad commit, as a DARD editor would meet it --------
"$OCOP" -C "$cat" hook install >"$TMP/hook.out" 2>&1
check "hook install: exit 0" test $? -eq 0
check "hook install: says where" grep -q 'pre-commit' "$TMP/hook.out"
check "hook is executable" test -x "$cat/.git/hooks/pre-commit"
# copy a product, change the name and the stars to 6, forget the producer
sed -e 's/^name: .*/name: Mật ong rừng Vũ Quang/' -e 's/^stars: 3/stars: 6/' \
    -e '/^producer:/d' "$cat/content/products/mat-ong.md" > "$cat/content/products/mat-ong-rung.md"
git -C "$cat" add content/products/mat-ong-rung.md
commit "Thêm mật ong rừng" 2>"$TMP/commit.err"
check "hook: the commit is refused" test $? -ne 0
check "hook: nothing was committed" test "$(cd "$cat" && git rev-list --count HEAD)" -eq 1
cat > "$TMP/commit.want" <<'WANT'
content/products/mat-ong-rung.md:2:1: lỗi: thiếu trường bắt buộc "producer" [required]
WANT
check "hook: names the missing producer in Vietnamese" grep -qF "$(cat "$TMP/commit.want")" "$TMP/commit.err"
check "hook: names line 3 column 8 for stars 6" grep -q '^content/products/mat-ong-rung.md:3:8: lỗi: .*6.* \[stars\]$' "$TMP/commit.err"
check "hook: every error has a hint line" test "$(grep -c '^  gợi ý: ' "$TMP/commit.err")" -ge 2

# --- --staged checks what the commit will hold, not the disk -------------
sed -i 's/^stars: 6/stars: 3/' "$cat/content/products/mat-ong-rung.md"
ocheck --staged 2>/dev/null
check "--staged: the unstaged fix is not seen" test $? -eq 1
ocheck --worktree 2>"$TMP/wt.err"
check "--worktree: the fix on disk is seen (producer still missing)" sh -c "grep -q 'producer' '$TMP/wt.err' && ! grep -q stars '$TMP/wt.err'"
printf 'producer: ho-mat-ong\n' > "$TMP/p" && sed -i "/^group:/r $TMP/p" "$cat/content/products/mat-ong-rung.md"
(cd "$cat" && git add content/products/mat-ong-rung.md)
ocheck --staged 2>/dev/null
check "--staged: once the fix is staged, exit 0" test $? -eq 0
commit "Thêm mật ong rừng" 2>/dev/null
check "hook: the fixed commit goes through" test "$(cd "$cat" && git rev-list --count HEAD)" -eq 2

# --- JSON for tools -------------------------------------------------------
printf -- '---\nname: X\nstars: 7\n---\n' > "$cat/content/products/x.md"
ocheck --worktree --format json --lang en >"$TMP/out.json" 2>/dev/null
check "--format json: exit 1 on errors" test $? -eq 1
node -e '
const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const s = d.find(x => x.code === "stars");
if (!s || s.file !== "content/products/x.md" || s.line !== 3 || s.column !== 8 ||
    s.severity !== "error" || !/7/.test(s.message) || !("hint" in s)) process.exit(1);
if (!d.every(x => ["file","line","column","severity","code","message","hint"].every(k => k in x))) process.exit(1);
' "$TMP/out.json"
check "--format json: fields file, line, column, severity, code, message, hint" test $? -eq 0

# --- --strict, warnings, exit 2 ---------------------------------------------
rm "$cat/content/products/x.md"
printf -- '---\nname: HTX Chè Sơn Thủy\ntype: htx\nlocation: { province: Hà Tĩnh, commune: Sơn Thủy }\nrepresentitive: Lan\n---\n' > "$cat/content/producers/htx-che.md"
ocheck --worktree 2>"$TMP/warn.err"
check "a warning alone: exit 0" test $? -eq 0
check "unknown field warning with did-you-mean" grep -q 'representative' "$TMP/warn.err"
ocheck --worktree --strict 2>/dev/null
check "--strict: the warning fails the check" test $? -eq 1
ocheck --rev nope 2>/dev/null
check "check that cannot run: exit 2" test $? -eq 2
ocheck --format xml 2>/dev/null
check "bad --format: exit 2" test $? -eq 2
(cd "$cat" && git checkout -q -- content/producers/htx-che.md)

# --- language: English when site.yaml says so ----------------------------------
sed -i 's/^languages: \[vi, en\]/languages: [en, vi]/' "$cat/site.yaml"
printf -- '---\nname: X\n---\n' > "$cat/content/products/x.md"
ocheck --worktree 2>"$TMP/en.err"
check "site.yaml language en: messages in English" grep -q 'missing required field' "$TMP/en.err"
ocheck --worktree --lang vi 2>"$TMP/vi.err"
check "--lang vi wins over site.yaml" grep -q 'thiếu trường bắt buộc' "$TMP/vi.err"
rm "$cat/content/products/x.md"; (cd "$cat" && git checkout -q -- site.yaml)

# --- a file over the size limit (made here: 1.1 MiB is no fixture to commit)
{ printf -- '---\nname: To\n---\n'; head -c 1153434 /dev/zero | tr '\0' 'a'; } > "$cat/content/products/to.md"
ocheck --worktree --lang en 2>"$TMP/big.err"
check "file over 1 MiB: exit 1" test $? -eq 1
check "file over 1 MiB: named, with its size" grep -q '^content/products/to.md: error: file is larger than 1 MiB (1153451 bytes) \[size\]$' "$TMP/big.err"
rm "$cat/content/products/to.md"

# --- check never writes to the catalog ---------------------------------------------
if [ "$runs" -gt 0 ] && [ -z "$changed" ]; then ok
else bad "check changed no content file ($runs runs measured); changed by:$changed"; fi

summary
