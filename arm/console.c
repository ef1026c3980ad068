/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <xen/io/console.h>

#include "../common/file.h"
#include "../xl-parse/validate_util.h"
#include "console.h"
#include "domains.h"
#include "state.h"

struct console_src {
	char tty[256];        /* xenconsoled's pty, "" if none */
	char tty_node[96];    /* the xenstore node it came from */
	bool have_ring;
	uint64_t gfn;
	uint32_t port;
};

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static bool xs_read_str(const struct ag_xenops *ops, const char *path, char *buf, size_t len)
{
	char *v = NULL;
	bool ok;

	if (ops->xs_read(ops->ctx, path, &v))
		return false;
	ok = strlen(v) < len;
	if (ok)
		strcpy(buf, v);
	free(v);
	return ok;
}

static bool parse_num(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 10);
	return !errno && end != s && !*end;
}

/* Where the console is: xenstore first (what xl and xenconsoled use), then our state file. */
static int find_source(const struct ag_xenops *ops, const char *run_dir, uint32_t domid,
		       bool serial, struct console_src *src)
{
	struct ag_state st;
	char dir[64], path[96], val[64];
	uint64_t gfn, port;

	memset(src, 0, sizeof(*src));
	if (ops->xs_available(ops->ctx)) {
		snprintf(dir, sizeof(dir), "/local/domain/%" PRIu32 "/%s", domid,
			 serial ? "vuart/0" : "console");
		snprintf(src->tty_node, sizeof(src->tty_node), "%s/tty", dir);
		if (!xs_read_str(ops, src->tty_node, src->tty, sizeof(src->tty)))
			src->tty[0] = '\0';
		snprintf(path, sizeof(path), "%s/ring-ref", dir);
		if (xs_read_str(ops, path, val, sizeof(val)) && parse_num(val, &gfn)) {
			snprintf(path, sizeof(path), "%s/port", dir);
			if (xs_read_str(ops, path, val, sizeof(val)) && parse_num(val, &port)) {
				src->have_ring = true;
				src->gfn = gfn;
				src->port = (uint32_t)port;
			}
		}
	}
	if (!src->have_ring && ag_domain_state(ops, run_dir, domid, &st) == 0) {
		if (serial && !st.vuart)
			return -ENODEV;
		src->have_ring = true;
		src->gfn = serial ? st.vuart_gfn : st.console_gfn;
		src->port = serial ? st.vuart_port : st.console_port;
	}
	return src->have_ring || src->tty[0] ? 0 : -ENOENT;
}

