/*
 * Fuzz target: the rule-file parser, and the rules it accepts compiled and
 * run over a few lines; the matcher, with its literal filters, must decide
 * as trying every rule in turn does.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleaner.h"
#include "match.h"
#include "rules.h"
#include "writer.h"

#include "fuzz.h"

static const char sample[] =
    "Share on Facebook\n\nAn article line, long enough to be prose, with "
    "words in it.\nRead more\n" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n"
    "Caf\xc3\xa9 &amp; cr\xe8me\n";

/*
 * The first deciding rule matching s, each tried in turn; false when a
 * rule hit a match limit (the matcher, starting later in the line, may
 * not), so that the two cannot be compared.
 */
static bool
first_by_trying_all(const struct ruleset *set, pcre2_match_data *md,
    pcre2_match_context *mc, const char *s, size_t n,
    const struct rule **first)
{
	size_t i;
	int rc;

	*first = NULL;
	for (i = 0; i < rules_count(set); i++) {
		const struct rule *r = rules_at(set, i);
		enum action a = rule_action(r);

		if (a == ACTION_KEEP || a == ACTION_STRIP)
			continue;
		rc = pcre2_match(rule_code(r), (PCRE2_SPTR)s, n, 0, 0, md, mc);
		if (rc >= 0) {
			*first = r;
			return true;
		}
		if (rc != PCRE2_ERROR_NOMATCH)
			return false;
	}
	return true;
}

static void
check_line(const struct ruleset *set, struct matcher *m,
    pcre2_match_data *md, pcre2_match_context *mc, const char *s, size_t n)
{
	const struct rule *first;

	/* a blank line separates paragraphs: no rule is asked about it */
	if (n == 0)
		return;
	/* the matcher's limit or less, and no rule skipped from before */
	pcre2_set_match_limit(mc, match_limit(n) < 100000 ? match_limit(n) :
	    100000);
	matcher_end_doc(m);
	if (first_by_trying_all(set, md, mc, s, n, &first) &&
	    matcher_decide(m, s, n) != first)
		abort();
}

/* Lines a rule could match: its pattern with the syntax taken out. */
static void
check_filters(const struct ruleset *set)
{
	struct matcher *m = matcher_new(set, false, fuzz_quiet, NULL);
	pcre2_match_data *md = pcre2_match_data_create(64, NULL);
	pcre2_match_context *mc = pcre2_match_context_create(NULL);
	size_t i, j, k;

	pcre2_set_depth_limit(mc, 1000);
	for (i = 0; i < rules_count(set) && i < 16; i++) {
		const char *p = rule_pattern(rules_at(set, i));
		size_t n = strlen(p);
		char *line = malloc(n + 1);

		for (j = k = 0; j < n; j++)
			if (strchr("^$()|?*+.[]{}\\", p[j]) == NULL)
				line[k++] = p[j];
		check_line(set, m, md, mc, line, k);
		check_line(set, m, md, mc, p, n);
		free(line);
	}
	pcre2_match_context_free(mc);
	pcre2_match_data_free(md);
	matcher_free(m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset *set = rules_new();
	struct cleaner_config cf = { .sep = -1, .warn = fuzz_quiet };
	struct writer *w;
	struct cleaner *c;
	char err[256];

	if (rules_load_text(set, "fuzz.rules", (const char *)data, size) < 0) {
		/* a failure says why, on one line */
		if (rules_error(set)[0] == '\0' ||
		    strchr(rules_error(set), '\n') != NULL)
			abort();
		rules_free(set);
		return 0;
	}
	check_filters(set);
	cf.detect = size > 0 && data[0] & 1;
	w = writer_new(fuzz_devnull(), WRITE_EXPLAIN);
	if ((c = cleaner_new(set, w, &cf, err, sizeof(err))) != NULL) {
		cleaner_feed(c, sample, sizeof(sample) - 1, true);
		cleaner_free(c);
	}
	writer_flush(w);
	writer_free(w);
	rules_free(set);
	return 0;
}
