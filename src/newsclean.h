/*
 * libnewsclean: strip boilerplate from scraped article text.
 *
 * A cleaner is built once from the default rules and/or rule files, then
 * cleans one document per call.  Cleaners share nothing but the charset
 * guesser, loaded once when first needed: each thread uses a cleaner of
 * its own.  See newsclean(3).
 */
#ifndef NEWSCLEAN_H
#define NEWSCLEAN_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NEWSCLEAN_VERSION "0.1.0"

typedef struct newsclean newsclean;

/* What a byte the input charset cannot read becomes. */
enum newsclean_invalid {
	NEWSCLEAN_INVALID_DECODE,	/* read in the fallback charset */
	NEWSCLEAN_INVALID_KEEP,		/* kept as it is */
	NEWSCLEAN_INVALID_FAIL,		/* newsclean_clean fails */
};

/* All zero (or NULL) is the default: the built-in rules, the detector. */
struct newsclean_options {
	bool no_default_rules;		/* only the rule files below */
	const char *const *rule_files;	/* read in order, after the defaults */
	size_t nrule_files;
	bool rules_only;		/* no content detector */
	bool normalize;			/* write the normalised text */
	const char *charset;		/* of the input; NULL: "auto" */
	const char *fallback_charset;	/* NULL: guess, else windows-1252 */
	enum newsclean_invalid invalid;
	/* told when a rule fails to match for a reason other than no match
	 * (a pattern that backtracks too much), once per rule; may be NULL */
	void (*warn)(void *arg, const char *message);
	void *warn_arg;
};

/*
 * A new cleaner, or NULL with a one-line message in err (a rule file that
 * cannot be read or has an error, as "file:line:col: message"; an unknown
 * charset).
 */
newsclean *newsclean_new(const struct newsclean_options *, char *err,
    size_t errsz);
void newsclean_free(newsclean *);

/*
 * Clean the document in[0, len).  Returns 0 with the clean text (UTF-8,
 * each line ending in a newline) in *out and *outlen, valid until the next
 * call on this cleaner; or -1 with newsclean_error telling why (only with
 * NEWSCLEAN_INVALID_FAIL).
 */
int newsclean_clean(newsclean *, const char *in, size_t len,
    const char **out, size_t *outlen);

/* Why the last call failed. */
const char *newsclean_error(const newsclean *);

/* The verdict on one line of the last document cleaned. */
struct newsclean_line {
	const char *text;	/* the line as read (decoded), no line end */
	size_t len;
	bool kept;
	const char *why;	/* "share:en.rules:7", "content:menu", or "" */
};

/*
 * The number of lines of the last document, and the verdict on line i of
 * them (valid until the next call).
 */
size_t newsclean_lines(const newsclean *);
int newsclean_line(newsclean *, size_t i, struct newsclean_line *);

#ifdef __cplusplus
}
#endif

#endif
