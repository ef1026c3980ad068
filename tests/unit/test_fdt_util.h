/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the device-tree unit tests (included, not linked):
 * a guest literal like the goldens', the build → layout → finalise
 * pipeline, reading files from the source tree, and validity checks that
 * run every tree through fdt_check_full and, when installed, dtc.
 *
 * Include after <cmocka.h>.
 */
#ifndef AG_TEST_FDT_UTIL_H
#define AG_TEST_FDT_UTIL_H

#include <errno.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fdt/builder.h"
#include "platform/layout.h"
#include "platform/profile.h"

#define MiB_KIB(m) ((uint64_t)(m) * 1024)
#define GOLDEN_RAMDISK_SIZE 987861u
#define GOLDEN_KERNEL_SIZE 32956352u
#define GOLDEN_CMDLINE "console=hvc0 rdinit=/init"

/* Files of the source tree: tests run from the repository root (tests/run.sh). */
static inline char *tu_src_path(const char *rel)
{
	const char *root = getenv("AG_SRCDIR");
	char *p = NULL;

	assert_true(asprintf(&p, "%s/%s", root && *root ? root : ".", rel) > 0);
	return p;
}

static inline void *tu_read_file(const char *rel, size_t *len)
{
	char *path = tu_src_path(rel);
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		fail_msg("cannot open %s (run from the repository root)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = 0;
	fclose(f);
	free(path);
	*len = (size_t)n;
	return buf;
}

static inline int tu_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* tests/fixtures/NAME: "size=" and "head=" (64 bytes in hex) lines. */
static inline void tu_read_fixture(const char *name, uint8_t head[AG_KERNEL_HEADER_SIZE],
				   uint64_t *size)
{
	char rel[256];
	size_t len;
	char *text, *s, *h;

	snprintf(rel, sizeof(rel), "tests/fixtures/%s", name);
	text = tu_read_file(rel, &len);
	s = strstr(text, "\nsize=");
	h = strstr(text, "\nhead=");
	assert_non_null(s);
	assert_non_null(h);
	*size = strtoull(s + 6, NULL, 10);
	for (int i = 0; i < AG_KERNEL_HEADER_SIZE; i++) {
		int hi = tu_hexval(h[6 + 2 * i]), lo = tu_hexval(h[7 + 2 * i]);

		assert_true(hi >= 0 && lo >= 0);
		head[i] = (uint8_t)(hi << 4 | lo);
	}
	free(text);
}

/* The golden kernel, probed as the CLI would probe the real file. */
static inline struct ag_kernel_info tu_golden_kernel(void)
{
	uint8_t head[AG_KERNEL_HEADER_SIZE];
	struct ag_kernel_info k;
	uint64_t size;
	struct ag_err err;

	tu_read_fixture("linux-6.1.0-56-arm64.image", head, &size);
	assert_int_equal(ag_kernel_probe(&ag_profile_417, head, sizeof(head), size,
					 NULL, &k, &err), 0);
	return k;
}

/* A guest like the goldens': 256 MiB, 2 vCPUs, kernel, ramdisk, command line. */
static inline struct ag_guest tu_guest(void)
{
	struct ag_guest g;

	memset(&g, 0, sizeof(g));
	g.source = "guest.cfg";
	g.arch = AG_ARCH_ARM64;
	g.type = AG_TYPE_PVH;
	g.name = "g";
	g.memory_kib = g.maxmem_kib = MiB_KIB(256);
	g.vcpus = g.max_vcpus = 2;
	g.kernel = "kernel";
	g.ramdisk = "ramdisk";
	g.cmdline = GOLDEN_CMDLINE;
	g.gic = AG_GIC_V3;
	ag_guest_creation_defaults(&g);
	return g;
}

static const uint8_t tu_zero_seed[AG_RNG_SEED_SIZE];

static inline struct ag_fdt_input tu_input(const struct ag_guest *g)
{
	struct ag_fdt_input in;

	memset(&in, 0, sizeof(in));
	in.guest = g;
	in.profile = &ag_profile_417;
	in.gic = g->gic == AG_GIC_V2 ? AG_GIC_V2 : AG_GIC_V3;
	in.xen_major = 4;
	in.xen_minor = 17;
	in.gpaddr_bits = 40;
	in.rng_seed = tu_zero_seed;
	return in;
}

/* Every tree a test makes passes libfdt's full check and, if present, dtc. */
static inline void tu_assert_valid(const void *blob)
{
	char path[] = "/tmp/ag-test-fdt-XXXXXX", cmd[256];
	FILE *f;
	int fd, rc;

	assert_int_equal(fdt_check_full(blob, fdt_totalsize(blob)), 0);
	if (system("command -v dtc >/dev/null 2>&1") != 0)
		return;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(blob, 1, fdt_totalsize(blob), f), fdt_totalsize(blob));
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "dtc -q -I dtb -O dts -o /dev/null %s 2>&1 | grep -q ERROR", path);
	rc = system(cmd);
	unlink(path);
	assert_int_not_equal(rc, 0); /* grep found no ERROR */
}

