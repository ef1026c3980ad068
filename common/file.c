/* SPDX-License-Identifier: MIT */
#include "file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ag_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int ag_write_file_atomic(const char *out, const void *blob, size_t len)
{
	return ag_write_file_atomic_mode(out, blob, len, 0666);
}

/* OUT appears complete or not at all: a temporary file beside it, then rename. */
int ag_write_file_atomic_mode(const char *out, const void *blob, size_t len, mode_t mode)
{
	size_t n = strlen(out);
	char *tmp = malloc(n + sizeof(".XXXXXX"));
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
	if (!rc)
		rc = ag_write_all(fd, blob, len);
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
