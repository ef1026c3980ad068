/* SPDX-License-Identifier: MIT */
/*
 * The creation sequence of tools/libs/light/libxl_create.c: initiate_domain_create
 * and libxl_dom.c: libxl__build_pre, libxl__build_dom (stable-4.17), one
 * function per stage, run in
 * order by ag_create_domain().  A stage that fails says why in c->reason;
 * the runner then unwinds the undo stack, destroys the domain if it exists,
 * and writes "create: stage <name> failed: <reason>; domain <id> destroyed".
 * SIGINT, SIGTERM, SIGHUP and SIGPIPE are caught for the whole sequence
 * (common/sig.h): one that arrives while a stage runs ends the sequence
 * after that stage with the same unwinding, "create: stage <name>
 * interrupted by SIGINT; domain <id> destroyed", and is left for main to
 * re-raise.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../fdt/builder.h"
#include "../common/file.h"
#include "../common/sig.h"
#include "create.h"
#include "create_internal.h"
#include "create_xenstore.h"
#include "domains.h"
#include "state.h"

static int fail(struct create_ctx *c, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct create_ctx *c, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->reason, sizeof(c->reason), fmt, ap);
	va_end(ap);
	return rc < 0 ? rc : -EIO;
}

static void warn(struct create_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void warn(struct create_ctx *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ag_diag_add(c->d, AG_WARNING, NULL, 0, 0, NULL, "%s", msg);
}

#define OPS(c) ((c)->ops)
#define CTX(c) ((c)->ops->ctx)

/* --- undo actions ----------------------------------------------------- */

/* The stages' own undo entries: the xenstore paths and --dtb-out. */
_Static_assert(AG_XS_TOP_PATHS + 1 <= AG_UNDO_STAGE_ENTRIES, "undo stack too small");

static int undo_xs_rm(void *env, const uint64_t arg[3], const char *path)
{
	struct create_ctx *c = env;
	int rc;

	(void)arg;
	rc = OPS(c)->xs_rm(CTX(c), path);
	return rc == -ENOENT ? 0 : rc;
}

static int undo_iomem_permission(void *env, const uint64_t arg[3], const char *str)
{
	struct create_ctx *c = env;

	(void)str;
	return OPS(c)->iomem_permission(CTX(c), c->domid, arg[0], arg[1], false);
}

static int undo_memory_mapping(void *env, const uint64_t arg[3], const char *str)
{
	struct create_ctx *c = env;

	(void)str;
	return OPS(c)->memory_mapping(CTX(c), c->domid, arg[0], arg[1], arg[2], false);
}

static int undo_bind_irq(void *env, const uint64_t arg[3], const char *str)
{
	struct create_ctx *c = env;

	(void)str;
	return OPS(c)->unbind_pt_spi_irq(CTX(c), c->domid, (unsigned)arg[0], (unsigned)arg[0]);
}

static int undo_assign_dt(void *env, const uint64_t arg[3], const char *path)
{
	struct create_ctx *c = env;

	(void)arg;
	return OPS(c)->deassign_dt_device(CTX(c), c->domid, path);
}

static int undo_dtb_out(void *env, const uint64_t arg[3], const char *path)
{
	(void)env;
	(void)arg;
	return unlink(path) == 0 || errno == ENOENT ? 0 : -errno;
}

static int push(struct create_ctx *c,
		int (*run)(void *env, const uint64_t arg[3], const char *str),
		uint64_t a0, uint64_t a1, uint64_t a2, const char *str)
{
	if (ag_undo_push(&c->undo, c->stage, run, a0, a1, a2, str))
		return fail(c, -ENOSPC, "too many undo entries (more than %d)", AG_UNDO_MAX);
	return 0;
}

/* --- stages before the domain exists ------------------------------------ */

static int st_xen_version(struct create_ctx *c)
{
	const char *target = c->opts->target_version ? c->opts->target_version
						     : c->p->version;
	char running[32];
	unsigned major, minor;
	int rc = OPS(c)->xen_version(CTX(c), &major, &minor);

	if (rc)
		return fail(c, rc, "xc_version: %s", strerror(-rc));
	snprintf(running, sizeof(running), "%u.%u", major, minor);
	if (strcmp(running, target) || major != c->p->xen_major || minor != c->p->xen_minor)
		return fail(c, -EPROTONOSUPPORT,
			    "this armguest is built for Xen %s but the hypervisor is Xen %s;"
			    " use an armguest built for Xen %s", target, running, running);
	/* The headers decide the ABI spoken; the profile must be of the same release. */
	if (OPS(c)->domctl_interface_version &&
	    OPS(c)->domctl_interface_version != c->p->domctl_interface_version)
		return fail(c, -EPROTONOSUPPORT,
			    "this armguest's libxenctrl speaks domctl interface 0x%" PRIx32
			    " but Xen %s's is 0x%" PRIx32 ": it was built against another"
			    " release's headers", OPS(c)->domctl_interface_version, c->p->version,
			    c->p->domctl_interface_version);
	c->xen_major = major;
	c->xen_minor = minor;
	return 0;
}

