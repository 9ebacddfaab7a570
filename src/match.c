#include <endian.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if (defined(__x86_64__) || defined(__i386__)) && !defined(NEWSCLEAN_PORTABLE)
#include <immintrin.h>
#define FEW_SSSE3
#endif

#include "bytes16.h"
#include "default_tries.h"
#include "linetab.h"
#include "literal.h"
#include "match.h"
#include "norm.h"
#include "rules.h"
#include "stoplist.h"
#include "trie.h"
#include "util.h"

/*
 * A rule is interpreted until it has done this much work (bytes of subject,
 * plus a fixed cost per call), then JIT compiled: most rules are tried on a
 * handful of short lines of a short input, where compiling all of them
 * would cost more than it saves, but one long line is worth compiling for.
 * The rules run on every line are the few that no needle or trie calls up,
 * so a page of 30 KB compiles none at this bound; on a stream, the
 * interpreted calls before it cost more the higher it is (at 256 KB, 2.5%
 * more instructions over 20 MB of pages, the same on each page alone).
 */
#define JIT_WORK (64 * 1024)
#define CALL_WORK 512

/* Bounds on one match beside match_limit (match.h). */
#define HEAP_LIMIT_KIB (64 * 1024)
#define JIT_STACK_MAX (8 * 1024 * 1024)
/*
 * A rule whose match fails this many times in one document (a limit hit,
 * usually) is skipped for the rest of it: each failure costs the whole
 * limit, and a document of such lines would pay it on every line.
 */
#define FAILS_TO_SKIP 3

/*
 * Up to VEC_NEEDLES texts, each looked for sixteen places at a time by its
 * first two bytes (bytes16.h): first and second hold those bytes in every
 * place; one is all ones when only the first is compared (a text of one
 * byte, or one whose second byte a line may hold in another case).  A
 * text with characters past ASCII is wide: compared folded.
 */
#define VEC_NEEDLES 8
struct few {
	unsigned char text[VEC_NEEDLES][LITERAL_LEN];
	uint8_t len[VEC_NEEDLES];
	bool wide[VEC_NEEDLES];
	size_t n;
	bytes16 first[VEC_NEEDLES], second[VEC_NEEDLES], one[VEC_NEEDLES];
	/*
	 * The same by table look-up, where SSSE3 has one (few_found_ssse3):
	 * bit d of lo0[x] (hi0[x]) is set when text d's first byte has x for
	 * its low (high) four bits; lo1 and hi1 say it of the second byte,
	 * and have bit d everywhere when it is not compared.
	 */
	bytes16 lo0, hi0, lo1, hi1;
	bool ssse3, avx2;	/* the CPU has them */
};

_Static_assert(LITERAL_PIECES <= VEC_NEEDLES, "a rule's pieces are few");

struct rulestate {
	const struct rule *rule;
	pcre2_code *code;
	uint32_t minlen;	/* in characters, so never more than bytes */
	/*
	 * The longest match, in characters: when the rule is tied to both
	 * ends of the line, longer lines are passed over; when only to its
	 * end, only the line's last maxlen characters are searched.
	 */
	uint32_t maxlen;
	bool bol, eol;
	/* for a rule found anywhere in a line: text every match contains */
	unsigned char needle[LITERAL_LEN];
	uint8_t nlen;
	bool needle_letters;	/* compared without case */
	/*
	 * The needles of its group that call it up (bit i: needle i): its
	 * own, or when it has none, its pieces (by_pieces); 0: none do.
	 */
	uint64_t callers;
	bool by_pieces;
	struct few *pieces;	/* one is in every match (literal.h); or NULL */
	size_t work;		/* toward JIT_WORK; past it once compiled */
	bool jitted;		/* code is JIT compiled */
	unsigned long warned;	/* the warning round it was reported in */
	/* failed matches in document fail_doc (see FAILS_TO_SKIP) */
	unsigned fails;
	unsigned long long fail_doc;
};

/* Rules grouped by the first byte of a line they can match: rule indexes
 * of bucket b are idx[start[b]] to idx[start[b + 1] - 1], in file order. */
struct buckets {
	size_t *idx;
	size_t start[257];
};

/*
 * The distinct needles of a group's rules (up to 64 of them), all looked
 * for in one pass over a line instead of one pass for each rule.  A needle
 * is found by its first two bytes (a line's letters taken in lower case):
 * by_pair[PAIR(a, b)] has bit i set when needle i starts with a, b, and
 * single[a] when needle i is just a.  Pairs share slots, so a bit only
 * says where to look.
 */
#define MAX_NEEDLES 64
/*
 * Groups of up to VEC_NEEDLES needles are looked for sixteen bytes at a
 * time (struct few): with more, a compare per needle costs more than the
 * pair table's look-up per byte.
 */
#define PAIR_SLOTS 4096
#define PAIR(a, b) ((((unsigned)(a) << 4) ^ (unsigned)(b)) & (PAIR_SLOTS - 1))
struct needles {
	unsigned char text[MAX_NEEDLES][LITERAL_LEN];
	uint8_t len[MAX_NEEDLES];
	bool wide[MAX_NEEDLES];	/* as in struct few */
	size_t n;
	uint64_t single[256];
	uint64_t by_pair[PAIR_SLOTS];
	struct few vec;		/* the first VEC_NEEDLES needles */
	/* the rules of needle i: rules[start[i]] to rules[start[i + 1] - 1] */
	uint32_t *rules;
	size_t start[MAX_NEEDLES + 1];
};

