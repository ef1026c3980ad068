/* SPDX-License-Identifier: MIT */
/*
 * The one place armguest reads and writes files.  Boot files (kernel,
 * ramdisk, partial device tree) are named by an untrusted config, so they
 * are opened without blocking (a FIFO would hang open()), never followed
 * into anything but a regular file, and read in a loop that survives EINTR
 * and short reads.  Every function returns 0 or -errno.
 */
#ifndef AG_FILE_H
#define AG_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Repeat step until len bytes are done: again on EINTR and on a short
 * count, stopping early only when step returns 0 (end of file).  step gets
 * the bytes still to do and how many are done.  *done (may be NULL) says
 * how far it got.  The one EINTR/short-I/O loop of the project.
 */
typedef ssize_t ag_io_step(void *ctx, void *buf, size_t len, size_t done);
int ag_io_all(ag_io_step *step, void *ctx, void *buf, size_t len, size_t *done);

/* Write all len bytes to fd (-EIO if it stops accepting them). */
int ag_write_all(int fd, const void *buf, size_t len);

/*
 * Open path for reading (O_NONBLOCK|O_CLOEXEC|O_NOCTTY) and fstat it: an fd
 * with *st filled, or -errno.  For a caller that says itself what kind of
 * file it got.
 */
struct stat;
int ag_open_file(const char *path, struct stat *st);

/*
 * The same, for a regular file only: an fd with *size set, or -errno;
 * -EINVAL when path is not a regular file.
 */
int ag_open_regular(const char *path, uint64_t *size);

/*
 * fstat an open descriptor: its size, or -EINVAL when it is not a regular
 * file (a descriptor checked once may be of a file since replaced: the
 * descriptor still names what was checked).
 */
int ag_fd_regular_size(int fd, uint64_t *size);

/* Read up to len bytes at off; *got < len only at the end of the file. */
int ag_read_at(int fd, void *buf, size_t len, uint64_t off, size_t *got);

/*
 * A whole regular file of at most max bytes in a malloc'd buffer.  -EFBIG
 * (with *size, may be NULL, the file's size) when it is larger.
 */
int ag_read_file(const char *path, size_t max, void **buf, size_t *len, uint64_t *size);

/* The same, from a descriptor ag_open_file or ag_open_regular gave (left open). */
int ag_read_fd(int fd, size_t max, void **buf, size_t *len, uint64_t *size);

/* "not a regular file" for -EINVAL from ag_open_regular, else strerror. */
const char *ag_file_strerror(int rc);

/*
 * The directory part of path, where a config's relative paths are taken from: "." for a
 * bare name, "/" for a file in the root.  Malloc'd; NULL when out of memory.
 */
char *ag_path_dir(const char *path);

/*
 * Write len bytes to path so that it appears complete or not at all: a
 * temporary file beside it (mkstemp, so never a predictable name), fsync,
 * rename.  On failure the temporary file is removed and an existing path is
 * left as it was.
 */
int ag_write_file_atomic(const char *path, const void *buf, size_t len);

/* The same, for a file created with mode & ~umask instead of 0666 & ~umask. */
int ag_write_file_atomic_mode(const char *path, const void *buf, size_t len, mode_t mode);

#endif
