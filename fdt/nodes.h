/* SPDX-License-Identifier: MIT */
/*
 * Internal to fdt/: one function per device-tree node, each writing its node
 * with libfdt's sequential-write API exactly as libxl 4.17's function of the
 * same name does.  Each returns 0 or a negative libfdt error (-FDT_ERR_NOSPACE
 * makes the builder retry with a bigger buffer), and is called in the order
 * of ag_fdt_build (builder.c).  Property helpers shared by the nodes follow.
 */
#ifndef AG_FDT_NODES_H
#define AG_FDT_NODES_H

#include <stddef.h>
#include <stdint.h>

#include <libfdt_env.h>

#include "../common/err.h"
#include "../platform/profile_cite.h"
#include "input.h"

/*
 * Say where node `node` (prop NULL) or its property `prop` comes from, right
 * where it is written: WHY(in, "/psci", "cpu_on", .kind = AG_WHY_PROFILE,
 * .fields = { FIELD(psci_cpu_on) }).  Nothing without a recorder (why.h).
 */
#define WHY(in, node, prop, ...) \
	ag_why_add((in)->why, node, prop, &(const struct ag_why_src){ __VA_ARGS__ })
#define FIELD(f) AG_PROFILE_FIELD(f)
/* The key that sized the guest's RAM: maxmem when given, else memory. */
#define RAM_KEY(g) ((g)->pos_maxmem.line ? "maxmem" : "memory")
#define VIDEORAM_KEY(g) ((g)->pos_videoram.line ? "videoram" : NULL)
/* The property pair ag_prop_interrupts writes, the specifiers from `fields'. */
#define WHY_INTERRUPTS(in, node, rule_, ...) do { \
	WHY(in, node, "interrupts", .kind = AG_WHY_PROFILE, .fields = { __VA_ARGS__ }, \
	    .rule = rule_); \
	WHY(in, node, "interrupt-parent", .kind = AG_WHY_PROFILE, \
	    .fields = { FIELD(phandle_gic) }, \
	    .rule = "the vGIC's phandle, written with every interrupts property"); \
} while (0)

/* Every node writer has this shape; builder.c calls them from a table. */
typedef int ag_node_fn(void *fdt, const struct ag_fdt_input *in);

ag_node_fn make_root_properties, make_chosen_node, make_acpi_module, make_cpus_node,
	make_psci_node, make_memory_nodes, make_gicv2_node, make_gicv3_node, make_timer_node,
	make_hypervisor_node, make_vpl011_uart_node, make_optee_node,
	make_virtio_nodes,      /* virtio@ of virtio disks and devices, xen_iommu (node_virtio.c) */
	copy_partial_fdt;       /* /passthrough and /aliases of a validated partial tree */

/* MPIDR affinity of vCPU i (libxl__compute_mpdir): Aff0 = i & 0xf, Aff1 = i >> 4. */
uint32_t ag_vcpu_mpidr(unsigned vcpu);

/* Longest name a generated node gets ("interrupt-controller@3001000" etc.). */
#define AG_NODE_NAME_MAX 64

/* Store v as n big-endian cells, most significant first; returns cells + n. */
uint32_t *ag_put_cells(uint32_t *cells, unsigned n, uint64_t v);
/* The value of n big-endian cells (n <= 2), most significant first: ag_put_cells' inverse. */
uint64_t ag_get_cells(const fdt32_t *cells, int n);

/*
 * A failure libfdt reported (fdt_rc < 0, FDT_ERR_*): err gets libfdt's code
 * in err->fdt and an errno in err->code (EFBIG for FDT_ERR_NOSPACE, else
 * EINVAL), which is returned negated.  Errno failures use ag_err_set.
 */
int ag_fdt_fail(struct ag_err *err, int fdt_rc, const char *key,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* "compatible" = the strings, each NUL-terminated, concatenated. */
int ag_prop_compat(void *fdt, const char *const *compat, size_t n);

/* Open node `name` and, when n > 0, give it its "compatible" first, as libxl does. */
int ag_node_begin(void *fdt, const char *name, const char *const *compat, size_t n);

/* A run of one-cell properties, written in order (the #*-cells, phandles ...). */
struct ag_cell_prop {
	const char *name;
	uint32_t val;
};
int ag_prop_cells(void *fdt, const struct ag_cell_prop *props, size_t n);

/* "reg" = n (address, size) pairs in the root's cell sizes. */
int ag_prop_regs(void *fdt, const struct ag_profile *p,
		 const struct ag_region *regs, size_t n);

/* "reg" = n (0, 0) pairs: a placeholder finalise overwrites. */
int ag_prop_reg_placeholder(void *fdt, const struct ag_profile *p, size_t n);

/*
 * "interrupts" = the n specifiers (3 cells each), then
 * "interrupt-parent" = the GIC's phandle, as libxl always pairs them.
 */
int ag_prop_interrupts(void *fdt, const struct ag_profile *p,
		       const uint32_t (*irqs)[3], size_t n);

#endif
