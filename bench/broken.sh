#!/bin/sh
# bench/broken.sh OCOP [CATALOG] [RUNS]: `ocop check` of a catalog with 500
# broken entries, beside the same catalog unbroken (#12: every error
# reported, sorted, in one run, without a noticeable slowdown; #13: one
# broken entry hides no other problem).
#
# CATALOG is a generated catalog (default /tmp/ocop-bench/cat-20000, made
# by bench/run.sh). A clone of it gets 500 products broken with sed, 100
# of each kind: 6 stars, a producer slug with a letter more, an impossible
# date, an unknown group, an unclosed quote in the name; committed. Prints
# for each catalog: errors, warnings, files named, and the wall and CPU
# time of each run (min / median / max).
set -eu
OCOP=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
CAT=${2:-/tmp/ocop-bench/cat-20000}
RUNS=${3:-3}
[ -d "$CAT/.git" ] || { echo "broken.sh: no catalog at $CAT (run bench/run.sh first)" >&2; exit 2; }
TMP=$(mktemp -d /tmp/ocop-broken.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

git clone -q "$CAT" "$TMP/broken"
cd "$TMP/broken"
# the products of the catalog, every 7th one, 500 in all (default files)
find content/products -name '*.md' ! -name '*.*.md' | LC_ALL=C sort |
	awk 'NR % 7 == 0' | head -500 >"$TMP/victims"
[ "$(wc -l <"$TMP/victims")" -eq 500 ] || { echo "broken.sh: fewer than 500 products" >&2; exit 2; }
n=0
while read -r f; do
	case $((n % 5)) in
	0) sed -i 's/^stars: [345]$/stars: 6/' "$f" ;;
	1) sed -i 's/^producer: \(.*\)$/producer: \1x/' "$f" ;;
	2) sed -i 's/^\(  issued: \)[0-9-]*$/\12023-13-45/' "$f" ;;
	3) sed -i 's/^group: .*$/group: nong-san/' "$f" ;;
	4) sed -i 's/^name: \(.*\)$/name: "\1/' "$f" ;;
	esac
	n=$((n + 1))
done <"$TMP/victims"
git -c user.name=bench -c user.email=bench@example.test commit -qam "500 broken products"

measure() {    # label catalog
	: >"$TMP/times"
	i=0
	while [ $i -lt "$RUNS" ]; do
		/usr/bin/time -f '%e %U %S' -o "$TMP/t" "$OCOP" -C "$2" check \
			--lang en >/dev/null 2>"$TMP/out" || true
		tail -1 "$TMP/t" | awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' >>"$TMP/times"
		i=$((i + 1))
	done
	errors=$(grep -c ': error: ' "$TMP/out" || true)
	warnings=$(grep -c ': warning: ' "$TMP/out" || true)
	files=$(grep ': error: ' "$TMP/out" | cut -d: -f1 | sort -u | wc -l)
	sorted=yes
	grep -E '^[^ ].*: (error|warning): ' "$TMP/out" | cut -d: -f1 >"$TMP/paths"
	LC_ALL=C sort -c "$TMP/paths" 2>/dev/null || sorted=no
	wall=$(sort -n "$TMP/times" | awk '{ w[NR] = $1 } END { printf "%s / %s / %s", w[1], w[int((NR + 1) / 2)], w[NR] }')
	cpu=$(sort -k2 -n "$TMP/times" | awk '{ c[NR] = $2 } END { printf "%s / %s / %s", c[1], c[int((NR + 1) / 2)], c[NR] }')
	printf '| %s | %s | %s | %s | %s | %s s | %s s |\n' "$1" "$errors" \
		"$files" "$warnings" "$sorted" "$wall" "$cpu"
}

echo "| catalog | errors | files with errors | warnings | sorted by file | wall (min / median / max) | CPU |"
echo "|---|---|---|---|---|---|---|"
measure "clean" "$CAT"
measure "500 broken" "$TMP/broken"
