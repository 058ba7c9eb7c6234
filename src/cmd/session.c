/*
 * session.c - the catalog read and checked for a command, and its
 * problems printed; see session.h.
 */
#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../load/tags.h"
#include "../model/lint.h"
#include "../model/path.h"
#include "../render/pages.h"
#include "../util/workers.h"
#include "../util/xalloc.h"
#include "../util/banned.h"

/* URLs per sitemap file: OCOP_SITEMAP_LIMIT when set to a number from 1
 * to the protocol's 50,000 (so that tests can split a small site), else
 * the protocol's limit. */
static size_t
sitemap_limit(void)
{
	const char *e = getenv("OCOP_SITEMAP_LIMIT");
	if (!e || !*e)
		return PLAN_SITEMAP_LIMIT;
	char *end;
	errno = 0;
	long n = strtol(e, &end, 10);
	return *end || errno || n < 1 || n > PLAN_SITEMAP_LIMIT
		? PLAN_SITEMAP_LIMIT : (size_t)n;
}

static void
clock_start(struct session_clock *c)
{
	const char *e = getenv("OCOP_TIMINGS");
	c->on = e && *e && strcmp(e, "0");
	clock_gettime(CLOCK_MONOTONIC, &c->last);
}

void
session_stage_done(struct session *s, const char *stage)
{
	struct session_clock *c = &s->clock;
	if (!c->on)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	/* resident memory now and at its peak, from the kernel's view */
	long rss = 0, peak = 0;
	FILE *f = fopen("/proc/self/status", "r");
	char line[128];
	while (f && fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "VmRSS:", 6))
			rss = strtol(line + 6, NULL, 10);
		else if (!strncmp(line, "VmHWM:", 6))
			peak = strtol(line + 6, NULL, 10);
	}
	if (f)
		fclose(f);
	fprintf(stderr, "ocop: timing: %-8s %8.3f s %6ld MB resident, %6ld MB peak\n",
		stage, (double)(now.tv_sec - c->last.tv_sec) +
		(double)(now.tv_nsec - c->last.tv_nsec) / 1e9, rss / 1024, peak / 1024);
	c->last = now;
}

/* The theme, checked, and the names it shares with site.yaml and the
 * catalog; false when it could not be opened. */
static bool
load_theme(struct session *s)
{
	if (theme_open(&s->theme, &s->site, &s->src, &s->arena, &s->dl) < 0)
		return false;
	theme_check(&s->theme);
	return true;
}

/* Every output file, decided before rendering; a catalog with errors
 * has no sound plan, but the collisions of its output paths are still
 * reported, as build would find them. */
/* The theme's name of a group, or of a subgroup (with site.yaml's), in
 * language lang, for the search index (plan/search.h). */
static const char *
kind_name(const void *ctx, int lang, int group, const char *subgroup)
{
	const struct session *s = ctx;
	if (subgroup) {
		int in = lang;
		const char *name = theme_subgroup_name(&s->theme, &s->site, lang,
						       subgroup, &in);
		return in == lang ? name : NULL;
	}
	char key[64];
	snprintf(key, sizeof(key), "groups.%s", model_group_slugs[group]);
	const char *name = theme_string(&s->theme, lang, key);
	return strcmp(name, key) ? name : NULL;
}

/* One thread of the timelines: its own repository and arena. */
struct timeline_worker {
	struct session *s;
	const char *const *paths;  /* the files whose timelines are made */
	struct timeline *out;      /* theirs, in the same order */
	struct timeline *whole;    /* the same with the older files of
				      their paths (history.h), for the
				      changelog */
	struct source_set src;
	struct arena arena;
	bool open;
};