static uint32_t read_tool_domid(struct create_ctx *c, const char *path)
{
	char *val = NULL, *end;
	unsigned long v;

	if (OPS(c)->xs_read(CTX(c), path, &val))
		return 0;
	v = strtoul(val, &end, 10);
	if (*end || end == val || v >= AG_DOMID_INVALID)
		v = 0;
	free(val);
	return (uint32_t)v;
}

static int st_name_check(struct create_ctx *c)
{
	struct ag_err err;
	uint32_t other;
	int rc;

	/* No other create of this name (armguest's or xl's) until ours is recorded. */
	rc = ag_create_lock_take(&c->lock, c->run_dir, c->g->name, c->opts->xl_lockfile, &err);
	if (rc)
		return fail(c, rc, "%s", err.msg);

	c->xs = OPS(c)->xs_available(CTX(c));
	if (c->xs) {
		/* libxl__build_pre: the back ends may live outside dom0. */
		c->store_domid = read_tool_domid(c, "/tool/xenstored/domid");
		c->console_domid = read_tool_domid(c, "/tool/xenconsoled/domid");
	}
	rc = ag_domain_find_name(OPS(c), c->run_dir, c->g->name, &other);
	if (rc == 0)
		return fail(c, -EEXIST, "domain with name \"%s\" already exists (domain %" PRIu32 ")",
			    c->g->name, other);
	if (rc != -ESRCH)
		return fail(c, rc, "cannot list domains: %s", strerror(-rc));
	return 0;
}

/*
 * tools/libs/light/libxl_create.c: libxl__domain_config_setdefault
 * (stable-4.17): what the host must offer, and the grant version it decides.
 */
static int st_physinfo(struct create_ctx *c)
{
	struct ag_domain_config *cfg = &c->plan.cfg;
	struct ag_physinfo pi;
	int rc = OPS(c)->physinfo(CTX(c), &pi);

	if (rc)
		return fail(c, rc, "xc_physinfo: %s", strerror(-rc));
	if (cfg->iommu && !pi.cap_directio)
		return fail(c, -EOPNOTSUPP, "passthrough not supported on this platform (the"
			    " host has no IOMMU for `dtdev' or `passthrough')");
	if (cfg->vpmu && !pi.cap_vpmu)
		return fail(c, -EOPNOTSUPP, "vPMU not supported on this platform (`vpmu')");
	/* libxl_arm.c: libxl__arch_domain_build_info_setdefault (stable-4.20). */
	if (cfg->sve_vl && !pi.sve_max_vl)
		return fail(c, -EOPNOTSUPP, "SVE is unsupported on this machine. (`sve')");
	if (cfg->sve_vl == AG_SVE_HW)
		cfg->sve_vl = pi.sve_max_vl;
	else if (cfg->sve_vl > pi.sve_max_vl)
		return fail(c, -EINVAL, "Invalid sve value: %u. Platform supports up to %u bits (`sve')",
			    cfg->sve_vl, pi.sve_max_vl);
	/* libxl__domain_build_info_setdefault: the highest version the host has. */
	if (c->plan.grant_version_from_host)
		cfg->max_grant_version = pi.cap_gnttab_v2 ? 2 : pi.cap_gnttab_v1 ? 1 : 0;
	return 0;
}

/*
 * libxl_cpupool_qualifier_to_cpupoolid (tools/libs/light/libxl_utils.c,
 * stable-4.17): a pool's name is /local/pool/<id>/name in xenstore.
 */
static int st_pool(struct create_ctx *c)
{
	const char *name = c->plan.pool_name;
	enum ag_sched sched;
	uint32_t id, from = 0;

	if (!name)
		return 0;
	if (!c->xs)
		return fail(c, -ENOENT, "pool \"%s\": cpupool names live in xenstore and no"
			    " xenstored is running; give the pool's id (pool = \"1\")", name);
	while (OPS(c)->cpupool_next(CTX(c), from, &id, &sched) == 0) {
		char path[64], *v = NULL;
		bool match;

		snprintf(path, sizeof(path), "/local/pool/%" PRIu32 "/name", id);
		if (OPS(c)->xs_read(CTX(c), path, &v))
			v = NULL;
		match = v && !strcmp(v, name);
		free(v);
		if (match) {
			c->plan.cfg.cpupool_id = id;
			return 0;
		}
		from = id + 1;
	}
	return fail(c, -EINVAL, "Illegal pool specified: %s", name);
}

/* --- the domain ----------------------------------------------------------- */

