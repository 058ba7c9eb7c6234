/*
 * test_diag.c - diagnostics (util/diag.c): errors and warnings filed
 * and counted, a hint attached to the last diag, sorting by path, line
 * and column (stable on ties, hints travelling with their diag), long
 * messages and many diags, and printing in GNU form
 * (path:line:col: level: message [code]).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/banned.h"

struct fixture {
	struct fixture_core core;
};

static int
setup(void **state)
{
	return fixture_setup(state, sizeof(struct fixture));
}

/* What diag_print writes, in the arena. */
static const char *
printed(struct fixture *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	diag_print(&f->core.diags, m, msg_lang_find("en"));
	assert_int_equal(fclose(m), 0);
	const char *r = arena_strndup(&f->core.arena, buf, len);
	free(buf);
	return r;
}

static void
test_diag_error_files_and_counts(void **state)
{
	struct fixture *f = *state;
	struct pos at = { "content/products/a.md", 3, 8 };
	assert_int_equal(diag_error(&f->core.diags, at, "stars",
				    "stars must be 3, 4 or 5, found %d", 6), -1);
	diag_warning(&f->core.diags, at, "unknown-field", "unknown field \"%s\"", "stras");
	diag_warning(&f->core.diags, at, "alt", "no alt");
	assert_int_equal(f->core.diags.n, 3);
	assert_int_equal(f->core.diags.errors, 1);
	assert_int_equal(f->core.diags.warnings, 2);
	const struct diag *d = &f->core.diags.v[0];
	assert_int_equal(d->level, DIAG_ERROR);
	assert_string_equal(d->at.path, "content/products/a.md");
	assert_int_equal(d->at.line, 3);
	assert_int_equal(d->at.col, 8);
	assert_string_equal(d->code, "stars");
	assert_string_equal(d->msg, "stars must be 3, 4 or 5, found 6");
	assert_null(d->hint);
	assert_int_equal(f->core.diags.v[1].level, DIAG_WARNING);
	assert_string_equal(f->core.diags.v[1].msg, "unknown field \"stras\"");

	diag_list_release(&f->core.diags);
	assert_int_equal(f->core.diags.n, 0);
	assert_int_equal(f->core.diags.errors, 0);
	assert_int_equal(f->core.diags.warnings, 0);
	assert_null(f->core.diags.v);
}

static void
test_diag_hint_goes_to_the_last_diag(void **state)
{
	struct fixture *f = *state;
	diag_hint(&f->core.diags, "nothing to attach to");   /* ignored */
	assert_int_equal(f->core.diags.n, 0);
	struct pos at = { "a.md", 1, 1 };
	diag_error(&f->core.diags, at, "x", "first");
	diag_error(&f->core.diags, at, "x", "second");
	diag_hint(&f->core.diags, "did you mean \"%s\"?", "stars");
	assert_null(f->core.diags.v[0].hint);
	assert_string_equal(f->core.diags.v[1].hint, "did you mean \"stars\"?");
	diag_hint(&f->core.diags, "replaced");
	assert_string_equal(f->core.diags.v[1].hint, "replaced");
}

static void
test_diag_sort_by_path_line_col(void **state)
{
	struct fixture *f = *state;
	struct diag_list *dl = &f->core.diags;
	diag_error(dl, (struct pos){ "b.md", 1, 1 }, "c", "b1");
	diag_error(dl, (struct pos){ "a.md", 10, 2 }, "c", "a10-2");
	diag_warning(dl, (struct pos){ "a.md", 2, 30 }, "c", "a2-30");
	diag_error(dl, (struct pos){ "a.md", 10, 1 }, "c", "a10-1");
	diag_error(dl, (struct pos){ "a.md", 9, 99 }, "c", "a9");
	diag_error(dl, (struct pos){ "a.md", 0, 0 }, "c", "a-file");
	diag_error(dl, (struct pos){ NULL, 0, 0 }, "c", "global");
	diag_error(dl, (struct pos){ "a.md", 2, 5 }, "c", "a2-5");
	diag_hint(dl, "hint of a2-5");
	diag_sort(dl);
	static const char *const want[] = {
		"global", "a-file", "a2-5", "a2-30", "a9", "a10-1", "a10-2", "b1",
	};
	assert_int_equal(dl->n, 8);
	for (size_t i = 0; i < 8; i++)
		assert_string_equal(dl->v[i].msg, want[i]);
	/* a hint travels with its diag */
	assert_string_equal(dl->v[2].hint, "hint of a2-5");
	for (size_t i = 0; i < 8; i++)
		if (i != 2)
			assert_null(dl->v[i].hint);
	assert_int_equal(dl->v[3].level, DIAG_WARNING);
	assert_int_equal(dl->errors, 7);
	assert_int_equal(dl->warnings, 1);
}

