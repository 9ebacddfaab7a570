/*
 * The content model's scores of many rows at once: the same numbers as
 * model_score gives each row (bit for bit: the trees are summed in their
 * order, in double precision), at a fraction of the cost.  Rows are taken
 * eight at a time, one in each lane of a vector: every question of the
 * trees is asked of eight lines in one comparison, without a branch, and
 * the eight sums of leaves run side by side instead of one after another.
 * On x86 processors with AVX2, found at run time, the leaves are fetched
 * by its gather; -DNEWSCLEAN_PORTABLE leaves that out.
 */
#ifndef SCORE_H
#define SCORE_H

#include <stdbool.h>
#include <stddef.h>

struct model;

/* The rows score_rows takes in one go: give it this many when you can. */
#define SCORE_LANES 8

/*
 * The log-odds of n rows (features_width() numbers each, one after
 * another) into out[0, n): model_score of each.
 */
void score_rows(const struct model *, const float *rows, size_t n,
    double *out);

/*
 * The same of n <= SCORE_LANES rows side by side: feature k of row j is
 * cols[k * SCORE_LANES + j] (features_column writes them so, and saves
 * turning rows into columns).  Every lane must hold numbers: the ones past
 * n are scored too, and left.
 */
void score_columns(const struct model *, const float *cols, size_t n,
    double *out);

/* score_rows without the code for one kind of processor: for the tests. */
void score_rows_portable(const struct model *, const float *rows, size_t n,
    double *out);

#endif
