/* SPDX-License-Identifier: MIT */
/*
 * Every entry, the name included, is written in one xenstore transaction
 * that first checks no other domain has the name, as libxl__domain_make does
 * for its skeleton (tools/libs/light/libxl_create.c, with libxl_domain.c:
 * libxl__domain_rename, stable-4.17): two creates of one name cannot both
 * commit.  libxl writes the build's results and the consoles in transactions
 * of their own; one is enough here, and it matters for time: outside a
 * transaction every write fires its watches at once, waking xenconsoled
 * (measured by `make bench`, docs/performance.md).  A failure aborts the
 * transaction, so nothing is left half-written.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "create_xenstore.h"

struct xsw {
	const struct ag_xenops *ops;
	int rc;              /* first failure, sticky */
	struct ag_err *err;
};

static void xsw_fail(struct xsw *w, int rc, const char *what, const char *path)
{
	if (w->rc)
		return;
	w->rc = rc;
	ag_err_set(w->err, -rc, NULL, "xenstore %s %s: %s", what, path, strerror(-rc));
}

static void xs_printf_path(char *buf, size_t len, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static void xs_printf_path(char *buf, size_t len, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, len, fmt, ap);

	if (n < 0 || (size_t)n >= len)
		buf[0] = '\0'; /* caught by the caller's empty-path check */
}

static void put_perms(struct xsw *w, const char *path,
		      const struct ag_xs_perms *perms, size_t n)
{
	int rc;

	if (w->rc || !perms)
		return;
	rc = w->ops->xs_set_perms(w->ops->ctx, path, perms, n);
	if (rc)
		xsw_fail(w, rc, "set permissions on", path);
}

