/*
 * The content detector, in four steps over a document's line table:
 *
 * 1. Features per line: words (characters for Chinese and Japanese),
 *    stopword density in the page's language, terminal punctuation, title
 *    case, list markers, separators, links and contact details, repeats.
 * 2. A class per line: good (long, sentence-like, stopword-dense), content,
 *    neutral, menu-like, boilerplate.
 * 3. Evidence: the page must show boilerplate (lines the rules dropped, or
 *    menus before and after its prose), or it is taken to be clean article
 *    text already and left alone.
 * 4. The region: the maximum-sum run of line scores, stretched over the
 *    lines next to it that show no boilerplate, with the headline above it.
 *    Inside it, runs of menu lines (widgets) go; outside it, all goes.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "bytes16.h"
#include "default_rules.h"
#include "detect.h"
#include "linetab.h"
#include "rules.h"
#include "stoplist.h"
#include "util.h"

#define MAX_LANGS 64
#define MAX_WORD 64		/* longer words are no stopwords */

enum cls {
	CLS_BLANK,
	CLS_RULE,	/* dropped by a rule */
	CLS_GOOD,
	CLS_CONTENT,	/* sentence-like or a list item, but short */
	CLS_NEUTRAL,
	CLS_LINK,	/* a short line with a web address */
	CLS_MENU,	/* short, no punctuation, or title case, or repeated */
	CLS_BAD,	/* separators, or a long line repeated */
};

struct feat {
	enum cls cls;
	double score;
	unsigned words;		/* word tokens */
	unsigned size;		/* words, or for CJK text characters / 2 */
	unsigned cjk;
	unsigned stop;		/* stopwords of the page's language */
	/* the languages of each stopword: stopmasks[masks, masks + nmasks) */
	size_t masks;
	unsigned nmasks;
	bool punct, list, title, link, contact, seps;
	bool url;		/* a web address: prose rarely has one */
	bool section;		/* dropped by a section rule */
	bool trailer;		/* dropped by a trailer rule */
	uint64_t hash;
	const char *why;	/* for a line the region leaves out */
};

struct params {
	unsigned good_words;
	double good_density;
	unsigned long_words;
	unsigned good_chars;
	unsigned long_chars;
	unsigned evidence_rules;
	unsigned evidence_menu;
	unsigned widget_lines;
	double menu_weight;
	double rule_weight;
	double section_weight;
};

struct repeat {
	uint64_t hash;
	unsigned count;
};

struct detector {
	struct params p;
	size_t nlang;
	struct feat *f;
	size_t fcap;
	struct repeat *rep;
	size_t repcap, repsize;	/* repsize: this page's, a power of two */
	/*
	 * Of each stopword of the page in turn, the languages it is one of
	 * (bit i: language i): a line's count in the page's language is read
	 * off them once that language is known.
	 */
	uint64_t *stopmasks;
	size_t nstopmasks, stopmaskcap;
};

static const struct params defaults = {
	.good_words = 10,
	.good_density = 0.15,
	.long_words = 25,
	.good_chars = 30,
	.long_chars = 80,
	.evidence_rules = 2,
	.evidence_menu = 8,
	.widget_lines = 3,
	.menu_weight = 5,
	.rule_weight = 3,
	.section_weight = 25,
};

/* Weights of the classes that are not set by name. */
#define BAD_WEIGHT 5.0
#define NEUTRAL_WEIGHT 2.0
#define CONTENT_WEIGHT 1.0
#define LINK_WEIGHT 1.0
#define GOOD_MAX 80		/* a paragraph counts at most this many words */
#define TAIL_SHARE 0.85		/* prose in the last 15% is likely footer */
#define TAIL_WEIGHT 0.5
#define LANG_MIN_SHARE 0.05	/* less than this: language unknown */
#define TOOLBAR_GOOD 3		/* paragraphs that a toolbar may follow */

