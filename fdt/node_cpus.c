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

	const char *vcpu_key = in->guest->pos_maxvcpus.line ? "maxvcpus" : "vcpus";
	char path[AG_NODE_NAME_MAX + 8];

	snprintf(name, sizeof(name), "cpu@%x", mpidr);
	rc = fdt_begin_node(fdt, name);
	rc = rc ? rc : fdt_property_string(fdt, "device_type", "cpu");
	rc = rc ? rc : ag_prop_compat(fdt, &compat, 1);
	/* Even with one vCPU: secondary CPUs come up through PSCI. */
	rc = rc ? rc : fdt_property_string(fdt, "enable-method", "psci");
	rc = rc ? rc : fdt_property_cell(fdt, "reg", mpidr);
	snprintf(path, sizeof(path), "/cpus/%s", name);
	WHY(in, path, NULL, .kind = AG_WHY_KEY, .keys = { vcpu_key },
	    .rule = "one node per possible vCPU (maxvcpus, else vcpus)");
	WHY(in, path, "device_type", .kind = AG_WHY_RULE, .rule = "\"cpu\", as every cpu node");
	WHY(in, path, "compatible", .kind = AG_WHY_RULE,
	    .rule = "libxl's CPU for the guest's architecture (arm64: \"arm,armv8\")");
	WHY(in, path, "enable-method", .kind = AG_WHY_RULE,
	    .rule = "libxl writes enable-method = \"psci\" even for one vCPU");
	WHY(in, path, "reg", .kind = AG_WHY_KEY, .keys = { vcpu_key },
	    .rule = "the vCPU's MPIDR (libxl__compute_mpdir: Aff0 = i & 0xf, Aff1 = i >> 4)");
	return rc ? rc : fdt_end_node(fdt);
}

int make_cpus_node(void *fdt, const struct ag_fdt_input *in)
{
	static const struct ag_cell_prop cells[] = { { "#address-cells", 1 }, { "#size-cells", 0 } };
	int rc = ag_node_begin(fdt, "cpus", NULL, 0);

	rc = rc ? rc : ag_prop_cells(fdt, cells, 2);
	WHY(in, "/cpus", NULL, .kind = AG_WHY_RULE, .rule = "libxl always writes /cpus");
	WHY(in, "/cpus", "#address-cells", .kind = AG_WHY_RULE, .rule = "one cell: the MPIDR");
	WHY(in, "/cpus", "#size-cells", .kind = AG_WHY_RULE, .rule = "cpus have no size");
	/* Every possible vCPU (maxvcpus), not only those online at boot. */
	for (unsigned i = 0; i < in->guest->max_vcpus && !rc; i++)
		rc = make_cpu_node(fdt, in, i);
	return rc ? rc : fdt_end_node(fdt);
}
