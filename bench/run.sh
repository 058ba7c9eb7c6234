#!/bin/sh
# bench/run.sh - ocop against Hugo and a floor on realistic catalogs (#12).
#
#   make bench                      # or: sh bench/run.sh [OCOP] (default ./ocop)
#   SIZES="1000 5000 20000"         # catalog sizes in products (100000 on request)
#   RUNS=3                          # runs of each measurement (min / median / max)
#   MEDIA="tmpfs disk"              # where the output goes
#   HUGO=1                          # 0: leave Hugo out
#   PROFILE=0                       # 1: perf top-10 of ocop's full build (largest size),
#                                   #    or callgrind on the smallest when perf fails
#   CACHE=/tmp/ocop-bench           # generated catalogs (reused), disk outputs, reports
#   TMPFS=/dev/shm  DISK=$CACHE     # the two output places
#   FLOOR=build/tools/floor         # the floor writer (tools/floor.c; built if missing)
#   SHARED=../shared/bench          # the catalog generator and the Hugo site
#   OCOP_LABEL=...                  # what the binary is, for the report (default:
#                                   #    this repository's commit, and whether src/ is edited)
#
# For each size, with a catalog generated once by ../shared/bench/gen
# (git history, --hugo-keys so that Hugo reads the same content):
#   - the time to read the input (git archive HEAD, every blob once);
#   - per output place, RUNS times, alternating: ocop full build, then
#     Hugo with enableGitInfo (../shared/bench/hugo/build.sh --git), each
#     into an emptied folder; wall, CPU (user+sys), peak RSS by GNU time;
#     files, bytes and the largest HTML page of the output;
#   - the floor: tools/floor writes ocop's finished files again, the same
#     bytes, into a fresh folder (open/write/close, no fsync), timed alone;
#   - a rebuild, RUNS times: commit a price change to one product in a
#     clone of the catalog and build into the same output; the files whose
#     inode changed are "rewritten", those whose bytes changed "changed".
# At the end: the machine, a Markdown table, the ratios, and the profile.
# Progress goes to stderr, the report to stdout and $CACHE/report-*.md.
set -eu
LC_ALL=C; export LC_ALL
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared/bench}
SIZES=${SIZES:-1000 5000 20000}
RUNS=${RUNS:-3}
MEDIA=${MEDIA:-tmpfs disk}
HUGO=${HUGO:-1}
PROFILE=${PROFILE:-0}
CACHE=${CACHE:-/tmp/ocop-bench}
TMPFS=${TMPFS:-/dev/shm}
DISK=${DISK:-$CACHE}
ASOF=2026-11-22
export SOURCE_DATE_EPOCH=1795305600     # 2026-11-22: same build date for every run
export HUGO_PARAMS_ASOF=$ASOF           # the same date for Hugo's certificate status

say() { printf '%s\n' "$*" >&2; }
die() { say "bench/run.sh: $*"; exit 2; }

if [ ! -f "$shared/gen/gen_catalog.py" ] || [ ! -f "$shared/hugo/build.sh" ]; then
	die "$shared is absent (or incomplete): it holds the catalog generator
(gen/gen_catalog.py) and the Hugo site (hugo/build.sh) this benchmark needs.
It lives outside the repository, in ../shared/bench next to it (SHARED=DIR to
point elsewhere). Nothing was measured. For the sample catalog alone, use
sh bench/build.sh."
fi
shared=$(cd "$shared" && pwd)
[ -x /usr/bin/time ] || die "GNU time is missing: apt-get install time"
command -v python3 >/dev/null || die "python3 is missing: apt-get install python3"