struct detector *
detector_new(void)
{
	struct detector *d = xcalloc(1, sizeof(*d));

	d->p = defaults;
	d->nlang = stoplist_languages;
	return d;
}

void
detector_free(struct detector *d)
{
	if (d == NULL)
		return;
	free(d->f);
	free(d->rep);
	free(d->stopmasks);
	free(d);
}

/* Names for detector_set(), with where each value lives and its range. */
static const struct setting {
	const char *name;
	size_t off;
	bool real;		/* a double, else an unsigned */
	double min, max;
} settings[] = {
	{ "good-words", offsetof(struct params, good_words), false, 1, 1000 },
	{ "good-density", offsetof(struct params, good_density), true, 0, 1 },
	{ "long-words", offsetof(struct params, long_words), false, 1, 1000 },
	{ "good-chars", offsetof(struct params, good_chars), false, 1, 10000 },
	{ "long-chars", offsetof(struct params, long_chars), false, 1, 10000 },
	{ "evidence-rules", offsetof(struct params, evidence_rules), false, 0,
	    1000000 },
	{ "evidence-menu", offsetof(struct params, evidence_menu), false, 0,
	    1000000 },
	{ "widget-lines", offsetof(struct params, widget_lines), false, 1,
	    1000 },
	{ "menu-weight", offsetof(struct params, menu_weight), true, 0, 1000 },
	{ "rule-weight", offsetof(struct params, rule_weight), true, 0, 1000 },
	{ "section-weight", offsetof(struct params, section_weight), true, 0,
	    1000 },
};

int
detector_set(struct detector *d, const char *name, const char *value,
    char *err, size_t errsz)
{
	size_t i;
	char *end;
	double v;

	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		if (strcmp(settings[i].name, name) == 0)
			break;
	if (i == sizeof(settings) / sizeof(settings[0])) {
		snprintf(err, errsz, "unknown setting %s", name);
		return -1;
	}
	v = strtod(value, &end);
	if (end == value || *end != '\0' || !isfinite(v) ||
	    v < settings[i].min || v > settings[i].max ||
	    (!settings[i].real && v != floor(v))) {
		snprintf(err, errsz, "%s must be %s from %g to %g", name,
		    settings[i].real ? "a number" : "a whole number",
		    settings[i].min, settings[i].max);
		return -1;
	}
	if (settings[i].real)
		*(double *)((char *)&d->p + settings[i].off) = v;
	else
		*(unsigned *)((char *)&d->p + settings[i].off) = (unsigned)v;
	return 0;
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

/* Sentence ends, typographic ones included. */
static bool
is_end_punct(utf8proc_int32_t c)
{
	switch (c) {
	case '.': case '!': case '?': case '"': case ')': case ':': case ';':
	case 0x2026: case 0x3002: case 0xff01: case 0xff1f: case 0x201d:
	case 0xbb: case 0x2019: case 0x300d: case 0x300f:
		return true;
	default:
		return false;
	}
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

static utf8proc_int32_t
last_cp(const char *s, size_t n)
{
	size_t i = n;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xc0) == 0x80 && n - i < 3)
		i--;
	if (i > 0)
		i--;
	return next_cp(s, n, &i);
}

/*
 * Words, CJK characters and stopwords of a line: the languages of each
 * stopword go to the detector's stopmasks and are added to the page's
 * counts.  ASCII is read without a call per character.
 */
