/* SPDX-License-Identifier: MIT */
/*
 * One loop: look at the domain, act if it has shut down, else sleep until
 * Xen says some domain changed (@releaseDomain or VIRQ_DOM_EXC) or
 * poll_ms passes.  The log lines are xl's (tools/xl/xl_vmcontrol.c,
 * stable-4.17), so a reader of xl's /var/log/xen/xl-NAME.log recognises
 * them.
 */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../common/sig.h"
#include "domains.h"
#include "monitor.h"

enum ag_action ag_monitor_action(const struct ag_guest *g, unsigned reason)
{
	switch (reason) {
	case AG_SHUTDOWN_POWEROFF:
		return g->on_poweroff;
	case AG_SHUTDOWN_REBOOT:
		return g->on_reboot;
	case AG_SHUTDOWN_CRASH:
		return g->on_crash;
	case AG_SHUTDOWN_WATCHDOG:
		return g->on_watchdog;
	case AG_SHUTDOWN_SOFT_RESET:
		return g->on_soft_reset;
	default:
		return AG_ACTION_DESTROY;
	}
}

static void mlog(struct ag_monitor *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void mlog(struct ag_monitor *m, const char *fmt, ...)
{
	va_list ap;

	if (!m->log)
		return;
	va_start(ap, fmt);
	vfprintf(m->log, fmt, ap);
	va_end(ap);
	fputc('\n', m->log);
	fflush(m->log);
}

static const char *run_dir(const struct ag_monitor *m)
{
	return m->run_dir ? m->run_dir : AG_RUN_DIR_DEFAULT;
}

/* handle_domain_death: "No point crying over spilled milk, continue on failure." */
static void dump_core(struct ag_monitor *m)
{
	const char *dir = m->dump_dir ? m->dump_dir : AG_DUMP_DIR;
	char path[4096];
	int rc;

	if (strchr(m->g->name, '/') ||
	    snprintf(path, sizeof(path), "%s/%s", dir, m->g->name) >= (int)sizeof(path)) {
		mlog(m, "core dump skipped: the name \"%s\" is no file name", m->g->name);
		return;
	}
	mlog(m, "dumping core to %s", path);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		mlog(m, "creating %s: %s", dir, strerror(errno));
	rc = m->ops->domain_dumpcore(m->ops->ctx, m->domid, path);
	if (rc)
		mlog(m, "core dump failed (%s).", strerror(-rc));
}

static int destroy(struct ag_monitor *m, struct ag_err *err)
{
	mlog(m, "Domain %" PRIu32 " needs to be cleaned up: destroying the domain", m->domid);
	return ag_domain_destroy(m->ops, run_dir(m), m->domid, err);
}

/* preserve_domain: the old domain keeps running under NAME-<UTC time>. */
static int rename_old(struct ag_monitor *m, struct ag_err *err)
{
	char stamp[24], name[AG_NAME_MAX];
	time_t now = time(NULL);
	struct tm tm;

	if (!gmtime_r(&now, &tm) || !strftime(stamp, sizeof(stamp), "-%Y%m%dT%H%MZ", &tm))
		return ag_err_set(err, EINVAL, NULL, "cannot format the time for the rename");
	if (snprintf(name, sizeof(name), "%s%s", m->g->name, stamp) >= (int)sizeof(name))
		return ag_err_set(err, ENAMETOOLONG, NULL, "\"%s%s\" is too long a name",
				  m->g->name, stamp);
	mlog(m, "Preserving domain %" PRIu32 " as \"%s\"", m->domid, name);
	return ag_domain_rename(m->ops, run_dir(m), m->domid, name, err);
}

static int restart(struct ag_monitor *m, struct ag_err *err)
{
	struct ag_create_result *res = calloc(1, sizeof(*res));
	struct ag_diags d;
	int rc;

	if (!res)
		return ag_err_set(err, ENOMEM, NULL, "out of memory");
	mlog(m, "Done. Rebooting now");
	ag_diags_init(&d);
	rc = ag_create_domain(m->ops, m->g, m->p, &m->create, res, &d);
	if (m->log)
		ag_diags_print(m->log, &d);
	ag_diags_free(&d);
	if (rc) {
		ag_err_set(err, -rc, NULL, "restarting \"%s\": %s", m->g->name, res->msg);
	} else {
		m->domid = res->domid;
		m->restarts++;
		mlog(m, "Domain %" PRIu32 " (%s) created again: waiting for it to die [pid %ld]",
		     m->domid, m->g->name, (long)getpid());
	}
	free(res);
	return rc;
}

/* handle_domain_death and what create_domain does with its answer. */
static int act(struct ag_monitor *m, unsigned reason, enum ag_monitor_end *end, bool *again,
	       struct ag_err *err)
{
	enum ag_action a = ag_monitor_action(m->g, reason);
	int rc;

	*again = false;
	if (reason == AG_SHUTDOWN_SUSPEND) {
		mlog(m, "Domain has suspended.");
		*end = AG_MONITOR_SUSPENDED;
		return 0;
	}
	mlog(m, "Action for shutdown reason code %u is %s", reason, ag_action_name(a));
	if (a == AG_ACTION_COREDUMP_DESTROY || a == AG_ACTION_COREDUMP_RESTART) {
		dump_core(m);
		a = a == AG_ACTION_COREDUMP_DESTROY ? AG_ACTION_DESTROY : AG_ACTION_RESTART;
	}
	switch (a) {
	case AG_ACTION_PRESERVE:
		*end = AG_MONITOR_PRESERVED;
		return 0;
	case AG_ACTION_SOFT_RESET:
		/* xl's soft reset fails on Arm and its error path destroys the domain. */
		mlog(m, "Xen on Arm has no soft reset (xen/arch/arm/domain.c:"
		     " arch_domain_soft_reset returns ENOSYS): destroying the domain");
		/* fall through */
	case AG_ACTION_DESTROY:
		*end = AG_MONITOR_DESTROYED;
		return destroy(m, err);
	case AG_ACTION_RENAME_RESTART:
		rc = rename_old(m, err);
		if (rc)
			return rc; /* "exit leaving the old domain in place" */
		break;
	case AG_ACTION_RESTART:
	default:
		rc = destroy(m, err);
		if (rc)
			return rc;
		break;
	}
	/* A signal that came during the action stops us before a new domain exists. */
	if (ag_sig_caught()) {
		*end = AG_MONITOR_STOPPED;
		return 0;
	}
	rc = restart(m, err);
	if (rc == -EINTR && ag_sig_caught()) {
		*end = AG_MONITOR_STOPPED;
		return 0;
	}
	*again = rc == 0;
	return rc;
}

static int wait_change(struct ag_monitor *m, struct ag_domexc *w, int poll_ms)
{
	if (w)
		return m->ops->domexc_wait(m->ops->ctx, w, poll_ms);
	return poll(NULL, 0, poll_ms) < 0 ? -errno : 0;
}

static int watch(struct ag_monitor *m, struct ag_domexc *w, enum ag_monitor_end *end,
		 struct ag_err *err)
{
	int poll_ms = m->poll_ms > 0 ? m->poll_ms : AG_MONITOR_POLL_MS;

	for (;;) {
		struct ag_dominfo info;
		bool again;
		int rc;

		if (ag_sig_caught()) {
			*end = AG_MONITOR_STOPPED;
			return 0;
		}
		rc = m->ops->domain_getinfo(m->ops->ctx, m->domid, &info);
		if (rc == -ESRCH || (rc == 0 && info.dying)) {
			mlog(m, "Domain %" PRIu32 " has been destroyed.", m->domid);
			*end = AG_MONITOR_GONE;
			return 0;
		}
		if (rc)
			return ag_err_set(err, -rc, NULL, "looking at domain %" PRIu32 ": %s",
					  m->domid, strerror(-rc));
		if (info.shutdown) {
			mlog(m, "Domain %" PRIu32 " has shut down, reason code %u 0x%x", m->domid,
			     info.shutdown_reason, info.shutdown_reason);
			rc = act(m, info.shutdown_reason, end, &again, err);
			if (rc || !again)
				return rc;
			continue;
		}
		rc = wait_change(m, w, poll_ms);
		if (rc < 0 && rc != -EINTR)
			return ag_err_set(err, -rc, NULL, "waiting for domain %" PRIu32 ": %s",
					  m->domid, strerror(-rc));
	}
}

int ag_monitor_run(struct ag_monitor *m, enum ag_monitor_end *end, struct ag_err *err)
{
	struct ag_sig_saved saved;
	struct ag_domexc *w = NULL;
	const char *via = NULL;
	int rc;

	*end = AG_MONITOR_FAILED;
	m->create.paused = false;
	m->create.dtb_out = NULL;
	ag_sig_catch(&saved);
	rc = m->ops->domexc_open(m->ops->ctx, &w, &via);
	if (rc) {
		w = NULL;
		mlog(m, "cannot be told of domain changes (%s): looking every %d ms",
		     strerror(-rc), m->poll_ms > 0 ? m->poll_ms : AG_MONITOR_POLL_MS);
	}
	mlog(m, "Waiting for domain %s (domid %" PRIu32 ") to die [pid %ld]%s%s", m->g->name,
	     m->domid, (long)getpid(), via ? ", woken by " : "", via ? via : "");
	rc = watch(m, w, end, err);
	if (rc)
		*end = AG_MONITOR_FAILED;
	if (w)
		m->ops->domexc_close(m->ops->ctx, w);
	ag_sig_restore(&saved);
	mlog(m, "%s", rc ? err->msg : "Done. Exiting now");
	return rc;
}
