#!/bin/sh
# Runs every libFuzzer target for $1 seconds each (clang, ASan, UBSan).
set -u
secs=${1:-20}
if ! make -s fuzz FUZZ_SECONDS="$secs" >/tmp/ocop-fuzz.$$ 2>&1; then
	grep -E 'ERROR|SUMMARY|crash-|Test unit written' /tmp/ocop-fuzz.$$ | head -20
	tail -5 /tmp/ocop-fuzz.$$
	rm -f /tmp/ocop-fuzz.$$
	echo "fuzz: 0 passed, 1 failed"
	exit 1
fi
grep -E '^stat::number_of_executed_units' /tmp/ocop-fuzz.$$ | awk '{s += $2} END {print "fuzz: " s " inputs run"}'
rm -f /tmp/ocop-fuzz.$$
echo "fuzz: $(make -s print-fuzz-targets | wc -w) passed, 0 failed"
