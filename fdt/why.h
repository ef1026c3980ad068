/* SPDX-License-Identifier: MIT */
/*
 * Provenance of the guest's tree: while ag_fdt_build writes a node or a
 * property, the writer says where it comes from (a config key, a profile
 * constant, the layout, a rule of libxl's, a host fact, the partial tree)
 * into the recorder the input points at.  `armguest explain' prints what
 * was recorded, so the explanation is the builder's own account and cannot
 * drift from what it writes.  No recorder (the normal case): nothing is
 * recorded and the bytes are the same.
 */
#ifndef AG_FDT_WHY_H
#define AG_FDT_WHY_H

#include <stdbool.h>
#include <stddef.h>

enum ag_why_kind {
	AG_WHY_KEY,      /* config keys (keys[]: the deciding one first) */
	AG_WHY_PROFILE,  /* profile constants (fields[]: platform/profile_cite.h cites them) */
	AG_WHY_LAYOUT,   /* filled by finalise from the layout (inputs: AG_WHY_IN_*) */
	AG_WHY_RULE,     /* written so by libxl whatever the config (rule) */
	AG_WHY_HOST,     /* a fact only the host knows (dtb's option in rule) */
	AG_WHY_PARTIAL,  /* copied from the partial device tree (device_tree=) */
};

/* The layout's inputs a AG_WHY_LAYOUT value depends on. */
enum {
	AG_WHY_IN_RAM = 1u << 0,      /* the RAM size (memory/maxmem, videoram) and its banks */
	AG_WHY_IN_KERNEL = 1u << 1,   /* the kernel's Image header (text_offset, image_size) */
	AG_WHY_IN_RAMDISK = 1u << 2,  /* the ramdisk's size */
	AG_WHY_IN_DTB = 1u << 3,      /* the tree's own size */
	AG_WHY_IN_GPADDR = 1u << 4,   /* the domain's IPA size (extended regions) */
	AG_WHY_IN_ACPI = 1u << 5,     /* the ACPI tables' length (vCPUs, vGIC) */
};

#define AG_WHY_MAX_KEYS 3
#define AG_WHY_MAX_FIELDS 4

/* What a writer says about one node (prop NULL) or property. */
struct ag_why_src {
	enum ag_why_kind kind;
	const char *keys[AG_WHY_MAX_KEYS];     /* config keys, NULL-terminated */
	size_t fields[AG_WHY_MAX_FIELDS];      /* AG_PROFILE_FIELD()s, 0-terminated */
	unsigned inputs;                       /* AG_WHY_IN_* */
	const char *rule;                      /* the rule, or how the value is made */
};

struct ag_why {
	char *node;          /* its path: "/cpus/cpu@0" */
	char *prop;          /* NULL: the node itself */
	struct ag_why_src src;
};

/* The recorder: entries in the order the builder wrote them. */
struct ag_fdt_why {
	struct ag_why *v;
	size_t n, cap;
	bool oom;            /* an entry could not be stored: the account is incomplete */
};

/* Forget every entry (the builder starts each attempt with this). */
void ag_why_reset(struct ag_fdt_why *w);
void ag_why_free(struct ag_fdt_why *w);
/*
 * Record one entry (node and prop are copied).  A NULL recorder records
 * nothing; running out of memory sets w->oom.
 */
void ag_why_add(struct ag_fdt_why *w, const char *node, const char *prop,
		const struct ag_why_src *src);

/* "key", "profile", "layout", "rule", "host", "partial" */
const char *ag_why_kind_name(enum ag_why_kind k);

#endif
