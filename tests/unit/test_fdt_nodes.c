/* SPDX-License-Identifier: MIT */
/*
 * Property-level tests of every node the builder writes, read back with
 * libfdt: names, order, values, the conditions that add or drop them, and
 * what finalise does to the placeholders.  Expected values come from the
 * libxl 4.17's make_*_node functions (tools/libs/light/libxl_arm.c,
 * stable-4.17), xen/include/public/arch-arm.h and the goldens, not from the code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_fdt_util.h"

#define MiB(x) ((uint64_t)(x) << 20)

/* Built with placeholders only (no layout, no finalise). */

/* Finalised, seed still present. */
static void *build_final(const struct ag_fdt_input *in, struct ag_layout *l)
{
	struct ag_kernel_info k = tu_golden_kernel();

	return tu_pipeline(in, &k, GOLDEN_RAMDISK_SIZE, l, 0);
}

static void assert_names(const void *blob, const char *path, const char *want)
{
	char got[1024];

	tu_prop_names(blob, path, got, sizeof(got));
	assert_string_equal(got, want);
}

static void assert_subnodes(const void *blob, const char *path, const char *want)
{
	char got[4096];

	tu_subnode_names(blob, path, got, sizeof(got));
	assert_string_equal(got, want);
}

/* --- root ------------------------------------------------------------- */

static void root_has_model_compatible_and_cells_in_order(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob = tu_build(&in);

	(void)state;
	assert_names(blob, "/", "model compatible interrupt-parent #address-cells #size-cells");
	tu_assert_prop(blob, "/", "model", "XENVM-4.17", 11);
	tu_assert_prop(blob, "/", "compatible", "xen,xenvm-4.17\0xen,xenvm", 25);
	assert_int_equal(tu_cell(blob, "/", "interrupt-parent", 0), 0xfde8);
	assert_int_equal(tu_cell(blob, "/", "#address-cells", 0), 2);
	assert_int_equal(tu_cell(blob, "/", "#size-cells", 0), 2);
	free(blob);
}

static void root_version_strings_follow_the_xen_version(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	in.xen_minor = 20;
	blob = tu_build(&in);
	tu_assert_prop(blob, "/", "model", "XENVM-4.20", 11);
	tu_assert_prop(blob, "/", "compatible", "xen,xenvm-4.20\0xen,xenvm", 25);
	tu_assert_prop(blob, "/hypervisor", "compatible", "xen,xen-4.20\0xen,xen", 21);
	free(blob);
}

static void root_subnodes_in_libxl_order(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob = tu_build(&in);

	(void)state;
	assert_subnodes(blob, "/", "chosen cpus psci memory@40000000 memory@200000000 "
			"interrupt-controller@3001000 timer hypervisor");
	free(blob);
}

static void strings_block_matches_the_reference(void **state)
{
	static const char want[] =
		"interrupts\0linux,phandle\0interrupt-controller\0#interrupt-cells\0"
		"cpu_on\0cpu_off\0reg\0enable-method\0device_type\0rng-seed\0"
		"linux,initrd-end\0linux,initrd-start\0bootargs\0#size-cells\0"
		"#address-cells\0interrupt-parent\0compatible\0model\0";
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob = tu_build(&in);

	(void)state;
	assert_int_equal(fdt_size_dt_strings(blob), sizeof(want) - 1);
	assert_int_equal(fdt_size_dt_strings(blob), 0xdf);
	assert_memory_equal((char *)blob + fdt_off_dt_strings(blob), want, sizeof(want) - 1);
	free(blob);
}

static void header_is_libfdt_sequential_write_layout(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob = tu_build(&in);

	(void)state;
	assert_int_equal(fdt_magic(blob), 0xd00dfeed);
	assert_int_equal(fdt_off_mem_rsvmap(blob), 0x30);
	assert_int_equal(fdt_off_dt_struct(blob), 0x40);
	assert_int_equal(fdt_version(blob), 17);
	assert_int_equal(fdt_last_comp_version(blob), 16);
	assert_int_equal(fdt_boot_cpuid_phys(blob), 0);
	assert_int_equal(fdt_num_mem_rsv(blob), 0);
	assert_int_equal(fdt_off_dt_strings(blob), 0x40 + fdt_size_dt_struct(blob));
	assert_int_equal(fdt_totalsize(blob),
			 0x40 + fdt_size_dt_struct(blob) + fdt_size_dt_strings(blob));
	assert_int_equal(fdt_totalsize(blob), 0x637);
	free(blob);
}

/* --- /chosen ------------------------------------------------------------ */

static void chosen_has_bootargs_initrd_and_seed_in_order(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob = tu_build(&in);

	(void)state;
	assert_names(blob, "/chosen", "bootargs linux,initrd-start linux,initrd-end rng-seed");
	tu_assert_prop(blob, "/chosen", "bootargs", GOLDEN_CMDLINE, 26);
	free(blob);
}

static void chosen_initrd_placeholders_are_zero_before_finalise(void **state)
{
	static const uint8_t zero[8];
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob = tu_build(&in);

	(void)state;
	tu_assert_prop(blob, "/chosen", "linux,initrd-start", zero, 8);
	tu_assert_prop(blob, "/chosen", "linux,initrd-end", zero, 8);
	free(blob);
}

static void chosen_initrd_addresses_after_finalise(void **state)
{
	static const uint32_t start[] = { 0, 0x48000000 }, end[] = { 0, 0x480f2000 };
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	struct ag_layout l;
	void *blob = build_final(&in, &l);

	(void)state;
	tu_assert_cells(blob, "/chosen", "linux,initrd-start", start, 2);
	tu_assert_cells(blob, "/chosen", "linux,initrd-end", end, 2);
	free(blob);
}

