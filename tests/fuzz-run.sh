#!/bin/sh
# Runs every libFuzzer target for $1 seconds each (clang, ASan, UBSan).
# A finding prints the sanitizer's report, the stack and the input in
# hex, so a CI log is enough to reproduce it: save the bytes under
# fuzz/corpus/<target>/ and replay them.
set -u
secs=${1:-20}
log=/tmp/ocop-fuzz.$$
if ! make -s fuzz FUZZ_SECONDS="$secs" >$log 2>&1; then
	grep -E 'ERROR|SUMMARY|runtime error|^ *#[0-9]+ |crash-|Test unit written' $log | head -40
	tail -5 $log
	for f in $(sed -n 's/.*Test unit written to \([^ ]*\).*/\1/p' $log); do
		[ -f "$f" ] || continue
		echo "input $f ($(wc -c <"$f") bytes):"
		od -An -tx1 -v "$f" | head -64
	done
	rm -f $log
	echo "fuzz: 0 passed, 1 failed"
	exit 1
fi
grep -E '^stat::number_of_executed_units' $log | awk '{s += $2} END {print "fuzz: " s " inputs run"}'
rm -f $log
echo "fuzz: $(make -s print-fuzz-targets | wc -w) passed, 0 failed"
