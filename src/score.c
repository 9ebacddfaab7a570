/*
 * Scoring rows eight at a time, up to SCORE_GROUPS eights a pass over the
 * trees (score.h).  A row's features are read by
 * the questions of every tree, so the eight rows are taken as columns:
 * feature k of all eight lines, side by side, is one vector (the detector
 * writes its rows so, score_rows turns rows into them).
 * A tree's leaf is then found for the eight at once, level by level, from
 * the deepest: each comparison gives every lane -1 (yes) or 0, and the
 * index doubles and takes that away.  The sums of the leaves keep the
 * trees' order, lane by lane, in single precision, as model_score's do:
 * another order could differ in the last bit, and so could a verdict.
 * (In double precision, each leaf would cost two conversions and two
 * additions of four lanes, not one of eight.)
 */
#include <stdint.h>
#include <string.h>

#if (defined(__x86_64__) || defined(__i386__)) && !defined(NEWSCLEAN_PORTABLE)
#include <immintrin.h>
#define SCORE_X86
#endif

#include "default_model.h"
#include "feat.h"
#include "model.h"
#include "score.h"

/* The widest row the columns have room for; a wider one is scored row by
 * row (no such features exist: feat.c has about 125). */
#define MAX_FEATURES 256

typedef float lanes_f __attribute__((vector_size(4 * SCORE_LANES)));
typedef int32_t lanes_i __attribute__((vector_size(4 * SCORE_LANES)));

/*
 * The columns of rows [0, n) that the model asks of: cols[k * SCORE_LANES
 * + j] is feature k of row j; a lane past n reads zeros.
 */
static void
columns(const struct model *m, const float *rows, size_t n, size_t nf,
    float *cols)
{
	size_t u, j;

	for (u = 0; u < m->nused; u++) {
		size_t k = m->used[u];
		float *c = cols + k * SCORE_LANES;

		for (j = 0; j < n; j++)
			c[j] = rows[j * nf + k];
		for (; j < SCORE_LANES; j++)
			c[j] = 0;
	}
}

_Static_assert(SCORE_LANES == 8, "a threshold is spread over eight lanes");

/*
 * The leaf that each lane reaches in the tree of depth levels whose
 * questions are feature[0, depth) and th[0, depth), as its index in the
 * tree, in *to (not returned: a vector wider than SSE's would change the
 * ABI of a function that is not inlined).  Called with a constant depth,
 * the walk is unrolled; the threshold is spread by an initializer, which
 * costs no addition ({ 0 } + th would, -0 made +0, which compares the
 * same).
 */
static inline __attribute__((always_inline)) void
leaf_index(const uint16_t *feature, const float *th, size_t depth,
    const float *cols, lanes_i *to)
{
	lanes_i at = { 0 };
	size_t l;

#pragma GCC unroll 8
	for (l = depth; l-- > 0;) {
		lanes_f x, y = { th[l], th[l], th[l], th[l], th[l], th[l],
		    th[l], th[l] };

		memcpy(&x, cols + (size_t)feature[l] * SCORE_LANES, sizeof(x));
		at = at + at - (lanes_i)(x >= y);
	}
	*to = at;
}

/*
 * The scores of groups [0, groups) of eight rows, their columns at hand,
 * each group stride numbers after the last, without a gather.  Trees are
 * the outer loop, here and below: a tree's questions and leaves are read
 * once for all the groups.
 */
static void
lanes_portable(const struct model *m, const float *cols, size_t stride,
    size_t groups, double *out)
{
	float s[SCORE_ROWS];
	size_t t, g, j, n = groups * SCORE_LANES;

	for (j = 0; j < n; j++)
		s[j] = (float)m->bias;
	for (t = 0; t < m->ntrees; t++) {
		const float *leaf = m->leaf + (t << m->depth);

		for (g = 0; g < groups; g++) {
			lanes_i at;

			leaf_index(m->feature + t * m->depth,
			    m->threshold_at + t * m->depth, m->depth,
			    cols + g * stride, &at);
			for (j = 0; j < SCORE_LANES; j++)
				s[g * SCORE_LANES + j] += leaf[at[j]];
		}
	}
	for (j = 0; j < n; j++)
		out[j] = s[j];
}

