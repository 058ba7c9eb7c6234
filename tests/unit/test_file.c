/*
 * test_file.c - replacing a file whole (util/file.c): the new bytes and
 * mode, or the original's owner and mode when it is given; nothing but
 * the file in its folder after, whatever happened; the step that failed
 * said (the temporary file, a file changed since it was read, the
 * rename), with the original untouched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "util/file.h"
#include "util/banned.h"

/* A fresh folder, made the current one. */
static int
in_folder(void **state)
{
	char *dir = strdup("/tmp/ocop-test-file.XXXXXX");
	if (!dir || !mkdtemp(dir) || chdir(dir) < 0)
		return -1;
	*state = dir;
	return 0;
}

static int
out_of_folder(void **state)
{
	char *dir = *state;
	char cmd[64];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (chdir("/") < 0 || system(cmd) != 0)
		return -1;
	free(dir);
	return 0;
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static const char *
read_back(const char *path)
{
	static const char none[] = "(none)";
	FILE *f = fopen(path, "r");
	if (!f)
		return none;
	static char buf[256];   /* tests run one at a time */
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* The number of entries of the current folder, . and .. left out. */
static int
entries(void)
{
	FILE *p = popen("ls -A | wc -l", "r");
	int n = -1;
	assert_non_null(p);
	assert_int_equal(fscanf(p, "%d", &n), 1);
	pclose(p);
	return n;
}

static void
test_file_new_and_replaced(void **state)
{
	(void)state;
	enum file_step step = FILE_RENAME;
	struct file_how how = { .mode = 0640 };
	assert_int_equal(file_replace("a", span_from("one\n"), &how, &step), 0);
	assert_string_equal(read_back("a"), "one\n");
	struct stat st;
	assert_int_equal(stat("a", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	how = (struct file_how){ .mode = 0755, .durable = true };
	assert_int_equal(file_replace("a", span_from("two\n"), &how, NULL), 0);
	assert_string_equal(read_back("a"), "two\n");
	assert_int_equal(stat("a", &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	assert_int_equal(entries(), 1);
	/* an empty file, and a path with folders */
	assert_int_equal(mkdir("d", 0755), 0);
	assert_int_equal(file_replace("d/b", span_from(""), &how, NULL), 0);
	assert_string_equal(read_back("d/b"), "");
}

static void
test_file_keeps_what_it_replaces(void **state)
{
	(void)state;
	put("a", "old\n");
	assert_int_equal(chmod("a", 0604), 0);
	struct stat was;
	assert_int_equal(stat("a", &was), 0);
	struct file_how how = { .mode = 0777, .was = &was };
	assert_int_equal(file_replace("a", span_from("new\n"), &how, NULL), 0);
	struct stat now;
	assert_int_equal(stat("a", &now), 0);
	assert_int_equal(now.st_mode & 07777, 0604);
	assert_int_equal(now.st_uid, was.st_uid);
	assert_string_equal(read_back("a"), "new\n");
}

static void
test_file_changed_since_read(void **state)
{
	(void)state;
	put("a", "old\n");
	struct stat was;
	assert_int_equal(stat("a", &was), 0);
	put("a", "changed by someone else\n");
	enum file_step step = FILE_TEMP;
	struct file_how how = { .was = &was };
	assert_int_equal(file_replace("a", span_from("new\n"), &how, &step), ESTALE);
	assert_int_equal(step, FILE_CHANGED);
	assert_string_equal(read_back("a"), "changed by someone else\n");
	assert_int_equal(entries(), 1);
	/* or gone */
	assert_int_equal(unlink("a"), 0);
	assert_int_equal(file_replace("a", span_from("new\n"), &how, &step), ESTALE);
	assert_string_equal(read_back("a"), "(none)");
	assert_int_equal(entries(), 0);
}

static void
test_file_failures_say_where(void **state)
{
	(void)state;
	enum file_step step = FILE_RENAME;
	struct file_how how = { .mode = 0644 };
	/* no folder to put the temporary file in */
	assert_int_equal(file_replace("missing/a", span_from("x"), &how, &step), ENOENT);
	assert_int_equal(step, FILE_TEMP);
	/* a folder with something in it where the file should go */
	assert_int_equal(mkdir("a", 0755), 0);
	put("a/inside", "kept\n");
	assert_int_not_equal(file_replace("a", span_from("x"), &how, &step), 0);
	assert_int_equal(step, FILE_RENAME);
	assert_string_equal(read_back("a/inside"), "kept\n");
	assert_int_equal(entries(), 1);
}

/* A folder's names come sorted by bytes, hidden ones left out,
 * whatever order they were made in. */
static void
test_file_names_sorted_without_hidden(void **state)
{
	(void)state;
	put("b.md", "");
	put(".hidden", "");
	put("B.md", "");
	assert_int_equal(mkdir("a", 0755), 0);
	put("\xc4\x91.md", "");           /* đ: after every ASCII name */
	DIR *d = opendir(".");
	assert_non_null(d);
	struct file_names names;
	assert_int_equal(file_names_read(&names, d), 0);
	closedir(d);
	assert_int_equal(names.n, 4);
	assert_string_equal(names.v[0], "B.md");
	assert_string_equal(names.v[1], "a");
	assert_string_equal(names.v[2], "b.md");
	assert_string_equal(names.v[3], "\xc4\x91.md");
	file_names_release(&names);
	assert_null(names.v);
	assert_int_equal(names.n, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, in_folder, out_of_folder)
		T(test_file_new_and_replaced),
		T(test_file_keeps_what_it_replaces),
		T(test_file_changed_since_read),
		T(test_file_failures_say_where),
		T(test_file_names_sorted_without_hidden),
#undef T
	};
	return cmocka_run_group_tests_name("file", tests, NULL, NULL);
}
