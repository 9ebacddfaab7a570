#!/bin/sh
# Any encoding in, the same UTF-8 out: each article of tests/charsets is
# converted here with iconv(1) into the encodings scraped text comes in, and
# every copy must clean to exactly what the UTF-8 copy cleans to.  Then the
# invalid-byte policies, entity-encoded boilerplate and --normalize.
set -u
nc=${1:-./newsclean}
dir=tests/charsets
out=tests/out/charsets
rm -rf "$out"
mkdir -p "$out"
pass=0 fail=0

ok() {
	pass=$((pass + 1))
}

bad() {
	echo "FAIL charsets: $*"
	fail=$((fail + 1))
}

# same NAME EXPECTED INPUT [ARGS...]: cleaning INPUT gives EXPECTED, exit 0
# and nothing on stderr.
same() {
	name=$1 want=$2 in=$3
	shift 3
	"$nc" "$@" "$in" > "$out/$name.out" 2> "$out/$name.err"
	st=$?
	if [ "$st" != 0 ]; then
		bad "$name: exit $st: $(head -c 300 "$out/$name.err")"
	elif [ -s "$out/$name.err" ]; then
		bad "$name: stderr: $(head -c 300 "$out/$name.err")"
	elif ! cmp -s "$want" "$out/$name.out"; then
		bad "$name: output differs from $want"
		diff "$want" "$out/$name.out" | head -10
	else
		ok
	fi
}

# enc NAME CHARSET FILE [BOM]: FILE in CHARSET, after the BOM bytes if given
enc() {
	{
		[ -n "${4-}" ] && printf "$4"
		iconv -f UTF-8 -t "$2" "$3"
	} > "$out/$1"
}

for a in french russian japanese chinese; do
	"$nc" "$dir/$a.txt" > "$out/$a.want" || bad "$a: reference run"
	"$nc" --rules-only "$dir/$a.txt" > "$out/$a.rwant" ||
	    bad "$a: --rules-only reference run"
	enc "$a.utf8bom" UTF-8 "$dir/$a.txt" '\357\273\277'
	same "$a.utf8bom" "$out/$a.want" "$out/$a.utf8bom"
	enc "$a.utf16le" UTF-16LE "$dir/$a.txt" '\377\376'
	same "$a.utf16le" "$out/$a.want" "$out/$a.utf16le"
	same "$a.utf16le-rules-only" "$out/$a.rwant" "$out/$a.utf16le" \
	    --rules-only
	enc "$a.utf16be" UTF-16BE "$dir/$a.txt" '\376\377'
	same "$a.utf16be" "$out/$a.want" "$out/$a.utf16be"
	enc "$a.utf16le-nobom" UTF-16LE "$dir/$a.txt"
	same "$a.utf16le-nobom" "$out/$a.want" "$out/$a.utf16le-nobom"
	enc "$a.utf32le" UTF-32LE "$dir/$a.txt" '\377\376\000\000'
	same "$a.utf32le" "$out/$a.want" "$out/$a.utf32le"
	same "$a.utf16-named" "$out/$a.want" "$out/$a.utf16le" -f UTF-16
done

# single- and multi-byte charsets: named with -f, and found by auto when
# named as the fallback
enc french.cp1252 WINDOWS-1252 "$dir/french.txt"
same french.cp1252-auto "$out/french.want" "$out/french.cp1252"
same french.cp1252-named "$out/french.want" "$out/french.cp1252" \
    -f windows-1252
enc russian.cp1251 CP1251 "$dir/russian.txt"
same russian.cp1251-auto "$out/russian.want" "$out/russian.cp1251"
same russian.cp1251-named "$out/russian.want" "$out/russian.cp1251" -f cp1251
same russian.cp1251-fallback "$out/russian.want" "$out/russian.cp1251" \
    --fallback-charset cp1251
