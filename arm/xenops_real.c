/* SPDX-License-Identifier: MIT */
/*
 * xenops over the real Xen tool libraries (4.17 or 4.20: one source, the
 * release is the headers and archives it is built against; differences are
 * tested with the headers' own macros).  The neutral types of
 * xenops.h are mapped onto the Xen ABI here and nowhere else.  The Arm
 * parts of the ABI (the createdomain arch config, the RAM banks of
 * struct xc_dom_image) only exist in an Arm build; elsewhere domain creation
 * reports EOPNOTSUPP while list/destroy/console still work.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenevtchn.h>
#include <xenforeignmemory.h>
#include <xenguest.h>
#include <xenstore.h>
#include <xentoollog.h>
#include <xen/hvm/params.h>
#include <xen/version.h>

#include "xenops.h"
#include "../common/random.h"

#if defined(__aarch64__) || defined(__arm__)
#define AG_ARM_ABI 1
#else
#define AG_ARM_ABI 0
#endif

struct real {
	xc_interface *xch;
	xentoollog_logger_stdiostream *log;
	struct xs_handle *xsh;            /* NULL: no xenstored */
	xs_transaction_t xbt;             /* XBT_NULL outside a transaction */
	xenforeignmemory_handle *fmem;    /* opened on first use */
	struct { void *p; size_t len; } map[2]; /* the kernel's and the ramdisk's, until dom_release */
};

struct ag_evtchn {
	xenevtchn_handle *xce;
	evtchn_port_t local;
	evtchn_port_t taken;              /* the port evtchn_take left masked */
	bool masked;
};

/* libxc reports -1 + errno (sometimes a negative code); make it -errno. */
static int xerr(int rc)
{
	if (rc >= 0)
		return 0;
	if (rc < -1)
		return rc;
	return errno > 0 ? -errno : -EIO;
}

#define R(ctx) ((struct real *)(ctx))
#define DOM(d) ((struct xc_dom_image *)(void *)(d))

/* --- libxenctrl ------------------------------------------------------------ */

static int real_xen_version(void *ctx, unsigned *major, unsigned *minor)
{
	int v;

	errno = 0;
	v = xc_version(R(ctx)->xch, XENVER_version, NULL);
	if (v < 0)
		return xerr(v);
	*major = (unsigned)v >> 16;
	*minor = (unsigned)v & 0xffff;
	return 0;
}

static int real_domain_create(void *ctx, uint32_t *domid, struct ag_domain_config *cfg)
{
#if AG_ARM_ABI
	struct xen_domctl_createdomain c = {
		.ssidref = cfg->ssidref,
		.max_vcpus = cfg->max_vcpus,
		.max_evtchn_port = cfg->max_evtchn_port,
		.max_grant_frames = cfg->max_grant_frames,
		.max_maptrack_frames = cfg->max_maptrack_frames,
		.grant_opts = XEN_DOMCTL_GRANT_version(cfg->max_grant_version),
		.cpupool_id = cfg->cpupool_id,
	};
	int rc;

	if (cfg->hvm)
		c.flags |= XEN_DOMCTL_CDF_hvm;
	if (cfg->hap)
		c.flags |= XEN_DOMCTL_CDF_hap;
	if (cfg->iommu)
		c.flags |= XEN_DOMCTL_CDF_iommu;
	if (cfg->vpmu)
		c.flags |= XEN_DOMCTL_CDF_vpmu;
	memcpy(c.handle, cfg->handle, sizeof(c.handle));
	c.arch.gic_version = cfg->gic == AG_GIC_V2 ? XEN_DOMCTL_CONFIG_GIC_V2 :
			     cfg->gic == AG_GIC_V3 ? XEN_DOMCTL_CONFIG_GIC_V3 :
						     XEN_DOMCTL_CONFIG_GIC_NATIVE;
	switch (cfg->tee) {
	case AG_TEE_NONE:
		c.arch.tee_type = XEN_DOMCTL_CONFIG_TEE_NONE;
		break;
	case AG_TEE_OPTEE:
		c.arch.tee_type = XEN_DOMCTL_CONFIG_TEE_OPTEE;
		break;
	case AG_TEE_FFA:
#ifdef XEN_DOMCTL_CONFIG_TEE_FFA /* arch-arm.h, Xen 4.18 */
		c.arch.tee_type = XEN_DOMCTL_CONFIG_TEE_FFA;
		break;
#else
		return -EOPNOTSUPP; /* validation refuses it for 4.17 */
#endif
	}
	/* arch-arm.h: the vector length / 128 (Xen 4.18; 4.17 has no sve_vl). */
#ifdef XEN_SYSCTL_PHYSCAP_ARM_SVE_MASK
	c.arch.sve_vl = (uint8_t)(cfg->sve_vl / 128);
#else
	if (cfg->sve_vl)
		return -EOPNOTSUPP;
#endif
	c.arch.nr_spis = cfg->nr_spis;
	errno = 0;
	rc = xc_domain_create(R(ctx)->xch, domid, &c);
	if (rc)
		return xerr(rc);
	cfg->gic = c.arch.gic_version == XEN_DOMCTL_CONFIG_GIC_V2 ? AG_GIC_V2 :
		   c.arch.gic_version == XEN_DOMCTL_CONFIG_GIC_V3 ? AG_GIC_V3 :
								    AG_GIC_DEFAULT;
	cfg->clock_frequency = c.arch.clock_frequency;
	return 0;
#else
	(void)ctx;
	(void)domid;
	(void)cfg;
	return -EOPNOTSUPP;
#endif
}

