/* SPDX-License-Identifier: MIT */
/* /firmware/optee, tee = "optee" (libxl make_optee_node). */
#include <libfdt.h>

#include "nodes.h"

int make_optee_node(void *fdt, const struct ag_fdt_input *in)
{
	static const char *const compat[] = { "linaro,optee-tz" };
	int rc;

	(void)in;
	rc = fdt_begin_node(fdt, "firmware");
	if (rc)
		return rc;
	rc = fdt_begin_node(fdt, "optee");
	if (rc)
		return rc;
	rc = ag_prop_compat(fdt, compat, 1);
	if (rc)
		return rc;
	rc = fdt_property_string(fdt, "method", "hvc");
	if (rc)
		return rc;
	rc = fdt_end_node(fdt);
	if (rc)
		return rc;
	return fdt_end_node(fdt);
}
