#include <stdlib.h>

#include <stdio.h>

#include "cleaner.h"
#include "decode.h"
#include "detect.h"
#include "linetab.h"
#include "norm.h"
#include "rules.h"
#include "util.h"
#include "writer.h"

enum state {
	STATE_NORMAL,
	STATE_CUT,	/* after a cut: the rest of the document goes */
	STATE_BLOCK,	/* inside a block */
};

struct cleaner {
	struct decoder *decoder;
	bool normalize;
	struct normbuf text;		/* the document, normalised */
	size_t invalid_at;
	struct matcher *matcher;
	struct detector *detector;	/* NULL: rules only */
	struct writer *writer;
	struct linetab table;
	struct stats stats;
	int sep;
	enum state state;
	const struct rule *rule;	/* the cut or block in force */
	unsigned count;			/* non-blank lines of the block */
};

/*
 * Give the detector the "set" lines of the rules; -1 with "file:line:col:
 * message" in err at the first it refuses.
 */
static int
apply_settings(struct detector *d, const struct ruleset *set, char *err,
    size_t errsz)
{
	size_t i;

	for (i = 0; i < rules_settings(set); i++) {
		const char *name, *value, *where;
		char msg[256];

		rules_setting_at(set, i, &name, &value, &where);
		if (detector_set(d, name, value, msg, sizeof(msg)) < 0) {
			snprintf(err, errsz, "%s: %s", where, msg);
			return -1;
		}
	}
	return 0;
}

int
cleaner_check_settings(const struct ruleset *set, char *err, size_t errsz)
{
	struct detector *d = detector_new();
	int rc = apply_settings(d, set, err, errsz);

	detector_free(d);
	return rc;
}

struct cleaner *
cleaner_new(const struct ruleset *set, struct writer *w,
    const struct cleaner_config *cf, char *err, size_t errsz)
{
	struct cleaner *c = xcalloc(1, sizeof(*c));

	c->decoder = decoder_new(cf->charset, cf->fallback, cf->invalid,
	    cf->sep == '\0', err, errsz);
	if (c->decoder == NULL) {
		free(c);
		return NULL;
	}
	c->normalize = cf->normalize;
	/* the settings are checked without the detector too: a rule file
	 * that a run with it refuses is refused by every run */
	c->detector = detector_new();
	if (apply_settings(c->detector, set, err, errsz) < 0) {
		detector_free(c->detector);
		decoder_free(c->decoder);
		free(c);
		return NULL;
	}
	if (cf->model != NULL)
		detector_use_model(c->detector, cf->model);
	if (!cf->detect) {
		detector_free(c->detector);
		c->detector = NULL;
	}
	c->matcher = matcher_new(set, !cf->no_jit, cf->warn, cf->warn_arg);
	c->writer = w;
	c->sep = cf->sep;
	linetab_init(&c->table);
	/* one more category at the end: the content detector's */
	c->stats.ncat = rules_categories(set) + 1;
	c->stats.by_category = xcalloc(c->stats.ncat, sizeof(size_t));
	return c;
}

void
cleaner_free(struct cleaner *c)
{
	if (c == NULL)
		return;
	decoder_free(c->decoder);
	free(c->text.buf);
	matcher_free(c->matcher);
	detector_free(c->detector);
	linetab_free(&c->table);
	free(c->stats.by_category);
	free(c);
}

static void
drop(struct line *l, enum reason why, const struct rule *r)
{
	l->verdict = VERDICT_DROP;
	l->reason = why;
	l->rule = r;
}

/* Inside a block: does this (non-blank) line close it? */
static void
block_step(struct cleaner *c, const struct line *l)
{
	const struct rule *r = c->rule;

	c->count++;
	if (c->count >= rule_block_lines(r) ||
	    (rule_block_end(r) == BLOCK_END_PATTERN &&
	    matcher_block_ends(c->matcher, r, l->view, l->vlen)))
		c->state = STATE_NORMAL;
}

