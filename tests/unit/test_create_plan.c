/* SPDX-License-Identifier: MIT */
/*
 * What create asks of the hypervisor before the first hypercall
 * (ag_create_plan): the createdomain flags and SPI count as libxl computes
 * them, the memory figures, and the refusals that would otherwise only fail
 * once a domain exists.  Also the dry run (create -n).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arm/create_dryrun.h"
#include "test_create_env.h"

static struct ag_guest plan_guest(void)
{
	struct ag_guest g = tu_guest();

	g.gic = AG_GIC_DEFAULT;
	g.shadow_kib = 4 * (256 * 2 + 256 + 128);
	return g;
}

static void plan_ok(const struct ag_guest *g, struct ag_create_plan *pl)
{
	struct ag_diags d;

	ag_diags_init(&d);
	assert_int_equal(ag_create_plan(g, &ag_profile_417, pl, &d), 0);
	assert_int_equal(ag_diags_count(&d, AG_ERROR), 0);
	ag_diags_free(&d);
}

/* The one error a refused plan gives. */
static void plan_refused(const struct ag_guest *g, const char *key, const char *msg)
{
	struct ag_create_plan pl;
	struct ag_diags d;

	ag_diags_init(&d);
	assert_int_equal(ag_create_plan(g, &ag_profile_417, &pl, &d), -EINVAL);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.v[0].sev, AG_ERROR);
	assert_string_equal(d.v[0].key, key);
	assert_string_equal(d.v[0].msg, msg);
	ag_diags_free(&d);
}

static void no_devices_ask_no_spis(void **state)
{
	struct ag_guest g = plan_guest();
	struct ag_create_plan pl;

	(void)state;
	plan_ok(&g, &pl);
	assert_int_equal(pl.cfg.nr_spis, 0);
}

static void vuart_asks_one_spi(void **state)
{
	struct ag_guest g = plan_guest();
	struct ag_create_plan pl;

	(void)state;
	g.vuart = true;
	plan_ok(&g, &pl);
	assert_int_equal(pl.cfg.nr_spis, 1);
}

/* libxl__arch_domain_prepare_config: one SPI per virtio disk from 33, covered by nr_spis. */
static void virtio_disks_raise_nr_spis(void **state)
{
	struct ag_guest g = plan_guest();
	struct ag_create_plan pl;
	struct ag_virtio v[3] = { { 0 } };

	(void)state;
	g.vuart = true;
	g.virtio = v;
	g.n_virtio = 3;
	plan_ok(&g, &pl);
	assert_int_equal(pl.cfg.nr_spis, 35 - 32 + 1);
}

/* Xen 4.19+ (libxl__arch_domain_prepare_config): max(computed, the `nr_spis' key). */
static void nr_spis_key_is_a_floor(void **state)
{
	struct ag_guest g = plan_guest();
	struct ag_create_plan pl;
	uint32_t irqs[] = { 200 };

	(void)state;
	g.nr_spis = 100;
	plan_ok(&g, &pl);
	assert_int_equal(pl.cfg.nr_spis, 100);
	g.irqs = irqs;
	g.n_irqs = 1;
	plan_ok(&g, &pl);
	assert_int_equal(pl.cfg.nr_spis, 200 - 32 + 1);
}

/* vgic.c domain_vgic_init refuses more than 960 SPIs: refused before Xen is asked. */
static void too_many_spis_refused(void **state)
{
	struct ag_guest g = plan_guest();
	struct ag_create_plan pl;
	struct ag_diags d;
	uint32_t irqs[] = { 32 + 960 };

	(void)state;
	ag_diags_init(&d);
	g.irqs = irqs;
	g.n_irqs = 1;
	assert_int_equal(ag_create_plan(&g, &ag_profile_420, &pl, &d), -EINVAL);
	assert_true(d.n >= 1);
	assert_non_null(strstr(d.v[d.n - 1].msg, "at most 960"));
	ag_diags_free(&d);
}

