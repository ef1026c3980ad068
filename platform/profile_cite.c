/* SPDX-License-Identifier: MIT */
/* The citations of the profile's tree and memory-map values (profile_cite.h). */
#include "profile_cite.h"

#define ARCH_ARM "xen/include/public/arch-arm.h"
#define DT_DEFS "xen/include/public/device_tree_defs.h"
#define LIBXL_ARM "tools/libs/light/libxl_arm.c"
#define XG_DOM_ARM "tools/libs/guest/xg_dom_arm.c"
#define C(f, file, macro) { AG_PROFILE_FIELD(f), #f, file, macro }

static const struct ag_profile_cite cites[] = {
	C(xen_major, "xen/include/public/version.h", "XENVER_version (major: the high 16 bits)"),
	C(xen_minor, "xen/include/public/version.h", "XENVER_version (minor: the low 16 bits)"),
	C(ram_bank[0], ARCH_ARM, "GUEST_RAM0_BASE, GUEST_RAM0_SIZE"),
	C(ram_bank[1], ARCH_ARM, "GUEST_RAM1_BASE, GUEST_RAM1_SIZE"),
	C(gicv2_dist, ARCH_ARM, "GUEST_GICD_BASE, GUEST_GICD_SIZE"),
	C(gicv2_cpu, ARCH_ARM, "GUEST_GICC_BASE, GUEST_GICC_SIZE"),
	C(gicv3_dist, ARCH_ARM, "GUEST_GICV3_GICD_BASE, GUEST_GICV3_GICD_SIZE"),
	C(gicv3_redist, ARCH_ARM, "GUEST_GICV3_GICR0_BASE, GUEST_GICV3_GICR0_SIZE"),
	C(gnttab, ARCH_ARM, "GUEST_GNTTAB_BASE, GUEST_GNTTAB_SIZE"),
	C(magic, ARCH_ARM, "GUEST_MAGIC_BASE, GUEST_MAGIC_SIZE"),
	C(pl011, ARCH_ARM, "GUEST_PL011_BASE, GUEST_PL011_SIZE"),
	C(acpi, ARCH_ARM, "GUEST_ACPI_BASE, GUEST_ACPI_SIZE"),
	C(virtio_mmio, ARCH_ARM, "GUEST_VIRTIO_MMIO_BASE, GUEST_VIRTIO_MMIO_SIZE"),
	C(virtio_mmio_slot, LIBXL_ARM, "VIRTIO_MMIO_DEV_SIZE"),
	C(ppi_timer_phys_s, ARCH_ARM, "GUEST_TIMER_PHYS_S_PPI"),
	C(ppi_timer_phys_ns, ARCH_ARM, "GUEST_TIMER_PHYS_NS_PPI"),
	C(ppi_timer_virt, ARCH_ARM, "GUEST_TIMER_VIRT_PPI"),
	C(ppi_evtchn, ARCH_ARM, "GUEST_EVTCHN_PPI"),
	C(spi_vpl011, ARCH_ARM, "GUEST_VPL011_SPI"),
	C(spi_virtio_first, ARCH_ARM, "GUEST_VIRTIO_MMIO_SPI_FIRST"),
	C(irq_cpumask, LIBXL_ARM, "set_interrupt(..., 0xf, ...): every vCPU"),
	C(phandle_gic, DT_DEFS, "GUEST_PHANDLE_GIC"),
	C(phandle_iommu, DT_DEFS, "GUEST_PHANDLE_IOMMU"),
	C(root_address_cells, DT_DEFS, "GUEST_ROOT_ADDRESS_CELLS"),
	C(root_size_cells, DT_DEFS, "GUEST_ROOT_SIZE_CELLS"),
	C(irq_type_edge_rising, DT_DEFS, "DT_IRQ_TYPE_EDGE_RISING"),
	C(irq_type_level_high, DT_DEFS, "DT_IRQ_TYPE_LEVEL_HIGH"),
	C(irq_type_level_low, DT_DEFS, "DT_IRQ_TYPE_LEVEL_LOW"),
	C(psci_cpu_off, ARCH_ARM, "PSCI_cpu_off"),
	C(psci_cpu_on, ARCH_ARM, "PSCI_cpu_on"),
	C(vpl011_current_speed, LIBXL_ARM, "make_vpl011_uart_node: 115200 baud"),
	C(hypervisor_reg_slots, ARCH_ARM, "GUEST_RAM_BANKS + 1 (libxl's placeholders)"),
	C(ext_region_min_size, LIBXL_ARM, "EXT_REGION_MIN_SIZE"),
	C(ext_region_align, LIBXL_ARM, "ALIGN_UP_TO_2MB"),
	C(kernel_align_shift, XG_DOM_ARM, "meminit: ROUNDUP(vend, 21)"),
	C(modules_offset, XG_DOM_ARM, "meminit: ram128mb"),
};

const struct ag_profile_cite *ag_profile_cite(size_t field)
{
	for (size_t i = 0; i < sizeof(cites) / sizeof(cites[0]); i++)
		if (cites[i].field == field)
			return &cites[i];
	return NULL;
}

size_t ag_profile_cite_count(void)
{
	return sizeof(cites) / sizeof(cites[0]);
}

const struct ag_profile_cite *ag_profile_cite_at(size_t i)
{
	return i < ag_profile_cite_count() ? &cites[i] : NULL;
}
