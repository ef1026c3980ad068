/* SPDX-License-Identifier: MIT */
/*
 * Where the profile's values of a guest's tree come from: for each field of
 * struct ag_profile that the tree or the memory map is made of, the Xen
 * source file and the macro (or function) it mirrors.  One table for every
 * release: the macros are the same in each release's headers, only their
 * values (profile_4xx.c) may differ, so the file is cited at the profile's
 * release branch.  `armguest explain' prints these; the profile tables keep
 * only the values.
 */
#ifndef AG_PROFILE_CITE_H
#define AG_PROFILE_CITE_H

#include <stddef.h>

#include "profile.h"

/* A field of struct ag_profile, as a non-zero number (0 = no field). */
#define AG_PROFILE_FIELD(f) (offsetof(struct ag_profile, f) + 1)

struct ag_profile_cite {
	size_t field;        /* AG_PROFILE_FIELD(...) */
	const char *name;    /* the field's name: "gicv3_dist" */
	const char *file;    /* "xen/include/public/arch-arm.h" */
	const char *macro;   /* "GUEST_GICV3_GICD_BASE, GUEST_GICV3_GICD_SIZE" */
};

/* The citation of a field, or NULL when the table has none (a test checks it has). */
const struct ag_profile_cite *ag_profile_cite(size_t field);
size_t ag_profile_cite_count(void);
const struct ag_profile_cite *ag_profile_cite_at(size_t i);

#endif
