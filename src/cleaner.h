/*
 * The cleaner: a document's lines go in, the rules pass annotates them in
 * a line table, and the writer applies the verdicts.  Documents may be fed
 * in chunks of whole lines; cut and block state carries over between them.
 */
#ifndef CLEANER_H
#define CLEANER_H

#include <stddef.h>

#include "match.h"

struct cleaner;
struct ruleset;
struct stats;
struct writer;

/* sep: written after each document, or -1. */
struct cleaner *cleaner_new(const struct ruleset *, struct writer *, int sep,
    match_warn_fn *, void *warn_arg);
void cleaner_free(struct cleaner *);

/* Clean whole lines of the current document. */
void cleaner_feed(struct cleaner *, const char *text, size_t len);

/* The current document is over: reset the state and end its output. */
void cleaner_end(struct cleaner *);

const struct stats *cleaner_stats(const struct cleaner *);

#endif
