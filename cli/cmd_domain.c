/* SPDX-License-Identifier: MIT */
/*
 * The domain subcommands that need a hypervisor: create (once the plan is
 * made, cmd_create.c), destroy, list, console.  Argument parsing and
 * printing only; the work is in arm/ (creation, naming, console, the
 * lifecycle monitor).  They are reached through the table at the end
 * (xen_commands.h): built only with Xen, into the binary or into the module
 * armguest-xen-commands.so.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "load.h"
#include "version.h"
#include "xen_commands.h"

#include "../arm/console.h"
#include "../arm/create.h"
#include "../arm/domains.h"
#include "../arm/lock.h"
#include "../arm/monitor.h"
#include "../arm/xenops.h"
#include "../common/diag.h"
#include "../common/timing.h"
#include "../platform/profile.h"
#include "../xl-parse/validate.h"
#include "../xl-parse/xlcfg.h"

static const char *run_dir(void)
{
	const char *dir = getenv("ARMGUEST_RUN_DIR");

	return dir && *dir ? dir : AG_RUN_DIR_DEFAULT;
}

static const char *end_text(enum ag_console_end end)
{
	switch (end) {
	case AG_CONSOLE_END_ESCAPE:
		return NULL;
	case AG_CONSOLE_END_GONE:
		return "no longer exists";
	case AG_CONSOLE_END_SHUTDOWN:
		return "has shut down";
	case AG_CONSOLE_END_INPUT_EOF:
		return "closed its console";
	case AG_CONSOLE_END_SIGNAL:
		return NULL; /* main re-raises it */
	}
	return NULL;
}

static int attach_console(const struct ag_xenops *ops, uint32_t domid, bool serial)
{
	struct ag_console_opts co = {
		.serial = serial,
		.in_fd = 0,
		.out_fd = 1,
		.escape_char = AG_CONSOLE_ESCAPE,
		.poll_ms = 200,
		/* xenconsoled names its pty shortly after the domain appears. */
		.tty_wait_ms = ops->xs_available(ops->ctx) ? 2000 : 0,
	};
	enum ag_console_end end = AG_CONSOLE_END_ESCAPE;
	struct ag_err err;
	const char *why;

	if (ag_console_attach(ops, run_dir(), domid, &co, &end, &err)) {
		fprintf(stderr, "armguest: console: %s\n", err.msg);
		return AG_EXIT_INVALID;
	}
	why = end_text(end);
	if (why)
		fprintf(stderr, "\narmguest: domain %u %s\n", domid, why);
	return AG_EXIT_OK;
}

static int open_ops(struct ag_xenops *ops, bool verbose)
{
	struct ag_err err;

	if (ag_xenops_open(ops, verbose, &err)) {
		fprintf(stderr, "armguest: %s\n", err.msg);
		return AG_EXIT_INVALID;
	}
	return AG_EXIT_OK;
}

/*
 * The lifecycle monitor (arm/monitor.c) over its own xenops handles, holding
 * its lock for its whole life so that `destroy` can stop it.  ready_fd (or
 * -1): one byte is written there once the lock is held, so that `create`
 * returns only when a `destroy` can find the monitor.
 */
static int run_monitor(const struct ag_guest *g, const struct ag_profile *p,
		       const struct ag_create_opts *opts, uint32_t domid, bool verbose, FILE *log,
		       int ready_fd)
{
	struct ag_monitor m = { .g = g, .p = p, .create = *opts, .run_dir = run_dir(),
				.log = log, .domid = domid };
	enum ag_monitor_end end;
	struct ag_xenops ops;
	struct ag_err err;
	int lock_fd, status;

	m.create.timings = NULL;   /* --timings reports the first create only */

	status = ag_monitor_lock_take(run_dir(), g->name, &lock_fd, &err);
	if (ready_fd >= 0) {
		(void)!write(ready_fd, status ? "n" : "y", 1);
		close(ready_fd);
	}
	if (status) {
		fprintf(log, "armguest: monitor: %s\n", err.msg);
		return AG_EXIT_INVALID;
	}
	status = open_ops(&ops, verbose);
	if (!status) {
		m.ops = &ops;
		if (ag_monitor_run(&m, &end, &err))
			status = AG_EXIT_INVALID;
		ag_xenops_close(&ops);
	}
	close(lock_fd);
	return status;
}

/*
 * xl's do_daemonize: a child in a session of its own, stdin from /dev/null,
 * stdout and stderr to the log.  Returns the child's pid in the parent, 0 in
 * the child, -errno.
 */
static pid_t detach(const char *log_path)
{
	pid_t pid;
	int null_fd, log_fd;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid != 0)
		return pid < 0 ? -errno : pid;
	(void)setsid();
	null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	log_fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (null_fd >= 0)
		(void)dup2(null_fd, 0);
	if (log_fd >= 0) {
		(void)dup2(log_fd, 1);
		(void)dup2(log_fd, 2);
	}
	if (null_fd > 2)
		close(null_fd);
	if (log_fd > 2)
		close(log_fd);
	return 0;
}

