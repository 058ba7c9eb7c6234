#!/bin/sh
# bench/search.sh - ocop's search against Pagefind's on the same built
# site (#15).  Not part of `make test`: it downloads Pagefind and takes
# minutes.
#
#   sh bench/search.sh [OCOP]         # default ./ocop, else build/ocop
#   SIZES="1000 5000 20000"           # bench catalogs, in products
#   RUNS=5                            # cold runs of each first query per tool;
#                                     #    warm sequences per tool
#   BUILDS=3                          # builds by each tool per size (min / median / max)
#   LIMIT=10                          # results in an answer (bench/search.mjs)
#   PAGEFIND=1                        # 0: ocop alone (Pagefind needs gigabytes
#                                     #    at 20,000 products)
#   PAGEFIND_GLOB=products            # products: the product pages of every
#                                     #    language (what ocop's index holds);
#                                     #    all: every page; else a glob for --glob
#   REL=1                             # 0: leave the relevance set out
#   REL_QUERIES=tests/data/search-queries.json  REL_SET=generated
#   REL_CATALOG=$CACHE/cat-2000-s7    # the catalog those queries were written
#                                     #    for (generated when absent: 2,000
#                                     #    products, 50 commits, seed 7)
#   CACHE=/tmp/ocop-bench             # catalogs (shared with bench/run.sh),
#                                     #    Pagefind's install, reports
#   TMPFS=/dev/shm                    # where the sites are built
#   SHARED=../shared/bench            # the catalog generator
#
# For each size, on the catalog bench/run.sh uses (generated once by
# ../shared/bench/gen, seed 1, --hugo-keys):
#   - BUILDS times, alternating: ocop builds the site into tmpfs
#     (OCOP_TIMINGS=1: the plan stage, where the search index is made,
#     is its index build time: ocop cannot build without the index), then
#     Pagefind indexes that site (`pagefind --site`; its wall time).
#     If Pagefind fails (the kernel kills it for want of memory), or
#     with PAGEFIND=0, what follows measures ocop alone;
#   - bench/search.mjs, in Debian's Chromium through playwright-core, the
#     site served with gzip from 127.0.0.1: first queries on cold pages,
#     warm keystrokes, the header's box, known-item top-1/top-5, and the
#     two indexes' sizes.
# Then the relevance set: REL_QUERIES on REL_CATALOG, both tools.
# Progress goes to stderr; the report to stdout and $CACHE/search-*.md, the
# measurements behind it (JSON) beside it.
set -eu
LC_ALL=C; export LC_ALL
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared/bench}
SIZES=${SIZES:-1000 5000 20000}
RUNS=${RUNS:-5}
BUILDS=${BUILDS:-3}
PAGEFIND=${PAGEFIND:-1}
PAGEFIND_GLOB=${PAGEFIND_GLOB:-products}
REL=${REL:-1}
REL_QUERIES=${REL_QUERIES:-$root/tests/data/search-queries.json}
REL_SET=${REL_SET:-generated}
CACHE=${CACHE:-/tmp/ocop-bench}
REL_CATALOG=${REL_CATALOG:-$CACHE/cat-2000-s7}
TMPFS=${TMPFS:-/dev/shm}
export SOURCE_DATE_EPOCH=1795305600     # 2026-11-22, as bench/run.sh

say() { printf '%s\n' "$*" >&2; }
die() { say "bench/search.sh: $*"; exit 2; }

[ -f "$shared/gen/gen_catalog.py" ] || die "$shared/gen/gen_catalog.py is absent: the catalog
generator lives outside the repository, in ../shared/bench (SHARED=DIR to point elsewhere)."
shared=$(cd "$shared" && pwd)
[ -x /usr/bin/time ] || die "GNU time is missing: apt-get install time"
[ -x /usr/bin/chromium ] || die "Chromium is missing: apt-get install chromium"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	die "node and npm are missing: apt-get install nodejs npm"
fi

ocop=${1:-}
if [ -z "$ocop" ]; then
	ocop=$root/ocop
	[ -x "$ocop" ] || ocop=$root/build/ocop
fi
case $ocop in /*) ;; *) ocop=$(pwd)/$ocop ;; esac
[ -x "$ocop" ] || die "no ocop binary at $ocop (make, or give its path)"

# playwright-core: the project's test tools (package.json)
if [ ! -d "$root/node_modules/playwright-core" ]; then
	say "installing the test tools (npm ci)"
	(cd "$root" && npm ci --no-audit --no-fund --silent >/dev/null 2>&1) ||
		die "npm ci failed: playwright-core is needed"
fi
# Pagefind: installed outside the repository, only for this benchmark
pfdir=$CACHE/pagefind
pagefind=$pfdir/node_modules/.bin/pagefind
if [ "$PAGEFIND" != 0 ] && [ ! -x "$pagefind" ]; then
	say "installing Pagefind into $pfdir (npm install pagefind@1)"
	mkdir -p "$pfdir"
	npm install --prefix "$pfdir" --no-audit --no-fund --silent pagefind@1 >/dev/null 2>&1 ||
		die "npm install pagefind@1 failed"
fi
pf_version=$([ "$PAGEFIND" = 0 ] || "$pagefind" --version 2>/dev/null | awk '{ print $NF }')

case $PAGEFIND_GLOB in
products) glob='{products,en/products}/*/index.html'
	  glob_note="the product pages of both languages (\`--glob '$glob'\`), the documents ocop's index holds" ;;
