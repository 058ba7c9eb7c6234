#!/bin/sh
# Peak memory when content/ holds a large file that no entry uses: it
# must not be read at all.  Copies the sample catalog, commits a file of
# SIZE_MB random bytes beside the products, and builds it from HEAD and
# with --worktree, printing wall time and peak memory (GNU time).
#
#   sh bench/unused-file.sh [SIZE_MB] [OCOP...]
#
# Give several binaries (an older build, say) to compare them in one run.
set -eu
size=${1:-300}
shift 2>/dev/null || true
[ $# -gt 0 ] || set -- ./ocop
root=$(pwd)
tmp=$(mktemp -d /tmp/ocop-unused.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/cat"
cp -R site.yaml content "$tmp/cat/"
head -c "${size}M" /dev/urandom > "$tmp/cat/content/products/unused.bin"
(cd "$tmp/cat" && git init -q -b main && git add -A &&
	git -c user.name=b -c user.email=b@b commit -qm bench)
export SOURCE_DATE_EPOCH=1795305600
printf '%-40s %-10s %8s %10s\n' binary mode wall peak
for bin in "$@"; do
	case $bin in /*) ;; *) bin=$root/$bin ;; esac
	for mode in head worktree; do
		flag=; [ $mode = worktree ] && flag=--worktree
		/usr/bin/time -f '%e %M' -o "$tmp/t" "$bin" -C "$tmp/cat" build -q $flag \
			-o /dev/shm/ocop-unused-out 2>/dev/null
		read -r wall kb < "$tmp/t"
		printf '%-40s %-10s %7ss %7s MB\n' "$bin" $mode "$wall" $((kb / 1024))
	done
done
rm -rf /dev/shm/ocop-unused-out
