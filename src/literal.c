#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "literal.h"
#include "util.h"

/*
 * Past this many strings a set is given up ("anything"): a rule with that
 * many ways to begin is no cheaper to filter than to run.
 */
#define SET_MAX 128
/* Classes with more members than this are "any character". */
#define CLASS_MAX 32
/* A piece is at least this long; longer than PIECE_GOOD counts as good. */
#define PIECE_MIN 2
#define PIECE_GOOD 4
/* Nesting of groups followed; deeper patterns are not read. */
#define DEPTH_MAX 64

/* A string a match can begin (or end) with; complete: it is the whole
 * match, so what follows in the pattern may still be appended. */
struct lit {
	unsigned char s[LITERAL_LEN];
	uint8_t len;
	bool complete;
};

/*
 * Strings a match can begin (end) with; a match may also begin with a
 * character whose folded first byte is in rest, beyond which nothing is
 * known.  any: nothing at all is known; v is then empty.  Suffix sets
 * keep no rest: theirs is "any".
 */
struct set {
	struct lit *v;
	size_t n, cap;
	uint8_t rest[32];
	bool any;
};

/*
 * inner: every match contains one of its strings (read when asked), the
 * set with the best needle; pieces: the same, the set with the best
 * pieces (literal_facts.pieces).  lit: one plain character, which a
 * sequence joins to its neighbours.
 */
struct facts {
	struct set pre, suf, inner, pieces;
	uint32_t min, max;
	bool bol, eol, lit;
};

struct parser {
	const unsigned char *p, *end;
	int depth;
	bool fail;		/* a construct not read: the answer is "anything" */
	bool inner;		/* read the inner sets too */
	bool needle;		/* and choose the ones with the best needle */
};

int32_t
literal_fold(int32_t c)
{
	if (c < 0x80)
		return literal_fold_ascii((unsigned char)c);
	return utf8proc_tolower(utf8proc_toupper(c));
}