ocop=${1:-$root/ocop}
case $ocop in /*) ;; *) ocop=$(pwd)/$ocop ;; esac
[ -x "$ocop" ] || die "no ocop binary at $ocop (make, or give its path)"
floor=${FLOOR:-$root/build/tools/floor}
case $floor in /*) ;; *) floor=$root/$floor ;; esac
if [ ! -x "$floor" ]; then
	say "building the floor writer: make ${floor#"$root"/}"
	make -C "$root" -s "${floor#"$root"/}" >&2 || die "cannot build $floor"
fi

mkdir -p "$CACHE"
work=$(mktemp -d "$DISK/run.XXXXXX")
shm=$(mktemp -d "$TMPFS/ocop-bench.XXXXXX")
trap 'rm -rf "$work" "$shm"' EXIT
trap 'exit 130' INT TERM
# The binary is copied, so that a rebuild of ./ocop during the run does
# not change what is measured.
cp "$ocop" "$work/ocop"
bin=$work/ocop
mkdir "$work/m"

# --- Hugo: Debian's package; installed only when we are root ---------------
hugo_note=
if [ "$HUGO" = 0 ]; then
	hugo_note="skipped (HUGO=0)"
elif ! command -v hugo >/dev/null; then
	if [ "$(id -u)" = 0 ]; then
		say "Hugo is not installed: installing Debian's hugo with apt-get (running as root)"
		apt-get install -y -q hugo >"$work/apt.log" 2>&1 ||
			{ apt-get update -q >>"$work/apt.log" 2>&1 &&
			  apt-get install -y -q hugo >>"$work/apt.log" 2>&1; } ||
			{ cat "$work/apt.log" >&2; hugo_note="skipped (apt-get install hugo failed)"; }
	else
		hugo_note="skipped (not installed; as root: apt-get install hugo)"
	fi
fi
[ -n "$hugo_note" ] && say "Hugo: $hugo_note"
hugo_version=$( [ -z "$hugo_note" ] && hugo version 2>/dev/null | sed 's/^hugo v\([^ ]*\).*/\1/' || true)

# --- helpers -----------------------------------------------------------------
# summ FILE COL SCALE FMT: "min / median / max" of a column (one value if one run)
summ() {
	[ -s "$1" ] || { echo "–"; return; }
	awk -v c="$2" '{print $c}' "$1" | sort -g | awk -v s="$3" -v f="$4" '
		{ v[NR] = $1 * s }
		END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      if (NR == 1) printf f "\n", v[1]
		      else printf f " / " f " / " f "\n", v[1], m, v[NR] }'
}
# med FILE COL: the median of a column, plain number
med() {
	awk -v c="$2" '{print $c}' "$1" | sort -g |
		awk '{ v[NR] = $1 } END { if (!NR) print ""; else print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
# timed MEASUREFILE LOG CMD...: run under GNU time, append "wall cpu kb"
timed() {
	mf=$1; log=$2; shift 2
	if /usr/bin/time -f '%e %U %S %M' -o "$work/t" "$@" >"$log" 2>&1; then
		awk '{ printf "%s %.3f %s\n", $1, $2 + $3, $4 }' "$work/t" >>"$mf"
		awk '{ printf "%.2f s", $1 }' "$work/t"
		return 0
	fi
	return 1
}
# tree OUT: "files bytes largest_html_bytes largest_html_path html_over_100kB"
tree() {
	find "$1" -type f ! -path "$1/.ocop-output" -printf '%s\t%P\n' | awk -F'\t' '
		{ n++; b += $1 }
		$2 ~ /\.html$/ { if ($1 > mx) { mx = $1; mp = $2 } if ($1 > 100000) big++ }
		END { printf "%d %d %d %s %d\n", n, b, mx, (mp == "" ? "-" : mp), big }'
}
# snap OUT FILE: "inode<TAB>size<TAB>md5<TAB>path" of every file, for the rebuild
snap() {
	find "$1" -type f ! -path "$1/.ocop-output" -printf '%P\t%i\t%s\n' | sort >"$2.i"
	(cd "$1" && find . -type f ! -path ./.ocop-output -print0 | xargs -0 -r md5sum) |
		sed 's|^\([0-9a-f]*\)  \./|\1\t|' | awk -F'\t' '{ print $2 "\t" $1 }' | sort >"$2.h"
	join -t '	' "$2.i" "$2.h" >"$2"
}
# failed LOG: the errors of a failed build, not its thousand warnings
failed() { grep -vE ': (warning|cảnh báo): ' "$1" | grep -v '^  ' | tail -20 >&2; }
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1e6 }'; }
kb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1e3 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "–"; else printf "%.2f", a / b }'; }
place() { [ "$1" = tmpfs ] && echo "$shm" || echo "$work"; }

