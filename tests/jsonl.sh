#!/bin/sh
# --jsonl: each record's field comes out as newsclean makes the page alone,
# every other field as it was; bad lines reported by number and handled as
# --on-bad-record says.  Then GNU parallel, when installed, must give the
# same bytes as one process.
set -u
nc=${1:-./newsclean}
out=tests/out/jsonl
rm -rf "$out"
mkdir -p "$out"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { echo "FAIL jsonl: $*"; fail=$((fail + 1)); }

# A file's text as a JSON string, escaped as jansson writes it (the
# fixtures hold no control characters but tabs and line ends).
json_string() {
	awk 'BEGIN { ORS = "" }
	{
		gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t")
		gsub(/\r/, "\\r")
		s = s $0 "\\n"
	}
	END { print "\"" s "\"" }' "$1"
}

pages="examples/article.txt tests/golden/article.in tests/charsets/french.txt
    tests/charsets/russian.txt tests/charsets/japanese.txt
    tests/detect/menu_head.txt tests/detect/related_tail.txt
    tests/detect/comments.txt tests/detect/no_article.txt"

# the records, and what each must become
: > "$out/in.jsonl"
: > "$out/want.jsonl"
n=0
for p in $pages; do
	n=$((n + 1))
	"$nc" "$p" > "$out/page.want"
	printf '{"id":%d,"url":"https://example.org/%d","text":%s,' "$n" "$n" \
	    "$(json_string "$p")" >> "$out/in.jsonl"
	printf '"score":0.1,"tags":["a","\\u00e9"],"meta":{"n":null,"ok":true}}\n' \
	    >> "$out/in.jsonl"
	printf '{"id":%d,"url":"https://example.org/%d","text":%s,' "$n" "$n" \
	    "$(json_string "$out/page.want")" >> "$out/want.jsonl"
	printf '"score":0.1,"tags":["a","\\u00e9"],"meta":{"n":null,"ok":true}}\n' \
	    >> "$out/want.jsonl"
done
"$nc" --jsonl "$out/in.jsonl" > "$out/got.jsonl" 2> "$out/err"
st=$?
if [ "$st" = 0 ] && [ ! -s "$out/err" ] &&
    cmp -s "$out/want.jsonl" "$out/got.jsonl"; then ok; else
	no "records: status $st, $(head -c 300 "$out/err")"
	diff "$out/want.jsonl" "$out/got.jsonl" | head -c 600
fi

# another field, and the counts
printf '{"body":"Share on Facebook\\nAn article line.\\n","text":"Share on Facebook"}\n' \
    > "$out/field.jsonl"
"$nc" --jsonl=body --jsonl-stats "$out/field.jsonl" > "$out/field.out"
want='{"body":"An article line.\n","text":"Share on Facebook","newsclean":{"kept":1,"dropped":1,"dropped_by":{"share":1}}}'
if [ "$(cat "$out/field.out")" = "$want" ]; then ok; else
	no "--jsonl=body --jsonl-stats: $(cat "$out/field.out")"; fi

# escapes and bytes inside the string follow the encoding rules: \u00a0
# is a no-break space to the rules, a stray byte is read as windows-1252
printf '{"text":"Share\\u00a0on\\u00a0Facebook\\nUn caf\351.\\n"}\n' \
    > "$out/enc.jsonl"
"$nc" --jsonl --rules-only "$out/enc.jsonl" > "$out/enc.out"
if [ "$(cat "$out/enc.out")" = "$(printf '{"text":"Un caf\303\251.\\n"}')" ]
then ok; else no "encodings in a record: $(cat "$out/enc.out")"; fi

