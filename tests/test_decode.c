#include "testutil.h"

#include "decode.h"

struct fixture {
	struct decoder *d;
	char *text;		/* what the pieces decoded to, together */
	size_t len;
};

static int
setup(void **state)
{
	*state = calloc(1, sizeof(struct fixture));
	return *state == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	decoder_free(f->d);
	free(f->text);
	free(f);
	return 0;
}

static struct decoder *
make(void **state, const char *charset, const char *fallback,
    enum invalid_policy p)
{
	struct fixture *f = *state;
	char err[128];

	f->d = decoder_new(charset, fallback, p, false, err, sizeof(err));
	assert_non_null(f->d);
	return f->d;
}

/* Feed one piece and add what it gave to the fixture's text. */
static int
feed(void **state, const char *in, size_t len, bool last)
{
	struct fixture *f = *state;
	const char *out;
	size_t n, bad;

	if (decoder_feed(f->d, in, len, last, &out, &n, &bad) < 0)
		return -1 - (int)bad;
	f->text = realloc(f->text, f->len + n + 1);
	assert_non_null(f->text);
	memcpy(f->text + f->len, out, n);
	f->len += n;
	f->text[f->len] = '\0';
	return 0;
}

static void
assert_text(void **state, const char *want)
{
	struct fixture *f = *state;

	assert_int_equal(f->len, strlen(want));
	assert_memory_equal(f->text, want, f->len);
}

static void
test_utf8_passes_through_untouched(void **state)
{
	struct decoder *d = make(state, "auto", NULL, INVALID_DECODE);
	const char in[] = "caf\xc3\xa9\nna\xc3\xafve\n";
	const char *out;
	size_t n, bad;

	assert_int_equal(decoder_feed(d, in, sizeof(in) - 1, true, &out, &n,
	    &bad), 0);
	assert_ptr_equal(out, in);	/* not even copied */
	assert_int_equal(n, sizeof(in) - 1);
	assert_string_equal(decoder_charset(d), "UTF-8");
}

static void
test_byte_order_marks_are_read_and_dropped(void **state)
{
	static const struct {
		const char *bytes;
		size_t len;
	} in[] = {
		{ "\xef\xbb\xbf" "A\xc3\xa9\n", 7 },
		{ "\xff\xfe" "A\0\xe9\0\n\0", 8 },
		{ "\xfe\xff" "\0A\0\xe9\0\n", 8 },
		{ "\xff\xfe\0\0" "A\0\0\0\xe9\0\0\0\n\0\0\0", 16 },
	};
	size_t i;

	make(state, "auto", NULL, INVALID_DECODE);
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		struct fixture *f = *state;

		f->len = 0;
		assert_int_equal(feed(state, in[i].bytes, in[i].len, true), 0);
		assert_text(state, "A\xc3\xa9\n");
	}
}

static void
test_utf16_without_bom_is_recognised(void **state)
{
	/* "Да нет\n" in UTF-16LE: no ASCII letters, only the space and LF */
	const char in[] = "\x14\x04\x30\x04\x20\x00\x3d\x04\x35\x04\x42\x04"
	    "\x0a\x00";

	make(state, "auto", NULL, INVALID_DECODE);
	assert_int_equal(feed(state, in, sizeof(in) - 1, true), 0);
	assert_text(state, "\xd0\x94\xd0\xb0 \xd0\xbd\xd0\xb5\xd1\x82\n");
	assert_string_equal(decoder_charset(((struct fixture *)*state)->d),
	    "UTF-16LE");
}

static void
test_utf16_split_between_pieces(void **state)
{
	/* "ab\ncd\n" in UTF-16LE, cut inside the first line end */
	const char in[] = "\xff\xfe" "a\0b\0\n\0c\0d\0\n\0";
	struct fixture *f;

	make(state, "auto", NULL, INVALID_DECODE);
	f = *state;
	assert_int_equal(feed(state, in, 7, false), 0);
	assert_int_equal(f->len, 0);	/* no whole line yet */
	assert_int_equal(feed(state, in + 7, 4, false), 0);
	assert_text(state, "ab\n");	/* only whole lines are handed on */
	assert_int_equal(feed(state, in + 11, sizeof(in) - 1 - 11, true), 0);
	assert_text(state, "ab\ncd\n");
}

static void
test_other_charsets_use_the_fallback(void **state)
{
	/* windows-1252: "Caf\xe9 \x93ok\x94" */
	make(state, "auto", NULL, INVALID_DECODE);
	assert_int_equal(feed(state, "Caf\xe9 \x93ok\x94\n", 10, true), 0);
	assert_text(state, "Caf\xc3\xa9 \xe2\x80\x9cok\xe2\x80\x9d\n");
	assert_string_equal(decoder_charset(((struct fixture *)*state)->d),
	    "windows-1252");
}