static int st_createdomain(struct create_ctx *c)
{
	struct ag_domain_config cfg = c->plan.cfg;
	uint32_t domid = AG_DOMID_INVALID;
	int rc;

	if (c->g->has_uuid) {
		memcpy(c->res->uuid, c->g->uuid, AG_UUID_SIZE);
	} else {
		rc = OPS(c)->random_bytes(CTX(c), c->res->uuid, AG_UUID_SIZE);
		if (rc)
			return fail(c, rc, "no random bytes for the UUID: %s", strerror(-rc));
		/* A version-4 (random) UUID, as libxl_uuid_generate makes. */
		c->res->uuid[6] = (uint8_t)((c->res->uuid[6] & 0x0f) | 0x40);
		c->res->uuid[8] = (uint8_t)((c->res->uuid[8] & 0x3f) | 0x80);
	}
	ag_uuid_format(c->res->uuid, c->uuid_str);
	memcpy(cfg.handle, c->res->uuid, AG_UUID_SIZE);

	rc = OPS(c)->domain_create(CTX(c), &domid, &cfg);
	if (rc)
		return fail(c, rc, "xc_domain_create (gic %s, %u vCPUs, %u SPIs): %s%s",
			    ag_gic_name(cfg.gic), cfg.max_vcpus, cfg.nr_spis, strerror(-rc),
			    /* xen/arch/arm/domain.c: arch_sanitise_domain_config */
			    rc == -EINVAL && cfg.tee == AG_TEE_FFA
				    ? " (tee = \"ffa\": a hypervisor built without the FF-A "
				      "mediator refuses it this way)"
				    : "");
	c->domid = domid;
	c->have_domain = true;
	c->res->domid = domid;
	if (cfg.gic != AG_GIC_V2 && cfg.gic != AG_GIC_V3)
		return fail(c, -EINVAL, "Unexpected gic version %d", (int)cfg.gic);
	if (c->g->gic != AG_GIC_DEFAULT && cfg.gic != c->g->gic)
		return fail(c, -EINVAL, "asked for vGIC %s, Xen gave %s",
			    ag_gic_name(c->g->gic), ag_gic_name(cfg.gic));
	c->res->gic = cfg.gic;
	c->res->clock_frequency = cfg.clock_frequency;
	return 0;
}

/*
 * Xen 4.20's libxl sets the LLC colours after every createdomain
 * (libxl_create.c: libxl__domain_make, stable-4.20); with none configured,
 * EOPNOTSUPP (no colouring in the hypervisor, or 4.17) is fine.  A
 * colouring hypervisor gives a domain no colours until this is called.
 * No sysctl tells whether the hypervisor colours, so `llc_colors' on one
 * that does not is found out here, with the domain made (and unwound).
 */
static int st_llc_colors(struct create_ctx *c)
{
	unsigned n = (unsigned)c->plan.n_llc_colors;
	int rc = OPS(c)->domain_set_llc_colors(CTX(c), c->domid, c->plan.llc_colors, n);

	if (rc == -EOPNOTSUPP && !n)
		return 0;
	if (rc == -EOPNOTSUPP)
		return fail(c, rc, "LLC coloring not enabled in the hypervisor (`llc_colors'): %s",
			    strerror(-rc));
	return rc ? fail(c, rc, "LLC colors allocation failed (`llc_colors'): %s",
			 strerror(-rc)) : 0;
}

static int st_domaininfo(struct create_ctx *c)
{
	struct ag_dominfo info;
	int rc = OPS(c)->domain_getinfo(CTX(c), c->domid, &info);

	if (rc)
		return fail(c, rc, "xc_domain_getinfolist: %s", strerror(-rc));
	c->res->gpaddr_bits = info.gpaddr_bits;
	return 0;
}

static int st_max_vcpus(struct create_ctx *c)
{
	int rc = OPS(c)->domain_max_vcpus(CTX(c), c->domid, c->g->max_vcpus);

	return rc ? fail(c, rc, "xc_domain_max_vcpus(%u): %s", c->g->max_vcpus, strerror(-rc)) : 0;
}

/* libxl_dom.c: libxl__build_pre: one call per vCPU, hard and soft together. */
static int st_affinity(struct create_ctx *c)
{
	const struct ag_guest *g = c->g;
	size_t n = g->n_cpus_hard > g->n_cpus_soft ? g->n_cpus_hard : g->n_cpus_soft;

	for (size_t i = 0; i < n; i++) {
		int rc = OPS(c)->vcpu_setaffinity(CTX(c), c->domid, (unsigned)i,
						  i < g->n_cpus_hard ? g->cpus_hard[i].w : NULL,
						  i < g->n_cpus_soft ? g->cpus_soft[i].w : NULL);

		if (rc)
			return fail(c, rc, "setting affinity failed on vcpu `%zu': %s", i,
				    strerror(-rc));
	}
	return 0;
}

static int st_setmaxmem(struct create_ctx *c)
{
	int rc = OPS(c)->domain_setmaxmem(CTX(c), c->domid, c->plan.maxmem_kib);

	return rc ? fail(c, rc, "xc_domain_setmaxmem(%" PRIu64 " KiB): %s", c->plan.maxmem_kib,
			 strerror(-rc)) : 0;
}

