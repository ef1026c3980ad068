/* SPDX-License-Identifier: MIT */
/*
 * Reading a config file.  The file is opened without blocking and checked
 * with fstat before any read, so a FIFO or a device named as the config
 * cannot hang us, and at most XLCFG_MAX_FILE_SIZE + 1 bytes are read even
 * if the file grows meanwhile.
 */
#include "xlcfg.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(struct ag_diags *d, const char *path, int e, const char *what)
{
	if (d)
		ag_diag_add(d, AG_ERROR, path, 0, 0, NULL, "%s: %s", what,
			    strerror(e));
	return -e;
}

/* Read the whole of fd into *buf; -EFBIG past XLCFG_MAX_FILE_SIZE. */
static int read_bounded(int fd, char **buf, size_t *len)
{
	size_t cap = XLCFG_MAX_FILE_SIZE + 1, n = 0;
	char *b = malloc(cap);

	if (!b)
		return -ENOMEM;
	while (n < cap) {
		ssize_t r = read(fd, b + n, cap - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			free(b);
			return -e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > XLCFG_MAX_FILE_SIZE) {
		free(b);
		return -EFBIG;
	}
	*buf = b;
	*len = n;
	return 0;
}

int xlcfg_parse_file(const char *path, struct xlcfg **out, struct ag_diags *d)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int fd, e;

	*out = NULL;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return fail(d, path, errno, "cannot open config file");
	if (fstat(fd, &st)) {
		e = errno;
		close(fd);
		return fail(d, path, e, "cannot read config file");
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return fail(d, path, EISDIR, "cannot read config file");
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		if (d)
			ag_diag_add(d, AG_ERROR, path, 0, 0, NULL,
				    "cannot read config file: not a regular file");
		return -EINVAL;
	}
	if (st.st_size > (off_t)XLCFG_MAX_FILE_SIZE) {
		close(fd);
		if (d)
			ag_diag_add(d, AG_ERROR, path, 0, 0, NULL,
				    "config file is %lld bytes; armguest reads "
				    "at most %u", (long long)st.st_size,
				    XLCFG_MAX_FILE_SIZE);
		return -EFBIG;
	}
	e = read_bounded(fd, &buf, &len);
	close(fd);
	if (e == -EFBIG) {
		if (d)
			ag_diag_add(d, AG_ERROR, path, 0, 0, NULL,
				    "config file grew past %u bytes while "
				    "being read", XLCFG_MAX_FILE_SIZE);
		return e;
	}
	if (e)
		return fail(d, path, -e, "cannot read config file");
	e = xlcfg_parse(path, buf, len, out, d);
	free(buf);
	return e;
}