/* CP1251: "Привет, как дела? Всё хорошо, спасибо.\n" */
static const char cp1251[] = "\xcf\xf0\xe8\xe2\xe5\xf2, \xea\xe0\xea "
    "\xe4\xe5\xeb\xe0? \xc2\xf1\xb8 \xf5\xee\xf0\xee\xf8\xee, "
    "\xf1\xef\xe0\xf1\xe8\xe1\xee.\n";
static const char cp1251_utf8[] = "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5"
    "\xd1\x82, \xd0\xba\xd0\xb0\xd0\xba \xd0\xb4\xd0\xb5\xd0\xbb\xd0\xb0? "
    "\xd0\x92\xd1\x81\xd1\x91 \xd1\x85\xd0\xbe\xd1\x80\xd0\xbe\xd1\x88"
    "\xd0\xbe, \xd1\x81\xd0\xbf\xd0\xb0\xd1\x81\xd0\xb8\xd0\xb1\xd0\xbe.\n";

static void
test_cyrillic_is_guessed(void **state)
{
	make(state, "auto", NULL, INVALID_DECODE);
	assert_int_equal(feed(state, cp1251, sizeof(cp1251) - 1, true), 0);
	assert_text(state, cp1251_utf8);
	assert_string_equal(decoder_charset(((struct fixture *)*state)->d),
	    "WINDOWS-1251");
}

static void
test_named_fallback_is_not_second_guessed(void **state)
{
	struct fixture *f;

	make(state, "auto", "windows-1252", INVALID_DECODE);
	f = *state;
	assert_int_equal(feed(state, cp1251, sizeof(cp1251) - 1, true), 0);
	assert_string_equal(decoder_charset(f->d), "windows-1252");
	/* "Привет" as windows-1252 letters */
	assert_memory_equal(f->text, "\xc3\x8f\xc3\xb0\xc3\xa8", 6);
}

static void
test_named_charset(void **state)
{
	/* CP1251 "Мир" */
	make(state, "cp1251", NULL, INVALID_DECODE);
	assert_int_equal(feed(state, "\xcc\xe8\xf0\n", 4, true), 0);
	assert_text(state, "\xd0\x9c\xd0\xb8\xd1\x80\n");
}

static void
test_broken_utf8_keeps_its_valid_characters(void **state)
{
	make(state, "auto", NULL, INVALID_DECODE);
	assert_int_equal(feed(state, "cr\xc3\xa8me caf\xe9 na\xc3\xafve\n",
	    19, true), 0);
	assert_text(state, "cr\xc3\xa8me caf\xc3\xa9 na\xc3\xafve\n");
}

static void
test_invalid_keep_passes_bytes_through(void **state)
{
	make(state, "auto", NULL, INVALID_KEEP);
	assert_int_equal(feed(state, "caf\xe9\n", 5, true), 0);
	assert_text(state, "caf\xe9\n");
}

static void
test_invalid_fail_gives_the_offset_in_the_document(void **state)
{
	make(state, "auto", NULL, INVALID_FAIL);
	assert_int_equal(feed(state, "first line\n", 11, false), 0);
	assert_int_equal(feed(state, "caf\xe9\n", 5, true), -1 - 14);
	/* the next document starts afresh */
	assert_int_equal(feed(state, "ok\n", 3, true), 0);
}

/*
 * UTF-8 is read sixteen bytes at a time where it is ASCII: a bad byte, or
 * a good two-byte character, at any place of documents of up to 40 bytes is
 * found where it is.
 */
static void
test_bad_byte_found_at_every_place(void **state)
{
	char doc[48];
	size_t len, at;

	make(state, "utf-8", NULL, INVALID_FAIL);
	for (len = 2; len <= 40; len++)
		for (at = 0; at + 1 < len; at++) {
			memset(doc, 'a', len);
			doc[len - 1] = '\n';
			doc[at] = '\xc3';
			doc[at + 1] = '\xa9';	/* é: good */
			assert_int_equal(feed(state, doc, len, true), 0);
			doc[at + 1] = 'x';	/* a lead byte alone: bad */
			assert_int_equal(feed(state, doc, len, true),
			    -1 - (int)at);
		}
}

static void
test_bytes_no_charset_reads(void **state)
{
	struct fixture *f;

	/* windows-1252 has holes at 0x81, 0x8d, 0x8f, 0x90, 0x9d: read as the
	 * C1 controls of the same number, as browsers do */
	make(state, "auto", NULL, INVALID_DECODE);
	f = *state;
	assert_int_equal(feed(state, "a\x81\n", 3, true), 0);
	assert_text(state, "a\xc2\x81\n");
	assert_int_equal(decoder_replaced(f->d), 0);
	decoder_free(f->d);
	/* ISO-8859-7 has no 0xae: U+FFFD, counted */
	make(state, "utf-8", "iso-8859-7", INVALID_DECODE);
	f->len = 0;
	assert_int_equal(feed(state, "a\xae\n", 3, true), 0);
	assert_text(state, "a\xef\xbf\xbd\n");
	assert_int_equal(decoder_replaced(f->d), 1);
}