static int st_evtchn(struct create_ctx *c)
{
	int port = OPS(c)->evtchn_alloc_unbound(CTX(c), c->domid, c->store_domid);

	if (port < 0)
		return fail(c, port, "xc_evtchn_alloc_unbound (xenstore): %s", strerror(-port));
	c->res->store_port = (uint32_t)port;
	port = OPS(c)->evtchn_alloc_unbound(CTX(c), c->domid, c->console_domid);
	if (port < 0)
		return fail(c, port, "xc_evtchn_alloc_unbound (console): %s", strerror(-port));
	c->res->console_port = (uint32_t)port;
	return 0;
}

static int st_paging_pool(struct create_ctx *c)
{
	int rc = OPS(c)->paging_mempool_set(CTX(c), c->domid, c->plan.paging_bytes);

	return rc ? fail(c, rc, "xc_set_paging_mempool_size(%" PRIu64 " bytes): %s",
			 c->plan.paging_bytes, strerror(-rc)) : 0;
}

/* --- the image ------------------------------------------------------------ */

static int st_kernel_load(struct create_ctx *c)
{
	struct ag_dom_ports ports = {
		.max_vcpus = c->g->max_vcpus,
		.console_port = c->res->console_port,
		.console_domid = c->console_domid,
		.store_port = c->res->store_port,
		.store_domid = c->store_domid,
	};
	int rc = OPS(c)->dom_allocate(CTX(c), c->g->cmdline, &c->dom);

	if (rc)
		return fail(c, rc, "xc_dom_allocate: %s", strerror(-rc));
	rc = OPS(c)->dom_set_ports(CTX(c), c->dom, &ports);
	if (rc)
		return fail(c, rc, "setting the image's event channels: %s", strerror(-rc));
	/* The descriptor the plan read: the path is not opened again. */
	rc = OPS(c)->dom_kernel_fd(CTX(c), c->dom, c->pl.files.kernel_fd, c->pl.files.kernel_size);
	if (rc == -ESTALE)
		return fail(c, rc, "%s changed since it was read (it was %" PRIu64 " bytes)",
			    c->g->kernel, c->pl.files.kernel_size);
	if (rc)
		return fail(c, rc, "xc_dom_kernel_mem(%s): %s", c->g->kernel, strerror(-rc));
	return 0;
}

static int st_ramdisk_load(struct create_ctx *c)
{
	int rc;

	if (!c->pl.files.has_ramdisk)
		return 0;
	rc = OPS(c)->dom_module_fd(CTX(c), c->dom, c->pl.files.ramdisk_fd,
				   c->pl.files.ramdisk_size);
	if (rc == -ESTALE)
		return fail(c, rc, "%s changed since it was read (it was %" PRIu64 " bytes)",
			    c->g->ramdisk, c->pl.files.ramdisk_size);
	return rc ? fail(c, rc, "xc_dom_module_mem(%s): %s", c->g->ramdisk, strerror(-rc)) : 0;
}

static int st_xen_init(struct create_ctx *c)
{
	int rc = OPS(c)->dom_boot_xen_init(CTX(c), c->dom, c->domid);

	if (rc)
		return fail(c, rc, "xc_dom_boot_xen_init: %s", strerror(-rc));
	rc = OPS(c)->dom_rambase_init(CTX(c), c->dom, c->p->ram_bank[0].base);
	if (rc)
		return fail(c, rc, "xc_dom_rambase_init(0x%" PRIx64 "): %s", c->p->ram_bank[0].base,
			    strerror(-rc));
	return 0;
}

static int st_parse_image(struct create_ctx *c)
{
	struct ag_dom_layout l;
	int rc = OPS(c)->dom_parse_image(CTX(c), c->dom);

	if (rc)
		return fail(c, rc, "xc_dom_parse_image(%s): %s", c->g->kernel, strerror(-rc));
	rc = OPS(c)->dom_layout(CTX(c), c->dom, &l);
	if (rc)
		return fail(c, rc, "reading the parsed image: %s", strerror(-rc));
	c->kernel_arm32 = strcmp(l.guest_type, "xen-3.0-aarch64") != 0;
	return 0;
}

static int st_callback_irq(struct create_ctx *c)
{
	int rc = OPS(c)->hvm_param_set(CTX(c), c->domid, AG_PARAM_CALLBACK_IRQ,
				       c->plan.callback_irq);

	return rc ? fail(c, rc, "xc_hvm_param_set(HVM_PARAM_CALLBACK_IRQ, 0x%016" PRIx64 "): %s",
			 c->plan.callback_irq, strerror(-rc)) : 0;
}

