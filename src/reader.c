#define _GNU_SOURCE	/* memrchr */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader.h"
#include "util.h"

/* A batch of records holds no more than this, or one longer record. */
#define READER_BATCH READER_BLOCK

struct reader {
	int fd;
	int sep;
	size_t doc_max;		/* a document longer comes in pieces */
	size_t lineless;	/* bytes from start known to end no line */
	char *buf;
	size_t cap;
	size_t start;		/* first byte not yet handed out */
	size_t end;		/* end of the bytes read */
	unsigned long long base;	/* input offset of buf[0] */
	bool eof;
	bool in_doc;		/* part of the current document was handed out */
};

struct reader *
reader_new(int sep, size_t doc_max)
{
	struct reader *r = xcalloc(1, sizeof(*r));

	r->sep = sep;
	r->doc_max = doc_max;
	r->cap = READER_BLOCK;
	r->buf = xmalloc(r->cap);
	r->fd = -1;
	return r;
}

void
reader_free(struct reader *r)
{
	if (r == NULL)
		return;
	free(r->buf);
	free(r);
}

void
reader_reset(struct reader *r, int fd)
{
	r->fd = fd;
	r->start = r->end = 0;
	r->lineless = 0;
	r->base = 0;
	r->eof = false;
	r->in_doc = false;
}

/*
 * Length of the whole lines at the start of p[0, n).  A CR at the very end
 * may be the first half of a CRLF, so it does not end a line yet.
 */
static size_t
whole_lines(const char *p, size_t n)
{
	size_t i = n;

	if (i > 0 && p[i - 1] == '\r')
		i--;
	while (i > 0) {
		char c = p[i - 1];

		if (c == '\n' || c == '\r')
			return i;
		i--;
	}
	return 0;
}

/*
 * Length of the first line of p[0, n), with its end, or 0 when its end is
 * not there yet.
 */
static size_t
first_line(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] == '\n')
			return i + 1;
		else if (p[i] == '\r')
			return i + 1 == n ? 0 : i + 1 + (p[i + 1] == '\n');
	return 0;
}

int
reader_peek(struct reader *r, size_t want, const char **p, size_t *n)
{
	if (want > 64 * 1024)
		want = 64 * 1024;
	while (!r->eof && r->end - r->start < want && r->end < r->cap) {
		ssize_t got = read(r->fd, r->buf + r->end, r->cap - r->end);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (got == 0)
			r->eof = true;
		r->end += (size_t)got;
	}
	*p = r->buf + r->start;
	*n = r->end - r->start;
	return 0;
}

static int
hand_out(struct reader *r, struct chunk *c, size_t len, size_t skip,
    bool doc_end)
{
	c->cont = r->in_doc;
	c->text = r->buf + r->start;
	c->len = len;
	c->doc_end = doc_end;
	c->offset = r->base + r->start;
	r->start += len + skip;
	r->lineless = 0;
	r->in_doc = !doc_end;
	return 1;
}

/*
 * Where the chunk handed out next ends, in p[0, avail): after one record
 * (at its separator), or with batch after as many whole records as there
 * are in the first batch bytes, or after the one record longer than that.
 */
static char *
record_end(const struct reader *r, char *p, size_t avail, size_t batch)
{
	char *q;

	if (batch == 0)
		return memchr(p, r->sep, avail);
	if ((q = memrchr(p, r->sep, avail < batch ? avail : batch)) != NULL ||
	    avail <= batch)
		return q;
	return memchr(p + batch, r->sep, avail - batch);
}

static int
next(struct reader *r, struct chunk *c, size_t batch)
{
	for (;;) {
		char *p = r->buf + r->start, *q = NULL;
		size_t avail = r->end - r->start;
		size_t rest = avail;	/* of the document, waiting */
		ssize_t got;

		if (r->sep >= 0 && avail > 0) {
			q = record_end(r, p, avail, batch);
			if (q != NULL && (r->doc_max == 0 ||
			    (size_t)(q - p) <= r->doc_max))
				return hand_out(r, c, q - p, 1, true);
			if (q != NULL)
				rest = (size_t)(q - p);
		}
		/*
		 * More than doc_max bytes of a document wait: a piece of the
		 * whole lines in the first doc_max of them (or the one line
		 * longer), cut by what the document holds, not by what the
		 * buffer happens to, so that a document comes in the same
		 * pieces on every run
		 */
		if (r->doc_max > 0 && rest > r->doc_max) {
			size_t n = r->lineless >= r->doc_max ? 0 :
			    whole_lines(p, r->doc_max);

			/* a line longer: its end is sought in new bytes only,
			 * as reads from a pipe come a few KB at a time */
			if (n == 0 && (n = first_line(p + r->lineless, rest -
			    r->lineless)) > 0)
				n += r->lineless;
			if (n > 0)
				return hand_out(r, c, n, 0, false);
			r->lineless = p[rest - 1] == '\r' ? rest - 1 : rest;
			if (q != NULL)	/* a line to the document's end */
				return hand_out(r, c, rest, 1, true);
		}
		if (r->eof) {
			if (avail > 0 || r->in_doc)
				return hand_out(r, c, avail, 0, true);
			return 0;
		}
		if (r->end == r->cap) {
			if (r->start > 0) {
				memmove(r->buf, p, avail);
				r->base += r->start;
				r->start = 0;
				r->end = avail;
			} else {
				/* streaming: whatever whole lines there are */
				size_t n = r->doc_max == 0 ?
				    whole_lines(p, avail) : 0;

				if (n > 0)
					return hand_out(r, c, n, 0, false);
				grow(&r->buf, &r->cap, r->cap + 1, 1);
			}
		}
		got = read(r->fd, r->buf + r->end, r->cap - r->end);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (got == 0)
			r->eof = true;
		r->end += (size_t)got;
	}
}

int
reader_next(struct reader *r, struct chunk *c)
{
	return next(r, c, 0);
}

int
reader_next_batch(struct reader *r, struct chunk *c)
{
	return next(r, c, READER_BATCH);
}

char *
reader_detach(struct reader *r, char *fresh, size_t freshcap, size_t *cap)
{
	char *old = r->buf;
	size_t avail = r->end - r->start;

	*cap = r->cap;
	if (fresh == NULL || freshcap < avail) {
		free(fresh);
		freshcap = avail > READER_BLOCK ? avail : READER_BLOCK;
		fresh = xmalloc(freshcap);
	}
	r->buf = fresh;
	r->cap = freshcap;
	memcpy(r->buf, old + r->start, avail);
	r->base += r->start;
	r->start = 0;
	r->end = avail;
	return old;
}
