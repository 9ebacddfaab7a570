#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cleaner.h"
#include "decode.h"
#include "jsonl.h"
#include "linetab.h"
#include "rules.h"
#include "util.h"
#include "writer.h"

/* Bytes, grown as needed. */
struct bytes {
	char *buf;
	size_t len, cap;
};

struct jsonl {
	char *field;
	size_t fieldlen;
	bool stats;
	const struct ruleset *set;
	struct cleaner *cleaner;
	struct writer *mem;
	struct writer *out;
	struct decoder *decoder;
	struct stats before;	/* the cleaner's counts before the record */
	size_t *before_cat;
	struct bytes copy;	/* the record as jansson checks it */
	struct bytes key;	/* a member's name, unescaped */
	struct bytes text;	/* the field's value, unescaped */
};

struct jsonl *
jsonl_new(const struct jsonl_config *cf, const struct ruleset *set,
    struct cleaner *c, struct writer *mem, struct writer *out, char *err,
    size_t errsz)
{
	struct jsonl *j = xcalloc(1, sizeof(*j));

	j->decoder = decoder_new(cf->charset, cf->fallback, cf->invalid, true,
	    err, errsz);
	if (j->decoder == NULL) {
		free(j);
		return NULL;
	}
	j->field = xstrdup(cf->field);
	j->fieldlen = strlen(cf->field);
	j->stats = cf->stats;
	j->set = set;
	j->cleaner = c;
	j->mem = mem;
	j->out = out;
	j->before_cat = xcalloc(cleaner_stats(c)->ncat, sizeof(size_t));
	return j;
}

void
jsonl_free(struct jsonl *j)
{
	if (j == NULL)
		return;
	decoder_free(j->decoder);
	free(j->before_cat);
	free(j->field);
	free(j->copy.buf);
	free(j->key.buf);
	free(j->text.buf);
	free(j);
}

static void
snapshot(struct jsonl *j)
{
	const struct stats *st = cleaner_stats(j->cleaner);

	j->before = *st;
	memcpy(j->before_cat, st->by_category, st->ncat * sizeof(size_t));
}

static void
put(struct bytes *b, const char *s, size_t n)
{
	grow(&b->buf, &b->cap, b->len + n, 1);
	memcpy(b->buf + b->len, s, n);
	b->len += n;
}

static bool
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_blank_byte((unsigned char)s[i]))
			return false;
	return true;
}

static bool
is_json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t
skip_space(const char *s, size_t n, size_t i)
{
	while (i < n && is_json_space(s[i]))
		i++;
	return i;
}

/* Where the string that starts at s[i] ('"') ends, after its quote; n if
 * it does not. */
static size_t
string_end(const char *s, size_t n, size_t i)
{
	for (i++; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i + 1;
	}
	return n;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of the number at s[i, n) if its whole token is one (RFC 8259),
 * else 0. */
static size_t
number_at(const char *s, size_t n, size_t i)
{
	size_t k = i, end = i;

	while (end < n && (is_digit(s[end]) || s[end] == '-' ||
	    s[end] == '+' || s[end] == '.' || s[end] == 'e' || s[end] == 'E'))
		end++;
	if (k < end && s[k] == '-')
		k++;
	if (k < end && s[k] == '0')
		k++;
	else if (k < end && is_digit(s[k]))
		while (k < end && is_digit(s[k]))
			k++;
	else
		return 0;
	if (k < end && s[k] == '.') {
		if (++k == end || !is_digit(s[k]))
			return 0;
		while (k < end && is_digit(s[k]))
			k++;
	}
	if (k < end && (s[k] == 'e' || s[k] == 'E')) {
		k++;
		if (k < end && (s[k] == '+' || s[k] == '-'))
			k++;
		if (k == end || !is_digit(s[k]))
			return 0;
		while (k < end && is_digit(s[k]))
			k++;
	}
	return k == end ? end - i : 0;
}

/*
 * The record as jansson is given it, to check its shape: each number a 0
 * and spaces, so that one jansson cannot hold (an integer past 64 bits, a
 * real past a double) is no error, and each byte that is not UTF-8 (as
 * --invalid=keep leaves them) a '?'.  Offsets stay those of the record.
 */
static const char *
checked_copy(struct jsonl *j, const char *s, size_t n)
{
	char *c;
	size_t i, k;
	bool in_string = false;

	j->copy.len = 0;
	put(&j->copy, s, n);
	c = j->copy.buf;
	for (i = 0; i < n; i++) {
		if (in_string) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == '"')
				in_string = false;
		} else if (s[i] == '"')
			in_string = true;
		else if ((is_digit(s[i]) || s[i] == '-') &&
		    (k = number_at(s, n, i)) > 0) {
			memset(c + i, ' ', k);
			c[i] = '0';
			i += k - 1;
		}
	}
	for (i = decode_utf8_prefix(s, n); i < n;
	    i += decode_utf8_prefix(s + i, n - i)) {
		c[i] = '?';
		i++;
	}
	return c;
}

