/* SPDX-License-Identifier: MIT */
/*
 * The seam between armguest and the Xen tool libraries: one table of
 * function pointers over every libxenctrl / libxenguest / libxenstore /
 * libxenevtchn / libxenforeignmemory call that domain creation, the console
 * and the domain commands use.  xenops_real.c implements it with the real
 * libraries; the unit tests implement it with a recording fake, so that a
 * failure can be injected at every stage.
 *
 * The types here are neutral (no Xen header needed): xenops_real.c maps them
 * onto the Xen ABI (XEN_DOMCTL_CDF_*, HVM_PARAM_*, struct xc_dom_image ...).
 * Every call returns 0 (or a non-negative result where stated) on success
 * and a negative errno on failure.
 */
#ifndef AG_XENOPS_H
#define AG_XENOPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/err.h"
#include "../xl-parse/guest.h"

#define AG_UUID_SIZE 16
/* Xen's DOMID_INVALID: "let the hypervisor choose" when creating. */
#define AG_DOMID_INVALID 0x7ff4u

/* XEN_DOMCTL_createdomain, in neutral form. */
struct ag_domain_config {
	bool hvm, hap, iommu, vpmu;       /* XEN_DOMCTL_CDF_hvm / _hap / _iommu / _vpmu */
	uint32_t ssidref;
	uint8_t handle[AG_UUID_SIZE];
	uint32_t max_vcpus;
	uint32_t max_evtchn_port;
	int32_t max_grant_frames;         /* -1: the hypervisor's default */
	int32_t max_maptrack_frames;
	uint32_t max_grant_version;       /* grant_opts = XEN_DOMCTL_GRANT_version(v) */
	uint32_t cpupool_id;
	/* arch (Arm) */
	enum ag_gic gic;                  /* in: DEFAULT (= native) / V2 / V3; out: V2 / V3 */
	enum ag_tee tee;
	uint32_t sve_vl;                  /* SVE vector length in bits, 0 = none (Xen 4.18+) */
	uint32_t nr_spis;
	uint32_t clock_frequency;         /* out; 0 = none */
};

/* XEN_DOMCTL_getdomaininfo, in neutral form. */
struct ag_dominfo {
	uint32_t domid;
	bool dying, crashed, shutdown, paused, blocked, running;
	unsigned shutdown_reason;         /* SHUTDOWN_* when shutdown */
	uint64_t tot_pages, max_pages;
	uint64_t cpu_time_ns;
	unsigned nr_online_vcpus;
	unsigned max_vcpu_id;
	uint8_t handle[AG_UUID_SIZE];
	unsigned gpaddr_bits;
};

/* XEN_SYSCTL_physinfo: the capabilities libxl__domain_config_setdefault reads. */
struct ag_physinfo {
	bool cap_vpmu;           /* XEN_SYSCTL_PHYSCAP_vpmu */
	bool cap_gnttab_v1, cap_gnttab_v2;
	bool cap_directio;       /* XEN_SYSCTL_PHYSCAP_directio: an IOMMU for passthrough */
	unsigned sve_max_vl;     /* XEN_SYSCTL_PHYSCAP_ARM_SVE_MASK * 128: the host's SVE
				  * vector length in bits, 0 = no SVE (Xen 4.18+) */
	unsigned nr_cpus;
};

/* XEN_SCHEDULER_*, the ones armguest acts on. */
enum ag_sched {
	AG_SCHED_OTHER,
	AG_SCHED_CREDIT,
	AG_SCHED_CREDIT2,
};

/* The HVM parameters armguest touches (xen/hvm/params.h). */
enum ag_hvm_param {
	AG_PARAM_CALLBACK_IRQ,
	AG_PARAM_STORE_PFN,
	AG_PARAM_STORE_EVTCHN,
	AG_PARAM_CONSOLE_PFN,
	AG_PARAM_CONSOLE_EVTCHN,
};

