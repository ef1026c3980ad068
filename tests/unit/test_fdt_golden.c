/* SPDX-License-Identifier: MIT */
/*
 * The shared goldens, byte for byte: each guest built from a resolved-guest
 * literal holding the golden config's values, with the golden run's inputs
 * (tests/golden/NAME.inputs: host GIC, kernel fixture, ramdisk size), placed,
 * finalised and with the seed NOPed as Linux does, must equal NAME.dtb, the
 * tree the real libxl 4.17 gave the guest.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_fdt_util.h"

struct golden {
	const char *name;
	uint64_t memory_mib;
	unsigned vcpus, max_vcpus;
	bool vuart;
	enum ag_guest_type type;
};

/* The values of tests/golden/NAME.cfg, as the resolver would produce them. */
static const struct golden goldens[] = {
	{ "v2-basic", 256, 2, 2, false, AG_TYPE_PVH },
	{ "v3-basic", 256, 2, 2, false, AG_TYPE_PVH },
	{ "v3-maxvcpus", 256, 2, 4, false, AG_TYPE_PVH },
	{ "v3-pv-alias", 256, 1, 1, false, AG_TYPE_PVH },
	{ "v3-vuart", 192, 1, 1, true, AG_TYPE_PVH },
};

/* "key=value" from NAME.inputs. */
static char *inputs_value(const char *text, const char *key)
{
	size_t klen = strlen(key);

	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (!strncmp(l, key, klen) && l[klen] == '=') {
			const char *v = l + klen + 1;

			return strndup(v, strcspn(v, "\n"));
		}
	}
	fail_msg("no %s in inputs", key);
	return NULL;
}

static void check_golden(const struct golden *gd)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in;
	struct ag_kernel_info k;
	struct ag_layout l;
	uint8_t head[AG_KERNEL_HEADER_SIZE];
	uint64_t ksize;
	struct ag_err kerr;
	char rel[128], *text, *host_gic, *kernel, *rd;
	size_t len, want_len;
	void *blob, *want;

	snprintf(rel, sizeof(rel), "tests/golden/%s.inputs", gd->name);
	text = tu_read_file(rel, &len);
	host_gic = inputs_value(text, "host_gic");
	kernel = inputs_value(text, "kernel");
	rd = inputs_value(text, "ramdisk_size");

	g.name = (char *)gd->name;
	g.type = gd->type;
	g.memory_kib = g.maxmem_kib = MiB_KIB(gd->memory_mib);
	g.vcpus = gd->vcpus;
	g.max_vcpus = gd->max_vcpus;
	g.vuart = gd->vuart;
	g.gic = AG_GIC_DEFAULT; /* none of these configs sets gic_version */
	in = tu_input(&g);
	in.gic = !strcmp(host_gic, "2") ? AG_GIC_V2 : AG_GIC_V3;

	tu_read_fixture(kernel, head, &ksize);
	assert_int_equal(ag_kernel_probe(&ag_profile_417, head, sizeof(head), ksize,
					 NULL, &k, &kerr), 0);
	blob = tu_pipeline(&in, &k, strtoull(rd, NULL, 10), &l, 1);

	snprintf(rel, sizeof(rel), "tests/golden/%s.dtb", gd->name);
	want = tu_read_file(rel, &want_len);
	assert_int_equal(fdt_totalsize(blob), want_len);
	assert_memory_equal(blob, want, want_len);

	free(want);
	free(blob);
	free(rd);
	free(kernel);
	free(host_gic);
	free(text);
}

static void golden_v2_basic_is_byte_identical(void **state)
{
	(void)state;
	check_golden(&goldens[0]);
}

static void golden_v3_basic_is_byte_identical(void **state)
{
	(void)state;
	check_golden(&goldens[1]);
}

static void golden_v3_maxvcpus_is_byte_identical(void **state)
{
	(void)state;
	check_golden(&goldens[2]);
}

static void golden_v3_pv_alias_is_byte_identical(void **state)
{
	(void)state;
	check_golden(&goldens[3]);
}

static void golden_v3_vuart_is_byte_identical(void **state)
{
	(void)state;
	check_golden(&goldens[4]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_v2_basic_is_byte_identical),
		cmocka_unit_test(golden_v3_basic_is_byte_identical),
		cmocka_unit_test(golden_v3_maxvcpus_is_byte_identical),
		cmocka_unit_test(golden_v3_pv_alias_is_byte_identical),
		cmocka_unit_test(golden_v3_vuart_is_byte_identical),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