static void chosen_without_cmdline_has_no_bootargs(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	g.cmdline = NULL;
	blob = tu_build(&in);
	assert_names(blob, "/chosen", "linux,initrd-start linux,initrd-end rng-seed");
	free(blob);
}

static void chosen_with_empty_cmdline_has_1_byte_bootargs(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	g.cmdline = "";
	blob = tu_build(&in);
	tu_assert_prop(blob, "/chosen", "bootargs", "", 1);
	free(blob);
}

static void chosen_without_ramdisk_has_no_initrd(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	g.ramdisk = NULL;
	blob = tu_build(&in);
	assert_names(blob, "/chosen", "bootargs rng-seed");
	free(blob);
	g.ramdisk = "";
	blob = tu_build(&in);
	assert_names(blob, "/chosen", "bootargs rng-seed");
	free(blob);
}

static void chosen_without_ramdisk_finalises(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	struct ag_kernel_info k = tu_golden_kernel();
	struct ag_layout l;
	void *blob;

	(void)state;
	g.ramdisk = NULL;
	blob = tu_pipeline(&in, &k, 0, &l, 1);
	assert_true(l.dtb_addr == 0x48000000);
	assert_int_equal(tu_prop_len(blob, "/chosen", "linux,initrd-start"), -FDT_ERR_NOTFOUND);
	free(blob);
}

static void chosen_seed_is_the_given_bytes(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	uint8_t seed[AG_RNG_SEED_SIZE];
	void *blob;

	(void)state;
	for (int i = 0; i < AG_RNG_SEED_SIZE; i++)
		seed[i] = (uint8_t)(i * 7 + 3);
	in.rng_seed = seed;
	blob = tu_build(&in);
	tu_assert_prop(blob, "/chosen", "rng-seed", seed, AG_RNG_SEED_SIZE);
	free(blob);
}

static void chosen_without_seed_has_no_rng_seed(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	in.rng_seed = NULL;
	blob = tu_build(&in);
	assert_names(blob, "/chosen", "bootargs linux,initrd-start linux,initrd-end");
	assert_int_equal(ag_fdt_nop_rng_seed(blob), -ENOENT);
	/* 140 bytes and the "rng-seed" string less than the seeded tree */
	assert_int_equal(fdt_totalsize(blob), 0x637 - 140 - 9);
	free(blob);
}

static void nop_seed_writes_35_nops_in_place(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	struct ag_layout l;
	void *blob = build_final(&in, &l);
	uint32_t total = fdt_totalsize(blob), strings = fdt_off_dt_strings(blob);
	int chosen = fdt_path_offset(blob, "/chosen"), len;
	const struct fdt_property *seed = fdt_get_property(blob, chosen, "rng-seed", &len);
	size_t at = (size_t)((const char *)seed - (const char *)blob);

	(void)state;
	assert_int_equal(tu_count_nops(blob), 19); /* the empty bank */
	assert_int_equal(ag_fdt_nop_rng_seed(blob), 0);
	assert_int_equal(tu_count_nops(blob), 19 + 35);
	for (int i = 0; i < 35; i++)
		assert_int_equal(fdt32_to_cpu(((const fdt32_t *)((char *)blob + at))[i]), FDT_NOP);
	assert_int_equal(fdt_totalsize(blob), total);
	assert_int_equal(fdt_off_dt_strings(blob), strings);
	free(blob);
}

/* --- /cpus -------------------------------------------------------------- */

static void cpus_has_one_node_per_possible_vcpu(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	g.vcpus = 2;
	g.max_vcpus = 4;
	blob = tu_build(&in);
	assert_names(blob, "/cpus", "#address-cells #size-cells");
	assert_int_equal(tu_cell(blob, "/cpus", "#address-cells", 0), 1);
	assert_int_equal(tu_cell(blob, "/cpus", "#size-cells", 0), 0);
	assert_subnodes(blob, "/cpus", "cpu@0 cpu@1 cpu@2 cpu@3");
	free(blob);
}

static void cpu_node_properties(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob = tu_build(&in);

	(void)state;
	assert_names(blob, "/cpus/cpu@1", "device_type compatible enable-method reg");
	tu_assert_prop(blob, "/cpus/cpu@1", "device_type", "cpu", 4);
	tu_assert_prop(blob, "/cpus/cpu@1", "compatible", "arm,armv8", 10);
	tu_assert_prop(blob, "/cpus/cpu@1", "enable-method", "psci", 5);
	assert_int_equal(tu_prop_len(blob, "/cpus/cpu@1", "reg"), 4);
	assert_int_equal(tu_cell(blob, "/cpus/cpu@1", "reg", 0), 1);
	free(blob);
}

static void single_vcpu_still_has_enable_method(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	g.vcpus = g.max_vcpus = 1;
	blob = tu_build(&in);
	assert_subnodes(blob, "/cpus", "cpu@0");
	tu_assert_prop(blob, "/cpus/cpu@0", "enable-method", "psci", 5);
	free(blob);
}

static void cpus_mpidr_beyond_16_vcpus(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	int cpus, n = 0, sub;
	void *blob;

	(void)state;
	g.vcpus = g.max_vcpus = 128;
	blob = tu_build(&in);
	cpus = fdt_path_offset(blob, "/cpus");
	fdt_for_each_subnode(sub, blob, cpus) {
		char want[16];
		unsigned mpidr = (unsigned)(n % 16) | (unsigned)(n / 16) << 8;

		snprintf(want, sizeof(want), "cpu@%x", mpidr);
		assert_string_equal(fdt_get_name(blob, sub, NULL), want);
		n++;
	}
	assert_int_equal(n, 128);
	assert_int_equal(tu_cell(blob, "/cpus/cpu@f", "reg", 0), 0xf);
	assert_int_equal(tu_cell(blob, "/cpus/cpu@100", "reg", 0), 0x100);
	assert_int_equal(tu_cell(blob, "/cpus/cpu@70f", "reg", 0), 0x70f);
	assert_int_equal(fdt_path_offset(blob, "/cpus/cpu@10"), -FDT_ERR_NOTFOUND);
	free(blob);
}

