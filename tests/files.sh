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

# -o into a directory that cannot be written: a message, status 1, no file
# (as nobody when root, who may write anywhere)
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
	if [ "$st" = 1 ] && [ "$(cat ro.err)" = \
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
