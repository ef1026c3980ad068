/* SPDX-License-Identifier: MIT */
/*
 * What the tree is built from: the resolved guest, the release's profile and
 * the facts only a host knows.  The lowest header of fdt/: the node writers
 * (nodes.h) and the builder's interface (builder.h) both include it, so no
 * node file includes the builder's header.
 */
#ifndef AG_FDT_INPUT_H
#define AG_FDT_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "../platform/profile.h"
#include "../xl-parse/guest.h"
#include "why.h"

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
	/* Where each node and property comes from is recorded here; NULL: not (why.h). */
	struct ag_fdt_why *why;
};

#endif