static void arm32_guest_uses_armv7_compatibles(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	g.arch = AG_ARCH_ARM32;
	in.kernel_arm32 = 1;
	blob = tu_build(&in);
	tu_assert_prop(blob, "/cpus/cpu@0", "compatible", "arm,cortex-a15", 15);
	tu_assert_prop(blob, "/timer", "compatible", "arm,armv7-timer", 16);
	free(blob);
}

/* --- /psci, /memory ------------------------------------------------------ */

static void psci_node(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob = tu_build(&in);

	(void)state;
	assert_names(blob, "/psci", "compatible method cpu_off cpu_on");
	tu_assert_prop(blob, "/psci", "compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci", 35);
	tu_assert_prop(blob, "/psci", "method", "hvc", 4);
	assert_int_equal(tu_cell(blob, "/psci", "cpu_off", 0), 1);
	assert_int_equal(tu_cell(blob, "/psci", "cpu_on", 0), 2);
	free(blob);
}

static void memory_placeholders_before_finalise(void **state)
{
	static const uint8_t zero[16];
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob = tu_build(&in);

	(void)state;
	assert_names(blob, "/memory@40000000", "device_type reg");
	tu_assert_prop(blob, "/memory@40000000", "device_type", "memory", 7);
	tu_assert_prop(blob, "/memory@40000000", "reg", zero, 16);
	tu_assert_prop(blob, "/memory@200000000", "reg", zero, 16);
	free(blob);
}

static void memory_one_bank_after_finalise(void **state)
{
	static const uint32_t reg[] = { 0, 0x40000000, 0, 0x10000000 };
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob = tu_guest_tree(&in);

	(void)state;
	tu_assert_cells(blob, "/memory@40000000", "reg", reg, 4);
	assert_int_equal(fdt_path_offset(blob, "/memory@200000000"), -FDT_ERR_NOTFOUND);
	assert_int_equal(tu_count_nops(blob), 54);
	assert_subnodes(blob, "/", "chosen cpus psci memory@40000000 "
			"interrupt-controller@3001000 timer hypervisor");
	free(blob);
}

static void memory_3072_mib_fills_bank_0_and_nops_bank_1(void **state)
{
	static const uint32_t reg[] = { 0, 0x40000000, 0, 0xc0000000 };
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	g.maxmem_kib = g.memory_kib = MiB_KIB(3072);
	blob = tu_guest_tree(&in);
	tu_assert_cells(blob, "/memory@40000000", "reg", reg, 4);
	assert_int_equal(fdt_path_offset(blob, "/memory@200000000"), -FDT_ERR_NOTFOUND);
	assert_int_equal(tu_count_nops(blob), 54);
	free(blob);
}

static void memory_3200_mib_uses_two_banks(void **state)
{
	static const uint32_t reg0[] = { 0, 0x40000000, 0, 0xc0000000 },
			      reg1[] = { 2, 0, 0, 0x8000000 };
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	g.maxmem_kib = g.memory_kib = MiB_KIB(3200);
	blob = tu_guest_tree(&in);
	tu_assert_cells(blob, "/memory@40000000", "reg", reg0, 4);
	tu_assert_cells(blob, "/memory@200000000", "reg", reg1, 4);
	assert_int_equal(tu_count_nops(blob), 35);
	free(blob);
}

/* --- /hypervisor -------------------------------------------------------- */

static void hypervisor_node_before_finalise(void **state)
{
	static const uint8_t zero[48];
	static const uint32_t irq[] = { 1, 0xf, 0xf08 };
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob = tu_build(&in);

	(void)state;
	assert_names(blob, "/hypervisor", "compatible reg interrupts interrupt-parent");
	tu_assert_prop(blob, "/hypervisor", "compatible", "xen,xen-4.17\0xen,xen", 21);
	tu_assert_prop(blob, "/hypervisor", "reg", zero, 48);
	tu_assert_cells(blob, "/hypervisor", "interrupts", irq, 3);
	assert_int_equal(tu_cell(blob, "/hypervisor", "interrupt-parent", 0), 0xfde8);
	free(blob);
}

static void hypervisor_interrupt_and_callback_irq_name_the_same_ppi(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	uint64_t cb = ag_profile_callback_irq(&ag_profile_417);
	void *blob = tu_build(&in);

	(void)state;
	/* PPI number: DT cell 2 + 16 == low byte of the parameter (31). */
	assert_int_equal(tu_cell(blob, "/hypervisor", "interrupts", 0), 1);
	assert_int_equal(tu_cell(blob, "/hypervisor", "interrupts", 1) + 16, cb & 0xff);
	assert_int_equal(cb & 0xff, 31);
	/* level-low in both: DT type 8, parameter flag 2 (active-low level). */
	assert_int_equal(tu_cell(blob, "/hypervisor", "interrupts", 2) & 0xf, 8);
	assert_int_equal((cb >> 8) & 0xff, 2);
	free(blob);
}