static void
set_free(struct set *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static void
set_any(struct set *s)
{
	set_free(s);
	s->any = true;
}

static bool
rest_empty(const uint8_t rest[32])
{
	int i;

	for (i = 0; i < 32; i++)
		if (rest[i] != 0)
			return false;
	return true;
}

/* Add first bytes to the rest of s; all of them make s "any". */
static void
set_add_rest(struct set *s, const uint8_t rest[32])
{
	int i;
	bool full = true;

	if (s->any || rest_empty(rest))
		return;
	for (i = 0; i < 32; i++) {
		s->rest[i] |= rest[i];
		full = full && s->rest[i] == 0xff;
	}
	if (full)
		set_any(s);
}

static void
set_add(struct set *s, const unsigned char *b, size_t len, bool complete)
{
	struct lit *l;

	if (s->any)
		return;
	if (!complete && len == 0) {
		set_any(s);	/* "begins with nothing": anything */
		return;
	}
	/* repeats are rare, and export() drops them */
	if (s->n == SET_MAX) {
		set_any(s);
		return;
	}
	grow(&s->v, &s->cap, s->n + 1, sizeof(*s->v));
	l = &s->v[s->n++];
	if (len > 0)
		memcpy(l->s, b, len);
	l->len = (uint8_t)len;
	l->complete = complete;
}

static void
set_union(struct set *dst, const struct set *src)
{
	size_t i;

	if (src->any) {
		set_any(dst);
		return;
	}
	set_add_rest(dst, src->rest);
	for (i = 0; i < src->n && !dst->any; i++)
		set_add(dst, src->v[i].s, src->v[i].len, src->v[i].complete);
}

/* Every string of s is only the start (end) of a match from now on. */
static void
set_trunc(struct set *s)
{
	struct set t = { 0 };
	size_t i;

	if (s->any)
		return;
	set_add_rest(&t, s->rest);
	for (i = 0; i < s->n && !t.any; i++)
		set_add(&t, s->v[i].s, s->v[i].len, false);
	set_free(s);
	*s = t;
}

/* Length of the first (last) characters of b[0, len) within LITERAL_LEN. */
static size_t
head_fit(const unsigned char *b, size_t len)
{
	size_t n = len < LITERAL_LEN ? len : LITERAL_LEN;

	if (n < len)
		while (n > 0 && (b[n] & 0xc0) == 0x80)
			n--;
	return n;
}

static size_t
tail_fit(const unsigned char *b, size_t len)
{
	size_t start = len > LITERAL_LEN ? len - LITERAL_LEN : 0;

	while (start < len && (b[start] & 0xc0) == 0x80)
		start++;
	return len - start;
}

/*
 * Extend the complete strings of acc by those of item: after them when
 * forward (prefixes), before them otherwise (suffixes).  A string that
 * would grow too long, or a set that would grow too large, stops there.
 */
static void
set_concat(struct set *acc, const struct set *item, bool forward)
{
	struct set out = { 0 };
	size_t i, j, total = 0;

	bool open = item->any || !rest_empty(item->rest), grows = false;

	if (acc->any)
		return;
	for (i = 0; i < acc->n && !grows; i++)
		grows = acc->v[i].complete;
	if (!grows)
		return;		/* nothing more is known of any string */
	for (i = 0; i < acc->n; i++)
		total += acc->v[i].complete ? (item->any ? 1 : item->n + 1) : 1;
	if (total > SET_MAX) {
		set_trunc(acc);
		return;
	}
	set_add_rest(&out, acc->rest);
	for (i = 0; i < acc->n && !out.any; i++) {
		const struct lit *a = &acc->v[i];

		if (a->complete && a->len == 0 && forward && !item->any) {
			/* the item begins the match: its rest is the match's */
			set_add_rest(&out, item->rest);
		} else if (!a->complete || open) {
			/* what follows a is not one of a few strings */
			set_add(&out, a->s, a->len, false);
			if (!a->complete || item->any)
				continue;
		}
		for (j = 0; j < item->n && !out.any; j++) {
			const struct lit *b = &item->v[j];
			unsigned char buf[2 * LITERAL_LEN];
			size_t n = a->len + b->len, k;
			bool complete = b->complete;

			if (forward) {
				memcpy(buf, a->s, a->len);
				memcpy(buf + a->len, b->s, b->len);
			} else {
				memcpy(buf, b->s, b->len);
				memcpy(buf + b->len, a->s, a->len);
			}
			if (n > LITERAL_LEN) {
				complete = false;
				if (forward) {
					k = head_fit(buf, n);
					set_add(&out, buf, k, false);
				} else {
					k = tail_fit(buf, n);
					set_add(&out, buf + n - k, k, false);
				}
				continue;
			}
			set_add(&out, buf, n, complete);
		}
	}
	set_free(acc);
	*acc = out;
}

static void
facts_init(struct facts *f)
{
	memset(f, 0, sizeof(*f));
	f->inner.any = true;
	f->pieces.any = true;
}

static void
facts_free(struct facts *f)
{
	set_free(&f->pre);
	set_free(&f->suf);
	set_free(&f->inner);
	set_free(&f->pieces);
}

/* Matches only the empty string: an assertion or an empty group. */
static void
facts_empty(struct facts *f)
{
	facts_init(f);
	set_add(&f->pre, NULL, 0, true);
	set_add(&f->suf, NULL, 0, true);
}

/* One character about which nothing is known. */
static void
facts_anychar(struct facts *f, uint32_t max)
{
	facts_init(f);
	set_any(&f->pre);
	set_any(&f->suf);
	f->min = 1;
	f->max = max;
}

/*
 * The folded first bytes of the characters \d and \s match (with UCP:
 * decimal digits; white space, as PCRE2 counts it): digits and the lead
 * bytes of the scripts' digits, blanks and the lead bytes of Unicode's
 * spaces.  test_literal checks them against every code point.
 */
static const uint8_t digit_first[32] = {
	[6] = 0xff, [7] = 0x03,			/* 0-9 */
	[27] = 0x0a | 0x80,			/* D9 DB DF */
	[28] = 0x03, [29] = 0x84,		/* E0 E1 EA EF */
	[30] = 0x01,				/* F0 */
};
static const uint8_t space_first[32] = {
	[1] = 0x3e, [4] = 0x01,			/* \t \n \v \f \r, space */
	[24] = 0x04,				/* C2 */
	[28] = 0x0e,				/* E1 E2 E3 */
};

/* One character of a class whose first bytes are known, rest. */
static void
facts_class(struct facts *f, const uint8_t rest[32])
{
	facts_init(f);
	set_add_rest(&f->pre, rest);
	set_any(&f->suf);
	f->min = f->max = 1;
}

/* The first bytes of the class escape \e, or NULL if they are not known. */
static const uint8_t *
escape_first(int32_t e)
{
	switch (e) {
	case 'd':
		return digit_first;
	case 's': case 'h': case 'v':
		return space_first;
	default:
		return NULL;
	}
}

const uint8_t *
literal_digit_first(void)
{
	return digit_first;
}

const uint8_t *
literal_space_first(void)
{
	return space_first;
}

static void
facts_char(struct facts *f, int32_t c)
{
	utf8proc_uint8_t b[4];
	utf8proc_ssize_t n = utf8proc_encode_char(literal_fold(c), b);

	/*
	 * A character that folds to ASCII (DOTLESS I, KELVIN SIGN, LONG S) is
	 * not that byte in a line, which needles and pieces compare without
	 * folding more than ASCII: it is known by its folded first byte only.
	 */
	if (c >= 0x80 && b[0] < 0x80) {
		uint8_t rest[32] = { 0 };

		rest[b[0] / 8] = (uint8_t)(1u << (b[0] % 8));
		facts_class(f, rest);
		return;
	}
	facts_init(f);
	set_add(&f->pre, b, (size_t)n, true);
	set_add(&f->suf, b, (size_t)n, true);
	f->inner.any = false;
	set_add(&f->inner, b, (size_t)n, true);
	f->pieces.any = false;
	set_add(&f->pieces, b, (size_t)n, true);
	f->min = f->max = 1;
	f->lit = true;
}

static uint32_t
add_len(uint32_t a, uint32_t b)
{
	if (a == LITERAL_UNBOUNDED || b == LITERAL_UNBOUNDED ||
	    a > LITERAL_UNBOUNDED - 1 - b)
		return LITERAL_UNBOUNDED;
	return a + b;
}

static uint32_t
mul_len(uint32_t a, uint32_t k)
{
	if (a == 0 || k == 0)
		return 0;
	if (a == LITERAL_UNBOUNDED || k == LITERAL_UNBOUNDED ||
	    a > (LITERAL_UNBOUNDED - 1) / k)
		return LITERAL_UNBOUNDED;
	return a * k;
}

/* The next code point of the pattern; -1 at a byte that is not UTF-8. */
static int32_t
next_char(struct parser *ps)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t r;

	r = utf8proc_iterate(ps->p, ps->end - ps->p, &c);
	if (r <= 0) {
		ps->fail = true;
		ps->p++;
		return -1;
	}
	ps->p += r;
	return c;
}

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int
hex_value(int c)
{
	if (is_digit(c))
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* After "\x": "hh" (up to two digits) or "{h...}"; -1 if not read. */
static int32_t
hex_escape(struct parser *ps)
{
	int32_t v = 0;
	int d, k = 0;

	if (ps->p < ps->end && *ps->p == '{') {
		ps->p++;
		while (ps->p < ps->end && (d = hex_value(*ps->p)) >= 0 &&
		    k++ < 6) {
			v = v * 16 + d;
			ps->p++;
		}
		if (ps->p >= ps->end || *ps->p != '}' || k == 0 || k > 6)
			return -1;
		ps->p++;
		return v;
	}
	while (ps->p < ps->end && k < 2 && (d = hex_value(*ps->p)) >= 0) {
		v = v * 16 + d;
		ps->p++;
		k++;
	}
	return v;
}

/* Skip "{...}" after \p or \P, or the one letter that stands for it. */
static void
skip_property(struct parser *ps)
{
	if (ps->p < ps->end && *ps->p == '{') {
		while (ps->p < ps->end && *ps->p != '}')
			ps->p++;
		if (ps->p == ps->end)
			ps->fail = true;
		else
			ps->p++;
	} else if (ps->p < ps->end)
		ps->p++;
}

enum esc {
	ESC_CHAR,	/* a literal character, in *c */
	ESC_CLASS,	/* one character of a class, its letter in *c */
	ESC_ASSERT,	/* matches the empty string */
	ESC_BOL,
	ESC_EOL,
	ESC_OTHER,	/* not followed */
};

/* The escape after a backslash; in a class, \b is a backspace. */
static enum esc
escape(struct parser *ps, bool in_class, int32_t *c)
{
	int e;

	if (ps->p >= ps->end)
		return ESC_OTHER;
	e = *ps->p;
	if (e >= 0x80 || !((e >= 'a' && e <= 'z') || (e >= 'A' &&
	    e <= 'Z') || is_digit(e))) {
		*c = next_char(ps);
		return *c < 0 ? ESC_OTHER : ESC_CHAR;
	}
	ps->p++;
	switch (e) {
	case 'a': *c = 7; return ESC_CHAR;
	case 'e': *c = 27; return ESC_CHAR;
	case 'f': *c = '\f'; return ESC_CHAR;
	case 'n': *c = '\n'; return ESC_CHAR;
	case 'r': *c = '\r'; return ESC_CHAR;
	case 't': *c = '\t'; return ESC_CHAR;
	case 'x':
		*c = hex_escape(ps);
		return *c < 0 || *c > 0x10FFFF ? ESC_OTHER : ESC_CHAR;
	case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
	case 'h': case 'H': case 'v': case 'V': case 'N':
		*c = e;
		return ESC_CLASS;
	case 'p': case 'P':
		skip_property(ps);
		*c = e;
		return ESC_CLASS;
	case 'b':
		if (in_class) {
			*c = 8;
			return ESC_CHAR;
		}
		return ESC_ASSERT;
	case 'B':
		return in_class ? ESC_OTHER : ESC_ASSERT;
	case 'A':
		return in_class ? ESC_OTHER : ESC_BOL;
	case 'z': case 'Z':
		return in_class ? ESC_OTHER : ESC_EOL;
	default:
		return ESC_OTHER;
	}
}

/*
 * A character class, after its "[": the folded members when there are
 * few and all are known, else "any character".
 */
static void
parse_class(struct parser *ps, struct facts *f)
{
	int32_t members[CLASS_MAX];
	uint8_t rest[32] = { 0 };
	size_t n = 0, i;
	bool any = false, first = true;

	if (ps->p < ps->end && *ps->p == '^') {
		any = true;
		ps->p++;
	}
	while (ps->p < ps->end && !ps->fail) {
		int32_t lo, hi, c;

		if (*ps->p == ']' && !first)
			break;
		first = false;
		if (*ps->p == '[' && ps->p + 1 < ps->end &&
		    (ps->p[1] == ':' || ps->p[1] == '.' || ps->p[1] == '=')) {
			const unsigned char *q = ps->p + 2;

			while (q + 1 < ps->end && !(q[0] == ps->p[1] &&
			    q[1] == ']'))
				q++;
			if (q + 1 >= ps->end) {
				ps->fail = true;
				break;
			}
			ps->p = q + 2;
			any = true;
			continue;
		}
		if (*ps->p == '\\') {
			ps->p++;
			switch (escape(ps, true, &lo)) {
			case ESC_CHAR:
				break;
			case ESC_CLASS:
				if (escape_first(lo) == NULL)
					any = true;
				else
					for (i = 0; i < 32; i++)
						rest[i] |= escape_first(lo)[i];
				continue;
			default:
				ps->fail = true;
				continue;
			}
		} else if ((lo = next_char(ps)) < 0)
			break;
		hi = lo;
		if (ps->p + 1 < ps->end && ps->p[0] == '-' && ps->p[1] != ']') {
			ps->p++;
			if (*ps->p == '\\') {
				ps->p++;
				if (escape(ps, true, &hi) != ESC_CHAR) {
					ps->fail = true;
					break;
				}
			} else if ((hi = next_char(ps)) < 0)
				break;
		}
		if (hi < lo || hi - lo >= CLASS_MAX) {
			any = true;
			continue;
		}
		for (c = lo; c <= hi && !any; c++) {
			int32_t fc = literal_fold(c);

			if (c >= 0x80 && fc < 0x80) {
				/* as in facts_char: by its first byte only */
				rest[fc / 8] |= (uint8_t)(1u << (fc % 8));
				continue;
			}
			for (i = 0; i < n && members[i] != fc; i++)
				continue;
			if (i < n)
				continue;
			if (n == CLASS_MAX)
				any = true;
			else
				members[n++] = fc;
		}
	}
	if (ps->p >= ps->end)
		ps->fail = true;
	else
		ps->p++;	/* the closing ] */
	if (any || (n == 0 && rest_empty(rest))) {
		facts_anychar(f, 1);
		return;
	}
	facts_class(f, rest);
	if (rest_empty(rest)) {
		memset(&f->suf, 0, sizeof(f->suf));
		f->inner.any = false;
	}
	for (i = 0; i < n; i++) {
		utf8proc_uint8_t b[4];
		utf8proc_ssize_t k = utf8proc_encode_char(members[i], b);

		set_add(&f->pre, b, (size_t)k, true);
		set_add(&f->suf, b, (size_t)k, true);
		set_add(&f->inner, b, (size_t)k, true);
	}
	f->min = f->max = 1;
}

/* A quantifier at ps->p, if there is one: its bounds. */
static bool
quantifier(struct parser *ps, uint32_t *lo, uint32_t *hi)
{
	const unsigned char *q = ps->p;
	uint32_t a = 0, b;

	if (q >= ps->end)
		return false;
	switch (*q) {
	case '?': *lo = 0; *hi = 1; ps->p++; break;
	case '*': *lo = 0; *hi = LITERAL_UNBOUNDED; ps->p++; break;
	case '+': *lo = 1; *hi = LITERAL_UNBOUNDED; ps->p++; break;
	case '{':
		q++;
		if (q >= ps->end || !is_digit(*q))
			return false;	/* a literal "{" */
		while (q < ps->end && is_digit(*q) && a < 100000)
			a = a * 10 + (*q++ - '0');
		b = a;
		if (q < ps->end && *q == ',') {
			q++;
			b = LITERAL_UNBOUNDED;
			if (q < ps->end && is_digit(*q))
				for (b = 0; q < ps->end && is_digit(*q) &&
				    b < 100000;)
					b = b * 10 + (*q++ - '0');
		}
		if (q >= ps->end || *q != '}')
			return false;
		ps->p = q + 1;
		*lo = a;
		*hi = b;
		break;
	default:
		return false;
	}
	/* lazy or possessive: the same strings */
	if (ps->p < ps->end && (*ps->p == '?' || *ps->p == '+'))
		ps->p++;
	return true;
}

static void
apply_quantifier(struct facts *f, uint32_t lo, uint32_t hi)
{
	f->min = mul_len(f->min, lo);
	f->max = mul_len(f->max, hi);
	if (hi == 0) {
		facts_free(f);
		facts_empty(f);
		return;
	}
	if (!(lo == 1 && hi == 1)) {
		/* more than one copy: only the first is known to be whole */
		if (hi != 1) {
			set_trunc(&f->pre);
			set_trunc(&f->suf);
		}
		if (lo == 0) {
			set_add(&f->pre, NULL, 0, true);
			set_add(&f->suf, NULL, 0, true);
			set_any(&f->inner);
			set_any(&f->pieces);
			f->bol = f->eol = false;
		}
	}
}

static void parse_alternation(struct parser *, struct facts *);

/*
 * "(...)": a group, an assertion, an option setting or a comment.  The
 * constructs that change what a match is (recursion, conditions, verbs,
 * callouts) are not read.
 */
static void
parse_group(struct parser *ps, struct facts *f)
{
	bool assertion = false;

	if (++ps->depth > DEPTH_MAX) {
		ps->fail = true;
		facts_anychar(f, LITERAL_UNBOUNDED);
		return;
	}
	if (ps->p < ps->end && *ps->p == '*')
		ps->fail = true;
	else if (ps->p < ps->end && *ps->p == '?') {
		const unsigned char *q = ps->p + 1;

		if (q < ps->end && (*q == ':' || *q == '|' || *q == '>'))
			ps->p = q + 1;
		else if (q < ps->end && (*q == '=' || *q == '!')) {
			ps->p = q + 1;
			assertion = true;
		} else if (q + 1 < ps->end && *q == '<' &&
		    (q[1] == '=' || q[1] == '!')) {
			ps->p = q + 2;
			assertion = true;
		} else if (q < ps->end && *q == '#') {
			while (q < ps->end && *q != ')')
				q++;
			ps->p = q;
			assertion = true;
		} else if (q < ps->end && (*q == '<' || *q == '\'' ||
		    (*q == 'P' && q + 1 < ps->end && q[1] == '<'))) {
			unsigned char close = *q == '\'' ? '\'' : '>';

			while (q < ps->end && *q != close)
				q++;
			ps->p = q + 1;
		} else {
			/* options: "(?i)" or "(?i-s:"; x is not followed */
			while (q < ps->end && ((*q >= 'a' && *q <= 'z') ||
			    (*q >= 'A' && *q <= 'Z') || *q == '-' ||
			    *q == '^')) {
				if (*q == 'x' || !(*q == 'i' || *q == 'm' ||
				    *q == 's' || *q == 'n' || *q == 'U' ||
				    *q == 'J' || *q == '-' || *q == '^'))
					ps->fail = true;
				q++;
			}
			if (q < ps->end && *q == ')') {
				ps->p = q + 1;
				ps->depth--;
				facts_empty(f);
				return;
			}
			if (q < ps->end && *q == ':')
				ps->p = q + 1;
			else
				ps->fail = true;
		}
	}
	if (ps->fail) {
		facts_anychar(f, LITERAL_UNBOUNDED);
		return;
	}
	parse_alternation(ps, f);
	if (ps->p >= ps->end || *ps->p != ')')
		ps->fail = true;
	else
		ps->p++;
	ps->depth--;
	if (assertion) {
		facts_free(f);
		facts_empty(f);
	}
}

/* One item of a sequence, before its quantifier. */
static void
parse_atom(struct parser *ps, struct facts *f)
{
	int32_t c;

	switch (*ps->p) {
	case '(':
		ps->p++;
		parse_group(ps, f);
		return;
	case '[':
		ps->p++;
		parse_class(ps, f);
		return;
	case '.':
		ps->p++;
		facts_anychar(f, 1);
		return;
	case '^':
		ps->p++;
		facts_empty(f);
		f->bol = true;
		return;
	case '$':
		ps->p++;
		facts_empty(f);
		f->eol = true;
		return;
	case '\\':
		ps->p++;
		if (ps->p + 1 < ps->end && *ps->p == 'Q') {
			ps->fail = true;	/* \Q...\E: rare, not read */
			facts_anychar(f, LITERAL_UNBOUNDED);
			return;
		}
		switch (escape(ps, false, &c)) {
		case ESC_CHAR:
			facts_char(f, c);
			return;
		case ESC_CLASS:
			if (escape_first(c) != NULL)
				facts_class(f, escape_first(c));
			else
				facts_anychar(f, 1);
			return;
		case ESC_ASSERT:
			facts_empty(f);
			return;
		case ESC_BOL:
			facts_empty(f);
			f->bol = true;
			return;
		case ESC_EOL:
			facts_empty(f);
			f->eol = true;
			return;
		default:
			ps->fail = true;
			facts_anychar(f, LITERAL_UNBOUNDED);
			return;
		}
	default:
		if ((c = next_char(ps)) < 0) {
			facts_anychar(f, LITERAL_UNBOUNDED);
			return;
		}
		facts_char(f, c);
	}
}

/* A sequence being read: the items' sets, kept for its suffixes (and
 * inner sets), and a run of plain characters not yet added. */
struct seq {
	struct set *sufs, *pres, *inners, *pieces;
	size_t n, cap, pcap, icap, kcap;
	bool lead_empty;	/* nothing consumed before the next item */
	unsigned char run[LITERAL_LEN];
	size_t runlen, runchars;
};

static size_t needle_of(const struct set *, unsigned char *, int *);
static unsigned pieces_of(const struct set *, struct literal *, size_t *);

/* Make *best a copy of cand if cand's needle is better than its. */
static void
keep_better(struct set *best, int *bestrank, size_t *bestlen,
    const struct set *cand)
{
	unsigned char buf[LITERAL_LEN];
	size_t len;
	int rank;

	if ((len = needle_of(cand, buf, &rank)) == 0 || rank < *bestrank ||
	    (rank == *bestrank && len <= *bestlen))
		return;
	set_free(best);
	set_union(best, cand);
	*bestrank = rank;
	*bestlen = len;
}

/* Make *best a copy of cand if cand's pieces are better than its. */
static void
keep_better_pieces(struct set *best, unsigned *bestrank,
    const struct set *cand)
{
	struct literal v[LITERAL_PIECES];
	size_t n;
	unsigned rank = pieces_of(cand, v, &n);

	if (rank <= *bestrank)
		return;
	set_free(best);
	set_union(best, cand);
	*bestrank = rank;
}

/*
 * The inner sets of a sequence: of its items' inner sets and the prefixes
 * of its tails (items i to the end), the one with the best needle, and of
 * those and the items' sets of pieces, the one with the best pieces.
 */
static void
sequence_inner(struct facts *f, const struct seq *q, bool needle)
{
	struct set tail = { 0 };
	size_t i, bestlen = 0;
	int bestrank = -1;
	unsigned piecesrank = 0;

	set_any(&f->inner);
	set_any(&f->pieces);
	set_add(&tail, NULL, 0, true);
	for (i = q->n; i-- > 0;) {
		struct set t = { 0 };

		set_union(&t, &q->pres[i]);
		set_concat(&t, &tail, true);
		set_free(&tail);
		tail = t;
		if (needle) {
			keep_better(&f->inner, &bestrank, &bestlen, &tail);
			keep_better(&f->inner, &bestrank, &bestlen,
			    &q->inners[i]);
		}
		keep_better_pieces(&f->pieces, &piecesrank, &tail);
		keep_better_pieces(&f->pieces, &piecesrank, &q->inners[i]);
		keep_better_pieces(&f->pieces, &piecesrank, &q->pieces[i]);
	}
	set_free(&tail);
}

static void
seq_add(struct parser *ps, struct seq *q, struct facts *f,
    struct facts *item)
{
	set_concat(&f->pre, &item->pre, true);
	f->bol = f->bol || (q->lead_empty && item->bol);
	q->lead_empty = q->lead_empty && item->max == 0;
	/* an end anchor holds if nothing after it consumes */
	if (item->eol)
		f->eol = true;
	else if (item->max != 0)
		f->eol = false;
	f->min = add_len(f->min, item->min);
	f->max = add_len(f->max, item->max);
	grow(&q->sufs, &q->cap, q->n + 1, sizeof(*q->sufs));
	q->sufs[q->n] = item->suf;
	if (ps->inner) {
		grow(&q->pres, &q->pcap, q->n + 1, sizeof(*q->pres));
		grow(&q->inners, &q->icap, q->n + 1, sizeof(*q->inners));
		grow(&q->pieces, &q->kcap, q->n + 1, sizeof(*q->pieces));
		q->pres[q->n] = item->pre;
		q->inners[q->n] = item->inner;
		q->pieces[q->n] = item->pieces;
	} else {
		set_free(&item->pre);
		set_free(&item->inner);
		set_free(&item->pieces);
	}
	q->n++;
}

/* Add the run of plain characters as one item: one string, not many. */
static void
seq_flush(struct parser *ps, struct seq *q, struct facts *f)
{
	struct facts item;

	if (q->runlen == 0)
		return;
	facts_init(&item);
	set_add(&item.pre, q->run, q->runlen, true);
	set_add(&item.suf, q->run, q->runlen, true);
	item.inner.any = false;
	set_add(&item.inner, q->run, q->runlen, true);
	item.pieces.any = false;
	set_add(&item.pieces, q->run, q->runlen, true);
	item.min = item.max = (uint32_t)q->runchars;
	seq_add(ps, q, f, &item);
	q->runlen = q->runchars = 0;
}

/*
 * Items up to "|", ")" or the end, one after another: prefixes are joined
 * from the first item on, suffixes from the last one back.
 */
static void
parse_sequence(struct parser *ps, struct facts *f)
{
	struct seq q;
	size_t i;

	memset(&q, 0, sizeof(q));
	q.lead_empty = true;
	facts_empty(f);
	while (ps->p < ps->end && *ps->p != '|' && *ps->p != ')' &&
	    !ps->fail) {
		struct facts item;
		uint32_t lo, hi;

		parse_atom(ps, &item);
		if (quantifier(ps, &lo, &hi))
			apply_quantifier(&item, lo, hi);
		else if (item.lit && q.runlen + item.pre.v[0].len <=
		    LITERAL_LEN) {
			memcpy(q.run + q.runlen, item.pre.v[0].s,
			    item.pre.v[0].len);
			q.runlen += item.pre.v[0].len;
			q.runchars++;
			facts_free(&item);
			continue;
		}
		seq_flush(ps, &q, f);
		seq_add(ps, &q, f, &item);
	}
	seq_flush(ps, &q, f);
	for (i = q.n; i-- > 0;)
		set_concat(&f->suf, &q.sufs[i], false);
	if (ps->inner)
		sequence_inner(f, &q, ps->needle);
	for (i = 0; i < q.n; i++) {
		set_free(&q.sufs[i]);
		if (ps->inner) {
			set_free(&q.pres[i]);
			set_free(&q.inners[i]);
			set_free(&q.pieces[i]);
		}
	}
	free(q.sufs);
	free(q.pres);
	free(q.inners);
	free(q.pieces);
}

/* Alternatives separated by "|", up to ")" or the end. */
static void
parse_alternation(struct parser *ps, struct facts *f)
{
	parse_sequence(ps, f);
	while (!ps->fail && ps->p < ps->end && *ps->p == '|') {
		struct facts alt;

		ps->p++;
		parse_sequence(ps, &alt);
		set_union(&f->pre, &alt.pre);
		set_union(&f->suf, &alt.suf);
		set_union(&f->inner, &alt.inner);
		set_union(&f->pieces, &alt.pieces);
		if (alt.min < f->min)
			f->min = alt.min;
		if (alt.max > f->max)
			f->max = alt.max;
		f->bol = f->bol && alt.bol;
		f->eol = f->eol && alt.eol;
		facts_free(&alt);
	}
}

static int
lit_cmp(const void *a, const void *b)
{
	const struct literal *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);

	return c != 0 ? c : (int)x->len - (int)y->len;
}

