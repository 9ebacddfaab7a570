#include <dirent.h>
#include <glob.h>

#include "harness.h"

#include "linetab.h"
#include "match.h"
#include "rules.h"
#include "util.h"

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
    "block /^support us/i .. /^related$/i\n"	/* 9 */
    "keep  /\\bkept: \\w/\n"			/* 10: needle ": " */
    "drop  /\\bgone: \\w/\n";			/* 11: needle ": " */

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
	/* each group has its own needles, numbered on their own */
	assert_int_equal(index_of(matcher_keep(f->m, "kept: x", 7)), 10);
	assert_null(decide(f, "kept: x"));
	assert_int_equal(index_of(decide(f, "gone: x")), 11);
	assert_null(matcher_keep(f->m, "gone: x", 7));
}

static void
test_strip_spans(void **state)
{
	struct fixture *f = *state;
	struct linetab t;
	const char text[] = "  Ad: Read the docs (opens in a new tab) now ";
	char out[sizeof(text)];
	const struct span *sp;
	size_t n, nsp;

	linetab_init(&t);
	linetab_split(&t, text, sizeof(text) - 1);
	assert_int_equal(t.n, 1);
	assert_int_equal(index_of(matcher_strip(f->m, &t, 0)), 6);
	sp = linetab_spans(&t, 0, &nsp);
	assert_int_equal(nsp, 2);
	/* spans are kept in order of offset, whichever rule found them */
	assert_true(sp[0].off < sp[1].off);
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

/*
 * A rule that fails on three lines of a document is skipped for the rest of
 * it, even on lines it would match; the next document runs it again.
 */
static void
test_failing_rule_is_skipped_for_the_document(void **state)
{
	struct fixture *f = *state;
	char line[4096];
	int i;

	memset(line, 'a', sizeof(line) - 2);
	line[sizeof(line) - 2] = 'b';
	line[sizeof(line) - 1] = '\0';
	assert_int_equal(index_of(decide(f, "aaaa")), 8);
	for (i = 0; i < 3; i++)
		assert_null(decide(f, line));
	assert_null(decide(f, "aaaa"));
	assert_int_equal(f->warnings, 1);
	matcher_end_doc(f->m);
	assert_int_equal(index_of(decide(f, "aaaa")), 8);
	/* one failure in this document: not skipped yet */
	assert_null(decide(f, line));
	assert_int_equal(index_of(decide(f, "aaaa")), 8);
	assert_int_equal(f->warnings, 1);
}

/* The match limit grows with the subject, from a small base. */
static void
test_match_limit_grows_with_the_line(void **state)
{
	(void)state;
	assert_int_equal(match_limit(0), MATCH_LIMIT_BASE);
	assert_int_equal(match_limit(1000),
	    MATCH_LIMIT_BASE + 1000 * MATCH_LIMIT_PER_BYTE);
	assert_int_equal(match_limit(SIZE_MAX), UINT32_MAX);
	assert_int_equal(match_limit(UINT32_MAX / MATCH_LIMIT_PER_BYTE),
	    UINT32_MAX);
}

static void
test_invalid_utf8_is_matched_not_rejected(void **state)
{
	struct fixture *f = *state;
	const char s[] = "share on \xff\xfe (Getty Images)";

	assert_int_equal(index_of(decide(f, s)), 2);
	assert_int_equal(f->warnings, 0);
}

/* The first deciding rule matching s, found by trying every rule. */
static const struct rule *
decide_by_trying_all(const struct ruleset *set, pcre2_match_data *md,
    const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < rules_count(set); i++) {
		const struct rule *r = rules_at(set, i);
		enum action a = rule_action(r);

		if (a == ACTION_KEEP || a == ACTION_STRIP)
			continue;
		if (pcre2_match(rule_code(r), (PCRE2_SPTR)s, n, 0, 0, md,
		    NULL) >= 0)
			return r;
	}
	return NULL;
}

