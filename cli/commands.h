/* SPDX-License-Identifier: MIT */
/* The armguest subcommands.  Each returns the process exit status. */
#ifndef AG_COMMANDS_H
#define AG_COMMANDS_H

/* Exit statuses shared by every subcommand. */
enum {
	AG_EXIT_OK = 0,
	AG_EXIT_INVALID = 1, /* the config (or the operation) is invalid / failed */
	AG_EXIT_USAGE = 2,   /* bad command line, or an I/O error */
};

int cmd_check(int argc, char **argv);
int cmd_dtb(int argc, char **argv);
int cmd_dom0less(int argc, char **argv);
int cmd_create(int argc, char **argv);
int cmd_destroy(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_console(int argc, char **argv);

/*
 * "armguest CMD: MESSAGE" and the --help hint on stderr, for a bad command
 * line; returns AG_EXIT_USAGE (load.c).
 */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* xen_commands.c, for cmd_create.c: hands the plan to the Xen commands (cmd_domain.c). */
#include <stdbool.h>
struct ag_guest;
struct ag_profile;
int cli_create_domain(const struct ag_guest *g, const struct ag_profile *p, bool paused,
		      bool console, bool verbose, const char *dtb_out);

#endif
