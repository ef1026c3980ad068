/* SPDX-License-Identifier: MIT */
/*
 * The dom0less plan: from guests already through the plan stage (plan.h)
 * and the host's device tree, the host tree with one /chosen/domU<N> node
 * per guest, the address each boot file is loaded at, and the U-Boot script
 * that loads them and boots Xen.  Addresses are 2 MiB aligned, inside the
 * host's RAM, at or above the load base, clear of each other, of the tree
 * and of what the host tree already holds, with room for an Image's
 * image_size.  Every error is a diagnostic (at the config key when it
 * belongs to one).
 */
#ifndef AG_PLAN_DOM0LESS_H
#define AG_PLAN_DOM0LESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/diag.h"
#include "../fdt/dom0less.h"
#include "plan.h"

/* 256 MiB above the start of RAM: clear of where QEMU and U-Boot put a kernel and a tree. */
#define AG_D0L_DEFAULT_BASE_OFFSET (256ull << 20)
#define AG_D0L_ALIGN (2ull << 20)
#define AG_D0L_DEFAULT_LOAD_CMD "load virtio 0:1"

/* One boot-time guest: its resolved config and plan (files read once). */
struct ag_d0l_guest {
	const struct ag_guest *g;
	const struct ag_plan *pl;
};

struct ag_d0l_opts {
	const void *host;             /* the host tree */
	size_t host_size;
	const char *host_name;        /* for messages */
	uint64_t load_base;           /* 0: the default */
	const char *xen_image;        /* NULL: no Xen in the layout */
	const char *xen_cmdline;
	const char *dom0_kernel, *dom0_ramdisk, *dom0_cmdline;
	/* a guest's partial tree in dom0less form is written to
	 * <partial_stem>-guest<i>.dtb (i: the guest's index from 1) */
	const char *partial_stem;
	const char *dtb_name;         /* the edited tree's file, as the script loads it */
	const char *load_cmd;         /* NULL: AG_D0L_DEFAULT_LOAD_CMD */
};

/* A file the bootloader loads. */
struct ag_d0l_file {
	char *path;                   /* as given (owned copy) */
	const char *what;             /* its role: "xen", "device-tree", "domU1-kernel", ... */
	char what_buf[48];
	uint64_t addr, size, reserve; /* reserve: size, or an Image's image_size when larger */
};

struct ag_d0l_result {
	struct ag_d0l_host host;
	struct ag_d0l_file *files;    /* in load order */
	size_t n_files;
	size_t dtb_index;             /* the edited tree's entry in files */
	void *dtb;                    /* the edited host tree */
	size_t dtb_size;
	void **partials;              /* per guest: its partial tree in dom0less form, or NULL */
	size_t *partial_sizes;
	char **partial_paths;
	size_t n_guests;
};

/* Read the host tree's facts (its GIC decides the guests' vGIC); diagnostics name host_name. */
int ag_d0l_read_host(const struct ag_d0l_opts *o, struct ag_d0l_host *h, struct ag_diags *d);

/* Place every file and edit the tree.  0, or a negative errno with an error diagnostic. */
int ag_d0l_make(const struct ag_d0l_guest *guests, size_t n, const struct ag_d0l_opts *o,
		struct ag_d0l_result *out, struct ag_diags *d);

/*
 * The U-Boot script (boot.source): a load command per file, then booti of
 * Xen with the tree.  Needs o->xen_image.  *text malloc'd, NUL-terminated.
 */
int ag_d0l_uboot_script(const struct ag_d0l_result *r, const struct ag_d0l_opts *o, char **text);

/* The script as mkimage -A arm64 -T script -C none wraps it: *out malloc'd. */
int ag_d0l_uboot_image(const char *text, uint32_t timestamp, void **out, size_t *out_size);

void ag_d0l_result_free(struct ag_d0l_result *r);

#endif
