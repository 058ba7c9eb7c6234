/*
 * test_history.c - the walk of the git history (load/history.c): the
 * commits of the first-parent line from the commit read, newest first,
 * with their ids, author dates and zones, author names and summaries
 * (non-ASCII kept, invalid bytes and control characters made U+FFFD);
 * a merge is one commit that brings its branch's changes, the branch's
 * own commits are not walked; the entry files (Markdown under content/,
 * not symbolic links) each commit added, changed, deleted or renamed,
 * with their blobs before and after, filed under the file's newest
 * path: renames with the same bytes, moves that keep the name and are
 * half alike, renames that are four fifths alike; a file deleted and
 * another added that are not alike stay two files; a path deleted and
 * added again has the newer file first and the older one behind it;
 * a catalog in a folder of the repository is walked in that folder;
 * outside git there is no history.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "load_fixture.h"
#include "load/history.h"
#include "util/banned.h"

/* git add -A and a commit by author (a shell word: quoted, or a $(...)
 * that makes bytes) dated date ("<seconds> <zone>"), whose message is
 * msg (any text: written to a file, not quoted), with git's options
 * opts ("" for none). */
static void
commit_as(struct fixture *f, const char *author, const char *date,
	  const char *msg, const char *opts)
{
	put(f, ".git/MSG", msg);
	sh(f, GIT " add -A && GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null "
	      "GIT_AUTHOR_NAME=%s GIT_AUTHOR_EMAIL=a@a "
	      "GIT_AUTHOR_DATE='%s' GIT_COMMITTER_DATE='%s' "
	      "git -c user.name=t -c user.email=t@t %s "
	      "commit -q -F .git/MSG 2>/dev/null",
	   author, date, date, opts);
}

/* Ten lines, each "<word> line <n>", the nth of them replaced by
 * other when other is not NULL. */
static const char *
lines(struct fixture *f, const char *word, int n, const char *other)
{
	const char *s = "";
	for (int i = 1; i <= 10; i++)
		s = arena_printf(&f->core.arena, "%s%s\n", s, i == n && other
				 ? other : arena_printf(&f->core.arena,
							"%s line %d", word, i));
	return s;
}

static const char *
blob(struct fixture *f, const char *rev, const char *path)
{
	return capture(f, GIT " rev-parse '%s:%s'", rev, path);
}

/* Asserts change k of file: what, at commit, its path and old path
 * (NULL: none), and its blobs as rev:path says (NULL: ""). */
static void
assert_change(const struct history_file *file, size_t k,
	      enum history_what what, uint32_t commit, const char *path,
	      const char *old_path, const char *after, const char *before)
{
	assert_non_null(file);
	assert_true(k < file->n);
	const struct history_change *c = &file->v[k];
	assert_int_equal(c->what, what);
	assert_int_equal(c->commit, commit);
	assert_string_equal(c->path, path);
	if (old_path)
		assert_string_equal(c->old_path, old_path);
	else
		assert_null(c->old_path);
	assert_string_equal(c->blob, after ? after : "");
	assert_string_equal(c->old_blob, before ? before : "");
}

static void
assert_commit(struct fixture *f, const struct history *h, size_t i,
	      const char *rev, int64_t time, int offset, const char *author,
	      const char *summary)
{
	assert_true(i < h->n_commits);
	const struct history_commit *c = &h->commits[i];
	assert_string_equal(c->id, capture(f, GIT " rev-parse '%s'", rev));
	assert_true(c->time == time);
	assert_int_equal(c->offset, offset);
	assert_string_equal(c->author, author);
	assert_string_equal(c->summary, summary);
}

#define A "content/products/"

/*
 * c1 adds a, b, c, d and the page p (and files that are not entries),
 * c2 edits a, c3 renames b to b2, c4 moves c to the producers and edits
 * it, renames a to a-new and edits it, deletes d and f and adds e
 * and g (not alike enough), c5 deletes p, c6 adds p again, and a merge brings the side
 * branch's s.
 */
