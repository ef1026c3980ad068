/* SPDX-License-Identifier: MIT */
/*
 * Managing what create started: state files, naming domains with and
 * without xenstore, list in xl's format, destroy by name or domid.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <glob.h>
#include <sys/wait.h>

#include "arm/domains.h"
#include "common/sig.h"
#include "test_create_env.h"

static struct ag_state a_state(uint32_t domid, const char *name, uint8_t uuid_byte)
{
	struct ag_state s;

	memset(&s, 0, sizeof(s));
	s.domid = domid;
	snprintf(s.name, sizeof(s.name), "%s", name);
	memset(s.uuid, uuid_byte, sizeof(s.uuid));
	s.memory_kib = 262144;
	s.console_port = 2;
	s.console_gfn = 0x39000;
	s.vuart = true;
	s.vuart_port = 3;
	s.vuart_gfn = 0x39003;
	return s;
}

/* Domain domid in the fake, with the handle a_state(…, uuid_byte) records. */
static struct fake_domain *live(struct create_env *e, uint32_t domid, uint8_t uuid_byte)
{
	struct fake_domain *d = fake_add_domain(&e->f, domid);

	assert_non_null(d);
	memset(d->handle, uuid_byte, sizeof(d->handle));
	return d;
}

static void state_file_round_trips(void **state)
{
	struct create_env *e = env_new();
	struct ag_state in = a_state(5, "web server", 0x11), out;

	(void)state;
	assert_int_equal(ag_state_write(e->run_dir, &in), 0);
	assert_int_equal(ag_state_read(e->run_dir, 5, &out), 0);
	assert_int_equal(out.domid, 5);
	assert_string_equal(out.name, "web server");
	assert_memory_equal(out.uuid, in.uuid, AG_UUID_SIZE);
	assert_int_equal(out.memory_kib, 262144);
	assert_int_equal(out.console_port, 2);
	assert_int_equal(out.console_gfn, 0x39000);
	assert_true(out.vuart);
	assert_int_equal(out.vuart_port, 3);
	assert_int_equal(out.vuart_gfn, 0x39003);
	assert_false(out.xenstore);
	env_free(e);
}

