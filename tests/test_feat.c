#include "testutil.h"

#include <math.h>

#include "feat.h"
#include "linetab.h"
#include "norm.h"

struct fixture {
	struct linetab t;
	struct features *f;
	float *row;
	char *text;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	linetab_init(&f->t);
	f->f = features_new();
	f->row = calloc(features_width(), sizeof(*f->row));
	if (f->row == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	linetab_free(&f->t);
	features_free(f->f);
	free(f->row);
	free(f->text);
	free(f);
	return 0;
}

/* The features of the page text, as no rule touched it. */
static void
compute(struct fixture *f, const char *text)
{
	free(f->text);
	f->text = strdup(text);
	assert_non_null(f->text);
	linetab_split(&f->t, f->text, strlen(f->text));
	norm_view(&f->t);
	features_compute(f->f, &f->t);
}

static size_t
index_of(const char *name)
{
	size_t k;

	for (k = 0; features_name(k) != NULL; k++)
		if (strcmp(features_name(k), name) == 0)
			return k;
	fail_msg("no feature %s", name);
	return 0;
}

/* Feature name of line i. */
static float
feature(struct fixture *f, size_t i, const char *name)
{
	assert_true(features_row(f->f, i, f->row));
	return f->row[index_of(name)];
}

static void
test_names_are_unique(void **state)
{
	size_t i, k;

	(void)state;
	assert_int_equal(features_name(features_width()), NULL);
	for (i = 0; i < features_width(); i++)
		for (k = i + 1; k < features_width(); k++)
			assert_string_not_equal(features_name(i),
			    features_name(k));
}

static void
test_blank_lines_have_no_row(void **state)
{
	struct fixture *f = *state;

	compute(f, "One line here.\n\n   \nAnother.\n");
	assert_true(features_row(f->f, 0, f->row));
	assert_false(features_row(f->f, 1, f->row));
	assert_false(features_row(f->f, 2, f->row));
	assert_true(features_row(f->f, 3, f->row));
	assert_int_equal(features_words(f->f, 0), 3);
	assert_int_equal(features_words(f->f, 1), 0);
}

/*
 * Two separators make a line of links, wherever in the line they are (it is
 * read sixteen bytes at a time); commas do not.
 */
static void
test_separators_anywhere(void **state)
{
	static const char *const seps[] = { " | ", " \xe2\x80\xa2 ",
		" \xc2\xbb ", " / " };
	static const char word[] = "Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	struct fixture *f = *state;
	char line[512];
	size_t i, k;

	for (i = 0; i < sizeof(seps) / sizeof(*seps); i++)
		for (k = 1; k <= 40; k++) {
			const char *sep[] = { seps[i], ", " };
			int with;

			for (with = 0; with < 2; with++) {
				snprintf(line, sizeof(line), "%.*s the plan%s"
				    "which was agreed by all of the members%s"
				    "will be put to a vote in the spring.\n",
				    (int)k, word, sep[with], sep[with]);
				compute(f, line);
				assert_int_equal(feature(f, 0, "seps"),
				    with == 0);
			}
		}
}

/*
 * A heading is a few words without an end: not a page title with its
 * site, a breadcrumb or a teaser cut short, which the line above an
 * article often is.
 */
static void
test_headline_shapes(void **state)
{
	static const struct {
		const char *line;
		bool headline;
	} cases[] = {
		{ "Farmers try a later harvest as summers grow drier", true },
		{ "Farmers try a later harvest | The Valley Courier", false },
		{ "Farm news \xc2\xbb Harvest and weather", false },
		{ "Farmers try a later harvest as summers\xe2\x80\xa6", false },
		{ "Farmers try a later harvest as summers...", false },
		{ "Farmers try a later harvest this year.", false },
		{ "Later harvest", false },
		{ "Farmers try \xc2\xab" "a later harvest\xc2\xbb this year", true },
	};
	struct fixture *f = *state;
	char text[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		snprintf(text, sizeof(text), "Menu\n%s\n", cases[i].line);
		compute(f, text);
		if (features_headline(f->f, 1) != cases[i].headline)
			fail_msg("%s: %d", cases[i].line, !cases[i].headline);
	}
	/* under a page title, a headline repeats half of it or more */
	compute(f, "Farmers try a later harvest - The Valley Courier\nMenu\n"
	    "Farmers try a later harvest as summers grow drier\n"
	    "Anna Berg, Valley Courier farming reporter\n"
	    "Summers grow drier for the farmers of the valley\n");
	assert_true(features_headline(f->f, 0));	/* the title itself */
	assert_true(features_headline(f->f, 2));
	assert_false(features_headline(f->f, 3));
	assert_false(features_headline(f->f, 4));
	/* a first line of three words is no title */
	compute(f, "Farm news today\nAnna Berg, Valley Courier farming "
	    "reporter\n");
	assert_true(features_headline(f->f, 1));
}

/* Chinese and Japanese are measured in characters, two to a word. */
static void
test_scripts_without_spaces(void **state)
{
	struct fixture *f = *state;

	/* twenty characters and a full stop */
	compute(f, "市の図書館は来月から日曜日も開館すると発表した。\n");
	assert_true(feature(f, 0, "cjk") > 0.9);
	assert_true(feature(f, 0, "words") > 2.3);	/* log1p(10) */
	assert_int_equal(feature(f, 0, "end_sentence"), 1);
}

/* A sentence may end inside quotes, typographic ones too. */
static void
test_sentence_ends(void **state)
{
	static const struct {
		const char *line;
		const char *end;
	} cases[] = {
		{ "He said it was over.", "end_sentence" },
		{ "\"It is over,\" he said.", "end_sentence" },
		{ "\xc2\xab C'est fini. \xc2\xbb", "end_sentence" },
		{ "\xc2\xbb" "Es ist vorbei.\xc2\xab", "end_sentence" },
		{ "\xe2\x80\x9cIt is over.\xe2\x80\x9d", "end_sentence" },
		{ "Read the rest of the story\xe2\x80\xa6", "end_ellipsis" },
		{ "The plan has three parts...", "end_ellipsis" },
		{ "What they said:", "end_colon" },
		{ "Menu", NULL },
	};
	static const char *const ends[] = { "end_sentence", "end_ellipsis",
		"end_colon" };
	struct fixture *f = *state;
	char text[256];
	size_t i, k;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		snprintf(text, sizeof(text), "%s\n", cases[i].line);
		compute(f, text);
		for (k = 0; k < 3; k++)
			assert_int_equal(feature(f, 0, ends[k]),
			    cases[i].end != NULL &&
			    strcmp(cases[i].end, ends[k]) == 0);
	}
}

