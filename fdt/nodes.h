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

#include "builder.h"

int make_root_properties(void *fdt, const struct ag_fdt_input *in);
int make_chosen_node(void *fdt, const struct ag_fdt_input *in);
int make_acpi_module(void *fdt, const struct ag_fdt_input *in);
int make_cpus_node(void *fdt, const struct ag_fdt_input *in);
int make_psci_node(void *fdt, const struct ag_fdt_input *in);
int make_memory_nodes(void *fdt, const struct ag_fdt_input *in);
int make_gicv2_node(void *fdt, const struct ag_fdt_input *in);
int make_gicv3_node(void *fdt, const struct ag_fdt_input *in);
int make_timer_node(void *fdt, const struct ag_fdt_input *in);
int make_hypervisor_node(void *fdt, const struct ag_fdt_input *in);
int make_vpl011_uart_node(void *fdt, const struct ag_fdt_input *in);
int make_optee_node(void *fdt, const struct ag_fdt_input *in);
/* Appends /passthrough and /aliases of an already validated partial tree. */
int copy_partial_fdt(void *fdt, const struct ag_fdt_input *in);

/* MPIDR affinity of vCPU i (libxl__compute_mpdir): Aff0 = i & 0xf, Aff1 = i >> 4. */
uint32_t ag_vcpu_mpidr(unsigned vcpu);

/* Longest name a generated node gets ("interrupt-controller@3001000" etc.). */
#define AG_NODE_NAME_MAX 64

/* Store v as n big-endian cells, most significant first; returns cells + n. */
uint32_t *ag_put_cells(uint32_t *cells, unsigned n, uint64_t v);

/* "compatible" = the strings, each NUL-terminated, concatenated. */
/*
 * A failure libfdt reported (fdt_rc < 0, FDT_ERR_*): err gets libfdt's code
 * in err->fdt and an errno in err->code (EFBIG for FDT_ERR_NOSPACE, else
 * EINVAL), which is returned negated.  Errno failures use ag_err_set.
 */
int ag_fdt_fail(struct ag_err *err, int fdt_rc, const char *key,
		const char *fmt, ...) __attribute__((format(printf, 4, 5)));

int ag_prop_compat(void *fdt, const char *const *compat, size_t n);

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