/* Put text in the run directory as domid's state file; its path goes to path. */
static void put_state_text(struct create_env *e, uint32_t domid, const char *text,
			   char *path, size_t len)
{
	FILE *f;

	assert_int_equal(mkdir(e->run_dir, 0700), 0);
	snprintf(path, len, "%s/%u.state", e->run_dir, domid);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void state_file_without_a_uuid_is_malformed(void **state)
{
	struct create_env *e = env_new();
	struct ag_state out;
	char path[256];

	(void)state;
	put_state_text(e, 4, "domid=4\nname=x\n", path, sizeof(path));
	assert_int_equal(ag_state_read(e->run_dir, 4, &out), -EINVAL);
	env_free(e);
}

static void a_name_with_a_newline_is_not_stored(void **state)
{
	struct create_env *e = env_new();
	struct ag_state in = a_state(5, "a\nb", 0x11);

	(void)state;
	assert_int_equal(ag_state_write(e->run_dir, &in), -EINVAL);
	env_free(e);
}

static void state_of_a_vanished_domain_is_removed(void **state)
{
	struct create_env *e = env_new();
	struct ag_state in = a_state(5, "gone", 0x11), out;

	(void)state;
	assert_int_equal(ag_state_write(e->run_dir, &in), 0);
	assert_int_equal(ag_domain_state(&e->ops, e->run_dir, 5, &out), -ESTALE);
	assert_int_equal(ag_state_read(e->run_dir, 5, &out), -ENOENT);
	env_free(e);
}

static void state_of_a_reused_domid_is_removed(void **state)
{
	struct create_env *e = env_new();
	struct ag_state in = a_state(5, "old", 0x11), out;

	(void)state;
	live(e, 5, 0x22); /* someone else's domain 5 now */
	assert_int_equal(ag_state_write(e->run_dir, &in), 0);
	assert_int_equal(ag_domain_state(&e->ops, e->run_dir, 5, &out), -ESTALE);
	assert_int_equal(ag_state_read(e->run_dir, 5, &out), -ENOENT);
	env_free(e);
}

/* A record that cannot be read is not a malformed one: it is kept. */
static void an_unreadable_state_file_is_kept(void **state)
{
	struct create_env *e = env_new();
	struct ag_state out;
	char path[256];

	(void)state;
	assert_int_equal(mkdir(e->run_dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/5.state", e->run_dir);
	assert_int_equal(symlink("5.state", path), 0); /* ELOOP on open */
	assert_int_equal(ag_domain_state(&e->ops, e->run_dir, 5, &out), -ELOOP);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(errno, ELOOP);
	env_free(e);
}

static void a_malformed_state_file_is_removed(void **state)
{
	struct create_env *e = env_new();
	struct ag_state out;
	char path[256];

	(void)state;
	put_state_text(e, 5, "domid=5\nname=x\n", path, sizeof(path));
	assert_int_equal(ag_domain_state(&e->ops, e->run_dir, 5, &out), -ESTALE);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(errno, ENOENT);
	env_free(e);
}

/* The old fixed temporary name, planted as a link, is not followed. */
static void writing_a_state_file_follows_no_planted_link(void **state)
{
	struct create_env *e = env_new();
	struct ag_state in = a_state(5, "guest", 0x11), out;
	char victim[256], link[256], buf[16] = { 0 };
	FILE *f;

	(void)state;
	assert_int_equal(mkdir(e->run_dir, 0700), 0);
	snprintf(victim, sizeof(victim), "%s/victim", e->dir);
	f = fopen(victim, "w");
	assert_non_null(f);
	fputs("keep", f);
	fclose(f);
	snprintf(link, sizeof(link), "%s/5.state.tmp", e->run_dir);
	assert_int_equal(symlink(victim, link), 0);
	assert_int_equal(ag_state_write(e->run_dir, &in), 0);
	f = fopen(victim, "r");
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, sizeof(buf) - 1, f), 4);
	fclose(f);
	assert_string_equal(buf, "keep");
	assert_int_equal(ag_state_read(e->run_dir, 5, &out), 0);
	assert_string_equal(out.name, "guest");
	env_free(e);
}

static void name_without_xenstore_comes_from_the_state_file(void **state)
{
	struct create_env *e = env_new();
	struct ag_state in = a_state(5, "guest", 0x11);
	uint32_t domid = 0;
	struct ag_err err = { 0 };

	(void)state;
	live(e, 5, 0x11);
	assert_int_equal(ag_state_write(e->run_dir, &in), 0);
	assert_int_equal(ag_domain_lookup(&e->ops, e->run_dir, "guest", &domid, &err),
			 0);
	assert_int_equal(domid, 5);
	assert_int_equal(fake_count(&e->f, "xs_read"), 0);
	env_free(e);
}

static void name_with_xenstore_comes_from_xenstore(void **state)
{
	struct create_env *e = env_new();
	uint32_t domid = 0;
	struct ag_err err = { 0 };

	(void)state;
	e->f.xs = true;
	live(e, 6, 0x33);
	fk_xs_write(&e->f, "/local/domain/6/name", "made-by-xl");
	assert_int_equal(ag_domain_lookup(&e->ops, e->run_dir, "made-by-xl", &domid, &err), 0);
	assert_int_equal(domid, 6);
	env_free(e);
}

static void unknown_name_is_reported(void **state)
{
	struct create_env *e = env_new();
	uint32_t domid;
	struct ag_err err = { 0 };
	char *msg = err.msg;

	(void)state;
	assert_int_equal(ag_domain_lookup(&e->ops, e->run_dir, "nobody", &domid, &err),
			 -ESRCH);
	assert_string_equal(msg, "no domain is called 'nobody'");
	env_free(e);
}

static void unknown_domid_is_reported(void **state)
{
	struct create_env *e = env_new();
	uint32_t domid;
	struct ag_err err = { 0 };
	char *msg = err.msg;

	(void)state;
	assert_int_equal(ag_domain_lookup(&e->ops, e->run_dir, "9", &domid, &err),
			 -ESRCH);
	assert_string_equal(msg, "domain 9 does not exist");
	env_free(e);
}

static void a_shared_name_needs_a_domid(void **state)
{
	struct create_env *e = env_new();
	uint32_t domid;
	struct ag_err err = { 0 };
	char *msg = err.msg;

	(void)state;
	e->f.xs = true;
	live(e, 6, 0x33);
	live(e, 7, 0x44);
	fk_xs_write(&e->f, "/local/domain/6/name", "twin");
	fk_xs_write(&e->f, "/local/domain/7/name", "twin");
	assert_int_equal(ag_domain_lookup(&e->ops, e->run_dir, "twin", &domid, &err),
			 -ENOTUNIQ);
	assert_string_equal(msg, "2 domains are called 'twin': give a domid");
	env_free(e);
}

static void list_prints_xl_columns(void **state)
{
	struct create_env *e = env_new();
	struct ag_state in = a_state(5, "guest", 0x11);
	struct fake_domain *d;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	d = live(e, 5, 0x11);
	d->paused = true;
	d->tot_pages = 65536;
	d->max_vcpus = 1;
	assert_int_equal(ag_state_write(e->run_dir, &in), 0);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(ag_domain_list(&e->ops, e->run_dir, f), 0);
	fclose(f);
	assert_string_equal(buf,
			    "Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
			    "Domain-0                                     0     0     0     r-----       0.0\n"
			    "guest                                        5   256     1     --p---       0.0\n");
	free(buf);
	env_free(e);
}

/* A name is printed with its control bytes escaped, padded by what is printed. */
static void list_escapes_a_name(void **state)
{
	struct create_env *e = env_new();
	struct ag_state in = a_state(5, "\033]0;x\007\033[2Jevil", 0x11);
	struct fake_domain *d;
	char *buf = NULL, want[96];
	size_t len = 0;
	FILE *f;

	(void)state;
	d = live(e, 5, 0x11);
	d->tot_pages = 65536;
	d->max_vcpus = 1;
	assert_int_equal(ag_state_write(e->run_dir, &in), 0);
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(ag_domain_list(&e->ops, e->run_dir, f), 0);
	fclose(f);
	snprintf(want, sizeof(want), "\n%-40s %5d %5d %5d", "\\x1b]0;x\\x07\\x1b[2Jevil", 5, 256, 1);
	if (!strstr(buf, want))
		fail_msg("%s", buf);
	assert_null(strchr(buf, '\033'));
	free(buf);
	env_free(e);
}

static void list_forgets_domains_destroyed_by_others(void **state)
{
	struct create_env *e = env_new();
	struct ag_state in = a_state(5, "gone", 0x11), out;
	FILE *f = fopen("/dev/null", "w");

	(void)state;
	assert_non_null(f);
	assert_int_equal(ag_state_write(e->run_dir, &in), 0);
	assert_int_equal(ag_domain_list(&e->ops, e->run_dir, f), 0);
	fclose(f);
	assert_int_equal(ag_state_read(e->run_dir, 5, &out), -ENOENT);
	env_free(e);
}

static void state_letters_follow_xl(void **state)
{
	struct ag_dominfo info = { .blocked = true, .shutdown = true, .shutdown_reason = 3,
				   .dying = true };
	char s[7];

	(void)state;
	ag_dominfo_state(&info, s);
	assert_string_equal(s, "-b-scd");
}

static void destroy_removes_the_domain_its_entries_and_its_state(void **state)
{
	struct create_env *e = env_new();
	struct ag_state out;
	struct ag_err err = { 0 };

	(void)state;
	e->f.xs = true;
	e->g.vuart = true;
	assert_int_equal(env_create(e), 0);
	assert_non_null(fake_xs_get(&e->f, "/local/domain/0/backend/console/1/0/frontend"));
	assert_int_equal(ag_domain_destroy(&e->ops, e->run_dir, 1, &err), 0);
	assert_null(fake_dom(&e->f, 1));
	for (size_t i = 0; i < e->f.n_xs; i++) {
		assert_null(strstr(e->f.xs_entries[i].path, "/1/"));
		assert_null(strstr(e->f.xs_entries[i].path, "/vm/"));
	}
	assert_int_equal(ag_state_read(e->run_dir, 1, &out), -ENOENT);
	env_free(e);
}

/*
 * A SIGINT, SIGTERM, SIGHUP or SIGPIPE while destroy runs does not cut it
 * short: the domain, its entries and its record all go, and the signal is
 * left for main to re-raise.
 */
static void a_signal_during_destroy_lets_it_finish(void **state)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };

	(void)state;
	for (size_t s = 0; s < sizeof(sigs) / sizeof(sigs[0]); s++) {
		struct create_env *e = env_new();
		struct ag_state out;
		struct ag_err err = { 0 };
		struct sigaction sa;

		e->f.xs = true;
		e->g.vuart = true;
		assert_int_equal(env_create(e), 0);
		e->f.raise_op = "domain_destroy";
		e->f.raise_nth = 1;
		e->f.raise_sig = sigs[s];
		ag_sig_forget();
		assert_int_equal(ag_domain_destroy(&e->ops, e->run_dir, 1, &err), 0);
		assert_int_equal(ag_sig_caught(), sigs[s]);
		ag_sig_forget();
		assert_null(fake_dom(&e->f, 1));
		assert_null(fake_xs_get(&e->f, "/local/domain/1/name"));
		assert_int_equal(ag_state_read(e->run_dir, 1, &out), -ENOENT);
		assert_int_equal(sigaction(sigs[s], NULL, &sa), 0);
		assert_ptr_equal(sa.sa_handler, SIG_DFL);
		env_free(e);
	}
}