/*
 * The rules of one kind (keep, or the deciding ones).  A rule whose
 * matches all begin with one of a few literals is found by walking the
 * line's first characters down a trie of them; one whose matches all
 * end the line with one, by walking its last characters; one whose
 * matches all contain a needle, by the needles found in the line; the
 * others are tried on every line that starts with a byte they can start
 * with.
 */
struct group {
	struct trie *starts, *ends;
	uint64_t starts_adds, ends_adds;	/* what each is made of */
	struct buckets others;
	struct needles needles;
	uint32_t *cand;		/* room for every rule a line can call up */
	size_t ncand;
	size_t nrules;
};

struct matcher {
	struct rulestate *rs;
	size_t n;
	struct group keep, decide;
	size_t *strip;
	size_t nstrip;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jstack;
	pcre2_match_data *md;
	match_warn_fn *warn;
	void *warn_arg;
	bool jit;
	unsigned long long doc;		/* the document being matched */
	unsigned long warn_round;	/* see matcher_warn_again */
};

/* Whether rule i belongs to the group of keep rules (keep), or else to
 * the deciding rules. */
static bool
in_group(const struct matcher *m, size_t i, bool keep)
{
	enum action a = rule_action(m->rs[i].rule);

	return (a == ACTION_KEEP) == keep && a != ACTION_STRIP;
}

/*
 * Whether a line is searched for text (folded, starting with an even
 * character: see literal.h) by its second byte too: if it is ASCII, or the
 * first byte of an even character; not if it goes on the first character.
 */
static bool
second_compared(const unsigned char *text, size_t len)
{
	return len > 1 && (text[1] < 0x80 || (text[0] < 0x80 &&
	    literal_even_at(text + 1, len - 1)));
}

/* Whether text has characters past ASCII, which are compared folded. */
static bool
is_wide(const unsigned char *text, size_t len)
{
	size_t k;

	for (k = 0; k < len && text[k] < 0x80; k++)
		;
	return k < len;
}

static void
few_add(struct few *f, const unsigned char *text, size_t len)
{
	size_t i = f->n++;
	bool second = second_compared(text, len);

	memcpy(f->text[i], text, len);
	f->len[i] = (uint8_t)len;
	f->wide[i] = is_wide(text, len);
	memset(&f->first[i], text[0], sizeof(bytes16));
	memset(&f->second[i], second ? text[1] : 0, sizeof(bytes16));
	memset(&f->one[i], second ? 0 : 0xff, sizeof(bytes16));
	f->lo0[text[0] & 15] |= (unsigned char)(1u << i);
	f->hi0[text[0] >> 4] |= (unsigned char)(1u << i);
	if (second) {
		f->lo1[text[1] & 15] |= (unsigned char)(1u << i);
		f->hi1[text[1] >> 4] |= (unsigned char)(1u << i);
	} else {
		f->lo1 |= (unsigned char)(1u << i);
		f->hi1 |= (unsigned char)(1u << i);
	}
#ifdef FEW_SSSE3
	f->ssse3 = __builtin_cpu_supports("ssse3");
	f->avx2 = __builtin_cpu_supports("avx2");
#endif
}

/* The needle of nd that is text, or n if there is none. */
static size_t
needle_find(const struct needles *nd, const unsigned char *text, size_t len)
{
	size_t i;

	for (i = 0; i < nd->n; i++)
		if (nd->len[i] == len && memcmp(nd->text[i], text, len) == 0)
			break;
	return i;
}

/* The needle of nd that is text, added if it is new (there is room). */
static size_t
needle_add(struct needles *nd, const unsigned char *text, size_t len)
{
	size_t i = needle_find(nd, text, len);

	if (i < nd->n)
		return i;
	memcpy(nd->text[i], text, len);
	nd->len[i] = (uint8_t)len;
	nd->wide[i] = is_wide(text, len);
	nd->n++;
	if (i < VEC_NEEDLES)
		few_add(&nd->vec, text, len);
	if (second_compared(text, len))
		nd->by_pair[PAIR(text[0], text[1])] |= 1ULL << i;
	else
		nd->single[text[0]] |= 1ULL << i;
	return i;
}

/*
 * Let the group's needles call rule r up: its needle, or when it has none,
 * every one of its pieces (else it would be tried on every line).  False
 * when it has neither, or there is no room for them.
 */
static bool
call_up(struct needles *nd, struct rulestate *r,
    const struct literal_facts *f)
{
	size_t k, fresh = 0;

	r->callers = 0;
	if (r->nlen > 0) {
		if (needle_find(nd, r->needle, r->nlen) == nd->n &&
		    nd->n == MAX_NEEDLES)
			return false;
		r->callers = 1ULL << needle_add(nd, r->needle, r->nlen);
		return true;
	}
	for (k = 0; k < f->npieces; k++)
		fresh += needle_find(nd, f->pieces[k].s, f->pieces[k].len) ==
		    nd->n;
	if (f->npieces == 0 || nd->n + fresh > MAX_NEEDLES)
		return false;
	for (k = 0; k < f->npieces; k++)
		r->callers |= 1ULL << needle_add(nd, f->pieces[k].s,
		    f->pieces[k].len);
	r->by_pieces = true;
	return true;
}

