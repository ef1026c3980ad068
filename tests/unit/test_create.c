/* SPDX-License-Identifier: MIT */
/*
 * The creation sequence against the recording fake: a failure injected at
 * every stage names that stage, unwinds the undos newest first and destroys
 * the domain exactly once (never before it exists); the callback IRQ is set
 * before the guest can run; xenstore entries with xenstored, STORE_PFN = 0
 * without; the tree uses the GIC Xen gave and the addresses libxenguest chose.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common/sig.h"
#include "test_create_env.h"

#define CALLBACK_IRQ_LINE "hvm_param_set 1 CALLBACK_IRQ 0x020000000000021f"

/* --- one failure per stage -------------------------------------------------- */

struct stage_case {
	const char *stage;
	const char *op;       /* operation to fail, NULL: a special case */
	unsigned nth;
	bool xs;              /* with xenstored */
};

static const struct stage_case stage_cases[] = {
	{ "xen_version", "xen_version", 1, true },
	{ "name_check", "domain_list", 1, true },
	{ "physinfo", "physinfo", 1, true },
	{ "createdomain", "domain_create", 1, true },
	{ "llc_colors", "domain_set_llc_colors", 1, true },
	{ "domaininfo", "domain_getinfo", 1, true },
	{ "max_vcpus", "domain_max_vcpus", 1, true },
	{ "affinity", "vcpu_setaffinity", 1, true },
	{ "setmaxmem", "domain_setmaxmem", 1, true },
	{ "evtchn", "evtchn_alloc_unbound", 2, true },
	{ "paging_pool", "paging_mempool_set", 1, true },
	{ "kernel_load", "dom_kernel_fd", 1, true },
	{ "ramdisk_load", "dom_module_fd", 1, true },
	{ "xen_init", "dom_boot_xen_init", 1, true },
	{ "parse_image", "dom_parse_image", 1, true },
	{ "callback_irq", "hvm_param_set", 1, true },
	{ "build_dtb", "dom_devicetree_mem", 1, true },
	{ "mem_init", "dom_mem_init", 1, true },
	{ "boot_mem_init", "dom_boot_mem_init", 1, true },
	{ "finalise_dtb", "dom_layout", 2, true },
	{ "build_image", "dom_build_image", 1, true },
	{ "console_params", "hvm_param_get", 1, true },
	{ "boot_image", "dom_boot_image", 1, true },
	{ "gnttab", "dom_gnttab_init", 1, true },
	{ "vuart", "vuart_init", 1, true },
	{ "sched", "sched_credit_set", 1, true },
	{ "xenstore", "xs_write", 3, true },
	{ "xenstore", "hvm_param_set", 2, false },   /* STORE_PFN without xenstored */
	{ "iomem", "memory_mapping", 1, true },
	{ "irqs", "bind_pt_spi_irq", 1, true },
	{ "dtdev", "assign_dt_device", 1, true },
	{ "state_file", NULL, 0, true },             /* the run directory is unusable */
	{ "unpause", "domain_unpause", 1, true },
};

static size_t stage_index(const char *name)
{
	for (size_t i = 0; ag_create_stages[i]; i++)
		if (!strcmp(ag_create_stages[i], name))
			return i;
	fail_msg("no stage %s", name);
	return 0;
}

/* The undo line a "do" line calls for, or "" if it leaves nothing to undo. */
static void undo_of(const char *line, char *out, size_t len)
{
	char tmp[FAKE_LINE_MAX - 8], *p;

	out[0] = '\0';
	snprintf(tmp, sizeof(tmp), "%s", line);
	if (!strncmp(tmp, "iomem_permission ", 17) && (p = strstr(tmp, " allow"))) {
		strcpy(p, " deny");
		snprintf(out, len, "%s", tmp);
	} else if (!strncmp(tmp, "memory_mapping ", 15) && (p = strstr(tmp, " add"))) {
		strcpy(p, " remove");
		snprintf(out, len, "%s", tmp);
	} else if (!strncmp(tmp, "bind_pt_spi_irq ", 16)) {
		snprintf(out, len, "un%s", tmp);
	} else if (!strncmp(tmp, "assign_dt_device ", 17)) {
		snprintf(out, len, "de%s", tmp);
	}
}

/*
 * After the FAIL line: the undos of everything done, newest first, then
 * domain_destroy once (if the domain exists), then only dom_release.
 */
/*
 * The lines before done are what was done; the unwinding starts at line
 * start: the undos of those lines newest first, then domain_destroy, then
 * dom_release.
 */
static bool unwinds_at(const struct fake *f, size_t done, size_t start, bool domain_exists,
		       const char *top_paths[5], bool xs_pushed)
{
	char expect[64][FAKE_LINE_MAX];
	size_t nexp = 0, i;

	if (xs_pushed)
		for (int k = 0; k < 5; k++)
			snprintf(expect[nexp++], FAKE_LINE_MAX, "xs_rm %s", top_paths[k]);
	for (i = 0; i < done; i++) {
		char u[FAKE_LINE_MAX];

		undo_of(f->log[i], u, sizeof(u));
		if (u[0])
			snprintf(expect[nexp++], FAKE_LINE_MAX, "%s", u);
	}
	/* The xenstore undos were pushed when the xenstore stage began: order by stage. */
	i = start;
	for (size_t k = nexp; k-- > 0; i++)
		if (i >= f->nlog || strcmp(f->log[i], expect[k]))
			return false;
	if (domain_exists) {
		if (i >= f->nlog || strcmp(f->log[i], "domain_destroy 1"))
			return false;
		i++;
	}
	for (; i < f->nlog; i++)
		if (strcmp(f->log[i], "dom_release"))
			return false;
	return fake_count(f, "domain_destroy") == (domain_exists ? 1u : 0u);
}

/* After the FAIL line and the failing call's own line. */
static void assert_unwound(const struct fake *f, bool domain_exists, const char *top_paths[5],
			   bool xs_pushed)
{
	int failed = fake_find(f, "FAIL ", true);
	size_t start;

	assert_true(failed >= 0);
	/* A write that fails inside the name's transaction first drops the transaction. */
	start = (size_t)failed + 2;
	if (start < f->nlog && !strcmp(f->log[start], "xs_transaction_end abort"))
		start++;
	if (!unwinds_at(f, (size_t)failed, start, domain_exists, top_paths,
			xs_pushed)) {
		fake_dump(f);
		fail_msg("not unwound newest first after the FAIL line");
	}
}

