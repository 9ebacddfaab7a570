#include <err.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "jobs.h"
#include "util.h"

enum state {
	QUEUED,		/* its work is to be done */
	WORKING,	/* by a worker */
	READY,		/* to be finished */
};

struct worker {
	struct jobs *jobs;
	void *lane;
	pthread_t thread;
};

struct jobs {
	struct jobs_config cf;
	bool started;
	/*
	 * The items in flight, oldest first: from head to tail, those being
	 * worked on, waiting and ready; next is the oldest still QUEUED.
	 */
	struct job *head, *tail, *next;
	size_t items, bytes;
	bool held_work;		/* not started: an item with work is held */
	bool stopping;
	pthread_mutex_t lock;
	pthread_cond_t queued;	/* for the workers: next is set */
	pthread_cond_t ready;	/* for the finisher: head is READY */
	pthread_cond_t room;	/* for jobs_add and jobs_wait: one is gone */
	struct worker *workers;
	unsigned nworkers;
	pthread_t finisher;
	sigset_t held;		/* the caller's mask before cf.hold */
};

struct jobs *
jobs_new(const struct jobs_config *cf)
{
	struct jobs *j = xcalloc(1, sizeof(*j));

	j->cf = *cf;
	if (j->cf.threads == 0)
		j->cf.threads = 1;
	if (j->cf.max_items < 2)
		j->cf.max_items = 2;
	if (pthread_mutex_init(&j->lock, NULL) != 0 ||
	    pthread_cond_init(&j->queued, NULL) != 0 ||
	    pthread_cond_init(&j->ready, NULL) != 0 ||
	    pthread_cond_init(&j->room, NULL) != 0)
		errx(2, "cannot make a lock");
	return j;
}

bool
jobs_inline(const struct jobs *j)
{
	return j->cf.threads == 1;
}

bool
jobs_started(const struct jobs *j)
{
	return j->started;
}

static void
lock(struct jobs *j)
{
	pthread_mutex_lock(&j->lock);
}

static void
unlock(struct jobs *j)
{
	pthread_mutex_unlock(&j->lock);
}

/* The oldest QUEUED item from job on, or NULL. */
static struct job *
first_queued(struct job *job)
{
	while (job != NULL && job->state != QUEUED)
		job = job->next;
	return job;
}

static void *
work_loop(void *arg)
{
	struct worker *w = arg;
	struct jobs *j = w->jobs;

	lock(j);
	for (;;) {
		struct job *job;

		while (j->next == NULL && !j->stopping)
			pthread_cond_wait(&j->queued, &j->lock);
		if (j->next == NULL)
			break;
		job = j->next;
		job->state = WORKING;
		j->next = first_queued(job->next);
		unlock(j);
		j->cf.work(j->cf.arg, w->lane, job);
		lock(j);
		job->state = READY;
		if (job == j->head)
			pthread_cond_signal(&j->ready);
	}
	unlock(j);
	return NULL;
}

static void *
finish_loop(void *arg)
{
	struct jobs *j = arg;

	lock(j);
	for (;;) {
		struct job *job;
		size_t bytes;

		while ((j->head == NULL || j->head->state != READY) &&
		    !(j->stopping && j->head == NULL))
			pthread_cond_wait(&j->ready, &j->lock);
		if (j->head == NULL)
			break;
		job = j->head;
		if ((j->head = job->next) == NULL)
			j->tail = NULL;
		bytes = job->bytes;
		unlock(j);
		j->cf.done(j->cf.arg, job);	/* it may be gone after */
		lock(j);
		j->items--;
		j->bytes -= bytes;
		pthread_cond_broadcast(&j->room);
	}
	unlock(j);
	return NULL;
}

/* Not started: do the work of the items held, and finish them, in order. */
static void
drain(struct jobs *j)
{
	while (j->head != NULL) {
		struct job *job = j->head;

		if ((j->head = job->next) == NULL)
			j->tail = NULL;
		if (job->state == QUEUED)
			j->cf.work(j->cf.arg, j->cf.lane, job);
		j->items--;
		j->bytes -= job->bytes;
		j->cf.done(j->cf.arg, job);
	}
	j->next = NULL;
	j->held_work = false;
}

