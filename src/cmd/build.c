/*
 * build.c - `ocop build`: checks the catalog as check does, and when it
 * has no errors renders the plan into a fresh output folder that
 * replaces the old one whole (write/out.h).  On any error nothing is
 * published: the output folder stays as it was.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "session.h"
#include "../load/cache.h"
#include "../render/pages.h"
#include "../render/qr.h"
#include "../write/out.h"
#include "../util/banned.h"

#ifndef OCOP_VERSION
#define OCOP_VERSION "0.0.0"
#endif

/* Refuses, as a usage error, an output folder whose replacement would
 * delete the catalog (out_dir_is_safe). */
static enum exit_status
check_out_dir(const char *out_dir)
{
	char *cwd = getcwd(NULL, 0);
	if (!cwd)
		return cmd_usage_error("cannot read the current folder");
	bool safe = out_dir_is_safe(out_dir, cwd);
	free(cwd);
	if (!safe)
		return cmd_usage_error("refusing to write the site to \"%s\": it would replace the catalog itself, or the path is unclear",
				       out_dir);
	return EXIT_OK;
}

_Static_assert((int)PAGE_KEY_BYTES == (int)OUT_KEY_BYTES,
	       "a page's key is the writer's");

static int
write_to_out(void *payload, const char *path, const void *data, size_t len,
	     const unsigned char *key)
{
	return out_write_keyed(payload, path, data, len, key);
}

static int
keep_in_out(void *payload, const char *path, const unsigned char *key,
	    const void *check, size_t check_len)
{
	return out_keep(payload, path, key, check, check_len);
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) +
	       (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The line of a build that published the site. */
static void
say_built(const struct session *s, size_t files, size_t written,
	  const char *out_dir, double secs)
{
	const struct msg_lang *l = s->lang;
	size_t products = s->cat.n_products, producers = s->cat.n_producers,
	       pos = s->cat.n_pos;
	if (s->src.from_git)
		diag_say(stdout, l, "ocop: built %zu product%s, %zu producer%s, %zu point%s of sale (%zu file%s, %zu written) from commit %.7s into %s/ in %.3f s",
			 products, msg_plural(l, products),
			 producers, msg_plural(l, producers),
			 pos, msg_plural(l, pos), files, msg_plural(l, files),
			 written, s->src.commit, out_dir, secs);
	else
		diag_say(stdout, l, "ocop: built %zu product%s, %zu producer%s, %zu point%s of sale (%zu file%s, %zu written) from the files on disk into %s/ in %.3f s",
			 products, msg_plural(l, products),
			 producers, msg_plural(l, producers),
			 pos, msg_plural(l, pos), files, msg_plural(l, files),
			 written, out_dir, secs);
}

/* The line of a build stopped by errors; the diags are sorted. */
static void
say_not_published(const struct session *s, const char *out_dir)
{
	const struct msg_lang *l = s->lang;
	size_t errors = s->dl.errors, files = diag_error_files(&s->dl);
	if (!files)
		diag_say(stderr, l, "ocop: %zu error%s: nothing was published, %s/ is unchanged",
			 errors, msg_plural(l, errors), out_dir);
	else
		diag_say(stderr, l, "ocop: %zu error%s in %zu file%s: nothing was published, %s/ is unchanged",
			 errors, msg_plural(l, errors), files,
			 msg_plural(l, files), out_dir);
}

/* The output, begun by session_load() just before the pages are
 * planned (its before_plan), so that reading the lists of the previous
 * sites and taking the spare in hand (write/out.h) overlap the
 * planning. */
struct writer {
	struct out out;
	const char *dir;
	enum { WRITER_IDLE, WRITER_BEGUN, WRITER_FAILED } state;
};

static void
begin_output(struct session *s, void *ctx)
{
	struct writer *w = ctx;
	w->state = out_begin(&w->out, w->dir, &s->dl) < 0 ? WRITER_FAILED
							  : WRITER_BEGUN;
}

/* Renders the plan of a catalog without errors into the output begun,
 * and swaps it in, then says so unless quiet. */
static enum exit_status
publish(struct session *s, const struct cmd_options *o, struct writer *w,
	const struct timespec *t0)
{
	if (w->state == WRITER_IDLE)
		begin_output(s, w);
	if (w->state == WRITER_FAILED)
		return EXIT_SYSTEM;
	struct out *out = &w->out;    /* its threads hold its address */
	const char *out_dir = w->dir;
	if (out_ready(out) < 0) {
		out_abort(out);
		return EXIT_SYSTEM;
	}
	session_stage_done(s, "out");
	out_expect(out, s->plan.n);
	struct cache qr_codes;
	cache_open(&qr_codes, &s->src, "qr", qr_settings());
	/* pages made from the same data as the previous build's are kept
	 * (out.h); OCOP_CHECK_KEPT renders them anyway, to compare */
	char *program = cache_program_digest();
	const char *check = getenv("OCOP_CHECK_KEPT");
	struct build_info info = {
		s->src.from_git ? s->src.commit : NULL, OCOP_VERSION, &qr_codes,
		s->clock.on, program, check && *check && strcmp(check, "0"),
	};
	struct page_sink sink = { write_to_out, keep_in_out, out };
	enum exit_status status = pages_build(&s->plan, &s->theme, &info,
					      &sink, (int)o->threads,
					      &s->arena, &s->dl);
	free(program);
	/* a cache that cannot be written only makes the next build encode
	 * the codes again: nothing to say */
	if (status == EXIT_OK)
		(void)cache_save(&qr_codes);
	cache_close(&qr_codes);
	if (status != EXIT_OK) {
		out_abort(out);
		return status;
	}
	session_stage_done(s, "render");
	/* the plan's 130,000 items are not needed to commit: free them
	 * before the manifests, at the build's peak of memory */
	plan_release(&s->plan);
	size_t files = out->files, written = out->written;
	if (out_commit(out) < 0)
		return EXIT_SYSTEM;
	session_stage_done(s, "commit");
	if (!o->quiet)
		say_built(s, files, written, out_dir, seconds_since(t0));
	return EXIT_OK;
}

enum exit_status
cmd_build(const struct cmd_options *o)
{
	const char *out_dir = o->out ? o->out : "output";
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	enum exit_status status = check_out_dir(out_dir);
	if (status != EXIT_OK)
		return status;
	struct session s = SESSION_INIT;
	struct writer w = { .dir = out_dir };
	s.before_plan = begin_output;
	s.before_plan_ctx = &w;
	status = session_load(&s, o, true);
	if (status == EXIT_OK && w.state == WRITER_FAILED)
		status = EXIT_SYSTEM;
	else if (status == EXIT_OK && s.dl.errors)
		status = EXIT_ERRORS;
	if (status == EXIT_OK)
		status = publish(&s, o, &w, &t0);
	else if (w.state == WRITER_BEGUN)
		out_abort(&w.out);
	session_print_diags(&s, o);
	session_stage_done(&s, "report");
	if (status == EXIT_ERRORS)
		say_not_published(&s, out_dir);
	session_end(&s);
	session_stage_done(&s, "free");
	return status;
}
