/*
 * The command line: one table drives both the parser and --help, so the
 * two cannot drift apart.
 */
#ifndef OPTIONS_H
#define OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "decode.h"
#include "jsonl.h"

/* The most threads -j gives. */
#define JOBS_MAX 256

struct options {
	const char **rule_files;	/* -r, in order */
	size_t nrule_files;
	size_t rule_cap;
	bool no_default_rules;
	bool rules_only;
	const char *model;		/* --model; NULL: the built-in one */
	bool null_data;
	const char *jsonl;		/* --jsonl: the field; NULL: not JSONL */
	bool jsonl_stats;
	enum bad_record on_bad_record;
	unsigned jobs;			/* -j; 0: one per online CPU */
	const char *output_dir;		/* -o */
	bool in_place;			/* -i */
	const char *backup_suffix;	/* -iSUFFIX; NULL: no backup */
	const char *charset;		/* -f; NULL: auto */
	const char *fallback;		/* NULL: the default */
	enum invalid_policy invalid;
	bool normalize;
	bool no_jit;
	bool explain;
	bool stats;
	bool check;
	bool list_rules;
	bool help;
	bool version;
	char **files;			/* operands; none means stdin */
	int nfiles;
};

/*
 * Fill opts from argv.  On a usage error print a message and the synopsis
 * to stderr and return -1.
 */
int options_parse(struct options *, int argc, char **argv);
void options_free(struct options *);

void options_help(FILE *);
void options_usage(FILE *);

#endif
