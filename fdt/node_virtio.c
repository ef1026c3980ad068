/* SPDX-License-Identifier: MIT */
/*
 * The virtio-mmio devices (tools/libs/light/libxl_arm.c: libxl__prepare_dtb,
 * make_virtio_mmio_node, make_virtio_mmio_node_device, make_xen_iommu_node,
 * stable-4.17 and stable-4.20): one virtio@<base> per device in slot order
 * (the `specification=virtio' disks, then the `virtio' list's mmio entries:
 * validate_virtio.c), each 0x200 bytes on from the last and on the next SPI.
 * A `virtio' device of type "virtio,device22" (I2C) or "virtio,device29"
 * (GPIO) gets a child node its Linux driver binds to.  A device whose back
 * end maps the guest's pages through grants points `iommus' at xen_iommu.
 * Where xen_iommu goes is the release's: 4.17 writes it just before the
 * first disk whose back end is not dom0, 4.18 and later once, after all the
 * virtio nodes (profile->virtio_iommu_last).
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "nodes.h"

/* libxl_internal.h VIRTIO_DEVICE_TYPE_I2C, VIRTIO_DEVICE_TYPE_GPIO (stable-4.20). */
#define VIRTIO_TYPE_I2C "virtio,device22"
#define VIRTIO_TYPE_GPIO "virtio,device29"

static int make_xen_iommu_node(void *fdt, const struct ag_fdt_input *in)
{
	const struct ag_profile *p = in->profile;
	static const char *const compat[] = { "xen,grant-dma" };
	const struct ag_cell_prop cells[] = {
		{ "#iommu-cells", 1 },
		{ "phandle", p->phandle_iommu },
	};
	int rc = ag_node_begin(fdt, "xen_iommu", compat, 1);

	rc = rc ? rc : ag_prop_cells(fdt, cells, 2);
	WHY(in, "/xen_iommu", NULL, .kind = AG_WHY_KEY, .keys = { "disk", "virtio" },
	    .rule = p->virtio_iommu_last ? "a virtio device whose back end maps through grants; "
					   "once, after the virtio nodes"
					 : "a virtio disk not served by dom0; before the first one");
	WHY(in, "/xen_iommu", "compatible", .kind = AG_WHY_RULE, .rule = "\"xen,grant-dma\"");
	WHY(in, "/xen_iommu", "#iommu-cells", .kind = AG_WHY_RULE,
	    .rule = "one cell: the back end's domid");
	WHY(in, "/xen_iommu", "phandle", .kind = AG_WHY_PROFILE, .fields = { FIELD(phandle_iommu) });
	return rc ? rc : fdt_end_node(fdt);
}

/* The child node a `virtio' entry's type gets, and its compatible: the type. */
static void why_virtio_child(const struct ag_fdt_input *in, char *path, size_t size,
			     const char *parent, const char *child, const char *rule)
{
	snprintf(path, size, "%s/%s", parent, child);
	WHY(in, path, NULL, .kind = AG_WHY_KEY, .keys = { "virtio" }, .rule = rule);
	WHY(in, path, "compatible", .kind = AG_WHY_KEY, .keys = { "virtio" },
	    .rule = "the device's type");
}

/* Documentation/devicetree/bindings/i2c/i2c-virtio.yaml (Linux) */
static int make_virtio_i2c_node(void *fdt, const struct ag_fdt_input *in, const char *parent)
{
	static const char *const compat[] = { VIRTIO_TYPE_I2C };
	int rc = ag_node_begin(fdt, "i2c", compat, 1);
	char path[2 * AG_NODE_NAME_MAX];

	why_virtio_child(in, path, sizeof(path), parent, "i2c",
			 "type \"virtio,device22\": the child Linux's virtio-i2c binds to");
	return rc ? rc : fdt_end_node(fdt);
}

/* Documentation/devicetree/bindings/gpio/gpio-virtio.yaml (Linux) */
static int make_virtio_gpio_node(void *fdt, const struct ag_fdt_input *in, const char *parent)
{
	static const char *const compat[] = { VIRTIO_TYPE_GPIO };
	static const char *const binding[] = {
		"gpio-controller", "#gpio-cells", "interrupt-controller", "#interrupt-cells",
	};
	int rc = ag_node_begin(fdt, "gpio", compat, 1);
	char path[2 * AG_NODE_NAME_MAX];

	why_virtio_child(in, path, sizeof(path), parent, "gpio",
			 "type \"virtio,device29\": the child Linux's virtio-gpio binds to");
	for (size_t i = 0; i < sizeof(binding) / sizeof(binding[0]); i++)
		WHY(in, path, binding[i], .kind = AG_WHY_RULE,
		    .rule = "libxl's virtio-gpio node (Linux's gpio-virtio binding)");

	rc = rc ? rc : fdt_property(fdt, "gpio-controller", NULL, 0);
	rc = rc ? rc : fdt_property_cell(fdt, "#gpio-cells", 2);
	rc = rc ? rc : fdt_property(fdt, "interrupt-controller", NULL, 0);
	rc = rc ? rc : fdt_property_cell(fdt, "#interrupt-cells", 2);
	return rc ? rc : fdt_end_node(fdt);
}

