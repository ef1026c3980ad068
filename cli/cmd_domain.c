/* SPDX-License-Identifier: MIT */
/*
 * The domain subcommands: create, destroy, list, console.  Argument parsing
 * and printing only; the work is in arm/ (creation, naming, console).
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "load.h"
#include "version.h"

#ifdef AG_HAVE_XEN

#include "../arm/console.h"
#include "../arm/create.h"
#include "../arm/create_dryrun.h"
#include "../arm/domains.h"
#include "../arm/xenops.h"
#include "../common/diag.h"
#include "../fdt/profile.h"
#include "../xl-parse/validate.h"
#include "../xl-parse/xlcfg.h"

static const char *run_dir(void)
{
	const char *dir = getenv("ARMGUEST_RUN_DIR");

	return dir && *dir ? dir : AG_RUN_DIR_DEFAULT;
}

static void create_usage(FILE *out)
{
	fprintf(out,
		"usage: armguest create [-c] [-p] [-n] [-v] [--strict] [--dtb-out FILE] [-f] CFG\n"
		"\n"
		"Create a PVH guest from an xl config on this Xen host.\n"
		"  -c             attach to the guest's console once it is created\n"
		"  -p             leave the domain paused\n"
		"  -n             dry run: resolve the config, build and place the device tree,\n"
		"                 print what would be done; create nothing\n"
		"  -v             show libxenguest's detail log\n"
		"  -f CFG         the config file (as xl; the same as the operand)\n"
		"  --strict       refuse type = \"pv\" instead of treating it as PVH\n"
		"  --dtb-out FILE also write the finalised device tree to FILE\n"
		"  --gic v2|v3    (-n) the host GIC to assume when the config leaves it to the\n"
		"                 host (default v3)\n");
}

/* Parse and resolve the config; returns an exit status (0: *g filled). */
static int load_guest(const char *path, bool strict, struct ag_guest *g)
{
	/* Relative paths are taken from the config's directory, as check and dtb do. */
	const struct ag_load_opts lo = {
		.arch = AG_ARCH_ARM64,
		.strict = strict,
		.check_files = true,
		.profile = ag_profile_lookup(AG_XEN_TARGET),
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

static const char *end_text(enum ag_console_end end)
{
	switch (end) {
	case AG_CONSOLE_END_ESCAPE:
		return NULL;
	case AG_CONSOLE_END_GONE:
		return "no longer exists";
	case AG_CONSOLE_END_SHUTDOWN:
		return "has shut down";
	case AG_CONSOLE_END_INPUT_EOF:
		return "closed its console";
	}
	return NULL;
}

static int attach_console(const struct ag_xenops *ops, uint32_t domid, bool serial)
{
	struct ag_console_opts co = {
		.serial = serial,
		.in_fd = 0,
		.out_fd = 1,
		.escape_char = AG_CONSOLE_ESCAPE,
		.poll_ms = 200,
		/* xenconsoled names its pty shortly after the domain appears. */
		.tty_wait_ms = ops->xs_available(ops->ctx) ? 2000 : 0,
	};
	enum ag_console_end end = AG_CONSOLE_END_ESCAPE;
	char msg[512];
	const char *why;

	if (ag_console_attach(ops, run_dir(), domid, &co, &end, msg, sizeof(msg))) {
		fprintf(stderr, "armguest: console: %s\n", msg);
		return AG_EXIT_INVALID;
	}
	why = end_text(end);
	if (why)
		fprintf(stderr, "\narmguest: domain %u %s\n", domid, why);
	return AG_EXIT_OK;
}

static int open_ops(struct ag_xenops *ops, bool verbose)
{
	char msg[256];

	if (ag_xenops_open(ops, verbose, msg, sizeof(msg))) {
		fprintf(stderr, "armguest: %s\n", msg);
		return AG_EXIT_INVALID;
	}
	return AG_EXIT_OK;
}

static int dry_run(const struct ag_guest *g, const struct ag_profile *p, enum ag_gic gic,
		   const char *dtb_out)
{
	struct ag_dryrun_opts o = { .gic = gic, .gpaddr_bits = AG_DRYRUN_GPADDR_BITS,
				    .dtb_out = dtb_out };
	struct ag_diags d;
	int rc;

	ag_diags_init(&d);
	rc = ag_create_dry_run(g, p, &o, stdout, &d);
	fflush(stdout);
	ag_diags_print(stderr, &d);
	ag_diags_free(&d);
	return rc ? AG_EXIT_INVALID : AG_EXIT_OK;
}

static int do_create(const struct ag_guest *g, const struct ag_profile *p, bool paused,
		     bool console, bool verbose, const char *dtb_out)
{
	struct ag_create_opts opts = {
		.paused = paused,
		.run_dir = run_dir(),
		.dtb_out = dtb_out,
		.target_version = AG_XEN_TARGET,
	};
	struct ag_create_result *res = calloc(1, sizeof(*res));
	struct ag_xenops ops;
	struct ag_diags d;
	int status, rc;

	if (!res) {
		fprintf(stderr, "armguest: out of memory\n");
		return AG_EXIT_INVALID;
	}
	status = open_ops(&ops, verbose);
	if (status) {
		free(res);
		return status;
	}
	ag_diags_init(&d);
	rc = ag_create_domain(&ops, g, p, &opts, res, &d);
	ag_diags_print(stderr, &d);
	ag_diags_free(&d);
	if (rc) {
		fprintf(stderr, "armguest: %s\n", res->msg);
		status = AG_EXIT_INVALID;
	} else {
		fprintf(stderr, "armguest: domain %u (%s) created%s, vGIC %s, %s\n", res->domid,
			g->name, paused ? " and left paused" : "", ag_gic_name(res->gic),
			res->xenstore ? "xenstore entries written"
				      : "no xenstored (armguest serves the console)");
		if (console)
			status = attach_console(&ops, res->domid, false);
	}
	ag_xenops_close(&ops);
	free(res);
	return status;
}

int cmd_create(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "strict", no_argument, NULL, 'S' },
		{ "dtb-out", required_argument, NULL, 'D' },
		{ "gic", required_argument, NULL, 'G' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool console = false, paused = false, dry = false, verbose = false, strict = false;
	const char *cfg_path = NULL, *dtb_out = NULL;
	enum ag_gic gic = AG_GIC_V3;
	const struct ag_profile *p;
	struct ag_guest g;
	int opt, status;

	optind = 1;
	while ((opt = getopt_long(argc, argv, "+cpnvf:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'c': console = true; break;
		case 'p': paused = true; break;
		case 'n': dry = true; break;
		case 'v': verbose = true; break;
		case 'f': cfg_path = optarg; break;
		case 'S': strict = true; break;
		case 'D': dtb_out = optarg; break;
		case 'G':
			if (!strcmp(optarg, "v2")) {
				gic = AG_GIC_V2;
			} else if (!strcmp(optarg, "v3")) {
				gic = AG_GIC_V3;
			} else {
				fprintf(stderr, "armguest create: --gic takes v2 or v3\n");
				return AG_EXIT_USAGE;
			}
			break;
		case 'h':
			create_usage(stdout);
			return AG_EXIT_OK;
		default:
			create_usage(stderr);
			return AG_EXIT_USAGE;
		}
	}
	if (!cfg_path && optind < argc)
		cfg_path = argv[optind++];
	if (!cfg_path || optind < argc) {
		if (optind < argc && strchr(argv[optind], '='))
			fprintf(stderr, "armguest create: key=value overrides are not supported\n");
		create_usage(stderr);
		return AG_EXIT_USAGE;
	}
	if (dry && console) {
		fprintf(stderr, "armguest create: -n and -c do not go together\n");
		return AG_EXIT_USAGE;
	}
	p = ag_profile_lookup(AG_XEN_TARGET);
	if (!p) {
		fprintf(stderr, "armguest: no profile for Xen %s (built for %s)\n", AG_XEN_TARGET,
			ag_profile_versions());
		return AG_EXIT_USAGE;
	}
	memset(&g, 0, sizeof(g));
	status = load_guest(cfg_path, strict, &g);
	if (status)
		return status;
	status = dry ? dry_run(&g, p, gic, dtb_out)
		     : do_create(&g, p, paused, console, verbose, dtb_out);
	ag_guest_free(&g);
	return status;
}

/* "DOM" → domid, or an exit status. */
static int lookup(const struct ag_xenops *ops, const char *cmd, const char *spec, uint32_t *domid)
{
	char msg[256];

	if (ag_domain_lookup(ops, run_dir(), spec, domid, msg, sizeof(msg))) {
		fprintf(stderr, "armguest %s: %s\n", cmd, msg);
		return AG_EXIT_INVALID;
	}
	return AG_EXIT_OK;
}

int cmd_destroy(int argc, char **argv)
{
	struct ag_xenops ops;
	uint32_t domid;
	char msg[256];
	int status;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: armguest destroy DOM   (a domid or a name)\n");
		return AG_EXIT_OK;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: armguest destroy DOM   (a domid or a name)\n");
		return AG_EXIT_USAGE;
	}
	status = open_ops(&ops, false);
	if (status)
		return status;
	status = lookup(&ops, "destroy", argv[1], &domid);
	if (!status && ag_domain_destroy(&ops, run_dir(), domid, msg, sizeof(msg))) {
		fprintf(stderr, "armguest destroy: %s\n", msg);
		status = AG_EXIT_INVALID;
	}
	ag_xenops_close(&ops);
	return status;
}

int cmd_list(int argc, char **argv)
{
	struct ag_xenops ops;
	int status, rc;

	(void)argv;
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: armguest list\n");
		return AG_EXIT_OK;
	}
	if (argc != 1) {
		fprintf(stderr, "usage: armguest list\n");
		return AG_EXIT_USAGE;
	}
	status = open_ops(&ops, false);
	if (status)
		return status;
	rc = ag_domain_list(&ops, run_dir(), stdout);
	if (rc) {
		fprintf(stderr, "armguest list: %s\n", strerror(-rc));
		status = AG_EXIT_INVALID;
	}
	ag_xenops_close(&ops);
	return status;
}

int cmd_console(int argc, char **argv)
{
	const char *usage = "usage: armguest console [-t pv|serial] DOM   (Ctrl-] detaches)\n";
	struct ag_xenops ops;
	bool serial = false;
	uint32_t domid;
	int opt, status;

	optind = 1;
	while ((opt = getopt(argc, argv, "+t:h")) != -1) {
		switch (opt) {
		case 't':
			if (!strcmp(optarg, "serial")) {
				serial = true;
			} else if (strcmp(optarg, "pv")) {
				fprintf(stderr, "armguest console: -t takes pv or serial\n");
				return AG_EXIT_USAGE;
			}
			break;
		case 'h':
			fputs(usage, stdout);
			return AG_EXIT_OK;
		default:
			fputs(usage, stderr);
			return AG_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fputs(usage, stderr);
		return AG_EXIT_USAGE;
	}
	status = open_ops(&ops, false);
	if (status)
		return status;
	status = lookup(&ops, "console", argv[optind], &domid);
	if (!status)
		status = attach_console(&ops, domid, serial);
	ag_xenops_close(&ops);
	return status;
}

#else /* !AG_HAVE_XEN */

static int no_xen(const char *cmd)
{
	fprintf(stderr, "armguest %s: armguest was built without Xen support (XEN=0);"
		" rebuild with XEN=1 on a system with libxen-dev\n", cmd);
	return AG_EXIT_USAGE;
}

int cmd_create(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return no_xen("create");
}

int cmd_destroy(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return no_xen("destroy");
}

int cmd_list(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return no_xen("list");
}

int cmd_console(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return no_xen("console");
}

#endif
