#!/bin/sh
# Runs one node script that drives Debian's chromium (tests/browser/
# axe.mjs, lighthouse.mjs) as a part of make test: installs package.json's
# npm tools first when one is missing (npm ci), and reports a missing
# chromium or npm tool as a failure, never as a silent pass.
#   sh tests/browser-part.sh NAME SCRIPT ARGS...
# The script prints its own "NAME: N passed, N failed" line.
set -u
name=$1; shift
missing() { # prints the devDependencies of package.json not installed
	node -e 'const fs = require("fs");
		const deps = Object.keys(require("./package.json").devDependencies || {});
		console.log(deps.filter((d) => !fs.existsSync("node_modules/" + d + "/package.json")).join(" "))' 2>/dev/null ||
		echo node
}
if [ -n "$(missing)" ]; then
	npm ci --no-audit --no-fund --silent >/dev/null 2>&1 ||
		npm install --no-audit --no-fund --silent >/dev/null 2>&1
fi
left=$(missing)
if [ ! -x /usr/bin/chromium ] || [ -n "$left" ]; then
	echo "FAIL: $name: chromium or npm tools missing (${left:-chromium}; make and npm ci install them)"
	echo "$name: 0 passed, 1 failed"
	exit 1
fi
exec node "$@"
