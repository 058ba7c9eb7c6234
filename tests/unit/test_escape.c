/*
 * test_escape.c - text made inert for the formats ocop writes
 * (util/escape.c).  escape_html(): & < > " ' as entities wherever they
 * stand (the 8-bytes-at-a-time scan checked at every offset), every
 * other byte copied, len honoured, output appended.  escape_csv(): RFC
 * 4180 quoting, a cell a spreadsheet would run as a formula (= + - @,
 * a tab or a carriage return first) neutralised with a leading
 * apostrophe, inside the quotes when there are some, and a plain
 * number left a number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "util/escape.h"
#include "util/sbuf.h"
#include "util/banned.h"

struct fixture {
	struct fixture_core core;
	struct sbuf out;
};

static int
setup(void **state)
{
	if (fixture_setup(state, sizeof(struct fixture)) < 0)
		return -1;
	struct fixture *f = *state;
	sbuf_init(&f->out);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	sbuf_release(&f->out);
	return fixture_teardown(state);
}

/* ---- HTML ----------------------------------------------------------- */

static void
test_escape_html_appends(void **state)
{
	struct fixture *f = *state;
	const char *s = "Kẹo cu đơ \"Hà Tĩnh\" <>&'";

	sbuf_puts(&f->out, "x=");
	escape_html(&f->out, s, strlen(s));
	assert_string_equal(f->out.data, "x=Kẹo cu đơ &quot;Hà Tĩnh&quot; "
			    "&lt;&gt;&amp;&#39;");
	/* the length is honoured: no reading past it */
	sbuf_reset(&f->out);
	escape_html(&f->out, "a&b", 1);
	assert_string_equal(f->out.data, "a");
}

/* Special bytes first, last, side by side, or none at all; bytes over
 * 0x7F go through as they are. */