static bool
timeline_one(void *ctx, unsigned worker, size_t i)
{
	struct timeline_worker *w = (struct timeline_worker *)ctx + worker;
	const struct history *h = &w->s->history;
	const struct history_file *f = history_of(h, w->paths[i]);
	timeline_build_file(&w->out[i], h, &w->src, f, &w->arena);
	w->whole[i] = w->out[i];
	if (!f || !f->older)
		return true;
	/* a path deleted and added again: its files' events, newest first */
	size_t n = w->out[i].n;
	for (const struct history_file *o = f->older; o; o = o->older)
		n += o->n;
	struct timeline_event *v = arena_array(&w->arena, n, sizeof(*v));
	if (w->out[i].n)
		memcpy(v, w->out[i].v, w->out[i].n * sizeof(*v));
	n = w->out[i].n;
	for (const struct history_file *o = f->older; o; o = o->older) {
		struct timeline t;
		timeline_build_file(&t, h, &w->src, o, &w->arena);
		if (t.n)
			memcpy(v + n, t.v, t.n * sizeof(*v));
		n += t.n;
	}
	w->whole[i] = (struct timeline){ v, n };
	return true;
}

static int
cmp_path(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/*
 * The files whose timelines the history needs: each product's, by
 * product index, then every other product file of the default language
 * the history knows (removed, or a draft now), in path order, for the
 * changelog.  Returns how many; the first n_products are the products'.
 */
static size_t
timeline_paths(struct session *s, const char ***out)
{
	const struct catalog *c = &s->cat;
	struct strmap current = STRMAP_INIT;
	for (size_t i = 0; i < c->n_products; i++)
		strmap_add(&current, c->products[i]->e.path, c->products[i], NULL);
	const struct strmap *files = &s->history.files;
	const char **v = arena_array(&s->arena, c->n_products + files->n + 1,
				     sizeof(*v));
	for (size_t i = 0; i < c->n_products; i++)
		v[i] = c->products[i]->e.path;
	size_t n = c->n_products;
	for (size_t i = 0; i < files->cap; i++) {
		const char *path = files->v[i].key;
		struct entry_path ep;
		if (path && !strmap_has(&current, path) &&
		    path_classify(&ep, path, &s->site, &s->arena) == PATH_ENTRY &&
		    ep.kind == ENTRY_PRODUCT && !ep.lang_code)
			v[n++] = path;
	}
	strmap_release(&current);
	qsort(v + c->n_products, n - c->n_products, sizeof(*v), cmp_path);
	*out = v;
	return n;
}

/* The catalog's changelog (model/changelog.h) from the timelines of
 * paths (the products' first), with the repository's tags. */
static void
load_changes(struct session *s, const char *const *paths,
	     const struct timeline *whole, size_t n)
{
	struct tags tags;
	if (tags_read(&tags, &s->src, &s->history, &s->arena, &s->dl) < 0)
		return;
	struct changelog_file *files = arena_array(&s->arena, n + 1,
						   sizeof(*files));
	for (size_t i = 0; i < n; i++)
		files[i] = (struct changelog_file){ paths[i], &whole[i],
			i < s->cat.n_products ? s->cat.products[i] : NULL };
	changelog_build(&s->changes, &s->history, &tags, files, n, &s->site,
			s->cat.as_of_days, &s->arena);
	s->has_changes = true;
}

/* Each product's timeline, from the history of the commit read
 * (docs/history.md), on up to threads threads (the same for any
 * number); nothing when the files come from the disk. */
static void
load_history(struct session *s, unsigned threads)
{
	if (!s->site.history || !s->src.from_git ||
	    history_read(&s->history, &s->src, &s->arena, &s->dl) < 0)
		return;
	session_stage_done(s, "history");
	const char **paths;
	size_t n_paths = timeline_paths(s, &paths);
	struct timeline *all = arena_array(&s->arena, n_paths + 1, sizeof(*all));
	struct timeline *whole = arena_array(&s->arena, n_paths + 1,
					     sizeof(*whole));
	s->timelines = all;
	unsigned n = threads ? threads : 1;
	if (n > WORKERS_MAX)
		n = WORKERS_MAX;
	struct timeline_worker *w = xcalloc(n, sizeof(*w));
	unsigned ready = 0;
	for (; ready < n; ready++) {
		w[ready].s = s;
		w[ready].paths = paths;
		w[ready].out = all;
		w[ready].whole = whole;
		w[ready].arena = (struct arena)ARENA_INIT;
		if (source_reopen(&w[ready].src, &s->src) < 0)
			break;
		w[ready].open = true;
	}
	if (!ready) {              /* this thread's own repository */
		w[0].src = s->src;
		w[0].paths = paths;
		w[0].out = all;
		w[0].whole = whole;
		ready = 1;
	}
	workers_run(n_paths, ready, 16, timeline_one, w);
	for (unsigned k = 0; k < n; k++) {
		if (w[k].open)
			source_close(&w[k].src);
		arena_adopt(&s->arena, &w[k].arena);
	}
	free(w);
	session_stage_done(s, "timeline");
	load_changes(s, paths, whole, n_paths);
}

static void
load_plan(struct session *s, unsigned threads)
{
	if (s->dl.errors) {
		plan_check_pages(&s->cat, &s->dl);
		return;
	}
	load_history(s, threads);
	struct plan_file *files;
	size_t n = pages_theme_files(&files, &s->theme, &s->arena);
	struct search_names names = { kind_name, s };
	plan_build(&s->plan, &s->cat, files, n, &names, s->timelines,
		   s->has_changes ? &s->changes : NULL, sitemap_limit(),
		   threads, &s->arena, &s->dl);
	session_stage_done(s, "plan");
}

enum exit_status
session_load(struct session *s, const struct cmd_options *o, bool with_theme)
{
	enum source_mode mode = o->worktree ? SOURCE_WORKTREE
				: o->staged ? SOURCE_STAGED
				: o->rev ? SOURCE_REV : SOURCE_HEAD;
	s->lang = cmd_lang(o);
	clock_start(&s->clock);
	if (source_open(&s->src, ".", mode, o->rev, o->threads, &s->arena,
			&s->dl) < 0)
		return EXIT_SYSTEM;
	if (s->src.fell_back && !o->quiet)
		diag_say(stderr, s->lang,
			 "ocop: not a git repository: building the files on disk");
	session_stage_done(s, "open");
	if (site_read(&s->site, &s->src, &s->arena, &s->dl) < 0)
		return EXIT_OK;
	s->site_ok = true;
	if (!o->lang && !strcmp(s->site.language, "en"))
		s->lang = DIAG_EN;
	bool theme_ok = with_theme && load_theme(s);
	session_stage_done(s, "theme");
	/* the checks run even when entries have errors (on the others):
	 * one broken file must not hide every other problem */
	catalog_load(&s->cat, &s->src, &s->site, o->as_of_days, o->threads,
		     &s->arena, &s->dl);
	session_stage_done(s, "catalog");
	lint_catalog(&s->cat, &s->src, &s->arena, &s->dl);
	/* names come from site.yaml and the theme together */
	if (theme_ok)
		theme_check_subgroups(&s->theme, &s->cat, &s->arena, &s->dl);
	session_stage_done(s, "lint");
	/* the entries are read and checked: their files' bytes are not
	 * needed any more (entries keep copies of what they show) */
	source_drop_entries(&s->src);
	if (with_theme)
		load_plan(s, o->threads);
	if (o->strict)
		diag_strict(&s->dl);
	return EXIT_OK;
}

void
session_print_diags(struct session *s, const struct cmd_options *o)
{
	diag_sort(&s->dl);
	if (o->format && !strcmp(o->format, "json"))
		diag_print_json(&s->dl, stdout, s->lang);
	else
		diag_print(&s->dl, stderr, s->lang);
}

void
session_end(struct session *s)
{
	plan_release(&s->plan);
	history_release(&s->history);
	theme_close(&s->theme);
	source_close(&s->src);
	diag_list_release(&s->dl);
	arena_release(&s->arena);
}
