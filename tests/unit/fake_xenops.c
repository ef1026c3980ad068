/* SPDX-License-Identifier: MIT */
/* The recording fake of arm/xenops.h (see fake_xenops.h).  Included, not linked. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fake_xenops.h"

static const char *const fake_param_names[FAKE_PARAMS] = {
	[AG_PARAM_CALLBACK_IRQ] = "CALLBACK_IRQ",
	[AG_PARAM_STORE_PFN] = "STORE_PFN",
	[AG_PARAM_STORE_EVTCHN] = "STORE_EVTCHN",
	[AG_PARAM_CONSOLE_PFN] = "CONSOLE_PFN",
	[AG_PARAM_CONSOLE_EVTCHN] = "CONSOLE_EVTCHN",
};

#define F(ctx) ((struct fake *)(ctx))

static void fake_log(struct fake *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fake_log(struct fake *f, const char *fmt, ...)
{
	va_list ap;

	if (f->nlog >= FAKE_LOG_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(f->log[f->nlog++], FAKE_LINE_MAX, fmt, ap);
	va_end(ap);
}

/*
 * Who holds a whole-file write lock on path, asked from a child process
 * (F_GETLK never reports the asking process's own locks): the pid, 0 for
 * nobody, -1 if the probe failed.
 */
static long fake_lock_holder(const char *path)
{
	int pfd[2], status;
	long pid = -1;
	pid_t child;

	if (pipe(pfd))
		return -1;
	child = fork();
	if (child == 0) {
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		int fd = open(path, O_RDWR);
		long who = -1;

		if (fd < 0)
			fd = open(path, O_WRONLY);
		if (fd >= 0 && fcntl(fd, F_GETLK, &fl) == 0)
			who = fl.l_type == F_UNLCK ? 0 : (long)fl.l_pid;
		if (write(pfd[1], &who, sizeof(who)) != sizeof(who))
			_exit(1);
		_exit(0);
	}
	close(pfd[1]);
	if (child > 0) {
		if (read(pfd[0], &pid, sizeof(pid)) != sizeof(pid))
			pid = -1;
		waitpid(child, &status, 0);
	}
	close(pfd[0]);
	return pid;
}

/* Count a call of op; returns the injected error if this is the one to fail. */
static int fake_enter(struct fake *f, const char *op)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < f->ncounts; i++)
		if (!strcmp(f->counts[i].op, op))
			break;
	if (i == f->ncounts && f->ncounts < 64) {
		f->counts[f->ncounts].op = op;
		f->counts[f->ncounts++].n = 0;
	}
	if (i < 64)
		n = ++f->counts[i].n;
	if (f->pause_op && !strcmp(f->pause_op, op) && n == 1) {
		char b = 'x';

		if (write(f->announce_fd, &b, 1) != 1 || read(f->resume_fd, &b, 1) != 1)
			fake_log(f, "PAUSE %s failed", op);
	}
	if (f->probe_op && !strcmp(f->probe_op, op) && n == 1)
		for (int k = 0; k < 2; k++)
			f->probe_pid[k] = f->probe_path[k] ? fake_lock_holder(f->probe_path[k]) : 0;
	if (f->raise_op && !strcmp(f->raise_op, op) && n == f->raise_nth) {
		/* An operator's Ctrl-C or kill while this call runs. */
		fake_log(f, "SIGNAL %d %s", f->raise_sig, op);
		raise(f->raise_sig);
	}
	if (f->always_fail_op && !strcmp(f->always_fail_op, op)) {
		fake_log(f, "FAIL %s", op);
		return -EIO;
	}
	if (f->fail_op && !strcmp(f->fail_op, op) && n == f->fail_nth) {
		fake_log(f, "FAIL %s", op);
		return f->fail_rc ? f->fail_rc : -EIO;
	}
	return 0;
}

static struct fake_domain *fake_dom(struct fake *f, uint32_t domid)
{
	for (int i = 0; i < FAKE_DOMS; i++)
		if (f->doms[i].exists && f->doms[i].domid == domid)
			return &f->doms[i];
	return NULL;
}

struct fake_domain *fake_add_domain(struct fake *f, uint32_t domid)
{
	for (int i = 0; i < FAKE_DOMS; i++) {
		if (!f->doms[i].exists) {
			memset(&f->doms[i], 0, sizeof(f->doms[i]));
			f->doms[i].exists = true;
			f->doms[i].domid = domid;
			return &f->doms[i];
		}
	}
	return NULL;
}