static void
build(struct fixture *f)
{
	sh(f, GIT " init -q");
	put(f, "site.yaml", "title: T\n");
	put(f, "README.md", "readme\n");
	put(f, A "a.md", lines(f, "a", 0, NULL));
	put(f, A "b.md", lines(f, "b", 0, NULL));
	put(f, A "c.md", lines(f, "c", 0, NULL));
	put(f, A "d.md", lines(f, "d", 0, NULL));
	put(f, A "f.md", lines(f, "f", 0, NULL));
	put(f, "content/pages/p.md", "page\n");
	put(f, "content/x.txt", "not an entry\n");
	put(f, "notes/n.md", "not under content/\n");
	sh(f, "ln -s a.md " A "link.md");
	commit_as(f, "'Nguyễn Văn A'", "1700000000 +0700",
		  "Thêm sản phẩm mật ong\n\nThe body is not the summary.\n", "");
	sh(f, GIT " tag c1");
	put(f, A "a.md", lines(f, "a", 1, "a line 1!"));
	put(f, "README.md", "readme 2\n");
	commit_as(f, "'Trần Thị Bé'", "1700100000 -0530", "Sửa giá\n", "");
	sh(f, GIT " tag c2");
	sh(f, GIT " mv " A "b.md " A "b2.md");
	commit_as(f, "\"$(printf 'B\\377n')\"", "1700200000 +0000",
		  "rename\tb\n", "-c i18n.commitEncoding=ISO-8859-1");
	sh(f, GIT " tag c3");
	sh(f, "mkdir content/producers && " GIT " mv " A "c.md content/producers/c.md && "
	      GIT " mv " A "a.md " A "a-new.md && " GIT " rm -q " A "d.md " A "f.md");
	put(f, "content/producers/c.md", lines(f, "c", 10, "c, edited"));
	put(f, A "a-new.md", lines(f, "a", 1, "a line 1!!"));
	put(f, A "e.md", lines(f, "e", 0, NULL));
	/* f's last six lines of ten under another name: 60% alike */
	put(f, A "g.md", "g 1\ng 2\ng 3\ng 4\nf line 5\nf line 6\n"
	   "f line 7\nf line 8\nf line 9\nf line 10\n");
	commit_as(f, "t", "1700300000 +0000", "moves\n", "");
	sh(f, GIT " tag c4");
	sh(f, GIT " rm -q content/pages/p.md");
	put(f, "content/x.txt", "still not an entry\n");
	commit_as(f, "t", "1700400000 +0000", "bad \377 byte\n",
		  /* else git takes the message for Latin-1 and converts it */
		  "-c i18n.commitEncoding=ISO-8859-1");
	sh(f, GIT " tag c5");
	sh(f, GIT " checkout -q -b side");
	put(f, A "s.md", "side\n");
	commit_as(f, "t", "1700450000 +0000", "on the side\n", "");
	put(f, A "s.md", "side, edited\n");
	commit_as(f, "t", "1700460000 +0000", "on the side again\n", "");
	sh(f, GIT " checkout -q main");
	put(f, "content/pages/p.md", "a new page\n");
	commit_as(f, "t", "1700500000 +0000",
		  "First line\nof the summary\n\nbody\n", "");
	sh(f, GIT " tag c6");
	sh(f, "GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null "
	      "GIT_AUTHOR_DATE='1700600000 +0100' GIT_COMMITTER_DATE='1700600000 +0100' "
	      "git -c user.name=Merger -c user.email=m@m merge -q --no-ff "
	      "-m 'Merge side' side");
}

static void
read_history(struct fixture *f, const char *sub, struct history *h)
{
	assert_int_equal(open_at(f, sub, SOURCE_HEAD, NULL), 0);
	assert_true(f->s.from_git);
	assert_int_equal(history_read(h, &f->s, NULL, 1, &f->core.arena,
				      &f->core.diags), 0);
	fixture_assert_diag_count(&f->core.diags, 0);
}

