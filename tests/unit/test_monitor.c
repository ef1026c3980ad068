/* SPDX-License-Identifier: MIT */
/*
 * The lifecycle monitor (arm/monitor.c) against the recording fake: each
 * on_* action as xl's handle_domain_death takes it, restarts from the guest
 * held in memory, the ways a monitor ends, and `destroy` stopping it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <sys/wait.h>

#include "arm/lock.h"
#include "arm/monitor.h"
#include "common/sig.h"
#include "test_create_env.h"

struct mon_fx {
	struct create_env *e;
	struct ag_monitor m;
	char dump_dir[160];
	char *log;
	size_t log_len;
	FILE *logf;
};

/* A created domain 1 ("guest") with xl's defaults, and a monitor on it. */
static struct mon_fx *fx_new(bool xs)
{
	struct mon_fx *x = calloc(1, sizeof(*x));

	assert_non_null(x);
	x->e = env_new();
	x->e->f.xs = xs;
	x->e->opts.dtb_out = NULL;
	x->e->g.on_poweroff = AG_ACTION_DESTROY;
	x->e->g.on_reboot = AG_ACTION_RESTART;
	x->e->g.on_crash = AG_ACTION_DESTROY;
	x->e->g.on_watchdog = AG_ACTION_DESTROY;
	x->e->g.on_soft_reset = AG_ACTION_SOFT_RESET;
	assert_int_equal(env_create(x->e), 0);
	assert_int_equal(x->e->res.domid, 1);
	snprintf(x->dump_dir, sizeof(x->dump_dir), "%s/dump", x->e->dir);
	x->logf = open_memstream(&x->log, &x->log_len);
	assert_non_null(x->logf);
	x->m = (struct ag_monitor){ .ops = &x->e->ops, .g = &x->e->g, .p = x->e->profile,
				    .create = x->e->opts, .run_dir = x->e->run_dir,
				    .dump_dir = x->dump_dir, .poll_ms = 1, .log = x->logf,
				    .domid = 1 };
	return x;
}

static void fx_free(struct mon_fx *x)
{
	fclose(x->logf);
	free(x->log);
	env_free(x->e);
	free(x);
}

static void shut(struct fake *f, uint32_t domid, unsigned reason)
{
	struct fake_domain *d = fake_dom(f, domid);

	assert_non_null(d);
	d->shutdown = true;
	d->shutdown_reason = reason;
}

static int run(struct mon_fx *x, enum ag_monitor_end *end)
{
	struct ag_err err;
	int rc = ag_monitor_run(&x->m, end, &err);

	fflush(x->logf);
	if (rc)
		fprintf(stderr, "monitor: %s\nlog:\n%s", err.msg, x->log);
	return rc;
}

/* The first wait: the guest shuts down with the reason in arg. */
static void shuts_down_on_first_wait(struct fake *f, void *arg)
{
	if (fake_count(f, "domexc_wait") == 1)
		shut(f, 1, (unsigned)(uintptr_t)arg);
}

/* Every wait: the newest domain (the restarted one) powers off. */
static void newest_powers_off(struct fake *f, void *arg)
{
	uint32_t domid = f->next_domid - 1;

	(void)arg;
	if (domid != 1 && fake_dom(f, domid))
		shut(f, domid, AG_SHUTDOWN_POWEROFF);
}

static void poweroff_destroys_the_domain_and_its_record(void **state)
{
	struct mon_fx *x = fx_new(false);
	enum ag_monitor_end end;
	struct ag_state st;

	(void)state;
	x->e->f.on_domexc_wait = shuts_down_on_first_wait;
	x->e->f.on_domexc_wait_arg = (void *)(uintptr_t)AG_SHUTDOWN_POWEROFF;
	assert_int_equal(run(x, &end), 0);
	assert_int_equal(end, AG_MONITOR_DESTROYED);
	assert_null(fake_dom(&x->e->f, 1));
	assert_int_equal(fake_count(&x->e->f, "domain_destroy 1"), 1);
	assert_int_equal(fake_count(&x->e->f, "domain_create"), 1); /* create's only */
	assert_int_equal(ag_state_read(x->e->run_dir, 1, &st), -ENOENT);
	/* Woken by the VIRQ without xenstored; xl's log lines. */
	assert_int_equal(fake_count(&x->e->f, "domexc_open VIRQ_DOM_EXC"), 1);
	assert_non_null(strstr(x->log, "Domain 1 has shut down, reason code 0 0x0\n"
				       "Action for shutdown reason code 0 is destroy\n"));
	fx_free(x);
}

