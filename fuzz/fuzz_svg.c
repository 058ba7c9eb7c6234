/*
 * fuzz_svg.c - libFuzzer target for the SVG sanitiser.
 *
 * Each input goes through svg_sanitize() into a fresh sbuf that is
 * released before returning, so a leak is a finding.  The module's
 * promises are then checked with abort():
 *   - on failure: an error message, nothing written, nothing counted;
 *   - on success: no error; the output is valid UTF-8 without NUL, starts
 *     with the SVG root and ends with a line end; it holds no "<script"
 *     and no "javascript:" in any case, and nothing a grep would take
 *     for an event handler (white space, "on", letters, white space, '=');
 *   - sanitising the output again succeeds, removes nothing and writes
 *     the same bytes (when the output is within SVG_MAX_BYTES: escapes
 *     may make it longer than the input);
 *   - the strings of struct svg_result are NUL-terminated valid UTF-8
 *     without control characters.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>

#include "parse/svg.h"
#include "util/utf8.h"
#include "util/banned.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlInitParser();
	return 0;
}

static bool
contains_ci(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (strncasecmp(s + i, needle, n) == 0)
			return true;
	return false;
}

static bool
space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool
letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
has_handler(const char *s, size_t len)
{
	for (size_t i = 1; i + 2 < len; i++) {
		if (!space(s[i - 1]) || strncasecmp(s + i, "on", 2) != 0)
			continue;
		size_t j = i + 2;
		while (j < len && letter(s[j]))
			j++;
		if (j == i + 2)
			continue;
		while (j < len && space(s[j]))
			j++;
		if (j < len && s[j] == '=')
			return true;
	}
	return false;
}

static void
check_string(const char *s, size_t size)
{
	size_t n = strnlen(s, size);
	if (n == size || utf8_validate(s, n) != n)
		abort();
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			abort();
}

static void
check_result(const struct svg_result *res)
{
	check_string(res->first_removed, sizeof res->first_removed);
	check_string(res->error, sizeof res->error);
	if ((res->removed == 0) != (res->first_removed[0] == '\0'))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] = "<svg xmlns=\"http://www.w3.org/2000/svg\"";
	struct sbuf out = SBUF_INIT;
	struct svg_result res;

	int rc = svg_sanitize(&out, (struct span){ (const char *)data, size },
			      &res);
	check_result(&res);
	if (rc < 0) {
		if (rc != -1 || !res.error[0] || out.len || res.removed)
			abort();
		sbuf_release(&out);
		return 0;
	}
	if (rc != 0 || res.error[0])
		abort();
	if (utf8_validate(out.data, out.len) != out.len ||
	    strlen(out.data) != out.len)
		abort();
	if (out.len < sizeof head || memcmp(out.data, head, sizeof head - 1) ||
	    out.data[out.len - 1] != '\n')
		abort();
	if (contains_ci(out.data, out.len, "<script") ||
	    contains_ci(out.data, out.len, "javascript:") ||
	    has_handler(out.data, out.len))
		abort();

	if (out.len <= SVG_MAX_BYTES) {
		struct sbuf again = SBUF_INIT;
		struct svg_result res2;
		if (svg_sanitize(&again, sbuf_span(&out), &res2) != 0 ||
		    res2.removed != 0 || again.len != out.len ||
		    memcmp(again.data, out.data, out.len) != 0)
			abort();
		sbuf_release(&again);
	}
	sbuf_release(&out);
	return 0;
}
