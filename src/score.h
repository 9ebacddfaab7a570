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
 * The rows score_columns takes in one go, in groups of SCORE_LANES: each
 * tree is read once for all of them, where group by group the model (some
 * 30 KB, as much as a core's first cache) would be read again for every
 * eight, after the features made between had pushed it out.
 */
#define SCORE_GROUPS 4
#define SCORE_ROWS (SCORE_GROUPS * SCORE_LANES)

/*
 * The log-odds of n rows (features_width() numbers each, one after
 * another) into out[0, n): model_score of each.
 */
void score_rows(const struct model *, const float *rows, size_t n,
    double *out);

/*
 * The same of n <= SCORE_ROWS rows side by side, in groups of SCORE_LANES
 * of features_width() * SCORE_LANES numbers each: feature k of row j is
 * cols[j / SCORE_LANES * features_width() * SCORE_LANES + k * SCORE_LANES
 * + j % SCORE_LANES] (features_column writes them so, and saves turning
 * rows into columns).  Every lane of the groups that hold rows must hold
 * numbers: the ones past n are scored too, and left; the groups past
 * them are not read.
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
