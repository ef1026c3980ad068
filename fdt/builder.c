/* SPDX-License-Identifier: MIT */
/*
 * ag_fdt_build: the whole tree, node by node, in libxl 4.17's order
 * (libxl__prepare_dtb).  Like libxl it starts with a small buffer and, when
 * libfdt runs out of space, doubles it and rebuilds from scratch up to the
 * profile's maximum; fdt_finish makes totalsize exact, so the bytes never
 * depend on the buffer that held them.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "builder.h"
#include "nodes.h"

/* What libxl (or Xen, at domain creation) would refuse, said before building. */
static int check_input(const struct ag_fdt_input *in, struct ag_err *err)
{
	const struct ag_guest *g = in->guest;
	const struct ag_profile *p = in->profile;
	const char *vcpu_key = g->pos_maxvcpus.line ? "maxvcpus" : "vcpus";
	unsigned limit;

	if (g->type == AG_TYPE_HVM)
		return ag_err_set(err, EINVAL, "type",
				 "Unsupported Arm guest type hvm: Arm guests are PVH");
	if (g->arch != AG_ARCH_ARM64 && g->arch != AG_ARCH_ARM32)
		return ag_err_set(err, EINVAL, NULL,
				 "the device tree is for Arm guests, not x86");
	switch (in->gic) {
	case AG_GIC_V2:
		limit = p->max_vcpus_gicv2;
		break;
	case AG_GIC_V3:
		limit = p->max_vcpus_gicv3;
		break;
	default:
		return ag_err_set(err, EINVAL, "gic_version",
				 "the GIC version must be v2 or v3 to build the tree "
				 "(the host's GIC decides \"default\")");
	}
	if (g->max_vcpus == 0)
		return ag_err_set(err, EINVAL, vcpu_key, "a guest needs at least 1 vCPU");
	if (g->max_vcpus > limit)
		return ag_err_set(err, EINVAL, vcpu_key,
				 "%u vCPUs: a vGIC%s guest has at most %u on Xen %s",
				 g->max_vcpus, in->gic == AG_GIC_V2 ? "v2" : "v3",
				 limit, p->version);
	if (g->acpi && g->arch != AG_ARCH_ARM64)
		return ag_err_set(err, EINVAL, "acpi",
				 "Can not enable libxl option 'acpi' for a 32-bit guest");
	if (in->partial_fdt)
		return ag_partial_fdt_check(p, in->partial_fdt,
					    in->partial_fdt_size, err);
	return 0;
}

/* The steps of one attempt, so a failure can say which one it was. */
struct step {
	const char *what;
	ag_node_fn *make;
};

static int make_gic_node(void *fdt, const struct ag_fdt_input *in)
{
	return in->gic == AG_GIC_V2 ? make_gicv2_node(fdt, in)
				    : make_gicv3_node(fdt, in);
}

/* The optional nodes, each under libxl's condition. */
static int make_vuart_if_wanted(void *fdt, const struct ag_fdt_input *in)
{
	return in->guest->vuart ? make_vpl011_uart_node(fdt, in) : 0;
}

static int make_optee_if_wanted(void *fdt, const struct ag_fdt_input *in)
{
	return in->guest->tee == AG_TEE_OPTEE ? make_optee_node(fdt, in) : 0;
}

static int copy_partial_if_given(void *fdt, const struct ag_fdt_input *in)
{
	return in->partial_fdt ? copy_partial_fdt(fdt, in) : 0;
}

static const struct step steps[] = {
	{ "/ properties", make_root_properties },
	{ "/chosen", make_chosen_node },
	{ "/cpus", make_cpus_node },
	{ "/psci", make_psci_node },
	{ "/memory", make_memory_nodes },
	{ "the GIC node", make_gic_node },
	{ "/timer", make_timer_node },
	{ "/hypervisor", make_hypervisor_node },
	{ "/sbsa-pl011", make_vuart_if_wanted },
	{ "/firmware/optee", make_optee_if_wanted },
	{ "the virtio-mmio nodes", make_virtio_nodes },
	{ "the partial device tree's nodes", copy_partial_if_given },
};

