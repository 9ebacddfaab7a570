#!/bin/sh
# The unit tests, golden cases, charset round trips and sample articles
# again under valgrind, in a copy of the tree: any memory error or leak
# fails it.
set -eu
if ! command -v valgrind > /dev/null 2>&1; then
	echo "valgrind: skipped (not installed)"
	exit 0
fi
top=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/newsclean-valgrind.XXXXXX")
trap '[ -n "${KEEP-}" ] || rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM
mkdir "$tmp/main"
cp -R src tests rules tools man examples Makefile README.md "$tmp/main"
[ -d "$top/../shared" ] && ln -s "$(cd "$top/../shared" && pwd)" "$tmp/shared"
cd "$tmp/main"
make -s clean
# DWARF 4: the valgrind of Debian 12 cannot read gcc 12's DWARF 5
make -s CFLAGS="-O1 -g -gdwarf-4" newsclean tests/test_reader \
    tests/test_rules tests/test_literal tests/test_match tests/test_cleaner \
    tests/test_bytes16 tests/test_feat tests/test_model tests/test_score \
    tests/test_detect tests/test_decode tests/test_norm tests/test_writer \
    tests/test_options tests/test_outfile tests/test_jobs tests/test_run \
    tests/test_library
vg="valgrind -q --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect"
for t in tests/test_*; do
	case $t in *.c | *.o | *.d) continue ;; esac
	# shellcheck disable=SC2086 # the options are words
	$vg "$t" > "$t.vglog" 2>&1 || {
		echo "FAIL valgrind: $t"
		tail -30 "$t.vglog"
		exit 1
	}
done
# the program, behind a wrapper the test scripts run as if it were it;
# without JIT, whose generated code valgrind cannot follow
cat > vg-newsclean <<WRAP
#!/bin/sh
exec $(echo $vg) $(pwd)/newsclean --no-jit "\$@"
WRAP
chmod +x vg-newsclean
sh tests/golden.sh ./vg-newsclean
sh tests/charsets.sh ./vg-newsclean
sh tests/seeds.sh ./vg-newsclean
echo "valgrind: no errors and no leaks"
