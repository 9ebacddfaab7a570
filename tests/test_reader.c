#include "testutil.h"

#include "reader.h"

struct fixture {
	char *path;
	int fd;
	struct reader *r;
};

static int
teardown(void **state)
{
	struct fixture *f = *state;

	if (f != NULL) {
		reader_free(f->r);
		if (f->fd >= 0)
			close(f->fd);
		if (f->path != NULL) {
			unlink(f->path);
			free(f->path);
		}
		free(f);
	}
	return 0;
}

static struct fixture *
open_input_max(void **state, const char *data, size_t len, int sep,
    size_t doc_max)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	*state = f;
	f->path = temp_file(data, len);
	f->fd = open(f->path, O_RDONLY);
	assert_true(f->fd >= 0);
	f->r = reader_new(sep, doc_max);
	reader_reset(f->r, f->fd);
	return f;
}

static struct fixture *
open_input(void **state, const char *data, size_t len, int sep)
{
	return open_input_max(state, data, len, sep, 0);
}

static int
setup(void **state)
{
	*state = NULL;
	return 0;
}

static void
test_empty_input_has_no_document(void **state)
{
	struct fixture *f = open_input(state, "", 0, -1);
	struct chunk c;

	assert_int_equal(reader_next(f->r, &c), 0);
}

static void
test_whole_input_is_one_document(void **state)
{
	const char text[] = "one\ntwo\nthree without end";
	struct fixture *f = open_input(state, text, sizeof(text) - 1, -1);
	struct chunk c;

	assert_int_equal(reader_next(f->r, &c), 1);
	assert_true(c.doc_end);
	assert_int_equal(c.len, sizeof(text) - 1);
	assert_memory_equal(c.text, text, c.len);
	assert_int_equal(reader_next(f->r, &c), 0);
}

static void
test_nul_separates_documents(void **state)
{
	const char text[] = "a\nb\0\0c\0";
	struct fixture *f = open_input(state, text, sizeof(text) - 1, '\0');
	struct chunk c;

	assert_int_equal(reader_next(f->r, &c), 1);
	assert_true(c.doc_end);
	assert_int_equal(c.len, 3);
	assert_memory_equal(c.text, "a\nb", 3);
	assert_int_equal(c.offset, 0);
	/* an empty record between two NULs is a document too */
	assert_int_equal(reader_next(f->r, &c), 1);
	assert_true(c.doc_end);
	assert_int_equal(c.len, 0);
	assert_int_equal(c.offset, 4);
	assert_int_equal(reader_next(f->r, &c), 1);
	assert_int_equal(c.len, 1);
	assert_int_equal(c.offset, 5);
	/* a final NUL ends the last record; it does not open another */
	assert_int_equal(reader_next(f->r, &c), 0);
}

static void
test_last_record_without_nul(void **state)
{
	const char text[] = "x\0tail";
	struct fixture *f = open_input(state, text, sizeof(text) - 1, '\0');
	struct chunk c;

	assert_int_equal(reader_next(f->r, &c), 1);
	assert_int_equal(reader_next(f->r, &c), 1);
	assert_true(c.doc_end);
	assert_int_equal(c.len, 4);
	assert_memory_equal(c.text, "tail", 4);
	assert_int_equal(reader_next(f->r, &c), 0);
}

/*
 * Over several buffers' worth of lines, chunks hold whole lines only, a
 * CRLF is never split between chunks, and together they give back the input.
 */
static void
test_chunks_are_whole_lines(void **state)
{
	size_t n = 3 * 1024 * 1024, i, got = 0;
	char *text = malloc(n);
	struct fixture *f;
	struct chunk c;

	assert_non_null(text);
	for (i = 0; i < n; i++)
		text[i] = "abc def\r\n"[i % 9];
	f = open_input(state, text, n, -1);
	while (reader_next(f->r, &c) == 1) {
		assert_memory_equal(c.text, text + got, c.len);
		got += c.len;
		if (!c.doc_end) {
			assert_true(c.len > 0);
			assert_int_equal(c.text[c.len - 1], '\n');
		}
	}
	assert_int_equal(got, n);
	free(text);
}

