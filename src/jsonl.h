/*
 * JSON Lines: one object per line, a string field of it cleaned, the record
 * written back with the field's value written anew and every other byte of
 * it as it was.  jansson checks a record; the field's value is found, and
 * unescaped, by a scanner of the record's own bytes.
 */
#ifndef JSONL_H
#define JSONL_H

#include <stdbool.h>
#include <stddef.h>

#include "decode.h"

struct cleaner;
struct jsonl;
struct ruleset;
struct writer;

/* What happens to a record that is not an object with the field. */
enum bad_record {
	BAD_FAIL,	/* reported, not written, and the run fails */
	BAD_SKIP,	/* reported, not written */
	BAD_PASS,	/* reported, written as it was */
};

struct jsonl_config {
	const char *field;	/* the field to clean */
	bool stats;		/* add a "newsclean" object of counts */
	/* how a record's bytes are decoded before they are parsed */
	const char *charset;
	const char *fallback;
	enum invalid_policy invalid;
};

/*
 * The cleaner must write to mem, a writer to memory; records go to out.
 * Returns NULL with a message in err when a charset is unknown.
 */
struct jsonl *jsonl_new(const struct jsonl_config *, const struct ruleset *,
    struct cleaner *, struct writer *mem, struct writer *out, char *err,
    size_t errsz);
void jsonl_free(struct jsonl *);

/*
 * Clean one record (a line, without its line end) and write it.  Returns 0,
 * 1 for a blank line (nothing written), or -1 for a bad record (nothing
 * written) with the reason in err.
 */
int jsonl_record(struct jsonl *, const char *line, size_t len, char *err,
    size_t errsz);

#endif
