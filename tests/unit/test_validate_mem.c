/* SPDX-License-Identifier: MIT */
/* Validation of memory, maxmem, videoram, shadow_memory, vCPUs and the GIC. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>

#include "cfgbuild.h"

#define MAXMEM_OVER_MEMORY(max, mem) \
	"maxmem (" max " MiB) is more than memory (" mem " MiB): xl 4.17 caps " \
	"the domain at memory, but the Arm builder populates maxmem and Arm " \
	"has no populate-on-demand, so creation fails late with \"can't " \
	"allocate low memory\"; remove maxmem or make it equal to memory"

/* --- memory and maxmem ----------------------------------------------------- */

static void memory_defaults_to_32_mib(void **state)
{
	struct cb_fx *f = *state;

	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.memory_kib, 32 * 1024);
	assert_int_equal(f->g.maxmem_kib, 32 * 1024);
	assert_int_equal(f->g.pos_memory.line, 0);
	assert_int_equal(f->d.n, 0);
}

static void memory_sets_memory_and_maxmem(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "memory", "256");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.memory_kib, 256 * 1024);
	assert_int_equal(f->g.maxmem_kib, 256 * 1024);
	assert_int_equal(f->g.pos_memory.line, 3);
	assert_int_equal(f->g.pos_memory.col, 10);
}

static void memory_in_hex_is_read_as_c_does(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "memory", "0x100");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.memory_kib, 256 * 1024);
}

static void maxmem_alone_sets_memory_too(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "maxmem", "128");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.memory_kib, 128 * 1024);
	assert_int_equal(f->g.maxmem_kib, 128 * 1024);
}

static void memory_not_a_number_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "memory", "abc");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 10, "memory",
		       "parameter `memory' is not a valid number");
	assert_null(f->g.name); /* *out left empty on failure */
}

static void memory_overflow_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "memory", "99999999999999999999");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 10, "memory",
		       "parameter `memory' could not be parsed as a number: "
		       "Numerical result out of range");
}

static void memory_set_with_plus_equals_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_add_str(f->cfg, "memory", "256");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 11, "memory",
		       "can't use += with numbers for parameter `memory'");
}

static void memory_zero_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "memory", "0");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 10, "memory",
		       "`memory' must be a positive number of MiB, not 0");
}

static void maxmem_negative_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "maxmem", "-5");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 10, "maxmem",
		       "`maxmem' must be a positive number of MiB, not -5");
}

static void memory_at_guest_ram_max_is_ok(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "memory", "1043456");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.maxmem_kib, 0xfec0000000ULL >> 10);
}

static void memory_over_guest_ram_max_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "memory", "1043457");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 10, "memory",
		       "memory = 1043457 MiB is more than an Arm guest can have "
		       "(1043456 MiB); libxenguest would fail with \"ram size is "
		       "too large for guest address space\"");
}

static void maxmem_over_guest_ram_max_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "maxmem", "2000000");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM32), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 10, "maxmem",
		       "maxmem = 2000000 MiB is more than an Arm guest can have "
		       "(1043456 MiB); libxenguest would fail with \"ram size is "
		       "too large for guest address space\"");
}

static void x86_memory_over_arm_limit_is_ok(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "memory", "2000000");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_X86_64), 0);
	assert_int_equal(f->g.memory_kib, 2000000ULL * 1024);
}

static void maxmem_over_memory_is_error_saying_why(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "memory", "256");
	cb_str(f->cfg, "maxmem", "384");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 4, 10, "maxmem",
		       MAXMEM_OVER_MEMORY("384", "256"));
}

static void maxmem_one_over_memory_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "maxmem", "257");
	cb_str(f->cfg, "memory", "256");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 10, "maxmem",
		       MAXMEM_OVER_MEMORY("257", "256"));
}

static void maxmem_equal_to_memory_is_ok(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "memory", "256");
	cb_str(f->cfg, "maxmem", "256");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(f->g.pos_maxmem.line, 4);
}