void
jobs_start(struct jobs *j)
{
	sigset_t all, old;
	unsigned i;

	if (j->started || j->cf.threads == 1)
		return;
	j->workers = xcalloc(j->cf.threads, sizeof(*j->workers));
	for (i = 0; i < j->cf.threads; i++) {
		j->workers[i].jobs = j;
		j->workers[i].lane = j->cf.lane_new(j->cf.arg);
	}
	/* workers take no signal: they reach the caller or the finisher */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (i = 0; i < j->cf.threads; i++) {
		if (pthread_create(&j->workers[i].thread, NULL, work_loop,
		    &j->workers[i]) != 0)
			break;
	}
	j->nworkers = i;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (j->nworkers == 0 ||
	    pthread_create(&j->finisher, NULL, finish_loop, j) != 0) {
		if (j->nworkers > 0)
			errx(2, "cannot start a thread");
		/* no thread at all: go on in this one */
		for (i = 0; i < j->cf.threads; i++)
			j->cf.lane_free(j->cf.arg, j->workers[i].lane);
		free(j->workers);
		j->workers = NULL;
		j->cf.threads = 1;
		drain(j);
		return;
	}
	if (j->cf.hold != NULL)
		pthread_sigmask(SIG_BLOCK, j->cf.hold, &j->held);
	lock(j);
	j->started = true;
	j->next = first_queued(j->head);
	if (j->next != NULL)
		pthread_cond_broadcast(&j->queued);
	if (j->head != NULL && j->head->state == READY)
		pthread_cond_signal(&j->ready);
	unlock(j);
}

/* Append job to the items in flight (locked when started). */
static void
append(struct jobs *j, struct job *job)
{
	job->next = NULL;
	job->state = job->work ? QUEUED : READY;
	if (j->tail != NULL)
		j->tail->next = job;
	else
		j->head = job;
	j->tail = job;
	j->items++;
	j->bytes += job->bytes;
}

void
jobs_add(struct jobs *j, struct job *job)
{
	if (j->cf.threads == 1) {
		if (job->work)
			j->cf.work(j->cf.arg, j->cf.lane, job);
		j->cf.done(j->cf.arg, job);
		return;
	}
	if (!j->started) {
		/* nothing held: nothing to wait for */
		if (!job->work && j->head == NULL) {
			j->cf.done(j->cf.arg, job);
			return;
		}
		if (!job->work || !j->held_work) {
			j->held_work = j->held_work || job->work;
			append(j, job);
			if (j->items >= j->cf.max_items)
				jobs_start(j);
			return;
		}
		/* a second piece of work */
		jobs_start(j);
		if (!j->started) {
			jobs_add(j, job);	/* inline after all */
			return;
		}
	}
	lock(j);
	while (j->items >= j->cf.max_items ||
	    (j->items > 0 && j->bytes + job->bytes > j->cf.max_bytes))
		pthread_cond_wait(&j->room, &j->lock);
	append(j, job);
	if (job->state == QUEUED) {
		if (j->next == NULL)
			j->next = job;
		pthread_cond_signal(&j->queued);
	}
	if (job == j->head && job->state == READY)
		pthread_cond_signal(&j->ready);
	unlock(j);
}

void
jobs_wait(struct jobs *j)
{
	if (!j->started) {
		drain(j);
		return;
	}
	lock(j);
	while (j->items > 0)
		pthread_cond_wait(&j->room, &j->lock);
	unlock(j);
}

void
jobs_free(struct jobs *j)
{
	unsigned i;

	if (j == NULL)
		return;
	jobs_wait(j);
	if (j->started) {
		lock(j);
		j->stopping = true;
		pthread_cond_broadcast(&j->queued);
		pthread_cond_broadcast(&j->ready);
		unlock(j);
		for (i = 0; i < j->nworkers; i++)
			pthread_join(j->workers[i].thread, NULL);
		pthread_join(j->finisher, NULL);
		for (i = 0; i < j->cf.threads; i++)
			j->cf.lane_free(j->cf.arg, j->workers[i].lane);
		free(j->workers);
		if (j->cf.hold != NULL)
			pthread_sigmask(SIG_SETMASK, &j->held, NULL);
	}
	pthread_cond_destroy(&j->room);
	pthread_cond_destroy(&j->ready);
	pthread_cond_destroy(&j->queued);
	pthread_mutex_destroy(&j->lock);
	free(j);
}
