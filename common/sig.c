/* SPDX-License-Identifier: MIT */
#include "sig.h"

#include <stdio.h>
#include <string.h>

static const int caught_sigs[AG_SIG_COUNT] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
static volatile sig_atomic_t first_caught;

static void on_signal(int sig)
{
	if (!first_caught)
		first_caught = sig;
}

void ag_sig_catch(struct ag_sig_saved *s)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocking read or poll returns EINTR and the loop rechecks. */
	for (int i = 0; i < AG_SIG_COUNT; i++)
		sigaction(caught_sigs[i], &sa, &s->old[i]);
}

void ag_sig_restore(const struct ag_sig_saved *s)
{
	for (int i = 0; i < AG_SIG_COUNT; i++)
		sigaction(caught_sigs[i], &s->old[i], NULL);
}

int ag_sig_caught(void)
{
	return first_caught;
}

void ag_sig_forget(void)
{
	first_caught = 0;
}

const char *ag_sig_name(int sig, char *buf, size_t len)
{
	switch (sig) {
	case SIGINT: return "SIGINT";
	case SIGTERM: return "SIGTERM";
	case SIGHUP: return "SIGHUP";
	case SIGPIPE: return "SIGPIPE";
	}
	snprintf(buf, len, "signal %d", sig);
	return buf;
}

void ag_sig_reraise(void)
{
	int sig = first_caught;
	sigset_t set;

	if (!sig)
		return;
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
}
