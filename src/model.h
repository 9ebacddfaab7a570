/*
 * The content detector's model: the log-odds that a line is article text,
 * as a sum over trees of its features (feat.h).  The trees are oblivious:
 * each level of a tree asks one question of every line that reaches it (is
 * feature f at least t?), so that a line finds its leaf with as many
 * comparisons as the tree has levels, and no branches.  With the trees
 * comes how the detector decodes the scores of a page: what a switch
 * between article and boilerplate costs, and the probability a line needs
 * to count as article.
 *
 * A model is text (rules/content.model is the built-in one; tools/train
 * writes them):
 *
 *	newsclean-model 1
 *	bias -0.31
 *	switch 1.5
 *	threshold 0.4
 *	tree words 2.3 end_sentence 1 : -0.2 0.1 0.3 0.5
 *
 * A tree line names a feature and a threshold for each level, then after a
 * colon the values of its leaves, two to the power of its levels: a line
 * goes to leaf sum of 2^l over the levels l it reaches the threshold at.
 * A name the program does not know is an error, so that a model cannot be
 * used with features other than its own.  Lines starting with # are
 * comments.
 */
#ifndef MODEL_H
#define MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct model;

/* The model built into the program (rules/content.model). */
const struct model *model_default(void);

/* A model read from text, or NULL with a message in err ("line N: ..."). */
struct model *model_parse(const char *text, size_t len, char *err,
    size_t errsz);
void model_free(struct model *);

/* The model in the file at path, or NULL with "path: ..." in err. */
struct model *model_load(const char *path, char *err, size_t errsz);

/* The log-odds that a line with these features is article text. */
double model_score(const struct model *, const float *row);

/*
 * The features the trees ask of, by index (feat.h), in order, and in *n
 * how many: a row needs no others.
 */
const uint16_t *model_features(const struct model *, size_t *n);

/* What a switch between article and boilerplate costs the decoder. */
double model_switch(const struct model *);

/* The probability a line needs, as the model was chosen with. */
double model_threshold(const struct model *);

/*
 * Write the model as C arrays for model_default (tools/gen_model builds
 * src/default_model.c so).  Returns -1 on a write error.
 */
int model_write_c(const struct model *, FILE *);

#endif
