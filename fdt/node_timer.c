/* SPDX-License-Identifier: MIT */
/* /timer: the architected timer's PPIs (libxl make_timer_node). */
#include <libfdt.h>

#include "nodes.h"

/* libxl_arm.c arch_info: timer_compat per guest type. */
#define TIMER_COMPAT_ARM64 "arm,armv8-timer"
#define TIMER_COMPAT_ARM32 "arm,armv7-timer"

int make_timer_node(void *fdt, const struct ag_fdt_input *in)
{
	const struct ag_profile *p = in->profile;
	const char *compat = in->kernel_arm32 ? TIMER_COMPAT_ARM32 : TIMER_COMPAT_ARM64;
	const unsigned ppis[3] = { p->ppi_timer_phys_s, p->ppi_timer_phys_ns,
				   p->ppi_timer_virt };
	uint32_t irqs[3][3];
	int rc;

	for (unsigned i = 0; i < 3; i++)
		if (ag_profile_irq_cells(p, ppis[i], p->irq_type_level_low, irqs[i]))
			return -FDT_ERR_INTERNAL;
	rc = ag_node_begin(fdt, "timer", &compat, 1);
	rc = rc ? rc : ag_prop_interrupts(fdt, p, (const uint32_t (*)[3])irqs, 3);
	WHY(in, "/timer", NULL, .kind = AG_WHY_RULE, .rule = "libxl always writes /timer");
	WHY(in, "/timer", "compatible", .kind = AG_WHY_RULE,
	    .rule = "libxl's timer for the guest's architecture (arm64: \"arm,armv8-timer\")");
	WHY_INTERRUPTS(in, "/timer", "the secure, non-secure physical and virtual timer PPIs, "
		       "level-low, every vCPU", FIELD(ppi_timer_phys_s), FIELD(ppi_timer_phys_ns),
		       FIELD(ppi_timer_virt), FIELD(irq_type_level_low));
	/* Only when the host's timer node states it (never under QEMU). */
	if (!rc && in->clock_frequency) {
		rc = fdt_property_u32(fdt, "clock-frequency", in->clock_frequency);
		WHY(in, "/timer", "clock-frequency", .kind = AG_WHY_HOST,
		    .rule = "the host timer's clock-frequency (dtb --clock-frequency; create: Xen's)");
	}
	return rc ? rc : fdt_end_node(fdt);
}