/*
 * Start the detached monitor.  In the parent: AG_EXIT_OK (or the error),
 * *in_child false.  In the child: the monitor's status once it is done,
 * *in_child true.
 */
static int spawn_monitor(struct ag_xenops *ops, const struct ag_guest *g,
			 const struct ag_profile *p, const struct ag_create_opts *opts,
			 uint32_t domid, bool verbose, bool *in_child)
{
	char log_path[4096], ready = 'n';
	int pipefd[2];
	pid_t pid;

	*in_child = false;
	if (ag_name_file_path(log_path, sizeof(log_path), run_dir(), "monitor", g->name, "log")) {
		fprintf(stderr, "armguest: %s: name too long for the monitor's log\n", run_dir());
		return AG_EXIT_INVALID;
	}
	pid = pipe2(pipefd, O_CLOEXEC) ? -errno : detach(log_path);
	if (pid < 0) {
		fprintf(stderr, "armguest: starting the monitor: %s; on_poweroff, on_reboot ..."
			" will not be acted on\n", strerror((int)-pid));
		return AG_EXIT_INVALID;
	}
	if (pid > 0) {
		close(pipefd[1]);
		while (read(pipefd[0], &ready, 1) < 0 && errno == EINTR)
			;
		close(pipefd[0]);
		if (ready != 'y') {
			fprintf(stderr, "armguest: the monitor did not start (see %s); on_poweroff,"
				" on_reboot ... will not be acted on\n", log_path);
			return AG_EXIT_INVALID;
		}
		fprintf(stderr, "armguest: monitor pid %ld acts on on_poweroff, on_reboot ...;"
			" log %s\n", (long)pid, log_path);
		return AG_EXIT_OK;
	}
	*in_child = true;
	close(pipefd[0]);
	/* The parent's handles are the parent's: the monitor opens its own. */
	ag_xenops_close(ops);
	return run_monitor(g, p, opts, domid, verbose, stdout, pipefd[1]);
}

static int xen_create_domain(const struct ag_guest *g, const struct ag_profile *p,
			     const struct cli_create_flags *fl)
{
	char *lockfile = ag_xl_lockfile();
	struct ag_create_opts opts = {
		.paused = fl->paused,
		.run_dir = run_dir(),
		.dtb_out = fl->dtb_out,
		.target_version = AG_XEN_TARGET,
		.xl_lockfile = lockfile,
		.timings = fl->timings,
	};
	struct ag_create_result *res = calloc(1, sizeof(*res));
	struct ag_xenops ops;
	struct ag_diags d;
	bool in_child = false;
	int status, rc;

	if (!res) {
		fprintf(stderr, "armguest: out of memory\n");
		free(lockfile);
		return AG_EXIT_INVALID;
	}
	status = open_ops(&ops, fl->verbose);
	if (status) {
		free(res);
		free(lockfile);
		return status;
	}
	ag_diags_init(&d);
	rc = ag_create_domain(&ops, g, p, &opts, res, &d);
	ag_timings_report(stderr, fl->timings);     /* the total ends here: at unpause, or the failure */
	ag_diags_print(stderr, &d);
	ag_diags_free(&d);
	if (rc) {
		fprintf(stderr, "armguest: %s\n", res->msg);
		status = AG_EXIT_INVALID;
	} else {
		fprintf(stderr, "armguest: domain %u (%s) created%s, vGIC %s, %s\n", res->domid,
			g->name, fl->paused ? " and left paused" : "", ag_gic_name(res->gic),
			res->xenstore ? "xenstore entries written"
				      : "no xenstored (armguest serves the console)");
		/* The domain exists: create succeeded, whatever comes after. */
		if (fl->monitor == CLI_MONITOR_DAEMON)
			(void)spawn_monitor(&ops, g, p, &opts, res->domid, fl->verbose, &in_child);
		if (in_child) {
			status = AG_EXIT_OK;
		} else {
			if (fl->console)
				(void)attach_console(&ops, res->domid, false);
			if (fl->monitor == CLI_MONITOR_FOREGROUND)
				(void)run_monitor(g, p, &opts, res->domid, fl->verbose, stderr, -1);
		}
	}
	if (!in_child)
		ag_xenops_close(&ops);
	free(res);
	free(lockfile);
	return status;
}

/* "DOM" → domid, or an exit status. */
static int lookup(const struct ag_xenops *ops, const char *cmd, const char *spec, uint32_t *domid)
{
	struct ag_err err;

	if (ag_domain_lookup(ops, run_dir(), spec, domid, &err)) {
		fprintf(stderr, "armguest %s: %s\n", cmd, err.msg);
		return AG_EXIT_INVALID;
	}
	return AG_EXIT_OK;
}

