#!/bin/sh
# What reading the git history costs a build (#14: "the history step
# takes at most 3 seconds on the first build and at most 0.2 seconds
# after one new commit"): a clone of the catalog with `history: true`
# committed, built RUNS times each way, into tmpfs, the stages timed by
# OCOP_TIMINGS=1 ("history": the walk over the commits; "timeline":
# each product's changes, field by field, and the cache's save):
#   first   no cache (<git dir>/ocop/ removed before each build)
#   same    the cache of a build of the same commit
#   commit  one new commit (a product's stars changed) since the build
#           that wrote the cache
# Prints min / median / max of each stage's wall time, of both together
# (the history step) and of their CPU time (all threads), the whole
# build's wall time, and the size of the cache file.
#
#   sh bench/history.sh [OCOP] [CATALOG]
#   defaults: ./ocop, /tmp/ocop-bench/cat-20000 (bench/run.sh's, made
#   with one commit per product); RUNS=5
set -eu
ocop=${1:-./ocop}
cat=${2:-/tmp/ocop-bench/cat-20000}
RUNS=${RUNS:-5}
TMPFS=${TMPFS:-/dev/shm}
[ -d "$cat/.git" ] || { echo "history: $cat is not a catalog (run bench/run.sh first)" >&2; exit 1; }
work=$(mktemp -d "$TMPFS/ocop-hist.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$ocop" "$work/ocop"
git clone -q "$cat" "$work/cat"
c=$work/cat
G="git -C $c -c user.name=bench -c user.email=bench@example.invalid"
grep -q '^history: true' "$c/site.yaml" || {
	printf 'history: true\n' >>"$c/site.yaml"
	$G commit -qam "bench: history: true"
}
commits=$(git -C "$c" rev-list --first-parent --count HEAD)
# the product whose stars each "commit" run changes
p=$(cd "$c" && grep -rl '^stars: [345]$' content/products | head -1)

# one build, appending "history timeline both cpu wall" to $1
build() {
	rm -rf "$work/site"
	OCOP_TIMINGS=1 SOURCE_DATE_EPOCH=1795305600 /usr/bin/time -f '%e' -o "$work/t" \
		"$work/ocop" -C "$c" build -q -o "$work/site" 2>"$work/err" >/dev/null
	awk -v wall="$(cat "$work/t")" '
		$3 == "history" && $5 == "s" { h = $4; hc = $(NF - 2) }
		$3 == "timeline" && $5 == "s" { t = $4; tc = $(NF - 2) }
		END { printf "%s %s %.3f %.3f %s\n", h, t, h + t, hc + tc, wall }' \
		"$work/err" >>"$1"
}
: >"$work/first"; : >"$work/same"; : >"$work/commit"
i=0
while [ $i -lt "$RUNS" ]; do
	i=$((i + 1))
	rm -rf "$c/.git/ocop"
	build "$work/first"
	build "$work/same"
	s=$(sed -n 's/^stars: \([345]\)$/\1/p' "$c/$p")
	sed -i "s/^stars: $s\$/stars: $(( (s - 2) % 3 + 3 ))/" "$c/$p"
	$G commit -qam "bench: stars of $p"
	build "$work/commit"
	echo "run $i/$RUNS: first $(tail -1 "$work/first"), same $(tail -1 "$work/same"), commit $(tail -1 "$work/commit")" >&2
done
size=$(du -k "$c"/.git/ocop/history-* | awk '{ print $1 }')
stats() { # FILE COLUMN: "min / median / max"
	cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END { printf "%s / %s / %s", v[1], v[int((NR + 1) / 2)], v[NR] }'
}
echo "| $(basename "$cat"), $commits commits | history s | timeline s | both s | both, CPU s | whole build s |"
echo "|---|---|---|---|---|---|"
for k in first same commit; do
	echo "| $k | $(stats "$work/$k" 1) | $(stats "$work/$k" 2) | $(stats "$work/$k" 3) | $(stats "$work/$k" 4) | $(stats "$work/$k" 5) |"
done
echo
echo "cache file: $size kB"
