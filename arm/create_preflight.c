/* SPDX-License-Identifier: MIT */
/*
 * The offline half of create: read the partial device tree, build the tree,
 * predict libxenguest's placement and finalise, exactly as the real run will
 * later with Xen's answers.  Every error is put at the config line of the
 * key that caused it, before anything exists that would need undoing.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "create_internal.h"
#include "create_preflight.h"

static int preflight_error(struct ag_diags *d, const struct ag_guest *g, const char *key,
			   int rc, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int preflight_error(struct ag_diags *d, const struct ag_guest *g, const char *key,
			   int rc, const char *fmt, ...)
{
	struct ag_pos pos = ag_guest_key_pos(g, key);
	va_list ap;

	va_start(ap, fmt);
	ag_diag_addv(d, AG_ERROR, g->source, pos.line, pos.col, key, fmt, ap);
	va_end(ap);
	return rc;
}

/*
 * A builder error, said as `dtb` says it: one about the partial tree names its file.
 * The builder's codes mix errno and libfdt values (-12 is both ENOMEM and
 * FDT_ERR_BADLAYOUT), so the caller gets -EINVAL: the message says why.
 */
static int fdt_error(struct ag_diags *d, const struct ag_guest *g,
		     const struct ag_fdt_error *ferr)
{
	const char *why = ferr->msg[0] ? ferr->msg : "the device tree cannot be built";

	if (ferr->key && !strcmp(ferr->key, "device_tree"))
		return preflight_error(d, g, ferr->key, -EINVAL, "%s: %s", g->device_tree, why);
	return preflight_error(d, g, ferr->key, -EINVAL, "%s", why);
}

static int read_partial(const struct ag_guest *g, const struct ag_profile *p,
			struct ag_preflight *out, struct ag_diags *d)
{
	struct stat st;
	int rc;

	if (!g->device_tree)
		return 0;
	rc = ag_read_file(g->device_tree, p->fdt_max_size, &out->partial, &out->partial_size);
	if (rc == -EFBIG && stat(g->device_tree, &st) == 0)
		return preflight_error(d, g, "device_tree", rc,
				       "%s: partial device tree is %jd bytes; at most %zu are accepted",
				       g->device_tree, (intmax_t)st.st_size, p->fdt_max_size);
	if (rc)
		return preflight_error(d, g, "device_tree", rc,
				       "failed to read the partial device file %s: %s",
				       g->device_tree, strerror(-rc));
	return 0;
}

int ag_create_preflight(const struct ag_guest *g, const struct ag_profile *p, enum ag_gic gic,
			unsigned gpaddr_bits, const uint8_t seed[AG_RNG_SEED_SIZE],
			struct ag_preflight *out, struct ag_diags *d)
{
	struct ag_fdt_error ferr = { 0 };
	const char *key = NULL;
	char msg[512];
	int rc;

	memset(out, 0, sizeof(*out));
	rc = read_partial(g, p, out, d);
	if (rc)
		return rc;
	out->in = (struct ag_fdt_input){
		.guest = g,
		.profile = p,
		.gic = gic,
		.xen_major = p->xen_major,
		.xen_minor = p->xen_minor,
		.clock_frequency = 0,
		.gpaddr_bits = gpaddr_bits,
		.kernel_arm32 = g->arch == AG_ARCH_ARM32,
		.rng_seed = seed,
		.partial_fdt = out->partial,
		.partial_fdt_size = out->partial_size,
	};
	rc = ag_fdt_build(&out->in, &out->dtb, &out->dtb_size, &ferr);
	if (rc)
		return fdt_error(d, g, &ferr);
	rc = ag_layout_predict(g, p, ag_layout_ram_bytes(g->maxmem_kib, g->videoram_kib),
			       (uint32_t)out->dtb_size, &out->layout, &key, msg, sizeof(msg));
	/* A 32-bit zImage: libxenguest will place it; there is nothing to check. */
	if (rc == -ENOTSUP)
		return 0;
	if (rc)
		return preflight_error(d, g, key, rc, "%s", msg);
	rc = ag_fdt_finalise(out->dtb, &out->in, &out->layout, &ferr);
	if (rc)
		return fdt_error(d, g, &ferr);
	out->placed = true;
	return 0;
}

void ag_preflight_free(struct ag_preflight *pf)
{
	free(pf->dtb);
	free(pf->partial);
	memset(pf, 0, sizeof(*pf));
}
