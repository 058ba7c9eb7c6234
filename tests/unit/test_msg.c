/*
 * test_msg.c - the message catalogues (messages/<code>.po, compiled in
 * by tools/msgcat.c) and their lookup in util/msg.c.
 *
 * diag.c formats the translation of a message with the arguments the
 * call site passed for the English one, so a pair whose conversions
 * differ would read the wrong argument (or crash).  Every pair is
 * checked here: its conversion specifications are parsed as printf(3)
 * reads them (flags, width, precision with "*", length modifier,
 * conversion, and glibc's "%n$" positional forms) into one record per
 * argument, and the two lists of records must be equal.  The translated
 * side may reorder its arguments with "%n$" forms, since each record is
 * kept at its argument's position.
 *
 * Each catalogue must also be sorted with no duplicate English key, have
 * no empty text, and translations in valid UTF-8 in Unicode NFC (the
 * composed form editors and terminals expect), written in the house
 * style of messages (lowercase at the start and no full stop at the
 * end) wherever the English is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <utf8proc.h>

#include "util/msg.h"
#include "util/sbuf.h"
#include "util/banned.h"

enum { MAX_ARGS = 16, REC_LEN = 48 };

/* The arguments a format reads, by position (1-based; [0] unused). */
struct args {
	int n;                        /* highest position read */
	char rec[MAX_ARGS + 1][REC_LEN];
	const char *error;            /* a static reason, when not valid */
};

/* Reads "123$" at *p: the position, or 0 (and *p unmoved) when absent. */
static int
read_position(const char **p)
{
	const char *q = *p;
	int n = 0;
	while (*q >= '0' && *q <= '9' && n < 1000)
		n = n * 10 + (*q++ - '0');
	if (q == *p || *q != '$' || n == 0)
		return 0;
	*p = q + 1;
	return n;
}

static void
skip_digits(const char **p)
{
	while (**p >= '0' && **p <= '9')
		(*p)++;
}

/* Files rec as what argument pos is; a position read twice must be
 * read as the same thing. */
static void
put_arg(struct args *a, int pos, const char *rec)
{
	if (a->error)
		return;
	if (pos < 1 || pos > MAX_ARGS) {
		a->error = "argument position out of range";
		return;
	}
	if (a->rec[pos][0] && strcmp(a->rec[pos], rec)) {
		a->error = "one argument read as two different types";
		return;
	}
	snprintf(a->rec[pos], REC_LEN, "%s", rec);
	if (pos > a->n)
		a->n = pos;
}

/*
 * Parses fmt into a.  Each value argument is recorded as
 * "flags|width|precision|length conversion", with "*" for a width or
 * precision taken from an argument (which is recorded as "int" at its
 * own position).  Sequential and positional forms may not be mixed, and
 * positions may not leave gaps, as POSIX requires.
 */
static void
parse_format(const char *fmt, struct args *a)
{
	memset(a, 0, sizeof(*a));
	int next = 1;                 /* the next sequential argument */
	int mode = 0;                 /* 0 unknown, 1 sequential, 2 positional */
	for (const char *p = fmt; *p && !a->error; p++) {
		if (*p != '%')
			continue;
		p++;
		if (*p == '%')
			continue;
		int pos = read_position(&p);
		int this_mode = pos ? 2 : 1;
		if (mode && mode != this_mode) {
			a->error = "positional and sequential conversions mixed";
			return;
		}
		mode = this_mode;

		const char *flags = p;
		while (*p && strchr("-+ #0'I", *p))
			p++;
		char flagbuf[8];
		snprintf(flagbuf, sizeof(flagbuf), "%.*s", (int)(p - flags), flags);

		char width[12] = "", prec[12] = "";
		if (*p == '*') {
			p++;
			int wpos = read_position(&p);
			if (mode == 2 && !wpos) {
				a->error = "\"*\" without a position in a positional format";
				return;
			}
			put_arg(a, mode == 2 ? wpos : next++, "int");
			snprintf(width, sizeof(width), "*");
		} else {
			const char *w = p;
			skip_digits(&p);
			snprintf(width, sizeof(width), "%.*s", (int)(p - w), w);
		}
		if (*p == '.') {
			p++;
			if (*p == '*') {
				p++;
				int ppos = read_position(&p);
				if (mode == 2 && !ppos) {
					a->error = "\"*\" without a position in a positional format";
					return;
				}
				put_arg(a, mode == 2 ? ppos : next++, "int");
				snprintf(prec, sizeof(prec), ".*");
			} else {
				const char *d = p;
				skip_digits(&p);
				snprintf(prec, sizeof(prec), ".%.*s", (int)(p - d), d);
			}
		}

		const char *len = p;
		while (*p && strchr("hlLqjzZt", *p))
			p++;
		size_t len_n = (size_t)(p - len);
		if (!*p || !strchr("diouxXeEfFgGaAcsCSpnm", *p)) {
			a->error = "unknown conversion";
			return;
		}
		if (*p == 'm')           /* glibc: strerror(errno), no argument */
			continue;
		char rec[REC_LEN];
		snprintf(rec, sizeof(rec), "%s|%s|%s|%.*s%c", flagbuf, width, prec,
			 (int)len_n, len, *p);
		put_arg(a, mode == 2 ? pos : next++, rec);
	}
	for (int i = 1; i <= a->n && !a->error; i++)
		if (!a->rec[i][0])
			a->error = "an argument position is never read";
}

