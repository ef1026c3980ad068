/* SPDX-License-Identifier: MIT */
/* The root node's properties (libxl make_root_properties). */
#include <libfdt.h>
#include <stdio.h>

#include "nodes.h"

int make_root_properties(void *fdt, const struct ag_fdt_input *in)
{
	const struct ag_profile *p = in->profile;
	const struct ag_cell_prop cells[] = {
		{ "interrupt-parent", p->phandle_gic },
		{ "#address-cells", p->root_address_cells },
		{ "#size-cells", p->root_size_cells },
	};
	char model[32], compat0[32];
	const char *compat[] = { compat0, "xen,xenvm" };
	int rc;

	/* The version is the running hypervisor's, printed as libxl does. */
	snprintf(model, sizeof(model), "XENVM-%u.%u", in->xen_major, in->xen_minor);
	snprintf(compat0, sizeof(compat0), "xen,xenvm-%u.%u", in->xen_major,
		 in->xen_minor);
	rc = fdt_property_string(fdt, "model", model);
	rc = rc ? rc : ag_prop_compat(fdt, compat, 2);
	rc = rc ? rc : ag_prop_cells(fdt, cells, 3);
	WHY(in, "/", NULL, .kind = AG_WHY_RULE, .rule = "every tree has a root");
	WHY(in, "/", "model", .kind = AG_WHY_PROFILE,
	    .fields = { FIELD(xen_major), FIELD(xen_minor) },
	    .rule = "\"XENVM-\" and the Xen version, as libxl formats the running Xen's");
	WHY(in, "/", "compatible", .kind = AG_WHY_PROFILE,
	    .fields = { FIELD(xen_major), FIELD(xen_minor) },
	    .rule = "\"xen,xenvm-\" and the Xen version, then \"xen,xenvm\"");
	WHY(in, "/", "interrupt-parent", .kind = AG_WHY_PROFILE, .fields = { FIELD(phandle_gic) });
	WHY(in, "/", "#address-cells", .kind = AG_WHY_PROFILE,
	    .fields = { FIELD(root_address_cells) });
	WHY(in, "/", "#size-cells", .kind = AG_WHY_PROFILE, .fields = { FIELD(root_size_cells) });
	return rc;
}