static void fails_at_stage(void **state)
{
	const struct stage_case *sc = *state;
	struct create_env *e = env_new();
	size_t idx = stage_index(sc->stage), created = stage_index("createdomain");
	bool exists = idx > created;
	struct ag_state st;
	const char *top[5] = { "/local/domain/1", "/vm/a5a5a5a5-a5a5-45a5-a5a5-a5a5a5a5a5a5",
			       "/libxl/1", "/local/domain/0/backend/console/1",
			       "/local/domain/0/backend/vuart/1" };
	char prefix[96], suffix[64], blocker[160];
	int rc;

	env_full(e);
	e->f.xs = sc->xs;
	if (sc->op) {
		e->f.fail_op = sc->op;
		e->f.fail_nth = sc->nth;
	} else {
		/* A directory where the state file should be: renaming onto it fails. */
		snprintf(blocker, sizeof(blocker), "%s/1.state", e->run_dir);
		assert_int_equal(mkdir(e->run_dir, 0700), 0);
		assert_int_equal(mkdir(blocker, 0700), 0);
	}
	rc = env_create(e);
	assert_true(rc < 0);
	assert_string_equal(e->res.failed_stage, sc->stage);
	snprintf(prefix, sizeof(prefix), "create: stage %s failed: ", sc->stage);
	assert_memory_equal(e->res.msg, prefix, strlen(prefix));
	if (exists) {
		snprintf(suffix, sizeof(suffix), "; domain 1 destroyed");
		assert_true(strlen(e->res.msg) > strlen(suffix));
		assert_string_equal(e->res.msg + strlen(e->res.msg) - strlen(suffix), suffix);
		assert_true(e->res.destroyed);
		assert_int_equal(e->res.domid, 1);
		assert_null(fake_dom(&e->f, 1));
	} else {
		assert_null(strstr(e->res.msg, "destroyed"));
		assert_false(e->res.destroyed);
		assert_int_equal(e->res.domid, AG_DOMID_INVALID);
	}
	if (sc->op)
		assert_unwound(&e->f, exists, top, sc->xs && idx >= stage_index("xenstore"));
	else
		assert_int_equal(fake_count(&e->f, "domain_destroy"), 1);
	/* Nothing armguest wrote survives. */
	assert_int_not_equal(ag_state_read(e->run_dir, 1, &st), 0);
	if (exists && sc->xs)
		assert_null(fake_xs_get(&e->f, "/local/domain/1/name"));
	assert_false(e->f.image_live);
	env_free(e);
}

/*
 * SIGINT, SIGTERM, SIGHUP and SIGPIPE while a stage runs: the stage ends,
 * the same unwinding as a failure follows (undos newest first, the domain
 * destroyed once, no state file, no --dtb-out), the message names the stage
 * and the signal, and the signal is left for main to re-raise.
 */
static void signal_at_stage(void **state)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	const struct stage_case *sc = *state;

	for (size_t s = 0; s < sizeof(sigs) / sizeof(sigs[0]); s++) {
		struct create_env *e = env_new();
		size_t idx = stage_index(sc->stage), created = stage_index("createdomain");
		bool exists = idx >= created; /* createdomain itself succeeded */
		const char *top[5] = { "/local/domain/1", "/vm/a5a5a5a5-a5a5-45a5-a5a5-a5a5a5a5a5a5",
				       "/libxl/1", "/local/domain/0/backend/console/1",
				       "/local/domain/0/backend/vuart/1" };
		char expect[160], nbuf[16];
		bool unwound = false;
		struct ag_state st;
		int sig_line;
		size_t start;

		env_full(e);
		e->f.xs = sc->xs;
		e->f.raise_op = sc->op;
		e->f.raise_nth = sc->nth;
		e->f.raise_sig = sigs[s];
		ag_sig_forget();
		assert_int_equal(env_create(e), -EINTR);
		assert_int_equal(ag_sig_caught(), sigs[s]);
		assert_int_equal(e->res.signal, sigs[s]);
		ag_sig_forget();
		assert_string_equal(e->res.failed_stage, sc->stage);
		snprintf(expect, sizeof(expect), "create: stage %s interrupted by %s%s", sc->stage,
			 ag_sig_name(sigs[s], nbuf, sizeof(nbuf)), exists ? "; domain 1 destroyed" : "");
		assert_string_equal(e->res.msg, expect);
		assert_int_equal(e->res.destroyed, exists);
		sig_line = fake_find(&e->f, "SIGNAL ", true);
		assert_true(sig_line >= 0);
		/* Somewhere after the signal the stage ended and the unwinding began. */
		for (start = (size_t)sig_line + 2; start <= e->f.nlog && !unwound; start++)
			unwound = unwinds_at(&e->f, start, start, exists, top,
					     sc->xs && idx >= stage_index("xenstore"));
		if (!unwound) {
			fake_dump(&e->f);
			fail_msg("stage %s, signal %d: not unwound", sc->stage, sigs[s]);
		}
		assert_int_not_equal(ag_state_read(e->run_dir, 1, &st), 0);
		assert_int_not_equal(access(e->dtb_out, F_OK), 0);
		if (exists && sc->xs)
			assert_null(fake_xs_get(&e->f, "/local/domain/1/name"));
		assert_false(e->f.image_live);
		/* The previous dispositions are back: the test's own (default) ones. */
		{
			struct sigaction sa;

			assert_int_equal(sigaction(sigs[s], NULL, &sa), 0);
			assert_ptr_equal(sa.sa_handler, SIG_DFL);
		}
		env_free(e);
	}
}

/* The failing stage's message carries the reason the call gave. */
static void failure_message_names_the_call_and_the_error(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	e->f.fail_op = "dom_boot_mem_init";
	e->f.fail_nth = 1;
	e->f.fail_rc = -ENOMEM;
	assert_int_equal(env_create(e), -ENOMEM);
	assert_string_equal(e->res.msg, "create: stage boot_mem_init failed: "
			    "xc_dom_boot_mem_init: Cannot allocate memory; domain 1 destroyed");
	env_free(e);
}

static void createdomain_failure_destroys_nothing(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	e->f.fail_op = "domain_create";
	e->f.fail_nth = 1;
	e->f.fail_rc = -EINVAL;
	assert_int_equal(env_create(e), -EINVAL);
	assert_string_equal(e->res.msg, "create: stage createdomain failed: xc_domain_create"
			    " (gic default, 2 vCPUs, 0 SPIs): Invalid argument");
	assert_int_equal(fake_count(&e->f, "domain_destroy"), 0);
	env_free(e);
}

/* A binary built for 4.20 on a 4.20 hypervisor: the same stages, llc_colors included. */
static void a_420_build_creates_on_a_420_hypervisor(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	e->profile = &ag_profile_420;
	e->opts.target_version = "4.20";
	e->ops.domctl_interface_version = 0x17;
	e->f.xen_minor = 20;
	e->f.llc_rc = -EOPNOTSUPP; /* Debian's 4.20 hypervisor: no LLC colouring */
	assert_int_equal(env_create(e), 0);
	assert_true(fake_find(&e->f, "domain_set_llc_colors 1 0", false) >= 0);
	assert_int_equal(fake_count(&e->f, "domain_unpause"), 1);
	env_free(e);
}

/* Headers of one release with another's profile: refused before any domain exists. */
static void domctl_interface_mismatch_refuses_before_creating(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	e->ops.domctl_interface_version = 0x17;
	assert_int_equal(env_create(e), -EPROTONOSUPPORT);
	assert_string_equal(e->res.msg, "create: stage xen_version failed: this armguest's"
			    " libxenctrl speaks domctl interface 0x17 but Xen 4.17's is 0x15: it"
			    " was built against another release's headers");
	assert_int_equal(fake_count(&e->f, "domain_create"), 0);
	env_free(e);
}

