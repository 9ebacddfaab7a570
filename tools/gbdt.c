/*
 * Gradient-boosted oblivious trees (see gbdt.h).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gbdt.h"
#include "mix.h"
#include "util.h"

/* The bins of one feature: bin b holds values in [edge[b - 1], edge[b]). */
struct binning {
	float *edge;		/* nedges increasing values */
	unsigned nedges;
};

static int
by_value(const void *a, const void *b)
{
	float x = *(const float *)a, y = *(const float *)b;

	return x < y ? -1 : x > y;
}

/* Edges at the quantiles of the feature's values, each a value seen. */
static void
make_bins(const float *x, size_t n, size_t d, size_t k, unsigned bins,
    struct binning *bn)
{
	float *v = xmalloc(n * sizeof(*v));
	size_t i, m = 0;
	unsigned b;

	for (i = 0; i < n; i++)
		v[i] = x[i * d + k];
	qsort(v, n, sizeof(*v), by_value);
	/* how many distinct values */
	for (i = 0; i < n; i++)
		m += i == 0 || v[i] != v[i - 1];
	bn->edge = xcalloc(bins, sizeof(*bn->edge));
	bn->nedges = 0;
	if (m <= bins) {
		/* few values: an edge at each but the smallest */
		for (i = 1; i < n; i++)
			if (v[i] != v[i - 1])
				bn->edge[bn->nedges++] = v[i];
	} else {
		/*
		 * Quantiles of the rows: those of the distinct values would
		 * make rare extremes as wide as common ones.
		 */
		for (b = 1; b < bins; b++) {
			float e = v[(size_t)((double)b * (double)n / bins)];

			if (e > v[0] && (bn->nedges == 0 ||
			    e > bn->edge[bn->nedges - 1]))
				bn->edge[bn->nedges++] = e;
		}
	}
	free(v);
}

/*
 * Whether tree t may ask about feature k: a mix of the two numbers read
 * as a fraction of 1, below the share.
 */
static int
drawn(unsigned t, size_t k, double share)
{
	uint64_t z;

	if (share >= 1)
		return 1;
	z = mix64(((uint64_t)t << 32 | (uint64_t)k) + 0x9e3779b97f4a7c15u);
	return (double)(z >> 11) * 0x1p-53 < share;
}

static uint8_t
bin_of(const struct binning *bn, float v)
{
	unsigned lo = 0, hi = bn->nedges;

	/* the number of edges at or below v */
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;

		if (v >= bn->edge[mid])
			lo = mid + 1;
		else
			hi = mid;
	}
	return (uint8_t)lo;
}

