/*
 * Line features for the content detector: numbers that describe each line
 * of a document, its neighbours and the page, read after the rules pass.
 * The detector scores them with its model, and tools/train computes them
 * with this same code to learn that model, so the two cannot disagree.
 */
#ifndef FEAT_H
#define FEAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct features;
struct linetab;

struct features *features_new(void);
void features_free(struct features *);

/*
 * Read rows for the features want[0, n) alone (their indices, as
 * features_name numbers them; want NULL: all of them, as features_new
 * starts with): what no feature of them needs is then not computed, and
 * the other numbers of a row are meaningless.  The detector asks for its
 * model's; tools/train, which learns from every feature, for all.
 */
void features_want(struct features *, const uint16_t *want, size_t n);

/*
 * Compute the features of every line of t, whose rules pass has run.  The
 * rows stay valid until the next call.
 */
void features_compute(struct features *, const struct linetab *);

/*
 * Write the row of line i, features_width() numbers, to row; false (and
 * nothing written) for a blank line.
 */
bool features_row(const struct features *, size_t i, float *row);

/*
 * The same with feature k at col[k * stride]: rows side by side, for
 * score_columns (score.h).
 */
bool features_column(const struct features *, size_t i, float *col,
    size_t stride);

/* How many numbers a row holds, and the name of each (NULL past them). */
size_t features_width(void);
const char *features_name(size_t k);

/* The words of line i (none when it is blank, or punctuation alone). */
unsigned features_words(const struct features *, size_t i);

/* Whether line i reads as prose: ten words or more and a sentence end. */
bool features_prose(const struct features *, size_t i);

/*
 * Whether line i could head an article: three to twenty-five words, no
 * full stop or ellipsis at the end, no separator (not one "|", "/", "•"
 * or lone "»": a breadcrumb, a page title with its site) and no web
 * address; and when the page's first line has four words or more (a
 * title), half its words or more are in it.
 */
bool features_headline(const struct features *, size_t i);

#endif
