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
int cmd_explain(int argc, char **argv);
int cmd_create(int argc, char **argv);
int cmd_destroy(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_console(int argc, char **argv);
int cmd_qemu(int argc, char **argv);

/*
 * "armguest CMD: MESSAGE" and the --help hint on stderr, for a bad command
 * line; returns AG_EXIT_USAGE (load.c).
 */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* xen_commands.c, for cmd_create.c: hands the plan to the Xen commands (cmd_domain.c). */
#include <stdbool.h>
struct ag_guest;
struct ag_profile;
struct ag_timings;
/* What `create` leaves to watch the guest (xl's -F and -e). */
enum cli_monitor {
	CLI_MONITOR_DAEMON,     /* default: a detached monitor process */
	CLI_MONITOR_FOREGROUND, /* -F: this process, until the domain is gone */
	CLI_MONITOR_NONE,       /* -e: none; on_* are not acted on */
};
struct cli_create_flags {
	bool paused, console, verbose;
	const char *dtb_out;
	enum cli_monitor monitor;
	struct ag_timings *timings;      /* --timings, or NULL */
};
/*
 * Create the domain and start what watches it.  In the detached monitor's
 * process this returns too, with the monitor's status, once it is done: the
 * caller returns it to main like any status.
 */
int cli_create_domain(const struct ag_guest *g, const struct ag_profile *p,
		      const struct cli_create_flags *fl);

#endif