static int real_domain_set_llc_colors(void *ctx, uint32_t domid, const uint32_t *colors,
				      unsigned n)
{
#ifdef XEN_DOMCTL_set_llc_colors /* xen/domctl.h, Xen 4.20 */
	errno = 0;
	return xerr(xc_domain_set_llc_colors(R(ctx)->xch, domid, colors, n));
#else
	(void)ctx;
	(void)domid;
	(void)colors;
	(void)n;
	return -EOPNOTSUPP;
#endif
}

static void from_xc_info(const xc_domaininfo_t *x, struct ag_dominfo *o)
{
	memset(o, 0, sizeof(*o));
	o->domid = x->domain;
	o->dying = !!(x->flags & XEN_DOMINF_dying);
	o->shutdown = !!(x->flags & XEN_DOMINF_shutdown);
	o->paused = !!(x->flags & XEN_DOMINF_paused);
	o->blocked = !!(x->flags & XEN_DOMINF_blocked);
	o->running = !!(x->flags & XEN_DOMINF_running);
	if (o->shutdown)
		o->shutdown_reason = (x->flags >> XEN_DOMINF_shutdownshift) &
				     XEN_DOMINF_shutdownmask;
	o->crashed = o->shutdown && o->shutdown_reason == SHUTDOWN_crash;
	o->tot_pages = x->tot_pages;
	o->max_pages = x->max_pages;
	o->cpu_time_ns = x->cpu_time;
	o->nr_online_vcpus = x->nr_online_vcpus;
	o->max_vcpu_id = x->max_vcpu_id;
	memcpy(o->handle, x->handle, AG_UUID_SIZE);
	o->gpaddr_bits = x->gpaddr_bits;
}

static int real_domain_getinfo(void *ctx, uint32_t domid, struct ag_dominfo *out)
{
	xc_domaininfo_t info;
	int n;

	errno = 0;
	n = xc_domain_getinfolist(R(ctx)->xch, domid, 1, &info);
	if (n < 0)
		return xerr(n);
	if (n != 1 || info.domain != domid)
		return -ESRCH;
	from_xc_info(&info, out);
	return 0;
}

static int real_domain_list(void *ctx, struct ag_dominfo *out, size_t max)
{
	xc_domaininfo_t *v = calloc(max ? max : 1, sizeof(*v));
	int n;

	if (!v)
		return -ENOMEM;
	errno = 0;
	n = xc_domain_getinfolist(R(ctx)->xch, 0, (unsigned)max, v);
	if (n < 0) {
		n = xerr(n);
		free(v);
		return n;
	}
	for (int i = 0; i < n; i++)
		from_xc_info(&v[i], &out[i]);
	free(v);
	return n;
}

static int real_domain_max_vcpus(void *ctx, uint32_t domid, unsigned max)
{
	errno = 0;
	return xerr(xc_domain_max_vcpus(R(ctx)->xch, domid, max));
}

static int real_physinfo(void *ctx, struct ag_physinfo *out)
{
	xc_physinfo_t info = { 0 };

	errno = 0;
	if (xc_physinfo(R(ctx)->xch, &info))
		return xerr(-1);
	*out = (struct ag_physinfo){
		.cap_vpmu = !!(info.capabilities & XEN_SYSCTL_PHYSCAP_vpmu),
		.cap_gnttab_v1 = !!(info.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v1),
		.cap_gnttab_v2 = !!(info.capabilities & XEN_SYSCTL_PHYSCAP_gnttab_v2),
		.cap_directio = !!(info.capabilities & XEN_SYSCTL_PHYSCAP_directio),
		.nr_cpus = info.nr_cpus,
	};
#ifdef XEN_SYSCTL_PHYSCAP_ARM_SVE_MASK /* sysctl.h, Xen 4.18 */
	out->sve_max_vl = (info.arch_capabilities & XEN_SYSCTL_PHYSCAP_ARM_SVE_MASK) * 128;
#endif
	return 0;
}

static int real_cpupool_next(void *ctx, uint32_t from, uint32_t *id, enum ag_sched *sched)
{
	xc_cpupoolinfo_t *info;

	errno = 0;
	info = xc_cpupool_getinfo(R(ctx)->xch, from);
	if (!info)
		return errno == ENOENT || !errno ? -ENOENT : -errno;
	*id = info->cpupool_id;
	*sched = info->sched_id == XEN_SCHEDULER_CREDIT ? AG_SCHED_CREDIT :
		 info->sched_id == XEN_SCHEDULER_CREDIT2 ? AG_SCHED_CREDIT2 : AG_SCHED_OTHER;
	xc_cpupool_infofree(R(ctx)->xch, info);
	return 0;
}

