/*
 * Gradient-boosted oblivious trees for a yes/no label (logistic loss), the
 * kind of model src/model.c scores: in a tree of depth D every line of a
 * level asks the same question (is feature f at least t?), so a row finds
 * its leaf with D comparisons and no branches.  Features are cut into
 * bins at their quantiles first; each level takes the question that most
 * lowers the loss, summed over the level's leaves; a leaf's value is its
 * Newton step, shrunk by the learning rate.  Deterministic: the same data
 * gives the same trees.
 */
#ifndef GBDT_H
#define GBDT_H

#include <stddef.h>
#include <stdint.h>

struct gbdt_params {
	unsigned trees;
	unsigned depth;		/* at most GBDT_MAX_DEPTH */
	double rate;		/* learning rate */
	double l2;		/* added to each leaf's hessian */
	unsigned bins;		/* per feature, at most 256 */
	/*
	 * The share of the features a tree may ask about, drawn for each
	 * tree (by a hash of its number and theirs, so the same data still
	 * gives the same trees); 1: all.  A feature that wins a near tie
	 * then does not take every tree, and fitting takes less time.
	 */
	double features;
};

#define GBDT_MAX_DEPTH 8

struct gbdt_tree {
	unsigned feature[GBDT_MAX_DEPTH];
	float threshold[GBDT_MAX_DEPTH];	/* a row goes right at >= */
	double *leaf;				/* 1 << depth values */
};

struct gbdt {
	double bias;
	unsigned depth;
	size_t ntrees;
	struct gbdt_tree *tree;
};

/*
 * Train on n rows of d features (x, row after row) with labels y (0 or 1)
 * and weights w (NULL: all 1); progress goes to stderr when verbose is
 * set.
 */
struct gbdt *gbdt_train(const float *x, size_t n, size_t d, const uint8_t *y,
    const float *w, const struct gbdt_params *, int verbose);
void gbdt_free(struct gbdt *);

#endif
