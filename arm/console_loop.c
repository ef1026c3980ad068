/* SPDX-License-Identifier: MIT */
/*
 * The console's one event loop.  Both back ends move bytes the same way:
 * poll the guest side and the user's input, copy guest output to out_fd and
 * input (up to the escape character) to the guest, and ask the hypervisor
 * whether the domain is still there.  Every round does all three, and
 * moves at most AG_CONSOLE_ROUND_BYTES of output, so a guest that never
 * stops writing cannot keep the loop from reading Ctrl-] or noticing that
 * the domain died; a signal (common/sig.h) ends it at the next round.
 * What differs is behind struct backend: the ring (armguest is the console
 * back end: a mapped xencons_interface and an event channel) or
 * xenconsoled's pty.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "../common/file.h"
#include "../common/sig.h"
#include "console_loop.h"

uint64_t ag_console_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

#define PENDING_MAX 1024

struct loop {
	const struct ag_xenops *ops;
	const struct ag_console_opts *o;
	uint32_t domid;
	int guest_fd;                 /* the event channel's fd, or the pty */
	bool in_open;                 /* in_fd has not reached end of file */
	/* The ring back end only. */
	struct xencons_interface *intf;
	struct ag_evtchn *ev;
	char pending[PENDING_MAX];    /* input not yet taken by the guest */
	size_t npending;
	/* xenconsoled's rate limit on the guest's events (AG_CONSOLE_RATE_*). */
	unsigned event_count;         /* events taken in this period */
	uint64_t next_period;         /* ms (ag_console_now_ms) */
	bool limited;                 /* over the allowance: the port stays masked */
};

struct backend {
	/* Move what is waiting (ring: output out, pending input in); 0 or -errno. */
	int (*sync)(struct loop *l);
	/* The guest side is readable: 0, 1 (it closed: *end set) or -errno. */
	int (*from_guest)(struct loop *l, enum ag_console_end *end);
	/* Give the user's bytes to the guest: 0 or -errno. */
	int (*to_guest)(struct loop *l, const char *buf, size_t len);
	size_t (*room)(const struct loop *l);   /* input bytes the guest side takes now */
	bool (*more)(const struct loop *l);     /* output is still waiting: do not sleep */
	const char *what;                        /* for messages */
};

/* 1: keep going, 0: the domain is gone or shut down (*end set), <0: error. */
static int domain_alive(const struct loop *l, enum ag_console_end *end)
{
	struct ag_dominfo info;
	int rc = l->ops->domain_getinfo(l->ops->ctx, l->domid, &info);

	if (rc == -ESRCH || (rc == 0 && info.dying)) {
		*end = AG_CONSOLE_END_GONE;
		return 0;
	}
	if (rc)
		return rc;
	if (info.shutdown) {
		*end = AG_CONSOLE_END_SHUTDOWN;
		return 0;
	}
	return 1;
}

/* Bytes of input before the escape character; *escaped if it was seen. */
static size_t cut_at_escape(const char *buf, size_t len, int escape, bool *escaped)
{
	*escaped = false;
	if (escape < 0)
		return len;
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)buf[i] == (unsigned char)escape) {
			*escaped = true;
			return i;
		}
	}
	return len;
}

/* The user typed: 1 keep going, 0 escape seen, <0 error (err set). */
static int user_input(struct loop *l, const struct backend *b, struct ag_err *err)
{
	char buf[PENDING_MAX];
	size_t room = b->room(l), keep;
	bool escaped;
	ssize_t n = read(l->o->in_fd, buf, room < sizeof(buf) ? room : sizeof(buf));
	int rc;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (n < 0)
		return ag_err_set(err, errno, NULL, "reading the console input: %s", strerror(errno));
	if (n == 0) {
		l->in_open = false; /* EOF: keep showing output */
		return 1;
	}
	keep = cut_at_escape(buf, (size_t)n, l->o->escape_char, &escaped);
	rc = b->to_guest(l, buf, keep);
	if (rc)
		return ag_err_set(err, -rc, NULL, "%s of domain %" PRIu32 ": %s", b->what, l->domid,
			   strerror(-rc));
	return escaped ? 0 : 1;
}

