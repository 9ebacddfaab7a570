/*
 * The built-in rules' patterns compiled at build time by tools/gen_codes,
 * in PCRE2's serialised form: a run decodes them, which costs a copy,
 * instead of compiling the ones it needs, which costs far more.
 */
#ifndef CODES_H
#define CODES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct code_key {
	const char *pattern;
	uint32_t opts;		/* the PCRE2 compile options */
};

/* The keys' order, for qsort and bsearch: by pattern, then opts. */
static inline int
code_key_cmp(const void *a, const void *b)
{
	const struct code_key *x = a, *y = b;
	int c = strcmp(x->pattern, y->pattern);

	if (c != 0)
		return c;
	return (x->opts > y->opts) - (x->opts < y->opts);
}

/* Sorted by code_key_cmp; code i of the serialised block is key i's. */
extern const struct code_key default_code_keys[];
extern const size_t default_code_count;
extern const unsigned char default_codes[];
extern const size_t default_codes_size;

#endif
