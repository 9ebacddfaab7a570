#include "testutil.h"

#include <pthread.h>

#include "newsclean.h"

static const char page[] =
    "Home | World | Business | Sport\n"
    "Share on Facebook\n"
    "\n"
    "The council approved the new budget on Tuesday after a long debate "
    "about the cost of repairing the old bridge over the river.\n"
    "\n"
    "Members said the repairs could not wait another year, and the work "
    "will start in the spring if the weather allows it.\n"
    "\n"
    "Source link\n"
    "Related: something else entirely\n";

static const char article[] =
    "The council approved the new budget on Tuesday after a long debate "
    "about the cost of repairing the old bridge over the river.\n"
    "\n"
    "Members said the repairs could not wait another year, and the work "
    "will start in the spring if the weather allows it.\n";

struct fixture {
	newsclean *nc;
};

static int
setup(void **state)
{
	*state = calloc(1, sizeof(struct fixture));
	return *state == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	newsclean_free(f->nc);
	free(f);
	return 0;
}

static newsclean *
make(void **state, const struct newsclean_options *opt)
{
	struct fixture *f = *state;
	char err[256];

	f->nc = newsclean_new(opt, err, sizeof(err));
	assert_non_null(f->nc);
	return f->nc;
}

static void
test_clean_a_page(void **state)
{
	newsclean *nc = make(state, NULL);
	const char *out;
	size_t n;

	assert_int_equal(newsclean_clean(nc, page, sizeof(page) - 1, &out, &n),
	    0);
	assert_int_equal(n, sizeof(article) - 1);
	assert_memory_equal(out, article, n);
	/* the cleaner is ready for the next document */
	assert_int_equal(newsclean_clean(nc, "", 0, &out, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(newsclean_lines(nc), 0);
}

static void
test_verdicts(void **state)
{
	newsclean *nc = make(state, NULL);
	struct newsclean_line l;
	const char *out;
	size_t n;

	assert_int_equal(newsclean_clean(nc, page, sizeof(page) - 1, &out, &n),
	    0);
	assert_int_equal(newsclean_lines(nc), 9);
	assert_int_equal(newsclean_line(nc, 1, &l), 0);
	assert_false(l.kept);
	assert_memory_equal(l.text, "Share on Facebook", l.len);
	assert_true(strncmp(l.why, "share:en.rules:", 15) == 0);
	assert_int_equal(newsclean_line(nc, 3, &l), 0);
	assert_true(l.kept);
	assert_int_equal(newsclean_line(nc, 0, &l), 0);
	assert_false(l.kept);
	assert_int_equal(newsclean_line(nc, 9, &l), -1);
}

static void
test_errors_are_one_line(void **state)
{
	const char *files[] = { "/nonexistent/my.rules" };
	struct newsclean_options opt = { .rule_files = files,
		.nrule_files = 1 };
	struct newsclean_options cs = { .charset = "no-such-charset" };
	struct newsclean_options fail = { .invalid = NEWSCLEAN_INVALID_FAIL };
	char err[256];
	newsclean *nc;
	const char *out;
	size_t n;

	(void)state;
	assert_null(newsclean_new(&opt, err, sizeof(err)));
	assert_string_equal(err, "/nonexistent/my.rules: No such file or "
	    "directory");
	assert_null(newsclean_new(&cs, err, sizeof(err)));
	assert_string_equal(err, "unknown charset: no-such-charset");
	nc = newsclean_new(&fail, err, sizeof(err));
	assert_non_null(nc);
	assert_int_equal(newsclean_clean(nc, "caf\xe9\n", 5, &out, &n), -1);
	assert_string_equal(newsclean_error(nc), "offset 3: not valid UTF-8");
	newsclean_free(nc);
}

/*
 * page and article with the "e" of "debate" as an "\xe9" read in a
 * charset that is guessed, and as the UTF-8 it becomes.
 */
static bool
cleans_guessed(newsclean *nc)
{
	char in[sizeof(page)], want[sizeof(article) + 1];
	const char *out;
	size_t in_at = (size_t)(strstr(page, "debate") + 1 - page);
	size_t want_at = (size_t)(strstr(article, "debate") + 1 - article), n;

	memcpy(in, page, sizeof(page));
	in[in_at] = '\xe9';
	memcpy(want, article, want_at);
	memcpy(want + want_at, "\xc3\xa9", 2);
	memcpy(want + want_at + 2, article + want_at + 1,
	    sizeof(article) - want_at - 1);
	return newsclean_clean(nc, in, sizeof(in) - 1, &out, &n) == 0 &&
	    n == sizeof(want) - 1 && memcmp(out, want, n) == 0;
}

/*
 * Each thread cleans with a cleaner of its own, many times over; first a
 * page whose charset is guessed, so that both load the guesser at once.
 */
static void *
worker(void *arg)
{
	newsclean *nc = newsclean_new(arg, NULL, 0);
	const char *out;
	size_t n;
	int i;

	if (nc == NULL || !cleans_guessed(nc)) {
		newsclean_free(nc);
		return NULL;
	}
	for (i = 0; i < 50; i++)
		if (newsclean_clean(nc, page, sizeof(page) - 1, &out, &n) < 0 ||
		    n != sizeof(article) - 1 || memcmp(out, article, n) != 0)
			break;
	newsclean_free(nc);
	return (void *)(intptr_t)(i == 50);
}

static void
test_two_threads(void **state)
{
	static const struct newsclean_options opt;
	pthread_t t[2];
	void *ok[2];
	int i;

	(void)state;
	for (i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, worker,
		    (void *)&opt), 0);
	for (i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(t[i], &ok[i]), 0);
		assert_true(ok[i] != NULL);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_clean_a_page, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_verdicts, setup, teardown),
		cmocka_unit_test(test_errors_are_one_line),
		cmocka_unit_test(test_two_threads),
	};

	return cmocka_run_group_tests_name("library", tests, NULL, NULL);
}