static void
reverse(struct literal *l)
{
	size_t i;

	for (i = 0; i < l->len / 2; i++) {
		unsigned char c = l->s[i];

		l->s[i] = l->s[l->len - 1 - i];
		l->s[l->len - 1 - i] = c;
	}
}

/*
 * The strings of s for literal_facts; false when s is "anything".  A
 * string that begins (ends, for suffixes) with another one says nothing
 * more and is left out, as are repeats.
 */
static bool
export(const struct set *s, bool prefixes, struct literal **v, size_t *n)
{
	size_t i, k = 0;

	*v = NULL;
	*n = 0;
	if (s->any)
		return false;
	*v = xcalloc(s->n ? s->n : 1, sizeof(**v));
	for (i = 0; i < s->n; i++) {
		memcpy((*v)[i].s, s->v[i].s, s->v[i].len);
		(*v)[i].len = s->v[i].len;
		if (!prefixes)
			reverse(&(*v)[i]);
	}
	qsort(*v, s->n, sizeof(**v), lit_cmp);
	for (i = 0; i < s->n; i++) {
		const struct literal *l = &(*v)[i];

		/* sorted, so the last kept string is the one to test */
		if (k > 0 && (*v)[k - 1].len <= l->len &&
		    memcmp((*v)[k - 1].s, l->s, (*v)[k - 1].len) == 0)
			continue;
		(*v)[k++] = *l;
	}
	if (!prefixes)
		for (i = 0; i < k; i++)
			reverse(&(*v)[i]);
	*n = k;
	return true;
}

