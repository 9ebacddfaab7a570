#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "bytes16.h"
#include "default_rules.h"
#include "linetab.h"
#include "norm.h"
#include "norm_char.h"
#include "util.h"

/* Longest entity name in the table, "CounterClockwiseContourIntegral". */
#define ENTITY_NAME_MAX 32
/* A base character and its combining marks, normalised together. */
#define CLUSTER_MAX 32
/* Room for a cluster's decomposition (one code point can give 18). */
#define DECOMP_MAX 640

/*
 * HTML reads the numeric references &#128; to &#159; as windows-1252, the
 * way old pages meant them (&#146; is a right quote): WHATWG HTML,
 * "numeric character reference end state".  0 leaves the value as it is.
 */
static const int32_t c1_refs[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static void
put(struct normbuf *o, const char *b, size_t k, size_t from)
{
	size_t j;

	grow(&o->buf, &o->cap, o->len + k, 1);
	memcpy(o->buf + o->len, b, k);
	if (o->want_map) {
		grow(&o->map, &o->mapcap, o->len + k + 1, sizeof(*o->map));
		for (j = 0; j < k; j++)
			o->map[o->len + j] = from;
	}
	o->len += k;
}

static int
entity_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct html_entity *)elem)->name);
}

/*
 * The character reference at s[0] == '&': its length, with its code points
 * in cp (and how many in *ncp); 0 when there is none.  The closing ';' is
 * required: "AT&T" and "&copy" in running text are left alone.
 */
static size_t
char_ref(const char *s, size_t n, int32_t cp[2], int *ncp)
{
	size_t i = 1;

	if (n > 2 && s[1] == '#') {
		bool hex = s[2] == 'x' || s[2] == 'X';
		int32_t v = 0;
		size_t digits = 0;

		for (i = hex ? 3 : 2; i < n && digits < 8; i++, digits++) {
			unsigned char c = s[i];
			int d;

			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
				d = (c | 0x20) - 'a' + 10;
			else
				break;
			v = v * (hex ? 16 : 10) + d;
		}
		if (digits == 0 || digits == 8 || i >= n || s[i] != ';')
			return 0;
		if (v >= 0x80 && v < 0xA0 && c1_refs[v - 0x80] != 0)
			v = c1_refs[v - 0x80];
		else if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v < 0xE000))
			v = 0xFFFD;
		cp[0] = v;
		*ncp = 1;
		return i + 1;
	} else {
		char name[ENTITY_NAME_MAX + 1];
		const struct html_entity *e;

		while (i < n && i <= ENTITY_NAME_MAX &&
		    ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9')))
			i++;
		if (i == 1 || i >= n || s[i] != ';')
			return 0;
		memcpy(name, s + 1, i - 1);
		name[i - 1] = '\0';
		e = bsearch(name, html_entities, html_entities_count,
		    sizeof(*e), entity_cmp);
		if (e == NULL)
			return 0;
		cp[0] = e->cp[0];
		cp[1] = e->cp[1];
		*ncp = e->cp[1] != 0 ? 2 : 1;
		return i + 1;
	}
}

/* Canonical ordering: combining marks sorted by class, stably. */
static void
reorder(utf8proc_int32_t *d, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		utf8proc_int32_t c = d[i];
		int cc = utf8proc_get_property(c)->combining_class;

		if (cc == 0)
			continue;
		for (j = i; j > 0; j--) {
			int pc = utf8proc_get_property(d[j - 1])->combining_class;

			if (pc <= cc)
				break;
			d[j] = d[j - 1];
		}
		d[j] = c;
	}
}

/* Normalise the code points cp[0, n), which all come from offset from. */
static void
put_cps(struct normbuf *o, enum norm_form form, const int32_t *cp, size_t n,
    size_t from)
{
	utf8proc_int32_t d[DECOMP_MAX];
	utf8proc_option_t opt = UTF8PROC_DECOMPOSE |
	    (form == NORM_VIEW ? UTF8PROC_COMPAT : 0);
	size_t k = 0, i;
	int bc = 0;

	for (i = 0; i < n; i++) {
		utf8proc_ssize_t r = utf8proc_decompose_char(cp[i], d + k,
		    DECOMP_MAX - k, opt, &bc);

		if (r < 0 || (size_t)r > DECOMP_MAX - k)
			return;	/* not reached: DECOMP_MAX is ample */
		k += (size_t)r;
	}
	reorder(d, k);
	k = (size_t)utf8proc_normalize_utf32(d, (utf8proc_ssize_t)k,
	    UTF8PROC_COMPOSE);
	for (i = 0; i < k; i++) {
		const utf8proc_property_t *p = utf8proc_get_property(d[i]);
		utf8proc_uint8_t b[4];

		if (p->category == UTF8PROC_CATEGORY_ZS)
			put(o, " ", 1, from);
		else if (!invisible(form, d[i], p))
			put(o, (char *)b, (size_t)utf8proc_encode_char(d[i], b),
			    from);
	}
}

