/* SPDX-License-Identifier: MIT */
/* The profile table and the values derived from it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "platform/layout.h"
#include "platform/profile.h"

static void lookup_417_finds_the_417_table(void **state)
{
	const struct ag_profile *p = ag_profile_lookup("4.17");

	(void)state;
	assert_ptr_equal(p, &ag_profile_417);
	assert_string_equal(p->version, "4.17");
	assert_int_equal(p->xen_major, 4);
	assert_int_equal(p->xen_minor, 17);
}

static void lookup_420_finds_the_420_table(void **state)
{
	const struct ag_profile *p = ag_profile_lookup("4.20");

	(void)state;
	assert_ptr_equal(p, &ag_profile_420);
	assert_string_equal(p->version, "4.20");
	assert_int_equal(p->xen_major, 4);
	assert_int_equal(p->xen_minor, 20);
}

/* No release named: the newest (a Xen build's CLI names its own instead). */
static void lookup_default_is_the_newest(void **state)
{
	(void)state;
	assert_ptr_equal(ag_profile_lookup(NULL), &ag_profile_420);
	assert_ptr_equal(ag_profile_lookup(""), &ag_profile_420);
}

static void lookup_unknown_version_is_null(void **state)
{
	(void)state;
	assert_null(ag_profile_lookup("4.16"));
	assert_null(ag_profile_lookup("4.17.7"));
	assert_null(ag_profile_lookup("417"));
	assert_null(ag_profile_lookup("4.18"));
	assert_null(ag_profile_lookup("4.20.3"));
}

static void versions_lists_every_table(void **state)
{
	(void)state;
	assert_string_equal(ag_profile_versions(), "4.17, 4.20");
	assert_ptr_equal(ag_profile_lookup("4.17"), &ag_profile_417);
	assert_ptr_equal(ag_profile_lookup("4.20"), &ag_profile_420);
}

/*
 * What 4.20 changes for an Arm guest (xen/include/public/domctl.h and
 * arch-arm.h, stable-4.17 against stable-4.20): the domctl interface, the
 * vPCI prefetchable type, the version, and what 4.18-4.20 added (xen_iommu's
 * place, grant_usage on disks, LLC colours, FF-A); everything else stays.
 */
static void profile_420_differs_from_417_only_where_xen_did(void **state)
{
	struct ag_profile p;

	(void)state;
	/* memcpy, not assignment: the padding must be copied too for the compare. */
	memcpy(&p, &ag_profile_420, sizeof(p));
	assert_int_equal(ag_profile_417.domctl_interface_version, 0x15);
	assert_int_equal(ag_profile_420.domctl_interface_version, 0x17);
	assert_int_equal(ag_profile_417.vpci_prefetch_mem_type, 0x42000000);
	assert_int_equal(ag_profile_420.vpci_prefetch_mem_type, 0x43000000);
	p.version = ag_profile_417.version;
	p.xen_minor = ag_profile_417.xen_minor;
	p.domctl_interface_version = ag_profile_417.domctl_interface_version;
	p.vpci_prefetch_mem_type = ag_profile_417.vpci_prefetch_mem_type;
	assert_true(ag_profile_420.virtio_iommu_last && !ag_profile_417.virtio_iommu_last);
	assert_true(ag_profile_420.virtio_disk_grant_usage && !ag_profile_417.virtio_disk_grant_usage);
	assert_true(ag_profile_420.tee_ffa && !ag_profile_417.tee_ffa);
	assert_int_equal(ag_profile_420.llc_colors_max, 1024);
	assert_int_equal(ag_profile_417.llc_colors_max, 0);
	p.virtio_iommu_last = ag_profile_417.virtio_iommu_last;
	p.virtio_disk_grant_usage = ag_profile_417.virtio_disk_grant_usage;
	p.tee_ffa = ag_profile_417.tee_ffa;
	p.llc_colors_max = ag_profile_417.llc_colors_max;
	assert_memory_equal(&p, &ag_profile_417, sizeof(p));
}

static void callback_irq_is_ppi_31_level_low(void **state)
{
	(void)state;
	/* libxl_arm.c: libxl__arch_domain_init_hw_description (stable-4.17): (2 << 56) | (2 << 8) | 31 */
	assert_true(ag_profile_callback_irq(&ag_profile_417) == UINT64_C(0x020000000000021f));
}

static void evtchn_cells_are_ppi_15_level_low_all_cpus(void **state)
{
	uint32_t c[3];

	(void)state;
	ag_profile_evtchn_cells(&ag_profile_417, c);
	assert_int_equal(c[0], 1);
	assert_int_equal(c[1], 15);
	assert_int_equal(c[2], 0xf08);
}

