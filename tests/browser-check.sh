#!/bin/sh
# Real-browser check of a built site (tests/browser/pages.mjs): Debian's
# chromium driven by playwright-core from npm.  $1: the site folder.
set -u
if [ ! -d node_modules/playwright-core ]; then
	npm ci --no-audit --no-fund --silent >/dev/null 2>&1 ||
		npm install --no-audit --no-fund --silent >/dev/null 2>&1
fi
if [ ! -x /usr/bin/chromium ] || [ ! -d node_modules/playwright-core ]; then
	echo "browser: chromium or playwright-core missing (make installs them)"
	echo "browser: 0 passed, 1 failed"
	exit 1
fi
exec node tests/browser/pages.mjs "$1"
