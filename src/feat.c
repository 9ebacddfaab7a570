/*
 * Line features, in three passes over a document's line table:
 *
 * 1. Each line alone: words (characters for Chinese and Japanese), its
 *    stopwords in each language, how it ends, capitals, digits, commas,
 *    separators, web addresses and contact details, list markers, whether
 *    its text came earlier on the page, and what a rule made of it.
 * 2. The page: its language (the stoplist with the most hits), its size,
 *    how much of it is prose, its densest run of long lines.
 * 3. The neighbourhood, read when a row is asked for: the same numbers
 *    averaged over the lines before and after (blank ones left out), how
 *    far the rules' verdicts are, the rhythm of a teaser list (short
 *    title, long summary, again).
 *
 * Of the features, only those asked for (features_want: the detector's
 * model reads some) are sure to be computed: what only the others need,
 * where it costs more than the test of whether it is needed, is skipped.
 *
 * A row is made on demand from what the first two passes keep per line, so
 * that the memory a page takes grows with its lines, not with its lines
 * times the row's width.  A page of millions of lines is mostly that, so
 * it is kept narrow: a line's counts in 16 bits (but on a line of 64 KB or
 * more), the sums that count lines modulo 256 (a window holds fewer), for
 * a blank line only that it is one, and the page's texts once each, not a
 * table twice its lines, to count the repeated ones.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && !defined(NEWSCLEAN_PORTABLE)
#define FEAT_X86
#endif

#include "bytes16.h"
#include "feat.h"
#include "linetab.h"
#include "rules.h"
#include "score.h"
#include "stoplist.h"
#include "util.h"

#define MAX_LANGS 64
#define MAX_WORD 64		/* longer words are no stopwords */
#define LANG_MIN_SHARE 0.05	/* less than this: language unknown */
#define PROSE_WORDS 10		/* a line this long with an end is prose */
#define SHORT_WORDS 4
#define TITLE_WORDS 32		/* words of the page's first line kept */
#define TITLE_MIN 4		/* a first line of so many words is a title */
#define HEADLINE_TITLE 0.5	/* the share of a headline's words in it */
#define RHYTHM 6		/* lines either side for the teaser rhythm */
#define CLOCKS 8		/* lines either side for times of day */
#define NEAR 3			/* lines either side for rule groups */
#define LOGS 1024		/* log1p of the counts below, at hand */
#define BLANK UINT32_MAX	/* the place of a blank line */
#define ONES_MAX (1u << 24)	/* where a float sum of ones stops adding */

/* The groups of rule categories a row tells apart. */
enum group {
	GROUP_NONE,
	GROUP_NAV,
	GROUP_SOCIAL,
	GROUP_RELATED,
	GROUP_COMMENTS,
	GROUP_CAPTION,
	GROUP_BYLINE,
	GROUP_LEGAL,
	GROUP_OTHER,
	NGROUPS
};

static const struct {
	const char *category;
	enum group group;
} groups[] = {
	{ "nav", GROUP_NAV }, { "breadcrumb", GROUP_NAV },
	{ "skip", GROUP_NAV }, { "language", GROUP_NAV },
	{ "pagination", GROUP_NAV }, { "tags", GROUP_NAV },
	{ "share", GROUP_SOCIAL }, { "follow", GROUP_SOCIAL },
	{ "app", GROUP_SOCIAL }, { "newsletter", GROUP_SOCIAL },
	{ "related", GROUP_RELATED },
	{ "comments", GROUP_COMMENTS },
	{ "caption", GROUP_CAPTION }, { "byline", GROUP_BYLINE },
	{ "footer", GROUP_LEGAL }, { "copyright", GROUP_LEGAL },
	{ "legal", GROUP_LEGAL }, { "cookies", GROUP_LEGAL },
	{ "paywall", GROUP_LEGAL }, { "donation", GROUP_LEGAL },
	{ "advert", GROUP_LEGAL },
};

