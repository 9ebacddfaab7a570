#!/bin/sh
# The man pages must render without a warning: mandoc -Tlint where it is
# installed, else groff's own warnings.
set -u
status=0
for m in "$@"; do
	if command -v mandoc >/dev/null 2>&1; then
		msgs=$(mandoc -Tlint -W warning "$m" 2>&1)
	else
		msgs=$(groff -ww -z -mandoc "$m" 2>&1)
	fi
	if [ -n "$msgs" ]; then
		echo "FAIL manlint: $m"
		echo "$msgs"
		status=1
	fi
done
[ "$status" = 0 ] && echo "manlint: $# passed, 0 failed"
exit $status
