/* SPDX-License-Identifier: MIT */
/*
 * ag_guest_resolve as a whole: name, the kernel command line (tools/xl/xl_parse.c: parse_cmdline),
 * on_* actions, unknown keys and the known-key table, diagnostic order,
 * and the golden configs' resolved values.  Also guest.c's names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>

#include "cfgbuild.h"
#include "xl-parse/keys.h"
#include "xl-parse/validate_util.h"

#define ACTIONS \
	"\"destroy\", \"restart\", \"rename-restart\", \"preserve\", " \
	"\"coredump-destroy\", \"coredump-restart\" and \"soft-reset\""
#define CMDLINE_WINS "ignoring root= and extra= in favour of cmdline="

static void minimal(struct cb_fx *f)
{
	cb_str(f->cfg, "name", "g");
	cb_str(f->cfg, "kernel", "/boot/Image");
}

/* --- name --------------------------------------------------------------- */

static void name_is_required(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "kernel", "/boot/Image");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 0, 0, "name",
		       "Domain name must be specified.");
}

static void name_empty_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "name", "");
	cb_str(f->cfg, "kernel", "/boot/Image");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 1, 8, "name",
		       "`name' is empty: Domain name must be specified.");
}

static void name_list_is_error(void **state)
{
	struct cb_fx *f = *state;

	cb_list(f->cfg, "name", "g");
	cb_str(f->cfg, "kernel", "/boot/Image");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_ERROR, 1, 8, "name",
		       "parameter `name' is a list but should be a single value");
}

static void name_and_source_are_kept(void **state)
{
	struct cb_fx *f = *state;

	minimal(f);
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_string_equal(f->g.name, "g");
	assert_string_equal(f->g.source, CB_SOURCE);
	assert_int_equal(f->g.arch, AG_ARCH_ARM64);
	assert_int_equal(f->g.type, AG_TYPE_PVH);
	assert_int_equal(f->g.pos_name.line, 1);
	assert_int_equal(f->g.pos_name.col, 8);
}

/* --- the kernel command line (xl_parse.c: parse_cmdline) ----------------------- */

struct cmdline_case {
	const char *cmdline, *root, *extra; /* NULL: not given */
	const char *expect;                 /* NULL: no command line */
	const char *warned_key;             /* key of the warning, or NULL */
};

static void run_cmdline_case(const struct cmdline_case *c)
{
	struct xlcfg *cfg = cb_minimal();
	struct ag_diags d;
	struct ag_guest g;

	ag_diags_init(&d);
	if (c->cmdline)
		cb_str(cfg, "cmdline", c->cmdline);
	if (c->root)
		cb_str(cfg, "root", c->root);
	if (c->extra)
		cb_str(cfg, "extra", c->extra);
	assert_int_equal(cb_resolve(cfg, AG_ARCH_ARM64, &g, &d), 0);
	if (c->expect)
		assert_string_equal(g.cmdline, c->expect);
	else
		assert_null(g.cmdline);
	if (c->warned_key) {
		assert_int_equal(d.n, 1);
		assert_int_equal(d.v[0].sev, AG_WARNING);
		assert_string_equal(d.v[0].msg, CMDLINE_WINS);
		assert_string_equal(d.v[0].key, c->warned_key);
		assert_int_equal(d.v[0].col, 1);
	} else {
		assert_int_equal(d.n, 0);
	}
	ag_guest_free(&g);
	ag_diags_free(&d);
	xlcfg_free(cfg);
}

static void cmdline_composition_follows_xl(void **state)
{
	static const struct cmdline_case cases[] = {
		{ "console=hvc0", NULL, NULL, "console=hvc0", NULL },
		{ "console=hvc0", "/dev/xvda", NULL, "console=hvc0", "root" },
		{ "console=hvc0", NULL, "quiet", "console=hvc0", "extra" },
		{ "console=hvc0", "/dev/xvda", "quiet", "console=hvc0", "root" },
		{ NULL, "/dev/xvda", "console=hvc0 ro", "root=/dev/xvda console=hvc0 ro", NULL },
		{ NULL, "/dev/xvda", NULL, "root=/dev/xvda", NULL },
		{ NULL, NULL, "console=hvc0 rdinit=/init", "console=hvc0 rdinit=/init", NULL },
		{ NULL, NULL, NULL, NULL, NULL },
		{ NULL, NULL, "", "", NULL },
		{ NULL, "", "x", "root= x", NULL },
		{ NULL, " a ", " b ", "root= a   b ", NULL },
		{ "", "r", NULL, "", "root" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_cmdline_case(&cases[i]);
}

static void cmdline_position_is_the_deciding_key(void **state)
{
	struct cb_fx *f = *state;

	minimal(f);
	cb_str(f->cfg, "root", "/dev/xvda");
	cb_str(f->cfg, "extra", "quiet");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.pos_cmdline.line, 3);
	assert_int_equal(f->g.pos_cmdline.col, 8);
}

static void cmdline_list_is_error(void **state)
{
	struct cb_fx *f = *state;

	minimal(f);
	cb_list(f->cfg, "extra", "console=hvc0");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 9, "extra",
		       "parameter `extra' is a list but should be a single value");
}

