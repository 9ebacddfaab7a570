#!/bin/sh
# Run each fuzz target for a set time, side by side:
#   fuzz.sh SECONDS TARGET...
# Seeds are made from the project's own fixtures; what the fuzzer finds is
# kept in tests/out/fuzz/NAME-crash-* with the log beside it.
set -u
time=$1
shift
out=tests/out/fuzz
rm -rf "$out"
mkdir -p "$out"

# rule files
mkdir -p "$out/fuzz_rules.seeds"
for f in rules/*.rules tests/golden/*.rules; do
	cp "$f" "$out/fuzz_rules.seeds/$(echo "$f" | tr / _)"
done

# pages, each behind a byte that picks the configuration
mkdir -p "$out/fuzz_clean.seeds"
i=0
for f in tests/detect/*.txt tests/charsets/*.txt tests/golden/*.in \
    examples/*.txt; do
	for flag in '\000' '\001' '\003' '\021' '\201' '\004' '\010' '\141'; do
		{ printf "$flag"; head -c 20000 "$f"; } \
		    > "$out/fuzz_clean.seeds/$i"
		i=$((i + 1))
	done
done

# the same text in charsets, behind the charset and policy bytes
mkdir -p "$out/fuzz_decode.seeds"
i=0
for f in tests/charsets/*.txt; do
	for c in '\000:UTF-8' '\002:UTF-16LE' '\004:UTF-16' '\006:WINDOWS-1252' \
	    '\007:CP1251' '\011:SHIFT_JIS' '\013:GB18030' '\000:UTF-16BE'; do
		{
			printf "${c%%:*}\001"
			iconv -f UTF-8 -t "${c#*:}" "$f" 2> /dev/null
		} > "$out/fuzz_decode.seeds/$i"
		i=$((i + 1))
	done
done

# JSON Lines made from the pages, behind the options byte
mkdir -p "$out/fuzz_jsonl.seeds"
i=0
for f in tests/detect/*.txt tests/charsets/*.txt; do
	for flag in '\000' '\001' '\003' '\004'; do
		{
			printf "$flag"
			printf '{"id":%d,"text":"' $i
			head -c 4000 "$f" | sed 's/["\\]/\\&/g' |
			    awk 'BEGIN { ORS = "" } { print $0 "\\n" }'
			printf '","x":[1,2.5,null]}\n'
		} > "$out/fuzz_jsonl.seeds/$i"
		i=$((i + 1))
	done
done

for t in "$@"; do
	name=$(basename "$t")
	mkdir -p "$out/$name.corpus"
	(
		"$t" -max_total_time="$time" -timeout=10 -rss_limit_mb=2048 \
		    -print_final_stats=1 \
		    -artifact_prefix="$out/$name-" "$out/$name.corpus" \
		    "$out/$name.seeds" > "$out/$name.log" 2>&1
		echo $? > "$out/$name.status"
	) &
done
wait

fail=0
for t in "$@"; do
	name=$(basename "$t")
	runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' \
	    "$out/$name.log" | grep -o '[0-9]*$')
	if [ "$(cat "$out/$name.status")" != 0 ]; then
		echo "FAIL fuzz: $name found a problem; see $out/$name.log"
		grep -E 'ERROR|SUMMARY|Test unit written' "$out/$name.log" |
		    head -5
		fail=$((fail + 1))
	else
		echo "fuzz: $name: ${runs:-?} runs in ${time}s, nothing found"
	fi
done
[ "$fail" = 0 ]