void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->xen_major = 4;
	f->xen_minor = 17;
	f->native_gic = AG_GIC_V3;
	f->gpaddr_bits = 44;
	f->next_domid = 1;
	f->next_port = 1;
	f->kernel_start = 0x40000000;
	f->kernel_size = 32956352;
	f->ramdisk_start = 0x48000000;
	f->ramdisk_end = 0x480f2000;
	f->dtb_start = 0x480f2000;
	f->seed_byte = 0xa5;
	f->physinfo = (struct ag_physinfo){ .cap_vpmu = true, .cap_gnttab_v1 = true,
					    .cap_directio = true, .nr_cpus = 4 };
	f->pools[0].id = 0;
	f->pools[0].sched = AG_SCHED_CREDIT2;
	f->n_pools = 1;
	/* dom0 is always there. */
	fake_add_domain(f, 0);
}

int fake_find(const struct fake *f, const char *line, bool prefix)
{
	size_t len = strlen(line);

	for (size_t i = 0; i < f->nlog; i++)
		if (prefix ? !strncmp(f->log[i], line, len) : !strcmp(f->log[i], line))
			return (int)i;
	return -1;
}

unsigned fake_count(const struct fake *f, const char *prefix)
{
	unsigned n = 0;

	for (size_t i = 0; i < f->nlog; i++)
		if (!strncmp(f->log[i], prefix, strlen(prefix)))
			n++;
	return n;
}

const char *fake_xs_get(const struct fake *f, const char *path)
{
	for (size_t i = 0; i < f->n_xs; i++)
		if (!strcmp(f->xs_entries[i].path, path))
			return f->xs_entries[i].value;
	return NULL;
}

void fake_dump(const struct fake *f)
{
	for (size_t i = 0; i < f->nlog; i++)
		fprintf(stderr, "  %3zu %s\n", i, f->log[i]);
}

/* --- libxenctrl ------------------------------------------------------------ */

static int fk_xen_version(void *ctx, unsigned *major, unsigned *minor)
{
	struct fake *f = F(ctx);
	int rc = fake_enter(f, "xen_version");

	fake_log(f, "xen_version");
	if (rc)
		return rc;
	*major = f->xen_major;
	*minor = f->xen_minor;
	return 0;
}

static int fk_domain_create(void *ctx, uint32_t *domid, struct ag_domain_config *cfg)
{
	struct fake *f = F(ctx);
	struct fake_domain *d;
	int rc = fake_enter(f, "domain_create");

	fake_log(f, "domain_create flags=hvm%s%s%s%s gic=%s nr_spis=%" PRIu32 " max_vcpus=%" PRIu32,
		 cfg->hvm ? "" : "(off)", cfg->hap ? "|hap" : "", cfg->iommu ? "|iommu" : "",
		 cfg->vpmu ? "|vpmu" : "",
		 cfg->gic == AG_GIC_V2 ? "v2" : cfg->gic == AG_GIC_V3 ? "v3" : "native",
		 cfg->nr_spis, cfg->max_vcpus);
	if (cfg->tee != AG_TEE_NONE || cfg->sve_vl)
		fake_log(f, "domain_create arch tee=%s sve_vl=%" PRIu32, ag_tee_name(cfg->tee),
			 cfg->sve_vl);
	f->last_cfg = *cfg;
	if (rc)
		return rc;
	d = fake_add_domain(f, f->next_domid);
	if (!d)
		return -ENOSPC;
	*domid = f->next_domid++;
	d->paused = true;
	d->max_vcpus = cfg->max_vcpus;
	memcpy(d->handle, cfg->handle, AG_UUID_SIZE);
	if (cfg->gic == AG_GIC_DEFAULT)
		cfg->gic = f->native_gic;
	if (f->force_gic != AG_GIC_DEFAULT)
		cfg->gic = f->force_gic;
	cfg->clock_frequency = f->clock_frequency;
	return 0;
}

static int fk_domain_set_llc_colors(void *ctx, uint32_t domid, const uint32_t *colors,
				    unsigned n)
{
	struct fake *f = F(ctx);
	int rc = fake_enter(f, "domain_set_llc_colors");

	char list[64] = "";
	size_t used = 0;

	/* The first colours, enough for a test to see they arrived. */
	for (unsigned i = 0; i < n && i < 8 && used < sizeof(list); i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used, " %" PRIu32, colors[i]);
	fake_log(f, "domain_set_llc_colors %" PRIu32 " %u%s", domid, n, list);
	if (rc)
		return rc;
	return fake_dom(f, domid) ? f->llc_rc : -ESRCH;
}

static void fake_info(const struct fake *f, const struct fake_domain *d, struct ag_dominfo *o)
{
	memset(o, 0, sizeof(*o));
	o->domid = d->domid;
	o->paused = d->paused;
	o->running = !d->paused && !d->shutdown;
	o->shutdown = d->shutdown;
	o->shutdown_reason = d->shutdown_reason;
	o->dying = d->dying;
	o->tot_pages = d->tot_pages;
	o->nr_online_vcpus = d->max_vcpus ? 1 : 0;
	memcpy(o->handle, d->handle, AG_UUID_SIZE);
	o->gpaddr_bits = f->gpaddr_bits;
}

