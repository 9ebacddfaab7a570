#!/bin/sh
# The library as a user gets it: installed with make install, the example
# program of newsclean(3) built with pkg-config against it, cleaning the
# sample articles (or the bundled example) exactly as the command does,
# linked both shared and static.
set -u
nc=${1:-./newsclean}
tmp=${TMPDIR:-/tmp}/newsclean-lib.$$
rm -rf "$tmp"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
no() { echo "FAIL library: $1"; fail=$((fail + 1)); }

if ! make -s install DESTDIR="$tmp/root" PREFIX=/usr > "$tmp/install.log" 2>&1
then
	no "make install"
	cat "$tmp/install.log"
	exit 1
fi
for f in usr/include/newsclean.h usr/lib/libnewsclean.a \
    usr/lib/libnewsclean.so usr/lib/pkgconfig/newsclean.pc \
    usr/share/man/man3/newsclean.3; do
	[ -e "$tmp/root/$f" ] || no "make install left out $f"
done

# the example, as the manual prints it
sed -n '/^\.Bd -literal/,/^\.Ed/p' man/newsclean.3 | sed -e '1d' -e '$d' \
    -e 's/\\e/\\/g' > "$tmp/clean.c"
export PKG_CONFIG_PATH="$tmp/root/usr/lib/pkgconfig"
export PKG_CONFIG_SYSROOT_DIR="$tmp/root"
# CFLAGS and LDFLAGS as the library was built with (sanitizers, say)
# shellcheck disable=SC2046,SC2086 # pkg-config and the flags are words
if ${CC:-cc} ${CFLAGS-} ${LDFLAGS-} -Wall -Wextra -Werror \
    -o "$tmp/clean-shared" "$tmp/clean.c" \
    $(pkg-config --cflags --libs newsclean) &&
    ${CC:-cc} ${CFLAGS-} ${LDFLAGS-} -Wall -Wextra -Werror \
    -o "$tmp/clean-static" "$tmp/clean.c" \
    $(pkg-config --cflags newsclean) "$tmp/root/usr/lib/libnewsclean.a" \
    $(pkg-config --libs-only-l --static newsclean | sed 's/-lnewsclean//')
then ok; else no "the example of newsclean(3) does not build"; fi

articles=$(ls ../shared/seeds/seed*.txt 2> /dev/null)
[ -n "$articles" ] || articles=examples/article.txt
for a in $articles; do
	"$nc" "$a" > "$tmp/want"
	for kind in shared static; do
		LD_LIBRARY_PATH="$tmp/root/usr/lib" "$tmp/clean-$kind" \
		    < "$a" > "$tmp/got" 2> "$tmp/err"
		if cmp -s "$tmp/want" "$tmp/got" && [ ! -s "$tmp/err" ]; then ok
		else no "$kind library on $a differs from the command"; fi
	done
done

# only the API is exported from the shared library
if command -v nm > /dev/null 2>&1; then
	other=$(nm -D --defined-only "$tmp/root/usr/lib/libnewsclean.so" |
	    awk '$2 == "T" && $3 !~ /^newsclean_/' | head -3)
	if [ -z "$other" ]; then ok; else
		no "the shared library exports $other"; fi
fi

echo "library: $pass passed, $fail failed"
[ "$fail" = 0 ]