# the other fields keep their bytes exactly, whatever their numbers hold
# (past 64 bits, past a double, in any notation), their white space, their
# escapes and their order; only the field's value is written anew
{
	printf '{"n":1E2,"tiny":1e-400,"big":123456789012345678901234567890,'
	printf '"huge":1.0e400,"z":-0.0,"p":0.10000000000000001,'
	printf '"text":"Share on Facebook\\nAn article line.\\n"}\n'
	printf ' { "b" :\t[ 1 , 2.50 ] ,"text"  :  "An article line." ,\t'
	printf '"c" : { "d" : null }  }  \n'
	printf '{"u":"\\u00e9\\ud83d\\ude00\\u0000\\/\\"","text":"Read more",'
	printf '"\\u00e9":true}\n'
	printf '{"\\u0074ext":"Share on Facebook\\nAn article line.\\n","a":[]}\n'
} > "$out/bytes.jsonl"
{
	printf '{"n":1E2,"tiny":1e-400,"big":123456789012345678901234567890,'
	printf '"huge":1.0e400,"z":-0.0,"p":0.10000000000000001,'
	printf '"text":"An article line.\\n"}\n'
	printf ' { "b" :\t[ 1 , 2.50 ] ,"text"  :  "An article line.\\n" ,\t'
	printf '"c" : { "d" : null }  }  \n'
	printf '{"u":"\\u00e9\\ud83d\\ude00\\u0000\\/\\"","text":"",'
	printf '"\\u00e9":true}\n'
	printf '{"\\u0074ext":"An article line.\\n","a":[]}\n'
} > "$out/bytes.want"
"$nc" --jsonl --rules-only "$out/bytes.jsonl" > "$out/bytes.out" \
    2> "$out/bytes.err"
st=$?
if [ "$st" = 0 ] && [ ! -s "$out/bytes.err" ] &&
    cmp -s "$out/bytes.want" "$out/bytes.out"; then ok; else
	no "other fields' bytes: status $st, $(cat "$out/bytes.err")"
	diff "$out/bytes.want" "$out/bytes.out"
fi

# the counts go after the last member, or in place of a "newsclean" one
{
	printf '{ "text" : "Share on Facebook" }\n'
	printf '{"newsclean":[1e999],"text":"An article line.","x":1}\n'
} > "$out/stats.jsonl"
{
	printf '{ "text" : "","newsclean":{"kept":0,"dropped":1,'
	printf '"dropped_by":{"share":1}} }\n'
	printf '{"newsclean":{"kept":1,"dropped":0,"dropped_by":{}},'
	printf '"text":"An article line.\\n","x":1}\n'
} > "$out/stats.want"
"$nc" --jsonl --rules-only --jsonl-stats "$out/stats.jsonl" \
    > "$out/stats.out"
if cmp -s "$out/stats.want" "$out/stats.out"; then ok; else
	no "--jsonl-stats in place"
	diff "$out/stats.want" "$out/stats.out"
fi

# a duplicate name is a bad record, spelt the same or not
printf '{"text":"a","text":"b"}\n{"text":"a","\\u0074ext":"b"}\n' |
    "$nc" --jsonl > "$out/dup.out" 2> "$out/dup.err"
st=$?
if [ "$st" = 1 ] && [ ! -s "$out/dup.out" ] &&
    [ "$(grep -c 'duplicate object key' "$out/dup.err")" = 2 ]; then ok
else no "duplicate names: status $st, $(cat "$out/dup.err")"; fi

# --invalid applies to a record as to any document: keep writes the bytes
# that are not UTF-8 as they are, in the field and out of it; decode reads
# them as windows-1252; fail reports the record
printf '{"text":"Share on Facebook\\nUn caf\351 cr\350me.\\n","o":"\377"}\n' \
    > "$out/inv.jsonl"
printf '{"text":"Un caf\351 cr\350me.\\n","o":"\377"}\n' > "$out/inv.keep"
printf '{"text":"Un caf\303\251 cr\303\250me.\\n","o":"\303\277"}\n' \
    > "$out/inv.decode"
for how in keep decode; do
	"$nc" --jsonl --rules-only --invalid=$how "$out/inv.jsonl" \
	    > "$out/inv.out" 2> "$out/inv.err"
	st=$?
	if [ "$st" = 0 ] && [ ! -s "$out/inv.err" ] &&
	    cmp -s "$out/inv.$how" "$out/inv.out"; then ok; else
		no "--invalid=$how in a record: status $st, $(cat "$out/inv.err")"
	fi
done
"$nc" --jsonl --rules-only --invalid=fail "$out/inv.jsonl" \
    > "$out/inv.out" 2> "$out/inv.err"
