#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "util.h"

enum opt_id {
	OPT_RULES,
	OPT_NO_DEFAULT_RULES,
	OPT_RULES_ONLY,
	OPT_MODEL,
	OPT_NULL_DATA,
	OPT_JSONL,
	OPT_JSONL_STATS,
	OPT_ON_BAD_RECORD,
	OPT_JOBS,
	OPT_OUTPUT_DIR,
	OPT_IN_PLACE,
	OPT_FROM_CHARSET,
	OPT_FALLBACK_CHARSET,
	OPT_INVALID,
	OPT_NORMALIZE,
	OPT_NO_JIT,
	OPT_EXPLAIN,
	OPT_STATS,
	OPT_CHECK,
	OPT_LIST_RULES,
	OPT_HELP,
	OPT_VERSION,
};

struct option_spec {
	enum opt_id id;
	char shortname;		/* 0: long only */
	const char *longname;
	const char *arg;	/* name of its argument, NULL: none; */
				/* "[=NAME]": an optional one */
	const char *help;
};

static const struct option_spec specs[] = {
	{ OPT_RULES, 'r', "rules", "FILE",
	    "add the rules in FILE (repeatable)" },
	{ OPT_NO_DEFAULT_RULES, 0, "no-default-rules", NULL,
	    "use only the rules given with -r" },
	{ OPT_RULES_ONLY, 0, "rules-only", NULL,
	    "no content detection: rules only, streaming in constant memory" },
	{ OPT_MODEL, 0, "model", "FILE",
	    "score lines with the content model in FILE, not the built-in one" },
	{ OPT_NULL_DATA, 'z', "null-data", NULL,
	    "documents are separated by NUL bytes, in and out" },
	{ OPT_JSONL, 0, "jsonl", "[=FIELD]",
	    "JSON Lines in and out: clean FIELD (text) of each object" },
	{ OPT_JSONL_STATS, 0, "jsonl-stats", NULL,
	    "add a \"newsclean\" object of lines kept and dropped" },
	{ OPT_ON_BAD_RECORD, 0, "on-bad-record", "HOW",
	    "a line that is no object with the field: fail, skip or pass" },
	{ OPT_JOBS, 'j', "jobs", "N",
	    "clean on N threads, output in input order (one per CPU)" },
	{ OPT_OUTPUT_DIR, 'o', "output-dir", "DIR",
	    "write each file's clean text to DIR under the file's name" },
	{ OPT_IN_PLACE, 'i', "in-place", "[=SUFFIX]",
	    "replace each file with its clean text (the old one kept as "
	    "file SUFFIX)" },
	{ OPT_FROM_CHARSET, 'f', "from-charset", "NAME",
	    "the input's charset: auto (the default) or any iconv name" },
	{ OPT_FALLBACK_CHARSET, 0, "fallback-charset", "NAME",
	    "read what the input charset cannot in NAME (windows-1252)" },
	{ OPT_INVALID, 0, "invalid", "HOW",
	    "bytes the input charset cannot read: decode, keep or fail" },
	{ OPT_NORMALIZE, 0, "normalize", NULL,
	    "write the text as rules see it: entities decoded, NFC" },
	{ OPT_NO_JIT, 0, "no-jit", NULL,
	    "never JIT-compile the rules (slower; for valgrind)" },
	{ OPT_EXPLAIN, 0, "explain", NULL,
	    "print every line with its verdict and what decided it" },
	{ OPT_STATS, 0, "stats", NULL,
	    "print lines kept and dropped per category on stderr" },
	{ OPT_CHECK, 0, "check", NULL,
	    "check the rules and their settings as a run would, report, and "
	    "exit" },
	{ OPT_LIST_RULES, 0, "list-rules", NULL,
	    "print the rules in force and exit" },
	{ OPT_HELP, 'h', "help", NULL, "print this help and exit" },
	{ OPT_VERSION, 'V', "version", NULL, "print the version and exit" },
};

#define NSPECS (sizeof(specs) / sizeof(specs[0]))

