/*
 * The stoplists of rules/stopwords as one open-addressing hash table,
 * built at build time by tools/gen_stoplist (src/default_stoplist.c): a
 * word's languages are found in a probe or two, and a run does not spend
 * its start building the table.
 */
#ifndef STOPLIST_H
#define STOPLIST_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a, 64 bits: one byte at a time, as words are read. */
#define STOPLIST_HASH_INIT 0xcbf29ce484222325ULL
#define STOPLIST_HASH_PRIME 0x100000001b3ULL

static inline uint64_t
stoplist_hash(uint64_t h, unsigned char c)
{
	return (h ^ c) * STOPLIST_HASH_PRIME;
}

/* The same over n bytes. */
static inline uint64_t
stoplist_hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = STOPLIST_HASH_INIT;

	while (n-- > 0)
		h = stoplist_hash(h, *s++);
	return h;
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

static inline int
stoplist_maybe(const uint64_t *bloom, uint64_t h)
{
	return (bloom[STOPLIST_BLOOM_A(h) / 64] >> STOPLIST_BLOOM_A(h) % 64 &
	    bloom[STOPLIST_BLOOM_B(h) / 64] >> STOPLIST_BLOOM_B(h) % 64 & 1);
}

extern const uint64_t stoplist_bloom[];
extern const struct stoplist_slot stoplist_slots[];
extern const size_t stoplist_mask;	/* slots - 1, a power of two less 1 */
extern const char stoplist_words[];
extern const size_t stoplist_languages;	/* stoplists, in file name order */

#endif