static void sve_and_llc_colors_reach_the_plan(void **state)
{
	struct ag_guest g = plan_guest();
	struct ag_create_plan pl;
	uint32_t colours[] = { 0, 1, 2, 7 };

	(void)state;
	g.sve_vl = 256;
	g.tee = AG_TEE_FFA;
	g.llc_colors = colours;
	g.n_llc_colors = 4;
	plan_ok(&g, &pl);
	assert_int_equal(pl.cfg.sve_vl, 256);
	assert_int_equal(pl.cfg.tee, AG_TEE_FFA);
	assert_ptr_equal(pl.llc_colors, colours);
	assert_int_equal(pl.n_llc_colors, 4);
}

static void irqs_cover_the_highest_spi(void **state)
{
	struct ag_guest g = plan_guest();
	struct ag_create_plan pl;
	uint32_t irqs[] = { 40, 35 };

	(void)state;
	g.irqs = irqs;
	g.n_irqs = 2;
	plan_ok(&g, &pl);
	assert_int_equal(pl.cfg.nr_spis, 9);
}

static void vuart_and_a_high_irq_take_the_larger(void **state)
{
	struct ag_guest g = plan_guest();
	struct ag_create_plan pl;
	uint32_t irqs[] = { 100 };

	(void)state;
	g.vuart = true;
	g.irqs = irqs;
	g.n_irqs = 1;
	plan_ok(&g, &pl);
	assert_int_equal(pl.cfg.nr_spis, 69);
}

static void irq_32_conflicts_with_the_vuart(void **state)
{
	struct ag_guest g = plan_guest();
	uint32_t irqs[] = { 32 };

	(void)state;
	g.vuart = true;
	g.irqs = irqs;
	g.n_irqs = 1;
	plan_refused(&g, "irqs", "Physical IRQ 32 conflicting with pl011 SPI");
}

static void irq_below_32_is_refused(void **state)
{
	struct ag_guest g = plan_guest();
	uint32_t irqs[] = { 27 };

	(void)state;
	g.irqs = irqs;
	g.n_irqs = 1;
	plan_refused(&g, "irqs",
		     "IRQ 27 is not an SPI: Xen routes only SPIs (32 and up) to a guest");
}

static void flags_are_hvm_and_hap(void **state)
{
	struct ag_guest g = plan_guest();
	struct ag_create_plan pl;

	(void)state;
	plan_ok(&g, &pl);
	assert_true(pl.cfg.hvm);
	assert_true(pl.cfg.hap);
	assert_false(pl.cfg.iommu);
}

/* libxl: any passthrough mode but "disabled" asks for the IOMMU, with or without devices. */
static void passthrough_enabled_adds_iommu(void **state)
{
	struct ag_guest g = plan_guest();
	struct ag_create_plan pl;

	(void)state;
	g.passthrough = AG_PT_ENABLED;
	plan_ok(&g, &pl);
	assert_true(pl.cfg.hvm && pl.cfg.hap && pl.cfg.iommu);
}

static void setmaxmem_is_memory_plus_one_mib(void **state)
{
	struct ag_guest g = plan_guest();
	struct ag_create_plan pl;

	(void)state;
	g.memory_kib = MiB_KIB(256);
	g.maxmem_kib = MiB_KIB(384);
	plan_ok(&g, &pl);
	assert_int_equal(pl.maxmem_kib, 256 * 1024 + 1024);
	/* RAM is maxmem, as libxl__build_hvm gives xc_dom_mem_init. */
	assert_int_equal(pl.ram_mib, 384);
}

static void ram_excludes_videoram(void **state)
{
	struct ag_guest g = plan_guest();
	struct ag_create_plan pl;

	(void)state;
	g.videoram_kib = MiB_KIB(8);
	plan_ok(&g, &pl);
	assert_int_equal(pl.ram_mib, 248);
}

static void paging_pool_is_shadow_kib_in_bytes(void **state)
{
	struct ag_guest g = plan_guest();
	struct ag_create_plan pl;

	(void)state;
	plan_ok(&g, &pl);
	assert_int_equal(pl.paging_bytes, 3584u * 1024u);
}

static void callback_irq_comes_from_the_profile(void **state)
{
	struct ag_guest g = plan_guest();
	struct ag_create_plan pl;

	(void)state;
	plan_ok(&g, &pl);
	assert_int_equal(pl.callback_irq, 0x020000000000021fULL);
	assert_int_equal(pl.callback_irq, ag_profile_callback_irq(&ag_profile_417));
}

