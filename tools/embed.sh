#!/bin/sh
# Turn text files into a C array of strings:
#   embed.sh ARRAY FILE... > ARRAY.c
set -eu
array=$1
shift
printf '/* Generated from rules/ by tools/embed.sh: do not edit. */\n'
printf '#include <stddef.h>\n\n#include "default_rules.h"\n\n'
printf 'const struct embedded_file %s[] = {\n' "$array"
for f in "$@"; do
	printf '\t{ "%s",\n' "$(basename "$f")"
	# Escape backslashes, quotes and question marks (no trigraphs).
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' \
	    -e 's/^/\t  "/' -e 's/$/\\n"/' "$f"
	printf '\t  "" },\n'
done
printf '\t{ NULL, NULL },\n};\n'
