/* SPDX-License-Identifier: MIT */
/*
 * Platform profiles: the guest memory map, interrupt numbers, phandles,
 * version strings and limits of one Xen release, as data.  One table per
 * Xen version (profile_417.c, profile_420.c); every value cites the public header it
 * comes from.  Code never hard-codes these numbers.
 *
 * The version strings of the tree ("XENVM-4.17", "xen,xenvm-4.17",
 * "xen,xen-4.17") are formatted from xen_major/xen_minor, the way libxl
 * formats them from the running hypervisor's version.
 */
#ifndef AG_PROFILE_H
#define AG_PROFILE_H

#include <stddef.h>
#include <stdint.h>

/* GIC architecture: interrupt IDs 16-31 are PPIs, 32 and up SPIs. */
#define AG_GIC_FIRST_PPI 16u
#define AG_GIC_FIRST_SPI 32u

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
	/*
	 * libxl's virtio rules of the release: xen_iommu after every virtio
	 * node (4.18+) instead of before the first disk with a back end other
	 * than dom0; disks' `grant_usage' in the disk spec (4.19+).  (Which
	 * keys a release reads, `virtio' among them, is xl-parse/keys.c's.)
	 */
	int virtio_iommu_last, virtio_disk_grant_usage;
	struct ag_region vpci_ecam, vpci_mem, vpci_prefetch_mem;
	uint32_t vpci_mem_type, vpci_prefetch_mem_type;

	/* Interrupts (arch-arm.h). */
	unsigned ppi_timer_phys_s, ppi_timer_phys_ns, ppi_timer_virt;
	unsigned ppi_evtchn;                         /* GUEST_EVTCHN_PPI */
	unsigned spi_vpl011;                         /* GUEST_VPL011_SPI */
	unsigned spi_virtio_first, spi_virtio_last;
	unsigned max_spis;                           /* the most SPIs Xen gives a guest */
	uint32_t irq_cpumask;                        /* libxl: every specifier targets 0xf */

	/* device_tree_defs.h */
	uint32_t phandle_gic, phandle_iommu;
	uint32_t root_address_cells, root_size_cells;
	uint32_t irq_type_edge_rising, irq_type_level_high, irq_type_level_low;

	/* hvm/params.h: HVM_PARAM_CALLBACK_IRQ encoding on Arm */
	unsigned callback_type_shift;                /* HVM_PARAM_CALLBACK_IRQ_TYPE_MASK */
	uint64_t callback_type_ppi;                  /* HVM_PARAM_CALLBACK_TYPE_PPI */
	unsigned callback_ppi_flag_shift;            /* HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_MASK */
	uint64_t callback_ppi_flag_low_level;        /* ..._PPI_FLAG_LOW_LEVEL */

	/* arch-arm.h PSCI function numbers used by /psci */
	uint32_t psci_cpu_off, psci_cpu_on;

	/* libxl_arm.c constants of the tree */
	uint32_t vpl011_current_speed;               /* 115200 baud */

	/* Limits. */
	unsigned max_vcpus_gicv2, max_vcpus_gicv3;   /* vgic_max_vcpus, MAX_VIRT_CPUS */
	unsigned max_vcpus_arm32;                    /* MAX_VIRT_CPUS of a 32-bit Xen */
	unsigned hypervisor_reg_slots;               /* 1 + extended-region placeholders */
	uint64_t ext_region_min_size;
	uint64_t ext_region_align;                   /* libxl ALIGN_UP_TO_2MB */
	size_t fdt_initial_size;                     /* libxl: first buffer, doubled on NOSPACE */
	size_t fdt_max_size;                         /* libxl FDT_MAX_SIZE */
	uint64_t kernel_max_size, module_max_size;   /* xenguest.h XC_DOM_DECOMPRESS_MAX */
	unsigned llc_colors_max;                     /* the most LLC colours; 0: no `llc_colors' */
	int tee_ffa;                                 /* tee = "ffa" (XEN_DOMCTL_CONFIG_TEE_FFA) */

	/*
	 * ACPI tables libxl builds for acpi = 1 (libxl_arm_acpi.c): their total
	 * length is /chosen/module@20000000's size.  Struct sizes from
	 * xen/include/acpi/actbl*.h; the DSDT is a build product of Xen.
	 */
	uint32_t acpi_rsdp_size, acpi_xsdt_size, acpi_gtdt_size, acpi_fadt_size;
	uint32_t acpi_madt_size, acpi_madt_gicc_size, acpi_madt_gicd_size,
		 acpi_madt_gicr_size;
	uint32_t acpi_dsdt_size;
	unsigned acpi_align_shift;                   /* each table ROUNDUP(size, 3) */

	/* libxenguest placement (xg_dom_arm.c) */
	unsigned page_shift;                         /* XC_PAGE_SHIFT */
	unsigned kernel_align_shift;                 /* meminit: kernel end rounded to 2 MiB */
	uint64_t modules_offset;                     /* 128 MiB rule */
	uint64_t magic_pfn_console, magic_pfn_store, magic_pfn_monitor,
		 magic_pfn_vuart;                    /* GUEST_MAGIC_BASE pfn + 0..3 */
};

/*
 * "4.17" → its table, or NULL.  NULL/"" gives the newest supported release
 * (the CLI's default in a build without Xen; a Xen build defaults to its own).
 */
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

/*
 * A GIC interrupt specifier as libxl writes it (3 cells, host order):
 * PPI (16..31) → <1, irq-16, mask<<8|type>, SPI (>= 32) → <0, irq-32, ...>.
 * Returns 0, or -EINVAL for an SGI (< 16), which the tree never describes.
 */
int ag_profile_irq_cells(const struct ag_profile *p, unsigned irq,
			 uint32_t type, uint32_t cells[3]);

/* The profile table of each supported release (profile_4xx.c). */
extern const struct ag_profile ag_profile_417;
extern const struct ag_profile ag_profile_420;

/*
 * The limits validation checks a config against (xl-parse/validate.h), taken
 * from this profile so each number lives in one table only.
 */
struct ag_arm_limits;
void ag_profile_arm_limits(const struct ag_profile *p, struct ag_arm_limits *out);

#endif
