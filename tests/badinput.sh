#!/bin/sh
# Bad input, generated here: binary files, files that cannot be read, read
# errors, huge and hostile rule files.  Each case checks the output, the
# message and the exit status; none may crash or hang.
set -u
nc=${1:-./newsclean}
tmp=${TMPDIR:-/tmp}/newsclean-bad.$$
mkdir -p "$tmp"
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { echo "FAIL badinput: $1"; fail=$((fail + 1)); }

# run SECONDS ARGS...: the program under a time limit; status 124 is a hang
run() {
	limit=$1
	shift
	if command -v timeout > /dev/null 2>&1; then
		timeout "$limit" "$nc" "$@"
	else
		"$nc" "$@"
	fi
}

valid_utf8() {
	iconv -f UTF-8 -t UTF-8 "$1" > /dev/null 2>&1
}

# A binary file: cleaned like any text, with valid UTF-8 out and at most
# the one-line note about bytes no charset could read.
head -c 1000000 /dev/urandom > "$tmp/binary"
for args in "" "--rules-only" "-z" "--normalize" "-f UTF-16LE --rules-only"; do
	# shellcheck disable=SC2086 # the options are words
	run 60 $args "$tmp/binary" > "$tmp/bin.out" 2> "$tmp/bin.err"
	st=$?
	lines=$(wc -l < "$tmp/bin.err")
	if [ "$st" = 0 ] && valid_utf8 "$tmp/bin.out" && [ "$lines" -le 1 ] &&
	    { [ "$lines" = 0 ] ||
	    grep -q "^newsclean: $tmp/binary: [0-9]* bytes\{0,1\} no charset" \
	    "$tmp/bin.err"; }; then ok
	else no "binary file ($args): status $st, $(head -c 200 "$tmp/bin.err")"
	fi
done

# Empty input, and NUL-separated input with nothing but separators.
: > "$tmp/empty"
run 10 "$tmp/empty" > "$tmp/empty.out" 2>&1
st=$?
if [ "$st" = 0 ] && [ ! -s "$tmp/empty.out" ]; then ok; else
	no "empty input: status $st"; fi
printf '\0\0\0' | run 10 -z > "$tmp/nuls.out" 2> "$tmp/nuls.err"
st=$?
if [ "$st" = 0 ] && [ "$(od -An -c "$tmp/nuls.out" | tr -d ' ')" = '\0\0\0' ] &&
    [ ! -s "$tmp/nuls.err" ]; then ok; else
	no "-z with empty records: status $st"; fi

# Files that cannot be read: one message each, the others still cleaned,
# status 1.
printf 'An article line that stays.\n' > "$tmp/good"
run 10 "$tmp/missing" "$tmp" "$tmp/good" > "$tmp/args.out" 2> "$tmp/args.err"
st=$?
want="newsclean: $tmp/missing: No such file or directory
newsclean: $tmp: Is a directory"
if [ "$st" = 1 ] && [ "$(cat "$tmp/args.err")" = "$want" ] &&
    [ "$(cat "$tmp/args.out")" = "An article line that stays." ]; then ok
else no "missing file and directory: status $st, $(cat "$tmp/args.err")"; fi

# Root reads everything: it tries as nobody, when setpriv(1) can switch.
as=
if [ "$(id -u)" = 0 ]; then
	command -v setpriv > /dev/null 2>&1 &&
	    as="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
if [ "$(id -u)" != 0 ] || [ -n "$as" ]; then
	cp "$tmp/good" "$tmp/locked"
	chmod 000 "$tmp/locked"
	chmod 755 "$tmp"
	$as "$nc" "$tmp/locked" "$tmp/good" > "$tmp/perm.out" 2> "$tmp/perm.err"
	st=$?
	if [ "$st" = 1 ] && [ "$(cat "$tmp/perm.err")" = \
	    "newsclean: $tmp/locked: Permission denied" ] &&
	    [ -s "$tmp/perm.out" ]; then ok
	else no "unreadable file: status $st, $(cat "$tmp/perm.err")"; fi
else
	echo "badinput: unreadable file skipped (root, and no setpriv)"
fi

