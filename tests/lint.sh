#!/bin/sh
# House-style checks that a compiler does not make (shared/style.md):
#  R1  a stage includes only its own headers, earlier stages' and util/:
#      util < load < parse < model < plan < render < write < cmd (the
#      commands may use every stage, and main.c all of them);
#  R9  no global mutable state: no object of ours in .data or .bss
#      (objdump, not nm: const pointer tables sit in .data.rel.ro), in
#      the objects under $BUILD (build/ unless set; `make lint` builds
#      them first).
# Ends with "lint: N passed, N failed".
set -u
pass=0; fail=0
ok()  { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
rank() {
	case $1 in
	util) echo 0 ;; load) echo 1 ;; parse) echo 2 ;; model) echo 3 ;;
	plan) echo 4 ;; render) echo 5 ;; write) echo 6 ;; cmd) echo 7 ;;
	*) echo 9 ;;
	esac
}
for f in src/*/*.c src/*/*.h; do
	stage=$(basename "$(dirname "$f")")
	r=$(rank "$stage")
	for inc in $(sed -n 's/^#include "\.\.\/\([a-z]*\)\/.*/\1/p' "$f"); do
		if [ "$(rank "$inc")" -gt "$r" ]; then
			bad "$f includes a later stage: $inc/ (R1)"
			continue 2
		fi
	done
	ok
done
# One exception: sbuf_empty, the shared "" every empty sbuf points at,
# never written (sbuf.c says why).
for o in "${BUILD:-build}"/src/*/*.o; do
	[ -f "$o" ] || continue
	found=$(objdump -t "$o" | awk '$4 == ".data" || $4 == ".bss" { if ($NF != ".data" && $NF != ".bss" && $NF != "sbuf_empty") print $NF }')
	if [ -n "$found" ]; then bad "$o has mutable globals: $found (R9)"; else ok; fi
done
echo "lint: $pass passed, $fail failed"
[ $fail -eq 0 ]
