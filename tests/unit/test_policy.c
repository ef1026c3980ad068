/* SPDX-License-Identifier: MIT */
/* The guest-type policy: type/builder/pvh on each architecture. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>

#include "cfgbuild.h"
#include "xl-parse/policy.h"

#define PV_NOTE_TYPE \
	"type = \"pv\": Arm has no PV guests, so this guest is built as PVH, " \
	"exactly as xl 4.17 does; write type = \"pvh\""
#define PV_NOTE_BUILDER \
	"builder = \"generic\": Arm has no PV guests, so this guest is built " \
	"as PVH, exactly as xl 4.17 does; write type = \"pvh\" instead of builder"
#define PV_STRICT_TYPE \
	"type = \"pv\" is refused with --strict: Arm has no PV guests " \
	"(xl 4.17 quietly builds them as PVH); write type = \"pvh\""
#define PV_STRICT_BUILDER \
	"builder = \"generic\" is refused with --strict: Arm has no PV guests " \
	"(xl 4.17 quietly builds them as PVH); write type = \"pvh\" instead of builder"
#define HVM_TYPE \
	"type = \"hvm\" cannot work on Arm: Arm guests have no device model " \
	"and no hvmloader (xl 4.17 accepts it, creates the domain, then fails " \
	"looking for hvmloader); write type = \"pvh\""
#define HVM_BUILDER \
	"builder = \"hvm\" cannot work on Arm: Arm guests have no device model " \
	"and no hvmloader (xl 4.17 accepts it, creates the domain, then fails " \
	"looking for hvmloader); write type = \"pvh\" instead of builder"
#define BAD_TYPE(v) "invalid type \"" v "\": accepted values are \"pvh\", \"pv\" and \"hvm\""
#define XL_READS(v, as) \
	"xl 4.17 would read \"" v "\" as \"" as "\": it accepts any prefix of a " \
	"value, trying \"hvm\" first"
#define BUILDER_DEPRECATED(t) \
	"`builder' is deprecated since Xen 4.10: write type = \"" t "\" instead"
#define CONTRADICTION "Contradicting \"builder\" and \"type\" options specified."
#define PVH_KEY_ARM \
	"`pvh' is obsolete: it selected PVHv1, which Xen 4.9 removed, and xl " \
	"4.17 ignores it; Arm guests are PVH anyway"
#define PVH_KEY_X86 \
	"`pvh' is obsolete: it selected PVHv1, which Xen 4.9 removed, and xl " \
	"4.17 ignores it; write type = \"pvh\" for a PVH guest"

struct fx {
	struct xlcfg *cfg;
	struct ag_diags d;
	enum ag_guest_type type;
	struct ag_pos pos;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->cfg = xlcfg_new(CB_SOURCE);
	ag_diags_init(&f->d);
	f->type = (enum ag_guest_type)-1;
	f->pos.line = f->pos.col = 99;
	*state = f;
	return f->cfg ? 0 : -1;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	xlcfg_free(f->cfg);
	ag_diags_free(&f->d);
	free(f);
	return 0;
}

static int resolve(struct fx *f, enum ag_arch arch, bool strict)
{
	return ag_type_resolve(f->cfg, arch, 17, strict, &f->type, &f->pos, &f->d);
}

/* --- defaults ------------------------------------------------------------ */

static void arm64_without_type_is_pvh(void **state)
{
	struct fx *f = *state;

	assert_int_equal(resolve(f, AG_ARCH_ARM64, false), 0);
	assert_int_equal(f->type, AG_TYPE_PVH);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(f->pos.line, 0);
	assert_int_equal(f->pos.col, 0);
}

static void arm32_without_type_is_pvh(void **state)
{
	struct fx *f = *state;

	assert_int_equal(resolve(f, AG_ARCH_ARM32, true), 0);
	assert_int_equal(f->type, AG_TYPE_PVH);
	assert_int_equal(f->d.n, 0);
}

static void x86_without_type_is_pv(void **state)
{
	struct fx *f = *state;

	assert_int_equal(resolve(f, AG_ARCH_X86_64, true), 0);
	assert_int_equal(f->type, AG_TYPE_PV);
	assert_int_equal(f->d.n, 0);
}

/* --- type = on Arm ---------------------------------------------------------- */

