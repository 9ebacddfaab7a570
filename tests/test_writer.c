#include "testutil.h"

#include "linetab.h"
#include "writer.h"

struct fixture {
	int fd;
	struct writer *w;
	struct linetab t;
	char *out;
	size_t seen;	/* output already returned by clean() */
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->fd = temp_fd();
	f->w = writer_new(f->fd, WRITE_TEXT);
	linetab_init(&f->t);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	writer_free(f->w);
	linetab_free(&f->t);
	close(f->fd);
	free(f->out);
	free(f);
	return 0;
}

/*
 * Write text as one document, dropping the lines whose numbers are listed;
 * returns what this document added to the output.
 */
static const char *
clean(struct fixture *f, const char *text, const int *drop, int sep)
{
	size_t len, before = f->seen;

	linetab_split(&f->t, text, strlen(text));
	for (; drop != NULL && *drop >= 0; drop++)
		f->t.lines[*drop].verdict = VERDICT_DROP;
	writer_lines(f->w, &f->t);
	writer_end_doc(f->w, sep);
	assert_int_equal(writer_flush(f->w), 0);
	free(f->out);
	f->out = read_back(f->fd, &len);
	f->seen = len;
	return f->out + before;
}

static void
test_line_ends(void **state)
{
	struct fixture *f = *state;

	linetab_split(&f->t, "a\nb\r\nc\rd", 8);
	assert_int_equal(f->t.n, 4);
	assert_int_equal(f->t.lines[1].len, 1);
	assert_int_equal(f->t.lines[2].len, 1);
	assert_memory_equal(f->t.lines[3].text, "d", 1);
	linetab_split(&f->t, "x\n", 2);
	assert_int_equal(f->t.n, 1);
	linetab_split(&f->t, "", 0);
	assert_int_equal(f->t.n, 0);
}

static void
test_view_is_trimmed(void **state)
{
	struct fixture *f = *state;

	linetab_split(&f->t, " \t Share on X \r\n", 16);
	assert_int_equal(f->t.lines[0].vlen, 10);
	assert_int_equal(linetab_lead(&f->t, 0), 3);
	assert_memory_equal(f->t.lines[0].text + linetab_lead(&f->t, 0),
	    "Share on X", 10);
}

static void
test_trailing_space_and_crlf_go(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(clean(f, "  indented  \r\nnext\t\r\nlast", NULL,
	    -1), "  indented\nnext\nlast\n");
}

static void
test_blank_runs_collapse_and_ends_are_trimmed(void **state)
{
	struct fixture *f = *state;
	static const int drop[] = { 3, -1 };

	assert_string_equal(clean(f, "\n\n a\n\n \t\nb\n\n\n", NULL, -1),
	    " a\n\nb\n");
	/* the blank lines a dropped line leaves behind collapse too */
	assert_string_equal(clean(f, "a\n\n\nx\n\nb", drop, -1), "a\n\nb\n");
}

static void
test_nul_after_each_document(void **state)
{
	struct fixture *f = *state;
	static const int all[] = { 0, -1 };
	size_t len;

	clean(f, "one", NULL, '\0');
	clean(f, "gone", all, '\0');
	free(f->out);
	f->out = read_back(f->fd, &len);
	assert_int_equal(len, 6);
	assert_memory_equal(f->out, "one\n\0\0", 6);
}

static void
test_nul_inside_a_line_is_kept(void **state)
{
	struct fixture *f = *state;
	size_t len;

	linetab_split(&f->t, "a\0b\n", 4);
	writer_lines(f->w, &f->t);
	writer_end_doc(f->w, -1);
	assert_int_equal(writer_flush(f->w), 0);
	f->out = read_back(f->fd, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(f->out, "a\0b\n", 4);
}

static void
test_explain(void **state)
{
	struct fixture *f = *state;
	struct writer *w = writer_new(f->fd, WRITE_EXPLAIN);

	linetab_split(&f->t, "Title\n\nShare  \n", 15);
	f->t.lines[2].verdict = VERDICT_DROP;
	writer_lines(w, &f->t);
	assert_int_equal(writer_flush(w), 0);
	f->out = read_back(f->fd, NULL);
	assert_string_equal(f->out, "+ .  Title\n+ .\n- .  Share\n");
	writer_free(w);
}

static void
test_write_error_is_reported(void **state)
{
	struct fixture *f = *state;
	int fd = open("/dev/full", O_WRONLY);
	struct writer *w;

	if (fd < 0)
		skip();
	w = writer_new(fd, WRITE_TEXT);
	(void)f;
	linetab_split(&f->t, "text\n", 5);
	writer_lines(w, &f->t);
	assert_int_equal(writer_flush(w), -1);
	assert_true(writer_failed(w));
	writer_free(w);
	close(fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_line_ends, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_view_is_trimmed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_trailing_space_and_crlf_go,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_blank_runs_collapse_and_ends_are_trimmed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_nul_after_each_document,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_inside_a_line_is_kept,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_explain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_error_is_reported,
		    setup, teardown),
	};

	return cmocka_run_group_tests_name("writer", tests, NULL, NULL);
}