#define WINDOW(X, d, w)							\
	X(d##w##_words) X(d##w##_prose) X(d##w##_end) X(d##w##_density)	\
	X(d##w##_caps) X(d##w##_rule) X(d##w##_short)

#define FEATURE_LIST(X)							\
	X(words) X(chars) X(density) X(stops) X(end_sentence)		\
	X(end_colon) X(end_ellipsis) X(end_other) X(breaks) X(commas)	\
	X(caps) X(titlecase) X(upper) X(digits) X(puncts) X(seps)	\
	X(separators) X(url) X(contact) X(list) X(cjk) X(lower_start)	\
	X(quote) X(year)						\
	X(clock) X(clock_before) X(clock_after) X(page_clocks)		\
	X(wordlen) X(title) X(repeats) X(later_copy)			\
	X(first_copy) X(rel_words) X(pos) X(words_before)		\
	X(blank_before) X(blank_after) X(rule_prev) X(rule_next)	\
	X(rules_since) X(rules_until) X(trailer_above)			\
	X(section_above) X(section_below)				\
	X(prev_nav) X(prev_social) X(prev_related) X(prev_comments)	\
	X(prev_caption) X(prev_byline) X(prev_legal) X(prev_other)	\
	X(next_nav) X(next_social) X(next_related) X(next_comments)	\
	X(next_caption) X(next_byline) X(next_legal) X(next_other)	\
	WINDOW(X, prev, 1) WINDOW(X, next, 1)				\
	WINDOW(X, prev, 3) WINDOW(X, next, 3)				\
	WINDOW(X, prev, 8) WINDOW(X, next, 8)				\
	X(ema_before) X(ema_after) X(ema_before_long) X(ema_after_long)	\
	X(in_run) X(run_distance) X(alternation) X(period)		\
	X(seg_prose) X(seg_share) X(seg_lines) X(seg_pos) X(seg_best)	\
	X(prose_before) X(prose_after) X(prose_near) X(longest)		\
	X(page_prose_lines)						\
	X(page_lines) X(page_words) X(page_prose) X(page_rules)		\
	X(lang_known) X(page_maxwords) X(page_cjk)

#define NAME(x) #x,
#define INDEX(x) F_##x,

enum { FEATURE_LIST(INDEX) NFEATURES };
static const char *const names[] = { FEATURE_LIST(NAME) };

/*
 * What pass 1 counts in a line besides its words, each no more than the
 * line's bytes: in 16 bits but for a line of WIDE bytes or more.
 */
enum count {
	C_CJK,			/* CJK characters */
	C_CHARS,		/* code points */
	C_STOP,			/* stopwords of the page's language */
	C_CAPS,			/* words that start with a capital */
	C_DIGITS,
	C_COMMAS,
	C_PUNCTS,
	C_BREAKS,
	C_WORDBYTES,
	C_SEPARATORS,		/* the most of one kind of separator */
	NCOUNTS
};
#define WIDE 65536

/* What pass 1 keeps of a line that is not blank (the others need none). */
struct base {
	uint32_t text;		/* its text's id (see slots) */
	uint32_t masks;		/* its stopwords' languages: stopmasks[masks..],
				 * up to the next line's */
	uint32_t words;		/* word tokens */
	uint32_t size;		/* words, or for CJK text characters / 2 */
	/* counts no greater than its length: see enum count */
	uint16_t count[NCOUNTS];
	uint32_t before;	/* size of the non-blank lines before it */
	uint32_t since, until;	/* non-blank lines to the nearest rule-dropped
				 * one before and after it (or the page end) */
	float title;		/* share of its words in the page's first line */
	uint32_t seg;		/* the run it is in (see segs) */
	uint32_t prose_before, prose_after;	/* lines to the nearest prose */
	uint8_t group;		/* of the rule that dropped it */
	/* a line of a page of millions: a bit each */
	bool rule : 1, section : 1, trailer : 1;
	bool end_sentence : 1, end_colon : 1, end_ellipsis : 1, end_other : 1;
	bool titlecase : 1, upper : 1, seps : 1, url : 1, contact : 1;
	bool list : 1, lower_start : 1, quote : 1;
	bool year : 1, clock : 1, later_copy : 1, after_trailer : 1;
	bool wide : 1;		/* its counts are in wides */
};

/* The counts of a line longer than a count in 16 bits could hold. */
struct wide {
	uint32_t place;
	uint32_t count[NCOUNTS];
};

/* Per non-blank line, in order: the sums windows are read from. */
enum quantity {
	Q_WORDS,
	Q_PROSE,
	Q_END,
	Q_DENSITY,
	Q_CAPS,
	Q_RULE,
	Q_SHORT,
	NQ
};

/* A text the page's lines have: its hash, its entry in counts, and how
 * many lines have it.  count 0: an empty slot. */
struct repeat {
	uint64_t hash;
	uint32_t id;
	uint32_t count;
};

struct features {
	struct base *b;		/* the non-blank lines, nseq of them */
	struct wide *wides;	/* the wide ones' counts, by place */
	size_t nwides, widecap;
	size_t bcap, n;
	uint32_t *place;	/* each line's place among them, or BLANK */
	size_t placecap, nseq;
	/*
	 * The sums windows are read from, up to each place: of the three
	 * quantities that are fractions (words, density, caps), (nseq + 1)
	 * * 3 floats and one; of the four that count lines (prose, sentence
	 * ends, rules', short), the counts modulo 256, as a window holds
	 * fewer lines, and on a page of ONES_MAX lines or more, which the
	 * floats of a sum of ones could not count, the counts whole.
	 */
	float *sums;
	size_t sumcap;
	uint8_t (*counted)[4];
	size_t countedcap;
	uint32_t (*whole)[4];
	size_t wholecap;
	float *ema;		/* nseq * 4: prose before and after, two rates */
	size_t emacap;
	/*
	 * The texts of the page's lines, each once, in a hash table kept no
	 * more than half full: sized by the texts, not the lines, so that a
	 * page of millions of lines that repeat does not take a table of
	 * millions.  Once the page is read, counts has the lines of each
	 * text, by its id, and the slots are emptied again (as are all up
	 * to cleared, between pages).
	 */
	struct repeat *slots;
	size_t nslots, slotcap, ntexts, cleared;
	uint32_t *counts;
	size_t countcap;
	uint64_t *stopmasks;
	size_t nstopmasks, stopmaskcap;
	uint64_t title[TITLE_WORDS];	/* the hashes of its words */
	uint64_t title_bloom[4];	/* a bit of each, of 256: most
					 * other words miss them all */
	size_t ntitle;
	bool title_done;
	int8_t *group_of;	/* rule category -> group, -1 not yet known */
	size_t group_cap;
	/*
	 * The teaser rhythm, as counts up to each place, modulo 256 (a
	 * window of it holds fewer lines): pairs of a prose line and a short
	 * one, either way round, and lines shaped as the one two before but
	 * not as the one between.
	 */
	uint8_t (*rhythm)[2];	/* nseq + 1 */
	size_t rhythmcap;
	/* the lines with a time of day up to each place, modulo 256, and on
	 * the page */
	uint8_t *clocks;	/* nseq + 1 */
	size_t clockcap, nclocks;
	/* the runs of lines between two rule-dropped ones: where each
	 * starts and its prose lines; its lines end where the next starts
	 * (one past the last says where that is) */
	struct seg {
		uint32_t start, prose;
	} *segs;
	size_t segcap;
	/*
	 * The two-byte code points (Cyrillic, Greek, Latin with accents:
	 * most text past ASCII) as scan_words asks utf8proc of them, once
	 * each: TWO_KNOWN once asked, TWO_WORD a word character, and the
	 * lower case in the bits below.
	 */
	uint32_t two[0x800];
	float logs[LOGS];	/* log1p(k) */
	float logk[LOGS];	/* log(k) */
	/* k / NEAR and k / (2 RHYTHM), for the counts in a row's windows
	 * (no more than the lines in them) */
	float thirds[NEAR + 1], twelfths[2 * RHYTHM + 1];
	/* the page */
	int lang;
	double words, prose, rules, maxsize, cjk, chars;
	uint32_t maxsegprose;
	float page[F_page_cjk - F_page_lines + 1];	/* its features */
	float prose_lines;
	size_t run_a, run_b;	/* densest run, in seq places; a > b: none */
	/*
	 * The features a row is read for (features_want): what only the
	 * others need is not computed, and their numbers in a row are
	 * whatever is left.
	 */
	bool want[NFEATURES];
	bool marks_all;		/* breaks, puncts or contact wanted */
	bool cases;		/* titlecase, upper or lower_start wanted */
	bool teaser;		/* alternation or period wanted */
	/* a feature of the rules just before a line wanted (section_above,
	 * prev_nav...), of the ones just after */
	bool near_before, near_after;
	bool avx2;		/* features_column may take column_avx2 */
};


struct features *
features_new(void)
{
	struct features *f = xcalloc(1, sizeof(*f));
	size_t k;

	for (k = 0; k < LOGS; k++) {
		f->logs[k] = (float)log1p((double)k);
		f->logk[k] = (float)log((double)k);
	}
	for (k = 0; k <= NEAR; k++)
		f->thirds[k] = (float)k / NEAR;
	for (k = 0; k <= 2 * RHYTHM; k++)
		f->twelfths[k] = (float)k / (2 * RHYTHM);
	features_want(f, NULL, NFEATURES);
#ifdef FEAT_X86
	f->avx2 = __builtin_cpu_supports("avx2");
#endif
	return f;
}

void
features_want(struct features *f, const uint16_t *want, size_t n)
{
	size_t k;

	memset(f->want, want == NULL, sizeof(f->want));
	for (k = 0; want != NULL && k < n; k++)
		if (want[k] < NFEATURES)
			f->want[want[k]] = true;
	f->marks_all = f->want[F_breaks] || f->want[F_puncts] ||
	    f->want[F_contact];
	f->cases = f->want[F_titlecase] || f->want[F_upper] ||
	    f->want[F_lower_start];
	f->teaser = f->want[F_alternation] || f->want[F_period];
	f->near_before = f->want[F_section_above];
	f->near_after = f->want[F_section_below];
	for (k = 0; k < NGROUPS - 1; k++) {
		f->near_before = f->near_before || f->want[F_prev_nav + k];
		f->near_after = f->near_after || f->want[F_next_nav + k];
	}
}

/* log1p of a count, as a float: most counts are small. */
static float
lg(const struct features *f, double k)
{
	return k < LOGS ? f->logs[(size_t)k] : (float)log1p(k);
}

/* The same of a whole count, without its turn through a double. */
static inline float
lgc(const struct features *f, size_t k)
{
	return k < LOGS ? f->logs[k] : (float)log1p((double)k);
}

void
features_free(struct features *f)
{
	if (f == NULL)
		return;
	free(f->b);
	free(f->place);
	free(f->wides);
	free(f->sums);
	free(f->counted);
	free(f->whole);
	free(f->ema);
	free(f->slots);
	free(f->counts);
	free(f->stopmasks);
	free(f->group_of);
	free(f->segs);
	free(f->rhythm);
	free(f->clocks);
	free(f);
}

size_t
features_width(void)
{
	return NFEATURES;
}

const char *
features_name(size_t k)
{
	return k < NFEATURES ? names[k] : NULL;
}

static bool
is_cjk(utf8proc_int32_t c)
{
	return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) ||
	    (c >= 0xf900 && c <= 0xfaff);
}

static bool
is_word_char(utf8proc_int32_t c)
{
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return true;
	default:
		return false;
	}
}

#define TWO_KNOWN (1u << 31)
#define TWO_WORD (1u << 30)

/* Whether c is a word character, and its lower case in *lc if so. */
static bool
word_lower(struct features *f, utf8proc_int32_t c, utf8proc_int32_t *lc)
{
	uint32_t *t;

	if (c < 0x80 || c >= 0x800) {
		if (!is_word_char(c))
			return false;
		*lc = utf8proc_tolower(c);
		return true;
	}
	t = &f->two[c];
	if (!(*t & TWO_KNOWN))
		*t = TWO_KNOWN | (is_word_char(c) ? TWO_WORD |
		    (uint32_t)utf8proc_tolower(c) : 0);
	*lc = (utf8proc_int32_t)(*t & (TWO_WORD - 1));
	return (*t & TWO_WORD) != 0;
}

static bool
is_capital(utf8proc_int32_t c)
{
	utf8proc_propval_t cat;

	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	cat = utf8proc_category(c);
	return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

/* The next code point of s[*i, n); an invalid byte reads as U+FFFD. */
static utf8proc_int32_t
next_cp(const char *s, size_t n, size_t *i)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + *i,
	    (utf8proc_ssize_t)(n - *i), &c);

	if (k <= 0) {
		*i += 1;
		return 0xfffd;
	}
	*i += (size_t)k;
	return c;
}

/* The code point that ends s[0, n), and where it starts in *at. */
static utf8proc_int32_t
last_cp(const char *s, size_t n, size_t *at)
{
	size_t i = n;

	/* as most lines end: in ASCII, read without a call */
	if (n > 0 && (unsigned char)s[n - 1] < 0x80) {
		*at = n - 1;
		return (unsigned char)s[n - 1];
	}
	while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80 && n - i < 3)
		i--;
	if (i > 0)
		i--;
	*at = i;
	return next_cp(s, n, &i);
}

static bool
is_closing(utf8proc_int32_t c)
{
	switch (c) {
	case '"': case '\'': case ')': case ']': case 0x201d: case 0x2019:
	case 0x201c: case 0xbb: case 0xab: case 0x203a: case 0x2039:
	case 0x300d: case 0x300f:
		return true;
	default:
		return false;
	}
}

