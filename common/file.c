/* SPDX-License-Identifier: MIT */
#include "file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ag_write_file_atomic(const char *out, const void *blob, size_t len)
{
	return ag_write_file_atomic_mode(out, blob, len, 0666);
}

/* OUT appears complete or not at all: a temporary file beside it, then rename. */
int ag_write_file_atomic_mode(const char *out, const void *blob, size_t len, mode_t mode)
{
	size_t n = strlen(out);
	char *tmp = malloc(n + sizeof(".XXXXXX"));
	const char *p = blob;
	mode_t mask;
	int fd, rc = 0;

	if (!tmp)
		return -ENOMEM;
	memcpy(tmp, out, n);
	memcpy(tmp + n, ".XXXXXX", sizeof(".XXXXXX"));
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = -errno;
		free(tmp);
		return rc;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, mode & ~mask))
		rc = -errno;
	while (!rc && len) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			rc = -errno;
		else {
			p += w;
			len -= (size_t)w;
		}
	}
	if (!rc && fsync(fd))
		rc = -errno;
	if (close(fd) && !rc)
		rc = -errno;
	if (!rc && rename(tmp, out))
		rc = -errno;
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}
