/*
 * workers.h - one loop over many items on several threads.
 *
 * workers_run() calls fn(ctx, worker, item) for every item in [0, n),
 * on up to `jobs` POSIX threads of which the calling thread is worker 0.
 * Items are taken in order, `chunk` at a time, from a shared counter, so
 * a worker's items ascend.  fn returning false stops every worker after
 * its current item: the items before the one that failed have all been
 * started, so the lowest failing item is the one a single worker would
 * have stopped at (the renderer reports that one, whatever the number
 * of threads).  Each worker writes only its own state (ctx indexed by
 * worker); what they share must be read-only while they run.
 */
#ifndef OCOP_WORKERS_H
#define OCOP_WORKERS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

enum { WORKERS_MAX = 64 };

typedef bool (*workers_fn)(void *ctx, unsigned worker, size_t item);

/* Returns the number of workers that ran (1 to jobs): a thread that
 * cannot start is one worker fewer, never an error. */
unsigned workers_run(size_t n, unsigned jobs, size_t chunk, workers_fn fn,
		     void *ctx);

/* One call run beside the caller: workers_begin() starts fn(arg) on a
 * thread of its own, or makes the call at once when no thread can
 * start; workers_end() waits until it is done.  The thread inherits the
 * caller's signal mask. */
struct workers_job {
	void (*fn)(void *arg);
	void *arg;
	pthread_t thread;
	bool started;
};

void workers_begin(struct workers_job *j, void (*fn)(void *arg), void *arg);
void workers_end(struct workers_job *j);

/* The number of online processors, at least 1 and at most WORKERS_MAX. */
unsigned workers_cores(void);

#endif
