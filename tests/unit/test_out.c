/*
 * test_out.c - writing the site: a temporary folder beside the output,
 * one atomic swap on commit, and nothing touched on abort; on a rebuild,
 * unchanged files hard-linked from the previous output by its manifest.
 *
 * Each test gets a fresh folder from mkdtemp() under /tmp (the parent of
 * the output folder, "site"), plus an arena and diag list; teardown()
 * removes the folder.  Trees are compared as snapshots: every path
 * (sorted) with its type and contents.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/file.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <git2.h>

#include "fixture.h"
#include "write/out.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/sbuf.h"
#include "util/banned.h"

#ifndef OCOP_VERSION
#define OCOP_VERSION "0.0.0"
#endif

struct fixture {
	struct fixture_core core;
	char dir[FIXTURE_DIR_MAX];      /* the parent folder */
	char *site;             /* dir/site: the output folder */
	size_t reused;          /* rebuild_same(): files left in the spare */
	struct out o;
};

static int
setup(void **state)
{
	struct fixture *f = fixture_new(sizeof(*f));
	if (!f)
		return -1;
	if (fixture_mkdtemp(f->dir, "out") < 0) {
		fixture_free(f);
		return -1;
	}
	f->site = arena_printf(&f->core.arena, "%s/site", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int rc = out_remove_tree(f->dir);
	fixture_free(f);
	return rc;
}

static const char *
path(struct fixture *f, const char *rel)
{
	return arena_printf(&f->core.arena, "%s/%s", f->dir, rel);
}

static int
exists(const char *p)
{
	struct stat st;
	return lstat(p, &st) == 0;
}

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

struct lines {
	char **v;
	size_t n, cap;
};

static void
collect(struct fixture *f, struct lines *l, const char *root, const char *rel)
{
	const char *full = *rel ? arena_printf(&f->core.arena, "%s/%s", root, rel) : root;
	DIR *d = opendir(full);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		/* the marker every site carries: test_out_marker checks it */
		if (!*rel && !strcmp(e->d_name, ".ocop-output"))
			continue;
		const char *r = *rel ? arena_printf(&f->core.arena, "%s/%s", rel, e->d_name)
				     : arena_strdup(&f->core.arena, e->d_name);
		const char *p = arena_printf(&f->core.arena, "%s/%s", root, r);
		struct stat st;
		assert_int_equal(lstat(p, &st), 0);
		char *line;
		if (S_ISDIR(st.st_mode)) {
			line = arena_printf(&f->core.arena, "d %s", r);
			collect(f, l, root, r);
		} else if (S_ISLNK(st.st_mode)) {
			char target[256];
			ssize_t n = readlink(p, target, sizeof(target) - 1);
			assert_true(n >= 0);
			target[n] = '\0';
			line = arena_printf(&f->core.arena, "l %s -> %s", r,
					    target);
		} else {
			line = arena_printf(&f->core.arena, "f %s = %s", r, fixture_read_file(&f->core.arena, p));
		}
		if (l->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 16;
			l->v = realloc(l->v, l->cap * sizeof(*l->v));
			assert_non_null(l->v);
		}
		l->v[l->n++] = line;
	}
	closedir(d);
}

/* Every path below root, sorted, with its type and contents. */
static const char *
snapshot(struct fixture *f, const char *root)
{
	struct lines l = { 0 };
	collect(f, &l, root, "");
	if (l.n)
		qsort(l.v, l.n, sizeof(*l.v), cmp_str);
	struct sbuf sb = SBUF_INIT;
	for (size_t i = 0; i < l.n; i++)
		sbuf_putf(&sb, "%s\n", l.v[i]);
	free(l.v);
	const char *r = arena_strndup(&f->core.arena, sb.data, sb.len);
	sbuf_release(&sb);
	return r;
}

/* Names in the parent folder that start with ".site.tmp-". */
static int
temp_folders(struct fixture *f)
{
	DIR *d = opendir(f->dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, ".site.tmp-", 10))
			n++;
	closedir(d);
	return n;
}

/* out_begin(), and out_ready() after it: the writer ready to write. */
static void
begin(struct fixture *f, const char *dir)
{
	assert_int_equal(out_begin(&f->o, dir, &f->core.diags), 0);
	assert_int_equal(out_ready(&f->o), 0);
}

static void
write_str(struct fixture *f, const char *rel, const char *text)
{
	assert_int_equal(out_write(&f->o, rel, text, strlen(text)), 0);
}

/* A whole build: begin, write pairs of (path, text), commit. */
static void
build(struct fixture *f, const char *const *files)
{
	begin(f, f->site);
	for (size_t i = 0; files[i]; i += 2)
		write_str(f, files[i], files[i + 1]);
	assert_int_equal(out_commit(&f->o), 0);
	assert_int_equal(f->core.diags.n, 0);
}