static void
test_history_commits(void **state)
{
	struct fixture *f = *state;
	build(f);
	struct history h;
	read_history(f, "", &h);
	/* the merge, then main's own commits: not the side's two */
	assert_int_equal(h.n_commits, 7);
	assert_false(h.shallow);
	assert_commit(f, &h, 0, "HEAD", 1700600000, 60, "Merger", "Merge side");
	assert_commit(f, &h, 1, "c6", 1700500000, 0, "t",
		      "First line of the summary");
	assert_commit(f, &h, 2, "c5", 1700400000, 0, "t",
		      "bad \xEF\xBF\xBD byte");
	assert_commit(f, &h, 3, "c4", 1700300000, 0, "t", "moves");
	assert_commit(f, &h, 4, "c3", 1700200000, 0, "B\xEF\xBF\xBDn",
		      "rename\xEF\xBF\xBD" "b");
	assert_commit(f, &h, 5, "c2", 1700100000, -330, "Trần Thị Bé",
		      "Sửa giá");
	assert_commit(f, &h, 6, "c1", 1700000000, 420, "Nguyễn Văn A",
		      "Thêm sản phẩm mật ong");
	history_release(&h);
}

static void
test_history_changes(void **state)
{
	struct fixture *f = *state;
	build(f);
	struct history h;
	read_history(f, "", &h);
	/* edited, then renamed and edited: one file, by its newest path */
	const struct history_file *a = history_of(&h, A "a-new.md");
	assert_non_null(a);
	assert_string_equal(a->path, A "a-new.md");
	assert_int_equal(a->n, 3);
	assert_null(a->older);
	assert_change(a, 0, HISTORY_RENAMED, 3, A "a-new.md", A "a.md",
		      blob(f, "c4", A "a-new.md"), blob(f, "c2", A "a.md"));
	assert_change(a, 1, HISTORY_CHANGED, 5, A "a-new.md", NULL,
		      blob(f, "c2", A "a.md"), blob(f, "c1", A "a.md"));
	assert_change(a, 2, HISTORY_ADDED, 6, A "a-new.md", NULL,
		      blob(f, "c1", A "a.md"), NULL);
	assert_null(history_of(&h, A "a.md"));
	/* renamed with the same bytes */
	const struct history_file *b = history_of(&h, A "b2.md");
	assert_int_equal(b->n, 2);
	assert_change(b, 0, HISTORY_RENAMED, 4, A "b2.md", A "b.md",
		      blob(f, "c1", A "b.md"), blob(f, "c1", A "b.md"));
	assert_change(b, 1, HISTORY_ADDED, 6, A "b2.md", NULL,
		      blob(f, "c1", A "b.md"), NULL);
	assert_null(history_of(&h, A "b.md"));
	/* moved to another folder and edited, keeping its name */
	const struct history_file *c = history_of(&h, "content/producers/c.md");
	assert_int_equal(c->n, 2);
	assert_change(c, 0, HISTORY_RENAMED, 3, "content/producers/c.md",
		      A "c.md", blob(f, "c4", "content/producers/c.md"),
		      blob(f, "c1", A "c.md"));
	assert_change(c, 1, HISTORY_ADDED, 6, "content/producers/c.md", NULL,
		      blob(f, "c1", A "c.md"), NULL);
	/* a file deleted and another added in one commit, not alike */
	const struct history_file *d = history_of(&h, A "d.md");
	assert_int_equal(d->n, 2);
	assert_change(d, 0, HISTORY_DELETED, 3, A "d.md", NULL, NULL,
		      blob(f, "c1", A "d.md"));
	assert_change(d, 1, HISTORY_ADDED, 6, A "d.md", NULL,
		      blob(f, "c1", A "d.md"), NULL);
	const struct history_file *e = history_of(&h, A "e.md");
	assert_int_equal(e->n, 1);
	assert_change(e, 0, HISTORY_ADDED, 3, A "e.md", NULL,
		      blob(f, "c4", A "e.md"), NULL);
	/* renamed and 60% alike: two files (a new name needs 80%) */
	const struct history_file *ff = history_of(&h, A "f.md");
	assert_int_equal(ff->n, 2);
	assert_change(ff, 0, HISTORY_DELETED, 3, A "f.md", NULL, NULL,
		      blob(f, "c1", A "f.md"));
	const struct history_file *g = history_of(&h, A "g.md");
	assert_int_equal(g->n, 1);
	assert_change(g, 0, HISTORY_ADDED, 3, A "g.md", NULL,
		      blob(f, "c4", A "g.md"), NULL);
	/* the merge brings the side's file as one change of its own */
	const struct history_file *s = history_of(&h, A "s.md");
	assert_int_equal(s->n, 1);
	assert_change(s, 0, HISTORY_ADDED, 0, A "s.md", NULL,
		      blob(f, "HEAD", A "s.md"), NULL);
	/* not entries: a symbolic link, a text file, Markdown outside
	 * content/, files at the top */
	assert_null(history_of(&h, A "link.md"));
	assert_null(history_of(&h, "content/x.txt"));
	assert_null(history_of(&h, "notes/n.md"));
	assert_null(history_of(&h, "README.md"));
	assert_null(history_of(&h, "site.yaml"));
	history_release(&h);
}

