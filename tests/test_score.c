#include "harness.h"

#include <glob.h>
#include <math.h>

#include "default_model.h"
#include "feat.h"
#include "linetab.h"
#include "model.h"
#include "score.h"
#include "util.h"

/* Rows to score, and what each way of scoring them gave. */
struct fixture {
	float *rows;
	double *want, *got, *by;		/* by one code */
	size_t n, cap;
	struct model *m;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	free(f->rows);
	free(f->want);
	free(f->got);
	free(f->by);
	model_free(f->m);
	free(f);
	return 0;
}

/* Room for row n, which is returned, zeroed. */
static float *
add_row(struct fixture *f)
{
	size_t w = features_width();

	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 64;
		f->rows = realloc(f->rows, f->cap * w * sizeof(*f->rows));
		assert_non_null(f->rows);
	}
	memset(f->rows + f->n * w, 0, w * sizeof(*f->rows));
	return f->rows + f->n++ * w;
}

/*
 * The rows, scored in calls of every size from one to a few lanes past
 * SCORE_ROWS (whole groups of SCORE_LANES and a partial last), by score_rows and by each code that runs here: each score
 * is model_score's, to the bit.
 */
static void
agree(struct fixture *f, const struct model *m)
{
	size_t w = features_width(), i, k, group;
	enum score_code code;

	f->want = realloc(f->want, (f->n + 1) * sizeof(*f->want));
	f->got = realloc(f->got, (f->n + 1) * sizeof(*f->got));
	f->by = realloc(f->by, (f->n + 1) * sizeof(*f->got));
	assert_true(f->want && f->got && f->by);
	for (i = 0; i < f->n; i++)
		f->want[i] = model_score(m, f->rows + i * w);
	for (group = 1; group <= SCORE_ROWS + SCORE_LANES + 3; group++) {
		for (i = 0; i < f->n; i += k) {
			k = f->n - i < group ? f->n - i : group;
			score_rows(m, f->rows + i * w, k, f->got + i);
		}
		for (i = 0; i < f->n; i++)
			assert_memory_equal(&f->got[i], &f->want[i],
			    sizeof(double));
		for (code = SCORE_PORTABLE; code <= SCORE_AVX512; code++) {
			if (!score_code_runs(m, code))
				continue;
			for (i = 0; i < f->n; i += k) {
				k = f->n - i < group ? f->n - i : group;
				score_rows_by(m, f->rows + i * w, k,
				    f->by + i, code);
			}
			for (i = 0; i < f->n; i++)
				assert_memory_equal(&f->by[i],
				    &f->want[i], sizeof(double));
		}
	}
}

/* A small model: leaves and lanes as the format says. */
static void
test_a_small_model(void **state)
{
	struct fixture *f = *state;
	char err[256];
	const char *text = "newsclean-model 1\nbias -1\nswitch 1\n"
	    "threshold 0.5\n"
	    "tree words 2 end_sentence 1 : 0.5 1 2 4\n"
	    "tree words 3 end_sentence 0.5 : 10 20 10 20\n"
	    "tree chars 0.1 words 3 : 0.125 0.25 0.0625 3e-9\n";
	size_t words = 0, end = 0, chars = 0, k, i;
	double one;
	float *r;

	for (k = 0; features_name(k) != NULL; k++) {
		if (strcmp(features_name(k), "words") == 0)
			words = k;
		if (strcmp(features_name(k), "end_sentence") == 0)
			end = k;
		if (strcmp(features_name(k), "chars") == 0)
			chars = k;
	}
	f->m = model_parse(text, strlen(text), err, sizeof(err));
	assert_non_null(f->m);
	for (i = 0; i < SCORE_ROWS + 3 * SCORE_LANES + 1; i++) {
		r = add_row(f);
		r[words] = (float)(i % 5);	/* below, at and past 2 and 3 */
		r[end] = (float)(i % 3) / 2;
		r[chars] = i % 2 ? 0.1f : 0.05f;
	}
	agree(f, f->m);
	/* one row alone: leaf 3, leaf 3 and leaf 2 */
	f->n = 0;
	r = add_row(f);
	r[words] = 3;
	r[end] = 1;
	score_rows(f->m, r, 1, &one);
	assert_true(one == -1.0 + 4 + 20 + 0.0625);
}

