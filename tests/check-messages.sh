#!/bin/sh
# Checks the message catalogues, messages/<code>.po (one per language,
# messages/README.md):
#  - every message filed with diag_error, diag_warning or diag_hint in
#    src/, every line printed with diag_say, and every text formatted
#    with msg_putf or msg_printf has a msgstr in each catalogue but
#    English's (en.po: the msgids are the English texts);
#  - every msgstr reads the same arguments as its msgid: the same printf
#    conversions, in the same order or reordered with "%n$" forms.
#
# The format argument of each call is read as C reads it: comments are
# skipped, a call may span lines, adjacent string literals are one
# string, and both strings of a `cond ? "a" : "b"` are checked.  A
# format that is not a string literal at all cannot be checked and
# counts as a failure (write the literal at the call instead).  Strings
# are compared as written in the source, escapes and all.
#
# A table of formats (util/diag.h) marks each literal DIAG_FORMAT("..."),
# checked wherever it stands, and its call passes DIAG_FORMAT(r->field):
# accepted when the same file marks at least one literal, a failure
# otherwise.
#
# Prints each message that has no translation and each entry whose
# conversions differ, then the line
#   messages: N passed, N failed
# POSIX sh and awk only (mawk or gawk).  Run from the repository root,
# or give the root as the first argument.
set -u
ROOT=${1:-.}
cd "$ROOT" || exit 2
CATALOGUES=$(ls messages/*.po 2>/dev/null | grep -v '^messages/en\.po$' | tr '\n' ' ')
[ -n "$CATALOGUES" ] || { echo "check-messages: no messages/*.po" >&2; exit 2; }

# shellcheck disable=SC2046
set -- $(ls src/*.c src/*/*.c 2>/dev/null)

awk -v catalogues="$CATALOGUES" '
# --- a small C tokenizer: tt[] type (S string, C char, I identifier,
# P punctuation), tv[] value (a string literal without its quotes, as
# written), tl[] line.  Comments and preprocessor lines are dropped.
function tokenize(text,    i, n, c, d, line, start, bol, j) {
	nt = 0; n = length(text); line = 1; bol = 1; i = 1
	while (i <= n) {
		c = substr(text, i, 1)
		if (c == "\n") { line++; bol = 1; i++; continue }
		if (c == " " || c == "\t" || c == "\r" || c == "\f") { i++; continue }
		if (c == "#" && bol) {            # preprocessor line, with continuations
			while (i <= n) {
				d = substr(text, i, 1)
				if (d == "\\" && substr(text, i + 1, 1) == "\n") { line++; i += 2; continue }
				if (d == "\n") break
				i++
			}
			continue
		}
		bol = 0
		d = substr(text, i, 2)
		if (d == "/*") {
			i += 2
			while (i <= n && substr(text, i, 2) != "*/") {
				if (substr(text, i, 1) == "\n") line++
				i++
			}
			i += 2; continue
		}
		if (d == "//") {
			while (i <= n && substr(text, i, 1) != "\n") i++
			continue
		}
		if (c == "\"" || c == "\x27") {
			start = i + 1; j = start
			while (j <= n) {
				d = substr(text, j, 1)
				if (d == "\\") { j += 2; continue }
				if (d == c || d == "\n") break
				j++
			}
			nt++; tt[nt] = (c == "\"") ? "S" : "C"
			tv[nt] = substr(text, start, j - start); tl[nt] = line
			i = j + 1; continue
		}
		if (c ~ /[A-Za-z_]/) {
			j = i
			while (j <= n && substr(text, j, 1) ~ /[A-Za-z0-9_]/) j++
			nt++; tt[nt] = "I"; tv[nt] = substr(text, i, j - i); tl[nt] = line
			i = j; continue
		}
		nt++; tt[nt] = "P"; tv[nt] = c; tl[nt] = line
		i++
	}
}

