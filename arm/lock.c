/* SPDX-License-Identifier: MIT */
#include <errno.h>
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

static int take_name_lock(struct ag_create_lock *l, const char *run_dir, const char *name,
			  struct ag_err *err)
{
	struct flock fl = whole_file(F_WRLCK);
	char path[4096];
	int fd, rc, n;

	rc = ag_state_dir_create(run_dir);
	if (rc)
		return ag_err_set(err, -rc, NULL, "creating %s: %s", run_dir, strerror(-rc));
	n = snprintf(path, sizeof(path), "%s/name-%016" PRIx64 ".lock", run_dir, name_hash(name));
	if (n < 0 || (size_t)n >= sizeof(path))
		return ag_err_set(err, ENAMETOOLONG, NULL, "%s: name too long", run_dir);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return ag_err_set(err, errno, NULL, "opening %s: %s", path, strerror(errno));
	if (fcntl(fd, F_SETLK, &fl) == 0) {
		l->name_fd = fd;
		return 0;
	}
	rc = errno;
	if (rc == EACCES || rc == EAGAIN) {
		struct flock who = whole_file(F_WRLCK);

		if (fcntl(fd, F_GETLK, &who) == 0 && who.l_type != F_UNLCK) {
			close(fd);
			return ag_err_set(err, EBUSY, "name", "domain name \"%s\" is being created by"
					  " armguest pid %ld (it holds %s)", name, (long)who.l_pid,
					  path);
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
