/* SPDX-License-Identifier: MIT */
/*
 * Platform profiles: the guest memory map, interrupt numbers, phandles,
 * version strings and limits of one Xen release, as data.  One table per
 * Xen version (profile_417.c, ...); every value cites the public header it
 * comes from.  Code never hard-codes these numbers.
 */
#ifndef AG_PROFILE_H
#define AG_PROFILE_H

#include <stddef.h>
#include <stdint.h>

struct ag_region {
	uint64_t base, size;
};

struct ag_profile {
	const char *version;              /* "4.17" */
	unsigned xen_major, xen_minor;    /* 4, 17: model/compatible strings */
	uint32_t domctl_interface_version;

	/* Guest RAM (arch-arm.h GUEST_RAM0/1_BASE/SIZE, GUEST_RAM_MAX). */
	struct ag_region ram_bank[2];
	uint64_t ram_max;

	/* Devices (arch-arm.h). */
	struct ag_region gicv2_dist, gicv2_cpu;      /* GUEST_GICD_*, GUEST_GICC_* */
	struct ag_region gicv3_dist, gicv3_redist;   /* GUEST_GICV3_GICD_*, GUEST_GICV3_GICR0_* */
	struct ag_region gnttab;                     /* GUEST_GNTTAB_* */
	struct ag_region magic;                      /* GUEST_MAGIC_* */
	struct ag_region pl011;                      /* GUEST_PL011_* */
	struct ag_region acpi;                       /* GUEST_ACPI_* */
	struct ag_region virtio_mmio;                /* GUEST_VIRTIO_MMIO_* */
	uint64_t virtio_mmio_slot;                   /* 0x200 per device (libxl) */
	struct ag_region vpci_ecam, vpci_mem, vpci_prefetch_mem;
	uint32_t vpci_mem_type, vpci_prefetch_mem_type;

	/* Interrupts (arch-arm.h). */
	unsigned ppi_timer_phys_s, ppi_timer_phys_ns, ppi_timer_virt;
	unsigned ppi_evtchn;                         /* GUEST_EVTCHN_PPI */
	unsigned spi_vpl011;                         /* GUEST_VPL011_SPI */
	unsigned spi_virtio_first, spi_virtio_last;

	/* device_tree_defs.h */
	uint32_t phandle_gic, phandle_iommu;
	uint32_t root_address_cells, root_size_cells;

	/* arch-arm.h PSCI function numbers used by /psci */
	uint32_t psci_cpu_off, psci_cpu_on;

	/* Limits. */
	unsigned max_vcpus_gicv2, max_vcpus_gicv3;   /* vgic_max_vcpus, MAX_VIRT_CPUS */
	unsigned hypervisor_reg_slots;               /* 1 + extended-region placeholders */
	uint64_t ext_region_min_size;
	size_t fdt_max_size;                         /* libxl FDT_MAX_SIZE */

	/* libxenguest placement (xg_dom_arm.c) */
	uint64_t modules_offset;                     /* 128 MiB rule */
	uint64_t magic_pfn_console, magic_pfn_store, magic_pfn_monitor,
		 magic_pfn_vuart;                    /* GUEST_MAGIC_BASE pfn + 0..3 */
};

/* "4.17" → its table, or NULL.  NULL/"" gives the default (newest supported). */
const struct ag_profile *ag_profile_lookup(const char *version);
/* Comma-separated list of supported versions, for messages. */
const char *ag_profile_versions(void);

/*
 * The event-channel upcall interrupt, derived in one place from
 * profile->ppi_evtchn: the value for HVM_PARAM_CALLBACK_IRQ (type PPI,
 * level-low, the PPI number) and the `hypervisor` node's 3 interrupt cells.
 */
uint64_t ag_profile_callback_irq(const struct ag_profile *p);
void ag_profile_evtchn_cells(const struct ag_profile *p, uint32_t cells[3]);

#endif