static int fk_domain_getinfo(void *ctx, uint32_t domid, struct ag_dominfo *out)
{
	struct fake *f = F(ctx);
	struct fake_domain *d;
	int rc = fake_enter(f, "domain_getinfo");

	fake_log(f, "domain_getinfo %" PRIu32, domid);
	if (rc)
		return rc;
	d = fake_dom(f, domid);
	if (d && f->die_after && fake_count(f, "domain_getinfo") >= f->die_after) {
		d->exists = false;
		d = NULL;
	}
	if (!d)
		return -ESRCH;
	fake_info(f, d, out);
	return 0;
}

static int fk_domain_list(void *ctx, struct ag_dominfo *out, size_t max)
{
	struct fake *f = F(ctx);
	int rc = fake_enter(f, "domain_list"), n = 0;

	fake_log(f, "domain_list");
	if (rc)
		return rc;
	/* By domid, as Xen enumerates. */
	for (uint32_t id = 0; id < 0x7ff0 && (size_t)n < max; id++) {
		struct fake_domain *d = fake_dom(f, id);

		if (d)
			fake_info(f, d, &out[n++]);
	}
	return n;
}

#define FK_SIMPLE(name, fmt, ...)                                  \
	{                                                          \
		int fk_rc = fake_enter(F(ctx), name);              \
		fake_log(F(ctx), name " " fmt, __VA_ARGS__);       \
		if (fk_rc)                                         \
			return fk_rc;                              \
	}

static int fk_domain_max_vcpus(void *ctx, uint32_t domid, unsigned max)
{
	FK_SIMPLE("domain_max_vcpus", "%" PRIu32 " %u", domid, max);
	return 0;
}

static int fk_physinfo(void *ctx, struct ag_physinfo *out)
{
	struct fake *f = F(ctx);
	int rc = fake_enter(f, "physinfo");

	fake_log(f, "physinfo");
	if (rc)
		return rc;
	*out = f->physinfo;
	return 0;
}

static int fk_cpupool_next(void *ctx, uint32_t from, uint32_t *id, enum ag_sched *sched)
{
	struct fake *f = F(ctx);
	int rc = fake_enter(f, "cpupool_next");

	fake_log(f, "cpupool_next %" PRIu32, from);
	if (rc)
		return rc;
	for (size_t i = 0; i < f->n_pools; i++) {
		if (f->pools[i].id >= from) {
			*id = f->pools[i].id;
			*sched = f->pools[i].sched;
			return 0;
		}
	}
	return -ENOENT;
}

static int fk_vcpu_setaffinity(void *ctx, uint32_t domid, unsigned vcpu, const uint64_t *hard,
			       const uint64_t *soft)
{
	char h[24] = "-", s[24] = "-";

	if (hard)
		snprintf(h, sizeof(h), "0x%" PRIx64, hard[0]);
	if (soft)
		snprintf(s, sizeof(s), "0x%" PRIx64, soft[0]);
	FK_SIMPLE("vcpu_setaffinity", "%" PRIu32 " vcpu=%u hard=%s soft=%s", domid, vcpu, h, s);
	return 0;
}

static int fk_sched_credit_set(void *ctx, uint32_t domid, enum ag_sched sched, int weight,
			       int cap)
{
	FK_SIMPLE("sched_credit_set", "%" PRIu32 " %s weight=%d cap=%d", domid,
		  sched == AG_SCHED_CREDIT2 ? "credit2" : sched == AG_SCHED_CREDIT ? "credit" : "?",
		  weight, cap);
	return 0;
}

static int fk_domain_setmaxmem(void *ctx, uint32_t domid, uint64_t max_kib)
{
	FK_SIMPLE("domain_setmaxmem", "%" PRIu32 " %" PRIu64, domid, max_kib);
	return 0;
}

static int fk_evtchn_alloc_unbound(void *ctx, uint32_t domid, uint32_t remote)
{
	FK_SIMPLE("evtchn_alloc_unbound", "%" PRIu32 " %" PRIu32, domid, remote);
	return (int)F(ctx)->next_port++;
}

static int fk_paging_mempool_set(void *ctx, uint32_t domid, uint64_t bytes)
{
	FK_SIMPLE("paging_mempool_set", "%" PRIu32 " %" PRIu64, domid, bytes);
	return 0;
}

