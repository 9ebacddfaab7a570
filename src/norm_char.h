/*
 * What a code point does on its own under normalisation (norm.h): shared
 * by src/norm.c and tools/gen_norm, which writes norm_plain from it, so
 * that the table and the code it stands in for cannot disagree.
 */
#ifndef NORM_CHAR_H
#define NORM_CHAR_H

#include <stdbool.h>
#include <stdint.h>

#include <utf8proc.h>

#include "norm.h"

/*
 * Characters that only steer rendering.  The text keeps joiners and
 * variation selectors (scripts and emoji need them) and drops only what
 * scraping leaves behind.
 */
static inline bool
invisible(enum norm_form form, int32_t cp, const utf8proc_property_t *p)
{
	if (form == NORM_VIEW)
		return p->ignorable;
	return cp == 0xAD || cp == 0x200B || cp == 0x2060 || cp == 0xFEFF;
}

/*
 * A canonical decomposition that does not compose back to the character
 * (U+212B ANGSTROM SIGN becomes U+00C5).
 */
static inline bool
singleton(int32_t cp, const utf8proc_property_t *p)
{
	utf8proc_int32_t d[8];
	utf8proc_ssize_t n;
	int bc = 0;

	if (p->decomp_seqindex == UINT16_MAX || p->decomp_type != 0)
		return false;
	n = utf8proc_decompose_char(cp, d, 8, UTF8PROC_DECOMPOSE, &bc);
	if (n <= 0 || n > 8)
		return false;
	n = utf8proc_normalize_utf32(d, n, UTF8PROC_COMPOSE);
	return n != 1 || d[0] != cp;
}

/* Whether cp, on its own, changes under the form's normalisation. */
static inline bool
changes(enum norm_form form, int32_t cp, const utf8proc_property_t *p)
{
	return p->category == UTF8PROC_CATEGORY_ZS || invisible(form, cp, p) ||
	    p->combining_class != 0 || p->comp_exclusion ||
	    (form == NORM_VIEW && p->decomp_type != 0) || singleton(cp, p);
}

#endif
