/* SPDX-License-Identifier: MIT */
/*
 * Internal to the console: the one event loop that copies between the user
 * (in_fd/out_fd) and the guest, over either back end: the console ring
 * armguest serves itself, or xenconsoled's pty it relays.
 */
#ifndef AG_CONSOLE_LOOP_H
#define AG_CONSOLE_LOOP_H

#include <stdint.h>

#include "../common/err.h"
#include "console.h"

uint64_t ag_console_now_ms(void);

/* Map the ring at gfn, bind port, serve until the end.  0 or -errno with err filled. */
int ag_console_serve_ring(const struct ag_xenops *ops, uint32_t domid, uint64_t gfn,
			  uint32_t port, const struct ag_console_opts *o,
			  enum ag_console_end *end, struct ag_err *err);

/* Open and relay xenconsoled's pty (already checked by the caller). */
int ag_console_relay_pty(const struct ag_xenops *ops, uint32_t domid, const char *tty,
			 const struct ag_console_opts *o, enum ag_console_end *end,
			 struct ag_err *err);

#endif