/* A host-sized libxc map from ours, CPUs past the host's dropped (libxl__bitmap_copy_best_effort). */
static xc_cpumap_t to_xc_cpumap(xc_interface *xch, const uint64_t *w)
{
	xc_cpumap_t m = xc_cpumap_alloc(xch);
	int bytes = xc_get_cpumap_size(xch);

	if (!m)
		return NULL;
	for (int i = 0; i < bytes && i < AG_CPUMAP_WORDS * 8; i++)
		m[i] = (uint8_t)(w[i / 8] >> (8 * (i % 8)));
	return m;
}

static int real_vcpu_setaffinity(void *ctx, uint32_t domid, unsigned vcpu,
				 const uint64_t *hard, const uint64_t *soft)
{
	xc_interface *xch = R(ctx)->xch;
	xc_cpumap_t h = hard ? to_xc_cpumap(xch, hard) : NULL;
	xc_cpumap_t s = soft ? to_xc_cpumap(xch, soft) : NULL;
	uint32_t flags = (hard ? XEN_VCPUAFFINITY_HARD : 0) | (soft ? XEN_VCPUAFFINITY_SOFT : 0);
	int rc = -ENOMEM;

	if ((!hard || h) && (!soft || s)) {
		errno = 0;
		rc = xerr(xc_vcpu_setaffinity(xch, domid, (int)vcpu, h, s, flags));
	}
	free(h);
	free(s);
	return rc;
}

static int real_sched_credit_set(void *ctx, uint32_t domid, enum ag_sched sched, int weight,
				 int cap)
{
	xc_interface *xch = R(ctx)->xch;
	int rc;

	errno = 0;
	if (sched == AG_SCHED_CREDIT) {
		struct xen_domctl_sched_credit sd;

		rc = xc_sched_credit_domain_get(xch, domid, &sd);
		if (rc)
			return xerr(rc);
		if (weight != AG_UNSET)
			sd.weight = (uint16_t)weight;
		if (cap != AG_UNSET)
			sd.cap = (uint16_t)cap;
		return xerr(xc_sched_credit_domain_set(xch, domid, &sd));
	}
	if (sched == AG_SCHED_CREDIT2) {
		struct xen_domctl_sched_credit2 sd;

		rc = xc_sched_credit2_domain_get(xch, domid, &sd);
		if (rc)
			return xerr(rc);
		if (weight != AG_UNSET)
			sd.weight = (uint16_t)weight;
		if (cap != AG_UNSET)
			sd.cap = (uint16_t)cap;
		return xerr(xc_sched_credit2_domain_set(xch, domid, &sd));
	}
	return -EOPNOTSUPP;
}

static int real_domain_setmaxmem(void *ctx, uint32_t domid, uint64_t max_kib)
{
	errno = 0;
	return xerr(xc_domain_setmaxmem(R(ctx)->xch, domid, max_kib));
}

static int real_evtchn_alloc_unbound(void *ctx, uint32_t domid, uint32_t remote)
{
	int port;

	errno = 0;
	port = xc_evtchn_alloc_unbound(R(ctx)->xch, domid, remote);
	return port < 0 ? xerr(port) : port;
}

static int real_paging_mempool_set(void *ctx, uint32_t domid, uint64_t bytes)
{
	errno = 0;
	return xerr(xc_set_paging_mempool_size(R(ctx)->xch, domid, bytes));
}

static int param_index(enum ag_hvm_param p)
{
	switch (p) {
	case AG_PARAM_CALLBACK_IRQ:
		return HVM_PARAM_CALLBACK_IRQ;
	case AG_PARAM_STORE_PFN:
		return HVM_PARAM_STORE_PFN;
	case AG_PARAM_STORE_EVTCHN:
		return HVM_PARAM_STORE_EVTCHN;
	case AG_PARAM_CONSOLE_PFN:
		return HVM_PARAM_CONSOLE_PFN;
	case AG_PARAM_CONSOLE_EVTCHN:
		return HVM_PARAM_CONSOLE_EVTCHN;
	}
	return -1;
}

static int real_hvm_param_set(void *ctx, uint32_t domid, enum ag_hvm_param p, uint64_t v)
{
	int idx = param_index(p);

	if (idx < 0)
		return -EINVAL;
	errno = 0;
	return xerr(xc_hvm_param_set(R(ctx)->xch, domid, (uint32_t)idx, v));
}

static int real_hvm_param_get(void *ctx, uint32_t domid, enum ag_hvm_param p, uint64_t *v)
{
	int idx = param_index(p);

	if (idx < 0)
		return -EINVAL;
	errno = 0;
	return xerr(xc_hvm_param_get(R(ctx)->xch, domid, (uint32_t)idx, v));
}

