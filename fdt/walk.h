/* SPDX-License-Identifier: MIT */
/*
 * Every node and property of a tree, by its structure block's tags: a
 * property written after a subnode (libxl's /chosen/rng-seed with acpi = 1),
 * which libfdt's look-ups never find, is visited too; NOPed ones are not.
 */
#ifndef AG_FDT_WALK_H
#define AG_FDT_WALK_H

/* fn(ctx, path, NULL) for a node, fn(ctx, path, name) for each property. */
typedef int ag_fdt_visit(void *ctx, const char *path, const char *prop);

/* 0, fn's first non-zero return, or -EINVAL for a malformed tree. */
int ag_fdt_walk(const void *fdt, ag_fdt_visit *fn, void *ctx);

#endif