# --- the catalog: generated once per size, reused while the generator and
# its arguments are the same ------------------------------------------------
catalog() { # N -> path
	n=$1
	args="--products $n --commits $n --seed 1 --languages vi,en --hugo-keys"
	stamp="$args $(cat "$shared/gen/gen_catalog.py" "$shared/gen/vocab.py" | md5sum | cut -c1-12)"
	cat=$CACHE/cat-$n
	if [ -f "$cat/.git/ocop-bench-stamp" ] && [ "$(cat "$cat/.git/ocop-bench-stamp")" = "$stamp" ]; then
		say "[$n] catalog: reusing $cat"
	else
		say "[$n] catalog: generating $cat (gen_catalog.py $args)"
		rm -rf "$cat" "$cat.tmp"
		python3 "$shared/gen/gen_catalog.py" $args --out "$cat.tmp" >"$CACHE/gen-$n.log" 2>&1 ||
			{ cat "$CACHE/gen-$n.log" >&2; die "the generator failed"; }
		echo "$stamp" >"$cat.tmp/.git/ocop-bench-stamp"
		mv "$cat.tmp" "$cat"
	fi
	echo "$cat"
}

# --- the machine -------------------------------------------------------------
# What the binary was built from: OCOP_LABEL, else this repository's state
# when the binary lies inside it.
case $ocop in
"$root"/*)
	commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "?")
	dirty=$(git -C "$root" --no-optional-locks status --porcelain -- src themes 2>/dev/null | wc -l)
	[ "$dirty" -gt 0 ] && commit="$commit + uncommitted changes in $dirty files of src/ and themes/" ;;
*)	commit="built outside this repository" ;;
esac
commit=${OCOP_LABEL:-$commit}
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
mem_gb=$(awk '/^MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
fs_tmpfs=$(stat -f -c %T "$shm"); fs_disk=$(stat -f -c %T "$work")
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
say "ocop: $ocop ($commit); floor: $floor; runs: $RUNS; sizes: $SIZES; output: $MEDIA"

rows=$work/rows.md; ratios=$work/ratios.md; notes=$work/notes.md
: >"$rows"; : >"$ratios"; : >"$notes"
bigcat=; smallcat=

for n in $SIZES; do
	cat=$(catalog "$n")
	[ -z "$smallcat" ] && smallcat=$cat
	bigcat=$cat
	nprod=$(git -C "$cat" ls-tree -r --name-only HEAD content/products | grep '\.md$' | grep -vc '\.[a-z][a-z]\.md$' || true)
	ncommits=$(git -C "$cat" rev-list --count HEAD)
	say "[$n] $ncommits commits, $nprod products at HEAD (drafts included)"

	# reading the input: every blob at HEAD, once
	m=$work/m/$n-read; : >"$m"
	i=0; while [ $i -lt "$RUNS" ]; do
		timed "$m" /dev/null sh -c 'git -C "$1" archive HEAD >/dev/null' sh "$cat" >/dev/null
		i=$((i + 1))
	done
	printf '| %s | read the input (`git archive HEAD`) | – | %s | %s | %s | | | | |\n' \
		"$n" "$(summ "$m" 1 1 %.2f)" "$(summ "$m" 2 1 %.2f)" "$(summ "$m" 3 0.001024 %.0f)" >>"$rows"

	# the clone that the rebuild commits to; its HEAD is the catalog's
	rm -rf "$work/clone"
	git clone -q "$cat" "$work/clone"
	prod=$(git -C "$work/clone" ls-files 'content/products/*.md' | grep -v '\.en\.md$' |
		while read -r f; do grep -q '^price: { from: [0-9]' "$work/clone/$f" && { echo "$f"; break; }; done)
	[ -n "$prod" ] || die "no product with a price in $cat"
	k=0

	for medium in $MEDIA; do
		base=$(place "$medium")
		out=$base/ocop-$n; hout=$base/hugo-$n; fout=$base/floor-$n
		mo=$work/m/$n-$medium-ocop; mh=$work/m/$n-$medium-hugo
		mf=$work/m/$n-$medium-floor; mr=$work/m/$n-$medium-rebuild
		: >"$mo"; : >"$mh"; : >"$mf"; : >"$mr"
		i=0; while [ $i -lt "$RUNS" ]; do
			i=$((i + 1))
			# a full build: no previous site, and no spare (out.h)
			rm -rf "$out" "$base/.ocop-$n.spare"
			t=$(timed "$mo" "$work/ocop.log" "$bin" -C "$cat" build -q -o "$out") ||
				{ failed "$work/ocop.log"; die "ocop build failed on $cat"; }
			ht=
			if [ -z "$hugo_note" ]; then
				rm -rf "$hout"
				if ht=$(timed "$mh" "$work/hugo.log" sh "$shared/hugo/build.sh" "$cat" "$hout" --git); then
					ht=", Hugo --git $ht"
				else
					tail -20 "$work/hugo.log" >&2
					hugo_note="skipped after a failed build (at $n products, see above)"
					ht=", Hugo failed"
				fi
			fi
			say "[$n] $medium run $i/$RUNS: ocop $t$ht"
		done
		# (severities in the catalog's language: Vietnamese here)
		warnings=$(grep -cE ': (warning|cảnh báo): ' "$work/ocop.log" || true)
		errors=$(grep -cE ': (error|lỗi): ' "$work/ocop.log" || true)
		set -- $(tree "$out"); ofiles=$1 obytes=$2 omax=$3 omaxp=$4 obig=$5

		# the floor: ocop's files written again
		i=0; while [ $i -lt "$RUNS" ]; do
			i=$((i + 1))
			rm -rf "$fout"
			"$floor" "$out" "$fout" >"$work/floor.out" || die "the floor writer failed"
			sed 's/.*write_wall=\([0-9.]*\) write_cpu=\([0-9.]*\).*/\1 \2 0/' "$work/floor.out" >>"$mf"
		done
		rm -rf "$fout"

		# the rebuild after a one-product commit
		: >"$work/rw"
		i=0; while [ $i -lt "$RUNS" ]; do
			i=$((i + 1)); k=$((k + 1))
			snap "$out" "$work/before"
			# the price, in the product and its translation (they must agree)
			for f in "$prod" "${prod%.md}.en.md"; do
				[ -f "$work/clone/$f" ] &&
					sed -i "s/^price: { from: [0-9]*/price: { from: $((10000 + 1000 * k))/" "$work/clone/$f"
			done
			(cd "$work/clone" &&
			 GIT_AUTHOR_DATE="$((1767225600 + 60 * k)) +0700" GIT_COMMITTER_DATE="$((1767225600 + 60 * k)) +0700" \
			 git -c user.name=bench -c user.email=bench@example.invalid commit -qam "Cập nhật giá $prod")
			t=$(timed "$mr" "$work/ocop.log" "$bin" -C "$work/clone" build -q -o "$out") ||
				{ failed "$work/ocop.log"; die "ocop rebuild failed"; }
			snap "$out" "$work/after"
			# path inode size md5: rewritten = new inode (or new path), changed = new bytes
			awk -F'\t' 'NR == FNR { ino[$1] = $2; h[$1] = $4; next }
				{ if (ino[$1] != $2) { rw++; rwb += $3 } if (h[$1] != $4) ch++ }
				END { printf "%d %d %d\n", rw, rwb, ch }' "$work/before" "$work/after" >>"$work/rw"
			say "[$n] $medium rebuild $i/$RUNS: $t, $(tail -1 "$work/rw" | awk '{ print $1 " files rewritten, " $3 " changed" }')"
		done
		set -- $(tail -1 "$work/rw"); rw=$1 rwb=$2 ch=$3

		printf '| %s | ocop, full build | %s | %s | %s | %s | %s | %s | %s kB (%s); %s over 100 kB | all |\n' \
			"$n" "$medium" "$(summ "$mo" 1 1 %.2f)" "$(summ "$mo" 2 1 %.2f)" "$(summ "$mo" 3 0.001024 %.0f)" \
			"$ofiles" "$(mb "$obytes")" "$(kb "$omax")" "$omaxp" "$obig" >>"$rows"
		if [ -s "$mh" ]; then
			set -- $(tree "$hout")
			printf '| %s | Hugo %s, `enableGitInfo` | %s | %s | %s | %s | %s | %s | %s kB (%s); %s over 100 kB | all |\n' \
				"$n" "$hugo_version" "$medium" "$(summ "$mh" 1 1 %.2f)" "$(summ "$mh" 2 1 %.2f)" \
				"$(summ "$mh" 3 0.001024 %.0f)" "$1" "$(mb "$2")" "$(kb "$3")" "$4" "$5" >>"$rows"
		fi
		printf '| %s | floor: `tools/floor` writes the same files | %s | %s | %s | – | %s | %s | | all |\n' \
			"$n" "$medium" "$(summ "$mf" 1 1 %.2f)" "$(summ "$mf" 2 1 %.2f)" "$ofiles" "$(mb "$obytes")" >>"$rows"
		printf '| %s | ocop, rebuild after a one-product commit | %s | %s | %s | %s | | | | %s files, %s MB (%s changed) |\n' \
			"$n" "$medium" "$(summ "$mr" 1 1 %.2f)" "$(summ "$mr" 2 1 %.2f)" "$(summ "$mr" 3 0.001024 %.0f)" \
			"$rw" "$(mb "$rwb")" "$ch" >>"$rows"

		ow=$(med "$mo" 1); oc=$(med "$mo" 2)
		hw=; hc=; [ -s "$mh" ] && { hw=$(med "$mh" 1); hc=$(med "$mh" 2); }
		printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$medium" \
			"$(ratio "$hw" "$ow")" "$(ratio "$hc" "$oc")" "$(ratio "$ow" "$(med "$mf" 1)")" \
			"$(ratio "$(med "$mr" 1)" "$ow")" "$rw of $ofiles" \
			"$(awk -v w="$ow" -v n="$n" 'BEGIN { printf "%.2f", w * 1000 / n }')" \
			"$(awk -v c="$oc" -v n="$n" 'BEGIN { printf "%.2f", c * 1000 / n }')" >>"$ratios"
		rm -rf "$out" "$hout" "$base/.ocop-$n.spare"
	done
	echo "- $n products: $ncommits commits; ocop printed $warnings warnings and $errors errors per build (the \`provinces\`/\`communes\` keys of \`--hugo-keys\` are unknown fields to ocop); the rebuild changes the price of \`$prod\`." >>"$notes"