all)	  glob=
	  glob_note="every HTML page of the site (Pagefind's default)" ;;
*)	  glob=$PAGEFIND_GLOB
	  glob_note="\`--glob '$glob'\`" ;;
esac

mkdir -p "$CACHE"
# the report, and beside it the measurements behind it, saved as they come
report=$CACHE/search-$(date -u +%Y%m%d-%H%M%S).md
saved=${report%.md}
mkdir -p "$saved"
work=$(mktemp -d "$CACHE/search.XXXXXX")
shm=$(mktemp -d "$TMPFS/ocop-search.XXXXXX")
trap 'rm -rf "$work" "$shm"' EXIT
trap 'exit 130' INT TERM
# copied, so that a rebuild of ./ocop during the run changes nothing
cp "$ocop" "$work/ocop"
bin=$work/ocop

# --- helpers -------------------------------------------------------------------
# catalog ARGS PATH: generate PATH once for these arguments and this
# generator (the stamp is bench/run.sh's, so that both reuse the same).
catalog() {
	args=$1; cat=$2
	stamp="$args $(cat "$shared/gen/gen_catalog.py" "$shared/gen/vocab.py" | md5sum | cut -c1-12)"
	if [ -f "$cat/.git/ocop-bench-stamp" ] && [ "$(cat "$cat/.git/ocop-bench-stamp")" = "$stamp" ]; then
		say "catalog: reusing $cat"
		return
	fi
	say "catalog: generating $cat (gen_catalog.py $args)"
	rm -rf "$cat" "$cat.tmp"
	python3 "$shared/gen/gen_catalog.py" $args --out "$cat.tmp" >"$work/gen.log" 2>&1 ||
		{ cat "$work/gen.log" >&2; die "the generator failed"; }
	echo "$stamp" >"$cat.tmp/.git/ocop-bench-stamp"
	mv "$cat.tmp" "$cat"
}
# build CATALOG SITE: ocop's build, appending "wall cpu plan peak_kB" to $work/ob
build() {
	rm -rf "$2"
	OCOP_TIMINGS=1 /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$bin" -C "$1" build -q -o "$2" \
		>"$work/ocop.log" 2>&1 || { tail -20 "$work/ocop.log" >&2; die "ocop build failed on $1"; }
	plan=$(awk '$1 == "ocop:" && $2 == "timing:" && $3 == "plan" { print $4 }' "$work/ocop.log")
	awk -v p="${plan:-0}" '{ printf "%s %.3f %s %s\n", $1, $2 + $3, p, $4 }' "$work/t" >>"$work/ob"
}
# index SITE: Pagefind over the site, appending "wall cpu peak_kB" to
# $work/pb; fails with what went wrong in $pf_failed (at 20,000 products
# it needs gigabytes: the kernel may kill it)
index() {
	rm -rf "$1/pagefind"
	set -- "$1"
	[ -n "$glob" ] && set -- "$1" --glob "$glob"
	if ! /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$pagefind" --site "$@" >"$work/pf.log" 2>&1; then
		tail -5 "$work/pf.log" >&2
		pf_failed="Pagefind failed: $(grep -h 'Command' "$work/t" | head -1)"
		grep -q 'signal 9' "$work/t" &&
			pf_failed="$pf_failed (killed, most likely by the kernel for want of memory; peak $(tail -1 "$work/t" | awk '{ printf "%.1f GB", $4 / 1048576 }') when killed)"
		return 1
	fi
	awk '{ printf "%s %.3f %s\n", $1, $2 + $3, $4 }' "$work/t" >>"$work/pb"
}
# list FILE COL: a JSON array of a column
list() { awk -v c="$2" 'BEGIN { printf "[" } { printf "%s%s", (NR > 1 ? "," : ""), $c } END { printf "]" }' "$1"; }

