/* SPDX-License-Identifier: MIT */
/*
 * The console armguest serves itself (no xenconsoled): the ring protocol,
 * copying the guest's output out and our input in, ending when the domain
 * goes or on Ctrl-]; and relaying xenconsoled's pty when it serves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#ifdef AG_HAVE_XEN
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <termios.h>
#include <xen/io/console.h>

#include "arm/console.h"
#include "arm/console_loop.h"
#include "common/sig.h"
#include "test_create_env.h"

struct console_env {
	struct create_env *e;
	struct xencons_interface *ring;
	int out[2];              /* the console writes out[1]; we read out[0] */
	struct ag_console_opts o;
};

static void guest_writes(struct xencons_interface *r, const char *s)
{
	for (; *s; s++)
		r->out[MASK_XENCONS_IDX(r->out_prod++, r->out)] = *s;
}

static struct console_env *console_env(void)
{
	struct console_env *c = calloc(1, sizeof(*c));
	struct ag_state st;

	assert_non_null(c);
	c->e = env_new();
	c->ring = calloc(1, 4096);
	assert_non_null(c->ring);
	c->e->f.guest_page = c->ring;
	assert_int_equal(pipe(c->out), 0);
	c->o = (struct ag_console_opts){ .in_fd = -1, .out_fd = c->out[1], .escape_char = 0x1d,
					 .poll_ms = 5, .tty_wait_ms = 0 };
	/* Domain 1, created by armguest (its state file), no xenstore. */
	memset(&st, 0, sizeof(st));
	st.domid = 1;
	strcpy(st.name, "guest");
	memset(st.uuid, 0x11, sizeof(st.uuid));
	st.console_port = 2;
	st.console_gfn = 0x39000;
	memset(fake_add_domain(&c->e->f, 1)->handle, 0x11, AG_UUID_SIZE);
	assert_int_equal(ag_state_write(c->e->run_dir, &st), 0);
	return c;
}

