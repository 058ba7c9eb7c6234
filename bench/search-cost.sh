#!/bin/sh
# What the search index costs a build (#15: "the index build adds at
# most 10% to the build time"): the same catalog built with search and
# with `search: false` (a clone with that line committed to site.yaml),
# alternating, RUNS times each, into tmpfs; prints min / median / max of
# wall and CPU time (user + sys) for both, the files written, and the
# ratio of the medians.
#
#   sh bench/search-cost.sh [OCOP] [CATALOG]
#   defaults: ./ocop, /tmp/ocop-bench/cat-20000 (bench/run.sh's); RUNS=5
set -eu
ocop=${1:-./ocop}
cat=${2:-/tmp/ocop-bench/cat-20000}
RUNS=${RUNS:-5}
TMPFS=${TMPFS:-/dev/shm}
[ -d "$cat/.git" ] || { echo "search-cost: $cat is not a catalog (run bench/run.sh first)" >&2; exit 1; }
work=$(mktemp -d "$TMPFS/ocop-cost.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$ocop" "$work/ocop"
git clone -q "$cat" "$work/off"
printf 'search: false\n' >>"$work/off/site.yaml"
git -C "$work/off" -c user.name=bench -c user.email=bench@example.invalid \
	commit -qam "bench: search: false"

# one build of catalog $1, appending "wall cpu" to $2
build() {
	rm -rf "$work/site"
	SOURCE_DATE_EPOCH=1795305600 /usr/bin/time -f '%e %U %S' -o "$work/t" \
		"$work/ocop" -C "$1" build -q -o "$work/site" >/dev/null 2>&1
	awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$work/t" >>"$2"
}
: >"$work/on"; : >"$work/offt"
i=0
while [ $i -lt "$RUNS" ]; do
	i=$((i + 1))
	build "$cat" "$work/on"; on_files=$(find "$work/site" -type f | wc -l)
	build "$work/off" "$work/offt"; off_files=$(find "$work/site" -type f | wc -l)
	echo "run $i/$RUNS: with search $(tail -1 "$work/on" | cut -d' ' -f1) s, without $(tail -1 "$work/offt" | cut -d' ' -f1) s" >&2
done
# stats FILE COLUMN: "min / median / max"
stats() {
	cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END { printf "%s / %s / %s", v[1], v[int((NR + 1) / 2)], v[NR] }'
}
median() { cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "| build of $(basename "$cat") | wall s (min / median / max) | CPU s | files |"
echo "|---|---|---|---|"
echo "| with search | $(stats "$work/on" 1) | $(stats "$work/on" 2) | $on_files |"
echo "| \`search: false\` | $(stats "$work/offt" 1) | $(stats "$work/offt" 2) | $off_files |"
awk -v a="$(median "$work/on" 1)" -v b="$(median "$work/offt" 1)" \
    -v c="$(median "$work/on" 2)" -v d="$(median "$work/offt" 2)" \
	'BEGIN { printf "\nsearch adds %+.0f%% wall, %+.0f%% CPU (medians)\n", (a / b - 1) * 100, (c / d - 1) * 100 }'
