#include "testutil.h"

#include "rules.h"

struct fixture {
	struct ruleset *set;
	char *paths[4];
	int npaths;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->set = rules_new();
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int i;

	rules_free(f->set);
	for (i = 0; i < f->npaths; i++) {
		unlink(f->paths[i]);
		free(f->paths[i]);
	}
	free(f);
	return 0;
}

static const char *
rule_file_of(struct fixture *f, const char *text)
{
	assert_true(f->npaths < 4);
	f->paths[f->npaths] = temp_file(text, strlen(text));
	return f->paths[f->npaths++];
}

static int
load(struct fixture *f, const char *text)
{
	return rules_load_file(f->set, rule_file_of(f, text));
}

/* The error message without its leading file name. */
static const char *
error_after_file(struct fixture *f)
{
	const char *e = rules_error(f->set);
	const char *p = strchr(e, ':');

	assert_non_null(p);
	return p + 1;
}

/* Loading text as a rule file fails with the error want (after the file). */
static void
load_fails(struct fixture *f, const char *text, const char *want)
{
	assert_int_equal(load(f, text), -1);
	assert_string_equal(error_after_file(f), want);
}

static void
test_actions_and_categories(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load(f, "# comment\n\n"
	    "[share]\n"
	    "drop  /^share on facebook$/i   # trailing comment\n"
	    "[footer]\n"
	    "cut   /^source link$/i\n"
	    "keep  /^keep me$/\n"
	    "strip /\\s*\\(opens in a new tab\\)$/i\n"
	    "block /^support us/i .. /^related$/i\n"
	    "section /^most read$/i\n"
	    "trailer /^comments$/i\n"), 0);
	assert_int_equal(rules_count(f->set), 7);
	assert_int_equal(rule_action(rules_at(f->set, 0)), ACTION_DROP);
	assert_string_equal(rule_category_name(rules_at(f->set, 0)), "share");
	assert_int_equal(rule_line(rules_at(f->set, 0)), 4);
	assert_int_equal(rule_action(rules_at(f->set, 1)), ACTION_CUT);
	assert_string_equal(rule_category_name(rules_at(f->set, 1)), "footer");
	assert_int_equal(rule_action(rules_at(f->set, 2)), ACTION_KEEP);
	assert_int_equal(rule_action(rules_at(f->set, 3)), ACTION_STRIP);
	assert_int_equal(rule_action(rules_at(f->set, 4)), ACTION_BLOCK);
	assert_int_equal(rule_block_end(rules_at(f->set, 4)),
	    BLOCK_END_PATTERN);
	assert_non_null(rule_end_code(rules_at(f->set, 4)));
	assert_int_equal(rule_action(rules_at(f->set, 5)), ACTION_SECTION);
	assert_int_equal(rule_action(rules_at(f->set, 6)), ACTION_TRAILER);
	assert_string_equal(rule_source(rules_at(f->set, 0)),
	    "drop  /^share on facebook$/i");
}

static void
test_category_defaults_to_file_stem(void **state)
{
	struct fixture *f = *state;
	const char *path = rule_file_of(f, "drop /x/\n");
	const char *stem = strrchr(path, '/') + 1;

	assert_int_equal(rules_load_file(f->set, path), 0);
	assert_string_equal(rule_category_name(rules_at(f->set, 0)), stem);
}

static void
test_block_ends(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load(f, "block /^a/ .. blank\n"
	    "block /^b/ .. 3\n"
	    "block /^c/ .. /^d/ 7\n"), 0);
	assert_int_equal(rule_block_end(rules_at(f->set, 0)), BLOCK_END_BLANK);
	assert_int_equal(rule_block_end(rules_at(f->set, 1)), BLOCK_END_COUNT);
	assert_int_equal(rule_block_lines(rules_at(f->set, 1)), 3);
	assert_int_equal(rule_block_lines(rules_at(f->set, 2)), 7);
}

static void
test_bad_pattern_names_line_and_column(void **state)
{
	struct fixture *f = *state;

	load_fails(f, "\n[x]\ndrop  /a(b/\n",
	    "3:11: missing closing parenthesis");
}