static int real_vuart_init(void *ctx, uint32_t domid, uint32_t console_domid, uint64_t gfn)
{
	evtchn_port_t port = 0;
	int rc;

	errno = 0;
	rc = xc_dom_vuart_init(R(ctx)->xch, XEN_DOMCTL_VUART_TYPE_VPL011, domid,
			       console_domid, (xen_pfn_t)gfn, &port);
	return rc < 0 ? xerr(rc) : (int)port;
}

static int real_iomem_permission(void *ctx, uint32_t domid, uint64_t first_mfn,
				 uint64_t nr, bool allow)
{
	errno = 0;
	return xerr(xc_domain_iomem_permission(R(ctx)->xch, domid, (unsigned long)first_mfn,
					       (unsigned long)nr, allow));
}

static int real_memory_mapping(void *ctx, uint32_t domid, uint64_t first_gfn,
			       uint64_t first_mfn, uint64_t nr, bool add)
{
	errno = 0;
	return xerr(xc_domain_memory_mapping(R(ctx)->xch, domid, (unsigned long)first_gfn,
					     (unsigned long)first_mfn, (unsigned long)nr,
					     add ? DPCI_ADD_MAPPING : DPCI_REMOVE_MAPPING));
}

static int real_bind_pt_spi_irq(void *ctx, uint32_t domid, unsigned vspi, unsigned spi)
{
	if (vspi > UINT16_MAX || spi > UINT16_MAX)
		return -ERANGE;
	errno = 0;
	return xerr(xc_domain_bind_pt_spi_irq(R(ctx)->xch, domid, (uint16_t)vspi, (uint16_t)spi));
}

static int real_unbind_pt_spi_irq(void *ctx, uint32_t domid, unsigned vspi, unsigned spi)
{
	if (vspi > UINT16_MAX || spi > UINT16_MAX)
		return -ERANGE;
	errno = 0;
	return xerr(xc_domain_unbind_pt_spi_irq(R(ctx)->xch, domid, (uint16_t)vspi,
						(uint16_t)spi));
}

static int dt_device_call(void *ctx, uint32_t domid, const char *path, bool assign)
{
	char *copy = strdup(path); /* the libxc prototypes are not const */
	int rc;

	if (!copy)
		return -ENOMEM;
	errno = 0;
	rc = assign ? xc_assign_dt_device(R(ctx)->xch, domid, copy)
		    : xc_deassign_dt_device(R(ctx)->xch, domid, copy);
	rc = xerr(rc);
	free(copy);
	return rc;
}

static int real_assign_dt_device(void *ctx, uint32_t domid, const char *path)
{
	return dt_device_call(ctx, domid, path, true);
}

static int real_deassign_dt_device(void *ctx, uint32_t domid, const char *path)
{
	return dt_device_call(ctx, domid, path, false);
}

static int real_domain_unpause(void *ctx, uint32_t domid)
{
	errno = 0;
	return xerr(xc_domain_unpause(R(ctx)->xch, domid));
}

static int real_domain_destroy(void *ctx, uint32_t domid)
{
	errno = 0;
	return xerr(xc_domain_destroy(R(ctx)->xch, domid));
}

/* --- libxenguest -------------------------------------------------------------- */

static int real_dom_allocate(void *ctx, const char *cmdline, struct ag_dom **out)
{
	struct xc_dom_image *dom;

	xc_dom_loginit(R(ctx)->xch);
	errno = 0;
	dom = xc_dom_allocate(R(ctx)->xch, cmdline, NULL);
	if (!dom)
		return errno > 0 ? -errno : -ENOMEM;
	dom->container_type = XC_DOM_HVM_CONTAINER;
	*out = (struct ag_dom *)(void *)dom;
	return 0;
}

static void real_dom_release(void *ctx, struct ag_dom *dom)
{
	struct real *r = R(ctx);

	xc_dom_release(DOM(dom));
	for (size_t i = 0; i < 2; i++) {
		if (r->map[i].p)
			munmap(r->map[i].p, r->map[i].len);
		r->map[i].p = NULL;
	}
}

/*
 * What xc_dom_kernel_file does (a private mapping of the file), but of the
 * descriptor the plan read, not of a path that may name something else now.
 */
static int map_boot_file(struct real *r, size_t slot, int fd, uint64_t size, void **out)
{
	struct stat st;
	void *p;

	if (fstat(fd, &st))
		return -errno;
	if (!S_ISREG(st.st_mode) || size == 0 || size > SIZE_MAX)
		return -EINVAL;
	if ((uint64_t)st.st_size != size)
		return -ESTALE;
	p = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	if (r->map[slot].p)
		munmap(r->map[slot].p, r->map[slot].len);
	r->map[slot].p = p;
	r->map[slot].len = (size_t)size;
	*out = p;
	return 0;
}

static int real_dom_kernel_fd(void *ctx, struct ag_dom *dom, int fd, uint64_t size)
{
	void *p;
	int rc = map_boot_file(R(ctx), 0, fd, size, &p);

	if (rc)
		return rc;
	errno = 0;
	return xerr(xc_dom_kernel_mem(DOM(dom), p, (size_t)size));
}