static void version_mismatch_refuses_before_creating(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	e->f.xen_minor = 20;
	assert_int_equal(env_create(e), -EPROTONOSUPPORT);
	assert_string_equal(e->res.msg, "create: stage xen_version failed: this armguest is built"
			    " for Xen 4.17 but the hypervisor is Xen 4.20; use an armguest built"
			    " for Xen 4.20");
	assert_int_equal(fake_count(&e->f, "domain_create"), 0);
	env_free(e);
}

static void name_in_use_refuses_before_creating(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	e->f.xs = true;
	fake_add_domain(&e->f, 7);
	fk_xs_write(&e->f, "/local/domain/7/name", "guest");
	assert_int_equal(env_create(e), -EEXIST);
	assert_string_equal(e->res.msg, "create: stage name_check failed: domain with name"
			    " \"guest\" already exists (domain 7)");
	assert_int_equal(fake_count(&e->f, "domain_create"), 0);
	env_free(e);
}

/*
 * With xenstored, the name is written in the transaction that checks it is
 * no other domain's (libxl__domain_make): the check and the write commit
 * together or not at all.
 */
static void name_is_written_in_the_transaction_that_checks_it(void **state)
{
	struct create_env *e = env_new();
	int start, name, commit;

	(void)state;
	e->f.xs = true;
	assert_int_equal(env_create(e), 0);
	start = fake_find(&e->f, "xs_transaction_start", true);
	name = fake_find(&e->f, "xs_write /local/domain/1/name = \"guest\"", false);
	commit = fake_find(&e->f, "xs_transaction_end commit", false);
	assert_true(start >= 0 && name > start && commit > name);
	/* The other domains' names are read inside it (dom0 has none here). */
	assert_string_equal(e->f.log[start + 1], "domain_list");
	assert_string_equal(e->f.log[start + 2], "xs_read /local/domain/0/name");
	assert_string_equal(fake_xs_get(&e->f, "/local/domain/1/name"), "guest");
	env_free(e);
}

/*
 * Every entry goes in that one transaction, the consoles' too, and the domain is introduced
 * after it commits: outside a transaction each write would fire its watches at once
 * (docs/performance.md).
 */
static void every_entry_is_written_in_one_transaction(void **state)
{
	struct create_env *e = env_new();
	int start, commit, introduce;

	(void)state;
	e->f.xs = true;
	e->g.vuart = true;
	assert_int_equal(env_create(e), 0);
	start = fake_find(&e->f, "xs_transaction_start", true);
	commit = fake_find(&e->f, "xs_transaction_end commit", false);
	introduce = fake_find(&e->f, "xs_introduce", true);
	assert_true(start >= 0 && commit > start && introduce > commit);
	assert_int_equal(fake_count(&e->f, "xs_transaction_start"), 1);
	for (int i = 0; i < (int)e->f.nlog; i++)
		if (!strncmp(e->f.log[i], "xs_write ", 9) || !strncmp(e->f.log[i], "xs_set_perms ", 13) ||
		    !strncmp(e->f.log[i], "xs_rm ", 6))
			if (i < start || i > commit)
				fail_msg("'%s' at %d, outside the transaction %d..%d", e->f.log[i], i,
					 start, commit);
	assert_string_equal(fake_xs_get(&e->f, "/local/domain/1/console/type"), "xenconsoled");
	assert_string_equal(fake_xs_get(&e->f, "/local/domain/1/vuart/0/type"), "xenconsoled");
	env_free(e);
}

/* A racing creator commits the same name first: ours conflicts, retries, and refuses. */
static void racer_commits_name(struct fake *f, void *arg)
{
	(void)arg;
	if (fake_dom(f, 7))
		return;
	fake_add_domain(f, 7);
	fk_xs_write(f, "/local/domain/7/name", "guest");
}

static void a_name_committed_by_a_racer_refuses_after_the_conflict(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	e->f.xs = true;
	e->f.on_txn_end = racer_commits_name;
	e->f.txn_conflicts = 1;
	assert_int_equal(env_create(e), -EEXIST);
	assert_string_equal(e->res.msg, "create: stage xenstore failed: domain with name"
			    " \"guest\" already exists (domain 7); domain 1 destroyed");
	assert_int_equal(fake_count(&e->f, "CONFLICT"), 1);
	assert_int_equal(fake_count(&e->f, "xs_transaction_start"), 2);
	assert_int_equal(fake_count(&e->f, "xs_transaction_end abort"), 1);
	/* Our rolled-back skeleton left nothing; the racer's name stays. */
	assert_null(fake_xs_get(&e->f, "/local/domain/1/name"));
	assert_string_equal(fake_xs_get(&e->f, "/local/domain/7/name"), "guest");
	env_free(e);
}

/*
 * What the builder and the layout refuse is refused before the first
 * hypercall, at the config line of the key, with no domain to undo.
 */
static void refused_offline(struct create_env *e, int rc, const char *key, unsigned line,
			    const char *msg_part)
{
	assert_int_equal(env_create(e), rc);
	assert_string_equal(e->res.msg, "create: the configuration cannot be created");
	assert_int_equal(e->res.domid, AG_DOMID_INVALID);
	assert_int_equal(e->f.nlog, 0);
	assert_int_equal(ag_diags_count(&e->d, AG_ERROR), 1);
	assert_string_equal(e->d.v[0].key, key);
	assert_int_equal(e->d.v[0].line, line);
	assert_non_null(strstr(e->d.v[0].msg, msg_part));
	assert_int_equal(access(e->dtb_out, F_OK), -1);
	assert_int_equal(access(e->run_dir, F_OK), -1);
}

static void bad_partial_tree_is_refused_before_any_hypercall(void **state)
{
	struct create_env *e = env_new();
	char path[160];

	(void)state;
	snprintf(path, sizeof(path), "%s/partial.dtb", e->dir);
	env_write_sparse(path, (const uint8_t *)"not a tree", 10, 64);
	e->g.device_tree = path;
	e->g.pos_device_tree = (struct ag_pos){ 9, 15 };
	refused_offline(e, -EINVAL, "device_tree", 9, "partial.dtb: Partial FDT is not a valid");
	env_free(e);
}

static void kernel_that_is_not_an_image_is_refused_before_any_hypercall(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	env_write_sparse(e->kernel, (const uint8_t *)"#!/bin/sh\n", 10, 4096);
	e->g.pos_kernel = (struct ag_pos){ 2, 10 };
	refused_offline(e, -EINVAL, "kernel", 2, "/Image: kernel is not an arm64 Image");
	env_free(e);
}

static void oversized_command_line_is_refused_before_any_hypercall(void **state)
{
	struct create_env *e = env_new();
	size_t len = ag_profile_417.fdt_max_size;
	char *cmdline = malloc(len);

	(void)state;
	assert_non_null(cmdline);
	memset(cmdline, 'x', len - 1);
	cmdline[len - 1] = '\0';
	e->g.cmdline = cmdline;
	e->g.pos_cmdline = (struct ag_pos){ 5, 9 };
	refused_offline(e, -EFBIG, "cmdline", 5, "does not fit in 1048576 bytes");
	free(cmdline);
	env_free(e);
}

