/* SPDX-License-Identifier: MIT */
/* vuart, tee, irqs, iomem, dtdev, passthrough, acpi, disk and vif. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>

#include "cfgbuild.h"

#define IOMEM_SYNTAX(v) \
	"Invalid argument parsing iomem: \"" v "\" (expected " \
	"\"START,NUM_PAGES[@GFN]\", hexadecimal 4 KiB frame numbers)"
#define NESTED(i, key) \
	"element " #i " of `" key "' is a list, not a string (xl 4.17 would " \
	"silently drop it and every later element)"

/* --- vuart and tee --------------------------------------------------------- */

static void vuart_sbsa_uart_enables_it(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "vuart", "sbsa_uart");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_true(f->g.vuart);
	assert_int_equal(f->g.pos_vuart.line, 3);
	assert_int_equal(f->g.pos_vuart.col, 9);
}

static void vuart_matches_case_insensitively(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "vuart", "SBSA_UART");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_true(f->g.vuart);
}

static void vuart_unknown_means_off(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "vuart", "unknown");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_false(f->g.vuart);
	assert_int_equal(f->d.n, 0);
}

static void vuart_other_model_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "vuart", "pl011");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 9, "vuart",
		       "invalid value \"pl011\" for \"vuart\": the only vuart is "
		       "\"sbsa_uart\"");
}

static void vuart_defaults_off(void **state)
{
	struct cb_fx *f = *state;

	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_false(f->g.vuart);
	assert_int_equal(f->g.tee, AG_TEE_NONE);
}

static void tee_optee_is_read(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "tee", "OPTEE");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.tee, AG_TEE_OPTEE);
	assert_int_equal(f->g.pos_tee.line, 3);
}

static void tee_unknown_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "tee", "sgx");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 7, "tee",
		       "Unknown tee \"sgx\" specified: accepted values are "
		       "\"none\", \"optee\" (and \"ffa\" from Xen 4.18)");
}

/* --- irqs ------------------------------------------------------------------- */

static void irqs_are_read_in_decimal(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "irqs", "33", "100", " 40", "+41");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.n_irqs, 4);
	assert_int_equal(f->g.irqs[0], 33);
	assert_int_equal(f->g.irqs[1], 100);
	assert_int_equal(f->g.irqs[2], 40);
	assert_int_equal(f->g.irqs[3], 41);
	assert_int_equal(f->g.pos_irqs.line, 3);
	assert_int_equal(f->d.n, 0);
}

static void irq_in_hex_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "irqs", "33", "0x21");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 16, "irqs",
		       "Invalid argument parsing irq: \"0x21\" (IRQs are decimal "
		       "numbers)");
}

static void irq_4294967295_is_too_big(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "irqs", "4294967295");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_X86_64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 10, "irqs",
		       "irq \"4294967295\" too big");
}

static void irq_overflowing_is_too_big(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "irqs", "99999999999999999999999");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_X86_64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 10, "irqs",
		       "irq \"99999999999999999999999\" too big");
}

static void irq_below_32_cannot_be_routed_on_arm(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "irqs", "31");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 10, "irqs",
		       "irq 31 cannot be routed to an Arm guest: only SPIs (32 and "
		       "up) can be, and Xen refuses the rest (\"IRQ can only be "
		       "routed to an SPI\")");
}

static void irq_below_32_is_fine_on_x86(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "irqs", "5");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_X86_64), 0);
	assert_int_equal(f->g.irqs[0], 5);
}

static void irq_32_conflicts_with_vuart(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "vuart", "sbsa_uart");
	cb_list(f->cfg, "irqs", "32");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 4, 10, "irqs",
		       "Physical IRQ 32 conflicting with pl011 SPI: the vuart uses "
		       "SPI 32; drop this IRQ or the vuart");
}

static void irq_32_is_fine_without_vuart(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "irqs", "32");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.irqs[0], 32);
}

static void irq_nested_list_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_list_with_nested(f->cfg, "irqs", "33");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 16, "irqs",
		       "Unable to get element 1 in irq list: it is a list, not a number");
}

static void irqs_as_single_value_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "irqs", "33");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 8, "irqs",
		       "parameter `irqs' is a single value but should be a list");
}

/* --- iomem ------------------------------------------------------------------ */

