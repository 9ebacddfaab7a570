#!/bin/sh
# -o DIR and -i[SUFFIX]: files written whole or not at all, modes kept,
# nothing lost when cleaning a file fails or is killed.
set -u
nc=${1:-./newsclean}
nc=$(cd "$(dirname "$nc")" && pwd)/$(basename "$nc")
top=$(pwd)
tmp=${TMPDIR:-/tmp}/newsclean-files.$$
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { echo "FAIL files: $1"; fail=$((fail + 1)); }

cd "$tmp"
mkdir -p in/sub
cp "$top/examples/article.txt" in/a.txt
cp "$top/tests/charsets/french.txt" in/sub/b.txt
"$nc" in/a.txt > a.want
"$nc" in/sub/b.txt > b.want

# -o: each file under DIR by the path it was named by
"$nc" -o out in/a.txt ./in/sub/b.txt > o.out 2> o.err
st=$?
if [ "$st" = 0 ] && [ ! -s o.out ] && [ ! -s o.err ] &&
    cmp -s a.want out/in/a.txt && cmp -s b.want out/in/sub/b.txt &&
    [ "$(find out -type f | wc -l)" = 2 ]; then ok; else
	no "-o: status $st, $(cat o.err)"; fi

# -o: a name that leads out of DIR is refused, the others still written
"$nc" -o out2 ../"$(basename "$tmp")"/in/a.txt in/a.txt > /dev/null \
    2> o2.err
st=$?
if [ "$st" = 1 ] && grep -q 'its name leads out of out2' o2.err &&
    cmp -s a.want out2/in/a.txt; then ok; else
	no "-o with ..: status $st, $(cat o2.err)"; fi

# -o into a directory that cannot be written: a write error, status 2, no
# file (as nobody when root, who may write anywhere)
as=
[ "$(id -u)" = 0 ] && command -v setpriv > /dev/null 2>&1 &&
    as="setpriv --reuid=65534 --regid=65534 --clear-groups"
if [ "$(id -u)" != 0 ] || [ -n "$as" ]; then
	mkdir ro
	chmod 555 ro
	chmod 755 "$tmp"
	chmod -R a+rX in
	$as "$nc" -o ro a.want > /dev/null 2> ro.err
	st=$?
	if [ "$st" = 2 ] && [ "$(cat ro.err)" = \
	    "newsclean: ro/a.want: Permission denied" ] &&
	    [ -z "$(ls -A ro)" ]; then ok; else
		no "-o read-only: status $st, $(cat ro.err)"; fi
else
	echo "files: read-only directory skipped (root, and no setpriv)"
fi

# -i: the file replaced, its mode kept, the old one kept under SUFFIX
cp in/a.txt inplace.txt
chmod 640 inplace.txt
"$nc" -i.orig inplace.txt > i.out 2> i.err
st=$?
if [ "$st" = 0 ] && [ ! -s i.out ] && cmp -s a.want inplace.txt &&
    cmp -s in/a.txt inplace.txt.orig &&
    [ "$(stat -c %a inplace.txt)" = 640 ]; then ok; else
	no "-i: status $st, $(cat i.err)"; fi

# -i: a file that fails to clean is left exactly as it was, and no
# temporary file is left beside it
mkdir fails
printf 'Un caf\351 cr\303\250me.\n' > fails/bad.txt
cp fails/bad.txt bad.orig
cp in/a.txt fails/good.txt
"$nc" -i --invalid=fail fails/bad.txt fails/good.txt > /dev/null 2> f.err
st=$?
if [ "$st" = 1 ] && cmp -s bad.orig fails/bad.txt &&
    cmp -s a.want fails/good.txt && [ "$(ls -A fails | wc -l)" = 2 ] &&
    grep -q 'offset 6: not valid UTF-8' f.err; then ok; else
	no "-i with a failure: status $st, $(cat f.err), $(ls -A fails)"; fi

# -i killed halfway: the file is the old one or the whole new one, never
# a part
i=0
: > big.txt
while [ $i -lt 3000 ]; do
	cat in/a.txt >> big.txt
	i=$((i + 1))
done
cp big.txt big.orig
"$nc" --rules-only big.txt > big.want
"$nc" --rules-only -i big.txt &
pid=$!
sleep 0.05
kill -9 $pid 2> /dev/null
wait $pid 2> /dev/null
if cmp -s big.txt big.orig || cmp -s big.txt big.want; then ok; else
	no "-i killed: the file is neither the old nor the new one"; fi

