#include <dlfcn.h>
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <uchardet.h>

#include "bytes16.h"
#include "decode.h"
#include "util.h"

/*
 * uchardet is loaded the first time a document needs a guess: most input
 * is UTF-8, and linking it would load the C++ runtime it is written in on
 * every start, which costs a short run more than all its work.
 */
#ifndef UCHARDET_SONAME
#define UCHARDET_SONAME "libuchardet.so.0"
#endif

#define NO_ICONV ((iconv_t)-1)
/* How much of a document auto reads to spot UTF-16 without a BOM. */
#define SNIFF_BYTES 4096
/* Longest incomplete sequence iconv may leave at the end of a piece. */
#define PENDING_MAX 8
/* How much of a document the charset guesser reads. */
#define GUESS_BYTES (64 * 1024)
/* Converters kept for guessed charsets. */
#define NGUESSED 4

enum mode {
	MODE_UTF8,	/* valid sequences as they are, the policy for the rest */
	MODE_ICONV,	/* everything through iconv */
};

/* A converter to UTF-8 and what it reads. */
struct conv {
	iconv_t cd;
	const char *name;
	size_t unit;	/* bytes of a code unit: 1, 2 or 4 */
	bool ascii;	/* leaves ASCII as it is */
};

/* The charsets a byte order mark can name, opened when first seen. */
enum bom {
	BOM_UTF16LE,
	BOM_UTF16BE,
	BOM_UTF32LE,
	BOM_UTF32BE,
	NBOM,
};

static const char *const bom_names[NBOM] = {
	"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE",
};

/*
 * The guesses of uchardet that are taken.  All are for scripts other than
 * Latin, where a guess is reliable and reading the bytes as windows-1252
 * would turn every letter to nonsense; among the Latin charsets its guesses
 * are often wrong, and the fallback reads them well enough.
 */
static const char *const trusted_guesses[] = {
	"WINDOWS-1251", "KOI8-R", "KOI8-U", "ISO-8859-5", "IBM855", "IBM866",
	"MAC-CYRILLIC", "WINDOWS-1253", "ISO-8859-7", "WINDOWS-1255",
	"ISO-8859-8", "WINDOWS-1256", "ISO-8859-6", "TIS-620", "SHIFT_JIS",
	"EUC-JP", "GB18030", "EUC-KR", "UHC", "BIG5", "EUC-TW", "HZ-GB-2312",
};

struct decoder {
	char *charset_name;		/* copies of the names asked for */
	char *fallback_name;
	bool automatic;
	bool utf8;			/* the named charset is UTF-8 */
	enum invalid_policy invalid;
	bool nul_sep;
	struct conv fixed;		/* the named charset */
	struct conv fallback;
	bool guess;			/* no fallback was named: guess first */
	uchardet_t guesser;
	struct conv guessed[NGUESSED];	/* converters for its guesses */
	char *guessed_name[NGUESSED];
	size_t next_guessed;		/* the one to reuse next */
	struct conv bom[NBOM];
	/* the current document */
	bool in_doc;
	enum mode mode;
	const struct conv *conv;	/* MODE_ICONV */
	const char *name;
	size_t consumed;		/* bytes of it fed so far */
	char pend[PENDING_MAX];		/* an incomplete sequence */
	size_t npend;
	bool bom_checked;		/* a leading U+FEFF was looked for */
	char *work;			/* pend and the piece, together */
	size_t workcap;
	char *out;
	size_t outlen;
	size_t outcap;
	size_t tail;			/* decoded text after the last line end */
	size_t replaced;
};

/* uchardet's functions, found when first needed; NULL if it cannot be. */
struct guesser_api {
	uchardet_t (*new)(void);
	void (*delete)(uchardet_t);
	int (*handle_data)(uchardet_t, const char *, size_t);
	void (*data_end)(uchardet_t);
	void (*reset)(uchardet_t);
	const char *(*get_charset)(uchardet_t);
};

static struct guesser_api guesser;
static bool guesser_loaded;
static pthread_once_t guesser_once = PTHREAD_ONCE_INIT;

