#include "testutil.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "jobs.h"

#define NITEMS 200

struct item {
	struct job job;
	int n;			/* its place in the order added */
	void *lane;		/* where its work was done */
	int worked;		/* how many times */
};

struct fixture {
	struct item items[NITEMS];
	int lanes_made, lanes_freed;
	int caller_lane;	/* its address is the caller's lane */
	int finished[NITEMS];	/* the order items were finished in */
	int nfinished;
	atomic_int added, in_flight_max;
	pthread_t caller;
	bool done_elsewhere;	/* done ran outside the caller's thread */
	size_t max_items;
};

static void
work(void *arg, void *lane, struct job *job)
{
	struct item *it = (struct item *)job;
	struct timespec ts = { 0, (it->n % 7) * 20000L };

	(void)arg;
	nanosleep(&ts, NULL);	/* items finish out of order */
	it->lane = lane;
	it->worked++;
}

static void
done(void *arg, struct job *job)
{
	struct fixture *f = arg;
	struct item *it = (struct item *)job;
	int flight = atomic_load(&f->added) - f->nfinished;

	if (flight > atomic_load(&f->in_flight_max))
		atomic_store(&f->in_flight_max, flight);
	if (!pthread_equal(pthread_self(), f->caller))
		f->done_elsewhere = true;
	f->finished[f->nfinished++] = it->n;
}

static void *
lane_new(void *arg)
{
	struct fixture *f = arg;

	f->lanes_made++;
	return malloc(1);
}

static void
lane_free(void *arg, void *lane)
{
	struct fixture *f = arg;

	f->lanes_freed++;
	free(lane);
}

static struct jobs *
make(struct fixture *f, unsigned threads, size_t max_items, size_t max_bytes)
{
	struct jobs_config cf = { threads, max_items, max_bytes, work, done,
	    lane_new, lane_free, f, &f->caller_lane, NULL };

	f->max_items = max_items;
	return jobs_new(&cf);
}

static void
add(struct fixture *f, struct jobs *j, int n, bool has_work, size_t bytes)
{
	struct item *it = &f->items[n];

	it->n = n;
	it->job.work = has_work;
	it->job.bytes = bytes;
	atomic_fetch_add(&f->added, 1);
	jobs_add(j, &it->job);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	f->caller = pthread_self();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	free(*state);
	return 0;
}

static void
assert_in_order(struct fixture *f, int n)
{
	int i;

	assert_int_equal(f->nfinished, n);
	for (i = 0; i < n; i++)
		assert_int_equal(f->finished[i], i);
}

/* One job: each item is done and finished before jobs_add returns. */
static void
test_inline(void **state)
{
	struct fixture *f = *state;
	struct jobs *j = make(f, 1, 4, 1000);
	int i;

	assert_true(jobs_inline(j));
	for (i = 0; i < 10; i++) {
		add(f, j, i, i % 3 != 0, 10);
		assert_int_equal(f->nfinished, i + 1);
		assert_int_equal(f->items[i].worked, i % 3 != 0);
	}
	jobs_start(j);
	assert_false(jobs_started(j));
	jobs_free(j);
	assert_in_order(f, 10);
	assert_int_equal(f->lanes_made, 0);
	assert_ptr_equal(f->items[1].lane, &f->caller_lane);
	assert_false(f->done_elsewhere);
}

/* Many items on three threads: finished in the order added, each worked
 * on once, in a worker's lane, never more in flight than allowed. */
static void
test_threads_keep_order(void **state)
{
	struct fixture *f = *state;
	struct jobs *j = make(f, 3, 6, 1 << 20);
	int i;

	assert_false(jobs_inline(j));
	for (i = 0; i < NITEMS; i++)
		add(f, j, i, i % 5 != 4, 100);
	assert_true(jobs_started(j));
	jobs_wait(j);
	assert_in_order(f, NITEMS);
	jobs_free(j);
	for (i = 0; i < NITEMS; i++) {
		assert_int_equal(f->items[i].worked, i % 5 != 4);
		if (i > 0 && i % 5 != 4)
			assert_ptr_not_equal(f->items[i].lane,
			    &f->caller_lane);
	}
	assert_int_equal(f->lanes_made, 3);
	assert_int_equal(f->lanes_freed, 3);
	/* one more may be on its way in, waiting for room */
	assert_true(atomic_load(&f->in_flight_max) <= 6 + 1);
	assert_true(f->done_elsewhere);
}

/* No threads for one piece of work: it waits, and is done in the caller's
 * thread and lane when the jobs are waited for; items without work before
 * it are finished at once. */
static void
test_one_piece_of_work_starts_no_thread(void **state)
{
	struct fixture *f = *state;
	struct jobs *j = make(f, 4, 8, 1000);

	add(f, j, 0, false, 0);
	assert_int_equal(f->nfinished, 1);
	add(f, j, 1, true, 500);
	add(f, j, 2, false, 0);
	assert_int_equal(f->nfinished, 1);
	jobs_wait(j);
	assert_false(jobs_started(j));
	assert_in_order(f, 3);
	assert_ptr_equal(f->items[1].lane, &f->caller_lane);
	jobs_free(j);
	assert_int_equal(f->lanes_made, 0);
	assert_false(f->done_elsewhere);
}

/* The second piece of work starts them, and the first goes to them too. */
static void
test_second_piece_of_work_starts_threads(void **state)
{
	struct fixture *f = *state;
	struct jobs *j = make(f, 2, 8, 1000);

	add(f, j, 0, true, 1);
	assert_false(jobs_started(j));
	add(f, j, 1, false, 1);
	add(f, j, 2, true, 1);
	assert_true(jobs_started(j));
	jobs_free(j);
	assert_in_order(f, 3);
	assert_ptr_not_equal(f->items[0].lane, &f->caller_lane);
	assert_int_equal(f->lanes_made, 2);
}

/* An item larger than the bound on bytes still goes, on its own. */
static void
test_bytes_bound(void **state)
{
	struct fixture *f = *state;
	struct jobs *j = make(f, 2, 8, 100);
	int i;

	for (i = 0; i < 20; i++)
		add(f, j, i, true, i == 7 ? 1000 : 60);
	jobs_wait(j);
	assert_in_order(f, 20);
	/* 60 + 60 > 100: one at a time, and one on its way in */
	assert_true(atomic_load(&f->in_flight_max) <= 1 + 1);
	jobs_free(j);
}

/* jobs_wait is a barrier: everything added before it is finished. */
static void
test_wait_is_a_barrier(void **state)
{
	struct fixture *f = *state;
	struct jobs *j = make(f, 2, 4, 1000);
	int i;

	for (i = 0; i < 50; i++) {
		add(f, j, i, true, 1);
		if (i % 10 == 9) {
			jobs_wait(j);
			assert_int_equal(f->nfinished, i + 1);
		}
	}
	jobs_free(j);
	assert_in_order(f, 50);
}

/* Held items that reach the bound start the threads rather than wait for
 * ever. */
static void
test_held_items_reach_the_bound(void **state)
{
	struct fixture *f = *state;
	struct jobs *j = make(f, 2, 4, 1000);
	int i;

	add(f, j, 0, true, 1);
	for (i = 1; i < 30; i++)
		add(f, j, i, false, 1);
	assert_true(jobs_started(j));
	jobs_free(j);
	assert_in_order(f, 30);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_inline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threads_keep_order, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_one_piece_of_work_starts_no_thread, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_second_piece_of_work_starts_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bytes_bound, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_wait_is_a_barrier, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_held_items_reach_the_bound,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
