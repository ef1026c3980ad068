/* SPDX-License-Identifier: MIT */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ag_io_all(ag_io_step *step, void *ctx, void *buf, size_t len, size_t *done)
{
	size_t n = 0;
	int rc = 0;

	while (n < len) {
		ssize_t r = step(ctx, (char *)buf + n, len - n, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = -errno;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (done)
		*done = n;
	return rc;
}

static ssize_t write_step(void *ctx, void *buf, size_t len, size_t done)
{
	(void)done;
	return write(*(const int *)ctx, buf, len);
}

int ag_write_all(int fd, const void *buf, size_t len)
{
	size_t done;
	int rc = ag_io_all(write_step, &fd, (void *)buf, len, &done);

	return rc ? rc : done < len ? -EIO : 0;
}

int ag_open_file(const char *path, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY), e;

	if (fd < 0)
		return -errno;
	if (fstat(fd, st)) {
		e = errno;
		close(fd);
		return -e;
	}
	return fd;
}

int ag_fd_regular_size(int fd, uint64_t *size)
{
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	*size = (uint64_t)st.st_size;
	return 0;
}

int ag_open_regular(const char *path, uint64_t *size)
{
	struct stat st;
	int fd = ag_open_file(path, &st);

	if (fd < 0)
		return fd;
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	*size = (uint64_t)st.st_size;
	return fd;
}

struct pread_ctx {
	int fd;
	uint64_t off;
};

static ssize_t pread_step(void *ctx, void *buf, size_t len, size_t done)
{
	const struct pread_ctx *c = ctx;

	return pread(c->fd, buf, len, (off_t)(c->off + done));
}

int ag_read_at(int fd, void *buf, size_t len, uint64_t off, size_t *got)
{
	struct pread_ctx c = { fd, off };

	return ag_io_all(pread_step, &c, buf, len, got);
}

int ag_read_fd(int fd, size_t max, void **buf, size_t *len, uint64_t *size)
{
	uint64_t sz = 0;
	size_t got = 0;
	void *b;
	int rc = ag_fd_regular_size(fd, &sz);

	*buf = NULL;
	*len = 0;
	if (size)
		*size = sz;
	if (rc)
		return rc;
	if (sz > max)
		return -EFBIG;
	b = malloc(sz ? (size_t)sz : 1);
	if (!b)
		return -ENOMEM;
	rc = ag_read_at(fd, b, (size_t)sz, 0, &got);
	if (rc) {
		free(b);
		return rc;
	}
	*buf = b;
	*len = got;
	return 0;
}

int ag_read_file(const char *path, size_t max, void **buf, size_t *len, uint64_t *size)
{
	uint64_t sz = 0;
	int fd = ag_open_regular(path, &sz), rc;

	*buf = NULL;
	*len = 0;
	if (size)
		*size = sz;
	if (fd < 0)
		return fd;
	rc = ag_read_fd(fd, max, buf, len, size);
	close(fd);
	return rc;
}

const char *ag_file_strerror(int rc)
{
	return rc == -EINVAL ? "not a regular file" : strerror(-rc);
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

char *ag_path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}
