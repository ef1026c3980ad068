/* SPDX-License-Identifier: MIT */
/*
 * armguest: command dispatch.  The only place that exits, and so the one
 * that ends the process by a signal a command caught while it held a domain
 * or a terminal (common/sig.h): the shell then sees 128+N.
 */
#include <stdio.h>
#include <string.h>

#include "../common/sig.h"
#include "commands.h"
#include "version.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "check",   cmd_check,   "parse, resolve the guest type and validate configs" },
	{ "dtb",     cmd_dtb,     "build the guest device tree offline" },
	{ "dom0less", cmd_dom0less, "describe configs as boot-time guests in a host tree" },
	{ "explain", cmd_explain, "say where each property of the tree comes from; the memory map" },
	{ "create",  cmd_create,  "create and start a guest on this Xen host" },
	{ "destroy", cmd_destroy, "destroy a guest" },
	{ "list",    cmd_list,    "list guests" },
	{ "console", cmd_console, "attach to a guest's console" },
	{ "qemu",    cmd_qemu,    "boot Xen under QEMU and test guest configs in it" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: armguest COMMAND [ARGS...]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n'armguest COMMAND --help' describes one command;"
		     " 'armguest --version' prints the version.\n"
		     "Exit status: 0 success, 1 invalid or failed, 2 usage or I/O error;"
		     " 128+N when SIGINT,\nSIGTERM, SIGHUP or SIGPIPE (N) interrupted create,"
		     " destroy or console, after\nundoing what they held.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return AG_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return AG_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		puts(AG_VERSION_LINE);
		return AG_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(argv[1], commands[i].name)) {
			int status = commands[i].run(argc - 1, argv + 1);

			fflush(stdout);
			ag_sig_reraise();
			return status;
		}
	}
	fprintf(stderr, "armguest: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return AG_EXIT_USAGE;
}
