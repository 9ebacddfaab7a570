#include <endian.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "default_tries.h"
#include "literal.h"
#include "trie.h"
#include "util.h"

#define DENSE_MIN 6
/* edge_byte has so many bytes past its last: a node's edges are read
 * eight at a time (walk) */
#define EDGE_PAD 8
_Static_assert(DENSE_MIN < 8, "a sparse node's edges are read in one word");

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
	free(t->ids);
	free(t->edge_byte);
	free(t->edge_node);
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

void
trie_finish(struct trie *t)
{
	size_t i, j, ndense;

	/* a counting sort of the tags by node, ids in order within each */
	for (i = 0; i < t->n; i++)
		t->nodes[i].ids = t->nodes[i].nids = 0;
	for (i = 0; i < t->ntags; i++)
		t->nodes[t->tags[i].node].nids++;
	for (i = 0, j = 0; i < t->n; i++) {
		t->nodes[i].ids = (uint32_t)j;
		j += t->nodes[i].nids;
		t->nodes[i].nids = 0;
	}
	free(t->ids);
	t->ids = xmalloc((t->ntags ? t->ntags : 1) * sizeof(*t->ids));
	for (i = 0; i < t->ntags; i++) {
		struct trie_node *nd = &t->nodes[t->tags[i].node];
		uint32_t *v = t->ids + nd->ids, id = t->tags[i].id;

		/* tags mostly come in id order: this rarely moves any */
		for (j = nd->nids++; j > 0 && v[j - 1] > id; j--)
			v[j] = v[j - 1];
		v[j] = id;
	}
	free(t->edge_byte);
	free(t->edge_node);
	free(t->dense);
	t->edge_byte = xcalloc(t->n + EDGE_PAD, 1);
	t->edge_node = xmalloc(t->n * sizeof(*t->edge_node));
	for (i = 0, j = 0, ndense = 0; i < t->n; i++) {
		uint32_t c;

		t->nodes[i].edges = (uint32_t)j;
		for (c = t->nodes[i].child; c != 0; c = t->nodes[c].sibling) {
			t->edge_byte[j] = t->nodes[c].byte;
			t->edge_node[j++] = c;
		}
		t->nodes[i].nedges = (uint32_t)j - t->nodes[i].edges;
		t->nodes[i].dense = 0;
		if (i > 0 && t->nodes[i].nedges > DENSE_MIN)
			t->nodes[i].dense = (uint32_t)++ndense;
	}
	t->dense = xcalloc(ndense ? ndense : 1, sizeof(*t->dense));
	for (i = 1; i < t->n; i++)
		if (t->nodes[i].dense != 0)
			for (j = 0; j < t->nodes[i].nedges; j++)
				t->dense[t->nodes[i].dense - 1][t->edge_byte[
				    t->nodes[i].edges + j]] =
				    t->edge_node[t->nodes[i].edges + j];
}

/*
 * The child of node at by byte b, or 0; after trie_finish.  Inline: a
 * call for each byte of a line costs about what the step does.  A node of
 * a few children has their bytes compared eight at once, with no loop
 * whose end, different from one node to the next, is mispredicted: the
 * lowest byte of x equal to b is the lowest zero of x ^ b, found as the
 * lowest top bit of (v - 1) & ~v bytewise (above it, a borrow may set
 * more; below it, none).
 */
static inline uint32_t
walk(const struct trie *t, uint32_t at, unsigned char b)
{
	const struct trie_node *nd = &t->nodes[at];
	uint64_t v, zero;

	if (at == 0)
		return t->root[b];
	if (nd->dense != 0)
		return t->dense[nd->dense - 1][b];
	memcpy(&v, t->edge_byte + nd->edges, sizeof(v));
	v = le64toh(v) ^ 0x0101010101010101ULL * b;
	/* no more than DENSE_MIN edges: the shift is less than 64 */
	zero = (v - 0x0101010101010101ULL) & ~v & 0x8080808080808080ULL &
	    ((1ULL << 8 * nd->nedges) - 1);
	return zero == 0 ? 0 :
	    t->edge_node[nd->edges + (uint32_t)__builtin_ctzll(zero) / 8];
}