static void
scan_words(struct detector *d, const char *s, size_t n, struct feat *f,
    size_t *counts)
{
	/* a word, then room for sixteen bytes stored at once */
	char word[MAX_WORD + 16] = { 0 };
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, wl = 0;
	bool in = false, cjkword = false, toolong = false;

	f->words = f->cjk = f->stop = 0;
	f->size = 0;
	/* a line of n bytes holds at most (n + 1) / 2 words */
	grow(&d->stopmasks, &d->stopmaskcap, d->nstopmasks + n / 2 + 1,
	    sizeof(*d->stopmasks));
	f->masks = d->nstopmasks;
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
			memcpy(word + wl, &lower, sizeof(lower));
			in = true;
			i += run;
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
			wc = c >= 0 && is_word_char(c);
			lc = wc ? utf8proc_tolower(c) : c;
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
			if (c >= 0x3040 && is_cjk(c)) {
				f->cjk++;
				cjkword = true;
			}
			if (lc < 0x80 && wl < MAX_WORD)
				word[wl++] = (char)lc;
			else if (lc >= 0x80) {
				utf8proc_uint8_t buf[4];
				utf8proc_ssize_t k = utf8proc_encode_char(lc, buf);

				if (wl + (size_t)k <= MAX_WORD) {
					memcpy(word + wl, buf, (size_t)k);
					wl += (size_t)k;
				} else
					toolong = true;
			} else
				toolong = true;
			in = true;
			continue;
		}
		if (in) {
			uint64_t m = toolong ? 0 : stoplist_langs(word, wl);

			f->words++;
			if (!cjkword)
				f->size++;
			if (m != 0)
				d->stopmasks[d->nstopmasks++] = m;
			for (; m != 0; m &= m - 1)
				counts[__builtin_ctzll(m)]++;
		}
		in = cjkword = toolong = false;
		wl = 0;
		if (c < 0)
			break;
	}
	f->size += f->cjk / 2;
	f->nmasks = (unsigned)(d->nstopmasks - f->masks);
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

/* What line_marks() has counted so far. */
struct marks {
	size_t bars, bullets, slashes, quotes;
	size_t slash_end;	/* a " / " may start here, not before */
	bool http, www, scheme, email;
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
	case 0xc2:
		k->quotes += i + 1 < n && u[i + 1] == 0xbb;
		break;
	case 0xe2:
		k->bullets += i + 2 < n && u[i + 1] == 0x80 && u[i + 2] == 0xa2;
		break;
	}
}

/*
 * Separators, web addresses and contact details, in one pass over the
 * line: separators are two or more of "|", "•", " / " or "»" (counted
 * without overlaps); a web address is "http" or "www."; contact details
 * are "http://", "https://", "www.", an e-mail address or a phone number.
 * Sixteen bytes at a time: most have none of the bytes those start with
 * ("h" and "w" only count before "t" and "w").
 */
static void
line_marks(const char *s, size_t n, struct feat *f)
{
	const unsigned char *u = (const unsigned char *)s;
	struct marks k = { 0 };
	size_t base, digits = 0;

	for (base = 0; base < n; base += 16) {
		bytes16 v0 = bytes16_load_until(u + base, u + n);
		bytes16 v1 = bytes16_next(v0, base + 16 < n ? u[base + 16] : 0);
		bytes16 m = (bytes16)(v0 == '|') | (bytes16)(v0 == '/') |
		    (bytes16)(v0 == '@') | (bytes16)(v0 == 0xc2) |
		    (bytes16)(v0 == 0xe2) |
		    ((bytes16)(v0 == 'h') & (bytes16)(v1 == 't')) |
		    ((bytes16)(v0 == 'w') & (bytes16)(v1 == 'w'));
		unsigned at;

		digits += bytes16_count((bytes16)(v0 - '0' < 10));
		for (at = bytes16_places(m); at != 0; at &= at - 1)
			if (base + (size_t)__builtin_ctz(at) < n)
				mark_at(s, n, base + (size_t)__builtin_ctz(at),
				    &k);
	}
	f->url = k.http || k.www;
	f->contact = k.scheme || k.www || k.email ||
	    (digits >= 9 && has_phone(s, n));
	f->seps = k.bars >= 2 || k.bullets >= 2 || k.slashes >= 2 ||
	    k.quotes >= 2;
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
		utf8proc_int32_t c;
		utf8proc_propval_t cat;

		while (i < n && s[i] == ' ')
			i++;
		if (i == n)
			break;
		if ((unsigned char)s[i] < 0x80) {
			/* ASCII without a call */
			if (s[i] < 'A' || s[i] > 'Z')
				return false;
			i++;
		} else {
			c = next_cp(s, n, &i);
			cat = utf8proc_category(c);
			if (cat != UTF8PROC_CATEGORY_LU &&
			    cat != UTF8PROC_CATEGORY_LT)
				return false;
		}
		any = true;
		while (i < n && s[i] != ' ')
			i++;
	}
	return any;
}