/* The guest owns its frontend directory: a `backend` link it rewrote is not followed. */
static void destroy_ignores_a_backend_link_the_guest_rewrote(void **state)
{
	static const char *const forged[] = {
		"/local/domain/0/backend/vbd/7/51712",     /* another domain's disk */
		"/local/domain/0/backend/console/7/0",     /* another guest's console */
		"/local/domain/0/backend/console/1/0/../../7/0",
		"/local",
	};
	struct ag_err err = { 0 };

	(void)state;
	for (size_t i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		struct create_env *e = env_new();

		e->f.xs = true;
		assert_int_equal(env_create(e), 0);
		assert_int_equal(e->ops.xs_write(e->ops.ctx, "/local/domain/0/backend/vbd/7/51712/state",
						 "4"), 0);
		assert_int_equal(e->ops.xs_write(e->ops.ctx, "/local/domain/0/backend/console/7/0/state",
						 "4"), 0);
		assert_int_equal(e->ops.xs_write(e->ops.ctx, "/local/domain/1/console/backend",
						 forged[i]), 0);
		assert_int_equal(ag_domain_destroy(&e->ops, e->run_dir, 1, &err), 0);
		assert_string_equal(fake_xs_get(&e->f, "/local/domain/0/backend/vbd/7/51712/state"), "4");
		assert_string_equal(fake_xs_get(&e->f, "/local/domain/0/backend/console/7/0/state"), "4");
		env_free(e);
	}
}

