/* SPDX-License-Identifier: MIT */
/*
 * Fuzz the device-tree builder through configs: arbitrary bytes are a
 * config; whatever resolves to an Arm guest is built for both GIC versions
 * (or the one it asks for), with a fixed kernel, ramdisk size and host
 * facts, then placed and finalised (fuzz_util.h's invariants: the tree passes
 * fdt_check_full at each step and stays within the profile's bound).  The
 * tree must also say what the guest asked for: its command line byte for
 * byte and one cpu node per vCPU.  A refusal must come with a message.
 */
#include "fuzz_cfg_util.h"
#include "xl-parse/validate.h"

static void check_content(const void *blob, const struct ag_guest *g)
{
	int chosen = fdt_path_offset(blob, "/chosen"), cpus, len, n = 0, node;
	const char *bootargs;

	FZ_ASSERT(chosen >= 0, "no /chosen");
	bootargs = fdt_getprop(blob, chosen, "bootargs", &len);
	if (g->cmdline)
		FZ_ASSERT(bootargs && (size_t)len == strlen(g->cmdline) + 1 &&
			  !memcmp(bootargs, g->cmdline, (size_t)len),
			  "bootargs differ from the command line");
	else
		FZ_ASSERT(!bootargs, "bootargs without a command line");
	cpus = fdt_path_offset(blob, "/cpus");
	FZ_ASSERT(cpus >= 0, "no /cpus");
	fdt_for_each_subnode(node, blob, cpus)
		n++;
	FZ_ASSERT((unsigned)n == g->max_vcpus, "%d cpu nodes for %u vCPUs", n,
		  g->max_vcpus);
}

static void build(const struct ag_guest *g, enum ag_gic gic)
{
	struct ag_fdt_input in = fz_input(g, gic);
	struct ag_err err;
	size_t size = 0;
	void *blob = fz_pipeline(&in, &size, &err);

	if (blob) {
		check_content(blob, g);
	} else {
		unsigned limit = gic == AG_GIC_V2 ? ag_profile_417.max_vcpus_gicv2
						  : ag_profile_417.max_vcpus_gicv3;

		/* Only too many vCPUs for the vGIC, or a tree past the bound. */
		FZ_ASSERT(g->max_vcpus > limit || err.fdt == FDT_ERR_NOSPACE,
			  "the builder refused a valid guest: %s", err.msg);
	}
	free(blob);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ag_arch arches[] = { AG_ARCH_ARM64, AG_ARCH_ARM32 };
	struct ag_diags d;
	struct xlcfg *cfg;
	int rc;

	ag_diags_init(&d);
	cfg = fz_parse(data, size, &d, &rc);
	for (size_t a = 0; cfg && rc == 0 && a < sizeof(arches) / sizeof(arches[0]); a++) {
		struct ag_resolve_opts o = { .arch = arches[a], .check_files = false,
					     .limits = fz_limits() };
		struct ag_guest g;
		struct ag_diags rd;

		memset(&g, 0, sizeof(g));
		ag_diags_init(&rd);
		if (ag_guest_resolve(cfg, &o, &g, &rd) == 0) {
			if (g.gic != AG_GIC_V3)
				build(&g, AG_GIC_V2);
			if (g.gic != AG_GIC_V2)
				build(&g, AG_GIC_V3);
		}
		ag_guest_free(&g);
		ag_diags_free(&rd);
	}
	xlcfg_free(cfg);
	ag_diags_free(&d);
	return 0;
}
