#include "testutil.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <signal.h>

#include "outfile.h"

/* A directory of its own for each test, with the files it makes. */
struct fixture {
	char dir[64];
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	strcpy(f->dir, "/tmp/newsclean-outfile-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	DIR *d = opendir(f->dir);
	struct dirent *e;
	char path[sizeof(f->dir) + sizeof(e->d_name) + 1];

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		snprintf(path, sizeof(path), "%s/%s", f->dir, e->d_name);
		unlink(path);	/* . and .. are not unlinked */
	}
	closedir(d);
	rmdir(f->dir);
	free(f);
	return 0;
}

/* f->dir/name, in a static buffer of four (enough for one call's names) */
static const char *
at(struct fixture *f, const char *name)
{
	static char buf[4][256];
	static int next;
	char *p = buf[next++ % 4];

	snprintf(p, sizeof(buf[0]), "%s/%s", f->dir, name);
	return p;
}

static void
put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static char *
get(const char *path)
{
	int fd = open(path, O_RDONLY);
	char *text;

	assert_true(fd >= 0);
	text = read_back(fd, NULL);
	close(fd);
	return text;
}

/* The names in the directory, sorted, one space after each. */
static char *
listing(struct fixture *f)
{
	struct dirent **names;
	char *out = calloc(1, 1024);
	int n, i;

	assert_non_null(out);
	n = scandir(f->dir, &names, NULL, alphasort);
	assert_true(n >= 0);
	for (i = 0; i < n; i++) {
		const char *s = names[i]->d_name;

		/* hidden names too: a temporary file is one */
		if (strcmp(s, ".") != 0 && strcmp(s, "..") != 0) {
			strcat(out, s);
			strcat(out, " ");
		}
		free(names[i]);
	}
	free(names);
	return out;
}

static void
assert_file(const char *path, const char *text)
{
	char *got = get(path);

	assert_string_equal(got, text);
	free(got);
}

static void
assert_listing(struct fixture *f, const char *want)
{
	char *got = listing(f);

	assert_string_equal(got, want);
	free(got);
}

static void
test_commit_keeps_a_backup(void **state)
{
	struct fixture *f = *state;
	struct outfile of;

	put(at(f, "a"), "old\n");
	assert_true(outfile_open(&of, at(f, "a"), 0640, 0) >= 0);
	assert_int_equal(write(of.fd, "new\n", 4), 4);
	assert_int_equal(outfile_commit(&of, ".bak"), 0);
	assert_file(at(f, "a"), "new\n");
	assert_file(at(f, "a.bak"), "old\n");
	assert_listing(f, "a a.bak ");
}

static void
test_abort_leaves_the_original(void **state)
{
	struct fixture *f = *state;
	struct outfile of;

	put(at(f, "a"), "old\n");
	assert_true(outfile_open(&of, at(f, "a"), 0644, 0) >= 0);
	assert_int_equal(write(of.fd, "half", 4), 4);
	outfile_abort(&of);
	assert_file(at(f, "a"), "old\n");
	assert_listing(f, "a ");
}

/*
 * A signal while the file is being written: the temporary file goes, the
 * original stays, and the program dies of that signal.
 */
static void
dies_clean(struct fixture *f, int sig)
{
	struct outfile of;
	pid_t pid;
	int status;

	put(at(f, "a"), "old\n");
	if ((pid = fork()) == 0) {
		if (outfile_open(&of, at(f, "a"), 0644, 0) < 0 ||
		    write(of.fd, "half", 4) != 4)
			_exit(3);
		raise(sig);
		_exit(4);	/* not reached */
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), sig);
	assert_file(at(f, "a"), "old\n");
	assert_listing(f, "a ");
}

static void
test_sigterm_removes_the_temporary_file(void **state)
{
	dies_clean(*state, SIGTERM);
}

static void
test_sigint_removes_the_temporary_file(void **state)
{
	dies_clean(*state, SIGINT);
}

/* After a commit, no name is left for the handler: a signal removes none. */
static void
test_signal_after_commit_removes_nothing(void **state)
{
	struct fixture *f = *state;
	struct outfile of;
	pid_t pid;
	int status;

	put(at(f, "a"), "old\n");
	if ((pid = fork()) == 0) {
		if (outfile_open(&of, at(f, "a"), 0644, 0) < 0 ||
		    write(of.fd, "new\n", 4) != 4 ||
		    outfile_commit(&of, NULL) < 0)
			_exit(3);
		raise(SIGTERM);
		_exit(4);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	assert_file(at(f, "a"), "new\n");
	assert_listing(f, "a ");
}

/* Files named twice, or by a link, are one; an output is found by inode. */
static void
test_inputs_by_device_and_inode(void **state)
{
	struct fixture *f = *state;
	struct outfile_inputs *in;
	struct stat st;
	char *names[5];
	int i;

	put(at(f, "a"), "a\n");
	put(at(f, "b"), "b\n");
	put(at(f, "c"), "c\n");
	assert_int_equal(symlink("a", at(f, "l")), 0);
	names[0] = strdup(at(f, "a"));
	names[1] = strdup(at(f, "b"));
	names[2] = strdup(at(f, "l"));
	names[3] = strdup(at(f, "a"));
	names[4] = strdup(at(f, "missing"));
	in = outfile_inputs_new(names, 5);
	assert_int_equal(outfile_inputs_first(in, 0), 0);
	assert_int_equal(outfile_inputs_first(in, 1), 1);
	assert_int_equal(outfile_inputs_first(in, 2), 0);
	assert_int_equal(outfile_inputs_first(in, 3), 0);
	assert_int_equal(outfile_inputs_first(in, 4), 4);
	assert_int_equal(stat(at(f, "b"), &st), 0);
	assert_int_equal(outfile_inputs_find(in, &st), 1);
	assert_int_equal(stat(at(f, "c"), &st), 0);
	assert_int_equal(outfile_inputs_find(in, &st), -1);
	outfile_inputs_free(in);
	for (i = 0; i < 5; i++)
		free(names[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_commit_keeps_a_backup,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_abort_leaves_the_original,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_sigterm_removes_the_temporary_file, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_sigint_removes_the_temporary_file, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_signal_after_commit_removes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inputs_by_device_and_inode,
		    setup, teardown),
	};

	/*
	 * Started in the background by a shell, SIGINT would be ignored, and
	 * outfile leaves ignored signals alone: the test wants them caught.
	 */
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	return cmocka_run_group_tests_name("outfile", tests, NULL, NULL);
}