/*
 * Documents come whole up to doc_max bytes; a longer one in pieces of
 * whole lines, each of doc_max bytes or nearly (a line less), the ones
 * after the first marked as going on.
 */
static void
test_long_document_in_pieces(void **state)
{
	size_t big = 3 * 1024 * 1024, max = 1024 * 1024, i, n, at, got = 0;
	size_t pieces = 0;
	char *text = malloc(big + 16);
	struct fixture *f;
	struct chunk c;

	assert_non_null(text);
	memcpy(text, "small\n", 6);
	text[6] = '\0';
	for (i = 0; i < big; i++)
		text[7 + i] = "abc def\n"[i % 8];
	memcpy(text + 7 + big, "\0end", 4);
	n = 7 + big + 4;
	f = open_input_max(state, text, n, '\0', max);
	assert_int_equal(reader_next(f->r, &c), 1);
	assert_true(c.doc_end && !c.cont);
	assert_int_equal(c.len, 6);
	at = 7;
	for (;;) {
		assert_int_equal(reader_next(f->r, &c), 1);
		assert_memory_equal(c.text, text + at + got, c.len);
		assert_true(c.cont == (pieces > 0));
		got += c.len;
		pieces++;
		if (c.doc_end)
			break;
		assert_true(c.len + 8 >= max);
		assert_int_equal(c.text[c.len - 1], '\n');
	}
	assert_int_equal(got, big);
	assert_true(pieces >= 3);
	assert_int_equal(reader_next(f->r, &c), 1);
	assert_true(c.doc_end && !c.cont);
	assert_int_equal(c.len, 3);
	assert_int_equal(reader_next(f->r, &c), 0);
	/* with no bound, the long one is whole */
	teardown(state);
	f = open_input_max(state, text, n, '\0', SIZE_MAX);
	assert_int_equal(reader_next(f->r, &c), 1);
	assert_int_equal(reader_next(f->r, &c), 1);
	assert_true(c.doc_end && !c.cont);
	assert_int_equal(c.len, big);
	free(text);
}

/* The lengths of the pieces of the document at the reader, up to 64. */
static size_t
pieces_of(struct reader *r, bool batches, size_t *len)
{
	struct chunk c;
	size_t n = 0;

	do {
		assert_int_equal(batches ? reader_next_batch(r, &c) :
		    reader_next(r, &c), 1);
		assert_true(n < 64);
		len[n++] = c.len;
	} while (!c.doc_end);
	return n;
}

/*
 * The pieces are cut by what the document holds: the same when a long
 * line before it grew the buffer, when it is read in batches; a
 * document of doc_max bytes exactly is whole, and a line longer than
 * doc_max is a piece of its own.
 */
static void
test_pieces_do_not_follow_the_buffer(void **state)
{
	size_t max = 1024 * 1024, big = 3 * max + 12345, line = 2 * max;
	size_t i, n, m, a[64], b[64];
	char *text = malloc(line + 1 + big + 1 + max);
	char *doc = text + line + 1;
	struct fixture *f;
	struct chunk c;

	assert_non_null(text);
	memset(text, 'x', line);
	text[line] = '\0';
	for (i = 0; i < big; i++)
		doc[i] = "a line of some words\n"[i % 21];
	/* a line longer than max in the middle */
	memset(doc + max + 5, 'y', max + 100);
	doc[big] = '\0';
	for (i = 0; i < max; i++)
		doc[big + 1 + i] = i % 16 == 15 ? '\n' : 'z';
	f = open_input_max(state, doc, big + 1 + max, '\0', max);
	n = pieces_of(f->r, false, a);
	assert_true(n >= 4);
	for (i = 0; i + 1 < n; i++)
		assert_true(a[i] <= max || i == 1);
	assert_true(a[1] > max);
	/* exactly max bytes: whole */
	assert_int_equal(reader_next(f->r, &c), 1);
	assert_true(c.doc_end && !c.cont);
	assert_int_equal(c.len, max);
	teardown(state);
	f = open_input_max(state, text, line + 1 + big, '\0', max);
	assert_int_equal(reader_next(f->r, &c), 1);
	assert_int_equal(c.len, line);
	m = pieces_of(f->r, false, b);
	assert_int_equal(m, n);
	assert_memory_equal(a, b, n * sizeof(*a));
	teardown(state);
	f = open_input_max(state, text, line + 1 + big, '\0', max);
	assert_int_equal(reader_next_batch(f->r, &c), 1);
	m = pieces_of(f->r, true, b);
	assert_int_equal(m, n);
	assert_memory_equal(a, b, n * sizeof(*a));
	free(text);
}