static void
choose_needle(const struct facts *f, struct literal_facts *out)
{
	unsigned char a[LITERAL_LEN], b[LITERAL_LEN];
	int ra, rb;
	size_t na = needle_of(&f->pre, a, &ra);
	size_t nb = needle_of(&f->inner, b, &rb);

	if (na > 0 && (ra > rb || (ra == rb && na >= nb))) {
		memcpy(out->needle, a, na);
		out->nneedle = na;
	} else if (nb > 0) {
		memcpy(out->needle, b, nb);
		out->nneedle = nb;
	}
}

/* Whether text[0, len) holds one of the pieces v[0, n). */
static bool
holds_piece(const unsigned char *text, size_t len, const struct literal *v,
    size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j + v[i].len <= len; j++)
			if (memcmp(text + j, v[i].s, v[i].len) == 0)
				return true;
	return false;
}

/* Whether every one of the literals l[0, nl) holds one of the pieces. */
static bool
all_hold_piece(const struct literal *l, size_t nl, const struct literal *v,
    size_t n)
{
	size_t i;

	for (i = 0; i < nl; i++)
		if (!holds_piece(l[i].s, l[i].len, v, n))
			return false;
	return true;
}

/*
 * Whether the pieces v[0, n) say more than what the matcher calls the rule
 * up by: its needle, or the literals it must end the line with (a rule tied
 * to the start by literals gets no pieces: see literal_analyse).
 */
