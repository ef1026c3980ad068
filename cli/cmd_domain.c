/* SPDX-License-Identifier: MIT */
/* Placeholder until the domain subcommands land (this session). */
#include <stdio.h>

#include "commands.h"

static int later(const char *what)
{
	fprintf(stderr, "armguest %s: not built yet\n", what);
	return AG_EXIT_USAGE;
}

int cmd_create(int argc, char **argv) { (void)argc; (void)argv; return later("create"); }
int cmd_destroy(int argc, char **argv) { (void)argc; (void)argv; return later("destroy"); }
int cmd_list(int argc, char **argv) { (void)argc; (void)argv; return later("list"); }
int cmd_console(int argc, char **argv) { (void)argc; (void)argv; return later("console"); }