/* The code point at s[0, n), and its length; 0 when it is not valid. */
static size_t
next_cp(const char *s, size_t n, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t r;

	r = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
	    &c);
	if (r <= 0)
		return 0;
	*cp = c;
	return (size_t)r;
}

/* The first '&' or byte past ASCII in u[j, n), or n; sixteen at a time. */
static inline size_t
special_at(const unsigned char *u, size_t j, size_t n)
{
	for (; j < n; j += 16) {
		/* NULs past the end: neither */
		bytes16 v = bytes16_load_until(u + j, u + n);
		unsigned stop = bytes16_places((bytes16)(v >= 0x80) |
		    (bytes16)(v == '&'));

		if (stop != 0)
			return j + (size_t)__builtin_ctz(stop);
	}
	return n;
}

/*
 * Where the plain ASCII from s[i] ends: at the first '&' or byte past
 * ASCII, or one before a byte past ASCII (a combining mark may follow
 * the byte).
 */
static size_t
ascii_end(const char *s, size_t i, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t j = special_at(u, i, n);

	if (j == n)
		return n;
	return u[j] >= 0x80 && j > i ? j - 1 : j;
}

/*
 * The length of the character at u[0, n) past ASCII when norm_plain has it
 * (valid UTF-8 of two or three bytes, as utf8proc reads it); 0 otherwise.
 */
