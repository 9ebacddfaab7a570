/*
 * Sixteen bytes of a line at a time, for the loops that look for a few
 * byte values in every line: GCC's and Clang's generic vectors, which
 * become SSE2 code on x86-64 and NEON code on ARM.  A comparison gives a
 * mask, 0xff at each place that agrees and 0 at the others.
 */
#ifndef BYTES16_H
#define BYTES16_H

#include <endian.h>
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

typedef unsigned char bytes16 __attribute__((vector_size(16)));
typedef uint64_t halves16 __attribute__((vector_size(16)));

#define BYTES16_TOPS 0x8080808080808080ULL
#define BYTES16_ONES 0x0101010101010101ULL

static inline bytes16
bytes16_load(const unsigned char *p)
{
	bytes16 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * Sixteen bytes from p, with nothing read past end: those are NULs.  A
 * line's last few bytes are read in two overlapping loads of a fixed size
 * (a call to copy a few bytes would cost more than the rest of the work).
 */
static inline bytes16
bytes16_load_until(const unsigned char *p, const unsigned char *end)
{
	size_t k = end > p ? (size_t)(end - p) : 0, i;
	uint64_t lo = 0, hi = 0, a, b;
	uint32_t x, y;

	if (k >= 16)
		return bytes16_load(p);
	if (k >= 8) {
		memcpy(&a, p, 8);
		memcpy(&b, end - 8, 8);
		lo = le64toh(a);
		hi = k > 8 ? le64toh(b) >> 8 * (16 - k) : 0;
	} else if (k >= 4) {
		memcpy(&x, p, 4);
		memcpy(&y, end - 4, 4);
		lo = le32toh(x) | (uint64_t)le32toh(y) << 8 * (k - 4);
	} else
		for (i = 0; i < k; i++)
			lo |= (uint64_t)p[i] << 8 * i;
	return (bytes16)(halves16){ htole64(lo), htole64(hi) };
}

/*
 * The sixteen bytes one place on from v's, c the last: the bytes after a
 * line's places without a second load of the line (costly at its end).
 */
static inline bytes16
bytes16_next_portable(bytes16 v, unsigned char c)
{
	unsigned char b[17];

	memcpy(b, &v, 16);
	b[16] = c;
	return bytes16_load(b + 1);
}

/* The same with SSE2's byte shifts, where there are. */
static inline bytes16
bytes16_next(bytes16 v, unsigned char c)
{
#ifdef __SSE2__
	return (bytes16)_mm_or_si128(_mm_srli_si128((__m128i)v, 1),
	    _mm_slli_si128(_mm_cvtsi32_si128(c), 15));
#else
	return bytes16_next_portable(v, c);
#endif
}

/* With ASCII letters in lower case (literal_fold_ascii, sixteen times). */
static inline bytes16
bytes16_fold_ascii(bytes16 v)
{
	return v + ((bytes16)(v - 'A' < 26) & 0x20);
}

static inline int
bytes16_any(bytes16 mask)
{
	return (((halves16)mask)[0] | ((halves16)mask)[1]) != 0;
}

/* Half h of mask (places 8h to 8h + 7), the place 8h + j as byte j. */
static inline uint64_t
bytes16_half(bytes16 mask, int h)
{
	return le64toh(((halves16)mask)[h]);
}

/*
 * The places mask is set at, as bits 0 to 15, without SSE2: a multiply
 * gathers the top bits of a half's eight bytes into one byte.
 */
static inline unsigned
bytes16_places_portable(bytes16 mask)
{
	const uint64_t gather = 0x0002040810204081ULL;

	return (unsigned)(((bytes16_half(mask, 0) & BYTES16_TOPS) * gather) >>
	    56) | (unsigned)(((bytes16_half(mask, 1) & BYTES16_TOPS) *
	    gather) >> 56) << 8;
}

/* The same with SSE2's movemask, one instruction, where there is one. */
static inline unsigned
bytes16_places(bytes16 mask)
{
#ifdef __SSE2__
	return (unsigned)_mm_movemask_epi8((__m128i)mask);
#else
	return bytes16_places_portable(mask);
#endif
}

/* The places mask is set at, counted. */
static inline unsigned
bytes16_count(bytes16 mask)
{
	return (unsigned)(((bytes16_half(mask, 0) & BYTES16_ONES) *
	    BYTES16_ONES) >> 56) + (unsigned)(((bytes16_half(mask, 1) &
	    BYTES16_ONES) * BYTES16_ONES) >> 56);
}

/*
 * The sum of v's sixteen bytes, without SSE2: pairs of bytes, then the
 * pairs' sums, added up by a multiply into the top 16 bits of each half.
 */
static inline unsigned
bytes16_sum_portable(bytes16 v)
{
	const uint64_t low = 0x00ff00ff00ff00ffULL, gather =
	    0x0001000100010001ULL;
	uint64_t a = bytes16_half(v, 0), b = bytes16_half(v, 1);

	a = (a & low) + (a >> 8 & low);
	b = (b & low) + (b >> 8 & low);
	return (unsigned)((a * gather) >> 48) + (unsigned)((b * gather) >> 48);
}

/*
 * The same with SSE2's sum of absolute differences, where there is one.
 * A count by place, each mask taken from it (a set place is -1), is so
 * counted for up to 255 masks at once: a line's in far fewer
 * instructions than with bytes16_count for each mask.
 */
static inline unsigned
bytes16_sum(bytes16 v)
{
#ifdef __SSE2__
	__m128i s = _mm_sad_epu8((__m128i)v, _mm_setzero_si128());

	return (unsigned)_mm_cvtsi128_si32(s) +
	    (unsigned)_mm_cvtsi128_si32(_mm_srli_si128(s, 8));
#else
	return bytes16_sum_portable(v);
#endif
}

#endif
