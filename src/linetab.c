#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "linetab.h"
#include "rules.h"
#include "util.h"

/* Views are kept in blocks of this size, or of a longer view's size. */
#define VIEW_BLOCK (64 * 1024)

struct viewblock {
	struct viewblock *next;
	size_t cap;
	size_t used;
	char data[];
};

void
linetab_init(struct linetab *t)
{
	memset(t, 0, sizeof(*t));
}

static void
free_views(struct viewblock *b)
{
	while (b != NULL) {
		struct viewblock *next = b->next;

		free(b);
		b = next;
	}
}

void
linetab_free(struct linetab *t)
{
	free(t->lines);
	free(t->spans);
	free_views(t->views);
	free(t->scratch);
	memset(t, 0, sizeof(*t));
}

/*
 * A new document: the views go, but for one block of the usual size, so
 * that a long document before does not make every later one cost as much.
 */
static void
reset_views(struct linetab *t)
{
	struct viewblock *b = t->views, *keep = NULL;

	while (b != NULL) {
		struct viewblock *next = b->next;

		if (keep == NULL && b->cap == VIEW_BLOCK)
			keep = b;
		else
			free(b);
		b = next;
	}
	if (keep != NULL) {
		keep->next = NULL;
		keep->used = 0;
	}
	t->views = keep;
}

const char *
linetab_keep_view(struct linetab *t, const char *s, size_t n)
{
	struct viewblock *b = t->views;
	char *p;

	if (b == NULL || b->cap - b->used < n) {
		size_t cap = n > VIEW_BLOCK ? n : VIEW_BLOCK;

		b = xmalloc(sizeof(*b) + cap);
		b->cap = cap;
		b->used = 0;
		/* a block of its own for a long view: the block in use, with
		 * room left, stays first */
		if (cap > VIEW_BLOCK && t->views != NULL) {
			b->next = t->views->next;
			t->views->next = b;
		} else {
			b->next = t->views;
			t->views = b;
		}
	}
	p = b->data + b->used;
	if (n > 0)
		memcpy(p, s, n);
	b->used += n;
	return p;
}

static void
add_line(struct linetab *t, const char *s, size_t len)
{
	struct line *l;
	size_t a = 0, b = len;

	grow(&t->lines, &t->cap, t->n + 1, sizeof(*t->lines));
	while (a < b && is_blank_byte((unsigned char)s[a]))
		a++;
	while (b > a && is_blank_byte((unsigned char)s[b - 1]))
		b--;
	if (b - a > LINE_VIEW_MAX)
		b = a + LINE_VIEW_MAX;
	l = &t->lines[t->n++];
	l->text = s;
	l->len = len;
	l->view = s + a;
	l->vlen = (uint32_t)(b - a);
	l->rule = NULL;
	l->score = -1;
	l->why = NULL;
	l->verdict = VERDICT_KEEP;
	l->reason = REASON_NONE;
	l->normed = false;
	l->stripped = false;
}

void
linetab_split(struct linetab *t, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;

	t->n = 0;
	t->nspans = 0;
	reset_views(t);
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *stop = nl ? nl : end;
		const char *cr = memchr(p, '\r', stop - p);

		/* A CR is a line end of its own unless an LF follows it. */
		if (cr != NULL && cr + 1 != stop) {
			add_line(t, p, cr - p);
			p = cr + 1;
			continue;
		}
		if (cr != NULL && nl == NULL) {
			/* the chunk ends in a lone CR */
			add_line(t, p, cr - p);
			p = cr + 1;
			continue;
		}
		add_line(t, p, (cr ? cr : stop) - p);
		p = nl ? nl + 1 : end;
	}
}

size_t
linetab_lead(const struct linetab *t, size_t i)
{
	const struct line *l = &t->lines[i];
	size_t a = 0;

	if (!l->normed)
		return (size_t)(l->view - l->text);
	while (a < l->len && is_blank_byte((unsigned char)l->text[a]))
		a++;
	return a;
}

/*
 * A line's spans are the last ones added, so keeping them in order is an
 * insertion into a short run at the end of the array.
 */
void
linetab_add_span(struct linetab *t, size_t i, size_t off, size_t len)
{
	struct line *l = &t->lines[i];
	size_t j;

	grow(&t->spans, &t->spancap, t->nspans + 1, sizeof(*t->spans));
	for (j = t->nspans; j > 0 && t->spans[j - 1].line == i &&
	    t->spans[j - 1].off > off; j--)
		t->spans[j] = t->spans[j - 1];
	t->spans[j].line = i;
	t->spans[j].off = off;
	t->spans[j].len = len;
	t->nspans++;
	l->stripped = true;
}

const struct span *
linetab_spans(const struct linetab *t, size_t i, size_t *n)
{
	size_t lo = 0, hi = t->nspans, k;

	*n = 0;
	if (!t->lines[i].stripped)
		return t->spans;
	/* the first span of line i or after it */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->spans[mid].line < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = lo; k < t->nspans && t->spans[k].line == i; k++)
		;
	*n = k - lo;
	return t->spans + lo;
}

size_t
linetab_render(const struct linetab *t, size_t i, char *out)
{
	const struct line *l = &t->lines[i];
	size_t pos = 0, n = 0, k, nsp;
	const struct span *sp = linetab_spans(t, i, &nsp);

	for (k = 0; k < nsp; k++) {
		if (sp[k].off > pos) {
			memcpy(out + n, l->text + pos, sp[k].off - pos);
			n += sp[k].off - pos;
		}
		if (sp[k].off + sp[k].len > pos)
			pos = sp[k].off + sp[k].len;
	}
	if (l->len > pos) {
		memcpy(out + n, l->text + pos, l->len - pos);
		n += l->len - pos;
	}
	while (n > 0 && is_blank_byte((unsigned char)out[n - 1]))
		n--;
	return n;
}

bool
linetab_has_text(const struct linetab *t, size_t i)
{
	const struct line *l = &t->lines[i];
	size_t pos = 0, k = 0, nsp;
	const struct span *sp = linetab_spans(t, i, &nsp);

	while (pos < l->len) {
		if (k < nsp && pos >= sp[k].off) {
			if (sp[k].off + sp[k].len > pos)
				pos = sp[k].off + sp[k].len;
			k++;
			continue;
		}
		if (!is_blank_byte((unsigned char)l->text[pos]))
			return true;
		pos++;
	}
	return false;
}

void
line_reason(const struct line *l, char *buf, size_t size)
{
	if (l->rule != NULL)
		rule_name(l->rule, buf, size);
	else if (l->reason == REASON_DETECT && l->why != NULL)
		snprintf(buf, size, "content:%s", l->why);
	else if (l->reason == REASON_DETECT)
		snprintf(buf, size, "content:%.2f", l->score);
	else if (size > 0)
		buf[0] = '\0';
}