/* Compare the two on line s[0, n) and on variants of it. */
static size_t
agree_on(const struct ruleset *set, struct matcher *m,
    pcre2_match_data *md, const char *s, size_t n)
{
	char v[600];
	size_t i, k = n < sizeof(v) ? n : sizeof(v), tried = 0;
	int variant;

	for (variant = 0; variant < 4; variant++) {
		const char *t = s;
		size_t len = n;

		if (variant == 1) {	/* upper case, where ASCII */
			for (i = 0; i < k; i++)
				v[i] = s[i] >= 'a' && s[i] <= 'z' ?
				    s[i] - 0x20 : s[i];
			t = v;
			len = k;
		} else if (variant == 2 && n > 30) {	/* the head alone */
			len = 30;
		} else if (variant == 3 && n > 30) {	/* the tail alone */
			t = s + n - 30;
			len = 30;
		} else if (variant != 0)
			continue;
		assert_ptr_equal(matcher_decide(m, t, len),
		    decide_by_trying_all(set, md, t, len));
		tried++;
	}
	return tried;
}

/* agree_on() on every line of the files glob matches; how many compared. */
static size_t
agree_on_files(const struct ruleset *set, struct matcher *m,
    pcre2_match_data *md, const char *pattern)
{
	glob_t gl;
	size_t i, tried = 0;

	if (glob(pattern, 0, NULL, &gl) != 0)
		return 0;
	for (i = 0; i < gl.gl_pathc; i++) {
		FILE *fp = fopen(gl.gl_pathv[i], "r");
		char *line = NULL;
		size_t cap = 0;
		ssize_t len;

		assert_non_null(fp);
		while ((len = getline(&line, &cap, fp)) > 0) {
			char *s = line;

			while (len > 0 && (s[len - 1] == '\n' ||
			    s[len - 1] == ' ' || s[len - 1] == '\r'))
				len--;
			while (len > 0 && *s == ' ') {
				s++;
				len--;
			}
			tried += agree_on(set, m, md, s, (size_t)len);
		}
		free(line);
		fclose(fp);
	}
	globfree(&gl);
	return tried;
}

/*
 * The literal filters in front of the rules are only a shortcut: on every
 * line of the project's own fixtures the default rules decide as they do
 * when each is tried in turn.  ../shared's pages, when they are there, are
 * compared too, but pass or fail never depends on their being there.
 */
static void
test_filters_agree_with_trying_every_rule(void **state)
{
	struct ruleset *set = rules_new();
	struct matcher *m;
	pcre2_match_data *md = pcre2_match_data_create(32, NULL);
	const char *own[] = { "tests/golden/*.in", "tests/detect/*.txt",
		"tests/charsets/*.txt", "examples/*.txt" };
	const char *extra[] = { "../shared/bench/aeb-dev/*.txt",
		"../shared/seeds/*.txt" };
	size_t g, lines = 0;

	(void)state;
	assert_int_equal(rules_load_default(set), 0);
	/* interpreted: what is compared is the filters, not the JIT */
	m = matcher_new(set, false, NULL, NULL);
	for (g = 0; g < sizeof(own) / sizeof(*own); g++)
		lines += agree_on_files(set, m, md, own[g]);
	/* the fixtures were found: 998 comparisons when this was written */
	assert_true(lines > 900);
	for (g = 0; g < sizeof(extra) / sizeof(*extra); g++)
		(void)agree_on_files(set, m, md, extra[g]);
	pcre2_match_data_free(md);
	matcher_free(m);
	rules_free(set);
}

/*
 * The default rules find their tries built at build time, and they are
 * the ones a matcher builds of them (src/default_tries.c is written from
 * what it would build); rules that make other tries build their own.
 */