/* --- on_* actions ---------------------------------------------------------- */

static void actions_default_as_xl(void **state)
{
	struct cb_fx *f = *state;

	minimal(f);
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.on_poweroff, AG_ACTION_DESTROY);
	assert_int_equal(f->g.on_reboot, AG_ACTION_RESTART);
	assert_int_equal(f->g.on_crash, AG_ACTION_DESTROY);
	assert_int_equal(f->g.on_watchdog, AG_ACTION_DESTROY);
	assert_int_equal(f->g.on_soft_reset, AG_ACTION_SOFT_RESET);
}

static void actions_are_read(void **state)
{
	struct cb_fx *f = *state;

	minimal(f);
	cb_str(f->cfg, "on_poweroff", "preserve");
	cb_str(f->cfg, "on_reboot", "rename-restart");
	cb_str(f->cfg, "on_crash", "coredump-restart");
	cb_str(f->cfg, "on_watchdog", "soft-reset");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->g.on_poweroff, AG_ACTION_PRESERVE);
	assert_int_equal(f->g.on_reboot, AG_ACTION_RENAME_RESTART);
	assert_int_equal(f->g.on_crash, AG_ACTION_COREDUMP_RESTART);
	assert_int_equal(f->g.on_watchdog, AG_ACTION_SOFT_RESET);
	/* The monitor acts on each: no warning. */
	assert_int_equal(f->d.n, 0);
}

static void action_is_case_sensitive_as_in_xl(void **state)
{
	struct cb_fx *f = *state;

	minimal(f);
	cb_str(f->cfg, "on_crash", "Destroy");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 12, "on_crash",
		       "Unknown on_crash action \"Destroy\" specified: accepted "
		       "values are " ACTIONS);
}

static void on_soft_reset_is_checked_too(void **state)
{
	struct cb_fx *f = *state;

	minimal(f);
	cb_str(f->cfg, "on_soft_reset", "reboot");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 17, "on_soft_reset",
		       "Unknown on_soft_reset action \"reboot\" specified: "
		       "accepted values are " ACTIONS);
}

/* --- unknown keys ------------------------------------------------------------ */

static void unknown_key_is_a_warning(void **state)
{
	struct cb_fx *f = *state;

	minimal(f);
	cb_str(f->cfg, "colour", "blue");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_WARNING, 3, 1, "colour",
		       "unknown key `colour'");
}

static void unknown_key_near_a_known_one_gets_a_suggestion(void **state)
{
	struct cb_fx *f = *state;

	minimal(f);
	cb_str(f->cfg, "memroy", "256");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	cb_assert_diag(&f->d, 0, AG_WARNING, 3, 1, "memroy",
		       "unknown key `memroy' (did you mean `memory'?)");
}

static void unknown_key_warns_once_at_its_last_assignment(void **state)
{
	struct cb_fx *f = *state;

	minimal(f);
	cb_str(f->cfg, "zzz", "1");
	cb_str(f->cfg, "zzz", "2");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_WARNING, 4, 1, "zzz", "unknown key `zzz'");
}

static void unknown_keys_past_100_are_counted_in_one_warning(void **state)
{
	struct cb_fx *f = *state;
	char key[16];

	minimal(f);
	for (int i = 0; i < 130; i++) {
		snprintf(key, sizeof(key), "junk%d", i);
		cb_str(f->cfg, key, "1");
	}
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->d.n, 101);
	cb_assert_diag(&f->d, 99, AG_WARNING, 102, 1, "junk99",
		       "unknown key `junk99'");
	cb_assert_diag(&f->d, 100, AG_WARNING, 103, 1, "junk100",
		       "30 more unknown keys from here on are not listed");
}

