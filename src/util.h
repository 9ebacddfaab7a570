/*
 * Small helpers shared by every module: allocation that cannot return NULL
 * and the program name used in messages.
 */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>

void *xmalloc(size_t);
void *xcalloc(size_t, size_t);
void *xrealloc(void *, size_t);
char *xstrdup(const char *);
char *xstrndup(const char *, size_t);

/*
 * Read the file at path whole into *text (free it), its size in *len; or -1
 * with "path: reason" in err.
 */
int read_file(const char *path, char **text, size_t *len, char *err,
    size_t errsz);

/* Grow *p (of *cap elements of size sz) so that it holds at least need. */
void grow_to(void *p, size_t *cap, size_t need, size_t sz);

/* The same, with the usual case (room enough) decided without a call:
 * grow is asked for every line, and in places for every word. */
static inline void
grow(void *p, size_t *cap, size_t need, size_t sz)
{
	if (need > *cap)
		grow_to(p, cap, need, sz);
}

/* Strict: digits only, 1 to max; 0 when s is not such a number. */
unsigned long parse_count(const char *s, unsigned long max);

#endif
