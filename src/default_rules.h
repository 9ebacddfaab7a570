/*
 * The rule files of rules/, carried in the binary.  default_rules.c is
 * generated from them at build time by tools/embed.sh.
 */
#ifndef DEFAULT_RULES_H
#define DEFAULT_RULES_H

struct embedded_file {
	const char *name;
	const char *text;
};

/* Ends with an entry whose name is NULL. */
extern const struct embedded_file default_rules[];

#endif
