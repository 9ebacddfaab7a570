/*
 * The only module that writes results.  It applies the verdicts of a line
 * table: kept lines as they came in, less stripped text and trailing white
 * space; runs of blank lines as one; no blank line at either end of a
 * document.  Or, for --explain, the table itself.
 */
#ifndef WRITER_H
#define WRITER_H

#include <stdbool.h>

struct linetab;
struct writer;

enum writer_mode {
	WRITE_TEXT,
	WRITE_EXPLAIN,
};

/* With fd -1, the output is kept in memory for writer_memory. */
struct writer *writer_new(int fd, enum writer_mode);
void writer_free(struct writer *);

/*
 * Flush what is buffered to the old fd, then write to fd (-1: memory) as if
 * new.  Returns what the flush returned.
 */
int writer_set_fd(struct writer *, int fd);

/*
 * What was written to memory since the last call (valid until the next
 * write); the next call starts afresh.
 */
const char *writer_memory(struct writer *, size_t *len);

/*
 * The memory writer_memory pointed into becomes the caller's (*cap bytes
 * long), to free; the writer starts a new one.
 */
char *writer_take_memory(struct writer *, size_t *cap);

/* Write to memory in buf, of cap bytes, from its start: what the writer
 * had is freed. */
void writer_give_memory(struct writer *, char *buf, size_t cap);

/* Bytes as they are, outside any document. */
void writer_raw(struct writer *, const char *, size_t);

/* Write a table's lines; a document may come as several tables. */
void writer_lines(struct writer *, const struct linetab *);

/* End the current document, then write sep after it unless sep is -1. */
void writer_end_doc(struct writer *, int sep);

/* Write out what is buffered.  Returns -1 (errno set) once any write has
 * failed; later writes are then skipped. */
int writer_flush(struct writer *);
bool writer_failed(const struct writer *);

#endif
