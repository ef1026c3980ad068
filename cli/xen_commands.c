/* SPDX-License-Identifier: MIT */
/*
 * Where the hypervisor commands come from (xen_commands.h), one of three
 * ways the Makefile chooses:
 *  - AG_XEN_MODULE (a dynamic build): dlopen the module on first use,
 *    looking in $ARMGUEST_XEN_MODULE, then beside the executable (a build
 *    tree: build/armguest-xen-commands.so), then where `make install` puts
 *    it (AG_XEN_MODULE, e.g. /usr/lib/x86_64-linux-gnu/armguest/...);
 *  - AG_HAVE_XEN without AG_XEN_MODULE (a static build): linked in;
 *  - neither (XEN=0): there are none.
 * The commands themselves and the exit statuses they return are the same
 * whichever way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "xen_commands.h"
#include "../xl-parse/guest.h"

#if defined(AG_XEN_MODULE)
#include <dlfcn.h>
#include <limits.h>
#include <unistd.h>

#define MODULE_NAME "armguest-xen-commands.so"

/* <the executable's directory>/MODULE_NAME, when it exists; else NULL. */
static char *beside_executable(void)
{
	char exe[PATH_MAX], *slash, *path;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	if (asprintf(&path, "%s/%s", exe, MODULE_NAME) < 0)
		return NULL;
	if (access(path, F_OK)) {
		free(path);
		return NULL;
	}
	return path;
}

/* Open the module at path: its table, or NULL after saying why. */
static const struct ag_xen_commands *open_module(const char *cmd, const char *path)
{
	const struct ag_xen_commands *t;
	/* Kept open for the process's life: the table points into it. */
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		fprintf(stderr, "armguest %s: cannot load the Xen commands: %s\n", cmd, dlerror());
		return NULL;
	}
	t = dlsym(h, AG_XEN_COMMANDS_SYMBOL);
	if (!t || strcmp(t->tag, AG_XEN_COMMANDS_TAG) || t->guest_size != sizeof(struct ag_guest)) {
		fprintf(stderr, "armguest %s: %s is not this armguest's Xen module (%s)\n", cmd, path,
			AG_XEN_COMMANDS_TAG);
		return NULL;
	}
	return t;
}

const struct ag_xen_commands *cli_xen_commands(const char *cmd)
{
	static const struct ag_xen_commands *loaded;   /* loaded once per process */
	const char *env = getenv("ARMGUEST_XEN_MODULE");
	char *found;

	if (loaded)
		return loaded;
	if (env && *env)
		return loaded = open_module(cmd, env);
	found = beside_executable();
	loaded = open_module(cmd, found ? found : AG_XEN_MODULE);
	free(found);
	return loaded;
}

#elif defined(AG_HAVE_XEN)

const struct ag_xen_commands *cli_xen_commands(const char *cmd)
{
	(void)cmd;
	return &ag_xen_commands;
}

#else

const struct ag_xen_commands *cli_xen_commands(const char *cmd)
{
	fprintf(stderr, "armguest %s: armguest was built without Xen support (XEN=0);"
		" rebuild with XEN=1 on a system with libxen-dev\n", cmd);
	return NULL;
}

#endif

int cli_create_domain(const struct ag_guest *g, const struct ag_profile *p,
		      const struct cli_create_flags *fl)
{
	const struct ag_xen_commands *t = cli_xen_commands("create");

	return t ? t->create_domain(g, p, fl) : AG_EXIT_USAGE;
}

int cmd_destroy(int argc, char **argv)
{
	const struct ag_xen_commands *t = cli_xen_commands("destroy");

	return t ? t->destroy(argc, argv) : AG_EXIT_USAGE;
}

int cmd_list(int argc, char **argv)
{
	const struct ag_xen_commands *t = cli_xen_commands("list");

	return t ? t->list(argc, argv) : AG_EXIT_USAGE;
}

int cmd_console(int argc, char **argv)
{
	const struct ag_xen_commands *t = cli_xen_commands("console");

	return t ? t->console(argc, argv) : AG_EXIT_USAGE;
}
