/* SPDX-License-Identifier: MIT */
/* /chosen (libxl make_chosen_node) and its ACPI module subnode. */
#include <libfdt.h>
#include <stdio.h>

#include "nodes.h"

int make_acpi_module(void *fdt, const struct ag_fdt_input *in)
{
	static const char *const compat[] = { "xen,guest-acpi", "multiboot,module" };
	char name[AG_NODE_NAME_MAX];
	int rc;

	snprintf(name, sizeof(name), "module@%llx",
		 (unsigned long long)in->profile->acpi.base);
	rc = ag_node_begin(fdt, name, compat, 2);
	rc = rc ? rc : ag_prop_reg_placeholder(fdt, in->profile, 1);
	return rc ? rc : fdt_end_node(fdt);
}

int make_chosen_node(void *fdt, const struct ag_fdt_input *in)
{
	const struct ag_guest *g = in->guest;
	const uint64_t placeholder = 0;
	int rc = ag_node_begin(fdt, "chosen", NULL, 0);

	/* NULL = no command line at all; "" still gives a 1-byte bootargs. */
	if (!rc && g->cmdline)
		rc = fdt_property_string(fdt, "bootargs", g->cmdline);
	/* Placeholders of final size; finalise writes the addresses in place. */
	if (!rc && g->ramdisk && g->ramdisk[0]) {
		rc = fdt_property(fdt, "linux,initrd-start", &placeholder, sizeof(placeholder));
		rc = rc ? rc : fdt_property(fdt, "linux,initrd-end", &placeholder,
					    sizeof(placeholder));
	}
	if (!rc && g->acpi)
		rc = make_acpi_module(fdt, in);
	/*
	 * libxl writes the seed last, after the ACPI module subnode when there
	 * is one (a property after a subnode; libfdt's writer allows it).
	 */
	if (!rc && in->rng_seed)
		rc = fdt_property(fdt, "rng-seed", in->rng_seed, AG_RNG_SEED_SIZE);
	return rc ? rc : fdt_end_node(fdt);
}