/* Where the (valid) value at s[i] ends. */
static size_t
value_end(const char *s, size_t n, size_t i)
{
	size_t depth = 0;

	do {
		if (s[i] == '"') {
			i = string_end(s, n, i);
			continue;
		}
		if (s[i] == '{' || s[i] == '[')
			depth++;
		else if (s[i] == '}' || s[i] == ']')
			depth--;
		else if (depth == 0) {
			/* a number or a literal */
			while (i < n && !is_json_space(s[i]) && s[i] != ',' &&
			    s[i] != '}' && s[i] != ']')
				i++;
			return i;
		}
		i++;
	} while (i < n && depth > 0);
	return i;
}

static unsigned
hex4(const char *s)
{
	unsigned v = 0;
	int k;

	for (k = 0; k < 4; k++) {
		char c = s[k];

		v = v << 4 | (unsigned)(is_digit(c) ? c - '0' :
		    (c | 0x20) - 'a' + 10);
	}
	return v;
}

/* The text of the (valid) string s[a, b), quotes included, into out. */
static void
unescape(const char *s, size_t a, size_t b, struct bytes *out)
{
	size_t i, run;

	out->len = 0;
	for (i = a + 1; i < b - 1; i += run) {
		unsigned cp;
		char u[4];
		size_t k;

		for (run = 0; i + run < b - 1 && s[i + run] != '\\'; run++)
			;
		if (run > 0) {
			put(out, s + i, run);
			continue;
		}
		run = 2;
		switch (s[i + 1]) {
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			cp = hex4(s + i + 2);
			run = 6;
			/* jansson has checked that a high surrogate has its
			 * low one after it */
			if (cp >= 0xD800 && cp < 0xDC00) {
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				    (hex4(s + i + 8) - 0xDC00);
				run = 12;
			}
			break;
		default: cp = (unsigned char)s[i + 1]; break;
		}
		if (cp < 0x80)
			u[0] = (char)cp, k = 1;
		else if (cp < 0x800) {
			u[0] = (char)(0xC0 | cp >> 6);
			u[1] = (char)(0x80 | (cp & 0x3F));
			k = 2;
		} else if (cp < 0x10000) {
			u[0] = (char)(0xE0 | cp >> 12);
			u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
			u[2] = (char)(0x80 | (cp & 0x3F));
			k = 3;
		} else {
			u[0] = (char)(0xF0 | cp >> 18);
			u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
			u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
			u[3] = (char)(0x80 | (cp & 0x3F));
			k = 4;
		}
		put(out, u, k);
	}
}

/*
 * s[0, n) as a JSON string, escaped as jansson escapes: quote, backslash
 * and control characters; the rest as it is, bytes that are not UTF-8
 * (--invalid=keep) too.
 */
static void
write_string(struct writer *w, const char *s, size_t n)
{
	size_t i, run;

	writer_raw(w, "\"", 1);
	for (i = 0; i < n; i += run) {
		unsigned char c;
		char esc[8];

		for (run = 0; i + run < n && (unsigned char)s[i + run] >= 0x20 &&
		    s[i + run] != '"' && s[i + run] != '\\'; run++)
			;
		if (run > 0) {
			writer_raw(w, s + i, run);
			continue;
		}
		run = 1;
		switch ((c = (unsigned char)s[i])) {
		case '"': writer_raw(w, "\\\"", 2); break;
		case '\\': writer_raw(w, "\\\\", 2); break;
		case '\b': writer_raw(w, "\\b", 2); break;
		case '\f': writer_raw(w, "\\f", 2); break;
		case '\n': writer_raw(w, "\\n", 2); break;
		case '\r': writer_raw(w, "\\r", 2); break;
		case '\t': writer_raw(w, "\\t", 2); break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04X", c);
			writer_raw(w, esc, 6);
			break;
		}
	}
	writer_raw(w, "\"", 1);
}