static void iomem_start_and_count_map_one_to_one(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "iomem", "0x3f000,0x10", "3f200,1@50000", " 3f300, 2");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.n_iomem, 3);
	assert_int_equal(f->g.iomem[0].start_pfn, 0x3f000);
	assert_int_equal(f->g.iomem[0].nr_pfns, 0x10);
	assert_int_equal(f->g.iomem[0].gfn, 0x3f000);
	assert_int_equal(f->g.iomem[1].start_pfn, 0x3f200);
	assert_int_equal(f->g.iomem[1].nr_pfns, 1);
	assert_int_equal(f->g.iomem[1].gfn, 0x50000);
	assert_int_equal(f->g.iomem[2].start_pfn, 0x3f300);
	assert_int_equal(f->g.iomem[2].nr_pfns, 2);
	assert_int_equal(f->g.pos_iomem.line, 3);
	assert_int_equal(f->d.n, 0);
}

static void iomem_without_count_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "iomem", "3f000");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 11, "iomem", IOMEM_SYNTAX("3f000"));
}

static void iomem_with_trailing_text_is_error(void **state)
{
	static const char *const bad[] = {
		"3f000,10x", "3f000,10@", "3f000 ,10", "3f000,10@5 ", "g,1",
	};
	struct cb_fx *f = *state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct xlcfg *cfg = cb_minimal();
		struct ag_diags d;
		struct ag_guest g;
		char msg[256];

		ag_diags_init(&d);
		cb_list(cfg, "iomem", bad[i]);
		assert_int_equal(cb_resolve(cfg, AG_ARCH_ARM64, &g, &d), -EINVAL);
		snprintf(msg, sizeof(msg),
			 "Invalid argument parsing iomem: \"%s\" (expected "
			 "\"START,NUM_PAGES[@GFN]\", hexadecimal 4 KiB frame "
			 "numbers)", bad[i]);
		assert_int_equal(d.n, 1);
		assert_string_equal(d.v[0].msg, msg);
		ag_diags_free(&d);
		xlcfg_free(cfg);
	}
	(void)f;
}

static void iomem_of_no_pages_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "iomem", "3f000,0");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 11, "iomem",
		       "iomem \"3f000,0\" maps no pages: Xen refuses an empty range");
}

static void iomem_wrapping_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "iomem", "1000,2@ffffffffffffffff");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 11, "iomem",
		       "iomem \"1000,2@ffffffffffffffff\" runs past the last frame "
		       "number");
}

static void iomem_nested_list_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_list_with_nested(f->cfg, "iomem", "3f000,1");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 22, "iomem",
		       "Unable to get element 1 in iomem list: it is a list, not "
		       "\"START,NUM_PAGES[@GFN]\"");
}

/* --- dtdev, disk, vif ------------------------------------------------------- */

static void dtdev_paths_are_kept(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "dtdev", "/soc/ethernet@ff000000", "/soc/dma@0");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.n_dtdevs, 2);
	assert_string_equal(f->g.dtdevs[0], "/soc/ethernet@ff000000");
	assert_string_equal(f->g.dtdevs[1], "/soc/dma@0");
	assert_int_equal(f->g.pos_dtdev.line, 3);
}

static void dtdev_relative_path_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "dtdev", "/soc/a", "soc/b");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 21, "dtdev",
		       "dtdev \"soc/b\" is not an absolute host device-tree path "
		       "(it must start with \"/\")");
}

static void dtdev_nested_list_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_list_with_nested(f->cfg, "dtdev", "/soc/a");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 21, "dtdev", NESTED(1, "dtdev"));
}

static void disk_and_vif_are_kept_raw(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "disk", "phy:/dev/vg/g,xvda,w", "file:/x.img,xvdb,r");
	cb_list(f->cfg, "vif", "bridge=xenbr0,mac=00:16:3e:00:00:01");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.n_disks, 2);
	assert_string_equal(f->g.disks[0], "phy:/dev/vg/g,xvda,w");
	assert_string_equal(f->g.disks[1], "file:/x.img,xvdb,r");
	assert_int_equal(f->g.n_vifs, 1);
	assert_string_equal(f->g.vifs[0], "bridge=xenbr0,mac=00:16:3e:00:00:01");
	assert_int_equal(f->g.pos_disk.line, 3);
	assert_int_equal(f->g.pos_vif.line, 4);
}

static void empty_disk_list_is_fine(void **state)
{
	struct cb_fx *f = *state;

	cb_empty_list(f->cfg, "disk");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.n_disks, 0);
	assert_null(f->g.disks);
}

