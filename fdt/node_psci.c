/* SPDX-License-Identifier: MIT */
/* /psci (libxl make_psci_node). */
#include <libfdt.h>

#include "nodes.h"

int make_psci_node(void *fdt, const struct ag_fdt_input *in)
{
	static const char *const compat[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci" };
	int rc;

	rc = fdt_begin_node(fdt, "psci");
	if (rc)
		return rc;
	rc = ag_prop_compat(fdt, compat, 3);
	if (rc)
		return rc;
	rc = fdt_property_string(fdt, "method", "hvc");
	if (rc)
		return rc;
	rc = fdt_property_cell(fdt, "cpu_off", in->profile->psci_cpu_off);
	if (rc)
		return rc;
	rc = fdt_property_cell(fdt, "cpu_on", in->profile->psci_cpu_on);
	if (rc)
		return rc;
	return fdt_end_node(fdt);
}
