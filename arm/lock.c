/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/diag.h"
#include "../common/sig.h"
#include "../xl-parse/xlcfg.h"
#include "lock.h"
#include "state.h"

void ag_create_lock_init(struct ag_create_lock *l)
{
	l->name_fd = l->xl_fd = -1;
}

/* FNV-1a: a name may hold '/' and be 255 bytes, so the file is named by its hash. */
static uint64_t name_hash(const char *name)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		h = (h ^ *p) * 0x100000001b3ull;
	return h;
}

static struct flock whole_file(short type)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	return fl;
}

/* <run_dir>/<kind>-<hash of name>.<ext>: 0 or -ENAMETOOLONG. */
int ag_name_file_path(char *buf, size_t len, const char *run_dir, const char *kind,
		      const char *name, const char *ext)
{
	int n = snprintf(buf, len, "%s/%s-%016" PRIx64 ".%s", run_dir, kind, name_hash(name), ext);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* Open (creating) path for an fcntl lock: the fd or -errno. */
static int open_lock_file(const char *run_dir, const char *path)
{
	int rc = ag_state_dir_create(run_dir), fd;

	if (rc)
		return rc;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	return fd < 0 ? -errno : fd;
}

/* The pid holding a whole-file write lock on fd, 0 if none, -errno. */
static long lock_holder(int fd)
{
	struct flock who = whole_file(F_WRLCK);

	if (fcntl(fd, F_GETLK, &who) != 0)
		return -errno;
	return who.l_type == F_UNLCK ? 0 : (long)who.l_pid;
}

static int take_name_lock(struct ag_create_lock *l, const char *run_dir, const char *name,
			  struct ag_err *err)
{
	struct flock fl = whole_file(F_WRLCK);
	char path[4096];
	int fd, rc;

	if (ag_name_file_path(path, sizeof(path), run_dir, "name", name, "lock"))
		return ag_err_set(err, ENAMETOOLONG, NULL, "%s: name too long", run_dir);
	fd = open_lock_file(run_dir, path);
	if (fd < 0)
		return ag_err_set(err, -fd, NULL, "opening %s: %s", path, strerror(-fd));
	if (fcntl(fd, F_SETLK, &fl) == 0) {
		l->name_fd = fd;
		return 0;
	}
	rc = errno;
	if (rc == EACCES || rc == EAGAIN) {
		long pid = lock_holder(fd);

		if (pid > 0) {
			close(fd);
			return ag_err_set(err, EBUSY, "name", "domain name \"%s\" is being created by"
					  " armguest pid %ld (it holds %s)", name, pid, path);
		}
	}
	close(fd);
	return ag_err_set(err, rc == EAGAIN ? EBUSY : rc, "name", "locking %s: %s", path,
			  strerror(rc));
}

static int take_xl_lock(struct ag_create_lock *l, const char *lockfile, struct ag_err *err)
{
	struct flock fl = whole_file(F_WRLCK);
	int fd = open(lockfile, O_WRONLY | O_CREAT | O_CLOEXEC, S_IWUSR);

	if (fd < 0)
		return ag_err_set(err, errno, NULL, "cannot open xl's lock file %s: %s", lockfile,
				  strerror(errno));
	while (fcntl(fd, F_SETLKW, &fl) != 0) {
		int e = errno;

		if (e == EINTR && !ag_sig_caught())
			continue;
		close(fd);
		if (e == EINTR)
			return ag_err_set(err, EINTR, NULL, "interrupted waiting for xl's lock %s",
					  lockfile);
		return ag_err_set(err, e, NULL, "cannot take xl's lock %s: %s", lockfile,
				  strerror(e));
	}
	l->xl_fd = fd;
	return 0;
}

int ag_create_lock_take(struct ag_create_lock *l, const char *run_dir, const char *name,
			const char *xl_lockfile, struct ag_err *err)
{
	int rc = take_name_lock(l, run_dir, name, err);

	if (!rc)
		rc = take_xl_lock(l, xl_lockfile ? xl_lockfile : AG_XL_LOCKFILE_DEFAULT, err);
	if (rc)
		ag_create_lock_release(l);
	return rc;
}

void ag_create_lock_release(struct ag_create_lock *l)
{
	if (l->xl_fd >= 0)
		close(l->xl_fd);
	if (l->name_fd >= 0)
		close(l->name_fd);
	ag_create_lock_init(l);
}

int ag_monitor_lock_take(const char *run_dir, const char *name, int *fd_out,
			 struct ag_err *err)
{
	struct flock fl = whole_file(F_WRLCK);
	char path[4096];
	long pid;
	int fd;

	if (ag_name_file_path(path, sizeof(path), run_dir, "monitor", name, "lock"))
		return ag_err_set(err, ENAMETOOLONG, NULL, "%s: name too long", run_dir);
	fd = open_lock_file(run_dir, path);
	if (fd < 0)
		return ag_err_set(err, -fd, NULL, "opening %s: %s", path, strerror(-fd));
	if (fcntl(fd, F_SETLK, &fl) == 0) {
		*fd_out = fd;
		return 0;
	}
	pid = lock_holder(fd);
	close(fd);
	return ag_err_set(err, EBUSY, NULL, "domain \"%s\" already has a monitor (pid %ld)",
			  name, pid);
}

int ag_monitor_stop(const char *run_dir, const char *name, int wait_ms, long *stopped)
{
	char path[4096];
	long pid;
	int fd;

	*stopped = 0;
	if (ag_name_file_path(path, sizeof(path), run_dir, "monitor", name, "lock"))
		return -ENAMETOOLONG;
	fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	pid = lock_holder(fd);
	if (pid > 0 && kill((pid_t)pid, SIGTERM) == 0)
		*stopped = pid;
	/* It finishes what it is doing (a restart unwinds), then its lock goes. */
	for (int waited = 0; pid > 0; waited += 20) {
		if (waited >= wait_ms) {
			close(fd);
			return -ETIMEDOUT;
		}
		usleep(20 * 1000);
		pid = lock_holder(fd);
	}
	close(fd);
	return pid < 0 ? (int)pid : 0;
}

char *ag_xl_lockfile(void)
{
	struct xlcfg *cfg = NULL;
	struct ag_diags d;
	const char *v;
	char *path = NULL;

	ag_diags_init(&d);
	if (xlcfg_parse_file(AG_XL_CONF, &cfg, &d) == 0 &&
	    xlcfg_get_string(cfg, "lockfile", &v, true, &d) == 0)
		path = strdup(v);
	xlcfg_free(cfg);
	ag_diags_free(&d);
	return path;
}
