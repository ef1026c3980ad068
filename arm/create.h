/* SPDX-License-Identifier: MIT */
/*
 * Domain creation for a PVH-on-Arm guest, in the order of libxl 4.17
 * (tools/libs/light/libxl_create.c: initiate_domain_create, stable-4.17),
 * through the xenops seam.  Each step is a named stage;
 * every stage that leaves state behind pushes an undo, and any failure after
 * the domain exists unwinds them and destroys the domain.
 */
#ifndef AG_CREATE_H
#define AG_CREATE_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/diag.h"
#include "../common/timing.h"
#include "../platform/layout.h"
#include "../platform/profile.h"
#include "../xl-parse/guest.h"
#include "xenops.h"

/*
 * Toolstack policy values libxl 4.17 uses (not hypervisor ABI, so not in the
 * profile): tools/libs/light/libxl_internal.h LIBXL_MAXMEM_CONSTANT,
 * libxl_create.c event_channels default, SECINITSID_DOMU (flask), the grant
 * version Arm supports.
 */
#define AG_MAXMEM_CONSTANT_KIB 1024u
#define AG_MAX_EVTCHN_PORT 1023u
#define AG_SSIDREF_DOMU 12u
#define AG_MAX_GRANT_VERSION 1u  /* what an Arm host without gnttab v2 gives (physinfo decides) */
#define AG_RAND_SEED_SIZE 128u

/* Where armguest keeps one state file per domain it created. */
#define AG_RUN_DIR_DEFAULT "/run/armguest"

/* Everything decided before the first hypercall (pure). */
struct ag_create_plan {
	struct ag_domain_config cfg;   /* as passed to domain_create */
	uint64_t maxmem_kib;           /* xc_domain_setmaxmem: memory + 1 MiB */
	unsigned ram_mib;              /* xc_dom_mem_init: maxmem - videoram */
	uint64_t paging_bytes;         /* xc_set_paging_mempool_size */
	uint64_t callback_irq;         /* HVM_PARAM_CALLBACK_IRQ */
	bool grant_version_from_host;  /* cfg.max_grant_version: physinfo decides at create */
	const char *pool_name;         /* cfg.cpupool_id: this pool's id, looked up at create */
	bool set_sched;                /* cpu_weight or cap: set after the build */
	const uint32_t *llc_colors;    /* xc_domain_set_llc_colors (the guest's array) */
	size_t n_llc_colors;
};

/*
 * Check the guest can be created and compute the plan.  Errors are
 * diagnostics naming the key; returns 0 or -EINVAL.
 */
int ag_create_plan(const struct ag_guest *g, const struct ag_profile *p,
		   struct ag_create_plan *out, struct ag_diags *d);

struct ag_create_opts {
	bool paused;                   /* -p: leave the domain paused */
	const char *run_dir;           /* NULL: AG_RUN_DIR_DEFAULT */
	const char *dtb_out;           /* also write the finalised DTB here, or NULL */
	const char *target_version;    /* the Xen release this binary is for ("4.17") */
	const char *xl_lockfile;       /* xl's lock file (xl.conf's lockfile); NULL: /var/lock/xl */
	struct ag_timings *timings;    /* --timings: each plan step and stage, or NULL */
};

#define AG_STAGE_NAME_MAX 24

struct ag_create_result {
	uint32_t domid;                /* AG_DOMID_INVALID if no domain was made */
	bool destroyed;                /* a failure destroyed the domain */
	int signal;                    /* the signal that interrupted it (SIGINT ...), or 0 */
	char failed_stage[AG_STAGE_NAME_MAX]; /* "" on success */
	char msg[640];                 /* the error line (without "armguest: ") */

	/* On success (and as far as known on failure): */
	uint8_t uuid[AG_UUID_SIZE];
	enum ag_gic gic;               /* the vGIC Xen gave the domain */
	uint32_t clock_frequency;
	unsigned gpaddr_bits;
	bool xenstore;                 /* xenstore entries were written */
	uint32_t console_port, store_port, vuart_port;
	uint64_t console_gfn, store_gfn, vuart_gfn;
	struct ag_layout layout;       /* what libxenguest chose */
	size_t dtb_size;
};

/*
 * Create (and, unless opts->paused, unpause) the domain.  Returns 0, or a
 * negative errno with res->failed_stage and res->msg set:
 * "create: stage <name> failed: <reason>[; domain <id> destroyed]".
 * Warnings (e.g. a layout that differs from the prediction) are appended to d.
 */
int ag_create_domain(const struct ag_xenops *ops, const struct ag_guest *g,
		     const struct ag_profile *p, const struct ag_create_opts *opts,
		     struct ag_create_result *res, struct ag_diags *d);

/* The stage names, in order (for docs and tests); NULL-terminated. */
extern const char *const ag_create_stages[];

/* Canonical UUID text (36 chars + NUL). */
void ag_uuid_format(const uint8_t uuid[AG_UUID_SIZE], char out[37]);

#endif
