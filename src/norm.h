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

/* Whether normalising s[0, n) can change it (a non-ASCII byte or a '&'). */
bool norm_maybe(const char *s, size_t n);

/*
 * Append the normalised form of s[0, n) to out.  With want_map, map[k]
 * is the offset in s of the character output byte k came from, and one
 * more entry after the last byte is n.
 */
void norm_append(enum norm_form, const char *s, size_t n, struct normbuf *);

/* Set the view of each line of the table (after linetab_split). */
void norm_view(struct linetab *);

/*
 * The offset in line i's text of offset off of its view: where a strip
 * rule's match starts or ends in the text that is written.
 */
size_t norm_text_offset(const struct linetab *, size_t i, size_t off);

#endif