/* One attempt in a buffer of `size` bytes; *what names the failing step. */
static int build_once(void *buf, size_t size, const struct ag_fdt_input *in,
		      const char **what)
{
	int rc;

	/* A retry starts the account afresh, as it does the tree. */
	ag_why_reset(in->why);
	*what = "fdt_create";
	rc = fdt_create(buf, (int)size);
	rc = rc ? rc : fdt_finish_reservemap(buf);
	rc = rc ? rc : fdt_begin_node(buf, "");
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]) && !rc; i++) {
		*what = steps[i].what;
		rc = steps[i].make(buf, in);
	}
	if (rc)
		return rc;
	*what = "fdt_finish";
	rc = fdt_end_node(buf);
	return rc ? rc : fdt_finish(buf);
}

/*
 * The tree is over the limit.  Only the command line and the partial tree
 * can make it so (everything else adds up to some 15 KiB); when one of
 * them is over half the limit, say so and point at its key.
 */
static int too_big(const struct ag_fdt_input *in, const char *what,
		   struct ag_err *err)
{
	const struct ag_profile *p = in->profile;
	size_t cmdline = in->guest->cmdline ? strlen(in->guest->cmdline) + 1 : 0;
	size_t partial = in->partial_fdt ? in->partial_fdt_size : 0;
	int rc = -FDT_ERR_NOSPACE;

	if (cmdline > p->fdt_max_size / 2 && cmdline >= partial)
		return ag_fdt_fail(err, rc, "cmdline",
				 "the device tree does not fit in %zu bytes (Xen %s's limit), "
				 "at %s: the command line alone is %zu bytes",
				 p->fdt_max_size, p->version, what, cmdline - 1);
	if (partial > p->fdt_max_size / 2)
		return ag_fdt_fail(err, rc, "device_tree",
				 "the device tree does not fit in %zu bytes (Xen %s's limit), "
				 "at %s: the partial device tree alone is %zu bytes",
				 p->fdt_max_size, p->version, what, partial);
	return ag_fdt_fail(err, rc, NULL,
			 "the device tree does not fit in %zu bytes (Xen %s's limit), at %s",
			 p->fdt_max_size, p->version, what);
}

int ag_fdt_build(const struct ag_fdt_input *in, void **blob, size_t *size,
		 struct ag_err *err)
{
	const struct ag_profile *p = in->profile;
	size_t bufsize = p->fdt_initial_size;
	void *buf = NULL, *out;
	const char *what = NULL;
	int rc;

	*blob = NULL;
	*size = 0;
	memset(err, 0, sizeof(*err));
	rc = check_input(in, err);
	if (rc)
		return rc;

	for (;;) {
		void *bigger = realloc(buf, bufsize);

		if (!bigger) {
			free(buf);
			return ag_err_set(err, ENOMEM, NULL, "out of memory");
		}
		buf = bigger;
		/* Every retry starts from an empty buffer, as libxl's does. */
		memset(buf, 0, bufsize);
		rc = build_once(buf, bufsize, in, &what);
		if (rc != -FDT_ERR_NOSPACE || bufsize >= p->fdt_max_size)
			break;
		bufsize = bufsize * 2 < p->fdt_max_size ? bufsize * 2 : p->fdt_max_size;
	}
	if (rc == -FDT_ERR_NOSPACE) {
		free(buf);
		return too_big(in, what, err);
	}
	if (rc) {
		free(buf);
		return ag_fdt_fail(err, rc, NULL, "libfdt failed writing %s: %s",
				 what, fdt_strerror(rc));
	}

	/* Hand back exactly totalsize bytes: nothing after them is part of the tree. */
	out = realloc(buf, fdt_totalsize(buf));
	if (!out) {
		free(buf);
		return ag_err_set(err, ENOMEM, NULL, "out of memory");
	}
	*blob = out;
	*size = fdt_totalsize(out);
	return 0;
}
