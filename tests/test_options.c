#include "testutil.h"

#include <getopt.h>

#include "options.h"

struct fixture {
	struct options o;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	optind = 0;	/* glibc: 0 resets getopt for a new argv */
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	options_free(&f->o);
	free(f);
	return 0;
}

static int
parse(struct fixture *f, char **argv)
{
	int argc = 0;

	while (argv[argc] != NULL)
		argc++;
	return options_parse(&f->o, argc, argv);
}

static void
test_defaults(void **state)
{
	struct fixture *f = *state;
	char *argv[] = { "newsclean", NULL };

	assert_int_equal(parse(f, argv), 0);
	assert_int_equal(f->o.nrule_files, 0);
	assert_false(f->o.null_data);
	assert_false(f->o.no_default_rules);
	assert_int_equal(f->o.nfiles, 0);
}

static void
test_flags_and_files(void **state)
{
	struct fixture *f = *state;
	char *argv[] = { "newsclean", "-z", "-r", "a.rules", "--rules=b.rules",
		"--explain", "--stats", "--no-default-rules", "x.txt", "-",
		"--", "-r", NULL };

	assert_int_equal(parse(f, argv), 0);
	assert_true(f->o.null_data);
	assert_true(f->o.explain);
	assert_true(f->o.stats);
	assert_true(f->o.no_default_rules);
	assert_int_equal(f->o.nrule_files, 2);
	assert_string_equal(f->o.rule_files[0], "a.rules");
	assert_string_equal(f->o.rule_files[1], "b.rules");
	assert_int_equal(f->o.nfiles, 3);
	assert_string_equal(f->o.files[0], "x.txt");
	assert_string_equal(f->o.files[1], "-");
	assert_string_equal(f->o.files[2], "-r");
}

static void
test_charsets_files_and_records(void **state)
{
	struct fixture *f = *state;
	char *argv[] = { "newsclean", "-f", "cp1251", "--fallback-charset=koi8-r",
		"--invalid=keep", "--normalize", "--jsonl=body", "--jsonl-stats",
		"--on-bad-record", "pass", "-i.orig", "a.jsonl", NULL };

	assert_int_equal(parse(f, argv), 0);
	assert_string_equal(f->o.charset, "cp1251");
	assert_string_equal(f->o.fallback, "koi8-r");
	assert_int_equal(f->o.invalid, INVALID_KEEP);
	assert_true(f->o.normalize);
	assert_string_equal(f->o.jsonl, "body");
	assert_true(f->o.jsonl_stats);
	assert_int_equal(f->o.on_bad_record, BAD_PASS);
	assert_true(f->o.in_place);
	assert_string_equal(f->o.backup_suffix, ".orig");
	assert_int_equal(f->o.nfiles, 1);
}

static void
test_optional_arguments(void **state)
{
	struct fixture *f = *state;
	char *argv[] = { "newsclean", "--jsonl", "-i", "a.jsonl", NULL };

	assert_int_equal(parse(f, argv), 0);
	assert_string_equal(f->o.jsonl, "text");
	assert_true(f->o.in_place);
	assert_null(f->o.backup_suffix);	/* -i alone keeps no copy */
	assert_string_equal(f->o.files[0], "a.jsonl");
}

/* An empty suffix keeps no copy, as -i alone (it named FILE itself). */
static void
test_empty_suffix_keeps_no_copy(void **state)
{
	struct fixture *f = *state;
	char *argv[] = { "newsclean", "--in-place=", "a.txt", NULL };

	assert_int_equal(parse(f, argv), 0);
	assert_true(f->o.in_place);
	assert_null(f->o.backup_suffix);
}

static void
test_misused_combinations(void **state)
{
	char *bad[][5] = {
		{ "newsclean", "--invalid=maybe", NULL },
		{ "newsclean", "--jsonl", "--on-bad-record=never", NULL },
		{ "newsclean", "--jsonl-stats", NULL },
		{ "newsclean", "--jsonl", "-z", NULL },
		{ "newsclean", "-o", "out", "-i", "a" },
		{ "newsclean", "-i", NULL },
		{ "newsclean", "-o", "out", "-", NULL },
		{ "newsclean", "-o", "", "a", NULL },
		{ "newsclean", "--explain", "-i", "a", NULL },
		{ "newsclean", "--explain", "-o", "out", "a" },
		{ "newsclean", "-i/", "a", NULL },
		{ "newsclean", "--in-place=old/", "a", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fixture *f = *state;
		int argc = 0;

		while (argc < 5 && bad[i][argc] != NULL)
			argc++;
		optind = 0;
		assert_int_equal(options_parse(&f->o, argc, bad[i]), -1);
	}
}

static void
test_help_version_check_list(void **state)
{
	struct fixture *f = *state;
	char *argv[] = { "newsclean", "-h", "-V", "--check", "--list-rules",
		NULL };

	assert_int_equal(parse(f, argv), 0);
	assert_true(f->o.help);
	assert_true(f->o.version);
	assert_true(f->o.check);
	assert_true(f->o.list_rules);
}

/* Parse with the error message out of sight. */
static int
parse_quietly(struct fixture *f, char **argv)
{
	FILE *saved = stderr;
	int rc;

	stderr = fopen("/dev/null", "w");
	assert_non_null(stderr);
	rc = parse(f, argv);
	fclose(stderr);
	stderr = saved;
	return rc;
}

static void
test_unknown_option_is_an_error(void **state)
{
	char *argv[] = { "newsclean", "--no-such-option", NULL };

	assert_int_equal(parse_quietly(*state, argv), -1);
}

static void
test_missing_argument_is_an_error(void **state)
{
	char *argv[] = { "newsclean", "-r", NULL };

	assert_int_equal(parse_quietly(*state, argv), -1);
}

/* -j takes a whole number of threads, 1 to JOBS_MAX, and nothing else. */
static void
test_jobs(void **state)
{
	struct fixture *f = *state;
	char *one[] = { "newsclean", "-j", "4", NULL };
	char *two[] = { "newsclean", "--jobs=256", "-j1", NULL };
	char *none[] = { "newsclean", NULL };
	const char *bad[] = { "0", "", "x", "2x", "-1", "+2", " 2", "257",
		"99999999999999999999", "1.5", "0x10" };
	size_t i;

	assert_int_equal(parse(f, none), 0);
	assert_int_equal(f->o.jobs, 0);		/* one per CPU */
	optind = 0;
	assert_int_equal(parse(f, one), 0);
	assert_int_equal(f->o.jobs, 4);
	optind = 0;
	assert_int_equal(parse(f, two), 0);
	assert_int_equal(f->o.jobs, 1);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *argv[] = { "newsclean", "-j", (char *)bad[i], NULL };

		optind = 0;
		assert_int_equal(parse_quietly(f, argv), -1);
	}
}

static void
test_help_lists_every_option(void **state)
{
	static const char *const names[] = { "--rules", "--no-default-rules",
		"--null-data", "--explain", "--stats", "--check",
		"--list-rules", "--help", "--version" };
	char *text = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&text, &len);

	(void)state;
	assert_non_null(fp);
	options_help(fp);
	fclose(fp);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		assert_non_null(strstr(text, names[i]));
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flags_and_files, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_charsets_files_and_records,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_optional_arguments, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_empty_suffix_keeps_no_copy,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_misused_combinations, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_help_version_check_list,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_option_is_an_error,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_missing_argument_is_an_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jobs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help_lists_every_option,
		    setup, teardown),
	};

	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
