/* SPDX-License-Identifier: MIT */
/* The vGIC: /interrupt-controller@<GICD base> (libxl make_gicv2_node, make_gicv3_node). */
#include <libfdt.h>
#include <stdio.h>

#include "nodes.h"

/* The part both versions share; only the compatibles and frames differ. */
static int make_gic_node(void *fdt, const struct ag_fdt_input *in,
			 const char *const *compat, size_t n_compat,
			 const struct ag_region frames[2], const size_t frame_fields[2])
{
	const struct ag_profile *p = in->profile;
	const struct ag_cell_prop cells[] = { { "#interrupt-cells", 3 }, { "#address-cells", 0 } };
	const struct ag_cell_prop phandles[] = {
		{ "linux,phandle", p->phandle_gic },
		{ "phandle", p->phandle_gic },
	};
	char name[AG_NODE_NAME_MAX + 1];
	int rc;

	snprintf(name, sizeof(name), "/interrupt-controller@%llx",
		 (unsigned long long)frames[0].base);
	rc = ag_node_begin(fdt, name + 1, compat, n_compat);
	rc = rc ? rc : ag_prop_cells(fdt, cells, 2);
	rc = rc ? rc : fdt_property(fdt, "interrupt-controller", NULL, 0);
	rc = rc ? rc : ag_prop_regs(fdt, p, frames, 2);
	rc = rc ? rc : ag_prop_cells(fdt, phandles, 2);
	/* The config's gic_version, else the host's GIC (dtb --gic, create: Xen's answer). */
	if (in->guest->gic != AG_GIC_DEFAULT)
		WHY(in, name, NULL, .kind = AG_WHY_KEY, .keys = { "gic_version" },
		    .fields = { frame_fields[0] }, .rule = "the vGIC the config asks for");
	else
		WHY(in, name, NULL, .kind = AG_WHY_HOST, .fields = { frame_fields[0] },
		    .rule = "the host's GIC (dtb --gic; create: the vGIC Xen gives)");
	WHY(in, name, "compatible", .kind = AG_WHY_RULE,
	    .rule = n_compat == 1 ? "libxl's GICv3 compatible" : "libxl's GICv2 compatibles");
	WHY(in, name, "#interrupt-cells", .kind = AG_WHY_RULE, .rule = "3 cells: the GIC binding");
	WHY(in, name, "#address-cells", .kind = AG_WHY_RULE, .rule = "no child buses");
	WHY(in, name, "interrupt-controller", .kind = AG_WHY_RULE, .rule = "the GIC binding");
	WHY(in, name, "reg", .kind = AG_WHY_PROFILE,
	    .fields = { frame_fields[0], frame_fields[1], FIELD(root_address_cells),
			FIELD(root_size_cells) });
	WHY(in, name, "linux,phandle", .kind = AG_WHY_PROFILE, .fields = { FIELD(phandle_gic) });
	WHY(in, name, "phandle", .kind = AG_WHY_PROFILE, .fields = { FIELD(phandle_gic) });
	return rc ? rc : fdt_end_node(fdt);
}

int make_gicv2_node(void *fdt, const struct ag_fdt_input *in)
{
	static const char *const compat[] = { "arm,cortex-a15-gic", "arm,cortex-a9-gic" };
	const struct ag_profile *p = in->profile;
	const struct ag_region frames[2] = { p->gicv2_dist, p->gicv2_cpu };
	const size_t fields[2] = { FIELD(gicv2_dist), FIELD(gicv2_cpu) };

	return make_gic_node(fdt, in, compat, 2, frames, fields);
}

int make_gicv3_node(void *fdt, const struct ag_fdt_input *in)
{
	static const char *const compat[] = { "arm,gic-v3" };
	const struct ag_profile *p = in->profile;
	/* One redistributor region sized for the maximum vCPUs, whatever max_vcpus is. */
	const struct ag_region frames[2] = { p->gicv3_dist, p->gicv3_redist };
	const size_t fields[2] = { FIELD(gicv3_dist), FIELD(gicv3_redist) };

	return make_gic_node(fdt, in, compat, 1, frames, fields);
}