static size_t
plain_char(const unsigned char *u, size_t n)
{
	uint32_t c;
	size_t r;

	if (u[0] < 0xC2 || u[0] >= 0xF0)
		return 0;
	if (u[0] < 0xE0) {
		if (n < 2 || (u[1] & 0xC0) != 0x80)
			return 0;
		c = (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
		r = 2;
	} else {
		if (n < 3 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
			return 0;
		c = (uint32_t)(u[0] & 0x0F) << 12 |
		    (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
		if (c < 0x800)
			return 0;	/* overlong; surrogates are not in the table */
		r = 3;
	}
	return norm_plain[c / 64] >> (c % 64) & 1 ? r : 0;
}

/*
 * Whether the '&' at u[j] may start a character reference: char_ref reads
 * none unless a '#' or a letter or digit follows.  "AT&T" is looked at,
 * the many "Business & Finance" of menus need not be.
 */
static bool
ref_may_start(const unsigned char *u, size_t j, size_t n)
{
	unsigned char c = j + 1 < n ? u[j + 1] : 0;

	return c == '#' || (c >= '0' && c <= '9') ||
	    ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/*
 * plain_end from s[j], a '&' or a byte past ASCII, with the text from s[i]
 * read the same: apart, as most lines hold no such byte.
 */
static __attribute__((noinline)) size_t
plain_past(const char *s, size_t i, size_t j, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t wide = j, r;
	int32_t cp;

	for (;;) {
		if (u[j] == '&') {
			if (ref_may_start(u, j, n))
				return j;
			j++;
		} else {
			/* words of a script past ASCII: no load of sixteen
			 * each */
			while ((r = plain_char(u + j, n - j)) > 0) {
				wide = j;
				j += r;
				if (j == n || u[j] < 0x80)
					break;
			}
			if (r == 0)
				break;
		}
		if ((j = special_at(u, j, n)) == n)
			return n;
	}
	if (j > i && (r = next_cp(s + j, n - j, &cp)) > 0 &&
	    utf8proc_get_property(cp)->combining_class != 0)
		return u[j - 1] < 0x80 ? j - 1 : wide;
	return j;
}

/*
 * Where the text from s[i] that normalising leaves as it is ends: ASCII
 * but a '&' that may start a character reference, and characters of
 * norm_plain, up to the first other one, and not the one before a
 * combining mark, which the mark may compose with.  That is where the
 * clusters norm_append would read all come out the same.
 */
static inline size_t
plain_end(const char *s, size_t i, size_t n)
{
	size_t j = special_at((const unsigned char *)s, i, n);

	return j == n ? n : plain_past(s, i, j, n);
}

/* Copy s[i, j), which normalising leaves as it is. */
static void
put_same(struct normbuf *o, const char *s, size_t i, size_t j)
{
	size_t k, from = i;

	grow(&o->buf, &o->cap, o->len + (j - i), 1);
	memcpy(o->buf + o->len, s + i, j - i);
	if (o->want_map) {
		grow(&o->map, &o->mapcap, o->len + (j - i) + 1,
		    sizeof(*o->map));
		/* each byte of a character comes from where it starts */
		for (k = i; k < j; k++) {
			if (((unsigned char)s[k] & 0xC0) != 0x80)
				from = k;
			o->map[o->len + k - i] = from;
		}
	}
	o->len += j - i;
}

/* With quick, runs of characters norm_plain has are copied at once. */
static inline void
append(enum norm_form form, const char *s, size_t n, struct normbuf *o,
    bool quick)
{
	/* the character a cluster's end was found at, read once: the next
	 * cluster starts with it */
	size_t i = 0, ahead = SIZE_MAX, ahead_r = 0;
	int32_t ahead_cp = 0;
	const utf8proc_property_t *ahead_p = NULL;

	while (i < n) {
		int32_t cl[CLUSTER_MAX], cp;
		const utf8proc_property_t *p;
		size_t j, r, ncl;
		bool same;

		/* what reads the same, unless a combining mark follows it */
		j = quick ? plain_end(s, i, n) : ascii_end(s, i, n);
		if (j > i) {
			put_same(o, s, i, j);
			i = j;
			continue;
		}
		if (s[i] == '&') {
			int32_t ref[2];
			int nref;

			if ((r = char_ref(s + i, n - i, ref, &nref)) > 0) {
				put_cps(o, form, ref, (size_t)nref, i);
				i += r;
			} else {
				put(o, s + i, 1, i);
				i++;
			}
			continue;
		}
		if (i == ahead) {
			cp = ahead_cp;
			r = ahead_r;
			p = ahead_p;
		} else if ((r = next_cp(s + i, n - i, &cp)) == 0) {
			put(o, s + i, 1, i);	/* not UTF-8: left as it is */
			i++;
			continue;
		} else
			p = utf8proc_get_property(cp);
		/* the character and the combining marks after it */
		cl[0] = cp;
		ncl = 1;
		same = !changes(form, cp, p);
		for (j = i + r; j < n && ncl < CLUSTER_MAX; j += r) {
			if ((r = next_cp(s + j, n - j, &cp)) == 0)
				break;
			if ((p = utf8proc_get_property(cp))->combining_class ==
			    0) {
				ahead = j;
				ahead_cp = cp;
				ahead_r = r;
				ahead_p = p;
				break;
			}
			cl[ncl++] = cp;
			same = false;
		}
		if (same)
			put(o, s + i, j - i, i);
		else
			put_cps(o, form, cl, ncl, i);
		i = j;
	}
	if (o->want_map) {
		grow(&o->map, &o->mapcap, o->len + 1, sizeof(*o->map));
		o->map[o->len] = n;
	}
}

void
norm_append(enum norm_form form, const char *s, size_t n, struct normbuf *o)
{
	append(form, s, n, o, true);
}

void
norm_append_full(enum norm_form form, const char *s, size_t n,
    struct normbuf *o)
{
	append(form, s, n, o, false);
}

/* The view's bounds in normalised text: without blanks at either end. */
static void
trim(const char *s, size_t n, size_t *a, size_t *b)
{
	*a = 0;
	*b = n;
	while (*a < *b && is_blank_byte((unsigned char)s[*a]))
		(*a)++;
	while (*b > *a && is_blank_byte((unsigned char)s[*b - 1]))
		(*b)--;
}

/*
 * A line whose view normalising changes gets a copy; one that reads the
 * same (most text past ASCII is NFKC already) keeps pointing at its text.
 */
void
norm_view(struct linetab *t)
{
	struct normbuf o = { t->scratch, 0, t->scratchcap, NULL, 0, false };
	size_t i;

	/* a line may normalise to nothing: the buffer is there all the same */
	grow(&o.buf, &o.cap, 1, 1);
	for (i = 0; i < t->n; i++) {
		struct line *l = &t->lines[i];
		size_t a, b;

		/* views are trimmed already: the same, they stay */
		if (plain_end(l->view, 0, l->vlen) == l->vlen)
			continue;
		o.len = 0;
		norm_append(NORM_VIEW, l->view, l->vlen, &o);
		trim(o.buf, o.len, &a, &b);
		if (b - a == l->vlen && memcmp(o.buf + a, l->view, b - a) == 0)
			continue;
		if (b - a > LINE_VIEW_MAX)
			b = a + LINE_VIEW_MAX;
		l->normed = true;
		l->vlen = (uint32_t)(b - a);
		/* "" too: a view is never NULL */
		l->view = linetab_keep_view(t, o.buf + a, b - a);
	}
	t->scratch = o.buf;
	t->scratchcap = o.cap;
}

size_t
norm_text_offset(const struct linetab *t, size_t i, size_t off)
{
	const struct line *l = &t->lines[i];
	struct normbuf o = { NULL, 0, 0, NULL, 0, true };
	size_t end = l->len, lead = linetab_lead(t, i), a, b, at;

	if (!l->normed)
		return lead + off;
	while (end > lead && is_blank_byte((unsigned char)l->text[end - 1]))
		end--;
	norm_append(NORM_VIEW, l->text + lead, end - lead, &o);
	trim(o.buf, o.len, &a, &b);
	at = lead + o.map[a + off];
	free(o.buf);
	free(o.map);
	return at;
}
