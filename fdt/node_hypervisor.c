/* SPDX-License-Identifier: MIT */
/* /hypervisor: Xen's version, grant table and event-channel PPI (libxl make_hypervisor_node). */
#include <libfdt.h>
#include <stdio.h>

#include "nodes.h"

int make_hypervisor_node(void *fdt, const struct ag_fdt_input *in)
{
	const struct ag_profile *p = in->profile;
	char compat0[32];
	const char *compat[] = { compat0, "xen,xen" };
	uint32_t irq[1][3];
	int rc;

	snprintf(compat0, sizeof(compat0), "xen,xen-%u.%u", in->xen_major,
		 in->xen_minor);
	/* The same PPI HVM_PARAM_CALLBACK_IRQ names (ag_profile_callback_irq). */
	ag_profile_evtchn_cells(p, irq[0]);
	rc = ag_node_begin(fdt, "hypervisor", compat, 2);
	/* Grant table + one slot per bank for extended regions, all (0,0) for now. */
	rc = rc ? rc : ag_prop_reg_placeholder(fdt, p, p->hypervisor_reg_slots);
	rc = rc ? rc : ag_prop_interrupts(fdt, p, (const uint32_t (*)[3])irq, 1);
	return rc ? rc : fdt_end_node(fdt);
}
