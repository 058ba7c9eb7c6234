/*
 * workers.c - the thread pool behind workers_run(): the threads take
 * chunks of items from one atomic counter until it runs out or an item
 * fails.  The calling thread is worker 0, so one job starts no thread,
 * and a thread that cannot be started only means fewer workers.
 */
#include "workers.h"

#include <pthread.h>
#include <stdatomic.h>
#include <unistd.h>

#include "banned.h"

struct pool {
	size_t n, chunk;
	workers_fn fn;
	void *ctx;
	atomic_size_t next;       /* the first item nobody has taken */
	atomic_bool stop;         /* some item failed: take no more */
};

struct worker {
	struct pool *pool;
	unsigned index;
};

static void *
run(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;
	while (!atomic_load(&p->stop)) {
		size_t first = atomic_fetch_add(&p->next, p->chunk);
		if (first >= p->n)
			break;
		for (size_t i = first; i < first + p->chunk && i < p->n; i++)
			if (!p->fn(p->ctx, w->index, i)) {
				atomic_store(&p->stop, true);
				return NULL;
			}
	}
	return NULL;
}

unsigned
workers_run(size_t n, unsigned jobs, size_t chunk, workers_fn fn, void *ctx)
{
	struct pool p = { .n = n, .chunk = chunk ? chunk : 1, .fn = fn,
			  .ctx = ctx };
	atomic_init(&p.next, 0);
	atomic_init(&p.stop, false);
	if (jobs < 1)
		jobs = 1;
	if (jobs > WORKERS_MAX)
		jobs = WORKERS_MAX;
	if ((size_t)jobs > n / p.chunk + 1)
		jobs = (unsigned)(n / p.chunk + 1);   /* no idle threads */
	struct worker w[WORKERS_MAX];
	pthread_t threads[WORKERS_MAX];
	unsigned started = 1;
	for (unsigned k = 0; k < jobs; k++)
		w[k] = (struct worker){ &p, k };
	for (unsigned k = 1; k < jobs; k++) {
		if (pthread_create(&threads[k], NULL, run, &w[k]) != 0)
			break;
		started++;
	}
	run(&w[0]);
	for (unsigned k = 1; k < started; k++)
		pthread_join(threads[k], NULL);
	return started;
}

static void *
job_main(void *arg)
{
	struct workers_job *j = arg;
	j->fn(j->arg);
	return NULL;
}

void
workers_begin(struct workers_job *j, void (*fn)(void *arg), void *arg)
{
	j->fn = fn;
	j->arg = arg;
	j->started = pthread_create(&j->thread, NULL, job_main, j) == 0;
	if (!j->started)
		fn(arg);
}

void
workers_end(struct workers_job *j)
{
	if (j->started)
		pthread_join(j->thread, NULL);
	j->started = false;
}

unsigned
workers_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > WORKERS_MAX ? WORKERS_MAX : (unsigned)n;
}
