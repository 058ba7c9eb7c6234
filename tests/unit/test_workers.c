/*
 * test_workers.c - the one parallel loop (util/workers.c): every item
 * runs exactly once whatever the number of jobs; a failing item stops
 * the others, every item before it having run (and, on one job, none
 * after it); the calling thread is worker 0, and one job starts no
 * thread; each worker takes its items in ascending order; the number
 * of workers is bounded by the jobs asked, WORKERS_MAX and the chunks
 * there are; a chunk of 0 is a chunk of 1; a job runs beside the
 * caller until workers_end().
 *
 * Built under ThreadSanitizer too (tests/run-all.sh): each worker
 * writes only its own slot of the context, as workers.h asks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <pthread.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "util/workers.h"
#include "util/banned.h"

struct fixture {
	struct fixture_core core;
};

static int
setup(void **state)
{
	return fixture_setup(state, sizeof(struct fixture));
}

struct count_ctx {
	unsigned char seen[5000];
	size_t fail_at;                  /* SIZE_MAX: never */
	unsigned max_worker;
};

static bool
count_item(void *ctx, unsigned worker, size_t i)
{
	struct count_ctx *c = ctx;
	c->seen[i]++;                    /* each item is one worker's */
	/* max_worker is shared: read atomically too, or ThreadSanitizer
	 * sees a race with another worker's store */
	if (worker > __atomic_load_n(&c->max_worker, __ATOMIC_RELAXED))
		__atomic_store_n(&c->max_worker, worker, __ATOMIC_RELAXED);
	return i != c->fail_at;
}

/* Every item runs exactly once whatever the number of jobs; a failing
 * item stops the others, and every item before it has run. */
static void
test_workers_run_every_item_once(void **state)
{
	(void)state;
	static const unsigned jobs[] = { 1, 2, 3, 8 };
	for (size_t k = 0; k < sizeof(jobs) / sizeof(jobs[0]); k++) {
		struct count_ctx c = { .fail_at = SIZE_MAX };
		unsigned ran = workers_run(5000, jobs[k], 7, count_item, &c);
		assert_true(ran >= 1 && ran <= jobs[k]);
		assert_true(c.max_worker < ran);
		for (size_t i = 0; i < 5000; i++)
			assert_int_equal(c.seen[i], 1);

		memset(&c, 0, sizeof(c));
		c.fail_at = 1234;
		workers_run(5000, jobs[k], 7, count_item, &c);
		for (size_t i = 0; i <= 1234; i++)
			assert_int_equal(c.seen[i], 1);
	}
	struct count_ctx none = { .fail_at = SIZE_MAX };
	assert_int_equal(workers_run(0, 8, 16, count_item, &none), 1);
	assert_true(workers_cores() >= 1 && workers_cores() <= WORKERS_MAX);
}

/* What each worker saw: its items in the order it took them.  A worker
 * writes only its own row. */
enum { ITEMS = 3000 };

struct trace_ctx {
	pthread_t caller;
	size_t fail_at;                  /* SIZE_MAX: never */
	struct {
		size_t n;
		size_t items[ITEMS];
		bool off_caller;         /* ran on another thread than the caller */
	} w[WORKERS_MAX];
};

static bool
trace_item(void *ctx, unsigned worker, size_t i)
{
	struct trace_ctx *c = ctx;
	/* no cmocka assertion here: a failure would jump across threads;
	 * a worker out of range or an item too many shows in the counts */
	if (worker >= WORKERS_MAX || c->w[worker].n >= ITEMS)
		return false;
	c->w[worker].items[c->w[worker].n++] = i;
	if (!pthread_equal(pthread_self(), c->caller))
		c->w[worker].off_caller = true;
	return i != c->fail_at;
}

static struct trace_ctx *
trace_new(size_t fail_at)
{
	struct trace_ctx *c = test_calloc(1, sizeof(*c));
	c->caller = pthread_self();
	c->fail_at = fail_at;
	return c;
}

/* One job: no thread is started, the caller is worker 0 and runs every
 * item in order; on a failure, nothing after the failing item runs. */
static void
test_workers_one_job_runs_in_order_on_the_caller(void **state)
{
	(void)state;
	struct trace_ctx *c = trace_new(SIZE_MAX);
	assert_int_equal(workers_run(1000, 1, 7, trace_item, c), 1);
	assert_false(c->w[0].off_caller);
	assert_int_equal(c->w[0].n, 1000);
	for (size_t i = 0; i < 1000; i++)
		assert_int_equal(c->w[0].items[i], i);
	test_free(c);

	c = trace_new(500);
	assert_int_equal(workers_run(1000, 1, 7, trace_item, c), 1);
	assert_int_equal(c->w[0].n, 501);
	assert_int_equal(c->w[0].items[500], 500);
	test_free(c);

	/* jobs 0 is one job */
	c = trace_new(SIZE_MAX);
	assert_int_equal(workers_run(10, 0, 1, trace_item, c), 1);
	assert_int_equal(c->w[0].n, 10);
	assert_false(c->w[0].off_caller);
	test_free(c);
}