/* Once per process, whichever cleaner's thread needs it first. */
static void
guesser_load(void)
{
	struct guesser_api *api = &guesser;
	void *h;

	if ((h = dlopen(UCHARDET_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		fprintf(stderr, "newsclean: %s; charsets are not guessed, "
		    "text that is not UTF-8 is read as windows-1252\n",
		    dlerror());
		return;
	}
	/* POSIX: a function pointer is read through an object pointer */
	*(void **)&api->new = dlsym(h, "uchardet_new");
	*(void **)&api->delete = dlsym(h, "uchardet_delete");
	*(void **)&api->handle_data = dlsym(h, "uchardet_handle_data");
	*(void **)&api->data_end = dlsym(h, "uchardet_data_end");
	*(void **)&api->reset = dlsym(h, "uchardet_reset");
	*(void **)&api->get_charset = dlsym(h, "uchardet_get_charset");
	if (api->new == NULL || api->delete == NULL ||
	    api->handle_data == NULL || api->data_end == NULL ||
	    api->reset == NULL || api->get_charset == NULL) {
		fprintf(stderr, "newsclean: %s lacks a function it should "
		    "have; charsets are not guessed\n", UCHARDET_SONAME);
		return;
	}
	guesser_loaded = true;
}

/* uchardet's functions, or NULL when they cannot be had. */
static const struct guesser_api *
guesser_api(void)
{
	if (pthread_once(&guesser_once, guesser_load) != 0)
		return NULL;
	return guesser_loaded ? &guesser : NULL;
}

static bool
is_utf8_name(const char *s)
{
	return strcasecmp(s, "UTF-8") == 0 || strcasecmp(s, "UTF8") == 0;
}

/*
 * Open a converter from name and learn its shape by writing "\nA" and
 * "\nAB" in it: ASCII-compatible charsets give those bytes back.
 */
static int
conv_open(struct conv *c, const char *name)
{
	iconv_t to;
	char b1[32], b2[32];
	size_t n1, n2;

	c->name = name;
	if ((c->cd = iconv_open("UTF-8", name)) == NO_ICONV)
		return -1;
	if ((to = iconv_open(name, "UTF-8")) == NO_ICONV) {
		c->unit = 1;
		c->ascii = true;
		return 0;
	}
	{
		char s1[] = "\nA", s2[] = "\nAB";
		char *ip = s1, *op = b1;
		size_t il = 2, ol = sizeof(b1);

		iconv(to, &ip, &il, &op, &ol);
		n1 = (size_t)(op - b1);
		iconv(to, NULL, NULL, NULL, NULL);
		ip = s2;
		il = 3;
		op = b2;
		ol = sizeof(b2);
		iconv(to, &ip, &il, &op, &ol);
		n2 = (size_t)(op - b2);
	}
	iconv_close(to);
	c->ascii = n1 == 2 && memcmp(b1, "\nA", 2) == 0;
	c->unit = n2 > n1 && n2 - n1 <= 4 ? n2 - n1 : 1;
	return 0;
}

static void
conv_close(struct conv *c)
{
	if (c->cd != NO_ICONV && c->cd != NULL)
		iconv_close(c->cd);
}

struct decoder *
decoder_new(const char *charset, const char *fallback,
    enum invalid_policy invalid, bool nul_separated, char *err, size_t errsz)
{
	struct decoder *d = xcalloc(1, sizeof(*d));
	size_t i;

	d->invalid = invalid;
	d->nul_sep = nul_separated;
	d->fixed.cd = d->fallback.cd = NO_ICONV;
	for (i = 0; i < NBOM; i++)
		d->bom[i].cd = NO_ICONV;
	for (i = 0; i < NGUESSED; i++)
		d->guessed[i].cd = NO_ICONV;
	d->guess = fallback == NULL;
	d->automatic = charset == NULL || strcasecmp(charset, "auto") == 0;
	d->utf8 = d->automatic || is_utf8_name(charset);
	fallback = d->fallback_name =
	    xstrdup(fallback != NULL ? fallback : "windows-1252");
	charset = d->charset_name = xstrdup(d->utf8 ? "UTF-8" : charset);
	if (conv_open(&d->fallback, fallback) < 0) {
		snprintf(err, errsz, "unknown charset: %s", fallback);
		goto fail;
	}
	if (!d->fallback.ascii) {
		snprintf(err, errsz, "fallback charset must read ASCII as "
		    "ASCII: %s", fallback);
		goto fail;
	}
	if (!d->utf8 && conv_open(&d->fixed, charset) < 0) {
		snprintf(err, errsz, "unknown charset: %s", charset);
		goto fail;
	}
	d->fixed.name = charset;
	d->name = d->fixed.name;
	return d;
fail:
	decoder_free(d);
	return NULL;
}

void
decoder_free(struct decoder *d)
{
	size_t i;

	if (d == NULL)
		return;
	conv_close(&d->fixed);
	conv_close(&d->fallback);
	for (i = 0; i < NBOM; i++)
		conv_close(&d->bom[i]);
	for (i = 0; i < NGUESSED; i++) {
		conv_close(&d->guessed[i]);
		free(d->guessed_name[i]);
	}
	if (d->guesser != NULL)
		guesser_api()->delete(d->guesser);
	free(d->work);
	free(d->out);
	free(d->charset_name);
	free(d->fallback_name);
	free(d);
}

bool
decoder_ascii_compatible(const struct decoder *d)
{
	return d->utf8 || d->fixed.ascii;
}

const char *
decoder_charset(const struct decoder *d)
{
	return d->name;
}

size_t
decoder_replaced(const struct decoder *d)
{
	return d->replaced;
}

/*
 * Length of the valid UTF-8 sequence at s, 0 if there is none: shortest
 * form, no surrogates, nothing above U+10FFFF (what PCRE2 accepts).
 */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return 0;
	if (c < 0xE0)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
		return 0;
	if (c < 0xF0) {
		if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0))
			return 0;
		return 3;
	}
	if (n < 4 || (s[3] & 0xC0) != 0x80 || (c == 0xF0 && s[1] < 0x90) ||
	    (c == 0xF4 && s[1] >= 0x90))
		return 0;
	return 4;
}

