/*
 * Line labels from a page's gold text (see label.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "label.h"
#include "linetab.h"
#include "stoplist.h"
#include "util.h"

#define N 4			/* the scorer's shingles: word 4-grams */
#define SHARE 0.5		/* of a line's shingles the gold must hold */

struct tokens {
	uint64_t *h;
	size_t n, cap;
};

/* Word characters as Python's \w: letters, numbers and the underscore. */
static bool
is_w(utf8proc_int32_t c)
{
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return true;
	default:
		return c == '_';
	}
}

static void
tokenise(const char *s, size_t n, struct tokens *t)
{
	size_t i = 0, start = 0;
	bool in = false;

	while (i <= n) {
		utf8proc_int32_t c = -1;
		utf8proc_ssize_t k = 1;
		bool w;

		if (i < n) {
			k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
			    (utf8proc_ssize_t)(n - i), &c);
			if (k <= 0) {
				k = 1;
				c = 0xfffd;
			}
		}
		w = c >= 0 && is_w(c);
		if (w && !in) {
			start = i;
			in = true;
		} else if (!w && in) {
			grow(&t->h, &t->cap, t->n + 1, sizeof(*t->h));
			t->h[t->n++] = stoplist_hash_bytes(s + start, i - start);
			in = false;
		}
		i += (size_t)k;
	}
}

static uint64_t
shingle(const uint64_t *h, size_t n)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL ^ n;
	size_t i;

	for (i = 0; i < n; i++)
		x = stoplist_mix(x, h[i]);
	return x ^ x >> 31;
}

/* A multiset of shingles, by open addressing.  A slot stays taken when its
 * count falls to 0, so that the probes of the keys after it still reach
 * them. */
struct bag {
	uint64_t *key;
	uint32_t *count;
	bool *taken;
	size_t mask;
};

static void
bag_init(struct bag *b, size_t n)
{
	size_t size = 16;

	while (size < 2 * n)
		size *= 2;
	b->key = xcalloc(size, sizeof(*b->key));
	b->count = xcalloc(size, sizeof(*b->count));
	b->taken = xcalloc(size, sizeof(*b->taken));
	b->mask = size - 1;
}

/* The count of k, taking a slot for it when add is set; NULL if absent. */
static uint32_t *
bag_find(struct bag *b, uint64_t k, bool add)
{
	size_t i = k & b->mask;

	while (b->taken[i] && b->key[i] != k)
		i = (i + 1) & b->mask;
	if (!b->taken[i]) {
		if (!add)
			return NULL;
		b->taken[i] = true;
		b->key[i] = k;
	}
	return &b->count[i];
}

static void
bag_add(struct bag *b, uint64_t k)
{
	(*bag_find(b, k, true))++;
}

static bool
bag_has(struct bag *b, uint64_t k)
{
	uint32_t *c = bag_find(b, k, false);

	return c != NULL && *c > 0;
}

/* Take one k out of the bag, if there is one. */
static bool
bag_take(struct bag *b, uint64_t k)
{
	uint32_t *c = bag_find(b, k, false);

	if (c == NULL || *c == 0)
		return false;
	(*c)--;
	return true;
}

static void
bag_free(struct bag *b)
{
	free(b->key);
	free(b->count);
	free(b->taken);
}

struct lineinfo {
	size_t first, n;	/* its tokens in the page's token list */
	double share;		/* of its shingles in the gold, unclaimed */
	size_t line;
};