static void maxmem_under_memory_warns_guest_gets_maxmem(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "memory", "256");
	cb_str(f->cfg, "maxmem", "128");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.memory_kib, 256 * 1024);
	assert_int_equal(f->g.maxmem_kib, 128 * 1024);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_WARNING, 4, 10, "maxmem",
		       "maxmem (128 MiB) is less than memory (256 MiB): an Arm "
		       "guest gets maxmem, so it has 128 MiB of RAM");
}

static void x86_maxmem_over_memory_is_ok(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "memory", "256");
	cb_str(f->cfg, "maxmem", "384");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_X86_64), 0);
	assert_int_equal(f->g.maxmem_kib, 384 * 1024);
	assert_int_equal(f->d.n, 0);
}

/* --- videoram and shadow_memory -------------------------------------------- */

static void videoram_on_arm_warns_it_takes_ram(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "memory", "256");
	cb_str(f->cfg, "videoram", "8");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.videoram_kib, 8 * 1024);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_WARNING, 4, 12, "videoram",
		       "Arm guests have no emulated graphics, but xl 4.17 still "
		       "takes videoram out of the guest's RAM: it gets 248 MiB");
}

static void videoram_as_large_as_ram_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "memory", "64");
	cb_str(f->cfg, "videoram", "64");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 4, 12, "videoram",
		       "videoram = 64 MiB leaves no RAM: xl 4.17 takes it out of "
		       "an Arm guest's 64 MiB");
}

static void shadow_memory_defaults_to_libxl_formula(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "memory", "256");
	cb_str(f->cfg, "vcpus", "2");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.shadow_kib, 3584); /* libxl__get_required_paging_memory: 256 MiB, 2 vCPUs */
}

static void shadow_memory_key_overrides_default(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "shadow_memory", "16");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.shadow_kib, 16 * 1024);
}

static void shadow_memory_negative_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "shadow_memory", "-1");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 17, "shadow_memory",
		       "`shadow_memory' must be a number of MiB from 0, not -1");
}

/* --- vcpus and maxvcpus ---------------------------------------------------- */

static void vcpus_default_to_one(void **state)
{
	struct cb_fx *f = *state;

	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.vcpus, 1);
	assert_int_equal(f->g.max_vcpus, 1);
}

static void maxvcpus_defaults_to_vcpus(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "vcpus", "4");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.vcpus, 4);
	assert_int_equal(f->g.max_vcpus, 4);
	assert_int_equal(f->g.pos_vcpus.line, 3);
	assert_int_equal(f->g.pos_vcpus.col, 9);
}

static void maxvcpus_alone_brings_one_vcpu_online(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "maxvcpus", "4");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.vcpus, 1);
	assert_int_equal(f->g.max_vcpus, 4);
	assert_int_equal(f->g.pos_maxvcpus.line, 3);
}

static void maxvcpus_below_vcpus_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "vcpus", "4");
	cb_str(f->cfg, "maxvcpus", "2");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 4, 12, "maxvcpus",
		       "maxvcpus < vcpus: maxvcpus = 2 cannot be less than vcpus = 4");
}

static void vcpus_zero_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "vcpus", "0");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 9, "vcpus",
		       "`vcpus' must be a number of vCPUs from 1, not 0");
}

static void vcpus_1e3_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "vcpus", "1e3");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 9, "vcpus",
		       "parameter `vcpus' is not a valid number");
}

static void maxvcpus_zero_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "maxvcpus", "0");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 12, "maxvcpus",
		       "`maxvcpus' must be a number of vCPUs from 1, not 0");
}

/* --- GIC version and its vCPU limits ---------------------------------------- */

static void gic_version_defaults_to_default(void **state)
{
	struct cb_fx *f = *state;

	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.gic, AG_GIC_DEFAULT);
	assert_int_equal(f->g.pos_gic_version.line, 0);
}