static void callback_irq_and_cells_follow_the_one_ppi_entry(void **state)
{
	struct ag_profile p = ag_profile_417;
	uint32_t c[3];

	(void)state;
	p.ppi_evtchn = 25;
	ag_profile_evtchn_cells(&p, c);
	assert_int_equal(c[1], 25 - 16);
	assert_int_equal(ag_profile_callback_irq(&p) & 0xff, 25);
}

static void irq_cells_encode_an_spi(void **state)
{
	uint32_t c[3];

	(void)state;
	assert_int_equal(ag_profile_irq_cells(&ag_profile_417, 32,
					      ag_profile_417.irq_type_level_high, c), 0);
	assert_int_equal(c[0], 0);
	assert_int_equal(c[1], 0);
	assert_int_equal(c[2], 0xf04);
	assert_int_equal(ag_profile_irq_cells(&ag_profile_417, 43,
					      ag_profile_417.irq_type_edge_rising, c), 0);
	assert_int_equal(c[0], 0);
	assert_int_equal(c[1], 11);
	assert_int_equal(c[2], 0xf01);
}

static void irq_cells_encode_a_ppi(void **state)
{
	uint32_t c[3];

	(void)state;
	assert_int_equal(ag_profile_irq_cells(&ag_profile_417, 27,
					      ag_profile_417.irq_type_level_low, c), 0);
	assert_int_equal(c[0], 1);
	assert_int_equal(c[1], 11);
	assert_int_equal(c[2], 0xf08);
	assert_int_equal(ag_profile_irq_cells(&ag_profile_417, 16,
					      ag_profile_417.irq_type_level_low, c), 0);
	assert_int_equal(c[0], 1);
	assert_int_equal(c[1], 0);
}

static void irq_cells_refuse_an_sgi(void **state)
{
	uint32_t c[3] = { 7, 7, 7 };

	(void)state;
	assert_int_equal(ag_profile_irq_cells(&ag_profile_417, 15, 8, c), -EINVAL);
	assert_int_equal(c[0], 7);
}

static void profile_417_ram_max_is_both_banks(void **state)
{
	const struct ag_profile *p = &ag_profile_417;

	(void)state;
	assert_true(p->ram_max == p->ram_bank[0].size + p->ram_bank[1].size);
	assert_true(p->ram_max == UINT64_C(0xfec0000000));
}

static void profile_417_has_one_reg_slot_per_bank_plus_gnttab(void **state)
{
	(void)state;
	assert_int_equal(ag_profile_417.hypervisor_reg_slots, 1 + AG_MAX_EXT_REGIONS);
}

static void profile_417_phandles_and_cells(void **state)
{
	(void)state;
	assert_int_equal(ag_profile_417.phandle_gic, 0xfde8);
	assert_int_equal(ag_profile_417.phandle_iommu, 0xfde9);
	assert_int_equal(ag_profile_417.root_address_cells, 2);
	assert_int_equal(ag_profile_417.root_size_cells, 2);
}

static void profile_417_limits(void **state)
{
	(void)state;
	assert_int_equal(ag_profile_417.max_vcpus_gicv2, 8);
	assert_int_equal(ag_profile_417.max_vcpus_gicv3, 128);
	assert_int_equal(ag_profile_417.fdt_initial_size, 4096);
	assert_int_equal(ag_profile_417.fdt_max_size, 1 << 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookup_417_finds_the_417_table),
		cmocka_unit_test(lookup_420_finds_the_420_table),
		cmocka_unit_test(lookup_default_is_the_newest),
		cmocka_unit_test(lookup_unknown_version_is_null),
		cmocka_unit_test(versions_lists_every_table),
		cmocka_unit_test(profile_420_differs_from_417_only_where_xen_did),
		cmocka_unit_test(callback_irq_is_ppi_31_level_low),
		cmocka_unit_test(evtchn_cells_are_ppi_15_level_low_all_cpus),
		cmocka_unit_test(callback_irq_and_cells_follow_the_one_ppi_entry),
		cmocka_unit_test(irq_cells_encode_an_spi),
		cmocka_unit_test(irq_cells_encode_a_ppi),
		cmocka_unit_test(irq_cells_refuse_an_sgi),
		cmocka_unit_test(profile_417_ram_max_is_both_banks),
		cmocka_unit_test(profile_417_has_one_reg_slot_per_bank_plus_gnttab),
		cmocka_unit_test(profile_417_phandles_and_cells),
		cmocka_unit_test(profile_417_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
