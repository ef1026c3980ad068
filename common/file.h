/* SPDX-License-Identifier: MIT */
#ifndef AG_FILE_H
#define AG_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* Write all len bytes to fd, retrying short writes and EINTR.  0 or -errno. */
int ag_write_all(int fd, const void *buf, size_t len);

/*
 * Write len bytes to path so that it appears complete or not at all: a
 * temporary file beside it (mkstemp, so never a predictable name), fsync,
 * rename.  On failure the temporary file is removed and an existing path is
 * left as it was.  Returns 0 or -errno.
 */
int ag_write_file_atomic(const char *path, const void *buf, size_t len);

/* The same, for a file created with mode & ~umask instead of 0666 & ~umask. */
int ag_write_file_atomic_mode(const char *path, const void *buf, size_t len, mode_t mode);

#endif