static void x86_only_key_gets_a_note_on_arm(void **state)
{
	struct cb_fx *f = *state;

	minimal(f);
	cb_str(f->cfg, "viridian", "1");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	cb_assert_diag(&f->d, 0, AG_NOTE, 3, 1, "viridian",
		       "`viridian' has no effect on Arm (x86 only)");
}

static void arm_only_key_gets_a_note_on_x86(void **state)
{
	struct cb_fx *f = *state;

	minimal(f);
	cb_str(f->cfg, "vuart", "sbsa_uart");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_X86_64), 0);
	cb_assert_diag(&f->d, 0, AG_NOTE, 3, 1, "vuart",
		       "`vuart' has no effect on x86_64 (Arm only)");
}

/* Keys armguest honours say nothing; the creation settings reach the plan. */
static void honoured_keys_are_silent(void **state)
{
	static const char *const keys[] = {
		"name", "kernel", "memory", "vcpus", "gic_version", "dtdev", "passthrough",
	};
	struct cb_fx *f = *state;

	minimal(f);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		assert_true(ag_key_status_honoured(ag_key_lookup(keys[i])->status[AG_REL_417]));
	cb_str(f->cfg, "passthrough", "enabled");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(f->g.passthrough, AG_PT_ENABLED);
}

static struct cb_fx *fresh(void **state)
{
	cb_fx_teardown(state);
	assert_int_equal(cb_fx_setup_empty(state), 0);
	return *state;
}

/* Keys once noted as x86-only that do act on Arm (Xen refuses them): refused. */
static void keys_that_act_on_arm_are_refused(void **state)
{
	static const struct {
		const char *key, *value;
	} refused[] = {
		{ "oos", "0" }, { "nestedhvm", "1" }, { "vmtrace_buf_kb", "64" },
		{ "pvshim", "1" }, { "pvshim_path", "/x" }, { "hap", "0" },
	};
	struct cb_fx *f;

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		f = fresh(state);
		minimal(f);
		cb_str(f->cfg, refused[i].key, refused[i].value);
		assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
		assert_int_equal(f->d.n, 1);
		assert_int_equal(f->d.v[0].sev, AG_ERROR);
		assert_string_equal(f->d.v[0].key, refused[i].key);
	}
	/* The harmless values are accepted in silence. */
	f = fresh(state);
	minimal(f);
	cb_str(f->cfg, "oos", "1");
	cb_str(f->cfg, "hap", "1");
	cb_str(f->cfg, "nestedhvm", "0");
	cb_str(f->cfg, "vmtrace_buf_kb", "0");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->d.n, 0);
}

/* A key a later release added names that release; the 4.20 column is the hook for it. */
static void later_release_keys_per_release(void **state)
{
	struct cb_fx *f = *state;
	struct ag_arm_limits lim;
	struct ag_resolve_opts o = { .arch = AG_ARCH_ARM64, .limits = &lim };

	minimal(f);
	cb_str(f->cfg, "sve", "hw");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	cb_assert_diag(&f->d, 0, AG_ERROR, 3, 1, "sve",
		       "`sve' was added in Xen 4.18; this guest is built for Xen 4.17");

	f = fresh(state);
	minimal(f);
	cb_str(f->cfg, "sve", "hw");
	cb_str(f->cfg, "bootloader_user", "nobody");
	ag_profile_arm_limits(ag_profile_lookup("4.17"), &lim);
	lim.xen_minor = 20;
	assert_int_equal(ag_guest_resolve(f->cfg, &o, &f->g, &f->d), 0);
	assert_int_equal(f->g.sve_vl, AG_SVE_HW);
	assert_int_equal(f->d.n, 1);
	cb_assert_diag(&f->d, 0, AG_WARNING, 4, 1, "bootloader_user",
		       "`bootloader_user' is ignored: armguest runs no bootloader");
}

static void key_table_columns_are_consistent(void **state)
{
	(void)state;
	for (size_t i = 0; i < ag_key_count(); i++) {
		const struct ag_key_info *k = ag_key_at(i);

		/* ABSENT exactly where the release predates the key. */
		assert_int_equal(k->status[AG_REL_417] == AG_KS_ABSENT, k->since > 17);
		assert_true(k->status[AG_REL_420] != AG_KS_ABSENT);
		/* Every refusal, warning and device says why. */
		for (int r = 0; r < AG_REL_N; r++)
			if (k->status[r] == AG_KS_REFUSED || k->status[r] == AG_KS_WARNED ||
			    k->status[r] == AG_KS_DEVICE || k->status[r] == AG_KS_PENDING)
				assert_non_null(k->why);
	}
}