static void ram_too_small_for_the_kernel_is_refused_before_any_hypercall(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	e->g.memory_kib = e->g.maxmem_kib = 32 * 1024;
	e->g.pos_memory = (struct ag_pos){ 3, 10 };
	refused_offline(e, -ENOSPC, "memory", 3, "not enough RAM");
	env_free(e);
}

static void unpause_failure_removes_the_record_after_the_domain(void **state)
{
	struct create_env *e = env_new();
	struct ag_state st;

	(void)state;
	e->f.fail_op = "domain_unpause";
	e->f.fail_nth = 1;
	assert_int_equal(env_create(e), -EIO);
	assert_string_equal(e->res.msg, "create: stage unpause failed: xc_domain_unpause:"
			    " Input/output error; domain 1 destroyed");
	assert_int_equal(ag_state_read(e->run_dir, 1, &st), -ENOENT);
	env_free(e);
}

/* A domain that survives its failed create stays findable by destroy and list. */
static void a_domain_that_cannot_be_destroyed_keeps_its_record(void **state)
{
	struct create_env *e = env_new();
	struct ag_state st;
	char want[512];

	(void)state;
	e->f.fail_op = "domain_unpause";
	e->f.fail_nth = 1;
	e->f.always_fail_op = "domain_destroy";
	assert_int_equal(env_create(e), -EIO);
	snprintf(want, sizeof(want), "create: stage unpause failed: xc_domain_unpause:"
		 " Input/output error; destroying domain 1 failed too: Input/output error;"
		 " it stays recorded in %s for `armguest destroy 1`", e->run_dir);
	assert_string_equal(e->res.msg, want);
	assert_false(e->res.destroyed);
	assert_int_equal(ag_state_read(e->run_dir, 1, &st), 0);
	assert_string_equal(st.name, "guest");
	env_free(e);
}

/* A 32-bit zImage passes the plan stage unplaced; libxenguest places it. */
static void a_32_bit_zimage_is_left_to_libxenguest(void **state)
{
	struct create_env *e = env_new();
	uint8_t head[64] = { 0 };

	(void)state;
	head[0x24] = 0x18, head[0x25] = 0x28, head[0x26] = 0x6f, head[0x27] = 0x01;
	env_write_sparse(e->kernel, head, sizeof(head), 4 << 20);
	e->f.guest_type = "xen-3.0-armv7l";
	assert_int_equal(env_create(e), 0);
	assert_int_equal(e->d.n, 0);
	assert_int_equal(fake_count(&e->f, "domain_unpause"), 1);
	env_free(e);
}

/* --- the successful path -------------------------------------------------------- */

static void create_runs_every_stage_and_unpauses(void **state)
{
	struct create_env *e = env_new();
	struct fake_domain *d;

	(void)state;
	env_full(e);
	assert_int_equal(env_create(e), 0);
	assert_string_equal(e->res.failed_stage, "");
	assert_int_equal(e->res.domid, 1);
	d = fake_dom(&e->f, 1);
	assert_non_null(d);
	assert_false(d->paused);
	assert_int_equal(fake_count(&e->f, "domain_destroy"), 0);
	assert_int_equal(fake_count(&e->f, "FAIL"), 0);
	/* The prediction matched libxenguest: no warning. */
	assert_int_equal(e->d.n, 0);
	assert_false(e->f.image_live);
	env_free(e);
}

/* --- the creation settings libxl passes ----------------------------------- */

/* libxl__domain_make's createdomain, libxl__build_pre's affinity, libxl__build_post's sched. */
static void creation_settings_reach_xen_in_libxl_order(void **state)
{
	struct create_env *e = env_new();
	int maxv, aff0, aff1, maxmem, sched, vuart, xs;

	(void)state;
	env_full(e);
	e->g.vpmu = true;
	e->g.max_grant_frames = 64;
	e->g.max_maptrack_frames = 128;
	e->g.max_evtchn_port = 2047;
	e->g.has_pool_id = true;
	e->g.pool_id = 1;
	e->f.pools[1].id = 1;
	e->f.pools[1].sched = AG_SCHED_CREDIT;
	e->f.n_pools = 2;
	e->f.physinfo.cap_gnttab_v2 = true;
	e->cpus[1].w[0] = 0x3;
	e->g.cpus_soft = &e->cpus[1];
	e->g.n_cpus_soft = 1;
	e->cpus[0].w[0] = 0x1;
	e->g.n_cpus_hard = 1;
	e->g.sched_cap = 50;
	assert_int_equal(env_create(e), 0);
	assert_true(e->f.last_cfg.vpmu);
	assert_int_equal(e->f.last_cfg.max_grant_frames, 64);
	assert_int_equal(e->f.last_cfg.max_maptrack_frames, 128);
	assert_int_equal(e->f.last_cfg.max_grant_version, 2); /* the host's highest */
	assert_int_equal(e->f.last_cfg.max_evtchn_port, 2047);
	assert_int_equal(e->f.last_cfg.cpupool_id, 1);
	assert_true(fake_find(&e->f, "domain_create flags=hvm|hap|iommu|vpmu", true) >= 0);
	maxv = fake_find(&e->f, "domain_max_vcpus", true);
	aff0 = fake_find(&e->f, "vcpu_setaffinity 1 vcpu=0 hard=0x1 soft=0x3", false);
	aff1 = fake_find(&e->f, "vcpu_setaffinity 1 vcpu=1", true);
	maxmem = fake_find(&e->f, "domain_setmaxmem", true);
	vuart = fake_find(&e->f, "vuart_init", true);
	sched = fake_find(&e->f, "sched_credit_set 1 credit weight=512 cap=50", false);
	xs = fake_find(&e->f, "xs_introduce", true);
	assert_true(maxv >= 0 && aff0 > maxv && maxmem > aff0);
	assert_int_equal(aff1, -1); /* one vCPU listed: the other is left alone */
	assert_true(vuart >= 0 && sched > vuart && xs > sched);
	env_free(e);
}

/* libxl__domain_config_setdefault refuses these before anything exists. */
static void host_without_vpmu_or_iommu_is_refused_before_createdomain(void **state)
{
	for (int k = 0; k < 2; k++) {
		struct create_env *e = env_new();

		(void)state;
		env_full(e);
		if (k == 0) {
			e->g.vpmu = true;
			e->f.physinfo.cap_vpmu = false;
		} else {
			e->f.physinfo.cap_directio = false;
		}
		assert_true(env_create(e) < 0);
		assert_string_equal(e->res.failed_stage, "physinfo");
		assert_non_null(strstr(e->res.msg, k == 0 ? "vPMU not supported on this platform"
						       : "passthrough not supported on this platform"));
		assert_int_equal(fake_count(&e->f, "domain_create"), 0);
		env_free(e);
	}
}

