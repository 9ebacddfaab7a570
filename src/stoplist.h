/*
 * The stoplists of rules/stopwords as one open-addressing hash table,
 * built at build time by tools/gen_stoplist (src/default_stoplist.c): a
 * word's languages are found in a probe or two, and a run does not spend
 * its start building the table.
 */
#ifndef STOPLIST_H
#define STOPLIST_H

#include <endian.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * The hash of the table, and of whole lines for the detector's repeats:
 * eight bytes at a time (read as little-endian, so that a table generated
 * on one machine is right on another), each mixed in with a multiply, then
 * a final mix so that every output bit depends on every input bit.
 */
static inline uint64_t
stoplist_mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
	return h ^ h >> 29;
}

static inline uint64_t
stoplist_hash_tail(const void *p, size_t n, int padded)
{
	const unsigned char *s = p;
	uint64_t h = 0x243f6a8885a308d3ULL ^ n, w;
	size_t i;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = stoplist_mix(h, le64toh(w));
	}
	if (n > 0) {
		if (padded) {
			memcpy(&w, s, 8);
			w = le64toh(w) & ((1ULL << 8 * n) - 1);
		} else
			for (w = 0, i = 0; i < n; i++)
				w |= (uint64_t)s[i] << 8 * i;
		h = stoplist_mix(h, w);
	}
	h = (h ^ h >> 32) * 0xd6e8feb86659fd93ULL;
	return h ^ h >> 32;
}

static inline uint64_t
stoplist_hash_bytes(const void *p, size_t n)
{
	return stoplist_hash_tail(p, n, 0);
}

/* The same, for p with 8 bytes (set, whatever they are) past n: the last
 * few are read at once. */
static inline uint64_t
stoplist_hash_padded(const void *p, size_t n)
{
	return stoplist_hash_tail(p, n, 1);
}

/* A word of stoplist_words[off, off + len); len 0: an empty slot. */
struct stoplist_slot {
	uint32_t off;
	uint32_t len;
	uint64_t langs;		/* bit i: a stopword of language i */
};

/*
 * Two bits per stopword, picked by hash bits the slots are not: a word
 * with either bit clear is no stopword, which is known without touching
 * the table (large, so most look-ups would miss the cache).
 */
#define STOPLIST_BLOOM_BITS (1u << 17)
#define STOPLIST_BLOOM_A(h) ((size_t)((h) >> 32) & (STOPLIST_BLOOM_BITS - 1))
#define STOPLIST_BLOOM_B(h) ((size_t)((h) >> 47) & (STOPLIST_BLOOM_BITS - 1))

static inline void
stoplist_bloom_add(uint64_t *bloom, uint64_t h)
{
	bloom[STOPLIST_BLOOM_A(h) / 64] |= 1ULL << STOPLIST_BLOOM_A(h) % 64;
	bloom[STOPLIST_BLOOM_B(h) / 64] |= 1ULL << STOPLIST_BLOOM_B(h) % 64;
}

static inline int
stoplist_maybe(const uint64_t *bloom, uint64_t h)
{
	return (bloom[STOPLIST_BLOOM_A(h) / 64] >> STOPLIST_BLOOM_A(h) % 64 &
	    bloom[STOPLIST_BLOOM_B(h) / 64] >> STOPLIST_BLOOM_B(h) % 64 & 1);
}

extern const uint64_t stoplist_bloom[];
extern const struct stoplist_slot stoplist_slots[];
extern const size_t stoplist_mask;	/* slots - 1, a power of two less 1 */
extern const char stoplist_words[];	/* with 8 bytes past the last word */
extern const size_t stoplist_languages;	/* stoplists, in file name order */

/*
 * Whether the stoplist word at t is w[0, len): both have 8 bytes past len,
 * so most words (up to eight bytes) are compared as one number.
 */
static inline int
stoplist_same(const char *t, const char *w, size_t len)
{
	uint64_t a, b;

	if (len > 8)
		return memcmp(t, w, len) == 0;
	memcpy(&a, t, 8);
	memcpy(&b, w, 8);
	return (le64toh(a ^ b) &
	    (len == 8 ? UINT64_MAX : (1ULL << 8 * len) - 1)) == 0;
}

/* The same, for a word whose stoplist_hash_padded is h. */
static inline uint64_t
stoplist_langs_hashed(const char *w, size_t len, uint64_t h)
{
	size_t i = h & stoplist_mask;

	if (!stoplist_maybe(stoplist_bloom, h))
		return 0;
	for (; stoplist_slots[i].len != 0; i = (i + 1) & stoplist_mask)
		if (stoplist_slots[i].len == len && stoplist_same(
		    stoplist_words + stoplist_slots[i].off, w, len))
			return stoplist_slots[i].langs;
	return 0;
}

/* The languages w[0, len) is a stopword of (bit i: language i); w has 8
 * bytes past len. */
static inline uint64_t
stoplist_langs(const char *w, size_t len)
{
	return stoplist_langs_hashed(w, len, stoplist_hash_padded(w, len));
}

#endif