static void hypervisor_256_mib_has_gnttab_and_two_regions(void **state)
{
	static const uint32_t reg[] = { 0, 0x38000000, 0, 0x1000000,
					0, 0x50000000, 0, 0xb0000000,
					2, 0, 0xfe, 0 };
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob = tu_guest_tree(&in);

	(void)state;
	tu_assert_cells(blob, "/hypervisor", "reg", reg, 12);
	free(blob);
}

static void hypervisor_3200_mib_shrinks_and_leaves_a_stale_tail(void **state)
{
	static const uint32_t reg[] = { 0, 0x38000000, 0, 0x1000000,
					2, 0x8000000, 0xfd, 0xf8000000 };
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	struct ag_err err;
	struct ag_kernel_info k = tu_golden_kernel();
	struct ag_layout l;
	uint32_t built_total, built_struct, built_strings;
	void *blob;
	size_t size;

	(void)state;
	g.maxmem_kib = g.memory_kib = MiB_KIB(3200);
	assert_int_equal(ag_fdt_build(&in, &blob, &size, &err), 0);
	built_total = fdt_totalsize(blob);
	built_struct = fdt_size_dt_struct(blob);
	built_strings = fdt_off_dt_strings(blob);
	assert_int_equal(ag_layout_compute(&ag_profile_417, MiB(3200), &k, 1,
					   GOLDEN_RAMDISK_SIZE, built_total, &l, &err), 0);
	assert_int_equal(ag_fdt_finalise(blob, &in, &l, &err), 0);
	assert_int_equal(ag_fdt_nop_rng_seed(blob), 0);
	tu_assert_valid(blob);

	tu_assert_cells(blob, "/hypervisor", "reg", reg, 8);
	assert_int_equal(fdt_totalsize(blob), built_total);
	assert_int_equal(fdt_size_dt_struct(blob), built_struct - 16);
	assert_int_equal(fdt_off_dt_strings(blob), built_strings - 16);
	assert_memory_equal((char *)blob + built_total - 16, "ompatible\0model\0", 16);
	assert_int_equal(tu_count_nops(blob), 35);
	free(blob);
}

static void hypervisor_3072_mib_has_only_the_bank_1_region(void **state)
{
	static const uint32_t reg[] = { 0, 0x38000000, 0, 0x1000000, 2, 0, 0xfe, 0 };
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	g.maxmem_kib = g.memory_kib = MiB_KIB(3072);
	blob = tu_guest_tree(&in);
	tu_assert_cells(blob, "/hypervisor", "reg", reg, 8);
	assert_memory_equal((char *)blob + fdt_totalsize(blob) - 16, "ompatible\0model\0", 16);
	free(blob);
}

static void hypervisor_3009_mib_drops_the_small_bank_0_region(void **state)
{
	static const uint32_t reg[] = { 0, 0x38000000, 0, 0x1000000, 2, 0, 0xfe, 0 };
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	g.maxmem_kib = g.memory_kib = MiB_KIB(3009);
	blob = tu_guest_tree(&in);
	tu_assert_cells(blob, "/hypervisor", "reg", reg, 8);
	free(blob);
}

static void hypervisor_3008_mib_keeps_a_64_mib_region(void **state)
{
	static const uint32_t reg[] = { 0, 0x38000000, 0, 0x1000000,
					0, 0xfc000000, 0, 0x4000000,
					2, 0, 0xfe, 0 };
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	g.maxmem_kib = g.memory_kib = MiB_KIB(3008);
	blob = tu_guest_tree(&in);
	tu_assert_cells(blob, "/hypervisor", "reg", reg, 12);
	free(blob);
}

static void hypervisor_36_bit_ipa_cuts_the_bank_1_region(void **state)
{
	static const uint32_t reg[] = { 0, 0x38000000, 0, 0x1000000,
					0, 0x50000000, 0, 0xb0000000,
					2, 0, 0xe, 0 };
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	in.gpaddr_bits = 36;
	blob = tu_guest_tree(&in);
	tu_assert_cells(blob, "/hypervisor", "reg", reg, 12);
	free(blob);
}

static void hypervisor_32_bit_ipa_has_no_bank_1_region(void **state)
{
	static const uint32_t reg[] = { 0, 0x38000000, 0, 0x1000000,
					0, 0x50000000, 0, 0xb0000000 };
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	in.gpaddr_bits = 32;
	blob = tu_guest_tree(&in);
	tu_assert_cells(blob, "/hypervisor", "reg", reg, 8);
	free(blob);
}

static void finalise_refuses_gpaddr_bits_over_64(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	struct ag_err err;
	struct ag_layout l = { .bank_size = { MiB(256), 0 } };
	void *blob = tu_build(&in);

	(void)state;
	in.gpaddr_bits = 65;
	assert_int_equal(ag_fdt_finalise(blob, &in, &l, &err), -EINVAL);
	assert_string_equal(err.msg,
			    "gpaddr_bits 65: the guest's address size must be 1 to 64 bits");
	free(blob);
}

/* --- GIC ---------------------------------------------------------------- */

static void gicv2_node(void **state)
{
	static const uint32_t reg[] = { 0, 0x3001000, 0, 0x1000, 0, 0x3002000, 0, 0x2000 };
	static const char *path = "/interrupt-controller@3001000";
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	in.gic = AG_GIC_V2;
	blob = tu_build(&in);
	assert_names(blob, path, "compatible #interrupt-cells #address-cells "
		     "interrupt-controller reg linux,phandle phandle");
	tu_assert_prop(blob, path, "compatible", "arm,cortex-a15-gic\0arm,cortex-a9-gic", 37);
	assert_int_equal(tu_cell(blob, path, "#interrupt-cells", 0), 3);
	assert_int_equal(tu_cell(blob, path, "#address-cells", 0), 0);
	assert_int_equal(tu_prop_len(blob, path, "interrupt-controller"), 0);
	tu_assert_cells(blob, path, "reg", reg, 8);
	assert_int_equal(tu_cell(blob, path, "linux,phandle", 0), 0xfde8);
	assert_int_equal(tu_cell(blob, path, "phandle", 0), 0xfde8);
	assert_int_equal(fdt_node_offset_by_phandle(blob, 0xfde8), fdt_path_offset(blob, path));
	free(blob);
}