/* Length of the valid UTF-8 at the start of s[0, n). */
static size_t
utf8_prefix(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		/* ASCII, sixteen bytes at a time, up to the first other byte */
		if (n - i >= 16) {
			unsigned high = bytes16_places((bytes16)(bytes16_load(
			    u + i) > 0x7f));

			if (high == 0) {
				i += 16;
				continue;
			}
			i += (size_t)__builtin_ctz(high);
		}
		if ((k = utf8_seq(u + i, n - i)) == 0)
			return i;
		i += k;
	}
	return n;
}

size_t
decode_utf8_prefix(const char *s, size_t n)
{
	return utf8_prefix(s, n);
}

static void
reserve(struct decoder *d, size_t more)
{
	grow(&d->out, &d->outcap, d->outlen + more, 1);
}

static void
append(struct decoder *d, const char *s, size_t n)
{
	if (n == 0)
		return;
	reserve(d, n);
	memcpy(d->out + d->outlen, s, n);
	d->outlen += n;
}

/*
 * Run s[0, n) through c, into out.  Stops at an invalid or incomplete
 * sequence: returns how much was read.
 */
static size_t
convert(struct decoder *d, const struct conv *c, const char *s, size_t n)
{
	char *ip = (char *)s;
	size_t il = n;

	while (il > 0) {
		char *op;
		size_t ol, r;

		reserve(d, 4 * il + 16);
		op = d->out + d->outlen;
		ol = d->outcap - d->outlen;
		r = iconv(c->cd, &ip, &il, &op, &ol);
		d->outlen = (size_t)(op - d->out);
		if (r != (size_t)-1 || errno != E2BIG)
			break;
	}
	return n - il;
}

/*
 * Read bytes no charset so far could in the fallback charset.  What it
 * cannot read either becomes U+0080 to U+009F for the bytes 0x80 to 0x9F
 * (as WHATWG's windows-1252 does with its five holes) and U+FFFD, counted,
 * for the rest.
 */
static void
decode_fallback(struct decoder *d, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c;

		iconv(d->fallback.cd, NULL, NULL, NULL, NULL);
		i += convert(d, &d->fallback, s + i, n - i);
		if (i == n)
			break;
		c = (unsigned char)s[i++];
		if (c >= 0x80 && c < 0xA0) {
			char b[2] = { (char)0xC2, (char)c };

			append(d, b, 2);
		} else {
			append(d, "\xEF\xBF\xBD", 3);
			d->replaced++;
		}
	}
	iconv(d->fallback.cd, NULL, NULL, NULL, NULL);
}

