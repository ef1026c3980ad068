/* SPDX-License-Identifier: MIT */
/*
 * The domain commands' back end: naming domains (xenstore's name, else
 * armguest's state file), listing, and destroying them.  All through the
 * xenops seam; works with or without xenstored.
 */
#ifndef AG_DOMAINS_H
#define AG_DOMAINS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../common/err.h"
#include "state.h"
#include "xenops.h"

/* At most this many domains are listed (xl has no such bound; Xen has 32752). */
#define AG_LIST_MAX 1024

/*
 * The live state record of domid: 0, -ENOENT (none), -ESTALE (there was one
 * but it was malformed or the domain it describes is gone; the file has been
 * removed), or another negative errno when the file or the hypervisor could
 * not be read (the file is kept).
 */
int ag_domain_state(const struct ag_xenops *ops, const char *run_dir,
		    uint32_t domid, struct ag_state *out);

/* The name of domid: xenstore's, else the state file's; -ENOENT if none. */
int ag_domain_name(const struct ag_xenops *ops, const char *run_dir,
		   uint32_t domid, char *buf, size_t len);

/*
 * "DOM" (a domid or a name) to a domid of an existing domain.  Returns 0,
 * -ESRCH (no such domain), or -ENOTUNIQ (several domains have that name),
 * with err filled.
 */
int ag_domain_lookup(const struct ag_xenops *ops, const char *run_dir,
		     const char *spec, uint32_t *domid, struct ag_err *err);

/* Is a live domain called name?  0 and *domid if so, else -ESRCH. */
int ag_domain_find_name(const struct ag_xenops *ops, const char *run_dir,
			const char *name, uint32_t *domid);

/*
 * Destroy domid as xl does, then remove what armguest and libxl recorded
 * about it: the xenstore paths (/local/domain/N, /vm/<uuid>, /libxl/N and
 * the console back ends) and the state file.  Returns 0 or -errno with err filled.
 */
int ag_domain_destroy(const struct ag_xenops *ops, const char *run_dir,
		      uint32_t domid, struct ag_err *err);

/*
 * Give domid another name, in xenstore (/local/domain/N/name and its /vm
 * entry) and in its state record, as xl's rename-restart does before the
 * restart (tools/xl/xl_vmcontrol.c: preserve_domain, stable-4.17).
 * Returns 0 or -errno with err filled.
 */
int ag_domain_rename(const struct ag_xenops *ops, const char *run_dir, uint32_t domid,
		     const char *new_name, struct ag_err *err);

/*
 * Print xl's table (Name, ID, Mem, VCPUs, State, Time(s)), after removing
 * the state files of domains that no longer exist.  Returns 0 or -errno.
 */
int ag_domain_list(const struct ag_xenops *ops, const char *run_dir, FILE *out);

/* xl's six state letters: r b p s c d, '-' where not set. */
void ag_dominfo_state(const struct ag_dominfo *info, char out[7]);

#endif
