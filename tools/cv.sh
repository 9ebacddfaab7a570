#!/bin/sh
# Cross-validate the content model by site: for each of K folds, train on
# the pages of the other folds (tools/train fit -k K -f i) and score the
# fold's own pages with that model (score.py), then give each set's mean
# figures over its pages.
#   tools/cv.sh [-k K] [-S SEED] [-j N] [-m DIR] SCORE_PY TRAIN_DIR [train options...]
# TRAIN_DIR holds dragnet/, readability/ and dragnet.sites.tsv.
#   -S SEED  deal the sites to the folds by SEED (train -S): another split
#            of the same sites, to see how far a figure moves with the split
#   -j N     fit N fold models at a time, and score N folds at a time
#   -m DIR   keep the fold models in DIR (DIR/i.model); a model already
#            there is used as it is, not fitted again: a change to the
#            decoder alone is measured in seconds, and the train options
#            are then ignored
set -eu
k=5 seed=0 jobs=1 models=
while [ $# -gt 0 ]; do
	case $1 in
	-k) k=$2; shift 2 ;;
	-S) seed=$2; shift 2 ;;
	-j) jobs=$2; shift 2 ;;
	-m) models=$2; shift 2 ;;
	*) break ;;
	esac
done
usage() { echo "usage: tools/cv.sh [-k K] [-S SEED] [-j N] [-m DIR] score.py train-dir [options]" >&2; exit 2; }
[ $# -ge 2 ] || usage
case $k$seed$jobs in *[!0-9]*) usage ;; esac
[ "$k" -ge 2 ] && [ "$jobs" -ge 1 ] || usage
score=$1 train=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM
[ -n "$models" ] || models=$tmp
mkdir -p "$models"
# a copy, so that a rebuild meanwhile does not change what is measured
cp "${NEWSCLEAN:-./newsclean}" "$tmp/newsclean"
cp ./tools/train "$tmp/train"
nc=$tmp/newsclean
sets="dragnet readability"

# fold i's model, unless it is there already: fit i [train options...]
fit() {
	f=$1
	shift
	[ -s "$models/$f.model" ] && return 0
	"$tmp/train" fit -g -s "$train/dragnet.sites.tsv" -k "$k" -f "$f" \
	    -S "$seed" "$@" "$train/dragnet" "$train/readability" \
	    > "$models/$f.model.tmp"
	mv "$models/$f.model.tmp" "$models/$f.model"
}

# fold i's pages of each set scored with its model, a line per set and mode
score_fold() {
	i=$1
	for s in $sets; do
		mkdir -p "$tmp/$s.$i"
		"$tmp/train" list -s "$train/dragnet.sites.tsv" -k "$k" -f "$i" \
		    -S "$seed" "$train/$s" | while read -r p; do
			ln -s "$(cd "$(dirname "$p")" && pwd)/$(basename "$p").txt" \
			    "$(cd "$(dirname "$p")" && pwd)/$(basename "$p").gold" \
			    "$tmp/$s.$i/"
		done
		n=$(ls "$tmp/$s.$i" | grep -c '\.txt$' || true)
		[ "$n" -gt 0 ] || continue
		for mode in page harm; do
			flag=; [ "$mode" = harm ] && flag=--harm
			python3 "$score" $flag --json "$tmp/$s.$i" -- "$nc" \
			    --model "$models/$i.model" 2>/dev/null | head -1 |
			    sed "s/^/$s $mode $n /"
		done
	done > "$tmp/results.$i"
}

# each fold i, N at a time: folds FUNCTION [arguments...] runs
# FUNCTION i [arguments...]
folds() {
	fn=$1
	shift
	i=0
	while [ "$i" -lt "$k" ]; do
		"$fn" "$i" "$@" &
		i=$((i + 1))
		if [ $((i % jobs)) -eq 0 ]; then wait; fi
	done
	wait
}

folds fit "$@"
# a failed fit leaves no model, which stops us
i=0
while [ "$i" -lt "$k" ]; do
	[ -s "$models/$i.model" ] || { echo "cv.sh: no model for fold $i" >&2; exit 1; }
	i=$((i + 1))
done
folds score_fold
# each fold's mean precision and recall, weighted by its pages
cat "$tmp"/results.* | awk '{ gsub(/[{}",:]/, " "); set=$1; mode=$2; n=$3
	for (j = 4; j <= NF; j++) {
		if ($j == "precision") p = $(j + 1)
		if ($j == "recall") r = $(j + 1)
	}
	P[set " " mode] += p * n; R[set " " mode] += r * n; N[set " " mode] += n }
END { for (s in N) { p = P[s] / N[s]; r = R[s] / N[s]
	printf "%s f1=%.3f precision=%.3f recall=%.3f pages=%d\n", s,
	    2 * p * r / (p + r), p, r, N[s] } }' | sort
