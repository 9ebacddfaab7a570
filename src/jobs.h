/*
 * Ordered work on threads.  Items are added in order; the work of each is
 * done on one of a few worker threads, each with a lane of its own (what
 * the work needs, shared with no other thread), and then every item is
 * finished, by one thread and in the order the items were added, so that
 * what they give comes out as if they had been done one after another.
 * At most a fixed number of items, and of bytes, are in flight: adding
 * one waits for the oldest to be finished.
 *
 * Threads are started only when there is a second item with work to do:
 * until then, and for good with one job, items are done in the caller's
 * thread, with its lane.
 */
#ifndef JOBS_H
#define JOBS_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

struct jobs;

/* The head of an item: the caller's struct begins with it. */
struct job {
	bool work;		/* set by the caller: there is work to do */
	size_t bytes;		/* set by the caller: what it holds */
	struct job *next;	/* the rest is the module's */
	int state;
};

struct jobs_config {
	unsigned threads;	/* workers; 1: all in the caller's thread */
	size_t max_items;	/* in flight, at least 2 */
	size_t max_bytes;	/* in flight, unless it is the only one */
	/* do the work of an item in a lane */
	void (*work)(void *arg, void *lane, struct job *);
	/* finish an item, in order; it may free it */
	void (*done)(void *arg, struct job *);
	/* a worker's lane, made in the caller's thread when threads start,
	 * and freed after they stop */
	void *(*lane_new)(void *arg);
	void (*lane_free)(void *arg, void *lane);
	void *arg;
	void *lane;		/* the caller's lane */
	/* signals the caller's thread holds back while threads run, so
	 * that they reach the thread that finishes items; or NULL */
	const sigset_t *hold;
};

struct jobs *jobs_new(const struct jobs_config *);

/*
 * Wait until every item is finished, stop the threads and free them, the
 * lanes and the jobs.
 */
void jobs_free(struct jobs *);

/*
 * Add an item.  Its work is done (and it is finished) before this returns
 * when jobs_inline says so; otherwise it may be done at any time until
 * jobs_wait or jobs_free, in another thread, and must hold what it needs.
 */
void jobs_add(struct jobs *, struct job *);
bool jobs_inline(const struct jobs *);

/* Start the threads now (of more than one job), if not started. */
void jobs_start(struct jobs *);
bool jobs_started(const struct jobs *);

/* Wait until every item added is finished. */
void jobs_wait(struct jobs *);

#endif
