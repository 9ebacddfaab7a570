/*
 * Decoding: any charset iconv knows in, UTF-8 out, one document at a time.
 *
 * In "auto" mode each document is sniffed: a byte order mark names UTF-8,
 * UTF-16 or UTF-32; otherwise text that is (mostly) valid UTF-8 is taken as
 * UTF-8, and anything else is read in the charset uchardet guesses for it
 * when that is one of the non-Latin charsets it tells reliably, else in the
 * fallback charset.  A byte that is
 * not valid in the input charset is never dropped: the invalid policy
 * decodes it with the fallback charset (or, for UTF-16 and UTF-32, writes
 * U+FFFD and counts it), keeps it as it is, or fails with its offset.
 * A byte order mark at the start of a document is not written.
 */
#ifndef DECODE_H
#define DECODE_H

#include <stdbool.h>
#include <stddef.h>

struct decoder;

enum invalid_policy {
	INVALID_DECODE,	/* read it in the fallback charset */
	INVALID_KEEP,	/* pass it through unchanged */
	INVALID_FAIL,	/* stop: report where it is */
};

/*
 * charset is "auto" (or NULL) or any name iconv knows, and so is fallback
 * (NULL: guess, then windows-1252; a named fallback is not second-guessed).
 * With nul_separated, documents were split at NUL bytes before decoding,
 * so auto never guesses UTF-16 or UTF-32.  Returns NULL with a message in
 * err when iconv does not know a name.
 */
struct decoder *decoder_new(const char *charset, const char *fallback,
    enum invalid_policy, bool nul_separated, char *err, size_t errsz);
void decoder_free(struct decoder *);

/*
 * Whether the input charset leaves ASCII as it is, so that line ends and
 * NUL separators can be found before decoding (true for auto).
 */
bool decoder_ascii_compatible(const struct decoder *);

/*
 * Decode the next piece of the current document: whole lines of it, with
 * last set on the piece that ends it.  Returns 0 with UTF-8 text in *out
 * and *outlen: the piece itself when it needed no change, otherwise the
 * decoder's buffer, valid until the next call.  Unless last is set, the
 * text handed out ends at a line end; the rest waits for the next piece.
 * With INVALID_FAIL, returns -1 at the first invalid byte with its offset
 * from the start of the document in *bad; the document is then over.
 */
int decoder_feed(struct decoder *, const char *in, size_t len, bool last,
    const char **out, size_t *outlen, size_t *bad);

/*
 * With NUL-separated documents in auto mode: whether s[0, n), the start of
 * an input, is UTF-16 or UTF-32, which splitting at NUL bytes would cut to
 * pieces.  It is when it starts with a byte order mark for one of them,
 * when its first 4096 bytes are code units of UTF-32, or when they read
 * as UTF-16 with a NUL in at least one in eight of the bytes of one parity
 * and hardly any in the others.
 */
bool decoder_wide_stream(const struct decoder *, const char *s, size_t n);

/* The charset the current (or last) document is read in, for messages. */
const char *decoder_charset(const struct decoder *);

/* Bytes written as U+FFFD because no charset could read them, so far. */
size_t decoder_replaced(const struct decoder *);

/*
 * Length of the valid UTF-8 at the start of s[0, n): shortest forms, no
 * surrogates, nothing past U+10FFFF.
 */
size_t decode_utf8_prefix(const char *s, size_t n);

#endif