static int real_dom_module_fd(void *ctx, struct ag_dom *dom, int fd, uint64_t size)
{
	void *p;
	int rc = map_boot_file(R(ctx), 1, fd, size, &p);

	if (rc)
		return rc;
	errno = 0;
	return xerr(xc_dom_module_mem(DOM(dom), p, (size_t)size, NULL));
}

static int real_dom_set_ports(void *ctx, struct ag_dom *dom, const struct ag_dom_ports *p)
{
	struct xc_dom_image *d = DOM(dom);

	(void)ctx;
	d->max_vcpus = p->max_vcpus;
	d->console_evtchn = p->console_port;
	d->console_domid = p->console_domid;
	d->xenstore_evtchn = p->store_port;
	d->xenstore_domid = p->store_domid;
	return 0;
}

static int real_dom_boot_xen_init(void *ctx, struct ag_dom *dom, uint32_t domid)
{
	errno = 0;
	return xerr(xc_dom_boot_xen_init(DOM(dom), R(ctx)->xch, domid));
}

static int real_dom_rambase_init(void *ctx, struct ag_dom *dom, uint64_t rambase)
{
	(void)ctx;
	errno = 0;
	return xerr(xc_dom_rambase_init(DOM(dom), rambase));
}

static int real_dom_parse_image(void *ctx, struct ag_dom *dom)
{
	(void)ctx;
	errno = 0;
	return xerr(xc_dom_parse_image(DOM(dom)));
}

static int real_dom_devicetree_mem(void *ctx, struct ag_dom *dom, const void *blob, size_t size)
{
	(void)ctx;
	errno = 0;
	return xerr(xc_dom_devicetree_mem(DOM(dom), blob, size));
}

static int real_dom_mem_init(void *ctx, struct ag_dom *dom, unsigned mem_mib)
{
	(void)ctx;
	errno = 0;
	return xerr(xc_dom_mem_init(DOM(dom), mem_mib));
}

static int real_dom_boot_mem_init(void *ctx, struct ag_dom *dom)
{
	(void)ctx;
	errno = 0;
	return xerr(xc_dom_boot_mem_init(DOM(dom)));
}

static int real_dom_layout(void *ctx, struct ag_dom *dom, struct ag_dom_layout *out)
{
	struct xc_dom_image *d = DOM(dom);

	(void)ctx;
	memset(out, 0, sizeof(*out));
#if AG_ARM_ABI
	out->rambank_pages[0] = d->rambank_size[0];
	out->rambank_pages[1] = GUEST_RAM_BANKS > 1 ? d->rambank_size[1] : 0;
#endif
	out->has_ramdisk = d->modules[0].blob != NULL;
	out->ramdisk_start = d->modules[0].seg.vstart;
	out->ramdisk_end = d->modules[0].seg.vend;
	out->has_dtb = d->devicetree_blob != NULL;
	out->dtb_start = d->devicetree_seg.vstart;
	out->dtb_end = d->devicetree_seg.vend;
	out->kernel_start = d->kernel_seg.vstart;
	out->kernel_end = d->kernel_seg.vend;
	out->console_pfn = d->console_pfn;
	out->store_pfn = d->xenstore_pfn;
	out->vuart_gfn = d->vuart_gfn;
	snprintf(out->guest_type, sizeof(out->guest_type), "%s",
		 d->guest_type ? d->guest_type : "");
	return 0;
}

static int real_dom_build_image(void *ctx, struct ag_dom *dom)
{
	(void)ctx;
	errno = 0;
	return xerr(xc_dom_build_image(DOM(dom)));
}

static int real_dom_boot_image(void *ctx, struct ag_dom *dom)
{
	(void)ctx;
	errno = 0;
	return xerr(xc_dom_boot_image(DOM(dom)));
}

static int real_dom_gnttab_init(void *ctx, struct ag_dom *dom)
{
	(void)ctx;
	errno = 0;
	return xerr(xc_dom_gnttab_init(DOM(dom)));
}

/* --- libxenstore ------------------------------------------------------------------- */

static bool real_xs_available(void *ctx)
{
	return R(ctx)->xsh != NULL;
}

static int xs_errno(void)
{
	return errno > 0 ? -errno : -EIO;
}

static int real_xs_read(void *ctx, const char *path, char **out)
{
	unsigned int len;
	char *v;

	errno = 0;
	v = xs_read(R(ctx)->xsh, R(ctx)->xbt, path, &len);
	if (!v)
		return xs_errno();
	*out = v; /* libxenstore NUL-terminates */
	return 0;
}

static int real_xs_write(void *ctx, const char *path, const char *value)
{
	errno = 0;
	return xs_write(R(ctx)->xsh, R(ctx)->xbt, path, value, (unsigned)strlen(value)) ? 0
										    : xs_errno();
}

