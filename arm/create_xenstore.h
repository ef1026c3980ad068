/* SPDX-License-Identifier: MIT */
/*
 * The xenstore entries libxl 4.17 writes for a PVH Arm guest, so that `xl
 * list`, `xl console` (through xenconsoled) and `xl destroy` work on a domain
 * armguest created: the domain skeleton (libxl__domain_make), the build
 * results (libxl__build_post), the console and vuart devices
 * (libxl__device_console_add, libxl__device_vuart_add), then
 * xs_introduce_domain.
 */
#ifndef AG_CREATE_XENSTORE_H
#define AG_CREATE_XENSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/err.h"
#include "xenops.h"

/* libxl_internal.h LIBXL_XENCONSOLE_LIMIT and LIBXL_XENCONSOLE_PROTOCOL. */
#define AG_XENCONSOLE_LIMIT "1048576"
#define AG_XENCONSOLE_PROTOCOL "vt100"
/* xen/io/xenbus.h XenbusStateInitialising. */
#define AG_XENBUS_STATE_INITIALISING "1"

struct ag_xs_domain {
	uint32_t domid;
	const char *name;
	const char *uuid;               /* canonical text */
	const char *type;               /* "pvh" */
	uint32_t console_domid, store_domid;
	uint64_t max_kib, target_kib, video_kib;
	unsigned vcpus, max_vcpus;
	uint32_t store_port;
	uint64_t store_gfn;
	uint32_t console_port;
	uint64_t console_gfn;
	bool vuart;
	uint32_t vuart_port;
	uint64_t vuart_gfn;
	int64_t start_sec;
	long start_usec;
};

/*
 * The top-level paths the entries live under, for removal on failure or
 * destroy: /local/domain/N, /vm/<uuid>, /libxl/N and the two back-end
 * directories.  Returns how many were written to paths (at most
 * AG_XS_TOP_PATHS).
 */
#define AG_XS_TOP_PATHS 5
#define AG_XS_PATH_MAX 128
size_t ag_xs_top_paths(const struct ag_xs_domain *x,
		       char paths[AG_XS_TOP_PATHS][AG_XS_PATH_MAX]);

/* A commit that conflicts is retried this many times in all (libxl retries without bound). */
#define AG_XS_TXN_ATTEMPTS 16
/* The name check reads the names of at most this many domains. */
#define AG_XS_NAME_SCAN_MAX 1024

/*
 * Write every entry, then introduce the domain to xenstored.  The skeleton
 * and the name go in one transaction that checks the name is no other
 * domain's (-EEXIST).  Returns 0 or -errno with err naming the path that
 * failed.
 */
int ag_xs_write_domain(const struct ag_xenops *ops, const struct ag_xs_domain *x,
		       struct ag_err *err);

#endif