# The string of a catalogue line after its keyword, as written (the
# escapes kept, as the C tokenizer keeps them).
function po_string(line) {
	sub(/^[ \t]*(msgid|msgstr)?[ \t]*"/, "", line)
	sub(/"[ \t\r]*$/, "", line)
	return line
}

# The arguments a printf format reads, as "1:spec;2:spec;...": each
# conversion (its flags, width, precision, length and letter, without
# "n$") at the argument it reads, and "*" at one a width or precision
# reads.  So "%s %d" and "%2$d %1$s" read the same arguments.
function convs(s,    n, i, c, pos, j, spec, arg, seq, maxi, k, out) {
	n = length(s); i = 1; seq = 0; maxi = 0
	split("", arg)
	while (i <= n) {
		if (substr(s, i, 1) != "%") { i++; continue }
		i++
		if (substr(s, i, 1) == "%") { i++; continue }
		pos = 0; j = i
		while (substr(s, j, 1) ~ /[0-9]/) j++
		if (j > i && substr(s, j, 1) == "$") { pos = substr(s, i, j - i) + 0; i = j + 1 }
		spec = ""
		while (substr(s, i, 1) ~ /[-+ #0\047]/) { spec = spec substr(s, i, 1); i++ }
		for (k = 0; k < 2; k++) {         # width, then precision
			if (k == 1) {
				if (substr(s, i, 1) != ".") break
				spec = spec "."; i++
			}
			if (substr(s, i, 1) == "*") {
				i++; j = i
				while (substr(s, j, 1) ~ /[0-9]/) j++
				if (j > i && substr(s, j, 1) == "$") { c = substr(s, i, j - i) + 0; i = j + 1 }
				else c = ++seq
				arg[c] = "*"; if (c > maxi) maxi = c
				spec = spec "*"
			} else {
				while (substr(s, i, 1) ~ /[0-9]/) { spec = spec substr(s, i, 1); i++ }
			}
		}
		while (substr(s, i, 1) ~ /[hlLqjzZt]/) { spec = spec substr(s, i, 1); i++ }
		spec = spec substr(s, i, 1); i++
		if (!pos) pos = ++seq
		arg[pos] = spec; if (pos > maxi) maxi = pos
	}
	out = ""
	for (k = 1; k <= maxi; k++) out = out k ":" ((k in arg) ? arg[k] : "?") ";"
	return out
}

# Reads each catalogue: known[lang SUBSEP msgid] = 1, and a failure
# for each entry whose msgstr reads other arguments than its msgid.
function read_catalogues(    nc, files, f, path, lang, line, what, id, str, at, ln) {
	nc = split(catalogues, files, " ")
	nlangs = 0
	for (f = 1; f <= nc; f++) {
		path = files[f]
		lang = path; sub(/^.*\//, "", lang); sub(/\.po$/, "", lang)
		langs[++nlangs] = lang; langfile[lang] = path
		what = ""; ln = 0
		while ((getline line < path) > 0) {
			ln++
			if (line ~ /^[ \t]*msgid[ \t]/) {
				check_entry(path, at, lang, id, str, what)
				id = po_string(line); str = ""; what = "id"; at = ln
			} else if (line ~ /^[ \t]*msgstr[ \t]/) {
				str = po_string(line); what = "str"
			} else if (line ~ /^[ \t]*"/) {
				if (what == "id") id = id po_string(line)
				else if (what == "str") str = str po_string(line)
			}
		}
		close(path)
		check_entry(path, at, lang, id, str, what)
	}
}

function check_entry(path, at, lang, id, str, what) {
	if (what != "str" || id == "") return
	known[lang SUBSEP id] = 1
	if (convs(id) != convs(str))
		report(path, at, "the msgstr reads other arguments than the msgid (" convs(str) " for " convs(id) "): \"" id "\"")
}

function report(file, line, what) {
	failed++
	printf "%s:%d: %s\n", file, line, what
}

# Checks the string literals of the format argument, tokens a..b.  A
# format in DIAG_FORMAT() is left to scan_marks().
function check_format(file, call, a, b,    k, s, have, any, l, missing) {
	if (tt[a] == "I" && tv[a] == "DIAG_FORMAT") return
	have = 0; any = 0
	for (k = a; k <= b + 1; k++) {
		if (k <= b && tt[k] == "S") {
			s = have ? s tv[k] : tv[k]
			have = 1
			continue
		}
		if (have) {
			any = 1
			missing = 0
			for (l = 1; l <= nlangs; l++)
				if (!((langs[l] SUBSEP s) in known)) {
					report(file, tl[k - 1], "no text in " langfile[langs[l]] ": \"" s "\"")
					missing = 1
				}
			if (!missing) passed++
			have = 0
		}
	}
	if (!any)
		report(file, tl[a], call ": the format is not a string literal, so it cannot be translated")
}

function scan_calls(file,    k, m, depth, argn, fmtarg, a, prev) {
	for (k = 1; k < nt; k++) {
		if (tt[k] != "I" || tv[k] !~ /^(diag_(error|warning|hint|say)|msg_(putf|printf))$/) continue
		if (!(tt[k + 1] == "P" && tv[k + 1] == "(")) continue
		prev = k > 1 ? tv[k - 1] : ""
		# a declaration or definition ("int diag_error(...)"), not a call
		if (k > 1 && tt[k - 1] == "I" && prev != "return" && prev != "else" && prev != "do") continue
		fmtarg = tv[k] == "diag_hint" ? 2 : tv[k] ~ /^(diag_say|msg_)/ ? 3 : 4
		depth = 0; argn = 1; a = 0
		for (m = k + 1; m <= nt; m++) {
			if (tt[m] == "P" && (tv[m] == "(" || tv[m] == "[" || tv[m] == "{")) {
				depth++
				if (depth == 1) { a = m + 1; continue }
			} else if (tt[m] == "P" && (tv[m] == ")" || tv[m] == "]" || tv[m] == "}")) {
				depth--
				if (depth == 0) { if (argn == fmtarg) check_format(file, tv[k], a, m - 1); break }
			} else if (depth == 1 && tt[m] == "P" && tv[m] == ",") {
				if (argn == fmtarg) check_format(file, tv[k], a, m - 1)
				argn++; a = m + 1
			}
		}
		if (argn < fmtarg)
			report(file, tl[k], tv[k] ": cannot find the format argument")
	}
}

# DIAG_FORMAT(...) in a table or at a call: its literals are checked as
# a format; one without literals (a field of a table, at the call) needs a
# file that marks its literals.
function scan_marks(file,    k, m, depth, lit, nonlit, first, any) {
	lit = 0; nonlit = 0
	for (k = 1; k < nt; k++) {
		if (tt[k] != "I" || tv[k] != "DIAG_FORMAT") continue
		if (!(tt[k + 1] == "P" && tv[k + 1] == "(")) continue
		depth = 0; any = 0
		for (m = k + 1; m <= nt; m++) {
			if (tt[m] == "P" && tv[m] == "(") depth++
			else if (tt[m] == "P" && tv[m] == ")" && --depth == 0) break
			else if (tt[m] == "S") any = 1
		}
		if (any) { check_format(file, "DIAG_FORMAT", k + 2, m - 1); lit++ }
		else if (!nonlit++) first = tl[k]
	}
	if (nonlit && !lit)
		report(file, first, "DIAG_FORMAT: no literal in this file is marked DIAG_FORMAT(\"...\"), so the format cannot be checked")
}

function slurp(path,    text, l) {
	text = ""
	while ((getline l < path) > 0) text = text l "\n"
	close(path)
	return text
}

BEGIN {
	passed = 0; failed = 0
	read_catalogues()
	for (f = 1; f < ARGC; f++) {
		tokenize(slurp(ARGV[f]))
		# diag.c and msg.c format what their callers pass: only
		# their marks count
		if (ARGV[f] != "src/util/diag.c" && ARGV[f] != "src/util/msg.c")
			scan_calls(ARGV[f])
		scan_marks(ARGV[f])
	}
	printf "messages: %d passed, %d failed\n", passed, failed
	exit failed ? 1 : 0
}
' "$@"
