/* What the fuzz targets share: rules, a sink for output, quiet warnings. */
#ifndef FUZZ_H
#define FUZZ_H

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "rules.h"

/* Rules that fail to match are expected here: a pattern may be anything. */
static void
fuzz_quiet(void *arg, const struct rule *r, const char *why)
{
	(void)arg;
	(void)r;
	(void)why;
}

static struct ruleset *
fuzz_default_rules(void)
{
	struct ruleset *set = rules_new();

	if (rules_load_default(set) < 0)
		abort();
	return set;
}

static int
fuzz_devnull(void)
{
	static int fd = -1;

	if (fd < 0 && (fd = open("/dev/null", O_WRONLY)) < 0)
		abort();
	return fd;
}

#endif
