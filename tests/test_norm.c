#include "testutil.h"

#include <utf8proc.h>

#include "linetab.h"
#include "norm.h"

struct fixture {
	struct normbuf nb;
	struct normbuf full;	/* what norm_append_full makes of the same */
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
	free(f->full.buf);
	free(f->full.map);
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

/* A line's view, as a string in the fixture's buffer. */
static const char *
view(void **state, const char *line, bool *normed)
{
	struct fixture *f = *state;

	linetab_split(&f->t, line, strlen(line));
	norm_view(&f->t);
	assert_int_equal(f->t.n, 1);
	*normed = f->t.lines[0].normed;
	f->nb.len = 0;
	f->nb.buf = realloc(f->nb.buf, f->t.lines[0].vlen + 1);
	assert_non_null(f->nb.buf);
	memcpy(f->nb.buf, f->t.lines[0].view, f->t.lines[0].vlen);
	f->nb.buf[f->t.lines[0].vlen] = '\0';
	return f->nb.buf;
}

static void
test_plain_text_is_left_alone(void **state)
{
	bool normed;

	assert_string_equal(view(state, "Share on Facebook", &normed),
	    "Share on Facebook");
	assert_false(normed);
	/* nothing to decode, nothing to fold */
	assert_string_equal(view(state, "caf\xc3\xa9 \xe2\x80\x9cR & D\xe2\x80\x9d",
	    &normed), "caf\xc3\xa9 \xe2\x80\x9cR & D\xe2\x80\x9d");
	assert_false(normed);
	assert_string_equal(view(state, "Share&nbsp;on", &normed), "Share on");
	assert_true(normed);
}

/*
 * What the view changes is seen at any place of a line of any length, and
 * nothing past the line's end is: a reference, a character to fold and a
 * combining mark, among ASCII and among letters that are left alone.
 */
static void
test_view_changes_anywhere(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "&amp;", "&" },
		{ "\xc2\xa0", " " },
		{ "\xe2\x80\xa6", "..." },
		{ "e\xcc\x81", "\xc3\xa9" },
		{ "\xd0\xb4\xcc\x86", "\xd0\xb4\xcc\x86" },	/* stays */
		{ "\xd0\xb8\xcc\x86", "\xd0\xb9" },
	};
	static const char *fills[] = { "a", "\xd0\xb4", "\xe2\x80\x99" };
	char line[160], want[160], *w;
	size_t c, fi, n, at, k;
	bool normed;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
		for (fi = 0; fi < sizeof(fills) / sizeof(fills[0]); fi++)
			for (n = 1; n <= 40; n++)
				for (at = 0; at <= n; at++) {
					line[0] = want[0] = '\0';
					for (k = 0; k < n; k++) {
						if (k == at) {
							strcat(line, cases[c].in);
							strcat(want, cases[c].out);
						}
						strcat(line, fills[fi]);
						strcat(want, fills[fi]);
					}
					if (at == n) {
						strcat(line, cases[c].in);
						strcat(want, cases[c].out);
					}
					/* a space at either end is trimmed */
					k = strlen(want);
					if (want[k - 1] == ' ')
						want[k - 1] = '\0';
					w = want[0] == ' ' ? want + 1 : want;
					assert_string_equal(view(state, line,
					    &normed), w);
					assert_int_equal(normed,
					    strcmp(line, w) != 0);
				}
}

/*
 * norm_append and norm_append_full agree on s[0, n) in both forms, their
 * maps too.
 */
static void
agree(struct fixture *f, const char *s, size_t n)
{
	enum norm_form form;
	size_t k;

	for (form = NORM_VIEW; form <= NORM_TEXT; form++) {
		f->nb.want_map = f->full.want_map = true;
		f->nb.len = f->full.len = 0;
		norm_append(form, s, n, &f->nb);
		norm_append_full(form, s, n, &f->full);
		if (f->nb.len != f->full.len ||
		    memcmp(f->nb.buf, f->full.buf, f->nb.len) != 0 ||
		    memcmp(f->nb.map, f->full.map,
		    (f->nb.len + 1) * sizeof(*f->nb.map)) != 0) {
			for (k = 0; k < n; k++)
				print_error("%02x ", (unsigned char)s[k]);
			fail_msg("the shortcut differs (form %d)", (int)form);
		}
	}
}

/*
 * Every character norm_plain may hold gives what utf8proc gives: alone,
 * among ASCII, twice, before a combining mark (which composes with some)
 * and after one, and before a character that composes with some as the
 * second of a pair though it is no mark (a Hangul vowel, U+0CD5).
 */