/* {"kept":N,"dropped":N,"dropped_by":{"share":N,...}} */
static void
write_stats(struct jsonl *j)
{
	const struct stats *st = cleaner_stats(j->cleaner);
	char num[64];
	size_t i;
	bool first = true;

	snprintf(num, sizeof(num), "{\"kept\":%zu,\"dropped\":%zu,",
	    st->kept - j->before.kept, st->dropped - j->before.dropped);
	writer_raw(j->out, num, strlen(num));
	writer_raw(j->out, "\"dropped_by\":{", 14);
	for (i = 0; i < st->ncat; i++) {
		const char *name = stats_category_name(j->set, st, i);
		size_t n = st->by_category[i] - j->before_cat[i];

		if (n == 0)
			continue;
		if (!first)
			writer_raw(j->out, ",", 1);
		first = false;
		write_string(j->out, name, strlen(name));
		snprintf(num, sizeof(num), ":%zu", n);
		writer_raw(j->out, num, strlen(num));
	}
	writer_raw(j->out, "}}", 2);
}

/*
 * The members of the (valid) top-level object s[0, n): the value of the
 * one named field (f) and of the one named "newsclean" (ns), and where the
 * last value ends; spans of 0, 0 for a name that is not there.
 */
struct members {
	size_t f[2], ns[2];
	size_t last;
};

static void
find_members(struct jsonl *j, const char *s, size_t n, struct members *m)
{
	size_t i = skip_space(s, n, 0) + 1;	/* past the '{' */

	memset(m, 0, sizeof(*m));
	m->last = i;
	while ((i = skip_space(s, n, i)) < n && s[i] == '"') {
		size_t ka = i, kb = string_end(s, n, i), va, vb;

		va = skip_space(s, n, skip_space(s, n, kb) + 1);
		vb = value_end(s, n, va);
		unescape(s, ka, kb, &j->key);
		if (j->key.len == j->fieldlen &&
		    memcmp(j->key.buf, j->field, j->fieldlen) == 0) {
			m->f[0] = va;
			m->f[1] = vb;
		}
		if (j->key.len == 9 && memcmp(j->key.buf, "newsclean", 9) == 0) {
			m->ns[0] = va;
			m->ns[1] = vb;
		}
		m->last = vb;
		i = skip_space(s, n, vb);
		if (i < n && s[i] == ',')
			i++;
	}
}

/* Write s[*at, to) and move *at there. */
static void
copy_to(struct jsonl *j, const char *s, size_t *at, size_t to)
{
	writer_raw(j->out, s + *at, to - *at);
	*at = to;
}

int
jsonl_record(struct jsonl *j, const char *line, size_t len, char *err,
    size_t errsz)
{
	json_error_t je;
	json_t *obj;
	struct members m;
	const char *s, *text;
	size_t n, bad, tlen, at = 0;
	bool is_object, field_first;

	if (blank(line, len))
		return 1;
	/* the record's bytes are read as any input is */
	if (decoder_feed(j->decoder, line, len, true, &s, &n, &bad) < 0) {
		snprintf(err, errsz, "offset %zu: not valid %s", bad,
		    decoder_charset(j->decoder));
		return -1;
	}
	obj = json_loadb(checked_copy(j, s, n), n,
	    JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES, &je);
	if (obj == NULL) {
		snprintf(err, errsz, "column %d: %s", je.column, je.text);
		return -1;
	}
	is_object = json_is_object(obj);
	json_decref(obj);
	if (!is_object) {
		snprintf(err, errsz, "not a JSON object");
		return -1;
	}
	find_members(j, s, n, &m);
	if (m.f[1] == 0 || s[m.f[0]] != '"') {
		snprintf(err, errsz, m.f[1] == 0 ? "no \"%s\" field" :
		    "the \"%s\" field is not a string", j->field);
		return -1;
	}
	unescape(s, m.f[0], m.f[1], &j->text);
	snapshot(j);
	cleaner_feed(j->cleaner, j->text.buf, j->text.len, true);
	text = writer_memory(j->mem, &tlen);

	/*
	 * The record's bytes as they came, but for the field's value, and
	 * with --jsonl-stats the value of "newsclean" (added after the last
	 * member when there is none; it wins over a field of that name).
	 */
	if (!j->stats || m.ns[1] == 0) {
		copy_to(j, s, &at, m.f[0]);
		write_string(j->out, text, tlen);
		at = m.f[1];
		if (j->stats) {
			copy_to(j, s, &at, m.last);
			writer_raw(j->out, ",\"newsclean\":", 13);
			write_stats(j);
		}
	} else {
		field_first = m.f[0] < m.ns[0];
		if (field_first) {
			copy_to(j, s, &at, m.f[0]);
			write_string(j->out, text, tlen);
			at = m.f[1];
		}
		copy_to(j, s, &at, m.ns[0]);
		write_stats(j);
		at = m.ns[1];
		if (!field_first && m.f[0] != m.ns[0]) {
			copy_to(j, s, &at, m.f[0]);
			write_string(j->out, text, tlen);
			at = m.f[1];
		}
	}
	copy_to(j, s, &at, n);
	writer_raw(j->out, "\n", 1);
	return 0;
}
