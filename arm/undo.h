/* SPDX-License-Identifier: MIT */
/*
 * The undo stack of domain creation: every stage that leaves state behind
 * pushes the action that removes it; on failure the actions run newest
 * first.  Bounded: a creation has a fixed number of stages, plus one entry
 * per iomem range, IRQ and DT device (AG_UNDO_MAX in total).
 */
#ifndef AG_UNDO_H
#define AG_UNDO_H

#include <stddef.h>
#include <stdint.h>

#include "../xl-parse/guest.h"

/*
 * Two entries per iomem range, one per IRQ and DT device (validation
 * bounds each count, xl-parse/guest.h), and the stages' own: the xenstore
 * paths and --dtb-out (AG_UNDO_STAGE_ENTRIES).  So a config validation
 * accepted never fills the stack.
 */
#define AG_UNDO_STAGE_ENTRIES 16
#define AG_UNDO_MAX (2 * AG_GUEST_MAX_IOMEM + AG_GUEST_MAX_IRQS + AG_GUEST_MAX_DTDEVS + \
		     AG_UNDO_STAGE_ENTRIES)

struct ag_undo_entry {
	const char *stage;   /* the stage that pushed it (static string) */
	/* Returns 0 or -errno; errors are reported, the unwinding goes on. */
	int (*run)(void *env, const uint64_t arg[3], const char *str);
	uint64_t arg[3];
	const char *str;     /* borrowed string argument, or NULL */
};

struct ag_undo {
	struct ag_undo_entry v[AG_UNDO_MAX];
	size_t n;
};

void ag_undo_init(struct ag_undo *u);
/* Returns 0, or -ENOSPC when the stack is full (the caller fails the stage). */
int ag_undo_push(struct ag_undo *u, const char *stage,
		 int (*run)(void *env, const uint64_t arg[3], const char *str),
		 uint64_t a0, uint64_t a1, uint64_t a2, const char *str);
/*
 * Run every entry newest first and empty the stack.  on_error (may be
 * NULL) is told about each failing entry.  Returns the number of failures.
 */
size_t ag_undo_run(struct ag_undo *u, void *env,
		   void (*on_error)(void *env, const char *stage, int rc));
/* Forget every entry (success: nothing to undo). */
void ag_undo_clear(struct ag_undo *u);

#endif