/* A web address is marked in a paragraph too; so is its second copy. */
static void
test_addresses_and_copies(void **state)
{
	struct fixture *f = *state;

	compute(f, "See www.example.org for the rest of the results.\n"
	    "Menu\n"
	    "See www.example.org for the rest of the results.\n");
	assert_int_equal(feature(f, 0, "url"), 1);
	assert_int_equal(feature(f, 1, "url"), 0);
	assert_int_equal(feature(f, 0, "later_copy"), 0);
	assert_int_equal(feature(f, 0, "first_copy"), 1);
	assert_int_equal(feature(f, 2, "later_copy"), 1);
	assert_int_equal(feature(f, 1, "first_copy"), 0);
}

/* Windows read the lines before and after, blank ones left out. */
static void
test_windows(void **state)
{
	struct fixture *f = *state;

	compute(f, "Home\n\nThe first long line of the story ends here, after "
	    "these words.\nNews\n");
	assert_int_equal(feature(f, 0, "prev1_words"), 0);
	assert_true(feature(f, 0, "next1_prose") == 1);
	assert_true(feature(f, 2, "prev1_prose") == 0);
	assert_true(feature(f, 3, "prev1_prose") == 1);
	assert_true(feature(f, 2, "pos") == 0.5);
	assert_true(feature(f, 3, "pos") == 1);
}

/*
 * The heads of comments, a name and a time of day: the share of the eight
 * lines either side that hold a time of day, and how many the page has.
 */
static void
test_times_of_day(void **state)
{
	struct fixture *f = *state;

	compute(f, "Anna\n| November 9, 2012 12:20 AM\n"
	    "A comment on the story, long enough to read as prose.\n"
	    "Ben\n| November 9, 2012 1:16 AM\nAnother comment.\n\n"
	    "In 2012 the score was three to one.\n");
	assert_int_equal(feature(f, 1, "clock"), 1);
	assert_int_equal(feature(f, 4, "clock"), 1);
	assert_int_equal(feature(f, 7, "clock"), 0);
	assert_int_equal(feature(f, 0, "clock_before"), 0);
	/* the non-blank lines after it: six, two with a time */
	assert_float_equal(feature(f, 0, "clock_after"), 2.0 / 6, 1e-6);
	assert_float_equal(feature(f, 2, "clock_before"), 0.5, 1e-6);
	assert_float_equal(feature(f, 2, "clock_after"), 0.25, 1e-6);
	assert_float_equal(feature(f, 7, "clock_before"), 2.0 / 6, 1e-6);
	assert_int_equal(feature(f, 7, "clock_after"), 0);
	assert_float_equal(feature(f, 3, "page_clocks"), log1p(2), 1e-6);
	/* eight lines either side, no more */
	compute(f, "At 9:15 the doors opened.\n2\n3\n4\n5\n6\n7\n8\n9\n10\n");
	assert_float_equal(feature(f, 8, "clock_before"), 1.0 / 8, 1e-6);
	assert_int_equal(feature(f, 9, "clock_before"), 0);
}

