/* SPDX-License-Identifier: MIT */
/* Placeholder until the dtb subcommand lands (this session). */
#include <stdio.h>

#include "commands.h"

int cmd_dtb(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "armguest dtb: not built yet\n");
	return AG_EXIT_USAGE;
}
