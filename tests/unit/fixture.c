/*
 * fixture.c - the set-up the unit tests share; see fixture.h.
 *
 * Linked into every test binary (the Makefile's $(BUILD)/tests/test_%
 * rule).  Failures are cmocka assertions, so a broken helper fails the
 * test that called it rather than the whole binary.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "model/date.h"
#include "util/sbuf.h"
#include "util/banned.h"

const char fixture_any[] = "(any)";

/* ---- the fixture ---------------------------------------------------- */

void *
fixture_new(size_t size)
{
	assert_true(size >= sizeof(struct fixture_core));
	/* a pointer to a struct is a pointer to its first member */
	struct fixture_core *c = calloc(1, size);
	if (!c)
		return NULL;
	c->arena = (struct arena)ARENA_INIT;
	c->diags = (struct diag_list)DIAG_LIST_INIT;
	return c;
}

void
fixture_free(void *f)
{
	struct fixture_core *c = f;
	arena_release(&c->arena);
	diag_list_release(&c->diags);
	free(c);
}

int
fixture_setup(void **state, size_t size)
{
	*state = fixture_new(size);
	return *state ? 0 : -1;
}

int
fixture_teardown(void **state)
{
	fixture_free(*state);
	return 0;
}

/* ---- an in-memory catalog ------------------------------------------- */

static int
cmp_source(const void *x, const void *y)
{
	const struct source *a = x, *b = y;
	return strcmp(a->path, b->path);
}

struct source *
fixture_add_file(struct fixture_files *fs, struct arena *a, const char *path,
		 const char *text)
{
	assert_true(fs->set.n < FIXTURE_MAX_FILES);
	struct source *s = &fs->v[fs->set.n++];
	memset(s, 0, sizeof(*s));
	s->path = arena_strdup(a, path);
	s->data = (struct span){ arena_strdup(a, text), strlen(text) };
	s->size = s->data.len;
	qsort(fs->v, fs->set.n, sizeof(fs->v[0]), cmp_source);
	fs->set.v = fs->v;
	for (size_t i = 0; i < fs->set.n; i++)
		if (!strcmp(fs->v[i].path, path))
			return &fs->v[i];
	fail();
	return NULL;
}

const char *
fixture_producer_md(struct arena *a, const char *name, const char *extra)
{
	return arena_printf(a,
		"---\n"
		"name: %s\n"
		"type: htx\n"
		"location: { province: Hà Tĩnh, commune: Phúc Trạch }\n"
		"%s"
		"---\n", name, extra);
}

int
fixture_load_catalog(struct catalog *cat, struct site *site,
		     const struct source_set *src, const char *as_of,
		     struct fixture_core *core)
{
	struct date d;
	if (!date_parse(&d, as_of) ||
	    site_read(site, src, &core->arena, &core->diags) < 0 ||
	    catalog_load(cat, src, site, d.days, 2, NULL, NULL, &core->arena,
			 &core->diags) < 0 ||
	    core->diags.n != 0) {
		fixture_print_diags(&core->diags);
		return -1;
	}
	return 0;
}

long
fixture_days(const char *iso)
{
	struct date d;
	assert_true(date_parse(&d, iso));
	return d.days;
}

/* ---- diags ---------------------------------------------------------- */

void
fixture_print_diags(const struct diag_list *dl)
{
	for (size_t i = 0; i < dl->n; i++) {
		const struct diag *d = &dl->v[i];
		print_error("diag %zu: %s:%u:%u: %s [%s]\n", i,
			    d->at.path ? d->at.path : "", d->at.line,
			    d->at.col, d->msg, d->code);
	}
}

void
fixture_assert_diag_count(const struct diag_list *dl, size_t n)
{
	if (dl->n != n)
		fixture_print_diags(dl);
	assert_int_equal(dl->n, n);
}

void
fixture_assert_diag(const struct diag_list *dl, size_t i,
		    enum diag_level level, const char *path, unsigned line,
		    unsigned col, const char *code, const char *msg,
		    const char *hint)
{
	assert_true(i < dl->n);
	const struct diag *d = &dl->v[i];
	assert_int_equal(d->level, level);
	if (path == fixture_any)
		assert_non_null(d->at.path);
	else
		assert_string_equal(d->at.path, path);
	assert_int_equal(d->at.line, line);
	assert_int_equal(d->at.col, col);
	assert_string_equal(d->code, code);
	assert_string_equal(d->msg, msg);
	if (hint == fixture_any)
		return;
	if (hint)
		assert_string_equal(d->hint ? d->hint : "(none)", hint);
	else
		assert_null(d->hint);
}

void
fixture_assert_only_diag(const struct diag_list *dl, enum diag_level level,
			 const char *path, unsigned line, unsigned col,
			 const char *code, const char *msg, const char *hint)
{
	fixture_assert_diag_count(dl, 1);
	fixture_assert_diag(dl, 0, level, path, line, col, code, msg, hint);
}

/* ---- files on disk -------------------------------------------------- */

int
fixture_mkdtemp(char dir[FIXTURE_DIR_MAX], const char *what)
{
	int n = snprintf(dir, FIXTURE_DIR_MAX, "/tmp/ocop-%s-XXXXXX", what);
	if (n < 0 || n >= FIXTURE_DIR_MAX || !mkdtemp(dir))
		return -1;
	return 0;
}

const char *
fixture_read_file(struct arena *a, const char *path)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	struct sbuf sb = SBUF_INIT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sbuf_put(&sb, buf, n);
	fclose(fp);
	const char *s = arena_strndup(a, sb.data, sb.len);
	sbuf_release(&sb);
	return s;
}