static void
test_unknown_action(void **state)
{
	struct fixture *f = *state;

	load_fails(f, "  frop /x/\n", "1:3: unknown action 'frop' "
	    "(known: drop, cut, block, keep, strip, section, trailer, hint, "
	    "include, set)");
	assert_int_equal(rules_count(f->set), 0);
}

/* A message quotes the rule file: its control bytes must not reach a terminal. */
static void
test_error_shows_control_bytes(void **state)
{
	static const char nul_flag[] = "drop /a/\0\n";
	struct fixture *f = *state;
	char *path;

	load_fails(f, "drop /a/\033\n", "1:9: unknown flag '\\x1b' "
	    "(known: i, x)");
	load_fails(f, "d\001op /a/\n", "1:1: unknown action "
	    "'d\\x01op' (known: drop, cut, block, keep, strip, section, "
	    "trailer, hint, include, set)");
	path = temp_file(nul_flag, sizeof(nul_flag) - 1);
	assert_int_equal(rules_load_file(f->set, path), -1);
	unlink(path);
	free(path);
	assert_string_equal(error_after_file(f), "1:9: unknown flag '\\x00' "
	    "(known: i, x)");
}

static void
test_syntax_errors(void **state)
{
	struct fixture *f = *state;

	load_fails(f, "drop /abc\n", "1:6: pattern has no closing /");
	load_fails(f, "drop /abc/q\n", "1:11: unknown flag 'q' "
	    "(known: i, x)");
	load_fails(f, "drop /abc/ extra\n", "1:12: unexpected text after "
	    "the rule");
	load_fails(f, "block /abc/ .. 0\n", "1:16: block end must be "
	    "/pattern/, 'blank' or a line count from 1 to 100000");
}

static void
test_include_resolves_beside_the_file(void **state)
{
	struct fixture *f = *state;
	const char *inner = rule_file_of(f, "[inner]\ndrop /^inner$/\n");
	char outer[256];

	snprintf(outer, sizeof(outer), "drop /^first$/\ninclude %s\n"
	    "drop /^last$/\n", strrchr(inner, '/') + 1);
	assert_int_equal(load(f, outer), 0);
	assert_int_equal(rules_count(f->set), 3);
	assert_string_equal(rule_category_name(rules_at(f->set, 1)), "inner");
	/* a category set inside the included file stays there */
	assert_string_not_equal(rule_category_name(rules_at(f->set, 2)),
	    "inner");
}

static void
test_include_cycle(void **state)
{
	struct fixture *f = *state;
	char path[] = "/tmp/newsclean-cycle-XXXXXX";
	char text[128];
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	snprintf(text, sizeof(text), "drop /x/\ninclude %s\n",
	    strrchr(path, '/') + 1);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_int_equal(rules_load_file(f->set, path), -1);
	assert_non_null(strstr(rules_error(f->set), "include cycle"));
	assert_non_null(strstr(rules_error(f->set), ":2:9: "));
	unlink(path);
}

static void
test_include_missing_file(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load(f, "include no-such-file.rules\n"), -1);
	assert_non_null(strstr(rules_error(f->set), ":1:9: cannot include "));
	assert_non_null(strstr(rules_error(f->set), "No such file"));
}

static void
test_missing_file(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(rules_load_file(f->set, "/nonexistent/x.rules"), -1);
	assert_string_equal(rules_error(f->set),
	    "/nonexistent/x.rules: No such file or directory");
}

static void
test_escaped_slashes(void **state)
{
	struct fixture *f = *state;
	/* after an odd run of backslashes a slash is part of the pattern,
	 * after an even one it closes it */
	const char text[] = "[x]\n"
	    "drop /a\\/b/\n"
	    "drop /c\\\\/\n"
	    "drop /d\\\\\\/e/i\n"
	    "drop /f\\\\\\\\/\n"
	    "drop /\\/\\\\\\//\n";
	const char *want[] = { "a\\/b", "c\\\\", "d\\\\\\/e",
	    "f\\\\\\\\", "\\/\\\\\\/" };
	size_t i;

	assert_int_equal(rules_load_text(f->set, "t.rules", text,
	    sizeof(text) - 1), 0);
	assert_int_equal(rules_count(f->set), 5);
	for (i = 0; i < 5; i++)
		assert_string_equal(rule_pattern(rules_at(f->set, i)),
		    want[i]);
	load_fails(f, "drop /g\\/\n", "1:6: pattern has no closing /");
	load_fails(f, "drop /h\\\\/ x\n", "1:12: unexpected text after "
	    "the rule");
}

