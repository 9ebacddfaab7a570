/*
 * No default rule costs more than linear time on any line.  Each rule's
 * pattern is read into a small tree, from which long lines are made out of
 * its own literals, classes and alternatives: a match repeated many times
 * over, and a match with one unbounded repeat in it pumped, cut off after
 * it or not, with and without a character that makes the match fail at
 * the end.  Each line is matched at a length and at four times it, and
 * the work PCRE2's interpreter does is counted, not timed: a callout at
 * every item of the pattern (PCRE2_AUTO_CALLOUT), plus how far the subject
 * position moved between two of them (a possessive scan moves far without
 * a callout).  Linear work grows four times; backtracking that is
 * quadratic or worse grows sixteen times or more.  The backtracking depth a
 * match needs must not grow with the line either, or a long enough line
 * makes the rule fail with "depth limit exceeded"; and every line must
 * match within the limits the matcher sets (match.h).
 */
#include "testutil.h"

#include <limits.h>

#include "match.h"
#include "rules.h"

/* The base length of a pumped part, in bytes; the long line is 4 times. */
#define BASE_LEN 600
/* Work at 4 times the length may be this many times the work at 1. */
#define GROWTH 6
/* A line's work may not exceed this much per byte at all. */
#define PER_BYTE 400
#define SEEDS 3
#define MAX_KIDS 256
#define MAX_MEMBERS 48

enum kind {
	K_SEQ,
	K_ALT,
	K_REP,
	K_LIT,
	K_SET,		/* one character of a class */
	K_NONE,		/* matches no text: anchors, \b, lookarounds */
};

struct node {
	enum kind kind;
	struct node *kids[MAX_KIDS];
	size_t nkids;
	unsigned min, max;	/* K_REP; max UINT_MAX: unbounded */
	int id;			/* K_REP: its number in the pattern */
	char text[64];		/* K_LIT */
	size_t len;
	/* K_SET: characters it matches, as NUL-ended UTF-8 */
	char members[MAX_MEMBERS][8];
	size_t nmembers;
};

/* A pattern being read. */
struct parse {
	const char *p, *end;
	uint32_t opts;
	int nrep;
};

/*
 * Characters a class is tried on: ASCII's printable ones, and some past
 * it that the rules use or that read as letters, spaces or punctuation.
 */
static const char *const pool_extra[] = {
	"\xc2\xa0", "é", "É", "ß", "ü", "Ü", "ł", "Ł", "ж", "Ж", "ї", "Ї",
	"α", "Ω", "中", "日", "·", "•", "–", "—", "…", "’", "‘", "“", "”",
	"«", "»", "‹", "›", "←", "→", "©", "\t", NULL,
};

static struct node *
new_node(enum kind k)
{
	struct node *n = calloc(1, sizeof(*n));

	assert_non_null(n);
	n->kind = k;
	return n;
}

static void
free_node(struct node *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		free_node(n->kids[i]);
	free(n);
}

static void
add_kid(struct node *n, struct node *k)
{
	assert_true(n->nkids < MAX_KIDS);
	n->kids[n->nkids++] = k;
}

/* Whether the atom (a class, an escape, a dot) matches all of c. */
static bool
atom_matches(pcre2_code *code, const char *c)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	int rc;
	bool yes;

	assert_non_null(md);
	rc = pcre2_match(code, (PCRE2_SPTR)c, strlen(c), 0, PCRE2_ANCHORED,
	    md, NULL);
	yes = rc > 0 && pcre2_get_ovector_pointer(md)[1] == strlen(c);
	pcre2_match_data_free(md);
	return yes;
}

static void
add_member(struct node *n, const char *c)
{
	size_t i;

	for (i = 0; i < n->nmembers; i++)
		if (strcmp(n->members[i], c) == 0)
			return;
	if (n->nmembers < MAX_MEMBERS)
		strcpy(n->members[n->nmembers++], c);
}

/*
 * A node for one character of the atom at s[0, len): the characters of
 * the pattern itself and of the pool that it matches.
 */
