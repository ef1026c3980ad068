/* SPDX-License-Identifier: MIT */
/*
 * Everything create can check without the hypervisor, done before the first
 * hypercall: the partial device tree, the tree itself (its size bound, the
 * command line), the kernel's Image header and the placement of the modules.
 * A config that fails here is refused with its file:line:key and no domain
 * ever exists; `create -n` prints what this found.
 */
#ifndef AG_CREATE_PREFLIGHT_H
#define AG_CREATE_PREFLIGHT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/diag.h"
#include "../fdt/builder.h"
#include "../fdt/layout.h"
#include "../fdt/profile.h"
#include "../xl-parse/guest.h"

/*
 * What only Xen knows, assumed: the goldens' hosts had an IPA size of at
 * least 40 bits.  It changes only the extended regions.  The real tree can
 * still differ by a few bytes (the host's GIC, a timer clock-frequency, a
 * second extended region), so a config within bytes of the tree's size
 * bound can pass here and fail at build_dtb, after createdomain: that
 * failure unwinds and destroys the domain like any other.
 */
#define AG_PREFLIGHT_GPADDR_BITS 40

struct ag_preflight {
	void *partial;              /* the device_tree= file, or NULL */
	size_t partial_size;
	struct ag_fdt_input in;     /* what the tree was built from */
	void *dtb;                  /* finalised for `layout` when placed */
	size_t dtb_size;
	bool placed;                /* false for a 32-bit zImage: libxenguest's
				     * zImage32 placement is not modelled, so
				     * layout is unset and dtb not finalised */
	struct ag_layout layout;    /* armguest's prediction of libxenguest's */
};

/*
 * Build and place the tree for g with vGIC `gic` (the config's, or the one
 * assumed for the host) and the given rng-seed.  Returns 0, or a negative
 * errno with an error diagnostic at the config line of the key at fault
 * (-EINVAL for a tree that cannot be built; the file's errno for a file
 * that cannot be read; ag_layout_compute's codes for a layout that cannot
 * be placed).  Free out with ag_preflight_free() either way.
 */
int ag_create_preflight(const struct ag_guest *g, const struct ag_profile *p, enum ag_gic gic,
			unsigned gpaddr_bits, const uint8_t seed[AG_RNG_SEED_SIZE],
			struct ag_preflight *out, struct ag_diags *d);

void ag_preflight_free(struct ag_preflight *pf);

#endif