static void gic_version_values_are_case_insensitive(void **state)
{
	static const struct { const char *v; enum ag_gic gic; } cases[] = {
		{ "v2", AG_GIC_V2 }, { "V2", AG_GIC_V2 }, { "v3", AG_GIC_V3 },
		{ "V3", AG_GIC_V3 }, { "default", AG_GIC_DEFAULT },
		{ "DEFAULT", AG_GIC_DEFAULT },
	};
	struct cb_fx *f = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct xlcfg *cfg = cb_minimal();
		struct ag_guest g;

		cb_str(cfg, "gic_version", cases[i].v);
		assert_int_equal(cb_resolve(cfg, AG_ARCH_ARM64, &g, &f->d), 0);
		assert_int_equal(g.gic, cases[i].gic);
		assert_int_equal(g.pos_gic_version.line, 3);
		ag_guest_free(&g);
		xlcfg_free(cfg);
	}
	assert_int_equal(f->d.n, 0);
}

static void gic_version_native_is_default_with_xl_note(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "gic_version", "native");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.gic, AG_GIC_DEFAULT);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_NOTE, 3, 15, "gic_version",
		       "xl 4.17 rejects gic_version \"native\" (armguest's alias "
		       "of \"default\"); write \"default\" to keep the config "
		       "usable with xl");
}

static void gic_version_unknown_is_error_listing_values(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "gic_version", "v4");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 15, "gic_version",
		       "Unknown gic_version \"v4\" specified: accepted values are "
		       "\"default\", \"v2\", \"v3\" and \"native\"");
}

static void gic_version_list_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "gic_version", "v3");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 15, "gic_version",
		       "parameter `gic_version' is a list but should be a single value");
}

static void gicv3_on_arm32_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "gic_version", "v3");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM32), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 15, "gic_version",
		       "gic_version = \"v3\" cannot work on arm32: Xen emulates "
		       "GICv3 only on arm64");
}

static void gicv2_allows_8_vcpus(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "gic_version", "v2");
	cb_str(f->cfg, "vcpus", "8");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->d.n, 0);
}

static void gicv2_refuses_9_maxvcpus(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "gic_version", "v2");
	cb_str(f->cfg, "vcpus", "2");
	cb_str(f->cfg, "maxvcpus", "9");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 5, 12, "maxvcpus",
		       "maxvcpus = 9 is more than GICv2 allows (8 vCPUs): Xen "
		       "refuses to create the domain; use at most 8 vCPUs or "
		       "gic_version = \"v3\"");
}

static void gicv2_limit_names_vcpus_without_maxvcpus(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "gic_version", "v2");
	cb_str(f->cfg, "vcpus", "16");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 4, 9, "vcpus",
		       "vcpus = 16 is more than GICv2 allows (8 vCPUs): Xen "
		       "refuses to create the domain; use at most 8 vCPUs or "
		       "gic_version = \"v3\"");
}

static void gicv3_allows_128_vcpus_quietly(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "gic_version", "v3");
	cb_str(f->cfg, "maxvcpus", "128");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.max_vcpus, 128);
	assert_int_equal(f->d.n, 0);
}

static void gicv3_refuses_129_vcpus(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "gic_version", "v3");
	cb_str(f->cfg, "vcpus", "129");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 4, 9, "vcpus",
		       "vcpus = 129 is more than an Arm guest can have (128 "
		       "vCPUs): Xen refuses to create the domain");
}

static void default_gic_allows_8_vcpus_quietly(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "vcpus", "8");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->d.n, 0);
}

static void default_gic_warns_over_8_vcpus(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "maxvcpus", "9");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_WARNING, 3, 12, "maxvcpus",
		       "maxvcpus = 9 needs a GICv3 host: the guest gets the host's "
		       "GIC, and Xen refuses more than 8 vCPUs with GICv2; set "
		       "gic_version = \"v3\" to make that explicit");
}

