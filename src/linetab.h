/*
 * The line table: one entry per input line of a document (or of a chunk of
 * one, when streaming).  Every pass annotates it; only the writer writes.
 * The text is never copied: entries point into the reader's buffer.
 */
#ifndef LINETAB_H
#define LINETAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
	size_t line;
	size_t off;
	size_t len;
};

/*
 * One line: 56 bytes on a 64-bit machine, since a document of short lines
 * is mostly table.  A view longer than 4 GiB - 1 bytes (of a longer line)
 * is cut there: rules and the detector see no more of it, the writer
 * writes the whole line.
 */
struct line {
	const char *text;	/* the line as read, without its line end */
	size_t len;
	const char *view;	/* what rules and the detector see: the */
				/* trimmed text, normalised (see norm.h) */
	const struct rule *rule;
	const char *why;	/* the detector's reason when no
				 * probability tells it ("headline"), a
				 * static string */
	float score;		/* the content detector's probability that
				 * the line is article text, or -1 */
	uint32_t vlen;
	unsigned char verdict;	/* an enum verdict */
	unsigned char reason;	/* an enum reason */
	bool normed;		/* the view is a normalised copy */
	bool stripped;		/* strip rules took spans out (see spans) */
};

#define LINE_VIEW_MAX UINT32_MAX

/* Where the normalised views of a table's lines are kept: blocks that do
 * not move, so a view's pointer holds as more are added. */
struct viewblock;

struct linetab {
	struct line *lines;
	size_t n;
	size_t cap;
	struct span *spans;	/* by line, then offset */
	size_t nspans;
	size_t spancap;
	struct viewblock *views;
	char *scratch;		/* for norm_view: a line being normalised */
	size_t scratchcap;
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
 * Record that [off, off + len) of line i is stripped.  Spans are added
 * line by line, in the order of the lines; a line's are kept sorted by
 * offset.
 */
void linetab_add_span(struct linetab *, size_t i, size_t off, size_t len);

/* The spans of line i: *n of them from the one returned. */
const struct span *linetab_spans(const struct linetab *, size_t i,
    size_t *n);

/* Where line i's first non-blank byte is in its text. */
size_t linetab_lead(const struct linetab *, size_t i);

/*
 * A copy of s[0, n) that stays where it is until the table is split anew:
 * the normalised view of a line.
 */
const char *linetab_keep_view(struct linetab *, const char *s, size_t n);

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
