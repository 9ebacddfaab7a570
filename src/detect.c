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
 *    verdict.  A trailer rule (a comment section's heading) that follows
 *    the article ends it.
 *
 * The detector judges the lines no rule decided, and the lines of hint
 * rules (a byline, a caption: text that is boilerplate on most pages but
 * part of some articles), which it may keep.  A keep rule's line is
 * article text.
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
#include "util.h"

#define TOOLBAR_GOOD 3	/* article lines that a trailer in a toolbar needs */
#define SURE 1e6	/* the score of a line a keep rule holds */
/*
 * A page whose decoding keeps no line with a word is decoded again with
 * its best line made this sure, when the model gave that line at least
 * FALLBACK_MIN: most pages have an article, and an empty page loses all of
 * it (measured on the training pages, cross-validated by site).
 */
#define FALLBACK_MIN 0.2
#define FALLBACK_SCORE 2.0

struct detector {
	struct features *feat;
	const struct model *model;
	struct model *own;	/* a model read from a file */
	double threshold;	/* set by content-threshold, or < 0 */
	float *row;
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
	d->model = model_default();
	d->threshold = -1;
	d->row = xcalloc(features_width(), sizeof(*d->row));
	return d;
}

void
detector_free(struct detector *d)
{
	if (d == NULL)
		return;
	features_free(d->feat);
	model_free(d->own);
	free(d->row);
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

int
detector_load_model(struct detector *d, const char *path, char *err,
    size_t errsz)
{
	struct model *m;
	char *text, msg[256];
	size_t len;

	if (read_file(path, &text, &len, err, errsz) < 0)
		return -1;
	m = model_parse(text, len, msg, sizeof(msg));
	free(text);
	if (m == NULL) {
		snprintf(err, errsz, "%s: %s", path, msg);
		return -1;
	}
	model_free(d->own);
	d->own = m;
	d->model = m;
	return 0;
}

static bool
kept_by_rule(const struct line *l)
{
	return l->rule != NULL && rule_action(l->rule) == ACTION_KEEP;
}

bool
detector_judges(const struct line *l)
{
	if (l->vlen == 0 || kept_by_rule(l))
		return false;
	if (l->verdict == VERDICT_KEEP)
		return true;
	return l->reason == REASON_RULE && l->rule != NULL &&
	    rule_action(l->rule) == ACTION_HINT;
}

/*
 * The best sequence of states (1 article, 0 boilerplate) for emission
 * scores e (the log-odds of article, each), switching costing sw: back
 * records each step's choices, and state[i] gets the result.
 */
static void
viterbi(const double *e, size_t n, double sw, uint8_t *back)
{
	double s0, s1;
	size_t i;
	int st;

	if (n == 0)
		return;
	/* log-likelihoods up to a constant: log p and log (1 - p) */
	s1 = -log1p(exp(-e[0]));
	s0 = -log1p(exp(e[0]));
	back[0] = 0;
	for (i = 1; i < n; i++) {
		double l1 = -log1p(exp(-e[i])), l0 = -log1p(exp(e[i]));
		double stay0 = s0, from1 = s1 - sw, stay1 = s1, from0 = s0 - sw;

		/* bit 0: state 0 came from 1; bit 1: state 1 came from 0 */
		back[i] = (uint8_t)((from1 > stay0) | (from0 > stay1) << 1);
		s0 = (from1 > stay0 ? from1 : stay0) + l0;
		s1 = (from0 > stay1 ? from0 : stay1) + l1;
	}
	st = s1 > s0;
	for (i = n; i-- > 0;) {
		uint8_t b = back[i];

		back[i] = (uint8_t)st;
		if (st == 1 && (b & 2))
			st = 0;
		else if (st == 0 && (b & 1))
			st = 1;
	}
}

/* Line i sits right next to a line a rule dropped: a row of buttons. */
static bool
toolbar(const struct linetab *t, size_t i)
{
	size_t j;

	for (j = i; j-- > 0 && t->lines[j].vlen == 0;)
		;
	if (j != SIZE_MAX && t->lines[j].verdict == VERDICT_DROP &&
	    t->lines[j].reason != REASON_DETECT)
		return true;
	for (j = i + 1; j < t->n && t->lines[j].vlen == 0; j++)
		;
	return j < t->n && t->lines[j].verdict == VERDICT_DROP &&
	    t->lines[j].reason != REASON_DETECT;
}

/*
 * The line a trailer rule ends the article at: the first trailer after
 * article lines (after a few of them when it sits in a row of buttons,
 * which may be a toolbar above the article), or t->n.
 */
static size_t
article_end(const struct detector *d, const struct linetab *t, size_t n)
{
	size_t k = 0, i, article = 0;

	for (i = 0; i < t->n; i++) {
		const struct line *l = &t->lines[i];

		if (k < n && d->seq[k] == i) {
			article += d->back[k];
			k++;
			continue;
		}
		if (l->verdict == VERDICT_DROP && l->rule != NULL &&
		    rule_action(l->rule) == ACTION_TRAILER &&
		    (article >= TOOLBAR_GOOD ||
		    (article > 0 && !toolbar(t, i))))
			return i;
	}
	return t->n;
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
	shift = FALLBACK_SCORE - d->emit[best];
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
	size_t i, n = 0, end;

	if (t->n == 0)
		return;
	features_compute(d->feat, t);
	grow(&d->seq, &d->seqcap, t->n, sizeof(*d->seq));
	grow(&d->emit, &d->emitcap, t->n, sizeof(*d->emit));
	grow(&d->worded, &d->wordedcap, t->n, sizeof(*d->worded));
	grow(&d->back, &d->backcap, t->n, sizeof(*d->back));
	for (i = 0; i < t->n; i++) {
		struct line *l = &t->lines[i];
		double s;

		if (kept_by_rule(l) && l->vlen > 0) {
			/* article text, which its neighbours may join */
			d->seq[n] = (uint32_t)i;
			d->worded[n] = true;
			d->emit[n++] = SURE;
			continue;
		}
		if (!detector_judges(l))
			continue;
		features_row(d->feat, i, d->row);
		s = model_score(m, d->row);
		l->score = (float)(1 / (1 + exp(-s)));
		d->seq[n] = (uint32_t)i;
		/* a line without a word counts for neither side */
		d->worded[n] = !features_no_words(d->feat, i);
		d->emit[n] = d->worded[n] ? s + bias : 0;
		n++;
	}
	viterbi(d->emit, n, model_switch(m), d->back);
	fall_back(d, t, n, model_switch(m));
	end = article_end(d, t, n);
	for (i = 0; i < n; i++) {
		struct line *l = &t->lines[d->seq[i]];
		bool article = d->back[i] && d->seq[i] < end;

		if (kept_by_rule(l))
			continue;
		if (article && l->verdict == VERDICT_DROP) {
			/* a hint rule's line that the article holds */
			l->verdict = VERDICT_KEEP;
			l->rule = NULL;
			l->reason = REASON_DETECT;
		} else if (!article && l->verdict == VERDICT_KEEP) {
			l->verdict = VERDICT_DROP;
			l->reason = REASON_DETECT;
			l->rule = NULL;
		} else if (l->verdict == VERDICT_KEEP)
			l->reason = REASON_DETECT;
	}
}
