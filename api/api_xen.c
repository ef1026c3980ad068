/* SPDX-License-Identifier: MIT */
/*
 * libarmguest-xen's entry points (include/armguest/armguest-xen.h): domain
 * creation through arm/create.c, the code `armguest create` runs, over the
 * real Xen libraries (arm/xenops_real.c).
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <armguest/armguest-xen.h>

#include "api_internal.h"
#include "../arm/create.h"
#include "../arm/lock.h"
#include "../arm/xenops.h"
#include "../common/sig.h"

AG_EXPORT const char *armguest_xen_target(void)
{
	return AG_XEN_TARGET;
}

AG_EXPORT int armguest_domain_create(const armguest_guest *g, unsigned flags, uint32_t *domid,
				     armguest_diags *d)
{
	struct ag_create_opts opts = {
		.paused = flags & ARMGUEST_CREATE_PAUSED,
		.target_version = AG_XEN_TARGET,
	};
	struct ag_diags scratch, *dl;
	struct ag_create_result *res;
	struct ag_xenops ops;
	struct ag_err err;
	int rc;

	if (!g || !domid || (flags & ~ARMGUEST_CREATE_PAUSED))
		return -EINVAL;
	*domid = AG_DOMID_INVALID;
	dl = ag_api_diags(d, &scratch);
	if (strcmp(g->p->version, AG_XEN_TARGET)) {
		rc = ag_diag_add(dl, AG_ERROR, g->g.source, 0, 0, NULL,
				 "the guest was resolved for Xen %s; this library creates "
				 "domains on Xen %s", g->p->version, AG_XEN_TARGET);
		rc = rc ? rc : -EINVAL;
		goto out;
	}
	res = calloc(1, sizeof(*res));
	opts.xl_lockfile = ag_xl_lockfile();
	rc = res ? ag_xenops_open(&ops, false, &err) : -ENOMEM;
	if (res && rc)
		ag_diag_add(dl, AG_ERROR, NULL, 0, 0, NULL, "%s", err.msg);
	if (!rc) {
		rc = ag_create_domain(&ops, &g->g, g->p, &opts, res, dl);
		if (rc)
			ag_diag_add(dl, AG_ERROR, g->g.source, 0, 0, NULL, "%s", res->msg);
		else
			*domid = res->domid;
		ag_xenops_close(&ops);
		/* The creation was undone; the caller's own disposition now sees the signal. */
		if (res->signal) {
			ag_sig_forget();
			raise(res->signal);
		}
	}
	free((char *)opts.xl_lockfile);
	free(res);
out:
	if (!d)
		ag_diags_free(&scratch);
	return rc;
}