static bool
is_sentence_end(utf8proc_int32_t c)
{
	switch (c) {
	case '.': case '!': case '?': case 0x2026: case 0x3002: case 0xff01:
	case 0xff1f: case 0xff0e:
		return true;
	default:
		return false;
	}
}

/*
 * How a line ends: a sentence end, perhaps inside closing quotes or
 * brackets (typographic ones too: French quotations end in », German ones
 * in « or “); a colon; an ellipsis (teasers are cut off with one); or
 * other punctuation that prose may end with.
 */
static void
line_end(const char *s, size_t n, struct base *b)
{
	size_t at, k = n;
	utf8proc_int32_t c = last_cp(s, k, &at);
	unsigned closing = 0;

	/* French sets its closing » apart with a space */
	while ((is_closing(c) || (c == ' ' && closing > 0)) && at > 0 &&
	    closing < 4) {
		k = at;
		c = last_cp(s, k, &at);
		closing++;
	}
	b->end_ellipsis = c == 0x2026 ||
	    (k >= 3 && memcmp(s + k - 3, "...", 3) == 0);
	b->end_sentence = is_sentence_end(c) && !b->end_ellipsis;
	b->end_colon = c == ':' || c == 0xff1a;
	b->end_other = !b->end_sentence && !b->end_colon &&
	    !b->end_ellipsis && (closing > 0 || c == ';' || c == ',');
}

/*
 * A word of the page's first line (its title, in a page dumped from HTML)
 * is kept while that line is read; a word of a later one is looked for
 * among them, by a bit of its hash first.
 */
static void
title_word(struct features *f, uint64_t h, unsigned *hits)
{
	uint64_t bit = 1ULL << (h >> 56 & 63);
	uint64_t *bloom = &f->title_bloom[h >> 62];
	size_t k;

	if (!f->title_done) {
		if (f->ntitle < TITLE_WORDS) {
			f->title[f->ntitle++] = h;
			*bloom |= bit;
		}
		return;
	}
	if (!(*bloom & bit))
		return;
	for (k = 0; k < f->ntitle; k++)
		if (f->title[k] == h) {
			(*hits)++;
			return;
		}
}

/*
 * Words, CJK characters, capitals and stopwords of a line: the languages of
 * each stopword go to stopmasks and are added to the page's counts.  ASCII
 * is read without a call per character.  With title set, each word is also
 * looked for among the page's first line's words (*hits) or, when the
 * first line is being read, added to them.
 */
static void
scan_words(struct features *f, const char *s, size_t n, struct base *b,
    uint32_t *count, bool title, unsigned *hits)
{
	/* a word, then room for sixteen bytes stored at once */
	char word[MAX_WORD + 16] = { 0 };
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, wl = 0, nmasks;
	/* counted in locals, not in memory the stores might alias */
	uint32_t caps = 0, cjk = 0, wordbytes = 0, words = 0, size = 0;
	bool in = false, cjkword = false, toolong = false;

	/* a line of n bytes holds at most (n + 1) / 2 words */
	grow(&f->stopmasks, &f->stopmaskcap, f->nstopmasks + n / 2 + 1,
	    sizeof(*f->stopmasks));
	b->masks = (uint32_t)f->nstopmasks;
	nmasks = f->nstopmasks;
	for (;;) {
		utf8proc_int32_t c, lc;
		bool wc;

		/*
		 * Most of a line: a run of ASCII letters and digits, sixteen
		 * bytes at a time.  With bit 0x20 set, the letters are in
		 * lower case and the digits as they were.
		 */
		while (i < n) {
			bytes16 v = bytes16_load_until(u + i, u + n);
			bytes16 lower = v | 0x20;
			unsigned wordc = bytes16_places(
			    (bytes16)(lower - 'a' < 26) | (bytes16)(v - '0' < 10));
			/* up to the first place that holds none (or 16) */
			size_t run = (size_t)__builtin_ctz(~wordc);

			if (run == 0)
				break;
			if (!in)
				caps += u[i] >= 'A' && u[i] <= 'Z';
			memcpy(word + wl, &lower, sizeof(lower));
			in = true;
			i += run;
			wordbytes += (uint32_t)run;
			if (wl + run > MAX_WORD) {
				toolong = true;
				wl = MAX_WORD;
			} else
				wl += run;
			if (run < 16)
				break;
		}
		if (i < n && (unsigned char)s[i] < 0x80) {
			/* what ends that run: no word character */
			c = lc = (unsigned char)s[i++];
			wc = false;
		} else {
			c = i < n ? next_cp(s, n, &i) : -1;
			lc = c;
			wc = c >= 0 && word_lower(f, c, &lc);
		}
		/* an apostrophe between letters keeps the word going */
		if (in && (c == '\'' || c == 0x2019) && i < n) {
			size_t j = i;

			if (is_word_char(next_cp(s, n, &j))) {
				wc = true;
				lc = c;
			}
		}
		if (wc) {
			if (!in)
				caps += is_capital(c);
			if (c >= 0x3040 && is_cjk(c)) {
				cjk++;
				cjkword = true;
			}
			wordbytes++;
			if (lc < 0x80 && wl < MAX_WORD)
				word[wl++] = (char)lc;
			else if (lc >= 0x80) {
				utf8proc_uint8_t buf[4] = { 0 };
				utf8proc_ssize_t k = utf8proc_encode_char(lc, buf);

				if (wl + (size_t)k <= MAX_WORD) {
					/* all four, into the room past the
					 * word: a copy of a fixed size, not a
					 * call */
					memcpy(word + wl, buf, sizeof(buf));
					wl += (size_t)k;
				} else
					toolong = true;
			} else
				toolong = true;
			in = true;
			continue;
		}
		if (in) {
			uint64_t h = stoplist_hash_padded(word, wl);
			uint64_t m = toolong ? 0 :
			    stoplist_langs_hashed(word, wl, h);

			words++;
			if (!cjkword)
				size++;
			/* kept when not 0, without a branch (there is room) */
			f->stopmasks[nmasks] = m;
			nmasks += m != 0;
			if (title && !cjkword)
				title_word(f, h, hits);
		}
		in = cjkword = toolong = false;
		wl = 0;
		if (c < 0)
			break;
	}
	f->nstopmasks = nmasks;
	count[C_CAPS] += caps;
	count[C_CJK] += cjk;
	count[C_WORDBYTES] += wordbytes;
	b->words += words;
	b->size += size + count[C_CJK] / 2;
}

static bool
is_alnum_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* An e-mail address around the '@' at s[i]. */
static bool
email_at(const char *s, size_t n, size_t i)
{
	size_t j = i + 1;

	if (i == 0 || i + 1 >= n || !is_alnum_byte(s[i - 1]) ||
	    !is_alnum_byte(s[i + 1]))
		return false;
	while (j < n && s[j] != ' ' && s[j] != '.')
		j++;
	return j + 1 < n && s[j] == '.' && is_alnum_byte(s[j + 1]);
}

/* Ten or more of digits, spaces, ( ) -, from a digit to a digit, nine of
 * them digits: a phone number. */
static bool
has_phone(const char *s, size_t n)
{
	size_t i, run = 0, digits = 0, lastdigit = 0;

	for (i = 0; i <= n; i++) {
		char c = i < n ? s[i] : 'x';

		if (c >= '0' && c <= '9') {
			if (run == 0)
				digits = 0;
			run++;
			digits++;
			lastdigit = run;
			continue;
		}
		if (run > 0 && (c == ' ' || c == '(' || c == ')' || c == '-')) {
			run++;
			continue;
		}
		if (run > 0 && lastdigit >= 10 && digits >= 9)
			return true;
		run = lastdigit = 0;
	}
	return false;
}

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/*
 * A year from 1900 to 2099 standing alone, or a time of day (12:30).  Both
 * start with a digit: only the places of digits are looked at, sixteen
 * bytes at a time.
 */
static void
dates(const char *s, size_t n, struct base *b)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t base;

	for (base = 0; base + 4 <= n; base += 16) {
		bytes16 v = bytes16_load_until(u + base, u + n);
		unsigned at;

		for (at = bytes16_places((bytes16)(v - '0' < 10)); at != 0;
		    at &= at - 1) {
			size_t i = base + (size_t)__builtin_ctz(at);
			bool ends;

			if (i + 4 > n)
				return;
			ends = i + 4 == n || !is_alnum_byte(u[i + 4]);
			if (ends && (i == 0 || !is_alnum_byte(u[i - 1])) &&
			    ((u[i] == '1' && u[i + 1] == '9') ||
			    (u[i] == '2' && u[i + 1] == '0')) &&
			    is_digit(u[i + 2]) && is_digit(u[i + 3]))
				b->year = true;
			if (ends && u[i + 1] == ':' && u[i + 2] >= '0' &&
			    u[i + 2] <= '5' && is_digit(u[i + 3]))
				b->clock = true;
		}
	}
}

