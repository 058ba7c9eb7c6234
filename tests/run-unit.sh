#!/bin/sh
# Runs each cmocka unit-test binary given and adds up cmocka's own counts
# into one "unit: N passed, N failed" line.  A binary that crashes or
# exits non-zero without a FAILED count counts as one failure.
pass=0; fail=0; skip=0
for t in "$@"; do
	[ -x "$t" ] && [ -f "$t" ] || continue
	out=$("$t" 2>&1); st=$?
	printf '%s\n' "$out" | grep -E '^\[  (FAILED|SKIPPED|PASSED)|mustache spec: skipped'
	p=$(printf '%s\n' "$out" | sed -nE 's/^\[  PASSED  \] ([0-9]+) test.*/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -nE 's/^\[  FAILED  \] ([0-9]+) test.*/\1/p' | tail -1)
	s=$(printf '%s\n' "$out" | sed -nE 's/^\[  SKIPPED \] ([0-9]+) test.*/\1/p' | tail -1)
	pass=$((pass + ${p:-0})); skip=$((skip + ${s:-0}))
	if [ $st -ne 0 ] && [ -z "$f" ]; then f=1; printf '%s\n' "$out" | tail -20; fi
	fail=$((fail + ${f:-0}))
	[ $st -ne 0 ] && echo "FAILED: $t"
done
echo "unit: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
