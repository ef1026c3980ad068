/* SPDX-License-Identifier: MIT */
/*
 * armguest create: options, the config, then the plan stage.  `create -n`
 * stops there and prints it, so it needs no Xen (it works in a XEN=0
 * build); `create` hands the plan to cli_create_domain (xen_commands.c).
 * `create -n` plans for --xen's release (default: the one this binary is
 * built for); `create` for the release it is built for, which must be the
 * running hypervisor's (arm/create.c: st_xen_version).
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../arm/create_dryrun.h"
#include "../common/diag.h"
#include "../common/timing.h"
#include "../platform/profile.h"
#include "commands.h"
#include "xen_commands.h"
#include "load.h"
#include "version.h"

static void create_usage(FILE *out)
{
	fprintf(out,
		"usage: armguest create [-c] [-p] [-F|-e] [-n [--xen VERSION]] [-v] [--strict]\n"
		"                       [--without-devices] [--dtb-out FILE] [--timings] [-f] CFG\n"
		"\n"
		"Create a PVH guest from an xl config on this Xen host.\n"
		"  -c             attach to the guest's console once it is created\n"
		"  -p             leave the domain paused\n"
		"  -F             stay in the foreground until the domain is gone, acting on\n"
		"                 on_poweroff, on_reboot ... (without -F a detached monitor\n"
		"                 process does that)\n"
		"  -e             start no monitor: nothing acts on on_poweroff, on_reboot ...\n"
		"  -n             dry run: resolve the config, build and place the device tree,\n"
		"                 print what would be done; create nothing\n"
		"  -v             show libxenguest's detail log\n"
		"  -f CFG         the config file (as xl; the same as the operand)\n"
		"  --strict       refuse type = \"pv\" instead of treating it as PVH\n"
		"  --without-devices\n"
		"                 create the guest without the devices armguest runs no back\n"
		"                 end for (vif, disk, vtpm ...), one warning each; without\n"
		"                 it they are errors\n"
		"  --dtb-out FILE also write the finalised device tree to FILE\n"
		"  --timings      print each step's wall time on stderr (\"timing STEP MS\"), and\n"
		"                 the total from process start to unpause (with -n: to the\n"
		"                 end of the plan)\n"
		"  --gic v2|v3    (-n) the host GIC to assume when the config leaves it to the\n"
		"                 host (default v3)\n"
		"  --xen VERSION  (-n) the Xen release to plan for (%s; default %s);\n"
		"                 without -n, the release this armguest is built for (%s),\n"
		"                 which must be the running hypervisor's\n"
		"\n"
		"Exit status 0 created, 1 invalid or failed, 2 usage; SIGINT, SIGTERM, SIGHUP\n"
		"or SIGPIPE during the creation undo it, then end armguest by that signal\n"
		"(128+N).\n",
		ag_profile_versions(), ag_cli_profile(NULL)->version, AG_XEN_BUILT_FOR);
}

/* Parse and resolve the config; returns an exit status (0: *g filled). */
static int load_guest(const char *path, bool strict, bool without_devices,
		      const struct ag_profile *p, struct ag_guest *g)
{
	/* Relative paths are taken from the config's directory, as check and dtb do. */
	const struct ag_load_opts lo = {
		.arch = AG_ARCH_ARM64,
		.strict = strict,
		.check_files = true,
		.profile = p,
		.devices = without_devices ? AG_DEVICES_LEAVE_OUT : AG_DEVICES_REFUSE,
	};
	struct ag_diags d;
	int status;

	ag_diags_init(&d);
	fprintf(stderr, "Parsing config from %s\n", path);
	status = ag_load_guest(path, &lo, NULL, g, &d);
	ag_diags_print(stderr, &d);
	ag_diags_free(&d);
	return status;
}

static int dry_run(const struct ag_guest *g, const struct ag_profile *p, enum ag_gic gic,
		   const char *dtb_out, struct ag_timings *timings)
{
	struct ag_dryrun_opts o = { .gic = gic, .gpaddr_bits = AG_DRYRUN_GPADDR_BITS,
				    .dtb_out = dtb_out, .timings = timings };
	struct ag_diags d;
	int rc;

	ag_diags_init(&d);
	rc = ag_create_dry_run(g, p, &o, stdout, &d);
	fflush(stdout);
	ag_timings_report(stderr, timings);
	ag_diags_print(stderr, &d);
	ag_diags_free(&d);
	return rc ? AG_EXIT_INVALID : AG_EXIT_OK;
}

struct create_args {
	bool console, paused, dry, verbose, strict, without_devices, timings;
	enum cli_monitor monitor;
	const char *cfg_path, *dtb_out;
	const char *xen;            /* -n: --xen, or NULL */
	enum ag_gic gic;            /* -n: the host GIC assumed */
};