/* 1: keep going, 0: the domain is gone or shut down (*end set), <0: error. */
static int domain_alive(const struct ag_xenops *ops, uint32_t domid, enum ag_console_end *end)
{
	struct ag_dominfo info;
	int rc = ops->domain_getinfo(ops->ctx, domid, &info);

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

struct ring_server {
	const struct ag_xenops *ops;
	const struct ag_console_opts *o;
	uint32_t domid;
	struct xencons_interface *intf;
	struct ag_evtchn *ev;
	char pending[1024];       /* input not yet taken by the guest */
	size_t npending;
	bool in_open;
};

static int drain_output(struct ring_server *s)
{
	char buf[2048];
	size_t n;
	int rc = 0;

	while ((n = ag_ring_read_out(s->intf, buf, sizeof(buf))) > 0) {
		rc = ag_write_all(s->o->out_fd, buf, n);
		if (rc)
			break;
		s->ops->evtchn_notify(s->ops->ctx, s->ev);
	}
	return rc;
}

static void push_input(struct ring_server *s)
{
	size_t n;

	if (!s->npending)
		return;
	n = ag_ring_write_in(s->intf, s->pending, s->npending);
	if (n) {
		memmove(s->pending, s->pending + n, s->npending - n);
		s->npending -= n;
		s->ops->evtchn_notify(s->ops->ctx, s->ev);
	}
}

/* 1: keep going, 0: escape seen, <0: error. */
static int read_input(struct ring_server *s)
{
	char buf[sizeof(s->pending)];
	size_t room = sizeof(s->pending) - s->npending, keep;
	bool escaped;
	ssize_t n = read(s->o->in_fd, buf, room);

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : -errno;
	if (n == 0) {
		s->in_open = false; /* EOF: keep showing output */
		return 1;
	}
	keep = cut_at_escape(buf, (size_t)n, s->o->escape_char, &escaped);
	memcpy(s->pending + s->npending, buf, keep);
	s->npending += keep;
	push_input(s);
	return escaped ? 0 : 1;
}

static int serve_ring(const struct ag_xenops *ops, uint32_t domid, const struct console_src *src,
		      const struct ag_console_opts *o, enum ag_console_end *end, char *msg,
		      size_t msg_len)
{
	struct ring_server s = { .ops = ops, .o = o, .domid = domid, .in_open = o->in_fd >= 0 };
	uint64_t next_check = 0;
	int rc, evfd;

	s.intf = ops->map_guest_page(ops->ctx, domid, src->gfn);
	if (!s.intf) {
		rc = errno > 0 ? -errno : -EIO;
		snprintf(msg, msg_len, "cannot map the console ring (gfn 0x%" PRIx64 ") of domain %"
			 PRIu32 ": %s", src->gfn, domid, strerror(-rc));
		return rc;
	}
	rc = ops->evtchn_bind(ops->ctx, domid, src->port, &s.ev);
	if (rc) {
		snprintf(msg, msg_len, "cannot bind the console event channel %" PRIu32 " of domain %"
			 PRIu32 ": %s (is another console back end, e.g. xenconsoled, serving it?)",
			 src->port, domid, strerror(-rc));
		ops->unmap_guest_page(ops->ctx, s.intf);
		return rc;
	}
	evfd = ops->evtchn_fd(ops->ctx, s.ev);
	/* Output written before we arrived is waiting, and the guest may wait on us. */
	ops->evtchn_notify(ops->ctx, s.ev);
	for (;;) {
		struct pollfd pfd[2] = { { .fd = evfd, .events = POLLIN },
					 { .fd = s.in_open && s.npending < sizeof(s.pending)
							 ? o->in_fd : -1,
					   .events = POLLIN } };
		uint64_t t;

		rc = drain_output(&s);
		if (rc) {
			snprintf(msg, msg_len, "writing the console output: %s", strerror(-rc));
			break;
		}
		push_input(&s);
		t = now_ms();
		if (t >= next_check) {
			rc = domain_alive(ops, domid, end);
			if (rc <= 0) {
				if (rc == 0)
					rc = drain_output(&s);
				if (rc)
					snprintf(msg, msg_len, "domain %" PRIu32 ": %s", domid,
						 strerror(-rc));
				break;
			}
			next_check = t + o->poll_ms;
		}
		rc = poll(pfd, 2, (int)o->poll_ms);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			snprintf(msg, msg_len, "poll: %s", strerror(-rc));
			break;
		}
		if (pfd[0].revents & POLLIN)
			ops->evtchn_ack(ops->ctx, s.ev);
		if (pfd[1].revents & (POLLIN | POLLHUP)) {
			rc = read_input(&s);
			if (rc == 0) {
				*end = AG_CONSOLE_END_ESCAPE;
				drain_output(&s);
				break;
			}
			if (rc < 0) {
				snprintf(msg, msg_len, "reading the console input: %s", strerror(-rc));
				break;
			}
		}
	}
	ops->evtchn_close(ops->ctx, s.ev);
	ops->unmap_guest_page(ops->ctx, s.intf);
	return rc < 0 ? rc : 0;
}

/* "/dev/pts/" and a number: a pty's slave, never ptmx nor a path that climbs out. */
static bool is_pty_name(const char *tty)
{
	size_t n = strlen(AG_CONSOLE_PTY_DIR);

	if (strncmp(tty, AG_CONSOLE_PTY_DIR, n) || !tty[n])
		return false;
	for (const char *c = tty + n; *c; c++)
		if (*c < '0' || *c > '9')
			return false;
	return true;
}

/* Can domid write the node, by owning it or through its ACL (owner first)? */
static bool domain_may_write(const struct ag_xs_perms *acl, size_t n, uint32_t domid)
{
	if (n == 0 || acl[0].id == domid)
		return true;
	for (size_t i = 1; i < n; i++)
		if (acl[i].id == domid)
			return acl[i].perms == AG_XS_PERM_WRITE || acl[i].perms == AG_XS_PERM_BOTH;
	return acl[0].perms == AG_XS_PERM_WRITE || acl[0].perms == AG_XS_PERM_BOTH;
}

/*
 * The pty path comes from xenstore and is opened read-write as root, with
 * the user's keystrokes relayed to it: take it only from a node the guest
 * cannot write (xenconsoled's, read-only to the guest in libxl's entries
 * and ours) and only if it names a pseudo-terminal.
 */
static int check_tty(const struct ag_xenops *ops, uint32_t domid, const struct console_src *src,
		     char *msg, size_t msg_len)
{
	struct ag_xs_perms acl[8];
	char quoted[AG_QUOTE_SIZE];
	size_t n = 0;
	int rc = ops->xs_get_perms(ops->ctx, src->tty_node, acl, sizeof(acl) / sizeof(acl[0]), &n);

	if (rc) {
		snprintf(msg, msg_len, "cannot read the permissions of %s: %s", src->tty_node,
			 strerror(-rc));
		return rc;
	}
	/* An ACL longer than what was read is not judged: its tail might grant write. */
	if (n > sizeof(acl) / sizeof(acl[0]) || domain_may_write(acl, n, domid)) {
		snprintf(msg, msg_len, "domain %" PRIu32 " can write %s itself; refusing to open the "
			 "pty it names", domid, src->tty_node);
		return -EPERM;
	}
	if (!is_pty_name(src->tty)) {
		snprintf(msg, msg_len, "xenstore names %s as the console's pty, which is not "
			 AG_CONSOLE_PTY_DIR "N; refusing to open it", ag_quote(quoted, src->tty));
		return -EPERM;
	}
	return 0;
}

