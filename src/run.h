/*
 * A run of the program: the inputs named (or standard input) read in
 * order, cut into batches of whole records, cleaned, and written to
 * standard output or, with -o and -i, each to a file of its own.  With
 * more than one job the batches are cleaned on threads (jobs.h), a
 * cleaner each, and their output, messages and counts are put out in
 * input order: the same bytes, the same lines on standard error and the
 * same exit status as with one.
 */
#ifndef RUN_H
#define RUN_H

#include <sys/types.h>

#include "cleaner.h"

struct options;
struct run;
struct ruleset;
struct stats;

struct run_config {
	const struct options *o;
	const struct ruleset *set;
	struct cleaner_config cf;	/* its warn function is the run's */
	unsigned jobs;			/* threads; 0: one per online CPU */
	mode_t umask;			/* for the files -o makes */
};

/* NULL with a message in err when no cleaner can be made of cf. */
struct run *run_new(const struct run_config *, char *err, size_t errsz);
void run_free(struct run *);

/*
 * Clean every input and flush standard output; returns the exit status
 * the run earns (see main.c), the --stats report aside.
 */
int run_inputs(struct run *);

/* The counts of the lines cleaned, for --stats. */
const struct stats *run_stats(const struct run *);

#endif
