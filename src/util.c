#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/*
 * Running out of memory is not something a text filter can recover from in a
 * useful way; say so and stop with the error status.
 */
static void
oom(void)
{
	errx(2, "out of memory");
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
grow_to(void *pp, size_t *cap, size_t need, size_t sz)
{
	void **p = pp;
	size_t n = *cap ? *cap : 16;

	if (need <= *cap)
		return;
	while (n < need) {
		if (n > SIZE_MAX / 2 / sz)
			oom();
		n *= 2;
	}
	*p = xrealloc(*p, n * sz);
	*cap = n;
}

int
read_file(const char *path, char **text, size_t *len, char *err, size_t errsz)
{
	FILE *fp;
	size_t cap = 0, got;

	*text = NULL;
	*len = 0;
	if ((fp = fopen(path, "rb")) == NULL) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	do {
		grow(text, &cap, *len + 65536, 1);
		got = fread(*text + *len, 1, cap - *len, fp);
		*len += got;
	} while (got > 0);
	if (ferror(fp)) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		fclose(fp);
		free(*text);
		return -1;
	}
	fclose(fp);
	return 0;
}

unsigned long
parse_count(const char *s, unsigned long max)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		return 0;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return 0;
	return v;
}
