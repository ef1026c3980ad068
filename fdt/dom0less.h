/* SPDX-License-Identifier: MIT */
/*
 * Boot-time guests (dom0less): what the host's device tree says about the
 * board, the edits that describe each guest under /chosen, and a guest's
 * partial tree in dom0less form.  The properties are the ones Xen reads
 * (docs/misc/arm/device-tree/booting.txt, "Creation of DomUs", and
 * docs/misc/arm/passthrough.txt, "Dom0-less Device Passthrough", at
 * stable-4.17 and stable-4.20).  Pure: no I/O; libfdt writes every byte.
 */
#ifndef AG_FDT_DOM0LESS_H
#define AG_FDT_DOM0LESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/err.h"
#include "../xl-parse/guest.h"

/* A range of host physical memory. */
struct ag_d0l_range {
	uint64_t base, size;
};

#define AG_D0L_MAX_BANKS 16
#define AG_D0L_MAX_BUSY 64

/* What the host tree says. */
struct ag_d0l_host {
	enum ag_gic gic;                  /* the host's GIC: what every domU gets */
	struct ag_d0l_range ram[AG_D0L_MAX_BANKS];  /* its memory nodes, in order */
	size_t n_ram;
	/* what must stay where it is: /chosen modules and /memreserve/ entries */
	struct ag_d0l_range busy[AG_D0L_MAX_BUSY];
	size_t n_busy;
};

/* Read the host tree: 0, or -EINVAL with e filled (no memory node, no GIC, not a tree). */
int ag_d0l_host_read(const void *fdt, size_t size, struct ag_d0l_host *out, struct ag_err *e);

/* A module the bootloader loads at a fixed address. */
struct ag_d0l_module {
	uint64_t addr, size;              /* size 0: no module */
};

/* One boot-time guest, as its /chosen/domU* node. */
struct ag_d0l_domu {
	uint64_t memory_kib;              /* `memory' */
	unsigned cpus;                    /* `cpus' */
	bool vpl011;
	bool enhanced;                    /* xen,enhanced = "enabled" (the image has a dom0) */
	const char *bootargs;             /* the kernel module's, or NULL */
	struct ag_d0l_module kernel, ramdisk, partial;
	uint32_t p2m_mb;                  /* xen,domain-p2m-mem-mb, 0: not written */
	/* Xen 4.18+ properties, AG_UNSET: not written */
	int32_t max_grant_frames, max_maptrack_frames, max_grant_version;
	int passthrough;                  /* 4.19+: AG_UNSET, or 0/1 */
	uint32_t nr_spis;                 /* 4.19+: 0: not written */
	bool sve_max;                     /* 4.18+: `sve' with no value (the host's maximum) */
	uint32_t sve_vl;                  /* 4.18+: `sve = <bits>'; 0: not written */
	const char *llc_colors;           /* 4.20+: `llc-colors', or NULL */
};

/* Every edit of the host tree. */
struct ag_d0l_edit {
	const struct ag_d0l_domu *domus;
	size_t n_domus;
	const char *xen_bootargs;         /* /chosen/xen,xen-bootargs, or NULL */
	struct ag_d0l_module dom0_kernel, dom0_ramdisk;  /* size 0: none */
	const char *dom0_bootargs;        /* /chosen/xen,dom0-bootargs, or NULL */
	const char *const *passthrough;   /* host node paths that get xen,passthrough */
	size_t n_passthrough;
};

/*
 * The host tree with the edits: *out malloc'd (*out_size bytes, packed).
 * Each domU node is named domU<N>, N the first numbers no /chosen node
 * already uses.  0, or a negative errno with e filled.
 */
int ag_d0l_edit_tree(const void *host, size_t host_size, const struct ag_d0l_edit *ed,
		     void **out, size_t *out_size, struct ag_err *e);

/* A passthrough range: xl's iomem, in bytes. */
struct ag_d0l_iomem {
	uint64_t host, size, guest;
};

/*
 * The partial tree in dom0less form: each iomem range goes, as `xen,reg =
 * <host size guest>' in the partial tree's root cells, to the /passthrough
 * node whose reg covers its guest range (e->key "iomem" when none does);
 * each dtdev, as `xen,path', to the node whose first xen,reg host address is
 * where the host node's reg starts ("dtdev" when none is); each irq must be
 * an SPI of one of the dtdev host nodes ("irqs" when not: Xen routes a
 * xen,path node's interrupts, nothing else).  *out malloc'd.
 */
int ag_d0l_partial(const void *partial, size_t partial_size, const void *host,
		   const struct ag_d0l_iomem *iomem, size_t n_iomem,
		   char *const *dtdevs, size_t n_dtdevs, const uint32_t *irqs, size_t n_irqs,
		   void **out, size_t *out_size, struct ag_err *e);

#endif
