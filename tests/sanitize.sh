#!/bin/sh
# The whole fast test suite again, in a copy of the tree built with
# AddressSanitizer and UndefinedBehaviorSanitizer, then with
# ThreadSanitizer the library's test (cleaners in two threads), the job
# queue's and -j's (tests/jobs.sh: records and files on three threads):
# any report fails it.  The
# sanitized build leaves out code for one kind of processor
# (NEWSCLEAN_PORTABLE), so that the suite runs the portable code too.
set -eu
top=$(pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/newsclean-sanitize.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM
chmod 755 "$tmp"
mkdir "$tmp/main"
cp -R src tests rules tools man examples Makefile README.md "$tmp/main"
# the sample articles sit beside the tree
[ -d "$top/../shared" ] && ln -s "$(cd "$top/../shared" && pwd)" "$tmp/shared"
cd "$tmp/main"
make -s clean
san="-fsanitize=address,undefined -fno-sanitize-recover=all"
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
make -s CFLAGS="-O1 -g -fno-omit-frame-pointer $san -DNEWSCLEAN_PORTABLE" \
	LDFLAGS="$san" test
echo "sanitize: the test suite passed under ASan and UBSan"
# TSan cannot share a build with ASan; clang has it built in
tsan="-fsanitize=thread"
export TSAN_OPTIONS=halt_on_error=1:exitcode=66
make -s clean
make -s CC="${TSAN_CC:-clang}" CFLAGS="-O1 -g $tsan" LDFLAGS="$tsan" \
	newsclean tests/test_library tests/test_jobs tests/test_run
./tests/test_library
./tests/test_jobs
./tests/test_run
sh tests/jobs.sh ./newsclean
echo "sanitize: the library's, the job queue's and -j's tests passed under TSan"
