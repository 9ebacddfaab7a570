/*
 * Fuzz target: the whole cleaner with the default rules on arbitrary bytes.
 * The first byte chooses the configuration: content detector or rules
 * only, --normalize, the invalid-byte policy, NUL-separated documents,
 * --explain output, and the input charset.
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

static const char *const charsets[] = {
	"auto", "auto", "UTF-8", "UTF-16LE", "windows-1252", "SHIFT_JIS",
	"GB18030", "UTF-16",
};

static struct ruleset *rules;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	rules = fuzz_default_rules();
	return 0;
}

/* Feed one document, in pieces of whole lines when streaming. */
static void
feed_doc(struct cleaner *c, const char *s, size_t n, bool whole)
{
	const char *cut;

	if (!whole && n > 2 &&
	    (cut = memchr(s + n / 2, '\n', n - n / 2 - 1)) != NULL) {
		size_t k = (size_t)(cut - s) + 1;

		if (cleaner_feed(c, s, k, false) < 0)
			return;
		s += k;
		n -= k;
	}
	cleaner_feed(c, s, n, true);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cleaner_config cf = { .warn = fuzz_quiet };
	struct writer *w;
	struct cleaner *c;
	const char *s = (const char *)data + 1;
	size_t n = size - 1;
	unsigned flags;
	char err[256];

	if (size == 0)
		return 0;
	flags = data[0];
	cf.detect = flags & 1;
	cf.normalize = flags & 2;
	cf.invalid = (enum invalid_policy)((flags >> 2) % 3);
	cf.sep = flags & 16 ? '\0' : -1;
	cf.charset = charsets[(flags >> 5) & 7];
	w = writer_new(fuzz_devnull(),
	    flags & 0x80 ? WRITE_EXPLAIN : WRITE_TEXT);
	c = cleaner_new(rules, w, &cf, err, sizeof(err));
	if (c == NULL)
		abort();
	if (cf.sep == '\0' && !cleaner_ascii_compatible(c))
		cf.sep = -1;	/* refused by the command line */
	if (cf.sep == '\0') {
		const char *nul;

		while ((nul = memchr(s, '\0', n)) != NULL) {
			feed_doc(c, s, (size_t)(nul - s), cf.detect);
			n -= (size_t)(nul - s) + 1;
			s = nul + 1;
		}
	}
	feed_doc(c, s, n, cf.detect);
	cleaner_free(c);
	writer_flush(w);
	writer_free(w);
	return 0;
}
