/*
 * The cleaner: a document's lines go in, the rules pass and the content
 * detector annotate them in a line table, and the writer applies the
 * verdicts.  Without the detector, documents may be fed in chunks of whole
 * lines (cut and block state carries over between them); with it, each
 * document must come whole, in one call.
 */
#ifndef CLEANER_H
#define CLEANER_H

#include <stdbool.h>
#include <stddef.h>

#include "match.h"

struct cleaner;
struct ruleset;
struct stats;
struct writer;

struct cleaner_config {
	int sep;		/* written after each document, or -1 */
	bool detect;		/* run the content detector */
	match_warn_fn *warn;	/* told of rules that fail to match */
	void *warn_arg;
};

/*
 * Returns NULL with "file:line:col: message" in err when a "set" line of
 * the rules names an unknown setting or gives a bad value.
 */
struct cleaner *cleaner_new(const struct ruleset *, struct writer *,
    const struct cleaner_config *, char *err, size_t errsz);
void cleaner_free(struct cleaner *);

/* Clean whole lines of the current document. */
void cleaner_feed(struct cleaner *, const char *text, size_t len);

/* The current document is over: reset the state and end its output. */
void cleaner_end(struct cleaner *);

const struct stats *cleaner_stats(const struct cleaner *);

#endif
