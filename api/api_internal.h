/* SPDX-License-Identifier: MIT */
/*
 * What the public handles (include/armguest/) hold, shared by the two
 * libraries' entry points: api.c (libarmguest) and api_xen.c
 * (libarmguest-xen).  Only functions marked AG_EXPORT and listed in
 * api/libarmguest*.map are visible outside the libraries.
 */
#ifndef AG_API_INTERNAL_H
#define AG_API_INTERNAL_H

#include <armguest/armguest.h>

#include "../common/diag.h"
#include "../platform/profile.h"
#include "../xl-parse/guest.h"
#include "../xl-parse/xlcfg.h"

/* The libraries are compiled with -fvisibility=hidden: this marks the API. */
#define AG_EXPORT __attribute__((visibility("default")))

struct armguest_diags {
	struct ag_diags d;
};

struct armguest_config {
	struct xlcfg *cfg;
	char *dir;                    /* relative paths are taken from here; NULL: cwd */
};

struct armguest_guest {
	struct ag_guest g;
	const struct ag_profile *p;   /* the release it was resolved for */
};

/* The internal list behind d, or a scratch one when the caller passed NULL. */
static inline struct ag_diags *ag_api_diags(armguest_diags *d, struct ag_diags *scratch)
{
	if (d)
		return &d->d;
	ag_diags_init(scratch);
	return scratch;
}

#endif