static struct node *
set_node(struct parse *rd, const char *s, size_t len, const char *pattern)
{
	struct node *n = new_node(K_SET);
	pcre2_code *code;
	int err;
	PCRE2_SIZE off;
	char c[8];
	const char *q;
	int i;

	code = pcre2_compile((PCRE2_SPTR)s, len, rd->opts & ~PCRE2_EXTENDED,
	    &err, &off, NULL);
	assert_non_null(code);
	/* the pattern's own characters first: they make the likeliest lines */
	for (q = pattern; *q != '\0';) {
		size_t k = 1;

		while (((unsigned char)q[k] & 0xc0) == 0x80)
			k++;
		memcpy(c, q, k);
		c[k] = '\0';
		if (atom_matches(code, c))
			add_member(n, c);
		q += k;
	}
	for (i = ' '; i < 0x7f; i++) {
		c[0] = (char)i;
		c[1] = '\0';
		if (atom_matches(code, c))
			add_member(n, c);
	}
	for (i = 0; pool_extra[i] != NULL; i++)
		if (atom_matches(code, pool_extra[i]))
			add_member(n, pool_extra[i]);
	pcre2_code_free(code);
	return n;
}

static struct node *read_alt(struct parse *, const char *pattern);

/* The end of the class that starts at p ('['). */
static const char *
class_end(const char *p, const char *end)
{
	p++;
	if (p < end && *p == '^')
		p++;
	if (p < end && *p == ']')
		p++;
	while (p < end && *p != ']') {
		if (*p == '\\' && p + 1 < end)
			p++;
		else if (*p == '[' && p + 1 < end && p[1] == ':') {
			const char *q = strstr(p + 2, ":]");

			if (q != NULL && q < end)
				p = q + 1;
		}
		p++;
	}
	assert_true(p < end);
	return p + 1;
}

/* Read a quantifier at rd->p, if there is one. */
static bool
read_quantifier(struct parse *rd, unsigned *min, unsigned *max)
{
	const char *p = rd->p;
	char *e;

	if (p == rd->end)
		return false;
	if (*p == '?' || *p == '*' || *p == '+') {
		*min = *p == '+';
		*max = *p == '?' ? 1 : UINT_MAX;
		p++;
	} else if (*p == '{' && p + 1 < rd->end && p[1] >= '0' &&
	    p[1] <= '9') {
		*min = (unsigned)strtoul(p + 1, &e, 10);
		if (*e == '}')
			*max = *min;
		else if (*e == ',' && e[1] == '}') {
			*max = UINT_MAX;
			e++;
		} else if (*e == ',') {
			*max = (unsigned)strtoul(e + 1, &e, 10);
		}
		if (*e != '}')
			return false;
		p = e + 1;
	} else
		return false;
	/* lazy or possessive: the same lines are worth trying */
	if (p < rd->end && (*p == '?' || *p == '+'))
		p++;
	rd->p = p;
	return true;
}

/* One atom at rd->p, or NULL at '|', ')' or the end. */
static struct node *
read_atom(struct parse *rd, const char *pattern)
{
	const char *p = rd->p, *end = rd->end;
	struct node *n;

	if (p == end || *p == '|' || *p == ')')
		return NULL;
	if ((rd->opts & PCRE2_EXTENDED) && (*p == ' ' || *p == '\t' ||
	    *p == '\n' || *p == '#')) {
		if (*p == '#')
			while (p < end && *p != '\n')
				p++;
		else
			p++;
		rd->p = p;
		return new_node(K_NONE);
	}
	if (*p == '(') {
		bool look = false;

		p++;
		if (p < end && *p == '?') {
			p++;
			if (*p == '=' || *p == '!')
				look = true, p++;
			else if (*p == '<' && (p[1] == '=' || p[1] == '!'))
				look = true, p += 2;
			else if (*p == '#') {
				while (p < end && *p != ')')
					p++;
				rd->p = p + 1;
				return new_node(K_NONE);
			} else {
				/* (?:, (?>, (?|, (?i:, (?-i), (?<name> */
				if (*p == '<' || *p == 'P' || *p == '\'') {
					while (p < end && *p != '>' &&
					    *p != '\'')
						p++;
					p++;
				} else {
					while (p < end && *p != ':' &&
					    *p != ')' && *p != '>' &&
					    *p != '|')
						p++;
					if (*p == ')') {
						/* an option setting */
						rd->p = p + 1;
						return new_node(K_NONE);
					}
					p++;
				}
			}
		}
		rd->p = p;
		n = read_alt(rd, pattern);
		assert_true(rd->p < end && *rd->p == ')');
		rd->p++;
		if (look) {
			free_node(n);
			n = new_node(K_NONE);
		}
		return n;
	}
	if (*p == '^' || *p == '$') {
		rd->p = p + 1;
		return new_node(K_NONE);
	}
	if (*p == '[') {
		const char *e = class_end(p, end);

		rd->p = e;
		return set_node(rd, p, (size_t)(e - p), pattern);
	}
	if (*p == '.') {
		rd->p = p + 1;
		return set_node(rd, p, 1, pattern);
	}
	if (*p == '\\') {
		char c = p[1];

		if (strchr("bBAzZG", c) != NULL) {
			rd->p = p + 2;
			return new_node(K_NONE);
		}
		if (strchr("dDsSwWhHvVpPXR", c) != NULL) {
			const char *e = p + 2;

			if ((c == 'p' || c == 'P') && *e == '{')
				e = strchr(e, '}') + 1;
			rd->p = e;
			return set_node(rd, p, (size_t)(e - p), pattern);
		}
		n = new_node(K_LIT);
		if (c == 'n' || c == 't' || c == 'r') {
			n->text[0] = c == 'n' ? '\n' : c == 't' ? '\t' : '\r';
			n->len = 1;
			rd->p = p + 2;
		} else if (c == 'x') {
			/* \xhh or \x{h...}: only ASCII is written so */
			const char *e = p + 2;
			unsigned long v;

			v = strtoul(e + (*e == '{'), (char **)&e, 16);
			assert_true(v < 0x80);
			n->text[0] = (char)v;
			n->len = 1;
			rd->p = e + (*e == '}');
		} else {
			size_t k = 1;

			while (((unsigned char)p[1 + k] & 0xc0) == 0x80)
				k++;
			memcpy(n->text, p + 1, k);
			n->len = k;
			rd->p = p + 1 + k;
		}
		return n;
	}
	n = new_node(K_LIT);
	n->len = 1;
	while (((unsigned char)p[n->len] & 0xc0) == 0x80)
		n->len++;
	memcpy(n->text, p, n->len);
	rd->p = p + n->len;
	return n;
}

