/* SPDX-License-Identifier: MIT */
/*
 * Attaching to a console: where it is (xenstore, else armguest's state
 * file), whether its pty may be trusted, then console_loop.c's event loop.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "../xl-parse/validate_util.h"
#include "../common/sig.h"
#include "console.h"
#include "console_loop.h"
#include "domains.h"
#include "state.h"

struct console_src {
	char tty[256];        /* xenconsoled's pty, "" if none */
	char tty_node[96];    /* the xenstore node it came from */
	bool have_ring;
	uint64_t gfn;
	uint32_t port;
};

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
		     struct ag_err *err)
{
	struct ag_xs_perms acl[8];
	char quoted[AG_QUOTE_SIZE];
	size_t n = 0;
	int rc = ops->xs_get_perms(ops->ctx, src->tty_node, acl, sizeof(acl) / sizeof(acl[0]), &n);

	if (rc) {
		return ag_err_set(err, -rc, NULL, "cannot read the permissions of %s: %s", src->tty_node,
			 strerror(-rc));
	}
	/* An ACL longer than what was read is not judged: its tail might grant write. */
	if (n > sizeof(acl) / sizeof(acl[0]) || domain_may_write(acl, n, domid)) {
		return ag_err_set(err, EPERM, NULL, "domain %" PRIu32 " can write %s itself; refusing to open the "
			 "pty it names", domid, src->tty_node);
	}
	if (!is_pty_name(src->tty)) {
		return ag_err_set(err, EPERM, NULL, "xenstore names %s as the console's pty, which is not "
			 AG_CONSOLE_PTY_DIR "N; refusing to open it", ag_quote(quoted, src->tty));
	}
	return 0;
}

int ag_console_attach(const struct ag_xenops *ops, const char *run_dir, uint32_t domid,
		      const struct ag_console_opts *o, enum ag_console_end *end,
		      struct ag_err *err)
{
	struct console_src src;
	uint64_t deadline = ag_console_now_ms() + o->tty_wait_ms;
	struct ag_sig_saved sigs;
	struct termios saved;
	bool raw = false;
	int rc;

	for (;;) {
		rc = find_source(ops, run_dir, domid, o->serial, &src);
		if (rc == -ENODEV) {
			return ag_err_set(err, -rc, NULL, "domain %" PRIu32 " has no vuart (vuart = \"sbsa_uart\")",
				 domid);
		}
		if (rc == 0 && src.tty[0])
			break;
		/* xenconsoled writes the tty once it has set the console up. */
		if (!ops->xs_available(ops->ctx) || ag_console_now_ms() >= deadline)
			break;
		usleep(100 * 1000);
	}
	if (rc) {
		return ag_err_set(err, -rc, NULL, "no console information for domain %" PRIu32
			 " (not in xenstore, and armguest did not create it)", domid);
	}
	if (src.tty[0] && (rc = check_tty(ops, domid, &src, err)))
		return rc;
	/* From raw mode to its restoring, a signal only ends the relay (common/sig.h). */
	ag_sig_catch(&sigs);
	if (o->in_fd >= 0 && isatty(o->in_fd) && tcgetattr(o->in_fd, &saved) == 0) {
		struct termios tio = saved;

		cfmakeraw(&tio);
		raw = tcsetattr(o->in_fd, TCSANOW, &tio) == 0;
	}
	/* xenconsoled serves the domain: relay its pty, as xl console does. */
	if (src.tty[0])
		rc = ag_console_relay_pty(ops, domid, src.tty, o, end, err);
	else
		rc = ag_console_serve_ring(ops, domid, src.gfn, src.port, o, end, err);
	if (raw)
		tcsetattr(o->in_fd, TCSANOW, &saved);
	ag_sig_restore(&sigs);
	return rc;
}
