/*
 * The line table: one entry per input line of a document (or of a chunk of
 * one, when streaming).  Every pass annotates it; only the writer writes.
 * The text is never copied: entries point into the reader's buffer.
 */
#ifndef LINETAB_H
#define LINETAB_H

#include <stdbool.h>
#include <stddef.h>

struct rule;

enum verdict {
	VERDICT_KEEP,
	VERDICT_DROP,
};

/* What decided a line's verdict, for --explain and --stats. */
enum reason {
	REASON_NONE,	/* no pass had anything to say: kept */
	REASON_RULE,	/* the line matched rule (drop, keep, cut or block start) */
	REASON_CUT,	/* the line follows a cut by rule */
	REASON_BLOCK,	/* the line is inside a block opened by rule */
	REASON_STRIP,	/* strip rules left nothing of the line */
	REASON_DETECT,	/* the content detector: see why */
};

/* A byte range of a line's text that a strip rule removes. */
struct span {
	size_t off;
	size_t len;
};

struct line {
	const char *text;	/* the line as read, without its line end */
	size_t len;
	size_t lead;		/* text[lead] is the first non-blank byte */
	const char *view;	/* what rules and the detector see: the */
	size_t vlen;		/* trimmed text, normalised (see norm.h) */
	bool normed;		/* the view is a normalised copy, at */
	size_t voff;		/* vbuf + voff */
	enum verdict verdict;
	enum reason reason;
	const struct rule *rule;
	float score;		/* the content detector's probability that
				 * the line is article text, or -1 */
	const char *why;	/* or what else decided it ("headline"), a
				 * static string */
	size_t strip;		/* first of nstrip spans in the table's spans */
	size_t nstrip;
};

struct linetab {
	struct line *lines;
	size_t n;
	size_t cap;
	struct span *spans;
	size_t nspans;
	size_t spancap;
	char *vbuf;		/* the views that normalising changed */
	size_t vbufcap;
};

/* What a run did, line by line: the counts --stats prints. */
struct stats {
	size_t lines;
	size_t kept;
	size_t dropped;
	size_t *by_category;	/* lines dropped, per rule category */
	size_t ncat;
};

void linetab_init(struct linetab *);
void linetab_free(struct linetab *);

/*
 * Replace the table's contents with the lines of buf.  A line ends at LF,
 * CRLF or a lone CR; the last line need not have an end.  Each line's view
 * is its text without blanks at either end, until norm_view.
 */
void linetab_split(struct linetab *, const char *buf, size_t len);

/*
 * Record that [off, off + len) of line i is stripped.  Spans of one line
 * must be added one after another; they are kept sorted by offset.
 */
void linetab_add_span(struct linetab *, size_t i, size_t off, size_t len);

/*
 * Write line i without its stripped spans and trailing white space into out
 * (room for the line's length); returns the length written.
 */
size_t linetab_render(const struct linetab *, size_t i, char *out);

/* Whether line i has anything but white space outside its stripped spans. */
bool linetab_has_text(const struct linetab *, size_t i);

/*
 * What decided line l, for --explain and the library: the rule's name
 * ("share:en.rules:7"), the content detector's probability
 * ("content:0.07") or its other reason ("content:headline"), or "" when
 * nothing did.
 */
void line_reason(const struct line *l, char *buf, size_t size);

/* Whether a byte is white space for trimming: space, tab, CR, VT, FF. */
static inline bool
is_blank_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

#endif
