/*
 * A trie of folded literals (see literal.h), each tagged with an id: one
 * walk down a line's first (or last) characters finds every literal the
 * line starts (or ends) with, however many literals there are.
 */
#ifndef TRIE_H
#define TRIE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct trie;

struct trie *trie_new(void);
void trie_free(struct trie *);

/* Add literal s[0, len) (folded UTF-8) with id; after trie_add, before
 * any walk, call trie_finish. */
void trie_add(struct trie *, const unsigned char *s, size_t len, uint32_t id);
void trie_finish(struct trie *);

/* Number of (literal, id) pairs: no walk finds more. */
size_t trie_size(const struct trie *);

/*
 * The ids of the literals that line s[0, n) starts with, folded as the
 * literals were, into ids (room for trie_size); returns how many.  An id
 * may come more than once.
 */
size_t trie_starts(const struct trie *, const char *s, size_t n,
    uint32_t *ids);

/* The same for the literals s ends with, of a trie whose literals were
 * added with trie_add_reversed. */
size_t trie_ends(const struct trie *, const char *s, size_t n, uint32_t *ids);
void trie_add_reversed(struct trie *, const unsigned char *s, size_t len,
    uint32_t id);

/*
 * Write a finished trie as C: arrays and a const struct trie named name,
 * for a generated source (see default_tries.h).  -1 on a write error.
 */
int trie_write_c(const struct trie *, const char *name, FILE *);

#endif
