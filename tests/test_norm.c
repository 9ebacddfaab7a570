#include "testutil.h"

#include "linetab.h"
#include "norm.h"

struct fixture {
	struct normbuf nb;
	struct linetab t;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	linetab_init(&f->t);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	free(f->nb.buf);
	free(f->nb.map);
	linetab_free(&f->t);
	free(f);
	return 0;
}

static void
grow_nul(struct normbuf *nb)
{
	nb->buf = realloc(nb->buf, nb->len + 1);
	assert_non_null(nb->buf);
	nb->cap = nb->len + 1;
	nb->buf[nb->len] = '\0';
}

/* The form of s, as a string in the fixture's buffer. */
static const char *
normal(void **state, enum norm_form form, const char *s)
{
	struct fixture *f = *state;

	f->nb.len = 0;
	norm_append(form, s, strlen(s), &f->nb);
	grow_nul(&f->nb);
	return f->nb.buf;
}

static void
test_plain_ascii_is_left_alone(void **state)
{
	(void)state;
	assert_false(norm_maybe("Share on Facebook", 17));
	assert_true(norm_maybe("Share&nbsp;on", 13));
	assert_true(norm_maybe("caf\xc3\xa9", 5));
}

/* A byte that may need normalising is seen at any place of a line of any
 * length, and nothing past the line's end is. */
static void
test_maybe_anywhere(void **state)
{
	char line[48];
	size_t n, at;

	(void)state;
	for (n = 1; n <= 40; n++) {
		memset(line, 'a', sizeof(line));
		line[n] = '&';
		assert_false(norm_maybe(line, n));
		for (at = 0; at < n; at++) {
			line[at] = '&';
			assert_true(norm_maybe(line, n));
			line[at] = (char)0xc3;
			assert_true(norm_maybe(line, n));
			line[at] = 'a';
		}
	}
}

static void
test_character_references(void **state)
{
	assert_string_equal(normal(state, NORM_TEXT,
	    "Tom &amp; Jerry&#8217;s &#x201C;show&#x201d; &lt;b&gt;"),
	    "Tom & Jerry\xe2\x80\x99s \xe2\x80\x9cshow\xe2\x80\x9d <b>");
	/* &#146; means what windows-1252 put there */
	assert_string_equal(normal(state, NORM_TEXT, "it&#146;s"),
	    "it\xe2\x80\x99s");
	/* two code points */
	assert_string_equal(normal(state, NORM_TEXT, "&NotEqualTilde;"),
	    "\xe2\x89\x82\xcc\xb8");
	/* not references: left as they are */
	assert_string_equal(normal(state, NORM_TEXT,
	    "AT&T &copy 2026 &nosuch; &#; &#xZZ; &"),
	    "AT&T &copy 2026 &nosuch; &#; &#xZZ; &");
	assert_string_equal(normal(state, NORM_TEXT, "&#0; &#xD800;"),
	    "\xef\xbf\xbd \xef\xbf\xbd");
}

static void
test_spaces_and_invisible_characters(void **state)
{
	/* NBSP, thin space, ideographic space: a space */
	assert_string_equal(normal(state, NORM_TEXT,
	    "a\xc2\xa0" "b\xe2\x80\x89" "c\xe3\x80\x80" "d&nbsp;e"),
	    "a b c d e");
	/* soft hyphen, zero-width space, BOM: gone from both */
	assert_string_equal(normal(state, NORM_TEXT,
	    "Face\xc2\xad" "bo\xe2\x80\x8bok\xef\xbb\xbf&shy;"), "Facebook");
	/* a zero-width joiner stays in the text, not in the view */
	assert_string_equal(normal(state, NORM_TEXT, "a\xe2\x80\x8d" "b"),
	    "a\xe2\x80\x8d" "b");
	assert_string_equal(normal(state, NORM_VIEW, "a\xe2\x80\x8d" "b"),
	    "ab");
}

static void
test_compatibility_forms_fold_in_the_view_only(void **state)
{
	/* full-width letters, the fi ligature, a superscript */
	const char *s = "\xef\xbc\xb3\xef\xbd\x88\xef\xbd\x81\xef\xbd\x92"
	    "\xef\xbd\x85 \xef\xac\x81le m\xc2\xb2";

	assert_string_equal(normal(state, NORM_VIEW, s), "Share file m2");
	assert_string_equal(normal(state, NORM_TEXT, s), s);
}