/*
 * The bytes s[0, n) are not valid in the document's charset; at is the
 * document offset of s.  Returns -1 when the policy is to fail.
 */
static int
invalid_bytes(struct decoder *d, const char *s, size_t n, bool ascii,
    size_t at, size_t *bad)
{
	switch (d->invalid) {
	case INVALID_FAIL:
		*bad = at;
		return -1;
	case INVALID_KEEP:
		append(d, s, n);
		return 0;
	case INVALID_DECODE:
		break;
	}
	if (ascii)
		decode_fallback(d, s, n);
	else {
		/* bytes of UTF-16 or UTF-32 mean nothing in the fallback */
		append(d, "\xEF\xBF\xBD", 3);
		d->replaced++;
	}
	return 0;
}

static int
decode_utf8(struct decoder *d, const char *s, size_t n, size_t base,
    size_t *bad)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t v = utf8_prefix(s + i, n - i), j;

		append(d, s + i, v);
		i += v;
		if (i == n)
			break;
		for (j = i; j < n && utf8_seq(u + j, n - j) == 0; j++)
			;
		if (invalid_bytes(d, s + i, j - i, true, base + i, bad) < 0)
			return -1;
		i = j;
	}
	return 0;
}

static int
decode_iconv(struct decoder *d, const char *s, size_t n, bool last,
    size_t base, size_t *bad)
{
	const struct conv *c = d->conv;
	size_t i = 0;

	while (i < n) {
		size_t k;

		i += convert(d, c, s + i, n - i);
		if (i == n)
			break;
		if (errno == EINVAL && !last && n - i <= PENDING_MAX) {
			/* the rest of the sequence is in the next piece */
			memcpy(d->pend, s + i, n - i);
			d->npend = n - i;
			return 0;
		}
		k = c->unit < n - i ? c->unit : n - i;
		if (invalid_bytes(d, s + i, k, c->ascii, base + i, bad) < 0)
			return -1;
		i += k;
	}
	if (last) {
		char *op;
		size_t ol;

		reserve(d, 64);
		op = d->out + d->outlen;
		ol = d->outcap - d->outlen;
		iconv(c->cd, NULL, NULL, &op, &ol);
		d->outlen = (size_t)(op - d->out);
		iconv(c->cd, NULL, NULL, NULL, NULL);
	}
	return 0;
}

static const struct conv *
bom_conv(struct decoder *d, enum bom b)
{
	if (d->bom[b].cd == NO_ICONV && conv_open(&d->bom[b], bom_names[b]) < 0)
		return NULL;
	return &d->bom[b];
}

/*
 * How well s reads as UTF-16 in one byte order: -1 when it cannot be
 * (a lone surrogate, a control character), else how many line ends and
 * spaces it has.
 */
static long
utf16_score(const unsigned char *s, size_t n, bool be)
{
	long score = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2) {
		unsigned u = be ? (unsigned)s[i] << 8 | s[i + 1] :
		    (unsigned)s[i + 1] << 8 | s[i];

		if (u >= 0xD800 && u < 0xDC00) {
			unsigned v;

			if (i + 3 >= n)
				break;	/* the pair may go on after the window */
			v = be ? (unsigned)s[i + 2] << 8 | s[i + 3] :
			    (unsigned)s[i + 3] << 8 | s[i + 2];
			if (v < 0xDC00 || v >= 0xE000)
				return -1;
			i += 2;
		} else if ((u >= 0xDC00 && u < 0xE000) || u == 0xFFFE ||
		    u == 0xFFFF || (u < 0x20 && u != '\t' && u != '\n' &&
		    u != '\r' && u != '\f'))
			return -1;
		else
			score += u == '\n' || u == ' ';
	}
	return score;
}

/*
 * UTF-16 without a byte order mark: text has no NUL bytes, UTF-16 has one
 * in every ASCII character, and reads cleanly in one byte order.
 */
static int
utf16_guess(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	long le, be;

	if (n > SNIFF_BYTES)
		n = SNIFF_BYTES;
	if (n < 4 || memchr(s, '\0', n) == NULL)
		return -1;
	le = utf16_score(u, n, false);
	be = utf16_score(u, n, true);
	if (le > be && le > 0)
		return BOM_UTF16LE;
	if (be > le && be > 0)
		return BOM_UTF16BE;
	return -1;
}

