/* SPDX-License-Identifier: MIT */
/* /firmware/optee, tee = "optee" (libxl make_optee_node). */
#include <libfdt.h>

#include "nodes.h"

int make_optee_node(void *fdt, const struct ag_fdt_input *in)
{
	static const char *const compat[] = { "linaro,optee-tz" };
	int rc = ag_node_begin(fdt, "firmware", NULL, 0);

	(void)in;
	rc = rc ? rc : ag_node_begin(fdt, "optee", compat, 1);
	rc = rc ? rc : fdt_property_string(fdt, "method", "hvc");
	rc = rc ? rc : fdt_end_node(fdt);
	return rc ? rc : fdt_end_node(fdt);
}
