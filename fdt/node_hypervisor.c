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
	WHY(in, "/hypervisor", NULL, .kind = AG_WHY_RULE, .rule = "libxl always writes /hypervisor");
	WHY(in, "/hypervisor", "compatible", .kind = AG_WHY_PROFILE,
	    .fields = { FIELD(xen_major), FIELD(xen_minor) },
	    .rule = "\"xen,xen-\" and the Xen version, then \"xen,xen\"");
	WHY(in, "/hypervisor", "reg", .kind = AG_WHY_LAYOUT,
	    .keys = { RAM_KEY(in->guest), VIDEORAM_KEY(in->guest) },
	    .fields = { FIELD(gnttab), FIELD(hypervisor_reg_slots), FIELD(ext_region_min_size),
			FIELD(ext_region_align) },
	    .inputs = AG_WHY_IN_RAM | AG_WHY_IN_GPADDR,
	    .rule = "the grant-table window, then the extended regions: the RAM banks' space "
		    "the guest's RAM leaves free, within its IPA size");
	WHY_INTERRUPTS(in, "/hypervisor", "the event-channel upcall PPI, level-low",
		       FIELD(ppi_evtchn), FIELD(irq_type_level_low));
	return rc ? rc : fdt_end_node(fdt);
}