static void gicv3_node(void **state)
{
	static const uint32_t reg[] = { 0, 0x3001000, 0, 0x10000, 0, 0x3020000, 0, 0x1000000 };
	static const char *path = "/interrupt-controller@3001000";
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	g.vcpus = g.max_vcpus = 1; /* the redistributor region does not shrink */
	blob = tu_build(&in);
	assert_names(blob, path, "compatible #interrupt-cells #address-cells "
		     "interrupt-controller reg linux,phandle phandle");
	tu_assert_prop(blob, path, "compatible", "arm,gic-v3", 11);
	tu_assert_cells(blob, path, "reg", reg, 8);
	assert_int_equal(tu_cell(blob, path, "phandle", 0), 0xfde8);
	free(blob);
}

/* --- /timer ------------------------------------------------------------- */

static void timer_node(void **state)
{
	static const uint32_t irqs[] = { 1, 0xd, 0xf08, 1, 0xe, 0xf08, 1, 0xb, 0xf08 };
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob = tu_build(&in);

	(void)state;
	assert_names(blob, "/timer", "compatible interrupts interrupt-parent");
	tu_assert_prop(blob, "/timer", "compatible", "arm,armv8-timer", 16);
	tu_assert_cells(blob, "/timer", "interrupts", irqs, 9);
	assert_int_equal(tu_cell(blob, "/timer", "interrupt-parent", 0), 0xfde8);
	free(blob);
}

static void timer_clock_frequency_when_the_host_gives_one(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	in.clock_frequency = 62500000;
	blob = tu_build(&in);
	assert_names(blob, "/timer", "compatible interrupts interrupt-parent clock-frequency");
	assert_int_equal(tu_cell(blob, "/timer", "clock-frequency", 0), 62500000);
	free(blob);
}

/* --- optional nodes ------------------------------------------------------ */

static void vpl011_node_with_vuart(void **state)
{
	static const uint32_t reg[] = { 0, 0x22000000, 0, 0x1000 };
	static const uint32_t irq[] = { 0, 0, 0xf04 };
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	g.vuart = true;
	blob = tu_build(&in);
	assert_subnodes(blob, "/", "chosen cpus psci memory@40000000 memory@200000000 "
			"interrupt-controller@3001000 timer hypervisor sbsa-pl011");
	assert_names(blob, "/sbsa-pl011",
		     "compatible reg interrupts interrupt-parent current-speed");
	tu_assert_prop(blob, "/sbsa-pl011", "compatible", "arm,sbsa-uart", 14);
	tu_assert_cells(blob, "/sbsa-pl011", "reg", reg, 4);
	tu_assert_cells(blob, "/sbsa-pl011", "interrupts", irq, 3);
	assert_int_equal(tu_cell(blob, "/sbsa-pl011", "interrupt-parent", 0), 0xfde8);
	assert_int_equal(tu_cell(blob, "/sbsa-pl011", "current-speed", 0), 115200);
	free(blob);
}

static void no_vpl011_without_vuart(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob = tu_build(&in);

	(void)state;
	assert_int_equal(fdt_path_offset(blob, "/sbsa-pl011"), -FDT_ERR_NOTFOUND);
	free(blob);
}

static void optee_node(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	g.tee = AG_TEE_OPTEE;
	g.vuart = true;
	blob = tu_build(&in);
	assert_subnodes(blob, "/", "chosen cpus psci memory@40000000 memory@200000000 "
			"interrupt-controller@3001000 timer hypervisor sbsa-pl011 firmware");
	assert_names(blob, "/firmware", "");
	assert_subnodes(blob, "/firmware", "optee");
	assert_names(blob, "/firmware/optee", "compatible method");
	tu_assert_prop(blob, "/firmware/optee", "compatible", "linaro,optee-tz", 16);
	tu_assert_prop(blob, "/firmware/optee", "method", "hvc", 4);
	free(blob);
}

/*
 * libxl_arm.c: make_virtio_mmio_node, make_xen_iommu_node (stable-4.17): after
 * the optee node, xen_iommu before the first disk whose back end is not dom0.
 */
static void virtio_disks_after_optee_with_xen_iommu(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	struct ag_virtio v[] = { { .backend = 0 }, { .backend = 5, .grant_usage = true },
				 { .backend = 0 } };
	void *blob;

	(void)state;
	g.tee = AG_TEE_OPTEE;
	g.virtio = v;
	g.n_virtio = 3;
	blob = tu_build(&in);
	assert_subnodes(blob, "/", "chosen cpus psci memory@40000000 memory@200000000 "
			"interrupt-controller@3001000 timer hypervisor firmware virtio@2000000 "
			"xen_iommu virtio@2000200 virtio@2000400");
	assert_names(blob, "/virtio@2000000",
		     "compatible reg interrupts interrupt-parent dma-coherent");
	tu_assert_prop(blob, "/virtio@2000000", "compatible", "virtio,mmio", 12);
	assert_int_equal(tu_cell(blob, "/virtio@2000000", "reg", 1), 0x2000000);
	assert_int_equal(tu_cell(blob, "/virtio@2000000", "reg", 3), 0x200);
	assert_int_equal(tu_cell(blob, "/virtio@2000000", "interrupts", 0), 0);   /* SPI */
	assert_int_equal(tu_cell(blob, "/virtio@2000000", "interrupts", 1), 1);   /* 33 */
	assert_int_equal(tu_cell(blob, "/virtio@2000000", "interrupts", 2), 0xf01); /* edge */
	assert_int_equal(tu_cell(blob, "/virtio@2000400", "interrupts", 1), 3);   /* 35 */
	assert_names(blob, "/xen_iommu", "compatible #iommu-cells phandle");
	tu_assert_prop(blob, "/xen_iommu", "compatible", "xen,grant-dma", 14);
	assert_int_equal(tu_cell(blob, "/xen_iommu", "phandle", 0), 65001);
	assert_names(blob, "/virtio@2000200",
		     "compatible reg interrupts interrupt-parent dma-coherent iommus");
	assert_int_equal(tu_cell(blob, "/virtio@2000200", "iommus", 0), 65001);
	assert_int_equal(tu_cell(blob, "/virtio@2000200", "iommus", 1), 5);
	free(blob);
}

