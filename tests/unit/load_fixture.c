/*
 * load_fixture.c - see load_fixture.h.
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

#include <git2.h>

#include "load_fixture.h"
#include "util/arena.h"
#include "util/banned.h"

int
setup(void **state)
{
	struct fixture *f = fixture_new(sizeof(*f));
	if (!f)
		return -1;
	if (fixture_mkdtemp(f->dir, "load") < 0) {
		fixture_free(f);
		return -1;
	}
	git_libgit2_init();
	*state = f;
	return 0;
}

int
teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];
	source_close(&f->s);
	git_libgit2_shutdown();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	int rc = system(cmd);
	fixture_free(f);
	return rc == 0 ? 0 : -1;
}

void
sh(struct fixture *f, const char *fmt, ...)
{
	char body[2048], cmd[2200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "cd '%s' && { %s; } >/dev/null", f->dir,
		 body);
	assert_int_equal(system(cmd), 0);
}

const char *
capture(struct fixture *f, const char *fmt, ...)
{
	char body[2048], cmd[2200], line[512] = "";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "cd '%s' && %s", f->dir, body);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	if (!fgets(line, sizeof(line), p))
		line[0] = '\0';
	assert_int_equal(pclose(p), 0);
	line[strcspn(line, "\n")] = '\0';
	return arena_strdup(&f->core.arena, line);
}

void
put(struct fixture *f, const char *rel, const char *text)
{
	char *path = arena_printf(&f->core.arena, "%s/%s", f->dir, rel);
	for (char *p = path + strlen(f->dir) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
		*p = '/';
	}
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

int
open_at(struct fixture *f, const char *sub, enum source_mode mode,
	const char *rev)
{
	source_close(&f->s);
	const char *dir = sub[0]
		? arena_printf(&f->core.arena, "%s/%s", f->dir, sub)
		: f->dir;
	return source_open(&f->s, dir, mode, rev, 2, NULL, &f->core.arena,
			   &f->core.diags);
}

const char *
text(struct fixture *f, const char *path)
{
	const struct source *s = source_find(&f->s, path);
	if (!s)
		fail_msg("\"%s\" is not listed", path);
	assert_int_equal(s->data.p[s->data.len], '\0');
	return s->data.p;
}

void
make_catalog(struct fixture *f, const char *root)
{
	static const char *const files[][2] = {
		{ "site.yaml", "title: T\n" },
		{ "content/products/a.md", "v1\n" },
		{ "themes/default/page.html", "<p>{{name}}</p>\n" },
		{ "src/main.c", "int main(void) { return 0; }\n" },
		{ "tests/t.sh", "exit 0\n" },
		{ "README.md", "readme\n" },
		{ ".github/ci.yml", "on: push\n" },
		{ "content/.hidden.md", "x\n" },
		{ "content/products/.DS_Store", "x\n" },
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		put(f, arena_printf(&f->core.arena, "%s%s", root, files[i][0]),
		    files[i][1]);
}

void
commit_all(struct fixture *f, const char *msg)
{
	sh(f, GIT " add -A && " GIT " commit -q -m '%s'", msg);
}

void
truncate_object(struct fixture *f, const char *repo, const char *id)
{
	sh(f, "o=%s/.git/objects/%.2s/%s && chmod u+w $o && "
	      "truncate -s $(( $(stat -c %%s $o) / 2 )) $o", repo, id, id + 2);
}

void
raw_id(unsigned char out[20], const char *hex)
{
	for (int i = 0; i < 20; i++) {
		unsigned v;
		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		out[i] = (unsigned char)v;
	}
}