/* Whether u[0, len), its ASCII letters folded, is text (folded). */
static bool
folded_equal(const unsigned char *u, const unsigned char *text, size_t len)
{
	size_t k;

	for (k = 0; k < len && literal_fold_ascii(u[k]) == text[k]; k++)
		;
	return k == len;
}

/*
 * Whether text (len bytes, folded, with characters past ASCII) is at
 * u[i, n): the line's characters are folded, and may be longer or
 * shorter than the text's.
 */
static bool
wide_at(const unsigned char *text, size_t len, const unsigned char *u,
    size_t n, size_t i)
{
	size_t k = 0;

	while (k < len) {
		unsigned char b[4];
		size_t blen, used;

		if (i == n)
			return false;
		if (text[k] < 0x80) {
			if (literal_fold_ascii(u[i]) != text[k])
				return false;
			i++;
			k++;
			continue;
		}
		blen = literal_fold_char((const char *)u + i, n - i, b, &used);
		if (blen == 0 || blen > len - k ||
		    memcmp(b, text + k, blen) != 0)
			return false;
		i += used;
		k += blen;
	}
	return true;
}

/* Whether text (len bytes, folded; wide: see struct few) is at u[i, n). */
static bool
text_at(const unsigned char *text, size_t len, bool wide,
    const unsigned char *u, size_t n, size_t i)
{
	if (wide)
		return wide_at(text, len, u, n, i);
	return n - i >= len && folded_equal(u + i, text, len);
}

/* Whether text d of f is at u[i, n). */
static bool
few_at(const struct few *f, int d, const unsigned char *u, size_t n,
    size_t i)
{
	return text_at(f->text[d], f->len[d], f->wide[d], u, n, i);
}

#ifdef FEW_SSSE3
/*
 * The texts of f that start at the places base + j of u[0, n) whose bit j
 * is set in at, with texts[j] the texts whose first two bytes are there,
 * added to *found; false when enough and one is found: the search is over.
 */
static inline __attribute__((always_inline)) bool
few_candidates(const struct few *f, const unsigned char *u, size_t n,
    size_t base, uint32_t at, const unsigned char *texts, uint64_t *found,
    bool enough)
{
	for (; at != 0; at &= at - 1) {
		size_t j = (size_t)__builtin_ctz(at), i = base + j;
		unsigned want = texts[j] & (unsigned)~*found;

		if (i >= n)
			break;
		for (; want != 0; want &= want - 1)
			if (few_at(f, __builtin_ctz(want), u, n, i))
				*found |= 1ULL << __builtin_ctz(want);
		if (*found != 0 && enough)
			return false;
	}
	return true;
}

/*
 * few_found by SSSE3's table look-up: each place's two bytes are looked up
 * by their four-bit halves, which gives the texts that start there at
 * once, whatever their number, where few_found compares each in turn.
 * From place base on, found the texts found before it.
 */
__attribute__((target("ssse3"))) static uint64_t
few_found_ssse3(const struct few *f, const unsigned char *u, size_t n,
    size_t base, uint64_t found, bool enough)
{
	const __m128i low = _mm_set1_epi8(0x0f), zero = _mm_setzero_si128();
	uint64_t all = (1ULL << f->n) - 1;

	for (; base < n && found != all; base += 16) {
		/* past the end NULs, which start no text */
		bytes16 r0 = bytes16_load_until(u + base, u + n);
		__m128i v0 = (__m128i)bytes16_fold_ascii(r0);
		__m128i v1 = (__m128i)bytes16_fold_ascii(bytes16_next(r0,
		    base + 16 < n ? u[base + 16] : 0));
		__m128i m = _mm_and_si128(
		    _mm_and_si128(
		    _mm_shuffle_epi8((__m128i)f->lo0, _mm_and_si128(v0, low)),
		    _mm_shuffle_epi8((__m128i)f->hi0,
		    _mm_and_si128(_mm_srli_epi16(v0, 4), low))),
		    _mm_and_si128(
		    _mm_shuffle_epi8((__m128i)f->lo1, _mm_and_si128(v1, low)),
		    _mm_shuffle_epi8((__m128i)f->hi1,
		    _mm_and_si128(_mm_srli_epi16(v1, 4), low))));
		unsigned at = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(m,
		    zero)) ^ 0xffff;
		unsigned char texts[16];

		if (at == 0)
			continue;
		_mm_storeu_si128((__m128i *)texts, m);
		if (!few_candidates(f, u, n, base, at, texts, &found, enough))
			break;
	}
	return found;
}

typedef unsigned char bytes32 __attribute__((vector_size(32)));

/*
 * The places [base, base + 32) of u where texts start, as few_found_ssse3
 * finds them, and the texts at each in texts[0, 32); next: u holds the
 * byte past them.
 */
