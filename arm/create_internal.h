/* SPDX-License-Identifier: MIT */
/* Shared by the create_*.c files only. */
#ifndef AG_CREATE_INTERNAL_H
#define AG_CREATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../fdt/builder.h"
#include "../plan/plan.h"
#include "create.h"
#include "create_xenstore.h"
#include "lock.h"
#include "undo.h"

struct create_ctx {
	const struct ag_xenops *ops;
	const struct ag_guest *g;
	const struct ag_profile *p;
	const struct ag_create_opts *opts;
	struct ag_create_result *res;
	struct ag_diags *d;
	const char *run_dir;

	struct ag_create_plan plan;
	struct ag_undo undo;
	struct ag_create_lock lock;     /* held from the name check until the state is recorded */
	const char *stage;              /* running now */
	char reason[480];               /* why it failed */

	unsigned xen_major, xen_minor;
	bool xs;                        /* a xenstored is serving */
	uint32_t store_domid, console_domid;
	uint32_t domid;
	bool have_domain;
	bool state_written;             /* run_dir holds the domain's record */
	char uuid_str[37];

	struct ag_dom *dom;
	int kernel_arm32;
	uint8_t seed[AG_RNG_SEED_SIZE];
	struct ag_plan pl;              /* the plan stage's files and prediction */
	struct ag_fdt_input fdt_in;
	void *dtb;
	size_t dtb_size;

	char xs_paths[AG_XS_TOP_PATHS][AG_XS_PATH_MAX];
};


/* libxenguest's choices as an ag_layout (what finalisation uses). */
void ag_layout_from_dom(const struct ag_profile *p, const struct ag_dom_layout *l,
			struct ag_layout *out);
/*
 * Compare libxenguest's layout with ag_layout_compute's prediction for the
 * same inputs; every difference is a warning naming both values.
 */
void ag_layout_check(struct create_ctx *c, const struct ag_layout *actual);

#endif
