/* SPDX-License-Identifier: MIT */
/*
 * The domain subcommands that need a hypervisor: create (once the plan is
 * made, cmd_create.c), destroy, list, console.  Argument parsing and
 * printing only; the work is in arm/ (creation, naming, console).  They are
 * reached through the table at the end (xen_commands.h): built only with Xen,
 * into the binary or into the module armguest-xen-commands.so.
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
#include "xen_commands.h"

#include "../arm/console.h"
#include "../arm/create.h"
#include "../arm/domains.h"
#include "../arm/lock.h"
#include "../arm/xenops.h"
#include "../common/diag.h"
#include "../platform/profile.h"
#include "../xl-parse/validate.h"
#include "../xl-parse/xlcfg.h"

static const char *run_dir(void)
{
	const char *dir = getenv("ARMGUEST_RUN_DIR");

	return dir && *dir ? dir : AG_RUN_DIR_DEFAULT;
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
	case AG_CONSOLE_END_SIGNAL:
		return NULL; /* main re-raises it */
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
	struct ag_err err;
	const char *why;

	if (ag_console_attach(ops, run_dir(), domid, &co, &end, &err)) {
		fprintf(stderr, "armguest: console: %s\n", err.msg);
		return AG_EXIT_INVALID;
	}
	why = end_text(end);
	if (why)
		fprintf(stderr, "\narmguest: domain %u %s\n", domid, why);
	return AG_EXIT_OK;
}

static int open_ops(struct ag_xenops *ops, bool verbose)
{
	struct ag_err err;

	if (ag_xenops_open(ops, verbose, &err)) {
		fprintf(stderr, "armguest: %s\n", err.msg);
		return AG_EXIT_INVALID;
	}
	return AG_EXIT_OK;
}

static int xen_create_domain(const struct ag_guest *g, const struct ag_profile *p,
			     bool paused, bool console, bool verbose, const char *dtb_out)
{
	char *lockfile = ag_xl_lockfile();
	struct ag_create_opts opts = {
		.paused = paused,
		.run_dir = run_dir(),
		.dtb_out = dtb_out,
		.target_version = AG_XEN_TARGET,
		.xl_lockfile = lockfile,
	};
	struct ag_create_result *res = calloc(1, sizeof(*res));
	struct ag_xenops ops;
	struct ag_diags d;
	int status, rc;

	if (!res) {
		fprintf(stderr, "armguest: out of memory\n");
		free(lockfile);
		return AG_EXIT_INVALID;
	}
	status = open_ops(&ops, verbose);
	if (status) {
		free(res);
		free(lockfile);
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
		/* The domain exists: create succeeded, whatever the console does after. */
		if (console)
			(void)attach_console(&ops, res->domid, false);
	}
	ag_xenops_close(&ops);
	free(res);
	free(lockfile);
	return status;
}

/* "DOM" → domid, or an exit status. */
static int lookup(const struct ag_xenops *ops, const char *cmd, const char *spec, uint32_t *domid)
{
	struct ag_err err;

	if (ag_domain_lookup(ops, run_dir(), spec, domid, &err)) {
		fprintf(stderr, "armguest %s: %s\n", cmd, err.msg);
		return AG_EXIT_INVALID;
	}
	return AG_EXIT_OK;
}

static int xen_destroy(int argc, char **argv)
{
	struct ag_xenops ops;
	uint32_t domid;
	struct ag_err err;
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
	if (!status && ag_domain_destroy(&ops, run_dir(), domid, &err)) {
		fprintf(stderr, "armguest destroy: %s\n", err.msg);
		status = AG_EXIT_INVALID;
	}
	ag_xenops_close(&ops);
	return status;
}

static int xen_list(int argc, char **argv)
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

static int xen_console(int argc, char **argv)
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

/* The only symbol the module exports (api/armguest-xen-commands.map). */
__attribute__((visibility("default")))
const struct ag_xen_commands ag_xen_commands = {
	.tag = AG_XEN_COMMANDS_TAG,
	.guest_size = sizeof(struct ag_guest),
	.create_domain = xen_create_domain,
	.destroy = xen_destroy,
	.list = xen_list,
	.console = xen_console,
};
