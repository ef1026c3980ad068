/* SPDX-License-Identifier: MIT */
/* /firmware/optee, tee = "optee" (libxl make_optee_node). */
#include <libfdt.h>

#include "nodes.h"

int make_optee_node(void *fdt, const struct ag_fdt_input *in)
{
	static const char *const compat[] = { "linaro,optee-tz" };
	int rc = ag_node_begin(fdt, "firmware", NULL, 0);

	rc = rc ? rc : ag_node_begin(fdt, "optee", compat, 1);
	rc = rc ? rc : fdt_property_string(fdt, "method", "hvc");
	WHY(in, "/firmware", NULL, .kind = AG_WHY_KEY, .keys = { "tee" },
	    .rule = "tee = \"optee\": the firmware node holding OP-TEE");
	WHY(in, "/firmware/optee", NULL, .kind = AG_WHY_KEY, .keys = { "tee" },
	    .rule = "tee = \"optee\": Xen mediates OP-TEE calls");
	WHY(in, "/firmware/optee", "compatible", .kind = AG_WHY_RULE, .rule = "\"linaro,optee-tz\"");
	WHY(in, "/firmware/optee", "method", .kind = AG_WHY_RULE,
	    .rule = "OP-TEE is called with hvc through Xen");
	rc = rc ? rc : fdt_end_node(fdt);
	return rc ? rc : fdt_end_node(fdt);
}
