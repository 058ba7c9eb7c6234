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
#include <fcntl.h>
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

/* What a walk saw, one line per visit or failure. */
struct seen {
	struct sbuf log;
	const char *enter_file;    /* a file the visit asks to enter */
	int stop_at;               /* the visit that stops (1-based), or 0 */
	int visits;
	struct sbuf path;          /* the walk's path */
};

static int
seen_visit(void *ctx, int dfd, const char *name, int depth)
{
	struct seen *s = ctx;
	struct stat st;
	assert_int_equal(fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW), 0);
	sbuf_putf(&s->log, "%d %s\n", depth, s->path.data);
	if (++s->visits == s->stop_at)
		return -7;
	if (s->enter_file && !strcmp(name, s->enter_file))
		return FILE_WALK_ENTER;
	return S_ISDIR(st.st_mode) ? FILE_WALK_ENTER : 0;
}

static int
seen_fail(void *ctx, enum file_walk_fail why, int err)
{
	struct seen *s = ctx;
	sbuf_putf(&s->log, "fail %s %s %s\n",
		  why == FILE_WALK_TOO_DEEP ? "deep" : why == FILE_WALK_OPEN
		  ? "open" : "list", s->path.data, err ? strerror(err) : "-");
	return 0;
}

static int
walk_seen(struct seen *s, const char *root, int max_depth)
{
	sbuf_release(&s->log);
	sbuf_puts(&s->log, "");
	sbuf_release(&s->path);
	sbuf_puts(&s->path, root);
	s->visits = 0;
	int fd = open(root, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	struct file_walker w = { &s->path, max_depth, s, seen_visit,
				 seen_fail };
	return file_walk(&w, fd);
}

/* The walk: sorted, depth first, hidden names and what links point to
 * left out, paths joined with one '/', too deep and unopenable folders
 * handed to fail(), a negative visit stopping it. */
static void
test_file_walk(void **state)
{
	(void)state;
	assert_int_equal(mkdir("t", 0755), 0);
	assert_int_equal(mkdir("t/b", 0755), 0);
	assert_int_equal(mkdir("t/b/c", 0755), 0);
	assert_int_equal(mkdir("t/b/c/d", 0755), 0);
	assert_int_equal(mkdir("t/.git", 0755), 0);
	put("t/b/c/d/deep.md", "");
	put("t/a.md", "");
	put("t/b/x.md", "");
	put("t/z.md", "");
	assert_int_equal(symlink("b", "t/link"), 0);
	struct seen s = { SBUF_INIT, NULL, 0, 0, SBUF_INIT };

	assert_int_equal(walk_seen(&s, "t/", 5), 0);
	assert_string_equal(s.log.data,
			    "0 t/a.md\n0 t/b\n1 t/b/c\n2 t/b/c/d\n"
			    "3 t/b/c/d/deep.md\n1 t/b/x.md\n0 t/link\n"
			    "0 t/z.md\n");

	/* two folders below the start at most: d is not walked */
	assert_int_equal(walk_seen(&s, "t", 2), 0);
	assert_string_equal(s.log.data,
			    "0 t/a.md\n0 t/b\n1 t/b/c\n2 t/b/c/d\n"
			    "fail deep t/b/c/d -\n1 t/b/x.md\n0 t/link\n"
			    "0 t/z.md\n");

	/* a file asked to be entered, and a link: not walked into */
	s.enter_file = "a.md";
	walk_seen(&s, "t", 1);
	s.enter_file = "link";
	struct sbuf first = s.log;
	s.log = (struct sbuf)SBUF_INIT;
	assert_int_equal(walk_seen(&s, "t", 1), 0);
	assert_string_equal(first.data,
			    "0 t/a.md\nfail open t/a.md Not a directory\n"
			    "0 t/b\n1 t/b/c\nfail deep t/b/c -\n1 t/b/x.md\n"
			    "0 t/link\n0 t/z.md\n");
	assert_string_equal(s.log.data,
			    "0 t/a.md\n0 t/b\n1 t/b/c\nfail deep t/b/c -\n"
			    "1 t/b/x.md\n0 t/link\n"
			    "fail open t/link Not a directory\n"
			    "0 t/z.md\n");
	sbuf_release(&first);

	/* the third visit stops the walk, whose result it is */
	s.enter_file = NULL;
	s.stop_at = 3;
	assert_int_equal(walk_seen(&s, "t", 5), -7);
	assert_string_equal(s.log.data, "0 t/a.md\n0 t/b\n1 t/b/c\n");
	sbuf_release(&s.log);
	sbuf_release(&s.path);
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
		T(test_file_walk),
#undef T
	};
	return cmocka_run_group_tests_name("file", tests, NULL, NULL);
}