static void destroy_by_name_works_without_xenstore(void **state)
{
	struct create_env *e = env_new();
	uint32_t domid = 0;
	struct ag_err err = { 0 };

	(void)state;
	assert_int_equal(env_create(e), 0);
	assert_int_equal(ag_domain_lookup(&e->ops, e->run_dir, "guest", &domid, &err),
			 0);
	assert_int_equal(domid, 1);
	assert_int_equal(ag_domain_destroy(&e->ops, e->run_dir, domid, &err), 0);
	assert_int_equal(fake_count(&e->f, "domain_destroy 1"), 1);
	assert_int_equal(fake_count(&e->f, "xs_"), 0);
	env_free(e);
}

static void destroy_refuses_dom0(void **state)
{
	struct create_env *e = env_new();
	struct ag_err err = { 0 };
	char *msg = err.msg;

	(void)state;
	assert_int_equal(ag_domain_destroy(&e->ops, e->run_dir, 0, &err), -EPERM);
	assert_string_equal(msg, "refusing to destroy domain 0");
	assert_int_equal(fake_count(&e->f, "domain_destroy"), 0);
	env_free(e);
}

static void a_second_create_with_the_same_name_is_refused(void **state)
{
	struct create_env *e = env_new();

	(void)state;
	assert_int_equal(env_create(e), 0);
	assert_int_equal(env_create(e), -EEXIST);
	assert_string_equal(e->res.msg, "create: stage name_check failed: domain with name"
			    " \"guest\" already exists (domain 1)");
	env_free(e);
}

