/*
 * Running a rule set over lines fast: a line calls up only the rules whose
 * literals (see literal.h) it starts or ends with, whose needle (or, for a
 * rule without one, a piece) it holds, or whose first byte it has; a line
 * too short or too long for a rule, or without one of its pieces, skips
 * it; patterns are compiled and JIT-compiled for the rules actually used;
 * one match context and match data serve every call.
 */
#ifndef MATCH_H
#define MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct matcher;
struct rule;
struct ruleset;
struct linetab;

/*
 * The most backtracking one match of a rule may do on a subject of n bytes
 * (PCRE2's match limit): a pattern that backtracks badly stops after time
 * in proportion to the line's length.  Beside it, the depth limit.
 */
#define MATCH_LIMIT_BASE 2000
#define MATCH_LIMIT_PER_BYTE 50
#define MATCH_DEPTH_LIMIT 10000
uint32_t match_limit(size_t n);

/*
 * Told once per rule when matching it failed for a reason other than no
 * match (match or depth limit, usually a pattern that backtracks badly).
 * The line is taken as not matching it; after a few such lines in one
 * document the rule is skipped for the rest of the document.
 */
typedef void match_warn_fn(void *arg, const struct rule *, const char *why);

/* The message for such a warning, on one line, into buf. */
void match_warning(const struct rule *, const char *why, char *buf,
    size_t size);

/* Without jit, rules are never JIT-compiled (for valgrind, or to debug). */
struct matcher *matcher_new(const struct ruleset *, bool jit, match_warn_fn *,
    void *);
void matcher_free(struct matcher *);

/*
 * Write the matcher's tries as C, with what each is made of
 * (src/default_tries.c, which tools/gen_tries writes for the default
 * rules; see default_tries.h).  -1 on a write error.
 */
int matcher_write_tries(const struct matcher *, FILE *);

/* How many of its four tries it found built at build time, not built. */
unsigned matcher_built_tries(const struct matcher *);

/*
 * Rules that were reported are reported again when they next fail: for a
 * caller that keeps the warnings of each batch of documents apart.
 */
void matcher_warn_again(struct matcher *);

/* The document matched so far has ended: rules skipped in it are run again. */
void matcher_end_doc(struct matcher *);

/* The first keep rule that matches s, or NULL. */
const struct rule *matcher_keep(struct matcher *, const char *s, size_t n);

/* The first drop, cut or block rule that matches s, or NULL; an empty
 * line (a paragraph break) matches none. */
const struct rule *matcher_decide(struct matcher *, const char *s, size_t n);

/* Whether the end pattern of block rule r matches s. */
bool matcher_block_ends(struct matcher *, const struct rule *r, const char *s,
    size_t n);

/*
 * Record in the table the spans of line i that strip rules remove (matched
 * against its view); returns the first strip rule that found one, or NULL.
 */
const struct rule *matcher_strip(struct matcher *, struct linetab *,
    size_t i);

#endif