static int fk_hvm_param_set(void *ctx, uint32_t domid, enum ag_hvm_param p, uint64_t v)
{
	struct fake_domain *d;

	FK_SIMPLE("hvm_param_set", "%" PRIu32 " %s 0x%016" PRIx64, domid, fake_param_names[p], v);
	d = fake_dom(F(ctx), domid);
	if (!d)
		return -ESRCH;
	d->params[p] = v;
	d->param_set[p] = true;
	return 0;
}

static int fk_hvm_param_get(void *ctx, uint32_t domid, enum ag_hvm_param p, uint64_t *v)
{
	struct fake_domain *d;

	FK_SIMPLE("hvm_param_get", "%" PRIu32 " %s", domid, fake_param_names[p]);
	d = fake_dom(F(ctx), domid);
	if (!d)
		return -ESRCH;
	*v = d->params[p];
	return 0;
}

static int fk_vuart_init(void *ctx, uint32_t domid, uint32_t console_domid, uint64_t gfn)
{
	FK_SIMPLE("vuart_init", "%" PRIu32 " %" PRIu32 " 0x%" PRIx64, domid, console_domid, gfn);
	return (int)F(ctx)->next_port++;
}

static int fk_iomem_permission(void *ctx, uint32_t domid, uint64_t first, uint64_t nr, bool allow)
{
	FK_SIMPLE("iomem_permission", "%" PRIu32 " 0x%" PRIx64 " %" PRIu64 " %s", domid, first, nr,
		  allow ? "allow" : "deny");
	return 0;
}

static int fk_memory_mapping(void *ctx, uint32_t domid, uint64_t gfn, uint64_t mfn, uint64_t nr,
			     bool add)
{
	FK_SIMPLE("memory_mapping", "%" PRIu32 " 0x%" PRIx64 " 0x%" PRIx64 " %" PRIu64 " %s", domid,
		  gfn, mfn, nr, add ? "add" : "remove");
	return 0;
}

static int fk_bind_pt_spi_irq(void *ctx, uint32_t domid, unsigned vspi, unsigned spi)
{
	FK_SIMPLE("bind_pt_spi_irq", "%" PRIu32 " %u %u", domid, vspi, spi);
	return 0;
}

static int fk_unbind_pt_spi_irq(void *ctx, uint32_t domid, unsigned vspi, unsigned spi)
{
	FK_SIMPLE("unbind_pt_spi_irq", "%" PRIu32 " %u %u", domid, vspi, spi);
	return 0;
}

static int fk_assign_dt_device(void *ctx, uint32_t domid, const char *path)
{
	FK_SIMPLE("assign_dt_device", "%" PRIu32 " %s", domid, path);
	return 0;
}

static int fk_deassign_dt_device(void *ctx, uint32_t domid, const char *path)
{
	FK_SIMPLE("deassign_dt_device", "%" PRIu32 " %s", domid, path);
	return 0;
}

static int fk_domain_unpause(void *ctx, uint32_t domid)
{
	struct fake_domain *d;

	FK_SIMPLE("domain_unpause", "%" PRIu32, domid);
	d = fake_dom(F(ctx), domid);
	if (!d)
		return -ESRCH;
	d->paused = false;
	return 0;
}

static int fk_domain_destroy(void *ctx, uint32_t domid)
{
	struct fake_domain *d;

	FK_SIMPLE("domain_destroy", "%" PRIu32, domid);
	d = fake_dom(F(ctx), domid);
	if (!d)
		return -ESRCH;
	d->exists = false;
	return 0;
}

/* --- libxenguest ---------------------------------------------------------------- */

static int fk_dom_allocate(void *ctx, const char *cmdline, struct ag_dom **out)
{
	struct fake *f = F(ctx);
	int rc = fake_enter(f, "dom_allocate");

	fake_log(f, "dom_allocate %s", cmdline ? cmdline : "(null)");
	if (rc)
		return rc;
	memset(&f->image, 0, sizeof(f->image));
	f->image_live = true;
	*out = (struct ag_dom *)(void *)&f->image;
	return 0;
}

static void fk_dom_release(void *ctx, struct ag_dom *dom)
{
	struct fake *f = F(ctx);

	(void)dom;
	fake_log(f, "dom_release");
	f->image_live = false;
}

/* What libxenguest gets: the descriptor of a regular file of the size the plan read. */
static int fake_boot_fd(int fd, uint64_t size)
{
	struct stat st;

	if (fstat(fd, &st) || !S_ISREG(st.st_mode))
		return -EINVAL;
	return (uint64_t)st.st_size != size ? -ESTALE : 0;
}

static int fk_dom_kernel_fd(void *ctx, struct ag_dom *dom, int fd, uint64_t size)
{
	int rc;

	(void)dom;
	FK_SIMPLE("dom_kernel_fd", "%" PRIu64, size);
	rc = fake_boot_fd(fd, size);
	if (rc)
		return rc;
	F(ctx)->image.kernel = true;
	return 0;
}

