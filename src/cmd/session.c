/*
 * session.c - the catalog read and checked for a command, and its
 * problems printed; see session.h.
 */
#include "session.h"

#include <errno.h>
#include <sys/resource.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../load/cache.h"
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

/* OCOP_BENCH_LEAVE_OUT: the parts of the site a benchmark leaves out
 * to measure what they cost (bench/rebuild-ab.sh, ENV_B), words among "embeds",
 * "data" and "labels"; another word is ignored. */
static unsigned
leave_out(void)
{
	static const struct { const char *word; unsigned part; } parts[] = {
		{ "embeds", PLAN_PART_EMBEDS }, { "data", PLAN_PART_DATA },
		{ "labels", PLAN_PART_LABELS },
	};
	const char *e = getenv("OCOP_BENCH_LEAVE_OUT");
	unsigned r = 0;
	while (e && *e) {
		size_t n = strcspn(e, " ,");
		for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
			if (n == strlen(parts[i].word) &&
			    !strncmp(e, parts[i].word, n))
				r |= parts[i].part;
		e += n + strspn(e + n, " ,");
	}
	return r;
}

/* The CPU seconds (user and system) of every thread so far. */
static double
cpu_seconds(void)
{
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) < 0)
		return 0;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void
clock_start(struct session_clock *c)
{
	const char *e = getenv("OCOP_TIMINGS");
	c->on = e && *e && strcmp(e, "0");
	if (c->on) {   /* main.c, restart_with_huge_pages() */
		const char *t = getenv("GLIBC_TUNABLES");
		fprintf(stderr, "ocop: timing: malloc in huge pages: %s\n",
			t && strstr(t, HUGE_PAGES_TUNABLE) ? "yes" : "no");
	}
	clock_gettime(CLOCK_MONOTONIC, &c->last);
	c->cpu = cpu_seconds();
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
	/* the CPU time too: on a shared machine it varies less than the
	 * wall time, and it says how well a stage uses the cores */
	double cpu = cpu_seconds();
	fprintf(stderr, "ocop: timing: %-8s %8.3f s %6ld MB resident, %6ld MB peak, %.3f s CPU\n",
		stage, (double)(now.tv_sec - c->last.tv_sec) +
		(double)(now.tv_nsec - c->last.tv_nsec) / 1e9, rss / 1024,
		peak / 1024, cpu - c->cpu);
	c->last = now;
	c->cpu = cpu;
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

/* For --worktree: the commit HEAD, whose history the files on disk
 * continue; false (nothing open) when there is none to read.  Its own
 * problems are not the build's: it is only there for the history. */
static bool
open_head(struct session *s, unsigned threads)
{
	struct diag_list dl = DIAG_LIST_INIT;
	bool ok = source_open(&s->head, ".", SOURCE_HEAD, NULL, threads, NULL,
			      &s->arena, &dl) == 0 && s->head.from_git;
	diag_list_release(&dl);
	if (!ok)
		source_close(&s->head);
	return ok;
}

/* The changes on disk since HEAD, as each changed product's newest
 * event (timeline.h), dated the build's day. */
static void
add_uncommitted(struct session *s, const struct timeline_versions *versions)
{
	struct history_commit *when = arena_alloc(&s->arena, sizeof(*when));
	when->time = (int64_t)s->cat.as_of_days * 86400;
	when->author = when->summary = "";
	for (size_t i = 0; i < s->cat.n_products; i++) {
		const char *path = s->cat.products[i]->e.path;
		const struct source *then = source_find(&s->head, path);
		if (then && !strcmp(then->oid, s->disk_blobs[i]))
			continue;
		const struct source *now = source_find(&s->src, path);
		struct span bytes;
		struct diag_list dl = DIAG_LIST_INIT;
		if (now && source_load(&bytes, &s->src, now, FM_MAX_BYTES,
				       &s->arena, &dl) == 0)
			timeline_add_uncommitted(&s->timelines[i], versions, &s->head,
						 path, then ? then->oid : NULL, bytes,
						 when, &s->arena);
		diag_list_release(&dl);
	}
}

static int
cmp_path(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static bool
changelog_kind(enum entry_kind k)
{
	return k == ENTRY_PRODUCT || k == ENTRY_PRODUCER || k == ENTRY_POS;
}

/* The key of the entry of kind k and slug in the maps below. */
static const char *
entry_key(struct arena *a, enum entry_kind k, const char *slug)
{
	return arena_printf(a, "%d/%s", (int)k, slug);
}

/*
 * The entry files whose timelines the changelog needs besides the
 * catalog's own: every other product, producer and point-of-sale file
 * of the default language the history knows (removed, or a draft now),
 * in path order, into *out; returns how many.  Their translations'
 * paths go into *tr_out, by language index (NULL: none), one row per
 * entry, whose index + 1 the map tr gives by entry_key().
 */
static size_t
other_entry_paths(struct session *s, const char ***out, struct strmap *tr,
		  const char *(**tr_out)[MODEL_MAX_LANGS])
{
	const struct catalog *c = &s->cat;
	struct strmap current = STRMAP_INIT;
	for (size_t i = 0; i < c->n_products; i++)
		strmap_add(&current, c->products[i]->e.path, c->products[i], NULL);
	for (size_t i = 0; i < c->n_producers; i++)
		strmap_add(&current, c->producers[i]->e.path, c->producers[i], NULL);
	for (size_t i = 0; i < c->n_pos; i++)
		strmap_add(&current, c->pos[i]->e.path, c->pos[i], NULL);
	const struct strmap *files = &s->history.files;
	const char **v = arena_array(&s->arena, files->n + 1, sizeof(*v));
	const char *(*rows)[MODEL_MAX_LANGS] = arena_array(&s->arena,
		files->n + 1, sizeof(*rows));
	size_t n = 0, n_rows = 0;
	for (size_t i = 0; i < files->cap; i++) {
		const char *path = files->v[i].key;
		struct entry_path ep;
		if (!path || path[0] == '/' ||
		    path_classify(&ep, path, &s->site, &s->arena) != PATH_ENTRY ||
		    !changelog_kind(ep.kind))
			continue;
		if (ep.lang_code) {
			if (ep.lang <= 0 || ep.lang >= MODEL_MAX_LANGS)
				continue;
			const char *key = entry_key(&s->arena, ep.kind, ep.slug);
			uintptr_t row = (uintptr_t)strmap_get(tr, key);
			if (!row) {
				row = ++n_rows;
				strmap_add(tr, key, (const void *)row, NULL);
			}
			const char **langs = rows[row - 1];
			/* two files of one language (a flat file and a
			 * bundle's): the first in path order */
			if (!langs[ep.lang] || strcmp(path, langs[ep.lang]) < 0)
				langs[ep.lang] = path;
		} else if (!strmap_has(&current, path)) {
			v[n++] = path;
		}
	}
	strmap_release(&current);
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_path);
	*out = v;
	*tr_out = rows;
	return n;
}

/* The timeline of every file a path had (history.h: a path deleted and
 * added again names an older file too), newest first: the path's own,
 * t, then its older files'. */
static struct timeline
whole_timeline(struct session *s, const struct timeline_versions *versions,
	       const struct source_set *from, const char *path,
	       const struct timeline *t)
{
	const struct history_file *f = history_of(&s->history, path);
	if (!f || !f->older)
		return *t;
	size_t n = t->n;
	for (const struct history_file *o = f->older; o; o = o->older)
		n += o->n;
	struct timeline_event *v = arena_array(&s->arena, n, sizeof(*v));
	if (t->n)
		memcpy(v, t->v, t->n * sizeof(*v));
	n = t->n;
	for (const struct history_file *o = f->older; o; o = o->older) {
		struct timeline older;
		timeline_of_file(&older, &s->history, versions, from, o, &s->arena);
		if (older.n)
			memcpy(v + n, older.v, older.n * sizeof(*v));
		n += older.n;
	}
	return (struct timeline){ v, n };
}

/* The timelines of the translations of the entry of f into f (tr and
 * rows from other_entry_paths()). */
static void
add_translations(struct session *s, const struct timeline_versions *versions,
		 const struct source_set *from, const struct strmap *tr,
		 const char *const (*rows)[MODEL_MAX_LANGS],
		 struct changelog_file *f)
{
	struct entry_path ep;
	if (path_classify(&ep, f->path, &s->site, &s->arena) != PATH_ENTRY)
		return;
	uintptr_t row = (uintptr_t)strmap_get(tr, entry_key(&s->arena, ep.kind,
							    ep.slug));
	const char *const *langs = row ? rows[row - 1] : NULL;
	for (size_t l = 1; langs && l < MODEL_MAX_LANGS; l++) {
		if (!langs[l])
			continue;
		struct timeline *own = arena_alloc(&s->arena, sizeof(*own));
		timeline_build(own, &s->history, versions, from, langs[l], &s->arena);
		struct timeline *whole = arena_alloc(&s->arena, sizeof(*whole));
		*whole = whole_timeline(s, versions, from, langs[l], own);
		f->tr[l] = whole;
	}
}

/* The catalog's changelog (model/changelog.h): the timelines of the
 * catalog's products, producers and points of sale (with their paths'
 * older files), then those of the entry files the catalog has no more,
 * each with its translations', with the repository's tags. */
static void
load_changes(struct session *s, const struct timeline_versions *versions,
	     const struct source_set *from)
{
	const struct catalog *cat = &s->cat;
	const char **others;
	struct strmap tr = STRMAP_INIT;
	const char *(*rows)[MODEL_MAX_LANGS];
	size_t n_others = other_entry_paths(s, &others, &tr, &rows);
	size_t n_current = cat->n_products + cat->n_producers + cat->n_pos;
	size_t n = n_current + n_others;
	struct changelog_file *files = arena_array(&s->arena, n + 1, sizeof(*files));
	for (size_t i = 0; i < n_current; i++) {
		/* s->timelines: the products', producers', points of sale's */
		const struct entry *e = i < cat->n_products ? &cat->products[i]->e
			: i < cat->n_products + cat->n_producers
			? &cat->producers[i - cat->n_products]->e
			: &cat->pos[i - cat->n_products - cat->n_producers]->e;
		/* a --worktree build's uncommitted changes are no commit's */
		struct timeline committed = s->timelines[i];
		if (committed.n && !committed.v[0].commit->id[0]) {
			committed.v++;
			committed.n--;
		}
		struct timeline *whole = arena_alloc(&s->arena, sizeof(*whole));
		*whole = whole_timeline(s, versions, from, e->path, &committed);
		files[i] = (struct changelog_file){ .path = e->path, .t = whole,
						    .kind = e->kind, .entry = e };
	}
	for (size_t i = 0; i < n_others; i++) {
		struct entry_path ep;
		(void)path_classify(&ep, others[i], &s->site, &s->arena);
		struct timeline *own = arena_alloc(&s->arena, sizeof(*own));
		timeline_build(own, &s->history, versions, from, others[i], &s->arena);
		struct timeline *whole = arena_alloc(&s->arena, sizeof(*whole));
		*whole = whole_timeline(s, versions, from, others[i], own);
		files[n_current + i] = (struct changelog_file){ .path = others[i],
			.t = whole, .kind = ep.kind };
	}
	for (size_t i = 0; i < n; i++)
		add_translations(s, versions, from, &tr,
				 (const char *const (*)[MODEL_MAX_LANGS])rows, &files[i]);
	strmap_release(&tr);
	struct tags tags;
	if (tags_read(&tags, from, &s->history, &s->arena, &s->dl) < 0)
		return;
	changelog_build(&s->changes, &s->history, &tags, files, n, &s->site,
			s->cat.as_of_days, &s->arena);
	s->has_changes = true;
}

static void
open_history_cache(void *arg)
{
	struct session *s = arg;
	cache_open(&s->history_cache, &s->src, "history", "");
}

/* Starts opening the history's cache of the commit being built: the
 * digest of its 20 MB (at 20,000 commits) and its tables are made while
 * the catalog is checked, on one core. */
static void
begin_history_cache(struct session *s)
{
	workers_begin(&s->history_opening, open_history_cache, s);
	s->history_opened = true;
}

/* Whether the cache begun is from's (then in s->history_cache); one
 * not taken is closed. */
static bool
took_history_cache(struct session *s, const struct source_set *from)
{
	if (!s->history_opened)
		return false;
	workers_end(&s->history_opening);
	s->history_opened = false;
	if (from == &s->src)
		return true;
	cache_close(&s->history_cache);
	return false;
}

/* Each product's timeline, from the history of the commit read (or,
 * with --worktree, of HEAD, then what the disk changes since), its
 * versions read on up to threads threads (the same for any number)
 * (docs/history.md), the old URLs of entries renamed or removed
 * (links.h) and the catalog's changelog (changelog.h).  What earlier builds read is taken from the cache
 * (load/cache.h), which keeps what this one read for the next. */
static void
load_history(struct session *s, unsigned threads)
{
	if (!s->site.history)
		return;
	/* the files on disk (--worktree) and the index (--staged) are no
	 * commit: theirs is the history of HEAD */
	const struct source_set *from = &s->src;
	if ((s->worktree || !s->src.commit[0]) && open_head(s, threads))
		from = &s->head;
	if (!from->from_git || !from->commit[0])
		return;
	struct cache *cache = &s->history_cache;
	if (!took_history_cache(s, from))
		cache_open(cache, from, "history", "");
	if (history_read(&s->history, from, cache, threads ? threads : 1,
			 &s->arena, &s->dl) < 0) {
		cache_close(cache);
		return;
	}
	session_stage_done(s, "history");
	struct timeline_versions versions;
	timeline_versions_read(&versions, &s->history, from, cache, s->seed,
			       threads ? threads : 1, &s->arena);
	s->seed = NULL;
	/* the products', then the producers', then the points of sale's
	 * (plan.h) */
	const struct catalog *c = &s->cat;
	s->timelines = arena_array(&s->arena, c->n_products + c->n_producers +
				   c->n_pos + 1, sizeof(*s->timelines));
	struct timeline *t = s->timelines;
	for (size_t i = 0; i < c->n_products; i++)
		timeline_build(t++, &s->history, &versions, from,
			       c->products[i]->e.path, &s->arena);
	for (size_t i = 0; i < c->n_producers; i++)
		timeline_build(t++, &s->history, &versions, from,
			       c->producers[i]->e.path, &s->arena);
	for (size_t i = 0; i < c->n_pos; i++)
		timeline_build(t++, &s->history, &versions, from,
			       c->pos[i]->e.path, &s->arena);
	if (from == &s->head && s->disk_blobs)
		add_uncommitted(s, &versions);
	session_stage_done(s, "timeline");
	links_build(&s->links, &s->history, &versions, from, &s->cat, &s->arena);
	session_stage_done(s, "links");
	load_changes(s, &versions, from);
	session_stage_done(s, "changes");
	timeline_versions_release(&versions);
	/* a cache that cannot be written only makes the next build read
	 * git again: nothing to say */
	(void)cache_save(cache);
	cache_close(cache);
}

static void
load_plan(struct session *s, unsigned threads)
{
	if (s->dl.errors) {
		plan_check_pages(&s->cat, &s->dl);
		return;
	}
	if (s->before_plan)
		s->before_plan(s, s->before_plan_ctx);
	load_history(s, threads);
	struct plan_file *files;
	size_t n = pages_theme_files(&files, &s->theme, &s->arena);
	struct search_names names = { kind_name, s };
	struct plan_knobs knobs = { sitemap_limit(), leave_out() };
	plan_build(&s->plan, &s->cat, files, n, &names, s->timelines,
		   s->has_changes ? &s->changes : NULL, &s->photos, &knobs,
		   threads, &s->arena, &s->dl);
	plan_add_links(&s->plan, &s->links, &s->arena);
	session_stage_done(s, "plan");
}

static void
disk_blobs(struct session *s)
{
	s->disk_blobs = arena_array(&s->arena, s->cat.n_products + 1,
				    sizeof(*s->disk_blobs));
	for (size_t i = 0; i < s->cat.n_products; i++) {
		const struct source *f = source_find(&s->src, s->cat.products[i]->e.path);
		char *id = arena_alloc(&s->arena, 41);
		if (f && f->data.p)
			source_blob_id(f->data, id);
		s->disk_blobs[i] = id;
	}
}

/* The cache of parsed entry files (model/catalog.h), opened by the
 * first question source_open() asks of it, when the repository and the
 * catalog's folder are known: a file it holds is not read. */
struct parsed_files {
	struct cache v[CATALOG_PARSE_SHARDS];
	bool open;
};

static void
parsed_open(struct parsed_files *pf, const struct source_set *set)
{
	if (!pf->open)
		catalog_parse_cache_open(pf->v, set);
	pf->open = true;
}

static bool
parsed_has(void *ctx, const struct source_set *set, const struct source *s)
{
	parsed_open(ctx, set);
	return catalog_parse_cached(((struct parsed_files *)ctx)->v, s);
}

/* Saves (a cache that cannot be written only makes the next build
 * parse again: nothing to say) and closes. */
static void
parsed_close(struct parsed_files *pf, bool save)
{
	for (size_t i = 0; pf->open && i < CATALOG_PARSE_SHARDS; i++) {
		if (save)
			(void)cache_save(&pf->v[i]);
		cache_close(&pf->v[i]);
	}
	pf->open = false;
}

enum exit_status
session_load(struct session *s, const struct cmd_options *o, bool with_theme)
{
	enum source_mode mode = o->worktree ? SOURCE_WORKTREE
				: o->staged ? SOURCE_STAGED
				: o->rev ? SOURCE_REV : SOURCE_HEAD;
	s->lang = cmd_lang(o);
	clock_start(&s->clock);
	struct parsed_files parsed = { .open = false };
	if (source_open(&s->src, ".", mode, o->rev, o->threads,
			&(struct source_skip){ parsed_has, &parsed }, &s->arena,
			&s->dl) < 0) {
		parsed_close(&parsed, false);
		return EXIT_SYSTEM;
	}
	if (s->src.fell_back && !o->quiet)
		diag_say(stderr, s->lang,
			 "ocop: not a git repository: building the files on disk");
	session_stage_done(s, "open");
	if (site_read(&s->site, &s->src, &s->arena, &s->dl) < 0) {
		parsed_close(&parsed, false);
		return EXIT_OK;
	}
	s->site_ok = true;
	if (!o->lang)
		s->lang = msg_lang_pick(NULL, s->site.language);
	bool theme_ok = with_theme && load_theme(s);
	session_stage_done(s, "theme");
	/* the checks run even when entries have errors (on the others):
	 * one broken file must not hide every other problem */
	struct catalog_watch watch = { timeline_seed_parsed, NULL };
	if (with_theme && s->site.history && s->src.from_git)
		watch.ctx = s->seed = timeline_seed_new(&s->src);
	parsed_open(&parsed, &s->src);
	catalog_load(&s->cat, &s->src, &s->site, o->as_of_days, o->threads,
		     watch.ctx ? &watch : NULL, parsed.v, &s->arena, &s->dl);
	parsed_close(&parsed, true);
	session_stage_done(s, "catalog");
	if (with_theme && s->site.history && s->src.from_git &&
	    s->src.commit[0] && !o->worktree)
		begin_history_cache(s);
	lint_catalog(&s->cat, &s->src, &s->arena, &s->dl);
	/* names come from site.yaml and the theme together */
	if (theme_ok)
		theme_check_subgroups(&s->theme, &s->cat, &s->arena, &s->dl);
	session_stage_done(s, "lint");
	/* with --worktree and history, which products differ from HEAD
	 * is told by their blob ids, from the bytes read now */
	s->worktree = o->worktree;
	if (o->worktree && with_theme && s->site.history)
		disk_blobs(s);
	/* the entries are read and checked: their files' bytes are not
	 * needed any more (entries keep copies of what they show) */
	source_drop_entries(&s->src);
	/* the photos' sizes, which the plan names and the pages measure:
	 * made (or taken from the cache) even when entries have errors,
	 * so that a broken photo is reported with them */
	if (with_theme) {
		photos_build(&s->photos, &s->cat, &s->src, o->threads,
			     &s->arena, &s->dl);
		session_stage_done(s, "photos");
		load_plan(s, o->threads);
	}
	/* begun, but not read (the catalog has errors) */
	took_history_cache(s, NULL);
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
	photos_release(&s->photos);
	history_release(&s->history);
	timeline_seed_free(s->seed);
	source_close(&s->head);
	theme_close(&s->theme);
	source_close(&s->src);
	diag_list_release(&s->dl);
	arena_release(&s->arena);
}
