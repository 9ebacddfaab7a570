#!/bin/sh
# Cross-validate the content model by site: for each of K folds, train on
# the pages of the other folds (tools/train fit -k K -f i) and score the
# fold's own pages with that model (score.py), then give each set's mean
# figures over its pages.
#   tools/cv.sh [-k K] SCORE_PY TRAIN_DIR [train options...]
# TRAIN_DIR holds dragnet/, readability/ and dragnet.sites.tsv.
set -eu
k=5
if [ "${1:-}" = -k ]; then k=$2; shift 2; fi
[ $# -ge 2 ] || { echo "usage: tools/cv.sh [-k K] score.py train-dir [options]" >&2; exit 2; }
score=$1 train=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# a copy, so that a rebuild meanwhile does not change what is measured
cp "${NEWSCLEAN:-./newsclean}" "$tmp/newsclean"
cp ./tools/train "$tmp/train"
nc=$tmp/newsclean
sets="dragnet readability"
i=0
while [ "$i" -lt "$k" ]; do
	"$tmp/train" fit -g -s "$train/dragnet.sites.tsv" -k "$k" -f "$i" "$@" \
	    "$train/dragnet" "$train/readability" > "$tmp/$i.model"
	for s in $sets; do
		mkdir -p "$tmp/$s.$i"
		"$tmp/train" list -s "$train/dragnet.sites.tsv" -k "$k" -f "$i" \
		    "$train/$s" | while read -r p; do
			ln -s "$(cd "$(dirname "$p")" && pwd)/$(basename "$p").txt" \
			    "$(cd "$(dirname "$p")" && pwd)/$(basename "$p").gold" \
			    "$tmp/$s.$i/"
		done
		n=$(ls "$tmp/$s.$i" | grep -c '\.txt$' || true)
		[ "$n" -gt 0 ] || continue
		for mode in page harm; do
			flag=; [ "$mode" = harm ] && flag=--harm
			python3 "$score" $flag --json "$tmp/$s.$i" -- "$nc" \
			    --model "$tmp/$i.model" 2>/dev/null | head -1 |
			    sed "s/^/$s $mode $n /" >> "$tmp/results"
		done
	done
	i=$((i + 1))
done
# each fold's mean precision and recall, weighted by its pages
awk '{ gsub(/[{}",:]/, " "); set=$1; mode=$2; n=$3
	for (j = 4; j <= NF; j++) {
		if ($j == "precision") p = $(j + 1)
		if ($j == "recall") r = $(j + 1)
	}
	P[set " " mode] += p * n; R[set " " mode] += r * n; N[set " " mode] += n }
END { for (s in N) { p = P[s] / N[s]; r = R[s] / N[s]
	printf "%s f1=%.3f precision=%.3f recall=%.3f pages=%d\n", s,
	    2 * p * r / (p + r), p, r, N[s] } }' "$tmp/results" | sort