/* Until the domain goes, the guest side closes or the user escapes: 0 or -errno. */
static int run(struct loop *l, const struct backend *b, enum ag_console_end *end,
	       struct ag_err *err)
{
	int rc = 0;

	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = l->limited ? -1 : l->guest_fd, .events = POLLIN },
			{ .fd = l->in_open && b->room(l) ? l->o->in_fd : -1, .events = POLLIN },
		};

		if (ag_sig_caught()) {
			*end = AG_CONSOLE_END_SIGNAL;
			return 0;
		}
		rc = b->sync(l);
		if (rc)
			break;
		/* Every round: a flooding guest must not hide that its domain is gone. */
		rc = domain_alive(l, end);
		if (rc == 0)
			rc = b->sync(l);    /* what the guest wrote last is shown */
		if (rc <= 0)
			break;
		if (poll(pfd, 2, b->more(l) ? 0 : (int)l->o->poll_ms) < 0) {
			if (errno == EINTR)
				continue;
			return ag_err_set(err, errno, NULL, "poll: %s", strerror(errno));
		}
		if ((pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) && (rc = b->from_guest(l, end)))
			break;
		if (pfd[1].revents & (POLLIN | POLLHUP)) {
			rc = user_input(l, b, err);
			if (rc < 0)
				return rc;
			if (rc == 0) {
				*end = AG_CONSOLE_END_ESCAPE;
				b->sync(l);
				return 0;
			}
		}
	}
	if (rc < 0)
		return ag_err_set(err, -rc, NULL, "%s of domain %" PRIu32 ": %s", b->what, l->domid,
			   strerror(-rc));
	return 0;
}

/* --- the ring: armguest is the console back end ------------------------- */

/*
 * xenconsoled's rate limit (tools/console/daemon/io.c: handle_ring_read and
 * handle_io, stable-4.17): at most AG_CONSOLE_RATE_ALLOWANCE events from the
 * guest are taken per AG_CONSOLE_RATE_PERIOD_MS; past that its port stays
 * masked (and unpolled) until the period ends, so a guest that notifies
 * without pause costs the relay a bounded number of wake-ups.
 */
static void rate_period(struct loop *l)
{
	uint64_t now = ag_console_now_ms();

	/* "now + 5 > next_period": xenconsoled's slack for a poll that wakes early. */
	if (now + 5 <= l->next_period)
		return;
	l->next_period = now + AG_CONSOLE_RATE_PERIOD_MS;
	if (l->limited) {
		l->ops->evtchn_unmask(l->ops->ctx, l->ev);
		l->limited = false;
	}
	l->event_count = 0;
}

/*
 * One round's worth: at most AG_CONSOLE_ROUND_BYTES out, what input fits
 * in, and one notification for both (the guest is told once per round,
 * however much it writes).
 */
static int ring_sync(struct loop *l)
{
	char buf[AG_CONSOLE_ROUND_BYTES];
	size_t n = ag_ring_read_out(l->intf, buf, sizeof(buf)), in;
	int rc;

	rate_period(l);
	if (n) {
		rc = ag_write_all(l->o->out_fd, buf, n);
		if (rc)
			return rc;
	}
	in = l->npending ? ag_ring_write_in(l->intf, l->pending, l->npending) : 0;
	if (in) {
		memmove(l->pending, l->pending + in, l->npending - in);
		l->npending -= in;
	}
	if (n || in)
		l->ops->evtchn_notify(l->ops->ctx, l->ev);
	return 0;
}

static bool ring_more(const struct loop *l)
{
	return ag_ring_has_output(l->intf);
}

static int ring_from_guest(struct loop *l, enum ag_console_end *end)
{
	(void)end;
	if (l->ops->evtchn_take(l->ops->ctx, l->ev))
		return 0;
	if (++l->event_count < AG_CONSOLE_RATE_ALLOWANCE)
		l->ops->evtchn_unmask(l->ops->ctx, l->ev);
	else
		l->limited = true;
	return 0;
}

static int ring_to_guest(struct loop *l, const char *buf, size_t len)
{
	memcpy(l->pending + l->npending, buf, len);
	l->npending += len;
	return 0; /* the next round's sync gives it to the guest */
}

