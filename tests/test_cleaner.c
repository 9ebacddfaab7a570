#include "harness.h"

#include "linetab.h"

static const char rules_text[] =
    "[share]\n"
    "drop  /^share on facebook$/i\n"
    "[footer]\n"
    "cut   /^source link$/i\n"
    "[donation]\n"
    "block /^support us$/i .. /^related$/i\n"
    "block /^donate$/i .. blank\n"
    "block /^ad$/i .. 2\n"
    "block /^promo$/i .. /^never$/ 3\n"
    "[protect]\n"
    "keep  /^share on facebook or not$/i\n"
    "keep  /^keep me$/\n"
    "[inline]\n"
    "strip /\\s*\\(opens in a new tab\\)$/i\n"
    "strip /^nothing but this$/\n";

static const struct cleaner_config rules_only = { .sep = -1 };

static int
setup(void **state)
{
	*state = harness_new(rules_from_text(rules_text), &rules_only);
	return 0;
}

static int
teardown(void **state)
{
	harness_free(*state);
	return 0;
}

static const char *
clean(struct harness *f, const char *text)
{
	const char *chunks[] = { text, NULL };

	return harness_clean(f, chunks);
}

static void
test_drop(void **state)
{
	assert_string_equal(clean(*state, "Title\nShare on Facebook\nBody\n"),
	    "Title\nBody\n");
}

static void
test_cut_runs_to_end_of_document_across_chunks(void **state)
{
	struct harness *f = *state;
	const char *chunks[] = { "Body\nSource link\n", "tail\n", "more\n",
		NULL };

	assert_string_equal(harness_clean(f, chunks), "Body\n");
	/* and stops there: the next document starts clean */
	assert_string_equal(clean(f, "Next\n"), "Body\nNext\n");
}

static void
test_block_through_end_pattern(void **state)
{
	assert_string_equal(clean(*state, "Body\n\nSupport us\n\nplease\n\n"
	    "Related\nAfter\n"), "Body\n\nAfter\n");
}

static void
test_block_to_blank_line(void **state)
{
	assert_string_equal(clean(*state, "Body\nDonate\nnow\n\nAfter\n"),
	    "Body\n\nAfter\n");
}

static void
test_block_by_count_and_limit(void **state)
{
	assert_string_equal(clean(*state, "Ad\nsecond\nthird\n"), "third\n");
	/* the limit counts the start line and non-blank lines only */
	assert_string_equal(clean(*state, "Promo\na\n\nb\nc\nd\n"),
	    "third\nc\nd\n");
}

static void
test_keep_wins(void **state)
{
	struct harness *f = *state;

	assert_string_equal(clean(f, "Share on Facebook or not\nSource link\n"
	    "gone\nkeep me\n"), "Share on Facebook or not\nkeep me\n");
}

static void
test_strip(void **state)
{
	struct harness *f = *state;
	const struct stats *st;

	assert_string_equal(clean(f, "Read this (opens in a new tab)\n"
	    "nothing but this\nend\n"), "Read this\nend\n");
	st = cleaner_stats(f->c);
	assert_int_equal(st->lines, 3);
	assert_int_equal(st->dropped, 1);
}

static void
test_stats_count_per_category(void **state)
{
	struct harness *f = *state;
	const struct stats *st;
	size_t i, share = 0, footer = 0;

	clean(f, "a\nShare on Facebook\nShare on Facebook\nSource link\nx\n");
	st = cleaner_stats(f->c);
	/* the last category is the content detector's: none here */
	assert_int_equal(st->ncat, rules_categories(f->set) + 1);
	assert_int_equal(st->by_category[st->ncat - 1], 0);
	for (i = 0; i + 1 < st->ncat; i++) {
		if (strcmp(rules_category_name(f->set, i), "share") == 0)
			share = st->by_category[i];
		if (strcmp(rules_category_name(f->set, i), "footer") == 0)
			footer = st->by_category[i];
	}
	assert_int_equal(st->lines, 5);
	assert_int_equal(st->kept, 1);
	assert_int_equal(share, 2);
	assert_int_equal(footer, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_drop, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_cut_runs_to_end_of_document_across_chunks, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_block_through_end_pattern,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_block_to_blank_line, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_block_by_count_and_limit,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_wins, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_strip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_count_per_category,
		    setup, teardown),
	};

	return cmocka_run_group_tests_name("cleaner", tests, NULL, NULL);
}
