/* SPDX-License-Identifier: MIT */
/*
 * The plan stage: from a resolved guest to the tree's bytes, without Xen.
 * The boot files are read once (the kernel's Image header, the ramdisk's
 * size, the whole partial device tree), the tree is built, placed as
 * libxenguest would place it and finalised.  Every error is a diagnostic at
 * the config key that caused it.  `dtb`, `create -n` and `create` all run
 * this; `create` then only adds what needs the hypervisor (the vGIC and
 * clock Xen gives, the addresses libxenguest really chose).
 */
#ifndef AG_PLAN_H
#define AG_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/diag.h"
#include "../common/timing.h"
#include "../fdt/builder.h"
#include "../platform/layout.h"
#include "../platform/profile.h"
#include "../xl-parse/guest.h"

/*
 * What only the host knows.  Offline it is given (`dtb` options) or assumed
 * (`create -n`, and `create` before the domain exists); `create` then
 * rebuilds with Xen's answers.
 */
struct ag_host_facts {
	enum ag_gic gic;              /* the vGIC: AG_GIC_V2 or AG_GIC_V3 */
	unsigned gpaddr_bits;         /* the domain's IPA size (extended regions) */
	uint32_t clock_frequency;     /* the timer's, 0 = none */
};

/*
 * Offline stand-in for the IPA size: the goldens' hosts had at least 40
 * bits.  It changes only the extended regions in /hypervisor.
 */
#define AG_PLAN_GPADDR_BITS 40

/*
 * The boot files, each opened once (by validation, whose descriptors these
 * are; or here when validation did not check files) and read from that
 * descriptor.  The kernel's and ramdisk's stay open while the plan lives:
 * create hands them to libxenguest, which never sees their paths.
 */
struct ag_boot_files {
	struct ag_kernel_info kernel;
	bool kernel_zimage32;         /* a 32-bit zImage: libxenguest places it */
	uint64_t kernel_size;
	int kernel_fd;                /* -1: none */
	bool has_ramdisk;
	uint64_t ramdisk_size;
	int ramdisk_fd;               /* -1: none */
	bool own_kernel_fd, own_ramdisk_fd; /* opened here: ag_plan_free closes them */
	void *partial;                /* the device_tree= file, or NULL */
	size_t partial_size;
};

struct ag_plan_opts {
	struct ag_host_facts host;
	const uint8_t *seed;          /* AG_RNG_SEED_SIZE bytes, or NULL: no rng-seed */
	bool allow_zimage32;          /* create: a zImage is built, not placed */
	struct ag_timings *timings;   /* record files, build, place, finalise; or NULL */
	struct ag_fdt_why *why;       /* explain: where each property comes from; NULL: not recorded */
};

struct ag_plan {
	const struct ag_guest *g;
	const struct ag_profile *p;
	struct ag_boot_files files;
	struct ag_fdt_input in;       /* what the tree was built from */
	void *dtb;                    /* finalised when placed */
	size_t dtb_size;
	bool placed;                  /* false: a zImage whose placement is not modelled */
	struct ag_layout layout;      /* armguest's prediction of libxenguest's */
};

/*
 * Run the stage.  Returns 0, or a negative errno with an error diagnostic
 * at the key at fault.  Free out with ag_plan_free() either way.
 */
int ag_plan_make(const struct ag_guest *g, const struct ag_profile *p,
		 const struct ag_plan_opts *o, struct ag_plan *out, struct ag_diags *d);

/* Read the boot files of g (part of ag_plan_make; free f with ag_boot_files_free). */
int ag_plan_read_files(const struct ag_guest *g, const struct ag_profile *p, bool allow_zimage32,
		       struct ag_boot_files *f, struct ag_diags *d);

/* The builder's input for the plan's guest and files on a host. */
void ag_plan_fdt_input(const struct ag_plan *pl, const struct ag_host_facts *host,
		       const uint8_t *seed, struct ag_fdt_input *in);

/*
 * Where libxenguest will put things for ram_bytes of RAM and a tree of
 * dtb_totalsize bytes, from the files already read.  -ENOTSUP for a zImage;
 * otherwise ag_layout_compute's codes, with an error diagnostic at the key.
 */
int ag_plan_place(const struct ag_plan *pl, uint64_t ram_bytes, uint32_t dtb_totalsize,
		  struct ag_layout *out, struct ag_diags *d);

/* An error the builder reported, at its key; one about the partial tree names its file. */
int ag_plan_fdt_error(struct ag_diags *d, const struct ag_guest *g, const struct ag_err *e);

void ag_boot_files_free(struct ag_boot_files *f);
void ag_plan_free(struct ag_plan *pl);

#endif