/* A sequence of atoms, each perhaps repeated. */
static struct node *
read_seq(struct parse *rd, const char *pattern)
{
	struct node *seq = new_node(K_SEQ), *a;

	while ((a = read_atom(rd, pattern)) != NULL) {
		unsigned min, max;

		while (read_quantifier(rd, &min, &max)) {
			struct node *r = new_node(K_REP);

			r->min = min;
			r->max = max;
			r->id = rd->nrep++;
			add_kid(r, a);
			a = r;
		}
		add_kid(seq, a);
	}
	return seq;
}

static struct node *
read_alt(struct parse *rd, const char *pattern)
{
	struct node *alt = new_node(K_ALT);

	add_kid(alt, read_seq(rd, pattern));
	while (rd->p < rd->end && *rd->p == '|') {
		rd->p++;
		add_kid(alt, read_seq(rd, pattern));
	}
	return alt;
}

/* A line growing. */
struct buf {
	char *s;
	size_t len, cap;
};

static void
put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
		assert_non_null(b->s);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

/* How a line is made from the tree. */
struct gen {
	uint32_t rng;
	int pump;		/* the repeat that is pumped, or -1 */
	size_t times;		/* how many times */
	size_t body;		/* bytes of one pumped copy, once known */
	bool cut;		/* nothing after the pumped repeat */
	bool done;		/* it has been cut off */
	bool full;		/* bounded repeats go to their bound */
};

static uint32_t
rnd(struct gen *g)
{
	g->rng = g->rng * 1103515245u + 12345u;
	return g->rng >> 16;
}

static void
emit(struct gen *g, const struct node *n, struct buf *b)
{
	size_t i, k;

	if (g->done)
		return;
	switch (n->kind) {
	case K_NONE:
		break;
	case K_LIT:
		put(b, n->text, n->len);
		break;
	case K_SET:
		if (n->nmembers > 0) {
			const char *c = n->members[rnd(g) % n->nmembers];

			put(b, c, strlen(c));
		}
		break;
	case K_SEQ:
		for (i = 0; i < n->nkids; i++)
			emit(g, n->kids[i], b);
		break;
	case K_ALT:
		emit(g, n->kids[rnd(g) % n->nkids], b);
		break;
	case K_REP:
		if (n->id == g->pump) {
			struct buf one = { 0 };

			/* one copy, of at least one byte, then many of it */
			for (i = 0; i < 8 && one.len == 0; i++)
				emit(g, n->kids[0], &one);
			g->body = one.len;
			for (k = 0; k < g->times && one.len > 0; k++)
				put(b, one.s, one.len);
			free(one.s);
			if (g->cut)
				g->done = true;
			break;
		}
		k = n->min;
		if (n->max > n->min) {
			unsigned top = n->max - n->min > 3 ? 3 : n->max - n->min;

			if (g->full && n->max != UINT_MAX)
				k = n->max;
			else
				k += rnd(g) % (top + 1);
		}
		for (i = 0; i < k; i++)
			emit(g, n->kids[0], b);
		break;
	}
}

