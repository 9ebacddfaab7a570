/*
 * Fuzz target: JSON Lines records, each line of the input one record, with
 * the default rules; the first byte picks the field and the options.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleaner.h"
#include "jsonl.h"
#include "rules.h"
#include "writer.h"

#include "fuzz.h"

static struct ruleset *rules;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	rules = fuzz_default_rules();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cleaner_config cf = { .sep = -1, .warn = fuzz_quiet };
	struct jsonl_config jc = { .field = "text" };
	struct writer *mem, *out;
	struct cleaner *c;
	struct jsonl *j;
	const char *s = (const char *)data + 1, *nl;
	size_t n = size - 1;
	char err[512];

	if (size == 0)
		return 0;
	cf.detect = data[0] & 1;
	jc.stats = data[0] & 2;
	jc.invalid = cf.invalid = (enum invalid_policy)((data[0] >> 2) % 3);
	if (data[0] & 16)
		jc.field = "";
	mem = writer_new(-1, WRITE_TEXT);
	out = writer_new(fuzz_devnull(), WRITE_TEXT);
	c = cleaner_new(rules, mem, &cf, err, sizeof(err));
	if (c == NULL || (j = jsonl_new(&jc, rules, c, mem, out, err,
	    sizeof(err))) == NULL)
		abort();
	while (n > 0) {
		size_t k = (nl = memchr(s, '\n', n)) != NULL ?
		    (size_t)(nl - s) : n;

		/* a bad record says why */
		if (jsonl_record(j, s, k, err, sizeof(err)) < 0 &&
		    err[0] == '\0')
			abort();
		s += k + (nl != NULL);
		n -= k + (nl != NULL);
	}
	jsonl_free(j);
	cleaner_free(c);
	writer_flush(out);
	writer_free(out);
	writer_free(mem);
	return 0;
}
