/*
 * Writes src/default_tries.c: the tries of line starts and ends that the
 * matcher makes of the default rules' literals, built once at build time,
 * so that a run finds them made instead of building them at every start.
 */
#include <err.h>
#include <stdio.h>

#include "match.h"
#include "rules.h"

int
main(void)
{
	struct ruleset *set = rules_new();
	struct matcher *m;

	if (rules_load_default(set) < 0)
		errx(2, "%s", rules_error(set));
	m = matcher_new(set, false, NULL, NULL);
	if (matcher_write_tries(m, stdout) < 0)
		err(2, "stdout");
	matcher_free(m);
	rules_free(set);
	return 0;
}