/* Fails with both texts when en and vi do not read the same arguments. */
static bool
same_args(const char *en, const char *vi, bool report)
{
	struct args ea, va;
	parse_format(en, &ea);
	parse_format(vi, &va);
	const char *why = ea.error ? ea.error : va.error;
	if (!why && ea.n != va.n)
		why = "a different number of arguments";
	for (int i = 1; !why && i <= ea.n; i++)
		if (strcmp(ea.rec[i], va.rec[i]))
			why = "an argument read differently";
	if (why && report)
		print_error("%s:\n  en: %s\n  vi: %s\n", why, en, vi);
	return !why;
}

static void
test_msg_parser_reads_argument_types(void **state)
{
	(void)state;
	struct args a;
	parse_format("\"%s\" at %u:%u (%.*s) %-5ld%% %04X %zu %m", &a);
	assert_null(a.error);
	assert_int_equal(a.n, 8);
	assert_string_equal(a.rec[1], "|||s");
	assert_string_equal(a.rec[2], "|||u");
	assert_string_equal(a.rec[4], "int");        /* the precision of %.*s */
	assert_string_equal(a.rec[5], "||.*|s");
	assert_string_equal(a.rec[6], "-|5||ld");
	assert_string_equal(a.rec[7], "0|4||X");
	assert_string_equal(a.rec[8], "|||zu");
	parse_format("%2$s %1$*3$d", &a);
	assert_null(a.error);
	assert_int_equal(a.n, 3);
	assert_string_equal(a.rec[1], "|*||d");
	assert_string_equal(a.rec[2], "|||s");
	assert_string_equal(a.rec[3], "int");
}

static void
test_msg_parser_rejects_bad_formats(void **state)
{
	(void)state;
	struct args a;
	parse_format("%1$s %s", &a);
	assert_non_null(a.error);                     /* mixed forms */
	parse_format("%2$s", &a);
	assert_non_null(a.error);                     /* position 1 never read */
	parse_format("%1$s %1$d", &a);
	assert_non_null(a.error);                     /* one argument, two types */
	parse_format("%y", &a);
	assert_non_null(a.error);
	parse_format("%", &a);
	assert_non_null(a.error);
}

static void
test_msg_compare_catches_mismatches(void **state)
{
	(void)state;
	assert_true(same_args("a %s b %d", "x %s y %d", false));
	assert_true(same_args("a %s b %d", "%2$d trước %1$s", false));
	assert_true(same_args("%.*s in %s", "%2$s có %1$.*3$s", false) == false);
	assert_true(same_args("%.*s in %s", "%3$s có %2$.*1$s", true));
	assert_true(same_args("100%% %s", "%s 100%%", false));
	assert_false(same_args("%s", "%d", false));
	assert_false(same_args("%s %s", "%s", false));
	assert_false(same_args("%.*s", "%s", false));
	assert_false(same_args("%ld", "%d", false));
	assert_false(same_args("%.7s", "%s", false));
	assert_false(same_args("%zu", "%u", false));
}