struct gbdt *
gbdt_train(const float *x, size_t n, size_t d, const uint8_t *y,
    const float *w, const struct gbdt_params *p, int verbose)
{
	struct gbdt *m = xcalloc(1, sizeof(*m));
	struct binning *bn = xcalloc(d, sizeof(*bn));
	uint8_t *bins = xmalloc(n * d);
	double *f = xmalloc(n * sizeof(*f)), *g = xmalloc(n * sizeof(*g));
	double *h = xmalloc(n * sizeof(*h));
	uint32_t *leaf = xmalloc(n * sizeof(*leaf));
	size_t nleaves = (size_t)1 << p->depth, i, k, pos = 0;
	/* gradient and hessian sums per leaf and bin, of one feature */
	double *hg = xmalloc(nleaves * 256 * sizeof(*hg));
	double *hh = xmalloc(nleaves * 256 * sizeof(*hh));
	double *lg = xmalloc(nleaves * sizeof(*lg));
	double *lh = xmalloc(nleaves * sizeof(*lh));
	unsigned t, level;

	for (k = 0; k < d; k++)
		make_bins(x, n, d, k, p->bins, &bn[k]);
	/* column after column, for the histograms */
	for (k = 0; k < d; k++)
		for (i = 0; i < n; i++)
			bins[k * n + i] = bin_of(&bn[k], x[i * d + k]);
	for (i = 0; i < n; i++)
		pos += y[i];
	if (pos == 0 || pos == n)
		m->bias = pos == 0 ? -10 : 10;
	else
		m->bias = log((double)pos / (double)(n - pos));
	for (i = 0; i < n; i++)
		f[i] = m->bias;
	m->depth = p->depth;
	m->tree = xcalloc(p->trees, sizeof(*m->tree));
	for (t = 0; t < p->trees; t++) {
		struct gbdt_tree *tr = &m->tree[t];
		double loss = 0;

		for (i = 0; i < n; i++) {
			double q = 1 / (1 + exp(-f[i]));

			g[i] = q - y[i];
			h[i] = q * (1 - q);
			if (h[i] < 1e-12)
				h[i] = 1e-12;
			if (w != NULL) {
				g[i] *= w[i];
				h[i] *= w[i];
			}
			leaf[i] = 0;
			loss -= y[i] ? log(q + 1e-15) : log(1 - q + 1e-15);
		}
		for (level = 0; level < p->depth; level++) {
			size_t used = (size_t)1 << level, best_k = 0;
			double best = -1;
			unsigned best_b = 0;

			for (k = 0; k < d; k++) {
				const uint8_t *col = bins + k * n;
				unsigned nb = bn[k].nedges + 1, b;
				size_t l;

				if (nb < 2 || !drawn(t, k, p->features))
					continue;
				memset(hg, 0, used * 256 * sizeof(*hg));
				memset(hh, 0, used * 256 * sizeof(*hh));
				for (i = 0; i < n; i++) {
					hg[leaf[i] * 256 + col[i]] += g[i];
					hh[leaf[i] * 256 + col[i]] += h[i];
				}
				for (l = 0; l < used; l++) {
					lg[l] = lh[l] = 0;
					for (b = 0; b < nb; b++) {
						lg[l] += hg[l * 256 + b];
						lh[l] += hh[l * 256 + b];
					}
				}
				/* split at b: bins below b go left */
				double *cg = xcalloc(used, sizeof(*cg));
				double *ch = xcalloc(used, sizeof(*ch));

				for (b = 1; b < nb; b++) {
					double gain = 0;

					for (l = 0; l < used; l++) {
						double gr, hr;

						cg[l] += hg[l * 256 + b - 1];
						ch[l] += hh[l * 256 + b - 1];
						gr = lg[l] - cg[l];
						hr = lh[l] - ch[l];
						gain += cg[l] * cg[l] /
						    (ch[l] + p->l2) + gr * gr /
						    (hr + p->l2) - lg[l] * lg[l] /
						    (lh[l] + p->l2);
					}
					if (gain > best) {
						best = gain;
						best_k = k;
						best_b = b;
					}
				}
				free(cg);
				free(ch);
			}
			tr->feature[level] = (unsigned)best_k;
			tr->threshold[level] = best_b > 0 ?
			    bn[best_k].edge[best_b - 1] : INFINITY;
			for (i = 0; i < n; i++)
				leaf[i] |= (uint32_t)(bins[best_k * n + i] >=
				    best_b) << level;
		}
		memset(lg, 0, nleaves * sizeof(*lg));
		memset(lh, 0, nleaves * sizeof(*lh));
		for (i = 0; i < n; i++) {
			lg[leaf[i]] += g[i];
			lh[leaf[i]] += h[i];
		}
		tr->leaf = xcalloc(nleaves, sizeof(*tr->leaf));
		for (k = 0; k < nleaves; k++)
			tr->leaf[k] = -p->rate * lg[k] / (lh[k] + p->l2);
		for (i = 0; i < n; i++)
			f[i] += tr->leaf[leaf[i]];
		m->ntrees = t + 1;
		if (verbose)
			fprintf(stderr, "tree %u: loss %.5f\n", t,
			    loss / (double)n);
	}
	for (k = 0; k < d; k++)
		free(bn[k].edge);
	free(bn);
	free(bins);
	free(f);
	free(g);
	free(h);
	free(leaf);
	free(hg);
	free(hh);
	free(lg);
	free(lh);
	return m;
}

void
gbdt_free(struct gbdt *m)
{
	size_t t;

	if (m == NULL)
		return;
	for (t = 0; t < m->ntrees; t++)
		free(m->tree[t].leaf);
	free(m->tree);
	free(m);
}
