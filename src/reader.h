/*
 * Block reader: large reads from a file descriptor, handed out as chunks of
 * whole lines and as documents.  No limit on line or record length: the
 * buffer grows to hold the longest line (or document, when asked to).
 */
#ifndef READER_H
#define READER_H

#include <stdbool.h>
#include <stddef.h>

struct reader;

/* The reader's buffer is this big unless a document needs more; so is a
 * batch of records at most, unless one record is longer. */
#define READER_BLOCK (256 * 1024)

struct chunk {
	const char *text;	/* whole lines, valid until the next call */
	size_t len;
	bool doc_end;		/* the chunk ends its document */
	bool cont;		/* it starts inside a document begun before */
	unsigned long long offset;	/* of text from the input's start */
};

/*
 * sep is the record separator ('\0' for NUL-separated documents) or -1 when
 * the whole input is one document.  A document of up to doc_max bytes is
 * returned as one chunk (SIZE_MAX: every document); a longer one comes in
 * pieces, each the whole lines in the first doc_max bytes of what is left
 * of it (or one longer line), the same pieces whatever was read before.
 * With doc_max 0, a document comes in pieces of whatever whole lines one
 * read brought, streamed.
 */
struct reader *reader_new(int sep, size_t doc_max);
void reader_free(struct reader *);

/* Start reading a new input; the buffer is kept. */
void reader_reset(struct reader *, int fd);

/*
 * Return 1 with the next chunk, 0 at the end of the input, -1 on a read
 * error (errno set).  A document that is empty still gives one chunk.
 */
int reader_next(struct reader *, struct chunk *);

/*
 * The same, but a chunk of as many whole records as the bytes read hold,
 * up to a batch's size (or one longer record), the separators between
 * them included: text[0, len) split at sep is a list of documents, of
 * which the first may have begun in the chunk before (cont) and the last
 * goes on in the next one unless doc_end (a chunk that goes on holds no
 * separator: it is one piece of one document).  Reads are done when and as
 * reader_next does them, so a document is handed out in the same pieces.
 */
int reader_next_batch(struct reader *, struct chunk *);

/*
 * The buffer the last chunk is in becomes the caller's (of *cap bytes),
 * to free when done with the chunk; the reader goes on in fresh (of
 * freshcap bytes; NULL, or too small for what it holds still: one of its
 * own).
 */
char *reader_detach(struct reader *, char *fresh, size_t freshcap,
    size_t *cap);

/*
 * Before the first chunk of an input: its first bytes in *p and *n, at
 * least want of them (up to 64 KB) unless it is shorter, and whatever else
 * the reads that gave them brought; no read waits for more.  They are
 * still handed out as chunks after.  Returns -1 on a read error (errno
 * set).
 */
int reader_peek(struct reader *, size_t want, const char **p, size_t *n);

#endif