static void arm_type_pvh_is_pvh_at_its_value(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "name", "g");
	cb_str(f->cfg, "type", "pvh");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, true), 0);
	assert_int_equal(f->type, AG_TYPE_PVH);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(f->pos.line, 2);
	assert_int_equal(f->pos.col, 8);
}

static void arm_type_pv_is_pvh_with_note(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "pv");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, false), 0);
	assert_int_equal(f->type, AG_TYPE_PVH);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_NOTE, 1, 8, "type", PV_NOTE_TYPE);
}

static void arm32_type_pv_is_pvh_with_note(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "pv");
	assert_int_equal(resolve(f, AG_ARCH_ARM32, false), 0);
	assert_int_equal(f->type, AG_TYPE_PVH);
	cb_assert_diag(&f->d, 0, AG_NOTE, 1, 8, "type", PV_NOTE_TYPE);
}

static void arm_type_pv_strict_is_error(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "pv");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, true), -EINVAL);
	assert_int_equal(f->type, (enum ag_guest_type)-1);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 1, 8, "type", PV_STRICT_TYPE);
}

static void arm_type_hvm_is_error(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "hvm");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, false), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 1, 8, "type", HVM_TYPE);
}

/* For Xen 4.20 the message says what xl 4.20 does: it aborts (SIGABRT), nothing made. */
static void arm_type_hvm_for_420_names_xl_420(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "hvm");
	assert_int_equal(ag_type_resolve(f->cfg, AG_ARCH_ARM64, 20, false, &f->type, &f->pos,
					 &f->d), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 1, 8, "type",
		       "type = \"hvm\" cannot work on Arm: Arm guests have no device model "
		       "and no hvmloader (xl 4.20 aborts on it: an assertion in libxl fails "
		       "(SIGABRT) before any domain exists); write type = \"pvh\"");
}

static void arm_type_matches_case_insensitively_with_xl_note(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "PVH");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, false), 0);
	assert_int_equal(f->type, AG_TYPE_PVH);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_NOTE, 1, 8, "type",
		       "xl 4.17 matches `type' case-sensitively and rejects "
		       "\"PVH\"; write \"pvh\" to keep the config usable with xl");
}

static void arm_type_mixed_case_pv_is_aliased(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "Pv");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, false), 0);
	assert_int_equal(f->type, AG_TYPE_PVH);
	assert_int_equal(f->d.n, 2);
	cb_find_diag(&f->d, PV_NOTE_TYPE);
}

static void arm_type_hvm_uppercase_is_still_error(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "HVM");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, false), -EINVAL);
	assert_int_equal(f->d.v[cb_find_diag(&f->d, HVM_TYPE)].sev, AG_ERROR);
}

static void type_prefix_p_is_error_noting_xl_reads_pv(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "p");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, false), -EINVAL);
	assert_int_equal(f->d.n, 2);
	cb_assert_diag(&f->d, 0, AG_ERROR, 1, 8, "type", BAD_TYPE("p"));
	cb_assert_diag(&f->d, 1, AG_NOTE, 1, 8, "type", XL_READS("p", "pv"));
}

static void type_empty_is_error_noting_xl_reads_hvm(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, false), -EINVAL);
	assert_int_equal(f->d.n, 2);
	cb_assert_diag(&f->d, 0, AG_ERROR, 1, 8, "type", BAD_TYPE(""));
	cb_assert_diag(&f->d, 1, AG_NOTE, 1, 8, "type", XL_READS("", "hvm"));
}

static void type_prefix_hv_notes_xl_reads_hvm(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "hv");
	assert_int_equal(resolve(f, AG_ARCH_X86_64, false), -EINVAL);
	cb_assert_diag(&f->d, 1, AG_NOTE, 1, 8, "type", XL_READS("hv", "hvm"));
}

static void type_longer_than_a_value_is_error_without_xl_note(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "pvhx");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, false), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 1, 8, "type", BAD_TYPE("pvhx"));
}

static void type_value_is_quoted_with_escapes(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "a\"b\n");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, false), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 1, 8, "type",
		       "invalid type \"a\\\"b\\n\": accepted values are \"pvh\", "
		       "\"pv\" and \"hvm\"");
}

