/*
 * newsclean: strip boilerplate from scraped article text.
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cleaner.h"
#include "linetab.h"
#include "model.h"
#include "options.h"
#include "rules.h"
#include "run.h"

#ifndef VERSION
#define VERSION "unknown"
#endif

/* stdout is the result: a failed write of it is an error, not a detail. */
static int
close_stdout(void)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (errno != EPIPE)
			warn("write error");
		return 2;
	}
	return 0;
}

static void
list_rules(const struct ruleset *set)
{
	size_t i;

	for (i = 0; i < rules_count(set); i++) {
		const struct rule *r = rules_at(set, i);

		printf("%s:%u\t%s\t%s\n", rule_file(r), rule_line(r),
		    rule_category_name(r), rule_source(r));
	}
}

static void
print_stats(const struct ruleset *set, const struct stats *st)
{
	size_t i;

	fprintf(stderr, "lines\t%zu\nkept\t%zu\ndropped\t%zu\n", st->lines,
	    st->kept, st->dropped);
	for (i = 0; i < st->ncat; i++)
		if (st->by_category[i] > 0)
			fprintf(stderr, "dropped:%s\t%zu\n",
			    stats_category_name(set, st, i), st->by_category[i]);
}

/*
 * Exit status: 0 all input was cleaned; 1 an input was not cleaned (the
 * others still were): it could not be read, was refused by -o or -i, was
 * UTF-16 or UTF-32 given to -z, had a byte its charset cannot read with
 * --invalid=fail, or a bad record with --on-bad-record=fail; 2 a usage
 * error, an unknown charset, a rule error, a model file that cannot be
 * used, or output that could not be written: standard output, a file of -o
 * or -i, or the --stats report.
 */
int
main(int argc, char **argv)
{
	struct options o;
	struct ruleset *set;
	struct run_config rc;
	struct run *r;
	struct model *model = NULL;
	char err[1024];
	int status;
	size_t k;
	mode_t umask_bits = umask(0);

	umask(umask_bits);
	if (options_parse(&o, argc, argv) < 0)
		return 2;
	if (o.help) {
		options_help(stdout);
		return close_stdout();
	}
	if (o.version) {
		printf("newsclean %s\n", VERSION);
		return close_stdout();
	}

	set = rules_new();
	if (!o.no_default_rules && rules_load_default(set) < 0)
		errx(2, "%s", rules_error(set));
	for (k = 0; k < o.nrule_files; k++)
		if (rules_load_file(set, o.rule_files[k]) < 0)
			errx(2, "%s", rules_error(set));
	if (o.check || o.list_rules) {
		/* what a run would refuse, --check refuses too */
		if (o.check && cleaner_check_settings(set, err,
		    sizeof(err)) < 0)
			errx(2, "%s", err);
		if (o.list_rules)
			list_rules(set);
		else
			printf("%zu rules: ok\n", rules_count(set));
		rules_free(set);
		options_free(&o);
		return close_stdout();
	}

	memset(&rc, 0, sizeof(rc));
	rc.o = &o;
	rc.set = set;
	rc.cf.sep = o.null_data ? '\0' : -1;
	rc.cf.detect = !o.rules_only;
	/* read once: every thread's cleaner uses the same */
	if (o.model != NULL && (model = model_load(o.model, err,
	    sizeof(err))) == NULL)
		errx(2, "%s", err);
	rc.cf.model = model;
	rc.cf.charset = o.charset;
	rc.cf.fallback = o.fallback;
	rc.cf.invalid = o.invalid;
	rc.cf.normalize = o.normalize;
	rc.cf.no_jit = o.no_jit;
	rc.jobs = o.jobs;
	rc.umask = umask_bits;
	if ((r = run_new(&rc, err, sizeof(err))) == NULL)
		errx(2, "%s", err);
	status = run_inputs(r);
	/* the stats are output too: lost, they are a write error */
	if (o.stats) {
		print_stats(set, run_stats(r));
		if (fflush(stderr) == EOF || ferror(stderr))
			status = 2;
	}
	run_free(r);
	model_free(model);
	rules_free(set);
	options_free(&o);
	return status;
}
