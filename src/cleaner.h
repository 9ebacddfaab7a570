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

#include "decode.h"
#include "match.h"

struct cleaner;
struct model;
struct ruleset;
struct stats;
struct writer;

struct cleaner_config {
	int sep;		/* written after each document, or -1 */
	bool detect;		/* run the content detector */
	const struct model *model;	/* NULL: the built-in one */
	const char *charset;	/* of the input: "auto" (or NULL) or a name */
	const char *fallback;	/* for bytes it cannot read (NULL: default) */
	enum invalid_policy invalid;
	bool normalize;		/* write the normalised text (see norm.h) */
	bool no_jit;		/* never JIT-compile the rules */
	match_warn_fn *warn;	/* told of rules that fail to match */
	void *warn_arg;
};

/*
 * Returns NULL with a message in err when a "set" line of the rules names
 * an unknown setting or gives a bad value ("file:line:col: message"), with
 * or without the detector, or when iconv does not know a charset.
 */
struct cleaner *cleaner_new(const struct ruleset *, struct writer *,
    const struct cleaner_config *, char *err, size_t errsz);
void cleaner_free(struct cleaner *);

/*
 * Check the "set" lines of the rules as cleaner_new does (for --check):
 * -1 with the same message in err at the first bad one.
 */
int cleaner_check_settings(const struct ruleset *, char *err, size_t errsz);

/*
 * Clean whole lines of the current document; last says they end it (the
 * state is reset and its output ended).  Returns -1 when a byte is not
 * valid in the input charset and the policy is to fail: the document is
 * abandoned, and cleaner_invalid_at tells where the byte was.
 */
int cleaner_feed(struct cleaner *, const char *text, size_t len, bool last);

/* Rules already reported to the warn function are reported again when
 * they next fail to match (see matcher_warn_again). */
void cleaner_warn_again(struct cleaner *);

/* Offset from the start of its document of the byte that failed. */
size_t cleaner_invalid_at(const struct cleaner *);

/* Whether the input charset leaves ASCII (and NUL) bytes as they are. */
bool cleaner_ascii_compatible(const struct cleaner *);

/*
 * With NUL-separated documents and the charset sniffed: whether s[0, n),
 * the start of an input, is UTF-16 or UTF-32 (see decoder_wide_stream),
 * which cannot be split into documents at its NUL bytes.
 */
bool cleaner_wide_stream(const struct cleaner *, const char *s, size_t n);

/* The charset the current (or last) document was read in. */
const char *cleaner_charset(const struct cleaner *);

/* Bytes no charset could read, written as U+FFFD so far. */
size_t cleaner_replaced(const struct cleaner *);

const struct stats *cleaner_stats(const struct cleaner *);

/* The name of category i of the stats: a rule category, or "content". */
const char *stats_category_name(const struct ruleset *, const struct stats *,
    size_t i);

/* The lines of the last piece cleaned, with their verdicts. */
const struct linetab *cleaner_table(const struct cleaner *);

#endif