static void
test_truncated_utf16_is_reported(void **state)
{
	make(state, "auto", NULL, INVALID_DECODE);
	assert_int_equal(feed(state, "\xff\xfe" "a\0b", 5, true), 0);
	assert_text(state, "a\xef\xbf\xbd");
	assert_int_equal(decoder_replaced(((struct fixture *)*state)->d), 1);
}

static void
test_bad_names(void **state)
{
	char err[128];

	(void)state;
	assert_null(decoder_new("no-such-charset", NULL, INVALID_DECODE, false,
	    err, sizeof(err)));
	assert_string_equal(err, "unknown charset: no-such-charset");
	assert_null(decoder_new("auto", "nope", INVALID_DECODE, false, err,
	    sizeof(err)));
	assert_string_equal(err, "unknown charset: nope");
	assert_null(decoder_new("auto", "UTF-16", INVALID_DECODE, false, err,
	    sizeof(err)));
	assert_string_equal(err, "fallback charset must read ASCII as ASCII: "
	    "UTF-16");
}

static void
test_ascii_compatibility(void **state)
{
	static const struct {
		const char *name;
		bool ascii;
	} cs[] = {
		{ "auto", true }, { "UTF-8", true }, { "windows-1252", true },
		{ "SHIFT_JIS", true }, { "UTF-16LE", false },
		{ "UTF-32", false },
	};
	char err[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
		struct decoder *d = decoder_new(cs[i].name, NULL,
		    INVALID_DECODE, false, err, sizeof(err));

		assert_non_null(d);
		assert_int_equal(decoder_ascii_compatible(d), cs[i].ascii);
		decoder_free(d);
	}
}

static void
test_nul_separated_documents_are_not_utf16(void **state)
{
	struct fixture *f = *state;
	char err[128];

	f->d = decoder_new("auto", NULL, INVALID_DECODE, true, err, sizeof(err));
	assert_non_null(f->d);
	assert_int_equal(feed(state, "\xff\xfe" "a\n", 4, true), 0);
	assert_text(state, "\xc3\xbf\xc3\xbe" "a\n");
}

/*
 * A whole input given to -z that is UTF-16 or UTF-32 is told: by a byte
 * order mark, by its NULs; text with NUL separators is not, and a named
 * charset or whole documents never are.
 */
static void
test_wide_stream_is_told(void **state)
{
	static const struct {
		const char *s;
		size_t n;
		bool wide;
	} in[] = {
		{ "\xff\xfe" "a\0", 4, true },
		{ "\xfe\xff" "\0a", 4, true },
		{ "\xff\xfe\0\0" "a\0\0\0", 8, true },
		{ "\0\0\xfe\xff" "\0\0\0a", 8, true },
		{ "S\0h\0a\0r\0e\0 \0o\0n\0", 16, true },
		{ "\0S\0h\0a\0r\0e\0 \0o\0n", 16, true },
		/* Cyrillic: a NUL in the spaces only */
		{ "\x1f\x04\x40\x04\x38\x04 \0\x3c\x04\x38\x04\x40\x04 \0",
		    16, true },
		{ "S\0\0\0h\0\0\0a\0\0\0r\0\0\0", 16, true },
		{ "Share on Facebook\n\0An article.\n\0", 32, false },
		{ "a\0bc\0", 5, false },
		{ "", 0, false },
		{ "a\0", 2, false },
	};
	char err[128];
	size_t i;
	struct decoder *z, *whole, *named;

	(void)state;
	z = decoder_new("auto", NULL, INVALID_DECODE, true, err, sizeof(err));
	whole = decoder_new("auto", NULL, INVALID_DECODE, false, err,
	    sizeof(err));
	named = decoder_new("UTF-8", NULL, INVALID_DECODE, true, err,
	    sizeof(err));
	assert_non_null(z);
	assert_non_null(whole);
	assert_non_null(named);
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		assert_int_equal(decoder_wide_stream(z, in[i].s, in[i].n),
		    in[i].wide);
		assert_false(decoder_wide_stream(whole, in[i].s, in[i].n));
		assert_false(decoder_wide_stream(named, in[i].s, in[i].n));
	}
	decoder_free(z);
	decoder_free(whole);
	decoder_free(named);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_utf8_passes_through_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_byte_order_marks_are_read_and_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_utf16_without_bom_is_recognised, setup, teardown),
		cmocka_unit_test_setup_teardown(test_utf16_split_between_pieces,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_other_charsets_use_the_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cyrillic_is_guessed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_named_fallback_is_not_second_guessed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_named_charset, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_broken_utf8_keeps_its_valid_characters, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_invalid_keep_passes_bytes_through, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_bad_byte_found_at_every_place, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_invalid_fail_gives_the_offset_in_the_document, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bytes_no_charset_reads,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_utf16_is_reported,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ascii_compatibility, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_nul_separated_documents_are_not_utf16, setup, teardown),
		cmocka_unit_test(test_wide_stream_is_told),
	};

	return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
