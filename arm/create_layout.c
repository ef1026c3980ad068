/* SPDX-License-Identifier: MIT */
/*
 * Where libxenguest put things, and whether that is where the plan stage said
 * it would.  The DTB is always finalised from libxenguest's real choices;
 * the prediction is a cross-check, so a difference is a warning.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "create_internal.h"

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
	struct ag_diags why;
	int rc;

	/* The prediction for the tree Xen's answers gave, from the files the plan read. */
	ag_diags_init(&why);
	rc = ag_plan_place(&c->pl, (uint64_t)c->plan.ram_mib << 20, (uint32_t)c->dtb_size,
			   &pred, &why);
	if (rc && rc != -ENOTSUP)       /* -ENOTSUP: a 32-bit zImage, never predicted */
		ag_diag_add(c->d, AG_WARNING, NULL, 0, 0, NULL,
			    "layout: no prediction to check libxenguest against: %s",
			    why.n ? why.v[0].msg : strerror(-rc));
	ag_diags_free(&why);
	if (rc)
		return;
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
