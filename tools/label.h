/*
 * Which lines of a page are its article, from the article's gold text, as
 * the scorer counts them: word 4-gram shingles.  A line of four words or
 * more is content when its shingles are mostly in the gold; each gold
 * shingle is claimed by one line only, the best-matching lines first, so
 * that a teaser repeating the article's first sentence does not count as
 * the sentence itself.  A shorter line (a headline, a list item) is content
 * when it sits next to content and the shingles that join the two are in
 * the gold.
 */
#ifndef LABEL_H
#define LABEL_H

#include <stdbool.h>
#include <stddef.h>

struct linetab;

/* Set content[i] for each line of t; returns how many are content. */
size_t label_lines(const struct linetab *, const char *gold, size_t len,
    bool *content);

#endif
