/* SPDX-License-Identifier: MIT */
/*
 * Reading a config file.  The file is opened without blocking and checked
 * with fstat before any read, so a FIFO or a device named as the config
 * cannot hang us, and at most XLCFG_MAX_FILE_SIZE + 1 bytes are read even
 * if the file grows meanwhile.
 */
#include "../common/file.h"
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
	int rc;

	if (!b)
		return -ENOMEM;
	/* One byte more than the bound: a file that grew while read is caught. */
	rc = ag_read_at(fd, b, cap, 0, &n);
	if (rc) {
		free(b);
		return rc;
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
	fd = ag_open_file(path, &st);
	if (fd < 0)         /* open fails, not fstat on what it opened */
		return fail(d, path, -fd, "cannot open config file");
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