static char *console_output(struct console_env *c)
{
	static char buf[4096];
	ssize_t n;

	close(c->out[1]);
	n = read(c->out[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

static void console_env_free(struct console_env *c)
{
	close(c->out[0]);
	free(c->ring);
	env_free(c->e);
	free(c);
}

static void ring_read_takes_what_the_guest_wrote_across_the_wrap(void **state)
{
	struct xencons_interface *r = calloc(1, sizeof(*r));
	char buf[16];

	(void)state;
	assert_non_null(r);
	r->out_cons = r->out_prod = sizeof(r->out) - 3;
	guest_writes(r, "abcdef");
	assert_int_equal(ag_ring_read_out(r, buf, sizeof(buf)), 6);
	assert_memory_equal(buf, "abcdef", 6);
	assert_int_equal(r->out_cons, r->out_prod);
	assert_int_equal(ag_ring_read_out(r, buf, sizeof(buf)), 0);
	free(r);
}

static void ring_read_stops_at_the_buffer_size(void **state)
{
	struct xencons_interface *r = calloc(1, sizeof(*r));
	char buf[4];

	(void)state;
	assert_non_null(r);
	guest_writes(r, "0123456789");
	assert_int_equal(ag_ring_read_out(r, buf, sizeof(buf)), 4);
	assert_memory_equal(buf, "0123", 4);
	assert_int_equal(r->out_cons, 4);
	free(r);
}

static void ring_write_stops_when_the_ring_is_full(void **state)
{
	struct xencons_interface *r = calloc(1, sizeof(*r));
	char big[1100];

	(void)state;
	assert_non_null(r);
	memset(big, 'x', sizeof(big));
	assert_int_equal(ag_ring_write_in(r, big, sizeof(big)), 1024);
	assert_int_equal(r->in_prod, 1024);
	assert_int_equal(ag_ring_write_in(r, "y", 1), 0);
	r->in_cons = 10; /* the guest read 10 bytes */
	assert_int_equal(ag_ring_write_in(r, big, sizeof(big)), 10);
	free(r);
}

static void console_copies_the_output_until_the_domain_is_gone(void **state)
{
	struct console_env *c = console_env();
	enum ag_console_end end = AG_CONSOLE_END_ESCAPE;
	struct ag_err err = { 0 };

	(void)state;
	guest_writes(c->ring, "Booting Linux\r\n");
	c->e->f.die_after = 3;
	assert_int_equal(ag_console_attach(&c->e->ops, c->e->run_dir, 1, &c->o, &end, &err), 0);
	assert_int_equal(end, AG_CONSOLE_END_GONE);
	assert_string_equal(console_output(c), "Booting Linux\r\n");
	assert_int_equal(c->ring->out_cons, c->ring->out_prod);
	assert_true(fake_find(&c->e->f, "map_guest_page 1 0x39000", false) >= 0);
	assert_true(fake_find(&c->e->f, "evtchn_bind 1 2", false) >= 0);
	assert_true(fake_count(&c->e->f, "evtchn_notify 2") >= 1);
	assert_true(fake_find(&c->e->f, "evtchn_close", false) >= 0);
	console_env_free(c);
}

static void console_ends_when_the_guest_shuts_down(void **state)
{
	struct console_env *c = console_env();
	enum ag_console_end end = AG_CONSOLE_END_ESCAPE;
	struct ag_err err = { 0 };

	(void)state;
	fake_dom(&c->e->f, 1)->shutdown = true;
	guest_writes(c->ring, "reboot: Power down\r\n");
	assert_int_equal(ag_console_attach(&c->e->ops, c->e->run_dir, 1, &c->o, &end, &err), 0);
	assert_int_equal(end, AG_CONSOLE_END_SHUTDOWN);
	assert_string_equal(console_output(c), "reboot: Power down\r\n");
	console_env_free(c);
}

static void console_feeds_input_and_detaches_on_ctrl_bracket(void **state)
{
	struct console_env *c = console_env();
	enum ag_console_end end = AG_CONSOLE_END_GONE;
	struct ag_err err = { 0 };
	int in[2];

	(void)state;
	assert_int_equal(pipe(in), 0);
	assert_int_equal(write(in[1], "ls\n\x1d" "after", 9), 9);
	c->o.in_fd = in[0];
	assert_int_equal(ag_console_attach(&c->e->ops, c->e->run_dir, 1, &c->o, &end, &err), 0);
	assert_int_equal(end, AG_CONSOLE_END_ESCAPE);
	assert_int_equal(c->ring->in_prod, 3);
	assert_memory_equal(c->ring->in, "ls\n", 3);
	assert_non_null(fake_dom(&c->e->f, 1)); /* detaching leaves the domain alone */
	close(in[0]);
	close(in[1]);
	console_output(c);
	console_env_free(c);
}

/*
 * A guest that keeps its ring full: every notification (we took its bytes)
 * refills all 2 KiB of it.  The relay still does bounded work per round
 * (at most AG_CONSOLE_ROUND_BYTES of output), reads the user's input and
 * asks after the domain every round.
 */
struct flood {
	struct console_env *c;
	int in_fd;               /* the user's side of the input pipe */
	unsigned escape_at;      /* write Ctrl-] at this notification (0: never) */
	unsigned notifies;
};

static void flood_refill(struct fake *f, void *arg)
{
	struct flood *fl = arg;
	struct xencons_interface *r = fl->c->ring;

	(void)f;
	while (r->out_prod - r->out_cons < sizeof(r->out))
		r->out[MASK_XENCONS_IDX(r->out_prod++, r->out)] = 'x';
	if (++fl->notifies == fl->escape_at && write(fl->in_fd, "\x1d", 1) != 1)
		fail_msg("cannot type Ctrl-]");
}

/* The guest's event channel stays pending: every notification queues many events. */
static void flood_events(struct fake *f, void *arg)
{
	const char *events = arg;

	if (f->last_evtchn) {
		int fl = fcntl(f->last_evtchn->fds[1], F_GETFL);

		fcntl(f->last_evtchn->fds[1], F_SETFL, fl | O_NONBLOCK);
		(void)!write(f->last_evtchn->fds[1], events, 4096);
	}
}

/* Everything the relay wrote, counted (the pipe is drained as it fills). */
static size_t drain(int fd)
{
	char buf[4096];
	size_t total = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		total += (size_t)n;
	return total;
}

static void a_flooding_guest_cannot_keep_ctrl_bracket_from_detaching(void **state)
{
	struct console_env *c = console_env();
	enum ag_console_end end = AG_CONSOLE_END_GONE;
	struct ag_err err = { 0 };
	struct flood fl = { .c = c, .escape_at = 20 };
	unsigned rounds;
	size_t bytes;
	int in[2];

	(void)state;
	alarm(60); /* a relay pinned in its drain loop fails here instead of hanging */
	assert_int_equal(pipe(in), 0);
	fl.in_fd = in[1];
	c->o.in_fd = in[0];
	/* The output pipe must hold all a bounded relay writes before it detaches. */
	assert_true(fcntl(c->out[1], F_SETPIPE_SZ, 1 << 20) >= 1 << 19);
	c->e->f.on_notify = flood_refill;
	c->e->f.on_notify_arg = &fl;
	flood_refill(&c->e->f, &fl);
	fl.notifies = 0;
	assert_int_equal(ag_console_attach(&c->e->ops, c->e->run_dir, 1, &c->o, &end, &err), 0);
	alarm(0);
	assert_int_equal(end, AG_CONSOLE_END_ESCAPE);
	rounds = fake_count(&c->e->f, "domain_getinfo");
	close(c->out[1]);
	bytes = drain(c->out[0]);
	c->out[1] = open("/dev/null", O_WRONLY);
	print_message("flooding guest: Ctrl-] typed at round %u, detached after %u rounds,"
		      " %zu bytes relayed (%zu per round)\n", fl.escape_at, rounds, bytes,
		      bytes / rounds);
	/* Ctrl-] typed at the 20th notification: seen within two more rounds. */
	assert_true(rounds >= 2 && rounds <= fl.escape_at + 2);
	/* At most one round's bytes per round, plus the last look after Ctrl-]. */
	assert_true(bytes <= (size_t)(rounds + 1) * AG_CONSOLE_ROUND_BYTES);
	assert_true(bytes >= (size_t)fl.escape_at * AG_CONSOLE_ROUND_BYTES / 2);
	close(in[0]);
	close(in[1]);
	console_env_free(c);
}

/*
 * A guest that notifies without pause (its event channel always pending):
 * the relay takes at most xenconsoled's 30 events per 200 ms period, and
 * leaves the port masked for the rest of the period.
 */
static void a_notifying_guest_gets_xenconsoleds_rate_limit(void **state)
{
	struct console_env *c = console_env();
	enum ag_console_end end = AG_CONSOLE_END_ESCAPE;
	struct ag_err err = { 0 };
	static char events[4096];
	uint64_t t0, ms;
	unsigned taken, unmasked, rounds, allowed;

	(void)state;
	alarm(60);
	c->e->f.die_after = 120;
	c->o.poll_ms = 5;
	t0 = ag_console_now_ms();
	/* From the relay's first notification on, the channel holds 4096 pending events. */
	c->e->f.on_notify = flood_events;
	c->e->f.on_notify_arg = events;
	assert_int_equal(ag_console_attach(&c->e->ops, c->e->run_dir, 1, &c->o, &end, &err), 0);
	ms = ag_console_now_ms() - t0;
	alarm(0);
	assert_int_equal(end, AG_CONSOLE_END_GONE);
	taken = fake_count(&c->e->f, "evtchn_take");
	unmasked = fake_count(&c->e->f, "evtchn_unmask");
	rounds = fake_count(&c->e->f, "domain_getinfo");
	allowed = AG_CONSOLE_RATE_ALLOWANCE * (unsigned)(ms / AG_CONSOLE_RATE_PERIOD_MS + 1);
	print_message("notifying guest: %u events taken in %u rounds over %u ms (at most %u"
		      " allowed), %u unmasks\n", taken, rounds, (unsigned)ms, allowed, unmasked);
	/* It did notify, and was limited: far fewer events than rounds. */
	assert_true(taken >= AG_CONSOLE_RATE_ALLOWANCE);
	assert_true(taken <= allowed);
	assert_true(taken < rounds);
	assert_true(unmasked <= taken);
	close(c->out[1]);
	drain(c->out[0]);
	c->out[1] = open("/dev/null", O_WRONLY);
	console_env_free(c);
}

/* The same guest, and the domain goes away: noticed in a round, not never. */
static void a_flooding_guest_that_dies_is_noticed(void **state)
{
	struct console_env *c = console_env();
	enum ag_console_end end = AG_CONSOLE_END_ESCAPE;
	struct ag_err err = { 0 };
	struct flood fl = { .c = c };

	(void)state;
	alarm(60);
	assert_true(fcntl(c->out[1], F_SETPIPE_SZ, 1 << 20) >= 1 << 19);
	c->e->f.on_notify = flood_refill;
	c->e->f.on_notify_arg = &fl;
	c->e->f.die_after = 5;
	flood_refill(&c->e->f, &fl);
	assert_int_equal(ag_console_attach(&c->e->ops, c->e->run_dir, 1, &c->o, &end, &err), 0);
	alarm(0);
	assert_int_equal(end, AG_CONSOLE_END_GONE);
	assert_true(fake_count(&c->e->f, "domain_getinfo") <= 6);
	close(c->out[1]);
	drain(c->out[0]);
	c->out[1] = open("/dev/null", O_WRONLY);
	console_env_free(c);
}

/*
 * SIGTERM while the relay runs with a terminal in raw mode: the terminal is
 * put back, the relay returns, and the signal is left for main to re-raise.
 */
static void a_signal_ends_the_console_and_restores_the_terminal(void **state)
{
	struct console_env *c = console_env();
	enum ag_console_end end = AG_CONSOLE_END_GONE;
	struct ag_err err = { 0 };
	struct termios before, after;
	struct sigaction sa;
	int master, slave;

	(void)state;
	alarm(60);
	assert_int_equal(openpty(&master, &slave, NULL, NULL, NULL), 0);
	assert_int_equal(tcgetattr(slave, &before), 0);
	c->o.in_fd = slave;
	c->e->f.raise_op = "evtchn_notify";
	c->e->f.raise_nth = 2;
	c->e->f.raise_sig = SIGTERM;
	guest_writes(c->ring, "hello");
	ag_sig_forget();
	assert_int_equal(ag_console_attach(&c->e->ops, c->e->run_dir, 1, &c->o, &end, &err), 0);
	alarm(0);
	assert_int_equal(end, AG_CONSOLE_END_SIGNAL);
	assert_int_equal(ag_sig_caught(), SIGTERM);
	ag_sig_forget();
	assert_int_equal(tcgetattr(slave, &after), 0);
	assert_int_equal(after.c_lflag, before.c_lflag);
	assert_int_equal(after.c_iflag, before.c_iflag);
	assert_int_equal(after.c_oflag, before.c_oflag);
	assert_int_equal(sigaction(SIGTERM, NULL, &sa), 0);
	assert_ptr_equal(sa.sa_handler, SIG_DFL);
	close(master);
	close(slave);
	console_output(c);
	console_env_free(c);
}

static void console_takes_the_ring_from_xenstore(void **state)
{
	struct console_env *c = console_env();
	enum ag_console_end end;
	struct ag_err err = { 0 };

	(void)state;
	c->e->f.xs = true;
	fk_xs_write(&c->e->f, "/local/domain/1/console/ring-ref", "233472");
	fk_xs_write(&c->e->f, "/local/domain/1/console/port", "7");
	fk_xs_write(&c->e->f, "/local/domain/1/console/tty", "");
	c->e->f.die_after = 2;
	assert_int_equal(ag_console_attach(&c->e->ops, c->e->run_dir, 1, &c->o, &end, &err), 0);
	assert_true(fake_find(&c->e->f, "evtchn_bind 1 7", false) >= 0);
	console_output(c);
	console_env_free(c);
}

static void serial_console_uses_the_vuart_ring(void **state)
{
	struct console_env *c = console_env();
	struct ag_state st;
	enum ag_console_end end;
	struct ag_err err = { 0 };

	(void)state;
	assert_int_equal(ag_state_read(c->e->run_dir, 1, &st), 0);
	st.vuart = true;
	st.vuart_port = 3;
	st.vuart_gfn = 0x39003;
	assert_int_equal(ag_state_write(c->e->run_dir, &st), 0);
	c->o.serial = true;
	c->e->f.die_after = 2;
	assert_int_equal(ag_console_attach(&c->e->ops, c->e->run_dir, 1, &c->o, &end, &err), 0);
	assert_true(fake_find(&c->e->f, "map_guest_page 1 0x39003", false) >= 0);
	assert_true(fake_find(&c->e->f, "evtchn_bind 1 3", false) >= 0);
	console_output(c);
	console_env_free(c);
}

static void serial_console_needs_a_vuart(void **state)
{
	struct console_env *c = console_env();
	enum ag_console_end end;
	struct ag_err err = { 0 };
	char *msg = err.msg;

	(void)state;
	c->o.serial = true;
	assert_int_equal(ag_console_attach(&c->e->ops, c->e->run_dir, 1, &c->o, &end, &err), -ENODEV);
	assert_string_equal(msg, "domain 1 has no vuart (vuart = \"sbsa_uart\")");
	console_output(c);
	console_env_free(c);
}

static void console_of_an_unknown_domain_says_why(void **state)
{
	struct console_env *c = console_env();
	enum ag_console_end end;
	struct ag_err err = { 0 };
	char *msg = err.msg;

	(void)state;
	fake_add_domain(&c->e->f, 4);
	assert_int_equal(ag_console_attach(&c->e->ops, c->e->run_dir, 4, &c->o, &end, &err), -ENOENT);
	assert_string_equal(msg, "no console information for domain 4 (not in xenstore, and"
			    " armguest did not create it)");
	console_output(c);
	console_env_free(c);
}

static void a_busy_event_channel_names_the_likely_culprit(void **state)
{
	struct console_env *c = console_env();
	enum ag_console_end end;
	struct ag_err err = { 0 };
	char *msg = err.msg;

	(void)state;
	c->e->f.fail_op = "evtchn_bind";
	c->e->f.fail_nth = 1;
	c->e->f.fail_rc = -EINVAL;
	assert_int_equal(ag_console_attach(&c->e->ops, c->e->run_dir, 1, &c->o, &end, &err), -EINVAL);
	assert_string_equal(msg, "cannot bind the console event channel 2 of domain 1: Invalid"
			    " argument (is another console back end, e.g. xenconsoled, serving it?)");
	assert_true(fake_find(&c->e->f, "unmap_guest_page", false) >= 0);
	console_output(c);
	console_env_free(c);
}

static void xenconsoled_pty_is_relayed(void **state)
{
	struct console_env *c = console_env();
	enum ag_console_end end;
	struct ag_err err = { 0 };
	int master = posix_openpt(O_RDWR | O_NOCTTY);

	(void)state;
	assert_true(master >= 0);
	assert_int_equal(grantpt(master), 0);
	assert_int_equal(unlockpt(master), 0);
	c->e->f.xs = true;
	fk_xs_write(&c->e->f, "/local/domain/1/console/tty", ptsname(master));
	assert_int_equal(write(master, "login: ", 7), 7);
	c->e->f.die_after = 4;
	c->o.poll_ms = 50;
	assert_int_equal(ag_console_attach(&c->e->ops, c->e->run_dir, 1, &c->o, &end, &err), 0);
	assert_int_equal(end, AG_CONSOLE_END_GONE);
	assert_string_equal(console_output(c), "login: ");
	assert_int_equal(fake_count(&c->e->f, "evtchn_bind"), 0);
	close(master);
	console_env_free(c);
}

/* The pty path is read from xenstore and opened as root: only a pty is taken. */
static void a_console_tty_that_is_not_a_pty_is_refused(void **state)
{
	static const char *const paths[] = {
		"/etc/passwd", "/dev/pts/../../etc/passwd", "/dev/pts/ptmx",
	};
	struct console_env *c = console_env();
	enum ag_console_end end;
	struct ag_err err = { 0 };
	char *msg = err.msg;

	(void)state;
	c->e->f.xs = true;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		msg[0] = '\0';
		fk_xs_write(&c->e->f, "/local/domain/1/console/tty", paths[i]);
		assert_int_equal(ag_console_attach(&c->e->ops, c->e->run_dir, 1, &c->o, &end,
						   &err), -EPERM);
		assert_non_null(strstr(msg, paths[i]));
		assert_non_null(strstr(msg, "refusing"));
	}
	assert_string_equal(console_output(c), "");
	console_env_free(c);
}

/* A tty node the guest can write is not trusted, whatever it names. */
static void a_console_tty_the_guest_can_write_is_refused(void **state)
{
	static const struct ag_xs_perms owned[] = { { 1, AG_XS_PERM_NONE } };
	static const struct ag_xs_perms acl_w[] = { { 0, AG_XS_PERM_NONE },
						    { 1, AG_XS_PERM_BOTH } };
	static const struct ag_xs_perms others_w[] = { { 0, AG_XS_PERM_WRITE } };
	static const struct ag_xs_perms read_only[] = { { 0, AG_XS_PERM_NONE },
							{ 1, AG_XS_PERM_READ } };
	const struct { const struct ag_xs_perms *acl; size_t n; int rc; } cases[] = {
		{ owned, 1, -EPERM }, { acl_w, 2, -EPERM }, { others_w, 1, -EPERM },
		{ read_only, 2, -EPERM /* trusted, then refused by name */ },
	};
	struct console_env *c = console_env();
	enum ag_console_end end;
	struct ag_err err = { 0 };
	char *msg = err.msg;

	(void)state;
	c->e->f.xs = true;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		msg[0] = '\0';
		fk_xs_write(&c->e->f, "/local/domain/1/console/tty",
			    i < 3 ? "/dev/pts/0" : "/dev/pts/x");
		fk_xs_set_perms(&c->e->f, "/local/domain/1/console/tty", cases[i].acl, cases[i].n);
		assert_int_equal(ag_console_attach(&c->e->ops, c->e->run_dir, 1, &c->o, &end,
						   &err), cases[i].rc);
		if (i < 3)
			assert_string_equal(msg, "domain 1 can write /local/domain/1/console/tty "
					    "itself; refusing to open the pty it names");
		else
			assert_string_equal(msg, "xenstore names \"/dev/pts/x\" as the console's "
					    "pty, which is not /dev/pts/N; refusing to open it");
	}
	assert_string_equal(console_output(c), "");
	console_env_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ring_read_takes_what_the_guest_wrote_across_the_wrap),
		cmocka_unit_test(ring_read_stops_at_the_buffer_size),
		cmocka_unit_test(ring_write_stops_when_the_ring_is_full),
		cmocka_unit_test(console_copies_the_output_until_the_domain_is_gone),
		cmocka_unit_test(console_ends_when_the_guest_shuts_down),
		cmocka_unit_test(console_feeds_input_and_detaches_on_ctrl_bracket),
		cmocka_unit_test(a_flooding_guest_cannot_keep_ctrl_bracket_from_detaching),
		cmocka_unit_test(a_flooding_guest_that_dies_is_noticed),
		cmocka_unit_test(a_notifying_guest_gets_xenconsoleds_rate_limit),
		cmocka_unit_test(a_signal_ends_the_console_and_restores_the_terminal),
		cmocka_unit_test(console_takes_the_ring_from_xenstore),
		cmocka_unit_test(serial_console_uses_the_vuart_ring),
		cmocka_unit_test(serial_console_needs_a_vuart),
		cmocka_unit_test(console_of_an_unknown_domain_says_why),
		cmocka_unit_test(a_busy_event_channel_names_the_likely_culprit),
		cmocka_unit_test(xenconsoled_pty_is_relayed),
		cmocka_unit_test(a_console_tty_that_is_not_a_pty_is_refused),
		cmocka_unit_test(a_console_tty_the_guest_can_write_is_refused),
	};

	env_default_signals();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
#else
#include <stdio.h>

int main(void)
{
	printf("built without Xen support (XEN=0): nothing to test\n");
	return 77;
}
#endif
