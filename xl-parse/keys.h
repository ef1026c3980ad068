/* SPDX-License-Identifier: MIT */
/*
 * The keys Xen 4.17's xl knows: every top-level key xl.cfg(5) of 4.17
 * documents, plus the few that xl 4.17 reads without documenting them.
 * A key missing here is unknown, and validation warns about it (as a typo
 * is the likely cause); a known key meaningful on one architecture only
 * gets a note on the other.
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

struct ag_key_info {
	const char *name;
	enum ag_key_scope scope;
	bool documented;  /* in xl.cfg(5) of 4.17; false: read by xl 4.17 only */
};

/* The entry for name, or NULL when xl 4.17 does not know the key. */
const struct ag_key_info *ag_key_lookup(const char *name);

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

#endif
