/*
 * model_fixture.h - the set-up of the tests of src/model/ that read
 * entries (test_catalog, test_date, test_entry, test_image, test_read,
 * test_site): a site.yaml of Hà Tĩnh in two languages, a few images, a
 * fixed build date, and helpers that read a product from literal text.
 * It was one file's (test_model.c) before the tests were split by
 * module; it is written once here, and linked into those six tests only
 * (Makefile, MODEL_TESTS).
 */
#ifndef OCOP_TEST_MODEL_FIXTURE_H
#define OCOP_TEST_MODEL_FIXTURE_H

#include "fixture.h"
#include "model/entry.h"
#include "model/site.h"
#include "parse/fm.h"

/* The build date of every test unless one says otherwise. */
#define AS_OF "2026-03-05"

struct fixture {
	struct fixture_core core;
	struct fixture_files files;
	struct site site;
	long as_of;
	struct entry_env env;
	struct fm_doc doc;
};

/* Adds a file to this test's source set (fixture_add_file()). */
struct source *add_file(struct fixture *f, const char *path, const char *text);

/* cmocka's setup: the core, site.yaml and the images, the site read,
 * the entry environment at AS_OF.  teardown is fixture_teardown(). */
int setup(void **state);

/* Parses text as the file at path; the front matter must be well formed. */
const struct fm_node *parse_at(struct fixture *f, const char *path,
			       const char *text);

/* product_read() of text as the file at path (slug "p"), or as
 * content/products/p.md. */
struct product *read_product_at(struct fixture *f, const char *path,
				const char *text);
struct product *read_product(struct fixture *f, const char *text);

/*
 * A minimal valid product, with the stars and the group filled in and
 * extra lines appended after certificate.issued (line 12 on).  Lines:
 *  1 ---                     7   province: Hà Tĩnh
 *  2 name: Kẹo cu đơ         8   commune: Phúc Trạch
 *  3 stars: <s>              9 certificate:
 *  4 group: <g>             10   number: 1/QĐ
 *  5 producer: htx-a        11   issued: 2023-06-12
 *  6 location:              12 <extra>
 */
struct product *product(struct fixture *f, const char *stars,
			const char *group, const char *extra);

/* The only diag is this error of content/products/p.md. */
void assert_error(const struct fixture *f, unsigned line, unsigned col,
		  const char *code, const char *msg);

#endif
