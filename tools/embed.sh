#!/bin/sh
# Turn rule files into a C array of strings: embed.sh FILE... > default_rules.c
set -eu
printf '/* Generated from rules/ by tools/embed.sh: do not edit. */\n'
printf '#include <stddef.h>\n\n#include "default_rules.h"\n\n'
printf 'const struct embedded_file default_rules[] = {\n'
for f in "$@"; do
	printf '\t{ "%s",\n' "$(basename "$f")"
	# Escape backslashes, quotes and question marks (no trigraphs).
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' \
	    -e 's/^/\t  "/' -e 's/$/\\n"/' "$f"
	printf '\t  "" },\n'
done
printf '\t{ NULL, NULL },\n};\n'