static int st_build_dtb(struct create_ctx *c)
{
	const struct ag_host_facts host = {
		.gic = c->res->gic,
		.gpaddr_bits = c->res->gpaddr_bits,
		.clock_frequency = c->res->clock_frequency,
	};
	struct ag_err ferr = { 0 };
	int rc = OPS(c)->random_bytes(CTX(c), c->seed, sizeof(c->seed));

	if (rc)
		return fail(c, rc, "no random bytes for /chosen/rng-seed: %s", strerror(-rc));
	/* The plan's files, read once before the domain existed; Xen's answers now. */
	ag_plan_fdt_input(&c->pl, &host, c->seed, &c->fdt_in);
	c->fdt_in.xen_major = c->xen_major;
	c->fdt_in.xen_minor = c->xen_minor;
	c->fdt_in.kernel_arm32 = c->kernel_arm32;
	rc = ag_fdt_build(&c->fdt_in, &c->dtb, &c->dtb_size, &ferr);
	if (rc)
		return fail(c, rc, "%s%s%s", ferr.key ? ferr.key : "", ferr.key ? ": " : "",
			    ferr.msg[0] ? ferr.msg : strerror(-rc));
	c->res->dtb_size = c->dtb_size;
	rc = OPS(c)->dom_devicetree_mem(CTX(c), c->dom, c->dtb, c->dtb_size);
	return rc ? fail(c, rc, "xc_dom_devicetree_mem: %s", strerror(-rc)) : 0;
}

static int st_mem_init(struct create_ctx *c)
{
	int rc = OPS(c)->dom_mem_init(CTX(c), c->dom, c->plan.ram_mib);

	return rc ? fail(c, rc, "xc_dom_mem_init(%u MiB): %s", c->plan.ram_mib, strerror(-rc)) : 0;
}

static int st_boot_mem_init(struct create_ctx *c)
{
	int rc = OPS(c)->dom_boot_mem_init(CTX(c), c->dom);

	return rc ? fail(c, rc, "xc_dom_boot_mem_init: %s", strerror(-rc)) : 0;
}

static int st_finalise_dtb(struct create_ctx *c)
{
	struct ag_err ferr = { 0 };
	struct ag_dom_layout l;
	int rc = OPS(c)->dom_layout(CTX(c), c->dom, &l);

	if (rc)
		return fail(c, rc, "reading libxenguest's layout: %s", strerror(-rc));
	ag_layout_from_dom(c->p, &l, &c->res->layout);
	ag_layout_check(c, &c->res->layout);
	rc = ag_fdt_finalise(c->dtb, &c->fdt_in, &c->res->layout, &ferr);
	if (rc)
		return fail(c, rc, "%s", ferr.msg[0] ? ferr.msg : strerror(-rc));
	if (c->opts->dtb_out) {
		/* It holds the guest's real rng-seed: for root only. */
		rc = ag_write_file_atomic_mode(c->opts->dtb_out, c->dtb, c->dtb_size, 0600);
		if (rc)
			return fail(c, rc, "writing %s: %s", c->opts->dtb_out, strerror(-rc));
		/* The tree of a guest that never ran must not outlive the failure. */
		rc = push(c, undo_dtb_out, 0, 0, 0, c->opts->dtb_out);
		if (rc)
			return rc;
	}
	return 0;
}

static int st_build_image(struct create_ctx *c)
{
	struct ag_dom_layout l;
	int rc = OPS(c)->dom_build_image(CTX(c), c->dom);

	if (rc)
		return fail(c, rc, "xc_dom_build_image: %s", strerror(-rc));
	rc = OPS(c)->dom_layout(CTX(c), c->dom, &l);
	if (rc)
		return fail(c, rc, "reading the magic pages: %s", strerror(-rc));
	c->res->console_gfn = l.console_pfn;
	c->res->store_gfn = l.store_pfn;
	c->res->vuart_gfn = l.vuart_gfn;
	return 0;
}

/* libxenguest set the console parameters; the console works only if they are right. */
static int st_console_params(struct create_ctx *c)
{
	uint64_t pfn, port;
	int rc = OPS(c)->hvm_param_get(CTX(c), c->domid, AG_PARAM_CONSOLE_PFN, &pfn);

	if (rc)
		return fail(c, rc, "xc_hvm_param_get(HVM_PARAM_CONSOLE_PFN): %s", strerror(-rc));
	rc = OPS(c)->hvm_param_get(CTX(c), c->domid, AG_PARAM_CONSOLE_EVTCHN, &port);
	if (rc)
		return fail(c, rc, "xc_hvm_param_get(HVM_PARAM_CONSOLE_EVTCHN): %s", strerror(-rc));
	if (pfn != c->p->magic_pfn_console || pfn != c->res->console_gfn)
		return fail(c, -EPROTO, "console ring at pfn 0x%" PRIx64 ", expected 0x%" PRIx64,
			    pfn, c->p->magic_pfn_console);
	if (port != c->res->console_port)
		return fail(c, -EPROTO, "console event channel is %" PRIu64 ", expected %" PRIu32,
			    port, c->res->console_port);
	return 0;
}

