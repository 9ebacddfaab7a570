/*
 * The content model's scores of many rows at once: the same numbers as
 * model_score gives each row (bit for bit: the trees are summed in their
 * order, in single precision), at a fraction of the cost.  Rows are taken
 * eight at a time, one in each lane of a vector: every question of the
 * trees is asked of eight lines in one comparison, without a branch, and
 * the eight sums of leaves run side by side instead of one after another.
 * On x86 processors, as found at run time, the leaves are fetched by
 * AVX2's gather, or for trees of depth 6 by AVX-512's permutes;
 * -DNEWSCLEAN_PORTABLE leaves both out.
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

/*
 * The code that scores: the portable one or one for a kind of processor.
 * score_rows takes the last that runs here, for this model; the tests
 * score with each.
 */
enum score_code { SCORE_PORTABLE, SCORE_AVX2, SCORE_AVX512 };

bool score_code_runs(const struct model *, enum score_code);
void score_rows_by(const struct model *, const float *rows, size_t n,
    double *out, enum score_code);

#endif
