/* SPDX-License-Identifier: MIT */
/*
 * The known-key table: every top-level key xl reads (tools/xl/xl_parse.c:
 * parse_config_data, stable-4.17 and stable-4.20), and what armguest does
 * with each one for an Arm guest, per Xen release.  A key missing here is
 * unknown, and validation warns about it (a typo is the likely cause).
 *
 * No key is dropped in silence: each is honoured (in the tree, in domain
 * creation, or both), refused or warned about with the reason, or noted as
 * having no effect on Arm.  docs/keys.md is generated from this table
 * (tests/t-keys.sh fails when they disagree, and checks that each honoured
 * key changes the tree or the plan).
 */
#ifndef AG_KEYS_H
#define AG_KEYS_H

#include <stdbool.h>
#include <stddef.h>

enum ag_key_scope {
	AG_KEY_ANY,  /* meaningful on every architecture */
	AG_KEY_X86,  /* x86 only (HVM device model, x86 CPU features, ...) */
	AG_KEY_ARM,  /* Arm only */
};

/* The Xen releases armguest knows; a column of the table each. */
enum ag_release {
	AG_REL_417,
	AG_REL_420,
	AG_REL_N,
};

/* What armguest does with a key for an Arm guest of one release. */
enum ag_key_status {
	AG_KS_ABSENT,   /* this release's xl does not read it: added later (an error) */
	AG_KS_TREE,     /* honoured in the guest's device tree */
	AG_KS_CREATE,   /* honoured in domain creation */
	AG_KS_BOTH,     /* honoured in the tree and in creation */
	AG_KS_REFUSED,  /* an error, with the reason */
	AG_KS_WARNED,   /* a warning, with the reason */
	AG_KS_DEVICE,   /* devices without a back end in armguest: a warning from
			 * check and dtb, an error from create unless --without-devices */
	AG_KS_X86,      /* no effect on Arm: a note */
	AG_KS_PENDING,  /* read by this release, not implemented for it yet (an error) */
	AG_KS_N,
};

/* When a refusal or warning applies; other values are accepted silently. */
enum ag_key_when {
	AG_WHEN_SET,          /* whatever the value */
	AG_WHEN_FALSE,        /* a boolean 0 (`hap = 0') */
	AG_WHEN_TRUE,         /* a boolean 1 (`nestedhvm = 1') */
	AG_WHEN_NONZERO,      /* not 0 / "0" / "disabled" (`vmtrace_buf_kb') */
	AG_WHEN_OWNED,        /* a validator says it (`pvh': the type policy) */
};

struct ag_key_info {
	const char *name;
	enum ag_key_scope scope;  /* for an x86_64 target's notes */
	bool documented;          /* in xl.cfg(5) of 4.17; false: read by xl only */
	unsigned since;           /* minor release of Xen 4 whose xl first reads it (17: 4.17 or older) */
	enum ag_key_when when;
	enum ag_key_status status[AG_REL_N];
	/* honoured: where it goes; otherwise the reason given with the diagnostic */
	const char *why;
};

/* The entry for name, or NULL when no xl release armguest knows reads the key. */
const struct ag_key_info *ag_key_lookup(const char *name);

/* The column of Xen major.minor; 4.17 for 0.0 (no release given). -1 if unknown. */
int ag_release_index(unsigned major, unsigned minor);
/* "4.17", "4.20". */
const char *ag_release_name(enum ag_release r);
/* Short names for documentation and tests: "tree", "create", "refused", ... */
const char *ag_key_status_name(enum ag_key_status s);
/* Honoured (tree, create or both)? */
bool ag_key_status_honoured(enum ag_key_status s);
/* What the condition means, for documentation: "" for AG_WHEN_SET. */
const char *ag_key_when_text(const struct ag_key_info *k);

/*
 * The known key nearest to name (at most 2 edits away, for "did you
 * mean"), or NULL.  Names longer than AG_KEY_SUGGEST_MAX get no suggestion.
 */
#define AG_KEY_SUGGEST_MAX 40
const char *ag_key_suggest(const char *name);

struct xlcfg;
struct xlcfg_setting;

/*
 * The distinct keys of cfg in order of first appearance, each as its
 * winning (last) assignment: what libxlutil's look-ups see.  *out is an
 * allocated array of *n pointers into cfg (free it).  0 or -ENOMEM.
 * n log n in the number of assignments.
 */
int ag_keys_distinct(const struct xlcfg *cfg,
		     const struct xlcfg_setting ***out, size_t *n);

/* The whole table, sorted by name (for tests and documentation). */
size_t ag_key_count(void);
const struct ag_key_info *ag_key_at(size_t i);

/*
 * The dom0less table (keys_dom0less.c): what `armguest dom0less` does with
 * a key when the guest is a boot-time domain described under the host
 * tree's /chosen (docs/misc/arm/device-tree/booting.txt, "Creation of
 * DomUs", at the release branch).  Every key the main table honours or
 * calls a device has a row (tests/t-dom0less.sh checks); a key without a
 * row keeps the main table's diagnostic (a warning becomes an error under
 * --exact).
 */
enum ag_d0l_status {
	AG_D0L_MAPPED,   /* honoured: a property or module of the domain node */
	AG_D0L_NOTE,     /* nothing to write, nothing lost: a note */
	AG_D0L_LOST,     /* cannot be expressed: a warning (an error under --exact) */
	AG_D0L_REFUSED,  /* an error */
	AG_D0L_N,
};

/* When a LOST or REFUSED row applies; otherwise the key is accepted silently. */
enum ag_d0l_when {
	AG_D0L_IF_SET,          /* whatever the value */
	AG_D0L_IF_ACPI,         /* `acpi = 1' */
	AG_D0L_IF_VPMU,         /* `vpmu = 1' */
	AG_D0L_IF_TEE,          /* a TEE other than "none" */
	AG_D0L_IF_NOT_HOST_GIC, /* a vGIC version other than the host's */
	AG_D0L_IF_ABOVE_VCPUS,  /* more than `vcpus' */
};

struct ag_d0l_key {
	const char *name;
	enum ag_d0l_when when;
	enum ag_d0l_status status[AG_REL_N];
	const char *what;   /* mapped: the property; otherwise the reason */
};

/* The row for name, or NULL (the main table's diagnostic stands). */
const struct ag_d0l_key *ag_d0l_key_lookup(const char *name);
size_t ag_d0l_key_count(void);
const struct ag_d0l_key *ag_d0l_key_at(size_t i);
const char *ag_d0l_status_name(enum ag_d0l_status s);  /* "mapped", "note", "lost", "refused" */
const char *ag_d0l_when_text(enum ag_d0l_when w);      /* "" for AG_D0L_IF_SET */

#endif
