#include "testutil.h"

#include <utf8proc.h>

#include "literal.h"
#include "trie.h"

struct fixture {
	struct literal_facts f;
	struct trie *t;
	uint32_t ids[64];
};

static int
setup(void **state)
{
	struct fixture *x = calloc(1, sizeof(*x));

	assert_non_null(x);
	x->t = trie_new();
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *x = *state;

	literal_facts_free(&x->f);
	trie_free(x->t);
	free(x);
	return 0;
}

static struct literal_facts *
analyse(struct fixture *x, const char *pattern)
{
	literal_facts_free(&x->f);
	literal_analyse(pattern, strlen(pattern), false, &x->f);
	return &x->f;
}

/* Whether the set v[0, n) holds the literal s. */
static bool
holds(const struct literal *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].len == strlen(s) && memcmp(v[i].s, s, v[i].len) == 0)
			return true;
	return false;
}

static void
test_alternatives_and_optional_parts(void **state)
{
	struct literal_facts *f = analyse(*state,
	    "^(Share|tweet)( it)?\\s*:?$");

	assert_true(f->bol);
	assert_true(f->eol);
	/* "share it" begins with "share": it would tell nothing more */
	assert_int_equal(f->nprefix, 2);
	assert_true(holds(f->prefix, f->nprefix, "share"));
	assert_true(holds(f->prefix, f->nprefix, "tweet"));
	/* \s* may end the match with anything: no suffix is known */
	assert_false(f->suffix_known);
	assert_int_equal(f->maxlen, LITERAL_UNBOUNDED);
}

static void
test_suffixes_and_length(void **state)
{
	struct literal_facts *f = analyse(*state,
	    "\\b(delivered|sent) to your inbox\\.?$");

	assert_false(f->bol);
	assert_true(f->eol);
	assert_true(holds(f->suffix, f->nsuffix, "sent to your inbox."));
	assert_true(holds(f->suffix, f->nsuffix, "delivered to your inbox"));
	assert_int_equal(f->maxlen, 24);
	f = analyse(*state, "^a.{0,10}[xyz]{2,3}$");
	assert_int_equal(f->maxlen, 14);
	assert_true(holds(f->suffix, f->nsuffix, "x"));
}

static void
test_long_literals_are_cut(void **state)
{
	struct literal_facts *f = analyse(*state,
	    "^these statements have not been evaluated\\b");

	assert_int_equal(f->nprefix, 1);
	assert_int_equal(f->prefix[0].len, LITERAL_LEN);
	assert_memory_equal(f->prefix[0].s, "these statements have no",
	    LITERAL_LEN);
}

static void
test_folding_and_classes(void **state)
{
	struct literal_facts *f = analyse(*state, "^[ПпA-C]\\x{41}Ж");

	assert_int_equal(f->nprefix, 4);
	assert_true(holds(f->prefix, f->nprefix, "пaж"));
	assert_true(holds(f->prefix, f->nprefix, "caж"));
	assert_int_equal(literal_fold(0x212A), 'k');	/* KELVIN SIGN */
	assert_int_equal(literal_fold(0x3C2), 0x3C3);	/* final sigma */
	assert_int_equal(literal_fold(0x1E9E), 0xDF);	/* capital sharp s */
}

static void
test_what_is_not_read_is_anything(void **state)
{
	static const char *const patterns[] = {
		"^(a)\\1", "^a\\Kb", "^(?(1)a|b)", "^(*UTF)a", "^(?x) a b",
		"^(?R)?a", "^\\Qa\\E", "^[\\w]", "^\\S", "^(a|.)",
	};
	size_t i;

	for (i = 0; i < sizeof(patterns) / sizeof(*patterns); i++) {
		struct literal_facts *f = analyse(*state, patterns[i]);

		assert_false(f->prefix_known);
	}
	literal_facts_free(&((struct fixture *)*state)->f);
	literal_analyse("^abc", 4, true, &((struct fixture *)*state)->f);
	assert_false(((struct fixture *)*state)->f.prefix_known);
}