static bool
pieces_say_more(const struct literal_facts *out, const struct literal *v,
    size_t n)
{
	struct literal needle;

	memcpy(needle.s, out->needle, out->nneedle);
	needle.len = (uint8_t)out->nneedle;
	return !(out->nneedle > 0 && all_hold_piece(&needle, 1, v, n)) &&
	    !(out->eol && out->suffix_known &&
	    all_hold_piece(out->suffix, out->nsuffix, v, n));
}

/* The pieces of the whole pattern: from its prefixes or its inner sets,
 * whichever are better and say more than the literals it is called up by. */
static void
choose_pieces(const struct facts *f, struct literal_facts *out)
{
	struct literal a[LITERAL_PIECES], b[LITERAL_PIECES], *v;
	size_t na, nb, n;
	unsigned ra = pieces_of(&f->pre, a, &na);
	unsigned rb = pieces_of(&f->pieces, b, &nb);

	if (ra > 0 && !pieces_say_more(out, a, na))
		ra = 0;
	if (rb > 0 && !pieces_say_more(out, b, nb))
		rb = 0;
	if (ra == 0 && rb == 0)
		return;
	v = ra >= rb ? a : b;
	n = ra >= rb ? na : nb;
	out->pieces = xcalloc(n, sizeof(*out->pieces));
	memcpy(out->pieces, v, n * sizeof(*v));
	out->npieces = n;
}

