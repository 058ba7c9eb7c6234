#!/bin/sh
# A certificate read after its expiry day shows as expired, even when
# the site was not built again (assets/status.js, docs/history.md): the
# pages carry the expiry day, checked here as built and in Chromium
# with the device's clock moved (tests/browser/status.mjs).
# OCOP=path picks the binary (default ./ocop); run from the repository root.
NAME=status
. tests/e2e/lib.sh

c=$TMP/cat
cp -r "$E2E/basic/catalog" "$c"
(cd "$c" && git init -q -b main && git add -A && git commit -qm "Danh mục")
"$OCOP" -C "$c" build -q --as-of "$AS_OF" -o "$TMP/site" >/dev/null 2>&1
check "builds" test -s "$TMP/site/products/nuoc-mam-ky-ninh/index.html"
p=$TMP/site/products/nuoc-mam-ky-ninh/index.html
has_line "a valid certificate's page loads the script" "$p" \
	'<script src="../../assets/status.js" defer></script>'
check "its status line carries the expiry day and the words for expired" \
	grep -qF '<p class="status-line verdict-status" data-ocop-expires="2028-01-10" data-ocop-expired-text="Chứng nhận OCOP: Hết hiệu lực">' "$p"
check "and a hidden banner" grep -qF '<section class="alert alert-expired" hidden data-ocop-expires="2028-01-10" aria-labelledby="h-expired">' "$p"
check "an expired one carries none, nor loads the script" sh -c "! grep -q 'data-ocop-expires\\|status.js' '$TMP/site/products/mat-ong/index.html'"
check "nor a revoked one" sh -c "! grep -q 'data-ocop-expires' '$TMP/site/products/tra-thao-moc/index.html'"
browser_checks "in Chromium" tests/browser/status.mjs "$TMP/site" \
	products/nuoc-mam-ky-ninh/ 2028-01-10 products/mat-ong/
summary