static int fk_dom_module_fd(void *ctx, struct ag_dom *dom, int fd, uint64_t size)
{
	int rc;

	(void)dom;
	FK_SIMPLE("dom_module_fd", "%" PRIu64, size);
	rc = fake_boot_fd(fd, size);
	if (rc)
		return rc;
	F(ctx)->image.ramdisk = true;
	return 0;
}

static int fk_dom_set_ports(void *ctx, struct ag_dom *dom, const struct ag_dom_ports *p)
{
	(void)dom;
	FK_SIMPLE("dom_set_ports", "vcpus=%u console=%" PRIu32 "@%" PRIu32 " store=%" PRIu32
		  "@%" PRIu32, p->max_vcpus, p->console_port, p->console_domid, p->store_port,
		  p->store_domid);
	F(ctx)->image.console_port = p->console_port;
	F(ctx)->image.store_port = p->store_port;
	return 0;
}

static int fk_dom_boot_xen_init(void *ctx, struct ag_dom *dom, uint32_t domid)
{
	(void)dom;
	FK_SIMPLE("dom_boot_xen_init", "%" PRIu32, domid);
	return 0;
}

static int fk_dom_rambase_init(void *ctx, struct ag_dom *dom, uint64_t base)
{
	(void)dom;
	FK_SIMPLE("dom_rambase_init", "0x%" PRIx64, base);
	return 0;
}

static int fk_dom_parse_image(void *ctx, struct ag_dom *dom)
{
	(void)dom;
	FK_SIMPLE("dom_parse_image", "%s", "");
	return 0;
}

static int fk_dom_devicetree_mem(void *ctx, struct ag_dom *dom, const void *blob, size_t size)
{
	(void)dom;
	FK_SIMPLE("dom_devicetree_mem", "%zu", size);
	F(ctx)->image.dtb = true;
	F(ctx)->image.dtb_blob = blob;
	F(ctx)->image.dtb_size = size;
	return 0;
}

static int fk_dom_mem_init(void *ctx, struct ag_dom *dom, unsigned mib)
{
	(void)dom;
	FK_SIMPLE("dom_mem_init", "%u", mib);
	F(ctx)->image.ram_mib = mib;
	F(ctx)->image.mem_init = true;
	return 0;
}

static int fk_dom_boot_mem_init(void *ctx, struct ag_dom *dom)
{
	(void)dom;
	FK_SIMPLE("dom_boot_mem_init", "%s", "");
	F(ctx)->image.boot_mem_init = true;
	return 0;
}

static int fk_dom_layout(void *ctx, struct ag_dom *dom, struct ag_dom_layout *out)
{
	struct fake *f = F(ctx);
	struct fake_dom_image *im = (struct fake_dom_image *)(void *)dom;
	uint64_t pages = (uint64_t)im->ram_mib << 8, bank0 = 0xc0000;

	FK_SIMPLE("dom_layout", "%s", "");
	memset(out, 0, sizeof(*out));
	snprintf(out->guest_type, sizeof(out->guest_type), "%s",
		 f->guest_type ? f->guest_type : "xen-3.0-aarch64");
	out->kernel_start = f->kernel_start;
	out->kernel_end = f->kernel_start + f->kernel_size;
	if (im->boot_mem_init) {
		out->rambank_pages[0] = pages < bank0 ? pages : bank0;
		out->rambank_pages[1] = pages > bank0 ? pages - bank0 : 0;
		out->has_ramdisk = im->ramdisk;
		if (im->ramdisk) {
			out->ramdisk_start = f->ramdisk_start;
			out->ramdisk_end = f->ramdisk_end;
		}
		out->has_dtb = im->dtb;
		out->dtb_start = f->dtb_start;
		out->dtb_end = f->dtb_start + im->dtb_size;
	}
	if (im->built) {
		out->console_pfn = 0x39000;
		out->store_pfn = 0x39001;
		out->vuart_gfn = 0x39003;
	}
	return 0;
}

static int fk_dom_build_image(void *ctx, struct ag_dom *dom)
{
	struct fake *f = F(ctx);
	struct fake_domain *d;

	(void)dom;
	FK_SIMPLE("dom_build_image", "%s", "");
	f->image.built = true;
	/* libxenguest's alloc_magic_pages sets these (tools/libs/guest/xg_dom_arm.c, stable-4.17). */
	for (int i = 0; i < FAKE_DOMS; i++) {
		d = &f->doms[i];
		if (!d->exists || d->domid == 0)
			continue;
		d->params[AG_PARAM_CONSOLE_PFN] = 0x39000;
		d->params[AG_PARAM_STORE_PFN] = 0x39001;
		d->params[AG_PARAM_CONSOLE_EVTCHN] = f->image.console_port;
		d->params[AG_PARAM_STORE_EVTCHN] = f->image.store_port;
		d->tot_pages = (uint64_t)f->image.ram_mib << 8;
	}
	return 0;
}