/* Write value at the formatted path, then set perms (if any). */
static void put(struct xsw *w, const struct ag_xs_perms *perms, size_t n,
		const char *value, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void put(struct xsw *w, const struct ag_xs_perms *perms, size_t n,
		const char *value, const char *fmt, ...)
{
	char path[256];
	va_list ap;
	int rc;

	if (w->rc)
		return;
	va_start(ap, fmt);
	xs_printf_path(path, sizeof(path), fmt, ap);
	va_end(ap);
	if (!path[0]) {
		xsw_fail(w, -ENAMETOOLONG, "write", fmt);
		return;
	}
	rc = w->ops->xs_write(w->ops->ctx, path, value);
	if (rc) {
		xsw_fail(w, rc, "write", path);
		return;
	}
	put_perms(w, path, perms, n);
}

static void rm(struct xsw *w, const char *path)
{
	int rc;

	if (w->rc)
		return;
	rc = w->ops->xs_rm(w->ops->ctx, path);
	if (rc && rc != -ENOENT)
		xsw_fail(w, rc, "remove", path);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

size_t ag_xs_top_paths(const struct ag_xs_domain *x,
		       char paths[AG_XS_TOP_PATHS][AG_XS_PATH_MAX])
{
	snprintf(paths[0], AG_XS_PATH_MAX, "/local/domain/%" PRIu32, x->domid);
	snprintf(paths[1], AG_XS_PATH_MAX, "/vm/%s", x->uuid);
	snprintf(paths[2], AG_XS_PATH_MAX, "/libxl/%" PRIu32, x->domid);
	snprintf(paths[3], AG_XS_PATH_MAX, "/local/domain/%" PRIu32 "/backend/console/%" PRIu32,
		 x->console_domid, x->domid);
	snprintf(paths[4], AG_XS_PATH_MAX, "/local/domain/%" PRIu32 "/backend/vuart/%" PRIu32,
		 x->console_domid, x->domid);
	return AG_XS_TOP_PATHS;
}

/* libxl__domain_make: the directories, name, uuid and control nodes. */
static void write_skeleton(struct xsw *w, const struct ag_xs_domain *x,
			   const char *dom, const char *vm, const char *lx)
{
	const struct ag_xs_perms noperm[] = { { 0, AG_XS_PERM_NONE } };
	const struct ag_xs_perms roperm[] = { { 0, AG_XS_PERM_NONE },
					      { x->domid, AG_XS_PERM_READ } };
	const struct ag_xs_perms rwperm[] = { { x->domid, AG_XS_PERM_NONE } };
	static const char *const rw_nodes[] = {
		"device/suspend/event-channel", "control/shutdown",
		"control/feature-poweroff", "control/feature-reboot",
		"control/feature-suspend", "control/sysrq", "data", "drivers",
		"feature", "attr", "error",
	};

	rm(w, dom);
	put(w, roperm, N(roperm), "", "%s", dom);
	rm(w, vm);
	put(w, roperm, N(roperm), "", "%s", vm);
	rm(w, lx);
	put(w, noperm, N(noperm), "", "%s", lx);
	put(w, noperm, N(noperm), "", "%s/device", lx);
	put(w, NULL, 0, vm, "%s/vm", dom);
	put(w, NULL, 0, x->name, "%s/name", dom);
	put(w, NULL, 0, x->name, "%s/name", vm);
	put(w, roperm, N(roperm), "", "%s/cpu", dom);
	put(w, roperm, N(roperm), "", "%s/memory", dom);
	put(w, roperm, N(roperm), "", "%s/device", dom);
	put(w, roperm, N(roperm), "", "%s/control", dom);
	for (size_t i = 0; i < N(rw_nodes); i++)
		put(w, rwperm, N(rwperm), "", "%s/%s", dom, rw_nodes[i]);
	put(w, NULL, 0, x->uuid, "%s/uuid", vm);
	put(w, NULL, 0, "1", "%s/control/platform-feature-multiprocessor-suspend", dom);
	put(w, NULL, 0, "1", "%s/control/platform-feature-xs_reset_watches", dom);
	put(w, NULL, 0, x->type, "%s/type", lx);
}

/* libxl__build_post: memory, domid, store, vCPU availability, start time. */
static void write_build_results(struct xsw *w, const struct ag_xs_domain *x,
				const char *dom, const char *vm)
{
	char v[32];

	snprintf(v, sizeof(v), "%" PRIu64, x->max_kib);
	put(w, NULL, 0, v, "%s/memory/static-max", dom);
	snprintf(v, sizeof(v), "%" PRIu64, x->target_kib - x->video_kib);
	put(w, NULL, 0, v, "%s/memory/target", dom);
	snprintf(v, sizeof(v), "%" PRIu64, x->video_kib);
	put(w, NULL, 0, v, "%s/memory/videoram", dom);
	snprintf(v, sizeof(v), "%" PRIu32, x->domid);
	put(w, NULL, 0, v, "%s/domid", dom);
	snprintf(v, sizeof(v), "%" PRIu32, x->store_port);
	put(w, NULL, 0, v, "%s/store/port", dom);
	snprintf(v, sizeof(v), "%" PRIu64, x->store_gfn);
	put(w, NULL, 0, v, "%s/store/ring-ref", dom);
	for (unsigned i = 0; i < x->max_vcpus; i++)
		put(w, NULL, 0, i < x->vcpus ? "online" : "offline",
		    "%s/cpu/%u/availability", dom, i);
	snprintf(v, sizeof(v), "%" PRId64 ".%02ld", x->start_sec, x->start_usec / 10000);
	put(w, NULL, 0, v, "%s/start_time", vm);
}

/*
 * libxl__device_generic_add for console 0 / vuart 0: the libxl copy, the
 * frontend (read-only to the guest) and the backend directory.
 */
static void write_console_device(struct xsw *w, const struct ag_xs_domain *x,
				 const char *kind, const char *fe, uint32_t port,
				 uint64_t gfn, bool is_console)
{
	const struct ag_xs_perms ro_fe[] = { { x->console_domid, AG_XS_PERM_NONE },
					     { x->domid, AG_XS_PERM_READ } };
	const struct ag_xs_perms fe_perms[] = { { x->domid, AG_XS_PERM_NONE },
						{ x->console_domid, AG_XS_PERM_READ } };
	char be[AG_XS_PATH_MAX], lx[AG_XS_PATH_MAX], v[32];
	static const char *const bents[] = {
		"frontend-id", NULL, "online", "1",
		"state", AG_XENBUS_STATE_INITIALISING, "protocol", AG_XENCONSOLE_PROTOCOL,
	};
	char domid[16];

	snprintf(domid, sizeof(domid), "%" PRIu32, x->domid);
	snprintf(be, sizeof(be), "/local/domain/%" PRIu32 "/backend/%s/%" PRIu32 "/0",
		 x->console_domid, kind, x->domid);
	snprintf(lx, sizeof(lx), "/libxl/%" PRIu32 "/device/%s/0", x->domid, kind);

	rm(w, lx);
	put(w, NULL, 0, fe, "%s/frontend", lx);
	put(w, NULL, 0, be, "%s/backend", lx);

	rm(w, fe);
	put(w, ro_fe, N(ro_fe), "", "%s", fe);
	put(w, NULL, 0, be, "%s/backend", fe);
	if (is_console) {
		snprintf(v, sizeof(v), "%" PRIu32, x->console_domid);
		put(w, fe_perms, N(fe_perms), v, "%s/backend-id", fe);
		put(w, ro_fe, N(ro_fe), AG_XENCONSOLE_LIMIT, "%s/limit", fe);
		put(w, ro_fe, N(ro_fe), "xenconsoled", "%s/type", fe);
		put(w, ro_fe, N(ro_fe), "pty", "%s/output", fe);
		put(w, ro_fe, N(ro_fe), "", "%s/tty", fe);
		snprintf(v, sizeof(v), "%" PRIu32, port);
		put(w, ro_fe, N(ro_fe), v, "%s/port", fe);
		snprintf(v, sizeof(v), "%" PRIu64, gfn);
		put(w, ro_fe, N(ro_fe), v, "%s/ring-ref", fe);
	} else {
		snprintf(v, sizeof(v), "%" PRIu32, port);
		put(w, ro_fe, N(ro_fe), v, "%s/port", fe);
		snprintf(v, sizeof(v), "%" PRIu64, gfn);
		put(w, ro_fe, N(ro_fe), v, "%s/ring-ref", fe);
		put(w, ro_fe, N(ro_fe), AG_XENCONSOLE_LIMIT, "%s/limit", fe);
		put(w, ro_fe, N(ro_fe), "xenconsoled", "%s/type", fe);
	}

	rm(w, be);
	put(w, ro_fe, N(ro_fe), "", "%s", be);
	put(w, NULL, 0, fe, "%s/frontend", be);
	for (size_t i = 0; i < N(bents); i += 2) {
		const char *val = bents[i + 1] ? bents[i + 1] : domid;

		put(w, NULL, 0, val, "%s/%s", be, bents[i]);
		put(w, NULL, 0, val, "%s/%s", lx, bents[i]);
	}
}

/*
 * Inside the transaction: is name another domain's?  -EEXIST with err
 * naming it; the reads put those names in the transaction's read set.
 */
static int name_taken(const struct ag_xenops *ops, const struct ag_xs_domain *x,
		      struct ag_err *err)
{
	struct ag_dominfo *doms = calloc(AG_XS_NAME_SCAN_MAX, sizeof(*doms));
	int n, rc = 0;

	if (!doms)
		return ag_err_set(err, ENOMEM, NULL, "out of memory");
	n = ops->domain_list(ops->ctx, doms, AG_XS_NAME_SCAN_MAX);
	if (n < 0)
		rc = ag_err_set(err, -n, NULL, "listing domains: %s", strerror(-n));
	for (int i = 0; i < n && !rc; i++) {
		char path[AG_XS_PATH_MAX], *v = NULL;

		if (doms[i].domid == x->domid)
			continue;
		snprintf(path, sizeof(path), "/local/domain/%" PRIu32 "/name", doms[i].domid);
		if (ops->xs_read(ops->ctx, path, &v))
			continue;
		if (!strcmp(v, x->name))
			rc = ag_err_set(err, EEXIST, NULL, "domain with name \"%s\" already exists"
					" (domain %" PRIu32 ")", x->name, doms[i].domid);
		free(v);
	}
	free(doms);
	return rc;
}

/* Everything but the introduction: the skeleton, the build's results, the consoles. */
static void write_all(struct xsw *w, const struct ag_xs_domain *x,
		      char top[AG_XS_TOP_PATHS][AG_XS_PATH_MAX])
{
	char fe[AG_XS_PATH_MAX + 16];

	write_skeleton(w, x, top[0], top[1], top[2]);
	write_build_results(w, x, top[0], top[1]);
	if (x->vuart) {
		snprintf(fe, sizeof(fe), "/local/domain/%" PRIu32 "/vuart/0", x->domid);
		write_console_device(w, x, "vuart", fe, x->vuart_port, x->vuart_gfn, false);
	}
	snprintf(fe, sizeof(fe), "/local/domain/%" PRIu32 "/console", x->domid);
	write_console_device(w, x, "console", fe, x->console_port, x->console_gfn, true);
}

static int write_domain_txn(const struct ag_xenops *ops, const struct ag_xs_domain *x,
			    char top[AG_XS_TOP_PATHS][AG_XS_PATH_MAX], struct ag_err *err)
{
	for (unsigned attempt = 0; attempt < AG_XS_TXN_ATTEMPTS; attempt++) {
		struct xsw w = { .ops = ops, .rc = 0, .err = err };
		int rc = ops->xs_transaction_start(ops->ctx);

		if (rc)
			return ag_err_set(err, -rc, NULL, "xenstore transaction start: %s",
					  strerror(-rc));
		rc = name_taken(ops, x, err);
		if (!rc) {
			write_all(&w, x, top);
			rc = w.rc;
		}
		if (rc) {
			(void)ops->xs_transaction_end(ops->ctx, true);
			return rc;
		}
		rc = ops->xs_transaction_end(ops->ctx, false);
		if (rc != -EAGAIN)
			return rc ? ag_err_set(err, -rc, NULL, "xenstore transaction commit: %s",
					       strerror(-rc)) : 0;
	}
	return ag_err_set(err, EAGAIN, NULL, "xenstore transaction for the name \"%s\" kept"
			  " conflicting (%d attempts)", x->name, AG_XS_TXN_ATTEMPTS);
}

int ag_xs_write_domain(const struct ag_xenops *ops, const struct ag_xs_domain *x,
		       struct ag_err *err)
{
	char top[AG_XS_TOP_PATHS][AG_XS_PATH_MAX];
	int rc;

	ag_xs_top_paths(x, top);
	rc = write_domain_txn(ops, x, top, err);
	if (rc)
		return rc;
	rc = ops->xs_introduce(ops->ctx, x->domid, x->store_gfn, x->store_port);
	if (rc) {
		return ag_err_set(err, -rc, NULL, "xs_introduce_domain(%" PRIu32 ", 0x%" PRIx64 ", %" PRIu32 "): %s",
			 x->domid, x->store_gfn, x->store_port, strerror(-rc));
	}
	return 0;
}
