/* For tools/gen_tries, which makes them: no tries built before it. */
#include "default_tries.h"

const struct built_trie default_tries[] = { { 0, NULL } };
const size_t default_ntries = 0;