static void
test_default_tries_are_built(void **state)
{
	struct ruleset *set = rules_new();
	struct matcher *m;
	char *text, *out = NULL, err[256];
	size_t len, n = 0;
	FILE *fp = open_memstream(&out, &n);

	(void)state;
	assert_int_equal(rules_load_default(set), 0);
	m = matcher_new(set, false, NULL, NULL);
	assert_int_equal(matcher_built_tries(m), 4);
	assert_non_null(fp);
	assert_int_equal(matcher_write_tries(m, fp), 0);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(read_file("src/default_tries.c", &text, &len, err,
	    sizeof(err)), 0);
	assert_int_equal(n, len);
	assert_memory_equal(out, text, len);
	free(text);
	free(out);
	assert_null(matcher_decide(m, "Zzyzx Road", 10));
	matcher_free(m);
	/* one more rule with a literal start: the start tries are built */
	assert_int_equal(rules_load_text(set, "extra.rules",
	    "[nav]\ndrop /^zzyzx road$/i\n", 27), 0);
	m = matcher_new(set, false, NULL, NULL);
	assert_int_equal(matcher_built_tries(m), 3);
	assert_non_null(matcher_decide(m, "Zzyzx Road", 10));
	assert_string_equal(rule_file(matcher_decide(m, "Zzyzx Road", 10)),
	    "extra.rules");
	matcher_free(m);
	rules_free(set);
}

/*
 * Lines of every length up to 40 bytes, and from 62 to 70 (the steps of 32
 * bytes that needles may be looked for in: two, and a part of one), of
 * fill over and over with text at every place (where it fits, and the line
 * is not cut inside a character), decided as when every rule is tried; how
 * many were compared.
 */
static size_t
agree_at_every_place(const struct ruleset *set, struct matcher *m,
    pcre2_match_data *md, const char *fill, const char *text)
{
	char line[112];
	size_t len, at, i, f = strlen(fill), k = strlen(text), tried = 0;

	for (len = 1; len <= 70; len = len == 40 ? 62 : len + 1)
		for (at = 0; at < len && at + k <= sizeof(line); at++) {
			for (i = 0; i + f <= sizeof(line); i += f)
				memcpy(line + i, fill, f);
			memcpy(line + at, text, k);
			if ((line[len] & 0xc0) != 0x80)
				tried += agree_on(set, m, md, line, len);
		}
	return tried;
}

/*
 * Rules found by their needles: with a few needles (read sixteen bytes at
 * a time) and with many (read through the pair table), a needle at any
 * place of a line of any length, in either case, calls its rule up, and
 * a line that has only part of one calls up none.
 */
static void
needles_agree(size_t nrules)
{
	char text[64 * 40], needle[8], *p = text;
	struct ruleset *set;
	struct matcher *m;
	pcre2_match_data *md = pcre2_match_data_create(32, NULL);
	size_t r, tried = 0;

	for (r = 0; r < nrules; r++)
		p += sprintf(p, "drop /qz%02d[#=]/i\n", (unsigned)r);
	strcpy(p, "drop /\\d@/\n");	/* a needle of one byte */
	set = rules_from_text(text);
	m = matcher_new(set, false, NULL, NULL);
	for (r = 0; r < nrules; r += 3) {
		/* the needle in either case, whole or cut by the line's end */
		snprintf(needle, sizeof(needle), "QZ%02d=", (unsigned)r);
		tried += agree_at_every_place(set, m, md, "q", needle);
		snprintf(needle, sizeof(needle), "qz%02d#", (unsigned)r);
		tried += agree_at_every_place(set, m, md, "q", needle);
	}
	/* the one-byte needle */
	tried += agree_at_every_place(set, m, md, "q", "7@9");
	assert_true(tried > 1000);
	pcre2_match_data_free(md);
	matcher_free(m);
	rules_free(set);
}

/*
 * Rules with pieces (literal.h) beside a needle or an end-tied literal:
 * the text of a match at any place of a line of any length, in either
 * case, whole or cut by the line's end, is decided as when every rule is
 * tried.  Filler around it holds part of a piece, never one whole.
 */
