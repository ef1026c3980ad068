/* SPDX-License-Identifier: MIT */
/* `armguest create -n`: resolve, plan, build and place the tree; no hypercall. */
#ifndef AG_CREATE_DRYRUN_H
#define AG_CREATE_DRYRUN_H

#include <stdio.h>

#include "../common/diag.h"
#include "../platform/profile.h"
#include "../xl-parse/guest.h"
#include "../plan/plan.h"

/* What a dry run assumes in place of the answers only the hypervisor has. */
#define AG_DRYRUN_GPADDR_BITS AG_PLAN_GPADDR_BITS

struct ag_dryrun_opts {
	enum ag_gic gic;          /* used when the config leaves it to the host */
	unsigned gpaddr_bits;
	const char *dtb_out;      /* write the finalised tree here, or NULL */
	struct ag_timings *timings; /* record create_plan and the plan's steps, or NULL */
};

/* Print the plan to out.  Returns 0, or a negative errno with error diagnostics. */
int ag_create_dry_run(const struct ag_guest *g, const struct ag_profile *p,
		      const struct ag_dryrun_opts *o, FILE *out, struct ag_diags *d);

#endif
