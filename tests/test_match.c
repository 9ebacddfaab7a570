#include "harness.h"

#include "linetab.h"
#include "match.h"
#include "rules.h"

struct fixture {
	struct ruleset *set;
	struct matcher *m;
	int warnings;
	const struct rule *warned;
};

static void
count_warning(void *arg, const struct rule *r, const char *why)
{
	struct fixture *f = arg;

	(void)why;
	f->warnings++;
	f->warned = r;
}

static const char rules_text[] =
    "[share]\n"
    "drop  /^share on (facebook|twitter)$/i\n"	/* 0 */
    "drop  /^Поделиться$/i\n"			/* 1 */
    "[caption]\n"
    "drop  /\\(Getty Images\\)$/\n"		/* 2: unanchored */
    "[footer]\n"
    "cut   /^source link$/i\n"			/* 3 */
    "drop  /^source/i\n"			/* 4: shadowed by 3 */
    "keep  /^share on facebook today$/i\n"	/* 5 */
    "strip /\\s*\\(opens in a new tab\\)/i\n"	/* 6 */
    "strip /^Ad: /\n"				/* 7 */
    "drop  /^(a+)+$/\n"				/* 8: backtracks badly */
    "block /^support us/i .. /^related$/i\n";	/* 9 */

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->set = rules_from_text(rules_text);
	f->m = matcher_new(f->set, true, count_warning, f);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	matcher_free(f->m);
	rules_free(f->set);
	free(f);
	return 0;
}

static const struct rule *
decide(struct fixture *f, const char *s)
{
	return matcher_decide(f->m, s, strlen(s));
}

static size_t
index_of(const struct rule *r)
{
	return r == NULL ? (size_t)-1 : rule_index(r);
}

static void
test_first_byte_buckets_respect_case(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(index_of(decide(f, "Share on Facebook")), 0);
	assert_int_equal(index_of(decide(f, "SHARE ON TWITTER")), 0);
	assert_null(decide(f, "share on myspace"));
	/* a caseless non-ASCII first letter whose cases differ in lead byte */
	assert_int_equal(index_of(decide(f, "Поделиться")), 1);
	assert_int_equal(index_of(decide(f, "пОДЕЛИТЬСЯ")), 1);
}

static void
test_unanchored_rule_runs_on_every_line(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(index_of(decide(f, "Xi meets Putin (Getty Images)")), 2);
	assert_int_equal(index_of(decide(f, "1 (Getty Images)")), 2);
}

static void
test_first_rule_in_file_order_wins(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(index_of(decide(f, "Source link")), 3);
	assert_int_equal(index_of(decide(f, "Sources say")), 4);
}

static void
test_keep_rules_are_separate(void **state)
{
	struct fixture *f = *state;
	const char *s = "Share on Facebook today";

	assert_int_equal(index_of(matcher_keep(f->m, s, strlen(s))), 5);
	assert_null(matcher_keep(f->m, "Share on Facebook", 17));
	assert_null(decide(f, s));
}

static void
test_strip_spans(void **state)
{
	struct fixture *f = *state;
	struct linetab t;
	const char text[] = "  Ad: Read the docs (opens in a new tab) now ";
	char out[sizeof(text)];
	size_t n;

	linetab_init(&t);
	linetab_split(&t, text, sizeof(text) - 1);
	assert_int_equal(t.n, 1);
	assert_int_equal(index_of(matcher_strip(f->m, &t, 0)), 6);
	assert_int_equal(t.lines[0].nstrip, 2);
	/* spans are kept in order of offset, whichever rule found them */
	assert_true(t.spans[0].off < t.spans[1].off);
	n = linetab_render(&t, 0, out);
	assert_int_equal(n, strlen("  Read the docs now"));
	assert_memory_equal(out, "  Read the docs now", n);
	linetab_free(&t);
}

static void
test_block_end(void **state)
{
	struct fixture *f = *state;
	const struct rule *r = decide(f, "Support us today");

	assert_int_equal(index_of(r), 9);
	assert_true(matcher_block_ends(f->m, r, "Related", 7));
	assert_false(matcher_block_ends(f->m, r, "Body", 4));
}

static void
test_match_limit_warns_once_and_goes_on(void **state)
{
	struct fixture *f = *state;
	char line[4096];

	memset(line, 'a', sizeof(line) - 2);
	line[sizeof(line) - 2] = 'b';
	line[sizeof(line) - 1] = '\0';
	assert_null(decide(f, line));
	assert_null(decide(f, line));
	assert_int_equal(f->warnings, 1);
	assert_int_equal(index_of(f->warned), 8);
	/* the matcher still works on other lines */
	assert_int_equal(index_of(decide(f, "share on twitter")), 0);
}

static void
test_invalid_utf8_is_matched_not_rejected(void **state)
{
	struct fixture *f = *state;
	const char s[] = "share on \xff\xfe (Getty Images)";

	assert_int_equal(index_of(decide(f, s)), 2);
	assert_int_equal(f->warnings, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_first_byte_buckets_respect_case, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_unanchored_rule_runs_on_every_line, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_first_rule_in_file_order_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_rules_are_separate,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_strip_spans, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_block_end, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_match_limit_warns_once_and_goes_on, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_invalid_utf8_is_matched_not_rejected, setup, teardown),
	};

	return cmocka_run_group_tests_name("match", tests, NULL, NULL);
}