/* What line_marks() has counted so far. */
struct marks {
	size_t bars, bullets, slashes, guillemets;
	size_t slash_end;	/* a " / " may start here, not before */
	bool http, www, scheme, email, quote;
};

/* The mark that may start at s[i]: u[i] is one of the bytes below. */
static void
mark_at(const char *s, size_t n, size_t i, struct marks *k)
{
	const unsigned char *u = (const unsigned char *)s;

	switch (u[i]) {
	case '|':
		k->bars++;
		break;
	case '/':
		if (i > 0 && i + 1 < n && u[i - 1] == ' ' && u[i + 1] == ' ' &&
		    i - 1 >= k->slash_end) {
			k->slashes++;
			k->slash_end = i + 2;
		}
		break;
	case '@':
		k->email = k->email || email_at(s, n, i);
		break;
	case 'h':
		if (n - i < 4 || memcmp(s + i, "http", 4) != 0)
			break;
		k->http = true;
		k->scheme = k->scheme ||
		    (n - i >= 7 && memcmp(s + i + 4, "://", 3) == 0) ||
		    (n - i >= 8 && memcmp(s + i + 4, "s://", 4) == 0);
		break;
	case 'w':
		k->www = k->www ||
		    (n - i >= 4 && memcmp(s + i, "www.", 4) == 0);
		break;
	case '"':
		k->quote = true;
		break;
	case 0xc2:
		/* » and «: separators when spaced out alone, quotes if not */
		if (i + 1 < n && (u[i + 1] == 0xbb || u[i + 1] == 0xab)) {
			bool spaced = (i == 0 || u[i - 1] == ' ') &&
			    (i + 2 >= n || u[i + 2] == ' ');

			if (spaced && u[i + 1] == 0xbb)
				k->guillemets++;
			else
				k->quote = true;
		}
		break;
	case 0xe2:
		if (i + 2 < n && u[i + 1] == 0x80) {
			k->bullets += u[i + 2] == 0xa2;
			k->quote = k->quote || u[i + 2] == 0x9c ||
			    u[i + 2] == 0x9e;
		}
		break;
	}
}

/*
 * Separators, web addresses, contact details, quotes and counts of some
 * bytes, in one pass over the line: separators are two or more of "|",
 * "•", " / " or a lone "»" (counted without overlaps); a web address is
 * "http" or "www."; contact details are "http://", "https://", "www.", an
 * e-mail address or a phone number.  Sixteen bytes at a time: most have
 * none of the bytes those start with ("h" and "w" only count before "t"
 * and "w").  Without all, only what features other than breaks, puncts
 * and contact need: the line's "@"s and phone numbers are not looked for.
 */
static inline __attribute__((always_inline)) void
line_marks(const char *s, size_t n, struct base *b, uint32_t *count,
    bool all)
{
	const unsigned char *u = (const unsigned char *)s;
	struct marks k = { 0 };
	size_t base, digits = 0, commas = 0, puncts = 0, breaks = 0, cont = 0;

	for (base = 0; base < n;) {
		/* the counts by place, for up to 255 blocks (bytes16_sum) */
		bytes16 nd = { 0 }, nc = { 0 }, ncomma = { 0 }, np = { 0 },
		    nb = { 0 };
		size_t stop = n - base > 255 * 16 ? base + 255 * 16 : n;

		for (; base < stop; base += 16) {
			bytes16 v0 = bytes16_load_until(u + base, u + n);
			bytes16 v1 = bytes16_next(v0, base + 16 < n ?
			    u[base + 16] : 0);
			bytes16 m = (bytes16)(v0 == '|') |
			    (bytes16)(v0 == '/') |
			    (all ? (bytes16)(v0 == '@') : (bytes16){ 0 }) |
			    (bytes16)(v0 == 0xc2) |
			    (bytes16)(v0 == 0xe2) | (bytes16)(v0 == '"') |
			    ((bytes16)(v0 == 'h') & (bytes16)(v1 == 't')) |
			    ((bytes16)(v0 == 'w') & (bytes16)(v1 == 'w'));
			bytes16 end = (bytes16)(v0 == '.') |
			    (bytes16)(v0 == '!') | (bytes16)(v0 == '?');
			bytes16 digit = (bytes16)(v0 - '0' < 10);
			/* ASCII punctuation (what is printed but no letter or
			 * digit) but for . , ' " and the sentence ends */
			bytes16 p = (bytes16)(v0 - '!' < 94) & ~digit &
			    ~(bytes16)((v0 | 0x20) - 'a' < 26) & ~end &
			    (bytes16)(v0 != ',') & (bytes16)(v0 != '\'') &
			    (bytes16)(v0 != '"');
			unsigned at;

			nd -= digit;
			/* UTF-8 continuation bytes, to count code points */
			nc -= (bytes16)((v0 & 0xc0) == 0x80);
			ncomma -= (bytes16)(v0 == ',');
			if (all) {
				np -= p;
				nb -= end & (bytes16)(v1 == ' ');
			}
			for (at = bytes16_places(m); at != 0; at &= at - 1)
				if (base + (size_t)__builtin_ctz(at) < n)
					mark_at(s, n, base +
					    (size_t)__builtin_ctz(at), &k);
		}
		digits += bytes16_sum(nd);
		cont += bytes16_sum(nc);
		commas += bytes16_sum(ncomma);
		puncts += bytes16_sum(np);
		breaks += bytes16_sum(nb);
	}
	count[C_DIGITS] = (uint32_t)digits;
	count[C_CHARS] = (uint32_t)(n - cont);
	count[C_COMMAS] = (uint32_t)commas;
	count[C_PUNCTS] = (uint32_t)puncts;
	count[C_BREAKS] = (uint32_t)breaks;
	b->url = k.http || k.www;
	b->contact = all && (k.scheme || k.www || k.email ||
	    (digits >= 9 && has_phone(s, n)));
	count[C_SEPARATORS] = (uint32_t)(k.bars > k.bullets ? k.bars :
	    k.bullets);
	if (k.slashes > count[C_SEPARATORS])
		count[C_SEPARATORS] = (uint32_t)k.slashes;
	if (k.guillemets > count[C_SEPARATORS])
		count[C_SEPARATORS] = (uint32_t)k.guillemets;
	b->seps = count[C_SEPARATORS] >= 2;
	b->quote = k.quote;
}

static bool
starts_list(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i > 0 && i + 1 < n && (s[i] == '.' || s[i] == ')') &&
	    s[i + 1] == ' ')
		return true;
	if (n >= 2 && (s[0] == '-' || s[0] == '*') && s[1] == ' ')
		return true;
	if ((n >= 4 && (memcmp(s, "\xe2\x80\x93 ", 4) == 0 ||	/* – */
	    memcmp(s, "\xe2\x80\xa2 ", 4) == 0)) ||		/* • */
	    (n >= 3 && memcmp(s, "\xc2\xb7 ", 3) == 0))		/* · */
		return true;
	if (n >= 4 && s[0] == '(') {
		for (i = 1; i < n && is_alnum_byte(s[i]); i++)
			;
		return i > 1 && i + 1 < n && s[i] == ')' && s[i + 1] == ' ';
	}
	return false;
}

/* Every space-separated token starts with a capital letter. */
static bool
title_case(const char *s, size_t n)
{
	size_t i = 0;
	bool any = false;

	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		if (i == n)
			break;
		if ((unsigned char)s[i] < 0x80) {
			/* ASCII without a call */
			if (s[i] < 'A' || s[i] > 'Z')
				return false;
			i++;
		} else if (!is_capital(next_cp(s, n, &i)))
			return false;
		any = true;
		while (i < n && s[i] != ' ')
			i++;
	}
	return any;
}

/* No lower-case ASCII letter, and at least two capitals. */
static bool
all_upper(const char *s, size_t n)
{
	size_t i, caps = 0;

	for (i = 0; i < n; i++) {
		if (s[i] >= 'a' && s[i] <= 'z')
			return false;
		caps += s[i] >= 'A' && s[i] <= 'Z';
	}
	return caps >= 2;
}