static void disk_as_single_value_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "disk", "phy:/dev/vg/g,xvda,w");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 8, "disk",
		       "parameter `disk' is a single value but should be a list");
}

static void vif_nested_list_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_list_with_nested(f->cfg, "vif", "bridge=xenbr0");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	/* Both items are devices armguest cannot back (warnings); the list one is refused. */
	cb_assert_diag(&f->d, 2, AG_ERROR, 3, 26, "vif", NESTED(1, "vif"));
}

/* --- passthrough and acpi --------------------------------------------------- */

/* Virtio disks are described in the tree; a back end is named by domid offline. */
static void virtio_disks_are_read_with_their_back_ends(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "disk", "phy:/dev/vg/a,xvda,w",
		"backendtype=standalone,specification=virtio,vdev=xvdb,target=/b",
		"specification=virtio,backend=3,vdev=xvdc,target=/c");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.n_virtio, 2);
	assert_null(f->g.virtio[0].type);
	assert_int_equal(f->g.virtio[0].backend, 0);
	assert_false(f->g.virtio[0].grant_usage);
	assert_int_equal(f->g.virtio[1].backend, 3);
	assert_true(f->g.virtio[1].grant_usage); /* a back end other than dom0 uses grants */
	assert_int_equal(f->g.virtio[1].pos.line, 3);
}

/*
 * Xen 4.20: disks first, then the `virtio' list's mmio entries, from one
 * counter; `type=virtio,...' takes the token after its comma (xl_parse.c:
 * parse_virtio_list); grant_usage defaults to "back end not dom0".
 */
static void virtio_devices_follow_the_disks(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "disk", "specification=virtio,vdev=xvda,grant_usage=1,target=/a");
	cb_list(f->cfg, "virtio", "type=virtio,device22,transport=mmio",
		" type=virtio,device29,transport=MMIO,backend=2",
		"type=virtio,device,transport=mmio,grant_usage=0x1",
		"type=virtio,device26");
	assert_int_equal(cb_fx_resolve_420(f), 0);
	assert_int_equal(f->g.n_virtio, 4);
	assert_null(f->g.virtio[0].type);
	assert_true(f->g.virtio[0].grant_usage);
	assert_int_equal(f->g.virtio[0].backend, 0);
	assert_string_equal(f->g.virtio[1].type, "virtio,device22");
	assert_false(f->g.virtio[1].grant_usage);
	assert_string_equal(f->g.virtio[2].type, "virtio,device29");
	assert_int_equal(f->g.virtio[2].backend, 2);
	assert_true(f->g.virtio[2].grant_usage);
	assert_string_equal(f->g.virtio[3].type, "virtio,device");
	assert_true(f->g.virtio[3].grant_usage);
	/* The entry without transport=mmio gets no node, and a warning says so. */
	assert_true(cb_find_diag(&f->d, "virtio \"type=virtio,device26\" has no transport=mmio: "
				 "libxl gives it no virtio-mmio node, so the guest has no way "
				 "to find it") < f->d.n);
}

static void virtio_spec_errors(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "virtio", "type=virtio,device22,transport=mmio,speed=9",
		"transport=mmio", "type=foo,transport=mmio", "transport=pci",
		"transport=mmio,type=virtio", "type=virtio,device22,transport=mmio,backend=dom1");
	assert_int_equal(cb_fx_resolve_420(f), -EINVAL);
	assert_true(cb_find_diag(&f->d, "Unknown string \"speed=9\" in virtio spec") < f->d.n);
	assert_true(cb_find_diag(&f->d, "virtio \"transport=mmio\": a transport=mmio device "
				 "needs type= (\"virtio,device<N>\", N its virtio device ID)") < f->d.n);
	assert_true(cb_find_diag(&f->d, "Invalid type for virtio device: \"foo\" (types are "
				 "\"virtio,device<N>\": N is the virtio device ID, e.g. 22 for "
				 "I2C)") < f->d.n);
	assert_true(cb_find_diag(&f->d, "virtio \"transport=pci\": unknown transport pci: "
				 "the only transport is \"mmio\"") < f->d.n);
	assert_true(cb_find_diag(&f->d, "virtio \"transport=mmio,type=virtio\": a type "
				 "starting with \"virtio\" is read with the token after its "
				 "comma (\"type=virtio,device22\"), and there is none") < f->d.n);
	assert_true(cb_find_diag(&f->d, "virtio back end \"dom1\": armguest needs the back "
				 "end's domid, not its name (libxl looks the name up at create)") < f->d.n);
	assert_int_equal(f->g.n_virtio, 0);
}

