/*
 * The layout of a trie (trie.h), shared by trie.c and the tries that
 * tools/gen_tries builds from the default rules at build time and writes
 * as C (src/default_tries.c): a start then has no tries to build.  The
 * rest of the program sees only trie.h.
 */
#ifndef DEFAULT_TRIES_H
#define DEFAULT_TRIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A literal's first TRIE_DEPTH bytes (whole characters) tell a line apart
 * nearly as well as all of it, and keep the trie small.
 */
#define TRIE_DEPTH 10

/*
 * Node 0 is the root.  While adding, children hang off a node as a list,
 * first child and next sibling; trie_finish lays each node's children out
 * side by side for the walks, their bytes in one array and their nodes in
 * another.  The root's are also indexed by byte, since every walk starts
 * there and the root has the most.
 */
struct trie_node {
	uint32_t child, sibling;
	uint32_t ids, nids;	/* range of trie->ids, set by trie_finish */
	uint32_t edges, nedges;	/* range of edge_byte and edge_node */
	uint32_t dense;		/* 1 + its row of trie->dense, or 0 */
	unsigned char byte;
};

struct trie_tag {
	uint32_t node, id;
};

struct trie {
	struct trie_node *nodes;
	size_t n, cap;
	uint32_t root[256];
	struct trie_tag *tags;	/* while adding */
	size_t ntags, tagcap;
	uint32_t *ids;		/* after trie_finish, grouped by node */
	unsigned char *edge_byte;	/* after trie_finish */
	uint32_t *edge_node;
	/* for nodes with more than DENSE_MIN children: the child by byte */
	uint32_t (*dense)[256];

	/*
	 * The last literal added and the nodes along it: literals mostly
	 * come sorted, so the next one shares a start with it that need not
	 * be looked up again.
	 */
	unsigned char last[TRIE_DEPTH];
	uint32_t path[TRIE_DEPTH + 1];
	size_t lastlen;
	bool built;		/* at build time: its arrays are no one's */
};

/*
 * The tries built at build time, each with the hash of the literals and
 * ids it was made of (see match.c), by which a run finds the one it would
 * build.
 */
struct built_trie {
	uint64_t adds;
	const struct trie *trie;
};

extern const struct built_trie default_tries[];
extern const size_t default_ntries;

#endif