static void reboot_restarts_a_new_domain_of_the_same_name(void **state)
{
	struct mon_fx *x = fx_new(true);
	enum ag_monitor_end end;
	struct ag_state st;
	struct ag_domain_config first;

	(void)state;
	first = x->e->f.last_cfg;
	shut(&x->e->f, 1, AG_SHUTDOWN_REBOOT);
	x->e->f.on_domexc_wait = newest_powers_off;
	assert_int_equal(run(x, &end), 0);
	/* The old one destroyed before the new one is made, then the new one powered off. */
	{
		int gone = fake_find(&x->e->f, "domain_destroy 1", false), made = -1;

		for (size_t i = (size_t)gone + 1; gone >= 0 && i < x->e->f.nlog; i++)
			if (!strncmp(x->e->f.log[i], "domain_create", 13))
				made = (int)i;
		assert_true(gone >= 0 && made > gone);
	}
	assert_int_equal(fake_count(&x->e->f, "domain_create"), 2);
	assert_int_equal(x->m.restarts, 1);
	assert_int_equal(x->m.domid, 2);
	assert_int_equal(end, AG_MONITOR_DESTROYED);
	/* The same plan: the same domctl configuration and name (the handle aside). */
	memcpy(first.handle, x->e->f.last_cfg.handle, AG_UUID_SIZE);
	assert_memory_equal(&first, &x->e->f.last_cfg, sizeof(first));
	assert_non_null(strstr(x->log, "Action for shutdown reason code 1 is restart\n"));
	assert_non_null(strstr(x->log, "Domain 2 (guest) created again"));
	/* Its record was written under the same name, and went with it. */
	assert_true(fake_find(&x->e->f, "xs_write /local/domain/2/name = \"guest\"", false) > 0);
	assert_int_equal(ag_state_read(x->e->run_dir, 2, &st), -ENOENT);
	fx_free(x);
}

/* The restarted domain is left running: the monitor is then stopped. */
static void stop_after_restart(struct fake *f, void *arg)
{
	(void)arg;
	if (fake_dom(f, 2))
		raise(SIGTERM);
}

static void rename_restart_keeps_the_old_domain_under_a_new_name(void **state)
{
	struct mon_fx *x = fx_new(false);
	enum ag_monitor_end end;
	struct ag_state st;

	(void)state;
	x->e->g.on_reboot = AG_ACTION_RENAME_RESTART;
	shut(&x->e->f, 1, AG_SHUTDOWN_REBOOT);
	x->e->f.on_domexc_wait = stop_after_restart;
	assert_int_equal(run(x, &end), 0);
	ag_sig_forget();
	assert_int_equal(end, AG_MONITOR_STOPPED);
	assert_int_equal(fake_count(&x->e->f, "domain_destroy"), 0);
	assert_non_null(fake_dom(&x->e->f, 1));
	assert_non_null(fake_dom(&x->e->f, 2));
	assert_int_equal(ag_state_read(x->e->run_dir, 1, &st), 0);
	/* guest-YYYYmmddTHHMMZ */
	assert_int_equal(strlen(st.name), strlen("guest-20261206T1730Z"));
	assert_memory_equal(st.name, "guest-", 6);
	assert_int_equal(st.name[strlen(st.name) - 1], 'Z');
	assert_int_equal(ag_state_read(x->e->run_dir, 2, &st), 0);
	assert_string_equal(st.name, "guest");
	fx_free(x);
}