st=$?
if [ "$st" = 1 ] && [ ! -s "$out/inv.out" ] && [ "$(cat "$out/inv.err")" = \
    "newsclean: $out/inv.jsonl:1: offset 34: not valid UTF-8" ]; then ok
else no "--invalid=fail in a record: status $st, $(cat "$out/inv.err")"; fi

# a record in another charset is decoded once, not again as its field
printf '{"text":"Un caf\351 cr\350me.","n":1E2}\n' |
    "$nc" --jsonl --rules-only -f latin1 > "$out/latin1.out"
if [ "$(cat "$out/latin1.out")" = \
    "$(printf '{"text":"Un caf\303\251 cr\303\250me.\\n","n":1E2}')" ]
then ok; else no "-f latin1: $(cat "$out/latin1.out")"; fi

# bad lines: reported with their numbers; fail (the default), skip, pass
{
	printf '{"text":"First line of a good record."}\n'
	printf 'not json at all\n'
	printf '{"body":"no text field"}\n'
	printf '{"text":42}\n'
	printf '[1,2,3]\n'
	printf '\n'
	printf '{"text":"Last line of a good record."}\n'
} > "$out/bad.jsonl"
good='{"text":"First line of a good record.\n"}
{"text":"Last line of a good record.\n"}'
for how in fail skip pass; do
	"$nc" --jsonl --on-bad-record=$how "$out/bad.jsonl" > "$out/bad.out" \
	    2> "$out/bad.err"
	st=$?
	want_st=0
	want=$good
	[ $how = fail ] && want_st=1
	[ $how = pass ] && want='{"text":"First line of a good record.\n"}
not json at all
{"body":"no text field"}
{"text":42}
[1,2,3]
{"text":"Last line of a good record.\n"}'
	lines=$(cut -d: -f3 "$out/bad.err" | tr '\n' ' ')
	if [ "$st" = $want_st ] && [ "$(cat "$out/bad.out")" = "$want" ] &&
	    [ "$lines" = "2 3 4 5 " ] &&
	    grep -q "^newsclean: $out/bad.jsonl:3: no \"text\" field$" \
	    "$out/bad.err"; then ok; else
		no "--on-bad-record=$how: status $st, lines $lines"
		cat "$out/bad.err"
	fi
done

# misuse
for args in "--jsonl -z" "--jsonl-stats" "--jsonl --on-bad-record=maybe"; do
	# shellcheck disable=SC2086 # the options are words
	"$nc" $args < /dev/null > "$out/u.out" 2> "$out/u.err"
	st=$?
	if [ "$st" = 2 ] && [ ! -s "$out/u.out" ]; then ok; else
		no "'$args': status $st"; fi
done

# GNU parallel: records are independent, so a parallel run over many of
# them gives the same bytes as one process, in JSONL and NUL-separated
if command -v parallel > /dev/null 2>&1 &&
    parallel --version 2> /dev/null | grep -q GNU; then
	i=0
	: > "$out/many.jsonl"
	: > "$out/many.nul"
	while [ $i -lt 60 ]; do
		cat "$out/in.jsonl" >> "$out/many.jsonl"
		for p in $pages; do
			cat "$p" >> "$out/many.nul"
			printf '\0' >> "$out/many.nul"
		done
		i=$((i + 1))
	done
	"$nc" --jsonl "$out/many.jsonl" > "$out/one.jsonl"
	parallel --will-cite --pipe --keep-order --block 64k -j 2 \
	    "$nc" --jsonl < "$out/many.jsonl" > "$out/par.jsonl"
	if cmp -s "$out/one.jsonl" "$out/par.jsonl"; then ok; else
		no "parallel --pipe --jsonl differs from one process"; fi
	"$nc" -z "$out/many.nul" > "$out/one.nul"
	parallel --will-cite --pipe --keep-order --recend '\0' --block 64k \
	    -j 2 "$nc" -z < "$out/many.nul" > "$out/par.nul"
	if cmp -s "$out/one.nul" "$out/par.nul"; then ok; else
		no "parallel --pipe -z differs from one process"; fi
else
	echo "jsonl: GNU parallel not installed; parallel runs skipped"
fi

echo "jsonl: $pass passed, $fail failed"
[ "$fail" = 0 ]
