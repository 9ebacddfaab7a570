/* Helpers shared by the unit tests: temporary files and reading fds. */
#ifndef TESTUTIL_H
#define TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Write len bytes to a new temporary file; returns its path (malloc'd). */
static inline char *
temp_file(const void *data, size_t len)
{
	char *path = strdup("/tmp/newsclean-test-XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

/* A temporary file that output goes to, read back with read_back(). */
static inline int
temp_fd(void)
{
	char path[] = "/tmp/newsclean-out-XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	unlink(path);
	return fd;
}

/* The whole contents of fd, NUL-terminated; *len gets the length. */
static inline char *
read_back(int fd, size_t *len)
{
	off_t end = lseek(fd, 0, SEEK_END);
	char *buf = malloc((size_t)end + 1);

	assert_non_null(buf);
	assert_int_equal(pread(fd, buf, (size_t)end, 0), (ssize_t)end);
	buf[end] = '\0';
	if (len != NULL)
		*len = (size_t)end;
	return buf;
}

#endif
