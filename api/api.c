/* SPDX-License-Identifier: MIT */
/*
 * libarmguest's entry points (include/armguest/armguest.h): thin wrappers
 * over the same stages the armguest command runs (xl-parse/, plan/, fdt/),
 * so that a program linking the library and `armguest dtb` agree byte for
 * byte.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "../common/file.h"
#include "../plan/plan.h"
#include "../xl-parse/validate.h"

AG_EXPORT armguest_diags *armguest_diags_new(void)
{
	armguest_diags *d = malloc(sizeof(*d));

	if (d)
		ag_diags_init(&d->d);
	return d;
}

AG_EXPORT void armguest_diags_free(armguest_diags *d)
{
	if (!d)
		return;
	ag_diags_free(&d->d);
	free(d);
}

AG_EXPORT size_t armguest_diags_count(const armguest_diags *d)
{
	return d ? d->d.n : 0;
}

AG_EXPORT int armguest_diags_get(const armguest_diags *d, size_t i, struct armguest_diag *out)
{
	const struct ag_diag *x;

	if (!d || !out)
		return -EINVAL;
	if (i >= d->d.n)
		return -ERANGE;
	x = &d->d.v[i];
	out->severity = x->sev == AG_ERROR ? ARMGUEST_ERROR :
			x->sev == AG_WARNING ? ARMGUEST_WARNING : ARMGUEST_NOTE;
	out->file = x->file;
	out->line = x->line;
	out->col = x->col;
	out->key = x->key;
	out->message = x->msg;
	return 0;
}

AG_EXPORT size_t armguest_diag_format(const struct armguest_diag *diag, char *buf, size_t size)
{
	const struct ag_diag x = {
		.sev = diag->severity == ARMGUEST_ERROR ? AG_ERROR :
		       diag->severity == ARMGUEST_WARNING ? AG_WARNING : AG_NOTE,
		.file = (char *)diag->file, .line = diag->line, .col = diag->col,
		.key = (char *)diag->key, .msg = (char *)diag->message,
	};
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return 0;
	ag_diag_print(f, &x);
	if (fclose(f)) {
		free(text);
		return 0;
	}
	/* ag_diag_print ends the line: the API's text has no newline. */
	if (len && text[len - 1] == '\n')
		text[--len] = '\0';
	if (size)
		snprintf(buf, size, "%s", text);
	free(text);
	return len;
}

/* Wrap a parse's result: 0 with *out set, or the error with everything freed. */
static int wrap_config(int rc, struct xlcfg *cfg, char *dir, armguest_config **out)
{
	armguest_config *c = NULL;

	if (!rc && cfg)
		c = malloc(sizeof(*c));
	if (!rc && cfg && !c)
		rc = -ENOMEM;
	if (rc || !cfg) {
		xlcfg_free(cfg);
		free(dir);
		return rc ? rc : -ENOMEM;
	}
	c->cfg = cfg;
	c->dir = dir;
	*out = c;
	return 0;
}

AG_EXPORT int armguest_config_load_file(const char *path, armguest_config **out,
					armguest_diags *d)
{
	struct ag_diags scratch, *dl;
	struct xlcfg *cfg = NULL;
	char *dir;
	int rc;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!path)
		return -EINVAL;
	dir = ag_path_dir(path);
	if (!dir)
		return -ENOMEM;
	dl = ag_api_diags(d, &scratch);
	rc = xlcfg_parse_file(path, &cfg, dl);
	if (!d)
		ag_diags_free(&scratch);
	return wrap_config(rc, cfg, dir, out);
}

AG_EXPORT int armguest_config_load_buffer(const char *name, const char *text, size_t len,
					  armguest_config **out, armguest_diags *d)
{
	struct ag_diags scratch, *dl;
	struct xlcfg *cfg = NULL;
	int rc;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!name || (!text && len))
		return -EINVAL;
	dl = ag_api_diags(d, &scratch);
	rc = xlcfg_parse(name, text ? text : "", len, &cfg, dl);
	if (!d)
		ag_diags_free(&scratch);
	return wrap_config(rc, cfg, NULL, out);
}

AG_EXPORT void armguest_config_free(armguest_config *cfg)
{
	if (!cfg)
		return;
	xlcfg_free(cfg->cfg);
	free(cfg->dir);
	free(cfg);
}

