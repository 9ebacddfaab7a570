/*
 * Fuzz target: the rule-file parser, and the rules it accepts compiled and
 * run over a few lines.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleaner.h"
#include "rules.h"
#include "writer.h"

#include "fuzz.h"

static const char sample[] =
    "Share on Facebook\n\nAn article line, long enough to be prose, with "
    "words in it.\nRead more\n" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n"
    "Caf\xc3\xa9 &amp; cr\xe8me\n";

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