static void
rules_pass(struct cleaner *c)
{
	struct linetab *t = &c->table;
	size_t i;

	for (i = 0; i < t->n; i++) {
		struct line *l = &t->lines[i];
		const char *s = l->view;
		const struct rule *keep, *r;

		if (l->vlen == 0) {
			if (c->state == STATE_CUT)
				drop(l, REASON_CUT, c->rule);
			else if (c->state == STATE_BLOCK) {
				/* the blank line that ends a block stays, so the
				 * paragraphs around the block stay apart */
				if (rule_block_end(c->rule) == BLOCK_END_BLANK)
					c->state = STATE_NORMAL;
				else
					drop(l, REASON_BLOCK, c->rule);
			}
			continue;
		}
		/* keep wins over every other rule, a cut or block included */
		keep = matcher_keep(c->matcher, s, l->vlen);
		if (keep != NULL) {
			l->reason = REASON_RULE;
			l->rule = keep;
		}
		if (c->state == STATE_CUT) {
			if (keep == NULL)
				drop(l, REASON_CUT, c->rule);
			continue;
		}
		if (c->state == STATE_BLOCK) {
			if (keep == NULL)
				drop(l, REASON_BLOCK, c->rule);
			block_step(c, l);
			continue;
		}
		if (keep == NULL &&
		    (r = matcher_decide(c->matcher, s, l->vlen)) != NULL) {
			drop(l, REASON_RULE, r);
			if (rule_action(r) == ACTION_CUT) {
				c->state = STATE_CUT;
				c->rule = r;
			} else if (rule_action(r) == ACTION_BLOCK) {
				c->state = STATE_BLOCK;
				c->rule = r;
				c->count = 1;
				if (rule_block_end(r) == BLOCK_END_COUNT &&
				    c->count >= rule_block_lines(r))
					c->state = STATE_NORMAL;
			}
			continue;
		}
		if ((r = matcher_strip(c->matcher, t, i)) != NULL) {
			/* a line that stripping empties is gone, not blank */
			if (!linetab_has_text(t, i))
				drop(l, REASON_STRIP, r);
			else if (l->rule == NULL)
				l->rule = r;
		}
	}
}

static void
count(struct cleaner *c)
{
	const struct linetab *t = &c->table;
	size_t i;

	c->stats.lines += t->n;
	for (i = 0; i < t->n; i++) {
		const struct line *l = &t->lines[i];

		if (l->verdict == VERDICT_KEEP)
			c->stats.kept++;
		else {
			c->stats.dropped++;
			if (l->rule != NULL)
				c->stats.by_category[rule_category(l->rule)]++;
			else if (l->reason == REASON_DETECT)
				c->stats.by_category[c->stats.ncat - 1]++;
		}
	}
}

static void
end_doc(struct cleaner *c)
{
	c->state = STATE_NORMAL;
	c->rule = NULL;
	matcher_end_doc(c->matcher);
}

int
cleaner_feed(struct cleaner *c, const char *text, size_t len, bool last)
{
	const char *s;
	size_t n;

	if (decoder_feed(c->decoder, text, len, last, &s, &n,
	    &c->invalid_at) < 0) {
		end_doc(c);
		return -1;
	}
	if (c->normalize && n > 0) {
		c->text.len = 0;
		norm_append(NORM_TEXT, s, n, &c->text);
		s = c->text.buf;
		n = c->text.len;
	}
	c->table.n = 0;
	if (n > 0) {
		linetab_split(&c->table, s, n);
		norm_view(&c->table);
		rules_pass(c);
		if (c->detector != NULL)
			detector_run(c->detector, &c->table);
		count(c);
		writer_lines(c->writer, &c->table);
	}
	if (last) {
		end_doc(c);
		writer_end_doc(c->writer, c->sep);
	}
	return 0;
}

void
cleaner_warn_again(struct cleaner *c)
{
	matcher_warn_again(c->matcher);
}

size_t
cleaner_invalid_at(const struct cleaner *c)
{
	return c->invalid_at;
}

bool
cleaner_ascii_compatible(const struct cleaner *c)
{
	return decoder_ascii_compatible(c->decoder);
}

bool
cleaner_wide_stream(const struct cleaner *c, const char *s, size_t n)
{
	return decoder_wide_stream(c->decoder, s, n);
}

const char *
cleaner_charset(const struct cleaner *c)
{
	return decoder_charset(c->decoder);
}

size_t
cleaner_replaced(const struct cleaner *c)
{
	return decoder_replaced(c->decoder);
}

const struct linetab *
cleaner_table(const struct cleaner *c)
{
	return &c->table;
}

const char *
stats_category_name(const struct ruleset *set, const struct stats *st,
    size_t i)
{
	/* the last category is the content detector's */
	return i + 1 < st->ncat ? rules_category_name(set, i) : "content";
}

const struct stats *
cleaner_stats(const struct cleaner *c)
{
	return &c->stats;
}
