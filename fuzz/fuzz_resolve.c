/* SPDX-License-Identifier: MIT */
/*
 * Fuzz the type policy and validation: arbitrary bytes are a config; each
 * model the parser stores (also after a parse error) is resolved for every
 * architecture, strict and not, without touching files.  A result is either
 * a guest with sane values and no error, or errors that name the config
 * file and the key, and no guest.
 */
#include "fuzz_cfg_util.h"
#include "xl-parse/policy.h"
#include "xl-parse/validate.h"

static void check_type(const struct xlcfg *cfg, enum ag_arch arch, bool strict)
{
	struct ag_diags d;
	enum ag_guest_type t = (enum ag_guest_type)-1;
	struct ag_pos pos = { 0, 0 };
	int rc;

	ag_diags_init(&d);
	rc = ag_type_resolve(cfg, arch, 17, strict, &t, &pos, &d);
	FZ_ASSERT(rc == 0 || rc == -EINVAL, "ag_type_resolve returned %d", rc);
	FZ_ASSERT((rc == 0) == (ag_diags_count(&d, AG_ERROR) == 0),
		  "type: rc %d with %zu errors", rc, ag_diags_count(&d, AG_ERROR));
	if (rc == 0) {
		FZ_ASSERT(t == AG_TYPE_PV || t == AG_TYPE_PVH || t == AG_TYPE_HVM,
			  "type %d", (int)t);
		if (ag_arch_is_arm(arch))
			FZ_ASSERT(t == AG_TYPE_PVH, "an Arm guest of type %s",
				  ag_guest_type_name(t));
	}
	fz_assert_diags(&d);
	ag_diags_free(&d);
}

static void check_guest(const struct ag_guest *g, enum ag_arch arch)
{
	FZ_ASSERT(g->arch == arch, "arch %d", (int)g->arch);
	FZ_ASSERT(g->source && !strcmp(g->source, FZ_SOURCE), "source");
	FZ_ASSERT(g->max_vcpus >= g->vcpus, "vcpus %u > maxvcpus %u", g->vcpus,
		  g->max_vcpus);
	if (!ag_arch_is_arm(arch))
		return;
	FZ_ASSERT(g->type == AG_TYPE_PVH, "Arm guest type %d", (int)g->type);
	FZ_ASSERT(g->kernel && g->kernel[0], "Arm guest without a kernel");
	FZ_ASSERT(g->vcpus >= 1, "no vCPU");
	FZ_ASSERT(g->maxmem_kib > g->videoram_kib, "no RAM: maxmem %llu videoram %llu",
		  (unsigned long long)g->maxmem_kib, (unsigned long long)g->videoram_kib);
	FZ_ASSERT(g->maxmem_kib / 1024 * 1024 * 1024 <= fz_limits()->ram_max,
		  "RAM over the guest address space");
	FZ_ASSERT(g->gic == AG_GIC_DEFAULT || g->gic == AG_GIC_V2 || g->gic == AG_GIC_V3,
		  "gic %d", (int)g->gic);
	FZ_ASSERT(!g->n_iomem || g->iomem, "iomem count without entries");
	FZ_ASSERT(!g->n_irqs || g->irqs, "irqs count without entries");
	FZ_ASSERT(!g->n_dtdevs || g->dtdevs, "dtdev count without entries");
	if (g->cmdline)
		FZ_ASSERT(strlen(g->cmdline) < XLCFG_MAX_FILE_SIZE, "command line length");
}

static void check_resolve(const struct xlcfg *cfg, enum ag_arch arch, bool strict,
			  const char *dir)
{
	struct ag_resolve_opts o = { .arch = arch, .strict = strict,
				     .check_files = false, .cfg_dir = dir,
				     .limits = fz_limits() };
	struct ag_guest g;
	struct ag_diags d;
	int rc;

	memset(&g, 0, sizeof(g));
	ag_diags_init(&d);
	rc = ag_guest_resolve(cfg, &o, &g, &d);
	FZ_ASSERT(rc == 0 || rc == -EINVAL || rc == -ENOMEM,
		  "ag_guest_resolve returned %d", rc);
	fz_assert_diags(&d);
	if (rc == 0) {
		FZ_ASSERT(ag_diags_count(&d, AG_ERROR) == 0, "errors with a guest");
		check_guest(&g, arch);
	} else if (rc == -EINVAL) {
		struct ag_guest zero;

		memset(&zero, 0, sizeof(zero));
		FZ_ASSERT(ag_diags_count(&d, AG_ERROR) > 0, "refused without an error");
		FZ_ASSERT(!memcmp(&g, &zero, sizeof(g)), "a refused guest left fields set");
		for (size_t i = 0; i < d.n; i++)
			if (d.v[i].sev == AG_ERROR)
				FZ_ASSERT(d.v[i].file, "error without the file: %s",
					  d.v[i].msg);
	}
	ag_guest_free(&g);
	ag_diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ag_arch arches[] = { AG_ARCH_ARM64, AG_ARCH_ARM32,
					       AG_ARCH_X86_64 };
	struct ag_diags d;
	struct xlcfg *cfg;
	int rc;

	ag_diags_init(&d);
	cfg = fz_parse(data, size, &d, &rc);
	if (cfg) {
		for (size_t a = 0; a < sizeof(arches) / sizeof(arches[0]); a++) {
			for (int strict = 0; strict < 2; strict++) {
				check_type(cfg, arches[a], strict);
				check_resolve(cfg, arches[a], strict, NULL);
			}
		}
		/* Relative paths taken from a config directory. */
		check_resolve(cfg, AG_ARCH_ARM64, false, "/etc/xen/guests");
	}
	xlcfg_free(cfg);
	ag_diags_free(&d);
	return 0;
}