static void
test_pieces_agree(void **state)
{
	static const char text[] =
	    "drop /\\b(?:photo|image)s?: (?:ap|rtr|efex)\\b/i\n"
	    "drop /\\((?:gy|afx)[^()]{0,9}\\)$/\n"
	    "drop /\\bqa.{0,20}zu\\b/i\n"
	    "drop /(?i:zdjęcie|źródło)\\.?: [A-Z]/\n"
	    "drop /(?i)qqμzz/\n"
	    "drop /(?i)фото: [A-Z]/\n";
	static const char *const wide[] = {
		"ŹRÓDŁO: X", "Źródło.: A", "źródło: Q", "zdjęCIE: Z",
		"ZDJĘCIE: Z", "qqµzz", "QQΜZZ", "qqμzz", "ФОТО: X", "фоТо: Y",
	};
	static const char *const matches[] = {
		"Photo: AP", "images: rtr", "image: efex", "(gy)", "(afx q)",
		"qa zu", "qa: ap zu",
	};
	struct ruleset *set = rules_from_text(text);
	struct matcher *m = matcher_new(set, false, NULL, NULL);
	pcre2_match_data *md = pcre2_match_data_create(32, NULL);
	size_t k, tried = 0;

	(void)state;
	for (k = 0; k < sizeof(matches) / sizeof(*matches); k++)
		tried += agree_at_every_place(set, m, md, "qa: ap(g",
		    matches[k]);
	/* pieces past ASCII: the line's characters in any case, or of
	 * another length (MICRO SIGN for MU) */
	for (k = 0; k < sizeof(wide) / sizeof(*wide); k++)
		tried += agree_at_every_place(set, m, md, "źł", wide[k]);
	assert_true(tried > 1000);
	/* the pieces rule lines out: each rule has some */
	assert_null(matcher_decide(m, "image: xx", 9));
	assert_null(matcher_decide(m, "(qq)", 4));
	assert_null(matcher_decide(m, "qa xx", 5));
	pcre2_match_data_free(md);
	matcher_free(m);
	rules_free(set);
}

/*
 * agree_on() on lines of every length up to 150 bytes that end with text:
 * before it as many whole fills as fit, then an x for each byte left.
 */
static size_t
agree_ending_lines(const struct ruleset *set, struct matcher *m,
    pcre2_match_data *md, const char *fill, const char *text)
{
	char line[160];
	size_t len, i, f = strlen(fill), k = strlen(text), tried = 0;

	for (len = k; len <= 150; len++) {
		for (i = 0; i + f <= len - k; i += f)
			memcpy(line + i, fill, f);
		memset(line + i, 'x', len - k - i);
		memcpy(line + len - k, text, k);
		tried += agree_on(set, m, md, line, len);
	}
	return tried;
}

/*
 * A rule tied to the line's end alone is run on its last characters, as
 * many as its longest match has: counted back over characters of two and
 * three bytes, a match as long as that is found at any place it ends the
 * line, and one a character longer is not; in a window of fewer than
 * sixteen characters and of more.
 */
static void
test_end_window_past_ascii(void **state)
{
	static const char text[] = "drop /\\((?:gy|afx)[^()]{0,9}\\)$/\n"
	    "drop /\\[(?:gy|afx)[^\\[\\]]{0,30}\\]$/\n";
	static const char *const wide[] = { "\xc3\xa9", "\xe2\x82\xac" };
	char long_text[160];
	static const char *const fill[] = { "\xc3\xa9", "a\xe2\x82\xac",
	    "\xe2\x82\xac" "b\xc3\xa9" };
	static const char *const texts[] = {
		"(afx\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		    "\xc3\xa9\xc3\xa9\xc3\xa9)",
		"(afx\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
		    "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac"
		    "\xe2\x82\xac)",
		"(gy\xc3\xa9" "a\xe2\x82\xac\xc3\xa9\xc3\xa9" "b\xe2\x82\xac"
		    "\xc3\xa9" "c)",
	};
	struct ruleset *set = rules_from_text(text);
	struct matcher *m = matcher_new(set, false, NULL, NULL);
	pcre2_match_data *md = pcre2_match_data_create(32, NULL);
	size_t f, k, n, tried = 0;

	(void)state;
	for (f = 0; f < sizeof(fill) / sizeof(*fill); f++)
		for (k = 0; k < sizeof(texts) / sizeof(*texts); k++)
			tried += agree_at_every_place(set, m, md, fill[f],
			    texts[k]);
	assert_true(tried > 300);
	/* nine characters between the brackets match, ten do not */
	assert_non_null(matcher_decide(m, texts[1], strlen(texts[1])));
	assert_null(matcher_decide(m, "(afx\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9)", 25));
	/* thirty characters between the brackets, and thirty-one */
	for (k = 0; k < 2; k++)
		for (n = 30; n <= 31; n++) {
			size_t c, at = 0;

			long_text[at++] = '[';
			memcpy(long_text + at, "afx", 3);
			at += 3;
			for (c = 0; c < n; c++) {
				memcpy(long_text + at, wide[k], strlen(wide[k]));
				at += strlen(wide[k]);
			}
			long_text[at++] = ']';
			long_text[at] = '\0';
			for (f = 0; f < sizeof(fill) / sizeof(*fill); f++)
				tried += agree_ending_lines(set, m, md, fill[f],
				    long_text);
			assert_true((matcher_decide(m, long_text, at) != NULL) ==
			    (n == 30));
		}
	assert_true(tried > 2000);
	pcre2_match_data_free(md);
	matcher_free(m);
	rules_free(set);
}