void
literal_analyse(const char *pattern, size_t len, bool extended,
    struct literal_facts *out)
{
	struct parser ps = { (const unsigned char *)pattern,
	    (const unsigned char *)pattern + len, 0, extended, false, false };
	struct facts f;

	memset(out, 0, sizeof(*out));
	out->maxlen = LITERAL_UNBOUNDED;
	if (extended)
		return;
	parse_alternation(&ps, &f);
	if (!ps.fail && ps.p == ps.end) {
		out->bol = f.bol;
		out->eol = f.eol;
		out->maxlen = f.max;
		out->prefix_known = export(&f.pre, true, &out->prefix,
		    &out->nprefix);
		if (out->prefix_known)
			memcpy(out->first, f.pre.rest, sizeof(out->first));
		out->suffix_known = export(&f.suf, false, &out->suffix,
		    &out->nsuffix);
	}
	facts_free(&f);
	/*
	 * Look inside: for a needle when there is no literal at either end,
	 * and for pieces unless every match starts the line with one (the
	 * trie leaves few lines to rule out, and reading the inner sets of
	 * long alternations costs a start more than they save).
	 */
	if (ps.fail || (out->bol && out->prefix_known))
		return;
	ps.p = (const unsigned char *)pattern;
	ps.inner = true;
	ps.needle = !(out->eol && out->suffix_known);
	parse_alternation(&ps, &f);
	if (!ps.fail && ps.p == ps.end) {
		if (ps.needle)
			choose_needle(&f, out);
		choose_pieces(&f, out);
	}
	facts_free(&f);
}

