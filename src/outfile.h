/*
 * Output files that appear whole or not at all: written under a temporary
 * name beside their final one and renamed into place when complete, so an
 * error or a kill never leaves a truncated file, and an in-place rewrite
 * that fails leaves the original as it was.
 */
#ifndef OUTFILE_H
#define OUTFILE_H

#include <sys/types.h>

struct outfile {
	char *path;	/* the final name */
	char *tmp;	/* the name written under */
	int fd;
	mode_t mode;
};

/*
 * Start writing path, which will get mode (permission bits).  With
 * make_dirs, the directories leading to it are made as needed.  Returns the
 * fd to write to, or -1 with errno set.
 */
int outfile_open(struct outfile *, const char *path, mode_t mode,
    int make_dirs);

/*
 * Put the file in place.  With backup (not NULL), what was at path is first
 * kept under path + backup.  Returns -1 with errno set, the file removed.
 */
int outfile_commit(struct outfile *, const char *backup);

/* Give up: the temporary file goes, whatever was at path stays. */
void outfile_abort(struct outfile *);

#endif