static void
test_composition(void **state)
{
	/* e + combining acute, and the Angstrom sign */
	assert_string_equal(normal(state, NORM_TEXT, "cafe\xcc\x81 \xe2\x84\xab"),
	    "caf\xc3\xa9 \xc3\x85");
	assert_string_equal(normal(state, NORM_VIEW, "cafe\xcc\x81"),
	    "caf\xc3\xa9");
	/* marks in the wrong order are put in canonical order */
	assert_string_equal(normal(state, NORM_TEXT, "a\xcc\x81\xcc\xa3"),
	    "\xe1\xba\xa1\xcc\x81");
}

/*
 * Plain ASCII is copied sixteen bytes at a time: a letter with a combining
 * mark after it, and a character reference, are still read as such at
 * every place of lines of up to 40 bytes.
 */
static void
test_marks_and_references_at_every_place(void **state)
{
	char in[64], want[64];
	size_t len, at;

	for (len = 0; len <= 40; len++)
		for (at = 0; at <= len; at++) {
			memset(in, 'x', len);
			memcpy(in + at, "e\xcc\x81", 3);
			memset(in + at + 3, 'y', len - at);
			in[len + 3] = '\0';
			memset(want, 'x', len);
			memcpy(want + at, "\xc3\xa9", 2);
			memset(want + at + 2, 'y', len - at);
			want[len + 2] = '\0';
			assert_string_equal(normal(state, NORM_TEXT, in), want);
			memcpy(in + at, "&lt;", 4);
			memset(in + at + 4, 'y', len - at);
			in[len + 4] = '\0';
			want[at] = '<';
			memset(want + at + 1, 'y', len - at);
			want[len + 1] = '\0';
			assert_string_equal(normal(state, NORM_VIEW, in), want);
		}
}

static void
test_invalid_utf8_passes_through(void **state)
{
	assert_string_equal(normal(state, NORM_VIEW, "caf\xe9 &amp;\xff"),
	    "caf\xe9 &\xff");
}

static void
test_map_points_back_to_the_source(void **state)
{
	struct fixture *f = *state;
	const char *s = "a&amp;b\xc2\xa0" "c";

	f->nb.want_map = true;
	f->nb.len = 0;
	norm_append(NORM_VIEW, s, strlen(s), &f->nb);
	assert_int_equal(f->nb.len, 5);	/* "a&b c" */
	assert_int_equal(f->nb.map[0], 0);
	assert_int_equal(f->nb.map[1], 1);	/* & from &amp; */
	assert_int_equal(f->nb.map[2], 6);	/* b */
	assert_int_equal(f->nb.map[3], 7);	/* the NBSP */
	assert_int_equal(f->nb.map[4], 9);	/* c */
	assert_int_equal(f->nb.map[5], 10);	/* the end */
}

static void
test_line_views(void **state)
{
	struct fixture *f = *state;
	const char *doc = "plain line\n\xc2\xa0 Share&nbsp;this \xc2\xa0\n"
	    "&nbsp;\n";

	linetab_split(&f->t, doc, strlen(doc));
	norm_view(&f->t);
	assert_int_equal(f->t.n, 3);
	assert_false(f->t.lines[0].normed);
	assert_ptr_equal(f->t.lines[0].view, doc);
	assert_true(f->t.lines[1].normed);
	assert_int_equal(f->t.lines[1].vlen, 10);
	assert_memory_equal(f->t.lines[1].view, "Share this", 10);
	/* "this" in the view is "this" in the text */
	assert_int_equal(norm_text_offset(&f->t, 1, 6), 14);
	assert_int_equal(norm_text_offset(&f->t, 1, 10), 18);
	/* nothing but a space */
	assert_int_equal(f->t.lines[2].vlen, 0);
}

static void
test_a_line_that_normalises_to_nothing(void **state)
{
	struct fixture *f = *state;
	const char *doc = "\xc2\xad\n";	/* a soft hyphen alone */

	linetab_split(&f->t, doc, strlen(doc));
	norm_view(&f->t);
	assert_int_equal(f->t.n, 1);
	assert_true(f->t.lines[0].normed);
	assert_int_equal(f->t.lines[0].vlen, 0);
	assert_non_null(f->t.lines[0].view);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_maybe_anywhere),
		cmocka_unit_test_setup_teardown(test_plain_ascii_is_left_alone,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_character_references,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_spaces_and_invisible_characters, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_compatibility_forms_fold_in_the_view_only, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_composition, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_marks_and_references_at_every_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8_passes_through,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_map_points_back_to_the_source, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_views, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_a_line_that_normalises_to_nothing, setup, teardown),
	};

	return cmocka_run_group_tests_name("norm", tests, NULL, NULL);
}