static void type_list_warns_and_counts_as_absent(void **state)
{
	struct fx *f = *state;
	struct xlcfg_value *list = xlcfg_value_list(1, 8);

	assert_int_equal(xlcfg_list_append(list, xlcfg_value_string("hvm", 3, 1, 10)), 0);
	assert_int_equal(xlcfg_set(f->cfg, "type", 1, 1, false, list), 0);
	assert_int_equal(resolve(f, AG_ARCH_ARM64, true), 0);
	assert_int_equal(f->type, AG_TYPE_PVH);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_WARNING, 1, 8, "type",
		       "parameter `type' is a list but should be a single value");
}

static void last_type_assignment_wins(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "hvm");
	cb_str(f->cfg, "type", "pvh");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, true), 0);
	assert_int_equal(f->type, AG_TYPE_PVH);
	assert_int_equal(f->pos.line, 2);
}

/* --- builder ----------------------------------------------------------------- */

static void arm_builder_generic_is_pvh_with_notes(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "builder", "generic");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, false), 0);
	assert_int_equal(f->type, AG_TYPE_PVH);
	assert_int_equal(f->d.n, 2);
	cb_assert_diag(&f->d, 0, AG_NOTE, 1, 1, "builder", BUILDER_DEPRECATED("pvh"));
	cb_assert_diag(&f->d, 1, AG_NOTE, 1, 11, "builder", PV_NOTE_BUILDER);
	assert_int_equal(f->pos.line, 1);
	assert_int_equal(f->pos.col, 11);
}

static void arm_builder_generic_strict_is_error(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "builder", "generic");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, true), -EINVAL);
	cb_assert_diag(&f->d, 1, AG_ERROR, 1, 11, "builder", PV_STRICT_BUILDER);
}

static void arm_builder_hvm_is_error(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "builder", "hvm");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, false), -EINVAL);
	assert_int_equal(f->d.n, 2);
	cb_assert_diag(&f->d, 0, AG_NOTE, 1, 1, "builder", BUILDER_DEPRECATED("pvh"));
	cb_assert_diag(&f->d, 1, AG_ERROR, 1, 11, "builder", HVM_BUILDER);
}

static void builder_unknown_is_error_listing_values(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "builder", "linux");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, false), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 1, 11, "builder",
		       "invalid builder \"linux\": accepted values are "
		       "\"generic\" and \"hvm\"");
}

static void builder_prefix_notes_xl_reading(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "builder", "gen");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, false), -EINVAL);
	cb_assert_diag(&f->d, 1, AG_NOTE, 1, 11, "builder",
		       XL_READS("gen", "generic"));
}

static void builder_generic_agrees_with_type_pv(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "pv");
	cb_str(f->cfg, "builder", "generic");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, false), 0);
	assert_int_equal(f->type, AG_TYPE_PVH);
	assert_int_equal(f->d.n, 2);
	cb_find_diag(&f->d, BUILDER_DEPRECATED("pvh"));
	/* The type key decides, so the note points at it. */
	cb_assert_diag(&f->d, cb_find_diag(&f->d, PV_NOTE_TYPE), AG_NOTE, 1, 8,
		       "type", PV_NOTE_TYPE);
}

static void builder_generic_contradicts_type_pvh(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "pvh");
	cb_str(f->cfg, "builder", "generic");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, false), -EINVAL);
	assert_int_equal(f->d.n, 2);
	cb_assert_diag(&f->d, 1, AG_ERROR, 2, 11, "builder", CONTRADICTION);
}

static void builder_hvm_contradicts_type_pv_on_x86(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "builder", "hvm");
	cb_str(f->cfg, "type", "pv");
	assert_int_equal(resolve(f, AG_ARCH_X86_64, false), -EINVAL);
	cb_assert_diag(&f->d, cb_find_diag(&f->d, CONTRADICTION), AG_ERROR, 1,
		       11, "builder", CONTRADICTION);
}

static void builder_hvm_agrees_with_type_hvm_on_x86(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "hvm");
	cb_str(f->cfg, "builder", "HVM");
	assert_int_equal(resolve(f, AG_ARCH_X86_64, false), 0);
	assert_int_equal(f->type, AG_TYPE_HVM);
	assert_int_equal(f->d.n, 2);
	cb_find_diag(&f->d, BUILDER_DEPRECATED("hvm"));
	cb_find_diag(&f->d, "xl 4.17 matches `builder' case-sensitively and "
		     "rejects \"HVM\"; write \"hvm\" to keep the config usable with xl");
}

