/* SPDX-License-Identifier: MIT */
/* /memory@<bank base>, one per RAM bank (libxl make_memory_nodes). */
#include <libfdt.h>
#include <stdio.h>

#include "nodes.h"

int make_memory_nodes(void *fdt, const struct ag_fdt_input *in)
{
	const struct ag_profile *p = in->profile;
	int rc = 0;

	/*
	 * Both banks always get a node with a placeholder reg; finalise fills
	 * the banks holding RAM and NOPs the others.
	 */
	for (size_t i = 0; i < sizeof(p->ram_bank) / sizeof(p->ram_bank[0]) && !rc; i++) {
		char name[AG_NODE_NAME_MAX];

		snprintf(name, sizeof(name), "memory@%llx",
			 (unsigned long long)p->ram_bank[i].base);
		rc = fdt_begin_node(fdt, name);
		rc = rc ? rc : fdt_property_string(fdt, "device_type", "memory");
		rc = rc ? rc : ag_prop_reg_placeholder(fdt, p, 1);
		rc = rc ? rc : fdt_end_node(fdt);
	}
	return rc;
}