/* xl's readings of the creation settings, with libxl's host-free checks. */
static void creation_settings_are_read_as_xl_does(void **state)
{
	struct cb_fx *f = *state;

	minimal(f);
	cb_str(f->cfg, "maxvcpus", "4");
	cb_str(f->cfg, "cpus", "0-3,^2");
	cb_list(f->cfg, "cpus_soft", "1", "all");
	cb_str(f->cfg, "uuid", "6F1D3B0E-8a55-4c1e-9b7a-2f4c1d0e9a11");
	cb_str(f->cfg, "pool", "2");
	cb_str(f->cfg, "max_event_channels", "0");
	cb_str(f->cfg, "cap", "400");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(f->g.n_cpus_hard, 4);  /* a string: every vCPU */
	assert_int_equal(f->g.cpus_hard[3].w[0], 0xb);
	assert_int_equal(f->g.n_cpus_soft, 2);  /* a list: one per vCPU given */
	assert_int_equal(f->g.cpus_soft[0].w[0], 0x2);
	assert_int_equal(f->g.cpus_soft[1].w[3], UINT64_MAX);
	assert_true(f->g.has_uuid);
	assert_int_equal(f->g.uuid[0], 0x6f);
	assert_int_equal(f->g.uuid[15], 0x11);
	assert_true(f->g.has_pool_id);
	assert_int_equal(f->g.pool_id, 2);
	assert_int_equal(f->g.max_evtchn_port, 1023); /* 0: libxl's default */
	assert_int_equal(f->g.sched_cap, 400);
	assert_int_equal(f->g.sched_weight, AG_UNSET);
	assert_int_equal(f->g.max_grant_frames, AG_UNSET);
}

static void creation_settings_bad_values(void **state)
{
	static const struct {
		const char *key, *value, *msg;
	} bad[] = {
		{ "cpus", "node:0", "\"node:0\": armguest does not know the host's NUMA nodes; "
				    "list the CPUs" },
		{ "cpus", "3-1", "Invalid pcpu range: \"3-1\"." },
		{ "cpus", "^all", "Can't combine \"^\" and \"all\"." },
		{ "uuid", "6f1d3b0e-8a55-4c1e-9b7a-2f4c1d0e9a1",
		  "Failed to parse UUID: \"6f1d3b0e-8a55-4c1e-9b7a-2f4c1d0e9a1\"" },
		{ "cap", "201", "Cpu cap out of range, valid range is from 0 to 200 for specified "
				"number of vcpus" },
		{ "cpu_weight", "0", "Cpu weight out of range, valid values are within range from "
				     "1 to 65535" },
		{ "max_grant_version", "16", "max grant version 16 out of range" },
	};
	struct cb_fx *f;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f = fresh(state);
		minimal(f);
		cb_str(f->cfg, "vcpus", "2");
		cb_str(f->cfg, bad[i].key, bad[i].value);
		assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
		assert_int_equal(f->d.n, 1);
		assert_string_equal(f->d.v[0].key, bad[i].key);
		assert_string_equal(f->d.v[0].msg, bad[i].msg);
	}
}

/* --- the known-key table ------------------------------------------------------- */

static void key_table_is_sorted_and_unique(void **state)
{
	(void)state;
	for (size_t i = 1; i < ag_key_count(); i++)
		assert_true(strcmp(ag_key_at(i - 1)->name, ag_key_at(i)->name) < 0);
	assert_null(ag_key_at(ag_key_count()));
}

static void key_table_knows_every_arm_key(void **state)
{
	static const char *const arm_keys[] = {
		"name", "type", "builder", "pvh", "memory", "maxmem", "vcpus",
		"maxvcpus", "kernel", "ramdisk", "cmdline", "extra", "root",
		"gic_version", "vuart", "tee", "device_tree", "dtdev", "iomem",
		"irqs", "on_poweroff", "on_reboot", "on_crash", "disk", "vif",
		"passthrough", "acpi", "shadow_memory", "videoram", "bootloader",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(arm_keys) / sizeof(arm_keys[0]); i++) {
		const struct ag_key_info *k = ag_key_lookup(arm_keys[i]);

		assert_non_null(k);
		assert_true(k->scope != AG_KEY_X86);
	}
	assert_int_equal(ag_key_lookup("gic_version")->scope, AG_KEY_ARM);
	assert_int_equal(ag_key_lookup("mca_caps")->scope, AG_KEY_X86);
	assert_false(ag_key_lookup("vif2")->documented);
	assert_true(ag_key_lookup("vif")->documented);
	assert_int_equal(ag_key_lookup("virtio")->since, 18);
	assert_int_equal(ag_key_lookup("virtio")->status[AG_REL_417], AG_KS_ABSENT);
	assert_null(ag_key_lookup("Memory"));
}