static void
test_assertions_and_groups_consume_nothing(void **state)
{
	struct literal_facts *f = analyse(*state,
	    "^(?i)(?:(?=x)x|(?<n>y))(?#note)\\bz$");

	assert_true(f->bol);
	assert_true(f->eol);
	assert_int_equal(f->maxlen, 2);
	assert_true(holds(f->prefix, f->nprefix, "xz"));
	assert_true(holds(f->prefix, f->nprefix, "yz"));
	f = analyse(*state, "(?:^a|b)");
	assert_false(f->bol);	/* one alternative is not anchored */
	f = analyse(*state, "a?^b");
	assert_false(f->bol);
}

static void
needle_is(struct fixture *x, const char *pattern, const char *needle)
{
	struct literal_facts *f = analyse(x, pattern);

	assert_int_equal(f->nneedle, strlen(needle));
	assert_memory_equal(f->needle, needle, f->nneedle);
}

static void
test_needles_inside_patterns(void **state)
{
	/* found after a part that could be anything */
	needle_is(*state, "^.{0,200}\\bAll rights reserved\\b", "all right");
	/* text without letters is preferred; Cyrillic has case */
	needle_is(*state, "\\b(?i:фото|джерело)\\s?: (?:AFP|Reuters)", ": ");
	/* in every alternative, or there is none */
	needle_is(*state, "(ab|cb)x", "bx");
	needle_is(*state, "(ab|cd)", "");
	/* tied to the start with a known prefix: the trie does the work */
	needle_is(*state, "^share on", "");
}

/* The pattern's pieces are just those given, up to a NULL. */
static void
pieces_are(struct fixture *x, const char *pattern, ...)
{
	struct literal_facts *f = analyse(x, pattern);
	const char *p;
	size_t n = 0;
	va_list ap;

	va_start(ap, pattern);
	while ((p = va_arg(ap, const char *)) != NULL) {
		assert_true(holds(f->pieces, f->npieces, p));
		n++;
	}
	va_end(ap);
	assert_int_equal(f->npieces, n);
}

static void
test_pieces_inside_patterns(void **state)
{
	/* one piece from each alternative; one that holds another goes */
	pieces_are(*state, "(ab|xaby|cd)", "ab", "cd", NULL);
	/* a tail is read whole: more than the needle "bx" says */
	pieces_are(*state, "(ab|cb)x", "abx", "cbx", NULL);
	needle_is(*state, "(ab|cb)x", "bx");
	/* end-tied rules get pieces too: the trie only knows ")" */
	pieces_are(*state, "\\((Getty|AFP)[^()]*\\)$", "(getty", "(afp",
	    NULL);
	/* the longest run of plain bytes of each: no k, s or non-ASCII */
	pieces_are(*state, "\\b(?i:source|photo|bild)s?\\b", "ource",
	    "photo", "bild", NULL);
	/* as long (four bytes count as long enough), fewer are better */
	pieces_are(*state, "\\b(?i:source|photo|bild)s?: (?:dpa|AP)\\b",
	    ": dpa", ": ap", NULL);
	/* what the needle does not say: both ends of the match */
	pieces_are(*state, "\\bab.*cd", "cd", NULL);
	needle_is(*state, "\\bab.*cd", "ab");
	/* none when one alternative has no plain run of two bytes, when
	 * there are more than LITERAL_PIECES, or when the literal the rule
	 * is called up by says as much */
	pieces_are(*state, "(ab|ks)", NULL);
	pieces_are(*state, "(aa|bb|cc|dd|ee|ff|gg|hh|ii)", NULL);
	pieces_are(*state, "^share on", NULL);
	pieces_are(*state, "^ab.*cd", NULL);	/* the trie is enough */
	pieces_are(*state, "\\(Getty\\)$", NULL);
	pieces_are(*state, "all rights", NULL);
	/* characters past ASCII, folded; a piece starts with an even one */
	pieces_are(*state, "\\b(?i:fot|zdjęcie|źródło)\\b", "fot", "zdjęcie",
	    "źródło", NULL);
	pieces_are(*state, "\\bДжерело\\b", "жерело", NULL);
	pieces_are(*state, "\\b(?i:фото|джерело)\\b", NULL);
	pieces_are(*state, "\\bqqΜzz\\b", "qqμzz", NULL);
}