__attribute__((target("avx2"))) static inline uint32_t
few_places_avx2(const __m256i *tables, const unsigned char *u, size_t base,
    bool next, unsigned char *texts)
{
	const __m256i low = _mm256_set1_epi8(0x0f);
	bytes32 r0, r1;
	__m256i v0, v1, m;

	memcpy(&r0, u + base, sizeof(r0));
	if (next)
		memcpy(&r1, u + base + 1, sizeof(r1));
	else
		/* the last place's second byte is past the end: a NUL */
		r1 = (bytes32)_mm256_alignr_epi8(_mm256_permute2x128_si256(
		    (__m256i)r0, (__m256i)r0, 0x81), (__m256i)r0, 1);
	v0 = (__m256i)(r0 + ((bytes32)(r0 - 'A' < 26) & 0x20));
	v1 = (__m256i)(r1 + ((bytes32)(r1 - 'A' < 26) & 0x20));
	m = _mm256_and_si256(
	    _mm256_and_si256(
	    _mm256_shuffle_epi8(tables[0], _mm256_and_si256(v0, low)),
	    _mm256_shuffle_epi8(tables[1],
	    _mm256_and_si256(_mm256_srli_epi16(v0, 4), low))),
	    _mm256_and_si256(
	    _mm256_shuffle_epi8(tables[2], _mm256_and_si256(v1, low)),
	    _mm256_shuffle_epi8(tables[3],
	    _mm256_and_si256(_mm256_srli_epi16(v1, 4), low))));
	_mm256_storeu_si256((__m256i *)texts, m);
	return ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(m,
	    _mm256_setzero_si256()));
}

/*
 * The same with AVX2, thirty-two places a step, the last step ending at
 * the end of u (over places seen before, which are left out): a line of
 * 32 bytes or more is one or two steps, not two to four.
 */
__attribute__((target("avx2"))) static uint64_t
few_found_avx2(const struct few *f, const unsigned char *u, size_t n,
    bool enough)
{
	const __m256i tables[4] = {
		_mm256_broadcastsi128_si256((__m128i)f->lo0),
		_mm256_broadcastsi128_si256((__m128i)f->hi0),
		_mm256_broadcastsi128_si256((__m128i)f->lo1),
		_mm256_broadcastsi128_si256((__m128i)f->hi1),
	};
	uint64_t found = 0, all = (1ULL << f->n) - 1;
	unsigned char texts[32];
	size_t base;
	uint32_t at;

	if (n < 32)
		return few_found_ssse3(f, u, n, 0, 0, enough);
	for (base = 0; base + 32 <= n && found != all; base += 32) {
		at = few_places_avx2(tables, u, base, base + 32 < n, texts);
		if (at != 0 && !few_candidates(f, u, n, base, at, texts,
		    &found, enough))
			return found;
	}
	if (base < n && found != all) {
		at = few_places_avx2(tables, u, n - 32, false, texts) &
		    ~0u << (32 - (n - base));
		if (at != 0)
			few_candidates(f, u, n, n - 32, at, texts, &found,
			    enough);
	}
	return found;
}
#endif

/*
 * The texts of f that u[0, n) holds, as bits; with enough, the search
 * ends at the first one found.  Sixteen places at a time: each text's
 * first two bytes are compared at all of them at once, and only a place
 * where both agree is compared in full.
 */
static uint64_t
few_found(const struct few *f, const unsigned char *u, size_t n,
    bool enough)
{
	uint64_t found = 0, all = (1ULL << f->n) - 1;
	size_t base;

#ifdef FEW_SSSE3
	if (f->avx2)
		return few_found_avx2(f, u, n, enough);
	if (f->ssse3)
		return few_found_ssse3(f, u, n, 0, 0, enough);
#endif
	for (base = 0; base < n && found != all; base += 16) {
		/* past the end NULs: a text seen there is checked in full */
		bytes16 r0 = bytes16_load_until(u + base, u + n);
		bytes16 v0 = bytes16_fold_ascii(r0);
		bytes16 v1 = bytes16_fold_ascii(bytes16_next(r0,
		    base + 16 < n ? u[base + 16] : 0));
		bytes16 m[VEC_NEEDLES], any = { 0 };
		int d;

		for (d = 0; d < (int)f->n; d++) {
			m[d] = (bytes16)(v0 == f->first[d]) &
			    ((bytes16)(v1 == f->second[d]) | f->one[d]);
			any |= m[d];
		}
		if (!bytes16_any(any))
			continue;
		for (d = 0; d < (int)f->n; d++) {
			unsigned at;

			if (found >> d & 1)
				continue;
			for (at = bytes16_places(m[d]); at != 0; at &= at - 1) {
				size_t i = base + (size_t)__builtin_ctz(at);

				if (i < n && few_at(f, d, u, n, i)) {
					found |= 1ULL << d;
					break;
				}
			}
			if (found != 0 && enough)
				return found;
		}
	}
	return found;
}

/* The group's needles that s[0, n) holds, as bits. */
static uint64_t
line_needles(const struct needles *nd, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint64_t found = 0, want;
	size_t i;
	unsigned char a, b;

	if (n == 0)
		return 0;
	if (nd->n <= VEC_NEEDLES)
		return few_found(&nd->vec, u, n, false);
	for (i = 0, a = literal_fold_ascii(u[0]); i < n; i++, a = b) {
		b = i + 1 < n ? literal_fold_ascii(u[i + 1]) : 0;
		want = (nd->by_pair[PAIR(a, b)] | nd->single[a]) & ~found;
		for (; want != 0; want &= want - 1) {
			int d = __builtin_ctzll(want);

			if (text_at(nd->text[d], nd->len[d], nd->wide[d], u,
			    n, i))
				found |= 1ULL << d;
		}
	}
	return found;
}