/* Every entry of every catalogue, as (language, entry) in turn. */
#define EACH_ENTRY(l, e)                                              \
	for (const struct msg_lang *l = msg_langs;                     \
	     l < msg_langs + msg_nlangs; l++)                          \
		for (const struct msg_entry *e = l->v; e < l->v + l->n; e++)

static void
test_msg_every_pair_reads_the_same_arguments(void **state)
{
	(void)state;
	size_t bad = 0;
	EACH_ENTRY(l, e)
		if (!same_args(e->id, e->str, true))
			bad++;
	assert_int_equal(bad, 0);
}

/* The lookup finds every entry, and nothing for a text not in it. */
static void
test_msg_find_finds_every_entry(void **state)
{
	(void)state;
	EACH_ENTRY(l, e)
		assert_ptr_equal(msg_find(l, e->id), e->str);
	const struct msg_lang *vi = msg_lang_find("vi");
	assert_non_null(vi);
	assert_null(msg_find(vi, ""));
	assert_null(msg_find(vi, "no such message %s"));
	char copy[256];       /* by content, not by address */
	snprintf(copy, sizeof(copy), "%s", vi->v[0].id);
	assert_ptr_equal(msg_find(vi, copy), vi->v[0].str);
}

/* Sorted, strictly: the binary search needs it, and it means no
 * English key is there twice (tools/msgcat.c refuses both). */
static void
test_msg_english_keys_are_sorted_and_unique(void **state)
{
	(void)state;
	size_t bad = 0;
	EACH_ENTRY(l, e)
		if (e > l->v && strcmp(e[-1].id, e->id) >= 0) {
			print_error("out of order or twice in %s: %s\n", l->code,
				    e->id);
			bad++;
		}
	assert_int_equal(bad, 0);
}

static void
test_msg_no_empty_text(void **state)
{
	(void)state;
	size_t bad = 0;
	EACH_ENTRY(l, e)
		if (!e->id || !*e->id || !e->str || !*e->str) {
			print_error("empty text in %s (%s)\n", l->code,
				    e->id ? e->id : "NULL");
			bad++;
		}
	assert_int_equal(bad, 0);
}

static void
test_msg_translations_are_valid_utf8_in_nfc(void **state)
{
	(void)state;
	size_t bad = 0;
	EACH_ENTRY(l, e) {
		const char *t = e->str;
		const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)t;
		utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(t);
		utf8proc_int32_t cp;
		bool valid = true;
		for (utf8proc_ssize_t k = 0; k < len;) {
			utf8proc_ssize_t n = utf8proc_iterate(s + k, len - k, &cp);
			if (n <= 0) {
				valid = false;
				break;
			}
			k += n;
		}
		if (!valid) {
			print_error("not valid UTF-8: %s\n", t);
			bad++;
			continue;
		}
		utf8proc_uint8_t *nfc = utf8proc_NFC(s);
		if (!nfc || strcmp((const char *)nfc, t)) {
			print_error("not in NFC: %s\n", t);
			bad++;
		}
		free(nfc);
	}
	assert_int_equal(bad, 0);
}

/* The first code point of s is not an uppercase letter, and s does not
 * end with a full stop (an ellipsis "..." is fine). */
static bool
house_style(const char *s)
{
	utf8proc_int32_t cp;
	size_t n = strlen(s);
	if (utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
			     &cp) <= 0)
		return false;
	if (utf8proc_tolower(cp) != cp)
		return false;
	return !(n && s[n - 1] == '.' && !(n >= 3 && !strcmp(s + n - 3, "...")));
}

/* A message in the house style (lowercase, no full stop) keeps it in
 * every language; the sentences of a document (the report's) are
 * written as their English is. */
static void
test_msg_translations_in_house_style(void **state)
{
	(void)state;
	size_t bad = 0;
	EACH_ENTRY(l, e)
		if (house_style(e->id) && !house_style(e->str)) {
			print_error("capital first letter or full stop: %s\n",
				    e->str);
			bad++;
		}
	assert_int_equal(bad, 0);
}

