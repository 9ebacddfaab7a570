#include "harness.h"

#include "feat.h"
#include "linetab.h"
#include "model.h"
#include "util.h"

/* A model under test, and a line's features to score. */
struct fixture {
	struct features *f;
	float *row;
	struct model *m;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	f->f = features_new();
	f->row = calloc(features_width(), sizeof(*f->row));
	*state = f;
	return f->row == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	features_free(f->f);
	free(f->row);
	model_free(f->m);
	free(f);
	return 0;
}

static struct model *
parse(const char *text, char *err, size_t errsz)
{
	return model_parse(text, strlen(text), err, errsz);
}

static void
test_a_tree_scores(void **state)
{
	struct fixture *f = *state;
	char err[256];
	size_t w = features_width(), k, words = w, end = w;

	for (k = 0; k < w; k++) {
		if (strcmp(features_name(k), "words") == 0)
			words = k;
		if (strcmp(features_name(k), "end_sentence") == 0)
			end = k;
	}
	assert_true(words < w && end < w);
	f->m = parse("# a comment\n"
	    "newsclean-model 1\n"
	    "bias -1\n"
	    "switch 2.5\n"
	    "threshold 0.3\n"
	    "tree words 2 end_sentence 1 : 0.5 1 2 4\n"
	    "tree words 3 end_sentence 0.5 : 10 20 10 20\n", err,
	    sizeof(err));
	assert_non_null(f->m);
	assert_true(model_switch(f->m) == 2.5);
	assert_true(model_threshold(f->m) == 0.3);
	memset(f->row, 0, w * sizeof(*f->row));
	/* leaf 0 of both */
	assert_true(model_score(f->m, f->row) == -1 + 0.5 + 10);
	f->row[words] = 2;	/* at the threshold: level 0 is 1 */
	assert_true(model_score(f->m, f->row) == -1 + 1 + 10);
	f->row[end] = 1;
	assert_true(model_score(f->m, f->row) == -1 + 4 + 10);
	f->row[words] = 3.5;
	assert_true(model_score(f->m, f->row) == -1 + 4 + 20);
	f->row[words] = 0;
	assert_true(model_score(f->m, f->row) == -1 + 2 + 10);
}

static void
test_bad_models(void **state)
{
	static const struct {
		const char *text, *err;
	} cases[] = {
		{ "", "line 1: not a newsclean-model 1 file" },
		{ "newsclean-model 2\n", "line 1: not a newsclean-model 1 file" },
		{ "newsclean-model 1\nswitch 1\nthreshold 0.5\n",
		    "line 3: no bias line" },
		{ "newsclean-model 1\nbias x\n", "line 2: bias takes a number" },
		{ "newsclean-model 1\nbias 1\nswitch 1\nthreshold 1\n",
		    "line 4: switch must be at least 0, threshold between 0 "
		    "and 1" },
		{ "newsclean-model 1\ntree nosuch 1 : 1 2\n",
		    "line 2: unknown feature nosuch" },
		{ "newsclean-model 1\ntree words 1 : 1 2 3\n",
		    "line 2: a tree of 1 levels has 2 leaves" },
		{ "newsclean-model 1\ntree words 1 : 1\n",
		    "line 2: a tree of 1 levels needs 2 leaves" },
		{ "newsclean-model 1\ntree words : 1 2\n",
		    "line 2: a feature needs a threshold" },
		{ "newsclean-model 1\ntree words 1 : 1 2\ntree : 1\n",
		    "line 3: trees of 1 and 0 levels" },
		{ "newsclean-model 1\nforest 1\n",
		    "line 2: unknown keyword forest" },
	};
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		assert_null(parse(cases[i].text, err, sizeof(err)));
		assert_string_equal(err, cases[i].err);
	}
	/* a NUL byte is no text */
	assert_null(model_parse("newsclean-model 1\nbias 0\0", 25, err,
	    sizeof(err)));
	assert_string_equal(err, "line 2: a NUL byte");
}

static const char page[] =
    "Home\nNews\nSport\nWeather\nGardening\nMotoring\n\n"
    "The city library will keep its reading rooms open until midnight for "
    "the next six weeks, after students asked for a quiet place to study.\n"
    "The extra hours cost about as much as two part-time posts, the "
    "library board said on Monday, and will be paid from a local fund.\n"
    "Readers who come after nine will need their library card to enter "
    "the building, which will have two staff on duty until it closes.\n";

/*
 * The built-in model is rules/content.model: the file parsed scores every
 * line as the program's copy does, and it tells a menu from a story.
 */
static void
test_builtin_is_the_file(void **state)
{
	static const struct cleaner_config rules_only = { .sep = -1 };
	struct fixture *f = *state;
	struct ruleset *set = rules_new();
	struct harness *h;
	const struct linetab *t;
	const char *chunks[] = { page, NULL };
	char *text, err[256];
	size_t len, i;
	double menu, story;

	assert_int_equal(read_file("rules/content.model", &text, &len, err,
	    sizeof(err)), 0);
	f->m = model_parse(text, len, err, sizeof(err));
	free(text);
	assert_non_null(f->m);
	assert_true(model_switch(f->m) == model_switch(model_default()));
	assert_true(model_threshold(f->m) ==
	    model_threshold(model_default()));
	/* the line table as the rules leave it, as the detector sees it */
	assert_int_equal(rules_load_default(set), 0);
	h = harness_new(set, &rules_only);
	harness_clean(h, chunks);
	t = cleaner_table(h->c);
	features_compute(f->f, t);
	for (i = 0; i < t->n; i++) {
		if (!features_row(f->f, i, f->row))
			continue;
		assert_true(model_score(f->m, f->row) ==
		    model_score(model_default(), f->row));
	}
	assert_true(features_row(f->f, 5, f->row));	/* Motoring */
	menu = model_score(model_default(), f->row);
	assert_true(features_row(f->f, 8, f->row));
	story = model_score(model_default(), f->row);
	assert_true(story > 1.5);
	assert_true(menu < story);
	harness_free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_tree_scores, setup,
		    teardown),
		cmocka_unit_test(test_bad_models),
		cmocka_unit_test_setup_teardown(test_builtin_is_the_file, setup,
		    teardown),
	};

	return cmocka_run_group_tests_name("model", tests, NULL, NULL);
}
