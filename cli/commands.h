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
int cmd_create(int argc, char **argv);
int cmd_destroy(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_console(int argc, char **argv);

#endif