static bool
starts_lower(const char *s, size_t n)
{
	size_t i = 0;
	utf8proc_int32_t c = next_cp(s, n, &i);

	if (c < 0x80)
		return c >= 'a' && c <= 'z';
	return utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

/* Room for n slots, all empty: those up to cleared are already (text_counts
 * empties what a page took), only the others are cleared here. */
static void
slots_clear(struct features *f, size_t n)
{
	grow(&f->slots, &f->slotcap, n, sizeof(*f->slots));
	if (n > f->cleared) {
		memset(f->slots + f->cleared, 0, (n - f->cleared) *
		    sizeof(*f->slots));
		f->cleared = n;
	}
	f->nslots = n;
}

/* The slot of the text with hash h, or the empty one it would take. */
static size_t
slot_of(const struct features *f, uint64_t h)
{
	size_t mask = f->nslots - 1, i = h & mask;

	while (f->slots[i].count != 0 && f->slots[i].hash != h)
		i = (i + 1) & mask;
	return i;
}

/*
 * Count the line text of hash h among the page's: its id, and in *seen
 * whether an earlier line had it.  One slot is read: a line of a page of
 * millions, whose table is larger than the caches, costs one miss.
 */
static uint32_t
text_add(struct features *f, uint64_t h, bool *seen)
{
	struct repeat *r = &f->slots[slot_of(f, h)], *old;
	size_t k, n;

	*seen = r->count != 0;
	if (*seen) {
		r->count++;
		return r->id;
	}
	r->hash = h;
	r->id = (uint32_t)f->ntexts++;
	r->count = 1;
	if (2 * f->ntexts > f->nslots) {
		/* twice the slots, and the texts in them again */
		n = f->nslots;
		old = xmalloc(n * sizeof(*old));
		memcpy(old, f->slots, n * sizeof(*old));
		memset(f->slots, 0, n * sizeof(*old));
		slots_clear(f, 2 * n);
		for (k = 0; k < n; k++)
			if (old[k].count != 0)
				f->slots[slot_of(f, old[k].hash)] = old[k];
		free(old);
	}
	return (uint32_t)f->ntexts - 1;
}

/* How many lines have each text, by id, once the page is read; its
 * slots emptied for the next. */
static void
text_counts(struct features *f)
{
	size_t k;

	grow(&f->counts, &f->countcap, f->ntexts + 1, sizeof(*f->counts));
	for (k = 0; k < f->nslots; k++)
		if (f->slots[k].count != 0) {
			f->counts[f->slots[k].id] = f->slots[k].count;
			f->slots[k].count = 0;
		}
}

static enum group
group_of(struct features *f, const struct rule *r)
{
	size_t c = rule_category(r), k;
	const char *name;

	if (c >= f->group_cap) {
		size_t old = f->group_cap;

		grow(&f->group_of, &f->group_cap, c + 1, sizeof(*f->group_of));
		memset(f->group_of + old, -1, f->group_cap - old);
	}
	if (f->group_of[c] < 0) {
		name = rule_category_name(r);
		f->group_of[c] = GROUP_OTHER;
		for (k = 0; k < sizeof(groups) / sizeof(groups[0]); k++)
			if (strcmp(groups[k].category, name) == 0)
				f->group_of[c] = (int8_t)groups[k].group;
	}
	return (enum group)f->group_of[c];
}

/* Bits carry added to slice[s] and up: the slices are a binary count. */
static inline void
carry_up(uint64_t *slice, size_t s, uint64_t carry)
{
	for (; carry != 0; s++) {
		uint64_t c = slice[s] & carry;

		slice[s] ^= carry;
		carry = c;
	}
}

/* *sum + a + b, bit by bit: its low bits to *sum, its carries to *carry. */
static inline void
add3(uint64_t *sum, uint64_t *carry, uint64_t a, uint64_t b)
{
	uint64_t u = a ^ b;

	*carry = (a & b) | (u & *sum);
	*sum ^= u;
}

/*
 * How many of the page's words are stopwords of each language: the bits
 * of the stopmasks added up in a bit-sliced counter, bit l of slice[s]
 * bit s of language l's count (a word's languages, one by one, would cost
 * a loop of its own for each word), read out once at the end.
 */
static void
count_languages(const struct features *f, size_t *counts)
{
	uint64_t slice[64] = { 0 };
	size_t i, s, top, l, langs = stoplist_languages < MAX_LANGS ?
	    stoplist_languages : MAX_LANGS;

	/*
	 * Four masks at a time are added to the two lowest slices with
	 * carry-save adders, and only what carries past them walks up the
	 * slices: that walk's length varies, and so mispredicted its end on
	 * nearly every mask.
	 */
	for (i = 0; i + 4 <= f->nstopmasks; i += 4) {
		const uint64_t *m = f->stopmasks + i;
		uint64_t twos_a, twos_b, carry;

		add3(&slice[0], &twos_a, m[0], m[1]);
		add3(&slice[0], &twos_b, m[2], m[3]);
		add3(&slice[1], &carry, twos_a, twos_b);
		carry_up(slice, 2, carry);
	}
	for (; i < f->nstopmasks; i++)
		carry_up(slice, 0, f->stopmasks[i]);
	for (top = 64; top > 0 && slice[top - 1] == 0; top--)
		;
	for (l = 0; l < langs; l++)
		for (s = 0; s < top; s++)
			counts[l] += (size_t)(slice[s] >> l & 1) << s;
}

/* Keep the counts of line b, of n bytes, in 16 bits or in wides. */
static void
set_counts(struct features *f, struct base *b, const uint32_t *count,
    size_t n)
{
	size_t k;

	b->wide = n >= WIDE;
	if (b->wide) {
		grow(&f->wides, &f->widecap, f->nwides + 1, sizeof(*f->wides));
		f->wides[f->nwides].place = (uint32_t)(b - f->b);
		memcpy(f->wides[f->nwides++].count, count,
		    sizeof(f->wides->count));
	} else {
		/* unrolled: a loop's control would cost as much as the
		 * copy */
#pragma GCC unroll 16
		for (k = 0; k < NCOUNTS; k++)
			b->count[k] = (uint16_t)count[k];
	}
}

/* Pass 1: each line alone. */
static void
line_pass(struct features *f, const struct linetab *t)
{
	size_t i, need = 16;

	/* sized for this page, up to where growing costs less than
	 * clearing: a large one before must not make the clearing of every
	 * later one cost as much */
	while (need < 2 * t->n && need < 8192)
		need *= 2;
	slots_clear(f, need);
	f->ntexts = 0;
	f->nstopmasks = 0;
	f->ntitle = 0;
	memset(f->title_bloom, 0, sizeof(f->title_bloom));
	f->title_done = false;
	f->nseq = 0;
	f->nwides = 0;
	for (i = 0; i < t->n; i++) {
		const struct line *l = &t->lines[i];
		const char *s = l->view;
		size_t n = l->vlen;
		struct base *b;
		unsigned hits = 0;
		bool seen;
		uint64_t h;
		uint32_t count[NCOUNTS];

		if (n == 0) {
			f->place[i] = BLANK;
			continue;
		}
		/* the slot of its text is fetched while the line is read: on a
		 * page of millions of lines it is seldom in a cache */
		h = stoplist_hash_bytes(s, n);
		__builtin_prefetch(&f->slots[h & (f->nslots - 1)]);
		f->place[i] = (uint32_t)f->nseq;
		b = &f->b[f->nseq++];
		memset(b, 0, sizeof(*b));
		/* a headline repeats the title: long lines are no headline */
		memset(count, 0, sizeof(count));
		scan_words(f, s, n, b, count, !f->title_done || n < 200, &hits);
		if (f->title_done && b->words > 0)
			b->title = (float)hits / (float)b->words;
		f->title_done = true;
		line_end(s, n, b);
		b->list = starts_list(s, n);
		/* asked of short lines: the long ones are no headings */
		b->titlecase = f->want[F_titlecase] && b->size <= 12 &&
		    title_case(s, n);
		b->upper = f->want[F_upper] && b->size <= 12 &&
		    all_upper(s, n);
		b->lower_start = f->want[F_lower_start] && starts_lower(s, n);
		/* two copies: the one without breaks, puncts and contact
		 * (which the built-in model does not ask for) tests for
		 * them in no block of sixteen bytes */
		if (f->marks_all)
			line_marks(s, n, b, count, true);
		else
			line_marks(s, n, b, count, false);
		if (count[C_DIGITS] >= 3)
			dates(s, n, b);
		set_counts(f, b, count, n);
		b->text = text_add(f, h, &seen);
		b->later_copy = seen;
		if (l->verdict == VERDICT_DROP) {
			b->rule = true;
			if (l->rule != NULL) {
				enum action a = rule_action(l->rule);

				b->section = a == ACTION_SECTION ||
				    a == ACTION_TRAILER;
				b->trailer = a == ACTION_TRAILER;
				b->group = (uint8_t)group_of(f, l->rule);
			} else
				b->group = GROUP_OTHER;
		}
	}
}

/* The page's language: the stoplist with the most hits, or -1. */
static int
guess_language(const size_t *counts, size_t words)
{
	size_t best = 0, i;
	int lang = -1;

	for (i = 0; i < stoplist_languages && i < MAX_LANGS; i++)
		if (counts[i] > best) {
			best = counts[i];
			lang = (int)i;
		}
	if ((double)best < LANG_MIN_SHARE * (double)words)
		return -1;
	return lang;
}

/* The counts of a wide line: its entry in wides, found by its place. */
static uint32_t *
wide_counts(const struct features *f, const struct base *b)
{
	size_t lo = 0, hi = f->nwides, p = (size_t)(b - f->b);

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->wides[mid].place <= p)
			lo = mid;
		else
			hi = mid;
	}
	return f->wides[lo].count;
}

