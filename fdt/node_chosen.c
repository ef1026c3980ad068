/* SPDX-License-Identifier: MIT */
/* /chosen (libxl make_chosen_node) and its ACPI module subnode. */
#include <libfdt.h>
#include <stdio.h>

#include "nodes.h"

int make_acpi_module(void *fdt, const struct ag_fdt_input *in)
{
	static const char *const compat[] = { "xen,guest-acpi", "multiboot,module" };
	char name[AG_NODE_NAME_MAX], path[AG_NODE_NAME_MAX + 8];
	int rc;

	snprintf(name, sizeof(name), "module@%llx",
		 (unsigned long long)in->profile->acpi.base);
	rc = ag_node_begin(fdt, name, compat, 2);
	rc = rc ? rc : ag_prop_reg_placeholder(fdt, in->profile, 1);
	snprintf(path, sizeof(path), "/chosen/%s", name);
	WHY(in, path, NULL, .kind = AG_WHY_KEY, .keys = { "acpi" },
	    .rule = "the ACPI tables libxl builds, as a boot module");
	WHY(in, path, "compatible", .kind = AG_WHY_RULE,
	    .rule = "libxl's ACPI module: \"xen,guest-acpi\", \"multiboot,module\"");
	WHY(in, path, "reg", .kind = AG_WHY_LAYOUT, .fields = { FIELD(acpi) },
	    .inputs = AG_WHY_IN_ACPI,
	    .rule = "the profile's ACPI base; the tables' length (one GICC per vCPU, the vGIC)");
	return rc ? rc : fdt_end_node(fdt);
}

int make_chosen_node(void *fdt, const struct ag_fdt_input *in)
{
	const struct ag_guest *g = in->guest;
	const uint64_t placeholder = 0;
	int rc = ag_node_begin(fdt, "chosen", NULL, 0);

	WHY(in, "/chosen", NULL, .kind = AG_WHY_RULE, .rule = "libxl always writes /chosen");
	/* NULL = no command line at all; "" still gives a 1-byte bootargs. */
	if (!rc && g->cmdline) {
		rc = fdt_property_string(fdt, "bootargs", g->cmdline);
		WHY(in, "/chosen", "bootargs", .kind = AG_WHY_KEY,
		    .keys = { g->cmdline_from[0], g->cmdline_from[1] },
		    .rule = g->cmdline_from[1] ? "composed as xl does: \"root=ROOT EXTRA\""
					       : "as xl composes it: cmdline, else root= and extra");
	}
	/* Placeholders of final size; finalise writes the addresses in place. */
	if (!rc && g->ramdisk && g->ramdisk[0]) {
		rc = fdt_property(fdt, "linux,initrd-start", &placeholder, sizeof(placeholder));
		rc = rc ? rc : fdt_property(fdt, "linux,initrd-end", &placeholder,
					    sizeof(placeholder));
		WHY(in, "/chosen", "linux,initrd-start", .kind = AG_WHY_LAYOUT,
		    .keys = { "ramdisk", "kernel" }, .fields = { FIELD(modules_offset) },
		    .inputs = AG_WHY_IN_RAM | AG_WHY_IN_KERNEL | AG_WHY_IN_RAMDISK,
		    .rule = "where libxenguest loads the ramdisk: after the kernel, or 128 MiB into RAM");
		WHY(in, "/chosen", "linux,initrd-end", .kind = AG_WHY_LAYOUT,
		    .keys = { "ramdisk" }, .inputs = AG_WHY_IN_RAMDISK,
		    .rule = "the ramdisk's start plus its size, page-rounded");
	}
	if (!rc && g->acpi)
		rc = make_acpi_module(fdt, in);
	/*
	 * libxl writes the seed last, after the ACPI module subnode when there
	 * is one (a property after a subnode; libfdt's writer allows it).
	 */
	if (!rc && in->rng_seed) {
		rc = fdt_property(fdt, "rng-seed", in->rng_seed, AG_RNG_SEED_SIZE);
		WHY(in, "/chosen", "rng-seed", .kind = AG_WHY_RULE,
		    .rule = "128 random bytes libxl writes for every guest; the guest's Linux "
			    "NOPs them at boot (dtb's default --rng-seed nop)");
	}
	return rc ? rc : fdt_end_node(fdt);
}