static void preserve_leaves_the_domain(void **state)
{
	struct mon_fx *x = fx_new(false);
	enum ag_monitor_end end;
	struct ag_state st;

	(void)state;
	x->e->g.on_poweroff = AG_ACTION_PRESERVE;
	shut(&x->e->f, 1, AG_SHUTDOWN_POWEROFF);
	assert_int_equal(run(x, &end), 0);
	assert_int_equal(end, AG_MONITOR_PRESERVED);
	assert_non_null(fake_dom(&x->e->f, 1));
	assert_int_equal(fake_count(&x->e->f, "domain_destroy"), 0);
	assert_int_equal(ag_state_read(x->e->run_dir, 1, &st), 0);
	fx_free(x);
}

static void crash_and_watchdog_destroy_by_default(void **state)
{
	static const unsigned reasons[] = { AG_SHUTDOWN_CRASH, AG_SHUTDOWN_WATCHDOG, 7 };

	(void)state;
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		struct mon_fx *x = fx_new(false);
		enum ag_monitor_end end;

		shut(&x->e->f, 1, reasons[i]);
		assert_int_equal(run(x, &end), 0);
		assert_int_equal(end, AG_MONITOR_DESTROYED);
		assert_null(fake_dom(&x->e->f, 1));
		assert_int_equal(fake_count(&x->e->f, "domain_create"), 1);
		fx_free(x);
	}
}

static void coredump_destroy_dumps_where_xl_does_then_destroys(void **state)
{
	struct mon_fx *x = fx_new(false);
	enum ag_monitor_end end;
	char line[256];
	int dump;

	(void)state;
	x->e->g.on_crash = AG_ACTION_COREDUMP_DESTROY;
	shut(&x->e->f, 1, AG_SHUTDOWN_CRASH);
	assert_int_equal(run(x, &end), 0);
	assert_int_equal(end, AG_MONITOR_DESTROYED);
	snprintf(line, sizeof(line), "domain_dumpcore 1 %s/guest", x->dump_dir);
	dump = fake_find(&x->e->f, line, false);
	assert_true(dump >= 0);
	assert_true(fake_find(&x->e->f, "domain_destroy 1", false) > dump);
	assert_null(fake_dom(&x->e->f, 1));
	fx_free(x);
}

static void coredump_restart_dumps_then_restarts(void **state)
{
	struct mon_fx *x = fx_new(false);
	enum ag_monitor_end end;

	(void)state;
	x->e->g.on_crash = AG_ACTION_COREDUMP_RESTART;
	shut(&x->e->f, 1, AG_SHUTDOWN_CRASH);
	x->e->f.on_domexc_wait = newest_powers_off;
	assert_int_equal(run(x, &end), 0);
	assert_int_equal(fake_count(&x->e->f, "domain_dumpcore 1 "), 1);
	assert_int_equal(x->m.restarts, 1);
	assert_int_equal(end, AG_MONITOR_DESTROYED);
	fx_free(x);
}

static void soft_reset_destroys_as_xls_failed_soft_reset_does(void **state)
{
	struct mon_fx *x = fx_new(false);
	enum ag_monitor_end end;

	(void)state;
	shut(&x->e->f, 1, AG_SHUTDOWN_SOFT_RESET);
	assert_int_equal(run(x, &end), 0);
	assert_int_equal(end, AG_MONITOR_DESTROYED);
	assert_null(fake_dom(&x->e->f, 1));
	assert_non_null(strstr(x->log, "Xen on Arm has no soft reset"));
	fx_free(x);
}

static void suspend_leaves_the_domain(void **state)
{
	struct mon_fx *x = fx_new(false);
	enum ag_monitor_end end;

	(void)state;
	shut(&x->e->f, 1, AG_SHUTDOWN_SUSPEND);
	assert_int_equal(run(x, &end), 0);
	assert_int_equal(end, AG_MONITOR_SUSPENDED);
	assert_non_null(fake_dom(&x->e->f, 1));
	fx_free(x);
}