/* Pool names live in xenstore: without a xenstored only an id will do. */
static void pool_names_are_looked_up_in_xenstore(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	env_full(e);
	e->g.pool_name = "pool1";
	e->f.xs = false;
	assert_true(env_create(e) < 0);
	assert_string_equal(e->res.failed_stage, "pool");
	assert_non_null(strstr(e->res.msg, "no xenstored is running"));
	assert_int_equal(fake_count(&e->f, "domain_create"), 0);
	env_free(e);

	e = env_new();
	env_full(e);
	e->g.pool_name = "pool1";
	e->f.pools[1].id = 3;
	e->f.pools[1].sched = AG_SCHED_CREDIT2;
	e->f.n_pools = 2;
	assert_int_equal(e->ops.xs_write(e->ops.ctx, "/local/pool/0/name", "Pool-0"), 0);
	assert_int_equal(e->ops.xs_write(e->ops.ctx, "/local/pool/3/name", "pool1"), 0);
	assert_int_equal(env_create(e), 0);
	assert_int_equal(e->f.last_cfg.cpupool_id, 3);
	assert_true(fake_find(&e->f, "sched_credit_set 1 credit2 weight=512 cap=-1", false) >= 0);
	env_free(e);

	e = env_new();
	env_full(e);
	e->g.pool_name = "nosuch";
	assert_true(env_create(e) < 0);
	assert_string_equal(e->res.failed_stage, "pool");
	assert_non_null(strstr(e->res.msg, "Illegal pool specified: nosuch"));
	env_free(e);
}

static void createdomain_asks_hvm_hap_iommu_and_the_spis(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	env_full(e);
	assert_int_equal(env_create(e), 0);
	assert_true(fake_find(&e->f, "domain_create flags=hvm|hap|iommu gic=native nr_spis=9"
			      " max_vcpus=2", false) >= 0);
	assert_true(e->f.last_cfg.hvm && e->f.last_cfg.hap && e->f.last_cfg.iommu);
	assert_int_equal(e->f.last_cfg.max_evtchn_port, 1023);
	assert_int_equal(e->f.last_cfg.max_grant_frames, -1);
	assert_int_equal(e->f.last_cfg.max_maptrack_frames, -1);
	assert_int_equal(e->f.last_cfg.ssidref, 12);
	env_free(e);
}

static void plain_guest_asks_hvm_hap_and_no_spis(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	assert_int_equal(env_create(e), 0);
	assert_true(fake_find(&e->f, "domain_create flags=hvm|hap gic=native nr_spis=0"
			      " max_vcpus=2", false) >= 0);
	env_free(e);
}

static void callback_irq_is_set_before_the_guest_can_run(void **state)
{
	struct create_env *e = env_new();
	int cb, dt, unpause;

	(void)state;
	assert_int_equal(env_create(e), 0);
	cb = fake_find(&e->f, CALLBACK_IRQ_LINE, false);
	dt = fake_find(&e->f, "dom_devicetree_mem ", true);
	unpause = fake_find(&e->f, "domain_unpause 1", false);
	assert_true(cb >= 0);
	assert_true(cb > fake_find(&e->f, "dom_parse_image", true));
	assert_true(cb < dt);
	assert_true(dt < unpause);
	assert_int_equal(fake_count(&e->f, "hvm_param_set 1 CALLBACK_IRQ"), 1);
	assert_int_equal(ag_profile_callback_irq(&ag_profile_417), 0x020000000000021fULL);
	env_free(e);
}

static void paused_create_leaves_the_domain_paused(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	e->opts.paused = true;
	assert_int_equal(env_create(e), 0);
	assert_int_equal(fake_count(&e->f, "domain_unpause"), 0);
	assert_true(fake_dom(&e->f, 1)->paused);
	assert_true(fake_find(&e->f, CALLBACK_IRQ_LINE, false) >= 0);
	env_free(e);
}

/* A 4.20 create environment (the fake answers as Debian 13's hypervisor). */
static struct create_env *env_420(void)
{
	struct create_env *e = env_new();

	e->profile = &ag_profile_420;
	e->opts.target_version = "4.20";
	e->ops.domctl_interface_version = 0x17;
	e->f.xen_minor = 20;
	e->f.llc_rc = -EOPNOTSUPP;
	return e;
}

/*
 * libxl_arm.c: libxl__arch_domain_build_info_setdefault (stable-4.20): `sve'
 * on a host without SVE, or longer than its vectors, is refused before the
 * domain exists; "hw" becomes the host's length; Xen gets length / 128.
 */
static void sve_is_checked_against_the_host_before_createdomain(void **state)
{
	static const struct {
		uint32_t asked;
		unsigned host;
		const char *msg;     /* NULL: created */
		uint32_t vl;         /* what Xen got */
	} cases[] = {
		{ 128, 0, "SVE is unsupported on this machine. (`sve')", 0 },
		{ AG_SVE_HW, 0, "SVE is unsupported on this machine. (`sve')", 0 },
		{ 512, 256, "Invalid sve value: 512. Platform supports up to 256 bits (`sve')", 0 },
		{ AG_SVE_HW, 256, NULL, 256 },
		{ 128, 256, NULL, 128 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct create_env *e = env_420();

		e->g.sve_vl = cases[i].asked;
		e->f.physinfo.sve_max_vl = cases[i].host;
		if (cases[i].msg) {
			assert_true(env_create(e) < 0);
			assert_string_equal(e->res.failed_stage, "physinfo");
			assert_non_null(strstr(e->res.msg, cases[i].msg));
			assert_int_equal(fake_count(&e->f, "domain_create"), 0);
		} else {
			assert_int_equal(env_create(e), 0);
			assert_int_equal(e->f.last_cfg.sve_vl, cases[i].vl);
		}
		env_free(e);
	}
}

/* LLC colours go to Xen right after createdomain; a Xen without colouring fails the create. */
static void llc_colors_reach_xen_or_the_domain_is_unwound(void **state)
{
	uint32_t colours[] = { 0, 1, 2, 3 };

	(void)state;
	for (int k = 0; k < 2; k++) {
		struct create_env *e = env_420();

		e->g.llc_colors = colours;
		e->g.n_llc_colors = 4;
		e->f.llc_rc = k == 0 ? 0 : -EOPNOTSUPP;
		if (k == 0) {
			assert_int_equal(env_create(e), 0);
			assert_true(fake_find(&e->f, "domain_set_llc_colors 1 4 0 1 2 3", false) >= 0);
		} else {
			assert_true(env_create(e) < 0);
			assert_string_equal(e->res.failed_stage, "llc_colors");
			assert_non_null(strstr(e->res.msg, "LLC coloring not enabled in the hypervisor"));
			assert_true(e->res.destroyed);
			assert_int_equal(fake_count(&e->f, "domain_destroy"), 1);
		}
		env_free(e);
	}
}

/* tee = "ffa": XEN_DOMCTL_CONFIG_TEE_FFA; a Xen without the mediator refuses createdomain. */
static void tee_ffa_refusal_says_why(void **state)
{
	struct create_env *e = env_420();

	(void)state;
	e->g.tee = AG_TEE_FFA;
	e->f.fail_op = "domain_create";
	e->f.fail_nth = 1;
	e->f.fail_rc = -EINVAL;
	assert_true(env_create(e) < 0);
	assert_true(fake_find(&e->f, "domain_create arch tee=ffa sve_vl=0", false) >= 0);
	assert_non_null(strstr(e->res.msg, "a hypervisor built without the FF-A mediator"));
	assert_int_equal(fake_count(&e->f, "domain_destroy"), 0);
	env_free(e);
}

/* Xen without LLC colouring (Debian's, and every 4.17) answers EOPNOTSUPP: not an error. */
static void no_llc_colouring_is_not_an_error(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	e->f.llc_rc = -EOPNOTSUPP;
	assert_int_equal(env_create(e), 0);
	assert_true(fake_find(&e->f, "domain_set_llc_colors 1 0", false) >= 0);
	assert_int_equal(fake_count(&e->f, "domain_destroy"), 0);
	env_free(e);
}

static void the_stages_run_in_libxl_order(void **state)
{
	static const char *const order[] = {
		"xen_version", "domain_list", "domain_create", "domain_set_llc_colors 1 0",
		"domain_getinfo 1",
		"domain_max_vcpus 1 2", "domain_setmaxmem 1 263168",
		"evtchn_alloc_unbound 1 0", "paging_mempool_set 1 3670016",
		"dom_allocate console=hvc0 rdinit=/init", "dom_kernel_fd",
		"dom_module_fd", "dom_boot_xen_init 1", "dom_rambase_init 0x40000000",
		"dom_parse_image", CALLBACK_IRQ_LINE, "dom_devicetree_mem", "dom_mem_init 256",
		"dom_boot_mem_init", "dom_build_image", "hvm_param_get 1 CONSOLE_PFN",
		"dom_boot_image", "dom_gnttab_init", "hvm_param_set 1 STORE_PFN",
		"domain_unpause 1",
	};
	struct create_env *e = env_new();
	int last = -1;

	(void)state;
	assert_int_equal(env_create(e), 0);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		int at = fake_find(&e->f, order[i], true);

		if (at <= last)
			fail_msg("'%s' at %d, not after %d", order[i], at, last);
		last = at;
	}
	env_free(e);
}

