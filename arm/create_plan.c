/* SPDX-License-Identifier: MIT */
/*
 * What libxl 4.17 would ask of the hypervisor for this guest, decided
 * before the first hypercall (tools/libs/light/libxl_create.c: libxl__domain_make,
 * libxl_arm.c: libxl__arch_domain_prepare_config, libxl_dom.c: libxl__build_pre,
 * stable-4.17), and
 * the checks that would otherwise only fail once a domain exists.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "create.h"

void ag_uuid_format(const uint8_t u[AG_UUID_SIZE], char out[37])
{
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10],
		 u[11], u[12], u[13], u[14], u[15]);
}

/* libxl__arch_domain_prepare_config: SPIs for the vpl011, the virtio disks and passthrough IRQs. */
static int plan_spis(const struct ag_guest *g, const struct ag_profile *p,
		     uint32_t *nr_spis, struct ag_diags *d)
{
	uint32_t n = 0;
	int rc = 0;

	uint32_t virtio_last = p->spi_virtio_first + (uint32_t)g->n_virtio - 1;

	if (g->vuart)
		n = p->spi_vpl011 - 32 + 1;
	/* One emulated SPI per virtio device; nr_spis covers the highest. */
	if (g->n_virtio && virtio_last - 32 + 1 > n)
		n = virtio_last - 32 + 1;
	for (size_t i = 0; i < g->n_irqs; i++) {
		uint32_t irq = g->irqs[i];

		if (g->n_virtio && irq >= p->spi_virtio_first && irq <= virtio_last) {
			ag_guest_error(d, g, "irqs", -EINVAL,
				       "Physical IRQ %u conflicting with Virtio MMIO IRQ range", irq);
			rc = -EINVAL;
			continue;
		}

		if (g->vuart && irq == p->spi_vpl011) {
			ag_guest_error(d, g, "irqs", -EINVAL,
				       "Physical IRQ %u conflicting with pl011 SPI", irq);
			rc = -EINVAL;
			continue;
		}
		if (irq < 32) {
			/* libxl lets these through and Xen refuses them once the domain exists. */
			ag_guest_error(d, g, "irqs", -EINVAL,
				       "IRQ %u is not an SPI: Xen routes only SPIs (32 and up) to a guest", irq);
			rc = -EINVAL;
			continue;
		}
		if (irq - 32 + 1 > n)
			n = irq - 32 + 1;
	}
	/* Xen 4.19+: the `nr_spis' key asks for at least that many (validated). */
	if (g->nr_spis > n)
		n = g->nr_spis;
	if (n > p->max_spis) {
		ag_guest_error(d, g, "irqs", -EINVAL,
			       "the guest needs %" PRIu32 " SPIs for its IRQs, and Xen gives a "
			       "guest at most %u (xen/arch/arm/vgic.c: domain_vgic_init)",
			       n, p->max_spis);
		rc = -EINVAL;
	}
	*nr_spis = n;
	return rc;
}

static int plan_vcpus(const struct ag_guest *g, const struct ag_profile *p,
		      struct ag_diags *d)
{
	unsigned limit = g->gic == AG_GIC_V2 ? p->max_vcpus_gicv2 : p->max_vcpus_gicv3;

	if (g->max_vcpus == 0 || g->vcpus == 0 || g->vcpus > g->max_vcpus) {
		ag_guest_error(d, g, "vcpus", -EINVAL, "invalid vCPU counts: vcpus %u, maxvcpus %u",
			       g->vcpus, g->max_vcpus);
		return -EINVAL;
	}
	/* With the host's GIC the hypervisor decides; v3 allows the most. */
	if (g->max_vcpus > limit) {
		ag_guest_error(d, g, g->pos_maxvcpus.line ? "maxvcpus" : "vcpus", -EINVAL,
			       "%u vCPUs exceed the %u a vGIC%s guest can have", g->max_vcpus, limit,
			       g->gic == AG_GIC_V2 ? "v2" : "v3");
		return -EINVAL;
	}
	return 0;
}