/* Several jobs: worker 0 is the calling thread and the others are not;
 * each worker's items ascend; together they are every item once. */
static void
test_workers_each_takes_ascending_items(void **state)
{
	(void)state;
	static const size_t chunks[] = { 1, 3, 64 };
	for (size_t k = 0; k < sizeof(chunks) / sizeof(chunks[0]); k++) {
		struct trace_ctx *c = trace_new(SIZE_MAX);
		unsigned ran = workers_run(ITEMS, 4, chunks[k], trace_item, c);
		assert_true(ran >= 1 && ran <= 4);
		assert_false(c->w[0].off_caller);
		unsigned char seen[ITEMS] = { 0 };
		size_t total = 0;
		for (unsigned w = 0; w < WORKERS_MAX; w++) {
			if (w >= ran)
				assert_int_equal(c->w[w].n, 0);
			else if (w > 0 && c->w[w].n)
				assert_true(c->w[w].off_caller);
			for (size_t j = 0; j < c->w[w].n; j++) {
				size_t i = c->w[w].items[j];
				assert_true(i < ITEMS);
				if (j)
					assert_true(i > c->w[w].items[j - 1]);
				seen[i]++;
			}
			total += c->w[w].n;
		}
		assert_int_equal(total, ITEMS);
		for (size_t i = 0; i < ITEMS; i++)
			assert_int_equal(seen[i], 1);
		test_free(c);
	}
}

/* No idle threads: never more workers than chunks to take (plus the
 * caller), nor than WORKERS_MAX, whatever the jobs asked; a chunk of 0
 * is a chunk of 1. */
static void
test_workers_bounded_by_chunks_and_max(void **state)
{
	(void)state;
	struct trace_ctx *c = trace_new(SIZE_MAX);
	assert_true(workers_run(5, 8, 2, trace_item, c) <= 3);
	size_t total = 0;
	for (unsigned w = 0; w < WORKERS_MAX; w++)
		total += c->w[w].n;
	assert_int_equal(total, 5);
	test_free(c);

	c = trace_new(SIZE_MAX);
	assert_int_equal(workers_run(1, 8, 100, trace_item, c), 1);
	assert_int_equal(c->w[0].n, 1);
	test_free(c);

	c = trace_new(SIZE_MAX);
	unsigned ran = workers_run(ITEMS, 1000, 1, trace_item, c);
	assert_true(ran >= 1 && ran <= WORKERS_MAX);
	total = 0;
	for (unsigned w = 0; w < WORKERS_MAX; w++)
		total += c->w[w].n;
	assert_int_equal(total, ITEMS);
	test_free(c);

	c = trace_new(SIZE_MAX);
	ran = workers_run(100, 4, 0, trace_item, c);
	assert_true(ran >= 1 && ran <= 4);
	total = 0;
	for (unsigned w = 0; w < ran; w++)
		total += c->w[w].n;
	assert_int_equal(total, 100);
	test_free(c);
}

struct job_ctx {
	pthread_t ran_on;
	int calls;
	volatile int go;                 /* set once the job may finish */
};

static void
job_fn(void *arg)
{
	struct job_ctx *j = arg;
	while (!__atomic_load_n(&j->go, __ATOMIC_ACQUIRE))
		;
	j->ran_on = pthread_self();
	j->calls++;
}

/* A job runs beside the caller, on another thread, which goes on while
 * it runs; workers_end() returns once it is done, and only then is what
 * it wrote the caller's to read; ending twice waits for nothing. */
static void
test_workers_job_runs_beside_the_caller(void **state)
{
	(void)state;
	struct job_ctx j = { 0 };
	struct workers_job job;
	workers_begin(&job, job_fn, &j);
	assert_true(job.started);
	/* the job waits for go: had it run on this thread, begin would
	 * never have returned */
	__atomic_store_n(&j.go, 1, __ATOMIC_RELEASE);
	workers_end(&job);
	assert_int_equal(j.calls, 1);
	assert_false(pthread_equal(j.ran_on, pthread_self()));
	workers_end(&job);
	assert_int_equal(j.calls, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, fixture_teardown)
		T(test_workers_run_every_item_once),
		T(test_workers_one_job_runs_in_order_on_the_caller),
		T(test_workers_each_takes_ascending_items),
		T(test_workers_bounded_by_chunks_and_max),
		T(test_workers_job_runs_beside_the_caller),
#undef T
	};
	return cmocka_run_group_tests_name("workers", tests, NULL, NULL);
}
