#include <endian.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "default_tries.h"
#include "literal.h"
#include "trie.h"
#include "util.h"

_Static_assert(sizeof(((struct trie_step *)0)->bytes) == 8,
    "a step's bytes are read as one word");

struct trie *
trie_new(void)
{
	struct trie *t = xcalloc(1, sizeof(*t));

	grow(&t->nodes, &t->cap, 1, sizeof(*t->nodes));
	memset(&t->nodes[0], 0, sizeof(t->nodes[0]));
	t->n = 1;
	return t;
}

void
trie_free(struct trie *t)
{
	if (t == NULL || t->built)
		return;
	free(t->nodes);
	free(t->tags);
	free(t->steps);
	free(t->ids);
	free(t->dense);
	free(t);
}

static uint32_t
child(const struct trie *t, uint32_t at, unsigned char b)
{
	uint32_t c;

	if (at == 0)
		return t->root[b];
	for (c = t->nodes[at].child; c != 0; c = t->nodes[c].sibling)
		if (t->nodes[c].byte == b)
			return c;
	return 0;
}

static uint32_t
add_child(struct trie *t, uint32_t at, unsigned char b)
{
	uint32_t c = child(t, at, b);

	if (c != 0)
		return c;
	grow(&t->nodes, &t->cap, t->n + 1, sizeof(*t->nodes));
	c = (uint32_t)t->n++;
	memset(&t->nodes[c], 0, sizeof(t->nodes[c]));
	t->nodes[c].byte = b;
	t->nodes[c].sibling = t->nodes[at].child;
	t->nodes[at].child = c;
	if (at == 0)
		t->root[b] = c;
	return c;
}

static void
tag(struct trie *t, uint32_t node, uint32_t id)
{
	grow(&t->tags, &t->tagcap, t->ntags + 1, sizeof(*t->tags));
	t->tags[t->ntags].node = node;
	t->tags[t->ntags].id = id;
	t->ntags++;
}

/* The length of s[0, len) cut to TRIE_DEPTH bytes of whole characters. */
static size_t
cut(const unsigned char *s, size_t len)
{
	if (len <= TRIE_DEPTH)
		return len;
	len = TRIE_DEPTH;
	while (len > 0 && (s[len] & 0xc0) == 0x80)
		len--;
	return len;
}

void
trie_add(struct trie *t, const unsigned char *s, size_t len, uint32_t id)
{
	uint32_t at;
	size_t i = 0;

	len = cut(s, len);
	while (i < len && i < t->lastlen && s[i] == t->last[i])
		i++;
	at = t->path[i];
	for (; i < len; i++) {
		at = add_child(t, at, s[i]);
		t->path[i + 1] = at;
	}
	memcpy(t->last, s, len);
	t->lastlen = len;
	tag(t, at, id);
}

void
trie_add_reversed(struct trie *t, const unsigned char *s, size_t len,
    uint32_t id)
{
	uint32_t at = 0;
	size_t end = len, stop = 0;

	if (len > TRIE_DEPTH) {
		stop = len - TRIE_DEPTH;
		while (stop < len && (s[stop] & 0xc0) == 0x80)
			stop++;
	}
	/* characters last to first, each one's bytes in order */
	while (end > stop) {
		size_t start = end - 1, i;

		while (start > 0 && (s[start] & 0xc0) == 0x80)
			start--;
		for (i = start; i < end; i++)
			at = add_child(t, at, s[i]);
		end = start;
	}
	tag(t, at, id);
}

/* Whether node i has more children than a step holds (the root has a row
 * of them: every walk starts there, and it has the most). */
static bool
dense(const struct trie *t, uint32_t i)
{
	uint32_t c, k = 0;

	for (c = t->nodes[i].child; c != 0 && k <= TRIE_SPARSE;
	    c = t->nodes[c].sibling)
		k++;
	return i == 0 || k > TRIE_SPARSE;
}