static int make_virtio_mmio_node(void *fdt, const struct ag_fdt_input *in, uint64_t base,
				 unsigned spi, const struct ag_virtio *v)
{
	static const char *const compat[] = { "virtio,mmio" };
	const struct ag_profile *p = in->profile;
	const struct ag_region reg = { base, p->virtio_mmio_slot };
	const char *key = v->type ? "virtio" : "disk";
	char name[AG_NODE_NAME_MAX + 1];
	uint32_t irq[1][3];
	int rc;

	if (ag_profile_irq_cells(p, spi, p->irq_type_edge_rising, irq[0]))
		return -FDT_ERR_INTERNAL;
	snprintf(name, sizeof(name), "/virtio@%llx", (unsigned long long)base);
	rc = ag_node_begin(fdt, name + 1, compat, 1);
	rc = rc ? rc : ag_prop_regs(fdt, p, &reg, 1);
	rc = rc ? rc : ag_prop_interrupts(fdt, p, (const uint32_t (*)[3])irq, 1);
	rc = rc ? rc : fdt_property(fdt, "dma-coherent", NULL, 0);
	WHY(in, name, NULL, .kind = AG_WHY_KEY, .keys = { key },
	    .rule = v->type ? "a `virtio' entry with transport=mmio"
			    : "a disk with specification=virtio");
	WHY(in, name, "compatible", .kind = AG_WHY_RULE, .rule = "\"virtio,mmio\"");
	WHY(in, name, "reg", .kind = AG_WHY_PROFILE,
	    .fields = { FIELD(virtio_mmio), FIELD(virtio_mmio_slot) }, .keys = { key },
	    .rule = "the next 0x200-byte slot of the virtio-mmio window, in device order");
	WHY_INTERRUPTS(in, name, "the next virtio SPI, edge-rising, in device order",
		       FIELD(spi_virtio_first), FIELD(irq_type_edge_rising));
	WHY(in, name, "dma-coherent", .kind = AG_WHY_RULE, .rule = "libxl marks every virtio device so");
	if (!rc && v->grant_usage) {
		const fdt32_t iommus[2] = { cpu_to_fdt32(p->phandle_iommu), cpu_to_fdt32(v->backend) };

		rc = fdt_property(fdt, "iommus", iommus, sizeof(iommus));
		WHY(in, name, "iommus", .kind = AG_WHY_KEY, .keys = { key },
		    .fields = { FIELD(phandle_iommu) },
		    .rule = "the back end maps the guest's pages through grants: xen_iommu and "
			    "the back end's domid (backend=)");
	}
	/* Validation accepted only "virtio,device<N>" types; other N get no child. */
	if (!rc && v->type && !strcmp(v->type, VIRTIO_TYPE_I2C))
		rc = make_virtio_i2c_node(fdt, in, name);
	else if (!rc && v->type && !strcmp(v->type, VIRTIO_TYPE_GPIO))
		rc = make_virtio_gpio_node(fdt, in, name);
	return rc ? rc : fdt_end_node(fdt);
}

int make_virtio_nodes(void *fdt, const struct ag_fdt_input *in)
{
	const struct ag_profile *p = in->profile;
	const struct ag_guest *g = in->guest;
	bool iommu_needed = false;
	int rc = 0;

	for (size_t i = 0; i < g->n_virtio && !rc; i++) {
		const struct ag_virtio *v = &g->virtio[i];
		uint64_t base = p->virtio_mmio.base + i * p->virtio_mmio_slot;
		unsigned spi = p->spi_virtio_first + (unsigned)i;

		/* Validation keeps to the SPIs; the MMIO window holds 2048 slots. */
		if (spi > p->spi_virtio_last ||
		    base + p->virtio_mmio_slot > p->virtio_mmio.base + p->virtio_mmio.size)
			return -FDT_ERR_INTERNAL;
		/* 4.17 knew only disks, and gave them grants exactly when not served by dom0. */
		if (!p->virtio_iommu_last && v->grant_usage && !iommu_needed)
			rc = make_xen_iommu_node(fdt, in);
		iommu_needed = iommu_needed || v->grant_usage;
		rc = rc ? rc : make_virtio_mmio_node(fdt, in, base, spi, v);
	}
	if (!rc && p->virtio_iommu_last && iommu_needed)
		rc = make_xen_iommu_node(fdt, in);
	return rc;
}
