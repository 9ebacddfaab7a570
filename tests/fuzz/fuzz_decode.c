/*
 * Fuzz target: the decoder, on arbitrary bytes in pieces.  With the decode
 * policy, whatever comes in, what comes out must be valid UTF-8.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"

static const char *const charsets[] = {
	"auto", "UTF-8", "UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32",
	"windows-1252", "CP1251", "KOI8-R", "SHIFT_JIS", "EUC-JP", "GB18030",
	"BIG5", "ISO-2022-JP", "ISO-8859-7", "auto",
};

static bool
valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		size_t k, j;
		unsigned long cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c < 0xE0)
			k = 2, cp = c & 0x1F;
		else if (c >= 0xE0 && c < 0xF0)
			k = 3, cp = c & 0x0F;
		else if (c >= 0xF0 && c < 0xF5)
			k = 4, cp = c & 0x07;
		else
			return false;
		if (n - i < k)
			return false;
		for (j = 1; j < k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		if ((k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
			return false;
		i += k;
	}
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct decoder *d;
	const char *s = (const char *)data + 2, *out;
	size_t n, outlen, bad;
	enum invalid_policy p;
	char err[128];
	bool ascii;

	if (size < 2)
		return 0;
	n = size - 2;
	p = (enum invalid_policy)(data[1] % 3);
	d = decoder_new(charsets[data[0] & 15], data[0] & 16 ? "SHIFT_JIS" :
	    NULL, p, data[0] & 32, err, sizeof(err));
	if (d == NULL)
		abort();
	ascii = decoder_ascii_compatible(d);
	/* pieces end at line ends, as the reader gives them, or anywhere in
	 * charsets the reader cannot see line ends in */
	while (n > 0) {
		size_t k = (data[1] >> 2) + 1;
		bool last;

		if (k > n)
			k = n;
		if (ascii) {
			const char *nl = memchr(s + k - 1, '\n', n - (k - 1));

			k = nl != NULL ? (size_t)(nl - s) + 1 : n;
		}
		last = k == n;
		if (decoder_feed(d, s, k, last, &out, &outlen, &bad) < 0) {
			if (p != INVALID_FAIL || bad >= size)
				abort();
			break;
		}
		if (p == INVALID_DECODE &&
		    !valid_utf8((const unsigned char *)out, outlen))
			abort();
		s += k;
		n -= k;
	}
	decoder_free(d);
	return 0;
}