# -i refuses what is not a regular file, and leaves it as it was: a FIFO
# (which it must not wait on) and, as root, a device node made here; the
# other files are still cleaned.  The limit catches a wait on the FIFO.
limit=
command -v timeout > /dev/null 2>&1 && limit="timeout 20"
mkdir special
mkfifo special/fifo
cp in/a.txt special/a.txt
$limit "$nc" -i special/fifo special/a.txt > /dev/null 2> sp.err
st=$?
if [ "$st" = 1 ] && [ -p special/fifo ] &&
    [ "$(cat sp.err)" = "newsclean: special/fifo: not a regular file" ] &&
    cmp -s a.want special/a.txt && [ "$(ls -A special | wc -l)" = 2 ]
then ok; else no "-i on a FIFO: status $st, $(cat sp.err)"; fi
if [ "$(id -u)" = 0 ] && mknod special/null c 1 3 2> /dev/null; then
	$limit "$nc" -i special/null > /dev/null 2> sp.err
	st=$?
	if [ "$st" = 1 ] && [ -c special/null ] &&
	    [ "$(cat sp.err)" = "newsclean: special/null: not a regular file" ]
	then ok; else no "-i on a device: status $st, $(cat sp.err)"; fi
else
	echo "files: -i on a device node skipped (not root)"
fi

# -o never writes over what is not a regular file either
mkdir -p spout/in
mkfifo spout/in/a.txt
$limit "$nc" -o spout in/a.txt > /dev/null 2> sp.err
st=$?
if [ "$st" = 1 ] && [ -p spout/in/a.txt ] &&
    [ "$(cat sp.err)" = "newsclean: spout/in/a.txt: not a regular file" ]
then ok; else no "-o over a FIFO: status $st, $(cat sp.err)"; fi

# -o never writes over a file being cleaned: -o . (or the directory by any
# name) would replace the file itself, without a copy; the other files are
# still cleaned
mkdir self
cp in/a.txt self/a.txt
cp in/a.txt self/b.txt
(cd self && $limit "$nc" -o . a.txt > /dev/null 2> ../self.err)
st=$?
if [ "$st" = 1 ] && cmp -s in/a.txt self/a.txt &&
    [ "$(cat self.err)" = \
    "newsclean: a.txt: its output, ./a.txt, is an input file" ]
then ok; else no "-o .: status $st, $(cat self.err)"; fi
$limit "$nc" -o / "$tmp/self/a.txt" > /dev/null 2> self.err
st=$?
if [ "$st" = 1 ] && cmp -s in/a.txt self/a.txt &&
    grep -q "^newsclean: $tmp/self/a.txt: its output, .* is an input file$" \
    self.err; then ok; else no "-o / with a full name: status $st"; fi
# the output of one file would be another named after it
mkdir -p self/out/self
cp in/a.txt self/out/self/b.txt
$limit "$nc" -o self/out self/b.txt self/a.txt self/out/self/b.txt \
    > /dev/null 2> self.err
st=$?
if [ "$st" = 1 ] && cmp -s in/a.txt self/out/self/b.txt &&
    cmp -s a.want self/out/self/a.txt &&
    [ "$(cat self.err)" = "newsclean: self/b.txt: its output, \
self/out/self/b.txt, is an input file" ]
then ok; else no "-o over a later input: status $st, $(cat self.err)"; fi

# -i on a symbolic link: its target is cleaned (the copy kept beside the
# target), the link stays a link; the target named too is cleaned once
mkdir -p link/real
cp in/a.txt link/real/t.txt
ln -s real/t.txt link/l.txt
$limit "$nc" -i.orig link/l.txt link/real/t.txt > /dev/null 2> link.err
st=$?
if [ "$st" = 0 ] && [ -L link/l.txt ] && cmp -s a.want link/real/t.txt &&
    cmp -s in/a.txt link/real/t.txt.orig && [ ! -e link/l.txt.orig ] &&
    [ "$(cat link.err)" = "newsclean: link/real/t.txt: the same file as \
link/l.txt; not cleaned twice" ]
then ok; else no "-i on a symlink: status $st, $(cat link.err)"; fi

