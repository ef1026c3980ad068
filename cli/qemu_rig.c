/* SPDX-License-Identifier: MIT */
#include "qemu_rig.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"

/* This executable's path (free it), or NULL. */
static char *self_exe(void)
{
	return realpath("/proc/self/exe", NULL);
}

/* The directory of this executable, or NULL. */
static char *exe_dir(void)
{
	char *exe = self_exe(), *slash;

	if (exe && (slash = strrchr(exe, '/')))
		*slash = '\0';
	return exe;
}

int qemu_find_piece(const char *env, const char *tree_rel, const char *lib_rel,
		    char *buf, size_t size)
{
	const char *over = getenv(env);
	char *dir;
	int n;

	if (over && *over) {
		n = snprintf(buf, size, "%s", over);
		return n < 0 || (size_t)n >= size || access(buf, R_OK) ? -ENOENT : 0;
	}
	dir = exe_dir();
	if (dir) {
		n = snprintf(buf, size, "%s/%s", dir, tree_rel);
		free(dir);
		if (n > 0 && (size_t)n < size && !access(buf, R_OK))
			return 0;
	}
	n = snprintf(buf, size, "%s/%s", AG_LIBEXECDIR, lib_rel);
	return n < 0 || (size_t)n >= size || access(buf, R_OK) ? -ENOENT : 0;
}

int qemu_find_emulator(char *buf, size_t size)
{
	const char *q = getenv("QEMU"), *path = getenv("PATH");
	char *dirs, *save = NULL;
	int rc = -ENOENT;

	if (!q || !*q)
		q = "qemu-system-aarch64";
	if (strchr(q, '/')) {
		snprintf(buf, size, "%s", q);
		return access(buf, X_OK) ? -ENOENT : 0;
	}
	dirs = strdup(path ? path : "/usr/bin:/bin");
	for (char *d = dirs ? strtok_r(dirs, ":", &save) : NULL; d && rc;
	     d = strtok_r(NULL, ":", &save)) {
		snprintf(buf, size, "%s/%s", d, q);
		if (!access(buf, X_OK))
			rc = 0;
	}
	free(dirs);
	if (rc)
		snprintf(buf, size, "%s", q);
	return rc;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void set_env_long(const char *name, long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", v);
	setenv(name, buf, 1);
}

/* A progress line per long step: on a terminal, or as ARMGUEST_PROGRESS (1 or 0) says. */
static bool progress_lines(void)
{
	const char *p = getenv("ARMGUEST_PROGRESS");

	return p && *p ? strcmp(p, "0") != 0 : isatty(2);
}

int qemu_run_rig(const struct qemu_rig_run *r)
{
	pid_t pid;
	char *self;
	int st;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "armguest qemu: fork: %s\n", strerror(errno));
		return AG_EXIT_USAGE;
	}
	if (pid == 0) {
		setenv("AGQ_OUT", r->work, 1);
		setenv("AGQ_XEN", r->xen, 1);
		setenv("AGQ_GIC", r->gic, 1);
		setenv("AGQ_VIA", r->vias, 1);
		setenv("AGQ_DOM0", r->dom0 ? "1" : "0", 1);
		setenv("AGQ_EXPECT", r->expect ? r->expect : "", 1);
		set_env_long("AGQ_TIMEOUT", r->timeout);
		set_env_long("AGQ_MEMORY", r->memory);
		set_env_long("AGQ_SMP", r->smp);
		setenv("AGQ_XEN_IMAGE", r->xen_image ? r->xen_image : "", 1);
		setenv("AGQ_HOOK", r->hook ? r->hook : "", 1);
		setenv("AGQ_ARMGUEST", r->arm64, 1);
		/* this armguest, whose dom0less command the rig runs (exec frees it) */
		self = self_exe();
		setenv("AGQ_SELF", self ? self : "", 1);
		setenv("AGQ_LOADER", r->loader ? r->loader : "", 1);
		setenv("AGQ_PROGRESS", progress_lines() ? "1" : "0", 1);
		setenv("QEMU", r->qemu, 1);
		execlp("bash", "bash", r->rig, (char *)NULL);
		fprintf(stderr, "armguest qemu: cannot run bash %s: %s\n", r->rig, strerror(errno));
		_exit(AG_EXIT_USAGE);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return AG_EXIT_USAGE;
	if (WIFEXITED(st) && WEXITSTATUS(st) <= AG_EXIT_INVALID)
		return WEXITSTATUS(st);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != AG_EXIT_USAGE)
		fprintf(stderr, "armguest qemu: the boot rig %s ended with %s %d\n", r->rig,
			WIFEXITED(st) ? "status" : "signal",
			WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	return AG_EXIT_USAGE;
}

void qemu_remove_tree(const char *path)
{
	nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}