/* Eleven SPIs (33-43) for disks and devices together: the twelfth is refused. */
static void virtio_slots_are_shared_with_disks(void **state)
{
	struct cb_fx *f = *state;
	const char *d = "specification=virtio,vdev=xvda,target=/a";
	const char *v = "type=virtio,device22,transport=mmio";
	size_t i;

	cb_list(f->cfg, "disk", d, d, d, d, d, d);
	cb_list(f->cfg, "virtio", v, v, v, v, v, v);
	assert_int_equal(cb_fx_resolve_420(f), -EINVAL);
	i = cb_find_diag(&f->d, "Ran out of reserved range for Virtio MMIO IRQ 44: Xen keeps "
			 "SPIs 33-43 for virtio-mmio, one per device (disks and `virtio' entries)");
	assert_true(i < f->d.n);
	/* At the sixth `virtio' item (setting 4: name, kernel, disk, virtio). */
	assert_int_equal(f->d.v[i].line, 4);
	assert_string_equal(f->d.v[i].key, "virtio");
	{
		const char *const items[] = { v, v, v, v, v, v, NULL };

		assert_int_equal(f->d.v[i].col, cb_item_col("virtio", items, 5));
	}
}

/* libxlu_disk_l.l: target= eats the rest of the spec, commas and all. */
static void disk_target_eats_the_rest(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "disk", "specification=virtio,vdev=xvda,target=/a,backend=dom1");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.n_virtio, 1);
	assert_int_equal(f->g.virtio[0].backend, 0);
}

/* Xen 4.17 has no `virtio' list, no grant_usage in a disk spec, no tee = "ffa". */
static void virtio_420_keys_under_417(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "disk", "specification=virtio,vdev=xvda,grant_usage=1,target=/a");
	cb_list(f->cfg, "virtio", "type=virtio,device22,transport=mmio");
	cb_str(f->cfg, "tee", "ffa");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	assert_true(cb_find_diag(&f->d, "`virtio' was added in Xen 4.18; this guest is built "
				 "for Xen 4.17") < f->d.n);
	assert_true(cb_find_diag(&f->d, "disk \"specification=virtio,vdev=xvda,grant_usage=1,"
				 "target=/a\": grant_usage in a disk spec was added in Xen "
				 "4.19; this guest is built for Xen 4.17") < f->d.n);
	assert_true(cb_find_diag(&f->d, "Unknown tee \"ffa\" specified: tee = \"ffa\" was "
				 "added in Xen 4.18; this guest is built for Xen 4.17 (\"none\" "
				 "or \"optee\")") < f->d.n);
	assert_int_equal(f->g.n_virtio, 0);
}

static void tee_ffa_under_420(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "tee", "FFA");
	assert_int_equal(cb_fx_resolve_420(f), 0);
	assert_int_equal(f->g.tee, AG_TEE_FFA);
}

/* create refuses the devices (no back end); --without-devices keeps libxl's tree. */
static void virtio_devices_without_back_end(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "virtio", "type=virtio,device22,transport=mmio");
	assert_int_equal(cb_resolve_for(f->cfg, AG_ARCH_ARM64, "4.20", AG_DEVICES_REFUSE,
					&f->g, &f->d), -EINVAL);
	assert_true(cb_find_diag(&f->d, "virtio device \"type=virtio,device22,transport=mmio\" "
				 "cannot be created: armguest runs no virtio back end; create "
				 "--without-devices leaves it out") < f->d.n);
	ag_guest_free(&f->g);
	ag_diags_free(&f->d);
	ag_diags_init(&f->d);
	assert_int_equal(cb_resolve_for(f->cfg, AG_ARCH_ARM64, "4.20", AG_DEVICES_LEAVE_OUT,
					&f->g, &f->d), 0);
	assert_int_equal(f->g.n_virtio, 1);
}

static void virtio_disk_problems_are_errors(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "disk", "specification=virtio,backend=dom1,vdev=xvda,target=/a");
	cb_list(f->cfg, "irqs", "33");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	assert_true(cb_find_diag(&f->d, "disk back end \"dom1\": armguest needs the back "
				 "end's domid, not its name (libxl looks the name up at create)") < f->d.n);
	assert_true(cb_find_diag(&f->d, "Physical IRQ 33 conflicting with Virtio MMIO IRQ "
				 "range") < f->d.n);
}