void
options_usage(FILE *fp)
{
	fprintf(fp, "usage: newsclean [-hVz] [-f charset] [-j jobs] "
	    "[-o dir | -i[suffix]]\n"
	    "                 [-r file] [--jsonl[=field]] [--jsonl-stats]\n"
	    "                 [--on-bad-record fail|skip|pass] [--explain] "
	    "[--stats]\n"
	    "                 [--check] [--list-rules] [--no-default-rules] "
	    "[--rules-only]\n"
	    "                 [--normalize] [--no-jit] "
	    "[--fallback-charset charset]\n"
	    "                 [--invalid decode|keep|fail] [--model file] "
	    "[file ...]\n");
}

void
options_help(FILE *fp)
{
	size_t i;

	fprintf(fp, "newsclean: strip boilerplate from scraped article text\n");
	options_usage(fp);
	fprintf(fp, "\n");
	for (i = 0; i < NSPECS; i++) {
		const struct option_spec *s = &specs[i];
		char left[64];

		snprintf(left, sizeof(left), "%s%c%s--%s%s%s",
		    s->shortname ? "-" : "  ", s->shortname ? s->shortname : ' ',
		    s->shortname ? ", " : "  ", s->longname,
		    s->arg != NULL && s->arg[0] != '[' ? " " : "",
		    s->arg ? s->arg : "");
		fprintf(fp, "  %-28s %s\n", left, s->help);
	}
	fprintf(fp, "\nWith no file, or when file is -, read standard input.\n"
	    "Exit status: 0 all input was cleaned; 1 an input was not cleaned "
	    "(the others\n"
	    "still were): it could not be read, was refused by -o or -i, was "
	    "UTF-16 or\n"
	    "UTF-32 given to -z, had a byte its charset cannot read with\n"
	    "--invalid=fail, or a bad record with --on-bad-record=fail; 2 a "
	    "usage error, an\n"
	    "unknown charset, a rule error, a model file that cannot be "
	    "used, or output that\n"
	    "could not be written: standard output, a file of -o or -i, or "
	    "the --stats\n"
	    "report.\n");
}

/* The values of --invalid and --on-bad-record, in the order of their enums. */
static const char *const invalid_names[] = { "decode", "keep", "fail" };
static const char *const bad_record_names[] = { "fail", "skip", "pass" };

/* The index of value among the three names, or -1 after saying so. */
static int
choice(const char *opt, const char *value, const char *const names[3])
{
	int i;

	for (i = 0; i < 3; i++)
		if (strcmp(value, names[i]) == 0)
			return i;
	fprintf(stderr, "newsclean: --%s takes %s, %s or %s, not '%s'\n", opt,
	    names[0], names[1], names[2], value);
	return -1;
}