/* --- create --timings ------------------------------------------------------------ */

/* A clock that advances one millisecond each time it is read. */
static uint64_t fake_ms;
static uint64_t fake_clock(void)
{
	return fake_ms += 1000000u;
}

/* Every plan step and every stage gets one entry, in execution order, timed by the clock given. */
static void timings_name_every_step_in_order(void **state)
{
	struct create_env *e = env_new();
	struct ag_timings t = { .clock_ns = fake_clock };
	size_t i = 0;

	(void)state;
	e->opts.timings = &t;
	assert_int_equal(env_create(e), 0);
	assert_string_equal(t.v[i++].name, "create_plan");
	assert_string_equal(t.v[i++].name, "plan_files");
	assert_string_equal(t.v[i++].name, "plan_build");
	assert_string_equal(t.v[i++].name, "plan_place");
	assert_string_equal(t.v[i++].name, "plan_finalise");
	for (size_t s = 0; ag_create_stages[s]; s++, i++) {
		assert_true(i < t.n);
		assert_string_equal(t.v[i].name, ag_create_stages[s]);
	}
	assert_int_equal(t.n, i);
	/* Two reads of the clock per step: one millisecond each. */
	for (i = 0; i < t.n; i++)
		assert_int_equal(t.v[i].ns, 1000000u);
	env_free(e);
}

/* A failing stage is the last one timed: the report says where the time went before it. */
static void timings_stop_at_the_failing_stage(void **state)
{
	struct create_env *e = env_new();
	struct ag_timings t = { .clock_ns = fake_clock };

	(void)state;
	e->opts.timings = &t;
	e->f.fail_op = "domain_unpause";
	e->f.fail_nth = 1;
	assert_int_equal(env_create(e), -EIO);
	assert_true(t.n > 0);
	assert_string_equal(t.v[t.n - 1].name, "unpause");
	env_free(e);
}

/* --- xenstore ------------------------------------------------------------------- */

static void without_xenstored_store_pfn_is_zero_and_nothing_is_written(void **state)
{
	struct create_env *e = env_new();
	int set, unpause;

	(void)state;
	assert_int_equal(env_create(e), 0);
	set = fake_find(&e->f, "hvm_param_set 1 STORE_PFN 0x0000000000000000", false);
	unpause = fake_find(&e->f, "domain_unpause 1", false);
	assert_true(set > fake_find(&e->f, "dom_build_image", false));
	assert_true(set < unpause);
	assert_int_equal(fake_dom(&e->f, 1)->params[AG_PARAM_STORE_PFN], 0);
	assert_int_equal(fake_count(&e->f, "xs_write"), 0);
	assert_int_equal(fake_count(&e->f, "xs_introduce"), 0);
	assert_false(e->res.xenstore);
	env_free(e);
}

static void with_xenstored_store_pfn_is_left_to_libxenguest(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	e->f.xs = true;
	assert_int_equal(env_create(e), 0);
	assert_int_equal(fake_count(&e->f, "hvm_param_set 1 STORE_PFN"), 0);
	assert_int_equal(fake_dom(&e->f, 1)->params[AG_PARAM_STORE_PFN], 0x39001);
	assert_true(e->res.xenstore);
	env_free(e);
}

static void xenstore_gets_the_entries_xl_needs(void **state)
{
	static const char *const kv[][2] = {
		{ "/local/domain/1/name", "guest" },
		{ "/local/domain/1/domid", "1" },
		{ "/local/domain/1/vm", "/vm/a5a5a5a5-a5a5-45a5-a5a5-a5a5a5a5a5a5" },
		{ "/vm/a5a5a5a5-a5a5-45a5-a5a5-a5a5a5a5a5a5/name", "guest" },
		{ "/vm/a5a5a5a5-a5a5-45a5-a5a5-a5a5a5a5a5a5/uuid",
		  "a5a5a5a5-a5a5-45a5-a5a5-a5a5a5a5a5a5" },
		{ "/vm/a5a5a5a5-a5a5-45a5-a5a5-a5a5a5a5a5a5/start_time", "1700000000.25" },
		{ "/local/domain/1/memory/static-max", "262144" },
		{ "/local/domain/1/memory/target", "262144" },
		{ "/local/domain/1/memory/videoram", "0" },
		{ "/local/domain/1/store/port", "1" },
		{ "/local/domain/1/store/ring-ref", "233473" },
		{ "/local/domain/1/cpu/0/availability", "online" },
		{ "/local/domain/1/cpu/1/availability", "online" },
		{ "/local/domain/1/console/ring-ref", "233472" },
		{ "/local/domain/1/console/port", "2" },
		{ "/local/domain/1/console/type", "xenconsoled" },
		{ "/local/domain/1/console/limit", "1048576" },
		{ "/local/domain/1/console/output", "pty" },
		{ "/local/domain/1/console/tty", "" },
		{ "/local/domain/1/console/backend-id", "0" },
		{ "/local/domain/1/console/backend", "/local/domain/0/backend/console/1/0" },
		{ "/local/domain/0/backend/console/1/0/frontend", "/local/domain/1/console" },
		{ "/local/domain/0/backend/console/1/0/frontend-id", "1" },
		{ "/local/domain/0/backend/console/1/0/online", "1" },
		{ "/local/domain/0/backend/console/1/0/state", "1" },
		{ "/local/domain/0/backend/console/1/0/protocol", "vt100" },
		{ "/libxl/1/device/console/0/frontend", "/local/domain/1/console" },
		{ "/libxl/1/type", "pvh" },
		{ "/local/domain/1/control/platform-feature-xs_reset_watches", "1" },
	};
	struct create_env *e = env_new();
	int intro;

	(void)state;
	e->f.xs = true;
	assert_int_equal(env_create(e), 0);
	for (size_t i = 0; i < sizeof(kv) / sizeof(kv[0]); i++) {
		const char *v = fake_xs_get(&e->f, kv[i][0]);

		if (!v)
			fail_msg("%s missing", kv[i][0]);
		assert_string_equal(v, kv[i][1]);
	}
	assert_null(fake_xs_get(&e->f, "/local/domain/1/vuart/0/port"));
	intro = fake_find(&e->f, "xs_introduce 1 0x39001 1", false);
	assert_true(intro >= 0);
	/* Introduced after every entry is written, before the guest runs. */
	for (size_t i = (size_t)intro; i < e->f.nlog; i++)
		assert_true(strncmp(e->f.log[i], "xs_write", 8) != 0);
	assert_true(intro < fake_find(&e->f, "domain_unpause 1", false));
	assert_true(fake_find(&e->f, "xs_set_perms /local/domain/1/console/ring-ref n0,r1",
			      false) >= 0);
	env_free(e);
}

