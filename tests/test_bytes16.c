#include "harness.h"

#include "bytes16.h"

/*
 * A load that stops at end reads the bytes before it, in order, and NULs
 * for the rest, at every length (each way the last few bytes are read)
 * and alignment; nothing past end is read (under valgrind and the
 * sanitizers, that would be an error).
 */
static void
test_load_until(void **state)
{
	size_t at, k, j;

	(void)state;
	for (at = 0; at < 16; at++)
		for (k = 0; k <= 20; k++) {
			/* just the bytes read: valgrind and the
			 * sanitizers see a read past them */
			unsigned char *buf = malloc(at + k ? at + k : 1);
			unsigned char got[16];
			bytes16 v;

			assert_non_null(buf);
			for (j = 0; j < at + k; j++)
				buf[j] = (unsigned char)(0x80 + j);
			v = bytes16_load_until(buf + at, buf + at + k);
			memcpy(got, &v, sizeof(got));
			for (j = 0; j < 16; j++)
				assert_int_equal(got[j],
				    j < k ? buf[at + j] : 0);
			free(buf);
		}
}

/* The bytes one place on are those of a load one byte further on, with
 * SSE2's shifts and without. */
static void
test_next(void **state)
{
	unsigned char buf[17 + 16];
	size_t at, j;

	(void)state;
	for (j = 0; j < sizeof(buf); j++)
		buf[j] = (unsigned char)(j * 37 + 11);
	for (at = 0; at < 16; at++) {
		bytes16 v = bytes16_load(buf + at);
		bytes16 want = bytes16_load(buf + at + 1);
		bytes16 a = bytes16_next(v, buf[at + 16]);
		bytes16 b = bytes16_next_portable(v, buf[at + 16]);

		assert_memory_equal(&a, &want, sizeof(want));
		assert_memory_equal(&b, &want, sizeof(want));
	}
}

/* Masks by place: bit i of the places is place i. */
static void
test_places_and_count(void **state)
{
	unsigned char text[16] = "ab1d5fgh9jklmn0p";
	bytes16 v = bytes16_load(text), m = (bytes16)(v - '0' < 10);
	unsigned i;

	(void)state;
	assert_int_equal(bytes16_places(m), 1u << 2 | 1u << 4 | 1u << 8 |
	    1u << 14);
	assert_int_equal(bytes16_count(m), 4);
	assert_int_equal(bytes16_places((bytes16)(v == v)), 0xffff);
	assert_int_equal(bytes16_places((bytes16)(v == 'p')), 1u << 15);
	assert_int_equal(bytes16_places((bytes16)(v == 'a')), 1);
	for (i = 0; i < 0x10000; i += 0x10000 / 4096 + 1) {
		bytes16 mask = { 0 };
		int j;

		for (j = 0; j < 16; j++)
			mask[j] = i >> j & 1 ? 0xff : 0;
		assert_int_equal(bytes16_places(mask), i);
		assert_int_equal(bytes16_places_portable(mask), i);
	}
	assert_true(bytes16_any(m));
	assert_false(bytes16_any((bytes16)(v == '!')));
	v = bytes16_fold_ascii(bytes16_load((const unsigned char *)
	    "AZaz@[`{09 \xc3\x80\xff!~"));
	assert_memory_equal(&v, "azaz@[`{09 \xc3\x80\xff!~", 16);
}

/* The sum of a vector's bytes, with SSE2 and without, as masks added up
 * by place for as many as 255 blocks would give. */
static void
test_sum(void **state)
{
	bytes16 v = { 0 }, set;
	unsigned i, j, want;

	(void)state;
	assert_int_equal(bytes16_sum(v), 0);
	assert_int_equal(bytes16_sum_portable(v), 0);
	for (i = 0; i < 4096; i++) {
		for (j = 0, want = 0; j < 16; j++) {
			v[j] = (unsigned char)(i == 0 ? 255 : (i * 131 + j *
			    j * 7) % 256);
			want += v[j];
		}
		assert_int_equal(bytes16_sum(v), want);
		assert_int_equal(bytes16_sum_portable(v), want);
	}
	/* 255 masks of which every place is set */
	memset(&set, 0xff, sizeof(set));
	for (v = (bytes16){ 0 }, i = 0; i < 255; i++)
		v -= set;
	assert_int_equal(bytes16_sum(v), 255 * 16);
	assert_int_equal(bytes16_sum_portable(v), 255 * 16);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_until),
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_places_and_count),
		cmocka_unit_test(test_sum),
	};

	return cmocka_run_group_tests_name("bytes16", tests, NULL, NULL);
}