void
trie_finish(struct trie *t)
{
	uint32_t *order = xmalloc(t->n * sizeof(*order));
	uint32_t *place = xmalloc(t->n * sizeof(*place));
	size_t head, tail, i, j;

	/* breadth first: each node's children get places side by side */
	order[0] = 0;
	place[0] = 0;
	for (head = 0, tail = 1; head < tail; head++) {
		uint32_t c;

		for (c = t->nodes[order[head]].child; c != 0;
		    c = t->nodes[c].sibling) {
			place[c] = (uint32_t)tail;
			order[tail++] = c;
		}
	}
	free(t->steps);
	free(t->dense);
	t->steps = xcalloc(t->n + 1, sizeof(*t->steps));
	t->ndense = 0;
	for (i = 0; i < t->n; i++)
		t->ndense += dense(t, order[i]);
	t->dense = xcalloc(t->ndense, sizeof(*t->dense));
	for (i = 0, j = 0; i < t->n; i++) {
		struct trie_step *st = &t->steps[i];
		uint32_t c = t->nodes[order[i]].child, k = 0;

		if (c != 0)
			st->first = place[c];
		if (dense(t, order[i])) {
			st->bytes[TRIE_SPARSE] = TRIE_DENSE;
			st->first = (uint32_t)j;
			for (; c != 0; c = t->nodes[c].sibling)
				t->dense[j][t->nodes[c].byte] = place[c];
			j++;
			continue;
		}
		for (; c != 0; c = t->nodes[c].sibling)
			st->bytes[k++] = t->nodes[c].byte;
		st->bytes[TRIE_SPARSE] = (unsigned char)k;
	}

	/* a counting sort of the tags by step, ids in order within each */
	for (i = 0; i < t->ntags; i++)
		t->steps[place[t->tags[i].node] + 1].ids++;
	for (i = 0; i < t->n; i++)
		t->steps[i + 1].ids += t->steps[i].ids;
	free(t->ids);
	t->ids = xmalloc((t->ntags ? t->ntags : 1) * sizeof(*t->ids));
	/* order now counts the ids each step has so far */
	memset(order, 0, t->n * sizeof(*order));
	for (i = 0; i < t->ntags; i++) {
		uint32_t at = place[t->tags[i].node], id = t->tags[i].id;
		uint32_t *v = t->ids + t->steps[at].ids;

		/* tags mostly come in id order: this rarely moves any */
		for (j = order[at]++; j > 0 && v[j - 1] > id; j--)
			v[j] = v[j - 1];
		v[j] = id;
	}
	free(order);
	free(place);
}

/*
 * The child of step at by byte b, or 0; after trie_finish.  Inline: a
 * call for each byte of a line costs about what the step does.  A step of
 * a few children has their bytes compared eight at once, with no loop
 * whose end, different from one step to the next, is mispredicted: the
 * lowest byte of x equal to b is the lowest zero of x ^ b, found as the
 * lowest top bit of (v - 1) & ~v bytewise (above it, a borrow may set
 * more; below it, none).
 */
static inline uint32_t
walk(const struct trie *t, uint32_t at, unsigned char b)
{
	const struct trie_step *st = &t->steps[at];
	unsigned k = st->bytes[TRIE_SPARSE];
	uint64_t v, zero;

	if (k == TRIE_DENSE)
		return t->dense[st->first][b];
	memcpy(&v, st->bytes, sizeof(v));
	v = le64toh(v) ^ 0x0101010101010101ULL * b;
	/* no more than TRIE_SPARSE bytes: the shift is less than 64 */
	zero = (v - 0x0101010101010101ULL) & ~v & 0x8080808080808080ULL &
	    ((1ULL << 8 * k) - 1);
	return zero == 0 ? 0 :
	    st->first + (uint32_t)__builtin_ctzll(zero) / 8;
}

size_t
trie_size(const struct trie *t)
{
	return t->ntags;
}

/* Inline: called at every step, its call would cost what it does. */
static inline __attribute__((always_inline)) size_t
collect(const struct trie *t, uint32_t at, uint32_t *ids, size_t k)
{
	uint32_t from = t->steps[at].ids, n = t->steps[at + 1].ids - from;

	if (n > 0) {
		memcpy(ids + k, t->ids + from, n * sizeof(*ids));
		k += n;
	}
	return k;
}