/*
 * libxl_arm.c (stable-4.20): disks then devices from one counter, I2C and
 * GPIO children, `iommus' by grant_usage (a dom0 back end gives cell 0), and
 * xen_iommu once after all the virtio nodes.
 */
static void virtio_devices_420_with_children_and_xen_iommu_last(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	struct ag_virtio v[] = {
		{ .backend = 0 },
		{ .type = "virtio,device22" },
		{ .type = "virtio,device29", .grant_usage = true },
		{ .type = "virtio,device" },
	};
	void *blob;

	(void)state;
	in.profile = &ag_profile_420;
	in.xen_minor = 20;
	g.vuart = true;
	g.virtio = v;
	g.n_virtio = 4;
	blob = tu_build(&in);
	assert_subnodes(blob, "/", "chosen cpus psci memory@40000000 memory@200000000 "
			"interrupt-controller@3001000 timer hypervisor sbsa-pl011 "
			"virtio@2000000 virtio@2000200 virtio@2000400 virtio@2000600 xen_iommu");
	assert_subnodes(blob, "/virtio@2000000", "");
	assert_subnodes(blob, "/virtio@2000200", "i2c");
	assert_names(blob, "/virtio@2000200/i2c", "compatible");
	tu_assert_prop(blob, "/virtio@2000200/i2c", "compatible", "virtio,device22", 16);
	assert_subnodes(blob, "/virtio@2000400", "gpio");
	assert_names(blob, "/virtio@2000400/gpio",
		     "compatible gpio-controller #gpio-cells interrupt-controller #interrupt-cells");
	assert_int_equal(tu_cell(blob, "/virtio@2000400/gpio", "#gpio-cells", 0), 2);
	assert_int_equal(tu_cell(blob, "/virtio@2000400/gpio", "#interrupt-cells", 0), 2);
	assert_names(blob, "/virtio@2000400",
		     "compatible reg interrupts interrupt-parent dma-coherent iommus");
	assert_int_equal(tu_cell(blob, "/virtio@2000400", "iommus", 1), 0);
	assert_int_equal(tu_cell(blob, "/virtio@2000400", "interrupts", 1), 3);   /* SPI 35 */
	assert_subnodes(blob, "/virtio@2000600", "");
	free(blob);
}

/* 4.20 with no virtio node using grants: no xen_iommu at all. */
static void no_xen_iommu_without_grants_420(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	struct ag_virtio v[] = { { .type = "virtio,device22" } };
	void *blob;

	(void)state;
	in.profile = &ag_profile_420;
	in.xen_minor = 20;
	g.virtio = v;
	g.n_virtio = 1;
	blob = tu_build(&in);
	assert_subnodes(blob, "/", "chosen cpus psci memory@40000000 memory@200000000 "
			"interrupt-controller@3001000 timer hypervisor virtio@2000000");
	free(blob);
}

/* Offset of the first FDT_PROP tag named `name` after struct offset `from`. */
static int prop_tag_after(const void *blob, int from, const char *name)
{
	int off = from, next;
	uint32_t tag;

	do {
		tag = fdt_next_tag(blob, off, &next);
		if (tag == FDT_PROP) {
			const struct fdt_property *p = fdt_get_property_by_offset(blob, off, NULL);

			if (!strcmp(fdt_string(blob, (int)fdt32_to_cpu(p->nameoff)), name))
				return off;
		}
		off = next;
	} while (tag != FDT_END && next >= 0);
	return -1;
}

static void acpi_module_in_chosen(void **state)
{
	static const uint32_t reg[] = { 0, 0x20000000, 0, 0x1234 };
	static const char *path = "/chosen/module@20000000";
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	struct ag_layout l;
	void *blob;

	(void)state;
	g.acpi = true;
	in.acpi_size = 0x1234;
	blob = build_final(&in, &l);
	assert_subnodes(blob, "/chosen", "module@20000000");
	assert_names(blob, path, "compatible reg");
	tu_assert_prop(blob, path, "compatible", "xen,guest-acpi\0multiboot,module", 32);
	tu_assert_cells(blob, path, "reg", reg, 4);
	free(blob);
}

static void acpi_puts_the_seed_after_the_module_where_readers_miss_it(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	struct ag_layout l;
	int module, seed;
	void *blob;

	(void)state;
	g.acpi = true;
	in.acpi_size = 0x1234;
	blob = build_final(&in, &l);
	module = fdt_path_offset(blob, "/chosen/module@20000000");
	seed = prop_tag_after(blob, 0, "rng-seed");
	/* The property is written (libxl order) after the subnode ... */
	assert_true(seed > module);
	/* ... so libfdt's readers, and Linux's, do not see it: nothing to NOP. */
	assert_int_equal(tu_prop_len(blob, "/chosen", "rng-seed"), -FDT_ERR_NOTFOUND);
	assert_int_equal(ag_fdt_nop_rng_seed(blob), -ENOENT);
	free(blob);
}

