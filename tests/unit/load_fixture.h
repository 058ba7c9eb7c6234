/*
 * load_fixture.h - the set-up of the tests of src/load/ that read
 * throwaway git repositories (test_source, test_packorder, test_loose,
 * test_cache, test_hook, test_history, test_photocache, test_tags),
 * and of src/model/ that read a history from one (test_links,
 * test_timeline):
 * a fresh folder from mkdtemp() under /tmp for each test, repositories
 * built there with the git command line (GIT: fixed identities and
 * dates, none of the user's or the system's configuration, so commit
 * ids and times are known), and helpers that write files, run commands,
 * open the folder as a catalog and damage loose objects.  It was
 * test_source.c's before the tests were split by module; it is linked
 * into those tests only (Makefile, LOAD_TESTS).
 *
 * setup() calls git_libgit2_init() as main() does; teardown() closes
 * the source set, shuts libgit2 down and removes the folder.  Whatever
 * a helper returns lives in the fixture's arena.
 */
#ifndef OCOP_TEST_LOAD_FIXTURE_H
#define OCOP_TEST_LOAD_FIXTURE_H

#include "fixture.h"
#include "load/source.h"

/* commits made on 2024-01-02 03:04:05 UTC */
#define GIT "GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null " \
	"GIT_AUTHOR_DATE='1704164645 +0000' " \
	"GIT_COMMITTER_DATE='1704164645 +0000' " \
	"git -c user.name=t -c user.email=t@t -c init.defaultBranch=main " \
	"-c protocol.file.allow=always"

struct fixture {
	struct fixture_core core;
	char dir[FIXTURE_DIR_MAX];
	struct source_set s;
};

/* cmocka's setup and teardown of every test of these files. */
int setup(void **state);
int teardown(void **state);

/* Runs a shell command inside the fixture folder; it must succeed. */
void sh(struct fixture *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Runs a command in the fixture folder; returns its first output line. */
const char *capture(struct fixture *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Writes rel (under the fixture folder), creating its folders. */
void put(struct fixture *f, const char *rel, const char *text);

/* Opens the catalog at the fixture folder + "/" + sub ("" for itself)
 * into f->s, on two readers; source_open()'s result. */
int open_at(struct fixture *f, const char *sub, enum source_mode mode,
	    const char *rev);
/* The data of path, which must be listed in f->s. */
const char *text(struct fixture *f, const char *path);

/* A catalog under root ("" or "sub/") with site.yaml, a product
 * (content/products/a.md, "v1\n"), a theme file and things around it
 * that are not part of the catalog. */
void make_catalog(struct fixture *f, const char *root);
/* git add -A and a commit with message msg. */
void commit_all(struct fixture *f, const char *msg);

/* Cuts the loose object of id (hex) in the repository at repo (relative
 * to the fixture folder) to half its size, as a crash or a full disk
 * may leave it. */
void truncate_object(struct fixture *f, const char *repo, const char *id);
/* The 20 bytes of a hex object id. */
void raw_id(unsigned char out[20], const char *hex);

#endif