static void
test_msg_find_finds_a_known_entry(void **state)
{
	(void)state;
	const struct msg_lang *vi = msg_lang_find("vi");
	assert_string_equal(msg_find(vi, "missing required field \"%s\""),
			    "thiếu trường bắt buộc \"%s\"");
	assert_string_equal(msg_find(vi, "stars must be 3, 4 or 5, found %ld"),
			    "stars phải là 3, 4 hoặc 5, nhưng đang ghi %ld");
	/* the first and the last entries are reachable */
	assert_ptr_equal(msg_find(vi, vi->v[0].id), vi->v[0].str);
	assert_ptr_equal(msg_find(vi, vi->v[vi->n - 1].id), vi->v[vi->n - 1].str);
}

static void
test_msg_find_is_null_for_an_unknown_entry(void **state)
{
	(void)state;
	const struct msg_lang *vi = msg_lang_find("vi");
	assert_null(msg_find(vi, "no message is written like this %d"));
	assert_null(msg_find(vi, ""));
	/* lookup is exact: case and trailing text matter */
	assert_null(msg_find(vi, "Missing required field \"%s\""));
	assert_null(msg_find(vi, "missing required field \"%s\" "));
	/* English has no entries: its text is the format itself */
	assert_null(msg_find(msg_lang_find("en"), "missing required field \"%s\""));
	assert_string_equal(msg_get(msg_lang_find("en"), "x %s"), "x %s");
	assert_string_equal(msg_get(NULL, "x %s"), "x %s");
}

/* Languages are found by code; the pick falls back from --lang to
 * site.yaml's language to the default. */
static void
test_msg_lang_pick_falls_back(void **state)
{
	(void)state;
	const struct msg_lang *vi = msg_lang_find("vi"), *en = msg_lang_find("en");
	assert_non_null(vi);
	assert_non_null(en);
	assert_null(msg_lang_find("xx"));
	assert_null(msg_lang_find(NULL));
	assert_ptr_equal(msg_lang_pick("en", "vi"), en);
	assert_ptr_equal(msg_lang_pick(NULL, "en"), en);
	assert_ptr_equal(msg_lang_pick("xx", "en"), en);
	assert_ptr_equal(msg_lang_pick(NULL, "fr"), vi);
	assert_ptr_equal(msg_lang_pick(NULL, NULL), vi);
	assert_string_equal(msg_plural(en, 2), "s");
	assert_string_equal(msg_plural(en, 1), "");
	assert_string_equal(msg_plural(vi, 2), "");
	struct sbuf sb = SBUF_INIT;
	msg_lang_list(&sb, "|", " or ");
	assert_string_equal(sb.data, "vi or en");
	sbuf_release(&sb);
}

/* The report's date is written in the order of the language. */
static void
test_msg_putf_formats_in_the_language(void **state)
{
	(void)state;
	struct sbuf sb = SBUF_INIT;
	msg_putf(&sb, msg_lang_find("vi"), "%04d-%02d-%02d", 2026, 3, 9);
	sbuf_putc(&sb, ' ');
	msg_putf(&sb, msg_lang_find("en"), "%04d-%02d-%02d", 2026, 3, 9);
	assert_string_equal(sb.data, "09/03/2026 2026-03-09");
	sbuf_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_msg_parser_reads_argument_types),
		cmocka_unit_test(test_msg_parser_rejects_bad_formats),
		cmocka_unit_test(test_msg_compare_catches_mismatches),
		cmocka_unit_test(test_msg_every_pair_reads_the_same_arguments),
		cmocka_unit_test(test_msg_find_finds_every_entry),
		cmocka_unit_test(test_msg_english_keys_are_sorted_and_unique),
		cmocka_unit_test(test_msg_no_empty_text),
		cmocka_unit_test(test_msg_translations_are_valid_utf8_in_nfc),
		cmocka_unit_test(test_msg_translations_in_house_style),
		cmocka_unit_test(test_msg_find_finds_a_known_entry),
		cmocka_unit_test(test_msg_find_is_null_for_an_unknown_entry),
		cmocka_unit_test(test_msg_lang_pick_falls_back),
		cmocka_unit_test(test_msg_putf_formats_in_the_language),
	};
	return cmocka_run_group_tests_name("msg", tests, NULL, NULL);
}
