/* SPDX-License-Identifier: MIT */
/*
 * The virtio-mmio devices of `specification=virtio' disks
 * (tools/libs/light/libxl_arm.c: libxl__prepare_dtb, make_virtio_mmio_node,
 * make_xen_iommu_node, stable-4.17): one virtio@<base> per disk in list
 * order, each 0x200 bytes on from the last and on the next SPI
 * (libxl__arch_domain_prepare_config allocates them the same way), and,
 * before the first disk whose back end is not dom0, the xen_iommu node its
 * "iommus" property points at (grant DMA: the back end maps the guest's
 * pages through grants).  Xen 4.20 moves xen_iommu after all the virtio
 * nodes (docs/dt/README.md); this is 4.17's order.
 */
#include <libfdt.h>
#include <stdio.h>

#include "nodes.h"

static int make_xen_iommu_node(void *fdt, const struct ag_profile *p)
{
	static const char *const compat[] = { "xen,grant-dma" };
	const struct ag_cell_prop cells[] = {
		{ "#iommu-cells", 1 },
		{ "phandle", p->phandle_iommu },
	};
	int rc = ag_node_begin(fdt, "xen_iommu", compat, 1);

	rc = rc ? rc : ag_prop_cells(fdt, cells, 2);
	return rc ? rc : fdt_end_node(fdt);
}

static int make_virtio_mmio_node(void *fdt, const struct ag_profile *p, uint64_t base,
				 unsigned spi, uint32_t backend)
{
	static const char *const compat[] = { "virtio,mmio" };
	const struct ag_region reg = { base, p->virtio_mmio_slot };
	char name[AG_NODE_NAME_MAX];
	uint32_t irq[1][3];
	int rc;

	if (ag_profile_irq_cells(p, spi, p->irq_type_edge_rising, irq[0]))
		return -FDT_ERR_INTERNAL;
	snprintf(name, sizeof(name), "virtio@%llx", (unsigned long long)base);
	rc = ag_node_begin(fdt, name, compat, 1);
	rc = rc ? rc : ag_prop_regs(fdt, p, &reg, 1);
	rc = rc ? rc : ag_prop_interrupts(fdt, p, (const uint32_t (*)[3])irq, 1);
	rc = rc ? rc : fdt_property(fdt, "dma-coherent", NULL, 0);
	if (!rc && backend != 0) {
		const fdt32_t iommus[2] = { cpu_to_fdt32(p->phandle_iommu), cpu_to_fdt32(backend) };

		rc = fdt_property(fdt, "iommus", iommus, sizeof(iommus));
	}
	return rc ? rc : fdt_end_node(fdt);
}

int make_virtio_nodes(void *fdt, const struct ag_fdt_input *in)
{
	const struct ag_profile *p = in->profile;
	const struct ag_guest *g = in->guest;
	bool iommu_made = false;
	int rc = 0;

	for (size_t i = 0; i < g->n_virtio_disks && !rc; i++) {
		uint64_t base = p->virtio_mmio.base + i * p->virtio_mmio_slot;
		unsigned spi = p->spi_virtio_first + (unsigned)i;

		/* Validation keeps to the SPIs; the MMIO window holds 2048 slots. */
		if (spi > p->spi_virtio_last ||
		    base + p->virtio_mmio_slot > p->virtio_mmio.base + p->virtio_mmio.size)
			return -FDT_ERR_INTERNAL;
		if (g->virtio_disk_backends[i] != 0 && !iommu_made) {
			rc = make_xen_iommu_node(fdt, p);
			iommu_made = true;
		}
		rc = rc ? rc : make_virtio_mmio_node(fdt, p, base, spi, g->virtio_disk_backends[i]);
	}
	return rc;
}