static size_t ring_room(const struct loop *l)
{
	return sizeof(l->pending) - l->npending;
}

static const struct backend ring_backend = {
	ring_sync, ring_from_guest, ring_to_guest, ring_room, ring_more, "console ring",
};

int ag_console_serve_ring(const struct ag_xenops *ops, uint32_t domid, uint64_t gfn,
			  uint32_t port, const struct ag_console_opts *o,
			  enum ag_console_end *end, struct ag_err *err)
{
	struct loop l = { .ops = ops, .o = o, .domid = domid, .in_open = o->in_fd >= 0 };
	int rc;

	l.intf = ops->map_guest_page(ops->ctx, domid, gfn);
	if (!l.intf) {
		rc = errno > 0 ? -errno : -EIO;
		return ag_err_set(err, -rc, NULL, "cannot map the console ring (gfn 0x%" PRIx64 ") of domain %"
			 PRIu32 ": %s", gfn, domid, strerror(-rc));
	}
	rc = ops->evtchn_bind(ops->ctx, domid, port, &l.ev);
	if (rc) {
		ops->unmap_guest_page(ops->ctx, l.intf);
		return ag_err_set(err, -rc, NULL, "cannot bind the console event channel %" PRIu32 " of domain %"
			 PRIu32 ": %s (is another console back end, e.g. xenconsoled, serving it?)",
			 port, domid, strerror(-rc));
	}
	l.guest_fd = ops->evtchn_fd(ops->ctx, l.ev);
	l.next_period = ag_console_now_ms() + AG_CONSOLE_RATE_PERIOD_MS;
	/* Output written before we arrived is waiting, and the guest may wait on us. */
	ops->evtchn_notify(ops->ctx, l.ev);
	rc = run(&l, &ring_backend, end, err);
	ops->evtchn_close(ops->ctx, l.ev);
	ops->unmap_guest_page(ops->ctx, l.intf);
	return rc;
}

/* --- xenconsoled's pty ------------------------------------------------------ */

static int pty_sync(struct loop *l)
{
	(void)l;
	return 0;
}

static int pty_from_guest(struct loop *l, enum ag_console_end *end)
{
	char buf[AG_CONSOLE_ROUND_BYTES];
	ssize_t n = read(l->guest_fd, buf, sizeof(buf));

	if (n <= 0) {
		*end = AG_CONSOLE_END_INPUT_EOF;
		return 1;
	}
	return ag_write_all(l->o->out_fd, buf, (size_t)n);
}

static int pty_to_guest(struct loop *l, const char *buf, size_t len)
{
	return ag_write_all(l->guest_fd, buf, len);
}

static size_t pty_room(const struct loop *l)
{
	(void)l;
	return PENDING_MAX;
}

/* The pty is read AG_CONSOLE_ROUND_BYTES at a time when poll says so. */
static bool pty_more(const struct loop *l)
{
	(void)l;
	return false;
}

static const struct backend pty_backend = {
	pty_sync, pty_from_guest, pty_to_guest, pty_room, pty_more, "console",
};

int ag_console_relay_pty(const struct ag_xenops *ops, uint32_t domid, const char *tty,
			 const struct ag_console_opts *o, enum ag_console_end *end,
			 struct ag_err *err)
{
	struct loop l = { .ops = ops, .o = o, .domid = domid, .in_open = o->in_fd >= 0 };
	struct termios tio;
	int rc;

	l.guest_fd = open(tty, O_RDWR | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
	if (l.guest_fd < 0) {
		rc = -errno;
		return ag_err_set(err, -rc, NULL, "cannot open xenconsoled's pty %s: %s", tty, strerror(-rc));
	}
	if (!isatty(l.guest_fd)) {
		close(l.guest_fd);
		return ag_err_set(err, EPERM, NULL, "xenstore names %s as the console's pty, which is not a "
			 "terminal; refusing to relay it", tty);
	}
	if (tcgetattr(l.guest_fd, &tio) == 0) {
		cfmakeraw(&tio);
		tcsetattr(l.guest_fd, TCSANOW, &tio);
	}
	rc = run(&l, &pty_backend, end, err);
	close(l.guest_fd);
	return rc;
}
