/* SPDX-License-Identifier: MIT */
/* /psci (libxl make_psci_node). */
#include <libfdt.h>

#include "nodes.h"

int make_psci_node(void *fdt, const struct ag_fdt_input *in)
{
	static const char *const compat[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci" };
	const struct ag_cell_prop fns[] = {
		{ "cpu_off", in->profile->psci_cpu_off },
		{ "cpu_on", in->profile->psci_cpu_on },
	};
	int rc = ag_node_begin(fdt, "psci", compat, 3);

	rc = rc ? rc : fdt_property_string(fdt, "method", "hvc");
	rc = rc ? rc : ag_prop_cells(fdt, fns, 2);
	WHY(in, "/psci", NULL, .kind = AG_WHY_RULE, .rule = "libxl always writes /psci");
	WHY(in, "/psci", "compatible", .kind = AG_WHY_RULE,
	    .rule = "the PSCI versions Xen implements for guests (1.0, 0.2, the original)");
	WHY(in, "/psci", "method", .kind = AG_WHY_RULE, .rule = "guests call Xen's PSCI with hvc");
	WHY(in, "/psci", "cpu_off", .kind = AG_WHY_PROFILE, .fields = { FIELD(psci_cpu_off) });
	WHY(in, "/psci", "cpu_on", .kind = AG_WHY_PROFILE, .fields = { FIELD(psci_cpu_on) });
	return rc ? rc : fdt_end_node(fdt);
}