static void acpi_module_with_size_0_is_nopped(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	struct ag_layout l;
	void *blob;

	(void)state;
	g.acpi = true;
	in.acpi_size = 0;
	blob = build_final(&in, &l);
	assert_int_equal(fdt_path_offset(blob, "/chosen/module@20000000"), -FDT_ERR_NOTFOUND);
	free(blob);
}

/* --- size ---------------------------------------------------------------- */

static void build_retries_past_4_kib_with_the_same_bytes(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	struct ag_profile big = ag_profile_417;
	void *a, *b;

	(void)state;
	g.vcpus = g.max_vcpus = 128;
	a = tu_build(&in);
	assert_true(fdt_totalsize(a) > 4096);
	big.fdt_initial_size = big.fdt_max_size;
	in.profile = &big;
	b = tu_build(&in);
	assert_int_equal(fdt_totalsize(a), fdt_totalsize(b));
	assert_memory_equal(a, b, fdt_totalsize(a));
	free(a);
	free(b);
}

static void build_128_vcpus_moves_the_modules_at_128_mib(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	static const uint32_t start[] = { 0, 0x47f0a000 };
	struct ag_layout l;
	void *blob;

	(void)state;
	g.vcpus = g.max_vcpus = 128;
	g.maxmem_kib = g.memory_kib = MiB_KIB(128);
	blob = build_final(&in, &l);
	/* 13 KiB of tree: 4 pages instead of 1 below the top of bank 0 */
	assert_true(fdt_totalsize(blob) > 0x3000 && fdt_totalsize(blob) <= 0x4000);
	tu_assert_cells(blob, "/chosen", "linux,initrd-start", start, 2);
	assert_true(l.dtb_addr == 0x47ffc000);
	free(blob);
}

static void build_is_deterministic(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *a = tu_guest_tree(&in), *b = tu_guest_tree(&in);

	(void)state;
	assert_int_equal(fdt_totalsize(a), fdt_totalsize(b));
	assert_memory_equal(a, b, fdt_totalsize(a));
	free(a);
	free(b);
}

static void overflow_is_an_error_not_a_truncated_tree(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	struct ag_err err;
	size_t n = 2u << 20, size = 99;
	char *huge = malloc(n + 1);
	void *blob = (void *)1;

	(void)state;
	assert_non_null(huge);
	memset(huge, 'x', n);
	huge[n] = 0;
	g.cmdline = huge;
	assert_int_equal(ag_fdt_build(&in, &blob, &size, &err), -EFBIG);
	assert_null(blob);
	assert_int_equal(size, 0);
	assert_int_equal(err.code, EFBIG);
	assert_int_equal(err.fdt, FDT_ERR_NOSPACE);
	assert_string_equal(err.key, "cmdline");
	assert_string_equal(err.msg,
		"the device tree does not fit in 1048576 bytes (Xen 4.17's limit), at /chosen: "
		"the command line alone is 2097152 bytes");
	free(huge);
}

static void overflow_at_a_smaller_limit_names_the_node(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	struct ag_profile small = ag_profile_417;
	struct ag_err err;
	void *blob;
	size_t size;

	(void)state;
	small.fdt_max_size = 8192;
	in.profile = &small;
	g.vcpus = g.max_vcpus = 128;
	assert_int_equal(ag_fdt_build(&in, &blob, &size, &err), -EFBIG);
	assert_null(blob);
	assert_string_equal(err.msg,
		"the device tree does not fit in 8192 bytes (Xen 4.17's limit), at /cpus");
}

/* --- input checks -------------------------------------------------------- */

static void expect_refusal(const struct ag_fdt_input *in, const char *key, const char *msg)
{
	struct ag_err err;
	void *blob = (void *)1;
	size_t size;

	assert_int_equal(ag_fdt_build(in, &blob, &size, &err), -EINVAL);
	assert_null(blob);
	if (key)
		assert_string_equal(err.key, key);
	else
		assert_null(err.key);
	assert_string_equal(err.msg, msg);
}

static void refuses_an_unresolved_gic(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);

	(void)state;
	in.gic = AG_GIC_DEFAULT;
	expect_refusal(&in, "gic_version",
		       "the GIC version must be v2 or v3 to build the tree "
		       "(the host's GIC decides \"default\")");
}

static void refuses_9_vcpus_on_gicv2(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);

	(void)state;
	in.gic = AG_GIC_V2;
	g.vcpus = 2;
	g.max_vcpus = 9;
	g.pos_maxvcpus.line = 4;
	expect_refusal(&in, "maxvcpus", "9 vCPUs: a vGICv2 guest has at most 8 on Xen 4.17");
	g.pos_maxvcpus.line = 0;
	g.vcpus = 9;
	expect_refusal(&in, "vcpus", "9 vCPUs: a vGICv2 guest has at most 8 on Xen 4.17");
}

static void accepts_8_vcpus_on_gicv2(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	(void)state;
	in.gic = AG_GIC_V2;
	g.vcpus = g.max_vcpus = 8;
	blob = tu_build(&in);
	assert_int_equal(fdt_path_offset(blob, "/cpus/cpu@8") < 0, 1);
	assert_int_equal(fdt_path_offset(blob, "/cpus/cpu@7") > 0, 1);
	free(blob);
}