/* Whether the tree has repeat id, unbounded. */
static bool
unbounded(const struct node *n, int id)
{
	size_t i;

	if (n->kind == K_REP && n->id == id)
		return n->max == UINT_MAX;
	for (i = 0; i < n->nkids; i++)
		if (unbounded(n->kids[i], id))
			return true;
	return false;
}

/* What matching a line cost. */
struct cost {
	unsigned long long work;
	unsigned long long cap;	/* the match is stopped past it */
	size_t at;
};

static int
count_step(pcre2_callout_block *cb, void *arg)
{
	struct cost *c = arg;
	size_t pos = cb->current_position;

	if (cb->callout_flags & PCRE2_CALLOUT_STARTMATCH)
		c->at = cb->start_match;
	c->work += 1 + (pos > c->at ? pos - c->at : c->at - pos);
	c->at = pos;
	return c->work > c->cap ? PCRE2_ERROR_CALLOUT : 0;
}

/* A rule's pattern, compiled twice: as it is, and counting its steps. */
struct subject {
	const char *where;	/* file:line, for messages */
	pcre2_code *code, *counted;
	pcre2_match_data *md;
	pcre2_match_context *mctx;
};

/* The work of matching s[0, n), or ULLONG_MAX when it went over cap. */
static unsigned long long
work_of(struct subject *su, const char *s, size_t n, unsigned long long cap)
{
	struct cost c = { 0, cap, 0 };
	int rc;

	pcre2_set_callout(su->mctx, count_step, &c);
	pcre2_set_match_limit(su->mctx, UINT32_MAX);
	pcre2_set_depth_limit(su->mctx, UINT32_MAX);
	rc = pcre2_match(su->counted, (PCRE2_SPTR)s, n, 0, 0, su->md,
	    su->mctx);
	pcre2_set_callout(su->mctx, NULL, NULL);
	if (rc == PCRE2_ERROR_CALLOUT)
		return ULLONG_MAX;
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		fail_msg("%s: match error %d", su->where, rc);
	return c.work;
}

/* Whether s[0, n) matches within a depth limit. */
static bool
within_depth(struct subject *su, const char *s, size_t n, uint32_t depth)
{
	int rc;

	pcre2_set_match_limit(su->mctx, UINT32_MAX);
	pcre2_set_depth_limit(su->mctx, depth);
	rc = pcre2_match(su->code, (PCRE2_SPTR)s, n, 0, 0, su->md, su->mctx);
	return rc != PCRE2_ERROR_DEPTHLIMIT;
}

