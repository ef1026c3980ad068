/* SPDX-License-Identifier: MIT */
/*
 * armguest qemu's side of the boot rig (tests/boot/qemu-run.sh): finding the
 * emulator, the rig and the static arm64 armguest, and running the rig with
 * the run in AGQ_* variables (the rig's header lists them).
 */
#ifndef AG_QEMU_RIG_H
#define AG_QEMU_RIG_H

#include <stdbool.h>
#include <stddef.h>

#ifndef AG_LIBEXECDIR
#define AG_LIBEXECDIR "/usr/lib/armguest"
#endif

struct qemu_rig_run {
	const char *rig, *work, *qemu, *arm64;  /* paths */
	const char *xen, *gic, *vias, *expect;  /* "4.17", "3", "armguest,xl", NULL */
	const char *xen_image, *hook;           /* NULL: none */
	const char *loader;                     /* dom0less: "uboot" or "qemu" */
	bool dom0;
	long timeout, memory, smp;
};

/*
 * A piece of the rig, in buf: $env when set, else this executable's
 * directory + "/" + tree_rel when that exists (a source tree's build/),
 * else LIBEXECDIR + "/" + lib_rel.  Returns 0 or -ENOENT.
 */
int qemu_find_piece(const char *env, const char *tree_rel, const char *lib_rel,
		    char *buf, size_t size);

/* The emulator, $QEMU or qemu-system-aarch64, on PATH unless a path; 0 or -ENOENT. */
int qemu_find_emulator(char *buf, size_t size);

/* Runs the rig; returns its exit status (0 or 1), or 2 when it could not run. */
int qemu_run_rig(const struct qemu_rig_run *r);

/* Removes the directory tree at path (the run's work directory). */
void qemu_remove_tree(const char *path);

#endif
