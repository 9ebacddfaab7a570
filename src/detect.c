/*
 * The content detector, in three steps over a document's line table:
 *
 * 1. Features per line, of the line, its neighbours and the page (feat.c).
 * 2. A score per line from the model (model.c): the log-odds that the line
 *    is article text.
 * 3. Decoding: the page is a sequence of article and boilerplate lines,
 *    and switching between the two costs what the model says, so a lone
 *    odd line does not flip and an article may come in several pieces.
 *    The sequence with the best total (Viterbi) gives each line its
 *    verdict.  A section or trailer heading that follows the article ends
 *    it until prose the model is sure of.
 *
 * 4. The headline: the first line above the article that no rule dropped,
 *    when it is a few words without a full stop or separators, is the
 *    article's.
 *
 * The detector judges the lines no rule decided.  A keep rule's line is
 * article text.  A hint rule's line (a byline, a caption: boilerplate
 * around an article, but part of some) stays dropped unless the page is
 * clean article text already: no line dropped by other rules, and few by
 * the model.  Such a page is left as it came.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "feat.h"
#include "linetab.h"
#include "model.h"
#include "rules.h"
#include "score.h"
#include "util.h"

#define SURE 1e6	/* the score of a line a keep rule holds */
#define RULED -0.5	/* of a line a rule dropped */
/*
 * What the article needs to resume after a section heading: SECTION_LINES
 * lines in a row (lines rules dropped aside), each prose of this
 * probability or any line of SECTION_SURE.  One is not enough: a list of
 * teasers has a summary the model is sure of under every heading.
 */
#define SECTION_RESUME 0.7
#define SECTION_SURE 0.9
#define SECTION_LINES 2
/*
 * A page whose decoding keeps no line with a word is decoded again with
 * its best line made sure enough to be kept (by FALLBACK_MARGIN), when the
 * model gave that line at least FALLBACK_MIN: most pages have an article,
 * and an empty page loses all of it (measured on the training pages,
 * cross-validated by site).
 */
#define FALLBACK_MIN 0.2
#define FALLBACK_MARGIN 1.0
/*
 * A page with fewer than CLEAN_RULED lines dropped by rules (hints aside),
 * of whose lines with words the model would drop no more than CLEAN_SHARE,
 * is taken to be clean article text and left as it came.
 */
#define CLEAN_RULED 1
#define CLEAN_SHARE 0.2

struct detector {
	struct features *feat;
	const struct model *model;
	double threshold;	/* set by content-threshold, or < 0 */
	/*
	 * The judged lines are scored SCORE_ROWS at a time, ahead of the
	 * loop that reads their scores: their rows side by side (see
	 * score_columns), the lines, the scores, how many there are and how
	 * many the loop has read.
	 */
	float *cols;
	size_t ahead[SCORE_ROWS];
	double scores[SCORE_ROWS];
	size_t nahead, read;
	uint32_t *seq;		/* the judged lines, in order */
	size_t seqcap;
	double *emit;		/* their scores, less the threshold's */
	size_t emitcap;
	bool *worded;		/* whether each has a word: the others are */
	size_t wordedcap;	/* neither article nor boilerplate */
	uint8_t *back;		/* Viterbi's choices */
	size_t backcap;
};

struct detector *
detector_new(void)
{
	struct detector *d = xcalloc(1, sizeof(*d));

	d->feat = features_new();
	detector_use_model(d, model_default());
	d->threshold = -1;
	d->cols = xcalloc(SCORE_ROWS * features_width(), sizeof(*d->cols));
	return d;
}

void
detector_free(struct detector *d)
{
	if (d == NULL)
		return;
	features_free(d->feat);
	free(d->cols);
	free(d->seq);
	free(d->emit);
	free(d->worded);
	free(d->back);
	free(d);
}

int
detector_set(struct detector *d, const char *name, const char *value,
    char *err, size_t errsz)
{
	char *end;
	double v;

	if (strcmp(name, "content-threshold") != 0) {
		snprintf(err, errsz, "unknown setting %s", name);
		return -1;
	}
	v = strtod(value, &end);
	if (end == value || *end != '\0' || !(v > 0 && v < 1)) {
		snprintf(err, errsz,
		    "content-threshold must be a number between 0 and 1");
		return -1;
	}
	d->threshold = v;
	return 0;
}

void
detector_use_model(struct detector *d, const struct model *m)
{
	const uint16_t *used;
	size_t n;

	d->model = m;
	/* score.c reads no other column */
	used = model_features(m, &n);
	features_want(d->feat, used, n);
}

