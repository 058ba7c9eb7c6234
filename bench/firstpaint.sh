#!/bin/sh
# bench/firstpaint.sh - first paint of consumer pages on Slow 3G (#17),
# in Debian's Chromium (bench/firstpaint.mjs says how).  Not part of
# `make test`.  Builds the sample as tests/e2e/sample.sh does when
# SITE is the sample and it is missing.
#
#   sh bench/firstpaint.sh [PAGE...]   # default: /, a product, /products/
#   RUNS=5                             # cold loads of each page
#   SITE=build/sample-site             # a built site
#   OCOP=./ocop
set -eu
SITE=${SITE:-build/sample-site}
OCOP=${OCOP:-./ocop}
if [ ! -x /usr/bin/chromium ]; then
	echo "firstpaint: /usr/bin/chromium missing (make installs it)" >&2; exit 1
fi
[ -d node_modules/playwright-core ] ||
	npm ci --no-audit --no-fund --silent >/dev/null 2>&1
if [ "$SITE" = build/sample-site ] && [ ! -f "$SITE/index.html" ]; then
	"$OCOP" build -q --worktree --as-of 2026-11-22 -o "$SITE"
fi
exec node bench/firstpaint.mjs "$SITE" "$@"
