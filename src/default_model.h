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
 * least threshold[t * depth + l]; a yes sets bit l of the index of its
 * leaf among leaf[t << depth, (t + 1) << depth).  used lists the features
 * the trees ask of, in order (score.c reads only those).
 */
struct model {
	double bias, switch_cost, threshold;
	size_t ntrees;
	unsigned depth;
	const uint16_t *feature;
	const float *threshold_at;
	const float *leaf;
	const uint16_t *used;
	size_t nused;
	bool owned;		/* the arrays are malloc'd */
};

/* The most trees a model file may hold. */
#define MODEL_MAX_TREES 4096

#endif
