#!/bin/sh
# make install puts ocop and its default theme under PREFIX; the
# installed binary builds a catalog that has no themes/ folder.
set -u
tmp=$(mktemp -d /tmp/ocop-install.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
make -s install DESTDIR="$tmp/root" PREFIX=/usr >/dev/null && ok || bad "make install failed"
test -x "$tmp/root/usr/bin/ocop" && ok || bad "ocop not installed"
test -f "$tmp/root/usr/share/ocop/themes/default/templates/layout.mustache" && ok || bad "theme not installed"
cp -R tests/e2e/basic/catalog "$tmp/cat"
test ! -e "$tmp/cat/themes" && ok || bad "fixture unexpectedly has a theme"
"$tmp/root/usr/bin/ocop" -C "$tmp/cat" build -q --as-of 2026-11-22 2>/dev/null && ok || bad "installed ocop failed to build"
grep -q 'assets/style.css' "$tmp/cat/output/index.html" && test -f "$tmp/cat/output/assets/style.css" && ok ||
	bad "installed ocop did not publish the built-in theme"
echo "install: $pass passed, $fail failed"
[ $fail -eq 0 ]
