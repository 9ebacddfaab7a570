#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "linetab.h"
#include "rules.h"
#include "util.h"

void
linetab_init(struct linetab *t)
{
	memset(t, 0, sizeof(*t));
}

void
linetab_free(struct linetab *t)
{
	free(t->lines);
	free(t->spans);
	free(t->vbuf);
	memset(t, 0, sizeof(*t));
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
	l = &t->lines[t->n++];
	l->text = s;
	l->len = len;
	l->lead = a;
	l->view = s + a;
	l->vlen = b - a;
	l->normed = false;
	l->voff = 0;
	l->verdict = VERDICT_KEEP;
	l->reason = REASON_NONE;
	l->rule = NULL;
	l->score = -1;
	l->why = NULL;
	l->strip = 0;
	l->nstrip = 0;
}

void
linetab_split(struct linetab *t, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;

	t->n = 0;
	t->nspans = 0;
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
	if (l->nstrip == 0)
		l->strip = t->nspans;
	for (j = t->nspans; j > l->strip && t->spans[j - 1].off > off; j--)
		t->spans[j] = t->spans[j - 1];
	t->spans[j].off = off;
	t->spans[j].len = len;
	t->nspans++;
	l->nstrip++;
}

size_t
linetab_render(const struct linetab *t, size_t i, char *out)
{
	const struct line *l = &t->lines[i];
	const struct span *sp = t->spans + l->strip;
	size_t pos = 0, n = 0, k;

	for (k = 0; k < l->nstrip; k++) {
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
	const struct span *sp = t->spans + l->strip;
	size_t pos = 0, k = 0;

	while (pos < l->len) {
		if (k < l->nstrip && pos >= sp[k].off) {
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
