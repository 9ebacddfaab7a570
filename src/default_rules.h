/*
 * The rule files and stoplists of rules/, carried in the binary.
 * default_rules.c and default_stopwords.c are generated from them at build
 * time by tools/embed.sh.
 */
#ifndef DEFAULT_RULES_H
#define DEFAULT_RULES_H

struct embedded_file {
	const char *name;
	const char *text;
};

/* Each ends with an entry whose name is NULL. */
extern const struct embedded_file default_rules[];
extern const struct embedded_file default_stopwords[];	/* "en.txt", ... */

#endif
