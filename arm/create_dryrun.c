/* SPDX-License-Identifier: MIT */
/*
 * `armguest create -n`: everything create decides without asking the
 * hypervisor — the plan, the tree, and where libxenguest will put the
 * kernel, ramdisk and DTB — printed, and no hypercall made.  What only Xen
 * knows (the host's GIC, the IPA size, the timer frequency) is assumed and
 * said to be.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../common/file.h"
#include "../common/random.h"

#include "../fdt/builder.h"
#include "create.h"
#include "create_dryrun.h"

static void print_limit(FILE *out, const char *what, int32_t v)
{
	if (v < 0)
		fprintf(out, "%-13s the hypervisor's default\n", what);
	else
		fprintf(out, "%-13s %" PRId32 "\n", what, v);
}

/* One line per vCPU whose affinity is set (libxl__build_pre's order). */
static void print_affinity(FILE *out, const struct ag_guest *g)
{
	size_t n = g->n_cpus_hard > g->n_cpus_soft ? g->n_cpus_hard : g->n_cpus_soft;

	for (size_t i = 0; i < n; i++) {
		fprintf(out, "affinity      vcpu %zu", i);
		for (int k = 0; k < 2; k++) {
			const struct ag_cpumap *m = k == 0 ? (i < g->n_cpus_hard ? &g->cpus_hard[i] : NULL)
							   : (i < g->n_cpus_soft ? &g->cpus_soft[i] : NULL);

			if (!m)
				continue;
			fprintf(out, " %s 0x", k == 0 ? "hard" : "soft");
			for (int w = AG_CPUMAP_WORDS - 1, lead = 1; w >= 0; w--) {
				if (lead && !m->w[w] && w)
					continue;
				fprintf(out, lead ? "%" PRIx64 : "%016" PRIx64, m->w[w]);
				lead = 0;
			}
		}
		fprintf(out, "\n");
	}
	if (g->sched_weight != AG_UNSET || g->sched_cap != AG_UNSET)
		fprintf(out, "sched         weight %d, cap %d (credit/credit2; -1: unchanged)\n",
			g->sched_weight, g->sched_cap);
}

/* Xen 4.18-4.20's Arm settings, when the config uses them. */
static void print_arm_settings(FILE *out, const struct ag_create_plan *pl)
{
	const struct ag_domain_config *cfg = &pl->cfg;

	if (cfg->tee != AG_TEE_NONE || cfg->sve_vl) {
		fprintf(out, "arch          tee %s, sve ", ag_tee_name(cfg->tee));
		if (cfg->sve_vl == AG_SVE_HW)
			fprintf(out, "the host's vector length (physinfo)\n");
		else if (cfg->sve_vl)
			fprintf(out, "%" PRIu32 " bits (checked against physinfo)\n", cfg->sve_vl);
		else
			fprintf(out, "off\n");
	}
	if (!pl->n_llc_colors)
		return;
	fprintf(out, "llc_colors    %zu:", pl->n_llc_colors);
	for (size_t i = 0; i < pl->n_llc_colors;) {
		size_t j = i;

		while (j + 1 < pl->n_llc_colors && pl->llc_colors[j + 1] == pl->llc_colors[j] + 1)
			j++;
		if (j > i)
			fprintf(out, " %" PRIu32 "-%" PRIu32, pl->llc_colors[i], pl->llc_colors[j]);
		else
			fprintf(out, " %" PRIu32, pl->llc_colors[i]);
		i = j + 1;
	}
	fprintf(out, " (xc_domain_set_llc_colors)\n");
}

static void print_plan(FILE *out, const struct ag_guest *g, const struct ag_profile *p,
		       const struct ag_create_plan *pl, enum ag_gic gic, bool gic_assumed)
{
	const struct ag_domain_config *cfg = &pl->cfg;

	/* What came from the config is escaped (validation refuses control bytes in a name). */
	fputs("domain        ", out);
	ag_fputs_escaped(g->name, out);
	fprintf(out, " (%s, %s)\n", ag_guest_type_name(g->type), ag_arch_name(g->arch));
	fprintf(out, "xen           %s (domctl interface 0x%" PRIx32 ")\n", p->version,
		p->domctl_interface_version);
	fprintf(out, "createdomain  flags hvm|hap%s%s, gic %s -> %s%s, nr_spis %" PRIu32
		", max_vcpus %" PRIu32 ", max_evtchn_port %" PRIu32 "\n",
		cfg->iommu ? "|iommu" : "", cfg->vpmu ? "|vpmu" : "", ag_gic_name(cfg->gic),
		ag_gic_name(gic), gic_assumed ? " (assumed: the host decides)" : "", cfg->nr_spis,
		cfg->max_vcpus, cfg->max_evtchn_port);
	print_arm_settings(out, pl);
	print_limit(out, "max_grant_frames", cfg->max_grant_frames);
	print_limit(out, "max_maptrack_frames", cfg->max_maptrack_frames);
	if (pl->grant_version_from_host)
		fprintf(out, "grant version the host's highest (physinfo; %u without gnttab v2)\n",
			AG_MAX_GRANT_VERSION);
	else
		fprintf(out, "grant version %" PRIu32 "\n", cfg->max_grant_version);
	if (pl->pool_name) {
		fputs("cpupool       \"", out);
		ag_fputs_escaped(pl->pool_name, out);
		fputs("\" (its id is looked up in xenstore at create)\n", out);
	} else {
		fprintf(out, "cpupool       %" PRIu32 "\n", cfg->cpupool_id);
	}
	if (g->has_uuid) {
		char u[37];

		ag_uuid_format(g->uuid, u);
		fprintf(out, "uuid          %s\n", u);
	} else {
		fprintf(out, "uuid          random (version 4)\n");
	}
	fprintf(out, "vcpus         %u online of %u\n", g->vcpus, g->max_vcpus);
	print_affinity(out, g);
	fprintf(out, "setmaxmem     %" PRIu64 " KiB\n", pl->maxmem_kib);
	fprintf(out, "paging pool   %" PRIu64 " bytes\n", pl->paging_bytes);
	fprintf(out, "mem_init      %u MiB\n", pl->ram_mib);
	fprintf(out, "HVM_PARAM_CALLBACK_IRQ = 0x%016" PRIx64 "\n", pl->callback_irq);
}