static void xenstore_gets_the_vuart_console(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	e->f.xs = true;
	e->g.vuart = true;
	assert_int_equal(env_create(e), 0);
	assert_string_equal(fake_xs_get(&e->f, "/local/domain/1/vuart/0/ring-ref"), "233475");
	assert_string_equal(fake_xs_get(&e->f, "/local/domain/1/vuart/0/port"), "3");
	assert_string_equal(fake_xs_get(&e->f, "/local/domain/1/vuart/0/type"), "xenconsoled");
	assert_string_equal(fake_xs_get(&e->f, "/local/domain/0/backend/vuart/1/0/frontend"),
			    "/local/domain/1/vuart/0");
	assert_true(fake_find(&e->f, "vuart_init 1 0 0x39003", false) >= 0);
	env_free(e);
}

static void back_ends_follow_the_tool_domids(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	e->f.xs = true;
	fk_xs_write(&e->f, "/tool/xenstored/domid", "0");
	fk_xs_write(&e->f, "/tool/xenconsoled/domid", "3");
	assert_int_equal(env_create(e), 0);
	assert_true(fake_find(&e->f, "evtchn_alloc_unbound 1 0", false) >= 0);
	assert_true(fake_find(&e->f, "evtchn_alloc_unbound 1 3", false) >= 0);
	assert_string_equal(fake_xs_get(&e->f, "/local/domain/1/console/backend"),
			    "/local/domain/3/backend/console/1/0");
	env_free(e);
}

/* --- state file ------------------------------------------------------------------ */

static void success_records_the_domain_in_the_run_directory(void **state)
{
	struct create_env *e = env_new();
	struct ag_state s;

	(void)state;
	e->g.vuart = true;
	assert_int_equal(env_create(e), 0);
	assert_int_equal(ag_state_read(e->run_dir, 1, &s), 0);
	assert_string_equal(s.name, "guest");
	assert_int_equal(s.console_port, 2);
	assert_int_equal(s.console_gfn, 0x39000);
	assert_true(s.vuart);
	assert_int_equal(s.vuart_port, 3);
	assert_int_equal(s.vuart_gfn, 0x39003);
	assert_false(s.xenstore);
	assert_memory_equal(s.uuid, e->res.uuid, AG_UUID_SIZE);
	env_free(e);
}

/*
 * Every boot file is opened once, when the config is checked, and read from
 * that descriptor: the plan, and libxenguest at kernel_load and
 * ramdisk_load, never reopen the path.  Here the kernel and the ramdisk are
 * replaced by FIFOs right after the check (a FIFO would block libxenguest's
 * open for ever, with the domain paused).
 */
