/* SPDX-License-Identifier: MIT */
/*
 * The resolved guest configuration: the one struct every later stage
 * (device-tree builder, domain creation) reads.  Nothing downstream looks at
 * raw settings again.  Produced by ag_guest_resolve() (validate.h).
 */
#ifndef AG_GUEST_H
#define AG_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/diag.h"

/*
 * Bounds validation puts on what create would otherwise refuse only once
 * the domain exists (docs/limits.md).  The name goes into armguest's state
 * record, one line of xl's list and xenstore; every iomem range, IRQ and
 * DT device is one or two entries of create's undo stack (arm/undo.h),
 * which is sized from these.  A GIC has at most 988 SPIs (32 to 1019).
 */
#define AG_GUEST_NAME_MAX 255
#define AG_GUEST_MAX_IOMEM 256
#define AG_GUEST_MAX_IRQS 988
#define AG_GUEST_MAX_DTDEVS 128

/* A file validation opened: regular, non-blocking, read only through fd. */
struct ag_guest_file {
	bool open;                /* false: not opened (fd meaningless) */
	int fd;
};

enum ag_arch {
	AG_ARCH_ARM64,
	AG_ARCH_ARM32,
	AG_ARCH_X86_64,
};

enum ag_guest_type {
	AG_TYPE_PV,
	AG_TYPE_PVH,
	AG_TYPE_HVM,
};

enum ag_gic {
	AG_GIC_DEFAULT, /* the host's GIC decides (xl "default"; our alias "native") */
	AG_GIC_V2,
	AG_GIC_V3,
};

enum ag_tee {
	AG_TEE_NONE,
	AG_TEE_OPTEE,
	AG_TEE_FFA,   /* Xen 4.18+ (XEN_DOMCTL_CONFIG_TEE_FFA) */
};

/* libxl_passthrough; "default" resolved as libxl__domain_config_setdefault does. */
enum ag_passthrough {
	AG_PT_DISABLED,
	AG_PT_ENABLED,   /* "enabled" and "share_pt" (the same on Arm) */
};

enum ag_action {
	AG_ACTION_DESTROY,
	AG_ACTION_RESTART,
	AG_ACTION_RENAME_RESTART,
	AG_ACTION_PRESERVE,
	AG_ACTION_COREDUMP_DESTROY,
	AG_ACTION_COREDUMP_RESTART,
	AG_ACTION_SOFT_RESET,
};

/*
 * Where a key's (winning) value was written, so late errors (e.g. a bad
 * kernel file) can point at it.
 */
struct ag_pos {
	unsigned line, col; /* 0 = not given in the config */
};

/*
 * A virtio-mmio device libxl describes in the tree: a `specification=virtio'
 * disk, or (Xen 4.18+) an entry of `virtio = [...]'
 * (tools/libs/light/libxl_arm.c: libxl__arch_domain_prepare_config,
 * libxl__prepare_dtb, stable-4.20).  Disks come first, then the list's
 * entries, each taking the next MMIO slot and SPI.
 */
struct ag_virtio {
	char *type;         /* the `virtio' entry's type ("virtio,device22"); NULL: a disk */
	uint32_t backend;   /* the back end's domid (0: dom0) */
	bool grant_usage;   /* `iommus' to xen_iommu: the back end maps through grants */
	struct ag_pos pos;  /* the list item, for messages */
};

/* `sve = "hw"': the host's maximum vector length (libxl's LIBXL_SVE_TYPE_HW). */
#define AG_SVE_HW UINT32_MAX

struct ag_iomem {
	uint64_t start_pfn, nr_pfns, gfn; /* 4 KiB frames */
};

/* A set of host CPUs (xl's parse_cpurange), up to AG_CPUMAP_BITS of them. */
#define AG_CPUMAP_WORDS 4
#define AG_CPUMAP_BITS (AG_CPUMAP_WORDS * 64)
struct ag_cpumap {
	uint64_t w[AG_CPUMAP_WORDS];
};

/* "unset" for the creation settings below that default to the hypervisor's choice. */
#define AG_UNSET (-1)

struct ag_guest {
	char *source;             /* config file name, for messages */
	enum ag_arch arch;
	enum ag_guest_type type;
	char *name;

	uint64_t memory_kib;      /* target (`memory`) */
	uint64_t maxmem_kib;      /* `maxmem`, else memory (xl_parse.c: parse_config_data) */
	uint64_t videoram_kib;    /* `videoram`, 0 if unset; an Arm guest's RAM is
				   * maxmem_kib - videoram_kib (validated > 0) */
	uint64_t shadow_kib;      /* paging pool: `shadow_memory`, else libxl's Arm
				   * default 4*(256*max_vcpus + maxmem MiB + 128);
				   * on x86_64 0 unless given */
	bool shadow_given;        /* the config set `shadow_memory' */
	unsigned vcpus;           /* online at boot */
	unsigned max_vcpus;       /* `maxvcpus`, else vcpus */

	char *kernel;             /* path as usable from cwd (relative paths are
				   * taken from the config's dir); NULL only for
				   * x86_64 HVM or a bootloader guest on x86_64 */
	char *ramdisk;            /* NULL if none */
	char *device_tree;        /* partial DT path, NULL if none */
	/*
	 * The same three files as validation opened them (when it checks files):
	 * every later read is from these descriptors, so a path swapped after
	 * the check (for a FIFO, say) is never reopened.  Closed by
	 * ag_guest_free.
	 */
	struct ag_guest_file kernel_file, ramdisk_file, device_tree_file;
	char *cmdline;            /* composed as xl does; NULL = no bootargs */
	/* The keys it was composed from: "cmdline", or "root" and/or "extra" (NULL-padded). */
	const char *cmdline_from[2];