/*
 * Rules with neither a needle nor a literal at a tied end are called up by
 * their pieces, past ASCII here (read through the pair table when there
 * are many, sixteen places at a time when there are a few): a piece at any
 * place, in either case, calls its rule up.
 */
static void
pieces_call_up(size_t nrules)
{
	char text[64 * 48], word[16], *p = text;
	struct ruleset *set;
	struct matcher *m;
	pcre2_match_data *md = pcre2_match_data_create(32, NULL);
	size_t r, v, tried = 0;

	/* no ASCII in common: no needle */
	for (r = 0; r < nrules; r++)
		p += sprintf(p, "drop /(?i:ź%c%c|ń%c%c)/\n",
		    (int)('a' + r % 13), (int)('a' + r / 13),
		    (int)('n' + r % 13), (int)('n' + r / 13));
	set = rules_from_text(text);
	m = matcher_new(set, false, NULL, NULL);
	for (r = 0; r < nrules; r += 3)
		for (v = 0; v < 3; v++) {
			snprintf(word, sizeof(word), v == 0 ? "ź%c%c" :
			    v == 1 ? "Ź%c%c" : "Ń%c%c",
			    (int)((v == 2 ? 'N' : 'A') + r % 13),
			    (int)((v == 2 ? 'n' : 'a') + r / 13));
			tried += agree_at_every_place(set, m, md, "źq", word);
		}
	assert_true(tried > 1000);
	pcre2_match_data_free(md);
	matcher_free(m);
	rules_free(set);
}

static void
test_pieces_call_up_few(void **state)
{
	(void)state;
	pieces_call_up(2);
}

static void
test_pieces_call_up_many(void **state)
{
	(void)state;
	pieces_call_up(24);
}

static void
test_few_needles_agree(void **state)
{
	(void)state;
	needles_agree(4);
}

static void
test_many_needles_agree(void **state)
{
	(void)state;
	needles_agree(40);
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
		    test_failing_rule_is_skipped_for_the_document, setup,
		    teardown),
		cmocka_unit_test(test_match_limit_grows_with_the_line),
		cmocka_unit_test_setup_teardown(
		    test_invalid_utf8_is_matched_not_rejected, setup, teardown),
		cmocka_unit_test(test_filters_agree_with_trying_every_rule),
		cmocka_unit_test(test_default_tries_are_built),
		cmocka_unit_test(test_pieces_agree),
		cmocka_unit_test(test_end_window_past_ascii),
		cmocka_unit_test(test_pieces_call_up_few),
		cmocka_unit_test(test_pieces_call_up_many),
		cmocka_unit_test(test_few_needles_agree),
		cmocka_unit_test(test_many_needles_agree),
	};

	return cmocka_run_group_tests_name("match", tests, NULL, NULL);
}
