/* SPDX-License-Identifier: MIT */
/*
 * Validation: read every key an Arm guest uses with xl's meaning, refuse what
 * cannot work before anything is created, and fill the resolved ag_guest.
 */
#ifndef AG_VALIDATE_H
#define AG_VALIDATE_H

#include <stdbool.h>
#include <stdint.h>

#include "guest.h"
#include "xlcfg.h"

/*
 * The Xen limits validation checks an Arm guest against.  The caller fills
 * them from the Xen version's profile (ag_profile_arm_limits, platform/profile.h),
 * so xl-parse/ needs no Xen table of its own.
 */
struct ag_arm_limits {
	uint64_t ram_max;            /* arch-arm.h GUEST_RAM_MAX, bytes */
	unsigned max_vcpus_gicv2;    /* vgic.c vgic_max_vcpus() for GICv2 */
	unsigned max_vcpus_arm64;    /* asm/config.h MAX_VIRT_CPUS, arm64 */
	unsigned max_vcpus_arm32;    /* asm/config.h MAX_VIRT_CPUS, arm32 */
	unsigned first_spi;          /* GIC: interrupt IDs below this are SGIs/PPIs */
	unsigned spi_vpl011;         /* arch-arm.h GUEST_VPL011_SPI */
	unsigned spi_virtio_first, spi_virtio_last; /* GUEST_VIRTIO_MMIO_SPI_FIRST/LAST */
	unsigned max_spis;           /* vgic.c domain_vgic_init's bound */
	unsigned llc_colors_max;     /* LLC colours (0: the release has no `llc_colors') */
	bool tee_ffa;                /* tee = "ffa" (4.18+) */
	bool virtio_disk_grant_usage; /* grant_usage= in a disk spec (4.19+) */
	unsigned xen_major, xen_minor; /* the release: its column of the key table */
};

/*
 * Devices armguest runs no back end for (`vif', `disk', `vtpm' ...): check
 * and dtb warn, create refuses unless told to leave them out.
 */
enum ag_devices_mode {
	AG_DEVICES_WARN,      /* check, dtb: a warning per device */
	AG_DEVICES_REFUSE,    /* create: an error per device */
	AG_DEVICES_LEAVE_OUT, /* create --without-devices: a warning per device */
};


struct ag_resolve_opts {
	enum ag_arch arch;
	bool strict;          /* `pv` on Arm is an error, not a note */
	bool check_files;     /* kernel/ramdisk/device_tree must exist and be readable */
	const char *cfg_dir;  /* relative paths are taken from here; NULL = cwd */
	const struct ag_arm_limits *limits; /* required: ag_profile_arm_limits() */
	enum ag_devices_mode devices;
	/*
	 * armguest dom0less: the keys of the dom0less table (keys.h) are judged
	 * by it, against the host's GIC (host_gic); exact makes every key
	 * warning (lost in dom0less, or ignored) an error.
	 */
	bool dom0less;
	bool exact;
	enum ag_gic host_gic;
};

/*
 * Returns 0 with *out filled (free with ag_guest_free), or -EINVAL with
 * error diagnostics (each naming the file, line, column and key) and *out
 * left empty.  -ENOMEM on allocation failure.  Notes and warnings may be
 * appended either way.  The diagnostics this call appends are sorted by
 * position (those without a line last); earlier ones in d are untouched.
 */
int ag_guest_resolve(const struct xlcfg *cfg, const struct ag_resolve_opts *opts,
		     struct ag_guest *out, struct ag_diags *d);

#endif
