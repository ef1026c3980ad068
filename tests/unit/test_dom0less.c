/* SPDX-License-Identifier: MIT */
/*
 * Boot-time guests (fdt/dom0less.c, plan/dom0less.c): reading the host tree,
 * the /chosen/domU* edits, growing the tree when libfdt runs out of room,
 * and the U-Boot script image (mkimage's legacy format).  The host trees are
 * written here with libfdt.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "fdt/dom0less.h"
#include "plan/dom0less.h"

#define HBUF 4096
#define CHECK(x) assert_int_equal((x), 0)

struct host_spec {
	const char *gic;        /* compatible of the GIC, NULL: none */
	bool memory;
	bool domu1;             /* /chosen/domU1 already there */
	bool chosen_cells_1;    /* /chosen with #address-cells = 1 and a module */
};

static void *make_host(const struct host_spec *s)
{
	const fdt32_t ram[] = { 0, cpu_to_fdt32(0x40000000), 0, cpu_to_fdt32(0x40000000) };
	void *f = calloc(1, HBUF);

	assert_non_null(f);
	CHECK(fdt_create(f, HBUF));
	CHECK(fdt_add_reservemap_entry(f, 0x50000000, 0x100000));
	CHECK(fdt_finish_reservemap(f));
	CHECK(fdt_begin_node(f, ""));
	CHECK(fdt_property_cell(f, "#address-cells", 2));
	CHECK(fdt_property_cell(f, "#size-cells", 2));
	if (s->memory) {
		CHECK(fdt_begin_node(f, "memory@40000000"));
		CHECK(fdt_property_string(f, "device_type", "memory"));
		CHECK(fdt_property(f, "reg", ram, sizeof(ram)));
		CHECK(fdt_end_node(f));
	}
	if (s->gic) {
		CHECK(fdt_begin_node(f, "intc@8000000"));
		CHECK(fdt_property_string(f, "compatible", s->gic));
		CHECK(fdt_end_node(f));
	}
	CHECK(fdt_begin_node(f, "chosen"));
	if (s->chosen_cells_1) {
		CHECK(fdt_property_cell(f, "#address-cells", 1));
		CHECK(fdt_property_cell(f, "#size-cells", 1));
		CHECK(fdt_begin_node(f, "module@60000000"));
		CHECK(fdt_property_string(f, "compatible", "multiboot,module"));
		CHECK(fdt_property_u64(f, "reg", 0x6000000000001000ull));
		CHECK(fdt_end_node(f));
	}
	if (s->domu1) {
		CHECK(fdt_begin_node(f, "domU1"));
		CHECK(fdt_property_string(f, "compatible", "xen,domain"));
		CHECK(fdt_end_node(f));
	}
	CHECK(fdt_end_node(f));
	CHECK(fdt_end_node(f));
	CHECK(fdt_finish(f));
	return f;
}

static void host_read_finds_ram_gic_and_busy(void **state)
{
	struct host_spec s = { .gic = "arm,gic-v3", .memory = true };
	void *h = make_host(&s);
	struct ag_d0l_host out;
	struct ag_err e = { 0 };

	(void)state;
	CHECK(ag_d0l_host_read(h, fdt_totalsize(h), &out, &e));
	assert_int_equal(out.gic, AG_GIC_V3);
	assert_int_equal(out.n_ram, 1);
	assert_int_equal(out.ram[0].base, 0x40000000);
	assert_int_equal(out.ram[0].size, 0x40000000);
	assert_int_equal(out.n_busy, 1);
	assert_int_equal(out.busy[0].base, 0x50000000);
	free(h);
}

static void host_read_gicv2(void **state)
{
	struct host_spec s = { .gic = "arm,cortex-a15-gic", .memory = true };
	void *h = make_host(&s);
	struct ag_d0l_host out;
	struct ag_err e = { 0 };

	(void)state;
	CHECK(ag_d0l_host_read(h, fdt_totalsize(h), &out, &e));
	assert_int_equal(out.gic, AG_GIC_V2);
	free(h);
}

static void host_read_refuses_no_memory_no_gic_junk(void **state)
{
	struct host_spec nomem = { .gic = "arm,gic-v3" }, nogic = { .memory = true };
	void *a = make_host(&nomem), *b = make_host(&nogic);
	struct ag_d0l_host out;
	struct ag_err e = { 0 };
	char junk[64] = "not a tree";

	(void)state;
	assert_int_equal(ag_d0l_host_read(a, fdt_totalsize(a), &out, &e), -EINVAL);
	assert_string_equal(e.msg, "the host tree has no memory node");
	assert_int_equal(ag_d0l_host_read(b, fdt_totalsize(b), &out, &e), -EINVAL);
	assert_string_equal(e.msg, "the host tree has no GICv2 or GICv3 node");
	assert_int_equal(ag_d0l_host_read(junk, sizeof(junk), &out, &e), -EINVAL);
	free(a);
	free(b);
}

static struct ag_d0l_domu domu(const char *bootargs)
{
	struct ag_d0l_domu u = {
		.memory_kib = 128 * 1024, .cpus = 2, .vpl011 = true, .bootargs = bootargs,
		.kernel = { 0x50400000, 0x1000 }, .ramdisk = { 0x50600000, 0x2000 },
		.max_grant_frames = AG_UNSET, .max_maptrack_frames = AG_UNSET,
		.max_grant_version = AG_UNSET, .passthrough = AG_UNSET,
	};

	return u;
}

