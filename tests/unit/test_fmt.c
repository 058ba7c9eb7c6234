/*
 * test_fmt.c - ocop fmt: the canonical form of an entry, byte for byte,
 * and the command on real files (nothing written on --check, on an
 * error, or when already canonical; the mode kept when written).
 *
 * fmt_text() tests give the exact text before and after.  File tests use
 * a fresh folder from mkdtemp() holding content/products/, removed by
 * teardown().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "fixture.h"
#include "write/fmt.h"
#include "write/out.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/sbuf.h"
#include "util/banned.h"

struct fixture {
	struct fixture_core core;
	char dir[FIXTURE_DIR_MAX];      /* for the file tests */
	FILE *devnull;
};

static int
setup(void **state)
{
	struct fixture *f = fixture_new(sizeof(*f));
	if (!f)
		return -1;
	if (fixture_mkdtemp(f->dir, "fmt") < 0 ||
	    !(f->devnull = fopen("/dev/null", "w"))) {
		fixture_free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int rc = out_remove_tree(f->dir);
	fclose(f->devnull);
	fixture_free(f);
	return rc < 0 ? -1 : 0;
}

/* The canonical form of in as a product (or kind), in the arena, or
 * NULL when fmt_text refused it. */
static const char *
fmt_kind(struct fixture *f, enum entry_kind kind, const char *in)
{
	struct sbuf out = SBUF_INIT;
	struct arena scratch = ARENA_INIT;
	int rc = fmt_text(&out, "content/products/x.md", span_from(in), kind,
			  &scratch, &f->core.diags);
	arena_release(&scratch);
	const char *s = rc == 0
		? arena_strndup(&f->core.arena, out.data, out.len) : NULL;
	sbuf_release(&out);
	return s;
}

static const char *
fmt(struct fixture *f, const char *in)
{
	return fmt_kind(f, ENTRY_PRODUCT, in);
}

/* fmt(in) is want, with no diag, and formatting want again changes
 * nothing (idempotence). */
static void
assert_fmt(struct fixture *f, const char *in, const char *want)
{
	const char *got = fmt(f, in);
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_int_equal(f->core.diags.n, 0);
	assert_string_equal(fmt(f, got), want);
	assert_int_equal(f->core.diags.n, 0);
}

static void
test_fmt_reorders_keys_keeping_comments(void **state)
{
	struct fixture *f = *state;
	assert_fmt(f,
		   "---\n"
		   "# Bưởi: cập nhật 2024\n"
		   "\n"
		   "stars: 4\n"
		   "# tên theo giấy chứng nhận\n"
		   "name: Bưởi Phúc Trạch\n"
		   "location: { province: Hà Tĩnh, commune: Phúc Trạch }\n"
		   "group: thuc-pham   # sáu nhóm\n"
		   "certificate:\n"
		   "  # số quyết định\n"
		   "  number: 1/QĐ-UBND\n"
		   "  issued: 2024-06-12\n"
		   "\n"
		   "producer: htx-buoi\n"
		   "---\n"
		   "Câu chuyện.\n",
		   "---\n"
		   "# Bưởi: cập nhật 2024\n"
		   "\n"
		   "# tên theo giấy chứng nhận\n"
		   "name: Bưởi Phúc Trạch\n"
		   "stars: 4\n"
		   "group: thuc-pham   # sáu nhóm\n"
		   "\n"
		   "producer: htx-buoi\n"
		   "location: { province: Hà Tĩnh, commune: Phúc Trạch }\n"
		   "certificate:\n"
		   "  # số quyết định\n"
		   "  number: 1/QĐ-UBND\n"
		   "  issued: 2024-06-12\n"
		   "---\n"
		   "Câu chuyện.\n");
}

/* Comments above the first key with no blank line are a header. */
static void
test_fmt_top_comment_stays_on_top(void **state)
{
	struct fixture *f = *state;
	assert_fmt(f,
		   "---\n# ghi chú chung\nstars: 3\nname: Chè\n---\n",
		   "---\n# ghi chú chung\nname: Chè\nstars: 3\n---\n");
}

static void
test_fmt_unknown_fields_go_last(void **state)
{
	struct fixture *f = *state;
	assert_fmt(f,
		   "---\n"
		   "zeta: 1\n"
		   "tags: [quà]\n"
		   "ghi_chu: |\n"
		   "  nội bộ\n"
		   "name: Mật ong\n"
		   "draft: true\n"
		   "alpha: [2]\n"
		   "---\n",
		   "---\n"
		   "name: Mật ong\n"
		   "tags: [quà]\n"
		   "draft: true\n"
		   "zeta: 1\n"
		   "ghi_chu: |\n"
		   "  nội bộ\n"
		   "alpha: [2]\n"
		   "---\n");
}

static void
test_fmt_orders_each_kind(void **state)
{
	struct fixture *f = *state;
	const char *got = fmt_kind(f, ENTRY_PRODUCER,
		"---\nphone: \"1\"\ntype: htx\nname: A\nsummary: s\n---\n");
	assert_string_equal(got, "---\nname: A\ntype: htx\nphone: \"1\"\nsummary: s\n---\n");
	got = fmt_kind(f, ENTRY_POS,
		"---\nhours: x\nkind: market\nname: B\n---\n");
	assert_string_equal(got, "---\nname: B\nkind: market\nhours: x\n---\n");
	got = fmt_kind(f, ENTRY_PAGE, "---\ndraft: true\nsummary: s\nname: C\n---\n");
	assert_string_equal(got, "---\nname: C\nsummary: s\ndraft: true\n---\n");
	assert_int_equal(f->core.diags.n, 0);
}

static void
test_fmt_composes_nfc(void **state)
{
	struct fixture *f = *state;
	/* "Bưởi" typed with combining marks (u + horn, o + horn + hook) */
	assert_fmt(f,
		   "---\nname: Bu\xCC\x9Bo\xCC\x9B\xCC\x89i\ntags: [qua\xCC\x80]\n---\n"
		   "Bu\xCC\x9Bo\xCC\x9B\xCC\x89i ngon.\n",
		   "---\nname: Bưởi\ntags: [quà]\n---\nBưởi ngon.\n");
}

static void
test_fmt_crlf(void **state)
{
	struct fixture *f = *state;
	assert_fmt(f,
		   "---\r\nname: A\r\nstars: 3\r\n---\r\nmột  \r\nhai\r\n",
		   "---\nname: A\nstars: 3\n---\nmột  \nhai\n");
}

/* Front-matter lines lose trailing spaces and tabs; body lines keep
 * them (two spaces are a Markdown line break), and so does the text of
 * a block scalar. */
static void
test_fmt_trailing_spaces(void **state)
{
	struct fixture *f = *state;
	assert_fmt(f,
		   "---  \n"
		   "name: A \t\n"
		   "summary: |\n"
		   "  dòng một   \n"
		   "    \n"
		   "  hai\n"
		   "stars: 3  \n"
		   "--- \n"
		   "Dòng có ngắt  \n"
		   "tiếp\t\n",
		   "---\n"
		   "name: A\n"
		   "stars: 3\n"
		   "summary: |\n"
		   "  dòng một   \n"
		   "    \n"
		   "  hai\n"
		   "---\n"
		   "Dòng có ngắt  \n"
		   "tiếp\t\n");
}

static void
test_fmt_one_final_newline(void **state)
{
	struct fixture *f = *state;
	assert_fmt(f, "---\nname: A\n---\nthân", "---\nname: A\n---\nthân\n");
	assert_fmt(f, "---\nname: A\n---\nthân\n\n\n\n", "---\nname: A\n---\nthân\n");
	assert_fmt(f, "---\nname: A\n---", "---\nname: A\n---\n");
}

static void
test_fmt_trims_name(void **state)
{
	struct fixture *f = *state;
	assert_fmt(f, "---\nname:  Bưởi  \n---\n", "---\nname: Bưởi\n---\n");
	assert_fmt(f, "---\nname: \" Bưởi \"\n---\n", "---\nname: \"Bưởi\"\n---\n");
	assert_fmt(f, "---\nname:    '  Bưởi''s\t'  # ghi chú\n---\n",
		   "---\nname: 'Bưởi''s'  # ghi chú\n---\n");
	assert_fmt(f, "---\nname:   Cam   # ghi chú\n---\n",
		   "---\nname: Cam   # ghi chú\n---\n");
	/* an escaped space stays: "\ " */
	assert_fmt(f, "---\nname: \" A\\ \"\n---\n", "---\nname: \"A\\ \"\n---\n");
	/* a name on two lines, or nested, is left alone */
	assert_fmt(f, "---\nname:   Bưởi\n  Phúc Trạch\n---\n",
		   "---\nname:   Bưởi\n  Phúc Trạch\n---\n");
	assert_fmt(f, "---\nname: A\nip:\n  name: \" B \"\n---\n",
		   "---\nname: A\nip:\n  name: \" B \"\n---\n");
}

static void
test_fmt_canonical_is_unchanged(void **state)
{
	struct fixture *f = *state;
	const char *in = "---\n"
			 "name: Chè xanh\n"
			 "stars: 4\n"
			 "images:\n"
			 "  - { src: a.svg, alt: \"Ảnh\" }\n"
			 "tags: [chè]\n"
			 "---\n"
			 "Thân  \n";
	assert_fmt(f, in, in);
}

static void
test_fmt_refuses_yaml_error(void **state)
{
	struct fixture *f = *state;
	assert_null(fmt(f, "---\nstars: 4\nname: [Bưởi\n---\n"));
	assert_int_equal(f->core.diags.errors, 1);
	assert_string_equal(f->core.diags.v[0].code, "yaml");
}

static void
test_fmt_refuses_no_front_matter(void **state)
{
	struct fixture *f = *state;
	assert_null(fmt(f, "name: x\n"));
	assert_int_equal(f->core.diags.errors, 1);
	assert_string_equal(f->core.diags.v[0].code, "fmt");
	assert_int_equal(f->core.diags.v[0].at.line, 1);
}

/* With an alias anywhere the order stays (with a note), the rest is
 * still done. */
static void
test_fmt_alias_keeps_order(void **state)
{
	struct fixture *f = *state;
	const char *got = fmt(f, "---\r\n"
				 "stars: 4\r\n"
				 "location: &noi { province: Hà Tĩnh, commune: X }\r\n"
				 "name: Bưởi  \r\n"
				 "ghi_chu: *noi\r\n"
				 "---\r\n");
	assert_string_equal(got, "---\n"
				 "stars: 4\n"
				 "location: &noi { province: Hà Tĩnh, commune: X }\n"
				 "name: Bưởi\n"
				 "ghi_chu: *noi\n"
				 "---\n");
	assert_int_equal(f->core.diags.n, 1);
	assert_int_equal(f->core.diags.v[0].level, DIAG_WARNING);
	assert_string_equal(f->core.diags.v[0].msg, "fields left in their order: the front matter uses anchors or aliases (& or *)");
}

/* A flow mapping over the whole head cannot be split into lines. */
static void
test_fmt_flow_head_keeps_order(void **state)
{
	struct fixture *f = *state;
	const char *in = "---\n{\nstars: 4,\nname: A\n}\n---\n";
	assert_string_equal(fmt(f, in), in);
	assert_int_equal(f->core.diags.n, 1);
	assert_int_equal(f->core.diags.v[0].level, DIAG_WARNING);
	assert_int_equal(f->core.diags.v[0].at.line, 2);
	assert_string_equal(f->core.diags.v[0].msg, "fields left in their order: each top-level field must start its own line, in the first column");
}

/* Moving a |+ text away from its trailing blank line would change it:
 * the order stays, and the note says why. */
static void
test_fmt_keep_chomping_keeps_order(void **state)
{
	struct fixture *f = *state;
	const char *in = "---\nsummary: |+\n  text\n\nname: X\n---\n";
	assert_string_equal(fmt(f, in), in);
	assert_int_equal(f->core.diags.n, 1);
	assert_int_equal(f->core.diags.v[0].level, DIAG_WARNING);
	assert_string_equal(f->core.diags.v[0].msg, "fields left in their order: moving them would change a value (such as a |+ text that keeps its last blank lines)");
}

/* Spaces after a backslash at the end of a line stay: in double quotes
 * "\ " is a space of the text, and a lone "\" would join the lines. */
static void
test_fmt_escaped_space_at_line_end(void **state)
{
	struct fixture *f = *state;
	assert_fmt(f, "---\nname: A\nsummary: \"abc\\   \n  def\"\n---\n",
		   "---\nname: A\nsummary: \"abc\\   \n  def\"\n---\n");
}

/* An entry outside content/<kind>/ is formatted but not reordered. */
static void
test_fmt_unknown_kind_keeps_order(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(fmt_kind(f, ENTRY_KINDS, "---\nstars: 3 \nname: A\n---\n"),
			    "---\nstars: 3\nname: A\n---\n");
	assert_int_equal(f->core.diags.warnings, 1);
}

/* ---- files ---------------------------------------------------------- */

static const char *
put_file(struct fixture *f, const char *rel, const char *text, mode_t mode)
{
	const char *path = arena_printf(&f->core.arena, "%s/%s", f->dir, rel);
	char *dir = arena_strdup(&f->core.arena, path);
	for (char *p = dir + strlen(f->dir) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(dir, 0755);
		*p = '/';
	}
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	chmod(path, mode);
	return path;
}

static enum exit_status
run(struct fixture *f, const char *path, bool check, struct fmt_result *res)
{
	struct fmt_options o = { .check = check, .quiet = true,
				 .lang = msg_lang_find("en"), .out = f->devnull };
	const char *paths[] = { path };
	return fmt_run(res, paths, path ? 1 : 0, &o, &f->core.arena,
		       &f->core.diags);
}

static void
test_fmt_run_writes_keeping_mode(void **state)
{
	struct fixture *f = *state;
	const char *p = put_file(f, "content/products/a.md",
				 "---\r\nstars: 3\r\nname: A\r\n---\r\n", 0640);
	struct fmt_result res;
	/* --check writes nothing and says 1 */
	assert_int_equal(run(f, p, true, &res), EXIT_ERRORS);
	assert_int_equal(res.changed, 1);
	assert_string_equal(fixture_read_file(&f->core.arena, p), "---\r\nstars: 3\r\nname: A\r\n---\r\n");
	assert_int_equal(run(f, p, false, &res), EXIT_OK);
	assert_int_equal(res.changed, 1);
	assert_string_equal(fixture_read_file(&f->core.arena, p),
			    "---\nname: A\nstars: 3\n---\n");
	struct stat st;
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	/* now canonical: --check says 0, and a run leaves the file alone */
	assert_int_equal(run(f, p, true, &res), EXIT_OK);
	assert_int_equal(res.changed, 0);
	struct stat again;
	assert_int_equal(run(f, p, false, &res), EXIT_OK);
	assert_int_equal(stat(p, &again), 0);
	assert_int_equal(again.st_ino, st.st_ino);
	/* no temporary file left behind */
	DIR *d = opendir(arena_printf(&f->core.arena, "%s/content/products", f->dir));
	assert_non_null(d);
	int entries = 0;
	for (struct dirent *de; (de = readdir(d));)
		entries += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	assert_int_equal(entries, 1);
	assert_int_equal(f->core.diags.n, 0);
}

static void
test_fmt_run_leaves_broken_file(void **state)
{
	struct fixture *f = *state;
	const char *bad = "---\r\nstars: 4  \r\nname: [Bưởi\r\n---\r\n";
	const char *p = put_file(f, "content/products/b.md", bad, 0644);
	struct stat before, after;
	assert_int_equal(stat(p, &before), 0);
	struct fmt_result res;
	assert_int_equal(run(f, p, false, &res), EXIT_ERRORS);
	assert_int_equal(res.changed, 0);
	assert_string_equal(fixture_read_file(&f->core.arena, p), bad);
	assert_int_equal(stat(p, &after), 0);
	assert_int_equal(after.st_ino, before.st_ino);
	assert_int_equal(f->core.diags.errors, 1);
	assert_string_equal(f->core.diags.v[0].code, "yaml");
}

/* A folder: only entries under content/<kind>/ are formatted. */
static void
test_fmt_run_folder(void **state)
{
	struct fixture *f = *state;
	const char *a = put_file(f, "content/products/x/index.md",
				 "---\nstars: 3\nname: A\n---\n", 0644);
	const char *b = put_file(f, "content/notes.md", "---\nb: 1 \na: 2\n---\n", 0644);
	const char *c = put_file(f, "content/pages/.hidden.md", "---\nx: 1 \n---\n", 0644);
	struct fmt_result res;
	const char *dir = arena_printf(&f->core.arena, "%s/content", f->dir);
	assert_int_equal(run(f, dir, false, &res), EXIT_OK);
	assert_int_equal(res.files, 1);
	assert_string_equal(fixture_read_file(&f->core.arena, a),
			    "---\nname: A\nstars: 3\n---\n");
	assert_string_equal(fixture_read_file(&f->core.arena, b),
			    "---\nb: 1 \na: 2\n---\n");
	assert_string_equal(fixture_read_file(&f->core.arena, c),
			    "---\nx: 1 \n---\n");
}

static void
test_fmt_run_missing_file(void **state)
{
	struct fixture *f = *state;
	struct fmt_result res;
	const char *nope = arena_printf(&f->core.arena, "%s/nope.md", f->dir);
	assert_int_equal(run(f, nope, false, &res), EXIT_SYSTEM);
	assert_string_equal(f->core.diags.v[0].code, "io");
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_fmt_reorders_keys_keeping_comments),
		T(test_fmt_top_comment_stays_on_top),
		T(test_fmt_unknown_fields_go_last),
		T(test_fmt_orders_each_kind),
		T(test_fmt_composes_nfc),
		T(test_fmt_crlf),
		T(test_fmt_trailing_spaces),
		T(test_fmt_one_final_newline),
		T(test_fmt_trims_name),
		T(test_fmt_canonical_is_unchanged),
		T(test_fmt_refuses_yaml_error),
		T(test_fmt_refuses_no_front_matter),
		T(test_fmt_alias_keeps_order),
		T(test_fmt_flow_head_keeps_order),
		T(test_fmt_keep_chomping_keeps_order),
		T(test_fmt_escaped_space_at_line_end),
		T(test_fmt_unknown_kind_keeps_order),
		T(test_fmt_run_writes_keeping_mode),
		T(test_fmt_run_leaves_broken_file),
		T(test_fmt_run_folder),
		T(test_fmt_run_missing_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
