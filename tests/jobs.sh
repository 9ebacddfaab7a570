#!/bin/sh
# -j: on several threads, the same bytes out, the same lines on standard
# error in the same order and the same exit status as on one, for NUL
# records, JSON Lines and files named (to standard output, -o and -i),
# with bad records, bytes no charset reads, a rule that fails, files that
# cannot be read, a document longer than a read and one longer than the
# detector judges at once, and output that cannot be written.  The inputs
# are a few MB, so that they come in many batches.
set -u
nc=${1:-./newsclean}
case $nc in /*) ;; *) nc=$(pwd)/$nc ;; esac	# some cases run elsewhere
tmp=${TMPDIR:-/tmp}/newsclean-jobs.$$
mkdir -p "$tmp"
[ -n "${KEEP-}" ] || trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM	# stopped: no case runs on in a removed directory
LC_ALL=C
export LC_ALL
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { echo "FAIL jobs: $*"; fail=$((fail + 1)); }

pages="examples/article.txt tests/detect/comment_thread.txt
    tests/detect/comments.txt tests/detect/german.txt tests/detect/menu_head.txt
    tests/detect/no_article.txt tests/detect/related_tail.txt
    tests/detect/subheadings.txt tests/detect/toolbar_comments.txt
    tests/charsets/french.txt tests/charsets/russian.txt"

# same WHAT INPUT ARGS...: -j1, -j2 and -j3 on INPUT (standard input; -
# for none) give the same output, messages and status; the output of -j1
# is left in $tmp/1.out, its messages in $tmp/1.err.
same() {
	what=$1 input=$2
	shift 2
	[ "$input" = - ] && input=/dev/null
	"$nc" -j1 "$@" < "$input" > "$tmp/1.out" 2> "$tmp/1.err"
	echo $? > "$tmp/1.st"
	for j in 2 3; do
		"$nc" -j$j "$@" < "$input" > "$tmp/$j.out" 2> "$tmp/$j.err"
		echo $? > "$tmp/$j.st"
		if cmp -s "$tmp/1.out" "$tmp/$j.out" &&
		    cmp -s "$tmp/1.err" "$tmp/$j.err" &&
		    cmp -s "$tmp/1.st" "$tmp/$j.st"; then ok; else
			no "$what: -j$j differs from -j1 (status" \
			    "$(cat "$tmp/1.st") and $(cat "$tmp/$j.st"))"
			diff "$tmp/1.err" "$tmp/$j.err" | head -5
			cmp "$tmp/1.out" "$tmp/$j.out"
		fi
	done
}

# NUL-separated pages, about 2 MB, one with a byte that is not UTF-8
i=0
while [ $i -lt 200 ]; do
	for p in $pages; do cat "$p"; printf '\0'; done
	if [ $i = 120 ]; then printf 'Caf\351 au lait, a line of text.\n\0'; fi
	i=$((i + 1))
done > "$tmp/pages.nul"
same "-z" "$tmp/pages.nul" -z --stats
[ -s "$tmp/1.out" ] && grep -q '^lines' "$tmp/1.err" && ok ||
    no "-z: no output or no --stats"
same "-z --explain" "$tmp/pages.nul" -z --explain
same "-z --rules-only" "$tmp/pages.nul" -z --rules-only --stats
same "-z, fallback charset" "$tmp/pages.nul" -z --fallback-charset=iso-8859-2
# the bad byte stops the input: what comes after it is not cleaned
same "-z --invalid=fail" "$tmp/pages.nul" -z --invalid=fail --stats
if [ "$(cat "$tmp/1.st")" = 1 ] && grep -q 'not valid' "$tmp/1.err"; then ok
else no "-z --invalid=fail: status $(cat "$tmp/1.st")"; fi

# a rule that fails on some lines: told once, where one job tells it
printf '[slow]\ndrop /^(a+)+$/\n' > "$tmp/slow.rules"
i=0
while [ $i -lt 500 ]; do
	printf 'A line of text, number %d.\nAnother line.\n\0' $i
	i=$((i + 1))
done > "$tmp/slow1.nul"
printf 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\n\0' >> "$tmp/slow1.nul"
i=0
while [ $i -lt 30 ]; do cat "$tmp/slow1.nul"; i=$((i + 1)); done \
    > "$tmp/slow.nul"
same "a rule that fails" "$tmp/slow.nul" -z --rules-only -r "$tmp/slow.rules"
[ "$(grep -c 'match limit' "$tmp/1.err")" = 1 ] && ok ||
    no "a rule that fails: $(grep -c 'match limit' "$tmp/1.err") warnings"

# a document longer than a read, among short ones: streamed with the rules
# alone
{
	head -c 300 "$tmp/pages.nul" | tr -d '\0'; printf '\0'
	i=0
	while [ $i -lt 40000 ]; do
		printf 'Share on Facebook\nA line of a long page, %d.\n' $i
		i=$((i + 1))
	done
	printf '\0'
	head -c 1000000 "$tmp/pages.nul"
} > "$tmp/long.nul"
same "a long record, --rules-only" "$tmp/long.nul" -z --rules-only --stats
same "a long record" "$tmp/long.nul" -z --stats

# records longer than the detector judges at once (8 MB), among short
# ones, the second after a long line and a megabyte of records that the
# reader hands on in batches: judged in the same pieces on every thread
awk 'BEGIN { for (i = 0; i < 130000; i++)
	printf "Share on Facebook\nA line of a long page, which goes on for a while, %d.\n", i }' \
    > "$tmp/huge.txt"
{
	head -c 300 "$tmp/pages.nul" | tr -d '\0'; printf '\0'
	cat "$tmp/huge.txt"; printf '\0'
	head -c 1000000 "$tmp/pages.nul"
	head -c 9000000 /dev/zero | tr '\0' x; printf '\0'
	cat "$tmp/huge.txt"; printf '\0'
	head -c 1000000 "$tmp/pages.nul"
} > "$tmp/huge.nul"
same "records of 9 MB" "$tmp/huge.nul" -z --stats

# JSON Lines: good records and bad ones, as each --on-bad-record says
json_string() {
	awk 'BEGIN { ORS = "" }
	{
		gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t")
		gsub(/\r/, "\\r")
		s = s $0 "\\n"
	}
	END { print "\"" s "\"" }' "$1"
}
for p in $pages; do
	printf '{"id":1,"text":%s,"n":[1,2]}\n' "$(json_string "$p")"
done > "$tmp/one.jsonl"
i=0
while [ $i -lt 150 ]; do
	cat "$tmp/one.jsonl"
	case $i in
	17) printf '{"id":2,"text":17}\n' ;;
	60) printf 'not json\n\n' ;;
	99) printf '{"text":"a \\u00e9 line","id":3,"text":"twice"}\r\n' ;;
	esac
	i=$((i + 1))
done > "$tmp/pages.jsonl"
same "--jsonl" "$tmp/pages.jsonl" --jsonl --jsonl-stats --stats
if [ "$(cat "$tmp/1.st")" = 1 ] && [ "$(wc -l < "$tmp/1.err")" -gt 3 ]; then
	ok; else no "--jsonl: status $(cat "$tmp/1.st")"; fi
same "--jsonl, skip" "$tmp/pages.jsonl" --jsonl --on-bad-record=skip
same "--jsonl, pass" "$tmp/pages.jsonl" --jsonl --on-bad-record=pass --stats
same "--jsonl=id" "$tmp/pages.jsonl" --jsonl=id

# files named: a directory (a read error), a file that is not there, one
# that cannot be opened, empty ones, standard input among them
mkdir "$tmp/in" "$tmp/dir"
n=0
for p in $pages $pages $pages; do
	n=$((n + 1))
	cat "$p" > "$tmp/in/f$n.txt"
done
: > "$tmp/in/empty.txt"
cp "$tmp/pages.nul" "$tmp/in/big.nul"
printf 'Caf\351\n' > "$tmp/in/latin1.txt"
cp "$tmp/in/f1.txt" "$tmp/in/locked.txt"
chmod 000 "$tmp/in/locked.txt"
files="$tmp/in/f1.txt $tmp/dir $tmp/in/f2.txt $tmp/in/missing.txt
    $tmp/in/empty.txt $tmp/in/locked.txt $tmp/in/latin1.txt"
for k in 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	files="$files $tmp/in/f$k.txt"
done
# shellcheck disable=SC2086 # one word per file
same "files" "$tmp/in/f3.txt" --stats $files - "$tmp/in/f4.txt"
# shellcheck disable=SC2086
same "files, --invalid=fail" - --invalid=fail $files
# shellcheck disable=SC2086
same "files, -z" - -z $files "$tmp/in/big.nul" "$tmp/in/f5.txt"
if [ "$(cat "$tmp/1.st")" = 1 ] && grep -q 'Is a directory' "$tmp/1.err" &&
    grep -q 'missing.txt: No such file' "$tmp/1.err"; then ok; else
	no "files: status $(cat "$tmp/1.st"), $(head -c 300 "$tmp/1.err")"; fi

# -o: the same files written, the same refused
# shellcheck disable=SC2086
for j in 1 2; do
	rm -rf "$tmp/out$j"
	mkdir "$tmp/out$j"
	(cd "$tmp" && "$nc" -j$j -o "out$j" in/f1.txt dir in/f2.txt \
	    in/missing.txt ./in/f3.txt in/../in/f4.txt in/f5.txt in/f5.txt \
	    in/big.nul in/latin1.txt in/empty.txt) > "$tmp/o$j.out" \
	    2> "$tmp/o$j.err"
	echo $? > "$tmp/o$j.st"
	sed "s/out$j/out/g" "$tmp/o$j.err" > "$tmp/o$j.errs"
done
if diff -r "$tmp/out1" "$tmp/out2" > /dev/null &&
    cmp -s "$tmp/o1.errs" "$tmp/o2.errs" && cmp -s "$tmp/o1.st" "$tmp/o2.st" &&
    [ ! -s "$tmp/o1.out" ] && [ ! -s "$tmp/o2.out" ] &&
    [ -s "$tmp/out1/in/f3.txt" ]; then ok; else
	no "-o: -j2 differs from -j1"; diff "$tmp/o1.errs" "$tmp/o2.errs"; fi

# -i: the same files replaced, the same refused
for j in 1 2; do
	rm -rf "$tmp/i$j"
	cp -R "$tmp/in" "$tmp/i$j"
	ln -s f2.txt "$tmp/i$j/link.txt"
	(cd "$tmp/i$j" && "$nc" -j$j -i.bak f1.txt f2.txt link.txt f3.txt \
	    f1.txt nothere.txt f6.txt.bak f6.txt ../dir latin1.txt f7.txt) \
	    > "$tmp/i$j.out" 2> "$tmp/i$j.err"
	echo $? > "$tmp/i$j.st"
	chmod 644 "$tmp/i$j/locked.txt"
done
if diff -r "$tmp/i1" "$tmp/i2" > /dev/null &&
    cmp -s "$tmp/i1.err" "$tmp/i2.err" && cmp -s "$tmp/i1.st" "$tmp/i2.st" &&
    [ -f "$tmp/i1/f1.txt.bak" ] && grep -q 'not cleaned twice' "$tmp/i1.err"
then ok; else
	no "-i: -j2 differs from -j1"; diff "$tmp/i1.err" "$tmp/i2.err"; fi

# output that cannot be written: the same message, status and counts
if [ -w /dev/full ]; then
	for j in 1 2; do
		"$nc" -j$j -z --stats < "$tmp/pages.nul" > /dev/full \
		    2> "$tmp/full$j.err"
		echo $? > "$tmp/full$j.st"
	done
	if cmp -s "$tmp/full1.err" "$tmp/full2.err" &&
	    cmp -s "$tmp/full1.st" "$tmp/full2.st" &&
	    [ "$(cat "$tmp/full1.st")" = 2 ]; then ok; else
		no "/dev/full: -j2 differs from -j1"
		diff "$tmp/full1.err" "$tmp/full2.err"
	fi
fi

# a reader that stops early ends the run quietly and soon
i=0
while [ $i -lt 20 ]; do cat "$tmp/pages.nul"; i=$((i + 1)); done \
    > "$tmp/more.nul"
"$nc" -j2 -z < "$tmp/more.nul" 2> "$tmp/pipe.err" | head -c 100 > /dev/null
if [ ! -s "$tmp/pipe.err" ]; then ok; else
	no "closed pipe: stderr: $(cat "$tmp/pipe.err")"; fi

echo "jobs: $pass passed, $fail failed"
[ "$fail" = 0 ]
