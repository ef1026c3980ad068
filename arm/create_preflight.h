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

#include <stddef.h>
#include <stdint.h>

#include "../common/diag.h"
#include "../fdt/builder.h"
#include "../fdt/layout.h"
#include "../fdt/profile.h"
#include "../xl-parse/guest.h"

/*
 * What only Xen knows, assumed: the goldens' hosts had an IPA size of at
 * least 40 bits.  It changes only the extended regions, never whether a
 * config can be built.
 */
#define AG_PREFLIGHT_GPADDR_BITS 40

struct ag_preflight {
	void *partial;              /* the device_tree= file, or NULL */
	size_t partial_size;
	struct ag_fdt_input in;     /* what the tree was built from */
	void *dtb;                  /* finalised for `layout` */
	size_t dtb_size;
	struct ag_layout layout;    /* armguest's prediction of libxenguest's */
};

/*
 * Build and place the tree for g with vGIC `gic` (the config's, or the one
 * assumed for the host) and the given rng-seed.  Returns 0, or a negative
 * errno with an error diagnostic at the config line of the key at fault.
 * Free out with ag_preflight_free() either way.
 */
int ag_create_preflight(const struct ag_guest *g, const struct ag_profile *p, enum ag_gic gic,
			unsigned gpaddr_bits, const uint8_t seed[AG_RNG_SEED_SIZE],
			struct ag_preflight *out, struct ag_diags *d);

void ag_preflight_free(struct ag_preflight *pf);

#endif