/* What libxenguest chose, read back from its struct xc_dom_image. */
struct ag_dom_layout {
	uint64_t rambank_pages[2];        /* 4 KiB pages per bank */
	bool has_ramdisk;
	uint64_t ramdisk_start, ramdisk_end; /* modules[0].seg */
	bool has_dtb;
	uint64_t dtb_start, dtb_end;      /* devicetree_seg */
	uint64_t kernel_start, kernel_end;   /* kernel_seg */
	uint64_t console_pfn, store_pfn, vuart_gfn; /* after build_image */
	char guest_type[32];              /* "xen-3.0-aarch64", "xen-3.0-armv7l" */
};

/* Ports and backends libxenguest needs before build_image. */
struct ag_dom_ports {
	unsigned max_vcpus;
	uint32_t console_port, console_domid;
	uint32_t store_port, store_domid;
};

/* An opaque libxenguest image (struct xc_dom_image). */
struct ag_dom;

/* xenstore permissions (struct xs_permissions), neutral. */
enum ag_xs_perm {
	AG_XS_PERM_NONE,
	AG_XS_PERM_READ,
	AG_XS_PERM_WRITE,
	AG_XS_PERM_BOTH,
};

struct ag_xs_perms {
	uint32_t id;
	enum ag_xs_perm perms;
};

/* A console connection: an event channel handle plus a mapped ring. */
struct ag_evtchn;

/* A subscription to "some domain changed state" (the lifecycle monitor). */
struct ag_domexc;

struct ag_xenops {
	void *ctx;
	/*
	 * The domctl interface of the libxenctrl headers built against
	 * (XEN_DOMCTL_INTERFACE_VERSION: 0x15 in 4.17, 0x17 in 4.20): create
	 * checks it against the profile, so a binary whose headers and profile
	 * disagree refuses before any hypercall.  0: not known.
	 */
	uint32_t domctl_interface_version;

	/* --- libxenctrl: the hypervisor -------------------------------- */
	/* xc_version(XENVER_version). */
	int (*xen_version)(void *ctx, unsigned *major, unsigned *minor);
	/* xc_domain_create; *domid in: AG_DOMID_INVALID, out: the new domid. */
	int (*domain_create)(void *ctx, uint32_t *domid, struct ag_domain_config *cfg);
	/*
	 * xc_domain_set_llc_colors (Xen 4.20+; libxl calls it right after every
	 * createdomain, n = 0: the hypervisor's default colours).  -EOPNOTSUPP when
	 * the hypervisor has no LLC colouring, or, without a hypercall, when the
	 * libraries predate the call (4.17).
	 */
	int (*domain_set_llc_colors)(void *ctx, uint32_t domid, const uint32_t *colors,
				     unsigned n);
	/* xc_domain_getinfolist for exactly one domain: -ESRCH if it does not exist. */
	int (*domain_getinfo)(void *ctx, uint32_t domid, struct ag_dominfo *out);
	/* xc_domain_getinfolist from domid 0: fills up to max, returns the count. */
	int (*domain_list)(void *ctx, struct ag_dominfo *out, size_t max);
	int (*domain_max_vcpus)(void *ctx, uint32_t domid, unsigned max);
	/* xc_physinfo. */
	int (*physinfo)(void *ctx, struct ag_physinfo *out);
	/*
	 * xc_cpupool_getinfo: the first cpupool whose id is >= from (its id and
	 * scheduler in *id and *sched); -ENOENT when there is none.
	 */
	int (*cpupool_next)(void *ctx, uint32_t from, uint32_t *id, enum ag_sched *sched);
	/*
	 * xc_vcpu_setaffinity with XEN_VCPUAFFINITY_HARD and/or _SOFT: hard or
	 * soft NULL leaves that one alone.  The maps are AG_CPUMAP_WORDS words,
	 * CPU n at bit n % 64 of word n / 64; CPUs the host lacks are dropped
	 * (libxl__bitmap_copy_best_effort).
	 */
	int (*vcpu_setaffinity)(void *ctx, uint32_t domid, unsigned vcpu,
				const uint64_t *hard, const uint64_t *soft);
	/*
	 * xc_sched_credit{,2}_domain_get, then _set with weight and cap replaced
	 * where not AG_UNSET (-1).
	 */
	int (*sched_credit_set)(void *ctx, uint32_t domid, enum ag_sched sched, int weight,
				int cap);
	int (*domain_setmaxmem)(void *ctx, uint32_t domid, uint64_t max_kib);
	/* xc_evtchn_alloc_unbound: returns the port (>= 0). */
	int (*evtchn_alloc_unbound)(void *ctx, uint32_t domid, uint32_t remote_domid);
	int (*paging_mempool_set)(void *ctx, uint32_t domid, uint64_t bytes);
	int (*hvm_param_set)(void *ctx, uint32_t domid, enum ag_hvm_param p, uint64_t v);
	int (*hvm_param_get)(void *ctx, uint32_t domid, enum ag_hvm_param p, uint64_t *v);
	/* xc_dom_vuart_init(XEN_DOMCTL_VUART_TYPE_VPL011, ...): returns the port. */
	int (*vuart_init)(void *ctx, uint32_t domid, uint32_t console_domid, uint64_t gfn);
	int (*iomem_permission)(void *ctx, uint32_t domid, uint64_t first_mfn,
				uint64_t nr, bool allow);
	int (*memory_mapping)(void *ctx, uint32_t domid, uint64_t first_gfn,
			      uint64_t first_mfn, uint64_t nr, bool add);
	int (*bind_pt_spi_irq)(void *ctx, uint32_t domid, unsigned vspi, unsigned spi);
	int (*unbind_pt_spi_irq)(void *ctx, uint32_t domid, unsigned vspi, unsigned spi);
	int (*assign_dt_device)(void *ctx, uint32_t domid, const char *path);
	int (*deassign_dt_device)(void *ctx, uint32_t domid, const char *path);
	int (*domain_unpause)(void *ctx, uint32_t domid);
	int (*domain_destroy)(void *ctx, uint32_t domid);