static int st_boot_image(struct create_ctx *c)
{
	int rc = OPS(c)->dom_boot_image(CTX(c), c->dom);

	return rc ? fail(c, rc, "xc_dom_boot_image: %s", strerror(-rc)) : 0;
}

static int st_gnttab(struct create_ctx *c)
{
	int rc = OPS(c)->dom_gnttab_init(CTX(c), c->dom);

	return rc ? fail(c, rc, "xc_dom_gnttab_init: %s", strerror(-rc)) : 0;
}

static int st_vuart(struct create_ctx *c)
{
	int port;

	if (!c->g->vuart)
		return 0;
	port = OPS(c)->vuart_init(CTX(c), c->domid, c->console_domid, c->res->vuart_gfn);
	if (port < 0)
		return fail(c, port, "xc_dom_vuart_init failed: %s", strerror(-port));
	c->res->vuart_port = (uint32_t)port;
	return 0;
}

/* --- after the build ------------------------------------------------------- */

/*
 * libxl_dom.c: libxl__build_post -> libxl_domain_sched_params_set
 * (stable-4.17): the scheduler of the domain's pool decides; xl's weight and
 * cap mean something to credit and credit2 only.
 */
static int st_sched(struct create_ctx *c)
{
	uint32_t pool = c->plan.cfg.cpupool_id, id;
	enum ag_sched sched;
	int rc;

	if (!c->plan.set_sched)
		return 0;
	rc = OPS(c)->cpupool_next(CTX(c), pool, &id, &sched);
	if (rc || id != pool)
		return fail(c, rc ? rc : -ENOENT, "finding the scheduler of cpupool %" PRIu32 ": %s",
			    pool, strerror(rc ? -rc : ENOENT));
	if (sched == AG_SCHED_OTHER) {
		warn(c, "cpu_weight and cap are ignored: the scheduler of cpupool %" PRIu32
		     " is neither credit nor credit2", pool);
		return 0;
	}
	rc = OPS(c)->sched_credit_set(CTX(c), c->domid, sched, c->g->sched_weight,
				      c->g->sched_cap);
	return rc ? fail(c, rc, "xc_sched_credit%s_domain_set (weight %d, cap %d): %s",
			 sched == AG_SCHED_CREDIT2 ? "2" : "", c->g->sched_weight,
			 c->g->sched_cap, strerror(-rc)) : 0;
}

static int st_xenstore(struct create_ctx *c)
{
	const struct ag_guest *g = c->g;
	struct ag_xs_domain x = {
		.domid = c->domid,
		.name = g->name,
		.uuid = c->uuid_str,
		.type = "pvh",
		.console_domid = c->console_domid,
		.store_domid = c->store_domid,
		.max_kib = g->maxmem_kib,
		.target_kib = g->memory_kib,
		.video_kib = g->videoram_kib,
		.vcpus = g->vcpus,
		.max_vcpus = g->max_vcpus,
		.store_port = c->res->store_port,
		.store_gfn = c->res->store_gfn,
		.console_port = c->res->console_port,
		.console_gfn = c->res->console_gfn,
		.vuart = g->vuart,
		.vuart_port = c->res->vuart_port,
		.vuart_gfn = c->res->vuart_gfn,
	};
	struct ag_err err;
	size_t n;
	int rc;

	if (!c->xs) {
		/*
		 * No xenstored: a zeroed store page would make Linux wait for a
		 * reply forever (Linux drivers/xen/xenbus/xenbus_probe.c: xenbus_init;
		 * docs/create.md); 0 means "no xenstore".
		 */
		rc = OPS(c)->hvm_param_set(CTX(c), c->domid, AG_PARAM_STORE_PFN, 0);
		return rc ? fail(c, rc, "no xenstored, and xc_hvm_param_set(HVM_PARAM_STORE_PFN, 0): %s",
				 strerror(-rc)) : 0;
	}
	OPS(c)->now(CTX(c), &x.start_sec, &x.start_usec);
	n = ag_xs_top_paths(&x, c->xs_paths);
	for (size_t i = 0; i < n; i++) {
		rc = push(c, undo_xs_rm, 0, 0, 0, c->xs_paths[i]);
		if (rc)
			return rc;
	}
	rc = ag_xs_write_domain(OPS(c), &x, &err);
	if (rc)
		return fail(c, rc, "%s", err.msg);
	c->res->xenstore = true;
	return 0;
}

