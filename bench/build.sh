#!/bin/sh
# Times `ocop build` of a catalog: RUNS builds (default 7), reporting
# min / median / max of wall time, CPU time (user+sys) and peak memory,
# with the output on tmpfs (/dev/shm) and on disk, and a floor measured
# in the same run: copying the finished site (the bytes any generator
# must write) with cp -R.  Usage: bench/build.sh [CATALOG_DIR] [RUNS]
# (default: this repository's sample).  See docs/benchmarks.md.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cat=${1:-$root}; runs=${2:-7}
ocop=$root/ocop
export SOURCE_DATE_EPOCH=1795305600     # 2026-11-22, the same output every run

stats() { # label, file of "wall cpu kb" lines
	sort -n -k1 "$2" | awk -v l="$1" '{w[NR]=$1} END {printf "%-28s wall  min %.3f  median %.3f  max %.3f s\n", l, w[1], w[int((NR+1)/2)], w[NR]}'
	sort -n -k2 "$2" | awk '{c[NR]=$2} END {printf "%-28s cpu   min %.3f  median %.3f  max %.3f s\n", "", c[1], c[int((NR+1)/2)], c[NR]}'
	sort -n -k3 "$2" | awk '{m[NR]=$3} END {printf "%-28s peak  min %d  median %d  max %d MB\n", "", m[1]/1024, m[int((NR+1)/2)]/1024, m[NR]/1024}'
}

measure() { # label, output dir, command...
	label=$1; out=$2; shift 2
	: > /tmp/bench.$$
	i=0
	while [ $i -lt "$runs" ]; do
		/usr/bin/time -f "%e %U %S %M" -o /tmp/bench.time.$$ "$@" >/dev/null 2>&1
		awk '{printf "%s %.3f %s\n", $1, $2 + $3, $4}' /tmp/bench.time.$$ >> /tmp/bench.$$
		i=$((i + 1))
	done
	stats "$label" /tmp/bench.$$
	rm -f /tmp/bench.$$ /tmp/bench.time.$$
}

files=$("$ocop" -C "$cat" build --lang en -o /dev/shm/ocop-bench-probe 2>&1 | sed -n 's/.*(\([0-9]*\) files).*/\1/p')
echo "catalog: $cat, $files output files, $runs runs each, $(nproc) cores"
measure "ocop build → tmpfs" /dev/shm/ocop-bench "$ocop" -C "$cat" build -q -o /dev/shm/ocop-bench
measure "ocop build → disk" /tmp/ocop-bench "$ocop" -C "$cat" build -q -o /tmp/ocop-bench
measure "floor: cp -R site → tmpfs" /dev/shm/ocop-bench-copy sh -c "rm -rf /dev/shm/ocop-bench-copy && cp -R /dev/shm/ocop-bench-probe /dev/shm/ocop-bench-copy"
measure "floor: cp -R site → disk" /tmp/ocop-bench-copy sh -c "rm -rf /tmp/ocop-bench-copy && cp -R /dev/shm/ocop-bench-probe /tmp/ocop-bench-copy"
rm -rf /dev/shm/ocop-bench /dev/shm/ocop-bench-probe /dev/shm/ocop-bench-copy /tmp/ocop-bench /tmp/ocop-bench-copy
