#!/bin/sh
# Writes a synthetic catalog of N products (default 1000) into DIR as a
# git repository: the sample's producers and points of sale, and products
# cloned from the sample's with new slugs, names, communes and dates, so
# every list page has realistic sizes.  Usage: bench/synth.sh DIR [N]
set -eu
dir=$1; n=${2:-1000}
root=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$dir"; mkdir -p "$dir/content/products"
cp "$root/site.yaml" "$dir/"
cp -R "$root/content/producers" "$root/content/points-of-sale" "$root/content/pages" "$dir/content/"
set -- $(find "$root/content/products" -name '*.md' ! -name '*.*.md' ! -path '*/index.md' -exec grep -L '^draft: true' {} + | LC_ALL=C sort)
count=$#
i=0
while [ $i -lt "$n" ]; do
	k=$((i % count + 1))
	eval "src=\${$k}"
	commune=$((i % 97))
	sed -e "s/^name: \(.*\)$/name: \1 số $i/" \
	    -e "s/^  commune: \(.*\)$/  commune: \1 $commune/" \
	    -e "s/^  number: \(.*\)$/  number: $i\/QĐ-UBND/" \
	    -e "/^code:/d" \
	    "$src" > "$dir/content/products/sp-$i.md"
	i=$((i + 1))
done
cd "$dir"
GIT_CONFIG_GLOBAL=/dev/null git init -q -b main
git add -A
GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=b GIT_AUTHOR_EMAIL=b@b GIT_COMMITTER_NAME=b GIT_COMMITTER_EMAIL=b@b \
	GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z git commit -qm synth
echo "synthetic catalog: $n products in $dir"