/* Whether s[0, len) occurs in l. */
static bool
occurs(const struct lit *l, const unsigned char *s, size_t len)
{
	size_t i;

	for (i = 0; i + len <= l->len; i++)
		if (memcmp(l->s + i, s, len) == 0)
			return true;
	return false;
}

/* Whether byte c may be in a needle or a piece: see literal.h. */
static bool
plain_byte(unsigned char c)
{
	return c < 0x80 && c != 'k' && c != 's';
}

static int
int32_cmp(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

/*
 * The length of the character at s[0, n) of a literal (folded UTF-8) if a
 * piece may hold it, else 0: ASCII that needle_of would take, or a
 * character past ASCII.  *even: its case class is even (literal_uneven),
 * so a line's character of the class is found by its first byte.
 */
static size_t
piece_char(const unsigned char *s, size_t n, bool *even)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k;

	*even = true;
	if (s[0] < 0x80)
		return plain_byte(s[0]) ? 1 : 0;
	if ((k = utf8proc_iterate(s, (utf8proc_ssize_t)n, &c)) <= 0)
		return 0;
	*even = bsearch(&c, literal_uneven, literal_uneven_count,
	    sizeof(*literal_uneven), int32_cmp) == NULL;
	return (size_t)k;
}

bool
literal_even_at(const unsigned char *s, size_t n)
{
	bool even;

	return piece_char(s, n, &even) > 0 && even;
}

