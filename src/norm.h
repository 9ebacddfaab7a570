/*
 * Normalisation: the view of a line that rules and the content detector
 * see, and the text --normalize writes.  Both decode HTML character
 * references, turn Unicode spaces into a space and drop soft hyphens and
 * zero-width spaces, so that a rule written "Share on Facebook" also
 * matches "Share&nbsp;on&nbsp;Facebook".  The view also folds compatibility
 * forms (NFKC: full-width letters, ligatures) and drops every default
 * ignorable character; the text is only composed (NFC).  Bytes that are
 * not valid UTF-8 pass through unchanged.
 */
#ifndef NORM_H
#define NORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct linetab;

enum norm_form {
	NORM_VIEW,	/* for matching: NFKC, all ignorables dropped */
	NORM_TEXT,	/* for output: NFC */
};

/* Where normalised text goes; start zeroed, free buf and map when done. */
struct normbuf {
	char *buf;
	size_t len;
	size_t cap;
	size_t *map;	/* with want_map: offset in the source of each byte */
	size_t mapcap;
	bool want_map;
};

/*
 * Append the normalised form of s[0, n) to out.  With want_map, map[k]
 * is the offset in s of the character output byte k came from, and one
 * more entry after the last byte is n.
 */
void norm_append(enum norm_form, const char *s, size_t n, struct normbuf *);

/*
 * The same, every character past ASCII asked of utf8proc: what the tests
 * hold norm_append's shortcut through norm_plain to.
 */
void norm_append_full(enum norm_form, const char *s, size_t n,
    struct normbuf *);

/*
 * Bit c is set for a character of U+0080 to U+FFFF that both forms leave as
 * it is unless a combining mark follows it: of canonical combining class 0,
 * no space, nothing either form drops, no compatibility decomposition nor a
 * canonical one that does not compose back (U+00E9 is one, U+00A0 and
 * U+2026 are not).  Most text past ASCII is such, and is copied without a
 * look at utf8proc (src/default_norm.c, written by tools/gen_norm).
 */
extern const uint64_t norm_plain[0x10000 / 64];

/* Set the view of each line of the table (after linetab_split). */
void norm_view(struct linetab *);

/*
 * The offset in line i's text of offset off of its view: where a strip
 * rule's match starts or ends in the text that is written.
 */
size_t norm_text_offset(const struct linetab *, size_t i, size_t off);

#endif
