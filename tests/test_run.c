#include "testutil.h"

#include <getopt.h>

#include "cleaner.h"
#include "linetab.h"
#include "options.h"
#include "rules.h"
#include "run.h"

/* What a run gave: standard output, standard error, status, counts. */
struct result {
	char *out, *err;
	size_t outlen, errlen;
	int status;
	size_t lines, kept, dropped;
};

struct fixture {
	struct ruleset *set;
	char *files[8];
	int nfiles;
	struct result a, b;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->set = rules_new();
	assert_int_equal(rules_load_default(f->set), 0);
	*state = f;
	return 0;
}

static void
result_free(struct result *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof(*r));
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int i;

	for (i = 0; i < f->nfiles; i++) {
		unlink(f->files[i]);
		free(f->files[i]);
	}
	result_free(&f->a);
	result_free(&f->b);
	rules_free(f->set);
	free(f);
	return 0;
}

static const char *
add_file(struct fixture *f, const char *data, size_t len)
{
	assert_true(f->nfiles < 8);
	f->files[f->nfiles] = temp_file(data, len);
	return f->files[f->nfiles++];
}

/* Run the program's run on argv (without -j) with jobs threads. */
static void
run(struct fixture *f, unsigned jobs, char **argv, struct result *res)
{
	struct options o;
	struct run_config rc;
	struct run *r;
	const struct stats *st;
	char err[256];
	int argc = 0, out = temp_fd(), errfd = temp_fd();
	int saved_out = dup(STDOUT_FILENO), saved_err = dup(STDERR_FILENO);

	while (argv[argc] != NULL)
		argc++;
	optind = 0;
	assert_int_equal(options_parse(&o, argc, argv), 0);
	memset(&rc, 0, sizeof(rc));
	rc.o = &o;
	rc.set = f->set;
	rc.cf.sep = o.null_data ? '\0' : -1;
	rc.cf.detect = !o.rules_only;
	rc.cf.invalid = o.invalid;
	rc.jobs = jobs;
	r = run_new(&rc, err, sizeof(err));
	assert_non_null(r);
	fflush(stderr);
	dup2(out, STDOUT_FILENO);
	dup2(errfd, STDERR_FILENO);
	res->status = run_inputs(r);
	fflush(stderr);
	dup2(saved_out, STDOUT_FILENO);
	dup2(saved_err, STDERR_FILENO);
	close(saved_out);
	close(saved_err);
	st = run_stats(r);
	res->lines = st->lines;
	res->kept = st->kept;
	res->dropped = st->dropped;
	run_free(r);
	options_free(&o);
	res->out = read_back(out, &res->outlen);
	res->err = read_back(errfd, &res->errlen);
	close(out);
	close(errfd);
}

static void
assert_same(const struct result *a, const struct result *b)
{
	assert_int_equal(a->status, b->status);
	assert_int_equal(a->outlen, b->outlen);
	assert_memory_equal(a->out, b->out, a->outlen);
	assert_string_equal(a->err, b->err);
	assert_int_equal(a->lines, b->lines);
	assert_int_equal(a->kept, b->kept);
	assert_int_equal(a->dropped, b->dropped);
}

static const char page[] =
    "Home | World | Business | Sport\n"
    "Share on Facebook\n"
    "\n"
    "The council approved the new budget on Tuesday after a long debate "
    "about the cost of repairing the old bridge over the river.\n"
    "\n"
    "Members said the repairs could not wait another year, and the work "
    "will start in the spring if the weather allows it.\n"
    "\n"
    "Source link\n";

/* n copies of the page, each followed by sep; one in the middle with a
 * byte that is not UTF-8 when bad is set. */