static void refuses_129_vcpus_on_gicv3(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);

	(void)state;
	g.vcpus = g.max_vcpus = 129;
	expect_refusal(&in, "vcpus", "129 vCPUs: a vGICv3 guest has at most 128 on Xen 4.17");
}

static void refuses_0_vcpus(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);

	(void)state;
	g.vcpus = g.max_vcpus = 0;
	expect_refusal(&in, "vcpus", "a guest needs at least 1 vCPU");
}

static void refuses_an_hvm_guest(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);

	(void)state;
	g.type = AG_TYPE_HVM;
	expect_refusal(&in, "type", "Unsupported Arm guest type hvm: Arm guests are PVH");
}

static void refuses_an_x86_guest(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);

	(void)state;
	g.arch = AG_ARCH_X86_64;
	expect_refusal(&in, NULL, "the device tree is for Arm guests, not x86");
}

static void refuses_acpi_for_a_32_bit_guest(void **state)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);

	(void)state;
	g.arch = AG_ARCH_ARM32;
	g.acpi = true;
	expect_refusal(&in, "acpi", "Can not enable libxl option 'acpi' for a 32-bit guest");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(root_has_model_compatible_and_cells_in_order),
		cmocka_unit_test(root_version_strings_follow_the_xen_version),
		cmocka_unit_test(root_subnodes_in_libxl_order),
		cmocka_unit_test(strings_block_matches_the_reference),
		cmocka_unit_test(header_is_libfdt_sequential_write_layout),
		cmocka_unit_test(chosen_has_bootargs_initrd_and_seed_in_order),
		cmocka_unit_test(chosen_initrd_placeholders_are_zero_before_finalise),
		cmocka_unit_test(chosen_initrd_addresses_after_finalise),
		cmocka_unit_test(chosen_without_cmdline_has_no_bootargs),
		cmocka_unit_test(chosen_with_empty_cmdline_has_1_byte_bootargs),
		cmocka_unit_test(chosen_without_ramdisk_has_no_initrd),
		cmocka_unit_test(chosen_without_ramdisk_finalises),
		cmocka_unit_test(chosen_seed_is_the_given_bytes),
		cmocka_unit_test(chosen_without_seed_has_no_rng_seed),
		cmocka_unit_test(nop_seed_writes_35_nops_in_place),
		cmocka_unit_test(cpus_has_one_node_per_possible_vcpu),
		cmocka_unit_test(cpu_node_properties),
		cmocka_unit_test(single_vcpu_still_has_enable_method),
		cmocka_unit_test(cpus_mpidr_beyond_16_vcpus),
		cmocka_unit_test(arm32_guest_uses_armv7_compatibles),
		cmocka_unit_test(psci_node),
		cmocka_unit_test(memory_placeholders_before_finalise),
		cmocka_unit_test(memory_one_bank_after_finalise),
		cmocka_unit_test(memory_3072_mib_fills_bank_0_and_nops_bank_1),
		cmocka_unit_test(memory_3200_mib_uses_two_banks),
		cmocka_unit_test(hypervisor_node_before_finalise),
		cmocka_unit_test(hypervisor_interrupt_and_callback_irq_name_the_same_ppi),
		cmocka_unit_test(hypervisor_256_mib_has_gnttab_and_two_regions),
		cmocka_unit_test(hypervisor_3200_mib_shrinks_and_leaves_a_stale_tail),
		cmocka_unit_test(hypervisor_3072_mib_has_only_the_bank_1_region),
		cmocka_unit_test(hypervisor_3009_mib_drops_the_small_bank_0_region),
		cmocka_unit_test(hypervisor_3008_mib_keeps_a_64_mib_region),
		cmocka_unit_test(hypervisor_36_bit_ipa_cuts_the_bank_1_region),
		cmocka_unit_test(hypervisor_32_bit_ipa_has_no_bank_1_region),
		cmocka_unit_test(finalise_refuses_gpaddr_bits_over_64),
		cmocka_unit_test(gicv2_node),
		cmocka_unit_test(gicv3_node),
		cmocka_unit_test(timer_node),
		cmocka_unit_test(timer_clock_frequency_when_the_host_gives_one),
		cmocka_unit_test(vpl011_node_with_vuart),
		cmocka_unit_test(no_vpl011_without_vuart),
		cmocka_unit_test(optee_node),
		cmocka_unit_test(virtio_disks_after_optee_with_xen_iommu),
		cmocka_unit_test(virtio_devices_420_with_children_and_xen_iommu_last),
		cmocka_unit_test(no_xen_iommu_without_grants_420),
		cmocka_unit_test(acpi_module_in_chosen),
		cmocka_unit_test(acpi_puts_the_seed_after_the_module_where_readers_miss_it),
		cmocka_unit_test(acpi_module_with_size_0_is_nopped),
		cmocka_unit_test(build_retries_past_4_kib_with_the_same_bytes),
		cmocka_unit_test(build_128_vcpus_moves_the_modules_at_128_mib),
		cmocka_unit_test(build_is_deterministic),
		cmocka_unit_test(overflow_is_an_error_not_a_truncated_tree),
		cmocka_unit_test(overflow_at_a_smaller_limit_names_the_node),
		cmocka_unit_test(refuses_an_unresolved_gic),
		cmocka_unit_test(refuses_9_vcpus_on_gicv2),
		cmocka_unit_test(accepts_8_vcpus_on_gicv2),
		cmocka_unit_test(refuses_129_vcpus_on_gicv3),
		cmocka_unit_test(refuses_0_vcpus),
		cmocka_unit_test(refuses_an_hvm_guest),
		cmocka_unit_test(refuses_an_x86_guest),
		cmocka_unit_test(refuses_acpi_for_a_32_bit_guest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