static int real_xs_set_perms(void *ctx, const char *path, const struct ag_xs_perms *perms,
			     size_t n)
{
	struct xs_permissions p[8];

	if (n > 8)
		return -E2BIG;
	for (size_t i = 0; i < n; i++) {
		p[i].id = perms[i].id;
		p[i].perms = perms[i].perms == AG_XS_PERM_READ ? XS_PERM_READ :
			     perms[i].perms == AG_XS_PERM_WRITE ? XS_PERM_WRITE :
			     perms[i].perms == AG_XS_PERM_BOTH ? (XS_PERM_READ | XS_PERM_WRITE) :
								  XS_PERM_NONE;
	}
	errno = 0;
	return xs_set_permissions(R(ctx)->xsh, R(ctx)->xbt, path, p, (unsigned)n) ? 0 : xs_errno();
}

static int real_xs_get_perms(void *ctx, const char *path, struct ag_xs_perms *out, size_t max,
			     size_t *n)
{
	unsigned int num = 0;
	struct xs_permissions *p;

	errno = 0;
	p = xs_get_permissions(R(ctx)->xsh, R(ctx)->xbt, path, &num);
	if (!p)
		return xs_errno();
	for (size_t i = 0; i < num && i < max; i++) {
		bool r = p[i].perms & XS_PERM_READ, w = p[i].perms & XS_PERM_WRITE;

		out[i].id = p[i].id;
		out[i].perms = r && w ? AG_XS_PERM_BOTH : w ? AG_XS_PERM_WRITE :
			       r ? AG_XS_PERM_READ : AG_XS_PERM_NONE;
	}
	*n = num;
	free(p);
	return 0;
}

static int real_xs_rm(void *ctx, const char *path)
{
	errno = 0;
	return xs_rm(R(ctx)->xsh, R(ctx)->xbt, path) ? 0 : xs_errno();
}

static int real_xs_introduce(void *ctx, uint32_t domid, uint64_t mfn, uint32_t port)
{
	errno = 0;
	return xs_introduce_domain(R(ctx)->xsh, domid, (unsigned long)mfn, port) ? 0 : xs_errno();
}

static int real_xs_transaction_start(void *ctx)
{
	struct real *r = R(ctx);

	if (r->xbt != XBT_NULL)
		return -EBUSY;
	errno = 0;
	r->xbt = xs_transaction_start(r->xsh);
	return r->xbt != XBT_NULL ? 0 : xs_errno();
}

static int real_xs_transaction_end(void *ctx, bool abort)
{
	struct real *r = R(ctx);
	xs_transaction_t t = r->xbt;

	if (t == XBT_NULL)
		return -EINVAL;
	r->xbt = XBT_NULL;
	errno = 0;
	return xs_transaction_end(r->xsh, t, abort) ? 0 : xs_errno();
}

/* --- the lifecycle monitor's wake-ups ---------------------------------------------- */

/* tools/libs/light/libxl_domain.c: libxl_evenable_domain_death's watch token. */
#define AG_DOMEXC_TOKEN "armguest-domexc"

struct ag_domexc {
	xenevtchn_handle *xce;            /* NULL: the xenstore watch */
	struct xs_handle *xsh;            /* the watch's own connection */
	int fd;
};

static int real_domexc_open(void *ctx, struct ag_domexc **out, const char **via)
{
	struct real *r = R(ctx);
	struct ag_domexc *w = calloc(1, sizeof(*w));
	int rc;

	if (!w)
		return -ENOMEM;
	if (r->xsh) {
		/*
		 * A connection of its own: the monitor creates the guest again
		 * while the watch is set, and with the watch on the connection
		 * the create uses, the boot test's restart failed at its first
		 * xenstore transaction (EBADF).  This way the create's
		 * connection is the one it has without a monitor.
		 */
		errno = 0;
		w->xsh = xs_open(0);
		if (!w->xsh || !xs_watch(w->xsh, "@releaseDomain", AG_DOMEXC_TOKEN)) {
			rc = w->xsh ? xs_errno() : (errno > 0 ? -errno : -EIO);
			if (w->xsh)
				xs_close(w->xsh);
			free(w);
			return rc;
		}
		w->fd = xs_fileno(w->xsh);
		*via = "@releaseDomain";
	} else {
		w->xce = xenevtchn_open(NULL, 0);
		if (!w->xce || xenevtchn_bind_virq(w->xce, VIRQ_DOM_EXC) < 0) {
			rc = errno > 0 ? -errno : -EIO;
			if (w->xce)
				xenevtchn_close(w->xce);
			free(w);
			return rc;
		}
		w->fd = xenevtchn_fd(w->xce);
		*via = "VIRQ_DOM_EXC";
	}
	*out = w;
	return 0;
}

static int real_domexc_wait(void *ctx, struct ag_domexc *w, int timeout_ms)
{
	struct pollfd pfd = { .fd = w->fd, .events = POLLIN };
	xenevtchn_port_or_error_t port;
	unsigned int n;
	char **ev;
	int rc = poll(&pfd, 1, timeout_ms);

	(void)ctx;
	if (rc < 0)
		return -errno;
	if (rc == 0)
		return 0;
	if (!w->xce) {
		ev = xs_read_watch(w->xsh, &n);
		free(ev);
		return 1;
	}
	port = xenevtchn_pending(w->xce);
	if (port < 0)
		return errno > 0 ? -errno : -EIO;
	return xenevtchn_unmask(w->xce, (evtchn_port_t)port) < 0 ? -errno : 1;
}

