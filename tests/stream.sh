#!/bin/sh
# Whole-program checks that need generated or special input: a 100 MB line,
# output to a full disk, output closed early, a read error, records after a
# long one, installation.
set -u
nc=${1:-./newsclean}
tmp=${TMPDIR:-/tmp}/newsclean-stream.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { echo "FAIL stream: $1"; fail=$((fail + 1)); }

# A 100 MB line comes through whole, with the short line after it.
head -c 100000000 /dev/zero | tr '\0' x > "$tmp/big"
printf '\nShare on facebook\nlast\n' >> "$tmp/big"
"$nc" "$tmp/big" > "$tmp/big.out" 2> "$tmp/big.err"
st=$?
size=$(wc -c < "$tmp/big.out")
if [ "$st" = 0 ] && [ "$size" = 100000006 ] && [ ! -s "$tmp/big.err" ] &&
    [ "$(tail -n 1 "$tmp/big.out")" = last ]; then ok; else
	no "100 MB line: status $st, $size bytes out"; fi

# The same line through a pipe, a few KB a read, costs about what it does
# from the file: its end is sought in the new bytes of each read only.
now() { date +%s%3N; }
t0=$(now); "$nc" -j1 "$tmp/big" > /dev/null; t1=$(now)
cat "$tmp/big" | "$nc" -j1 > "$tmp/big.out"; t2=$(now)
size=$(wc -c < "$tmp/big.out")
if [ "$size" = 100000006 ] && [ $((t2 - t1)) -le $((3 * (t1 - t0) + 2000)) ]
then ok; else
	no "100 MB line through a pipe: $size bytes, $((t2 - t1)) ms (file: $((t1 - t0)) ms)"; fi

# A long document takes bounded memory: 200 MB of address space (more
# than the memory it touches) on one thread, for 43 MB (a document held
# whole took six times its size).  The detector judges it in pieces of some megabytes, at
# line ends, each as a page of its own: the article text in each is kept,
# the menus go.
awk 'BEGIN { for (i = 0; i < 250000; i++) {
	printf "Home\nNews\nSport\n"
	printf "Paragraph %d of the story, which the council said on Monday would go on for weeks.\n", i
	printf "Another paragraph of it, with enough words in it to be prose, %d.\n", i } }' \
    > "$tmp/doc"
size=$(wc -c < "$tmp/doc")
# (AddressSanitizer maps terabytes of address space: no bound there)
limit=200000
[ -n "${ASAN_OPTIONS-}" ] && limit=unlimited
( ulimit -v $limit; "$nc" -j1 "$tmp/doc" ) \
    > "$tmp/doc.out" 2> "$tmp/doc.err"
st=$?
# (all 500,000 paragraphs are kept today; a piece's ends may cost a few)
kept=$(grep -c -e '^Paragraph' -e '^Another' "$tmp/doc.out")
if [ "$st" = 0 ] && [ ! -s "$tmp/doc.err" ] && [ "$kept" -ge 495000 ] &&
    ! grep -q '^Home$' "$tmp/doc.out"; then ok; else
	no "$size-byte document: status $st, $kept paragraphs kept, $(head -c 200 "$tmp/doc.err")"; fi

# A full disk is an error with a message, not a silent loss.
if [ -w /dev/full ]; then
	"$nc" examples/article.txt > /dev/full 2> "$tmp/full.err"
	st=$?
	if [ "$st" = 2 ] && grep -q '^newsclean: write error: No space left' \
	    "$tmp/full.err"; then ok; else
		no "/dev/full: status $st, stderr: $(cat "$tmp/full.err")"; fi
fi

# --stats that cannot be written are lost output: status 2, not 0 (the
# text itself still written)
if [ -w /dev/full ]; then
	"$nc" --stats examples/article.txt > "$tmp/stats.out" 2> /dev/full
	st=$?
	if [ "$st" = 2 ] && "$nc" examples/article.txt |
	    cmp -s - "$tmp/stats.out"; then ok; else
		no "--stats on /dev/full: status $st"; fi
fi

# A reader that stops early ends the program quietly.
yes 'Some article text that goes on.' | head -n 200000 > "$tmp/long"
"$nc" "$tmp/long" 2> "$tmp/pipe.err" | head -n 1 > /dev/null
if [ ! -s "$tmp/pipe.err" ]; then ok; else
	no "closed pipe: stderr: $(cat "$tmp/pipe.err")"; fi

# A file that cannot be read: message, the others still cleaned, status 1.
printf 'kept\n' > "$tmp/a"
"$nc" "$tmp" "$tmp/a" > "$tmp/dir.out" 2> "$tmp/dir.err"
st=$?
if [ "$st" = 1 ] && [ "$(cat "$tmp/dir.out")" = kept ] &&
    [ "$(cat "$tmp/dir.err")" = "newsclean: $tmp: Is a directory" ]; then ok
else no "directory argument: status $st"; fi

# A long record does not slow down the records after it: each costs what
# it would cost alone (the detector's tables are cleared per record at the
# record's size, not at the largest one's).
ms() { date +%s%3N; }
awk 'BEGIN { for (i = 0; i < 50000; i++)
	printf "Line %d of a long page, with words enough to be prose.\n", i
	printf "%c", 0 }' > "$tmp/long1"
awk 'BEGIN { for (i = 0; i < 20000; i++)
	printf "Headline\nA short paragraph of an article, long enough to be prose, the editor said.\nMenu\n%c", 0 }' \
    > "$tmp/short"
cat "$tmp/long1" "$tmp/short" > "$tmp/both"
t0=$(ms); "$nc" -z "$tmp/long1" > /dev/null; t1=$(ms)
"$nc" -z "$tmp/short" > /dev/null; t2=$(ms)
"$nc" -z "$tmp/both" > /dev/null; t3=$(ms)
if [ $((t3 - t2)) -le $((2 * (t2 - t0) + 300)) ]; then ok; else
	no "records after a long one: $((t3 - t2)) ms, alone $((t1 - t0)) + $((t2 - t1)) ms"; fi

# make install puts everything under DESTDIR/PREFIX.
if make -s install DESTDIR="$tmp/root" PREFIX=/usr > "$tmp/install.log" 2>&1 &&
    [ -x "$tmp/root/usr/bin/newsclean" ] &&
    [ -f "$tmp/root/usr/share/man/man1/newsclean.1" ] &&
    [ -f "$tmp/root/usr/share/man/man5/newsclean-rules.5" ] &&
    [ -f "$tmp/root/usr/share/newsclean/default.rules" ] &&
    [ -f "$tmp/root/usr/share/newsclean/en.rules" ]; then ok; else
	no "make install"; cat "$tmp/install.log"; fi

echo "stream: $pass passed, $fail failed"
[ "$fail" = 0 ]