# A read error is an error, not the end of the input.
if [ -r /proc/self/mem ]; then
	run 10 /proc/self/mem "$tmp/good" > "$tmp/eio.out" 2> "$tmp/eio.err"
	st=$?
	if [ "$st" = 1 ] && [ "$(cat "$tmp/eio.err")" = \
	    "newsclean: /proc/self/mem: Input/output error" ] &&
	    [ -s "$tmp/eio.out" ]; then ok
	else no "read error: status $st, $(cat "$tmp/eio.err")"; fi
fi

# 10,000 rules: loaded, checked and used in reasonable time.
i=1
{
	echo "[generated]"
	while [ $i -le 10000 ]; do
		echo "drop /^boilerplate phrase number $i\$/i"
		i=$((i + 1))
	done
} > "$tmp/many.rules"
out=$(run 60 --no-default-rules -r "$tmp/many.rules" --check 2>&1)
st=$?
if [ "$st" = 0 ] && [ "$out" = "10000 rules: ok" ]; then ok; else
	no "10,000 rules --check: status $st, $out"; fi
printf 'Boilerplate phrase number 9999\nAn article line that stays.\n' |
    run 60 --rules-only --no-default-rules -r "$tmp/many.rules" \
    > "$tmp/many.out" 2> "$tmp/many.err"
st=$?
if [ "$st" = 0 ] && [ "$(cat "$tmp/many.out")" = \
    "An article line that stays." ] && [ ! -s "$tmp/many.err" ]; then ok
else no "10,000 rules: status $st, $(head -c 200 "$tmp/many.err")"; fi

# A pattern that backtracks catastrophically: PCRE2's limits stop it, a
# warning names the rule once, the line is kept, and the run goes on.
printf '[slow]\ndrop /^(a+)+$/\n' > "$tmp/slow.rules"
{
	head -c 50000 /dev/zero | tr '\0' a
	printf 'b\n'
	head -c 50000 /dev/zero | tr '\0' a
	printf 'c\nAn article line that stays.\n'
} > "$tmp/slow.in"
for jit in "" --no-jit; do
	run 60 $jit --no-default-rules -r "$tmp/slow.rules" "$tmp/slow.in" \
	    > "$tmp/slow.out" 2> "$tmp/slow.err"
	st=$?
	if [ "$st" = 0 ] && [ "$(wc -l < "$tmp/slow.out")" = 3 ] &&
	    [ "$(cat "$tmp/slow.err")" = "newsclean: $tmp/slow.rules:2: match \
limit exceeded; the rule is skipped on such lines, and after 3 of them in a \
document for the rest of it" ]; then ok
	else no "catastrophic pattern $jit: status $st, $(cat "$tmp/slow.err")"
	fi
done

# Such a pattern on every line does not pay its limit on every line: 20,000
# short lines that each hit it (0.05 s a line once) take well under the
# time limit as one document (the rule is skipped after three), and 5,000
# of them as NUL-separated documents (the limit grows with a line's length,
# from a small base: about 0.1 ms a line); the warning comes once.
printf '[slow]\ndrop /^(\\w+\\s?)*$/\n' > "$tmp/words.rules"
awk 'BEGIN { for (i = 0; i < 20000; i++)
	printf "An article line of words that goes on %d!\n", i }' \
    > "$tmp/words.in"
head -n 5000 "$tmp/words.in" > "$tmp/words.z"
tr '\n' '\0' < "$tmp/words.z" > "$tmp/words.nul"
for args in "" "--no-jit" "-z" "-z --no-jit"; do
	in=$tmp/words.in
	want=$tmp/words.in
	case $args in -z*) in=$tmp/words.nul want=$tmp/words.z ;; esac
	# shellcheck disable=SC2086 # the options are words
	run 20 $args --no-default-rules --rules-only -r "$tmp/words.rules" \
	    "$in" > "$tmp/words.out" 2> "$tmp/words.err"
	st=$?
	# each record comes out with a line end before its NUL
	if [ "$st" = 0 ] &&
	    tr -d '\0' < "$tmp/words.out" | cmp -s "$want" - &&
	    [ "$(cat "$tmp/words.err")" = "newsclean: $tmp/words.rules:2: match \
limit exceeded; the rule is skipped on such lines, and after 3 of them in a \
document for the rest of it" ]; then ok
	else no "limit hit on every line, $args: status $st, \
$(head -c 300 "$tmp/words.err")"
	fi
done

echo "badinput: $pass passed, $fail failed"
[ "$fail" = 0 ]