# -i on a file with two hard links: refused, both names as they were
mkdir hard
cp in/a.txt hard/a.txt
ln hard/a.txt hard/b.txt
$limit "$nc" -i hard/a.txt > /dev/null 2> hard.err
st=$?
if [ "$st" = 1 ] && cmp -s in/a.txt hard/a.txt &&
    [ "$(stat -c %h hard/b.txt)" = 2 ] &&
    [ "$(cat hard.err)" = \
    "newsclean: hard/a.txt: has 2 links; replacing it would break them" ]
then ok; else no "-i on a hard link: status $st, $(cat hard.err)"; fi

# -i.bak a a: the file cleaned once, its copy the original
mkdir twice
cp in/a.txt twice/a.txt
$limit "$nc" -i.bak twice/a.txt twice/a.txt > /dev/null 2> twice.err
st=$?
if [ "$st" = 0 ] && cmp -s a.want twice/a.txt &&
    cmp -s in/a.txt twice/a.txt.bak &&
    [ "$(cat twice.err)" = \
    "newsclean: twice/a.txt: the same file as twice/a.txt; not cleaned twice" ]
then ok; else no "-i on a file named twice: status $st, $(cat twice.err)"; fi

# -i.bak a a.bak: a's backup would replace a.bak before it is cleaned, so
# a is refused; a.bak is cleaned (its own copy a.bak.bak)
mkdir bak
cp in/a.txt bak/a
cp in/sub/b.txt bak/a.bak
$limit "$nc" -i.bak bak/a bak/a.bak > /dev/null 2> bak.err
st=$?
if [ "$st" = 1 ] && cmp -s in/a.txt bak/a && cmp -s b.want bak/a.bak &&
    cmp -s in/sub/b.txt bak/a.bak.bak &&
    [ "$(cat bak.err)" = \
    "newsclean: bak/a: its backup, bak/a.bak, is an input file" ]
then ok; else no "-i.bak a a.bak: status $st, $(cat bak.err)"; fi

# --in-place= (an empty suffix) keeps no copy, as -i alone
mkdir empty
cp in/a.txt empty/a.txt
$limit "$nc" --in-place= empty/a.txt > /dev/null 2> empty.err
st=$?
if [ "$st" = 0 ] && [ ! -s empty.err ] && cmp -s a.want empty/a.txt &&
    [ "$(ls -A empty)" = a.txt ]; then ok; else
	no "--in-place=: status $st, $(cat empty.err)"; fi

# A file that cannot be written whole (a file size limit, SIGXFSZ ignored):
# a write error, status 2; the original and the directory as they were
awk 'BEGIN { for (i = 0; i < 2000; i++)
	printf "Line %d of a page, with words enough to be prose.\n", i }' \
    > prose.txt
mkdir fsz
cp prose.txt fsz/p.txt
(trap '' XFSZ; ulimit -f 8 && exec "$nc" --rules-only -i fsz/p.txt) \
    > /dev/null 2> fsz.err
st=$?
if [ "$st" = 2 ] && cmp -s prose.txt fsz/p.txt &&
    [ "$(ls -A fsz)" = p.txt ] &&
    [ "$(cat fsz.err)" = "newsclean: fsz/p.txt: File too large" ]
then ok; else no "-i, file too large: status $st, $(cat fsz.err)"; fi
(trap '' XFSZ; ulimit -f 8 && exec "$nc" --rules-only -o fszout prose.txt) \
    > /dev/null 2> fsz.err
st=$?
if [ "$st" = 2 ] && [ -z "$(ls -A fszout)" ] &&
    [ "$(cat fsz.err)" = "newsclean: fszout/prose.txt: File too large" ]
then ok; else no "-o, file too large: status $st, $(cat fsz.err)"; fi

