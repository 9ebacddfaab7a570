#!/bin/sh
# Turn rules/entities.txt into a C table sorted for bsearch(3):
#   entities.sh rules/entities.txt > src/default_entities.c
set -eu
printf '/* Generated from %s by tools/entities.sh: do not edit. */\n' "$1"
printf '#include <stddef.h>\n\n#include "default_rules.h"\n\n'
printf 'const struct html_entity html_entities[] = {\n'
grep -v '^#' "$1" | LC_ALL=C sort -t '	' -k 1,1 |
    awk -F '\t' '{
	n = split($2, cp, " ")
	sub(/^U\+/, "0x", cp[1])
	second = "0"
	if (n > 1) { second = cp[2]; sub(/^U\+/, "0x", second) }
	printf "\t{ \"%s\", { %s, %s } },\n", $1, cp[1], second
    }'
printf '};\n\nconst size_t html_entities_count =\n'
printf '    sizeof(html_entities) / sizeof(html_entities[0]);\n'
