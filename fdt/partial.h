/* SPDX-License-Identifier: MIT */
/* The partial device tree (device_tree=): validation before anything is copied. */
#ifndef AG_FDT_PARTIAL_H
#define AG_FDT_PARTIAL_H

#include <stddef.h>

#include "../common/err.h"
#include "../platform/profile.h"

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
/*
 * Copying a property makes libfdt's sequential writer search the whole
 * string table (fdt_property -> fdt_find_add_string), so the copy costs
 * distinct names x properties; both are bounded (docs/limits.md).
 */
#define AG_PARTIAL_FDT_MAX_NAMES 256
#define AG_PARTIAL_FDT_MAX_PROPS 4096
int ag_partial_fdt_check(const struct ag_profile *p, const void *pfdt,
			 size_t size, struct ag_err *err);

/*
 * The structural part of that check, for any untrusted tree whose header
 * was checked (fdt_check_header, totalsize within size): format version 16
 * or later, aligned blocks, every property inside the structure block (before
 * libfdt walks it), fdt_check_full, nesting depth.  Messages start with
 * `what' ("partial device tree", "the host tree"); errors carry `key'.
 */
int ag_fdt_check_structure(const void *fdt, size_t size, const char *what, const char *key,
			   struct ag_err *err);

#endif
