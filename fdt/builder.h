/* SPDX-License-Identifier: MIT */
/*
 * The guest device-tree builder: a pure function from a resolved guest, a
 * platform profile and the runtime facts to DTB bytes, written with libfdt
 * in libxl 4.17's order so the bytes match.  No globals, no I/O, no clock.
 *
 * Like libxl it works in two steps: ag_fdt_build() writes the tree with
 * placeholders (initrd addresses, memory banks, hypervisor/reg), then, once
 * the layout is known, ag_fdt_finalise() fills them in place.
 */
#ifndef AG_BUILDER_H
#define AG_BUILDER_H

#include <stddef.h>
#include <stdint.h>

#include "../common/err.h"
#include "../xl-parse/guest.h"
#include "../platform/layout.h"
#include "../platform/profile.h"

#define AG_RNG_SEED_SIZE 128

struct ag_fdt_input {
	const struct ag_guest *guest;
	const struct ag_profile *profile;
	enum ag_gic gic;                /* AG_GIC_V2 or AG_GIC_V3 (resolved) */
	unsigned xen_major, xen_minor;  /* version strings (normally the profile's) */
	uint32_t clock_frequency;       /* 0 = no timer clock-frequency property */
	unsigned gpaddr_bits;           /* the domain's IPA size (extended regions) */
	int kernel_arm32;               /* 32-bit zImage guest (armv7 compatibles) */
	/* 128 bytes for /chosen/rng-seed; NULL = no rng-seed property at all. */
	const uint8_t *rng_seed;
	/* Partial device tree (device_tree=), already read; NULL if none. */
	const void *partial_fdt;
	size_t partial_fdt_size;
	/* acpi only: length of the ACPI tables (ag_acpi_tables_size). */
	uint64_t acpi_size;
};

/*
 * Build the tree with placeholders.  On success returns 0 and *blob (malloc'd,
 * *size = fdt_totalsize bytes).  On failure returns a negative code, *blob NULL,
 * and err filled.  A tree that does not fit in profile->fdt_max_size is an
 * error, never a truncated tree.  A partial device tree is validated first
 * (ag_partial_fdt_check).
 */
int ag_fdt_build(const struct ag_fdt_input *in, void **blob, size_t *size,
		 struct ag_err *err);

/* Fill the placeholders from the layout (libxl's finalise steps, in order). */
int ag_fdt_finalise(void *blob, const struct ag_fdt_input *in,
		    const struct ag_layout *layout, struct ag_err *err);

/*
 * Overwrite /chosen/rng-seed with FDT_NOP tokens, as Linux does at boot.
 * Returns 0, -ENOENT (no seed: with acpi = 1 it follows a subnode, where
 * libfdt's look-up, and so Linux, never finds it) or -EINVAL (not a tree).
 */
int ag_fdt_nop_rng_seed(void *blob);

/*
 * Validate an untrusted partial device tree (device_tree=) before anything
 * is copied from it: libxl's checks (magic, header, totalsize) and ours
 * (size at most profile->fdt_max_size, fdt_check_full, nesting depth at most
 * AG_PARTIAL_FDT_MAX_DEPTH, /passthrough present with exactly that name, no
 * node in /passthrough or /aliases claiming the GIC's or the IOMMU's
 * phandle).  Returns 0, or a negative code with err filled (key
 * "device_tree").
 */
#define AG_PARTIAL_FDT_MAX_DEPTH 32
int ag_partial_fdt_check(const struct ag_profile *p, const void *pfdt,
			 size_t size, struct ag_err *err);

#endif