done

# --- profile -------------------------------------------------------------------
prof=
if [ "$PROFILE" = 1 ]; then
	if perf record -q -o "$work/perf.probe" true >/dev/null 2>&1; then
		say "profile: perf record of ocop's full build of $bigcat"
		rm -rf "$shm/prof"
		perf record -q -F 999 -o "$work/perf.data" "$bin" -C "$bigcat" build -q -o "$shm/prof" >/dev/null 2>&1
		prof="perf, full build of $(basename "$bigcat") into tmpfs, self time by symbol:
$(perf report -i "$work/perf.data" --stdio --no-children --sort dso,symbol 2>/dev/null |
	grep -v '^#' | grep -v '^[[:space:]]*$' | sed 's/[[:space:]-]*$//' | head -10)"
	elif command -v valgrind >/dev/null; then
		say "profile: perf does not work here; callgrind on $smallcat"
		rm -rf "$shm/prof"
		valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$bin" -C "$smallcat" build -q -o "$shm/prof" >/dev/null 2>&1
		prof="callgrind, full build of $(basename "$smallcat"), instructions by function:
$(callgrind_annotate "$work/cg.out" 2>/dev/null | sed -n '/^Ir/,$p' | sed -n '3,12p')"
	else
		prof="no profile: neither perf nor valgrind works here"
	fi
	rm -rf "$shm/prof"