size_t
trie_starts(const struct trie *t, const char *str, size_t n, uint32_t *ids)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t pos = 0, k = collect(t, 0, ids, 0);
	uint32_t at = 0;

	while (pos < n) {
		unsigned char b[4];
		size_t used, i, len;

		if (s[pos] < 0x80) {
			/* as literal_fold_char would, without the call */
			if ((at = walk(t, at, literal_fold_ascii(s[pos]))) == 0)
				break;
			k = collect(t, at, ids, k);
			pos++;
			continue;
		}
		len = literal_fold_char(str + pos, n - pos, b, &used);
		for (i = 0; i < len && at != UINT32_MAX; i++)
			if ((at = walk(t, at, b[i])) == 0)
				at = UINT32_MAX;
		if (len == 0 || at == UINT32_MAX)
			break;
		k = collect(t, at, ids, k);
		pos += used;
	}
	return k;
}

size_t
trie_ends(const struct trie *t, const char *str, size_t n, uint32_t *ids)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t end = n, k = collect(t, 0, ids, 0);
	uint32_t at = 0;

	while (end > 0) {
		unsigned char b[4];
		size_t start = end - 1, used, len, i;

		if (s[start] < 0x80) {
			/* as literal_fold_char would, without the call */
			if ((at = walk(t, at, literal_fold_ascii(s[start]))) ==
			    0)
				break;
			k = collect(t, at, ids, k);
			end = start;
			continue;
		}
		while (start > 0 && end - start < 4 && (s[start] & 0xc0) == 0x80)
			start--;
		len = literal_fold_char(str + start, end - start, b, &used);
		if (len == 0 || used != end - start)
			break;
		for (i = 0; i < len && at != UINT32_MAX; i++)
			if ((at = walk(t, at, b[i])) == 0)
				at = UINT32_MAX;
		if (at == UINT32_MAX)
			break;
		k = collect(t, at, ids, k);
		end = start;
	}
	return k;
}

/* Write n numbers of v as C, twelve a line, and a 0 past them (an array
 * of none is not C). */
static void
write_numbers(FILE *fp, const uint32_t *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(fp, "%s%" PRIu32 ",", i % 12 ? " " : "\n\t", v[i]);
	fprintf(fp, "\n\t0\n");
}

int
trie_write_c(const struct trie *t, const char *name, FILE *fp)
{
	size_t i, j, k;

	fprintf(fp, "static const struct trie_step %s_steps[] = {\n", name);
	for (i = 0; i <= t->n; i++) {
		const struct trie_step *st = &t->steps[i];

		fprintf(fp, "\t{ {");
		for (j = 0; j < sizeof(st->bytes); j++)
			fprintf(fp, " %u,", st->bytes[j]);
		fprintf(fp, " }, %" PRIu32 ", %" PRIu32 " },\n", st->first,
		    st->ids);
	}
	fprintf(fp, "};\n\nstatic const uint32_t %s_ids[] = {", name);
	write_numbers(fp, t->ids, t->ntags);
	fprintf(fp, "};\n\nstatic const uint32_t %s_dense[][256] = {\n",
	    name);
	for (i = 0; i < t->ndense; i++) {
		fprintf(fp, "\t{");
		for (j = 0, k = 0; j < 256; j++)
			if (t->dense[i][j] != 0)
				fprintf(fp, "%s[%zu] = %" PRIu32 ",", k++ % 6 ?
				    " " : "\n\t\t", j, t->dense[i][j]);
		fprintf(fp, "%s },\n", k == 0 ? " 0" : "");
	}
	fprintf(fp, "};\n\nstatic const struct trie %s = {\n"
	    "\t.n = %zu,\n\t.ntags = %zu,\n"
	    "\t.steps = (struct trie_step *)%s_steps,\n"
	    "\t.ids = (uint32_t *)%s_ids,\n"
	    "\t.dense = (uint32_t (*)[256])%s_dense,\n"
	    "\t.ndense = %zu,\n"
	    "\t.built = true,\n};\n\n", name, t->n, t->ntags, name, name,
	    name, t->ndense);
	return ferror(fp) ? -1 : 0;
}
