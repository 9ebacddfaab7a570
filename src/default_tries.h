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
 * first child and next sibling.  trie_finish then lays the nodes out again
 * for the walks, as steps: breadth first, so that a node's children are
 * side by side and the child by byte is the first one's place plus where
 * the byte is among the node's few (up to TRIE_SPARSE of them), which the
 * step holds: a step down a line is one load of 16 bytes, not a chase
 * through three arrays.  A node of more children, and the root, have a
 * row of children by byte instead.
 */
struct trie_node {
	uint32_t child, sibling;
	unsigned char byte;
};

#define TRIE_SPARSE 7		/* children a step's bytes hold */
#define TRIE_DENSE 0xff		/* in bytes[TRIE_SPARSE]: a row of them */

struct trie_step {
	/* the children's bytes; then how many, or TRIE_DENSE */
	unsigned char bytes[TRIE_SPARSE + 1];
	uint32_t first;		/* the first child's step, or the row */
	/* its ids are ids[this, the next step's): one more step ends them */
	uint32_t ids;
};

struct trie_tag {
	uint32_t node, id;
};

struct trie {
	struct trie_node *nodes;	/* while adding */
	size_t n, cap;
	struct trie_tag *tags;	/* while adding */
	size_t ntags, tagcap;
	/* after trie_finish: n + 1 steps, the ids by step, the rows */
	struct trie_step *steps;
	uint32_t *ids;
	uint32_t (*dense)[256];
	size_t ndense;

	/*
	 * The last literal added and the nodes along it: literals mostly
	 * come sorted, so the next one shares a start with it that need not
	 * be looked up again.
	 */
	unsigned char last[TRIE_DEPTH];
	uint32_t path[TRIE_DEPTH + 1];
	size_t lastlen;
	uint32_t root[256];	/* while adding: the root's children */
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