static bool
kept_by_rule(const struct line *l)
{
	return l->rule != NULL && rule_action(l->rule) == ACTION_KEEP;
}

bool
detector_judges(const struct line *l)
{
	return l->vlen > 0 && l->verdict == VERDICT_KEEP && !kept_by_rule(l);
}

/* A section (or trailer) rule's heading: what follows is no article. */
static bool
heads_section(const struct line *l)
{
	return l->verdict == VERDICT_DROP && l->reason == REASON_RULE &&
	    l->rule != NULL && (rule_action(l->rule) == ACTION_SECTION ||
	    rule_action(l->rule) == ACTION_TRAILER);
}

static bool
hinted(const struct line *l)
{
	return l->verdict == VERDICT_DROP && l->reason == REASON_RULE &&
	    l->rule != NULL && rule_action(l->rule) == ACTION_HINT;
}

/*
 * The best sequence of states (1 article, 0 boilerplate) for emission
 * scores e (the log-odds of article, each), switching costing sw; back
 * gets the states.  The log-likelihoods of the two states at a line,
 * log p and log (1 - p), differ by its log-odds, so the article state
 * gains e at each line and the other nothing: the same best path, without
 * a logarithm.
 */
static void
viterbi(const double *e, size_t n, double sw, uint8_t *back)
{
	double s0, s1;
	size_t i;
	int st;

	if (n == 0)
		return;
	/* a page starts and ends outside its article */
	s0 = 0;
	s1 = e[0] - sw;
	back[0] = 0;
	for (i = 1; i < n; i++) {
		double from1 = s1 - sw, from0 = s0 - sw;

		/* bit 0: state 0 came from 1; bit 1: state 1 came from 0 */
		back[i] = (uint8_t)((from1 > s0) | (from0 > s1) << 1);
		s0 = from1 > s0 ? from1 : s0;
		s1 = (from0 > s1 ? from0 : s1) + e[i];
	}
	st = s1 - sw > s0;
	for (i = n; i-- > 0;) {
		uint8_t b = back[i];

		back[i] = (uint8_t)st;
		if (st == 1 && (b & 2))
			st = 0;
		else if (st == 0 && (b & 1))
			st = 1;
	}
}

/* A line with words that the model takes for article text, more likely
 * than not: what a section heading must follow to end it. */
static bool
likely_article(const struct line *l, bool worded)
{
	return worded && l->score >= 0.5;
}

/* Line i of the table comes next in the sequence the decoder reads. */
static void
push(struct detector *d, size_t *n, size_t i, bool worded, double emit)
{
	d->seq[*n] = (uint32_t)i;
	d->worded[*n] = worded;
	d->emit[*n] = emit;
	(*n)++;
}

/*
 * The model's score of line i, which the detector judges: the lines it
 * judges from i on are scored together, SCORE_ROWS of them, when the last
 * ones are read (a score depends on the line's row alone, and the loop
 * that reads them changes no row).
 */
static double
score_of(struct detector *d, const struct linetab *t, size_t i)
{
	size_t group = features_width() * SCORE_LANES, j;

	if (d->read == d->nahead || d->ahead[d->read] != i) {
		d->nahead = d->read = 0;
		for (j = i; j < t->n && d->nahead < SCORE_ROWS; j++)
			if (detector_judges(&t->lines[j])) {
				features_column(d->feat, j, d->cols +
				    d->nahead / SCORE_LANES * group +
				    d->nahead % SCORE_LANES, SCORE_LANES);
				d->ahead[d->nahead++] = j;
			}
		score_columns(d->model, d->cols, d->nahead, d->scores);
	}
	return d->scores[d->read++];
}

/*
 * The first line above the article that no rule dropped, when it could be
 * a heading (features_headline), is its headline.
 */
static void
headline(const struct detector *d, struct linetab *t)
{
	size_t i, first;
	struct line *l;

	for (first = 0; first < t->n && (t->lines[first].verdict !=
	    VERDICT_KEEP || t->lines[first].vlen == 0); first++)
		;
	for (i = first; i > 0; i--) {
		l = &t->lines[i - 1];
		if (l->vlen > 0 && (l->verdict == VERDICT_KEEP ||
		    l->reason == REASON_DETECT))
			break;
	}
	if (first == t->n || i == 0)
		return;
	l = &t->lines[i - 1];
	if (l->verdict == VERDICT_DROP && l->why == NULL &&
	    features_headline(d->feat, i - 1)) {
		l->verdict = VERDICT_KEEP;
		l->why = "headline";
	}
}

