# newsclean: strip boilerplate from scraped article text.

VERSION = 0.1.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/newsclean
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
SOVERSION = 0

PKG_CONFIG ?= pkg-config
# uchardet is not linked: src/decode.c opens it when a document needs a
# charset guessed (its header is still needed here, its library then).
DEPS = libpcre2-8 libutf8proc jansson
DEPS_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(DEPS) uchardet)
DEPS_LIBS := $(shell $(PKG_CONFIG) --libs $(DEPS))
UCHARDET_SONAME := $(shell objdump -p \
	"$$($(PKG_CONFIG) --variable=libdir uchardet)/libuchardet.so" \
	2>/dev/null | awk '$$1 == "SONAME" { print $$2 }')
CMOCKA_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka)
CMOCKA_LIBS = $(shell $(PKG_CONFIG) --libs cmocka)

# CFLAGS, CPPFLAGS, LDFLAGS and LDLIBS are the user's: what the build needs
# is added to them, not replaced by them.
WERROR ?= -Werror
CFLAGS ?= -O2 -g
NC_CFLAGS = -std=c11 -Wall -Wextra $(WERROR) -D_DEFAULT_SOURCE -fPIC \
	-pthread -DVERSION='"$(VERSION)"' -MMD -MP $(DEPS_CFLAGS)
NC_LIBS = -pthread $(DEPS_LIBS) -lm $(LDLIBS)