/* xenconsoled serves the domain: relay its pty, as xl console does. */
static int relay_pty(const struct ag_xenops *ops, uint32_t domid, const char *tty,
		     const struct ag_console_opts *o, enum ag_console_end *end, char *msg,
		     size_t msg_len)
{
	struct termios tio;
	uint64_t next_check = 0;
	int fd, rc = 0;
	bool in_open = o->in_fd >= 0;

	fd = open(tty, O_RDWR | O_NOCTTY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		snprintf(msg, msg_len, "cannot open xenconsoled's pty %s: %s", tty, strerror(-rc));
		return rc;
	}
	if (!isatty(fd)) {
		close(fd);
		snprintf(msg, msg_len, "xenstore names %s as the console's pty, which is not a "
			 "terminal; refusing to relay it", tty);
		return -EPERM;
	}
	if (tcgetattr(fd, &tio) == 0) {
		cfmakeraw(&tio);
		tcsetattr(fd, TCSANOW, &tio);
	}
	for (;;) {
		struct pollfd pfd[2] = { { .fd = fd, .events = POLLIN },
					 { .fd = in_open ? o->in_fd : -1, .events = POLLIN } };
		char buf[2048];
		uint64_t t = now_ms();
		ssize_t n;

		if (t >= next_check) {
			rc = domain_alive(ops, domid, end);
			if (rc <= 0)
				break;
			next_check = t + o->poll_ms;
		}
		rc = poll(pfd, 2, (int)o->poll_ms);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		rc = 0;
		if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(fd, buf, sizeof(buf));
			if (n <= 0) {
				*end = AG_CONSOLE_END_INPUT_EOF;
				break;
			}
			rc = ag_write_all(o->out_fd, buf, (size_t)n);
			if (rc)
				break;
		}
		if (pfd[1].revents & (POLLIN | POLLHUP)) {
			bool escaped;
			size_t keep;

			n = read(o->in_fd, buf, sizeof(buf));
			if (n <= 0) {
				in_open = false;
				continue;
			}
			keep = cut_at_escape(buf, (size_t)n, o->escape_char, &escaped);
			rc = ag_write_all(fd, buf, keep);
			if (rc || escaped) {
				*end = AG_CONSOLE_END_ESCAPE;
				break;
			}
		}
	}
	close(fd);
	if (rc < 0)
		snprintf(msg, msg_len, "console of domain %" PRIu32 ": %s", domid, strerror(-rc));
	return rc < 0 ? rc : 0;
}

int ag_console_attach(const struct ag_xenops *ops, const char *run_dir, uint32_t domid,
		      const struct ag_console_opts *o, enum ag_console_end *end,
		      char *msg, size_t msg_len)
{
	struct console_src src;
	uint64_t deadline = now_ms() + o->tty_wait_ms;
	struct termios saved;
	bool raw = false;
	int rc;

	for (;;) {
		rc = find_source(ops, run_dir, domid, o->serial, &src);
		if (rc == -ENODEV) {
			snprintf(msg, msg_len, "domain %" PRIu32 " has no vuart (vuart = \"sbsa_uart\")",
				 domid);
			return rc;
		}
		if (rc == 0 && src.tty[0])
			break;
		/* xenconsoled writes the tty once it has set the console up. */
		if (!ops->xs_available(ops->ctx) || now_ms() >= deadline)
			break;
		usleep(100 * 1000);
	}
	if (rc) {
		snprintf(msg, msg_len, "no console information for domain %" PRIu32
			 " (not in xenstore, and armguest did not create it)", domid);
		return rc;
	}
	if (src.tty[0] && (rc = check_tty(ops, domid, &src, msg, msg_len)))
		return rc;
	if (o->in_fd >= 0 && isatty(o->in_fd) && tcgetattr(o->in_fd, &saved) == 0) {
		struct termios tio = saved;

		cfmakeraw(&tio);
		raw = tcsetattr(o->in_fd, TCSANOW, &tio) == 0;
	}
	if (src.tty[0])
		rc = relay_pty(ops, domid, src.tty, o, end, msg, msg_len);
	else
		rc = serve_ring(ops, domid, &src, o, end, msg, msg_len);
	if (raw)
		tcsetattr(o->in_fd, TCSANOW, &saved);
	return rc;
}