static void xl_defaults_for_createdomain(void **state)
{
	struct ag_guest g = plan_guest();
	struct ag_create_plan pl;

	(void)state;
	g.gic = AG_GIC_V2;
	g.tee = AG_TEE_OPTEE;
	plan_ok(&g, &pl);
	assert_int_equal(pl.cfg.max_evtchn_port, 1023);
	assert_int_equal(pl.cfg.max_grant_frames, -1);
	assert_int_equal(pl.cfg.max_maptrack_frames, -1);
	assert_int_equal(pl.cfg.max_grant_version, 1);
	assert_int_equal(pl.cfg.ssidref, 12);
	assert_int_equal(pl.cfg.max_vcpus, 2);
	assert_int_equal(pl.cfg.gic, AG_GIC_V2);
	assert_int_equal(pl.cfg.tee, AG_TEE_OPTEE);
}

static void acpi_is_refused(void **state)
{
	struct ag_guest g = plan_guest();

	(void)state;
	g.acpi = true;
	plan_refused(&g, "acpi",
		     "acpi=1 is not supported by armguest create (no ACPI tables are generated)");
}

static void hvm_is_refused(void **state)
{
	struct ag_guest g = plan_guest();

	(void)state;
	g.type = AG_TYPE_HVM;
	plan_refused(&g, "type", "Unsupported Arm guest type hvm");
}

static void gicv2_limits_vcpus_to_8(void **state)
{
	struct ag_guest g = plan_guest();

	(void)state;
	g.gic = AG_GIC_V2;
	g.vcpus = 1;
	g.max_vcpus = 9;
	g.pos_maxvcpus = (struct ag_pos){ 4, 12 };
	plan_refused(&g, "maxvcpus", "9 vCPUs exceed the 8 a vGICv2 guest can have");
}


/* --- create -n --------------------------------------------------------------- */

static char *dry_run_text(struct create_env *e, struct ag_dryrun_opts *o, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	*rc = ag_create_dry_run(&e->g, &ag_profile_417, o, f, &e->d);
	fclose(f);
	return buf;
}

static void dry_run_prints_the_placement_and_the_callback_irq(void **state)
{
	struct create_env *e = env_new();
	struct ag_dryrun_opts o = { .gic = AG_GIC_V3, .gpaddr_bits = 40 };
	char *text, want[512];
	int rc;

	(void)state;
	text = dry_run_text(e, &o, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(text, "armguest: dry run, nothing created\n"));
	assert_non_null(strstr(text, "HVM_PARAM_CALLBACK_IRQ = 0x020000000000021f\n"));
	snprintf(want, sizeof(want), "kernel        0x40000000-0x41f6dfc0  %s\n", e->kernel);
	assert_non_null(strstr(text, want));
	snprintf(want, sizeof(want), "ramdisk       0x48000000-0x480f2000  %s\n", e->ramdisk);
	assert_non_null(strstr(text, want));
	assert_non_null(strstr(text, "dtb           0x480f2000-"));
	assert_non_null(strstr(text, "createdomain  flags hvm|hap, gic default -> v3 (assumed:"
				     " the host decides), nr_spis 0, max_vcpus 2,"
				     " max_evtchn_port 1023\n"));
	assert_non_null(strstr(text, "setmaxmem     263168 KiB\n"));
	free(text);
	env_free(e);
}

static void dry_run_writes_the_tree_it_would_load(void **state)
{
	struct create_env *e = env_new();
	struct ag_dryrun_opts o = { .gic = AG_GIC_V3, .gpaddr_bits = 40, .dtb_out = e->dtb_out };
	size_t want_len;
	char *text;
	void *blob, *want;
	FILE *f;
	int rc;

	(void)state;
	e->g.memory_kib = e->g.maxmem_kib = MiB_KIB(256);
	e->g.name = "v3-basic";
	text = dry_run_text(e, &o, &rc);
	assert_int_equal(rc, 0);
	blob = malloc(1 << 16);
	f = fopen(e->dtb_out, "rb");
	assert_non_null(f);
	assert_true(fread(blob, 1, 1 << 16, f) > 0);
	fclose(f);
	assert_int_equal(ag_fdt_nop_rng_seed(blob), 0);
	want = tu_read_file("tests/golden/v3-basic.dtb", &want_len);
	assert_int_equal(fdt_totalsize(blob), want_len);
	assert_memory_equal(blob, want, want_len);
	free(want);
	free(blob);
	free(text);
	env_free(e);
}