/* The least depth limit a match of s[0, n) needs. */
static uint32_t
depth_of(struct subject *su, const char *s, size_t n)
{
	uint32_t lo = 1, hi = 1;

	while (!within_depth(su, s, n, hi)) {
		lo = hi + 1;
		hi *= 2;
		if (hi > 1u << 30)
			fail_msg("%s: no depth is enough", su->where);
	}
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (within_depth(su, s, n, mid))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* Whether a match of the line ends within the limits the matcher sets. */
static bool
within_limits(struct subject *su, const struct buf *b)
{
	int rc;

	pcre2_set_match_limit(su->mctx, match_limit(b->len));
	pcre2_set_depth_limit(su->mctx, MATCH_DEPTH_LIMIT);
	rc = pcre2_match(su->code, (PCRE2_SPTR)b->s, b->len, 0, 0, su->md,
	    su->mctx);
	return rc >= 0 || rc == PCRE2_ERROR_NOMATCH;
}

/* Print a line, shortened, for a failure message. */
static void
show(const char *what, const char *s, size_t n)
{
	print_error("  %s (%zu bytes): \"%.*s%s\"\n", what, n,
	    n > 160 ? 160 : (int)n, s, n > 160 ? "..." : "");
}

/*
 * Match the short and the long line; false, with a message, when the
 * long one costs more than linear in its length, or needs more depth.
 */
static bool
linear(struct subject *su, const struct buf *a, const struct buf *b)
{
	unsigned long long wa, wb;
	uint32_t da;

	wa = work_of(su, a->s, a->len, (unsigned long long)PER_BYTE * a->len +
	    100000);
	wb = wa == ULLONG_MAX ? ULLONG_MAX : work_of(su, b->s, b->len,
	    (unsigned long long)PER_BYTE * b->len + 100000);
	if (wa == ULLONG_MAX || wb == ULLONG_MAX ||
	    wb > GROWTH * wa + 1000) {
		print_error("%s: work %llu at %zu bytes, %llu at %zu bytes\n",
		    su->where, wa, a->len, wb, b->len);
		show("short line", a->s, a->len);
		return false;
	}
	if (!within_limits(su, a) || !within_limits(su, b)) {
		print_error("%s: fails within the matcher's limits\n",
		    su->where);
		show("line", a->s, a->len);
		return false;
	}
	da = depth_of(su, a->s, a->len);
	if (!within_depth(su, b->s, b->len, da + 16)) {
		print_error("%s: depth %u at %zu bytes grows with the line "
		    "(%u at %zu bytes)\n", su->where, da, a->len,
		    depth_of(su, b->s, b->len), b->len);
		show("short line", a->s, a->len);
		return false;
	}
	return true;
}

static const char *const tails[] = { "", "#", "\x01", " " };

/*
 * Lines made of repeated matches: each one a start for an unanchored
 * pattern, and the whole a long run of what the pattern's pieces match.
 */
static bool
try_repeated(struct subject *su, const struct node *tree)
{
	size_t seed, t, sep;
	bool ok = true;

	for (seed = 0; seed < SEEDS && ok; seed++)
		for (sep = 0; sep < 2 && ok; sep++)
			for (t = 0; t < sizeof(tails) / sizeof(tails[0]) && ok;
			    t++) {
				struct gen g = { (uint32_t)seed * 7919u + 1,
				    -1, 0, 0, false, false, seed == 1 };
				struct buf one = { 0 }, a = { 0 }, b = { 0 };
				size_t k, times;

				emit(&g, tree, &one);
				if (one.len == 0)
					put(&one, " ", 1);
				if (sep)
					put(&one, " ", 1);
				/* a short line too must match within the
				 * limits, which start small */
				put(&a, one.s, one.len);
				put(&a, tails[t], strlen(tails[t]));
				if (!within_limits(su, &a)) {
					print_error("%s: fails within the "
					    "matcher's limits\n", su->where);
					show("line", a.s, a.len);
					ok = false;
				}
				a.len = 0;
				times = BASE_LEN / one.len + 1;
				for (k = 0; k < 4 * times; k++) {
					if (k < times)
						put(&a, one.s, one.len);
					put(&b, one.s, one.len);
				}
				put(&a, tails[t], strlen(tails[t]));
				put(&b, tails[t], strlen(tails[t]));
				ok = ok && linear(su, &a, &b);
				free(one.s);
				free(a.s);
				free(b.s);
			}
	return ok;
}

/* Lines with one unbounded repeat pumped. */
static bool
try_pumped(struct subject *su, const struct node *tree, int nrep)
{
	int id;
	size_t seed, t, cut;
	bool ok = true;

	for (id = 0; id < nrep && ok; id++) {
		if (!unbounded(tree, id))
			continue;
		for (seed = 0; seed < SEEDS && ok; seed++)
			for (cut = 0; cut < 2 && ok; cut++)
				for (t = 0; t < sizeof(tails) /
				    sizeof(tails[0]) && ok; t++) {
					uint32_t r = (uint32_t)seed * 31u + 7;
					struct gen g = { r, id, 1, 0, cut, false,
					    seed == 1 };
					struct buf probe = { 0 }, a = { 0 },
					    b = { 0 };
					size_t times;

					/* the same choices each time: only
					 * the count differs */
					emit(&g, tree, &probe);
					free(probe.s);
					if (g.body == 0)
						continue;
					times = BASE_LEN / g.body + 1;
					g = (struct gen){ r, id, times, 0, cut,
					    false, seed == 1 };
					emit(&g, tree, &a);
					g = (struct gen){ r, id, 4 * times, 0,
					    cut, false, seed == 1 };
					emit(&g, tree, &b);
					put(&a, tails[t], strlen(tails[t]));
					put(&b, tails[t], strlen(tails[t]));
					ok = linear(su, &a, &b);
					free(a.s);
					free(b.s);
				}
	}
	return ok;
}

/* Check one pattern; false when some line costs it too much. */
static bool
check_pattern(const char *where, pcre2_code *code, const char *pattern)
{
	struct subject su = { where, code, NULL, NULL, NULL };
	struct parse rd = { pattern, pattern + strlen(pattern), 0, 0 };
	struct node *tree;
	uint32_t opts;
	int err;
	PCRE2_SIZE off;
	bool ok;

	assert_int_equal(pcre2_pattern_info(code, PCRE2_INFO_ARGOPTIONS,
	    &opts), 0);
	rd.opts = opts;
	su.counted = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	    opts | PCRE2_AUTO_CALLOUT, &err, &off, NULL);
	assert_non_null(su.counted);
	su.md = pcre2_match_data_create(1, NULL);
	su.mctx = pcre2_match_context_create(NULL);
	assert_non_null(su.md);
	assert_non_null(su.mctx);
	pcre2_set_heap_limit(su.mctx, 1024 * 1024);
	tree = read_alt(&rd, pattern);
	assert_true(rd.p == rd.end);
	ok = try_repeated(&su, tree) && try_pumped(&su, tree, rd.nrep);
	free_node(tree);
	pcre2_match_data_free(su.md);
	pcre2_match_context_free(su.mctx);
	pcre2_code_free(su.counted);
	return ok;
}

