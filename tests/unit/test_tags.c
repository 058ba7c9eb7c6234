/*
 * test_tags.c - the catalog's versions (load/tags.c): lightweight,
 * annotated and nested annotated tags are each found at the commit of
 * the history they name (an annotated one with its tagger's date, a
 * lightweight one dated by that commit), newest
 * commit first and the tags of one commit by name, whatever order git
 * lists them in; a tag on a merged branch's commit, on a commit the
 * build does not read, on a blob or on a tree is left out; a name that
 * is not valid UTF-8 is made printable; no tags (or no git) gives an
 * empty list, and a tag ref that cannot be read is an error with a
 * diag, never a silent empty list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "load_fixture.h"
#include "load/history.h"
#include "load/tags.h"
#include "util/banned.h"

/* git add -A and a commit dated date ("<seconds> <zone>"). */
static void
commit_at(struct fixture *f, const char *date, const char *msg)
{
	sh(f, GIT " add -A && GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null "
	      "GIT_AUTHOR_DATE='%s' GIT_COMMITTER_DATE='%s' "
	      "git -c user.name=t -c user.email=t@t commit -q -m '%s'",
	   date, date, msg);
}

/* Opens the catalog at rev (NULL: HEAD), reads its history, then its
 * tags into *out, which must succeed without a diag. */
static void
read_tags(struct fixture *f, const char *rev, struct history *h,
	  struct tags *out)
{
	assert_int_equal(open_at(f, "", rev ? SOURCE_REV : SOURCE_HEAD, rev), 0);
	assert_int_equal(history_read(h, &f->s, NULL, 1, &f->core.arena,
				      &f->core.diags), 0);
	assert_int_equal(tags_read(out, &f->s, h, &f->core.arena,
				   &f->core.diags), 0);
	fixture_assert_diag_count(&f->core.diags, 0);
}

/* Asserts that tag i is name, at commit index commit, which is the
 * commit rev names. */
static void
assert_tag(struct fixture *f, const struct history *h, const struct tags *t,
	   size_t i, const char *name, uint32_t commit, const char *rev)
{
	assert_true(i < t->n);
	assert_string_equal(t->v[i].name, name);
	assert_int_equal(t->v[i].commit, commit);
	assert_true(commit < h->n_commits);
	assert_string_equal(h->commits[commit].id,
			    capture(f, GIT " rev-parse '%s^{commit}'", rev));
}

static void
test_tags_order_and_commits(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	commit_at(f, "1700000000 +0000", "one");
	sh(f, GIT " tag v1");
	put(f, "content/products/a.md", "v2\n");
	commit_at(f, "1710000000 +0700", "two");
	/* created in an order that is neither git's nor the list's */
	sh(f, GIT " tag -a -m 'version 2' v2 && " GIT " tag 'phiên-bản-2'");
	put(f, "content/products/a.md", "v3\n");
	commit_at(f, "1720000000 -0300", "three");
	/* a tag of a tag (git asks whether it was meant: it was) */
	sh(f, GIT " tag -a -m 'version 3' v3 && "
	      GIT " -c advice.nestedTag=false tag -a -m 'again' outer v3");
	put(f, "content/products/a.md", "v4\n");
	commit_at(f, "1730000000 +0000", "four, not a version yet");
	struct history h;
	struct tags t;
	read_tags(f, NULL, &h, &t);
	assert_int_equal(h.n_commits, 4);
	assert_int_equal(t.n, 5);
	assert_tag(f, &h, &t, 0, "outer", 1, "outer");
	assert_tag(f, &h, &t, 1, "v3", 1, "v3");
	assert_tag(f, &h, &t, 2, "phiên-bản-2", 2, "phiên-bản-2");
	assert_tag(f, &h, &t, 3, "v2", 2, "v2");
	assert_tag(f, &h, &t, 4, "v1", 3, "v1");
	/* an annotated tag has its tagger's date (the version's day: GIT's
	 * 2024-01-02, not its commit's), a lightweight one none: its
	 * commit's is the version's */
	assert_true(t.v[3].dated);
	assert_true(t.v[3].time == 1704164645);
	assert_int_equal(t.v[3].offset, 0);
	assert_false(t.v[2].dated);
	assert_false(t.v[4].dated);
	assert_true(t.v[0].dated && t.v[1].dated);
	assert_true(h.commits[t.v[1].commit].time == 1720000000);
	assert_int_equal(h.commits[t.v[1].commit].offset, -180);
	assert_true(h.commits[t.v[4].commit].time == 1700000000);
	history_release(&h);

	/* a build of v2 knows nothing newer: v3 and outer are left out */
	read_tags(f, "v2", &h, &t);
	assert_int_equal(h.n_commits, 2);
	assert_int_equal(t.n, 3);
	assert_tag(f, &h, &t, 0, "phiên-bản-2", 0, "v2");
	assert_tag(f, &h, &t, 1, "v2", 0, "v2");
	assert_tag(f, &h, &t, 2, "v1", 1, "v1");
	history_release(&h);
}

