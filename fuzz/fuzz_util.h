/* SPDX-License-Identifier: MIT */
/*
 * Shared by the fuzz harnesses (included, not linked): the libFuzzer entry
 * point's prototype, an assertion that aborts (so libFuzzer records the
 * input as a crash), and the device-tree pipeline with its invariants:
 * every tree the builder hands back passes fdt_check_full, is no larger
 * than the profile's bound, and stays valid through layout, finalise and
 * the seed NOPs.  A refusal must come with a message and no tree.
 *
 * The harnesses are built twice: with clang -fsanitize=fuzzer (make fuzz)
 * and with the project's compiler plus fuzz/replay.c (a main that feeds
 * files), which the regression tests and valgrind use.
 */
#ifndef AG_FUZZ_UTIL_H
#define AG_FUZZ_UTIL_H

#include <libfdt.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt/builder.h"
#include "platform/layout.h"
#include "platform/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_ASSERT(cond, ...)                                                   \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: invariant failed: %s: ",       \
				__FILE__, __LINE__, #cond);                    \
			fprintf(stderr, __VA_ARGS__);                          \
			fputc('\n', stderr);                                   \
			abort();                                               \
		}                                                              \
	} while (0)

/* A kernel like the golden one (Debian 6.1 arm64 Image), probed once. */
static inline struct ag_kernel_info fz_kernel(void)
{
	struct ag_kernel_info k;

	memset(&k, 0, sizeof(k));
	k.text_offset = 0;
	k.load_size = 32956352u;
	return k;
}

#define FZ_RAMDISK_SIZE 987861u
#define FZ_ACPI_SIZE 0x4000u

static const uint8_t fz_seed[AG_RNG_SEED_SIZE];

static inline struct ag_fdt_input fz_input(const struct ag_guest *g, enum ag_gic gic)
{
	struct ag_fdt_input in;

	memset(&in, 0, sizeof(in));
	in.guest = g;
	in.profile = &ag_profile_417;
	in.gic = gic;
	in.xen_major = 4;
	in.xen_minor = 17;
	in.clock_frequency = 0;
	in.gpaddr_bits = 40;
	in.rng_seed = fz_seed;
	in.acpi_size = g->acpi ? FZ_ACPI_SIZE : 0;
	return in;
}

static inline void fz_assert_tree(const void *blob, size_t size, const char *when)
{
	const struct ag_profile *p = &ag_profile_417;
	int rc;

	FZ_ASSERT(size >= sizeof(struct fdt_header), "%s: %zu bytes", when, size);
	FZ_ASSERT(fdt_totalsize(blob) <= size, "%s: totalsize %u > %zu", when,
		  fdt_totalsize(blob), size);
	FZ_ASSERT(fdt_totalsize(blob) <= p->fdt_max_size,
		  "%s: totalsize %u > bound %zu", when, fdt_totalsize(blob),
		  p->fdt_max_size);
	rc = fdt_check_full(blob, size);
	FZ_ASSERT(rc == 0, "%s: fdt_check_full: %s", when, fdt_strerror(rc));
}

/*
 * Build, check, place, finalise, check again, NOP the seed, check again.
 * Returns the tree (the caller frees it), or NULL when the builder refused
 * (*err says why).
 */
static inline void *fz_pipeline(const struct ag_fdt_input *in, size_t *size_out,
				struct ag_err *errp)
{
	struct ag_kernel_info k = fz_kernel();
	struct ag_err err;
	struct ag_layout l;
	void *blob = (void *)1;
	size_t size = 1;
	int rc, has_rd = in->guest->ramdisk && in->guest->ramdisk[0];

	rc = ag_fdt_build(in, &blob, &size, &err);
	if (rc) {
		FZ_ASSERT(rc < 0, "build returned %d", rc);
		FZ_ASSERT(blob == NULL && size == 0, "a refused build left a tree");
		FZ_ASSERT(rc < 0 && err.code == -rc, "err.code %d != %d", err.code, -rc);
		FZ_ASSERT(err.msg[0] != 0, "a refusal without a message");
		*errp = err;
		return NULL;
	}
	FZ_ASSERT(blob != NULL, "no tree");
	FZ_ASSERT(size == fdt_totalsize(blob), "size %zu != totalsize %u", size,
		  fdt_totalsize(blob));
	fz_assert_tree(blob, size, "built");

	rc = ag_layout_compute(in->profile,
			       ag_layout_ram_bytes(in->guest->maxmem_kib,
						   in->guest->videoram_kib),
			       &k, has_rd, FZ_RAMDISK_SIZE, fdt_totalsize(blob), &l, &err);
	if (rc) {
		FZ_ASSERT(rc < 0 && err.msg[0], "layout refused without a message");
		*size_out = size;
		return blob;
	}
	rc = ag_fdt_finalise(blob, in, &l, &err);
	FZ_ASSERT(rc == 0, "finalise failed on a tree the builder made: %s", err.msg);
	FZ_ASSERT(fdt_totalsize(blob) == size, "finalise changed totalsize");
	fz_assert_tree(blob, size, "finalised");
	rc = ag_fdt_nop_rng_seed(blob);
	/* With acpi the seed follows a subnode, where libfdt cannot find it. */
	FZ_ASSERT(rc == 0 || (in->guest->acpi && rc == -ENOENT),
		  "rng-seed: %s", fdt_strerror(rc));
	fz_assert_tree(blob, size, "seed NOPed");
	*size_out = size;
	return blob;
}

#endif
