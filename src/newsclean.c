/* The public library: newsclean.h over the cleaner and its modules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleaner.h"
#include "linetab.h"
#include "newsclean.h"
#include "rules.h"
#include "util.h"
#include "writer.h"

struct newsclean {
	struct ruleset *set;
	struct writer *mem;
	struct cleaner *cleaner;
	void (*warn)(void *, const char *);
	void *warn_arg;
	char error[256];
	char why[512];		/* the last line's reason, formatted */
};

static void
warn_rule(void *arg, const struct rule *r, const char *why)
{
	struct newsclean *nc = arg;
	char msg[512];

	if (nc->warn == NULL)
		return;
	match_warning(r, why, msg, sizeof(msg));
	nc->warn(nc->warn_arg, msg);
}

newsclean *
newsclean_new(const struct newsclean_options *opt, char *err, size_t errsz)
{
	static const struct newsclean_options defaults;
	struct newsclean *nc = xcalloc(1, sizeof(*nc));
	struct cleaner_config cf;
	size_t i;

	if (opt == NULL)
		opt = &defaults;
	nc->warn = opt->warn;
	nc->warn_arg = opt->warn_arg;
	nc->set = rules_new();
	if (!opt->no_default_rules && rules_load_default(nc->set) < 0)
		goto rule_error;
	for (i = 0; i < opt->nrule_files; i++)
		if (rules_load_file(nc->set, opt->rule_files[i]) < 0)
			goto rule_error;
	memset(&cf, 0, sizeof(cf));
	cf.sep = -1;
	cf.detect = !opt->rules_only;
	cf.charset = opt->charset;
	cf.fallback = opt->fallback_charset;
	cf.invalid = opt->invalid == NEWSCLEAN_INVALID_KEEP ? INVALID_KEEP :
	    opt->invalid == NEWSCLEAN_INVALID_FAIL ? INVALID_FAIL :
	    INVALID_DECODE;
	cf.normalize = opt->normalize;
	cf.warn = warn_rule;
	cf.warn_arg = nc;
	nc->mem = writer_new(-1, WRITE_TEXT);
	if ((nc->cleaner = cleaner_new(nc->set, nc->mem, &cf, err, errsz)) ==
	    NULL) {
		newsclean_free(nc);
		return NULL;
	}
	return nc;
rule_error:
	snprintf(err, errsz, "%s", rules_error(nc->set));
	newsclean_free(nc);
	return NULL;
}

void
newsclean_free(newsclean *nc)
{
	if (nc == NULL)
		return;
	cleaner_free(nc->cleaner);
	writer_free(nc->mem);
	rules_free(nc->set);
	free(nc);
}

int
newsclean_clean(newsclean *nc, const char *in, size_t len, const char **out,
    size_t *outlen)
{
	nc->error[0] = '\0';
	if (cleaner_feed(nc->cleaner, in, len, true) < 0) {
		snprintf(nc->error, sizeof(nc->error), "offset %zu: not valid %s",
		    cleaner_invalid_at(nc->cleaner),
		    cleaner_charset(nc->cleaner));
		(void)writer_memory(nc->mem, outlen);
		*out = "";
		*outlen = 0;
		return -1;
	}
	*out = writer_memory(nc->mem, outlen);
	return 0;
}

const char *
newsclean_error(const newsclean *nc)
{
	return nc->error;
}

size_t
newsclean_lines(const newsclean *nc)
{
	return cleaner_table(nc->cleaner)->n;
}

int
newsclean_line(newsclean *nc, size_t i, struct newsclean_line *out)
{
	const struct linetab *t = cleaner_table(nc->cleaner);
	const struct line *l;

	if (i >= t->n)
		return -1;
	l = &t->lines[i];
	out->text = l->text;
	out->len = l->len;
	out->kept = l->verdict == VERDICT_KEEP;
	line_reason(l, nc->why, sizeof(nc->why));
	out->why = nc->why;
	return 0;
}