static int
by_share(const void *a, const void *b)
{
	const struct lineinfo *x = a, *y = b;

	if (x->share != y->share)
		return x->share < y->share ? 1 : -1;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Of the shingles that join tokens a[0, na) to b[0, nb), the share the gold
 * holds (-1 when there are none). */
static double
joined(struct bag *gold, const uint64_t *a, size_t na, const uint64_t *b,
    size_t nb)
{
	uint64_t buf[2 * (N - 1)];
	size_t k, i, m = 0, hit = 0, all = 0;

	if (na > N - 1) {
		a += na - (N - 1);
		na = N - 1;
	}
	if (nb > N - 1)
		nb = N - 1;
	for (k = 0; k < na; k++)
		buf[m++] = a[k];
	for (k = 0; k < nb; k++)
		buf[m++] = b[k];
	/* every N-gram that holds the last of a and the first of b */
	for (i = 0; i + N <= m; i++) {
		if (i >= na || i + N <= na)
			continue;
		all++;
		hit += bag_has(gold, shingle(buf + i, N));
	}
	if (all == 0)
		return -1;
	return (double)hit / (double)all;
}

size_t
label_lines(const struct linetab *t, const char *gold, size_t goldlen,
    bool *content)
{
	struct tokens g = { 0 }, p = { 0 };
	struct lineinfo *li = xcalloc(t->n + 1, sizeof(*li));
	struct bag bag;
	size_t i, k, nli = 0, yes = 0;

	tokenise(gold, goldlen, &g);
	bag_init(&bag, g.n + 1);
	if (g.n > 0 && g.n < N)
		bag_add(&bag, shingle(g.h, g.n));
	for (i = 0; i + N <= g.n; i++)
		bag_add(&bag, shingle(g.h + i, N));

	for (i = 0; i < t->n; i++) {
		struct lineinfo *x = &li[i];

		x->line = i;
		x->first = p.n;
		tokenise(t->lines[i].text, t->lines[i].len, &p);
		x->n = p.n - x->first;
		content[i] = false;
	}
	/* lines of N tokens or more: the best matches claim shingles first */
	struct lineinfo *order = xcalloc(t->n + 1, sizeof(*order));

	for (i = 0; i < t->n; i++) {
		struct lineinfo x = li[i];
		size_t hit = 0;

		if (x.n < N)
			continue;
		for (k = 0; k + N <= x.n; k++)
			hit += bag_has(&bag, shingle(p.h + x.first + k, N));
		x.share = (double)hit / (double)(x.n - N + 1);
		if (x.share > 0)
			order[nli++] = x;
	}
	qsort(order, nli, sizeof(*order), by_share);
	for (i = 0; i < nli; i++) {
		const struct lineinfo *x = &order[i];
		size_t claimed = 0;

		for (k = 0; k + N <= x->n; k++)
			claimed += bag_take(&bag, shingle(p.h + x->first + k, N));
		content[x->line] = (double)claimed >= SHARE *
		    (double)(x->n - N + 1);
	}
	free(order);
	bag_free(&bag);

	/*
	 * Short lines (a headline, a subheading, a list item) hold no shingle
	 * of their own: one is content when it sits next to content and the
	 * shingles that join the two are in the gold.  Forward, then back, so
	 * that a run of short lines after a paragraph is reached.
	 */
	bag_init(&bag, g.n + 1);
	for (i = 0; i + N <= g.n; i++)
		bag_add(&bag, shingle(g.h + i, N));
	for (int pass = 0; pass < 2; pass++) {
		size_t last = SIZE_MAX;

		for (size_t step = 0; step < t->n; step++) {
			size_t j = pass == 0 ? step : t->n - 1 - step;
			const struct lineinfo *x = &li[j];

			if (x->n == 0)
				continue;
			if (x->n < N && !content[j] && last != SIZE_MAX &&
			    content[last]) {
				const struct lineinfo *y = &li[last];
				double s = pass == 0 ?
				    joined(&bag, p.h + y->first, y->n,
				    p.h + x->first, x->n) :
				    joined(&bag, p.h + x->first, x->n,
				    p.h + y->first, y->n);

				content[j] = s >= SHARE;
			}
			last = j;
		}
	}
	bag_free(&bag);
	for (i = 0; i < t->n; i++)
		yes += content[i];
	free(li);
	free(g.h);
	free(p.h);
	return yes;
}