/*
 * The hash h of the literals added to a trie so far, with v[0, n) added
 * for rule id: each literal's text and length eight bytes at a time (its
 * last few read at once, from within s, which LITERAL_LEN's multiple of
 * 8 keeps every read inside), then the rule.  A byte at a time, the
 * default rules' kilobytes of literals cost a twentieth of a small run.
 */
_Static_assert(LITERAL_LEN % 8 == 0, "a literal is read eight bytes at once");

static uint64_t
hash_adds(uint64_t h, const struct literal *v, size_t n, uint32_t id)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h = stoplist_mix(h, stoplist_hash_padded(v[i].s, v[i].len));
		h = stoplist_mix(h, 0x10000 + (uint64_t)id);
	}
	return h;
}

/* The trie built at build time of literals whose hash is adds, or NULL. */
static struct trie *
built_trie(uint64_t adds)
{
	size_t i;

	for (i = 0; i < default_ntries; i++)
		if (default_tries[i].adds == adds)
			return (struct trie *)default_tries[i].trie;
	return NULL;
}

/* Whether a rule goes in the trie of line starts; else whether in that
 * of line ends (see build_group). */
static bool
in_starts(const struct literal_facts *f)
{
	return f->bol && f->prefix_known;
}

static bool
in_ends(const struct literal_facts *f)
{
	return !in_starts(f) && f->eol && f->suffix_known;
}

/*
 * The group's trie of line starts (or of ends), whose literals hash to
 * adds: as it was built at build time, when the default rules make the
 * same one, or built now.
 */
static struct trie *
group_trie(const struct matcher *m, bool keep,
    const struct literal_facts *facts, bool ends, uint64_t adds)
{
	struct trie *t = built_trie(adds);
	size_t i, j;

	if (t != NULL)
		return t;
	t = trie_new();
	for (i = 0; i < m->n; i++) {
		const struct literal_facts *f = &facts[i];

		if (!in_group(m, i, keep))
			continue;
		if (!ends && in_starts(f))
			for (j = 0; j < f->nprefix; j++)
				trie_add(t, f->prefix[j].s, f->prefix[j].len,
				    (uint32_t)i);
		else if (ends && in_ends(f))
			for (j = 0; j < f->nsuffix; j++)
				trie_add_reversed(t, f->suffix[j].s,
				    f->suffix[j].len, (uint32_t)i);
	}
	trie_finish(t);
	return t;
}

/*
 * The bytes whose bits are set in set (bit b % 8 of set[b / 8]), in
 * order, to out: found a word of 64 at a time, not tried one by one.
 */
static size_t
set_bytes(const uint8_t set[32], unsigned char out[256])
{
	size_t q, n = 0;

	for (q = 0; q < 4; q++) {
		uint64_t w;

		memcpy(&w, set + 8 * q, sizeof(w));
		for (w = le64toh(w); w != 0; w &= w - 1)
			out[n++] = (unsigned char)(64 * q +
			    (size_t)__builtin_ctzll(w));
	}
	return n;
}

/*
 * Put each rule of the group in the trie of line starts if its pattern
 * tells literals every match begins the line with, in the trie of line
 * ends if it tells literals every match ends it with; the rest go in
 * buckets by the (folded) first byte a line must start with to match,
 * which the pattern may tell even for rules in the first trie ("^\d+ of"
 * starts with a digit).
 */
static void
build_group(struct matcher *m, struct group *g, bool keep,
    const struct literal_facts *facts)
{
	uint8_t (*sets)[32] = xcalloc(m->n ? m->n : 1, 32);
	struct buckets *b = &g->others;
	struct needles *nd = &g->needles;
	size_t count[256] = { 0 }, i, j, k, n, total = 0;
	unsigned char bytes[256];
	int c;

	/* the tries' literals, to know a trie built at build time by */
	g->starts_adds = 0xcbf29ce484222325ULL;
	g->ends_adds = 0xcbf29ce484222325ULL ^ 1;
	for (i = 0; i < m->n; i++) {
		const struct literal_facts *f = &facts[i];

		if (!in_group(m, i, keep))
			continue;
		g->nrules++;
		if (in_starts(f)) {
			g->starts_adds = hash_adds(g->starts_adds, f->prefix,
			    f->nprefix, (uint32_t)i);
			memcpy(sets[i], f->first, 32);
		} else if (in_ends(f))
			g->ends_adds = hash_adds(g->ends_adds, f->suffix,
			    f->nsuffix, (uint32_t)i);
		else if (!call_up(nd, &m->rs[i], f))
			memset(sets[i], 0xff, 32);
		else {
			uint64_t d;

			for (d = m->rs[i].callers; d != 0; d &= d - 1)
				nd->start[__builtin_ctzll(d) + 1]++;
		}
		for (k = set_bytes(sets[i], bytes); k-- > 0;)
			count[bytes[k]]++;
	}
	g->starts = group_trie(m, keep, facts, false, g->starts_adds);
	g->ends = group_trie(m, keep, facts, true, g->ends_adds);
	for (c = 0; c < 256; c++) {
		b->start[c] = total;
		total += count[c];
	}
	b->start[256] = total;
	b->idx = xmalloc((total ? total : 1) * sizeof(*b->idx));
	memset(count, 0, sizeof(count));
	for (i = 0; i < m->n; i++) {
		if (!in_group(m, i, keep))
			continue;
		for (n = set_bytes(sets[i], bytes), k = 0; k < n; k++)
			b->idx[b->start[bytes[k]] + count[bytes[k]]++] = i;
	}
	for (j = 0; j < nd->n; j++)
		nd->start[j + 1] += nd->start[j];
	nd->rules = xmalloc((nd->start[nd->n] ? nd->start[nd->n] : 1) *
	    sizeof(*nd->rules));
	memset(count, 0, sizeof(count));
	for (i = 0; i < m->n; i++) {
		uint64_t d;

		if (!in_group(m, i, keep))
			continue;
		/* 0 but for the rules the needles call up */
		for (d = m->rs[i].callers; d != 0; d &= d - 1) {
			int id = __builtin_ctzll(d);

			nd->rules[nd->start[id] + count[id]++] = (uint32_t)i;
		}
	}
	g->ncand = trie_size(g->starts) + trie_size(g->ends) +
	    nd->start[nd->n];
	g->cand = xmalloc((g->ncand ? g->ncand : 1) * sizeof(*g->cand));
	free(sets);
}