static void invalid_type_with_valid_builder_is_error(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "xen");
	cb_str(f->cfg, "builder", "generic");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, false), -EINVAL);
	cb_find_diag(&f->d, BAD_TYPE("xen"));
}

/* --- pvh = ----------------------------------------------------------------- */

static void arm_pvh_key_is_a_note_never_an_error(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "pvh", "1");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, true), 0);
	assert_int_equal(f->type, AG_TYPE_PVH);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_NOTE, 1, 1, "pvh", PVH_KEY_ARM);
}

static void arm_pvh_key_zero_is_also_noted(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "type", "pvh");
	cb_str(f->cfg, "pvh", "0");
	assert_int_equal(resolve(f, AG_ARCH_ARM64, false), 0);
	assert_int_equal(f->type, AG_TYPE_PVH);
	cb_assert_diag(&f->d, 0, AG_NOTE, 2, 1, "pvh", PVH_KEY_ARM);
}

static void x86_pvh_key_is_ignored_with_note(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "pvh", "1");
	assert_int_equal(resolve(f, AG_ARCH_X86_64, false), 0);
	assert_int_equal(f->type, AG_TYPE_PV);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_NOTE, 1, 1, "pvh", PVH_KEY_X86);
}

/* --- x86_64: xl's rules, nothing aliased ------------------------------------ */

static void x86_accepts_pv_pvh_hvm_as_written(void **state)
{
	static const struct { const char *v; enum ag_guest_type t; } cases[] = {
		{ "pv", AG_TYPE_PV }, { "pvh", AG_TYPE_PVH }, { "hvm", AG_TYPE_HVM },
	};
	struct fx *f = *state;

	for (size_t i = 0; i < 3; i++) {
		struct xlcfg *cfg = cb_new();
		enum ag_guest_type t;

		cb_str(cfg, "type", cases[i].v);
		assert_int_equal(ag_type_resolve(cfg, AG_ARCH_X86_64, 17, true, &t,
						 NULL, &f->d), 0);
		assert_int_equal(t, cases[i].t);
		xlcfg_free(cfg);
	}
	assert_int_equal(f->d.n, 0);
}

static void x86_builder_generic_is_pv(void **state)
{
	struct fx *f = *state;

	cb_str(f->cfg, "builder", "generic");
	assert_int_equal(resolve(f, AG_ARCH_X86_64, true), 0);
	assert_int_equal(f->type, AG_TYPE_PV);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_NOTE, 1, 1, "builder", BUILDER_DEPRECATED("pv"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(arm64_without_type_is_pvh),
		T(arm32_without_type_is_pvh),
		T(x86_without_type_is_pv),
		T(arm_type_pvh_is_pvh_at_its_value),
		T(arm_type_pv_is_pvh_with_note),
		T(arm32_type_pv_is_pvh_with_note),
		T(arm_type_pv_strict_is_error),
		T(arm_type_hvm_is_error),
		T(arm_type_hvm_for_420_names_xl_420),
		T(arm_type_matches_case_insensitively_with_xl_note),
		T(arm_type_mixed_case_pv_is_aliased),
		T(arm_type_hvm_uppercase_is_still_error),
		T(type_prefix_p_is_error_noting_xl_reads_pv),
		T(type_empty_is_error_noting_xl_reads_hvm),
		T(type_prefix_hv_notes_xl_reads_hvm),
		T(type_longer_than_a_value_is_error_without_xl_note),
		T(type_value_is_quoted_with_escapes),
		T(type_list_warns_and_counts_as_absent),
		T(last_type_assignment_wins),
		T(arm_builder_generic_is_pvh_with_notes),
		T(arm_builder_generic_strict_is_error),
		T(arm_builder_hvm_is_error),
		T(builder_unknown_is_error_listing_values),
		T(builder_prefix_notes_xl_reading),
		T(builder_generic_agrees_with_type_pv),
		T(builder_generic_contradicts_type_pvh),
		T(builder_hvm_contradicts_type_pv_on_x86),
		T(builder_hvm_agrees_with_type_hvm_on_x86),
		T(invalid_type_with_valid_builder_is_error),
		T(arm_pvh_key_is_a_note_never_an_error),
		T(arm_pvh_key_zero_is_also_noted),
		T(x86_pvh_key_is_ignored_with_note),
		T(x86_accepts_pv_pvh_hvm_as_written),
		T(x86_builder_generic_is_pv),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