/* libxl__domain_config_setdefault: "passthrough disabled but devices are specified". */
static void passthrough_disabled_with_dtdev_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "dtdev", "/soc/x");
	cb_str(f->cfg, "passthrough", "disabled");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 4, 15, "passthrough",
		       "passthrough disabled but devices are specified (`dtdev')");
}

static void passthrough_default_follows_the_devices(void **state)
{
	struct cb_fx *f = *state;

	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.passthrough, AG_PT_DISABLED);
	ag_guest_free(&f->g);
	cb_list(f->cfg, "dtdev", "/soc/x");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.passthrough, AG_PT_ENABLED);
}

static void passthrough_share_pt_is_fine(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "passthrough", "share_pt");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->d.n, 0);
}

static void passthrough_sync_pt_is_error_on_arm(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "passthrough", "sync_pt");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 15, "passthrough",
		       "passthrough=\"sync_pt\" not supported on ARM: use "
		       "\"share_pt\" (or \"enabled\")");
}

static void passthrough_sync_pt_is_fine_on_x86(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "passthrough", "sync_pt");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_X86_64), 0);
}

static void passthrough_unknown_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "passthrough", "on");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 15, "passthrough",
		       "unknown passthrough option \"on\": accepted values are "
		       "\"default\", \"disabled\", \"enabled\", \"share_pt\" and "
		       "\"sync_pt\"");
}

static void acpi_defaults_off_and_is_read(void **state)
{
	struct cb_fx *f = *state;

	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_false(f->g.acpi);
	ag_guest_free(&f->g);
	cb_str(f->cfg, "acpi", "1");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_true(f->g.acpi);
	assert_int_equal(f->g.pos_acpi.line, 3);
}

static void acpi_true_is_error_on_arm32(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "acpi", "1");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM32), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 8, "acpi",
		       "acpi = 1 cannot work on arm32: libxl builds ACPI tables "
		       "only for 64-bit Arm guests");
}

static void acpi_word_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "acpi", "yes");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 8, "acpi",
		       "parameter `acpi' is not a valid number");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, cb_fx_setup, cb_fx_teardown)
		T(vuart_sbsa_uart_enables_it),
		T(vuart_matches_case_insensitively),
		T(vuart_unknown_means_off),
		T(vuart_other_model_is_error),
		T(vuart_defaults_off),
		T(tee_optee_is_read),
		T(tee_unknown_is_error),
		T(irqs_are_read_in_decimal),
		T(irq_in_hex_is_error),
		T(irq_4294967295_is_too_big),
		T(irq_overflowing_is_too_big),
		T(irq_below_32_cannot_be_routed_on_arm),
		T(irq_below_32_is_fine_on_x86),
		T(irq_32_conflicts_with_vuart),
		T(irq_32_is_fine_without_vuart),
		T(irq_nested_list_is_error),
		T(irqs_as_single_value_is_error),
		T(iomem_start_and_count_map_one_to_one),
		T(iomem_without_count_is_error),
		T(iomem_with_trailing_text_is_error),
		T(iomem_of_no_pages_is_error),
		T(iomem_wrapping_is_error),
		T(iomem_nested_list_is_error),
		T(dtdev_paths_are_kept),
		T(dtdev_relative_path_is_error),
		T(dtdev_nested_list_is_error),
		T(disk_and_vif_are_kept_raw),
		T(empty_disk_list_is_fine),
		T(disk_as_single_value_is_error),
		T(vif_nested_list_is_error),
		T(virtio_disks_are_read_with_their_back_ends),
		T(virtio_disk_problems_are_errors),
		T(virtio_devices_follow_the_disks),
		T(disk_target_eats_the_rest),
		T(virtio_spec_errors),
		T(virtio_slots_are_shared_with_disks),
		T(virtio_420_keys_under_417),
		T(tee_ffa_under_420),
		T(virtio_devices_without_back_end),
		T(passthrough_disabled_with_dtdev_is_error),
		T(passthrough_default_follows_the_devices),
		T(passthrough_share_pt_is_fine),
		T(passthrough_sync_pt_is_error_on_arm),
		T(passthrough_sync_pt_is_fine_on_x86),
		T(passthrough_unknown_is_error),
		T(acpi_defaults_off_and_is_read),
		T(acpi_true_is_error_on_arm32),
		T(acpi_word_is_error),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