static void
free_group(struct group *g)
{
	trie_free(g->starts);
	trie_free(g->ends);
	free(g->others.idx);
	free(g->needles.rules);
	free(g->cand);
}

int
matcher_write_tries(const struct matcher *m, FILE *fp)
{
	static const char *const names[] = { "keep_starts", "keep_ends",
	    "decide_starts", "decide_ends" };
	const struct trie *tries[] = { m->keep.starts, m->keep.ends,
	    m->decide.starts, m->decide.ends };
	uint64_t adds[] = { m->keep.starts_adds, m->keep.ends_adds,
	    m->decide.starts_adds, m->decide.ends_adds };
	size_t i;

	fprintf(fp, "/* Generated by tools/gen_tries from the default rules: "
	    "do not edit. */\n#include \"default_tries.h\"\n\n");
	for (i = 0; i < 4; i++)
		if (trie_write_c(tries[i], names[i], fp) < 0)
			return -1;
	fprintf(fp, "const struct built_trie default_tries[] = {\n");
	for (i = 0; i < 4; i++)
		fprintf(fp, "\t{ UINT64_C(%" PRIu64 "), &%s },\n", adds[i],
		    names[i]);
	fprintf(fp, "};\n\nconst size_t default_ntries = 4;\n");
	return fflush(fp) == EOF || ferror(fp) ? -1 : 0;
}

unsigned
matcher_built_tries(const struct matcher *m)
{
	return (unsigned)m->keep.starts->built + m->keep.ends->built +
	    m->decide.starts->built + m->decide.ends->built;
}

void
match_warning(const struct rule *r, const char *why, char *buf, size_t size)
{
	snprintf(buf, size, "%s:%u: %s; the rule is skipped on such lines, "
	    "and after %d of them in a document for the rest of it",
	    rule_file(r), rule_line(r), why, FAILS_TO_SKIP);
}

uint32_t
match_limit(size_t n)
{
	if (n > (UINT32_MAX - MATCH_LIMIT_BASE) / MATCH_LIMIT_PER_BYTE)
		return UINT32_MAX;
	return MATCH_LIMIT_BASE + (uint32_t)n * MATCH_LIMIT_PER_BYTE;
}

struct matcher *
matcher_new(const struct ruleset *set, bool jit, match_warn_fn *warn,
    void *arg)
{
	struct matcher *m = xcalloc(1, sizeof(*m));
	struct literal_facts *facts;
	const struct literal_facts *known;
	bool *owned;
	size_t i;

	m->n = rules_count(set);
	m->rs = xcalloc(m->n ? m->n : 1, sizeof(*m->rs));
	m->strip = xmalloc((m->n ? m->n : 1) * sizeof(*m->strip));
	facts = xcalloc(m->n ? m->n : 1, sizeof(*facts));
	owned = xcalloc(m->n ? m->n : 1, sizeof(*owned));
	for (i = 0; i < m->n; i++) {
		struct rulestate *r = &m->rs[i];
		const char *pat;

		r->rule = rules_at(set, i);
		pat = rule_pattern(r->rule);
		if ((known = literal_known(pat, rule_extended(r->rule))) !=
		    NULL)
			facts[i] = *known;	/* read at build time */
		else {
			literal_analyse(pat, strlen(pat),
			    rule_extended(r->rule), &facts[i]);
			owned[i] = true;
		}
		r->maxlen = facts[i].maxlen;
		r->bol = facts[i].bol;
		r->eol = facts[i].eol;
		{
			size_t k;

			r->nlen = (uint8_t)facts[i].nneedle;
			memcpy(r->needle, facts[i].needle, r->nlen);
			for (k = 0; k < r->nlen; k++)
				if (r->needle[k] >= 'a' && r->needle[k] <= 'z')
					r->needle_letters = true;
		}
		if (facts[i].npieces > 0) {
			size_t k;

			r->pieces = xcalloc(1, sizeof(*r->pieces));
			for (k = 0; k < facts[i].npieces; k++)
				few_add(r->pieces, facts[i].pieces[k].s,
				    facts[i].pieces[k].len);
		}
		if (rule_action(r->rule) == ACTION_STRIP)
			m->strip[m->nstrip++] = i;
	}
	build_group(m, &m->keep, true, facts);
	build_group(m, &m->decide, false, facts);
	for (i = 0; i < m->n; i++)
		if (owned[i])
			literal_facts_free(&facts[i]);
	free(facts);
	free(owned);
	m->warn = warn;
	m->warn_arg = arg;
	if ((m->mctx = pcre2_match_context_create(NULL)) == NULL ||
	    (m->md = pcre2_match_data_create(1, NULL)) == NULL)
		abort();
	pcre2_set_depth_limit(m->mctx, MATCH_DEPTH_LIMIT);
	pcre2_set_heap_limit(m->mctx, HEAP_LIMIT_KIB);
	/* NULL when JIT is unavailable: matching then stays interpreted */
	m->jit = jit;
	m->doc = 1;
	m->warn_round = 1;
	if (jit)
		m->jstack = pcre2_jit_stack_create(32 * 1024, JIT_STACK_MAX,
		    NULL);
	if (m->jstack != NULL)
		pcre2_jit_stack_assign(m->mctx, NULL, m->jstack);
	return m;
}