/* A domU1 of the host stays; ours are numbered from the first free numbers, in order. */
static void edit_numbers_around_existing_domu(void **state)
{
	struct host_spec s = { .gic = "arm,gic-v3", .memory = true, .domu1 = true };
	void *h = make_host(&s), *out = NULL;
	struct ag_d0l_domu u[2] = { domu("one"), domu("two") };
	struct ag_d0l_edit ed = { .domus = u, .n_domus = 2 };
	struct ag_err e = { 0 };
	size_t n;
	int len;
	const fdt32_t *mem;

	(void)state;
	u[1].memory_kib = 5ull << 30; /* 5 TiB: the two-cell memory property */
	CHECK(ag_d0l_edit_tree(h, fdt_totalsize(h), &ed, &out, &n, &e));
	CHECK(fdt_check_full(out, n));
	assert_true(fdt_path_offset(out, "/chosen/domU1") >= 0);
	assert_null(fdt_getprop(out, fdt_path_offset(out, "/chosen/domU1"), "cpus", NULL));
	assert_string_equal(fdt_getprop(out, fdt_path_offset(out, "/chosen/domU2/module@50400000"),
					"bootargs", NULL), "one");
	assert_string_equal(fdt_getprop(out, fdt_path_offset(out, "/chosen/domU3/module@50400000"),
					"bootargs", NULL), "two");
	mem = fdt_getprop(out, fdt_path_offset(out, "/chosen/domU3"), "memory", &len);
	assert_int_equal(len, 8);
	assert_int_equal(fdt32_to_cpu(mem[0]), 1);
	assert_int_equal(fdt32_to_cpu(mem[1]), 0x40000000);
	free(h);
	free(out);
}

/* A command line far larger than the slack: the tree grows and is written again. */
static void edit_grows_the_tree(void **state)
{
	struct host_spec s = { .gic = "arm,gic-v3", .memory = true };
	void *h = make_host(&s), *out = NULL;
	size_t big = 100000, n;
	char *args = malloc(big + 1);
	struct ag_d0l_domu u;
	struct ag_d0l_edit ed = { .domus = &u, .n_domus = 1, .xen_bootargs = "loglvl=all" };
	struct ag_err e = { 0 };

	(void)state;
	assert_non_null(args);
	memset(args, 'a', big);
	args[big] = 0;
	u = domu(args);
	CHECK(ag_d0l_edit_tree(h, fdt_totalsize(h), &ed, &out, &n, &e));
	assert_int_equal(strlen(fdt_getprop(out, fdt_path_offset(out, "/chosen/domU1/module@50400000"),
					    "bootargs", NULL)), big);
	assert_string_equal(fdt_getprop(out, fdt_path_offset(out, "/chosen"), "xen,xen-bootargs",
					NULL), "loglvl=all");
	free(args);
	free(h);
	free(out);
}

/* Modules already in /chosen with other cells than ours would be misread: refused. */
static void edit_refuses_other_chosen_cells(void **state)
{
	struct host_spec s = { .gic = "arm,gic-v3", .memory = true, .chosen_cells_1 = true };
	void *h = make_host(&s), *out = NULL;
	struct ag_d0l_domu u = domu(NULL);
	struct ag_d0l_edit ed = { .domus = &u, .n_domus = 1 };
	struct ag_err e = { 0 };
	size_t n;

	(void)state;
	assert_int_equal(ag_d0l_edit_tree(h, fdt_totalsize(h), &ed, &out, &n, &e), -EINVAL);
	assert_int_equal(e.fdt, FDT_ERR_BADNCELLS);
	assert_null(out);
	free(h);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* mkimage -A arm64 -O linux -T script -C none: header, CRCs, the one-file size list. */
static void uboot_image_layout(void **state)
{
	const char *text = "booti 0x50000000 - 0x50200000\n";
	size_t len = strlen(text), n;
	void *img;
	uint8_t *p, hdr[64];

	(void)state;
	CHECK(ag_d0l_uboot_image(text, 1700000000, &img, &n));
	p = img;
	assert_int_equal(n, 64 + 8 + len);
	assert_int_equal(be32(p), 0x27051956);
	assert_int_equal(be32(p + 8), 1700000000);
	assert_int_equal(be32(p + 12), 8 + len);
	assert_int_equal(be32(p + 24), (uint32_t)crc32(0, p + 64, (uInt)(8 + len)));
	assert_int_equal(p[28], 5);  /* IH_OS_LINUX */
	assert_int_equal(p[29], 22); /* IH_ARCH_ARM64 */
	assert_int_equal(p[30], 6);  /* IH_TYPE_SCRIPT */
	assert_int_equal(p[31], 0);  /* IH_COMP_NONE */
	assert_int_equal(be32(p + 64), len);
	assert_int_equal(be32(p + 68), 0);
	assert_memory_equal(p + 72, text, len);
	memcpy(hdr, p, 64);
	memset(hdr + 4, 0, 4);
	assert_int_equal(be32(p + 4), (uint32_t)crc32(0, hdr, 64));
	free(img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(host_read_finds_ram_gic_and_busy),
		cmocka_unit_test(host_read_gicv2),
		cmocka_unit_test(host_read_refuses_no_memory_no_gic_junk),
		cmocka_unit_test(edit_numbers_around_existing_domu),
		cmocka_unit_test(edit_grows_the_tree),
		cmocka_unit_test(edit_refuses_other_chosen_cells),
		cmocka_unit_test(uboot_image_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