static void default_gic_refuses_129_vcpus(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "gic_version", "native");
	cb_str(f->cfg, "maxvcpus", "129");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_find_diag(&f->d, "maxvcpus = 129 is more than an Arm guest can have "
		     "(128 vCPUs): Xen refuses to create the domain");
}

static void arm32_refuses_9_vcpus(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "vcpus", "9");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM32), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 9, "vcpus",
		       "vcpus = 9 is more than Xen on arm32 allows (8 vCPUs): "
		       "Xen refuses to create the domain");
}

static void x86_has_no_gic_limit(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "vcpus", "200");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_X86_64), 0);
	assert_int_equal(f->g.vcpus, 200);
	assert_int_equal(f->d.n, 0);
}

static void custom_limits_are_used(void **state)
{
	struct cb_fx *f = *state;
	struct ag_arm_limits lim;
	struct ag_resolve_opts o = { .arch = AG_ARCH_ARM64, .limits = &lim };

	ag_profile_arm_limits(ag_profile_lookup("4.17"), &lim);
	lim.max_vcpus_arm64 = 64;
	cb_str(f->cfg, "gic_version", "v3");
	cb_str(f->cfg, "vcpus", "65");
	assert_int_equal(ag_guest_resolve(f->cfg, &o, &f->g, &f->d), -EINVAL);
	cb_find_diag(&f->d, "vcpus = 65 is more than an Arm guest can have (64 "
		     "vCPUs): Xen refuses to create the domain");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, cb_fx_setup, cb_fx_teardown)
		T(memory_defaults_to_32_mib),
		T(memory_sets_memory_and_maxmem),
		T(memory_in_hex_is_read_as_c_does),
		T(maxmem_alone_sets_memory_too),
		T(memory_not_a_number_is_error),
		T(memory_overflow_is_error),
		T(memory_set_with_plus_equals_is_error),
		T(memory_zero_is_error),
		T(maxmem_negative_is_error),
		T(memory_at_guest_ram_max_is_ok),
		T(memory_over_guest_ram_max_is_error),
		T(maxmem_over_guest_ram_max_is_error),
		T(x86_memory_over_arm_limit_is_ok),
		T(maxmem_over_memory_is_error_saying_why),
		T(maxmem_one_over_memory_is_error),
		T(maxmem_equal_to_memory_is_ok),
		T(maxmem_under_memory_warns_guest_gets_maxmem),
		T(x86_maxmem_over_memory_is_ok),
		T(videoram_on_arm_warns_it_takes_ram),
		T(videoram_as_large_as_ram_is_error),
		T(shadow_memory_defaults_to_libxl_formula),
		T(shadow_memory_key_overrides_default),
		T(shadow_memory_negative_is_error),
		T(vcpus_default_to_one),
		T(maxvcpus_defaults_to_vcpus),
		T(maxvcpus_alone_brings_one_vcpu_online),
		T(maxvcpus_below_vcpus_is_error),
		T(vcpus_zero_is_error),
		T(vcpus_1e3_is_error),
		T(maxvcpus_zero_is_error),
		T(gic_version_defaults_to_default),
		T(gic_version_values_are_case_insensitive),
		T(gic_version_native_is_default_with_xl_note),
		T(gic_version_unknown_is_error_listing_values),
		T(gic_version_list_is_error),
		T(gicv3_on_arm32_is_error),
		T(gicv2_allows_8_vcpus),
		T(gicv2_refuses_9_maxvcpus),
		T(gicv2_limit_names_vcpus_without_maxvcpus),
		T(gicv3_allows_128_vcpus_quietly),
		T(gicv3_refuses_129_vcpus),
		T(default_gic_allows_8_vcpus_quietly),
		T(default_gic_warns_over_8_vcpus),
		T(default_gic_refuses_129_vcpus),
		T(arm32_refuses_9_vcpus),
		T(x86_has_no_gic_limit),
		T(custom_limits_are_used),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