static void boot_files_are_read_from_the_descriptors_checked(void **state)
{
	struct create_env *e = env_new();
	char fifo[160];

	(void)state;
	e->g.kernel_file = (struct ag_guest_file){ true, open(e->kernel, O_RDONLY | O_CLOEXEC) };
	e->g.ramdisk_file = (struct ag_guest_file){ true, open(e->ramdisk, O_RDONLY | O_CLOEXEC) };
	assert_true(e->g.kernel_file.fd >= 0 && e->g.ramdisk_file.fd >= 0);
	snprintf(fifo, sizeof(fifo), "%s/fifo", e->dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(rename(fifo, e->kernel), 0);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(rename(fifo, e->ramdisk), 0);
	if (env_create(e)) {
		fake_dump(&e->f);
		fail_msg("%s", e->res.msg);
	}
	assert_true(fake_find(&e->f, "domain_unpause 1", false) >= 0);
	close(e->g.kernel_file.fd);
	close(e->g.ramdisk_file.fd);
	env_free(e);
}

/* --- the device tree ---------------------------------------------------------------- */

/*
 * --dtb-out holds the guest's real rng-seed: readable by its owner only,
 * whatever the umask allows, and whatever mode a file it replaces had.
 */
static void dtb_out_is_for_its_owner_only(void **state)
{
	struct create_env *e = env_new();
	struct stat st;
	mode_t old = umask(022);

	(void)state;
	env_write_sparse(e->dtb_out, NULL, 0, 0);
	assert_int_equal(chmod(e->dtb_out, 0644), 0);
	assert_int_equal(env_create(e), 0);
	umask(old);
	assert_int_equal(stat(e->dtb_out, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	env_free(e);
}

static void *read_dtb(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	void *buf = malloc(1 << 20);

	assert_non_null(f);
	assert_non_null(buf);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

static void check_golden_create(const char *name, unsigned mib, unsigned vcpus, bool vuart,
				enum ag_gic native)
{
	struct create_env *e = env_new();
	char rel[64];
	size_t len, want_len;
	void *blob, *want;

	e->g.memory_kib = e->g.maxmem_kib = MiB_KIB(mib);
	e->g.vcpus = e->g.max_vcpus = vcpus;
	e->g.vuart = vuart;
	e->g.name = (char *)name;
	e->f.native_gic = native;
	assert_int_equal(env_create(e), 0);
	assert_int_equal(e->res.gic, native);
	blob = read_dtb(e->dtb_out, &len);
	assert_int_equal(len, fdt_totalsize(blob));
	assert_int_equal(ag_fdt_nop_rng_seed(blob), 0);
	snprintf(rel, sizeof(rel), "tests/golden/%s.dtb", name);
	want = tu_read_file(rel, &want_len);
	assert_int_equal(len, want_len);
	assert_memory_equal(blob, want, want_len);
	assert_int_equal(e->d.n, 0);
	free(want);
	free(blob);
	env_free(e);
}

static void create_builds_golden_v3_vuart(void **state)
{
	(void)state;
	check_golden_create("v3-vuart", 192, 1, true, AG_GIC_V3);
}

static void create_builds_golden_v2_basic_with_the_gic_xen_gave(void **state)
{
	(void)state;
	check_golden_create("v2-basic", 256, 2, false, AG_GIC_V2);
}

static void a_different_layout_warns_and_the_tree_follows_libxenguest(void **state)
{
	struct create_env *e = env_new();
	size_t len;
	void *blob;
	int chosen, plen;
	const fdt64_t *start;

	(void)state;
	e->f.ramdisk_start = 0x48200000;
	e->f.ramdisk_end = 0x482f2000;
	e->f.dtb_start = 0x482f2000;
	assert_int_equal(env_create(e), 0);
	assert_int_equal(e->d.n, 3);
	assert_string_equal(e->d.v[0].msg, "layout: libxenguest chose ramdisk start 0x48200000,"
			    " armguest predicted 0x48000000");
	assert_string_equal(e->d.v[1].msg, "layout: libxenguest chose ramdisk end 0x482f2000,"
			    " armguest predicted 0x480f2000");
	assert_string_equal(e->d.v[2].msg, "layout: libxenguest chose DTB address 0x482f2000,"
			    " armguest predicted 0x480f2000");
	assert_int_equal(e->d.v[0].sev, AG_WARNING);
	blob = read_dtb(e->dtb_out, &len);
	chosen = fdt_path_offset(blob, "/chosen");
	start = fdt_getprop(blob, chosen, "linux,initrd-start", &plen);
	assert_non_null(start);
	assert_int_equal(fdt64_to_cpu(*start), 0x48200000);
	free(blob);
	env_free(e);
}

static void asking_for_v3_and_getting_v2_fails(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	e->g.gic = AG_GIC_V3;
	e->f.force_gic = AG_GIC_V2;
	assert_int_equal(env_create(e), -EINVAL);
	assert_string_equal(e->res.msg, "create: stage createdomain failed: asked for vGIC v3,"
			    " Xen gave v2; domain 1 destroyed");
	env_free(e);
}

int main(void)
{
	enum { N_STAGE_CASES = sizeof(stage_cases) / sizeof(stage_cases[0]) };
	char names[N_STAGE_CASES][64];
	size_t n = 0;
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(name_is_written_in_the_transaction_that_checks_it),
		cmocka_unit_test(every_entry_is_written_in_one_transaction),
		cmocka_unit_test(a_name_committed_by_a_racer_refuses_after_the_conflict),
		cmocka_unit_test(failure_message_names_the_call_and_the_error),
		cmocka_unit_test(createdomain_failure_destroys_nothing),
		cmocka_unit_test(version_mismatch_refuses_before_creating),
		cmocka_unit_test(domctl_interface_mismatch_refuses_before_creating),
		cmocka_unit_test(a_420_build_creates_on_a_420_hypervisor),
		cmocka_unit_test(name_in_use_refuses_before_creating),
		cmocka_unit_test(unpause_failure_removes_the_record_after_the_domain),
		cmocka_unit_test(a_domain_that_cannot_be_destroyed_keeps_its_record),
		cmocka_unit_test(bad_partial_tree_is_refused_before_any_hypercall),
		cmocka_unit_test(a_32_bit_zimage_is_left_to_libxenguest),
		cmocka_unit_test(kernel_that_is_not_an_image_is_refused_before_any_hypercall),
		cmocka_unit_test(oversized_command_line_is_refused_before_any_hypercall),
		cmocka_unit_test(ram_too_small_for_the_kernel_is_refused_before_any_hypercall),
		cmocka_unit_test(create_runs_every_stage_and_unpauses),
		cmocka_unit_test(createdomain_asks_hvm_hap_iommu_and_the_spis),
		cmocka_unit_test(creation_settings_reach_xen_in_libxl_order),
		cmocka_unit_test(host_without_vpmu_or_iommu_is_refused_before_createdomain),
		cmocka_unit_test(pool_names_are_looked_up_in_xenstore),
		cmocka_unit_test(plain_guest_asks_hvm_hap_and_no_spis),
		cmocka_unit_test(callback_irq_is_set_before_the_guest_can_run),
		cmocka_unit_test(paused_create_leaves_the_domain_paused),
		cmocka_unit_test(no_llc_colouring_is_not_an_error),
		cmocka_unit_test(sve_is_checked_against_the_host_before_createdomain),
		cmocka_unit_test(llc_colors_reach_xen_or_the_domain_is_unwound),
		cmocka_unit_test(tee_ffa_refusal_says_why),
		cmocka_unit_test(the_stages_run_in_libxl_order),
		cmocka_unit_test(timings_name_every_step_in_order),
		cmocka_unit_test(timings_stop_at_the_failing_stage),
		cmocka_unit_test(without_xenstored_store_pfn_is_zero_and_nothing_is_written),
		cmocka_unit_test(with_xenstored_store_pfn_is_left_to_libxenguest),
		cmocka_unit_test(xenstore_gets_the_entries_xl_needs),
		cmocka_unit_test(xenstore_gets_the_vuart_console),
		cmocka_unit_test(back_ends_follow_the_tool_domids),
		cmocka_unit_test(success_records_the_domain_in_the_run_directory),
		cmocka_unit_test(dtb_out_is_for_its_owner_only),
		cmocka_unit_test(boot_files_are_read_from_the_descriptors_checked),
		cmocka_unit_test(create_builds_golden_v3_vuart),
		cmocka_unit_test(create_builds_golden_v2_basic_with_the_gic_xen_gave),
		cmocka_unit_test(a_different_layout_warns_and_the_tree_follows_libxenguest),
		cmocka_unit_test(asking_for_v3_and_getting_v2_fails),
	};
	/* Sized from both lists, so a new stage or test cannot overrun it. */
	struct CMUnitTest tests[2 * N_STAGE_CASES + sizeof(fixed) / sizeof(fixed[0])];
	char signames[N_STAGE_CASES][64];

	for (size_t i = 0; i < sizeof(stage_cases) / sizeof(stage_cases[0]); i++) {
		snprintf(names[i], sizeof(names[i]), "fails_at_stage_%s%s", stage_cases[i].stage,
			 stage_cases[i].xs ? "" : "_without_xenstored");
		tests[n++] = (struct CMUnitTest){ .name = names[i], .test_func = fails_at_stage,
						  .initial_state = (void *)&stage_cases[i] };
	}
	for (size_t i = 0; i < sizeof(stage_cases) / sizeof(stage_cases[0]); i++) {
		if (!stage_cases[i].op)
			continue; /* state_file calls nothing a signal could be raised from */
		snprintf(signames[i], sizeof(signames[i]), "signal_at_stage_%s%s",
			 stage_cases[i].stage, stage_cases[i].xs ? "" : "_without_xenstored");
		tests[n++] = (struct CMUnitTest){ .name = signames[i], .test_func = signal_at_stage,
						  .initial_state = (void *)&stage_cases[i] };
	}
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		tests[n++] = fixed[i];
	env_default_signals();
	return _cmocka_run_group_tests("test_create", tests, n, NULL, NULL);
}
