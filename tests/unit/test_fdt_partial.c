/* SPDX-License-Identifier: MIT */
/*
 * device_tree=: the partial tree is validated as untrusted input, then
 * /passthrough and /aliases are copied after every generated node, exactly
 * (tools/libs/light/libxl_arm.c: copy_partial_fdt, stable-4.17).  The partial trees are written here with libfdt.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_fdt_util.h"

#define PBUF 8192

struct pspec {
	const char *passthrough_name;   /* NULL: no passthrough node */
	const char *aliases_name;       /* NULL: no aliases node */
	int aliases_first;
	uint32_t inner_phandle;         /* phandle of ethernet's mdio child, 0 none */
	uint32_t aliases_linux_phandle; /* linux,phandle of /aliases, 0 none */
	unsigned extra_depth;           /* nodes nested inside passthrough/deep... */
};

#define CHECK(x) assert_int_equal((x), 0)

static void write_aliases(void *f, const struct pspec *s)
{
	CHECK(fdt_begin_node(f, s->aliases_name));
	CHECK(fdt_property_string(f, "net", "/passthrough/ethernet@10000000"));
	if (s->aliases_linux_phandle)
		CHECK(fdt_property_cell(f, "linux,phandle", s->aliases_linux_phandle));
	CHECK(fdt_end_node(f));
}

/* A partial tree in the shape xl.cfg(5) and docs/misc/arm/passthrough.txt show. */
static void *make_partial(const struct pspec *s)
{
	static const uint32_t reg[] = { 0, 0x10000000, 0, 0x1000 };
	static const uint32_t irq[] = { 0, 80, 4 };
	fdt32_t be[4];
	void *f = calloc(1, PBUF);

	assert_non_null(f);
	CHECK(fdt_create(f, PBUF));
	CHECK(fdt_finish_reservemap(f));
	CHECK(fdt_begin_node(f, ""));
	CHECK(fdt_property_cell(f, "#address-cells", 2));
	CHECK(fdt_property_cell(f, "#size-cells", 2));
	/* Outside what is copied: may stand in for the GIC with its phandle. */
	CHECK(fdt_begin_node(f, "gic"));
	CHECK(fdt_property_cell(f, "phandle", 65000));
	CHECK(fdt_end_node(f));
	if (s->aliases_name && s->aliases_first)
		write_aliases(f, s);
	if (s->passthrough_name) {
		CHECK(fdt_begin_node(f, s->passthrough_name));
		CHECK(fdt_property_string(f, "compatible", "simple-bus"));
		CHECK(fdt_property(f, "ranges", NULL, 0));
		CHECK(fdt_property_cell(f, "#address-cells", 2));
		CHECK(fdt_property_cell(f, "#size-cells", 2));
		CHECK(fdt_begin_node(f, "ethernet@10000000"));
		CHECK(fdt_property_string(f, "compatible", "calxeda,hb-xgmac"));
		for (int i = 0; i < 4; i++)
			be[i] = cpu_to_fdt32(reg[i]);
		CHECK(fdt_property(f, "reg", be, 16));
		for (int i = 0; i < 3; i++)
			be[i] = cpu_to_fdt32(irq[i]);
		CHECK(fdt_property(f, "interrupts", be, 12));
		CHECK(fdt_begin_node(f, "mdio"));
		if (s->inner_phandle)
			CHECK(fdt_property_cell(f, "phandle", s->inner_phandle));
		CHECK(fdt_end_node(f));
		CHECK(fdt_end_node(f));
		CHECK(fdt_begin_node(f, "serial@20000000"));
		CHECK(fdt_property_string(f, "status", "okay"));
		CHECK(fdt_end_node(f));
		if (s->extra_depth) {
			CHECK(fdt_begin_node(f, "deep"));
			for (unsigned i = 1; i < s->extra_depth; i++)
				CHECK(fdt_begin_node(f, "n"));
			for (unsigned i = 0; i < s->extra_depth; i++)
				CHECK(fdt_end_node(f));
		}
		CHECK(fdt_end_node(f));
	}
	if (s->aliases_name && !s->aliases_first)
		write_aliases(f, s);
	CHECK(fdt_begin_node(f, "other"));
	CHECK(fdt_property_cell(f, "x", 1));
	CHECK(fdt_end_node(f));
	CHECK(fdt_end_node(f));
	CHECK(fdt_finish(f));
	return f;
}

