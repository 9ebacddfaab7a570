/*
 * A 64-bit mix (splitmix64's finaliser): every bit of the result depends
 * on every bit of x, so numbers that differ a little draw far apart.  The
 * training tool's draws (the sites of a fold, the features of a tree) are
 * made from it, so that the same data and options give the same model.
 */
#ifndef MIX_H
#define MIX_H

#include <stdint.h>

static inline uint64_t
mix64(uint64_t x)
{
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9u;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebu;
	return x ^ (x >> 31);
}

#endif