size_t
trie_size(const struct trie *t)
{
	return t->ntags;
}

static size_t
collect(const struct trie *t, uint32_t at, uint32_t *ids, size_t k)
{
	const struct trie_node *nd = &t->nodes[at];

	if (nd->nids > 0) {
		memcpy(ids + k, t->ids + nd->ids, nd->nids * sizeof(*ids));
		k += nd->nids;
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

int
trie_write_c(const struct trie *t, const char *name, FILE *fp)
{
	size_t i, j, ndense = 0;

	for (i = 0; i < t->n; i++)
		if (t->nodes[i].dense > ndense)
			ndense = t->nodes[i].dense;
	fprintf(fp, "static const struct trie_node %s_nodes[] = {\n", name);
	for (i = 0; i < t->n; i++) {
		const struct trie_node *nd = &t->nodes[i];

		fprintf(fp, "\t{ %" PRIu32 ", %" PRIu32 ", %" PRIu32 ", %" PRIu32
		    ", %" PRIu32 ", %" PRIu32 ", %" PRIu32 ", %u },\n",
		    nd->child, nd->sibling, nd->ids, nd->nids, nd->edges,
		    nd->nedges, nd->dense, nd->byte);
	}
	fprintf(fp, "};\n\nstatic const uint32_t %s_ids[] = {", name);
	for (i = 0; i < t->ntags; i++)
		fprintf(fp, "%s%" PRIu32 ",", i % 12 ? " " : "\n\t", t->ids[i]);
	fprintf(fp, "\n\t0\n};\n\nstatic const unsigned char %s_edge_byte[] "
	    "= {", name);
	for (i = 0; i < t->n; i++)
		fprintf(fp, "%s%u,", i % 12 ? " " : "\n\t", t->edge_byte[i]);
	for (i = 0; i < EDGE_PAD; i++)
		fprintf(fp, "%s0,", i > 0 ? " " : "\n\t");
	fprintf(fp, "\n};\n\nstatic const uint32_t %s_edge_node[] = {",
	    name);
	for (i = 0; i < t->n; i++)
		fprintf(fp, "%s%" PRIu32 ",", i % 12 ? " " : "\n\t",
		    t->edge_node[i]);
	fprintf(fp, "\n\t0\n};\n\nstatic const uint32_t %s_dense[][256] = {\n",
	    name);
	for (i = 0; i < (ndense ? ndense : 1); i++) {
		size_t k = 0;

		fprintf(fp, "\t{");
		for (j = 0; ndense > 0 && j < 256; j++)
			if (t->dense[i][j] != 0)
				fprintf(fp, "%s[%zu] = %" PRIu32 ",", k++ % 6 ?
				    " " : "\n\t\t", j, t->dense[i][j]);
		fprintf(fp, "%s },\n", k == 0 ? " 0" : "");
	}
	fprintf(fp, "};\n\nstatic const struct trie %s = {\n"
	    "\t.nodes = (struct trie_node *)%s_nodes,\n\t.n = %zu,\n"
	    "\t.root = {", name, name, t->n);
	for (i = 0, j = 0; i < 256; i++)
		if (t->root[i] != 0)
			fprintf(fp, "%s[%zu] = %" PRIu32 ",", j++ % 6 ? " " :
			    "\n\t\t", i, t->root[i]);
	fprintf(fp, "%s },\n\t.ntags = %zu,\n"
	    "\t.ids = (uint32_t *)%s_ids,\n"
	    "\t.edge_byte = (unsigned char *)%s_edge_byte,\n"
	    "\t.edge_node = (uint32_t *)%s_edge_node,\n"
	    "\t.dense = (uint32_t (*)[256])%s_dense,\n"
	    "\t.built = true,\n};\n\n", j == 0 ? " 0" : "", t->ntags, name,
	    name, name, name);
	return ferror(fp) ? -1 : 0;
}