/*
 * literal_uneven (made by tools/gen_folds) is every folded character past
 * ASCII that a character of another length or first byte folds to, and
 * no other.
 */
static void
test_uneven_folds_are_all_known(void **state)
{
	static unsigned char seen[0x110000 / 8];
	int32_t c, f;
	size_t i, n = 0;

	(void)state;
	for (c = 0x80; c < 0x110000; c++) {
		unsigned char a[4], b[4];

		if (c >= 0xd800 && c <= 0xdfff)
			continue;
		f = literal_fold(c);
		if (f >= 0x80 && (utf8proc_encode_char(c, a) !=
		    utf8proc_encode_char(f, b) || a[0] != b[0]) &&
		    !(seen[f / 8] >> (f % 8) & 1)) {
			seen[f / 8] |= (unsigned char)(1u << (f % 8));
			n++;
		}
	}
	assert_int_equal(literal_uneven_count, n);
	for (i = 0; i < literal_uneven_count; i++) {
		c = literal_uneven[i];
		assert_true(seen[c / 8] >> (c % 8) & 1);
		assert_true(i == 0 || literal_uneven[i - 1] < c);
	}
	/* MICRO SIGN folds to GREEK SMALL LETTER MU, Р is D0 A0, р D1 80 */
	assert_false(literal_even_at((const unsigned char *)"μ", 2));
	assert_false(literal_even_at((const unsigned char *)"р", 2));
	assert_true(literal_even_at((const unsigned char *)"ź", 2));
	assert_true(literal_even_at((const unsigned char *)"a", 1));
	assert_false(literal_even_at((const unsigned char *)"\xc5", 1));
}

/*
 * A character that folds to ASCII is not that byte in a line (PCRE2
 * matches "xaıb" in "xaıb", where "aib" is not): neither needle nor pieces
 * hold what it folds to.
 */
static void
test_characters_folding_to_ascii_are_no_literals(void **state)
{
	struct literal_facts *f;
	size_t i;

	needle_is(*state, "zxaıbyz", "zxa");
	f = analyse(*state, "zxaıbyz");
	for (i = 0; i < f->npieces; i++)
		assert_null(memchr(f->pieces[i].s, 'i', f->pieces[i].len));
	needle_is(*state, "zxa[ıq]byz", "zxa");
	needle_is(*state, "qq\\x{212A}ab", "qq");	/* KELVIN SIGN */
	f = analyse(*state, "^aıb");
	assert_false(f->prefix_known && f->nprefix > 0 &&
	    holds(f->prefix, f->nprefix, "aib"));
}

static bool
has_bit(const uint8_t set[32], unsigned b)
{
	return (set[b / 8] >> (b % 8)) & 1;
}

static void
test_first_bytes_of_classes(void **state)
{
	struct literal_facts *f = analyse(*state,
	    "^(\\d+ comments?|[\\s,]x|view comments)$");

	assert_true(f->prefix_known);
	assert_int_equal(f->nprefix, 2);	/* ",x", "view comments" */
	assert_true(has_bit(f->first, '7'));
	assert_true(has_bit(f->first, ' '));
	assert_false(has_bit(f->first, 'v'));	/* in the trie instead */
	assert_false(has_bit(f->first, 'a'));
}

/*
 * The first bytes given for \d and \s cover the first byte of every
 * code point that PCRE2 (with UCP) counts as a digit or a space.
 */
