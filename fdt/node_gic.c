/* SPDX-License-Identifier: MIT */
/* The vGIC: /interrupt-controller@<GICD base> (libxl make_gicv2_node, make_gicv3_node). */
#include <libfdt.h>
#include <stdio.h>

#include "nodes.h"

/* The part both versions share; only the compatibles and frames differ. */
static int make_gic_node(void *fdt, const struct ag_profile *p,
			 const char *const *compat, size_t n_compat,
			 const struct ag_region frames[2])
{
	const struct ag_cell_prop cells[] = { { "#interrupt-cells", 3 }, { "#address-cells", 0 } };
	const struct ag_cell_prop phandles[] = {
		{ "linux,phandle", p->phandle_gic },
		{ "phandle", p->phandle_gic },
	};
	char name[AG_NODE_NAME_MAX];
	int rc;

	snprintf(name, sizeof(name), "interrupt-controller@%llx",
		 (unsigned long long)frames[0].base);
	rc = ag_node_begin(fdt, name, compat, n_compat);
	rc = rc ? rc : ag_prop_cells(fdt, cells, 2);
	rc = rc ? rc : fdt_property(fdt, "interrupt-controller", NULL, 0);
	rc = rc ? rc : ag_prop_regs(fdt, p, frames, 2);
	rc = rc ? rc : ag_prop_cells(fdt, phandles, 2);
	return rc ? rc : fdt_end_node(fdt);
}

int make_gicv2_node(void *fdt, const struct ag_fdt_input *in)
{
	static const char *const compat[] = { "arm,cortex-a15-gic", "arm,cortex-a9-gic" };
	const struct ag_profile *p = in->profile;
	const struct ag_region frames[2] = { p->gicv2_dist, p->gicv2_cpu };

	return make_gic_node(fdt, p, compat, 2, frames);
}

int make_gicv3_node(void *fdt, const struct ag_fdt_input *in)
{
	static const char *const compat[] = { "arm,gic-v3" };
	const struct ag_profile *p = in->profile;
	/* One redistributor region sized for the maximum vCPUs, whatever max_vcpus is. */
	const struct ag_region frames[2] = { p->gicv3_dist, p->gicv3_redist };

	return make_gic_node(fdt, p, compat, 1, frames);
}
