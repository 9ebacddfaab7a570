#!/bin/sh
# The sources must be clean under -Wall -Wextra -Werror with clang as well as
# the compiler that built them; skipped when clang is not installed.
set -u
if ! command -v clang >/dev/null 2>&1; then
	echo "compilers: skipped (no clang)"
	exit 0
fi
flags="-std=c11 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -fsyntax-only"
flags="$flags $(pkg-config --cflags libpcre2-8 libutf8proc uchardet jansson)"
fail=0
for f in src/*.c; do
	# shellcheck disable=SC2086 # flags are words on purpose
	clang $flags -Isrc "$f" || fail=$((fail + 1))
done
echo "compilers: clang $(( $(ls src/*.c | wc -l) - fail )) passed, $fail failed"
[ "$fail" = 0 ]
