/* SPDX-License-Identifier: MIT */
/*
 * Where libxenguest put things, and whether that is where fdt/layout said
 * it would.  The DTB is always finalised from libxenguest's real choices;
 * the prediction is a cross-check, so a difference is a warning.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "create_internal.h"

int ag_read_file(const char *path, size_t max, void **buf, size_t *len)
{
	struct stat st;
	void *p;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	if ((uint64_t)st.st_size > max) {
		close(fd);
		return -EFBIG;
	}
	p = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!p) {
		close(fd);
		return -ENOMEM;
	}
	got = read(fd, p, (size_t)st.st_size);
	rc = got < 0 ? -errno : got != st.st_size ? -EIO : 0;
	close(fd);
	if (rc) {
		free(p);
		return rc;
	}
	*buf = p;
	*len = (size_t)st.st_size;
	return 0;
}

void ag_layout_from_dom(const struct ag_profile *p, const struct ag_dom_layout *l,
			struct ag_layout *out)
{
	memset(out, 0, sizeof(*out));
	out->bank_size[0] = l->rambank_pages[0] << p->page_shift;
	out->bank_size[1] = l->rambank_pages[1] << p->page_shift;
	out->ram_bytes = out->bank_size[0] + out->bank_size[1];
	out->kernel_base = l->kernel_start;
	out->kernel_end = l->kernel_end;
	out->has_ramdisk = l->has_ramdisk;
	if (l->has_ramdisk) {
		out->initrd_start = l->ramdisk_start;
		out->initrd_end = l->ramdisk_end;
	}
	out->dtb_addr = l->has_dtb ? l->dtb_start : 0;
	out->modules_base = l->has_ramdisk ? l->ramdisk_start : out->dtb_addr;
}

/* The file's size, its first min(size, AG_KERNEL_PROBE_BYTES) bytes and its last 4. */
static int read_probe_bytes(const char *path, uint8_t *start, size_t *start_len,
			    uint64_t *size, uint8_t tail[4], bool *have_tail)
{
	struct stat st;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) != 0) {
		rc = -errno;
		goto out;
	}
	*size = (uint64_t)st.st_size;
	got = pread(fd, start, AG_KERNEL_PROBE_BYTES, 0);
	if (got < 0) {
		rc = -errno;
		goto out;
	}
	*start_len = (size_t)got;
	*have_tail = st.st_size >= 6 && pread(fd, tail, 4, st.st_size - 4) == 4;
out:
	close(fd);
	return rc;
}

int ag_layout_predict(const struct ag_guest *g, const struct ag_profile *p,
		      uint64_t ram_bytes, uint32_t dtb_totalsize,
		      struct ag_layout *out, const char **key, char *msg, size_t msg_len)
{
	struct ag_kernel_info k;
	uint8_t *start, tail[4];
	size_t start_len = 0;
	uint64_t ksize = 0, rsize = 0;
	bool have_tail = false;
	struct stat st;
	char why[256];
	int rc;

	*key = "kernel";
	start = malloc(AG_KERNEL_PROBE_BYTES);
	if (!start) {
		snprintf(msg, msg_len, "out of memory");
		return -ENOMEM;
	}
	rc = read_probe_bytes(g->kernel, start, &start_len, &ksize, tail, &have_tail);
	if (rc) {
		snprintf(msg, msg_len, "%s: %s", g->kernel, strerror(-rc));
		free(start);
		return rc;
	}
	rc = ag_kernel_probe(p, start, start_len, ksize, have_tail ? tail : NULL, &k, why,
			     sizeof(why));
	free(start);
	if (rc) {
		snprintf(msg, msg_len, "%s: %s", g->kernel, why);
		return rc;
	}
	*key = "ramdisk";
	if (g->ramdisk) {
		if (stat(g->ramdisk, &st) != 0) {
			rc = -errno;
			snprintf(msg, msg_len, "%s: %s", g->ramdisk, strerror(-rc));
			return rc;
		}
		rsize = (uint64_t)st.st_size;
	}
	rc = ag_layout_compute(p, ram_bytes, &k, g->ramdisk != NULL, rsize, dtb_totalsize, out,
			       why, sizeof(why));
	if (!rc)
		return 0;
	*key = ag_layout_error_key(rc, g->ramdisk != NULL, g->pos_maxmem.line != 0);
	if (!strcmp(*key, "ramdisk"))
		snprintf(msg, msg_len, "%s: %s", g->ramdisk, why);
	else if (!strcmp(*key, "kernel"))
		snprintf(msg, msg_len, "%s: %s", g->kernel, why);
	else
		snprintf(msg, msg_len, "%s", why);
	return rc;
}

static void compare(struct create_ctx *c, const char *what, uint64_t actual, uint64_t predicted)
{
	if (actual == predicted)
		return;
	ag_diag_add(c->d, AG_WARNING, NULL, 0, 0, NULL,
		    "layout: libxenguest chose %s 0x%" PRIx64 ", armguest predicted 0x%" PRIx64,
		    what, actual, predicted);
}

void ag_layout_check(struct create_ctx *c, const struct ag_layout *actual)
{
	struct ag_layout pred;
	const char *key;
	char msg[256];
	int rc = ag_layout_predict(c->g, c->p, (uint64_t)c->plan.ram_mib << 20,
				   (uint32_t)c->dtb_size, &pred, &key, msg, sizeof(msg));

	if (rc == -ENOTSUP)
		return; /* a 32-bit zImage: no prediction was ever made */
	if (rc) {
		ag_diag_add(c->d, AG_WARNING, NULL, 0, 0, NULL,
			    "layout: no prediction to check libxenguest against: %s", msg);
		return;
	}
	compare(c, "RAM bank 0 size", actual->bank_size[0], pred.bank_size[0]);
	compare(c, "RAM bank 1 size", actual->bank_size[1], pred.bank_size[1]);
	compare(c, "kernel base", actual->kernel_base, pred.kernel_base);
	if (actual->has_ramdisk != pred.has_ramdisk) {
		ag_diag_add(c->d, AG_WARNING, NULL, 0, 0, NULL,
			    "layout: libxenguest %s a ramdisk, armguest predicted %s",
			    actual->has_ramdisk ? "placed" : "did not place",
			    pred.has_ramdisk ? "one" : "none");
	} else if (actual->has_ramdisk) {
		compare(c, "ramdisk start", actual->initrd_start, pred.initrd_start);
		compare(c, "ramdisk end", actual->initrd_end, pred.initrd_end);
	}
	compare(c, "DTB address", actual->dtb_addr, pred.dtb_addr);
}
