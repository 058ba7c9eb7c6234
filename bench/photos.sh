#!/bin/sh
# What real photos cost a build (#17: "the build stays within the page
# plan's targets when no photo changed"). The generated catalogs of
# bench/run.sh give about 4% of their products a 128 x 96 PNG; here a
# clone of one has each of those replaced by a phone photo (a JPEG of
# PHOTO_W x PHOTO_H pixels, about 2 MB, one of 8 made with vips and
# copied: the same bytes under different paths are still made one by
# one, and cached one by one), committed, then built into tmpfs, RUNS
# times each way, alternating:
#   before  the catalog as generated (its small PNGs, cache warm)
#   cold    with the phone photos, the photo cache removed before the build
#   warm    with the phone photos, the cache of the build before
#   commit  one new commit (a product's price changed) since a warm build,
#           built into the same output folder (a rebuild)
# Prints min / median / max of wall, CPU (user + sys) and peak memory,
# the "photos" stage (OCOP_TIMINGS=1), files and MB written.
#
#   sh bench/photos.sh [OCOP] [CATALOG]
#   defaults: ./ocop, /tmp/ocop-bench/cat-20000 (made by bench/run.sh);
#   RUNS=3 PHOTO_W=3000 PHOTO_H=2000
set -eu
LC_ALL=C; export LC_ALL
ocop=${1:-./ocop}
cat=${2:-/tmp/ocop-bench/cat-20000}
RUNS=${RUNS:-3}
PHOTO_W=${PHOTO_W:-3000}
PHOTO_H=${PHOTO_H:-2000}
TMPFS=${TMPFS:-/dev/shm}
export SOURCE_DATE_EPOCH=1795305600
[ -d "$cat/.git" ] || { echo "photos: $cat is not a catalog (run bench/run.sh first)" >&2; exit 1; }
for tool in vips /usr/bin/time; do
	command -v $tool >/dev/null 2>&1 || { echo "photos: $tool is missing (make installs it)" >&2; exit 1; }
done
work=$(mktemp -d "$TMPFS/ocop-photos.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$ocop" "$work/ocop"
git clone -q "$cat" "$work/cat"
c=$work/cat
G="git -C $c -c user.name=bench -c user.email=bench@example.invalid"
before=$(git -C "$c" rev-parse HEAD)

# eight phone photos: smooth colour fields with a little grain, as a
# camera's JPEG at quality 90 (about 2 MB at 3000 x 2000)
i=0
while [ $i -lt 8 ]; do
	vips gaussnoise "$work/n.v" $((PHOTO_W / 8)) $((PHOTO_H / 8)) --sigma 60 --mean $((80 + i * 12))
	vips resize "$work/n.v" "$work/big.v" 8 --kernel cubic
	vips gaussnoise "$work/g.v" "$PHOTO_W" "$PHOTO_H" --sigma 6
	vips add "$work/big.v" "$work/g.v" "$work/s.v"
	vips cast "$work/s.v" "$work/c.v" uchar
	vips bandjoin "$work/c.v $work/c.v $work/c.v" "$work/rgb.v"
	vips linear "$work/rgb.v" "$work/t.v" "1 $(echo "0.8 + $i * 0.05" | bc) 0.7" "0 10 -5" --uchar
	vips jpegsave "$work/t.v" "$work/photo-$i.jpg" --Q 90
	i=$((i + 1))
done
rm -f "$work"/*.v
n=0
for png in $(cd "$c" && git ls-files 'content/products/*/cover.png'); do
	cp "$work/photo-$((n % 8)).jpg" "$c/${png%.png}.jpg"
	$G rm -q "$png"
	sed -i 's/src: cover\.png/src: cover.jpg/' "$c/$(dirname "$png")"/index*.md
	n=$((n + 1))
done
$G add -A content
$G commit -qm "bench: phone photos"
with=$(git -C "$c" rev-parse HEAD)
mb=$(du -cm "$work"/photo-*.jpg | tail -1 | cut -f1)
echo "photos: $n products with a ${PHOTO_W}x$PHOTO_H JPEG (8 distinct, $mb MB together)" >&2
# the product whose price each "commit" run changes
p=$(cd "$c" && grep -rl '^price: { from: [0-9]' content/products | grep -v '\.en\.md$' | head -1)
en=${p%.md}.en.md

# one build of commit $2 into $3, appending "wall cpu peak-MB photos-s" to $1
build() {
	OCOP_TIMINGS=1 /usr/bin/time -f '%e %U %S %M' -o "$work/t" \
		"$work/ocop" -C "$c" build -q --rev "$2" -o "$3" 2>"$work/err" >/dev/null ||
		{ cat "$work/err" >&2; exit 1; }
	ph=$(awk '$3 == "photos" { print $4 }' "$work/err")
	awk -v ph="${ph:-0}" '{ printf "%s %.2f %d %s\n", $1, $2 + $3, $4 / 1024, ph }' "$work/t" >>"$1"
}
: >"$work/before"; : >"$work/cold"; : >"$work/warm"; : >"$work/commit"
r=0
while [ $r -lt "$RUNS" ]; do
	r=$((r + 1))
	rm -rf "$work/site"
	build "$work/before" "$before" "$work/site"
	rm -rf "$work/site" "$c/.git/ocop/images"
	build "$work/cold" "$with" "$work/site"
	rm -rf "$work/site"
	build "$work/warm" "$with" "$work/site"
	files=$(find "$work/site" -type f | wc -l)
	bytes=$(du -sm "$work/site" | cut -f1)
	# the price, in the product and its translation (they must agree)
	for f in "$p" "$en"; do
		[ -f "$c/$f" ] && sed -i "s/^price: { from: [0-9]*/price: { from: $((10000 + 1000 * r))/" "$c/$f"
	done
	$G commit -qam "bench: price of $p"
	build "$work/commit" HEAD "$work/site"
	$G reset -q --hard "$with"
	echo "run $r/$RUNS: before $(tail -1 "$work/before"), cold $(tail -1 "$work/cold"), warm $(tail -1 "$work/warm"), commit $(tail -1 "$work/commit")" >&2
done

# min / median / max of column $2 of file $1
mmm() { cut -d' ' -f"$2" "$1" | sort -n | awk '{ v[NR] = $1 } END { printf "%s / %s / %s", v[1], v[int((NR + 1) / 2)], v[NR] }'; }
echo "| build | wall s | CPU s | peak MB | photos stage s |"
echo "|---|---|---|---|---|"
for k in before cold warm commit; do
	echo "| $k | $(mmm "$work/$k" 1) | $(mmm "$work/$k" 2) | $(mmm "$work/$k" 3) | $(mmm "$work/$k" 4) |"
done
echo
echo "With the photos: $files files, $bytes MB ($n photos, each as 320, 640 and 1280 px in WebP and JPEG)."
