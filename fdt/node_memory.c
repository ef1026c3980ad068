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
		char name[AG_NODE_NAME_MAX + 1];
		const size_t bank = i ? FIELD(ram_bank[1]) : FIELD(ram_bank[0]);

		snprintf(name, sizeof(name), "/memory@%llx",
			 (unsigned long long)p->ram_bank[i].base);
		rc = fdt_begin_node(fdt, name + 1);
		rc = rc ? rc : fdt_property_string(fdt, "device_type", "memory");
		rc = rc ? rc : ag_prop_reg_placeholder(fdt, p, 1);
		rc = rc ? rc : fdt_end_node(fdt);
		WHY(in, name, NULL, .kind = AG_WHY_PROFILE, .fields = { bank },
		    .rule = "one node per RAM bank; finalise removes (NOPs) a bank without RAM");
		WHY(in, name, "device_type", .kind = AG_WHY_RULE, .rule = "\"memory\"");
		WHY(in, name, "reg", .kind = AG_WHY_LAYOUT, .keys = { RAM_KEY(in->guest), VIDEORAM_KEY(in->guest) },
		    .fields = { bank }, .inputs = AG_WHY_IN_RAM,
		    .rule = "the bank's base and the RAM placed in it (maxmem - videoram, bank 0 first)");
	}
	return rc;
}