/*
 * A line too long for its counts to be kept in 16 bits keeps them whole:
 * two such lines among short ones, each its own.
 */
static void
test_wide_lines(void **state)
{
	struct fixture *f = *state;
	size_t reps[2] = { 10000, 12000 }, k, i;
	char *page = malloc(300000), *at = page;

	assert_non_null(page);
	for (k = 0; k < 2; k++) {
		at += sprintf(at, "A short line.\n");
		at += sprintf(at, "Ab, 12.");
		for (i = 1; i < reps[k]; i++)
			at += sprintf(at, " Ab, 12.");
		*at++ = '\n';
	}
	strcpy(at, "The end.\n");
	compute(f, page);
	for (k = 0; k < 2; k++) {
		size_t line = 2 * k + 1, bytes = 8 * reps[k] - 1;

		assert_true(feature(f, line, "commas") == 0.5f);
		assert_true(feature(f, line, "caps") == 0.5f);
		assert_true(feature(f, line, "wordlen") == 2);
		assert_true(feature(f, line, "digits") ==
		    (float)(2 * reps[k]) / (float)bytes);
		assert_true(feature(f, line, "chars") ==
		    (float)log1p((double)bytes));
		assert_true(feature(f, line, "breaks") ==
		    (float)log1p((double)(reps[k] - 1)));
		assert_int_equal(features_words(f->f, line), 2 * reps[k]);
		assert_true(feature(f, line - 1, "chars") ==
		    (float)log1p(13));
	}
	free(page);
}

/*
 * The window features of every line are the means of its neighbours' own
 * numbers over one, three and eight non-blank lines either side (blank
 * ones left out, the page's ends cutting them short), and the rule
 * features near it the shares of the NEAR lines either side a rule
 * dropped: read from the rows of the neighbours, on a page of lines of
 * every kind, some dropped.
 */
static void
test_windows_are_means(void **state)
{
	static const char *const lines[] = {
		"Home", "News | Sport", "",
		"The first long line of the story ends here, after many words.",
		"A SHORT ONE", "Then another line that is long but has no end",
		"", "", "Is this a question that runs on for ten words or more?",
		"Share", "The third long line goes on with more of the same "
		"words, to a full stop.", "Ok.", "One two three four",
		"Five six seven eight nine", "", "Comments",
		"Anna wrote the first comment on the story, and it is long.",
		"Ben", "Reply", "The last long line of the page, which ends as "
		"prose does.", "Footer", "Copyright",
	};
	static const size_t dropped[] = { 0, 1, 9, 15, 18, 21 };
	static const char *const quantities[] = {
		"words", "prose", "end", "density", "caps", "rule", "short",
	};
	static const size_t widths[] = { 1, 3, 8 };
	struct fixture *f = *state;
	size_t w = features_width(), nlines = sizeof(lines) / sizeof(lines[0]);
	size_t seq[32], nseq = 0, i, j, k, q, side;
	char page[2048], name[32];
	float *rows, *cols;
	bool rule[32] = { false };

	for (i = 0, page[0] = '\0'; i < nlines; i++) {
		strcat(page, lines[i]);
		strcat(page, "\n");
	}
	compute(f, page);
	for (k = 0; k < sizeof(dropped) / sizeof(dropped[0]); k++) {
		f->t.lines[dropped[k]].verdict = VERDICT_DROP;
		rule[dropped[k]] = true;
	}
	features_compute(f->f, &f->t);
	rows = calloc(nlines * w, sizeof(*rows));
	cols = calloc(8 * w, sizeof(*cols));
	assert_non_null(rows);
	assert_non_null(cols);
	for (i = 0; i < nlines; i++)
		if (features_row(f->f, i, rows + i * w)) {
			seq[nseq++] = i;
			/* a row side by side with others holds the same */
			assert_true(features_column(f->f, i, cols + i % 8, 8));
			for (k = 0; k < w; k++)
				if (memcmp(&cols[k * 8 + i % 8],
				    &rows[i * w + k], sizeof(*rows)) != 0)
					fail_msg("column %s of line %zu",
					    features_name(k), i);
		}
	for (j = 0; j < nseq; j++) {
		const float *row = rows + seq[j] * w;

		for (k = 0; k < 3; k++)
			for (side = 0; side < 2; side++) {
				size_t a = side == 0 ? (j > widths[k] ?
				    j - widths[k] : 0) : j + 1;
				size_t b = side == 0 ? j : (j + 1 + widths[k] <
				    nseq ? j + 1 + widths[k] : nseq);

				for (q = 0; q < 7; q++) {
					double sum = 0;
					size_t m;
					float want, got;

					for (m = a; m < b; m++) {
						const float *o = rows +
						    seq[m] * w;

						switch (q) {
						case 0:
							sum += o[index_of(
							    "words")];
							break;
						case 1:
							sum += features_prose(
							    f->f, seq[m]);
							break;
						case 2:
							sum += o[index_of(
							    "end_sentence")];
							break;
						case 3:
							sum += o[index_of(
							    "density")];
							break;
						case 4:
							sum += o[index_of(
							    "caps")];
							break;
						case 5:
							sum += rule[seq[m]];
							break;
						default:
							sum += features_words(
							    f->f, seq[m]) <= 4;
						}
					}
					want = b > a ? (float)sum / (float)(b -
					    a) : 0;
					snprintf(name, sizeof(name), "%s%zu_%s",
					    side == 0 ? "prev" : "next",
					    widths[k], quantities[q]);
					got = row[index_of(name)];
					if (fabsf(got - want) > 1e-5f)
						fail_msg("%s of line %zu: %g, "
						    "not %g", name, seq[j], got,
						    want);
				}
			}
		for (side = 0; side < 2; side++) {
			size_t a = side == 0 ? (j > 3 ? j - 3 : 0) : j + 1;
			size_t b = side == 0 ? j : (j + 4 < nseq ? j + 4 :
			    nseq), m, n = 0;

			for (m = a; m < b; m++)
				n += rule[seq[m]];
			assert_true(row[index_of(side == 0 ? "prev_other" :
			    "next_other")] == (float)n / 3);
			assert_true(row[index_of(side == 0 ? "prev_nav" :
			    "next_nav")] == 0);
		}
	}
	free(rows);
	free(cols);
}