void
matcher_free(struct matcher *m)
{
	size_t i;

	if (m == NULL)
		return;
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mctx);
	pcre2_jit_stack_free(m->jstack);
	free_group(&m->keep);
	free_group(&m->decide);
	for (i = 0; i < m->n; i++)
		free(m->rs[i].pieces);
	free(m->strip);
	free(m->rs);
	free(m);
}

/* The rule's pattern, compiled on first use (see rule_code). */
static pcre2_code *
main_code(struct rulestate *r)
{
	if (r->code == NULL) {
		r->code = rule_code(r->rule);
		pcre2_pattern_info(r->code, PCRE2_INFO_MINLENGTH, &r->minlen);
	}
	return r->code;
}

/*
 * Match code against s from offset start: 1 on a match, 0 otherwise.  A
 * failure other than no match is reported once per rule and counts as none,
 * so one bad pattern cannot stop the stream; a rule that has failed
 * FAILS_TO_SKIP times in the document is not run again in it.
 */
static int
run(struct matcher *m, struct rulestate *r, pcre2_code *code, const char *s,
    size_t n, size_t start)
{
	int rc;

	if (r->fail_doc == m->doc && r->fails >= FAILS_TO_SKIP)
		return 0;
	/* by the whole line, though the match may start further on */
	pcre2_set_match_limit(m->mctx, match_limit(n));
	if (m->jit && r->work < JIT_WORK &&
	    (r->work += n - start + CALL_WORK) >= JIT_WORK) {
		pcre2_code *end = rule_end_code(r->rule);

		/* failure is fine: the interpreter goes on doing the job */
		r->jitted = pcre2_jit_compile(main_code(r),
		    PCRE2_JIT_COMPLETE) == 0;
		if (end != NULL)
			(void)pcre2_jit_compile(end, PCRE2_JIT_COMPLETE);
	}
	/* the JIT's own entry skips checks made once for all at compile */
	if (r->jitted && code == r->code)
		rc = pcre2_jit_match(code, (PCRE2_SPTR)s, n, start, 0, m->md,
		    m->mctx);
	else
		rc = pcre2_match(code, (PCRE2_SPTR)s, n, start, 0, m->md,
		    m->mctx);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (r->fail_doc != m->doc) {
		r->fail_doc = m->doc;
		r->fails = 0;
	}
	r->fails++;
	if (r->warned != m->warn_round) {
		PCRE2_UCHAR msg[256];

		r->warned = m->warn_round;
		if (pcre2_get_error_message(rc, msg, sizeof(msg)) < 0)
			strcpy((char *)msg, "match error");
		if (m->warn != NULL)
			m->warn(m->warn_arg, r->rule, (const char *)msg);
	}
	return 0;
}

/* Characters in s[0, n): its bytes that do not continue a sequence,
 * sixteen at a time. */
static size_t
count_chars(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, k = n;

	for (i = 0; i < n; i += 16) {
		bytes16 v = bytes16_load_until(u + i, u + n);

		k -= bytes16_count((bytes16)((v & 0xc0) == 0x80));
	}
	return k;
}

/*
 * Where the last want characters of s[0, n) begin (0 when it has fewer):
 * sixteen bytes at a time while they hold fewer than the characters still
 * wanted, so the byte it ends on is the one a byte by byte walk would.
 */
static size_t
last_chars(const char *s, size_t n, size_t want)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t start = n, k = 0;

	while (start >= 16) {
		bytes16 v = bytes16_load(u + start - 16);
		size_t in = 16 - bytes16_count((bytes16)((v & 0xc0) == 0x80));

		if (k + in >= want)
			break;
		k += in;
		start -= 16;
	}
	while (start > 0 && k < want)
		if ((u[--start] & 0xc0) != 0x80)
			k++;
	return start;
}

/* Whether s[0, n) holds the rule's needle. */
static bool
has_needle(const struct rulestate *r, const char *s, size_t n)
{
	size_t i;

	if (!r->needle_letters) {
		const char *p = s, *end = s + n;

		while (end - p >= r->nlen &&
		    (p = memchr(p, r->needle[0], end - p - r->nlen + 1)) != NULL) {
			if (memcmp(p, r->needle, r->nlen) == 0)
				return true;
			p++;
		}
		return false;
	}
	for (i = 0; i + r->nlen <= n; i++)
		if (folded_equal((const unsigned char *)s + i, r->needle,
		    r->nlen))
			return true;
	return false;
}

