/* SPDX-License-Identifier: MIT */
/*
 * The locks create holds from its name check until the domain is recorded,
 * so that two creates of one name cannot both pass the check and both
 * build:
 *
 *  - armguest's own lock on the name, <run dir>/name-<hash>.lock: taken
 *    without waiting; a create that finds it held is refused with the
 *    holder's pid;
 *  - xl's lock file (`lockfile` in xl.conf, default /var/lock/xl), taken
 *    as xl takes it around its own creates (tools/xl/xl_vmcontrol.c:
 *    acquire_lock, stable-4.17: opened O_WRONLY|O_CREAT with mode S_IWUSR,
 *    a whole-file fcntl F_WRLCK, F_SETLKW): waited for, as xl waits, so
 *    that an `xl create` and an `armguest create` run one after the other.
 *    A signal ends the wait (create then unwinds).
 *
 * Both are fcntl locks: the kernel drops them when the process ends,
 * however it ends.
 */
#ifndef AG_LOCK_H
#define AG_LOCK_H

#include <stddef.h>

#include "../common/err.h"

#define AG_XL_LOCKFILE_DEFAULT "/var/lock/xl"
#define AG_XL_CONF "/etc/xen/xl.conf"

struct ag_create_lock {
	int name_fd;   /* -1: not held */
	int xl_fd;     /* -1: not held */
};

void ag_create_lock_init(struct ag_create_lock *l);

/*
 * Take both locks for name: 0, or -EBUSY ("domain name ... is being
 * created by armguest pid N"), -EINTR (a signal ended the wait for xl's
 * lock), or another -errno, with err filled.  xl_lockfile NULL: the
 * default.
 */
int ag_create_lock_take(struct ag_create_lock *l, const char *run_dir, const char *name,
			const char *xl_lockfile, struct ag_err *err);

/*
 * xl's lock file: `lockfile` in xl.conf, else /var/lock/xl (tools/xl/xl.c:
 * parse_global_config, stable-4.17).  Malloc'd, or NULL for the default.
 */
char *ag_xl_lockfile(void);

/* Release what is held (closing the descriptors drops the locks). */
void ag_create_lock_release(struct ag_create_lock *l);

/* <run_dir>/<kind>-<hash of name>.<ext> (a name may hold '/'): 0 or -ENAMETOOLONG. */
int ag_name_file_path(char *buf, size_t len, const char *run_dir, const char *kind,
		      const char *name, const char *ext);

/*
 * The lifecycle monitor's lock, <run dir>/monitor-<hash>.lock: held for the
 * monitor's life (an fcntl lock, so a kill -9 frees it too); `destroy` learns
 * the monitor's pid from the kernel through it, never from a pid file that
 * could name a reused pid.  -EBUSY if another monitor holds it.
 */
int ag_monitor_lock_take(const char *run_dir, const char *name, int *fd,
			 struct ag_err *err);
/*
 * Stop name's monitor if one runs: SIGTERM, then wait up to wait_ms for its
 * lock to go.  0 (*stopped: its pid, or 0 when none ran), -ETIMEDOUT, -errno.
 */
int ag_monitor_stop(const char *run_dir, const char *name, int wait_ms, long *stopped);

#endif
