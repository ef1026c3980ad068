/* SPDX-License-Identifier: MIT */
/* Placeholder until the check subcommand lands (this session). */
#include <stdio.h>

#include "commands.h"

int cmd_check(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "armguest check: not built yet\n");
	return AG_EXIT_USAGE;
}