static void real_domexc_close(void *ctx, struct ag_domexc *w)
{
	if (!w)
		return;
	(void)ctx;
	if (w->xce) {
		xenevtchn_close(w->xce); /* unbinds the VIRQ */
	} else {
		xs_unwatch(w->xsh, "@releaseDomain", AG_DOMEXC_TOKEN);
		xs_close(w->xsh);
	}
	free(w);
}

static int real_domain_dumpcore(void *ctx, uint32_t domid, const char *path)
{
	return xerr(xc_domain_dumpcore(R(ctx)->xch, domid, path));
}

/* --- event channels and foreign memory --------------------------------------------- */

static int real_evtchn_bind(void *ctx, uint32_t domid, uint32_t remote_port,
			    struct ag_evtchn **out)
{
	struct ag_evtchn *e = calloc(1, sizeof(*e));
	xenevtchn_port_or_error_t port;
	int rc;

	(void)ctx;
	if (!e)
		return -ENOMEM;
	e->xce = xenevtchn_open(NULL, 0);
	if (!e->xce) {
		rc = errno > 0 ? -errno : -EIO;
		free(e);
		return rc;
	}
	errno = 0;
	port = xenevtchn_bind_interdomain(e->xce, domid, remote_port);
	if (port < 0) {
		rc = errno > 0 ? -errno : -EIO;
		xenevtchn_close(e->xce);
		free(e);
		return rc;
	}
	e->local = (evtchn_port_t)port;
	*out = e;
	return 0;
}

static int real_evtchn_fd(void *ctx, struct ag_evtchn *e)
{
	(void)ctx;
	return xenevtchn_fd(e->xce);
}

static int real_evtchn_take(void *ctx, struct ag_evtchn *e)
{
	xenevtchn_port_or_error_t port;

	(void)ctx;
	errno = 0;
	port = xenevtchn_pending(e->xce);
	if (port < 0)
		return errno > 0 ? -errno : -EIO;
	e->taken = (evtchn_port_t)port;
	e->masked = true;
	return 0;
}

static int real_evtchn_unmask(void *ctx, struct ag_evtchn *e)
{
	(void)ctx;
	if (!e->masked)
		return 0;
	e->masked = false;
	return xenevtchn_unmask(e->xce, e->taken) < 0 ? -errno : 0;
}

static int real_evtchn_notify(void *ctx, struct ag_evtchn *e)
{
	(void)ctx;
	errno = 0;
	return xenevtchn_notify(e->xce, e->local) < 0 ? (errno > 0 ? -errno : -EIO) : 0;
}

static void real_evtchn_close(void *ctx, struct ag_evtchn *e)
{
	(void)ctx;
	if (!e)
		return;
	xenevtchn_unbind(e->xce, e->local);
	xenevtchn_close(e->xce);
	free(e);
}

static void *real_map_guest_page(void *ctx, uint32_t domid, uint64_t gfn)
{
	struct real *r = R(ctx);
	xen_pfn_t pfn = (xen_pfn_t)gfn;
	int err = 0;
	void *p;

	if (!r->fmem) {
		r->fmem = xenforeignmemory_open(NULL, 0);
		if (!r->fmem)
			return NULL;
	}
	p = xenforeignmemory_map(r->fmem, domid, PROT_READ | PROT_WRITE, 1, &pfn, &err);
	if (p && err) {
		xenforeignmemory_unmap(r->fmem, p, 1);
		errno = err < 0 ? -err : err;
		return NULL;
	}
	return p;
}

static void real_unmap_guest_page(void *ctx, void *page)
{
	if (page && R(ctx)->fmem)
		xenforeignmemory_unmap(R(ctx)->fmem, page, 1);
}

/* --- host ----------------------------------------------------------------------------- */

static int real_random_bytes(void *ctx, void *buf, size_t len)
{
	(void)ctx;
	return ag_random_bytes(buf, len);
}

static void real_now(void *ctx, int64_t *sec, long *usec)
{
	struct timeval tv;

	(void)ctx;
	gettimeofday(&tv, NULL);
	*sec = tv.tv_sec;
	*usec = tv.tv_usec;
}

/*
 * Is xenstored listening?  libxenstore 4.17 falls back to /dev/xen/xenbus
 * when the socket is missing, and on a dom0 without xenstored every request
 * there waits forever.  So only a socket that accepts a connection counts.
 * ARMGUEST_XENSTORE=0 forces "no xenstored".
 */
static bool xenstored_listening(void)
{
	const char *force = getenv("ARMGUEST_XENSTORE");
	const char *path = xs_daemon_socket();
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct stat st;
	bool ok;
	int fd;

	if (force && !strcmp(force, "0"))
		return false;
	if (!path || stat(path, &st) != 0 || !S_ISSOCK(st.st_mode) ||
	    strlen(path) >= sizeof(addr.sun_path))
		return false;
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	ok = connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0;
	close(fd);
	return ok;
}