/*
 * Calls f(m, cols, stride, out, groups, ...) with groups a constant, from
 * 1 to SCORE_GROUPS, so that the x86 code keeps a sum a group in a
 * register and unrolls the groups.
 */
#define BY_GROUPS(groups, f, ...) do {					\
	switch (groups) {						\
	case 1: f(__VA_ARGS__, 1); break;				\
	case 2: if (SCORE_GROUPS >= 2) f(__VA_ARGS__, 2); break;	\
	case 3: if (SCORE_GROUPS >= 3) f(__VA_ARGS__, 3); break;	\
	case 4: if (SCORE_GROUPS >= 4) f(__VA_ARGS__, 4); break;	\
	case 5: if (SCORE_GROUPS >= 5) f(__VA_ARGS__, 5); break;	\
	case 6: if (SCORE_GROUPS >= 6) f(__VA_ARGS__, 6); break;	\
	case 7: if (SCORE_GROUPS >= 7) f(__VA_ARGS__, 7); break;	\
	default: if (SCORE_GROUPS >= 8) f(__VA_ARGS__, 8); break;	\
	}								\
} while (0)

_Static_assert(SCORE_GROUPS >= 1 && SCORE_GROUPS <= 8,
    "BY_GROUPS has a case for each count of groups");

#ifdef SCORE_X86
/* Eight sums of a group, as doubles, into out. */
static inline __attribute__((always_inline, target("avx2"))) void
store_sums(__m256 sum, double *out)
{
	_mm256_storeu_pd(out, _mm256_cvtps_pd(_mm256_castps256_ps128(sum)));
	_mm256_storeu_pd(out + 4, _mm256_cvtps_pd(
	    _mm256_extractf128_ps(sum, 1)));
}

/*
 * The same with AVX2: a group's eight leaves in one gather, a sum a lane.
 * Trees of depth levels; a constant depth lets the compiler unroll the
 * walk down them.
 */
static inline __attribute__((always_inline, target("avx2"))) void
trees_avx2(const struct model *m, const float *cols, size_t stride,
    double *out, size_t depth, size_t groups)
{
	__m256 sum[8];
	const uint16_t *feature = m->feature;
	const float *th = m->threshold_at, *leaf = m->leaf;
	size_t t, g;

#pragma GCC unroll 8
	for (g = 0; g < groups; g++)
		sum[g] = _mm256_set1_ps((float)m->bias);
	for (t = 0; t < m->ntrees; t++) {
#pragma GCC unroll 8
		for (g = 0; g < groups; g++) {
			lanes_i at;

			leaf_index(feature, th, depth, cols + g * stride, &at);
			sum[g] = _mm256_add_ps(sum[g], _mm256_i32gather_ps(leaf,
			    (__m256i)at, 4));
		}
		feature += depth;
		th += depth;
		leaf += (size_t)1 << depth;
	}
#pragma GCC unroll 8
	for (g = 0; g < groups; g++)
		store_sums(sum[g], out + g * SCORE_LANES);
}

__attribute__((target("avx2"))) static void
lanes_avx2(const struct model *m, const float *cols, size_t stride,
    size_t groups, double *out)
{
	if (m->depth == 6)
		BY_GROUPS(groups, trees_avx2, m, cols, stride, out, 6);
	else
		BY_GROUPS(groups, trees_avx2, m, cols, stride, out, m->depth);
}

/*
 * The same for trees of depth 6 with AVX-512: a tree's 64 leaves are four
 * vectors, and two permutes of two of them each, and a blend by the
 * index's bit 5, fetch a group's eight leaves in a few cycles, where a
 * gather waits for eight loads.
 */