/* -1: parsed; otherwise the exit status (--help answered, or a usage error). */
static int parse_args(int argc, char **argv, struct create_args *a)
{
	static const struct option longopts[] = {
		{ "strict", no_argument, NULL, 'S' },
		{ "without-devices", no_argument, NULL, 'W' },
		{ "dtb-out", required_argument, NULL, 'D' },
		{ "gic", required_argument, NULL, 'G' },
		{ "xen", required_argument, NULL, 'X' },
		{ "timings", no_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	*a = (struct create_args){ .gic = AG_GIC_V3 };
	optind = 1;
	while ((opt = getopt_long(argc, argv, "+cpFenvf:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': a->console = true; break;
		case 'p': a->paused = true; break;
		case 'F': a->monitor = CLI_MONITOR_FOREGROUND; break;
		case 'e': a->monitor = CLI_MONITOR_NONE; break;
		case 'n': a->dry = true; break;
		case 'v': a->verbose = true; break;
		case 'f': a->cfg_path = optarg; break;
		case 'S': a->strict = true; break;
		case 'W': a->without_devices = true; break;
		case 'D': a->dtb_out = optarg; break;
		case 'X': a->xen = optarg; break;
		case 'T': a->timings = true; break;
		case 'G':
			if (strcmp(optarg, "v2") && strcmp(optarg, "v3")) {
				fprintf(stderr, "armguest create: --gic takes v2 or v3\n");
				return AG_EXIT_USAGE;
			}
			a->gic = optarg[1] == '2' ? AG_GIC_V2 : AG_GIC_V3;
			break;
		case 'h':
			create_usage(stdout);
			return AG_EXIT_OK;
		default:
			create_usage(stderr);
			return AG_EXIT_USAGE;
		}
	}
	if (!a->cfg_path && optind < argc)
		a->cfg_path = argv[optind++];
	if (!a->cfg_path || optind < argc) {
		if (optind < argc && strchr(argv[optind], '='))
			fprintf(stderr, "armguest create: key=value overrides are not supported\n");
		create_usage(stderr);
		return AG_EXIT_USAGE;
	}
	if (a->dry && a->console) {
		fprintf(stderr, "armguest create: -n and -c do not go together\n");
		return AG_EXIT_USAGE;
	}
	if (a->xen && !a->dry) {
		fprintf(stderr, "armguest create: --xen goes with -n only: create uses the running "
			"hypervisor's release, which must be the one armguest is built for (%s)\n",
			AG_XEN_BUILT_FOR);
		return AG_EXIT_USAGE;
	}
	return -1;
}

int cmd_create(int argc, char **argv)
{
	struct create_args a;
	const struct ag_profile *p;
	struct ag_guest g;
	struct ag_timings timings = { 0 }, *t;
	uint64_t startup = 0, t0;
	int status;

	status = parse_args(argc, argv, &a);
	if (status >= 0)
		return status;
	/* Before anything else is loaded: how long exec and the dynamic linker took. */
	if (a.timings)
		(void)ag_process_age_ns(&startup);
	/* Without Xen support, or its module, say so before reading the config. */
	if (!a.dry && !cli_xen_commands("create"))
		return AG_EXIT_USAGE;
	/* Without -n, a.xen is NULL: the built release, the only one create can speak. */
	p = ag_cli_profile(a.xen);
	if (!p && a.xen) {
		fprintf(stderr, "armguest create: --xen: Xen %s is not supported (supported: %s)\n",
			a.xen, ag_profile_versions());
		return AG_EXIT_USAGE;
	}
	if (!p) {
		/* The Makefile builds only for releases with a profile: a broken build. */
		fprintf(stderr, "armguest create: no profile for the release built for (%s)\n",
			AG_XEN_BUILT_FOR);
		return AG_EXIT_USAGE;
	}
	t = a.timings ? &timings : NULL;
	ag_timings_add(t, "startup", startup);
	memset(&g, 0, sizeof(g));
	t0 = ag_timings_now(t);
	status = load_guest(a.cfg_path, a.strict, a.without_devices, p, &g);
	ag_timings_end(t, "load", t0);
	if (status) {
		ag_timings_report(stderr, t);
		return status;
	}
	if (a.dry) {
		status = dry_run(&g, p, a.gic, a.dtb_out, t);
	} else {
		const struct cli_create_flags fl = { .paused = a.paused, .console = a.console,
						     .verbose = a.verbose, .dtb_out = a.dtb_out,
						     .monitor = a.monitor, .timings = t };

		status = cli_create_domain(&g, p, &fl);
	}
	ag_guest_free(&g);
	return status;
}