static unsigned
repeat_count(struct detector *d, uint64_t h, bool add)
{
	size_t mask = d->repsize - 1, i = h & mask;

	while (d->rep[i].count != 0 && d->rep[i].hash != h)
		i = (i + 1) & mask;
	if (add) {
		d->rep[i].hash = h;
		d->rep[i].count++;
	}
	return d->rep[i].count;
}

static void
line_features(struct detector *d, const struct linetab *t, size_t *counts)
{
	size_t i, need = 16;

	/* sized for this page: a large one before must not make the
	 * clearing of every later one cost as much */
	while (need < 2 * t->n)
		need *= 2;
	if (need > d->repcap) {
		free(d->rep);
		d->rep = xmalloc(need * sizeof(*d->rep));
		d->repcap = need;
	}
	d->repsize = need;
	memset(d->rep, 0, d->repsize * sizeof(*d->rep));
	d->nstopmasks = 0;
	for (i = 0; i < t->n; i++) {
		const struct line *l = &t->lines[i];
		const char *s = l->view;
		size_t n = l->vlen;
		struct feat *f = &d->f[i];

		memset(f, 0, sizeof(*f));
		if (n == 0) {
			f->cls = CLS_BLANK;
			continue;
		}
		scan_words(d, s, n, f, counts);
		f->punct = is_end_punct(last_cp(s, n));
		f->list = starts_list(s, n);
		/* asked only of short lines (classify) */
		f->title = !f->punct && f->size <= 8 && title_case(s, n);
		line_marks(s, n, f);
		f->link = f->url && f->size <= 12;
		f->hash = stoplist_hash_bytes(s, n);
		repeat_count(d, f->hash, true);
		f->cls = l->verdict == VERDICT_DROP ? CLS_RULE : CLS_NEUTRAL;
		f->section = l->rule != NULL &&
		    (rule_action(l->rule) == ACTION_SECTION ||
		    rule_action(l->rule) == ACTION_TRAILER);
		f->trailer = l->rule != NULL &&
		    rule_action(l->rule) == ACTION_TRAILER;
	}
}

/* The page's language: the stoplist with the most hits, or -1. */
static int
guess_language(const struct detector *d, const size_t *counts, size_t words)
{
	size_t best = 0, i;
	int lang = -1;

	for (i = 0; i < d->nlang; i++)
		if (counts[i] > best) {
			best = counts[i];
			lang = (int)i;
		}
	if ((double)best < LANG_MIN_SHARE * (double)words)
		return -1;
	return lang;
}

/* The line's stopwords of language lang. */
static unsigned
stops_of(const struct detector *d, const struct feat *f, int lang)
{
	unsigned k, stop = 0;

	for (k = 0; k < f->nmasks; k++)
		stop += (unsigned)(d->stopmasks[f->masks + k] >> lang & 1);
	return stop;
}

