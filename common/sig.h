/* SPDX-License-Identifier: MIT */
/*
 * The signals that end armguest from outside (SIGINT, SIGTERM, SIGHUP,
 * SIGPIPE), while it holds something that must not be left behind: a domain
 * being created, one being destroyed, a terminal in raw mode.  For that
 * window the code that holds it calls ag_sig_catch(): a signal then only
 * records itself, the holder notices it (ag_sig_caught()) at its next check,
 * undoes what it holds as it would after a failure, and returns;
 * ag_sig_restore() puts the previous dispositions back.  main() then calls
 * ag_sig_reraise(), which ends the process by the first signal caught, with
 * its default action, so that the shell sees 128+N as if armguest had not
 * caught it (docs/create.md).
 */
#ifndef AG_SIG_H
#define AG_SIG_H

#include <signal.h>
#include <stddef.h>

#define AG_SIG_COUNT 4

struct ag_sig_saved {
	struct sigaction old[AG_SIG_COUNT];
};

/* Record SIGINT, SIGTERM, SIGHUP and SIGPIPE instead of dying of them (no SA_RESTART). */
void ag_sig_catch(struct ag_sig_saved *s);
/* Put back what ag_sig_catch found; a signal caught stays recorded. */
void ag_sig_restore(const struct ag_sig_saved *s);
/* The first signal recorded (SIGINT ...), or 0. */
int ag_sig_caught(void);
/* "SIGINT", "SIGTERM", "SIGHUP", "SIGPIPE", else "signal N" (static or buf). */
const char *ag_sig_name(int sig, char *buf, size_t len);
/* Forget a recorded signal (tests run several creates in one process). */
void ag_sig_forget(void);
/*
 * For main only: if a signal was recorded, end the process by it (default
 * action, unblocked); otherwise return.
 */
void ag_sig_reraise(void);

#endif