static void
test_line_longer_than_buffer(void **state)
{
	size_t n = 5 * 1024 * 1024;
	char *text = malloc(n + 2);
	struct fixture *f;
	struct chunk c;

	assert_non_null(text);
	memset(text, 'x', n);
	memcpy(text + n, "\ny", 2);
	f = open_input(state, text, n + 2, -1);
	assert_int_equal(reader_next(f->r, &c), 1);
	/* the long line comes whole, with its end, in the first chunk */
	assert_true(c.len >= n + 1);
	assert_memory_equal(c.text, text, c.len);
	if (!c.doc_end) {
		assert_int_equal(c.len, n + 1);
		assert_int_equal(reader_next(f->r, &c), 1);
		assert_true(c.doc_end);
		/* offsets count from the input's start, across buffer moves */
		assert_int_equal(c.offset, n + 1);
	}
	assert_int_equal(reader_next(f->r, &c), 0);
	free(text);
}

static void
test_read_error_is_not_end_of_input(void **state)
{
	struct reader *r = reader_new(-1, 0);
	struct chunk c;
	int fd = open("/tmp", O_RDONLY);

	(void)state;
	assert_true(fd >= 0);
	reader_reset(r, fd);
	assert_int_equal(reader_next(r, &c), -1);
	close(fd);
	reader_free(r);
}

/* What a peek sees is handed out again after it, whole. */
static void
test_peek_then_read(void **state)
{
	const char text[] = "first\0second record\0third";
	struct fixture *f = open_input(state, text, sizeof(text) - 1, '\0');
	struct chunk c;
	const char *p;
	size_t n;

	assert_int_equal(reader_peek(f->r, 4, &p, &n), 0);
	assert_true(n >= 4);
	assert_memory_equal(p, "firs", 4);
	/* more than there is: all of it */
	assert_int_equal(reader_peek(f->r, 4096, &p, &n), 0);
	assert_int_equal(n, sizeof(text) - 1);
	assert_int_equal(reader_next(f->r, &c), 1);
	assert_int_equal(c.len, 5);
	assert_memory_equal(c.text, "first", 5);
	assert_int_equal(c.offset, 0);
	assert_int_equal(reader_next(f->r, &c), 1);
	assert_int_equal(c.len, 13);
	assert_int_equal(c.offset, 6);
	assert_int_equal(reader_next(f->r, &c), 1);
	assert_memory_equal(c.text, "third", 5);
	assert_int_equal(reader_next(f->r, &c), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty_input_has_no_document,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_whole_input_is_one_document,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_separates_documents,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_record_without_nul,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_chunks_are_whole_lines,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_document_in_pieces,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_pieces_do_not_follow_the_buffer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_line_longer_than_buffer,
		    setup, teardown),
		cmocka_unit_test(test_read_error_is_not_end_of_input),
		cmocka_unit_test_setup_teardown(test_peek_then_read, setup,
		    teardown),
	};

	return cmocka_run_group_tests_name("reader", tests, NULL, NULL);
}