static void suggestions_need_a_real_resemblance(void **state)
{
	(void)state;
	assert_string_equal(ag_key_suggest("kernal"), "kernel");
	assert_string_equal(ag_key_suggest("gic-version"), "gic_version");
	assert_null(ag_key_suggest("p"));
	assert_null(ag_key_suggest("completely_different"));
	assert_null(ag_key_suggest(
		"a_name_much_longer_than_any_key_xl_has_ever_known_of"));
}

static void distinct_keys_keep_first_order_and_last_value(void **state)
{
	struct cb_fx *f = *state;
	const struct xlcfg_setting **v;
	size_t n;

	cb_str(f->cfg, "b", "1");
	cb_str(f->cfg, "a", "2");
	cb_str(f->cfg, "b", "3");
	cb_str(f->cfg, "c", "4");
	assert_int_equal(ag_keys_distinct(f->cfg, &v, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(v[0]->key, "b");
	assert_string_equal(v[0]->value->str, "3");
	assert_string_equal(v[1]->key, "a");
	assert_string_equal(v[2]->key, "c");
	free(v);
}

/* --- diagnostics as a whole ------------------------------------------------------ */

static void diagnostics_come_in_file_order_positionless_last(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "kernel", "/boot/Image");
	cb_str(f->cfg, "vcpus", "0");
	cb_str(f->cfg, "colour", "x");
	cb_str(f->cfg, "memory", "abc");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), -EINVAL);
	assert_int_equal(f->d.n, 4);
	assert_int_equal(f->d.v[0].line, 2);
	assert_int_equal(f->d.v[1].line, 3);
	assert_int_equal(f->d.v[2].line, 4);
	assert_string_equal(f->d.v[3].msg, "Domain name must be specified.");
}

static void earlier_diagnostics_are_left_alone(void **state)
{
	struct cb_fx *f = *state;

	ag_diag_add(&f->d, AG_ERROR, CB_SOURCE, 9, 9, NULL, "from the parser");
	minimal(f);
	cb_str(f->cfg, "colour", "x");
	/* The parser's error is not ours: resolve itself succeeds. */
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_string_equal(f->d.v[0].msg, "from the parser");
	assert_string_equal(f->d.v[1].msg, "unknown key `colour'");
}

/* v3-maxvcpus and v3-vuart of tests/golden, built through the model. */
static void golden_v3_maxvcpus_resolves(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "name", "v3-maxvcpus");
	cb_str(f->cfg, "kernel", "/k/Image");
	cb_str(f->cfg, "ramdisk", "/k/initrd");
	cb_str(f->cfg, "cmdline", "console=hvc0 rdinit=/init");
	cb_str(f->cfg, "memory", "256");
	cb_str(f->cfg, "vcpus", "2");
	cb_str(f->cfg, "maxvcpus", "4");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->d.n, 0);
	assert_string_equal(f->g.name, "v3-maxvcpus");
	assert_string_equal(f->g.kernel, "/k/Image");
	assert_string_equal(f->g.ramdisk, "/k/initrd");
	assert_null(f->g.device_tree);
	assert_string_equal(f->g.cmdline, "console=hvc0 rdinit=/init");
	assert_int_equal(f->g.memory_kib, 262144);
	assert_int_equal(f->g.maxmem_kib, 262144);
	assert_int_equal(f->g.vcpus, 2);
	assert_int_equal(f->g.max_vcpus, 4);
	assert_int_equal(f->g.gic, AG_GIC_DEFAULT);
	assert_false(f->g.vuart);
	assert_int_equal(f->g.shadow_kib, 4 * (256 * 4 + 256 + 128));
	assert_int_equal(f->g.n_irqs + f->g.n_iomem + f->g.n_dtdevs, 0);
}

static void golden_v3_vuart_resolves(void **state)
{
	struct cb_fx *f = *state;

	cb_str(f->cfg, "name", "v3-vuart");
	cb_str(f->cfg, "kernel", "/k/Image");
	cb_str(f->cfg, "extra", "console=hvc0 rdinit=/init");
	cb_str(f->cfg, "memory", "192");
	cb_str(f->cfg, "vcpus", "1");
	cb_str(f->cfg, "vuart", "sbsa_uart");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	assert_int_equal(f->d.n, 0);
	assert_true(f->g.vuart);
	assert_int_equal(f->g.maxmem_kib, 192 * 1024);
}

