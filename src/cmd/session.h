/*
 * session.h - what check, build and report share: the catalog read and
 * checked (its files, site.yaml, the theme, the entries, the plan of
 * the site), with every problem found on the way, and the printing of
 * those problems.  One session per command; everything it holds lives
 * until session_end().
 *
 * OCOP_TIMINGS=1 prints the wall time and memory of each stage to
 * stderr, for profiling a large catalog (docs/benchmarks.md); off, it
 * costs nothing.
 */
#ifndef OCOP_SESSION_H
#define OCOP_SESSION_H

#include <stdbool.h>
#include <time.h>

#include "cmd.h"
#include "../load/cache.h"
#include "../load/history.h"
#include "../load/source.h"
#include "../model/catalog.h"
#include "../model/links.h"
#include "../model/changelog.h"
#include "../model/site.h"
#include "../model/timeline.h"
#include "../model/photo.h"
#include "../plan/plan.h"
#include "../render/theme.h"
#include "../util/arena.h"
#include "../util/diag.h"
#include "../util/workers.h"

/* The clock of OCOP_TIMINGS: on, and when the last stage ended. */
struct session_clock {
	bool on;
	struct timespec last;
	double cpu;                /* the process's CPU seconds then */
};

struct session {
	struct arena arena;
	struct diag_list dl;
	struct source_set src;
	struct site site;
	struct theme theme;
	struct catalog cat;
	struct history history; /* the entries' commits (build only) */
	/* the history's cache, opened on a thread of its own while the
	 * catalog is checked, when it is the commit's being built */
	struct cache history_cache;
	struct workers_job history_opening;
	bool history_opened;
	struct timeline_seed *seed;  /* the facts of the versions the
					catalog parsed, for the timelines */
	bool worktree;          /* the files come from the disk (--worktree) */
	struct source_set head; /* then HEAD, whose history they continue */
	const char **disk_blobs;  /* then each product's blob id on disk */
	struct timeline *timelines;  /* the products' by index, then the
					producers', then the points of
					sale's (plan.h), or NULL */
	struct links links;     /* old URLs of entries (n 0 without history) */
	struct changelog changes;    /* the catalog's, with history */
	bool has_changes;
	struct photos photos;   /* the photos' published sizes */
	struct plan plan;       /* every output file; empty when errors */
	bool site_ok;           /* site.yaml was read */
	const struct msg_lang *lang;    /* of messages: --lang, else site.yaml's */
	struct session_clock clock;
	/* called once, when the catalog is read without errors and its
	 * pages are about to be planned: build starts its output there,
	 * whose preparing then overlaps the planning (write/out.h) */
	void (*before_plan)(struct session *s, void *ctx);
	void *before_plan_ctx;
};

#define SESSION_INIT { .arena = ARENA_INIT, .dl = DIAG_LIST_INIT, \
		       .photos = PHOTOS_INIT }

/*
 * Reads and checks the catalog in the current folder, as o says (which
 * commit or files, --strict), and with_theme the theme and the plan of
 * the site too.  Returns EXIT_SYSTEM when the files themselves could
 * not be read, else EXIT_OK: content errors, if any, are in s->dl.
 */
enum exit_status session_load(struct session *s, const struct cmd_options *o,
			      bool with_theme);
/* Sorts the diags and prints them: JSON to stdout for --format json,
 * else text to stderr. */
void session_print_diags(struct session *s, const struct cmd_options *o);
/* With OCOP_TIMINGS on, prints the time since the last stage ended. */
void session_stage_done(struct session *s, const char *stage);
/* Releases everything but the clock, which stays usable. */
void session_end(struct session *s);

#endif
