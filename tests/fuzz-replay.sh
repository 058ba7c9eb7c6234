#!/bin/sh
# Replays a fuzz corpus through a target built with the standalone
# driver (gcc, sanitizers on): every file that once crashed stays fixed.
set -u
bin=$1; shift
n=0; bad=0
for f in $(find "$@" -type f | LC_ALL=C sort); do
	n=$((n + 1))
	"$bin" "$f" >/dev/null 2>"$f.log.$$" || { bad=$((bad + 1)); echo "FAIL: $f"; head -20 "$f.log.$$"; }
	rm -f "$f.log.$$"
done
echo "fuzz-replay: $((n - bad)) passed, $bad failed"
[ $bad -eq 0 ]
