#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"
#include "util.h"

/*
 * The temporary file being written, for the signal handler to remove: a
 * copy in static memory, set and cleared with the signals blocked.
 */
static char pending[PATH_MAX];
static const int caught[] = { SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM,
	SIGXFSZ };
#define NCAUGHT (sizeof(caught) / sizeof(caught[0]))

/* Only async-signal-safe calls: unlink, signal, raise. */
static void
on_signal(int sig)
{
	if (pending[0] != '\0')
		unlink(pending);
	signal(sig, SIG_DFL);
	/* delivered, with its default action, when the handler returns */
	raise(sig);
}

static void
catch_signals(void)
{
	static bool done;
	struct sigaction sa, old;
	size_t i;

	if (done)
		return;
	done = true;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NCAUGHT; i++)
		sigaddset(&sa.sa_mask, caught[i]);
	for (i = 0; i < NCAUGHT; i++) {
		/* a signal ignored when we started (nohup) stays ignored */
		if (sigaction(caught[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			sigaction(caught[i], &sa, NULL);
	}
}

void
outfile_signals(sigset_t *set)
{
	size_t i;

	sigemptyset(set);
	for (i = 0; i < NCAUGHT; i++)
		sigaddset(set, caught[i]);
}

/* Hold the caught signals back until sigprocmask(SIG_SETMASK, saved). */
static void
block_signals(sigset_t *saved)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < NCAUGHT; i++)
		sigaddset(&set, caught[i]);
	sigprocmask(SIG_BLOCK, &set, saved);
}

/* mkdir -p for the directories above path. */
static int
make_parents(const char *path)
{
	char *p = xstrdup(path), *s;
	int rc = 0;

	for (s = strchr(p + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = '/';
	}
	free(p);
	return rc;
}

int
outfile_open(struct outfile *o, const char *path, mode_t mode, int make_dirs)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash != NULL ? (size_t)(slash - path) + 1 : 0;
	size_t n = strlen(path) + 16;
	sigset_t saved;
	int e;

	memset(o, 0, sizeof(*o));
	o->fd = -1;
	if (n > sizeof(pending)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (make_dirs && make_parents(path) < 0)
		return -1;
	catch_signals();
	o->path = xstrdup(path);
	o->mode = mode;
	/* beside the final name, so that rename(2) cannot cross a device */
	o->tmp = xmalloc(n);
	snprintf(o->tmp, n, "%.*s.%s.XXXXXX", (int)dirlen, path,
	    path + dirlen);
	block_signals(&saved);
	if ((o->fd = mkstemp(o->tmp)) >= 0)
		memcpy(pending, o->tmp, strlen(o->tmp) + 1);
	e = errno;
	sigprocmask(SIG_SETMASK, &saved, NULL);
	if (o->fd < 0) {
		free(o->path);
		free(o->tmp);
		o->path = o->tmp = NULL;
		errno = e;
		return -1;
	}
	return o->fd;
}

static void
release(struct outfile *o)
{
	sigset_t saved;

	block_signals(&saved);
	pending[0] = '\0';
	sigprocmask(SIG_SETMASK, &saved, NULL);
	free(o->path);
	free(o->tmp);
	o->path = o->tmp = NULL;
	o->fd = -1;
}

int
outfile_commit(struct outfile *o, const char *backup)
{
	int e;

	if (fchmod(o->fd, o->mode) < 0)
		goto fail;
	if (close(o->fd) < 0) {
		o->fd = -1;
		goto fail;
	}
	o->fd = -1;
	if (backup != NULL) {
		size_t n = strlen(o->path) + strlen(backup) + 1;
		char *b = xmalloc(n);

		snprintf(b, n, "%s%s", o->path, backup);
		/* a link keeps the original at its name until the rename */
		if ((unlink(b) < 0 && errno != ENOENT) ||
		    link(o->path, b) < 0) {
			e = errno;
			free(b);
			errno = e;
			goto fail;
		}
		free(b);
	}
	if (rename(o->tmp, o->path) < 0)
		goto fail;
	release(o);
	return 0;
fail:
	e = errno;
	outfile_abort(o);
	errno = e;
	return -1;
}

void
outfile_abort(struct outfile *o)
{
	if (o->tmp == NULL)
		return;
	if (o->fd >= 0)
		close(o->fd);
	unlink(o->tmp);
	release(o);
}

struct input {
	dev_t dev;
	ino_t ino;
	int index;	/* in the names given */
};

struct outfile_inputs {
	struct input *v;	/* those that could be read, in order */
	size_t n;
	struct input *named;	/* each name's, index -1 where none */
	int nnamed;
};

static int
input_cmp(const void *a, const void *b)
{
	const struct input *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

struct outfile_inputs *
outfile_inputs_new(char *const names[], int n)
{
	struct outfile_inputs *in = xcalloc(1, sizeof(*in));
	struct stat st;
	int i;

	in->v = xcalloc(n > 0 ? n : 1, sizeof(*in->v));
	in->named = xcalloc(n > 0 ? n : 1, sizeof(*in->named));
	in->nnamed = n;
	/* a name that cannot be read now is reported when its turn comes */
	for (i = 0; i < n; i++) {
		in->named[i].index = -1;
		if (stat(names[i], &st) == 0) {
			in->named[i].dev = st.st_dev;
			in->named[i].ino = st.st_ino;
			in->named[i].index = i;
			in->v[in->n++] = in->named[i];
		}
	}
	qsort(in->v, in->n, sizeof(*in->v), input_cmp);
	return in;
}

void
outfile_inputs_free(struct outfile_inputs *in)
{
	if (in == NULL)
		return;
	free(in->v);
	free(in->named);
	free(in);
}

/* The first index of the file key is, or -1. */
static int
find(const struct outfile_inputs *in, struct input key)
{
	size_t lo = 0, hi = in->n;

	/* the first entry not before key: the lowest index of the file */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (input_cmp(&in->v[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < in->n && in->v[lo].dev == key.dev && in->v[lo].ino == key.ino)
		return in->v[lo].index;
	return -1;
}

int
outfile_inputs_find(const struct outfile_inputs *in, const struct stat *st)
{
	struct input key = { st->st_dev, st->st_ino, -1 };

	return find(in, key);
}

bool
outfile_inputs_named(const struct outfile_inputs *in, int i)
{
	return i >= 0 && i < in->nnamed && in->named[i].index >= 0;
}

int
outfile_inputs_first(const struct outfile_inputs *in, int i)
{
	struct input key;

	if (i < 0 || i >= in->nnamed || in->named[i].index < 0)
		return i;
	key = in->named[i];
	key.index = -1;
	return find(in, key);
}