static void
test_digit_and_space_first_bytes_cover_unicode(void **state)
{
	const uint8_t *digit = literal_digit_first();
	const uint8_t *space = literal_space_first();
	int32_t c;

	(void)state;
	for (c = 0; c < 0x110000; c++) {
		utf8proc_category_t cat = utf8proc_category(c);
		unsigned char b[4];

		if (c >= 0xd800 && c < 0xe000)
			continue;
		utf8proc_encode_char(literal_fold(c), b);
		if (cat == UTF8PROC_CATEGORY_ND)
			assert_true(has_bit(digit, b[0]));
		if (cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
		    cat == UTF8PROC_CATEGORY_ZP || (c >= 9 && c <= 13) ||
		    c == 0x85 || c == 0x180e)
			assert_true(has_bit(space, b[0]));
	}
}

static size_t
starts(struct fixture *x, const char *s)
{
	return trie_starts(x->t, s, strlen(s), x->ids);
}

static size_t
ends(struct fixture *x, const char *s)
{
	return trie_ends(x->t, s, strlen(s), x->ids);
}

static void
test_trie_finds_every_literal_a_line_starts_with(void **state)
{
	struct fixture *x = *state;

	trie_add(x->t, (const unsigned char *)"share", 5, 1);
	trie_add(x->t, (const unsigned char *)"share this", 10, 2);
	trie_add(x->t, (const unsigned char *)"поделиться", 20, 3);
	trie_add(x->t, (const unsigned char *)"k", 1, 4);
	trie_finish(x->t);
	assert_int_equal(starts(x, "SHARE THIS story"), 2);
	assert_int_equal(x->ids[0], 1);
	assert_int_equal(x->ids[1], 2);
	assert_int_equal(starts(x, "Sharp"), 0);
	assert_int_equal(starts(x, "ПОДЕЛИТЬСЯ"), 1);
	assert_int_equal(x->ids[0], 3);
	assert_int_equal(starts(x, "\xe2\x84\xaa"), 1);	/* KELVIN SIGN */
	assert_int_equal(starts(x, "\xff share"), 0);
	assert_int_equal(starts(x, ""), 0);
}

static void
test_trie_finds_every_literal_a_line_ends_with(void **state)
{
	struct fixture *x = *state;

	trie_add_reversed(x->t, (const unsigned char *)"inbox.", 6, 1);
	trie_add_reversed(x->t, (const unsigned char *)"в почту", 13, 2);
	trie_finish(x->t);
	assert_int_equal(ends(x, "Straight to your INBOX."), 1);
	assert_int_equal(ends(x, "Straight to your inbox"), 0);
	assert_int_equal(ends(x, "Прямо В ПОЧТУ"), 1);
	assert_int_equal(x->ids[0], 2);
	assert_int_equal(ends(x, "\x80\x80\x80"), 0);
}

/*
 * A node with many children (looked up by a byte table) and nodes with a
 * few (looked up in a row) find the same; the ids of one literal come out
 * in order, however they were added.
 */
static void
test_trie_with_wide_and_narrow_nodes(void **state)
{
	struct fixture *x = *state;
	unsigned char lit[2] = { 'a', 0 };
	char line[8];
	int c;

	trie_add(x->t, (const unsigned char *)"a", 1, 500);
	for (c = 'a'; c <= 'z'; c++) {
		lit[1] = (unsigned char)c;
		trie_add(x->t, lit, 2, (uint32_t)(1000 - c));
	}
	trie_add(x->t, (const unsigned char *)"bc", 2, 7);
	trie_add(x->t, (const unsigned char *)"bd", 2, 8);
	trie_add(x->t, (const unsigned char *)"zz", 2, 9);
	trie_add(x->t, (const unsigned char *)"zz", 2, 3);
	trie_finish(x->t);
	for (c = 'a'; c <= 'z'; c++) {
		snprintf(line, sizeof(line), "A%cx", c - 0x20);
		assert_int_equal(starts(x, line), 2);
		assert_int_equal(x->ids[0], 500);
		assert_int_equal(x->ids[1], 1000 - c);
	}
	assert_int_equal(starts(x, "a1"), 1);
	assert_int_equal(starts(x, "bd"), 1);
	assert_int_equal(x->ids[0], 8);
	assert_int_equal(starts(x, "be"), 0);
	assert_int_equal(starts(x, "zz top"), 2);
	assert_int_equal(x->ids[0], 3);
	assert_int_equal(x->ids[1], 9);
}

