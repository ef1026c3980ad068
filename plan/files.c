/* SPDX-License-Identifier: MIT */
/*
 * The boot files, opened once (validation's descriptors, when it checked
 * the files) and read through common/file.c: the kernel's first
 * AG_KERNEL_PROBE_BYTES and its last 4 (the gzip ISIZE), the ramdisk's size,
 * the whole partial device tree.  Only the Image header and the sizes reach
 * the tree (tools/libs/guest/xg_dom_arm.c: meminit, stable-4.17), so nothing
 * else is read.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/file.h"
#include "plan.h"

#define GZIP_ISIZE_BYTES 4

/*
 * The descriptor validation opened for a boot file (still a regular file:
 * it is the one checked), or, when validation checked no files, one opened
 * here (*own).  Returns the fd with *size set, or -errno.
 */
static int boot_fd(const struct ag_guest_file *gf, const char *path, uint64_t *size, bool *own)
{
	int rc;

	*own = false;
	if (gf->open) {
		rc = ag_fd_regular_size(gf->fd, size);
		return rc ? rc : gf->fd;
	}
	rc = ag_open_regular(path, size);
	*own = rc >= 0;
	return rc;
}

static int probe_kernel(const struct ag_guest *g, const struct ag_profile *p, bool allow_zimage32,
			struct ag_boot_files *f, struct ag_diags *d)
{
	uint8_t *start, tail[GZIP_ISIZE_BYTES];
	uint64_t size = 0;
	size_t got = 0, tail_got = 0;
	struct ag_err err = { 0 };
	int fd = boot_fd(&g->kernel_file, g->kernel, &size, &f->own_kernel_fd), rc;

	if (fd < 0)
		return ag_guest_error(d, g, "kernel", fd, "%s: cannot read the kernel: %s",
				      g->kernel, ag_file_strerror(fd));
	f->kernel_fd = fd;
	f->kernel_size = size;
	start = malloc(AG_KERNEL_PROBE_BYTES);
	if (!start)
		return ag_guest_error(d, g, "kernel", -ENOMEM, "out of memory");
	rc = ag_read_at(fd, start, AG_KERNEL_PROBE_BYTES, 0, &got);
	if (!rc && size >= sizeof(tail))
		rc = ag_read_at(fd, tail, sizeof(tail), size - sizeof(tail), &tail_got);
	if (!rc)
		rc = ag_kernel_probe(p, start, got, size, tail_got == sizeof(tail) ? tail : NULL,
				     &f->kernel, &err);
	else
		ag_err_set(&err, -rc, "kernel", "cannot read the kernel: %s", strerror(-rc));
	free(start);
	if (rc == -ENOTSUP && allow_zimage32) {
		f->kernel_zimage32 = true;
		return 0;
	}
	return rc ? ag_guest_error(d, g, "kernel", rc, "%s: %s", g->kernel, err.msg) : 0;
}

static int ramdisk_size(const struct ag_guest *g, struct ag_boot_files *f, struct ag_diags *d)
{
	int fd;

	f->has_ramdisk = g->ramdisk && g->ramdisk[0];
	if (!f->has_ramdisk)
		return 0;
	fd = boot_fd(&g->ramdisk_file, g->ramdisk, &f->ramdisk_size, &f->own_ramdisk_fd);
	if (fd < 0)
		return ag_guest_error(d, g, "ramdisk", fd, "%s: cannot read the ramdisk: %s",
				      g->ramdisk, ag_file_strerror(fd));
	f->ramdisk_fd = fd;
	return 0;
}

/* The partial device tree, whole, at most p->fdt_max_size bytes. */
static int read_partial(const struct ag_guest *g, const struct ag_profile *p,
			struct ag_boot_files *f, struct ag_diags *d)
{
	uint64_t size = 0;
	int rc;

	if (!g->device_tree)
		return 0;
	if (g->device_tree_file.open)
		rc = ag_read_fd(g->device_tree_file.fd, p->fdt_max_size, &f->partial,
				&f->partial_size, &size);
	else
		rc = ag_read_file(g->device_tree, p->fdt_max_size, &f->partial, &f->partial_size,
				  &size);
	if (rc == -EFBIG)
		return ag_guest_error(d, g, "device_tree", rc,
				      "%s: partial device tree is %" PRIu64
				      " bytes; at most %zu are accepted",
				      g->device_tree, size, p->fdt_max_size);
	if (rc)
		return ag_guest_error(d, g, "device_tree", rc,
				      "failed to read the partial device file %s: %s",
				      g->device_tree, ag_file_strerror(rc));
	return 0;
}

int ag_plan_read_files(const struct ag_guest *g, const struct ag_profile *p, bool allow_zimage32,
		       struct ag_boot_files *f, struct ag_diags *d)
{
	int rc;

	memset(f, 0, sizeof(*f));
	f->kernel_fd = f->ramdisk_fd = -1;
	rc = probe_kernel(g, p, allow_zimage32, f, d);
	if (!rc)
		rc = ramdisk_size(g, f, d);
	if (!rc)
		rc = read_partial(g, p, f, d);
	return rc;
}

void ag_boot_files_free(struct ag_boot_files *f)
{
	if (f->own_kernel_fd)
		close(f->kernel_fd);
	if (f->own_ramdisk_fd)
		close(f->ramdisk_fd);
	free(f->partial);
	memset(f, 0, sizeof(*f));
	f->kernel_fd = f->ramdisk_fd = -1;
}