/* What is learnt of a line once and asked again by its rules. */
struct line_facts {
	size_t nchars;		/* length in characters; SIZE_MAX: not known */
};

/*
 * Try rule r on s[0, n), unless its length bounds, its needle or its pieces
 * rule the line out.  A rule its group's needles call up (its needle, or
 * its pieces) is tried only on lines that hold one (first_match); it may
 * still lie outside the window an end-tied rule is run on.
 */
static int
try_rule(struct matcher *m, struct rulestate *r, const char *s, size_t n,
    struct line_facts *lf)
{
	size_t start = 0;

	if (r->minlen > n)
		return 0;
	if (r->maxlen != LITERAL_UNBOUNDED && r->eol && n > r->maxlen) {
		if (r->bol) {
			if (lf->nchars == SIZE_MAX)
				lf->nchars = count_chars(s, n);
			if (lf->nchars > r->maxlen)
				return 0;
		} else {
			/* the match is within the last maxlen characters */
			start = last_chars(s, n, r->maxlen);
		}
	}
	if (r->nlen > 0 && (r->callers == 0 || start > 0) &&
	    !has_needle(r, s + start, n - start))
		return 0;
	if (r->pieces != NULL && (!r->by_pieces || start > 0) &&
	    few_found(r->pieces, (const unsigned char *)s + start, n - start,
	    true) == 0)
		return 0;
	return run(m, r, main_code(r), s, n, start);
}

/* Insertion sort: a line calls up a handful of rules at most. */
static void
sort_ids(uint32_t *v, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		uint32_t x = v[i];

		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static const struct rule *
first_match(struct matcher *m, struct group *g, const char *s, size_t n)
{
	const struct buckets *b = &g->others;
	unsigned char first[4];
	size_t k, i, j, end, used;
	uint32_t last = UINT32_MAX;
	const struct needles *nd = &g->needles;
	struct line_facts lf = { SIZE_MAX };
	uint64_t found;

	if (n == 0 || g->nrules == 0)
		return NULL;
	k = trie_starts(g->starts, s, n, g->cand);
	k += trie_ends(g->ends, s, n, g->cand + k);
	found = nd->n > 0 ? line_needles(nd, s, n) : 0;
	for (; found != 0; found &= found - 1) {
		int d = __builtin_ctzll(found);

		memcpy(g->cand + k, nd->rules + nd->start[d],
		    (nd->start[d + 1] - nd->start[d]) * sizeof(*g->cand));
		k += nd->start[d + 1] - nd->start[d];
	}
	sort_ids(g->cand, k);
	/* the rules of the tries, of the needles and of the bucket, merged
	 * in file order */
	if (literal_fold_char(s, n, first, &used) == 0)
		first[0] = (unsigned char)s[0];
	i = 0;
	j = b->start[first[0]];
	end = b->start[first[0] + 1];
	while (i < k || j < end) {
		uint32_t next;

		if (j == end || (i < k && g->cand[i] < b->idx[j]))
			next = g->cand[i++];
		else
			next = (uint32_t)b->idx[j++];
		if (next == last)
			continue;
		last = next;
		if (try_rule(m, &m->rs[next], s, n, &lf))
			return m->rs[next].rule;
	}
	return NULL;
}

void
matcher_warn_again(struct matcher *m)
{
	m->warn_round++;
}

void
matcher_end_doc(struct matcher *m)
{
	m->doc++;
}

const struct rule *
matcher_keep(struct matcher *m, const char *s, size_t n)
{
	return first_match(m, &m->keep, s, n);
}

const struct rule *
matcher_decide(struct matcher *m, const char *s, size_t n)
{
	return first_match(m, &m->decide, s, n);
}

bool
matcher_block_ends(struct matcher *m, const struct rule *rule, const char *s,
    size_t n)
{
	struct rulestate *r = &m->rs[rule_index(rule)];

	return run(m, r, rule_end_code(rule), s, n, 0) == 1;
}

const struct rule *
matcher_strip(struct matcher *m, struct linetab *t, size_t li)
{
	const struct line *l = &t->lines[li];
	const char *s = l->view;
	size_t n = l->vlen, k;
	const struct rule *first = NULL;

	for (k = 0; k < m->nstrip; k++) {
		struct rulestate *r = &m->rs[m->strip[k]];
		size_t pos = 0;

		if (r->pieces != NULL && few_found(r->pieces,
		    (const unsigned char *)s, n, true) == 0)
			continue;
		while (pos <= n && r->minlen <= n - pos &&
		    run(m, r, main_code(r), s, n, pos)) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);

			if (ov[1] > ov[0]) {
				size_t a = norm_text_offset(t, li, ov[0]);

				linetab_add_span(t, li, a,
				    norm_text_offset(t, li, ov[1]) - a);
				if (first == NULL)
					first = r->rule;
				pos = ov[1];
				continue;
			}
			/* an empty match: move on by one character */
			pos = ov[1] + 1;
			while (pos < n && ((unsigned char)s[pos] & 0xc0) == 0x80)
				pos++;
		}
	}
	return first;
}