bool
decoder_wide_stream(const struct decoder *d, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t nul[2] = { 0, 0 }, top[2] = { 0, 0 }, i;
	int p;

	if (!d->automatic || !d->nul_sep)
		return false;
	if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
	    (u[0] == 0xFE && u[1] == 0xFF)))
		return true;	/* UTF-16, or UTF-32 little-endian */
	if (n >= 4 && memcmp(s, "\0\0\xFE\xFF", 4) == 0)
		return true;
	if (n > SNIFF_BYTES)
		n = SNIFF_BYTES;
	/* UTF-32: every code unit's top byte is 0, and the next at most 16 */
	for (i = 0; i + 3 < n; i += 4) {
		top[0] += u[i] == 0 && u[i + 1] <= 0x10;
		top[1] += u[i + 3] == 0 && u[i + 2] <= 0x10;
	}
	if (n >= 8 && (top[0] == n / 4 || top[1] == n / 4))
		return true;
	n &= ~(size_t)1;
	for (i = 0; i < n; i++)
		nul[i & 1] += u[i] == 0;
	/* p: where the high bytes of UTF-16's code units are, the NULs of
	 * its ASCII and Latin-1 characters */
	p = nul[1] > nul[0];
	return nul[p] >= 2 && nul[p] * 16 >= n && nul[!p] * 8 <= nul[p] &&
	    utf16_score(u, n, p == 0) >= 0;
}

/*
 * A converter for the charset uchardet reads s[0, n) as, when it is one of
 * the trusted guesses; NULL otherwise.
 */
static const struct conv *
guess(struct decoder *d, const char *s, size_t n)
{
	const struct guesser_api *api = guesser_api();
	const char *name;
	struct conv *c;
	size_t i;

	if (api == NULL ||
	    (d->guesser == NULL && (d->guesser = api->new()) == NULL))
		return NULL;
	api->reset(d->guesser);
	if (api->handle_data(d->guesser, s, n < GUESS_BYTES ? n :
	    GUESS_BYTES) != 0)
		return NULL;
	api->data_end(d->guesser);
	name = api->get_charset(d->guesser);
	for (i = 0; i < sizeof(trusted_guesses) / sizeof(trusted_guesses[0]);
	    i++)
		if (strcasecmp(name, trusted_guesses[i]) == 0)
			break;
	if (i == sizeof(trusted_guesses) / sizeof(trusted_guesses[0]))
		return NULL;
	for (i = 0; i < NGUESSED; i++)
		if (d->guessed_name[i] != NULL &&
		    strcmp(d->guessed_name[i], name) == 0)
			return &d->guessed[i];
	i = d->next_guessed;
	d->next_guessed = (i + 1) % NGUESSED;
	c = &d->guessed[i];
	conv_close(c);
	free(d->guessed_name[i]);
	d->guessed_name[i] = xstrdup(name);
	if (conv_open(c, d->guessed_name[i]) < 0 || !c->ascii) {
		conv_close(c);
		c->cd = NO_ICONV;
		free(d->guessed_name[i]);
		d->guessed_name[i] = NULL;
		return NULL;
	}
	return c;
}

/*
 * The start of a document in auto mode: choose how to read it.  Returns
 * the length of a byte order mark to skip; *utf8 says whether s[0, n) was
 * found UTF-8 throughout (not to be looked through again).
 */
