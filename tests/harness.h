/*
 * A cleaner that writes to a temporary file, and rule sets made from text:
 * what the cleaner, match and detect tests share.
 */
#ifndef HARNESS_H
#define HARNESS_H

#include "testutil.h"

#include "cleaner.h"
#include "rules.h"
#include "writer.h"

/* A rule set loaded from text through a temporary file. */
static inline struct ruleset *
rules_from_text(const char *text)
{
	struct ruleset *set = rules_new();
	char *path = temp_file(text, strlen(text));

	assert_int_equal(rules_load_file(set, path), 0);
	unlink(path);
	free(path);
	return set;
}

struct harness {
	struct ruleset *set;
	struct writer *w;
	struct cleaner *c;
	int fd;
	char *out;
};

/* Takes set over; its rules' "set" lines must be valid. */
static inline struct harness *
harness_new(struct ruleset *set, const struct cleaner_config *cf)
{
	struct harness *h = calloc(1, sizeof(*h));
	char err[256];

	assert_non_null(h);
	h->set = set;
	h->fd = temp_fd();
	h->w = writer_new(h->fd, WRITE_TEXT);
	h->c = cleaner_new(set, h->w, cf, err, sizeof(err));
	assert_non_null(h->c);
	return h;
}

static inline void
harness_free(struct harness *h)
{
	cleaner_free(h->c);
	writer_free(h->w);
	rules_free(h->set);
	close(h->fd);
	free(h->out);
	free(h);
}

/*
 * Clean one document given as chunks (a NULL-terminated list); returns all
 * output written so far.
 */
static inline const char *
harness_clean(struct harness *h, const char *const *chunks)
{
	const char *const *start = chunks;

	for (; *chunks != NULL; chunks++)
		assert_int_equal(cleaner_feed(h->c, *chunks, strlen(*chunks),
		    chunks[1] == NULL), 0);
	if (chunks == start)
		assert_int_equal(cleaner_feed(h->c, "", 0, true), 0);
	assert_int_equal(writer_flush(h->w), 0);
	free(h->out);
	h->out = read_back(h->fd, NULL);
	return h->out;
}

#endif
