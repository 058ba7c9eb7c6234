# lib.sh - what the end-to-end scripts share (run.sh, check.sh, load.sh,
# security.sh).  Source it from the repository root after setting NAME,
# the word the summary line starts with:
#
#   NAME=e2e; . tests/e2e/lib.sh
#   ...
#   summary
#
# It sets ROOT, OCOP (the binary: $OCOP or ./ocop, made absolute), E2E,
# AS_OF and TMP (a fresh folder removed at exit, kept with KEEP=1); fixes git's identity
# and dates with no user or system config, so the same files always make
# the same commit; and unsets SOURCE_DATE_EPOCH.  summary prints
# "NAME: N passed, N failed" (", N skipped" when some were) and returns
# non-zero when any check failed.  A skip is said and counted, never
# passed.  npm_deps installs the npm test tools; node_checks runs a node
# script and counts its "ok:" and "FAIL:" lines; browser_checks does so
# for a script that needs Chromium.
set -u
ROOT=$(pwd)
OCOP=${OCOP:-$ROOT/ocop}
case $OCOP in /*) ;; *) OCOP=$ROOT/$OCOP ;; esac
E2E=$ROOT/tests/e2e
TMP=$(mktemp -d "/tmp/ocop-$NAME.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$TMP"' EXIT
AS_OF=2026-11-22
pass=0; fail=0; skip=0

ok()      { pass=$((pass + 1)); }
bad()     { fail=$((fail + 1)); printf 'FAIL: %s\n' "$*"; }
skipped() { skip=$((skip + 1)); printf 'SKIP: %s\n' "$*"; }
check() { # description, then a command that must succeed
	# (its own variable name: a caller's $d must survive the call)
	check_what=$1; shift
	if "$@" >/dev/null 2>&1; then ok; else bad "$check_what"; fi
}
has_line() { # description, file, the exact line it must hold
	if grep -qxF -- "$3" "$2"; then ok; else bad "$1: no line '$3' in:"; cat "$2"; fi
}

# every page a rebuild keeps because it is made from the same data
# (src/write/out.h, "Files made from the same data") is rendered anyway
# and compared: a key that misses something fails the build, whichever
# test makes it
export OCOP_CHECK_KEPT=1
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.test
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.test
export GIT_AUTHOR_DATE="2026-01-01T00:00:00Z" GIT_COMMITTER_DATE="2026-01-01T00:00:00Z"
unset SOURCE_DATE_EPOCH

git_repo() { # dir: make it a repository with everything committed
	(cd "$1" && git init -q -b main && git add -A && git commit -qm init)
}

npm_deps() { # installs the npm test tools of package.json when missing
	[ -d node_modules/playwright-core ] && [ -d node_modules/ajv ] && return 0
	npm ci --no-audit --no-fund --silent >/dev/null 2>&1 ||
		npm install --no-audit --no-fund --silent >/dev/null 2>&1
}

browser_checks() { # what, then a node script and its arguments
	# node_checks, and a missing browser is one failure
	npm_deps
	if [ ! -x /usr/bin/chromium ] || [ ! -d node_modules/playwright-core ]; then
		bad "$1: chromium or playwright-core missing (make installs them)"
		return
	fi
	node_checks "$@"
}

node_checks() { # what, then a node script and its arguments
	# counts the script's "ok: " and "FAIL: " lines as checks; a crash
	# that printed no FAIL is one failure
	what=$1; shift
	node "$@" >"$TMP/node.out" 2>&1
	st=$?
	pass=$((pass + $(grep -c '^ok: ' "$TMP/node.out")))
	nf=$(grep -c '^FAIL: ' "$TMP/node.out")
	fail=$((fail + nf))
	grep '^FAIL: ' "$TMP/node.out"
	if [ $st -ne 0 ] && [ "$nf" -eq 0 ]; then bad "$what: $1 crashed:"; cat "$TMP/node.out"; fi
}

summary() {
	if [ "$skip" -gt 0 ]; then
		echo "$NAME: $pass passed, $fail failed, $skip skipped"
	else
		echo "$NAME: $pass passed, $fail failed"
	fi
	[ "$fail" -eq 0 ]
}