static void
test_diag_sort_keeps_filing_order_on_ties(void **state)
{
	struct fixture *f = *state;
	struct diag_list *dl = &f->core.diags;
	/* "stable otherwise": equal positions stay in the order filed,
	 * whatever their text, however many there are */
	for (int i = 0; i < 40; i++) {
		diag_error(dl, (struct pos){ "a.md", 2, 1 }, "c", "%c%02d",
			   'z' - i % 26, i);
		diag_error(dl, (struct pos){ "a.md", 1, 1 }, "c", "first-line");
	}
	diag_sort(dl);
	for (int i = 0; i < 40; i++)
		assert_string_equal(dl->v[i].msg, "first-line");
	for (int i = 0; i < 40; i++) {
		char want[16];
		snprintf(want, sizeof(want), "%c%02d", 'z' - i % 26, i);
		assert_string_equal(dl->v[40 + i].msg, want);
	}
}

static void
test_diag_print_gnu_format(void **state)
{
	struct fixture *f = *state;
	struct diag_list *dl = &f->core.diags;
	diag_error(dl, (struct pos){ "content/products/keo-cu-do.md", 4, 8 },
		   "stars", "stars must be 3, 4 or 5, found %d", 6);
	diag_warning(dl, (struct pos){ "content/products/keo-cu-do.md", 9, 1 },
		     "unknown-field", "unknown field \"stras\" in product");
	diag_hint(dl, "did you mean \"stars\"?");
	diag_error(dl, (struct pos){ "site.yaml", 0, 0 }, "site",
		   "site.yaml not found");
	diag_error(dl, (struct pos){ "x.md", 2, 0 }, "yaml", "line only");
	diag_error(dl, (struct pos){ NULL, 0, 0 }, "io", "cannot read");
	assert_string_equal(printed(f),
		"content/products/keo-cu-do.md:4:8: error: stars must be 3, 4 or 5, found 6 [stars]\n"
		"content/products/keo-cu-do.md:9:1: warning: unknown field \"stras\" in product [unknown-field]\n"
		"  hint: did you mean \"stars\"?\n"
		"site.yaml: error: site.yaml not found [site]\n"
		"x.md:2:1: error: line only [yaml]\n"
		"ocop: error: cannot read [io]\n");
}

static void
test_diag_print_empty_list(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(printed(f), "");
	diag_sort(&f->core.diags);
	assert_int_equal(f->core.diags.n, 0);
}

static void
test_diag_long_message(void **state)
{
	struct fixture *f = *state;
	diag_error(&f->core.diags, (struct pos){ "a", 1, 1 }, "x", "%0*d",
		   3000, 1);
	assert_int_equal(strlen(f->core.diags.v[0].msg), 3000);
	assert_int_equal(f->core.diags.v[0].msg[2999], '1');
	diag_error(&f->core.diags, (struct pos){ "a", 1, 1 }, "x", "%s", "");
	assert_string_equal(f->core.diags.v[1].msg, "");
	/* many diags: the list grows */
	for (int i = 0; i < 1000; i++)
		diag_warning(&f->core.diags, (struct pos){ "a", (unsigned)i + 1, 1 }, "w",
			     "w%d", i);
	assert_int_equal(f->core.diags.n, 1002);
	assert_string_equal(f->core.diags.v[1001].msg, "w999");
	assert_int_equal(f->core.diags.warnings, 1000);
}

/* What diag_say prints, in the arena. */
static const char *
said(struct fixture *f, const struct msg_lang *lang, size_t errors, size_t warnings)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	assert_non_null(m);
	diag_say(m, lang, "ocop: %zu error%s, %zu warning%s", errors,
		 msg_plural(lang, errors), warnings, msg_plural(lang, warnings));
	assert_int_equal(fclose(m), 0);
	const char *r = arena_strndup(&f->core.arena, buf, len);
	free(buf);
	return r;
}

/* A line in either language from the one English format; English
 * nouns take their plural, Vietnamese ones have none. */
static void
test_diag_say_in_both_languages(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(said(f, msg_lang_find("en"), 1, 0), "ocop: 1 error, 0 warnings\n");
	assert_string_equal(said(f, msg_lang_find("en"), 2, 1), "ocop: 2 errors, 1 warning\n");
	assert_string_equal(said(f, msg_lang_find("vi"), 1, 2), "ocop: 1 lỗi, 2 cảnh báo\n");
	assert_string_equal(msg_plural(msg_lang_find("vi"), 5), "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_diag_error_files_and_counts),
		T(test_diag_hint_goes_to_the_last_diag),
		T(test_diag_sort_by_path_line_col),
		T(test_diag_sort_keeps_filing_order_on_ties),
		T(test_diag_print_gnu_format),
		T(test_diag_print_empty_list),
		T(test_diag_say_in_both_languages),
		T(test_diag_long_message),
#undef T
	};
	return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