	enum ag_gic gic;
	bool vuart;               /* vuart = "sbsa_uart" */
	enum ag_tee tee;
	bool acpi;

	struct ag_iomem *iomem;
	size_t n_iomem;
	uint32_t *irqs;
	size_t n_irqs;
	char **dtdevs;
	size_t n_dtdevs;
	enum ag_passthrough passthrough; /* ENABLED gives XEN_DOMCTL_CDF_iommu */
	char **disks;             /* raw disk specs, not interpreted yet */
	size_t n_disks;
	struct ag_virtio *virtio; /* the virtio-mmio devices, in slot order (disks,
				   * then `virtio' entries with transport=mmio);
				   * none under create --without-devices */
	size_t n_virtio;
	char **vifs;              /* raw vif specs */
	size_t n_vifs;

	enum ag_action on_poweroff, on_reboot, on_crash;

	/* Creation settings (tools/libs/light/libxl_create.c: libxl__domain_make,
	 * libxl_dom.c: libxl__build_pre, libxl__build_post, stable-4.17). */
	bool has_uuid;
	uint8_t uuid[16];         /* `uuid`: createdomain's handle; else random */
	bool vpmu;                /* XEN_DOMCTL_CDF_vpmu */
	int32_t max_grant_frames;    /* AG_UNSET: Xen's gnttab_max_frames */
	int32_t max_maptrack_frames; /* AG_UNSET: Xen's gnttab_max_maptrack_frames */
	int max_grant_version;    /* AG_UNSET: the host's, from physinfo */
	uint32_t max_evtchn_port; /* `max_event_channels`, default 1023 */
	struct ag_cpumap *cpus_hard, *cpus_soft; /* per vCPU (index = vCPU) */
	size_t n_cpus_hard, n_cpus_soft;
	char *pool_name;          /* a cpupool name, looked up in xenstore at create */
	bool has_pool_id;
	uint32_t pool_id;         /* `pool` given as a number (or no pool: 0) */
	int sched_weight, sched_cap; /* `cpu_weight`, `cap`; AG_UNSET: the scheduler's */
	/* Arm creation settings of Xen 4.18+ (tools/libs/light/libxl_arm.c:
	 * libxl__arch_domain_prepare_config, stable-4.20). */
	uint32_t sve_vl;          /* `sve`: vector length in bits, 0 = off, AG_SVE_HW */
	uint32_t nr_spis;         /* `nr_spis`: the least nr_spis Xen gets (0: computed) */
	uint32_t *llc_colors;     /* `llc_colors`, expanded; NULL if none */
	size_t n_llc_colors;

	/* pos_cmdline is that of whichever of cmdline/root/extra decided it. */
	struct ag_pos pos_type, pos_name, pos_memory, pos_maxmem, pos_vcpus,
		      pos_maxvcpus, pos_kernel, pos_ramdisk, pos_device_tree,
		      pos_cmdline, pos_gic_version, pos_vuart, pos_tee, pos_irqs,
		      pos_iomem, pos_dtdev, pos_disk, pos_vif, pos_videoram,
		      pos_acpi, pos_passthrough, pos_vpmu, pos_pool, pos_cpus,
		      pos_cpus_soft, pos_cpu_weight, pos_cap, pos_max_grant_version,
		      pos_uuid, pos_virtio, pos_sve, pos_nr_spis, pos_llc_colors;
};

/* The creation settings' defaults (AG_UNSET, 1023 event channels), as libxl's. */
void ag_guest_creation_defaults(struct ag_guest *g);

/* Frees everything g owns and leaves it zeroed (safe on a zeroed struct). */
void ag_guest_free(struct ag_guest *g);

/*
 * Where the config set `key` (a pos_* field above), so that an error found
 * later, by the tree builder or the layout, still points at the line that
 * caused it.  {0, 0} for NULL, an unknown key, or a key the config left out.
 */
struct ag_pos ag_guest_key_pos(const struct ag_guest *g, const char *key);

/*
 * The one way a late error about g is reported: an error diagnostic at the
 * config line of `key` (none for NULL).  Returns rc, so a caller can
 * `return ag_guest_error(d, g, "kernel", -EINVAL, ...)`.
 */
int ag_guest_error(struct ag_diags *d, const struct ag_guest *g, const char *key, int rc,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

const char *ag_guest_type_name(enum ag_guest_type t); /* "pv", "pvh", "hvm" */
const char *ag_arch_name(enum ag_arch a);             /* "arm64", "arm32", "x86_64" */
int ag_arch_parse(const char *s, enum ag_arch *out);  /* 0 or -EINVAL */
bool ag_arch_is_arm(enum ag_arch a);
const char *ag_gic_name(enum ag_gic g);               /* "default", "v2", "v3" */
const char *ag_tee_name(enum ag_tee t);               /* "none", "optee", "ffa" */
const char *ag_action_name(enum ag_action a);         /* xl's names, e.g. "rename-restart" */
/* xl's exact, case-sensitive match of an on_* action name: 0 or -EINVAL. */
int ag_action_parse(const char *s, enum ag_action *out);

#endif