/* Built with placeholders, not finalised; checked valid. */
static inline void *tu_build(const struct ag_fdt_input *in)
{
	struct ag_err err;
	void *blob;
	size_t size;

	if (ag_fdt_build(in, &blob, &size, &err))
		fail_msg("build: %s", err.msg);
	tu_assert_valid(blob);
	return blob;
}

/*
 * Build, place, finalise (and optionally NOP the seed), as armguest dtb does.
 * Returns the blob (free it) and fills *layout.
 */
static inline void *tu_pipeline(const struct ag_fdt_input *in,
				const struct ag_kernel_info *k, uint64_t ramdisk_size,
				struct ag_layout *layout, int nop_seed)
{
	struct ag_err err;
	void *blob = NULL;
	size_t size = 0;
	int has_rd = in->guest->ramdisk && in->guest->ramdisk[0];

	if (ag_fdt_build(in, &blob, &size, &err))
		fail_msg("build: %s", err.msg);
	assert_int_equal(size, fdt_totalsize(blob));
	if (ag_layout_compute(in->profile, ag_layout_ram_bytes(in->guest->maxmem_kib, 0),
			      k, has_rd, ramdisk_size, fdt_totalsize(blob), layout, &err))
		fail_msg("layout: %s", err.msg);
	if (ag_fdt_finalise(blob, in, layout, &err))
		fail_msg("finalise: %s", err.msg);
	if (nop_seed)
		assert_int_equal(ag_fdt_nop_rng_seed(blob), 0);
	tu_assert_valid(blob);
	return blob;
}

/* The guest's tree as the goldens record it: finalised, seed NOPed. */
static inline void *tu_guest_tree(const struct ag_fdt_input *in)
{
	struct ag_kernel_info k = tu_golden_kernel();
	struct ag_layout l;

	return tu_pipeline(in, &k, GOLDEN_RAMDISK_SIZE, &l, 1);
}

/* Count FDT_NOP tokens in the structure block. */
static inline unsigned tu_count_nops(const void *blob)
{
	unsigned n = 0;
	int off = 0, next;
	uint32_t tag;

	do {
		tag = fdt_next_tag(blob, off, &next);
		if (tag == FDT_NOP)
			n++;
		off = next;
	} while (tag != FDT_END && next >= 0);
	return n;
}

static inline uint32_t tu_cell(const void *blob, const char *path,
			       const char *prop, int idx)
{
	int node = fdt_path_offset(blob, path), len;
	const fdt32_t *v;

	if (node < 0)
		fail_msg("no node %s", path);
	v = fdt_getprop(blob, node, prop, &len);
	if (!v)
		fail_msg("no %s in %s", prop, path);
	assert_true((idx + 1) * 4 <= len);
	return fdt32_to_cpu(v[idx]);
}

static inline int tu_prop_len(const void *blob, const char *path, const char *prop)
{
	int node = fdt_path_offset(blob, path), len = -1;

	if (node < 0)
		return node;
	if (!fdt_getprop(blob, node, prop, &len))
		return len;
	return len;
}

/* Compare a property's value with the given bytes. */
static inline void tu_assert_prop(const void *blob, const char *path,
				  const char *prop, const void *val, int len)
{
	int node = fdt_path_offset(blob, path), got;
	const void *v;

	if (node < 0)
		fail_msg("no node %s", path);
	v = fdt_getprop(blob, node, prop, &got);
	if (!v)
		fail_msg("no %s in %s", prop, path);
	assert_int_equal(got, len);
	assert_memory_equal(v, val, (size_t)len);
}

/* Compare a property's value with the given cells. */
static inline void tu_assert_cells(const void *blob, const char *path,
				   const char *prop, const uint32_t *cells, int n)
{
	fdt32_t be[32];

	assert_true(n <= 32);
	for (int i = 0; i < n; i++)
		be[i] = cpu_to_fdt32(cells[i]);
	tu_assert_prop(blob, path, prop, be, n * 4);
}

/* The property names of a node, space-separated, in order. */
static inline void tu_prop_names(const void *blob, const char *path, char *out,
				 size_t out_len)
{
	int node = fdt_path_offset(blob, path), off;

	out[0] = 0;
	if (node < 0)
		fail_msg("no node %s", path);
	fdt_for_each_property_offset(off, blob, node) {
		const char *name;

		assert_non_null(fdt_getprop_by_offset(blob, off, &name, NULL));
		if (out[0])
			strncat(out, " ", out_len - strlen(out) - 1);
		strncat(out, name, out_len - strlen(out) - 1);
	}
}

/* The subnode names of a node, space-separated, in order. */
static inline void tu_subnode_names(const void *blob, const char *path, char *out,
				    size_t out_len)
{
	int node = fdt_path_offset(blob, path), sub;

	out[0] = 0;
	if (node < 0)
		fail_msg("no node %s", path);
	fdt_for_each_subnode(sub, blob, node) {
		if (out[0])
			strncat(out, " ", out_len - strlen(out) - 1);
		strncat(out, fdt_get_name(blob, sub, NULL), out_len - strlen(out) - 1);
	}
}

#endif