	/* --- libxenguest: the domain builder (xc_dom_*) ----------------- */
	/* xc_dom_allocate + container type HVM + xc_dom_loginit. */
	int (*dom_allocate)(void *ctx, const char *cmdline, struct ag_dom **out);
	void (*dom_release)(void *ctx, struct ag_dom *dom);
	/*
	 * xc_dom_kernel_mem / xc_dom_module_mem over a private mapping of fd,
	 * the regular file the plan read (never a path: the file is not
	 * reopened).  -ESTALE when it is no longer size bytes; the mapping
	 * lives until dom_release.
	 */
	int (*dom_kernel_fd)(void *ctx, struct ag_dom *dom, int fd, uint64_t size);
	int (*dom_module_fd)(void *ctx, struct ag_dom *dom, int fd, uint64_t size);
	int (*dom_set_ports)(void *ctx, struct ag_dom *dom, const struct ag_dom_ports *p);
	int (*dom_boot_xen_init)(void *ctx, struct ag_dom *dom, uint32_t domid);
	int (*dom_rambase_init)(void *ctx, struct ag_dom *dom, uint64_t rambase);
	int (*dom_parse_image)(void *ctx, struct ag_dom *dom);
	/* xc_dom_devicetree_mem: blob must stay valid until dom_build_image. */
	int (*dom_devicetree_mem)(void *ctx, struct ag_dom *dom, const void *blob,
				  size_t size);
	int (*dom_mem_init)(void *ctx, struct ag_dom *dom, unsigned mem_mib);
	int (*dom_boot_mem_init)(void *ctx, struct ag_dom *dom);
	int (*dom_layout)(void *ctx, struct ag_dom *dom, struct ag_dom_layout *out);
	int (*dom_build_image)(void *ctx, struct ag_dom *dom);
	int (*dom_boot_image)(void *ctx, struct ag_dom *dom);
	int (*dom_gnttab_init)(void *ctx, struct ag_dom *dom);

