/* SPDX-License-Identifier: MIT */
/*
 * The lifecycle monitor: what xl's `create` leaves running per guest
 * (tools/xl/xl_vmcontrol.c: create_domain's wait loop and
 * handle_domain_death, stable-4.17).  It waits until the domain shuts down
 * or dies, then acts on the config's on_poweroff, on_reboot, on_crash,
 * on_watchdog or on_soft_reset: destroy it, restart it (a new domain of the
 * same name, built from the config as parsed when `create` ran, which the
 * monitor holds in memory), rename and keep it then restart, keep it, or
 * first write a core dump.  All Xen calls go through the xenops seam.
 */
#ifndef AG_MONITOR_H
#define AG_MONITOR_H

#include <stdint.h>
#include <stdio.h>

#include "../common/err.h"
#include "../platform/profile.h"
#include "../xl-parse/guest.h"
#include "create.h"
#include "xenops.h"

/* SHUTDOWN_* (xen/include/public/sched.h): struct ag_dominfo's shutdown_reason. */
enum ag_shutdown_reason {
	AG_SHUTDOWN_POWEROFF = 0,
	AG_SHUTDOWN_REBOOT = 1,
	AG_SHUTDOWN_SUSPEND = 2,
	AG_SHUTDOWN_CRASH = 3,
	AG_SHUTDOWN_WATCHDOG = 4,
	AG_SHUTDOWN_SOFT_RESET = 5,
};

/* xl's core dump directory (XEN_DUMP_DIR, config/Paths.mk.in: /var/lib/xen/dump). */
#define AG_DUMP_DIR "/var/lib/xen/dump"
/* The monitor also looks every this often (a VIRQ another process holds). */
#define AG_MONITOR_POLL_MS 1000
/* How long `destroy` waits for a monitor it stopped (a restart unwinding). */
#define AG_MONITOR_STOP_WAIT_MS 30000

enum ag_monitor_end {
	AG_MONITOR_GONE,        /* the domain was destroyed by someone else */
	AG_MONITOR_DESTROYED,   /* it shut down and the action destroyed it */
	AG_MONITOR_PRESERVED,   /* "preserve": left as it is */
	AG_MONITOR_SUSPENDED,   /* it suspended itself: left for a resume */
	AG_MONITOR_STOPPED,     /* a signal (`armguest destroy` sends SIGTERM) */
	AG_MONITOR_FAILED,      /* an action failed (the error says which) */
};

struct ag_monitor {
	const struct ag_xenops *ops;
	const struct ag_guest *g;       /* the config as parsed at create */
	const struct ag_profile *p;
	struct ag_create_opts create;   /* for restarts (never paused, no --dtb-out) */
	const char *run_dir;            /* the state records (NULL: AG_RUN_DIR_DEFAULT) */
	const char *dump_dir;           /* NULL: AG_DUMP_DIR */
	int poll_ms;                    /* 0: AG_MONITOR_POLL_MS */
	FILE *log;                      /* xl's lines: "Domain 3 has shut down, ..." */
	uint32_t domid;                 /* in: the domain created; out: the last one */
	unsigned restarts;              /* out */
};

/*
 * The action for a shutdown reason, as handle_domain_death picks it; an
 * unknown reason is destroyed.  SUSPEND has none (the caller leaves the
 * domain).
 */
enum ag_action ag_monitor_action(const struct ag_guest *g, unsigned reason);

/*
 * Watch m->domid and act until nothing is left to watch.  SIGINT, SIGTERM,
 * SIGHUP and SIGPIPE are caught (common/sig.h) and end it (a restart under
 * way unwinds).  Returns 0 (*end says how it ended) or -errno with err
 * filled (*end = AG_MONITOR_FAILED).
 */
int ag_monitor_run(struct ag_monitor *m, enum ag_monitor_end *end, struct ag_err *err);

#endif