static void
test_out_files_appear_only_after_commit(void **state)
{
	struct fixture *f = *state;
	begin(f, f->site);
	assert_non_null(f->o.tmp);
	/* the temporary folder sits beside the output, named after it */
	assert_int_equal(strncmp(f->o.tmp, path(f, ".site.tmp-"),
				 strlen(path(f, ".site.tmp-"))), 0);
	assert_int_equal(temp_folders(f), 1);
	write_str(f, "index.html", "<h1>Trang chủ</h1>\n");
	write_str(f, "products/buoi/index.html", "bưởi");
	assert_int_equal(f->o.files, 2);
	assert_int_equal(f->o.bytes, strlen("<h1>Trang chủ</h1>\n") + strlen("bưởi"));
	assert_false(exists(f->site));
	assert_string_equal(fixture_read_file(&f->core.arena, arena_printf(&f->core.arena, "%s/index.html", f->o.tmp)),
			    "<h1>Trang chủ</h1>\n");

	assert_int_equal(out_commit(&f->o), 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_null(f->o.tmp);
	assert_null(f->o.dir);
	assert_string_equal(snapshot(f, f->site),
			    "d products\n"
			    "d products/buoi\n"
			    "f index.html = <h1>Trang chủ</h1>\n\n"
			    "f products/buoi/index.html = bưởi\n");
	assert_int_equal(temp_folders(f), 0);
	/* the site is public: its folder is not mkdtemp's 0700 */
	struct stat st;
	assert_int_equal(stat(f->site, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0755);
}

static void
test_out_second_build_replaces_first(void **state)
{
	struct fixture *f = *state;
	static const char *const first[] = {
		"index.html", "một",
		"old/index.html", "cũ",
		"old/deep/x.css", "x",
		NULL,
	};
	build(f, first);
	const char *before = snapshot(f, f->site);

	begin(f, f->site);
	write_str(f, "index.html", "hai");
	write_str(f, "new/index.html", "mới");
	/* while the build runs, the published site is the first one */
	assert_string_equal(snapshot(f, f->site), before);
	assert_int_equal(out_commit(&f->o), 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_string_equal(snapshot(f, f->site),
			    "d new\n"
			    "f index.html = hai\n"
			    "f new/index.html = mới\n");
	assert_int_equal(temp_folders(f), 0);
}

static void
test_out_abort_leaves_output_untouched(void **state)
{
	struct fixture *f = *state;
	static const char *const first[] = {
		"index.html", "trang chủ",
		"products/a/index.html", "A",
		"assets/style.css", "body{}",
		NULL,
	};
	build(f, first);
	const char *before = snapshot(f, f->site);
	struct stat st0;
	assert_int_equal(stat(f->site, &st0), 0);

	begin(f, f->site);
	char *tmp = arena_strdup(&f->core.arena, f->o.tmp);
	write_str(f, "index.html", "hỏng");
	write_str(f, "products/b/index.html", "B");
	out_abort(&f->o);
	assert_null(f->o.tmp);
	assert_false(exists(tmp));
	assert_int_equal(temp_folders(f), 0);
	assert_string_equal(snapshot(f, f->site), before);
	struct stat st1;
	assert_int_equal(stat(f->site, &st1), 0);
	assert_int_equal(st0.st_ino, st1.st_ino);     /* the same folder */
	assert_int_equal(f->core.diags.n, 0);
}

static void
test_out_abort_without_previous_output(void **state)
{
	struct fixture *f = *state;
	begin(f, f->site);
	write_str(f, "a/b.html", "x");
	out_abort(&f->o);
	assert_false(exists(f->site));
	assert_int_equal(temp_folders(f), 0);
	assert_string_equal(snapshot(f, f->dir), "");
}

static void
test_out_nested_folders(void **state)
{
	struct fixture *f = *state;
	static const char *const files[] = {
		"a/b/c/d/e.html", "e",
		"a/b/x.html", "x",
		"a/y.html", "y",
		"a/b/c/d/f.html", "f",
		"z.html", "z",
		"a/b/c/g/h.html", "h",
		"q/r.html", "r",
		NULL,
	};
	build(f, files);
	assert_string_equal(snapshot(f, f->site),
			    "d a\n"
			    "d a/b\n"
			    "d a/b/c\n"
			    "d a/b/c/d\n"
			    "d a/b/c/g\n"
			    "d q\n"
			    "f a/b/c/d/e.html = e\n"
			    "f a/b/c/d/f.html = f\n"
			    "f a/b/c/g/h.html = h\n"
			    "f a/b/x.html = x\n"
			    "f a/y.html = y\n"
			    "f q/r.html = r\n"
			    "f z.html = z\n");
}

static void
test_out_top_level_file_first(void **state)
{
	struct fixture *f = *state;
	/* the very first write has no folder of its own */
	static const char *const files[] = {
		"robots.txt", "User-agent: *\n",
		"404.html", "không thấy",
		NULL,
	};
	build(f, files);
	assert_string_equal(snapshot(f, f->site),
			    "f 404.html = không thấy\n"
			    "f robots.txt = User-agent: *\n\n");
}

static void
test_out_binary_and_empty_files(void **state)
{
	struct fixture *f = *state;
	begin(f, f->site);
	static const unsigned char bin[] = { 0x89, 'P', 'N', 'G', 0, 1, 2, 0xFF };
	assert_int_equal(out_write(&f->o, "img/a.png", bin, sizeof(bin)), 0);
	assert_int_equal(out_write(&f->o, "empty.txt", "", 0), 0);
	/* a rewrite of the same path replaces it */
	write_str(f, "x.txt", "dài hơn nhiều");
	write_str(f, "x.txt", "ngắn");
	assert_int_equal(out_commit(&f->o), 0);
	struct stat st;
	assert_int_equal(stat(path(f, "site/img/a.png"), &st), 0);
	assert_int_equal(st.st_size, sizeof(bin));
	FILE *fp = fopen(path(f, "site/img/a.png"), "rb");
	assert_non_null(fp);
	unsigned char got[sizeof(bin)];
	assert_int_equal(fread(got, 1, sizeof(got), fp), sizeof(bin));
	fclose(fp);
	assert_memory_equal(got, bin, sizeof(bin));
	assert_int_equal(stat(path(f, "site/empty.txt"), &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_string_equal(fixture_read_file(&f->core.arena,
					      path(f, "site/x.txt")), "ngắn");
}

static void
test_out_old_tree_removed_without_following_links(void **state)
{
	struct fixture *f = *state;
	/* a folder outside the site that a symbolic link in the old
	 * output points at: deleting the old tree must not empty it */
	assert_int_equal(mkdir(path(f, "keep"), 0755), 0);
	FILE *fp = fopen(path(f, "keep/precious.txt"), "w");
	assert_non_null(fp);
	fputs("giữ lại", fp);
	fclose(fp);
	static const char *const first[] = { "index.html", "1", NULL };
	build(f, first);
	assert_int_equal(symlink(path(f, "keep"), path(f, "site/link")), 0);

	static const char *const second[] = { "index.html", "2", NULL };
	build(f, second);
	assert_string_equal(snapshot(f, f->site), "f index.html = 2\n");
	assert_string_equal(fixture_read_file(&f->core.arena,
					      path(f, "keep/precious.txt")),
			    "giữ lại");
}

static void
test_out_trailing_slash(void **state)
{
	struct fixture *f = *state;
	const char *with_slash = arena_printf(&f->core.arena, "%s//", f->site);
	begin(f, with_slash);
	assert_string_equal(f->o.dir, f->site);
	write_str(f, "index.html", "x");
	assert_int_equal(out_commit(&f->o), 0);
	assert_string_equal(snapshot(f, f->site), "f index.html = x\n");
	assert_int_equal(temp_folders(f), 0);
}

static void
test_out_commit_onto_a_file_fails(void **state)
{
	struct fixture *f = *state;
	FILE *fp = fopen(f->site, "w");
	assert_non_null(fp);
	fputs("không phải thư mục", fp);
	fclose(fp);
	/* found before anything is rendered */
	assert_int_equal(out_begin(&f->o, f->site, &f->core.diags), -1);
	assert_int_equal(f->core.diags.n, 1);
	const struct diag *d = &f->core.diags.v[0];
	assert_int_equal(d->level, DIAG_ERROR);
	assert_string_equal(d->at.path, f->site);
	assert_int_equal(d->at.line, 0);
	assert_string_equal(d->code, "io");
	assert_string_equal(d->msg, "the output path exists and is not a folder");
	/* the file is untouched and the temporary folder gone */
	assert_string_equal(fixture_read_file(&f->core.arena, f->site),
			    "không phải thư mục");
	assert_int_equal(temp_folders(f), 0);
	assert_null(f->o.tmp);
}

/* What a killed build leaves: its folder, with or without the marker. */
static void
make_stale(struct fixture *f, const char *name, bool marker)
{
	assert_int_equal(mkdir(path(f, name), 0755), 0);
	struct sbuf p = SBUF_INIT;
	sbuf_putf(&p, "%s/%s/%s", f->dir, name, marker ? ".ocop-output" : "notes.txt");
	FILE *fp = fopen(p.data, "w");
	assert_non_null(fp);
	fclose(fp);
	sbuf_release(&p);
}

static void
test_out_begin_removes_stale_temporary_folders(void **state)
{
	struct fixture *f = *state;
	make_stale(f, ".site.tmp-AAAAAA", true);      /* a killed build's */
	make_stale(f, ".site.tmp-BBBBBB", false);     /* not ours: kept */
	make_stale(f, ".other.tmp-CCCCCC", true);     /* another output's */
	make_stale(f, ".site.tmp-DDDDDD", true);      /* a running build's */
	int held = open(path(f, ".site.tmp-DDDDDD"), O_RDONLY | O_DIRECTORY);
	assert_true(held >= 0);
	assert_int_equal(flock(held, LOCK_EX), 0);

	begin(f, f->site);
	assert_false(exists(path(f, ".site.tmp-AAAAAA")));
	assert_true(exists(path(f, ".site.tmp-BBBBBB/notes.txt")));
	assert_true(exists(path(f, ".other.tmp-CCCCCC")));
	assert_true(exists(path(f, ".site.tmp-DDDDDD/.ocop-output")));
	/* and this build's own folder is locked against the next sweep */
	int fd = open(f->o.tmp, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), -1);
	close(fd);
	out_abort(&f->o);
	close(held);
}

static void
test_out_begin_makes_missing_parents_and_abort_removes_them(void **state)
{
	struct fixture *f = *state;
	const char *missing = path(f, "no/such/site");
	struct stat st;
	begin(f, missing);
	assert_int_equal(f->core.diags.n, 0);
	assert_int_equal(stat(path(f, "no/such"), &st), 0);
	out_abort(&f->o);
	/* a failed build leaves no folder it made behind */
	assert_int_equal(stat(path(f, "no"), &st), -1);
	assert_null(f->o.dir);
	out_abort(&f->o);       /* harmless twice */
	assert_null(f->o.dir);
}

static void
test_out_commit_keeps_the_parents_it_made(void **state)
{
	struct fixture *f = *state;
	const char *deep = path(f, "new/deep/site");
	struct stat st;
	begin(f, deep);
	assert_int_equal(out_write(&f->o, "index.html", "x", 1), 0);
	assert_int_equal(out_commit(&f->o), 0);
	assert_int_equal(stat(path(f, "new/deep/site/index.html"), &st), 0);
}

static void
test_out_write_failure_is_reported(void **state)
{
	struct fixture *f = *state;
	begin(f, f->site);
	write_str(f, "a", "a file");
	/* "a" is a file, so "a/b.html" cannot have a folder */
	const char *rel = arena_strdup(&f->core.arena, "a/b.html");
	assert_int_equal(out_write(&f->o, rel, "x", 1), -1);
	assert_int_equal(f->core.diags.n, 1);
	const struct diag *d = &f->core.diags.v[0];
	assert_string_equal(d->at.path, "a/b.html");
	assert_string_equal(d->code, "io");
	assert_string_equal(d->msg, "cannot write the output file: Not a directory");
	/* a folder that cannot be made: the diag names the folder, and
	 * keeps its own copy of the path, which the renderer passes from a
	 * scratch arena released right after (a use after free before) */
	char *scratch = strdup("a/b/c.html");
	assert_int_equal(out_write(&f->o, scratch, "x", 1), -1);
	free(scratch);
	assert_int_equal(f->core.diags.n, 2);
	d = &f->core.diags.v[1];
	assert_string_equal(d->at.path, "a/b/c.html");
	assert_string_equal(d->code, "io");
	assert_string_equal(d->msg, "cannot create folder \"a/b\": Not a directory");
	out_abort(&f->o);
	assert_false(exists(f->site));
	assert_int_equal(temp_folders(f), 0);
}

static void
test_out_marker(void **state)
{
	struct fixture *f = *state;
	/* every site carries the marker that lets the next build replace it */
	begin(f, f->site);
	assert_int_equal(f->o.files, 0);
	assert_int_equal(out_commit(&f->o), 0);
	assert_string_equal(fixture_read_file(&f->core.arena,
					      path(f, "site/.ocop-output")),
			    "This folder is written by ocop: each build replaces all of it.\n"
			    "ocop-output 3 " OCOP_VERSION " 0\n");
	/* an empty folder may be used too */
	assert_int_equal(mkdir(path(f, "empty"), 0755), 0);
	assert_int_equal(out_begin(&f->o, path(f, "empty"), &f->core.diags), 0);
	assert_int_equal(out_commit(&f->o), 0);
	assert_int_equal(f->core.diags.n, 0);
}

static void
test_out_refuses_a_folder_it_did_not_write(void **state)
{
	struct fixture *f = *state;
	/* someone's folder: replacing it would delete their files */
	assert_int_equal(mkdir(f->site, 0755), 0);
	FILE *k = fopen(path(f, "site/keep.txt"), "w");
	assert_non_null(k);
	fputs("keep", k);
	fclose(k);
	assert_int_equal(out_begin(&f->o, f->site, &f->core.diags), -1);
	assert_int_equal(f->core.diags.n, 1);
	assert_string_equal(f->core.diags.v[0].msg,
			    "refusing to replace the output folder: it holds files ocop did not write (no .ocop-output in it)");
	assert_string_equal(snapshot(f, f->site), "f keep.txt = keep\n");
	assert_int_equal(temp_folders(f), 0);
}

/* ---- rebuilds: the manifest, and only what changed written ----------- */

/* The stat of site/rel (not following a link). */
static struct stat
stat_of(struct fixture *f, const char *rel)
{
	struct stat st;
	assert_int_equal(lstat(path(f, arena_printf(&f->core.arena, "site/%s", rel)), &st), 0);
	return st;
}

static bool
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_ino == b->st_ino && a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

static void
put_file(const char *p, const char *text)
{
	FILE *fp = fopen(p, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* The whole marker of the site. */
static const char *
marker(struct fixture *f)
{
	return fixture_read_file(&f->core.arena, path(f, "site/.ocop-output"));
}

/* A rebuild of the three files of first[] below, with no diags; returns
 * the number of files linked. */
static size_t
rebuild_same(struct fixture *f)
{
	begin(f, f->site);
	write_str(f, "index.html", "1");
	write_str(f, "a/x.html", "x");
	write_str(f, "b/y.html", "y");
	assert_int_equal(f->o.linked + f->o.written, 3);
	size_t linked = f->o.linked;
	f->reused = f->o.reused;
	assert_int_equal(out_commit(&f->o), 0);
	assert_int_equal(f->core.diags.n, 0);
	return linked;
}

static const char *const first[] = {
	"index.html", "1",
	"a/x.html", "x",
	"b/y.html", "y",
	NULL,
};

static void
test_out_manifest_lists_every_file(void **state)
{
	struct fixture *f = *state;
	static const char *const files[] = {
		"z.html", "hai",
		"index.html", "1",
		"a/b/một.html", "một",
		"empty.txt", "",
		NULL,
	};
	build(f, files);
	/* sorted by path, each with its SHA-256, size, time, inode and
	 * key (none here) */
	struct sbuf want = SBUF_INIT;
	sbuf_puts(&want, "This folder is written by ocop: each build replaces all of it.\n"
		  "ocop-output 3 " OCOP_VERSION " 4\n");
	static const char *const rows[][3] = {
		{ "a/b/một.html", "0231bfca9ba02e810222a629b6c9d12870eba7282f1b18b172f556db0729fc65", "5" },
		{ "empty.txt", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "0" },
		{ "index.html", "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b", "1" },
		{ "z.html", "739b9d664d77db3ee3cab40737c6386fb7b6ef9e00b31a434fd7680e69482ba0", "3" },
	};
	for (size_t i = 0; i < 4; i++) {
		struct stat st = stat_of(f, rows[i][0]);
		sbuf_putf(&want, "%s %s %lld.%09ld %llu - %s\n", rows[i][1],
			  rows[i][2], (long long)st.st_mtim.tv_sec,
			  (long)st.st_mtim.tv_nsec,
			  (unsigned long long)st.st_ino, rows[i][0]);
	}
	assert_string_equal(marker(f), want.data);
	sbuf_release(&want);
	assert_int_equal(f->o.written, 4);
	assert_int_equal(f->o.linked, 0);
}

/* The paths of the site's marker, a line each. */
static const char *
marker_paths(struct fixture *f)
{
	struct sbuf sb = SBUF_INIT;
	const char *m = marker(f);
	const char *line = strchr(strchr(m, '\n') + 1, '\n') + 1;
	while (*line) {
		const char *nl = strchr(line, '\n');
		const char *p = nl;
		while (p[-1] != ' ')
			p--;
		sbuf_put(&sb, p, (size_t)(nl - p) + 1);
		line = nl + 1;
	}
	const char *r = arena_strndup(&f->core.arena, sb.data, sb.len);
	sbuf_release(&sb);
	return r;
}

static void
test_out_manifest_sorted_on_rebuild(void **state)
{
	struct fixture *f = *state;
	static const char *const files[] = {
		"b/y.html", "y", "d.html", "d", "index.html", "1", NULL,
	};
	build(f, files);
	/* a rebuild sorts the paths the previous list has by their place
	 * there, the others by path, and merges them: written in any
	 * order, twice or not, the list comes out as a fresh build's */
	begin(f, f->site);
	write_str(f, "index.html", "1");        /* kept */
	write_str(f, "e.html", "e");            /* new, after all */
	write_str(f, "b/y.html", "y2");         /* changed */
	write_str(f, "a.html", "a");            /* new, before all */
	write_str(f, "c/z.html", "z");          /* new, between */
	write_str(f, "d.html", "d");
	write_str(f, "b/y.html", "y3");         /* again: the last counts */
	write_str(f, "c/z.html", "z2");
	assert_int_equal(out_commit(&f->o), 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_string_equal(marker_paths(f), "a.html\nb/y.html\nc/z.html\n"
			    "d.html\ne.html\nindex.html\n");
	assert_string_equal(snapshot(f, f->site),
			    "d b\n"
			    "d c\n"
			    "f a.html = a\n"
			    "f b/y.html = y3\n"
			    "f c/z.html = z2\n"
			    "f d.html = d\n"
			    "f e.html = e\n"
			    "f index.html = 1\n");
	/* and a fresh build of the same files lists the same */
	const char *listed = marker(f);
	out_remove_tree(path(f, ".site.spare"));
	assert_int_equal(rename(path(f, "site"), path(f, "old")), 0);
	static const char *const same[] = {
		"a.html", "a", "b/y.html", "y3", "c/z.html", "z2", "d.html", "d",
		"e.html", "e", "index.html", "1", NULL,
	};
	build(f, same);
	assert_string_equal(marker_paths(f), "a.html\nb/y.html\nc/z.html\n"
			    "d.html\ne.html\nindex.html\n");
	assert_true(strlen(marker(f)) == strlen(listed));
}

static void
test_out_rebuild_links_unchanged_files(void **state)
{
	struct fixture *f = *state;
	build(f, first);
	struct stat idx0 = stat_of(f, "index.html"), x0 = stat_of(f, "a/x.html"),
		    y0 = stat_of(f, "b/y.html");
	const char *marker0 = marker(f);

	/* an unchanged rebuild links all three, and lists the same */
	assert_int_equal(rebuild_same(f), 3);
	assert_int_equal(f->o.written, 0);
	assert_string_equal(marker(f), marker0);
	struct stat idx1 = stat_of(f, "index.html");
	assert_true(same_file(&idx0, &idx1));
	/* the old tree is kept beside, as the next build's spare */
	assert_int_equal(idx1.st_nlink, 2);
	assert_string_equal(snapshot(f, path(f, ".site.spare")),
			    snapshot(f, f->site));

	/* one file changed, one gone, one new */
	begin(f, f->site);
	write_str(f, "index.html", "2");
	write_str(f, "a/x.html", "x");
	write_str(f, "c/z.html", "z");
	/* while the build runs the published site is the old one */
	struct stat idx2 = stat_of(f, "index.html");
	assert_true(same_file(&idx0, &idx2));
	assert_int_equal(f->o.files, 3);
	assert_int_equal(f->o.written, 2);
	assert_int_equal(f->o.linked, 1);
	assert_int_equal(f->o.reused, 1);       /* x, in the spare */
	assert_int_equal(out_commit(&f->o), 0);
	assert_int_equal(f->core.diags.n, 0);
	/* b/y.html, which this build did not write, and its folder are
	 * gone from the tree swapped in */
	assert_string_equal(snapshot(f, f->site),
			    "d a\n"
			    "d c\n"
			    "f a/x.html = x\n"
			    "f c/z.html = z\n"
			    "f index.html = 2\n");
	struct stat x1 = stat_of(f, "a/x.html"), idx3 = stat_of(f, "index.html");
	assert_true(same_file(&x0, &x1));
	assert_int_equal(x1.st_nlink, 2);       /* and in the spare */
	assert_int_not_equal(idx3.st_ino, idx0.st_ino);
	/* the spare is the previous site, y's inode with it */
	assert_string_equal(snapshot(f, path(f, ".site.spare")),
			    "d a\n"
			    "d b\n"
			    "f a/x.html = x\n"
			    "f b/y.html = y\n"
			    "f index.html = 1\n");
	struct stat y1;
	assert_int_equal(lstat(path(f, ".site.spare/b/y.html"), &y1), 0);
	assert_true(same_file(&y0, &y1));
}

static void
test_out_rewrite_of_a_linked_path_leaves_the_old_file(void **state)
{
	struct fixture *f = *state;
	build(f, first);
	struct stat x0 = stat_of(f, "a/x.html");
	begin(f, f->site);
	write_str(f, "a/x.html", "x");          /* linked */
	assert_int_equal(f->o.linked, 1);
	write_str(f, "a/x.html", "x mới");      /* must not write into it */
	assert_string_equal(fixture_read_file(&f->core.arena, path(f, "site/a/x.html")), "x");
	struct stat x1 = stat_of(f, "a/x.html");
	assert_true(same_file(&x0, &x1));
	out_abort(&f->o);
	assert_string_equal(fixture_read_file(&f->core.arena, path(f, "site/a/x.html")), "x");

	/* committed, the last write wins, listed once */
	begin(f, f->site);
	write_str(f, "a/x.html", "x");
	write_str(f, "a/x.html", "x mới");
	assert_int_equal(out_commit(&f->o), 0);
	assert_string_equal(fixture_read_file(&f->core.arena, path(f, "site/a/x.html")), "x mới");
	const char *m = marker(f);
	assert_non_null(strstr(m, " 1\n"));     /* one file */
	/* x changed back: none of the output's files is of use (all three
	 * count as written), but the spare, the first build's site, holds
	 * all three */
	assert_int_equal(rebuild_same(f), 0);
	assert_int_equal(f->reused, 3);
}

static void
test_out_abort_of_a_rebuild_leaves_output_untouched(void **state)
{
	struct fixture *f = *state;
	build(f, first);
	const char *before = snapshot(f, f->site);
	const char *marker0 = marker(f);
	struct stat idx0 = stat_of(f, "index.html"), x0 = stat_of(f, "a/x.html"),
		    y0 = stat_of(f, "b/y.html");
	begin(f, f->site);
	write_str(f, "index.html", "1");        /* linked */
	write_str(f, "a/x.html", "đổi");        /* written */
	write_str(f, "b/y.html", "y");          /* linked */
	assert_int_equal(f->o.linked, 2);
	assert_int_equal(stat_of(f, "index.html").st_nlink, 2);
	out_abort(&f->o);
	assert_int_equal(temp_folders(f), 0);
	assert_string_equal(snapshot(f, f->site), before);
	assert_string_equal(marker(f), marker0);
	struct stat idx1 = stat_of(f, "index.html"), x1 = stat_of(f, "a/x.html"),
		    y1 = stat_of(f, "b/y.html");
	assert_true(same_file(&idx0, &idx1));
	assert_true(same_file(&x0, &x1));
	assert_true(same_file(&y0, &y1));
	assert_int_equal(idx1.st_nlink, 1);
	/* and the manifest is still good for the next build */
	assert_int_equal(rebuild_same(f), 3);
}

/* Replaces the first occurrence of from in the marker by to. */
static void
edit_marker(struct fixture *f, const char *from, const char *to)
{
	const char *m = marker(f);
	const char *at = strstr(m, from);
	assert_non_null(at);
	struct sbuf sb = SBUF_INIT;
	sbuf_put(&sb, m, (size_t)(at - m));
	sbuf_puts(&sb, to);
	sbuf_puts(&sb, at + strlen(from));
	put_file(path(f, "site/.ocop-output"), sb.data);
	sbuf_release(&sb);
}

static void
test_out_damaged_manifest_is_ignored(void **state)
{
	struct fixture *f = *state;
	build(f, first);
	const char *good = arena_strdup(&f->core.arena, marker(f));
	size_t len = strlen(good);
	const char *bad[] = {
		/* an older ocop's marker, and an empty one */
		"This folder is written by ocop: each build replaces all of it.\n",
		"",
		/* cut short: inside the last line, at a line's end */
		arena_strndup(&f->core.arena, good, len - 3),
		arena_strndup(&f->core.arena, good,
			      (size_t)(strrchr(arena_strndup(&f->core.arena, good, len - 1), '\n') - good) + 1),
		/* the last newline missing, a line too many */
		arena_strndup(&f->core.arena, good, len - 1),
		arena_printf(&f->core.arena, "%szz.html\n", good),
		NULL,
	};
	/* the output's list alone: the spare, which would hold the same
	 * files, goes first */
	const char *spare = path(f, ".site.spare");
	for (size_t i = 0; bad[i]; i++) {
		put_file(path(f, "site/.ocop-output"), bad[i]);
		out_remove_tree(spare);
		assert_int_equal(rebuild_same(f), 0);
		assert_int_equal(f->o.written, 3);
		/* the new marker is whole again */
		assert_string_not_equal(marker(f), bad[i]);
		assert_int_equal(rebuild_same(f), 3);
	}
	/* another version, a wrong count, a bad hash, size or time, an
	 * unsafe path, paths out of order */
	const char *edits[][2] = {
		{ "ocop-output 3 " OCOP_VERSION " ", "ocop-output 3 " OCOP_VERSION "-other " },
		{ "ocop-output 3 ", "ocop-output 2 " },
		/* a key that is not "-" or 32 hex digits */
		{ " - a/x.html\n", " a/x.html\n" },
		{ " - a/x.html\n", " -- a/x.html\n" },
		{ " - a/x.html\n", " 0123456789abcdef a/x.html\n" },
		{ " - a/x.html\n", " 0123456789ABCDEF0123456789abcdef a/x.html\n" },
		{ " 3\n", " 2\n" },
		{ " 3\n", " 4\n" },
		{ " 3\n", " 99999999999999999999\n" },
		{ "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b", "6B86B273FF34FCE19D6B804EFF5A3F5747ADA4EAA22F1D49C01E52DDB7875B4B" },
		{ "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b", "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4" },
		{ "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b", "56a6051ca2b02b04ef92d5150c9ef600403cb1de" },
		{ "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881 1 ", "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881 -1 " },
		{ "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881 1 ", "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881 1  " },
		{ "a/x.html\n", "a/../x.html\n" },
		{ "a/x.html\n", "/a/x.html\n" },
		{ "a/x.html\n", "a/x.html\tb\n" },
		{ "a/x.html\n", "c/x.html\n" },         /* after b/y.html */
		{ "This folder", "That folder" },
		/* ten digits of nanoseconds, or eight */
		{ "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b 1 ", NULL },
		{ "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b 1 ", "" },
	};
	for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		put_file(path(f, "site/.ocop-output"), good);
		if (edits[i][1] && *edits[i][1]) {
			edit_marker(f, edits[i][0], edits[i][1]);
		} else {
			/* the time of index.html: one digit more or less */
			const char *line = strstr(good, edits[i][0]);
			assert_non_null(line);
			const char *dot = strchr(line, '.');
			size_t at = (size_t)(dot + 1 - good);
			const char *m = edits[i][1]
				? arena_printf(&f->core.arena, "%.*s%s", (int)at, good, good + at + 1)
				: arena_printf(&f->core.arena, "%.*s1%s", (int)at, good, good + at);
			put_file(path(f, "site/.ocop-output"), m);
		}
		out_remove_tree(spare);
		assert_int_equal(rebuild_same(f), 0);
		assert_int_equal(f->o.written, 3);
		/* rebuild_same rewrote the files: good is stale now */
		good = arena_strdup(&f->core.arena, marker(f));
	}
	/* a marker that is not a file */
	assert_int_equal(unlink(path(f, "site/.ocop-output")), 0);
	assert_int_equal(mkdir(path(f, "site/.ocop-output"), 0755), 0);
	out_remove_tree(spare);
	assert_int_equal(rebuild_same(f), 0);
	assert_int_equal(rebuild_same(f), 3);

	/* the spare's list damaged: nothing of the spare is used, the
	 * output's files are linked instead */
	assert_int_equal(rebuild_same(f), 3);
	assert_int_equal(f->reused, 3);
	for (size_t i = 0; bad[i]; i++) {
		put_file(path(f, ".site.spare/.ocop-output"), bad[i]);
		assert_int_equal(rebuild_same(f), 3);
		assert_int_equal(f->reused, 0);
		assert_int_equal(rebuild_same(f), 3);
		assert_int_equal(f->reused, 3);
	}
}

static void
test_out_hand_edited_file_is_not_trusted(void **state)
{
	struct fixture *f = *state;
	build(f, first);
	struct stat x0 = stat_of(f, "a/x.html");
	const char *x = path(f, "site/a/x.html");

	/* edited in place, same size, with a new time */
	put_file(x, "!");
	struct timespec t[2] = { x0.st_atim, x0.st_mtim };
	t[1].tv_sec -= 10;
	assert_int_equal(utimensat(AT_FDCWD, x, t, 0), 0);
	assert_int_equal(rebuild_same(f), 2);
	assert_string_equal(fixture_read_file(&f->core.arena, x), "x");
	/* the same, a nanosecond off */
	x0 = stat_of(f, "a/x.html");
	put_file(x, "!");
	t[0] = x0.st_atim;
	t[1] = x0.st_mtim;
	t[1].tv_nsec = (t[1].tv_nsec + 1) % 1000000000;
	assert_int_equal(utimensat(AT_FDCWD, x, t, 0), 0);
	assert_int_equal(rebuild_same(f), 2);
	assert_string_equal(fixture_read_file(&f->core.arena, x), "x");

	/* replaced by another file of the same size and time (made while
	 * the old one exists, so that it cannot reuse its inode) */
	x0 = stat_of(f, "a/x.html");
	const char *other = path(f, "other");
	put_file(other, "?");
	t[0] = x0.st_atim;
	t[1] = x0.st_mtim;
	assert_int_equal(utimensat(AT_FDCWD, other, t, 0), 0);
	assert_int_equal(rename(other, x), 0);
	assert_int_equal(rebuild_same(f), 2);
	assert_string_equal(fixture_read_file(&f->core.arena, x), "x");

	/* its permissions changed */
	assert_int_equal(chmod(x, 0600), 0);
	assert_int_equal(rebuild_same(f), 2);
	assert_int_equal(stat_of(f, "a/x.html").st_mode & 0777,
			 stat_of(f, "index.html").st_mode & 0777);

	/* a symbolic link to a file with the right bytes */
	put_file(path(f, "elsewhere"), "x");
	assert_int_equal(unlink(x), 0);
	assert_int_equal(symlink(path(f, "elsewhere"), x), 0);
	assert_int_equal(rebuild_same(f), 2);
	assert_true(S_ISREG(stat_of(f, "a/x.html").st_mode));

	/* and a folder of that name */
	assert_int_equal(unlink(x), 0);
	assert_int_equal(mkdir(x, 0755), 0);
	assert_int_equal(rebuild_same(f), 2);
	assert_true(S_ISREG(stat_of(f, "a/x.html").st_mode));
	assert_int_equal(rebuild_same(f), 3);
}

/* The spare is trusted as little as the output: what its list does not
 * hold as listed is removed before the build writes, never published. */
static void
test_out_spare_holds_only_what_its_list_says(void **state)
{
	struct fixture *f = *state;
	build(f, first);
	assert_int_equal(rebuild_same(f), 3);   /* the spare is made */
	const char *site = arena_strdup(&f->core.arena, snapshot(f, f->site));
	/* added by hand: a file, a folder, a link; b/y.html replaced by
	 * another file of the same size and time */
	put_file(path(f, ".site.spare/stray.html"), "<script>alert(1)</script>");
	assert_int_equal(mkdir(path(f, ".site.spare/extra"), 0755), 0);
	put_file(path(f, ".site.spare/extra/a.html"), "x");
	assert_int_equal(symlink(path(f, "site/index.html"),
				 path(f, ".site.spare/a/link.html")), 0);
	struct stat y;
	assert_int_equal(lstat(path(f, ".site.spare/b/y.html"), &y), 0);
	put_file(path(f, "other"), "?");
	struct timespec t[2] = { y.st_atim, y.st_mtim };
	assert_int_equal(utimensat(AT_FDCWD, path(f, "other"), t, 0), 0);
	assert_int_equal(rename(path(f, "other"), path(f, ".site.spare/b/y.html")), 0);

	assert_int_equal(rebuild_same(f), 3);
	assert_int_equal(f->reused, 2);         /* y is linked from the output */
	assert_string_equal(snapshot(f, f->site), site);
	assert_int_equal(temp_folders(f), 0);
}

/* A ".site.spare" without the marker is someone's folder: never taken,
 * never emptied. */
static void
test_out_spare_without_marker_is_left_alone(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(mkdir(path(f, ".site.spare"), 0755), 0);
	put_file(path(f, ".site.spare/mine.txt"), "mine");
	build(f, first);
	assert_int_equal(rebuild_same(f), 3);
	assert_int_equal(f->reused, 0);
	assert_int_equal(rebuild_same(f), 3);
	assert_int_equal(f->reused, 0);
	assert_string_equal(snapshot(f, path(f, ".site.spare")), "f mine.txt = mine\n");
	assert_int_equal(temp_folders(f), 0);
}

/* A path that was a file in the previous site and is a folder now, and
 * the other way round: the spare's file or folder makes way. */
static void
test_out_spare_path_that_changed_kind(void **state)
{
	struct fixture *f = *state;
	build(f, first);
	assert_int_equal(rebuild_same(f), 3);
	begin(f, f->site);
	write_str(f, "a/x.html/index.html", "x2");
	write_str(f, "b", "file b");
	write_str(f, "index.html", "1");
	assert_int_equal(f->o.reused, 1);
	assert_int_equal(out_commit(&f->o), 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_string_equal(snapshot(f, f->site),
			    "d a\n"
			    "d a/x.html\n"
			    "f a/x.html/index.html = x2\n"
			    "f b = file b\n"
			    "f index.html = 1\n");
}

/* A failed build removes the spare it took with its temporary folder;
 * the output is untouched, and the next build links from it. */
static void
test_out_abort_with_a_spare(void **state)
{
	struct fixture *f = *state;
	build(f, first);
	assert_int_equal(rebuild_same(f), 3);
	const char *before = arena_strdup(&f->core.arena, snapshot(f, f->site));
	begin(f, f->site);
	write_str(f, "index.html", "đổi");
	write_str(f, "new.html", "mới");
	out_abort(&f->o);
	assert_string_equal(snapshot(f, f->site), before);
	assert_int_equal(temp_folders(f), 0);
	assert_false(exists(path(f, ".site.spare")));
	assert_int_equal(rebuild_same(f), 3);
	assert_int_equal(f->reused, 0);
}

/* A build that fails before it writes (its pages could not be planned)
 * aborts while out_begin()'s thread may still be pruning the spare:
 * out_abort() waits for it, then removes the folder. */
static void
test_out_abort_before_ready(void **state)
{
	struct fixture *f = *state;
	build(f, first);
	assert_int_equal(rebuild_same(f), 3);
	const char *before = arena_strdup(&f->core.arena, snapshot(f, f->site));
	assert_int_equal(out_begin(&f->o, f->site, &f->core.diags), 0);
	out_abort(&f->o);
	assert_string_equal(snapshot(f, f->site), before);
	assert_int_equal(temp_folders(f), 0);
	assert_int_equal(f->core.diags.n, 0);
	assert_int_equal(rebuild_same(f), 3);
}

/* The output deleted by hand: the spare still serves. */
static void
test_out_spare_without_output(void **state)
{
	struct fixture *f = *state;
	build(f, first);
	assert_int_equal(rebuild_same(f), 3);
	const char *before = arena_strdup(&f->core.arena, snapshot(f, f->site));
	assert_int_equal(out_remove_tree(f->site), 0);
	assert_int_equal(rebuild_same(f), 0);   /* new to the output */
	assert_int_equal(f->reused, 3);
	assert_string_equal(snapshot(f, f->site), before);
	/* no previous site to keep */
	assert_false(exists(path(f, ".site.spare")));
}

static void
test_out_refuses_unsafe_paths(void **state)
{
	struct fixture *f = *state;
	static const char *const bad[] = {
		"", "/etc/x", "a\nb.html", "a/b\n", "a\tb", "a\x7f", "a//b",
		"a/", "./a", "a/./b", "../a", "a/../../b", "..", ".ocop-output",
		NULL,
	};
	begin(f, f->site);
	for (size_t i = 0; bad[i]; i++) {
		assert_int_equal(out_write(&f->o, bad[i], "x", 1), -1);
		assert_int_equal(f->core.diags.n, i + 1);
		const struct diag *d = &f->core.diags.v[i];
		assert_string_equal(d->at.path, bad[i]);
		assert_string_equal(d->code, "io");
		assert_string_equal(d->msg, "refusing to write a file whose path is empty, absolute, has an empty, \".\" or \"..\" part, or holds a control character");
	}
	assert_int_equal(f->o.files, 0);
	/* names that only look odd are fine */
	write_str(f, "..a/b..", "1");
	write_str(f, ".well-known/x", "2");
	write_str(f, "ảnh có dấu cách.png", "3");
	assert_int_equal(f->o.files, 3);
	assert_int_equal(out_commit(&f->o), 0);
	assert_string_equal(snapshot(f, f->site),
			    "d ..a\n"
			    "d .well-known\n"
			    "f ..a/b.. = 1\n"
			    "f .well-known/x = 2\n"
			    "f ảnh có dấu cách.png = 3\n");
	assert_non_null(strstr(marker(f), " ảnh có dấu cách.png\n"));
}

/* An output folder must not be the catalog, hold it, or lie inside
 * the folders it is made of, however the path is written. */
static void
test_out_dir_is_safe(void **state)
{
	struct fixture *f = *state;
	char *catalog = realpath(f->dir, NULL);
	assert_non_null(catalog);
	const char *link = arena_printf(&f->core.arena, "%s/to-catalog", catalog);
	assert_int_equal(symlink(catalog, link), 0);
	static const char *const unsafe[] = {
		".", "..", "/", "./", "content", "./content/site", "themes/x",
		".git", "src", "tests/out", "to-catalog", "to-catalog/content",
		"missing/../content", "missing/./x", NULL,
	};
	for (size_t i = 0; unsafe[i]; i++)
		if (out_dir_is_safe(unsafe[i], catalog))
			fail_msg("\"%s\" was taken as a safe output", unsafe[i]);
	static const char *const safe[] = {
		"output", "site", "contents", "public/site", "to-catalog/output",
		"/tmp/elsewhere-ocop-test", NULL,
	};
	for (size_t i = 0; safe[i]; i++)
		if (!out_dir_is_safe(safe[i], catalog))
			fail_msg("\"%s\" was refused as an output", safe[i]);
	assert_false(out_dir_is_safe(catalog, catalog));
	unlink(link);
	free(catalog);
}

struct writer {
	struct out *o;
	int from, step;
};

static void *
write_some(void *arg)
{
	struct writer *w = arg;
	char rel[64], text[64];
	for (int i = w->from; i < 400; i += w->step) {
		snprintf(rel, sizeof(rel), "p/%d/index.html", i);
		snprintf(text, sizeof(text), "trang %d", i % 7 ? i : -i);
		if (out_write(w->o, rel, text, strlen(text)) < 0)
			return w;
	}
	return NULL;
}

/* Two threads at once, as the renderer's workers write. */
static void
build_threaded(struct fixture *f)
{
	begin(f, f->site);
	struct writer w[2] = { { &f->o, 0, 2 }, { &f->o, 1, 2 } };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, write_some, &w[1]), 0);
	void *r0 = write_some(&w[0]), *r1;
	assert_int_equal(pthread_join(t, &r1), 0);
	assert_null(r0);
	assert_null(r1);
	assert_int_equal(f->o.files, 400);
	assert_int_equal(out_commit(&f->o), 0);
	assert_int_equal(f->core.diags.n, 0);
}

static void
test_out_write_from_two_threads(void **state)
{
	struct fixture *f = *state;
	build_threaded(f);
	const char *m = arena_strdup(&f->core.arena, marker(f));
	build_threaded(f);
	assert_int_equal(f->o.linked, 400);
	assert_string_equal(marker(f), m);      /* the same, whatever the order */
}

/* A tree of many folders, one deeper than the fds allow (nftw takes
 * over), files and links: all of it goes, and never what a link points
 * to. */
static void
test_out_remove_tree(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(mkdir(path(f, "keep"), 0755), 0);
	put_file(path(f, "keep/precious.txt"), "keep me");
	assert_int_equal(mkdir(path(f, "t"), 0755), 0);
	for (int k = 0; k < 40; k++) {
		const char *d = arena_printf(&f->core.arena, "t/d%d", k);
		assert_int_equal(mkdir(path(f, d), 0755), 0);
		for (int i = 0; i < 20; i++)
			put_file(path(f, arena_printf(&f->core.arena, "%s/f%d.html",
						      d, i)), "x");
	}
	struct sbuf deep = SBUF_INIT;
	sbuf_puts(&deep, "t/deep");
	assert_int_equal(mkdir(path(f, deep.data), 0755), 0);
	for (int k = 0; k < 100; k++) {
		sbuf_puts(&deep, "/d");
		assert_int_equal(mkdir(path(f, deep.data), 0755), 0);
	}
	put_file(path(f, arena_printf(&f->core.arena, "%s/bottom.txt", deep.data)), "x");
	sbuf_release(&deep);
	assert_int_equal(symlink(path(f, "keep"), path(f, "t/link-to-folder")), 0);
	assert_int_equal(symlink(path(f, "keep/precious.txt"),
				 path(f, "t/d0/link-to-file")), 0);
	put_file(path(f, "t/top.txt"), "x");

	assert_int_equal(out_remove_tree(path(f, "t")), 0);
	assert_false(exists(path(f, "t")));
	assert_string_equal(fixture_read_file(&f->core.arena,
					      path(f, "keep/precious.txt")), "keep me");
	/* nothing there, or a file: both fine to ask */
	assert_int_equal(out_remove_tree(path(f, "t")), -1);
	put_file(path(f, "file"), "x");
	assert_int_equal(out_remove_tree(path(f, "file")), 0);
	assert_false(exists(path(f, "file")));
}


/* A key of the bytes of one letter, as a renderer would give. */
static const unsigned char *
key_of(char c)
{
	static unsigned char keys[26][OUT_KEY_BYTES];
	memset(keys[c - 'a'], c, OUT_KEY_BYTES);
	return keys[c - 'a'];
}

static void
test_out_keep_a_file_made_from_the_same_key(void **state)
{
	struct fixture *f = *state;
	/* a first build: x made from key a, y from key b, i without one */
	begin(f, f->site);
	assert_int_equal(out_write_keyed(&f->o, "a/x.html", "x", 1, key_of('a')), 0);
	assert_int_equal(out_write_keyed(&f->o, "b/y.html", "y", 1, key_of('b')), 0);
	write_str(f, "index.html", "1");
	assert_int_equal(out_commit(&f->o), 0);
	struct stat x0 = stat_of(f, "a/x.html");
	assert_non_null(strstr(marker(f), " 61616161616161616161616161616161 a/x.html\n"));
	assert_non_null(strstr(marker(f), " - index.html\n"));

	/* the same key keeps the file: same inode and time, listed again
	 * with its key; another key, no key listed, a path the output has
	 * not, do nothing */
	begin(f, f->site);
	assert_int_equal(out_keep(&f->o, "a/x.html", key_of('a'), NULL, 0), 1);
	assert_int_equal(out_keep(&f->o, "b/y.html", key_of('a'), NULL, 0), 0);
	assert_int_equal(out_keep(&f->o, "index.html", key_of('a'), NULL, 0), 0);
	assert_int_equal(out_keep(&f->o, "c/z.html", key_of('a'), NULL, 0), 0);
	assert_int_equal(f->o.files, 1);
	assert_int_equal(f->o.linked, 1);
	assert_int_equal(f->o.written, 0);
	/* what was not kept is written as usual */
	assert_int_equal(out_write_keyed(&f->o, "b/y.html", "Y", 1, key_of('c')), 0);
	write_str(f, "index.html", "1");
	assert_int_equal(out_commit(&f->o), 0);
	assert_int_equal(f->core.diags.n, 0);
	struct stat x1 = stat_of(f, "a/x.html");
	assert_true(same_file(&x0, &x1));
	assert_string_equal(snapshot(f, f->site),
			    "d a\n"
			    "d b\n"
			    "f a/x.html = x\n"
			    "f b/y.html = Y\n"
			    "f index.html = 1\n");
	assert_non_null(strstr(marker(f), " 61616161616161616161616161616161 a/x.html\n"));
	assert_non_null(strstr(marker(f), " 63636363636363636363636363636363 b/y.html\n"));

	/* from the spare this time; the checked bytes are the same */
	begin(f, f->site);
	assert_int_equal(out_keep(&f->o, "a/x.html", key_of('a'), "x", 1), 1);
	assert_int_equal(f->o.reused, 1);
	assert_int_equal(out_commit(&f->o), 0);
	assert_int_equal(f->core.diags.n, 0);
	x1 = stat_of(f, "a/x.html");
	assert_true(same_file(&x0, &x1));
	assert_string_equal(snapshot(f, f->site), "d a\nf a/x.html = x\n");

	/* edited by hand since: not kept, so written afresh */
	const char *x = path(f, "site/a/x.html");
	put_file(x, "!");
	begin(f, f->site);
	assert_int_equal(out_keep(&f->o, "a/x.html", key_of('a'), NULL, 0), 0);
	assert_int_equal(out_write_keyed(&f->o, "a/x.html", "x", 1, key_of('a')), 0);
	assert_int_equal(out_commit(&f->o), 0);
	assert_string_equal(fixture_read_file(&f->core.arena, x), "x");

	/* checked bytes that differ: the key missed something, an error,
	 * and the output stays as it was */
	begin(f, f->site);
	assert_int_equal(out_keep(&f->o, "a/x.html", key_of('a'), "z", 1), -1);
	assert_int_equal(f->core.diags.n, 1);
	assert_string_equal(f->core.diags.v[0].msg,
			    "the file's bytes differ from the previous build's, though made from the same data: please report this as a bug of ocop");
	out_abort(&f->o);
	assert_string_equal(fixture_read_file(&f->core.arena, x), "x");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_out_files_appear_only_after_commit),
		T(test_out_remove_tree),
		T(test_out_second_build_replaces_first),
		T(test_out_abort_leaves_output_untouched),
		T(test_out_abort_without_previous_output),
		T(test_out_nested_folders),
		T(test_out_top_level_file_first),
		T(test_out_binary_and_empty_files),
		T(test_out_old_tree_removed_without_following_links),
		T(test_out_trailing_slash),
		T(test_out_commit_onto_a_file_fails),
		T(test_out_begin_makes_missing_parents_and_abort_removes_them),
		T(test_out_commit_keeps_the_parents_it_made),
		T(test_out_begin_removes_stale_temporary_folders),
		T(test_out_write_failure_is_reported),
		T(test_out_marker),
		T(test_out_refuses_a_folder_it_did_not_write),
		T(test_out_manifest_lists_every_file),
		T(test_out_rebuild_links_unchanged_files),
		T(test_out_rewrite_of_a_linked_path_leaves_the_old_file),
		T(test_out_abort_of_a_rebuild_leaves_output_untouched),
		T(test_out_damaged_manifest_is_ignored),
		T(test_out_manifest_sorted_on_rebuild),
		T(test_out_hand_edited_file_is_not_trusted),
		T(test_out_keep_a_file_made_from_the_same_key),
		T(test_out_spare_holds_only_what_its_list_says),
		T(test_out_spare_without_marker_is_left_alone),
		T(test_out_spare_path_that_changed_kind),
		T(test_out_abort_with_a_spare),
		T(test_out_abort_before_ready),
		T(test_out_spare_without_output),
		T(test_out_refuses_unsafe_paths),
		T(test_out_dir_is_safe),
		T(test_out_write_from_two_threads),
#undef T
	};
	/* out_write() hashes with libgit2, which main() initialises */
	git_libgit2_init();
	int rc = cmocka_run_group_tests_name("out", tests, NULL, NULL);
	git_libgit2_shutdown();
	return rc;
}