static int fk_dom_boot_image(void *ctx, struct ag_dom *dom)
{
	(void)dom;
	FK_SIMPLE("dom_boot_image", "%s", "");
	return 0;
}

static int fk_dom_gnttab_init(void *ctx, struct ag_dom *dom)
{
	(void)dom;
	FK_SIMPLE("dom_gnttab_init", "%s", "");
	return 0;
}

/* --- xenstore ------------------------------------------------------------------ */

static bool fk_xs_available(void *ctx)
{
	return F(ctx)->xs;
}

static struct fake_xs_entry *xs_find(struct fake *f, const char *path)
{
	for (size_t i = 0; i < f->n_xs; i++)
		if (!strcmp(f->xs_entries[i].path, path))
			return &f->xs_entries[i];
	return NULL;
}

static int fk_xs_read(void *ctx, const char *path, char **out)
{
	struct fake_xs_entry *e;

	FK_SIMPLE("xs_read", "%s", path);
	e = xs_find(F(ctx), path);
	if (!e)
		return -ENOENT;
	*out = strdup(e->value);
	return *out ? 0 : -ENOMEM;
}

static int fk_xs_write(void *ctx, const char *path, const char *value)
{
	struct fake *f = F(ctx);
	struct fake_xs_entry *e;

	FK_SIMPLE("xs_write", "%s = \"%s\"", path, value);
	e = xs_find(f, path);
	if (!e) {
		if (f->n_xs >= FAKE_XS_MAX)
			return -ENOSPC;
		e = &f->xs_entries[f->n_xs++];
		snprintf(e->path, sizeof(e->path), "%s", path);
	}
	snprintf(e->value, sizeof(e->value), "%s", value);
	return 0;
}

static int fk_xs_set_perms(void *ctx, const char *path, const struct ag_xs_perms *perms, size_t n)
{
	struct fake_xs_entry *e;
	char buf[96] = "";
	size_t len = 0;

	for (size_t i = 0; i < n && len < sizeof(buf) - 16; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%c%" PRIu32, i ? "," : "",
					"nrwb"[perms[i].perms], perms[i].id);
	FK_SIMPLE("xs_set_perms", "%s %s", path, buf);
	e = xs_find(F(ctx), path);
	if (e) {
		e->n_perms = n < FAKE_XS_PERMS ? n : FAKE_XS_PERMS;
		memcpy(e->perms, perms, e->n_perms * sizeof(*perms));
	}
	return 0;
}

static int fk_xs_get_perms(void *ctx, const char *path, struct ag_xs_perms *out, size_t max,
			   size_t *n)
{
	static const struct ag_xs_perms dom0_only = { 0, AG_XS_PERM_NONE };
	struct fake_xs_entry *e;

	FK_SIMPLE("xs_get_perms", "%s", path);
	e = xs_find(F(ctx), path);
	if (!e)
		return -ENOENT;
	if (e->n_perms == 0) {
		if (max)
			out[0] = dom0_only;
		*n = 1;
		return 0;
	}
	for (size_t i = 0; i < e->n_perms && i < max; i++)
		out[i] = e->perms[i];
	*n = e->n_perms;
	return 0;
}

static int fk_xs_rm(void *ctx, const char *path)
{
	struct fake *f = F(ctx);
	size_t len = strlen(path), j = 0;
	bool found = false;

	FK_SIMPLE("xs_rm", "%s", path);
	for (size_t i = 0; i < f->n_xs; i++) {
		const char *p = f->xs_entries[i].path;

		if (!strncmp(p, path, len) && (p[len] == '\0' || p[len] == '/')) {
			found = true;
			continue;
		}
		f->xs_entries[j++] = f->xs_entries[i];
	}
	f->n_xs = j;
	return found ? 0 : -ENOENT;
}

static int fk_xs_introduce(void *ctx, uint32_t domid, uint64_t mfn, uint32_t port)
{
	FK_SIMPLE("xs_introduce", "%" PRIu32 " 0x%" PRIx64 " %" PRIu32, domid, mfn, port);
	return 0;
}

static int fk_xs_transaction_start(void *ctx)
{
	struct fake *f = F(ctx);

	FK_SIMPLE("xs_transaction_start", "%s", "");
	if (f->in_txn)
		return -EBUSY;
	f->txn_snapshot = malloc(sizeof(f->xs_entries));
	if (!f->txn_snapshot)
		return -ENOMEM;
	memcpy(f->txn_snapshot, f->xs_entries, sizeof(f->xs_entries));
	f->txn_snapshot_n = f->n_xs;
	f->in_txn = true;
	return 0;
}

