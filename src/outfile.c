#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outfile.h"
#include "util.h"

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

	memset(o, 0, sizeof(*o));
	o->fd = -1;
	if (make_dirs && make_parents(path) < 0)
		return -1;
	o->path = xstrdup(path);
	o->mode = mode;
	/* beside the final name, so that rename(2) cannot cross a device */
	o->tmp = xmalloc(n);
	snprintf(o->tmp, n, "%.*s.%s.XXXXXX", (int)dirlen, path,
	    path + dirlen);
	if ((o->fd = mkstemp(o->tmp)) < 0) {
		int e = errno;

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
