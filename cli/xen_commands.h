/* SPDX-License-Identifier: MIT */
/*
 * The subcommands that need a hypervisor (create without -n, destroy, list,
 * console) are one table, so that the commands that do not (check, dtb,
 * create -n, dom0less) load no Xen library.  cmd_domain.c fills it; it is
 * linked into the binary (a static build, STATIC=1) or built as the module
 * armguest-xen-commands.so that xen_commands.c opens on first use (a
 * dynamic build): binding libxenctrl, libxenguest and their nine
 * dependencies at startup cost `armguest dtb` about two thirds of its
 * instructions.
 */
#ifndef AG_XEN_COMMANDS_H
#define AG_XEN_COMMANDS_H

#include <stdbool.h>

#include "version.h"

struct ag_guest;
struct ag_profile;
struct cli_create_flags;

/*
 * The binary and the module must come from one build: they pass struct
 * ag_guest and struct ag_profile across.  This tag is compared on loading.
 */
#define AG_XEN_COMMANDS_TAG AG_VERSION_LINE " commands-2"
#define AG_XEN_COMMANDS_SYMBOL "ag_xen_commands"

struct ag_xen_commands {
	const char *tag;        /* AG_XEN_COMMANDS_TAG */
	size_t guest_size;      /* sizeof(struct ag_guest) */
	int (*create_domain)(const struct ag_guest *g, const struct ag_profile *p,
			     const struct cli_create_flags *fl);
	int (*destroy)(int argc, char **argv);
	int (*list)(int argc, char **argv);
	int (*console)(int argc, char **argv);
};

/* cmd_domain.c */
extern const struct ag_xen_commands ag_xen_commands;

/*
 * The table, or NULL after telling why on stderr ("armguest CMD: ..."): a
 * build without Xen, or the module cannot be loaded.
 */
const struct ag_xen_commands *cli_xen_commands(const char *cmd);

#endif
