/* SPDX-License-Identifier: MIT */
#include <errno.h>

#include "undo.h"

void ag_undo_init(struct ag_undo *u)
{
	u->n = 0;
}

int ag_undo_push(struct ag_undo *u, const char *stage,
		 int (*run)(void *env, const uint64_t arg[3], const char *str),
		 uint64_t a0, uint64_t a1, uint64_t a2, const char *str)
{
	struct ag_undo_entry *e;

	if (u->n >= AG_UNDO_MAX)
		return -ENOSPC;
	e = &u->v[u->n++];
	e->stage = stage;
	e->run = run;
	e->arg[0] = a0;
	e->arg[1] = a1;
	e->arg[2] = a2;
	e->str = str;
	return 0;
}

size_t ag_undo_run(struct ag_undo *u, void *env,
		   void (*on_error)(void *env, const char *stage, int rc))
{
	size_t failures = 0;

	while (u->n > 0) {
		struct ag_undo_entry *e = &u->v[--u->n];
		int rc = e->run(env, e->arg, e->str);

		if (rc < 0) {
			failures++;
			if (on_error)
				on_error(env, e->stage, rc);
		}
	}
	return failures;
}

void ag_undo_clear(struct ag_undo *u)
{
	u->n = 0;
}