static void destroyed_by_someone_else(struct fake *f, void *arg)
{
	(void)arg;
	if (fake_dom(f, 1))
		fake_dom(f, 1)->exists = false;
}

static void a_domain_destroyed_elsewhere_ends_the_monitor_quietly(void **state)
{
	struct mon_fx *x = fx_new(true);
	enum ag_monitor_end end;

	(void)state;
	x->e->f.on_domexc_wait = destroyed_by_someone_else;
	assert_int_equal(run(x, &end), 0);
	assert_int_equal(end, AG_MONITOR_GONE);
	assert_int_equal(fake_count(&x->e->f, "domain_destroy"), 0);
	assert_int_equal(fake_count(&x->e->f, "domexc_open @releaseDomain"), 1);
	assert_int_equal(fake_count(&x->e->f, "domexc_close"), 1);
	fx_free(x);
}

static void terminated(struct fake *f, void *arg)
{
	(void)f;
	(void)arg;
	raise(SIGTERM);
}

static void sigterm_stops_the_monitor_and_leaves_the_domain(void **state)
{
	struct mon_fx *x = fx_new(false);
	enum ag_monitor_end end;

	(void)state;
	x->e->f.on_domexc_wait = terminated;
	assert_int_equal(run(x, &end), 0);
	assert_int_equal(ag_sig_caught(), SIGTERM);
	ag_sig_forget();
	assert_int_equal(end, AG_MONITOR_STOPPED);
	assert_non_null(fake_dom(&x->e->f, 1));
	assert_int_equal(fake_count(&x->e->f, "domain_destroy"), 0);
	fx_free(x);
}

/* SIGTERM while the restart builds: the new domain is unwound, none is left. */
static void sigterm_during_a_restart_leaves_no_domain(void **state)
{
	struct mon_fx *x = fx_new(false);
	enum ag_monitor_end end;

	(void)state;
	shut(&x->e->f, 1, AG_SHUTDOWN_REBOOT);
	x->e->f.raise_op = "dom_build_image";
	x->e->f.raise_nth = 2; /* the restart's */
	x->e->f.raise_sig = SIGTERM;
	assert_int_equal(run(x, &end), 0);
	ag_sig_forget();
	assert_int_equal(end, AG_MONITOR_STOPPED);
	assert_null(fake_dom(&x->e->f, 1));
	assert_null(fake_dom(&x->e->f, 2));
	assert_int_equal(fake_count(&x->e->f, "domain_destroy 2"), 1);
	fx_free(x);
}

/* Xen lets one process bind VIRQ_DOM_EXC: the others look every poll_ms. */
static void a_virq_held_elsewhere_falls_back_to_looking(void **state)
{
	struct mon_fx *x = fx_new(false);
	enum ag_monitor_end end;

	(void)state;
	x->e->f.domexc_open_rc = -EEXIST;
	x->e->f.die_after = fake_count(&x->e->f, "domain_getinfo") + 3;
	assert_int_equal(run(x, &end), 0);
	assert_int_equal(end, AG_MONITOR_GONE);
	assert_int_equal(fake_count(&x->e->f, "domexc_wait"), 0);
	assert_non_null(strstr(x->log, "looking every 1 ms"));
	fx_free(x);
}

static void a_failed_restart_is_reported(void **state)
{
	struct mon_fx *x = fx_new(false);
	enum ag_monitor_end end;
	struct ag_err err;

	(void)state;
	shut(&x->e->f, 1, AG_SHUTDOWN_REBOOT);
	x->e->f.fail_op = "domain_create";
	x->e->f.fail_nth = 2;
	assert_int_equal(ag_monitor_run(&x->m, &end, &err), -EIO);
	assert_int_equal(end, AG_MONITOR_FAILED);
	assert_non_null(strstr(err.msg, "restarting \"guest\": create: stage createdomain failed"));
	fx_free(x);
}