/*
 * Random rows for the built-in model: each feature at one of its
 * thresholds, just below one, or anywhere, so that every question is
 * answered both ways and at its edge.
 */
static void
test_random_rows(void **state)
{
	struct fixture *f = *state;
	const struct model *m = model_default();
	size_t w = features_width(), nq = m->ntrees * m->depth, i, k;
	unsigned seed = 18;

	for (i = 0; i < 4000; i++) {
		float *r = add_row(f);

		for (k = 0; k < w; k++) {
			size_t q = (size_t)rand_r(&seed) % nq;
			float th = m->threshold_at[q];

			switch (rand_r(&seed) % 4) {
			case 0:
				r[k] = th;
				break;
			case 1:
				r[k] = nextafterf(th, -INFINITY);
				break;
			case 2:
				r[k] = (float)(rand_r(&seed) % 10000) / 1000;
				break;
			default:
				r[k] = 0;
			}
		}
	}
	agree(f, m);
}

/*
 * The lines of a page side by side, as the detector scores them
 * (features_column, score_columns), a few rows at a time, up to
 * SCORE_ROWS, in groups of SCORE_LANES: model_score's numbers.
 */
static void
columns_agree(const struct features *feat, const struct linetab *t)
{
	size_t w = features_width(), i, k, n = 0, at[SCORE_ROWS];
	float *cols = calloc(w * SCORE_ROWS, sizeof(*cols));
	float *row = calloc(w, sizeof(*row));
	double s[SCORE_ROWS];

	assert_true(cols && row);
	for (i = 0; i <= t->n; i++) {
		if (i < t->n && features_column(feat, i, cols + n /
		    SCORE_LANES * w * SCORE_LANES + n % SCORE_LANES,
		    SCORE_LANES))
			at[n++] = i;
		/* now and then a short call, else a full one or the last */
		if (n == 0 || (n < SCORE_ROWS && i < t->n && i % 23 != 0))
			continue;
		score_columns(model_default(), cols, n, s);
		for (k = 0; k < n; k++) {
			double want;

			assert_true(features_row(feat, at[k], row));
			want = model_score(model_default(), row);
			assert_memory_equal(&s[k], &want, sizeof(want));
		}
		n = 0;
	}
	free(cols);
	free(row);
}

/* The rows of real pages (the detector's tests'), as it scores them. */
static void
test_real_rows(void **state)
{
	static const struct cleaner_config rules_only = { .sep = -1 };
	struct fixture *f = *state;
	struct features *feat = features_new();
	struct ruleset *set = rules_new();
	struct harness *h;
	glob_t g;
	size_t p, i;

	assert_int_equal(glob("tests/detect/*.txt", 0, NULL, &g), 0);
	assert_int_equal(rules_load_default(set), 0);
	h = harness_new(set, &rules_only);
	for (p = 0; p < g.gl_pathc; p++) {
		const char *chunks[] = { NULL, NULL };
		const struct linetab *t;
		char *text, *page, err[256];
		size_t len;

		assert_int_equal(read_file(g.gl_pathv[p], &text, &len, err,
		    sizeof(err)), 0);
		/* a string, as the harness takes it */
		chunks[0] = page = strndup(text, len);
		assert_non_null(page);
		harness_clean(h, chunks);
		t = cleaner_table(h->c);
		features_compute(feat, t);
		for (i = 0; i < t->n; i++)
			if (!features_row(feat, i, add_row(f)))
				f->n--;
		columns_agree(feat, t);
		free(page);
		free(text);
	}
	assert_true(f->n > 100);
	agree(f, model_default());
	globfree(&g);
	features_free(feat);
	harness_free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_small_model, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_random_rows, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_real_rows, setup,
		    teardown),
	};

	return cmocka_run_group_tests_name("score", tests, NULL, NULL);
}