int ag_xenops_open(struct ag_xenops *ops, bool verbose, struct ag_err *err)
{
	struct real *r = calloc(1, sizeof(*r));
	int rc;

	if (!r)
		return ag_err_set(err, ENOMEM, NULL, "out of memory");
	r->log = xtl_createlogger_stdiostream(stderr, verbose ? XTL_DETAIL : XTL_ERROR, 0);
	r->xch = xc_interface_open((xentoollog_logger *)r->log, (xentoollog_logger *)r->log, 0);
	if (!r->xch) {
		rc = errno > 0 ? -errno : -EIO;
		xtl_logger_destroy((xentoollog_logger *)r->log);
		free(r);
		return ag_err_set(err, -rc, NULL, "cannot open the Xen control interface (%s):"
			 " is this a Xen dom0, and are you root?", strerror(-rc));
	}
	r->xbt = XBT_NULL;
	if (xenstored_listening())
		r->xsh = xs_open(0);

	*ops = (struct ag_xenops){
		.ctx = r,
		.domctl_interface_version = XEN_DOMCTL_INTERFACE_VERSION, /* xen/domctl.h */
		.xen_version = real_xen_version,
		.domain_create = real_domain_create,
		.domain_set_llc_colors = real_domain_set_llc_colors,
		.domain_getinfo = real_domain_getinfo,
		.domain_list = real_domain_list,
		.domain_max_vcpus = real_domain_max_vcpus,
		.physinfo = real_physinfo,
		.cpupool_next = real_cpupool_next,
		.vcpu_setaffinity = real_vcpu_setaffinity,
		.sched_credit_set = real_sched_credit_set,
		.domain_setmaxmem = real_domain_setmaxmem,
		.evtchn_alloc_unbound = real_evtchn_alloc_unbound,
		.paging_mempool_set = real_paging_mempool_set,
		.hvm_param_set = real_hvm_param_set,
		.hvm_param_get = real_hvm_param_get,
		.vuart_init = real_vuart_init,
		.iomem_permission = real_iomem_permission,
		.memory_mapping = real_memory_mapping,
		.bind_pt_spi_irq = real_bind_pt_spi_irq,
		.unbind_pt_spi_irq = real_unbind_pt_spi_irq,
		.assign_dt_device = real_assign_dt_device,
		.deassign_dt_device = real_deassign_dt_device,
		.domain_unpause = real_domain_unpause,
		.domain_destroy = real_domain_destroy,
		.dom_allocate = real_dom_allocate,
		.dom_release = real_dom_release,
		.dom_kernel_fd = real_dom_kernel_fd,
		.dom_module_fd = real_dom_module_fd,
		.dom_set_ports = real_dom_set_ports,
		.dom_boot_xen_init = real_dom_boot_xen_init,
		.dom_rambase_init = real_dom_rambase_init,
		.dom_parse_image = real_dom_parse_image,
		.dom_devicetree_mem = real_dom_devicetree_mem,
		.dom_mem_init = real_dom_mem_init,
		.dom_boot_mem_init = real_dom_boot_mem_init,
		.dom_layout = real_dom_layout,
		.dom_build_image = real_dom_build_image,
		.dom_boot_image = real_dom_boot_image,
		.dom_gnttab_init = real_dom_gnttab_init,
		.xs_available = real_xs_available,
		.xs_read = real_xs_read,
		.xs_write = real_xs_write,
		.xs_set_perms = real_xs_set_perms,
		.xs_get_perms = real_xs_get_perms,
		.xs_rm = real_xs_rm,
		.xs_introduce = real_xs_introduce,
		.xs_transaction_start = real_xs_transaction_start,
		.xs_transaction_end = real_xs_transaction_end,
		.domexc_open = real_domexc_open,
		.domexc_wait = real_domexc_wait,
		.domexc_close = real_domexc_close,
		.domain_dumpcore = real_domain_dumpcore,
		.evtchn_bind = real_evtchn_bind,
		.evtchn_fd = real_evtchn_fd,
		.evtchn_take = real_evtchn_take,
		.evtchn_unmask = real_evtchn_unmask,
		.evtchn_notify = real_evtchn_notify,
		.evtchn_close = real_evtchn_close,
		.map_guest_page = real_map_guest_page,
		.unmap_guest_page = real_unmap_guest_page,
		.random_bytes = real_random_bytes,
		.now = real_now,
	};
	return 0;
}

void ag_xenops_close(struct ag_xenops *ops)
{
	struct real *r = ops->ctx;

	if (!r)
		return;
	if (r->xsh)
		xs_close(r->xsh);
	if (r->fmem)
		xenforeignmemory_close(r->fmem);
	xc_interface_close(r->xch);
	xtl_logger_destroy((xentoollog_logger *)r->log);
	free(r);
	ops->ctx = NULL;
}