static void actions_follow_the_reasons(void **state)
{
	struct ag_guest g;

	(void)state;
	memset(&g, 0, sizeof(g));
	g.on_poweroff = AG_ACTION_PRESERVE;
	g.on_reboot = AG_ACTION_RENAME_RESTART;
	g.on_crash = AG_ACTION_COREDUMP_DESTROY;
	g.on_watchdog = AG_ACTION_COREDUMP_RESTART;
	g.on_soft_reset = AG_ACTION_RESTART;
	assert_int_equal(ag_monitor_action(&g, AG_SHUTDOWN_POWEROFF), AG_ACTION_PRESERVE);
	assert_int_equal(ag_monitor_action(&g, AG_SHUTDOWN_REBOOT), AG_ACTION_RENAME_RESTART);
	assert_int_equal(ag_monitor_action(&g, AG_SHUTDOWN_CRASH), AG_ACTION_COREDUMP_DESTROY);
	assert_int_equal(ag_monitor_action(&g, AG_SHUTDOWN_WATCHDOG), AG_ACTION_COREDUMP_RESTART);
	assert_int_equal(ag_monitor_action(&g, AG_SHUTDOWN_SOFT_RESET), AG_ACTION_RESTART);
	assert_int_equal(ag_monitor_action(&g, 99), AG_ACTION_DESTROY);
}

/* `destroy` finds the monitor through its lock, stops it, and waits for it. */
static void monitor_stop_ends_the_lock_holder(void **state)
{
	struct create_env *e = env_new();
	int ready[2], status;
	long stopped = -1;
	pid_t child;
	char b;

	(void)state;
	assert_int_equal(ag_monitor_stop(e->run_dir, "guest", 1000, &stopped), 0);
	assert_int_equal(stopped, 0); /* none runs */
	assert_int_equal(pipe(ready), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		struct ag_err err;
		int fd;

		if (ag_monitor_lock_take(e->run_dir, "guest", &fd, &err))
			_exit(3);
		(void)!write(ready[1], "r", 1);
		for (;;)
			pause();
	}
	assert_int_equal(read(ready[0], &b, 1), 1);
	{
		struct ag_err err;
		int fd;

		assert_int_equal(ag_monitor_lock_take(e->run_dir, "guest", &fd, &err), -EBUSY);
		assert_non_null(strstr(err.msg, "already has a monitor"));
	}
	assert_int_equal(ag_monitor_stop(e->run_dir, "guest", 5000, &stopped), 0);
	assert_int_equal(stopped, child);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	close(ready[0]);
	close(ready[1]);
	env_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(poweroff_destroys_the_domain_and_its_record),
		cmocka_unit_test(reboot_restarts_a_new_domain_of_the_same_name),
		cmocka_unit_test(rename_restart_keeps_the_old_domain_under_a_new_name),
		cmocka_unit_test(preserve_leaves_the_domain),
		cmocka_unit_test(crash_and_watchdog_destroy_by_default),
		cmocka_unit_test(coredump_destroy_dumps_where_xl_does_then_destroys),
		cmocka_unit_test(coredump_restart_dumps_then_restarts),
		cmocka_unit_test(soft_reset_destroys_as_xls_failed_soft_reset_does),
		cmocka_unit_test(suspend_leaves_the_domain),
		cmocka_unit_test(a_domain_destroyed_elsewhere_ends_the_monitor_quietly),
		cmocka_unit_test(sigterm_stops_the_monitor_and_leaves_the_domain),
		cmocka_unit_test(sigterm_during_a_restart_leaves_no_domain),
		cmocka_unit_test(a_virq_held_elsewhere_falls_back_to_looking),
		cmocka_unit_test(a_failed_restart_is_reported),
		cmocka_unit_test(actions_follow_the_reasons),
		cmocka_unit_test(monitor_stop_ends_the_lock_holder),
	};

	env_default_signals();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
