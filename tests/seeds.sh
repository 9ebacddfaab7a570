#!/bin/sh
# Acceptance: the sample articles in ../shared/seeds must come out byte for
# byte as their expected files say, with the default rules.
set -u
nc=${1:-./newsclean}
seeds=../shared/seeds
if [ ! -d "$seeds" ]; then
	echo "seeds: skipped ($seeds not found)"
	exit 0
fi
pass=0 fail=0
for f in "$seeds"/seed*.txt; do
	b=$(basename "$f")
	if "$nc" < "$f" | cmp -s - "$seeds/expected/$b"; then
		pass=$((pass + 1))
	else
		echo "FAIL seeds: $b differs"
		"$nc" < "$f" | diff - "$seeds/expected/$b" | head -20
		fail=$((fail + 1))
	fi
done
echo "seeds: $pass passed, $fail failed"
[ "$fail" = 0 ]