/*
 * A row read for one feature alone holds the number a row of all holds
 * there, whatever is left out for the others: on lines that exercise what
 * is then skipped (headings in capitals, contact details, a teaser rhythm,
 * lines a rule dropped, Japanese).
 */
static void
test_wanted_alone(void **state)
{
	static const char page[] = "Title Case Heading Here\n"
	    "ALL CAPS LINE\n"
	    "lower start of a line, with commas, and: more; 5 *\n"
	    "Call (555) 123-4567 or mail news@example.org today.\n"
	    "Home | News | Sport | Weather\n"
	    "\n"
	    "The first long line of the story ends here, after many "
	    "words. In 2012 it went on.\n"
	    "A short teaser\n"
	    "The second long line of the story goes on and on with more "
	    "words here.\n"
	    "Another teaser\n"
	    "Then a third long line, which ends as prose does, with a full "
	    "stop.\n"
	    "Share on Facebook\n"
	    "\xe5\xb8\x82\xe3\x81\xae\xe5\x9b\xb3\xe6\x9b\xb8\xe9\xa4\xa8"
	    "\xe3\x81\xaf\xe6\x9d\xa5\xe6\x9c\x88\xe3\x80\x82\n"
	    "At 9:15! The end... \xc2\xbb\n";
	struct fixture *f = *state;
	size_t w = features_width(), i, j, k, n;
	float *all;
	bool *has;
	uint16_t want;

	compute(f, page);
	n = f->t.n;
	f->t.lines[4].verdict = VERDICT_DROP;
	f->t.lines[11].verdict = VERDICT_DROP;
	features_compute(f->f, &f->t);
	all = calloc(n * w, sizeof(*all));
	has = calloc(n, sizeof(*has));
	assert_non_null(all);
	assert_non_null(has);
	for (i = 0; i < n; i++)
		has[i] = features_row(f->f, i, all + i * w);
	for (k = 0; k < w; k++) {
		want = (uint16_t)k;
		features_want(f->f, &want, 1);
		features_compute(f->f, &f->t);
		for (i = 0; i < n; i++) {
			/* what was not written shows, whatever the page */
			for (j = 0; j < w; j++)
				f->row[j] = -12345;
			assert_int_equal(features_row(f->f, i, f->row), has[i]);
			if (has[i] && f->row[k] != all[i * w + k])
				fail_msg("%s of line %zu: %g, not %g",
				    features_name(k), i, f->row[k],
				    all[i * w + k]);
		}
	}
	/* and all again */
	features_want(f->f, NULL, 0);
	features_compute(f->f, &f->t);
	for (i = 0; i < n; i++)
		if (has[i]) {
			assert_true(features_row(f->f, i, f->row));
			assert_memory_equal(f->row, all + i * w,
			    w * sizeof(*all));
		}
	free(all);
	free(has);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_are_unique),
		cmocka_unit_test_setup_teardown(test_blank_lines_have_no_row,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_headline_shapes, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_separators_anywhere, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_scripts_without_spaces,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_sentence_ends, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_addresses_and_copies,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_windows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_times_of_day, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_wide_lines, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_windows_are_means, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_wanted_alone, setup,
		    teardown),
	};

	return cmocka_run_group_tests_name("feat", tests, NULL, NULL);
}