static int st_iomem(struct create_ctx *c)
{
	for (size_t i = 0; i < c->g->n_iomem; i++) {
		const struct ag_iomem *io = &c->g->iomem[i];
		int rc = OPS(c)->iomem_permission(CTX(c), c->domid, io->start_pfn, io->nr_pfns, true);

		if (rc)
			return fail(c, rc, "failed give domain access to iomem range %" PRIx64 "-%" PRIx64
				    ": %s", io->start_pfn, io->start_pfn + io->nr_pfns - 1, strerror(-rc));
		rc = push(c, undo_iomem_permission, io->start_pfn, io->nr_pfns, 0, NULL);
		if (rc)
			return rc;
		rc = OPS(c)->memory_mapping(CTX(c), c->domid, io->gfn, io->start_pfn, io->nr_pfns, true);
		if (rc)
			return fail(c, rc, "failed to map to domain iomem range %" PRIx64 "-%" PRIx64
				    " to guest address %" PRIx64 ": %s", io->start_pfn,
				    io->start_pfn + io->nr_pfns - 1, io->gfn, strerror(-rc));
		rc = push(c, undo_memory_mapping, io->gfn, io->start_pfn, io->nr_pfns, NULL);
		if (rc)
			return rc;
	}
	return 0;
}

static int st_irqs(struct create_ctx *c)
{
	for (size_t i = 0; i < c->g->n_irqs; i++) {
		unsigned irq = c->g->irqs[i];
		int rc = OPS(c)->bind_pt_spi_irq(CTX(c), c->domid, irq, irq);

		if (rc)
			return fail(c, rc, "failed give domain access to irq %u: %s", irq, strerror(-rc));
		rc = push(c, undo_bind_irq, irq, 0, 0, NULL);
		if (rc)
			return rc;
	}
	return 0;
}

static int st_dtdev(struct create_ctx *c)
{
	for (size_t i = 0; i < c->g->n_dtdevs; i++) {
		const char *path = c->g->dtdevs[i];
		int rc = OPS(c)->assign_dt_device(CTX(c), c->domid, path);

		if (rc)
			return fail(c, rc, "xc_assign_dtdevice failed: %s: %s", path, strerror(-rc));
		rc = push(c, undo_assign_dt, 0, 0, 0, path);
		if (rc)
			return rc;
	}
	return 0;
}

static int st_state_file(struct create_ctx *c)
{
	struct ag_state s = {
		.domid = c->domid,
		.memory_kib = c->g->memory_kib,
		.console_port = c->res->console_port,
		.console_gfn = c->res->console_gfn,
		.vuart = c->g->vuart,
		.vuart_port = c->res->vuart_port,
		.vuart_gfn = c->res->vuart_gfn,
		.xenstore = c->res->xenstore,
	};
	int rc;

	if (strlen(c->g->name) >= sizeof(s.name))
		return fail(c, -ENAMETOOLONG, "name longer than %zu bytes", sizeof(s.name) - 1);
	strcpy(s.name, c->g->name);
	memcpy(s.uuid, c->res->uuid, AG_UUID_SIZE);
	rc = ag_state_write(c->run_dir, &s);
	if (rc)
		return fail(c, rc, "writing %s/%" PRIu32 ".state: %s", c->run_dir, c->domid,
			    strerror(-rc));
	/* No undo: unwind() removes the record only once the domain is gone. */
	c->state_written = true;
	/* Recorded: a create of the same name now finds this domain. */
	ag_create_lock_release(&c->lock);
	return 0;
}

static int st_unpause(struct create_ctx *c)
{
	int rc;

	if (c->opts->paused)
		return 0;
	rc = OPS(c)->domain_unpause(CTX(c), c->domid);
	return rc ? fail(c, rc, "xc_domain_unpause: %s", strerror(-rc)) : 0;
}

/* The stages, in execution order. */
#define AG_CREATE_STAGES(X) \
	X(xen_version) X(name_check) X(physinfo) X(pool) X(createdomain) X(llc_colors) \
	X(domaininfo) X(max_vcpus) X(affinity) X(setmaxmem) X(evtchn) X(paging_pool) \
	X(kernel_load) X(ramdisk_load) X(xen_init) X(parse_image) X(callback_irq) X(build_dtb) \
	X(mem_init) X(boot_mem_init) X(finalise_dtb) X(build_image) X(console_params) \
	X(boot_image) X(gnttab) X(vuart) X(sched) X(xenstore) X(iomem) X(irqs) X(dtdev) \
	X(state_file) X(unpause)

#define STAGE_ENTRY(name) { #name, st_##name },
#define STAGE_NAME(name) #name,

static const struct stage {
	const char *name;
	int (*run)(struct create_ctx *c);
} stages[] = { AG_CREATE_STAGES(STAGE_ENTRY) };

#define NSTAGES (sizeof(stages) / sizeof(stages[0]))

const char *const ag_create_stages[] = { AG_CREATE_STAGES(STAGE_NAME) NULL };

static void report_undo_error(void *env, const char *stage, int rc)
{
	struct create_ctx *c = env;

	warn(c, "undoing stage %s of domain %" PRIu32 " failed: %s", stage, c->domid,
	     strerror(-rc));
}