static void
classify(struct detector *d, const struct linetab *t, int lang, bool cjk)
{
	const struct params *p = &d->p;
	size_t i;

	for (i = 0; i < t->n; i++) {
		struct feat *f = &d->f[i];
		double density;
		bool good, repeated;

		if (f->cls == CLS_BLANK || f->cls == CLS_RULE)
			continue;
		if (lang >= 0)
			f->stop = stops_of(d, f, lang);
		density = lang < 0 ? 1.0 :
		    f->size > 0 ? (double)f->stop / f->size : 0.0;
		if (cjk && f->cjk > 0)
			good = (f->cjk >= p->good_chars && f->punct) ||
			    f->cjk >= p->long_chars;
		else
			good = f->size >= p->good_words &&
			    density >= p->good_density &&
			    (f->punct || f->size >= p->long_words);
		repeated = repeat_count(d, f->hash, false) > 1;
		if (repeated && f->size >= 15) {
			f->cls = CLS_BAD;
			f->why = "content:repeated";
		} else if (good && !f->seps && (!f->contact ||
		    (f->size >= p->long_words && !f->url))) {
			f->cls = CLS_GOOD;
			f->score = f->size < GOOD_MAX ? f->size : GOOD_MAX;
			if (i >= TAIL_SHARE * t->n)
				f->score *= TAIL_WEIGHT;
		} else if (f->seps) {
			f->cls = CLS_BAD;
			f->why = "content:separators";
		} else if (repeated) {
			f->cls = CLS_MENU;
			f->why = "content:repeated";
		} else if (f->link) {
			f->cls = CLS_LINK;
			f->why = "content:link";
		} else if ((f->size <= 4 && !f->punct && !f->list) ||
		    (f->title && f->size <= 8)) {
			f->cls = CLS_MENU;
			f->why = "content:menu";
		} else if (f->punct || f->list || density >= p->good_density)
			f->cls = CLS_CONTENT;
		else
			f->cls = CLS_NEUTRAL;
	}
}

static bool
menu_like(enum cls c)
{
	return c == CLS_MENU || c == CLS_BAD || c == CLS_RULE;
}

/* No boilerplate in sight: a line the region may stretch over. */
static bool
soft(enum cls c)
{
	return c == CLS_CONTENT || c == CLS_NEUTRAL || c == CLS_BLANK ||
	    c == CLS_LINK || c == CLS_GOOD;
}

static double
weight(const struct detector *d, const struct feat *f)
{
	switch (f->cls) {
	case CLS_GOOD:
		return f->score;
	case CLS_RULE:
		return f->section ? -d->p.section_weight : -d->p.rule_weight;
	case CLS_MENU:
		return -d->p.menu_weight;
	case CLS_BAD:
		return -BAD_WEIGHT;
	case CLS_CONTENT:
		return -CONTENT_WEIGHT;
	case CLS_LINK:
		return -LINK_WEIGHT;
	case CLS_NEUTRAL:
		return -NEUTRAL_WEIGHT;
	case CLS_BLANK:
		break;
	}
	return 0;
}

/*
 * Whether the page shows boilerplate at all: lines the rules dropped, or
 * menu lines before its first and after its last good line.
 */
static bool
has_evidence(const struct detector *d, size_t n)
{
	size_t i, first = n, last = 0, rules = 0, menus = 0;

	for (i = 0; i < n; i++) {
		if (d->f[i].cls == CLS_GOOD) {
			if (first == n)
				first = i;
			last = i;
		}
		rules += d->f[i].cls == CLS_RULE;
	}
	if (first == n)
		return false;
	for (i = 0; i < n; i++)
		if ((i < first || i > last) &&
		    (d->f[i].cls == CLS_MENU || d->f[i].cls == CLS_BAD))
			menus++;
	return rules >= d->p.evidence_rules ||
	    (rules >= 1 && menus >= d->p.evidence_menu);
}

/* The maximum-sum run of line weights in [from, to): false if none. */
static bool
best_run(const struct detector *d, size_t from, size_t to, size_t *a,
    size_t *b)
{
	double best = 0, cur = 0;
	size_t i, start = from;
	bool found = false;

	for (i = from; i < to; i++) {
		if (cur <= 0) {
			cur = 0;
			start = i;
		}
		cur += weight(d, &d->f[i]);
		if (cur > best) {
			best = cur;
			*a = start;
			*b = i;
			found = true;
		}
	}
	return found;
}

static size_t
count_good(const struct detector *d, size_t a, size_t b)
{
	size_t i, n = 0;

	for (i = a; i <= b; i++)
		n += d->f[i].cls == CLS_GOOD;
	return n;
}