/* Count k of line b. */
static inline uint32_t
count_of(const struct features *f, const struct base *b, enum count k)
{
	return b->wide ? wide_counts(f, b)[k] : b->count[k];
}

static double
density(const struct features *f, const struct base *b)
{
	if (f->lang < 0)
		return 0;
	return b->size > 0 ? (double)count_of(f, b, C_STOP) / b->size : 0.0;
}

static bool
prose(const struct base *b)
{
	return b->size >= PROSE_WORDS && b->end_sentence;
}

/* A line that ends a run of lines for the run features: a rule's verdict,
 * but for the ones that an article may hold. */
static bool
breaks_run(const struct base *b)
{
	return b->rule && b->group != GROUP_CAPTION && b->group != GROUP_BYLINE;
}

/* A line's shape for the teaser rhythm: short, middling or prose. */
static int
shape(const struct base *b)
{
	if (b->rule)
		return 3;
	if (prose(b))
		return 2;
	return b->size <= SHORT_WORDS ? 0 : 1;
}

unsigned
features_words(const struct features *f, size_t i)
{
	return i < f->n && f->place[i] != BLANK ? f->b[f->place[i]].words : 0;
}

bool
features_headline(const struct features *f, size_t i)
{
	const struct base *b;

	if (i >= f->n || f->place[i] == BLANK)
		return false;
	b = &f->b[f->place[i]];
	/* a page that starts with a title: the headline repeats it (what
	 * stands above an article and does not is a byline, a date, a
	 * caption) */
	if (f->place[i] > 0 && f->ntitle >= TITLE_MIN && b->title <
	    HEADLINE_TITLE)
		return false;
	return b->words >= 3 && b->words <= 25 && !b->end_sentence &&
	    !b->end_ellipsis && count_of(f, b, C_SEPARATORS) == 0 && !b->url;
}

bool
features_prose(const struct features *f, size_t i)
{
	return i < f->n && f->place[i] != BLANK && prose(&f->b[f->place[i]]);
}

/* Pass 2: the page, and the sums that windows are read from. */
static void
page_pass(struct features *f, const size_t *counts)
{
	size_t p, k, words = 0, last, nsegs;
	uint32_t whole[4];
	double best = 0, cur = 0;
	size_t start = 0;
	bool trailer = false;

	for (p = 0; p < f->nseq; p++)
		words += f->b[p].words;
	f->lang = guess_language(counts, words);
	/* and a float past the last, read and left by windows() */
	grow(&f->sums, &f->sumcap, (f->nseq + 1) * 3 + 1, sizeof(*f->sums));
	grow(&f->counted, &f->countedcap, f->nseq + 1, sizeof(*f->counted));
	if (f->nseq >= ONES_MAX)
		grow(&f->whole, &f->wholecap, f->nseq + 1, sizeof(*f->whole));
	grow(&f->ema, &f->emacap, f->nseq * 4 + 4, sizeof(*f->ema));
	f->words = f->prose = f->rules = f->maxsize = f->cjk = f->chars = 0;
	f->run_a = 1;
	f->run_b = 0;
	memset(f->sums, 0, 3 * sizeof(*f->sums));
	f->sums[(f->nseq + 1) * 3] = 0;
	memset(f->counted[0], 0, sizeof(f->counted[0]));
	memset(whole, 0, sizeof(whole));
	for (p = 0; p < f->nseq; p++) {
		struct base *b = &f->b[p];
		float *s = f->sums + (p + 1) * 3, *prev = s - 3;
		double w;

		if (f->lang >= 0) {
			uint32_t stop = 0;

			for (k = b->masks; k < (p + 1 < f->nseq ?
			    b[1].masks : f->nstopmasks); k++)
				stop += (uint32_t)(f->stopmasks[k] >> f->lang &
				    1);
			/* no more than its words, which its bytes bound */
			if (b->wide)
				wide_counts(f, b)[C_STOP] = stop;
			else
				b->count[C_STOP] = (uint16_t)stop;
		}
		b->before = (uint32_t)f->words;
		b->after_trailer = trailer;
		trailer = trailer || b->trailer;
		s[0] = prev[0] + lg(f, b->size);
		s[1] = prev[1] + (float)density(f, b);
		s[2] = prev[2] + (b->words > 0 ?
		    (float)count_of(f, b, C_CAPS) / (float)b->words : 0);
		whole[0] += prose(b);
		whole[1] += b->end_sentence;
		whole[2] += b->rule;
		whole[3] += b->size <= SHORT_WORDS;
		for (k = 0; k < 4; k++)
			f->counted[p + 1][k] = (uint8_t)whole[k];
		if (f->nseq >= ONES_MAX)
			memcpy(f->whole[p + 1], whole, sizeof(whole));
		f->words += b->size;
		f->prose += !b->rule && prose(b);
		f->rules += b->rule;
		f->cjk += count_of(f, b, C_CJK);
		f->chars += count_of(f, b, C_CHARS);
		if (!b->rule && b->size > f->maxsize)
			f->maxsize = b->size;
		/* the densest run of long lines, as a simple cleaner keeps */
		w = b->rule ? -(double)PROSE_WORDS :
		    (double)b->size - 14 + 5 * b->end_sentence;
		if (cur <= 0) {
			cur = 0;
			start = p;
		}
		cur += w;
		if (cur > best) {
			best = cur;
			f->run_a = start;
			f->run_b = p;
		}
	}
	f->page[F_page_lines - F_page_lines] = lg(f, f->nseq);
	f->page[F_page_words - F_page_lines] = lg(f, f->words);
	f->page[F_page_prose - F_page_lines] = f->nseq ?
	    (float)(f->prose / f->nseq) : 0;
	f->page[F_page_rules - F_page_lines] = f->nseq ?
	    (float)(f->rules / f->nseq) : 0;
	f->page[F_lang_known - F_page_lines] = f->lang >= 0;
	f->page[F_page_maxwords - F_page_lines] = lg(f, f->maxsize);
	f->page[F_page_cjk - F_page_lines] = f->chars > 0 ?
	    (float)(f->cjk / f->chars) : 0;
	f->prose_lines = lg(f, f->prose);
	/* the nearest rule-dropped lines, either side */
	for (p = 0, last = 0; p < f->nseq; p++) {
		struct base *b = &f->b[p];

		b->since = (uint32_t)(p + 1 - last);
		if (b->rule)
			last = p + 1;
	}
	for (p = f->nseq, last = f->nseq; p-- > 0;) {
		struct base *b = &f->b[p];

		b->until = (uint32_t)(last - p);
		if (b->rule)
			last = p;
	}
	/*
	 * Runs of lines between the rules' verdicts: an article is seldom
	 * cut by one (but for a caption or a byline), so the run with the
	 * most prose is likely its place.
	 */
	f->maxsegprose = 0;
	for (p = 0, nsegs = 0; p < f->nseq; nsegs++) {
		size_t q, n = 0;

		for (q = p; q < f->nseq; q++) {
			const struct base *b = &f->b[q];

			if (q > p && breaks_run(b))
				break;
			n += !b->rule && prose(b);
		}
		for (k = p; k < q; k++)
			f->b[k].seg = (uint32_t)nsegs;
		grow(&f->segs, &f->segcap, nsegs + 2, sizeof(*f->segs));
		f->segs[nsegs].start = (uint32_t)p;
		f->segs[nsegs].prose = (uint32_t)n;
		f->segs[nsegs + 1].start = (uint32_t)q;
		if (n > f->maxsegprose)
			f->maxsegprose = (uint32_t)n;
		p = q;
	}
	for (p = 0, last = SIZE_MAX; p < f->nseq; p++) {
		struct base *b = &f->b[p];

		b->prose_before = last == SIZE_MAX ? 1000 :
		    (uint32_t)(p - last);
		if (!b->rule && prose(b))
			last = p;
	}
	for (p = f->nseq, last = SIZE_MAX; p-- > 0;) {
		struct base *b = &f->b[p];

		b->prose_after = last == SIZE_MAX ? 1000 :
		    (uint32_t)(last - p);
		if (!b->rule && prose(b))
			last = p;
	}
	grow(&f->rhythm, &f->rhythmcap, f->nseq + 1, sizeof(*f->rhythm));
	f->rhythm[0][0] = f->rhythm[0][1] = 0;
	for (p = 0; f->teaser && p < f->nseq; p++) {
		int s0 = shape(&f->b[p]);
		int s1 = p + 1 < f->nseq ? shape(&f->b[p + 1]) : -1;
		int s2 = p + 2 < f->nseq ? shape(&f->b[p + 2]) : -1;

		f->rhythm[p + 1][0] = (uint8_t)(f->rhythm[p][0] + (s1 >= 0 &&
		    ((s0 == 2 && s1 < 2) || (s0 < 2 && s1 == 2))));
		f->rhythm[p + 1][1] = (uint8_t)(f->rhythm[p][1] +
		    (s2 >= 0 && s0 == s2 && s0 != s1));
	}
	grow(&f->clocks, &f->clockcap, f->nseq + 1, sizeof(*f->clocks));
	f->clocks[0] = 0;
	f->nclocks = 0;
	for (p = 0; p < f->nseq; p++) {
		f->clocks[p + 1] = (uint8_t)(f->clocks[p] + f->b[p].clock);
		f->nclocks += f->b[p].clock;
	}
	/* prose before and after each line, fading with distance */
	for (p = 0; p < f->nseq; p++) {
		float *e = f->ema + p * 4, x;

		if (p == 0) {
			e[0] = e[2] = 0;
			continue;
		}
		x = prose(&f->b[p - 1]);
		e[0] = 0.7f * e[-4] + 0.3f * x;
		e[2] = 0.95f * e[-2] + 0.05f * x;
	}
	for (p = f->nseq; p-- > 0;) {
		float *e = f->ema + p * 4, x;

		if (p + 1 == f->nseq) {
			e[1] = e[3] = 0;
			continue;
		}
		x = prose(&f->b[p + 1]);
		e[1] = 0.7f * e[5] + 0.3f * x;
		e[3] = 0.95f * e[7] + 0.05f * x;
	}
}

