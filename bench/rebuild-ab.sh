#!/bin/sh
# Two ocop binaries compared on the rebuild after a one-product commit,
# the figure of #12 ("rebuild after a one-product commit") that machine
# noise hides when the two are measured minutes apart: each binary gets
# its own clone of the catalog and its own output (so that neither
# invalidates the other's caches, whose identity holds the binary, nor
# its previous site), and the two alternate.  Each pair: a price change
# committed to both clones, then a rebuild by A, then by B, into tmpfs.
# WARMUP pairs first (caches made, previous sites and spares in place),
# not counted; then PAIRS pairs.  Prints, per binary, min / median / max
# of the wall time, the CPU time (user + sys), the render and commit
# stages (OCOP_TIMINGS=1) and the peak memory, and the files written.
#
#   sh bench/rebuild-ab.sh A B [CATALOG]
#   default CATALOG: /tmp/ocop-bench/cat-20000 (bench/run.sh's);
#   PAIRS=6 WARMUP=2 AS_OF=2026-11-22
#   FULL=1: full builds instead (the output and its spare removed before
#   each build; the caches under .git/ocop/ stay)
#   ENV_A, ENV_B: variables set for A's builds, B's (NAME=VALUE words):
#   one binary against itself with a part of the site left out, e.g.
#   what #16's files cost:
#   ENV_B=OCOP_BENCH_LEAVE_OUT=embeds,data,labels sh bench/rebuild-ab.sh ./ocop ./ocop
set -eu
[ $# -ge 2 ] || { echo "usage: sh bench/rebuild-ab.sh A B [CATALOG]" >&2; exit 2; }
cat=${3:-/tmp/ocop-bench/cat-20000}
PAIRS=${PAIRS:-6}
WARMUP=${WARMUP:-2}
AS_OF=${AS_OF:-2026-11-22}
TMPFS=${TMPFS:-/dev/shm}
[ -d "$cat/.git" ] || { echo "rebuild-ab: $cat is not a catalog (run bench/run.sh first)" >&2; exit 1; }
# two sites and their spares take about 1.1 million inodes at 20,000
# products: a tmpfs full of old outputs fails with "No space left on
# device" while most of its bytes are free
free_inodes=$(df -Pi "$TMPFS" | awk 'NR == 2 { print $4 }')
[ "${free_inodes:-0}" -ge 1300000 ] ||
	echo "rebuild-ab: only ${free_inodes:-?} inodes free on $TMPFS (1.3 million wanted at 20,000 products): remove old outputs and their .*.spare folders" >&2
work=$(mktemp -d "$TMPFS/ocop-ab.XXXXXX")
trap 'rm -rf "$work"' EXIT
for x in a b; do
	if [ $x = a ]; then cp "$1" "$work/ocop-a"; else cp "$2" "$work/ocop-b"; fi
	git clone -q "$cat" "$work/cat-$x"
	: >"$work/m-$x"
done
# the product whose price each pair changes
prod=$(cd "$work/cat-a" && git ls-files 'content/products/*.md' | grep -v '\.en\.md$' |
	while read -r f; do grep -q '^price: { from: [0-9]' "$f" && { echo "$f"; break; }; done)
[ -n "$prod" ] || { echo "rebuild-ab: no product with a price in $cat" >&2; exit 1; }

# one rebuild by binary $1 after commit number $2; appends to m-$1:
# wall cpu render render-cpu commit peak-MB written
rebuild() {
	c=$work/cat-$1
	for f in "$prod" "${prod%.md}.en.md"; do
		[ -f "$c/$f" ] && sed -i "s/^price: { from: [0-9]*/price: { from: $((10000 + 1000 * $2))/" "$c/$f"
	done
	git -C "$c" -c user.name=bench -c user.email=bench@example.invalid commit -qam "bench: giá $2"
	[ "${FULL:-0}" = 1 ] && rm -rf "$work/out-$1" "$work/.out-$1.spare"
	eval "vars=\${ENV_$(echo "$1" | tr ab AB):-}"
	# shellcheck disable=SC2086  # NAME=VALUE words
	env $vars OCOP_TIMINGS=1 /usr/bin/time -f 'TIME %e %U %S %M' "$work/ocop-$1" -C "$c" build \
		--as-of "$AS_OF" -o "$work/out-$1" >"$work/out" 2>"$work/err" ||
		{ tail -5 "$work/err" >&2; exit 1; }
	written=$(sed -n 's/.*(\([0-9]*\) [^,]*, \([0-9]*\) [^)]*).*/\2/p' "$work/out")
	[ "$3" = count ] || return 0
	awk -v n="$written" '/^TIME/ { w = $2; c = $3 + $4; m = $5 / 1024 }
		$3 == "render" { r = $4; rc = $(NF - 2) } $3 == "commit" { cm = $4 }
		END { printf "%s %.2f %s %s %s %.0f %s\n", w, c, r, rc, cm, m, n }' \
		"$work/err" >>"$work/m-$1"
}
k=0
i=0; while [ $i -lt $((WARMUP + PAIRS)) ]; do
	i=$((i + 1)); k=$((k + 1))
	how=count; [ $i -le "$WARMUP" ] && how=warmup
	rebuild a $k $how
	rebuild b $k $how
	echo "pair $i/$((WARMUP + PAIRS))${how#count}" | sed 's/warmup$/ (warm-up)/' >&2
done

# min / median / max of column $2 of file $1
summ() {
	cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 }
		END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      printf "%s / %s / %s", v[1], m, v[NR] }'
}
echo "| $(basename "$cat"), $PAIRS pairs | A: $1 ${ENV_A:-} | B: $2 ${ENV_B:-} |"
echo "|---|---|---|"
n=1
for what in "wall, s" "CPU (user + sys), s" "render stage, wall s" "render stage, CPU s" \
	"commit stage, wall s" "peak memory, MB" "files written"; do
	echo "| $what | $(summ "$work/m-a" $n) | $(summ "$work/m-b" $n) |"
	n=$((n + 1))
done
# the pairs' ratios, A over B: what A's build costs more
paste -d' ' "$work/m-a" "$work/m-b" | awk '{ print $1 / $8, $2 / $9 }' >"$work/ratio"
echo "| A / B, wall (each pair's ratio) | $(summ "$work/ratio" 1) | |"
echo "| A / B, CPU | $(summ "$work/ratio" 2) | |"