static void
test_shortcut_agrees_for_every_character(void **state)
{
	static const char *const around[][2] = {
		{ "", "" }, { "a", "b" }, { "", "\xcc\x81" },
		{ "a", "\xcc\xa3\xcc\x81" "b" }, { "e\xcc\x81", "" },
		{ "\xcc\x88", "\xcc\x88" }, { "", "\xe1\x85\xa1" },
		{ "", "\xe0\xb3\x95" }, { "&", "&amp;" }, { " ", "\xc2\xa0" },
	};
	struct fixture *f = *state;
	char s[32];
	unsigned char c[4];
	int32_t cp;
	size_t a, len, k;

	for (cp = 0x80; cp < 0x10000; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		len = (size_t)utf8proc_encode_char(cp, c);
		for (a = 0; a < sizeof(around) / sizeof(around[0]); a++) {
			k = strlen(around[a][0]);
			memcpy(s, around[a][0], k);
			memcpy(s + k, c, len);
			k += len;
			strcpy(s + k, around[a][1]);
			agree(f, s, strlen(s));
		}
		memcpy(s, c, len);
		memcpy(s + len, c, len);
		agree(f, s, 2 * len);
	}
}

/*
 * Bytes that are not UTF-8 or not a character: every two bytes from a lead
 * byte on, and three from a lead of three or four (overlong, surrogates,
 * past U+10FFFF), the third at either end of the continuation bytes or
 * just past them, whole or cut short.
 */
static void
test_shortcut_agrees_on_broken_utf8(void **state)
{
	struct fixture *f = *state;
	char s[8];
	unsigned b0, b1, b2;

	for (b0 = 0x80; b0 <= 0xff; b0++)
		for (b1 = 0; b1 <= 0xff; b1++) {
			s[0] = 'a';
			s[1] = (char)b0;
			s[2] = (char)b1;
			s[3] = 'b';
			agree(f, s, 4);
			agree(f, s, 3);
			agree(f, s + 1, 2);
		}
	for (b0 = 0xe0; b0 <= 0xf4; b0++)
		for (b1 = 0x80; b1 <= 0xbf; b1++)
			for (b2 = 0x7f; b2 <= 0xc0;
			    b2 = b2 == 0x80 ? 0xbf : b2 + 1) {
				s[0] = 'a';
				s[1] = (char)b0;
				s[2] = (char)b1;
				s[3] = (char)b2;
				s[4] = '\xcc';
				s[5] = '\x81';
				agree(f, s, 6);
				agree(f, s, 4);
			}
}

/* Lines made of pieces the shortcut must tell apart, at random. */
static void
test_shortcut_agrees_on_mixed_lines(void **state)
{
	static const char *const pieces[] = {
		"a", "Z", " ", "\t", "&", "&amp;", "&#233;", "&#x301;", "&b",
		"&#", "&shy;", "\xc3\xa9", "e", "\xcc\x81", "\xcc\xa3",
		"\xc2\xa0", "\xc2\xad", "\xe2\x80\x8b", "\xe2\x80\xa6",
		"\xe2\x80\x99", "\xc3\x9f", "\xd0\xb4", "\xd0\xb8",
		"\xcc\x86", "\xea\xb0\x80", "\xe1\x84\x80", "\xe1\x85\xa1",
		"\xe0\xb2\xbf", "\xe0\xb3\x95", "\xe2\x84\xab",
		"\xef\xac\x81", "\xef\xbc\xa1", "\xf0\x9f\x99\x82",
		"\xff", "\xc3", "\xe2\x80", "\xe0\x80\x80",
		"\xed\xa0\x80", "\xf0\x9f", "0123456789abcdef",
	};
	struct fixture *f = *state;
	char s[512];
	uint32_t seed = 12345;
	size_t round, k, m, len;

	for (round = 0; round < 30000; round++) {
		seed = seed * 1103515245 + 12345;
		m = 1 + (seed >> 16) % 24;
		len = 0;
		for (k = 0; k < m; k++) {
			const char *p;

			seed = seed * 1103515245 + 12345;
			p = pieces[(seed >> 16) %
			    (sizeof(pieces) / sizeof(pieces[0]))];
			memcpy(s + len, p, strlen(p));
			len += strlen(p);
		}
		agree(f, s, len);
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
		cmocka_unit_test_setup_teardown(test_plain_text_is_left_alone,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_view_changes_anywhere,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_shortcut_agrees_for_every_character, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_shortcut_agrees_on_broken_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_shortcut_agrees_on_mixed_lines, setup, teardown),
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