# A signal during -i or -o: the temporary file goes, the file stays as it
# was, and the program dies of the signal.  With -o from a FIFO held open,
# the program is surely in the middle of the file; with -i, a big file is
# killed once its temporary file is seen.  A background job starts with
# SIGINT ignored: env gives it back its default, where env can.
gone() {	# the directory holds only what it is said to
	[ "$(ls -A "$1" | tr '\n' ' ')" = "$2" ]
}
dflt=
env --default-signal=INT true 2> /dev/null && dflt="env --default-signal=INT"
for sig in TERM INT; do
	[ "$sig" = INT ] && [ -z "$dflt" ] && continue
	want=143
	[ "$sig" = INT ] && want=130
	rm -rf fifo_in fifo_out
	mkdir fifo_in
	mkfifo fifo_in/feed
	# read and write: the shell does not wait for a reader to open it
	exec 3<> fifo_in/feed
	$dflt "$nc" -o fifo_out fifo_in/feed > /dev/null 2> sig.err &
	pid=$!
	printf 'A line of text, and more to come.\n' >&3
	n=0
	while ! ls -A fifo_out/fifo_in 2> /dev/null | grep -q '^\.feed\.' &&
	    [ $n -lt 400 ]; do sleep 0.05; n=$((n + 1)); done
	kill -"$sig" $pid
	exec 3>&-	# should the signal not end it, the end of input does
	wait $pid 2> /dev/null
	st=$?
	if [ "$st" = "$want" ] && gone fifo_out/fifo_in ""; then ok; else
		no "-o and SIG$sig: status $st, left $(ls -A fifo_out/fifo_in)"
	fi
done
mkdir sig
cp prose.txt sig/p.txt
for k in 1 2 3 4 5 6 7 8; do	# about 25 MB
	cat sig/p.txt sig/p.txt > sig/q.txt && mv sig/q.txt sig/p.txt
done
cp sig/p.txt sigp.orig
for sig in TERM INT; do
	[ "$sig" = INT ] && [ -z "$dflt" ] && continue
	want=143
	[ "$sig" = INT ] && want=130
	rm -f sig/.p.txt.*
	$dflt "$nc" --rules-only -i sig/p.txt > /dev/null 2> sig.err &
	pid=$!
	n=0
	while ! ls -A sig | grep -q '^\.p\.txt\.' && [ $n -lt 2000 ]; do
		n=$((n + 1)); done
	kill -"$sig" $pid
	wait $pid 2> /dev/null
	st=$?
	if [ "$st" = "$want" ] && cmp -s sigp.orig sig/p.txt && gone sig "p.txt "
	then ok
	elif [ "$st" = 0 ]; then
		# done before the signal came: nothing shown either way
		echo "files: -i and SIG$sig skipped (the run ended first)"
		cp sigp.orig sig/p.txt
	else no "-i and SIG$sig: status $st, left $(ls -A sig)"; fi
done

# misuse that would harm files, refused before anything is read: status 2,
# the reason, then the synopsis; the file and its directory as they were
misuse() {
	want=$1
	shift
	rm -rf mu
	mkdir mu
	cp in/a.txt mu/a.txt
	(cd mu && $limit "$nc" "$@" > ../u.out 2> ../u.err < /dev/null)
	st=$?
	if [ "$st" = 2 ] && [ ! -s u.out ] &&
	    [ "$(head -1 u.err)" = "newsclean: $want" ] &&
	    sed -n 2p u.err | grep -q '^usage: newsclean ' &&
	    gone mu "a.txt " && cmp -s in/a.txt mu/a.txt; then ok; else
		no "misuse '$*': status $st, $(head -1 u.err)"; fi
}
misuse "--explain cannot be used with -o or -i" --explain -i a.txt
misuse "--explain cannot be used with -o or -i" --explain -i.bak a.txt
misuse "--explain cannot be used with -o or -i" --explain -o out a.txt
misuse "-i: a backup suffix cannot hold '/': '/'" -i/ a.txt
misuse "-i: a backup suffix cannot hold '/': 'x/'" --in-place=x/ a.txt
# -o '' would write under /: a name no file there has, removed if made
root=newsclean-files-test.$$
misuse "-o needs a directory, not ''" -o '' "$root/a.txt"
if [ -e "/$root" ]; then
	rm -rf "/${root:?}"
	no "-o '' wrote under /"
fi

# misuse: status 2 and one line before the synopsis
for args in "-o out -i in/a.txt" "-o out" "-i -"; do
	# shellcheck disable=SC2086 # the options are words
	"$nc" $args > u.out 2> u.err < /dev/null
	st=$?
	if [ "$st" = 2 ] && [ ! -s u.out ] &&
	    head -1 u.err | grep -q '^newsclean: -o and -i'; then ok; else
		no "'$args': status $st, $(cat u.err)"; fi
done

echo "files: $pass passed, $fail failed"
[ "$fail" = 0 ]
