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

/*
 * A slot: the word's first four bytes as a little-endian number (zeros past
 * its end) and, in meta, its length, its set of languages (an index into
 * stoplist_langsets: the 36 stoplists make some 400 sets) and where its
 * bytes past the fourth start in stoplist_tails; meta 0: an empty slot.
 * Eight bytes, not a 64-bit mask and an offset, so that the table is 256 KiB
 * and mostly stays in the cache beside everything else a page needs, and a
 * word of up to four bytes (most of those looked up) is told from one slot
 * alone.  tools/gen_stoplist stops the build if the words outgrow a field.
 */
struct stoplist_slot {
	uint32_t head;
	uint32_t meta;
};

#define STOPLIST_SLOTS (1u << 15)	/* at least twice the words */
#define STOPLIST_LEN_BITS 6
#define STOPLIST_SET_BITS 10
#define STOPLIST_TAIL_BITS 16
#define STOPLIST_META(len, set, tail) ((uint32_t)(len) | \
	(uint32_t)(set) << STOPLIST_LEN_BITS | \
	(uint32_t)(tail) << (STOPLIST_LEN_BITS + STOPLIST_SET_BITS))
#define STOPLIST_LEN(m) ((m) & ((1u << STOPLIST_LEN_BITS) - 1))
#define STOPLIST_SET(m) \
	((m) >> STOPLIST_LEN_BITS & ((1u << STOPLIST_SET_BITS) - 1))
#define STOPLIST_TAIL(m) ((m) >> (STOPLIST_LEN_BITS + STOPLIST_SET_BITS))

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
extern const struct stoplist_slot stoplist_slots[];	/* STOPLIST_SLOTS */
extern const uint64_t stoplist_langsets[];	/* bit i: language i */
extern const char stoplist_tails[];	/* with 8 bytes past the last */
extern const size_t stoplist_languages;	/* stoplists, in file name order */

/*
 * Whether the stoplist bytes at t are w[0, len): both have 8 bytes past
 * len, so most (up to eight bytes) are compared as one number.
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

/* The head of a slot for w[0, len), which has 8 bytes past len. */
static inline uint32_t
stoplist_head(const char *w, size_t len)
{
	uint32_t a;

	memcpy(&a, w, 4);
	a = le32toh(a);
	return len >= 4 ? a : a & ((1u << 8 * len) - 1);
}

/* The same, for a word whose stoplist_hash_padded is h. */
static inline uint64_t
stoplist_langs_hashed(const char *w, size_t len, uint64_t h)
{
	size_t i = h & (STOPLIST_SLOTS - 1);
	uint32_t head, m;

	if (!stoplist_maybe(stoplist_bloom, h))
		return 0;
	head = stoplist_head(w, len);
	for (; (m = stoplist_slots[i].meta) != 0;
	    i = (i + 1) & (STOPLIST_SLOTS - 1))
		if (STOPLIST_LEN(m) == len && stoplist_slots[i].head == head &&
		    (len <= 4 || stoplist_same(stoplist_tails +
		    STOPLIST_TAIL(m), w + 4, len - 4)))
			return stoplist_langsets[STOPLIST_SET(m)];
	return 0;
}

/* The languages w[0, len) is a stopword of (bit i: language i); w has 8
 * bytes past len. */
static inline uint64_t
stoplist_langs(const char *w, size_t len)
{
	return stoplist_langs_hashed(w, len, stoplist_hash_padded(w, len));
}

/* Writes the word of slot s (not empty) to w, which has room for 64 bytes
 * and 8 past them; returns its length. */
static inline size_t
stoplist_word(const struct stoplist_slot *s, char *w)
{
	size_t len = STOPLIST_LEN(s->meta), i;

	for (i = 0; i < 4; i++)
		w[i] = (char)(s->head >> 8 * i);
	if (len > 4)
		memcpy(w + 4, stoplist_tails + STOPLIST_TAIL(s->meta), len - 4);
	return len;
}

#endif