/*
 * Two creates of one name at once: the first, held inside createdomain
 * (after its name check, before its state is recorded), holds armguest's
 * name lock and xl's lock file; the second is refused at its name check
 * with the first one's pid, and the first then finishes.
 */
static void a_concurrent_create_of_the_same_name_is_refused_with_the_holders_pid(void **state)
{
	struct create_env *e = env_new(), *e2;
	int announce[2], resume[2], status, rc;
	char b, want[160];
	pid_t child;
	glob_t g;

	(void)state;
	assert_int_equal(pipe(announce), 0);
	assert_int_equal(pipe(resume), 0);
	fflush(NULL);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		/* The first create, in its own process (fcntl locks are per process). */
		close(announce[0]);
		close(resume[1]);
		e->f.pause_op = "domain_create";
		e->f.announce_fd = announce[1];
		e->f.resume_fd = resume[0];
		e->f.probe_op = "domain_create";
		e->f.probe_path[0] = e->xl_lock;
		if (env_create(e) != 0 || e->f.probe_pid[0] != (long)getpid())
			_exit(1);
		/* Both released once the domain is recorded. */
		snprintf(want, sizeof(want), "%s/name-*.lock", e->run_dir);
		if (glob(want, 0, NULL, &g) || g.gl_pathc != 1 ||
		    fake_lock_holder(g.gl_pathv[0]) != 0 || fake_lock_holder(e->xl_lock) != 0)
			_exit(2);
		_exit(0);
	}
	close(announce[1]);
	close(resume[0]);
	assert_int_equal(read(announce[0], &b, 1), 1);

	/* The second: the same run directory, xl lock file and name. */
	e2 = env_new();
	strcpy(e2->run_dir, e->run_dir);
	strcpy(e2->xl_lock, e->xl_lock);
	rc = env_create(e2);
	/* Let the first one finish before anything can fail here. */
	assert_int_equal(write(resume[1], "x", 1), 1);
	close(resume[1]);
	close(announce[0]);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_int_equal(rc, -EBUSY);
	assert_string_equal(e2->res.failed_stage, "name_check");
	snprintf(want, sizeof(want), "create: stage name_check failed: domain name \"guest\" is"
		 " being created by armguest pid %ld", (long)child);
	assert_memory_equal(e2->res.msg, want, strlen(want));
	assert_int_equal(fake_count(&e2->f, "domain_create"), 0);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	env_free(e2);
	env_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(state_file_round_trips),
		cmocka_unit_test(state_file_without_a_uuid_is_malformed),
		cmocka_unit_test(a_name_with_a_newline_is_not_stored),
		cmocka_unit_test(state_of_a_vanished_domain_is_removed),
		cmocka_unit_test(state_of_a_reused_domid_is_removed),
		cmocka_unit_test(an_unreadable_state_file_is_kept),
		cmocka_unit_test(a_malformed_state_file_is_removed),
		cmocka_unit_test(writing_a_state_file_follows_no_planted_link),
		cmocka_unit_test(name_without_xenstore_comes_from_the_state_file),
		cmocka_unit_test(name_with_xenstore_comes_from_xenstore),
		cmocka_unit_test(unknown_name_is_reported),
		cmocka_unit_test(unknown_domid_is_reported),
		cmocka_unit_test(a_shared_name_needs_a_domid),
		cmocka_unit_test(list_prints_xl_columns),
		cmocka_unit_test(list_forgets_domains_destroyed_by_others),
		cmocka_unit_test(list_escapes_a_name),
		cmocka_unit_test(state_letters_follow_xl),
		cmocka_unit_test(destroy_removes_the_domain_its_entries_and_its_state),
		cmocka_unit_test(destroy_ignores_a_backend_link_the_guest_rewrote),
		cmocka_unit_test(destroy_by_name_works_without_xenstore),
		cmocka_unit_test(destroy_refuses_dom0),
		cmocka_unit_test(a_signal_during_destroy_lets_it_finish),
		cmocka_unit_test(a_second_create_with_the_same_name_is_refused),
		cmocka_unit_test(a_concurrent_create_of_the_same_name_is_refused_with_the_holders_pid),
	};

	env_default_signals();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
