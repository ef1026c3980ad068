/* SPDX-License-Identifier: MIT */
/*
 * Xen 4.20 (stable-4.20, Debian 13's 4.20.x): the numbers an Arm64 guest's
 * device tree and layout are made of.  Each value names the public header
 * (xen/include/public/..., at stable-4.20) or tools source it is defined in
 * (for the values of the tree and memory map: profile_cite.c, shared with 4.17);
 * nothing here is computed.  Against profile_417.c these entries differ:
 * the minor version (the tree's three version strings), the domctl
 * interface version, the vPCI prefetchable-memory address type, and what
 * 4.18-4.20 added for virtio (xen_iommu after the virtio nodes, grant_usage
 * on disks), LLC colouring and FF-A.  The rest is the same in both branches'
 * headers and libxl_arm.c, and xl 4.20's trees for the 4.17 goldens' configs
 * differ from 4.17's in the version strings only (the goldens of
 * tests/golden-4.20/ check it byte for byte).
 */
#include "profile.h"

#define KiB(x) ((uint64_t)(x) << 10)
#define MiB(x) ((uint64_t)(x) << 20)

const struct ag_profile ag_profile_420 = {
	.version = "4.20",
	.xen_major = 4,
	.xen_minor = 20,
	.domctl_interface_version = 0x17,                 /* domctl.h XEN_DOMCTL_INTERFACE_VERSION (0x16 in 4.18) */

	.ram_bank = {
		{ 0x40000000, 0xc0000000 },
		{ 0x0200000000, 0xfe00000000 },
	},
	.ram_max = 0xc0000000 + 0xfe00000000,             /* arch-arm.h GUEST_RAM_MAX */

	.gicv2_dist = { 0x03001000, 0x00001000 },
	.gicv2_cpu = { 0x03002000, 0x00002000 },
	.gicv3_dist = { 0x03001000, 0x00010000 },
	.gicv3_redist = { 0x03020000, 0x01000000 },
	.gnttab = { 0x38000000, 0x01000000 },
	.magic = { 0x39000000, 0x01000000 },
	.pl011 = { 0x22000000, 0x00001000 },
	.acpi = { 0x20000000, 0x02000000 },
	.virtio_mmio = { 0x02000000, 0x00100000 },
	.virtio_mmio_slot = 0x200,
	.virtio_iommu_last = 1,                           /* libxl_arm.c libxl__prepare_dtb: make_xen_iommu_node once, after the virtio nodes (4.18) */
	.virtio_disk_grant_usage = 1,                     /* libxl_types.idl device_disk grant_usage (4.19) */
	.vpci_ecam = { 0x10000000, 0x10000000 },          /* arch-arm.h GUEST_VPCI_ECAM_BASE, _SIZE */
	.vpci_mem = { 0x23000000, 0x10000000 },           /* arch-arm.h GUEST_VPCI_MEM_ADDR, _SIZE */
	.vpci_prefetch_mem = { 0x100000000, 0x100000000 }, /* arch-arm.h GUEST_VPCI_PREFETCH_MEM_ADDR, _SIZE */
	.vpci_mem_type = 0x02000000,                      /* arch-arm.h GUEST_VPCI_ADDR_TYPE_MEM */
	.vpci_prefetch_mem_type = 0x43000000,             /* arch-arm.h GUEST_VPCI_ADDR_TYPE_PREFETCH_MEM (64-bit since 4.19) */

	.ppi_timer_phys_s = 29,
	.ppi_timer_phys_ns = 30,
	.ppi_timer_virt = 27,
	.ppi_evtchn = 31,
	.spi_vpl011 = 32,
	.spi_virtio_first = 33,
	.spi_virtio_last = 43,                            /* arch-arm.h GUEST_VIRTIO_MMIO_SPI_LAST */
	.max_spis = 960,                                  /* xen/arch/arm/vgic.c domain_vgic_init: ROUNDUP(nr_spis, 32) <= 1020 - NR_LOCAL_IRQS */
	.irq_cpumask = 0xf,

	.phandle_gic = 65000,
	.phandle_iommu = 65001,
	.root_address_cells = 2,
	.root_size_cells = 2,
	.irq_type_edge_rising = 0x1,
	.irq_type_level_high = 0x4,
	.irq_type_level_low = 0x8,

	.callback_type_shift = 56,                        /* hvm/params.h HVM_PARAM_CALLBACK_IRQ_TYPE_MASK 0xFF00000000000000 */
	.callback_type_ppi = 2,                           /* hvm/params.h HVM_PARAM_CALLBACK_TYPE_PPI */
	.callback_ppi_flag_shift = 8,                     /* hvm/params.h HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_MASK 0xFF00 */
	.callback_ppi_flag_low_level = 2,                 /* hvm/params.h HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_LOW_LEVEL */

	.psci_cpu_off = 1,
	.psci_cpu_on = 2,

	.vpl011_current_speed = 115200,

	.max_vcpus_gicv2 = 8,                             /* xen/arch/arm/vgic.c vgic_max_vcpus(GIC_V2) */
	.max_vcpus_arm32 = 8,                             /* xen/arch/arm/include/asm/config.h MAX_VIRT_CPUS, arm32 */
	.max_vcpus_gicv3 = 128,                           /* arch-arm.h GUEST_MAX_VCPUS = arm64 MAX_VIRT_CPUS */
	.hypervisor_reg_slots = 2 + 1,
	.ext_region_min_size = MiB(64),
	.ext_region_align = MiB(2),
	.fdt_initial_size = KiB(4),                       /* libxl_arm.c libxl__prepare_dtb: 4096 */
	.fdt_max_size = MiB(1),                           /* libxl_arm.c FDT_MAX_SIZE (1<<20) */
	.kernel_max_size = MiB(1024),                     /* xenguest.h XC_DOM_DECOMPRESS_MAX */
	.llc_colors_max = 1u << 10,                       /* xen/common/Kconfig LLC_COLORS_ORDER: range 1 10 */
	.tee_ffa = 1,                                     /* arch-arm.h XEN_DOMCTL_CONFIG_TEE_FFA (4.18) */
	.module_max_size = MiB(1024),                     /* xenguest.h XC_DOM_DECOMPRESS_MAX */

	.acpi_rsdp_size = 36,                             /* actbl.h sizeof(struct acpi_table_rsdp) */
	.acpi_xsdt_size = 44 + 2 * 8,                     /* actbl.h acpi_table_xsdt + 2 more entries (libxl) */
	.acpi_gtdt_size = 96,                             /* actbl3.h sizeof(struct acpi_table_gtdt) */
	.acpi_fadt_size = 276,                            /* actbl.h sizeof(struct acpi_table_fadt) */
	.acpi_madt_size = 44,                             /* actbl1.h sizeof(struct acpi_table_madt) */
	.acpi_madt_gicc_size = 76,                        /* actbl1.h ACPI_MADT_GICC_SIZE_v5 */
	.acpi_madt_gicd_size = 24,                        /* actbl1.h acpi_madt_generic_distributor */
	.acpi_madt_gicr_size = 16,                        /* actbl1.h acpi_madt_generic_redistributor */
	/*
	 * dsdt_anycpu_arm_len rounded to 8, the same as 4.17's: measured by the
	 * acpi = 1 golden from xl 4.20 (tests/golden-4.20/o-v3-acpi, whose
	 * /chosen module size is the tables' total).
	 */
	.acpi_dsdt_size = 4528,
	.acpi_align_shift = 3,                            /* libxl_arm_acpi.c ROUNDUP(size, 3) */

	.page_shift = 12,                                 /* xenctrl.h XC_PAGE_SHIFT */
	.kernel_align_shift = 21,
	.modules_offset = MiB(128),
	.magic_pfn_console = 0x39000,                     /* xg_dom_arm.c CONSOLE_PFN_OFFSET 0 */
	.magic_pfn_store = 0x39001,                       /* xg_dom_arm.c XENSTORE_PFN_OFFSET 1 */
	.magic_pfn_monitor = 0x39002,                     /* xg_dom_arm.c MEMACCESS_PFN_OFFSET 2 */
	.magic_pfn_vuart = 0x39003,                       /* xg_dom_arm.c VUART_PFN_OFFSET 3 */
};