static inline __attribute__((always_inline, target("avx512f,avx512vl")))
void
trees_avx512(const struct model *m, const float *cols, size_t stride,
    double *out, size_t groups)
{
	__m256 sum[8];
	const uint16_t *feature = m->feature;
	const float *th = m->threshold_at, *leaf = m->leaf;
	const __m512i bit5 = _mm512_set1_epi32(32);
	size_t t, g;

#pragma GCC unroll 8
	for (g = 0; g < groups; g++)
		sum[g] = _mm256_set1_ps((float)m->bias);
	for (t = 0; t < m->ntrees; t++) {
		__m512 l0 = _mm512_loadu_ps(leaf), l1 = _mm512_loadu_ps(leaf +
		    16), l2 = _mm512_loadu_ps(leaf + 32),
		    l3 = _mm512_loadu_ps(leaf + 48);

#pragma GCC unroll 8
		for (g = 0; g < groups; g++) {
			lanes_i at;
			__m512i i;
			__m512 low, high;

			leaf_index(feature, th, 6, cols + g * stride, &at);
			i = _mm512_castsi256_si512((__m256i)at);
			low = _mm512_permutex2var_ps(l0, i, l1);
			high = _mm512_permutex2var_ps(l2, i, l3);
			sum[g] = _mm256_add_ps(sum[g], _mm512_castps512_ps256(
			    _mm512_mask_blend_ps(_mm512_test_epi32_mask(i,
			    bit5), low, high)));
		}
		feature += 6;
		th += 6;
		leaf += 64;
	}
#pragma GCC unroll 8
	for (g = 0; g < groups; g++)
		store_sums(sum[g], out + g * SCORE_LANES);
}

__attribute__((target("avx512f,avx512vl"))) static void
lanes_avx512(const struct model *m, const float *cols, size_t stride,
    size_t groups, double *out)
{
	BY_GROUPS(groups, trees_avx512, m, cols, stride, out);
}
#endif

bool
score_code_runs(const struct model *m, enum score_code code)
{
	(void)m;	/* but for the x86 code */
	switch (code) {
	case SCORE_PORTABLE:
		return true;
#ifdef SCORE_X86
	case SCORE_AVX2:
		return __builtin_cpu_supports("avx2");
	case SCORE_AVX512:
		return m->depth == 6 && __builtin_cpu_supports("avx512f") &&
		    __builtin_cpu_supports("avx512vl");
#endif
	default:
		return false;
	}
}

static enum score_code
best_code(const struct model *m)
{
	if (score_code_runs(m, SCORE_AVX512))
		return SCORE_AVX512;
	if (score_code_runs(m, SCORE_AVX2))
		return SCORE_AVX2;
	return SCORE_PORTABLE;
}

/* The scores of the rows in the lanes of cols' groups [0, groups). */
static void
lanes(const struct model *m, const float *cols, size_t stride,
    size_t groups, double *out, enum score_code how)
{
	switch (how) {
#ifdef SCORE_X86
	case SCORE_AVX512:
		lanes_avx512(m, cols, stride, groups, out);
		break;
	case SCORE_AVX2:
		lanes_avx2(m, cols, stride, groups, out);
		break;
#endif
	default:
		lanes_portable(m, cols, stride, groups, out);
	}
}

static size_t
groups_of(size_t n)
{
	return (n + SCORE_LANES - 1) / SCORE_LANES;
}

static void
rows_with(const struct model *m, const float *rows, size_t n, double *out,
    enum score_code how)
{
	float cols[MAX_FEATURES * SCORE_ROWS];
	double s[SCORE_ROWS];
	size_t nf = features_width(), stride = nf * SCORE_LANES, i, k, g;

	if (nf > MAX_FEATURES) {
		for (i = 0; i < n; i++)
			out[i] = model_score(m, rows + i * nf);
		return;
	}
	for (i = 0; i < n; i += k) {
		k = n - i < SCORE_ROWS ? n - i : SCORE_ROWS;
		for (g = 0; g < groups_of(k); g++)
			columns(m, rows + (i + g * SCORE_LANES) * nf,
			    k - g * SCORE_LANES < SCORE_LANES ?
			    k - g * SCORE_LANES : SCORE_LANES, nf,
			    cols + g * stride);
		lanes(m, cols, stride, groups_of(k), s, how);
		memcpy(out + i, s, k * sizeof(*s));
	}
}

void
score_rows(const struct model *m, const float *rows, size_t n, double *out)
{
	rows_with(m, rows, n, out, best_code(m));
}

void
score_columns(const struct model *m, const float *cols, size_t n,
    double *out)
{
	double s[SCORE_ROWS];

	if (n > SCORE_ROWS)
		n = SCORE_ROWS;
	if (n == 0)
		return;
	lanes(m, cols, features_width() * SCORE_LANES, groups_of(n), s,
	    best_code(m));
	memcpy(out, s, n * sizeof(*s));
}

void
score_rows_by(const struct model *m, const float *rows, size_t n,
    double *out, enum score_code code)
{
	rows_with(m, rows, n, out, code);
}
