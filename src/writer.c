#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linetab.h"
#include "rules.h"
#include "util.h"
#include "writer.h"

#define OUT_SIZE (128 * 1024)

struct writer {
	int fd;
	enum writer_mode mode;
	char *buf;
	size_t used;
	int error;		/* errno of the first failed write */
	bool started;		/* the document has text out already */
	bool blank;		/* a blank line is owed before the next text */
	char *scratch;		/* a line with stripped spans taken out */
	size_t scratchcap;
	char *mem;		/* fd -1: what was written, kept here */
	size_t memlen;
	size_t memcap;
};

struct writer *
writer_new(int fd, enum writer_mode mode)
{
	struct writer *w = xcalloc(1, sizeof(*w));

	w->fd = fd;
	w->mode = mode;
	w->buf = xmalloc(OUT_SIZE);
	return w;
}

void
writer_free(struct writer *w)
{
	if (w == NULL)
		return;
	free(w->buf);
	free(w->scratch);
	free(w->mem);
	free(w);
}

static void
write_all(struct writer *w, const char *p, size_t n)
{
	if (w->fd < 0 && n > 0) {
		grow(&w->mem, &w->memcap, w->memlen + n, 1);
		memcpy(w->mem + w->memlen, p, n);
		w->memlen += n;
		return;
	}
	while (n > 0 && w->error == 0) {
		ssize_t k = write(w->fd, p, n);

		if (k < 0) {
			if (errno != EINTR)
				w->error = errno;
			continue;
		}
		p += k;
		n -= (size_t)k;
	}
}

int
writer_flush(struct writer *w)
{
	write_all(w, w->buf, w->used);
	w->used = 0;
	if (w->error != 0) {
		errno = w->error;
		return -1;
	}
	return 0;
}

int
writer_set_fd(struct writer *w, int fd)
{
	int rc = writer_flush(w);

	w->fd = fd;
	w->error = 0;
	w->started = w->blank = false;
	return rc;
}

char *
writer_take_memory(struct writer *w, size_t *cap)
{
	char *m = w->mem;

	*cap = w->memcap;
	w->mem = NULL;
	w->memlen = w->memcap = 0;
	return m;
}

void
writer_give_memory(struct writer *w, char *buf, size_t cap)
{
	free(w->mem);
	w->mem = buf;
	w->memcap = cap;
	w->memlen = 0;
}

const char *
writer_memory(struct writer *w, size_t *len)
{
	writer_flush(w);
	*len = w->memlen;
	w->memlen = 0;
	return w->mem != NULL ? w->mem : "";
}

bool
writer_failed(const struct writer *w)
{
	return w->error != 0;
}

/*
 * Output to a file goes out in blocks of OUT_SIZE bytes, whatever pieces
 * it was put in: where a write fails depends on the bytes alone, however
 * they were cut up (jobs.h relies on it).  Output to memory goes there
 * directly.
 */
static void
put(struct writer *w, const char *p, size_t n)
{
	if (w->fd < 0) {
		write_all(w, p, n);
		return;
	}
	if (n < OUT_SIZE - w->used) {
		memcpy(w->buf + w->used, p, n);
		w->used += n;
		return;
	}
	while (n > 0) {
		size_t k;

		if (w->used == 0 && n >= OUT_SIZE) {
			k = n - n % OUT_SIZE;
			write_all(w, p, k);
		} else {
			k = OUT_SIZE - w->used < n ? OUT_SIZE - w->used : n;
			memcpy(w->buf + w->used, p, k);
			w->used += k;
			if (w->used == OUT_SIZE)
				writer_flush(w);
		}
		p += k;
		n -= k;
	}
}

static void
putc_(struct writer *w, char c)
{
	if (w->fd >= 0 && w->used + 1 < OUT_SIZE)
		w->buf[w->used++] = c;
	else if (w->fd < 0 && w->memlen < w->memcap)
		w->mem[w->memlen++] = c;
	else
		put(w, &c, 1);
}

/* A line's text as it is written: stripped spans out, no trailing space. */
static const char *
kept_text(struct writer *w, const struct linetab *t, size_t i, size_t *n)
{
	const struct line *l = &t->lines[i];
	size_t len = l->len;

	if (l->stripped) {
		grow(&w->scratch, &w->scratchcap, l->len + 1, 1);
		*n = linetab_render(t, i, w->scratch);
		return w->scratch;
	}
	while (len > 0 && is_blank_byte((unsigned char)l->text[len - 1]))
		len--;
	*n = len;
	return l->text;
}

static void
text_lines(struct writer *w, const struct linetab *t)
{
	size_t i, n;

	for (i = 0; i < t->n; i++) {
		const char *s;

		if (t->lines[i].verdict != VERDICT_KEEP)
			continue;
		s = kept_text(w, t, i, &n);
		if (n == 0) {
			w->blank = w->started;
			continue;
		}
		if (w->blank)
			putc_(w, '\n');
		put(w, s, n);
		putc_(w, '\n');
		w->started = true;
		w->blank = false;
	}
}

/* "- share:en.rules:12  Share on facebook": verdict, reason, the line. */
static void
explain_lines(struct writer *w, const struct linetab *t)
{
	char why[512];
	size_t i, n;

	for (i = 0; i < t->n; i++) {
		const struct line *l = &t->lines[i];
		const char *s = l->text;
		char mark = l->verdict == VERDICT_KEEP ? '+' : '-';
		int k;

		if (l->verdict == VERDICT_KEEP && l->stripped)
			mark = '~';
		why[0] = mark;
		why[1] = ' ';
		line_reason(l, why + 2, sizeof(why) - 2);
		if (why[2] == '\0')
			strcpy(why + 2, ".");
		k = (int)strlen(why);
		put(w, why, (size_t)k);
		n = l->len;
		while (n > 0 && is_blank_byte((unsigned char)s[n - 1]))
			n--;
		if (n > 0) {
			put(w, "  ", 2);
			put(w, s, n);
		}
		putc_(w, '\n');
	}
}

void
writer_lines(struct writer *w, const struct linetab *t)
{
	if (w->mode == WRITE_EXPLAIN)
		explain_lines(w, t);
	else
		text_lines(w, t);
}

void
writer_raw(struct writer *w, const char *p, size_t n)
{
	put(w, p, n);
}

void
writer_end_doc(struct writer *w, int sep)
{
	w->started = false;
	w->blank = false;
	if (sep >= 0)
		putc_(w, (char)sep);
}
