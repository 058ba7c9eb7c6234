/*
 * test_feed.c - Atom documents (render/feed.c): the required elements
 * in order, every text escaped (markup, a CDATA end, control
 * characters), name-based UUIDs that match RFC 4122's version 5 (the
 * value Python's uuid.uuid5 gives in ocop's namespace), and RFC 3339
 * times in the author's zone, east and west of UTC.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "render/feed.h"
#include "util/sbuf.h"
#include "util/banned.h"

static void
test_feed_uuid_is_version_5(void **state)
{
	(void)state;
	char id[46];
	/* python3 -c 'import uuid; print(uuid.uuid5(uuid.UUID(
	 * "8f1c2b6e-4d0a-4c55-9b1e-3a7d2f60c9e4"),
	 * "changes/vi/0123456789abcdef0123456789abcdef01234567"))' */
	feed_uuid(id, "changes/vi/0123456789abcdef0123456789abcdef01234567");
	assert_string_equal(id, "urn:uuid:5e6a6f40-b047-53b9-b823-786884f59d8e");
	char other[46];
	feed_uuid(other, "changes/en/0123456789abcdef0123456789abcdef01234567");
	assert_string_not_equal(id, other);
}

static void
test_feed_time_rfc3339(void **state)
{
	(void)state;
	char t[32];
	feed_time(t, 1748826000, 7 * 60);      /* 2025-06-02 01:00 UTC */
	assert_string_equal(t, "2025-06-02T08:00:00+07:00");
	feed_time(t, 1748826000, -(5 * 60 + 30));
	assert_string_equal(t, "2025-06-01T19:30:00-05:30");
	feed_time(t, 0, 0);
	assert_string_equal(t, "1970-01-01T00:00:00+00:00");
}

static void
test_feed_atom_escapes_everything(void **state)
{
	(void)state;
	struct feed_entry e = {
		.id = "urn:uuid:x", .title = "<script>]]>&\001",
		.updated = "2025-06-02T08:00:00+07:00", .author = "a\"b",
		.link = "https://x.test/changes/?a=1&b=2#c",
		.html = "<p>&lt;b&gt;</p>",
	};
	struct feed f = {
		.lang = "vi", .id = "https://x.test/changes.atom",
		.title = "T & T", .updated = e.updated, .author = "",
		.self = "https://x.test/changes.atom",
		.alternate = "https://x.test/changes/", .generator = "ocop",
		.v = &e, .n = 1,
	};
	struct sbuf sb = SBUF_INIT;
	feed_atom(&sb, &f);
	const char *x = sb.data;
	assert_non_null(strstr(x, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n"
			       "<id>https://x.test/changes.atom</id>\n"
			       "<title type=\"text\">T &amp; T</title>\n"));
	/* an empty author is still a name: Atom asks for one */
	assert_non_null(strstr(x, "<author>\n<name>?</name>\n</author>\n"));
	assert_non_null(strstr(x, "<title type=\"text\">&lt;script&gt;]]&gt;&amp;\xEF\xBF\xBD</title>"));
	assert_non_null(strstr(x, "<name>a&quot;b</name>"));
	assert_non_null(strstr(x, "href=\"https://x.test/changes/?a=1&amp;b=2#c\""));
	assert_non_null(strstr(x, "<content type=\"html\">&lt;p&gt;&amp;lt;b&amp;gt;&lt;/p&gt;</content>"));
	assert_null(strstr(x, "]]>"));
	assert_null(strchr(x, '\001'));
	sbuf_release(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_feed_uuid_is_version_5),
		cmocka_unit_test(test_feed_time_rfc3339),
		cmocka_unit_test(test_feed_atom_escapes_everything),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