/* Unwind after a failure; returns the text appended to the error line. */
static void unwind(struct create_ctx *c, char *tail, size_t len)
{
	int rc;

	tail[0] = '\0';
	ag_undo_run(&c->undo, c, report_undo_error);
	if (!c->have_domain)
		return;
	rc = OPS(c)->domain_destroy(CTX(c), c->domid);
	if (rc == 0) {
		c->res->destroyed = true;
		snprintf(tail, len, "; domain %" PRIu32 " destroyed", c->domid);
		if (c->state_written && (rc = ag_state_remove(c->run_dir, c->domid)))
			warn(c, "removing %s/%" PRIu32 ".state failed: %s", c->run_dir, c->domid,
			     strerror(-rc));
	} else if (c->state_written) {
		/* The domain outlives us: keep its record so destroy and list find it. */
		snprintf(tail, len, "; destroying domain %" PRIu32 " failed too: %s; it stays"
			 " recorded in %s for `armguest destroy %" PRIu32 "`", c->domid,
			 strerror(-rc), c->run_dir, c->domid);
	} else {
		snprintf(tail, len, "; destroying domain %" PRIu32 " failed too: %s", c->domid,
			 strerror(-rc));
	}
}

static void cleanup(struct create_ctx *c)
{
	ag_create_lock_release(&c->lock);
	if (c->dom)
		OPS(c)->dom_release(CTX(c), c->dom);
	free(c->dtb);
	ag_plan_free(&c->pl);
}

/*
 * The plan stage first, as `create -n` runs it, so that a config the builder
 * or the layout would refuse (a bad partial tree, a command line over the
 * size bound, a kernel that is not an Image, too little RAM) is refused with
 * its config line before any domain exists.  The host's GIC is not known
 * yet; v3 stands in for it, as in `create -n`.  The files it read serve the
 * real build later.
 */
static int plan_offline(struct create_ctx *c)
{
	static const uint8_t seed[AG_RNG_SEED_SIZE];
	const struct ag_plan_opts po = {
		.host = { .gic = c->g->gic != AG_GIC_DEFAULT ? c->g->gic : AG_GIC_V3,
			  .gpaddr_bits = AG_PLAN_GPADDR_BITS },
		.seed = seed,
		.allow_zimage32 = true,
		.timings = c->opts->timings,
	};

	return ag_plan_make(c->g, c->p, &po, &c->pl, c->d);
}

int ag_create_domain(const struct ag_xenops *ops, const struct ag_guest *g,
		     const struct ag_profile *p, const struct ag_create_opts *opts,
		     struct ag_create_result *res, struct ag_diags *d)
{
	struct ag_timings *t = opts->timings;
	struct ag_sig_saved saved;
	struct create_ctx *c;
	uint64_t t0;
	int rc;

	memset(res, 0, sizeof(*res));
	res->domid = AG_DOMID_INVALID;
	c = calloc(1, sizeof(*c));
	if (!c) {
		snprintf(res->msg, sizeof(res->msg), "create: out of memory");
		return -ENOMEM;
	}
	c->ops = ops;
	c->g = g;
	c->p = p;
	c->opts = opts;
	c->res = res;
	c->d = d;
	c->run_dir = opts->run_dir ? opts->run_dir : AG_RUN_DIR_DEFAULT;
	ag_undo_init(&c->undo);
	ag_create_lock_init(&c->lock);

	t0 = ag_timings_now(t);
	rc = ag_create_plan(g, p, &c->plan, d);
	ag_timings_end(t, "create_plan", t0);
	if (!rc)
		rc = plan_offline(c);
	if (rc) {
		snprintf(res->msg, sizeof(res->msg), "create: the configuration cannot be created");
		ag_plan_free(&c->pl);
		free(c);
		return rc;
	}
	ag_sig_catch(&saved);
	for (size_t i = 0; i < NSTAGES; i++) {
		char tail[320], nbuf[16];
		int sig;

		c->stage = stages[i].name;
		c->reason[0] = '\0';
		t0 = ag_timings_now(t);
		rc = stages[i].run(c);
		ag_timings_end(t, c->stage, t0);
		sig = ag_sig_caught();
		if (rc == 0 && !sig)
			continue;
		unwind(c, tail, sizeof(tail));
		snprintf(res->failed_stage, sizeof(res->failed_stage), "%s", c->stage);
		if (sig) {
			/* Whatever the stage said: it was cut short or its result is dropped. */
			rc = -EINTR;
			res->signal = sig;
			snprintf(res->msg, sizeof(res->msg), "create: stage %s interrupted by %s%s",
				 c->stage, ag_sig_name(sig, nbuf, sizeof(nbuf)), tail);
		} else {
			snprintf(res->msg, sizeof(res->msg), "create: stage %s failed: %s%s",
				 c->stage, c->reason[0] ? c->reason : strerror(-rc), tail);
		}
		if (!c->have_domain)
			res->domid = AG_DOMID_INVALID;
		cleanup(c);
		free(c);
		ag_sig_restore(&saved);
		return rc;
	}
	ag_undo_clear(&c->undo);
	cleanup(c);
	free(c);
	ag_sig_restore(&saved);
	return 0;
}
