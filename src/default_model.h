/*
 * The layout of a model, shared by model.c and the built-in model that
 * tools/gen_model writes as C (src/default_model.c, from
 * rules/content.model, which defines model_default): the rest of the
 * program sees only model.h.
 */
#ifndef DEFAULT_MODEL_H
#define DEFAULT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Tree t asks, at level l, whether feature feature[t * depth + l] is at
 * least threshold[t * depth + l]; its leaves are leaf[t << depth, (t + 1)
 * << depth).
 *
 * The same questions, by feature: those of feature k are ask[first[k],
 * first[k + 1]), in increasing order of their thresholds, each naming its
 * tree and level.  A line's value of feature k answers yes to a prefix of
 * them, so scoring reads only the questions a line says yes to, and no
 * tree is walked.
 */
struct question {
	float threshold;
	uint16_t tree;
	uint16_t level;
};

struct model {
	double bias, switch_cost, threshold;
	size_t ntrees;
	unsigned depth;
	const uint16_t *feature;
	const float *threshold_at;
	const float *leaf;
	const uint32_t *first;		/* features_width() + 1 */
	const struct question *ask;
	const uint16_t *used;		/* the features asked of, in order */
	size_t nused;
	bool owned;		/* the arrays are malloc'd */
};

/* What model_score can hold of a line's trees at once. */
#define MODEL_MAX_TREES 4096

#endif
