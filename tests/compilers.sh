#!/bin/sh
# The sources must be clean under -Wall -Wextra -Werror with clang as well as
# the compiler that built them, and with -DNEWSCLEAN_PORTABLE (no code for
# one kind of processor) under both; clang's part is skipped when it is not
# installed.
set -u
flags="-std=c11 -Wall -Wextra -Werror -D_DEFAULT_SOURCE -fsyntax-only"
flags="$flags $(pkg-config --cflags libpcre2-8 libutf8proc uchardet jansson)"
fail=0 passed=0 with=
# check COMPILER [FLAGS...]: every source, counted
check() {
	c=$1
	shift
	for f in src/*.c; do
		# shellcheck disable=SC2086 # flags are words on purpose
		if $c $flags "$@" -Isrc "$f"; then
			passed=$((passed + 1))
		else
			fail=$((fail + 1))
		fi
	done
}
check "${CC:-cc}" -DNEWSCLEAN_PORTABLE
with="${CC:-cc} portable"
if command -v clang >/dev/null 2>&1; then
	check clang
	check clang -DNEWSCLEAN_PORTABLE
	with="$with, clang, clang portable"
else
	with="$with (clang skipped: not installed)"
fi
echo "compilers: $with: $passed passed, $fail failed"
[ "$fail" = 0 ]
