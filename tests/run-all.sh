#!/bin/sh
# make test: every test, then one summary line adding up every part's
# "name: N passed, N failed" line.  A part that crashes before printing
# its line counts as one failure.
set -u
log=$(mktemp /tmp/ocop-test.XXXXXX)
trap 'rm -f "$log"' EXIT
status=0
JOBS=${JOBS:-2}
FUZZ_TARGETS=$(make -s -f Makefile print-fuzz-targets)

part() { # name, command...
	name=$1; shift
	echo "== $name"
	if ! "$@" 2>&1 | tee -a "$log.part"; then :; fi
	if ! grep -qE '^[a-z0-9 -]+: [0-9]+ passed, [0-9]+ failed' "$log.part"; then
		echo "$name: 0 passed, 1 failed" | tee -a "$log.part"
	fi
	cat "$log.part" >> "$log"
	rm -f "$log.part"
}

make -s -j"$JOBS" ocop unit-bins || status=1
part unit sh tests/run-unit.sh build/tests/test_*
part e2e sh tests/e2e/run.sh
part check sh tests/e2e/check.sh
part messages sh tests/check-messages.sh
part lint sh tests/lint.sh
part install sh tests/install-check.sh
part sample sh tests/e2e/sample.sh
part consumer sh tests/e2e/consumer.sh
part html-sample sh tests/html-check.sh build/sample-site
part html-fixture sh tests/html-check.sh build/e2e-basic-site
part html-generated sh tests/html-generated.sh
part browser sh tests/browser-check.sh build/sample-site
part axe sh tests/browser-part.sh axe tests/browser/axe.mjs build/sample-site
part lighthouse sh tests/browser-part.sh lighthouse tests/browser/lighthouse.mjs build/sample-site
part security sh tests/e2e/security.sh
part load sh tests/e2e/load.sh
part plan sh tests/e2e/plan.sh
part display sh tests/e2e/display.sh
part rebuild sh tests/e2e/rebuild.sh
part data sh tests/e2e/data.sh
part share sh tests/e2e/share.sh
part labels sh tests/e2e/labels.sh
part embed sh tests/e2e/embed.sh
part search sh tests/e2e/search.sh
part relevance sh tests/e2e/relevance.sh
part history sh tests/e2e/history.sh
part cache sh tests/e2e/cache.sh
part reproducible sh tests/e2e/reproducible.sh
part status sh tests/e2e/status.sh
part links sh tests/e2e/links.sh
part changes sh tests/e2e/changes.sh
part versions sh tests/e2e/versions.sh
part verify sh tests/e2e/verify.sh
part photos sh tests/e2e/photos.sh

# The same unit and end-to-end tests under AddressSanitizer and
# UndefinedBehaviorSanitizer, and the fuzz corpus replayed through them.
make -s -j"$JOBS" BUILD=build-san SANITIZE=address,undefined \
	build-san/ocop unit-bins $(for t in $FUZZ_TARGETS; do echo build-san/fuzz/replay_$t; done) \
	|| status=1
# libvips and GLib keep some memory until the process ends (type
# registrations, per-thread buffers): tests/lsan.supp names only their
# libraries, never ocop's code.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	LSAN_OPTIONS=suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0
part unit-asan sh tests/run-unit.sh build-san/tests/test_*
part e2e-asan env OCOP=build-san/ocop sh tests/e2e/run.sh
part check-asan env OCOP=build-san/ocop sh tests/e2e/check.sh
part security-asan env OCOP=build-san/ocop sh tests/e2e/security.sh
part load-asan env OCOP=build-san/ocop sh tests/e2e/load.sh
part plan-asan env OCOP=build-san/ocop sh tests/e2e/plan.sh
part display-asan env OCOP=build-san/ocop sh tests/e2e/display.sh
part rebuild-asan env OCOP=build-san/ocop sh tests/e2e/rebuild.sh
part data-asan env OCOP=build-san/ocop sh tests/e2e/data.sh
part share-asan env OCOP=build-san/ocop sh tests/e2e/share.sh
part labels-asan env OCOP=build-san/ocop sh tests/e2e/labels.sh
part embed-asan env OCOP=build-san/ocop sh tests/e2e/embed.sh
part search-asan env OCOP=build-san/ocop sh tests/e2e/search.sh
part history-asan env OCOP=build-san/ocop sh tests/e2e/history.sh
part cache-asan env OCOP=build-san/ocop sh tests/e2e/cache.sh
part links-asan env OCOP=build-san/ocop sh tests/e2e/links.sh
part changes-asan env OCOP=build-san/ocop sh tests/e2e/changes.sh
part versions-asan env OCOP=build-san/ocop sh tests/e2e/versions.sh
part verify-asan env OCOP=build-san/ocop sh tests/e2e/verify.sh
part photos-asan env OCOP=build-san/ocop sh tests/e2e/photos.sh
for t in $FUZZ_TARGETS; do
	part fuzz-replay-$t sh tests/fuzz-replay.sh build-san/fuzz/replay_$t fuzz/corpus/$t
done

# ThreadSanitizer over what runs threads: the render workers (plan.sh
# builds with -j 1 and -j 2), the timelines of history.sh and cache.sh
# (each thread with its own repository, all with one cache), the parsing of entries (every build), the
# output's signal watcher, exercised by the security tests' interrupted
# builds, and the blob readers, the worker loop, the embeds' records and
# the writer (unit tests of source, packorder, workers, embed and out:
# too few files in the e2e catalogs for two readers).
# libvips and the codecs it calls lock with GLib's futex mutexes, which
# ThreadSanitizer cannot see: tests/tsan.supp names those libraries only.
export TSAN_OPTIONS="suppressions=$(pwd)/tests/tsan.supp"
TSAN_UNITS="source packorder workers embed out search cache"
make -s -j"$JOBS" BUILD=build-tsan SANITIZE=thread build-tsan/ocop \
	$(for t in $TSAN_UNITS; do echo build-tsan/tests/test_$t; done) \
	|| status=1
part security-tsan env BIG_N=300 TSAN_OPTIONS="halt_on_error=1 $TSAN_OPTIONS" OCOP=build-tsan/ocop sh tests/e2e/security.sh
part plan-tsan env TSAN_OPTIONS="halt_on_error=1 $TSAN_OPTIONS" OCOP=build-tsan/ocop sh tests/e2e/plan.sh
part history-tsan env TSAN_OPTIONS="halt_on_error=1 $TSAN_OPTIONS" OCOP=build-tsan/ocop sh tests/e2e/history.sh
part cache-tsan env TSAN_OPTIONS="halt_on_error=1 $TSAN_OPTIONS" OCOP=build-tsan/ocop sh tests/e2e/cache.sh
part unit-tsan env TSAN_OPTIONS="halt_on_error=1 $TSAN_OPTIONS" sh tests/run-unit.sh \
	$(for t in $TSAN_UNITS; do echo build-tsan/tests/test_$t; done)

# Coverage-guided fuzzing for a bounded time (about a minute in all);
# `make fuzz FUZZ_SECONDS=600` fuzzes longer.  Any crash fails the run
# and leaves its input in build-fuzz/crash-*: add it to fuzz/corpus/.
part fuzz sh tests/fuzz-run.sh ${FUZZ_SECONDS:-20}

passed=$(sed -nE 's/^[a-z0-9 -]+: ([0-9]+) passed, ([0-9]+) failed.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(sed -nE 's/^[a-z0-9 -]+: ([0-9]+) passed, ([0-9]+) failed.*/\2/p' "$log" | awk '{s+=$1} END {print s+0}')
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed"
exit $status