fi

# --- the report ------------------------------------------------------------------
report=$CACHE/report-$(date -u +%Y%m%d-%H%M%S).md
{
	echo "Run of $started, ocop $commit (binary: $ocop, sha256 $(sha256sum "$bin" | cut -c1-12)),"
	echo "Hugo: ${hugo_version:-$hugo_note}; $RUNS run(s) of each measurement; build date $ASOF."
	echo "Machine: $(nproc) CPUs ($cpu_model), $mem_gb GB, Linux $(uname -r);"
	echo "output on tmpfs ($TMPFS, $fs_tmpfs) and disk ($DISK, $fs_disk);"
	echo "load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end."
	echo
	cat "$notes"
	echo
	echo "| products | build | output | wall s (min / median / max) | CPU s | peak MB | files | MB | largest HTML page | files rewritten |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
	cat "$rows"
	echo
	echo "Ratios of medians (targets of #12 at 20,000 products on tmpfs in brackets):"
	echo
	echo "| products | output | Hugo / ocop, wall (≥ 30) | Hugo / ocop, CPU | ocop / floor, wall (≤ 1.5) | rebuild / full, wall (≤ 0.10) | rewritten by the rebuild | ocop wall per product, ms | ocop CPU per product, ms |"
	echo "|---|---|---|---|---|---|---|---|---|"
	cat "$ratios"
	if [ -n "$prof" ]; then
		echo
		echo '```'
		echo "$prof"
		echo '```'
	fi
} | tee "$report"
say "report saved in $report"