/* --- guest.c ----------------------------------------------------------------------- */

static void arch_names_round_trip(void **state)
{
	static const enum ag_arch archs[] = {
		AG_ARCH_ARM64, AG_ARCH_ARM32, AG_ARCH_X86_64,
	};
	enum ag_arch a;

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(ag_arch_parse(ag_arch_name(archs[i]), &a), 0);
		assert_int_equal(a, archs[i]);
	}
	assert_string_equal(ag_arch_name(AG_ARCH_X86_64), "x86_64");
	assert_int_equal(ag_arch_parse("aarch64", &a), -EINVAL);
	assert_int_equal(ag_arch_parse("ARM64", &a), -EINVAL);
}

static void enum_names_are_xl_words(void **state)
{
	enum ag_action a;

	(void)state;
	assert_string_equal(ag_guest_type_name(AG_TYPE_PVH), "pvh");
	assert_string_equal(ag_guest_type_name(AG_TYPE_PV), "pv");
	assert_string_equal(ag_guest_type_name(AG_TYPE_HVM), "hvm");
	assert_string_equal(ag_gic_name(AG_GIC_V3), "v3");
	assert_string_equal(ag_tee_name(AG_TEE_OPTEE), "optee");
	assert_string_equal(ag_action_name(AG_ACTION_COREDUMP_DESTROY),
			    "coredump-destroy");
	assert_int_equal(ag_action_parse("soft-reset", &a), 0);
	assert_int_equal(a, AG_ACTION_SOFT_RESET);
	assert_int_equal(ag_action_parse("soft_reset", &a), -EINVAL);
}

static void guest_free_is_idempotent(void **state)
{
	struct cb_fx *f = *state;

	minimal(f);
	cb_list(f->cfg, "disk", "a", "b");
	assert_int_equal(cb_fx_resolve(f, AG_ARCH_ARM64), 0);
	ag_guest_free(&f->g);
	assert_null(f->g.name);
	assert_int_equal(f->g.n_disks, 0);
	ag_guest_free(&f->g);
}

static void quote_escapes_and_truncates(void **state)
{
	char q[AG_QUOTE_SIZE];
	char long_value[200];

	(void)state;
	assert_string_equal(ag_quote(q, "a\"b\\c\td\x01"),
			    "\"a\\\"b\\\\c\\td\\x01\"");
	memset(long_value, 'x', sizeof(long_value) - 1);
	long_value[sizeof(long_value) - 1] = '\0';
	ag_quote(q, long_value);
	assert_int_equal(strlen(q), AG_QUOTE_MAX + 2 + 3);
	assert_string_equal(q + AG_QUOTE_MAX + 1, "\"...");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, cb_fx_setup_empty, cb_fx_teardown)
		T(name_is_required),
		T(name_empty_is_error),
		T(name_list_is_error),
		T(name_and_source_are_kept),
		T(cmdline_composition_follows_xl),
		T(cmdline_position_is_the_deciding_key),
		T(cmdline_list_is_error),
		T(actions_default_as_xl),
		T(actions_are_read),
		T(action_is_case_sensitive_as_in_xl),
		T(on_soft_reset_is_checked_too),
		T(unknown_key_is_a_warning),
		T(unknown_key_near_a_known_one_gets_a_suggestion),
		T(unknown_key_warns_once_at_its_last_assignment),
		T(unknown_keys_past_100_are_counted_in_one_warning),
		T(x86_only_key_gets_a_note_on_arm),
		T(arm_only_key_gets_a_note_on_x86),
		T(honoured_keys_are_silent),
		T(keys_that_act_on_arm_are_refused),
		T(creation_settings_are_read_as_xl_does),
		T(creation_settings_bad_values),
		T(later_release_keys_per_release),
		T(key_table_columns_are_consistent),
		T(key_table_is_sorted_and_unique),
		T(key_table_knows_every_arm_key),
		T(suggestions_need_a_real_resemblance),
		T(distinct_keys_keep_first_order_and_last_value),
		T(diagnostics_come_in_file_order_positionless_last),
		T(earlier_diagnostics_are_left_alone),
		T(golden_v3_maxvcpus_resolves),
		T(golden_v3_vuart_resolves),
		T(arch_names_round_trip),
		T(enum_names_are_xl_words),
		T(guest_free_is_idempotent),
		T(quote_escapes_and_truncates),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