# --- the machine -------------------------------------------------------------------
case $ocop in
"$root"/*)
	commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "?")
	dirty=$(git -C "$root" --no-optional-locks status --porcelain -- src themes 2>/dev/null | wc -l)
	[ "$dirty" -gt 0 ] && commit="$commit + uncommitted changes in $dirty files of src/ and themes/" ;;
*)	commit="built outside this repository" ;;
esac
commit=${OCOP_LABEL:-$commit}
started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
say "ocop: $ocop ($commit); Pagefind $pf_version; sizes: $SIZES; $RUNS runs, $BUILDS builds"

results=
pf_body=
for n in $SIZES; do
	cat=$CACHE/cat-$n
	catalog "--products $n --commits $n --seed 1 --languages vi,en --hugo-keys" "$cat"
	site=$shm/site-$n
	: >"$work/ob"; : >"$work/pb"; rm -f "$work/pf.log"
	pf_failed=
	[ "$PAGEFIND" = 0 ] && pf_failed="left out (PAGEFIND=0)"
	i=0; while [ $i -lt "$BUILDS" ]; do
		i=$((i + 1))
		build "$cat" "$site"
		pft=
		# after a failure, Pagefind is not tried again at this size
		if [ -z "$pf_failed" ]; then
			index "$site" && pft=", Pagefind $(tail -1 "$work/pb" | cut -d' ' -f1) s"
		fi
		say "[$n] build $i/$BUILDS: ocop $(tail -1 "$work/ob" | awk '{ print $1 " s, plan stage " $3 " s" }')$pft"
	done
	# the last build's site is measured: without Pagefind's files if it failed
	pages=0
	if [ -n "$pf_failed" ]; then
		rm -rf "$site/pagefind"
		say "[$n] Pagefind: $pf_failed; ocop alone from here"
	else
		grep -q 'Did not find a data-pagefind-body' "$work/pf.log" && pf_body=1
		pages=$(sed -n 's/.*Indexed \([0-9]*\) pages.*/\1/p' "$work/pf.log" | head -1)
		say "[$n] Pagefind indexed ${pages:=0} pages"
	fi
	say "[$n] the browser's measurements ($RUNS runs)"
	load0=$(cut -d' ' -f1 /proc/loadavg)
	node "$root/bench/search.mjs" measure "$site" "$RUNS" >"$work/measure-$n.json" ||
		die "bench/search.mjs failed on $site"
	load1=$(cut -d' ' -f1 /proc/loadavg)
	{
		printf '{"products": %s, "catalog": "%s", "pagefind_version": "%s", "pagefind_pages": %s, "load": ["%s", "%s"],\n' \
			"$n" "$cat" "$pf_version" "$pages" "$load0" "$load1"
		printf ' "pagefind_failed": "%s",\n' "$pf_failed"
		printf ' "build": {"ocop": {"wall": %s, "cpu": %s, "index": %s, "peak_kb": %s},\n' \
			"$(list "$work/ob" 1)" "$(list "$work/ob" 2)" "$(list "$work/ob" 3)" "$(list "$work/ob" 4)"
		printf '  "pagefind": {"index": %s, "cpu": %s, "peak_kb": %s}},\n' \
			"$(list "$work/pb" 1)" "$(list "$work/pb" 2)" "$(list "$work/pb" 3)"
		printf ' "measure": '
		cat "$work/measure-$n.json"
		printf '}\n'
	} >"$saved/size-$n.json"
	results="$results $saved/size-$n.json"
	rm -rf "$site"
done

# --- the relevance set: the queries and the catalog they were written for ----
rel_note=
if [ "$REL" = 0 ]; then
	rel_note="Relevance set: left out (REL=0)."
elif [ ! -f "$REL_QUERIES" ]; then
	rel_note="Relevance set: left out, $REL_QUERIES is absent."
else
	[ "$PAGEFIND" = 0 ] && die "the relevance set compares both tools: PAGEFIND=0 needs REL=0"
	if [ "$REL_CATALOG" = "$CACHE/cat-2000-s7" ]; then
		catalog "--products 2000 --commits 50 --seed 7 --languages vi,en" "$REL_CATALOG"
	fi
	[ -d "$REL_CATALOG" ] || die "no catalog at $REL_CATALOG"
	: >"$work/ob"; : >"$work/pb"
	build "$REL_CATALOG" "$shm/rel"
	index "$shm/rel" || die "$pf_failed"
	say "relevance: $REL_QUERIES ($REL_SET) on $REL_CATALOG"
	{
		printf '{"catalog": "%s", "relevance": ' "$REL_CATALOG"
		node "$root/bench/search.mjs" relevance "$shm/rel" "$REL_QUERIES" "$REL_SET" ||
			die "bench/search.mjs relevance failed"
		printf '}\n'
	} >"$saved/rel.json"
	results="$results $saved/rel.json"
	rm -rf "$shm/rel"
fi

# --- the report ------------------------------------------------------------------
{
	echo "Run of $started, ocop $commit (binary: $ocop), Pagefind ${pf_version:-left out};"
	echo "machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), Linux $(uname -r), Chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{ print $2 }');"
	echo "load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end."
	echo "Sites built on tmpfs ($TMPFS); served from 127.0.0.1 with gzip (bench/search.mjs); $BUILDS builds by each tool per size."
	[ "$PAGEFIND" = 0 ] || echo "Pagefind indexed $glob_note.$([ -n "$pf_body" ] && echo " No page has \`data-pagefind-body\`, so Pagefind indexed each page's whole <body> (header, footer and navigation included).")"
	echo "ocop's index build time is its plan stage (OCOP_TIMINGS=1), which also plans every other file; ocop has no build without the index."
	echo
	[ -n "$results" ] && node "$root/bench/search.mjs" report $results
	[ -n "$rel_note" ] && { echo; echo "$rel_note"; }
	true
} | tee "$report"
say "report saved in $report, its measurements in $saved/ (node bench/search.mjs report $saved/*.json)"
