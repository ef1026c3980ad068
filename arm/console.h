/* SPDX-License-Identifier: MIT */
/*
 * The guest console.  When xenconsoled serves the domain (its pty is named
 * in xenstore) armguest relays that pty; otherwise armguest is the back end
 * itself: it maps the console ring (struct xencons_interface, gfn
 * GUEST_MAGIC_BASE + 0, or the vpl011 page), binds the console event
 * channel and copies the ring to out_fd and in_fd to the ring.  Either way
 * it returns when the domain dies or shuts down, or on the escape character.
 */
#ifndef AG_CONSOLE_H
#define AG_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/err.h"
#include "xenops.h"

#define AG_CONSOLE_ESCAPE 0x1d          /* Ctrl-], as xl console */
/* Where xenconsoled's ptys live (it names them with openpty's ptsname). */
#define AG_CONSOLE_PTY_DIR "/dev/pts/"

struct ag_console_opts {
	bool serial;          /* the vpl011 (vuart) console instead of the PV one */
	int in_fd, out_fd;    /* in_fd -1: output only */
	int escape_char;      /* -1: none */
	unsigned poll_ms;     /* how often to look at the domain's state */
	unsigned tty_wait_ms; /* how long to wait for xenconsoled's pty to appear */
};

/* Why ag_console_attach returned 0. */
enum ag_console_end {
	AG_CONSOLE_END_ESCAPE,
	AG_CONSOLE_END_GONE,       /* the domain no longer exists (or is dying) */
	AG_CONSOLE_END_SHUTDOWN,   /* the guest shut down */
	AG_CONSOLE_END_INPUT_EOF,  /* xenconsoled's pty closed */
	AG_CONSOLE_END_SIGNAL,     /* SIGINT, SIGTERM, SIGHUP or SIGPIPE (common/sig.h) */
};

/*
 * At most this much guest output is relayed per round of the loop (one
 * ring's worth: xencons_interface's out[] is 2 KiB), and every round also
 * reads the user's input (so Ctrl-] is seen) and asks whether the domain
 * is still there: a guest that keeps its ring full cannot pin the relay.
 */
#define AG_CONSOLE_ROUND_BYTES 2048
/*
 * xenconsoled's limit on a guest's console events (tools/console/daemon/io.c:
 * RATE_LIMIT_ALLOWANCE, RATE_LIMIT_PERIOD, stable-4.17): at most 30 events
 * taken per 200 ms; the rest wait, masked, for the next period.
 */
#define AG_CONSOLE_RATE_ALLOWANCE 30
#define AG_CONSOLE_RATE_PERIOD_MS 200

/*
 * Attach to domid's console until it ends.  Returns 0 with *end set, or
 * -errno with err filled (no console information, back end busy, ...).
 * A terminal on in_fd is put in raw mode and restored however the relay
 * ends; SIGINT, SIGTERM, SIGHUP and SIGPIPE end it (AG_CONSOLE_END_SIGNAL)
 * and are left for main to re-raise.
 */
int ag_console_attach(const struct ag_xenops *ops, const char *run_dir, uint32_t domid,
		      const struct ag_console_opts *opts, enum ag_console_end *end,
		      struct ag_err *err);

/* --- the ring itself (exposed for tests) --------------------------------- */

struct xencons_interface;

/* Take up to len bytes the guest wrote; returns how many. */
size_t ag_ring_read_out(struct xencons_interface *intf, char *buf, size_t len);
/* Has the guest written output not yet taken? */
bool ag_ring_has_output(const struct xencons_interface *intf);
/* Give up to len bytes to the guest; returns how many fitted. */
size_t ag_ring_write_in(struct xencons_interface *intf, const char *buf, size_t len);

#endif
