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
#include "../platform/layout.h"
#include "input.h"
#include "partial.h"

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

#endif