	/* --- libxenstore (valid only when xs_available) ----------------- */
	/* Is a xenstored serving?  Never blocks. */
	bool (*xs_available)(void *ctx);
	/* *out malloc'd, NUL-terminated; -ENOENT if absent. */
	int (*xs_read)(void *ctx, const char *path, char **out);
	int (*xs_write)(void *ctx, const char *path, const char *value);
	int (*xs_set_perms)(void *ctx, const char *path,
			    const struct ag_xs_perms *perms, size_t n);
	/* The node's ACL (owner first) into out[max]; *n = its length (may be > max). */
	int (*xs_get_perms)(void *ctx, const char *path, struct ag_xs_perms *out, size_t max,
			    size_t *n);
	int (*xs_rm)(void *ctx, const char *path);
	int (*xs_introduce)(void *ctx, uint32_t domid, uint64_t store_mfn,
			    uint32_t store_port);
	/*
	 * xs_transaction_start: xs_read, xs_write, xs_set_perms, xs_get_perms
	 * and xs_rm then run inside it until xs_transaction_end, which commits
	 * (abort false) or drops it; -EAGAIN from a commit: another client
	 * changed what the transaction read, nothing was written, start again.
	 */
	int (*xs_transaction_start)(void *ctx);
	int (*xs_transaction_end)(void *ctx, bool abort);

	/* --- event channels and foreign mappings (console) -------------- */
	/* Open a handle and bind to remote (domid, port): returns the local port. */
	int (*evtchn_bind)(void *ctx, uint32_t domid, uint32_t remote_port,
			   struct ag_evtchn **out);
	int (*evtchn_fd)(void *ctx, struct ag_evtchn *e);
	/*
	 * Consume one pending event (xenevtchn_pending): its port stays masked,
	 * so no further event wakes the fd, until evtchn_unmask.  The console
	 * unmasks at once, or, over its rate limit, at the next period.
	 */
	int (*evtchn_take)(void *ctx, struct ag_evtchn *e);
	int (*evtchn_unmask)(void *ctx, struct ag_evtchn *e);
	int (*evtchn_notify)(void *ctx, struct ag_evtchn *e);
	void (*evtchn_close)(void *ctx, struct ag_evtchn *e);
	/* Map one guest page read-write; NULL with errno on failure. */
	void *(*map_guest_page)(void *ctx, uint32_t domid, uint64_t gfn);
	void (*unmap_guest_page)(void *ctx, void *page);

	/* --- domain lifecycle (the monitor, arm/monitor.c) ---------------- */
	/*
	 * Be woken when any domain shuts down or dies, as xl's monitor is
	 * (libxl's domain death events): a watch on @releaseDomain when a
	 * xenstored runs (xenstored holds VIRQ_DOM_EXC then), else VIRQ_DOM_EXC
	 * bound through an event channel.  *via says which ("@releaseDomain",
	 * "VIRQ_DOM_EXC").  -EEXIST: the VIRQ is bound by another process (Xen
	 * lets one per domain bind a global VIRQ).
	 */
	int (*domexc_open)(void *ctx, struct ag_domexc **out, const char **via);
	/* Wait at most timeout_ms: 1 woken (event consumed), 0 timed out, -EINTR, -errno. */
	int (*domexc_wait)(void *ctx, struct ag_domexc *w, int timeout_ms);
	void (*domexc_close)(void *ctx, struct ag_domexc *w);
	/* xc_domain_dumpcore: the domain's memory and vCPU state as an ELF core file at path. */
	int (*domain_dumpcore)(void *ctx, uint32_t domid, const char *path);

	/* --- the host ---------------------------------------------------- */
	/* Fill buf with random bytes (/dev/urandom). */
	int (*random_bytes)(void *ctx, void *buf, size_t len);
	/* Wall-clock time for /vm/<uuid>/start_time. */
	void (*now)(void *ctx, int64_t *sec, long *usec);
};

/*
 * The real implementation.  Opens libxenctrl (and, if a xenstored is
 * listening, libxenstore).  verbose: libxenguest's detail log on stderr.
 * Returns 0, or -errno with err filled.
 */
int ag_xenops_open(struct ag_xenops *ops, bool verbose, struct ag_err *err);
void ag_xenops_close(struct ag_xenops *ops);

#endif