static void print_devices(FILE *out, const struct ag_guest *g, const struct ag_profile *p)
{
	if (g->vuart)
		fprintf(out, "vuart         sbsa_uart at 0x%" PRIx64 ", SPI %u, ring gfn 0x%" PRIx64 "\n",
			p->pl011.base, p->spi_vpl011, p->magic_pfn_vuart);
	for (size_t i = 0; i < g->n_iomem; i++)
		fprintf(out, "iomem         mfn 0x%" PRIx64 " +%" PRIu64 " pages at gfn 0x%" PRIx64 "\n",
			g->iomem[i].start_pfn, g->iomem[i].nr_pfns, g->iomem[i].gfn);
	for (size_t i = 0; i < g->n_irqs; i++)
		fprintf(out, "irq           %" PRIu32 " (SPI, routed 1:1)\n", g->irqs[i]);
	for (size_t i = 0; i < g->n_dtdevs; i++) {
		fputs("dtdev         ", out);
		ag_fputs_escaped(g->dtdevs[i], out);
		fputc('\n', out);
	}
	for (size_t i = 0; i < g->n_virtio; i++) {
		fprintf(out, "virtio-mmio   0x%" PRIx64 ", SPI %u: ",
			p->virtio_mmio.base + i * p->virtio_mmio_slot, p->spi_virtio_first + (unsigned)i);
		ag_fputs_escaped(g->virtio[i].type ? g->virtio[i].type : "disk", out);
		fprintf(out, ", back end domain %" PRIu32 "%s\n", g->virtio[i].backend,
			g->virtio[i].grant_usage ? ", through grants (xen_iommu)" : "");
	}
	fprintf(out, "console       ring gfn 0x%" PRIx64 "\n", p->magic_pfn_console);
}

static void print_layout(FILE *out, const struct ag_guest *g, const struct ag_layout *l,
			 size_t dtb_size)
{
	fprintf(out, "kernel        0x%" PRIx64 "-0x%" PRIx64 "  ", l->kernel_base,
		l->kernel_end);
	ag_fputs_escaped(g->kernel, out);
	fputc('\n', out);
	if (l->has_ramdisk) {
		fprintf(out, "ramdisk       0x%" PRIx64 "-0x%" PRIx64 "  ", l->initrd_start,
			l->initrd_end);
		ag_fputs_escaped(g->ramdisk, out);
		fputc('\n', out);
	}
	fprintf(out, "dtb           0x%" PRIx64 "-0x%" PRIx64 "  (%zu bytes)\n", l->dtb_addr,
		l->dtb_addr + dtb_size, dtb_size);
}

int ag_create_dry_run(const struct ag_guest *g, const struct ag_profile *p,
		      const struct ag_dryrun_opts *o, FILE *out, struct ag_diags *d)
{
	struct ag_create_plan cp;
	struct ag_plan pl = { 0 };
	uint8_t seed[AG_RNG_SEED_SIZE];
	struct ag_plan_opts po = {
		.host = { .gic = g->gic != AG_GIC_DEFAULT ? g->gic : o->gic,
			  .gpaddr_bits = o->gpaddr_bits },
		.seed = seed,
		.allow_zimage32 = true,
		.timings = o->timings,
	};
	uint64_t t0 = ag_timings_now(o->timings);
	int rc = ag_create_plan(g, p, &cp, d);

	ag_timings_end(o->timings, "create_plan", t0);
	if (rc)
		return rc;
	rc = ag_random_bytes(seed, sizeof(seed));
	if (rc) {
		ag_diag_add(d, AG_ERROR, NULL, 0, 0, NULL, "no random bytes: %s", strerror(-rc));
		return rc;
	}
	rc = ag_plan_make(g, p, &po, &pl, d);
	if (!rc && o->dtb_out && !pl.placed)
		rc = ag_guest_error(d, g, "kernel", -ENOTSUP,
				    "--dtb-out: %s is a 32-bit zImage, whose placement (and so "
				    "the tree's /chosen) only libxenguest knows; create writes the tree",
				    g->kernel);
	if (!rc && o->dtb_out && (rc = ag_write_file_atomic(o->dtb_out, pl.dtb, pl.dtb_size)))
		ag_diag_add(d, AG_ERROR, NULL, 0, 0, NULL, "writing %s: %s", o->dtb_out,
			    strerror(-rc));
	if (!rc) {
		fprintf(out, "armguest: dry run, nothing created\n");
		print_plan(out, g, p, &cp, po.host.gic, g->gic == AG_GIC_DEFAULT);
		print_devices(out, g, p);
		if (pl.placed) {
			print_layout(out, g, &pl.layout, pl.dtb_size);
		} else {
			fputs("kernel        ", out);
			ag_fputs_escaped(g->kernel, out);
			fputs(": a 32-bit zImage, placed by libxenguest (not predicted)\n", out);
		}
		fprintf(out, "gpaddr_bits   %u (assumed)\n", o->gpaddr_bits);
		fprintf(out, "xenstore      entries if xenstored runs, else HVM_PARAM_STORE_PFN = 0\n");
	}
	ag_plan_free(&pl);
	return rc;
}