static size_t
sniff(struct decoder *d, const char *s, size_t n, bool *utf8)
{
	const unsigned char *u = (const unsigned char *)s;
	int b = -1;
	size_t skip = 0, v, i, valid = 0, invalid = 0;

	*utf8 = false;
	d->mode = MODE_UTF8;
	d->name = "UTF-8";
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return 3;
	if (!d->nul_sep) {
		if (n >= 4 && memcmp(s, "\xFF\xFE\0\0", 4) == 0)
			b = BOM_UTF32LE, skip = 4;
		else if (n >= 4 && memcmp(s, "\0\0\xFE\xFF", 4) == 0)
			b = BOM_UTF32BE, skip = 4;
		else if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE)
			b = BOM_UTF16LE, skip = 2;
		else if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF)
			b = BOM_UTF16BE, skip = 2;
		else
			b = utf16_guess(s, n);
	}
	if (b >= 0 && (d->conv = bom_conv(d, (enum bom)b)) != NULL) {
		d->mode = MODE_ICONV;
		d->name = d->conv->name;
		return skip;
	}
	*utf8 = (v = utf8_prefix(s, n)) == n;
	if (*utf8 || d->invalid != INVALID_DECODE)
		return 0;
	/* some invalid bytes in UTF-8 are damage; mostly invalid is another
	 * charset */
	for (i = v; i < n;) {
		size_t k = utf8_seq(u + i, n - i);

		if (k == 0) {
			invalid++;
			i++;
		} else {
			valid += k > 1;
			i += k;
		}
	}
	for (i = 0; i < v; i++)
		valid += u[i] >= 0xC0;
	if (valid < invalid) {
		d->mode = MODE_ICONV;
		if (!d->guess || (d->conv = guess(d, s, n)) == NULL)
			d->conv = &d->fallback;
		d->name = d->conv->name;
	}
	return 0;
}

/* Where the text handed out may end: after the last line end, unless the
 * piece ends the document. */
static size_t
line_cut(const char *s, size_t n)
{
	size_t i = n;

	while (i > 0) {
		/* a CR at the very end may be half of a CRLF */
		if (s[i - 1] == '\n' || (s[i - 1] == '\r' && i < n))
			return i;
		i--;
	}
	return 0;
}

int
decoder_feed(struct decoder *d, const char *in, size_t len, bool last,
    const char **out, size_t *outlen, size_t *bad)
{
	const char *s = in;
	size_t n = len, base, skip = 0, cut;
	bool utf8 = false;
	int rc;

	if (!d->in_doc) {
		d->in_doc = true;
		d->consumed = 0;
		d->npend = 0;
		d->tail = 0;
		d->outlen = 0;
		d->bom_checked = false;
		if (d->automatic)
			skip = sniff(d, in, len, &utf8);
		else {
			d->mode = d->utf8 ? MODE_UTF8 : MODE_ICONV;
			d->conv = &d->fixed;
			d->name = d->fixed.name;
			if (d->utf8 && len >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0)
				skip = 3;
		}
		if (d->mode == MODE_UTF8)
			d->bom_checked = true;
		s += skip;
		n -= skip;
	}
	base = d->consumed + skip;
	d->consumed += len;
	if (last)
		d->in_doc = false;

	/* the common case: UTF-8 that needs nothing done */
	if (d->mode == MODE_UTF8 && d->tail == 0 && (utf8 ||
	    utf8_prefix(s, n) == n)) {
		d->outlen = 0;
		*out = s;
		*outlen = n;
		return 0;
	}

	/* what was left of the last piece comes first */
	reserve(d, 1);
	if (d->tail > 0)
		memmove(d->out, d->out + d->outlen - d->tail, d->tail);
	d->outlen = d->tail;
	if (d->npend > 0) {
		grow(&d->work, &d->workcap, d->npend + n, 1);
		memcpy(d->work, d->pend, d->npend);
		memcpy(d->work + d->npend, s, n);
		s = d->work;
		n += d->npend;
		base -= d->npend;
		d->npend = 0;
	}
	if (d->mode == MODE_UTF8)
		rc = decode_utf8(d, s, n, base, bad);
	else
		rc = decode_iconv(d, s, n, last, base, bad);
	if (rc < 0) {
		d->in_doc = false;
		if (d->conv != NULL && d->mode == MODE_ICONV)
			iconv(d->conv->cd, NULL, NULL, NULL, NULL);
		return -1;
	}

	*out = d->out;
	if (!d->bom_checked && d->outlen > 0) {
		/* iconv writes a byte order mark as U+FEFF */
		if (d->outlen >= 3 && memcmp(d->out, "\xEF\xBB\xBF", 3) == 0)
			*out += 3;
		d->bom_checked = true;
	}
	n = d->outlen - (size_t)(*out - d->out);
	cut = last ? n : line_cut(*out, n);
	*outlen = cut;
	d->tail = n - cut;
	return 0;
}
