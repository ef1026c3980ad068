/* SPDX-License-Identifier: MIT */
/*
 * Filling the placeholders once the layout is known, in the order of
 * libxl__arch_domain_finalise_hw_description (tools/libs/light/libxl_arm.c, stable-4.17):
 * initrd addresses, hypervisor/reg (fdt_setprop: it may shrink and leave a
 * stale tail), the memory banks (a bank without RAM is NOPed), the ACPI
 * module.  Then, separately, the NOPs Linux writes over /chosen/rng-seed.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "builder.h"
#include "nodes.h"

static int finalise_initrd(void *fdt, const struct ag_layout *l,
			   struct ag_err *err)
{
	fdt64_t start = cpu_to_fdt64(l->initrd_start), end = cpu_to_fdt64(l->initrd_end);
	int chosen = fdt_path_offset(fdt, "/chosen"), rc;

	if (chosen < 0)
		return ag_fdt_fail(err, chosen, NULL, "finalise: /chosen: %s",
				fdt_strerror(chosen));
	rc = fdt_setprop_inplace(fdt, chosen, "linux,initrd-start", &start, sizeof(start));
	if (!rc)
		rc = fdt_setprop_inplace(fdt, chosen, "linux,initrd-end", &end, sizeof(end));
	if (rc)
		return ag_fdt_fail(err, rc, "ramdisk",
				"finalise: /chosen initrd placeholders: %s", fdt_strerror(rc));
	return 0;
}

static int finalise_hypervisor(void *fdt, const struct ag_fdt_input *in,
			       const struct ag_layout *l, struct ag_err *err)
{
	const struct ag_profile *p = in->profile;
	struct ag_region regs[1 + AG_MAX_EXT_REGIONS];
	int node, n, rc;
	uint32_t cells[(1 + AG_MAX_EXT_REGIONS) * 4], *c = cells;

	node = fdt_path_offset(fdt, "/hypervisor");
	if (node < 0)
		return ag_fdt_fail(err, node, NULL, "finalise: /hypervisor: %s",
				fdt_strerror(node));
	n = ag_ext_regions(p, l->bank_size, in->gpaddr_bits, regs + 1);
	if (n < 0)
		return ag_err_set(err, -n, NULL,
				"gpaddr_bits %u: the guest's address size must be 1 to 64 bits",
				in->gpaddr_bits);
	/* The grant-table window is always entry 0. */
	regs[0] = p->gnttab;
	if ((unsigned)(n + 1) > p->hypervisor_reg_slots ||
	    p->root_address_cells + p->root_size_cells > 4)
		return ag_fdt_fail(err, -FDT_ERR_INTERNAL, NULL,
				"finalise: more hypervisor regions than placeholders");
	for (int i = 0; i < n + 1; i++) {
		c = ag_put_cells(c, p->root_address_cells, regs[i].base);
		c = ag_put_cells(c, p->root_size_cells, regs[i].size);
	}
	/* Not in place: fewer entries shrink the property, as in libxl. */
	rc = fdt_setprop(fdt, node, "reg", cells, (int)((char *)c - (char *)cells));
	if (rc)
		return ag_fdt_fail(err, rc, NULL, "finalise: /hypervisor reg: %s",
				fdt_strerror(rc));
	return 0;
}

/* libxl finalise_one_node: fill reg, or NOP the whole node when size is 0. */
static int finalise_one_node(void *fdt, const struct ag_profile *p,
			     const char *uname, uint64_t base, uint64_t size,
			     struct ag_err *err)
{
	char path[AG_NODE_NAME_MAX];
	uint32_t cells[4];
	int node, rc;

	snprintf(path, sizeof(path), "%s@%llx", uname, (unsigned long long)base);
	node = fdt_path_offset(fdt, path);
	if (node < 0)
		return ag_fdt_fail(err, node, NULL, "finalise: %s: %s", path,
				fdt_strerror(node));
	if (size == 0) {
		rc = fdt_nop_node(fdt, node);
	} else {
		uint32_t *c = ag_put_cells(cells, p->root_address_cells, base);

		c = ag_put_cells(c, p->root_size_cells, size);
		rc = fdt_setprop_inplace(fdt, node, "reg", cells,
					 (int)((char *)c - (char *)cells));
	}
	if (rc)
		return ag_fdt_fail(err, rc, NULL, "finalise: %s: %s", path, fdt_strerror(rc));
	return 0;
}

int ag_fdt_finalise(void *blob, const struct ag_fdt_input *in,
		    const struct ag_layout *layout, struct ag_err *err)
{
	const struct ag_profile *p = in->profile;
	int rc;

	memset(err, 0, sizeof(*err));
	rc = fdt_check_header(blob);
	if (rc)
		return ag_fdt_fail(err, rc, NULL, "finalise: %s", fdt_strerror(rc));
	if (layout->has_ramdisk) {
		rc = finalise_initrd(blob, layout, err);
		if (rc)
			return rc;
	}
	rc = finalise_hypervisor(blob, in, layout, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < sizeof(p->ram_bank) / sizeof(p->ram_bank[0]); i++) {
		rc = finalise_one_node(blob, p, "/memory", p->ram_bank[i].base,
				       layout->bank_size[i], err);
		if (rc)
			return rc;
	}
	if (in->guest->acpi) {
		rc = finalise_one_node(blob, p, "/chosen/module", p->acpi.base,
				       in->acpi_size, err);
		if (rc)
			return rc;
	}
	return 0;
}

int ag_fdt_nop_rng_seed(void *blob)
{
	int chosen = fdt_path_offset(blob, "/chosen"), rc;

	rc = chosen < 0 ? chosen : fdt_nop_property(blob, chosen, "rng-seed");
	if (rc == -FDT_ERR_NOTFOUND)
		return -ENOENT;
	return rc ? -EINVAL : 0;
}