/* What create refuses (or warns about) for this guest whatever the host. */
static int plan_guest(const struct ag_guest *g, const struct ag_profile *p, struct ag_diags *d)
{
	int rc = 0;

	if (g->type != AG_TYPE_PVH) {
		ag_guest_error(d, g, "type", -EINVAL, "Unsupported Arm guest type %s",
			       ag_guest_type_name(g->type));
		rc = -EINVAL;
	}
	if (g->arch != AG_ARCH_ARM64 && g->arch != AG_ARCH_ARM32) {
		ag_guest_error(d, g, NULL, -EINVAL,
			       "armguest create builds Arm guests, not %s", ag_arch_name(g->arch));
		rc = -EINVAL;
	}
	if (!g->name || !*g->name) {
		ag_guest_error(d, g, "name", -EINVAL, "Domain name must be specified.");
		rc = -EINVAL;
	}
	if (!g->kernel) {
		ag_guest_error(d, g, "kernel", -EINVAL, "a kernel is required");
		rc = -EINVAL;
	}
	if (g->acpi) {
		ag_guest_error(d, g, "acpi", -EINVAL,
			       "acpi=1 is not supported by armguest create (no ACPI tables are generated)");
		rc = -EINVAL;
	}
	if (g->maxmem_kib < g->videoram_kib + 1024) {
		ag_guest_error(d, g, "memory", -EINVAL, "ram size is 0");
		rc = -EINVAL;
	} else if ((g->maxmem_kib - g->videoram_kib) * 1024 > p->ram_max) {
		ag_guest_error(d, g, g->pos_maxmem.line ? "maxmem" : "memory", -EINVAL,
			       "ram size is too large for guest address space: %" PRIu64
			       " MiB > %" PRIu64 " MiB", (g->maxmem_kib - g->videoram_kib) / 1024,
			       p->ram_max >> 20);
		rc = -EINVAL;
	}
	/* Devices without a back end were refused or left out by validation (keys.c). */
	return rc;
}

int ag_create_plan(const struct ag_guest *g, const struct ag_profile *p,
		   struct ag_create_plan *out, struct ag_diags *d)
{
	struct ag_domain_config *cfg = &out->cfg;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	rc = plan_guest(g, p, d);
	if (plan_vcpus(g, p, d))
		rc = -EINVAL;
	if (plan_spis(g, p, &cfg->nr_spis, d))
		rc = -EINVAL;
	if (rc)
		return rc;

	/* XEN_DOMCTL_createdomain as libxl__domain_make fills it for PVH on Arm. */
	cfg->hvm = true;
	cfg->hap = true;
	cfg->iommu = g->passthrough == AG_PT_ENABLED;  /* resolved by validation */
	cfg->ssidref = AG_SSIDREF_DOMU;
	cfg->max_vcpus = g->max_vcpus;
	cfg->vpmu = g->vpmu;
	cfg->max_evtchn_port = g->max_evtchn_port;
	cfg->max_grant_frames = g->max_grant_frames;
	cfg->max_maptrack_frames = g->max_maptrack_frames;
	out->grant_version_from_host = g->max_grant_version == AG_UNSET;
	cfg->max_grant_version = out->grant_version_from_host ? AG_MAX_GRANT_VERSION
							      : (uint32_t)g->max_grant_version;
	cfg->cpupool_id = g->has_pool_id ? g->pool_id : 0;
	out->pool_name = g->pool_name;
	if (g->has_uuid)
		memcpy(cfg->handle, g->uuid, AG_UUID_SIZE);
	out->set_sched = g->sched_weight != AG_UNSET || g->sched_cap != AG_UNSET;
	cfg->gic = g->gic;
	cfg->tee = g->tee;
	cfg->sve_vl = g->sve_vl;  /* AG_SVE_HW: the host's, from physinfo at create */
	out->llc_colors = g->llc_colors;
	out->n_llc_colors = g->n_llc_colors;

	out->maxmem_kib = g->memory_kib + AG_MAXMEM_CONSTANT_KIB;
	out->ram_mib = (unsigned)((g->maxmem_kib - g->videoram_kib) / 1024);
	out->paging_bytes = g->shadow_kib << 10;
	out->callback_irq = ag_profile_callback_irq(p);
	return 0;
}