int
options_parse(struct options *o, int argc, char **argv)
{
	struct option longs[NSPECS + 1];
	char shorts[2 * NSPECS + 2], *sp = shorts;
	size_t i;
	int c, k;
	bool bad_record_given = false;

	memset(o, 0, sizeof(*o));
	*sp++ = ':';		/* report a missing argument as ':' */
	for (i = 0; i < NSPECS; i++) {
		longs[i].name = specs[i].longname;
		longs[i].has_arg = specs[i].arg == NULL ? no_argument :
		    specs[i].arg[0] == '[' ? optional_argument :
		    required_argument;
		longs[i].flag = NULL;
		longs[i].val = 256 + (int)specs[i].id;
		if (specs[i].shortname) {
			*sp++ = specs[i].shortname;
			if (specs[i].arg)
				*sp++ = ':';
			if (specs[i].arg && specs[i].arg[0] == '[')
				*sp++ = ':';
		}
	}
	*sp = '\0';
	memset(&longs[NSPECS], 0, sizeof(longs[NSPECS]));

	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		enum opt_id id = OPT_HELP;

		if (c == '?' || c == ':') {
			const char *what = argv[optind - 1];

			if (c == ':')
				fprintf(stderr, "newsclean: option %s needs an "
				    "argument\n", what);
			else if (optopt != 0)
				fprintf(stderr, "newsclean: unknown option "
				    "-%c\n", optopt);
			else
				fprintf(stderr, "newsclean: unknown option "
				    "%s\n", what);
			goto misuse;
		}
		if (c >= 256)
			id = (enum opt_id)(c - 256);
		else
			for (i = 0; i < NSPECS; i++)
				if (specs[i].shortname == c)
					id = specs[i].id;
		switch (id) {
		case OPT_RULES:
			grow(&o->rule_files, &o->rule_cap,
			    o->nrule_files + 1, sizeof(*o->rule_files));
			o->rule_files[o->nrule_files++] = optarg;
			break;
		case OPT_NO_DEFAULT_RULES:
			o->no_default_rules = true;
			break;
		case OPT_RULES_ONLY:
			o->rules_only = true;
			break;
		case OPT_NULL_DATA:
			o->null_data = true;
			break;
		case OPT_JSONL:
			o->jsonl = optarg != NULL ? optarg : "text";
			break;
		case OPT_JSONL_STATS:
			o->jsonl_stats = true;
			break;
		case OPT_ON_BAD_RECORD:
			bad_record_given = true;
			if ((k = choice("on-bad-record", optarg,
			    bad_record_names)) < 0)
				goto misuse;
			o->on_bad_record = (enum bad_record)k;
			break;
		case OPT_JOBS:
			if ((o->jobs = (unsigned)parse_count(optarg,
			    JOBS_MAX)) == 0) {
				fprintf(stderr, "newsclean: -j takes a number "
				    "of jobs from 1 to %d, not '%s'\n",
				    JOBS_MAX, optarg);
				goto misuse;
			}
			break;
		case OPT_OUTPUT_DIR:
			if (*optarg == '\0') {
				fprintf(stderr, "newsclean: -o needs a "
				    "directory, not ''\n");
				goto misuse;
			}
			o->output_dir = optarg;
			break;
		case OPT_IN_PLACE:
			/* as with GNU sed, an empty suffix keeps no copy */
			if (optarg != NULL && strchr(optarg, '/') != NULL) {
				fprintf(stderr, "newsclean: -i: a backup "
				    "suffix cannot hold '/': '%s'\n", optarg);
				goto misuse;
			}
			o->in_place = true;
			o->backup_suffix = optarg != NULL && *optarg != '\0' ?
			    optarg : NULL;
			break;
		case OPT_FROM_CHARSET:
			o->charset = optarg;
			break;
		case OPT_MODEL:
			o->model = optarg;
			break;
		case OPT_FALLBACK_CHARSET:
			o->fallback = optarg;
			break;
		case OPT_INVALID:
			if ((k = choice("invalid", optarg, invalid_names)) < 0)
				goto misuse;
			o->invalid = (enum invalid_policy)k;
			break;
		case OPT_NORMALIZE:
			o->normalize = true;
			break;
		case OPT_NO_JIT:
			o->no_jit = true;
			break;
		case OPT_EXPLAIN:
			o->explain = true;
			break;
		case OPT_STATS:
			o->stats = true;
			break;
		case OPT_CHECK:
			o->check = true;
			break;
		case OPT_LIST_RULES:
			o->list_rules = true;
			break;
		case OPT_HELP:
			o->help = true;
			break;
		case OPT_VERSION:
			o->version = true;
			break;
		}
	}
	o->files = argv + optind;
	o->nfiles = argc - optind;
	if (o->jsonl == NULL ? o->jsonl_stats || bad_record_given :
	    o->null_data) {
		fprintf(stderr, "newsclean: %s\n", o->jsonl == NULL ?
		    "--jsonl-stats and --on-bad-record need --jsonl" :
		    "--jsonl and -z cannot be used together");
		goto misuse;
	}
	if (o->output_dir != NULL || o->in_place) {
		const char *why = NULL;
		int i;

		if (o->output_dir != NULL && o->in_place)
			why = "-o and -i cannot be used together";
		else if (o->explain)
			why = "--explain cannot be used with -o or -i";
		else if (o->nfiles == 0)
			why = "-o and -i need files to read";
		for (i = 0; i < o->nfiles && why == NULL; i++)
			if (strcmp(o->files[i], "-") == 0)
				why = "-o and -i cannot read standard input";
		if (why != NULL) {
			fprintf(stderr, "newsclean: %s\n", why);
			goto misuse;
		}
	}
	return 0;
misuse:
	options_usage(stderr);
	options_free(o);
	return -1;
}

void
options_free(struct options *o)
{
	free(o->rule_files);
	o->rule_files = NULL;
	o->nrule_files = o->rule_cap = 0;
}