# KOI8-R has no guillemets or dashes
sed -e 's/[«»]/"/g' -e 's/—/-/g' "$dir/russian.txt" > "$out/russian.koi8"
"$nc" "$out/russian.koi8" > "$out/russian.koi8.want"
enc russian.koi8r KOI8-R "$out/russian.koi8"
same russian.koi8r-named "$out/russian.koi8.want" "$out/russian.koi8r" \
    -f koi8-r
same russian.koi8r-auto "$out/russian.koi8.want" "$out/russian.koi8r"
enc japanese.sjis SHIFT_JIS "$dir/japanese.txt"
same japanese.sjis-auto "$out/japanese.want" "$out/japanese.sjis"
same japanese.sjis-named "$out/japanese.want" "$out/japanese.sjis" \
    -f shift_jis
same japanese.sjis-fallback "$out/japanese.want" "$out/japanese.sjis" \
    --fallback-charset shift_jis
enc chinese.gb18030 GB18030 "$dir/chinese.txt"
same chinese.gb18030-auto "$out/chinese.want" "$out/chinese.gb18030"
same chinese.gb18030-named "$out/chinese.want" "$out/chinese.gb18030" \
    -f gb18030
same chinese.gb18030-rules-only "$out/chinese.rwant" "$out/chinese.gb18030" \
    -f gb18030 --rules-only

# a stream longer than one read, in UTF-16: lines cut between reads
i=0
: > "$out/long.txt"
while [ $i -lt 400 ]; do
	cat "$dir/french.txt" "$dir/russian.txt" >> "$out/long.txt"
	i=$((i + 1))
done
"$nc" --rules-only "$out/long.txt" > "$out/long.want"
enc long.utf16le UTF-16LE "$out/long.txt" '\377\376'
same long.utf16le "$out/long.want" "$out/long.utf16le" --rules-only

# NUL-separated documents are sniffed one by one
printf '\0' > "$out/nul"
cat "$dir/french.txt" "$out/nul" "$out/french.cp1252" "$out/nul" \
    > "$out/z.in"
cat "$out/french.want" "$out/nul" "$out/french.want" "$out/nul" \
    > "$out/z.want"
same z-mixed "$out/z.want" "$out/z.in" -z
cat "$out/russian.cp1251" "$out/nul" "$out/japanese.sjis" "$out/nul" \
    "$dir/french.txt" > "$out/z3.in"
cat "$out/russian.want" "$out/nul" "$out/japanese.want" "$out/nul" \
    "$out/french.want" "$out/nul" > "$out/z3.want"
same z-guessed "$out/z3.want" "$out/z3.in" -z

# ... but UTF-16 and UTF-32 cannot be split at NUL bytes: with -z in auto
# mode such an input is refused, with one line and exit 1, BOM or not, and
# the next file is still cleaned
cat "$out/french.want" "$out/nul" > "$out/french.want.z"
for a in french russian japanese chinese; do
	for v in utf16le utf16be utf16le-nobom utf32le; do
		"$nc" -z "$out/$a.$v" "$dir/french.txt" > "$out/zw.out" \
		    2> "$out/zw.err"
		st=$?
		if [ "$st" = 1 ] && [ "$(cat "$out/zw.err")" = "newsclean: \
$out/$a.$v: UTF-16 or UTF-32 cannot be split at NUL bytes (-z); convert \
it to UTF-8 first" ] && cmp -s "$out/zw.out" "$out/french.want.z"
		then ok; else
			bad "-z on $a.$v: exit $st, $(head -c 200 "$out/zw.err")"
		fi
	done
done
enc chinese.utf32be-nobom UTF-32BE "$dir/chinese.txt"
"$nc" -z "$out/chinese.utf32be-nobom" > "$out/zw.out" 2> "$out/zw.err"
st=$?
if [ "$st" = 1 ] && [ ! -s "$out/zw.out" ] &&
    [ "$(wc -l < "$out/zw.err")" = 1 ]; then ok; else
	bad "-z on UTF-32BE without a BOM: exit $st"; fi