static int fk_xs_transaction_end(void *ctx, bool abort)
{
	struct fake *f = F(ctx);
	bool conflict;

	FK_SIMPLE("xs_transaction_end", "%s", abort ? "abort" : "commit");
	if (!f->in_txn)
		return -EINVAL;
	conflict = !abort && f->txn_conflicts > 0;
	if (abort || conflict) {
		/* Nothing the transaction wrote stays. */
		memcpy(f->xs_entries, f->txn_snapshot, sizeof(f->xs_entries));
		f->n_xs = f->txn_snapshot_n;
	}
	free(f->txn_snapshot);
	f->txn_snapshot = NULL;
	f->in_txn = false;
	if (!abort && f->on_txn_end)
		f->on_txn_end(f, f->on_txn_end_arg);
	if (conflict) {
		f->txn_conflicts--;
		fake_log(f, "CONFLICT");
		return -EAGAIN;
	}
	return 0;
}

void fake_fini(struct fake *f)
{
	free(f->txn_snapshot);
	f->txn_snapshot = NULL;
}

/* --- the lifecycle monitor ----------------------------------------------------- */

struct ag_domexc {
	int unused;
};

static int fk_domexc_open(void *ctx, struct ag_domexc **out, const char **via)
{
	static struct ag_domexc one;
	struct fake *f = F(ctx);

	FK_SIMPLE("domexc_open", "%s", f->xs ? "@releaseDomain" : "VIRQ_DOM_EXC");
	if (f->domexc_open_rc)
		return f->domexc_open_rc;
	*via = f->xs ? "@releaseDomain" : "VIRQ_DOM_EXC";
	*out = &one;
	return 0;
}

static int fk_domexc_wait(void *ctx, struct ag_domexc *w, int timeout_ms)
{
	struct fake *f = F(ctx);
	unsigned max = f->domexc_waits_max ? f->domexc_waits_max : 64;

	(void)w;
	FK_SIMPLE("domexc_wait", "%d", timeout_ms);
	/* A monitor that never sees its end would loop: stop it as a signal would. */
	if (fake_count(f, "domexc_wait") > max)
		return -EINTR;
	if (f->on_domexc_wait)
		f->on_domexc_wait(f, f->on_domexc_wait_arg);
	return 1;
}

static void fk_domexc_close(void *ctx, struct ag_domexc *w)
{
	(void)w;
	fake_log(F(ctx), "domexc_close");
}

static int fk_domain_dumpcore(void *ctx, uint32_t domid, const char *path)
{
	FK_SIMPLE("domain_dumpcore", "%" PRIu32 " %s", domid, path);
	return fake_dom(F(ctx), domid) ? 0 : -ESRCH;
}

/* --- console ------------------------------------------------------------------- */

struct ag_evtchn {
	int fds[2]; /* [0] polled by the console; tests write [1] to "send an event" */
	uint32_t remote;
};

static int fk_evtchn_bind(void *ctx, uint32_t domid, uint32_t port, struct ag_evtchn **out)
{
	struct ag_evtchn *e;

	FK_SIMPLE("evtchn_bind", "%" PRIu32 " %" PRIu32, domid, port);
	e = calloc(1, sizeof(*e));
	if (!e || pipe(e->fds) != 0) {
		free(e);
		return -ENOMEM;
	}
	e->remote = port;
	*out = e;
	F(ctx)->last_evtchn = e;
	return 0;
}

static int fk_evtchn_fd(void *ctx, struct ag_evtchn *e)
{
	(void)ctx;
	return e->fds[0];
}

static int fk_evtchn_take(void *ctx, struct ag_evtchn *e)
{
	char c;

	fake_log(F(ctx), "evtchn_take");
	return read(e->fds[0], &c, 1) == 1 ? 0 : -EIO;
}

static int fk_evtchn_unmask(void *ctx, struct ag_evtchn *e)
{
	(void)e;
	fake_log(F(ctx), "evtchn_unmask");
	return 0;
}

static int fk_evtchn_notify(void *ctx, struct ag_evtchn *e)
{
	FK_SIMPLE("evtchn_notify", "%" PRIu32, e->remote);
	if (F(ctx)->on_notify)
		F(ctx)->on_notify(F(ctx), F(ctx)->on_notify_arg);
	return 0;
}

static void fk_evtchn_close(void *ctx, struct ag_evtchn *e)
{
	fake_log(F(ctx), "evtchn_close");
	if (!e)
		return;
	if (F(ctx)->last_evtchn == e)
		F(ctx)->last_evtchn = NULL;
	close(e->fds[0]);
	close(e->fds[1]);
	free(e);
}