/* Stop name's monitor: AG_EXIT_OK (*stopped: one ran) or AG_EXIT_INVALID. */
static int stop_monitor(const char *name, bool *stopped)
{
	long pid;
	int rc = ag_monitor_stop(run_dir(), name, AG_MONITOR_STOP_WAIT_MS, &pid);

	if (rc) {
		fprintf(stderr, "armguest destroy: stopping the monitor of \"%s\": %s\n", name,
			strerror(-rc));
		return AG_EXIT_INVALID;
	}
	*stopped = *stopped || pid > 0;
	return AG_EXIT_OK;
}

static bool is_domid(const char *spec)
{
	return *spec && strspn(spec, "0123456789") == strlen(spec);
}

/*
 * The domain's monitor is stopped first, so that it does not restart what is
 * being destroyed.  Given a name, before the lookup: a monitor between a
 * restart's destroy and its create has no domain to find, and one stopped
 * in the middle of a restart unwinds its new domain, so the name is looked
 * up after it.
 */
static int xen_destroy(int argc, char **argv)
{
	char name[AG_NAME_MAX];
	struct ag_xenops ops;
	bool stopped = false;
	uint32_t domid;
	struct ag_err err;
	int status;

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: armguest destroy DOM   (a domid or a name)\n");
		return AG_EXIT_OK;
	}
	if (argc != 2 || argv[1][0] == '-') {
		fprintf(stderr, "usage: armguest destroy DOM   (a domid or a name)\n");
		return AG_EXIT_USAGE;
	}
	status = open_ops(&ops, false);
	if (status)
		return status;
	if (!is_domid(argv[1]))
		status = stop_monitor(argv[1], &stopped);
	if (!status && stopped && ag_domain_lookup(&ops, run_dir(), argv[1], &domid, &err) == -ESRCH) {
		fprintf(stderr, "armguest destroy: stopped the monitor of \"%s\"; no domain of"
			" that name was left\n", argv[1]);
		ag_xenops_close(&ops);
		return AG_EXIT_OK;
	}
	if (!status)
		status = lookup(&ops, "destroy", argv[1], &domid);
	if (!status && !stopped && !ag_domain_name(&ops, run_dir(), domid, name, sizeof(name)))
		status = stop_monitor(name, &stopped);
	if (!status && ag_domain_destroy(&ops, run_dir(), domid, &err)) {
		fprintf(stderr, "armguest destroy: %s\n", err.msg);
		status = AG_EXIT_INVALID;
	}
	ag_xenops_close(&ops);
	return status;
}

static int xen_list(int argc, char **argv)
{
	struct ag_xenops ops;
	int status, rc;

	(void)argv;
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: armguest list\n");
		return AG_EXIT_OK;
	}
	if (argc != 1) {
		fprintf(stderr, "usage: armguest list\n");
		return AG_EXIT_USAGE;
	}
	status = open_ops(&ops, false);
	if (status)
		return status;
	rc = ag_domain_list(&ops, run_dir(), stdout);
	if (rc) {
		fprintf(stderr, "armguest list: %s\n", strerror(-rc));
		status = AG_EXIT_INVALID;
	}
	ag_xenops_close(&ops);
	return status;
}

static int xen_console(int argc, char **argv)
{
	const char *usage = "usage: armguest console [-t pv|serial] DOM   (Ctrl-] detaches)\n";
	struct ag_xenops ops;
	bool serial = false;
	uint32_t domid;
	int opt, status;

	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};

	optind = 1;
	while ((opt = getopt_long(argc, argv, "+t:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 't':
			if (!strcmp(optarg, "serial")) {
				serial = true;
			} else if (strcmp(optarg, "pv")) {
				fprintf(stderr, "armguest console: -t takes pv or serial\n");
				return AG_EXIT_USAGE;
			}
			break;
		case 'h':
			fputs(usage, stdout);
			return AG_EXIT_OK;
		default:
			fputs(usage, stderr);
			return AG_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fputs(usage, stderr);
		return AG_EXIT_USAGE;
	}
	status = open_ops(&ops, false);
	if (status)
		return status;
	status = lookup(&ops, "console", argv[optind], &domid);
	if (!status)
		status = attach_console(&ops, domid, serial);
	ag_xenops_close(&ops);
	return status;
}

/* The only symbol the module exports (api/armguest-xen-commands.map). */
__attribute__((visibility("default")))
const struct ag_xen_commands ag_xen_commands = {
	.tag = AG_XEN_COMMANDS_TAG,
	.guest_size = sizeof(struct ag_guest),
	.create_domain = xen_create_domain,
	.destroy = xen_destroy,
	.list = xen_list,
	.console = xen_console,
};
