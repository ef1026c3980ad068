/* SPDX-License-Identifier: MIT */
/*
 * Reading one guest config for a subcommand: parse, then resolve with the
 * chosen Xen profile's limits, relative paths taken from the config's own
 * directory.  check, dtb and create all load through here, so they agree on
 * what a config means and on the exit status a bad one gets.
 */
#ifndef AG_LOAD_H
#define AG_LOAD_H

#include <stdbool.h>

#include "../common/diag.h"
#include "../platform/profile.h"
#include "../xl-parse/guest.h"
#include "../xl-parse/validate.h"
#include "../xl-parse/xlcfg.h"

struct ag_load_opts {
	enum ag_arch arch;
	bool strict;
	bool check_files;  /* the kernel, ramdisk and device_tree must be readable */
	const struct ag_profile *profile;
	enum ag_devices_mode devices;  /* check, dtb: WARN (0) */
	/* dom0less: judge keys by the dom0less table against the host's GIC */
	bool dom0less, exact;
	enum ag_gic host_gic;
};

/*
 * Returns AG_EXIT_OK with *g filled (free with ag_guest_free),
 * AG_EXIT_INVALID (the config does not parse or does not resolve) or
 * AG_EXIT_USAGE (the file cannot be read, or out of memory), with
 * diagnostics appended.  When cfg_out is not NULL it receives the parsed
 * settings (also when resolving failed; NULL when the file did not parse).
 */
int ag_load_guest(const char *path, const struct ag_load_opts *o,
		  struct xlcfg **cfg_out, struct ag_guest *g, struct ag_diags *d);

/*
 * The vGIC an offline command builds for: the config's gic_version, else
 * the --gic option (opt), else unknowable: an error diagnostic at
 * gic_version telling to pass --gic.  A gic_version that overrides --gic
 * is a warning.  Returns 0 or AG_EXIT_INVALID; cmd names the command.
 */
int cli_choose_gic(struct ag_diags *d, const struct ag_guest *g, enum ag_gic opt,
		   const char *cmd, enum ag_gic *gic);

/*
 * The profile an offline command uses: --xen's release when given (NULL
 * when it is not one armguest supports), else the release this binary is
 * built for, or the newest supported in a build without Xen (cli/version.h).
 */
const struct ag_profile *ag_cli_profile(const char *xen_opt);

#endif