/*
 * Lines that were found to stall a default rule, as a start, a unit
 * repeated and an end: every rule must take them in linear time.
 */
static const char *const known[][3] = {
	{ "Photo: ", "Getty Images / ", "" },	/* a caption's credits */
	{ "", "1 2 3 ", "" },			/* pagination */
	{ "updated", " ", "x" },		/* white space between optionals */
	{ "By", " ", "x" },
	{ "facebook", " | twitter", "" },	/* a repeated group's depth */
};

static void
test_known_lines_are_linear(void **state)
{
	struct ruleset *set = rules_new();
	size_t i, k, j, bad = 0;

	(void)state;
	assert_int_equal(rules_load_default(set), 0);
	for (i = 0; i < rules_count(set); i++) {
		const struct rule *r = rules_at(set, i);
		struct subject su = { NULL, rule_code(r), NULL, NULL, NULL };
		char where[256];
		uint32_t opts;
		int err;
		PCRE2_SIZE off;

		snprintf(where, sizeof(where), "%s:%u", rule_file(r),
		    rule_line(r));
		su.where = where;
		assert_int_equal(pcre2_pattern_info(su.code,
		    PCRE2_INFO_ARGOPTIONS, &opts), 0);
		su.counted = pcre2_compile((PCRE2_SPTR)rule_pattern(r),
		    PCRE2_ZERO_TERMINATED, opts | PCRE2_AUTO_CALLOUT, &err,
		    &off, NULL);
		su.md = pcre2_match_data_create(1, NULL);
		su.mctx = pcre2_match_context_create(NULL);
		assert_non_null(su.counted);
		assert_non_null(su.md);
		assert_non_null(su.mctx);
		for (k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
			struct buf a = { 0 }, b = { 0 };
			size_t times = BASE_LEN / strlen(known[k][1]) + 1;

			put(&a, known[k][0], strlen(known[k][0]));
			put(&b, known[k][0], strlen(known[k][0]));
			for (j = 0; j < 4 * times; j++) {
				if (j < times)
					put(&a, known[k][1], strlen(known[k][1]));
				put(&b, known[k][1], strlen(known[k][1]));
			}
			put(&a, known[k][2], strlen(known[k][2]));
			put(&b, known[k][2], strlen(known[k][2]));
			bad += !linear(&su, &a, &b);
			free(a.s);
			free(b.s);
		}
		pcre2_match_data_free(su.md);
		pcre2_match_context_free(su.mctx);
		pcre2_code_free(su.counted);
	}
	rules_free(set);
	assert_int_equal(bad, 0);
}

static void
test_default_rules_are_linear(void **state)
{
	struct ruleset *set = rules_new();
	size_t i, bad = 0;

	(void)state;
	assert_int_equal(rules_load_default(set), 0);
	for (i = 0; i < rules_count(set); i++) {
		const struct rule *r = rules_at(set, i);
		char where[256];

		snprintf(where, sizeof(where), "%s:%u", rule_file(r),
		    rule_line(r));
		if (!check_pattern(where, rule_code(r), rule_pattern(r)))
			bad++;
	}
	rules_free(set);
	assert_int_equal(bad, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_lines_are_linear),
		cmocka_unit_test(test_default_rules_are_linear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
