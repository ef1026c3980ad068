/* SPDX-License-Identifier: MIT */
#include "load.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "version.h"
#include "../common/file.h"
#include "../xl-parse/validate.h"

const struct ag_profile *ag_cli_profile(const char *xen_opt)
{
	return ag_profile_lookup(xen_opt ? xen_opt : AG_XEN_DEFAULT);
}

static int out_of_memory(const char *path, struct ag_diags *d)
{
	ag_diag_add(d, AG_ERROR, path, 0, 0, NULL, "out of memory");
	return AG_EXIT_USAGE;
}

int ag_load_guest(const char *path, const struct ag_load_opts *o,
		  struct xlcfg **cfg_out, struct ag_guest *g, struct ag_diags *d)
{
	struct ag_arm_limits limits;
	struct ag_resolve_opts ro = {
		.arch = o->arch,
		.strict = o->strict,
		.check_files = o->check_files,
		.limits = &limits,
		.devices = o->devices,
		.dom0less = o->dom0less,
		.exact = o->exact,
		.host_gic = o->host_gic,
	};
	struct xlcfg *cfg = NULL;
	char *dir;
	int rc;

	memset(g, 0, sizeof(*g));
	if (cfg_out)
		*cfg_out = NULL;
	rc = xlcfg_parse_file(path, &cfg, d);
	if (!cfg)
		return rc == -ENOMEM ? out_of_memory(path, d) : AG_EXIT_USAGE;
	if (rc) {
		/* xl refuses a config that does not parse, whatever it held. */
		xlcfg_free(cfg);
		return AG_EXIT_INVALID;
	}
	dir = ag_path_dir(path);
	if (!dir) {
		xlcfg_free(cfg);
		return out_of_memory(path, d);
	}
	ag_profile_arm_limits(o->profile, &limits);
	ro.cfg_dir = dir;
	rc = ag_guest_resolve(cfg, &ro, g, d);
	free(dir);
	if (cfg_out)
		*cfg_out = cfg;
	else
		xlcfg_free(cfg);
	if (rc == -ENOMEM)
		return out_of_memory(path, d);
	return rc ? AG_EXIT_INVALID : AG_EXIT_OK;
}

int cli_choose_gic(struct ag_diags *d, const struct ag_guest *g, enum ag_gic opt,
		   const char *cmd, enum ag_gic *gic)
{
	if (g->gic != AG_GIC_DEFAULT) {
		if (opt != AG_GIC_DEFAULT && opt != g->gic) {
			struct ag_pos pos = g->pos_gic_version;

			ag_diag_add(d, AG_WARNING, g->source, pos.line, pos.col,
				    "gic_version", "gic_version = %s overrides --gic %s",
				    g->gic == AG_GIC_V2 ? "v2" : "v3",
				    opt == AG_GIC_V2 ? "v2" : "v3");
		}
		*gic = g->gic;
		return 0;
	}
	if (opt != AG_GIC_DEFAULT) {
		*gic = opt;
		return 0;
	}
	ag_guest_error(d, g, "gic_version", -EINVAL,
		       "%s: Xen gives the guest the host's GIC, which armguest %s cannot "
		       "see; pass --gic v2 or --gic v3 (the host's GIC), or set "
		       "gic_version = \"v2\" or \"v3\" in the config",
		       g->pos_gic_version.line ? "gic_version asks for the host's GIC"
					       : "gic_version is not set", cmd);
	return AG_EXIT_INVALID;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "armguest %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'armguest %s --help'.\n", cmd);
	return AG_EXIT_USAGE;
}
