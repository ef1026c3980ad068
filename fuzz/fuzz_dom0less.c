/* SPDX-License-Identifier: MIT */
/*
 * Fuzz the host tree of `armguest dom0less`: arbitrary bytes are the board's
 * device tree.  ag_d0l_host_read refuses them with a message or accepts a
 * tree with RAM and a GIC; an accepted tree is edited with two guests (a
 * dom0, Xen's command line) into a tree that passes fdt_check_full and holds
 * the domU nodes with the memory, cpus and modules given, and the numbering
 * skips names the host already uses.
 */
#include <errno.h>

#include "fuzz_util.h"
#include "fdt/dom0less.h"

static void check_domu(const void *t, const struct ag_d0l_domu *u, int node)
{
	int len;
	const fdt32_t *mem = fdt_getprop(t, node, "memory", &len);
	const fdt32_t *cpus;
	char name[32];

	FZ_ASSERT(mem && len == 8 &&
		  ((uint64_t)fdt32_to_cpu(mem[0]) << 32 | fdt32_to_cpu(mem[1])) == u->memory_kib,
		  "memory differs");
	cpus = fdt_getprop(t, node, "cpus", &len);
	FZ_ASSERT(cpus && len == 4 && fdt32_to_cpu(*cpus) == u->cpus, "cpus differs");
	FZ_ASSERT(!fdt_node_check_compatible(t, node, "xen,domain"), "not xen,domain");
	snprintf(name, sizeof(name), "module@%llx", (unsigned long long)u->kernel.addr);
	FZ_ASSERT(fdt_subnode_offset(t, node, name) >= 0, "no kernel module");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ag_d0l_domu u[2] = {
		{ .memory_kib = 131072, .cpus = 1, .vpl011 = true, .enhanced = true,
		  .bootargs = "console=ttyAMA0", .kernel = { 0x50400000, 0x1000 },
		  .ramdisk = { 0x50600000, 0x100 }, .max_grant_frames = AG_UNSET,
		  .max_maptrack_frames = AG_UNSET, .max_grant_version = AG_UNSET,
		  .passthrough = AG_UNSET },
		{ .memory_kib = 1ull << 33, .cpus = 4, .kernel = { 0x150000000ull, 0x2000 },
		  .partial = { 0x150200000ull, 0x100 }, .max_grant_frames = 64,
		  .max_maptrack_frames = 128, .max_grant_version = 1, .passthrough = 1 },
	};
	struct ag_d0l_edit ed = {
		.domus = u, .n_domus = 2, .xen_bootargs = "console=dtuart",
		.dom0_kernel = { 0x48000000, 0x1000 }, .dom0_bootargs = "console=hvc0",
	};
	struct ag_d0l_host h;
	struct ag_err e = { 0 };
	void *copy, *out = NULL;
	size_t out_size = 0;
	int rc, chosen, host_chosen, node, found = 0;

	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	if (size)
		memcpy(copy, data, size);
	rc = ag_d0l_host_read(copy, size, &h, &e);
	if (rc) {
		FZ_ASSERT(rc < 0 && e.code == -rc && e.msg[0], "refusal %d without a message", rc);
		free(copy);
		return 0;
	}
	FZ_ASSERT(h.n_ram > 0 && h.gic != AG_GIC_DEFAULT, "accepted without RAM or a GIC");
	rc = ag_d0l_edit_tree(copy, size, &ed, &out, &out_size, &e);
	if (rc) {
		FZ_ASSERT(rc < 0 && e.code == -rc && e.msg[0] && !out, "refusal %d without a message", rc);
		free(copy);
		return 0;
	}
	FZ_ASSERT(fdt_check_full(out, out_size) == 0, "the edited tree is not valid");
	chosen = fdt_path_offset(out, "/chosen");
	host_chosen = fdt_path_offset(copy, "/chosen");
	FZ_ASSERT(chosen >= 0, "no /chosen");
	/* Ours are the first domU<N> names the host's /chosen does not use, in order. */
	for (unsigned n = 1; found < 2 && n < 1000; n++) {
		char name[16];

		snprintf(name, sizeof(name), "domU%u", n);
		if (host_chosen >= 0 && fdt_subnode_offset(copy, host_chosen, name) >= 0)
			continue;
		node = fdt_subnode_offset(out, chosen, name);
		FZ_ASSERT(node >= 0, "no /chosen/%s", name);
		check_domu(out, &u[found], node);
		found++;
	}
	FZ_ASSERT(found == 2, "%d of 2 domU nodes", found);
	free(out);
	free(copy);
	return 0;
}
