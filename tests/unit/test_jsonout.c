/*
 * test_jsonout.c - what the writers of JSON files share
 * (render/jsonout.c): a text field that is NULL or empty is left out,
 * never null or ""; a date is "YYYY-MM-DD", left out when not set;
 * the text is compact, in the order fields were added, with '/' and
 * UTF-8 as they are and what JSON must escape escaped; and an object
 * opened for more members is the text without its closing brace, the
 * object freed (ASan's leak check sees it).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include <json-c/json.h>

#include "fixture.h"
#include "model/date.h"
#include "render/jsonout.h"
#include "util/sbuf.h"
#include "util/banned.h"

struct fixture {
	struct fixture_core core;
	struct json_object *o;
};

static int
setup(void **state)
{
	if (fixture_setup(state, sizeof(struct fixture)) < 0)
		return -1;
	struct fixture *f = *state;
	f->o = json_object_new_object();
	return f->o ? 0 : -1;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	json_object_put(f->o);
	return fixture_teardown(state);
}

/* The text of f->o, checked against its length. */
static const char *
text(struct fixture *f)
{
	size_t len = 0;
	const char *t = jsonout_text(f->o, &len);
	assert_non_null(t);
	assert_int_equal(len, strlen(t));
	return t;
}

static void
test_jsonout_str_leaves_out_empty_fields(void **state)
{
	struct fixture *f = *state;
	jsonout_str(f->o, "name", "Kẹo cu đơ");
	jsonout_str(f->o, "story", NULL);
	jsonout_str(f->o, "phone", "");
	jsonout_str(f->o, "url", "https://ocop.example.gov.vn/products/keo/");
	jsonout_str(f->o, "space", " ");
	assert_string_equal(text(f), "{\"name\":\"Kẹo cu đơ\","
			    "\"url\":\"https://ocop.example.gov.vn/products/keo/\","
			    "\"space\":\" \"}");
	assert_null(json_object_object_get(f->o, "story"));
	assert_null(json_object_object_get(f->o, "phone"));
}

static void
test_jsonout_date_as_iso_or_left_out(void **state)
{
	struct fixture *f = *state;
	struct date d, unset = { 0 };
	assert_true(date_parse(&d, "2026-03-05"));
	jsonout_date(f->o, "issued", &d);
	jsonout_date(f->o, "expires", &unset);
	assert_true(date_parse(&d, "1999-12-31"));
	jsonout_date(f->o, "old", &d);
	assert_string_equal(text(f),
			    "{\"issued\":\"2026-03-05\",\"old\":\"1999-12-31\"}");
}

/* Escaped as JSON needs (quotes, backslashes, control characters), and
 * nothing more: no "\/", no \u for text beyond ASCII. */
static void
test_jsonout_text_is_compact_json(void **state)
{
	struct fixture *f = *state;
	jsonout_str(f->o, "q", "say \"hi\" \\ </script>\n\t\x01");
	json_object_object_add(f->o, "n", json_object_new_int(4));
	json_object_object_add(f->o, "l", json_object_new_array());
	assert_string_equal(text(f), "{\"q\":\"say \\\"hi\\\" \\\\ </script>"
			    "\\n\\t\\u0001\",\"n\":4,\"l\":[]}");
	/* and it reads back as what was put in */
	struct json_object *back = json_tokener_parse(text(f));
	assert_non_null(back);
	assert_string_equal(json_object_get_string(
		json_object_object_get(back, "q")),
		"say \"hi\" \\ </script>\n\t\x01");
	json_object_put(back);
}

/* Members may follow an opened object; an empty one opens to "{". */
static void
test_jsonout_open_leaves_the_object_open(void **state)
{
	(void)state;
	struct sbuf out = SBUF_INIT;
	struct json_object *o = json_object_new_object();
	jsonout_str(o, "slug", "keo");
	jsonout_open(&out, o);                       /* frees o */
	assert_string_equal(out.data, "{\"slug\":\"keo\"");
	sbuf_puts(&out, ",\"products\":[]}");
	struct json_object *back = json_tokener_parse(out.data);
	assert_non_null(back);
	assert_int_equal(json_object_object_length(back), 2);
	json_object_put(back);

	sbuf_reset(&out);
	sbuf_puts(&out, "[");
	jsonout_open(&out, json_object_new_object());
	assert_string_equal(out.data, "[{");
	sbuf_release(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_jsonout_str_leaves_out_empty_fields),
		T(test_jsonout_date_as_iso_or_left_out),
		T(test_jsonout_text_is_compact_json),
		T(test_jsonout_open_leaves_the_object_open),
#undef T
	};
	return cmocka_run_group_tests_name("jsonout", tests, NULL, NULL);
}