void
features_compute(struct features *f, const struct linetab *t)
{
	size_t counts[MAX_LANGS] = { 0 };

	f->n = t->n;
	grow(&f->b, &f->bcap, t->n + 1, sizeof(*f->b));
	grow(&f->place, &f->placecap, t->n + 1, sizeof(*f->place));
	line_pass(f, t);
	text_counts(f);
	count_languages(f, counts);
	page_pass(f, counts);
}

/* Feature k of the row being made (make_row). */
#define AT(k) row[(size_t)(k) * stride]

typedef float four __attribute__((vector_size(16)));
typedef unsigned char four_counts __attribute__((vector_size(4)));
typedef int32_t four_ints __attribute__((vector_size(16)));

/* The four counts of cb less those of ca, modulo 256, as floats. */
static inline four
counts_less(const uint8_t *cb, const uint8_t *ca)
{
#ifdef __SSE2__
	/* widened by unpacks: the generic vectors' conversion below takes
	 * the bytes apart one by one */
	__m128i z = _mm_setzero_si128(), d;
	int32_t x, y;

	memcpy(&x, ca, sizeof(x));
	memcpy(&y, cb, sizeof(y));
	d = _mm_sub_epi8(_mm_cvtsi32_si128(y), _mm_cvtsi32_si128(x));
	return (four)_mm_cvtepi32_ps(_mm_unpacklo_epi16(_mm_unpacklo_epi8(d,
	    z), z));
#else
	four_counts a, b;

	memcpy(&a, ca, sizeof(a));
	memcpy(&b, cb, sizeof(b));
	return __builtin_convertvector(__builtin_convertvector(
	    (four_counts)(b - a), four_ints), four);
#endif
}

/*
 * The counts (prose, ends, rules', short) over places [a, b), as the
 * difference of two float sums of each would be (exact until ONES_MAX):
 * big says the page has ONES_MAX lines or more.
 */
static inline four
counts_over(const struct features *f, size_t a, size_t b, bool big)
{
	four c;
	size_t k;

	if (!big)
		return counts_less(f->counted[b], f->counted[a]);
	for (k = 0; k < 4; k++)
		c[k] = (float)(f->whole[b][k] < ONES_MAX ? f->whole[b][k] :
		    ONES_MAX) - (float)(f->whole[a][k] < ONES_MAX ?
		    f->whole[a][k] : ONES_MAX);
	return c;
}

/* The mean of prose lines over non-blank lines [a, b), 0 if none. */
static float
prose_window(const struct features *f, size_t a, size_t b)
{
	if (b <= a)
		return 0;
	return counts_over(f, a, b, f->nseq >= ONES_MAX)[0] / (float)(b - a);
}

/* A window's lines, 0 to 8, as the divisor of its sums (1 when it has
 * none: the sums are then exact zeros) */
static const four window_lines[9] = {
	{ 1, 1, 1, 1 }, { 1, 1, 1, 1 }, { 2, 2, 2, 2 }, { 3, 3, 3, 3 },
	{ 4, 4, 4, 4 }, { 5, 5, 5, 5 }, { 6, 6, 6, 6 }, { 7, 7, 7, 7 },
	{ 8, 8, 8, 8 },
};

/*
 * The quantities' means over the lines either side of place p, w = 1, 3
 * and 8 of them, to row[0, 6 NQ), a stride apart, in the features' order
 * (prev1, next1, prev3, next3, prev8, next8).  The six windows start and
 * end at eight places, each of whose sums is read once; a window's means
 * are its sums over its lines, lane by lane in a division of vectors, as
 * each alone.  big: the page has ONES_MAX lines or more (a constant where
 * it is inlined, so that the test is not made for each window).
 */
static inline __attribute__((always_inline)) void
windows(const struct features *f, size_t p, float *row, size_t stride,
    bool big)
{
	/* each window's first place and the one past its last, in edge */
	static const uint8_t from[6] = { 2, 4, 1, 4, 0, 4 };
	static const uint8_t to[6] = { 3, 5, 3, 6, 3, 7 };
	size_t n = f->nseq, edge[8], j;
	four s[8];

	edge[0] = p > 8 ? p - 8 : 0;
	edge[1] = p > 3 ? p - 3 : 0;
	edge[2] = p > 1 ? p - 1 : 0;
	edge[3] = p;
	edge[4] = p + 1;
	edge[5] = p + 2 < n ? p + 2 : n;
	edge[6] = p + 4 < n ? p + 4 : n;
	edge[7] = p + 9 < n ? p + 9 : n;
#pragma GCC unroll 8
	for (j = 0; j < 8; j++)
		memcpy(&s[j], f->sums + edge[j] * 3, sizeof(s[j]));
#pragma GCC unroll 6
	for (j = 0; j < 6; j++) {
		size_t a = edge[from[j]], b = edge[to[j]];
		four lines = window_lines[b - a];
		four m = (s[to[j]] - s[from[j]]) / lines;
		four c = counts_over(f, a, b, big) / lines;
		float *at = row + j * NQ * stride;

		at[Q_WORDS * stride] = m[0];
		at[Q_DENSITY * stride] = m[1];
		at[Q_CAPS * stride] = m[2];
		at[Q_PROSE * stride] = c[0];
		at[Q_END * stride] = c[1];
		at[Q_RULE * stride] = c[2];
		at[Q_SHORT * stride] = c[3];
	}
}

/*
 * The rule-dropped lines among places [a, b), NEAR or fewer: whether one
 * is a section heading, to *section, and the share of NEAR lines of each
 * group but the first, to groups[0, NGROUPS - 1), a stride apart.
 */
static inline __attribute__((always_inline)) void
near_rules(const struct features *f, size_t a, size_t b, float *section,
    float *groups, size_t stride)
{
	unsigned near[NGROUPS] = { 0 };
	bool heading = false;
	size_t j;

	for (j = a; j < b; j++) {
		const struct base *c = &f->b[j];

		if (c->rule) {
			near[c->group]++;
			heading = heading || c->section;
		}
	}
	*section = heading;
#pragma GCC unroll 8
	for (j = 0; j < NGROUPS - 1; j++)
		groups[j * stride] = f->thirds[near[j + 1]];
}