static const struct pspec usual = { .passthrough_name = "passthrough",
				     .aliases_name = "aliases" };

static void *build_with(const struct pspec *s, void **partial)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	void *blob;

	*partial = make_partial(s);
	g.device_tree = "partial.dtb";
	in.partial_fdt = *partial;
	in.partial_fdt_size = fdt_totalsize(*partial);
	blob = tu_guest_tree(&in);
	return blob;
}

/* code: the errno returned; fdt: libfdt's FDT_ERR_* kept beside it, or 0. */
static void expect_refusal_fdt(const void *pfdt, size_t size, int code, int fdt, const char *msg)
{
	struct ag_guest g = tu_guest();
	struct ag_fdt_input in = tu_input(&g);
	struct ag_err err;
	void *blob = (void *)1;
	size_t out_size;

	assert_int_equal(ag_partial_fdt_check(&ag_profile_417, pfdt, size, &err), code);
	assert_int_equal(err.fdt, fdt);
	assert_string_equal(err.key, "device_tree");
	assert_string_equal(err.msg, msg);
	/* The builder runs the same check first and builds nothing. */
	in.partial_fdt = pfdt;
	in.partial_fdt_size = size;
	assert_int_equal(ag_fdt_build(&in, &blob, &out_size, &err), code);
	assert_int_equal(err.fdt, fdt);
	assert_null(blob);
	assert_string_equal(err.msg, msg);
}

static void expect_refusal(const void *pfdt, size_t size, int code, const char *msg)
{
	expect_refusal_fdt(pfdt, size, code, 0, msg);
}

static void partial_nodes_come_last_passthrough_then_aliases(void **state)
{
	struct pspec s = usual;
	void *p, *blob;
	char names[512];

	(void)state;
	s.aliases_first = 1; /* order in the partial tree does not matter */
	blob = build_with(&s, &p);
	tu_subnode_names(blob, "/", names, sizeof(names));
	assert_string_equal(names, "chosen cpus psci memory@40000000 "
			    "interrupt-controller@3001000 timer hypervisor passthrough aliases");
	free(blob);
	free(p);
}

static void partial_properties_are_copied_in_order_with_their_bytes(void **state)
{
	static const uint32_t reg[] = { 0, 0x10000000, 0, 0x1000 };
	static const uint32_t irq[] = { 0, 80, 4 };
	void *p, *blob = build_with(&usual, &p);
	char names[512];

	(void)state;
	tu_prop_names(blob, "/passthrough", names, sizeof(names));
	assert_string_equal(names, "compatible ranges #address-cells #size-cells");
	tu_assert_prop(blob, "/passthrough", "compatible", "simple-bus", 11);
	assert_int_equal(tu_prop_len(blob, "/passthrough", "ranges"), 0);
	tu_prop_names(blob, "/passthrough/ethernet@10000000", names, sizeof(names));
	assert_string_equal(names, "compatible reg interrupts");
	tu_assert_cells(blob, "/passthrough/ethernet@10000000", "reg", reg, 4);
	tu_assert_cells(blob, "/passthrough/ethernet@10000000", "interrupts", irq, 3);
	tu_assert_prop(blob, "/aliases", "net", "/passthrough/ethernet@10000000", 31);
	free(blob);
	free(p);
}

