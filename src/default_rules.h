/*
 * The rule files, stoplists and HTML entity names of rules/, carried in the
 * binary.  default_rules.c and default_stopwords.c are generated from them
 * at build time by tools/embed.sh, default_entities.c by tools/entities.sh.
 */
#ifndef DEFAULT_RULES_H
#define DEFAULT_RULES_H

#include <stddef.h>
#include <stdint.h>

struct embedded_file {
	const char *name;
	const char *text;
};

/* Each ends with an entry whose name is NULL. */
extern const struct embedded_file default_rules[];
extern const struct embedded_file default_stopwords[];	/* "en.txt", ... */

/* A named character reference: &name; stands for one or two code points. */
struct html_entity {
	const char *name;
	int32_t cp[2];		/* cp[1] is 0 when there is one */
};

/* Sorted by name in byte order, for bsearch(3). */
extern const struct html_entity html_entities[];
extern const size_t html_entities_count;

#endif