/* The row of line i, feature k at row[k * stride]. */
static inline __attribute__((always_inline)) bool
make_row(const struct features *f, size_t i, float *row, size_t stride)
{
	const struct base *b;
	size_t p, j, lo, hi, alt = 0, per = 0;
	uint32_t repeats, narrow[NCOUNTS];
	const uint32_t *cnt;
	const struct seg *seg;
	uint32_t seglines;

	if (i >= f->n || f->place[i] == BLANK)
		return false;
	p = f->place[i];
	b = &f->b[p];
	repeats = f->counts[b->text];
	/* its counts at hand, wide or not */
	cnt = b->wide ? wide_counts(f, b) : narrow;
	if (!b->wide) {
		/* the short loops of a row unrolled (GCC does not at -O2):
		 * their control would cost as much as their work */
#pragma GCC unroll 16
		for (j = 0; j < NCOUNTS; j++)
			narrow[j] = b->count[j];
	}
	seg = &f->segs[b->seg];
	seglines = seg[1].start - seg->start;
	AT(F_words) = lgc(f, b->size);
	AT(F_chars) = lgc(f, cnt[C_CHARS]);
	AT(F_density) = f->lang < 0 || b->size == 0 ? 0 :
	    (float)((double)cnt[C_STOP] / b->size);
	AT(F_stops) = lgc(f, cnt[C_STOP]);
	AT(F_end_sentence) = b->end_sentence;
	AT(F_end_colon) = b->end_colon;
	AT(F_end_ellipsis) = b->end_ellipsis;
	AT(F_end_other) = b->end_other;
	AT(F_commas) = b->words ? (float)cnt[C_COMMAS] / (float)b->words : 0;
	AT(F_caps) = b->words ? (float)cnt[C_CAPS] / (float)b->words : 0;
	AT(F_digits) = cnt[C_CHARS] ?
	    (float)cnt[C_DIGITS] / (float)cnt[C_CHARS] : 0;
	AT(F_seps) = b->seps;
	AT(F_separators) = lgc(f, cnt[C_SEPARATORS]);
	AT(F_url) = b->url;
	AT(F_list) = b->list;
	/*
	 * A test of whether it is wanted, for the few features that cost
	 * more than one, and for the groups that pass 1 computes only when
	 * one of them is wanted: the others are written either way.
	 */
	if (f->marks_all) {
		AT(F_breaks) = lgc(f, cnt[C_BREAKS]);
		AT(F_puncts) = cnt[C_CHARS] ?
		    (float)cnt[C_PUNCTS] / (float)cnt[C_CHARS] : 0;
		AT(F_contact) = b->contact;
	}
	if (f->cases) {
		AT(F_titlecase) = b->titlecase;
		AT(F_upper) = b->upper;
		AT(F_lower_start) = b->lower_start;
	}
	if (f->want[F_cjk])
		AT(F_cjk) = cnt[C_CHARS] ?
		    (float)cnt[C_CJK] / (float)cnt[C_CHARS] : 0;
	AT(F_quote) = b->quote;
	AT(F_year) = b->year;
	AT(F_clock) = b->clock;
	AT(F_wordlen) = b->words ?
	    (float)cnt[C_WORDBYTES] / (float)b->words : 0;
	AT(F_title) = b->title;
	AT(F_repeats) = repeats < LOGS ? f->logk[repeats > 0 ? repeats : 1] :
	    (float)log(repeats);
	AT(F_later_copy) = b->later_copy;
	AT(F_first_copy) = repeats > 1 && !b->later_copy;
	AT(F_rel_words) = f->maxsize > 0 ? (float)(b->size / f->maxsize) : 0;
	AT(F_pos) = f->nseq > 1 ? (float)p / (float)(f->nseq - 1) : 0;
	AT(F_words_before) = f->words > 0 ?
	    (float)((double)b->before / f->words) : 0;
	AT(F_blank_before) = i > 0 && f->place[i - 1] == BLANK;
	AT(F_blank_after) = i + 1 < f->n && f->place[i + 1] == BLANK;
	if (f->want[F_rule_prev])
		AT(F_rule_prev) = p > 0 && f->b[p - 1].rule;
	if (f->want[F_rule_next])
		AT(F_rule_next) = p + 1 < f->nseq && f->b[p + 1].rule;

	/* how far the rules' verdicts are, and what they were */
	AT(F_rules_since) = lgc(f, b->since);
	AT(F_rules_until) = lgc(f, b->until);
	_Static_assert(F_prev_other == F_prev_nav + NGROUPS - 2 &&
	    F_next_other == F_next_nav + NGROUPS - 2,
	    "the groups of the rules near a line follow one another");
	/* a side with no rule-dropped line within NEAR lines, as most
	 * have, is not looked at: since and until say so */
	if (f->near_before) {
		lo = p > NEAR ? p - NEAR : 0;
		near_rules(f, b->since > NEAR ? p : lo, p,
		    &AT(F_section_above), &AT(F_prev_nav), stride);
	}
	if (f->near_after) {
		hi = p + NEAR + 1 < f->nseq ? p + NEAR + 1 : f->nseq;
		near_rules(f, p + 1, b->until > NEAR ? p + 1 : hi,
		    &AT(F_section_below), &AT(F_next_nav), stride);
	}
	AT(F_trailer_above) = b->after_trailer;

	_Static_assert(F_next8_short == F_prev1_words + 6 * NQ - 1,
	    "the window features follow one another");
	if (f->nseq < ONES_MAX)
		windows(f, p, &AT(F_prev1_words), stride, false);
	else
		windows(f, p, &AT(F_prev1_words), stride, true);
	AT(F_ema_before) = f->ema[p * 4];
	AT(F_ema_after) = f->ema[p * 4 + 1];
	AT(F_ema_before_long) = f->ema[p * 4 + 2];
	AT(F_ema_after_long) = f->ema[p * 4 + 3];

	AT(F_seg_prose) = lgc(f, seg->prose);
	AT(F_seg_share) = f->prose > 0 ? (float)(seg->prose / f->prose) : 0;
	AT(F_seg_lines) = lgc(f, seglines);
	AT(F_seg_pos) = seglines > 1 ?
	    (float)(p - seg->start) / (float)(seglines - 1) : 0;
	AT(F_seg_best) = seg->prose > 0 && seg->prose == f->maxsegprose;
	AT(F_prose_before) = lgc(f, b->prose_before);
	AT(F_prose_after) = lgc(f, b->prose_after);
	lo = p > 20 ? p - 20 : 0;
	hi = p + 21 < f->nseq ? p + 21 : f->nseq;
	AT(F_prose_near) = prose_window(f, lo, hi);
	if (f->want[F_longest])
		AT(F_longest) = !b->rule && b->size > 0 &&
		    b->size == f->maxsize;
	AT(F_page_prose_lines) = f->prose_lines;
	AT(F_in_run) = f->run_a <= p && p <= f->run_b;
	AT(F_run_distance) = f->run_a > f->run_b ? 5 :
	    lgc(f, p < f->run_a ? f->run_a - p :
	    p > f->run_b ? p - f->run_b : 0);

	/* the teaser rhythm: short and prose lines taking turns */
	if (f->teaser) {
		lo = p > RHYTHM ? p - RHYTHM : 0;
		hi = p + RHYTHM + 1 < f->nseq ? p + RHYTHM + 1 : f->nseq;
		if (hi > lo + 1)
			alt = (uint8_t)(f->rhythm[hi - 1][0] -
			    f->rhythm[lo][0]);
		if (hi > lo + 2)
			per = (uint8_t)(f->rhythm[hi - 2][1] -
			    f->rhythm[lo][1]);
		AT(F_alternation) = f->twelfths[alt];
		AT(F_period) = f->twelfths[per];
	}

	/* times of day around it: the heads of comments, a live report */
	lo = p > CLOCKS ? p - CLOCKS : 0;
	hi = p + CLOCKS + 1 < f->nseq ? p + CLOCKS + 1 : f->nseq;
	AT(F_clock_before) = p > lo ? (float)(uint8_t)(f->clocks[p] -
	    f->clocks[lo]) / (float)(p - lo) : 0;
	AT(F_clock_after) = hi > p + 1 ? (float)(uint8_t)(f->clocks[hi] -
	    f->clocks[p + 1]) / (float)(hi - p - 1) : 0;
	AT(F_page_clocks) = lgc(f, f->nclocks);

#pragma GCC unroll 16
	for (j = F_page_lines; j <= F_page_cjk; j++)
		AT(j) = f->page[j - F_page_lines];
	return true;
}

bool
features_row(const struct features *f, size_t i, float *row)
{
	return make_row(f, i, row, 1);
}

#ifdef FEAT_X86
/*
 * The detector's rows, the same code compiled for AVX2 too: three operands
 * an instruction and a lane of a vector stored in one take some 7% of a
 * row's instructions away.  No FMA: every number is rounded as before.
 */
__attribute__((target("avx2"))) static bool
column_avx2(const struct features *f, size_t i, float *col)
{
	return make_row(f, i, col, SCORE_LANES);
}
#endif

bool
features_column(const struct features *f, size_t i, float *col,
    size_t stride)
{
	/* the detector's stride as a constant: a feature is then stored at
	 * an offset the instruction holds, not at one computed each time */
	if (stride == SCORE_LANES) {
#ifdef FEAT_X86
		if (f->avx2)
			return column_avx2(f, i, col);
#endif
		return make_row(f, i, col, SCORE_LANES);
	}
	return make_row(f, i, col, stride);
}
