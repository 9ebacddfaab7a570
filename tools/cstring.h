/* What the build-time generators share: bytes written inside a C string. */
#ifndef CSTRING_H
#define CSTRING_H

#include <stdio.h>

/*
 * Write s[0, n) to stdout as the inside of a C string literal: printable
 * ASCII as it is, everything else (and ", \ and ?, for no trigraphs) as an
 * octal escape, which unlike \x cannot run into the next character.
 * Returns how many characters were written.
 */
static size_t
put_c_bytes(const unsigned char *s, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '"' &&
		    s[i] != '\\' && s[i] != '?') {
			putchar(s[i]);
			w++;
		} else
			w += (size_t)printf("\\%03o", s[i]);
	return w;
}

#endif