static void
test_history_path_added_again(void **state)
{
	struct fixture *f = *state;
	build(f);
	struct history h;
	read_history(f, "", &h);
	const struct history_file *p = history_of(&h, "content/pages/p.md");
	assert_int_equal(p->n, 1);
	assert_change(p, 0, HISTORY_ADDED, 1, "content/pages/p.md", NULL,
		      blob(f, "c6", "content/pages/p.md"), NULL);
	const struct history_file *old = p->older;
	assert_non_null(old);
	assert_null(old->older);
	assert_string_equal(old->path, "content/pages/p.md");
	assert_int_equal(old->n, 2);
	assert_change(old, 0, HISTORY_DELETED, 2, "content/pages/p.md", NULL,
		      NULL, blob(f, "c1", "content/pages/p.md"));
	assert_change(old, 1, HISTORY_ADDED, 6, "content/pages/p.md", NULL,
		      blob(f, "c1", "content/pages/p.md"), NULL);
	/* every file once in the map: the older one under a key no path
	 * can be */
	size_t n = 0, hidden = 0;
	for (size_t i = 0; i < h.files.cap; i++) {
		const char *key = h.files.v[i].key;
		if (!key)
			continue;
		n++;
		if (key[0] == '/') {
			hidden++;
			assert_ptr_equal(h.files.v[i].value, old);
			assert_non_null(strstr(key, "/content/pages/p.md"));
		}
	}
	assert_int_equal(n, 10);  /* a-new b2 c d e f g s p, the older p */
	assert_int_equal(hidden, 1);
	history_release(&h);
}

static void
test_history_of_a_catalog_in_a_folder(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "shop/");
	put(f, "content/products/top.md", "the top's, not the shop's\n");
	commit_as(f, "t", "1700000000 +0000", "one\n", "");
	put(f, "shop/content/products/a.md", "v2\n");
	put(f, "content/products/top.md", "edited\n");
	commit_as(f, "t", "1700000001 +0000", "two\n", "");
	put(f, "content/products/top.md", "edited again\n");
	commit_as(f, "t", "1700000002 +0000", "three\n", "");
	struct history h;
	read_history(f, "shop", &h);
	assert_int_equal(h.n_commits, 3);
	const struct history_file *a = history_of(&h, A "a.md");
	assert_int_equal(a->n, 2);
	assert_change(a, 0, HISTORY_CHANGED, 1, A "a.md", NULL,
		      blob(f, "HEAD", "shop/" A "a.md"),
		      blob(f, "HEAD~2", "shop/" A "a.md"));
	assert_change(a, 1, HISTORY_ADDED, 2, A "a.md", NULL,
		      blob(f, "HEAD~2", "shop/" A "a.md"), NULL);
	assert_null(history_of(&h, A "top.md"));
	assert_null(history_of(&h, "shop/" A "a.md"));
	history_release(&h);
}

static void
test_history_none_outside_git(void **state)
{
	struct fixture *f = *state;
	build(f);
	assert_int_equal(open_at(f, "", SOURCE_WORKTREE, NULL), 0);
	struct history h;
	assert_int_equal(history_read(&h, &f->s, NULL, 1, &f->core.arena,
				      &f->core.diags), 0);
	fixture_assert_diag_count(&f->core.diags, 0);
	assert_int_equal(h.n_commits, 0);
	assert_null(h.commits);
	assert_null(history_of(&h, A "a-new.md"));
	history_release(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_history_commits),
		T(test_history_changes),
		T(test_history_path_added_again),
		T(test_history_of_a_catalog_in_a_folder),
		T(test_history_none_outside_git),
#undef T
	};
	return cmocka_run_group_tests_name("history", tests, NULL, NULL);
}
