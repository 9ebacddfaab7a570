#!/bin/sh
# Golden tests: for each golden/NAME.in, run newsclean on it and compare
#   stdout with NAME.out (default: empty), stderr with NAME.err (default:
#   empty) and the exit status with NAME.status (default: 0).
# NAME.args holds extra arguments (one line, split on white space);
# NAME.rules, when present, is added as "-r golden/NAME.rules".
# Run from the top of the tree: golden.sh ./newsclean
set -u
nc=${1:-./newsclean}
dir=tests/golden
out=tests/out/golden
mkdir -p "$out"
LC_ALL=C
export LC_ALL
pass=0 fail=0
for in in "$dir"/*.in; do
	name=$(basename "$in" .in)
	args=
	[ -f "$dir/$name.args" ] && args=$(cat "$dir/$name.args")
	[ -f "$dir/$name.rules" ] && args="$args -r $dir/$name.rules"
	# shellcheck disable=SC2086 # args are words on purpose
	"$nc" $args < "$in" > "$out/$name.out" 2> "$out/$name.err"
	echo $? > "$out/$name.status"
	ok=1
	for part in out err status; do
		want="$dir/$name.$part"
		if [ ! -f "$want" ]; then
			want=$out/$name.want-$part
			if [ "$part" = status ]; then echo 0; fi > "$want"
		fi
		if ! cmp -s "$want" "$out/$name.$part"; then
			echo "FAIL $name: $part differs"
			diff "$want" "$out/$name.$part" | head -20
			ok=0
		fi
	done
	if [ "$ok" = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