# boilerplate spelled with entities, NBSP, soft hyphens, zero-width and
# full-width characters goes as the plain spelling does
same entities "$out/french.want" "$dir/entities.txt"
same entities-rules-only "$out/french.rwant" "$dir/entities.txt" --rules-only \
    --normalize

# --normalize writes entities decoded and decomposed accents composed
sed -e 's/’/\&rsquo;/g' -e 's/«\(.\)/\&laquo;\&nbsp;/g' \
    -e 's/é/e\xcc\x81/g' "$dir/french.txt" > "$out/french.spelled"
"$nc" "$out/french.spelled" > "$out/spelled.out"
if cmp -s "$out/spelled.out" "$out/french.want"; then
	bad "normalize: the spelled-out copy already matches without it"
else
	ok
fi
sed 's/«\(.\)/« /g' "$dir/french.txt" | "$nc" > "$out/french.nbsp.want"
same normalize "$out/french.nbsp.want" "$out/french.spelled" --normalize

# UTF-8 broken in the middle: the stray byte is read as windows-1252 ...
printf 'Un caf\351 cr\303\250me.\n' > "$out/broken.in"
printf 'Un caf\303\251 cr\303\250me.\n' > "$out/broken.want"
same broken-decode "$out/broken.want" "$out/broken.in" --rules-only
# ... or kept as it is ...
same broken-keep "$out/broken.in" "$out/broken.in" --rules-only --invalid=keep
# ... or the run stops there, saying where
"$nc" --invalid=fail "$out/broken.in" > "$out/fail.out" 2> "$out/fail.err"
st=$?
want="newsclean: $out/broken.in: offset 6: not valid UTF-8"
if [ "$st" != 1 ] || [ "$(cat "$out/fail.err")" != "$want" ] ||
    [ -s "$out/fail.out" ]; then
	bad "invalid=fail: exit $st, stderr '$(cat "$out/fail.err")'"
else
	ok
fi

# a truncated UTF-16 file: the half character is reported, not dropped
printf 'Hello.\n' > "$out/hello.txt"
enc hello.utf16le UTF-16LE "$out/hello.txt" '\377\376'
head -c -1 "$out/hello.utf16le" > "$out/trunc.in"
"$nc" --rules-only "$out/trunc.in" > "$out/trunc.out" 2> "$out/trunc.err"
st=$?
if [ "$st" != 0 ] ||
    ! grep -q 'trunc.in: 1 byte no charset could read' "$out/trunc.err" ||
    ! grep -q "$(printf '\357\277\275')" "$out/trunc.out"; then
	bad "truncated UTF-16: exit $st, stderr '$(cat "$out/trunc.err")'"
else
	ok
fi

# bytes the fallback cannot read either
printf 'Caf\351 \256\n' > "$out/greek.in"
"$nc" --rules-only --fallback-charset iso-8859-7 "$out/greek.in" \
    > "$out/greek.out" 2> "$out/greek.err"
st=$?
if [ "$st" != 0 ] || ! grep -q '1 byte no charset' "$out/greek.err"; then
	bad "fallback holes: exit $st, stderr '$(cat "$out/greek.err")'"
else
	ok
fi

# usage errors: exit 2, one line
for args in "-f no-such-charset" "--fallback-charset no-such-charset" \
    "--fallback-charset UTF-16" "-z -f UTF-16LE" "--invalid=maybe"; do
	# shellcheck disable=SC2086
	"$nc" $args < /dev/null > "$out/usage.out" 2> "$out/usage.err"
	st=$?
	if [ "$st" != 2 ] || [ -s "$out/usage.out" ] ||
	    ! head -1 "$out/usage.err" | grep -q '^newsclean: '; then
		bad "'$args': exit $st, stderr '$(cat "$out/usage.err")'"
	else
		ok
	fi
done

echo "charsets: $pass passed, $fail failed"
[ "$fail" = 0 ]