/* With no line of words kept, its best line sure enough, decode again. */
static void
fall_back(struct detector *d, const struct linetab *t, size_t n, double sw)
{
	size_t i, best = n;
	double shift;

	for (i = 0; i < n; i++) {
		const struct line *l = &t->lines[d->seq[i]];

		if (!d->worded[i])
			continue;
		if (d->back[i])
			return;
		if (l->score >= 0 && (best == n ||
		    l->score > t->lines[d->seq[best]].score))
			best = i;
	}
	if (best == n || t->lines[d->seq[best]].score < FALLBACK_MIN)
		return;
	/* worth the two switches into the article and out of it */
	shift = 2 * sw + FALLBACK_MARGIN - d->emit[best];
	for (i = 0; i < n; i++)
		if (d->worded[i])
			d->emit[i] += shift;
	viterbi(d->emit, n, sw, d->back);
}

void
detector_run(struct detector *d, struct linetab *t)
{
	const struct model *m = d->model;
	double th = d->threshold >= 0 ? d->threshold : model_threshold(m);
	double bias = -log(th / (1 - th));
	size_t i, n = 0, dropped = 0, ruled = 0, worded = 0, likely = 0;
	bool section = false;
	/* lines that could end the section, until enough agree */
	struct held {
		size_t at;
		double emit;
	} held[SECTION_LINES];
	size_t nheld = 0;

	if (t->n == 0)
		return;
	features_compute(d->feat, t);
	d->nahead = d->read = 0;
	grow(&d->seq, &d->seqcap, t->n, sizeof(*d->seq));
	grow(&d->emit, &d->emitcap, t->n, sizeof(*d->emit));
	grow(&d->worded, &d->wordedcap, t->n, sizeof(*d->worded));
	grow(&d->back, &d->backcap, t->n, sizeof(*d->back));
	for (i = 0; i < t->n; i++) {
		struct line *l = &t->lines[i];
		bool words = features_words(d->feat, i) > 0;
		double s;

		if (l->vlen == 0)
			continue;
		if (kept_by_rule(l)) {
			/* article text, which its neighbours may join */
			push(d, &n, i, true, SURE);
			continue;
		}
		ruled += l->verdict == VERDICT_DROP && !hinted(l);
		if (heads_section(l)) {
			/* after the article, boilerplate follows, until lines
			 * the model is sure of (SECTION_LINES) */
			section = section || likely > 0;
			nheld = 0;
			push(d, &n, i, false, section ? -SURE : RULED);
			continue;
		}
		if (l->verdict == VERDICT_DROP) {
			/* a rule's boilerplate: the article may go on over
			 * it, at a price */
			push(d, &n, i, false, RULED);
			continue;
		}
		if (!detector_judges(l))	/* what tools/train learns on */
			continue;
		s = score_of(d, t, i);
		l->score = (float)(1 / (1 + exp(-s)));
		likely += likely_article(l, words);
		if (section && words) {
			if (!(l->score >= SECTION_SURE ||
			    (l->score >= SECTION_RESUME &&
			    features_prose(d->feat, i))))
				nheld = 0;
			else if (nheld < SECTION_LINES - 1)
				held[nheld++] = (struct held){ n, s + bias };
			else {
				/* the article resumes at the first of them */
				size_t k;

				for (k = 0; k < nheld; k++)
					d->emit[held[k].at] = held[k].emit;
				section = false;
				nheld = 0;
			}
		}
		/* a line without a word counts for neither side */
		push(d, &n, i, words, section ? -SURE : words ? s + bias : 0);
	}
	viterbi(d->emit, n, model_switch(m), d->back);
	fall_back(d, t, n, model_switch(m));
	for (i = 0; i < n; i++) {
		struct line *l = &t->lines[d->seq[i]];

		if (kept_by_rule(l) || l->verdict == VERDICT_DROP)
			continue;
		l->reason = REASON_DETECT;
		if (!d->back[i]) {
			l->verdict = VERDICT_DROP;
			l->rule = NULL;
			l->why = NULL;
			dropped += d->worded[i];
		}
		worded += d->worded[i];
	}
	headline(d, t);
	/* clean text already: as it came, bylines and captions too */
	if (ruled < CLEAN_RULED && dropped <= worded * CLEAN_SHARE)
		for (i = 0; i < t->n; i++) {
			struct line *l = &t->lines[i];

			if ((l->reason == REASON_DETECT &&
			    l->verdict == VERDICT_DROP) || hinted(l)) {
				l->verdict = VERDICT_KEEP;
				l->reason = REASON_DETECT;
				l->rule = NULL;
				l->why = "clean";
			}
		}
}