/* Line i sits right next to a line the rules dropped: a row of buttons. */
static bool
toolbar(const struct detector *d, const struct linetab *t, size_t i)
{
	return (i > 0 && d->f[i - 1].cls == CLS_RULE) ||
	    (i + 1 < t->n && d->f[i + 1].cls == CLS_RULE);
}

/*
 * The detector removes what no rule decided; a keep rule always wins.  Blank
 * lines stay: the writer makes them separators or nothing.
 */
static void
drop(struct line *l, const char *why)
{
	if (l->verdict == VERDICT_DROP || l->vlen == 0 ||
	    (l->rule != NULL && rule_action(l->rule) == ACTION_KEEP))
		return;
	l->verdict = VERDICT_DROP;
	l->reason = REASON_DETECT;
	l->rule = NULL;
	l->why = why;
}

void
detector_run(struct detector *d, struct linetab *t)
{
	size_t counts[MAX_LANGS] = { 0 }, i, a = 0, b = 0, end, words = 0;
	size_t cjk = 0;
	bool found;
	int lang;

	if (t->n == 0)
		return;
	grow(&d->f, &d->fcap, t->n, sizeof(*d->f));
	line_features(d, t, counts);
	for (i = 0; i < t->n; i++) {
		words += d->f[i].words;
		cjk += d->f[i].cjk;
	}
	lang = guess_language(d, counts, words);
	classify(d, t, lang, cjk > words);
	if (!has_evidence(d, t->n))
		return;

	/*
	 * The article comes before a trailer (a comment section's heading),
	 * however long what follows it is: look there first, and over the
	 * whole page only when there is no prose before one.  A trailer in a
	 * row of buttons ("Share", "Comments", "Print") may be a toolbar above
	 * the article: it ends the article only after a few paragraphs.
	 */
	found = false;
	for (end = 0; end < t->n && !found; end++) {
		size_t good;

		if (!d->f[end].trailer || !best_run(d, 0, end, &a, &b))
			continue;
		good = count_good(d, a, b);
		found = good >= TOOLBAR_GOOD || (good > 0 && !toolbar(d, t, end));
	}
	if (!found)
		found = best_run(d, 0, t->n, &a, &b);
	if (!found)
		return;
	while (b + 1 < t->n && soft(d->f[b + 1].cls))
		b++;
	while (a > 0 && soft(d->f[a - 1].cls))
		a--;

	/* the headline: the first line above that no rule dropped */
	for (i = a; i > 0 && (d->f[i - 1].cls == CLS_BLANK ||
	    d->f[i - 1].cls == CLS_RULE); i--)
		;
	if (i > 0) {
		const struct feat *h = &d->f[i - 1];
		const struct line *l = &t->lines[i - 1];

		if ((h->cls == CLS_MENU || h->cls == CLS_NEUTRAL ||
		    h->cls == CLS_CONTENT) && h->words >= 3 && h->words <= 25 &&
		    l->view[l->vlen - 1] != '.') {
			a = i - 1;
		}
	}

	for (i = 0; i < t->n; i++)
		if (i < a || i > b)
			drop(&t->lines[i], d->f[i].why ? d->f[i].why :
			    "content:outside");
		else if (d->f[i].cls == CLS_BAD)
			drop(&t->lines[i], d->f[i].why);

	/* inside, a run of menu lines is a widget; one alone is a heading */
	for (i = a; i <= b; i++) {
		size_t j, k, menus = 0;

		if (!menu_like(d->f[i].cls))
			continue;
		for (j = i; j <= b && (d->f[j].cls == CLS_BLANK ||
		    menu_like(d->f[j].cls)); j++)
			menus += d->f[j].cls != CLS_BLANK &&
			    d->f[j].cls != CLS_RULE;
		if (menus >= d->p.widget_lines)
			for (k = i; k < j; k++)
				if (d->f[k].cls != CLS_BLANK)
					drop(&t->lines[k], "content:widget");
		i = j;
	}
}