static void *fk_map_guest_page(void *ctx, uint32_t domid, uint64_t gfn)
{
	struct fake *f = F(ctx);
	int rc = fake_enter(f, "map_guest_page");
	void *p;

	fake_log(f, "map_guest_page %" PRIu32 " 0x%" PRIx64, domid, gfn);
	if (rc) {
		errno = -rc;
		return NULL;
	}
	if (f->guest_page)
		return f->guest_page;
	p = calloc(1, 4096);
	if (!p)
		errno = ENOMEM;
	return p;
}

static void fk_unmap_guest_page(void *ctx, void *page)
{
	fake_log(F(ctx), "unmap_guest_page");
	if (page != F(ctx)->guest_page)
		free(page);
}

/* --- host ---------------------------------------------------------------------- */

static int fk_random_bytes(void *ctx, void *buf, size_t len)
{
	FK_SIMPLE("random_bytes", "%zu", len);
	memset(buf, F(ctx)->seed_byte, len);
	return 0;
}

static void fk_now(void *ctx, int64_t *sec, long *usec)
{
	(void)ctx;
	*sec = 1700000000;
	*usec = 250000;
}

struct ag_xenops fake_ops(struct fake *f)
{
	return (struct ag_xenops){
		.ctx = f,
		.domctl_interface_version = 0x15, /* the 4.17 headers' */
		.xen_version = fk_xen_version,
		.domain_create = fk_domain_create,
		.domain_set_llc_colors = fk_domain_set_llc_colors,
		.domain_getinfo = fk_domain_getinfo,
		.domain_list = fk_domain_list,
		.domain_max_vcpus = fk_domain_max_vcpus,
		.physinfo = fk_physinfo,
		.cpupool_next = fk_cpupool_next,
		.vcpu_setaffinity = fk_vcpu_setaffinity,
		.sched_credit_set = fk_sched_credit_set,
		.domain_setmaxmem = fk_domain_setmaxmem,
		.evtchn_alloc_unbound = fk_evtchn_alloc_unbound,
		.paging_mempool_set = fk_paging_mempool_set,
		.hvm_param_set = fk_hvm_param_set,
		.hvm_param_get = fk_hvm_param_get,
		.vuart_init = fk_vuart_init,
		.iomem_permission = fk_iomem_permission,
		.memory_mapping = fk_memory_mapping,
		.bind_pt_spi_irq = fk_bind_pt_spi_irq,
		.unbind_pt_spi_irq = fk_unbind_pt_spi_irq,
		.assign_dt_device = fk_assign_dt_device,
		.deassign_dt_device = fk_deassign_dt_device,
		.domain_unpause = fk_domain_unpause,
		.domain_destroy = fk_domain_destroy,
		.dom_allocate = fk_dom_allocate,
		.dom_release = fk_dom_release,
		.dom_kernel_fd = fk_dom_kernel_fd,
		.dom_module_fd = fk_dom_module_fd,
		.dom_set_ports = fk_dom_set_ports,
		.dom_boot_xen_init = fk_dom_boot_xen_init,
		.dom_rambase_init = fk_dom_rambase_init,
		.dom_parse_image = fk_dom_parse_image,
		.dom_devicetree_mem = fk_dom_devicetree_mem,
		.dom_mem_init = fk_dom_mem_init,
		.dom_boot_mem_init = fk_dom_boot_mem_init,
		.dom_layout = fk_dom_layout,
		.dom_build_image = fk_dom_build_image,
		.dom_boot_image = fk_dom_boot_image,
		.dom_gnttab_init = fk_dom_gnttab_init,
		.xs_available = fk_xs_available,
		.xs_read = fk_xs_read,
		.xs_write = fk_xs_write,
		.xs_set_perms = fk_xs_set_perms,
		.xs_get_perms = fk_xs_get_perms,
		.xs_rm = fk_xs_rm,
		.xs_introduce = fk_xs_introduce,
		.xs_transaction_start = fk_xs_transaction_start,
		.xs_transaction_end = fk_xs_transaction_end,
		.domexc_open = fk_domexc_open,
		.domexc_wait = fk_domexc_wait,
		.domexc_close = fk_domexc_close,
		.domain_dumpcore = fk_domain_dumpcore,
		.evtchn_bind = fk_evtchn_bind,
		.evtchn_fd = fk_evtchn_fd,
		.evtchn_take = fk_evtchn_take,
		.evtchn_unmask = fk_evtchn_unmask,
		.evtchn_notify = fk_evtchn_notify,
		.evtchn_close = fk_evtchn_close,
		.map_guest_page = fk_map_guest_page,
		.unmap_guest_page = fk_unmap_guest_page,
		.random_bytes = fk_random_bytes,
		.now = fk_now,
	};
}