AG_EXPORT const char *armguest_xen_releases(void)
{
	return ag_profile_versions();
}

AG_EXPORT int armguest_resolve(const armguest_config *cfg, const char *arch,
			       const char *xen_release, unsigned flags, armguest_guest **out,
			       armguest_diags *d)
{
	struct ag_arm_limits limits;
	struct ag_resolve_opts ro = {
		.strict = flags & ARMGUEST_RESOLVE_STRICT,
		.check_files = flags & ARMGUEST_RESOLVE_CHECK_FILES,
		.limits = &limits,
		.devices = AG_DEVICES_WARN,
	};
	struct ag_diags scratch, *dl;
	armguest_guest *g;
	int rc;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!cfg || !arch || (flags & ~(ARMGUEST_RESOLVE_STRICT | ARMGUEST_RESOLVE_CHECK_FILES)) ||
	    ag_arch_parse(arch, &ro.arch))
		return -EINVAL;
	g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->p = ag_profile_lookup(xen_release);
	if (!g->p) {
		free(g);
		return -EINVAL;
	}
	ag_profile_arm_limits(g->p, &limits);
	ro.cfg_dir = cfg->dir;
	dl = ag_api_diags(d, &scratch);
	rc = ag_guest_resolve(cfg->cfg, &ro, &g->g, dl);
	if (!d)
		ag_diags_free(&scratch);
	if (rc) {
		free(g);
		return rc;
	}
	*out = g;
	return 0;
}

AG_EXPORT void armguest_guest_free(armguest_guest *g)
{
	if (!g)
		return;
	ag_guest_free(&g->g);
	free(g);
}

AG_EXPORT const char *armguest_guest_name(const armguest_guest *g)
{
	return g->g.name;
}

AG_EXPORT const char *armguest_guest_type(const armguest_guest *g)
{
	return ag_guest_type_name(g->g.type);
}

AG_EXPORT const char *armguest_guest_xen_release(const armguest_guest *g)
{
	return g->p->version;
}

/* The vGIC: the config's gic_version, else the host's; 0 or -EINVAL with an error. */
static int pick_gic(const armguest_guest *g, unsigned gic_version, enum ag_gic *out,
		    struct ag_diags *d)
{
	if (g->g.gic != AG_GIC_DEFAULT) {
		*out = g->g.gic;
		return 0;
	}
	if (gic_version == 2 || gic_version == 3) {
		*out = gic_version == 2 ? AG_GIC_V2 : AG_GIC_V3;
		return 0;
	}
	return ag_guest_error(d, &g->g, "gic_version", -EINVAL,
			      "the guest gets the host's GIC, which the caller did not name "
			      "(gic_version 2 or 3)");
}

AG_EXPORT int armguest_build_dtb(const armguest_guest *g, unsigned gic_version,
				 unsigned gpaddr_bits, uint32_t clock_frequency,
				 const uint8_t *rng_seed, void *buf, size_t size,
				 size_t *dtb_size, armguest_diags *d)
{
	struct ag_plan_opts po = {
		.host = { .gpaddr_bits = gpaddr_bits, .clock_frequency = clock_frequency },
		.seed = rng_seed,
	};
	struct ag_diags scratch, *dl;
	struct ag_plan pl;
	int rc;

	if (!g || !dtb_size || (!buf && size) || gpaddr_bits < 1 || gpaddr_bits > 64 ||
	    (gic_version && gic_version != 2 && gic_version != 3) || g->g.arch != AG_ARCH_ARM64)
		return -EINVAL;
	dl = ag_api_diags(d, &scratch);
	rc = pick_gic(g, gic_version, &po.host.gic, dl);
	if (!rc) {
		/* (the plan is freed whether it was made or not) */
		rc = ag_plan_make(&g->g, g->p, &po, &pl, dl);
		if (!rc) {
			*dtb_size = pl.dtb_size;
			if (pl.dtb_size > size)
				rc = -ENOSPC;
			else
				memcpy(buf, pl.dtb, pl.dtb_size);
		}
		ag_plan_free(&pl);
	}
	if (!d)
		ag_diags_free(&scratch);
	return rc;
}
