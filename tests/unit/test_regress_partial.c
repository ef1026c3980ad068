/* SPDX-License-Identifier: MIT */
/*
 * Partial device trees that once crashed or hung the reader (found by
 * fuzz/fuzz_partial.c, kept in tests/regress/partial/): each is now refused
 * with a precise message before libfdt walks it.  tests/t-regress.sh also
 * replays them through the harness, under the sanitizers and valgrind.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt/builder.h"

/* The file, in an exactly sized heap buffer. */
static void *read_regress(const char *name, size_t *len)
{
	char path[256];
	FILE *f;
	long n;
	void *buf;

	snprintf(path, sizeof(path), "tests/regress/partial/%s", name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run from the repository root)", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc((size_t)n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static void expect_refused(const char *name, int code, const char *msg)
{
	struct ag_err err;
	size_t len;
	void *p = read_regress(name, &len);

	/* code is libfdt's: it is kept in err.fdt, the return is an errno. */
	assert_int_equal(ag_partial_fdt_check(&ag_profile_417, p, len, &err), -EINVAL);
	assert_int_equal(err.code, EINVAL);
	assert_int_equal(err.fdt, -code);
	assert_string_equal(err.key, "device_tree");
	assert_string_equal(err.msg, msg);
	free(p);
}

/* libfdt 1.6.1's fdt_check_full dereferenced NULL on this version-14 tree. */
static void format_version_14_is_refused_before_libfdt_reads_it(void **state)
{
	(void)state;
	expect_refused("fdt-version14-check-full-null-deref.dtb", -FDT_ERR_BADVERSION,
		       "partial device tree has format version 14; versions 16 and "
		       "later are accepted (dtc writes 17)");
}

/* A property length of 0xfffffff4 made fdt_check_full loop for ever. */
static void property_length_past_the_block_is_refused(void **state)
{
	(void)state;
	expect_refused("prop-len-wraps-check-full-loops.dtb", -FDT_ERR_BADSTRUCTURE,
		       "partial device tree is malformed: the property at structure "
		       "offset 140 claims 4294967284 bytes, past the block's end");
}

/* A length read 4 bytes before the block's end overflowed libfdt's int sum. */
static void property_header_at_the_block_end_is_refused(void **state)
{
	(void)state;
	expect_refused("prop-header-at-block-end-int-overflow.dtb", -FDT_ERR_BADSTRUCTURE,
		       "partial device tree is malformed: the property at structure "
		       "offset 212 claims 2147483594 bytes, past the block's end");
}

/* libfdt loaded misaligned words from a structure block at offset 50. */
static void misaligned_structure_block_is_refused(void **state)
{
	(void)state;
	expect_refused("struct-block-misaligned.dtb", -FDT_ERR_ALIGNMENT,
		       "partial device tree is malformed: its structure block "
		       "(offset 50) is not 4-byte aligned");
}

/*
 * 2,000 distinct property names: copying them cost libfdt's writer a
 * string-table search per property (fuzz_partial's timeout); refused by count.
 */
static void many_property_names_are_refused_by_count(void **state)
{
	struct ag_err err;
	size_t len;
	void *p = read_regress("many-property-names-slow-copy.dtb", &len);

	(void)state;
	assert_int_equal(ag_partial_fdt_check(&ag_profile_417, p, len, &err), -E2BIG);
	assert_string_equal(err.key, "device_tree");
	assert_string_equal(err.msg, "partial device tree: more than 256 distinct property names;"
			    " at most 256 are accepted");
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_version_14_is_refused_before_libfdt_reads_it),
		cmocka_unit_test(property_length_past_the_block_is_refused),
		cmocka_unit_test(property_header_at_the_block_end_is_refused),
		cmocka_unit_test(misaligned_structure_block_is_refused),
		cmocka_unit_test(many_property_names_are_refused_by_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
