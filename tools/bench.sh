#!/usr/bin/env bash
# make bench: newsclean's speed and memory on a corpus made from the
# project's own example pages, beside GNU grep filtering the same bytes
# with 20 line patterns (tools/bench-grep.txt).  Prints a Markdown table.
#   bench.sh [NEWSCLEAN]    BENCH_MB (corpus size, 80), BENCH_RSS_MB (400),
#                           BENCH_DOC_MB (one document, 100),
#                           BENCH_LINES (short lines, 10000000),
#                           BENCH_JOBS (threads beside one: the CPUs)
# Times are the best of three runs (bash's time); peak memory comes from
# /usr/bin/time -v, when it is installed.
set -eu
nc=${1:-./newsclean}
mb=${BENCH_MB:-80}
rssmb=${BENCH_RSS_MB:-400}
docmb=${BENCH_DOC_MB:-100}
nlines=${BENCH_LINES:-10000000}
jobs=${BENCH_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)}
out=${TMPDIR:-/tmp}/newsclean-bench.$$
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT INT TERM

# pages: the fixtures that are UTF-8 text, each a NUL-separated record
pages=
for f in examples/*.txt tests/detect/*.txt tests/golden/*.in; do
	iconv -f UTF-8 -t UTF-8 "$f" >/dev/null 2>&1 && pages="$pages $f"
done
# shellcheck disable=SC2086 # one word per file
for f in $pages; do cat "$f"; printf '\0'; done > "$out/pages.nul"
one=$(stat -c %s "$out/pages.nul")
reps=$(( mb * 1000000 / one + 1 ))
i=0
while [ $i -lt "$reps" ]; do cat "$out/pages.nul"; i=$((i + 1)); done \
    > "$out/corpus.nul"
tr '\0' '\n' < "$out/corpus.nul" > "$out/corpus.txt"
bytes=$(stat -c %s "$out/corpus.nul")

best() {	# best of three wall-clock seconds of a shell command
	b=
	for _ in 1 2 3; do
		t=$( { TIMEFORMAT=%R; time bash -c "$1" >/dev/null 2>&1; } \
		    2>&1 )
		b=$(awk -v a="${b:-1e9}" -v c="$t" \
		    'BEGIN { print (c < a) ? c : a }')
	done
	echo "$b"
}
rate() { awk -v b="${2:-$bytes}" -v t="$1" 'BEGIN { printf "%.0f", b / 1e6 / (t < 0.001 ? 0.001 : t) }'; }
# peak resident memory in MB of a command's run, or nothing
peak() {
	[ -x /usr/bin/time ] || return 0
	/usr/bin/time -v sh -c "$1" 2> "$out/time" > /dev/null
	awk -F: '/Maximum resident/ { printf "%.0f", ($2 + 0) / 1024 }' \
	    "$out/time"
}

t_full=$(best "$nc -j1 -z < $out/corpus.nul > $out/out")
t_jobs=$(best "$nc -j$jobs -z < $out/corpus.nul > $out/out")
t_rules=$(best "$nc -j1 -z --rules-only < $out/corpus.nul > $out/out")
t_grep=$(best "LC_ALL=C grep -v -E -f tools/bench-grep.txt < $out/corpus.txt > $out/out")
page=tests/detect/comments.txt
t_nc1=$(best "for i in \$(seq 200); do $nc < $page > $out/out; done")
t_grep1=$(best "for i in \$(seq 200); do LC_ALL=C grep -v -E -f tools/bench-grep.txt < $page > $out/out; done")

# ten times the rules, none of which matches: the cost must not follow
awk '/^(drop|cut|section|trailer) / {
	body = substr($0, index($0, "/") + 1)
	body = substr(body, 1, match(body, /\/[a-z]*$/) - 1)
	for (i = 0; i < 9; i++)
		print "drop /^zq" NR "x" i "(?:" body ")/i"
}' rules/*.rules > "$out/more.rules"
"$nc" --check -r "$out/more.rules" > /dev/null || exit 1
nrules=$("$nc" --list-rules | wc -l)
nmore=$("$nc" --list-rules -r "$out/more.rules" | wc -l)
t_more=$(best "$nc -j1 -z -r $out/more.rules < $out/corpus.nul > $out/out")

# one long document: the pages one after another
i=0
while [ $((i * bytes)) -lt $((docmb * 1000000)) ]; do
	cat "$out/corpus.txt"
	i=$((i + 1))
done | head -c $((docmb * 1000000)) > "$out/doc.txt"
rss_doc=$(peak "$nc $out/doc.txt")
# short lines, two words of the pages each, picked at random (so that
# few lines repeat): one document, and the same bytes as NUL-separated
# records of 300 lines
tr -s ' \t\r\0' '\n\n\n\n' < "$out/pages.nul" | grep -v '^$' |
    awk -v n="$nlines" '{ w[++k] = $0 } END {
	for (i = 0; i < n; i++) {
		j = (j * 69069 + 1) % 4294967296; a = int(j / 65536) % k + 1
		j = (j * 69069 + 1) % 4294967296; b = int(j / 65536) % k + 1
		print w[a] " " w[b]
	} }' > "$out/lines.txt"
awk 'NR % 300 == 0 { printf "%s\n%c", $0, 0; next } { print }' \
    "$out/lines.txt" > "$out/lines.nul"
lbytes=$(stat -c %s "$out/lines.txt")
t_lines=$(best "$nc $out/lines.txt > $out/out")
t_recs=$(best "$nc -j1 -z $out/lines.nul > $out/out")
rss_lines=$(peak "$nc $out/lines.txt")

echo "| measure | newsclean | GNU grep |"
echo "|---|---|---|"
echo "| corpus | $(awk -v b="$bytes" 'BEGIN { printf "%.0f MB", b / 1e6 }'), $(echo $pages | wc -w) pages repeated | same bytes, one line each |"
echo "| throughput, whole job (-z, one thread) | $(rate "$t_full") MB/s | $(rate "$t_grep") MB/s |"
echo "| the same with -j$jobs | $(rate "$t_jobs") MB/s ($(awk -v a="$t_full" -v b="$t_jobs" 'BEGIN { printf "%.2f", a / b }')x) | |"
echo "| throughput, --rules-only -z | $(rate "$t_rules") MB/s | |"
echo "| 200 runs on one page | $t_nc1 s | $t_grep1 s |"
echo "| $nrules rules -> $nmore rules (-z) | $(rate "$t_full") -> $(rate "$t_more") MB/s | |"
echo "| one document of $nlines short lines ($(awk -v b="$lbytes" 'BEGIN { printf "%.0f MB", b / 1e6 }')) | $(rate "$t_lines" "$lbytes") MB/s, $t_lines s${rss_lines:+, peak $rss_lines MB} | |"
echo "| the same bytes as records of 300 lines (-z) | $(rate "$t_recs" "$lbytes") MB/s, $t_recs s | |"
if [ -n "$rss_doc" ]; then
	echo "| peak memory, one $docmb MB document | $rss_doc MB | |"
fi
if [ -x /usr/bin/time ]; then
	# a big input with one long line among short ones
	head -c $((rssmb * 1000000)) /dev/zero | tr '\0' 'a' | fold -w 100 \
	    > "$out/big.txt"
	head -c 2000000 /dev/zero | tr '\0' 'b' >> "$out/big.txt"
	echo >> "$out/big.txt"
	/usr/bin/time -v "$nc" --rules-only "$out/big.txt" \
	    2> "$out/time" > /dev/null
	kb=$(awk -F: '/Maximum resident/ { print $2 + 0 }' "$out/time")
	echo "| peak memory, --rules-only on $rssmb MB (longest line 2 MB) | $((kb / 1024)) MB | |"
fi