/* Rules given as text are checked at once, like rule files: only the
 * built-in ones, checked at build time, are compiled on first use. */
static void
test_rules_from_text_are_compiled_at_load(void **state)
{
	struct fixture *f = *state;
	const char text[] = "[x]\ndrop /a(b/\n";

	assert_int_equal(rules_load_text(f->set, "t.rules", text,
	    sizeof(text) - 1), -1);
	assert_string_equal(rules_error(f->set),
	    "t.rules:2:10: missing closing parenthesis");
}

static void
test_nul_byte_in_pattern(void **state)
{
	struct fixture *f = *state;
	const char text[] = "[x]\ndrop /ab\0|c/\n";

	assert_int_equal(rules_load_text(f->set, "t.rules", text,
	    sizeof(text) - 1), -1);
	assert_string_equal(rules_error(f->set),
	    "t.rules:2:9: NUL byte in pattern");
}

/*
 * The code serialised at build time, and the pattern compiled now, taken
 * through the same serialising and decoding (which marks a code's tables
 * as shared) so that the two can be compared byte for byte.
 */
static void
assert_same_code(const pcre2_code *decoded, const pcre2_code *fresh)
{
	pcre2_code *again;
	uint8_t *x, *y;
	PCRE2_SIZE nx, ny;

	assert_int_equal(pcre2_serialize_encode(&fresh, 1, &y, &ny, NULL), 1);
	assert_int_equal(pcre2_serialize_decode(&again, 1, y, NULL), 1);
	pcre2_serialize_free(y);
	assert_int_equal(pcre2_serialize_encode(
	    (const pcre2_code **)&again, 1, &y, &ny, NULL), 1);
	assert_int_equal(pcre2_serialize_encode(&decoded, 1, &x, &nx, NULL),
	    1);
	assert_int_equal(nx, ny);
	assert_memory_equal(x, y, nx);
	pcre2_serialize_free(x);
	pcre2_serialize_free(y);
	pcre2_code_free(again);
}

/*
 * Each built-in rule gets the code of its own pattern and flags from the
 * block compiled at build time (not, say, its neighbour's in the sorted
 * keys), byte for byte what compiling it now gives.
 */
static void
test_builtin_codes_are_their_patterns(void **state)
{
	struct fixture *f = *state;
	size_t i;

	assert_int_equal(rules_load_default(f->set), 0);
	for (i = 0; i < rules_count(f->set); i++) {
		const struct rule *r = rules_at(f->set, i);
		const char *pat = rule_pattern(r);
		const char *flags = strstr(rule_source(r), pat);
		uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
		pcre2_code *fresh;
		PCRE2_SIZE off;
		int errcode;

		assert_non_null(flags);
		for (flags += strlen(pat) + 1; *flags != '\0' && *flags != ' ';
		    flags++)
			opts |= *flags == 'i' ? PCRE2_CASELESS : PCRE2_EXTENDED;
		fresh = pcre2_compile((PCRE2_SPTR)pat, strlen(pat), opts,
		    &errcode, &off, NULL);
		assert_non_null(fresh);
		assert_same_code(rule_code(r), fresh);
		pcre2_code_free(fresh);
	}
}

static void
test_default_rules_load(void **state)
{
	struct fixture *f = *state;
	size_t i;
	bool cut = false;

	assert_int_equal(rules_load_default(f->set), 0);
	assert_true(rules_count(f->set) > 100);
	for (i = 0; i < rules_count(f->set); i++)
		if (rule_action(rules_at(f->set, i)) == ACTION_CUT)
			cut = true;
	assert_true(cut);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_actions_and_categories,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_category_defaults_to_file_stem, setup, teardown),
		cmocka_unit_test_setup_teardown(test_block_ends, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_bad_pattern_names_line_and_column, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_shows_control_bytes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_action, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_syntax_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_include_resolves_beside_the_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_include_cycle, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_include_missing_file,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_escaped_slashes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_rules_from_text_are_compiled_at_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_byte_in_pattern, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_default_rules_load, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_builtin_codes_are_their_patterns, setup, teardown),
	};

	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
