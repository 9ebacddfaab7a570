/*
 * Output files that appear whole or not at all: written under a temporary
 * name beside their final one and renamed into place when complete, so an
 * error or a kill never leaves a truncated file, and an in-place rewrite
 * that fails leaves the original as it was.  SIGHUP, SIGINT, SIGQUIT,
 * SIGPIPE, SIGTERM and SIGXFSZ (those not ignored) remove the temporary
 * file before the program dies of them.
 */
#ifndef OUTFILE_H
#define OUTFILE_H

#include <sys/types.h>
#include <sys/stat.h>

#include <signal.h>
#include <stdbool.h>

struct outfile {
	char *path;	/* the final name */
	char *tmp;	/* the name written under */
	int fd;
	mode_t mode;
};

/*
 * Start writing path, which will get mode (permission bits).  With
 * make_dirs, the directories leading to it are made as needed.  Returns the
 * fd to write to, or -1 with errno set.  One file at a time: the one opened
 * before must have been committed or aborted.
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

/*
 * The signals that remove the temporary file (those of the list above):
 * a program with threads lets only the one that opens and commits files
 * take them, so that none comes while the name to remove is being set.
 */
void outfile_signals(sigset_t *);

/*
 * The files named to be cleaned, by device and inode as they were at the
 * start, so that no output is written over one of them and a file named
 * twice (or by two names) is rewritten once.
 */
struct outfile_inputs;

struct outfile_inputs *outfile_inputs_new(char *const names[], int n);
void outfile_inputs_free(struct outfile_inputs *);

/* Whether name i could be read when the names were taken. */
bool outfile_inputs_named(const struct outfile_inputs *, int i);

/* The index of the first name that was the file st is, or -1. */
int outfile_inputs_find(const struct outfile_inputs *, const struct stat *);

/*
 * The index of the first name that was the same file as name i, when they
 * were read: i itself unless an earlier name was.
 */
int outfile_inputs_first(const struct outfile_inputs *, int i);

#endif