/*
 * A node of k children, k from 1 to more than the sparse ones have (read
 * eight bytes at a time), in ASCII and past it: each child is found by
 * its byte (or a capital, its letter), and no other byte finds one, NUL
 * and the count a step keeps beside its children's bytes among them.
 */
static void
test_trie_nodes_of_every_width(void **state)
{
	static const char *const ascii = "gfedcba@";
	static const char *const wide[] = { "\xc3\xa9", "\xc3\xa8",
	    "\xc3\xaa", "\xc3\xab", "\xc3\xa0", "\xc3\xa2", "\xc3\xa4",
	    "\xc3\xbf" };
	uint32_t ids[16];
	size_t k, j;
	int c;

	(void)state;
	for (k = 1; k <= 8; k++) {
		struct trie *t = trie_new();
		char line[8];

		for (j = 0; j < k; j++) {
			line[0] = 'q';
			line[1] = ascii[j];
			trie_add(t, (const unsigned char *)line, 2,
			    (uint32_t)j + 1);
			snprintf(line, sizeof(line), "x%s", wide[j]);
			trie_add(t, (const unsigned char *)line, 3,
			    (uint32_t)j + 101);
		}
		/* children of the first children: their edges follow */
		line[0] = 'q';
		line[1] = ascii[0];
		line[2] = 'z';
		trie_add(t, (const unsigned char *)line, 3, 50);
		snprintf(line, sizeof(line), "x%s\xbe", wide[0]);
		trie_add(t, (const unsigned char *)line, 4, 150);
		trie_add(t, (const unsigned char *)"r", 1, 99);
		trie_finish(t);
		for (c = 0; c < 0x80; c++) {
			/* a line's letters are looked for in lower case */
			const char *at = memchr(ascii, c >= 'A' && c <= 'Z' ?
			    c + 0x20 : c, k);

			line[0] = 'q';
			line[1] = (char)c;
			assert_int_equal(trie_starts(t, line, 2, ids),
			    at != NULL && c != 0);
			if (at != NULL && c != 0)
				assert_int_equal(ids[0], at - ascii + 1);
		}
		/* the lower-case half, which folds to itself */
		for (c = 0xa0; c < 0xc0; c++) {
			size_t found = 0;

			line[0] = 'x';
			line[1] = '\xc3';
			line[2] = (char)c;
			for (j = 0; j < k; j++)
				found += (unsigned char)wide[j][1] == c;
			assert_int_equal(trie_starts(t, line, 3, ids), found);
			for (j = 0; found && j < k; j++)
				if ((unsigned char)wide[j][1] == c)
					assert_int_equal(ids[0], j + 101);
		}
		trie_free(t);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_alternatives_and_optional_parts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_suffixes_and_length,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_literals_are_cut,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_folding_and_classes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_what_is_not_read_is_anything, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_assertions_and_groups_consume_nothing, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_first_bytes_of_classes,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_needles_inside_patterns,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_pieces_inside_patterns,
		    setup, teardown),
		cmocka_unit_test(test_uneven_folds_are_all_known),
		cmocka_unit_test_setup_teardown(
		    test_characters_folding_to_ascii_are_no_literals, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_digit_and_space_first_bytes_cover_unicode, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_trie_finds_every_literal_a_line_starts_with, setup,
		    teardown),
		cmocka_unit_test(test_trie_nodes_of_every_width),
		cmocka_unit_test_setup_teardown(
		    test_trie_finds_every_literal_a_line_ends_with, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_trie_with_wide_and_narrow_nodes, setup, teardown),
	};

	return cmocka_run_group_tests_name("literal", tests, NULL, NULL);
}
