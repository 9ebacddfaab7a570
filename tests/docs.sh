#!/bin/sh
# The documents agree with each other and with the tree: the exit status is
# told in the same words by the README, newsclean(1), --help and the
# comment above main(); the README's list of packages is the one
# tools/install-deps installs.
set -u
nc=${1:-./newsclean}
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { echo "FAIL docs: $1"; fail=$((fail + 1)); }

# the words alone: case, punctuation, markup and line breaks left out
words() {
	tr 'A-Z' 'a-z' | sed 's/^ *exit status://' | tr -cs 'a-z0-9=-' ' ' |
	    sed 's/^ *//; s/ *$//'
}

want=$("$nc" --help | sed -n '/^Exit status:/,$p' | words)
[ -n "$want" ] || no "--help tells no exit status"
readme=$(sed -n '/^Exit status:/,/^$/p' README.md | words)
comment=$(awk '/^\/\*/ { text = "" } { text = text "\n" $0 }
    /^main\(/ { print text; exit }' src/main.c |
    sed -n '/^\/\*/,/\*\//p' | sed 's/^ *\/*\** \{0,1\}//; s/\*\/$//' | words)
for doc in readme comment; do
	eval got=\$$doc
	if [ "$got" = "$want" ]; then ok; else
		no "the exit status in $doc is not --help's:"
		echo "  --help: $want"
		echo "  $doc: $got"
	fi
done
if command -v mandoc > /dev/null 2>&1; then
	man=$(mandoc -Tascii man/newsclean.1 | col -b |
	    sed -n '/^EXIT STATUS/,/^[A-Z]/p' | sed '1d;$d' | words)
	if [ "$man" = "$want" ]; then ok; else
		no "the exit status in newsclean(1) is not --help's:"
		echo "  --help: $want"
		echo "  newsclean(1): $man"
	fi
else
	echo "docs: newsclean(1) skipped (no mandoc)"
fi

# the packages, in the same order
deps=$(sed -n '/^pkgs="/,/"$/p' tools/install-deps | sed 's/pkgs=//' |
    tr -d '"' | tr -s ' \t\n' ' ' | sed 's/^ *//; s/ *$//')
listed=$(tr '\n' ' ' < README.md |
    sed -n 's/.*whichever of these packages is missing: \([^(]*\)(.*/\1/p' |
    tr -s ' ' | sed 's/^ *//; s/ *$//')
if [ -n "$deps" ] && [ "$listed" = "$deps" ]; then ok; else
	no "the README lists '$listed', tools/install-deps installs '$deps'"
fi

echo "docs: $pass passed, $fail failed"
[ "$fail" = 0 ]
