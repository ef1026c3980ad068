/* SPDX-License-Identifier: MIT */
/* Profile lookup and the values derived from a profile's numbers. */
#include <errno.h>
#include <string.h>

#include "profile.h"

#include "../xl-parse/validate.h"

/* Newest first: the first entry is the default. */
static const struct ag_profile *const profiles[] = {
	&ag_profile_420,
	&ag_profile_417,
};

const struct ag_profile *ag_profile_lookup(const char *version)
{
	if (!version || !*version)
		return profiles[0];
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (!strcmp(profiles[i]->version, version))
			return profiles[i];
	return NULL;
}

const char *ag_profile_versions(void)
{
	/* Kept in step with profiles[] (test_profile checks it). */
	return "4.17, 4.20";
}

/*
 * One description of the upcall, two encodings.  The hypervisor parameter
 * says "PPI n, level-sensitive, active-low"; the DT says the same with the
 * GIC binding's cells.  Both come from p->ppi_evtchn and nowhere else.
 */
uint64_t ag_profile_callback_irq(const struct ag_profile *p)
{
	return (p->callback_type_ppi << p->callback_type_shift) |
	       (p->callback_ppi_flag_low_level << p->callback_ppi_flag_shift) |
	       (uint64_t)p->ppi_evtchn;
}

void ag_profile_evtchn_cells(const struct ag_profile *p, uint32_t cells[3])
{
	/* ppi_evtchn is a PPI by definition, so this cannot fail. */
	(void)ag_profile_irq_cells(p, p->ppi_evtchn, p->irq_type_level_low, cells);
}

int ag_profile_irq_cells(const struct ag_profile *p, unsigned irq,
			 uint32_t type, uint32_t cells[3])
{
	if (irq < AG_GIC_FIRST_PPI)
		return -EINVAL;
	cells[0] = irq < AG_GIC_FIRST_SPI ? 1 : 0;
	cells[1] = irq < AG_GIC_FIRST_SPI ? irq - AG_GIC_FIRST_PPI : irq - AG_GIC_FIRST_SPI;
	cells[2] = (p->irq_cpumask << 8) | type;
	return 0;
}

void ag_profile_arm_limits(const struct ag_profile *p, struct ag_arm_limits *out)
{
	out->ram_max = p->ram_max;
	out->max_vcpus_gicv2 = p->max_vcpus_gicv2;
	out->max_vcpus_arm64 = p->max_vcpus_gicv3;
	out->max_vcpus_arm32 = p->max_vcpus_arm32;
	out->first_spi = AG_GIC_FIRST_SPI;
	out->spi_vpl011 = p->spi_vpl011;
	out->spi_virtio_first = p->spi_virtio_first;
	out->spi_virtio_last = p->spi_virtio_last;
	out->max_spis = p->max_spis;
	out->llc_colors_max = p->llc_colors_max;
	out->tee_ffa = p->tee_ffa;
	out->virtio_disk_grant_usage = p->virtio_disk_grant_usage;
	out->xen_major = p->xen_major;
	out->xen_minor = p->xen_minor;
}