static void dry_run_says_a_32_bit_zimage_is_not_placed(void **state)
{
	struct create_env *e = env_new();
	struct ag_dryrun_opts o = { .gic = AG_GIC_V3, .gpaddr_bits = 40 };
	uint8_t head[64] = { 0 };
	char *text, want[512];
	int rc;

	(void)state;
	head[0x24] = 0x18, head[0x25] = 0x28, head[0x26] = 0x6f, head[0x27] = 0x01;
	env_write_sparse(e->kernel, head, sizeof(head), 4 << 20);
	text = dry_run_text(e, &o, &rc);
	assert_int_equal(rc, 0);
	snprintf(want, sizeof(want), "kernel        %s: a 32-bit zImage, placed by libxenguest"
		 " (not predicted)\n", e->kernel);
	assert_non_null(strstr(text, want));
	assert_null(strstr(text, "dtb           0x"));
	free(text);

	/* Its tree cannot be finalised offline, so none is written. */
	o.dtb_out = e->dtb_out;
	text = dry_run_text(e, &o, &rc);
	assert_int_equal(rc, -ENOTSUP);
	assert_string_equal(text, "");
	assert_int_equal(ag_diags_count(&e->d, AG_ERROR), 1);
	assert_string_equal(e->d.v[0].key, "kernel");
	assert_int_equal(access(e->dtb_out, F_OK), -1);
	free(text);
	env_free(e);
}

static void dry_run_refuses_what_create_would(void **state)
{
	struct create_env *e = env_new();
	struct ag_dryrun_opts o = { .gic = AG_GIC_V3, .gpaddr_bits = 40 };
	char *text;
	int rc;

	(void)state;
	e->g.acpi = true;
	text = dry_run_text(e, &o, &rc);
	assert_int_equal(rc, -EINVAL);
	assert_string_equal(text, "");
	assert_int_equal(ag_diags_count(&e->d, AG_ERROR), 1);
	free(text);
	env_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_devices_ask_no_spis),
		cmocka_unit_test(vuart_asks_one_spi),
		cmocka_unit_test(virtio_disks_raise_nr_spis),
		cmocka_unit_test(nr_spis_key_is_a_floor),
		cmocka_unit_test(too_many_spis_refused),
		cmocka_unit_test(sve_and_llc_colors_reach_the_plan),
		cmocka_unit_test(irqs_cover_the_highest_spi),
		cmocka_unit_test(vuart_and_a_high_irq_take_the_larger),
		cmocka_unit_test(irq_32_conflicts_with_the_vuart),
		cmocka_unit_test(irq_below_32_is_refused),
		cmocka_unit_test(flags_are_hvm_and_hap),
		cmocka_unit_test(passthrough_enabled_adds_iommu),
		cmocka_unit_test(setmaxmem_is_memory_plus_one_mib),
		cmocka_unit_test(ram_excludes_videoram),
		cmocka_unit_test(paging_pool_is_shadow_kib_in_bytes),
		cmocka_unit_test(callback_irq_comes_from_the_profile),
		cmocka_unit_test(xl_defaults_for_createdomain),
		cmocka_unit_test(acpi_is_refused),
		cmocka_unit_test(hvm_is_refused),
		cmocka_unit_test(gicv2_limits_vcpus_to_8),
		cmocka_unit_test(dry_run_prints_the_placement_and_the_callback_irq),
		cmocka_unit_test(dry_run_writes_the_tree_it_would_load),
		cmocka_unit_test(dry_run_refuses_what_create_would),
		cmocka_unit_test(dry_run_says_a_32_bit_zimage_is_not_placed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
