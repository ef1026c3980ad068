/* SPDX-License-Identifier: MIT */
/* /cpus: one cpu@MPIDR per possible vCPU (libxl make_cpus_node). */
#include <libfdt.h>
#include <stdio.h>

#include "nodes.h"

/* libxl_arm.c arch_info: cpu_compat per guest type. */
#define CPU_COMPAT_ARM64 "arm,armv8"
#define CPU_COMPAT_ARM32 "arm,cortex-a15"

static int make_cpu_node(void *fdt, const struct ag_fdt_input *in, unsigned vcpu)
{
	const char *compat = in->kernel_arm32 ? CPU_COMPAT_ARM32 : CPU_COMPAT_ARM64;
	uint32_t mpidr = ag_vcpu_mpidr(vcpu);
	char name[AG_NODE_NAME_MAX];
	int rc;

	snprintf(name, sizeof(name), "cpu@%x", mpidr);
	rc = fdt_begin_node(fdt, name);
	rc = rc ? rc : fdt_property_string(fdt, "device_type", "cpu");
	rc = rc ? rc : ag_prop_compat(fdt, &compat, 1);
	/* Even with one vCPU: secondary CPUs come up through PSCI. */
	rc = rc ? rc : fdt_property_string(fdt, "enable-method", "psci");
	rc = rc ? rc : fdt_property_cell(fdt, "reg", mpidr);
	return rc ? rc : fdt_end_node(fdt);
}

int make_cpus_node(void *fdt, const struct ag_fdt_input *in)
{
	static const struct ag_cell_prop cells[] = { { "#address-cells", 1 }, { "#size-cells", 0 } };
	int rc = ag_node_begin(fdt, "cpus", NULL, 0);

	rc = rc ? rc : ag_prop_cells(fdt, cells, 2);
	/* Every possible vCPU (maxvcpus), not only those online at boot. */
	for (unsigned i = 0; i < in->guest->max_vcpus && !rc; i++)
		rc = make_cpu_node(fdt, in, i);
	return rc ? rc : fdt_end_node(fdt);
}