static void
test_tpl_escape_html_runs(void **state)
{
	struct fixture *f = *state;
	static const char *const cases[][2] = {
		{ "", "" },
		{ "&", "&amp;" },
		{ "<<>>", "&lt;&lt;&gt;&gt;" },
		{ "'a\"", "&#39;a&quot;" },
		{ "Bưởi Phúc Trạch, không có gì", "Bưởi Phúc Trạch, không có gì" },
		{ "x&y&z", "x&amp;y&amp;z" },
		{ "\xFF<\x80", "\xFF&lt;\x80" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sbuf_reset(&f->out);
		escape_html(&f->out, cases[i][0], strlen(cases[i][0]));
		assert_string_equal(f->out.data, cases[i][1]);
		assert_int_equal(f->out.len, strlen(cases[i][1]));
	}
	/* each special byte, and each of its neighbours in the byte table,
	 * at every place of a text longer than the 8 bytes read at once */
	static const char probe[] = "\"&'<>!#%()-;=?\xA2\xA6\xBC";
	for (size_t k = 0; k < sizeof(probe) - 1; k++)
		for (size_t at = 0; at < 21; at++) {
			char in[22], want[40];
			memset(in, 'x', 21);
			in[21] = '\0';
			in[at] = probe[k];
			const char *rep = NULL;
			switch (probe[k]) {
			case '"': rep = "&quot;"; break;
			case '&': rep = "&amp;"; break;
			case '\'': rep = "&#39;"; break;
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break;
			}
			snprintf(want, sizeof(want), "%.*s%s%s", (int)at, in,
				 rep ? rep : (char[]){ probe[k], '\0' },
				 in + at + 1);
			sbuf_reset(&f->out);
			escape_html(&f->out, in, 21);
			assert_string_equal(f->out.data, want);
		}
}


/* The five special bytes as entities, side by side and in attribute
 * values; what a script or an event handler needs stays text. */
static void
test_escape_html_each_special_byte(void **state)
{
	struct fixture *f = *state;
	static const char *const cases[][2] = {
		{ "<", "&lt;" },
		{ ">", "&gt;" },
		{ "&", "&amp;" },
		{ "\"", "&quot;" },
		{ "'", "&#39;" },
		{ "<>&\"'", "&lt;&gt;&amp;&quot;&#39;" },
		{ "&amp;", "&amp;amp;" },          /* entities are not kept */
		{ "</script><script>alert(1)</script>",
		  "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" },
		{ "\" onmouseover=\"x", "&quot; onmouseover=&quot;x" },
		{ "' autofocus onfocus='x", "&#39; autofocus onfocus=&#39;x" },
		{ "<!-- -->", "&lt;!-- --&gt;" },
		{ "a/b=c;d`e", "a/b=c;d`e" },     /* nothing else changes */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sbuf_reset(&f->out);
		escape_html(&f->out, cases[i][0], strlen(cases[i][0]));
		assert_string_equal(f->out.data, cases[i][1]);
	}
}

/* Every byte from 1 to 255 at every place of a 24-byte text, and a
 * NUL byte inside len: exactly the five change, everything else is
 * copied. */
static void
test_escape_html_every_byte_everywhere(void **state)
{
	struct fixture *f = *state;
	for (int b = 0; b < 256; b++) {
		const char *rep = NULL;
		switch (b) {
		case '"': rep = "&quot;"; break;
		case '&': rep = "&amp;"; break;
		case '\'': rep = "&#39;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		}
		for (size_t at = 0; at < 24; at++) {
			char in[24];
			memset(in, 'y', sizeof(in));
			in[at] = (char)b;
			sbuf_reset(&f->out);
			escape_html(&f->out, in, sizeof(in));
			size_t rl = rep ? strlen(rep) : 1;
			assert_int_equal(f->out.len, 23 + rl);
			assert_memory_equal(f->out.data, in, at);
			if (rep)
				assert_memory_equal(f->out.data + at, rep, rl);
			else
				assert_int_equal((unsigned char)f->out.data[at], b);
			assert_memory_equal(f->out.data + at + rl, in + at + 1,
					    23 - at);
		}
	}
}

/* ---- CSV ------------------------------------------------------------ */

/* escape_csv: RFC 4180 quoting, and no cell a spreadsheet would run. */
static void
test_escape_csv_quotes_and_neutralises(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "plain", "plain" },
		{ "", "" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "two\r\nlines", "\"two\r\nlines\"" },
		{ "=1+1", "'=1+1" },
		{ "+cmd", "'+cmd" },
		{ "-2+3", "'-2+3" },
		{ "@SUM(A1)", "'@SUM(A1)" },
		{ "\tx", "'\tx" },
		{ "=HYPERLINK(\"u\",\"x\")", "\"'=HYPERLINK(\"\"u\"\",\"\"x\"\")\"" },
		{ "-12", "-12" },
		{ "-105.75", "-105.75" },
		{ "12.5", "12.5" },
		{ "-", "'-" },
		{ "-.5", "'-.5" },
		{ "-1.", "'-1." },
		{ "-1.2.3", "'-1.2.3" },
		{ "Bưởi, Hà Tĩnh", "\"Bưởi, Hà Tĩnh\"" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct sbuf sb = SBUF_INIT;
		escape_csv(&sb, cases[i][0]);
		if (strcmp(sb.data, cases[i][1]))
			fail_msg("\"%s\" gave %s, want %s", cases[i][0], sb.data,
				 cases[i][1]);
		sbuf_release(&sb);
	}
}

/* Each character that starts a formula, alone and before text; the same
 * characters elsewhere in the cell change nothing. */
static void
test_escape_csv_formula_starts(void **state)
{
	struct fixture *f = *state;
	static const char *const cases[][2] = {
		{ "=", "'=" },
		{ "+", "'+" },
		{ "@", "'@" },
		{ "\t", "'\t" },
		{ "\r", "\"'\r\"" },              /* a line break: quoted too */
		{ "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0" },
		{ "+12", "'+12" },                /* only '-' makes a number */
		{ "@@", "'@@" },
		{ "\tTab", "'\tTab" },
		{ "\rCR", "\"'\rCR\"" },
		{ "-1e5", "'-1e5" },
		{ "- 1", "'- 1" },
		{ "--1", "'--1" },
		{ "a=b", "a=b" },
		{ "1+1", "1+1" },
		{ "x@y.vn", "x@y.vn" },
		{ " =1", " =1" },
		{ "Kẹo -12", "Kẹo -12" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sbuf_reset(&f->out);
		escape_csv(&f->out, cases[i][0]);
		if (strcmp(f->out.data, cases[i][1]))
			fail_msg("\"%s\" gave \"%s\", want \"%s\"", cases[i][0],
				 f->out.data, cases[i][1]);
	}
}

/* Plain numbers stay numbers, negative ones included; quoting is only
 * for a comma, a quote or a line break, and appends to what is there. */
static void
test_escape_csv_numbers_and_quoting(void **state)
{
	struct fixture *f = *state;
	static const char *const cases[][2] = {
		{ "0", "0" },
		{ "-0", "-0" },
		{ "-12", "-12" },
		{ "-105.5", "-105.5" },
		{ "18.3417", "18.3417" },
		{ "45000", "45000" },
		{ "a\nb", "\"a\nb\"" },
		{ "\"", "\"\"\"\"" },
		{ ",", "\",\"" },
		{ "semi;colon", "semi;colon" },
		{ "'quoted'", "'quoted'" },
		{ "-1,5", "\"'-1,5\"" },           /* not a number: a formula */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sbuf_reset(&f->out);
		escape_csv(&f->out, cases[i][0]);
		if (strcmp(f->out.data, cases[i][1]))
			fail_msg("\"%s\" gave \"%s\", want \"%s\"", cases[i][0],
				 f->out.data, cases[i][1]);
	}
	/* a row: fields appended one after the other */
	sbuf_reset(&f->out);
	static const char *const row[] = { "keo", "Kẹo \"cu\" đơ, Hà Tĩnh",
					   "=1", "-3" };
	for (size_t i = 0; i < 4; i++) {
		if (i)
			sbuf_putc(&f->out, ',');
		escape_csv(&f->out, row[i]);
	}
	assert_string_equal(f->out.data,
			    "keo,\"Kẹo \"\"cu\"\" đơ, Hà Tĩnh\",'=1,-3");
}

/* ---- XML ------------------------------------------------------------ */

static void
test_escape_xml_forbidden_characters(void **state)
{
	struct fixture *f = *state;
	/* markup, a CDATA end, C0 controls (tab, newline, carriage return
	 * kept), an invalid byte, U+FFFF; U+0085 and U+00A0 are allowed */
	const char s[] = "<a>]]>&\001\t\n\r\037x\xFF\xEF\xBF\xBF\xC2\x85\xC2\xA0";
	escape_xml(&f->out, s, sizeof(s) - 1);
	assert_string_equal(f->out.data, "&lt;a&gt;]]&gt;&amp;\xEF\xBF\xBD\t\n\r"
			    "\xEF\xBF\xBD" "x\xEF\xBF\xBD\xEF\xBF\xBD\xC2\x85\xC2\xA0");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_escape_html_appends),
		T(test_tpl_escape_html_runs),
		T(test_escape_html_each_special_byte),
		T(test_escape_html_every_byte_everywhere),
		T(test_escape_csv_quotes_and_neutralises),
		T(test_escape_csv_formula_starts),
		T(test_escape_csv_numbers_and_quoting),
		T(test_escape_xml_forbidden_characters),
#undef T
	};
	return cmocka_run_group_tests_name("escape", tests, NULL, NULL);
}
