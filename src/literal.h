/*
 * What a pattern's text says about every string it can match: the literal
 * texts a match must begin or end with, whether it is tied to the start or
 * end of the line, and how long it can be.  The matcher uses these to pass
 * over lines a rule cannot match without running the rule.
 *
 * The reading is conservative: a construct it does not know makes the
 * answer "anything", never a wrong "nothing".  Letters are compared folded
 * (literal_fold), so a caseless rule and a line in another case meet.
 */
#ifndef LITERAL_H
#define LITERAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest a literal is kept: longer ones are cut to this. */
#define LITERAL_LEN 24
/* The most pieces (see literal_facts) a pattern is given. */
#define LITERAL_PIECES 8
/* No bound on a match's length. */
#define LITERAL_UNBOUNDED UINT32_MAX

struct literal {
	unsigned char s[LITERAL_LEN];
	uint8_t len;		/* bytes of folded UTF-8 */
};

struct literal_facts {
	bool bol;		/* every match starts at the start of the line */
	bool eol;		/* every match ends at the end of the line */
	uint32_t maxlen;	/* characters, or LITERAL_UNBOUNDED */
	/*
	 * When prefix_known, every match starts with one of the prefixes or
	 * with a character whose folded first byte is in the bit set first
	 * (bit b of first[b / 8]).  When suffix_known, every match ends with
	 * one of the suffixes.
	 */
	bool prefix_known, suffix_known;
	struct literal *prefix, *suffix;
	size_t nprefix, nsuffix;
	uint8_t first[32];
	/*
	 * For a pattern with neither: text every match contains, if there
	 * is some worth looking for.  ASCII; its letters a-z stand for either
	 * case, and it has no k or s (PCRE2 also matches those with KELVIN
	 * SIGN and LONG S).  nneedle is 0 when there is none.
	 */
	unsigned char needle[LITERAL_LEN];
	size_t nneedle;
	/*
	 * Unless every match starts the line with a prefix: pieces of text,
	 * one of which every match holds, two characters or longer, folded:
	 * ASCII as in the needle, and characters past ASCII, compared folded
	 * (literal_fold_char).  Each starts with an even character
	 * (literal_even_at).  A line that holds none cannot match, whatever
	 * called the rule up ("photo", "credit" and the like for a caption
	 * rule whose needle is ": ").  npieces is 0 when there are none, or
	 * none that say more than the needle or the literals at the tied end.
	 */
	struct literal *pieces;
	size_t npieces;
};

/*
 * The folded characters past ASCII whose case class (the characters that
 * fold to one) is uneven: it holds a character of another length or
 * another first byte in UTF-8 (GREEK SMALL LETTER MU has MICRO SIGN).  The
 * others can be looked for in a line by their first byte, which all their
 * class shares.  Sorted; made at build time by tools/gen_folds
 * (src/default_folds.c).
 */
extern const int32_t literal_uneven[];
extern const size_t literal_uneven_count;

/*
 * The facts of the default rules' patterns, worked out at build time by
 * tools/gen_facts (src/default_facts.c), sorted by pattern.
 */
struct literal_entry {
	const char *pattern;
	bool extended;
	struct literal_facts facts;
};
extern const struct literal_entry literal_table[];
extern const size_t literal_table_count;

/* The facts of a pattern from that table, or NULL if it is not there. */
const struct literal_facts *literal_known(const char *pattern,
    bool extended);

/*
 * Read the pattern (UTF-8, as given to PCRE2 with PCRE2_UTF).  extended:
 * the pattern was compiled with PCRE2_EXTENDED, which this reading does
 * not follow (the facts are then "anything").
 */
void literal_analyse(const char *pattern, size_t len, bool extended,
    struct literal_facts *);
void literal_facts_free(struct literal_facts *);

/*
 * The code point that stands for c's case class: two characters that
 * PCRE2 matches caselessly fold to the same one.
 */
int32_t literal_fold(int32_t c);

/* literal_fold of an ASCII byte, for the loops that read a line's bytes:
 * any other byte comes back as it is. */
static inline unsigned char
literal_fold_ascii(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 0x20 : c;
}

/*
 * The folded UTF-8 of the character at s[0, n) into b, and its length; the
 * character's length in s into *used.  0 when s does not start with valid
 * UTF-8: no literal goes on from there.
 */
size_t literal_fold_char(const char *s, size_t n, unsigned char b[4],
    size_t *used);

/*
 * Whether the folded character at s[0, n) is even: ASCII, or past ASCII
 * and not in literal_uneven.  Every character of its case class then
 * starts with the byte it starts with.
 */
bool literal_even_at(const unsigned char *s, size_t n);

/* The first bytes of what \d and \s match, as in literal_facts.first. */
const uint8_t *literal_digit_first(void);
const uint8_t *literal_space_first(void);

#endif
