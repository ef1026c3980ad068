/* SPDX-License-Identifier: MIT */
/*
 * The plan stage (plan.h): files → tree → layout → finalised tree, in the
 * order libxl 4.17 works (tools/libs/light/libxl_dom.c: libxl__build_dom,
 * stable-4.17): the tree is built with placeholders, its size decides where
 * libxenguest puts the modules, then the placeholders are filled.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"

void ag_plan_fdt_input(const struct ag_plan *pl, const struct ag_host_facts *host,
		       const uint8_t *seed, struct ag_fdt_input *in)
{
	const struct ag_guest *g = pl->g;

	*in = (struct ag_fdt_input){
		.guest = g,
		.profile = pl->p,
		.gic = host->gic,
		.xen_major = pl->p->xen_major,
		.xen_minor = pl->p->xen_minor,
		.clock_frequency = host->clock_frequency,
		.gpaddr_bits = host->gpaddr_bits,
		.kernel_arm32 = g->arch == AG_ARCH_ARM32,
		.rng_seed = seed,
		.partial_fdt = pl->files.partial,
		.partial_fdt_size = pl->files.partial_size,
		.acpi_size = g->acpi ? ag_acpi_tables_size(pl->p, host->gic == AG_GIC_V3,
							   g->max_vcpus) : 0,
	};
}

int ag_plan_fdt_error(struct ag_diags *d, const struct ag_guest *g, const struct ag_err *e)
{
	const char *why = e->msg[0] ? e->msg : "the device tree cannot be built";
	int rc = e->code ? -e->code : -EINVAL;

	if (e->key && !strcmp(e->key, "device_tree"))
		return ag_guest_error(d, g, e->key, rc, "%s: %s", g->device_tree, why);
	return ag_guest_error(d, g, e->key, rc, "%s", why);
}

int ag_plan_place(const struct ag_plan *pl, uint64_t ram_bytes, uint32_t dtb_totalsize,
		  struct ag_layout *out, struct ag_diags *d)
{
	const struct ag_guest *g = pl->g;
	const struct ag_boot_files *f = &pl->files;
	struct ag_err err;
	const char *key;
	int rc;

	if (f->kernel_zimage32)
		return -ENOTSUP;
	rc = ag_layout_compute(pl->p, ram_bytes, &f->kernel, f->has_ramdisk, f->ramdisk_size,
			       dtb_totalsize, out, &err);
	if (!rc)
		return 0;
	/* Which key sized what did not fit depends on the config, which layout does not see. */
	key = ag_layout_error_key(rc, f->has_ramdisk, g->pos_maxmem.line != 0);
	if (!strcmp(key, "ramdisk"))
		return ag_guest_error(d, g, key, rc, "%s: %s", g->ramdisk, err.msg);
	if (!strcmp(key, "kernel"))
		return ag_guest_error(d, g, key, rc, "%s: %s", g->kernel, err.msg);
	return ag_guest_error(d, g, key, rc, "%s", err.msg);
}

int ag_plan_make(const struct ag_guest *g, const struct ag_profile *p,
		 const struct ag_plan_opts *o, struct ag_plan *out, struct ag_diags *d)
{
	struct ag_timings *t = o->timings;
	struct ag_err err;
	uint64_t t0;
	int rc;

	memset(out, 0, sizeof(*out));
	out->g = g;
	out->p = p;
	t0 = ag_timings_now(t);
	rc = ag_plan_read_files(g, p, o->allow_zimage32, &out->files, d);
	ag_timings_end(t, "plan_files", t0);
	if (rc)
		return rc;
	ag_plan_fdt_input(out, &o->host, o->seed, &out->in);
	out->in.why = o->why;
	t0 = ag_timings_now(t);
	rc = ag_fdt_build(&out->in, &out->dtb, &out->dtb_size, &err);
	ag_timings_end(t, "plan_build", t0);
	if (rc)
		return ag_plan_fdt_error(d, g, &err);
	t0 = ag_timings_now(t);
	rc = ag_plan_place(out, ag_layout_ram_bytes(g->maxmem_kib, g->videoram_kib),
			   (uint32_t)out->dtb_size, &out->layout, d);
	ag_timings_end(t, "plan_place", t0);
	if (rc == -ENOTSUP)
		return 0;       /* a zImage: libxenguest will place it, nothing to finalise */
	if (rc)
		return rc;
	t0 = ag_timings_now(t);
	rc = ag_fdt_finalise(out->dtb, &out->in, &out->layout, &err);
	ag_timings_end(t, "plan_finalise", t0);
	if (rc)
		return ag_plan_fdt_error(d, g, &err);
	out->placed = true;
	return 0;
}

void ag_plan_free(struct ag_plan *pl)
{
	free(pl->dtb);
	ag_boot_files_free(&pl->files);
	memset(pl, 0, sizeof(*pl));
}
