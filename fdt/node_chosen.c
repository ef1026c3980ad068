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
	rc = fdt_begin_node(fdt, name);
	if (rc)
		return rc;
	rc = ag_prop_compat(fdt, compat, 2);
	if (rc)
		return rc;
	rc = ag_prop_reg_placeholder(fdt, in->profile, 1);
	if (rc)
		return rc;
	return fdt_end_node(fdt);
}

int make_chosen_node(void *fdt, const struct ag_fdt_input *in)
{
	const struct ag_guest *g = in->guest;
	const uint64_t placeholder = 0;
	int rc;

	rc = fdt_begin_node(fdt, "chosen");
	if (rc)
		return rc;

	/* NULL = no command line at all; "" still gives a 1-byte bootargs. */
	if (g->cmdline) {
		rc = fdt_property_string(fdt, "bootargs", g->cmdline);
		if (rc)
			return rc;
	}

	/* Placeholders of final size; finalise writes the addresses in place. */
	if (g->ramdisk && g->ramdisk[0]) {
		rc = fdt_property(fdt, "linux,initrd-start", &placeholder,
				  sizeof(placeholder));
		if (rc)
			return rc;
		rc = fdt_property(fdt, "linux,initrd-end", &placeholder,
				  sizeof(placeholder));
		if (rc)
			return rc;
	}

	if (g->acpi) {
		rc = make_acpi_module(fdt, in);
		if (rc)
			return rc;
	}

	/*
	 * libxl writes the seed last, after the ACPI module subnode when there
	 * is one (a property after a subnode; libfdt's writer allows it).
	 */
	if (in->rng_seed) {
		rc = fdt_property(fdt, "rng-seed", in->rng_seed, AG_RNG_SEED_SIZE);
		if (rc)
			return rc;
	}
	return fdt_end_node(fdt);
}
