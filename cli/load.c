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
