/*
 * fixture.h - the set-up the unit tests share (tests/unit/test_*.c).
 *
 * Every test gets a fresh struct fixture_core, an arena and a diag list,
 * from its file's setup(), and teardown() releases it, so ASan and
 * valgrind see every leak.  A test file's own struct fixture starts with
 * the core and adds what its module needs.  Catalog tests build a
 * struct source_set by hand from literal files (struct fixture_files),
 * so nothing touches git or the disk; tests of files on disk get a
 * folder from mkdtemp().
 *
 * Whatever a helper returns lives in the arena it is given, unless said
 * otherwise.  The helpers check with cmocka's assertions, so they are
 * called from inside a test (or its setup), never elsewhere.
 */
#ifndef OCOP_TEST_FIXTURE_H
#define OCOP_TEST_FIXTURE_H

#include <stddef.h>

#include "load/source.h"
#include "model/catalog.h"
#include "model/site.h"
#include "util/arena.h"
#include "util/diag.h"
#include "util/msg.h"

/* ---- the fixture ---------------------------------------------------- */

/* What every test starts with. */
struct fixture_core {
	struct arena arena;
	struct diag_list diags;
};

/*
 * A zero-filled fixture of size bytes whose first member is a struct
 * fixture_core, with that core's arena and diag list ready.  Returns
 * NULL when out of memory.  Caller frees with fixture_free().
 */
void *fixture_new(size_t size);
/* Releases the core's arena and diag list, then the fixture itself. */
void fixture_free(void *f);
/* setup() for a fixture that needs nothing but fixture_new(size):
 * *state is the fixture.  Returns 0, or -1 when out of memory. */
int fixture_setup(void **state, size_t size);
/* A cmocka teardown: fixture_free(*state).  Returns 0. */
int fixture_teardown(void **state);

/* ---- an in-memory catalog ------------------------------------------- */

enum { FIXTURE_MAX_FILES = 64 };

/* The files of a struct source_set, kept sorted by path as
 * source_open() leaves them (source_find() searches by bisection).
 * Zero-filled, it is an empty set. */
struct fixture_files {
	struct source v[FIXTURE_MAX_FILES];
	struct source_set set;          /* set.v is v once a file is added */
};

/*
 * Adds the file path holding text to fs; both are copied into a.
 * Returns the new source, borrowed: valid until the next call, which
 * may move it.  Asserts that there is room (FIXTURE_MAX_FILES).
 */
struct source *fixture_add_file(struct fixture_files *fs, struct arena *a,
				const char *path, const char *text);

/*
 * The text of a producer's file: the cooperative name (type htx) in
 * Phúc Trạch, Hà Tĩnh, and no story.  Line 2 is the name; extra (whole
 * lines, or "") starts at line 5, before the closing "---".
 */
const char *fixture_producer_md(struct arena *a, const char *name,
				const char *extra);

/*
 * Reads site.yaml of src into *site, then loads the catalog of src into
 * *cat as on the day as_of ("YYYY-MM-DD"), with the core's arena and
 * diag list.  Returns 0 when both went through without a single diag;
 * otherwise prints the diags (fixture_print_diags()) and returns -1.
 */
int fixture_load_catalog(struct catalog *cat, struct site *site,
			 const struct source_set *src, const char *as_of,
			 struct fixture_core *core);

/* The day number of iso ("YYYY-MM-DD"), which must be a valid date. */
long fixture_days(const char *iso);

/* ---- diags ---------------------------------------------------------- */

/* For fixture_assert_diag(): any path, as long as there is one; any
 * hint, or none. */
extern const char fixture_any[];

/* Prints every diag of dl, one a line with its index, exact position
 * and code, through cmocka's print_error(). */
void fixture_print_diags(const struct diag_list *dl);
/* Asserts that dl holds n diags, printing them all first when not. */
void fixture_assert_diag_count(const struct diag_list *dl, size_t n);

/*
 * Asserts that diag i of dl has this level, path, line, column, code
 * and message, and this hint: NULL for none, or fixture_any for any
 * hint or none.  A path of fixture_any accepts any path but NULL.
 * Messages and hints are compared in English.
 */
void fixture_assert_diag(const struct diag_list *dl, size_t i,
			 enum diag_level level, const char *path,
			 unsigned line, unsigned col, const char *code,
			 const char *msg, const char *hint);
/* fixture_assert_diag_count(dl, 1), then fixture_assert_diag() of it. */
void fixture_assert_only_diag(const struct diag_list *dl,
			      enum diag_level level, const char *path,
			      unsigned line, unsigned col, const char *code,
			      const char *msg, const char *hint);

/* ---- files on disk -------------------------------------------------- */

/* Room for the path fixture_mkdtemp() makes. */
enum { FIXTURE_DIR_MAX = 64 };

/*
 * Makes a fresh folder "/tmp/ocop-<what>-XXXXXX" with mkdtemp() (mode
 * 0700) and writes its path into dir.  Returns 0, or -1 when it cannot.
 * The caller removes the folder (out_remove_tree(), or rm -rf).
 */
int fixture_mkdtemp(char dir[FIXTURE_DIR_MAX], const char *what);

/* The whole contents of the file at path, NUL-terminated, in a.  The
 * file must be readable (asserted). */
const char *fixture_read_file(struct arena *a, const char *path);

#endif