static void
test_tags_only_of_the_first_parent_line(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	commit_all(f, "one");
	sh(f, GIT " tag base");
	/* a branch merged into main, and one that never was */
	sh(f, GIT " checkout -q -b side");
	put(f, "content/products/s.md", "side\n");
	commit_all(f, "side");
	sh(f, GIT " tag -a -m 'on the side' on-side");
	sh(f, GIT " checkout -q -b other main");
	put(f, "content/products/o.md", "other\n");
	commit_all(f, "other");
	sh(f, GIT " tag unmerged");
	sh(f, GIT " checkout -q main");
	put(f, "content/products/a.md", "v2\n");
	commit_all(f, "two");
	sh(f, GIT " merge -q --no-ff -m merge side && " GIT " tag merged");
	/* things that are not commits */
	sh(f, GIT " tag blob HEAD:site.yaml && " GIT " tag tree 'HEAD^{tree}' && "
	      GIT " tag -a -m 'a blob' annotated-blob HEAD:README.md");
	struct history h;
	struct tags t;
	read_tags(f, NULL, &h, &t);
	assert_int_equal(h.n_commits, 3);
	assert_int_equal(t.n, 2);
	assert_tag(f, &h, &t, 0, "merged", 0, "HEAD");
	assert_tag(f, &h, &t, 1, "base", 2, "base");
	history_release(&h);
}

static void
test_tags_names_made_printable(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	commit_all(f, "one");
	/* git takes any byte above 0x7f in a ref name */
	sh(f, GIT " tag \"$(printf 'v\\377x')\"");
	struct history h;
	struct tags t;
	read_tags(f, NULL, &h, &t);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.v[0].name, "v\xEF\xBF\xBDx");
	assert_int_equal(t.v[0].commit, 0);
	history_release(&h);
}

static void
test_tags_none(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	commit_all(f, "one");
	put(f, "content/products/a.md", "v2\n");
	commit_all(f, "two");
	struct history h;
	struct tags t;
	read_tags(f, NULL, &h, &t);
	assert_int_equal(h.n_commits, 2);
	assert_int_equal(t.n, 0);
	assert_null(t.v);
	history_release(&h);

	/* a build of the files on disk has no history, hence no versions,
	 * even when the repository has tags */
	sh(f, GIT " tag v1");
	assert_int_equal(open_at(f, "", SOURCE_WORKTREE, NULL), 0);
	assert_false(f->s.from_git);
	assert_int_equal(history_read(&h, &f->s, NULL, 1, &f->core.arena,
				      &f->core.diags), 0);
	t.n = 99;
	assert_int_equal(tags_read(&t, &f->s, &h, &f->core.arena,
				   &f->core.diags), 0);
	assert_int_equal(t.n, 0);
	assert_null(t.v);
	fixture_assert_diag_count(&f->core.diags, 0);
	history_release(&h);
}

static void
test_tags_unreadable_is_an_error(void **state)
{
	struct fixture *f = *state;
	sh(f, GIT " init -q");
	make_catalog(f, "");
	commit_all(f, "one");
	sh(f, GIT " tag v1");
	assert_int_equal(open_at(f, "", SOURCE_HEAD, NULL), 0);
	struct history h;
	assert_int_equal(history_read(&h, &f->s, NULL, 1, &f->core.arena,
				      &f->core.diags), 0);
	/* a packed-refs file that is not one */
	put(f, ".git/packed-refs", "not an object id refs/tags/v0\n");
	struct tags t;
	assert_int_equal(tags_read(&t, &f->s, &h, &f->core.arena,
				   &f->core.diags), -1);
	assert_int_equal(t.n, 0);
	fixture_assert_diag_count(&f->core.diags, 1);
	const struct diag *d = &f->core.diags.v[0];
	assert_int_equal(d->level, DIAG_ERROR);
	assert_string_equal(d->code, "git");
	assert_null(d->at.path);
	assert_non_null(strstr(d->msg, "cannot read the tags: "));
	assert_true(strlen(d->msg) > strlen("cannot read the tags: "));
	history_release(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_tags_order_and_commits),
		T(test_tags_only_of_the_first_parent_line),
		T(test_tags_names_made_printable),
		T(test_tags_none),
		T(test_tags_unreadable_is_an_error),
#undef T
	};
	return cmocka_run_group_tests_name("tags", tests, NULL, NULL);
}