/*
 * The pieces of set into v (room for LITERAL_PIECES), and how many: of
 * each of its strings, the longest run of characters a piece may hold
 * (piece_char) that starts with an even one (a line is searched by a
 * piece's first bytes) and is not all spaces; a piece that holds another
 * one says nothing more and is left out.  Returns how good they are: 0
 * for none (a string without such a run of PIECE_MIN characters, or too
 * many pieces), more for a longer shortest piece (up to PIECE_GOOD
 * characters, past which length matters little), then for fewer pieces.
 */
static unsigned
pieces_of(const struct set *set, struct literal *v, size_t *n)
{
	struct literal p;
	size_t i, j, a, b, k, chars, shortest = LITERAL_LEN;
	size_t pchars[LITERAL_PIECES];
	bool even;

	*n = 0;
	if (set->any || set->n == 0 || !rest_empty(set->rest))
		return 0;
	for (i = 0; i < set->n; i++) {
		const struct lit *l = &set->v[i];
		size_t best = 0;

		p.len = 0;
		for (a = 0; a < l->len; a = b) {
			bool spaces = true;

			if (piece_char(l->s + a, l->len - a, &even) == 0) {
				/* past a character no piece holds */
				b = a + 1;
				while (b < l->len && (l->s[b] & 0xc0) == 0x80)
					b++;
				continue;
			}
			/* a run: from its first even character, to its end */
			while (a < l->len && (k = piece_char(l->s + a,
			    l->len - a, &even)) > 0 && !even)
				a += k;
			for (b = a, chars = 0; b < l->len && (k = piece_char(
			    l->s + b, l->len - b, &even)) > 0; b += k, chars++)
				spaces = spaces && l->s[b] == ' ';
			if (!spaces && chars > best) {
				memcpy(p.s, l->s + a, b - a);
				p.len = (uint8_t)(b - a);
				best = chars;
			}
		}
		if (best < PIECE_MIN)
			return 0;
		if (holds_piece(p.s, p.len, v, *n))
			continue;
		/* the pieces that hold this one go */
		for (j = 0; j < *n;)
			if (holds_piece(v[j].s, v[j].len, &p, 1)) {
				v[j] = v[--*n];
				pchars[j] = pchars[*n];
			} else
				j++;
		if (*n == LITERAL_PIECES)
			return 0;
		pchars[*n] = best;
		v[(*n)++] = p;
	}
	for (i = 0; i < *n; i++)
		if (pchars[i] < shortest)
			shortest = pchars[i];
	return (unsigned)(shortest < PIECE_GOOD ? shortest : PIECE_GOOD) *
	    (LITERAL_PIECES + 1) + (unsigned)(LITERAL_PIECES + 1 - *n);
}

/*
 * A needle for set: ASCII text that every one of its strings contains,
 * into out; its length, or 0.  Its letters are a-z (either case, folded),
 * never k or s (PCRE2 also matches those with KELVIN SIGN and LONG S).
 * *rank is 2 for a needle without letters, which is preferred, else 1.
 */
static size_t
needle_of(const struct set *set, unsigned char *out, int *rank)
{
	const struct lit *shortest;
	size_t i, a, b, best = 0;

	*rank = 0;
	if (set->any || set->n == 0 || !rest_empty(set->rest))
		return 0;
	shortest = &set->v[0];
	for (i = 1; i < set->n; i++)
		if (set->v[i].len < shortest->len)
			shortest = &set->v[i];
	for (a = 0; a < shortest->len; a++)
		for (b = a + 1; b <= shortest->len; b++) {
			const unsigned char *s = shortest->s + a;
			size_t len = b - a, k;
			int r = 2;

			for (k = 0; k < len; k++) {
				if (!plain_byte(s[k]))
					r = 0;
				else if (s[k] >= 'a' && s[k] <= 'z' && r > 1)
					r = 1;
			}
			for (k = 0; k < len && s[k] == ' '; k++)
				continue;
			if (r == 0 || k == len || r < *rank ||
			    (r == *rank && len <= best))
				continue;
			for (i = 0; i < set->n; i++)
				if (!occurs(&set->v[i], s, len))
					break;
			if (i < set->n)
				continue;
			memcpy(out, s, len);
			best = len;
			*rank = r;
		}
	return best;
}

size_t
literal_fold_char(const char *str, size_t n, unsigned char b[4],
    size_t *used)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t k, i;
	int32_t c;

	if (s[0] < 0x80) {
		b[0] = literal_fold_ascii(s[0]);
		*used = 1;
		return 1;
	}
	k = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 1;
	if (k == 1 || k > n || s[0] > 0xf4)
		return 0;
	c = s[0] & (0x7f >> k);
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	*used = k;
	return (size_t)utf8proc_encode_char(literal_fold(c), b);
}

static int
entry_cmp(const void *key, const void *elem)
{
	const struct literal_entry *k = key, *e = elem;
	int c = strcmp(k->pattern, e->pattern);

	return c != 0 ? c : (int)k->extended - (int)e->extended;
}

const struct literal_facts *
literal_known(const char *pattern, bool extended)
{
	struct literal_entry key;
	const struct literal_entry *e;

	key.pattern = pattern;
	key.extended = extended;
	if (literal_table_count == 0)
		return NULL;
	e = bsearch(&key, literal_table, literal_table_count,
	    sizeof(*literal_table), entry_cmp);
	return e != NULL ? &e->facts : NULL;
}

void
literal_facts_free(struct literal_facts *f)
{
	free(f->prefix);
	free(f->suffix);
	free(f->pieces);
	memset(f, 0, sizeof(*f));
}