static void partial_subnodes_are_copied_recursively_in_order(void **state)
{
	void *p, *blob = build_with(&usual, &p);
	char names[512];

	(void)state;
	tu_subnode_names(blob, "/passthrough", names, sizeof(names));
	assert_string_equal(names, "ethernet@10000000 serial@20000000");
	tu_subnode_names(blob, "/passthrough/ethernet@10000000", names, sizeof(names));
	assert_string_equal(names, "mdio");
	tu_assert_prop(blob, "/passthrough/serial@20000000", "status", "okay", 5);
	free(blob);
	free(p);
}

static void partial_other_nodes_and_root_properties_are_not_copied(void **state)
{
	void *p, *blob = build_with(&usual, &p);
	char names[512];

	(void)state;
	assert_int_equal(fdt_path_offset(blob, "/other"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path_offset(blob, "/gic"), -FDT_ERR_NOTFOUND);
	tu_prop_names(blob, "/", names, sizeof(names));
	assert_string_equal(names, "model compatible interrupt-parent #address-cells #size-cells");
	/* the generated GIC keeps the only phandle 65000 */
	assert_int_equal(fdt_node_offset_by_phandle(blob, 65000),
			 fdt_path_offset(blob, "/interrupt-controller@3001000"));
	free(blob);
	free(p);
}

static void partial_without_aliases_copies_passthrough_only(void **state)
{
	struct pspec s = usual;
	void *p, *blob;

	(void)state;
	s.aliases_name = NULL;
	blob = build_with(&s, &p);
	assert_true(fdt_path_offset(blob, "/passthrough") > 0);
	assert_int_equal(fdt_path_offset(blob, "/aliases"), -FDT_ERR_NOTFOUND);
	free(blob);
	free(p);
}

static void partial_aliases_with_a_unit_address_is_ignored(void **state)
{
	struct pspec s = usual;
	void *p, *blob;

	(void)state;
	s.aliases_name = "aliases@0";
	blob = build_with(&s, &p);
	assert_int_equal(fdt_path_offset(blob, "/aliases"), -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_path_offset(blob, "/aliases@0"), -FDT_ERR_NOTFOUND);
	free(blob);
	free(p);
}

static void partial_may_nest_32_deep(void **state)
{
	struct pspec s = usual;
	void *p, *blob;

	(void)state;
	s.extra_depth = 31; /* passthrough (1) + 31 = depth 32 */
	blob = build_with(&s, &p);
	assert_true(fdt_path_offset(blob, "/passthrough/deep") > 0);
	free(blob);
	free(p);
}

static void partial_may_use_65000_outside_the_copied_nodes(void **state)
{
	void *p = make_partial(&usual);
	struct ag_err err;

	(void)state;
	assert_int_equal(ag_partial_fdt_check(&ag_profile_417, p, fdt_totalsize(p), &err), 0);
	free(p);
}

static void refuses_a_partial_without_passthrough(void **state)
{
	struct pspec s = usual;
	void *p;

	(void)state;
	s.passthrough_name = NULL;
	p = make_partial(&s);
	expect_refusal_fdt(p, fdt_totalsize(p), -EINVAL, FDT_ERR_NOTFOUND,
		       "Can't copy the node \"/passthrough\" from the partial FDT: "
		       "it has no /passthrough node");
	free(p);
}

static void refuses_passthrough_with_a_unit_address(void **state)
{
	struct pspec s = usual;
	void *p;

	(void)state;
	s.passthrough_name = "passthrough@0";
	p = make_partial(&s);
	expect_refusal_fdt(p, fdt_totalsize(p), -EINVAL, FDT_ERR_NOTFOUND,
		       "Can't copy the node \"/passthrough\" from the partial FDT: "
		       "the node found is \"/passthrough@0\"; it must be named exactly "
		       "\"passthrough\"");
	free(p);
}

static void refuses_the_gic_phandle_inside_passthrough(void **state)
{
	struct pspec s = usual;
	void *p;

	(void)state;
	s.inner_phandle = 65000;
	p = make_partial(&s);
	expect_refusal(p, fdt_totalsize(p), -EINVAL,
		       "partial device tree: node \"/passthrough/ethernet@10000000/mdio\" has "
		       "phandle 65000, which the toolstack reserves for the GIC; use another value");
	free(p);
}

static void refuses_the_iommu_phandle_in_aliases(void **state)
{
	struct pspec s = usual;
	void *p;

	(void)state;
	s.aliases_linux_phandle = 65001;
	p = make_partial(&s);
	expect_refusal(p, fdt_totalsize(p), -EINVAL,
		       "partial device tree: node \"/aliases\" has linux,phandle 65001, "
		       "which the toolstack reserves for the Xen IOMMU; use another value");
	free(p);
}

static void accepts_other_phandles_inside_passthrough(void **state)
{
	struct pspec s = usual;
	void *p, *blob;

	(void)state;
	s.inner_phandle = 1;
	blob = build_with(&s, &p);
	assert_int_equal(tu_cell(blob, "/passthrough/ethernet@10000000/mdio", "phandle", 0), 1);
	free(blob);
	free(p);
}

static void refuses_a_bad_magic(void **state)
{
	uint8_t junk[64] = "not a device tree";

	(void)state;
	expect_refusal(junk, sizeof(junk), -EINVAL,
		       "Partial FDT is not a valid Flat Device Tree");
}

static void refuses_a_file_shorter_than_a_header(void **state)
{
	void *p = make_partial(&usual);

	(void)state;
	expect_refusal(p, 12, -EINVAL, "Partial FDT is not a valid Flat Device Tree");
	free(p);
}

static void refuses_a_bad_header(void **state)
{
	void *p = make_partial(&usual);

	(void)state;
	fdt_set_last_comp_version(p, 18);
	expect_refusal_fdt(p, fdt_totalsize(p), -EINVAL, FDT_ERR_BADVERSION,
		       "Failed to check the partial FDT (-10: FDT_ERR_BADVERSION): "
		       "its format version is not one libfdt reads");
	free(p);
}

static void refuses_a_totalsize_beyond_the_file(void **state)
{
	void *p = make_partial(&usual);
	char msg[256];

	(void)state;
	snprintf(msg, sizeof(msg),
		 "Partial FDT totalsize is too big (%u bytes in a %u-byte file)",
		 fdt_totalsize(p), fdt_totalsize(p) - 8);
	expect_refusal(p, fdt_totalsize(p) - 8, -EINVAL, msg);
	free(p);
}

static void refuses_a_malformed_structure_block(void **state)
{
	void *p = make_partial(&usual);
	fdt32_t *tag;

	(void)state;
	/* The root's first property tag becomes an unknown token. */
	tag = (fdt32_t *)((char *)p + fdt_off_dt_struct(p) + 8);
	assert_int_equal(fdt32_to_cpu(*tag), FDT_PROP);
	*tag = cpu_to_fdt32(0x77);
	expect_refusal_fdt(p, fdt_totalsize(p), -EINVAL, FDT_ERR_BADSTRUCTURE,
		       "partial device tree is malformed: its nodes and properties are "
		       "not properly nested or tagged (FDT_ERR_BADSTRUCTURE)");
	free(p);
}

static void refuses_nesting_deeper_than_32(void **state)
{
	struct pspec s = usual;
	void *p;

	(void)state;
	s.extra_depth = 32;
	p = make_partial(&s);
	expect_refusal(p, fdt_totalsize(p), -E2BIG,
		       "partial device tree: nodes are nested more than 32 deep");
	free(p);
}

static void refuses_a_partial_larger_than_the_tree_limit(void **state)
{
	size_t size = ag_profile_417.fdt_max_size + 1;
	void *p = calloc(1, size);

	(void)state;
	assert_non_null(p);
	expect_refusal(p, size, -EFBIG,
		       "partial device tree is 1048577 bytes; at most 1048576 are accepted");
	free(p);
}

/*
 * A partial tree whose /passthrough holds nodes of empty properties: names
 * distinct names (p0, p1 ...) over props properties in all.
 */
static void *make_many(unsigned names, unsigned props, size_t *size)
{
	const size_t cap = 512 * 1024;
	void *f = calloc(1, cap);
	unsigned done = 0;
	char name[16];

	assert_non_null(f);
	assert_true(props >= names && names > 0);
	CHECK(fdt_create(f, (int)cap));
	CHECK(fdt_finish_reservemap(f));
	CHECK(fdt_begin_node(f, ""));
	CHECK(fdt_begin_node(f, "passthrough"));
	for (unsigned n = 0; done < props; n++) {
		unsigned k = props - done < names ? props - done : names;

		snprintf(name, sizeof(name), "n%u", n);
		CHECK(fdt_begin_node(f, name));
		for (unsigned i = 0; i < k; i++) {
			snprintf(name, sizeof(name), "p%u", names - k + i);
			CHECK(fdt_property(f, name, NULL, 0));
		}
		CHECK(fdt_end_node(f));
		done += k;
	}
	CHECK(fdt_end_node(f));
	CHECK(fdt_end_node(f));
	CHECK(fdt_finish(f));
	*size = fdt_totalsize(f);
	return f;
}

/*
 * libfdt's sequential writer searches its whole string table for every
 * property it writes, so copying costs distinct names x properties: both
 * are bounded, by count (docs/limits.md).  At the bounds a tree is
 * accepted; one more of either is refused before anything is copied.
 */
static void partial_property_names_and_properties_are_bounded(void **state)
{
	static const struct { unsigned names, props; int rc; const char *msg; } cases[] = {
		{ AG_PARTIAL_FDT_MAX_NAMES, AG_PARTIAL_FDT_MAX_PROPS, 0, "" },
		{ AG_PARTIAL_FDT_MAX_NAMES + 1, AG_PARTIAL_FDT_MAX_NAMES + 1, -E2BIG,
		  "partial device tree: more than 256 distinct property names; at most 256 are"
		  " accepted" },
		{ 1, AG_PARTIAL_FDT_MAX_PROPS + 1, -E2BIG,
		  "partial device tree: more than 4096 properties; at most 4096 are accepted" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ag_err err;
		size_t size;
		void *f = make_many(cases[i].names, cases[i].props, &size);

		assert_int_equal(ag_partial_fdt_check(&ag_profile_417, f, size, &err),
				 cases[i].rc);
		assert_string_equal(err.msg, cases[i].msg);
		free(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(partial_nodes_come_last_passthrough_then_aliases),
		cmocka_unit_test(partial_property_names_and_properties_are_bounded),
		cmocka_unit_test(partial_properties_are_copied_in_order_with_their_bytes),
		cmocka_unit_test(partial_subnodes_are_copied_recursively_in_order),
		cmocka_unit_test(partial_other_nodes_and_root_properties_are_not_copied),
		cmocka_unit_test(partial_without_aliases_copies_passthrough_only),
		cmocka_unit_test(partial_aliases_with_a_unit_address_is_ignored),
		cmocka_unit_test(partial_may_nest_32_deep),
		cmocka_unit_test(partial_may_use_65000_outside_the_copied_nodes),
		cmocka_unit_test(refuses_a_partial_without_passthrough),
		cmocka_unit_test(refuses_passthrough_with_a_unit_address),
		cmocka_unit_test(refuses_the_gic_phandle_inside_passthrough),
		cmocka_unit_test(refuses_the_iommu_phandle_in_aliases),
		cmocka_unit_test(accepts_other_phandles_inside_passthrough),
		cmocka_unit_test(refuses_a_bad_magic),
		cmocka_unit_test(refuses_a_file_shorter_than_a_header),
		cmocka_unit_test(refuses_a_bad_header),
		cmocka_unit_test(refuses_a_totalsize_beyond_the_file),
		cmocka_unit_test(refuses_a_malformed_structure_block),
		cmocka_unit_test(refuses_nesting_deeper_than_32),
		cmocka_unit_test(refuses_a_partial_larger_than_the_tree_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