static char *
records(size_t n, char sep, bool bad, size_t *len)
{
	size_t one = sizeof(page) - 1, i, k = 0;
	char *buf = malloc(n * (one + 1) + 64);

	assert_non_null(buf);
	for (i = 0; i < n; i++) {
		memcpy(buf + k, page, one);
		k += one;
		if (bad && i == n / 2) {
			memcpy(buf + k, "Caf\xe9\n", 5);
			k += 5;
		}
		buf[k++] = sep;
	}
	*len = k;
	return buf;
}

/* Thousands of NUL records: three threads give what one gives. */
static void
test_records_on_threads(void **state)
{
	struct fixture *f = *state;
	size_t len;
	char *data = records(6000, '\0', false, &len);
	char *argv[] = { "newsclean", "-z", (char *)add_file(f, data, len),
		NULL };

	run(f, 1, argv, &f->a);
	run(f, 3, argv, &f->b);
	assert_same(&f->a, &f->b);
	assert_int_equal(f->a.status, 0);
	assert_int_equal(f->a.lines, 6000 * 8);
	assert_true(f->a.outlen > 0);
	free(data);
}

/* A bad byte with --invalid=fail stops the input there, on any number of
 * threads: the records after it are neither written nor counted. */
static void
test_a_failed_record_stops_its_input(void **state)
{
	struct fixture *f = *state;
	size_t len;
	char *data = records(6000, '\0', true, &len);
	char *argv[] = { "newsclean", "-z", "--invalid=fail",
		(char *)add_file(f, data, len), NULL };

	run(f, 1, argv, &f->a);
	run(f, 2, argv, &f->b);
	assert_same(&f->a, &f->b);
	assert_int_equal(f->a.status, 1);
	assert_int_equal(f->a.lines, 3000 * 8);
	assert_non_null(strstr(f->a.err, "not valid"));
	free(data);
}

/* Messages come in the order of the inputs, among long ones. */
static void
test_messages_in_input_order(void **state)
{
	struct fixture *f = *state;
	size_t len;
	char *data = records(3000, '\0', false, &len);
	const char *a = add_file(f, data, len), *b = add_file(f, data, len);
	char *argv[] = { "newsclean", "-z", "/nonexistent/1", (char *)a,
		"/nonexistent/2", (char *)b, "/nonexistent/3", NULL };

	run(f, 1, argv, &f->a);
	run(f, 3, argv, &f->b);
	assert_same(&f->a, &f->b);
	assert_int_equal(f->a.status, 1);
	assert_true(strstr(f->a.err, "/nonexistent/1") <
	    strstr(f->a.err, "/nonexistent/2"));
	assert_true(strstr(f->a.err, "/nonexistent/2") <
	    strstr(f->a.err, "/nonexistent/3"));
	free(data);
}

/* JSON Lines: bad records told by their line numbers, whatever batch
 * they fall in. */
static void
test_bad_records_by_line(void **state)
{
	struct fixture *f = *state;
	size_t one, i, k = 0, n = 8000;
	char line[256], *data, *argv[4];
	const char *path, *p;

	one = (size_t)snprintf(line, sizeof(line), "{\"id\":1,\"text\":"
	    "\"Share on Facebook\\nA line of an article, long enough.\\n\"}\n");
	data = malloc(n * (one + 16));
	assert_non_null(data);
	for (i = 0; i < n; i++) {
		if (i == 7777) {
			memcpy(data + k, "not json\n", 9);
			k += 9;
			continue;
		}
		memcpy(data + k, line, one);
		k += one;
	}
	path = add_file(f, data, k);
	argv[0] = "newsclean";
	argv[1] = "--jsonl";
	argv[2] = (char *)path;
	argv[3] = NULL;
	run(f, 1, argv, &f->a);
	run(f, 2, argv, &f->b);
	assert_same(&f->a, &f->b);
	assert_int_equal(f->a.status, 1);
	p = strstr(f->a.err, ":7778: ");
	assert_non_null(p);
	free(data);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_records_on_threads, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_a_failed_record_stops_its_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_messages_in_input_order,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_records_by_line, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