# default.rules first: it is the entry point that includes the others.
RULES = rules/default.rules $(filter-out rules/default.rules, \
	$(sort $(wildcard rules/*.rules)))
STOPWORDS = $(sort $(wildcard rules/stopwords/*.txt))
MODULES = src/cleaner.o src/decode.o src/detect.o src/feat.o src/jobs.o src/linetab.o src/literal.o \
	src/match.o src/model.o src/options.o src/score.o \
	src/jsonl.o src/norm.o src/outfile.o src/reader.o src/rules.o src/trie.o src/util.o src/writer.o \
	src/default_rules.o src/default_entities.o src/default_facts.o \
	src/default_codes.o src/default_folds.o src/default_norm.o \
	src/default_stoplist.o src/default_model.o src/default_tries.o
TESTS = tests/test_reader tests/test_rules tests/test_literal tests/test_match tests/test_cleaner \
	tests/test_bytes16 tests/test_rulecost tests/test_feat tests/test_model \
	tests/test_score \
	tests/test_detect tests/test_decode tests/test_norm \
	tests/test_writer tests/test_options tests/test_outfile \
	tests/test_jobs tests/test_run tests/test_library
MANS = man/newsclean.1 man/newsclean-rules.5 man/newsclean.3
LIB_OBJS = src/newsclean.o $(filter-out src/options.o, $(MODULES))
LIBS = libnewsclean.a libnewsclean.so.$(SOVERSION) libnewsclean.so

# libFuzzer targets, built with clang; each runs FUZZ_TIME seconds.
FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined
FUZZ_TARGETS = tests/fuzz/fuzz_rules tests/fuzz/fuzz_clean tests/fuzz/fuzz_decode \
	tests/fuzz/fuzz_jsonl

all: newsclean $(LIBS)

# the program is built on the library
newsclean: src/main.o src/options.o src/run.o libnewsclean.a
	$(CC) $(LDFLAGS) -o $@ src/main.o src/options.o src/run.o libnewsclean.a \
		$(NC_LIBS)

libnewsclean.a: $(LIB_OBJS)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJS)

# only the newsclean_ functions are exported from the shared library
libnewsclean.so.$(SOVERSION): $(LIB_OBJS) src/libnewsclean.map
	$(CC) $(LDFLAGS) -shared -Wl,-soname,$@ \
		-Wl,--version-script=src/libnewsclean.map -o $@ $(LIB_OBJS) \
		$(NC_LIBS)

libnewsclean.so: libnewsclean.so.$(SOVERSION)
	ln -sf libnewsclean.so.$(SOVERSION) $@


src/decode.o: NC_CFLAGS += $(if $(UCHARDET_SONAME), \
	-DUCHARDET_SONAME='"$(UCHARDET_SONAME)"')

src/%.o: src/%.c
	$(CC) $(NC_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

src/default_rules.c: $(RULES) tools/embed.sh
	sh tools/embed.sh default_rules $(RULES) > $@.tmp && mv $@.tmp $@

src/default_stopwords.c: $(STOPWORDS) tools/embed.sh
	sh tools/embed.sh default_stopwords $(STOPWORDS) > $@.tmp && mv $@.tmp $@

# what the default rules' patterns tell the matcher, read once at build time
GEN_FACTS_SRCS = tools/gen_facts.c src/literal.c src/rules.c src/util.c \
	src/default_rules.c src/default_folds.c
tools/gen_facts: $(GEN_FACTS_SRCS) src/codes.h src/literal.h src/rules.h src/util.h \
	tools/cstring.h
	$(CC) $(NC_CFLAGS) $(CPPFLAGS) $(CFLAGS) -Isrc -o $@ $(GEN_FACTS_SRCS) \
		$(LDFLAGS) $(NC_LIBS)

# which characters' case classes the literals can be compared in byte by byte
tools/gen_folds: tools/gen_folds.c src/literal.c src/util.c src/literal.h \
	src/util.h
	$(CC) $(NC_CFLAGS) $(CPPFLAGS) $(CFLAGS) -Isrc -o $@ tools/gen_folds.c \
		src/literal.c src/util.c $(LDFLAGS) $(NC_LIBS)

src/default_folds.c: tools/gen_folds
	./tools/gen_folds > $@.tmp && mv $@.tmp $@

# which characters the view leaves as they are, looked up instead of asked
tools/gen_norm: tools/gen_norm.c src/norm_char.h src/norm.h
	$(CC) $(NC_CFLAGS) $(CPPFLAGS) $(CFLAGS) -Isrc -o $@ tools/gen_norm.c \
		$(LDFLAGS) $(NC_LIBS)

src/default_norm.c: tools/gen_norm
	./tools/gen_norm > $@.tmp && mv $@.tmp $@

# the stoplists as a ready hash table
tools/gen_stoplist: tools/gen_stoplist.c src/default_stopwords.c src/stoplist.h \
	tools/cstring.h
	$(CC) $(NC_CFLAGS) $(CPPFLAGS) $(CFLAGS) -Isrc -o $@ tools/gen_stoplist.c \
		src/default_stopwords.c $(LDFLAGS)

src/default_stoplist.c: tools/gen_stoplist
	./tools/gen_stoplist > $@.tmp && mv $@.tmp $@

# the default rules' tries of line starts and ends, built once
GEN_TRIES_OBJS = $(filter-out src/default_tries.o, $(MODULES))
tools/gen_tries: tools/gen_tries.c tools/no_tries.c $(GEN_TRIES_OBJS)
	$(CC) $(NC_CFLAGS) $(CPPFLAGS) $(CFLAGS) -Isrc -o $@ tools/gen_tries.c \
		tools/no_tries.c $(GEN_TRIES_OBJS) $(LDFLAGS) $(NC_LIBS)

src/default_tries.c: tools/gen_tries
	./tools/gen_tries > $@.tmp && mv $@.tmp $@

# the content model as C arrays
GEN_MODEL_SRCS = tools/gen_model.c src/model.c src/feat.c src/util.c \
	src/rules.c src/literal.c src/default_rules.c src/default_folds.c \
	src/default_stoplist.c src/default_codes.c src/default_facts.c
tools/gen_model: $(GEN_MODEL_SRCS) src/model.h src/default_model.h src/feat.h
	$(CC) $(NC_CFLAGS) $(CPPFLAGS) $(CFLAGS) -Isrc -o $@ $(GEN_MODEL_SRCS) \
		$(LDFLAGS) $(NC_LIBS)

src/default_model.c: rules/content.model tools/gen_model
	./tools/gen_model rules/content.model > $@.tmp && mv $@.tmp $@

# learning the model: make model [TRAIN=dir] (see tools/train.c)
TRAIN ?= ../shared/bench/train
TRAIN_ARGS = -g -C 5 -t 120 -d 6 -r 0.1 -w 1 -p 0.5 -b 128
tools/train: tools/train.c tools/label.c tools/gbdt.c tools/label.h \
	tools/gbdt.h tools/mix.h $(MODULES)
	$(CC) $(NC_CFLAGS) $(CPPFLAGS) $(CFLAGS) -Isrc -Itools -o $@ \
		tools/train.c tools/label.c tools/gbdt.c $(MODULES) \
		$(LDFLAGS) $(NC_LIBS)

model: tools/train
	./tools/train fit $(TRAIN_ARGS) \
		-c "dragnet: the Dragnet benchmark data (seomoz/dragnet_data), AGPL-3.0" \
		-c "readability: Mozilla Readability's test pages, Apache-2.0" \
		$(TRAIN)/dragnet $(TRAIN)/readability > rules/content.model.tmp
	mv rules/content.model.tmp rules/content.model

src/default_facts.c: tools/gen_facts
	./tools/gen_facts facts > $@.tmp && mv $@.tmp $@

src/default_codes.c: tools/gen_facts
	./tools/gen_facts codes > $@.tmp && mv $@.tmp $@

src/default_entities.c: rules/entities.txt tools/entities.sh
	sh tools/entities.sh rules/entities.txt > $@.tmp && mv $@.tmp $@

tests/test_%.o: tests/test_%.c
	$(CC) $(NC_CFLAGS) $(CMOCKA_CFLAGS) $(CPPFLAGS) $(CFLAGS) -Isrc -c -o $@ $<

tests/test_library: tests/test_library.o libnewsclean.a
	$(CC) $(LDFLAGS) -o $@ $< libnewsclean.a $(NC_LIBS) \
		$(CMOCKA_LIBS)

# the run is the program's, not the library's
tests/test_run: tests/test_run.o src/run.o $(MODULES)
	$(CC) $(LDFLAGS) -o $@ $< src/run.o $(MODULES) $(NC_LIBS) $(CMOCKA_LIBS)

tests/test_%: tests/test_%.o $(MODULES)
	$(CC) $(LDFLAGS) -o $@ $< $(MODULES) $(NC_LIBS) $(CMOCKA_LIBS)

tests/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(MODULES:.o=.c) src/*.h
	$(FUZZ_CC) $(FUZZ_FLAGS) -std=c11 -D_DEFAULT_SOURCE -pthread \
		$(DEPS_CFLAGS) -Isrc -o $@ $< $(MODULES:.o=.c) $(DEPS_LIBS) -lm

fuzz: $(FUZZ_TARGETS)
	sh tests/fuzz.sh $(FUZZ_TIME) $(FUZZ_TARGETS)

# the fast suite: the unit tests and the shell suites, as many at a time as
# there are cores, each one's output held until it ends (-O); all is built
# first, so that no two of them build (two suites run make install)
SUITES = unit jobs stream files compilers badinput jsonl charsets golden \
	library docs manlint seeds
TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
test: newsclean $(LIBS) $(TESTS)
	@$(MAKE) -s --no-print-directory -O -j$(TEST_JOBS) \
	    $(SUITES:%=suite-%)

$(filter-out suite-unit suite-compilers suite-manlint, \
    $(SUITES:%=suite-%)): suite-%:
	sh tests/$*.sh ./newsclean
suite-unit:
	@for t in $(TESTS); do ./$$t || exit 1; done
suite-compilers:
	sh tests/compilers.sh
suite-manlint:
	sh tests/manlint.sh $(MANS)

# everything: the fast suite, then again under sanitizers and valgrind, and
# each fuzz target for FUZZ_TIME seconds
# speed and memory beside GNU grep, on a corpus made from the fixtures
bench: newsclean
	bash tools/bench.sh ./newsclean

check: test
	sh tests/sanitize.sh
	sh tests/valgrind.sh
	$(MAKE) fuzz

example: newsclean
	./newsclean examples/article.txt

install: newsclean $(LIBS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DATADIR)
	install -m 0755 newsclean $(DESTDIR)$(BINDIR)/newsclean
	install -m 0644 man/newsclean.1 $(DESTDIR)$(MANDIR)/man1/newsclean.1
	install -m 0644 man/newsclean-rules.5 \
		$(DESTDIR)$(MANDIR)/man5/newsclean-rules.5
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
		$(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man3
	install -m 0644 libnewsclean.a $(DESTDIR)$(LIBDIR)/libnewsclean.a
	install -m 0755 libnewsclean.so.$(SOVERSION) \
		$(DESTDIR)$(LIBDIR)/libnewsclean.so.$(SOVERSION)
	ln -sf libnewsclean.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libnewsclean.so
	install -m 0644 src/newsclean.h $(DESTDIR)$(INCLUDEDIR)/newsclean.h
	# made here, so that it names the PREFIX installed under
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		-e 's|@REQUIRES@|$(DEPS)|' src/newsclean.pc.in \
		> $(DESTDIR)$(PKGCONFIGDIR)/newsclean.pc
	chmod 0644 $(DESTDIR)$(PKGCONFIGDIR)/newsclean.pc
	install -m 0644 man/newsclean.3 $(DESTDIR)$(MANDIR)/man3/newsclean.3
	install -d $(DESTDIR)$(DATADIR)/stopwords
	install -m 0644 $(RULES) $(DESTDIR)$(DATADIR)/
	install -m 0644 $(STOPWORDS) rules/stopwords/README \
		$(DESTDIR)$(DATADIR)/stopwords/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/newsclean \
		$(DESTDIR)$(MANDIR)/man1/newsclean.1 \
		$(DESTDIR)$(MANDIR)/man5/newsclean-rules.5 \
		$(DESTDIR)$(MANDIR)/man3/newsclean.3 \
		$(DESTDIR)$(LIBDIR)/libnewsclean.a \
		$(DESTDIR)$(LIBDIR)/libnewsclean.so \
		$(DESTDIR)$(LIBDIR)/libnewsclean.so.$(SOVERSION) \
		$(DESTDIR)$(INCLUDEDIR)/newsclean.h \
		$(DESTDIR)$(PKGCONFIGDIR)/newsclean.pc
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -f newsclean $(LIBS) src/*.o src/*.d tests/*.o tests/*.d $(TESTS) \
		src/default_rules.c src/default_stopwords.c \
		src/default_entities.c src/default_facts.c src/default_codes.c \
		src/default_folds.c tools/gen_facts tools/gen_folds \
		src/default_norm.c tools/gen_norm \
		src/default_stoplist.c tools/gen_stoplist \
		src/default_model.c tools/gen_model tools/train \
		src/default_tries.c tools/gen_tries \
		src/*.c.tmp $(FUZZ_TARGETS)
	rm -rf tests/out

.PHONY: $(SUITES:%=suite-%) bench all test check example fuzz install uninstall clean model
.PRECIOUS: tests/test_%.o

-include src/*.d tests/*.d
